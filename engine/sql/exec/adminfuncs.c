/*-------------------------------------------------------------------------
 * adminfuncs.c
 *	  Built-in functions an administrator steers a running server with:
 *	  pg_cancel_backend, pg_terminate_backend, pg_reload_conf,
 *	  pg_postmaster_start_time, pg_conf_load_time, and the size functions
 *	  pg_size_pretty, pg_relation_filenode, pg_relation_size,
 *	  pg_table_size, pg_indexes_size, pg_total_relation_size.
 *
 * Signalling (PostgreSQL 15's rules and messages):
 *	- the target must be a client backend in the proc array, else WARNING
 *	  "PID %d is not a PostgreSQL backend process" and false;
 *	- a superuser may signal anyone; others only backends of their own
 *	  role, never a superuser's (42501 with PostgreSQL's two messages);
 *	- cancel is SIGINT (the target raises 57014 if a query runs),
 *	  terminate is SIGTERM (FATAL 57P01 "terminating connection due to
 *	  administrator command"); terminating oneself takes effect at the
 *	  next interrupt check, after the result row (PostgreSQL's client
 *	  also reads the row, then the FATAL);
 *	- pg_terminate_backend(pid, timeout_ms > 0) waits until the process
 *	  has left the proc array, or warns and returns false at the timeout.
 * pg_reload_conf() sends SIGHUP to the postmaster, which rereads the files
 * and signals every child (superuser only).
 *
 * Sizes are whole 8 kB blocks of the relation's (single) file, as the
 * buffer manager counts them; a relation that does not exist gives NULL.
 *
 * Role: rows of pg_proc registered through sqlexec_admin_fmgr (listed in
 * sql/types/fmgr_catalog.c).
 * See also: utils/size_pretty.c, catalog/regclass.c, utils/interrupt.c.
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/regclass.h"
#include "catalog/relcache.h"
#include "postmaster/pm_children.h"
#include "sql/types/datetime.h"
#include "sql/types/fmgr.h"
#include "sql/types/numeric.h"
#include "sql/types/types.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/proc.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/size_pretty.h"

extern const FmgrTableSet sqlexec_admin_fmgr;

typedef enum SignalResult
{
	SIGNAL_OK,
	SIGNAL_NOT_BACKEND,
	SIGNAL_NO_SUPERUSER,
	SIGNAL_NO_PERMISSION,
} SignalResult;

/* Is this proc a process the signal functions may address? */
static bool
signalable(const Proc *p)
{
	return p->backend_type == B_BACKEND || p->backend_type == B_AUTOVAC_WORKER ||
		p->backend_type == B_BG_WORKER || p->backend_type == B_WAL_SENDER;
}

static SignalResult
signal_backend(int pid, int signo)
{
	Proc	   *p = proc_find_by_pid(pid);
	Proc		copy;
	RoleInfo	role;

	if (p == NULL || !signalable(p))
	{
		ereport(WARNING, errmsg("PID %d is not a PostgreSQL backend process", pid));
		return SIGNAL_NOT_BACKEND;
	}
	proc_read_activity(p, &copy);
	if (!guc_is_superuser)
	{
		/* A process without a role counts as a superuser's, as in PostgreSQL. */
		bool		target_super = copy.username[0] == '\0' ||
			!catalog_lookup_role(copy.username, &role) || role.superuser;

		if (target_super)
			return SIGNAL_NO_SUPERUSER;
		if (MyProc == NULL || strcmp(copy.username, MyProc->username) != 0)
			return SIGNAL_NO_PERMISSION;
	}
	if (kill(pid, signo) != 0)
	{
		ereport(WARNING, errmsg("could not send signal to process %d: %m", pid));
		return SIGNAL_NOT_BACKEND;
	}
	return SIGNAL_OK;
}

static Datum
fn_pg_cancel_backend(FunctionCallInfo fcinfo)
{
	switch (signal_backend(PG_GETARG_INT32(0), SIGINT))
	{
		case SIGNAL_NO_SUPERUSER:
			ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					errmsg("must be a superuser to cancel superuser query"));
			break;
		case SIGNAL_NO_PERMISSION:
			ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					errmsg("must be a member of the role whose query is being canceled or member of pg_signal_backend"));
			break;
		case SIGNAL_NOT_BACKEND:
			PG_RETURN_BOOL(false);
		case SIGNAL_OK:
			break;
	}
	PG_RETURN_BOOL(true);
}

/* Wait until pid has left the proc array; false (with a WARNING) at the timeout. */
static bool
wait_until_terminated(int pid, int64_t timeout_ms)
{
	int64_t		deadline = now_us() + timeout_ms * 1000;

	for (;;)
	{
		Proc	   *p = proc_find_by_pid(pid);

		if (p == NULL)
			return true;
		CHECK_FOR_INTERRUPTS();
		int64_t		left_ms = (deadline - now_us()) / 1000;

		if (left_ms <= 0)
		{
			ereport(WARNING, errmsg("backend with PID %d did not terminate within %lld milliseconds",
									pid, (long long) timeout_ms));
			return false;
		}
		proc_sleep(Min(left_ms, 100));
	}
}

static Datum
fn_pg_terminate_backend(FunctionCallInfo fcinfo)
{
	int			pid = PG_GETARG_INT32(0);
	int64_t		timeout_ms = PG_NARGS() > 1 ? PG_GETARG_INT64(1) : 0;

	if (timeout_ms < 0)
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("\"timeout\" must not be negative"));
	switch (signal_backend(pid, SIGTERM))
	{
		case SIGNAL_NO_SUPERUSER:
			ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					errmsg("must be a superuser to terminate superuser process"));
			break;
		case SIGNAL_NO_PERMISSION:
			ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					errmsg("must be a member of the role whose process is being terminated or member of pg_signal_backend"));
			break;
		case SIGNAL_NOT_BACKEND:
			PG_RETURN_BOOL(false);
		case SIGNAL_OK:
			break;
	}
	if (timeout_ms > 0)
		PG_RETURN_BOOL(wait_until_terminated(pid, timeout_ms));
	PG_RETURN_BOOL(true);
}

static Datum
fn_pg_reload_conf(FunctionCallInfo fcinfo)
{
	(void) fcinfo;
	if (!guc_is_superuser)
		ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("permission denied for function pg_reload_conf"));
	pid_t		pm = PostmasterPid != 0 ? PostmasterPid : getppid();

	if (kill(pm, SIGHUP) != 0)
	{
		ereport(WARNING, errmsg("failed to send signal to postmaster: %m"));
		PG_RETURN_BOOL(false);
	}
	PG_RETURN_BOOL(true);
}

static Datum
timestamptz_or_null(FunctionCallInfo fcinfo, int64_t unix_us)
{
	if (unix_us == 0)
		PG_RETURN_NULL();
	return Int64GetDatum(datetime_from_unix_us(unix_us));
}

static Datum
fn_pg_postmaster_start_time(FunctionCallInfo fcinfo)
{
	return timestamptz_or_null(fcinfo, PostmasterStartTime_us);
}

static Datum
fn_pg_conf_load_time(FunctionCallInfo fcinfo)
{
	return timestamptz_or_null(fcinfo, guc_conf_load_time_us());
}

static Datum
fn_pg_size_pretty_int8(FunctionCallInfo fcinfo)
{
	return CStringGetTextDatum(size_pretty_int64(PG_GETARG_INT64(0)));
}

static Datum
fn_pg_size_pretty_numeric(FunctionCallInfo fcinfo)
{
	return CStringGetTextDatum(size_pretty_text(numeric_out_datum(PG_GETARG_DATUM(0))));
}

static Datum
fn_pg_relation_filenode(FunctionCallInfo fcinfo)
{
	RegclassInfo info;

	if (!regclass_relation_info(PG_GETARG_OID(0), &info))
		PG_RETURN_NULL();
	PG_RETURN_OID(info.relfilenode);
}

/* Bytes of one relation's file(s); -1 when it does not exist. */
static int64_t
relation_bytes(Oid relid, bool with_indexes, bool only_indexes)
{
	RegclassInfo info;
	int64_t		total = 0;

	if (!regclass_relation_info(relid, &info))
		return -1;
	Relation	rel = relation_open(relid);

	if (!only_indexes)
		total += (int64_t) bufmgr_nblocks(rel->rd_locator) * BLCKSZ;
	if (with_indexes || only_indexes)
	{
		ListCell   *lc;

		foreach(lc, rel->rd_indexes)
		{
			Relation	idx = relation_open(lfirst_oid(lc));

			total += (int64_t) bufmgr_nblocks(idx->rd_locator) * BLCKSZ;
			relation_close(idx);
		}
	}
	relation_close(rel);
	return total;
}

static Datum
int8_or_null(FunctionCallInfo fcinfo, int64_t v)
{
	if (v < 0)
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}

static Datum
fn_pg_relation_size(FunctionCallInfo fcinfo)
{
	if (PG_NARGS() > 1)
	{
		char	   *fork = TextDatumGetCString(PG_GETARG_DATUM(1));

		if (strcmp(fork, "main") != 0 && strcmp(fork, "fsm") != 0 &&
			strcmp(fork, "vm") != 0 && strcmp(fork, "init") != 0)
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("invalid fork name"),
					errhint("Valid fork names are \"main\", \"fsm\", \"vm\", and \"init\"."));
		/* minipg keeps only the main fork. */
		if (strcmp(fork, "main") != 0)
		{
			RegclassInfo info;

			if (!regclass_relation_info(PG_GETARG_OID(0), &info))
				PG_RETURN_NULL();
			PG_RETURN_INT64(0);
		}
	}
	return int8_or_null(fcinfo, relation_bytes(PG_GETARG_OID(0), false, false));
}

static Datum
fn_pg_table_size(FunctionCallInfo fcinfo)
{
	return int8_or_null(fcinfo, relation_bytes(PG_GETARG_OID(0), false, false));
}

static Datum
fn_pg_indexes_size(FunctionCallInfo fcinfo)
{
	return int8_or_null(fcinfo, relation_bytes(PG_GETARG_OID(0), false, true));
}

static Datum
fn_pg_total_relation_size(FunctionCallInfo fcinfo)
{
	return int8_or_null(fcinfo, relation_bytes(PG_GETARG_OID(0), true, false));
}

static const BuiltinFunction admin_functions[] = {
	{"pg_cancel_backend", 1, {INT4OID}, BOOLOID, true, FUNC_VOLATILE, false, fn_pg_cancel_backend},
	{"pg_terminate_backend", 1, {INT4OID}, BOOLOID, true, FUNC_VOLATILE, false,
	fn_pg_terminate_backend},
	{"pg_terminate_backend", 2, {INT4OID, INT8OID}, BOOLOID, true, FUNC_VOLATILE, false,
	fn_pg_terminate_backend},
	{"pg_reload_conf", 0, {0}, BOOLOID, true, FUNC_VOLATILE, false, fn_pg_reload_conf},
	{"pg_postmaster_start_time", 0, {0}, TIMESTAMPTZOID, true, FUNC_STABLE, false,
	fn_pg_postmaster_start_time},
	{"pg_conf_load_time", 0, {0}, TIMESTAMPTZOID, true, FUNC_STABLE, false, fn_pg_conf_load_time},
	{"pg_size_pretty", 1, {INT8OID}, TEXTOID, true, FUNC_IMMUTABLE, false, fn_pg_size_pretty_int8},
	{"pg_size_pretty", 1, {NUMERICOID}, TEXTOID, true, FUNC_IMMUTABLE, false,
	fn_pg_size_pretty_numeric},
	{"pg_relation_filenode", 1, {REGCLASSOID}, OIDOID, true, FUNC_STABLE, false,
	fn_pg_relation_filenode},
	{"pg_relation_size", 1, {REGCLASSOID}, INT8OID, true, FUNC_VOLATILE, false,
	fn_pg_relation_size},
	{"pg_relation_size", 2, {REGCLASSOID, TEXTOID}, INT8OID, true, FUNC_VOLATILE, false,
	fn_pg_relation_size},
	{"pg_table_size", 1, {REGCLASSOID}, INT8OID, true, FUNC_VOLATILE, false, fn_pg_table_size},
	{"pg_indexes_size", 1, {REGCLASSOID}, INT8OID, true, FUNC_VOLATILE, false, fn_pg_indexes_size},
	{"pg_total_relation_size", 1, {REGCLASSOID}, INT8OID, true, FUNC_VOLATILE, false,
	fn_pg_total_relation_size},
};

const FmgrTableSet sqlexec_admin_fmgr = {
	FMGR_ROWS(admin_functions), FMGR_NO_ROWS, FMGR_NO_ROWS, FMGR_NO_ROWS
};
