/*-------------------------------------------------------------------------
 * extsort.c
 *	  External merge sort over opaque contiguous items (see extsort.h).
 *
 * States:
 *	LOADING   items accumulate in item_cxt / items[]; when their memory
 *	          passes the limit they are sorted and written as a run;
 *	SORTED    (never spilled) items[] sorted in memory, read by position;
 *	MERGING   every run is a temporary file of records
 *	          [uint32 length][item bytes, pointers as offsets]; a binary
 *	          heap of run readers ordered by their current item yields
 *	          the next item.
 *
 * Invariants:
 *	- In LOADING, memory(item_cxt) + the pointer array stay under the
 *	  limit after every put (one item may exceed it alone: then it is a
 *	  run of one).
 *	- In MERGING, nruns <= fan_in, and heap[0..nheap) holds exactly the
 *	  readers that still have a current item.
 *-------------------------------------------------------------------------
 */
#include "utils/extsort.h"

#include <stdlib.h>

#include "storage/file/tempfile.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

typedef enum
{
	ES_LOADING,
	ES_SORTED,
	ES_MERGING,
} ExtSortPhase;

typedef struct RunReader
{
	TempFile   *file;
	char	   *item;			/* cap bytes in the sorter's context */
	size_t		cap;
} RunReader;

struct ExtSort
{
	const ExtSortMethods *m;
	void	   *arg;
	size_t		limit_bytes;
	ExtSortPhase phase;
	MemoryContext cxt;			/* this struct's arrays */
	MemoryContext item_cxt;		/* the items while loading */
	void	  **items;
	int64_t		nitems;
	int64_t		cap;
	int64_t		pos;			/* SORTED: next item */
	TempFile  **runs;
	int			nruns;
	int			runs_cap;
	int			fan_in;
	RunReader  *readers;		/* MERGING: one per run being merged */
	int			nreaders;
	int		   *heap;			/* reader indexes, min-heap by current item */
	int			nheap;
	int			last;			/* reader whose item was returned last, or -1 */
	char	   *scratch;		/* write buffer for one item */
	size_t		scratch_cap;
	ExtSortStats stats;
	uint32_t	ncompares;
};

static int
compare_ptrs(const void *a, const void *b, void *arg)
{
	ExtSort    *es = arg;

	if ((++es->ncompares & 0xFFFF) == 0)
		CHECK_FOR_INTERRUPTS();
	return es->m->compare(*(void *const *) a, *(void *const *) b, es->arg);
}

ExtSort *
extsort_begin(const ExtSortMethods *methods, void *arg, size_t limit_bytes, MemoryContext parent)
{
	MemoryContext cxt = memctx_create(parent, "external sort");
	ExtSort    *es = memctx_alloc_zero(cxt, sizeof(ExtSort));

	es->m = methods;
	es->arg = arg;
	es->limit_bytes = Max(limit_bytes, (size_t) 64 * 1024);
	es->cxt = cxt;
	es->item_cxt = memctx_create(cxt, "sort items");
	es->phase = ES_LOADING;
	es->fan_in = (int) Max((size_t) 2, es->limit_bytes / (2 * BLCKSZ));
	es->last = -1;
	return es;
}

MemoryContext
extsort_item_cxt(ExtSort *es)
{
	return es->item_cxt;
}

static size_t
loaded_bytes(ExtSort *es)
{
	return memctx_bytes(es->item_cxt, true) + (size_t) es->cap * sizeof(void *);
}

static void
ensure_scratch(ExtSort *es, size_t size)
{
	if (size <= es->scratch_cap)
		return;
	if (es->scratch != NULL)
		pfree(es->scratch);
	es->scratch = NULL;
	es->scratch_cap = Max(size, (size_t) 1024);
	es->scratch = memctx_alloc(es->cxt, es->scratch_cap);
}

/* Append one item (as it is in memory) to a run file. */
static void
write_item(ExtSort *es, TempFile *tf, const void *item)
{
	size_t		size = es->m->item_size(item, es->arg);
	uint32_t	len = (uint32_t) size;

	ensure_scratch(es, size);
	memcpy(es->scratch, item, size);
	if (es->m->to_disk)
		es->m->to_disk(es->scratch, item, es->arg);
	tempfile_write(tf, &len, sizeof(len));
	tempfile_write(tf, es->scratch, size);
}

static void
add_run(ExtSort *es, TempFile *tf)
{
	if (es->nruns == es->runs_cap)
	{
		int			ncap = es->runs_cap ? es->runs_cap * 2 : 16;
		TempFile  **n = memctx_alloc_zero(es->cxt, sizeof(TempFile *) * (size_t) ncap);

		if (es->nruns > 0)
			memcpy(n, es->runs, sizeof(TempFile *) * (size_t) es->nruns);
		es->runs = n;
		es->runs_cap = ncap;
	}
	es->runs[es->nruns++] = tf;
}

/* Sort what is loaded and write it as a new run; empties the memory. */
static void
dump_run(ExtSort *es)
{
	TempFile   *tf;

	if (es->nitems == 0)
		return;
	if (es->nitems > 1)
		qsort_r(es->items, (size_t) es->nitems, sizeof(void *), compare_ptrs, es);
	tf = tempfile_create();
	add_run(es, tf);
	for (int64_t i = 0; i < es->nitems; i++)
	{
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		write_item(es, tf, es->items[i]);
	}
	es->stats.disk_kb += tempfile_size(tf) / 1024;
	es->stats.nruns++;
	es->stats.spilled = true;
	memctx_reset(es->item_cxt);
	es->nitems = 0;
}

void
extsort_put(ExtSort *es, void *item)
{
	size_t		used;

	Assert(es->phase == ES_LOADING);
	if (es->nitems == es->cap)
	{
		int64_t		ncap = es->cap ? es->cap * 2 : 1024;

		if ((size_t) ncap * sizeof(void *) > MaxAllocSize)
			ncap = (int64_t) (MaxAllocSize / sizeof(void *));
		if (ncap <= es->nitems)
			dump_run(es);
		else
		{
			es->items = es->items ? repalloc(es->items, sizeof(void *) * (size_t) ncap)
				: memctx_alloc(es->cxt, sizeof(void *) * (size_t) ncap);
			es->cap = ncap;
		}
	}
	es->items[es->nitems++] = item;
	used = loaded_bytes(es);
	if (used > es->stats.memory_kb * 1024)
		es->stats.memory_kb = (used + 1023) / 1024;
	if (used > es->limit_bytes)
		dump_run(es);
}

/* ---- merging ---- */

/* Load the reader's next item; false at the end of its run. */
static bool
reader_advance(ExtSort *es, RunReader *r)
{
	uint32_t	len;
	size_t		got = tempfile_read(r->file, &len, sizeof(len));

	if (got == 0)
		return false;
	if (got != sizeof(len))
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("unexpected end of temporary file \"%s\"", tempfile_path(r->file)));
	if (len > r->cap)
	{
		if (r->item != NULL)
			pfree(r->item);
		r->item = NULL;
		r->cap = Max((size_t) len, (size_t) 256);
		r->item = memctx_alloc(es->cxt, r->cap);
	}
	if (tempfile_read(r->file, r->item, len) != len)
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("unexpected end of temporary file \"%s\"", tempfile_path(r->file)));
	if (es->m->from_disk)
		es->m->from_disk(r->item, es->arg);
	return true;
}

static bool
heap_less(ExtSort *es, int a, int b)
{
	return es->m->compare(es->readers[es->heap[a]].item, es->readers[es->heap[b]].item,
						  es->arg) < 0;
}

static void
sift_down(ExtSort *es, int i)
{
	for (;;)
	{
		int			l = 2 * i + 1;
		int			r = l + 1;
		int			m = i;

		if (l < es->nheap && heap_less(es, l, m))
			m = l;
		if (r < es->nheap && heap_less(es, r, m))
			m = r;
		if (m == i)
			return;
		int			t = es->heap[i];

		es->heap[i] = es->heap[m];
		es->heap[m] = t;
		i = m;
	}
}

static void
free_readers(ExtSort *es)
{
	if (es->readers == NULL)
		return;
	for (int i = 0; i < es->nreaders; i++)
		if (es->readers[i].item != NULL)
			pfree(es->readers[i].item);
	pfree(es->readers);
	pfree(es->heap);
	es->readers = NULL;
	es->heap = NULL;
	es->nheap = 0;
}

/* Open readers on runs[first .. first+n) and build the heap. */
static void
start_merge(ExtSort *es, int first, int n)
{
	free_readers(es);
	es->readers = memctx_alloc_zero(es->cxt, sizeof(RunReader) * (size_t) Max(n, 1));
	es->heap = memctx_alloc(es->cxt, sizeof(int) * (size_t) Max(n, 1));
	es->nreaders = n;
	es->nheap = 0;
	es->last = -1;
	for (int i = 0; i < n; i++)
	{
		es->readers[i].file = es->runs[first + i];
		tempfile_rewind(es->readers[i].file);
		if (reader_advance(es, &es->readers[i]))
			es->heap[es->nheap++] = i;
	}
	for (int i = es->nheap / 2 - 1; i >= 0; i--)
		sift_down(es, i);
}

static void *
merge_next(ExtSort *es)
{
	if (es->last >= 0)
	{
		/* the item returned last is consumed now: advance its reader */
		if (reader_advance(es, &es->readers[es->last]))
			sift_down(es, 0);
		else
		{
			es->heap[0] = es->heap[--es->nheap];
			if (es->nheap > 0)
				sift_down(es, 0);
		}
		es->last = -1;
	}
	if (es->nheap == 0)
		return NULL;
	es->last = es->heap[0];
	return es->readers[es->last].item;
}

/*
 * Merge the first fan_in runs into one new run at the end, until at most
 * fan_in runs remain.  Each pass reads and writes fan_in runs' bytes once.
 */
static void
reduce_runs(ExtSort *es)
{
	while (es->nruns > es->fan_in)
	{
		int			n = es->fan_in;
		TempFile   *out = tempfile_create();
		void	   *item;
		int64_t		count = 0;

		start_merge(es, 0, n);
		while ((item = merge_next(es)) != NULL)
		{
			if ((++count & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			write_item(es, out, item);
		}
		free_readers(es);
		for (int i = 0; i < n; i++)
			tempfile_close(es->runs[i]);
		memmove(es->runs, es->runs + n, sizeof(TempFile *) * (size_t) (es->nruns - n));
		es->nruns -= n;
		add_run(es, out);
		es->stats.merge_passes++;
	}
}

void
extsort_finish(ExtSort *es)
{
	Assert(es->phase == ES_LOADING);
	if (es->nruns == 0)
	{
		if (es->nitems > 1)
			qsort_r(es->items, (size_t) es->nitems, sizeof(void *), compare_ptrs, es);
		es->phase = ES_SORTED;
		es->pos = 0;
		return;
	}
	dump_run(es);
	if (es->items != NULL)
	{
		pfree(es->items);
		es->items = NULL;
		es->cap = 0;
	}
	reduce_runs(es);
	es->phase = ES_MERGING;
	start_merge(es, 0, es->nruns);
}

void *
extsort_next(ExtSort *es)
{
	if (es->phase == ES_SORTED)
		return es->pos < es->nitems ? es->items[es->pos++] : NULL;
	Assert(es->phase == ES_MERGING);
	return merge_next(es);
}

void
extsort_rewind(ExtSort *es)
{
	if (es->phase == ES_SORTED)
		es->pos = 0;
	else if (es->phase == ES_MERGING)
		start_merge(es, 0, es->nruns);
}

void
extsort_stats(const ExtSort *es, ExtSortStats *out)
{
	*out = es->stats;
}

void
extsort_end(ExtSort *es)
{
	free_readers(es);
	for (int i = 0; i < es->nruns; i++)
		tempfile_close(es->runs[i]);
	es->nruns = 0;
	memctx_delete(es->cxt);
}
