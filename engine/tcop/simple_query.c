/*-------------------------------------------------------------------------
 * simple_query.c
 *	  The simple query protocol: one Query message, one or more statements,
 *	  each answered with its rows and CommandComplete, then ReadyForQuery.
 *
 * Transactions, as in PostgreSQL: a Query holding several statements runs
 * them in one implicit transaction block (so `select 1; select 1/0` rolls
 * both back) unless they contain their own BEGIN/COMMIT; a transaction
 * control statement ends its command at once; in a failed block only
 * COMMIT or ROLLBACK is accepted (25P02).  Statements are analyzed one at
 * a time, just before running, so a statement can use a table created by
 * an earlier one in the same Query.
 *
 * statement_timeout covers the whole Query message.
 *-------------------------------------------------------------------------
 */
#include "access/transam/xact.h"
#include "catalog/relcache.h"
#include "faults/faultpoint.h"
#include "sql/sqlexec.h"
#include "storage/ipc/proc.h"
#include "tcop/dest_remote.h"
#include "tcop/pqformat.h"
#include "tcop/tcopprot.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"
#include "utils/ps_status.h"

#define COMMAND_TAG_SIZE 64

void
tcop_check_aborted_block(const RawStmt *raw)
{
	if (xact_in_aborted_block() && sql_stmt_kind(raw) != SQL_STMT_END)
		ereport(ERROR, errcode(ERRCODE_IN_FAILED_SQL_TRANSACTION),
				errmsg("current transaction is aborted, commands ignored until end of transaction block"));
}

void
tcop_begin_statement(const char *query)
{
	elog_set_statement(query);
	proc_set_state(STATE_RUNNING, query);
	QueryCancelPending = 0;
	QueryCancelEnabled = true;
	if (guc_statement_timeout_ms > 0)
		interrupt_enable_statement_timeout(guc_statement_timeout_ms);
	FAULT_MARK("tcop/statement/start");
}

void
tcop_end_statement(void)
{
	interrupt_disable_statement_timeout();
	QueryCancelEnabled = false;
	elog_set_statement(NULL);
}

/*
 * Run one statement of a simple Query to completion; its command tag is
 * left in tag (CommandComplete is the caller's, after the commit).
 */
static void
run_one(const RawStmt *raw, const char *query, char *tag, size_t tag_size)
{
	tcop_check_aborted_block(raw);
	ps_set_activity(sql_stmt_tag(raw));
	relcache_check_version();
	PreparedStmt *ps = sql_prepare(raw, query, NULL, 0);
	Portal	   *portal = sql_portal_create(ps, NULL, NULL);
	DestReceiver *dest = dest_remote_create(true, NULL, 0);

	tag[0] = '\0';
	(void) sql_portal_run(portal, 0, dest, tag, tag_size);
	sql_portal_drop(portal);
}

void
exec_simple_query(const char *query)
{
	ListCell   *lc;

	tcop_begin_statement(query);
	xact_start_command();
	List	   *raws = sql_parse(query);

	if (raws == NIL)
	{
		pq_send_empty_query_response();
		xact_commit_command();
		tcop_end_statement();
		return;
	}
	bool		multi = list_length(raws) > 1;

	foreach(lc, raws)
	{
		const RawStmt *raw = lfirst(lc);
		bool		last = (foreach_current_index(lc) == list_length(raws) - 1);
		char		tag[COMMAND_TAG_SIZE];

		xact_start_command();
		if (multi)
			xact_begin_implicit_block();
		run_one(raw, query, tag, sizeof(tag));

		/*
		 * Commit before CommandComplete, as PostgreSQL does: an ERROR at
		 * commit must reach the client instead of the completion, never
		 * after it (a client reading "COMMIT" takes the transaction as
		 * committed).
		 */
		if (last)
		{
			if (multi)
				xact_end_implicit_block();
			xact_commit_command();
		}
		else if (sql_stmt_kind(raw) != SQL_STMT_OTHER)
			xact_commit_command();
		else
			xact_command_counter_increment();
		pq_send_command_complete(tag);
		CHECK_FOR_INTERRUPTS();
	}
	tcop_end_statement();
}
