/*-------------------------------------------------------------------------
 * test_checkpoint.c
 *	  Unit tests of the checkpoint procedure and its request protocol
 *	  (checkpoint.c) in a standalone engine.
 *
 * What:
 *	- the log lines with log_checkpoints on: "checkpoint starting:" names
 *	  every flag (immediate force wait wal time), "checkpoint complete:"
 *	  counts the buffers written; pg_control and checkpoint_last_end()
 *	  then point at the new checkpoint record;
 *	- spreading: a non-immediate checkpoint of 3 dirty buffers with
 *	  checkpoint_timeout = 1 s and completion target 0.9 sleeps between
 *	  writes (it takes at least 0.8 s); one in a hurry (checkpoint_hurry,
 *	  or an IMMEDIATE request arriving through checkpoint_request_async)
 *	  stops pacing and ends well before that; the request's flags are
 *	  then still there for checkpoint_take_request;
 *	- the postmaster dying while a checkpoint paces its writes: the
 *	  process exits 1 and pg_control still names the previous checkpoint;
 *	- no checkpoint while WAL is in recovery (ERROR, nothing recorded);
 *	- checkpoint_request: with no checkpointer, ERROR 55000 "checkpoint
 *	  request failed" with PostgreSQL's hint; with a checkpointer (a
 *	  forked process playing its part with checkpoint_take_request /
 *	  checkpoint_perform / checkpoint_report_failure), a request without
 *	  WAIT returns at once and the checkpointer receives its flags, one
 *	  with WAIT returns after a new checkpoint completed (pg_control
 *	  moved), and one whose checkpoint fails raises the same ERROR 55000.
 * How: each scenario runs in a forked child (standalone_init on a fresh
 * cluster) that checks with CHILD_CHECK; log lines are read from the
 * child's stderr by the parent (test_child_log.h).  Dirty buffers come
 * from WAL-logged page initializations of a test relation, as the
 * access methods make them.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "access/transam/checkpoint.h"
#include "access/transam/controlfile.h"
#include "access/transam/test_child_log.h"
#include "access/wal/wal.h"
#include "access/wal/walformat.h"
#include "access/wal/walinsert.h"
#include "faults/fault_control.h"
#ifdef MINIPG_FAULTS
#include <fiu-control.h>
#endif
#include "storage/lmgr/lwlock.h"
#include "catalog/catalog.h"
#include "postmaster/standalone.h"
#include "postmaster/test_child.h"
#include "storage/buffer/bufmgr.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

#define TEST_REL	900100

/* Requests the fake checkpointer serves in test_request_protocol. */
#ifdef MINIPG_FAULTS
#define SERVED		4
#else
#define SERVED		2
#endif

typedef struct ChildReport
{
	int			got_flags;		/* what the fake checkpointer took */
	int			requests_served;
	int			failures;		/* checkpoints it reported failed */
} ChildReport;

static ChildReport *report;

static void
child_init(const char *dir)
{
	memctx_init();
	guc_init();
	guc_fsync = false;
	guc_log_checkpoints = false;
	guc_max_connections = 4;
	standalone_init(dir, true);
}

/* n new blocks of the test relation, initialized and dirty (WAL-logged). */
static void
dirty_blocks(int n)
{
	RelFileLocator rl = {MyDatabaseId, TEST_REL, 0};

	if (!smgr_exists(rl))
		smgr_create(rl, false);
	for (int i = 0; i < n; i++)
	{
		Buffer		buf = bufmgr_extend(rl);

		wal_begin();
		wal_register_buffer(buf, 0);
		START_CRIT_SECTION();
		page_init(bufmgr_page(buf), 0);
		bufmgr_mark_dirty(buf);
		(void) wal_insert(RM_HEAP, WAL_HEAP_INIT_PAGE);
		END_CRIT_SECTION();
		bufmgr_unlock_release(buf);
	}
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static char *
run_logged(TestChildFn fn, int arg, int *status)
{
	char	   *dir = standalone_temp_datadir("ckpt");

	*status = run_child_in(fn, dir, arg);
	return dir;
}

/* ---- log lines ---- */

static void
child_logged_checkpoint(const char *dir, int arg)
{
	char		log[600];
	ControlFileData cf;

	(void) arg;
	child_log_path(log, sizeof(log), dir);
	child_log_to(log);
	child_init(dir);
	dirty_blocks(2);
	guc_log_checkpoints = true;
	checkpoint_perform(CHECKPOINT_IMMEDIATE | CHECKPOINT_FORCE | CHECKPOINT_WAIT |
					   CHECKPOINT_CAUSE_XLOG | CHECKPOINT_CAUSE_TIME);
	controlfile_get(&cf);
	CHILD_CHECK(cf.state == DB_IN_PRODUCTION);
	CHILD_CHECK(checkpoint_last_end() > cf.checkpoint_lsn);
	CHILD_CHECK(checkpoint_last_end() == wal_insert_position());
	CHILD_CHECK(cf.redo_lsn <= cf.checkpoint_lsn);

	checkpoint_perform(CHECKPOINT_IS_SHUTDOWN | CHECKPOINT_END_OF_RECOVERY | CHECKPOINT_IMMEDIATE);
	controlfile_get(&cf);
	CHILD_CHECK(cf.state == DB_SHUTDOWNED);
	fprintf(stderr, "done\n");
	child_done();
}

static void
test_log_lines(void **state)
{
	(void) state;
	int			status;
	char	   *dir = run_logged(child_logged_checkpoint, 0, &status);
	char		log[600];

	assert_exited_ok(status, "logged checkpoint");
	child_log_path(log, sizeof(log), dir);
	assert_log_has(log, "LOG:  checkpoint starting: immediate force wait wal time\n");
	assert_log_has(log, "LOG:  checkpoint complete: wrote 2 buffers (");
	assert_log_has(log, "LOG:  checkpoint starting: shutdown end-of-recovery immediate\n");
	assert_log_has(log, "done");
	remove_datadir_and_log(dir);
}

/* ---- pacing ---- */

typedef enum PaceMode
{
	PACE_SPREAD,				/* nothing hurries it */
	PACE_HURRY,					/* checkpoint_hurry set */
	PACE_REQUEST,				/* an IMMEDIATE request arrives */
	PACE_PM_DEATH,				/* the postmaster is gone */
} PaceMode;

static void
child_paced(const char *dir, int arg)
{
	ControlFileData before,
				after;
	double		t0,
				elapsed;

	child_init(dir);
	checkpoint_perform(CHECKPOINT_IMMEDIATE | CHECKPOINT_FORCE);
	controlfile_get(&before);
	dirty_blocks(3);
	guc_checkpoint_timeout_s = 1;
	guc_checkpoint_completion_target = 0.9;
	switch ((PaceMode) arg)
	{
		case PACE_SPREAD:
			break;
		case PACE_HURRY:
			checkpoint_hurry = 1;
			break;
		case PACE_REQUEST:
			/* We play the checkpointer: the request's SIGINT is ours. */
			signal(SIGINT, SIG_IGN);
			checkpoint_register_checkpointer();
			checkpoint_request_async(CHECKPOINT_IMMEDIATE);
			break;
		case PACE_PM_DEATH:
			PostmasterDeathPending = 1;
			break;
	}
	t0 = now_s();
	checkpoint_perform(0);
	elapsed = now_s() - t0;
	CHILD_CHECK(arg != PACE_PM_DEATH);
	controlfile_get(&after);
	CHILD_CHECK(after.checkpoint_lsn > before.checkpoint_lsn);
	if (arg == PACE_SPREAD)
	{
		/* Buffer k of 3 may not be written before 0.9 * k / 3 s. */
		if (elapsed < 0.8)
		{
			fprintf(stderr, "spread checkpoint took %.3f s\n", elapsed);
			_exit(3);
		}
	}
	else if (elapsed > 0.6)
	{
		fprintf(stderr, "hurried checkpoint took %.3f s\n", elapsed);
		_exit(3);
	}
	if (arg == PACE_REQUEST)
		CHILD_CHECK(checkpoint_take_request() == CHECKPOINT_IMMEDIATE);
	child_done();
}

static void
child_paced_death(const char *dir, int arg)
{
	char		log[600];

	child_log_path(log, sizeof(log), dir);
	child_log_to(log);
	child_paced(dir, arg);
}

static void
test_pacing(void **state)
{
	(void) state;
	int			status;
	char	   *dir;

	dir = run_logged(child_paced, PACE_SPREAD, &status);
	assert_exited_ok(status, "spread");
	remove_datadir_and_log(dir);
	dir = run_logged(child_paced, PACE_HURRY, &status);
	assert_exited_ok(status, "hurry");
	remove_datadir_and_log(dir);
	dir = run_logged(child_paced, PACE_REQUEST, &status);
	assert_exited_ok(status, "immediate request");
	remove_datadir_and_log(dir);

	/* Postmaster death: exit 1 in the middle, pg_control not moved. */
	ControlFileData cf;
	char		err[1200];

	dir = run_logged(child_paced_death, PACE_PM_DEATH, &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_true(controlfile_read_file(dir, &cf, err, sizeof(err)));
	/* The first checkpoint (immediate) is the last one recorded: its redo
	 * point is where its record is (nothing was logged in between). */
	assert_int_equal(cf.redo_lsn, cf.checkpoint_lsn);
	remove_datadir_and_log(dir);
}

/* ---- in recovery ---- */

static void
child_in_recovery(const char *dir, int arg)
{
	ControlFileData cf;
	volatile bool failed = false;

	(void) arg;
	memctx_init();
	guc_init();
	guc_fsync = false;
	guc_max_connections = 4;
	/* Create the cluster in a grandchild, then attach as the startup
	 * process does before replay: WAL is still in recovery. */
	pid_t		pid = fork();

	CHILD_CHECK(pid >= 0);
	if (pid == 0)
	{
		standalone_init(dir, true);
		child_done();
	}

	int			st;

	CHILD_CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	standalone_init_before_recovery(dir);
	CHILD_CHECK(wal_in_recovery());
	controlfile_get(&cf);
	ELOG_TRY();
	{
		checkpoint_perform(CHECKPOINT_IMMEDIATE | CHECKPOINT_FORCE);
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		CHILD_CHECK(e->elevel == ERROR);
		CHILD_CHECK(strcmp(e->message, "cannot run a checkpoint during recovery") == 0);
		elog_flush_error();
		failed = true;
	}
	ELOG_END_TRY();
	CHILD_CHECK(failed);

	ControlFileData after;

	controlfile_get(&after);
	CHILD_CHECK(after.checkpoint_lsn == cf.checkpoint_lsn);
	child_done();
}

static void
test_not_in_recovery(void **state)
{
	(void) state;
	int			status;
	char	   *dir = run_logged(child_in_recovery, 0, &status);

	assert_exited_ok(status, "checkpoint in recovery");
	remove_datadir_and_log(dir);
}

/* ---- the request protocol ---- */

static volatile sig_atomic_t got_sigint;

static void
on_sigint(int sig)
{
	(void) sig;
	got_sigint = 1;
}

/*
 * A checkpointer: serve `serve` requests the way checkpointer.c does
 * (take the flags, run the checkpoint, report a failure after an ERROR).
 * In fault builds a request with CHECKPOINT_CAUSE_TIME (a marker chosen
 * by the test) fails at checkpoint/before-file-sync.
 */
/* One checkpoint as checkpointer.c runs it (ERROR: report the failure). */
static void
serve_one(int flags)
{
#ifdef MINIPG_FAULTS
	if (flags & CHECKPOINT_CAUSE_TIME)
		CHILD_CHECK(fiu_enable("checkpoint/before-file-sync", 1, NULL, FIU_ONETIME) == 0);
#endif
	ELOG_TRY();
	{
		checkpoint_perform(flags);
	}
	ELOG_CATCH();
	{
		CHILD_CHECK(strcmp(elog_current_error()->message,
						   "fault injected at point \"checkpoint/before-file-sync\"") == 0);
		elog_flush_error();
		bufmgr_release_all();
		lwlock_release_all();
		checkpoint_report_failure();
		report->failures++;
	}
	ELOG_END_TRY();
}

static void
fake_checkpointer(int serve)
{
#ifdef MINIPG_FAULTS
	fault_arm_local_libfiu();
#endif
	for (int served = 0; served < serve;)
	{
		while (!got_sigint)
			usleep(1000);
		got_sigint = 0;

		int			flags = checkpoint_take_request();

		if (flags == 0)
			continue;
		report->got_flags |= flags;
		serve_one(flags);
		report->requests_served++;
		served++;
	}
}

static bool
request_fails(int flags, const char **sqlstate, const char **hint)
{
	volatile bool failed = false;

	ELOG_TRY();
	{
		checkpoint_request(flags);
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();
		static char state_buf[6];
		static char hint_buf[200];

		memcpy(state_buf, e->sqlstate, 6);
		snprintf(hint_buf, sizeof(hint_buf), "%s", e->hint ? e->hint : "");
		*sqlstate = state_buf;
		*hint = hint_buf;
		CHILD_CHECK(strcmp(e->message, "checkpoint request failed") == 0);
		elog_flush_error();
		failed = true;
	}
	ELOG_END_TRY();
	return failed;
}

static void
child_requests(const char *dir, int arg)
{
	const char *sqlstate = NULL,
			   *hint = NULL;
	ControlFileData before,
				after;

	(void) arg;
	child_init(dir);

	/* No checkpointer yet. */
	CHILD_CHECK(request_fails(CHECKPOINT_IMMEDIATE | CHECKPOINT_WAIT, &sqlstate, &hint));
	CHILD_CHECK(strcmp(sqlstate, "55000") == 0);
	CHILD_CHECK(strcmp(hint, "Consult recent messages in the server log for details.") == 0);
	checkpoint_request_async(CHECKPOINT_IMMEDIATE);	/* nobody to ask: no-op */
	CHILD_CHECK(checkpoint_take_request() == 0);

	signal(SIGINT, on_sigint);

	pid_t		pid = standalone_fork();

	CHILD_CHECK(pid >= 0);
	if (pid == 0)
	{
		checkpoint_register_checkpointer();
		fake_checkpointer(SERVED);
		child_done();
	}
	signal(SIGINT, SIG_DFL);
	/* Until it has registered, a request still fails (no checkpointer). */
	for (int i = 0; i < 5000 && request_fails(0, &sqlstate, &hint); i++)
		usleep(1000);
	CHILD_CHECK(!request_fails(0, &sqlstate, &hint));	/* flags 0: nothing to do */

	/* Without WAIT: returns at once; the checkpointer gets the flags. */
	controlfile_get(&before);
	checkpoint_request(CHECKPOINT_FORCE | CHECKPOINT_IMMEDIATE);
	for (int i = 0; i < 5000 && report->requests_served < 1; i++)
		usleep(1000);
	CHILD_CHECK(report->requests_served == 1);
	CHILD_CHECK(report->got_flags == (CHECKPOINT_FORCE | CHECKPOINT_IMMEDIATE));
	controlfile_get(&after);
	CHILD_CHECK(after.checkpoint_lsn > before.checkpoint_lsn);

	/* With WAIT: a checkpoint completed when it returns. */
	controlfile_get(&before);
	checkpoint_request(CHECKPOINT_IMMEDIATE | CHECKPOINT_FORCE | CHECKPOINT_WAIT);
	controlfile_get(&after);
	CHILD_CHECK(after.checkpoint_lsn > before.checkpoint_lsn);
	CHILD_CHECK(checkpoint_last_end() > after.checkpoint_lsn);

#ifdef MINIPG_FAULTS
	/* Its checkpoint fails: the waiter gets the ERROR, pg_control stays. */
	controlfile_get(&before);
	CHILD_CHECK(request_fails(CHECKPOINT_IMMEDIATE | CHECKPOINT_WAIT | CHECKPOINT_CAUSE_TIME,
							  &sqlstate, &hint));
	CHILD_CHECK(strcmp(sqlstate, "55000") == 0);
	CHILD_CHECK(report->failures == 1);
	controlfile_get(&after);
	CHILD_CHECK(after.checkpoint_lsn == before.checkpoint_lsn);
	/* The next one succeeds again. */
	checkpoint_request(CHECKPOINT_IMMEDIATE | CHECKPOINT_WAIT);
	controlfile_get(&after);
	CHILD_CHECK(after.checkpoint_lsn > before.checkpoint_lsn);
#endif

	int			st;

	CHILD_CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHILD_CHECK(report->requests_served == SERVED);
	child_done();
}

static void
test_request_protocol(void **state)
{
	(void) state;
	int			status;
	char	   *dir;

	memset(report, 0, sizeof(*report));
	dir = run_logged(child_requests, 0, &status);
	assert_exited_ok(status, "requests");
	remove_datadir_and_log(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_lines),
		cmocka_unit_test(test_pacing),
		cmocka_unit_test(test_not_in_recovery),
		cmocka_unit_test(test_request_protocol),
	};

	memctx_init();
	guc_init();
	report = shared_with_children(sizeof(ChildReport));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
