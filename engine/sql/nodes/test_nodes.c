/*-------------------------------------------------------------------------
 * test_nodes.c
 *	  Unit tests for sql/nodes: node allocation, value nodes, the
 *	  node_to_string() format, copy_node() (deep, independent copies),
 *	  node_equal() (ignores locations, sees every other field), and the
 *	  out/copy hooks for tags outside parsenodes.h.
 *
 * How: trees are built by hand with makeNode and the constructors, and
 * the dumps compared with hand-written expected strings; copies are
 * mutated to prove they share nothing with the original.
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/minipg.h"
#include "sql/nodes/parsenodes.h"
#include "sql/parser/parser.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

static MemoryContext test_ctx;

static int
setup(void **state)
{
	test_ctx = memctx_create(TopMemoryContext, "test_nodes");
	memctx_switch_to(test_ctx);
	return 0;
}

static int
teardown(void **state)
{
	memctx_switch_to(TopMemoryContext);
	memctx_delete(test_ctx);
	return 0;
}

static void
test_make_node(void **state)
{
	SelectStmt *s = makeNode(SelectStmt);
	RangeVar   *r = makeRangeVar(NULL, "t", 7);
	TypeName   *t = makeSystemTypeName("int4");

	assert_int_equal(nodeTag(s), T_SelectStmt);
	assert_true(IsA(s, SelectStmt));
	assert_false(IsA(s, InsertStmt));
	assert_false(IsA((Node *) NULL, SelectStmt));
	assert_null(s->targetList);
	assert_false(s->distinct);
	assert_true(r->inh);
	assert_int_equal(r->relpersistence, RELPERSISTENCE_PERMANENT);
	assert_int_equal(t->typemod, -1);
	assert_int_equal(list_length(t->names), 2);
	assert_string_equal(node_tag_name(T_SelectStmt), "SelectStmt");
	assert_string_equal(node_tag_name(T_List), "List");
	assert_string_equal(node_tag_name(T_Integer), "Integer");
	assert_null(node_tag_name((NodeTag) 999));
}

static void
test_out_values(void **state)
{
	assert_string_equal(node_to_string(makeInteger(-42)), "-42");
	assert_string_equal(node_to_string(makeFloat("1.5e3")), "{Float \"1.5e3\"}");
	assert_string_equal(node_to_string(makeBoolean(true)), "true");
	assert_string_equal(node_to_string(makeString("a\"b\\c")), "\"a\\\"b\\\\c\"");
	assert_string_equal(node_to_string(makeBitString("b101")), "{BitString \"b101\"}");
	assert_string_equal(node_to_string(NULL), "<>");
	assert_string_equal(node_to_string(list_make2(makeInteger(1), makeString("x"))), "(1 \"x\")");
	assert_string_equal(node_to_string(list_make2_int(3, -4)), "(i 3 -4)");
	assert_string_equal(node_to_string(list_make1_oid(4000000000u)), "(o 4000000000)");
	assert_string_equal(node_to_string(list_make1(NULL)), "(<>)");
}

static void
test_out_nodes(void **state)
{
	A_Expr	   *e = makeSimpleA_Expr(AEXPR_OP, "+",
									 (Node *) makeColumnRef(list_make1(makeString("a")), 7),
									 (Node *) makeA_Const((Node *) makeInteger(1), 11), 9);
	RangeVar   *r = makeRangeVar("s", "t", -1);

	assert_string_equal(node_to_string(e),
						"{A_Expr :kind OP :name (\"+\") :lexpr {ColumnRef :fields (\"a\") @7} "
						":rexpr {A_Const :val 1 @11} @9}");
	/* defaults omitted: inh true, persistence 'p', unknown location */
	assert_string_equal(node_to_string(r), "{RangeVar :schemaname \"s\" :relname \"t\"}");
	r->inh = false;
	r->relpersistence = RELPERSISTENCE_TEMP;
	assert_string_equal(node_to_string(r),
						"{RangeVar :schemaname \"s\" :relname \"t\" :inh false :relpersistence 't'}");
	assert_string_equal(node_to_string(makeNullA_Const(3)), "{A_Const :isnull true @3}");
	assert_string_equal(node_to_string(makeNode(CheckPointStmt)), "{CheckPointStmt}");
}

static void
test_copy_is_deep(void **state)
{
	List	   *tree = raw_parser("select a.b, f(1, 'x') from t join u using (k) where c in (1, 2) "
								  "order by 1 desc; begin isolation level serializable; "
								  "fetch forward all from c");
	List	   *copy = copy_node(tree);
	char	   *before = node_to_string(tree);
	SelectStmt *cs;
	ColumnRef  *cr;

	assert_string_equal(node_to_string(copy), before);
	assert_true(node_equal(tree, copy));
	assert_ptr_not_equal(copy, tree);
	/* change the copy everywhere we can reach: the original must not move */
	cs = castNode(SelectStmt, castNode(RawStmt, linitial(copy))->stmt);
	cr = castNode(ColumnRef, castNode(ResTarget, linitial(cs->targetList))->val);
	strVal(linitial(cr->fields))[0] = 'z';
	cs->targetList = lappend(cs->targetList, makeNode(ResTarget));
	castNode(RangeVar, castNode(JoinExpr, linitial(cs->fromClause))->larg)->relname = "other";
	castNode(FetchStmt, castNode(RawStmt, lthird(copy))->stmt)->howMany = 3;
	assert_string_equal(node_to_string(tree), before);
	assert_false(node_equal(tree, copy));
	/* int and Oid lists copy by value */
	{
		List	   *il = list_make2_int(1, 2);
		List	   *ic = copy_node(il);

		ic = lappend_int(ic, 3);
		assert_int_equal(list_length(il), 2);
		assert_true(node_equal(il, list_make2_int(1, 2)));
	}
	assert_null(copy_node(NULL));
}

static void
test_equal(void **state)
{
	List	   *a = raw_parser("select x + 1 from t");
	List	   *b = raw_parser("   select  x+1   from   t  ");	/* other locations */
	List	   *c = raw_parser("select x + 2 from t");
	List	   *d = raw_parser("select x - 1 from t");
	List	   *e = raw_parser("select x + 1 from only t");
	RangeVar   *r1 = makeRangeVar(NULL, "t", 1);
	RangeVar   *r2 = makeRangeVar(NULL, "t", 2);

	/* RawStmt offsets differ, so compare the statements */
	assert_true(node_equal(castNode(RawStmt, linitial(a))->stmt,
						   castNode(RawStmt, linitial(b))->stmt));
	assert_false(node_equal(castNode(RawStmt, linitial(a))->stmt,
							castNode(RawStmt, linitial(c))->stmt));
	assert_false(node_equal(castNode(RawStmt, linitial(a))->stmt,
							castNode(RawStmt, linitial(d))->stmt));
	assert_false(node_equal(castNode(RawStmt, linitial(a))->stmt,
							castNode(RawStmt, linitial(e))->stmt));
	assert_true(node_equal(r1, r2));
	r2->alias = makeAlias("x", NIL);
	assert_false(node_equal(r1, r2));
	assert_false(node_equal(makeString("a"), makeString("b")));
	assert_false(node_equal(makeInteger(1), makeFloat("1")));
	assert_false(node_equal(list_make1_int(1), list_make2_int(1, 2)));
	assert_true(node_equal(NULL, NULL));
	assert_false(node_equal(r1, NULL));
	assert_true(list_member_node(list_make2(makeString("p"), makeString("q")), makeString("q")));
	assert_false(list_member_node(list_make1(makeString("p")), makeString("q")));
}

/* A node type from another module's tag range, with hooks. */
typedef struct FakeNode
{
	NodeTag		type;
	int			value;
} FakeNode;

#define T_FakeNode ((NodeTag) (T_OtherTagsStart + 77))

static bool
fake_out(StringBuf *buf, const Node *node)
{
	if (nodeTag(node) != T_FakeNode)
		return false;
	strbuf_appendf(buf, "{Fake %d}", ((const FakeNode *) node)->value);
	return true;
}

static Node *
fake_copy(const Node *node)
{
	FakeNode   *f;

	if (nodeTag(node) != T_FakeNode)
		return NULL;
	f = (FakeNode *) node_new(sizeof(FakeNode), T_FakeNode);
	f->value = ((const FakeNode *) node)->value;
	return (Node *) f;
}

static void
test_hooks(void **state)
{
	FakeNode   *f = (FakeNode *) node_new(sizeof(FakeNode), T_FakeNode);
	List	   *l;
	volatile bool caught = false;

	f->value = 5;
	l = list_make1(f);
	assert_string_equal(node_to_string(l), "({TAG_977})");
	ELOG_TRY();
	{
		(void) copy_node(l);
	}
	ELOG_CATCH();
	{
		caught = true;
		assert_string_equal(elog_current_error()->message, "unrecognized node type: 977");
		elog_flush_error();
	}
	ELOG_END_TRY();
	assert_true(caught);

	node_out_hook = fake_out;
	node_copy_hook = fake_copy;
	assert_string_equal(node_to_string(l), "({Fake 5})");
	{
		List	   *c = copy_node(l);

		assert_ptr_not_equal(linitial(c), f);
		assert_int_equal(((FakeNode *) linitial(c))->value, 5);
	}
	node_out_hook = NULL;
	node_copy_hook = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_make_node, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_is_deep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_equal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hooks, setup, teardown),
	};

	memctx_init();
	guc_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
