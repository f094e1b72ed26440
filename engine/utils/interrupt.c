/*-------------------------------------------------------------------------
 * interrupt.c
 *	  Signal handlers that set flags, and process_interrupts() that acts on
 *	  them at safe points (see interrupt.h).
 *-------------------------------------------------------------------------
 */
#include "utils/interrupt.h"

#include <errno.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <unistd.h>

#include "storage/ipc/pmsignal.h"
#include "storage/ipc/proc.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"

volatile sig_atomic_t InterruptPending = 0;
volatile sig_atomic_t QueryCancelPending = 0;
volatile sig_atomic_t ProcDiePending = 0;
volatile sig_atomic_t StatementTimeoutPending = 0;
volatile sig_atomic_t LockTimeoutPending = 0;
volatile sig_atomic_t IdleInTransactionTimeoutPending = 0;
volatile sig_atomic_t IdleSessionTimeoutPending = 0;
volatile sig_atomic_t ConfigReloadPending = 0;
volatile sig_atomic_t AuthTimeoutPending = 0;
volatile sig_atomic_t PostmasterDeathPending = 0;
volatile int InterruptHoldoffCount = 0;
volatile bool QueryCancelEnabled = false;

static void
wake_self(void)
{
	if (MyProc != NULL)
		proc_wakeup(MyProc);
}

static void
handle_sigint(int signo)
{
	int			save = errno;

	(void) signo;
	QueryCancelPending = 1;
	InterruptPending = 1;
	wake_self();
	errno = save;
}

static void
handle_sigterm(int signo)
{
	int			save = errno;

	(void) signo;
	ProcDiePending = 1;
	InterruptPending = 1;
	wake_self();
	errno = save;
}

static void
handle_sighup(int signo)
{
	(void) signo;
	ConfigReloadPending = 1;
}

/*
 * The one interval timer (ITIMER_REAL) serves whichever timeout is armed:
 * statement_timeout while a query runs, an idle timeout while the backend
 * waits for the client.  They never overlap.
 */
typedef enum ArmedTimeout
{
	TIMEOUT_NONE,
	TIMEOUT_STATEMENT,
	TIMEOUT_IDLE_IN_TRANSACTION,
	TIMEOUT_IDLE_SESSION,
} ArmedTimeout;

static volatile sig_atomic_t armed_timeout = TIMEOUT_NONE;

static void
handle_sigalrm(int signo)
{
	int			save = errno;

	(void) signo;
	switch (armed_timeout)
	{
		case TIMEOUT_IDLE_IN_TRANSACTION:
			IdleInTransactionTimeoutPending = 1;
			break;
		case TIMEOUT_IDLE_SESSION:
			IdleSessionTimeoutPending = 1;
			break;
		default:
			StatementTimeoutPending = 1;
			break;
	}
	armed_timeout = TIMEOUT_NONE;
	InterruptPending = 1;
	wake_self();
	errno = save;
}

static void
handle_sigusr1(int signo)
{
	int			save = errno;

	(void) signo;
	wake_self();
	errno = save;
}

static void
handle_postmaster_death(int signo)
{
	int			save = errno;

	(void) signo;
	PostmasterDeathPending = 1;
	InterruptPending = 1;
	wake_self();
	errno = save;
}

void
interrupt_watch_postmaster(pid_t postmaster_pid)
{
	(void) prctl(PR_SET_PDEATHSIG, SIGNAL_POSTMASTER_DEATH);
	/* Died between fork() and prctl()?  Then we were reparented. */
	if (getppid() != postmaster_pid)
	{
		PostmasterDeathPending = 1;
		InterruptPending = 1;
	}
}

/* Prebuilt client messages for the SIGQUIT handler (see interrupt.h). */
static int	quickdie_fd = -1;
static const char *quickdie_crash_msg;
static size_t quickdie_crash_len;
static const char *quickdie_stop_msg;
static size_t quickdie_stop_len;

void
interrupt_set_quickdie_messages(int fd, const char *crash_msg, size_t crash_len,
								const char *stop_msg, size_t stop_len)
{
	quickdie_crash_msg = crash_msg;
	quickdie_crash_len = crash_len;
	quickdie_stop_msg = stop_msg;
	quickdie_stop_len = stop_len;
	quickdie_fd = fd;
}

/*
 * SIGQUIT: no cleanup, no locks, nothing that is not async-signal-safe;
 * at most one write(2) of a prebuilt message so the client learns why.
 */
void
interrupt_quickdie(int signo)
{
	(void) signo;
	if (quickdie_fd >= 0)
	{
		bool		stop = pmsignal_get_quit_reason() == PMQUIT_FOR_STOP;
		const char *msg = stop ? quickdie_stop_msg : quickdie_crash_msg;
		size_t		len = stop ? quickdie_stop_len : quickdie_crash_len;

		if (msg != NULL)
			(void) !write(quickdie_fd, msg, len);
	}
	_exit(2);
}

static void
set_handler(int signo, void (*fn) (int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: blocking reads must return EINTR so flags are seen. */
	sa.sa_flags = 0;
	sigaction(signo, &sa, NULL);
}

void
interrupt_install_backend_handlers(void)
{
	set_handler(SIGINT, handle_sigint);
	set_handler(SIGTERM, handle_sigterm);
	set_handler(SIGQUIT, interrupt_quickdie);
	set_handler(SIGHUP, handle_sighup);
	set_handler(SIGALRM, handle_sigalrm);
	set_handler(SIGUSR1, handle_sigusr1);
	set_handler(SIGUSR2, SIG_IGN);
	set_handler(SIGNAL_POSTMASTER_DEATH, handle_postmaster_death);
	set_handler(SIGPIPE, SIG_IGN);
	set_handler(SIGCHLD, SIG_DFL);
	sigset_t	none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void
arm_timer(ArmedTimeout kind, int timeout_ms)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	armed_timeout = timeout_ms > 0 ? kind : TIMEOUT_NONE;
	if (timeout_ms > 0)
	{
		it.it_value.tv_sec = timeout_ms / 1000;
		it.it_value.tv_usec = (timeout_ms % 1000) * 1000;
	}
	setitimer(ITIMER_REAL, &it, NULL);
}

void
interrupt_enable_statement_timeout(int timeout_ms)
{
	arm_timer(TIMEOUT_STATEMENT, timeout_ms);
}

void
interrupt_disable_statement_timeout(void)
{
	arm_timer(TIMEOUT_NONE, 0);
	StatementTimeoutPending = 0;
}

void
interrupt_enable_idle_timeout(bool in_transaction, int timeout_ms)
{
	arm_timer(in_transaction ? TIMEOUT_IDLE_IN_TRANSACTION : TIMEOUT_IDLE_SESSION,
			  timeout_ms);
}

void
interrupt_disable_idle_timeout(void)
{
	if (armed_timeout == TIMEOUT_IDLE_IN_TRANSACTION || armed_timeout == TIMEOUT_IDLE_SESSION)
		arm_timer(TIMEOUT_NONE, 0);
}

void
process_interrupts(void)
{
	if (InterruptHoldoffCount > 0 || crit_section_depth > 0)
		return;
	InterruptPending = 0;
	if (PostmasterDeathPending)
	{
		QueryCancelPending = 0;
		ereport(FATAL, errcode(ERRCODE_ADMIN_SHUTDOWN),
				errmsg("terminating connection due to unexpected postmaster exit"));
	}
	if (ProcDiePending)
	{
		ProcDiePending = 0;
		QueryCancelPending = 0;
		if (MyBackendType == B_AUTOVAC_WORKER)
			ereport(FATAL, errcode(ERRCODE_ADMIN_SHUTDOWN),
					errmsg("terminating autovacuum process due to administrator command"));
		ereport(FATAL, errcode(ERRCODE_ADMIN_SHUTDOWN),
				errmsg("terminating connection due to administrator command"));
	}
	if (StatementTimeoutPending)
	{
		StatementTimeoutPending = 0;
		if (QueryCancelEnabled)
		{
			QueryCancelPending = 0;
			ereport(ERROR, errcode(ERRCODE_QUERY_CANCELED),
					errmsg("canceling statement due to statement timeout"));
		}
	}
	if (QueryCancelPending)
	{
		QueryCancelPending = 0;
		/* Lightweight locks are never held across a cancel point. */
		if (QueryCancelEnabled && lwlock_num_held() == 0)
		{
			if (MyBackendType == B_AUTOVAC_WORKER)
				ereport(ERROR, errcode(ERRCODE_QUERY_CANCELED),
						errmsg("canceling autovacuum task"));
			ereport(ERROR, errcode(ERRCODE_QUERY_CANCELED),
					errmsg("canceling statement due to user request"));
		}
	}
}
