/*-------------------------------------------------------------------------
 * gram_dml.c
 *	  INSERT, UPDATE and DELETE (each possibly after a WITH clause, which
 *	  the caller has already parsed).
 *
 *	INSERT INTO t [AS a] [(cols)] [OVERRIDING ... VALUE] {query | DEFAULT VALUES}
 *		[ON CONFLICT [target] DO NOTHING | DO UPDATE SET ... [WHERE ...]]
 *		[RETURNING ...]
 *	UPDATE [ONLY] t [[AS] a] SET col = expr | (cols) = (exprs), ...
 *		[FROM ...] [WHERE ...] [RETURNING ...]
 *	DELETE FROM [ONLY] t [[AS] a] [USING ...] [WHERE ...] [RETURNING ...]
 *-------------------------------------------------------------------------
 */
#include "sql/parser/parser_internal.h"

#include "utils/elog.h"

List *
gram_returning_clause(Parser *p)
{
	if (!gram_accept_kw(p, KW_RETURNING))
		return NIL;
	return gram_target_list(p);
}

/* ColId [ '.' name | '[' subscript ']' ]... as a ResTarget (name, indirection) */
static ResTarget *
set_target(Parser *p)
{
	ResTarget  *rt = makeNode(ResTarget);

	rt->location = gram_location(p);
	rt->name = gram_colid(p);
	while (gram_is(p, '.') || gram_is(p, '['))
	{
		if (gram_accept(p, '.'))
			rt->indirection = lappend(rt->indirection, makeString(gram_collabel(p)));
		else
		{
			A_Indices  *ai = makeNode(A_Indices);

			gram_next(p);
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
			rt->indirection = lappend(rt->indirection, ai);
		}
	}
	return rt;
}

/* (a, b) = source: one ResTarget per column, each with a MultiAssignRef */
static List *
multi_set_clause(Parser *p)
{
	List	   *targets = NIL;
	Node	   *source;
	int			ncolumns;
	ListCell   *lc;

	gram_expect(p, '(');
	do
	{
		targets = lappend(targets, set_target(p));
	} while (gram_accept(p, ','));
	gram_expect(p, ')');
	gram_expect(p, '=');
	source = gram_a_expr(p);
	ncolumns = list_length(targets);
	/* the source's kind and width are checked by the analyzer, as in PostgreSQL */
	foreach(lc, targets)
	{
		MultiAssignRef *m = makeNode(MultiAssignRef);

		m->source = source;
		m->colno = foreach_current_index(lc) + 1;
		m->ncolumns = ncolumns;
		((ResTarget *) lfirst(lc))->val = (Node *) m;
	}
	return targets;
}

/* SET clauses of UPDATE and ON CONFLICT DO UPDATE */
static List *
set_clause_list(Parser *p)
{
	List	   *list = NIL;

	do
	{
		if (gram_is(p, '('))
			list = list_concat(list, multi_set_clause(p));
		else
		{
			ResTarget  *rt = set_target(p);

			gram_expect(p, '=');
			rt->val = gram_a_expr(p);
			list = lappend(list, rt);
		}
	} while (gram_accept(p, ','));
	return list;
}

/* ON CONFLICT [(index_params) [WHERE ...] | ON CONSTRAINT name] DO ... */
static OnConflictClause *
on_conflict_clause(Parser *p)
{
	OnConflictClause *oc = makeNode(OnConflictClause);

	oc->location = gram_expect_kw(p, KW_ON)->start;
	gram_expect_kw(p, KW_CONFLICT);
	if (gram_is(p, '('))
	{
		InferClause *ic = makeNode(InferClause);

		ic->location = gram_location(p);
		ic->indexElems = gram_index_params(p);
		ic->whereClause = gram_where_clause(p);
		oc->infer = ic;
	}
	else if (gram_is_kw(p, KW_ON))
	{
		InferClause *ic = makeNode(InferClause);

		ic->location = gram_next(p)->start;
		gram_expect_kw(p, KW_CONSTRAINT);
		ic->conname = gram_colid(p);
		oc->infer = ic;
	}
	gram_expect_kw(p, KW_DO);
	if (gram_accept_kw(p, KW_NOTHING))
	{
		oc->action = ONCONFLICT_NOTHING;
		return oc;
	}
	gram_expect_kw(p, KW_UPDATE);
	gram_expect_kw(p, KW_SET);
	oc->action = ONCONFLICT_UPDATE;
	oc->targetList = set_clause_list(p);
	oc->whereClause = gram_where_clause(p);
	return oc;
}

Node *
gram_insert_stmt(Parser *p, WithClause *with)
{
	InsertStmt *s = makeNode(InsertStmt);

	s->withClause = with;
	gram_expect_kw(p, KW_INSERT);
	gram_expect_kw(p, KW_INTO);
	s->relation = gram_qualified_name(p);
	if (gram_accept_kw(p, KW_AS))
		s->relation->alias = makeAlias(gram_colid(p), NIL);
	if (gram_accept_kw(p, KW_DEFAULT))
		gram_expect_kw(p, KW_VALUES);
	else
	{
		if (gram_is(p, '(') && !gram_is_n(p, 1, '(') && !gram_tok_starts_select(gram_peek_n(p, 1)))
		{
			gram_next(p);
			do
			{
				s->cols = lappend(s->cols, set_target(p));
			} while (gram_accept(p, ','));
			gram_expect(p, ')');
		}
		if (gram_accept_kw(p, KW_OVERRIDING))
		{
			if (gram_accept_kw(p, KW_USER))
				s->override = OVERRIDING_USER_VALUE;
			else
			{
				gram_expect_kw(p, KW_SYSTEM);
				s->override = OVERRIDING_SYSTEM_VALUE;
			}
			gram_expect_kw(p, KW_VALUE);
		}
		s->selectStmt = gram_select_stmt(p);
	}
	if (gram_is_kw(p, KW_ON))
		s->onConflictClause = on_conflict_clause(p);
	s->returningList = gram_returning_clause(p);
	return (Node *) s;
}

/* relation_expr [[AS] alias] where an unquoted SET is never an alias */
static RangeVar *
relation_expr_opt_alias(Parser *p)
{
	RangeVar   *r = gram_relation_expr(p);

	if (gram_accept_kw(p, KW_AS))
		r->alias = makeAlias(gram_colid(p), NIL);
	else if (gram_tok_is_colid(gram_peek(p)) && !gram_is_kw(p, KW_SET))
		r->alias = makeAlias(gram_next(p)->str, NIL);
	return r;
}

Node *
gram_update_stmt(Parser *p, WithClause *with)
{
	UpdateStmt *s = makeNode(UpdateStmt);

	s->withClause = with;
	gram_expect_kw(p, KW_UPDATE);
	s->relation = relation_expr_opt_alias(p);
	gram_expect_kw(p, KW_SET);
	s->targetList = set_clause_list(p);
	if (gram_accept_kw(p, KW_FROM))
		s->fromClause = gram_from_list(p);
	s->whereClause = gram_where_clause(p);
	s->returningList = gram_returning_clause(p);
	return (Node *) s;
}

Node *
gram_delete_stmt(Parser *p, WithClause *with)
{
	DeleteStmt *s = makeNode(DeleteStmt);

	s->withClause = with;
	gram_expect_kw(p, KW_DELETE);
	gram_expect_kw(p, KW_FROM);
	s->relation = relation_expr_opt_alias(p);
	if (gram_accept_kw(p, KW_USING))
		s->usingClause = gram_from_list(p);
	s->whereClause = gram_where_clause(p);
	s->returningList = gram_returning_clause(p);
	return (Node *) s;
}
