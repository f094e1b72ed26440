/*-------------------------------------------------------------------------
 * parse_func.c
 *	  Function calls, aggregate calls and operators: resolve against the
 *	  built-in tables of sql/types/fmgr.h, coerce the arguments, and build
 *	  FuncExpr / Aggref / OpExpr.
 *
 * Resolution order for name(args): an ordinary (or set-returning)
 * function, else an aggregate; else ERROR 42883 "function f(types) does
 * not exist" with PostgreSQL's hint.  Resolution errors raised by fmgr
 * (42725 not unique) get the call's cursor position attached here.
 *
 * Placement rules (aggregates not in WHERE/GROUP BY/..., not nested; SRFs
 * only in the select list and FROM) are checked in parse_agg.c.
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/analyze_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

char *
opname_string(List *opname)
{
	return strVal(llast(opname));
}

typedef enum ResolveKind
{
	RESOLVE_FUNC,
	RESOLVE_AGG,
	RESOLVE_OPER,
} ResolveKind;

typedef struct ResolveArgs
{
	ResolveKind kind;
	const char *name;
	int			nargs;
	const Oid  *argtypes;
	Oid		   *coerce_to;
	Oid		   *rettype;
} ResolveArgs;

/* Call the fmgr resolver, attaching `location` to any error it raises. */
static const void *
resolve_with_position(ParseState *pstate, ResolveArgs *ra, int location)
{
	const void *volatile result = NULL;

	ELOG_TRY();
	{
		switch (ra->kind)
		{
			case RESOLVE_FUNC:
				result = func_resolve(ra->name, ra->nargs, ra->argtypes, ra->coerce_to,
									  ra->rettype);
				break;
			case RESOLVE_AGG:
				result = agg_resolve(ra->name, ra->nargs, ra->argtypes, ra->coerce_to,
									 ra->rettype);
				break;
			case RESOLVE_OPER:
				result = oper_resolve(ra->name, ra->nargs == 2 ? ra->argtypes[0] : InvalidOid,
									  ra->argtypes[ra->nargs - 1], &ra->coerce_to[0],
									  &ra->coerce_to[1]);
				break;
		}
	}
	ELOG_CATCH();
	{
		ErrorData  *edata = elog_current_error();

		if (edata->cursorpos == 0 && location >= 0)
			edata->cursorpos = analyze_errpos(pstate->query_text, location);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	return result;
}

static List *
coerce_args(ParseState *pstate, List *args, const Oid *coerce_to)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, args)
	{
		Expr	   *arg = lfirst(lc);
		Oid			target = coerce_to[foreach_current_index(lc)];
		Oid			argtype = exprType((Node *) arg);
		Expr	   *c;

		if (target == InvalidOid || target == argtype)
		{
			result = lappend(result, arg);
			continue;
		}
		c = coerce_to_target_type(pstate, arg, argtype, target, -1, COERCION_IMPLICIT,
								  COERCE_IMPLICIT_CAST, exprLocation((Node *) arg));
		if (c == NULL)
			ereport(ERROR, errcode(ERRCODE_CANNOT_COERCE),
					errmsg("cannot cast type %s to %s", type_sql_name(argtype),
						   type_sql_name(target)),
					parser_errposition(pstate, exprLocation((Node *) arg)));
		result = lappend(result, c);
	}
	return result;
}

Expr *
make_operator(ParseState *pstate, List *opname, Expr *lexpr, Expr *rexpr, int location)
{
	const char *name = opname_string(opname);
	Oid			types[2];
	Oid			coerce_to[2] = {InvalidOid, InvalidOid};
	ResolveArgs ra;
	const BuiltinOperator *op;
	OpExpr	   *result;

	types[0] = lexpr ? exprType((Node *) lexpr) : InvalidOid;
	types[1] = exprType((Node *) rexpr);
	ra.kind = RESOLVE_OPER;
	ra.name = name;
	ra.nargs = lexpr ? 2 : 1;
	ra.argtypes = lexpr ? types : &types[1];
	ra.coerce_to = coerce_to;
	ra.rettype = NULL;
	op = resolve_with_position(pstate, &ra, location);
	if (op == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_FUNCTION),
				errmsg("operator does not exist: %s",
					   oper_signature_string(name, types[0], types[1])),
				errhint("No operator matches the given name and argument types. "
						"You might need to add explicit type casts."),
				parser_errposition(pstate, location));
	result = makeNode(OpExpr);
	result->op = op;
	result->kind = OPK_NORMAL;
	result->opresulttype = op->result;
	result->location = location;
	if (lexpr)
	{
		Oid			ct[2] = {coerce_to[0], coerce_to[1]};

		result->args = coerce_args(pstate, list_make2(lexpr, rexpr), ct);
	}
	else
	{
		Oid			ct[1] = {coerce_to[1]};

		result->args = coerce_args(pstate, list_make1(rexpr), ct);
	}
	return (Expr *) result;
}

/* ------------------------------------------------------------------------
 * Aggregates
 * ------------------------------------------------------------------------
 */
static bool
find_agg_walker(Node *node, void *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
	{
		*(Aggref **) ctx = (Aggref *) node;
		return true;
	}
	return expression_tree_walker(node, find_agg_walker, ctx);
}

static Expr *
make_aggref(ParseState *pstate, FuncCall *fc, const BuiltinAggregate *agg, List *args,
			const Oid *coerce_to, Oid rettype)
{
	Aggref	   *a = makeNode(Aggref);
	Aggref	   *inner = NULL;
	ListCell   *lc;
	int			i = 0;

	check_aggregate_placement(pstate, fc->location);
	if (find_agg_walker((Node *) args, &inner))
		ereport(ERROR, errcode(ERRCODE_GROUPING_ERROR),
				errmsg("aggregate function calls cannot be nested"),
				parser_errposition(pstate, inner->location));
	if (expr_contains_srfs((Node *) args))
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("aggregate function calls cannot contain set-returning function calls"),
				parser_errposition(pstate, fc->location));
	a->agg = agg;
	a->args = coerce_args(pstate, args, coerce_to);
	a->argtypes = palloc(sizeof(Oid) * Max(list_length(a->args), 1));
	foreach(lc, a->args)
		a->argtypes[i++] = exprType(lfirst(lc));
	a->aggtype = rettype;
	a->aggtranstype = agg->transtype == ANYELEMENTOID && a->args ? a->argtypes[0] : agg->transtype;
	a->aggstar = fc->agg_star;
	a->aggdistinct = fc->agg_distinct;
	a->location = fc->location;
	if (fc->agg_filter)
	{
		Expr	   *f = transform_expr(pstate, fc->agg_filter, EXPR_KIND_FILTER);

		a->aggfilter = coerce_to_boolean(pstate, f, "FILTER");
	}
	foreach(lc, fc->agg_order)
	{
		SortBy	   *sb = lfirst(lc);
		Expr	   *e = transform_expr_recurse(pstate, sb->node);

		a->aggorder = lappend(a->aggorder, coerce_unknown_to_text(pstate, e));
		a->aggorderdesc = lappend_int(a->aggorderdesc, sb->sortby_dir == SORTBY_DESC);
	}
	pstate->hasAggs = true;
	return (Expr *) a;
}

static pg_noreturn void
error_no_function(ParseState *pstate, FuncCall *fc, const char *name, int nargs,
				  const Oid *argtypes)
{
	char	   *sig = fc->agg_star ? psprintf("%s(*)", name) :
		func_signature_string(name, nargs, argtypes);

	ereport(ERROR, errcode(ERRCODE_UNDEFINED_FUNCTION),
			errmsg("function %s does not exist", sig),
			errhint("No function matches the given name and argument types. "
					"You might need to add explicit type casts."),
			parser_errposition(pstate, fc->location));
	__builtin_unreachable();
}

static void
reject_agg_decorations(ParseState *pstate, FuncCall *fc, const char *name)
{
	if (fc->agg_star)
		ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
				errmsg("%s(*) specified, but %s is not an aggregate function", name, name),
				parser_errposition(pstate, fc->location));
	if (fc->agg_distinct)
		ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
				errmsg("DISTINCT specified, but %s is not an aggregate function", name),
				parser_errposition(pstate, fc->location));
	if (fc->agg_order)
		ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
				errmsg("ORDER BY specified, but %s is not an aggregate function", name),
				parser_errposition(pstate, fc->location));
	if (fc->agg_filter)
		ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
				errmsg("FILTER specified, but %s is not an aggregate function", name),
				parser_errposition(pstate, fc->location));
}

Expr *
transform_func_call(ParseState *pstate, FuncCall *fc)
{
	const char *name = strVal(llast(fc->funcname));
	List	   *args = NIL;
	Oid			argtypes[FUNC_MAX_ARGS];
	Oid			coerce_to[FUNC_MAX_ARGS];
	Oid			rettype = InvalidOid;
	ResolveArgs ra;
	const BuiltinFunction *func = NULL;
	const BuiltinAggregate *agg;
	ListCell   *lc;
	int			nargs = 0;

	if (list_length(fc->args) > FUNC_MAX_ARGS)
		ereport(ERROR, errcode(ERRCODE_TOO_MANY_ARGUMENTS),
				errmsg("cannot pass more than %d arguments to a function", FUNC_MAX_ARGS),
				parser_errposition(pstate, fc->location));
	foreach(lc, fc->args)
	{
		Expr	   *arg;

		if (IsA(lfirst(lc), NamedArgExpr))
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("named function arguments are not supported"),
					parser_errposition(pstate, ((NamedArgExpr *) lfirst(lc))->location));
		arg = transform_expr_recurse(pstate, lfirst(lc));
		args = lappend(args, arg);
		argtypes[nargs] = exprType((Node *) arg);
		coerce_to[nargs] = InvalidOid;
		nargs++;
	}
	if (fc->over != NULL)
		return transform_window_func(pstate, fc, args, argtypes, nargs);
	ra.name = name;
	ra.nargs = nargs;
	ra.argtypes = argtypes;
	ra.coerce_to = coerce_to;
	ra.rettype = &rettype;
	if (!fc->agg_star && !fc->agg_distinct && fc->agg_order == NIL && fc->agg_filter == NULL)
	{
		ra.kind = RESOLVE_FUNC;
		func = resolve_with_position(pstate, &ra, fc->location);
	}
	if (func != NULL)
	{
		FuncExpr   *f = makeNode(FuncExpr);

		f->func = func;
		f->args = coerce_args(pstate, args, coerce_to);
		f->funcresulttype = rettype;
		f->funcretset = func->retset;
		f->funcformat = fc->funcformat;
		f->location = fc->location;
		if (func->retset)
		{
			check_srf_placement(pstate, fc->location);
			pstate->hasSrfs = true;
		}
		return (Expr *) f;
	}
	ra.kind = RESOLVE_AGG;
	agg = resolve_with_position(pstate, &ra, fc->location);
	if (agg != NULL)
		return make_aggref(pstate, fc, agg, args, coerce_to, rettype);
	if (func_name_exists(name))
		reject_agg_decorations(pstate, fc, name);
	error_no_function(pstate, fc, name, nargs, argtypes);
}
