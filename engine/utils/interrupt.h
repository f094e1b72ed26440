/*-------------------------------------------------------------------------
 * interrupt.h
 *	  Deferred handling of signals: cancel, terminate, timeouts.
 *
 * Role: signal handlers only set flags (and wake the process); the process
 * acts on them at safe points by calling CHECK_FOR_INTERRUPTS(), which
 * raises the corresponding ERROR or FATAL:
 *	SIGINT  (pg_cancel_backend, CancelRequest)  ERROR 57014
 *	SIGTERM (pg_terminate_backend, fast shutdown) FATAL 57P01
 *	timers  (statement_timeout)  ERROR 57014; lock_timeout (checked by
 *	        the lock wait loop) ERROR 55P03; idle timeouts FATAL 25P03/57P05
 *
 * Invariants:
 *	- Nothing is raised inside a critical section or while interrupts are
 *	  held (HOLD_INTERRUPTS around code that must not be cut short, such as
 *	  transaction abort); the flags stay set until the next safe point.
 *	- SIGQUIT is not deferred: its handler calls _exit(2) at once.
 *-------------------------------------------------------------------------
 */
#ifndef INTERRUPT_H
#define INTERRUPT_H

#include <signal.h>

#include "common/minipg.h"

extern volatile sig_atomic_t InterruptPending;
extern volatile sig_atomic_t QueryCancelPending;
extern volatile sig_atomic_t ProcDiePending;
extern volatile sig_atomic_t StatementTimeoutPending;
extern volatile sig_atomic_t LockTimeoutPending;
extern volatile sig_atomic_t IdleInTransactionTimeoutPending;
extern volatile sig_atomic_t IdleSessionTimeoutPending;
extern volatile sig_atomic_t ConfigReloadPending;
extern volatile sig_atomic_t AuthTimeoutPending;
/* The postmaster died (SIGNAL_POSTMASTER_DEATH, see below). */
extern volatile sig_atomic_t PostmasterDeathPending;

/*
 * Every child asks the kernel (PR_SET_PDEATHSIG) for this signal when the
 * postmaster dies; the handler only sets PostmasterDeathPending.  Backends
 * then end with FATAL "terminating connection due to unexpected postmaster
 * exit" at their next interrupt check; auxiliary processes exit(1).
 */
#define SIGNAL_POSTMASTER_DEATH (SIGRTMIN + 1)

/* In a child right after fork: arm the death signal, and notice at once
 * if the postmaster (postmaster_pid) is already gone. */
void		interrupt_watch_postmaster(pid_t postmaster_pid);

/*
 * A backend with a client registers the messages its SIGQUIT handler
 * writes to the client socket (async-signal-safe write(2)) before
 * _exit(2): one for a crash of another process, one for an immediate
 * shutdown (the postmaster says which, pmsignal_get_quit_reason()).
 */
void		interrupt_set_quickdie_messages(int fd, const char *crash_msg, size_t crash_len,
											const char *stop_msg, size_t stop_len);
extern volatile int InterruptHoldoffCount;
/* True while the backend is executing a query (cancel has effect). */
extern volatile bool QueryCancelEnabled;

void		process_interrupts(void);

#define CHECK_FOR_INTERRUPTS() \
	do { \
		if (unlikely(InterruptPending)) \
			process_interrupts(); \
	} while (0)

#define HOLD_INTERRUPTS()	(InterruptHoldoffCount++)
#define RESUME_INTERRUPTS() (InterruptHoldoffCount--)

/* Install the standard handlers for a backend or auxiliary process. */
void		interrupt_install_backend_handlers(void);
/* SIGQUIT handler: immediate _exit(2), no cleanup (DESIGN.md). */
void		interrupt_quickdie(int signo);

/* Arm/disarm the statement timer (statement_timeout, in ms; 0 = off). */
void		interrupt_enable_statement_timeout(int timeout_ms);
void		interrupt_disable_statement_timeout(void);
/*
 * Arm the timer while a backend waits for the client's next message:
 * idle_in_transaction_session_timeout (in_transaction) or
 * idle_session_timeout.  Expiry sets IdleInTransactionTimeoutPending /
 * IdleSessionTimeoutPending, which the read loop turns into FATAL 25P03 /
 * 57P05.  Disarmed as soon as a message starts arriving.
 */
void		interrupt_enable_idle_timeout(bool in_transaction, int timeout_ms);
void		interrupt_disable_idle_timeout(void);

#endif							/* INTERRUPT_H */
