/*-------------------------------------------------------------------------
 * test_lock.c
 *	  Unit tests of the heavyweight lock manager.
 *
 * How: a standalone environment (private shared memory, proc slots) and a
 * forked second "session" (standalone_fork), synchronized through pipes.
 * Checks: the conflict table matches PostgreSQL's; compatible modes are
 * granted together and conflicting ones refused (conditional) or waited
 * for until the holder's transaction ends; a queued exclusive request
 * blocks later shared requests (no starvation); lock_timeout fails with
 * 55P03; a two-session cycle fails with 40P01 in exactly one session while
 * the other gets its lock; locks are released at commit and at abort.
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
#include <sys/wait.h>
#include <unistd.h>

#include "access/transam/xact.h"
#include "postmaster/standalone.h"
#include "storage/lmgr/lock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

#define REL_A 50001
#define REL_B 50002

static void
send_byte(int fd, char c)
{
	if (write(fd, &c, 1) != 1)
		abort();
}

static char
recv_byte(int fd)
{
	char		c = 0;

	if (read(fd, &c, 1) != 1)
		return '?';
	return c;
}

/* Try a lock in a transaction; return the SQLSTATE of an error or "OK". */
static const char *
try_lock(Oid rel, LOCKMODE mode)
{
	static char code[6];
	volatile bool ok = true;

	ELOG_TRY();
	{
		lock_relation(rel, mode);
	}
	ELOG_CATCH();
	{
		ok = false;
		snprintf(code, sizeof(code), "%s", elog_current_error()->sqlstate);
		elog_flush_error();
		xact_abort_current();
	}
	ELOG_END_TRY();
	return ok ? "OK" : code;
}

static void
test_conflict_table(void **state)
{
	(void) state;
	/* Spot checks of PostgreSQL's table, both directions. */
	assert_false(lock_modes_conflict(AccessShareLock, RowExclusiveLock));
	assert_true(lock_modes_conflict(AccessShareLock, AccessExclusiveLock));
	assert_true(lock_modes_conflict(RowExclusiveLock, ShareLock));
	assert_false(lock_modes_conflict(RowExclusiveLock, RowExclusiveLock));
	assert_true(lock_modes_conflict(ShareUpdateExclusiveLock, ShareUpdateExclusiveLock));
	assert_false(lock_modes_conflict(ShareLock, ShareLock));
	assert_true(lock_modes_conflict(ExclusiveLock, RowShareLock));
	assert_false(lock_modes_conflict(ExclusiveLock, AccessShareLock));
	for (int a = 1; a < MAX_LOCKMODES; a++)
		for (int b = 1; b < MAX_LOCKMODES; b++)
			assert_int_equal(lock_modes_conflict(a, b), lock_modes_conflict(b, a));
	assert_string_equal(lock_mode_name(AccessExclusiveLock), "AccessExclusiveLock");
}

static void
test_grant_conflict_and_release(void **state)
{
	int			to_child[2], to_parent[2];

	(void) state;
	assert_int_equal(pipe(to_child), 0);
	assert_int_equal(pipe(to_parent), 0);
	pid_t		pid = standalone_fork();

	if (pid == 0)
	{
		xact_start_command();
		/* Parent holds AccessShare: shared modes fit, exclusive does not. */
		recv_byte(to_child[0]);
		bool		share = lock_relation_conditional(REL_A, RowExclusiveLock);
		bool		excl = lock_relation_conditional(REL_A, AccessExclusiveLock);

		send_byte(to_parent[1], (share && !excl) ? 'y' : 'n');
		/* Now wait for AccessExclusive until the parent commits. */
		lock_relation(REL_A, AccessExclusiveLock);
		send_byte(to_parent[1], 'g');
		xact_commit_command();
		proc_exit(0);
	}
	xact_start_command();
	lock_relation(REL_A, AccessShareLock);
	send_byte(to_child[1], 'g');
	assert_int_equal(recv_byte(to_parent[0]), 'y');
	/* The child must still be waiting. */
	usleep(200 * 1000);
	xact_commit_command();
	assert_int_equal(recv_byte(to_parent[0]), 'g');
	int			status;

	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* Released at the child's commit: we can take it exclusively now. */
	xact_start_command();
	assert_true(lock_relation_conditional(REL_A, AccessExclusiveLock));
	xact_abort_current();
	xact_start_command();
	assert_true(lock_relation_conditional(REL_A, AccessExclusiveLock));
	xact_commit_command();
}

static void
test_lock_timeout(void **state)
{
	int			to_child[2], to_parent[2];

	(void) state;
	assert_int_equal(pipe(to_child), 0);
	assert_int_equal(pipe(to_parent), 0);
	pid_t		pid = standalone_fork();

	if (pid == 0)
	{
		recv_byte(to_child[0]);
		guc_set("lock_timeout", "200", PGC_USERSET, PGC_S_SESSION, false, ERROR);
		xact_start_command();
		const char *r = try_lock(REL_B, ShareLock);

		send_byte(to_parent[1], strcmp(r, "55P03") == 0 ? 't' : 'f');
		proc_exit(0);
	}
	xact_start_command();
	lock_relation(REL_B, ExclusiveLock);
	send_byte(to_child[1], 'x');
	assert_int_equal(recv_byte(to_parent[0]), 't');
	xact_commit_command();
	waitpid(pid, NULL, 0);
}

static void
test_deadlock(void **state)
{
	int			to_child[2], to_parent[2];

	(void) state;
	assert_int_equal(pipe(to_child), 0);
	assert_int_equal(pipe(to_parent), 0);
	guc_set("deadlock_timeout", "100", PGC_SUSET, PGC_S_SESSION, false, ERROR);
	pid_t		pid = standalone_fork();

	if (pid == 0)
	{
		xact_start_command();
		lock_relation(REL_B, AccessExclusiveLock);
		send_byte(to_parent[1], 'b');
		recv_byte(to_child[0]);
		const char *r = try_lock(REL_A, AccessExclusiveLock);

		send_byte(to_parent[1], strcmp(r, "OK") == 0 ? 'k' : (strcmp(r, "40P01") == 0 ? 'd' : 'e'));
		if (strcmp(r, "OK") == 0)
			xact_commit_command();
		proc_exit(0);
	}
	xact_start_command();
	lock_relation(REL_A, AccessExclusiveLock);
	assert_int_equal(recv_byte(to_parent[0]), 'b');
	send_byte(to_child[1], 'a');
	usleep(50 * 1000);
	const char *mine = try_lock(REL_B, AccessExclusiveLock);

	if (strcmp(mine, "OK") == 0)
		xact_commit_command();
	char		theirs = recv_byte(to_parent[0]);

	waitpid(pid, NULL, 0);
	/* Exactly one side was chosen as the victim; the other got its lock. */
	if (strcmp(mine, "40P01") == 0)
		assert_int_equal(theirs, 'k');
	else
	{
		assert_string_equal(mine, "OK");
		assert_int_equal(theirs, 'd');
	}
}

static void
test_no_starvation(void **state)
{
	int			to_child[2], to_parent[2], to_third[2], from_third[2];

	(void) state;
	assert_int_equal(pipe(to_child), 0);
	assert_int_equal(pipe(to_parent), 0);
	assert_int_equal(pipe(to_third), 0);
	assert_int_equal(pipe(from_third), 0);
	xact_start_command();
	lock_relation(REL_A, AccessShareLock);
	pid_t		writer = standalone_fork();

	if (writer == 0)
	{
		xact_start_command();
		lock_relation(REL_A, AccessExclusiveLock);	/* queues behind our share */
		send_byte(to_parent[1], 'w');
		recv_byte(to_child[0]);
		xact_commit_command();
		proc_exit(0);
	}
	usleep(200 * 1000);
	pid_t		reader = standalone_fork();

	if (reader == 0)
	{
		xact_start_command();
		/* A new shared request must not jump the queued exclusive one. */
		send_byte(from_third[1], lock_relation_conditional(REL_A, AccessShareLock) ? 'j' : 'q');
		proc_exit(0);
	}
	assert_int_equal(recv_byte(from_third[0]), 'q');
	waitpid(reader, NULL, 0);
	xact_commit_command();
	assert_int_equal(recv_byte(to_parent[0]), 'w');
	send_byte(to_child[1], 'c');
	waitpid(writer, NULL, 0);
}

int
main(void)
{
	char	   *dir = standalone_temp_datadir("test_lock");

	standalone_init(dir, true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conflict_table),
		cmocka_unit_test(test_grant_conflict_and_release),
		cmocka_unit_test(test_lock_timeout),
		cmocka_unit_test(test_deadlock),
		cmocka_unit_test(test_no_starvation),
	};
	int			rc = cmocka_run_group_tests(tests, NULL, NULL);
	standalone_remove_datadir(dir);
	return rc;
}
