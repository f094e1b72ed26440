/*-------------------------------------------------------------------------
 * pqcomm.c
 *	  Buffered message I/O for the client connection (see pqcomm.h).
 *
 * Buffers are static arrays: the receive buffer holds whatever the client
 * sent ahead (pipelined messages), the send buffer collects messages until
 * a flush or until it is full.
 *
 * Fault points: tcop/pqcomm/recv and tcop/pqcomm/send make the transport
 * call fail with the policy's errno (ECONNRESET, EPIPE, EIO...), so the
 * real connection-error paths below run.
 *-------------------------------------------------------------------------
 */
#include "tcop/pqcomm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "faults/faultpoint.h"
#include "utils/elog.h"

#define PQ_RECV_BUFFER_SIZE 8192
#define PQ_SEND_BUFFER_SIZE 8192

static PqTransport transport;
static int	socket_fd = -1;

static char recv_buffer[PQ_RECV_BUFFER_SIZE];
static size_t recv_pointer;		/* next byte to return */
static size_t recv_length;		/* end of valid data */

static char send_buffer[PQ_SEND_BUFFER_SIZE];
static size_t send_length;
static bool connection_lost;
static void (*interrupt_hook) (void);

static ssize_t
socket_read(void *state, void *buf, size_t len)
{
	return recv(*(int *) state, buf, len, 0);
}

static ssize_t
socket_write(void *state, const void *buf, size_t len)
{
	return send(*(int *) state, buf, len, MSG_NOSIGNAL);
}

void
pq_init(const PqTransport *t)
{
	transport = *t;
	recv_pointer = recv_length = 0;
	send_length = 0;
	connection_lost = false;
}

void
pq_init_socket(int fd)
{
	socket_fd = fd;
	PqTransport t = {socket_read, socket_write, &socket_fd};

	pq_init(&t);
}

int
pq_socket_fd(void)
{
	return socket_fd;
}

void
pq_set_interrupt_hook(void (*hook) (void))
{
	interrupt_hook = hook;
}

bool
pq_is_connection_lost(void)
{
	return connection_lost;
}

/* The transport's read or write, behind their fault points. */
static ssize_t
transport_read(void *buf, size_t len)
{
	FAULT_RETURN_ERRNO("tcop/pqcomm/recv", -1);
	return transport.read(transport.state, buf, len);
}

static ssize_t
transport_write(const void *buf, size_t len)
{
	FAULT_RETURN_ERRNO("tcop/pqcomm/send", -1);
	return transport.write(transport.state, buf, len);
}

/* Refill the receive buffer.  Returns false at EOF or on error. */
static bool
recv_more(void)
{
	if (connection_lost)
		return false;
	if (recv_pointer > 0)
	{
		/* Move unread data to the front to make room. */
		memmove(recv_buffer, recv_buffer + recv_pointer, recv_length - recv_pointer);
		recv_length -= recv_pointer;
		recv_pointer = 0;
	}
	for (;;)
	{
		ssize_t		n = transport_read(recv_buffer + recv_length,
									   PQ_RECV_BUFFER_SIZE - recv_length);

		if (n < 0)
		{
			if (errno == EINTR)
			{
				if (interrupt_hook)
					interrupt_hook();
				continue;
			}
			ereport(LOG_SERVER_ONLY, errcode(ERRCODE_CONNECTION_FAILURE),
					errmsg("could not receive data from client: %m"));
			connection_lost = true;
			return false;
		}
		if (n == 0)
			return false;
		recv_length += (size_t) n;
		return true;
	}
}

int
pq_getbyte(void)
{
	while (recv_pointer >= recv_length)
		if (!recv_more())
			return EOF;
	return (unsigned char) recv_buffer[recv_pointer++];
}

int
pq_peekbyte(void)
{
	while (recv_pointer >= recv_length)
		if (!recv_more())
			return EOF;
	return (unsigned char) recv_buffer[recv_pointer];
}

bool
pq_has_buffered_input(void)
{
	return recv_pointer < recv_length;
}

int
pq_getbytes(void *buf, size_t len)
{
	char	   *out = buf;

	while (len > 0)
	{
		while (recv_pointer >= recv_length)
			if (!recv_more())
				return EOF;
		size_t		n = Min(len, recv_length - recv_pointer);

		memcpy(out, recv_buffer + recv_pointer, n);
		recv_pointer += n;
		out += n;
		len -= n;
	}
	return 0;
}

int
pq_getmessage(StringBuf *buf, int maxlen)
{
	uint32_t	netlen;
	int32_t		len;

	strbuf_reset(buf);
	if (pq_getbytes(&netlen, 4) == EOF)
	{
		ereport(LOG_SERVER_ONLY, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("unexpected EOF within message length word"));
		return EOF;
	}
	len = (int32_t) ntohl(netlen);
	/* PostgreSQL compares the whole length word, header included. */
	if (len < 4 || len > maxlen)
	{
		ereport(LOG_SERVER_ONLY, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("invalid message length"));
		return EOF;
	}
	len -= 4;
	if (len > 0)
	{
		/* Grow in steps as data arrives, so a lying length costs nothing. */
		while (buf->len < len)
		{
			int			chunk = Min(len - buf->len, 1 << 20);

			strbuf_reserve(buf, chunk);
			if (pq_getbytes(buf->data + buf->len, (size_t) chunk) == EOF)
			{
				ereport(LOG_SERVER_ONLY, errcode(ERRCODE_PROTOCOL_VIOLATION),
						errmsg("incomplete message from client"));
				return EOF;
			}
			buf->len += chunk;
		}
		buf->data[buf->len] = '\0';
	}
	return 0;
}

static void
send_all(const char *data, size_t len)
{
	while (len > 0 && !connection_lost)
	{
		ssize_t		n = transport_write(data, len);

		if (n < 0)
		{
			if (errno == EINTR)
				continue;
			connection_lost = true;
			ereport(LOG_SERVER_ONLY, errcode(ERRCODE_CONNECTION_FAILURE),
					errmsg("could not send data to client: %m"));
			return;
		}
		data += n;
		len -= (size_t) n;
	}
}

void
pq_flush(void)
{
	if (send_length > 0)
	{
		size_t		n = send_length;

		send_length = 0;
		send_all(send_buffer, n);
	}
}

void
pq_discard_output(void)
{
	send_length = 0;
}

void
pq_putbytes(const void *data, size_t len)
{
	const char *p = data;

	if (connection_lost)
		return;
	while (len > 0)
	{
		if (send_length == PQ_SEND_BUFFER_SIZE)
			pq_flush();
		if (send_length == 0 && len >= PQ_SEND_BUFFER_SIZE)
		{
			/* Large payload: bypass the buffer. */
			send_all(p, len);
			return;
		}
		size_t		n = Min(len, PQ_SEND_BUFFER_SIZE - send_length);

		memcpy(send_buffer + send_length, p, n);
		send_length += n;
		p += n;
		len -= n;
	}
}

void
pq_putmessage(char msgtype, const void *body, size_t len)
{
	uint32_t	netlen = htonl((uint32_t) (len + 4));

	pq_putbytes(&msgtype, 1);
	pq_putbytes(&netlen, 4);
	if (len > 0)
		pq_putbytes(body, len);
}
