/*-------------------------------------------------------------------------
 * analyze.c
 *	  Statement-level analysis: SELECT, VALUES, set operations, WITH,
 *	  and the entry points of analyze.h.  INSERT/UPDATE/DELETE are in
 *	  analyze_modify.c.
 *
 * Order of work for a SELECT (PostgreSQL's): WITH, FROM, target list,
 * WHERE, HAVING, ORDER BY, GROUP BY, DISTINCT, LIMIT/OFFSET, then the
 * grouping check.  Untyped literals that reach an output column become
 * text, except in the leaves of a set operation (the set operation picks
 * the common type of each column first).
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/analyze_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

static void transform_locking_clause(ParseState *pstate, List *clauses, Query *q);

ParseState *
make_parsestate(ParseState *parent, const char *query_text, ParamTypes *params)
{
	ParseState *ps = palloc0(sizeof(ParseState));

	ps->parent = parent;
	ps->query_text = query_text;
	ps->params = params;
	return ps;
}

int
analyze_errpos(const char *query_text, int location)
{
	int			chars = 0;

	if (location < 0 || query_text == NULL)
		return 0;
	for (int i = 0; i < location && query_text[i] != '\0'; i++)
	{
		if (((unsigned char) query_text[i] & 0xC0) != 0x80)
			chars++;
	}
	return chars + 1;
}

int
parser_errposition(ParseState *pstate, int location)
{
	if (location < 0 || pstate == NULL)
		return 0;
	return errposition(analyze_errpos(pstate->query_text, location));
}

/* ------------------------------------------------------------------------
 * Type names
 * ------------------------------------------------------------------------
 */
static int32_t
typename_typmod(const TypeName *tn, const TypeInfo *ti, const char *query_text)
{
	int32_t		mods[8];
	int			n = 0;
	ListCell   *lc;

	if (tn->typmods == NIL)
		return tn->typemod;
	if (ti->typmod_in == NULL)
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("type modifier is not allowed for type \"%s\"", ti->name),
				errposition(analyze_errpos(query_text, tn->location)));
	foreach(lc, tn->typmods)
	{
		Node	   *m = lfirst(lc);

		if (n >= (int) lengthof(mods) || !IsA(m, A_Const) || ((A_Const *) m)->isnull ||
			!IsA(((A_Const *) m)->val, Integer))
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("type modifiers must be simple constants or identifiers"),
					errposition(analyze_errpos(query_text, tn->location)));
		mods[n++] = intVal(((A_Const *) m)->val);
	}
	return ti->typmod_in(mods, n);
}

Oid
analyze_typename(const TypeName *tn, const char *query_text, int32_t *typmod)
{
	StringBuf	name;
	const TypeInfo *ti;
	ListCell   *lc;

	if (tn->typeOid != InvalidOid)
	{
		*typmod = tn->typemod;
		return tn->typeOid;
	}
	if (tn->arrayBounds != NIL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("array types are not supported"),
				errposition(analyze_errpos(query_text, tn->location)));
	strbuf_init(&name);
	if (list_length(tn->names) == 1 && strcmp(strVal(linitial(tn->names)), "char") == 0)
		strbuf_append(&name, "\"char\"");
	else
	{
		foreach(lc, tn->names)
		{
			if (foreach_current_index(lc) > 0)
				strbuf_append_char(&name, '.');
			strbuf_append(&name, strVal(lfirst(lc)));
		}
	}
	ti = type_lookup_name(name.data);
	if (ti == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("type \"%s\" does not exist", name.data),
				errposition(analyze_errpos(query_text, tn->location)));
	*typmod = typename_typmod(tn, ti, query_text);
	return ti->oid;
}

/* ------------------------------------------------------------------------
 * WITH
 * ------------------------------------------------------------------------
 */
/* Column names and types of a CTE from its (non-recursive) query. */
static void
set_cte_columns(ParseState *pstate, CommonTableExpr *cte, CteInfo *info, Query *q)
{
	ListCell   *tl;
	int			i = 0;

	info->colnames = NIL;
	info->coltypes = NIL;
	info->coltypmods = NIL;
	foreach(tl, q->targetList)
	{
		TargetEntry *tle = lfirst(tl);

		if (tle->resjunk)
			continue;
		info->colnames = lappend(info->colnames,
								 makeString(i < list_length(cte->aliascolnames) ?
											strVal(list_nth(cte->aliascolnames, i)) :
											tle->resname));
		info->coltypes = lappend_oid(info->coltypes, exprType((Node *) tle->expr));
		info->coltypmods = lappend_int(info->coltypmods, exprTypmod((Node *) tle->expr));
		i++;
	}
	if (list_length(cte->aliascolnames) > i)
		ereport(ERROR, errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
				errmsg("WITH query \"%s\" has %d columns available but %d columns specified",
					   cte->ctename, i, list_length(cte->aliascolnames)),
				parser_errposition(pstate, cte->location));
}

/*
 * WITH RECURSIVE name AS (non-recursive UNION [ALL] recursive): analyze
 * the first term, make the CTE visible with its columns, then analyze the
 * second term (which may reference the CTE) and coerce it to those types.
 * Returns false when the second term does not reference the CTE (then it
 * is an ordinary CTE).
 */
static bool
transform_recursive_cte(ParseState *pstate, CommonTableExpr *cte, CteInfo *info)
{
	SelectStmt *stmt = (SelectStmt *) cte->ctequery;
	ParseState *child;
	Query	   *rq;
	ListCell   *tl;
	int			col = 0;

	if (stmt->op != SETOP_UNION || stmt->sortClause != NIL || stmt->limitCount != NULL ||
		stmt->limitOffset != NULL)
		return false;
	child = make_parsestate(pstate, pstate->query_text, pstate->params);
	info->query = transform_select_stmt(child, stmt->larg);
	set_cte_columns(pstate, cte, info, info->query);
	pstate->ctes = lappend(pstate->ctes, info);
	child = make_parsestate(pstate, pstate->query_text, pstate->params);
	rq = transform_select_stmt(child, stmt->rarg);
	pstate->ctes = list_delete_ptr(pstate->ctes, info);
	if (info->refcount == 0)
		return false;
	foreach(tl, rq->targetList)
	{
		TargetEntry *tle = lfirst(tl);
		Oid			want;
		Expr	   *e;

		if (tle->resjunk)
			continue;
		if (col >= list_length(info->coltypes))
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("each UNION query must have the same number of columns"));
		want = list_nth_oid(info->coltypes, col);
		e = coerce_to_target_type(pstate, tle->expr, exprType((Node *) tle->expr), want, -1,
								  COERCION_IMPLICIT, COERCE_IMPLICIT_CAST, -1);
		if (e == NULL)
			ereport(ERROR, errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("recursive query \"%s\" column %d has type %s in non-recursive term but type %s overall",
						   cte->ctename, col + 1, type_sql_name(want),
						   type_sql_name(exprType((Node *) tle->expr))),
					parser_errposition(pstate, exprLocation((Node *) tle->expr)));
		tle->expr = e;
		col++;
	}
	if (col != list_length(info->coltypes))
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("each UNION query must have the same number of columns"));
	info->recursive_query = rq;
	info->recursive_all = stmt->all;
	return true;
}

void
transform_with_clause(ParseState *pstate, WithClause *with, Query *query)
{
	ListCell   *lc;

	if (with == NULL)
		return;
	foreach(lc, with->ctes)
	{
		CommonTableExpr *cte = lfirst(lc);
		CteInfo    *info = makeNode(CteInfo);
		ListCell   *other;

		foreach(other, pstate->ctes)
		{
			if (strcmp(((CteInfo *) lfirst(other))->ctename, cte->ctename) == 0)
				ereport(ERROR, errcode(ERRCODE_DUPLICATE_ALIAS),
						errmsg("WITH query name \"%s\" specified more than once", cte->ctename),
						parser_errposition(pstate, cte->location));
		}
		if (!IsA(cte->ctequery, SelectStmt))
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("data-modifying statements in WITH are not supported"),
					parser_errposition(pstate, cte->location));
		info->ctename = cte->ctename;
		info->location = cte->location;
		if (!with->recursive || !transform_recursive_cte(pstate, cte, info))
		{
			ParseState *child = make_parsestate(pstate, pstate->query_text, pstate->params);

			info->refcount = 0;
			info->recursive_query = NULL;
			info->query = transform_select_stmt(child, (SelectStmt *) cte->ctequery);
			set_cte_columns(pstate, cte, info, info->query);
		}
		pstate->ctes = lappend(pstate->ctes, info);
		query->cteList = lappend(query->cteList, info);
	}
}

/* ------------------------------------------------------------------------
 * SELECT
 * ------------------------------------------------------------------------
 */
static void
transform_limits(ParseState *pstate, SelectStmt *stmt, Query *q)
{
	if (stmt->limitOption == LIMIT_OPTION_WITH_TIES)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("FETCH FIRST ... WITH TIES is not supported"));
	q->limitOffset = transform_limit_clause(pstate, stmt->limitOffset, EXPR_KIND_OFFSET);
	q->limitCount = transform_limit_clause(pstate, stmt->limitCount, EXPR_KIND_LIMIT);
}

static FromExpr *
make_from_expr(List *fromlist, Expr *quals)
{
	FromExpr   *f = makeNode(FromExpr);

	f->fromlist = fromlist;
	f->quals = quals;
	return f;
}

static Query *
transform_plain_select(ParseState *pstate, SelectStmt *stmt, Query *q)
{
	List	   *fromlist;

	fromlist = transform_from_clause_list(pstate, stmt->fromClause);
	q->targetList = transform_target_list(pstate, stmt->targetList, EXPR_KIND_SELECT_TARGET);
	q->jointree = make_from_expr(fromlist,
								 transform_where_clause(pstate, stmt->whereClause,
														EXPR_KIND_WHERE, "WHERE"));
	q->havingQual = transform_where_clause(pstate, stmt->havingClause, EXPR_KIND_HAVING,
										   "HAVING");
	q->sortClause = transform_sort_clause(pstate, stmt->sortClause, &q->targetList,
										  EXPR_KIND_ORDER_BY);
	q->groupClause = transform_group_clause(pstate, stmt->groupClause, &q->targetList,
											q->sortClause);
	if (pstate->windefs != NIL)
	{
		q->windowClause = transform_window_definitions(pstate, stmt->windowClause,
													   &q->targetList);
		q->hasWindowFuncs = true;
	}
	if (stmt->distinctOn != NIL)
	{
		q->distinctClause = transform_distinct_on_clause(pstate, stmt->distinctOn,
														 &q->targetList, q->sortClause);
		q->hasDistinctOn = true;
	}
	else if (stmt->distinct)
		q->distinctClause = transform_distinct_clause(pstate, &q->targetList, q->sortClause);
	transform_limits(pstate, stmt, q);
	if (!pstate->is_setop_leaf)
		resolve_target_list_unknowns(pstate, q->targetList);
	q->hasAggs = pstate->hasAggs;
	q->hasSrfs = pstate->hasSrfs;
	if (stmt->lockingClause != NIL)
		transform_locking_clause(pstate, stmt->lockingClause, q);
	check_ungrouped_columns(pstate, q);
	return q;
}

static const char *
lock_strength_name(LockClauseStrength strength)
{
	switch (strength)
	{
		case LCS_FORKEYSHARE:
			return "FOR KEY SHARE";
		case LCS_FORSHARE:
			return "FOR SHARE";
		case LCS_FORNOKEYUPDATE:
			return "FOR NO KEY UPDATE";
		default:
			return "FOR UPDATE";
	}
}

static void
mark_rel_for_lock(Query *q, int rtindex)
{
	q->rowMarks = list_append_unique_int(q->rowMarks, rtindex);
}

/*
 * FOR UPDATE / FOR SHARE: the tables whose rows the query locks.  Every
 * strength takes the same (exclusive) row lock here; NOWAIT and SKIP
 * LOCKED are not supported.
 */
static void
transform_locking_clause(ParseState *pstate, List *clauses, Query *q)
{
	ListCell   *lc;

	foreach(lc, clauses)
	{
		LockingClause *lcl = lfirst(lc);
		const char *what = lock_strength_name(lcl->strength);
		ListCell   *rc;

		if (q->hasAggs || q->havingQual != NULL)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("%s is not allowed with aggregate functions", what));
		if (q->groupClause != NIL)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("%s is not allowed with GROUP BY clause", what));
		if (q->distinctClause != NIL)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("%s is not allowed with DISTINCT clause", what));
		if (q->hasSrfs)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("%s is not allowed with set-returning functions in the target list",
						   what));
		if (lcl->waitPolicy != LockWaitBlock)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("%s with %s is not supported", what,
						   lcl->waitPolicy == LockWaitSkip ? "SKIP LOCKED" : "NOWAIT"));
		if (lcl->lockedRels == NIL)
		{
			foreach(rc, pstate->rtable)
			{
				RangeTblEntry *rte = lfirst(rc);

				if (rte->rtekind == RTE_RELATION && rte->inFromCl)
					mark_rel_for_lock(q, foreach_current_index(rc) + 1);
			}
			continue;
		}
		foreach(rc, lcl->lockedRels)
		{
			RangeVar   *rv = lfirst(rc);
			int			found = 0;
			ListCell   *tc;

			foreach(tc, pstate->rtable)
			{
				RangeTblEntry *rte = lfirst(tc);

				if (rte->aliasname && strcmp(rte->aliasname, rv->relname) == 0 && rte->inFromCl)
				{
					if (rte->rtekind != RTE_RELATION)
						ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
								errmsg("%s cannot be applied to this kind of FROM item", what),
								parser_errposition(pstate, rv->location));
					found = foreach_current_index(tc) + 1;
				}
			}
			if (found == 0)
				ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
						errmsg("relation \"%s\" in %s clause not found in FROM clause",
							   rv->relname, what),
						parser_errposition(pstate, rv->location));
			mark_rel_for_lock(q, found);
		}
	}
}

static Query *
transform_values(ParseState *pstate, SelectStmt *stmt, Query *q)
{
	List	   *lists = NIL;
	ListCell   *lc;
	RangeTblEntry *rte;
	int			rtindex;

	foreach(lc, stmt->valuesLists)
	{
		List	   *row = NIL;
		ListCell   *c;

		foreach(c, (List *) lfirst(lc))
			row = lappend(row, transform_expr(pstate, lfirst(c), EXPR_KIND_VALUES));
		lists = lappend(lists, row);
	}
	rte = make_values_rte(pstate, lists, NIL);
	add_rte(pstate, rte, &rtindex);
	add_namespace_item(pstate, rte, rtindex, false, true);
	foreach(lc, rte->colnames)
	{
		int			attno = foreach_current_index(lc) + 1;

		q->targetList = lappend(q->targetList,
								makeTargetEntry((Expr *) make_var_for_rte(pstate, rte, rtindex,
																		  attno, 0, -1),
												attno, strVal(lfirst(lc)), false));
	}
	{
		RangeTblRef *rtr = makeNode(RangeTblRef);

		rtr->rtindex = rtindex;
		q->jointree = make_from_expr(list_make1(rtr), NULL);
	}
	q->sortClause = transform_sort_clause(pstate, stmt->sortClause, &q->targetList,
										  EXPR_KIND_ORDER_BY);
	transform_limits(pstate, stmt, q);
	q->isValuesOnly = true;
	return q;
}

/* ---- set operations ---- */

typedef struct SetOpLeafInfo
{
	List	   *leaves;			/* RangeTblEntry list (leaf subqueries) */
} SetOpLeafInfo;

static Node *
transform_setop_tree(ParseState *pstate, SelectStmt *stmt, List **coltypes,
					 SetOpLeafInfo *info)
{
	if (stmt->op == SETOP_NONE)
	{
		ParseState *child = make_parsestate(pstate, pstate->query_text, pstate->params);
		RangeTblEntry *rte = makeNode(RangeTblEntry);
		RangeTblRef *rtr = makeNode(RangeTblRef);
		ListCell   *lc;
		int			rtindex;

		child->is_setop_leaf = true;
		rte->rtekind = RTE_SUBQUERY;
		rte->subquery = transform_select_stmt(child, stmt);
		rte->aliasname = psprintf("*SELECT* %d", list_length(pstate->rtable) + 1);
		rte->inFromCl = false;
		foreach(lc, rte->subquery->targetList)
		{
			TargetEntry *tle = lfirst(lc);

			if (tle->resjunk)
				continue;
			rte->colnames = lappend(rte->colnames, makeString(tle->resname));
			rte->coltypes = lappend_oid(rte->coltypes, exprType((Node *) tle->expr));
			rte->coltypmods = lappend_int(rte->coltypmods, -1);
		}
		*coltypes = list_copy(rte->coltypes);
		add_rte(pstate, rte, &rtindex);
		info->leaves = lappend(info->leaves, rte);
		rtr->rtindex = rtindex;
		return (Node *) rtr;
	}
	else
	{
		SetOpTree  *op = makeNode(SetOpTree);
		List	   *ltypes;
		List	   *rtypes;
		const char *context = stmt->op == SETOP_UNION ? "UNION" :
			stmt->op == SETOP_INTERSECT ? "INTERSECT" : "EXCEPT";
		ListCell   *l;
		ListCell   *r;

		op->op = stmt->op;
		op->all = stmt->all;
		op->larg = transform_setop_tree(pstate, stmt->larg, &ltypes, info);
		op->rarg = transform_setop_tree(pstate, stmt->rarg, &rtypes, info);
		if (list_length(ltypes) != list_length(rtypes))
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("each %s query must have the same number of columns", context));
		forboth(l, ltypes, r, rtypes)
		{
			Oid			pair[2] = {lfirst_oid(l), lfirst_oid(r)};
			Oid			t = select_common_type(2, pair, context);

			op->coltypes = lappend_oid(op->coltypes, t);
			op->coltypmods = lappend_int(op->coltypmods, -1);
		}
		*coltypes = op->coltypes;
		return (Node *) op;
	}
}

/* Coerce every leaf's output columns to the set operation's column types. */
static void
coerce_setop_leaves(ParseState *pstate, SetOpLeafInfo *info, List *coltypes)
{
	ListCell   *lc;

	foreach(lc, info->leaves)
	{
		RangeTblEntry *rte = lfirst(lc);
		ListCell   *tl;
		int			col = 0;

		foreach(tl, rte->subquery->targetList)
		{
			TargetEntry *tle = lfirst(tl);
			Oid			target;

			if (tle->resjunk)
				continue;
			target = list_nth_oid(coltypes, col);
			if (exprType((Node *) tle->expr) != target)
				tle->expr = coerce_or_error(pstate, tle->expr, target, -1, COERCION_IMPLICIT,
											exprLocation((Node *) tle->expr));
			list_nth_cell(rte->coltypes, col)->oid_value = target;
			col++;
		}
	}
}

static Query *
transform_setop(ParseState *pstate, SelectStmt *stmt, Query *q)
{
	SetOpLeafInfo info = {NIL};
	List	   *coltypes;
	SelectStmt	top = *stmt;
	RangeTblEntry *first;
	ListCell   *lc;

	if (stmt->lockingClause != NIL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT"));
	top.sortClause = NIL;
	top.limitCount = NULL;
	top.limitOffset = NULL;
	top.withClause = NULL;
	q->setOperations = transform_setop_tree(pstate, &top, &coltypes, &info);
	for (int i = 0; i < list_length(coltypes); i++)
	{
		if (list_nth_oid(coltypes, i) == UNKNOWNOID)
			list_nth_cell(coltypes, i)->oid_value = TEXTOID;
	}
	coerce_setop_leaves(pstate, &info, coltypes);
	first = linitial(info.leaves);
	foreach(lc, first->colnames)
	{
		int			attno = foreach_current_index(lc) + 1;
		Var		   *v = makeVar(1, attno, list_nth_oid(coltypes, attno - 1), -1, 0);
		TargetEntry *tle = makeTargetEntry((Expr *) v, attno, strVal(lfirst(lc)), false);

		/* the leftmost leaf is rtable entry 1 */
		q->targetList = lappend(q->targetList, tle);
	}
	{
		int			i = 0;

		foreach(lc, pstate->rtable)
		{
			if (lfirst(lc) == first)
				break;
			i++;
		}
		foreach(lc, q->targetList)
		{
			TargetEntry *tle = lfirst(lc);

			((Var *) tle->expr)->varno = ((Var *) tle->expr)->orig_varno = i + 1;
		}
	}
	q->sortClause = transform_sort_clause(pstate, stmt->sortClause, &q->targetList,
										  EXPR_KIND_ORDER_BY);
	foreach(lc, q->targetList)
	{
		if (((TargetEntry *) lfirst(lc))->resjunk)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("invalid UNION/INTERSECT/EXCEPT ORDER BY clause"),
					errdetail("Only result column names can be used, not expressions or functions."));
	}
	transform_limits(pstate, stmt, q);
	q->jointree = make_from_expr(NIL, NULL);
	return q;
}

Query *
transform_select_stmt(ParseState *pstate, SelectStmt *stmt)
{
	Query	   *q = makeNode(Query);

	q->commandType = CMD_SELECT;
	transform_with_clause(pstate, stmt->withClause, q);
	if (stmt->intoClause != NULL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("SELECT ... INTO is not allowed here"));
	if (stmt->op != SETOP_NONE)
		transform_setop(pstate, stmt, q);
	else if (stmt->valuesLists != NIL)
		transform_values(pstate, stmt, q);
	else
		transform_plain_select(pstate, stmt, q);
	q->rtable = pstate->rtable;
	return q;
}

Query *
transform_stmt(ParseState *pstate, Node *stmt)
{
	switch (nodeTag(stmt))
	{
		case T_SelectStmt:
			return transform_select_stmt(pstate, (SelectStmt *) stmt);
		case T_InsertStmt:
			return transform_insert_stmt(pstate, (InsertStmt *) stmt);
		case T_UpdateStmt:
			return transform_update_stmt(pstate, (UpdateStmt *) stmt);
		case T_DeleteStmt:
			return transform_delete_stmt(pstate, (DeleteStmt *) stmt);
		default:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("statement type %s cannot be analyzed",
						   node_tag_name(nodeTag(stmt)) ? node_tag_name(nodeTag(stmt)) : "?"));
	}
	return NULL;
}

/* ------------------------------------------------------------------------
 * Entry points
 * ------------------------------------------------------------------------
 */
static bool
fix_params_walker(Node *node, void *ctx)
{
	ParamTypes *params = (ParamTypes *) ctx;

	if (node == NULL)
		return false;
	if (IsA(node, Param))
	{
		Param	   *p = (Param *) node;

		if (p->paramkind == PARAM_EXTERN && p->paramtype == UNKNOWNOID &&
			p->paramid <= params->ntypes && params->types[p->paramid - 1] != InvalidOid)
			p->paramtype = params->types[p->paramid - 1];
		return false;
	}
	return expression_tree_walker(node, fix_params_walker, ctx);
}

Query *
analyze_statement(Node *stmt, const char *query_text, ParamTypes *params)
{
	ParseState *pstate = make_parsestate(NULL, query_text, params);
	Query	   *q = transform_stmt(pstate, stmt);

	if (params != NULL && params->ntypes > 0)
	{
		query_expression_walker(q, fix_params_walker, params, true);
		check_params_resolved(pstate);
	}
	return q;
}

List *
analyze_result_columns(const Query *query)
{
	List	   *names = NIL;
	ListCell   *lc;

	foreach(lc, query->targetList)
	{
		TargetEntry *tle = lfirst(lc);

		if (!tle->resjunk)
			names = lappend(names, tle->resname);
	}
	return names;
}
