/*-------------------------------------------------------------------------
 * postmaster.c
 *	  The postmaster: creates shared memory, forks backends and auxiliary
 *	  processes, classifies their exits, and rebuilds everything after a
 *	  crash.
 *
 * THE INVARIANT: the postmaster never touches shared memory after creating
 * it, beyond the single-word child-slot flags of pmsignal.c.  It takes no
 * locks and reads no shared structure, so no child's crash, scribble or
 * stuck lock can hang or corrupt it; that is what lets it kill every child,
 * throw the segment away and start over.
 *
 * State machine (each transition is logged at DEBUG1 by name):
 *
 *	PM_STARTUP ---startup exits 0---> PM_RUN
 *	PM_STARTUP ---startup signals RECOVERY_STARTED---> PM_RECOVERY (crash
 *	        cleanup over; connections hear "not yet accepting connections")
 *	PM_RECOVERY ---startup exits 0---> PM_RUN
 *	PM_RUN ---SIGTERM/SIGINT---> PM_STOP_BACKENDS ---no backends---> PM_WAIT_BACKENDS
 *	PM_WAIT_BACKENDS ---only checkpointer left---> PM_SHUTDOWN (SIGUSR2 to it)
 *	PM_SHUTDOWN ---checkpointer exits 0---> exit(0)
 *	any ---child crash / SIGQUIT---> PM_WAIT_DEAD (SIGQUIT all, SIGKILL after
 *	        SIGKILL_CHILDREN_AFTER_SECS)
 *	PM_WAIT_DEAD ---no children, crash, restart_after_crash---> reinitialize
 *	        shared memory, PM_STARTUP;  otherwise exit
 *
 * Exit classification (pm_exit.h): a backend exiting with 0 or 1 that
 * cleared its child slot is normal; any signal, any other status, or a
 * slot left ACTIVE (pmsignal.h) is a crash.  Auxiliary processes: 0 is
 * normal, anything else a crash.  The startup process failing during
 * startup aborts the postmaster ("aborting startup due to startup process
 * failure"), as PostgreSQL does, rather than looping: at the first start
 * and at the start after a crash reset alike.  A startup process that
 * cannot even be forked ("could not fork startup process") ends the
 * postmaster the same way, as in PostgreSQL; nothing else would ever move
 * it out of PM_STARTUP.
 *
 * Signals are turned into flags plus a byte on a self-pipe; the server loop
 * poll()s the listening sockets and the pipe and does all real work outside
 * signal handlers.
 *
 * Fault points (never in a signal handler): postmaster/child-exit (each
 * reaped child, after classification), postmaster/crash/before-sigquit,
 * postmaster/reinit/before-shmem-create (steps: meant for delay, wait or
 * crash of the postmaster itself); postmaster/fork-* are in pm_children.c
 * and postmaster/accept in pm_listen.c.
 *-------------------------------------------------------------------------
 */
#include "postmaster/postmaster.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faults/fault_control.h"
#include "faults/faultpoint.h"
#include "postmaster/autovacuum.h"
#include "postmaster/auxprocess.h"
#include "postmaster/pidfile.h"
#include "postmaster/pm_exit.h"
#include "postmaster/pm_children.h"
#include "postmaster/pm_listen.h"
#include "postmaster/syslogger.h"
#include "storage/file/tempfile.h"
#include "storage/ipc/pmsignal.h"
#include "storage/ipc/shmem.h"
#include "storage/smgr/smgr.h"
#include "tcop/backend.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/pgstat/pgstat.h"

#define SIGKILL_CHILDREN_AFTER_SECS 5

typedef enum PMState
{
	PM_INIT,
	PM_STARTUP,
	PM_RECOVERY,
	PM_RUN,
	PM_STOP_BACKENDS,
	PM_WAIT_BACKENDS,
	PM_SHUTDOWN,
	PM_WAIT_DEAD,
} PMState;

typedef enum ShutdownMode
{
	NO_SHUTDOWN,
	SMART_SHUTDOWN,
	FAST_SHUTDOWN,
	IMMEDIATE_SHUTDOWN,
} ShutdownMode;

static PMState pm_state = PM_INIT;
static ShutdownMode shutdown_mode = NO_SHUTDOWN;
static bool fatal_error = false;	/* a crash is being cleaned up */
static bool abort_startup = false;	/* startup process failed: exit, no restart */
static uint64_t shmem_generation = 0;
static time_t quit_sent_at = 0;
static bool sigkill_sent = false;
static bool terminate_sent = false;
static bool collector_stop_sent = false;	/* SIGTERM after the shutdown checkpoint */

static int	selfpipe[2] = {-1, -1};
static volatile sig_atomic_t pending_sigchld;
static volatile sig_atomic_t pending_sighup;
static volatile sig_atomic_t pending_sigusr1;
static volatile sig_atomic_t pending_shutdown;	/* highest ShutdownMode requested */

char	   *DataDir = NULL;

static const char *
pm_state_name(PMState s)
{
	static const char *const names[] = {
		"PM_INIT", "PM_STARTUP", "PM_RECOVERY", "PM_RUN", "PM_STOP_BACKENDS",
		"PM_WAIT_BACKENDS", "PM_SHUTDOWN", "PM_WAIT_DEAD",
	};

	return names[s];
}

static void
set_pm_state(PMState s)
{
	if (s != pm_state)
		elog(DEBUG1, "postmaster state: %s -> %s", pm_state_name(pm_state), pm_state_name(s));
	pm_state = s;
}

/* ---------- signal handling ---------- */

static void
poke_selfpipe(void)
{
	int			save = errno;
	char		c = 0;

	(void) !write(selfpipe[1], &c, 1);
	errno = save;
}

static void
pm_handle_sigchld(int s)
{
	(void) s;
	pending_sigchld = 1;
	poke_selfpipe();
}

static void
pm_handle_sighup(int s)
{
	(void) s;
	pending_sighup = 1;
	poke_selfpipe();
}

static void
pm_handle_sigusr1(int s)
{
	(void) s;
	pending_sigusr1 = 1;
	poke_selfpipe();
}

static void
pm_handle_shutdown(int s)
{
	ShutdownMode m = s == SIGTERM ? SMART_SHUTDOWN :
		s == SIGINT ? FAST_SHUTDOWN : IMMEDIATE_SHUTDOWN;

	if ((int) m > pending_shutdown)
		pending_shutdown = m;
	poke_selfpipe();
}

static void
install_signal(int signo, void (*fn) (int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(signo, &sa, NULL);
}

static void
close_postmaster_fds(void)
{
	pm_listen_close_all();
	close(selfpipe[0]);
	close(selfpipe[1]);
	syslogger_close_fds_in_child();
}

static void
setup_signals(void)
{
	if (pipe2(selfpipe, O_NONBLOCK | O_CLOEXEC) != 0)
		ereport(FATAL, errmsg("could not create self-pipe: %m"));
	install_signal(SIGCHLD, pm_handle_sigchld);
	install_signal(SIGHUP, pm_handle_sighup);
	install_signal(SIGUSR1, pm_handle_sigusr1);
	install_signal(SIGTERM, pm_handle_shutdown);
	install_signal(SIGINT, pm_handle_shutdown);
	install_signal(SIGQUIT, pm_handle_shutdown);
	install_signal(SIGPIPE, SIG_IGN);
	install_signal(SIGUSR2, SIG_IGN);
	pm_child_close_postmaster_fds = close_postmaster_fds;
}

/* ---------- starting children ---------- */

/* Fork an auxiliary process; 0 (logged) if the fork failed. */
static pid_t
start_aux(BackendType type, void (*entry) (void *))
{
	pid_t		pid = pm_start_child(type, false, 0, entry, NULL);

	if (pid < 0)
	{
		ereport(LOG, errmsg("could not fork %s: %m", pm_process_log_name(type)));
		return 0;
	}
	return pid;
}

static ConnAdmission
connection_admission(void)
{
	if (pm_state == PM_RUN)
		return CAC_OK;
	if (shutdown_mode > NO_SHUTDOWN)
		return CAC_SHUTDOWN;
	if (!fatal_error && pm_state == PM_STARTUP)
		return CAC_STARTUP;
	if (!fatal_error && pm_state == PM_RECOVERY)
		return CAC_NOTCONSISTENT;
	return CAC_RECOVERY;
}

static void
report_fork_failure_to_client(int fd, int err)
{
	char		msg[256];
	int			n = snprintf(msg, sizeof(msg), "could not fork new process for connection: %s",
							 strerror(err));
	char		buf[512];
	int			len = 0;

	/* A minimal ErrorResponse: 'E', length, S/V/C/M fields. */
	buf[len++] = 'E';
	len += 4;
	len += sprintf(buf + len, "SFATAL") + 1;
	len += sprintf(buf + len, "VFATAL") + 1;
	len += sprintf(buf + len, "C%s", ERRCODE_INSUFFICIENT_RESOURCES) + 1;
	len += snprintf(buf + len, sizeof(buf) - (size_t) len - 2, "M%.*s", n, msg) + 1;
	buf[len++] = '\0';
	uint32_t	body = (uint32_t) (len - 1);
	uint32_t	be = htobe32(body);

	memcpy(buf + 1, &be, 4);
	(void) !write(fd, buf, (size_t) len);
}

static void
start_backend(const ClientEndpoint *client)
{
	BackendStartInfo info;
	ConnAdmission cac = connection_admission();

	info.client = *client;
	info.admission = cac;
	if (getrandom(&info.cancel_key, sizeof(info.cancel_key), 0) != sizeof(info.cancel_key))
		info.cancel_key = (int32_t) (now_us() ^ (getpid() << 16));
	pid_t		pid = pm_start_child(B_BACKEND, cac != CAC_OK, info.cancel_key,
									 backend_main, &info);

	if (pid < 0)
	{
		int			err = errno;

		ereport(LOG, errmsg("could not fork new process for connection: %s", strerror(err)));
		report_fork_failure_to_client(client->fd, err);
	}
	close(client->fd);
}

static void abandon_startup(void);
static void ensure_helpers_running(void);

/*
 * Enter PM_STARTUP: the helpers first (the startup process asks the
 * checkpointer for the end-of-recovery checkpoint), then the startup
 * process.  If that cannot be forked, give up (abandon_startup), as
 * PostgreSQL does: "fork failure is fatal during startup".
 */
static void
start_startup_sequence(void)
{
	set_pm_state(PM_STARTUP);
	if (!pm_child_pid_of_type(B_CHECKPOINTER))
		(void) start_aux(B_CHECKPOINTER, checkpointer_main);
	if (!pm_child_pid_of_type(B_BG_WRITER))
		(void) start_aux(B_BG_WRITER, bgwriter_main);
	if (start_aux(B_STARTUP, startup_process_main) == 0)
		abandon_startup();
}

/* ---------- exits and crashes ---------- */

static void
log_child_exit(int level, const char *procname, pid_t pid, int status)
{
	char		what[256];

	ereport(level, errmsg("%s", pm_exit_describe(procname, pid, status, what, sizeof(what))));
}

/*
 * A child died abnormally: kill the others and prepare to reinitialize.
 * Only the first crash is announced; later ones during the same cleanup are
 * just logged.
 */
static void
handle_child_crash(const PMChild *child, int status)
{
	if (!fatal_error && shutdown_mode != IMMEDIATE_SHUTDOWN)
	{
		log_child_exit(LOG, pm_process_log_name(child->type), child->pid, status);
		ereport(LOG, errmsg("terminating any other active server processes"));
	}
	else
		log_child_exit(DEBUG1, pm_process_log_name(child->type), child->pid, status);
	if (fatal_error)
		return;
	fatal_error = true;
	FAULT_MARK("postmaster/crash/before-sigquit");
	pmsignal_set_quit_reason(PMQUIT_FOR_CRASH);
#ifdef MINIPG_PLANTED_BUG_POSTMASTER_KEEPS_CHILDREN
	/*
	 * PLANTED BUG postmaster-keeps-children (docs/planted-bugs.md; test
	 * builds only): "the other active server processes" read as the
	 * sessions, so only backends are told to quit, and the cleanup
	 * (state_machine_wait_dead) waits only for them.  The checkpointer,
	 * background writer and WAL writer survive the reset still attached
	 * to the old shared memory, and since they are still in the child
	 * table no fresh ones are started.
	 */
	pm_signal_children(SIGQUIT, BACKEND_MASK(B_BACKEND));
#else
	pm_signal_children(SIGQUIT, ALL_CHILDREN_MASK);
#endif
	quit_sent_at = time(NULL);
	sigkill_sent = false;
	set_pm_state(PM_WAIT_DEAD);
}

/*
 * Give up starting: tell every child to quit and exit(1) once none is left
 * (state_machine_wait_dead); no restart, whatever restart_after_crash says.
 */
static void
abandon_startup(void)
{
	abort_startup = true;
	fatal_error = true;
	pm_signal_children(SIGQUIT, ALL_CHILDREN_MASK);
	quit_sent_at = time(NULL);
	sigkill_sent = false;
	set_pm_state(PM_WAIT_DEAD);
}

/*
 * The startup process exited.  Cleanly: the database is open.  Otherwise,
 * while starting (the first start or the one after a crash reset: the
 * startup process is the only one that can end PM_STARTUP or
 * PM_RECOVERY), abort startup as PostgreSQL does; replaying again would
 * most likely fail again.  In any other state it was killed with the rest
 * of the cluster and counts as one more crash.
 */
static void
handle_startup_exit(PMChild *child, int status, bool clean)
{
	if (clean)
	{
		if (pm_state == PM_STARTUP || pm_state == PM_RECOVERY)
		{
			fatal_error = false;
			set_pm_state(PM_RUN);
			/*
			 * The helpers that run only in PM_RUN (WAL writer, stats
			 * collector, autovacuum launcher) start before the server
			 * says it is open, as PostgreSQL's reaper does; the stats
			 * collector starts only now, so its death is never taken for
			 * part of a crash cleanup still in progress.
			 */
			ensure_helpers_running();
			pidfile_set_status(PM_STATUS_READY);
			ereport(LOG, errmsg("database system is ready to accept connections"));
		}
		return;
	}
	if (pm_state == PM_STARTUP || pm_state == PM_RECOVERY)
	{
		log_child_exit(LOG, "startup process", child->pid, status);
		ereport(LOG, errmsg("aborting startup due to startup process failure"));
		abandon_startup();
		return;
	}
	handle_child_crash(child, status);
}

static void
reap_children(void)
{
	int			status;
	pid_t		pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
	{
		if (syslogger_reaped(pid, status))
			continue;			/* restarted by syslogger_ensure_running */
		PMChild    *child = pm_child_find(pid);

		if (child == NULL)
			continue;			/* not ours (e.g. a reparented grandchild) */
		bool		slot_clean = child->dead_end || pmsignal_release_child_slot(child->child_slot);
		bool		clean = pm_exit_is_clean(child->type, status, slot_clean);
		PMChild		copy = *child;

		pm_child_forget(child);
		FAULT_MARK("postmaster/child-exit");
		if (copy.dead_end)
			continue;
		if (copy.type == B_STARTUP)
		{
			handle_startup_exit(&copy, status, clean);
			continue;
		}
		if ((copy.type == B_CHECKPOINTER || copy.type == B_STATS_COLLECTOR) && clean &&
			pm_state == PM_SHUTDOWN)
			continue;			/* shutdown checkpoint / statistics saved */
		if (!clean)
		{
			if (!slot_clean && WIFEXITED(status) && WEXITSTATUS(status) <= 1)
				ereport(LOG, errmsg("%s (PID %d) exited without detaching from shared memory",
									pm_process_log_name(copy.type), (int) copy.pid));
			handle_child_crash(&copy, status);
			continue;
		}
		if (copy.type != B_BACKEND && copy.type != B_AUTOVAC_WORKER && pm_state == PM_RUN)
			log_child_exit(LOG, pm_process_log_name(copy.type), copy.pid, status);
	}
}

/* ---------- requests from children (pmsignal) ---------- */

static void
process_child_requests(void)
{
	/*
	 * The startup process began replaying WAL: the crash cleanup is over,
	 * connections are told "not yet accepting connections" until it ends.
	 */
	if (pmsignal_check_and_clear(PMSIGNAL_RECOVERY_STARTED) &&
		pm_state == PM_STARTUP && shutdown_mode == NO_SHUTDOWN)
	{
		fatal_error = false;
		set_pm_state(PM_RECOVERY);
	}
	/*
	 * The autovacuum launcher wants a worker; which database it takes is
	 * between them (shared memory the postmaster does not read).
	 */
	if (pmsignal_check_and_clear(PMSIGNAL_START_AUTOVAC_WORKER) &&
		pm_state == PM_RUN && shutdown_mode == NO_SHUTDOWN &&
		pm_start_child(B_AUTOVAC_WORKER, false, 0, autovac_worker_main, NULL) < 0)
		ereport(LOG, errmsg("could not fork autovacuum worker process: %m"));
	/* The other requests are not acted on yet; their flags are cleared. */
	for (int r = 0; r < NUM_PMSIGNALS; r++)
		(void) pmsignal_check_and_clear((PMSignalReason) r);
}

/* ---------- shutdown and the state machine ---------- */

static void
process_shutdown_request(void)
{
	ShutdownMode req = (ShutdownMode) pending_shutdown;

	if (req <= shutdown_mode)
		return;
	shutdown_mode = req;
	pidfile_set_status(PM_STATUS_STOPPING);
	switch (req)
	{
		case SMART_SHUTDOWN:
			ereport(LOG, errmsg("received smart shutdown request"));
			break;
		case FAST_SHUTDOWN:
			ereport(LOG, errmsg("received fast shutdown request"));
			ereport(LOG, errmsg("aborting any active transactions"));
			break;
		case IMMEDIATE_SHUTDOWN:
			ereport(LOG, errmsg("received immediate shutdown request"));
			pmsignal_set_quit_reason(PMQUIT_FOR_STOP);
			pm_signal_children(SIGQUIT, ALL_CHILDREN_MASK);
			quit_sent_at = time(NULL);
			sigkill_sent = false;
			set_pm_state(PM_WAIT_DEAD);
			return;
		case NO_SHUTDOWN:
			return;
	}
	if (pm_state == PM_STARTUP || pm_state == PM_RECOVERY || pm_state == PM_RUN)
		set_pm_state(PM_STOP_BACKENDS);
}

/* At any postmaster exit (including FATAL during start): remove our files. */
static void
remove_postmaster_files(int code, Datum arg)
{
	(void) code;
	(void) arg;
	if (MyBackendType != B_POSTMASTER)
		return;
	pm_listen_remove_files();
	pidfile_remove();
}

static pg_noreturn void
postmaster_exit(int code)
{
	if (code == 0)
		ereport(LOG, errmsg("database system is shut down"));
	proc_exit(code);
}

static void
reinitialize_after_crash(void)
{
	ereport(LOG, errmsg("all server processes terminated; reinitializing"));
	/* temp files of the dead backends, before any new process may spill */
	if (guc_remove_temp_files_after_crash)
	{
		(void) tempfile_remove_all();
		(void) smgr_remove_temp_relation_files();
	}
	shmem_destroy();
	FAULT_MARK("postmaster/reinit/before-shmem-create");
	shmem_create(++shmem_generation);
	pidfile_set_shmem_generation(shmem_generation);
	fatal_error = true;			/* cleared when the startup process succeeds */
	start_startup_sequence();
}

static void
state_machine_wait_dead(void)
{
#ifdef MINIPG_PLANTED_BUG_POSTMASTER_KEEPS_CHILDREN
	/* PLANTED BUG, continued (see handle_child_crash): a crash cleanup
	 * waits only for the backends it signalled. */
	if (pm_count_children(shutdown_mode == NO_SHUTDOWN && !abort_startup ?
						  BACKEND_MASK(B_BACKEND) : ALL_CHILDREN_MASK, false) > 0)
#else
	/* Dead-end children too: they inherited the mapping of the segment. */
	if (pm_count_children(ALL_CHILDREN_MASK, true) > 0)
#endif
	{
		if (!sigkill_sent && time(NULL) - quit_sent_at >= SIGKILL_CHILDREN_AFTER_SECS)
		{
			ereport(LOG, errmsg("issuing SIGKILL to recalcitrant children"));
			pm_signal_children(SIGKILL, ALL_CHILDREN_MASK);
			sigkill_sent = true;
		}
		return;
	}
	if (abort_startup)
		postmaster_exit(1);
	if (shutdown_mode > NO_SHUTDOWN)
		postmaster_exit(0);
	if (!guc_restart_after_crash)
	{
		ereport(LOG, errmsg("shutting down because restart_after_crash is off"));
		postmaster_exit(1);
	}
	reinitialize_after_crash();
}

/* While running, the helpers must be there: restart any that exited. */
static void
ensure_helpers_running(void)
{
	if (pm_state != PM_RUN || shutdown_mode > NO_SHUTDOWN)
		return;
	if (!pm_child_pid_of_type(B_CHECKPOINTER))
		start_aux(B_CHECKPOINTER, checkpointer_main);
	if (!pm_child_pid_of_type(B_BG_WRITER))
		start_aux(B_BG_WRITER, bgwriter_main);
	if (!pm_child_pid_of_type(B_WAL_WRITER))
		start_aux(B_WAL_WRITER, walwriter_main);
	if (!pm_child_pid_of_type(B_STATS_COLLECTOR))
		start_aux(B_STATS_COLLECTOR, pgstat_collector_main);
	if (guc_autovacuum && !pm_child_pid_of_type(B_AUTOVAC_LAUNCHER))
		start_aux(B_AUTOVAC_LAUNCHER, autovac_launcher_main);
	if (guc_archive_mode != ARCHIVE_MODE_OFF && !pm_child_pid_of_type(B_ARCHIVER))
		start_aux(B_ARCHIVER, pgarch_main);
}

/*
 * After the shutdown checkpoint the archiver gets SIGUSR2: it archives
 * what is ready (the segments the checkpoint completed included) and
 * exits 0, as PostgreSQL's does; the postmaster exits after it.
 */
static void
stop_archiver_after_checkpoint(void)
{
	static pid_t signalled = 0;
	pid_t		arch = pm_child_pid_of_type(B_ARCHIVER);

	if (arch != 0 && arch != signalled && pm_child_pid_of_type(B_CHECKPOINTER) == 0)
	{
		kill(arch, SIGUSR2);
		signalled = arch;
	}
}

static void
postmaster_state_machine(void)
{
	const uint32_t backend_mask = BACKEND_MASK(B_BACKEND) | BACKEND_MASK(B_AUTOVAC_WORKER) |
		BACKEND_MASK(B_BG_WORKER);
	/* The stats collector is not a helper here: it stops after the
	 * shutdown checkpoint (PM_SHUTDOWN), so that it saves its counts. */
	const uint32_t helper_mask = BACKEND_MASK(B_BG_WRITER) | BACKEND_MASK(B_WAL_WRITER) |
		BACKEND_MASK(B_AUTOVAC_LAUNCHER) | BACKEND_MASK(B_STARTUP);

	if (pm_state == PM_STOP_BACKENDS)
	{
		if (shutdown_mode >= FAST_SHUTDOWN && !terminate_sent)
		{
			pm_signal_children(SIGTERM, backend_mask | BACKEND_MASK(B_STARTUP));
			terminate_sent = true;
		}
		/* Autovacuum stops at once in every mode (smart too), as in PG. */
		pm_signal_children(SIGTERM, BACKEND_MASK(B_AUTOVAC_WORKER) |
						   BACKEND_MASK(B_AUTOVAC_LAUNCHER));
		if (pm_count_children(backend_mask, false) == 0)
		{
			pm_signal_children(SIGTERM, helper_mask);
			set_pm_state(PM_WAIT_BACKENDS);
		}
	}
	if (pm_state == PM_WAIT_BACKENDS &&
		pm_count_children(backend_mask | helper_mask, false) == 0)
	{
		pid_t		ckpt = pm_child_pid_of_type(B_CHECKPOINTER);

		ereport(LOG, errmsg("shutting down"));
		set_pm_state(PM_SHUTDOWN);
		if (ckpt != 0)
			kill(ckpt, SIGUSR2);
	}
	/* Shutdown checkpoint written: the collector saves and exits. */
	if (pm_state == PM_SHUTDOWN && !collector_stop_sent &&
		pm_child_pid_of_type(B_CHECKPOINTER) == 0)
	{
		pm_signal_children(SIGTERM, BACKEND_MASK(B_STATS_COLLECTOR));
		collector_stop_sent = true;
	}
	if (pm_state == PM_SHUTDOWN)
		stop_archiver_after_checkpoint();
	/*
	 * Exit only when no child is left, dead-end ones included (each got a
	 * copy of the shared-memory mapping at fork): a server started right
	 * after must not find the old segment still attached.
	 */
	if (pm_state == PM_SHUTDOWN && pm_count_children(ALL_CHILDREN_MASK, true) == 0)
		postmaster_exit(0);
	if (pm_state == PM_WAIT_DEAD)
		state_machine_wait_dead();
	ensure_helpers_running();
	syslogger_ensure_running();
}

static void
process_reload(void)
{
	ereport(LOG, errmsg("received SIGHUP, reloading configuration files"));
	guc_load_config_files(DataDir, PGC_SIGHUP);
	pm_signal_children(SIGHUP, ALL_CHILDREN_MASK);
	syslogger_forward_signal(SIGHUP);
}

static pg_noreturn void
server_loop(void)
{
	struct pollfd pfds[PM_MAX_LISTEN + 1];

	for (;;)
	{
		int			n = 0;

		pfds[n].fd = selfpipe[0];
		pfds[n++].events = POLLIN;
		/* Accept while running or starting (dead-end children report why). */
		for (int i = 0; i < pm_num_listen_fds; i++)
		{
			pfds[n].fd = pm_listen_fds[i];
			pfds[n++].events = POLLIN;
		}
		int			rc = poll(pfds, (nfds_t) n, 1000);

		if (rc < 0 && errno != EINTR)
			ereport(LOG, errmsg("poll() failed in postmaster: %m"));
		if (rc > 0)
		{
			char		drain[64];

			while (read(selfpipe[0], drain, sizeof(drain)) > 0)
				;
		}
		/*
		 * Exits first: a connection that arrives just after a child crashed
		 * must meet the crash cleanup (a dead-end answer), not a normal
		 * backend forked into shared memory about to be thrown away.
		 */
		if (pending_sigchld)
		{
			pending_sigchld = 0;
			reap_children();
		}
		for (int i = 1; rc > 0 && i < n; i++)
		{
			ClientEndpoint client;

			if ((pfds[i].revents & POLLIN) && pm_accept(pfds[i].fd, &client))
				start_backend(&client);
		}
		if (pending_shutdown)
			process_shutdown_request();
		if (pending_sighup)
		{
			pending_sighup = 0;
			process_reload();
		}
		if (pending_sigusr1)
		{
			pending_sigusr1 = 0;
			process_child_requests();
		}
		postmaster_state_machine();
	}
}

/* ---------- start-up ---------- */

static void
check_data_directory(const char *datadir)
{
	struct stat st;
	char		path[1024];

	if (stat(datadir, &st) != 0)
	{
		if (errno == ENOENT)
			ereport(FATAL, errcode_for_file_access(),
					errmsg("data directory \"%s\" does not exist", datadir));
		ereport(FATAL, errcode_for_file_access(),
				errmsg("could not read permissions of directory \"%s\": %m", datadir));
	}
	if (!S_ISDIR(st.st_mode))
		ereport(FATAL, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("specified data directory \"%s\" is not a directory", datadir));
	/* Group read and search are allowed (0750), as in PostgreSQL. */
	if (st.st_mode & (S_IWGRP | S_IRWXO))
		ereport(FATAL, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("data directory \"%s\" has invalid permissions", datadir),
				errdetail("Permissions should be u=rwx (0700) or u=rwx,g=rx (0750)."));
	snprintf(path, sizeof(path), "%s/PG_VERSION", datadir);
	if (access(path, R_OK) != 0)
		ereport(FATAL, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("\"%s\" is not a valid data directory", datadir),
				errdetail("File \"%s\" is missing.", path));
}

void
postmaster_main(const char *datadir)
{
	DataDir = strdup(datadir);
	MyProcPid = getpid();
	MyBackendType = B_POSTMASTER;
	elog_set_process_label("postmaster");

	check_data_directory(DataDir);
	if (chdir(DataDir) != 0)
		ereport(FATAL, errcode_for_file_access(),
				errmsg("could not change directory to \"%s\": %m", DataDir));
	umask(0077);
	pidfile_create(DataDir);
	on_proc_exit(remove_postmaster_files, 0);
	pidfile_lock_data_directory(DataDir);
	PostmasterPid = MyProcPid;
	PostmasterStartTime_us = now_us();
	setup_signals();
	fault_postmaster_load(DataDir);
	fault_process_init(MyBackendType);
	syslogger_postmaster_start();

	ereport(LOG, errmsg("starting %s", MINIPG_VERSION_FULL));
	pm_listen_setup();
	pidfile_set_details(guc_port, pm_listen_first_socket_dir(), pm_listen_first_address());
	shmem_create(++shmem_generation);
	pidfile_set_shmem_generation(shmem_generation);
	/* left by a previous life, as PostgreSQL does */
	(void) tempfile_remove_all();
	(void) smgr_remove_temp_relation_files();
	start_startup_sequence();
	server_loop();
}
