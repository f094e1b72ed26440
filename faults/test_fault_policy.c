/*-------------------------------------------------------------------------
 * test_fault_policy.c
 *	  Unit tests of the policy syntax (fault_policy.c) and of the triggers
 *	  as the control plane evaluates them (fault_control.c): nth hit, hit
 *	  window, times/once/persistent, process filters, the seeded
 *	  probability (same seed, same firings; other seed, others), and the
 *	  trail lines they leave; the "short" action (once by default, no
 *	  errno=) applies only where a FAULT_WRITE asks (faults/test_short_write.c
 *	  tests what it does to the writes).
 *
 * Trigger tests run in forked children that are "standalone" processes
 * with MINIPG_FAULTS in their environment, exactly as a fuzz target or a
 * single-user process would pick up policies, each in its own directory.
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "faults/fault_control.h"
#include "faults/fault_internal.h"
#include "faults/fault_policy.h"
#include "faults/faultpoint.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "storage/ipc/proc.h"
#include "storage/lmgr/spin.h"

static void
expect_parse_error(const char *text, const char *fragment)
{
	FaultPolicy p;
	char		err[256] = "";

	assert_false(fault_policy_parse(text, &p, err, sizeof(err)));
	if (strstr(err, fragment) == NULL)
		fail_msg("\"%s\": error \"%s\" does not contain \"%s\"", text, err, fragment);
}

static void
test_parse_defaults_and_options(void **state)
{
	FaultPolicy p;
	char		err[256];

	(void) state;
	assert_true(fault_policy_parse("storage/file/write error", &p, err, sizeof(err)));
	assert_string_equal(p.point, "storage/file/write");
	assert_int_equal(p.action, FAULT_ACTION_ERROR);
	assert_int_equal(p.err, EIO);
	assert_true(p.times == UINT64_MAX);	/* error: persistent by default */
	assert_true(p.prob_threshold == UINT64_MAX);

	assert_true(fault_policy_parse("xact/commit/after-wal-flush crash", &p, err, sizeof(err)));
	assert_true(p.times == 1);	/* crash: once by default */

	assert_true(fault_policy_parse("  wal/*   error errno=ENOSPC nth=3 proc=backend,checkpointer app=bank ",
								   &p, err, sizeof(err)));
	assert_string_equal(p.point, "wal/*");
	assert_int_equal(p.err, ENOSPC);
	assert_true(p.nth == 3);
	assert_int_equal(p.proc_mask, (1u << B_BACKEND) | (1u << B_CHECKPOINTER));
	assert_string_equal(p.app, "bank");

	assert_true(fault_policy_parse("bufmgr/evict/before-write corrupt target=buffer-page bytes=4 persistent",
								   &p, err, sizeof(err)));
	assert_int_equal(p.target, FAULT_TARGET_BUFFER_PAGE);
	assert_int_equal(p.corrupt_bytes, 4);
	assert_true(p.times == UINT64_MAX);

	assert_true(fault_policy_parse("storage/file/write short", &p, err, sizeof(err)));
	assert_int_equal(p.action, FAULT_ACTION_SHORT);
	assert_true(p.times == 1);	/* short: once by default (a transient partial write) */
	assert_true(fault_policy_parse("storage/file/extend short persistent proc=backend",
								   &p, err, sizeof(err)));
	assert_int_equal(p.action, FAULT_ACTION_SHORT);
	assert_true(p.times == UINT64_MAX);	/* a disk that stays full */
	assert_int_equal(p.proc_mask, 1u << B_BACKEND);

	assert_true(fault_policy_parse("x/y delay ms=25 from=2 to=9 times=3 prob=0.25 pid=77",
								   &p, err, sizeof(err)));
	assert_int_equal(p.delay_ms, 25);
	assert_true(p.from == 2 && p.to == 9 && p.times == 3 && p.pid == 77);
	assert_true(p.prob_threshold == (uint64_t) 1 << 62);
}

static void
test_parse_errors(void **state)
{
	(void) state;
	expect_parse_error("", "empty");
	expect_parse_error("xact/commit", "no action");
	expect_parse_error("Xact/commit crash", "invalid fault point name");
	expect_parse_error("a*b crash", "invalid fault point name");
	expect_parse_error("a/b explode", "unknown fault action");
	expect_parse_error("a/b crash nth=0", "invalid hit number");
	expect_parse_error("a/b crash nth=-1", "invalid hit number");
	expect_parse_error("a/b crash nth=99999999999999999999999", "invalid hit number");
	expect_parse_error("a/b crash from=5 to=4", "empty hit window");
	expect_parse_error("a/b crash prob=1.5", "invalid probability");
	expect_parse_error("a/b crash prob=nan", "invalid probability");
	expect_parse_error("a/b error errno=EWHAT", "invalid errno");
	expect_parse_error("a/b corrupt", "needs target=");
	expect_parse_error("a/b crash target=proc", "only for the corrupt action");
	expect_parse_error("a/b powerloss tear=100", "invalid sector size");
	expect_parse_error("a/b crash proc=janitor", "unknown process type");
	expect_parse_error("a/b crash colour=blue", "unrecognized option");
	expect_parse_error("a/b crash loud", "unrecognized option");
	expect_parse_error("a/b short errno=EIO", "errno= is not for the short action");
	expect_parse_error("a/b short target=proc", "only for the corrupt action");
}

static void
test_format_round_trip(void **state)
{
	const char *texts[] = {
		"storage/file/fsync error errno=ENOSPC from=3 to=7 persistent proc=checkpointer",
		"xact/commit/after-wal-flush crash nth=2 times=1 app=victim",
		"bufmgr/* corrupt target=wal-buffers bytes=9 prob=0.125 times=4 pid=123",
		"* powerloss tear=4096 times=1",
		"wal/flush/before-fsync delay ms=5 persistent",
		"storage/file/write short nth=2 times=3 proc=backend,checkpointer",
		"storage/file/extend short from=4 persistent app=loader",
	};

	(void) state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
	{
		FaultPolicy a,
					b;
		char		err[256],
					out[512],
					again[512];

		assert_true(fault_policy_parse(texts[i], &a, err, sizeof(err)));
		fault_policy_format(&a, out, sizeof(out));
		if (!fault_policy_parse(out, &b, err, sizeof(err)))
			fail_msg("formatted \"%s\" does not parse: %s", out, err);
		assert_memory_equal(&a, &b, sizeof(a));
		fault_policy_format(&b, again, sizeof(again));
		assert_string_equal(out, again);
	}
}

static void
test_seed_lines(void **state)
{
	uint64_t	seed = 0;
	char		err[128];

	(void) state;
	assert_int_equal(fault_policy_parse_seed("seed 12345", &seed, err, sizeof(err)), 1);
	assert_true(seed == 12345);
	assert_int_equal(fault_policy_parse_seed("  seed   18446744073709551615  ", &seed, err, sizeof(err)), 1);
	assert_true(seed == UINT64_MAX);
	assert_int_equal(fault_policy_parse_seed("seedy/point crash", &seed, err, sizeof(err)), 0);
	assert_int_equal(fault_policy_parse_seed("seed", &seed, err, sizeof(err)), -1);
	assert_int_equal(fault_policy_parse_seed("seed 1 2", &seed, err, sizeof(err)), -1);
	assert_int_equal(fault_policy_parse_seed("seed x", &seed, err, sizeof(err)), -1);
}

#ifdef MINIPG_FAULTS

/*
 * In a child: a standalone process with `policies` in MINIPG_FAULTS and
 * `seed` in MINIPG_FAULT_SEED hits `point` n times; the child writes one
 * byte per hit ('1' fired, '0' not) to the pipe.
 */
static void
run_hits(const char *policies, const char *seed, const char *point, int n, char *out)
{
	int			fds[2];
	pid_t		pid;
	int			status;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
	{
		char		dir[] = "/tmp/minipg_test_fault_policy_XXXXXX";

		close(fds[0]);
		if (mkdtemp(dir) == NULL || chdir(dir) != 0)
			_exit(3);
		setenv("MINIPG_FAULTS", policies, 1);
		setenv("MINIPG_FAULT_SEED", seed, 1);
		memctx_init();
		guc_init();
		MyBackendType = B_STANDALONE;
		fault_process_init(B_STANDALONE);
		for (int i = 0; i < n; i++)
		{
			char		c = FAULT_POINT(point) ? '1' : '0';

			if (write(fds[1], &c, 1) != 1)
				_exit(4);
		}
		/* The trail must hold one line per firing, naming the point. */
		{
			FILE	   *f = fopen("pg_faults/trail", "r");
			char		line[1024];
			int			lines = 0;

			while (f != NULL && fgets(line, sizeof(line), f) != NULL)
				if (strstr(line, " proc=standalone#0 point=") != NULL && strstr(line, point) != NULL)
					lines++;
			if (f != NULL)
				fclose(f);
			if (system("rm -rf pg_faults") != 0 || chdir("/") != 0 || rmdir(dir) != 0)
				_exit(5);
			if (write(fds[1], &lines, sizeof(lines)) != sizeof(lines))
				_exit(4);
		}
		_exit(0);
	}
	close(fds[1]);
	{
		int			got = 0;
		int			lines = -1;

		while (got < n)
		{
			ssize_t		r = read(fds[0], out + got, (size_t) (n - got));

			assert_true(r > 0);
			got += (int) r;
		}
		out[n] = '\0';
		assert_int_equal(read(fds[0], &lines, sizeof(lines)), (int) sizeof(lines));
		{
			int			fired = 0;

			for (int i = 0; i < n; i++)
				fired += out[i] == '1';
			assert_int_equal(lines, fired);
		}
	}
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void
test_trigger_nth_window_times(void **state)
{
	char		out[64];

	(void) state;
	run_hits("a/b error nth=3", "1", "a/b", 8, out);
	assert_string_equal(out, "00100000");
	run_hits("a/b error from=2 to=4", "1", "a/b", 8, out);
	assert_string_equal(out, "01110000");
	run_hits("a/b error from=2 times=2", "1", "a/b", 8, out);
	assert_string_equal(out, "01100000");
	run_hits("a/b error once", "1", "a/b", 4, out);
	assert_string_equal(out, "1000");
	run_hits("a/* error", "1", "a/b", 4, out);	/* prefix pattern, persistent */
	assert_string_equal(out, "1111");
	run_hits("a/c error", "1", "a/b", 4, out);	/* another point */
	assert_string_equal(out, "0000");
	run_hits("a/b error proc=backend", "1", "a/b", 4, out);	/* filtered out */
	assert_string_equal(out, "0000");
	run_hits("a/b error proc=standalone nth=2;a/b error nth=1", "1", "a/b", 3, out);
	assert_string_equal(out, "110");	/* first firing policy wins; both count */
	run_hits("a/b short persistent", "1", "a/b", 4, out);	/* not a write point */
	assert_string_equal(out, "0000");
	run_hits("a/b short persistent;a/b error nth=2", "1", "a/b", 3, out);
	assert_string_equal(out, "010");	/* the short policy neither fires nor counts */
}

static void
test_trigger_probability_is_seeded(void **state)
{
	char		a[1001],
				b[1001],
				c[1001];
	int			fired = 0;

	(void) state;
	run_hits("a/b error prob=0.3", "42", "a/b", 1000, a);
	run_hits("a/b error prob=0.3", "42", "a/b", 1000, b);
	run_hits("a/b error prob=0.3", "43", "a/b", 1000, c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	for (int i = 0; i < 1000; i++)
		fired += a[i] == '1';
	/* Binomial(1000, 0.3): mean 300, sd 14.5; +-75 is over 5 sd. */
	assert_in_range(fired, 225, 375);
	run_hits("a/b error prob=0", "42", "a/b", 100, a);
	assert_null(strchr(a, '1'));
}

static void
test_error_sets_errno(void **state)
{
	pid_t		pid;
	int			status;

	(void) state;
	pid = fork();
	if (pid == 0)
	{
		char		dir[] = "/tmp/minipg_test_fault_errno_XXXXXX";
		const char *point = "a/b";	/* a test-only name, not in the catalog */
		int			ok;

		if (mkdtemp(dir) == NULL || chdir(dir) != 0)
			_exit(3);
		setenv("MINIPG_FAULTS", "a/b error errno=ENOSPC", 1);
		memctx_init();
		guc_init();
		fault_process_init(B_STANDALONE);
		errno = 0;
		ok = FAULT_POINT(point) && errno == ENOSPC;
		(void) !system("rm -rf pg_faults");
		(void) !chdir("/");
		rmdir(dir);
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/*
 * The postmaster never spins on the policy table's lock: held (as by a child
 * that died holding it), the postmaster's point does not fire and the call
 * returns within a bounded time; released, the same point fires.
 */
static void
test_postmaster_does_not_wait_for_table_lock(void **state)
{
	pid_t		pid;
	int			status;

	(void) state;
	pid = fork();
	if (pid == 0)
	{
		char		dir[] = "/tmp/minipg_test_fault_pmlock_XXXXXX";
		const char *point = "a/b";
		int			ok = 1;
		int64_t		t0;

		if (mkdtemp(dir) == NULL || chdir(dir) != 0)
			_exit(3);
		setenv("MINIPG_FAULTS", "a/b error", 1);
		memctx_init();
		guc_init();
		fault_process_init(B_STANDALONE);
		fault_self.type = B_POSTMASTER;
		atomic_store(&fault_table->lock, 1);	/* held by "a dead child" */
		t0 = now_us();
		ok &= !FAULT_POINT(point);
		ok &= now_us() - t0 < 2000000;
		spin_unlock(&fault_table->lock);
		ok &= FAULT_POINT(point) ? 1 : 0;
		(void) !system("rm -rf pg_faults");
		(void) !chdir("/");
		rmdir(dir);
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A write point under a private name: the length it may write, -1 on error. */
static ssize_t
private_write(size_t len, bool *cut)
{
	*cut = false;
	FAULT_WRITE("a/b", len, *cut, -1);
	return (ssize_t) len;
}

/*
 * "short" fires where a FAULT_WRITE asks and cuts the length there; the
 * FAULT_POINT and FAULT_MARK hits in between neither fire nor use up its
 * firings.  "error" at the same write point still fails the call.
 */
static void
test_short_only_at_write_points(void **state)
{
	pid_t		pid;
	int			status;

	(void) state;
	pid = fork();
	if (pid == 0)
	{
		char		dir[] = "/tmp/minipg_test_fault_short_XXXXXX";
		const char *point = "a/b";	/* a test-only name, not in the catalog */
		bool		cut;
		int			ok = 1;

		if (mkdtemp(dir) == NULL || chdir(dir) != 0)
			_exit(3);
		setenv("MINIPG_FAULTS", "a/b short times=2;a/b error nth=6", 1);
		memctx_init();
		guc_init();
		fault_process_init(B_STANDALONE);
		/* Hits 1..7 of the error policy, which counts every kind of point. */
		ok &= !FAULT_POINT(point);
		FAULT_MARK(point);
		ok &= private_write(8192, &cut) == 4096 && cut;
		ok &= !FAULT_POINT(point);
		ok &= private_write(1, &cut) == 0 && cut;
		errno = 0;
		ok &= private_write(8192, &cut) == -1 && errno == EIO && !cut;	/* short used up */
		ok &= private_write(100, &cut) == 100 && !cut;
		ok &= fault_fired("a/b") == 3 && fault_hits("a/b") == 7 + 4;
		(void) !system("rm -rf pg_faults");
		(void) !chdir("/");
		rmdir(dir);
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

#endif							/* MINIPG_FAULTS */

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_defaults_and_options),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_seed_lines),
#ifdef MINIPG_FAULTS
		cmocka_unit_test(test_trigger_nth_window_times),
		cmocka_unit_test(test_trigger_probability_is_seeded),
		cmocka_unit_test(test_error_sets_errno),
		cmocka_unit_test(test_postmaster_does_not_wait_for_table_lock),
		cmocka_unit_test(test_short_only_at_write_points),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
