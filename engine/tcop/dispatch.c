/*-------------------------------------------------------------------------
 * dispatch.c
 *	  Frontend message dispatch (see tcopprot.h).
 *
 * Size limits per message type follow PostgreSQL: messages that carry
 * query text or data (Q, P, B, d, F) may be large; control messages are
 * limited to 10000 bytes, so a hostile length cannot make us allocate.
 *-------------------------------------------------------------------------
 */
#include "tcop/tcopprot.h"

#include "access/transam/xact.h"
#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"

static bool doing_extended_query = false;
static bool ignore_till_sync = false;

int
tcop_max_message_length(int msgtype)
{
	switch (msgtype)
	{
		case 'Q':
		case 'P':
		case 'B':
		case 'F':
		case 'd':
			return PQ_LARGE_MESSAGE_LIMIT;
		case 'X':
		case 'C':
		case 'D':
		case 'E':
		case 'H':
		case 'S':
		case 'c':
		case 'f':
			return PQ_SMALL_MESSAGE_LIMIT;
		default:
			return -1;
	}
}

void
tcop_reset_session_state(void)
{
	doing_extended_query = false;
	ignore_till_sync = false;
	exec_reset_extended_query_state();
}

bool
tcop_in_extended_query(void)
{
	return doing_extended_query;
}

void
tcop_after_error(void)
{
	if (doing_extended_query)
		ignore_till_sync = true;
}

bool
tcop_dispatch_message(int msgtype, StringBuf *msg)
{
	/*
	 * Sync ends any skip-till-Sync and is not itself "extended": an error
	 * while processing it is followed by ReadyForQuery at once.
	 */
	if (msgtype == 'S')
		ignore_till_sync = false;
	doing_extended_query = (msgtype == 'P' || msgtype == 'B' || msgtype == 'D' ||
							msgtype == 'E' || msgtype == 'C' || msgtype == 'H');
	if (ignore_till_sync && msgtype != 'X')
		return false;
	switch (msgtype)
	{
		case 'Q':
			{
				const char *query = pq_get_string(msg);

				pq_get_end(msg);
				exec_simple_query(query);
				return true;
			}
		case 'X':
			proc_exit(0);
		case 'P':
			exec_parse_message(msg);
			return false;
		case 'B':
			exec_bind_message(msg);
			return false;
		case 'D':
			exec_describe_message(msg);
			return false;
		case 'E':
			exec_execute_message(msg);
			return false;
		case 'C':
			exec_close_message(msg);
			return false;
		case 'S':
			pq_get_end(msg);
			/* Sync ends the implicit transaction of the messages before it. */
			xact_commit_command();
			return true;
		case 'H':
			pq_get_end(msg);
			pq_flush();
			return false;
		case 'd':
		case 'c':
		case 'f':
			/* Leftover COPY messages after an aborted COPY are ignored. */
			return false;
		case 'F':
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("fastpath function calls are not supported"));
			break;
		default:
			ereport(FATAL, errcode(ERRCODE_PROTOCOL_VIOLATION),
					errmsg("invalid frontend message type %d", msgtype));
	}
	return false;
}
