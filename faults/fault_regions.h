/*-------------------------------------------------------------------------
 * fault_regions.h
 *	  Named shared structures that the "corrupt" action may scribble on.
 *
 * Role: each module that owns a corruptible shared structure registers it
 * from its shmem init function (in the postmaster; children inherit the
 * registry through fork, the mapping address is the same).  The corrupt
 * action picks one element of the target with the seeded PRNG and writes
 * seeded bytes at a seeded offset inside [scribble_from, scribble_to) of
 * that element, the part of the structure its owner validates (magic
 * numbers, page headers and line pointers), so that a scribble is
 * detectable where the structure is next used.
 *
 * Release builds: registration is a no-op.
 *-------------------------------------------------------------------------
 */
#ifndef FAULT_REGIONS_H
#define FAULT_REGIONS_H

#include <stddef.h>

#include "faults/fault_policy.h"

void		fault_register_region(FaultTarget target, void *base, size_t elem_size,
								  int n_elems, size_t scribble_from, size_t scribble_to);

/* For the corrupt action: element base and the byte range, or NULL. */
void	   *fault_region_pick(FaultTarget target, uint64_t draw, size_t *from, size_t *to,
							  int *elem_out);

#endif							/* FAULT_REGIONS_H */
