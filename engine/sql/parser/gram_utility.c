/*-------------------------------------------------------------------------
 * gram_utility.c
 *	  Utility statements: transaction control, SET / SHOW / RESET,
 *	  VACUUM / ANALYZE, CHECKPOINT, DISCARD, COPY, cursors (DECLARE,
 *	  FETCH, MOVE, CLOSE), PREPARE / EXECUTE / DEALLOCATE, EXPLAIN, LOCK.
 *
 * Conventions: option lists become DefElems with PostgreSQL's option names
 * (see parsenodes.h for each statement); SET values become A_Consts.
 *-------------------------------------------------------------------------
 */
#include "sql/parser/parser_internal.h"

#include "utils/elog.h"
#include "utils/memctx.h"

/* ------------------------------------------------------------------------
 * Transactions
 * ------------------------------------------------------------------------
 */

/* One transaction mode, or NULL if none is next. */
static DefElem *
transaction_mode(Parser *p)
{
	int			location = gram_location(p);

	if (gram_is_kw(p, KW_ISOLATION))
	{
		const char *level;

		gram_next(p);
		gram_expect_kw(p, KW_LEVEL);
		if (gram_accept_kw(p, KW_SERIALIZABLE))
			level = "serializable";
		else if (gram_accept_kw(p, KW_REPEATABLE))
		{
			gram_expect_kw(p, KW_READ);
			level = "repeatable read";
		}
		else
		{
			gram_expect_kw(p, KW_READ);
			if (gram_accept_kw(p, KW_COMMITTED))
				level = "read committed";
			else
			{
				gram_expect_kw(p, KW_UNCOMMITTED);
				level = "read uncommitted";
			}
		}
		return makeDefElem("transaction_isolation", (Node *) makeString((char *) level),
						   location);
	}
	if (gram_accept_kw(p, KW_READ))
	{
		bool		read_only = !gram_accept_kw(p, KW_WRITE);

		if (read_only)
			gram_expect_kw(p, KW_ONLY);
		return makeDefElem("transaction_read_only", (Node *) makeBoolean(read_only), location);
	}
	if (gram_accept_kw(p, KW_DEFERRABLE))
		return makeDefElem("transaction_deferrable", (Node *) makeBoolean(true), location);
	if (gram_accept_kw(p, KW_NOT))
	{
		gram_expect_kw(p, KW_DEFERRABLE);
		return makeDefElem("transaction_deferrable", (Node *) makeBoolean(false), location);
	}
	return NULL;
}

/* transaction_mode_list: modes separated by commas or just spaces */
static List *
transaction_modes(Parser *p, bool required)
{
	DefElem    *d = transaction_mode(p);
	List	   *list;

	if (d == NULL)
	{
		if (required)
			gram_syntax_error(p);
		return NIL;
	}
	list = list_make1(d);
	for (;;)
	{
		if (gram_accept(p, ','))
		{
			if ((d = transaction_mode(p)) == NULL)
				gram_syntax_error(p);
		}
		else if ((d = transaction_mode(p)) == NULL)
			break;
		list = lappend(list, d);
	}
	return list;
}

static TransactionStmt *
make_transaction(TransactionStmtKind kind, int location)
{
	TransactionStmt *t = makeNode(TransactionStmt);

	t->kind = kind;
	t->location = location;
	return t;
}

static void
opt_work(Parser *p)
{
	if (!gram_accept_kw(p, KW_WORK))
		gram_accept_kw(p, KW_TRANSACTION);
}

/* [AND [NO] CHAIN] */
static bool
opt_chain(Parser *p)
{
	if (!gram_accept_kw(p, KW_AND))
		return false;
	if (gram_accept_kw(p, KW_NO))
	{
		gram_expect_kw(p, KW_CHAIN);
		return false;
	}
	gram_expect_kw(p, KW_CHAIN);
	return true;
}

Node *
gram_transaction_stmt(Parser *p)
{
	Token	   *t = gram_next(p);
	TransactionStmt *s;

	switch (t->keyword)
	{
		case KW_BEGIN:
			s = make_transaction(TRANS_STMT_BEGIN, t->start);
			opt_work(p);
			s->options = transaction_modes(p, false);
			return (Node *) s;
		case KW_START:
			gram_expect_kw(p, KW_TRANSACTION);
			s = make_transaction(TRANS_STMT_START, t->start);
			s->options = transaction_modes(p, false);
			return (Node *) s;
		case KW_COMMIT:
			if (gram_accept_kw(p, KW_PREPARED))
			{
				s = make_transaction(TRANS_STMT_COMMIT_PREPARED, t->start);
				s->gid = gram_sconst(p);
				return (Node *) s;
			}
			/* FALLTHROUGH */
		case KW_END:
			s = make_transaction(TRANS_STMT_COMMIT, t->start);
			opt_work(p);
			s->chain = opt_chain(p);
			return (Node *) s;
		case KW_ROLLBACK:
			if (gram_accept_kw(p, KW_PREPARED))
			{
				s = make_transaction(TRANS_STMT_ROLLBACK_PREPARED, t->start);
				s->gid = gram_sconst(p);
				return (Node *) s;
			}
			opt_work(p);
			if (gram_accept_kw(p, KW_TO))
			{
				s = make_transaction(TRANS_STMT_ROLLBACK_TO, t->start);
				gram_accept_kw(p, KW_SAVEPOINT);
				s->savepoint_name = gram_colid(p);
				return (Node *) s;
			}
			s = make_transaction(TRANS_STMT_ROLLBACK, t->start);
			s->chain = opt_chain(p);
			return (Node *) s;
		case KW_ABORT:
			s = make_transaction(TRANS_STMT_ROLLBACK, t->start);
			opt_work(p);
			s->chain = opt_chain(p);
			return (Node *) s;
		case KW_SAVEPOINT:
			s = make_transaction(TRANS_STMT_SAVEPOINT, t->start);
			s->savepoint_name = gram_colid(p);
			return (Node *) s;
		case KW_RELEASE:
			s = make_transaction(TRANS_STMT_RELEASE, t->start);
			gram_accept_kw(p, KW_SAVEPOINT);
			s->savepoint_name = gram_colid(p);
			return (Node *) s;
		case KW_PREPARE:
			gram_expect_kw(p, KW_TRANSACTION);
			s = make_transaction(TRANS_STMT_PREPARE, t->start);
			s->gid = gram_sconst(p);
			return (Node *) s;
		default:
			gram_syntax_error_at(p, t);
	}
}

/* ------------------------------------------------------------------------
 * SET / RESET / SHOW
 * ------------------------------------------------------------------------
 */

/* var_name: ColId ['.' ColId]... joined with dots */
static char *
var_name(Parser *p)
{
	char	   *name = gram_colid(p);

	while (gram_accept(p, '.'))
		name = psprintf("%s.%s", name, gram_colid(p));
	return name;
}

/* var_value: TRUE/FALSE/ON/word/'string' or a signed number, as an A_Const */
static Node *
var_value(Parser *p)
{
	int			location = gram_location(p);
	Token	   *t = gram_peek(p);

	if (t->kind == TOK_ICONST || t->kind == TOK_FCONST || t->kind == '+' || t->kind == '-')
		return (Node *) makeA_Const(gram_numeric_only(p), location);
	return (Node *) makeA_Const((Node *) makeString(gram_boolean_or_string(p)), location);
}

static VariableSetStmt *
make_set(VariableSetKind kind, char *name)
{
	VariableSetStmt *s = makeNode(VariableSetStmt);

	s->kind = kind;
	s->name = name;
	return s;
}

VariableSetStmt *
gram_generic_set(Parser *p)
{
	VariableSetStmt *s = make_set(VAR_SET_VALUE, var_name(p));

	if (gram_accept_kw(p, KW_FROM))
	{
		gram_expect_kw(p, KW_CURRENT);
		s->kind = VAR_SET_CURRENT;
		return s;
	}
	if (!gram_accept_kw(p, KW_TO))
		gram_expect(p, '=');
	if (gram_accept_kw(p, KW_DEFAULT))
	{
		s->kind = VAR_SET_DEFAULT;
		return s;
	}
	s->args = list_make1(var_value(p));
	while (gram_accept(p, ','))
		s->args = lappend(s->args, var_value(p));
	return s;
}

VariableSetStmt *
gram_generic_reset(Parser *p)
{
	if (gram_accept_kw(p, KW_ALL))
		return make_set(VAR_RESET_ALL, NULL);
	return make_set(VAR_RESET, var_name(p));
}

/* SET TIME ZONE value|LOCAL|DEFAULT (after TIME ZONE) */
static VariableSetStmt *
set_time_zone(Parser *p)
{
	VariableSetStmt *s = make_set(VAR_SET_VALUE, "timezone");
	int			location = gram_location(p);
	Token	   *t = gram_peek(p);

	if (gram_accept_kw(p, KW_DEFAULT) || gram_accept_kw(p, KW_LOCAL))
	{
		s->kind = VAR_SET_DEFAULT;
		return s;
	}
	if (t->kind == TOK_SCONST || t->kind == TOK_IDENT)
	{
		gram_next(p);
		s->args = list_make1(makeA_Const((Node *) makeString(t->str), location));
	}
	else if (gram_tok_is_kw(t, KW_INTERVAL))
	{
		Node	   *e = gram_c_expr(p);

		if (!IsA(e, TypeCast))
			gram_syntax_error(p);
		s->args = list_make1(e);
	}
	else
		s->args = list_make1(makeA_Const(gram_numeric_only(p), location));
	return s;
}

/* The body of SET after [SESSION|LOCAL] */
static VariableSetStmt *
set_rest(Parser *p)
{
	VariableSetStmt *s;
	bool		generic = gram_is_n(p, 1, '=') || gram_is_kw_n(p, 1, KW_TO);

	if (gram_is_kw(p, KW_TRANSACTION) && !generic)
	{
		gram_next(p);
		if (gram_is_kw(p, KW_SNAPSHOT))
			gram_syntax_error(p);
		s = make_set(VAR_SET_MULTI, "TRANSACTION");
		s->args = transaction_modes(p, true);
		return s;
	}
	if (gram_is_kw(p, KW_SESSION) && gram_is_kw_n(p, 1, KW_CHARACTERISTICS))
	{
		gram_next(p);
		gram_next(p);
		gram_expect_kw(p, KW_AS);
		gram_expect_kw(p, KW_TRANSACTION);
		s = make_set(VAR_SET_MULTI, "SESSION CHARACTERISTICS");
		s->args = transaction_modes(p, true);
		return s;
	}
	if (gram_is_kw(p, KW_TIME) && gram_is_kw_n(p, 1, KW_ZONE))
	{
		gram_next(p);
		gram_next(p);
		return set_time_zone(p);
	}
	if (gram_is_kw(p, KW_SESSION) && gram_is_kw_n(p, 1, KW_AUTHORIZATION))
	{
		int			location;

		gram_next(p);
		gram_next(p);
		location = gram_location(p);
		s = make_set(VAR_SET_VALUE, "session_authorization");
		if (gram_accept_kw(p, KW_DEFAULT))
			s->kind = VAR_SET_DEFAULT;
		else if (gram_is(p, TOK_SCONST))
			s->args = list_make1(makeA_Const((Node *) makeString(gram_sconst(p)), location));
		else
			s->args = list_make1(makeA_Const((Node *) makeString(gram_nonreserved_word(p)),
											 location));
		return s;
	}
	if (!generic && (gram_is_kw(p, KW_SCHEMA) || gram_is_kw(p, KW_NAMES) || gram_is_kw(p, KW_ROLE)))
	{
		int			kw = gram_next(p)->keyword;
		int			location = gram_location(p);

		s = make_set(VAR_SET_VALUE, kw == KW_SCHEMA ? "search_path" :
					 kw == KW_NAMES ? "client_encoding" : "role");
		if (kw == KW_NAMES && (gram_at_stmt_end(p) || gram_accept_kw(p, KW_DEFAULT)))
			s->kind = VAR_SET_DEFAULT;
		else if (kw == KW_SCHEMA || gram_is(p, TOK_SCONST))
			s->args = list_make1(makeA_Const((Node *) makeString(gram_sconst(p)), location));
		else
			s->args = list_make1(makeA_Const((Node *) makeString(gram_nonreserved_word(p)),
											 location));
		return s;
	}
	return gram_generic_set(p);
}

Node *
gram_set_stmt(Parser *p)
{
	VariableSetStmt *s;
	bool		is_local = false;

	gram_expect_kw(p, KW_SET);
	if (gram_is_kw(p, KW_LOCAL) && !gram_is_n(p, 1, '=') && !gram_is_kw_n(p, 1, KW_TO))
	{
		gram_next(p);
		is_local = true;
	}
	else if (gram_is_kw(p, KW_SESSION) && !gram_is_kw_n(p, 1, KW_CHARACTERISTICS) &&
			 !gram_is_kw_n(p, 1, KW_AUTHORIZATION) && !gram_is_n(p, 1, '=') &&
			 !gram_is_kw_n(p, 1, KW_TO))
		gram_next(p);
	s = set_rest(p);
	s->is_local = is_local;
	return (Node *) s;
}

Node *
gram_reset_stmt(Parser *p)
{
	gram_expect_kw(p, KW_RESET);
	if (gram_is_kw(p, KW_TIME) && gram_is_kw_n(p, 1, KW_ZONE))
	{
		gram_next(p);
		gram_next(p);
		return (Node *) make_set(VAR_RESET, "timezone");
	}
	if (gram_is_kw(p, KW_TRANSACTION) && gram_is_kw_n(p, 1, KW_ISOLATION))
	{
		gram_next(p);
		gram_next(p);
		gram_expect_kw(p, KW_LEVEL);
		return (Node *) make_set(VAR_RESET, "transaction_isolation");
	}
	if (gram_is_kw(p, KW_SESSION) && gram_is_kw_n(p, 1, KW_AUTHORIZATION))
	{
		gram_next(p);
		gram_next(p);
		return (Node *) make_set(VAR_RESET, "session_authorization");
	}
	return (Node *) gram_generic_reset(p);
}

Node *
gram_show_stmt(Parser *p)
{
	VariableShowStmt *s = makeNode(VariableShowStmt);

	gram_expect_kw(p, KW_SHOW);
	if (gram_accept_kw(p, KW_ALL))
		s->name = "all";
	else if (gram_is_kw(p, KW_TIME) && gram_is_kw_n(p, 1, KW_ZONE))
	{
		gram_next(p);
		gram_next(p);
		s->name = "timezone";
	}
	else if (gram_is_kw(p, KW_TRANSACTION) && gram_is_kw_n(p, 1, KW_ISOLATION))
	{
		gram_next(p);
		gram_next(p);
		gram_expect_kw(p, KW_LEVEL);
		s->name = "transaction_isolation";
	}
	else if (gram_is_kw(p, KW_SESSION) && gram_is_kw_n(p, 1, KW_AUTHORIZATION))
	{
		gram_next(p);
		gram_next(p);
		s->name = "session_authorization";
	}
	else
		s->name = var_name(p);
	return (Node *) s;
}

/* ------------------------------------------------------------------------
 * VACUUM / ANALYZE / CHECKPOINT / DISCARD
 * ------------------------------------------------------------------------
 */

List *
gram_utility_option_list(Parser *p)
{
	List	   *list = NIL;

	gram_expect(p, '(');
	do
	{
		int			location = gram_location(p);
		Token	   *t = gram_peek(p);
		char	   *name;
		Node	   *arg = NULL;

		if (gram_tok_is_kw(t, KW_ANALYZE) || gram_tok_is_kw(t, KW_ANALYSE))
			name = "analyze";
		else if (gram_tok_is_nonreserved_word(t))
			name = t->str;
		else
			gram_syntax_error(p);
		gram_next(p);
		t = gram_peek(p);
		if (t->kind == TOK_ICONST || t->kind == TOK_FCONST || t->kind == '+' || t->kind == '-')
			arg = gram_numeric_only(p);
		else if (gram_tok_is_boolean_or_string(t))
			arg = (Node *) makeString(gram_boolean_or_string(p));
		list = lappend(list, makeDefElem(name, arg, location));
	} while (gram_accept(p, ','));
	gram_expect(p, ')');
	return list;
}

/* [table [(cols)], ...] */
static List *
vacuum_relation_list(Parser *p)
{
	List	   *list = NIL;

	if (gram_at_stmt_end(p))
		return NIL;
	do
	{
		VacuumRelation *v = makeNode(VacuumRelation);

		v->relation = gram_qualified_name(p);
		if (gram_is(p, '('))
			v->va_cols = gram_paren_name_list(p);
		list = lappend(list, v);
	} while (gram_accept(p, ','));
	return list;
}

static void
add_flag(Parser *p, List **options, int kw, const char *name)
{
	int			location = gram_location(p);

	if (gram_accept_kw(p, kw))
		*options = lappend(*options, makeDefElem((char *) name, NULL, location));
}

Node *
gram_vacuum_stmt(Parser *p)
{
	VacuumStmt *s = makeNode(VacuumStmt);

	gram_expect_kw(p, KW_VACUUM);
	s->is_vacuumcmd = true;
	if (gram_is(p, '('))
		s->options = gram_utility_option_list(p);
	else
	{
		add_flag(p, &s->options, KW_FULL, "full");
		add_flag(p, &s->options, KW_FREEZE, "freeze");
		add_flag(p, &s->options, KW_VERBOSE, "verbose");
		if (gram_is_kw(p, KW_ANALYSE))
			add_flag(p, &s->options, KW_ANALYSE, "analyze");
		else
			add_flag(p, &s->options, KW_ANALYZE, "analyze");
	}
	s->rels = vacuum_relation_list(p);
	return (Node *) s;
}

Node *
gram_analyze_stmt(Parser *p)
{
	VacuumStmt *s = makeNode(VacuumStmt);

	gram_next(p);					/* ANALYZE or ANALYSE */
	if (gram_is(p, '('))
		s->options = gram_utility_option_list(p);
	else
		add_flag(p, &s->options, KW_VERBOSE, "verbose");
	s->rels = vacuum_relation_list(p);
	return (Node *) s;
}

Node *
gram_checkpoint_stmt(Parser *p)
{
	gram_expect_kw(p, KW_CHECKPOINT);
	return (Node *) makeNode(CheckPointStmt);
}

Node *
gram_discard_stmt(Parser *p)
{
	DiscardStmt *s = makeNode(DiscardStmt);

	gram_expect_kw(p, KW_DISCARD);
	if (gram_accept_kw(p, KW_ALL))
		s->target = DISCARD_ALL;
	else if (gram_accept_kw(p, KW_PLANS))
		s->target = DISCARD_PLANS;
	else if (gram_accept_kw(p, KW_SEQUENCES))
		s->target = DISCARD_SEQUENCES;
	else if (gram_accept_kw(p, KW_TEMP) || gram_accept_kw(p, KW_TEMPORARY))
		s->target = DISCARD_TEMP;
	else
		gram_syntax_error(p);
	return (Node *) s;
}

/* ------------------------------------------------------------------------
 * COPY
 * ------------------------------------------------------------------------
 */

/* One old-style COPY option, or NULL */
static DefElem *
copy_old_option(Parser *p)
{
	int			location = gram_location(p);

	if (gram_accept_kw(p, KW_BINARY))
		return makeDefElem("format", (Node *) makeString("binary"), location);
	if (gram_accept_kw(p, KW_FREEZE))
		return makeDefElem("freeze", (Node *) makeBoolean(true), location);
	if (gram_accept_kw(p, KW_CSV))
		return makeDefElem("format", (Node *) makeString("csv"), location);
	if (gram_accept_kw(p, KW_HEADER))
		return makeDefElem("header", (Node *) makeBoolean(true), location);
	if (gram_is_kw(p, KW_DELIMITER) || gram_is_kw(p, KW_NULL) || gram_is_kw(p, KW_QUOTE) ||
		gram_is_kw(p, KW_ESCAPE) || gram_is_kw(p, KW_ENCODING))
	{
		char	   *name = gram_next(p)->str;

		if (strcmp(name, "encoding") != 0)
			gram_accept_kw(p, KW_AS);
		return makeDefElem(name, (Node *) makeString(gram_sconst(p)), location);
	}
	if (gram_accept_kw(p, KW_FORCE))
	{
		if (gram_accept_kw(p, KW_QUOTE))
		{
			if (gram_accept(p, '*'))
				return makeDefElem("force_quote", (Node *) makeNode(A_Star), location);
			return makeDefElem("force_quote", (Node *) gram_name_list(p), location);
		}
		if (gram_accept_kw(p, KW_NOT))
		{
			gram_expect_kw(p, KW_NULL);
			return makeDefElem("force_not_null", (Node *) gram_name_list(p), location);
		}
		gram_expect_kw(p, KW_NULL);
		return makeDefElem("force_null", (Node *) gram_name_list(p), location);
	}
	return NULL;
}

/* copy_generic_opt_arg: word, string, number, '*', '(' list ')', or nothing */
static Node *
copy_generic_arg(Parser *p)
{
	Token	   *t = gram_peek(p);

	if (t->kind == TOK_ICONST || t->kind == TOK_FCONST || t->kind == '+' || t->kind == '-')
		return gram_numeric_only(p);
	if (t->kind == '*')
	{
		gram_next(p);
		return (Node *) makeNode(A_Star);
	}
	if (t->kind == '(')
	{
		List	   *list = NIL;

		gram_next(p);
		do
		{
			list = lappend(list, makeString(gram_boolean_or_string(p)));
		} while (gram_accept(p, ','));
		gram_expect(p, ')');
		return (Node *) list;
	}
	if (gram_tok_is_boolean_or_string(t))
		return (Node *) makeString(gram_boolean_or_string(p));
	return NULL;
}

static List *
copy_options(Parser *p)
{
	List	   *list = NIL;
	DefElem    *d;

	gram_accept_kw(p, KW_WITH);
	if (gram_is(p, '('))
	{
		gram_next(p);
		do
		{
			int			location = gram_location(p);
			char	   *name = gram_collabel(p);

			list = lappend(list, makeDefElem(name, copy_generic_arg(p), location));
		} while (gram_accept(p, ','));
		gram_expect(p, ')');
		return list;
	}
	while ((d = copy_old_option(p)) != NULL)
		list = lappend(list, d);
	return list;
}

Node *
gram_copy_stmt(Parser *p)
{
	CopyStmt   *s = makeNode(CopyStmt);
	List	   *binary = NIL;
	int			location;

	gram_expect_kw(p, KW_COPY);
	location = gram_location(p);
	if (gram_accept_kw(p, KW_BINARY))
		binary = list_make1(makeDefElem("format", (Node *) makeString("binary"), location));
	if (binary == NIL && gram_is(p, '('))
	{
		gram_next(p);
		s->query = gram_preparable_stmt(p);
		gram_expect(p, ')');
		gram_expect_kw(p, KW_TO);
	}
	else
	{
		s->relation = gram_qualified_name(p);
		if (gram_is(p, '('))
			s->attlist = gram_paren_name_list(p);
		if (gram_accept_kw(p, KW_FROM))
			s->is_from = true;
		else
			gram_expect_kw(p, KW_TO);
	}
	s->is_program = gram_accept_kw(p, KW_PROGRAM);
	if (gram_accept_kw(p, KW_STDIN) || gram_accept_kw(p, KW_STDOUT))
	{
		if (s->is_program)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("STDIN/STDOUT not allowed with PROGRAM"),
					errposition(gram_errpos(p, location)));
	}
	else
		s->filename = gram_sconst(p);
	if (gram_accept_kw(p, KW_USING) || gram_is_kw(p, KW_DELIMITERS))
	{
		int			dloc = gram_expect_kw(p, KW_DELIMITERS)->start;

		binary = lappend(binary, makeDefElem("delimiter", (Node *) makeString(gram_sconst(p)),
											 dloc));
	}
	s->options = list_concat(binary, copy_options(p));
	if (s->is_from)
		s->whereClause = gram_where_clause(p);
	return (Node *) s;
}

/* ------------------------------------------------------------------------
 * Cursors
 * ------------------------------------------------------------------------
 */

Node *
gram_declare_stmt(Parser *p)
{
	DeclareCursorStmt *s = makeNode(DeclareCursorStmt);

	gram_expect_kw(p, KW_DECLARE);
	s->portalname = gram_colid(p);
	for (;;)
	{
		if (gram_accept_kw(p, KW_BINARY))
			s->options |= CURSOR_OPT_BINARY;
		else if (gram_accept_kw(p, KW_SCROLL))
			s->options |= CURSOR_OPT_SCROLL;
		else if (gram_accept_kw(p, KW_NO))
		{
			gram_expect_kw(p, KW_SCROLL);
			s->options |= CURSOR_OPT_NO_SCROLL;
		}
		else if (gram_accept_kw(p, KW_INSENSITIVE))
			s->options |= CURSOR_OPT_INSENSITIVE;
		else if (gram_accept_kw(p, KW_ASENSITIVE))
			s->options |= CURSOR_OPT_ASENSITIVE;
		else
			break;
	}
	gram_expect_kw(p, KW_CURSOR);
	if (gram_accept_kw(p, KW_WITH))
	{
		gram_expect_kw(p, KW_HOLD);
		s->options |= CURSOR_OPT_HOLD;
	}
	else if (gram_accept_kw(p, KW_WITHOUT))
		gram_expect_kw(p, KW_HOLD);
	gram_expect_kw(p, KW_FOR);
	s->query = gram_select_stmt(p);
	return (Node *) s;
}

/* Is the current word a direction (i.e. not the cursor name itself)? */
static bool
gram_direction_word(Parser *p, int kw)
{
	return gram_is_kw(p, kw) && !gram_at_stmt_end_n(p, 1);
}

Node *
gram_fetch_stmt(Parser *p)
{
	FetchStmt  *s = makeNode(FetchStmt);

	s->ismove = gram_next(p)->keyword == KW_MOVE;
	s->direction = FETCH_FORWARD;
	s->howMany = 1;
	if (gram_direction_word(p, KW_NEXT))
		gram_next(p);
	else if (gram_direction_word(p, KW_PRIOR))
	{
		gram_next(p);
		s->direction = FETCH_BACKWARD;
	}
	else if (gram_direction_word(p, KW_FIRST) || gram_direction_word(p, KW_LAST))
	{
		s->direction = FETCH_ABSOLUTE;
		s->howMany = gram_next(p)->keyword == KW_FIRST ? 1 : -1;
	}
	else if (gram_direction_word(p, KW_ABSOLUTE) || gram_direction_word(p, KW_RELATIVE))
	{
		s->direction = gram_next(p)->keyword == KW_ABSOLUTE ? FETCH_ABSOLUTE : FETCH_RELATIVE;
		s->howMany = gram_signed_iconst(p);
	}
	else if (gram_is_kw(p, KW_ALL))
	{
		gram_next(p);
		s->howMany = FETCH_ALL;
	}
	else if (gram_is(p, TOK_ICONST) || gram_is(p, '-') || gram_is(p, '+'))
		s->howMany = gram_signed_iconst(p);
	else if (gram_direction_word(p, KW_FORWARD) || gram_direction_word(p, KW_BACKWARD))
	{
		s->direction = gram_next(p)->keyword == KW_FORWARD ? FETCH_FORWARD : FETCH_BACKWARD;
		if (gram_accept_kw(p, KW_ALL))
			s->howMany = FETCH_ALL;
		else if (gram_is(p, TOK_ICONST) || gram_is(p, '-') || gram_is(p, '+'))
			s->howMany = gram_signed_iconst(p);
	}
	if (!gram_accept_kw(p, KW_FROM))
		gram_accept_kw(p, KW_IN);
	s->portalname = gram_colid(p);
	return (Node *) s;
}

Node *
gram_close_stmt(Parser *p)
{
	ClosePortalStmt *s = makeNode(ClosePortalStmt);

	gram_expect_kw(p, KW_CLOSE);
	if (!gram_accept_kw(p, KW_ALL))
		s->portalname = gram_colid(p);
	return (Node *) s;
}

/* ------------------------------------------------------------------------
 * PREPARE / EXECUTE / DEALLOCATE / EXPLAIN / LOCK
 * ------------------------------------------------------------------------
 */

Node *
gram_prepare_stmt(Parser *p)
{
	PrepareStmt *s = makeNode(PrepareStmt);

	if (gram_is_kw_n(p, 1, KW_TRANSACTION) && gram_is_n(p, 2, TOK_SCONST))
		return gram_transaction_stmt(p);
	gram_expect_kw(p, KW_PREPARE);
	s->name = gram_colid(p);
	if (gram_accept(p, '('))
	{
		do
		{
			s->argtypes = lappend(s->argtypes, gram_typename(p));
		} while (gram_accept(p, ','));
		gram_expect(p, ')');
	}
	gram_expect_kw(p, KW_AS);
	s->query = gram_preparable_stmt(p);
	return (Node *) s;
}

Node *
gram_execute_stmt(Parser *p)
{
	ExecuteStmt *s = makeNode(ExecuteStmt);

	gram_expect_kw(p, KW_EXECUTE);
	s->name = gram_colid(p);
	if (gram_is(p, '('))
		s->params = gram_paren_expr_list(p);
	return (Node *) s;
}

Node *
gram_deallocate_stmt(Parser *p)
{
	DeallocateStmt *s = makeNode(DeallocateStmt);

	gram_expect_kw(p, KW_DEALLOCATE);
	if (gram_is_kw(p, KW_PREPARE) && !gram_at_stmt_end_n(p, 1))
		gram_next(p);
	if (!gram_accept_kw(p, KW_ALL))
		s->name = gram_colid(p);
	return (Node *) s;
}

/* The statement after EXPLAIN [options] */
static Node *
explainable_stmt(Parser *p)
{
	Token	   *t = gram_peek(p);

	if (gram_tok_starts_select(t) || t->kind == '(' || gram_tok_is_kw(t, KW_INSERT) ||
		gram_tok_is_kw(t, KW_UPDATE) || gram_tok_is_kw(t, KW_DELETE))
		return gram_preparable_stmt(p);
	if (gram_tok_is_kw(t, KW_DECLARE))
		return gram_declare_stmt(p);
	if (gram_tok_is_kw(t, KW_EXECUTE))
		return gram_execute_stmt(p);
	if (gram_tok_is_kw(t, KW_CREATE))
	{
		Node	   *n = gram_create_stmt(p);

		if (!IsA(n, CreateTableAsStmt))
			gram_syntax_error_at(p, t);
		return n;
	}
	gram_syntax_error(p);
}

Node *
gram_explain_stmt(Parser *p)
{
	ExplainStmt *s = makeNode(ExplainStmt);

	gram_expect_kw(p, KW_EXPLAIN);
	if (gram_is(p, '(') && !gram_is_n(p, 1, '(') && !gram_tok_starts_select(gram_peek_n(p, 1)))
		s->options = gram_utility_option_list(p);
	else
	{
		int			location = gram_location(p);

		if (gram_accept_kw(p, KW_ANALYZE) || gram_accept_kw(p, KW_ANALYSE))
			s->options = lappend(s->options, makeDefElem("analyze", NULL, location));
		location = gram_location(p);
		if (gram_accept_kw(p, KW_VERBOSE))
			s->options = lappend(s->options, makeDefElem("verbose", NULL, location));
	}
	s->query = explainable_stmt(p);
	return (Node *) s;
}

Node *
gram_lock_stmt(Parser *p)
{
	LockStmt   *s = makeNode(LockStmt);

	gram_expect_kw(p, KW_LOCK);
	gram_accept_kw(p, KW_TABLE);
	do
	{
		s->relations = lappend(s->relations, gram_relation_expr(p));
	} while (gram_accept(p, ','));
	s->mode = LOCKMODE_ACCESS_EXCLUSIVE;
	if (gram_accept_kw(p, KW_IN))
	{
		if (gram_accept_kw(p, KW_ACCESS))
		{
			if (gram_accept_kw(p, KW_SHARE))
				s->mode = LOCKMODE_ACCESS_SHARE;
			else
			{
				gram_expect_kw(p, KW_EXCLUSIVE);
				s->mode = LOCKMODE_ACCESS_EXCLUSIVE;
			}
		}
		else if (gram_accept_kw(p, KW_ROW))
		{
			if (gram_accept_kw(p, KW_SHARE))
				s->mode = LOCKMODE_ROW_SHARE;
			else
			{
				gram_expect_kw(p, KW_EXCLUSIVE);
				s->mode = LOCKMODE_ROW_EXCLUSIVE;
			}
		}
		else if (gram_accept_kw(p, KW_SHARE))
		{
			if (gram_accept_kw(p, KW_UPDATE))
			{
				gram_expect_kw(p, KW_EXCLUSIVE);
				s->mode = LOCKMODE_SHARE_UPDATE_EXCLUSIVE;
			}
			else if (gram_accept_kw(p, KW_ROW))
			{
				gram_expect_kw(p, KW_EXCLUSIVE);
				s->mode = LOCKMODE_SHARE_ROW_EXCLUSIVE;
			}
			else
				s->mode = LOCKMODE_SHARE;
		}
		else
		{
			gram_expect_kw(p, KW_EXCLUSIVE);
			s->mode = LOCKMODE_EXCLUSIVE;
		}
		gram_expect_kw(p, KW_MODE);
	}
	s->nowait = gram_accept_kw(p, KW_NOWAIT);
	return (Node *) s;
}
