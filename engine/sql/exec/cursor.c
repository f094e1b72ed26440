/*-------------------------------------------------------------------------
 * cursor.c
 *	  SQL cursors: DECLARE [NO SCROLL] CURSOR [WITH|WITHOUT HOLD] FOR
 *	  query, FETCH / MOVE (forward), CLOSE [ALL].
 *
 * A cursor owns a memory context (under TopMemoryContext) holding its
 * prepared query, a copy of the DECLARE's snapshot and a running
 * executor.  Cursors are forward-only (no SCROLL support).
 *
 * Transaction end (xact callback via sqlexec.c):
 *	- pre-commit: a WITH HOLD cursor reads its remaining rows into memory
 *	  and shuts its executor down (it no longer needs the transaction's
 *	  snapshot or relations); every other cursor is closed;
 *	- abort: cursors declared in the aborted transaction disappear (their
 *	  executor state is abandoned, not shut down); WITH HOLD cursors
 *	  materialized by an earlier commit survive.
 *
 * Errors (PostgreSQL's): 25P01 "DECLARE CURSOR can only be used in
 * transaction blocks", 42P03 cursor "c" already exists, 34000 cursor "c"
 * does not exist, 55000 "cursor can only scan forward".
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"
#include "sql/exec/portal_internal.h"

#include <stdio.h>

#include "access/transam/xact.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

typedef struct Cursor
{
	char		name[NAMEDATALEN];
	MemoryContext cxt;
	PreparedStmt *ps;
	ParamValues params;
	Snapshot	snapshot;
	QueryDesc  *qd;				/* NULL once materialized or exhausted */
	bool		holdable;
	bool		in_current_xact;
	RowBuffer  *held;			/* materialized rows (WITH HOLD after commit) */
	int64_t		held_pos;
	bool		at_end;
	int16_t    *typlens;
	bool	   *typbyvals;
	TupleSlot  *slot;
} Cursor;

static List *cursors = NIL;

static Cursor *
find_cursor(const char *name)
{
	ListCell   *lc;

	if (name == NULL)
		return NULL;
	foreach(lc, cursors)
	{
		Cursor	   *c = lfirst(lc);

		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

static void
forget_cursor(Cursor *c, bool shutdown)
{
	MemoryContext old = memctx_switch_to(TopMemoryContext);

	cursors = list_delete_ptr(cursors, c);
	memctx_switch_to(old);
	if (shutdown && c->qd != NULL)
		executor_end(c->qd);
	c->qd = NULL;
	memctx_delete(c->cxt);
}

static ParamValues
copy_params(const ParamValues *params)
{
	ParamValues p = {0, NULL, NULL, NULL};
	Datum	   *values;
	bool	   *nulls;
	Oid		   *types;

	if (params == NULL || params->nparams == 0)
		return p;
	values = palloc(sizeof(Datum) * params->nparams);
	nulls = palloc(sizeof(bool) * params->nparams);
	types = palloc(sizeof(Oid) * params->nparams);
	for (int i = 0; i < params->nparams; i++)
	{
		const TypeInfo *ti = type_get_or_null(params->types[i]);

		nulls[i] = params->isnull[i];
		types[i] = params->types[i];
		values[i] = (nulls[i] || ti == NULL) ? params->values[i] :
			datum_copy(params->values[i], ti->byval, ti->typlen);
	}
	p.nparams = params->nparams;
	p.values = values;
	p.isnull = nulls;
	p.types = types;
	return p;
}

void
cursor_declare(DeclareCursorStmt *stmt, const char *query_text, const ParamValues *params,
			   char *tag, size_t tag_size)
{
	bool		holdable = (stmt->options & CURSOR_OPT_HOLD) != 0;
	MemoryContext cxt;
	MemoryContext old;
	Cursor	   *volatile c = NULL;
	RawStmt    *raw;

	if (!holdable && !xact_in_block())
		ereport(ERROR, errcode(ERRCODE_NO_ACTIVE_SQL_TRANSACTION),
				errmsg("DECLARE CURSOR can only be used in transaction blocks"));
	if (find_cursor(stmt->portalname) != NULL)
		ereport(ERROR, errcode(ERRCODE_DUPLICATE_CURSOR),
				errmsg("cursor \"%s\" already exists", stmt->portalname));
	if (stmt->options & CURSOR_OPT_SCROLL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("SCROLL cursors are not supported"));
	if (!IsA(stmt->query, SelectStmt))
		ereport(ERROR, errcode(ERRCODE_INVALID_CURSOR_DEFINITION),
				errmsg("DECLARE CURSOR must be a SELECT query"));
	cxt = memctx_create(TopMemoryContext, "Cursor");
	old = memctx_switch_to(cxt);
	ELOG_TRY();
	{
		c = palloc0(sizeof(Cursor));
		snprintf(c->name, sizeof(c->name), "%s", stmt->portalname);
		c->cxt = cxt;
		c->holdable = holdable;
		c->in_current_xact = true;
		c->params = copy_params(params);
		raw = makeNode(RawStmt);
		raw->stmt = stmt->query;
		raw->stmt_location = -1;
		c->ps = sql_prepare(raw, query_text, c->params.types, c->params.nparams);
		c->snapshot = snapshot_copy(snapshot_get_statement());
		c->qd = executor_start(c->ps->plan, &c->params, c->snapshot, false);
		exec_col_storage(c->ps->plan->planTree->coltypes, c->ps->plan->planTree->ncols,
						 &c->typlens, &c->typbyvals);
		c->slot = exec_make_slot(c->ps->plan->planTree->ncols);
	}
	ELOG_CATCH();
	{
		memctx_switch_to(old);
		memctx_delete(cxt);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	memctx_switch_to(TopMemoryContext);
	cursors = lappend(cursors, (Cursor *) c);
	memctx_switch_to(old);
	snprintf(tag, tag_size, "DECLARE CURSOR");
}

const ResultDesc *
cursor_result_desc(const char *name)
{
	Cursor	   *c = find_cursor(name);

	return c ? c->ps->desc : NULL;
}

/* Next row of the cursor, or NULL at its end. */
static TupleSlot *
cursor_next(Cursor *c)
{
	if (c->at_end)
		return NULL;
	if (c->held != NULL)
	{
		if (c->held_pos >= c->held->nrows)
		{
			c->at_end = true;
			return NULL;
		}
		row_to_slot(c->held->rows[c->held_pos++], c->slot);
		return c->slot;
	}
	if (c->qd == NULL)
		return NULL;
	{
		MemoryContext old = memctx_switch_to(c->cxt);
		TupleSlot  *slot = executor_next(c->qd);

		memctx_switch_to(old);
		if (slot == NULL)
			c->at_end = true;
		return slot;
	}
}

static pg_noreturn void
forward_only(void)
{
	ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			errmsg("cursor can only scan forward"),
			errhint("Declare it with SCROLL option to enable backward scan."));
	__builtin_unreachable();
}

void
cursor_fetch(FetchStmt *stmt, DestReceiver *dest, char *tag, size_t tag_size)
{
	Cursor	   *c = find_cursor(stmt->portalname);
	int64_t		count = stmt->howMany;
	int64_t		skip = 0;
	int64_t		n = 0;

	if (c == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_CURSOR),
				errmsg("cursor \"%s\" does not exist", stmt->portalname ? stmt->portalname : ""));
	switch (stmt->direction)
	{
		case FETCH_FORWARD:
			if (count < 0)
				forward_only();
			break;
		case FETCH_BACKWARD:
			forward_only();
			break;
		case FETCH_RELATIVE:
			if (count <= 0)
				forward_only();
			skip = count - 1;
			count = 1;
			break;
		case FETCH_ABSOLUTE:
			forward_only();
			break;
	}
	while (skip-- > 0 && cursor_next(c) != NULL)
		;
	if (!stmt->ismove)
		dest->startup(dest, c->ps->desc);
	while (n < count)
	{
		TupleSlot  *slot = cursor_next(c);

		if (slot == NULL)
			break;
		if (!stmt->ismove)
			dest->receive(dest, slot->values, slot->isnull);
		n++;
		CHECK_FOR_INTERRUPTS();
	}
	if (!stmt->ismove)
		dest->shutdown(dest);
	snprintf(tag, tag_size, "%s %lld", stmt->ismove ? "MOVE" : "FETCH", (long long) n);
}

void
cursor_close(ClosePortalStmt *stmt, char *tag, size_t tag_size)
{
	if (stmt->portalname == NULL)
	{
		cursor_close_all();
		snprintf(tag, tag_size, "CLOSE CURSOR ALL");
		return;
	}
	{
		Cursor	   *c = find_cursor(stmt->portalname);

		if (c == NULL)
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_CURSOR),
					errmsg("cursor \"%s\" does not exist", stmt->portalname));
		forget_cursor(c, true);
	}
	snprintf(tag, tag_size, "CLOSE CURSOR");
}

void
cursor_close_all(void)
{
	while (cursors != NIL)
		forget_cursor(linitial(cursors), true);
}

/* WITH HOLD at commit: keep the remaining rows, drop the executor. */
static void
materialize(Cursor *c)
{
	MemoryContext old = memctx_switch_to(c->cxt);

	c->held = rowbuf_create(c->cxt, "held cursor");
	c->held_pos = 0;
	for (;;)
	{
		TupleSlot  *slot = c->at_end || c->qd == NULL ? NULL : executor_next(c->qd);

		if (slot == NULL)
			break;
		rowbuf_add(c->held, slot, c->typlens, c->typbyvals);
	}
	if (c->qd != NULL)
		executor_end(c->qd);
	c->qd = NULL;
	c->at_end = false;
	memctx_switch_to(old);
}

void
cursor_at_xact_event(bool commit, bool pre_commit)
{
	List	   *copy;
	ListCell   *lc;

	if (commit && !pre_commit)
		return;
	copy = list_copy(cursors);
	foreach(lc, copy)
	{
		Cursor	   *c = lfirst(lc);

		if (pre_commit)
		{
			if (c->holdable && c->in_current_xact && c->held == NULL)
			{
				materialize(c);
				c->in_current_xact = false;
			}
			else if (!c->holdable)
				forget_cursor(c, true);
		}
		else if (c->in_current_xact || !c->holdable)
			forget_cursor(c, false);
	}
	list_free(copy);
}
