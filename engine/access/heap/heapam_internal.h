/*-------------------------------------------------------------------------
 * heapam_internal.h
 *	  Functions shared between the files of the heap access method; not
 *	  for use outside engine/access/heap.
 *
 * Role: visibility tests (heapam_visibility.c), page helpers and the
 * one-page modification functions (heapam_page.c), finding a page with
 * room (hio.c) and pruning (pruneheap.c).
 *
 * Invariants: every function that reads a tuple in a shared page expects
 * the buffer pinned and content-locked (share or exclusive, as stated);
 * the page-changing functions (heap_page_init, heap_page_add_tuple,
 * heap_page_set_xmax here; the prune and vacuum "execute" functions inside
 * their files) each change exactly one page, expect it exclusive-locked,
 * and are where the WAL record for that change will be emitted (see
 * README.md, rule 9).
 *
 * See also: access/heap/README.md, access/heap/heaptuple.h.
 *-------------------------------------------------------------------------
 */
#ifndef HEAPAM_INTERNAL_H
#define HEAPAM_INTERNAL_H

#include "access/heap/heapam.h"
#include "access/heap/heaptuple.h"
#include "storage/buffer/bufmgr.h"
#include "storage/page/page.h"
#include "utils/memctx.h"

/* ---- visibility (heapam_visibility.c) ---- */

/* Status of a version with respect to every possible snapshot. */
typedef enum HTSV_Result
{
	HEAPTUPLE_DEAD,				/* invisible to everyone, removable */
	HEAPTUPLE_LIVE,				/* committed insert, not deleted */
	HEAPTUPLE_RECENTLY_DEAD,	/* deleted, but some snapshot may see it */
	HEAPTUPLE_INSERT_IN_PROGRESS,	/* inserter still running */
	HEAPTUPLE_DELETE_IN_PROGRESS,	/* deleter still running */
} HTSV_Result;

/* What an UPDATE/DELETE finds at its target. */
typedef enum HTSU_Result
{
	HTSU_OK,					/* may be changed */
	HTSU_INVISIBLE,
	HTSU_SELF_MODIFIED,			/* changed by us (any command; see t_cmax) */
	HTSU_BEING_MODIFIED,		/* xmax is a running transaction: wait */
	HTSU_UPDATED,				/* xmax committed, t_ctid names the newer version */
	HTSU_DELETED,				/* xmax committed, no newer version */
} HTSU_Result;

/*
 * Is the version visible to the MVCC snapshot?  May set hint bits (buf
 * pinned and locked in any mode; InvalidBuffer for a private copy: then
 * no hints are set).
 */
bool		heap_tuple_satisfies_mvcc(HeapTupleHeader h, Snapshot snap, Buffer buf);
/* UPDATE/DELETE check against "now" for command cid.  Same locking. */
HTSU_Result heap_tuple_satisfies_update(HeapTupleHeader h, ItemPointer self, CommandId cid,
										Buffer buf);
/* Pruning/VACUUM classification against the horizon oldest_xmin. */
HTSV_Result heap_tuple_satisfies_vacuum(HeapTupleHeader h, TransactionId oldest_xmin,
										Buffer buf);
/*
 * Unique checks (dirty-snapshot rules): is some version of the chain at
 * root live (committed or ours, not deleted), in doubt (a running
 * transaction inserts or deletes it: *wait_xid), or all dead?  Page
 * locked (share is enough).
 */
HeapLiveness heap_chain_liveness(Page page, Buffer buf, OffsetNumber root,
								 TransactionId *wait_xid);
/* Is the version dead to every snapshot (for index entry killing)? */
bool		heap_tuple_is_surely_dead(HeapTupleHeader h, Buffer buf);

/*
 * The pruning horizon: snapshot_global_xmin(), cached per backend and
 * recomputed at most once per statement when a test against the cached
 * value fails.  The horizon only moves forward, so an old value is safe
 * (it removes less).
 */
TransactionId heap_prune_horizon(void);
/* Would pruning now remove versions whose deleter is xid (committed)? */
bool		heap_xid_precedes_horizon(TransactionId xid);

/* ---- page helpers and one-page changes (heapam_page.c) ---- */

/*
 * The tuple header of a LP_NORMAL line pointer, validated (ERROR XX001
 * when the line pointer does not lie inside the page); *len gets lp_len.
 * Precondition: 1 <= off <= max offset, line pointer normal.
 */
HeapTupleHeader heap_page_tuple(Page page, OffsetNumber off, uint32_t *len);
/* Free bytes for a new tuple, 0 when no line pointer can be had. */
size_t		heap_page_free_space(const char *page);
/* Bytes the relation's fillfactor keeps free on insert. */
size_t		heap_fillfactor_reserve(Relation rel);
/* Copy the tuple at (blk, off) into a HeapTuple allocated in ctx. */
HeapTuple	heap_copy_from_page(Relation rel, Page page, BlockNumber blk, OffsetNumber off,
								MemoryContext ctx);

/* Initialize a new (all-zero) heap page.  Exclusive lock. */
void		heap_page_init(Buffer buf);
/*
 * Add tup (header already filled in) to the page and set its t_ctid to
 * its own TID; returns the offset.  PANIC if it does not fit: the caller
 * checked the space under the same lock.  Exclusive lock.
 */
OffsetNumber heap_page_add_tuple(Buffer buf, HeapTuple tup);
/*
 * Mark the version at off deleted (new_tid NULL) or updated to new_tid by
 * xid/cid; hot: the new version is heap-only on the same page.  full:
 * the update had to leave the page for lack of room (sets PD_PAGE_FULL).
 * Records the page as prunable.  Exclusive lock.
 */
void		heap_page_set_xmax(Buffer buf, OffsetNumber off, TransactionId xid, CommandId cid,
							   const ItemPointerData *new_tid, bool hot, bool full);

/*
 * Walking a HOT chain on a locked page: from a root line pointer (normal,
 * or a redirect to the first heap-only member), through t_ctid links on
 * the same page, while each member is a normal heap-only tuple whose
 * t_xmin equals the previous member's t_xmax.  Bounded by MaxOffsetNumber
 * steps, so a corrupt cycle ends.
 */
typedef struct HotChainIter
{
	Page		page;
	BlockNumber blk;
	OffsetNumber next;
	TransactionId prior_xmax;
	int			steps;
	bool		at_root;
} HotChainIter;

void		heap_chain_begin(HotChainIter *it, Page page, BlockNumber blk, OffsetNumber root);
/* The next member (its offset in *off), or NULL at the end of the chain. */
HeapTupleHeader heap_chain_next(HotChainIter *it, OffsetNumber *off);

/* ---- finding room (hio.c) ---- */

/*
 * A pinned, exclusive-locked buffer with room for len bytes, extending
 * the relation when needed.  If other is valid (the old page of an
 * UPDATE; pinned, not locked), it is locked too, lower block first, and
 * may itself be returned.  use_fillfactor: keep the fillfactor reserve.
 */
Buffer		heap_get_buffer_for_tuple(Relation rel, size_t len, Buffer other, bool use_fillfactor);

/* ---- pruning (pruneheap.c) ---- */

typedef struct PruneResult
{
	int			ndeleted;		/* tuples whose storage was removed */
	int			nredirected;	/* roots turned into redirects */
	int			nnowdead;		/* line pointers set LP_DEAD */
	int			nnowunused;		/* line pointers set LP_UNUSED */
} PruneResult;

/*
 * Prune if the page is nearly full and holds versions that may be dead to
 * everyone; takes the exclusive content lock only if it is free at once.
 * Precondition: buf pinned, not locked by us.
 */
void		heap_page_prune_opt(Relation rel, Buffer buf);
/*
 * Remove every version dead to everyone (older than oldest_xmin).
 * Precondition: buf pinned and exclusive-locked.
 */
void		heap_page_prune(Relation rel, Buffer buf, TransactionId oldest_xmin,
							PruneResult *result);

#endif							/* HEAPAM_INTERNAL_H */
