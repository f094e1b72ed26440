/*-------------------------------------------------------------------------
 * parser_internal.h
 *	  Private interface between the parser's files (scanner, keyword
 *	  table, grammar).  Not to be included outside sql/parser/.
 *
 * Structure:
 *	scan.c			the scanner: bytes -> Tokens
 *	keywords.c		keyword table and lookup
 *	gram_common.c	token stream, errors, depth limit, names, type names
 *	gram_expr.c		expressions (precedence climbing)
 *	gram_select.c	SELECT, VALUES, FROM, WITH, ORDER BY, LIMIT
 *	gram_dml.c		INSERT, UPDATE, DELETE
 *	gram_ddl.c		CREATE / DROP / ALTER / TRUNCATE, roles, databases
 *	gram_utility.c	transactions, SET/SHOW/RESET, VACUUM, COPY, cursors,
 *					PREPARE/EXECUTE, EXPLAIN, LOCK, ...
 *	parser.c		raw_parser (statement list), statement dispatch,
 *					command tags
 *
 * Names shared between these files carry the prefixes gram_ (grammar and
 * token stream), parser_scan_ (scanner) and parser_kw_ (keywords).
 *
 * Invariants:
 *	- Tokens are scanned on demand and kept in Parser.chunks, so the grammar
 *	  may look ahead any distance and back up (p->pos) without rescanning;
 *	  a scanner error therefore surfaces only when the grammar reaches the
 *	  bad token, as in PostgreSQL.  A Token's address never changes, so
 *	  grammar code may keep Token pointers across further peeks.
 *	- Every grammar function that can recurse calls parser_enter() first
 *	  and parser_leave() on its way out, bounding recursion depth.
 *	- Grammar functions consume exactly the tokens of their construct;
 *	  on failure they raise a syntax error at the current token.
 *-------------------------------------------------------------------------
 */
#ifndef PARSER_INTERNAL_H
#define PARSER_INTERNAL_H

#include "sql/nodes/parsenodes.h"
#include "sql/parser/parser.h"

/* --- keywords ------------------------------------------------------- */

typedef enum KeywordId
{
#define KEYWORD(name, id, category, bare) KW_##id,
#include "sql/parser/keyword_list.h"
#undef KEYWORD
	KW__COUNT
} KeywordId;

#define KW_NONE (-1)

/* Keyword id of a lower-case word of len bytes, or KW_NONE. */
int			parser_kw_find(const char *word, int len);
ParserKeywordCategory parser_kw_category(int kw);
bool		parser_kw_is_bare_label(int kw);
const char *parser_kw_name(int kw);

/* --- tokens --------------------------------------------------------- */

/*
 * Token kinds.  Single-character tokens (, ) [ ] . ; : + - * / % ^ < > =
 * use the character's value; the others are above 255.
 */
typedef enum TokenKind
{
	TOK_EOF = 0,
	TOK_IDENT = 256,			/* str: folded, truncated identifier */
	TOK_KEYWORD,				/* keyword: KW_*, str: lower-case text */
	TOK_ICONST,					/* ival: value (fits in int32) */
	TOK_FCONST,					/* str: numeric text */
	TOK_SCONST,					/* str: string value */
	TOK_BCONST,					/* str: "b" + digits */
	TOK_XCONST,					/* str: "x" + digits */
	TOK_PARAM,					/* ival: parameter number */
	TOK_OP,						/* str: operator text */
	TOK_TYPECAST,				/* :: */
	TOK_DOT_DOT,				/* .. */
	TOK_COLON_EQUALS,			/* := */
	TOK_EQUALS_GREATER,			/* => */
	TOK_LESS_EQUALS,			/* <= */
	TOK_GREATER_EQUALS,			/* >= */
	TOK_NOT_EQUALS,				/* <> or != */
	TOK_OTHER,					/* any other character; str: it */
} TokenKind;

typedef struct Token
{
	int			kind;			/* TokenKind or a character */
	int			keyword;		/* KW_* for TOK_KEYWORD, else KW_NONE */
	char	   *str;
	int			ival;
	int			start;			/* byte offset of the token's first byte */
	int			end;			/* byte offset just past the token */
} Token;

/* --- scanner -------------------------------------------------------- */

typedef struct Scanner
{
	const char *buf;
	int			len;
	int			pos;			/* next byte to scan */
	bool		standard_strings;	/* standard_conforming_strings */
} Scanner;

void		parser_scan_init(Scanner *s, const char *query);
/* Scan the next token into tok (TOK_EOF at the end).  Errors: ereport. */
void		parser_scan_next(Scanner *s, Token *tok);
/* ereport a scanner-style error "msg at or near "<text from loc>"". */
pg_noreturn void parser_scan_error_at(const char *query, int location, const char *msg);

/* --- parser state --------------------------------------------------- */

/* Tokens are stored in fixed-size chunks so that a Token never moves. */
#define PARSER_TOKEN_CHUNK 256

typedef struct Parser
{
	const char *query;
	Scanner		scan;
	Token	  **chunks;			/* tokens scanned so far, PARSER_TOKEN_CHUNK a chunk */
	int			nchunks;
	int			capchunks;
	int			ntoks;
	int			pos;			/* index of the current token */
	int			depth;			/* recursion depth (parser_enter) */
	Node	   *last_paren_select;	/* see gram_expr.c: (subquery) set-op */
} Parser;

/* Token stream (gram_common.c). */
Token	   *gram_token_at(Parser *p, int index);	/* an already scanned token */
Token	   *gram_peek(Parser *p);
Token	   *gram_peek_n(Parser *p, int n);	/* n = 0 is the current token */
Token	   *gram_next(Parser *p);	/* consume; returns the consumed token */
bool		gram_is(Parser *p, int kind);
bool		gram_is_kw(Parser *p, int kw);
bool		gram_is_kw_n(Parser *p, int n, int kw);
bool		gram_is_n(Parser *p, int n, int kind);
bool		gram_accept(Parser *p, int kind);
bool		gram_accept_kw(Parser *p, int kw);
Token	   *gram_expect(Parser *p, int kind);
Token	   *gram_expect_kw(Parser *p, int kw);
int			gram_location(Parser *p);	/* byte offset of the current token */
/* Is the current token the end of a statement (';' or end of input)? */
bool		gram_at_stmt_end(Parser *p);
bool		gram_at_stmt_end_n(Parser *p, int n);

/* Errors. */
pg_noreturn void gram_syntax_error(Parser *p);
pg_noreturn void gram_syntax_error_at(Parser *p, Token *tok);
/* "msg at or near "<token>"" (or "msg at end of input"), SQLSTATE 42601 */
pg_noreturn void gram_error_at_token(Parser *p, Token *tok, const char *msg);
/* errposition value for a byte offset of this query. */
int			gram_errpos(Parser *p, int location);

/* Recursion bound. */
void		parser_enter(Parser *p);
void		parser_leave(Parser *p);

/* Token classes (gram_common.c). */
bool		gram_tok_is_colid(const Token *t);		/* IDENT, unreserved, col_name */
bool		gram_tok_is_type_func_name(const Token *t);	/* IDENT, unreserved, type_func */
bool		gram_tok_is_collabel(const Token *t);	/* IDENT or any keyword */
bool		gram_tok_is_bare_label(const Token *t);
bool		gram_tok_is_nonreserved_word(const Token *t);	/* not reserved */
bool		gram_tok_is_kw(const Token *t, int kw);
/* Can this token start a SELECT (SELECT, VALUES, WITH, TABLE)? */
bool		gram_tok_starts_select(const Token *t);
/* After any number of '(' from position n, does a SELECT start? */
bool		gram_parens_then_select(Parser *p, int n);

/* Names (gram_common.c).  Each consumes and returns a palloc'd string. */
char	   *gram_colid(Parser *p);
char	   *gram_collabel(Parser *p);
char	   *gram_type_func_name(Parser *p);
char	   *gram_nonreserved_word(Parser *p);
char	   *gram_sconst(Parser *p);
/* ColId ['.' ColLabel ...] as a String list (any_name). */
List	   *gram_any_name(Parser *p);
/* any_name, any_name, ... */
List	   *gram_any_name_list(Parser *p);
/* '(' ColId, ... ')' as a String list */
List	   *gram_paren_name_list(Parser *p);
/* ColId, ColId, ... as a String list */
List	   *gram_name_list(Parser *p);
/* qualified_name -> RangeVar (1 to 3 parts) */
RangeVar   *gram_qualified_name(Parser *p);
RangeVar   *gram_names_to_rangevar(Parser *p, List *names, int location);
/* relation_expr: [ONLY] qualified_name ['*'] */
RangeVar   *gram_relation_expr(Parser *p);
/* Iconst, SignedIconst */
int			gram_iconst(Parser *p);
int			gram_signed_iconst(Parser *p);
/* NumericOnly: signed integer or float, as an Integer or Float node */
Node	   *gram_numeric_only(Parser *p);
/* opt_boolean_or_string: TRUE/FALSE/ON/word/'string' -> text */
char	   *gram_boolean_or_string(Parser *p);
bool		gram_tok_is_boolean_or_string(const Token *t);

/* Type names (gram_common.c). */
TypeName   *gram_typename(Parser *p);
/*
 * A type keyword form that can precede a string in a typed literal
 * (INT, NUMERIC(10,2), TIMESTAMP WITH TIME ZONE, INTERVAL, CHAR, ...):
 * is_const_ctx drops the implicit length 1 of CHAR and BIT.
 */
TypeName   *gram_simple_typename(Parser *p, bool is_const_ctx);
/*
 * Does a typed literal of a keyword type start here (INT '5', DOUBLE
 * PRECISION '1', VARCHAR(3) 'x', TIMESTAMP WITH TIME ZONE '...')?
 * Decided, as PostgreSQL does, by the token after the first keyword.
 */
bool		gram_starts_const_typename_literal(Parser *p);
/* INTERVAL field qualifiers after a typed literal or type name. */
List	   *gram_opt_interval(Parser *p, int *location);

/* Expressions (gram_expr.c). */
Node	   *gram_a_expr(Parser *p);
/* a_expr as a select-list item (a trailing keyword may be its label) */
Node	   *gram_target_expr(Parser *p);
/* b_expr: no boolean operators, IS NULL, LIKE, IN, BETWEEN, COLLATE, AT */
Node	   *gram_b_expr(Parser *p);
/* c_expr: a primary expression (constant, column, call, (expr), ...) */
Node	   *gram_c_expr(Parser *p);
List	   *gram_expr_list(Parser *p);
/* '(' expr_list ')' */
List	   *gram_paren_expr_list(Parser *p);
/* An operator: one operator token or OPERATOR(schema.op); its name list. */
List	   *gram_any_operator(Parser *p);
/* OPERATOR '(' [schema.]op ')' (current token is OPERATOR) */
List	   *gram_qualified_operator(Parser *p);
/* Does this token start an expression? */
bool		gram_tok_can_start_expr(const Token *t);
/* Negate a constant in place if it is one (-1 folds to a constant). */
Node	   *gram_make_negation(Node *arg, int location);
/* Parse a function call's parenthesized arguments and trailing clauses. */
Node	   *gram_func_application(Parser *p, List *funcname, int location);

/* Queries (gram_select.c). */
/* select_stmt: WITH ... / SELECT / VALUES / TABLE / (select) ... */
Node	   *gram_select_stmt(Parser *p);
/* '(' select ')' where the current token is '(' */
Node	   *gram_select_with_parens(Parser *p);
/* Continue a select whose first primary (already parsed) is first. */
Node	   *gram_select_continue(Parser *p, SelectStmt *first);
WithClause *gram_with_clause(Parser *p);
/* Attach a WITH clause to a statement (error if it already has one). */
void		gram_set_with_clause(Parser *p, SelectStmt *stmt, WithClause *with);
List	   *gram_from_list(Parser *p);
List	   *gram_target_list(Parser *p);
List	   *gram_sort_clause(Parser *p);	/* after ORDER BY */
Node	   *gram_where_clause(Parser *p);	/* [WHERE a_expr] */
/* opt_alias_clause: [AS] ColId ['(' names ')'] */
Alias	   *gram_opt_alias(Parser *p);
WindowDef  *gram_window_specification(Parser *p);
List	   *gram_index_params(Parser *p);	/* '(' index_elem, ... ')' */

/* Statements (gram_dml.c, gram_ddl.c, gram_utility.c). */
Node	   *gram_insert_stmt(Parser *p, WithClause *with);
Node	   *gram_update_stmt(Parser *p, WithClause *with);
Node	   *gram_delete_stmt(Parser *p, WithClause *with);
List	   *gram_returning_clause(Parser *p);

Node	   *gram_create_stmt(Parser *p);
Node	   *gram_drop_stmt(Parser *p);
Node	   *gram_alter_stmt(Parser *p);
Node	   *gram_truncate_stmt(Parser *p);
ColumnDef  *gram_column_def(Parser *p);
Constraint *gram_table_constraint(Parser *p);
List	   *gram_reloptions(Parser *p);	/* '(' name [= value], ... ')' */
RoleSpec   *gram_role_spec(Parser *p);

Node	   *gram_transaction_stmt(Parser *p);
Node	   *gram_set_stmt(Parser *p);
Node	   *gram_show_stmt(Parser *p);
Node	   *gram_reset_stmt(Parser *p);
Node	   *gram_vacuum_stmt(Parser *p);
Node	   *gram_analyze_stmt(Parser *p);
Node	   *gram_copy_stmt(Parser *p);
Node	   *gram_declare_stmt(Parser *p);
Node	   *gram_fetch_stmt(Parser *p);
Node	   *gram_close_stmt(Parser *p);
Node	   *gram_prepare_stmt(Parser *p);
Node	   *gram_execute_stmt(Parser *p);
Node	   *gram_deallocate_stmt(Parser *p);
Node	   *gram_explain_stmt(Parser *p);
Node	   *gram_lock_stmt(Parser *p);
Node	   *gram_checkpoint_stmt(Parser *p);
Node	   *gram_discard_stmt(Parser *p);
/* generic_set / RESET body for SET, ALTER SYSTEM, ALTER ROLE SET */
VariableSetStmt *gram_generic_set(Parser *p);
VariableSetStmt *gram_generic_reset(Parser *p);
/* utility_option_list: '(' name [value], ... ')' */
List	   *gram_utility_option_list(Parser *p);

/* parser.c: a statement that may appear after EXPLAIN/PREPARE/etc. */
Node	   *gram_statement(Parser *p);
/* PreparableStmt: SELECT, INSERT, UPDATE, DELETE (with WITH) */
Node	   *gram_preparable_stmt(Parser *p);

#endif							/* PARSER_INTERNAL_H */
