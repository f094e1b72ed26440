/*-------------------------------------------------------------------------
 * nodefuncs.c
 *	  exprType/exprTypmod, tree walkers and mutators, equality and copying
 *	  for analyzed expressions (see nodefuncs.h for the protocol).
 *
 * Invariant: every expression node kind of primnodes.h and every shared
 * parsenodes.h node that can appear in an analyzed tree is handled in
 * each switch below; an unknown tag is a programming error (elog ERROR).
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/nodefuncs.h"

#include "sql/nodes/plannodes.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

Oid
exprType(const Node *expr)
{
	if (expr == NULL)
		return InvalidOid;
	switch (nodeTag(expr))
	{
		case T_Var:
			return ((const Var *) expr)->vartype;
		case T_Const:
			return ((const Const *) expr)->consttype;
		case T_Param:
			return ((const Param *) expr)->paramtype;
		case T_FuncExpr:
			return ((const FuncExpr *) expr)->funcresulttype;
		case T_OpExpr:
			return ((const OpExpr *) expr)->opresulttype;
		case T_CoerceExpr:
			return ((const CoerceExpr *) expr)->resulttype;
		case T_Aggref:
			return ((const Aggref *) expr)->aggtype;
		case T_SubqueryExpr:
			return ((const SubqueryExpr *) expr)->resulttype;
		case T_SubPlan:
			return ((const SubPlan *) expr)->resulttype;
		case T_SrfValue:
			return ((const SrfValue *) expr)->srftype;
		case T_WindowFunc:
			return ((const WindowFunc *) expr)->wintype;
		case T_BoolExpr:
		case T_NullTest:
		case T_BooleanTest:
			return BOOLOID;
		case T_CaseExpr:
			return ((const CaseExpr *) expr)->casetype;
		case T_CoalesceExpr:
			return ((const CoalesceExpr *) expr)->coalescetype;
		case T_MinMaxExpr:
			return ((const MinMaxExpr *) expr)->minmaxtype;
		case T_SQLValueFunction:
			return ((const SQLValueFunction *) expr)->svftype;
		case T_TargetEntry:
			return exprType((const Node *) ((const TargetEntry *) expr)->expr);
		default:
			elog(ERROR, "exprType: unrecognized node type %d", (int) nodeTag(expr));
	}
	return InvalidOid;
}

int32_t
exprTypmod(const Node *expr)
{
	if (expr == NULL)
		return -1;
	switch (nodeTag(expr))
	{
		case T_Var:
			return ((const Var *) expr)->vartypmod;
		case T_Const:
			return ((const Const *) expr)->consttypmod;
		case T_Param:
			return ((const Param *) expr)->paramtypmod;
		case T_CoerceExpr:
			return ((const CoerceExpr *) expr)->resulttypmod;
		case T_SubqueryExpr:
			return ((const SubqueryExpr *) expr)->resulttypmod;
		case T_SubPlan:
			return ((const SubPlan *) expr)->resulttypmod;
		case T_SQLValueFunction:
			return ((const SQLValueFunction *) expr)->typmod;
		case T_TargetEntry:
			return exprTypmod((const Node *) ((const TargetEntry *) expr)->expr);
		default:
			return -1;
	}
}

int
exprLocation(const Node *expr)
{
	if (expr == NULL)
		return -1;
	switch (nodeTag(expr))
	{
		case T_Var:
			return ((const Var *) expr)->location;
		case T_Const:
			return ((const Const *) expr)->location;
		case T_Param:
			return ((const Param *) expr)->location;
		case T_FuncExpr:
			return ((const FuncExpr *) expr)->location;
		case T_OpExpr:
			{
				const OpExpr *op = (const OpExpr *) expr;
				int			loc = op->args ? exprLocation(linitial(op->args)) : -1;

				return (loc >= 0 && loc < op->location) ? loc : op->location;
			}
		case T_CoerceExpr:
			{
				const CoerceExpr *c = (const CoerceExpr *) expr;
				int			loc = exprLocation((const Node *) c->arg);

				if (c->location >= 0 && (loc < 0 || c->location < loc))
					return c->location;
				return loc;
			}
		case T_Aggref:
			return ((const Aggref *) expr)->location;
		case T_WindowFunc:
			return ((const WindowFunc *) expr)->location;
		case T_SubqueryExpr:
			return ((const SubqueryExpr *) expr)->location;
		case T_SubPlan:
			return ((const SubPlan *) expr)->location;
		case T_BoolExpr:
			{
				const BoolExpr *b = (const BoolExpr *) expr;
				int			loc = b->args ? exprLocation(linitial(b->args)) : -1;

				return (loc >= 0 && (b->location < 0 || loc < b->location)) ? loc : b->location;
			}
		case T_NullTest:
			{
				int			loc = exprLocation(((const NullTest *) expr)->arg);

				return loc >= 0 ? loc : ((const NullTest *) expr)->location;
			}
		case T_BooleanTest:
			{
				int			loc = exprLocation(((const BooleanTest *) expr)->arg);

				return loc >= 0 ? loc : ((const BooleanTest *) expr)->location;
			}
		case T_CaseExpr:
			return ((const CaseExpr *) expr)->location;
		case T_CoalesceExpr:
			return ((const CoalesceExpr *) expr)->location;
		case T_MinMaxExpr:
			return ((const MinMaxExpr *) expr)->location;
		case T_SQLValueFunction:
			return ((const SQLValueFunction *) expr)->location;
		case T_TargetEntry:
			return exprLocation((const Node *) ((const TargetEntry *) expr)->expr);
		default:
			return -1;
	}
}

/* ------------------------------------------------------------------------
 * Walker
 * ------------------------------------------------------------------------
 */
static bool
walk_list(List *list, tree_walker_fn walker, void *ctx)
{
	ListCell   *lc;

	foreach(lc, list)
	{
		if (walker((Node *) lfirst(lc), ctx))
			return true;
	}
	return false;
}

bool
expression_tree_walker(Node *node, tree_walker_fn walker, void *ctx)
{
	if (node == NULL)
		return false;
	switch (nodeTag(node))
	{
		case T_Var:
		case T_Const:
		case T_Param:
		case T_SrfValue:
		case T_SQLValueFunction:
			return false;
		case T_List:
			return walk_list((List *) node, walker, ctx);
		case T_FuncExpr:
			return walk_list(((FuncExpr *) node)->args, walker, ctx);
		case T_OpExpr:
			return walk_list(((OpExpr *) node)->args, walker, ctx);
		case T_CoerceExpr:
			return walker(((CoerceExpr *) node)->arg, ctx);
		case T_Aggref:
			{
				Aggref	   *a = (Aggref *) node;

				return walk_list(a->args, walker, ctx) ||
					walk_list(a->aggorder, walker, ctx) ||
					walker(a->aggfilter, ctx);
			}
		case T_WindowFunc:
			return walk_list(((WindowFunc *) node)->args, walker, ctx) ||
				walker(((WindowFunc *) node)->aggfilter, ctx);
		case T_SubqueryExpr:
			return walker(((SubqueryExpr *) node)->testexpr, ctx);
		case T_SubPlan:
			return walker(((SubPlan *) node)->testexpr, ctx) ||
				walk_list(((SubPlan *) node)->args, walker, ctx);
		case T_BoolExpr:
			return walk_list(((BoolExpr *) node)->args, walker, ctx);
		case T_NullTest:
			return walker(((NullTest *) node)->arg, ctx);
		case T_BooleanTest:
			return walker(((BooleanTest *) node)->arg, ctx);
		case T_CaseExpr:
			return walker(((CaseExpr *) node)->arg, ctx) ||
				walk_list(((CaseExpr *) node)->args, walker, ctx) ||
				walker(((CaseExpr *) node)->defresult, ctx);
		case T_CaseWhen:
			return walker(((CaseWhen *) node)->expr, ctx) ||
				walker(((CaseWhen *) node)->result, ctx);
		case T_CoalesceExpr:
			return walk_list(((CoalesceExpr *) node)->args, walker, ctx);
		case T_MinMaxExpr:
			return walk_list(((MinMaxExpr *) node)->args, walker, ctx);
		case T_TargetEntry:
			return walker(((TargetEntry *) node)->expr, ctx);
		default:
			elog(ERROR, "expression_tree_walker: unrecognized node type %d",
				 (int) nodeTag(node));
	}
	return false;
}

/* ------------------------------------------------------------------------
 * Mutator
 * ------------------------------------------------------------------------
 */
static List *
mutate_list(List *list, tree_mutator_fn mutator, void *ctx)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, list)
		result = lappend(result, mutator((Node *) lfirst(lc), ctx));
	return result;
}

#define FLATCOPY(newnode, node, nodetype) \
	do { \
		(newnode) = (nodetype *) palloc(sizeof(nodetype)); \
		memcpy((newnode), (node), sizeof(nodetype)); \
	} while (0)

static Node *
mutate_leaf(Node *node)
{
	switch (nodeTag(node))
	{
		case T_Var:
			{
				Var		   *v;

				FLATCOPY(v, node, Var);
				return (Node *) v;
			}
		case T_Const:
			{
				Const	   *c;

				FLATCOPY(c, node, Const);
				return (Node *) c;
			}
		case T_Param:
			{
				Param	   *p;

				FLATCOPY(p, node, Param);
				return (Node *) p;
			}
		case T_SrfValue:
			{
				SrfValue   *s;

				FLATCOPY(s, node, SrfValue);
				return (Node *) s;
			}
		case T_SQLValueFunction:
			{
				SQLValueFunction *s;

				FLATCOPY(s, node, SQLValueFunction);
				return (Node *) s;
			}
		default:
			return NULL;
	}
}

static Node *
mutate_composite(Node *node, tree_mutator_fn mutator, void *ctx)
{
	switch (nodeTag(node))
	{
		case T_FuncExpr:
			{
				FuncExpr   *f;

				FLATCOPY(f, node, FuncExpr);
				f->args = mutate_list(f->args, mutator, ctx);
				return (Node *) f;
			}
		case T_OpExpr:
			{
				OpExpr	   *o;

				FLATCOPY(o, node, OpExpr);
				o->args = mutate_list(o->args, mutator, ctx);
				return (Node *) o;
			}
		case T_CoerceExpr:
			{
				CoerceExpr *c;

				FLATCOPY(c, node, CoerceExpr);
				c->arg = mutator(c->arg, ctx);
				return (Node *) c;
			}
		case T_Aggref:
			{
				Aggref	   *a;

				FLATCOPY(a, node, Aggref);
				a->args = mutate_list(a->args, mutator, ctx);
				a->aggorder = mutate_list(a->aggorder, mutator, ctx);
				a->aggfilter = mutator(a->aggfilter, ctx);
				return (Node *) a;
			}
		case T_WindowFunc:
			{
				WindowFunc *w;

				FLATCOPY(w, node, WindowFunc);
				w->args = mutate_list(w->args, mutator, ctx);
				w->aggfilter = mutator(w->aggfilter, ctx);
				return (Node *) w;
			}
		case T_SubqueryExpr:
			{
				SubqueryExpr *s;

				FLATCOPY(s, node, SubqueryExpr);
				s->testexpr = mutator(s->testexpr, ctx);
				return (Node *) s;
			}
		case T_SubPlan:
			{
				SubPlan    *s;

				FLATCOPY(s, node, SubPlan);
				s->testexpr = mutator(s->testexpr, ctx);
				s->args = mutate_list(s->args, mutator, ctx);
				return (Node *) s;
			}
		default:
			return NULL;
	}
}

static Node *
mutate_shared(Node *node, tree_mutator_fn mutator, void *ctx)
{
	switch (nodeTag(node))
	{
		case T_BoolExpr:
			{
				BoolExpr   *b;

				FLATCOPY(b, node, BoolExpr);
				b->args = mutate_list(b->args, mutator, ctx);
				return (Node *) b;
			}
		case T_NullTest:
			{
				NullTest   *n;

				FLATCOPY(n, node, NullTest);
				n->arg = mutator(n->arg, ctx);
				return (Node *) n;
			}
		case T_BooleanTest:
			{
				BooleanTest *b;

				FLATCOPY(b, node, BooleanTest);
				b->arg = mutator(b->arg, ctx);
				return (Node *) b;
			}
		case T_CaseExpr:
			{
				CaseExpr   *c;

				FLATCOPY(c, node, CaseExpr);
				c->arg = mutator(c->arg, ctx);
				c->args = mutate_list(c->args, mutator, ctx);
				c->defresult = mutator(c->defresult, ctx);
				return (Node *) c;
			}
		case T_CaseWhen:
			{
				CaseWhen   *w;

				FLATCOPY(w, node, CaseWhen);
				w->expr = mutator(w->expr, ctx);
				w->result = mutator(w->result, ctx);
				return (Node *) w;
			}
		case T_CoalesceExpr:
			{
				CoalesceExpr *c;

				FLATCOPY(c, node, CoalesceExpr);
				c->args = mutate_list(c->args, mutator, ctx);
				return (Node *) c;
			}
		case T_MinMaxExpr:
			{
				MinMaxExpr *m;

				FLATCOPY(m, node, MinMaxExpr);
				m->args = mutate_list(m->args, mutator, ctx);
				return (Node *) m;
			}
		case T_TargetEntry:
			{
				TargetEntry *t;

				FLATCOPY(t, node, TargetEntry);
				t->expr = mutator(t->expr, ctx);
				return (Node *) t;
			}
		default:
			return NULL;
	}
}

Node *
expression_tree_mutator(Node *node, tree_mutator_fn mutator, void *ctx)
{
	Node	   *result;

	if (node == NULL)
		return NULL;
	if (IsA(node, List))
		return (Node *) mutate_list((List *) node, mutator, ctx);
	result = mutate_leaf(node);
	if (result == NULL)
		result = mutate_composite(node, mutator, ctx);
	if (result == NULL)
		result = mutate_shared(node, mutator, ctx);
	if (result == NULL)
		elog(ERROR, "expression_tree_mutator: unrecognized node type %d",
			 (int) nodeTag(node));
	return result;
}

/* ------------------------------------------------------------------------
 * Walking a whole Query
 * ------------------------------------------------------------------------
 */
typedef struct QueryWalkCtx
{
	tree_walker_fn walker;
	void	   *ctx;
	bool		recurse;
} QueryWalkCtx;

static bool query_walk_expr(Node *node, QueryWalkCtx *qw);

static bool
query_walk_sublinks(Node *node, void *arg)
{
	QueryWalkCtx *qw = (QueryWalkCtx *) arg;

	if (node == NULL)
		return false;
	if (IsA(node, SubqueryExpr) &&
		query_expression_walker(((SubqueryExpr *) node)->subquery, qw->walker, qw->ctx, true))
		return true;
	return expression_tree_walker(node, query_walk_sublinks, arg);
}

static bool
query_walk_expr(Node *node, QueryWalkCtx *qw)
{
	if (node == NULL)
		return false;
	if (qw->walker(node, qw->ctx))
		return true;
	if (qw->recurse)
		return query_walk_sublinks(node, qw);
	return false;
}

static bool
query_walk_jointree(Node *node, QueryWalkCtx *qw)
{
	ListCell   *lc;

	if (node == NULL)
		return false;
	if (IsA(node, FromExpr))
	{
		foreach(lc, ((FromExpr *) node)->fromlist)
		{
			if (query_walk_jointree(lfirst(lc), qw))
				return true;
		}
		return query_walk_expr(((FromExpr *) node)->quals, qw);
	}
	if (IsA(node, JoinTreeExpr))
	{
		JoinTreeExpr *j = (JoinTreeExpr *) node;

		return query_walk_jointree(j->larg, qw) || query_walk_jointree(j->rarg, qw) ||
			query_walk_expr(j->quals, qw);
	}
	return false;
}

static bool
query_walk_rte(RangeTblEntry *rte, QueryWalkCtx *qw)
{
	ListCell   *lc;

	switch (rte->rtekind)
	{
		case RTE_SUBQUERY:
			if (qw->recurse)
				return query_expression_walker(rte->subquery, qw->walker, qw->ctx, true);
			return false;
		case RTE_FUNCTION:
			return query_walk_expr(rte->funcexpr, qw);
		case RTE_VALUES:
			foreach(lc, rte->values_lists)
			{
				if (query_walk_expr(lfirst(lc), qw))
					return true;
			}
			return false;
		case RTE_JOIN:
			return query_walk_expr((Node *) rte->joinaliasvars, qw);
		default:
			return false;
	}
}

bool
query_expression_walker(Query *query, tree_walker_fn walker, void *ctx, bool recurse)
{
	QueryWalkCtx qw = {walker, ctx, recurse};
	ListCell   *lc;

	if (query == NULL)
		return false;
	if (query_walk_expr((Node *) query->targetList, &qw) ||
		query_walk_expr((Node *) query->returningList, &qw) ||
		query_walk_jointree((Node *) query->jointree, &qw) ||
		query_walk_expr(query->havingQual, &qw) ||
		query_walk_expr(query->limitOffset, &qw) ||
		query_walk_expr(query->limitCount, &qw))
		return true;
	foreach(lc, query->rtable)
	{
		if (query_walk_rte(lfirst(lc), &qw))
			return true;
	}
	if (recurse)
	{
		foreach(lc, query->cteList)
		{
			if (query_expression_walker(((CteInfo *) lfirst(lc))->query, walker, ctx, true))
				return true;
		}
	}
	return false;
}

static Node *
copy_mutator(Node *node, void *ctx)
{
	return expression_tree_mutator(node, copy_mutator, ctx);
}

void *
expr_copy(const void *node)
{
	return copy_mutator((Node *) node, NULL);
}

/* ------------------------------------------------------------------------
 * Equality
 * ------------------------------------------------------------------------
 */
static bool
list_equal_exprs(const List *a, const List *b)
{
	const ListCell *la;
	const ListCell *lb;

	if (list_length(a) != list_length(b))
		return false;
	forboth(la, a, lb, b)
	{
		if (!expr_equal(lfirst(la), lfirst(lb)))
			return false;
	}
	return true;
}

static bool
const_equal(const Const *a, const Const *b)
{
	const TypeInfo *ti;

	if (a->consttype != b->consttype || a->consttypmod != b->consttypmod ||
		a->constisnull != b->constisnull)
		return false;
	if (a->constisnull)
		return true;
	if (a->consttype == UNKNOWNOID)
		return strcmp(DatumGetCString(a->constvalue), DatumGetCString(b->constvalue)) == 0;
	ti = type_get(a->consttype);
	return datum_image_equal(a->constvalue, b->constvalue, ti->byval, ti->typlen);
}

static bool
equal_leaf(const Node *a, const Node *b, bool *handled)
{
	*handled = true;
	switch (nodeTag(a))
	{
		case T_Var:
			{
				const Var  *x = (const Var *) a;
				const Var  *y = (const Var *) b;

				return x->varno == y->varno && x->varattno == y->varattno &&
					x->varlevelsup == y->varlevelsup && x->vartype == y->vartype;
			}
		case T_Const:
			return const_equal((const Const *) a, (const Const *) b);
		case T_Param:
			{
				const Param *x = (const Param *) a;
				const Param *y = (const Param *) b;

				return x->paramkind == y->paramkind && x->paramid == y->paramid &&
					x->paramtype == y->paramtype;
			}
		case T_SrfValue:
			return ((const SrfValue *) a)->srfno == ((const SrfValue *) b)->srfno;
		case T_SQLValueFunction:
			return ((const SQLValueFunction *) a)->op == ((const SQLValueFunction *) b)->op &&
				((const SQLValueFunction *) a)->typmod == ((const SQLValueFunction *) b)->typmod;
		default:
			*handled = false;
			return false;
	}
}

static bool
equal_composite(const Node *a, const Node *b)
{
	switch (nodeTag(a))
	{
		case T_FuncExpr:
			return ((const FuncExpr *) a)->func == ((const FuncExpr *) b)->func &&
				((const FuncExpr *) a)->funcresulttype == ((const FuncExpr *) b)->funcresulttype &&
				list_equal_exprs(((const FuncExpr *) a)->args, ((const FuncExpr *) b)->args);
		case T_OpExpr:
			return ((const OpExpr *) a)->op == ((const OpExpr *) b)->op &&
				((const OpExpr *) a)->kind == ((const OpExpr *) b)->kind &&
				list_equal_exprs(((const OpExpr *) a)->args, ((const OpExpr *) b)->args);
		case T_CoerceExpr:
			return ((const CoerceExpr *) a)->resulttype == ((const CoerceExpr *) b)->resulttype &&
				((const CoerceExpr *) a)->resulttypmod == ((const CoerceExpr *) b)->resulttypmod &&
				expr_equal(((const CoerceExpr *) a)->arg, ((const CoerceExpr *) b)->arg);
		case T_Aggref:
			{
				const Aggref *x = (const Aggref *) a;
				const Aggref *y = (const Aggref *) b;

				return x->agg == y->agg && x->aggstar == y->aggstar &&
					x->aggdistinct == y->aggdistinct &&
					list_equal_exprs(x->args, y->args) &&
					list_equal_exprs(x->aggorder, y->aggorder) &&
					expr_equal(x->aggfilter, y->aggfilter);
			}
		case T_WindowFunc:
			{
				const WindowFunc *x = (const WindowFunc *) a;
				const WindowFunc *y = (const WindowFunc *) b;

				return x->kind == y->kind && x->agg == y->agg && x->winref == y->winref &&
					x->winstar == y->winstar && list_equal_exprs(x->args, y->args) &&
					expr_equal(x->aggfilter, y->aggfilter);
			}
		case T_SubqueryExpr:
		case T_SubPlan:
			return a == b;
		case T_BoolExpr:
			return ((const BoolExpr *) a)->boolop == ((const BoolExpr *) b)->boolop &&
				list_equal_exprs(((const BoolExpr *) a)->args, ((const BoolExpr *) b)->args);
		case T_NullTest:
			return ((const NullTest *) a)->nulltesttype == ((const NullTest *) b)->nulltesttype &&
				expr_equal(((const NullTest *) a)->arg, ((const NullTest *) b)->arg);
		case T_BooleanTest:
			return ((const BooleanTest *) a)->booltesttype == ((const BooleanTest *) b)->booltesttype &&
				expr_equal(((const BooleanTest *) a)->arg, ((const BooleanTest *) b)->arg);
		case T_CaseExpr:
			return ((const CaseExpr *) a)->casetype == ((const CaseExpr *) b)->casetype &&
				expr_equal(((const CaseExpr *) a)->arg, ((const CaseExpr *) b)->arg) &&
				list_equal_exprs(((const CaseExpr *) a)->args, ((const CaseExpr *) b)->args) &&
				expr_equal(((const CaseExpr *) a)->defresult, ((const CaseExpr *) b)->defresult);
		case T_CaseWhen:
			return expr_equal(((const CaseWhen *) a)->expr, ((const CaseWhen *) b)->expr) &&
				expr_equal(((const CaseWhen *) a)->result, ((const CaseWhen *) b)->result);
		case T_CoalesceExpr:
			return list_equal_exprs(((const CoalesceExpr *) a)->args, ((const CoalesceExpr *) b)->args);
		case T_MinMaxExpr:
			return ((const MinMaxExpr *) a)->op == ((const MinMaxExpr *) b)->op &&
				list_equal_exprs(((const MinMaxExpr *) a)->args, ((const MinMaxExpr *) b)->args);
		case T_TargetEntry:
			return expr_equal(((const TargetEntry *) a)->expr, ((const TargetEntry *) b)->expr);
		case T_List:
			return list_equal_exprs((const List *) a, (const List *) b);
		default:
			return false;
	}
}

bool
expr_equal(const void *a, const void *b)
{
	bool		handled;
	bool		result;

	if (a == b)
		return true;
	if (a == NULL || b == NULL)
		return false;
	if (nodeTag(a) != nodeTag(b))
		return false;
	result = equal_leaf(a, b, &handled);
	if (handled)
		return result;
	return equal_composite(a, b);
}

/* ------------------------------------------------------------------------
 * Searches
 * ------------------------------------------------------------------------
 */
static bool
contains_vars_walker(Node *node, void *ctx)
{
	int			levelsup = *(int *) ctx;

	if (node == NULL)
		return false;
	if (IsA(node, Var))
		return ((Var *) node)->varlevelsup == levelsup;
	if (IsA(node, SubqueryExpr))
	{
		/* the subquery may reference our level as levelsup 1: look inside */
		if (expression_tree_walker(node, contains_vars_walker, ctx))
			return true;
		return false;
	}
	return expression_tree_walker(node, contains_vars_walker, ctx);
}

bool
expr_contains_vars(Node *node)
{
	int			levelsup = 0;

	return contains_vars_walker(node, &levelsup);
}

static bool
outer_refs_walker(Node *node, void *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, Var))
		return ((Var *) node)->varlevelsup > 0;
	if (IsA(node, Param))
		return ((Param *) node)->paramkind == PARAM_EXEC;
	return expression_tree_walker(node, outer_refs_walker, ctx);
}

bool
expr_contains_outer_refs(Node *node)
{
	return outer_refs_walker(node, NULL);
}

static bool
contains_aggs_walker(Node *node, void *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
		return true;
	return expression_tree_walker(node, contains_aggs_walker, ctx);
}

bool
expr_contains_aggs(Node *node)
{
	return contains_aggs_walker(node, NULL);
}

static bool
contains_srfs_walker(Node *node, void *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, FuncExpr) && ((FuncExpr *) node)->funcretset)
		return true;
	return expression_tree_walker(node, contains_srfs_walker, ctx);
}

static bool
contains_winfuncs_walker(Node *node, void *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, WindowFunc))
		return true;
	return expression_tree_walker(node, contains_winfuncs_walker, ctx);
}

bool
expr_contains_window_funcs(Node *node)
{
	return contains_winfuncs_walker(node, NULL);
}

bool
expr_contains_srfs(Node *node)
{
	return contains_srfs_walker(node, NULL);
}

static bool
contains_sublinks_walker(Node *node, void *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, SubqueryExpr) || IsA(node, SubPlan))
		return true;
	return expression_tree_walker(node, contains_sublinks_walker, ctx);
}

bool
expr_contains_sublinks(Node *node)
{
	return contains_sublinks_walker(node, NULL);
}

static bool
contains_volatile_walker(Node *node, void *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, FuncExpr) &&
		((FuncExpr *) node)->func->volatility == FUNC_VOLATILE)
		return true;
	if (IsA(node, SubqueryExpr) || IsA(node, SubPlan))
		return true;
	return expression_tree_walker(node, contains_volatile_walker, ctx);
}

bool
expr_contains_volatile(Node *node)
{
	return contains_volatile_walker(node, NULL);
}

static bool
varnos_walker(Node *node, void *ctx)
{
	List	  **result = (List **) ctx;

	if (node == NULL)
		return false;
	if (IsA(node, Var))
	{
		Var		   *v = (Var *) node;

		if (v->varlevelsup == 0)
			*result = list_append_unique_int(*result, v->varno);
		return false;
	}
	return expression_tree_walker(node, varnos_walker, ctx);
}

List *
expr_varnos(Node *node)
{
	List	   *result = NIL;

	varnos_walker(node, &result);
	return result;
}

/* ------------------------------------------------------------------------
 * Constructors
 * ------------------------------------------------------------------------
 */
Const *
makeConst(Oid type, int32_t typmod, Datum value, bool isnull, int location)
{
	Const	   *c = makeNode(Const);

	c->consttype = type;
	c->consttypmod = typmod;
	c->constvalue = isnull ? (Datum) 0 : value;
	c->constisnull = isnull;
	c->location = location;
	return c;
}

Const *
makeNullConst(Oid type, int32_t typmod)
{
	return makeConst(type, typmod, (Datum) 0, true, -1);
}

Const *
makeBoolConst(bool value, bool isnull)
{
	return makeConst(BOOLOID, -1, BoolGetDatum(value), isnull, -1);
}

Var *
makeVar(int varno, int varattno, Oid type, int32_t typmod, int levelsup)
{
	Var		   *v = makeNode(Var);

	v->varno = varno;
	v->varattno = varattno;
	v->vartype = type;
	v->vartypmod = typmod;
	v->varlevelsup = levelsup;
	v->orig_varno = varno;
	v->orig_attno = varattno;
	v->location = -1;
	return v;
}

TargetEntry *
makeTargetEntry(Expr *expr, int resno, char *resname, bool resjunk)
{
	TargetEntry *tle = makeNode(TargetEntry);

	tle->expr = expr;
	tle->resno = resno;
	tle->resname = resname;
	tle->resjunk = resjunk;
	return tle;
}
