/*-------------------------------------------------------------------------
 * pqformat.c
 *	  Protocol message encoding and bounds-checked decoding (see pqformat.h).
 *
 * An outgoing message is built in a StringBuf whose first byte is the
 * message type; pq_end() writes type, length and body through pqcomm.
 *-------------------------------------------------------------------------
 */
#include "tcop/pqformat.h"

#include <arpa/inet.h>

#include "tcop/pqcomm.h"
#include "utils/elog.h"

void
pq_begin(StringBuf *buf, char msgtype)
{
	strbuf_init(buf);
	strbuf_append_char(buf, msgtype);
}

void
pq_send_int8(StringBuf *buf, uint8_t v)
{
	strbuf_append_char(buf, (char) v);
}

void
pq_send_int16(StringBuf *buf, uint16_t v)
{
	uint16_t	n = htons(v);

	strbuf_append_bytes(buf, &n, 2);
}

void
pq_send_int32(StringBuf *buf, uint32_t v)
{
	uint32_t	n = htonl(v);

	strbuf_append_bytes(buf, &n, 4);
}

void
pq_send_int64(StringBuf *buf, uint64_t v)
{
	pq_send_int32(buf, (uint32_t) (v >> 32));
	pq_send_int32(buf, (uint32_t) v);
}

void
pq_send_string(StringBuf *buf, const char *s)
{
	strbuf_append_bytes(buf, s, (int) strlen(s) + 1);
}

void
pq_send_bytes(StringBuf *buf, const void *data, int len)
{
	strbuf_append_bytes(buf, data, len);
}

void
pq_end(StringBuf *buf)
{
	pq_putmessage(buf->data[0], buf->data + 1, (size_t) buf->len - 1);
}

static pg_noreturn void
insufficient_data(void)
{
	ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
			errmsg("insufficient data left in message"));
	__builtin_unreachable();
}

int
pq_remaining(const StringBuf *msg)
{
	return msg->len - msg->cursor;
}

int
pq_get_byte(StringBuf *msg)
{
	if (msg->cursor >= msg->len)
		insufficient_data();
	return (unsigned char) msg->data[msg->cursor++];
}

uint16_t
pq_get_int16(StringBuf *msg)
{
	uint16_t	n;

	if (pq_remaining(msg) < 2)
		insufficient_data();
	memcpy(&n, msg->data + msg->cursor, 2);
	msg->cursor += 2;
	return ntohs(n);
}

uint32_t
pq_get_int32(StringBuf *msg)
{
	uint32_t	n;

	if (pq_remaining(msg) < 4)
		insufficient_data();
	memcpy(&n, msg->data + msg->cursor, 4);
	msg->cursor += 4;
	return ntohl(n);
}

uint64_t
pq_get_int64(StringBuf *msg)
{
	uint64_t	hi = pq_get_int32(msg);

	return (hi << 32) | pq_get_int32(msg);
}

const char *
pq_get_string(StringBuf *msg)
{
	const char *s = msg->data + msg->cursor;
	const char *nul;

	if (msg->cursor >= msg->len ||
		(nul = memchr(s, '\0', (size_t) (msg->len - msg->cursor))) == NULL)
		ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("invalid string in message"));
	msg->cursor += (int) (nul - s) + 1;
	return s;
}

const char *
pq_get_bytes(StringBuf *msg, int len)
{
	if (len < 0 || len > pq_remaining(msg))
		insufficient_data();
	const char *p = msg->data + msg->cursor;

	msg->cursor += len;
	return p;
}

void
pq_get_end(StringBuf *msg)
{
	if (msg->cursor != msg->len)
		ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("invalid message format"));
}

void
pq_send_ready_for_query(char txn_status)
{
	pq_putmessage('Z', &txn_status, 1);
}

void
pq_send_command_complete(const char *tag)
{
	pq_putmessage('C', tag, strlen(tag) + 1);
}

void
pq_send_parameter_status(const char *name, const char *value)
{
	StringBuf	buf;

	pq_begin(&buf, 'S');
	pq_send_string(&buf, name);
	pq_send_string(&buf, value);
	pq_end(&buf);
}

void
pq_send_empty_query_response(void)
{
	pq_putmessage('I', NULL, 0);
}
