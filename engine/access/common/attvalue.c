/*-------------------------------------------------------------------------
 * attvalue.c
 *	  The column-value codec shared by heap and index tuples (see
 *	  attvalue.h for the layout rules and invariants).
 *
 * Everything copies through memcpy: tuple bytes come from pages and
 * palloc'd copies whose alignment is only guaranteed by the layout rules,
 * and a corrupt tuple must not turn into an unaligned load.
 *-------------------------------------------------------------------------
 */
#include "access/common/attvalue.h"

#include "sql/types/datum.h"
#include "utils/elog.h"

void
att_check_storage(int16_t attlen, bool attbyval, int attnum)
{
	if (attbyval)
	{
		if (attlen != 1 && attlen != 2 && attlen != 4 && attlen != 8)
			elog(ERROR, "unsupported by-value attribute length %d for column %d",
				 attlen, attnum);
	}
	else if (attlen == 0 || attlen < -2)
		elog(ERROR, "invalid attribute length %d for column %d", attlen, attnum);
}

size_t
att_align(char attalign, size_t off)
{
	switch (attalign)
	{
		case 'c':
			return off;
		case 's':
			return TYPEALIGN(2, off);
		case 'i':
			return TYPEALIGN(4, off);
		case 'd':
			return TYPEALIGN(8, off);
		default:
			break;
	}
	elog(ERROR, "invalid attalign code '%c'", attalign);
	return off;					/* not reached */
}

size_t
att_value_size(int16_t attlen, Datum value)
{
	if (attlen > 0)
		return (size_t) attlen;
	if (attlen == -1)
	{
		int32_t		len = VARSIZE(DatumGetPointer(value));

		if (len < VARHDRSZ)
			elog(ERROR, "invalid varlena length %d", len);
		return (size_t) len;
	}
	return strlen(DatumGetCString(value)) + 1;
}

void
att_store_value(char *dst, int16_t attlen, bool attbyval, Datum value, size_t size)
{
	if (!attbyval)
	{
		memcpy(dst, DatumGetPointer(value), size);
		return;
	}
	switch (attlen)
	{
		case 1:
			{
				uint8_t		v = (uint8_t) value;

				memcpy(dst, &v, 1);
				return;
			}
		case 2:
			{
				uint16_t	v = (uint16_t) value;

				memcpy(dst, &v, 2);
				return;
			}
		case 4:
			{
				uint32_t	v = (uint32_t) value;

				memcpy(dst, &v, 4);
				return;
			}
		case 8:
			{
				uint64_t	v = (uint64_t) value;

				memcpy(dst, &v, 8);
				return;
			}
		default:
			elog(ERROR, "unsupported by-value attribute length %d", attlen);
	}
}

/* A by-value Datum of attlen bytes at src, zero-extended; false for an
 * impossible length. */
static bool
fetch_byval(const char *src, int16_t attlen, Datum *out)
{
	switch (attlen)
	{
		case 1:
			{
				uint8_t		v;

				memcpy(&v, src, 1);
				*out = (Datum) v;
				return true;
			}
		case 2:
			{
				uint16_t	v;

				memcpy(&v, src, 2);
				*out = (Datum) v;
				return true;
			}
		case 4:
			{
				uint32_t	v;

				memcpy(&v, src, 4);
				*out = (Datum) v;
				return true;
			}
		case 8:
			{
				uint64_t	v;

				memcpy(&v, src, 8);
				*out = (Datum) v;
				return true;
			}
		default:
			return false;
	}
}

/* Length of the stored value at base[pos .. end), 0 if malformed. */
static size_t
stored_length(const char *base, size_t pos, size_t end, int16_t attlen)
{
	if (attlen > 0)
		return (size_t) attlen;
	if (attlen == -1)
	{
		if (end - pos < (size_t) VARHDRSZ)
			return 0;
		int32_t		len = VARSIZE(base + pos);

		return len < VARHDRSZ ? 0 : (size_t) len;
	}
	if (attlen != -2)
		return 0;

	const char *nul = memchr(base + pos, '\0', end - pos);

	return nul == NULL ? 0 : (size_t) (nul - (base + pos)) + 1;
}

bool
att_fetch_value(const char *base, size_t *off, size_t end, int16_t attlen,
				bool attbyval, char attalign, Datum *out)
{
	size_t		pos = att_align(attalign, *off);

	if (pos > end)
		return false;

	size_t		len = stored_length(base, pos, end, attlen);

	if (len == 0 || len > end - pos)
		return false;
	if (attbyval)
	{
		if (!fetch_byval(base + pos, attlen, out))
			return false;
	}
	else
		*out = PointerGetDatum(base + pos);
	*off = pos + len;
	return true;
}
