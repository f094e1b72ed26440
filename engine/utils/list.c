/*-------------------------------------------------------------------------
 * list.c
 *	  Generic lists of pointers, ints or Oids (see list.h).
 *
 * Layout: one palloc'd chunk holds the List header followed by a few
 * initial cells; when a list outgrows them, the cells move to a separate
 * chunk that doubles as needed (the initial cells are then unused).  The
 * separate chunk is allocated in the context that owns the header, so a
 * list never straddles two contexts.
 *
 * Invariants (checked by check_list in assert-enabled builds):
 *	- list == NIL or 1 <= length <= max_length;
 *	- elements == initial_elements or elements is a chunk of its own;
 *	- type is one of the LIST_TAG_* values.
 *
 * Error behaviour: out-of-range indexes raise elog(ERROR); allocation
 * failure raises ERROR from palloc.  No function returns an invalid list.
 *-------------------------------------------------------------------------
 */
#include "utils/list.h"

#include <stdlib.h>

#include "utils/elog.h"
#include "utils/memctx.h"

/* Cells allocated with the header of a new list. */
#define LIST_INITIAL_CELLS	4
/* Upper bound on cells: keeps the byte size of the cell array in an int. */
#define LIST_MAX_CELLS		((int) (MaxAllocSize / sizeof(ListCell)))

static void
check_list(const List *list)
{
	if (list == NIL)
		return;
	Assert(list->type == LIST_TAG_POINTER || list->type == LIST_TAG_INT ||
		   list->type == LIST_TAG_OID);
	Assert(list->length >= 1 && list->length <= list->max_length);
}

/* A new list of the given kind with room for at least min_cells cells. */
static List *
new_list(int tag, int min_cells)
{
	int			cells = Max(min_cells, LIST_INITIAL_CELLS);
	List	   *list;

	list = palloc(offsetof(List, initial_elements) + (size_t) cells * sizeof(ListCell));
	list->type = tag;
	list->length = min_cells;
	list->max_length = cells;
	list->elements = list->initial_elements;
	return list;
}

/* Make room for at least min_size cells; the cells may move. */
static void
enlarge_list(List *list, int min_size)
{
	int			new_max;

	if (min_size <= list->max_length)
		return;
	if (min_size > LIST_MAX_CELLS)
		elog(ERROR, "list length limit exceeded");
	new_max = list->max_length;
	while (new_max < min_size)
		new_max = new_max > LIST_MAX_CELLS / 2 ? LIST_MAX_CELLS : new_max * 2;

	if (list->elements == list->initial_elements)
	{
		ListCell   *cells = memctx_alloc(memctx_of(list),
										 (size_t) new_max * sizeof(ListCell));

		memcpy(cells, list->initial_elements, (size_t) list->length * sizeof(ListCell));
		list->elements = cells;
	}
	else
		list->elements = repalloc(list->elements, (size_t) new_max * sizeof(ListCell));
	list->max_length = new_max;
}

List *
list_make1_impl(int tag, ListCell c1)
{
	List	   *list = new_list(tag, 1);

	list->elements[0] = c1;
	return list;
}

List *
list_make2_impl(int tag, ListCell c1, ListCell c2)
{
	List	   *list = new_list(tag, 2);

	list->elements[0] = c1;
	list->elements[1] = c2;
	return list;
}

List *
list_make3_impl(int tag, ListCell c1, ListCell c2, ListCell c3)
{
	List	   *list = new_list(tag, 3);

	list->elements[0] = c1;
	list->elements[1] = c2;
	list->elements[2] = c3;
	return list;
}

List *
list_make4_impl(int tag, ListCell c1, ListCell c2, ListCell c3, ListCell c4)
{
	List	   *list = new_list(tag, 4);

	list->elements[0] = c1;
	list->elements[1] = c2;
	list->elements[2] = c3;
	list->elements[3] = c4;
	return list;
}

/* Add one empty cell at the end of list (creating it if NIL). */
static List *
append_cell(List *list, int tag, ListCell **cell)
{
	if (list == NIL)
		list = new_list(tag, 1);
	else
	{
		Assert(list->type == tag);
		enlarge_list(list, list->length + 1);
		list->length++;
	}
	*cell = &list->elements[list->length - 1];
	return list;
}

List *
lappend(List *list, void *datum)
{
	ListCell   *cell;

	list = append_cell(list, LIST_TAG_POINTER, &cell);
	cell->ptr_value = datum;
	return list;
}

List *
lappend_int(List *list, int datum)
{
	ListCell   *cell;

	list = append_cell(list, LIST_TAG_INT, &cell);
	cell->int_value = datum;
	return list;
}

List *
lappend_oid(List *list, Oid datum)
{
	ListCell   *cell;

	list = append_cell(list, LIST_TAG_OID, &cell);
	cell->oid_value = datum;
	return list;
}

/* Open a hole at position pos (0..length) and return the cell there. */
static List *
insert_cell(List *list, int tag, int pos, ListCell **cell)
{
	if (list == NIL)
	{
		if (pos != 0)
			elog(ERROR, "list insert position %d out of range", pos);
		list = new_list(tag, 1);
	}
	else
	{
		Assert(list->type == tag);
		if (pos < 0 || pos > list->length)
			elog(ERROR, "list insert position %d out of range", pos);
		enlarge_list(list, list->length + 1);
		memmove(&list->elements[pos + 1], &list->elements[pos],
				(size_t) (list->length - pos) * sizeof(ListCell));
		list->length++;
	}
	*cell = &list->elements[pos];
	return list;
}

List *
list_insert_nth(List *list, int pos, void *datum)
{
	ListCell   *cell;

	list = insert_cell(list, LIST_TAG_POINTER, pos, &cell);
	cell->ptr_value = datum;
	return list;
}

List *
lcons(void *datum, List *list)
{
	ListCell   *cell;

	list = insert_cell(list, LIST_TAG_POINTER, 0, &cell);
	cell->ptr_value = datum;
	return list;
}

List *
lcons_int(int datum, List *list)
{
	ListCell   *cell;

	list = insert_cell(list, LIST_TAG_INT, 0, &cell);
	cell->int_value = datum;
	return list;
}

List *
lcons_oid(Oid datum, List *list)
{
	ListCell   *cell;

	list = insert_cell(list, LIST_TAG_OID, 0, &cell);
	cell->oid_value = datum;
	return list;
}

List *
list_concat(List *list1, const List *list2)
{
	int			old_len;

	check_list(list1);
	check_list(list2);
	if (list2 == NIL)
		return list1;
	if (list1 == NIL)
		return list_copy(list2);
	Assert(list1->type == list2->type);
	if (list2->length > LIST_MAX_CELLS - list1->length)
		elog(ERROR, "list length limit exceeded");
	old_len = list1->length;
	enlarge_list(list1, old_len + list2->length);
	/* memmove: list2 may be list1 itself (its cells did not move before this) */
	memmove(&list1->elements[old_len], list2->elements,
			(size_t) list2->length * sizeof(ListCell));
	list1->length = old_len + list2->length;
	return list1;
}

List *
list_concat_copy(const List *list1, const List *list2)
{
	return list_concat(list_copy(list1), list2);
}

List *
list_copy(const List *list)
{
	List	   *copy;

	check_list(list);
	if (list == NIL)
		return NIL;
	copy = new_list(list->type, list->length);
	memcpy(copy->elements, list->elements, (size_t) list->length * sizeof(ListCell));
	return copy;
}

List *
list_copy_tail(const List *list, int n)
{
	List	   *copy;

	check_list(list);
	if (n < 0)
		n = 0;
	if (list == NIL || n >= list->length)
		return NIL;
	copy = new_list(list->type, list->length - n);
	memcpy(copy->elements, &list->elements[n],
		   (size_t) (list->length - n) * sizeof(ListCell));
	return copy;
}

List *
list_truncate(List *list, int new_size)
{
	check_list(list);
	if (new_size <= 0)
	{
		list_free(list);
		return NIL;
	}
	if (list != NIL && new_size < list->length)
		list->length = new_size;
	return list;
}

ListCell *
list_nth_cell(const List *list, int n)
{
	check_list(list);
	if (list == NIL || n < 0 || n >= list->length)
		elog(ERROR, "list index %d out of range (length %d)", n, list_length(list));
	return &list->elements[n];
}

int
list_index_ptr(const List *list, const void *datum)
{
	check_list(list);
	for (int i = 0; i < list_length(list); i++)
		if (list->elements[i].ptr_value == datum)
			return i;
	return -1;
}

int
list_index_int(const List *list, int datum)
{
	check_list(list);
	for (int i = 0; i < list_length(list); i++)
		if (list->elements[i].int_value == datum)
			return i;
	return -1;
}

int
list_index_oid(const List *list, Oid datum)
{
	check_list(list);
	for (int i = 0; i < list_length(list); i++)
		if (list->elements[i].oid_value == datum)
			return i;
	return -1;
}

bool
list_member_ptr(const List *list, const void *datum)
{
	return list_index_ptr(list, datum) >= 0;
}

bool
list_member_int(const List *list, int datum)
{
	return list_index_int(list, datum) >= 0;
}

bool
list_member_oid(const List *list, Oid datum)
{
	return list_index_oid(list, datum) >= 0;
}

List *
list_append_unique_ptr(List *list, void *datum)
{
	return list_member_ptr(list, datum) ? list : lappend(list, datum);
}

List *
list_append_unique_int(List *list, int datum)
{
	return list_member_int(list, datum) ? list : lappend_int(list, datum);
}

List *
list_append_unique_oid(List *list, Oid datum)
{
	return list_member_oid(list, datum) ? list : lappend_oid(list, datum);
}

List *
list_delete_nth(List *list, int n)
{
	check_list(list);
	if (list == NIL || n < 0 || n >= list->length)
		elog(ERROR, "list index %d out of range (length %d)", n, list_length(list));
	if (list->length == 1)
	{
		list_free(list);
		return NIL;
	}
	memmove(&list->elements[n], &list->elements[n + 1],
			(size_t) (list->length - n - 1) * sizeof(ListCell));
	list->length--;
	return list;
}

List *
list_delete_cell(List *list, ListCell *cell)
{
	Assert(list != NIL && cell >= list->elements && cell < list->elements + list->length);
	return list_delete_nth(list, (int) (cell - list->elements));
}

List *
list_delete_first(List *list)
{
	return list == NIL ? NIL : list_delete_nth(list, 0);
}

List *
list_delete_last(List *list)
{
	return list == NIL ? NIL : list_delete_nth(list, list->length - 1);
}

List *
list_delete_ptr(List *list, const void *datum)
{
	int			i = list_index_ptr(list, datum);

	return i < 0 ? list : list_delete_nth(list, i);
}

List *
list_delete_int(List *list, int datum)
{
	int			i = list_index_int(list, datum);

	return i < 0 ? list : list_delete_nth(list, i);
}

List *
list_delete_oid(List *list, Oid datum)
{
	int			i = list_index_oid(list, datum);

	return i < 0 ? list : list_delete_nth(list, i);
}

int
list_int_cmp(const ListCell *a, const ListCell *b)
{
	return (a->int_value > b->int_value) - (a->int_value < b->int_value);
}

int
list_oid_cmp(const ListCell *a, const ListCell *b)
{
	return (a->oid_value > b->oid_value) - (a->oid_value < b->oid_value);
}

/*
 * Stable merge sort through a scratch array (qsort is not stable, and
 * callers such as ORDER BY processing rely on stability).
 */
static void
merge_sort(ListCell *cells, ListCell *scratch, int n, list_sort_comparator cmp)
{
	int			mid = n / 2;
	int			i = 0,
				j = mid,
				k = 0;

	if (n < 2)
		return;
	merge_sort(cells, scratch, mid, cmp);
	merge_sort(cells + mid, scratch, n - mid, cmp);
	while (i < mid && j < n)
		scratch[k++] = cmp(&cells[j], &cells[i]) < 0 ? cells[j++] : cells[i++];
	while (i < mid)
		scratch[k++] = cells[i++];
	while (j < n)
		scratch[k++] = cells[j++];
	memcpy(cells, scratch, (size_t) n * sizeof(ListCell));
}

void
list_sort(List *list, list_sort_comparator cmp)
{
	ListCell   *scratch;

	check_list(list);
	if (list_length(list) < 2)
		return;
	scratch = palloc((size_t) list->length * sizeof(ListCell));
	merge_sort(list->elements, scratch, list->length, cmp);
	pfree(scratch);
}

void
list_free(List *list)
{
	check_list(list);
	if (list == NIL)
		return;
	if (list->elements != list->initial_elements)
		pfree(list->elements);
	pfree(list);
}

void
list_free_deep(List *list)
{
	check_list(list);
	if (list == NIL)
		return;
	Assert(list->type == LIST_TAG_POINTER);
	for (int i = 0; i < list->length; i++)
		if (list->elements[i].ptr_value != NULL)
			pfree(list->elements[i].ptr_value);
	list_free(list);
}
