/*-------------------------------------------------------------------------
 * temp_oncommit.c
 *	  ON COMMIT DELETE ROWS and ON COMMIT DROP of temporary tables.
 *
 * Role: CREATE TEMP TABLE ... ON COMMIT {DELETE ROWS | DROP} registers the
 * table here (catalog_register_on_commit); at every commit, before the
 * commit record (XACT_EVENT_PRE_COMMIT, so a failure aborts the
 * transaction instead), each registered table that still exists is
 *	- DROP: dropped, in the transaction that created it (nothing else can
 *	  see it before that commit), and forgotten;
 *	- DELETE ROWS: emptied in place if it has any block: the heap and each
 *	  index are truncated to nothing and every index gets a new empty
 *	  metapage.  In place is safe because only this session ever reads a
 *	  temporary table and none of it is WAL-logged.
 * A registered table that no longer exists (dropped, or its creating
 * transaction aborted) is forgotten at the next commit.  ON COMMIT
 * PRESERVE ROWS is the default and needs nothing.
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/nbtree.h"
#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "catalog/syscat.h"
#include "storage/buffer/bufmgr.h"
#include "utils/elog.h"
#include "utils/memctx.h"

typedef struct OnCommitItem
{
	Oid			relid;
	TempOnCommit action;
	struct OnCommitItem *next;
} OnCommitItem;

static OnCommitItem *items = NULL;
static bool callback_registered = false;

/* Empty a temporary table and its indexes without new files. */
static void
delete_rows_in_place(Oid relid)
{
	Relation	table = relation_open(relid);
	ListCell   *lc;

	if (bufmgr_nblocks(table->rd_locator) > 0)
	{
		bufmgr_truncate(table->rd_locator, 0);
		foreach(lc, table->rd_indexes)
		{
			Relation	index = relation_open(lfirst_oid(lc));

			bufmgr_truncate(index->rd_locator, 0);
			btree_build_empty(index);
			relation_close(index);
		}
	}
	relation_close(table);
}

static void
at_pre_commit(XactEvent event, void *arg)
{
	OnCommitItem **link = &items;

	(void) arg;
	if (event != XACT_EVENT_PRE_COMMIT)
		return;
	while (*link != NULL)
	{
		OnCommitItem *it = *link;
		PgClassRow	row;
		bool		forget = !syscat_find_class(it->relid, &row);

		if (!forget && it->action == TEMP_ON_COMMIT_DROP)
		{
			catalog_drop_relation(it->relid);
			forget = true;
		}
		else if (!forget)
			delete_rows_in_place(it->relid);
		if (forget)
		{
			*link = it->next;
			pfree(it);
		}
		else
			link = &it->next;
	}
}

void
catalog_register_on_commit(Oid relid, TempOnCommit action)
{
	OnCommitItem *it = memctx_alloc(TopMemoryContext, sizeof(OnCommitItem));

	if (!callback_registered)
	{
		xact_register_callback(at_pre_commit, NULL);
		callback_registered = true;
	}
	it->relid = relid;
	it->action = action;
	it->next = items;
	items = it;
}
