/*-------------------------------------------------------------------------
 * fmgr_cast.c
 *	  Casts: finding the conversion from one type to another in a given
 *	  context, performing it, and choosing the common type of a set of
 *	  expressions (UNION, CASE, VALUES, COALESCE).
 *
 * Role: PostgreSQL's find_coercion_pathway / coerce_type /
 * select_common_type over minipg's cast tables.
 *
 * Invariants:
 *	- A pg_cast row decides alone: if a row exists for (source, target)
 *	  but its context is stronger than the one asked for, there is no
 *	  cast (no fallback to I/O conversion), as in PostgreSQL.
 *	- Without a row: any type converts to a string-category type
 *	  (text, varchar, bpchar, name) through output/input in assignment
 *	  and explicit contexts; a string type converts to any type through
 *	  the target's input function only explicitly; an unknown literal
 *	  converts to any type through the target's input function.
 *	- Rows synthesised for I/O conversions live in TopMemoryContext, one
 *	  per (source, target) pair, and are never freed (the number of pairs
 *	  is bounded by the number of types squared).
 *
 * Entry points: cast_find, can_coerce, coerce_datum, select_common_type.
 * See also: fmgr_resolve.c (uses can_coerce), fmgr.h (contract).
 *-------------------------------------------------------------------------
 */
#include "sql/types/fmgr.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* ---- synthesised I/O-conversion rows ---- */

typedef struct IoCastEntry
{
	BuiltinCast cast;
	struct IoCastEntry *next;
} IoCastEntry;

static IoCastEntry *io_casts;

static const BuiltinCast *
io_cast_row(Oid source, Oid target)
{
	for (IoCastEntry *e = io_casts; e != NULL; e = e->next)
		if (e->cast.source == source && e->cast.target == target)
			return &e->cast;

	memctx_init();
	IoCastEntry *e = memctx_alloc_zero(TopMemoryContext, sizeof(IoCastEntry));

	e->cast.source = source;
	e->cast.target = target;
	e->cast.context = source == UNKNOWNOID ? COERCION_IMPLICIT :
		type_category(target) == TYPCATEGORY_STRING ? COERCION_ASSIGNMENT : COERCION_EXPLICIT;
	e->cast.fn = NULL;
	e->cast.via_io = true;
	e->next = io_casts;
	io_casts = e;
	return &e->cast;
}

/* The pg_cast row for (source, target) in any context, or NULL. */
static const BuiltinCast *
cast_row(Oid source, Oid target)
{
	for (int s = 0; s < fmgr_table_set_count(); s++)
	{
		const FmgrTableSet *set = fmgr_table_set(s);

		for (int i = 0; i < set->n_casts; i++)
			if (set->casts[i].source == source && set->casts[i].target == target)
				return &set->casts[i];
	}
	return NULL;
}

const BuiltinCast *
cast_find(Oid source, Oid target, CoercionContext ctx)
{
	if (source == target)
		return NULL;
	if (source == UNKNOWNOID)
		return io_cast_row(source, target);

	const BuiltinCast *row = cast_row(source, target);

	if (row != NULL)
		return ctx >= row->context ? row : NULL;
	if (ctx >= COERCION_ASSIGNMENT && type_category(target) == TYPCATEGORY_STRING)
		return io_cast_row(source, target);
	if (ctx >= COERCION_EXPLICIT && type_category(source) == TYPCATEGORY_STRING)
		return io_cast_row(source, target);
	return NULL;
}

static bool
is_polymorphic(Oid typid)
{
	return typid == ANYOID || typid == ANYELEMENTOID || typid == ANYNONARRAYOID;
}

bool
can_coerce(Oid source, Oid target, CoercionContext ctx)
{
	if (source == target || source == UNKNOWNOID || is_polymorphic(target))
		return true;
	return cast_find(source, target, ctx) != NULL;
}

/*
 * Convert a non-NULL value.  Preconditions: value is of type source.
 * Errors: 42846 when no cast exists in ctx; whatever the cast, input or
 * typmod function raises.
 */
Datum
coerce_datum(Datum value, Oid source, Oid target, int32_t target_typmod,
			 CoercionContext ctx)
{
	bool		is_explicit = (ctx == COERCION_EXPLICIT);
	Datum		result;

	if (source == target || is_polymorphic(target))
		return type_apply_typmod(source, value, target_typmod, is_explicit);
	if (source == UNKNOWNOID)
	{
		/* interval's input must see its modifier (SQL's odd interval rules) */
		result = type_input(target, DatumGetCString(value),
							target == INTERVALOID ? target_typmod : -1);
		return type_apply_typmod(target, result, target_typmod, is_explicit);
	}

	const BuiltinCast *cast = cast_find(source, target, ctx);

	if (cast == NULL)
		ereport(ERROR, errcode(ERRCODE_CANNOT_COERCE),
				errmsg("cannot cast type %s to %s", type_sql_name(source), type_sql_name(target)));
	if (cast->via_io)
		result = type_input(target, type_output(source, value), -1);
	else if (cast->fn != NULL)
	{
		FunctionCallInfoData fcinfo;

		memset(&fcinfo, 0, sizeof(fcinfo));
		fcinfo.nargs = 3;
		fcinfo.args[0] = value;
		fcinfo.args[1] = Int32GetDatum(target_typmod);
		fcinfo.args[2] = BoolGetDatum(is_explicit);
		fcinfo.argtypes[0] = source;
		fcinfo.argtypes[1] = INT4OID;
		fcinfo.argtypes[2] = BOOLOID;
		fcinfo.result_type = target;
		fcinfo.result_typmod = target_typmod;
		result = cast->fn(&fcinfo);
		if (fcinfo.isnull)
			elog(ERROR, "cast from %s to %s returned NULL",
				 type_sql_name(source), type_sql_name(target));
	}
	else
		result = value;			/* binary compatible */
	return type_apply_typmod(target, result, target_typmod, is_explicit);
}

/*
 * PostgreSQL's select_common_type: all-same wins; unknowns are ignored
 * unless everything is unknown (then text); all known types must share a
 * category; move to a later type when the current one converts to it
 * implicitly but not back, unless the current one is preferred.
 * context_name NULL: return InvalidOid instead of raising 42804.
 */
Oid
select_common_type(int n, const Oid *types, const char *context_name)
{
	Assert(n > 0);
	if (n <= 0)
		return TEXTOID;

	Oid			ptype = types[0];
	int			i;

	if (ptype != UNKNOWNOID)
	{
		for (i = 1; i < n && types[i] == ptype; i++)
			;
		if (i == n)
			return ptype;
	}

	char		pcategory = type_category(ptype);
	bool		ppreferred = type_is_preferred(ptype);

	for (i = 1; i < n; i++)
	{
		Oid			ntype = types[i];

		if (ntype == UNKNOWNOID || ntype == ptype)
			continue;

		char		ncategory = type_category(ntype);
		bool		npreferred = type_is_preferred(ntype);

		if (ptype == UNKNOWNOID)
		{
			ptype = ntype;
			pcategory = ncategory;
			ppreferred = npreferred;
		}
		else if (ncategory != pcategory)
		{
			if (context_name == NULL)
				return InvalidOid;
			ereport(ERROR, errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("%s types %s and %s cannot be matched", context_name,
						   type_sql_name(ptype), type_sql_name(ntype)));
		}
		else if (!ppreferred && can_coerce(ptype, ntype, COERCION_IMPLICIT) &&
				 !can_coerce(ntype, ptype, COERCION_IMPLICIT))
		{
			ptype = ntype;
			pcategory = ncategory;
			ppreferred = npreferred;
		}
	}
	return ptype == UNKNOWNOID ? TEXTOID : ptype;
}
