/*-------------------------------------------------------------------------
 * strbuf.h
 *	  Growable byte buffers allocated in the current memory context.
 *
 * Role: building messages, query results and protocol payloads without
 * fixed-size arrays.  data is always NUL-terminated (the NUL is not counted
 * in len), so text users can treat it as a C string while binary users use
 * len.  The buffer lives in the memory context current at strbuf_init().
 *-------------------------------------------------------------------------
 */
#ifndef STRBUF_H
#define STRBUF_H

#include <stdarg.h>

#include "common/minipg.h"

typedef struct StringBuf
{
	char	   *data;
	int			len;
	int			cap;
	int			cursor;			/* read position, for message parsing */
} StringBuf;

void		strbuf_init(StringBuf *buf);
void		strbuf_init_cap(StringBuf *buf, int cap);
void		strbuf_reset(StringBuf *buf);
void		strbuf_reserve(StringBuf *buf, int extra);
void		strbuf_append(StringBuf *buf, const char *s);
void		strbuf_append_bytes(StringBuf *buf, const void *data, int len);
void		strbuf_append_char(StringBuf *buf, char c);
void		strbuf_appendf(StringBuf *buf, const char *fmt, ...) pg_printf_attr(2, 3);
void		strbuf_append_va(StringBuf *buf, const char *fmt, va_list ap);

#endif							/* STRBUF_H */
