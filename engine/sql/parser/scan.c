/*-------------------------------------------------------------------------
 * scan.c
 *	  The SQL scanner: query bytes -> tokens, following PostgreSQL 15's
 *	  lexical rules.
 *
 * Lexical rules (see README.md for the full list):
 *	- whitespace is space, tab, CR, LF, FF; comments are "-- ..." to end of
 *	  line and nested slash-star ones;
 *	- identifiers start with a letter, '_' or any byte >= 0x80 and continue
 *	  with those, digits and '$'; unquoted ones fold ASCII letters to lower
 *	  case and may be keywords; "quoted" ones keep case ("" escapes ");
 *	  both are truncated to NAMEDATALEN-1 bytes with a NOTICE;
 *	- strings: '...' ('' escapes '), E'...' (backslash escapes), U&'...'
 *	  [UESCAPE 'c'], B'...', X'...', N'...' (NCHAR then the string),
 *	  $tag$...$tag$; two quoted strings separated only by whitespace that
 *	  includes a newline are one string;
 *	- numbers: integers (int32 -> ICONST, larger -> FCONST), decimals and
 *	  exponents (FCONST); a number directly followed by an identifier
 *	  character is "trailing junk";
 *	- operators: runs of ~!@#^&|`?+-*%<>=/ cut before any comment start;
 *	  a run ending in + or - loses those unless it holds one of ~!@#^&|`?%;
 *	  single characters , ( ) [ ] . ; : + - * / % ^ < > = are their own
 *	  tokens, as are :: .. := => <= >= <> !=.
 *
 * Invariant: the scanner never reads past buf[len] (the NUL), and every
 * token advances pos by at least one byte, so scanning terminates.
 *
 * Error behaviour: lexical errors raise ereport(ERROR) with PostgreSQL's
 * message, SQLSTATE and errposition at the start of the offending token.
 *-------------------------------------------------------------------------
 */
#include "sql/parser/parser_internal.h"

#include <stdio.h>
#include <strings.h>

#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

/* Ways a quoted string's body is interpreted. */
typedef enum StringMode
{
	STR_STANDARD,				/* '...' with standard_conforming_strings */
	STR_ESCAPE,					/* E'...' */
	STR_UNICODE,				/* U&'...': escapes decoded after UESCAPE */
	STR_BIT,					/* B'...' */
	STR_HEX,					/* X'...' */
} StringMode;

static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
is_newline(int c)
{
	return c == '\n' || c == '\r';
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_hex_digit(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
hex_value(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

static bool
is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool
is_ident_cont(int c)
{
	return is_ident_start(c) || is_digit(c) || c == '$';
}

static bool
is_op_char(int c)
{
	return c != '\0' && strchr("~!@#^&|`?+-*/%<>=", c) != NULL;
}

static bool
is_self_char(int c)
{
	return c != '\0' && strchr(",()[].;:+-*/%^<>=", c) != NULL;
}

static int
byte_at(const Scanner *s, int i)
{
	return i < s->len ? (unsigned char) s->buf[i] : '\0';
}

void
parser_scan_init(Scanner *s, const char *query)
{
	size_t		len = strlen(query);

	if (len > (size_t) INT32_MAX / 2)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("query string is too long"));
	s->buf = query;
	s->len = (int) len;
	s->pos = 0;
	s->standard_strings = guc_standard_conforming_strings;
}

/* ------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------
 */

/* errposition for a byte offset (1-based characters). */
static int
char_position(const char *query, int location)
{
	return parser_errposition_of(query, location);
}

void
parser_scan_error_at(const char *query, int location, const char *msg)
{
	ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
			errmsg("%s at or near \"%s\"", msg, query + location),
			errposition(char_position(query, location)));
	__builtin_unreachable();
}

/* Like parser_scan_error_at, but the quoted text is only len bytes long. */
static pg_noreturn void
scanner_error_len(const Scanner *s, int location, int len, const char *msg)
{
	ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
			errmsg("%s at or near \"%.*s\"", msg, len, s->buf + location),
			errposition(char_position(s->buf, location)));
	__builtin_unreachable();
}

/* ------------------------------------------------------------------------
 * UTF-8 helpers
 * ------------------------------------------------------------------------
 */

/* Append code point cp (1..0x10FFFF) as UTF-8. */
static void
append_utf8(StringBuf *buf, uint32_t cp)
{
	if (cp < 0x80)
		strbuf_append_char(buf, (char) cp);
	else if (cp < 0x800)
	{
		strbuf_append_char(buf, (char) (0xC0 | (cp >> 6)));
		strbuf_append_char(buf, (char) (0x80 | (cp & 0x3F)));
	}
	else if (cp < 0x10000)
	{
		strbuf_append_char(buf, (char) (0xE0 | (cp >> 12)));
		strbuf_append_char(buf, (char) (0x80 | ((cp >> 6) & 0x3F)));
		strbuf_append_char(buf, (char) (0x80 | (cp & 0x3F)));
	}
	else
	{
		strbuf_append_char(buf, (char) (0xF0 | (cp >> 18)));
		strbuf_append_char(buf, (char) (0x80 | ((cp >> 12) & 0x3F)));
		strbuf_append_char(buf, (char) (0x80 | ((cp >> 6) & 0x3F)));
		strbuf_append_char(buf, (char) (0x80 | (cp & 0x3F)));
	}
}

/* Length of the valid UTF-8 character at s[0..len), or 0 if invalid. */
static int
utf8_char_len(const unsigned char *s, int len)
{
	int			n;
	uint32_t	cp;

	if (s[0] < 0x80)
		return s[0] == 0 ? 0 : 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (n > len)
		return 0;
	cp = s[0] & (0x7F >> n);
	for (int i = 1; i < n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		(n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

/*
 * A literal built from escapes must be valid UTF-8 (the server encoding);
 * PostgreSQL reports the first bad sequence without a position.
 */
static void
verify_utf8(const char *str, int len)
{
	const unsigned char *s = (const unsigned char *) str;
	int			i = 0;

	while (i < len)
	{
		int			n = utf8_char_len(s + i, len - i);

		if (n == 0)
		{
			char		bytes[32] = "";
			int			want = s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : s[i] >= 0xC0 ? 2 : 1;
			int			off = 0;

			for (int k = 0; k < want && i + k < len; k++)
				off += snprintf(bytes + off, sizeof(bytes) - off, "%s0x%02x",
								k > 0 ? " " : "", s[i + k]);
			ereport(ERROR, errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					errmsg("invalid byte sequence for encoding \"UTF8\": %s", bytes));
		}
		i += n;
	}
}

static bool
is_surrogate_first(uint32_t c)
{
	return c >= 0xD800 && c <= 0xDBFF;
}

static bool
is_surrogate_second(uint32_t c)
{
	return c >= 0xDC00 && c <= 0xDFFF;
}

static uint32_t
surrogate_pair_to_codepoint(uint32_t first, uint32_t second)
{
	return ((first & 0x3FF) << 10) + 0x10000 + (second & 0x3FF);
}

/* ------------------------------------------------------------------------
 * Whitespace and comments
 * ------------------------------------------------------------------------
 */

/* Skip whitespace and comments; errors on an unterminated slash-star comment. */
static void
skip_whitespace(Scanner *s)
{
	for (;;)
	{
		int			c = byte_at(s, s->pos);

		if (is_space(c))
			s->pos++;
		else if (c == '-' && byte_at(s, s->pos + 1) == '-')
		{
			while (s->pos < s->len && !is_newline(byte_at(s, s->pos)))
				s->pos++;
		}
		else if (c == '/' && byte_at(s, s->pos + 1) == '*')
		{
			int			start = s->pos;
			int			depth = 0;

			while (s->pos < s->len)
			{
				if (byte_at(s, s->pos) == '/' && byte_at(s, s->pos + 1) == '*')
				{
					depth++;
					s->pos += 2;
				}
				else if (byte_at(s, s->pos) == '*' && byte_at(s, s->pos + 1) == '/')
				{
					depth--;
					s->pos += 2;
					if (depth == 0)
						break;
				}
				else
					s->pos++;
			}
			if (depth > 0)
				parser_scan_error_at(s->buf, start, "unterminated /* comment");
		}
		else
			return;
	}
}

/*
 * After a closing quote at i (exclusive), is there whitespace containing a
 * newline (and maybe "--" comments, but no slash-star ones) followed by
 * another quote?  If so, return the index just past that quote, else -1.
 */
static int
quote_continuation(const Scanner *s, int i)
{
	/* horizontal whitespace and "--" comments, then a newline */
	for (;;)
	{
		int			c = byte_at(s, i);

		if (c == ' ' || c == '\t' || c == '\f')
			i++;
		else if (c == '-' && byte_at(s, i + 1) == '-')
		{
			while (i < s->len && !is_newline(byte_at(s, i)))
				i++;
		}
		else
			break;
	}
	if (!is_newline(byte_at(s, i)))
		return -1;
	for (;;)
	{
		int			c = byte_at(s, i);

		if (is_space(c))
			i++;
		else if (c == '-' && byte_at(s, i + 1) == '-')
		{
			int			j = i;

			while (j < s->len && !is_newline(byte_at(s, j)))
				j++;
			if (j >= s->len)
				return -1;		/* a comment must end with a newline */
			i = j;
		}
		else
			break;
	}
	return byte_at(s, i) == '\'' ? i + 1 : -1;
}

/* ------------------------------------------------------------------------
 * Quoted strings
 * ------------------------------------------------------------------------
 */

/*
 * Read 'n' hex digits at i; returns false if fewer are present.
 */
static bool
read_hex(const Scanner *s, int i, int n, uint32_t *value)
{
	uint32_t	v = 0;

	for (int k = 0; k < n; k++)
	{
		int			c = byte_at(s, i + k);

		if (!is_hex_digit(c))
			return false;
		v = (v << 4) | (uint32_t) hex_value(c);
	}
	*value = v;
	return true;
}

typedef struct EscapeState
{
	bool		saw_non_ascii;	/* an escape produced a high byte or NUL */
	uint32_t	pair_first;		/* pending high surrogate, or 0 */
	int			pair_location;
} EscapeState;

/* Handle a \u or \U escape at i (the backslash); returns its length. */
static int
scan_unicode_escape(Scanner *s, int i, StringBuf *buf, EscapeState *st)
{
	int			ndigits = byte_at(s, i + 1) == 'u' ? 4 : 8;
	uint32_t	cp;

	if (!read_hex(s, i + 2, ndigits, &cp))
		ereport(ERROR, errcode(ERRCODE_INVALID_ESCAPE_SEQUENCE),
				errmsg("invalid Unicode escape"),
				errhint("Unicode escapes must be \\uXXXX or \\UXXXXXXXX."),
				errposition(char_position(s->buf, i)));
	if (st->pair_first != 0)
	{
		if (!is_surrogate_second(cp))
			scanner_error_len(s, i, 2 + ndigits, "invalid Unicode surrogate pair");
		cp = surrogate_pair_to_codepoint(st->pair_first, cp);
		st->pair_first = 0;
	}
	else if (is_surrogate_first(cp))
	{
		st->pair_first = cp;
		st->pair_location = i;
		return 2 + ndigits;
	}
	else if (is_surrogate_second(cp))
		scanner_error_len(s, i, 2 + ndigits, "invalid Unicode surrogate pair");
	if (cp == 0 || cp > 0x10FFFF)
		scanner_error_len(s, i, 2 + ndigits, "invalid Unicode escape value");
	append_utf8(buf, cp);
	return 2 + ndigits;
}

/* Handle a backslash escape of an E'' string at i; returns bytes consumed. */
static int
scan_backslash_escape(Scanner *s, int i, StringBuf *buf, EscapeState *st)
{
	int			c = byte_at(s, i + 1);

	if (c == 'u' || c == 'U')
		return scan_unicode_escape(s, i, buf, st);
	if (st->pair_first != 0)
		scanner_error_len(s, i, 2, "invalid Unicode surrogate pair");
	if (c >= '0' && c <= '7')
	{
		int			n = 1,
					v = c - '0';

		while (n < 3 && byte_at(s, i + 1 + n) >= '0' && byte_at(s, i + 1 + n) <= '7')
		{
			v = v * 8 + (byte_at(s, i + 1 + n) - '0');
			n++;
		}
		v &= 0xFF;
		if (v == 0 || v >= 0x80)
			st->saw_non_ascii = true;
		strbuf_append_char(buf, (char) v);
		return 1 + n;
	}
	if (c == 'x' && is_hex_digit(byte_at(s, i + 2)))
	{
		int			n = 1,
					v = hex_value(byte_at(s, i + 2));

		if (is_hex_digit(byte_at(s, i + 3)))
		{
			v = v * 16 + hex_value(byte_at(s, i + 3));
			n = 2;
		}
		if (v == 0 || v >= 0x80)
			st->saw_non_ascii = true;
		strbuf_append_char(buf, (char) v);
		return 2 + n;
	}
	switch (c)
	{
		case 'b':
			strbuf_append_char(buf, '\b');
			break;
		case 'f':
			strbuf_append_char(buf, '\f');
			break;
		case 'n':
			strbuf_append_char(buf, '\n');
			break;
		case 'r':
			strbuf_append_char(buf, '\r');
			break;
		case 't':
			strbuf_append_char(buf, '\t');
			break;
		default:
			strbuf_append_char(buf, (char) c);
			break;
	}
	return 2;
}

static const char *
unterminated_message(StringMode mode)
{
	switch (mode)
	{
		case STR_BIT:
			return "unterminated bit string literal";
		case STR_HEX:
			return "unterminated hexadecimal string literal";
		default:
			return "unterminated quoted string";
	}
}

/*
 * Scan a quoted string whose body starts at `body` (just past the opening
 * quote); start is the token's first byte (the prefix letter, if any).
 * Leaves s->pos just past the closing quote and returns the value.
 */
static char *
scan_quoted_body(Scanner *s, int start, int body, StringMode mode)
{
	StringBuf	buf;
	EscapeState st = {0};
	int			i = body;

	strbuf_init(&buf);
	for (;;)
	{
		int			c;

		if (i >= s->len)
			parser_scan_error_at(s->buf, start, unterminated_message(mode));
		c = byte_at(s, i);
		if (c == '\'')
		{
			int			next;

			if (byte_at(s, i + 1) == '\'' && mode != STR_BIT && mode != STR_HEX)
			{
				if (st.pair_first != 0)
					scanner_error_len(s, i, 1, "invalid Unicode surrogate pair");
				strbuf_append_char(&buf, '\'');
				i += 2;
				continue;
			}
			if (st.pair_first != 0)
				scanner_error_len(s, i, 1, "invalid Unicode surrogate pair");
			next = quote_continuation(s, i + 1);
			if (next < 0)
			{
				s->pos = i + 1;
				break;
			}
			i = next;
			continue;
		}
		if (c == '\\' && mode == STR_ESCAPE)
		{
			if (i + 1 >= s->len)
				parser_scan_error_at(s->buf, start, unterminated_message(mode));
			i += scan_backslash_escape(s, i, &buf, &st);
			continue;
		}
		if (st.pair_first != 0)
			scanner_error_len(s, i, 1, "invalid Unicode surrogate pair");
		strbuf_append_char(&buf, (char) c);
		i++;
	}
	if (mode == STR_ESCAPE && st.saw_non_ascii)
		verify_utf8(buf.data, buf.len);
	return buf.data;
}

/* ------------------------------------------------------------------------
 * Unicode escapes of U&'...' and U&"..."
 * ------------------------------------------------------------------------
 */

/*
 * If "UESCAPE 'c'" follows at s->pos, consume it and return c; otherwise
 * return the default escape '\\'.
 */
static int
scan_uescape(Scanner *s)
{
	int			save = s->pos;
	int			word;
	int			lit;
	char	   *value;

	skip_whitespace(s);
	word = s->pos;
	if (s->len - word < 7 || strncasecmp(s->buf + word, "uescape", 7) != 0 ||
		is_ident_cont(byte_at(s, word + 7)))
	{
		s->pos = save;
		return '\\';
	}
	s->pos = word + 7;
	skip_whitespace(s);
	lit = s->pos;
	if (byte_at(s, lit) != '\'')
	{
		if (lit >= s->len)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("UESCAPE must be followed by a simple string literal at end of input"),
					errposition(char_position(s->buf, lit)));
		scanner_error_len(s, lit, 1, "UESCAPE must be followed by a simple string literal");
	}
	value = scan_quoted_body(s, lit, lit + 1, STR_STANDARD);
	if (strlen(value) != 1 || is_hex_digit((unsigned char) value[0]) ||
		value[0] == '+' || value[0] == '\'' || value[0] == '"' || is_space(value[0]))
		scanner_error_len(s, lit, s->pos - lit, "invalid Unicode escape character");
	return (unsigned char) value[0];
}

/*
 * Decode the escapes of a U& literal or identifier.  raw is the body after
 * quote-doubling was undone; raw_location is the byte offset of raw[0] in
 * the query (used for error positions).
 */
static char *
decode_unicode_escapes(Scanner *s, const char *raw, int raw_location, int esc)
{
	StringBuf	buf;
	uint32_t	pair_first = 0;
	int			len = (int) strlen(raw);
	int			i = 0;

	strbuf_init(&buf);
	while (i < len)
	{
		uint32_t	cp = 0;
		int			n = 0;

		if ((unsigned char) raw[i] != esc)
		{
			if (pair_first != 0)
				goto bad_pair;
			strbuf_append_char(&buf, raw[i++]);
			continue;
		}
		if ((unsigned char) raw[i + 1] == esc)
		{
			if (pair_first != 0)
				goto bad_pair;
			strbuf_append_char(&buf, (char) esc);
			i += 2;
			continue;
		}
		for (n = 0; n < 4 && is_hex_digit((unsigned char) raw[i + 1 + n]); n++)
			cp = (cp << 4) | (uint32_t) hex_value((unsigned char) raw[i + 1 + n]);
		if (n == 4)
			n = 5;
		else if (raw[i + 1] == '+')
		{
			cp = 0;
			for (n = 0; n < 6 && is_hex_digit((unsigned char) raw[i + 2 + n]); n++)
				cp = (cp << 4) | (uint32_t) hex_value((unsigned char) raw[i + 2 + n]);
			if (n != 6)
				n = 0;
			else
				n = 8;
		}
		else
			n = 0;
		if (n == 0)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("invalid Unicode escape"),
					errhint("Unicode escapes must be \\XXXX or \\+XXXXXX."),
					errposition(char_position(s->buf, raw_location + i)));
		if (pair_first != 0)
		{
			if (!is_surrogate_second(cp))
				goto bad_pair;
			cp = surrogate_pair_to_codepoint(pair_first, cp);
			pair_first = 0;
		}
		else if (is_surrogate_first(cp))
		{
			pair_first = cp;
			i += n;
			continue;
		}
		else if (is_surrogate_second(cp))
			goto bad_pair;
		if (cp == 0 || cp > 0x10FFFF)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("invalid Unicode escape value"),
					errposition(char_position(s->buf, raw_location + i)));
		append_utf8(&buf, cp);
		i += n;
	}
	if (pair_first == 0)
		return buf.data;
bad_pair:
	ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
			errmsg("invalid Unicode surrogate pair"),
			errposition(char_position(s->buf, raw_location + i)));
	__builtin_unreachable();
}

/* ------------------------------------------------------------------------
 * Identifiers
 * ------------------------------------------------------------------------
 */

/*
 * Truncate an identifier to NAMEDATALEN-1 bytes at a character boundary,
 * with PostgreSQL's NOTICE.  Modifies ident in place.
 */
static void
truncate_identifier(char *ident)
{
	size_t		len = strlen(ident);
	size_t		cut = NAMEDATALEN - 1;

	if (len < NAMEDATALEN)
		return;
	while (cut > 0 && ((unsigned char) ident[cut] & 0xC0) == 0x80)
		cut--;
	ereport(NOTICE, errcode(ERRCODE_NAME_TOO_LONG),
			errmsg("identifier \"%s\" will be truncated to \"%.*s\"",
				   ident, (int) cut, ident));
	ident[cut] = '\0';
}

/* "..." (start at the quote) or U&"..." (start at the U). */
static void
scan_quoted_identifier(Scanner *s, Token *tok, int start, int body, bool unicode)
{
	StringBuf	buf;
	int			i = body;

	strbuf_init(&buf);
	for (;;)
	{
		if (i >= s->len)
			parser_scan_error_at(s->buf, start, "unterminated quoted identifier");
		if (s->buf[i] == '"')
		{
			if (byte_at(s, i + 1) == '"')
			{
				strbuf_append_char(&buf, '"');
				i += 2;
				continue;
			}
			break;
		}
		strbuf_append_char(&buf, s->buf[i]);
		i++;
	}
	s->pos = i + 1;
	if (buf.len == 0)
		scanner_error_len(s, start, s->pos - start, "zero-length delimited identifier");
	tok->kind = TOK_IDENT;
	tok->str = buf.data;
	if (unicode)
	{
		int			end = s->pos;
		int			esc = scan_uescape(s);

		tok->str = decode_unicode_escapes(s, buf.data, body, esc);
		if (tok->str[0] == '\0')
			scanner_error_len(s, start, end - start, "zero-length delimited identifier");
	}
	truncate_identifier(tok->str);
}

/* An unquoted identifier or keyword starting at s->pos. */
static void
scan_word(Scanner *s, Token *tok)
{
	int			start = s->pos;
	int			len;
	char	   *word;

	while (is_ident_cont(byte_at(s, s->pos)))
		s->pos++;
	len = s->pos - start;
	word = pnstrdup(s->buf + start, (size_t) len);
	for (int i = 0; i < len; i++)
		if (word[i] >= 'A' && word[i] <= 'Z')
			word[i] = (char) (word[i] + 'a' - 'A');
	tok->keyword = parser_kw_find(word, len);
	if (tok->keyword != KW_NONE)
	{
		tok->kind = TOK_KEYWORD;
		tok->str = word;
		return;
	}
	tok->kind = TOK_IDENT;
	tok->str = word;
	truncate_identifier(word);
}

/* ------------------------------------------------------------------------
 * Numbers and parameters
 * ------------------------------------------------------------------------
 */

/* End of an identifier-character run starting at i (for junk errors). */
static int
ident_run_end(const Scanner *s, int i)
{
	while (is_ident_cont(byte_at(s, i)))
		i++;
	return i;
}

static void
scan_number(Scanner *s, Token *tok)
{
	int			start = s->pos;
	int			i = start;
	bool		is_integer = true;

	while (is_digit(byte_at(s, i)))
		i++;
	if (byte_at(s, i) == '.' && byte_at(s, i + 1) != '.')
	{
		is_integer = false;
		i++;
		while (is_digit(byte_at(s, i)))
			i++;
	}
	if (byte_at(s, i) == 'e' || byte_at(s, i) == 'E')
	{
		int			c1 = byte_at(s, i + 1);

		if (is_digit(c1) || ((c1 == '+' || c1 == '-') && is_digit(byte_at(s, i + 2))))
		{
			is_integer = false;
			i += (c1 == '+' || c1 == '-') ? 2 : 1;
			while (is_digit(byte_at(s, i)))
				i++;
		}
		else if (c1 == '+' || c1 == '-')
			scanner_error_len(s, start, i + 2 - start, "trailing junk after numeric literal");
	}
	if (is_ident_start(byte_at(s, i)))
		scanner_error_len(s, start, ident_run_end(s, i) - start,
						  "trailing junk after numeric literal");
	s->pos = i;
	tok->str = pnstrdup(s->buf + start, (size_t) (i - start));
	if (is_integer)
	{
		int64_t		v = 0;
		bool		overflow = false;

		for (int k = start; k < i; k++)
		{
			v = v * 10 + (s->buf[k] - '0');
			if (v > INT32_MAX)
			{
				overflow = true;
				break;
			}
		}
		if (!overflow)
		{
			tok->kind = TOK_ICONST;
			tok->ival = (int) v;
			return;
		}
	}
	tok->kind = TOK_FCONST;
}

/* $n at s->pos (the '$' is followed by a digit). */
static void
scan_param(Scanner *s, Token *tok)
{
	int			start = s->pos;
	int			i = start + 1;
	int64_t		v = 0;
	bool		too_large = false;

	while (is_digit(byte_at(s, i)))
	{
		v = v * 10 + (byte_at(s, i) - '0');
		if (v > INT32_MAX)
			too_large = true, v = INT32_MAX;
		i++;
	}
	if (is_ident_start(byte_at(s, i)))
		scanner_error_len(s, start, ident_run_end(s, i) - start,
						  "trailing junk after parameter");
	if (too_large)
		scanner_error_len(s, start, i - start, "parameter number too large");
	s->pos = i;
	tok->kind = TOK_PARAM;
	tok->ival = (int) v;
}

/*
 * '$' not followed by a digit: a dollar-quote delimiter $tag$ or $$, or
 * else a lone '$' character token.
 */
static void
scan_dollar(Scanner *s, Token *tok)
{
	int			start = s->pos;
	int			i = start + 1;
	int			delim_len;
	const char *body;
	const char *end;

	if (is_ident_start(byte_at(s, i)))
	{
		while (is_ident_start(byte_at(s, i)) || is_digit(byte_at(s, i)))
			i++;
	}
	if (byte_at(s, i) != '$')
	{
		s->pos = start + 1;
		tok->kind = TOK_OTHER;
		tok->str = pstrdup("$");
		return;
	}
	delim_len = i + 1 - start;
	body = s->buf + start + delim_len;
	end = body;
	for (;;)
	{
		end = strchr(end, '$');
		if (end == NULL)
			parser_scan_error_at(s->buf, start, "unterminated dollar-quoted string");
		if (strncmp(end, s->buf + start, (size_t) delim_len) == 0)
			break;
		end++;
	}
	tok->kind = TOK_SCONST;
	tok->str = pnstrdup(body, (size_t) (end - body));
	s->pos = (int) (end - s->buf) + delim_len;
}

/* ------------------------------------------------------------------------
 * Operators
 * ------------------------------------------------------------------------
 */

static void
scan_operator(Scanner *s, Token *tok)
{
	int			start = s->pos;
	int			run = start;
	int			nchars;

	while (is_op_char(byte_at(s, run)))
		run++;
	nchars = run - start;
	/* a comment start inside the run ends the operator there */
	for (int k = start + 1; k < run - 1; k++)
	{
		if ((s->buf[k] == '-' && s->buf[k + 1] == '-') ||
			(s->buf[k] == '/' && s->buf[k + 1] == '*'))
		{
			nchars = k - start;
			break;
		}
	}
	if (nchars > 1 && (s->buf[start + nchars - 1] == '+' || s->buf[start + nchars - 1] == '-'))
	{
		bool		special = false;

		for (int k = 0; k < nchars; k++)
			if (strchr("~!@#^&|`?%", s->buf[start + k]) != NULL)
				special = true;
		if (!special)
		{
			do
				nchars--;
			while (nchars > 1 && (s->buf[start + nchars - 1] == '+' ||
								  s->buf[start + nchars - 1] == '-'));
		}
	}
	s->pos = start + nchars;
	tok->str = pnstrdup(s->buf + start, (size_t) nchars);
	if (nchars == 1 && is_self_char(s->buf[start]))
	{
		tok->kind = (unsigned char) s->buf[start];
		return;
	}
	if (nchars == 2)
	{
		if (strcmp(tok->str, "=>") == 0)
			tok->kind = TOK_EQUALS_GREATER;
		else if (strcmp(tok->str, ">=") == 0)
			tok->kind = TOK_GREATER_EQUALS;
		else if (strcmp(tok->str, "<=") == 0)
			tok->kind = TOK_LESS_EQUALS;
		else if (strcmp(tok->str, "<>") == 0 || strcmp(tok->str, "!=") == 0)
			tok->kind = TOK_NOT_EQUALS;
		else
			tok->kind = TOK_OP;
		return;
	}
	if (nchars >= NAMEDATALEN)
		scanner_error_len(s, start, nchars, "operator too long");
	tok->kind = TOK_OP;
}

/* ------------------------------------------------------------------------
 * The token dispatcher
 * ------------------------------------------------------------------------
 */

/* A string token with prefix letters [start, body-1) and mode. */
static void
scan_string_token(Scanner *s, Token *tok, int start, int body, StringMode mode)
{
	char	   *value = scan_quoted_body(s, start, body, mode);

	switch (mode)
	{
		case STR_BIT:
			tok->kind = TOK_BCONST;
			tok->str = psprintf("b%s", value);
			break;
		case STR_HEX:
			tok->kind = TOK_XCONST;
			tok->str = psprintf("x%s", value);
			break;
		case STR_UNICODE:
			{
				int			end = s->pos;

				if (!s->standard_strings)
					ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
							errmsg("unsafe use of string constant with Unicode escapes"),
							errdetail("String constants with Unicode escapes cannot be used when standard_conforming_strings is off."),
							errposition(char_position(s->buf, start)));
				tok->kind = TOK_SCONST;
				tok->str = decode_unicode_escapes(s, value, body, scan_uescape(s));
				(void) end;
				return;
			}
		default:
			tok->kind = TOK_SCONST;
			tok->str = value;
			break;
	}
}

/*
 * Words that begin with a letter may be a prefixed literal: E'..', B'..',
 * X'..', N'..', U&'..', U&"..".  Returns true if one was scanned.
 */
static bool
scan_prefixed_literal(Scanner *s, Token *tok)
{
	int			start = s->pos;
	int			c = byte_at(s, start) | 0x20;	/* ASCII lower case */
	int			c1 = byte_at(s, start + 1);

	if (c1 == '\'')
	{
		switch (c)
		{
			case 'e':
				scan_string_token(s, tok, start, start + 2, STR_ESCAPE);
				return true;
			case 'b':
				scan_string_token(s, tok, start, start + 2, STR_BIT);
				return true;
			case 'x':
				scan_string_token(s, tok, start, start + 2, STR_HEX);
				return true;
			case 'n':
				/* N'...': the keyword NCHAR, then the string as its own token */
				s->pos = start + 1;
				tok->kind = TOK_KEYWORD;
				tok->keyword = parser_kw_find("nchar", 5);
				tok->str = pstrdup("nchar");
				return true;
			default:
				return false;
		}
	}
	if (c == 'u' && c1 == '&' && byte_at(s, start + 2) == '\'')
	{
		scan_string_token(s, tok, start, start + 3, STR_UNICODE);
		return true;
	}
	if (c == 'u' && c1 == '&' && byte_at(s, start + 2) == '"')
	{
		scan_quoted_identifier(s, tok, start, start + 3, true);
		return true;
	}
	return false;
}

void
parser_scan_next(Scanner *s, Token *tok)
{
	int			c;

	skip_whitespace(s);
	memset(tok, 0, sizeof(Token));
	tok->keyword = KW_NONE;
	tok->start = s->pos;
	tok->end = -1;
	c = byte_at(s, s->pos);

	if (s->pos >= s->len)
		tok->kind = TOK_EOF;
	else if (is_ident_start(c))
	{
		if (!scan_prefixed_literal(s, tok))
			scan_word(s, tok);
	}
	else if (is_digit(c) || (c == '.' && is_digit(byte_at(s, s->pos + 1))))
		scan_number(s, tok);
	else if (c == '\'')
		scan_string_token(s, tok, s->pos, s->pos + 1,
						  s->standard_strings ? STR_STANDARD : STR_ESCAPE);
	else if (c == '"')
		scan_quoted_identifier(s, tok, s->pos, s->pos + 1, false);
	else if (c == '$')
	{
		if (is_digit(byte_at(s, s->pos + 1)))
			scan_param(s, tok);
		else
			scan_dollar(s, tok);
	}
	else if (c == ':' && byte_at(s, s->pos + 1) == ':')
	{
		tok->kind = TOK_TYPECAST;
		s->pos += 2;
	}
	else if (c == ':' && byte_at(s, s->pos + 1) == '=')
	{
		tok->kind = TOK_COLON_EQUALS;
		s->pos += 2;
	}
	else if (c == '.' && byte_at(s, s->pos + 1) == '.')
	{
		tok->kind = TOK_DOT_DOT;
		s->pos += 2;
	}
	else if (is_op_char(c))
		scan_operator(s, tok);
	else if (is_self_char(c))
	{
		tok->kind = c;
		s->pos++;
	}
	else
	{
		tok->kind = TOK_OTHER;
		tok->str = pnstrdup(s->buf + s->pos, 1);
		s->pos++;
	}
	if (tok->end < 0)
		tok->end = s->pos;
}

int
parser_errposition_of(const char *query, int location)
{
	int			chars = 0;

	if (location < 0 || query == NULL)
		return 0;
	for (int i = 0; i < location && query[i] != '\0'; i++)
		if (((unsigned char) query[i] & 0xC0) != 0x80)
			chars++;
	return chars + 1;
}
