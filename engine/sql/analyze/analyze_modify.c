/*-------------------------------------------------------------------------
 * analyze_modify.c
 *	  INSERT, UPDATE and DELETE, and column DEFAULT expressions.
 *
 * The analyzed forms (see Query in primnodes.h): INSERT's targetList has
 * one entry per table column in attnum order, built from the source row
 * (a VALUES list, a SELECT, or nothing for DEFAULT VALUES), the column's
 * DEFAULT expression, or NULL; UPDATE's has one entry per column (the old
 * value for unassigned ones) plus the row's TID as a resjunk entry;
 * DELETE's only the TID.  Values are coerced to the column types with
 * assignment rules; a failure is 42804 "column "a" is of type integer but
 * expression is of type text" with PostgreSQL's hint.
 *
 * DEFAULT expressions are stored as SQL text (Relation.rd_defaults); they
 * are parsed and analyzed here, once per statement.
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/analyze_internal.h"

#include "catalog/relcache.h"
#include "storage/lmgr/lock.h"
#include "sql/parser/parser.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* Column info of the target table, read once per statement. */
typedef struct TargetRel
{
	RangeTblEntry *rte;
	int			rtindex;
	int			natts;
	char	  **defaults;		/* per column: DEFAULT text or NULL */
	bool	   *dropped;
} TargetRel;

/* A system view is not updatable: PostgreSQL's error for its kind of view. */
static void
refuse_view_target(ParseState *pstate, RangeVar *rv, CmdType cmd)
{
	const char *verb = cmd == CMD_INSERT ? "insert into" :
		cmd == CMD_UPDATE ? "update" : "delete from";
	const char *doing = cmd == CMD_INSERT ? "inserting into" :
		cmd == CMD_UPDATE ? "updating" : "deleting from";
	const char *event = cmd == CMD_INSERT ? "INSERT" : cmd == CMD_UPDATE ? "UPDATE" : "DELETE";

	ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			errmsg("cannot %s view \"%s\"", verb, rv->relname),
			errdetail("Views that do not select from a single table or view are not automatically updatable."),
			errhint("To enable %s the view, provide an INSTEAD OF %s trigger or an unconditional ON %s DO INSTEAD rule.",
					doing, event, event),
			parser_errposition(pstate, rv->location));
}

static void
open_target(ParseState *pstate, RangeVar *rv, bool add_ns, CmdType cmd, TargetRel *tr)
{
	Relation	rel;

	tr->rte = add_rte_for_relation(pstate, rv, add_ns, &tr->rtindex);
	if (tr->rte->sysview != 0)
		refuse_view_target(pstate, rv, cmd);
	if (tr->rte->rtekind != RTE_RELATION)
		ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
				errmsg("cannot modify WITH query \"%s\"", rv->relname),
				parser_errposition(pstate, rv->location));
	/* The lock a writer holds until commit (conflicts with CREATE INDEX's). */
	lock_relation(tr->rte->relid, RowExclusiveLock);
	rel = relation_open(tr->rte->relid);
	tr->natts = rel->rd_att->natts;
	tr->defaults = palloc0(sizeof(char *) * Max(tr->natts, 1));
	tr->dropped = palloc0(sizeof(bool) * Max(tr->natts, 1));
	for (int i = 0; i < tr->natts; i++)
	{
		if (rel->rd_defaults && rel->rd_defaults[i])
			tr->defaults[i] = pstrdup(rel->rd_defaults[i]);
		tr->dropped[i] = tupdesc_attr(rel->rd_att, i)->attisdropped;
	}
	relation_close(rel);
	pstate->resultRelation = tr->rtindex;
	pstate->target_relname = tr->rte->relname;
}

static const char *
col_name(TargetRel *tr, int attno)
{
	return strVal(list_nth(tr->rte->colnames, attno - 1));
}

static Oid
col_type(TargetRel *tr, int attno)
{
	return list_nth_oid(tr->rte->coltypes, attno - 1);
}

static int32_t
col_typmod(TargetRel *tr, int attno)
{
	return list_nth_int(tr->rte->coltypmods, attno - 1);
}

/* Coerce a value for column attno, with PostgreSQL's assignment error. */
static Expr *
coerce_for_column(ParseState *pstate, TargetRel *tr, int attno, Expr *expr, int location)
{
	Oid			type = exprType((Node *) expr);
	Oid			target = col_type(tr, attno);
	Expr	   *result;

	result = coerce_to_target_type(pstate, expr, type, target, col_typmod(tr, attno),
								   COERCION_ASSIGNMENT, COERCE_IMPLICIT_CAST,
								   location >= 0 ? location : exprLocation((Node *) expr));
	if (result == NULL)
		ereport(ERROR, errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("column \"%s\" is of type %s but expression is of type %s",
					   col_name(tr, attno), type_sql_name(target), type_sql_name(type)),
				errhint("You will need to rewrite or cast the expression."),
				parser_errposition(pstate, exprLocation((Node *) expr)));
	return result;
}

Expr *
analyze_standalone_expr(Node *raw, const char *query_text, Oid target_type,
						int32_t target_typmod, const char *colname)
{
	ParseState *pstate = make_parsestate(NULL, query_text, NULL);
	Expr	   *e = transform_expr(pstate, raw, EXPR_KIND_COLUMN_DEFAULT);
	Oid			type = exprType((Node *) e);
	Expr	   *result;

	result = coerce_to_target_type(pstate, e, type, target_type, target_typmod,
								   COERCION_ASSIGNMENT, COERCE_IMPLICIT_CAST, -1);
	if (result == NULL)
		ereport(ERROR, errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("column \"%s\" is of type %s but default expression is of type %s",
					   colname, type_sql_name(target_type), type_sql_name(type)),
				errhint("You will need to rewrite or cast the expression."));
	return result;
}

/* The column's DEFAULT (analyzed, coerced), or a typed NULL. */
static Expr *
column_default(TargetRel *tr, int attno)
{
	const char *text = tr->defaults[attno - 1];
	char	   *sql;
	List	   *stmts;
	SelectStmt *sel;

	if (text == NULL || tr->dropped[attno - 1])
		return (Expr *) makeNullConst(col_type(tr, attno), col_typmod(tr, attno));
	sql = psprintf("SELECT %s", text);
	stmts = raw_parser(sql);
	sel = (SelectStmt *) ((RawStmt *) linitial(stmts))->stmt;
	return analyze_standalone_expr(((ResTarget *) linitial(sel->targetList))->val, sql,
								   col_type(tr, attno), col_typmod(tr, attno),
								   col_name(tr, attno));
}

static int
column_attno(ParseState *pstate, TargetRel *tr, const char *name, int location)
{
	ListCell   *lc;

	foreach(lc, tr->rte->colnames)
	{
		if (strcmp(strVal(lfirst(lc)), name) == 0 && !tr->dropped[foreach_current_index(lc)])
			return foreach_current_index(lc) + 1;
	}
	ereport(ERROR, errcode(ERRCODE_UNDEFINED_COLUMN),
			errmsg("column \"%s\" of relation \"%s\" does not exist", name, tr->rte->relname),
			parser_errposition(pstate, location));
	return 0;
}

static void
reject_indirection(ParseState *pstate, ResTarget *rt)
{
	if (rt->indirection != NIL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("assignment to subscripts or fields is not supported"),
				parser_errposition(pstate, rt->location));
}

/* Target columns of an INSERT: IntList of attnums, plus the ResTargets. */
static List *
insert_columns(ParseState *pstate, InsertStmt *stmt, TargetRel *tr, List **restargets)
{
	List	   *attnos = NIL;
	ListCell   *lc;

	*restargets = NIL;
	if (stmt->cols == NIL)
	{
		for (int i = 1; i <= tr->natts; i++)
		{
			if (!tr->dropped[i - 1])
			{
				attnos = lappend_int(attnos, i);
				*restargets = lappend(*restargets, NULL);
			}
		}
		return attnos;
	}
	foreach(lc, stmt->cols)
	{
		ResTarget  *rt = lfirst(lc);
		int			attno = column_attno(pstate, tr, rt->name, rt->location);

		reject_indirection(pstate, rt);
		if (list_member_int(attnos, attno))
			ereport(ERROR, errcode(ERRCODE_DUPLICATE_COLUMN),
					errmsg("column \"%s\" specified more than once", rt->name),
					parser_errposition(pstate, rt->location));
		attnos = lappend_int(attnos, attno);
		*restargets = lappend(*restargets, rt);
	}
	return attnos;
}

static void
check_row_length(ParseState *pstate, List *row, List *attnos, List *restargets)
{
	if (list_length(row) > list_length(attnos))
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("INSERT has more expressions than target columns"),
				parser_errposition(pstate, exprLocation(list_nth(row, list_length(attnos)))));
	if (list_length(row) < list_length(attnos))
	{
		ResTarget  *rt = list_nth(restargets, list_length(row));

		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("INSERT has more target columns than expressions"),
				rt ? parser_errposition(pstate, rt->location) : 0);
	}
}

/* One VALUES row for the target columns: DEFAULTs expanded, values coerced. */
static List *
transform_insert_row(ParseState *pstate, TargetRel *tr, List *raw_row, List *attnos,
					 List *restargets)
{
	List	   *row = NIL;
	ListCell   *lc;

	foreach(lc, raw_row)
	{
		Node	   *raw = lfirst(lc);
		int			i = foreach_current_index(lc);
		int			attno;
		Expr	   *e;

		if (i >= list_length(attnos))
		{
			row = lappend(row, transform_expr(pstate, raw, EXPR_KIND_VALUES));
			continue;
		}
		attno = list_nth_int(attnos, i);
		if (IsA(raw, SetToDefault))
			e = column_default(tr, attno);
		else
		{
			e = transform_expr(pstate, raw, EXPR_KIND_VALUES);
			e = coerce_for_column(pstate, tr, attno, e, exprLocation(raw));
		}
		row = lappend(row, e);
	}
	check_row_length(pstate, row, attnos, restargets);
	return row;
}

static bool
is_simple_values(Node *sel)
{
	SelectStmt *s = (SelectStmt *) sel;

	return IsA(sel, SelectStmt) && s->op == SETOP_NONE && s->valuesLists != NIL &&
		s->sortClause == NIL && s->limitCount == NULL && s->limitOffset == NULL &&
		s->withClause == NULL;
}

static Node *
make_rtr_node(int rtindex)
{
	RangeTblRef *r = makeNode(RangeTblRef);

	r->rtindex = rtindex;
	return (Node *) r;
}

/* Source values per target column: List of Expr in attnos order. */
static List *
insert_source(ParseState *pstate, InsertStmt *stmt, TargetRel *tr, List **attnos_p,
			  List *restargets, Query *q)
{
	List	   *values = NIL;
	List	   *attnos;

	if (stmt->selectStmt == NULL)
		return NIL;				/* DEFAULT VALUES */
	/* without a column list, a shorter row fills the leading columns */
	if (stmt->cols == NIL && is_simple_values(stmt->selectStmt))
	{
		int			n = list_length(linitial(((SelectStmt *) stmt->selectStmt)->valuesLists));

		if (n < list_length(*attnos_p))
			*attnos_p = list_truncate(*attnos_p, n);
	}
	attnos = *attnos_p;
	if (is_simple_values(stmt->selectStmt) &&
		list_length(((SelectStmt *) stmt->selectStmt)->valuesLists) == 1)
		return transform_insert_row(pstate, tr,
									linitial(((SelectStmt *) stmt->selectStmt)->valuesLists),
									attnos, restargets);
	if (is_simple_values(stmt->selectStmt))
	{
		List	   *rows = NIL;
		ListCell   *lc;
		RangeTblEntry *rte;
		int			rtindex;

		foreach(lc, ((SelectStmt *) stmt->selectStmt)->valuesLists)
			rows = lappend(rows, transform_insert_row(pstate, tr, lfirst(lc), attnos,
													  restargets));
		rte = make_values_rte(pstate, rows, NIL);
		add_rte(pstate, rte, &rtindex);
		q->jointree->fromlist = list_make1(make_rtr_node(rtindex));
		for (int i = 0; i < list_length(attnos); i++)
			values = lappend(values, make_var_for_rte(pstate, rte, rtindex, i + 1, 0, -1));
		return values;
	}
	else
	{
		ParseState *child = make_parsestate(pstate, pstate->query_text, pstate->params);
		RangeTblEntry *rte = makeNode(RangeTblEntry);
		List	   *save_ns = pstate->namespace;
		ListCell   *lc;
		int			rtindex;
		int			col = 0;

		pstate->namespace = NIL;
		rte->rtekind = RTE_SUBQUERY;
		rte->subquery = transform_select_stmt(child, (SelectStmt *) stmt->selectStmt);
		pstate->namespace = save_ns;
		rte->aliasname = "*SELECT*";
		foreach(lc, rte->subquery->targetList)
		{
			TargetEntry *tle = lfirst(lc);

			if (tle->resjunk)
				continue;
			rte->colnames = lappend(rte->colnames, makeString(tle->resname));
			rte->coltypes = lappend_oid(rte->coltypes, exprType((Node *) tle->expr));
			rte->coltypmods = lappend_int(rte->coltypmods, exprTypmod((Node *) tle->expr));
		}
		add_rte(pstate, rte, &rtindex);
		q->jointree->fromlist = list_make1(make_rtr_node(rtindex));
		if (stmt->cols == NIL && list_length(rte->colnames) < list_length(attnos))
			*attnos_p = attnos = list_truncate(attnos, list_length(rte->colnames));
		foreach(lc, rte->colnames)
		{
			Var		   *v = make_var_for_rte(pstate, rte, rtindex, col + 1, 0, -1);

			if (col < list_length(attnos))
				values = lappend(values, coerce_for_column(pstate, tr, list_nth_int(attnos, col),
														   (Expr *) v, -1));
			else
				values = lappend(values, v);
			col++;
		}
		if (list_length(values) > list_length(attnos))
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("INSERT has more expressions than target columns"));
		if (list_length(values) < list_length(attnos))
		{
			ResTarget  *rt = list_nth(restargets, list_length(values));

			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("INSERT has more target columns than expressions"),
					rt ? parser_errposition(pstate, rt->location) : 0);
		}
		return values;
	}
}

static List *
transform_returning(ParseState *pstate, List *returning)
{
	List	   *tl;

	if (returning == NIL)
		return NIL;
	tl = transform_target_list(pstate, returning, EXPR_KIND_RETURNING);
	resolve_target_list_unknowns(pstate, tl);
	return tl;
}

static FromExpr *
empty_from(void)
{
	return makeNode(FromExpr);
}

Query *
transform_insert_stmt(ParseState *pstate, InsertStmt *stmt)
{
	Query	   *q = makeNode(Query);
	TargetRel	tr;
	List	   *attnos;
	List	   *restargets;
	List	   *values;

	q->commandType = CMD_INSERT;
	q->jointree = empty_from();
	transform_with_clause(pstate, stmt->withClause, q);
	if (stmt->onConflictClause != NULL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("ON CONFLICT is not supported"),
				parser_errposition(pstate, stmt->onConflictClause->location));
	open_target(pstate, stmt->relation, false, CMD_INSERT, &tr);
	q->resultRelation = tr.rtindex;
	attnos = insert_columns(pstate, stmt, &tr, &restargets);
	values = insert_source(pstate, stmt, &tr, &attnos, restargets, q);
	for (int attno = 1; attno <= tr.natts; attno++)
	{
		int			idx = list_index_int(attnos, attno);
		Expr	   *e;

		if (idx >= 0 && values != NIL)
			e = list_nth(values, idx);
		else
			e = column_default(&tr, attno);
		q->targetList = lappend(q->targetList,
								makeTargetEntry(e, attno, (char *) col_name(&tr, attno), false));
	}
	add_namespace_item(pstate, tr.rte, tr.rtindex, true, true);
	q->returningList = transform_returning(pstate, stmt->returningList);
	q->rtable = pstate->rtable;
	return q;
}

static TargetEntry *
make_ctid_tle(TargetRel *tr, int resno)
{
	Var		   *v = makeVar(tr->rtindex, SELF_ITEM_POINTER_ATTNO, INT8OID, -1, 0);

	return makeTargetEntry((Expr *) v, resno, "ctid", true);
}

Query *
transform_update_stmt(ParseState *pstate, UpdateStmt *stmt)
{
	Query	   *q = makeNode(Query);
	TargetRel	tr;
	Expr	  **assigned;
	List	   *fromlist;
	ListCell   *lc;
	RangeTblRef *rtr;

	q->commandType = CMD_UPDATE;
	transform_with_clause(pstate, stmt->withClause, q);
	open_target(pstate, stmt->relation, true, CMD_UPDATE, &tr);
	q->resultRelation = tr.rtindex;
	rtr = makeNode(RangeTblRef);
	rtr->rtindex = tr.rtindex;
	fromlist = lcons(rtr, transform_from_clause_list(pstate, stmt->fromClause));
	assigned = palloc0(sizeof(Expr *) * Max(tr.natts, 1));
	foreach(lc, stmt->targetList)
	{
		ResTarget  *rt = lfirst(lc);
		int			attno;
		Expr	   *e;

		if (IsA(rt->val, MultiAssignRef))
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("multiple-column assignment is not supported"),
					parser_errposition(pstate, rt->location));
		attno = column_attno(pstate, &tr, rt->name, rt->location);
		reject_indirection(pstate, rt);
		if (assigned[attno - 1] != NULL)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("multiple assignments to same column \"%s\"", rt->name),
					parser_errposition(pstate, rt->location));
		if (IsA(rt->val, SetToDefault))
			e = column_default(&tr, attno);
		else
		{
			e = transform_expr(pstate, rt->val, EXPR_KIND_UPDATE_SOURCE);
			e = coerce_for_column(pstate, &tr, attno, e, exprLocation(rt->val));
		}
		assigned[attno - 1] = e;
	}
	q->jointree = makeNode(FromExpr);
	q->jointree->fromlist = fromlist;
	q->jointree->quals = transform_where_clause(pstate, stmt->whereClause, EXPR_KIND_WHERE,
												"WHERE");
	for (int attno = 1; attno <= tr.natts; attno++)
	{
		Expr	   *e = assigned[attno - 1];

		if (e == NULL)
			e = tr.dropped[attno - 1] ?
				(Expr *) makeNullConst(col_type(&tr, attno), -1) :
				(Expr *) make_var_for_rte(pstate, tr.rte, tr.rtindex, attno, 0, -1);
		q->targetList = lappend(q->targetList,
								makeTargetEntry(e, attno, (char *) col_name(&tr, attno), false));
	}
	q->targetList = lappend(q->targetList, make_ctid_tle(&tr, tr.natts + 1));
	q->returningList = transform_returning(pstate, stmt->returningList);
	q->rtable = pstate->rtable;
	return q;
}

Query *
transform_delete_stmt(ParseState *pstate, DeleteStmt *stmt)
{
	Query	   *q = makeNode(Query);
	TargetRel	tr;
	RangeTblRef *rtr;

	q->commandType = CMD_DELETE;
	transform_with_clause(pstate, stmt->withClause, q);
	open_target(pstate, stmt->relation, true, CMD_DELETE, &tr);
	q->resultRelation = tr.rtindex;
	rtr = makeNode(RangeTblRef);
	rtr->rtindex = tr.rtindex;
	q->jointree = makeNode(FromExpr);
	q->jointree->fromlist = lcons(rtr, transform_from_clause_list(pstate, stmt->usingClause));
	q->jointree->quals = transform_where_clause(pstate, stmt->whereClause, EXPR_KIND_WHERE,
												"WHERE");
	q->targetList = list_make1(make_ctid_tle(&tr, 1));
	q->returningList = transform_returning(pstate, stmt->returningList);
	q->rtable = pstate->rtable;
	return q;
}
