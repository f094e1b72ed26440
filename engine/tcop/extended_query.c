/*-------------------------------------------------------------------------
 * extended_query.c
 *	  The extended query protocol: Parse, Bind, Describe, Execute, Close
 *	  (Sync and Flush are in dispatch.c).
 *
 * Prepared statements (Parse) live until Close or session end, each in its
 * own memory context under SessionContext; the unnamed one is replaced by
 * the next unnamed Parse.  Portals (Bind) live until Close, the next Bind
 * of the same (unnamed) name, or the end of the transaction.
 *
 * Invariant: a portal never outlives the plan it runs.  Each portal holds
 * a reference on the statement it was bound from; closing (or replacing)
 * the statement only unlinks it by name, and its memory is freed when the
 * last such portal is dropped.
 *
 * Transactions, as in PostgreSQL: every message runs inside a transaction
 * command; statements between two Syncs share one implicit transaction,
 * which Sync commits; a transaction control statement (BEGIN, COMMIT...)
 * finishes its command as soon as it has executed.
 *
 * Errors in any of these messages make the backend skip everything up to
 * the next Sync (dispatch.c), then answer it with ReadyForQuery.
 *-------------------------------------------------------------------------
 */
#include <stdio.h>

#include "access/transam/xact.h"
#include "catalog/relcache.h"
#include "sql/nodes/nodes.h"
#include "sql/sqlexec.h"
#include "sql/types/types.h"
#include "tcop/dest_remote.h"
#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "tcop/tcopprot.h"
#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"
#include "utils/ps_status.h"

#define COMMAND_TAG_SIZE 64
#define MAX_BIND_PARAMS 65535

typedef struct StmtEntry
{
	char	   *name;
	char	   *query;
	RawStmt    *raw;			/* NULL: empty query */
	PreparedStmt *ps;
	MemoryContext cxt;
	int			portal_refs;	/* portals bound from it and not yet dropped */
	bool		closed;			/* unlinked by Close/re-Parse; freed at 0 refs */
	struct StmtEntry *next;
} StmtEntry;

typedef struct PortalEntry
{
	char	   *name;
	char	   *query;
	const char *tag_base;		/* for ps: "SELECT", "UPDATE", ... */
	SqlStmtKind kind;
	bool		empty;
	Portal	   *portal;
	StmtEntry  *stmt;			/* holds a portal_refs reference */
	int16_t    *formats;
	int			nformats;
	MemoryContext cxt;
	struct PortalEntry *next;
} PortalEntry;

static StmtEntry *statements = NULL;
static PortalEntry *portals = NULL;
static bool callback_registered = false;

void
exec_reset_extended_query_state(void)
{
	statements = NULL;
	portals = NULL;
}

/* ---- lookup tables ---- */

static StmtEntry *
find_statement(const char *name)
{
	for (StmtEntry *s = statements; s; s = s->next)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

/*
 * Close a statement: it disappears from the name table at once, but its
 * memory (the plan a running portal executes) lives until the last portal
 * bound from it is dropped, as PostgreSQL's portals keep their plan.
 */
static void
drop_statement(StmtEntry *target)
{
	for (StmtEntry **link = &statements; *link; link = &(*link)->next)
	{
		if (*link == target)
		{
			*link = target->next;
			target->next = NULL;
			target->closed = true;
			if (target->portal_refs == 0)
				memctx_delete(target->cxt);
			return;
		}
	}
}

static void
release_statement(StmtEntry *s)
{
	Assert(s->portal_refs > 0);
	if (--s->portal_refs == 0 && s->closed)
		memctx_delete(s->cxt);
}

static PortalEntry *
find_portal(const char *name)
{
	for (PortalEntry *p = portals; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

static void
drop_portal(PortalEntry *target)
{
	for (PortalEntry **link = &portals; *link; link = &(*link)->next)
	{
		if (*link == target)
		{
			*link = target->next;
			if (target->portal)
				sql_portal_drop(target->portal);
			release_statement(target->stmt);
			memctx_delete(target->cxt);
			return;
		}
	}
}

/* Portals do not survive their transaction. */
static void
drop_all_portals(XactEvent event, void *arg)
{
	(void) arg;
	if (event == XACT_EVENT_PRE_COMMIT)
		return;
	while (portals)
		drop_portal(portals);
}

static void
register_callback(void)
{
	if (!callback_registered)
	{
		xact_register_callback(drop_all_portals, NULL);
		callback_registered = true;
	}
}

/* ---- Parse ---- */

void
exec_parse_message(StringBuf *msg)
{
	const char *name = pq_get_string(msg);
	const char *query = pq_get_string(msg);
	int			nparams = pq_get_int16(msg);
	Oid		   *types = palloc(sizeof(Oid) * (size_t) Max(nparams, 1));

	for (int i = 0; i < nparams; i++)
		types[i] = pq_get_int32(msg);
	pq_get_end(msg);

	tcop_begin_statement(query);
	xact_start_command();
	if (name[0] != '\0' && find_statement(name) != NULL)
		ereport(ERROR, errcode(ERRCODE_DUPLICATE_PSTATEMENT),
				errmsg("prepared statement \"%s\" already exists", name));
	List	   *raws = sql_parse(query);

	if (list_length(raws) > 1)
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("cannot insert multiple commands into a prepared statement"));
	if (raws != NIL)
		tcop_check_aborted_block(linitial(raws));
	relcache_check_version();
	if (name[0] == '\0')
	{
		StmtEntry  *old = find_statement("");

		if (old)
			drop_statement(old);
	}
	MemoryContext cxt = memctx_create(SessionContext, "prepared statement");
	MemoryContext oldcxt = memctx_switch_to(cxt);
	StmtEntry  *s = palloc0(sizeof(StmtEntry));

	s->cxt = cxt;
	s->name = pstrdup(name);
	s->query = pstrdup(query);
	if (raws != NIL)
	{
		s->raw = (RawStmt *) copy_node(linitial(raws));
		s->ps = sql_prepare(s->raw, s->query, types, nparams);
	}
	memctx_switch_to(oldcxt);
	s->next = statements;
	statements = s;
	pq_putmessage('1', NULL, 0);
	tcop_end_statement();
}

/* ---- Bind ---- */

static StmtEntry *
statement_or_error(const char *name)
{
	StmtEntry  *s = find_statement(name);

	if (s == NULL)
	{
		if (name[0] == '\0')
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_PSTATEMENT),
					errmsg("unnamed prepared statement does not exist"));
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_PSTATEMENT),
				errmsg("prepared statement \"%s\" does not exist", name));
	}
	return s;
}

static Datum
convert_parameter(Oid type, int16_t format, const char *data, int len, int paramno)
{
	if (format == 0)
	{
		char	   *text = pnstrdup(data, (size_t) len);

		if ((int) strlen(text) != len)
			ereport(ERROR, errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					errmsg("invalid byte sequence for encoding \"UTF8\": 0x00"));
		return type_input(type, text, -1);
	}
	if (format != 1)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("unsupported format code: %d", format));
	StringBuf	buf;

	strbuf_init_cap(&buf, len + 1);
	strbuf_append_bytes(&buf, data, len);
	Datum		v = type_recv(type, &buf, -1);

	if (buf.cursor != buf.len)
		ereport(ERROR, errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				errmsg("incorrect binary data format in bind parameter %d", paramno));
	return v;
}

/*
 * Convert one parameter; an error gets PostgreSQL's CONTEXT naming the
 * parameter ("unnamed portal parameter $1", with " = '...'" for text
 * values, whose contents are not echoed).
 */
static Datum
convert_parameter_in_context(const char *portal_name, Oid type, int16_t format,
							 const char *data, int len, int paramno)
{
	volatile Datum value = 0;

	ELOG_TRY();
	{
		value = convert_parameter(type, format, data, len, paramno);
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		if (e->context == NULL)
		{
			MemoryContext old = memctx_switch_to(ErrorContext);
			const char *value_note = format == 0 ? " = '...'" : "";

			if (portal_name[0] != '\0')
				e->context = psprintf("portal \"%s\" parameter $%d%s", portal_name, paramno,
									  value_note);
			else
				e->context = psprintf("unnamed portal parameter $%d%s", paramno, value_note);
			memctx_switch_to(old);
		}
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	return value;
}

void
exec_bind_message(StringBuf *msg)
{
	const char *portal_name = pq_get_string(msg);
	const char *stmt_name = pq_get_string(msg);
	int			nformats = pq_get_int16(msg);
	int16_t    *formats = palloc(sizeof(int16_t) * (size_t) Max(nformats, 1));

	for (int i = 0; i < nformats; i++)
		formats[i] = (int16_t) pq_get_int16(msg);
	int			nparams = pq_get_int16(msg);

	xact_start_command();
	register_callback();
	StmtEntry  *s = statement_or_error(stmt_name);
	int			expected = s->ps ? sql_prepared_nparams(s->ps) : 0;

	if (nformats > 1 && nformats != nparams)
		ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("bind message has %d parameter formats but %d parameters",
					   nformats, nparams));
	if (nparams != expected)
		ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("bind message supplies %d parameters, but prepared statement \"%s\" requires %d",
					   nparams, stmt_name, expected));
	if (s->raw)
		tcop_check_aborted_block(s->raw);
	Datum	   *values = palloc(sizeof(Datum) * (size_t) Max(nparams, 1));
	bool	   *nulls = palloc(sizeof(bool) * (size_t) Max(nparams, 1));

	for (int i = 0; i < nparams; i++)
	{
		int32_t		len = (int32_t) pq_get_int32(msg);

		nulls[i] = (len == -1);
		values[i] = 0;
		if (len < -1)
			ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
					errmsg("invalid length %d for parameter %d", len, i + 1));
		if (nulls[i])
			continue;
		const char *data = pq_get_bytes(msg, len);
		int16_t		f = dest_remote_column_format(formats, nformats, i);

		values[i] = convert_parameter_in_context(portal_name, sql_prepared_param_type(s->ps, i), f,
												 data, len, i + 1);
	}
	int			nresult = pq_get_int16(msg);
	int16_t    *rformats = palloc(sizeof(int16_t) * (size_t) Max(nresult, 1));

	for (int i = 0; i < nresult; i++)
		rformats[i] = (int16_t) pq_get_int16(msg);
	pq_get_end(msg);
	if (s->ps && nresult > 1)
	{
		const ResultDesc *rd = sql_prepared_result(s->ps);

		if (rd == NULL || rd->ncols != nresult)
			ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
					errmsg("bind message has %d result formats but query has %d columns",
						   nresult, rd ? rd->ncols : 0));
	}
	PortalEntry *old = find_portal(portal_name);

	if (old != NULL)
	{
		if (portal_name[0] != '\0')
			ereport(ERROR, errcode(ERRCODE_DUPLICATE_CURSOR),
					errmsg("portal \"%s\" already exists", portal_name));
		drop_portal(old);
	}
	MemoryContext cxt = memctx_create(TransactionContext, "portal");
	MemoryContext oldcxt = memctx_switch_to(cxt);
	PortalEntry *p = palloc0(sizeof(PortalEntry));

	p->cxt = cxt;
	p->name = pstrdup(portal_name);
	p->query = pstrdup(s->query);
	p->empty = (s->raw == NULL);
	p->kind = s->raw ? sql_stmt_kind(s->raw) : SQL_STMT_OTHER;
	p->tag_base = s->raw ? sql_stmt_tag(s->raw) : "";
	p->formats = palloc(sizeof(int16_t) * (size_t) Max(nresult, 1));
	memcpy(p->formats, rformats, sizeof(int16_t) * (size_t) nresult);
	p->nformats = nresult;
	if (!p->empty)
		p->portal = sql_portal_create(s->ps, values, nulls);
	memctx_switch_to(oldcxt);
	/* Nothing below can fail: the reference is released by drop_portal. */
	p->stmt = s;
	s->portal_refs++;
	p->next = portals;
	portals = p;
	pq_putmessage('2', NULL, 0);
}

/* ---- Describe ---- */

static void
describe_result(const ResultDesc *rd, const int16_t *formats, int nformats)
{
	if (rd == NULL)
		pq_putmessage('n', NULL, 0);
	else
		dest_remote_send_row_description(rd, formats, nformats);
}

void
exec_describe_message(StringBuf *msg)
{
	int			kind = pq_get_byte(msg);
	const char *name = pq_get_string(msg);

	pq_get_end(msg);
	xact_start_command();
	if (kind == 'S')
	{
		StmtEntry  *s = statement_or_error(name);
		StringBuf	buf;
		int			n = s->ps ? sql_prepared_nparams(s->ps) : 0;

		pq_begin(&buf, 't');
		pq_send_int16(&buf, (uint16_t) n);
		for (int i = 0; i < n; i++)
			pq_send_int32(&buf, sql_prepared_param_type(s->ps, i));
		pq_end(&buf);
		describe_result(s->ps ? sql_prepared_result(s->ps) : NULL, NULL, 0);
	}
	else if (kind == 'P')
	{
		PortalEntry *p = find_portal(name);

		if (p == NULL)
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_CURSOR),
					errmsg("portal \"%s\" does not exist", name));
		describe_result(p->portal ? sql_portal_result(p->portal) : NULL, p->formats, p->nformats);
	}
	else
		ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("invalid DESCRIBE message subtype %d", kind));
}

/* ---- Execute ---- */

void
exec_execute_message(StringBuf *msg)
{
	const char *name = pq_get_string(msg);
	int32_t		max_rows = (int32_t) pq_get_int32(msg);
	char		tag[COMMAND_TAG_SIZE];

	pq_get_end(msg);
	PortalEntry *p = find_portal(name);

	if (p == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_CURSOR),
				errmsg("portal \"%s\" does not exist", name));
	if (p->empty)
	{
		pq_send_empty_query_response();
		return;
	}
	tcop_begin_statement(p->query);
	xact_start_command();
	if (xact_in_aborted_block() && p->kind != SQL_STMT_END)
		ereport(ERROR, errcode(ERRCODE_IN_FAILED_SQL_TRANSACTION),
				errmsg("current transaction is aborted, commands ignored until end of transaction block"));
	ps_set_activity(p->tag_base);
	DestReceiver *dest = dest_remote_create(false, p->formats, p->nformats);
	bool		done;

	tag[0] = '\0';
	done = sql_portal_run(p->portal, max_rows > 0 ? max_rows : 0, dest, tag, sizeof(tag));
	if (done)
	{
		/*
		 * A transaction control statement finishes its command before its
		 * CommandComplete, as in PostgreSQL: a COMMIT that fails sends only
		 * the ERROR.  (The commit drops every portal, p included.)
		 */
		if (p->kind != SQL_STMT_OTHER)
			xact_commit_command();
		else
			xact_command_counter_increment();
		pq_send_command_complete(tag);
	}
	else
		pq_putmessage('s', NULL, 0);
	tcop_end_statement();
}

/* ---- Close ---- */

void
exec_close_message(StringBuf *msg)
{
	int			kind = pq_get_byte(msg);
	const char *name = pq_get_string(msg);

	pq_get_end(msg);
	if (kind == 'S')
	{
		StmtEntry  *s = find_statement(name);

		if (s)
			drop_statement(s);
	}
	else if (kind == 'P')
	{
		PortalEntry *p = find_portal(name);

		if (p)
			drop_portal(p);
	}
	else
		ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("invalid CLOSE message subtype %d", kind));
	pq_putmessage('3', NULL, 0);
}
