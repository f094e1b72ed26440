/*-------------------------------------------------------------------------
 * nbtbuild.c
 *	  CREATE INDEX: feed the heap's entries into a build spool.
 *
 * The heap decides which tuple versions an index must contain and which
 * TID each entry points to (the HOT chain root); it calls back here for
 * each one (heap_index_build_scan).  Only live versions take part in the
 * uniqueness check; versions that are dead but may still be visible to
 * some snapshot are indexed without it, as PostgreSQL does.
 *
 * Kept apart from nbtsort.c so that the sort-and-build part links (and is
 * tested) without the heap.
 *
 * Entry point: btree_build.
 *-------------------------------------------------------------------------
 */
#include "access/heap/heapam.h"
#include "access/nbtree/nbtree_int.h"
#include "utils/elog.h"

typedef struct BuildScanState
{
	Relation	heap;
	Relation	index;
	BTBuildSpool spool;
} BuildScanState;

static void
build_callback(HeapTuple tup, ItemPointer root_tid, bool is_live, void *arg)
{
	BuildScanState *st = arg;
	const IndexInfo *ii = st->index->rd_index;
	Datum		values[INDEX_MAX_KEYS];
	bool		isnull[INDEX_MAX_KEYS];

	for (int k = 0; k < ii->nkeys; k++)
		values[k] = heap_getattr(tup, ii->keys[k], st->heap->rd_att, &isnull[k]);
	btree_spool_add(st->spool, values, isnull, root_tid, is_live);
}

/*
 * Build index from the current contents of heap.  Precondition: the
 * index's file is empty (or holds an empty index), and nobody else uses
 * the index yet.  Errors: 23505 on duplicates in a unique index; a
 * temporary-file I/O error when the entries, past maintenance_work_mem,
 * are sorted on disk.
 */
void
btree_build(Relation heap, Relation index)
{
	BuildScanState st;

	if (index->rd_index == NULL || index->rd_index->nkeys != index->rd_att->natts)
		elog(ERROR, "index \"%s\" has no usable key definition", index->rd_name);
	st.heap = heap;
	st.index = index;
	st.spool = btree_spool_begin(index);
	(void) heap_index_build_scan(heap, build_callback, &st);
	btree_spool_finish(st.spool);
}
