/*-------------------------------------------------------------------------
 * analyze.h
 *	  The analyzer: raw parse tree -> Query (names resolved, types
 *	  checked, literals and parameters typed).
 *
 * Role: turn SELECT / VALUES / set operations / INSERT / UPDATE / DELETE
 * (and the queries inside DECLARE, EXPLAIN, COPY, PREPARE) into the
 * analyzed trees of sql/nodes/primnodes.h, raising PostgreSQL's errors
 * with cursor positions.
 *
 * Parameters: params describes $1..$n.  Entries that are InvalidOid (or
 * beyond the supplied count) are inferred from context; the array grows
 * when the statement references a higher $n.  After analysis, every
 * parameter has a type or the call raised 42P18.
 *
 * Catalog: tables are opened with relation_openrv() only while being
 * analyzed; the Query keeps their OIDs and column types.
 *
 * See also: sql/analyze/analyze_internal.h (the files and how they share
 * state), sql/README.md.
 *-------------------------------------------------------------------------
 */
#ifndef ANALYZE_H
#define ANALYZE_H

#include "sql/nodes/primnodes.h"

typedef struct ParamTypes
{
	Oid		   *types;			/* palloc'd, ntypes entries */
	int			ntypes;
	bool		infer;			/* may add/infer types (else $n > ntypes: 42P02) */
} ParamTypes;

/*
 * Analyze one plannable statement (SelectStmt, InsertStmt, UpdateStmt,
 * DeleteStmt).  query_text is the full text the node locations point into.
 */
Query	   *analyze_statement(Node *stmt, const char *query_text, ParamTypes *params);

/*
 * Analyze an expression that references no table (a column DEFAULT
 * expression text, a LIMIT of a cursor...), coerced to target_type with
 * assignment rules.  Used for column defaults by INSERT/COPY.
 */
Expr	   *analyze_standalone_expr(Node *raw, const char *query_text, Oid target_type,
									int32_t target_typmod, const char *colname);

/* Convert a byte offset into query_text into errposition()'s 1-based character count. */
int			analyze_errpos(const char *query_text, int location);

/* Output column names of an analyzed SELECT (non-junk TargetEntry names). */
List	   *analyze_result_columns(const Query *query);

/* Resolve a TypeName to a type OID and typmod; ERROR 42704 if unknown. */
Oid			analyze_typename(const TypeName *tn, const char *query_text, int32_t *typmod);

#endif							/* ANALYZE_H */
