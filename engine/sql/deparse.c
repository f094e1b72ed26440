/*-------------------------------------------------------------------------
 * deparse.c
 *	  Turning a raw (unanalyzed) expression back into SQL text.
 *
 * Role: column DEFAULT expressions are stored in pg_attrdef as SQL text
 * and analyzed afresh by each INSERT; this produces that text from the
 * parse tree of CREATE TABLE / ALTER TABLE.
 *
 * Contract: deparse_raw_expr(e) returns text that parses back (as
 * `SELECT <text>`) to an equivalent tree.  Every sub-expression is fully
 * parenthesized, so operator precedence never changes the meaning.  Node
 * kinds not covered raise 0A000 naming the construct.
 *-------------------------------------------------------------------------
 */
#include "sql/deparse.h"

#include "sql/nodes/parsenodes.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

static void deparse(Node *e, StringBuf *out);

static void
append_quoted_literal(StringBuf *out, const char *s)
{
	strbuf_append_char(out, '\'');
	for (const char *p = s; *p; p++)
	{
		if (*p == '\'')
			strbuf_append_char(out, '\'');
		strbuf_append_char(out, *p);
	}
	strbuf_append_char(out, '\'');
}

static void
append_ident(StringBuf *out, const char *name)
{
	strbuf_append_char(out, '"');
	for (const char *p = name; *p; p++)
	{
		if (*p == '"')
			strbuf_append_char(out, '"');
		strbuf_append_char(out, *p);
	}
	strbuf_append_char(out, '"');
}

static void
append_name_list(StringBuf *out, List *names, bool quote)
{
	ListCell   *lc;
	bool		first = true;

	foreach(lc, names)
	{
		if (!first)
			strbuf_append_char(out, '.');
		first = false;
		if (quote)
			append_ident(out, strVal(lfirst(lc)));
		else
			strbuf_append(out, strVal(lfirst(lc)));
	}
}

static void
deparse_const(A_Const *c, StringBuf *out)
{
	if (c->isnull)
		strbuf_append(out, "NULL");
	else if (IsA(c->val, Integer))
		strbuf_appendf(out, "%d", intVal(c->val));
	else if (IsA(c->val, Float))
		strbuf_append(out, castNode(Float, c->val)->fval);
	else if (IsA(c->val, Boolean))
		strbuf_append(out, boolVal(c->val) ? "true" : "false");
	else if (IsA(c->val, String))
		append_quoted_literal(out, strVal(c->val));
	else
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("bit-string constants are not supported in DEFAULT expressions"));
}

void
deparse_type_name(const TypeName *t, StringBuf *out)
{
	ListCell   *lc;

	/* Type names are written unquoted so multi-word spellings survive. */
	append_name_list(out, t->names, false);
	if (t->typmods != NIL)
	{
		strbuf_append_char(out, '(');
		foreach(lc, t->typmods)
		{
			if (foreach_current_index(lc) > 0)
				strbuf_append(out, ", ");
			deparse(lfirst(lc), out);
		}
		strbuf_append_char(out, ')');
	}
	if (t->arrayBounds != NIL)
		strbuf_append(out, "[]");
}

static void
deparse_args(List *args, StringBuf *out)
{
	ListCell   *lc;

	foreach(lc, args)
	{
		if (foreach_current_index(lc) > 0)
			strbuf_append(out, ", ");
		deparse(lfirst(lc), out);
	}
}

static void
deparse_func(FuncCall *f, StringBuf *out)
{
	if (f->agg_order || f->agg_filter || f->over || f->agg_within_group)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("aggregate functions are not allowed in DEFAULT expressions"));
	append_name_list(out, f->funcname, true);
	strbuf_append_char(out, '(');
	if (f->agg_star)
		strbuf_append_char(out, '*');
	if (f->agg_distinct)
		strbuf_append(out, "DISTINCT ");
	deparse_args(f->args, out);
	strbuf_append_char(out, ')');
}

static void
deparse_op(A_Expr *a, StringBuf *out)
{
	const char *op = strVal(llast(a->name));

	if (a->kind != AEXPR_OP)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("this kind of operator expression is not supported in DEFAULT expressions"));
	strbuf_append_char(out, '(');
	if (a->lexpr)
	{
		deparse(a->lexpr, out);
		strbuf_append_char(out, ' ');
	}
	if (list_length(a->name) > 1)
	{
		strbuf_append(out, "OPERATOR(");
		append_name_list(out, a->name, false);
		strbuf_append(out, ") ");
	}
	else
		strbuf_appendf(out, "%s ", op);
	deparse(a->rexpr, out);
	strbuf_append_char(out, ')');
}

static const char *
sql_value_function_text(SQLValueFunctionOp op)
{
	switch (op)
	{
		case SVFOP_CURRENT_DATE:
			return "CURRENT_DATE";
		case SVFOP_CURRENT_TIME:
		case SVFOP_CURRENT_TIME_N:
			return "CURRENT_TIME";
		case SVFOP_CURRENT_TIMESTAMP:
		case SVFOP_CURRENT_TIMESTAMP_N:
			return "CURRENT_TIMESTAMP";
		case SVFOP_LOCALTIME:
		case SVFOP_LOCALTIME_N:
			return "LOCALTIME";
		case SVFOP_LOCALTIMESTAMP:
		case SVFOP_LOCALTIMESTAMP_N:
			return "LOCALTIMESTAMP";
		case SVFOP_CURRENT_ROLE:
			return "CURRENT_ROLE";
		case SVFOP_CURRENT_USER:
			return "CURRENT_USER";
		case SVFOP_USER:
			return "USER";
		case SVFOP_SESSION_USER:
			return "SESSION_USER";
		case SVFOP_CURRENT_CATALOG:
			return "CURRENT_CATALOG";
		case SVFOP_CURRENT_SCHEMA:
			return "CURRENT_SCHEMA";
	}
	return "NULL";
}

static void
deparse(Node *e, StringBuf *out)
{
	switch (nodeTag(e))
	{
		case T_A_Const:
			deparse_const((A_Const *) e, out);
			break;
		case T_Integer:
			strbuf_appendf(out, "%d", intVal(e));
			break;
		case T_TypeCast:
			{
				TypeCast   *tc = (TypeCast *) e;

				strbuf_append(out, "CAST(");
				deparse(tc->arg, out);
				strbuf_append(out, " AS ");
				deparse_type_name(tc->typeName, out);
				strbuf_append_char(out, ')');
				break;
			}
		case T_FuncCall:
			deparse_func((FuncCall *) e, out);
			break;
		case T_A_Expr:
			deparse_op((A_Expr *) e, out);
			break;
		case T_BoolExpr:
			{
				BoolExpr   *b = (BoolExpr *) e;
				ListCell   *lc;

				strbuf_append_char(out, '(');
				if (b->boolop == NOT_EXPR)
					strbuf_append(out, "NOT ");
				foreach(lc, b->args)
				{
					if (foreach_current_index(lc) > 0)
						strbuf_append(out, b->boolop == AND_EXPR ? " AND " : " OR ");
					deparse(lfirst(lc), out);
				}
				strbuf_append_char(out, ')');
				break;
			}
		case T_NullTest:
			{
				NullTest   *n = (NullTest *) e;

				strbuf_append_char(out, '(');
				deparse(n->arg, out);
				strbuf_append(out, n->nulltesttype == IS_NULL ? " IS NULL)" : " IS NOT NULL)");
				break;
			}
		case T_SQLValueFunction:
			{
				SQLValueFunction *s = (SQLValueFunction *) e;

				strbuf_append(out, sql_value_function_text(s->op));
				if (s->typmod >= 0 &&
					(s->op == SVFOP_CURRENT_TIME_N || s->op == SVFOP_CURRENT_TIMESTAMP_N ||
					 s->op == SVFOP_LOCALTIME_N || s->op == SVFOP_LOCALTIMESTAMP_N))
					strbuf_appendf(out, "(%d)", s->typmod);
				break;
			}
		case T_ColumnRef:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("cannot use column reference in DEFAULT expression"));
			break;
		default:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("this kind of expression is not supported in DEFAULT expressions"));
	}
}

char *
deparse_raw_expr(Node *expr)
{
	StringBuf	out;

	strbuf_init(&out);
	deparse(expr, &out);
	return out.data;
}
