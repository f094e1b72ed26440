/*-------------------------------------------------------------------------
 * planner.h
 *	  The planner: Query -> PlannedStmt (a tree of plan nodes).
 *
 * Role: choose how to scan each table (sequential or btree index scan),
 * how to join (nested loop, index nested loop, hash join), how to group
 * (hashed or sorted), and lay out every intermediate row so that the
 * executor's expressions can address columns by position.
 *
 * Catalog: relations are opened (relation_open) only while planning, to
 * read indexes, reltuples and sizes; the plan keeps OIDs.
 *
 * See also: sql/plan/plan_internal.h (files and their roles),
 * sql/nodes/plannodes.h, sql/README.md.
 *-------------------------------------------------------------------------
 */
#ifndef PLANNER_H
#define PLANNER_H

#include "sql/nodes/plannodes.h"

PlannedStmt *planner(Query *query);

#endif							/* PLANNER_H */
