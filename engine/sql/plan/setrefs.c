/*-------------------------------------------------------------------------
 * setrefs.c
 *	  Row layouts and Var resolution.
 *
 * A layout is a List with one entry per column of a plan node's output:
 * a Var (varno = range-table index, varattno = column or
 * SELF_ITEM_POINTER_ATTNO) when the column carries a base column, or NULL
 * for a computed column.  set_refs() copies an expression replacing every
 * Var of this query level by Var(VAR_OUTER or VAR_INNER, 1-based
 * position) found in the given layouts, and records the names EXPLAIN
 * prints.  A Var that is in neither layout is a planner bug (ERROR).
 *-------------------------------------------------------------------------
 */
#include "sql/plan/plan_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

int
layout_position(List *layout, int varno, int attno)
{
	ListCell   *lc;

	foreach(lc, layout)
	{
		Var		   *v = lfirst(lc);

		if (v != NULL && v->varno == varno && v->varattno == attno)
			return foreach_current_index(lc) + 1;
	}
	return 0;
}

List *
layout_relids(List *layout)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, layout)
	{
		Var		   *v = lfirst(lc);

		if (v != NULL)
			result = list_append_unique_int(result, v->varno);
	}
	return result;
}

List *
make_rel_layout(PlannerInfo *root, int rtindex, bool with_ctid)
{
	RangeTblEntry *rte = list_nth(root->parse->rtable, rtindex - 1);
	List	   *layout = NIL;

	for (int i = 0; i < list_length(rte->colnames); i++)
		layout = lappend(layout, makeVar(rtindex, i + 1, list_nth_oid(rte->coltypes, i),
										 list_nth_int(rte->coltypmods, i), 0));
	if (with_ctid)
		layout = lappend(layout, makeVar(rtindex, SELF_ITEM_POINTER_ATTNO, INT8OID, -1, 0));
	return layout;
}

Oid *
layout_types(PlannerInfo *root, List *layout, List *exprs)
{
	int			n = exprs ? list_length(exprs) : list_length(layout);
	Oid		   *types = palloc(sizeof(Oid) * Max(n, 1));

	(void) root;
	for (int i = 0; i < n; i++)
	{
		Node	   *e = exprs ? list_nth(exprs, i) : list_nth(layout, i);

		types[i] = e ? exprType(e) : InvalidOid;
	}
	return types;
}

typedef struct SetRefsCtx
{
	PlannerInfo *root;
	List	   *outer;
	List	   *inner;
} SetRefsCtx;

static void
set_explain_names(PlannerInfo *root, Var *v, int varno, int attno)
{
	RangeTblEntry *rte;

	if (varno < 1 || varno > list_length(root->parse->rtable))
		return;
	rte = list_nth(root->parse->rtable, varno - 1);
	v->explain_rel = rte->aliasname;
	if (attno == SELF_ITEM_POINTER_ATTNO)
		v->explain_col = "ctid";
	else if (attno >= 1 && attno <= list_length(rte->colnames))
		v->explain_col = strVal(list_nth(rte->colnames, attno - 1));
}

static Node *
set_refs_mutator(Node *node, void *arg)
{
	SetRefsCtx *ctx = (SetRefsCtx *) arg;

	if (node == NULL)
		return NULL;
	if (IsA(node, Var))
	{
		Var		   *v = (Var *) node;
		Var		   *nv;
		int			pos;

		if (v->varno == VAR_OUTER || v->varno == VAR_INNER)
			return (Node *) expr_copy(v);	/* already resolved */
		Assert(v->varlevelsup == 0);
		nv = (Var *) expr_copy(v);
		set_explain_names(ctx->root, nv, v->varno, v->varattno);
		pos = layout_position(ctx->outer, v->varno, v->varattno);
		if (pos > 0)
		{
			nv->varno = VAR_OUTER;
			nv->varattno = pos;
			return (Node *) nv;
		}
		pos = layout_position(ctx->inner, v->varno, v->varattno);
		if (pos > 0)
		{
			nv->varno = VAR_INNER;
			nv->varattno = pos;
			return (Node *) nv;
		}
		elog(ERROR, "variable %d.%d not found in plan input", v->varno, v->varattno);
	}
	return expression_tree_mutator(node, set_refs_mutator, arg);
}

Expr *
set_refs(PlannerInfo *root, Expr *expr, List *outer_layout, List *inner_layout)
{
	SetRefsCtx	ctx = {root, outer_layout, inner_layout};

	return (Expr *) set_refs_mutator((Node *) expr, &ctx);
}

List *
set_refs_list(PlannerInfo *root, List *exprs, List *outer_layout, List *inner_layout)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, exprs)
		result = lappend(result, set_refs(root, lfirst(lc), outer_layout, inner_layout));
	return result;
}
