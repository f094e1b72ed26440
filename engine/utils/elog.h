/*-------------------------------------------------------------------------
 * elog.h
 *	  Error reporting: ereport()/elog() with PostgreSQL's severity levels,
 *	  SQLSTATE codes, and non-local exit to the nearest ELOG_TRY block.
 *
 * Role: every message the server emits, to the server log or to a client,
 * goes through here.  Severity decides what happens after the report:
 *
 *	DEBUG5..DEBUG1, LOG, INFO, NOTICE, WARNING	report and return
 *	ERROR	report, then siglongjmp to the innermost ELOG_TRY; the backend's
 *			outer handler aborts the transaction and carries on
 *	FATAL	report, then end the process with exit status 1 (a clean exit:
 *			the postmaster does not treat it as a crash)
 *	PANIC	report, then abort() (a crash: the postmaster resets all
 *			children and shared memory)
 *
 * Invariants:
 *	- An ERROR raised while crit_section_depth > 0 is promoted to PANIC: a
 *	  critical section has modified shared state that only a restart (and,
 *	  later, WAL replay) can repair.
 *	- ERROR with no enclosing ELOG_TRY is promoted to FATAL.
 *	- Messages are lower case, no trailing period (PostgreSQL's style).
 *	- Error text is built in ErrorContext, which is reset by
 *	  elog_flush_error() once the error has been handled; never keep pointers
 *	  into an ErrorData past that.
 *
 * Usage:
 *	ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
 *			errmsg("relation \"%s\" does not exist", name),
 *			errposition(loc));
 *	elog(LOG, "checkpoint starting: %s", why);
 *
 * See also: utils/errcodes.h, tcop/backend.c (the outer error handler).
 *-------------------------------------------------------------------------
 */
#ifndef ELOG_H
#define ELOG_H

#include <setjmp.h>

#include "common/minipg.h"
#include "utils/errcodes.h"

#define DEBUG5		10
#define DEBUG4		11
#define DEBUG3		12
#define DEBUG2		13
#define DEBUG1		14
#define LOG			15
#define LOG_SERVER_ONLY 16		/* like LOG, never sent to the client */
#define INFO		17
#define NOTICE		18
#define WARNING		19
#define ERROR		21
#define FATAL		22
#define PANIC		23

/* Everything known about one report; fields are in ErrorContext. */
typedef struct ErrorData
{
	int			elevel;
	char		sqlstate[6];
	char	   *message;
	char	   *detail;
	char	   *detail_log;		/* DETAIL for the server log only (errdetail_log) */
	char	   *hint;
	char	   *context;
	int			cursorpos;		/* 1-based offset into the query, 0 = none */
	const char *filename;
	int			lineno;
	const char *funcname;
	int			saved_errno;
	bool		hide_from_client;	/* LOG_SERVER_ONLY or errhidestmt */
} ErrorData;

bool		errstart(int elevel, const char *filename, int lineno, const char *funcname);
void		errfinish(void);

int			errcode(const char *sqlstate);
int			errcode_for_file_access(void);
int			errmsg(const char *fmt, ...) pg_printf_attr(1, 2);
int			errmsg_internal(const char *fmt, ...) pg_printf_attr(1, 2);
int			errdetail(const char *fmt, ...) pg_printf_attr(1, 2);
/* A DETAIL shown in the server log instead of errdetail, never to the client. */
int			errdetail_log(const char *fmt, ...) pg_printf_attr(1, 2);
int			errhint(const char *fmt, ...) pg_printf_attr(1, 2);
int			errcontext_msg(const char *fmt, ...) pg_printf_attr(1, 2);
int			errposition(int cursorpos);

/*
 * The errstart() guard skips formatting when nobody would see the message.
 * For levels >= ERROR the compiler is told errfinish() does not return.
 */
#define ereport(elevel, ...) \
	do { \
		const int ereport_elevel_ = (elevel); \
		if (errstart(ereport_elevel_, __FILE__, __LINE__, __func__)) \
		{ \
			__VA_ARGS__; \
			errfinish(); \
		} \
		if (ereport_elevel_ >= ERROR) \
			__builtin_unreachable(); \
	} while (0)

#define elog(elevel, ...) ereport(elevel, errmsg_internal(__VA_ARGS__))

/*
 * Non-local exit.  ELOG_TRY/ELOG_CATCH/ELOG_END_TRY nest; ELOG_RE_THROW()
 * inside a CATCH passes the current error to the next outer handler.
 * Variables modified inside the TRY block and used in CATCH must be
 * declared volatile (setjmp rules).
 */
extern sigjmp_buf *elog_exception_stack;

#define ELOG_TRY() \
	do { \
		sigjmp_buf *elog_saved_stack_ = elog_exception_stack; \
		sigjmp_buf	elog_local_jmp_; \
		bool		elog_caught_ = false; \
		if (sigsetjmp(elog_local_jmp_, 0) == 0) \
		{ \
			elog_exception_stack = &elog_local_jmp_

#define ELOG_CATCH() \
		} \
		else \
		{ \
			elog_exception_stack = elog_saved_stack_; \
			elog_caught_ = true

#define ELOG_END_TRY() \
		} \
		(void) elog_caught_; \
		elog_exception_stack = elog_saved_stack_; \
	} while (0)

pg_noreturn void elog_rethrow(void);
#define ELOG_RE_THROW() elog_rethrow()

/* The error being handled (valid inside CATCH until elog_flush_error). */
ErrorData  *elog_current_error(void);
/* Forget the current error and reset ErrorContext. */
void		elog_flush_error(void);
/* Emit the current error (to log and client) at its level, without exit. */
void		elog_emit_current_error(void);

/*
 * Critical sections: code between START and END must not fail; an ERROR in
 * one becomes a PANIC.  No allocation is allowed inside one.
 */
extern volatile int crit_section_depth;
#define START_CRIT_SECTION() (crit_section_depth++)
#define END_CRIT_SECTION() (Assert(crit_section_depth > 0), crit_section_depth--)

/*
 * Where reports go.  The backend installs a client sender once the protocol
 * is up; before that (and in the postmaster and auxiliary processes) only
 * the server log receives messages.
 */
typedef void (*elog_client_sender) (const ErrorData *edata);
void		elog_set_client_sender(elog_client_sender sender);

/* Minimum levels, from the log_min_messages/client_min_messages GUCs. */
extern int	log_min_messages;
extern int	client_min_messages;

/* Name shown in the log prefix ("postmaster", "checkpointer", ...). */
void		elog_set_process_label(const char *label);
/* Statement text to log after an ERROR ("STATEMENT:  ..."), or NULL. */
void		elog_set_statement(const char *query);

/* The text PostgreSQL uses for a level: "ERROR", "FATAL", ... */
const char *elog_level_name(int elevel);
/* Parse a level name as used by log_min_messages; -1 when unknown. */
int			elog_level_from_name(const char *name);

/* Function run by FATAL (and by normal backend exit) to end the process. */
pg_noreturn void proc_exit(int code);
/* Callbacks run by proc_exit, last registered first. */
void		on_proc_exit(void (*fn) (int code, Datum arg), Datum arg);
/* Forget inherited callbacks: a freshly forked child calls this first. */
void		on_proc_exit_reset(void);

/*
 * What proc_exit does after its callbacks: exit(code) unless a function is
 * installed here.  Only the fuzzers' single-session mode installs one
 * (tcop/fuzz_session.c): it must not return, and unwinds to the driver so
 * that the next input starts a new session in the same process.  NULL
 * restores exit().  The server never installs one.
 */
typedef void (*elog_exit_function) (int code);
void		elog_set_exit_function(elog_exit_function fn);

#endif							/* ELOG_H */
