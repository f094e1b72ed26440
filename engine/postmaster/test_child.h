/*-------------------------------------------------------------------------
 * test_child.h
 *	  For unit tests that run an engine instance in a forked child (so a
 *	  crash is a real process death and a restart is a new process on the
 *	  same data directory): run the child, read how it ended, and fail a
 *	  check inside it.
 *
 * Include after <cmocka.h>.  Header-only; every function is static.
 *
 *	CHILD_CHECK(cond)	in a child: on failure print the line and _exit(3)
 *	run_child_in(fn, dir, arg)	fork, run fn(dir, arg) with core dumps off,
 *						exit(0); returns the wait status
 *	assert_exited_ok(status, what)	the child returned normally
 *	assert_child_killed(status, sig, what)	the child died by signal sig
 *	crash_now()			in a child: SIGKILL itself at once (no checkpoint, no
 *						cleanup; shared memory goes with it)
 *	shared_with_children(len)	zeroed memory the parent and every child it
 *						forks later share (a report children fill in);
 *						exits 1 if it cannot be mapped
 *-------------------------------------------------------------------------
 */
#ifndef TEST_CHILD_H
#define TEST_CHILD_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/minipg.h"

#define CHILD_CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "child check failed at line %d: %s\n", __LINE__, #cond); \
			_exit(3); \
		} \
	} while (0)

typedef void (*TestChildFn) (const char *dir, int arg);

static pg_unused int
run_child_in(TestChildFn fn, const char *dir, int arg)
{
	pid_t		pid;
	int			status;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
	{
		struct rlimit no_core = {0, 0};

		(void) setrlimit(RLIMIT_CORE, &no_core);
		fn(dir, arg);
		fflush(stdout);
		fflush(stderr);
		/*
		 * exit(), not _exit(): a coverage build writes its counters at
		 * exit, so what the child ran counts in ci/coverage (nothing in
		 * the engine registers atexit handlers; proc_exit callbacks are
		 * not run).
		 */
		exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static pg_unused void
assert_exited_ok(int status, const char *what)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("%s: child %s %d", what, WIFSIGNALED(status) ? "killed by signal" : "exited with",
				 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

static pg_unused void
assert_child_killed(int status, int sig, const char *what)
{
	if (!WIFSIGNALED(status) || WTERMSIG(status) != sig)
		fail_msg("%s: expected death by signal %d, got %s %d", what, sig,
				 WIFSIGNALED(status) ? "signal" : "exit status",
				 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

static pg_unused pg_noreturn void
crash_now(void)
{
	fflush(stdout);
	fflush(stderr);
	kill(getpid(), SIGKILL);
	for (;;)
		pause();
}

static pg_unused void *
shared_with_children(size_t len)
{
	void	   *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
	{
		perror("mmap of the memory shared with test children");
		exit(1);
	}
	return p;
}

#endif							/* TEST_CHILD_H */
