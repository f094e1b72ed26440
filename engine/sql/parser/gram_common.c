/*-------------------------------------------------------------------------
 * gram_common.c
 *	  Grammar infrastructure: the token stream, syntax errors, the
 *	  recursion bound, token classes, names, constants and type names.
 *
 * Invariants:
 *	- gram_token_at(0 .. ntoks-1) are the tokens scanned so far; p->pos indexes the
 *	  current one.  Once TOK_EOF has been scanned, peeking further returns
 *	  that same EOF token.
 *	- Syntax errors point at a token: "syntax error at or near "<text>""
 *	  with the token's source text, or "syntax error at end of input".
 *
 * Error behaviour: all functions raise ereport(ERROR) on bad input and
 * never return a partial result.
 *-------------------------------------------------------------------------
 */
#include "sql/parser/parser_internal.h"

#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

/* ------------------------------------------------------------------------
 * Token stream
 * ------------------------------------------------------------------------
 */

Token *
gram_token_at(Parser *p, int index)
{
	Assert(index >= 0 && index < p->ntoks);
	return &p->chunks[index / PARSER_TOKEN_CHUNK][index % PARSER_TOKEN_CHUNK];
}

Token *
gram_peek_n(Parser *p, int n)
{
	int			want = p->pos + n;

	while (p->ntoks <= want)
	{
		Token	   *last = p->ntoks > 0 ? gram_token_at(p, p->ntoks - 1) : NULL;

		if (last != NULL && last->kind == TOK_EOF)
			return last;
		if (p->ntoks == p->nchunks * PARSER_TOKEN_CHUNK)
		{
			if (p->nchunks == p->capchunks)
			{
				p->capchunks = p->capchunks == 0 ? 8 : p->capchunks * 2;
				p->chunks = p->chunks == NULL ?
					palloc(sizeof(Token *) * (size_t) p->capchunks) :
					repalloc(p->chunks, sizeof(Token *) * (size_t) p->capchunks);
			}
			p->chunks[p->nchunks++] = palloc(sizeof(Token) * PARSER_TOKEN_CHUNK);
		}
		p->ntoks++;
		parser_scan_next(&p->scan, gram_token_at(p, p->ntoks - 1));
	}
	return gram_token_at(p, want);
}

Token *
gram_peek(Parser *p)
{
	return gram_peek_n(p, 0);
}

Token *
gram_next(Parser *p)
{
	Token	   *t = gram_peek(p);

	if (t->kind != TOK_EOF)
		p->pos++;
	return t;
}

bool
gram_is(Parser *p, int kind)
{
	return gram_peek(p)->kind == kind;
}

bool
gram_is_n(Parser *p, int n, int kind)
{
	return gram_peek_n(p, n)->kind == kind;
}

bool
gram_tok_is_kw(const Token *t, int kw)
{
	return t->kind == TOK_KEYWORD && t->keyword == kw;
}

bool
gram_is_kw(Parser *p, int kw)
{
	return gram_tok_is_kw(gram_peek(p), kw);
}

bool
gram_is_kw_n(Parser *p, int n, int kw)
{
	return gram_tok_is_kw(gram_peek_n(p, n), kw);
}

bool
gram_accept(Parser *p, int kind)
{
	if (!gram_is(p, kind))
		return false;
	gram_next(p);
	return true;
}

bool
gram_accept_kw(Parser *p, int kw)
{
	if (!gram_is_kw(p, kw))
		return false;
	gram_next(p);
	return true;
}

Token *
gram_expect(Parser *p, int kind)
{
	if (!gram_is(p, kind))
		gram_syntax_error(p);
	return gram_next(p);
}

Token *
gram_expect_kw(Parser *p, int kw)
{
	if (!gram_is_kw(p, kw))
		gram_syntax_error(p);
	return gram_next(p);
}

int
gram_location(Parser *p)
{
	return gram_peek(p)->start;
}

bool
gram_at_stmt_end(Parser *p)
{
	return gram_is(p, ';') || gram_is(p, TOK_EOF);
}

bool
gram_at_stmt_end_n(Parser *p, int n)
{
	return gram_is_n(p, n, ';') || gram_is_n(p, n, TOK_EOF);
}

/* ------------------------------------------------------------------------
 * Errors and the recursion bound
 * ------------------------------------------------------------------------
 */

int
gram_errpos(Parser *p, int location)
{
	return parser_errposition_of(p->query, location);
}

void
gram_error_at_token(Parser *p, Token *tok, const char *msg)
{
	if (tok->kind == TOK_EOF)
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("%s at end of input", msg),
				errposition(gram_errpos(p, tok->start)));
	ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
			errmsg("%s at or near \"%.*s\"", msg, tok->end - tok->start, p->query + tok->start),
			errposition(gram_errpos(p, tok->start)));
	__builtin_unreachable();
}

void
gram_syntax_error_at(Parser *p, Token *tok)
{
	gram_error_at_token(p, tok, "syntax error");
}

void
gram_syntax_error(Parser *p)
{
	gram_syntax_error_at(p, gram_peek(p));
}

void
parser_enter(Parser *p)
{
	if (++p->depth > PARSER_MAX_DEPTH)
		ereport(ERROR, errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				errmsg("stack depth limit exceeded"),
				errhint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), "
						"after ensuring the platform's stack depth limit is adequate."));
}

void
parser_leave(Parser *p)
{
	Assert(p->depth > 0);
	p->depth--;
}

/* ------------------------------------------------------------------------
 * Token classes
 * ------------------------------------------------------------------------
 */

bool
gram_tok_is_colid(const Token *t)
{
	if (t->kind == TOK_IDENT)
		return true;
	if (t->kind != TOK_KEYWORD)
		return false;
	return parser_kw_category(t->keyword) == PARSER_KEYWORD_UNRESERVED ||
		parser_kw_category(t->keyword) == PARSER_KEYWORD_COL_NAME;
}

bool
gram_tok_is_type_func_name(const Token *t)
{
	if (t->kind == TOK_IDENT)
		return true;
	if (t->kind != TOK_KEYWORD)
		return false;
	return parser_kw_category(t->keyword) == PARSER_KEYWORD_UNRESERVED ||
		parser_kw_category(t->keyword) == PARSER_KEYWORD_TYPE_FUNC_NAME;
}

bool
gram_tok_is_collabel(const Token *t)
{
	return t->kind == TOK_IDENT || t->kind == TOK_KEYWORD;
}

bool
gram_tok_is_bare_label(const Token *t)
{
	if (t->kind == TOK_IDENT)
		return true;
	return t->kind == TOK_KEYWORD && parser_kw_is_bare_label(t->keyword);
}

bool
gram_tok_is_nonreserved_word(const Token *t)
{
	if (t->kind == TOK_IDENT)
		return true;
	return t->kind == TOK_KEYWORD &&
		parser_kw_category(t->keyword) != PARSER_KEYWORD_RESERVED;
}

bool
gram_tok_starts_select(const Token *t)
{
	return gram_tok_is_kw(t, KW_SELECT) || gram_tok_is_kw(t, KW_VALUES) ||
		gram_tok_is_kw(t, KW_WITH) || gram_tok_is_kw(t, KW_TABLE);
}

bool
gram_parens_then_select(Parser *p, int n)
{
	while (gram_is_n(p, n, '('))
		n++;
	return gram_tok_starts_select(gram_peek_n(p, n));
}

/* ------------------------------------------------------------------------
 * Names and constants
 * ------------------------------------------------------------------------
 */

char *
gram_colid(Parser *p)
{
	if (!gram_tok_is_colid(gram_peek(p)))
		gram_syntax_error(p);
	return gram_next(p)->str;
}

char *
gram_collabel(Parser *p)
{
	if (!gram_tok_is_collabel(gram_peek(p)))
		gram_syntax_error(p);
	return gram_next(p)->str;
}

char *
gram_type_func_name(Parser *p)
{
	if (!gram_tok_is_type_func_name(gram_peek(p)))
		gram_syntax_error(p);
	return gram_next(p)->str;
}

char *
gram_nonreserved_word(Parser *p)
{
	if (!gram_tok_is_nonreserved_word(gram_peek(p)))
		gram_syntax_error(p);
	return gram_next(p)->str;
}

char *
gram_sconst(Parser *p)
{
	return gram_expect(p, TOK_SCONST)->str;
}

List *
gram_any_name(Parser *p)
{
	List	   *names = list_make1(makeString(gram_colid(p)));

	while (gram_is(p, '.'))
	{
		gram_next(p);
		names = lappend(names, makeString(gram_collabel(p)));
	}
	return names;
}

List *
gram_any_name_list(Parser *p)
{
	List	   *list = list_make1(gram_any_name(p));

	while (gram_accept(p, ','))
		list = lappend(list, gram_any_name(p));
	return list;
}

List *
gram_name_list(Parser *p)
{
	List	   *list = list_make1(makeString(gram_colid(p)));

	while (gram_accept(p, ','))
		list = lappend(list, makeString(gram_colid(p)));
	return list;
}

List *
gram_paren_name_list(Parser *p)
{
	List	   *list;

	gram_expect(p, '(');
	list = gram_name_list(p);
	gram_expect(p, ')');
	return list;
}

/* Join a name list with dots, for error messages. */
static char *
name_list_to_string(List *names)
{
	StringBuf	buf;
	ListCell   *lc;

	strbuf_init(&buf);
	foreach(lc, names)
	{
		if (foreach_current_index(lc) > 0)
			strbuf_append_char(&buf, '.');
		strbuf_append(&buf, strVal(lfirst(lc)));
	}
	return buf.data;
}

RangeVar *
gram_names_to_rangevar(Parser *p, List *names, int location)
{
	RangeVar   *r = makeRangeVar(NULL, NULL, location);

	switch (list_length(names))
	{
		case 1:
			r->relname = strVal(linitial(names));
			break;
		case 2:
			r->schemaname = strVal(linitial(names));
			r->relname = strVal(lsecond(names));
			break;
		case 3:
			r->catalogname = strVal(linitial(names));
			r->schemaname = strVal(lsecond(names));
			r->relname = strVal(lthird(names));
			break;
		default:
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("improper qualified name (too many dotted names): %s",
						   name_list_to_string(names)),
					errposition(gram_errpos(p, location)));
	}
	return r;
}

RangeVar *
gram_qualified_name(Parser *p)
{
	int			location = gram_location(p);

	return gram_names_to_rangevar(p, gram_any_name(p), location);
}

RangeVar *
gram_relation_expr(Parser *p)
{
	RangeVar   *r;

	if (gram_accept_kw(p, KW_ONLY))
	{
		bool		paren = gram_accept(p, '(');

		r = gram_qualified_name(p);
		if (paren)
			gram_expect(p, ')');
		r->inh = false;
		return r;
	}
	r = gram_qualified_name(p);
	gram_accept(p, '*');			/* t* : explicit inheritance, the default */
	return r;
}

int
gram_iconst(Parser *p)
{
	return gram_expect(p, TOK_ICONST)->ival;
}

int
gram_signed_iconst(Parser *p)
{
	if (gram_accept(p, '+'))
		return gram_iconst(p);
	if (gram_accept(p, '-'))
		return -gram_iconst(p);
	return gram_iconst(p);
}

Node *
gram_numeric_only(Parser *p)
{
	bool		negative = false;
	Token	   *t;

	if (gram_accept(p, '-'))
		negative = true;
	else
		gram_accept(p, '+');
	t = gram_peek(p);
	if (t->kind == TOK_ICONST)
	{
		gram_next(p);
		return (Node *) makeInteger(negative ? -t->ival : t->ival);
	}
	if (t->kind == TOK_FCONST)
	{
		gram_next(p);
		return (Node *) makeFloat(negative ? psprintf("-%s", t->str) : t->str);
	}
	gram_syntax_error(p);
}

bool
gram_tok_is_boolean_or_string(const Token *t)
{
	return gram_tok_is_kw(t, KW_TRUE) || gram_tok_is_kw(t, KW_FALSE) || gram_tok_is_kw(t, KW_ON) ||
		gram_tok_is_nonreserved_word(t) || t->kind == TOK_SCONST;
}

char *
gram_boolean_or_string(Parser *p)
{
	Token	   *t = gram_peek(p);

	if (!gram_tok_is_boolean_or_string(t))
		gram_syntax_error(p);
	gram_next(p);
	if (gram_tok_is_kw(t, KW_TRUE))
		return "true";
	if (gram_tok_is_kw(t, KW_FALSE))
		return "false";
	if (gram_tok_is_kw(t, KW_ON))
		return "on";
	return t->str;
}

/* ------------------------------------------------------------------------
 * Type names
 * ------------------------------------------------------------------------
 */

static A_Const *
make_int_const(int value, int location)
{
	return makeA_Const((Node *) makeInteger(value), location);
}

/* '(' Iconst ')' as a one-element typmod list, or NIL if no '(' follows. */
static List *
opt_paren_iconst(Parser *p)
{
	int			location;

	if (!gram_is(p, '('))
		return NIL;
	gram_next(p);
	location = gram_location(p);
	{
		int			v = gram_iconst(p);

		gram_expect(p, ')');
		return list_make1(make_int_const(v, location));
	}
}

/* opt_type_modifiers: '(' expr_list ')' or nothing */
static List *
opt_type_modifiers(Parser *p)
{
	if (!gram_is(p, '('))
		return NIL;
	return gram_paren_expr_list(p);
}

static bool
accept_varying(Parser *p)
{
	return gram_accept_kw(p, KW_VARYING);
}

/* FLOAT [ '(' p ')' ] */
static TypeName *
float_type(Parser *p)
{
	int			location;
	int			precision;

	if (!gram_is(p, '('))
		return makeSystemTypeName("float8");
	gram_next(p);
	location = gram_location(p);
	precision = gram_iconst(p);
	gram_expect(p, ')');
	if (precision < 1)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("precision for type float must be at least 1 bit"),
				errposition(gram_errpos(p, location)));
	if (precision <= 24)
		return makeSystemTypeName("float4");
	if (precision <= 53)
		return makeSystemTypeName("float8");
	ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			errmsg("precision for type float must be less than 54 bits"),
			errposition(gram_errpos(p, location)));
	__builtin_unreachable();
}

/* CHARACTER / CHAR / VARCHAR / NATIONAL CHAR[ACTER] / NCHAR [VARYING] [(n)] */
static TypeName *
character_type(Parser *p, bool is_const_ctx)
{
	bool		varying;
	TypeName   *t;

	if (gram_accept_kw(p, KW_VARCHAR))
		varying = true;
	else
	{
		if (gram_accept_kw(p, KW_NATIONAL))
		{
			if (!gram_accept_kw(p, KW_CHARACTER))
				gram_expect_kw(p, KW_CHAR);
		}
		else
			gram_next(p);			/* CHARACTER, CHAR or NCHAR */
		varying = accept_varying(p);
	}
	t = makeSystemTypeName(varying ? "varchar" : "bpchar");
	t->typmods = opt_paren_iconst(p);
	/* CHAR without a length means CHAR(1), except in a typed literal */
	if (t->typmods == NIL && !varying && !is_const_ctx)
		t->typmods = list_make1(make_int_const(1, -1));
	return t;
}

/* BIT [VARYING] [(n)] */
static TypeName *
bit_type(Parser *p, bool is_const_ctx)
{
	bool		varying;
	TypeName   *t;

	gram_expect_kw(p, KW_BIT);
	varying = accept_varying(p);
	t = makeSystemTypeName(varying ? "varbit" : "bit");
	t->typmods = opt_type_modifiers(p);
	if (t->typmods == NIL && !varying && !is_const_ctx)
		t->typmods = list_make1(make_int_const(1, -1));
	return t;
}

/* TIMESTAMP|TIME [(p)] [WITH|WITHOUT TIME ZONE] */
static TypeName *
datetime_type(Parser *p)
{
	bool		is_timestamp = gram_next(p)->keyword == KW_TIMESTAMP;
	List	   *typmods = opt_paren_iconst(p);
	bool		with_tz = false;
	TypeName   *t;

	if (gram_is_kw(p, KW_WITH) && gram_is_kw_n(p, 1, KW_TIME))
	{
		gram_next(p);
		gram_next(p);
		gram_expect_kw(p, KW_ZONE);
		with_tz = true;
	}
	else if (gram_accept_kw(p, KW_WITHOUT))
	{
		gram_expect_kw(p, KW_TIME);
		gram_expect_kw(p, KW_ZONE);
	}
	if (is_timestamp)
		t = makeSystemTypeName(with_tz ? "timestamptz" : "timestamp");
	else
		t = makeSystemTypeName(with_tz ? "timetz" : "time");
	t->typmods = typmods;
	return t;
}

/* SECOND [(p)] -> mask bit, precision appended to *typmods */
static int
interval_second(Parser *p, List **precision)
{
	gram_expect_kw(p, KW_SECOND);
	*precision = opt_paren_iconst(p);
	return INTERVAL_MASK_SECOND;
}

List *
gram_opt_interval(Parser *p, int *location)
{
	List	   *precision = NIL;
	int			mask;

	*location = gram_location(p);
	if (gram_accept_kw(p, KW_YEAR))
	{
		mask = INTERVAL_MASK_YEAR;
		if (gram_accept_kw(p, KW_TO))
		{
			gram_expect_kw(p, KW_MONTH);
			mask |= INTERVAL_MASK_MONTH;
		}
	}
	else if (gram_accept_kw(p, KW_MONTH))
		mask = INTERVAL_MASK_MONTH;
	else if (gram_accept_kw(p, KW_DAY))
	{
		mask = INTERVAL_MASK_DAY;
		if (gram_accept_kw(p, KW_TO))
		{
			if (gram_accept_kw(p, KW_HOUR))
				mask |= INTERVAL_MASK_HOUR;
			else if (gram_accept_kw(p, KW_MINUTE))
				mask |= INTERVAL_MASK_HOUR | INTERVAL_MASK_MINUTE;
			else
				mask |= INTERVAL_MASK_HOUR | INTERVAL_MASK_MINUTE |
					interval_second(p, &precision);
		}
	}
	else if (gram_accept_kw(p, KW_HOUR))
	{
		mask = INTERVAL_MASK_HOUR;
		if (gram_accept_kw(p, KW_TO))
		{
			if (gram_accept_kw(p, KW_MINUTE))
				mask |= INTERVAL_MASK_MINUTE;
			else
				mask |= INTERVAL_MASK_MINUTE | interval_second(p, &precision);
		}
	}
	else if (gram_accept_kw(p, KW_MINUTE))
	{
		mask = INTERVAL_MASK_MINUTE;
		if (gram_accept_kw(p, KW_TO))
			mask |= interval_second(p, &precision);
	}
	else if (gram_is_kw(p, KW_SECOND))
		mask = interval_second(p, &precision);
	else
		return NIL;
	return list_concat(list_make1(make_int_const(mask, *location)), precision);
}

/* INTERVAL [fields] | INTERVAL '(' p ')' */
static TypeName *
interval_type(Parser *p)
{
	TypeName   *t;
	int			location;

	gram_expect_kw(p, KW_INTERVAL);
	t = makeSystemTypeName("interval");
	if (gram_is(p, '('))
	{
		gram_next(p);
		location = gram_location(p);
		{
			int			precision = gram_iconst(p);

			gram_expect(p, ')');
			t->typmods = list_make2(make_int_const(INTERVAL_FULL_RANGE, -1),
									make_int_const(precision, location));
		}
		return t;
	}
	t->typmods = gram_opt_interval(p, &location);
	return t;
}

/*
 * The keyword type forms (Numeric, Bit, Character, ConstDatetime,
 * ConstInterval); returns NULL if the current token starts none of them.
 */
static TypeName *
keyword_typename(Parser *p, bool is_const_ctx)
{
	Token	   *t = gram_peek(p);

	if (t->kind != TOK_KEYWORD)
		return NULL;
	switch (t->keyword)
	{
		case KW_INT:
		case KW_INTEGER:
			gram_next(p);
			return makeSystemTypeName("int4");
		case KW_SMALLINT:
			gram_next(p);
			return makeSystemTypeName("int2");
		case KW_BIGINT:
			gram_next(p);
			return makeSystemTypeName("int8");
		case KW_REAL:
			gram_next(p);
			return makeSystemTypeName("float4");
		case KW_FLOAT:
			gram_next(p);
			return float_type(p);
		case KW_DOUBLE:
			/* unreserved: without PRECISION it is an ordinary type name */
			if (!gram_is_kw_n(p, 1, KW_PRECISION))
				return NULL;
			gram_next(p);
			gram_next(p);
			return makeSystemTypeName("float8");
		case KW_DECIMAL:
		case KW_DEC:
		case KW_NUMERIC:
			{
				TypeName   *n;

				gram_next(p);
				n = makeSystemTypeName("numeric");
				n->typmods = opt_type_modifiers(p);
				return n;
			}
		case KW_BOOLEAN:
			gram_next(p);
			return makeSystemTypeName("bool");
		case KW_BIT:
			return bit_type(p, is_const_ctx);
		case KW_CHARACTER:
		case KW_CHAR:
		case KW_VARCHAR:
		case KW_NATIONAL:
		case KW_NCHAR:
			return character_type(p, is_const_ctx);
		case KW_TIMESTAMP:
		case KW_TIME:
			return datetime_type(p);
		case KW_INTERVAL:
			return interval_type(p);
		default:
			return NULL;
	}
}

TypeName *
gram_simple_typename(Parser *p, bool is_const_ctx)
{
	int			location = gram_location(p);
	TypeName   *t = keyword_typename(p, is_const_ctx);

	if (t == NULL)
	{
		/* GenericType: type_function_name [. attr ...] [(modifiers)] */
		List	   *names = list_make1(makeString(gram_type_func_name(p)));

		while (gram_accept(p, '.'))
			names = lappend(names, makeString(gram_collabel(p)));
		t = makeTypeNameFromNameList(names);
		t->typmods = opt_type_modifiers(p);
	}
	t->location = location;
	return t;
}

/* [ '[' [Iconst] ']' ]... or ARRAY [ '[' Iconst ']' ] */
static void
opt_array_bounds(Parser *p, TypeName *t)
{
	if (gram_accept_kw(p, KW_ARRAY))
	{
		int			bound = -1;

		if (gram_accept(p, '['))
		{
			bound = gram_iconst(p);
			gram_expect(p, ']');
		}
		t->arrayBounds = list_make1(makeInteger(bound));
		return;
	}
	while (gram_accept(p, '['))
	{
		int			bound = -1;

		if (gram_is(p, TOK_ICONST))
			bound = gram_iconst(p);
		gram_expect(p, ']');
		t->arrayBounds = lappend(t->arrayBounds, makeInteger(bound));
	}
}

TypeName *
gram_typename(Parser *p)
{
	int			location = gram_location(p);
	bool		setof = gram_accept_kw(p, KW_SETOF);
	TypeName   *t = gram_simple_typename(p, false);

	t->setof = setof;
	t->location = location;
	opt_array_bounds(p, t);
	return t;
}

bool
gram_starts_const_typename_literal(Parser *p)
{
	Token	   *t = gram_peek(p);
	Token	   *next = gram_peek_n(p, 1);

	if (t->kind != TOK_KEYWORD)
		return false;
	switch (t->keyword)
	{
		case KW_INT:
		case KW_INTEGER:
		case KW_SMALLINT:
		case KW_BIGINT:
		case KW_REAL:
		case KW_BOOLEAN:
		case KW_DEC:
		case KW_DECIMAL:
		case KW_NUMERIC:
		case KW_FLOAT:
		case KW_VARCHAR:
			/* column-name keywords: '(' cannot make them a call */
			return next->kind == TOK_SCONST || next->kind == '(';
		case KW_DOUBLE:
			return gram_tok_is_kw(next, KW_PRECISION);
		case KW_CHARACTER:
		case KW_CHAR:
		case KW_NCHAR:
		case KW_BIT:
			return next->kind == TOK_SCONST || next->kind == '(' ||
				gram_tok_is_kw(next, KW_VARYING);
		case KW_NATIONAL:
			return gram_tok_is_kw(next, KW_CHARACTER) || gram_tok_is_kw(next, KW_CHAR);
		case KW_TIMESTAMP:
		case KW_TIME:
			/* WITH only before TIME (WITH ORDINALITY...); WITHOUT always */
			return next->kind == TOK_SCONST || next->kind == '(' ||
				gram_tok_is_kw(next, KW_WITHOUT) ||
				(gram_tok_is_kw(next, KW_WITH) && gram_is_kw_n(p, 2, KW_TIME));
		default:
			return false;
	}
}
