/*-------------------------------------------------------------------------
 * fmgr.h
 *	  Built-in functions, operators, casts and aggregates, and the rules
 *	  that pick one for a call site (PostgreSQL's function and operator
 *	  resolution).
 *
 * Role: the analyzer resolves `f(args)`, `a op b`, `x::t` and aggregate
 * calls against these tables; the executor calls the chosen entry's C
 * function through a FunctionCallInfo.
 *
 * Tables: each type family exports arrays of the rows below; fmgr_catalog.c
 * lists the arrays.  A row never changes at run time.  Adding a family's
 * rows is one line in fmgr_catalog.c:
 *	in foo.c:	static const BuiltinFunction foo_functions[] = {...};
 *				static const BuiltinOperator foo_operators[] = {...};
 *				const FmgrTableSet foo_fmgr = {
 *					FMGR_ROWS(foo_functions), FMGR_ROWS(foo_operators),
 *					FMGR_NO_ROWS, FMGR_NO_ROWS };	(casts, aggregates)
 *	in fmgr_catalog.c, add X(foo_fmgr) to FMGR_TABLE_SETS.
 *
 * Polymorphism: an argument declared ANYELEMENTOID or ANYNONARRAYOID
 * accepts any type, all such arguments of one call must have the same type,
 * and a rettype of ANYELEMENTOID means "that type" (unknown literals there
 * become text).  ANYOID accepts anything independently (count(any),
 * concat); an unknown literal passed to it is coerced to text.  Functions
 * with such arguments read the actual types from fcinfo->argtypes.
 *
 * Casts: a cast function is called with nargs = 3: args[0] the value,
 * args[1] the target typmod (Int32), args[2] is_explicit (Bool), and
 * result_type / argtypes[0] set; most read only args[0].  coerce_datum()
 * applies the target typmod afterwards through TypeInfo.apply_typmod.
 *
 * Provided by sql/types (so other families need not): min/max for every
 * ordered built-in type (numeric and the date/time types included, through
 * TypeInfo.compare), count, sum/avg over int2/int4/int8/float4/float8
 * (numeric results are built through numeric's input function),
 * bool_and/bool_or/every, string_agg.  sum/avg over numeric and interval
 * belong to numeric.c / the interval code.
 *
 * Calling convention: a PGFunction reads fcinfo->args[i] / argnull[i]
 * and returns a Datum; to return NULL it sets fcinfo->isnull = true.  A
 * strict function is never called with a NULL argument (the executor
 * returns NULL instead).  Results of by-reference types are palloc'd in
 * CurrentMemoryContext.  Errors are ereport(ERROR) with PostgreSQL's
 * SQLSTATE and message (22003 integer out of range, 22012 division by
 * zero, ...).
 *
 * The executor fills fcinfo->argtypes[i] with each argument's actual
 * (post-coercion) type and result_type with the resolved result type for
 * every call, aggregates' transition and final functions included.
 *
 * Set-returning functions (retset, e.g. generate_series): the executor
 * calls the function repeatedly with the same fcinfo; fcinfo->srf_state
 * starts NULL, the function keeps its state there (allocated in
 * fcinfo->srf_memctx), and sets fcinfo->srf_done = true (result ignored)
 * when there are no more rows.
 *
 * Aggregates: state = initval (or NULL); for each input row,
 * state = transfn(state, args...) (rows with a NULL argument are skipped
 * when strict_trans, and the first non-NULL input becomes the state when
 * initval is NULL and the transition type equals the input type, as in
 * PostgreSQL); result = finalfn(state) or state itself.  Transition
 * functions may modify a by-reference state in place when
 * fcinfo->agg_memctx is set (they allocate the state there).
 *-------------------------------------------------------------------------
 */
#ifndef FMGR_H
#define FMGR_H

#include "common/minipg.h"
#include "sql/types/datum.h"
#include "sql/types/types.h"
#include "utils/memctx.h"

#define FUNC_MAX_ARGS 8

typedef struct FunctionCallInfoData FunctionCallInfoData;
typedef FunctionCallInfoData *FunctionCallInfo;
typedef Datum (*PGFunction) (FunctionCallInfo fcinfo);

typedef enum FuncVolatility
{
	FUNC_IMMUTABLE,				/* same args, same result, always */
	FUNC_STABLE,				/* fixed within one statement (now()) */
	FUNC_VOLATILE,				/* may change every call (random()) */
} FuncVolatility;

typedef struct BuiltinFunction
{
	const char *name;
	int			nargs;
	Oid			argtypes[FUNC_MAX_ARGS];	/* ANYELEMENTOID: polymorphic */
	Oid			rettype;		/* ANYELEMENTOID: same as the polymorphic arg */
	bool		strict;
	FuncVolatility volatility;
	bool		retset;
	PGFunction	fn;
} BuiltinFunction;

struct FunctionCallInfoData
{
	const BuiltinFunction *func;	/* may be NULL when calling an operator/cast fn */
	int			nargs;
	Datum		args[FUNC_MAX_ARGS];
	bool		argnull[FUNC_MAX_ARGS];
	bool		isnull;			/* out: result is NULL */
	Oid			result_type;	/* resolved result type (polymorphic calls) */
	int32_t		result_typmod;
	/* Set-returning functions. */
	void	   *srf_state;
	MemoryContext srf_memctx;
	bool		srf_done;
	/* Aggregates: context for the transition state (NULL otherwise). */
	MemoryContext agg_memctx;
	/* Actual argument types (InvalidOid when unknown, e.g. call_function1). */
	Oid			argtypes[FUNC_MAX_ARGS];
};

typedef struct BuiltinOperator
{
	const char *name;			/* "+", "=", "||", "~~" ... */
	Oid			left;			/* InvalidOid for a prefix operator */
	Oid			right;
	Oid			result;
	PGFunction	fn;
} BuiltinOperator;

typedef enum CoercionContext
{
	COERCION_IMPLICIT,			/* anywhere (int4 -> int8) */
	COERCION_ASSIGNMENT,		/* storing into a column (int8 -> int4) */
	COERCION_EXPLICIT,			/* only with CAST / :: (text -> int4) */
} CoercionContext;

typedef struct BuiltinCast
{
	Oid			source;
	Oid			target;
	CoercionContext context;	/* weakest context where it applies */
	/*
	 * fn(value[, typmod, is_explicit]) converts; NULL means the two types
	 * share a representation (binary compatible: text <-> varchar) or,
	 * with via_io set, the conversion goes through the source type's
	 * output and the target's input.
	 */
	PGFunction	fn;
	bool		via_io;
} BuiltinCast;

typedef struct BuiltinAggregate
{
	const char *name;
	int			nargs;			/* 0 only for count(*) */
	Oid			argtype;		/* ANYELEMENTOID for min/max over any ordered type */
	Oid			transtype;		/* ANYELEMENTOID: same as the argument */
	Oid			rettype;		/* ANYELEMENTOID: same as the argument */
	PGFunction	transfn;
	PGFunction	finalfn;		/* NULL: the state is the result */
	const char *initval;		/* text form of the initial state, NULL = NULL */
	bool		strict_trans;
	Oid			argtype2;		/* second argument's type when nargs == 2
								 * (string_agg); transfn(state, arg1, arg2) */
} BuiltinAggregate;

/* ---- resolution (used by the analyzer) ---- */

/*
 * Resolve a function call by name and argument types (UNKNOWNOID for
 * untyped literals, InvalidOid never).  On success returns the function
 * and fills coerce_to[i] with the type each argument must be converted to
 * and *rettype with the (polymorphism-resolved) result type.  Returns NULL
 * when no function of that name accepts the arguments; raises ERROR 42725
 * "function %s is not unique" when several candidates tie.
 */
const BuiltinFunction *func_resolve(const char *name, int nargs, const Oid *argtypes,
									Oid *coerce_to, Oid *rettype);
/* Is there a function (or aggregate) with this name at all? */
bool		func_name_exists(const char *name);

/*
 * Function-style casts, as in PostgreSQL: every cast row with a function
 * is also callable as a function named after the target type (int4(x),
 * bool(x), float8(x), resolved like any function); and a one-argument
 * call named after a type with no exact match is a cast when the
 * argument is a literal or converts binary-compatibly or through I/O
 * (text(1), int4('12'), name('x')).  The rows returned for these run
 * coerce_datum(explicit) from their declared argument type (also in
 * fcinfo->argtypes[0]) to their rettype; for a literal, coerce_to[0] is
 * the target type itself.
 *
 * Ambiguity errors carry no cursor position; a caller that wants one
 * catches the error and sets elog_current_error()->cursorpos.
 */

/* "foo(integer, unknown)" / "text + integer" / "- unknown", for messages
 * like "function %s does not exist" and "operator does not exist: %s". */
char	   *func_signature_string(const char *name, int nargs, const Oid *argtypes);
char	   *oper_signature_string(const char *name, Oid left, Oid right);

/*
 * Same for operators; left is InvalidOid for prefix operators, and then
 * both *coerce_left and *coerce_right receive the operand's target type.
 */
const BuiltinOperator *oper_resolve(const char *name, Oid left, Oid right,
									Oid *coerce_left, Oid *coerce_right);

/* Same for aggregates. */
const BuiltinAggregate *agg_resolve(const char *name, int nargs, const Oid *argtypes,
									Oid *coerce_to, Oid *rettype);

/*
 * The cast from source to target usable in ctx, or NULL.  source ==
 * target never needs a cast.  UNKNOWNOID (a literal) casts to anything
 * through the target's input function.
 */
const BuiltinCast *cast_find(Oid source, Oid target, CoercionContext ctx);
bool		can_coerce(Oid source, Oid target, CoercionContext ctx);

/*
 * Convert a value: apply the cast (or input/output conversion) and then
 * the target typmod.  ERROR 42846 "cannot cast type %s to %s" when no cast
 * exists in ctx.
 */
Datum		coerce_datum(Datum value, Oid source, Oid target, int32_t target_typmod,
						 CoercionContext ctx);

/* For UNION/CASE/COALESCE/VALUES: the common type of several inputs
 * (PostgreSQL's select_common_type rules); ERROR 42804 when none. */
Oid			select_common_type(int n, const Oid *types, const char *context_name);

/* ---- calling ---- */

/*
 * Casts between integers and oid (int.c).  The oid-alias types (regclass)
 * share oid's representation and register these same functions.
 */
Datum		int2_to_oid(FunctionCallInfo fcinfo);
Datum		int8_to_oid(FunctionCallInfo fcinfo);
Datum		oid_to_int8(FunctionCallInfo fcinfo);

/* Call fn with 1..3 non-NULL args (convenience for by-hand calls). */
Datum		call_function1(PGFunction fn, Datum a);
Datum		call_function2(PGFunction fn, Datum a, Datum b);
Datum		call_function3(PGFunction fn, Datum a, Datum b, Datum c);

/* Argument/result helpers for function implementations. */
#define PG_NARGS()				(fcinfo->nargs)
#define PG_ARGISNULL(n)			(fcinfo->argnull[n])
#define PG_GETARG_DATUM(n)		(fcinfo->args[n])
#define PG_GETARG_BOOL(n)		DatumGetBool(fcinfo->args[n])
#define PG_GETARG_INT16(n)		DatumGetInt16(fcinfo->args[n])
#define PG_GETARG_INT32(n)		DatumGetInt32(fcinfo->args[n])
#define PG_GETARG_INT64(n)		DatumGetInt64(fcinfo->args[n])
#define PG_GETARG_OID(n)		DatumGetObjectId(fcinfo->args[n])
#define PG_GETARG_FLOAT4(n)		DatumGetFloat4(fcinfo->args[n])
#define PG_GETARG_FLOAT8(n)		DatumGetFloat8(fcinfo->args[n])
#define PG_GETARG_TEXT_P(n)		DatumGetTextP(fcinfo->args[n])
#define PG_GETARG_POINTER(n)	DatumGetPointer(fcinfo->args[n])
#define PG_RETURN_NULL()		do { fcinfo->isnull = true; return (Datum) 0; } while (0)
#define PG_RETURN_DATUM(x)		return (x)
#define PG_RETURN_BOOL(x)		return BoolGetDatum(x)
#define PG_RETURN_INT16(x)		return Int16GetDatum(x)
#define PG_RETURN_INT32(x)		return Int32GetDatum(x)
#define PG_RETURN_INT64(x)		return Int64GetDatum(x)
#define PG_RETURN_OID(x)		return ObjectIdGetDatum(x)
#define PG_RETURN_FLOAT4(x)		return Float4GetDatum(x)
#define PG_RETURN_FLOAT8(x)		return Float8GetDatum(x)
#define PG_RETURN_TEXT_P(x)		return PointerGetDatum(x)
#define PG_RETURN_POINTER(x)	return PointerGetDatum(x)
#define PG_RETURN_VOID()		return (Datum) 0

/* ---- the tables (see fmgr_catalog.c) ---- */

typedef struct FmgrTableSet
{
	const BuiltinFunction *functions;
	int			n_functions;
	const BuiltinOperator *operators;
	int			n_operators;
	const BuiltinCast *casts;
	int			n_casts;
	const BuiltinAggregate *aggregates;
	int			n_aggregates;
} FmgrTableSet;

#define FMGR_ROWS(array)	(array), (int) lengthof(array)
#define FMGR_NO_ROWS		NULL, 0

/* Every registered set, for catalog views (pg_proc, pg_operator, pg_cast). */
int			fmgr_table_set_count(void);
const FmgrTableSet *fmgr_table_set(int i);

#endif							/* FMGR_H */
