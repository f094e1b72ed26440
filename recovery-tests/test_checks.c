/*-------------------------------------------------------------------------
 * test_checks.c
 *	  Unit tests of the harness's named checks (checks.c) over log text and
 *	  process lists: each check passes on a correct recovery and fails,
 *	  under its own name, on each way recovery can go wrong.
 *
 * The log excerpts are shaped like minipg's real log lines (and
 * PostgreSQL 15's, which lack "redo lsn=" on checkpoint lines).
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "checks.h"

static const char crash_log[] =
	"2026-11-21 10:00:00.000 UTC [100] LOG:  database system is ready to accept connections\n"
	"2026-11-21 10:00:01.000 UTC [101] LOG:  checkpoint starting: immediate force wait\n"
	"2026-11-21 10:00:01.010 UTC [101] LOG:  checkpoint complete: wrote 3 buffers (0.1%); "
	"0 WAL file(s) added, 0 removed, 0 recycled; write=0.001 s, sync=0.001 s, total=0.002 s; "
	"sync files=2, longest=0.000 s, average=0.000 s; distance=10 kB, estimate=10 kB; "
	"lsn=0/1000100, redo lsn=0/10000C8\n"
	"@FAULT@"
	"2026-11-21 10:00:02.000 UTC [100] LOG:  server process (PID 200) was terminated by signal 9: Killed\n"
	"2026-11-21 10:00:02.000 UTC [100] LOG:  terminating any other active server processes\n"
	"2026-11-21 10:00:02.010 UTC [100] LOG:  all server processes terminated; reinitializing\n"
	"2026-11-21 10:00:02.020 UTC [300] LOG:  database system was not properly shut down; automatic recovery in progress\n"
	"2026-11-21 10:00:02.021 UTC [300] LOG:  redo starts at 0/10000C8\n"
	"2026-11-21 10:00:02.030 UTC [300] LOG:  redo done at 0/1002000 system usage: CPU: user: 0.00 s\n"
	"2026-11-21 10:00:02.031 UTC [100] LOG:  database system is ready to accept connections\n"
	"2026-11-21 10:00:02.040 UTC [301] LOG:  checkpoint complete: wrote 1 buffers (0.0%); "
	"distance=8 kB, estimate=10 kB; lsn=0/1003000, redo lsn=0/1002FC0\n";

/* The log with the fault marker removed; *fault_at = where it was. */
static char *
log_from(const char *tmpl, size_t *fault_at)
{
	static char buf[8192];
	const char *m = strstr(tmpl, "@FAULT@");

	assert_non_null(m);
	*fault_at = (size_t) (m - tmpl);
	memcpy(buf, tmpl, *fault_at);
	strcpy(buf + *fault_at, m + strlen("@FAULT@"));
	return buf;
}

/* Replace the first occurrence of `from` by `to` in a copy of s. */
static char *
replaced(const char *in, const char *from, const char *to)
{
	static char buf[8192];
	char		s[8192];		/* `in` may be buf itself (nested calls) */
	const char *p;

	strcpy(s, in);
	p = strstr(s, from);
	assert_non_null(p);
	memcpy(buf, s, (size_t) (p - s));
	strcpy(buf + (p - s), to);
	strcat(buf, p + strlen(from));
	return buf;
}

static void
test_parse_lsn(void **state)
{
	uint64_t	v = 0;

	(void) state;
	assert_true(hx_lsn_parse_prefix("0/10000C8", &v, NULL));
	assert_true(v == 0x10000C8);
	assert_true(hx_lsn_parse_prefix("1A/FF", &v, NULL));
	assert_true(v == ((uint64_t) 0x1A << 32 | 0xFF));
	assert_false(hx_lsn_parse_prefix("10000C8", &v, NULL));
	assert_false(hx_lsn_parse_prefix("/12", &v, NULL));
	assert_false(hx_lsn_parse_prefix("0/", &v, NULL));
}

static void
test_log_scans(void **state)
{
	size_t		at;
	char	   *log = log_from(crash_log, &at);
	uint64_t	v = 0;

	(void) state;
	assert_true(hx_log_last_checkpoint_redo(log, at, &v));
	assert_true(v == 0x10000C8);
	/* Over the whole log, the end-of-recovery checkpoint is the last one. */
	assert_true(hx_log_last_checkpoint_redo(log, strlen(log), &v));
	assert_true(v == 0x1002FC0);
	assert_false(hx_log_last_checkpoint_redo(log, 10, &v));
	assert_true(hx_log_redo_start(log, at, &v));
	assert_true(v == 0x10000C8);
	assert_true(hx_log_crash_reset(log, at));
	assert_false(hx_log_crash_reset(log, strlen(log) - 5));
}

static void
test_replay_passes_on_correct_recovery(void **state)
{
	size_t		at;
	char	   *log = log_from(crash_log, &at);
	HxCheckList l;

	(void) state;
	memset(&l, 0, sizeof(l));
	hx_check_replay(&l, log, at, 0x10000C8);
	assert_int_equal(l.n, 0);
	/* pg_control read before a later checkpoint: the log's line wins. */
	memset(&l, 0, sizeof(l));
	hx_check_replay(&l, log, at, 0x0F00000);
	assert_int_equal(l.n, 0);
}

static void
test_replay_fails_on_wrong_start(void **state)
{
	size_t		at;
	char	   *log = log_from(replaced(crash_log, "redo starts at 0/10000C8", "redo starts at 0/1000200"), &at);
	HxCheckList l;

	(void) state;
	memset(&l, 0, sizeof(l));
	hx_check_replay(&l, log, at, 0x10000C8);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].check, "replay-from-last-checkpoint");
	assert_non_null(strstr(l.items[0].detail, "0/1000200"));
	assert_non_null(strstr(l.items[0].detail, "0/10000C8"));
}

static void
test_replay_during_checkpoint(void **state)
{
	size_t		at;
	char	   *log;
	HxCheckList l;

	(void) state;
	/* A checkpoint started before the crash; recovery began at its redo. */
	log = log_from(replaced(replaced(crash_log, "@FAULT@",
									 "@FAULT@2026-11-21 10:00:01.500 UTC [101] LOG:  checkpoint starting: immediate force wait\n"),
							"redo starts at 0/10000C8", "redo starts at 0/1001000"), &at);
	memset(&l, 0, sizeof(l));
	hx_check_replay(&l, log, at, 0x10000C8);
	assert_int_equal(l.n, 0);
	/* ... but never earlier than the last completed one. */
	log = log_from(replaced(replaced(crash_log, "@FAULT@",
									 "@FAULT@2026-11-21 10:00:01.500 UTC [101] LOG:  checkpoint starting: immediate force wait\n"),
							"redo starts at 0/10000C8", "redo starts at 0/1000000"), &at);
	memset(&l, 0, sizeof(l));
	hx_check_replay(&l, log, at, 0x10000C8);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].check, "replay-from-last-checkpoint");
}

static void
test_replay_fails_without_redo_or_ready(void **state)
{
	size_t		at;
	char	   *log;
	HxCheckList l;

	(void) state;
	log = log_from(replaced(crash_log, "redo done at", "redo stalled at"), &at);
	memset(&l, 0, sizeof(l));
	hx_check_replay(&l, log, at, 0x10000C8);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].check, "recovery-finished");

	log = log_from(replaced(crash_log, "redo starts at 0/10000C8", "redo began at 0/10000C8"), &at);
	memset(&l, 0, sizeof(l));
	hx_check_replay(&l, log, at, 0x10000C8);
	assert_true(l.n >= 1);
	assert_string_equal(l.items[0].check, "replay-from-last-checkpoint");

	{
		char		copy[8192];
		char	   *second;

		strcpy(copy, crash_log);
		second = strstr(strstr(copy, "ready to accept") + 1, "ready to accept");
		memcpy(second, "READY", 5);
		log = log_from(copy, &at);
	}
	memset(&l, 0, sizeof(l));
	hx_check_replay(&l, log, at, 0x10000C8);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].check, "recovery-finished");
}

static void
test_reset(void **state)
{
	HxProcess	before[] = {
		{100, HX_ROLE_POSTMASTER, ""}, {101, HX_ROLE_CHECKPOINTER, ""},
		{102, HX_ROLE_BGWRITER, ""}, {200, HX_ROLE_BACKEND, ""},
	};
	HxProcess	good[] = {
		{100, HX_ROLE_POSTMASTER, ""}, {301, HX_ROLE_CHECKPOINTER, ""},
		{302, HX_ROLE_BGWRITER, ""},
	};
	HxProcess	survivor[] = {
		{100, HX_ROLE_POSTMASTER, ""}, {101, HX_ROLE_CHECKPOINTER, ""},
		{302, HX_ROLE_BGWRITER, ""},
	};
	HxProcess	new_pm[] = {
		{400, HX_ROLE_POSTMASTER, ""}, {401, HX_ROLE_CHECKPOINTER, ""},
	};
	HxCheckList l;

	(void) state;
	memset(&l, 0, sizeof(l));
	hx_check_reset(&l, before, 4, good, 3, false);
	assert_int_equal(l.n, 0);

	memset(&l, 0, sizeof(l));
	hx_check_reset(&l, before, 4, survivor, 3, false);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].check, "postmaster-reset-children");
	assert_non_null(strstr(l.items[0].detail, "101"));

	memset(&l, 0, sizeof(l));
	hx_check_reset(&l, before, 4, new_pm, 2, false);
	assert_int_equal(l.n, 1);	/* the postmaster was replaced */
	memset(&l, 0, sizeof(l));
	hx_check_reset(&l, before, 4, new_pm, 2, true);
	assert_int_equal(l.n, 0);	/* ... which is right when it was the target */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_lsn),
		cmocka_unit_test(test_log_scans),
		cmocka_unit_test(test_replay_passes_on_correct_recovery),
		cmocka_unit_test(test_replay_fails_on_wrong_start),
		cmocka_unit_test(test_replay_during_checkpoint),
		cmocka_unit_test(test_replay_fails_without_redo_or_ready),
		cmocka_unit_test(test_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
