/*-------------------------------------------------------------------------
 * nbtree_int.h
 *	  Private definitions shared by the B-tree files (nbt*.c).  Other
 *	  modules use nbtree.h only.
 *
 * On-disk format (byte by byte in README.md):
 *	block 0		metapage: one item, BTMetaPageData
 *	block 1..	tree pages: slotted pages (storage/page/page.h) whose special
 *				space is BTPageOpaqueData
 * On a page that has a right sibling, item 1 is the high key (BT_HIKEY)
 * and data items start at 2; on the rightmost page of a level data items
 * start at 1 (bt_first_data_offset()).  The first data item of an internal
 * page is a "minus infinity" downlink: its key is absent and compares
 * lower than everything.
 *
 * Index tuples (BTTupleHeader + optional null bitmap + key data):
 *	leaf item		header holds the heap TID; keys follow
 *	pivot tuple		BT_INFO_PIVOT: header holds the child block (internal
 *					items) or InvalidBlockNumber (high keys) and the number
 *					of key attributes present (0 or natts); when natts > 0
 *					the last 6 bytes are the heap TID tiebreaker
 * Keys compare column by column with the type's compare(); NULL sorts
 * after every value (NULLS LAST); equal keys compare by heap TID, so every
 * leaf item has a unique position and pivots separate duplicates.
 *
 * Invariants (checked by nbtverify.c):
 *	- items on a page are strictly increasing (key, heap TID);
 *	- every data item of a page is >= the high key of its left sibling and
 *	  < its own high key;
 *	- the downlinks of a level, read left to right, name the pages of the
 *	  level below in sibling order, except a page whose left sibling
 *	  carries BTP_INCOMPLETE_SPLIT (its downlink is not inserted yet);
 *	- a downlink's key equals the high key of the child's left sibling.
 *
 * See also: access/nbtree/README.md (rules and lock order), nbtree.h.
 *-------------------------------------------------------------------------
 */
#ifndef NBTREE_INT_H
#define NBTREE_INT_H

#include "access/nbtree/nbtree.h"
#include "storage/buffer/bufmgr.h"
#include "storage/page/page.h"

/* ---- page special space (16 bytes at the end of every page) ---- */

typedef struct BTPageOpaqueData
{
	BlockNumber btpo_prev;		/* left sibling, or BT_NONE if leftmost */
	BlockNumber btpo_next;		/* right sibling, or BT_NONE if rightmost */
	uint16_t	btpo_level;		/* 0 for leaves, parent = child + 1 */
	uint16_t	btpo_flags;		/* BTP_* */
	uint16_t	btpo_cycle;		/* bumped whenever items leave the page */
	uint16_t	btpo_magic;		/* BT_PAGE_MAGIC */
} BTPageOpaqueData;

typedef BTPageOpaqueData *BTPageOpaque;

StaticAssert(sizeof(BTPageOpaqueData) == 16, "btree special space must be 16 bytes");

#define BT_NONE				InvalidBlockNumber
#define BT_PAGE_MAGIC		0xB7E1
#define BT_SPECIAL_SIZE		MAXALIGN(sizeof(BTPageOpaqueData))

#define BTP_LEAF			0x0001	/* level 0 */
#define BTP_ROOT			0x0002	/* the root (the metapage points here) */
#define BTP_DELETED			0x0004	/* reserved: page deletion is not done */
#define BTP_META			0x0008	/* block 0 */
#define BTP_INCOMPLETE_SPLIT 0x0010 /* right sibling has no downlink yet */
#define BTP_VALID_FLAGS		0x001F

/* Deepest tree accepted (a deeper one is corrupt: 2^64 entries fit in 20). */
#define BT_MAX_LEVEL		64

/* ---- metapage (block 0, item 1) ---- */

typedef struct BTMetaPageData
{
	uint32_t	btm_magic;		/* BT_META_MAGIC */
	uint32_t	btm_version;	/* BT_VERSION */
	BlockNumber btm_root;		/* BT_NONE while the index is empty */
	uint32_t	btm_level;		/* level of the root */
	uint32_t	btm_natts;		/* key columns (sanity check) */
	uint32_t	btm_reserved;	/* zero */
} BTMetaPageData;

#define BT_METAPAGE			0
#define BT_META_MAGIC		0x4D504254	/* "TBPM" */
#define BT_VERSION			4

/* ---- index tuples ---- */

typedef struct BTTupleHeader
{
	uint32_t	t_blk;			/* leaf: heap block; pivot: child or BT_NONE */
	uint16_t	t_off;			/* leaf: heap offset; pivot: attributes present */
	uint16_t	t_info;			/* size and flags */
} BTTupleHeader;

typedef BTTupleHeader *BTTuple;

StaticAssert(sizeof(BTTupleHeader) == 8, "btree tuple header must be 8 bytes");

#define BT_INFO_SIZE_MASK	0x1FFF
#define BT_INFO_PIVOT		0x4000
#define BT_INFO_HAS_NULLS	0x8000
#define BT_INFO_VALID_BITS	(BT_INFO_SIZE_MASK | BT_INFO_PIVOT | BT_INFO_HAS_NULLS)
#define BT_PIVOT_TID_SIZE	6		/* heap TID tiebreaker at the end of a pivot */

/* Space one item of size bytes takes on a page (storage + line pointer). */
#define BT_ITEM_SPACE(size) (MAXALIGN(size) + sizeof(ItemIdData))
/* Bytes of a page available for items. */
#define BT_PAGE_CAPACITY	(BLCKSZ - SizeOfPageHeaderData - BT_SPECIAL_SIZE)
/* Largest pivot: three of them (with line pointers) fit on a page. */
#define BT_MAX_PIVOT_SIZE	((((BT_PAGE_CAPACITY / 3) - sizeof(ItemIdData)) / MAXIMUM_ALIGNOF) * MAXIMUM_ALIGNOF)
/* Largest leaf item (its pivot adds the heap TID, at most 8 aligned bytes). */
#define BT_MAX_ITEM_SIZE	(BT_MAX_PIVOT_SIZE - MAXIMUM_ALIGNOF)

/* Item 1 of a non-rightmost page is its high key. */
#define BT_HIKEY			((OffsetNumber) 1)

/* Fill factor of internal pages for rightmost splits and bottom-up builds. */
#define BT_NONLEAF_FILLFACTOR 70

/* ---- per-operation view of an index ---- */

typedef struct BTAttInfo
{
	Oid			typid;
	int16_t		attlen;
	bool		attbyval;
	char		attalign;
	int			(*compare) (Datum a, Datum b);
} BTAttInfo;

typedef struct BTIndexData
{
	Relation	rel;
	int			natts;
	BTAttInfo	att[INDEX_MAX_KEYS];
} BTIndexData;

typedef BTIndexData *BTIndex;

/*
 * A search key: the first nkeys key columns (values/isnull), optionally a
 * heap TID (only with nkeys == natts).  Columns beyond nkeys, and the TID
 * when absent, compare as minus infinity (nextkey false: find the first
 * item >= key) or plus infinity (nextkey true: the first item > key).
 */
typedef struct BTSearchKey
{
	int			nkeys;
	Datum		values[INDEX_MAX_KEYS];
	bool		isnull[INDEX_MAX_KEYS];
	bool		has_tid;
	ItemPointerData tid;
	bool		nextkey;
} BTSearchKey;

/* The path of a descent: one entry per internal page passed. */
typedef struct BTStackData
{
	BlockNumber bts_blkno;		/* the internal page */
	OffsetNumber bts_offset;	/* the downlink followed (a hint later) */
	struct BTStackData *bts_parent;
} BTStackData;

typedef BTStackData *BTStack;

typedef enum BTAccess
{
	BT_READ,
	BT_WRITE,
} BTAccess;

/* ---- nbtutils.c: index info, tuples, comparison ---- */

void		bt_index_init(BTIndex bi, Relation rel);
/* ERROR 54000 when larger than BT_MAX_ITEM_SIZE (heap_name for the detail, may be NULL). */
BTTuple		bt_form_leaf(BTIndex bi, const Datum *values, const bool *isnull, ItemPointer heap_tid,
						 const char *heap_name);
/* The pivot form of a leaf item or pivot (palloc'd), pointing to child. */
BTTuple		bt_make_pivot(BTIndex bi, BTTuple tup, BlockNumber child);
/* A pivot without key ("minus infinity"), pointing to child. */
BTTuple		bt_make_minus_infinity(BlockNumber child);
BTTuple		bt_copy_tuple(BTTuple tup);
size_t		bt_pivot_size(BTIndex bi, BTTuple tup);

static inline size_t
bt_tuple_size(const BTTupleHeader *tup)
{
	return tup->t_info & BT_INFO_SIZE_MASK;
}

static inline bool
bt_tuple_is_pivot(const BTTupleHeader *tup)
{
	return (tup->t_info & BT_INFO_PIVOT) != 0;
}

/* Key columns present: natts for leaf items, 0 or natts for pivots. */
int			bt_tuple_natts(BTIndex bi, const BTTupleHeader *tup);
/* Heap TID (leaf item) or tiebreaker (pivot with keys); false if none. */
bool		bt_tuple_heap_tid(const BTTupleHeader *tup, ItemPointer tid_out);
BlockNumber bt_tuple_child(const BTTupleHeader *tup);
void		bt_tuple_set_child(BTTuple tup, BlockNumber child);

/*
 * Extract the first n key columns.  By-reference values point into tup.
 * ERROR XX002 (naming blkno) if the tuple's data is malformed.
 */
void		bt_deform(BTIndex bi, const BTTupleHeader *tup, int n, Datum *values,
					  bool *isnull, BlockNumber blkno);
/* NULLS LAST comparison of one column. */
int			bt_compare_datum(const BTAttInfo *att, Datum a, bool anull, Datum b, bool bnull);
/* Compare key with the item at off of page (a checked access). */
int			bt_compare(BTIndex bi, const BTSearchKey *key, Page page, BlockNumber blkno,
					   OffsetNumber off);
/* Compare the key columns only (equal keys return 0 whatever the TIDs). */
int			bt_compare_keys_only(BTIndex bi, const BTSearchKey *key, const BTTupleHeader *tup,
								 BlockNumber blkno);
/* Full order of two tuples: keys, then heap TID; minus infinity first. */
int			bt_tuple_compare(BTIndex bi, const BTTupleHeader *a, const BTTupleHeader *b,
							 BlockNumber blkno);
/* A search key for tup's columns (and heap TID when with_tid). */
void		bt_key_from_tuple(BTIndex bi, const BTTupleHeader *tup, BTSearchKey *key,
							  bool with_tid, BlockNumber blkno);
int			bt_compare_tid(ItemPointer a, ItemPointer b);
/* "(col1, col2)=(v1, v2)" for error details (palloc'd). */
char	   *bt_describe_key(BTIndex bi, const Datum *values, const bool *isnull);
char	   *bt_describe_tuple(BTIndex bi, BTTuple tup);
/* Raise XX002 for the page at blkno. */
pg_noreturn void bt_corrupt(BTIndex bi, BlockNumber blkno);

/* ---- nbtpage.c: page access and page modifications ---- */

static inline BTPageOpaque
bt_opaque(Page page)
{
	return (BTPageOpaque) page_get_special(page);
}

static inline bool bt_is_leaf(BTPageOpaque o) { return (o->btpo_flags & BTP_LEAF) != 0; }
static inline bool bt_is_rightmost(BTPageOpaque o) { return o->btpo_next == BT_NONE; }
static inline bool bt_is_leftmost(BTPageOpaque o) { return o->btpo_prev == BT_NONE; }
static inline bool bt_is_root(BTPageOpaque o) { return (o->btpo_flags & BTP_ROOT) != 0; }
static inline bool bt_incomplete_split(BTPageOpaque o) { return (o->btpo_flags & BTP_INCOMPLETE_SPLIT) != 0; }

static inline OffsetNumber
bt_first_data_offset(BTPageOpaque o)
{
	return bt_is_rightmost(o) ? FirstOffsetNumber : (OffsetNumber) (BT_HIKEY + 1);
}

/* Check that page (block blkno) is a sane btree page; XX002 if not. */
void		bt_check_page(BTIndex bi, Page page, BlockNumber blkno);
/* The item at off, after checking its line pointer and length; XX002 if bad. */
BTTuple		bt_page_tuple(BTIndex bi, Page page, BlockNumber blkno, OffsetNumber off);

/* Pin and lock blkno, then check it.  The caller releases with bt_relbuf. */
Buffer		bt_getbuf(BTIndex bi, BlockNumber blkno, BTAccess access);
void		bt_relbuf(Buffer buf);
Buffer		bt_relandgetbuf(BTIndex bi, Buffer obuf, BlockNumber blkno, BTAccess access);
/* A new page at the end of the index, initialized, exclusive-locked. */
Buffer		bt_newbuf(BTIndex bi, uint16_t level, uint16_t flags);
/* Fresh page image with btree special space. */
void		bt_init_page(Page page, uint16_t level, uint16_t flags);

/* Metapage contents (copied out under a share lock). */
void		bt_read_meta(BTIndex bi, BTMetaPageData *meta);
void		bt_init_metapage(Page page, int natts);
BTMetaPageData *bt_meta_of(BTIndex bi, Page page);

/* Modifications: each changes one or two pages (see README.md, "WAL"). */
void		bt_page_insert_item(BTIndex bi, Buffer buf, BTTuple itup, OffsetNumber off,
								Buffer child_buf);
void		bt_page_delete_items(BTIndex bi, Buffer buf, const OffsetNumber *offs, int n);
void		bt_page_create_first_root(BTIndex bi, Buffer metabuf, Buffer rootbuf);
void		bt_page_set_meta_root(BTIndex bi, Buffer metabuf, BlockNumber root, uint32_t level);
void		bt_page_new_root(BTIndex bi, Buffer metabuf, Buffer rootbuf, Buffer lbuf,
							 BTTuple left_down, BTTuple right_down);
void		bt_page_apply_split(BTIndex bi, Buffer lbuf, Buffer rbuf, Buffer sbuf, Buffer child_buf,
								const char *left, const char *right);

/* ---- nbtsplit.c: page splits ---- */

/*
 * Split the page in buf (exclusive-locked) while inserting itup at off;
 * returns the new right page, exclusive-locked.  Clears the incomplete-split
 * flag of child_buf (if valid) in the same step and releases it.
 */
Buffer		bt_split(BTIndex bi, Buffer buf, BTTuple itup, OffsetNumber off, Buffer child_buf);

/* ---- nbtsearch.c: descent ---- */

/* Locate the root, creating an empty root leaf if create; InvalidBuffer if empty. */
Buffer		bt_getroot(BTIndex bi, BTAccess leaf_access, bool create);
/*
 * Descend to the leaf where key belongs, returning it locked in leaf_access
 * mode (internal pages are only read-locked, one at a time) and the stack
 * of internal pages passed.  for_insert: finish incomplete splits met on
 * the way.  *bufp is InvalidBuffer for an empty index (when !for_insert).
 */
BTStack		bt_search(BTIndex bi, const BTSearchKey *key, Buffer *bufp, BTAccess leaf_access,
					  bool for_insert);
/* Move right while key >= the high key (Lehman-Yao); see bt_search. */
Buffer		bt_moveright(BTIndex bi, Buffer buf, const BTSearchKey *key, BTAccess access,
						 bool for_insert, BTStack stack);
/* First offset whose item is >= key (> key with nextkey); leaf or internal. */
OffsetNumber bt_binsrch(BTIndex bi, Buffer buf, const BTSearchKey *key);
/* Leftmost or rightmost leaf page, read-locked (InvalidBuffer if empty). */
Buffer		bt_get_endpoint(BTIndex bi, int level, bool rightmost);
void		bt_free_stack(BTStack stack);
/* Guard against sibling-link cycles in a corrupt index. */
void		bt_check_steps(BTIndex bi, uint64_t *steps, BlockNumber blkno);

/* ---- nbtinsert.c ---- */

/* Insert the downlink for rbuf (right half of lbuf's split) into the parent. */
void		bt_insert_parent(BTIndex bi, Buffer lbuf, Buffer rbuf, BTStack stack);
/* lbuf carries BTP_INCOMPLETE_SPLIT: insert the missing downlink.  Releases lbuf. */
void		bt_finish_split(BTIndex bi, Buffer lbuf, BTStack stack);

/* ---- nbtdelete.c ---- */

/* Remove the LP_DEAD items of a leaf page (exclusive-locked); returns how many. */
int			bt_delete_dead_items(BTIndex bi, Buffer buf);

#endif							/* NBTREE_INT_H */
