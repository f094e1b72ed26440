/*-------------------------------------------------------------------------
 * test_pqformat.c
 *	  Unit tests of the protocol codec: message building (pqformat),
 *	  bounds-checked decoding, and framing over a transport (pqcomm).
 *
 * How: pqcomm is given an in-memory transport (a byte string to read, a
 * buffer collecting what is written), so every test sees exact bytes.
 * Checks: big-endian integers and strings are encoded as protocol v3
 * specifies and the length word counts itself; decoding past the end, an
 * unterminated string or leftover bytes raise ERROR 08P01 with
 * PostgreSQL's messages; pq_getmessage accepts a well-formed message and
 * reports EOF (closing the connection) for a length below 4, a length
 * above the limit (without waiting for the body) and a truncated body;
 * a large payload passes through the send buffer intact.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdlib.h>

#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

typedef struct MemStream
{
	const char *in;
	size_t		in_len;
	size_t		in_pos;
	size_t		max_chunk;		/* deliver input in pieces of at most this */
	StringBuf	out;
} MemStream;

static MemStream stream;

static ssize_t
mem_read(void *state, void *buf, size_t len)
{
	MemStream  *s = state;
	size_t		n = Min(len, s->in_len - s->in_pos);

	n = Min(n, s->max_chunk);
	memcpy(buf, s->in + s->in_pos, n);
	s->in_pos += n;
	return (ssize_t) n;
}

static ssize_t
mem_write(void *state, const void *buf, size_t len)
{
	MemStream  *s = state;

	strbuf_append_bytes(&s->out, buf, (int) len);
	return (ssize_t) len;
}

static void
use_input(const char *data, size_t len, size_t max_chunk)
{
	PqTransport t = {mem_read, mem_write, &stream};

	stream.in = data;
	stream.in_len = len;
	stream.in_pos = 0;
	stream.max_chunk = max_chunk;
	strbuf_init(&stream.out);
	pq_init(&t);
}

/* Run fn; return the SQLSTATE it raised, or "" if it returned. */
static const char *
sqlstate_of(void (*fn) (StringBuf *), StringBuf *msg, char *message_out, size_t msgsize)
{
	static char code[6];
	volatile bool failed = false;

	ELOG_TRY();
	{
		fn(msg);
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		failed = true;
		snprintf(code, sizeof(code), "%s", e->sqlstate);
		if (message_out)
			snprintf(message_out, msgsize, "%s", e->message);
		elog_flush_error();
	}
	ELOG_END_TRY();
	return failed ? code : "";
}

static void
test_build_message(void **state)
{
	StringBuf	m;

	(void) state;
	use_input("", 0, 1);
	pq_begin(&m, 'T');
	pq_send_int16(&m, 0x0102);
	pq_send_int32(&m, 0x03040506);
	pq_send_int64(&m, 0x0708090A0B0C0D0EULL);
	pq_send_string(&m, "ab");
	pq_send_int8(&m, 0xFF);
	pq_end(&m);
	pq_flush();
	static const unsigned char expect[] = {
		'T', 0, 0, 0, 4 + 2 + 4 + 8 + 3 + 1,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 'a', 'b', 0, 0xFF,
	};

	assert_int_equal(stream.out.len, sizeof(expect));
	assert_memory_equal(stream.out.data, expect, sizeof(expect));
}

static void
test_ready_and_complete(void **state)
{
	(void) state;
	use_input("", 0, 1);
	pq_send_command_complete("SELECT 1");
	pq_send_ready_for_query('T');
	pq_flush();
	static const char expect[] = "C\0\0\0\x0dSELECT 1\0Z\0\0\0\x05T";

	assert_int_equal(stream.out.len, sizeof(expect) - 1);
	assert_memory_equal(stream.out.data, expect, sizeof(expect) - 1);
}

static StringBuf *
message_of(const void *bytes, int len)
{
	StringBuf  *m = palloc(sizeof(StringBuf));

	strbuf_init(m);
	strbuf_append_bytes(m, bytes, len);
	return m;
}

static void
decode_all(StringBuf *m)
{
	assert_int_equal(pq_get_int16(m), 0x0102);
	assert_int_equal(pq_get_int32(m), 0x03040506u);
	assert_string_equal(pq_get_string(m), "xyz");
	assert_int_equal(pq_get_byte(m), 'q');
	pq_get_end(m);
}

static void
get_int32(StringBuf *m)
{
	(void) pq_get_int32(m);
}

static void
get_string(StringBuf *m)
{
	(void) pq_get_string(m);
}

static void
get_bytes_negative(StringBuf *m)
{
	(void) pq_get_bytes(m, -1);
}

static void
get_end(StringBuf *m)
{
	pq_get_end(m);
}

static void
test_decode_and_bounds(void **state)
{
	char		msg[256];

	(void) state;
	static const char good[] = "\x01\x02\x03\x04\x05\x06xyz\0q";

	assert_string_equal(sqlstate_of(decode_all, message_of(good, sizeof(good) - 1), NULL, 0), "");

	/* Three bytes cannot hold an int32. */
	assert_string_equal(sqlstate_of(get_int32, message_of("\x01\x02\x03", 3), msg, sizeof(msg)),
						"08P01");
	assert_string_equal(msg, "insufficient data left in message");
	/* A string without its terminator. */
	assert_string_equal(sqlstate_of(get_string, message_of("abc", 3), msg, sizeof(msg)), "08P01");
	assert_string_equal(msg, "invalid string in message");
	/* An empty body has no string either. */
	assert_string_equal(sqlstate_of(get_string, message_of("", 0), msg, sizeof(msg)), "08P01");
	/* A negative length (from a hostile Bind) is refused, not trusted. */
	assert_string_equal(sqlstate_of(get_bytes_negative, message_of("abcd", 4), msg, sizeof(msg)),
						"08P01");
	assert_string_equal(msg, "insufficient data left in message");
	/* Leftover bytes after the last field. */
	assert_string_equal(sqlstate_of(get_end, message_of("x", 1), msg, sizeof(msg)), "08P01");
	assert_string_equal(msg, "invalid message format");
}

static void
test_getmessage_framing(void **state)
{
	StringBuf	buf;

	(void) state;
	strbuf_init(&buf);
	/* Length 9 (4 + "hello"), delivered one byte at a time. */
	use_input("\0\0\0\x09hello", 9, 1);
	assert_int_equal(pq_getmessage(&buf, 100), 0);
	assert_int_equal(buf.len, 5);
	assert_memory_equal(buf.data, "hello", 5);

	/* A length word below 4 is a broken stream: EOF. */
	use_input("\0\0\0\x03", 4, 64);
	assert_int_equal(pq_getmessage(&buf, 100), EOF);

	/* Above the limit: EOF at once, before any body byte is read. */
	use_input("\0\0\x27\x15", 4, 64);	/* 10005 */
	assert_int_equal(pq_getmessage(&buf, PQ_SMALL_MESSAGE_LIMIT), EOF);
	assert_int_equal(stream.in_pos, 4);
	/* Exactly at the limit (the length word counts itself) is accepted. */
	char	   *big = calloc(1, 10000);

	big[2] = 0x27;
	big[3] = 0x10;				/* 10000 */
	use_input(big, 10000, 4096);
	assert_int_equal(pq_getmessage(&buf, PQ_SMALL_MESSAGE_LIMIT), 0);
	assert_int_equal(buf.len, 9996);
	free(big);

	/* A body cut short by EOF. */
	use_input("\0\0\0\x10" "abc", 7, 64);
	assert_int_equal(pq_getmessage(&buf, 100), EOF);
}

static void
test_large_payload_passes_through(void **state)
{
	(void) state;
	use_input("", 0, 1);
	size_t		n = 100000;
	char	   *payload = malloc(n);

	for (size_t i = 0; i < n; i++)
		payload[i] = (char) (i * 7);
	pq_putbytes("ab", 2);
	pq_putmessage('d', payload, n);
	pq_flush();
	assert_int_equal(stream.out.len, (int) (2 + 5 + n));
	assert_memory_equal(stream.out.data, "ab", 2);
	uint32_t	len;

	memcpy(&len, stream.out.data + 3, 4);
	assert_int_equal(ntohl(len), n + 4);
	assert_memory_equal(stream.out.data + 7, payload, n);
	free(payload);
}

int
main(void)
{
	memctx_init();
	guc_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_message),
		cmocka_unit_test(test_ready_and_complete),
		cmocka_unit_test(test_decode_and_bounds),
		cmocka_unit_test(test_getmessage_framing),
		cmocka_unit_test(test_large_payload_passes_through),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
