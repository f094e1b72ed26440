/*-------------------------------------------------------------------------
 * nodes_copy.c
 *	  copy_node() (deep copy) and node_equal() (structural equality) of
 *	  node trees, driven by the field descriptors of nodes_desc.c.
 *
 * Semantics:
 *	- copy_node copies every node, list and string reachable from the
 *	  root into CurrentMemoryContext; the copy shares nothing with the
 *	  original.
 *	- node_equal compares trees field by field, ignoring `location`
 *	  fields (two parses of the same text at different offsets are equal).
 *
 * Error behaviour: a tag without a descriptor raises elog(ERROR) (copy:
 * unless node_copy_hook handles it).
 *-------------------------------------------------------------------------
 */
#include "sql/nodes/nodes_internal.h"

#include "utils/elog.h"
#include "utils/memctx.h"

node_copy_hook_type node_copy_hook = NULL;

static char *
copy_string(const char *s)
{
	return s == NULL ? NULL : pstrdup(s);
}

static List *
copy_list(const List *list)
{
	List	   *copy = list_copy(list);

	if (copy != NIL && copy->type == T_List)
		for (int i = 0; i < copy->length; i++)
			copy->elements[i].ptr_value = copy_node(copy->elements[i].ptr_value);
	return copy;
}

void *
copy_node(const void *obj)
{
	const Node *node = obj;
	const NodeDesc *desc;
	char	   *copy;

	if (node == NULL)
		return NULL;
	switch (nodeTag(node))
	{
		case T_List:
		case T_IntList:
		case T_OidList:
			return copy_list((const List *) node);
		case T_Integer:
			return makeInteger(((const Integer *) node)->ival);
		case T_Float:
			return makeFloat(copy_string(((const Float *) node)->fval));
		case T_Boolean:
			return makeBoolean(((const Boolean *) node)->boolval);
		case T_String:
			return makeString(copy_string(((const String *) node)->sval));
		case T_BitString:
			return makeBitString(copy_string(((const BitString *) node)->bsval));
		default:
			break;
	}
	desc = nodes_desc(nodeTag(node));
	if (desc == NULL)
	{
		Node	   *n = node_copy_hook ? node_copy_hook(node) : NULL;

		if (n == NULL)
			elog(ERROR, "unrecognized node type: %d", (int) nodeTag(node));
		return n;
	}
	copy = palloc(desc->size);
	memcpy(copy, node, desc->size);
	for (const FieldDesc *f = desc->fields; f->name != NULL; f++)
	{
		void	  **slot = (void **) (copy + f->offset);

		if (f->kind == FK_NODE)
			*slot = copy_node(*slot);
		else if (f->kind == FK_STRING)
			*slot = copy_string(*slot);
	}
	return copy;
}

static bool
strings_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
lists_equal(const List *a, const List *b)
{
	if (a->type != b->type || a->length != b->length)
		return false;
	for (int i = 0; i < a->length; i++)
	{
		if (a->type == T_IntList)
		{
			if (a->elements[i].int_value != b->elements[i].int_value)
				return false;
		}
		else if (a->type == T_OidList)
		{
			if (a->elements[i].oid_value != b->elements[i].oid_value)
				return false;
		}
		else if (!node_equal(a->elements[i].ptr_value, b->elements[i].ptr_value))
			return false;
	}
	return true;
}

bool
node_equal(const void *obj_a, const void *obj_b)
{
	const Node *a = obj_a;
	const Node *b = obj_b;
	const NodeDesc *desc;

	if (a == b)
		return true;
	if (a == NULL || b == NULL || nodeTag(a) != nodeTag(b))
		return false;
	switch (nodeTag(a))
	{
		case T_List:
		case T_IntList:
		case T_OidList:
			return lists_equal((const List *) a, (const List *) b);
		case T_Integer:
			return ((const Integer *) a)->ival == ((const Integer *) b)->ival;
		case T_Float:
			return strings_equal(((const Float *) a)->fval, ((const Float *) b)->fval);
		case T_Boolean:
			return ((const Boolean *) a)->boolval == ((const Boolean *) b)->boolval;
		case T_String:
			return strings_equal(((const String *) a)->sval, ((const String *) b)->sval);
		case T_BitString:
			return strings_equal(((const BitString *) a)->bsval, ((const BitString *) b)->bsval);
		default:
			break;
	}
	desc = nodes_desc(nodeTag(a));
	if (desc == NULL)
		elog(ERROR, "unrecognized node type: %d", (int) nodeTag(a));
	for (const FieldDesc *f = desc->fields; f->name != NULL; f++)
	{
		const char *pa = (const char *) a + f->offset;
		const char *pb = (const char *) b + f->offset;

		switch (f->kind)
		{
			case FK_NODE:
				if (!node_equal(*(void *const *) pa, *(void *const *) pb))
					return false;
				break;
			case FK_STRING:
				if (!strings_equal(*(char *const *) pa, *(char *const *) pb))
					return false;
				break;
			case FK_LOCATION:
				break;
			default:
				if (nodes_field_int(a, f) != nodes_field_int(b, f))
					return false;
				break;
		}
	}
	return true;
}

bool
list_member_node(const List *list, const void *datum)
{
	for (int i = 0; i < list_length(list); i++)
		if (node_equal(list->elements[i].ptr_value, datum))
			return true;
	return false;
}
