/*-------------------------------------------------------------------------
 * nodes_internal.h
 *	  Private to sql/nodes/: the field descriptors that drive the generic
 *	  tree operations (node_to_string, copy_node, node_equal).
 *
 * Role: one table (nodes_desc.c) describes every field of every node in
 * parsenodes.h -- its name, kind and offset -- so that dumping, copying
 * and comparing trees is written once, not once per node type.
 *
 * Invariant: every node type of parsenodes.h has a descriptor listing all
 * of its fields except `type` (adding a field to a node without adding
 * it to nodes_desc.c makes copies lose it and dumps omit it).  Modules
 * owning other NodeTag ranges may describe their nodes in the marked
 * section at the end of the table, or use node_out_hook/node_copy_hook.
 *-------------------------------------------------------------------------
 */
#ifndef NODES_INTERNAL_H
#define NODES_INTERNAL_H

#include "sql/nodes/parsenodes.h"

typedef enum FieldKind
{
	FK_NODE,					/* Node * (any node or List) */
	FK_STRING,					/* char * */
	FK_INT,						/* int */
	FK_INT64,					/* int64_t */
	FK_BOOL,					/* bool */
	FK_CHAR,					/* char, printed as a letter */
	FK_OID,						/* Oid */
	FK_ENUM,					/* an enum (int-sized), printed by name */
	FK_LOCATION,				/* int byte offset, -1 unknown; ignored by node_equal */
} FieldKind;

typedef struct FieldDesc
{
	const char *name;			/* NULL terminates a field list */
	FieldKind	kind;
	size_t		offset;
	int64_t		def;			/* value that is not printed */
	const char *const *enum_names;
	int			n_enum;
	bool		always;			/* print even when equal to def */
} FieldDesc;

typedef struct NodeDesc
{
	const char *name;			/* NULL: no descriptor for this tag */
	size_t		size;
	const FieldDesc *fields;
} NodeDesc;

/* Descriptor of a tag, or NULL. */
const NodeDesc *nodes_desc(NodeTag tag);

/* Read an integer-like field (INT, INT64, BOOL, CHAR, OID, ENUM, LOCATION). */
int64_t		nodes_field_int(const void *node, const FieldDesc *f);

#endif							/* NODES_INTERNAL_H */
