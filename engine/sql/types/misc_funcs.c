/*-------------------------------------------------------------------------
 * misc_funcs.c
 *	  Built-in functions over arguments of any type: concat, concat_ws,
 *	  num_nulls, num_nonnulls; and md5().
 *
 * Role: rows of pg_proc.  PostgreSQL declares concat and friends VARIADIC
 * "any"; minipg has one row per argument count (1..FUNC_MAX_ARGS), with
 * ANYOID arguments whose actual types come from fcinfo->argtypes.
 *
 * Invariants:
 *	- These functions are not strict: NULL arguments are skipped (concat)
 *	  or counted (num_nulls); concat_ws with a NULL separator is NULL.
 *	- concat renders values through their types' output functions, which
 *	  may depend on settings (DateStyle, extra_float_digits), hence stable.
 *	- md5 is the lower-case hex digest computed by OpenSSL.
 *
 * Entry points: misc_funcs_fmgr (exported table set).
 * See also: text_funcs.c, fmgr.h (polymorphic arguments).
 *-------------------------------------------------------------------------
 */
#include <openssl/evp.h>

#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

/* Append argument n (not NULL) to out, rendered as text. */
static void
append_any(StringBuf *out, FunctionCallInfo fcinfo, int n)
{
	Oid			typid = fcinfo->argtypes[n];

	if (typid == TEXTOID || typid == VARCHAROID || typid == UNKNOWNOID)
	{
		if (typid == UNKNOWNOID)
		{
			strbuf_append(out, DatumGetCString(PG_GETARG_DATUM(n)));
			return;
		}
		text	   *t = PG_GETARG_TEXT_P(n);

		strbuf_append_bytes(out, VARDATA(t), VARSIZE_EXHDR(t));
		return;
	}
	if (typid == InvalidOid)
		elog(ERROR, "could not determine the type of argument %d", n + 1);
	strbuf_append(out, type_output(typid, PG_GETARG_DATUM(n)));
}

/* Concatenate arguments first..nargs-1 (NULLs skipped) with sep between. */
static Datum
concat_internal(FunctionCallInfo fcinfo, int first, const char *sep, int seplen)
{
	StringBuf	out;
	bool		any = false;

	strbuf_init(&out);
	for (int i = first; i < PG_NARGS(); i++)
	{
		if (PG_ARGISNULL(i))
			continue;
		if (any && seplen > 0)
			strbuf_append_bytes(&out, sep, seplen);
		append_any(&out, fcinfo, i);
		any = true;
	}
	return type_text_datum(out.data, out.len);
}

static Datum
any_concat(FunctionCallInfo fcinfo)
{
	return concat_internal(fcinfo, 0, "", 0);
}

static Datum
any_concat_ws(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();

	text	   *sep = PG_GETARG_TEXT_P(0);

	return concat_internal(fcinfo, 1, VARDATA(sep), VARSIZE_EXHDR(sep));
}

static Datum
any_num_nulls(FunctionCallInfo fcinfo)
{
	int			n = 0;

	for (int i = 0; i < PG_NARGS(); i++)
		n += PG_ARGISNULL(i) ? 1 : 0;
	PG_RETURN_INT32(n);
}

static Datum
any_num_nonnulls(FunctionCallInfo fcinfo)
{
	int			n = 0;

	for (int i = 0; i < PG_NARGS(); i++)
		n += PG_ARGISNULL(i) ? 0 : 1;
	PG_RETURN_INT32(n);
}

/* md5 of a varlena's bytes (text or bytea), as 32 hex digits. */
static Datum
varlena_md5(FunctionCallInfo fcinfo)
{
	text	   *t = PG_GETARG_TEXT_P(0);
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	char		hex[2 * EVP_MAX_MD_SIZE + 1];
	static const char digits[] = "0123456789abcdef";

	if (EVP_Digest(VARDATA(t), (size_t) VARSIZE_EXHDR(t), digest, &dlen, EVP_md5(), NULL) != 1)
		ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY),
				errmsg("could not compute %s hash: %s", "MD5", "digest failure"));
	for (unsigned int i = 0; i < dlen; i++)
	{
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	return type_text_datum(hex, (int) (2 * dlen));
}

#define A ANYOID
#define ANYROW(name, n, fn, ...) \
	{name, n, {__VA_ARGS__}, INT4OID, false, FUNC_IMMUTABLE, false, fn}
#define CONCAT_ROW(n, ...) {"concat", n, {__VA_ARGS__}, TEXTOID, false, FUNC_STABLE, false, any_concat}
#define CONCAT_WS_ROW(n, ...) \
	{"concat_ws", n, {TEXTOID, __VA_ARGS__}, TEXTOID, false, FUNC_STABLE, false, any_concat_ws}

static const BuiltinFunction misc_functions[] = {
	CONCAT_ROW(1, A),
	CONCAT_ROW(2, A, A),
	CONCAT_ROW(3, A, A, A),
	CONCAT_ROW(4, A, A, A, A),
	CONCAT_ROW(5, A, A, A, A, A),
	CONCAT_ROW(6, A, A, A, A, A, A),
	CONCAT_ROW(7, A, A, A, A, A, A, A),
	CONCAT_ROW(8, A, A, A, A, A, A, A, A),
	CONCAT_WS_ROW(2, A),
	CONCAT_WS_ROW(3, A, A),
	CONCAT_WS_ROW(4, A, A, A),
	CONCAT_WS_ROW(5, A, A, A, A),
	CONCAT_WS_ROW(6, A, A, A, A, A),
	CONCAT_WS_ROW(7, A, A, A, A, A, A),
	CONCAT_WS_ROW(8, A, A, A, A, A, A, A),
	ANYROW("num_nulls", 1, any_num_nulls, A),
	ANYROW("num_nulls", 2, any_num_nulls, A, A),
	ANYROW("num_nulls", 3, any_num_nulls, A, A, A),
	ANYROW("num_nulls", 4, any_num_nulls, A, A, A, A),
	ANYROW("num_nonnulls", 1, any_num_nonnulls, A),
	ANYROW("num_nonnulls", 2, any_num_nonnulls, A, A),
	ANYROW("num_nonnulls", 3, any_num_nonnulls, A, A, A),
	ANYROW("num_nonnulls", 4, any_num_nonnulls, A, A, A, A),
	{"md5", 1, {TEXTOID}, TEXTOID, true, FUNC_IMMUTABLE, false, varlena_md5},
	{"md5", 1, {BYTEAOID}, TEXTOID, true, FUNC_IMMUTABLE, false, varlena_md5},
};

const FmgrTableSet misc_funcs_fmgr = {
	FMGR_ROWS(misc_functions),
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
};
