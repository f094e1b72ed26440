/*-------------------------------------------------------------------------
 * bool.c
 *	  The boolean type: text and binary I/O, comparison operators, and the
 *	  casts to and from integer and the string types.
 *
 * Role: one type family (see types_catalog.c / fmgr_catalog.c).
 *
 * Invariants:
 *	- Input accepts what PostgreSQL's boolin accepts: surrounding blanks,
 *	  any case, and unambiguous prefixes of true/false/yes/no, on/off, 1/0.
 *	- Output is "t" / "f"; the cast to text is "true" / "false".
 *	- false < true.
 *
 * Entry points: bool_type_table, bool_fmgr (exported tables).
 * See also: aggregates.c (bool_and, bool_or, every).
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <strings.h>

#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* Does s (length len) match a prefix of word, at least minlen long? */
static bool
is_prefix_of(const char *s, size_t len, const char *word, size_t minlen)
{
	return len >= minlen && len <= strlen(word) && strncasecmp(s, word, len) == 0;
}

/* Parse PostgreSQL's boolean spellings; false when s is not one. */
static bool
parse_bool_text(const char *s, size_t len, bool *result)
{
	if (len == 0)
		return false;
	switch (tolower((unsigned char) s[0]))
	{
		case 't':
			*result = true;
			return is_prefix_of(s, len, "true", 1);
		case 'f':
			*result = false;
			return is_prefix_of(s, len, "false", 1);
		case 'y':
			*result = true;
			return is_prefix_of(s, len, "yes", 1);
		case 'n':
			*result = false;
			return is_prefix_of(s, len, "no", 1);
		case 'o':
			/* "o" alone is ambiguous between on and off */
			if (is_prefix_of(s, len, "on", 2))
			{
				*result = true;
				return true;
			}
			*result = false;
			return is_prefix_of(s, len, "off", 2);
		case '1':
			*result = true;
			return len == 1;
		case '0':
			*result = false;
			return len == 1;
		default:
			return false;
	}
}

static Datum
bool_in(const char *str, int32_t typmod)
{
	const char *start = str;
	bool		result = false;

	while (isspace((unsigned char) *start))
		start++;
	size_t		len = strlen(start);

	while (len > 0 && isspace((unsigned char) start[len - 1]))
		len--;
	if (!parse_bool_text(start, len, &result))
		type_error_invalid_input("boolean", str);
	return BoolGetDatum(result);
}

static char *
bool_out(Datum value)
{
	return pstrdup(DatumGetBool(value) ? "t" : "f");
}

static Datum
bool_recv(StringBuf *buf, int32_t typmod)
{
	return BoolGetDatum(pq_get_byte(buf) != 0);
}

static void
bool_send(Datum value, StringBuf *out)
{
	pq_send_int8(out, DatumGetBool(value) ? 1 : 0);
}

static int
bool_cmp(Datum a, Datum b)
{
	return (int) DatumGetBool(a) - (int) DatumGetBool(b);
}

static uint32_t
bool_hash(Datum value)
{
	return type_hash_uint64(DatumGetBool(value) ? 1 : 0);
}

static const TypeInfo bool_types[] = {
	{
		.oid = BOOLOID, .name = "bool", .sql_name = "boolean",
		.typlen = 1, .byval = true, .align = 'c',
		.category = TYPCATEGORY_BOOLEAN, .preferred = true,
		.input = bool_in, .output = bool_out, .recv = bool_recv, .send = bool_send,
		.compare = bool_cmp, .hash = bool_hash,
	},
};

const TypeInfoTable bool_type_table = TYPE_INFO_TABLE(bool_types);

/* ---- operators ---- */

#define BOOL_CMP_FN(fname, op) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		PG_RETURN_BOOL(PG_GETARG_BOOL(0) op PG_GETARG_BOOL(1)); \
	}

BOOL_CMP_FN(bool_eq, ==)
BOOL_CMP_FN(bool_ne, !=)
BOOL_CMP_FN(bool_lt, <)
BOOL_CMP_FN(bool_le, <=)
BOOL_CMP_FN(bool_gt, >)
BOOL_CMP_FN(bool_ge, >=)

static const BuiltinOperator bool_operators[] = {
	{"=", BOOLOID, BOOLOID, BOOLOID, bool_eq},
	{"<>", BOOLOID, BOOLOID, BOOLOID, bool_ne},
	{"<", BOOLOID, BOOLOID, BOOLOID, bool_lt},
	{"<=", BOOLOID, BOOLOID, BOOLOID, bool_le},
	{">", BOOLOID, BOOLOID, BOOLOID, bool_gt},
	{">=", BOOLOID, BOOLOID, BOOLOID, bool_ge},
};

/* ---- casts ---- */

static Datum
bool_to_int4(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(PG_GETARG_BOOL(0) ? 1 : 0);
}

static Datum
int4_to_bool(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(PG_GETARG_INT32(0) != 0);
}

/* text(boolean): the SQL spelling, unlike the output function. */
static Datum
bool_to_text(FunctionCallInfo fcinfo)
{
	PG_RETURN_TEXT_P(cstring_to_text(PG_GETARG_BOOL(0) ? "true" : "false"));
}

static const BuiltinCast bool_casts[] = {
	{BOOLOID, INT4OID, COERCION_EXPLICIT, bool_to_int4, false},
	{INT4OID, BOOLOID, COERCION_EXPLICIT, int4_to_bool, false},
	{BOOLOID, TEXTOID, COERCION_ASSIGNMENT, bool_to_text, false},
	{BOOLOID, VARCHAROID, COERCION_ASSIGNMENT, bool_to_text, false},
	{BOOLOID, BPCHAROID, COERCION_ASSIGNMENT, bool_to_text, false},
};

const FmgrTableSet bool_fmgr = {
	FMGR_NO_ROWS,
	FMGR_ROWS(bool_operators),
	FMGR_ROWS(bool_casts),
	FMGR_NO_ROWS,
};
