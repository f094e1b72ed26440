/*-------------------------------------------------------------------------
 * text_ops.c
 *	  Operators over the character types: comparisons for text, bpchar,
 *	  name (also name vs text) and "char", concatenation (||, including
 *	  text || anynonarray), and ^@ (starts with).
 *
 * Role: rows of pg_operator for the string family.  varchar has no
 * operators of its own: it reaches text's through the binary-compatible
 * cast, exactly as in PostgreSQL, so resolution picks the same entries.
 *
 * Invariants:
 *	- Comparisons are byte-wise (C.UTF-8 collation); bpchar comparisons
 *	  ignore trailing spaces.
 *	- text || anynonarray converts the non-text side with its cast to
 *	  text (type from fcinfo->argtypes), as PostgreSQL's SQL definition
 *	  "$1 || $2::text" does: 'a' || true is 'atrue'.
 *
 * Entry points: text_ops_fmgr (exported table set).
 * See also: text.c (types and casts), like.c, text_funcs.c.
 *-------------------------------------------------------------------------
 */
#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* A borrowed view of a string argument's bytes. */
typedef struct StrArg
{
	const char *s;
	int			len;
} StrArg;

static StrArg
text_arg(FunctionCallInfo fcinfo, int n)
{
	text	   *t = PG_GETARG_TEXT_P(n);

	return (StrArg) {VARDATA(t), VARSIZE_EXHDR(t)};
}

static StrArg
bpchar_arg(FunctionCallInfo fcinfo, int n)
{
	StrArg		a = text_arg(fcinfo, n);

	while (a.len > 0 && a.s[a.len - 1] == ' ')
		a.len--;
	return a;
}

static StrArg
name_arg(FunctionCallInfo fcinfo, int n)
{
	const char *s = DatumGetCString(PG_GETARG_DATUM(n));

	return (StrArg) {s, (int) strnlen(s, NAMEDATALEN)};
}

static int
str_cmp(StrArg a, StrArg b)
{
	int			r = memcmp(a.s, b.s, (size_t) Min(a.len, b.len));

	if (r != 0)
		return r;
	return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

static bool
str_eq(StrArg a, StrArg b)
{
	return a.len == b.len && memcmp(a.s, b.s, (size_t) a.len) == 0;
}

#define STR_CMP_SET(pfx, GA, GB) \
	static Datum pfx##_eq(FunctionCallInfo fcinfo) \
	{ PG_RETURN_BOOL(str_eq(GA(fcinfo, 0), GB(fcinfo, 1))); } \
	static Datum pfx##_ne(FunctionCallInfo fcinfo) \
	{ PG_RETURN_BOOL(!str_eq(GA(fcinfo, 0), GB(fcinfo, 1))); } \
	static Datum pfx##_lt(FunctionCallInfo fcinfo) \
	{ PG_RETURN_BOOL(str_cmp(GA(fcinfo, 0), GB(fcinfo, 1)) < 0); } \
	static Datum pfx##_le(FunctionCallInfo fcinfo) \
	{ PG_RETURN_BOOL(str_cmp(GA(fcinfo, 0), GB(fcinfo, 1)) <= 0); } \
	static Datum pfx##_gt(FunctionCallInfo fcinfo) \
	{ PG_RETURN_BOOL(str_cmp(GA(fcinfo, 0), GB(fcinfo, 1)) > 0); } \
	static Datum pfx##_ge(FunctionCallInfo fcinfo) \
	{ PG_RETURN_BOOL(str_cmp(GA(fcinfo, 0), GB(fcinfo, 1)) >= 0); }

STR_CMP_SET(text, text_arg, text_arg)
STR_CMP_SET(bpchar, bpchar_arg, bpchar_arg)
STR_CMP_SET(name, name_arg, name_arg)
STR_CMP_SET(nametext, name_arg, text_arg)
STR_CMP_SET(textname, text_arg, name_arg)

#define CHAR_CMP(fname, op) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		PG_RETURN_BOOL((unsigned char) DatumGetChar(PG_GETARG_DATUM(0)) op \
					   (unsigned char) DatumGetChar(PG_GETARG_DATUM(1))); \
	}
CHAR_CMP(char_eq, ==)
CHAR_CMP(char_ne, !=)
CHAR_CMP(char_lt, <)
CHAR_CMP(char_le, <=)
CHAR_CMP(char_gt, >)
CHAR_CMP(char_ge, >=)

/* ---- concatenation ---- */

static Datum
concat_bytes(StrArg a, StrArg b)
{
	int64_t		total = (int64_t) a.len + b.len;

	if (total > (int64_t) (MaxAllocSize - VARHDRSZ))
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("requested length too large"));
	text	   *r = palloc((size_t) total + VARHDRSZ);

	SET_VARSIZE(r, (int32_t) total + VARHDRSZ);
	memcpy(VARDATA(r), a.s, (size_t) a.len);
	memcpy(VARDATA(r) + a.len, b.s, (size_t) b.len);
	return PointerGetDatum(r);
}

static Datum
text_cat(FunctionCallInfo fcinfo)
{
	return concat_bytes(text_arg(fcinfo, 0), text_arg(fcinfo, 1));
}

/*
 * Argument n converted to text as "$n::text" would (PostgreSQL defines
 * text || anynonarray that way): the type's cast to text if it has one
 * (boolean gives "true"), its output function otherwise.
 */
static StrArg
any_as_text(FunctionCallInfo fcinfo, int n)
{
	Oid			typid = fcinfo->argtypes[n];

	if (typid == TEXTOID || typid == VARCHAROID)
		return text_arg(fcinfo, n);
	if (typid == InvalidOid)
		elog(ERROR, "could not determine the type of argument %d of ||", n + 1);

	text	   *t = DatumGetTextP(coerce_datum(PG_GETARG_DATUM(n), typid, TEXTOID, -1,
											   COERCION_EXPLICIT));

	return (StrArg) {VARDATA(t), VARSIZE_EXHDR(t)};
}

static Datum
text_any_cat(FunctionCallInfo fcinfo)
{
	return concat_bytes(text_arg(fcinfo, 0), any_as_text(fcinfo, 1));
}

static Datum
any_text_cat(FunctionCallInfo fcinfo)
{
	return concat_bytes(any_as_text(fcinfo, 0), text_arg(fcinfo, 1));
}

/* ---- starts_with ---- */

static Datum
text_starts_with(FunctionCallInfo fcinfo)
{
	StrArg		s = text_arg(fcinfo, 0);
	StrArg		p = text_arg(fcinfo, 1);

	PG_RETURN_BOOL(p.len <= s.len && memcmp(s.s, p.s, (size_t) p.len) == 0);
}

#define CMP_ROWS(pfx, L, R) \
	{"=", L, R, BOOLOID, pfx##_eq}, \
	{"<>", L, R, BOOLOID, pfx##_ne}, \
	{"<", L, R, BOOLOID, pfx##_lt}, \
	{"<=", L, R, BOOLOID, pfx##_le}, \
	{">", L, R, BOOLOID, pfx##_gt}, \
	{">=", L, R, BOOLOID, pfx##_ge}

static const BuiltinOperator text_operators[] = {
	CMP_ROWS(text, TEXTOID, TEXTOID),
	CMP_ROWS(bpchar, BPCHAROID, BPCHAROID),
	CMP_ROWS(name, NAMEOID, NAMEOID),
	CMP_ROWS(nametext, NAMEOID, TEXTOID),
	CMP_ROWS(textname, TEXTOID, NAMEOID),
	CMP_ROWS(char, CHAROID, CHAROID),
	{"||", TEXTOID, TEXTOID, TEXTOID, text_cat},
	{"||", TEXTOID, ANYNONARRAYOID, TEXTOID, text_any_cat},
	{"||", ANYNONARRAYOID, TEXTOID, TEXTOID, any_text_cat},
	{"^@", TEXTOID, TEXTOID, BOOLOID, text_starts_with},
};

static const BuiltinFunction text_op_functions[] = {
	{"textcat", 2, {TEXTOID, TEXTOID}, TEXTOID, true, FUNC_IMMUTABLE, false, text_cat},
	{"starts_with", 2, {TEXTOID, TEXTOID}, BOOLOID, true, FUNC_IMMUTABLE, false,
	text_starts_with},
};

const FmgrTableSet text_ops_fmgr = {
	FMGR_ROWS(text_op_functions),
	FMGR_ROWS(text_operators),
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
};
