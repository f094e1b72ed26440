/*-------------------------------------------------------------------------
 * walfuncs.c
 *	  Built-in WAL control and information functions: pg_switch_wal(),
 *	  pg_current_wal_lsn(), pg_walfile_name(lsn).
 *
 * Role: rows of pg_proc (registered as walfuncs_fmgr in
 * sql/types/fmgr_catalog.c).  minipg has no pg_lsn type yet: the LSNs are
 * returned as text in PostgreSQL's spelling ("0/15007A8"), which is what a
 * client prints either way.
 *
 * pg_switch_wal, like PostgreSQL's, needs superuser (42501 otherwise) and
 * fails during recovery (55000); it completes the current segment so
 * that the archiver can copy it (access/wal/walbuf.c wal_switch_segment).
 *-------------------------------------------------------------------------
 */
#include "access/wal/wal.h"
#include "access/wal/walformat.h"
#include "sql/types/fmgr.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/guc.h"

extern const FmgrTableSet walfuncs_fmgr;

static Datum
lsn_text(XLogRecPtr lsn)
{
	char		buf[32];

	return CStringGetTextDatum(lsn_to_string(lsn, buf, sizeof(buf)));
}

static Datum
fn_pg_switch_wal(FunctionCallInfo fcinfo)
{
	(void) fcinfo;
	if (!guc_is_superuser)
		ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("permission denied for function pg_switch_wal"));
	return lsn_text(wal_switch_segment());
}

static Datum
fn_pg_current_wal_lsn(FunctionCallInfo fcinfo)
{
	(void) fcinfo;
	if (wal_in_recovery())
		ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("recovery is in progress"),
				errhint("WAL control functions cannot be executed during recovery."));
	return lsn_text(wal_written_upto());
}

static Datum
fn_pg_walfile_name(FunctionCallInfo fcinfo)
{
	XLogRecPtr	lsn;
	char		name[WAL_FILE_NAME_LEN + 1];
	char	   *text = TextDatumGetCString(PG_GETARG_DATUM(0));

	if (!lsn_from_string(text, &lsn))
		ereport(ERROR, errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				errmsg("invalid input syntax for type pg_lsn: \"%s\"", text));
	/* As PostgreSQL: an LSN on a segment boundary belongs to the segment before. */
	wal_file_name(name, WAL_TIMELINE, wal_segno(lsn > 0 ? lsn - 1 : 0));
	return CStringGetTextDatum(name);
}

static const BuiltinFunction wal_functions[] = {
	{"pg_switch_wal", 0, {0}, TEXTOID, true, FUNC_VOLATILE, false, fn_pg_switch_wal},
	{"pg_current_wal_lsn", 0, {0}, TEXTOID, true, FUNC_VOLATILE, false, fn_pg_current_wal_lsn},
	{"pg_walfile_name", 1, {TEXTOID}, TEXTOID, true, FUNC_IMMUTABLE, false, fn_pg_walfile_name},
};

const FmgrTableSet walfuncs_fmgr = {
	FMGR_ROWS(wal_functions), FMGR_NO_ROWS, FMGR_NO_ROWS, FMGR_NO_ROWS
};
