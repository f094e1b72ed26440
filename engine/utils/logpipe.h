/*-------------------------------------------------------------------------
 * logpipe.h
 *	  The chunk protocol on the logger's pipe (logging_collector = on).
 *
 * Every server process's stderr is the write end of one pipe; the logger
 * (postmaster/syslogger.c) reads it.  A write(2) of at most PIPE_BUF bytes
 * to a pipe is atomic, so a server-log message longer than that, written
 * as one write, could interleave with another process's.  Messages are
 * therefore sent as chunks of at most LOGPIPE_CHUNK_SIZE (= PIPE_BUF)
 * bytes, each one write(2), each with a header:
 *
 *	offset	size	field
 *	0		2		magic: two NUL bytes (never in text written to stderr)
 *	2		1		'p' more chunks of this message follow, 'F' final chunk
 *	3		1		zero
 *	4		4		sender pid (native byte order; the pipe is local)
 *	8		2		payload length, 1 .. LOGPIPE_PAYLOAD_MAX
 *	10		2		zero
 *	12		...		payload
 *
 * The reader reassembles per pid and emits a message whole when its final
 * chunk arrives.  Bytes that do not start a valid header (output of a
 * program that wrote to stderr directly: archive_command, a TRAP line, a
 * libc abort message) are passed through as they are, up to the next
 * pair of NUL bytes.  A partial message left by a process that died is
 * emitted when the reader is flushed (end of input), never dropped.
 *
 * Invariants: a chunk is never split (one write of at most PIPE_BUF
 * bytes); the reader holds at most LOGPIPE_MAX_PENDING partial messages
 * (a further pid's chunks are emitted as they come, interleaved but not
 * lost).
 *-------------------------------------------------------------------------
 */
#ifndef LOGPIPE_H
#define LOGPIPE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define LOGPIPE_CHUNK_SIZE	PIPE_BUF
#define LOGPIPE_HEADER_SIZE 12
#define LOGPIPE_PAYLOAD_MAX (LOGPIPE_CHUNK_SIZE - LOGPIPE_HEADER_SIZE)
#define LOGPIPE_MAX_PENDING 256

/* Set in the postmaster once stderr is the pipe; children inherit it. */
extern bool logpipe_active;

/* Send one message as chunks on fd (write errors are ignored: nowhere
 * left to report them). */
void		logpipe_write_message(int fd, pid_t pid, const char *data, size_t len);

/* Build one chunk header into out (LOGPIPE_HEADER_SIZE bytes). */
void		logpipe_build_header(char *out, pid_t pid, size_t len, bool final);

typedef void (*logpipe_emit_fn) (const char *data, size_t len, void *arg);

typedef struct LogPipePending
{
	pid_t		pid;			/* 0 = free */
	char	   *data;
	size_t		len;
	size_t		cap;
} LogPipePending;

typedef struct LogPipeReader
{
	char		buf[2 * LOGPIPE_CHUNK_SIZE];
	size_t		len;			/* bytes in buf not processed yet */
	LogPipePending pending[LOGPIPE_MAX_PENDING];
} LogPipeReader;

void		logpipe_reader_init(LogPipeReader *r);
/*
 * Append n bytes read from the pipe (n <= LOGPIPE_CHUNK_SIZE) and emit
 * every complete message and every run of raw bytes they finish.
 */
void		logpipe_reader_feed(LogPipeReader *r, const char *data, size_t n,
								logpipe_emit_fn emit, void *arg);
/* End of input: emit what is left (partial messages, raw bytes). */
void		logpipe_reader_flush(LogPipeReader *r, logpipe_emit_fn emit, void *arg);

#endif							/* LOGPIPE_H */
