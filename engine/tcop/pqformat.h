/*-------------------------------------------------------------------------
 * pqformat.h
 *	  Building outgoing protocol messages and decoding incoming ones.
 *
 * Role: the protocol codec.  Outgoing: pq_begin() a message into a
 * StringBuf, append big-endian integers, strings and byte strings, then
 * pq_end() hands it to pqcomm.  Incoming: the pq_get* functions consume a
 * received message body through its cursor.
 *
 * Invariant: decoding never reads past the end of the message.  A short or
 * malformed body raises ERROR with SQLSTATE 08P01 ("insufficient data left
 * in message", "invalid string in message", "invalid message format"),
 * exactly the messages PostgreSQL uses, so hostile input produces an
 * ErrorResponse, not a crash.
 *-------------------------------------------------------------------------
 */
#ifndef PQFORMAT_H
#define PQFORMAT_H

#include "common/minipg.h"
#include "utils/strbuf.h"

/* Outgoing. */
void		pq_begin(StringBuf *buf, char msgtype);
void		pq_send_int8(StringBuf *buf, uint8_t v);
void		pq_send_int16(StringBuf *buf, uint16_t v);
void		pq_send_int32(StringBuf *buf, uint32_t v);
void		pq_send_int64(StringBuf *buf, uint64_t v);
void		pq_send_string(StringBuf *buf, const char *s);	/* with NUL */
void		pq_send_bytes(StringBuf *buf, const void *data, int len);
/* Send the message (type byte stored at pq_begin) and free nothing. */
void		pq_end(StringBuf *buf);

/* Incoming (buf->cursor advances). */
int			pq_get_byte(StringBuf *msg);
uint16_t	pq_get_int16(StringBuf *msg);
uint32_t	pq_get_int32(StringBuf *msg);
uint64_t	pq_get_int64(StringBuf *msg);
const char *pq_get_string(StringBuf *msg);	/* points into msg */
const char *pq_get_bytes(StringBuf *msg, int len);	/* points into msg */
int			pq_remaining(const StringBuf *msg);
/* ERROR unless the whole message was consumed. */
void		pq_get_end(StringBuf *msg);

/* Frequently sent messages. */
void		pq_send_ready_for_query(char txn_status);
void		pq_send_command_complete(const char *tag);
void		pq_send_parameter_status(const char *name, const char *value);
void		pq_send_empty_query_response(void);

#endif							/* PQFORMAT_H */
