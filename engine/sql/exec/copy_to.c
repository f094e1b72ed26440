/*-------------------------------------------------------------------------
 * copy_to.c
 *	  COPY table [(columns)] TO STDOUT and COPY (query) TO STDOUT, text
 *	  and CSV formats.
 *
 * The table form runs "SELECT columns FROM table" through the analyzer,
 * planner and executor like any query (same snapshot rules).  Text
 * output escapes backslash, the delimiter, newline, carriage return, tab
 * and the other control characters PostgreSQL escapes; NULL is \N.  CSV
 * quotes fields that contain the delimiter, the quote, a newline or
 * carriage return, or that would read back as NULL.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"
#include "sql/exec/portal_internal.h"

#include "access/transam/snapshot.h"
#include "sql/plan/planner.h"
#include "sql/types/types.h"
#include "tcop/copyio.h"
#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/strbuf.h"

typedef struct CopyOutOptions
{
	bool		csv;
	char		delim;
	const char *null_print;
	bool		header;
	char		quote;
} CopyOutOptions;

static void
parse_out_options(List *options, CopyOutOptions *o)
{
	ListCell   *lc;
	bool		delim_set = false;
	bool		null_set = false;

	memset(o, 0, sizeof(*o));
	o->quote = '"';
	foreach(lc, options)
	{
		DefElem    *d = lfirst(lc);
		const char *s = d->arg && IsA(d->arg, String) ? strVal(d->arg) : NULL;

		if (strcmp(d->defname, "format") == 0)
		{
			if (s && strcmp(s, "csv") == 0)
				o->csv = true;
			else if (s == NULL || strcmp(s, "text") != 0)
				ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("COPY format \"%s\" is not supported", s ? s : ""));
		}
		else if (strcmp(d->defname, "delimiter") == 0 && s && strlen(s) == 1)
		{
			o->delim = s[0];
			delim_set = true;
		}
		else if (strcmp(d->defname, "null") == 0 && s)
		{
			o->null_print = s;
			null_set = true;
		}
		else if (strcmp(d->defname, "header") == 0)
			o->header = d->arg == NULL || (IsA(d->arg, Boolean) && boolVal(d->arg)) ||
				(IsA(d->arg, Integer) && intVal(d->arg) != 0) ||
				(s && (strcmp(s, "true") == 0 || strcmp(s, "on") == 0));
		else if (strcmp(d->defname, "quote") == 0 && s && strlen(s) == 1)
			o->quote = s[0];
	}
	if (!delim_set)
		o->delim = o->csv ? ',' : '\t';
	if (!null_set)
		o->null_print = o->csv ? "" : "\\N";
}

static void
append_text_field(StringBuf *buf, const char *s, char delim)
{
	for (const char *p = s; *p; p++)
	{
		char		c = *p;

		switch (c)
		{
			case '\\':
				strbuf_append(buf, "\\\\");
				break;
			case '\n':
				strbuf_append(buf, "\\n");
				break;
			case '\r':
				strbuf_append(buf, "\\r");
				break;
			case '\t':
				strbuf_append(buf, "\\t");
				break;
			case '\b':
				strbuf_append(buf, "\\b");
				break;
			case '\f':
				strbuf_append(buf, "\\f");
				break;
			case '\v':
				strbuf_append(buf, "\\v");
				break;
			default:
				if (c == delim)
					strbuf_append_char(buf, '\\');
				strbuf_append_char(buf, c);
				break;
		}
	}
}

static void
append_csv_field(StringBuf *buf, const char *s, CopyOutOptions *o)
{
	bool		quote = s[0] == '\0' || strcmp(s, o->null_print) == 0;

	for (const char *p = s; *p && !quote; p++)
		quote = *p == o->delim || *p == o->quote || *p == '\n' || *p == '\r';
	if (!quote)
	{
		strbuf_append(buf, s);
		return;
	}
	strbuf_append_char(buf, o->quote);
	for (const char *p = s; *p; p++)
	{
		if (*p == o->quote)
			strbuf_append_char(buf, o->quote);
		strbuf_append_char(buf, *p);
	}
	strbuf_append_char(buf, o->quote);
}

/* The raw SELECT for the table form: SELECT cols FROM table. */
static Node *
table_select(CopyStmt *stmt)
{
	SelectStmt *sel = makeNode(SelectStmt);
	ListCell   *lc;

	if (stmt->attlist == NIL)
	{
		ResTarget  *rt = makeNode(ResTarget);

		rt->val = (Node *) makeColumnRef(list_make1(makeNode(A_Star)), -1);
		rt->location = -1;
		sel->targetList = list_make1(rt);
	}
	foreach(lc, stmt->attlist)
	{
		ResTarget  *rt = makeNode(ResTarget);

		rt->val = (Node *) makeColumnRef(list_make1(makeString(strVal(lfirst(lc)))), -1);
		rt->location = -1;
		sel->targetList = lappend(sel->targetList, rt);
	}
	sel->fromClause = list_make1(stmt->relation);
	return (Node *) sel;
}

uint64_t
copy_to_stdout(CopyStmt *stmt, const char *query_text, const ParamValues *params)
{
	CopyOutOptions o;
	Node	   *raw = stmt->query ? stmt->query : table_select(stmt);
	ParamTypes	pt = {NULL, 0, false};
	Query	   *q;
	PlannedStmt *plan;
	QueryDesc  *qd;
	ResultDesc *desc;
	MemoryContext rowcxt;
	uint64_t	rows = 0;
	StringBuf	line;

	parse_out_options(stmt->options, &o);
	if (params != NULL && params->nparams > 0)
	{
		pt.types = (Oid *) params->types;
		pt.ntypes = params->nparams;
	}
	q = analyze_statement(raw, query_text, &pt);
	if (q->commandType != CMD_SELECT && q->returningList == NIL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("COPY query must have a RETURNING clause"));
	plan = planner(q);
	desc = portal_result_desc(q->commandType == CMD_SELECT ? q->targetList : q->returningList);
	qd = executor_start(plan, params, snapshot_copy(snapshot_get_statement()), false);
	copyio_out_begin(desc->ncols);
	rowcxt = memctx_create(CurrentMemoryContext, "COPY TO row");
	if (o.header)
	{
		strbuf_init(&line);
		for (int i = 0; i < desc->ncols; i++)
		{
			if (i > 0)
				strbuf_append_char(&line, o.delim);
			if (o.csv)
				append_csv_field(&line, desc->cols[i].name, &o);
			else
				append_text_field(&line, desc->cols[i].name, o.delim);
		}
		strbuf_append_char(&line, '\n');
		copyio_out_send(line.data, line.len);
	}
	for (;;)
	{
		TupleSlot  *slot = executor_next(qd);
		MemoryContext old;

		if (slot == NULL)
			break;
		memctx_reset(rowcxt);
		old = memctx_switch_to(rowcxt);
		strbuf_init(&line);
		for (int i = 0; i < desc->ncols; i++)
		{
			if (i > 0)
				strbuf_append_char(&line, o.delim);
			if (slot->isnull[i])
				strbuf_append(&line, o.null_print);
			else
			{
				char	   *s = type_output(desc->cols[i].type_oid, slot->values[i]);

				if (o.csv)
					append_csv_field(&line, s, &o);
				else
					append_text_field(&line, s, o.delim);
			}
		}
		strbuf_append_char(&line, '\n');
		copyio_out_send(line.data, line.len);
		memctx_switch_to(old);
		rows++;
		CHECK_FOR_INTERRUPTS();
	}
	copyio_out_end();
	memctx_delete(rowcxt);
	executor_end(qd);
	return rows;
}
