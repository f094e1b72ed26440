/*-------------------------------------------------------------------------
 * parse_window.c
 *	  Window function calls (f(...) OVER (...)) and window definitions
 *	  (PARTITION BY, ORDER BY, frame; WINDOW name AS (...)).
 *
 * A call is either one of PostgreSQL's window functions (row_number,
 * rank, dense_rank, percent_rank, cume_dist, ntile, lag, lead,
 * first_value, last_value, nth_value) or an aggregate used as one.  Calls
 * are allowed only in the select list and ORDER BY (42P20 elsewhere) and
 * do not nest.  Each call records its raw OVER clause in the ParseState;
 * after the target list, ORDER BY and GROUP BY are known,
 * transform_window_definitions() resolves named windows and turns
 * PARTITION BY / ORDER BY into SortGroupClauses over (possibly resjunk)
 * target entries, as PostgreSQL does.
 *
 * Supported frames: the default, ROWS with UNBOUNDED / n PRECEDING /
 * CURRENT ROW / n FOLLOWING bounds, and RANGE with UNBOUNDED / CURRENT
 * ROW bounds.  RANGE offsets, GROUPS and EXCLUDE are 0A000.
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/analyze_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

typedef struct WindowFnDef
{
	const char *name;
	WinFuncKind kind;
	int			minargs;
	int			maxargs;
} WindowFnDef;

static const WindowFnDef window_fns[] = {
	{"row_number", WINFN_ROW_NUMBER, 0, 0},
	{"rank", WINFN_RANK, 0, 0},
	{"dense_rank", WINFN_DENSE_RANK, 0, 0},
	{"percent_rank", WINFN_PERCENT_RANK, 0, 0},
	{"cume_dist", WINFN_CUME_DIST, 0, 0},
	{"ntile", WINFN_NTILE, 1, 1},
	{"lag", WINFN_LAG, 1, 3},
	{"lead", WINFN_LEAD, 1, 3},
	{"first_value", WINFN_FIRST_VALUE, 1, 1},
	{"last_value", WINFN_LAST_VALUE, 1, 1},
	{"nth_value", WINFN_NTH_VALUE, 2, 2},
};

static const WindowFnDef *
lookup_window_fn(const char *name, int nargs)
{
	for (size_t i = 0; i < lengthof(window_fns); i++)
	{
		if (strcmp(window_fns[i].name, name) == 0 && nargs >= window_fns[i].minargs &&
			nargs <= window_fns[i].maxargs)
			return &window_fns[i];
	}
	return NULL;
}

static void
check_window_placement(ParseState *pstate, FuncCall *fc, List *args)
{
	if (pstate->expr_kind != EXPR_KIND_SELECT_TARGET && pstate->expr_kind != EXPR_KIND_ORDER_BY)
		ereport(ERROR, errcode(ERRCODE_WINDOWING_ERROR),
				errmsg("window functions are not allowed in %s",
					   expr_kind_name(pstate->expr_kind)),
				parser_errposition(pstate, fc->location));
	if (expr_contains_window_funcs((Node *) args))
		ereport(ERROR, errcode(ERRCODE_WINDOWING_ERROR),
				errmsg("window function calls cannot be nested"),
				parser_errposition(pstate, fc->location));
}

static Expr *
coerce_arg(ParseState *pstate, Expr *arg, Oid type)
{
	return coerce_or_error(pstate, arg, type, -1, COERCION_IMPLICIT, exprLocation((Node *) arg));
}

/* Types of a built-in window function's arguments and result. */
static void
builtin_window_types(ParseState *pstate, WindowFunc *wf, List **args)
{
	Expr	   *first = *args ? linitial(*args) : NULL;

	switch (wf->kind)
	{
		case WINFN_ROW_NUMBER:
		case WINFN_RANK:
		case WINFN_DENSE_RANK:
			wf->wintype = INT8OID;
			break;
		case WINFN_PERCENT_RANK:
		case WINFN_CUME_DIST:
			wf->wintype = FLOAT8OID;
			break;
		case WINFN_NTILE:
			linitial(*args) = coerce_arg(pstate, first, INT4OID);
			wf->wintype = INT4OID;
			break;
		default:
			first = coerce_unknown_to_text(pstate, first);
			linitial(*args) = first;
			wf->wintype = exprType((Node *) first);
			if (list_length(*args) > 1)
				lsecond(*args) = coerce_arg(pstate, lsecond(*args), INT4OID);
			if (list_length(*args) > 2)
				lthird(*args) = coerce_arg(pstate, lthird(*args), wf->wintype);
			break;
	}
}

Expr *
transform_window_func(ParseState *pstate, FuncCall *fc, List *args, const Oid *argtypes,
					  int nargs)
{
	const char *name = strVal(llast(fc->funcname));
	const WindowFnDef *def = fc->agg_star ? NULL : lookup_window_fn(name, nargs);
	WindowFunc *wf = makeNode(WindowFunc);
	ListCell   *lc;

	check_window_placement(pstate, fc, args);
	wf->name = name;
	wf->location = fc->location;
	if (def != NULL)
	{
		if (fc->agg_distinct || fc->agg_order != NIL || fc->agg_filter != NULL)
			ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
					errmsg("DISTINCT, ORDER BY and FILTER are not allowed for window function %s",
						   name),
					parser_errposition(pstate, fc->location));
		wf->kind = def->kind;
		builtin_window_types(pstate, wf, &args);
	}
	else
	{
		Oid			coerce_to[FUNC_MAX_ARGS];
		Oid			rettype = InvalidOid;
		const BuiltinAggregate *agg = agg_resolve(name, nargs, argtypes, coerce_to, &rettype);
		List	   *coerced = NIL;

		if (agg == NULL)
		{
			if (func_resolve(name, nargs, argtypes, coerce_to, &rettype) != NULL)
				ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
						errmsg("OVER specified, but %s is not a window function nor an aggregate function",
							   name),
						parser_errposition(pstate, fc->location));
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_FUNCTION),
					errmsg("function %s does not exist",
						   func_signature_string(name, nargs, argtypes)),
					errhint("No function matches the given name and argument types. "
							"You might need to add explicit type casts."),
					parser_errposition(pstate, fc->location));
		}
		if (fc->agg_distinct)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("DISTINCT is not implemented for window functions"),
					parser_errposition(pstate, fc->location));
		if (fc->agg_order != NIL)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("aggregate ORDER BY is not implemented for window functions"),
					parser_errposition(pstate, fc->location));
		foreach(lc, args)
			coerced = lappend(coerced, coerce_to[foreach_current_index(lc)] == InvalidOid ?
							  lfirst(lc) :
							  coerce_arg(pstate, lfirst(lc), coerce_to[foreach_current_index(lc)]));
		args = coerced;
		wf->kind = WINFN_AGG;
		wf->agg = agg;
		wf->wintype = rettype;
		wf->winstar = fc->agg_star;
		if (fc->agg_filter)
			wf->aggfilter = coerce_to_boolean(pstate, transform_expr(pstate, fc->agg_filter,
																	 EXPR_KIND_FILTER),
											  "FILTER");
	}
	wf->args = args;
	wf->argtypes = palloc(sizeof(Oid) * Max(list_length(args), 1));
	foreach(lc, args)
		wf->argtypes[foreach_current_index(lc)] = exprType(lfirst(lc));
	if (wf->kind == WINFN_AGG)
		wf->transtype = wf->agg->transtype == ANYELEMENTOID && args ?
			wf->argtypes[0] : wf->agg->transtype;
	pstate->windefs = lappend(pstate->windefs, fc->over);
	wf->winref = list_length(pstate->windefs);
	return (Expr *) wf;
}

/* ------------------------------------------------------------------------
 * Window definitions
 * ------------------------------------------------------------------------
 */
static WindowDef *
find_named_window(ParseState *pstate, List *named, const char *name, int location)
{
	ListCell   *lc;

	foreach(lc, named)
	{
		WindowDef  *w = lfirst(lc);

		if (w->name != NULL && strcmp(w->name, name) == 0)
			return w;
	}
	ereport(ERROR, errcode(ERRCODE_UNDEFINED_OBJECT),
			errmsg("window \"%s\" does not exist", name),
			parser_errposition(pstate, location));
	return NULL;
}

static Expr *
transform_frame_offset(ParseState *pstate, Node *raw)
{
	Expr	   *e;

	if (raw == NULL)
		return NULL;
	e = transform_expr(pstate, raw, EXPR_KIND_WINDOW_FRAME);
	e = coerce_to_specific(pstate, e, INT8OID, "ROWS");
	if (expr_contains_vars((Node *) e))
		ereport(ERROR, errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
				errmsg("argument of ROWS must not contain variables"),
				parser_errposition(pstate, exprLocation((Node *) e)));
	return e;
}

static void
check_frame(ParseState *pstate, WindowDef *def)
{
	int			f = def->frameOptions;

	if (f & FRAMEOPTION_GROUPS)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("GROUPS frames are not supported"),
				parser_errposition(pstate, def->location));
	if (f & (FRAMEOPTION_EXCLUDE_CURRENT_ROW | FRAMEOPTION_EXCLUDE_GROUP |
			 FRAMEOPTION_EXCLUDE_TIES))
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("frame exclusion is not supported"),
				parser_errposition(pstate, def->location));
	if ((f & FRAMEOPTION_RANGE) &&
		(f & (FRAMEOPTION_START_OFFSET_PRECEDING | FRAMEOPTION_START_OFFSET_FOLLOWING |
			  FRAMEOPTION_END_OFFSET_PRECEDING | FRAMEOPTION_END_OFFSET_FOLLOWING)))
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("RANGE with offset PRECEDING/FOLLOWING is not supported"),
				parser_errposition(pstate, def->location));
}

static WindowClause *
transform_one_window(ParseState *pstate, WindowDef *def, List *named, List **targetlist)
{
	WindowClause *wc = makeNode(WindowClause);
	List	   *partition = def->partitionClause;
	List	   *order = def->orderClause;
	WindowDef  *framedef = def;
	ListCell   *lc;

	if (def->name != NULL && def->partitionClause == NIL && def->orderClause == NIL &&
		def->refname == NULL && def->frameOptions == FRAMEOPTION_DEFAULTS)
	{
		/* OVER name */
		def = find_named_window(pstate, named, def->name, def->location);
		partition = def->partitionClause;
		order = def->orderClause;
		framedef = def;
	}
	else if (def->refname != NULL)
	{
		WindowDef  *base = find_named_window(pstate, named, def->refname, def->location);

		partition = base->partitionClause;
		if (order == NIL)
			order = base->orderClause;
		if (!(def->frameOptions & FRAMEOPTION_NONDEFAULT))
			framedef = base;
	}
	check_frame(pstate, framedef);
	foreach(lc, partition)
	{
		Expr	   *e = transform_expr(pstate, lfirst(lc), EXPR_KIND_ORDER_BY);
		TargetEntry *tle = find_or_add_target_entry(pstate, e, targetlist);

		wc->partitionClause = lappend(wc->partitionClause,
									  make_sort_group_clause(pstate, tle, *targetlist, false,
															 SORTBY_NULLS_DEFAULT,
															 exprLocation((Node *) e)));
	}
	foreach(lc, order)
	{
		SortBy	   *sb = lfirst(lc);
		Expr	   *e = transform_expr(pstate, sb->node, EXPR_KIND_ORDER_BY);
		TargetEntry *tle = find_or_add_target_entry(pstate, e, targetlist);

		wc->orderClause = lappend(wc->orderClause,
								  make_sort_group_clause(pstate, tle, *targetlist,
														 sb->sortby_dir == SORTBY_DESC,
														 sb->sortby_nulls,
														 exprLocation((Node *) e)));
	}
	wc->frameOptions = framedef->frameOptions;
	wc->startOffset = transform_frame_offset(pstate, framedef->startOffset);
	wc->endOffset = transform_frame_offset(pstate, framedef->endOffset);
	return wc;
}

List *
transform_window_definitions(ParseState *pstate, List *named, List **targetlist)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, pstate->windefs)
	{
		WindowClause *wc = transform_one_window(pstate, lfirst(lc), named, targetlist);

		wc->winref = foreach_current_index(lc) + 1;
		result = lappend(result, wc);
	}
	return result;
}
