/*-------------------------------------------------------------------------
 * bytea.c
 *	  The bytea type: hex and escape input, hex output (bytea_output =
 *	  hex), binary I/O, ordering, hashing, comparison operators, ||,
 *	  length and octet_length.
 *
 * Role: one type family (see types_catalog.c / fmgr_catalog.c).  LIKE on
 * bytea is in like.c, md5(bytea) in misc_funcs.c.
 *
 * Invariants:
 *	- Input "\x..." is hex: pairs of hex digits, blanks allowed between
 *	  pairs; an odd count or a bad digit is 22023.  Other input is the
 *	  escape format: backslash followed by three octal digits (first 0-3)
 *	  or by a second backslash; any other backslash use is 22P02.
 *	- Ordering is memcmp, then length.
 *
 * Entry points: bytea_type_table, bytea_fmgr (exported tables).
 * See also: like.c, misc_funcs.c.
 *-------------------------------------------------------------------------
 */
#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
hex_digit_checked(const char *p)
{
	int			v = hex_value(*p);

	if (v < 0)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid hexadecimal digit: \"%.*s\"",
					   type_utf8_mblen((unsigned char) *p), p));
	return v;
}

static bool
is_hex_blank(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static Datum
bytea_from_hex(const char *s, size_t len)
{
	bytea	   *r = palloc(len / 2 + VARHDRSZ);
	char	   *out = VARDATA(r);
	size_t		n = 0;

	for (size_t i = 0; i < len;)
	{
		if (is_hex_blank(s[i]))
		{
			i++;
			continue;
		}
		int			hi = hex_digit_checked(s + i);

		if (i + 1 >= len)
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("invalid hexadecimal data: odd number of digits"));
		out[n++] = (char) ((hi << 4) | hex_digit_checked(s + i + 1));
		i += 2;
	}
	SET_VARSIZE(r, (int32_t) n + VARHDRSZ);
	return PointerGetDatum(r);
}

static bool
is_octal_triplet(const char *p)
{
	return p[0] >= '0' && p[0] <= '3' && p[1] >= '0' && p[1] <= '7' &&
		p[2] >= '0' && p[2] <= '7';
}

static Datum
bytea_in(const char *str, int32_t typmod)
{
	size_t		len = strlen(str);

	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("invalid memory alloc request size %zu", len));
	if (str[0] == '\\' && str[1] == 'x')
		return bytea_from_hex(str + 2, len - 2);

	bytea	   *r = palloc(len + VARHDRSZ);
	char	   *out = VARDATA(r);
	size_t		n = 0;

	for (const char *p = str; *p;)
	{
		if (*p != '\\')
			out[n++] = *p++;
		else if (is_octal_triplet(p + 1))
		{
			out[n++] = (char) (((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0'));
			p += 4;
		}
		else if (p[1] == '\\')
		{
			out[n++] = '\\';
			p += 2;
		}
		else
			ereport(ERROR, errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					errmsg("invalid input syntax for type %s", "bytea"));
	}
	SET_VARSIZE(r, (int32_t) n + VARHDRSZ);
	return PointerGetDatum(r);
}

static char *
bytea_out(Datum value)
{
	static const char digits[] = "0123456789abcdef";
	bytea	   *b = DatumGetPointer(value);
	int			len = VARSIZE_EXHDR(b);
	const unsigned char *p = (const unsigned char *) VARDATA(b);
	char	   *r = palloc((size_t) len * 2 + 3);

	r[0] = '\\';
	r[1] = 'x';
	for (int i = 0; i < len; i++)
	{
		r[2 + 2 * i] = digits[p[i] >> 4];
		r[3 + 2 * i] = digits[p[i] & 15];
	}
	r[2 + 2 * len] = '\0';
	return r;
}

static Datum
bytea_recv(StringBuf *buf, int32_t typmod)
{
	int			nbytes = pq_remaining(buf);

	return PointerGetDatum(cstring_to_text_len(pq_get_bytes(buf, nbytes), nbytes));
}

static void
bytea_send(Datum value, StringBuf *out)
{
	bytea	   *b = DatumGetPointer(value);

	pq_send_bytes(out, VARDATA(b), VARSIZE_EXHDR(b));
}

static int
bytea_cmp_internal(const bytea *a, const bytea *b)
{
	int			alen = VARSIZE_EXHDR(a),
				blen = VARSIZE_EXHDR(b);
	int			r = memcmp(VARDATA(a), VARDATA(b), (size_t) Min(alen, blen));

	if (r != 0)
		return r < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int
bytea_cmp(Datum a, Datum b)
{
	return bytea_cmp_internal(DatumGetPointer(a), DatumGetPointer(b));
}

static uint32_t
bytea_hash(Datum value)
{
	bytea	   *b = DatumGetPointer(value);

	return type_hash_bytes(VARDATA(b), (size_t) VARSIZE_EXHDR(b));
}

static const TypeInfo bytea_types[] = {
	{
		.oid = BYTEAOID, .name = "bytea", .sql_name = "bytea",
		.typlen = -1, .byval = false, .align = 'i',
		.category = TYPCATEGORY_USER, .preferred = false,
		.input = bytea_in, .output = bytea_out, .recv = bytea_recv, .send = bytea_send,
		.compare = bytea_cmp, .hash = bytea_hash,
	},
};

const TypeInfoTable bytea_type_table = TYPE_INFO_TABLE(bytea_types);

/* ---- operators and functions ---- */

#define BYTEA_CMP(fname, op) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		PG_RETURN_BOOL(bytea_cmp_internal(PG_GETARG_POINTER(0), PG_GETARG_POINTER(1)) op 0); \
	}
BYTEA_CMP(bytea_eq, ==)
BYTEA_CMP(bytea_ne, !=)
BYTEA_CMP(bytea_lt, <)
BYTEA_CMP(bytea_le, <=)
BYTEA_CMP(bytea_gt, >)
BYTEA_CMP(bytea_ge, >=)

static Datum
bytea_cat(FunctionCallInfo fcinfo)
{
	bytea	   *a = PG_GETARG_POINTER(0);
	bytea	   *b = PG_GETARG_POINTER(1);
	int64_t		total = (int64_t) VARSIZE_EXHDR(a) + VARSIZE_EXHDR(b);

	if (total > (int64_t) (MaxAllocSize - VARHDRSZ))
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("requested length too large"));
	bytea	   *r = palloc((size_t) total + VARHDRSZ);

	SET_VARSIZE(r, (int32_t) total + VARHDRSZ);
	memcpy(VARDATA(r), VARDATA(a), (size_t) VARSIZE_EXHDR(a));
	memcpy(VARDATA(r) + VARSIZE_EXHDR(a), VARDATA(b), (size_t) VARSIZE_EXHDR(b));
	PG_RETURN_POINTER(r);
}

static Datum
bytea_length(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(VARSIZE_EXHDR(PG_GETARG_POINTER(0)));
}

static const BuiltinOperator bytea_operators[] = {
	{"=", BYTEAOID, BYTEAOID, BOOLOID, bytea_eq},
	{"<>", BYTEAOID, BYTEAOID, BOOLOID, bytea_ne},
	{"<", BYTEAOID, BYTEAOID, BOOLOID, bytea_lt},
	{"<=", BYTEAOID, BYTEAOID, BOOLOID, bytea_le},
	{">", BYTEAOID, BYTEAOID, BOOLOID, bytea_gt},
	{">=", BYTEAOID, BYTEAOID, BOOLOID, bytea_ge},
	{"||", BYTEAOID, BYTEAOID, BYTEAOID, bytea_cat},
};

static const BuiltinFunction bytea_functions[] = {
	{"length", 1, {BYTEAOID}, INT4OID, true, FUNC_IMMUTABLE, false, bytea_length},
	{"octet_length", 1, {BYTEAOID}, INT4OID, true, FUNC_IMMUTABLE, false, bytea_length},
};

const FmgrTableSet bytea_fmgr = {
	FMGR_ROWS(bytea_functions),
	FMGR_ROWS(bytea_operators),
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
};
