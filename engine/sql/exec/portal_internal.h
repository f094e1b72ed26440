/*-------------------------------------------------------------------------
 * portal_internal.h
 *	  The portal layer behind sql/sqlexec.h: prepared statements, portals,
 *	  and the statements the portal layer runs itself (EXPLAIN, COPY,
 *	  cursors, SQL-level PREPARE/EXECUTE/DEALLOCATE).
 *
 *	sql/sqlexec.c        PreparedStmt and Portal: prepare, revalidate, run
 *	exec/explain.c       EXPLAIN [ANALYZE] text output
 *	exec/copy_from.c     COPY ... FROM STDIN
 *	exec/copy_to.c       COPY ... TO STDOUT
 *	exec/cursor.c        DECLARE / FETCH / MOVE / CLOSE, WITH HOLD
 *	exec/prepare_sql.c   PREPARE / EXECUTE / DEALLOCATE (SQL level)
 *
 * Memory: a PreparedStmt's analyzed query and plan live in its own
 * context (a child of the caller's context at sql_prepare time), replaced
 * wholesale when the statement is re-planned.
 *-------------------------------------------------------------------------
 */
#ifndef PORTAL_INTERNAL_H
#define PORTAL_INTERNAL_H

#include "sql/analyze/analyze.h"
#include "sql/exec/executor.h"
#include "sql/sqlexec.h"

typedef enum PreparedKind
{
	PK_QUERY,					/* SELECT / INSERT / UPDATE / DELETE / VALUES */
	PK_UTILITY,					/* utility.h */
	PK_EXPLAIN,
	PK_COPY,
	PK_DECLARE,
	PK_FETCH,
	PK_CLOSE,
	PK_PREPARE,
	PK_EXECUTE,
	PK_DEALLOCATE,
} PreparedKind;

/* Signature of a relation the plan depends on (revalidation). */
typedef struct RelSignature
{
	Oid			relid;
	int			natts;
	Oid		   *types;			/* InvalidOid for dropped columns */
	List	   *indexes;		/* OidList */
} RelSignature;

struct PreparedStmt
{
	PreparedKind kind;
	RawStmt    *raw;
	char	   *query_text;
	int			nparams;
	Oid		   *param_types;
	bool		infer_params;	/* unspecified/extra $n get inferred types */
	MemoryContext cxt;			/* the statement (raw copy, params) */
	MemoryContext plan_cxt;		/* query + plan, replaced on re-plan */
	Query	   *query;			/* PK_QUERY */
	PlannedStmt *plan;
	ResultDesc *desc;			/* NULL when no rows */
	List	   *signatures;		/* RelSignature list */
	/* PK_EXPLAIN: the explained statement, prepared */
	PreparedStmt *inner;
};

/* Build the ResultDesc of a query's visible target list. */
ResultDesc *portal_result_desc(List *targetList);
/* A one-text-column ResultDesc (EXPLAIN's "QUERY PLAN"). */
ResultDesc *portal_text_desc(const char *colname);
/* Analyze and plan stmt into ps (ps->plan_cxt current). */
void		portal_plan_query(PreparedStmt *ps, Node *stmt);
/* "SELECT 3", "INSERT 0 1", ... */
void		portal_command_tag(CmdType cmd, uint64_t n, char *tag, size_t tag_size);
/* Send a list of text lines as rows of one text column. */
void		portal_send_text_rows(DestReceiver *dest, const ResultDesc *desc, List *lines);

/* explain.c */
void		explain_execute(PreparedStmt *ps, ExplainStmt *stmt, const ParamValues *params,
							DestReceiver *dest, char *tag, size_t tag_size);

/* copy_from.c / copy_to.c */
void		copy_execute(CopyStmt *stmt, const char *query_text, const ParamValues *params,
						 char *tag, size_t tag_size);
uint64_t	copy_from_stdin(CopyStmt *stmt, const char *query_text);
uint64_t	copy_to_stdout(CopyStmt *stmt, const char *query_text, const ParamValues *params);

/* cursor.c */
void		cursor_declare(DeclareCursorStmt *stmt, const char *query_text,
						   const ParamValues *params, char *tag, size_t tag_size);
void		cursor_fetch(FetchStmt *stmt, DestReceiver *dest, char *tag, size_t tag_size);
void		cursor_close(ClosePortalStmt *stmt, char *tag, size_t tag_size);
/* The rows FETCH from a cursor would return, or NULL if there is no such cursor. */
const ResultDesc *cursor_result_desc(const char *name);
void		cursor_at_xact_event(bool commit, bool pre_commit);
void		cursor_close_all(void);

/* prepare_sql.c */
void		prepare_sql_prepare(PrepareStmt *stmt, const char *query_text, char *tag,
								size_t tag_size);
void		prepare_sql_execute(ExecuteStmt *stmt, const char *query_text,
								const ParamValues *outer, DestReceiver *dest, char *tag,
								size_t tag_size);
void		prepare_sql_deallocate(DeallocateStmt *stmt, char *tag, size_t tag_size);
const ResultDesc *prepare_sql_result_desc(const char *name);
/* Find a SQL-level prepared statement (NULL if none). */
PreparedStmt *prepare_sql_lookup(const char *name);

/* sessionfuncs.c */
extern const FmgrTableSet sqlexec_session_fmgr;

#endif							/* PORTAL_INTERNAL_H */
