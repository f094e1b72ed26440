/*-------------------------------------------------------------------------
 * syslogger.c
 *	  The logger process ("minipg: logger") and the postmaster's side of
 *	  it (rules in syslogger.h).
 *
 * The logger reads the pipe every server process's stderr points to,
 * reassembles chunked messages (utils/logpipe.c) and appends them to the
 * current log file, log_directory/strftime(log_filename) in UTC (the
 * only log_timezone minipg has).  It rotates:
 *	- by age: at the next multiple of log_rotation_age since the epoch (as
 *	  PostgreSQL does from midnight); the new file is named after that
 *	  boundary and, with log_truncate_on_rotation, truncated if it is not
 *	  the current file;
 *	- by size: when the file reaches log_rotation_size (appending: a name
 *	  that did not change keeps the same file, as in PostgreSQL);
 *	- on SIGUSR1, and on SIGHUP when log_directory or log_filename changed.
 * Each new file is recorded in current_logfiles ("stderr <path>"),
 * replaced atomically (write a temporary file, rename).  A file that
 * cannot be opened at rotation keeps the old one and disables automatic
 * rotation until the next SIGHUP ("disabling automatic rotation"), as
 * PostgreSQL does; if the first file cannot be opened the logger writes
 * to its own stderr (the -l file) rather than exit: a logger that never
 * reads would block every writer, the postmaster too, on a full pipe.
 * (PostgreSQL opens the first file in the postmaster, FATAL on failure.)
 * Files are created with log_file_mode.
 *
 * Fault points: logger/write (the write of a message to the log file
 * fails: the logger reports it on its own stderr and goes on),
 * logger/rotate (opening the next file at a rotation fails: the rotation
 * failure path above).  The first logger is forked before shared memory exists and
 * sees the policies of pg_faults/policy.conf and MINIPG_FAULTS; later
 * ones also those attached by SQL before they were forked.
 *-------------------------------------------------------------------------
 */
#include "postmaster/syslogger.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faults/fault_control.h"
#include "faults/faultpoint.h"
#include "postmaster/pidfile.h"
#include "postmaster/pm_children.h"
#include "postmaster/pm_exit.h"
#include "storage/ipc/proc.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/logpipe.h"
#include "utils/memctx.h"
#include "utils/ps_status.h"

#define CURRENT_LOGFILES		"current_logfiles"
#define CURRENT_LOGFILES_TMP	"current_logfiles.tmp"
#define LOGGER_RESTART_INTERVAL_MS 100

/* Postmaster side (inherited by the logger at fork). */
static int	pipe_fds[2] = {-1, -1};
static int	orig_stderr = -1;
static pid_t logger_pid = 0;

/* Logger side. */
static volatile sig_atomic_t rotate_requested = 0;
static volatile sig_atomic_t reload_requested = 0;
static int	log_fd = -1;
static char log_path[1024];
static off_t log_size = 0;
static time_t next_rotation = 0;
static bool rotation_disabled = false;
static char *cur_directory = NULL;
static char *cur_filename = NULL;

/* ---------- the logger ---------- */

static void
logger_sigusr1(int signo)
{
	(void) signo;
	rotate_requested = 1;
}

static void
logger_sighup(int signo)
{
	(void) signo;
	reload_requested = 1;
}

static void
set_next_rotation(void)
{
	long		interval = (long) guc_log_rotation_age_min * 60;
	time_t		now = time(NULL);

	next_rotation = interval > 0 ? now - now % interval + interval : 0;
}

/* log_directory/strftime(log_filename, t) into out. */
static void
build_path(time_t t, char *out, size_t len)
{
	struct tm	tm;
	char		name[512];

	gmtime_r(&t, &tm);
	if (strftime(name, sizeof(name), guc_log_filename, &tm) == 0)
		snprintf(name, sizeof(name), "%s", "postgresql.log");
	snprintf(out, len, "%s/%s", guc_log_directory, name);
}

static int
open_with_mode(const char *path, int flags)
{
	mode_t		old = umask((mode_t) ((~(guc_log_file_mode | S_IWUSR)) & 0777));
	int			fd = open(path, flags | O_CLOEXEC, 0666);
	int			save = errno;

	umask(old);
	errno = save;
	return fd;
}

/* Replace current_logfiles with the current file's name. */
static void
write_current_logfiles(void)
{
	int			fd = open_with_mode(CURRENT_LOGFILES_TMP, O_WRONLY | O_CREAT | O_TRUNC);
	char		line[1100];
	int			n = snprintf(line, sizeof(line), "stderr %s\n", log_path);

	if (fd < 0 || write(fd, line, (size_t) n) != n)
	{
		ereport(LOG, errcode_for_file_access(),
				errmsg("could not write file \"%s\": %m", CURRENT_LOGFILES_TMP));
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	if (rename(CURRENT_LOGFILES_TMP, CURRENT_LOGFILES) != 0)
		ereport(LOG, errcode_for_file_access(),
				errmsg("could not rename file \"%s\" to \"%s\": %m",
					   CURRENT_LOGFILES_TMP, CURRENT_LOGFILES));
}

/*
 * Switch to the file for time t.  If it cannot be opened, keep the current
 * file and disable automatic rotation until the next SIGHUP; at start,
 * with no file yet, write to the original stderr meanwhile.  Never exit
 * for it: a logger that died before reading would leave every writer,
 * the postmaster included, blocked on a full pipe.
 */
static void
open_next_file(time_t t, bool time_based)
{
	char		path[sizeof(log_path)];

	(void) mkdir(guc_log_directory, 0700);
	build_path(t, path, sizeof(path));
	bool		truncate = guc_log_truncate_on_rotation && time_based && log_fd >= 0 &&
		strcmp(path, log_path) != 0;
	int			fd = (log_fd >= 0 && FAULT_POINT("logger/rotate")) ? -1 :
		open_with_mode(path, O_WRONLY | O_CREAT | O_APPEND | (truncate ? O_TRUNC : 0));

	if (fd < 0)
	{
		ereport(LOG, errcode_for_file_access(),
				errmsg("could not open log file \"%s\": %m", path));
		ereport(LOG, errmsg("disabling automatic rotation (use SIGHUP to re-enable)"));
		rotation_disabled = true;
		if (log_fd < 0)
		{
			log_fd = STDERR_FILENO;
			snprintf(log_path, sizeof(log_path), "%s", path);
		}
		return;
	}
	if (log_fd > STDERR_FILENO)
		close(log_fd);
	log_fd = fd;
	snprintf(log_path, sizeof(log_path), "%s", path);
	log_size = lseek(fd, 0, SEEK_END);
	if (log_size < 0)
		log_size = 0;
	write_current_logfiles();
}

/* The reader's output: one whole message (or raw stderr bytes). */
static void
write_to_log(const char *data, size_t len, void *arg)
{
	(void) arg;
	while (len > 0)
	{
		ssize_t		n = FAULT_POINT("logger/write") ? -1 : write(log_fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
		{
			char		msg[256];
			int			m = snprintf(msg, sizeof(msg), "could not write to log file: %s\n",
									 strerror(errno));

			(void) !write(STDERR_FILENO, msg, (size_t) m);
			return;
		}
		data += n;
		len -= (size_t) n;
		log_size += n;
	}
}

static void
reload_settings(void)
{
	guc_load_config_files(".", PGC_SIGHUP);
	if (strcmp(cur_directory, guc_log_directory) != 0 ||
		strcmp(cur_filename, guc_log_filename) != 0)
		rotate_requested = 1;
	free(cur_directory);
	free(cur_filename);
	cur_directory = strdup(guc_log_directory);
	cur_filename = strdup(guc_log_filename);
	rotation_disabled = false;
	set_next_rotation();
}

static pg_noreturn void
logger_loop(void)
{
	LogPipeReader *reader = malloc(sizeof(LogPipeReader));
	char		buf[LOGPIPE_CHUNK_SIZE];

	if (reader == NULL)
		ereport(FATAL, errmsg("out of memory"));
	logpipe_reader_init(reader);
	cur_directory = strdup(guc_log_directory);
	cur_filename = strdup(guc_log_filename);
	open_next_file(time(NULL), false);
	set_next_rotation();
	for (;;)
	{
		bool		time_based = false;

		if (reload_requested)
		{
			reload_requested = 0;
			reload_settings();
		}
		if (!rotation_disabled && next_rotation > 0 && time(NULL) >= next_rotation)
			time_based = true;
		if (time_based || rotate_requested ||
			(!rotation_disabled && guc_log_rotation_size_kb > 0 &&
			 log_size >= (off_t) guc_log_rotation_size_kb * 1024))
		{
			time_t		t = time_based ? next_rotation : time(NULL);

			rotate_requested = 0;
			open_next_file(t, time_based);
			set_next_rotation();
		}

		int			timeout_ms = -1;

		if (!rotation_disabled && next_rotation > 0)
		{
			time_t		left = next_rotation - time(NULL);

			timeout_ms = left <= 0 ? 0 : (int) Min(left, (time_t) 3600) * 1000;
		}
		struct pollfd pfd = {.fd = pipe_fds[0],.events = POLLIN};
		int			rc = poll(&pfd, 1, timeout_ms);

		if (rc < 0)
		{
			if (errno != EINTR)
				ereport(LOG, errmsg("poll() failed in the logger: %m"));
			continue;
		}
		if (rc == 0)
			continue;
		ssize_t		n = read(pipe_fds[0], buf, sizeof(buf));

		if (n < 0)
		{
			if (errno != EINTR && errno != EAGAIN)
				ereport(LOG, errmsg("could not read from logger pipe: %m"));
			continue;
		}
		if (n == 0)
		{
			/* Every writer is gone: the postmaster and its children. */
			logpipe_reader_flush(reader, write_to_log, NULL);
			proc_exit(0);
		}
		logpipe_reader_feed(reader, buf, (size_t) n, write_to_log, NULL);
	}
}

static void
set_signal(int signo, void (*fn) (int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(signo, &sa, NULL);
}

/* In the forked logger, before anything else (signals still blocked). */
static pg_noreturn void
logger_main(void)
{
	sigset_t	none;

	MyProcPid = getpid();
	MyBackendType = B_LOGGER;
	on_proc_exit_reset();
	(void) setsid();
	if (pm_child_close_postmaster_fds)
		pm_child_close_postmaster_fds();
	pidfile_close_lock_in_child();
	/* Our own messages go to the original stderr, never into our input. */
	dup2(orig_stderr, STDERR_FILENO);
	dup2(orig_stderr, STDOUT_FILENO);
	close(pipe_fds[1]);
	pipe_fds[1] = -1;
	logpipe_active = false;
	set_signal(SIGHUP, logger_sighup);
	set_signal(SIGUSR1, logger_sigusr1);
	set_signal(SIGINT, SIG_IGN);
	set_signal(SIGTERM, SIG_IGN);
	set_signal(SIGQUIT, SIG_IGN);
	set_signal(SIGUSR2, SIG_IGN);
	set_signal(SIGPIPE, SIG_IGN);
	set_signal(SIGALRM, SIG_IGN);
	set_signal(SIGCHLD, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	elog_set_process_label(backend_type_name(B_LOGGER));
	fault_process_init(B_LOGGER);
	ps_set_title(backend_type_name(B_LOGGER));
	memctx_reset(ErrorContext);
	logger_loop();
}

/* ---------- the postmaster's side ---------- */

static pid_t
fork_logger(void)
{
	sigset_t	all,
				old;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid_t		pid = fork();

	if (pid == 0)
		logger_main();
	int			save = errno;

	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0)
	{
		errno = save;
		ereport(LOG, errmsg("could not fork system logger: %m"));
		return 0;
	}
	return pid;
}

void
syslogger_postmaster_start(void)
{
	if (!guc_logging_collector)
	{
		(void) unlink(CURRENT_LOGFILES);
		return;
	}
	if (pipe2(pipe_fds, O_CLOEXEC) != 0)
		ereport(FATAL, errcode_for_file_access(),
				errmsg("could not create pipe for syslog: %m"));
	orig_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (orig_stderr < 0)
		ereport(FATAL, errmsg("could not duplicate stderr: %m"));
	(void) mkdir(guc_log_directory, 0700);
	logger_pid = fork_logger();
	if (logger_pid == 0)
		return;					/* logged; go on writing to stderr */
	ereport(LOG, errmsg("redirecting log output to logging collector process"),
			errhint("Future log output will appear in directory \"%s\".", guc_log_directory));
	fflush(stdout);
	fflush(stderr);
	if (dup2(pipe_fds[1], STDOUT_FILENO) < 0 || dup2(pipe_fds[1], STDERR_FILENO) < 0)
		ereport(FATAL, errmsg("could not redirect stderr: %m"));
	logpipe_active = true;
}

/*
 * Start a new logger if none runs; at most one start per
 * LOGGER_RESTART_INTERVAL_MS, so a logger that keeps dying cannot turn the
 * postmaster into a fork loop (writers wait on the pipe meanwhile).
 */
void
syslogger_ensure_running(void)
{
	static int64_t last_start_us = 0;

	if (!guc_logging_collector || logger_pid != 0 || pipe_fds[0] < 0)
		return;
	if (now_us() - last_start_us < LOGGER_RESTART_INTERVAL_MS * 1000)
		return;
	last_start_us = now_us();
	logger_pid = fork_logger();
}

bool
syslogger_reaped(pid_t pid, int status)
{
	char		what[256];

	if (logger_pid == 0 || pid != logger_pid)
		return false;
	logger_pid = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		ereport(LOG, errmsg("%s", pm_exit_describe("system logger process", pid, status,
												   what, sizeof(what))));
	return true;
}

void
syslogger_forward_signal(int signo)
{
	if (logger_pid != 0)
		kill(logger_pid, signo);
}

void
syslogger_close_fds_in_child(void)
{
	if (MyBackendType == B_LOGGER)
		return;
	if (pipe_fds[0] >= 0)
		close(pipe_fds[0]);
	if (pipe_fds[1] >= 0)
		close(pipe_fds[1]);
	if (orig_stderr >= 0)
		close(orig_stderr);
	pipe_fds[0] = pipe_fds[1] = orig_stderr = -1;
}
