/*-------------------------------------------------------------------------
 * test_list.c
 *	  Unit tests for utils/list.c: construction, growth past the initial
 *	  cells, access, concatenation (including a list with itself), copies,
 *	  deletion down to NIL, iteration with deletion, stable sorting, and
 *	  out-of-range errors.
 *
 * How: every test runs in a fresh memory context; results are checked
 * element by element against values written by the test itself, and
 * errors are caught with ELOG_TRY/ELOG_CATCH.
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/minipg.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/list.h"
#include "utils/memctx.h"

static MemoryContext test_ctx;

static int
setup(void **state)
{
	test_ctx = memctx_create(TopMemoryContext, "test_list");
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
test_make_and_access(void **state)
{
	int			a = 1,
				b = 2,
				c = 3,
				d = 4;
	List	   *l = list_make4(&a, &b, &c, &d);
	List	   *li = list_make3_int(10, 20, 30);
	List	   *lo = list_make2_oid(7u, 4000000000u);

	assert_int_equal(list_length(NIL), 0);
	assert_int_equal(list_length(l), 4);
	assert_ptr_equal(linitial(l), &a);
	assert_ptr_equal(lsecond(l), &b);
	assert_ptr_equal(lthird(l), &c);
	assert_ptr_equal(llast(l), &d);
	assert_int_equal(list_nth_int(li, 1), 20);
	assert_int_equal(llast_int(li), 30);
	assert_int_equal(list_nth_oid(lo, 1), 4000000000u);
	assert_int_equal(l->type, LIST_TAG_POINTER);
	assert_int_equal(li->type, LIST_TAG_INT);
	assert_int_equal(lo->type, LIST_TAG_OID);
}

static void
test_append_grows(void **state)
{
	List	   *l = NIL;

	for (int i = 0; i < 1000; i++)
		l = lappend_int(l, i * 3);
	assert_int_equal(list_length(l), 1000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(list_nth_int(l, i), i * 3);
	/* the grown cell array lives in the list's own context */
	assert_ptr_equal(memctx_of(l->elements), test_ctx);
}

static void
test_grow_in_owner_context(void **state)
{
	MemoryContext other = memctx_create(test_ctx, "other");
	List	   *l = list_make1_int(1);
	MemoryContext old = memctx_switch_to(other);

	for (int i = 0; i < 100; i++)
		l = lappend_int(l, i);
	memctx_switch_to(old);
	assert_ptr_equal(memctx_of(l->elements), test_ctx);
	memctx_delete(other);
	assert_int_equal(list_nth_int(l, 100), 99);	/* still readable */
}

static void
test_lcons_and_insert(void **state)
{
	List	   *l = NIL;
	char	   *s[] = {"a", "b", "c", "d"};

	l = lcons(s[2], l);
	l = lcons(s[0], l);
	l = list_insert_nth(l, 1, s[1]);
	l = list_insert_nth(l, 3, s[3]);
	assert_int_equal(list_length(l), 4);
	for (int i = 0; i < 4; i++)
		assert_ptr_equal(list_nth(l, i), s[i]);
	l = lcons_int(5, NIL);
	assert_int_equal(linitial_int(l), 5);
}

static void
test_concat(void **state)
{
	List	   *a = list_make2_int(1, 2);
	List	   *b = list_make3_int(3, 4, 5);
	List	   *c;

	a = list_concat(a, b);
	assert_int_equal(list_length(a), 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(list_nth_int(a, i), i + 1);
	/* b unchanged and independent */
	assert_int_equal(list_length(b), 3);
	b = lappend_int(b, 6);
	assert_int_equal(list_length(a), 5);

	/* self-concatenation doubles the list */
	a = list_concat(a, a);
	assert_int_equal(list_length(a), 10);
	assert_int_equal(list_nth_int(a, 5), 1);
	assert_int_equal(list_nth_int(a, 9), 5);

	/* NIL on either side */
	c = list_concat(NIL, b);
	assert_ptr_not_equal(c, b);
	assert_int_equal(list_length(c), 4);
	assert_ptr_equal(list_concat(c, NIL), c);

	c = list_concat_copy(b, b);
	assert_int_equal(list_length(c), 8);
	assert_int_equal(list_length(b), 4);
}

static void
test_copy_and_truncate(void **state)
{
	List	   *l = list_make4_int(1, 2, 3, 4);
	List	   *c = list_copy(l);
	List	   *t = list_copy_tail(l, 2);

	c = lappend_int(c, 5);
	assert_int_equal(list_length(l), 4);
	assert_int_equal(list_length(c), 5);
	assert_int_equal(list_length(t), 2);
	assert_int_equal(linitial_int(t), 3);
	assert_null(list_copy_tail(l, 4));
	assert_null(list_copy(NIL));

	l = list_truncate(l, 2);
	assert_int_equal(list_length(l), 2);
	assert_int_equal(llast_int(l), 2);
	l = list_truncate(l, 0);
	assert_null(l);
}

static void
test_member_and_delete(void **state)
{
	int			x = 1,
				y = 2,
				z = 3;
	List	   *l = list_make3(&x, &y, &z);
	List	   *li = list_make3_int(7, 8, 7);
	List	   *lo = list_make1_oid(42);

	assert_true(list_member(l, &y));
	assert_false(list_member(l, &l));
	assert_true(list_member_int(li, 8));
	assert_false(list_member_int(li, 9));
	assert_true(list_member_oid(lo, 42));
	assert_int_equal(list_index_int(li, 7), 0);

	l = list_delete_nth(l, 1);
	assert_int_equal(list_length(l), 2);
	assert_ptr_equal(lsecond(l), &z);
	l = list_delete_ptr(l, &x);
	assert_ptr_equal(linitial(l), &z);
	l = list_delete_ptr(l, &x);		/* not a member: unchanged */
	assert_int_equal(list_length(l), 1);
	l = list_delete_first(l);
	assert_null(l);
	assert_null(list_delete_first(NIL));

	li = list_delete_int(li, 7);	/* first occurrence only */
	assert_int_equal(list_length(li), 2);
	assert_int_equal(linitial_int(li), 8);
	assert_int_equal(lsecond_int(li), 7);
	li = list_delete_last(li);
	assert_int_equal(list_length(li), 1);
	lo = list_delete_oid(lo, 42);
	assert_null(lo);

	li = list_append_unique_int(NIL, 1);
	li = list_append_unique_int(li, 1);
	li = list_append_unique_int(li, 2);
	assert_int_equal(list_length(li), 2);
}

static void
test_foreach(void **state)
{
	List	   *l = NIL;
	ListCell   *lc;
	int			sum = 0,
				count = 0;

	foreach(lc, NIL)
		count++;
	assert_int_equal(count, 0);

	for (int i = 1; i <= 10; i++)
		l = lappend_int(l, i);
	foreach(lc, l)
	{
		assert_int_equal(foreach_current_index(lc) + 1, lfirst_int(lc));
		sum += lfirst_int(lc);
	}
	assert_int_equal(sum, 55);

	/* delete the even numbers while iterating */
	foreach(lc, l)
	{
		if (lfirst_int(lc) % 2 == 0)
			foreach_delete_current(l, lc);
	}
	assert_int_equal(list_length(l), 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(list_nth_int(l, i), 2 * i + 1);

	/* deleting everything ends with NIL */
	foreach(lc, l)
		foreach_delete_current(l, lc);
	assert_null(l);
}

static void
test_forboth(void **state)
{
	List	   *a = list_make3_int(1, 2, 3);
	List	   *b = list_make2_int(10, 20);
	ListCell   *ca,
			   *cb;
	int			n = 0,
				sum = 0;

	forboth(ca, a, cb, b)
	{
		n++;
		sum += lfirst_int(ca) * lfirst_int(cb);
	}
	assert_int_equal(n, 2);
	assert_int_equal(sum, 50);
}

typedef struct Pair
{
	int			key;
	int			seq;
} Pair;

static int
pair_cmp(const ListCell *a, const ListCell *b)
{
	const Pair *pa = lfirst(a);
	const Pair *pb = lfirst(b);

	return (pa->key > pb->key) - (pa->key < pb->key);
}

static void
test_sort_stable(void **state)
{
	List	   *l = NIL;
	List	   *li = list_make4_int(4, -1, 3, 0);
	int			keys[] = {3, 1, 2, 1, 3, 2, 1};

	for (int i = 0; i < 7; i++)
	{
		Pair	   *p = palloc(sizeof(Pair));

		p->key = keys[i];
		p->seq = i;
		l = lappend(l, p);
	}
	list_sort(l, pair_cmp);
	for (int i = 1; i < 7; i++)
	{
		Pair	   *prev = list_nth(l, i - 1);
		Pair	   *cur = list_nth(l, i);

		assert_true(prev->key <= cur->key);
		if (prev->key == cur->key)
			assert_true(prev->seq < cur->seq);
	}
	list_sort(li, list_int_cmp);
	assert_int_equal(linitial_int(li), -1);
	assert_int_equal(llast_int(li), 4);
}

static void
test_out_of_range(void **state)
{
	List	   *l = list_make1_int(1);
	volatile bool caught = false;

	ELOG_TRY();
	{
		(void) list_nth_int(l, 1);
	}
	ELOG_CATCH();
	{
		caught = true;
		assert_string_equal(elog_current_error()->message,
							"list index 1 out of range (length 1)");
		elog_flush_error();
	}
	ELOG_END_TRY();
	assert_true(caught);

	caught = false;
	ELOG_TRY();
	{
		(void) list_nth(NIL, 0);
	}
	ELOG_CATCH();
	{
		caught = true;
		elog_flush_error();
	}
	ELOG_END_TRY();
	assert_true(caught);
}

static void
test_free_deep(void **state)
{
	size_t		before = memctx_used_bytes(test_ctx, false);
	List	   *l = NIL;

	for (int i = 0; i < 100; i++)
		l = lappend(l, pstrdup("x"));
	list_free_deep(l);
	assert_int_equal(memctx_used_bytes(test_ctx, false), before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_make_and_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_grows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grow_in_owner_context, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lcons_and_insert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_and_truncate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forboth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_stable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_deep, setup, teardown),
	};

	memctx_init();
	guc_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
