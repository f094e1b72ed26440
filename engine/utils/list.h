/*-------------------------------------------------------------------------
 * list.h
 *	  Generic lists of pointers, ints or Oids (PostgreSQL-like semantics).
 *
 * Role: the one sequence type of the SQL layer (parse trees, target lists,
 * plans) and of anyone else who needs a small growable list.  A List is an
 * array of cells that grows by doubling; the empty list is NIL (a NULL
 * pointer), so "no list" and "empty list" are the same thing and every
 * function accepts NIL.
 *
 * Invariants:
 *	- NIL is the only representation of an empty list: an operation that
 *	  removes the last element frees the header and returns NIL.
 *	- A list holds one kind of cell, fixed at creation: pointers (T_List),
 *	  ints (T_IntList) or Oids (T_OidList).  Mixing kinds is a programming
 *	  error caught by Assert.
 *	- The header and the cell array live in the memory context that was
 *	  current when the list was created; growing a list reallocates in
 *	  that same context (repalloc keeps a chunk's context).
 *	- Functions that "modify" a list (lappend, lcons, list_concat, the
 *	  delete functions) may move the cells, and must be used as
 *	  `l = lappend(l, x)`.  Pointers to cells (ListCell *) are invalidated
 *	  by any modification of the list except inside foreach with
 *	  foreach_delete_current().
 *	- The first field of List is its node tag, so a List is a Node and
 *	  node_to_string()/copy_node() (sql/nodes/nodes.h) accept lists.
 *	  The tag values are fixed here and checked against NodeTag in
 *	  sql/nodes/nodes.h.
 *
 * Entry points: list_make1..4 (and _int/_oid), lappend*, lcons*,
 * list_length, list_nth*, list_concat, list_copy, list_truncate,
 * list_member*, list_delete*, list_free, foreach, forboth.
 *
 * Error behaviour: indexing out of range is an Assert in debug builds and
 * an elog(ERROR) in all builds; allocation failure is ereport(ERROR).
 *
 * See also: sql/nodes/nodes.h (nodes, node_to_string, copy_node).
 *-------------------------------------------------------------------------
 */
#ifndef LIST_H
#define LIST_H

#include "common/minipg.h"

/* Node tags of the three list kinds (must match NodeTag in sql/nodes/nodes.h). */
#define LIST_TAG_POINTER	1	/* T_List */
#define LIST_TAG_INT		2	/* T_IntList */
#define LIST_TAG_OID		3	/* T_OidList */

typedef union ListCell
{
	void	   *ptr_value;
	int			int_value;
	Oid			oid_value;
} ListCell;

typedef struct List
{
	int			type;			/* LIST_TAG_*: read through Node as a NodeTag */
	int			length;			/* cells in use, always >= 1 */
	int			max_length;		/* cells allocated */
	ListCell   *elements;		/* the cells; may point to initial_elements */
	ListCell	initial_elements[];	/* small lists keep their cells here */
} List;

#define NIL ((List *) NULL)

/* --- construction ----------------------------------------------------- */
List	   *list_make1_impl(int tag, ListCell c1);
List	   *list_make2_impl(int tag, ListCell c1, ListCell c2);
List	   *list_make3_impl(int tag, ListCell c1, ListCell c2, ListCell c3);
List	   *list_make4_impl(int tag, ListCell c1, ListCell c2, ListCell c3, ListCell c4);

#define list_make_ptr_cell(v)	((ListCell) {.ptr_value = (v)})
#define list_make_int_cell(v)	((ListCell) {.int_value = (v)})
#define list_make_oid_cell(v)	((ListCell) {.oid_value = (v)})

#define list_make1(x1) \
	list_make1_impl(LIST_TAG_POINTER, list_make_ptr_cell(x1))
#define list_make2(x1, x2) \
	list_make2_impl(LIST_TAG_POINTER, list_make_ptr_cell(x1), list_make_ptr_cell(x2))
#define list_make3(x1, x2, x3) \
	list_make3_impl(LIST_TAG_POINTER, list_make_ptr_cell(x1), list_make_ptr_cell(x2), \
					list_make_ptr_cell(x3))
#define list_make4(x1, x2, x3, x4) \
	list_make4_impl(LIST_TAG_POINTER, list_make_ptr_cell(x1), list_make_ptr_cell(x2), \
					list_make_ptr_cell(x3), list_make_ptr_cell(x4))
#define list_make1_int(x1) \
	list_make1_impl(LIST_TAG_INT, list_make_int_cell(x1))
#define list_make2_int(x1, x2) \
	list_make2_impl(LIST_TAG_INT, list_make_int_cell(x1), list_make_int_cell(x2))
#define list_make3_int(x1, x2, x3) \
	list_make3_impl(LIST_TAG_INT, list_make_int_cell(x1), list_make_int_cell(x2), \
					list_make_int_cell(x3))
#define list_make4_int(x1, x2, x3, x4) \
	list_make4_impl(LIST_TAG_INT, list_make_int_cell(x1), list_make_int_cell(x2), \
					list_make_int_cell(x3), list_make_int_cell(x4))
#define list_make1_oid(x1) \
	list_make1_impl(LIST_TAG_OID, list_make_oid_cell(x1))
#define list_make2_oid(x1, x2) \
	list_make2_impl(LIST_TAG_OID, list_make_oid_cell(x1), list_make_oid_cell(x2))
#define list_make3_oid(x1, x2, x3) \
	list_make3_impl(LIST_TAG_OID, list_make_oid_cell(x1), list_make_oid_cell(x2), \
					list_make_oid_cell(x3))
#define list_make4_oid(x1, x2, x3, x4) \
	list_make4_impl(LIST_TAG_OID, list_make_oid_cell(x1), list_make_oid_cell(x2), \
					list_make_oid_cell(x3), list_make_oid_cell(x4))

/* Append / prepend one element; NIL creates a new list.  Return the list. */
List	   *lappend(List *list, void *datum);
List	   *lappend_int(List *list, int datum);
List	   *lappend_oid(List *list, Oid datum);
List	   *lcons(void *datum, List *list);
List	   *lcons_int(int datum, List *list);
List	   *lcons_oid(Oid datum, List *list);
/* Insert at position pos (0 .. length); the later cells move up by one. */
List	   *list_insert_nth(List *list, int pos, void *datum);

/*
 * Append all cells of list2 to list1 (list1 is modified, list2 is not and
 * stays valid).  Both must be of the same kind.  Returns the result, which
 * is a copy of list2 when list1 is NIL.
 */
List	   *list_concat(List *list1, const List *list2);
/* A new list holding list1's then list2's cells; neither input changes. */
List	   *list_concat_copy(const List *list1, const List *list2);
/* Shallow copy (the pointers are copied, not what they point to). */
List	   *list_copy(const List *list);
/* Shallow copy of the cells from index n on (NIL when n >= length). */
List	   *list_copy_tail(const List *list, int n);
/* Keep the first new_size cells (no-op if the list is not longer). */
List	   *list_truncate(List *list, int new_size);

/* --- access ----------------------------------------------------------- */
static inline int
list_length(const List *l)
{
	return l ? l->length : 0;
}

static inline ListCell *
list_head(const List *l)
{
	return l ? &l->elements[0] : NULL;
}

static inline ListCell *
list_last_cell(const List *l)
{
	return l ? &l->elements[l->length - 1] : NULL;
}

ListCell   *list_nth_cell(const List *list, int n);

#define lfirst(lc)		((lc)->ptr_value)
#define lfirst_int(lc)	((lc)->int_value)
#define lfirst_oid(lc)	((lc)->oid_value)
#define lfirst_node(type, lc)	castNode(type, lfirst(lc))

static inline void *
list_nth(const List *list, int n)
{
	return lfirst(list_nth_cell(list, n));
}

static inline int
list_nth_int(const List *list, int n)
{
	return lfirst_int(list_nth_cell(list, n));
}

static inline Oid
list_nth_oid(const List *list, int n)
{
	return lfirst_oid(list_nth_cell(list, n));
}

#define linitial(l)		lfirst(list_nth_cell(l, 0))
#define linitial_int(l) lfirst_int(list_nth_cell(l, 0))
#define linitial_oid(l) lfirst_oid(list_nth_cell(l, 0))
#define lsecond(l)		lfirst(list_nth_cell(l, 1))
#define lsecond_int(l)	lfirst_int(list_nth_cell(l, 1))
#define lthird(l)		lfirst(list_nth_cell(l, 2))
#define lfourth(l)		lfirst(list_nth_cell(l, 3))
#define llast(l)		lfirst(list_last_cell(l))
#define llast_int(l)	lfirst_int(list_last_cell(l))
#define llast_oid(l)	lfirst_oid(list_last_cell(l))

/* --- search ----------------------------------------------------------- */
/*
 * Membership by pointer identity.  (For structural equality of nodes, use
 * the node-aware functions of sql/nodes/nodes.h.)
 */
bool		list_member_ptr(const List *list, const void *datum);
bool		list_member_int(const List *list, int datum);
bool		list_member_oid(const List *list, Oid datum);
/* list_member: alias of list_member_ptr (pointer identity). */
#define list_member(list, datum) list_member_ptr(list, datum)
/* Index of the first cell equal to datum, or -1. */
int			list_index_ptr(const List *list, const void *datum);
int			list_index_int(const List *list, int datum);
int			list_index_oid(const List *list, Oid datum);

/* Append only when not already a member; return the list. */
List	   *list_append_unique_ptr(List *list, void *datum);
List	   *list_append_unique_int(List *list, int datum);
List	   *list_append_unique_oid(List *list, Oid datum);

/* --- deletion (each returns the list, NIL when it became empty) ------- */
List	   *list_delete_nth(List *list, int n);
List	   *list_delete_cell(List *list, ListCell *cell);
List	   *list_delete_first(List *list);
List	   *list_delete_last(List *list);
/* Delete the first cell equal to datum, if any. */
List	   *list_delete_ptr(List *list, const void *datum);
List	   *list_delete_int(List *list, int datum);
List	   *list_delete_oid(List *list, Oid datum);
#define list_delete(list, datum) list_delete_ptr(list, datum)

/* --- ordering --------------------------------------------------------- */
typedef int (*list_sort_comparator) (const ListCell *a, const ListCell *b);
/* Sort in place (stable: equal cells keep their order). */
void		list_sort(List *list, list_sort_comparator cmp);
int			list_int_cmp(const ListCell *a, const ListCell *b);
int			list_oid_cmp(const ListCell *a, const ListCell *b);

/* --- freeing ---------------------------------------------------------- */
/* Free the list's own storage (not the pointed-to objects). */
void		list_free(List *list);
/* Free the list and pfree every pointer in it (pointer lists only). */
void		list_free_deep(List *list);

/* --- iteration -------------------------------------------------------- */
typedef struct ForEachState
{
	const List *l;
	int			i;
} ForEachState;

/*
 * foreach(cell, list): cell (a ListCell * variable declared by the caller)
 * visits every cell in order.  The list must not be modified inside the
 * loop except by foreach_delete_current().  `break` and `continue` work.
 */
#define foreach(cell, lst) \
	for (ForEachState cell##__state = {(lst), 0}; \
		 (cell##__state.l != NIL && cell##__state.i < cell##__state.l->length) ? \
		 (cell = &cell##__state.l->elements[cell##__state.i], true) : \
		 (cell = NULL, false); \
		 cell##__state.i++)

/* Index of the current cell inside foreach. */
#define foreach_current_index(cell) (cell##__state.i)

/*
 * Delete the current cell inside foreach(cell, lst) and keep iterating
 * with the next one; lst (a List * variable) is updated.
 */
#define foreach_delete_current(lst, cell) \
	(cell##__state.i--, \
	 (List *) (cell##__state.l = (lst) = list_delete_cell((List *) (lst), cell)))

/*
 * forboth(c1, l1, c2, l2): walk two lists in step; stops at the end of
 * the shorter one.
 */
#define forboth(cell1, list1, cell2, list2) \
	for (ForEachState cell1##__state = {(list1), 0}, cell2##__state = {(list2), 0}; \
		 (cell1##__state.l != NIL && cell2##__state.l != NIL && \
		  cell1##__state.i < cell1##__state.l->length && \
		  cell2##__state.i < cell2##__state.l->length) ? \
		 (cell1 = &cell1##__state.l->elements[cell1##__state.i], \
		  cell2 = &cell2##__state.l->elements[cell2##__state.i], true) : \
		 (cell1 = NULL, cell2 = NULL, false); \
		 cell1##__state.i++, cell2##__state.i++)

#endif							/* LIST_H */
