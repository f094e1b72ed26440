/*-------------------------------------------------------------------------
 * regclass.c
 *	  The regclass type (OID 2205): a relation's OID that reads and prints
 *	  as the relation's name, as in PostgreSQL.
 *
 * Role: lets SQL name a relation where a function wants its OID:
 * pg_relation_size('t'), pg_relation_filenode('s.t'::regclass), or
 * pg_relation_size(c.oid) with an oid column from pg_class (oid and
 * regclass convert implicitly both ways, sharing one representation).
 *
 * Input: "-" is InvalidOid; a number is taken as the OID as is (no
 * lookup, as PostgreSQL does); otherwise a possibly schema-qualified name,
 * unquoted parts folded to lower case, looked up along search_path: ERROR
 * 42P01 `relation "%s" does not exist`, 42602 `invalid name syntax`.
 * Output: the relation's name, schema-qualified when its schema is not
 * public or pg_catalog; the number when no such relation exists; "-" for 0.
 *
 * Casts (PostgreSQL's pg_cast rows): oid <-> regclass and int4 ->
 * regclass binary-compatible and implicit; int2, int8 and text ->
 * regclass implicit; regclass -> int4/int8 in assignment.
 *
 * Lives in catalog/ because its I/O reads pg_class and pg_namespace.
 * See also: sql/types/types_catalog.c and fmgr_catalog.c (registration),
 * sql/exec/adminfuncs.c (the functions taking regclass).
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "catalog/catalog.h"
#include "catalog/regclass.h"
#include "catalog/relcache.h"
#include "catalog/syscat.h"
#include "sql/types/fmgr.h"
#include "sql/types/types.h"
#include "storage/ipc/proc.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

/* Split "a.B"."c" into identifiers (at most max); ERROR 42602 on bad syntax. */
static int
split_qualified_name(const char *str, char **parts, int max)
{
	const char *p = str;
	int			n = 0;

	for (;;)
	{
		StringBuf	id;

		strbuf_init(&id);
		while (isspace((unsigned char) *p))
			p++;
		if (*p == '"')
		{
			for (p++;; p++)
			{
				if (*p == '\0')
					goto bad;
				if (*p == '"')
				{
					if (p[1] != '"')
						break;
					p++;
				}
				strbuf_append_char(&id, *p);
			}
			p++;
			if (id.len == 0)
				goto bad;
		}
		else
		{
			while (*p && *p != '.' && !isspace((unsigned char) *p))
			{
				strbuf_append_char(&id, (char) tolower((unsigned char) *p));
				p++;
			}
			if (id.len == 0)
				goto bad;
		}
		while (isspace((unsigned char) *p))
			p++;
		if (n == max)
			return n + 1;		/* too many: the caller reports it */
		parts[n++] = id.data;
		if (*p == '\0')
			return n;
		if (*p != '.')
			goto bad;
		p++;
	}
bad:
	ereport(ERROR, errcode(ERRCODE_INVALID_NAME), errmsg("invalid name syntax"));
	return 0;
}

static Datum
regclass_in(const char *str, int32_t typmod)
{
	char	   *parts[4];
	int			n;
	Oid			relid;

	(void) typmod;
	if (strcmp(str, "-") == 0)
		return ObjectIdGetDatum(InvalidOid);
	if (*str != '\0' && strspn(str, "0123456789") == strlen(str))
	{
		unsigned long v;

		errno = 0;
		v = strtoul(str, NULL, 10);
		if (errno == ERANGE || v > UINT32_MAX)
			ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					errmsg("value \"%s\" is out of range for type oid", str));
		return ObjectIdGetDatum((Oid) v);
	}
	n = split_qualified_name(str, parts, 4);
	if (n >= 4)
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("improper relation name (too many dotted names): %s", str));
	if (n == 3)
	{
		if (MyProc == NULL || strcmp(parts[0], MyProc->dbname) != 0)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("cross-database references are not implemented: \"%s\"", str));
		parts[0] = parts[1];
		parts[1] = parts[2];
		n = 2;
	}
	if (n == 2 && catalog_namespace_oid(parts[0]) == InvalidOid &&
		strcmp(parts[0], "pg_temp") != 0)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_SCHEMA),
				errmsg("schema \"%s\" does not exist", parts[0]));
	relid = relation_lookup(n == 2 ? parts[0] : NULL, parts[n - 1]);
	if (relid == InvalidOid)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
				errmsg("relation \"%s\" does not exist", n == 2 ?
					   psprintf("%s.%s", parts[0], parts[1]) : parts[0]));
	return ObjectIdGetDatum(relid);
}

static bool
regclass_lookup_class(Oid relid, PgClassRow *out)
{
	return relid != InvalidOid && syscat_find_class(relid, out);
}

/* An identifier as PostgreSQL's quote_identifier would print it. */
static char *
quote_ident_if_needed(const char *name)
{
	bool		plain = (islower((unsigned char) name[0]) || name[0] == '_');

	for (const char *p = name; *p && plain; p++)
		if (!(islower((unsigned char) *p) || isdigit((unsigned char) *p) || *p == '_'))
			plain = false;
	if (plain)
		return pstrdup(name);

	StringBuf	b;

	strbuf_init(&b);
	strbuf_append_char(&b, '"');
	for (const char *p = name; *p; p++)
	{
		if (*p == '"')
			strbuf_append_char(&b, '"');
		strbuf_append_char(&b, *p);
	}
	strbuf_append_char(&b, '"');
	return b.data;
}

bool
regclass_relation_info(Oid relid, RegclassInfo *out)
{
	PgClassRow	r;

	if (!regclass_lookup_class(relid, &r))
		return false;
	out->relfilenode = r.relfilenode;
	out->relkind = r.relkind;
	return true;
}

static char *
regclass_out(Datum value)
{
	Oid			relid = DatumGetObjectId(value);
	PgClassRow	r;

	if (!((relid) != InvalidOid))
		return pstrdup("-");
	if (!regclass_lookup_class(relid, &r))
		return psprintf("%" PRIu32, relid);
	if (r.relnamespace == PG_PUBLIC_NAMESPACE || r.relnamespace == PG_CATALOG_NAMESPACE)
		return quote_ident_if_needed(r.relname);

	char		nsp_name[NAMEDATALEN];

	(void) catalog_namespace_name(r.relnamespace, nsp_name);
	if (strncmp(nsp_name, "pg_temp", 7) == 0)
		return quote_ident_if_needed(r.relname);
	return psprintf("%s.%s", quote_ident_if_needed(nsp_name), quote_ident_if_needed(r.relname));
}

static Datum
regclass_recv(StringBuf *buf, int32_t typmod)
{
	(void) typmod;
	return ObjectIdGetDatum((Oid) pq_get_int32(buf));
}

static void
regclass_send(Datum value, StringBuf *out)
{
	pq_send_int32(out, DatumGetObjectId(value));
}

static int
regclass_cmp(Datum a, Datum b)
{
	Oid			x = DatumGetObjectId(a);
	Oid			y = DatumGetObjectId(b);

	return x < y ? -1 : x > y ? 1 : 0;
}

static uint32_t
regclass_hash(Datum value)
{
	return type_hash_uint64(DatumGetObjectId(value));
}

static const TypeInfo regclass_types[] = {
	{
		.oid = REGCLASSOID, .name = "regclass", .sql_name = "regclass", .typlen = 4,
		.byval = true, .align = 'i', .category = TYPCATEGORY_NUMERIC, .preferred = false,
		.input = regclass_in, .output = regclass_out, .recv = regclass_recv,
		.send = regclass_send, .compare = regclass_cmp, .hash = regclass_hash,
	},
};

const TypeInfoTable regclass_type_table = TYPE_INFO_TABLE(regclass_types);

static Datum
text_to_regclass(FunctionCallInfo fcinfo)
{
	return regclass_in(TextDatumGetCString(PG_GETARG_DATUM(0)), -1);
}

static const BuiltinCast regclass_casts[] = {
	{OIDOID, REGCLASSOID, COERCION_IMPLICIT, NULL, false},
	{REGCLASSOID, OIDOID, COERCION_IMPLICIT, NULL, false},
	{INT4OID, REGCLASSOID, COERCION_IMPLICIT, NULL, false},
	{INT2OID, REGCLASSOID, COERCION_IMPLICIT, int2_to_oid, false},
	{INT8OID, REGCLASSOID, COERCION_IMPLICIT, int8_to_oid, false},
	{REGCLASSOID, INT4OID, COERCION_ASSIGNMENT, NULL, false},
	{REGCLASSOID, INT8OID, COERCION_ASSIGNMENT, oid_to_int8, false},
	{TEXTOID, REGCLASSOID, COERCION_IMPLICIT, text_to_regclass, false},
	{VARCHAROID, REGCLASSOID, COERCION_IMPLICIT, text_to_regclass, false},
};

const FmgrTableSet regclass_fmgr = {
	FMGR_NO_ROWS, FMGR_NO_ROWS, FMGR_ROWS(regclass_casts), FMGR_NO_ROWS
};
