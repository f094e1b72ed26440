/*-------------------------------------------------------------------------
 * extsort.h
 *	  A sort bounded by a memory limit: quicksort in memory while the items
 *	  fit, else sorted runs in temporary files merged on read (external
 *	  merge sort).  Used by the executor's Sort node and CREATE INDEX.
 *
 * Items are opaque to the sorter, with three rules the caller keeps:
 *	- each item is one contiguous chunk allocated in extsort_item_cxt()
 *	  (its size given by methods->item_size), so it can be written as is;
 *	- pointers inside an item point into the same chunk; to_disk turns
 *	  them into offsets from orig in copy, a byte copy of orig about to
 *	  be written (copy's pointers still point into orig), from_disk turns
 *	  them back after reading (either may be NULL when there are none);
 *	- an item handed to extsort_put belongs to the sorter: it may be
 *	  written out and freed at any later put.
 *
 * Memory: the item context plus the item-pointer array are kept under
 * limit_bytes; past it they are sorted and written as one run, and the
 * context is reset.  Merging reads every run through one BLCKSZ buffer
 * plus one item buffer; at most limit_bytes / (2 * BLCKSZ) runs (at least
 * 2) are merged at once, so with more runs than that, earlier runs are
 * merged into longer ones first (several passes).
 *
 * Errors: I/O failures are ERRORs from tempfile.h; every file is closed
 * by extsort_end, or by tempfile_close_all at transaction end when an
 * ERROR skipped it.
 *-------------------------------------------------------------------------
 */
#ifndef EXTSORT_H
#define EXTSORT_H

#include "utils/memctx.h"

typedef struct ExtSortMethods
{
	int			(*compare) (const void *a, const void *b, void *arg);
	size_t		(*item_size) (const void *item, void *arg);
	void		(*to_disk) (void *copy, const void *orig, void *arg);
	void		(*from_disk) (void *item, void *arg);
} ExtSortMethods;

typedef struct ExtSort ExtSort;

typedef struct ExtSortStats
{
	bool		spilled;		/* external merge (else quicksort in memory) */
	uint64_t	memory_kb;		/* peak bytes of memory holding items */
	uint64_t	disk_kb;		/* bytes of the initial runs */
	int			nruns;			/* initial runs written */
	int			merge_passes;	/* intermediate merges before the final one */
} ExtSortStats;

ExtSort    *extsort_begin(const ExtSortMethods *methods, void *arg, size_t limit_bytes,
						  MemoryContext parent);
MemoryContext extsort_item_cxt(ExtSort *es);
void		extsort_put(ExtSort *es, void *item);
/* No more items: sort (or write the last run and prepare the merge). */
void		extsort_finish(ExtSort *es);
/* Next item in order, or NULL.  Valid until the next call. */
void	   *extsort_next(ExtSort *es);
/* Read the sorted items again from the first. */
void		extsort_rewind(ExtSort *es);
void		extsort_stats(const ExtSort *es, ExtSortStats *out);
/* Close the files and free everything. */
void		extsort_end(ExtSort *es);

#endif							/* EXTSORT_H */
