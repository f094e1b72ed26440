/*-------------------------------------------------------------------------
 * storage.c
 *	  Pending file creations and deletions (see storage.h).
 *
 * Fault points (steps): catalog/storage/after-wal-create (the creation is
 * logged, the file not made yet) and catalog/storage/before-drop-files
 * (the transaction's outcome is durable, its dropped files still exist).
 *-------------------------------------------------------------------------
 */
#include "catalog/storage.h"

#include "access/transam/xact.h"
#include "access/wal/walformat.h"
#include "access/wal/walinsert.h"
#include "faults/faultpoint.h"
#include "storage/buffer/bufmgr.h"
#include "utils/elog.h"
#include "utils/memctx.h"

typedef struct PendingFile
{
	RelFileLocator rl;
	bool		at_commit;		/* true: drop at commit; false: at abort */
	struct PendingFile *next;
} PendingFile;

static PendingFile *pending = NULL;
static bool initialized = false;

static void
remember(RelFileLocator rl, bool at_commit)
{
	PendingFile *p = memctx_alloc(TopMemoryContext, sizeof(PendingFile));

	p->rl = rl;
	p->at_commit = at_commit;
	p->next = pending;
	pending = p;
}

void
storage_create(RelFileLocator rl)
{
	WalSmgrCreate rec = {wal_relfile(rl)};

	storage_init();
	/*
	 * Logged first: replay creates the file even if this create is lost.
	 * A temporary relation's file is not logged: no crash preserves it.
	 */
	if (!relfilelocator_is_temp(rl))
	{
		(void) wal_insert_simple(RM_SMGR, WAL_SMGR_CREATE, xact_get_xid_if_any(), &rec,
								 sizeof(rec), NULL);
		FAULT_MARK("catalog/storage/after-wal-create");
	}
	smgr_create(rl, false);
	remember(rl, false);
}

void
storage_drop_at_commit(RelFileLocator rl)
{
	storage_init();
	remember(rl, true);
}

/* Discard buffers and unlink; report problems as WARNING only. */
static void
drop_file(RelFileLocator rl)
{
	ELOG_TRY();
	{
		bufmgr_drop_relation(rl);
		smgr_unlink(rl);
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		e->elevel = WARNING;
		elog_emit_current_error();
		elog_flush_error();
	}
	ELOG_END_TRY();
}

static void
at_xact_end(XactEvent event, void *arg)
{
	(void) arg;
	if (event == XACT_EVENT_PRE_COMMIT)
		return;
	bool		commit = (event == XACT_EVENT_COMMIT);
	PendingFile *p = pending;

	pending = NULL;
	for (PendingFile *q = p; q != NULL; q = q->next)
		if (q->at_commit == commit)
		{
			/* The outcome is durable: an "error" here must be a PANIC. */
			START_CRIT_SECTION();
			FAULT_MARK("catalog/storage/before-drop-files");
			END_CRIT_SECTION();
			break;
		}
	while (p != NULL)
	{
		PendingFile *next = p->next;

		if (p->at_commit == commit)
			drop_file(p->rl);
		pfree(p);
		p = next;
	}
}

/* xact_pending_files_hook: the files the commit/abort record must name. */
static int
pending_files(bool at_commit, RelFileLocator **rels)
{
	int			n = 0;

	for (PendingFile *p = pending; p != NULL; p = p->next)
		n += (p->at_commit == at_commit);
	*rels = palloc(sizeof(RelFileLocator) * (size_t) Max(n, 1));
	n = 0;
	for (PendingFile *p = pending; p != NULL; p = p->next)
		if (p->at_commit == at_commit)
			(*rels)[n++] = p->rl;
	return n;
}

void
storage_init(void)
{
	if (initialized)
		return;
	xact_register_callback(at_xact_end, NULL);
	xact_pending_files_hook = pending_files;
	initialized = true;
}
