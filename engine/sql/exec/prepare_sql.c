/*-------------------------------------------------------------------------
 * prepare_sql.c
 *	  SQL-level prepared statements: PREPARE name [(types)] AS query,
 *	  EXECUTE name [(params)], DEALLOCATE [PREPARE] name | ALL.
 *
 * Statements live for the session, each in its own memory context under
 * TopMemoryContext, and are revalidated (re-planned after DDL) like
 * protocol-level ones.  EXECUTE analyzes each parameter expression
 * (coerced to the declared or inferred type), evaluates it, and runs the
 * statement through a portal; its command tag is the statement's
 * ("SELECT 2", "INSERT 0 1").
 *
 * Errors (PostgreSQL's): 42P05 prepared statement "p" already exists,
 * 26000 prepared statement "p" does not exist, 42601 wrong number of
 * parameters for prepared statement "p".
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"
#include "sql/exec/portal_internal.h"

#include <stdio.h>

#include "sql/types/types.h"
#include "utils/elog.h"

typedef struct SqlPrepared
{
	char		name[NAMEDATALEN];
	MemoryContext cxt;
	PreparedStmt *ps;
} SqlPrepared;

static List *prepared = NIL;

static SqlPrepared *
find_prepared(const char *name)
{
	ListCell   *lc;

	if (name == NULL)
		return NULL;
	foreach(lc, prepared)
	{
		SqlPrepared *p = lfirst(lc);

		if (strcmp(p->name, name) == 0)
			return p;
	}
	return NULL;
}

PreparedStmt *
prepare_sql_lookup(const char *name)
{
	SqlPrepared *p = find_prepared(name);

	return p ? p->ps : NULL;
}

const ResultDesc *
prepare_sql_result_desc(const char *name)
{
	SqlPrepared *p = find_prepared(name);

	return p ? sql_prepared_result(p->ps) : NULL;
}

void
prepare_sql_prepare(PrepareStmt *stmt, const char *query_text, char *tag, size_t tag_size)
{
	int			n = list_length(stmt->argtypes);
	Oid		   *types = palloc(sizeof(Oid) * Max(n, 1));
	MemoryContext cxt;
	MemoryContext old;
	SqlPrepared *volatile p = NULL;
	ListCell   *lc;

	if (find_prepared(stmt->name) != NULL)
		ereport(ERROR, errcode(ERRCODE_DUPLICATE_PSTATEMENT),
				errmsg("prepared statement \"%s\" already exists", stmt->name));
	foreach(lc, stmt->argtypes)
	{
		int32_t		typmod;

		types[foreach_current_index(lc)] = analyze_typename(lfirst(lc), query_text, &typmod);
	}
	cxt = memctx_create(TopMemoryContext, "SQL prepared statement");
	old = memctx_switch_to(cxt);
	ELOG_TRY();
	{
		RawStmt    *raw = makeNode(RawStmt);

		raw->stmt = stmt->query;
		raw->stmt_location = -1;
		p = palloc0(sizeof(SqlPrepared));
		snprintf(p->name, sizeof(p->name), "%s", stmt->name);
		p->cxt = cxt;
		p->ps = sql_prepare(raw, query_text, types, n);
	}
	ELOG_CATCH();
	{
		memctx_switch_to(old);
		memctx_delete(cxt);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	memctx_switch_to(TopMemoryContext);
	prepared = lappend(prepared, (SqlPrepared *) p);
	memctx_switch_to(old);
	snprintf(tag, tag_size, "PREPARE");
}

void
prepare_sql_execute(ExecuteStmt *stmt, const char *query_text, const ParamValues *outer,
					DestReceiver *dest, char *tag, size_t tag_size)
{
	SqlPrepared *p = find_prepared(stmt->name);
	int			n;
	Datum	   *values;
	bool	   *nulls;
	ListCell   *lc;
	Portal	   *portal;

	if (p == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_PSTATEMENT),
				errmsg("prepared statement \"%s\" does not exist", stmt->name));
	n = sql_prepared_nparams(p->ps);
	if (list_length(stmt->params) != n)
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("wrong number of parameters for prepared statement \"%s\"", stmt->name),
				errdetail("Expected %d parameters but got %d.", n, list_length(stmt->params)));
	values = palloc0(sizeof(Datum) * Max(n, 1));
	nulls = palloc0(sizeof(bool) * Max(n, 1));
	foreach(lc, stmt->params)
	{
		int			i = foreach_current_index(lc);
		Oid			type = sql_prepared_param_type(p->ps, i);
		Expr	   *e = analyze_standalone_expr(lfirst(lc), query_text, type, -1, "$");

		values[i] = exec_eval_standalone(e, outer, &nulls[i]);
	}
	portal = sql_portal_create(p->ps, values, nulls);
	(void) sql_portal_run(portal, 0, dest, tag, tag_size);
	sql_portal_drop(portal);
}

void
prepare_sql_deallocate(DeallocateStmt *stmt, char *tag, size_t tag_size)
{
	if (stmt->name == NULL)
	{
		while (prepared != NIL)
		{
			SqlPrepared *p = linitial(prepared);

			prepared = list_delete_first(prepared);
			memctx_delete(p->cxt);
		}
		snprintf(tag, tag_size, "DEALLOCATE ALL");
		return;
	}
	{
		SqlPrepared *p = find_prepared(stmt->name);

		if (p == NULL)
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_PSTATEMENT),
					errmsg("prepared statement \"%s\" does not exist", stmt->name));
		prepared = list_delete_ptr(prepared, p);
		memctx_delete(p->cxt);
	}
	snprintf(tag, tag_size, "DEALLOCATE");
}
