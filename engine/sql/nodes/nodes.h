/*-------------------------------------------------------------------------
 * nodes.h
 *	  Tagged tree nodes of the SQL layer: the NodeTag enum, the Node header,
 *	  value nodes (Integer, Float, Boolean, String, BitString), and the
 *	  generic operations on trees (dump to text, deep copy).
 *
 * Role: every tree the SQL layer builds -- raw parse trees (parser),
 * analyzed queries (analyzer), plans (planner), executor state -- is made
 * of structs whose first field is a NodeTag.  Code dispatches on nodeTag()
 * and checks with IsA()/castNode().
 *
 * Invariants:
 *	- The first member of every node struct is `NodeTag type`.
 *	- Nodes are allocated with makeNode() in CurrentMemoryContext, zeroed,
 *	  so every pointer field starts NULL/NIL, every bool false and every
 *	  number 0 (fields where 0 is meaningful, like `location`, are set
 *	  explicitly by the constructor functions).
 *	- A List (utils/list.h) is a node: T_List, T_IntList, T_OidList.
 *	- Names in trees (identifiers, operator names) are String nodes.
 *	- The NodeTag enum is divided into ranges, one per owning module; a
 *	  module adds its tags only in its own range (see the enum).
 *
 * Entry points: makeNode, nodeTag, IsA, castNode, makeString/makeInteger/
 * makeFloat/makeBoolean/makeBitString, node_to_string, copy_node,
 * node_equal.
 *
 * See also: sql/nodes/parsenodes.h (raw parse nodes), utils/list.h,
 * sql/parser/README.md.
 *-------------------------------------------------------------------------
 */
#ifndef NODES_H
#define NODES_H

#include "common/minipg.h"
#include "utils/list.h"

typedef enum NodeTag
{
	T_Invalid = 0,

	/* --- lists (utils/list.h fixes these values) --- */
	T_List = LIST_TAG_POINTER,
	T_IntList = LIST_TAG_INT,
	T_OidList = LIST_TAG_OID,

	/* --- value nodes (this header) --- */
	T_Integer = 10,
	T_Float,
	T_Boolean,
	T_String,
	T_BitString,

	/* --- raw parse tree nodes (sql/nodes/parsenodes.h; parser, 100..299) --- */
	T_RawStmt = 100,
	/* statements */
	T_SelectStmt,
	T_InsertStmt,
	T_UpdateStmt,
	T_DeleteStmt,
	T_CreateStmt,
	T_CreateTableAsStmt,
	T_IndexStmt,
	T_DropStmt,
	T_TruncateStmt,
	T_AlterTableStmt,
	T_AlterTableCmd,
	T_RenameStmt,
	T_CreateSchemaStmt,
	T_ViewStmt,
	T_CreateSeqStmt,
	T_TransactionStmt,
	T_VariableSetStmt,
	T_VariableShowStmt,
	T_AlterSystemStmt,
	T_VacuumStmt,
	T_VacuumRelation,
	T_CheckPointStmt,
	T_DiscardStmt,
	T_CopyStmt,
	T_DeclareCursorStmt,
	T_FetchStmt,
	T_ClosePortalStmt,
	T_PrepareStmt,
	T_ExecuteStmt,
	T_DeallocateStmt,
	T_ExplainStmt,
	T_LockStmt,
	T_CreateRoleStmt,
	T_AlterRoleStmt,
	T_AlterRoleSetStmt,
	T_DropRoleStmt,
	T_CreatedbStmt,
	T_DropdbStmt,
	/* expressions */
	T_A_Expr = 160,
	T_ColumnRef,
	T_ParamRef,
	T_A_Const,
	T_TypeCast,
	T_CollateClause,
	T_FuncCall,
	T_NamedArgExpr,
	T_A_Star,
	T_A_Indices,
	T_A_Indirection,
	T_A_ArrayExpr,
	T_BoolExpr,
	T_NullTest,
	T_BooleanTest,
	T_SubLink,
	T_CaseExpr,
	T_CaseWhen,
	T_CoalesceExpr,
	T_MinMaxExpr,
	T_SQLValueFunction,
	T_RowExpr,
	T_SetToDefault,
	T_GroupingFunc,
	/* clauses and other pieces */
	T_ResTarget = 220,
	T_MultiAssignRef,
	T_SortBy,
	T_WindowDef,
	T_RangeVar,
	T_RangeSubselect,
	T_RangeFunction,
	T_JoinExpr,
	T_Alias,
	T_TypeName,
	T_ColumnDef,
	T_Constraint,
	T_IndexElem,
	T_DefElem,
	T_LockingClause,
	T_WithClause,
	T_CommonTableExpr,
	T_OnConflictClause,
	T_InferClause,
	T_IntoClause,
	T_GroupingSet,
	T_RoleSpec,
	T_RangeTableSample,
	T_TableLikeClause,

	/*
	 * --- analyzed query trees: the analyzer adds its tags here (300..499) ---
	 */
	T_AnalyzerTagsStart = 300,
	/* query-processing engineer: sql/nodes/primnodes.h (analyzed trees) */
	T_Var,
	T_Const,
	T_Param,
	T_FuncExpr,
	T_OpExpr,
	T_CoerceExpr,
	T_Aggref,
	T_SubqueryExpr,
	T_TargetEntry,
	T_RangeTblEntry,
	T_RangeTblRef,
	T_JoinTreeExpr,
	T_FromExpr,
	T_SortGroupClause,
	T_SetOpTree,
	T_CteInfo,
	T_Query,
	T_SubPlan,
	T_SrfValue,
	T_WindowFunc,
	T_WindowClause,

	/* --- plan trees: the planner adds its tags here (500..699) --- */
	T_PlannerTagsStart = 500,
	/* query-processing engineer: sql/nodes/plannodes.h (plans) */
	T_PlannedStmt,
	T_ResultPlan,
	T_ProjectSetPlan,
	T_SeqScanPlan,
	T_IndexScanPlan,
	T_FunctionScanPlan,
	T_ValuesScanPlan,
	T_SubqueryScanPlan,
	T_CteScanPlan,
	T_NestLoopPlan,
	T_HashJoinPlan,
	T_SortPlan,
	T_AggPlan,
	T_UniquePlan,
	T_SetOpPlan,
	T_AppendPlan,
	T_LimitPlan,
	T_ModifyTablePlan,
	T_MaterialPlan,
	T_IndexKeyPlan,
	T_NestParamPlan,
	T_LockRowsPlan,
	T_RecursiveUnionPlan,
	T_WorkTableScanPlan,
	T_WindowAggPlan,

	/* --- executor state: the executor adds its tags here (700..899) --- */
	T_ExecutorTagsStart = 700,

	/* --- anything else (commands, utilities) (900..1099) --- */
	T_OtherTagsStart = 900,
} NodeTag;

StaticAssert(T_List == 1 && T_IntList == 2 && T_OidList == 3,
			 "list tags must match utils/list.h");

typedef struct Node
{
	NodeTag		type;
} Node;

#define nodeTag(nodeptr)		(((const Node *) (nodeptr))->type)
#define IsA(nodeptr, _type_)	((nodeptr) != NULL && nodeTag(nodeptr) == T_##_type_)

/* A zeroed node of the given size and tag, in CurrentMemoryContext. */
Node	   *node_new(size_t size, NodeTag tag);

#define makeNode(_type_)		((_type_ *) node_new(sizeof(_type_), T_##_type_))

/* Cast with a type check in assert-enabled builds (NULL passes). */
static inline Node *
node_cast_check(Node *node, NodeTag tag)
{
	Assert(node == NULL || nodeTag(node) == tag);
	return node;
}
#define castNode(_type_, nodeptr) \
	((_type_ *) node_cast_check((Node *) (nodeptr), T_##_type_))

/* ------------------------------------------------------------------------
 * Value nodes.  Integer holds a value that fits in int32; Float holds the
 * text of any other numeric literal (big integers included: the analyzer
 * decides between int8 and numeric); BitString holds "b0101" or "x1F"
 * (leading letter then the digits as written).
 * ------------------------------------------------------------------------
 */
typedef struct Integer
{
	NodeTag		type;
	int			ival;
} Integer;

typedef struct Float
{
	NodeTag		type;
	char	   *fval;
} Float;

typedef struct Boolean
{
	NodeTag		type;
	bool		boolval;
} Boolean;

typedef struct String
{
	NodeTag		type;
	char	   *sval;
} String;

typedef struct BitString
{
	NodeTag		type;
	char	   *bsval;
} BitString;

#define intVal(v)		(castNode(Integer, v)->ival)
#define floatVal(v)		(castNode(Float, v)->fval)
#define boolVal(v)		(castNode(Boolean, v)->boolval)
#define strVal(v)		(castNode(String, v)->sval)

/* Constructors; the string arguments are used as is (not copied). */
Integer    *makeInteger(int i);
Float	   *makeFloat(char *numericStr);
Boolean    *makeBoolean(bool val);
String	   *makeString(char *str);
BitString  *makeBitString(char *str);

/* ------------------------------------------------------------------------
 * Generic tree operations.
 * ------------------------------------------------------------------------
 */

/*
 * A stable, readable one-line dump of a tree, used by tests and debugging.
 * Format: a node prints as {StructName :field value ...}; fields holding
 * their default value (NULL, NIL, false, 0, -1 for typemods, ...) are
 * omitted; enum fields print their symbolic name (most always, some only
 * when not the default); `location` prints as @N when known;
 * lists print as (a b c), int lists as (i 1 2), Oid lists as (o 1 2);
 * strings print double-quoted with \" and \\ escaped; Integer prints as a
 * bare number, Float as {Float "1.5"}, BitString as {BitString "b101"},
 * Boolean as true/false, String as a quoted string, NULL as <>.  Result is palloc'd in CurrentMemoryContext.
 * Unknown tags print as {TAG_<n>} unless node_out_hook handles them.
 */
char	   *node_to_string(const void *node);

/*
 * Deep copy of a tree (lists, value nodes and all raw parse nodes).
 * Strings are copied too.  Unknown tags raise elog(ERROR) unless
 * node_copy_hook handles them.
 */
void	   *copy_node(const void *node);

/*
 * Structural equality of two trees (lists, value nodes, raw parse nodes),
 * ignoring `location` fields.  Unknown tags raise elog(ERROR).
 */
bool		node_equal(const void *a, const void *b);
/* Is some element of a pointer list node_equal() to datum? */
bool		list_member_node(const List *list, const void *datum);

/*
 * Extension hooks for modules whose node tags live outside parsenodes.h
 * (analyzer, planner, executor).  A hook returns true (out) / non-NULL
 * (copy) when it handled the node.  Install at start-up; chain to the
 * previous value when several modules install one.
 */
struct StringBuf;
typedef bool (*node_out_hook_type) (struct StringBuf *buf, const Node *node);
typedef Node *(*node_copy_hook_type) (const Node *node);
extern node_out_hook_type node_out_hook;
extern node_copy_hook_type node_copy_hook;
/* Append the dump of node to buf (for use inside an out hook). */
void		node_out_append(struct StringBuf *buf, const void *node);

/* The symbolic name of a tag ("SelectStmt"), or NULL when unknown. */
const char *node_tag_name(NodeTag tag);

#endif							/* NODES_H */
