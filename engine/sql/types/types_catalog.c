/*-------------------------------------------------------------------------
 * types_catalog.c
 *	  The list of built-in types, lookup by OID and by SQL name,
 *	  format_type(), and the type_* wrappers that dispatch through a
 *	  type's TypeInfo.
 *
 * Role: the single place that knows every type family.  Each family file
 * (bool.c, int.c, float.c, text.c, bytea.c, pseudo.c, numeric.c, the date
 * and time files) exports one TypeInfoTable; TYPE_TABLES below lists them.
 * Registering a family is one line: X(foo_type_table).
 *
 * Invariants:
 *	- Type OIDs are unique across all tables (checked when the index is
 *	  built; a duplicate is a programming error reported as XX000).
 *	- The OID index is built on first use and never changes afterwards, so
 *	  a forked backend inherits it ready-made.
 *
 * Entry points: type_get, type_get_or_null, type_lookup_name, type_format,
 * type_sql_name, type_input/output/recv/send/apply_typmod/compare/hash.
 * See also: types.h (contract), fmgr_catalog.c (functions and operators).
 *-------------------------------------------------------------------------
 */
#include "sql/types/types.h"

#include <ctype.h>
#include <strings.h>

#include "utils/elog.h"
#include "utils/memctx.h"

/* Every family's table.  Add one line per family. */
#define TYPE_TABLES(X) \
	X(bool_type_table) \
	X(int_type_table) \
	X(float_type_table) \
	X(text_type_table) \
	X(bytea_type_table) \
	X(pseudo_type_table) \
	X(regclass_type_table) \
	X(numeric_type_table) \
	X(date_type_table) \
	X(timestamp_type_table) \
	X(interval_type_table)

#define DECLARE_TYPE_TABLE(t) extern const TypeInfoTable t;
#define POINT_TO_TYPE_TABLE(t) &t,

TYPE_TABLES(DECLARE_TYPE_TABLE)

static const TypeInfoTable *const type_tables[] = {
	TYPE_TABLES(POINT_TO_TYPE_TABLE)
};

/* OIDs below this are found by direct index; the rest by a scan. */
#define TYPE_INDEX_SIZE 4096

static const TypeInfo *type_by_oid[TYPE_INDEX_SIZE];
static const TypeInfo **type_list;
static int	type_list_len;

/*
 * Build the OID index and the flat list on first use.  Allocation happens
 * in TopMemoryContext (a few hundred bytes, once per process image).
 */
static void
build_type_index(void)
{
	int			total = 0;

	for (size_t t = 0; t < lengthof(type_tables); t++)
		total += type_tables[t]->nrows;
	memctx_init();

	const TypeInfo **list = memctx_alloc(TopMemoryContext,
										 sizeof(TypeInfo *) * (size_t) Max(total, 1));
	int			n = 0;

	for (size_t t = 0; t < lengthof(type_tables); t++)
	{
		for (int i = 0; i < type_tables[t]->nrows; i++)
		{
			const TypeInfo *ti = &type_tables[t]->rows[i];

			for (int j = 0; j < n; j++)
				if (list[j]->oid == ti->oid)
					elog(ERROR, "duplicate built-in type OID %u (%s)", ti->oid, ti->name);
			list[n++] = ti;
			if (ti->oid < TYPE_INDEX_SIZE)
				type_by_oid[ti->oid] = ti;
		}
	}
	type_list = list;
	type_list_len = n;
}

static inline void
ensure_type_index(void)
{
	if (unlikely(type_list == NULL))
		build_type_index();
}

const TypeInfo *
type_get_or_null(Oid typid)
{
	ensure_type_index();
	if (typid < TYPE_INDEX_SIZE)
		return type_by_oid[typid];
	for (int i = 0; i < type_list_len; i++)
		if (type_list[i]->oid == typid)
			return type_list[i];
	return NULL;
}

const TypeInfo *
type_get(Oid typid)
{
	const TypeInfo *ti = type_get_or_null(typid);

	if (ti == NULL)
		elog(ERROR, "cache lookup failed for type %u", typid);
	return ti;
}

int
type_count(void)
{
	ensure_type_index();
	return type_list_len;
}

const TypeInfo *
type_by_index(int i)
{
	ensure_type_index();
	Assert(i >= 0 && i < type_list_len);
	return type_list[i];
}

const char *
type_sql_name(Oid typid)
{
	const TypeInfo *ti = type_get_or_null(typid);

	return ti != NULL ? ti->sql_name : "???";
}

char
type_category(Oid typid)
{
	const TypeInfo *ti = type_get_or_null(typid);

	return ti != NULL ? ti->category : TYPCATEGORY_INVALID;
}

bool
type_is_preferred(Oid typid)
{
	const TypeInfo *ti = type_get_or_null(typid);

	return ti != NULL && ti->preferred;
}

/* ---- lookup by name ---- */

typedef struct TypeAlias
{
	const char *alias;
	Oid			oid;
} TypeAlias;

/* Spellings that differ from pg_type.typname (which is tried afterwards). */
static const TypeAlias type_aliases[] = {
	{"smallint", INT2OID},
	{"int", INT4OID},
	{"integer", INT4OID},
	{"bigint", INT8OID},
	{"real", FLOAT4OID},
	{"float", FLOAT8OID},
	{"double precision", FLOAT8OID},
	{"boolean", BOOLOID},
	{"character varying", VARCHAROID},
	{"char varying", VARCHAROID},
	{"character", BPCHAROID},
	{"char", BPCHAROID},
	{"\"char\"", CHAROID},
	{"decimal", NUMERICOID},
	{"dec", NUMERICOID},
	{"time without time zone", TIMEOID},
	{"timestamp without time zone", TIMESTAMPOID},
	{"timestamp with time zone", TIMESTAMPTZOID},
	{"\"any\"", ANYOID},
};

/*
 * Lower-case name into buf, collapsing runs of blanks and trimming them;
 * false if it does not fit.
 */
static bool
normalize_type_name(const char *name, char *buf, size_t bufsize)
{
	size_t		n = 0;
	bool		pending_blank = false;

	for (const char *p = name; *p; p++)
	{
		unsigned char c = (unsigned char) *p;

		if (isspace(c))
		{
			pending_blank = (n > 0);
			continue;
		}
		if (pending_blank)
		{
			if (n + 1 >= bufsize)
				return false;
			buf[n++] = ' ';
			pending_blank = false;
		}
		if (n + 1 >= bufsize)
			return false;
		buf[n++] = (char) tolower(c);
	}
	buf[n] = '\0';
	return true;
}

const TypeInfo *
type_lookup_name(const char *name)
{
	char		buf[128];
	const char *key = buf;
	bool		qualified = false;

	if (name == NULL || !normalize_type_name(name, buf, sizeof(buf)))
		return NULL;
	if (strncmp(buf, "pg_catalog.", 11) == 0)
	{
		key = buf + 11;
		qualified = true;
	}
	/* A qualified name is never the CHAR keyword: pg_catalog.char is "char". */
	if (qualified && (strcmp(key, "char") == 0 || strcmp(key, "\"char\"") == 0))
		return type_get_or_null(CHAROID);
	for (size_t i = 0; i < lengthof(type_aliases); i++)
		if (strcmp(key, type_aliases[i].alias) == 0)
			return type_get_or_null(type_aliases[i].oid);

	/* pg_type.typname, possibly written as a quoted identifier. */
	char		unquoted[128];
	size_t		klen = strlen(key);

	if (klen >= 2 && key[0] == '"' && key[klen - 1] == '"')
	{
		memcpy(unquoted, key + 1, klen - 2);
		unquoted[klen - 2] = '\0';
		key = unquoted;
	}
	ensure_type_index();
	for (int i = 0; i < type_list_len; i++)
		if (strcmp(type_list[i]->name, key) == 0)
			return type_list[i];
	return NULL;
}

/* ---- format_type ---- */

/* Names into which PostgreSQL writes the modifier before the zone clause. */
static const char *const zone_suffixes[] = {" without time zone", " with time zone"};

char *
type_format(Oid typid, int32_t typmod)
{
	const TypeInfo *ti = type_get_or_null(typid);

	if (ti == NULL)
		return pstrdup("???");
	/* A bpchar without length is spelled by its internal name. */
	if (typid == BPCHAROID && typmod < 0)
		return pstrdup("bpchar");
	if (typmod < 0 || ti->typmod_out == NULL)
		return pstrdup(ti->sql_name);

	char	   *mod = ti->typmod_out(typmod);
	size_t		namelen = strlen(ti->sql_name);

	for (size_t i = 0; i < lengthof(zone_suffixes); i++)
	{
		size_t		slen = strlen(zone_suffixes[i]);

		if (namelen > slen && strcmp(ti->sql_name + namelen - slen, zone_suffixes[i]) == 0)
			return psprintf("%.*s%s%s", (int) (namelen - slen), ti->sql_name, mod,
							zone_suffixes[i]);
	}
	return psprintf("%s%s", ti->sql_name, mod);
}

/* ---- wrappers ---- */

Datum
type_input(Oid typid, const char *str, int32_t typmod)
{
	const TypeInfo *ti = type_get(typid);

	if (ti->input == NULL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("cannot accept a value of type %s", ti->sql_name));
	return ti->input(str, typmod);
}

char *
type_output(Oid typid, Datum value)
{
	const TypeInfo *ti = type_get(typid);

	if (ti->output == NULL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("cannot display a value of type %s", ti->sql_name));
	return ti->output(value);
}

Datum
type_recv(Oid typid, StringBuf *buf, int32_t typmod)
{
	const TypeInfo *ti = type_get(typid);

	if (ti->recv == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_FUNCTION),
				errmsg("no binary input function available for type %s",
					   type_format(typid, -1)));
	return ti->recv(buf, typmod);
}

void
type_send(Oid typid, Datum value, StringBuf *out)
{
	const TypeInfo *ti = type_get(typid);

	if (ti->send == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_FUNCTION),
				errmsg("no binary output function available for type %s",
					   type_format(typid, -1)));
	ti->send(value, out);
}

Datum
type_apply_typmod(Oid typid, Datum value, int32_t typmod, bool is_explicit)
{
	const TypeInfo *ti = type_get(typid);

	if (typmod < 0 || ti->apply_typmod == NULL)
		return value;
	return ti->apply_typmod(value, typmod, is_explicit);
}

int
type_compare(Oid typid, Datum a, Datum b)
{
	const TypeInfo *ti = type_get(typid);

	if (ti->compare == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_FUNCTION),
				errmsg("could not identify an ordering operator for type %s",
					   ti->sql_name));
	return ti->compare(a, b);
}

uint32_t
type_hash(Oid typid, Datum value)
{
	const TypeInfo *ti = type_get(typid);

	if (ti->hash == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_FUNCTION),
				errmsg("could not identify a hash function for type %s",
					   ti->sql_name));
	return ti->hash(value);
}
