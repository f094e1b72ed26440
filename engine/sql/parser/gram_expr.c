/*-------------------------------------------------------------------------
 * gram_expr.c
 *	  Expressions: precedence climbing over PostgreSQL 15's operator
 *	  precedence, and the primary expressions (constants, columns,
 *	  function calls, CASE, CAST, subqueries, special SQL syntax).
 *
 * Precedence, lowest first (README.md has the full table):
 *	OR < AND < NOT < IS/ISNULL/NOTNULL < comparison (nonassoc)
 *	< BETWEEN/IN/LIKE/ILIKE/SIMILAR (nonassoc) < ESCAPE < other operators
 *	< + - < * / % < ^ < AT TIME ZONE < COLLATE < unary minus
 *	< subscripts < ::
 * Binary operators are left-associative; two comparison operators (or two
 * of the BETWEEN/IN/LIKE group) in a row without parentheses are a syntax
 * error, as in PostgreSQL.  A prefix operator's operand extends over every
 * operator that binds tighter than it.
 *
 * "b_expr" mode (column DEFAULT, BETWEEN's lower bound, POSITION) admits
 * only arithmetic, comparison, generic operators, :: and IS [NOT]
 * DISTINCT FROM, so that a following NOT NULL / AND / IN is left alone.
 *
 * Invariant: every recursive entry point goes through parser_enter().
 *-------------------------------------------------------------------------
 */
#include "sql/parser/parser_internal.h"

#include "utils/elog.h"
#include "utils/memctx.h"

enum
{
	PREC_NONE = 0,
	PREC_OR,
	PREC_AND,
	PREC_NOT,
	PREC_IS,
	PREC_CMP,
	PREC_LIKE,
	PREC_ESCAPE,
	PREC_OP,
	PREC_ADD,
	PREC_MUL,
	PREC_EXP,
	PREC_AT,
	PREC_COLLATE,
	PREC_UMINUS,
	PREC_SUBSCRIPT,
	PREC_TYPECAST,
};

typedef enum InfixKind
{
	INFIX_NONE,
	INFIX_OR,
	INFIX_AND,
	INFIX_IS,
	INFIX_ISNULL,
	INFIX_NOTNULL,
	INFIX_BINARY,				/* comparison, arithmetic, generic operator */
	INFIX_BETWEEN,
	INFIX_IN,
	INFIX_LIKE,
	INFIX_ILIKE,
	INFIX_SIMILAR,
	INFIX_AT,
	INFIX_COLLATE,
	INFIX_TYPECAST,
} InfixKind;

static Node *a_expr_prec(Parser *p, int min_prec, bool b_mode);

static List *
system_func_name(const char *name)
{
	return list_make2(makeString("pg_catalog"), makeString((char *) name));
}

static A_Const *
make_string_const(char *str, int location)
{
	return makeA_Const((Node *) makeString(str), location);
}

/* ------------------------------------------------------------------------
 * Operators
 * ------------------------------------------------------------------------
 */

/* The operator name of a single-token operator. */
static char *
operator_token_name(const Token *t)
{
	switch (t->kind)
	{
		case TOK_LESS_EQUALS:
			return "<=";
		case TOK_GREATER_EQUALS:
			return ">=";
		case TOK_NOT_EQUALS:
			return "<>";
		case TOK_OP:
			return t->str;
		default:
			{
				char	   *s = palloc(2);

				s[0] = (char) t->kind;
				s[1] = '\0';
				return s;
			}
	}
}

static bool
gram_tok_is_math_op(const Token *t)
{
	switch (t->kind)
	{
		case '+':
		case '-':
		case '*':
		case '/':
		case '%':
		case '^':
		case '<':
		case '>':
		case '=':
		case TOK_LESS_EQUALS:
		case TOK_GREATER_EQUALS:
		case TOK_NOT_EQUALS:
			return true;
		default:
			return false;
	}
}

/* OPERATOR '(' [schema '.' ...] op ')' -> name list; current is OPERATOR. */
List *
gram_qualified_operator(Parser *p)
{
	List	   *names = NIL;
	Token	   *t;

	gram_expect_kw(p, KW_OPERATOR);
	gram_expect(p, '(');
	while (gram_tok_is_colid(gram_peek(p)))
	{
		names = lappend(names, makeString(gram_next(p)->str));
		gram_expect(p, '.');
	}
	t = gram_peek(p);
	if (!(t->kind == TOK_OP || gram_tok_is_math_op(t)))
		gram_syntax_error(p);
	gram_next(p);
	names = lappend(names, makeString(operator_token_name(t)));
	gram_expect(p, ')');
	return names;
}

static bool
gram_is_qualified_operator(Parser *p)
{
	return gram_is_kw(p, KW_OPERATOR) && gram_is_n(p, 1, '(');
}

List *
gram_any_operator(Parser *p)
{
	Token	   *t = gram_peek(p);

	if (gram_is_qualified_operator(p))
		return gram_qualified_operator(p);
	if (!(t->kind == TOK_OP || gram_tok_is_math_op(t)))
		gram_syntax_error(p);
	gram_next(p);
	return list_make1(makeString(operator_token_name(t)));
}

/* What infix construct does the current token start, and at what level? */
static int
infix_precedence(Parser *p, bool b_mode, InfixKind *kind)
{
	Token	   *t = gram_peek(p);

	*kind = INFIX_BINARY;
	switch (t->kind)
	{
		case '<':
		case '>':
		case '=':
		case TOK_LESS_EQUALS:
		case TOK_GREATER_EQUALS:
		case TOK_NOT_EQUALS:
			return PREC_CMP;
		case '+':
		case '-':
			return PREC_ADD;
		case '*':
		case '/':
		case '%':
			return PREC_MUL;
		case '^':
			return PREC_EXP;
		case TOK_OP:
			return PREC_OP;
		case TOK_TYPECAST:
			*kind = INFIX_TYPECAST;
			return PREC_TYPECAST;
		case TOK_KEYWORD:
			break;
		default:
			*kind = INFIX_NONE;
			return PREC_NONE;
	}

	switch (t->keyword)
	{
		case KW_OPERATOR:
			if (gram_is_n(p, 1, '('))
				return PREC_OP;
			break;
		case KW_IS:
			/* in b_expr only IS [NOT] DISTINCT FROM; is_expr rejects the rest */
			*kind = INFIX_IS;
			return PREC_IS;
		case KW_OR:
		case KW_AND:
		case KW_ISNULL:
		case KW_NOTNULL:
		case KW_BETWEEN:
		case KW_IN:
		case KW_LIKE:
		case KW_ILIKE:
		case KW_SIMILAR:
		case KW_NOT:
		case KW_AT:
		case KW_COLLATE:
			if (b_mode)
				break;
			switch (t->keyword)
			{
				case KW_OR:
					*kind = INFIX_OR;
					return PREC_OR;
				case KW_AND:
					*kind = INFIX_AND;
					return PREC_AND;
				case KW_ISNULL:
					*kind = INFIX_ISNULL;
					return PREC_IS;
				case KW_NOTNULL:
					*kind = INFIX_NOTNULL;
					return PREC_IS;
				case KW_AT:
					if (!gram_is_kw_n(p, 1, KW_TIME))
						break;
					*kind = INFIX_AT;
					return PREC_AT;
				case KW_COLLATE:
					*kind = INFIX_COLLATE;
					return PREC_COLLATE;
				default:
					{
						/* [NOT] BETWEEN / IN / LIKE / ILIKE / SIMILAR TO */
						int			n = t->keyword == KW_NOT ? 1 : 0;
						Token	   *op = gram_peek_n(p, n);

						if (op->kind != TOK_KEYWORD)
							break;
						if (op->keyword == KW_BETWEEN)
							*kind = INFIX_BETWEEN;
						else if (op->keyword == KW_IN)
							*kind = INFIX_IN;
						else if (op->keyword == KW_LIKE)
							*kind = INFIX_LIKE;
						else if (op->keyword == KW_ILIKE)
							*kind = INFIX_ILIKE;
						else if (op->keyword == KW_SIMILAR &&
								 (n == 1 || gram_is_kw_n(p, n + 1, KW_TO)))
							*kind = INFIX_SIMILAR;	/* plain SIMILAR b: SUBSTRING's form */
						else
							break;
						return PREC_LIKE;
					}
			}
			break;
		default:
			break;
	}
	*kind = INFIX_NONE;
	return PREC_NONE;
}

/* Is ANY|SOME|ALL next (after an operator)?  They are reserved: commit. */
static bool
gram_is_sub_type(Parser *p)
{
	return gram_is_kw(p, KW_ANY) || gram_is_kw(p, KW_SOME) || gram_is_kw(p, KW_ALL);
}

/* left op ANY|SOME|ALL (subquery | array expression) */
static Node *
sub_type_expr(Parser *p, Node *left, List *opname, int location)
{
	bool		is_all = gram_next(p)->keyword == KW_ALL;

	if (gram_tok_starts_select(gram_peek_n(p, 1)))
	{
		SubLink    *s = makeNode(SubLink);

		s->subLinkType = is_all ? ALL_SUBLINK : ANY_SUBLINK;
		s->testexpr = left;
		s->operName = opname;
		s->subselect = gram_select_with_parens(p);
		s->location = location;
		return (Node *) s;
	}
	else
	{
		Node	   *arr;

		gram_expect(p, '(');
		arr = gram_a_expr(p);
		gram_expect(p, ')');
		return (Node *) makeA_Expr(is_all ? AEXPR_OP_ALL : AEXPR_OP_ANY, opname, left, arr,
								   location);
	}
}

/* AND/OR chains are flattened: a AND b AND c is one BoolExpr. */
static Node *
make_bool_chain(BoolExprType op, Node *left, Node *right, int location)
{
	if (IsA(left, BoolExpr) && ((BoolExpr *) left)->boolop == op)
	{
		BoolExpr   *b = (BoolExpr *) left;

		b->args = lappend(b->args, right);
		return left;
	}
	return (Node *) makeBoolExpr(op, list_make2(left, right), location);
}

/* After IS [NOT]: NULL, TRUE, FALSE, UNKNOWN, DISTINCT FROM x. */
static Node *
is_expr(Parser *p, Node *left, int prec, bool b_mode)
{
	int			location = gram_next(p)->start;	/* IS */
	bool		not = gram_accept_kw(p, KW_NOT);
	Token	   *t = gram_peek(p);

	if (gram_tok_is_kw(t, KW_DISTINCT))
	{
		Node	   *right;

		gram_next(p);
		gram_expect_kw(p, KW_FROM);
		right = a_expr_prec(p, prec + 1, b_mode);
		return (Node *) makeSimpleA_Expr(not ? AEXPR_NOT_DISTINCT : AEXPR_DISTINCT, "=",
										 left, right, location);
	}
	if (b_mode)
		gram_syntax_error(p);
	if (gram_tok_is_kw(t, KW_NULL))
	{
		NullTest   *n = makeNode(NullTest);

		gram_next(p);
		n->arg = left;
		n->nulltesttype = not ? IS_NOT_NULL : IS_NULL;
		n->location = location;
		return (Node *) n;
	}
	if (gram_tok_is_kw(t, KW_TRUE) || gram_tok_is_kw(t, KW_FALSE) || gram_tok_is_kw(t, KW_UNKNOWN))
	{
		BooleanTest *b = makeNode(BooleanTest);

		gram_next(p);
		b->arg = left;
		if (t->keyword == KW_TRUE)
			b->booltesttype = not ? IS_NOT_TRUE : IS_TRUE;
		else if (t->keyword == KW_FALSE)
			b->booltesttype = not ? IS_NOT_FALSE : IS_FALSE;
		else
			b->booltesttype = not ? IS_NOT_UNKNOWN : IS_UNKNOWN;
		b->location = location;
		return (Node *) b;
	}
	gram_syntax_error(p);
}

/* [NOT] BETWEEN [SYMMETRIC|ASYMMETRIC] b_expr AND a_expr */
static Node *
between_expr(Parser *p, Node *left, bool not, int location)
{
	bool		symmetric = false;
	Node	   *lo,
			   *hi;
	A_Expr_Kind kind;
	char	   *name;

	gram_expect_kw(p, KW_BETWEEN);
	if (gram_accept_kw(p, KW_SYMMETRIC))
		symmetric = true;
	else
		gram_accept_kw(p, KW_ASYMMETRIC);
	lo = a_expr_prec(p, PREC_NONE, true);
	gram_expect_kw(p, KW_AND);
	hi = a_expr_prec(p, PREC_LIKE + 1, false);
	if (symmetric)
	{
		kind = not ? AEXPR_NOT_BETWEEN_SYM : AEXPR_BETWEEN_SYM;
		name = not ? "NOT BETWEEN SYMMETRIC" : "BETWEEN SYMMETRIC";
	}
	else
	{
		kind = not ? AEXPR_NOT_BETWEEN : AEXPR_BETWEEN;
		name = not ? "NOT BETWEEN" : "BETWEEN";
	}
	return (Node *) makeSimpleA_Expr(kind, name, left, (Node *) list_make2(lo, hi), location);
}

/* [NOT] IN (subquery) | [NOT] IN (expr, ...) */
static Node *
in_expr(Parser *p, Node *left, bool not, int location)
{
	gram_expect_kw(p, KW_IN);
	if (!gram_is(p, '('))
		gram_syntax_error(p);
	if (gram_tok_starts_select(gram_peek_n(p, 1)))
	{
		SubLink    *s = makeNode(SubLink);

		s->subLinkType = ANY_SUBLINK;
		s->testexpr = left;
		s->subselect = gram_select_with_parens(p);
		s->location = location;
		if (not)
			return (Node *) makeBoolExpr(NOT_EXPR, list_make1(s), location);
		return (Node *) s;
	}
	return (Node *) makeSimpleA_Expr(AEXPR_IN, not ? "<>" : "=", left,
									 (Node *) gram_paren_expr_list(p), location);
}

/* [NOT] LIKE / ILIKE / SIMILAR TO pattern [ESCAPE e], or LIKE ANY (...) */
static Node *
like_expr(Parser *p, Node *left, InfixKind kind, bool not, int location)
{
	A_Expr_Kind akind;
	char	   *name;
	Node	   *pattern;

	gram_next(p);					/* LIKE, ILIKE or SIMILAR */
	if (kind == INFIX_SIMILAR)
	{
		gram_expect_kw(p, KW_TO);
		akind = AEXPR_SIMILAR;
		name = not ? "!~" : "~";
	}
	else if (kind == INFIX_LIKE)
	{
		akind = AEXPR_LIKE;
		name = not ? "!~~" : "~~";
	}
	else
	{
		akind = AEXPR_ILIKE;
		name = not ? "!~~*" : "~~*";
	}
	if (kind != INFIX_SIMILAR && gram_is_sub_type(p))
		return sub_type_expr(p, left, list_make1(makeString(name)), location);
	pattern = a_expr_prec(p, PREC_LIKE + 1, false);
	if (gram_accept_kw(p, KW_ESCAPE))
	{
		Node	   *esc = a_expr_prec(p, PREC_LIKE + 1, false);

		pattern = (Node *) makeFuncCall(system_func_name(kind == INFIX_SIMILAR ?
														 "similar_to_escape" : "like_escape"),
										list_make2(pattern, esc), COERCE_EXPLICIT_CALL,
										location);
	}
	else if (kind == INFIX_SIMILAR)
		pattern = (Node *) makeFuncCall(system_func_name("similar_to_escape"),
										list_make1(pattern), COERCE_EXPLICIT_CALL, location);
	return (Node *) makeSimpleA_Expr(akind, name, left, pattern, location);
}

/* One infix construct whose first token is current. */
static Node *
infix_expr(Parser *p, Node *left, InfixKind kind, int prec, bool b_mode)
{
	int			location = gram_location(p);

	switch (kind)
	{
		case INFIX_OR:
		case INFIX_AND:
			gram_next(p);
			return make_bool_chain(kind == INFIX_OR ? OR_EXPR : AND_EXPR, left,
								   a_expr_prec(p, prec + 1, false), location);
		case INFIX_IS:
			return is_expr(p, left, prec, b_mode);
		case INFIX_ISNULL:
		case INFIX_NOTNULL:
			{
				NullTest   *n = makeNode(NullTest);

				gram_next(p);
				n->arg = left;
				n->nulltesttype = kind == INFIX_ISNULL ? IS_NULL : IS_NOT_NULL;
				n->location = location;
				return (Node *) n;
			}
		case INFIX_BETWEEN:
		case INFIX_IN:
		case INFIX_LIKE:
		case INFIX_ILIKE:
		case INFIX_SIMILAR:
			{
				bool		not = gram_accept_kw(p, KW_NOT);

				if (kind == INFIX_BETWEEN)
					return between_expr(p, left, not, location);
				if (kind == INFIX_IN)
					return in_expr(p, left, not, location);
				return like_expr(p, left, kind, not, location);
			}
		case INFIX_AT:
			{
				Node	   *zone;

				gram_next(p);
				gram_next(p);
				gram_expect_kw(p, KW_ZONE);
				zone = a_expr_prec(p, prec + 1, false);
				return (Node *) makeFuncCall(system_func_name("timezone"),
											 list_make2(zone, left), COERCE_SQL_SYNTAX,
											 location);
			}
		case INFIX_COLLATE:
			{
				CollateClause *c = makeNode(CollateClause);

				gram_next(p);
				c->arg = left;
				c->collname = gram_any_name(p);
				c->location = location;
				return (Node *) c;
			}
		case INFIX_TYPECAST:
			gram_next(p);
			return (Node *) makeTypeCast(left, gram_typename(p), location);
		case INFIX_BINARY:
			{
				List	   *name = gram_any_operator(p);

				if (gram_is_sub_type(p))
					return sub_type_expr(p, left, name, location);
				return (Node *) makeA_Expr(AEXPR_OP, name, left,
										   a_expr_prec(p, prec + 1, b_mode), location);
			}
		case INFIX_NONE:
			break;
	}
	gram_syntax_error(p);
}

Node *
gram_make_negation(Node *arg, int location)
{
	if (IsA(arg, A_Const) && !((A_Const *) arg)->isnull)
	{
		A_Const    *c = (A_Const *) arg;

		if (IsA(c->val, Integer))
		{
			intVal(c->val) = -intVal(c->val);
			c->location = location;
			return arg;
		}
		if (IsA(c->val, Float))
		{
			char	   *s = floatVal(c->val);

			floatVal(c->val) = s[0] == '-' ? s + 1 : psprintf("-%s", s);
			c->location = location;
			return arg;
		}
	}
	return (Node *) makeSimpleA_Expr(AEXPR_OP, "-", NULL, arg, location);
}

/* Prefix constructs: NOT, unary + and -, prefix operators; else c_expr. */
static Node *
unary_expr(Parser *p, bool b_mode)
{
	Token	   *t = gram_peek(p);
	int			location = t->start;

	if (!b_mode && gram_tok_is_kw(t, KW_NOT))
	{
		gram_next(p);
		return (Node *) makeBoolExpr(NOT_EXPR, list_make1(a_expr_prec(p, PREC_NOT + 1, false)),
									 location);
	}
	if (t->kind == '-' || t->kind == '+')
	{
		Node	   *arg;

		gram_next(p);
		arg = a_expr_prec(p, PREC_UMINUS + 1, b_mode);
		if (t->kind == '-')
			return gram_make_negation(arg, location);
		return (Node *) makeSimpleA_Expr(AEXPR_OP, "+", NULL, arg, location);
	}
	if (b_mode && gram_tok_is_kw(t, KW_DEFAULT))
		gram_syntax_error(p);		/* DEFAULT is an a_expr only */
	if (t->kind == TOK_OP || gram_is_qualified_operator(p))
	{
		List	   *name = gram_any_operator(p);

		return (Node *) makeA_Expr(AEXPR_OP, name, NULL, a_expr_prec(p, PREC_OP + 1, b_mode),
								   location);
	}
	return gram_c_expr(p);
}

/*
 * Can the token after a keyword operator end a select-list item?  Then the
 * keyword is the item's bare column label instead (PostgreSQL decides the
 * same way, on the token after the keyword): "select 'a' like from t".
 */
static bool
gram_tok_ends_target(const Token *t)
{
	switch (t->kind)
	{
		case TOK_EOF:
		case ';':
		case ',':
		case ')':
			return true;
		case TOK_KEYWORD:
			break;
		default:
			return false;
	}
	switch (t->keyword)
	{
		case KW_FROM:
		case KW_INTO:
		case KW_WHERE:
		case KW_GROUP:
		case KW_HAVING:
		case KW_WINDOW:
		case KW_ORDER:
		case KW_LIMIT:
		case KW_OFFSET:
		case KW_FETCH:
		case KW_FOR:
		case KW_UNION:
		case KW_INTERSECT:
		case KW_EXCEPT:
		case KW_ON:
		case KW_RETURNING:
			return true;
		default:
			return false;
	}
}

static bool
gram_keyword_is_label_here(Parser *p)
{
	Token	   *t = gram_peek(p);

	return t->kind == TOK_KEYWORD && parser_kw_is_bare_label(t->keyword) &&
		gram_tok_ends_target(gram_peek_n(p, 1));
}

/*
 * Precedence climbing.  min_prec: only operators binding at least this
 * tightly are consumed.  label_ok: this is the top level of a select-list
 * item, where a keyword operator may turn out to be a column label.
 */
static Node *
a_expr_prec_ext(Parser *p, int min_prec, bool b_mode, bool label_ok)
{
	Node	   *left;
	int			last_nonassoc = PREC_NONE;
	int			depth = 1;

	parser_enter(p);
	left = unary_expr(p, b_mode);
	for (;;)
	{
		InfixKind	kind;
		int			prec = infix_precedence(p, b_mode, &kind);

		if (prec == PREC_NONE || prec < min_prec)
			break;
		if (label_ok && gram_keyword_is_label_here(p))
			break;
		if (prec == last_nonassoc)
			gram_syntax_error(p);
		/* each operator applied deepens the tree (AND/OR chains stay flat) */
		if (kind != INFIX_AND && kind != INFIX_OR)
		{
			parser_enter(p);
			depth++;
		}
		left = infix_expr(p, left, kind, prec, b_mode);
		last_nonassoc = (prec == PREC_CMP || prec == PREC_LIKE) ? prec : PREC_NONE;
	}
	while (depth-- > 0)
		parser_leave(p);
	return left;
}

static Node *
a_expr_prec(Parser *p, int min_prec, bool b_mode)
{
	return a_expr_prec_ext(p, min_prec, b_mode, false);
}

Node *
gram_target_expr(Parser *p)
{
	return a_expr_prec_ext(p, PREC_NONE, false, true);
}

Node *
gram_a_expr(Parser *p)
{
	return a_expr_prec(p, PREC_NONE, false);
}

Node *
gram_b_expr(Parser *p)
{
	return a_expr_prec(p, PREC_NONE, true);
}

List *
gram_expr_list(Parser *p)
{
	List	   *list = list_make1(gram_a_expr(p));

	while (gram_accept(p, ','))
		list = lappend(list, gram_a_expr(p));
	return list;
}

List *
gram_paren_expr_list(Parser *p)
{
	List	   *list;

	gram_expect(p, '(');
	list = gram_expr_list(p);
	gram_expect(p, ')');
	return list;
}

bool
gram_tok_can_start_expr(const Token *t)
{
	switch (t->kind)
	{
		case TOK_ICONST:
		case TOK_FCONST:
		case TOK_SCONST:
		case TOK_BCONST:
		case TOK_XCONST:
		case TOK_PARAM:
		case TOK_IDENT:
		case TOK_OP:
		case '(':
		case '+':
		case '-':
			return true;
		case TOK_KEYWORD:
			break;
		default:
			return false;
	}
	if (parser_kw_category(t->keyword) != PARSER_KEYWORD_RESERVED)
		return true;
	switch (t->keyword)
	{
		case KW_NOT:
		case KW_CASE:
		case KW_CAST:
		case KW_ARRAY:
		case KW_TRUE:
		case KW_FALSE:
		case KW_NULL:
		case KW_DEFAULT:
		case KW_CURRENT_DATE:
		case KW_CURRENT_TIME:
		case KW_CURRENT_TIMESTAMP:
		case KW_LOCALTIME:
		case KW_LOCALTIMESTAMP:
		case KW_CURRENT_ROLE:
		case KW_CURRENT_USER:
		case KW_SESSION_USER:
		case KW_USER:
		case KW_CURRENT_CATALOG:
			return true;
		default:
			return false;
	}
}

/* ------------------------------------------------------------------------
 * Indirection: subscripts and field selection
 * ------------------------------------------------------------------------
 */

/* '[' expr ']' or '[' [expr] ':' [expr] ']'; current is '['. */
static Node *
subscript(Parser *p)
{
	A_Indices  *ai = makeNode(A_Indices);

	gram_expect(p, '[');
	if (!gram_is(p, ':'))
		ai->uidx = gram_a_expr(p);
	if (gram_accept(p, ':'))
	{
		ai->is_slice = true;
		ai->lidx = ai->uidx;
		ai->uidx = NULL;
		if (!gram_is(p, ']'))
			ai->uidx = gram_a_expr(p);
	}
	gram_expect(p, ']');
	return (Node *) ai;
}

/* Parse [...] and .field / .* elements; NIL if none follow. */
static List *
opt_indirection_list(Parser *p)
{
	List	   *list = NIL;

	for (;;)
	{
		if (gram_is(p, '['))
			list = lappend(list, subscript(p));
		else if (gram_is(p, '.'))
		{
			gram_next(p);
			if (gram_accept(p, '*'))
				list = lappend(list, makeNode(A_Star));
			else
				list = lappend(list, makeString(gram_collabel(p)));
		}
		else
			return list;
	}
}

/*
 * "*" may only end an indirection list; the error points at the token
 * after the list, as PostgreSQL's does.
 */
static void
check_indirection(Parser *p, List *indirection)
{
	ListCell   *lc;

	foreach(lc, indirection)
	{
		if (IsA(lfirst(lc), A_Star) && foreach_current_index(lc) < list_length(indirection) - 1)
			gram_error_at_token(p, gram_peek(p), "improper use of \"*\"");
	}
}

static Node *
with_indirection(Parser *p, Node *base, int location)
{
	List	   *ind = opt_indirection_list(p);
	A_Indirection *ai;

	if (ind == NIL)
		return base;
	check_indirection(p, ind);
	ai = makeNode(A_Indirection);
	ai->arg = base;
	ai->indirection = ind;
	return (Node *) ai;
}

/*
 * A column reference: the first name, then indirection.  Leading field
 * names (and a final '*') go into the ColumnRef; anything from the first
 * subscript on becomes an A_Indirection over it.
 */
static Node *
make_column_ref(Parser *p, char *first, List *indirection, int location)
{
	List	   *fields = list_make1(makeString(first));
	ColumnRef  *c;
	ListCell   *lc;

	check_indirection(p, indirection);
	foreach(lc, indirection)
	{
		Node	   *el = lfirst(lc);

		if (IsA(el, A_Indices))
		{
			A_Indirection *ai = makeNode(A_Indirection);

			ai->arg = (Node *) makeColumnRef(fields, location);
			ai->indirection = list_copy_tail(indirection, foreach_current_index(lc));
			return (Node *) ai;
		}
		fields = lappend(fields, el);
	}
	c = makeColumnRef(fields, location);
	return (Node *) c;
}

/* ------------------------------------------------------------------------
 * Function calls
 * ------------------------------------------------------------------------
 */

/* func_arg_expr: [name := | name =>] a_expr */
static Node *
func_arg_expr(Parser *p)
{
	Token	   *t = gram_peek(p);

	if (gram_tok_is_type_func_name(t) &&
		(gram_is_n(p, 1, TOK_COLON_EQUALS) || gram_is_n(p, 1, TOK_EQUALS_GREATER)))
	{
		NamedArgExpr *na = makeNode(NamedArgExpr);

		gram_next(p);
		gram_next(p);
		na->name = t->str;
		na->arg = gram_a_expr(p);
		na->argnumber = -1;
		na->location = t->start;
		return (Node *) na;
	}
	return gram_a_expr(p);
}

/* OVER name | OVER (window specification) */
static WindowDef *
over_clause(Parser *p)
{
	int			location = gram_expect_kw(p, KW_OVER)->start;
	WindowDef  *w;

	if (gram_is(p, '('))
		return gram_window_specification(p);
	w = makeNode(WindowDef);
	w->name = gram_colid(p);
	w->frameOptions = FRAMEOPTION_DEFAULTS;
	w->location = location;
	return w;
}

static pg_noreturn void
func_error(Parser *p, const char *msg, int location)
{
	ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR), errmsg("%s", msg),
			errposition(gram_errpos(p, location)));
	__builtin_unreachable();
}

/* The argument list '(' ... ')' of a call (current token is '('). */
static void
func_args(Parser *p, FuncCall *fc)
{
	gram_expect(p, '(');
	if (gram_accept(p, ')'))
		return;
	if (gram_accept(p, '*'))
	{
		gram_expect(p, ')');
		fc->agg_star = true;
		return;
	}
	if (gram_accept_kw(p, KW_DISTINCT))
		fc->agg_distinct = true;
	else
		gram_accept_kw(p, KW_ALL);
	for (;;)
	{
		if (gram_accept_kw(p, KW_VARIADIC))
		{
			fc->func_variadic = true;
			fc->args = lappend(fc->args, func_arg_expr(p));
			break;
		}
		fc->args = lappend(fc->args, func_arg_expr(p));
		if (!gram_accept(p, ','))
			break;
	}
	if (gram_is_kw(p, KW_ORDER))
	{
		gram_next(p);
		gram_expect_kw(p, KW_BY);
		fc->agg_order = gram_sort_clause(p);
	}
	gram_expect(p, ')');
}

/*
 * func_name '(' args ')' [WITHIN GROUP (...)] [FILTER (WHERE ...)]
 * [OVER ...], or a typed literal func_name '(' typmods ')' 'string'.
 */
Node *
gram_func_application(Parser *p, List *funcname, int location)
{
	FuncCall   *fc = makeFuncCall(funcname, NIL, COERCE_EXPLICIT_CALL, location);

	func_args(p, fc);
	if (gram_is(p, TOK_SCONST) && !fc->agg_star && !fc->agg_distinct && fc->agg_order == NIL &&
		!fc->func_variadic && fc->args != NIL)
	{
		TypeName   *tn = makeTypeNameFromNameList(funcname);
		Token	   *s = gram_next(p);
		ListCell   *lc;

		foreach(lc, fc->args)
			if (IsA(lfirst(lc), NamedArgExpr))
				func_error(p, "type modifier cannot have parameter name",
						   ((NamedArgExpr *) lfirst(lc))->location);
		tn->typmods = fc->args;
		tn->location = location;
		return (Node *) makeTypeCast((Node *) make_string_const(s->str, s->start), tn, -1);
	}
	/* WITHIN, FILTER and OVER cannot be bare column labels: commit on them */
	if (gram_accept_kw(p, KW_WITHIN))
	{
		gram_expect_kw(p, KW_GROUP);
		gram_expect(p, '(');
		gram_expect_kw(p, KW_ORDER);
		gram_expect_kw(p, KW_BY);
		if (fc->agg_order != NIL)
			func_error(p, "cannot use multiple ORDER BY clauses with WITHIN GROUP", location);
		if (fc->agg_distinct)
			func_error(p, "cannot use DISTINCT with WITHIN GROUP", location);
		if (fc->func_variadic)
			func_error(p, "cannot use VARIADIC with WITHIN GROUP", location);
		fc->agg_order = gram_sort_clause(p);
		fc->agg_within_group = true;
		gram_expect(p, ')');
	}
	if (gram_accept_kw(p, KW_FILTER))
	{
		gram_expect(p, '(');
		gram_expect_kw(p, KW_WHERE);
		fc->agg_filter = gram_a_expr(p);
		gram_expect(p, ')');
	}
	if (gram_is_kw(p, KW_OVER))
		fc->over = over_clause(p);
	return (Node *) fc;
}

/* ------------------------------------------------------------------------
 * Special SQL syntax
 * ------------------------------------------------------------------------
 */

static Node *
case_expr(Parser *p)
{
	CaseExpr   *c = makeNode(CaseExpr);

	c->location = gram_expect_kw(p, KW_CASE)->start;
	if (!gram_is_kw(p, KW_WHEN))
		c->arg = gram_a_expr(p);
	if (!gram_is_kw(p, KW_WHEN))
		gram_syntax_error(p);
	while (gram_is_kw(p, KW_WHEN))
	{
		CaseWhen   *w = makeNode(CaseWhen);

		w->location = gram_next(p)->start;
		w->expr = gram_a_expr(p);
		gram_expect_kw(p, KW_THEN);
		w->result = gram_a_expr(p);
		c->args = lappend(c->args, w);
	}
	if (gram_accept_kw(p, KW_ELSE))
		c->defresult = gram_a_expr(p);
	gram_expect_kw(p, KW_END);
	return (Node *) c;
}

static Node *
cast_expr(Parser *p)
{
	int			location = gram_expect_kw(p, KW_CAST)->start;
	Node	   *arg;
	TypeName   *tn;

	gram_expect(p, '(');
	arg = gram_a_expr(p);
	gram_expect_kw(p, KW_AS);
	tn = gram_typename(p);
	gram_expect(p, ')');
	return (Node *) makeTypeCast(arg, tn, location);
}

/* EXTRACT '(' field FROM a_expr ')' */
static Node *
extract_expr(Parser *p, int location)
{
	Token	   *t;
	char	   *field;
	Node	   *arg;

	gram_expect(p, '(');
	t = gram_peek(p);
	if (t->kind == TOK_IDENT || t->kind == TOK_SCONST)
		field = t->str;
	else if (gram_tok_is_kw(t, KW_YEAR) || gram_tok_is_kw(t, KW_MONTH) || gram_tok_is_kw(t, KW_DAY) ||
			 gram_tok_is_kw(t, KW_HOUR) || gram_tok_is_kw(t, KW_MINUTE) || gram_tok_is_kw(t, KW_SECOND))
		field = t->str;
	else
		gram_syntax_error(p);
	gram_next(p);
	gram_expect_kw(p, KW_FROM);
	arg = gram_a_expr(p);
	gram_expect(p, ')');
	return (Node *) makeFuncCall(system_func_name("extract"),
								 list_make2(make_string_const(field, t->start), arg),
								 COERCE_SQL_SYNTAX, location);
}

/* Plain call syntax of a special function: name '(' [args] ')' */
static Node *
plain_call(Parser *p, const char *name, int location)
{
	List	   *args = NIL;

	gram_expect(p, '(');
	if (!gram_is(p, ')'))
		args = gram_expr_list(p);
	gram_expect(p, ')');
	return (Node *) makeFuncCall(list_make1(makeString((char *) name)), args,
								 COERCE_EXPLICIT_CALL, location);
}

/* SUBSTRING '(' x FROM a FOR b ')' and its variants */
static Node *
substring_expr(Parser *p, int location)
{
	Node	   *str,
			   *from = NULL,
			   *forlen = NULL;
	List	   *args;

	if (gram_is_n(p, 1, ')'))
		return plain_call(p, "substring", location);
	gram_expect(p, '(');
	str = gram_a_expr(p);
	if (gram_is(p, ',') || gram_is(p, ')'))
	{
		args = list_make1(str);
		while (gram_accept(p, ','))
			args = lappend(args, gram_a_expr(p));
		gram_expect(p, ')');
		return (Node *) makeFuncCall(list_make1(makeString("substring")), args,
									 COERCE_EXPLICIT_CALL, location);
	}
	if (gram_accept_kw(p, KW_SIMILAR))
	{
		Node	   *pattern = gram_a_expr(p);

		gram_expect_kw(p, KW_ESCAPE);
		args = list_make3(str, pattern, gram_a_expr(p));
	}
	else
	{
		if (gram_accept_kw(p, KW_FROM))
		{
			from = gram_a_expr(p);
			if (gram_accept_kw(p, KW_FOR))
				forlen = gram_a_expr(p);
		}
		else
		{
			gram_expect_kw(p, KW_FOR);
			forlen = gram_a_expr(p);
			if (gram_accept_kw(p, KW_FROM))
				from = gram_a_expr(p);
		}
		if (from == NULL)
			from = (Node *) makeA_Const((Node *) makeInteger(1), -1);
		args = forlen ? list_make3(str, from, forlen) : list_make2(str, from);
	}
	gram_expect(p, ')');
	return (Node *) makeFuncCall(system_func_name("substring"), args, COERCE_SQL_SYNTAX,
								 location);
}

/* TRIM '(' [BOTH|LEADING|TRAILING] [chars] [FROM] str, ... ')' */
static Node *
trim_expr(Parser *p, int location)
{
	const char *fname = "btrim";
	List	   *args;

	gram_expect(p, '(');
	if (gram_accept_kw(p, KW_LEADING))
		fname = "ltrim";
	else if (gram_accept_kw(p, KW_TRAILING))
		fname = "rtrim";
	else
		gram_accept_kw(p, KW_BOTH);
	if (gram_accept_kw(p, KW_FROM))
		args = gram_expr_list(p);
	else
	{
		Node	   *first = gram_a_expr(p);

		if (gram_accept_kw(p, KW_FROM))
			args = lappend(gram_expr_list(p), first);
		else
		{
			args = list_make1(first);
			while (gram_accept(p, ','))
				args = lappend(args, gram_a_expr(p));
		}
	}
	gram_expect(p, ')');
	return (Node *) makeFuncCall(system_func_name(fname), args, COERCE_SQL_SYNTAX, location);
}

/* OVERLAY '(' a PLACING b FROM c [FOR d] ')' or plain overlay(...) */
static Node *
overlay_expr(Parser *p, int location)
{
	int			save = p->pos;
	Node	   *str;
	List	   *args;

	gram_expect(p, '(');
	if (gram_is(p, ')'))
	{
		p->pos = save;
		return plain_call(p, "overlay", location);
	}
	str = gram_a_expr(p);
	if (!gram_is_kw(p, KW_PLACING))
	{
		p->pos = save;
		return plain_call(p, "overlay", location);
	}
	gram_next(p);
	args = list_make2(str, gram_a_expr(p));
	gram_expect_kw(p, KW_FROM);
	args = lappend(args, gram_a_expr(p));
	if (gram_accept_kw(p, KW_FOR))
		args = lappend(args, gram_a_expr(p));
	gram_expect(p, ')');
	return (Node *) makeFuncCall(system_func_name("overlay"), args, COERCE_SQL_SYNTAX,
								 location);
}

/* POSITION '(' b_expr IN b_expr ')' -> position(str, substr) */
static Node *
position_expr(Parser *p, int location)
{
	Node	   *substr,
			   *str;

	gram_expect(p, '(');
	substr = gram_b_expr(p);
	gram_expect_kw(p, KW_IN);
	str = gram_b_expr(p);
	gram_expect(p, ')');
	return (Node *) makeFuncCall(system_func_name("position"), list_make2(str, substr),
								 COERCE_SQL_SYNTAX, location);
}

/* ARRAY[...] elements: expressions, or nested [...] sub-arrays */
static Node *
array_expr(Parser *p, int location)
{
	A_ArrayExpr *a = makeNode(A_ArrayExpr);

	parser_enter(p);
	a->location = location;
	gram_expect(p, '[');
	if (!gram_is(p, ']'))
	{
		bool		nested = gram_is(p, '[');

		do
		{
			if (nested)
				a->elements = lappend(a->elements, array_expr(p, gram_location(p)));
			else
				a->elements = lappend(a->elements, gram_a_expr(p));
		} while (gram_accept(p, ','));
	}
	gram_expect(p, ']');
	parser_leave(p);
	return (Node *) a;
}

static Node *
sql_value_function(Parser *p, SQLValueFunctionOp op, bool takes_precision)
{
	SQLValueFunction *f = makeNode(SQLValueFunction);

	f->location = gram_next(p)->start;
	f->op = op;
	f->typmod = -1;
	if (takes_precision && gram_is(p, '('))
	{
		gram_next(p);
		f->typmod = gram_iconst(p);
		gram_expect(p, ')');
		f->op = (SQLValueFunctionOp) (op + 1);	/* the _N variant follows */
	}
	return (Node *) f;
}

static Node *
sublink_of(Parser *p, SubLinkType type, int location)
{
	SubLink    *s = makeNode(SubLink);

	s->subLinkType = type;
	s->subselect = gram_select_with_parens(p);
	s->location = location;
	return (Node *) s;
}

/* A typed literal of a keyword type: INT '5', TIMESTAMP(3) WITH TIME ZONE '...' */
static Node *
const_typename_literal(Parser *p)
{
	TypeName   *tn = gram_simple_typename(p, true);
	Token	   *s = gram_expect(p, TOK_SCONST);

	return (Node *) makeTypeCast((Node *) make_string_const(s->str, s->start), tn, -1);
}

/* INTERVAL 'str' [fields] | INTERVAL '(' p ')' 'str' */
static Node *
interval_literal(Parser *p)
{
	int			location = gram_next(p)->start;
	TypeName   *tn = makeSystemTypeName("interval");
	Token	   *s;

	tn->location = location;
	if (gram_accept(p, '('))
	{
		int			ploc = gram_location(p);
		int			precision = gram_iconst(p);

		gram_expect(p, ')');
		tn->typmods = list_make2(makeA_Const((Node *) makeInteger(INTERVAL_FULL_RANGE), -1),
								 makeA_Const((Node *) makeInteger(precision), ploc));
		s = gram_expect(p, TOK_SCONST);
	}
	else
	{
		int			floc;

		s = gram_expect(p, TOK_SCONST);
		tn->typmods = gram_opt_interval(p, &floc);
	}
	return (Node *) makeTypeCast((Node *) make_string_const(s->str, s->start), tn, -1);
}

/* Does the call-like special form `kw (` follow? */
static bool
gram_kw_call(Parser *p)
{
	return gram_is_n(p, 1, '(');
}

/*
 * A name-led primary: column reference, function call or typed literal.
 * The current token is an identifier or a non-reserved keyword.
 */
static Node *
name_expr(Parser *p)
{
	Token	   *first = gram_next(p);
	int			location = first->start;
	bool		colid = gram_tok_is_colid(first);
	List	   *ind;
	ListCell   *lc;
	bool		plain_names = true;

	if (!colid)
	{
		/* type_func_name keyword: only f(...) or a typed literal */
		if (gram_is(p, '('))
			return gram_func_application(p, list_make1(makeString(first->str)), location);
		if (gram_is(p, TOK_SCONST))
		{
			Token	   *s = gram_next(p);
			TypeName   *tn = makeTypeNameFromNameList(list_make1(makeString(first->str)));

			tn->location = location;
			return (Node *) makeTypeCast((Node *) make_string_const(s->str, s->start), tn, -1);
		}
		gram_syntax_error(p);
	}
	ind = opt_indirection_list(p);
	foreach(lc, ind)
		if (!IsA(lfirst(lc), String))
			plain_names = false;
	if (plain_names && gram_is(p, '('))
	{
		List	   *fname = lcons(makeString(first->str), ind);

		/* a lone column-name keyword is not a function name */
		if (ind == NIL && !gram_tok_is_type_func_name(first))
			gram_syntax_error(p);
		return gram_func_application(p, fname, location);
	}
	if (plain_names && gram_is(p, TOK_SCONST) &&
		(ind != NIL || gram_tok_is_type_func_name(first)))
	{
		Token	   *s = gram_next(p);
		TypeName   *tn = makeTypeNameFromNameList(lcons(makeString(first->str), ind));

		tn->location = location;
		return (Node *) makeTypeCast((Node *) make_string_const(s->str, s->start), tn, -1);
	}
	return make_column_ref(p, first->str, ind, location);
}

/* '(' ... ')' in an expression: (expr), (a, b) row, (subquery) */
static Node *
paren_expr(Parser *p)
{
	int			location = gram_location(p);
	Node	   *e;

	if (gram_tok_starts_select(gram_peek_n(p, 1)))
	{
		Node	   *s = sublink_of(p, EXPR_SUBLINK, location);

		p->last_paren_select = s;
		return with_indirection(p, s, location);
	}
	gram_expect(p, '(');
	e = gram_a_expr(p);
	if (e == p->last_paren_select && IsA(e, SubLink) &&
		(gram_is_kw(p, KW_UNION) || gram_is_kw(p, KW_INTERSECT) || gram_is_kw(p, KW_EXCEPT) ||
		 gram_is_kw(p, KW_ORDER) || gram_is_kw(p, KW_LIMIT) || gram_is_kw(p, KW_OFFSET) ||
		 gram_is_kw(p, KW_FETCH) || gram_is_kw(p, KW_FOR)))
	{
		/* ((select ...) UNION ...): the parentheses held a query after all */
		SubLink    *s = (SubLink *) e;

		s->subselect = gram_select_continue(p, castNode(SelectStmt, s->subselect));
		s->location = location;
		gram_expect(p, ')');
		return with_indirection(p, (Node *) s, location);
	}
	if (gram_is(p, ','))
	{
		RowExpr    *r = makeNode(RowExpr);

		r->args = list_make1(e);
		while (gram_accept(p, ','))
			r->args = lappend(r->args, gram_a_expr(p));
		gram_expect(p, ')');
		r->row_format = COERCE_IMPLICIT_CAST;
		r->location = location;
		return (Node *) r;
	}
	gram_expect(p, ')');
	return with_indirection(p, e, location);
}

/* Primaries led by a keyword. */
static Node *
keyword_expr(Parser *p)
{
	Token	   *t = gram_peek(p);
	int			location = t->start;

	switch (t->keyword)
	{
		case KW_TRUE:
		case KW_FALSE:
			gram_next(p);
			return (Node *) makeA_Const((Node *) makeBoolean(t->keyword == KW_TRUE), location);
		case KW_NULL:
			gram_next(p);
			return (Node *) makeNullA_Const(location);
		case KW_DEFAULT:
			{
				SetToDefault *d = makeNode(SetToDefault);

				gram_next(p);
				d->location = location;
				return (Node *) d;
			}
		case KW_CASE:
			return case_expr(p);
		case KW_CAST:
			return cast_expr(p);
		case KW_ARRAY:
			gram_next(p);
			if (gram_is(p, '(') && gram_tok_starts_select(gram_peek_n(p, 1)))
				return sublink_of(p, ARRAY_SUBLINK, location);
			return array_expr(p, location);
		case KW_EXISTS:
			if (gram_is_n(p, 1, '('))
			{
				/* a column-name keyword is never a function: commit */
				gram_next(p);
				if (!gram_tok_starts_select(gram_peek_n(p, 1)) && !gram_is_n(p, 1, '('))
					gram_syntax_error_at(p, gram_peek_n(p, 1));
				return sublink_of(p, EXISTS_SUBLINK, location);
			}
			break;
		case KW_ROW:
			if (gram_kw_call(p))
			{
				RowExpr    *r = makeNode(RowExpr);

				gram_next(p);
				gram_expect(p, '(');
				if (!gram_is(p, ')'))
					r->args = gram_expr_list(p);
				gram_expect(p, ')');
				r->row_format = COERCE_EXPLICIT_CALL;
				r->location = location;
				return (Node *) r;
			}
			break;
		case KW_COALESCE:
		case KW_GREATEST:
		case KW_LEAST:
		case KW_GROUPING:
			if (gram_kw_call(p))
			{
				List	   *args;

				gram_next(p);
				args = gram_paren_expr_list(p);
				if (t->keyword == KW_COALESCE)
				{
					CoalesceExpr *c = makeNode(CoalesceExpr);

					c->args = args;
					c->location = location;
					return (Node *) c;
				}
				if (t->keyword == KW_GROUPING)
				{
					GroupingFunc *g = makeNode(GroupingFunc);

					g->args = args;
					g->location = location;
					return (Node *) g;
				}
				{
					MinMaxExpr *m = makeNode(MinMaxExpr);

					m->op = t->keyword == KW_GREATEST ? IS_GREATEST : IS_LEAST;
					m->args = args;
					m->location = location;
					return (Node *) m;
				}
			}
			break;
		case KW_NULLIF:
			if (gram_kw_call(p))
			{
				Node	   *a,
						   *b;

				gram_next(p);
				gram_expect(p, '(');
				a = gram_a_expr(p);
				gram_expect(p, ',');
				b = gram_a_expr(p);
				gram_expect(p, ')');
				return (Node *) makeSimpleA_Expr(AEXPR_NULLIF, "=", a, b, location);
			}
			break;
		case KW_EXTRACT:
		case KW_POSITION:
		case KW_SUBSTRING:
		case KW_TRIM:
		case KW_OVERLAY:
			if (gram_kw_call(p))
			{
				gram_next(p);
				switch (t->keyword)
				{
					case KW_EXTRACT:
						return extract_expr(p, location);
					case KW_POSITION:
						return position_expr(p, location);
					case KW_SUBSTRING:
						return substring_expr(p, location);
					case KW_TRIM:
						return trim_expr(p, location);
					default:
						return overlay_expr(p, location);
				}
			}
			break;
		case KW_COLLATION:
			if (gram_is_kw_n(p, 1, KW_FOR))
			{
				Node	   *arg;

				gram_next(p);
				gram_next(p);
				gram_expect(p, '(');
				arg = gram_a_expr(p);
				gram_expect(p, ')');
				return (Node *) makeFuncCall(system_func_name("pg_collation_for"),
											 list_make1(arg), COERCE_SQL_SYNTAX, location);
			}
			break;
		case KW_CURRENT_DATE:
			return sql_value_function(p, SVFOP_CURRENT_DATE, false);
		case KW_CURRENT_TIME:
			return sql_value_function(p, SVFOP_CURRENT_TIME, true);
		case KW_CURRENT_TIMESTAMP:
			return sql_value_function(p, SVFOP_CURRENT_TIMESTAMP, true);
		case KW_LOCALTIME:
			return sql_value_function(p, SVFOP_LOCALTIME, true);
		case KW_LOCALTIMESTAMP:
			return sql_value_function(p, SVFOP_LOCALTIMESTAMP, true);
		case KW_CURRENT_ROLE:
			return sql_value_function(p, SVFOP_CURRENT_ROLE, false);
		case KW_CURRENT_USER:
			return sql_value_function(p, SVFOP_CURRENT_USER, false);
		case KW_SESSION_USER:
			return sql_value_function(p, SVFOP_SESSION_USER, false);
		case KW_USER:
			return sql_value_function(p, SVFOP_USER, false);
		case KW_CURRENT_CATALOG:
			return sql_value_function(p, SVFOP_CURRENT_CATALOG, false);
		case KW_CURRENT_SCHEMA:
			if (gram_kw_call(p))
				break;			/* current_schema() is an ordinary call */
			return sql_value_function(p, SVFOP_CURRENT_SCHEMA, false);
		case KW_INTERVAL:
			if (gram_is_n(p, 1, TOK_SCONST) || gram_is_n(p, 1, '('))
				return interval_literal(p);
			break;
		default:
			break;
	}
	if (gram_starts_const_typename_literal(p))
		return const_typename_literal(p);
	if (parser_kw_category(t->keyword) == PARSER_KEYWORD_RESERVED)
		gram_syntax_error(p);
	return name_expr(p);
}

static Node *
c_expr_inner(Parser *p)
{
	Token	   *t = gram_peek(p);

	switch (t->kind)
	{
		case TOK_ICONST:
			gram_next(p);
			return (Node *) makeA_Const((Node *) makeInteger(t->ival), t->start);
		case TOK_FCONST:
			gram_next(p);
			return (Node *) makeA_Const((Node *) makeFloat(t->str), t->start);
		case TOK_SCONST:
			gram_next(p);
			return (Node *) make_string_const(t->str, t->start);
		case TOK_BCONST:
		case TOK_XCONST:
			gram_next(p);
			return (Node *) makeA_Const((Node *) makeBitString(t->str), t->start);
		case TOK_PARAM:
			{
				ParamRef   *pr = makeNode(ParamRef);

				gram_next(p);
				pr->number = t->ival;
				pr->location = t->start;
				return with_indirection(p, (Node *) pr, t->start);
			}
		case '(':
			return paren_expr(p);
		case TOK_IDENT:
			return name_expr(p);
		case TOK_KEYWORD:
			return keyword_expr(p);
		default:
			gram_syntax_error(p);
	}
}

Node *
gram_c_expr(Parser *p)
{
	Node	   *n;

	parser_enter(p);
	n = c_expr_inner(p);
	parser_leave(p);
	return n;
}
