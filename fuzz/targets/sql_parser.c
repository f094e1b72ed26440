/*-------------------------------------------------------------------------
 * sql_parser.c
 *	  Fuzz target: the SQL lexer and parser (sql/parser, raw_parser) and the
 *	  command tag of each statement.
 *
 * Input: query text (a string, as a Query message carries it).  Correct
 * behaviour: a parse tree list, or ERROR 42601/22xxx/54001 with a
 * position; never a crash, an ASan/UBSan report, or unbounded recursion
 * (PARSER_MAX_DEPTH).
 *-------------------------------------------------------------------------
 */
#include "fuzz_common.h"

#include "sql/parser/parser.h"
#include "utils/list.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_begin();

	char	   *query = fuzz_cstring(data, size);

	ELOG_TRY();
	{
		List	   *stmts = raw_parser(query);
		ListCell   *lc;

		foreach(lc, stmts)
		{
			RawStmt    *raw = lfirst(lc);

			(void) parser_command_tag(raw->stmt);
		}
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		/* Every ERROR a user can cause carries a SQLSTATE. */
		if (e->sqlstate[0] == '\0' || e->message == NULL)
			abort();
	}
	ELOG_END_TRY();
	fuzz_reset();
	return 0;
}
