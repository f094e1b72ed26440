/*-------------------------------------------------------------------------
 * startup.c
 *	  Reading the startup packet: SSL/GSS negotiation, cancel requests,
 *	  protocol version, and the user/database/options of a new session.
 *
 * Packet layout: int32 length (counting itself), int32 code, then for a
 * StartupMessage a list of NUL-terminated name/value pairs ended by an
 * empty name.  Codes other than protocol 3.x: SSLRequest and
 * GSSENCRequest are answered 'N' (no encryption offered) and the client
 * sends its real startup packet next; CancelRequest carries a pid and key.
 *
 * Error behaviour (PostgreSQL's): a bad length closes the connection with
 * only a server-log line (the client is not speaking our protocol, so we
 * cannot answer in it); a bad layout or version is a FATAL ErrorResponse.
 *-------------------------------------------------------------------------
 */
#include "tcop/startup.h"

#include <arpa/inet.h>
#include <signal.h>
#include <stdlib.h>

#include "postmaster/pm_children.h"
#include "tcop/elog_client.h"
#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

Port	   *MyPort = NULL;

static void
process_cancel_request(StringBuf *pkt)
{
	if (pq_remaining(pkt) < 8)
	{
		ereport(LOG_SERVER_ONLY, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("invalid length of startup packet"));
		return;
	}
	int			pid = (int) pq_get_int32(pkt);
	int32_t		key = (int32_t) pq_get_int32(pkt);

	/*
	 * The child table was copied from the postmaster at fork, so it lists
	 * every backend older than this connection, with its cancel key; no
	 * shared memory is touched.
	 */
	if (pm_child_cancel_key_matches(pid, key))
		kill(pid, SIGINT);
	else
		ereport(LOG, errmsg("wrong key in cancel request for process %d", pid));
}

/* Read one length-prefixed startup packet into pkt; false = give up. */
static bool
read_startup_packet(StringBuf *pkt, bool first)
{
	uint32_t	netlen;
	int			len;

	strbuf_reset(pkt);
	if (pq_peekbyte() == EOF)
	{
		/* A client that connects and goes away (a port probe): say nothing. */
		if (!first)
			ereport(LOG_SERVER_ONLY, errcode(ERRCODE_PROTOCOL_VIOLATION),
					errmsg("incomplete startup packet"));
		return false;
	}
	if (pq_getbytes(&netlen, 4) == EOF)
	{
		ereport(LOG_SERVER_ONLY, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("incomplete startup packet"));
		return false;
	}
	len = (int) ntohl(netlen) - 4;
	if (len < 4 || len > PQ_MAX_STARTUP_PACKET_LENGTH)
	{
		ereport(LOG_SERVER_ONLY, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("invalid length of startup packet"));
		return false;
	}
	strbuf_reserve(pkt, len);
	if (pq_getbytes(pkt->data, (size_t) len) == EOF)
	{
		ereport(LOG_SERVER_ONLY, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("incomplete startup packet"));
		return false;
	}
	pkt->len = len;
	pkt->data[len] = '\0';
	return true;
}

/* Split the "options" value (-c name=value, --name=value) into settings. */
static void
parse_options_value(Port *port, const char *value)
{
	char	   *copy = pstrdup(value);
	char	   *save = NULL;
	bool		expect_c_arg = false;

	for (char *tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
	{
		const char *setting = NULL;

		if (expect_c_arg)
		{
			setting = tok;
			expect_c_arg = false;
		}
		else if (strcmp(tok, "-c") == 0)
			expect_c_arg = true;
		else if (strncmp(tok, "-c", 2) == 0)
			setting = tok + 2;
		else if (strncmp(tok, "--", 2) == 0)
			setting = tok + 2;
		else
			ereport(FATAL, errcode(ERRCODE_PROTOCOL_VIOLATION),
					errmsg("invalid command-line argument for server process: %s", tok),
					errhint("Try \"minipg --help\" for more information."));
		if (setting == NULL)
			continue;
		const char *eq = strchr(setting, '=');

		if (eq == NULL)
			ereport(FATAL, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("-c %s requires a value", setting));
		if (port->n_gucs < PORT_MAX_GUCS)
		{
			char	   *name = pnstrdup(setting, (size_t) (eq - setting));

			for (char *p = name; *p; p++)
				if (*p == '-')
					*p = '_';
			port->guc_names[port->n_gucs] = name;
			port->guc_values[port->n_gucs] = pstrdup(eq + 1);
			port->n_gucs++;
		}
	}
}

static char *
truncate_identifier(const char *s)
{
	return pnstrdup(s, NAMEDATALEN - 1);
}

static void
parse_startup_parameters(Port *port, StringBuf *pkt)
{
	/* The packet must end with the empty name that terminates the list. */
	if (pkt->len == pkt->cursor || pkt->data[pkt->len - 1] != '\0')
		ereport(FATAL, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("invalid startup packet layout: expected terminator as last byte"));
	for (;;)
	{
		const char *name = pq_get_string(pkt);

		if (name[0] == '\0')
			break;
		if (pkt->cursor >= pkt->len)
			ereport(FATAL, errcode(ERRCODE_PROTOCOL_VIOLATION),
					errmsg("invalid startup packet layout: expected terminator as last byte"));
		const char *value = pq_get_string(pkt);

		if (strcmp(name, "user") == 0)
			port->user_name = truncate_identifier(value);
		else if (strcmp(name, "database") == 0)
			port->database_name = truncate_identifier(value);
		else if (strcmp(name, "options") == 0)
			parse_options_value(port, value);
		else if (strcmp(name, "replication") == 0)
			ereport(FATAL, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("replication connections are not supported"));
		else if (strncmp(name, "_pq_.", 5) == 0)
		{
			if (port->n_unknown_options < PORT_MAX_GUCS)
				port->unknown_options[port->n_unknown_options++] = pstrdup(name);
		}
		else if (port->n_gucs < PORT_MAX_GUCS)
		{
			if (strcmp(name, "application_name") == 0)
				port->application_name = pstrdup(value);
			port->guc_names[port->n_gucs] = pstrdup(name);
			port->guc_values[port->n_gucs] = pstrdup(value);
			port->n_gucs++;
		}
	}
	if (port->user_name == NULL || port->user_name[0] == '\0')
		ereport(FATAL, errcode(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION),
				errmsg("no PostgreSQL user name specified in startup packet"));
	if (port->database_name == NULL || port->database_name[0] == '\0')
		port->database_name = pstrdup(port->user_name);
}

static void
send_negotiate_protocol_version(Port *port)
{
	StringBuf	buf;

	pq_begin(&buf, 'v');
	pq_send_int32(&buf, PG_PROTOCOL_LATEST);
	pq_send_int32(&buf, (uint32_t) port->n_unknown_options);
	for (int i = 0; i < port->n_unknown_options; i++)
		pq_send_string(&buf, port->unknown_options[i]);
	pq_end(&buf);
}

StartupResult
startup_read_packet(Port *port)
{
	/* The packet and the Port's strings: in the caller's (session) context. */
	MemoryContext old = CurrentMemoryContext;
	StringBuf	pkt;
	bool		first = true;

	strbuf_init(&pkt);
	for (;;)
	{
		if (!read_startup_packet(&pkt, first))
		{
			memctx_switch_to(old);
			return STARTUP_CLOSE;
		}
		first = false;
		port->proto = pq_get_int32(&pkt);
		if (port->proto == CANCEL_REQUEST_CODE)
		{
			process_cancel_request(&pkt);
			memctx_switch_to(old);
			return STARTUP_CLOSE;
		}
		if (port->proto == NEGOTIATE_SSL_CODE || port->proto == NEGOTIATE_GSS_CODE)
		{
			/* No encryption offered; the client continues in plain text. */
			if (pq_has_buffered_input())
				ereport(FATAL, errcode(ERRCODE_PROTOCOL_VIOLATION),
						errmsg("received unencrypted data after SSL request"),
						errdetail("This could be either a client-software bug or evidence of an attempted man-in-the-middle attack."));
			pq_putbytes("N", 1);
			pq_flush();
			continue;
		}
		break;
	}
	if (PG_PROTOCOL_MAJOR(port->proto) < 3)
		elog_client_set_protocol_v2();
	if (PG_PROTOCOL_MAJOR(port->proto) != 3)
		ereport(FATAL, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("unsupported frontend protocol %u.%u: server supports 3.0 to 3.0",
					   PG_PROTOCOL_MAJOR(port->proto), PG_PROTOCOL_MINOR(port->proto)));
	parse_startup_parameters(port, &pkt);
	if (PG_PROTOCOL_MINOR(port->proto) > 0 || port->n_unknown_options > 0)
		send_negotiate_protocol_version(port);
	memctx_switch_to(old);
	return STARTUP_OK;
}
