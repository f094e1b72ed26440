/*-------------------------------------------------------------------------
 * like.c
 *	  LIKE / ILIKE / NOT LIKE (~~, ~~*, !~~, !~~*) for text, bpchar, name
 *	  and bytea, and like_escape() for LIKE ... ESCAPE.
 *
 * Role: pattern matching with % (any run) and _ (one character, or one
 * byte for bytea), backslash escaping the next character.
 *
 * Invariants:
 *	- Matching is iterative (no recursion): on a mismatch it backtracks to
 *	  the last %, so time is O(len(string) * len(pattern)) and the stack
 *	  is constant whatever the input.
 *	- A pattern whose last character is an unused escape raises 22025
 *	  "LIKE pattern must not end with escape character" when the matcher
 *	  reaches it with string left to match; as in PostgreSQL, a mismatch
 *	  before it, or reaching it at the end of the string, is just false.
 *	- ILIKE lower-cases string and pattern (C.UTF-8 rules) and matches
 *	  case-sensitively, as PostgreSQL does for UTF-8 databases.
 *	- bpchar LIKE sees the padded value (trailing spaces count).
 *
 * Entry points: like_fmgr (exported table set).
 * See also: text_ops.c, type_support.c (UTF-8 and case mapping).
 *-------------------------------------------------------------------------
 */
#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

static pg_noreturn void
pattern_ends_with_escape(void)
{
	ereport(ERROR, errcode(ERRCODE_INVALID_ESCAPE_SEQUENCE),
			errmsg("LIKE pattern must not end with escape character"));
	__builtin_unreachable();
}

/* Length of the unit at s: a UTF-8 character, or one byte for bytea. */
static inline int
unit_len(const char *s, bool bytewise)
{
	return bytewise ? 1 : type_utf8_mblen((unsigned char) *s);
}

/*
 * Does s[0..slen) match pattern p[0..plen)?  Characters are compared as
 * whole units, so a multibyte character never matches half of another.
 */
static bool
like_match(const char *s, int slen, const char *p, int plen, bool bytewise)
{
	int			si = 0,
				pi = 0;
	int			star_pi = -1,
				star_si = 0;

	while (si < slen)
	{
		if (pi < plen && p[pi] == '%')
		{
			star_pi = ++pi;
			star_si = si;
			continue;
		}
		if (pi < plen && p[pi] == '_')
		{
			pi++;
			si += unit_len(s + si, bytewise);
			continue;
		}
		if (pi < plen)
		{
			int			lit = pi;

			if (p[pi] == '\\')
			{
				if (pi + 1 >= plen)
					pattern_ends_with_escape();
				lit = pi + 1;
			}

			int			n = unit_len(p + lit, bytewise);

			if (n <= slen - si && lit + n <= plen && memcmp(p + lit, s + si, (size_t) n) == 0)
			{
				pi = lit + n;
				si += n;
				continue;
			}
		}
		/* mismatch: let the last % swallow one more unit, or fail */
		if (star_pi < 0)
			return false;
		star_si += unit_len(s + star_si, bytewise);
		si = star_si;
		pi = star_pi;
	}
	/* string used up: only %s may remain (a dangling escape just fails) */
	while (pi < plen && p[pi] == '%')
		pi++;
	return pi == plen;
}

typedef struct Bytes
{
	const char *s;
	int			len;
} Bytes;

static Bytes
varlena_arg(FunctionCallInfo fcinfo, int n)
{
	text	   *t = PG_GETARG_TEXT_P(n);

	return (Bytes) {VARDATA(t), VARSIZE_EXHDR(t)};
}

static Bytes
name_arg(FunctionCallInfo fcinfo, int n)
{
	const char *s = DatumGetCString(PG_GETARG_DATUM(n));

	return (Bytes) {s, (int) strnlen(s, NAMEDATALEN)};
}

static bool
bytes_like(Bytes s, Bytes p, bool icase)
{
	if (icase)
	{
		s.s = type_utf8_lower(s.s, s.len, &s.len);
		p.s = type_utf8_lower(p.s, p.len, &p.len);
	}
	return like_match(s.s, s.len, p.s, p.len, false);
}

#define LIKE_SET(pfx, GS, icase) \
	static Datum pfx##_like(FunctionCallInfo fcinfo) \
	{ PG_RETURN_BOOL(bytes_like(GS(fcinfo, 0), varlena_arg(fcinfo, 1), icase)); } \
	static Datum pfx##_notlike(FunctionCallInfo fcinfo) \
	{ PG_RETURN_BOOL(!bytes_like(GS(fcinfo, 0), varlena_arg(fcinfo, 1), icase)); }

LIKE_SET(text, varlena_arg, false)
LIKE_SET(text_i, varlena_arg, true)
LIKE_SET(name, name_arg, false)
LIKE_SET(name_i, name_arg, true)

static Datum
bytea_like(FunctionCallInfo fcinfo)
{
	Bytes		s = varlena_arg(fcinfo, 0);
	Bytes		p = varlena_arg(fcinfo, 1);

	PG_RETURN_BOOL(like_match(s.s, s.len, p.s, p.len, true));
}

static Datum
bytea_notlike(FunctionCallInfo fcinfo)
{
	return BoolGetDatum(!DatumGetBool(bytea_like(fcinfo)));
}

/*
 * like_escape(pattern, escape): rewrite a pattern that uses another escape
 * character (or none, for '') into the backslash form the matcher uses.
 */
static Datum
like_escape(FunctionCallInfo fcinfo)
{
	Bytes		p = varlena_arg(fcinfo, 0);
	Bytes		e = varlena_arg(fcinfo, 1);
	StringBuf	out;

	if (e.len > 0 && unit_len(e.s, false) != e.len)
		ereport(ERROR, errcode(ERRCODE_INVALID_ESCAPE_SEQUENCE),
				errmsg("invalid escape string"),
				errhint("Escape string must be empty or one character."));
	if (e.len == 1 && e.s[0] == '\\')
		PG_RETURN_DATUM(type_text_datum(p.s, p.len));

	strbuf_init_cap(&out, p.len + 1);
	bool		after_escape = false;

	for (int i = 0; i < p.len;)
	{
		int			n = unit_len(p.s + i, false);

		if (e.len > 0 && !after_escape && n == e.len && memcmp(p.s + i, e.s, (size_t) n) == 0)
		{
			strbuf_append_char(&out, '\\');
			after_escape = true;
		}
		else if (p.s[i] == '\\')
		{
			strbuf_append_char(&out, '\\');
			if (!after_escape)
				strbuf_append_char(&out, '\\');
			after_escape = false;
		}
		else
		{
			strbuf_append_bytes(&out, p.s + i, n);
			after_escape = false;
		}
		i += n;
	}
	PG_RETURN_DATUM(type_text_datum(out.data, out.len));
}

static const BuiltinOperator like_operators[] = {
	{"~~", TEXTOID, TEXTOID, BOOLOID, text_like},
	{"!~~", TEXTOID, TEXTOID, BOOLOID, text_notlike},
	{"~~*", TEXTOID, TEXTOID, BOOLOID, text_i_like},
	{"!~~*", TEXTOID, TEXTOID, BOOLOID, text_i_notlike},
	{"~~", BPCHAROID, TEXTOID, BOOLOID, text_like},
	{"!~~", BPCHAROID, TEXTOID, BOOLOID, text_notlike},
	{"~~*", BPCHAROID, TEXTOID, BOOLOID, text_i_like},
	{"!~~*", BPCHAROID, TEXTOID, BOOLOID, text_i_notlike},
	{"~~", NAMEOID, TEXTOID, BOOLOID, name_like},
	{"!~~", NAMEOID, TEXTOID, BOOLOID, name_notlike},
	{"~~*", NAMEOID, TEXTOID, BOOLOID, name_i_like},
	{"!~~*", NAMEOID, TEXTOID, BOOLOID, name_i_notlike},
	{"~~", BYTEAOID, BYTEAOID, BOOLOID, bytea_like},
	{"!~~", BYTEAOID, BYTEAOID, BOOLOID, bytea_notlike},
};

static const BuiltinFunction like_functions[] = {
	{"like_escape", 2, {TEXTOID, TEXTOID}, TEXTOID, true, FUNC_IMMUTABLE, false, like_escape},
	{"like", 2, {TEXTOID, TEXTOID}, BOOLOID, true, FUNC_IMMUTABLE, false, text_like},
	{"notlike", 2, {TEXTOID, TEXTOID}, BOOLOID, true, FUNC_IMMUTABLE, false, text_notlike},
};

const FmgrTableSet like_fmgr = {
	FMGR_ROWS(like_functions),
	FMGR_ROWS(like_operators),
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
};
