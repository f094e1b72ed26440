/*-------------------------------------------------------------------------
 * sessionfuncs.c
 *	  Built-in functions that read or change session state: version(),
 *	  current_setting(), set_config(), pg_backend_pid(),
 *	  current_database(), current_schema(), pg_sleep(), pg_typeof().
 *
 * Role: rows of pg_proc registered through sqlexec_session_fmgr (listed
 * in sql/types/fmgr_catalog.c).  This file depends only on fmgr/types,
 * settings and the process slot, so type unit tests that link the
 * function catalog do not pull in the executor.
 *
 * pg_sleep waits in slices of at most one second with the PgSleep wait
 * event set, checking for interrupts between slices, so a cancel request
 * (57014) or statement_timeout ends it promptly.
 *-------------------------------------------------------------------------
 */
#include <unistd.h>

#include "common/minipg.h"
#include "sql/types/fmgr.h"
#include "sql/types/types.h"
#include "storage/ipc/proc.h"
#include "storage/ipc/waitevent.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"

extern const FmgrTableSet sqlexec_session_fmgr;

static Datum
fn_version(FunctionCallInfo fcinfo)
{
	(void) fcinfo;
	return CStringGetTextDatum(MINIPG_VERSION_FULL);
}

static Datum
fn_current_setting(FunctionCallInfo fcinfo)
{
	char	   *name = TextDatumGetCString(PG_GETARG_DATUM(0));
	char	   *value;

	if (PG_NARGS() > 1 && PG_GETARG_BOOL(1))
	{
		value = guc_show_if_exists(name);
		if (value == NULL)
			PG_RETURN_NULL();
	}
	else
		value = guc_show(name);
	return CStringGetTextDatum(value);
}

static Datum
fn_set_config(FunctionCallInfo fcinfo)
{
	char	   *name;
	bool		is_local;

	if (PG_ARGISNULL(0))
		ereport(ERROR, errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("SET requires parameter name"));
	name = TextDatumGetCString(PG_GETARG_DATUM(0));
	is_local = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);
	if (PG_ARGISNULL(1))
		guc_reset(name);
	else
		guc_set(name, TextDatumGetCString(PG_GETARG_DATUM(1)), PGC_USERSET, PGC_S_SESSION,
				is_local, ERROR);
	return CStringGetTextDatum(guc_show(name));
}

static Datum
fn_backend_pid(FunctionCallInfo fcinfo)
{
	(void) fcinfo;
	PG_RETURN_INT32((int32_t) getpid());
}

static Datum
fn_current_database(FunctionCallInfo fcinfo)
{
	(void) fcinfo;
	return type_input(NAMEOID, MyProc ? MyProc->dbname : "postgres", -1);
}

static Datum
fn_current_schema(FunctionCallInfo fcinfo)
{
	(void) fcinfo;
	return type_input(NAMEOID, "public", -1);
}

static Datum
fn_pg_sleep(FunctionCallInfo fcinfo)
{
	double		secs = PG_GETARG_FLOAT8(0);
	int64_t		end_us;

	if (!(secs > 0))
		PG_RETURN_VOID();
	if (secs > 1e9)
		secs = 1e9;
	end_us = now_us() + (int64_t) (secs * 1e6);
	for (;;)
	{
		int64_t		left_us;

		CHECK_FOR_INTERRUPTS();
		left_us = end_us - now_us();
		if (left_us <= 0)
			break;
		if (MyProc != NULL)
		{
			proc_set_wait_event(WAIT_EVENT_PG_SLEEP);
			proc_sleep((long) Min((left_us + 999) / 1000, 1000));
			proc_set_wait_event(0);
		}
		else
			usleep((useconds_t) Min(left_us, 100000));
	}
	PG_RETURN_VOID();
}

static Datum
fn_pg_typeof(FunctionCallInfo fcinfo)
{
	return CStringGetTextDatum(type_sql_name(fcinfo->argtypes[0]));
}

static const BuiltinFunction session_functions[] = {
	{"version", 0, {0}, TEXTOID, true, FUNC_STABLE, false, fn_version},
	{"current_setting", 1, {TEXTOID}, TEXTOID, true, FUNC_STABLE, false, fn_current_setting},
	{"current_setting", 2, {TEXTOID, BOOLOID}, TEXTOID, true, FUNC_STABLE, false,
	fn_current_setting},
	{"set_config", 3, {TEXTOID, TEXTOID, BOOLOID}, TEXTOID, false, FUNC_VOLATILE, false,
	fn_set_config},
	{"pg_backend_pid", 0, {0}, INT4OID, true, FUNC_STABLE, false, fn_backend_pid},
	{"current_database", 0, {0}, NAMEOID, true, FUNC_STABLE, false, fn_current_database},
	{"current_schema", 0, {0}, NAMEOID, true, FUNC_STABLE, false, fn_current_schema},
	{"pg_sleep", 1, {FLOAT8OID}, VOIDOID, true, FUNC_VOLATILE, false, fn_pg_sleep},
	{"pg_typeof", 1, {ANYOID}, TEXTOID, false, FUNC_STABLE, false, fn_pg_typeof},
};

const FmgrTableSet sqlexec_session_fmgr = {
	FMGR_ROWS(session_functions), FMGR_NO_ROWS, FMGR_NO_ROWS, FMGR_NO_ROWS
};
