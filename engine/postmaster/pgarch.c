/*-------------------------------------------------------------------------
 * pgarch.c
 *	  The archiver: runs archive_command for every completed WAL segment
 *	  (pg_wal/archive_status/<seg>.ready), oldest first, and marks it .done
 *	  when the command exits 0.
 *
 * Role: started by the postmaster in PM_RUN when archive_mode != off, and
 * started again whenever it exits while the server runs.  It is attached
 * to shared memory (a Proc slot), so as in PostgreSQL 15 its death by a
 * signal or an exit status other than 0/1 is a crash: every process is
 * reset (checked against PostgreSQL 15: SIGKILL of its archiver logs
 * "archiver process (PID n) was terminated by signal 9: Killed" then
 * "terminating any other active server processes").
 *
 * Invariants:
 *	1. .ready becomes .done only after archive_command exited 0 for that
 *	   segment (walarchive.c rule 3), so a failing command loses nothing:
 *	   the segment stays .ready, checkpoints keep it, and it is retried.
 *	2. A failure is retried ARCHIVE_RETRIES times one second apart, each
 *	   logged at LOG ("archive command failed with exit code N" + DETAIL
 *	   with the command), then a WARNING "... failed too many times, will
 *	   try again later" and the archiver waits for the next wakeup (a new
 *	   segment, archive_timeout, or ARCHIVER_AUTOWAKE_SECS), as PostgreSQL.
 *	3. A command killed by a signal, or reported by the shell as such
 *	   (exit > 128) or not found (127), is FATAL for the archiver (exit 1,
 *	   not a crash; the postmaster starts a new one), as in PostgreSQL.
 *	4. At shutdown (SIGUSR2, sent by the postmaster after the shutdown
 *	   checkpoint) it archives what is ready, without retrying failures,
 *	   and exits 0.  SIGTERM is ignored, like PostgreSQL's archiver.
 *
 * archive_timeout: PostgreSQL's checkpointer forces the segment switch;
 * here the archiver does it (it is the process that waits on the clock
 * for archiving anyway): when archive_timeout seconds passed since the
 * last segment was completed and WAL was inserted since, it switches.
 *
 * The command runs through /bin/sh -c with %p (segment path relative to
 * the data directory), %f (file name) and %% replaced; any other % is
 * kept.  The shell runs in the archiver's process group, so the
 * postmaster's SIGQUIT to the group reaches it too.
 *
 * Fault points: archiver/before-command, archiver/after-command (steps),
 * archiver/before-done (the .ready -> .done rename fails; the segment is
 * archived again later).
 *
 * Signals: SIGUSR1 = wake up (segment completed); SIGUSR2 = last cycle
 * and exit; SIGHUP = reload; SIGQUIT = _exit(2).
 *-------------------------------------------------------------------------
 */
#include "postmaster/auxprocess.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "access/wal/wal.h"
#include "faults/faultpoint.h"
#include "storage/ipc/waitevent.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"
#include "utils/ps_status.h"
#include "utils/strbuf.h"

#define ARCHIVE_RETRIES 3
#define ARCHIVER_AUTOWAKE_SECS 60

static volatile sig_atomic_t stop_requested = 0;

static void
handle_sigusr2(int signo)
{
	int			save = errno;

	(void) signo;
	stop_requested = 1;
	if (MyProc != NULL)
		proc_wakeup(MyProc);
	errno = save;
}

static void
unregister_archiver(int code, Datum arg)
{
	(void) code;
	(void) arg;
	wal_archive_register_archiver(0);
}

/* archive_command with %p, %f and %% replaced (palloc'd). */
static char *
build_command(const char *cmd, const char *segname)
{
	StringBuf	out;

	strbuf_init(&out);
	for (const char *p = cmd; *p; p++)
	{
		if (p[0] == '%' && p[1] == 'p')
		{
			strbuf_appendf(&out, "pg_wal/%s", segname);
			p++;
		}
		else if (p[0] == '%' && p[1] == 'f')
		{
			strbuf_append(&out, segname);
			p++;
		}
		else if (p[0] == '%' && p[1] == '%')
		{
			strbuf_append_char(&out, '%');
			p++;
		}
		else
			strbuf_append_char(&out, *p);
	}
	return out.data;
}

/* Run command through /bin/sh; its wait status, or -1 if it could not start. */
static int
run_shell(const char *command)
{
	pid_t		pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
	{
		sigset_t	none;
		int			sigs[] = {SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGPIPE,
		SIGALRM, SIGCHLD};

		for (size_t i = 0; i < lengthof(sigs); i++)
			signal(sigs[i], SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execl("/bin/sh", "sh", "-c", command, (char *) NULL);
		_exit(127);
	}
	int			status;

	while (waitpid(pid, &status, 0) < 0)
	{
		if (errno != EINTR)
			return -1;
	}
	return status;
}

/*
 * Archive one segment; true if archive_command exited 0.  Failures are
 * logged (rule 2); a command that died by a signal is FATAL (rule 3).
 */
static bool
archive_one(const char *segname)
{
	char	   *command = build_command(guc_archive_command, segname);
	char		activity[64];

	snprintf(activity, sizeof(activity), "archiving %s", segname);
	ps_set_activity(activity);
	elog(DEBUG3, "executing archive command \"%s\"", command);
	FAULT_MARK("archiver/before-command");
	int			rc = run_shell(command);

	FAULT_MARK("archiver/after-command");
	if (rc == 0)
	{
		elog(DEBUG1, "archived write-ahead log file \"%s\"", segname);
		pfree(command);
		return true;
	}
	if (rc < 0)
		ereport(LOG, errmsg("could not execute archive command: %m"),
				errdetail("The failed archive command was: %s", command));
	else
	{
		bool		by_signal = WIFSIGNALED(rc) ||
			(WIFEXITED(rc) && (WEXITSTATUS(rc) > 128 || WEXITSTATUS(rc) == 127));
		int			level = by_signal ? FATAL : LOG;

		if (WIFEXITED(rc))
			ereport(level, errmsg("archive command failed with exit code %d", WEXITSTATUS(rc)),
					errdetail("The failed archive command was: %s", command));
		else if (WIFSIGNALED(rc))
			ereport(level, errmsg("archive command was terminated by signal %d: %s",
								  WTERMSIG(rc), strsignal(WTERMSIG(rc))),
					errdetail("The failed archive command was: %s", command));
		else
			ereport(level, errmsg("archive command exited with unrecognized status %d", rc),
					errdetail("The failed archive command was: %s", command));
	}
	pfree(command);
	return false;
}

/* Sleep up to secs, or until woken (new segment, SIGUSR2). */
static void
archiver_sleep(uint32_t seq, long ms)
{
	proc_set_wait_event(WAIT_EVENT_ARCHIVER_MAIN);
	proc_sleep_if_unchanged(seq, ms);
	proc_set_wait_event(0);
}

/* Archive every .ready segment, oldest first (rules 1, 2). */
static void
archive_ready_segments(void)
{
	char		segname[64];
	int			failures = 0;

	if (guc_archive_command == NULL || guc_archive_command[0] == '\0')
	{
		char		dummy[64];

		if (wal_archive_next_ready(dummy, sizeof(dummy)))
			ereport(WARNING, errmsg("archive_mode enabled, yet archiving is not configured"));
		return;
	}
	while (wal_archive_next_ready(segname, sizeof(segname)))
	{
		if (PostmasterDeathPending)
			return;
		if (archive_one(segname))
		{
			failures = 0;
			if (FAULT_POINT("archiver/before-done"))
				ereport(WARNING, errmsg("could not rename archive status file of \"%s\": %m",
										segname));
			else if (wal_archive_mark_done(segname))
			{
				char		activity[64];

				snprintf(activity, sizeof(activity), "last was %s", segname);
				ps_set_activity(activity);
				continue;
			}
			/* The status file could not be renamed: try again later. */
			return;
		}
		char		activity[64];

		snprintf(activity, sizeof(activity), "failed on %s", segname);
		ps_set_activity(activity);
		if (++failures >= ARCHIVE_RETRIES || stop_requested)
		{
			ereport(WARNING, errmsg("archiving write-ahead log file \"%s\" failed too many times, will try again later",
									segname));
			return;
		}
		archiver_sleep(proc_wakeup_seq(), 1000);
		if (ConfigReloadPending)
		{
			ConfigReloadPending = 0;
			guc_load_config_files(".", PGC_SIGHUP);
		}
	}
}

/* archive_timeout: switch segments when WAL sat in one for too long. */
static long
check_archive_timeout(time_t *last_switch)
{
	time_t		now = time(NULL);
	int64_t		shared = wal_archive_last_switch_time();

	if (shared > *last_switch)
		*last_switch = (time_t) shared;
	if (guc_archive_timeout_s <= 0)
		return ARCHIVER_AUTOWAKE_SECS * 1000L;
	if (now - *last_switch >= guc_archive_timeout_s)
	{
		if (wal_activity_since_switch())
		{
			ELOG_TRY();
			{
				(void) wal_switch_segment();
			}
			ELOG_CATCH();
			{
				elog_emit_current_error();
				elog_flush_error();
				lwlock_release_all();
			}
			ELOG_END_TRY();
		}
		*last_switch = now;
	}
	long		left = (long) (*last_switch + guc_archive_timeout_s - now);

	return Min(Max(left, 1L), (long) ARCHIVER_AUTOWAKE_SECS) * 1000L;
}

void
pgarch_main(void *arg)
{
	struct sigaction sa;
	time_t		last_switch = time(NULL);

	(void) arg;
	aux_process_init(B_ARCHIVER);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handle_sigusr2;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	signal(SIGTERM, SIG_IGN);
	wal_archive_register_archiver(getpid());
	on_proc_exit(unregister_archiver, 0);
	for (;;)
	{
		uint32_t	seq = proc_wakeup_seq();
		bool		last_cycle = stop_requested;

		if (PostmasterDeathPending)
			proc_exit(1);
		if (ConfigReloadPending)
		{
			ConfigReloadPending = 0;
			guc_load_config_files(".", PGC_SIGHUP);
		}
		archive_ready_segments();
		if (last_cycle)
			proc_exit(0);
		long		sleep_ms = check_archive_timeout(&last_switch);

		if (!stop_requested)
			archiver_sleep(seq, sleep_ms);
	}
}
