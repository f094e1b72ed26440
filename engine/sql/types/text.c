/*-------------------------------------------------------------------------
 * text.c
 *	  The character types: text, varchar(n), bpchar/char(n), name and the
 *	  one-byte "char": text and binary I/O, type modifiers, ordering,
 *	  hashing, and the casts among them.
 *
 * Role: one type family (see types_catalog.c / fmgr_catalog.c).  The
 * operators are in text_ops.c and like.c, the functions in text_funcs.c.
 *
 * Invariants:
 *	- text, varchar and bpchar share one representation (a varlena of
 *	  UTF-8 bytes), so text <-> varchar and text/varchar -> bpchar are
 *	  binary-compatible casts; bpchar -> text/varchar drops trailing
 *	  spaces.
 *	- varchar(n) / char(n) typmods are n + 4.  Storing a longer value is
 *	  22001 "value too long for type character varying(n)" unless the
 *	  excess is all spaces; an explicit cast truncates silently.  char(n)
 *	  pads with spaces to n characters (lengths count characters).
 *	- bpchar compares and hashes ignoring trailing spaces; output keeps
 *	  them.
 *	- name is a fixed 64-byte, NUL-padded buffer holding at most 63 bytes;
 *	  longer input is cut at a character boundary.
 *	- "char" is one byte; bytes >= 0x80 print as \ooo, the NUL byte as
 *	  the empty string.
 *	- Ordering is byte order (the reference server's C.UTF-8 collation).
 *
 * Entry points: text_type_table, text_fmgr (exported tables).
 * See also: text_ops.c, like.c, text_funcs.c, type_support.c (UTF-8).
 *-------------------------------------------------------------------------
 */
#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

#define MAX_CHAR_LENGTH 10485760	/* largest n in varchar(n) / char(n) */

/* Byte length of s without its trailing spaces. */
static int
trimmed_len(const char *s, int len)
{
	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len;
}

static int
bytes_cmp(const char *a, int alen, const char *b, int blen)
{
	int			r = memcmp(a, b, (size_t) Min(alen, blen));

	if (r != 0)
		return r < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* ---- text ---- */

static Datum
text_in(const char *str, int32_t typmod)
{
	size_t		len = strlen(str);

	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("invalid memory alloc request size %zu", len));
	type_utf8_verify(str, (int) len);
	return type_text_datum(str, (int) len);
}

static char *
text_out(Datum value)
{
	return TextDatumGetCString(value);
}

/* The rest of the buffer as a verified text value. */
static Datum
text_recv(StringBuf *buf, int32_t typmod)
{
	int			nbytes = pq_remaining(buf);
	const char *p = pq_get_bytes(buf, nbytes);

	type_utf8_verify(p, nbytes);
	return type_text_datum(p, nbytes);
}

static void
text_send(Datum value, StringBuf *out)
{
	text	   *t = DatumGetTextP(value);

	pq_send_bytes(out, VARDATA(t), VARSIZE_EXHDR(t));
}

static int
text_cmp(Datum a, Datum b)
{
	text	   *ta = DatumGetTextP(a);
	text	   *tb = DatumGetTextP(b);

	return bytes_cmp(VARDATA(ta), VARSIZE_EXHDR(ta), VARDATA(tb), VARSIZE_EXHDR(tb));
}

static uint32_t
text_hash(Datum value)
{
	text	   *t = DatumGetTextP(value);

	return type_hash_bytes(VARDATA(t), (size_t) VARSIZE_EXHDR(t));
}

/* ---- varchar and bpchar modifiers ---- */

static int32_t
char_typmod_in(const int32_t *mods, int nmods, const char *typname)
{
	if (nmods != 1)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid type modifier"));
	if (mods[0] < 1)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("length for type %s must be at least 1", typname));
	if (mods[0] > MAX_CHAR_LENGTH)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("length for type %s cannot exceed %d", typname, MAX_CHAR_LENGTH));
	return mods[0] + VARHDRSZ;
}

static int32_t
varchar_typmod_in(const int32_t *mods, int nmods)
{
	return char_typmod_in(mods, nmods, "varchar");
}

static int32_t
bpchar_typmod_in(const int32_t *mods, int nmods)
{
	return char_typmod_in(mods, nmods, "char");
}

static char *
char_typmod_out(int32_t typmod)
{
	return typmod >= VARHDRSZ ? psprintf("(%d)", (int) (typmod - VARHDRSZ)) : pstrdup("");
}

/* Are all bytes of s[from..len) spaces? */
static bool
all_spaces(const char *s, int from, int len)
{
	for (int i = from; i < len; i++)
		if (s[i] != ' ')
			return false;
	return true;
}

static pg_noreturn void
value_too_long(const char *sql_name, int maxlen)
{
	ereport(ERROR, errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
			errmsg("value too long for type %s(%d)", sql_name, maxlen));
	__builtin_unreachable();
}

/*
 * varchar(n): cut to n characters.  Implicit/assignment coercions may only
 * drop spaces (22001 otherwise); an explicit cast truncates anything.
 */
static Datum
varchar_apply_typmod(Datum value, int32_t typmod, bool is_explicit)
{
	text	   *t = DatumGetTextP(value);
	const char *s = VARDATA(t);
	int			len = VARSIZE_EXHDR(t);

	if (typmod < VARHDRSZ)
		return value;

	int			maxlen = typmod - VARHDRSZ;

	if (len <= maxlen)
		return value;			/* never more characters than bytes */

	int			cut = type_utf8_offset(s, len, maxlen);

	if (cut == len)
		return value;
	if (!is_explicit && !all_spaces(s, cut, len))
		value_too_long("character varying", maxlen);
	return type_text_datum(s, cut);
}

/*
 * char(n): cut to n characters as for varchar, then pad with spaces up to
 * n characters.
 */
static Datum
bpchar_apply_typmod(Datum value, int32_t typmod, bool is_explicit)
{
	text	   *t = DatumGetTextP(value);
	const char *s = VARDATA(t);
	int			len = VARSIZE_EXHDR(t);

	if (typmod < VARHDRSZ)
		return value;

	int			maxlen = typmod - VARHDRSZ;
	int			nchars = type_utf8_strlen(s, len);

	if (nchars == maxlen)
		return value;
	if (nchars > maxlen)
	{
		int			cut = type_utf8_offset(s, len, maxlen);

		if (!is_explicit && !all_spaces(s, cut, len))
			value_too_long("character", maxlen);
		return type_text_datum(s, cut);
	}

	int			pad = maxlen - nchars;
	text	   *r = palloc((size_t) len + (size_t) pad + VARHDRSZ);

	SET_VARSIZE(r, len + pad + VARHDRSZ);
	memcpy(VARDATA(r), s, (size_t) len);
	memset(VARDATA(r) + len, ' ', (size_t) pad);
	return PointerGetDatum(r);
}

static Datum
varchar_in(const char *str, int32_t typmod)
{
	return varchar_apply_typmod(text_in(str, -1), typmod, false);
}

static Datum
varchar_recv(StringBuf *buf, int32_t typmod)
{
	return varchar_apply_typmod(text_recv(buf, -1), typmod, false);
}

static Datum
bpchar_in(const char *str, int32_t typmod)
{
	return bpchar_apply_typmod(text_in(str, -1), typmod, false);
}

static Datum
bpchar_recv(StringBuf *buf, int32_t typmod)
{
	return bpchar_apply_typmod(text_recv(buf, -1), typmod, false);
}

static int
bpchar_cmp(Datum a, Datum b)
{
	text	   *ta = DatumGetTextP(a);
	text	   *tb = DatumGetTextP(b);

	return bytes_cmp(VARDATA(ta), trimmed_len(VARDATA(ta), VARSIZE_EXHDR(ta)),
					 VARDATA(tb), trimmed_len(VARDATA(tb), VARSIZE_EXHDR(tb)));
}

static uint32_t
bpchar_hash(Datum value)
{
	text	   *t = DatumGetTextP(value);

	return type_hash_bytes(VARDATA(t), (size_t) trimmed_len(VARDATA(t), VARSIZE_EXHDR(t)));
}

/* ---- name ---- */

/* A name Datum holding s[0..len) cut to 63 bytes at a character boundary. */
static Datum
make_name(const char *s, int len)
{
	char	   *n = palloc0(NAMEDATALEN);

	len = type_utf8_clip(s, len, NAMEDATALEN - 1);
	memcpy(n, s, (size_t) len);
	return PointerGetDatum(n);
}

static int
name_len(Datum value)
{
	return (int) strnlen(DatumGetCString(value), NAMEDATALEN);
}

static Datum
name_in(const char *str, int32_t typmod)
{
	size_t		len = strlen(str);

	type_utf8_verify(str, (int) Min(len, (size_t) INT32_MAX));
	return make_name(str, (int) Min(len, (size_t) NAMEDATALEN));
}

static char *
name_out(Datum value)
{
	return pnstrdup(DatumGetCString(value), (size_t) name_len(value));
}

static Datum
name_recv(StringBuf *buf, int32_t typmod)
{
	int			nbytes = pq_remaining(buf);
	const char *p = pq_get_bytes(buf, nbytes);

	type_utf8_verify(p, nbytes);
	if (nbytes >= NAMEDATALEN)
		ereport(ERROR, errcode(ERRCODE_NAME_TOO_LONG),
				errmsg("identifier too long"),
				errdetail("Identifier must be less than %d characters.", NAMEDATALEN));
	return make_name(p, nbytes);
}

static void
name_send(Datum value, StringBuf *out)
{
	pq_send_bytes(out, DatumGetCString(value), name_len(value));
}

static int
name_cmp(Datum a, Datum b)
{
	return bytes_cmp(DatumGetCString(a), name_len(a), DatumGetCString(b), name_len(b));
}

static uint32_t
name_hash(Datum value)
{
	return type_hash_bytes(DatumGetCString(value), (size_t) name_len(value));
}

/* ---- "char" ---- */

static bool
is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* "\ooo" gives that byte; otherwise the first byte (NUL for ""). */
static char
char_from_bytes(const char *s, int len)
{
	if (len == 4 && s[0] == '\\' && is_octal(s[1]) && is_octal(s[2]) && is_octal(s[3]))
		return (char) (unsigned char) (((s[1] - '0') << 6) + ((s[2] - '0') << 3) + (s[3] - '0'));
	return len > 0 ? s[0] : '\0';
}

static Datum
char_in(const char *str, int32_t typmod)
{
	return CharGetDatum(char_from_bytes(str, (int) strnlen(str, 5)));
}

static char *
char_out(Datum value)
{
	unsigned char c = (unsigned char) DatumGetChar(value);

	if (c >= 0x80)
		return psprintf("\\%o%o%o", c >> 6, (c >> 3) & 7, c & 7);
	char	   *r = palloc(2);

	r[0] = (char) c;
	r[1] = '\0';
	return r;
}

static Datum
char_recv(StringBuf *buf, int32_t typmod)
{
	return CharGetDatum((char) pq_get_byte(buf));
}

static void
char_send(Datum value, StringBuf *out)
{
	pq_send_int8(out, (uint8_t) DatumGetChar(value));
}

static int
char_cmp(Datum a, Datum b)
{
	unsigned char ca = (unsigned char) DatumGetChar(a);
	unsigned char cb = (unsigned char) DatumGetChar(b);

	return ca < cb ? -1 : ca > cb ? 1 : 0;
}

static uint32_t
char_hash(Datum value)
{
	return type_hash_uint64((unsigned char) DatumGetChar(value));
}

static const TypeInfo text_types[] = {
	{
		.oid = TEXTOID, .name = "text", .sql_name = "text",
		.typlen = -1, .byval = false, .align = 'i',
		.category = TYPCATEGORY_STRING, .preferred = true,
		.input = text_in, .output = text_out, .recv = text_recv, .send = text_send,
		.compare = text_cmp, .hash = text_hash,
	},
	{
		.oid = VARCHAROID, .name = "varchar", .sql_name = "character varying",
		.typlen = -1, .byval = false, .align = 'i',
		.category = TYPCATEGORY_STRING, .preferred = false,
		.input = varchar_in, .output = text_out, .recv = varchar_recv, .send = text_send,
		.typmod_in = varchar_typmod_in, .apply_typmod = varchar_apply_typmod,
		.typmod_out = char_typmod_out,
		.compare = text_cmp, .hash = text_hash,
	},
	{
		.oid = BPCHAROID, .name = "bpchar", .sql_name = "character",
		.typlen = -1, .byval = false, .align = 'i',
		.category = TYPCATEGORY_STRING, .preferred = false,
		.input = bpchar_in, .output = text_out, .recv = bpchar_recv, .send = text_send,
		.typmod_in = bpchar_typmod_in, .apply_typmod = bpchar_apply_typmod,
		.typmod_out = char_typmod_out,
		.compare = bpchar_cmp, .hash = bpchar_hash,
	},
	{
		.oid = NAMEOID, .name = "name", .sql_name = "name",
		.typlen = NAMEDATALEN, .byval = false, .align = 'c',
		.category = TYPCATEGORY_STRING, .preferred = false,
		.input = name_in, .output = name_out, .recv = name_recv, .send = name_send,
		.compare = name_cmp, .hash = name_hash,
	},
	{
		.oid = CHAROID, .name = "char", .sql_name = "\"char\"",
		.typlen = 1, .byval = true, .align = 'c',
		.category = TYPCATEGORY_INTERNAL, .preferred = false,
		.input = char_in, .output = char_out, .recv = char_recv, .send = char_send,
		.compare = char_cmp, .hash = char_hash,
	},
};

const TypeInfoTable text_type_table = TYPE_INFO_TABLE(text_types);

/* ---- casts ---- */

/* bpchar -> text/varchar: drop trailing spaces. */
static Datum
bpchar_to_text(FunctionCallInfo fcinfo)
{
	text	   *t = PG_GETARG_TEXT_P(0);

	PG_RETURN_DATUM(type_text_datum(VARDATA(t), trimmed_len(VARDATA(t), VARSIZE_EXHDR(t))));
}

static Datum
name_to_text(FunctionCallInfo fcinfo)
{
	Datum		n = PG_GETARG_DATUM(0);

	PG_RETURN_DATUM(type_text_datum(DatumGetCString(n), name_len(n)));
}

static Datum
text_to_name(FunctionCallInfo fcinfo)
{
	text	   *t = PG_GETARG_TEXT_P(0);

	PG_RETURN_DATUM(make_name(VARDATA(t), VARSIZE_EXHDR(t)));
}

static Datum
bpchar_to_name(FunctionCallInfo fcinfo)
{
	text	   *t = PG_GETARG_TEXT_P(0);

	PG_RETURN_DATUM(make_name(VARDATA(t), trimmed_len(VARDATA(t), VARSIZE_EXHDR(t))));
}

static Datum
char_to_text(FunctionCallInfo fcinfo)
{
	char	   *s = char_out(PG_GETARG_DATUM(0));

	PG_RETURN_DATUM(type_text_datum(s, (int) strlen(s)));
}

static Datum
text_to_char(FunctionCallInfo fcinfo)
{
	text	   *t = PG_GETARG_TEXT_P(0);

	PG_RETURN_DATUM(CharGetDatum(char_from_bytes(VARDATA(t), VARSIZE_EXHDR(t))));
}

static Datum
int4_to_char(FunctionCallInfo fcinfo)
{
	int32_t		v = PG_GETARG_INT32(0);

	if (v < -128 || v > 127)
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("\"char\" out of range"));
	PG_RETURN_DATUM(CharGetDatum((char) v));
}

static Datum
char_to_int4(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32((int32_t) (signed char) DatumGetChar(PG_GETARG_DATUM(0)));
}

/* pg_cast rows among the character types (NULL fn: same representation). */
static const BuiltinCast text_casts[] = {
	{TEXTOID, VARCHAROID, COERCION_IMPLICIT, NULL, false},
	{TEXTOID, BPCHAROID, COERCION_IMPLICIT, NULL, false},
	{VARCHAROID, TEXTOID, COERCION_IMPLICIT, NULL, false},
	{VARCHAROID, BPCHAROID, COERCION_IMPLICIT, NULL, false},
	{BPCHAROID, TEXTOID, COERCION_IMPLICIT, bpchar_to_text, false},
	{BPCHAROID, VARCHAROID, COERCION_IMPLICIT, bpchar_to_text, false},
	{NAMEOID, TEXTOID, COERCION_IMPLICIT, name_to_text, false},
	{NAMEOID, VARCHAROID, COERCION_ASSIGNMENT, name_to_text, false},
	{NAMEOID, BPCHAROID, COERCION_ASSIGNMENT, name_to_text, false},
	{TEXTOID, NAMEOID, COERCION_IMPLICIT, text_to_name, false},
	{VARCHAROID, NAMEOID, COERCION_IMPLICIT, text_to_name, false},
	{BPCHAROID, NAMEOID, COERCION_IMPLICIT, bpchar_to_name, false},
	{CHAROID, TEXTOID, COERCION_IMPLICIT, char_to_text, false},
	{CHAROID, VARCHAROID, COERCION_ASSIGNMENT, char_to_text, false},
	{CHAROID, BPCHAROID, COERCION_ASSIGNMENT, char_to_text, false},
	{TEXTOID, CHAROID, COERCION_ASSIGNMENT, text_to_char, false},
	{VARCHAROID, CHAROID, COERCION_ASSIGNMENT, text_to_char, false},
	{BPCHAROID, CHAROID, COERCION_ASSIGNMENT, text_to_char, false},
	{INT4OID, CHAROID, COERCION_EXPLICIT, int4_to_char, false},
	{CHAROID, INT4OID, COERCION_EXPLICIT, char_to_int4, false},
};

const FmgrTableSet text_fmgr = {
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
	FMGR_ROWS(text_casts),
	FMGR_NO_ROWS,
};
