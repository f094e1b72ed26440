/*-------------------------------------------------------------------------
 * parser.c
 *	  raw_parser(): split a query string into statements and parse each;
 *	  statement dispatch on the leading keyword; command tags.
 *
 * A query string is a sequence of statements separated by ';'.  Empty
 * statements (";;", leading or trailing ';') are dropped.  The whole
 * string is parsed before anything is returned, so a syntax error in a
 * later statement means no statement is returned (PostgreSQL behaves the
 * same way for the simple query protocol).
 *
 * Entry points: raw_parser, parser_command_tag (see parser.h).
 *-------------------------------------------------------------------------
 */
#include "sql/parser/parser_internal.h"

#include "utils/elog.h"
#include "utils/memctx.h"

/* WITH ... followed by INSERT, UPDATE, DELETE or a SELECT body */
static Node *
with_stmt(Parser *p)
{
	int			save = p->pos;
	WithClause *with = gram_with_clause(p);

	if (gram_is_kw(p, KW_INSERT))
		return gram_insert_stmt(p, with);
	if (gram_is_kw(p, KW_UPDATE))
		return gram_update_stmt(p, with);
	if (gram_is_kw(p, KW_DELETE))
		return gram_delete_stmt(p, with);
	/* a query: let the SELECT grammar take the WITH clause itself */
	p->pos = save;
	return gram_select_stmt(p);
}

Node *
gram_preparable_stmt(Parser *p)
{
	Token	   *t = gram_peek(p);

	if (gram_tok_is_kw(t, KW_WITH))
		return with_stmt(p);
	if (gram_tok_is_kw(t, KW_INSERT))
		return gram_insert_stmt(p, NULL);
	if (gram_tok_is_kw(t, KW_UPDATE))
		return gram_update_stmt(p, NULL);
	if (gram_tok_is_kw(t, KW_DELETE))
		return gram_delete_stmt(p, NULL);
	if (gram_tok_starts_select(t) || t->kind == '(')
		return gram_select_stmt(p);
	gram_syntax_error(p);
}

Node *
gram_statement(Parser *p)
{
	Token	   *t = gram_peek(p);

	if (t->kind == '(')
		return gram_select_stmt(p);
	if (t->kind != TOK_KEYWORD)
		gram_syntax_error(p);
	switch (t->keyword)
	{
		case KW_SELECT:
		case KW_VALUES:
		case KW_TABLE:
		case KW_WITH:
		case KW_INSERT:
		case KW_UPDATE:
		case KW_DELETE:
			return gram_preparable_stmt(p);
		case KW_CREATE:
			return gram_create_stmt(p);
		case KW_DROP:
			return gram_drop_stmt(p);
		case KW_ALTER:
			return gram_alter_stmt(p);
		case KW_TRUNCATE:
			return gram_truncate_stmt(p);
		case KW_BEGIN:
		case KW_START:
		case KW_COMMIT:
		case KW_END:
		case KW_ROLLBACK:
		case KW_ABORT:
		case KW_SAVEPOINT:
		case KW_RELEASE:
			return gram_transaction_stmt(p);
		case KW_PREPARE:
			return gram_prepare_stmt(p);
		case KW_EXECUTE:
			return gram_execute_stmt(p);
		case KW_DEALLOCATE:
			return gram_deallocate_stmt(p);
		case KW_SET:
			return gram_set_stmt(p);
		case KW_SHOW:
			return gram_show_stmt(p);
		case KW_RESET:
			return gram_reset_stmt(p);
		case KW_VACUUM:
			return gram_vacuum_stmt(p);
		case KW_ANALYZE:
		case KW_ANALYSE:
			return gram_analyze_stmt(p);
		case KW_CHECKPOINT:
			return gram_checkpoint_stmt(p);
		case KW_DISCARD:
			return gram_discard_stmt(p);
		case KW_COPY:
			return gram_copy_stmt(p);
		case KW_DECLARE:
			return gram_declare_stmt(p);
		case KW_FETCH:
		case KW_MOVE:
			return gram_fetch_stmt(p);
		case KW_CLOSE:
			return gram_close_stmt(p);
		case KW_EXPLAIN:
			return gram_explain_stmt(p);
		case KW_LOCK:
			return gram_lock_stmt(p);
		default:
			gram_syntax_error(p);
	}
}

List *
raw_parser(const char *query)
{
	Parser		p;
	List	   *result = NIL;

	memset(&p, 0, sizeof(p));
	p.query = query;
	parser_scan_init(&p.scan, query);
	for (;;)
	{
		RawStmt    *rs;
		int			start;

		while (gram_accept(&p, ';'))
			;
		if (gram_is(&p, TOK_EOF))
			break;
		start = gram_location(&p);
		rs = makeNode(RawStmt);
		rs->stmt = gram_statement(&p);
		if (!gram_at_stmt_end(&p))
			gram_syntax_error(&p);
		Assert(p.depth == 0);
		rs->stmt_location = start;
		rs->stmt_len = gram_token_at(&p, p.pos - 1)->end - start;
		result = lappend(result, rs);
	}
	/* tokens are dead now (the tree keeps only the strings it points to) */
	for (int i = 0; i < p.nchunks; i++)
		pfree(p.chunks[i]);
	if (p.chunks != NULL)
		pfree(p.chunks);
	return result;
}

/* ------------------------------------------------------------------------
 * Command tags
 * ------------------------------------------------------------------------
 */

static const char *
drop_tag(ObjectType type)
{
	switch (type)
	{
		case OBJECT_TABLE:
			return "DROP TABLE";
		case OBJECT_INDEX:
			return "DROP INDEX";
		case OBJECT_SEQUENCE:
			return "DROP SEQUENCE";
		case OBJECT_VIEW:
			return "DROP VIEW";
		case OBJECT_MATVIEW:
			return "DROP MATERIALIZED VIEW";
		case OBJECT_SCHEMA:
			return "DROP SCHEMA";
		case OBJECT_TYPE:
			return "DROP TYPE";
		default:
			return "???";
	}
}

static const char *
alter_tag(ObjectType type)
{
	switch (type)
	{
		case OBJECT_INDEX:
			return "ALTER INDEX";
		case OBJECT_SEQUENCE:
			return "ALTER SEQUENCE";
		case OBJECT_VIEW:
			return "ALTER VIEW";
		case OBJECT_ROLE:
			return "ALTER ROLE";
		case OBJECT_SCHEMA:
			return "ALTER SCHEMA";
		default:
			return "ALTER TABLE";
	}
}

static const char *
transaction_tag(const TransactionStmt *t)
{
	switch (t->kind)
	{
		case TRANS_STMT_BEGIN:
			return "BEGIN";
		case TRANS_STMT_START:
			return "START TRANSACTION";
		case TRANS_STMT_COMMIT:
			return "COMMIT";
		case TRANS_STMT_ROLLBACK:
		case TRANS_STMT_ROLLBACK_TO:
			return "ROLLBACK";
		case TRANS_STMT_SAVEPOINT:
			return "SAVEPOINT";
		case TRANS_STMT_RELEASE:
			return "RELEASE";
		case TRANS_STMT_PREPARE:
			return "PREPARE TRANSACTION";
		case TRANS_STMT_COMMIT_PREPARED:
			return "COMMIT PREPARED";
		case TRANS_STMT_ROLLBACK_PREPARED:
			return "ROLLBACK PREPARED";
	}
	return "???";
}

static const char *
discard_tag(DiscardMode mode)
{
	switch (mode)
	{
		case DISCARD_ALL:
			return "DISCARD ALL";
		case DISCARD_PLANS:
			return "DISCARD PLANS";
		case DISCARD_SEQUENCES:
			return "DISCARD SEQUENCES";
		case DISCARD_TEMP:
			return "DISCARD TEMP";
	}
	return "???";
}

const char *
parser_command_tag(const Node *stmt)
{
	if (stmt == NULL)
		return "???";
	switch (nodeTag(stmt))
	{
		case T_RawStmt:
			return parser_command_tag(((const RawStmt *) stmt)->stmt);
		case T_SelectStmt:
		case T_CreateTableAsStmt:
			return "SELECT";
		case T_InsertStmt:
			return "INSERT";
		case T_UpdateStmt:
			return "UPDATE";
		case T_DeleteStmt:
			return "DELETE";
		case T_CreateStmt:
			return "CREATE TABLE";
		case T_IndexStmt:
			return "CREATE INDEX";
		case T_DropStmt:
			return drop_tag(((const DropStmt *) stmt)->removeType);
		case T_TruncateStmt:
			return "TRUNCATE TABLE";
		case T_AlterTableStmt:
			return alter_tag(((const AlterTableStmt *) stmt)->objtype);
		case T_RenameStmt:
			{
				const RenameStmt *r = (const RenameStmt *) stmt;

				if (r->renameType == OBJECT_ROLE || r->renameType == OBJECT_SCHEMA)
					return alter_tag(r->renameType);
				return alter_tag(r->relationType);
			}
		case T_CreateSchemaStmt:
			return "CREATE SCHEMA";
		case T_ViewStmt:
			return "CREATE VIEW";
		case T_CreateSeqStmt:
			return "CREATE SEQUENCE";
		case T_TransactionStmt:
			return transaction_tag((const TransactionStmt *) stmt);
		case T_VariableSetStmt:
			{
				VariableSetKind k = ((const VariableSetStmt *) stmt)->kind;

				return (k == VAR_RESET || k == VAR_RESET_ALL) ? "RESET" : "SET";
			}
		case T_VariableShowStmt:
			return "SHOW";
		case T_AlterSystemStmt:
			return "ALTER SYSTEM";
		case T_VacuumStmt:
			return ((const VacuumStmt *) stmt)->is_vacuumcmd ? "VACUUM" : "ANALYZE";
		case T_CheckPointStmt:
			return "CHECKPOINT";
		case T_DiscardStmt:
			return discard_tag(((const DiscardStmt *) stmt)->target);
		case T_CopyStmt:
			return "COPY";
		case T_DeclareCursorStmt:
			return "DECLARE CURSOR";
		case T_FetchStmt:
			return ((const FetchStmt *) stmt)->ismove ? "MOVE" : "FETCH";
		case T_ClosePortalStmt:
			return ((const ClosePortalStmt *) stmt)->portalname ? "CLOSE CURSOR" :
				"CLOSE CURSOR ALL";
		case T_PrepareStmt:
			return "PREPARE";
		case T_ExecuteStmt:
			return "EXECUTE";
		case T_DeallocateStmt:
			return ((const DeallocateStmt *) stmt)->name ? "DEALLOCATE" : "DEALLOCATE ALL";
		case T_ExplainStmt:
			return "EXPLAIN";
		case T_LockStmt:
			return "LOCK TABLE";
		case T_CreateRoleStmt:
			return "CREATE ROLE";
		case T_AlterRoleStmt:
		case T_AlterRoleSetStmt:
			return "ALTER ROLE";
		case T_DropRoleStmt:
			return "DROP ROLE";
		case T_CreatedbStmt:
			return "CREATE DATABASE";
		case T_DropdbStmt:
			return "DROP DATABASE";
		default:
			return "???";
	}
}
