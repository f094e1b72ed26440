/*-------------------------------------------------------------------------
 * nbtutils.c
 *	  B-tree index tuples: forming leaf items and pivots, extracting key
 *	  columns with bounds checks, key comparison, and the key descriptions
 *	  used in error details.
 *
 * Invariants:
 *	- Tuple data is laid out like a small heap tuple: an 8-byte header, a
 *	  null bitmap when some key is NULL (data then starts MAXALIGNed after
 *	  it), then each non-NULL column aligned by attalign relative to the
 *	  tuple start (items start MAXALIGNed on the page).
 *	- Nothing read from a page is trusted: bt_deform checks every length
 *	  and offset against the tuple's size and raises XX002 instead.
 *	- Ordering is the type's compare() per column, NULLS LAST, then the
 *	  heap TID: the same order everywhere (insert, scan, build, verify).
 *
 * Entry points: bt_index_init, bt_form_leaf, bt_make_pivot, bt_deform,
 * bt_compare, bt_tuple_compare, bt_describe_key.
 *
 * See also: nbtree_int.h (format), README.md.
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/nbtree_int.h"

#include <ctype.h>

#include "access/common/attvalue.h"
#include "sql/parser/parser.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

/* ---- index info ---- */

/*
 * Collect what comparisons and tuple layout need from the index's key
 * descriptor.  ERROR if a key type has no ordering.
 */
void
bt_index_init(BTIndex bi, Relation rel)
{
	TupleDesc	desc = rel->rd_att;

	if (desc == NULL || desc->natts < 1 || desc->natts > INDEX_MAX_KEYS)
		elog(ERROR, "index \"%s\" has an invalid number of key columns", rel->rd_name);
	bi->rel = rel;
	bi->natts = desc->natts;
	for (int i = 0; i < desc->natts; i++)
	{
		const Attribute *a = tupdesc_attr(desc, i);
		const TypeInfo *t = type_get(a->atttypid);
		BTAttInfo  *ai = &bi->att[i];

		if (t->compare == NULL)
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_OBJECT),
					errmsg("data type %s has no default operator class for access method \"btree\"",
						   t->sql_name));
		att_check_storage(a->attlen, a->attbyval, a->attnum);
		ai->typid = a->atttypid;
		ai->attlen = a->attlen;
		ai->attbyval = a->attbyval;
		ai->attalign = a->attalign;
		ai->compare = t->compare;
	}
}

pg_noreturn void
bt_corrupt(BTIndex bi, BlockNumber blkno)
{
	ereport(ERROR, errcode(ERRCODE_INDEX_CORRUPTED),
			errmsg("index \"%s\" contains corrupted page at block %u", bi->rel->rd_name, blkno));
	__builtin_unreachable();
}

/* ---- layout helpers ---- */

static size_t
bitmap_len(int natts)
{
	return (size_t) (natts + 7) / 8;
}

static size_t
data_start(int natts, bool has_nulls)
{
	return has_nulls ? MAXALIGN(sizeof(BTTupleHeader) + bitmap_len(natts)) : sizeof(BTTupleHeader);
}

/* ---- forming tuples ---- */

/*
 * Form a leaf item for (values, heap_tid) in CurrentMemoryContext.
 * ERROR 54000 if it is larger than BT_MAX_ITEM_SIZE.
 */
BTTuple
bt_form_leaf(BTIndex bi, const Datum *values, const bool *isnull, ItemPointer heap_tid,
			 const char *heap_name)
{
	bool		has_nulls = false;

	for (int i = 0; i < bi->natts; i++)
		has_nulls |= isnull[i];

	size_t		off = data_start(bi->natts, has_nulls);

	for (int i = 0; i < bi->natts; i++)
	{
		if (isnull[i])
			continue;
		off = att_align(bi->att[i].attalign, off);
		off += att_value_size(bi->att[i].attlen, values[i]);
		if (off > BT_MAX_ITEM_SIZE * 4)
			break;				/* hopeless; stop adding before overflowing */
	}
	if (off > BT_MAX_ITEM_SIZE)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("index row size %zu exceeds btree version %u maximum %zu for index \"%s\"",
					   off, (unsigned) BT_VERSION, (size_t) BT_MAX_ITEM_SIZE, bi->rel->rd_name),
				heap_name != NULL ?
				errdetail("Index row references tuple (%u,%u) in relation \"%s\".",
						  heap_tid->ip_blkid, heap_tid->ip_posid, heap_name) :
				errdetail("Index row references tuple (%u,%u).",
						  heap_tid->ip_blkid, heap_tid->ip_posid),
				errhint("Values larger than 1/3 of a buffer page cannot be indexed.\n"
						"Consider a function index of an MD5 hash of the value, or use full text indexing."));

	BTTuple		tup = palloc0(off);
	char	   *base = (char *) tup;
	uint8_t    *bitmap = (uint8_t *) (base + sizeof(BTTupleHeader));

	tup->t_blk = heap_tid->ip_blkid;
	tup->t_off = heap_tid->ip_posid;
	tup->t_info = (uint16_t) off | (has_nulls ? BT_INFO_HAS_NULLS : 0);
	off = data_start(bi->natts, has_nulls);
	for (int i = 0; i < bi->natts; i++)
	{
		if (isnull[i])
		{
			bitmap[i / 8] |= (uint8_t) (1 << (i % 8));
			continue;
		}
		const BTAttInfo *att = &bi->att[i];
		size_t		size = att_value_size(att->attlen, values[i]);

		off = att_align(att->attalign, off);
		att_store_value(base + off, att->attlen, att->attbyval, values[i], size);
		off += size;
	}
	return tup;
}

int
bt_tuple_natts(BTIndex bi, const BTTupleHeader *tup)
{
	return bt_tuple_is_pivot(tup) ? tup->t_off : bi->natts;
}

size_t
bt_pivot_size(BTIndex bi, BTTuple tup)
{
	if (bt_tuple_is_pivot(tup))
		return bt_tuple_size(tup);
	return bt_tuple_size(tup) + BT_PIVOT_TID_SIZE;
}

BTTuple
bt_copy_tuple(BTTuple tup)
{
	BTTuple		copy = palloc(bt_tuple_size(tup));

	memcpy(copy, tup, bt_tuple_size(tup));
	return copy;
}

/*
 * The pivot form of tup pointing to child (BT_NONE for a high key).  A
 * leaf item keeps its key data and moves its heap TID to the tiebreaker
 * trailer; a pivot is copied with the new child.
 */
BTTuple
bt_make_pivot(BTIndex bi, BTTuple tup, BlockNumber child)
{
	if (bt_tuple_is_pivot(tup))
	{
		BTTuple		copy = bt_copy_tuple(tup);

		copy->t_blk = child;
		return copy;
	}

	size_t		size = bt_tuple_size(tup);
	BTTuple		piv = palloc0(size + BT_PIVOT_TID_SIZE);
	uint32_t	blk = tup->t_blk;
	uint16_t	off = tup->t_off;

	memcpy(piv, tup, size);
	memcpy((char *) piv + size, &blk, sizeof(blk));
	memcpy((char *) piv + size + sizeof(blk), &off, sizeof(off));
	piv->t_blk = child;
	piv->t_off = (uint16_t) bi->natts;
	piv->t_info = (uint16_t) ((size + BT_PIVOT_TID_SIZE) | BT_INFO_PIVOT |
							  (tup->t_info & BT_INFO_HAS_NULLS));
	return piv;
}

BTTuple
bt_make_minus_infinity(BlockNumber child)
{
	BTTuple		piv = palloc0(sizeof(BTTupleHeader));

	piv->t_blk = child;
	piv->t_off = 0;
	piv->t_info = (uint16_t) (sizeof(BTTupleHeader) | BT_INFO_PIVOT);
	return piv;
}

bool
bt_tuple_heap_tid(const BTTupleHeader *tup, ItemPointer tid_out)
{
	if (!bt_tuple_is_pivot(tup))
	{
		ItemPointerSet(tid_out, tup->t_blk, tup->t_off);
		return true;
	}
	if (tup->t_off == 0)
		return false;

	const char *trailer = (const char *) tup + bt_tuple_size(tup) - BT_PIVOT_TID_SIZE;
	uint32_t	blk;
	uint16_t	off;

	memcpy(&blk, trailer, sizeof(blk));
	memcpy(&off, trailer + sizeof(blk), sizeof(off));
	ItemPointerSet(tid_out, blk, off);
	return true;
}

BlockNumber
bt_tuple_child(const BTTupleHeader *tup)
{
	return tup->t_blk;
}

void
bt_tuple_set_child(BTTuple tup, BlockNumber child)
{
	tup->t_blk = child;
}

/* ---- reading tuples ---- */

void
bt_deform(BTIndex bi, const BTTupleHeader *tup, int n, Datum *values, bool *isnull,
		  BlockNumber blkno)
{
	const char *base = (const char *) tup;
	size_t		size = bt_tuple_size(tup);
	bool		has_nulls = (tup->t_info & BT_INFO_HAS_NULLS) != 0;
	int			present = bt_tuple_natts(bi, tup);

	if (n > present)
		bt_corrupt(bi, blkno);

	size_t		end = size;

	if (bt_tuple_is_pivot(tup))
	{
		if (end < sizeof(BTTupleHeader) + BT_PIVOT_TID_SIZE)
			bt_corrupt(bi, blkno);
		end -= BT_PIVOT_TID_SIZE;
	}

	size_t		off = data_start(bi->natts, has_nulls);
	const uint8_t *bitmap = (const uint8_t *) (base + sizeof(BTTupleHeader));

	if (off > end)
		bt_corrupt(bi, blkno);
	for (int i = 0; i < n; i++)
	{
		isnull[i] = has_nulls && (bitmap[i / 8] & (1 << (i % 8))) != 0;
		values[i] = (Datum) 0;
		if (isnull[i])
			continue;
		const BTAttInfo *att = &bi->att[i];

		if (!att_fetch_value(base, &off, end, att->attlen, att->attbyval, att->attalign,
							 &values[i]))
			bt_corrupt(bi, blkno);
	}
}

/* ---- comparison ---- */

int
bt_compare_datum(const BTAttInfo *att, Datum a, bool anull, Datum b, bool bnull)
{
	if (anull || bnull)
		return (anull ? 1 : 0) - (bnull ? 1 : 0);	/* NULLS LAST */
	int			c = att->compare(a, b);

	return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int
bt_compare_tid(ItemPointer a, ItemPointer b)
{
	if (a->ip_blkid != b->ip_blkid)
		return a->ip_blkid < b->ip_blkid ? -1 : 1;
	if (a->ip_posid != b->ip_posid)
		return a->ip_posid < b->ip_posid ? -1 : 1;
	return 0;
}

static int
compare_key_tuple(BTIndex bi, const BTSearchKey *key, const BTTupleHeader *tup,
				  BlockNumber blkno, bool keys_only)
{
	Datum		values[INDEX_MAX_KEYS];
	bool		isnull[INDEX_MAX_KEYS];
	int			present = bt_tuple_natts(bi, tup);

	if (present == 0)
		return 1;				/* minus infinity */
	if (present != bi->natts)
		bt_corrupt(bi, blkno);
	bt_deform(bi, tup, key->nkeys, values, isnull, blkno);
	for (int i = 0; i < key->nkeys; i++)
	{
		int			c = bt_compare_datum(&bi->att[i], key->values[i], key->isnull[i],
										 values[i], isnull[i]);

		if (c != 0)
			return c;
	}
	if (keys_only)
		return 0;
	if (key->nkeys < bi->natts || !key->has_tid)
		return key->nextkey ? 1 : -1;

	ItemPointerData tid;

	if (!bt_tuple_heap_tid(tup, &tid))
		bt_corrupt(bi, blkno);
	return bt_compare_tid((ItemPointer) &key->tid, &tid);
}

int
bt_compare(BTIndex bi, const BTSearchKey *key, Page page, BlockNumber blkno, OffsetNumber off)
{
	return compare_key_tuple(bi, key, bt_page_tuple(bi, page, blkno, off), blkno, false);
}

int
bt_compare_keys_only(BTIndex bi, const BTSearchKey *key, const BTTupleHeader *tup,
					 BlockNumber blkno)
{
	return compare_key_tuple(bi, key, tup, blkno, true);
}

void
bt_key_from_tuple(BTIndex bi, const BTTupleHeader *tup, BTSearchKey *key, bool with_tid,
				  BlockNumber blkno)
{
	int			present = bt_tuple_natts(bi, tup);

	if (present != bi->natts)
		bt_corrupt(bi, blkno);
	memset(key, 0, sizeof(*key));
	key->nkeys = bi->natts;
	bt_deform(bi, tup, bi->natts, key->values, key->isnull, blkno);
	key->has_tid = with_tid && bt_tuple_heap_tid(tup, &key->tid);
	key->nextkey = false;
}

int
bt_tuple_compare(BTIndex bi, const BTTupleHeader *a, const BTTupleHeader *b, BlockNumber blkno)
{
	int			na = bt_tuple_natts(bi, a);
	int			nb = bt_tuple_natts(bi, b);

	if (na == 0 || nb == 0)
		return (na == 0 && nb == 0) ? 0 : (na == 0 ? -1 : 1);	/* minus infinity */

	BTSearchKey key;

	bt_key_from_tuple(bi, a, &key, true, blkno);
	if (!key.has_tid)
		bt_corrupt(bi, blkno);
	return compare_key_tuple(bi, &key, b, blkno, false);
}

/* ---- descriptions for error details ---- */

/* Append name, double-quoted when PostgreSQL's quote_identifier would. */
static void
append_identifier(StringBuf *buf, const char *name)
{
	bool		safe = name[0] != '\0' && (islower((unsigned char) name[0]) || name[0] == '_');

	for (const char *p = name; safe && *p; p++)
		safe = islower((unsigned char) *p) || isdigit((unsigned char) *p) || *p == '_';
	if (safe)
	{
		const ParserKeyword *kw = parser_keyword_lookup(name);

		safe = kw == NULL || kw->category == PARSER_KEYWORD_UNRESERVED;
	}
	if (safe)
	{
		strbuf_append(buf, name);
		return;
	}
	strbuf_append_char(buf, '"');
	for (const char *p = name; *p; p++)
	{
		if (*p == '"')
			strbuf_append_char(buf, '"');
		strbuf_append_char(buf, *p);
	}
	strbuf_append_char(buf, '"');
}

char *
bt_describe_key(BTIndex bi, const Datum *values, const bool *isnull)
{
	StringBuf	buf;
	TupleDesc	desc = bi->rel->rd_att;

	strbuf_init(&buf);
	strbuf_append_char(&buf, '(');
	for (int i = 0; i < bi->natts; i++)
	{
		if (i > 0)
			strbuf_append(&buf, ", ");
		append_identifier(&buf, tupdesc_attr(desc, i)->attname);
	}
	strbuf_append(&buf, ")=(");
	for (int i = 0; i < bi->natts; i++)
	{
		if (i > 0)
			strbuf_append(&buf, ", ");
		if (isnull[i])
			strbuf_append(&buf, "null");
		else
			strbuf_append(&buf, type_output(bi->att[i].typid, values[i]));
	}
	strbuf_append_char(&buf, ')');
	return buf.data;
}

char *
bt_describe_tuple(BTIndex bi, BTTuple tup)
{
	Datum		values[INDEX_MAX_KEYS];
	bool		isnull[INDEX_MAX_KEYS];

	bt_deform(bi, tup, bi->natts, values, isnull, InvalidBlockNumber);
	return bt_describe_key(bi, values, isnull);
}
