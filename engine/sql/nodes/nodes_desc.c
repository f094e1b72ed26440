/*-------------------------------------------------------------------------
 * nodes_desc.c
 *	  Field descriptors of the raw parse nodes (see nodes_internal.h).
 *
 * Each NODE_DESC lists a node's fields in declaration order with their
 * kind.  The table covers every NodeTag range: the raw parse nodes are
 * described below; other modules may add their nodes in the marked
 * section at the end.  Enum fields carry the names printed by node_to_string(), written
 * as PostgreSQL's enumerators without their common prefix; the arrays are
 * checked against the enums' last members at compile time.
 *
 * Invariant: adding a field to a struct in parsenodes.h requires adding
 * it here, or copy_node() will not deep-copy it and node_to_string() will
 * not show it.
 *-------------------------------------------------------------------------
 */
#include "sql/nodes/nodes_internal.h"

#define ENUM_NAMES(type, last, ...) \
	static const char *const type##_names[] = {__VA_ARGS__}; \
	StaticAssert(lengthof(type##_names) == (last) + 1, #type " names out of date")

ENUM_NAMES(A_Expr_Kind, AEXPR_NOT_BETWEEN_SYM,
		   "OP", "OP_ANY", "OP_ALL", "DISTINCT", "NOT_DISTINCT", "NULLIF", "IN", "LIKE",
		   "ILIKE", "SIMILAR", "BETWEEN", "NOT_BETWEEN", "BETWEEN_SYM", "NOT_BETWEEN_SYM");
ENUM_NAMES(CoercionForm, COERCE_SQL_SYNTAX,
		   "EXPLICIT_CALL", "EXPLICIT_CAST", "IMPLICIT_CAST", "SQL_SYNTAX");
ENUM_NAMES(BoolExprType, NOT_EXPR, "AND", "OR", "NOT");
ENUM_NAMES(NullTestType, IS_NOT_NULL, "IS_NULL", "IS_NOT_NULL");
ENUM_NAMES(BoolTestType, IS_NOT_UNKNOWN,
		   "IS_TRUE", "IS_NOT_TRUE", "IS_FALSE", "IS_NOT_FALSE", "IS_UNKNOWN", "IS_NOT_UNKNOWN");
ENUM_NAMES(SubLinkType, CTE_SUBLINK,
		   "EXISTS", "ALL", "ANY", "ROWCOMPARE", "EXPR", "MULTIEXPR", "ARRAY", "CTE");
ENUM_NAMES(MinMaxOp, IS_LEAST, "GREATEST", "LEAST");
ENUM_NAMES(SQLValueFunctionOp, SVFOP_CURRENT_SCHEMA,
		   "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIME_N", "CURRENT_TIMESTAMP",
		   "CURRENT_TIMESTAMP_N", "LOCALTIME", "LOCALTIME_N", "LOCALTIMESTAMP",
		   "LOCALTIMESTAMP_N", "CURRENT_ROLE", "CURRENT_USER", "USER", "SESSION_USER",
		   "CURRENT_CATALOG", "CURRENT_SCHEMA");
ENUM_NAMES(SortByDir, SORTBY_USING, "DEFAULT", "ASC", "DESC", "USING");
ENUM_NAMES(SortByNulls, SORTBY_NULLS_LAST, "DEFAULT", "FIRST", "LAST");
ENUM_NAMES(JoinType, JOIN_RIGHT, "INNER", "LEFT", "FULL", "RIGHT");
ENUM_NAMES(ConstrType, CONSTR_FOREIGN,
		   "NULL", "NOTNULL", "DEFAULT", "IDENTITY", "GENERATED", "CHECK", "PRIMARY", "UNIQUE",
		   "FOREIGN");
ENUM_NAMES(DefElemAction, DEFELEM_DROP, "UNSPEC", "SET", "ADD", "DROP");
ENUM_NAMES(LockClauseStrength, LCS_FORUPDATE,
		   "NONE", "FORKEYSHARE", "FORSHARE", "FORNOKEYUPDATE", "FORUPDATE");
ENUM_NAMES(LockWaitPolicy, LockWaitError, "BLOCK", "SKIP", "ERROR");
ENUM_NAMES(CTEMaterialize, CTEMaterializeNever, "DEFAULT", "ALWAYS", "NEVER");
ENUM_NAMES(OnConflictAction, ONCONFLICT_UPDATE, "NONE", "NOTHING", "UPDATE");
ENUM_NAMES(OnCommitAction, ONCOMMIT_DROP, "NOOP", "PRESERVE_ROWS", "DELETE_ROWS", "DROP");
ENUM_NAMES(GroupingSetKind, GROUPING_SET_SETS, "EMPTY", "SIMPLE", "ROLLUP", "CUBE", "SETS");
ENUM_NAMES(RoleSpecType, ROLESPEC_PUBLIC,
		   "CSTRING", "CURRENT_ROLE", "CURRENT_USER", "SESSION_USER", "PUBLIC");
ENUM_NAMES(SetOperation, SETOP_EXCEPT, "NONE", "UNION", "INTERSECT", "EXCEPT");
ENUM_NAMES(LimitOption, LIMIT_OPTION_WITH_TIES, "DEFAULT", "COUNT", "WITH_TIES");
ENUM_NAMES(OverridingKind, OVERRIDING_SYSTEM_VALUE, "NOT_SET", "USER_VALUE", "SYSTEM_VALUE");
ENUM_NAMES(ObjectType, OBJECT_TABCONSTRAINT,
		   "TABLE", "INDEX", "SEQUENCE", "VIEW", "MATVIEW", "SCHEMA", "TYPE", "DATABASE", "ROLE",
		   "COLUMN", "TABCONSTRAINT");
ENUM_NAMES(DropBehavior, DROP_CASCADE, "RESTRICT", "CASCADE");
ENUM_NAMES(AlterTableType, AT_SetUnLogged,
		   "AddColumn", "ColumnDefault", "DropNotNull", "SetNotNull", "AlterColumnType",
		   "DropColumn", "AddConstraint", "DropConstraint", "SetRelOptions", "ResetRelOptions",
		   "ChangeOwner", "SetLogged", "SetUnLogged");
ENUM_NAMES(TransactionStmtKind, TRANS_STMT_ROLLBACK_PREPARED,
		   "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "ROLLBACK_TO",
		   "PREPARE", "COMMIT_PREPARED", "ROLLBACK_PREPARED");
ENUM_NAMES(VariableSetKind, VAR_RESET_ALL,
		   "SET_VALUE", "SET_DEFAULT", "SET_CURRENT", "SET_MULTI", "RESET", "RESET_ALL");
ENUM_NAMES(DiscardMode, DISCARD_TEMP, "ALL", "PLANS", "SEQUENCES", "TEMP");
ENUM_NAMES(FetchDirection, FETCH_RELATIVE, "FORWARD", "BACKWARD", "ABSOLUTE", "RELATIVE");
ENUM_NAMES(RoleStmtType, ROLESTMT_GROUP, "ROLE", "USER", "GROUP");

StaticAssert(sizeof(A_Expr_Kind) == sizeof(int), "enum fields are read as int");

#define FIELD(T, f, kind, def, names, n, always) \
	{#f, kind, offsetof(T, f), def, names, n, always}
#define F_N(T, f)		FIELD(T, f, FK_NODE, 0, NULL, 0, false)
#define F_S(T, f)		FIELD(T, f, FK_STRING, 0, NULL, 0, false)
#define F_I(T, f)		FIELD(T, f, FK_INT, 0, NULL, 0, false)
#define F_IA(T, f)		FIELD(T, f, FK_INT, 0, NULL, 0, true)
#define F_ID(T, f, d)	FIELD(T, f, FK_INT, d, NULL, 0, false)
#define F_I64(T, f)		FIELD(T, f, FK_INT64, 0, NULL, 0, false)
#define F_I64A(T, f)	FIELD(T, f, FK_INT64, 0, NULL, 0, true)
#define F_B(T, f)		FIELD(T, f, FK_BOOL, 0, NULL, 0, false)
#define F_BD(T, f, d)	FIELD(T, f, FK_BOOL, d, NULL, 0, false)
#define F_C(T, f, d)	FIELD(T, f, FK_CHAR, d, NULL, 0, false)
#define F_O(T, f)		FIELD(T, f, FK_OID, 0, NULL, 0, false)
#define F_E(T, f, names)	FIELD(T, f, FK_ENUM, 0, names, (int) lengthof(names), true)
#define F_EZ(T, f, names)	FIELD(T, f, FK_ENUM, 0, names, (int) lengthof(names), false)
#define F_L(T, f)		FIELD(T, f, FK_LOCATION, -1, NULL, 0, false)

#define NODE_DESC(T, ...) \
	[T_##T] = {#T, sizeof(T), (const FieldDesc[]) {__VA_ARGS__, {NULL}}}
#define NODE_DESC0(T) \
	[T_##T] = {#T, sizeof(T), (const FieldDesc[]) {{NULL}}}

/* Highest tag a descriptor can be given for (all ranges of NodeTag). */
#define NODES_MAX_TAG 1100

static const NodeDesc node_descs[NODES_MAX_TAG] = {
	/* --- raw parse nodes (parsenodes.h) --- */
	NODE_DESC(RawStmt,
			  F_N(RawStmt, stmt),
			  F_IA(RawStmt, stmt_location),
			  F_IA(RawStmt, stmt_len)),
	NODE_DESC(A_Expr,
			  F_E(A_Expr, kind, A_Expr_Kind_names),
			  F_N(A_Expr, name),
			  F_N(A_Expr, lexpr),
			  F_N(A_Expr, rexpr),
			  F_L(A_Expr, location)),
	NODE_DESC(ColumnRef,
			  F_N(ColumnRef, fields),
			  F_L(ColumnRef, location)),
	NODE_DESC(ParamRef,
			  F_IA(ParamRef, number),
			  F_L(ParamRef, location)),
	NODE_DESC(A_Const,
			  F_N(A_Const, val),
			  F_B(A_Const, isnull),
			  F_L(A_Const, location)),
	NODE_DESC(TypeCast,
			  F_N(TypeCast, arg),
			  F_N(TypeCast, typeName),
			  F_L(TypeCast, location)),
	NODE_DESC(CollateClause,
			  F_N(CollateClause, arg),
			  F_N(CollateClause, collname),
			  F_L(CollateClause, location)),
	NODE_DESC(FuncCall,
			  F_N(FuncCall, funcname),
			  F_N(FuncCall, args),
			  F_N(FuncCall, agg_order),
			  F_N(FuncCall, agg_filter),
			  F_N(FuncCall, over),
			  F_B(FuncCall, agg_within_group),
			  F_B(FuncCall, agg_star),
			  F_B(FuncCall, agg_distinct),
			  F_B(FuncCall, func_variadic),
			  F_EZ(FuncCall, funcformat, CoercionForm_names),
			  F_L(FuncCall, location)),
	NODE_DESC(NamedArgExpr,
			  F_N(NamedArgExpr, arg),
			  F_S(NamedArgExpr, name),
			  F_ID(NamedArgExpr, argnumber, -1),
			  F_L(NamedArgExpr, location)),
	NODE_DESC0(A_Star),
	NODE_DESC(A_Indices,
			  F_B(A_Indices, is_slice),
			  F_N(A_Indices, lidx),
			  F_N(A_Indices, uidx)),
	NODE_DESC(A_Indirection,
			  F_N(A_Indirection, arg),
			  F_N(A_Indirection, indirection)),
	NODE_DESC(A_ArrayExpr,
			  F_N(A_ArrayExpr, elements),
			  F_L(A_ArrayExpr, location)),
	NODE_DESC(BoolExpr,
			  F_E(BoolExpr, boolop, BoolExprType_names),
			  F_N(BoolExpr, args),
			  F_L(BoolExpr, location)),
	NODE_DESC(NullTest,
			  F_N(NullTest, arg),
			  F_E(NullTest, nulltesttype, NullTestType_names),
			  F_B(NullTest, argisrow),
			  F_L(NullTest, location)),
	NODE_DESC(BooleanTest,
			  F_N(BooleanTest, arg),
			  F_E(BooleanTest, booltesttype, BoolTestType_names),
			  F_L(BooleanTest, location)),
	NODE_DESC(SubLink,
			  F_E(SubLink, subLinkType, SubLinkType_names),
			  F_I(SubLink, subLinkId),
			  F_N(SubLink, testexpr),
			  F_N(SubLink, operName),
			  F_N(SubLink, subselect),
			  F_L(SubLink, location)),
	NODE_DESC(CaseExpr,
			  F_O(CaseExpr, casetype),
			  F_N(CaseExpr, arg),
			  F_N(CaseExpr, args),
			  F_N(CaseExpr, defresult),
			  F_L(CaseExpr, location)),
	NODE_DESC(CaseWhen,
			  F_N(CaseWhen, expr),
			  F_N(CaseWhen, result),
			  F_L(CaseWhen, location)),
	NODE_DESC(CoalesceExpr,
			  F_O(CoalesceExpr, coalescetype),
			  F_N(CoalesceExpr, args),
			  F_L(CoalesceExpr, location)),
	NODE_DESC(MinMaxExpr,
			  F_O(MinMaxExpr, minmaxtype),
			  F_E(MinMaxExpr, op, MinMaxOp_names),
			  F_N(MinMaxExpr, args),
			  F_L(MinMaxExpr, location)),
	NODE_DESC(SQLValueFunction,
			  F_E(SQLValueFunction, op, SQLValueFunctionOp_names),
			  F_O(SQLValueFunction, svftype),
			  F_ID(SQLValueFunction, typmod, -1),
			  F_L(SQLValueFunction, location)),
	NODE_DESC(RowExpr,
			  F_N(RowExpr, args),
			  F_O(RowExpr, row_typeid),
			  F_E(RowExpr, row_format, CoercionForm_names),
			  F_N(RowExpr, colnames),
			  F_L(RowExpr, location)),
	NODE_DESC(SetToDefault,
			  F_L(SetToDefault, location)),
	NODE_DESC(GroupingFunc,
			  F_N(GroupingFunc, args),
			  F_L(GroupingFunc, location)),
	NODE_DESC(ResTarget,
			  F_S(ResTarget, name),
			  F_N(ResTarget, indirection),
			  F_N(ResTarget, val),
			  F_L(ResTarget, location)),
	NODE_DESC(MultiAssignRef,
			  F_N(MultiAssignRef, source),
			  F_IA(MultiAssignRef, colno),
			  F_IA(MultiAssignRef, ncolumns)),
	NODE_DESC(SortBy,
			  F_N(SortBy, node),
			  F_EZ(SortBy, sortby_dir, SortByDir_names),
			  F_EZ(SortBy, sortby_nulls, SortByNulls_names),
			  F_N(SortBy, useOp),
			  F_L(SortBy, location)),
	NODE_DESC(WindowDef,
			  F_S(WindowDef, name),
			  F_S(WindowDef, refname),
			  F_N(WindowDef, partitionClause),
			  F_N(WindowDef, orderClause),
			  F_I(WindowDef, frameOptions),
			  F_N(WindowDef, startOffset),
			  F_N(WindowDef, endOffset),
			  F_L(WindowDef, location)),
	NODE_DESC(Alias,
			  F_S(Alias, aliasname),
			  F_N(Alias, colnames)),
	NODE_DESC(RangeVar,
			  F_S(RangeVar, catalogname),
			  F_S(RangeVar, schemaname),
			  F_S(RangeVar, relname),
			  F_BD(RangeVar, inh, true),
			  F_C(RangeVar, relpersistence, 'p'),
			  F_N(RangeVar, alias),
			  F_L(RangeVar, location)),
	NODE_DESC(RangeSubselect,
			  F_B(RangeSubselect, lateral),
			  F_N(RangeSubselect, subquery),
			  F_N(RangeSubselect, alias)),
	NODE_DESC(RangeFunction,
			  F_B(RangeFunction, lateral),
			  F_B(RangeFunction, ordinality),
			  F_B(RangeFunction, is_rowsfrom),
			  F_N(RangeFunction, functions),
			  F_N(RangeFunction, alias),
			  F_N(RangeFunction, coldeflist)),
	NODE_DESC(RangeTableSample,
			  F_N(RangeTableSample, relation),
			  F_N(RangeTableSample, method),
			  F_N(RangeTableSample, args),
			  F_N(RangeTableSample, repeatable),
			  F_L(RangeTableSample, location)),
	NODE_DESC(TableLikeClause,
			  F_N(TableLikeClause, relation),
			  F_I(TableLikeClause, options),
			  F_O(TableLikeClause, relationOid)),
	NODE_DESC(JoinExpr,
			  F_E(JoinExpr, jointype, JoinType_names),
			  F_B(JoinExpr, isNatural),
			  F_N(JoinExpr, larg),
			  F_N(JoinExpr, rarg),
			  F_N(JoinExpr, usingClause),
			  F_N(JoinExpr, join_using_alias),
			  F_N(JoinExpr, quals),
			  F_N(JoinExpr, alias),
			  F_I(JoinExpr, rtindex)),
	NODE_DESC(TypeName,
			  F_N(TypeName, names),
			  F_O(TypeName, typeOid),
			  F_B(TypeName, setof),
			  F_B(TypeName, pct_type),
			  F_N(TypeName, typmods),
			  F_ID(TypeName, typemod, -1),
			  F_N(TypeName, arrayBounds),
			  F_L(TypeName, location)),
	NODE_DESC(ColumnDef,
			  F_S(ColumnDef, colname),
			  F_N(ColumnDef, typeName),
			  F_B(ColumnDef, is_not_null),
			  F_N(ColumnDef, raw_default),
			  F_N(ColumnDef, collClause),
			  F_N(ColumnDef, constraints),
			  F_L(ColumnDef, location)),
	NODE_DESC(Constraint,
			  F_E(Constraint, contype, ConstrType_names),
			  F_S(Constraint, conname),
			  F_B(Constraint, deferrable),
			  F_B(Constraint, initdeferred),
			  F_B(Constraint, is_no_inherit),
			  F_N(Constraint, raw_expr),
			  F_C(Constraint, generated_when, 0),
			  F_B(Constraint, nulls_not_distinct),
			  F_N(Constraint, keys),
			  F_N(Constraint, including),
			  F_N(Constraint, options),
			  F_S(Constraint, indexname),
			  F_S(Constraint, indexspace),
			  F_N(Constraint, pktable),
			  F_N(Constraint, fk_attrs),
			  F_N(Constraint, pk_attrs),
			  F_C(Constraint, fk_matchtype, 0),
			  F_C(Constraint, fk_upd_action, 0),
			  F_C(Constraint, fk_del_action, 0),
			  F_N(Constraint, fk_del_set_cols),
			  F_B(Constraint, skip_validation),
			  F_L(Constraint, location)),
	NODE_DESC(IndexElem,
			  F_S(IndexElem, name),
			  F_N(IndexElem, expr),
			  F_S(IndexElem, indexcolname),
			  F_N(IndexElem, collation),
			  F_N(IndexElem, opclass),
			  F_N(IndexElem, opclassopts),
			  F_EZ(IndexElem, ordering, SortByDir_names),
			  F_EZ(IndexElem, nulls_ordering, SortByNulls_names)),
	NODE_DESC(DefElem,
			  F_S(DefElem, defnamespace),
			  F_S(DefElem, defname),
			  F_N(DefElem, arg),
			  F_EZ(DefElem, defaction, DefElemAction_names),
			  F_L(DefElem, location)),
	NODE_DESC(LockingClause,
			  F_N(LockingClause, lockedRels),
			  F_E(LockingClause, strength, LockClauseStrength_names),
			  F_EZ(LockingClause, waitPolicy, LockWaitPolicy_names)),
	NODE_DESC(WithClause,
			  F_N(WithClause, ctes),
			  F_B(WithClause, recursive),
			  F_L(WithClause, location)),
	NODE_DESC(CommonTableExpr,
			  F_S(CommonTableExpr, ctename),
			  F_N(CommonTableExpr, aliascolnames),
			  F_EZ(CommonTableExpr, ctematerialized, CTEMaterialize_names),
			  F_N(CommonTableExpr, ctequery),
			  F_L(CommonTableExpr, location)),
	NODE_DESC(InferClause,
			  F_N(InferClause, indexElems),
			  F_N(InferClause, whereClause),
			  F_S(InferClause, conname),
			  F_L(InferClause, location)),
	NODE_DESC(OnConflictClause,
			  F_E(OnConflictClause, action, OnConflictAction_names),
			  F_N(OnConflictClause, infer),
			  F_N(OnConflictClause, targetList),
			  F_N(OnConflictClause, whereClause),
			  F_L(OnConflictClause, location)),
	NODE_DESC(IntoClause,
			  F_N(IntoClause, rel),
			  F_N(IntoClause, colNames),
			  F_S(IntoClause, accessMethod),
			  F_N(IntoClause, options),
			  F_EZ(IntoClause, onCommit, OnCommitAction_names),
			  F_S(IntoClause, tableSpaceName),
			  F_B(IntoClause, skipData)),
	NODE_DESC(GroupingSet,
			  F_E(GroupingSet, kind, GroupingSetKind_names),
			  F_N(GroupingSet, content),
			  F_L(GroupingSet, location)),
	NODE_DESC(RoleSpec,
			  F_E(RoleSpec, roletype, RoleSpecType_names),
			  F_S(RoleSpec, rolename),
			  F_L(RoleSpec, location)),
	NODE_DESC(SelectStmt,
			  F_B(SelectStmt, distinct),
			  F_N(SelectStmt, distinctOn),
			  F_N(SelectStmt, intoClause),
			  F_N(SelectStmt, targetList),
			  F_N(SelectStmt, fromClause),
			  F_N(SelectStmt, whereClause),
			  F_N(SelectStmt, groupClause),
			  F_B(SelectStmt, groupDistinct),
			  F_N(SelectStmt, havingClause),
			  F_N(SelectStmt, windowClause),
			  F_N(SelectStmt, valuesLists),
			  F_N(SelectStmt, sortClause),
			  F_N(SelectStmt, limitOffset),
			  F_N(SelectStmt, limitCount),
			  F_EZ(SelectStmt, limitOption, LimitOption_names),
			  F_N(SelectStmt, lockingClause),
			  F_N(SelectStmt, withClause),
			  F_EZ(SelectStmt, op, SetOperation_names),
			  F_B(SelectStmt, all),
			  F_N(SelectStmt, larg),
			  F_N(SelectStmt, rarg)),
	NODE_DESC(InsertStmt,
			  F_N(InsertStmt, relation),
			  F_N(InsertStmt, cols),
			  F_N(InsertStmt, selectStmt),
			  F_N(InsertStmt, onConflictClause),
			  F_N(InsertStmt, returningList),
			  F_N(InsertStmt, withClause),
			  F_EZ(InsertStmt, override, OverridingKind_names)),
	NODE_DESC(UpdateStmt,
			  F_N(UpdateStmt, relation),
			  F_N(UpdateStmt, targetList),
			  F_N(UpdateStmt, whereClause),
			  F_N(UpdateStmt, fromClause),
			  F_N(UpdateStmt, returningList),
			  F_N(UpdateStmt, withClause)),
	NODE_DESC(DeleteStmt,
			  F_N(DeleteStmt, relation),
			  F_N(DeleteStmt, usingClause),
			  F_N(DeleteStmt, whereClause),
			  F_N(DeleteStmt, returningList),
			  F_N(DeleteStmt, withClause)),
	NODE_DESC(CreateStmt,
			  F_N(CreateStmt, relation),
			  F_N(CreateStmt, tableElts),
			  F_N(CreateStmt, options),
			  F_EZ(CreateStmt, oncommit, OnCommitAction_names),
			  F_S(CreateStmt, tablespacename),
			  F_S(CreateStmt, accessMethod),
			  F_B(CreateStmt, if_not_exists)),
	NODE_DESC(CreateTableAsStmt,
			  F_N(CreateTableAsStmt, query),
			  F_N(CreateTableAsStmt, into),
			  F_EZ(CreateTableAsStmt, objtype, ObjectType_names),
			  F_B(CreateTableAsStmt, is_select_into),
			  F_B(CreateTableAsStmt, if_not_exists)),
	NODE_DESC(IndexStmt,
			  F_S(IndexStmt, idxname),
			  F_N(IndexStmt, relation),
			  F_S(IndexStmt, accessMethod),
			  F_S(IndexStmt, tableSpace),
			  F_N(IndexStmt, indexParams),
			  F_N(IndexStmt, indexIncludingParams),
			  F_N(IndexStmt, options),
			  F_N(IndexStmt, whereClause),
			  F_B(IndexStmt, unique),
			  F_B(IndexStmt, nulls_not_distinct),
			  F_B(IndexStmt, concurrent),
			  F_B(IndexStmt, if_not_exists)),
	NODE_DESC(DropStmt,
			  F_N(DropStmt, objects),
			  F_E(DropStmt, removeType, ObjectType_names),
			  F_EZ(DropStmt, behavior, DropBehavior_names),
			  F_B(DropStmt, missing_ok),
			  F_B(DropStmt, concurrent)),
	NODE_DESC(TruncateStmt,
			  F_N(TruncateStmt, relations),
			  F_B(TruncateStmt, restart_seqs),
			  F_EZ(TruncateStmt, behavior, DropBehavior_names)),
	NODE_DESC(AlterTableStmt,
			  F_N(AlterTableStmt, relation),
			  F_N(AlterTableStmt, cmds),
			  F_EZ(AlterTableStmt, objtype, ObjectType_names),
			  F_B(AlterTableStmt, missing_ok)),
	NODE_DESC(AlterTableCmd,
			  F_E(AlterTableCmd, subtype, AlterTableType_names),
			  F_S(AlterTableCmd, name),
			  F_N(AlterTableCmd, def),
			  F_EZ(AlterTableCmd, behavior, DropBehavior_names),
			  F_B(AlterTableCmd, missing_ok)),
	NODE_DESC(RenameStmt,
			  F_E(RenameStmt, renameType, ObjectType_names),
			  F_E(RenameStmt, relationType, ObjectType_names),
			  F_N(RenameStmt, relation),
			  F_S(RenameStmt, subname),
			  F_S(RenameStmt, newname),
			  F_EZ(RenameStmt, behavior, DropBehavior_names),
			  F_B(RenameStmt, missing_ok)),
	NODE_DESC(CreateSchemaStmt,
			  F_S(CreateSchemaStmt, schemaname),
			  F_N(CreateSchemaStmt, authrole),
			  F_B(CreateSchemaStmt, if_not_exists)),
	NODE_DESC(ViewStmt,
			  F_N(ViewStmt, view),
			  F_N(ViewStmt, aliases),
			  F_N(ViewStmt, query),
			  F_B(ViewStmt, replace),
			  F_N(ViewStmt, options)),
	NODE_DESC(CreateSeqStmt,
			  F_N(CreateSeqStmt, sequence),
			  F_N(CreateSeqStmt, options),
			  F_B(CreateSeqStmt, if_not_exists)),
	NODE_DESC(TransactionStmt,
			  F_E(TransactionStmt, kind, TransactionStmtKind_names),
			  F_N(TransactionStmt, options),
			  F_S(TransactionStmt, savepoint_name),
			  F_S(TransactionStmt, gid),
			  F_B(TransactionStmt, chain),
			  F_L(TransactionStmt, location)),
	NODE_DESC(VariableSetStmt,
			  F_E(VariableSetStmt, kind, VariableSetKind_names),
			  F_S(VariableSetStmt, name),
			  F_N(VariableSetStmt, args),
			  F_B(VariableSetStmt, is_local)),
	NODE_DESC(VariableShowStmt,
			  F_S(VariableShowStmt, name)),
	NODE_DESC(AlterSystemStmt,
			  F_N(AlterSystemStmt, setstmt)),
	NODE_DESC(VacuumStmt,
			  F_N(VacuumStmt, options),
			  F_N(VacuumStmt, rels),
			  F_B(VacuumStmt, is_vacuumcmd)),
	NODE_DESC(VacuumRelation,
			  F_N(VacuumRelation, relation),
			  F_O(VacuumRelation, oid),
			  F_N(VacuumRelation, va_cols)),
	NODE_DESC0(CheckPointStmt),
	NODE_DESC(DiscardStmt,
			  F_E(DiscardStmt, target, DiscardMode_names)),
	NODE_DESC(CopyStmt,
			  F_N(CopyStmt, relation),
			  F_N(CopyStmt, query),
			  F_N(CopyStmt, attlist),
			  F_B(CopyStmt, is_from),
			  F_B(CopyStmt, is_program),
			  F_S(CopyStmt, filename),
			  F_N(CopyStmt, options),
			  F_N(CopyStmt, whereClause)),
	NODE_DESC(DeclareCursorStmt,
			  F_S(DeclareCursorStmt, portalname),
			  F_I(DeclareCursorStmt, options),
			  F_N(DeclareCursorStmt, query)),
	NODE_DESC(FetchStmt,
			  F_E(FetchStmt, direction, FetchDirection_names),
			  F_I64A(FetchStmt, howMany),
			  F_S(FetchStmt, portalname),
			  F_B(FetchStmt, ismove)),
	NODE_DESC(ClosePortalStmt,
			  F_S(ClosePortalStmt, portalname)),
	NODE_DESC(PrepareStmt,
			  F_S(PrepareStmt, name),
			  F_N(PrepareStmt, argtypes),
			  F_N(PrepareStmt, query)),
	NODE_DESC(ExecuteStmt,
			  F_S(ExecuteStmt, name),
			  F_N(ExecuteStmt, params)),
	NODE_DESC(DeallocateStmt,
			  F_S(DeallocateStmt, name)),
	NODE_DESC(ExplainStmt,
			  F_N(ExplainStmt, query),
			  F_N(ExplainStmt, options)),
	NODE_DESC(LockStmt,
			  F_N(LockStmt, relations),
			  F_I(LockStmt, mode),
			  F_B(LockStmt, nowait)),
	NODE_DESC(CreateRoleStmt,
			  F_E(CreateRoleStmt, stmt_type, RoleStmtType_names),
			  F_S(CreateRoleStmt, role),
			  F_N(CreateRoleStmt, options)),
	NODE_DESC(AlterRoleStmt,
			  F_N(AlterRoleStmt, role),
			  F_N(AlterRoleStmt, options),
			  F_I(AlterRoleStmt, action)),
	NODE_DESC(AlterRoleSetStmt,
			  F_N(AlterRoleSetStmt, role),
			  F_S(AlterRoleSetStmt, database),
			  F_N(AlterRoleSetStmt, setstmt)),
	NODE_DESC(DropRoleStmt,
			  F_N(DropRoleStmt, roles),
			  F_B(DropRoleStmt, missing_ok)),
	NODE_DESC(CreatedbStmt,
			  F_S(CreatedbStmt, dbname),
			  F_N(CreatedbStmt, options)),
	NODE_DESC(DropdbStmt,
			  F_S(DropdbStmt, dbname),
			  F_B(DropdbStmt, missing_ok),
			  F_N(DropdbStmt, options)),

	/*
	 * --- analyzed trees, plans, executor nodes ---
	 * Owners of the other NodeTag ranges may describe their nodes here
	 * (NODE_DESC(Type, F_...(Type, field), ...)) to get node_to_string,
	 * copy_node and node_equal for free; or install node_out_hook /
	 * node_copy_hook instead.
	 */
};

const NodeDesc *
nodes_desc(NodeTag tag)
{
	if ((int) tag < 0 || (int) tag >= (int) lengthof(node_descs) || node_descs[tag].name == NULL)
		return NULL;
	return &node_descs[tag];
}

int64_t
nodes_field_int(const void *node, const FieldDesc *f)
{
	const char *p = (const char *) node + f->offset;

	switch (f->kind)
	{
		case FK_INT:
		case FK_ENUM:
		case FK_LOCATION:
			return *(const int *) p;
		case FK_INT64:
			return *(const int64_t *) p;
		case FK_BOOL:
			return *(const bool *) p;
		case FK_CHAR:
			return *(const char *) p;
		case FK_OID:
			return *(const Oid *) p;
		default:
			Assert(false);
			return 0;
	}
}

static const char *const value_tag_names[] = {
	[T_List] = "List",[T_IntList] = "IntList",[T_OidList] = "OidList",
	[T_Integer] = "Integer",[T_Float] = "Float",[T_Boolean] = "Boolean",
	[T_String] = "String",[T_BitString] = "BitString",
};

const char *
node_tag_name(NodeTag tag)
{
	const NodeDesc *d = nodes_desc(tag);

	if (d != NULL)
		return d->name;
	if ((int) tag > 0 && (int) tag < (int) lengthof(value_tag_names))
		return value_tag_names[tag];
	return NULL;
}
