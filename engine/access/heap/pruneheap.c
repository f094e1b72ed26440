/*-------------------------------------------------------------------------
 * pruneheap.c
 *	  Page pruning: removing tuple versions that are dead to every
 *	  snapshot from one heap page, without touching indexes.
 *
 * Role: keeps heavily updated pages from filling up.  Called
 * opportunistically (heap_page_prune_opt) whenever a page is read for a
 * scan, an index fetch, an update or an insert, and unconditionally by
 * VACUUM (heap_page_prune).
 *
 * What pruning does, per HOT chain (a root line pointer: a normal tuple
 * that is not heap-only, or an LP_REDIRECT; followed by heap-only
 * versions linked through t_ctid on the same page, each with
 * t_xmin == the previous version's t_xmax):
 *	- walk the chain while versions are DEAD or RECENTLY_DEAD, remembering
 *	  the last DEAD one; every version up to it is removable (a DEAD later
 *	  version implies the earlier ones are dead to everyone too);
 *	- removed heap-only versions become LP_UNUSED (no index entry points
 *	  to them);
 *	- the root becomes LP_REDIRECT to the first surviving version, or
 *	  LP_DEAD when none survives (index entries still point at the root,
 *	  so its line pointer stays until VACUUM has removed them) -- except in
 *	  a system catalog, which has no indexes and is never vacuumed: there
 *	  the root becomes LP_UNUSED at once, or a catalog under CREATE/DROP
 *	  churn would fill its pages with dead line pointers and grow without
 *	  bound (every catalog lookup is a scan of all its pages);
 *	- heap-only versions that no chain reaches and that are DEAD (left by
 *	  aborted updates) become LP_UNUSED;
 *	- finally the page is compacted (page_repair_fragmentation keeps every
 *	  line pointer number) and pd_prune_xid is set to the oldest xmax of
 *	  the versions that are deleted but not yet removable (0 if none).
 *
 * When (heap_page_prune_opt): pd_prune_xid is set and precedes the
 * pruning horizon, and the page is nearly full: PD_PAGE_FULL, or less free
 * space than max(10% of the page, the fillfactor reserve).  The exclusive
 * content lock is taken only if free at once (bufmgr_conditional_lock);
 * a busy page is skipped.  No cleanup lock is needed: readers copy tuples
 * out under their share lock (storage/buffer/README.md, rule 3), and a
 * version some snapshot can still see is never removed.
 *
 * Invariants: the plan is computed first (no change to the page but hint
 * bits); heap_page_prune_execute then applies it in one critical section
 * -- the one place a WAL record for pruning will go.
 *
 * Entry points: heap_page_prune_opt, heap_page_prune.
 *
 * See also: heapam_visibility.c (HTSV classification), README.md (rule 8).
 *-------------------------------------------------------------------------
 */
#include "access/heap/heapam_internal.h"

#include "access/transam/snapshot.h"
#include "access/wal/walinsert.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* The plan for one page (arrays sized for any page, even a corrupt one). */
typedef struct PrunePlan
{
	TransactionId oldest_xmin;
	OffsetNumber maxoff;
	int			nredirected;
	int			ndead;
	int			nunused;
	int			ndeleted;		/* tuples with storage removed */
	OffsetNumber redirected[2 * MaxOffsetNumber];	/* (from, to) pairs */
	OffsetNumber nowdead[MaxOffsetNumber];
	OffsetNumber nowunused[MaxOffsetNumber];
	int8_t		htsv[MaxOffsetNumber + 1];	/* -1: not a normal tuple */
	bool		visited[MaxOffsetNumber + 1];	/* in some chain */
	bool		removed[MaxOffsetNumber + 1];	/* storage removed */
	bool		roots_reusable; /* no index can point at a root: free dead ones */
} PrunePlan;

/* ---- the plan ---- */

/* Classify every normal tuple once (this may set hint bits). */
static void
classify_tuples(Page page, Buffer buf, PrunePlan *plan)
{
	for (OffsetNumber off = FirstOffsetNumber; off <= plan->maxoff; off++)
	{
		ItemId		lp = page_get_item_id(page, off);
		uint32_t	len;

		plan->htsv[off] = -1;
		if (!itemid_is_normal(lp))
			continue;
		HeapTupleHeader h = heap_page_tuple(page, off, &len);

		plan->htsv[off] = (int8_t) heap_tuple_satisfies_vacuum(h, plan->oldest_xmin, buf);
	}
}

/*
 * Collect the chain starting at root into chain[] (chain[0] = root, which
 * may be a redirect) and return its length; *latestdead gets the index in
 * chain[] of the last version that is DEAD with only DEAD or
 * RECENTLY_DEAD versions before it, or -1.
 */
static int
collect_chain(Page page, BlockNumber blk, OffsetNumber root, PrunePlan *plan,
			  OffsetNumber *chain, int *latestdead)
{
	OffsetNumber off = root;
	TransactionId prior_xmax = InvalidTransactionId;
	int			n = 0;

	*latestdead = -1;
	while (off >= FirstOffsetNumber && off <= plan->maxoff && !plan->visited[off] &&
		   n < MaxOffsetNumber)
	{
		ItemId		lp = page_get_item_id(page, off);

		if (itemid_is_redirected(lp))
		{
			if (n > 0)
				break;			/* a redirect is only ever a root */
			plan->visited[off] = true;
			chain[n++] = off;
			off = itemid_get_redirect(lp);
			continue;
		}
		if (!itemid_is_normal(lp))
			break;
		uint32_t	len;
		HeapTupleHeader h = heap_page_tuple(page, off, &len);

		if (off != root && !heap_hdr_is_heap_only(h))
			break;
		if (TransactionIdIsValid(prior_xmax) && h->t_xmin != prior_xmax)
			break;
		plan->visited[off] = true;
		chain[n++] = off;
		if (plan->htsv[off] == HEAPTUPLE_DEAD)
			*latestdead = n - 1;
		else if (plan->htsv[off] != HEAPTUPLE_RECENTLY_DEAD)
			break;
		ItemPointerData next = heap_hdr_ctid(h);

		if (!heap_hdr_is_hot_updated(h) || next.ip_blkid != blk)
			break;
		prior_xmax = h->t_xmax;
		off = next.ip_posid;
	}
	return n;
}

static void
plan_unused(PrunePlan *plan, OffsetNumber off)
{
	plan->nowunused[plan->nunused++] = off;
	plan->removed[off] = true;
	plan->ndeleted++;
}

/* A root none of whose chain survives: LP_DEAD for the indexes, or free. */
static void
plan_root_gone(PrunePlan *plan, OffsetNumber root)
{
	if (plan->roots_reusable)
		plan->nowunused[plan->nunused++] = root;
	else
		plan->nowdead[plan->ndead++] = root;
}

/* Decide what happens to the chain rooted at root. */
static void
plan_chain(Page page, BlockNumber blk, OffsetNumber root, PrunePlan *plan)
{
	OffsetNumber chain[MaxOffsetNumber];
	int			latestdead;
	int			n = collect_chain(page, blk, root, plan, chain, &latestdead);
	bool		root_is_redirect = itemid_is_redirected(page_get_item_id(page, root));

	if (latestdead < 0)
	{
		/* A redirect whose target is gone: nothing to keep it for. */
		if (root_is_redirect && n < 2)
		{
			plan->visited[root] = true;
			plan_root_gone(plan, root);
		}
		return;
	}
	/* Members after the root, up to latestdead, go away entirely. */
	for (int i = 1; i <= latestdead; i++)
		plan_unused(plan, chain[i]);
	if (!root_is_redirect)
	{
		plan->removed[root] = true;
		plan->ndeleted++;
	}
	if (latestdead + 1 < n)
	{
		plan->redirected[2 * plan->nredirected] = root;
		plan->redirected[2 * plan->nredirected + 1] = chain[latestdead + 1];
		plan->nredirected++;
	}
	else
		plan_root_gone(plan, root);
}

/* Oldest xmax among surviving versions that will become removable. */
static TransactionId
plan_new_prune_xid(Page page, const PrunePlan *plan)
{
	TransactionId result = InvalidTransactionId;

	for (OffsetNumber off = FirstOffsetNumber; off <= plan->maxoff; off++)
	{
		if (plan->removed[off] || (plan->htsv[off] != HEAPTUPLE_RECENTLY_DEAD &&
								   plan->htsv[off] != HEAPTUPLE_DELETE_IN_PROGRESS))
			continue;
		uint32_t	len;
		TransactionId xmax = heap_page_tuple(page, off, &len)->t_xmax;

		if (!TransactionIdIsValid(result) || xid_precedes(xmax, result))
			result = xmax;
	}
	return result;
}

static void
make_plan(Page page, Buffer buf, PrunePlan *plan)
{
	BlockNumber blk = bufmgr_block_number(buf);

	classify_tuples(page, buf, plan);
	for (OffsetNumber off = FirstOffsetNumber; off <= plan->maxoff; off++)
	{
		ItemId		lp = page_get_item_id(page, off);
		uint32_t	len;

		if (plan->visited[off])
			continue;
		if (itemid_is_redirected(lp) ||
			(itemid_is_normal(lp) && !heap_hdr_is_heap_only(heap_page_tuple(page, off, &len))))
			plan_chain(page, blk, off, plan);
	}
	/* Heap-only versions no chain reached: DEAD ones are garbage. */
	for (OffsetNumber off = FirstOffsetNumber; off <= plan->maxoff; off++)
		if (!plan->visited[off] && !plan->removed[off] && plan->htsv[off] == HEAPTUPLE_DEAD)
		{
			uint32_t	len;

			if (heap_hdr_is_heap_only(heap_page_tuple(page, off, &len)))
				plan_unused(plan, off);
		}
}

/* ---- applying it ---- */

/*
 * Apply a plan to the page: one page change (one WAL record later).
 * Precondition: exclusive content lock.
 */
static void
heap_page_prune_execute(Buffer buf, const PrunePlan *plan, TransactionId new_prune_xid)
{
	Page		page = bufmgr_page(buf);
	PageHeader	ph = page_header(page);

	wal_begin();
	wal_register_buffer(buf, 0);
	START_CRIT_SECTION();
	for (int i = 0; i < plan->nredirected; i++)
		itemid_set_redirect(page_get_item_id(page, plan->redirected[2 * i]),
							plan->redirected[2 * i + 1]);
	for (int i = 0; i < plan->ndead; i++)
		itemid_set_dead(page_get_item_id(page, plan->nowdead[i]));
	for (int i = 0; i < plan->nunused; i++)
		itemid_set_unused(page_get_item_id(page, plan->nowunused[i]));
	page_repair_fragmentation(page);
	ph->pd_prune_xid = new_prune_xid;
	ph->pd_flags &= (uint16_t) ~PD_PAGE_FULL;
	bufmgr_mark_dirty(buf);
	wal_insert(RM_HEAP, WAL_HEAP_PRUNE);
	END_CRIT_SECTION();
}

void
heap_page_prune(Relation rel, Buffer buf, TransactionId oldest_xmin, PruneResult *result)
{
	Page		page = bufmgr_page(buf);
	PrunePlan  *plan;

	memset(result, 0, sizeof(*result));
	if (page_is_new(page))
		return;
	plan = palloc0(sizeof(PrunePlan));
	plan->oldest_xmin = oldest_xmin;
	plan->roots_reusable = relation_is_system_catalog(rel);
	plan->maxoff = page_get_max_offset(page);
	if (plan->maxoff > MaxOffsetNumber)
		plan->maxoff = MaxOffsetNumber;
	make_plan(page, buf, plan);

	TransactionId new_prune_xid = plan_new_prune_xid(page, plan);

	if (plan->nredirected + plan->ndead + plan->nunused > 0)
		heap_page_prune_execute(buf, plan, new_prune_xid);
	else if (page_header(page)->pd_prune_xid != new_prune_xid ||
			 (page_header(page)->pd_flags & PD_PAGE_FULL))
	{
		/* Only hints changed: the page needs no WAL for this. */
		page_header(page)->pd_prune_xid = new_prune_xid;
		page_header(page)->pd_flags &= (uint16_t) ~PD_PAGE_FULL;
		bufmgr_mark_dirty_hint(buf);
	}
	result->ndeleted = plan->ndeleted;
	result->nredirected = plan->nredirected;
	result->nnowdead = plan->ndead;
	result->nnowunused = plan->nunused;
	pfree(plan);
}

/* Is the page worth pruning now?  Reads only header fields. */
static bool
prune_wanted(Relation rel, Page page)
{
	const volatile PageHeaderData *ph = (const volatile PageHeaderData *) page;
	TransactionId prune_xid = ph->pd_prune_xid;
	size_t		minfree = Max(heap_fillfactor_reserve(rel), (size_t) BLCKSZ / 10);

	if (!TransactionIdIsNormal(prune_xid) || page_is_new(page))
		return false;
	if (!(ph->pd_flags & PD_PAGE_FULL) && heap_page_free_space(page) >= minfree)
		return false;
	return heap_xid_precedes_horizon(prune_xid);
}

void
heap_page_prune_opt(Relation rel, Buffer buf)
{
	Page		page = bufmgr_page(buf);
	PruneResult result;

	/* A first look without the lock: cheap, and usually "no". */
	if (!prune_wanted(rel, page))
		return;
	if (!bufmgr_conditional_lock(buf, LW_EXCLUSIVE))
		return;
	if (prune_wanted(rel, page))
		heap_page_prune(rel, buf, heap_prune_horizon(), &result);
	bufmgr_unlock(buf);
}
