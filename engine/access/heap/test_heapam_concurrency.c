/*-------------------------------------------------------------------------
 * test_heapam_concurrency.c
 *	  Unit tests for the heap access method across two sessions: what one
 *	  transaction sees of another's changes, and row-level waits.
 *
 * What:
 *	- an uncommitted insert is invisible to another session (scan and
 *	  fetch), which sees it once committed and never if aborted; a unique
 *	  check finds it "in doubt" with the inserter's xid, then live or dead;
 *	- a session updating a row that an open transaction has updated waits
 *	  (it is still blocked after 300 ms); after the other commits it gets
 *	  TM_Updated with t_ctid of the newer version, re-fetches the newest
 *	  version with heap_fetch_latest and its retry succeeds; after the other
 *	  aborts its update simply proceeds; after a committed delete it gets
 *	  TM_Deleted and heap_fetch_latest returns NULL;
 *	- two sessions updating two rows in opposite order: exactly one ends
 *	  with 40P01, the other's update then succeeds, and the final rows show
 *	  only the survivor's changes; the victim holds no pins or locks;
 *	- a session holding an old snapshot keeps seeing the original version
 *	  while the other updates the row 300 times (nothing it needs is
 *	  pruned, so the table grows); once it ends, pruning keeps the table
 *	  from growing further.
 * How: standalone_init() environment; standalone_fork() makes the second
 * session (forked outside transactions); the two synchronize through
 * pipes and the child reports values back; a failed check in the child
 * ends it with a non-zero exit status, which the parent asserts on.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/wait.h>

#include "test_heapam_common.h"

typedef struct Session
{
	pid_t		pid;
	int			to_child[2];
	int			to_parent[2];
} Session;

/* Fork the second session; returns true in the child. */
static bool
session_fork(Session *s)
{
	assert_int_equal(pipe(s->to_child), 0);
	assert_int_equal(pipe(s->to_parent), 0);
	s->pid = standalone_fork();
	assert_true(s->pid >= 0);
	return s->pid == 0;
}

static void
session_wait_ok(Session *s)
{
	int			status = 0;

	assert_int_equal(waitpid(s->pid, &status, 0), s->pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(s->to_child[0]);
	close(s->to_child[1]);
	close(s->to_parent[0]);
	close(s->to_parent[1]);
}

static pg_noreturn void
child_exit(void)
{
	proc_exit(0);
}

/* ---- visibility across sessions ---- */

typedef struct SeenReport
{
	int			count;
	bool		fetched;
	int			liveness;
	TransactionId wait_xid;
} SeenReport;

/* In the child: what a fresh statement sees of the row at tid. */
static SeenReport
child_look(Relation rel, ItemPointerData tid)
{
	SeenReport	r = {0};

	xact_start_command();
	r.count = count_rows(rel, snapshot_get_statement());
	r.fetched = heap_fetch_visible(rel, &tid, snapshot_get_statement(), NULL) != NULL;
	r.liveness = heap_tid_liveness(rel, &tid, &r.wait_xid);
	xact_commit_command();
	return r;
}

static void
test_visibility_between_sessions(void **state)
{
	Relation	rel = make_table(41001, 100);
	Session		s;
	ItemPointerData tid;
	SeenReport	r;

	(void) insert_committed(rel, 1, "committed before");
	if (session_fork(&s))
	{
		for (int step = 0; step < 3; step++)
		{
			recv_bytes(s.to_child[0], &tid, sizeof(tid));
			r = child_look(rel, tid);
			send_bytes(s.to_parent[1], &r, sizeof(r));
		}
		child_exit();
	}
	/* Step 1: inserted, not committed. */
	block_begin();
	xact_start_command();
	HeapTuple	b = make_row(rel, 2, "uncommitted");

	heap_insert(rel, b, xact_get_cid());
	TransactionId my_xid = xact_get_xid();

	xact_commit_command();
	send_bytes(s.to_child[1], &b->t_self, sizeof(b->t_self));
	recv_bytes(s.to_parent[0], &r, sizeof(r));
	assert_int_equal(r.count, 1);
	assert_false(r.fetched);
	assert_int_equal(r.liveness, HEAP_VERSION_IN_DOUBT);
	assert_int_equal(r.wait_xid, my_xid);
	/* We see our own insert in the next command. */
	xact_start_command();
	assert_int_equal(count_rows(rel, snapshot_get_statement()), 2);
	xact_commit_command();

	/* Step 2: committed. */
	block_commit();
	send_bytes(s.to_child[1], &b->t_self, sizeof(b->t_self));
	recv_bytes(s.to_parent[0], &r, sizeof(r));
	assert_int_equal(r.count, 2);
	assert_true(r.fetched);
	assert_int_equal(r.liveness, HEAP_VERSION_LIVE);

	/* Step 3: inserted and aborted. */
	block_begin();
	xact_start_command();
	HeapTuple	c = make_row(rel, 3, "aborted");

	heap_insert(rel, c, xact_get_cid());
	xact_commit_command();
	block_rollback();
	send_bytes(s.to_child[1], &c->t_self, sizeof(c->t_self));
	recv_bytes(s.to_parent[0], &r, sizeof(r));
	assert_int_equal(r.count, 2);
	assert_false(r.fetched);
	assert_int_equal(r.liveness, HEAP_VERSION_DEAD);
	session_wait_ok(&s);
	assert_int_equal(count_rows_now(rel), 2);
}

/* ---- row-level waits ---- */

typedef struct UpdateReport
{
	int			first;			/* TM_Result of the first attempt */
	ItemPointerData ctid;		/* tmfd.ctid */
	bool		latest_found;
	char		latest_payload[32];
	int			retry;			/* TM_Result of the retry, -1 if none */
} UpdateReport;

/*
 * In the child: update (or delete, payload NULL) the row at tid, and on
 * TM_Updated fetch the newest version and retry once, as READ COMMITTED
 * does.  Sends 'w' just before the first attempt.
 */
static void
child_update(Session *s, Relation rel, ItemPointerData tid, const char *payload,
			 UpdateReport *out)
{
	UpdateReport rep;
	TM_FailureData tmfd;

	/* Every byte defined: the report goes through a pipe (valgrind). */
	memset(&rep, 0, sizeof(rep));
	memset(&tmfd, 0, sizeof(tmfd));
	rep.retry = -1;
	xact_start_command();
	send_byte(s->to_parent[1], 'w');
	if (payload != NULL)
		rep.first = update_row(rel, &tid, 1, payload, true, NULL, NULL, &tmfd);
	else
		rep.first = heap_delete(rel, &tid, xact_get_cid(), &tmfd);
	rep.ctid = tmfd.ctid;
	if (rep.first == TM_Updated || rep.first == TM_Deleted)
	{
		HeapTuple	latest = heap_fetch_latest(rel, &tid, snapshot_get_latest());

		rep.latest_found = latest != NULL;
		if (latest != NULL)
		{
			snprintf(rep.latest_payload, sizeof(rep.latest_payload), "%s",
					 row_payload(rel, latest));
			rep.retry = payload != NULL ?
				update_row(rel, &latest->t_self, 1, payload, true, NULL, NULL, NULL) :
				heap_delete(rel, &latest->t_self, xact_get_cid(), &tmfd);
		}
	}
	xact_commit_command();
	memcpy(out, &rep, sizeof(rep));
}

/*
 * The parent changes the row (update to "parent", or delete when
 * do_delete) in an open transaction, the child tries to update it to
 * "child"; the parent checks the child waits, then commits or aborts.
 */
static UpdateReport
race_on_row(Relation rel, ItemPointerData tid, bool do_delete, bool commit,
			ItemPointerData *parent_tid)
{
	Session		s;
	UpdateReport rep;
	TM_FailureData tmfd;

	if (session_fork(&s))
	{
		recv_byte(s.to_child[0]);
		child_update(&s, rel, tid, "child", &rep);
		send_bytes(s.to_parent[1], &rep, sizeof(rep));
		child_exit();
	}
	block_begin();
	xact_start_command();
	if (do_delete)
		assert_int_equal(heap_delete(rel, &tid, xact_get_cid(), &tmfd), TM_Ok);
	else
		assert_int_equal(update_row(rel, &tid, 1, "parent", true, parent_tid, NULL, NULL), TM_Ok);
	xact_commit_command();
	send_byte(s.to_child[1], 'g');
	assert_int_equal(recv_byte(s.to_parent[0]), 'w');
	/* The child is blocked on our transaction. */
	assert_false(readable_within(s.to_parent[0], 300));
	if (commit)
		block_commit();
	else
		block_rollback();
	recv_bytes(s.to_parent[0], &rep, sizeof(rep));
	session_wait_ok(&s);
	return rep;
}

static void
test_update_waits_then_updated(void **state)
{
	Relation	rel = make_table(41002, 100);
	ItemPointerData tid = insert_committed(rel, 1, "orig");
	ItemPointerData parent_tid;
	UpdateReport rep = race_on_row(rel, tid, false, true, &parent_tid);

	assert_int_equal(rep.first, TM_Updated);
	assert_true(ItemPointerEquals(&rep.ctid, &parent_tid));
	assert_true(rep.latest_found);
	assert_string_equal(rep.latest_payload, "parent");
	assert_int_equal(rep.retry, TM_Ok);
	assert_string_equal(payload_now(rel, tid), "child");
	assert_int_equal(count_rows_now(rel), 1);
}

static void
test_update_waits_then_proceeds_after_abort(void **state)
{
	Relation	rel = make_table(41003, 100);
	ItemPointerData tid = insert_committed(rel, 1, "orig");
	ItemPointerData parent_tid;
	UpdateReport rep = race_on_row(rel, tid, false, false, &parent_tid);

	assert_int_equal(rep.first, TM_Ok);
	assert_int_equal(rep.retry, -1);
	assert_string_equal(payload_now(rel, tid), "child");
	assert_int_equal(count_rows_now(rel), 1);
}

static void
test_update_waits_then_deleted(void **state)
{
	Relation	rel = make_table(41004, 100);
	ItemPointerData tid = insert_committed(rel, 1, "orig");
	UpdateReport rep = race_on_row(rel, tid, true, true, NULL);

	assert_int_equal(rep.first, TM_Deleted);
	assert_true(ItemPointerEquals(&rep.ctid, &tid));
	assert_false(rep.latest_found);
	assert_int_equal(count_rows_now(rel), 0);
}

/* ---- deadlock ---- */

/* Update the row; 'k' on TM_Ok, 'd' on 40P01, 'e' otherwise.  On an error
 * the transaction is aborted (after the error cleanup). */
static char
try_update(Relation rel, ItemPointerData tid, const char *payload)
{
	volatile char result = 'e';

	ELOG_TRY();
	{
		if (update_row(rel, &tid, 1, payload, true, NULL, NULL, NULL) == TM_Ok)
			result = 'k';
	}
	ELOG_CATCH();
	{
		result = strcmp(elog_current_error()->sqlstate, "40P01") == 0 ? 'd' : 'e';
		elog_flush_error();
		lwlock_release_all();
		bufmgr_release_all();
		xact_abort_current();
	}
	ELOG_END_TRY();
	return result;
}

static void
test_row_deadlock(void **state)
{
	Relation	rel = make_table(41005, 100);
	ItemPointerData a = insert_committed(rel, 1, "a0");
	ItemPointerData b = insert_committed(rel, 2, "b0");
	int			saved_timeout = guc_deadlock_timeout_ms;
	Session		s;

	guc_deadlock_timeout_ms = 100;
	if (session_fork(&s))
	{
		xact_start_command();
		CHILD_CHECK(update_row(rel, &b, 2, "b-child", true, NULL, NULL, NULL) == TM_Ok);
		send_byte(s.to_parent[1], 'b');
		recv_byte(s.to_child[0]);
		char		r = try_update(rel, a, "a-child");

		CHILD_CHECK(bufmgr_pins_held() == 0 && lwlock_num_held() == 0);
		if (r == 'k')
			xact_commit_command();
		send_byte(s.to_parent[1], r);
		child_exit();
	}
	xact_start_command();
	assert_int_equal(update_row(rel, &a, 1, "a-parent", true, NULL, NULL, NULL), TM_Ok);
	assert_int_equal(recv_byte(s.to_parent[0]), 'b');
	send_byte(s.to_child[1], 'a');
	usleep(50 * 1000);
	char		mine = try_update(rel, b, "b-parent");

	assert_int_equal(bufmgr_pins_held(), 0);
	assert_int_equal(lwlock_num_held(), 0);
	if (mine == 'k')
		xact_commit_command();
	char		theirs = recv_byte(s.to_parent[0]);

	session_wait_ok(&s);
	guc_deadlock_timeout_ms = saved_timeout;
	/* Exactly one victim; the survivor's changes are all there. */
	if (mine == 'd')
	{
		assert_int_equal(theirs, 'k');
		assert_string_equal(payload_now(rel, a), "a-child");
		assert_string_equal(payload_now(rel, b), "b-child");
	}
	else
	{
		assert_int_equal(mine, 'k');
		assert_int_equal(theirs, 'd');
		assert_string_equal(payload_now(rel, a), "a-parent");
		assert_string_equal(payload_now(rel, b), "b-parent");
	}
	assert_int_equal(count_rows_now(rel), 2);
}

/* ---- an old snapshot holds pruning back ---- */

static void
test_old_snapshot_keeps_old_version(void **state)
{
	Relation	rel = make_table(41006, 100);
	ItemPointerData root = insert_committed(rel, 1, "original");
	ItemPointerData cur = root;
	Session		s;
	char		payload[40];

	if (session_fork(&s))
	{
		xact_start_command();
		Snapshot	snap = snapshot_get_statement();

		send_byte(s.to_parent[1], 'r');
		recv_byte(s.to_child[0]);
		HeapTuple	t = heap_fetch_visible(rel, &root, snap, NULL);

		CHILD_CHECK(t != NULL && strcmp(row_payload(rel, t), "original") == 0);
		HeapScanDesc scan = heap_beginscan(rel, snap);

		t = heap_getnext(scan);
		CHILD_CHECK(t != NULL && strcmp(row_payload(rel, t), "original") == 0);
		CHILD_CHECK(heap_getnext(scan) == NULL);
		heap_endscan(scan);
		xact_commit_command();
		send_byte(s.to_parent[1], 'd');
		child_exit();
	}
	assert_int_equal(recv_byte(s.to_parent[0]), 'r');
	for (int i = 0; i < 300; i++)
	{
		snprintf(payload, sizeof(payload), "version %d with some padding", i);
		xact_start_command();
		assert_int_equal(update_row(rel, &cur, 1, payload, true, &cur, NULL, NULL), TM_Ok);
		xact_commit_command();
	}
	/* Nothing could be pruned: 300 versions need several pages. */
	BlockNumber grown = heap_nblocks(rel);

	assert_true(grown >= 2);
	send_byte(s.to_child[1], 'u');
	assert_int_equal(recv_byte(s.to_parent[0]), 'd');
	session_wait_ok(&s);
	/* Now the old versions are dead to everyone: no more growth. */
	for (int i = 300; i < 1300; i++)
	{
		snprintf(payload, sizeof(payload), "version %d with some padding", i);
		xact_start_command();
		assert_int_equal(update_row(rel, &cur, 1, payload, true, &cur, NULL, NULL), TM_Ok);
		xact_commit_command();
	}
	assert_int_equal(heap_nblocks(rel), grown);
	assert_string_equal(payload_now(rel, cur), "version 1299 with some padding");
	assert_int_equal(count_rows_now(rel), 1);
}

int
main(void)
{
	char	   *dir = standalone_temp_datadir("test_heapam_conc");

	memctx_init();
	guc_init();
	guc_shared_buffers_blocks = 1024;
	standalone_init(dir, true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_visibility_between_sessions),
		cmocka_unit_test(test_update_waits_then_updated),
		cmocka_unit_test(test_update_waits_then_proceeds_after_abort),
		cmocka_unit_test(test_update_waits_then_deleted),
		cmocka_unit_test(test_row_deadlock),
		cmocka_unit_test(test_old_snapshot_keeps_old_version),
	};
	int			rc = cmocka_run_group_tests(tests, NULL, NULL);
	standalone_remove_datadir(dir);
	return rc;
}
