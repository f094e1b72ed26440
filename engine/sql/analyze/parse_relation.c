/*-------------------------------------------------------------------------
 * parse_relation.c
 *	  The range table and name lookup: FROM items become RangeTblEntries,
 *	  column references become Vars (or join alias expressions).
 *
 * Visibility (PostgreSQL's rules): each FROM item adds a namespace item
 * that may be visible as a qualifier (t.col) and/or for unqualified
 * column names.  A JOIN hides its inputs' unqualified columns behind the
 * join's own item (so USING columns appear once); an aliased join hides
 * its inputs' qualifiers as well.  Lookup goes outwards through parent
 * ParseStates for correlated references (Var.varlevelsup).
 *
 * Errors: 42P01 relation does not exist / missing FROM-clause entry,
 * 42703 column does not exist (with a "Perhaps you meant" hint for a
 * close spelling), 42702 ambiguous column, 42712 duplicate table name.
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/analyze_internal.h"

#include "catalog/relcache.h"
#include "sql/sysviews/sysview.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

RangeTblEntry *
rt_fetch(List *rtable, int rtindex)
{
	return (RangeTblEntry *) list_nth(rtable, rtindex - 1);
}

RangeTblEntry *
add_rte(ParseState *pstate, RangeTblEntry *rte, int *rtindex)
{
	pstate->rtable = lappend(pstate->rtable, rte);
	*rtindex = list_length(pstate->rtable);
	return rte;
}

/* Apply AS alias(colnames) to an entry's column names (dropped ones skipped). */
static void
apply_alias(ParseState *pstate, RangeTblEntry *rte, Alias *alias)
{
	List	   *newnames = NIL;
	ListCell   *lc;
	int			ncols = 0;
	int			next = 0;
	int			nalias;

	(void) pstate;
	if (alias == NULL)
		return;
	rte->aliasname = alias->aliasname;
	nalias = list_length(alias->colnames);
	foreach(lc, rte->colnames)
	{
		if (strVal(lfirst(lc))[0] != '\0')
			ncols++;
	}
	if (nalias > ncols)
		ereport(ERROR, errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
				errmsg("table \"%s\" has %d columns available but %d columns specified",
					   alias->aliasname, ncols, nalias));
	foreach(lc, rte->colnames)
	{
		Node	   *name = lfirst(lc);

		if (strVal(name)[0] != '\0' && next < nalias)
			name = list_nth(alias->colnames, next++);
		newnames = lappend(newnames, name);
	}
	rte->colnames = newnames;
}

static void
fill_relation_rte(RangeTblEntry *rte, Relation rel)
{
	TupleDesc	desc = rel->rd_att;
	ListCell   *lc;

	rte->relid = rel->rd_id;
	rte->relname = pstrdup(rel->rd_name);
	rte->rel_natts = desc->natts;
	for (int i = 0; i < desc->natts; i++)
	{
		Attribute  *att = tupdesc_attr(desc, i);

		rte->colnames = lappend(rte->colnames,
								makeString(att->attisdropped ? "" : pstrdup(att->attname)));
		rte->coltypes = lappend_oid(rte->coltypes, att->atttypid);
		rte->coltypmods = lappend_int(rte->coltypmods, att->atttypmod);
	}
	foreach(lc, rel->rd_indexes)
	{
		Relation	idx = relation_open(lfirst_oid(lc));

		if (idx->rd_index != NULL && idx->rd_index->primary)
		{
			for (int k = 0; k < idx->rd_index->nkeys; k++)
				rte->pk_attnums = lappend_int(rte->pk_attnums, idx->rd_index->keys[k]);
		}
		relation_close(idx);
	}
}

static RangeTblEntry *
make_cte_rte(CteInfo *cte, int levelsup, RangeVar *rv)
{
	RangeTblEntry *rte = makeNode(RangeTblEntry);

	rte->rtekind = RTE_CTE;
	rte->ctename = cte->ctename;
	rte->ctelevelsup = levelsup;
	rte->aliasname = cte->ctename;
	rte->colnames = list_copy(cte->colnames);
	rte->coltypes = list_copy(cte->coltypes);
	rte->coltypmods = list_copy(cte->coltypmods);
	rte->inFromCl = true;
	cte->refcount++;
	(void) rv;
	return rte;
}

/*
 * A system view (sql/sysviews/sysview.h) named by rv, as a function entry
 * whose rows the view's fill function produces; NULL if rv names none.
 */
static RangeTblEntry *
make_sysview_rte(RangeVar *rv)
{
	const SysView *view = sysview_lookup(rv->schemaname, rv->relname);
	RangeTblEntry *rte;

	if (view == NULL)
		return NULL;
	rte = makeNode(RangeTblEntry);
	rte->rtekind = RTE_FUNCTION;
	rte->sysview = sysview_id(view) + 1;
	rte->relname = pstrdup(view->name);
	rte->schemaname = rv->schemaname;
	rte->aliasname = rte->relname;
	rte->inFromCl = true;
	for (int i = 0; i < view->ncolumns; i++)
	{
		rte->colnames = lappend(rte->colnames, makeString(pstrdup(view->columns[i].name)));
		rte->coltypes = lappend_oid(rte->coltypes, view->columns[i].type);
		rte->coltypmods = lappend_int(rte->coltypmods, -1);
	}
	return rte;
}

RangeTblEntry *
add_rte_for_relation(ParseState *pstate, RangeVar *rv, bool add_ns, int *rtindex)
{
	RangeTblEntry *rte = NULL;
	Relation	rel;

	if (rv->schemaname == NULL)
	{
		int			levelsup;
		CteInfo    *cte = find_cte(pstate, rv->relname, &levelsup);

		if (cte != NULL)
			rte = make_cte_rte(cte, levelsup, rv);
	}
	/* pg_catalog comes first in the search path, so its views do too. */
	if (rte == NULL)
		rte = make_sysview_rte(rv);
	if (rte == NULL)
	{
		rel = relation_openrv(rv->schemaname, rv->relname, true);
		if (rel != NULL)
		{
			rte = makeNode(RangeTblEntry);
			rte->rtekind = RTE_RELATION;
			rte->schemaname = rv->schemaname;
			rte->inFromCl = true;
			fill_relation_rte(rte, rel);
			rte->aliasname = rte->relname;
			relation_close(rel);
		}
		else
		{
			if (rv->schemaname)
				ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
						errmsg("relation \"%s.%s\" does not exist", rv->schemaname, rv->relname),
						parser_errposition(pstate, rv->location));
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
					errmsg("relation \"%s\" does not exist", rv->relname),
					parser_errposition(pstate, rv->location));
		}
	}
	apply_alias(pstate, rte, rv->alias);
	add_rte(pstate, rte, rtindex);
	if (add_ns)
		add_namespace_item(pstate, rte, *rtindex, true, true);
	return rte;
}

void
add_namespace_item(ParseState *pstate, RangeTblEntry *rte, int rtindex,
				   bool rel_visible, bool cols_visible)
{
	NsItem	   *ns = palloc0(sizeof(NsItem));
	ListCell   *lc;

	if (rel_visible && rte->aliasname != NULL)
	{
		foreach(lc, pstate->namespace)
		{
			NsItem	   *other = lfirst(lc);

			if (other->rel_visible && other->rte->aliasname &&
				strcmp(other->rte->aliasname, rte->aliasname) == 0)
				ereport(ERROR, errcode(ERRCODE_DUPLICATE_ALIAS),
						errmsg("table name \"%s\" specified more than once", rte->aliasname));
		}
	}
	ns->rte = rte;
	ns->rtindex = rtindex;
	ns->rel_visible = rel_visible;
	ns->cols_visible = cols_visible;
	pstate->namespace = lappend(pstate->namespace, ns);
}

CteInfo *
find_cte(ParseState *pstate, const char *name, int *levelsup)
{
	int			level = 0;

	for (ParseState *ps = pstate; ps != NULL; ps = ps->parent, level++)
	{
		ListCell   *lc;

		foreach(lc, ps->ctes)
		{
			CteInfo    *cte = lfirst(lc);

			if (strcmp(cte->ctename, name) == 0)
			{
				*levelsup = level;
				return cte;
			}
		}
	}
	return NULL;
}

/* ------------------------------------------------------------------------
 * Column expressions
 * ------------------------------------------------------------------------
 */
Var *
make_var_for_rte(ParseState *pstate, RangeTblEntry *rte, int rtindex, int attno,
				 int levelsup, int location)
{
	Var		   *var;

	(void) pstate;
	var = makeVar(rtindex, attno, list_nth_oid(rte->coltypes, attno - 1),
				  list_nth_int(rte->coltypmods, attno - 1), levelsup);
	var->location = location;
	return var;
}

static bool
bump_levelsup_walker(Node *node, void *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, Var))
		((Var *) node)->varlevelsup += *(int *) ctx;
	return expression_tree_walker(node, bump_levelsup_walker, ctx);
}

Node *
rte_column_expr(ParseState *pstate, RangeTblEntry *rte, int rtindex, int attno,
				int levelsup, int location)
{
	if (rte->rtekind == RTE_JOIN)
	{
		Node	   *expr = expr_copy(list_nth(rte->joinaliasvars, attno - 1));

		if (levelsup > 0)
			bump_levelsup_walker(expr, &levelsup);
		if (IsA(expr, Var))
			((Var *) expr)->location = location;
		return expr;
	}
	return (Node *) make_var_for_rte(pstate, rte, rtindex, attno, levelsup, location);
}

/* Column number of name in rte (1-based), 0 if absent; *dup when it occurs twice. */
static int
rte_find_column(RangeTblEntry *rte, const char *name, bool *dup)
{
	ListCell   *lc;
	int			found = 0;

	*dup = false;
	foreach(lc, rte->colnames)
	{
		if (strcmp(strVal(lfirst(lc)), name) == 0)
		{
			if (found)
				*dup = true;
			else
				found = foreach_current_index(lc) + 1;
		}
	}
	return found;
}

static pg_noreturn void
ambiguous_column(ParseState *pstate, const char *name, int location)
{
	ereport(ERROR, errcode(ERRCODE_AMBIGUOUS_COLUMN),
			errmsg("column reference \"%s\" is ambiguous", name),
			parser_errposition(pstate, location));
	__builtin_unreachable();
}

/* Find an unqualified column at one level; NULL if none. */
static Node *
find_column_in_level(ParseState *pstate, ParseState *level, const char *name,
					 int levelsup, int location)
{
	Node	   *result = NULL;
	ListCell   *lc;

	foreach(lc, level->namespace)
	{
		NsItem	   *ns = lfirst(lc);
		bool		dup;
		int			attno;

		if (!ns->cols_visible)
			continue;
		attno = rte_find_column(ns->rte, name, &dup);
		if (attno == 0)
			continue;
		if (dup || result != NULL)
			ambiguous_column(pstate, name, location);
		result = rte_column_expr(pstate, ns->rte, ns->rtindex, attno, levelsup, location);
	}
	return result;
}

/* Levenshtein distance (small strings: identifiers). */
static int
edit_distance(const char *a, const char *b)
{
	int			la = (int) strlen(a);
	int			lb = (int) strlen(b);
	int		   *prev = palloc(sizeof(int) * (lb + 1));
	int		   *cur = palloc(sizeof(int) * (lb + 1));
	int			result;

	for (int j = 0; j <= lb; j++)
		prev[j] = j;
	for (int i = 1; i <= la; i++)
	{
		int		   *tmp;

		cur[0] = i;
		for (int j = 1; j <= lb; j++)
		{
			int			sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);

			cur[j] = Min(Min(prev[j] + 1, cur[j - 1] + 1), sub);
		}
		tmp = prev;
		prev = cur;
		cur = tmp;
	}
	result = prev[lb];
	pfree(prev);
	pfree(cur);
	return result;
}

/*
 * The closest column name in the visible FROM items (as "alias.col"), or
 * NULL when nothing is close or the best match is not unique.
 */
static char *
fuzzy_column_hint(ParseState *pstate, const char *relname, const char *colname)
{
	int			best = 4;		/* at most 3 edits */
	char	   *match = NULL;
	bool		tie = false;

	for (ParseState *ps = pstate; ps != NULL; ps = ps->parent)
	{
		ListCell   *lc;

		foreach(lc, ps->namespace)
		{
			NsItem	   *ns = lfirst(lc);
			ListCell   *cc;

			if (relname ? !(ns->rel_visible && ns->rte->aliasname &&
							strcmp(ns->rte->aliasname, relname) == 0) :
				!ns->rel_visible && !ns->cols_visible)
				continue;
			if (ns->rte->rtekind == RTE_JOIN)
				continue;
			foreach(cc, ns->rte->colnames)
			{
				const char *cand = strVal(lfirst(cc));
				int			d;

				if (cand[0] == '\0')
					continue;
				d = edit_distance(colname, cand);
				if (d > (int) strlen(colname) / 2 || d > best)
					continue;
				if (d == best && match != NULL)
				{
					tie = true;
					continue;
				}
				best = d;
				tie = false;
				match = ns->rte->aliasname ?
					psprintf("%s.%s", ns->rte->aliasname, cand) : pstrdup(cand);
			}
		}
	}
	return tie ? NULL : match;
}

/* A FROM item that exists but is hidden here (non-LATERAL subquery). */
static NsItem *
find_hidden_item(ParseState *pstate, const char *relname, const char *colname)
{
	for (ParseState *ps = pstate; ps != NULL; ps = ps->parent)
	{
		ListCell   *lc;

		foreach(lc, ps->hidden_namespace)
		{
			NsItem	   *ns = lfirst(lc);
			bool		dup;

			if (relname != NULL && ns->rte->aliasname != NULL &&
				strcmp(ns->rte->aliasname, relname) == 0)
				return ns;
			if (colname != NULL && ns->cols_visible && ns->rte->aliasname != NULL &&
				rte_find_column(ns->rte, colname, &dup) > 0)
				return ns;
		}
	}
	return NULL;
}

static pg_noreturn void
error_missing_column(ParseState *pstate, const char *relname, const char *colname,
					 int location)
{
	char	   *hint = fuzzy_column_hint(pstate, relname, colname);
	NsItem	   *hidden = relname ? NULL : find_hidden_item(pstate, NULL, colname);

	if (hidden != NULL)
		hint = NULL;
	if (hidden != NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_COLUMN),
				errmsg("column \"%s\" does not exist", colname),
				errhint("There is a column named \"%s\" in table \"%s\", but it cannot be referenced from this part of the query.",
						colname, hidden->rte->aliasname),
				parser_errposition(pstate, location));

	if (relname)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_COLUMN),
				errmsg("column %s.%s does not exist", relname, colname),
				hint ? errhint("Perhaps you meant to reference the column \"%s\".", hint) : 0,
				parser_errposition(pstate, location));
	ereport(ERROR, errcode(ERRCODE_UNDEFINED_COLUMN),
			errmsg("column \"%s\" does not exist", colname),
			hint ? errhint("Perhaps you meant to reference the column \"%s\".", hint) : 0,
			parser_errposition(pstate, location));
	__builtin_unreachable();
}

NsItem *
find_ns_item_by_name(ParseState *pstate, const char *schema, const char *name,
					 int location, int *levelsup)
{
	int			level = 0;

	for (ParseState *ps = pstate; ps != NULL; ps = ps->parent, level++)
	{
		NsItem	   *found = NULL;
		ListCell   *lc;

		foreach(lc, ps->namespace)
		{
			NsItem	   *ns = lfirst(lc);

			if (!ns->rel_visible || ns->rte->aliasname == NULL)
				continue;
			if (strcmp(ns->rte->aliasname, name) != 0)
				continue;
			if (schema != NULL && ns->rte->rtekind == RTE_RELATION &&
				(ns->rte->schemaname == NULL || strcmp(ns->rte->schemaname, schema) != 0) &&
				strcmp(schema, "public") != 0 && strcmp(schema, "pg_catalog") != 0)
				continue;
			if (found != NULL)
				ereport(ERROR, errcode(ERRCODE_AMBIGUOUS_ALIAS),
						errmsg("table reference \"%s\" is ambiguous", name),
						parser_errposition(pstate, location));
			found = ns;
		}
		if (found)
		{
			*levelsup = level;
			return found;
		}
	}
	return NULL;
}

/*
 * ERROR 42P01 for a qualifier that names no visible FROM item.  When the
 * name is a table that is in FROM under an alias, PostgreSQL's message
 * and hint point at the alias.
 */
void
error_missing_rte(ParseState *pstate, const char *relname, int location)
{
	if (find_hidden_item(pstate, relname, NULL) != NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
				errmsg("invalid reference to FROM-clause entry for table \"%s\"", relname),
				errhint("There is an entry for table \"%s\", but it cannot be referenced from this part of the query.",
						relname),
				parser_errposition(pstate, location));
	for (ParseState *ps = pstate; ps != NULL; ps = ps->parent)
	{
		ListCell   *lc;

		foreach(lc, ps->namespace)
		{
			NsItem	   *ns = lfirst(lc);

			if (ns->rte->rtekind == RTE_RELATION && ns->rte->relname &&
				strcmp(ns->rte->relname, relname) == 0 && ns->rte->aliasname &&
				strcmp(ns->rte->aliasname, relname) != 0)
				ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
						errmsg("invalid reference to FROM-clause entry for table \"%s\"", relname),
						errhint("Perhaps you meant to reference the table alias \"%s\".",
								ns->rte->aliasname),
						parser_errposition(pstate, location));
		}
	}
	ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
			errmsg("missing FROM-clause entry for table \"%s\"", relname),
			parser_errposition(pstate, location));
	__builtin_unreachable();
}

/*
 * A ColumnRef (without a trailing `*`) as an expression.
 */
Node *
column_ref_to_expr(ParseState *pstate, ColumnRef *cref)
{
	int			nfields = list_length(cref->fields);
	const char *colname;
	const char *relname = NULL;
	const char *schemaname = NULL;
	NsItem	   *ns;
	int			levelsup;
	bool		dup;
	int			attno;

	if (IsA(llast(cref->fields), A_Star))
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("row expansion via \"*\" is not supported here"),
				parser_errposition(pstate, cref->location));
	colname = strVal(llast(cref->fields));
	if (nfields == 1)
	{
		int			level = 0;

		for (ParseState *ps = pstate; ps != NULL; ps = ps->parent, level++)
		{
			Node	   *result = find_column_in_level(pstate, ps, colname, level, cref->location);

			if (result != NULL)
				return result;
		}
		/* a bare table name used as a value (whole-row reference) */
		if (find_ns_item_by_name(pstate, NULL, colname, cref->location, &levelsup) != NULL)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("whole-row references are not supported"),
					parser_errposition(pstate, cref->location));
		error_missing_column(pstate, NULL, colname, cref->location);
	}
	if (nfields > 4)
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("improper qualified name (too many dotted names): %s",
					   colname),
				parser_errposition(pstate, cref->location));
	relname = strVal(list_nth(cref->fields, nfields - 2));
	if (nfields >= 3)
		schemaname = strVal(list_nth(cref->fields, nfields - 3));
	ns = find_ns_item_by_name(pstate, schemaname, relname, cref->location, &levelsup);
	if (ns == NULL)
		error_missing_rte(pstate, relname, cref->location);
	attno = rte_find_column(ns->rte, colname, &dup);
	if (attno == 0)
		error_missing_column(pstate, relname, colname, cref->location);
	if (dup)
		ambiguous_column(pstate, colname, cref->location);
	return rte_column_expr(pstate, ns->rte, ns->rtindex, attno, levelsup, cref->location);
}

/*
 * All columns of a namespace item (for `*` and `t.*`): expressions plus
 * their names and origins.
 */
List *
expand_ns_item_star(ParseState *pstate, NsItem *ns, int levelsup, int location,
					List **colnames, List **origtbls, List **origcols)
{
	List	   *exprs = NIL;
	ListCell   *lc;

	foreach(lc, ns->rte->colnames)
	{
		const char *name = strVal(lfirst(lc));
		int			attno = foreach_current_index(lc) + 1;
		Node	   *expr;

		if (name[0] == '\0')
			continue;			/* dropped column */
		expr = rte_column_expr(pstate, ns->rte, ns->rtindex, attno, levelsup, location);
		exprs = lappend(exprs, expr);
		*colnames = lappend(*colnames, (void *) name);
		*origtbls = lappend_oid(*origtbls, ns->rte->rtekind == RTE_RELATION ? ns->rte->relid : 0);
		*origcols = lappend_int(*origcols, ns->rte->rtekind == RTE_RELATION ? attno : 0);
	}
	return exprs;
}

void
var_origin(ParseState *pstate, Var *var, Oid *tbl, int *col)
{
	ParseState *ps = pstate;
	RangeTblEntry *rte;

	*tbl = InvalidOid;
	*col = 0;
	for (int i = 0; i < var->varlevelsup && ps != NULL; i++)
		ps = ps->parent;
	if (ps == NULL || var->varno < 1 || var->varno > list_length(ps->rtable) ||
		var->varattno <= 0)
		return;
	rte = rt_fetch(ps->rtable, var->varno);
	if (rte->rtekind == RTE_RELATION)
	{
		*tbl = rte->relid;
		*col = var->varattno;
	}
	else if (rte->rtekind == RTE_SUBQUERY && rte->subquery != NULL)
	{
		ListCell   *lc;

		foreach(lc, rte->subquery->targetList)
		{
			TargetEntry *tle = lfirst(lc);

			if (tle->resno == var->varattno && !tle->resjunk)
			{
				*tbl = tle->resorigtbl;
				*col = tle->resorigcol;
				break;
			}
		}
	}
}
