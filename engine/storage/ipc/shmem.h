/*-------------------------------------------------------------------------
 * shmem.h
 *	  The one shared-memory segment: creation, layout, and the directory of
 *	  named areas inside it.
 *
 * Role: the postmaster creates the segment (anonymous MAP_SHARED mmap)
 * before forking anything; every child inherits the mapping at the same
 * address.  After a crash the postmaster unmaps it and creates a fresh one
 * with a new generation number; it never repairs the old one.
 *
 * Layout: a ShmemHeader, then each area of shmem_areas.c in that list's
 * order, each MAXALIGNed (cache-line aligned, in fact).  The header's
 * directory records every area's name, offset and size so tools (and the
 * fault framework's "corrupt" action) can find a structure by name.
 *
 * Invariants:
 *	- Sizes are computed once, from settings fixed at postmaster start; the
 *	  segment never grows.
 *	- Every area starts with, or is guarded by, a magic number checked by
 *	  its owner, so scribbles are detectable.
 *	- The postmaster writes shared memory only while creating it (and the
 *	  child-slot flags, see pmsignal.h); everything else is children's.
 *
 * See also: storage/ipc/shmem_areas.c (the ordered list of areas).
 *-------------------------------------------------------------------------
 */
#ifndef SHMEM_H
#define SHMEM_H

#include "common/minipg.h"

#define SHMEM_HEADER_MAGIC	0x6D696E69706753ULL	/* "minipgS" */
#define SHMEM_MAX_AREAS		32
#define SHMEM_ALIGN			64	/* cache line */

typedef struct ShmemAreaEntry
{
	char		name[48];
	size_t		offset;
	size_t		size;
} ShmemAreaEntry;

typedef struct ShmemHeader
{
	uint64_t	magic;
	uint64_t	generation;		/* 1 at first start, +1 per reinitialization */
	size_t		total_size;
	pid_t		postmaster_pid;
	int			n_areas;
	ShmemAreaEntry areas[SHMEM_MAX_AREAS];
} ShmemHeader;

/*
 * One area of the segment.  size() is called before the mapping exists;
 * init() is called by the postmaster on the freshly zeroed memory and must
 * set the owning module's pointer(s).  attach(), if present, is called in
 * each child after fork (the pointers are inherited, so usually NULL).
 */
typedef struct ShmemAreaSpec
{
	const char *name;
	size_t		(*size) (void);
	void		(*init) (void *mem, size_t size);
} ShmemAreaSpec;

extern ShmemHeader *shmem_header;

/* Postmaster: create, zero and initialize a new segment. */
void		shmem_create(uint64_t generation);
/* Postmaster: unmap the segment (after every child has exited). */
void		shmem_destroy(void);
/* Find an area by name (NULL when absent). */
void	   *shmem_find_area(const char *name, size_t *size_out);
/* Total size the current settings need (for messages and minipg_ctl). */
size_t		shmem_total_size(void);

/* Helper for area size arithmetic: a + b with overflow check (FATAL). */
size_t		shmem_add_size(size_t a, size_t b);
size_t		shmem_mul_size(size_t a, size_t b);

#endif							/* SHMEM_H */
