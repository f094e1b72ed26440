/*-------------------------------------------------------------------------
 * hx_session.c
 *	  Client sessions over libpq with deadlines (see hx_session.h).
 *
 * Every wait is poll() on the connection's socket with the time left, in
 * libpq's non-blocking mode: connecting (PQconnectStartParams and
 * PQconnectPoll), sending (PQsendQuery, then PQflush while it reports
 * more to send) and collecting (PQconsumeInput and PQisBusy before each
 * PQgetResult).  So no libpq call here can block on the server.
 *
 * Classifying an outcome (collect_outcome):
 *	- the connection died (PQstatus CONNECTION_BAD, or an error of
 *	  severity FATAL or PANIC): HX_RES_CONN_LOST, with the SQLSTATE of the
 *	  first error that had one, else of a 57P0x notice received during the
 *	  statement (the "terminating connection because of crash of another
 *	  server process" warning, 57P02);
 *	- any other error: HX_RES_SQL_ERROR with its SQLSTATE and message;
 *	- else HX_RES_OK with the last result's rows.
 *
 * Notices never reach stderr: a notice receiver keeps the last one (and
 * its SQLSTATE) for hx_session_last_notice.
 *-------------------------------------------------------------------------
 */
#include "lib/hx_session.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hx_util.h"

#define MAX_RESULTS_DRAINED	100000	/* bound on results of one statement */

typedef enum SessionState
{
	SS_IDLE,					/* nothing in flight */
	SS_IN_FLIGHT,				/* sent, not yet collected */
	SS_SEND_FAILED,				/* send failed; wait reports it */
	SS_BROKEN,					/* timed out or protocol trouble: close it */
} SessionState;

struct HxSession
{
	PGconn	   *conn;
	pid_t		backend_pid;
	SessionState state;
	char		send_error[256];	/* SS_SEND_FAILED / SS_BROKEN: why */
	/*
	 * Notices: the last one, and the first 57P0x ever seen (sticky: such a
	 * notice means the connection is about to end, whatever comes next).
	 */
	char		notice[256];
	char		notice_sqlstate[6];
	char		stmt_notice_sqlstate[6];
};

static void
copy_sqlstate(char dst[6], const char *src)
{
	snprintf(dst, 6, "%s", src ? src : "");
}

/* libpq's message text on one line: blank runs squeezed, no trailing blank. */
static void
copy_message(char *dst, size_t len, const char *src)
{
	size_t		n = 0;
	bool		blank = false;

	if (len == 0)
		return;
	for (const char *p = src ? src : ""; *p && n + 1 < len; p++)
	{
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		{
			blank = n > 0;
			continue;
		}
		if (blank && n + 2 < len)
			dst[n++] = ' ';
		blank = false;
		dst[n++] = *p;
	}
	dst[n] = '\0';
}

/* An error's primary message ("relation \"x\" does not exist"), else libpq's text. */
static const char *
error_text(const PGresult *res)
{
	const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

	return primary ? primary : PQresultErrorMessage(res);
}

static void
notice_receiver(void *arg, const PGresult *res)
{
	HxSession  *s = arg;
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	copy_message(s->notice, sizeof(s->notice), error_text(res));
	copy_sqlstate(s->notice_sqlstate, state);
	if (state && strncmp(state, "57P0", 4) == 0 && s->stmt_notice_sqlstate[0] == '\0')
		copy_sqlstate(s->stmt_notice_sqlstate, state);
}

/* poll() the socket for `events`; 1 ready, 0 timeout, -1 error. */
static int
wait_socket(PGconn *conn, short events, int64_t deadline)
{
	int			sock = PQsocket(conn);

	if (sock < 0)
		return -1;
	for (;;)
	{
		struct pollfd pfd = {.fd = sock,.events = events};
		int			r = poll(&pfd, 1, hx_remaining_ms(deadline));

		if (r >= 0)
			return r > 0 ? 1 : 0;
		if (errno != EINTR)
			return -1;
	}
}

HxSession *
hx_session_connect(HxCluster *c, const char *appname, int timeout_ms)
{
	char		port[16];
	const char *keys[] = {"host", "port", "user", "dbname", "application_name", NULL};
	const char *values[] = {c->sockdir, port, "postgres", "postgres", appname ? appname : "hx", NULL};
	int64_t		deadline = hx_now_ms() + timeout_ms;
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	HxSession  *s = hx_xcalloc(1, sizeof(HxSession));

	snprintf(port, sizeof(port), "%d", c->port);
	s->conn = PQconnectStartParams(keys, values, 0);
	if (s->conn == NULL)
	{
		hx_set_error("connect: out of memory in libpq");
		free(s);
		return NULL;
	}
	/* Before anything can arrive: no notice may reach stderr. */
	PQsetNoticeReceiver(s->conn, notice_receiver, s);
	if (PQstatus(s->conn) == CONNECTION_BAD)
		st = PGRES_POLLING_FAILED;
	while (st != PGRES_POLLING_OK)
	{
		const char *why = NULL;
		char		msg[512];

		if (st == PGRES_POLLING_FAILED)
		{
			copy_message(msg, sizeof(msg), PQerrorMessage(s->conn));
			why = msg;
		}
		else
		{
			int			r = wait_socket(s->conn, st == PGRES_POLLING_READING ? POLLIN : POLLOUT,
										deadline);

			if (r == 0)
				why = "timed out";
			else if (r < 0)
				why = "poll failed";
		}
		if (why != NULL)
		{
			hx_set_error("connect to %s port %d: %s", c->sockdir, c->port, why);
			hx_session_close(s);
			return NULL;
		}
		st = PQconnectPoll(s->conn);
	}
	s->backend_pid = (pid_t) PQbackendPID(s->conn);
	s->state = SS_IDLE;
	if (PQsetnonblocking(s->conn, 1) != 0)
	{
		copy_message(s->send_error, sizeof(s->send_error), PQerrorMessage(s->conn));
		hx_set_error("connect: could not set non-blocking mode: %s", s->send_error);
		hx_session_close(s);
		return NULL;
	}
	return s;
}

pid_t
hx_session_backend_pid(const HxSession *s)
{
	return s ? s->backend_pid : 0;
}

bool
hx_session_alive(const HxSession *s)
{
	if (s == NULL || s->state == SS_BROKEN || PQstatus(s->conn) != CONNECTION_OK)
		return false;

	/* A backend that died leaves a hung-up socket; look without reading. */
	struct pollfd pfd = {.fd = PQsocket(s->conn),.events = POLLRDHUP};

	if (pfd.fd < 0)
		return false;
	if (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)))
		return false;
	return true;
}

const char *
hx_session_last_notice(const HxSession *s)
{
	return s ? s->notice : "";
}

const char *
hx_session_last_notice_sqlstate(const HxSession *s)
{
	return s ? s->notice_sqlstate : "";
}

static HxResult
make_result(HxResultKind kind, const char *sqlstate, const char *message)
{
	HxResult	r;

	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.cmd_tuples = -1;
	copy_sqlstate(r.sqlstate, sqlstate);
	copy_message(r.message, sizeof(r.message), message);
	return r;
}

bool
hx_session_send(HxSession *s, const char *sql)
{
	if (s->state == SS_IN_FLIGHT || s->state == SS_SEND_FAILED)
	{
		hx_set_error("send: a statement is already in flight on this session");
		return false;
	}
	if (s->state == SS_BROKEN)
	{
		hx_set_error("send: %s", s->send_error);
		return false;
	}
	if (!PQsendQuery(s->conn, sql))
	{
		copy_message(s->send_error, sizeof(s->send_error), PQerrorMessage(s->conn));
		hx_set_error("send: %s", s->send_error);
		s->state = SS_SEND_FAILED;
		return false;
	}
	s->state = SS_IN_FLIGHT;
	return true;
}

/* Copy a PGRES_TUPLES_OK result's rows into r. */
static void
copy_rows(HxResult *r, const PGresult *res)
{
	r->nrows = PQntuples(res);
	r->ncols = PQnfields(res);
	if (r->nrows == 0 || r->ncols == 0)
		return;
	r->values = hx_xcalloc((size_t) r->nrows * (size_t) r->ncols, sizeof(char *));
	for (int i = 0; i < r->nrows; i++)
		for (int j = 0; j < r->ncols; j++)
			if (!PQgetisnull(res, i, j))
				r->values[(size_t) i * (size_t) r->ncols + (size_t) j] =
					hx_xstrdup(PQgetvalue(res, i, j));
}

/*
 * Collect every result of the statement in flight and classify them (see
 * the file header).  Precondition: state SS_IN_FLIGHT.
 */
static HxResult
collect_outcome(HxSession *s, int timeout_ms)
{
	int64_t		deadline = hx_now_ms() + timeout_ms;
	PGresult   *last = NULL;
	char		err_state[6] = "";
	char		err_msg[256] = "";
	bool		have_error = false;
	bool		fatal = false;
	bool		copy_mode = false;
	bool		finished = false;	/* PQgetResult said NULL: all collected */
	long		drained = 0;

	for (;;)
	{
		/* Push out what PQsendQuery could not send at once. */
		int			f = PQflush(s->conn);

		if (f < 0)
			break;				/* connection trouble: status tells */

		/* Read what is there; a dead socket makes PQstatus CONNECTION_BAD. */
		if (!PQconsumeInput(s->conn) && PQstatus(s->conn) == CONNECTION_BAD)
		{
			/* libpq has dropped the socket: PQgetResult no longer blocks. */
			PGresult   *res;

			while (drained++ < MAX_RESULTS_DRAINED && (res = PQgetResult(s->conn)) != NULL)
			{
				if (PQresultStatus(res) == PGRES_FATAL_ERROR && !have_error)
				{
					have_error = true;
					copy_sqlstate(err_state, PQresultErrorField(res, PG_DIAG_SQLSTATE));
					copy_message(err_msg, sizeof(err_msg), error_text(res));
				}
				PQclear(res);
			}
			if (!have_error)
				copy_message(err_msg, sizeof(err_msg), PQerrorMessage(s->conn));
			break;
		}

		bool		done = false;

		while (!PQisBusy(s->conn))
		{
			PGresult   *res = PQgetResult(s->conn);

			if (res == NULL)
			{
				done = true;
				break;
			}
			drained++;

			ExecStatusType rs = PQresultStatus(res);

			if (rs == PGRES_FATAL_ERROR || rs == PGRES_NONFATAL_ERROR)
			{
				const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);

				if (sev && (strcmp(sev, "FATAL") == 0 || strcmp(sev, "PANIC") == 0))
					fatal = true;
				if (!have_error)
				{
					have_error = true;
					copy_sqlstate(err_state, PQresultErrorField(res, PG_DIAG_SQLSTATE));
					copy_message(err_msg, sizeof(err_msg), error_text(res));
				}
			}
			else if (rs == PGRES_COPY_IN || rs == PGRES_COPY_OUT || rs == PGRES_COPY_BOTH)
				copy_mode = true;
			PQclear(last);
			last = res;
			if (copy_mode)
				break;
		}
		finished = done;
		if (done || copy_mode || PQstatus(s->conn) == CONNECTION_BAD)
			break;
		if (drained >= MAX_RESULTS_DRAINED)
		{
			copy_mode = true;	/* treat like an unusable protocol state */
			break;
		}

		int			w = wait_socket(s->conn, f == 1 ? (POLLIN | POLLOUT) : POLLIN, deadline);

		if (w == 0)
		{
			PQclear(last);
			s->state = SS_BROKEN;
			snprintf(s->send_error, sizeof(s->send_error),
					 "session unusable: a statement timed out after %d ms", timeout_ms);
			HxResult	r = make_result(HX_RES_TIMEOUT, "", "");

			snprintf(r.message, sizeof(r.message), "no answer after %d ms", timeout_ms);
			return r;
		}
		if (w < 0)
			break;
	}

	HxResult	r;

	/* Left the loop early without COPY (flush or poll failed): lost too. */
	if (PQstatus(s->conn) == CONNECTION_BAD || fatal || (!finished && !copy_mode))
	{
		const char *state = err_state[0] ? err_state : s->stmt_notice_sqlstate;

		r = make_result(HX_RES_CONN_LOST, state,
						err_msg[0] ? err_msg : PQerrorMessage(s->conn));
		s->state = SS_BROKEN;
		snprintf(s->send_error, sizeof(s->send_error), "connection lost: %s", r.message);
	}
	else if (copy_mode)
	{
		r = make_result(HX_RES_SQL_ERROR, "0A000", "COPY is not supported by hx_session");
		s->state = SS_BROKEN;
		snprintf(s->send_error, sizeof(s->send_error), "session unusable after COPY");
	}
	else if (have_error)
	{
		r = make_result(HX_RES_SQL_ERROR, err_state, err_msg);
		s->state = SS_IDLE;
	}
	else
	{
		r = make_result(HX_RES_OK, "", "");
		if (last != NULL)
		{
			const char *ct = PQcmdTuples(last);

			if (ct && ct[0])
				r.cmd_tuples = atol(ct);
			if (PQresultStatus(last) == PGRES_TUPLES_OK)
				copy_rows(&r, last);
		}
		s->state = SS_IDLE;
	}
	PQclear(last);
	return r;
}

HxResult
hx_session_wait(HxSession *s, int timeout_ms)
{
	switch (s->state)
	{
		case SS_IN_FLIGHT:
			return collect_outcome(s, timeout_ms);
		case SS_SEND_FAILED:
			{
				HxResult	r = make_result(PQstatus(s->conn) == CONNECTION_BAD ?
											HX_RES_CONN_LOST : HX_RES_SQL_ERROR,
											s->stmt_notice_sqlstate, s->send_error);

				s->state = PQstatus(s->conn) == CONNECTION_BAD ? SS_BROKEN : SS_IDLE;
				return r;
			}
		case SS_BROKEN:
			return make_result(HX_RES_CONN_LOST, "", s->send_error);
		case SS_IDLE:
			break;
	}
	return make_result(HX_RES_SQL_ERROR, "", "hx_session_wait: no statement in flight");
}

HxResult
hx_session_exec(HxSession *s, const char *sql, int timeout_ms)
{
	if (!hx_session_send(s, sql) && s->state != SS_SEND_FAILED && s->state != SS_BROKEN)
		return make_result(HX_RES_SQL_ERROR, "", hx_last_error());
	return hx_session_wait(s, timeout_ms);
}

const char *
hx_result_value(const HxResult *r, int row, int col)
{
	if (r->values == NULL || row < 0 || col < 0 || row >= r->nrows || col >= r->ncols)
		return NULL;
	return r->values[(size_t) row * (size_t) r->ncols + (size_t) col];
}

void
hx_result_free(HxResult *r)
{
	if (r->values != NULL)
	{
		for (size_t i = 0; i < (size_t) r->nrows * (size_t) r->ncols; i++)
			free(r->values[i]);
		free(r->values);
	}
	r->values = NULL;
	r->nrows = 0;
	r->ncols = 0;
}

void
hx_session_close(HxSession *s)
{
	if (s == NULL)
		return;
	if (s->conn != NULL)
		PQfinish(s->conn);
	free(s);
}
