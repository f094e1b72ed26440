/*-------------------------------------------------------------------------
 * strbuf.c
 *	  Growable byte buffers (see strbuf.h).
 *
 * Invariant: data[len] == '\0' and len < cap at all times.
 *-------------------------------------------------------------------------
 */
#include "utils/strbuf.h"

#include <stdio.h>

#include "utils/elog.h"
#include "utils/memctx.h"

void
strbuf_init_cap(StringBuf *buf, int cap)
{
	buf->cap = cap < 16 ? 16 : cap;
	buf->data = palloc((size_t) buf->cap);
	buf->data[0] = '\0';
	buf->len = 0;
	buf->cursor = 0;
}

void
strbuf_init(StringBuf *buf)
{
	strbuf_init_cap(buf, 256);
}

void
strbuf_reset(StringBuf *buf)
{
	buf->len = 0;
	buf->cursor = 0;
	buf->data[0] = '\0';
}

void
strbuf_reserve(StringBuf *buf, int extra)
{
	if (extra < 0 || (size_t) buf->len + (size_t) extra + 1 >= MaxAllocSize)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("out of memory"),
				errdetail("Cannot enlarge string buffer containing %d bytes by %d more bytes.",
						  buf->len, extra));
	size_t		need = (size_t) buf->len + (size_t) extra + 1;

	if (need <= (size_t) buf->cap)
		return;
	size_t		ncap = (size_t) buf->cap;

	while (ncap < need)
		ncap *= 2;
	if (ncap >= MaxAllocSize)
		ncap = MaxAllocSize - 1;
	buf->data = repalloc(buf->data, ncap);
	buf->cap = (int) ncap;
}

void
strbuf_append_bytes(StringBuf *buf, const void *data, int len)
{
	strbuf_reserve(buf, len);
	memcpy(buf->data + buf->len, data, (size_t) len);
	buf->len += len;
	buf->data[buf->len] = '\0';
}

void
strbuf_append(StringBuf *buf, const char *s)
{
	strbuf_append_bytes(buf, s, (int) strlen(s));
}

void
strbuf_append_char(StringBuf *buf, char c)
{
	if (buf->len + 1 >= buf->cap)
		strbuf_reserve(buf, 1);
	buf->data[buf->len++] = c;
	buf->data[buf->len] = '\0';
}

void
strbuf_append_va(StringBuf *buf, const char *fmt, va_list ap)
{
	for (;;)
	{
		va_list		ap2;
		int			avail = buf->cap - buf->len;

		va_copy(ap2, ap);
		int			n = vsnprintf(buf->data + buf->len, (size_t) avail, fmt, ap2);

		va_end(ap2);
		if (n < 0)
			elog(ERROR, "invalid format string \"%s\"", fmt);
		if (n < avail)
		{
			buf->len += n;
			return;
		}
		strbuf_reserve(buf, n);
	}
}

void
strbuf_appendf(StringBuf *buf, const char *fmt, ...)
{
	va_list		ap;

	va_start(ap, fmt);
	strbuf_append_va(buf, fmt, ap);
	va_end(ap);
}
