/*-------------------------------------------------------------------------
 * fault_sql.c
 *	  SQL functions of the fault control plane:
 *
 *	fault_attach(point text, action text [, options text]) -> int
 *		attach a policy (syntax: fault_policy.h); returns its id.
 *	fault_detach(point_or_id text) -> int	policies removed ('*': all)
 *	fault_wakeup(point text) -> int			processes woken from "wait"
 *	fault_waiting(point text) -> int		processes waiting there now
 *	fault_hits(point_or_id text) -> bigint	hits counted by matching policies
 *	fault_fired(point_or_id text) -> bigint	firings of matching policies
 *	fault_set_seed(seed bigint) -> void		the master seed
 *	fault_list() -> setof text				"id point action options hits= fired="
 *
 * Registered through fault_fmgr (sql/types/fmgr_catalog.c).  In a release
 * build the functions exist and raise 0A000 "fault injection is not
 * available in this build", so scripts get a clear error, not 42883.
 *-------------------------------------------------------------------------
 */
#include "faults/fault_control.h"
#include "sql/types/fmgr.h"
#include "sql/types/types.h"
#include "utils/memctx.h"

extern const FmgrTableSet fault_fmgr;

static Datum
fn_fault_attach(FunctionCallInfo fcinfo)
{
	char	   *point = TextDatumGetCString(PG_GETARG_DATUM(0));
	char	   *action = TextDatumGetCString(PG_GETARG_DATUM(1));
	char	   *options = PG_NARGS() > 2 ? TextDatumGetCString(PG_GETARG_DATUM(2)) : "";

	PG_RETURN_INT32(fault_attach(point, action, options));
}

static Datum
fn_fault_detach(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(fault_detach(TextDatumGetCString(PG_GETARG_DATUM(0))));
}

static Datum
fn_fault_wakeup(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(fault_wakeup(TextDatumGetCString(PG_GETARG_DATUM(0))));
}

static Datum
fn_fault_waiting(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(fault_waiting(TextDatumGetCString(PG_GETARG_DATUM(0))));
}

static Datum
fn_fault_hits(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64((int64_t) fault_hits(TextDatumGetCString(PG_GETARG_DATUM(0))));
}

static Datum
fn_fault_fired(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64((int64_t) fault_fired(TextDatumGetCString(PG_GETARG_DATUM(0))));
}

static Datum
fn_fault_set_seed(FunctionCallInfo fcinfo)
{
	fault_set_seed((uint64_t) PG_GETARG_INT64(0));
	PG_RETURN_VOID();
}

typedef struct ListState
{
	char	  **lines;
	int			n;
	int			next;
} ListState;

static Datum
fn_fault_list(FunctionCallInfo fcinfo)
{
	ListState  *st = fcinfo->srf_state;

	if (st == NULL)
	{
		MemoryContext cxt = fcinfo->srf_memctx != NULL ? fcinfo->srf_memctx : CurrentMemoryContext;
		MemoryContext old = memctx_switch_to(cxt);

		st = palloc(sizeof(ListState));
		st->lines = fault_list(&st->n);
		st->next = 0;
		memctx_switch_to(old);
		fcinfo->srf_state = st;
	}
	if (st->next >= st->n)
	{
		fcinfo->srf_done = true;
		return (Datum) 0;
	}
	return CStringGetTextDatum(st->lines[st->next++]);
}

static const BuiltinFunction fault_functions[] = {
	{"fault_attach", 2, {TEXTOID, TEXTOID}, INT4OID, true, FUNC_VOLATILE, false, fn_fault_attach},
	{"fault_attach", 3, {TEXTOID, TEXTOID, TEXTOID}, INT4OID, true, FUNC_VOLATILE, false, fn_fault_attach},
	{"fault_detach", 1, {TEXTOID}, INT4OID, true, FUNC_VOLATILE, false, fn_fault_detach},
	{"fault_wakeup", 1, {TEXTOID}, INT4OID, true, FUNC_VOLATILE, false, fn_fault_wakeup},
	{"fault_waiting", 1, {TEXTOID}, INT4OID, true, FUNC_VOLATILE, false, fn_fault_waiting},
	{"fault_hits", 1, {TEXTOID}, INT8OID, true, FUNC_VOLATILE, false, fn_fault_hits},
	{"fault_fired", 1, {TEXTOID}, INT8OID, true, FUNC_VOLATILE, false, fn_fault_fired},
	{"fault_set_seed", 1, {INT8OID}, VOIDOID, true, FUNC_VOLATILE, false, fn_fault_set_seed},
	{"fault_list", 0, {0}, TEXTOID, true, FUNC_VOLATILE, true, fn_fault_list},
};

const FmgrTableSet fault_fmgr = {
	FMGR_ROWS(fault_functions), FMGR_NO_ROWS, FMGR_NO_ROWS, FMGR_NO_ROWS
};
