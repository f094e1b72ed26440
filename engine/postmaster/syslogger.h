/*-------------------------------------------------------------------------
 * syslogger.h
 *	  The logger process (logging_collector = on) and the postmaster's
 *	  side of it.
 *
 * The postmaster creates one pipe before it forks anything, starts the
 * logger, then points its own stdout/stderr at the pipe's write end;
 * every later child inherits that stderr and sends its server-log lines
 * through it in chunks (utils/logpipe.h).  The logger writes them to
 * log_directory/log_filename and rotates by age and size.
 *
 * Rules (checked against PostgreSQL 15):
 *	1. The logger is not in the postmaster's child table and not attached
 *	   to shared memory: no crash reset signals it, and its own death is
 *	   never a crash.  The postmaster logs a non-zero exit ("system logger
 *	   process (PID n) was terminated by signal 9: Killed") and starts a
 *	   new one at once (syslogger_ensure_running), in any state.
 *	2. The postmaster keeps both pipe ends for the whole run, so a new
 *	   logger reads whatever was written while none ran (nothing is lost
 *	   beyond what the pipe holds; writers block when it is full).
 *	3. The logger ignores SIGTERM, SIGINT and SIGQUIT and exits when the
 *	   pipe reaches end of file: when the postmaster and every process
 *	   that inherited the pipe are gone, so it sees the last lines.
 *	4. Its own messages go to the postmaster's original stderr (the
 *	   `minipg_ctl start -l` file), never into the pipe it reads.
 *-------------------------------------------------------------------------
 */
#ifndef SYSLOGGER_H
#define SYSLOGGER_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Postmaster, at start (before the "starting" line): with
 * logging_collector on, create the pipe, start the logger, say so on the
 * original stderr ("redirecting log output to logging collector process")
 * and redirect stdout/stderr into the pipe.  With it off, remove a stale
 * current_logfiles.
 */
void		syslogger_postmaster_start(void);
/* Postmaster loop: start a new logger if it is enabled and not running. */
void		syslogger_ensure_running(void);
/* Postmaster, for each reaped pid: true if it was the logger (logged if
 * its exit was not 0). */
bool		syslogger_reaped(pid_t pid, int status);
/* Postmaster: forward SIGHUP (reload) to the logger. */
void		syslogger_forward_signal(int signo);
/* In every other forked child: close the fds only the postmaster and the
 * logger need (the pipe's read end, the original stderr). */
void		syslogger_close_fds_in_child(void);

#endif							/* SYSLOGGER_H */
