/*-------------------------------------------------------------------------
 * exec_hash.c
 *	  A chained hash table of rows, used by HashJoin (inner rows), hashed
 *	  Agg / DISTINCT / UNION (groups) and SetOp (INTERSECT/EXCEPT).
 *
 * Rows are copied into the table's own memory context; the bucket array
 * doubles when the load factor passes 1.  Keys are columns of the stored
 * rows (keycols); a lookup compares them with probe values of possibly
 * different integer widths (exec_values_equal).  NULL keys hash to 0 and
 * never compare equal: the callers decide how NULLs group (GROUP BY and
 * DISTINCT treat NULLs as equal, joins never match them).
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

RowHashTable *
rowhash_create(MemoryContext parent, int nkeys, const Oid *keytypes, const char *what)
{
	RowHashTable *ht = memctx_alloc_zero(parent, sizeof(RowHashTable));

	ht->cxt = memctx_create(parent, what);
	ht->nkeys = nkeys;
	ht->keytypes = memctx_alloc(parent, sizeof(Oid) * Max(nkeys, 1));
	memcpy(ht->keytypes, keytypes, sizeof(Oid) * nkeys);
	ht->what = what;
	ht->nbuckets = 1024;
	ht->buckets = memctx_alloc_zero(ht->cxt, sizeof(Row *) * ht->nbuckets);
	return ht;
}

uint32_t
rowhash_hash(RowHashTable *ht, const Datum *keys, const bool *nulls)
{
	return rowhash_hash_types(ht, keys, nulls, ht->keytypes);
}

uint32_t
rowhash_hash_types(RowHashTable *ht, const Datum *keys, const bool *nulls, const Oid *types)
{
	uint32_t	h = 0;

	for (int i = 0; i < ht->nkeys; i++)
	{
		uint32_t	k = nulls[i] ? 0 : exec_hash_value(types[i], keys[i]);

		h = (h << 5 | h >> 27) ^ k;
		h *= 0x9E3779B1u;
	}
	return h;
}

static void
rowhash_grow(RowHashTable *ht)
{
	uint32_t	newn = ht->nbuckets * 2;
	Row		  **nb;

	if ((size_t) newn * sizeof(Row *) > MaxAllocSize)
		return;
	nb = memctx_alloc_zero(ht->cxt, sizeof(Row *) * newn);
	for (uint32_t i = 0; i < ht->nbuckets; i++)
	{
		Row		   *r = ht->buckets[i];

		while (r)
		{
			Row		   *next = r->next;
			uint32_t	b = r->hash & (newn - 1);

			r->next = nb[b];
			nb[b] = r;
			r = next;
		}
	}
	pfree(ht->buckets);
	ht->buckets = nb;
	ht->nbuckets = newn;
}

Row *
rowhash_insert(RowHashTable *ht, uint32_t hash, TupleSlot *slot, const int16_t *typlens,
			   const bool *typbyvals)
{
	Row		   *row = row_copy(ht->cxt, slot, typlens, typbyvals);
	uint32_t	b = hash & (ht->nbuckets - 1);

	row->hash = hash;
	row->next = ht->buckets[b];
	ht->buckets[b] = row;
	ht->nrows++;
	if (ht->nrows > (int64_t) ht->nbuckets)
		rowhash_grow(ht);
	if ((ht->nrows & 1023) == 0)
	{
		exec_check_work_mem(ht->cxt, ht->what);
		CHECK_FOR_INTERRUPTS();
	}
	return row;
}

Row *
rowhash_lookup(RowHashTable *ht, uint32_t hash, const Datum *keys, const bool *nulls,
			   const int *keycols, const Oid *probetypes, Row *after)
{
	Row		   *r = after ? after->next : ht->buckets[hash & (ht->nbuckets - 1)];

	for (; r != NULL; r = r->next)
	{
		bool		match = true;

		if (r->hash != hash)
			continue;
		for (int i = 0; i < ht->nkeys && match; i++)
		{
			int			c = keycols[i] - 1;

			if (nulls[i] || r->isnull[c])
				match = nulls[i] && r->isnull[c] && probetypes == NULL;
			else
				match = exec_values_equal(ht->keytypes[i], r->values[c],
										  probetypes ? probetypes[i] : ht->keytypes[i], keys[i]);
		}
		if (match)
			return r;
	}
	return NULL;
}

void
rowhash_reset(RowHashTable *ht)
{
	memctx_reset(ht->cxt);
	ht->nbuckets = 1024;
	ht->buckets = memctx_alloc_zero(ht->cxt, sizeof(Row *) * ht->nbuckets);
	ht->nrows = 0;
}
