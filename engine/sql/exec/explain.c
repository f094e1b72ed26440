/*-------------------------------------------------------------------------
 * explain.c
 *	  EXPLAIN [ANALYZE] in PostgreSQL's text format.
 *
 * Layout (as PostgreSQL prints it): the top node at column 0, each child
 * on its own line as "->  Node" indented 6 columns deeper than its parent
 * (the first level at column 2), a node's details ("Filter: ...",
 * "Index Cond: ...", "Sort Key: ...") 2 columns right of its arrow.
 * Costs are the planner's estimates; ANALYZE runs the statement (rows are
 * discarded, changes are made) with per-node timing and adds actual
 * time/rows/loops, then "Planning Time" and "Execution Time".
 *
 * Expressions are printed from the plan: Vars by the names setrefs
 * recorded (qualified with the table alias when the query has several
 * range-table entries), columns computed by a lower node by that node's
 * expression (so a HAVING filter above an Agg prints "count(*) > 1").
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"
#include "sql/exec/portal_internal.h"

#include <stdio.h>
#include <time.h>

#include "sql/plan/planner.h"
#include "sql/sysviews/sysview.h"
#include "sql/types/types.h"
#include "access/transam/snapshot.h"
#include "utils/elog.h"
#include "utils/extsort.h"
#include "utils/guc.h"
#include "utils/strbuf.h"

typedef struct ExplainCtx
{
	List	   *lines;
	bool		costs;
	bool		analyze;
	bool		prefix;
	PlannedStmt *pstmt;
} ExplainCtx;

typedef struct DeparseCtx
{
	Plan	   *outer;			/* the node whose output VAR_OUTER refers to */
	Plan	   *inner;
	bool		prefix;
	const char *scanrel;		/* a scan's own columns print unqualified */
} DeparseCtx;

static void deparse(StringBuf *buf, Node *node, DeparseCtx *dc, bool top);

/* ------------------------------------------------------------------------
 * Expression deparsing
 * ------------------------------------------------------------------------
 */

/* The expression producing column k of plan's output, with its own context. */
static Node *
plan_output_expr(Plan *plan, int k, DeparseCtx *sub)
{
	sub->prefix = false;
	sub->scanrel = NULL;
	sub->outer = plan ? plan->lefttree : NULL;
	sub->inner = plan ? plan->righttree : NULL;
	if (plan == NULL)
		return NULL;
	switch (nodeTag(plan))
	{
		case T_ResultPlan:
			return k <= list_length(((ResultPlan *) plan)->tlist) ?
				list_nth(((ResultPlan *) plan)->tlist, k - 1) : NULL;
		case T_ProjectSetPlan:
			return k <= list_length(((ProjectSetPlan *) plan)->tlist) ?
				list_nth(((ProjectSetPlan *) plan)->tlist, k - 1) : NULL;
		case T_WindowAggPlan:
			{
				int			nin = plan->lefttree->ncols;

				if (k <= nin)
					return plan_output_expr(plan->lefttree, k, sub);
				return list_nth(((WindowAggPlan *) plan)->winfuncs, k - nin - 1);
			}
		case T_AggPlan:
			{
				AggPlan    *a = (AggPlan *) plan;
				int			ng = list_length(a->groupexprs);

				if (k <= ng)
					return list_nth(a->groupexprs, k - 1);
				return k - ng <= list_length(a->aggs) ? list_nth(a->aggs, k - ng - 1) : NULL;
			}
		case T_SortPlan:
		case T_LimitPlan:
		case T_UniquePlan:
		case T_MaterialPlan:
		case T_LockRowsPlan:
			return plan_output_expr(plan->lefttree, k, sub);
		case T_NestLoopPlan:
		case T_HashJoinPlan:
			if (k <= plan->lefttree->ncols)
				return plan_output_expr(plan->lefttree, k, sub);
			return plan_output_expr(plan->righttree, k - plan->lefttree->ncols, sub);
		default:
			if (plan->layout != NIL && k <= list_length(plan->layout))
				return list_nth(plan->layout, k - 1);
			return NULL;
	}
}

static void
deparse_var(StringBuf *buf, Var *v, DeparseCtx *dc)
{
	if (v->explain_col != NULL)
	{
		if (dc->prefix && v->explain_rel != NULL &&
			(dc->scanrel == NULL || strcmp(dc->scanrel, v->explain_rel) != 0))
			strbuf_appendf(buf, "%s.", v->explain_rel);
		strbuf_append(buf, v->explain_col);
		return;
	}
	if (v->varno == VAR_OUTER || v->varno == VAR_INNER)
	{
		DeparseCtx	sub;
		Node	   *e = plan_output_expr(v->varno == VAR_OUTER ? dc->outer : dc->inner,
										 v->varattno, &sub);

		sub.prefix = dc->prefix;
		if (e != NULL && e != (Node *) v)
		{
			deparse(buf, e, &sub, false);
			return;
		}
	}
	strbuf_appendf(buf, "?column%d?", v->varattno);
}

static void
deparse_const(StringBuf *buf, Const *c)
{
	char	   *s;

	if (c->constisnull)
	{
		strbuf_append(buf, "NULL");
		return;
	}
	if (c->consttype == UNKNOWNOID)
	{
		strbuf_appendf(buf, "'%s'", DatumGetCString(c->constvalue));
		return;
	}
	s = type_output(c->consttype, c->constvalue);
	if ((c->consttype == INT4OID || c->consttype == NUMERICOID) && s[0] != '-')
		strbuf_append(buf, s);
	else if (c->consttype == BOOLOID)
		strbuf_append(buf, s[0] == 't' ? "true" : "false");
	else
	{
		strbuf_append_char(buf, '\'');
		for (const char *p = s; *p; p++)
		{
			if (*p == '\'')
				strbuf_append_char(buf, '\'');
			strbuf_append_char(buf, *p);
		}
		strbuf_appendf(buf, "'::%s", type_format(c->consttype, c->consttypmod));
	}
}

static void
deparse_list(StringBuf *buf, List *args, const char *sep, DeparseCtx *dc)
{
	ListCell   *lc;

	foreach(lc, args)
	{
		if (foreach_current_index(lc) > 0)
			strbuf_append(buf, sep);
		deparse(buf, lfirst(lc), dc, false);
	}
}

static void
deparse_op(StringBuf *buf, OpExpr *op, DeparseCtx *dc)
{
	const char *name = op->op->name;

	if (op->kind == OPK_NULLIF)
	{
		strbuf_append(buf, "NULLIF(");
		deparse_list(buf, op->args, ", ", dc);
		strbuf_append_char(buf, ')');
		return;
	}
	strbuf_append_char(buf, '(');
	if (list_length(op->args) == 1)
	{
		strbuf_appendf(buf, "%s ", name);
		deparse(buf, linitial(op->args), dc, false);
	}
	else
	{
		deparse(buf, linitial(op->args), dc, false);
		if (op->kind == OPK_DISTINCT)
			strbuf_append(buf, " IS DISTINCT FROM ");
		else if (op->kind == OPK_NOT_DISTINCT)
			strbuf_append(buf, " IS NOT DISTINCT FROM ");
		else
			strbuf_appendf(buf, " %s ", name);
		deparse(buf, lsecond(op->args), dc, false);
	}
	strbuf_append_char(buf, ')');
}

static void
deparse_bool(StringBuf *buf, BoolExpr *b, DeparseCtx *dc)
{
	if (b->boolop == NOT_EXPR)
	{
		strbuf_append(buf, "(NOT ");
		deparse(buf, linitial(b->args), dc, false);
		strbuf_append_char(buf, ')');
		return;
	}
	strbuf_append_char(buf, '(');
	deparse_list(buf, b->args, b->boolop == AND_EXPR ? " AND " : " OR ", dc);
	strbuf_append_char(buf, ')');
}

static void
deparse_agg(StringBuf *buf, Aggref *a, DeparseCtx *dc)
{
	strbuf_appendf(buf, "%s(", a->agg->name);
	if (a->aggstar)
		strbuf_append_char(buf, '*');
	else
	{
		if (a->aggdistinct)
			strbuf_append(buf, "DISTINCT ");
		deparse_list(buf, a->args, ", ", dc);
	}
	strbuf_append_char(buf, ')');
}

static void
deparse_case(StringBuf *buf, CaseExpr *c, DeparseCtx *dc)
{
	ListCell   *lc;

	strbuf_append(buf, "CASE");
	foreach(lc, c->args)
	{
		CaseWhen   *w = lfirst(lc);

		strbuf_append(buf, " WHEN ");
		deparse(buf, w->expr, dc, false);
		strbuf_append(buf, " THEN ");
		deparse(buf, w->result, dc, false);
	}
	if (c->defresult)
	{
		strbuf_append(buf, " ELSE ");
		deparse(buf, c->defresult, dc, false);
	}
	strbuf_append(buf, " END");
}

static void
deparse(StringBuf *buf, Node *node, DeparseCtx *dc, bool top)
{
	if (node == NULL)
		return;
	switch (nodeTag(node))
	{
		case T_Var:
			deparse_var(buf, (Var *) node, dc);
			break;
		case T_Const:
			deparse_const(buf, (Const *) node);
			break;
		case T_Param:
			strbuf_appendf(buf, "$%d", ((Param *) node)->paramkind == PARAM_EXEC ?
						   ((Param *) node)->paramid : ((Param *) node)->paramid);
			break;
		case T_FuncExpr:
			strbuf_appendf(buf, "%s(", ((FuncExpr *) node)->func->name);
			deparse_list(buf, ((FuncExpr *) node)->args, ", ", dc);
			strbuf_append_char(buf, ')');
			break;
		case T_OpExpr:
			deparse_op(buf, (OpExpr *) node, dc);
			break;
		case T_CoerceExpr:
			strbuf_append_char(buf, '(');
			deparse(buf, ((CoerceExpr *) node)->arg, dc, false);
			strbuf_appendf(buf, ")::%s", type_format(((CoerceExpr *) node)->resulttype,
													 ((CoerceExpr *) node)->resulttypmod));
			break;
		case T_Aggref:
			deparse_agg(buf, (Aggref *) node, dc);
			break;
		case T_BoolExpr:
			deparse_bool(buf, (BoolExpr *) node, dc);
			break;
		case T_NullTest:
			strbuf_append_char(buf, '(');
			deparse(buf, ((NullTest *) node)->arg, dc, false);
			strbuf_append(buf, ((NullTest *) node)->nulltesttype == IS_NULL ?
						  " IS NULL)" : " IS NOT NULL)");
			break;
		case T_BooleanTest:
			{
				static const char *const names[] = {
					" IS TRUE", " IS NOT TRUE", " IS FALSE", " IS NOT FALSE",
					" IS UNKNOWN", " IS NOT UNKNOWN"
				};

				strbuf_append_char(buf, '(');
				deparse(buf, ((BooleanTest *) node)->arg, dc, false);
				strbuf_appendf(buf, "%s)", names[((BooleanTest *) node)->booltesttype]);
				break;
			}
		case T_CaseExpr:
			deparse_case(buf, (CaseExpr *) node, dc);
			break;
		case T_CoalesceExpr:
			strbuf_append(buf, "COALESCE(");
			deparse_list(buf, ((CoalesceExpr *) node)->args, ", ", dc);
			strbuf_append_char(buf, ')');
			break;
		case T_MinMaxExpr:
			strbuf_append(buf, ((MinMaxExpr *) node)->op == IS_GREATEST ? "GREATEST(" : "LEAST(");
			deparse_list(buf, ((MinMaxExpr *) node)->args, ", ", dc);
			strbuf_append_char(buf, ')');
			break;
		case T_SQLValueFunction:
			strbuf_append(buf, "CURRENT_VALUE");
			break;
		case T_SubPlan:
			strbuf_appendf(buf, "(SubPlan %d)", ((SubPlan *) node)->plan_id + 1);
			break;
		case T_SrfValue:
			strbuf_append(buf, "(set-returning function)");
			break;
		case T_WindowFunc:
			strbuf_appendf(buf, "%s(", ((WindowFunc *) node)->name);
			if (((WindowFunc *) node)->winstar)
				strbuf_append_char(buf, '*');
			deparse_list(buf, ((WindowFunc *) node)->args, ", ", dc);
			strbuf_append(buf, ") OVER (?)");
			break;
		default:
			strbuf_append(buf, "?");
			break;
	}
	(void) top;
}

static char *
deparse_qual_list(List *quals, DeparseCtx *dc)
{
	StringBuf	buf;

	strbuf_init(&buf);
	if (list_length(quals) == 1)
	{
		Node	   *q = linitial(quals);

		deparse(&buf, q, dc, true);
		/* PostgreSQL parenthesizes a lone Var or function call too */
		if (!IsA(q, OpExpr) && !IsA(q, BoolExpr) && !IsA(q, NullTest) &&
			!IsA(q, BooleanTest) && !IsA(q, SubPlan))
		{
			char	   *s = psprintf("(%s)", buf.data);

			return s;
		}
		return buf.data;
	}
	strbuf_append_char(&buf, '(');
	deparse_list(&buf, quals, " AND ", dc);
	strbuf_append_char(&buf, ')');
	return buf.data;
}

/* ------------------------------------------------------------------------
 * Plan tree printing
 * ------------------------------------------------------------------------
 */
static void
add_line(ExplainCtx *ec, int indent, const char *text)
{
	ec->lines = lappend(ec->lines, psprintf("%*s%s", indent, "", text));
}

static const char *
join_name(JoinType jt)
{
	switch (jt)
	{
		case JOIN_LEFT:
			return " Left Join";
		case JOIN_RIGHT:
			return " Right Join";
		case JOIN_FULL:
			return " Full Join";
		default:
			return "";
	}
}

static char *
node_title(Plan *plan)
{
	switch (nodeTag(plan))
	{
		case T_SeqScanPlan:
			{
				SeqScanPlan *s = (SeqScanPlan *) plan;

				if (strcmp(s->relname, s->aliasname) == 0)
					return psprintf("Seq Scan on %s", s->relname);
				return psprintf("Seq Scan on %s %s", s->relname, s->aliasname);
			}
		case T_IndexScanPlan:
			{
				IndexScanPlan *s = (IndexScanPlan *) plan;

				if (strcmp(s->relname, s->aliasname) == 0)
					return psprintf("Index Scan using %s on %s", s->indexname, s->relname);
				return psprintf("Index Scan using %s on %s %s", s->indexname, s->relname,
								s->aliasname);
			}
		case T_FunctionScanPlan:
			{
				FunctionScanPlan *f = (FunctionScanPlan *) plan;
				const char *fname = f->sysview ? sysview_by_id(f->sysview - 1)->name :
					IsA(f->funcexpr, FuncExpr) ?
					((FuncExpr *) f->funcexpr)->func->name : "function";

				if (strcmp(fname, f->aliasname) == 0)
					return psprintf("Function Scan on %s", fname);
				return psprintf("Function Scan on %s %s", fname, f->aliasname);
			}
		case T_ValuesScanPlan:
			return psprintf("Values Scan on \"%s\"", ((ValuesScanPlan *) plan)->aliasname);
		case T_SubqueryScanPlan:
			return psprintf("Subquery Scan on %s", ((SubqueryScanPlan *) plan)->aliasname ?
							((SubqueryScanPlan *) plan)->aliasname : "unnamed_subquery");
		case T_CteScanPlan:
			{
				CteScanPlan *c = (CteScanPlan *) plan;

				if (strcmp(c->ctename, c->aliasname) == 0)
					return psprintf("CTE Scan on %s", c->ctename);
				return psprintf("CTE Scan on %s %s", c->ctename, c->aliasname);
			}
		case T_NestLoopPlan:
			return psprintf("Nested Loop%s", join_name(((NestLoopPlan *) plan)->jointype));
		case T_HashJoinPlan:
			return psprintf("Hash%s", ((HashJoinPlan *) plan)->jointype == JOIN_INNER ?
							" Join" : join_name(((HashJoinPlan *) plan)->jointype));
		case T_SortPlan:
			return pstrdup("Sort");
		case T_AggPlan:
			switch (((AggPlan *) plan)->strategy)
			{
				case AGG_PLAIN:
					return pstrdup("Aggregate");
				case AGG_SORTED:
					return pstrdup("GroupAggregate");
				case AGG_HASHED:
					return pstrdup("HashAggregate");
			}
			break;
		case T_UniquePlan:
			return pstrdup("Unique");
		case T_SetOpPlan:
			{
				SetOpPlan  *s = (SetOpPlan *) plan;

				return psprintf("HashSetOp %s%s", s->op == SETOP_INTERSECT ? "Intersect" : "Except",
								s->all ? " All" : "");
			}
		case T_AppendPlan:
			return pstrdup("Append");
		case T_LimitPlan:
			return pstrdup("Limit");
		case T_MaterialPlan:
			return pstrdup("Materialize");
		case T_LockRowsPlan:
			return pstrdup("LockRows");
		case T_RecursiveUnionPlan:
			return pstrdup("Recursive Union");
		case T_WindowAggPlan:
			return pstrdup("WindowAgg");
		case T_WorkTableScanPlan:
			{
				WorkTableScanPlan *w = (WorkTableScanPlan *) plan;

				if (strcmp(w->ctename, w->aliasname) == 0)
					return psprintf("WorkTable Scan on %s", w->ctename);
				return psprintf("WorkTable Scan on %s %s", w->ctename, w->aliasname);
			}
		case T_ProjectSetPlan:
			return pstrdup("ProjectSet");
		case T_ResultPlan:
			return pstrdup("Result");
		case T_ModifyTablePlan:
			{
				ModifyTablePlan *m = (ModifyTablePlan *) plan;
				const char *op = m->operation == CMD_INSERT ? "Insert" :
					m->operation == CMD_UPDATE ? "Update" : "Delete";

				return psprintf("%s on %s", op, m->relname ? m->relname : "?");
			}
		default:
			break;
	}
	return pstrdup("???");
}

static char *
node_line(ExplainCtx *ec, Plan *plan, PlanState *ps, const char *title)
{
	StringBuf	buf;

	strbuf_init(&buf);
	strbuf_append(&buf, title);
	if (ec->costs)
		strbuf_appendf(&buf, "  (cost=%.2f..%.2f rows=%.0f width=%d)", plan->startup_cost,
					   Max(plan->total_cost, plan->startup_cost), plan->plan_rows,
					   plan->plan_width > 0 ? plan->plan_width : 4);
	if (ec->analyze)
	{
		if (ps == NULL || ps->nloops == 0)
			strbuf_append(&buf, " (never executed)");
		else
			strbuf_appendf(&buf, " (actual time=%.3f..%.3f rows=%.0f loops=%.0f)",
						   ps->first_ms / ps->nloops, ps->total_ms / ps->nloops,
						   ps->ntuples / ps->nloops, ps->nloops);
	}
	return buf.data;
}

static const char *
scan_alias(Plan *plan)
{
	if (plan == NULL)
		return NULL;
	switch (nodeTag(plan))
	{
		case T_SeqScanPlan:
			return ((SeqScanPlan *) plan)->aliasname;
		case T_IndexScanPlan:
			return ((IndexScanPlan *) plan)->aliasname;
		case T_FunctionScanPlan:
			return ((FunctionScanPlan *) plan)->aliasname;
		case T_ValuesScanPlan:
			return ((ValuesScanPlan *) plan)->aliasname;
		case T_SubqueryScanPlan:
			return ((SubqueryScanPlan *) plan)->aliasname;
		case T_CteScanPlan:
			return ((CteScanPlan *) plan)->aliasname;
		default:
			return NULL;
	}
}

static void
add_detail_scan(ExplainCtx *ec, int indent, const char *label, List *quals, Plan *outer,
				Plan *inner, const char *scanrel)
{
	DeparseCtx	dc = {outer, inner, ec->prefix, scanrel};

	if (quals == NIL)
		return;
	add_line(ec, indent, psprintf("%s: %s", label, deparse_qual_list(quals, &dc)));
}

static void
add_detail(ExplainCtx *ec, int indent, const char *label, List *quals, Plan *outer, Plan *inner)
{
	DeparseCtx	dc = {outer, inner, ec->prefix, NULL};

	if (quals == NIL)
		return;
	add_line(ec, indent, psprintf("%s: %s", label, deparse_qual_list(quals, &dc)));
}

static void
add_sort_keys(ExplainCtx *ec, int indent, SortPlan *s)
{
	StringBuf	buf;
	DeparseCtx	dc = {s->plan.lefttree, NULL, ec->prefix, NULL};

	strbuf_init(&buf);
	strbuf_append(&buf, "Sort Key: ");
	for (int i = 0; i < s->nkeys; i++)
	{
		Var		   *ov = makeVar(VAR_OUTER, s->sortcols[i], s->sorttypes[i], -1, 0);
		DeparseCtx	sub;
		Node	   *e = plan_output_expr(s->plan.lefttree, s->sortcols[i], &sub);
		bool		simple;

		/* look through columns that merely pass a lower column up */
		while (e != NULL && IsA(e, Var) && ((Var *) e)->explain_col == NULL &&
			   (((Var *) e)->varno == VAR_OUTER || ((Var *) e)->varno == VAR_INNER))
		{
			Plan	   *from = ((Var *) e)->varno == VAR_OUTER ? sub.outer : sub.inner;

			e = plan_output_expr(from, ((Var *) e)->varattno, &sub);
		}
		simple = e == NULL || IsA(e, Var) || IsA(e, Const);

		if (i > 0)
			strbuf_append(&buf, ", ");
		if (!simple)
			strbuf_append_char(&buf, '(');
		deparse(&buf, (Node *) ov, &dc, true);
		if (!simple)
			strbuf_append_char(&buf, ')');
		if (s->descending[i])
			strbuf_append(&buf, " DESC");
		if (s->nullsfirst[i] != s->descending[i])
			strbuf_append(&buf, s->nullsfirst[i] ? " NULLS FIRST" : " NULLS LAST");
	}
	add_line(ec, indent, buf.data);
}

static void explain_node(ExplainCtx *ec, Plan *plan, PlanState *ps, int depth,
						 const char *label);

/* EXPLAIN ANALYZE of a Sort: how it sorted and the space it took, as PG prints it. */
static void
add_sort_method(ExplainCtx *ec, PlanState *ps, int indent)
{
	ExtSortStats st;

	if (!exec_sort_stats(ps, &st))
		return;
	if (st.spilled)
		add_line(ec, indent, psprintf("Sort Method: external merge  Disk: %llukB",
									  (unsigned long long) Max(st.disk_kb, (uint64_t) 1)));
	else
		add_line(ec, indent, psprintf("Sort Method: quicksort  Memory: %llukB",
									  (unsigned long long) Max(st.memory_kb, (uint64_t) 1)));
}

static void
add_node_details(ExplainCtx *ec, Plan *plan, int indent)
{
	switch (nodeTag(plan))
	{
		case T_IndexScanPlan:
			{
				List	   *conds = NIL;
				ListCell   *lc;

				foreach(lc, ((IndexScanPlan *) plan)->indexkeys)
					conds = lappend(conds, ((IndexKeyPlan *) lfirst(lc))->origqual);
				add_detail_scan(ec, indent, "Index Cond", conds, NULL, NULL, scan_alias(plan));
				break;
			}
		case T_HashJoinPlan:
			add_detail(ec, indent, "Hash Cond", ((HashJoinPlan *) plan)->hashclauses,
					   plan->lefttree, plan->righttree);
			add_detail(ec, indent, "Join Filter", ((HashJoinPlan *) plan)->joinqual,
					   plan->lefttree, plan->righttree);
			break;
		case T_NestLoopPlan:
			add_detail(ec, indent, "Join Filter", ((NestLoopPlan *) plan)->joinqual,
					   plan->lefttree, plan->righttree);
			break;
		case T_SortPlan:
			add_sort_keys(ec, indent, (SortPlan *) plan);
			break;
		case T_AggPlan:
			if (((AggPlan *) plan)->groupexprs != NIL)
			{
				DeparseCtx	dc = {plan->lefttree, NULL, ec->prefix, NULL};
				StringBuf	buf;

				strbuf_init(&buf);
				strbuf_append(&buf, "Group Key: ");
				deparse_list(&buf, ((AggPlan *) plan)->groupexprs, ", ", &dc);
				add_line(ec, indent, buf.data);
			}
			break;
		case T_ResultPlan:
			if (((ResultPlan *) plan)->constqual)
				add_detail(ec, indent, "One-Time Filter",
						   list_make1(((ResultPlan *) plan)->constqual), NULL, NULL);
			break;
		default:
			break;
	}
	/* a node's own filter reads its output row */
	add_detail_scan(ec, indent, "Filter", plan->qual, plan, NULL, scan_alias(plan));
}

static bool
is_hidden(Plan *plan)
{
	return IsA(plan, ResultPlan) && ((ResultPlan *) plan)->hidden && plan->lefttree != NULL &&
		plan->qual == NIL;
}

static void
explain_children(ExplainCtx *ec, Plan *plan, PlanState *ps, int depth)
{
	if (IsA(plan, AppendPlan))
	{
		ListCell   *lc;

		foreach(lc, ((AppendPlan *) plan)->plans)
			explain_node(ec, lfirst(lc), NULL, depth + 1, NULL);
		return;
	}
	if (plan->lefttree)
		explain_node(ec, plan->lefttree, ps ? ps->lefttree : NULL, depth + 1, NULL);
	if (plan->righttree)
	{
		if (IsA(plan, HashJoinPlan))
		{
			/* PostgreSQL shows the hashed input under a Hash node */
			int			indent = 6 * depth + 2;
			char	   *line = node_line(ec, plan->righttree, ps ? ps->righttree : NULL, "Hash");

			add_line(ec, indent, psprintf("->  %s", line));
			explain_node(ec, plan->righttree, ps ? ps->righttree : NULL, depth + 2, NULL);
		}
		else
			explain_node(ec, plan->righttree, ps ? ps->righttree : NULL, depth + 1, NULL);
	}
}

static void
explain_node(ExplainCtx *ec, Plan *plan, PlanState *ps, int depth, const char *label)
{
	int			indent;
	char	   *line;

	while (is_hidden(plan))
	{
		plan = plan->lefttree;
		ps = ps ? ps->lefttree : NULL;
	}
	line = node_line(ec, plan, ps, node_title(plan));
	if (depth == 0)
	{
		add_line(ec, 0, label ? psprintf("%s", line) : line);
		indent = 2;
	}
	else
	{
		add_line(ec, 6 * (depth - 1) + 2, psprintf("->  %s", line));
		indent = 6 * depth + 2;
	}
	add_node_details(ec, plan, indent);
	if (ec->analyze)
		add_sort_method(ec, ps, indent);
	explain_children(ec, plan, ps, depth);
}

List *
explain_plan_lines(PlannedStmt *pstmt, QueryDesc *analyzed, bool costs)
{
	ExplainCtx	ec;
	ListCell   *lc;

	memset(&ec, 0, sizeof(ec));
	ec.costs = costs;
	ec.analyze = analyzed != NULL;
	ec.prefix = pstmt->explain_prefix;
	ec.pstmt = pstmt;
	explain_node(&ec, pstmt->planTree, analyzed ? executor_top_state(analyzed) : NULL, 0, NULL);
	foreach(lc, pstmt->subplans)
	{
		int			i = foreach_current_index(lc);
		PlanState  *sps = analyzed ? executor_estate(analyzed)->subplans[i].ps : NULL;

		add_line(&ec, 2, psprintf("SubPlan %d", i + 1));
		explain_node(&ec, lfirst(lc), sps, 2, NULL);
	}
	return ec.lines;
}

/* ------------------------------------------------------------------------
 * EXPLAIN statement
 * ------------------------------------------------------------------------
 */
static bool
option_bool(DefElem *d)
{
	if (d->arg == NULL)
		return true;
	if (IsA(d->arg, Boolean))
		return boolVal(d->arg);
	if (IsA(d->arg, Integer))
		return intVal(d->arg) != 0;
	if (IsA(d->arg, String))
	{
		bool		b;

		if (guc_parse_bool(strVal(d->arg), &b))
			return b;
	}
	ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
			errmsg("%s requires a Boolean value", d->defname));
	return false;
}

static double
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

void
explain_execute(PreparedStmt *ps, ExplainStmt *stmt, const ParamValues *params,
				DestReceiver *dest, char *tag, size_t tag_size)
{
	bool		analyze = false;
	bool		costs = true;
	bool		timing = true;
	ListCell   *lc;
	PreparedStmt inner;
	double		plan_start = clock_ms();
	double		plan_ms;
	List	   *lines;
	QueryDesc  *qd = NULL;
	double		exec_ms = 0;

	foreach(lc, stmt->options)
	{
		DefElem    *d = lfirst(lc);

		if (strcmp(d->defname, "analyze") == 0)
			analyze = option_bool(d);
		else if (strcmp(d->defname, "costs") == 0)
			costs = option_bool(d);
		else if (strcmp(d->defname, "timing") == 0)
			timing = option_bool(d);
		else if (strcmp(d->defname, "format") == 0)
		{
			if (d->arg && IsA(d->arg, String) && strcmp(strVal(d->arg), "text") != 0)
				ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("EXPLAIN format \"%s\" is not supported", strVal(d->arg)));
		}
		else if (strcmp(d->defname, "verbose") != 0 && strcmp(d->defname, "buffers") != 0 &&
				 strcmp(d->defname, "summary") != 0 && strcmp(d->defname, "settings") != 0 &&
				 strcmp(d->defname, "wal") != 0)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("unrecognized EXPLAIN option \"%s\"", d->defname),
					errposition(analyze_errpos(ps->query_text, d->location)));
	}
	(void) timing;
	if (!IsA(stmt->query, SelectStmt) && !IsA(stmt->query, InsertStmt) &&
		!IsA(stmt->query, UpdateStmt) && !IsA(stmt->query, DeleteStmt))
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("EXPLAIN is only supported for SELECT, INSERT, UPDATE and DELETE"));
	memset(&inner, 0, sizeof(inner));
	inner.query_text = ps->query_text;
	inner.nparams = params ? params->nparams : 0;
	inner.param_types = params && params->nparams ? (Oid *) params->types : NULL;
	inner.infer_params = false;
	inner.cxt = CurrentMemoryContext;
	portal_plan_query(&inner, stmt->query);
	plan_ms = clock_ms() - plan_start;
	if (analyze)
	{
		double		start = clock_ms();

		qd = executor_start(inner.plan, params, snapshot_copy(snapshot_get_statement()), true);
		while (executor_next(qd) != NULL)
			;
		exec_ms = clock_ms() - start;
	}
	lines = explain_plan_lines(inner.plan, qd, costs);
	if (analyze)
	{
		lines = lappend(lines, psprintf("Planning Time: %.3f ms", plan_ms));
		lines = lappend(lines, psprintf("Execution Time: %.3f ms", exec_ms));
		executor_end(qd);
	}
	portal_send_text_rows(dest, ps->desc, lines);
	snprintf(tag, tag_size, "EXPLAIN");
}
