/*-------------------------------------------------------------------------
 * parse_target.c
 *	  Target lists: `*` and `t.*` expansion, result column names as
 *	  PostgreSQL chooses them, column origins for RowDescription.
 *
 * Column names (PostgreSQL's FigureColname): a column reference gives its
 * column name, a function call its function name, a cast the name of its
 * argument or else the type name ("int4"), CASE its ELSE branch's name or
 * "case", COALESCE/GREATEST/LEAST/NULLIF their keyword, EXISTS "exists",
 * a scalar subquery its single column's name, special functions their
 * SQL name ("current_timestamp"); anything else "?column?".
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/analyze_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

static const char *
svf_name(SQLValueFunctionOp op)
{
	switch (op)
	{
		case SVFOP_CURRENT_DATE:
			return "current_date";
		case SVFOP_CURRENT_TIME:
		case SVFOP_CURRENT_TIME_N:
			return "current_time";
		case SVFOP_CURRENT_TIMESTAMP:
		case SVFOP_CURRENT_TIMESTAMP_N:
			return "current_timestamp";
		case SVFOP_LOCALTIME:
		case SVFOP_LOCALTIME_N:
			return "localtime";
		case SVFOP_LOCALTIMESTAMP:
		case SVFOP_LOCALTIMESTAMP_N:
			return "localtimestamp";
		case SVFOP_CURRENT_ROLE:
			return "current_role";
		case SVFOP_CURRENT_USER:
			return "current_user";
		case SVFOP_USER:
			return "user";
		case SVFOP_SESSION_USER:
			return "session_user";
		case SVFOP_CURRENT_CATALOG:
			return "current_catalog";
		case SVFOP_CURRENT_SCHEMA:
			return "current_schema";
	}
	return "?column?";
}

/* Returns the name's strength: 0 none, 1 weak (type name, "case"), 2 strong. */
static int
figure_colname_internal(Node *node, const char **name)
{
	if (node == NULL)
		return 0;
	switch (nodeTag(node))
	{
		case T_ColumnRef:
			{
				Node	   *last = llast(((ColumnRef *) node)->fields);

				if (IsA(last, String))
				{
					*name = strVal(last);
					return 2;
				}
				return 0;
			}
		case T_FuncCall:
			*name = strVal(llast(((FuncCall *) node)->funcname));
			return 2;
		case T_A_Expr:
			if (((A_Expr *) node)->kind == AEXPR_NULLIF)
			{
				*name = "nullif";
				return 2;
			}
			return 0;
		case T_TypeCast:
			{
				int			strength = figure_colname_internal(((TypeCast *) node)->arg, name);

				if (strength <= 1)
				{
					TypeName   *tn = ((TypeCast *) node)->typeName;

					*name = strVal(llast(tn->names));
					return 1;
				}
				return strength;
			}
		case T_CollateClause:
			return figure_colname_internal(((CollateClause *) node)->arg, name);
		case T_CaseExpr:
			{
				int			strength = figure_colname_internal(((CaseExpr *) node)->defresult,
															   name);

				if (strength <= 1)
				{
					*name = "case";
					return 1;
				}
				return strength;
			}
		case T_CoalesceExpr:
			*name = "coalesce";
			return 2;
		case T_MinMaxExpr:
			*name = ((MinMaxExpr *) node)->op == IS_GREATEST ? "greatest" : "least";
			return 2;
		case T_SQLValueFunction:
			*name = svf_name(((SQLValueFunction *) node)->op);
			return 2;
		case T_RowExpr:
			*name = "row";
			return 2;
		case T_A_ArrayExpr:
			*name = "array";
			return 2;
		case T_GroupingFunc:
			*name = "grouping";
			return 2;
		case T_SubLink:
			{
				SubLink    *s = (SubLink *) node;

				if (s->subLinkType == EXISTS_SUBLINK)
				{
					*name = "exists";
					return 2;
				}
				if (s->subLinkType == ARRAY_SUBLINK)
				{
					*name = "array";
					return 2;
				}
				if (s->subLinkType == EXPR_SUBLINK && IsA(s->subselect, SelectStmt))
				{
					SelectStmt *sel = (SelectStmt *) s->subselect;

					while (sel->op != SETOP_NONE && sel->larg)
						sel = sel->larg;
					if (sel->targetList)
					{
						ResTarget  *rt = linitial(sel->targetList);

						if (rt->name)
						{
							*name = rt->name;
							return 2;
						}
						return figure_colname_internal(rt->val, name);
					}
				}
				return 0;
			}
		default:
			return 0;
	}
}

char *
figure_colname(Node *node)
{
	const char *name = NULL;

	if (figure_colname_internal(node, &name) > 0 && name != NULL)
		return pstrdup(name);
	return pstrdup("?column?");
}

void
mark_target_origin(ParseState *pstate, TargetEntry *tle)
{
	if (tle->expr && IsA(tle->expr, Var))
	{
		Oid			tbl;
		int			col;

		var_origin(pstate, (Var *) tle->expr, &tbl, &col);
		tle->resorigtbl = tbl;
		tle->resorigcol = col;
	}
}

static List *
expand_star(ParseState *pstate, ColumnRef *cref, List *result)
{
	int			nfields = list_length(cref->fields);
	List	   *items = NIL;
	ListCell   *lc;

	if (nfields == 1)
	{
		foreach(lc, pstate->namespace)
		{
			NsItem	   *ns = lfirst(lc);

			if (ns->cols_visible)
				items = lappend(items, ns);
		}
		if (items == NIL)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("SELECT * with no tables specified is not valid"),
					parser_errposition(pstate, cref->location));
	}
	else
	{
		const char *relname = strVal(list_nth(cref->fields, nfields - 2));
		const char *schema = nfields >= 3 ? strVal(list_nth(cref->fields, nfields - 3)) : NULL;
		int			levelsup;
		NsItem	   *ns = find_ns_item_by_name(pstate, schema, relname, cref->location,
											  &levelsup);

		if (ns == NULL)
			error_missing_rte(pstate, relname, cref->location);
		if (levelsup > 0)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("outer-level \"*\" references are not supported"),
					parser_errposition(pstate, cref->location));
		items = list_make1(ns);
	}
	foreach(lc, items)
	{
		List	   *names = NIL;
		List	   *tbls = NIL;
		List	   *cols = NIL;
		List	   *exprs = expand_ns_item_star(pstate, lfirst(lc), 0, cref->location,
												&names, &tbls, &cols);
		ListCell   *e;

		foreach(e, exprs)
		{
			int			i = foreach_current_index(e);
			TargetEntry *tle = makeTargetEntry(lfirst(e), list_length(result) + 1,
											   pstrdup(list_nth(names, i)), false);

			tle->resorigtbl = list_nth_oid(tbls, i);
			tle->resorigcol = list_nth_int(cols, i);
			if (tle->resorigtbl == InvalidOid)
				mark_target_origin(pstate, tle);
			result = lappend(result, tle);
		}
	}
	return result;
}

List *
transform_target_list(ParseState *pstate, List *targetlist, ExprKind kind)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, targetlist)
	{
		ResTarget  *rt = lfirst(lc);
		TargetEntry *tle;
		Expr	   *expr;

		if (IsA(rt->val, ColumnRef) && IsA(llast(((ColumnRef *) rt->val)->fields), A_Star))
		{
			result = expand_star(pstate, (ColumnRef *) rt->val, result);
			continue;
		}
		expr = transform_expr(pstate, rt->val, kind);
		tle = makeTargetEntry(expr, list_length(result) + 1,
							  rt->name ? pstrdup(rt->name) : figure_colname(rt->val), false);
		mark_target_origin(pstate, tle);
		result = lappend(result, tle);
	}
	return result;
}

void
resolve_target_list_unknowns(ParseState *pstate, List *targetlist)
{
	ListCell   *lc;

	foreach(lc, targetlist)
	{
		TargetEntry *tle = lfirst(lc);

		if (exprType((Node *) tle->expr) == UNKNOWNOID)
			tle->expr = coerce_unknown_to_text(pstate, tle->expr);
	}
}
