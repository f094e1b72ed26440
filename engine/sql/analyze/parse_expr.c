/*-------------------------------------------------------------------------
 * parse_expr.c
 *	  Analysis of expressions: raw expression nodes -> typed expressions.
 *
 * Every raw expression kind of parsenodes.h is handled here or rejected
 * with 0A000; function and operator calls go to parse_func.c, coercions
 * to parse_coerce.c.  Desugarings (as PostgreSQL does them):
 *	x BETWEEN a AND b     -> x >= a AND x <= b (SYMMETRIC: either order)
 *	x IN (a, b)           -> x = a OR x = b  (NOT IN: x <> a AND x <> b)
 *	CASE x WHEN v ...     -> CASE WHEN x = v ...
 *	x IS [NOT] DISTINCT FROM y, NULLIF(x, y) -> OpExpr with a kind flag
 *
 * Entry points: transform_expr (sets the expression kind),
 * transform_expr_recurse.
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/analyze_internal.h"

#include <errno.h>
#include <stdlib.h>

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

#define TIMETZOID_LOCAL 1266

const char *
expr_kind_name(ExprKind kind)
{
	switch (kind)
	{
		case EXPR_KIND_WHERE:
			return "WHERE";
		case EXPR_KIND_JOIN_ON:
			return "JOIN conditions";
		case EXPR_KIND_HAVING:
			return "HAVING";
		case EXPR_KIND_GROUP_BY:
			return "GROUP BY";
		case EXPR_KIND_ORDER_BY:
			return "ORDER BY";
		case EXPR_KIND_DISTINCT_ON:
			return "DISTINCT ON";
		case EXPR_KIND_LIMIT:
			return "LIMIT";
		case EXPR_KIND_OFFSET:
			return "OFFSET";
		case EXPR_KIND_VALUES:
			return "VALUES";
		case EXPR_KIND_INSERT_TARGET:
			return "INSERT";
		case EXPR_KIND_UPDATE_SOURCE:
			return "UPDATE";
		case EXPR_KIND_RETURNING:
			return "RETURNING";
		case EXPR_KIND_FROM_FUNCTION:
			return "functions in FROM";
		case EXPR_KIND_COLUMN_DEFAULT:
			return "DEFAULT expressions";
		case EXPR_KIND_FILTER:
			return "FILTER";
		case EXPR_KIND_WINDOW_FRAME:
			return "window frame";
		default:
			return "this context";
	}
}

Expr *
transform_expr(ParseState *pstate, Node *raw, ExprKind kind)
{
	ExprKind	save = pstate->expr_kind;
	Expr	   *result;

	pstate->expr_kind = kind;
	result = transform_expr_recurse(pstate, raw);
	pstate->expr_kind = save;
	return result;
}

/* ------------------------------------------------------------------------
 * Constants and parameters
 * ------------------------------------------------------------------------
 */
static Expr *
make_numeric_const(const char *str, int location)
{
	char	   *end;
	long long	v;

	errno = 0;
	v = strtoll(str, &end, 10);
	if (errno == 0 && *end == '\0' && end != str)
	{
		if (v >= INT32_MIN && v <= INT32_MAX)
			return (Expr *) makeConst(INT4OID, -1, Int32GetDatum((int32_t) v), false, location);
		return (Expr *) makeConst(INT8OID, -1, Int64GetDatum((int64_t) v), false, location);
	}
	return (Expr *) makeConst(NUMERICOID, -1, type_input(NUMERICOID, str, -1), false, location);
}

static Expr *
transform_const(ParseState *pstate, A_Const *ac)
{
	Node	   *val = ac->val;

	if (ac->isnull || val == NULL)
		return (Expr *) makeConst(UNKNOWNOID, -1, (Datum) 0, true, ac->location);
	switch (nodeTag(val))
	{
		case T_Integer:
			return (Expr *) makeConst(INT4OID, -1, Int32GetDatum(intVal(val)), false,
									  ac->location);
		case T_Float:
			return make_numeric_const(floatVal(val), ac->location);
		case T_String:
			return (Expr *) makeConst(UNKNOWNOID, -1, CStringGetDatum(pstrdup(strVal(val))),
									  false, ac->location);
		case T_Boolean:
			return (Expr *) makeConst(BOOLOID, -1, BoolGetDatum(boolVal(val)), false,
									  ac->location);
		default:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("bit string constants are not supported"),
					parser_errposition(pstate, ac->location));
	}
	return NULL;
}

static Expr *
transform_param(ParseState *pstate, ParamRef *pref)
{
	Param	   *p = makeNode(Param);

	p->paramkind = PARAM_EXTERN;
	p->paramid = pref->number;
	p->paramtype = param_type(pstate, pref->number, pref->location);
	p->paramtypmod = -1;
	p->location = pref->location;
	return (Expr *) p;
}

static Expr *
transform_type_cast(ParseState *pstate, TypeCast *tc)
{
	int32_t		typmod;
	Oid			target = analyze_typename(tc->typeName, pstate->query_text, &typmod);
	Expr	   *arg = transform_expr_recurse(pstate, tc->arg);
	int			location = tc->location;

	if (location < 0)
		location = tc->typeName->location;
	return coerce_or_error(pstate, arg, target, typmod, COERCION_EXPLICIT, location);
}

/* ------------------------------------------------------------------------
 * Operators
 * ------------------------------------------------------------------------
 */
static Expr *
make_bool_expr(BoolExprType op, List *args, int location)
{
	BoolExpr   *b = makeNode(BoolExpr);

	b->boolop = op;
	b->args = args;
	b->location = location;
	return (Expr *) b;
}

static Expr *
transform_distinct_op(ParseState *pstate, A_Expr *a, OpExprKind kind)
{
	Expr	   *l = transform_expr_recurse(pstate, a->lexpr);
	Expr	   *r = transform_expr_recurse(pstate, a->rexpr);
	Expr	   *op = make_operator(pstate, a->name, l, r, a->location);

	if (!IsA(op, OpExpr) || exprType((Node *) op) != BOOLOID)
		ereport(ERROR, errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg(kind == OPK_NULLIF ? "NULLIF requires = operator to yield boolean" :
					   "IS DISTINCT FROM requires = operator to yield boolean"),
				parser_errposition(pstate, a->location));
	((OpExpr *) op)->kind = kind;
	if (kind == OPK_NULLIF)
		((OpExpr *) op)->opresulttype = exprType(linitial(((OpExpr *) op)->args));
	return op;
}

static Expr *
transform_in_list(ParseState *pstate, A_Expr *a)
{
	Expr	   *l = transform_expr_recurse(pstate, a->lexpr);
	bool		is_not = strcmp(strVal(linitial(a->name)), "<>") == 0;
	List	   *args = NIL;
	List	   *rexprs = NIL;
	List	   *all;
	ListCell   *lc;
	Oid			common = InvalidOid;

	foreach(lc, (List *) a->rexpr)
		rexprs = lappend(rexprs, transform_expr_recurse(pstate, lfirst(lc)));

	/*
	 * When the left side and every list element share a common type,
	 * compare in that type (as PostgreSQL's ScalarArrayOpExpr does).
	 */
	all = lcons(l, list_copy(rexprs));
	{
		volatile bool ok = true;

		ELOG_TRY();
		{
			common = common_type_of(pstate, all, "IN");
		}
		ELOG_CATCH();
		{
			elog_flush_error();
			ok = false;
		}
		ELOG_END_TRY();
		if (!ok || common == UNKNOWNOID)
			common = InvalidOid;
	}
	if (common != InvalidOid)
	{
		Expr	   *cl = coerce_to_target_type(pstate, l, exprType((Node *) l), common, -1,
											   COERCION_IMPLICIT, COERCE_IMPLICIT_CAST, -1);

		if (cl != NULL)
			l = cl;
	}
	foreach(lc, rexprs)
	{
		Expr	   *r = lfirst(lc);

		if (common != InvalidOid)
		{
			Expr	   *cr = coerce_to_target_type(pstate, r, exprType((Node *) r), common, -1,
												   COERCION_IMPLICIT, COERCE_IMPLICIT_CAST, -1);

			if (cr != NULL)
				r = cr;
		}
		args = lappend(args, make_operator(pstate, a->name,
										   foreach_current_index(lc) == 0 ? l : expr_copy(l),
										   r, a->location));
	}
	if (list_length(args) == 1)
		return linitial(args);
	return make_bool_expr(is_not ? AND_EXPR : OR_EXPR, args, a->location);
}

static Expr *
transform_between(ParseState *pstate, A_Expr *a)
{
	Expr	   *x = transform_expr_recurse(pstate, a->lexpr);
	List	   *bounds = (List *) a->rexpr;
	Expr	   *lo = transform_expr_recurse(pstate, linitial(bounds));
	Expr	   *hi = transform_expr_recurse(pstate, lsecond(bounds));
	List	   *ge = list_make1(makeString(">="));
	List	   *le = list_make1(makeString("<="));
	List	   *lt = list_make1(makeString("<"));
	List	   *gt = list_make1(makeString(">"));
	Expr	   *e1;
	Expr	   *e2;

	switch (a->kind)
	{
		case AEXPR_BETWEEN:
			e1 = make_operator(pstate, ge, x, lo, a->location);
			e2 = make_operator(pstate, le, expr_copy(x), hi, a->location);
			return make_bool_expr(AND_EXPR, list_make2(e1, e2), a->location);
		case AEXPR_NOT_BETWEEN:
			e1 = make_operator(pstate, lt, x, lo, a->location);
			e2 = make_operator(pstate, gt, expr_copy(x), hi, a->location);
			return make_bool_expr(OR_EXPR, list_make2(e1, e2), a->location);
		case AEXPR_BETWEEN_SYM:
		case AEXPR_NOT_BETWEEN_SYM:
			{
				Expr	   *a1 = make_bool_expr(AND_EXPR,
												list_make2(make_operator(pstate, ge, x, lo, a->location),
														   make_operator(pstate, le, expr_copy(x), hi, a->location)),
												a->location);
				Expr	   *a2 = make_bool_expr(AND_EXPR,
												list_make2(make_operator(pstate, ge, expr_copy(x), expr_copy(hi), a->location),
														   make_operator(pstate, le, expr_copy(x), expr_copy(lo), a->location)),
												a->location);
				Expr	   *either = make_bool_expr(OR_EXPR, list_make2(a1, a2), a->location);

				if (a->kind == AEXPR_NOT_BETWEEN_SYM)
					return make_bool_expr(NOT_EXPR, list_make1(either), a->location);
				return either;
			}
		default:
			break;
	}
	return NULL;
}

static Expr *
transform_a_expr(ParseState *pstate, A_Expr *a)
{
	switch (a->kind)
	{
		case AEXPR_OP:
		case AEXPR_LIKE:
		case AEXPR_ILIKE:
		case AEXPR_SIMILAR:
			{
				Expr	   *l = a->lexpr ? transform_expr_recurse(pstate, a->lexpr) : NULL;
				Expr	   *r = transform_expr_recurse(pstate, a->rexpr);

				return make_operator(pstate, a->name, l, r, a->location);
			}
		case AEXPR_DISTINCT:
			{
				Expr	   *e = transform_distinct_op(pstate, a, OPK_DISTINCT);

				return e;
			}
		case AEXPR_NOT_DISTINCT:
			return transform_distinct_op(pstate, a, OPK_NOT_DISTINCT);
		case AEXPR_NULLIF:
			return transform_distinct_op(pstate, a, OPK_NULLIF);
		case AEXPR_IN:
			return transform_in_list(pstate, a);
		case AEXPR_BETWEEN:
		case AEXPR_NOT_BETWEEN:
		case AEXPR_BETWEEN_SYM:
		case AEXPR_NOT_BETWEEN_SYM:
			return transform_between(pstate, a);
		case AEXPR_OP_ANY:
		case AEXPR_OP_ALL:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("arrays are not supported"),
					parser_errposition(pstate, a->location));
	}
	return NULL;
}

static Expr *
transform_bool_expr(ParseState *pstate, BoolExpr *b)
{
	const char *name = b->boolop == AND_EXPR ? "AND" : b->boolop == OR_EXPR ? "OR" : "NOT";
	List	   *args = NIL;
	ListCell   *lc;

	foreach(lc, b->args)
	{
		Expr	   *arg = transform_expr_recurse(pstate, lfirst(lc));

		args = lappend(args, coerce_to_boolean(pstate, arg, name));
	}
	return make_bool_expr(b->boolop, args, b->location);
}

static Expr *
transform_null_test(ParseState *pstate, NullTest *n)
{
	NullTest   *r = makeNode(NullTest);

	r->arg = (Node *) transform_expr_recurse(pstate, n->arg);
	r->nulltesttype = n->nulltesttype;
	r->location = n->location;
	return (Expr *) r;
}

static Expr *
transform_boolean_test(ParseState *pstate, BooleanTest *b)
{
	static const char *const names[] = {
		"IS TRUE", "IS NOT TRUE", "IS FALSE", "IS NOT FALSE", "IS UNKNOWN", "IS NOT UNKNOWN"
	};
	BooleanTest *r = makeNode(BooleanTest);
	Expr	   *arg = transform_expr_recurse(pstate, b->arg);

	r->arg = (Node *) coerce_to_boolean(pstate, arg, names[b->booltesttype]);
	r->booltesttype = b->booltesttype;
	r->location = b->location;
	return (Expr *) r;
}

/* ------------------------------------------------------------------------
 * Conditional expressions
 * ------------------------------------------------------------------------
 */
static List *
coerce_list_to(ParseState *pstate, List *exprs, Oid type, const char *context)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, exprs)
	{
		Expr	   *e = lfirst(lc);
		Expr	   *c = coerce_to_target_type(pstate, e, exprType((Node *) e), type, -1,
											  COERCION_IMPLICIT, COERCE_IMPLICIT_CAST,
											  exprLocation((Node *) e));

		if (c == NULL)
			ereport(ERROR, errcode(ERRCODE_CANNOT_COERCE),
					errmsg("%s could not convert type %s to %s", context,
						   type_sql_name(exprType((Node *) e)), type_sql_name(type)),
					parser_errposition(pstate, exprLocation((Node *) e)));
		result = lappend(result, c);
	}
	return result;
}

static Expr *
transform_case(ParseState *pstate, CaseExpr *c)
{
	CaseExpr   *r = makeNode(CaseExpr);
	Expr	   *arg = c->arg ? transform_expr_recurse(pstate, c->arg) : NULL;
	List	   *results = NIL;
	List	   *whens = NIL;
	ListCell   *lc;
	Oid			type;
	Expr	   *def;

	foreach(lc, c->args)
	{
		CaseWhen   *w = lfirst(lc);
		CaseWhen   *nw = makeNode(CaseWhen);
		Expr	   *cond;

		if (arg != NULL)
			cond = make_operator(pstate, list_make1(makeString("=")),
								 foreach_current_index(lc) == 0 ? arg : expr_copy(arg),
								 transform_expr_recurse(pstate, w->expr), w->location);
		else
			cond = transform_expr_recurse(pstate, w->expr);
		nw->expr = (Node *) coerce_to_boolean(pstate, cond, "CASE/WHEN");
		nw->location = w->location;
		whens = lappend(whens, nw);
		results = lappend(results, transform_expr_recurse(pstate, w->result));
	}
	def = c->defresult ? transform_expr_recurse(pstate, c->defresult) :
		(Expr *) makeConst(UNKNOWNOID, -1, (Datum) 0, true, -1);
	results = lappend(results, def);
	type = common_type_of(pstate, results, "CASE");
	if (type == UNKNOWNOID)
		type = TEXTOID;
	results = coerce_list_to(pstate, results, type, "CASE");
	foreach(lc, whens)
		((CaseWhen *) lfirst(lc))->result = list_nth(results, foreach_current_index(lc));
	r->casetype = type;
	r->args = whens;
	r->defresult = llast(results);
	r->location = c->location;
	return (Expr *) r;
}

static List *
transform_expr_list(ParseState *pstate, List *raw)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, raw)
		result = lappend(result, transform_expr_recurse(pstate, lfirst(lc)));
	return result;
}

static Expr *
transform_coalesce(ParseState *pstate, CoalesceExpr *c)
{
	CoalesceExpr *r = makeNode(CoalesceExpr);
	List	   *args = transform_expr_list(pstate, c->args);
	Oid			type = common_type_of(pstate, args, "COALESCE");

	if (type == UNKNOWNOID)
		type = TEXTOID;
	r->args = coerce_list_to(pstate, args, type, "COALESCE");
	r->coalescetype = type;
	r->location = c->location;
	return (Expr *) r;
}

static Expr *
transform_minmax(ParseState *pstate, MinMaxExpr *m)
{
	MinMaxExpr *r = makeNode(MinMaxExpr);
	const char *name = m->op == IS_GREATEST ? "GREATEST" : "LEAST";
	List	   *args = transform_expr_list(pstate, m->args);
	Oid			type = common_type_of(pstate, args, name);

	if (type == UNKNOWNOID)
		type = TEXTOID;
	if (type_get(type)->compare == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_FUNCTION),
				errmsg("could not identify a comparison function for type %s",
					   type_sql_name(type)),
				parser_errposition(pstate, m->location));
	r->args = coerce_list_to(pstate, args, type, name);
	r->minmaxtype = type;
	r->op = m->op;
	r->location = m->location;
	return (Expr *) r;
}

static Expr *
transform_svf(ParseState *pstate, SQLValueFunction *s)
{
	SQLValueFunction *r = makeNode(SQLValueFunction);

	(void) pstate;
	*r = *s;
	switch (s->op)
	{
		case SVFOP_CURRENT_DATE:
			r->svftype = DATEOID;
			break;
		case SVFOP_CURRENT_TIME:
		case SVFOP_CURRENT_TIME_N:
			r->svftype = type_get_or_null(TIMETZOID_LOCAL) ? TIMETZOID_LOCAL : TIMEOID;
			break;
		case SVFOP_LOCALTIME:
		case SVFOP_LOCALTIME_N:
			r->svftype = TIMEOID;
			break;
		case SVFOP_CURRENT_TIMESTAMP:
		case SVFOP_CURRENT_TIMESTAMP_N:
			r->svftype = TIMESTAMPTZOID;
			break;
		case SVFOP_LOCALTIMESTAMP:
		case SVFOP_LOCALTIMESTAMP_N:
			r->svftype = TIMESTAMPOID;
			break;
		default:
			r->svftype = NAMEOID;
			break;
	}
	return (Expr *) r;
}

/* ------------------------------------------------------------------------
 * Subqueries
 * ------------------------------------------------------------------------
 */
static int
count_visible_columns(Query *q)
{
	int			n = 0;
	ListCell   *lc;

	foreach(lc, q->targetList)
	{
		if (!((TargetEntry *) lfirst(lc))->resjunk)
			n++;
	}
	return n;
}

static TargetEntry *
first_visible_column(Query *q)
{
	ListCell   *lc;

	foreach(lc, q->targetList)
	{
		if (!((TargetEntry *) lfirst(lc))->resjunk)
			return lfirst(lc);
	}
	return NULL;
}

static Expr *
transform_sublink(ParseState *pstate, SubLink *s)
{
	SubqueryExpr *r = makeNode(SubqueryExpr);
	ParseState *child = make_parsestate(pstate, pstate->query_text, pstate->params);
	Query	   *q;

	if (!IsA(s->subselect, SelectStmt))
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR), errmsg("subquery must be a SELECT"),
				parser_errposition(pstate, s->location));
	q = transform_select_stmt(child, (SelectStmt *) s->subselect);
	r->subquery = q;
	r->sublinktype = s->subLinkType;
	r->location = s->location;
	r->resulttypmod = -1;
	switch (s->subLinkType)
	{
		case EXISTS_SUBLINK:
			r->resulttype = BOOLOID;
			break;
		case EXPR_SUBLINK:
			if (count_visible_columns(q) != 1)
				ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
						errmsg("subquery must return only one column"),
						parser_errposition(pstate, s->location));
			r->resulttype = exprType((Node *) first_visible_column(q)->expr);
			r->resulttypmod = exprTypmod((Node *) first_visible_column(q)->expr);
			break;
		case ANY_SUBLINK:
		case ALL_SUBLINK:
			{
				Expr	   *left = transform_expr_recurse(pstate, s->testexpr);
				TargetEntry *tle;
				Param	   *p;
				List	   *opname = s->operName ? s->operName : list_make1(makeString("="));
				Expr	   *test;

				if (count_visible_columns(q) > 1)
					ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
							errmsg("subquery has too many columns"),
							parser_errposition(pstate, s->location));
				if (count_visible_columns(q) < 1)
					ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
							errmsg("subquery has too few columns"),
							parser_errposition(pstate, s->location));
				tle = first_visible_column(q);
				p = makeNode(Param);
				p->paramkind = PARAM_SUBLINK;
				p->paramid = 1;
				p->paramtype = exprType((Node *) tle->expr);
				p->paramtypmod = exprTypmod((Node *) tle->expr);
				p->location = -1;
				test = make_operator(pstate, opname, left, (Expr *) p, s->location);
				r->testexpr = coerce_to_boolean(pstate, test, "ANY/ALL (subquery)");
				r->resulttype = BOOLOID;
				break;
			}
		default:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("this kind of subquery is not supported"),
					parser_errposition(pstate, s->location));
	}
	return (Expr *) r;
}

/* ------------------------------------------------------------------------
 * Dispatch
 * ------------------------------------------------------------------------
 */
Expr *
transform_expr_recurse(ParseState *pstate, Node *raw)
{
	if (raw == NULL)
		return NULL;
	switch (nodeTag(raw))
	{
		case T_ColumnRef:
			return (Expr *) column_ref_to_expr(pstate, (ColumnRef *) raw);
		case T_ParamRef:
			return transform_param(pstate, (ParamRef *) raw);
		case T_A_Const:
			return transform_const(pstate, (A_Const *) raw);
		case T_TypeCast:
			return transform_type_cast(pstate, (TypeCast *) raw);
		case T_CollateClause:
			return transform_expr_recurse(pstate, ((CollateClause *) raw)->arg);
		case T_A_Expr:
			return transform_a_expr(pstate, (A_Expr *) raw);
		case T_BoolExpr:
			return transform_bool_expr(pstate, (BoolExpr *) raw);
		case T_NullTest:
			return transform_null_test(pstate, (NullTest *) raw);
		case T_BooleanTest:
			return transform_boolean_test(pstate, (BooleanTest *) raw);
		case T_FuncCall:
			return transform_func_call(pstate, (FuncCall *) raw);
		case T_SubLink:
			return transform_sublink(pstate, (SubLink *) raw);
		case T_CaseExpr:
			return transform_case(pstate, (CaseExpr *) raw);
		case T_CoalesceExpr:
			return transform_coalesce(pstate, (CoalesceExpr *) raw);
		case T_MinMaxExpr:
			return transform_minmax(pstate, (MinMaxExpr *) raw);
		case T_SQLValueFunction:
			return transform_svf(pstate, (SQLValueFunction *) raw);
		case T_SetToDefault:
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("DEFAULT is not allowed in this context"),
					parser_errposition(pstate, ((SetToDefault *) raw)->location));
			break;
		case T_A_ArrayExpr:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("arrays are not supported"),
					parser_errposition(pstate, ((A_ArrayExpr *) raw)->location));
			break;
		case T_RowExpr:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("row expressions are not supported"),
					parser_errposition(pstate, ((RowExpr *) raw)->location));
			break;
		case T_GroupingFunc:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("GROUPING is not supported"),
					parser_errposition(pstate, ((GroupingFunc *) raw)->location));
			break;
		default:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("expression type %s is not supported",
						   node_tag_name(nodeTag(raw)) ? node_tag_name(nodeTag(raw)) : "?"));
	}
	return NULL;
}
