/*-------------------------------------------------------------------------
 * type_support.c
 *	  UTF-8 verification and character arithmetic, case mapping, hashing
 *	  and the standard input-error reports used by every type family.
 *
 * Role: see type_support.h.  The server encoding is always UTF8, so
 * these functions are the whole of minipg's multibyte support.
 *
 * Invariants:
 *	- type_utf8_verify accepts exactly the sequences PostgreSQL's UTF8
 *	  verifier accepts (shortest form, no surrogates, <= U+10FFFF, no NUL)
 *	  and reports the offending bytes as PostgreSQL does: as many bytes as
 *	  the lead byte announces (bounded by the input's end).
 *	- Case mapping goes through glibc's C.UTF-8 locale (the reference
 *	  server's LC_CTYPE); if it cannot be loaded only ASCII letters change.
 *	- type_hash_uint64(v) is what int2/int4/int8 hash to, so equal values
 *	  of different integer widths collide on purpose.
 *
 * See also: text.c, text_funcs.c, like.c (the users).
 *-------------------------------------------------------------------------
 */
#include "sql/types/type_support.h"

#include <locale.h>
#include <stdio.h>
#include <wctype.h>

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

int
type_utf8_mblen(unsigned char first)
{
	if ((first & 0x80) == 0)
		return 1;
	if ((first & 0xe0) == 0xc0)
		return 2;
	if ((first & 0xf0) == 0xe0)
		return 3;
	if ((first & 0xf8) == 0xf0)
		return 4;
	return 1;
}

/* Length of the valid character at s (at most avail bytes), or 0 if invalid. */
static int
utf8_valid_char_len(const unsigned char *s, int avail)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80,
				hi = 0xbf;
	int			len;

	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
	{
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;			/* no overlongs */
		else if (c == 0xed)
			hi = 0x9f;			/* no surrogates */
	}
	else if (c >= 0xf0 && c <= 0xf4)
	{
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;			/* <= U+10FFFF */
	}
	else
		return 0;
	if (avail < len)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (int i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Offset of the first invalid character, or len when all are valid. */
static int
utf8_first_invalid(const char *s, int len)
{
	const unsigned char *p = (const unsigned char *) s;
	int			i = 0;

	while (i < len)
	{
		if (p[i] < 0x80 && p[i] != 0)
		{
			i++;
			continue;
		}
		int			n = utf8_valid_char_len(p + i, len - i);

		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

bool
type_utf8_is_valid(const char *s, int len)
{
	return utf8_first_invalid(s, len) == len;
}

void
type_utf8_verify(const char *s, int len)
{
	int			bad = utf8_first_invalid(s, len);

	if (bad == len)
		return;

	const unsigned char *p = (const unsigned char *) s + bad;
	int			nbytes = Min(type_utf8_mblen(p[0]), len - bad);
	char		shown[8 * 5 + 1];
	int			pos = 0;

	for (int i = 0; i < nbytes; i++)
		pos += snprintf(shown + pos, sizeof(shown) - (size_t) pos, "%s0x%02x",
						i > 0 ? " " : "", p[i]);
	ereport(ERROR, errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
			errmsg("invalid byte sequence for encoding \"%s\": %s", "UTF8", shown));
}

int
type_utf8_strlen(const char *s, int len)
{
	int			n = 0;

	for (int i = 0; i < len; n++)
		i += type_utf8_mblen((unsigned char) s[i]);
	return n;
}

int
type_utf8_offset(const char *s, int len, int nchars)
{
	int			i = 0;

	for (int n = 0; n < nchars && i < len; n++)
		i += type_utf8_mblen((unsigned char) s[i]);
	return Min(i, len);
}

int
type_utf8_clip(const char *s, int len, int limit)
{
	int			i = 0;

	if (len <= limit)
		return len;
	for (;;)
	{
		int			n = type_utf8_mblen((unsigned char) s[i]);

		if (i + n > limit)
			return i;
		i += n;
	}
}

uint32_t
type_utf8_decode(const char *s, int *mblen)
{
	const unsigned char *p = (const unsigned char *) s;
	int			n = type_utf8_mblen(p[0]);
	uint32_t	cp;

	switch (n)
	{
		case 1:
			cp = p[0];
			break;
		case 2:
			cp = ((uint32_t) (p[0] & 0x1f) << 6) | (p[1] & 0x3f);
			break;
		case 3:
			cp = ((uint32_t) (p[0] & 0x0f) << 12) | ((uint32_t) (p[1] & 0x3f) << 6) |
				(p[2] & 0x3f);
			break;
		default:
			cp = ((uint32_t) (p[0] & 0x07) << 18) | ((uint32_t) (p[1] & 0x3f) << 12) |
				((uint32_t) (p[2] & 0x3f) << 6) | (p[3] & 0x3f);
			break;
	}
	*mblen = n;
	return cp;
}

int
type_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *) out;

	Assert(cp <= 0x10FFFF);
	if (cp < 0x80)
	{
		o[0] = (unsigned char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		o[0] = (unsigned char) (0xc0 | (cp >> 6));
		o[1] = (unsigned char) (0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000)
	{
		o[0] = (unsigned char) (0xe0 | (cp >> 12));
		o[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char) (0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char) (0xf0 | (cp >> 18));
	o[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char) (0x80 | (cp & 0x3f));
	return 4;
}

/* ---- case mapping ---- */

typedef enum CaseOp
{
	CASE_LOWER,
	CASE_UPPER,
	CASE_INITCAP,
} CaseOp;

static locale_t utf8_locale;
static bool utf8_locale_tried;

static locale_t
get_utf8_locale(void)
{
	if (!utf8_locale_tried)
	{
		utf8_locale_tried = true;
		utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);
	}
	return utf8_locale;
}

static uint32_t
map_case(uint32_t cp, bool upper)
{
	locale_t	loc = get_utf8_locale();
	uint32_t	r;

	if (loc == (locale_t) 0 || cp < 0x80)
	{
		if (upper && cp >= 'a' && cp <= 'z')
			return cp - ('a' - 'A');
		if (!upper && cp >= 'A' && cp <= 'Z')
			return cp + ('a' - 'A');
		return cp;
	}
	r = (uint32_t) (upper ? towupper_l((wint_t) cp, loc) : towlower_l((wint_t) cp, loc));
	/* Guard against a mapping we could not encode as valid UTF-8. */
	if (r == 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
		return cp;
	return r;
}

static bool
is_alnum_cp(uint32_t cp)
{
	locale_t	loc = get_utf8_locale();

	if (loc == (locale_t) 0 || cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			(cp >= 'A' && cp <= 'Z');
	return iswalnum_l((wint_t) cp, loc) != 0;
}

static char *
utf8_map(const char *s, int len, CaseOp op, int *out_len)
{
	StringBuf	out;
	bool		word_start = true;

	strbuf_init_cap(&out, len + 1);
	for (int i = 0; i < len;)
	{
		int			n;
		uint32_t	cp = type_utf8_decode(s + i, &n);
		bool		upper = (op == CASE_UPPER) || (op == CASE_INITCAP && word_start);
		char		enc[4];

		if (op == CASE_INITCAP)
			word_start = !is_alnum_cp(cp);
		strbuf_append_bytes(&out, enc, type_utf8_encode(map_case(cp, upper), enc));
		i += n;
	}
	*out_len = out.len;
	return out.data;
}

char *
type_utf8_lower(const char *s, int len, int *out_len)
{
	return utf8_map(s, len, CASE_LOWER, out_len);
}

char *
type_utf8_upper(const char *s, int len, int *out_len)
{
	return utf8_map(s, len, CASE_UPPER, out_len);
}

char *
type_utf8_initcap(const char *s, int len, int *out_len)
{
	return utf8_map(s, len, CASE_INITCAP, out_len);
}

/* ---- errors ---- */

void
type_error_invalid_input(const char *sql_name, const char *str)
{
	ereport(ERROR, errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			errmsg("invalid input syntax for type %s: \"%s\"", sql_name, str));
	__builtin_unreachable();
}

void
type_error_out_of_range(const char *sql_name, const char *str)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("value \"%s\" is out of range for type %s", str, sql_name));
	__builtin_unreachable();
}

/* ---- hashing ---- */

/* The 64-bit finalizer of MurmurHash3 (a public-domain bit mixer). */
static uint64_t
mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

uint32_t
type_hash_uint64(uint64_t value)
{
	uint64_t	h = mix64(value ^ UINT64_C(0x9e3779b97f4a7c15));

	return (uint32_t) (h ^ (h >> 32));
}

/* FNV-1a over 8-byte words, then the mixer; equal bytes give equal hashes. */
uint32_t
type_hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t	h = UINT64_C(0xcbf29ce484222325) ^ len;
	size_t		i = 0;

	for (; i + 8 <= len; i += 8)
	{
		uint64_t	w;

		memcpy(&w, p + i, 8);
		h = (h ^ w) * UINT64_C(0x100000001b3);
		h ^= h >> 29;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	h = mix64(h);
	return (uint32_t) (h ^ (h >> 32));
}
