/*-------------------------------------------------------------------------
 * backend.c
 *	  A client backend's life: startup packet, admission, authentication,
 *	  session setup, then the message loop until Terminate or disconnect.
 *
 * Error recovery (the outer ELOG handler of the message loop): an ERROR
 * anywhere below unwinds here; we send the ErrorResponse, abort the
 * transaction (or mark the block failed), release every lightweight lock,
 * reset per-message memory and, in extended-query mode, skip messages until
 * the next Sync, exactly as PostgreSQL does.  Then the loop continues.
 *
 * Invariants:
 *	- Nothing before proc_attach_backend() touches shared memory, so a
 *	  connection refused at admission (dead-end child) is harmless even
 *	  while the postmaster is rebuilding the segment.
 *	- ReadyForQuery is sent exactly once per simple Query and per Sync.
 *
 * See also: tcop/README.md, tcop/simple_query.c, tcop/extended_query.c.
 *-------------------------------------------------------------------------
 */
#include "tcop/backend.h"

#include <endian.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "access/transam/xact.h"
#include "faults/faultpoint.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/proc.h"
#include "storage/lmgr/lwlock.h"
#include "tcop/auth.h"
#include "tcop/elog_client.h"
#include "tcop/port.h"
#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "tcop/session.h"
#include "tcop/startup.h"
#include "tcop/tcopprot.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"
#include "utils/ps_status.h"

static volatile bool send_ready_for_query = true;

/*
 * authentication_timeout: before the proc slot is taken nothing shared can
 * be damaged, so just exit (PostgreSQL does the same); afterwards, let the
 * read loop raise FATAL "canceling authentication due to timeout".
 */
static void
startup_timeout_handler(int signo)
{
	(void) signo;
	if (MyProc == NULL)
		_exit(1);
	AuthTimeoutPending = 1;
	InterruptPending = 1;
}

static void
arm_authentication_timeout(bool on)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? startup_timeout_handler : SIG_IGN;
	sigaction(SIGALRM, &sa, NULL);
	alarm(on ? (unsigned) guc_authentication_timeout_s : 0);
	if (!on)
		interrupt_install_backend_handlers();
}

static pg_noreturn void
refuse_connection(ConnAdmission cac)
{
	switch (cac)
	{
		case CAC_STARTUP:
			ereport(FATAL, errcode(ERRCODE_CANNOT_CONNECT_NOW),
					errmsg("the database system is starting up"));
			break;
		case CAC_SHUTDOWN:
			ereport(FATAL, errcode(ERRCODE_CANNOT_CONNECT_NOW),
					errmsg("the database system is shutting down"));
			break;
		case CAC_RECOVERY:
			ereport(FATAL, errcode(ERRCODE_CANNOT_CONNECT_NOW),
					errmsg("the database system is in recovery mode"));
			break;
		case CAC_NOTCONSISTENT:
			ereport(FATAL, errcode(ERRCODE_CANNOT_CONNECT_NOW),
					errmsg("the database system is not yet accepting connections"),
					errdetail("Consistent recovery state has not been yet reached."));
			break;
		case CAC_TOOMANY:
		case CAC_OK:
			ereport(FATAL, errcode(ERRCODE_TOO_MANY_CONNECTIONS),
					errmsg("sorry, too many clients already"));
			break;
	}
	proc_exit(1);
}

static void
create_backend_contexts(void)
{
	SessionContext = memctx_create(TopMemoryContext, "SessionContext");
	MessageContext = memctx_create(TopMemoryContext, "MessageContext");
}

static void
send_parameter_status_cb(const char *name, const char *value)
{
	pq_send_parameter_status(name, value);
}

static void
send_backend_key_data(int32_t key)
{
	StringBuf	buf;

	pq_begin(&buf, 'K');
	pq_send_int32(&buf, (uint32_t) MyProcPid);
	pq_send_int32(&buf, (uint32_t) key);
	pq_end(&buf);
}

static void
interrupt_while_reading(void)
{
	if (AuthTimeoutPending)
		ereport(FATAL, errcode(ERRCODE_QUERY_CANCELED),
				errmsg("canceling authentication due to timeout"));
	/* While idle, only a terminate request matters; cancel is ignored. */
	if (ProcDiePending || PostmasterDeathPending)
	{
		QueryCancelEnabled = false;
		process_interrupts();
	}
	if (IdleInTransactionTimeoutPending)
		ereport(FATAL, errcode(ERRCODE_IDLE_IN_TRANSACTION_SESSION_TIMEOUT),
				errmsg("terminating connection due to idle-in-transaction timeout"));
	if (IdleSessionTimeoutPending)
		ereport(FATAL, errcode(ERRCODE_IDLE_SESSION_TIMEOUT),
				errmsg("terminating connection due to idle-session timeout"));
}

/*
 * Waiting for the client's next message: arm idle_in_transaction_session_
 * timeout inside a transaction block, idle_session_timeout outside one
 * (PostgreSQL's rules: both are checked only between messages).
 */
static void
arm_idle_timeout(void)
{
	if (xact_status_char() != 'I')
	{
		if (guc_idle_in_transaction_session_timeout_ms > 0)
			interrupt_enable_idle_timeout(true, guc_idle_in_transaction_session_timeout_ms);
	}
	else if (guc_idle_session_timeout_ms > 0)
		interrupt_enable_idle_timeout(false, guc_idle_session_timeout_ms);
}

static void
report_ready_for_query(void)
{
	char		status = xact_status_char();

	guc_take_reported_changes(send_parameter_status_cb);
	if (status == 'I')
	{
		ps_set_activity("idle");
		proc_set_state(STATE_IDLE, NULL);
	}
	else
	{
		ps_set_activity(status == 'E' ? "idle in transaction (aborted)" : "idle in transaction");
		proc_set_state(status == 'E' ? STATE_IDLEINTRANSACTION_ABORTED
					   : STATE_IDLEINTRANSACTION, NULL);
	}
	/*
	 * A commit is durable now and the client has not been told (its
	 * CommandComplete waits in the send buffer with this ReadyForQuery).
	 */
	if (xact_take_commit_reply() && FAULT_POINT("xact/commit/before-reply"))
	{
		/*
		 * "error" here means the reply is lost: the commit stands, the
		 * client must see the connection drop (in doubt), never an ERROR
		 * after a durable commit.
		 */
		pq_discard_output();
		ereport(LOG, errmsg("fault injected at point \"xact/commit/before-reply\": "
							"closing the connection before the commit reply"));
		proc_exit(0);
	}
	pq_send_ready_for_query(status);
	pq_flush();
}

/* Recover from an ERROR that unwound to the message loop. */
static void
recover_from_error(void)
{
	HOLD_INTERRUPTS();
	QueryCancelEnabled = false;
	interrupt_disable_statement_timeout();
	QueryCancelPending = 0;
	elog_emit_current_error();
	bufmgr_release_all();
	lwlock_release_all();
	memctx_switch_to(TopMemoryContext);
	xact_abort_current();
	elog_set_statement(NULL);
	elog_flush_error();
	tcop_after_error();
	if (!tcop_in_extended_query())
		send_ready_for_query = true;
	RESUME_INTERRUPTS();
}

static void
read_and_dispatch_message(StringBuf *msg)
{
	int			firstchar;

	if (send_ready_for_query)
	{
		report_ready_for_query();
		send_ready_for_query = false;
		arm_idle_timeout();
	}
	/* A signal that came before we block (pg_terminate_backend of ourselves). */
	interrupt_while_reading();
	firstchar = pq_getbyte();
	interrupt_disable_idle_timeout();
	CHECK_FOR_INTERRUPTS();
	if (ConfigReloadPending)
	{
		ConfigReloadPending = 0;
		guc_load_config_files(".", PGC_SIGHUP);
	}
	if (firstchar == EOF)
	{
		if (xact_is_open())
			ereport(LOG_SERVER_ONLY, errcode(ERRCODE_CONNECTION_FAILURE),
					errmsg("unexpected EOF on client connection with an open transaction"));
		proc_exit(0);
	}
	int			maxlen = tcop_max_message_length(firstchar);

	if (maxlen < 0)
		ereport(FATAL, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("invalid frontend message type %d", firstchar));
	if (pq_getmessage(msg, maxlen) == EOF)
		proc_exit(0);
	if (tcop_dispatch_message(firstchar, msg))
		send_ready_for_query = true;
	if (pq_is_connection_lost())
		proc_exit(0);
}

static pg_noreturn void
message_loop(void)
{
	sigjmp_buf	local_jmp;

	if (sigsetjmp(local_jmp, 1) != 0)
		recover_from_error();
	elog_exception_stack = &local_jmp;
	for (;;)
	{
		StringBuf	msg;

		memctx_switch_to(TopMemoryContext);
		memctx_reset(MessageContext);
		memctx_switch_to(MessageContext);
		strbuf_init(&msg);
		read_and_dispatch_message(&msg);
	}
}

/* A NoticeResponse (severity WARNING) as raw protocol bytes; *len set. */
static char *
build_warning_notice(const char *sqlstate, const char *msg, const char *detail,
					 const char *hint, size_t *len)
{
	StringBuf	b;

	strbuf_init(&b);
	strbuf_append_char(&b, 'N');
	strbuf_append_bytes(&b, "\0\0\0\0", 4);
	strbuf_append_char(&b, 'S');
	strbuf_append_bytes(&b, "WARNING", 8);
	strbuf_append_char(&b, 'V');
	strbuf_append_bytes(&b, "WARNING", 8);
	strbuf_append_char(&b, 'C');
	strbuf_append_bytes(&b, sqlstate, (int) strlen(sqlstate) + 1);
	strbuf_append_char(&b, 'M');
	strbuf_append_bytes(&b, msg, (int) strlen(msg) + 1);
	if (detail)
	{
		strbuf_append_char(&b, 'D');
		strbuf_append_bytes(&b, detail, (int) strlen(detail) + 1);
	}
	if (hint)
	{
		strbuf_append_char(&b, 'H');
		strbuf_append_bytes(&b, hint, (int) strlen(hint) + 1);
	}
	strbuf_append_char(&b, '\0');

	uint32_t	body = htobe32((uint32_t) (b.len - 1));

	memcpy(b.data + 1, &body, 4);
	*len = (size_t) b.len;
	return b.data;
}

/*
 * What the client reads if the postmaster makes us quit (SIGQUIT):
 * PostgreSQL's warnings, prepared now because the signal handler can only
 * write(2) bytes that already exist.
 */
static void
prepare_quickdie_messages(void)
{
	size_t		crash_len,
				stop_len;
	MemoryContext old = memctx_switch_to(SessionContext);
	char	   *crash = build_warning_notice(ERRCODE_CRASH_SHUTDOWN,
											 "terminating connection because of crash of another server process",
											 "The postmaster has commanded this server process to roll back the current transaction and exit, because another server process exited abnormally and possibly corrupted shared memory.",
											 "In a moment you should be able to reconnect to the database and repeat your command.",
											 &crash_len);
	char	   *stop = build_warning_notice(ERRCODE_ADMIN_SHUTDOWN,
											"terminating connection due to immediate shutdown command",
											NULL, NULL, &stop_len);

	memctx_switch_to(old);
	interrupt_set_quickdie_messages(pq_socket_fd(), crash, crash_len, stop, stop_len);
}

void
backend_main(void *arg)
{
	BackendStartInfo *info = arg;

	pq_init_socket(info->client.fd);
	backend_run(info);
}

/*
 * Everything about the connection (the Port, the startup packet, what
 * authentication and session setup allocate) lives in SessionContext,
 * which lasts as long as the session: in a forked backend, until the
 * process exits; in the fuzzers' single-session mode, until the driver
 * deletes it after proc_exit.
 */
void
backend_run(const BackendStartInfo *info)
{
	create_backend_contexts();
	memctx_switch_to(SessionContext);
	send_ready_for_query = true;
	tcop_reset_session_state();
	MyPort = palloc0(sizeof(Port));
	MyPort->client = info->client;
	pq_set_interrupt_hook(interrupt_while_reading);
	elog_client_install();
	ps_set_title("new connection");
	if (guc_log_connections)
		ereport(LOG, errmsg("connection received: host=%s%s%s", MyPort->client.host,
							MyPort->client.is_unix ? "" : " port=",
							MyPort->client.is_unix ? "" : psprintf("%d", MyPort->client.port)));

	arm_authentication_timeout(true);
	if (startup_read_packet(MyPort) == STARTUP_CLOSE)
		proc_exit(0);
	if (info->admission != CAC_OK)
		refuse_connection(info->admission);

	char	   *who = MyPort->client.is_unix ? pstrdup("[local]") :
		psprintf("%s(%d)", MyPort->client.host, MyPort->client.port);

	ps_set_title(psprintf("%s %s %s", MyPort->user_name, MyPort->database_name, who));
	ps_set_activity("authentication");
	session_init(MyPort, who);
	arm_authentication_timeout(false);
	if (guc_log_connections)
		ereport(LOG, errmsg("connection authorized: user=%s database=%s%s%s",
							MyPort->user_name, MyPort->database_name,
							MyPort->application_name ? " application_name=" : "",
							MyPort->application_name ? MyPort->application_name : ""));
	guc_mark_all_reported();
	guc_take_reported_changes(send_parameter_status_cb);
	send_backend_key_data(info->cancel_key);
	prepare_quickdie_messages();
	message_loop();
}
