/*-------------------------------------------------------------------------
 * copy_from.c
 *	  COPY table [(columns)] FROM STDIN, text and CSV formats, and the
 *	  COPY statement's option parsing and dispatch.
 *
 * Text format (PostgreSQL's): one row per line; fields separated by the
 * delimiter (tab); \N (or the NULL option) is NULL; backslash escapes
 * \b \f \n \r \t \v \\, \ooo octal, \xhh hex, and a backslash before any
 * other character stands for that character; "\." alone on a line ends
 * the data.  CSV: fields separated by the delimiter (comma), optionally
 * quoted ("" inside quotes is a quote, quoted fields may span lines), an
 * unquoted empty field is NULL.
 *
 * Rows are inserted one by one through ResultRel (NOT NULL checks, index
 * entries) in a per-row memory context; columns not listed get their
 * DEFAULT, evaluated per row.  Errors carry PostgreSQL's CONTEXT line:
 * `COPY t, line 3: "..."` or `COPY t, line 3, column b: "..."`.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"
#include "sql/exec/portal_internal.h"

#include <ctype.h>
#include <stdio.h>

#include "access/transam/xact.h"
#include "sql/parser/parser.h"
#include "sql/types/types.h"
#include "tcop/copyio.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/strbuf.h"

typedef struct CopyOptions
{
	bool		csv;
	char		delim;
	char	   *null_print;
	bool		header;
	char		quote;
	char		escape;
} CopyOptions;

static char
option_char(DefElem *d, const char *what)
{
	const char *s = d->arg && IsA(d->arg, String) ? strVal(d->arg) : NULL;

	if (s == NULL || strlen(s) != 1)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("COPY %s must be a single one-byte character", what));
	return s[0];
}

static bool
option_bool(DefElem *d)
{
	bool		b;

	if (d->arg == NULL)
		return true;
	if (IsA(d->arg, Boolean))
		return boolVal(d->arg);
	if (IsA(d->arg, Integer))
		return intVal(d->arg) != 0;
	if (IsA(d->arg, String) && guc_parse_bool(strVal(d->arg), &b))
		return b;
	ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
			errmsg("%s requires a Boolean value", d->defname));
	return false;
}

static void
parse_copy_options(List *options, CopyOptions *o)
{
	ListCell   *lc;
	bool		delim_set = false;
	bool		null_set = false;

	memset(o, 0, sizeof(*o));
	foreach(lc, options)
	{
		DefElem    *d = lfirst(lc);

		if (strcmp(d->defname, "format") == 0)
		{
			const char *f = d->arg && IsA(d->arg, String) ? strVal(d->arg) : "";

			if (strcmp(f, "csv") == 0)
				o->csv = true;
			else if (strcmp(f, "text") != 0)
				ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("COPY format \"%s\" is not supported", f));
		}
		else if (strcmp(d->defname, "delimiter") == 0)
		{
			o->delim = option_char(d, "delimiter");
			delim_set = true;
		}
		else if (strcmp(d->defname, "null") == 0)
		{
			o->null_print = pstrdup(d->arg && IsA(d->arg, String) ? strVal(d->arg) : "");
			null_set = true;
		}
		else if (strcmp(d->defname, "header") == 0)
			o->header = d->arg && IsA(d->arg, String) &&
				strcmp(strVal(d->arg), "match") == 0 ? true : option_bool(d);
		else if (strcmp(d->defname, "quote") == 0)
			o->quote = option_char(d, "quote");
		else if (strcmp(d->defname, "escape") == 0)
			o->escape = option_char(d, "escape");
		else if (strcmp(d->defname, "freeze") == 0 || strcmp(d->defname, "encoding") == 0 ||
				 strcmp(d->defname, "force_quote") == 0 ||
				 strcmp(d->defname, "force_not_null") == 0 ||
				 strcmp(d->defname, "force_null") == 0)
			continue;
		else
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("option \"%s\" not recognized", d->defname));
	}
	if (!delim_set)
		o->delim = o->csv ? ',' : '\t';
	if (!null_set)
		o->null_print = o->csv ? "" : "\\N";
	if (o->quote == 0)
		o->quote = '"';
	if (o->escape == 0)
		o->escape = o->quote;
}

/* ------------------------------------------------------------------------
 * Field parsing
 * ------------------------------------------------------------------------
 */
typedef struct CopyFields
{
	char	  **values;			/* NULL entry = SQL NULL */
	int			n;
	int			cap;
} CopyFields;

static void
add_field(CopyFields *f, char *value)
{
	if (f->n == f->cap)
	{
		f->cap = f->cap ? f->cap * 2 : 16;
		f->values = f->values ? repalloc(f->values, sizeof(char *) * f->cap) :
			palloc(sizeof(char *) * f->cap);
	}
	f->values[f->n++] = value;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/* One text-format line into fields (the line has no newline). */
static void
split_text_line(const char *line, int len, CopyOptions *o, CopyFields *f)
{
	int			i = 0;

	f->n = 0;
	for (;;)
	{
		StringBuf	val;
		int			start = i;

		strbuf_init(&val);
		while (i < len && line[i] != o->delim)
		{
			char		c = line[i++];

			if (c != '\\' || i >= len)
			{
				strbuf_append_char(&val, c);
				continue;
			}
			c = line[i++];
			switch (c)
			{
				case 'b':
					strbuf_append_char(&val, '\b');
					break;
				case 'f':
					strbuf_append_char(&val, '\f');
					break;
				case 'n':
					strbuf_append_char(&val, '\n');
					break;
				case 'r':
					strbuf_append_char(&val, '\r');
					break;
				case 't':
					strbuf_append_char(&val, '\t');
					break;
				case 'v':
					strbuf_append_char(&val, '\v');
					break;
				case 'x':
					if (i < len && isxdigit((unsigned char) line[i]))
					{
						int			v = hexval(line[i++]);

						if (i < len && isxdigit((unsigned char) line[i]))
							v = v * 16 + hexval(line[i++]);
						strbuf_append_char(&val, (char) v);
					}
					else
						strbuf_append_char(&val, 'x');
					break;
				default:
					if (c >= '0' && c <= '7')
					{
						int			v = c - '0';

						if (i < len && line[i] >= '0' && line[i] <= '7')
							v = v * 8 + (line[i++] - '0');
						if (i < len && line[i] >= '0' && line[i] <= '7')
							v = v * 8 + (line[i++] - '0');
						strbuf_append_char(&val, (char) v);
					}
					else
						strbuf_append_char(&val, c);
					break;
			}
		}
		/* the NULL marker is compared with the raw (unescaped) field text */
		if ((int) strlen(o->null_print) == i - start &&
			strncmp(line + start, o->null_print, i - start) == 0)
			add_field(f, NULL);
		else
			add_field(f, val.data);
		if (i >= len)
			break;
		i++;					/* skip the delimiter */
	}
}

/*
 * Find the end of the next CSV record in buf starting at pos (quotes may
 * hide newlines); returns the record length or -1 if incomplete.
 */
static int
csv_record_length(const char *buf, int len, int pos, CopyOptions *o)
{
	bool		inquote = false;

	for (int i = pos; i < len; i++)
	{
		char		c = buf[i];

		if (inquote && c == o->escape && o->escape != o->quote && i + 1 < len &&
			buf[i + 1] == o->quote)
		{
			i++;
			continue;
		}
		if (c == o->quote)
			inquote = !inquote;
		else if (c == '\n' && !inquote)
			return i - pos;
	}
	return -1;
}

static void
split_csv_line(const char *line, int len, CopyOptions *o, CopyFields *f)
{
	int			i = 0;

	f->n = 0;
	for (;;)
	{
		StringBuf	val;
		bool		quoted = false;

		strbuf_init(&val);
		while (i < len && line[i] != o->delim)
		{
			char		c = line[i++];

			if (c == o->quote)
			{
				quoted = true;
				while (i < len)
				{
					c = line[i++];
					if (c == o->escape && i < len && line[i] == o->quote)
					{
						strbuf_append_char(&val, o->quote);
						i++;
						continue;
					}
					if (c == o->quote)
						break;
					strbuf_append_char(&val, c);
				}
				continue;
			}
			strbuf_append_char(&val, c);
		}
		if (!quoted && strcmp(val.data, o->null_print) == 0)
			add_field(f, NULL);
		else
			add_field(f, val.data);
		if (i >= len)
			break;
		i++;
	}
}

/* ------------------------------------------------------------------------
 * COPY FROM STDIN
 * ------------------------------------------------------------------------
 */
typedef struct CopyFromState
{
	ResultRel  *rr;
	const char *relname;
	int			ncols;			/* columns in the input */
	int		   *attnums;		/* input column -> table column */
	Expr	  **defaults;		/* per table column not in the input, or NULL */
	Datum	   *values;
	bool	   *nulls;
	CopyOptions opts;
	CopyFields	fields;
	uint64_t	lineno;
	const char *line;			/* for the error context */
	int			linelen;
	int			curcol;			/* input column being converted, or -1 */
	CommandId	cid;
} CopyFromState;

/* Attach PostgreSQL's COPY context line to the error being raised. */
static void
add_copy_context(CopyFromState *cs)
{
	ErrorData  *edata = elog_current_error();
	char	   *line = pnstrdup(cs->line ? cs->line : "", cs->line ? cs->linelen : 0);
	char	   *ctx;

	if (edata->context != NULL)
		return;
	if (cs->curcol >= 0)
	{
		Attribute  *att = tupdesc_attr(cs->rr->rel->rd_att, cs->attnums[cs->curcol] - 1);
		const char *val = cs->fields.values[cs->curcol];

		ctx = val ? psprintf("COPY %s, line %llu, column %s: \"%s\"", cs->relname,
							 (unsigned long long) cs->lineno, att->attname, val) :
			psprintf("COPY %s, line %llu, column %s: null input", cs->relname,
					 (unsigned long long) cs->lineno, att->attname);
	}
	else
		ctx = psprintf("COPY %s, line %llu: \"%s\"", cs->relname,
					   (unsigned long long) cs->lineno, line);
	edata->context = memctx_strdup(ErrorContext, ctx);
}

static void
copy_one_row(CopyFromState *cs)
{
	int			natts = cs->rr->natts;

	if (cs->fields.n > cs->ncols)
		ereport(ERROR, errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
				errmsg("extra data after last expected column"));
	if (cs->fields.n < cs->ncols)
		ereport(ERROR, errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
				errmsg("missing data for column \"%s\"",
					   tupdesc_attr(cs->rr->rel->rd_att,
									cs->attnums[cs->fields.n] - 1)->attname));
	for (int i = 0; i < natts; i++)
	{
		cs->nulls[i] = true;
		cs->values[i] = (Datum) 0;
		if (cs->defaults[i] != NULL)
			cs->values[i] = exec_eval_standalone(cs->defaults[i], NULL, &cs->nulls[i]);
	}
	for (int c = 0; c < cs->ncols; c++)
	{
		Attribute  *att = tupdesc_attr(cs->rr->rel->rd_att, cs->attnums[c] - 1);
		int			a = cs->attnums[c] - 1;

		cs->curcol = c;
		if (cs->fields.values[c] == NULL)
		{
			cs->nulls[a] = true;
			continue;
		}
		cs->values[a] = type_input(att->atttypid, cs->fields.values[c], att->atttypmod);
		cs->nulls[a] = false;
	}
	cs->curcol = -1;
	resultrel_insert(cs->rr, cs->values, cs->nulls, cs->cid);
}

/* Process one input line (without newline); false at the end marker. */
static bool
copy_line(CopyFromState *cs, const char *line, int len, MemoryContext rowcxt)
{
	MemoryContext old;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 2 && line[0] == '\\' && line[1] == '.')
		return false;
	cs->lineno++;
	if (cs->opts.header && cs->lineno == 1)
		return true;
	memctx_reset(rowcxt);
	old = memctx_switch_to(rowcxt);
	cs->line = line;
	cs->linelen = len;
	cs->curcol = -1;
	if (cs->opts.csv)
		split_csv_line(line, len, &cs->opts, &cs->fields);
	else
		split_text_line(line, len, &cs->opts, &cs->fields);
	copy_one_row(cs);
	cs->fields.values = NULL;
	cs->fields.cap = 0;
	memctx_switch_to(old);
	CHECK_FOR_INTERRUPTS();
	return true;
}

static uint64_t
copy_from_loop(CopyFromState *cs)
{
	StringBuf	buf;
	int			pos = 0;
	bool		more = true;
	bool		ended = false;
	MemoryContext rowcxt = memctx_create(CurrentMemoryContext, "COPY row");
	uint64_t	rows = 0;

	strbuf_init(&buf);
	while (!ended)
	{
		int			reclen;

		if (cs->opts.csv)
			reclen = csv_record_length(buf.data, buf.len, pos, &cs->opts);
		else
		{
			char	   *nl = memchr(buf.data + pos, '\n', buf.len - pos);

			reclen = nl ? (int) (nl - (buf.data + pos)) : -1;
		}
		if (reclen < 0)
		{
			if (!more)
			{
				/* last line without a newline */
				if (pos < buf.len)
				{
					if (copy_line(cs, buf.data + pos, buf.len - pos, rowcxt) &&
						!(cs->opts.header && cs->lineno == 1))
						rows++;
				}
				break;
			}
			/* keep the partial line, read more */
			if (pos > 0)
			{
				memmove(buf.data, buf.data + pos, buf.len - pos);
				buf.len -= pos;
				buf.data[buf.len] = '\0';
				pos = 0;
			}
			more = copyio_in_read(&buf);
			continue;
		}
		if (!copy_line(cs, buf.data + pos, reclen, rowcxt))
			ended = true;
		else if (!(cs->opts.header && cs->lineno == 1))
			rows++;
		pos += reclen + 1;
	}
	/* after the end marker, drain the client's data up to CopyDone */
	while (more)
	{
		buf.len = 0;
		more = copyio_in_read(&buf);
	}
	memctx_delete(rowcxt);
	return rows;
}

static Expr *
analyzed_default(Relation rel, int attno)
{
	Attribute  *att = tupdesc_attr(rel->rd_att, attno - 1);
	const char *text = rel->rd_defaults ? rel->rd_defaults[attno - 1] : NULL;
	char	   *sql;
	List	   *stmts;
	SelectStmt *sel;

	if (text == NULL)
		return NULL;
	sql = psprintf("SELECT %s", text);
	stmts = raw_parser(sql);
	sel = (SelectStmt *) ((RawStmt *) linitial(stmts))->stmt;
	return analyze_standalone_expr(((ResTarget *) linitial(sel->targetList))->val, sql,
								   att->atttypid, att->atttypmod, att->attname);
}

static int
copy_column_attno(Relation rel, const char *name)
{
	int			i = tupdesc_find(rel->rd_att, name);

	if (i < 0)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_COLUMN),
				errmsg("column \"%s\" of relation \"%s\" does not exist", name, rel->rd_name));
	return i + 1;
}

uint64_t
copy_from_stdin(CopyStmt *stmt, const char *query_text)
{
	CopyFromState cs;
	Relation	rel;
	uint64_t	rows = 0;
	ListCell   *lc;

	(void) query_text;
	memset(&cs, 0, sizeof(cs));
	parse_copy_options(stmt->options, &cs.opts);
	rel = relation_openrv(stmt->relation->schemaname, stmt->relation->relname, false);
	cs.rr = resultrel_open(rel->rd_id);
	relation_close(rel);
	cs.relname = cs.rr->rel->rd_name;
	cs.attnums = palloc(sizeof(int) * Max(cs.rr->natts, 1));
	if (stmt->attlist != NIL)
	{
		foreach(lc, stmt->attlist)
		{
			int			attno = copy_column_attno(cs.rr->rel, strVal(lfirst(lc)));

			for (int j = 0; j < cs.ncols; j++)
			{
				if (cs.attnums[j] == attno)
					ereport(ERROR, errcode(ERRCODE_DUPLICATE_COLUMN),
							errmsg("column \"%s\" specified more than once",
								   strVal(lfirst(lc))));
			}
			cs.attnums[cs.ncols++] = attno;
		}
	}
	else
	{
		for (int i = 0; i < cs.rr->natts; i++)
		{
			if (!tupdesc_attr(cs.rr->rel->rd_att, i)->attisdropped)
				cs.attnums[cs.ncols++] = i + 1;
		}
	}
	cs.defaults = palloc0(sizeof(Expr *) * Max(cs.rr->natts, 1));
	for (int i = 0; i < cs.rr->natts; i++)
	{
		bool		listed = false;

		for (int j = 0; j < cs.ncols; j++)
			listed |= cs.attnums[j] == i + 1;
		if (!listed && !tupdesc_attr(cs.rr->rel->rd_att, i)->attisdropped)
			cs.defaults[i] = analyzed_default(cs.rr->rel, i + 1);
	}
	cs.values = palloc0(sizeof(Datum) * Max(cs.rr->natts, 1));
	cs.nulls = palloc0(sizeof(bool) * Max(cs.rr->natts, 1));
	cs.cid = xact_get_cid();
	cs.curcol = -1;
	copyio_in_begin(cs.ncols);
	ELOG_TRY();
	{
		rows = copy_from_loop(&cs);
	}
	ELOG_CATCH();
	{
		if (cs.lineno > 0 && cs.line != NULL)
			add_copy_context(&cs);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	resultrel_close(cs.rr);
	return rows;
}

void
copy_execute(CopyStmt *stmt, const char *query_text, const ParamValues *params, char *tag,
			 size_t tag_size)
{
	uint64_t	n;

	if (stmt->filename != NULL || stmt->is_program)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("COPY to or from a file is not supported"),
				errhint("Use COPY ... FROM STDIN or COPY ... TO STDOUT."));
	if (stmt->whereClause != NULL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("COPY FROM ... WHERE is not supported"));
	if (stmt->is_from)
		n = copy_from_stdin(stmt, query_text);
	else
		n = copy_to_stdout(stmt, query_text, params);
	snprintf(tag, tag_size, "COPY %llu", (unsigned long long) n);
}
