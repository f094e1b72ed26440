/*-------------------------------------------------------------------------
 * test_pm_exit.c
 *	  Unit tests of the postmaster's child-exit classification and its
 *	  log wording (pm_exit.h).
 *
 * How: real child processes exit with each status or die by each signal,
 * and the waitpid() status they leave is classified for every process
 * type, with the shared-memory slot released or left ACTIVE.  Expected
 * outcomes are the rules of DESIGN.md written out as a table here, not
 * derived from the code.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "postmaster/pm_exit.h"

/* The waitpid() status of a child that exits with code, or dies by sig. */
static int
child_status(int code, int sig)
{
	pid_t		pid = fork();
	int			status = 0;

	if (pid == 0)
	{
		if (sig != 0)
		{
			signal(sig, SIG_DFL);
			raise(sig);
		}
		_exit(code);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

typedef struct Case
{
	int			code;			/* exit code (if sig == 0) */
	int			sig;			/* or killed by this signal */
	bool		backend_clean;	/* expected for a client backend */
	bool		aux_clean;		/* expected for an auxiliary process */
} Case;

static const Case cases[] = {
	{0, 0, true, true},			/* orderly exit */
	{1, 0, true, false},		/* FATAL: fine for a session, not for a helper */
	{2, 0, false, false},		/* SIGQUIT handler's _exit(2) */
	{3, 0, false, false},
	{0, SIGKILL, false, false},
	{0, SIGSEGV, false, false},
	{0, SIGABRT, false, false},
	{0, SIGTERM, false, false},	/* killed by a signal, whatever it is */
};

static void
test_classification_table(void **state)
{
	static const BackendType aux_types[] = {
		B_CHECKPOINTER, B_BG_WRITER, B_WAL_WRITER, B_STARTUP,
	};
	static const BackendType backend_types[] = {B_BACKEND, B_AUTOVAC_WORKER, B_BG_WORKER};

	(void) state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		int			st = child_status(cases[i].code, cases[i].sig);

		for (size_t t = 0; t < sizeof(backend_types) / sizeof(backend_types[0]); t++)
		{
			assert_int_equal(pm_exit_is_clean(backend_types[t], st, true), cases[i].backend_clean);
			/* Slot left ACTIVE: a crash whatever the status says. */
			assert_false(pm_exit_is_clean(backend_types[t], st, false));
		}
		for (size_t t = 0; t < sizeof(aux_types) / sizeof(aux_types[0]); t++)
		{
			assert_int_equal(pm_exit_is_clean(aux_types[t], st, true), cases[i].aux_clean);
			assert_false(pm_exit_is_clean(aux_types[t], st, false));
		}
	}
}

static void
test_describe(void **state)
{
	char		buf[256];
	char		expected[256];

	(void) state;
	pm_exit_describe("server process", 4242, child_status(0, SIGKILL), buf, sizeof(buf));
	snprintf(expected, sizeof(expected), "server process (PID 4242) was terminated by signal %d: %s",
			 SIGKILL, strsignal(SIGKILL));
	assert_string_equal(buf, expected);
	assert_non_null(strstr(buf, "signal 9: Killed"));

	pm_exit_describe("checkpointer process", 7, child_status(2, 0), buf, sizeof(buf));
	assert_string_equal(buf, "checkpointer process (PID 7) exited with exit code 2");

	/* Truncation is safe. */
	pm_exit_describe("server process", 1, child_status(1, 0), buf, 10);
	assert_int_equal(strlen(buf), 9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classification_table),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
