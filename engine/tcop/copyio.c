/*-------------------------------------------------------------------------
 * copyio.c
 *	  The COPY sub-protocol on the client connection (see copyio.h).
 *
 * Copy-in reads whole protocol messages: CopyData chunks are appended to
 * the caller's buffer (a chunk may end mid-row; the caller splits lines),
 * Flush and Sync are ignored as PostgreSQL does, and anything else is a
 * protocol violation.
 *-------------------------------------------------------------------------
 */
#include "tcop/copyio.h"

#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

static void
send_copy_response(char msgtype, int ncols)
{
	StringBuf	buf;

	pq_begin(&buf, msgtype);
	pq_send_int8(&buf, 0);		/* text format */
	pq_send_int16(&buf, (uint16_t) ncols);
	for (int i = 0; i < ncols; i++)
		pq_send_int16(&buf, 0);
	pq_end(&buf);
	pq_flush();
}

void
copyio_in_begin(int ncols)
{
	send_copy_response('G', ncols);
}

bool
copyio_in_read(StringBuf *buf)
{
	StringBuf	msg;

	strbuf_init(&msg);
	for (;;)
	{
		int			type = pq_getbyte();

		CHECK_FOR_INTERRUPTS();
		if (type == EOF)
			ereport(ERROR, errcode(ERRCODE_CONNECTION_FAILURE),
					errmsg("unexpected EOF on client connection with an open transaction"));
		int			maxlen = (type == 'd') ? PQ_LARGE_MESSAGE_LIMIT : PQ_SMALL_MESSAGE_LIMIT;

		if (pq_getmessage(&msg, maxlen) == EOF)
			ereport(ERROR, errcode(ERRCODE_CONNECTION_FAILURE),
					errmsg("unexpected EOF on client connection with an open transaction"));
		switch (type)
		{
			case 'd':
				strbuf_append_bytes(buf, msg.data, msg.len);
				return true;
			case 'c':
				return false;
			case 'f':
				ereport(ERROR, errcode(ERRCODE_QUERY_CANCELED),
						errmsg("COPY from stdin failed: %s", pq_get_string(&msg)));
				break;
			case 'H':
			case 'S':
				continue;
			default:
				ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
						errmsg("unexpected message type 0x%02X during COPY from stdin", type));
		}
	}
}

void
copyio_out_begin(int ncols)
{
	send_copy_response('H', ncols);
}

void
copyio_out_send(const char *data, int len)
{
	pq_putmessage('d', data, (size_t) len);
}

void
copyio_out_end(void)
{
	pq_putmessage('c', NULL, 0);
}
