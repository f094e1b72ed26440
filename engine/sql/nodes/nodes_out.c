/*-------------------------------------------------------------------------
 * nodes_out.c
 *	  node_to_string(): a stable, readable one-line dump of a node tree.
 *
 * Format (documented in nodes.h): {Name :field value ... @location};
 * fields at their default value are omitted, enums print their names,
 * lists print as (a b c), strings double-quoted.  The output depends only
 * on the tree, so tests can compare it verbatim.
 *
 * Error behaviour: never fails on a valid tree; unknown tags print as
 * {TAG_<n>} unless node_out_hook handles them.
 *-------------------------------------------------------------------------
 */
#include "sql/nodes/nodes_internal.h"

#include "utils/memctx.h"
#include "utils/strbuf.h"

node_out_hook_type node_out_hook = NULL;

static void
out_string(StringBuf *buf, const char *s)
{
	if (s == NULL)
	{
		strbuf_append(buf, "<>");
		return;
	}
	strbuf_append_char(buf, '"');
	for (; *s; s++)
	{
		if (*s == '"' || *s == '\\')
			strbuf_append_char(buf, '\\');
		strbuf_append_char(buf, *s);
	}
	strbuf_append_char(buf, '"');
}

static void
out_list(StringBuf *buf, const List *list)
{
	strbuf_append_char(buf, '(');
	if (list->type == T_IntList)
		strbuf_append(buf, "i");
	else if (list->type == T_OidList)
		strbuf_append(buf, "o");
	for (int i = 0; i < list->length; i++)
	{
		if (i > 0 || list->type != T_List)
			strbuf_append_char(buf, ' ');
		if (list->type == T_IntList)
			strbuf_appendf(buf, "%d", list->elements[i].int_value);
		else if (list->type == T_OidList)
			strbuf_appendf(buf, "%u", list->elements[i].oid_value);
		else
			node_out_append(buf, list->elements[i].ptr_value);
	}
	strbuf_append_char(buf, ')');
}

static void
out_field(StringBuf *buf, const void *node, const FieldDesc *f)
{
	const char *p = (const char *) node + f->offset;
	int64_t		v;

	switch (f->kind)
	{
		case FK_NODE:
			if (*(void *const *) p == NULL)
				return;
			strbuf_appendf(buf, " :%s ", f->name);
			node_out_append(buf, *(void *const *) p);
			return;
		case FK_STRING:
			if (*(char *const *) p == NULL)
				return;
			strbuf_appendf(buf, " :%s ", f->name);
			out_string(buf, *(char *const *) p);
			return;
		default:
			break;
	}
	v = nodes_field_int(node, f);
	if (v == f->def && !f->always)
		return;
	switch (f->kind)
	{
		case FK_LOCATION:
			strbuf_appendf(buf, " @%lld", (long long) v);
			break;
		case FK_BOOL:
			strbuf_appendf(buf, " :%s %s", f->name, v ? "true" : "false");
			break;
		case FK_CHAR:
			if (v >= 0x20 && v < 0x7f)
				strbuf_appendf(buf, " :%s '%c'", f->name, (char) v);
			else
				strbuf_appendf(buf, " :%s %lld", f->name, (long long) v);
			break;
		case FK_ENUM:
			if (v >= 0 && v < f->n_enum)
				strbuf_appendf(buf, " :%s %s", f->name, f->enum_names[v]);
			else
				strbuf_appendf(buf, " :%s %lld", f->name, (long long) v);
			break;
		default:
			strbuf_appendf(buf, " :%s %lld", f->name, (long long) v);
			break;
	}
}

void
node_out_append(StringBuf *buf, const void *obj)
{
	const Node *node = obj;
	const NodeDesc *desc;

	if (node == NULL)
	{
		strbuf_append(buf, "<>");
		return;
	}
	switch (nodeTag(node))
	{
		case T_List:
		case T_IntList:
		case T_OidList:
			out_list(buf, (const List *) node);
			return;
		case T_Integer:
			strbuf_appendf(buf, "%d", ((const Integer *) node)->ival);
			return;
		case T_Float:
			strbuf_append(buf, "{Float ");
			out_string(buf, ((const Float *) node)->fval);
			strbuf_append_char(buf, '}');
			return;
		case T_Boolean:
			strbuf_append(buf, ((const Boolean *) node)->boolval ? "true" : "false");
			return;
		case T_String:
			out_string(buf, ((const String *) node)->sval);
			return;
		case T_BitString:
			strbuf_append(buf, "{BitString ");
			out_string(buf, ((const BitString *) node)->bsval);
			strbuf_append_char(buf, '}');
			return;
		default:
			break;
	}
	desc = nodes_desc(nodeTag(node));
	if (desc == NULL)
	{
		if (node_out_hook == NULL || !node_out_hook(buf, node))
			strbuf_appendf(buf, "{TAG_%d}", (int) nodeTag(node));
		return;
	}
	strbuf_appendf(buf, "{%s", desc->name);
	for (const FieldDesc *f = desc->fields; f->name != NULL; f++)
		out_field(buf, node, f);
	strbuf_append_char(buf, '}');
}

char *
node_to_string(const void *node)
{
	StringBuf	buf;

	strbuf_init(&buf);
	node_out_append(&buf, node);
	return buf.data;
}
