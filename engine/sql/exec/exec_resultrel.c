/*-------------------------------------------------------------------------
 * exec_resultrel.c
 *	  A table being written by INSERT/UPDATE/DELETE or COPY FROM: the
 *	  relation and its indexes, NOT NULL checks, and the insertion of a new
 *	  row version with its index entries.
 *
 * Index entries use heap_tid_liveness as the unique-check callback, so a
 * conflicting version being inserted or deleted by a running transaction
 * makes the inserter wait for it (nbtree.h), as PostgreSQL does.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "access/heap/heapam.h"
#include "access/nbtree/nbtree.h"
#include "sql/types/types.h"
#include "storage/lmgr/lock.h"
#include "utils/elog.h"
#include "utils/strbuf.h"

ResultRel *
resultrel_open(Oid relid)
{
	ResultRel  *rr = palloc0(sizeof(ResultRel));
	ListCell   *lc;
	int			i = 0;

	/* Writers hold RowExclusiveLock on the table and its indexes, as PG. */
	lock_relation(relid, RowExclusiveLock);
	rr->rel = relation_open(relid);
	rr->natts = rr->rel->rd_att->natts;
	rr->nindexes = list_length(rr->rel->rd_indexes);
	rr->indexes = palloc0(sizeof(Relation) * Max(rr->nindexes, 1));
	rr->indexed = palloc0(sizeof(bool) * Max(rr->natts, 1));
	foreach(lc, rr->rel->rd_indexes)
	{
		Relation	idx;

		lock_relation(lfirst_oid(lc), RowExclusiveLock);
		idx = relation_open(lfirst_oid(lc));

		rr->indexes[i++] = idx;
		if (idx->rd_index != NULL)
		{
			for (int k = 0; k < idx->rd_index->nkeys; k++)
				rr->indexed[idx->rd_index->keys[k] - 1] = true;
		}
	}
	return rr;
}

void
resultrel_close(ResultRel *rr)
{
	for (int i = 0; i < rr->nindexes; i++)
		relation_close(rr->indexes[i]);
	relation_close(rr->rel);
}

/* "(1, null, abc)" for the not-null DETAIL */
static char *
row_description(ResultRel *rr, const Datum *values, const bool *nulls)
{
	StringBuf	buf;
	int			n = 0;

	strbuf_init(&buf);
	strbuf_append_char(&buf, '(');
	for (int i = 0; i < rr->natts; i++)
	{
		Attribute  *att = tupdesc_attr(rr->rel->rd_att, i);

		if (att->attisdropped)
			continue;
		if (n++ > 0)
			strbuf_append(&buf, ", ");
		if (nulls[i])
			strbuf_append(&buf, "null");
		else
			strbuf_append(&buf, type_output(att->atttypid, values[i]));
	}
	strbuf_append_char(&buf, ')');
	return buf.data;
}

void
resultrel_check_not_null(ResultRel *rr, const Datum *values, const bool *nulls)
{
	for (int i = 0; i < rr->natts; i++)
	{
		Attribute  *att = tupdesc_attr(rr->rel->rd_att, i);

		if (att->attnotnull && !att->attisdropped && nulls[i])
			ereport(ERROR, errcode(ERRCODE_NOT_NULL_VIOLATION),
					errmsg("null value in column \"%s\" of relation \"%s\" violates not-null constraint",
						   att->attname, rr->rel->rd_name),
					errdetail("Failing row contains %s.", row_description(rr, values, nulls)));
	}
}

void
resultrel_insert_index_entries(ResultRel *rr, const Datum *values, const bool *nulls,
							   ItemPointer tid)
{
	for (int i = 0; i < rr->nindexes; i++)
	{
		IndexInfo  *ii = rr->indexes[i]->rd_index;
		Datum		keys[INDEX_MAX_KEYS];
		bool		keynulls[INDEX_MAX_KEYS];

		if (ii == NULL)
			continue;
		for (int k = 0; k < ii->nkeys; k++)
		{
			keys[k] = values[ii->keys[k] - 1];
			keynulls[k] = nulls[ii->keys[k] - 1];
		}
		btree_insert(rr->indexes[i], keys, keynulls, tid, rr->rel, heap_tid_liveness);
	}
}

void
resultrel_insert(ResultRel *rr, const Datum *values, const bool *nulls, CommandId cid)
{
	HeapTuple	tup;

	resultrel_check_not_null(rr, values, nulls);
	tup = heap_form_tuple(rr->rel->rd_att, values, nulls);
	heap_insert(rr->rel, tup, cid);
	resultrel_insert_index_entries(rr, values, nulls, &tup->t_self);
}
