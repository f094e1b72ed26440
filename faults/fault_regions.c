/*-------------------------------------------------------------------------
 * fault_regions.c
 *	  The registry of corruptible shared structures (see fault_regions.h).
 *
 * Invariant: entries are written only by the postmaster while it creates
 * shared memory (before any child exists), so children read an immutable
 * copy; a re-created segment re-registers every region.
 *-------------------------------------------------------------------------
 */
#include "faults/fault_regions.h"

typedef struct FaultRegion
{
	char	   *base;
	size_t		elem_size;
	int			n_elems;
	size_t		from;
	size_t		to;
} FaultRegion;

static FaultRegion regions[FAULT_NUM_TARGETS];

void
fault_register_region(FaultTarget target, void *base, size_t elem_size, int n_elems,
					  size_t scribble_from, size_t scribble_to)
{
#ifdef MINIPG_FAULTS
	if (target <= FAULT_TARGET_NONE || target >= FAULT_NUM_TARGETS)
		return;
	if (scribble_to > elem_size)
		scribble_to = elem_size;
	regions[target] = (FaultRegion) {base, elem_size, n_elems, scribble_from, scribble_to};
#else
	(void) target;
	(void) base;
	(void) elem_size;
	(void) n_elems;
	(void) scribble_from;
	(void) scribble_to;
#endif
}

void *
fault_region_pick(FaultTarget target, uint64_t draw, size_t *from, size_t *to, int *elem_out)
{
	FaultRegion *r;
	int			elem;

	if (target <= FAULT_TARGET_NONE || target >= FAULT_NUM_TARGETS)
		return NULL;
	r = &regions[target];
	if (r->base == NULL || r->n_elems <= 0 || r->to <= r->from)
		return NULL;
	elem = (int) (draw % (uint64_t) r->n_elems);
	*from = r->from;
	*to = r->to;
	*elem_out = elem;
	return r->base + (size_t) elem * r->elem_size;
}
