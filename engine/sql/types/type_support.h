/*-------------------------------------------------------------------------
 * type_support.h
 *	  Helpers shared by the type-family files of sql/types: UTF-8 handling,
 *	  PostgreSQL's standard input-error reports, case mapping.
 *
 * Role: internal to sql/types (the type families include it; code outside
 * this directory uses types.h / fmgr.h instead).
 *
 * Invariants:
 *	- Text handed to these functions has been verified as UTF-8 (the
 *	  *_verify functions are the exception: they do the verifying).
 *	- Every error is an ereport(ERROR) with PostgreSQL's SQLSTATE and text.
 *
 * See also: type_support.c, types.h (hash helpers), datum.h (text).
 *-------------------------------------------------------------------------
 */
#ifndef TYPE_SUPPORT_H
#define TYPE_SUPPORT_H

#include "common/minipg.h"
#include "sql/types/datum.h"

/* ---- UTF-8 ---- */

/* Length in bytes of the character starting with this byte (1..4). */
int			type_utf8_mblen(unsigned char first);

/*
 * ERROR 22021 `invalid byte sequence for encoding "UTF8": 0x..` unless
 * s[0..len) is valid UTF-8 without NUL bytes (no overlongs, surrogates, or
 * code points above U+10FFFF).
 */
void		type_utf8_verify(const char *s, int len);
/* Same test without raising: true when valid. */
bool		type_utf8_is_valid(const char *s, int len);

/* Number of characters in verified UTF-8. */
int			type_utf8_strlen(const char *s, int len);
/* Byte offset of character number nchars (clamped to len). */
int			type_utf8_offset(const char *s, int len, int nchars);
/* Longest prefix of at most limit bytes that ends on a character boundary. */
int			type_utf8_clip(const char *s, int len, int limit);
/* Decode one character at s (verified input); *mblen gets its length. */
uint32_t	type_utf8_decode(const char *s, int *mblen);
/* Encode a code point (<= 0x10FFFF); returns the byte count (1..4). */
int			type_utf8_encode(uint32_t cp, char *out);

/*
 * Case mapping of verified UTF-8 as PostgreSQL does under the C.UTF-8
 * locale (one code point to one code point, e.g. 'ß' stays 'ß').
 * Returns a palloc'd buffer; *out_len gets its length.
 */
char	   *type_utf8_lower(const char *s, int len, int *out_len);
char	   *type_utf8_upper(const char *s, int len, int *out_len);
char	   *type_utf8_initcap(const char *s, int len, int *out_len);

/* ---- standard input errors ---- */

/* ERROR 22P02 `invalid input syntax for type %s: "%s"`. */
pg_noreturn void type_error_invalid_input(const char *sql_name, const char *str);
/* ERROR 22003 `value "%s" is out of range for type %s`. */
pg_noreturn void type_error_out_of_range(const char *sql_name, const char *str);

/* A text Datum of len bytes (already verified). */
static inline Datum
type_text_datum(const char *s, int len)
{
	return PointerGetDatum(cstring_to_text_len(s, len));
}

#endif							/* TYPE_SUPPORT_H */
