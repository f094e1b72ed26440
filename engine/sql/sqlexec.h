/*-------------------------------------------------------------------------
 * sqlexec.h
 *	  The SQL layer's entry points, as the protocol code (tcop) uses them.
 *
 * Role: tcop owns the wire protocol, transactions around statements, and
 * the named prepared statements and portals of the extended protocol;
 * this interface turns query text into something runnable and runs it:
 *
 *	sql_parse()        text -> raw statements (syntax only, no catalog)
 *	sql_prepare()      one raw statement -> PreparedStmt (analyzed and
 *	                   planned; parameter types inferred where the client
 *	                   sent none)
 *	sql_portal_create() a PreparedStmt + parameter values -> Portal
 *	sql_portal_run()   run a portal, sending rows to a DestReceiver, up to
 *	                   max_rows at a time (extended-protocol Execute)
 *
 * Transactions: the caller has started a transaction command
 * (xact_start_command) before sql_prepare and sql_portal_run; transaction
 * control statements (BEGIN/COMMIT/ROLLBACK) run through the same path and
 * call the block functions of access/transam/xact.h themselves.
 *
 * Memory: sql_prepare and sql_portal_create allocate in the caller's
 * CurrentMemoryContext; the caller keeps that context alive for the
 * object's lifetime (SessionContext children for named statements).
 * Running a portal allocates per-run memory internally.
 *
 * Invalidation: a PreparedStmt remembers the catalog version it was
 * planned against; if the catalog changed (a table was dropped or
 * altered), sql_portal_create re-analyzes and re-plans it from its raw
 * statement, or raises the error the new catalog implies.
 *-------------------------------------------------------------------------
 */
#ifndef SQLEXEC_H
#define SQLEXEC_H

#include "common/minipg.h"
#include "sql/nodes/parsenodes.h"
#include "tcop/dest.h"
#include "utils/list.h"

typedef struct PreparedStmt PreparedStmt;
typedef struct Portal Portal;

/* Parse a query string: a List of RawStmt (empty for an empty query). */
List	   *sql_parse(const char *query_string);

typedef enum SqlStmtKind
{
	SQL_STMT_OTHER,
	SQL_STMT_BEGIN,				/* BEGIN / START TRANSACTION */
	SQL_STMT_END,				/* COMMIT / END / ROLLBACK / ABORT */
} SqlStmtKind;

SqlStmtKind sql_stmt_kind(const RawStmt *raw);
/* Command tag base ("SELECT", "INSERT", ...), for ps and pg_stat_activity. */
const char *sql_stmt_tag(const RawStmt *raw);

/*
 * Analyze and plan one statement.  param_types has nparams entries; 0 (or
 * an entry beyond nparams) means "infer from context" ($1 compared with an
 * int4 column becomes int4; undeterminable ones become text, or
 * 42P18 "could not determine data type of parameter $%d").  ERROR with the
 * analyzer's SQLSTATE (42P01 undefined table, 42703 undefined column...)
 * and errposition into query_text.
 */
PreparedStmt *sql_prepare(const RawStmt *raw, const char *query_text,
						  const Oid *param_types, int nparams);
int			sql_prepared_nparams(const PreparedStmt *ps);
Oid			sql_prepared_param_type(const PreparedStmt *ps, int i);
/* Columns the statement returns, or NULL when it returns no rows. */
const ResultDesc *sql_prepared_result(const PreparedStmt *ps);
const RawStmt *sql_prepared_raw(const PreparedStmt *ps);

/*
 * Bind parameter values (already converted to the parameter types;
 * nulls[i] true for NULL) and get ready to run.  The arrays are copied.
 */
Portal	   *sql_portal_create(PreparedStmt *ps, const Datum *params, const bool *nulls);
/*
 * Run up to max_rows rows (0 = to completion) into dest.  Returns true
 * when the portal completed, with the CommandComplete tag in tag
 * ("SELECT 3", "INSERT 0 1", "UPDATE 5", "BEGIN", ...); false when it
 * stopped after max_rows rows and can be resumed.  A completed portal run
 * again returns true with the same tag and no rows.
 */
bool		sql_portal_run(Portal *portal, long max_rows, DestReceiver *dest,
						   char *tag, size_t tag_size);
const ResultDesc *sql_portal_result(const Portal *portal);
/* Release resources (open scans, snapshots) held by a portal. */
void		sql_portal_drop(Portal *portal);

/*
 * Session/transaction housekeeping the SQL layer needs: called by tcop at
 * transaction end (cursor cleanup) and at session start.
 */
void		sql_session_init(void);

#endif							/* SQLEXEC_H */
