/*-------------------------------------------------------------------------
 * sqlexec.c
 *	  The SQL layer's entry points for tcop (see sqlexec.h): parse,
 *	  prepare (analyze + plan, with parameter type inference), portals
 *	  (bind parameters, run to completion or max_rows at a time).
 *
 * Statement kinds: SELECT/VALUES/INSERT/UPDATE/DELETE are analyzed and
 * planned here and run by the executor; EXPLAIN, COPY, cursors and
 * SQL-level PREPARE/EXECUTE/DEALLOCATE are handled by sql/exec
 * (portal_internal.h); everything else goes to utility.h.
 *
 * Revalidation: a prepared query remembers the columns and indexes of
 * every table its plan uses (RelSignature).  sql_portal_create compares
 * them with the relation cache and, if anything changed (or a table is
 * gone), analyzes and plans the raw statement again -- which raises the
 * error the new catalog implies, e.g. 42P01.
 *
 * Snapshots: a portal reads with a copy of the statement snapshot taken
 * when it first runs, so a portal suspended after max_rows rows keeps a
 * consistent view (and cursors too).
 *-------------------------------------------------------------------------
 */
#include "sql/sqlexec.h"

#include <stdio.h>

#include "access/transam/snapshot.h"
#include "access/transam/xact.h"
#include "catalog/relcache.h"
#include "sql/analyze/nodefuncs.h"
#include "sql/exec/portal_internal.h"
#include "sql/parser/parser.h"
#include "sql/plan/planner.h"
#include "sql/types/types.h"
#include "sql/utility.h"
#include "storage/file/tempfile.h"
#include "utils/elog.h"
#include "utils/memctx.h"

typedef enum PortalState
{
	PORTAL_NEW,
	PORTAL_SUSPENDED,
	PORTAL_DONE,
} PortalState;

struct Portal
{
	PreparedStmt *ps;
	MemoryContext cxt;
	ParamValues params;
	PortalState state;
	QueryDesc  *qd;
	Snapshot	snapshot;
	uint64_t	nrows;
	bool		failed;			/* an ERROR escaped a run: state unusable */
	char		tag[64];
};

/*
 * Portals with a running executor.  At commit they are shut down before
 * the relation cache closes relations; at abort their executor state is
 * abandoned (the transaction's cleanup releases what it held).
 */
static List *live_portals = NIL;

static void
portal_set_live(Portal *portal, bool live)
{
	MemoryContext old = memctx_switch_to(TopMemoryContext);

	if (live)
		live_portals = list_append_unique_ptr(live_portals, portal);
	else
		live_portals = list_delete_ptr(live_portals, portal);
	memctx_switch_to(old);
}

List *
sql_parse(const char *query_string)
{
	return raw_parser(query_string);
}

SqlStmtKind
sql_stmt_kind(const RawStmt *raw)
{
	if (raw != NULL && IsA(raw->stmt, TransactionStmt))
	{
		switch (((TransactionStmt *) raw->stmt)->kind)
		{
			case TRANS_STMT_BEGIN:
			case TRANS_STMT_START:
				return SQL_STMT_BEGIN;
			case TRANS_STMT_COMMIT:
			case TRANS_STMT_ROLLBACK:
			case TRANS_STMT_PREPARE:
			case TRANS_STMT_COMMIT_PREPARED:
			case TRANS_STMT_ROLLBACK_PREPARED:
				return SQL_STMT_END;
			default:
				break;
		}
	}
	return SQL_STMT_OTHER;
}

const char *
sql_stmt_tag(const RawStmt *raw)
{
	return parser_command_tag(raw->stmt);
}

/* ------------------------------------------------------------------------
 * Result descriptions and tags
 * ------------------------------------------------------------------------
 */
ResultDesc *
portal_result_desc(List *targetList)
{
	ResultDesc *desc = palloc0(sizeof(ResultDesc));
	ListCell   *lc;
	int			n = 0;

	foreach(lc, targetList)
	{
		if (!((TargetEntry *) lfirst(lc))->resjunk)
			n++;
	}
	desc->ncols = n;
	desc->cols = palloc0(sizeof(ResultColumn) * Max(n, 1));
	n = 0;
	foreach(lc, targetList)
	{
		TargetEntry *tle = lfirst(lc);
		ResultColumn *c;
		const TypeInfo *ti;

		if (tle->resjunk)
			continue;
		c = &desc->cols[n++];
		c->name = pstrdup(tle->resname ? tle->resname : "?column?");
		c->table_oid = tle->resorigtbl;
		c->attnum = (int16_t) tle->resorigcol;
		c->type_oid = exprType((Node *) tle->expr);
		ti = type_get_or_null(c->type_oid);
		c->typlen = ti ? ti->typlen : -1;
		c->typmod = exprTypmod((Node *) tle->expr);
	}
	return desc;
}

ResultDesc *
portal_text_desc(const char *colname)
{
	ResultDesc *desc = palloc0(sizeof(ResultDesc));

	desc->ncols = 1;
	desc->cols = palloc0(sizeof(ResultColumn));
	desc->cols[0].name = pstrdup(colname);
	desc->cols[0].type_oid = TEXTOID;
	desc->cols[0].typlen = -1;
	desc->cols[0].typmod = -1;
	return desc;
}

void
portal_command_tag(CmdType cmd, uint64_t n, char *tag, size_t tag_size)
{
	switch (cmd)
	{
		case CMD_SELECT:
			snprintf(tag, tag_size, "SELECT %llu", (unsigned long long) n);
			break;
		case CMD_INSERT:
			snprintf(tag, tag_size, "INSERT 0 %llu", (unsigned long long) n);
			break;
		case CMD_UPDATE:
			snprintf(tag, tag_size, "UPDATE %llu", (unsigned long long) n);
			break;
		case CMD_DELETE:
			snprintf(tag, tag_size, "DELETE %llu", (unsigned long long) n);
			break;
	}
}

void
portal_send_text_rows(DestReceiver *dest, const ResultDesc *desc, List *lines)
{
	ListCell   *lc;

	dest->startup(dest, desc);
	foreach(lc, lines)
	{
		Datum		v = CStringGetTextDatum((char *) lfirst(lc));
		bool		isnull = false;

		dest->receive(dest, &v, &isnull);
	}
	dest->shutdown(dest);
}

/* ------------------------------------------------------------------------
 * Prepare
 * ------------------------------------------------------------------------
 */
static List *
make_signatures(PlannedStmt *plan)
{
	List	   *sigs = NIL;
	ListCell   *lc;

	foreach(lc, plan->relationOids)
	{
		Relation	rel = relation_open(lfirst_oid(lc));
		RelSignature *sig = palloc0(sizeof(RelSignature));

		sig->relid = rel->rd_id;
		sig->natts = rel->rd_att->natts;
		sig->types = palloc(sizeof(Oid) * Max(sig->natts, 1));
		for (int i = 0; i < sig->natts; i++)
		{
			Attribute  *att = tupdesc_attr(rel->rd_att, i);

			sig->types[i] = att->attisdropped ? InvalidOid : att->atttypid;
		}
		sig->indexes = list_copy(rel->rd_indexes);
		relation_close(rel);
		sigs = lappend(sigs, sig);
	}
	return sigs;
}

void
portal_plan_query(PreparedStmt *ps, Node *stmt)
{
	ParamTypes	pt;

	pt.types = ps->param_types;
	pt.ntypes = ps->nparams;
	pt.infer = ps->infer_params;
	ps->query = analyze_statement(stmt, ps->query_text, &pt);
	ps->plan = planner(ps->query);
	ps->signatures = make_signatures(ps->plan);
	if (ps->query->commandType == CMD_SELECT)
		ps->desc = portal_result_desc(ps->query->targetList);
	else if (ps->query->returningList != NIL)
		ps->desc = portal_result_desc(ps->query->returningList);
	else
		ps->desc = NULL;
	/* inferred parameter types belong to the statement */
	if (pt.ntypes != ps->nparams || pt.types != ps->param_types)
	{
		MemoryContext old = memctx_switch_to(ps->cxt);
		Oid		   *types = palloc(sizeof(Oid) * Max(pt.ntypes, 1));

		memcpy(types, pt.types, sizeof(Oid) * pt.ntypes);
		ps->param_types = types;
		ps->nparams = pt.ntypes;
		memctx_switch_to(old);
	}
}

static PreparedKind
classify(Node *stmt)
{
	switch (nodeTag(stmt))
	{
		case T_SelectStmt:
		case T_InsertStmt:
		case T_UpdateStmt:
		case T_DeleteStmt:
			return PK_QUERY;
		case T_ExplainStmt:
			return PK_EXPLAIN;
		case T_CopyStmt:
			return PK_COPY;
		case T_DeclareCursorStmt:
			return PK_DECLARE;
		case T_FetchStmt:
			return PK_FETCH;
		case T_ClosePortalStmt:
			return PK_CLOSE;
		case T_PrepareStmt:
			return PK_PREPARE;
		case T_ExecuteStmt:
			return PK_EXECUTE;
		case T_DeallocateStmt:
			return PK_DEALLOCATE;
		default:
			return PK_UTILITY;
	}
}

static void
plan_statement(PreparedStmt *ps)
{
	MemoryContext old;

	if (ps->plan_cxt != NULL)
		memctx_delete(ps->plan_cxt);
	ps->plan_cxt = memctx_create(ps->cxt, "PreparedPlan");
	old = memctx_switch_to(ps->plan_cxt);
	ps->query = NULL;
	ps->plan = NULL;
	ps->desc = NULL;
	ps->signatures = NIL;
	switch (ps->kind)
	{
		case PK_QUERY:
			portal_plan_query(ps, ps->raw->stmt);
			break;
		case PK_UTILITY:
			ps->desc = (ResultDesc *) utility_result_desc(ps->raw->stmt);
			break;
		case PK_EXPLAIN:
			ps->desc = portal_text_desc("QUERY PLAN");
			break;
		case PK_COPY:
			if (((CopyStmt *) ps->raw->stmt)->is_program)
				ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("COPY PROGRAM is not supported"));
			break;
		case PK_FETCH:
			if (!((FetchStmt *) ps->raw->stmt)->ismove)
				ps->desc = (ResultDesc *) cursor_result_desc(((FetchStmt *) ps->raw->stmt)->portalname);
			break;
		case PK_EXECUTE:
			ps->desc = (ResultDesc *) prepare_sql_result_desc(((ExecuteStmt *) ps->raw->stmt)->name);
			break;
		default:
			break;
	}
	memctx_switch_to(old);
}

PreparedStmt *
sql_prepare(const RawStmt *raw, const char *query_text, const Oid *param_types, int nparams)
{
	MemoryContext cxt = memctx_create(CurrentMemoryContext, "PreparedStmt");
	MemoryContext old = memctx_switch_to(cxt);
	PreparedStmt *ps = palloc0(sizeof(PreparedStmt));

	ps->cxt = cxt;
	ps->raw = copy_node(raw);
	ps->query_text = pstrdup(query_text ? query_text : "");
	ps->nparams = Max(nparams, 0);
	/* the simple Query protocol has no parameters: $n is an error there */
	ps->infer_params = param_types != NULL;
	ps->param_types = palloc0(sizeof(Oid) * Max(ps->nparams, 1));
	for (int i = 0; i < ps->nparams; i++)
		ps->param_types[i] = param_types ? param_types[i] : InvalidOid;
	ps->kind = classify(ps->raw->stmt);
	memctx_switch_to(old);
	plan_statement(ps);
	return ps;
}

int
sql_prepared_nparams(const PreparedStmt *ps)
{
	return ps->nparams;
}

Oid
sql_prepared_param_type(const PreparedStmt *ps, int i)
{
	if (i < 0 || i >= ps->nparams)
		return InvalidOid;
	return ps->param_types[i];
}

const ResultDesc *
sql_prepared_result(const PreparedStmt *ps)
{
	return ps->desc;
}

const RawStmt *
sql_prepared_raw(const PreparedStmt *ps)
{
	return ps->raw;
}

/* ------------------------------------------------------------------------
 * Revalidation
 * ------------------------------------------------------------------------
 */
static bool
signature_still_valid(RelSignature *sig)
{
	volatile bool valid = true;

	ELOG_TRY();
	{
		Relation	rel = relation_open(sig->relid);
		ListCell   *a;
		ListCell   *b;

		if (rel->rd_att->natts != sig->natts ||
			list_length(rel->rd_indexes) != list_length(sig->indexes))
			valid = false;
		for (int i = 0; valid && i < sig->natts; i++)
		{
			Attribute  *att = tupdesc_attr(rel->rd_att, i);

			if ((att->attisdropped ? InvalidOid : att->atttypid) != sig->types[i])
				valid = false;
		}
		if (valid)
		{
			forboth(a, rel->rd_indexes, b, sig->indexes)
			{
				if (lfirst_oid(a) != lfirst_oid(b))
					valid = false;
			}
		}
		relation_close(rel);
	}
	ELOG_CATCH();
	{
		elog_flush_error();
		valid = false;
	}
	ELOG_END_TRY();
	return valid;
}

static void
revalidate(PreparedStmt *ps)
{
	ListCell   *lc;

	if (ps->kind != PK_QUERY)
		return;
	foreach(lc, ps->signatures)
	{
		if (!signature_still_valid(lfirst(lc)))
		{
			int			nparams = ps->nparams;
			const ResultDesc *olddesc = ps->desc;
			int			oldcols = olddesc ? olddesc->ncols : -1;

			plan_statement(ps);
			if (ps->nparams != nparams || (ps->desc ? ps->desc->ncols : -1) != oldcols)
				ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("cached plan must not change result type"));
			return;
		}
	}
}

/* ------------------------------------------------------------------------
 * Portals
 * ------------------------------------------------------------------------
 */
Portal *
sql_portal_create(PreparedStmt *ps, const Datum *params, const bool *nulls)
{
	MemoryContext cxt;
	MemoryContext old;
	Portal	   *portal;
	Datum	   *values;
	bool	   *isnull;

	revalidate(ps);
	cxt = memctx_create(CurrentMemoryContext, "Portal");
	old = memctx_switch_to(cxt);
	portal = palloc0(sizeof(Portal));
	portal->ps = ps;
	portal->cxt = cxt;
	values = palloc0(sizeof(Datum) * Max(ps->nparams, 1));
	isnull = palloc0(sizeof(bool) * Max(ps->nparams, 1));
	for (int i = 0; i < ps->nparams; i++)
	{
		const TypeInfo *ti = type_get_or_null(ps->param_types[i]);

		isnull[i] = nulls ? nulls[i] : true;
		if (!isnull[i] && params != NULL)
			values[i] = ti ? datum_copy(params[i], ti->byval, ti->typlen) : params[i];
	}
	portal->params.nparams = ps->nparams;
	portal->params.values = values;
	portal->params.isnull = isnull;
	portal->params.types = ps->param_types;
	portal->state = PORTAL_NEW;
	memctx_switch_to(old);
	return portal;
}

const ResultDesc *
sql_portal_result(const Portal *portal)
{
	return portal->ps->desc;
}

/*
 * A SELECT's tag counts the rows of the Execute that completed the portal
 * (after PortalSuspended, PostgreSQL reports only the last batch).
 */
static void
finish_query_portal(Portal *portal, uint64_t rows_this_run)
{
	CmdType		cmd = portal->ps->plan->commandType;
	uint64_t	n = cmd == CMD_SELECT ? rows_this_run : executor_processed(portal->qd);

	executor_end(portal->qd);
	portal->qd = NULL;
	portal_set_live(portal, false);
	portal_command_tag(cmd, n, portal->tag, sizeof(portal->tag));
	portal->state = PORTAL_DONE;
}

/* Run a planned query; returns false when suspended after max_rows. */
static bool
run_query_portal(Portal *portal, long max_rows, DestReceiver *dest)
{
	PreparedStmt *ps = portal->ps;
	MemoryContext old = memctx_switch_to(portal->cxt);
	long		sent = 0;
	bool		is_select = ps->plan->commandType == CMD_SELECT;

	if (portal->state == PORTAL_NEW)
	{
		portal->snapshot = snapshot_copy(snapshot_get_statement());
		portal->qd = executor_start(ps->plan, &portal->params, portal->snapshot, false);
		portal->state = PORTAL_SUSPENDED;
		portal_set_live(portal, true);
	}
	if (ps->desc != NULL)
		dest->startup(dest, ps->desc);
	for (;;)
	{
		TupleSlot  *slot;

		if (is_select && max_rows > 0 && sent >= max_rows)
		{
			if (ps->desc != NULL)
				dest->shutdown(dest);
			memctx_switch_to(old);
			return false;
		}
		slot = executor_next(portal->qd);
		if (slot == NULL)
			break;
		if (ps->desc != NULL)
			dest->receive(dest, slot->values, slot->isnull);
		portal->nrows++;
		sent++;
	}
	if (ps->desc != NULL)
		dest->shutdown(dest);
	finish_query_portal(portal, (uint64_t) sent);
	memctx_switch_to(old);
	return true;
}

static void
run_other(Portal *portal, DestReceiver *dest)
{
	PreparedStmt *ps = portal->ps;
	Node	   *stmt = ps->raw->stmt;
	char	   *tag = portal->tag;
	size_t		tag_size = sizeof(portal->tag);
	MemoryContext old = memctx_switch_to(portal->cxt);

	switch (ps->kind)
	{
		case PK_UTILITY:
			utility_execute(stmt, ps->query_text, dest, tag, tag_size);
			/* DISCARD ALL also drops this layer's session state */
			if (IsA(stmt, DiscardStmt) && ((DiscardStmt *) stmt)->target == DISCARD_ALL)
			{
				DeallocateStmt all = {T_DeallocateStmt, NULL};
				char		dtag[64];

				cursor_close_all();
				prepare_sql_deallocate(&all, dtag, sizeof(dtag));
			}
			break;
		case PK_EXPLAIN:
			explain_execute(ps, (ExplainStmt *) stmt, &portal->params, dest, tag, tag_size);
			break;
		case PK_COPY:
			copy_execute((CopyStmt *) stmt, ps->query_text, &portal->params, tag, tag_size);
			break;
		case PK_DECLARE:
			cursor_declare((DeclareCursorStmt *) stmt, ps->query_text, &portal->params, tag,
						   tag_size);
			break;
		case PK_FETCH:
			cursor_fetch((FetchStmt *) stmt, dest, tag, tag_size);
			break;
		case PK_CLOSE:
			cursor_close((ClosePortalStmt *) stmt, tag, tag_size);
			break;
		case PK_PREPARE:
			prepare_sql_prepare((PrepareStmt *) stmt, ps->query_text, tag, tag_size);
			break;
		case PK_EXECUTE:
			prepare_sql_execute((ExecuteStmt *) stmt, ps->query_text, &portal->params, dest,
								tag, tag_size);
			break;
		case PK_DEALLOCATE:
			prepare_sql_deallocate((DeallocateStmt *) stmt, tag, tag_size);
			break;
		case PK_QUERY:
			break;
	}
	memctx_switch_to(old);
	portal->state = PORTAL_DONE;
}

bool
sql_portal_run(Portal *portal, long max_rows, DestReceiver *dest, char *tag, size_t tag_size)
{
	volatile bool done = true;

	if (portal->failed)
		ereport(ERROR, errcode(ERRCODE_INVALID_CURSOR_STATE),
				errmsg("portal cannot be run after an error"));
	if (portal->state != PORTAL_DONE)
	{
		ELOG_TRY();
		{
			if (portal->ps->kind == PK_QUERY)
				done = run_query_portal(portal, max_rows, dest);
			else
				run_other(portal, dest);
		}
		ELOG_CATCH();
		{
			portal->failed = true;
			portal_set_live(portal, false);
			ELOG_RE_THROW();
		}
		ELOG_END_TRY();
	}
	if (done)
		snprintf(tag, tag_size, "%s", portal->tag);
	return done;
}

void
sql_portal_drop(Portal *portal)
{
	if (portal->qd != NULL && !portal->failed && list_member_ptr(live_portals, portal))
		executor_end(portal->qd);
	portal->qd = NULL;
	portal_set_live(portal, false);
	memctx_delete(portal->cxt);
}

/* Transaction end: shut down (commit) or abandon (abort) running portals. */
static void
portals_at_xact_end(bool commit)
{
	while (live_portals != NIL)
	{
		Portal	   *portal = linitial(live_portals);

		portal_set_live(portal, false);
		if (commit && portal->qd != NULL)
			executor_end(portal->qd);
		portal->qd = NULL;
		portal->failed = true;
	}
}

/* ------------------------------------------------------------------------
 * Session
 * ------------------------------------------------------------------------
 */
static void
sqlexec_xact_callback(XactEvent event, void *arg)
{
	(void) arg;
	cursor_at_xact_event(event != XACT_EVENT_ABORT, event == XACT_EVENT_PRE_COMMIT);
	if (event != XACT_EVENT_COMMIT)
		portals_at_xact_end(event == XACT_EVENT_PRE_COMMIT);
	/* no executor outlives its transaction, nor may its spill files */
	if (event != XACT_EVENT_PRE_COMMIT)
		tempfile_close_all();
}

static void
sqlexec_at_exit(int code, Datum arg)
{
	(void) code;
	(void) arg;
	tempfile_close_all();
}

void
sql_session_init(void)
{
	static bool registered = false;

	if (!registered)
	{
		xact_register_callback(sqlexec_xact_callback, NULL);
		on_proc_exit(sqlexec_at_exit, 0);
		registered = true;
	}
}
