/*-------------------------------------------------------------------------
 * hx_session.h
 *	  A client session over libpq, synchronous or asynchronous, with
 *	  timeouts: the harness's way to be caught mid-transaction.
 *
 * Role: a workload client runs statements through an HxSession; a
 * scenario can send a statement without waiting (hx_session_send), inject
 * its fault while the statement is in flight, then collect the outcome
 * (hx_session_wait), which may be "connection lost".  Outcomes carry the
 * SQLSTATE so oracles can tell "committed", "rolled back by the server"
 * and "unknown (connection lost during COMMIT)" apart.
 *
 * Invariants:
 *	- Never blocks longer than the timeout given (libpq non-blocking mode
 *	  and poll()); a timeout is HX_RES_TIMEOUT, never a hang.
 *	- One statement in flight per session; results are fully drained.
 *	- The backend PID is known after connect (for kill-by-session).
 *	- libpq never prints to stderr: notices are kept (the last one and
 *	  its SQLSTATE, e.g. 57P02 "terminating connection because of crash
 *	  of another server process") for hx_session_last_notice*.
 *
 * Outcome rules: the connection died (libpq says CONNECTION_BAD, or an
 * error of severity FATAL/PANIC arrived) -> HX_RES_CONN_LOST, sqlstate that
 * error's (57P01 on a fast stop...) or else the first 57P0x notice the
 * session got (57P02 on a crash), message libpq's or the server's; any
 * other error -> HX_RES_SQL_ERROR (the server stops a multi-statement
 * string at its first error); else HX_RES_OK with the last statement's
 * rows and count.  After HX_RES_CONN_LOST or HX_RES_TIMEOUT the session is
 * unusable: send returns false and exec/wait return HX_RES_CONN_LOST.  COPY
 * is not supported (HX_RES_SQL_ERROR 0A000, session unusable).
 *
 * Entry points: hx_session_connect, hx_session_exec, hx_session_send,
 * hx_session_wait, hx_session_close, hx_result_free; additions:
 * hx_session_last_notice, hx_session_last_notice_sqlstate.
 *-------------------------------------------------------------------------
 */
#ifndef HX_SESSION_H
#define HX_SESSION_H

#include <stdbool.h>
#include <sys/types.h>

#include "lib/hx_cluster.h"

typedef enum HxResultKind
{
	HX_RES_OK,					/* command completed (rows in `values` if any) */
	HX_RES_SQL_ERROR,			/* the server sent an ErrorResponse; session usable */
	HX_RES_CONN_LOST,			/* the connection died (crash, FATAL, shutdown) */
	HX_RES_TIMEOUT,				/* no answer in time; session must be closed */
} HxResultKind;

typedef struct HxResult
{
	HxResultKind kind;
	char		sqlstate[6];	/* "" unless HX_RES_SQL_ERROR, or HX_RES_CONN_LOST
								 * after a FATAL error or 57P0x notice */
	char		message[256];
	int			nrows;
	int			ncols;
	char	  **values;			/* nrows * ncols, row-major; NULL value = NULL */
	long		cmd_tuples;		/* INSERT/UPDATE/DELETE count, -1 if none */
} HxResult;

typedef struct HxSession HxSession;

/*
 * Connect as `appname` (user and database "postgres", over the cluster's
 * Unix socket); NULL (hx_last_error says why, with the server's message,
 * e.g. "the database system is in recovery mode") on failure/timeout.
 */
HxSession  *hx_session_connect(HxCluster *c, const char *appname, int timeout_ms);
pid_t		hx_session_backend_pid(const HxSession *s);
/*
 * Usable as far as can be told without reading: libpq's status is OK, no
 * earlier timeout or loss, and the socket is not hung up.
 */
bool		hx_session_alive(const HxSession *s);
/* The last notice or warning's message / SQLSTATE; "" if none yet. */
const char *hx_session_last_notice(const HxSession *s);
const char *hx_session_last_notice_sqlstate(const HxSession *s);

/* Run sql (one or more statements) and wait; the last statement's result. */
HxResult	hx_session_exec(HxSession *s, const char *sql, int timeout_ms);
/*
 * Send sql and return at once; collect it with hx_session_wait.  False
 * when nothing was sent: a statement is already in flight, or the session
 * is unusable or the send failed (then hx_session_wait reports the outcome
 * at once, HX_RES_CONN_LOST when the connection is gone).
 */
bool		hx_session_send(HxSession *s, const char *sql);
HxResult	hx_session_wait(HxSession *s, int timeout_ms);

/* Value (row, col) as text, NULL for SQL NULL or out of range. */
const char *hx_result_value(const HxResult *r, int row, int col);
void		hx_result_free(HxResult *r);

void		hx_session_close(HxSession *s);

#endif							/* HX_SESSION_H */
