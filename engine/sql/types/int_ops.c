/*-------------------------------------------------------------------------
 * int_ops.c
 *	  Operators and functions over int2, int4, int8 and oid: arithmetic
 *	  with overflow checks, comparisons (also across widths), bitwise
 *	  operators, abs, mod, to_hex, generate_series.
 *
 * Role: rows of pg_operator / pg_proc for the integer family, with the
 * same argument and result types as PostgreSQL 15 (int2 + int4 -> int4,
 * int4 + int8 -> int8, ...), so operator resolution picks the same entry.
 *
 * Invariants:
 *	- No C signed overflow: every operation is done in int64 with
 *	  __builtin_*_overflow and then range-checked for the result width,
 *	  raising 22003 "smallint/integer/bigint out of range".
 *	- Division truncates toward zero; x / 0 and x % 0 raise 22012;
 *	  MIN % -1 is 0, MIN / -1 is out of range.
 *	- Shift counts behave as on x86 (taken modulo the operand width), which
 *	  is what PostgreSQL's plain C shifts produce there.
 *
 * Entry points: int_ops_fmgr (exported table set).
 * See also: int.c (I/O and casts).
 *-------------------------------------------------------------------------
 */
#include <inttypes.h>

#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

typedef enum IntWidth
{
	W2,
	W4,
	W8,
} IntWidth;

static pg_noreturn void
int_out_of_range(IntWidth w)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("%s out of range", w == W2 ? "smallint" : w == W4 ? "integer" : "bigint"));
	__builtin_unreachable();
}

static pg_noreturn void
division_by_zero(void)
{
	ereport(ERROR, errcode(ERRCODE_DIVISION_BY_ZERO), errmsg("division by zero"));
	__builtin_unreachable();
}

/* Pack v as a value of width w, or raise "out of range". */
static Datum
int_result(int64_t v, IntWidth w)
{
	switch (w)
	{
		case W2:
			if (v < INT16_MIN || v > INT16_MAX)
				int_out_of_range(w);
			return Int16GetDatum((int16_t) v);
		case W4:
			if (v < INT32_MIN || v > INT32_MAX)
				int_out_of_range(w);
			return Int32GetDatum((int32_t) v);
		case W8:
			break;
	}
	return Int64GetDatum(v);
}

static Datum
int_add(int64_t a, int64_t b, IntWidth w)
{
	int64_t		r;

	if (__builtin_add_overflow(a, b, &r))
		int_out_of_range(w);
	return int_result(r, w);
}

static Datum
int_sub(int64_t a, int64_t b, IntWidth w)
{
	int64_t		r;

	if (__builtin_sub_overflow(a, b, &r))
		int_out_of_range(w);
	return int_result(r, w);
}

static Datum
int_mul(int64_t a, int64_t b, IntWidth w)
{
	int64_t		r;

	if (__builtin_mul_overflow(a, b, &r))
		int_out_of_range(w);
	return int_result(r, w);
}

static Datum
int_div(int64_t a, int64_t b, IntWidth w)
{
	if (b == 0)
		division_by_zero();
	if (b == -1)
		return int_sub(0, a, w);	/* INT64_MIN / -1 would trap */
	return int_result(a / b, w);
}

static Datum
int_mod(int64_t a, int64_t b, IntWidth w)
{
	if (b == 0)
		division_by_zero();
	if (b == -1)
		return int_result(0, w);	/* INT64_MIN % -1 would trap */
	return int_result(a % b, w);
}

#define A2 DatumGetInt16(fcinfo->args[0])
#define A4 DatumGetInt32(fcinfo->args[0])
#define A8 DatumGetInt64(fcinfo->args[0])
#define B2 DatumGetInt16(fcinfo->args[1])
#define B4 DatumGetInt32(fcinfo->args[1])
#define B8 DatumGetInt64(fcinfo->args[1])

/* One binary arithmetic function: left/right getters, result width. */
#define INT_ARITH(fname, GA, GB, W, op) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		return int_##op((int64_t) GA, (int64_t) GB, W); \
	}

/* + - * / for one (left, right) pair. */
#define INT_ARITH_SET(pfx, GA, GB, W) \
	INT_ARITH(pfx##_pl, GA, GB, W, add) \
	INT_ARITH(pfx##_mi, GA, GB, W, sub) \
	INT_ARITH(pfx##_mul, GA, GB, W, mul) \
	INT_ARITH(pfx##_div, GA, GB, W, div)

INT_ARITH_SET(int22, A2, B2, W2)
INT_ARITH_SET(int24, A2, B4, W4)
INT_ARITH_SET(int42, A4, B2, W4)
INT_ARITH_SET(int44, A4, B4, W4)
INT_ARITH_SET(int28, A2, B8, W8)
INT_ARITH_SET(int82, A8, B2, W8)
INT_ARITH_SET(int48, A4, B8, W8)
INT_ARITH_SET(int84, A8, B4, W8)
INT_ARITH_SET(int88, A8, B8, W8)
INT_ARITH(int22_mod, A2, B2, W2, mod)
INT_ARITH(int44_mod, A4, B4, W4, mod)
INT_ARITH(int88_mod, A8, B8, W8, mod)

/* = <> < <= > >= for one (left, right) pair, compared as int64. */
#define INT_CMP(fname, GA, GB, op) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		PG_RETURN_BOOL((int64_t) GA op (int64_t) GB); \
	}
#define INT_CMP_SET(pfx, GA, GB) \
	INT_CMP(pfx##_eq, GA, GB, ==) \
	INT_CMP(pfx##_ne, GA, GB, !=) \
	INT_CMP(pfx##_lt, GA, GB, <) \
	INT_CMP(pfx##_le, GA, GB, <=) \
	INT_CMP(pfx##_gt, GA, GB, >) \
	INT_CMP(pfx##_ge, GA, GB, >=)

INT_CMP_SET(int22, A2, B2)
INT_CMP_SET(int24, A2, B4)
INT_CMP_SET(int28, A2, B8)
INT_CMP_SET(int42, A4, B2)
INT_CMP_SET(int44, A4, B4)
INT_CMP_SET(int48, A4, B8)
INT_CMP_SET(int82, A8, B2)
INT_CMP_SET(int84, A8, B4)
INT_CMP_SET(int88, A8, B8)

#define OID_CMP(fname, op) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		PG_RETURN_BOOL(PG_GETARG_OID(0) op PG_GETARG_OID(1)); \
	}
OID_CMP(oid_eq, ==)
OID_CMP(oid_ne, !=)
OID_CMP(oid_lt, <)
OID_CMP(oid_le, <=)
OID_CMP(oid_gt, >)
OID_CMP(oid_ge, >=)

/* ---- unary operators and abs ---- */

#define INT_UNARY_SET(pfx, GA, W) \
	static Datum pfx##_um(FunctionCallInfo fcinfo) { return int_sub(0, (int64_t) GA, W); } \
	static Datum pfx##_up(FunctionCallInfo fcinfo) { return fcinfo->args[0]; } \
	static Datum pfx##_abs(FunctionCallInfo fcinfo) \
	{ \
		int64_t		v = (int64_t) GA; \
		return v < 0 ? int_sub(0, v, W) : int_result(v, W); \
	}

INT_UNARY_SET(int2, A2, W2)
INT_UNARY_SET(int4, A4, W4)
INT_UNARY_SET(int8, A8, W8)

/* ---- bitwise operators ---- */

#define INT_BITOPS(pfx, GA, GB, CT, UT, bits, W) \
	static Datum pfx##_and(FunctionCallInfo fcinfo) { return int_result((CT) (GA & GB), W); } \
	static Datum pfx##_or(FunctionCallInfo fcinfo) { return int_result((CT) (GA | GB), W); } \
	static Datum pfx##_xor(FunctionCallInfo fcinfo) { return int_result((CT) (GA ^ GB), W); } \
	static Datum pfx##_not(FunctionCallInfo fcinfo) { return int_result((CT) ~GA, W); } \
	static Datum pfx##_shl(FunctionCallInfo fcinfo) \
	{ \
		UT			v = (UT) GA << ((uint32_t) B4 & ((bits) - 1)); \
		return int_result((CT) v, W); \
	} \
	static Datum pfx##_shr(FunctionCallInfo fcinfo) \
	{ \
		return int_result((CT) (GA >> ((uint32_t) B4 & ((bits) - 1))), W); \
	}

/* int2 operands are promoted to int, so their shift counts wrap at 32. */
INT_BITOPS(int2, (int32_t) A2, (int32_t) B2, int16_t, uint32_t, 32, W2)
INT_BITOPS(int4, A4, B4, int32_t, uint32_t, 32, W4)
INT_BITOPS(int8, A8, B8, int64_t, uint64_t, 64, W8)

/* ---- functions ---- */

static Datum
int4_to_hex(FunctionCallInfo fcinfo)
{
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%" PRIx32, (uint32_t) PG_GETARG_INT32(0))));
}

static Datum
int8_to_hex(FunctionCallInfo fcinfo)
{
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%" PRIx64, (uint64_t) PG_GETARG_INT64(0))));
}

/* generate_series state: the next value and the end, as int64. */
typedef struct SeriesState
{
	int64_t		next;
	int64_t		stop;
	int64_t		step;
	bool		done;
} SeriesState;

static Datum
series_next(FunctionCallInfo fcinfo, IntWidth w, int64_t start, int64_t stop, int64_t step)
{
	SeriesState *st = fcinfo->srf_state;

	if (st == NULL)
	{
		if (step == 0)
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("step size cannot equal zero"));
		st = memctx_alloc(fcinfo->srf_memctx != NULL ? fcinfo->srf_memctx : CurrentMemoryContext,
						  sizeof(SeriesState));
		st->next = start;
		st->stop = stop;
		st->step = step;
		st->done = false;
		fcinfo->srf_state = st;
	}
	if (st->done || (st->step > 0 ? st->next > st->stop : st->next < st->stop))
	{
		fcinfo->srf_done = true;
		return (Datum) 0;
	}

	int64_t		current = st->next;

	/* Stop instead of overflowing past the type's last value. */
	if (__builtin_add_overflow(st->next, st->step, &st->next))
		st->done = true;
	return int_result(current, w);
}

static Datum
series_int4(FunctionCallInfo fcinfo)
{
	return series_next(fcinfo, W4, A4, B4, PG_NARGS() > 2 ? PG_GETARG_INT32(2) : 1);
}

static Datum
series_int8(FunctionCallInfo fcinfo)
{
	return series_next(fcinfo, W8, A8, B8, PG_NARGS() > 2 ? PG_GETARG_INT64(2) : 1);
}

/* ---- tables ---- */

#define ARITH_ROWS(pfx, L, R, RES) \
	{"+", L, R, RES, pfx##_pl}, \
	{"-", L, R, RES, pfx##_mi}, \
	{"*", L, R, RES, pfx##_mul}, \
	{"/", L, R, RES, pfx##_div}

#define CMP_ROWS(pfx, L, R) \
	{"=", L, R, BOOLOID, pfx##_eq}, \
	{"<>", L, R, BOOLOID, pfx##_ne}, \
	{"<", L, R, BOOLOID, pfx##_lt}, \
	{"<=", L, R, BOOLOID, pfx##_le}, \
	{">", L, R, BOOLOID, pfx##_gt}, \
	{">=", L, R, BOOLOID, pfx##_ge}

#define UNARY_ROWS(pfx, T) \
	{"-", InvalidOid, T, T, pfx##_um}, \
	{"+", InvalidOid, T, T, pfx##_up}, \
	{"@", InvalidOid, T, T, pfx##_abs}, \
	{"~", InvalidOid, T, T, pfx##_not}, \
	{"&", T, T, T, pfx##_and}, \
	{"|", T, T, T, pfx##_or}, \
	{"#", T, T, T, pfx##_xor}, \
	{"<<", T, INT4OID, T, pfx##_shl}, \
	{">>", T, INT4OID, T, pfx##_shr}

static const BuiltinOperator int_operators[] = {
	ARITH_ROWS(int22, INT2OID, INT2OID, INT2OID),
	ARITH_ROWS(int24, INT2OID, INT4OID, INT4OID),
	ARITH_ROWS(int42, INT4OID, INT2OID, INT4OID),
	ARITH_ROWS(int44, INT4OID, INT4OID, INT4OID),
	ARITH_ROWS(int28, INT2OID, INT8OID, INT8OID),
	ARITH_ROWS(int82, INT8OID, INT2OID, INT8OID),
	ARITH_ROWS(int48, INT4OID, INT8OID, INT8OID),
	ARITH_ROWS(int84, INT8OID, INT4OID, INT8OID),
	ARITH_ROWS(int88, INT8OID, INT8OID, INT8OID),
	{"%", INT2OID, INT2OID, INT2OID, int22_mod},
	{"%", INT4OID, INT4OID, INT4OID, int44_mod},
	{"%", INT8OID, INT8OID, INT8OID, int88_mod},
	CMP_ROWS(int22, INT2OID, INT2OID),
	CMP_ROWS(int24, INT2OID, INT4OID),
	CMP_ROWS(int28, INT2OID, INT8OID),
	CMP_ROWS(int42, INT4OID, INT2OID),
	CMP_ROWS(int44, INT4OID, INT4OID),
	CMP_ROWS(int48, INT4OID, INT8OID),
	CMP_ROWS(int82, INT8OID, INT2OID),
	CMP_ROWS(int84, INT8OID, INT4OID),
	CMP_ROWS(int88, INT8OID, INT8OID),
	CMP_ROWS(oid, OIDOID, OIDOID),
	UNARY_ROWS(int2, INT2OID),
	UNARY_ROWS(int4, INT4OID),
	UNARY_ROWS(int8, INT8OID),
};

#define F1(n, a, r, fn) {n, 1, {a}, r, true, FUNC_IMMUTABLE, false, fn}
#define F2(n, a, b, r, fn) {n, 2, {a, b}, r, true, FUNC_IMMUTABLE, false, fn}

static const BuiltinFunction int_functions[] = {
	F1("abs", INT2OID, INT2OID, int2_abs),
	F1("abs", INT4OID, INT4OID, int4_abs),
	F1("abs", INT8OID, INT8OID, int8_abs),
	F2("mod", INT2OID, INT2OID, INT2OID, int22_mod),
	F2("mod", INT4OID, INT4OID, INT4OID, int44_mod),
	F2("mod", INT8OID, INT8OID, INT8OID, int88_mod),
	F1("to_hex", INT4OID, TEXTOID, int4_to_hex),
	F1("to_hex", INT8OID, TEXTOID, int8_to_hex),
	{"generate_series", 2, {INT4OID, INT4OID}, INT4OID, true, FUNC_IMMUTABLE, true, series_int4},
	{"generate_series", 3, {INT4OID, INT4OID, INT4OID}, INT4OID, true, FUNC_IMMUTABLE, true,
	series_int4},
	{"generate_series", 2, {INT8OID, INT8OID}, INT8OID, true, FUNC_IMMUTABLE, true, series_int8},
	{"generate_series", 3, {INT8OID, INT8OID, INT8OID}, INT8OID, true, FUNC_IMMUTABLE, true,
	series_int8},
};

const FmgrTableSet int_ops_fmgr = {
	FMGR_ROWS(int_functions),
	FMGR_ROWS(int_operators),
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
};
