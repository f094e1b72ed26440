/*-------------------------------------------------------------------------
 * test_heapam_common.h
 *	  Helpers shared by the heap access method's unit tests
 *	  (test_heapam.c, test_heapam_concurrency.c): a hand-built test table,
 *	  rows of (id int4, payload text), transaction brackets as tcop makes
 *	  them, pipe synchronization with forked sessions.
 *
 * Included by test files only; every helper is static and may go unused.
 *-------------------------------------------------------------------------
 */
#ifndef TEST_HEAPAM_COMMON_H
#define TEST_HEAPAM_COMMON_H

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "access/heap/heapam.h"
#include "access/heap/heaptuple.h"
#include "access/transam/snapshot.h"
#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "postmaster/standalone.h"
#include "postmaster/test_child.h"
#include "sql/types/datum.h"
#include "storage/buffer/bufmgr.h"
#include "storage/lmgr/lwlock.h"
#include "storage/smgr/smgr.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/test_elog.h"

/* The ERROR, then what the backend's abort would release: content locks
 * and pins the failed operation left. */
#define EXPECT_ERROR_RELEASED(stmt, code, text) \
	do { \
		EXPECT_ERROR(stmt, code, text); \
		lwlock_release_all(); \
		bufmgr_release_all(); \
	} while (0)

/* In a forked child: CHILD_CHECK (postmaster/test_child.h). */

/* A table (id int4, payload text) with the given file number. */
static pg_unused Relation
make_table(Oid relnum, int fillfactor)
{
	Relation	rel = palloc0(sizeof(RelationData));
	TupleDesc	d = tupdesc_create(2);

	rel->rd_id = relnum;
	snprintf(rel->rd_name, sizeof(rel->rd_name), "t%u", relnum);
	rel->rd_kind = RELKIND_TABLE;
	rel->rd_persistence = RELPERSISTENCE_PERMANENT;
	rel->rd_locator.db_oid = MyDatabaseId;
	rel->rd_locator.rel_number = relnum;
	rel->rd_fillfactor = fillfactor;
	snprintf(d->attrs[0].attname, NAMEDATALEN, "id");
	d->attrs[0].attlen = 4;
	d->attrs[0].attbyval = true;
	d->attrs[0].attalign = 'i';
	snprintf(d->attrs[1].attname, NAMEDATALEN, "payload");
	d->attrs[1].attlen = -1;
	d->attrs[1].attbyval = false;
	d->attrs[1].attalign = 'i';
	rel->rd_att = d;
	smgr_create(rel->rd_locator, false);
	return rel;
}

static pg_unused HeapTuple
make_row(Relation rel, int32_t id, const char *payload)
{
	size_t		len = strlen(payload);
	text	   *t = palloc(len + VARHDRSZ);

	SET_VARSIZE(t, (int32_t) (len + VARHDRSZ));
	memcpy(VARDATA(t), payload, len);
	Datum		v[2] = {Int32GetDatum(id), PointerGetDatum(t)};
	bool		n[2] = {false, false};

	return heap_form_tuple(rel->rd_att, v, n);
}

static pg_unused int32_t
row_id(Relation rel, HeapTuple tup)
{
	bool		isnull;

	return DatumGetInt32(heap_getattr(tup, 1, rel->rd_att, &isnull));
}

/* The payload as a palloc'd C string. */
static pg_unused char *
row_payload(Relation rel, HeapTuple tup)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, 2, rel->rd_att, &isnull);
	char	   *v = DatumGetPointer(d);

	return pnstrdup(VARDATA(v), (size_t) VARSIZE_EXHDR(v));
}

/* ---- transaction brackets, as tcop makes them ---- */

static pg_unused void
block_begin(void)
{
	xact_start_command();
	xact_begin_block();
	xact_commit_command();
}

static pg_unused void
block_commit(void)
{
	xact_start_command();
	xact_end_block();
	xact_commit_command();
}

static pg_unused void
block_rollback(void)
{
	xact_start_command();
	xact_user_abort_block();
	xact_commit_command();
}

/* Insert one row in its own transaction; returns its TID. */
static pg_unused ItemPointerData
insert_committed(Relation rel, int32_t id, const char *payload)
{
	xact_start_command();
	HeapTuple	tup = make_row(rel, id, payload);

	heap_insert(rel, tup, xact_get_cid());
	xact_commit_command();
	return tup->t_self;
}

/* Update in the current statement; *newtid gets the new version's TID. */
static pg_unused TM_Result
update_row(Relation rel, ItemPointer tid, int32_t id, const char *payload, bool hot_allowed,
		   ItemPointerData *newtid, bool *is_hot, TM_FailureData *tmfd)
{
	HeapTuple	tup = make_row(rel, id, payload);
	bool		hot = false;
	TM_FailureData fd;
	TM_Result	r = heap_update(rel, tid, tup, xact_get_cid(), hot_allowed, &hot,
								tmfd != NULL ? tmfd : &fd);

	if (newtid != NULL)
		*newtid = tup->t_self;
	if (is_hot != NULL)
		*is_hot = hot;
	return r;
}

/* Rows visible to snap. */
static pg_unused int
count_rows(Relation rel, Snapshot snap)
{
	HeapScanDesc scan = heap_beginscan(rel, snap);
	int			n = 0;

	while (heap_getnext(scan) != NULL)
		n++;
	heap_endscan(scan);
	return n;
}

/* Rows visible to a statement snapshot of a fresh transaction. */
static pg_unused int
count_rows_now(Relation rel)
{
	xact_start_command();
	int			n = count_rows(rel, snapshot_get_statement());

	xact_commit_command();
	return n;
}

/* The payload of the version of the chain at root visible now, or NULL. */
static pg_unused char *
payload_now(Relation rel, ItemPointerData root)
{
	xact_start_command();
	HeapTuple	tup = heap_fetch_visible(rel, &root, snapshot_get_statement(), NULL);
	char	   *p = tup != NULL ? row_payload(rel, tup) : NULL;

	xact_commit_command();
	return p;
}

/* ---- pipes ---- */

static pg_unused void
send_bytes(int fd, const void *p, size_t n)
{
	if (write(fd, p, n) != (ssize_t) n)
		abort();
}

static pg_unused void
recv_bytes(int fd, void *p, size_t n)
{
	size_t		got = 0;

	while (got < n)
	{
		ssize_t		r = read(fd, (char *) p + got, n - got);

		if (r <= 0)
		{
			memset((char *) p + got, 0, n - got);
			return;
		}
		got += (size_t) r;
	}
}

static pg_unused void
send_byte(int fd, char c)
{
	send_bytes(fd, &c, 1);
}

static pg_unused char
recv_byte(int fd)
{
	char		c = '?';

	recv_bytes(fd, &c, 1);
	return c;
}

/* Is something to read on fd within timeout_ms? */
static pg_unused bool
readable_within(int fd, int timeout_ms)
{
	struct pollfd p = {.fd = fd,.events = POLLIN};

	return poll(&p, 1, timeout_ms) > 0;
}

#endif							/* TEST_HEAPAM_COMMON_H */
