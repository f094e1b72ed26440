/*-------------------------------------------------------------------------
 * test_pm_children.c
 *	  Unit tests of the postmaster's child table and fork path
 *	  (pm_children.h).
 *
 * What:
 *	- pm_process_log_name gives PostgreSQL 15's words for every role
 *	  ("server process", "startup process", ... "system logger process").
 *	- pm_start_child forks a child that runs entry(arg) as its own
 *	  process-group leader (setsid), with MyBackendType, MyPMChildSlot
 *	  and the postmaster's fd-closing hook done first; a child whose
 *	  entry returns exits 0.  The table then finds it by pid and by type,
 *	  counts it under its role's mask (dead-end children only when asked),
 *	  matches its cancel key only for a live, non-dead-end backend, and
 *	  pm_signal_children reaches exactly the roles in the mask (SIGQUIT:
 *	  the quickdie handler's exit status 2).  A forgotten entry is gone.
 *	- with every pmsignal child slot taken, forking a child that needs
 *	  one fails with EAGAIN and leaves no entry and no slot behind, while a
 *	  dead-end child (no slot) still starts.
 * How: this process plays the postmaster (PostmasterPid = its pid) over a
 * real shared-memory segment; children report through a shared mapping.
 * Not covered: a full child table (4096 live children).
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/fault_control.h"
#include "postmaster/pm_children.h"
#include "storage/ipc/pmsignal.h"
#include "storage/ipc/shmem.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

typedef struct Seen
{
	_Atomic int ran;
	pid_t		pid;
	pid_t		pgid;
	int			type;
	int			slot;
	int			hook_calls;
	int			arg;
} Seen;

static Seen *seen;				/* one per test child, shared */
static int	hook_calls = 0;

static void
close_fds_hook(void)
{
	hook_calls++;
}

static void
entry_record_and_return(void *arg)
{
	Seen	   *s = &seen[*(int *) arg];

	s->pid = getpid();
	s->pgid = getpgrp();
	s->type = (int) MyBackendType;
	s->slot = MyPMChildSlot;
	s->hook_calls = hook_calls;
	s->arg = *(int *) arg;
	atomic_store(&s->ran, 1);
}

static void
entry_record_and_wait(void *arg)
{
	entry_record_and_return(arg);
	for (;;)
		pause();
}

static void
wait_ran(int i)
{
	for (int n = 0; n < 1000 && !atomic_load(&seen[i].ran); n++)
		usleep(5000);
	assert_true(atomic_load(&seen[i].ran));
}

/* Reap pid, forget its entry, return the wait status. */
static int
reap(pid_t pid)
{
	int			status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	PMChild    *c = pm_child_find(pid);

	assert_non_null(c);
	if (c->child_slot >= 0)
		(void) pmsignal_release_child_slot(c->child_slot);
	pm_child_forget(c);
	assert_null(pm_child_find(pid));
	return status;
}

static void
test_log_names(void **state)
{
	(void) state;
	assert_string_equal(pm_process_log_name(B_BACKEND), "server process");
	assert_string_equal(pm_process_log_name(B_STARTUP), "startup process");
	assert_string_equal(pm_process_log_name(B_CHECKPOINTER), "checkpointer process");
	assert_string_equal(pm_process_log_name(B_BG_WRITER), "background writer process");
	assert_string_equal(pm_process_log_name(B_WAL_WRITER), "WAL writer process");
	assert_string_equal(pm_process_log_name(B_AUTOVAC_LAUNCHER), "autovacuum launcher process");
	assert_string_equal(pm_process_log_name(B_AUTOVAC_WORKER), "autovacuum worker process");
	assert_string_equal(pm_process_log_name(B_STATS_COLLECTOR), "statistics collector process");
	assert_string_equal(pm_process_log_name(B_ARCHIVER), "archiver process");
	assert_string_equal(pm_process_log_name(B_LOGGER), "system logger process");
	assert_string_equal(pm_process_log_name(B_BG_WORKER), "background worker process");
	assert_string_equal(pm_process_log_name(B_STANDALONE), "server process");
}

static void
test_table_and_signals(void **state)
{
	static int	args[3] = {0, 1, 2};

	(void) state;
	memset(seen, 0, sizeof(Seen) * 4);

	/* a child whose entry returns: exit 0 */
	pid_t		quick = pm_start_child(B_BG_WRITER, false, 0, entry_record_and_return, &args[0]);

	assert_true(quick > 0);
	int			status = reap(quick);

	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(seen[0].pid, quick);
	assert_int_equal(seen[0].pgid, quick);	/* its own process group */
	assert_int_equal(seen[0].type, B_BG_WRITER);
	assert_true(seen[0].slot >= 0);
	assert_int_equal(seen[0].hook_calls, 1);	/* postmaster fds closed */

	/* a backend, a dead-end backend and a checkpointer that stay */
	pid_t		be = pm_start_child(B_BACKEND, false, 4242, entry_record_and_wait, &args[1]);
	pid_t		dead = pm_start_child(B_BACKEND, true, 777, entry_record_and_wait, &args[2]);

	assert_true(be > 0 && dead > 0);
	wait_ran(1);
	wait_ran(2);
	assert_true(seen[1].slot >= 0);
	assert_int_equal(seen[2].slot, -1);	/* dead-end: no slot */

	PMChild    *c = pm_child_find(be);

	assert_non_null(c);
	assert_int_equal(c->type, B_BACKEND);
	assert_false(c->dead_end);
	assert_int_equal(c->cancel_key, 4242);
	assert_true(pm_child_find(dead)->dead_end);

	assert_int_equal(pm_count_children(BACKEND_MASK(B_BACKEND), false), 1);
	assert_int_equal(pm_count_children(BACKEND_MASK(B_BACKEND), true), 2);
	assert_int_equal(pm_count_children(BACKEND_MASK(B_CHECKPOINTER), true), 0);
	assert_int_equal(pm_count_children(ALL_CHILDREN_MASK, true), 2);
	assert_int_equal(pm_child_pid_of_type(B_BACKEND), be);	/* not the dead-end one */
	assert_int_equal(pm_child_pid_of_type(B_CHECKPOINTER), 0);

	assert_true(pm_child_cancel_key_matches(be, 4242));
	assert_false(pm_child_cancel_key_matches(be, 4243));
	assert_false(pm_child_cancel_key_matches(dead, 777));	/* dead-end */
	assert_false(pm_child_cancel_key_matches(getpid(), 4242));	/* not a child */

	/* a signal to the checkpointers reaches nobody; to backends, both */
	pm_signal_children(SIGQUIT, BACKEND_MASK(B_CHECKPOINTER));
	usleep(50000);
	assert_int_equal(waitpid(-1, &status, WNOHANG), 0);
	pm_signal_children(SIGQUIT, BACKEND_MASK(B_BACKEND));
	status = reap(be);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);	/* the SIGQUIT handler's _exit(2) */
	status = reap(dead);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_int_equal(pm_count_children(ALL_CHILDREN_MASK, true), 0);
	assert_false(pm_child_cancel_key_matches(be, 4242));	/* gone */
}

static void
test_no_free_slot(void **state)
{
	int			taken[256];
	int			n = 0;
	static int	arg = 3;

	(void) state;
	memset(seen, 0, sizeof(Seen) * 4);
	for (int s; (s = pmsignal_assign_child_slot()) >= 0;)
	{
		assert_true(n < 256);
		taken[n++] = s;
	}
	assert_int_equal(n, pmsignal_max_children());
	errno = 0;
	assert_int_equal(pm_start_child(B_BACKEND, false, 1, entry_record_and_return, &arg), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(pm_count_children(ALL_CHILDREN_MASK, true), 0);
	usleep(20000);
	assert_false(atomic_load(&seen[3].ran));	/* nothing was forked */

	/* a dead-end child needs no slot */
	pid_t		dead = pm_start_child(B_BACKEND, true, 1, entry_record_and_return, &arg);

	assert_true(dead > 0);
	int			status = reap(dead);

	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(seen[3].slot, -1);

	for (int i = 0; i < n; i++)
		(void) pmsignal_release_child_slot(taken[i]);
	int			s = pmsignal_assign_child_slot();

	assert_true(s >= 0);		/* free again */
	(void) pmsignal_release_child_slot(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_names),
		cmocka_unit_test(test_table_and_signals),
		cmocka_unit_test(test_no_free_slot),
	};

	memctx_init();
	guc_init();
	guc_max_connections = 4;
	MyProcPid = getpid();
	PostmasterPid = MyProcPid;
	MyBackendType = B_POSTMASTER;
	fault_process_init(MyBackendType);
	shmem_create(1);
	pm_child_close_postmaster_fds = close_fds_hook;
	seen = mmap(NULL, sizeof(Seen) * 4, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (seen == MAP_FAILED)
		return 1;
	return cmocka_run_group_tests_name("pm_children", tests, NULL, NULL);
}
