/*-------------------------------------------------------------------------
 * text_funcs.c
 *	  String functions over text (and bpchar where PostgreSQL has a
 *	  separate version): length, case mapping, substr, position,
 *	  replace, trim, left/right, repeat, pad, reverse, split_part,
 *	  translate, ascii, chr, quote_literal.
 *
 * Role: rows of pg_proc for the string family.  Arguments of other string
 * types reach these through implicit casts (varchar, name -> text).
 *
 * Invariants:
 *	- Positions and lengths count characters (UTF-8), never bytes, except
 *	  octet_length and bit_length.
 *	- Results are bounded: a result longer than the 1 GB allocation limit
 *	  is 54000 "requested length too large"; integer arithmetic on user
 *	  positions is done in int64, so no overflow.
 *	- Inputs are verified UTF-8 (text invariant), so character stepping
 *	  never runs past the end.
 *
 * Entry points: text_funcs_fmgr (exported table set).
 * See also: text.c, type_support.c (UTF-8 helpers).
 *-------------------------------------------------------------------------
 */
#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

typedef struct Str
{
	const char *s;
	int			len;
} Str;

static Str
arg_str(FunctionCallInfo fcinfo, int n)
{
	text	   *t = PG_GETARG_TEXT_P(n);

	return (Str) {VARDATA(t), VARSIZE_EXHDR(t)};
}

static Datum
ret_str(const char *s, int len)
{
	return type_text_datum(s, len);
}

static pg_noreturn void
length_too_large(void)
{
	ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			errmsg("requested length too large"));
	__builtin_unreachable();
}

/* Raise 54000 unless nbytes can be a text value. */
static void
check_result_bytes(int64_t nbytes)
{
	if (nbytes < 0 || nbytes > (int64_t) (MaxAllocSize - VARHDRSZ))
		length_too_large();
}

static int
bpchar_trimmed_len(Str s)
{
	int			len = s.len;

	while (len > 0 && s.s[len - 1] == ' ')
		len--;
	return len;
}

/* ---- lengths ---- */

static Datum
text_length(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);

	PG_RETURN_INT32(type_utf8_strlen(s.s, s.len));
}

static Datum
bpchar_length(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);

	PG_RETURN_INT32(type_utf8_strlen(s.s, bpchar_trimmed_len(s)));
}

static Datum
text_octet_length(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(arg_str(fcinfo, 0).len);
}

static Datum
text_bit_length(FunctionCallInfo fcinfo)
{
	/* PostgreSQL computes this in 32 bits; past 256 MB it wraps the same way */
	PG_RETURN_INT32((int32_t) (uint32_t) ((uint64_t) arg_str(fcinfo, 0).len * 8));
}

/* ---- case ---- */

#define CASE_FN(fname, mapper) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		Str			s = arg_str(fcinfo, 0); \
		int			n; \
		char	   *r = mapper(s.s, s.len, &n); \
		return ret_str(r, n); \
	}

CASE_FN(text_lower, type_utf8_lower)
CASE_FN(text_upper, type_utf8_upper)
CASE_FN(text_initcap, type_utf8_initcap)

/* ---- substrings ---- */

/*
 * Characters [start, start + count) of s, 1-based, clamped to the string;
 * count < 0 means "to the end".
 */
static Datum
substring_chars(Str s, int64_t start, int64_t count)
{
	int64_t		first = Max(start, 1);
	int64_t		end = count < 0 ? INT64_MAX : start + count;	/* exclusive */

	if (end <= first || first > s.len)
		return ret_str("", 0);

	int			from = type_utf8_offset(s.s, s.len, (int) (first - 1));
	int			to = end - 1 > s.len ? s.len :
		from + type_utf8_offset(s.s + from, s.len - from, (int) (end - first));

	return ret_str(s.s + from, to - from);
}

static Datum
text_substr(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);
	int64_t		start = PG_GETARG_INT32(1);
	int64_t		count = -1;

	if (PG_NARGS() > 2)
	{
		count = PG_GETARG_INT32(2);
		if (count < 0)
			ereport(ERROR, errcode(ERRCODE_SUBSTRING_ERROR),
					errmsg("negative substring length not allowed"));
	}
	return substring_chars(s, start, count);
}

static Datum
text_left(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);
	int64_t		n = PG_GETARG_INT32(1);

	if (n < 0)
		n += type_utf8_strlen(s.s, s.len);
	if (n <= 0)
		return ret_str("", 0);
	return ret_str(s.s, type_utf8_offset(s.s, s.len, (int) Min(n, (int64_t) s.len)));
}

/*
 * right(s, n): the last n characters, or for n < 0 all but the first -n.
 * PostgreSQL negates n in 32 bits, so right(s, -2147483648) is all of s.
 */
static Datum
text_right(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);
	int32_t		n = PG_GETARG_INT32(1);
	int64_t		skip;

	if (n == INT32_MIN)
		skip = 0;
	else if (n < 0)
		skip = -(int64_t) n;
	else
		skip = (int64_t) type_utf8_strlen(s.s, s.len) - n;
	if (skip <= 0)
		return ret_str(s.s, s.len);

	int			off = type_utf8_offset(s.s, s.len, (int) Min(skip, (int64_t) s.len));

	return ret_str(s.s + off, s.len - off);
}

/* Byte offset of the first occurrence of needle in hay at or after from, or -1. */
static int
find_bytes(Str hay, Str needle, int from)
{
	if (needle.len == 0)
		return from;
	for (int i = from; i + needle.len <= hay.len; i++)
		if (hay.s[i] == needle.s[0] && memcmp(hay.s + i, needle.s, (size_t) needle.len) == 0)
			return i;
	return -1;
}

/* 1-based character position of the substring (0 if absent). */
static Datum
text_position(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);
	Str			sub = arg_str(fcinfo, 1);
	int			at = find_bytes(s, sub, 0);

	PG_RETURN_INT32(at < 0 ? 0 : type_utf8_strlen(s.s, at) + 1);
}

static Datum
text_replace(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);
	Str			from = arg_str(fcinfo, 1);
	Str			to = arg_str(fcinfo, 2);
	StringBuf	out;
	int			pos = 0;

	if (from.len == 0)
		return ret_str(s.s, s.len);
	strbuf_init_cap(&out, s.len + 1);
	for (;;)
	{
		int			at = find_bytes(s, from, pos);

		if (at < 0)
			break;
		strbuf_append_bytes(&out, s.s + pos, at - pos);
		strbuf_append_bytes(&out, to.s, to.len);
		pos = at + from.len;
	}
	strbuf_append_bytes(&out, s.s + pos, s.len - pos);
	return ret_str(out.data, out.len);
}

/* ---- trimming ---- */

/* Is the character at c (n bytes) one of the characters of set? */
static bool
char_in_set(const char *c, int n, Str set)
{
	for (int i = 0; i < set.len;)
	{
		int			m = type_utf8_mblen((unsigned char) set.s[i]);

		if (m == n && memcmp(set.s + i, c, (size_t) n) == 0)
			return true;
		i += m;
	}
	return false;
}

static Datum
trim_chars(Str s, Str set, bool left, bool right)
{
	int			from = 0,
				to = s.len;

	if (left)
	{
		while (from < to)
		{
			int			n = type_utf8_mblen((unsigned char) s.s[from]);

			if (!char_in_set(s.s + from, n, set))
				break;
			from += n;
		}
	}
	if (right)
	{
		while (to > from)
		{
			int			start = to - 1;

			while (start > from && ((unsigned char) s.s[start] & 0xc0) == 0x80)
				start--;
			if (!char_in_set(s.s + start, to - start, set))
				break;
			to = start;
		}
	}
	return ret_str(s.s + from, to - from);
}

#define TRIM_FN(fname, l, r) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		Str			set = PG_NARGS() > 1 ? arg_str(fcinfo, 1) : (Str) {" ", 1}; \
		return trim_chars(arg_str(fcinfo, 0), set, l, r); \
	}

TRIM_FN(text_btrim, true, true)
TRIM_FN(text_ltrim, true, false)
TRIM_FN(text_rtrim, false, true)

/* ---- building longer strings ---- */

static Datum
text_repeat(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);
	int64_t		count = PG_GETARG_INT32(1);

	if (count <= 0 || s.len == 0)
		return ret_str("", 0);
	check_result_bytes(count * s.len);

	int64_t		total = count * s.len;
	text	   *r = palloc((size_t) total + VARHDRSZ);

	SET_VARSIZE(r, (int32_t) total + VARHDRSZ);
	for (int64_t i = 0; i < count; i++)
		memcpy(VARDATA(r) + i * s.len, s.s, (size_t) s.len);
	PG_RETURN_TEXT_P(r);
}

/*
 * lpad/rpad: cut s to len characters, or fill up to len characters with
 * repetitions of fill on the left (lpad) or right (rpad).
 */
static Datum
pad_text(Str s, int32_t len, Str fill, bool on_left)
{
	if (len <= 0)
		return ret_str("", 0);

	int			nchars = type_utf8_strlen(s.s, s.len);

	if (nchars >= len || fill.len == 0)
		return ret_str(s.s, type_utf8_offset(s.s, s.len, len));
	int64_t		padchars = (int64_t) len - nchars;

	check_result_bytes((int64_t) s.len + padchars * 4);

	StringBuf	out;
	int			fi = 0;

	strbuf_init_cap(&out, s.len + 16);
	if (!on_left)
		strbuf_append_bytes(&out, s.s, s.len);
	for (int64_t i = 0; i < padchars; i++)
	{
		int			n = type_utf8_mblen((unsigned char) fill.s[fi]);

		strbuf_append_bytes(&out, fill.s + fi, n);
		fi += n;
		if (fi >= fill.len)
			fi = 0;
	}
	if (on_left)
		strbuf_append_bytes(&out, s.s, s.len);
	return ret_str(out.data, out.len);
}

#define PAD_FN(fname, on_left) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		Str			fill = PG_NARGS() > 2 ? arg_str(fcinfo, 2) : (Str) {" ", 1}; \
		return pad_text(arg_str(fcinfo, 0), PG_GETARG_INT32(1), fill, on_left); \
	}

PAD_FN(text_lpad, true)
PAD_FN(text_rpad, false)

static Datum
text_reverse(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);
	text	   *r = palloc((size_t) s.len + VARHDRSZ);
	char	   *dst = VARDATA(r) + s.len;

	SET_VARSIZE(r, s.len + VARHDRSZ);
	for (int i = 0; i < s.len;)
	{
		int			n = type_utf8_mblen((unsigned char) s.s[i]);

		dst -= n;
		memcpy(dst, s.s + i, (size_t) n);
		i += n;
	}
	PG_RETURN_TEXT_P(r);
}

/*
 * split_part(s, delim, n): field n (1-based; negative counts from the
 * end).  An empty delimiter makes the whole string one field.
 */
static Datum
text_split_part(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);
	Str			d = arg_str(fcinfo, 1);
	int64_t		field = PG_GETARG_INT32(2);

	if (field == 0)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("field position must not be zero"));
	if (s.len == 0)
		return ret_str("", 0);
	if (d.len == 0)
		return (field == 1 || field == -1) ? ret_str(s.s, s.len) : ret_str("", 0);

	int64_t		nfields = 1;

	for (int at = find_bytes(s, d, 0); at >= 0; at = find_bytes(s, d, at + d.len))
		nfields++;
	if (field < 0)
		field += nfields + 1;
	if (field < 1 || field > nfields)
		return ret_str("", 0);

	int			start = 0;

	for (int64_t i = 1; i < field; i++)
		start = find_bytes(s, d, start) + d.len;

	int			end = find_bytes(s, d, start);

	return ret_str(s.s + start, (end < 0 ? s.len : end) - start);
}

/*
 * translate(s, from, to): each character of s found in from is replaced
 * by the character at the same position of to, or dropped if to is
 * shorter.
 */
static Datum
text_translate(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);
	Str			from = arg_str(fcinfo, 1);
	Str			to = arg_str(fcinfo, 2);
	StringBuf	out;

	strbuf_init_cap(&out, s.len + 1);
	for (int i = 0; i < s.len;)
	{
		int			n = type_utf8_mblen((unsigned char) s.s[i]);
		int			idx = 0;
		bool		found = false;

		for (int j = 0; j < from.len; idx++)
		{
			int			m = type_utf8_mblen((unsigned char) from.s[j]);

			if (m == n && memcmp(from.s + j, s.s + i, (size_t) n) == 0)
			{
				found = true;
				break;
			}
			j += m;
		}
		if (!found)
			strbuf_append_bytes(&out, s.s + i, n);
		else
		{
			int			off = type_utf8_offset(to.s, to.len, idx);

			if (off < to.len)
				strbuf_append_bytes(&out, to.s + off,
									type_utf8_mblen((unsigned char) to.s[off]));
		}
		i += n;
	}
	return ret_str(out.data, out.len);
}

/* ---- characters ---- */

static Datum
text_ascii(FunctionCallInfo fcinfo)
{
	Str			s = arg_str(fcinfo, 0);
	int			n;

	if (s.len == 0)
		PG_RETURN_INT32(0);
	PG_RETURN_INT32((int32_t) type_utf8_decode(s.s, &n));
}

static Datum
text_chr(FunctionCallInfo fcinfo)
{
	int32_t		cp = PG_GETARG_INT32(0);
	char		buf[4];

	if (cp < 0)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("character number must be positive"));
	if (cp == 0)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("null character not permitted"));
	if (cp > 0x10FFFF)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("requested character too large for encoding: %d", cp));
	if (cp >= 0xD800 && cp <= 0xDFFF)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("requested character not valid for encoding: %d", cp));
	return ret_str(buf, type_utf8_encode((uint32_t) cp, buf));
}

/* quote_literal: '...' with quotes doubled; E'...' when backslashes occur. */
static Datum
quote_literal_bytes(Str s)
{
	StringBuf	out;

	strbuf_init_cap(&out, s.len + 4);
	if (memchr(s.s, '\\', (size_t) s.len) != NULL)
		strbuf_append_char(&out, 'E');
	strbuf_append_char(&out, '\'');
	for (int i = 0; i < s.len; i++)
	{
		if (s.s[i] == '\'' || s.s[i] == '\\')
			strbuf_append_char(&out, s.s[i]);
		strbuf_append_char(&out, s.s[i]);
	}
	strbuf_append_char(&out, '\'');
	return ret_str(out.data, out.len);
}

static Datum
text_quote_literal(FunctionCallInfo fcinfo)
{
	return quote_literal_bytes(arg_str(fcinfo, 0));
}

/* quote_literal(anyelement): the value's text form ($1::text), quoted. */
static Datum
any_quote_literal(FunctionCallInfo fcinfo)
{
	Oid			typid = fcinfo->argtypes[0];

	if (typid == InvalidOid)
		elog(ERROR, "could not determine the type of the argument of quote_literal");

	text	   *t = DatumGetTextP(coerce_datum(PG_GETARG_DATUM(0), typid, TEXTOID, -1,
											   COERCION_EXPLICIT));

	return quote_literal_bytes((Str) {VARDATA(t), VARSIZE_EXHDR(t)});
}

/* ---- table ---- */

#define T1(n, r, fn) {n, 1, {TEXTOID}, r, true, FUNC_IMMUTABLE, false, fn}
#define T2(n, b, r, fn) {n, 2, {TEXTOID, b}, r, true, FUNC_IMMUTABLE, false, fn}
#define T3(n, b, c, r, fn) {n, 3, {TEXTOID, b, c}, r, true, FUNC_IMMUTABLE, false, fn}
#define B1(n, r, fn) {n, 1, {BPCHAROID}, r, true, FUNC_IMMUTABLE, false, fn}

static const BuiltinFunction text_functions[] = {
	T1("length", INT4OID, text_length),
	T1("char_length", INT4OID, text_length),
	T1("character_length", INT4OID, text_length),
	B1("length", INT4OID, bpchar_length),
	B1("char_length", INT4OID, bpchar_length),
	B1("character_length", INT4OID, bpchar_length),
	T1("octet_length", INT4OID, text_octet_length),
	B1("octet_length", INT4OID, text_octet_length),
	T1("bit_length", INT4OID, text_bit_length),
	T1("lower", TEXTOID, text_lower),
	T1("upper", TEXTOID, text_upper),
	T1("initcap", TEXTOID, text_initcap),
	T2("substr", INT4OID, TEXTOID, text_substr),
	T3("substr", INT4OID, INT4OID, TEXTOID, text_substr),
	T2("substring", INT4OID, TEXTOID, text_substr),
	T3("substring", INT4OID, INT4OID, TEXTOID, text_substr),
	T2("position", TEXTOID, INT4OID, text_position),
	T2("strpos", TEXTOID, INT4OID, text_position),
	T3("replace", TEXTOID, TEXTOID, TEXTOID, text_replace),
	T1("btrim", TEXTOID, text_btrim),
	T2("btrim", TEXTOID, TEXTOID, text_btrim),
	T1("ltrim", TEXTOID, text_ltrim),
	T2("ltrim", TEXTOID, TEXTOID, text_ltrim),
	T1("rtrim", TEXTOID, text_rtrim),
	T2("rtrim", TEXTOID, TEXTOID, text_rtrim),
	T2("left", INT4OID, TEXTOID, text_left),
	T2("right", INT4OID, TEXTOID, text_right),
	T2("repeat", INT4OID, TEXTOID, text_repeat),
	T2("lpad", INT4OID, TEXTOID, text_lpad),
	T3("lpad", INT4OID, TEXTOID, TEXTOID, text_lpad),
	T2("rpad", INT4OID, TEXTOID, text_rpad),
	T3("rpad", INT4OID, TEXTOID, TEXTOID, text_rpad),
	T1("reverse", TEXTOID, text_reverse),
	T3("split_part", TEXTOID, INT4OID, TEXTOID, text_split_part),
	T3("translate", TEXTOID, TEXTOID, TEXTOID, text_translate),
	T1("ascii", INT4OID, text_ascii),
	{"chr", 1, {INT4OID}, TEXTOID, true, FUNC_IMMUTABLE, false, text_chr},
	T1("quote_literal", TEXTOID, text_quote_literal),
	{"quote_literal", 1, {ANYELEMENTOID}, TEXTOID, true, FUNC_STABLE, false, any_quote_literal},
};

const FmgrTableSet text_funcs_fmgr = {
	FMGR_ROWS(text_functions),
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
};
