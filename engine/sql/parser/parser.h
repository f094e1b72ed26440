/*-------------------------------------------------------------------------
 * parser.h
 *	  The SQL parser: query text -> raw parse trees (no catalog access).
 *
 * Role: turn a query string, which may hold several statements separated
 * by ';', into a List of RawStmt nodes (sql/nodes/parsenodes.h).  The
 * parser is a hand-written scanner plus a recursive-descent grammar with
 * precedence climbing for expressions; it follows PostgreSQL 15's syntax,
 * keyword classes, operator precedence and error messages.
 *
 * Invariants:
 *	- Everything is allocated in CurrentMemoryContext; nothing else is
 *	  touched (no globals keep state between calls).
 *	- Any input (any bytes, invalid UTF-8 included) either parses or raises
 *	  ereport(ERROR): SQLSTATE 42601 for syntax errors, with errposition at
 *	  the offending token (1-based, in characters); 54001 "stack depth
 *	  limit exceeded" when nesting exceeds PARSER_MAX_DEPTH.  Lexical
 *	  conditions use PostgreSQL's texts ("unterminated quoted string at or
 *	  near ...", "trailing junk after numeric literal at or near ...").
 *	- Identifiers longer than NAMEDATALEN-1 bytes are truncated with a
 *	  NOTICE, as PostgreSQL does.
 *
 * Entry points: raw_parser, parser_command_tag, parser_errposition_of,
 * parser_keyword_*.
 *
 * See also: sql/parser/README.md (grammar, precedence, keyword classes,
 * error rules), sql/nodes/parsenodes.h (the trees).
 *-------------------------------------------------------------------------
 */
#ifndef PARSER_H
#define PARSER_H

#include "sql/nodes/parsenodes.h"

/*
 * Bound on nesting, in grammar levels: each parenthesis or subquery level
 * costs about two, each operator applied in a chain (a + b + ...), each
 * join and each set operation one.  It bounds both the parser's own C
 * stack use (about 200 bytes a level) and the depth of the trees handed
 * to later stages, which walk them recursively.
 */
#define PARSER_MAX_DEPTH 5000

/*
 * Parse a query string into a List of RawStmt (NIL for an empty string or
 * one holding only ';', whitespace and comments).  Errors: ereport(ERROR)
 * as described above; nothing is returned on error.
 */
List	   *raw_parser(const char *query);

/*
 * The command tag PostgreSQL reports in CommandComplete for a raw
 * statement, without the row count: "SELECT", "INSERT", "CREATE TABLE",
 * "BEGIN", "START TRANSACTION", "CLOSE CURSOR ALL", "DISCARD ALL", ...
 * Statements whose tag depends on execution return the base PostgreSQL
 * shows for them: CREATE TABLE AS and SELECT INTO -> "SELECT" (the count
 * follows), EXECUTE -> "EXECUTE" (the executor reports the prepared
 * statement's tag instead), COMMIT -> "COMMIT" (the executor reports
 * "ROLLBACK" when the transaction had failed).
 */
const char *parser_command_tag(const Node *stmt);

/*
 * Convert a byte offset in query (a `location` field) to the 1-based
 * character position errposition() wants; 0 when location < 0.  UTF-8:
 * continuation bytes are not counted.
 */
int			parser_errposition_of(const char *query, int location);

/* Keyword classes, as pg_get_keywords() reports them. */
typedef enum ParserKeywordCategory
{
	PARSER_KEYWORD_UNRESERVED,	/* "U" */
	PARSER_KEYWORD_COL_NAME,	/* "C": can be a column name, not a function/type name */
	PARSER_KEYWORD_TYPE_FUNC_NAME,	/* "T": can be a function or type name */
	PARSER_KEYWORD_RESERVED,	/* "R" */
} ParserKeywordCategory;

typedef struct ParserKeyword
{
	const char *name;			/* lower case */
	ParserKeywordCategory category;
	bool		bare_label;		/* usable as a column label without AS */
} ParserKeyword;

/* The keyword spelled word (case-insensitive, ASCII), or NULL. */
const ParserKeyword *parser_keyword_lookup(const char *word);
/* All keywords in name order (for pg_get_keywords and quote_ident). */
int			parser_keyword_count(void);
const ParserKeyword *parser_keyword_get(int i);

#endif							/* PARSER_H */
