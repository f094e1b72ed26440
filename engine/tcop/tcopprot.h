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

/* Simple query protocol ('Q'). */
void		exec_simple_query(const char *query);

#endif							/* TCOPPROT_H */
