/*-------------------------------------------------------------------------
 * types.h
 *	  The built-in SQL types: their OIDs (PostgreSQL's, so clients decode
 *	  RowDescription correctly), storage properties, text and binary I/O,
 *	  type modifiers, ordering and hashing.
 *
 * Role: the executor, the heap (forming tuples), the protocol (DataRow,
 * Bind parameters) and the analyzer all ask this module about a type by
 * OID.  Each type family lives in its own file and exports a table of
 * TypeInfo rows; types_catalog.c lists those tables.
 *
 * Invariants:
 *	- OIDs, typlen, byval, alignment and category letters equal
 *	  PostgreSQL 15's pg_type rows.
 *	- input() raises ERROR 22P02 (invalid_text_representation) on text it
 *	  cannot parse, 22003 when out of range, with PostgreSQL's messages,
 *	  e.g. `invalid input syntax for type integer: "abc"`.
 *	- output() returns a palloc'd C string exactly as PostgreSQL prints
 *	  the value (DateStyle ISO, MDY; extra_float_digits = 1; UTC).
 *	- recv() consumes exactly the value's bytes from the buffer (cursor)
 *	  and raises 22P03 on malformed binary input; send() appends them.
 *	- compare() is a total order consistent with the type's = and <
 *	  operators (NaN sorts above all numbers, as in PostgreSQL).
 *	- hash() gives equal hashes for values the type's = calls equal, and
 *	  int2/int4/int8 hash a value identically (cross-type hash joins);
 *	  use type_hash_uint64()/type_hash_bytes() below.
 *	- A value of type unknown (an untyped literal) or cstring is a
 *	  NUL-terminated C string (typlen -2); coercing it to a type runs that
 *	  type's input function.
 *	- Text is UTF-8 and never contains a NUL byte; input and recv reject
 *	  invalid sequences with 22021.
 *	- Binary recv of a short buffer raises 08P01 "insufficient data left
 *	  in message" (as PostgreSQL's pq_getmsg* do); the caller checks that
 *	  the whole parameter was consumed (22P03 "incorrect binary data format
 *	  in bind parameter %d").
 *	- varchar and bpchar typmods are PostgreSQL's: declared length + 4
 *	  (VARHDRSZ), as clients read them from RowDescription.
 *
 * Adding a type family (one line in types_catalog.c):
 *	in foo.c:	static const TypeInfo foo_types[] = { {...}, ... };
 *				const TypeInfoTable foo_type_table = TYPE_INFO_TABLE(foo_types);
 *	in types_catalog.c, add X(foo_type_table) to TYPE_TABLES.
 * Helpers for implementing types (hashing, UTF-8, error reports) are in
 * sql/types/type_support.h.
 *
 * See also: sql/types/datum.h (packing), sql/types/fmgr.h (functions,
 * operators, casts and aggregates).
 *-------------------------------------------------------------------------
 */
#ifndef TYPES_H
#define TYPES_H

#include "common/minipg.h"
#include "sql/types/datum.h"
#include "utils/strbuf.h"

/* PostgreSQL 15 type OIDs. */
#define BOOLOID			16
#define BYTEAOID		17
#define CHAROID			18
#define NAMEOID			19
#define INT8OID			20
#define INT2OID			21
#define INT4OID			23
#define REGPROCOID		24
#define TEXTOID			25
#define OIDOID			26
#define FLOAT4OID		700
#define FLOAT8OID		701
#define UNKNOWNOID		705
#define BPCHAROID		1042
#define VARCHAROID		1043
#define DATEOID			1082
#define TIMEOID			1083
#define TIMESTAMPOID	1114
#define TIMESTAMPTZOID	1184
#define INTERVALOID		1186
#define NUMERICOID		1700
#define REGCLASSOID		2205
#define RECORDOID		2249
#define CSTRINGOID		2275
#define ANYOID			2276
#define VOIDOID			2278
#define ANYELEMENTOID	2283
#define ANYNONARRAYOID	2776

/* Type categories (pg_type.typcategory). */
#define TYPCATEGORY_BOOLEAN		'B'
#define TYPCATEGORY_DATETIME	'D'
#define TYPCATEGORY_NUMERIC		'N'
#define TYPCATEGORY_STRING		'S'
#define TYPCATEGORY_TIMESPAN	'T'
#define TYPCATEGORY_USER		'U'
#define TYPCATEGORY_UNKNOWN		'X'
#define TYPCATEGORY_PSEUDO		'P'
#define TYPCATEGORY_INTERNAL	'Z'

typedef struct TypeInfo
{
	Oid			oid;
	const char *name;			/* pg_type.typname: "int4", "varchar" */
	const char *sql_name;		/* format_type name: "integer", "character varying" */
	int16_t		typlen;			/* >0 fixed, -1 varlena, -2 cstring */
	bool		byval;
	char		align;			/* 'c' 1, 's' 2, 'i' 4, 'd' 8 bytes */
	char		category;
	bool		preferred;		/* preferred type of its category */

	/* Text I/O.  typmod is -1 when unspecified. */
	Datum		(*input) (const char *str, int32_t typmod);
	char	   *(*output) (Datum value);
	/*
	 * Binary I/O (NULL = binary format not supported: the type_recv/send
	 * wrappers raise 42883 "no binary input function available for type
	 * %s", as PostgreSQL does).
	 */
	Datum		(*recv) (StringBuf *buf, int32_t typmod);
	void		(*send) (Datum value, StringBuf *out);

	/*
	 * Type modifiers: typmod_in turns "(10)" / "(10,2)" into an int32
	 * (NULL: modifiers not allowed, ERROR 42601 "type modifier is not
	 * allowed for type %s"); apply_typmod enforces it on a value
	 * (varchar length 22001, char padding, numeric rounding/overflow);
	 * typmod_out renders it for format_type ("(10)").
	 */
	int32_t		(*typmod_in) (const int32_t *mods, int nmods);
	Datum		(*apply_typmod) (Datum value, int32_t typmod, bool is_explicit);
	char	   *(*typmod_out) (int32_t typmod);

	/* Ordering and hashing (NULL when the type has none). */
	int			(*compare) (Datum a, Datum b);
	uint32_t	(*hash) (Datum value);
} TypeInfo;

/* One family's rows, listed in types_catalog.c (see "Adding a type family"). */
typedef struct TypeInfoTable
{
	const TypeInfo *rows;
	int			nrows;
} TypeInfoTable;

#define TYPE_INFO_TABLE(array) { (array), (int) lengthof(array) }

/* The type with this OID; ERROR XX000 "cache lookup failed for type %u". */
const TypeInfo *type_get(Oid typid);
/* The type with this OID, or NULL. */
const TypeInfo *type_get_or_null(Oid typid);
/*
 * A type by SQL name as written by users ("int", "integer", "int4",
 * "character varying", "varchar", "double precision", "timestamptz",
 * "timestamp with time zone", "pg_catalog.int8", ...); NULL if unknown.
 * Case-insensitive; runs of blanks count as one.  The SQL keywords CHAR /
 * CHARACTER mean bpchar (char(n)); the one-byte "char" type is found by its
 * quoted name: pass "\"char\"" (with the double quotes) or "pg_catalog.char".
 * "float" is float8 (the parser maps float(p) with p <= 24 to "float4").
 */
const TypeInfo *type_lookup_name(const char *name);
/* format_type(): "integer", "character varying(10)", "numeric(10,2)". */
char	   *type_format(Oid typid, int32_t typmod);

/* Every registered type, for catalog views (pg_type); i in [0, type_count()). */
int			type_count(void);
const TypeInfo *type_by_index(int i);

/*
 * The SQL name of a type without modifier, as format_type prints it
 * ("integer", "character varying", "\"char\""); "???" for unknown OIDs.
 * Used in error messages such as "operator does not exist: text + integer".
 */
const char *type_sql_name(Oid typid);

/* Category letter and preferred flag (TYPCATEGORY_INVALID '\0' if unknown). */
#define TYPCATEGORY_INVALID		'\0'
char		type_category(Oid typid);
bool		type_is_preferred(Oid typid);

/* Convenience wrappers that dispatch through type_get(). */
Datum		type_input(Oid typid, const char *str, int32_t typmod);
char	   *type_output(Oid typid, Datum value);
Datum		type_recv(Oid typid, StringBuf *buf, int32_t typmod);
void		type_send(Oid typid, Datum value, StringBuf *out);
Datum		type_apply_typmod(Oid typid, Datum value, int32_t typmod, bool is_explicit);
int			type_compare(Oid typid, Datum a, Datum b);
uint32_t	type_hash(Oid typid, Datum value);

/* Hash building blocks (any type's hash() should end in one of these). */
uint32_t	type_hash_bytes(const void *data, size_t len);
uint32_t	type_hash_uint64(uint64_t value);

#endif							/* TYPES_H */
