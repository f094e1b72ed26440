/*-------------------------------------------------------------------------
 * fmgr_catalog.c
 *	  The list of built-in function, operator, cast and aggregate tables.
 *
 * Role: the single place that knows every FmgrTableSet.  Each family file
 * exports one or more sets (rows grouped as functions, operators, casts,
 * aggregates); FMGR_TABLE_SETS lists them.  Registering a set is one line:
 * X(foo_fmgr).
 *
 * Invariants:
 *	- The list is constant; resolution (fmgr_resolve.c, fmgr_cast.c) scans
 *	  it in order, so an earlier table wins only on exact duplicates, which
 *	  must not exist (test_fmgr_resolve checks).
 *
 * Entry points: fmgr_table_set_count, fmgr_table_set.
 * See also: fmgr.h (row formats), types_catalog.c (the type list).
 *-------------------------------------------------------------------------
 */
#include "sql/types/fmgr.h"

/* Every family's set of tables.  Add one line per set. */
#define FMGR_TABLE_SETS(X) \
	X(bool_fmgr) \
	X(int_fmgr) \
	X(int_ops_fmgr) \
	X(float_fmgr) \
	X(float_funcs_fmgr) \
	X(text_fmgr) \
	X(text_ops_fmgr) \
	X(like_fmgr) \
	X(text_funcs_fmgr) \
	X(bytea_fmgr) \
	X(misc_funcs_fmgr) \
	X(aggregates_fmgr) \
	X(numeric_fmgr) \
	X(date_fmgr) \
	X(timestamp_fmgr) \
	X(interval_fmgr) \
	X(sqlexec_session_fmgr) \
	X(regclass_fmgr) \
	X(sqlexec_admin_fmgr) \
	X(walfuncs_fmgr) \
	X(fault_fmgr) \
	X(pgstat_fmgr)

#define DECLARE_FMGR_SET(s) extern const FmgrTableSet s;
#define POINT_TO_FMGR_SET(s) &s,

FMGR_TABLE_SETS(DECLARE_FMGR_SET)

static const FmgrTableSet *const fmgr_sets[] = {
	FMGR_TABLE_SETS(POINT_TO_FMGR_SET)
};

int
fmgr_table_set_count(void)
{
	return (int) lengthof(fmgr_sets);
}

const FmgrTableSet *
fmgr_table_set(int i)
{
	Assert(i >= 0 && i < (int) lengthof(fmgr_sets));
	return fmgr_sets[i];
}
