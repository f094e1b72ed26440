/*-------------------------------------------------------------------------
 * elog_client.c
 *	  Sending ErrorResponse and NoticeResponse messages to the client.
 *
 * Fields sent, as PostgreSQL 15 sends them: S (severity, localized),
 * V (severity, never localized), C (SQLSTATE), M (message), then D
 * (detail), H (hint), P (cursor position), W (context) when present, and
 * F/L/R (source file, line, routine) for debugging.
 *
 * Invariant: sending an error must not raise another error; all memory is
 * taken from ErrorContext and output failures only mark the connection
 * lost (pqcomm.c).
 *-------------------------------------------------------------------------
 */
#include "tcop/elog_client.h"

#include <libgen.h>
#include <stdio.h>

#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

static void
send_field(StringBuf *buf, char code, const char *value)
{
	pq_send_int8(buf, (uint8_t) code);
	pq_send_string(buf, value);
}

static bool use_protocol_v2 = false;

/*
 * A client speaking protocol 2 cannot parse v3 messages; PostgreSQL still
 * tells it why it is refused, in the old format: 'E', the text, a NUL.
 */
static void
send_v2_error(const ErrorData *edata)
{
	char	   *text = psprintf("%s:  %s\n", elog_level_name(edata->elevel),
								edata->message ? edata->message : "missing error text");

	pq_putbytes("E", 1);
	pq_putbytes(text, strlen(text) + 1);
	pq_flush();
}

void
elog_client_set_protocol_v2(void)
{
	use_protocol_v2 = true;
}

static void
send_error_or_notice(const ErrorData *edata)
{
	if (use_protocol_v2)
	{
		if (edata->elevel >= ERROR)
		{
			MemoryContext old = memctx_switch_to(ErrorContext);

			send_v2_error(edata);
			memctx_switch_to(old);
		}
		return;
	}
	MemoryContext old = memctx_switch_to(ErrorContext);
	StringBuf	buf;
	const char *sev = elog_level_name(edata->elevel);
	char		num[16];

	pq_begin(&buf, edata->elevel >= ERROR ? 'E' : 'N');
	send_field(&buf, 'S', sev);
	send_field(&buf, 'V', sev);
	send_field(&buf, 'C', edata->sqlstate);
	send_field(&buf, 'M', edata->message ? edata->message : "missing error text");
	if (edata->detail)
		send_field(&buf, 'D', edata->detail);
	if (edata->hint)
		send_field(&buf, 'H', edata->hint);
	if (edata->cursorpos > 0)
	{
		snprintf(num, sizeof(num), "%d", edata->cursorpos);
		send_field(&buf, 'P', num);
	}
	if (edata->context)
		send_field(&buf, 'W', edata->context);
	if (edata->filename)
	{
		char	   *copy = pstrdup(edata->filename);

		send_field(&buf, 'F', basename(copy));
		snprintf(num, sizeof(num), "%d", edata->lineno);
		send_field(&buf, 'L', num);
	}
	if (edata->funcname)
		send_field(&buf, 'R', edata->funcname);
	pq_send_int8(&buf, 0);
	pq_end(&buf);
	/* Errors and notices go out at once; FATAL is the last thing sent. */
	if (edata->elevel >= ERROR)
		pq_flush();
	memctx_switch_to(old);
}

void
elog_client_install(void)
{
	use_protocol_v2 = false;	/* until the startup packet says otherwise */
	elog_set_client_sender(send_error_or_notice);
}
