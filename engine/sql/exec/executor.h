/*-------------------------------------------------------------------------
 * executor.h
 *	  The executor: runs a PlannedStmt, Volcano style, one row at a time.
 *
 * Role: sqlexec.c (portals, cursors), EXPLAIN and COPY (query) TO call
 * these; everything else of sql/exec is internal (exec_internal.h).
 *
 * Lifetime: executor_start() creates an "ExecutorState" memory context
 * under CurrentMemoryContext holding every node's state; executor_end()
 * closes scans and relations and deletes it.  Rows returned by
 * executor_next() stay valid until the next call (each node resets a
 * per-row memory context), so a consumer copies what it keeps.
 *
 * Snapshots: the caller passes the snapshot to read with and keeps it
 * valid until executor_end() (a suspended portal passes a copy).
 *
 * Errors: any ereport(ERROR) leaves the QueryDesc unusable; the caller
 * abandons it (its memory goes with the enclosing context; relations are
 * closed by the relation cache at transaction end).
 *-------------------------------------------------------------------------
 */
#ifndef EXECUTOR_H
#define EXECUTOR_H

#include "access/transam/snapshot.h"
#include "sql/nodes/plannodes.h"

/* One row: ncols values (by-reference values point into executor memory). */
typedef struct TupleSlot
{
	int			ncols;
	Datum	   *values;
	bool	   *isnull;
} TupleSlot;

/* External parameter values ($1..$n), already in their types. */
typedef struct ParamValues
{
	int			nparams;
	const Datum *values;
	const bool *isnull;
	const Oid  *types;
} ParamValues;

typedef struct QueryDesc QueryDesc;

QueryDesc  *executor_start(PlannedStmt *pstmt, const ParamValues *params, Snapshot snapshot,
						   bool instrument);
/* The next result row, or NULL when there are no more. */
TupleSlot  *executor_next(QueryDesc *qd);
void		executor_end(QueryDesc *qd);
/* Rows inserted/updated/deleted (ModifyTable) or returned so far. */
uint64_t	executor_processed(const QueryDesc *qd);
uint64_t	executor_rows_returned(const QueryDesc *qd);

/* EXPLAIN: the plan as PostgreSQL's text format lines (List of char *). */
List	   *explain_plan_lines(PlannedStmt *pstmt, QueryDesc *analyzed, bool costs);

/* Evaluate an expression with no input row (DEFAULTs, LIMIT values). */
Datum		exec_eval_standalone(Expr *expr, const ParamValues *params, bool *isnull);

#endif							/* EXECUTOR_H */
