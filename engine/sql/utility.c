/*-------------------------------------------------------------------------
 * utility.c
 *	  Dispatch of utility statements (see utility.h), and the simple ones
 *	  that need no catalog: transaction control, CHECKPOINT, DISCARD.
 *
 * SET/SHOW/RESET live in utility_guc.c, ALTER SYSTEM in
 * utility_altersystem.c; DDL in utility_ddl.c.
 *-------------------------------------------------------------------------
 */
#include "sql/utility.h"

#include <stdio.h>

#include "access/transam/checkpoint.h"
#include "access/transam/xact.h"
#include "sql/nodes/parsenodes.h"
#include "sql/utility_internal.h"
#include "utils/elog.h"
#include "utils/guc.h"

bool
utility_is_utility(const Node *stmt)
{
	switch (nodeTag(stmt))
	{
		case T_SelectStmt:
		case T_InsertStmt:
		case T_UpdateStmt:
		case T_DeleteStmt:
		case T_CopyStmt:
		case T_DeclareCursorStmt:
		case T_FetchStmt:
		case T_ClosePortalStmt:
		case T_PrepareStmt:
		case T_ExecuteStmt:
		case T_DeallocateStmt:
		case T_ExplainStmt:
			return false;
		default:
			return true;
	}
}

const ResultDesc *
utility_result_desc(const Node *stmt)
{
	if (IsA(stmt, VariableShowStmt))
		return utility_show_result_desc((const VariableShowStmt *) stmt);
	return NULL;
}

static void
set_tag(char *tag, size_t tag_size, const char *text)
{
	snprintf(tag, tag_size, "%s", text);
}

/* Apply BEGIN / SET TRANSACTION options (DefElems). */
void
utility_apply_transaction_options(List *options)
{
	ListCell   *lc;

	foreach(lc, options)
	{
		DefElem    *d = lfirst_node(DefElem, lc);

		if (strcmp(d->defname, "transaction_isolation") == 0)
			xact_set_isolation_level(utility_isolation_level_from_name(strVal(d->arg)));
		else if (strcmp(d->defname, "transaction_read_only") == 0)
			xact_set_read_only(boolVal(d->arg));
		/* transaction_deferrable only matters for SERIALIZABLE READ ONLY: accepted. */
	}
}

static void
execute_transaction_stmt(TransactionStmt *stmt, char *tag, size_t tag_size)
{
	switch (stmt->kind)
	{
		case TRANS_STMT_BEGIN:
		case TRANS_STMT_START:
			xact_begin_block();
			utility_apply_transaction_options(stmt->options);
			set_tag(tag, tag_size, stmt->kind == TRANS_STMT_BEGIN ? "BEGIN" : "START TRANSACTION");
			break;
		case TRANS_STMT_COMMIT:
			set_tag(tag, tag_size, xact_end_block() ? "COMMIT" : "ROLLBACK");
			break;
		case TRANS_STMT_ROLLBACK:
			xact_user_abort_block();
			set_tag(tag, tag_size, "ROLLBACK");
			break;
		case TRANS_STMT_SAVEPOINT:
		case TRANS_STMT_RELEASE:
		case TRANS_STMT_ROLLBACK_TO:
			{
				const char *what = stmt->kind == TRANS_STMT_SAVEPOINT ? "SAVEPOINT" :
					stmt->kind == TRANS_STMT_RELEASE ? "RELEASE SAVEPOINT" : "ROLLBACK TO SAVEPOINT";

				if (!xact_in_block())
					ereport(ERROR, errcode(ERRCODE_NO_ACTIVE_SQL_TRANSACTION),
							errmsg("%s can only be used in transaction blocks", what));
				ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("savepoints are not supported"));
			}
			break;
		case TRANS_STMT_PREPARE:
		case TRANS_STMT_COMMIT_PREPARED:
		case TRANS_STMT_ROLLBACK_PREPARED:
			ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					errmsg("prepared transactions are disabled"),
					errhint("Set max_prepared_transactions to a nonzero value."));
			break;
	}
}

static void
execute_checkpoint(char *tag, size_t tag_size)
{
	if (!guc_is_superuser)
		ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("must be superuser or have privileges of pg_checkpoint to do CHECKPOINT"));
	checkpoint_request(CHECKPOINT_IMMEDIATE | CHECKPOINT_FORCE | CHECKPOINT_WAIT);
	set_tag(tag, tag_size, "CHECKPOINT");
}

static void
execute_discard(DiscardStmt *stmt, char *tag, size_t tag_size)
{
	switch (stmt->target)
	{
		case DISCARD_ALL:
			xact_prevent_in_block("DISCARD ALL");
			guc_reset_all();
			set_tag(tag, tag_size, "DISCARD ALL");
			break;
		case DISCARD_PLANS:
			set_tag(tag, tag_size, "DISCARD PLANS");
			break;
		case DISCARD_SEQUENCES:
			set_tag(tag, tag_size, "DISCARD SEQUENCES");
			break;
		case DISCARD_TEMP:
			set_tag(tag, tag_size, "DISCARD TEMP");
			break;
	}
}

void
utility_execute(Node *stmt, const char *query_text, DestReceiver *dest,
				char *tag, size_t tag_size)
{
	switch (nodeTag(stmt))
	{
		case T_TransactionStmt:
			execute_transaction_stmt((TransactionStmt *) stmt, tag, tag_size);
			break;
		case T_VariableSetStmt:
			utility_execute_set((VariableSetStmt *) stmt, tag, tag_size);
			break;
		case T_VariableShowStmt:
			utility_execute_show((VariableShowStmt *) stmt, dest, tag, tag_size);
			break;
		case T_CheckPointStmt:
			execute_checkpoint(tag, tag_size);
			break;
		case T_DiscardStmt:
			execute_discard((DiscardStmt *) stmt, tag, tag_size);
			break;
		case T_AlterSystemStmt:
			utility_execute_alter_system((AlterSystemStmt *) stmt, tag, tag_size);
			break;
		default:
			utility_execute_ddl(stmt, query_text, dest, tag, tag_size);
			break;
	}
}
