/*-------------------------------------------------------------------------
 * parse_coerce.c
 *	  Type coercion during analysis: turning an expression of one type into
 *	  another (implicit, assignment or explicit), resolving untyped
 *	  literals and untyped $n parameters from context, common types.
 *
 * Rules (PostgreSQL's):
 *	- An untyped literal (Const of UNKNOWNOID) is converted right here by
 *	  the target type's input function; a bad literal raises the input
 *	  function's error at the literal's position.
 *	- An untyped parameter takes the first type it is coerced to; the
 *	  type is recorded in ParamTypes and later references see it.
 *	- Otherwise a CoerceExpr is built from the cast catalog (cast_find);
 *	  no cast usable in the context -> NULL (callers raise the error).
 *
 * Entry points: coerce_to_target_type, coerce_or_error, coerce_to_boolean,
 * common_type_of, param_type, check_params_resolved.
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/analyze_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/*
 * Run coerce_datum on a literal, attaching the literal's position to any
 * error it raises (PostgreSQL points at the literal for bad input).
 */
static Datum
coerce_literal(ParseState *pstate, Datum value, Oid source, Oid target, int32_t typmod,
			   CoercionContext ccontext, int location)
{
	volatile Datum result = (Datum) 0;

	ELOG_TRY();
	{
		result = coerce_datum(value, source, target, typmod, ccontext);
	}
	ELOG_CATCH();
	{
		ErrorData  *edata = elog_current_error();

		if (edata->cursorpos == 0 && location >= 0 && pstate != NULL)
			edata->cursorpos = analyze_errpos(pstate->query_text, location);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	return result;
}

static Expr *
coerce_const(ParseState *pstate, Const *con, Oid targettype, int32_t targettypmod,
			 CoercionContext ccontext, int location)
{
	Const	   *newc = makeNode(Const);
	int			loc = con->location >= 0 ? con->location : location;

	newc->consttype = targettype;
	newc->consttypmod = targettypmod;
	newc->location = con->location;
	newc->constisnull = con->constisnull;
	if (!con->constisnull)
	{
		/*
		 * The input function's errors point at the literal; the typmod
		 * (length, precision) is applied afterwards and, as in PostgreSQL,
		 * its errors carry no position.
		 */
		newc->constvalue = coerce_literal(pstate, con->constvalue, UNKNOWNOID, targettype,
										  -1, ccontext, loc);
		if (targettypmod >= 0)
			newc->constvalue = type_apply_typmod(targettype, newc->constvalue, targettypmod,
												 ccontext == COERCION_EXPLICIT);
	}
	return (Expr *) newc;
}

Expr *
coerce_to_target_type(ParseState *pstate, Expr *expr, Oid exprtype, Oid targettype,
					  int32_t targettypmod, CoercionContext ccontext, CoercionForm cformat,
					  int location)
{
	const BuiltinCast *cast;
	CoerceExpr *ce;

	if (targettype == ANYOID || targettype == ANYELEMENTOID || targettype == ANYNONARRAYOID)
		return expr;
	if (exprtype == targettype)
	{
		if (targettypmod < 0 || targettypmod == exprTypmod((Node *) expr))
			return expr;
	}
	else if (exprtype == UNKNOWNOID && IsA(expr, Const))
		return coerce_const(pstate, (Const *) expr, targettype, targettypmod, ccontext,
							location);
	else if (exprtype == UNKNOWNOID && IsA(expr, Param) &&
			 ((Param *) expr)->paramkind == PARAM_EXTERN)
	{
		Param	   *p = (Param *) expr;

		param_set_type(pstate, p->paramid, targettype, p->location);
		p->paramtype = targettype;
		if (targettypmod < 0)
			return expr;
		exprtype = targettype;
	}

	if (exprtype == targettype)
		cast = NULL;
	else
	{
		cast = cast_find(exprtype, targettype, ccontext);
		if (cast == NULL && !can_coerce(exprtype, targettype, ccontext))
			return NULL;
	}
	/* A NULL constant of a known type just changes type. */
	if (IsA(expr, Const) && ((Const *) expr)->constisnull)
	{
		Const	   *c = makeNullConst(targettype, targettypmod);

		c->location = ((Const *) expr)->location;
		return (Expr *) c;
	}
	ce = makeNode(CoerceExpr);
	ce->arg = expr;
	ce->sourcetype = exprtype;
	ce->resulttype = targettype;
	ce->resulttypmod = targettypmod;
	ce->ccontext = ccontext;
	ce->format = cformat;
	ce->cast = cast;
	ce->location = location;
	return (Expr *) ce;
}

Expr *
coerce_or_error(ParseState *pstate, Expr *expr, Oid targettype, int32_t targettypmod,
				CoercionContext ccontext, int location)
{
	Oid			exprtype = exprType((Node *) expr);
	Expr	   *result;

	result = coerce_to_target_type(pstate, expr, exprtype, targettype, targettypmod,
								   ccontext,
								   ccontext == COERCION_EXPLICIT ? COERCE_EXPLICIT_CAST :
								   COERCE_IMPLICIT_CAST, location);
	if (result == NULL)
	{
		if (ccontext == COERCION_EXPLICIT)
			ereport(ERROR, errcode(ERRCODE_CANNOT_COERCE),
					errmsg("cannot cast type %s to %s",
						   type_sql_name(exprtype), type_sql_name(targettype)),
					parser_errposition(pstate, location));
		ereport(ERROR, errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("cannot cast type %s to %s",
					   type_sql_name(exprtype), type_sql_name(targettype)),
				parser_errposition(pstate, location));
	}
	return result;
}

Expr *
coerce_to_specific(ParseState *pstate, Expr *expr, Oid type, const char *constructName)
{
	Oid			inputtype = exprType((Node *) expr);
	Expr	   *result;

	if (inputtype == type)
		return expr;
	result = coerce_to_target_type(pstate, expr, inputtype, type, -1, COERCION_ASSIGNMENT,
								   COERCE_IMPLICIT_CAST, -1);
	if (result == NULL)
		ereport(ERROR, errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("argument of %s must be type %s, not type %s",
					   constructName, type_sql_name(type), type_sql_name(inputtype)),
				parser_errposition(pstate, exprLocation((Node *) expr)));
	return result;
}

Expr *
coerce_to_boolean(ParseState *pstate, Expr *expr, const char *constructName)
{
	Oid			inputtype = exprType((Node *) expr);
	Expr	   *result;

	if (inputtype == BOOLOID)
		return expr;
	result = NULL;
	if (inputtype == UNKNOWNOID)
		result = coerce_to_target_type(pstate, expr, inputtype, BOOLOID, -1,
									   COERCION_ASSIGNMENT, COERCE_IMPLICIT_CAST, -1);
	if (result == NULL)
		ereport(ERROR, errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("argument of %s must be type %s, not type %s",
					   constructName, "boolean", type_sql_name(inputtype)),
				parser_errposition(pstate, exprLocation((Node *) expr)));
	return result;
}

/*
 * The common type of a list of expressions (UNION columns, CASE results,
 * COALESCE, VALUES columns).  Errors point at the first expression.
 */
Oid
common_type_of(ParseState *pstate, List *exprs, const char *context)
{
	volatile int n = list_length(exprs);	/* read after longjmp in CATCH */
	Oid		   *types = palloc(sizeof(Oid) * Max(n, 1));
	ListCell   *lc;
	int			i = 0;
	volatile Oid result = InvalidOid;
	int			location = -1;

	foreach(lc, exprs)
	{
		types[i++] = exprType(lfirst(lc));
		if (location < 0)
			location = exprLocation(lfirst(lc));
	}
	ELOG_TRY();
	{
		result = select_common_type(n, types, context);
	}
	ELOG_CATCH();
	{
		ErrorData  *edata = elog_current_error();

		/* PostgreSQL points at the expression that failed to match */
		if (edata->cursorpos == 0 && n > 1)
		{
			int			loc = exprLocation(lsecond(exprs));

			if (loc >= 0)
				edata->cursorpos = analyze_errpos(pstate->query_text, loc);
		}
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	pfree(types);
	return result;
}

Expr *
coerce_unknown_to_text(ParseState *pstate, Expr *expr)
{
	if (exprType((Node *) expr) != UNKNOWNOID)
		return expr;
	return coerce_to_target_type(pstate, expr, UNKNOWNOID, TEXTOID, -1, COERCION_IMPLICIT,
								 COERCE_IMPLICIT_CAST, -1);
}

/* ------------------------------------------------------------------------
 * Parameters
 * ------------------------------------------------------------------------
 */
Oid
param_type(ParseState *pstate, int number, int location)
{
	ParamTypes *params = pstate->params;

	if (number <= 0 || number > 65535)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_PARAMETER),
				errmsg("there is no parameter $%d", number),
				parser_errposition(pstate, location));
	if (params == NULL || number > params->ntypes)
	{
		if (params == NULL || !params->infer)
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_PARAMETER),
					errmsg("there is no parameter $%d", number),
					parser_errposition(pstate, location));
		params->types = params->types ?
			repalloc(params->types, sizeof(Oid) * number) : palloc(sizeof(Oid) * number);
		for (int i = params->ntypes; i < number; i++)
			params->types[i] = InvalidOid;
		params->ntypes = number;
	}
	if (params->types[number - 1] == InvalidOid)
		return UNKNOWNOID;
	return params->types[number - 1];
}

void
param_set_type(ParseState *pstate, int number, Oid type, int location)
{
	ParamTypes *params = pstate->params;
	Oid			current;

	(void) param_type(pstate, number, location);
	current = params->types[number - 1];
	if (current == InvalidOid || current == UNKNOWNOID)
		params->types[number - 1] = type;
	else if (current != type)
		ereport(ERROR, errcode(ERRCODE_AMBIGUOUS_PARAMETER),
				errmsg("inconsistent types deduced for parameter $%d", number),
				errdetail("%s versus %s", type_sql_name(current), type_sql_name(type)),
				parser_errposition(pstate, location));
}

void
check_params_resolved(ParseState *pstate)
{
	ParamTypes *params = pstate->params;

	if (params == NULL)
		return;
	for (int i = 0; i < params->ntypes; i++)
	{
		if (params->types[i] == InvalidOid || params->types[i] == UNKNOWNOID)
			ereport(ERROR, errcode(ERRCODE_INDETERMINATE_DATATYPE),
					errmsg("could not determine data type of parameter $%d", i + 1));
	}
}
