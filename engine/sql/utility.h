/*-------------------------------------------------------------------------
 * utility.h
 *	  "Utility" statements: everything that is not a query plan — DDL,
 *	  transaction control, SET/SHOW/RESET, VACUUM/ANALYZE/CHECKPOINT,
 *	  roles, DISCARD.
 *
 * Role: the portal code (sql/sqlexec.c) runs plannable statements (SELECT,
 * INSERT, UPDATE, DELETE, VALUES, COPY, cursors, EXPLAIN, PREPARE/EXECUTE)
 * itself and hands every other raw statement node here.
 *
 * Contract:
 *	- utility_is_utility(stmt) says whether a node belongs here.
 *	- utility_result_desc(stmt) describes the rows the statement returns
 *	  (SHOW returns one text column named after the setting; SHOW ALL
 *	  three), or NULL for none.  It must not have side effects: it is used
 *	  by Describe before execution.
 *	- utility_execute(stmt, query_text, dest, tag, tag_size) runs it,
 *	  sends any rows to dest (startup, receive..., shutdown), and writes
 *	  the CommandComplete tag ("CREATE TABLE", "SET", "BEGIN", ...).
 *	  Errors are ereport(ERROR) with PostgreSQL's SQLSTATEs and messages.
 *-------------------------------------------------------------------------
 */
#ifndef UTILITY_H
#define UTILITY_H

#include "common/minipg.h"
#include "sql/nodes/nodes.h"
#include "tcop/dest.h"

typedef struct VacuumStats VacuumStats;

bool		utility_is_utility(const Node *stmt);
const ResultDesc *utility_result_desc(const Node *stmt);
void		utility_execute(Node *stmt, const char *query_text, DestReceiver *dest,
							char *tag, size_t tag_size);

/*
 * VACUUM and/or ANALYZE one table by OID (VACUUM's per-table step, also
 * the autovacuum worker's).  autovacuum: only try the table lock (false
 * when it is not free: nothing was done) and report as autovacuum.
 * stats_out (may be NULL) receives VACUUM's counts.  Must run outside a
 * transaction block, in a transaction.
 */
bool		utility_vacuum_relation(Oid relid, bool do_vacuum, bool do_analyze, bool autovacuum,
									VacuumStats *stats_out);

#endif							/* UTILITY_H */
