/*-------------------------------------------------------------------------
 * tcopprot.h
 *	  The backend's message dispatch ("traffic cop"): which frontend
 *	  messages exist, their size limits, and what each does.
 *-------------------------------------------------------------------------
 */
#ifndef TCOPPROT_H
#define TCOPPROT_H

#include "common/minipg.h"
#include "utils/strbuf.h"

/* Largest body accepted for a message type, or -1 if the type is invalid. */
int			tcop_max_message_length(int msgtype);
/* Run one message.  Returns true when ReadyForQuery is due. */
bool		tcop_dispatch_message(int msgtype, StringBuf *msg);
/* Is the backend in the middle of an extended-query exchange (before Sync)? */
bool		tcop_in_extended_query(void);
/* Called by error recovery: in extended mode, skip messages until Sync. */
void		tcop_after_error(void);
/*
 * Forget the protocol state of a previous session (extended-query mode,
 * prepared statements and portals, whose memory went with that session's
 * SessionContext).  backend_run() calls it first; a no-op in a fresh process.
 */
void		tcop_reset_session_state(void);
void		exec_reset_extended_query_state(void);

/* Simple query protocol ('Q'). */
void		exec_simple_query(const char *query);

/* Extended query protocol (extended_query.c). */
void		exec_parse_message(StringBuf *msg);
void		exec_bind_message(StringBuf *msg);
void		exec_describe_message(StringBuf *msg);
void		exec_execute_message(StringBuf *msg);
void		exec_close_message(StringBuf *msg);

/* Shared by both protocols (simple_query.c). */
struct RawStmt;
/* ERROR 25P02 unless the statement may run in a failed transaction block. */
void		tcop_check_aborted_block(const struct RawStmt *raw);
/* Statement bracket: log text, pg_stat_activity, cancel and statement_timeout. */
void		tcop_begin_statement(const char *query);
void		tcop_end_statement(void);

#endif							/* TCOPPROT_H */
