/*-------------------------------------------------------------------------
 * parse_clause.c
 *	  FROM (tables, joins, subqueries, functions), WHERE, ORDER BY,
 *	  GROUP BY, DISTINCT [ON], LIMIT/OFFSET and VALUES lists.
 *
 * FROM items are added to the range table and the namespace in written
 * order; a subquery in FROM (not LATERAL) cannot see the FROM items of its
 * own level, so the namespace is hidden while it is analyzed; a function
 * in FROM is implicitly LATERAL, as in PostgreSQL.  ORDER BY and GROUP BY items refer to target entries
 * (PostgreSQL's rules: an integer is an output position; in ORDER BY a
 * bare name matches an output column first, in GROUP BY an input column
 * first; anything else is matched by expression, or added as a resjunk
 * entry).
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/analyze_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* ------------------------------------------------------------------------
 * FROM
 * ------------------------------------------------------------------------
 */
static Node *transform_from_item(ParseState *pstate, Node *item, RangeTblEntry **rte_out,
								 int *rtindex_out);

static Node *
make_rtr(int rtindex)
{
	RangeTblRef *r = makeNode(RangeTblRef);

	r->rtindex = rtindex;
	return (Node *) r;
}

static Node *
transform_range_subselect(ParseState *pstate, RangeSubselect *rs, RangeTblEntry **rte_out,
						  int *rtindex_out)
{
	List	   *save_ns = pstate->namespace;
	ParseState *child;
	Query	   *q;
	RangeTblEntry *rte;
	ListCell   *lc;

	if (!rs->lateral)
	{
		pstate->hidden_namespace = save_ns;
		pstate->namespace = NIL;
	}
	child = make_parsestate(pstate, pstate->query_text, pstate->params);
	q = transform_select_stmt(child, (SelectStmt *) rs->subquery);
	pstate->namespace = save_ns;
	pstate->hidden_namespace = NIL;

	rte = makeNode(RangeTblEntry);
	rte->rtekind = RTE_SUBQUERY;
	rte->subquery = q;
	rte->inFromCl = true;
	rte->lateral = rs->lateral;
	foreach(lc, q->targetList)
	{
		TargetEntry *tle = lfirst(lc);

		if (tle->resjunk)
			continue;
		rte->colnames = lappend(rte->colnames, makeString(tle->resname));
		rte->coltypes = lappend_oid(rte->coltypes, exprType((Node *) tle->expr));
		rte->coltypmods = lappend_int(rte->coltypmods, exprTypmod((Node *) tle->expr));
	}
	rte->aliasname = rs->alias ? rs->alias->aliasname : NULL;
	if (rs->alias)
	{
		Alias		a = *rs->alias;
		List	   *names = NIL;

		foreach(lc, rte->colnames)
		{
			int			i = foreach_current_index(lc);

			names = lappend(names, i < list_length(a.colnames) ? list_nth(a.colnames, i) :
							lfirst(lc));
		}
		if (list_length(a.colnames) > list_length(rte->colnames))
			ereport(ERROR, errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
					errmsg("table \"%s\" has %d columns available but %d columns specified",
						   a.aliasname, list_length(rte->colnames), list_length(a.colnames)));
		rte->colnames = names;
	}
	add_rte(pstate, rte, rtindex_out);
	add_namespace_item(pstate, rte, *rtindex_out, rte->aliasname != NULL, true);
	*rte_out = rte;
	return make_rtr(*rtindex_out);
}

static Node *
transform_range_function(ParseState *pstate, RangeFunction *rf, RangeTblEntry **rte_out,
						 int *rtindex_out)
{
	List	   *save_ns = pstate->namespace;
	List	   *pair;
	Node	   *raw;
	Expr	   *expr;
	RangeTblEntry *rte;
	char	   *colname;
	bool		save_srfs = pstate->hasSrfs;

	if (list_length(rf->functions) != 1 || rf->coldeflist != NIL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("ROWS FROM and column definition lists are not supported"));
	pair = linitial(rf->functions);
	raw = linitial(pair);
	if (list_length(pair) > 1 && lsecond(pair) != NULL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("column definition lists are not supported"));
	/* a function in FROM may reference earlier FROM items (implicitly LATERAL) */
	expr = transform_expr(pstate, raw, EXPR_KIND_FROM_FUNCTION);
	pstate->namespace = save_ns;
	pstate->hasSrfs = save_srfs;
	if (expr_contains_aggs((Node *) expr))
		ereport(ERROR, errcode(ERRCODE_GROUPING_ERROR),
				errmsg("aggregate functions are not allowed in functions in FROM"),
				parser_errposition(pstate, exprLocation((Node *) expr)));
	expr = coerce_unknown_to_text(pstate, expr);

	rte = makeNode(RangeTblEntry);
	rte->rtekind = RTE_FUNCTION;
	rte->funcexpr = expr;
	rte->funcordinality = rf->ordinality;
	rte->inFromCl = true;
	rte->lateral = rf->lateral;
	colname = figure_colname(raw);
	if (rf->alias && rf->alias->colnames)
		colname = strVal(linitial(rf->alias->colnames));
	else if (rf->alias)
		colname = rf->alias->aliasname;
	rte->colnames = list_make1(makeString(colname));
	rte->coltypes = list_make1_oid(exprType((Node *) expr));
	rte->coltypmods = list_make1_int(-1);
	if (rf->ordinality)
	{
		char	   *oname = "ordinality";

		if (rf->alias && list_length(rf->alias->colnames) > 1)
			oname = strVal(lsecond(rf->alias->colnames));
		rte->colnames = lappend(rte->colnames, makeString(oname));
		rte->coltypes = lappend_oid(rte->coltypes, INT8OID);
		rte->coltypmods = lappend_int(rte->coltypmods, -1);
	}
	rte->aliasname = rf->alias ? rf->alias->aliasname : figure_colname(raw);
	add_rte(pstate, rte, rtindex_out);
	add_namespace_item(pstate, rte, *rtindex_out, true, true);
	*rte_out = rte;
	return make_rtr(*rtindex_out);
}

/* Visible column names of the namespace items added in [from, to). */
static List *
ns_range_columns(ParseState *pstate, int from, int to, List **exprs)
{
	List	   *names = NIL;

	for (int i = from; i < to; i++)
	{
		NsItem	   *ns = list_nth(pstate->namespace, i);
		List	   *tbls = NIL;
		List	   *cols = NIL;

		if (!ns->cols_visible)
			continue;
		*exprs = list_concat(*exprs, expand_ns_item_star(pstate, ns, 0, -1, &names, &tbls,
														 &cols));
	}
	return names;
}

static int
name_index(List *names, const char *name, int *count)
{
	ListCell   *lc;
	int			found = -1;

	*count = 0;
	foreach(lc, names)
	{
		if (strcmp((char *) lfirst(lc), name) == 0)
		{
			if (found < 0)
				found = foreach_current_index(lc);
			(*count)++;
		}
	}
	return found;
}

static List *
natural_join_columns(List *lnames, List *rnames)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, lnames)
	{
		int			cnt;

		if (name_index(rnames, lfirst(lc), &cnt) >= 0)
			result = lappend(result, makeString(lfirst(lc)));
	}
	return result;
}

typedef struct JoinCols
{
	List	   *lnames;
	List	   *lexprs;
	List	   *rnames;
	List	   *rexprs;
} JoinCols;

/* Build the USING equality condition and the merged columns. */
static Expr *
transform_using(ParseState *pstate, JoinExpr *j, List *using, JoinCols *jc, RangeTblEntry *jrte,
				List **lused, List **rused)
{
	List	   *quals = NIL;
	ListCell   *lc;

	foreach(lc, using)
	{
		const char *name = strVal(lfirst(lc));
		int			cnt;
		int			li = name_index(jc->lnames, name, &cnt);
		int			ri;
		Expr	   *l;
		Expr	   *r;
		Expr	   *merged;

		if (li < 0)
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_COLUMN),
					errmsg("column \"%s\" specified in USING clause does not exist in left table",
						   name));
		if (cnt > 1)
			ereport(ERROR, errcode(ERRCODE_AMBIGUOUS_COLUMN),
					errmsg("common column name \"%s\" appears more than once in left table", name));
		ri = name_index(jc->rnames, name, &cnt);
		if (ri < 0)
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_COLUMN),
					errmsg("column \"%s\" specified in USING clause does not exist in right table",
						   name));
		if (cnt > 1)
			ereport(ERROR, errcode(ERRCODE_AMBIGUOUS_COLUMN),
					errmsg("common column name \"%s\" appears more than once in right table", name));
		*lused = lappend_int(*lused, li);
		*rused = lappend_int(*rused, ri);
		l = list_nth(jc->lexprs, li);
		r = list_nth(jc->rexprs, ri);
		quals = lappend(quals, make_operator(pstate, list_make1(makeString("=")),
											 expr_copy(l), expr_copy(r), -1));
		if (j->jointype == JOIN_FULL)
		{
			CoalesceExpr *c = makeNode(CoalesceExpr);
			List	   *args = list_make2(expr_copy(l), expr_copy(r));
			Oid			type = common_type_of(pstate, args, "JOIN/USING");

			c->args = NIL;
			c->args = lappend(c->args, coerce_or_error(pstate, linitial(args), type, -1,
													   COERCION_IMPLICIT, -1));
			c->args = lappend(c->args, coerce_or_error(pstate, lsecond(args), type, -1,
													   COERCION_IMPLICIT, -1));
			c->coalescetype = type;
			c->location = -1;
			merged = (Expr *) c;
		}
		else
			merged = expr_copy(j->jointype == JOIN_RIGHT ? r : l);
		jrte->colnames = lappend(jrte->colnames, makeString((char *) name));
		jrte->coltypes = lappend_oid(jrte->coltypes, exprType((Node *) merged));
		jrte->coltypmods = lappend_int(jrte->coltypmods, exprTypmod((Node *) merged));
		jrte->joinaliasvars = lappend(jrte->joinaliasvars, merged);
	}
	if (quals == NIL)
		return NULL;
	if (list_length(quals) == 1)
		return linitial(quals);
	{
		BoolExpr   *b = makeNode(BoolExpr);

		b->boolop = AND_EXPR;
		b->args = quals;
		b->location = -1;
		return (Expr *) b;
	}
}

static void
add_join_columns(RangeTblEntry *jrte, List *names, List *exprs, List *used)
{
	ListCell   *lc;

	foreach(lc, names)
	{
		int			i = foreach_current_index(lc);
		Expr	   *e = list_nth(exprs, i);

		if (list_member_int(used, i))
			continue;
		jrte->colnames = lappend(jrte->colnames, makeString(lfirst(lc)));
		jrte->coltypes = lappend_oid(jrte->coltypes, exprType((Node *) e));
		jrte->coltypmods = lappend_int(jrte->coltypmods, exprTypmod((Node *) e));
		jrte->joinaliasvars = lappend(jrte->joinaliasvars, expr_copy(e));
	}
}

static Node *
transform_join(ParseState *pstate, JoinExpr *j, RangeTblEntry **rte_out, int *rtindex_out)
{
	JoinTreeExpr *jt = makeNode(JoinTreeExpr);
	RangeTblEntry *jrte = makeNode(RangeTblEntry);
	RangeTblEntry *dummy;
	int			dummy_index;
	int			start = list_length(pstate->namespace);
	int			mid;
	int			end;
	JoinCols	jc = {NIL, NIL, NIL, NIL};
	List	   *lused = NIL;
	List	   *rused = NIL;
	List	   *using = j->usingClause;

	jt->jointype = j->jointype;
	jt->larg = transform_from_item(pstate, j->larg, &dummy, &dummy_index);
	mid = list_length(pstate->namespace);
	jt->rarg = transform_from_item(pstate, j->rarg, &dummy, &dummy_index);
	end = list_length(pstate->namespace);
	jc.lnames = ns_range_columns(pstate, start, mid, &jc.lexprs);
	jc.rnames = ns_range_columns(pstate, mid, end, &jc.rexprs);

	jrte->rtekind = RTE_JOIN;
	jrte->jointype = j->jointype;
	if (j->isNatural)
		using = natural_join_columns(jc.lnames, jc.rnames);
	if (using != NIL || j->isNatural)
		jt->quals = transform_using(pstate, j, using, &jc, jrte, &lused, &rused);
	else if (j->quals != NULL)
		jt->quals = transform_where_clause(pstate, j->quals, EXPR_KIND_JOIN_ON, "JOIN/ON");
	add_join_columns(jrte, jc.lnames, jc.lexprs, lused);
	add_join_columns(jrte, jc.rnames, jc.rexprs, rused);

	/* the inputs' columns are now reached through the join */
	for (int i = start; i < end; i++)
	{
		NsItem	   *ns = list_nth(pstate->namespace, i);

		ns->cols_visible = false;
		if (j->alias != NULL)
			ns->rel_visible = false;
	}
	if (j->alias)
	{
		jrte->aliasname = j->alias->aliasname;
		if (j->alias->colnames)
		{
			List	   *names = NIL;
			ListCell   *lc;

			foreach(lc, jrte->colnames)
			{
				int			i = foreach_current_index(lc);

				names = lappend(names, i < list_length(j->alias->colnames) ?
								list_nth(j->alias->colnames, i) : lfirst(lc));
			}
			jrte->colnames = names;
		}
	}
	add_rte(pstate, jrte, rtindex_out);
	jt->rtindex = *rtindex_out;
	add_namespace_item(pstate, jrte, *rtindex_out, j->alias != NULL, true);
	*rte_out = jrte;
	return (Node *) jt;
}

static Node *
transform_from_item(ParseState *pstate, Node *item, RangeTblEntry **rte_out, int *rtindex_out)
{
	switch (nodeTag(item))
	{
		case T_RangeVar:
			*rte_out = add_rte_for_relation(pstate, (RangeVar *) item, true, rtindex_out);
			return make_rtr(*rtindex_out);
		case T_RangeSubselect:
			return transform_range_subselect(pstate, (RangeSubselect *) item, rte_out,
											 rtindex_out);
		case T_RangeFunction:
			return transform_range_function(pstate, (RangeFunction *) item, rte_out,
											rtindex_out);
		case T_JoinExpr:
			return transform_join(pstate, (JoinExpr *) item, rte_out, rtindex_out);
		default:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("unsupported FROM item"));
	}
	return NULL;
}

List *
transform_from_clause_list(ParseState *pstate, List *from)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, from)
	{
		RangeTblEntry *rte;
		int			rtindex;

		result = lappend(result, transform_from_item(pstate, lfirst(lc), &rte, &rtindex));
	}
	return result;
}

void
transform_from_clause(ParseState *pstate, List *from)
{
	(void) transform_from_clause_list(pstate, from);
}

Expr *
transform_where_clause(ParseState *pstate, Node *clause, ExprKind kind,
					   const char *constructName)
{
	Expr	   *e;

	if (clause == NULL)
		return NULL;
	e = transform_expr(pstate, clause, kind);
	return coerce_to_boolean(pstate, e, constructName);
}

/* ------------------------------------------------------------------------
 * ORDER BY / GROUP BY / DISTINCT
 * ------------------------------------------------------------------------
 */
static int
max_sortgroupref(List *targetlist)
{
	int			max = 0;
	ListCell   *lc;

	foreach(lc, targetlist)
		max = Max(max, ((TargetEntry *) lfirst(lc))->ressortgroupref);
	return max;
}

static void
assign_sortgroupref(TargetEntry *tle, List *targetlist)
{
	if (tle->ressortgroupref == 0)
		tle->ressortgroupref = max_sortgroupref(targetlist) + 1;
}

static TargetEntry *
find_tle_by_position(ParseState *pstate, List *targetlist, A_Const *ac, const char *clause)
{
	int			pos = intVal(ac->val);
	ListCell   *lc;
	int			n = 0;

	foreach(lc, targetlist)
	{
		TargetEntry *tle = lfirst(lc);

		if (tle->resjunk)
			continue;
		if (++n == pos)
			return tle;
	}
	ereport(ERROR, errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
			errmsg("%s position %d is not in select list", clause, pos),
			parser_errposition(pstate, ac->location));
	return NULL;
}

/*
 * Find the target entry an ORDER BY / GROUP BY / DISTINCT ON item refers
 * to, adding a resjunk entry when needed.
 */
static TargetEntry *
find_target_entry(ParseState *pstate, Node *node, List **targetlist, ExprKind kind)
{
	const char *clause = kind == EXPR_KIND_GROUP_BY ? "GROUP BY" :
		kind == EXPR_KIND_DISTINCT_ON ? "SELECT DISTINCT ON" : "ORDER BY";
	ListCell   *lc;
	Expr	   *expr;
	TargetEntry *tle;

	if (IsA(node, A_Const) && !((A_Const *) node)->isnull &&
		IsA(((A_Const *) node)->val, Integer))
		return find_tle_by_position(pstate, *targetlist, (A_Const *) node, clause);

	if (IsA(node, ColumnRef) && list_length(((ColumnRef *) node)->fields) == 1 &&
		IsA(linitial(((ColumnRef *) node)->fields), String))
	{
		const char *name = strVal(linitial(((ColumnRef *) node)->fields));
		TargetEntry *found = NULL;
		bool		input_match = false;

		if (kind == EXPR_KIND_GROUP_BY)
		{
			/* GROUP BY prefers an input column of that name */
			volatile bool ok = true;

			ELOG_TRY();
			{
				(void) column_ref_to_expr(pstate, (ColumnRef *) node);
			}
			ELOG_CATCH();
			{
				elog_flush_error();
				ok = false;
			}
			ELOG_END_TRY();
			input_match = ok;
		}
		if (!input_match)
		{
			foreach(lc, *targetlist)
			{
				TargetEntry *t = lfirst(lc);

				if (t->resjunk || t->resname == NULL || strcmp(t->resname, name) != 0)
					continue;
				if (found != NULL && !expr_equal(found->expr, t->expr))
					ereport(ERROR, errcode(ERRCODE_AMBIGUOUS_COLUMN),
							errmsg("%s \"%s\" is ambiguous", clause, name),
							parser_errposition(pstate, ((ColumnRef *) node)->location));
				if (found == NULL)
					found = t;
			}
			if (found)
				return found;
		}
	}
	expr = transform_expr(pstate, node, kind);
	foreach(lc, *targetlist)
	{
		TargetEntry *t = lfirst(lc);

		if (expr_equal(t->expr, expr))
			return t;
	}
	tle = makeTargetEntry(expr, list_length(*targetlist) + 1, NULL, true);
	*targetlist = lappend(*targetlist, tle);
	return tle;
}

static SortGroupClause *
make_sortgroup(ParseState *pstate, TargetEntry *tle, List *targetlist, bool desc,
			   SortByNulls nulls, int location)
{
	SortGroupClause *sgc = makeNode(SortGroupClause);
	Oid			type;

	if (exprType((Node *) tle->expr) == UNKNOWNOID)
		tle->expr = coerce_unknown_to_text(pstate, tle->expr);
	type = exprType((Node *) tle->expr);
	if (type_get(type)->compare == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_FUNCTION),
				errmsg("could not identify an ordering operator for type %s",
					   type_sql_name(type)),
				errhint("Use an explicit ordering operator or modify the query."),
				parser_errposition(pstate, location));
	assign_sortgroupref(tle, targetlist);
	sgc->tleSortGroupRef = tle->ressortgroupref;
	sgc->sorttype = type;
	sgc->descending = desc;
	if (nulls == SORTBY_NULLS_DEFAULT)
		sgc->nulls_first = desc;
	else
		sgc->nulls_first = nulls == SORTBY_NULLS_FIRST;
	return sgc;
}

static bool
sortgroup_member(List *list, int ref)
{
	ListCell   *lc;

	foreach(lc, list)
	{
		if (((SortGroupClause *) lfirst(lc))->tleSortGroupRef == ref)
			return true;
	}
	return false;
}

TargetEntry *
find_or_add_target_entry(ParseState *pstate, Expr *expr, List **targetlist)
{
	ListCell   *lc;
	TargetEntry *tle;

	(void) pstate;
	foreach(lc, *targetlist)
	{
		TargetEntry *t = lfirst(lc);

		if (expr_equal(t->expr, expr))
			return t;
	}
	tle = makeTargetEntry(expr, list_length(*targetlist) + 1, NULL, true);
	*targetlist = lappend(*targetlist, tle);
	return tle;
}

SortGroupClause *
make_sort_group_clause(ParseState *pstate, TargetEntry *tle, List *targetlist, bool desc,
					   SortByNulls nulls, int location)
{
	return make_sortgroup(pstate, tle, targetlist, desc, nulls, location);
}

List *
transform_sort_clause(ParseState *pstate, List *sortlist, List **targetlist, ExprKind kind)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, sortlist)
	{
		SortBy	   *sb = lfirst(lc);
		TargetEntry *tle = find_target_entry(pstate, sb->node, targetlist, kind);
		bool		desc = sb->sortby_dir == SORTBY_DESC;

		if (sb->sortby_dir == SORTBY_USING)
		{
			const char *op = strVal(llast(sb->useOp));

			if (strcmp(op, ">") == 0)
				desc = true;
			else if (strcmp(op, "<") != 0)
				ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("ORDER BY USING %s is not supported", op),
						parser_errposition(pstate, sb->location));
		}
		if (tle->ressortgroupref != 0 && sortgroup_member(result, tle->ressortgroupref))
			continue;
		result = lappend(result, make_sortgroup(pstate, tle, *targetlist, desc,
												sb->sortby_nulls,
												exprLocation((Node *) tle->expr)));
	}
	return result;
}

List *
transform_group_clause(ParseState *pstate, List *grouplist, List **targetlist,
					   List *sortClause)
{
	List	   *result = NIL;
	ListCell   *lc;

	(void) sortClause;
	foreach(lc, grouplist)
	{
		Node	   *item = lfirst(lc);
		TargetEntry *tle;

		if (IsA(item, GroupingSet) && ((GroupingSet *) item)->kind == GROUPING_SET_EMPTY)
			continue;			/* GROUP BY (): one group, like no GROUP BY */
		if (IsA(item, GroupingSet))
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("grouping sets are not supported"),
					parser_errposition(pstate, ((GroupingSet *) item)->location));
		tle = find_target_entry(pstate, item, targetlist, EXPR_KIND_GROUP_BY);
		if (expr_contains_aggs((Node *) tle->expr))
			ereport(ERROR, errcode(ERRCODE_GROUPING_ERROR),
					errmsg("aggregate functions are not allowed in GROUP BY"),
					parser_errposition(pstate, exprLocation((Node *) tle->expr)));
		if (tle->ressortgroupref != 0 && sortgroup_member(result, tle->ressortgroupref))
			continue;
		result = lappend(result, make_sortgroup(pstate, tle, *targetlist, false,
												SORTBY_NULLS_DEFAULT,
												exprLocation((Node *) tle->expr)));
	}
	return result;
}

List *
transform_distinct_clause(ParseState *pstate, List **targetlist, List *sortClause)
{
	List	   *result = NIL;
	ListCell   *lc;

	/* ORDER BY items come first, in their order and direction */
	foreach(lc, sortClause)
	{
		SortGroupClause *sgc = lfirst(lc);
		ListCell   *tl;

		foreach(tl, *targetlist)
		{
			TargetEntry *tle = lfirst(tl);

			if (tle->ressortgroupref == sgc->tleSortGroupRef && tle->resjunk)
				ereport(ERROR, errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
						errmsg("for SELECT DISTINCT, ORDER BY expressions must appear in select list"),
						parser_errposition(pstate, exprLocation((Node *) tle->expr)));
		}
		result = lappend(result, sgc);
	}
	foreach(lc, *targetlist)
	{
		TargetEntry *tle = lfirst(lc);

		if (tle->resjunk)
			continue;
		if (tle->ressortgroupref != 0 && sortgroup_member(result, tle->ressortgroupref))
			continue;
		result = lappend(result, make_sortgroup(pstate, tle, *targetlist, false,
												SORTBY_NULLS_DEFAULT,
												exprLocation((Node *) tle->expr)));
	}
	return result;
}

List *
transform_distinct_on_clause(ParseState *pstate, List *distinctlist, List **targetlist,
							 List *sortClause)
{
	List	   *result = NIL;
	List	   *refs = NIL;
	ListCell   *lc;
	int			i = 0;

	foreach(lc, distinctlist)
	{
		TargetEntry *tle = find_target_entry(pstate, lfirst(lc), targetlist,
											 EXPR_KIND_DISTINCT_ON);

		assign_sortgroupref(tle, *targetlist);
		refs = lappend_int(refs, tle->ressortgroupref);
	}
	/* ORDER BY must start with the DISTINCT ON expressions (any order among them) */
	foreach(lc, sortClause)
	{
		SortGroupClause *sgc = lfirst(lc);

		if (i < list_length(refs))
		{
			if (!list_member_int(refs, sgc->tleSortGroupRef))
				ereport(ERROR, errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
						errmsg("SELECT DISTINCT ON expressions must match initial ORDER BY expressions"));
			result = lappend(result, sgc);
		}
		i++;
	}
	foreach(lc, refs)
	{
		int			ref = lfirst_int(lc);
		ListCell   *tl;

		if (sortgroup_member(result, ref))
			continue;
		foreach(tl, *targetlist)
		{
			TargetEntry *tle = lfirst(tl);

			if (tle->ressortgroupref == ref)
				result = lappend(result, make_sortgroup(pstate, tle, *targetlist, false,
														SORTBY_NULLS_DEFAULT, -1));
		}
	}
	return result;
}

Expr *
transform_limit_clause(ParseState *pstate, Node *clause, ExprKind kind)
{
	Expr	   *e;

	if (clause == NULL)
		return NULL;
	if (IsA(clause, A_Const) && ((A_Const *) clause)->isnull)
		return NULL;			/* LIMIT ALL / LIMIT NULL */
	e = transform_expr(pstate, clause, kind);
	e = coerce_to_specific(pstate, e, INT8OID, kind == EXPR_KIND_LIMIT ? "LIMIT" : "OFFSET");
	if (expr_contains_vars((Node *) e))
		ereport(ERROR, errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
				errmsg("argument of %s must not contain variables",
					   kind == EXPR_KIND_LIMIT ? "LIMIT" : "OFFSET"),
				parser_errposition(pstate, exprLocation((Node *) e)));
	return e;
}

/* ------------------------------------------------------------------------
 * VALUES
 * ------------------------------------------------------------------------
 */
RangeTblEntry *
make_values_rte(ParseState *pstate, List *exprsLists, List *colnames)
{
	RangeTblEntry *rte = makeNode(RangeTblEntry);
	int			ncols = list_length(linitial(exprsLists));
	List	   *newlists = NIL;
	ListCell   *lc;

	foreach(lc, exprsLists)
	{
		if (list_length(lfirst(lc)) != ncols)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("VALUES lists must all be the same length"),
					parser_errposition(pstate, exprLocation(linitial((List *) lfirst(lc)))));
		newlists = lappend(newlists, list_copy(lfirst(lc)));
	}
	for (int col = 0; col < ncols; col++)
	{
		List	   *column = NIL;
		Oid			type;

		foreach(lc, newlists)
			column = lappend(column, list_nth(lfirst(lc), col));
		type = common_type_of(pstate, column, "VALUES");
		if (type == UNKNOWNOID)
			type = TEXTOID;
		foreach(lc, newlists)
		{
			List	   *row = lfirst(lc);
			Expr	   *e = list_nth(row, col);

			list_nth_cell(row, col)->ptr_value =
				coerce_or_error(pstate, e, type, -1, COERCION_IMPLICIT, exprLocation((Node *) e));
		}
		rte->colnames = lappend(rte->colnames,
								colnames ? list_nth(colnames, col) :
								makeString(psprintf("column%d", col + 1)));
		rte->coltypes = lappend_oid(rte->coltypes, type);
		rte->coltypmods = lappend_int(rte->coltypmods, -1);
	}
	rte->rtekind = RTE_VALUES;
	rte->values_lists = newlists;
	rte->aliasname = "*VALUES*";
	rte->inFromCl = true;
	return rte;
}
