/*-------------------------------------------------------------------------
 * pqcomm.h
 *	  Buffered, message-framed I/O between a backend and its client.
 *
 * Role: the only code that reads from or writes to the client connection.
 * The transport is pluggable: a socket for real connections, or an
 * in-memory byte stream for the fuzz/single-session mode (the backend's
 * protocol and query code run unchanged on either).
 *
 * Framing (protocol v3): after the startup packet, each message is one type
 * byte, a 4-byte big-endian length that counts itself, and the body.
 *
 * Invariants:
 *	- pq_getmessage() never allocates more than the caller's limit: a
 *	  length outside [4, limit] is a protocol violation reported to the
 *	  server log only, and the connection is treated as closed (what
 *	  PostgreSQL does, since the stream can no longer be trusted).
 *	- Output is buffered until pq_flush(); a failed write marks the
 *	  connection lost, discards further output, and the backend exits at its
 *	  next check (pq_is_connection_lost()).
 *	- Reads are interruptible: a signal arriving while the backend waits for
 *	  input runs the caller's interrupt hook (e.g. terminate on SIGTERM).
 *-------------------------------------------------------------------------
 */
#ifndef PQCOMM_H
#define PQCOMM_H

#include <stdio.h>

#include "common/minipg.h"
#include "utils/strbuf.h"

/* Message size limits, as PostgreSQL applies them. */
#define PQ_SMALL_MESSAGE_LIMIT	10000
#define PQ_LARGE_MESSAGE_LIMIT	((int) (0x3fffffff - 1))
#define PQ_MAX_STARTUP_PACKET_LENGTH 10000
#define PQ_MAX_AUTH_TOKEN_LENGTH 65535

typedef struct PqTransport
{
	/* Read up to len bytes; 0 = EOF; -1 = error (errno set, EINTR retried by caller). */
	ssize_t		(*read) (void *state, void *buf, size_t len);
	/* Write up to len bytes; -1 = error. */
	ssize_t		(*write) (void *state, const void *buf, size_t len);
	void	   *state;
} PqTransport;

/* Install the transport (socket or memory).  Resets buffers. */
void		pq_init(const PqTransport *transport);
/* Convenience: a socket transport over fd. */
void		pq_init_socket(int fd);
int			pq_socket_fd(void);

/* Called when a read is interrupted by a signal (may not return). */
void		pq_set_interrupt_hook(void (*hook) (void));

/* Input.  All return EOF (-1) at end of stream or connection error. */
int			pq_getbyte(void);
int			pq_peekbyte(void);
/* Read exactly len bytes; 0 on success, EOF on early end. */
int			pq_getbytes(void *buf, size_t len);
/*
 * Read a length word and body into buf (reset first).  Returns 0, or EOF on
 * end of stream or a bad length (logged).
 */
int			pq_getmessage(StringBuf *buf, int maxlen);
/* True if unread input is already buffered (no syscall needed). */
bool		pq_has_buffered_input(void);

/* Output. */
void		pq_putbytes(const void *data, size_t len);
/* Send a complete message with type byte and body. */
void		pq_putmessage(char msgtype, const void *body, size_t len);
void		pq_flush(void);
bool		pq_is_connection_lost(void);
/* Discard buffered, unsent output (after a FATAL with a dead client). */
void		pq_discard_output(void);

#endif							/* PQCOMM_H */
