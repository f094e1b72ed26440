/*-------------------------------------------------------------------------
 * pseudo.c
 *	  Pseudo-types: unknown (untyped literals), cstring, void, record, and
 *	  the polymorphic "any", anyelement and anynonarray.
 *
 * Role: these appear as argument/result types of functions and as the
 * type of literals before resolution; they need TypeInfo rows so that
 * type_get(), type_format() and error messages work on them.
 *
 * Invariants:
 *	- unknown and cstring values are NUL-terminated C strings (typlen -2):
 *	  input and output copy the string.
 *	- void has the empty string as its only text form.
 *	- The polymorphic types and record cannot be read or printed (their
 *	  input/output are NULL; the type_* wrappers raise 0A000).
 *
 * Entry points: pseudo_type_table (exported table).
 * See also: fmgr_resolve.c (polymorphic resolution), fmgr_cast.c.
 *-------------------------------------------------------------------------
 */
#include "sql/types/types.h"
#include "tcop/pqformat.h"
#include "utils/memctx.h"

static Datum
cstring_in(const char *str, int32_t typmod)
{
	return CStringGetDatum(pstrdup(str));
}

static char *
cstring_out(Datum value)
{
	return pstrdup(DatumGetCString(value));
}

static Datum
cstring_recv(StringBuf *buf, int32_t typmod)
{
	int			nbytes = pq_remaining(buf);

	return CStringGetDatum(pnstrdup(pq_get_bytes(buf, nbytes), (size_t) nbytes));
}

static void
cstring_send(Datum value, StringBuf *out)
{
	const char *s = DatumGetCString(value);

	pq_send_bytes(out, s, (int) strlen(s));
}

static int
cstring_cmp(Datum a, Datum b)
{
	int			r = strcmp(DatumGetCString(a), DatumGetCString(b));

	return r < 0 ? -1 : r > 0 ? 1 : 0;
}

static uint32_t
cstring_hash(Datum value)
{
	const char *s = DatumGetCString(value);

	return type_hash_bytes(s, strlen(s));
}

static Datum
void_in(const char *str, int32_t typmod)
{
	return (Datum) 0;
}

static char *
void_out(Datum value)
{
	return pstrdup("");
}

#define PSEUDO(o, n, sqln, len, byv, al, cat) \
	.oid = (o), .name = (n), .sql_name = (sqln), .typlen = (len), .byval = (byv), \
	.align = (al), .category = (cat), .preferred = false

static const TypeInfo pseudo_types[] = {
	{
		PSEUDO(UNKNOWNOID, "unknown", "unknown", -2, false, 'c', TYPCATEGORY_UNKNOWN),
		.input = cstring_in, .output = cstring_out, .recv = cstring_recv,
		.send = cstring_send, .compare = cstring_cmp, .hash = cstring_hash,
	},
	{
		PSEUDO(CSTRINGOID, "cstring", "cstring", -2, false, 'c', TYPCATEGORY_PSEUDO),
		.input = cstring_in, .output = cstring_out, .recv = cstring_recv,
		.send = cstring_send, .compare = cstring_cmp, .hash = cstring_hash,
	},
	{
		PSEUDO(VOIDOID, "void", "void", 4, true, 'i', TYPCATEGORY_PSEUDO),
		.input = void_in, .output = void_out,
	},
	{PSEUDO(RECORDOID, "record", "record", -1, false, 'd', TYPCATEGORY_PSEUDO)},
	{PSEUDO(ANYOID, "any", "\"any\"", 4, true, 'i', TYPCATEGORY_PSEUDO)},
	{PSEUDO(ANYELEMENTOID, "anyelement", "anyelement", 4, true, 'i', TYPCATEGORY_PSEUDO)},
	{PSEUDO(ANYNONARRAYOID, "anynonarray", "anynonarray", 4, true, 'i', TYPCATEGORY_PSEUDO)},
};

const TypeInfoTable pseudo_type_table = TYPE_INFO_TABLE(pseudo_types);
