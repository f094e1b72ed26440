/*-------------------------------------------------------------------------
 * test_logpipe.c
 *	  Unit tests for utils/logpipe.c, the logger pipe's chunk protocol:
 *	  a message longer than PIPE_BUF is split and reassembled whole, chunks
 *	  of several senders interleaved at chunk granularity come out as whole
 *	  messages, raw stderr bytes pass through unchanged around chunks,
 *	  input fed one byte at a time gives the same output, a partial message
 *	  left by a dead sender is emitted at end of input, and a bogus header
 *	  is passed through rather than swallowing what follows.
 *
 * How: the writer writes into a real pipe (logpipe_write_message) or
 * chunks are built by hand with logpipe_build_header; the reader's output
 * is collected as a list of emitted pieces and compared byte for byte.
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "utils/logpipe.h"

typedef struct Out
{
	char	   *pieces[64];
	size_t		lens[64];
	int			n;
} Out;

static void
collect(const char *data, size_t len, void *arg)
{
	Out		   *o = arg;

	assert_true(o->n < 64);
	o->pieces[o->n] = malloc(len + 1);
	memcpy(o->pieces[o->n], data, len);
	o->pieces[o->n][len] = '\0';
	o->lens[o->n] = len;
	o->n++;
}

static void
out_free(Out *o)
{
	for (int i = 0; i < o->n; i++)
		free(o->pieces[i]);
	o->n = 0;
}

/* Concatenation of all emitted pieces. */
static char *
joined(const Out *o, size_t *len)
{
	size_t		total = 0;

	for (int i = 0; i < o->n; i++)
		total += o->lens[i];
	char	   *s = malloc(total + 1);
	size_t		off = 0;

	for (int i = 0; i < o->n; i++)
	{
		memcpy(s + off, o->pieces[i], o->lens[i]);
		off += o->lens[i];
	}
	s[total] = '\0';
	*len = total;
	return s;
}

static size_t
chunk(char *out, pid_t pid, const char *payload, size_t len, bool final)
{
	logpipe_build_header(out, pid, len, final);
	memcpy(out + LOGPIPE_HEADER_SIZE, payload, len);
	return LOGPIPE_HEADER_SIZE + len;
}

static void
test_long_message_through_pipe(void **state)
{
	int			fds[2];
	size_t		len = 3 * LOGPIPE_CHUNK_SIZE + 123;
	char	   *msg = malloc(len);
	char		buf[LOGPIPE_CHUNK_SIZE];
	static LogPipeReader r;
	Out			o = {0};
	ssize_t		n;

	(void) state;
	for (size_t i = 0; i < len; i++)
		msg[i] = (char) ('a' + i % 26);
	msg[len - 1] = '\n';
	assert_int_equal(pipe(fds), 0);
	logpipe_write_message(fds[1], 4242, msg, len);
	close(fds[1]);
	logpipe_reader_init(&r);
	while ((n = read(fds[0], buf, sizeof(buf))) > 0)
		logpipe_reader_feed(&r, buf, (size_t) n, collect, &o);
	logpipe_reader_flush(&r, collect, &o);
	close(fds[0]);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.lens[0], len);
	assert_memory_equal(o.pieces[0], msg, len);
	out_free(&o);
	free(msg);
}

static void
test_interleaved_senders(void **state)
{
	static char stream[8 * LOGPIPE_CHUNK_SIZE];
	static LogPipeReader r;
	size_t		off = 0;
	Out			o = {0};

	(void) state;
	/* A1 B1 A2(final) raw B2(final) */
	off += chunk(stream + off, 100, "AAAA", 4, false);
	off += chunk(stream + off, 200, "bbbb", 4, false);
	off += chunk(stream + off, 100, "aa\n", 3, true);
	memcpy(stream + off, "raw line\n", 9);
	off += 9;
	off += chunk(stream + off, 200, "BB\n", 3, true);
	logpipe_reader_init(&r);
	logpipe_reader_feed(&r, stream, off, collect, &o);
	logpipe_reader_flush(&r, collect, &o);
	assert_int_equal(o.n, 3);
	assert_string_equal(o.pieces[0], "AAAAaa\n");
	assert_string_equal(o.pieces[1], "raw line\n");
	assert_string_equal(o.pieces[2], "bbbbBB\n");
	out_free(&o);
}

static void
test_byte_at_a_time(void **state)
{
	static char stream[4 * LOGPIPE_CHUNK_SIZE];
	static LogPipeReader r;
	size_t		off = 0;
	Out			o = {0};
	size_t		len;

	(void) state;
	memcpy(stream, "before\n", 7);
	off = 7;
	off += chunk(stream + off, 7, "one ", 4, false);
	off += chunk(stream + off, 7, "two\n", 4, true);
	memcpy(stream + off, "after\n", 6);
	off += 6;
	logpipe_reader_init(&r);
	for (size_t i = 0; i < off; i++)
		logpipe_reader_feed(&r, stream + i, 1, collect, &o);
	logpipe_reader_flush(&r, collect, &o);
	char	   *all = joined(&o, &len);

	assert_string_equal(all, "before\none two\nafter\n");
	free(all);
	/* The chunked message came out as one piece. */
	bool		whole = false;

	for (int i = 0; i < o.n; i++)
		whole |= strcmp(o.pieces[i], "one two\n") == 0;
	assert_true(whole);
	out_free(&o);
}

static void
test_partial_message_at_eof(void **state)
{
	static char stream[2 * LOGPIPE_CHUNK_SIZE];
	static LogPipeReader r;
	Out			o = {0};
	size_t		off = chunk(stream, 9, "cut short", 9, false);

	(void) state;
	logpipe_reader_init(&r);
	logpipe_reader_feed(&r, stream, off, collect, &o);
	assert_int_equal(o.n, 0);	/* held until its final chunk */
	logpipe_reader_flush(&r, collect, &o);
	assert_int_equal(o.n, 1);
	assert_string_equal(o.pieces[0], "cut short");
	out_free(&o);
}

static void
test_bogus_header_passes_through(void **state)
{
	static char stream[2 * LOGPIPE_CHUNK_SIZE];
	static LogPipeReader r;
	Out			o = {0};
	size_t		len;
	size_t		off = 0;

	(void) state;
	/* Two NULs then a flag byte that is not 'p'/'F': not a header. */
	memcpy(stream, "\0\0Xjunk\n", 8);
	off = 8;
	off += chunk(stream + off, 11, "ok\n", 3, true);
	logpipe_reader_init(&r);
	logpipe_reader_feed(&r, stream, off, collect, &o);
	logpipe_reader_flush(&r, collect, &o);
	char	   *all = joined(&o, &len);

	assert_int_equal(len, 11);
	assert_memory_equal(all, "\0\0Xjunk\nok\n", 11);
	free(all);
	out_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_message_through_pipe),
		cmocka_unit_test(test_interleaved_senders),
		cmocka_unit_test(test_byte_at_a_time),
		cmocka_unit_test(test_partial_message_at_eof),
		cmocka_unit_test(test_bogus_header_passes_through),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
