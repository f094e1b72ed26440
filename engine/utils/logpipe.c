/*-------------------------------------------------------------------------
 * logpipe.c
 *	  Writing and reassembling the logger pipe's chunks (format and rules
 *	  in logpipe.h).
 *
 * The writer side runs in every server process (elog.c's server-log
 * output when logpipe_active); the reader side in the logger only.  Both
 * are plain functions over buffers so that test_logpipe.c can check the
 * reassembly without processes.
 *-------------------------------------------------------------------------
 */
#include "utils/logpipe.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool		logpipe_active = false;

void
logpipe_build_header(char *out, pid_t pid, size_t len, bool final)
{
	int32_t		p = (int32_t) pid;
	uint16_t	l = (uint16_t) len;

	memset(out, 0, LOGPIPE_HEADER_SIZE);
	out[2] = final ? 'F' : 'p';
	memcpy(out + 4, &p, sizeof(p));
	memcpy(out + 8, &l, sizeof(l));
}

void
logpipe_write_message(int fd, pid_t pid, const char *data, size_t len)
{
	char		chunk[LOGPIPE_CHUNK_SIZE];

	while (len > 0)
	{
		size_t		n = len > LOGPIPE_PAYLOAD_MAX ? LOGPIPE_PAYLOAD_MAX : len;

		logpipe_build_header(chunk, pid, n, n == len);
		memcpy(chunk + LOGPIPE_HEADER_SIZE, data, n);
		/* One write per chunk: atomic on a pipe (<= PIPE_BUF). */
		while (write(fd, chunk, LOGPIPE_HEADER_SIZE + n) < 0 && errno == EINTR)
			;
		data += n;
		len -= n;
	}
}

void
logpipe_reader_init(LogPipeReader *r)
{
	memset(r, 0, sizeof(*r));
}

/* Does buf (len bytes, starting with two NULs) hold a valid header?
 * 1 yes, 0 no, -1 not enough bytes to tell. */
static int
header_valid(const char *buf, size_t len, pid_t *pid, size_t *plen, bool *final)
{
	int32_t		p;
	uint16_t	l;

	if (len < LOGPIPE_HEADER_SIZE)
		return -1;
	memcpy(&p, buf + 4, sizeof(p));
	memcpy(&l, buf + 8, sizeof(l));
	if ((buf[2] != 'p' && buf[2] != 'F') || buf[3] != 0 || buf[10] != 0 || buf[11] != 0 ||
		p <= 0 || l == 0 || l > LOGPIPE_PAYLOAD_MAX)
		return 0;
	*pid = (pid_t) p;
	*plen = l;
	*final = buf[2] == 'F';
	return 1;
}

static LogPipePending *
find_pending(LogPipeReader *r, pid_t pid, bool create)
{
	LogPipePending *free_slot = NULL;

	for (int i = 0; i < LOGPIPE_MAX_PENDING; i++)
	{
		if (r->pending[i].pid == pid)
			return &r->pending[i];
		if (r->pending[i].pid == 0 && free_slot == NULL)
			free_slot = &r->pending[i];
	}
	if (create && free_slot != NULL)
		free_slot->pid = pid;
	return create ? free_slot : NULL;
}

static void
append_pending(LogPipePending *p, const char *data, size_t len)
{
	if (p->len + len > p->cap)
	{
		size_t		cap = p->cap ? p->cap * 2 : 2 * LOGPIPE_CHUNK_SIZE;
		char	   *d;

		while (cap < p->len + len)
			cap *= 2;
		d = realloc(p->data, cap);
		if (d == NULL)
			abort();			/* the logger cannot go on without memory */
		p->data = d;
		p->cap = cap;
	}
	memcpy(p->data + p->len, data, len);
	p->len += len;
}

static void
release_pending(LogPipePending *p)
{
	free(p->data);
	memset(p, 0, sizeof(*p));
}

static void
handle_chunk(LogPipeReader *r, pid_t pid, const char *payload, size_t len, bool final,
			 logpipe_emit_fn emit, void *arg)
{
	LogPipePending *p = find_pending(r, pid, !final);

	if (p == NULL && !final)
	{
		/* No room to hold it: emit as it comes (interleaved, not lost). */
		emit(payload, len, arg);
		return;
	}
	if (p == NULL)
	{
		emit(payload, len, arg);
		return;
	}
	append_pending(p, payload, len);
	if (final)
	{
		emit(p->data, p->len, arg);
		release_pending(p);
	}
}

/* Process r->buf; keep an incomplete chunk (or a lone trailing NUL) for
 * later unless at_eof. */
static void
process(LogPipeReader *r, logpipe_emit_fn emit, void *arg, bool at_eof)
{
	size_t		off = 0;

	while (off < r->len)
	{
		const char *b = r->buf + off;
		size_t		left = r->len - off;

		if (b[0] == '\0' && (left == 1 || b[1] == '\0'))
		{
			pid_t		pid;
			size_t		plen;
			bool		final;
			int			v = left == 1 ? -1 : header_valid(b, left, &pid, &plen, &final);

			if (v < 0 || (v == 1 && left < LOGPIPE_HEADER_SIZE + plen))
			{
				if (!at_eof)
					break;		/* wait for the rest */
				emit(b, left, arg);
				off = r->len;
				break;
			}
			if (v == 1)
			{
				handle_chunk(r, pid, b + LOGPIPE_HEADER_SIZE, plen, final, emit, arg);
				off += LOGPIPE_HEADER_SIZE + plen;
				continue;
			}
			/* Two NULs but no valid header: pass one byte through. */
			emit(b, 1, arg);
			off++;
			continue;
		}
		/* Raw bytes up to the next possible header. */
		size_t		n = 1;

		while (n < left && !(b[n] == '\0' && (n + 1 == left || b[n + 1] == '\0')))
			n++;
		emit(b, n, arg);
		off += n;
	}
	memmove(r->buf, r->buf + off, r->len - off);
	r->len -= off;
}

void
logpipe_reader_feed(LogPipeReader *r, const char *data, size_t n,
					logpipe_emit_fn emit, void *arg)
{
	while (n > 0)
	{
		size_t		room = sizeof(r->buf) - r->len;
		size_t		take = n < room ? n : room;

		memcpy(r->buf + r->len, data, take);
		r->len += take;
		data += take;
		n -= take;
		process(r, emit, arg, false);
	}
}

void
logpipe_reader_flush(LogPipeReader *r, logpipe_emit_fn emit, void *arg)
{
	process(r, emit, arg, true);
	for (int i = 0; i < LOGPIPE_MAX_PENDING; i++)
	{
		if (r->pending[i].pid == 0)
			continue;
		if (r->pending[i].len > 0)
			emit(r->pending[i].data, r->pending[i].len, arg);
		release_pending(&r->pending[i]);
	}
}
