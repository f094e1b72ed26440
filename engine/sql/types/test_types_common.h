/*-------------------------------------------------------------------------
 * test_types_common.h
 *	  Helpers shared by the sql/types unit tests (test_types_*.c,
 *	  test_fmgr_resolve.c): a miniature analyzer + executor for one
 *	  operator, function or aggregate call, and error capture.
 *
 * How: eval_op()/eval_func() resolve the call with oper_resolve /
 * func_resolve exactly as the analyzer does, convert each argument with
 * coerce_datum (unknown literals through the input function), call the
 * C function with argtypes/result_type set, and print the result with
 * the result type's output function.  run_agg() drives an aggregate the
 * way fmgr.h describes.  Expected strings in the tests come from the
 * reference PostgreSQL 15 server, never from this code.
 *-------------------------------------------------------------------------
 */
#ifndef TEST_TYPES_COMMON_H
#define TEST_TYPES_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "sql/types/fmgr.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/test_elog.h"

/*
 * Run stmt expecting ERROR; check SQLSTATE and the exact message.
 */
#define EXPECT_ERROR_EXACT(stmt, want_state_, want_msg_) \
	do { \
		CapturedError c_; \
		CATCH_ERROR(c_, stmt); \
		if (!c_.caught) \
			fail_msg("no error from %s (expected %s)", #stmt, want_msg_); \
		assert_string_equal(c_.sqlstate, want_state_); \
		assert_string_equal(c_.message, want_msg_); \
	} while (0)

static inline void
types_test_init(void)
{
	memctx_init();
	guc_init();
}

/* A value of type t from its text (unknown: the C string itself). */
static inline Datum
value_from_text(Oid t, const char *s)
{
	if (t == UNKNOWNOID)
		return CStringGetDatum(s);
	return type_input(t, s, -1);
}

/* Call fn on coerced arguments; NULL result -> "NULL". */
static inline char *
call_and_print(PGFunction fn, int nargs, const Oid *types, const char *const *vals,
			   const Oid *coerce_to, Oid rettype, bool strict)
{
	FunctionCallInfoData fc;

	memset(&fc, 0, sizeof(fc));
	fc.nargs = nargs;
	fc.result_type = rettype;
	fc.result_typmod = -1;
	for (int i = 0; i < nargs; i++)
	{
		fc.argtypes[i] = coerce_to[i];
		if (vals[i] == NULL)
		{
			if (strict)
				return pstrdup("NULL");
			fc.argnull[i] = true;
			continue;
		}
		fc.args[i] = coerce_datum(value_from_text(types[i], vals[i]), types[i], coerce_to[i],
								  -1, COERCION_IMPLICIT);
	}
	Datum		r = fn(&fc);

	if (fc.isnull)
		return pstrdup("NULL");
	return type_output(rettype, r);
}

/* "l op r" (l_type InvalidOid: prefix).  Fails the test if unresolved. */
static inline char *
eval_op(const char *op, Oid ltype, const char *lval, Oid rtype, const char *rval)
{
	Oid			cl,
				cr;
	const BuiltinOperator *o = oper_resolve(op, ltype, rtype, &cl, &cr);

	if (o == NULL)
		fail_msg("operator does not exist: %s", oper_signature_string(op, ltype, rtype));
	if (ltype == InvalidOid)
		return call_and_print(o->fn, 1, &rtype, &rval, &cr, o->result, true);

	Oid			types[2] = {ltype, rtype};
	const char *vals[2] = {lval, rval};
	Oid			coerce[2] = {cl, cr};

	return call_and_print(o->fn, 2, types, vals, coerce, o->result, true);
}

/* The result type of "l op r", InvalidOid when no operator matches. */
static inline Oid
op_result_type(const char *op, Oid ltype, Oid rtype)
{
	const BuiltinOperator *o = oper_resolve(op, ltype, rtype, NULL, NULL);

	return o != NULL ? o->result : InvalidOid;
}

static inline char *
eval_func(const char *name, int nargs, const Oid *types, const char *const *vals)
{
	Oid			coerce[FUNC_MAX_ARGS];
	Oid			rettype;
	const BuiltinFunction *f = func_resolve(name, nargs, types, coerce, &rettype);

	if (f == NULL)
		fail_msg("function does not exist: %s", func_signature_string(name, nargs, types));
	return call_and_print(f->fn, nargs, types, vals, coerce, rettype, f->strict);
}

/* One-argument convenience: name(value::type). */
static inline char *
eval_func1(const char *name, Oid t, const char *v)
{
	return eval_func(name, 1, &t, &v);
}

static inline char *
eval_func2(const char *name, Oid t1, const char *v1, Oid t2, const char *v2)
{
	Oid			types[2] = {t1, t2};
	const char *vals[2] = {v1, v2};

	return eval_func(name, 2, types, vals);
}

static inline char *
eval_func3(const char *name, Oid t1, const char *v1, Oid t2, const char *v2,
		   Oid t3, const char *v3)
{
	Oid			types[3] = {t1, t2, t3};
	const char *vals[3] = {v1, v2, v3};

	return eval_func(name, 3, types, vals);
}

/* Text -> value -> text through one type. */
static inline char *
roundtrip(Oid t, const char *s)
{
	return type_output(t, type_input(t, s, -1));
}

/* Explicit/assignment/implicit cast of a text-given value, printed. */
static inline char *
cast_text(Oid from, const char *s, Oid to, int32_t typmod, CoercionContext ctx)
{
	return type_output(to, coerce_datum(value_from_text(from, s), from, to, typmod, ctx));
}

/*
 * Run an aggregate over vals (NULL entries are SQL NULLs) of type t, the
 * way the executor does: init state, transition (strictness rules), final.
 */
static inline char *
run_agg(const char *name, Oid t, const char *const *vals, int n)
{
	Oid			coerce[1];
	Oid			rettype;
	int			nargs = (t == InvalidOid) ? 0 : 1;
	const BuiltinAggregate *a = agg_resolve(name, nargs, &t, coerce, &rettype);
	MemoryContext aggctx = memctx_create(CurrentMemoryContext, "test agg");
	Datum		state = (Datum) 0;
	bool		state_null = true;
	Oid			transtype;

	if (a == NULL)
		fail_msg("aggregate does not exist: %s", func_signature_string(name, nargs, &t));
	transtype = a->transtype == ANYELEMENTOID ? coerce[0] : a->transtype;
	if (a->initval != NULL)
	{
		state = type_input(transtype, a->initval, -1);
		state_null = false;
	}
	for (int i = 0; i < n; i++)
	{
		FunctionCallInfoData fc;
		bool		arg_null = (nargs == 1 && vals[i] == NULL);
		Datum		arg = (Datum) 0;

		if (nargs == 1 && !arg_null)
			arg = coerce_datum(value_from_text(t, vals[i]), t, coerce[0], -1, COERCION_IMPLICIT);
		if (a->strict_trans && arg_null)
			continue;
		if (a->strict_trans && state_null && transtype == coerce[0])
		{
			const TypeInfo *ti = type_get(transtype);
			MemoryContext old = memctx_switch_to(aggctx);

			state = datum_copy(arg, ti->byval, ti->typlen);
			memctx_switch_to(old);
			state_null = false;
			continue;
		}
		memset(&fc, 0, sizeof(fc));
		fc.nargs = nargs + 1;
		fc.args[0] = state;
		fc.argnull[0] = state_null;
		fc.argtypes[0] = transtype;
		fc.args[1] = arg;
		fc.argnull[1] = arg_null;
		fc.argtypes[1] = coerce[0];
		fc.result_type = transtype;
		fc.agg_memctx = aggctx;
		state = a->transfn(&fc);
		state_null = fc.isnull;
	}
	if (a->finalfn != NULL)
	{
		FunctionCallInfoData fc;

		memset(&fc, 0, sizeof(fc));
		fc.nargs = 1;
		fc.args[0] = state;
		fc.argnull[0] = state_null;
		fc.argtypes[0] = transtype;
		fc.result_type = rettype;
		state = a->finalfn(&fc);
		state_null = fc.isnull;
	}
	return state_null ? pstrdup("NULL") : type_output(rettype, state);
}

#endif							/* TEST_TYPES_COMMON_H */
