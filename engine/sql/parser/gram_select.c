/*-------------------------------------------------------------------------
 * gram_select.c
 *	  Queries: SELECT, VALUES, TABLE, set operations, WITH, FROM items
 *	  and joins, GROUP BY, WINDOW, ORDER BY, LIMIT/OFFSET/FETCH, FOR
 *	  UPDATE.
 *
 * Shape of the grammar (PostgreSQL's):
 *	select_no_parens: [WITH ...] select_clause [ORDER BY ...]
 *					  [LIMIT/OFFSET/FETCH] [FOR UPDATE ...] (limit and
 *					  locking in either order)
 *	select_clause:	  primary (UNION|EXCEPT [ALL] primary)...; INTERSECT
 *					  binds tighter; all left-associative
 *	primary:		  SELECT ... | VALUES ... | TABLE t | '(' select_no_parens ')'
 * ORDER BY / LIMIT / locking / WITH attach to the top node of the
 * select_clause; attaching a second one to a parenthesized query that
 * already has it is an error ("multiple ORDER BY clauses not allowed").
 *
 * FROM: a comma list of table_refs; a table_ref is a primary followed by
 * any number of joins (left-associative; a qualified join whose right side
 * is itself followed by a join nests to the right, as in PostgreSQL:
 * a JOIN b JOIN c ON x ON y).
 *-------------------------------------------------------------------------
 */
#include "sql/parser/parser_internal.h"

#include "utils/elog.h"
#include "utils/memctx.h"

typedef struct LimitInfo
{
	bool		present;
	Node	   *offset;
	Node	   *count;
	LimitOption option;
	int			offset_location;
	int			count_location;
} LimitInfo;

static SelectStmt *select_no_parens(Parser *p);
static SelectStmt *select_setop(Parser *p, int min_prec);
static Node *table_ref(Parser *p);
static bool gram_paren_is_join(Parser *p);

static Node *
exprs_first_location(List *list)
{
	return list == NIL ? NULL : linitial(list);
}

/* Best-effort location of a raw expression (for error positions). */
static int
raw_location(const Node *n)
{
	if (n == NULL)
		return -1;
	switch (nodeTag(n))
	{
		case T_A_Const:
			return ((const A_Const *) n)->location;
		case T_ColumnRef:
			return ((const ColumnRef *) n)->location;
		case T_ParamRef:
			return ((const ParamRef *) n)->location;
		case T_A_Expr:
			{
				const A_Expr *a = (const A_Expr *) n;
				int			l = raw_location(a->lexpr);

				return l >= 0 ? l : a->location;
			}
		case T_FuncCall:
			return ((const FuncCall *) n)->location;
		case T_TypeCast:
			{
				const TypeCast *t = (const TypeCast *) n;
				int			l = raw_location(t->arg);

				return l >= 0 ? l : t->location;
			}
		case T_SortBy:
			return raw_location(((const SortBy *) n)->node);
		case T_SubLink:
			return ((const SubLink *) n)->location;
		case T_BoolExpr:
			return ((const BoolExpr *) n)->location;
		default:
			return -1;
	}
}

/* ------------------------------------------------------------------------
 * Target lists, WHERE, ORDER BY
 * ------------------------------------------------------------------------
 */

static ResTarget *
target_el(Parser *p)
{
	ResTarget  *rt = makeNode(ResTarget);

	rt->location = gram_location(p);
	if (gram_is(p, '*'))
	{
		gram_next(p);
		rt->val = (Node *) makeColumnRef(list_make1(makeNode(A_Star)), rt->location);
		return rt;
	}
	rt->val = gram_target_expr(p);
	if (gram_accept_kw(p, KW_AS))
		rt->name = gram_collabel(p);
	else if (gram_tok_is_bare_label(gram_peek(p)))
		rt->name = gram_next(p)->str;
	return rt;
}

List *
gram_target_list(Parser *p)
{
	List	   *list = list_make1(target_el(p));

	while (gram_accept(p, ','))
		list = lappend(list, target_el(p));
	return list;
}

Node *
gram_where_clause(Parser *p)
{
	if (!gram_accept_kw(p, KW_WHERE))
		return NULL;
	return gram_a_expr(p);
}

static SortBy *
sortby(Parser *p)
{
	SortBy	   *s = makeNode(SortBy);

	s->node = gram_a_expr(p);
	s->location = -1;
	if (gram_accept_kw(p, KW_ASC))
		s->sortby_dir = SORTBY_ASC;
	else if (gram_accept_kw(p, KW_DESC))
		s->sortby_dir = SORTBY_DESC;
	else if (gram_is_kw(p, KW_USING))
	{
		s->location = gram_next(p)->start;
		s->sortby_dir = SORTBY_USING;
		if (gram_is_kw(p, KW_OPERATOR))	/* no bare label here: commit */
			s->useOp = gram_qualified_operator(p);
		else
			s->useOp = gram_any_operator(p);
	}
	if (gram_is_kw(p, KW_NULLS) && (gram_is_kw_n(p, 1, KW_FIRST) || gram_is_kw_n(p, 1, KW_LAST)))
	{
		gram_next(p);
		s->sortby_nulls = gram_next(p)->keyword == KW_FIRST ? SORTBY_NULLS_FIRST : SORTBY_NULLS_LAST;
	}
	return s;
}

List *
gram_sort_clause(Parser *p)
{
	List	   *list = list_make1(sortby(p));

	while (gram_accept(p, ','))
		list = lappend(list, sortby(p));
	return list;
}

/* ------------------------------------------------------------------------
 * FROM
 * ------------------------------------------------------------------------
 */

Alias *
gram_opt_alias(Parser *p)
{
	Alias	   *a;

	if (gram_accept_kw(p, KW_AS))
		a = makeAlias(gram_colid(p), NIL);
	else if (gram_tok_is_colid(gram_peek(p)))
		a = makeAlias(gram_next(p)->str, NIL);
	else
		return NULL;
	if (gram_is(p, '('))
		a->colnames = gram_paren_name_list(p);
	return a;
}

/*
 * After a function in FROM: [AS] alias [(cols)], [AS] alias (col type, ...),
 * or AS (col type, ...).
 */
static void
func_alias_clause(Parser *p, RangeFunction *rf)
{
	bool		as = gram_accept_kw(p, KW_AS);
	bool		coldefs = false;

	if (as && gram_is(p, '('))
		coldefs = true;
	else if (as || gram_tok_is_colid(gram_peek(p)))
		rf->alias = makeAlias(gram_colid(p), NIL);
	else
		return;
	if (!gram_is(p, '('))
		return;
	gram_next(p);
	/* a column definition list has a type after the first name */
	if (!coldefs)
		coldefs = !(gram_is_n(p, 1, ',') || gram_is_n(p, 1, ')'));
	do
	{
		if (coldefs)
		{
			ColumnDef  *cd = makeNode(ColumnDef);

			cd->location = gram_location(p);
			cd->colname = gram_colid(p);
			cd->typeName = gram_typename(p);
			if (gram_is_kw(p, KW_COLLATE))
			{
				CollateClause *c = makeNode(CollateClause);

				c->location = gram_next(p)->start;
				c->collname = gram_any_name(p);
				cd->collClause = c;
			}
			rf->coldeflist = lappend(rf->coldeflist, cd);
		}
		else
			rf->alias->colnames = lappend(rf->alias->colnames, makeString(gram_colid(p)));
	} while (gram_accept(p, ','));
	gram_expect(p, ')');
}

static Node *
range_function(Parser *p, Node *func, bool lateral)
{
	RangeFunction *rf = makeNode(RangeFunction);

	rf->lateral = lateral;
	rf->functions = list_make1(list_make2(func, NIL));
	if (gram_is_kw(p, KW_WITH) && gram_is_kw_n(p, 1, KW_ORDINALITY))
	{
		gram_next(p);
		gram_next(p);
		rf->ordinality = true;
	}
	func_alias_clause(p, rf);
	return (Node *) rf;
}

static Node *
range_subselect(Parser *p, bool lateral)
{
	RangeSubselect *rs = makeNode(RangeSubselect);
	int			location = gram_location(p);
	SelectStmt *sub = castNode(SelectStmt, gram_select_with_parens(p));

	rs->lateral = lateral;
	rs->subquery = (Node *) sub;
	rs->alias = gram_opt_alias(p);
	if (rs->alias == NULL)
	{
		if (sub->valuesLists != NIL && sub->op == SETOP_NONE)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("VALUES in FROM must have an alias"),
					errhint("For example, FROM (VALUES ...) [AS] foo."),
					errposition(gram_errpos(p, location)));
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("subquery in FROM must have an alias"),
				errhint("For example, FROM (SELECT ...) [AS] foo."),
				errposition(gram_errpos(p, location)));
	}
	return (Node *) rs;
}

/* TABLESAMPLE method '(' args ')' [REPEATABLE '(' seed ')'] */
static Node *
tablesample_clause(Parser *p, Node *relation)
{
	RangeTableSample *ts = makeNode(RangeTableSample);
	int			location;

	gram_expect_kw(p, KW_TABLESAMPLE);
	location = gram_location(p);
	ts->relation = relation;
	ts->method = list_make1(makeString(gram_type_func_name(p)));
	while (gram_accept(p, '.'))
		ts->method = lappend(ts->method, makeString(gram_collabel(p)));
	ts->args = gram_paren_expr_list(p);
	if (gram_accept_kw(p, KW_REPEATABLE))
	{
		gram_expect(p, '(');
		ts->repeatable = gram_a_expr(p);
		gram_expect(p, ')');
	}
	ts->location = location;
	return (Node *) ts;
}

/* One FROM item without trailing joins. */
static Node *
table_primary(Parser *p)
{
	Token	   *t;
	int			location = gram_location(p);
	bool		lateral = gram_accept_kw(p, KW_LATERAL);
	List	   *names;

	if (gram_is(p, '('))
	{
		JoinExpr   *j;

		if (gram_parens_then_select(p, 1) && (lateral || !gram_paren_is_join(p)))
			return range_subselect(p, lateral);
		if (lateral)
			gram_syntax_error_at(p, gram_peek_n(p, 1));
		gram_next(p);
		j = (JoinExpr *) table_ref(p);
		if (!IsA(j, JoinExpr))
			gram_syntax_error(p);
		gram_expect(p, ')');
		j->alias = gram_opt_alias(p);
		return (Node *) j;
	}
	if (gram_is_kw(p, KW_ONLY))
	{
		RangeVar   *r = gram_relation_expr(p);

		r->alias = gram_opt_alias(p);
		if (gram_is_kw(p, KW_TABLESAMPLE))
			return tablesample_clause(p, (Node *) r);
		return (Node *) r;
	}
	t = gram_peek(p);
	if (t->kind == TOK_KEYWORD && parser_kw_category(t->keyword) == PARSER_KEYWORD_COL_NAME &&
		gram_is_n(p, 1, '('))
		return range_function(p, gram_c_expr(p), lateral);
	if (!gram_tok_is_colid(t))
	{
		/* a type_func_name keyword can only be a function here */
		if (gram_tok_is_type_func_name(t))
		{
			gram_next(p);
			if (!gram_is(p, '('))
				gram_syntax_error(p);
			return range_function(p, gram_func_application(p, list_make1(makeString(t->str)),
														t->start), lateral);
		}
		gram_syntax_error(p);
	}
	names = gram_any_name(p);
	if (gram_is(p, '('))
		return range_function(p, gram_func_application(p, names, location), lateral);
	if (lateral)
		gram_syntax_error(p);
	{
		RangeVar   *r = gram_names_to_rangevar(p, names, location);

		gram_accept(p, '*');
		r->alias = gram_opt_alias(p);
		if (gram_is_kw(p, KW_TABLESAMPLE))
			return tablesample_clause(p, (Node *) r);
		return (Node *) r;
	}
}

/*
 * FROM '(' '(' ...: a parenthesized query, or a parenthesized join whose
 * first item is a parenthesized query ("((select 1) as x join y on ...)")?
 * Look past the inner group: an alias or a join means a join.
 */
static bool
gram_paren_is_join(Parser *p)
{
	int			n = 1;
	int			depth = 0;

	if (!gram_is_n(p, 1, '('))
		return false;
	do
	{
		Token	   *t = gram_peek_n(p, n++);

		if (t->kind == '(')
			depth++;
		else if (t->kind == ')')
			depth--;
		else if (t->kind == TOK_EOF)
			return false;
	} while (depth > 0);
	{
		Token	   *after = gram_peek_n(p, n);

		return gram_tok_is_kw(after, KW_AS) || gram_tok_is_colid(after) ||
			gram_tok_is_kw(after, KW_JOIN) || gram_tok_is_kw(after, KW_CROSS) ||
			gram_tok_is_kw(after, KW_NATURAL) || gram_tok_is_kw(after, KW_INNER) ||
			gram_tok_is_kw(after, KW_LEFT) || gram_tok_is_kw(after, KW_RIGHT) ||
			gram_tok_is_kw(after, KW_FULL);
	}
}

static bool
gram_starts_join(Parser *p)
{
	return gram_is_kw(p, KW_JOIN) || gram_is_kw(p, KW_INNER) || gram_is_kw(p, KW_LEFT) ||
		gram_is_kw(p, KW_RIGHT) || gram_is_kw(p, KW_FULL) || gram_is_kw(p, KW_CROSS) ||
		gram_is_kw(p, KW_NATURAL);
}

/* Joins following left (left-associative). */
static Node *
join_loop(Parser *p, Node *left)
{
	int			depth = 0;

	while (gram_starts_join(p))
	{
		JoinExpr   *j = makeNode(JoinExpr);

		parser_enter(p);		/* the tree deepens by one per join */
		depth++;

		j->larg = left;
		if (gram_accept_kw(p, KW_CROSS))
		{
			gram_expect_kw(p, KW_JOIN);
			j->jointype = JOIN_INNER;
			j->rarg = table_primary(p);
			left = (Node *) j;
			continue;
		}
		j->isNatural = gram_accept_kw(p, KW_NATURAL);
		if (gram_accept_kw(p, KW_INNER))
			j->jointype = JOIN_INNER;
		else if (gram_is_kw(p, KW_LEFT) || gram_is_kw(p, KW_RIGHT) || gram_is_kw(p, KW_FULL))
		{
			int			kw = gram_next(p)->keyword;

			j->jointype = kw == KW_LEFT ? JOIN_LEFT : kw == KW_RIGHT ? JOIN_RIGHT : JOIN_FULL;
			gram_accept_kw(p, KW_OUTER);
		}
		gram_expect_kw(p, KW_JOIN);
		j->rarg = table_primary(p);
		if (!j->isNatural)
		{
			if (gram_starts_join(p))
				j->rarg = join_loop(p, j->rarg);
			if (gram_accept_kw(p, KW_ON))
				j->quals = gram_a_expr(p);
			else if (gram_accept_kw(p, KW_USING))
			{
				j->usingClause = gram_paren_name_list(p);
				if (gram_accept_kw(p, KW_AS))
					j->join_using_alias = makeAlias(gram_colid(p), NIL);
			}
			else
				gram_syntax_error(p);
		}
		left = (Node *) j;
	}
	while (depth-- > 0)
		parser_leave(p);
	return left;
}

static Node *
table_ref(Parser *p)
{
	Node	   *n;

	parser_enter(p);
	n = join_loop(p, table_primary(p));
	parser_leave(p);
	return n;
}

List *
gram_from_list(Parser *p)
{
	List	   *list = list_make1(table_ref(p));

	while (gram_accept(p, ','))
		list = lappend(list, table_ref(p));
	return list;
}

/* ------------------------------------------------------------------------
 * GROUP BY and WINDOW
 * ------------------------------------------------------------------------
 */

static List *group_by_list(Parser *p);

static Node *
group_by_item(Parser *p)
{
	int			location = gram_location(p);
	GroupingSet *gs;

	if (gram_is(p, '(') && gram_is_n(p, 1, ')'))
	{
		gram_next(p);
		gram_next(p);
		gs = makeNode(GroupingSet);
		gs->kind = GROUPING_SET_EMPTY;
		gs->location = location;
		return (Node *) gs;
	}
	if ((gram_is_kw(p, KW_ROLLUP) || gram_is_kw(p, KW_CUBE)) && gram_is_n(p, 1, '('))
	{
		gs = makeNode(GroupingSet);
		gs->kind = gram_next(p)->keyword == KW_ROLLUP ? GROUPING_SET_ROLLUP : GROUPING_SET_CUBE;
		gs->content = gram_paren_expr_list(p);
		gs->location = location;
		return (Node *) gs;
	}
	if (gram_is_kw(p, KW_GROUPING) && gram_is_kw_n(p, 1, KW_SETS))
	{
		gram_next(p);
		gram_next(p);
		gs = makeNode(GroupingSet);
		gs->kind = GROUPING_SET_SETS;
		parser_enter(p);
		gram_expect(p, '(');
		gs->content = group_by_list(p);
		gram_expect(p, ')');
		parser_leave(p);
		gs->location = location;
		return (Node *) gs;
	}
	return gram_a_expr(p);
}

static List *
group_by_list(Parser *p)
{
	List	   *list = list_make1(group_by_item(p));

	while (gram_accept(p, ','))
		list = lappend(list, group_by_item(p));
	return list;
}

static pg_noreturn void
window_error(Parser *p, const char *msg, int location)
{
	ereport(ERROR, errcode(ERRCODE_WINDOWING_ERROR), errmsg("%s", msg),
			errposition(gram_errpos(p, location)));
	__builtin_unreachable();
}

/* One frame bound: returns FRAMEOPTION_START_* bits; *offset set if any. */
static int
frame_bound(Parser *p, Node **offset, int *location)
{
	*location = gram_location(p);
	if (gram_is_kw(p, KW_UNBOUNDED) &&
		(gram_is_kw_n(p, 1, KW_PRECEDING) || gram_is_kw_n(p, 1, KW_FOLLOWING)))
	{
		gram_next(p);
		if (gram_accept_kw(p, KW_PRECEDING))
			return FRAMEOPTION_START_UNBOUNDED_PRECEDING;
		gram_expect_kw(p, KW_FOLLOWING);
		return FRAMEOPTION_START_UNBOUNDED_FOLLOWING;
	}
	if (gram_is_kw(p, KW_CURRENT) && gram_is_kw_n(p, 1, KW_ROW))
	{
		gram_next(p);
		gram_next(p);
		return FRAMEOPTION_START_CURRENT_ROW;
	}
	*offset = gram_a_expr(p);
	if (gram_accept_kw(p, KW_PRECEDING))
		return FRAMEOPTION_START_OFFSET_PRECEDING;
	gram_expect_kw(p, KW_FOLLOWING);
	return FRAMEOPTION_START_OFFSET_FOLLOWING;
}

/* FRAMEOPTION_START_* -> the matching END_* bit */
static int
start_to_end(int start)
{
	switch (start)
	{
		case FRAMEOPTION_START_UNBOUNDED_PRECEDING:
			return FRAMEOPTION_END_UNBOUNDED_PRECEDING;
		case FRAMEOPTION_START_UNBOUNDED_FOLLOWING:
			return FRAMEOPTION_END_UNBOUNDED_FOLLOWING;
		case FRAMEOPTION_START_CURRENT_ROW:
			return FRAMEOPTION_END_CURRENT_ROW;
		case FRAMEOPTION_START_OFFSET_PRECEDING:
			return FRAMEOPTION_END_OFFSET_PRECEDING;
		default:
			return FRAMEOPTION_END_OFFSET_FOLLOWING;
	}
}

/* RANGE|ROWS|GROUPS frame_extent [EXCLUDE ...] */
static void
frame_clause(Parser *p, WindowDef *w)
{
	int			kw = gram_next(p)->keyword;
	int			opts = FRAMEOPTION_NONDEFAULT;
	int			start,
				end,
				start_loc,
				end_loc;

	opts |= kw == KW_RANGE ? FRAMEOPTION_RANGE : kw == KW_ROWS ? FRAMEOPTION_ROWS :
		FRAMEOPTION_GROUPS;
	if (gram_accept_kw(p, KW_BETWEEN))
	{
		opts |= FRAMEOPTION_BETWEEN;
		start = frame_bound(p, &w->startOffset, &start_loc);
		gram_expect_kw(p, KW_AND);
		end = start_to_end(frame_bound(p, &w->endOffset, &end_loc));
		if (start == FRAMEOPTION_START_UNBOUNDED_FOLLOWING)
			window_error(p, "frame start cannot be UNBOUNDED FOLLOWING", start_loc);
		if (end == FRAMEOPTION_END_UNBOUNDED_PRECEDING)
			window_error(p, "frame end cannot be UNBOUNDED PRECEDING", end_loc);
		if (start == FRAMEOPTION_START_CURRENT_ROW && end == FRAMEOPTION_END_OFFSET_PRECEDING)
			window_error(p, "frame starting from current row cannot have preceding rows",
						 end_loc);
		if (start == FRAMEOPTION_START_OFFSET_FOLLOWING &&
			(end == FRAMEOPTION_END_OFFSET_PRECEDING || end == FRAMEOPTION_END_CURRENT_ROW))
			window_error(p, "frame starting from following row cannot have preceding rows",
						 end_loc);
	}
	else
	{
		start = frame_bound(p, &w->startOffset, &start_loc);
		end = FRAMEOPTION_END_CURRENT_ROW;
		if (start == FRAMEOPTION_START_UNBOUNDED_FOLLOWING)
			window_error(p, "frame start cannot be UNBOUNDED FOLLOWING", start_loc);
		if (start == FRAMEOPTION_START_OFFSET_FOLLOWING)
			window_error(p, "frame starting from following row cannot end with current row",
						 start_loc);
	}
	opts |= start | end;
	if (gram_accept_kw(p, KW_EXCLUDE))
	{
		if (gram_is_kw(p, KW_CURRENT))
		{
			gram_next(p);
			gram_expect_kw(p, KW_ROW);
			opts |= FRAMEOPTION_EXCLUDE_CURRENT_ROW;
		}
		else if (gram_accept_kw(p, KW_GROUP))
			opts |= FRAMEOPTION_EXCLUDE_GROUP;
		else if (gram_accept_kw(p, KW_TIES))
			opts |= FRAMEOPTION_EXCLUDE_TIES;
		else
		{
			gram_expect_kw(p, KW_NO);
			gram_expect_kw(p, KW_OTHERS);
		}
	}
	w->frameOptions = opts;
}

WindowDef *
gram_window_specification(Parser *p)
{
	WindowDef  *w = makeNode(WindowDef);
	Token	   *t;

	w->location = gram_expect(p, '(')->start;
	w->frameOptions = FRAMEOPTION_DEFAULTS;
	t = gram_peek(p);
	if (gram_tok_is_colid(t) && !gram_tok_is_kw(t, KW_PARTITION) && !gram_tok_is_kw(t, KW_RANGE) &&
		!gram_tok_is_kw(t, KW_ROWS) && !gram_tok_is_kw(t, KW_GROUPS))
		w->refname = gram_next(p)->str;
	if (gram_is_kw(p, KW_PARTITION))
	{
		gram_next(p);
		gram_expect_kw(p, KW_BY);
		w->partitionClause = gram_expr_list(p);
	}
	if (gram_accept_kw(p, KW_ORDER))
	{
		gram_expect_kw(p, KW_BY);
		w->orderClause = gram_sort_clause(p);
	}
	if (gram_is_kw(p, KW_RANGE) || gram_is_kw(p, KW_ROWS) || gram_is_kw(p, KW_GROUPS))
		frame_clause(p, w);
	gram_expect(p, ')');
	return w;
}

static List *
window_clause(Parser *p)
{
	List	   *list = NIL;

	do
	{
		int			location = gram_location(p);
		char	   *name = gram_colid(p);
		WindowDef  *w;

		gram_expect_kw(p, KW_AS);
		w = gram_window_specification(p);
		w->name = name;
		w->location = location;
		list = lappend(list, w);
	} while (gram_accept(p, ','));
	return list;
}

/* ------------------------------------------------------------------------
 * SELECT primaries
 * ------------------------------------------------------------------------
 */

/* INTO [TEMP|TEMPORARY|UNLOGGED] [TABLE] name */
static IntoClause *
into_clause(Parser *p)
{
	IntoClause *into = makeNode(IntoClause);
	char		persistence = RELPERSISTENCE_PERMANENT;

	gram_expect_kw(p, KW_INTO);
	/* TEMP etc. are persistence only when a table name follows them */
	if ((gram_is_kw(p, KW_LOCAL) || gram_is_kw(p, KW_GLOBAL)) &&
		(gram_is_kw_n(p, 1, KW_TEMP) || gram_is_kw_n(p, 1, KW_TEMPORARY)))
	{
		gram_next(p);
		gram_next(p);
		persistence = RELPERSISTENCE_TEMP;
	}
	else if ((gram_is_kw(p, KW_TEMPORARY) || gram_is_kw(p, KW_TEMP) || gram_is_kw(p, KW_UNLOGGED)) &&
			 (gram_is_kw_n(p, 1, KW_TABLE) || gram_tok_is_colid(gram_peek_n(p, 1))))
		persistence = gram_next(p)->keyword == KW_UNLOGGED ? RELPERSISTENCE_UNLOGGED :
			RELPERSISTENCE_TEMP;
	gram_accept_kw(p, KW_TABLE);
	into->rel = gram_qualified_name(p);
	into->rel->relpersistence = persistence;
	into->onCommit = ONCOMMIT_NOOP;
	return into;
}

static bool
gram_tok_can_start_target(const Token *t)
{
	return t->kind == '*' || gram_tok_can_start_expr(t);
}

static SelectStmt *
simple_select(Parser *p)
{
	SelectStmt *s = makeNode(SelectStmt);

	gram_expect_kw(p, KW_SELECT);
	if (gram_accept_kw(p, KW_DISTINCT))
	{
		s->distinct = true;
		if (gram_accept_kw(p, KW_ON))
			s->distinctOn = gram_paren_expr_list(p);
		s->targetList = gram_target_list(p);
	}
	else
	{
		gram_accept_kw(p, KW_ALL);
		if (gram_tok_can_start_target(gram_peek(p)))
			s->targetList = gram_target_list(p);
	}
	if (gram_is_kw(p, KW_INTO))
		s->intoClause = into_clause(p);
	if (gram_accept_kw(p, KW_FROM))
		s->fromClause = gram_from_list(p);
	s->whereClause = gram_where_clause(p);
	if (gram_is_kw(p, KW_GROUP))
	{
		gram_next(p);
		gram_expect_kw(p, KW_BY);
		if (gram_accept_kw(p, KW_DISTINCT))
			s->groupDistinct = true;
		else
			gram_accept_kw(p, KW_ALL);
		s->groupClause = group_by_list(p);
	}
	if (gram_accept_kw(p, KW_HAVING))
		s->havingClause = gram_a_expr(p);
	if (gram_accept_kw(p, KW_WINDOW))
		s->windowClause = window_clause(p);
	return s;
}

/* VALUES (row), (row), ... */
static SelectStmt *
values_clause(Parser *p)
{
	SelectStmt *s = makeNode(SelectStmt);

	gram_expect_kw(p, KW_VALUES);
	do
	{
		s->valuesLists = lappend(s->valuesLists, gram_paren_expr_list(p));
	} while (gram_accept(p, ','));
	return s;
}

static SelectStmt *
select_primary(Parser *p)
{
	SelectStmt *s;

	if (gram_is_kw(p, KW_SELECT))
		return simple_select(p);
	if (gram_is_kw(p, KW_VALUES))
		return values_clause(p);
	if (gram_is_kw(p, KW_TABLE))
	{
		gram_next(p);
		s = makeNode(SelectStmt);
		s->targetList = list_make1(makeNode(ResTarget));
		((ResTarget *) linitial(s->targetList))->val =
			(Node *) makeColumnRef(list_make1(makeNode(A_Star)), -1);
		((ResTarget *) linitial(s->targetList))->location = -1;
		s->fromClause = list_make1(gram_relation_expr(p));
		return s;
	}
	if (gram_is(p, '('))
		return castNode(SelectStmt, gram_select_with_parens(p));
	gram_syntax_error(p);
}

/* Set operations over primaries, INTERSECT binding tighter. */
static SelectStmt *
setop_loop(Parser *p, SelectStmt *left, int min_prec)
{
	int			depth = 0;

	for (;;)
	{
		SetOperation op;
		int			prec;
		SelectStmt *n;

		if (gram_is_kw(p, KW_UNION))
			op = SETOP_UNION, prec = 1;
		else if (gram_is_kw(p, KW_EXCEPT))
			op = SETOP_EXCEPT, prec = 1;
		else if (gram_is_kw(p, KW_INTERSECT))
			op = SETOP_INTERSECT, prec = 2;
		else
			break;
		if (prec < min_prec)
			break;
		gram_next(p);
		parser_enter(p);		/* the tree deepens by one per set operation */
		depth++;
		n = makeNode(SelectStmt);
		n->op = op;
		if (gram_accept_kw(p, KW_ALL))
			n->all = true;
		else
			gram_accept_kw(p, KW_DISTINCT);
		n->larg = left;
		n->rarg = select_setop(p, prec + 1);
		left = n;
	}
	while (depth-- > 0)
		parser_leave(p);
	return left;
}

static SelectStmt *
select_setop(Parser *p, int min_prec)
{
	SelectStmt *s;

	parser_enter(p);
	s = setop_loop(p, select_primary(p), min_prec);
	parser_leave(p);
	return s;
}

/* ------------------------------------------------------------------------
 * ORDER BY / LIMIT / locking attached to a select_clause
 * ------------------------------------------------------------------------
 */

/* FETCH FIRST's count: c_expr, or a signed numeric constant */
static Node *
fetch_first_value(Parser *p)
{
	if (gram_is(p, '+') || gram_is(p, '-'))
	{
		int			location = gram_location(p);
		bool		neg = gram_next(p)->kind == '-';
		Token	   *t = gram_peek(p);
		Node	   *c;

		if (t->kind != TOK_ICONST && t->kind != TOK_FCONST)
			gram_syntax_error(p);
		c = gram_c_expr(p);
		return neg ? gram_make_negation(c, location) : c;
	}
	return gram_c_expr(p);
}

static void
limit_clause(Parser *p, LimitInfo *li)
{
	int			location = gram_location(p);

	li->present = true;
	if (gram_accept_kw(p, KW_LIMIT))
	{
		li->count_location = gram_location(p);
		if (gram_is_kw(p, KW_ALL))
			li->count = (Node *) makeNullA_Const(gram_next(p)->start);
		else
			li->count = gram_a_expr(p);
		li->option = LIMIT_OPTION_COUNT;
		if (gram_accept(p, ','))
		{
			(void) gram_a_expr(p);
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("LIMIT #,# syntax is not supported"),
					errhint("Use separate LIMIT and OFFSET clauses."),
					errposition(gram_errpos(p, location)));
		}
		return;
	}
	gram_expect_kw(p, KW_FETCH);
	if (!gram_accept_kw(p, KW_FIRST))
		gram_expect_kw(p, KW_NEXT);
	li->count_location = gram_location(p);
	if (gram_is_kw(p, KW_ROW) || gram_is_kw(p, KW_ROWS))
		li->count = (Node *) makeA_Const((Node *) makeInteger(1), -1);
	else
		li->count = fetch_first_value(p);
	if (!gram_accept_kw(p, KW_ROW))
		gram_expect_kw(p, KW_ROWS);
	if (gram_accept_kw(p, KW_ONLY))
		li->option = LIMIT_OPTION_COUNT;
	else
	{
		gram_expect_kw(p, KW_WITH);
		gram_expect_kw(p, KW_TIES);
		li->option = LIMIT_OPTION_WITH_TIES;
	}
}

static void
offset_clause(Parser *p, LimitInfo *li)
{
	gram_expect_kw(p, KW_OFFSET);
	li->present = true;
	li->offset_location = gram_location(p);
	li->offset = gram_a_expr(p);
	if (!gram_accept_kw(p, KW_ROW))
		gram_accept_kw(p, KW_ROWS);
}

static bool
gram_starts_limit(Parser *p)
{
	return gram_is_kw(p, KW_LIMIT) || gram_is_kw(p, KW_FETCH);
}

static void
select_limit(Parser *p, LimitInfo *li)
{
	if (gram_starts_limit(p))
	{
		limit_clause(p, li);
		if (gram_is_kw(p, KW_OFFSET))
			offset_clause(p, li);
	}
	else if (gram_is_kw(p, KW_OFFSET))
	{
		offset_clause(p, li);
		if (gram_starts_limit(p))
			limit_clause(p, li);
	}
}

/* FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE [OF ...] [NOWAIT|SKIP LOCKED], ... */
static List *
locking_clause(Parser *p)
{
	List	   *list = NIL;

	while (gram_is_kw(p, KW_FOR))
	{
		LockingClause *lc;

		gram_next(p);
		if (gram_accept_kw(p, KW_READ))
		{
			gram_expect_kw(p, KW_ONLY);
			continue;
		}
		lc = makeNode(LockingClause);
		if (gram_accept_kw(p, KW_UPDATE))
			lc->strength = LCS_FORUPDATE;
		else if (gram_accept_kw(p, KW_SHARE))
			lc->strength = LCS_FORSHARE;
		else if (gram_accept_kw(p, KW_NO))
		{
			gram_expect_kw(p, KW_KEY);
			gram_expect_kw(p, KW_UPDATE);
			lc->strength = LCS_FORNOKEYUPDATE;
		}
		else
		{
			gram_expect_kw(p, KW_KEY);
			gram_expect_kw(p, KW_SHARE);
			lc->strength = LCS_FORKEYSHARE;
		}
		if (gram_accept_kw(p, KW_OF))
		{
			do
			{
				lc->lockedRels = lappend(lc->lockedRels, gram_qualified_name(p));
			} while (gram_accept(p, ','));
		}
		if (gram_accept_kw(p, KW_NOWAIT))
			lc->waitPolicy = LockWaitError;
		else if (gram_is_kw(p, KW_SKIP))
		{
			gram_next(p);
			gram_expect_kw(p, KW_LOCKED);
			lc->waitPolicy = LockWaitSkip;
		}
		list = lappend(list, lc);
	}
	return list;
}

static pg_noreturn void
clause_error(Parser *p, const char *errcode_str, const char *msg, int location)
{
	ereport(ERROR, errcode(errcode_str), errmsg("%s", msg),
			errposition(gram_errpos(p, location)));
	__builtin_unreachable();
}

void
gram_set_with_clause(Parser *p, SelectStmt *s, WithClause *with)
{
	if (with == NULL)
		return;
	if (s->withClause != NULL)
		clause_error(p, ERRCODE_SYNTAX_ERROR, "multiple WITH clauses not allowed",
					 with->location);
	s->withClause = with;
}

/* ORDER BY, LIMIT/OFFSET/FETCH and locking after a select_clause. */
static void
select_options(Parser *p, SelectStmt *s)
{
	List	   *sort = NIL;
	List	   *locking = NIL;
	LimitInfo	li = {0};

	if (gram_is_kw(p, KW_ORDER))
	{
		gram_next(p);
		gram_expect_kw(p, KW_BY);
		sort = gram_sort_clause(p);
	}
	select_limit(p, &li);
	locking = locking_clause(p);
	if (!li.present)
		select_limit(p, &li);

	if (sort != NIL)
	{
		if (s->sortClause != NIL)
			clause_error(p, ERRCODE_SYNTAX_ERROR, "multiple ORDER BY clauses not allowed",
						 raw_location(exprs_first_location(sort)));
		s->sortClause = sort;
	}
	s->lockingClause = list_concat(s->lockingClause, locking);
	if (li.offset != NULL)
	{
		if (s->limitOffset != NULL)
			clause_error(p, ERRCODE_SYNTAX_ERROR, "multiple OFFSET clauses not allowed",
						 li.offset_location);
		s->limitOffset = li.offset;
	}
	if (li.count != NULL)
	{
		if (s->limitCount != NULL)
			clause_error(p, ERRCODE_SYNTAX_ERROR, "multiple LIMIT clauses not allowed",
						 li.count_location);
		s->limitCount = li.count;
		s->limitOption = li.option;
	}
	if (s->limitOption == LIMIT_OPTION_WITH_TIES)
	{
		ListCell   *lc;

		if (s->sortClause == NIL)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("WITH TIES cannot be specified without ORDER BY clause"));
		foreach(lc, s->lockingClause)
			if (((LockingClause *) lfirst(lc))->waitPolicy == LockWaitSkip)
				ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
						errmsg("SKIP LOCKED and WITH TIES options cannot be used together"));
	}
}

/* ------------------------------------------------------------------------
 * Entry points
 * ------------------------------------------------------------------------
 */

WithClause *
gram_with_clause(Parser *p)
{
	WithClause *w = makeNode(WithClause);

	w->location = gram_expect_kw(p, KW_WITH)->start;
	/* RECURSIVE is unreserved: before '(' or AS it is the CTE's name */
	if (gram_is_kw(p, KW_RECURSIVE) && !gram_is_n(p, 1, '(') && !gram_is_kw_n(p, 1, KW_AS))
	{
		gram_next(p);
		w->recursive = true;
	}
	do
	{
		CommonTableExpr *cte = makeNode(CommonTableExpr);

		cte->location = gram_location(p);
		cte->ctename = gram_colid(p);
		if (gram_is(p, '('))
			cte->aliascolnames = gram_paren_name_list(p);
		gram_expect_kw(p, KW_AS);
		if (gram_accept_kw(p, KW_MATERIALIZED))
			cte->ctematerialized = CTEMaterializeAlways;
		else if (gram_accept_kw(p, KW_NOT))
		{
			gram_expect_kw(p, KW_MATERIALIZED);
			cte->ctematerialized = CTEMaterializeNever;
		}
		parser_enter(p);
		gram_expect(p, '(');
		cte->ctequery = gram_preparable_stmt(p);
		gram_expect(p, ')');
		parser_leave(p);
		w->ctes = lappend(w->ctes, cte);
	} while (gram_accept(p, ','));
	return w;
}

static SelectStmt *
select_no_parens(Parser *p)
{
	WithClause *with = NULL;
	SelectStmt *s;

	parser_enter(p);
	if (gram_is_kw(p, KW_WITH))
		with = gram_with_clause(p);
	s = select_setop(p, 1);
	select_options(p, s);
	gram_set_with_clause(p, s, with);
	parser_leave(p);
	return s;
}

Node *
gram_select_with_parens(Parser *p)
{
	SelectStmt *s;

	parser_enter(p);
	gram_expect(p, '(');
	s = select_no_parens(p);
	gram_expect(p, ')');
	parser_leave(p);
	return (Node *) s;
}

Node *
gram_select_stmt(Parser *p)
{
	return (Node *) select_no_parens(p);
}

Node *
gram_select_continue(Parser *p, SelectStmt *first)
{
	SelectStmt *s;

	parser_enter(p);
	s = setop_loop(p, first, 1);
	select_options(p, s);
	parser_leave(p);
	return (Node *) s;
}
