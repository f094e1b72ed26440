/*-------------------------------------------------------------------------
 * nodefuncs.h
 *	  Generic operations on analyzed expression trees: result type and
 *	  typmod, walkers and mutators, structural equality, copying.
 *
 * Role: the analyzer, planner and executor all walk expressions; this is
 * the one place that knows every expression node's children, so adding an
 * expression node means teaching exactly these functions about it.
 *
 * Walker protocol (as PostgreSQL's): a walker function handles the node it
 * is given and calls expression_tree_walker(node, itself, ctx) to visit the
 * node's children; returning true stops the walk.  A mutator returns a
 * replacement for its node and calls expression_tree_mutator() to get a
 * copy of the node whose children went through the mutator.  Lists are
 * walked element by element.  Neither descends into a SubqueryExpr's
 * subquery or a SubPlan's plan (only their testexpr and args).
 *
 * See also: sql/nodes/primnodes.h.
 *-------------------------------------------------------------------------
 */
#ifndef NODEFUNCS_H
#define NODEFUNCS_H

#include "sql/nodes/primnodes.h"

Oid			exprType(const Node *expr);
int32_t		exprTypmod(const Node *expr);
/* Byte offset in the query text, or -1. */
int			exprLocation(const Node *expr);

typedef bool (*tree_walker_fn) (Node *node, void *ctx);
typedef Node *(*tree_mutator_fn) (Node *node, void *ctx);

bool		expression_tree_walker(Node *node, tree_walker_fn walker, void *ctx);
Node	   *expression_tree_mutator(Node *node, tree_mutator_fn mutator, void *ctx);

/*
 * Call walker on every expression of a Query (target list, quals, join
 * conditions, HAVING, LIMIT, RETURNING, range-table functions and VALUES);
 * with recurse, also on every expression of its subqueries (range-table
 * subqueries, CTEs, and subqueries of SubqueryExprs it finds).
 */
bool		query_expression_walker(Query *query, tree_walker_fn walker, void *ctx,
									bool recurse);

/* Deep copy of an expression tree (Query and Plan pointers are shared). */
void	   *expr_copy(const void *node);
/* Structural equality, ignoring locations. */
bool		expr_equal(const void *a, const void *b);

/* Does the tree contain a Var of this level (levelsup 0)? */
bool		expr_contains_vars(Node *node);
/* Does it contain any Var with varlevelsup > 0 or exec Param? */
bool		expr_contains_outer_refs(Node *node);
bool		expr_contains_aggs(Node *node);
bool		expr_contains_srfs(Node *node);
bool		expr_contains_window_funcs(Node *node);
bool		expr_contains_sublinks(Node *node);
/* Does it contain a volatile function (random(), nextval...)? */
bool		expr_contains_volatile(Node *node);
/* The rtable indexes (levelsup 0) the expression references, as IntList. */
List	   *expr_varnos(Node *node);

/* Constructors. */
Const	   *makeConst(Oid type, int32_t typmod, Datum value, bool isnull, int location);
Const	   *makeNullConst(Oid type, int32_t typmod);
Const	   *makeBoolConst(bool value, bool isnull);
Var		   *makeVar(int varno, int varattno, Oid type, int32_t typmod, int levelsup);
TargetEntry *makeTargetEntry(Expr *expr, int resno, char *resname, bool resjunk);

#endif							/* NODEFUNCS_H */
