/*-------------------------------------------------------------------------
 * datetime_parse.c
 *	  Text to date/time fields and intervals: PostgreSQL's input syntax
 *	  for date, time, timestamp[tz] and interval (DateStyle MDY).
 *
 * Role: a tokenizer splits the input into fields (numbers, words, dates
 * like 2026-11-21 or 11/21/2026, times like 07:20:00.5, signed numbers and
 * zone offsets like +02 or -05:30); a decoder then assigns them, as
 * PostgreSQL's does:
 *	- ISO dates (YYYY-MM-DD, also with / or .), MM/DD/YYYY, YYYYMMDD,
 *	  month names in any position ("Nov 21 2026", "21 Nov 2026"), day names
 *	  (ignored), two-digit years (70..99 -> 19xx, 00..69 -> 20xx), BC/AD;
 *	- times HH:MM[:SS[.frac]], HHMMSS after a date or after 'T', AM/PM,
 *	  24:00:00, a leap second :60;
 *	- zones: +HH, +HHMM, +HH:MM[:SS], Z, UTC, GMT, UT, ZULU;
 *	- words epoch, infinity, -infinity, now, today, tomorrow, yesterday,
 *	  allballs, and J<julian day>.
 * Intervals: "N unit" lists with fractions and "ago", [+-]HH:MM:SS, the
 * SQL "Y-M" and "D H:M:S" forms, and ISO 8601 "P1Y2M3DT4H5M6S".
 *
 * Invariants:
 *	- Input is bounded: at most MAXDATEFIELDS fields and MAXDATELEN
 *	  characters of field text, so work is linear in a bounded size.
 *	- Every numeric field is range-checked before use (no int overflow):
 *	  too-large numbers are DTERR_FIELD_OVERFLOW.
 *	- Errors are returned as DTERR codes; dt_parse_error reports them with
 *	  PostgreSQL's SQLSTATEs and messages.
 *
 * See also: datetime_format.c (calendar), date.c / timestamp.c /
 * interval.c (the input functions that call this).
 *-------------------------------------------------------------------------
 */
#include "sql/types/datetime_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "access/transam/xact.h"
#include "utils/elog.h"
#include "utils/memctx.h"

#define MAXDATELEN		128
#define MAXDATEFIELDS	25
#define TOKMAXLEN		10		/* significant characters of a keyword */

typedef enum TokType
{
	TK_NUMBER,					/* 123, 1.5, .5 */
	TK_STRING,					/* words, -infinity, zone names */
	TK_DATE,					/* 2026-11-21, 11/21/2026, 21-nov-2026 */
	TK_TIME,					/* 07:20:00.5 */
	TK_SIGNED,					/* +02, -05:30, -1.5 (zones, interval parts) */
} TokType;

typedef struct Token
{
	TokType		type;
	char	   *s;
} Token;

/* ---------------------------------------------------------------------
 * Keywords
 * ---------------------------------------------------------------------
 */

typedef enum KwType
{
	KW_MONTH,
	KW_DOW,
	KW_AMPM,
	KW_ERA,
	KW_UTC,
	KW_SPECIAL,
	KW_ISO_T,
	KW_JULIAN,
} KwType;

enum
{
	SP_EPOCH,
	SP_INFINITY,
	SP_NINFINITY,
	SP_NOW,
	SP_TODAY,
	SP_TOMORROW,
	SP_YESTERDAY,
	SP_ALLBALLS,
};

typedef struct Keyword
{
	const char *name;
	KwType		type;
	int			value;
} Keyword;

static const Keyword keywords[] = {
	{"jan", KW_MONTH, 1}, {"january", KW_MONTH, 1},
	{"feb", KW_MONTH, 2}, {"february", KW_MONTH, 2},
	{"mar", KW_MONTH, 3}, {"march", KW_MONTH, 3},
	{"apr", KW_MONTH, 4}, {"april", KW_MONTH, 4},
	{"may", KW_MONTH, 5},
	{"jun", KW_MONTH, 6}, {"june", KW_MONTH, 6},
	{"jul", KW_MONTH, 7}, {"july", KW_MONTH, 7},
	{"aug", KW_MONTH, 8}, {"august", KW_MONTH, 8},
	{"sep", KW_MONTH, 9}, {"sept", KW_MONTH, 9}, {"september", KW_MONTH, 9},
	{"oct", KW_MONTH, 10}, {"october", KW_MONTH, 10},
	{"nov", KW_MONTH, 11}, {"november", KW_MONTH, 11},
	{"dec", KW_MONTH, 12}, {"december", KW_MONTH, 12},
	{"sun", KW_DOW, 0}, {"sunday", KW_DOW, 0},
	{"mon", KW_DOW, 1}, {"monday", KW_DOW, 1},
	{"tue", KW_DOW, 2}, {"tues", KW_DOW, 2}, {"tuesday", KW_DOW, 2},
	{"wed", KW_DOW, 3}, {"wednesday", KW_DOW, 3},
	{"thu", KW_DOW, 4}, {"thur", KW_DOW, 4}, {"thurs", KW_DOW, 4}, {"thursday", KW_DOW, 4},
	{"fri", KW_DOW, 5}, {"friday", KW_DOW, 5},
	{"sat", KW_DOW, 6}, {"saturday", KW_DOW, 6},
	{"am", KW_AMPM, 0}, {"a.m.", KW_AMPM, 0},
	{"pm", KW_AMPM, 1}, {"p.m.", KW_AMPM, 1},
	{"ad", KW_ERA, 0}, {"bc", KW_ERA, 1},
	{"z", KW_UTC, 0}, {"zulu", KW_UTC, 0}, {"utc", KW_UTC, 0},
	{"gmt", KW_UTC, 0}, {"ut", KW_UTC, 0},
	{"epoch", KW_SPECIAL, SP_EPOCH},
	{"infinity", KW_SPECIAL, SP_INFINITY},
	{"+infinity", KW_SPECIAL, SP_INFINITY},
	{"-infinity", KW_SPECIAL, SP_NINFINITY},
	{"now", KW_SPECIAL, SP_NOW},
	{"today", KW_SPECIAL, SP_TODAY},
	{"tomorrow", KW_SPECIAL, SP_TOMORROW},
	{"yesterday", KW_SPECIAL, SP_YESTERDAY},
	{"allballs", KW_SPECIAL, SP_ALLBALLS},
	{"t", KW_ISO_T, 0},
	{"j", KW_JULIAN, 0},
	{"jd", KW_JULIAN, 0},
	{"julian", KW_JULIAN, 0},
};

static const Keyword *
lookup_keyword(const char *s)
{
	for (size_t i = 0; i < lengthof(keywords); i++)
		if (strcmp(keywords[i].name, s) == 0)
			return &keywords[i];
	return NULL;
}


/* ---------------------------------------------------------------------
 * Tokenizer
 * ---------------------------------------------------------------------
 */

typedef struct TokState
{
	char	   *buf;
	int			len;
	int			cap;
} TokState;

static bool
tok_put(TokState *ts, char c)
{
	if (ts->len >= ts->cap)
		return false;
	ts->buf[ts->len++] = c;
	return true;
}

#define PUT(c) do { if (!tok_put(&ts, (c))) return DTERR_BAD_FORMAT; } while (0)


/*
 * Split str into tokens (lower-cased copies in one palloc'd buffer).
 * Whitespace and stray punctuation separate fields.
 */
static int
tokenize(const char *str, Token *toks, int *ntoks)
{
	TokState	ts;
	const char *cp = str;
	int			n = 0;

	ts.cap = MAXDATELEN + MAXDATEFIELDS;
	ts.buf = palloc(ts.cap);
	ts.len = 0;
	while (*cp)
	{
		int			start;

		if (isspace((unsigned char) *cp))
		{
			cp++;
			continue;
		}
		if (n >= MAXDATEFIELDS)
			return DTERR_BAD_FORMAT;
		start = ts.len;
		if (isdigit((unsigned char) *cp))
		{
			while (isdigit((unsigned char) *cp))
				PUT(*cp++);
			if (*cp == ':')
			{
				toks[n].type = TK_TIME;
				while (isdigit((unsigned char) *cp) || *cp == ':' || *cp == '.')
					PUT(*cp++);
			}
			else if (*cp == '-' || *cp == '/' || *cp == '.')
			{
				char		delim = *cp;
				int			ndelim = 0;

				if (isdigit((unsigned char) cp[1]) || delim != '.')
				{
					if (isdigit((unsigned char) cp[1]))
					{
						while (isdigit((unsigned char) *cp) || *cp == delim)
						{
							ndelim += (*cp == delim);
							PUT(*cp++);
						}
					}
					else
					{
						while (isalnum((unsigned char) *cp) || *cp == delim)
						{
							ndelim += (*cp == delim);
							PUT((char) tolower((unsigned char) *cp++));
						}
					}
					toks[n].type = (delim == '.' && ndelim == 1) ? TK_NUMBER : TK_DATE;
				}
				else
				{
					/* "12." : a number with an empty fraction */
					PUT(*cp++);
					toks[n].type = TK_NUMBER;
				}
			}
			else
				toks[n].type = TK_NUMBER;
		}
		else if (*cp == '.' && isdigit((unsigned char) cp[1]))
		{
			PUT(*cp++);
			while (isdigit((unsigned char) *cp))
				PUT(*cp++);
			toks[n].type = TK_NUMBER;
		}
		else if (isalpha((unsigned char) *cp))
		{
			bool		slurp;

			toks[n].type = TK_STRING;
			while (isalpha((unsigned char) *cp))
				PUT((char) tolower((unsigned char) *cp++));

			/*
			 * A word followed by - / . (nov-21-2026, Europe/Paris), or an
			 * unknown word followed by a digit or '+' (utc+3), continues as
			 * one date-or-zone field, as PostgreSQL reads it.
			 */
			slurp = (*cp == '-' || *cp == '/' || *cp == '.');
			if (!slurp && (*cp == '+' || isdigit((unsigned char) *cp)))
			{
				const Keyword *kw;

				PUT('\0');
				ts.len--;
				/* zone abbreviations are not keywords here: utc+3 is a zone */
				kw = lookup_keyword(ts.buf + start);
				slurp = kw == NULL || kw->type == KW_UTC;
			}
			if (slurp)
			{
				toks[n].type = TK_DATE;
				do
				{
					PUT((char) tolower((unsigned char) *cp++));
				} while (*cp && (strchr("+-/_.:", *cp) != NULL || isalnum((unsigned char) *cp)));
			}
		}
		else if (*cp == '+' || *cp == '-')
		{
			PUT(*cp++);
			while (isspace((unsigned char) *cp))
				cp++;
			if (isdigit((unsigned char) *cp) || (*cp == '.' && isdigit((unsigned char) cp[1])))
			{
				toks[n].type = TK_SIGNED;
				while (isdigit((unsigned char) *cp) || *cp == ':' || *cp == '.' || *cp == '-')
					PUT(*cp++);
			}
			else if (isalpha((unsigned char) *cp))
			{
				toks[n].type = TK_STRING;
				while (isalpha((unsigned char) *cp))
					PUT((char) tolower((unsigned char) *cp++));
			}
			else
				return DTERR_BAD_FORMAT;
		}
		else if (ispunct((unsigned char) *cp))
		{
			cp++;
			continue;
		}
		else
			return DTERR_BAD_FORMAT;
		PUT('\0');
		toks[n].s = ts.buf + start;
		n++;
	}
	*ntoks = n;
	return 0;
}

/* ---------------------------------------------------------------------
 * Field decoders
 * ---------------------------------------------------------------------
 */

#define FM_YEAR		0x01
#define FM_MONTH	0x02
#define FM_DAY		0x04
#define FM_TIME		0x08
#define FM_TZ		0x10
#define FM_AMPM		0x20
#define FM_ERA		0x40
#define FM_DOW		0x80
#define FM_DATE		(FM_YEAR | FM_MONTH | FM_DAY)

/* Parse an unsigned decimal integer of digits only; false on junk. */
static int
parse_uint(const char *s, const char **end, int64_t max, int64_t *out)
{
	int64_t		v = 0;

	if (!isdigit((unsigned char) *s))
		return DTERR_BAD_FORMAT;
	while (isdigit((unsigned char) *s))
	{
		v = v * 10 + (*s++ - '0');
		if (v > max)
			return DTERR_FIELD_OVERFLOW;
	}
	*end = s;
	*out = v;
	return 0;
}

/* ".123456789" -> microseconds, rounded to nearest (ties to even) */
static int
parse_fraction(const char *s, const char **end, int64_t *usec)
{
	char		buf[32];
	int			n = 0;
	double		frac;

	Assert(*s == '.');
	buf[n++] = '0';
	buf[n++] = *s++;
	while (isdigit((unsigned char) *s))
	{
		if (n < (int) sizeof(buf) - 1)
			buf[n++] = *s;
		s++;
	}
	buf[n] = '\0';
	frac = strtod(buf, NULL);
	*usec = (int64_t) rint(frac * USECS_PER_SEC);
	*end = s;
	return 0;
}

/* HH:MM[:SS[.f]] (or MM:SS.f); checks ranges as PostgreSQL. */
static int
decode_time(const char *s, DtFields *f)
{
	int64_t		h,
				m,
				sec = 0,
				fsec = 0;
	int			r;
	const char *cp;

	if ((r = parse_uint(s, &cp, 1000000000, &h)) != 0)
		return r;
	if (*cp != ':')
		return DTERR_BAD_FORMAT;
	if ((r = parse_uint(cp + 1, &cp, 1000000000, &m)) != 0)
		return r;
	if (*cp == '.')
	{
		/* MM:SS.fff */
		if ((r = parse_fraction(cp, &cp, &fsec)) != 0)
			return r;
		sec = m;
		m = h;
		h = 0;
	}
	else if (*cp == ':')
	{
		if ((r = parse_uint(cp + 1, &cp, 1000000000, &sec)) != 0)
			return r;
		if (*cp == '.' && (r = parse_fraction(cp, &cp, &fsec)) != 0)
			return r;
	}
	if (*cp != '\0')
		return DTERR_BAD_FORMAT;
	if (h > 24 || m > 59 || sec > 60 || dt_time_us((int) h, (int) m, (int) sec, fsec) > USECS_PER_DAY)
		return DTERR_FIELD_OVERFLOW;
	f->hour = (int) h;
	f->min = (int) m;
	f->sec = (int) sec;
	f->fsec = (int32_t) fsec;
	return 0;
}

/* +HH, +HHMM, +HH:MM[:SS] (the sign included in s). */
static int
decode_tz(const char *s, int *tz)
{
	int64_t		h,
				m = 0,
				sec = 0;
	const char *cp;
	int			r;

	if ((r = parse_uint(s + 1, &cp, 1000000000, &h)) != 0)
		return r == DTERR_FIELD_OVERFLOW ? DTERR_TZDISP_OVERFLOW : r;
	if (*cp == ':')
	{
		if ((r = parse_uint(cp + 1, &cp, 1000000000, &m)) != 0)
			return r == DTERR_FIELD_OVERFLOW ? DTERR_TZDISP_OVERFLOW : r;
		if (*cp == ':' && (r = parse_uint(cp + 1, &cp, 1000000000, &sec)) != 0)
			return r == DTERR_FIELD_OVERFLOW ? DTERR_TZDISP_OVERFLOW : r;
	}
	else if (*cp == '\0' && strlen(s) > 3)
	{
		m = h % 100;
		h = h / 100;
	}
	if (h > 15 || m >= 60 || sec >= 60)
		return DTERR_TZDISP_OVERFLOW;
	if (*cp != '\0')
		return DTERR_BAD_FORMAT;
	*tz = (int) ((h * 60 + m) * 60 + sec) * (s[0] == '-' ? -1 : 1);
	return 0;
}

typedef struct DecodeState
{
	DtFields   *f;
	int			fmask;
	bool		text_month;
	bool		year_2digits;
} DecodeState;

static int
set_field(DecodeState *st, int mask, int *dst, int64_t val, int ndigits)
{
	if (st->fmask & mask)
		return DTERR_BAD_FORMAT;
	st->fmask |= mask;
	*dst = (int) val;
	if (mask == FM_YEAR)
		st->year_2digits = ndigits <= 2;
	return 0;
}

/*
 * A plain number inside a date: its meaning depends on what came before
 * (PostgreSQL's rules with DateStyle MDY).
 */
static int
decode_number(DecodeState *st, int64_t val, int len)
{
	DtFields   *f = st->f;

	switch (st->fmask & FM_DATE)
	{
		case 0:
			if (len >= 3)
				return set_field(st, FM_YEAR, &f->year, val, len);
			return set_field(st, FM_MONTH, &f->mon, val, len);
		case FM_YEAR:
			return set_field(st, FM_MONTH, &f->mon, val, len);
		case FM_MONTH:
			if (st->text_month && len >= 3)
				return set_field(st, FM_YEAR, &f->year, val, len);
			return set_field(st, FM_DAY, &f->mday, val, len);
		case FM_YEAR | FM_MONTH:
			if (st->text_month && len >= 3 && st->year_2digits)
			{
				/* DD-MON-YYYY: the first number was the day */
				st->fmask |= FM_DAY;
				f->mday = f->year;
				f->year = (int) val;
				st->year_2digits = false;
				return 0;
			}
			return set_field(st, FM_DAY, &f->mday, val, len);
		case FM_DAY:
			return set_field(st, FM_MONTH, &f->mon, val, len);
		case FM_MONTH | FM_DAY:
			return set_field(st, FM_YEAR, &f->year, val, len);
		default:
			return DTERR_BAD_FORMAT;
	}
}

/* A month name, possibly replacing a number first taken as the month. */
static int
set_text_month(DecodeState *st, int month)
{
	if ((st->fmask & FM_MONTH) && !st->text_month && !(st->fmask & FM_DAY) &&
		st->f->mon >= 1 && st->f->mon <= 31)
	{
		st->f->mday = st->f->mon;
		st->fmask |= FM_DAY;
	}
	else if (st->fmask & FM_MONTH)
		return DTERR_BAD_FORMAT;
	st->fmask |= FM_MONTH;
	st->text_month = true;
	st->f->mon = month;
	return 0;
}

/* 2026-11-21, 11/21/2026, 2026.11.21, 21-nov-2026, nov-21-2026 */
static int
decode_date(DecodeState *st, char *s)
{
	char	   *parts[3];
	int			n = 0;
	char	   *cp = s;
	int			r;

	if (st->fmask & FM_DATE)
		return DTERR_BAD_FORMAT;
	while (*cp && n < 3)
	{
		parts[n++] = cp;
		while (isalnum((unsigned char) *cp))
			cp++;
		if (*cp)
			*cp++ = '\0';
	}
	if (n != 3 || *cp)
		return DTERR_BAD_FORMAT;
	/* a textual month first, then the numbers in order */
	for (int i = 0; i < 3; i++)
	{
		if (isalpha((unsigned char) parts[i][0]))
		{
			const Keyword *kw = lookup_keyword(parts[i]);

			if (kw == NULL || kw->type != KW_MONTH)
				return DTERR_BAD_FORMAT;
			if ((r = set_text_month(st, kw->value)) != 0)
				return r;
		}
	}
	for (int i = 0; i < 3; i++)
	{
		int64_t		v;
		const char *end;
		int			len = (int) strlen(parts[i]);

		if (isalpha((unsigned char) parts[i][0]))
			continue;
		if ((r = parse_uint(parts[i], &end, INT32_MAX, &v)) != 0)
			return r;
		if (*end)
			return DTERR_BAD_FORMAT;
		if (!st->text_month && i == 0 && len >= 3)
			r = set_field(st, FM_YEAR, &st->f->year, v, len);
		else if (!st->text_month && (st->fmask & FM_YEAR))
			r = (i == 1) ? set_field(st, FM_MONTH, &st->f->mon, v, len)
				: set_field(st, FM_DAY, &st->f->mday, v, len);
		else
			r = decode_number(st, v, len);
		if (r != 0)
			return r;
	}
	return 0;
}

/*
 * A run of digits: YYYYMMDD or YYMMDD when no date yet, HHMMSS or HHMM
 * when the date is complete (e.g. after 'T'), with an optional fraction.
 */
static int
decode_number_field(DecodeState *st, char *s)
{
	DtFields   *f = st->f;
	char	   *dot = strchr(s, '.');
	int64_t		fsec = 0;
	int			len;
	const char *end;

	if (dot != NULL)
	{
		if (parse_fraction(dot, &end, &fsec) != 0 || *end)
			return DTERR_BAD_FORMAT;
		*dot = '\0';
	}
	len = (int) strlen(s);
	for (int i = 0; i < len; i++)
		if (!isdigit((unsigned char) s[i]))
			return DTERR_BAD_FORMAT;
	if (dot == NULL && (st->fmask & FM_DATE) != FM_DATE && len >= 6 && len <= 12)
	{
		if (st->fmask & FM_DATE)
			return DTERR_BAD_FORMAT;
		st->fmask |= FM_DATE;
		f->mday = atoi(s + len - 2);
		s[len - 2] = '\0';
		f->mon = atoi(s + len - 4);
		s[len - 4] = '\0';
		f->year = atoi(s);
		st->year_2digits = (len - 4) == 2;
		return 0;
	}
	if (!(st->fmask & FM_TIME) && (len == 6 || len == 4))
	{
		st->fmask |= FM_TIME;
		f->sec = len == 6 ? atoi(s + 4) : 0;
		s[4] = '\0';
		f->min = atoi(s + 2);
		s[2] = '\0';
		f->hour = atoi(s);
		f->fsec = (int32_t) fsec;
		if (f->hour > 24 || f->min > 59 || f->sec > 60 ||
			(f->hour == 24 && (f->min > 0 || f->sec > 0 || fsec > 0)))
			return DTERR_FIELD_OVERFLOW;
		return 0;
	}
	return DTERR_BAD_FORMAT;
}

static int
decode_numeric_token(DecodeState *st, char *s, bool after_t)
{
	int			len = (int) strlen(s);
	char	   *dot = strchr(s, '.');
	int64_t		v;
	const char *end;
	int			r;

	if (after_t)
		return decode_number_field(st, s);
	if (dot != NULL && !(st->fmask & FM_DATE))
		return decode_date(st, s);
	if (dot != NULL && (dot - s) > 2)
		return decode_number_field(st, s);
	if (dot != NULL)
		return DTERR_BAD_FORMAT;
	if (len >= 6 && (!(st->fmask & FM_DATE) || !(st->fmask & FM_TIME)))
		return decode_number_field(st, s);
	if ((st->fmask & FM_DATE) == FM_DATE)
		return decode_number_field(st, s);
	if ((r = parse_uint(s, &end, INT32_MAX, &v)) != 0)
		return r;
	return decode_number(st, v, len);
}

/* Current transaction timestamp as fields (for now/today/...). */
static void
current_fields(DtFields *f)
{
	dt_timestamp_to_fields(datetime_xact_timestamp(), f);
}

static int
apply_special(DecodeState *st, DtParsed *out, int sp)
{
	DtFields	now;
	int64_t		jd;

	switch (sp)
	{
		case SP_EPOCH:
			out->special = DTS_EPOCH;
			return 0;
		case SP_INFINITY:
			out->special = DTS_INFINITY;
			return 0;
		case SP_NINFINITY:
			out->special = DTS_NINFINITY;
			return 0;
		case SP_NOW:
			if (st->fmask & (FM_DATE | FM_TIME | FM_TZ))
				return DTERR_BAD_FORMAT;
			st->fmask |= FM_DATE | FM_TIME | FM_TZ;
			out->special = DTS_NOW;
			return 0;
		case SP_ALLBALLS:
			if (st->fmask & FM_TIME)
				return DTERR_BAD_FORMAT;
			st->fmask |= FM_TIME | FM_TZ;
			st->f->hour = st->f->min = st->f->sec = 0;
			st->f->fsec = 0;
			st->f->has_tz = true;
			st->f->tz = 0;
			return 0;
		default:
			if (st->fmask & FM_DATE)
				return DTERR_BAD_FORMAT;
			current_fields(&now);
			jd = dt_date2j(now.year, now.mon, now.mday) +
				(sp == SP_TOMORROW ? 1 : sp == SP_YESTERDAY ? -1 : 0);
			dt_j2date(jd, &st->f->year, &st->f->mon, &st->f->mday);
			st->fmask |= FM_DATE;
			st->year_2digits = false;
			return 0;
	}
}

static int
decode_word(DecodeState *st, DtParsed *out, const char *s, bool *after_t,
			bool *julian, int *ampm, bool *bc, const char **tzname)
{
	const Keyword *kw = lookup_keyword(s);

	if (kw == NULL)
	{
		if (strchr(s, '/') != NULL || strchr(s, '_') != NULL)
		{
			*tzname = s;
			return DTERR_BAD_TIMEZONE;
		}
		return DTERR_BAD_FORMAT;
	}
	switch (kw->type)
	{
		case KW_MONTH:
			return set_text_month(st, kw->value);
		case KW_DOW:
			st->fmask |= FM_DOW;
			return 0;
		case KW_AMPM:
			if (st->fmask & FM_AMPM)
				return DTERR_BAD_FORMAT;
			st->fmask |= FM_AMPM;
			*ampm = kw->value;
			return 0;
		case KW_ERA:
			if (st->fmask & FM_ERA)
				return DTERR_BAD_FORMAT;
			st->fmask |= FM_ERA;
			*bc = kw->value == 1;
			return 0;
		case KW_UTC:
			if (st->fmask & FM_TZ)
				return DTERR_BAD_FORMAT;
			st->fmask |= FM_TZ;
			st->f->has_tz = true;
			st->f->tz = 0;
			return 0;
		case KW_SPECIAL:
			return apply_special(st, out, kw->value);
		case KW_ISO_T:
			*after_t = true;
			return 0;
		case KW_JULIAN:
			*julian = true;
			return 0;
	}
	return DTERR_BAD_FORMAT;
}

/* Checks after all fields: AM/PM, BC, two-digit years, day ranges. */
static int
finish_fields(DecodeState *st, int ampm, bool bc)
{
	DtFields   *f = st->f;

	if (ampm >= 0)
	{
		if (f->hour > 12)
			return DTERR_FIELD_OVERFLOW;
		if (ampm == 1 && f->hour < 12)
			f->hour += 12;
		else if (ampm == 0 && f->hour == 12)
			f->hour = 0;
	}
	if (st->fmask & FM_YEAR)
	{
		if (bc)
		{
			if (f->year <= 0)
				return DTERR_FIELD_OVERFLOW;
			f->year = 1 - f->year;
		}
		else if (st->year_2digits)
			f->year += f->year < 70 ? 2000 : 1900;
		else if (f->year == 0)
			return DTERR_FIELD_OVERFLOW;
	}
	else if (bc)
		return DTERR_BAD_FORMAT;
	if ((st->fmask & FM_DATE) == FM_DATE)
	{
		if (f->mon < 1 || f->mon > 12)
			return DTERR_MD_FIELD_OVERFLOW;
		if (f->mday < 1 || f->mday > dt_days_in_month(f->year, f->mon))
			return DTERR_FIELD_OVERFLOW;
	}
	else if (st->fmask & FM_DATE)
		return DTERR_BAD_FORMAT;
	return 0;
}

/*
 * Input of the time type accepts fewer forms: a leading date (ignored) only
 * when a time follows it, no month or day names, and bare numbers only as
 * HHMM[SS].
 */
static int
check_time_only(const Token *toks, int ntoks)
{
	for (int i = 0; i < ntoks; i++)
	{
		const Keyword *kw;

		switch (toks[i].type)
		{
			case TK_DATE:
				if (isalpha((unsigned char) toks[i].s[0]))
					break;		/* a zone name */
				if (!(i == 0 && ntoks >= 2 &&
					  (toks[1].type == TK_TIME || toks[ntoks - 1].type == TK_DATE)))
					return DTERR_BAD_FORMAT;
				break;
			case TK_NUMBER:
				{
					size_t		digits = strspn(toks[i].s, "0123456789");

					if (i > 0 && toks[i - 1].type == TK_STRING && strcmp(toks[i - 1].s, "j") == 0)
						break;	/* a julian day (ignored) */
					if (digits != 4 && digits != 6)
						return DTERR_BAD_FORMAT;
					break;
				}
			case TK_STRING:
				kw = lookup_keyword(toks[i].s);
				if (kw != NULL &&
					(kw->type == KW_MONTH || kw->type == KW_DOW || kw->type == KW_ERA ||
					 (kw->type == KW_SPECIAL && kw->value != SP_NOW && kw->value != SP_ALLBALLS)))
					return DTERR_BAD_FORMAT;
				break;
			default:
				break;
		}
	}
	return 0;
}

int
dt_parse(const char *str, DtParsed *out, const char **tzname)
{
	return dt_parse_ext(str, false, out, tzname);
}

/*
 * A time zone name: one of the names of UTC, or a POSIX-style
 * "abbrev[+-]hh[:mm[:ss]]" (whose offset counts hours WEST, as POSIX
 * does: utc+3 is three hours behind UTC).  Returns false if not one.
 */
static bool
parse_zone_name(const char *s, int *tz)
{
	static const char *const utc_names[] = {
		"utc", "etc/utc", "gmt", "etc/gmt", "zulu", "etc/zulu", "ut", "uct", "etc/uct",
		"universal", "etc/universal", "greenwich", "etc/greenwich", "gmt0", "etc/gmt0",
	};
	const char *cp = s;

	for (size_t i = 0; i < lengthof(utc_names); i++)
		if (strcmp(s, utc_names[i]) == 0)
		{
			*tz = 0;
			return true;
		}
	while (isalpha((unsigned char) *cp))
		cp++;
	if (cp > s && (*cp == '+' || *cp == '-' || isdigit((unsigned char) *cp)))
	{
		char		buf[32];
		size_t		n;
		int			off;

		/* POSIX: optional sign, hh[:mm[:ss]]; a fraction is ignored */
		buf[0] = (*cp == '-') ? '-' : '+';
		if (*cp == '+' || *cp == '-')
			cp++;
		n = strspn(cp, "0123456789:");
		if (n == 0 || n >= sizeof(buf) - 1 || (cp[n] != '\0' && cp[n] != '.'))
			return false;
		memcpy(buf + 1, cp, n);
		buf[n + 1] = '\0';
		if (decode_tz(buf, &off) != 0)
			return false;
		*tz = -off;
		return true;
	}
	return false;
}

/*
 * A field like "europe/paris", "utc+3" or "nov-21-2026", or a digit field
 * with embedded punctuation: once month and day are known it names a
 * zone (or is a run-together "hhmmss-zz"), otherwise it is a date.
 */
static int
decode_date_or_zone(DecodeState *st, char *s, const char **tzname)
{
	DtFields   *f = st->f;
	char	   *dash;
	int			r;

	if ((st->fmask & (FM_MONTH | FM_DAY)) != (FM_MONTH | FM_DAY))
		return decode_date(st, s);
	if (isdigit((unsigned char) *s))
	{
		dash = strchr(s, '-');
		if (dash == NULL)
			dash = strchr(s, '+');
		if (dash == NULL || (st->fmask & FM_TZ))
			return DTERR_BAD_FORMAT;
		if ((r = decode_tz(dash, &f->tz)) != 0)
			return r;
		*dash = '\0';
		f->has_tz = true;
		st->fmask |= FM_TZ;
		return decode_number_field(st, s);
	}
	if (!parse_zone_name(s, &f->tz))
	{
		*tzname = s;
		return DTERR_BAD_TIMEZONE;
	}
	if (st->fmask & FM_TZ)
		return DTERR_BAD_FORMAT;
	st->fmask |= FM_TZ;
	f->has_tz = true;
	return 0;
}

int
dt_parse_ext(const char *str, bool time_only, DtParsed *out, const char **tzname)
{
	Token		toks[MAXDATEFIELDS];
	int			ntoks = 0,
				r,
				ampm = -1,
				deferred = 0;
	bool		after_t = false,
				julian = false,
				bc = false;
	DecodeState st;

	memset(out, 0, sizeof(*out));
	st.f = &out->f;
	st.fmask = 0;
	st.text_month = false;
	st.year_2digits = false;
	out->f.mon = out->f.mday = 1;
	if ((r = tokenize(str, toks, &ntoks)) != 0)
		return r;
	if (time_only && (r = check_time_only(toks, ntoks)) != 0)
		return r;
	for (int i = 0; i < ntoks; i++)
	{
		char	   *s = toks[i].s;

		/* 'T' applies to the field right after it only */
		if (after_t && toks[i].type != TK_NUMBER && toks[i].type != TK_TIME)
			after_t = false;
		switch (toks[i].type)
		{
			case TK_DATE:
				r = decode_date_or_zone(&st, s, tzname);
				break;
			case TK_TIME:
				if (st.fmask & FM_TIME)
					return DTERR_BAD_FORMAT;
				st.fmask |= FM_TIME;
				r = decode_time(s, &out->f);
				/* the time type reports out-of-range times after syntax */
				if (r == DTERR_FIELD_OVERFLOW && time_only)
				{
					deferred = r;
					r = 0;
				}
				after_t = false;
				break;
			case TK_SIGNED:
				/* decode first: a bad offset is reported before a duplicate */
				r = decode_tz(s, &out->f.tz);
				if (r == 0 && (st.fmask & FM_TZ))
					r = DTERR_BAD_FORMAT;
				st.fmask |= FM_TZ;
				out->f.has_tz = true;
				break;
			case TK_NUMBER:
				if (julian)
				{
					int64_t		jd;
					const char *end;

					julian = false;
					if ((r = parse_uint(s, &end, INT32_MAX, &jd)) != 0)
						return r;
					if (*end || (st.fmask & FM_DATE))
						return DTERR_BAD_FORMAT;
					dt_j2date(jd, &out->f.year, &out->f.mon, &out->f.mday);
					st.fmask |= FM_DATE;
					st.year_2digits = false;
					break;
				}
				r = decode_numeric_token(&st, s, after_t || time_only);
				after_t = false;
				break;
			case TK_STRING:
				r = decode_word(&st, out, s, &after_t, &julian, &ampm, &bc, tzname);
				break;
			default:
				r = DTERR_BAD_FORMAT;
		}
		if (r != 0)
			return r;
	}
	if (julian)
		return DTERR_BAD_FORMAT;
	if (deferred != 0)
		return deferred;
	if (out->special == DTS_EPOCH || out->special == DTS_INFINITY ||
		out->special == DTS_NINFINITY)
		return 0;
	if (out->special == DTS_NOW)
	{
		out->has_date = out->has_time = true;
		return 0;
	}
	if ((r = finish_fields(&st, ampm, bc)) != 0)
		return r;
	if (dt_time_us(out->f.hour, out->f.min, out->f.sec, out->f.fsec) > USECS_PER_DAY)
		return DTERR_FIELD_OVERFLOW;
	out->has_date = (st.fmask & FM_DATE) == FM_DATE;
	out->has_time = (st.fmask & FM_TIME) != 0;
	if (!out->has_date && !out->has_time)
		return DTERR_BAD_FORMAT;
	return 0;
}

void
dt_parse_error(int dterr, const char *str, const char *typname, const char *tzname)
{
	switch (dterr)
	{
		case DTERR_FIELD_OVERFLOW:
			ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					errmsg("date/time field value out of range: \"%s\"", str));
			break;
		case DTERR_MD_FIELD_OVERFLOW:
			ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					errmsg("date/time field value out of range: \"%s\"", str),
					errhint("Perhaps you need a different \"datestyle\" setting."));
			break;
		case DTERR_INTERVAL_OVERFLOW:
			ereport(ERROR, errcode(ERRCODE_INTERVAL_FIELD_OVERFLOW),
					errmsg("interval field value out of range: \"%s\"", str));
			break;
		case DTERR_INTERVAL_RANGE:
			dt_error_interval_range();
			break;
		case DTERR_TZDISP_OVERFLOW:
			ereport(ERROR, errcode(ERRCODE_INVALID_TIME_ZONE_DISPLACEMENT_VALUE),
					errmsg("time zone displacement out of range: \"%s\"", str));
			break;
		case DTERR_BAD_TIMEZONE:
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("time zone \"%s\" not recognized", tzname ? tzname : ""));
			break;
		default:
			ereport(ERROR, errcode(ERRCODE_INVALID_DATETIME_FORMAT),
					errmsg("invalid input syntax for type %s: \"%s\"", typname, str));
			break;
	}
	__builtin_unreachable();
}

/* ---------------------------------------------------------------------
 * Units (interval input, extract, date_trunc)
 * ---------------------------------------------------------------------
 */

typedef struct UnitName
{
	const char *name;
	DtUnit		unit;
} UnitName;

static const UnitName unit_names[] = {
	{"ago", DTU_AGO},
	{"c", DTU_CENTURY}, {"cent", DTU_CENTURY}, {"centuries", DTU_CENTURY}, {"century", DTU_CENTURY},
	{"d", DTU_DAY}, {"day", DTU_DAY}, {"days", DTU_DAY},
	{"dec", DTU_DECADE}, {"decade", DTU_DECADE}, {"decades", DTU_DECADE}, {"decs", DTU_DECADE},
	{"h", DTU_HOUR}, {"hour", DTU_HOUR}, {"hours", DTU_HOUR}, {"hr", DTU_HOUR}, {"hrs", DTU_HOUR},
	{"m", DTU_MINUTE}, {"min", DTU_MINUTE}, {"mins", DTU_MINUTE}, {"minute", DTU_MINUTE},
	{"minutes", DTU_MINUTE},
	{"microsecon", DTU_MICROSEC},
	{"mil", DTU_MILLENNIUM}, {"millennia", DTU_MILLENNIUM}, {"millennium", DTU_MILLENNIUM},
	{"mils", DTU_MILLENNIUM},
	{"millisecon", DTU_MILLISEC},
	{"mon", DTU_MONTH}, {"mons", DTU_MONTH}, {"month", DTU_MONTH}, {"months", DTU_MONTH},
	{"ms", DTU_MILLISEC}, {"msec", DTU_MILLISEC}, {"msecond", DTU_MILLISEC},
	{"mseconds", DTU_MILLISEC}, {"msecs", DTU_MILLISEC},
	{"qtr", DTU_QUARTER}, {"quarter", DTU_QUARTER},
	{"s", DTU_SECOND}, {"sec", DTU_SECOND}, {"second", DTU_SECOND}, {"seconds", DTU_SECOND},
	{"secs", DTU_SECOND},
	{"timezone", DTU_TZ}, {"timezone_h", DTU_TZ_HOUR}, {"timezone_m", DTU_TZ_MINUTE},
	{"us", DTU_MICROSEC}, {"usec", DTU_MICROSEC}, {"usecond", DTU_MICROSEC},
	{"useconds", DTU_MICROSEC}, {"usecs", DTU_MICROSEC},
	{"w", DTU_WEEK}, {"week", DTU_WEEK}, {"weeks", DTU_WEEK},
	{"y", DTU_YEAR}, {"year", DTU_YEAR}, {"years", DTU_YEAR}, {"yr", DTU_YEAR}, {"yrs", DTU_YEAR},
	/* only meaningful for extract() */
	{"epoch", DTU_EPOCH}, {"dow", DTU_DOW}, {"isodow", DTU_ISODOW}, {"doy", DTU_DOY},
	{"isoyear", DTU_ISOYEAR}, {"julian", DTU_JULIAN}, {"j", DTU_JULIAN}, {"jd", DTU_JULIAN},
};

DtUnit
dt_lookup_unit(const char *name)
{
	char		key[TOKMAXLEN + 1];
	size_t		n = strlen(name);

	/* PostgreSQL compares only the first TOKMAXLEN characters */
	if (n > TOKMAXLEN)
		n = TOKMAXLEN;
	memcpy(key, name, n);
	key[n] = '\0';
	for (size_t i = 0; i < lengthof(unit_names); i++)
		if (strcmp(unit_names[i].name, key) == 0)
			return unit_names[i].unit;
	return DTU_UNKNOWN;
}

/* ---------------------------------------------------------------------
 * Intervals
 * ---------------------------------------------------------------------
 */

/* Accumulated interval fields before the final range check. */
typedef struct IntervalAcc
{
	int64_t		usec;
	int64_t		day;
	int64_t		month;
	int64_t		year;
} IntervalAcc;

static int
acc_add(int64_t *dst, int64_t val, int64_t scale, int64_t limit)
{
	int64_t		t;

	if (__builtin_mul_overflow(val, scale, &t) || __builtin_add_overflow(*dst, t, dst) ||
		*dst > limit || *dst < -limit - 1)
		return DTERR_FIELD_OVERFLOW;
	return 0;
}

static int
acc_frac_usec(IntervalAcc *acc, double frac, int64_t scale)
{
	double		v;

	if (frac == 0)
		return 0;
	v = rint(frac * (double) scale);
	if (!(v > -9.2e18 && v < 9.2e18))
		return DTERR_FIELD_OVERFLOW;
	return acc_add(&acc->usec, (int64_t) v, 1, INT64_MAX);
}

static int
acc_frac_days(IntervalAcc *acc, double frac, int scale)
{
	double		d;
	int64_t		whole;
	int			r;

	if (frac == 0)
		return 0;
	d = frac * scale;
	if (!(d > -2.2e9 && d < 2.2e9))
		return DTERR_FIELD_OVERFLOW;
	whole = (int64_t) d;
	if ((r = acc_add(&acc->day, whole, 1, INT32_MAX)) != 0)
		return r;
	return acc_frac_usec(acc, d - (double) whole, USECS_PER_DAY);
}

static int
acc_frac_years(IntervalAcc *acc, double frac, int scale)
{
	double		m;

	if (frac == 0)
		return 0;
	m = rint(frac * scale * MONTHS_PER_YEAR);
	if (!(m > -2.2e9 && m < 2.2e9))
		return DTERR_FIELD_OVERFLOW;
	return acc_add(&acc->month, (int64_t) m, 1, INT32_MAX);
}

/* Add val (+ frac) of a unit to the accumulator. */
static int
acc_unit(IntervalAcc *acc, DtUnit unit, int64_t val, double frac)
{
	int			r;

	switch (unit)
	{
		case DTU_MICROSEC:
			if ((r = acc_add(&acc->usec, val, 1, INT64_MAX)) != 0)
				return r;
			return acc_frac_usec(acc, frac, 1);
		case DTU_MILLISEC:
			if ((r = acc_add(&acc->usec, val, 1000, INT64_MAX)) != 0)
				return r;
			return acc_frac_usec(acc, frac, 1000);
		case DTU_SECOND:
			if ((r = acc_add(&acc->usec, val, USECS_PER_SEC, INT64_MAX)) != 0)
				return r;
			return acc_frac_usec(acc, frac, USECS_PER_SEC);
		case DTU_MINUTE:
			if ((r = acc_add(&acc->usec, val, USECS_PER_MINUTE, INT64_MAX)) != 0)
				return r;
			return acc_frac_usec(acc, frac, USECS_PER_MINUTE);
		case DTU_HOUR:
			if ((r = acc_add(&acc->usec, val, USECS_PER_HOUR, INT64_MAX)) != 0)
				return r;
			return acc_frac_usec(acc, frac, USECS_PER_HOUR);
		case DTU_DAY:
			if ((r = acc_add(&acc->day, val, 1, INT32_MAX)) != 0)
				return r;
			return acc_frac_usec(acc, frac, USECS_PER_DAY);
		case DTU_WEEK:
			if ((r = acc_add(&acc->day, val, 7, INT32_MAX)) != 0)
				return r;
			return acc_frac_days(acc, frac, 7);
		case DTU_MONTH:
			if ((r = acc_add(&acc->month, val, 1, INT32_MAX)) != 0)
				return r;
			return acc_frac_days(acc, frac, DAYS_PER_MONTH);
		case DTU_YEAR:
			if ((r = acc_add(&acc->year, val, 1, INT32_MAX)) != 0)
				return r;
			return acc_frac_years(acc, frac, 1);
		case DTU_DECADE:
			if ((r = acc_add(&acc->year, val, 10, INT32_MAX)) != 0)
				return r;
			return acc_frac_years(acc, frac, 10);
		case DTU_CENTURY:
			if ((r = acc_add(&acc->year, val, 100, INT32_MAX)) != 0)
				return r;
			return acc_frac_years(acc, frac, 100);
		case DTU_MILLENNIUM:
			if ((r = acc_add(&acc->year, val, 1000, INT32_MAX)) != 0)
				return r;
			return acc_frac_years(acc, frac, 1000);
		default:
			return DTERR_BAD_FORMAT;
	}
}

/* Field masks for duplicate detection in interval input. */
static int
unit_mask(DtUnit unit, double frac)
{
	switch (unit)
	{
		case DTU_MICROSEC:
			return 1 << 0;
		case DTU_MILLISEC:
			return 1 << 1;
		case DTU_SECOND:
			return frac == 0 ? 1 << 2 : (1 << 0) | (1 << 1) | (1 << 2);
		case DTU_MINUTE:
			return 1 << 3;
		case DTU_HOUR:
			return 1 << 4;
		case DTU_DAY:
			return 1 << 5;
		case DTU_WEEK:
			return 1 << 6;
		case DTU_MONTH:
			return 1 << 7;
		case DTU_YEAR:
			return 1 << 8;
		case DTU_DECADE:
			return 1 << 9;
		case DTU_CENTURY:
			return 1 << 10;
		case DTU_MILLENNIUM:
			return 1 << 11;
		default:
			return 0;
	}
}

#define IMASK_TIME ((1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4))

/* The unit of a bare number, from the typmod's range (default seconds). */
static DtUnit
default_unit(int range)
{
	if (range == INTERVAL_MASK_YEAR)
		return DTU_YEAR;
	if (range == INTERVAL_MASK_MONTH || range == (INTERVAL_MASK_YEAR | INTERVAL_MASK_MONTH))
		return DTU_MONTH;
	if (range == INTERVAL_MASK_DAY)
		return DTU_DAY;
	if (range == INTERVAL_MASK_HOUR || range == (INTERVAL_MASK_DAY | INTERVAL_MASK_HOUR))
		return DTU_HOUR;
	if (range == INTERVAL_MASK_MINUTE ||
		range == (INTERVAL_MASK_HOUR | INTERVAL_MASK_MINUTE) ||
		range == (INTERVAL_MASK_DAY | INTERVAL_MASK_HOUR | INTERVAL_MASK_MINUTE))
		return DTU_MINUTE;
	return DTU_SECOND;
}

/* [-]H:M[:S[.f]] into the accumulator's microseconds. */
static int
interval_time(IntervalAcc *acc, const char *s, int range)
{
	bool		neg = (*s == '-');
	int64_t		h,
				m,
				sec = 0,
				fsec = 0,
				total;
	const char *cp;
	int			r;

	if (*s == '-' || *s == '+')
		s++;
	if ((r = parse_uint(s, &cp, INT64_MAX / USECS_PER_HOUR, &h)) != 0)
		return r;
	if (*cp != ':')
		return DTERR_BAD_FORMAT;
	if ((r = parse_uint(cp + 1, &cp, 1000000000, &m)) != 0)
		return r;
	if (*cp == '.' || (*cp == '\0' && range == (INTERVAL_MASK_MINUTE | INTERVAL_MASK_SECOND)))
	{
		/* MM:SS[.f] */
		if (*cp == '.' && (r = parse_fraction(cp, &cp, &fsec)) != 0)
			return r;
		sec = m;
		m = h;
		h = 0;
	}
	else if (*cp == ':')
	{
		if ((r = parse_uint(cp + 1, &cp, 1000000000, &sec)) != 0)
			return r;
		if (*cp == '.' && (r = parse_fraction(cp, &cp, &fsec)) != 0)
			return r;
	}
	if (*cp != '\0')
		return DTERR_BAD_FORMAT;
	if (m > 59 || sec > 59)
		return DTERR_FIELD_OVERFLOW;
	if (__builtin_mul_overflow(h, USECS_PER_HOUR, &total) ||
		__builtin_add_overflow(total, dt_time_us(0, (int) m, (int) sec, fsec), &total))
		return DTERR_FIELD_OVERFLOW;
	/* like PostgreSQL, a time field replaces (not adds to) earlier seconds */
	acc->usec = neg ? -total : total;
	return 0;
}

/* A number field: "12", "-1.5", "1-2" (years-months). */
static int
interval_number(IntervalAcc *acc, const char *s, DtUnit *unit, int *tmask)
{
	bool		neg = (*s == '-');
	const char *p = s;
	const char *cp;
	int64_t		val = 0;
	double		frac = 0;
	int			r;

	if (*p == '-' || *p == '+')
		p++;
	if (*p == '.')
		cp = p;
	else if ((r = parse_uint(p, &cp, INT64_MAX, &val)) != 0)
		return r;
	if (*cp == '-')
	{
		int64_t		m;

		/* SQL year-month syntax */
		if ((r = parse_uint(cp + 1, &cp, 1000000000, &m)) != 0)
			return r;
		if (m >= MONTHS_PER_YEAR)
			return DTERR_FIELD_OVERFLOW;
		if (*cp != '\0')
			return DTERR_BAD_FORMAT;
		if (__builtin_mul_overflow(val, MONTHS_PER_YEAR, &val) ||
			__builtin_add_overflow(val, m, &val))
			return DTERR_FIELD_OVERFLOW;
		*unit = DTU_MONTH;
	}
	else if (*cp == '.')
	{
		char		buf[48];
		int			n = 0;

		buf[n++] = '0';
		while (*cp == '.' || isdigit((unsigned char) *cp))
		{
			if (n < (int) sizeof(buf) - 1)
				buf[n++] = *cp;
			if (*cp == '.' && n > 2)
				return DTERR_BAD_FORMAT;
			cp++;
		}
		buf[n] = '\0';
		if (*cp != '\0')
			return DTERR_BAD_FORMAT;
		frac = strtod(buf, NULL);
	}
	else if (*cp != '\0')
		return DTERR_BAD_FORMAT;
	if (neg)
	{
		val = -val;
		frac = -frac;
	}
	*tmask = unit_mask(*unit, frac);
	r = acc_unit(acc, *unit, val, frac);
	if (*unit == DTU_HOUR)
		*unit = DTU_DAY;		/* "1 2:00" style: the next number is days */
	return r;
}

/* ISO 8601 "P1Y2M3DT4H5M6S" (also with fractions and negative parts). */
static int
interval_iso8601(const char *str, IntervalAcc *acc)
{
	const char *cp = str + 1;
	bool		in_time = false;
	int			r;

	if (*cp == '\0')
		return DTERR_BAD_FORMAT;
	while (*cp)
	{
		int64_t		val = 0;
		double		frac = 0;
		bool		neg = false;
		DtUnit		unit;
		const char *numstart;

		if (*cp == 'T' || *cp == 't')
		{
			if (in_time)
				return DTERR_BAD_FORMAT;
			in_time = true;
			cp++;
			continue;
		}
		if (*cp == '-' || *cp == '+')
			neg = (*cp++ == '-');
		numstart = cp;
		if (isdigit((unsigned char) *cp) && (r = parse_uint(cp, &cp, INT64_MAX, &val)) != 0)
			return r;
		if (*cp == '.')
		{
			char		buf[48];
			int			n = 0;

			buf[n++] = '0';
			buf[n++] = *cp++;
			while (isdigit((unsigned char) *cp))
			{
				if (n < (int) sizeof(buf) - 1)
					buf[n++] = *cp;
				cp++;
			}
			buf[n] = '\0';
			frac = strtod(buf, NULL);
		}
		if (cp == numstart)
			return DTERR_BAD_FORMAT;
		if (*cp == '-' && !in_time && frac == 0)
		{
			/* alternative format P0001-02-03T04:05:06 */
			int64_t		m,
						d;

			if ((r = parse_uint(cp + 1, &cp, 11, &m)) != 0 || *cp != '-' ||
				(r = parse_uint(cp + 1, &cp, 30, &d)) != 0)
				return r ? r : DTERR_BAD_FORMAT;
			if ((r = acc_unit(acc, DTU_YEAR, val, 0)) != 0 ||
				(r = acc_unit(acc, DTU_MONTH, m, 0)) != 0 ||
				(r = acc_unit(acc, DTU_DAY, d, 0)) != 0)
				return r;
			if (*cp == 'T' || *cp == 't')
				return *(cp + 1) ? interval_time(acc, cp + 1, INTERVAL_FULL_RANGE) : DTERR_BAD_FORMAT;
			return *cp == '\0' ? 0 : DTERR_BAD_FORMAT;
		}
		switch (toupper((unsigned char) *cp))
		{
			case 'Y':
				unit = DTU_YEAR;
				break;
			case 'M':
				unit = in_time ? DTU_MINUTE : DTU_MONTH;
				break;
			case 'W':
				unit = DTU_WEEK;
				break;
			case 'D':
				unit = DTU_DAY;
				break;
			case 'H':
				unit = DTU_HOUR;
				break;
			case 'S':
				unit = DTU_SECOND;
				break;
			default:
				return DTERR_BAD_FORMAT;
		}
		if (in_time != (unit == DTU_HOUR || unit == DTU_MINUTE || unit == DTU_SECOND))
			return DTERR_BAD_FORMAT;
		cp++;
		if ((r = acc_unit(acc, unit, neg ? -val : val, neg ? -frac : frac)) != 0)
			return r;
	}
	return 0;
}

/* Apply an interval typmod's field range (and precision) to a value. */
static void
interval_apply_range(Interval *iv, int range)
{
	if (range == INTERVAL_FULL_RANGE)
		return;
	if (range == INTERVAL_MASK_YEAR)
	{
		iv->month = (iv->month / MONTHS_PER_YEAR) * MONTHS_PER_YEAR;
		iv->day = 0;
		iv->time = 0;
	}
	else if (range == INTERVAL_MASK_MONTH || range == (INTERVAL_MASK_YEAR | INTERVAL_MASK_MONTH))
	{
		iv->day = 0;
		iv->time = 0;
	}
	else if (range == INTERVAL_MASK_DAY)
		iv->time = 0;
	else if (range == INTERVAL_MASK_HOUR || range == (INTERVAL_MASK_DAY | INTERVAL_MASK_HOUR))
		iv->time = (iv->time / USECS_PER_HOUR) * USECS_PER_HOUR;
	else if (range == INTERVAL_MASK_MINUTE ||
			 range == (INTERVAL_MASK_HOUR | INTERVAL_MASK_MINUTE) ||
			 range == (INTERVAL_MASK_DAY | INTERVAL_MASK_HOUR | INTERVAL_MASK_MINUTE))
		iv->time = (iv->time / USECS_PER_MINUTE) * USECS_PER_MINUTE;
}

int
dt_parse_interval(const char *str, int range, Interval *out)
{
	Token		toks[MAXDATEFIELDS];
	int			ntoks = 0,
				fmask = 0,
				r;
	IntervalAcc acc = {0, 0, 0, 0};
	DtUnit		unit = DTU_UNKNOWN;
	bool		ago = false;
	const char *p = str;
	int64_t		months;

	while (isspace((unsigned char) *p))
		p++;
	if (*p == 'P')
	{
		char	   *trimmed = pstrdup(p);
		size_t		n = strlen(trimmed);

		while (n > 0 && isspace((unsigned char) trimmed[n - 1]))
			trimmed[--n] = '\0';
		if ((r = interval_iso8601(trimmed, &acc)) != 0)
			return r;
		fmask = 1;
	}
	else
	{
		if ((r = tokenize(str, toks, &ntoks)) != 0)
			return r;
		/* right to left: a unit word gives the unit of the number before it */
		for (int i = ntoks - 1; i >= 0; i--)
		{
			char	   *s = toks[i].s;
			int			tmask = 0;

			switch (toks[i].type)
			{
				case TK_TIME:
					if ((r = interval_time(&acc, s, range)) != 0)
						return r;
					tmask = IMASK_TIME;
					unit = DTU_DAY;
					break;
				case TK_SIGNED:
					if (strchr(s, ':') != NULL)
					{
						if ((r = interval_time(&acc, s, range)) != 0)
							return r;
						tmask = IMASK_TIME;
						unit = DTU_DAY;
						break;
					}
					/* FALLTHROUGH */
				case TK_NUMBER:
				case TK_DATE:
					if (unit == DTU_UNKNOWN)
						unit = default_unit(range);
					if ((r = interval_number(&acc, s, &unit, &tmask)) != 0)
						return r;
					break;
				case TK_STRING:
					{
						DtUnit		u = dt_lookup_unit(s);

						if (u == DTU_AGO)
							ago = true;
						else if (u >= DTU_MICROSEC && u <= DTU_MILLENNIUM && u != DTU_QUARTER)
							unit = u;
						else
							return DTERR_BAD_FORMAT;
						break;
					}
			}
			if (tmask & fmask)
				return DTERR_BAD_FORMAT;
			fmask |= tmask;
		}
	}
	if (fmask == 0)
		return DTERR_BAD_FORMAT;
	if (ago)
	{
		acc.usec = -acc.usec;
		acc.day = -acc.day;
		acc.month = -acc.month;
		acc.year = -acc.year;
	}
	/* fold into the 16-byte form; years*12 + months must fit int32 */
	months = acc.year * MONTHS_PER_YEAR + acc.month;
	if (months > INT32_MAX || months < INT32_MIN || acc.day > INT32_MAX || acc.day < INT32_MIN)
		return DTERR_INTERVAL_RANGE;
	out->time = acc.usec;
	out->day = (int32_t) acc.day;
	out->month = (int32_t) months;
	interval_apply_range(out, range);
	return 0;
}
