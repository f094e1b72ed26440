/*-------------------------------------------------------------------------
 * test_heaptuple.c
 *	  Unit tests for access/heap/heaptuple.c: forming and deforming tuples.
 *
 * What:
 *	- the byte layout documented in heaptuple.h: header size, t_hoff with
 *	  and without a null bitmap (and the bitmap growing past 5 bytes),
 *	  bitmap bit order, alignment padding of each attalign, where each
 *	  by-value width lands, t_len;
 *	- round trips through heap_form_tuple / heap_deform_tuple /
 *	  heap_getattr for every storage class (by-value 1/2/4/8 bytes,
 *	  fixed-length by reference, varlena with each alignment, cstring),
 *	  with and without NULLs, including a seeded random mix of columns;
 *	- a tuple with fewer attributes than its descriptor (column added
 *	  later) reads the missing columns as NULL;
 *	- ERROR 54000 "row is too big" at the exact boundary (size reported
 *	  MAXALIGNed, as PostgreSQL does), and 54011 for too many columns;
 *	- corrupt tuple data (a length word pointing past the tuple, a cstring
 *	  without NUL, a bad t_hoff) raises XX001 instead of reading outside;
 *	- heap_copytuple makes an independent copy.
 * How: descriptors are filled by hand (attlen/attbyval/attalign), so the
 * test does not depend on the type catalog; expected layouts are computed
 * here from the format definition, not by the code under test.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include <stdlib.h>

#include "access/heap/heapam.h"
#include "access/heap/heaptuple.h"
#include "sql/types/datum.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/test_elog.h"

/* A descriptor column with the given storage properties. */
static void
set_att(TupleDesc d, int i, int16_t attlen, bool byval, char align)
{
	Attribute  *a = tupdesc_attr(d, i);

	snprintf(a->attname, sizeof(a->attname), "c%d", i + 1);
	a->attlen = attlen;
	a->attbyval = byval;
	a->attalign = align;
	a->attnum = (int16_t) (i + 1);
}

static text *
make_text(const char *s)
{
	size_t		len = strlen(s);
	text	   *t = palloc(len + VARHDRSZ);

	SET_VARSIZE(t, (int32_t) (len + VARHDRSZ));
	memcpy(VARDATA(t), s, len);
	return t;
}

static char *
data_of(HeapTuple tup)
{
	return (char *) tup->t_data + tup->t_data->t_hoff;
}

/* ---- layout ---- */

static void
test_layout_no_nulls(void **state)
{
	/* char (c), int8 (d), int2 (s), int4 (i) */
	TupleDesc	d = tupdesc_create(4);

	set_att(d, 0, 1, true, 'c');
	set_att(d, 1, 8, true, 'd');
	set_att(d, 2, 2, true, 's');
	set_att(d, 3, 4, true, 'i');
	Datum		v[4] = {CharGetDatum('x'), Int64GetDatum(INT64_C(-2)),
		Int16GetDatum(-3), Int32GetDatum(0x01020304)};
	bool		n[4] = {false, false, false, false};
	HeapTuple	tup = heap_form_tuple(d, v, n);

	assert_int_equal(SizeofHeapTupleHeader, 27);
	assert_int_equal(tup->t_data->t_hoff, 32);
	/* 1 byte at 0, int8 at 8, int2 at 16, int4 at 20: 24 data bytes. */
	assert_int_equal(tup->t_len, 32 + 24);
	assert_int_equal(heap_hdr_natts(tup->t_data), 4);
	assert_false(tup->t_data->t_infomask & HEAP_HASNULL);

	char	   *p = data_of(tup);
	int64_t		i8;
	int16_t		i2;
	int32_t		i4;

	assert_int_equal(p[0], 'x');
	memcpy(&i8, p + 8, 8);
	memcpy(&i2, p + 16, 2);
	memcpy(&i4, p + 20, 4);
	assert_true(i8 == -2);
	assert_int_equal(i2, -3);
	assert_int_equal(i4, 0x01020304);
	/* padding is zero */
	for (int i = 1; i < 8; i++)
		assert_int_equal(p[i], 0);
}

static void
test_layout_null_bitmap(void **state)
{
	TupleDesc	d = tupdesc_create(10);
	Datum		v[10];
	bool		n[10];

	for (int i = 0; i < 10; i++)
	{
		set_att(d, i, 4, true, 'i');
		v[i] = Int32GetDatum(i * 100);
		n[i] = (i == 1 || i == 8);
	}
	HeapTuple	tup = heap_form_tuple(d, v, n);

	assert_true(tup->t_data->t_infomask & HEAP_HASNULL);
	/* 27 + 2 bitmap bytes -> 32 */
	assert_int_equal(tup->t_data->t_hoff, 32);
	/* bit set = not null: byte 0 = all but bit 1; byte 1 = bit 1 (att 10) only */
	assert_int_equal(tup->t_data->t_bits[0], 0xFF & ~0x02);
	assert_int_equal(tup->t_data->t_bits[1], 0x02);
	/* 8 non-null int4s, no padding */
	assert_int_equal(tup->t_len, 32 + 8 * 4);
	int32_t		third;

	memcpy(&third, data_of(tup) + 4, 4);	/* att 3 follows att 1 directly */
	assert_int_equal(third, 200);

	/* 41 columns with a NULL: 6 bitmap bytes, 27 + 6 = 33 -> t_hoff 40 */
	TupleDesc	d41 = tupdesc_create(41);
	Datum		v41[41] = {0};
	bool		n41[41] = {false};

	for (int i = 0; i < 41; i++)
		set_att(d41, i, 1, true, 'c');
	n41[40] = true;
	assert_int_equal(heap_form_tuple(d41, v41, n41)->t_data->t_hoff, 40);
	/* 40 columns with a NULL: 5 bitmap bytes, 32 */
	d41->natts = 40;
	n41[39] = true;
	assert_int_equal(heap_form_tuple(d41, v41, n41)->t_data->t_hoff, 32);
}

static void
test_layout_varlena_alignment(void **state)
{
	/* char, text aligned 'i', char, text aligned 'd', cstring, text 'c' */
	TupleDesc	d = tupdesc_create(6);

	set_att(d, 0, 1, true, 'c');
	set_att(d, 1, -1, false, 'i');
	set_att(d, 2, 1, true, 'c');
	set_att(d, 3, -1, false, 'd');
	set_att(d, 4, -2, false, 'c');
	set_att(d, 5, -1, false, 'c');
	Datum		v[6] = {CharGetDatum('a'), PointerGetDatum(make_text("hello")),
		CharGetDatum('b'), PointerGetDatum(make_text("xy")),
		CStringGetDatum("cs"), PointerGetDatum(make_text("z"))};
	bool		n[6] = {false};
	HeapTuple	tup = heap_form_tuple(d, v, n);
	char	   *p = data_of(tup);

	/*
	 * 'a' at 0; text at 4 (9 bytes, to 13); 'b' at 13; text at 16 (6
	 * bytes, to 22); "cs\0" at 22 (to 25); text at 25 (5 bytes, to 30).
	 */
	assert_int_equal(p[0], 'a');
	assert_int_equal(VARSIZE(p + 4), 9);
	assert_memory_equal(p + 8, "hello", 5);
	assert_int_equal(p[13], 'b');
	assert_int_equal(VARSIZE(p + 16), 6);
	assert_string_equal(p + 22, "cs");
	assert_int_equal(VARSIZE(p + 25), 5);
	assert_int_equal(p[29], 'z');
	assert_int_equal(tup->t_len, 32 + 30);
	assert_true(tup->t_data->t_infomask & HEAP_HASVARWIDTH);
}

/* ---- round trips ---- */

typedef struct ColSpec
{
	int16_t		attlen;
	bool		byval;
	char		align;
} ColSpec;

static const ColSpec all_specs[] = {
	{1, true, 'c'}, {2, true, 's'}, {4, true, 'i'}, {8, true, 'd'},
	{4, true, 'c'}, {8, true, 'i'},		/* by value, looser alignment */
	{16, false, 'd'}, {64, false, 'c'}, {6, false, 's'}, {12, false, 'i'},
	{-1, false, 'i'}, {-1, false, 'd'}, {-1, false, 'c'}, {-1, false, 's'},
	{-2, false, 'c'},
};

/* A deterministic value for column spec s and seed k. */
static Datum
make_value(const ColSpec *s, unsigned k)
{
	if (s->byval)
	{
		uint64_t	x = UINT64_C(0x8877665544332211) * (k + 1) + k;

		switch (s->attlen)
		{
			case 1:
				return CharGetDatum((char) x);
			case 2:
				return Int16GetDatum((int16_t) x);
			case 4:
				return Int32GetDatum((int32_t) x);
			default:
				return Int64GetDatum((int64_t) x);
		}
	}
	if (s->attlen > 0)
	{
		char	   *b = palloc((size_t) s->attlen);

		for (int i = 0; i < s->attlen; i++)
			b[i] = (char) (k * 7 + (unsigned) i * 13 + 1);
		return PointerGetDatum(b);
	}
	size_t		len = k % 37;
	char	   *str = palloc(len + 1);

	for (size_t i = 0; i < len; i++)
		str[i] = (char) ('a' + (k + i) % 26);
	str[len] = '\0';
	if (s->attlen == -2)
		return CStringGetDatum(str);
	return PointerGetDatum(make_text(str));
}

static void
assert_value_equal(const ColSpec *s, Datum expect, Datum got)
{
	if (s->byval)
		assert_true(expect == got);
	else if (s->attlen > 0)
		assert_memory_equal(DatumGetPointer(expect), DatumGetPointer(got), (size_t) s->attlen);
	else if (s->attlen == -1)
	{
		assert_int_equal(VARSIZE(DatumGetPointer(got)), VARSIZE(DatumGetPointer(expect)));
		assert_memory_equal(DatumGetPointer(expect), DatumGetPointer(got),
							(size_t) VARSIZE(DatumGetPointer(expect)));
	}
	else
		assert_string_equal(DatumGetCString(expect), DatumGetCString(got));
}

/* Form, deform and getattr one row; compare every column. */
static void
round_trip(TupleDesc d, const ColSpec *specs, const Datum *v, const bool *n)
{
	HeapTuple	tup = heap_form_tuple(d, v, n);
	Datum	   *out = palloc(sizeof(Datum) * (size_t) d->natts);
	bool	   *outnull = palloc(sizeof(bool) * (size_t) d->natts);

	heap_deform_tuple(tup, d, out, outnull);
	for (int i = 0; i < d->natts; i++)
	{
		bool		isnull;
		Datum		g = heap_getattr(tup, i + 1, d, &isnull);

		assert_int_equal(outnull[i], n[i]);
		assert_int_equal(isnull, n[i]);
		if (!n[i])
		{
			assert_value_equal(&specs[i], v[i], out[i]);
			assert_value_equal(&specs[i], v[i], g);
		}
	}
	/* Byte-identical after a copy, and the copy is independent. */
	HeapTuple	copy = heap_copytuple(tup);

	assert_int_equal(copy->t_len, tup->t_len);
	assert_memory_equal(copy->t_data, tup->t_data, tup->t_len);
	assert_ptr_not_equal(copy->t_data, tup->t_data);
	heap_freetuple(tup);
	heap_deform_tuple(copy, d, out, outnull);
	for (int i = 0; i < d->natts; i++)
		if (!n[i])
			assert_value_equal(&specs[i], v[i], out[i]);
	heap_freetuple(copy);
}

static void
test_round_trip_each_class(void **state)
{
	int			nspec = (int) lengthof(all_specs);

	/* Each class after each other class (alignment from every offset), with
	 * and without a NULL in front. */
	for (int a = 0; a < nspec; a++)
		for (int b = 0; b < nspec; b++)
			for (int nullfirst = 0; nullfirst < 2; nullfirst++)
			{
				ColSpec		specs[3] = {all_specs[a], all_specs[b], all_specs[a]};
				TupleDesc	d = tupdesc_create(3);
				Datum		v[3];
				bool		n[3] = {nullfirst != 0, false, false};

				for (int i = 0; i < 3; i++)
				{
					set_att(d, i, specs[i].attlen, specs[i].byval, specs[i].align);
					v[i] = make_value(&specs[i], (unsigned) (a * 31 + b * 7 + i));
				}
				round_trip(d, specs, v, n);
			}
}

static void
test_round_trip_random(void **state)
{
	srandom(12345);
	for (int iter = 0; iter < 500; iter++)
	{
		int			natts = 1 + (int) (random() % 60);
		TupleDesc	d = tupdesc_create(natts);
		ColSpec    *specs = palloc(sizeof(ColSpec) * (size_t) natts);
		Datum	   *v = palloc(sizeof(Datum) * (size_t) natts);
		bool	   *n = palloc(sizeof(bool) * (size_t) natts);

		for (int i = 0; i < natts; i++)
		{
			specs[i] = all_specs[random() % lengthof(all_specs)];
			set_att(d, i, specs[i].attlen, specs[i].byval, specs[i].align);
			n[i] = random() % 4 == 0;
			v[i] = n[i] ? 0 : make_value(&specs[i], (unsigned) random());
		}
		round_trip(d, specs, v, n);
	}
}

static void
test_all_null_and_zero_columns(void **state)
{
	TupleDesc	d = tupdesc_create(3);
	Datum		v[3] = {0};
	bool		n[3] = {true, true, true};

	for (int i = 0; i < 3; i++)
		set_att(d, i, -1, false, 'i');
	HeapTuple	tup = heap_form_tuple(d, v, n);

	assert_int_equal(tup->t_len, 32);
	assert_int_equal(tup->t_data->t_bits[0], 0);
	round_trip(d, (ColSpec[]) {{-1, false, 'i'}, {-1, false, 'i'}, {-1, false, 'i'}}, v, n);

	TupleDesc	d0 = tupdesc_create(0);
	HeapTuple	t0 = heap_form_tuple(d0, NULL, NULL);

	assert_int_equal(t0->t_len, 32);
	assert_int_equal(heap_hdr_natts(t0->t_data), 0);
}

/* ---- a column added later ---- */

static void
test_fewer_attributes_than_descriptor(void **state)
{
	TupleDesc	d2 = tupdesc_create(2);
	TupleDesc	d4 = tupdesc_create(4);

	for (int i = 0; i < 4; i++)
	{
		if (i < 2)
			set_att(d2, i, 4, true, 'i');
		set_att(d4, i, 4, true, 'i');
	}
	set_att(d4, 3, -1, false, 'i');
	Datum		v[2] = {Int32GetDatum(7), Int32GetDatum(-8)};
	bool		n[2] = {false, false};
	HeapTuple	tup = heap_form_tuple(d2, v, n);
	Datum		out[4] = {99, 99, 99, 99};
	bool		outnull[4] = {false, false, false, false};

	heap_deform_tuple(tup, d4, out, outnull);
	assert_int_equal(DatumGetInt32(out[0]), 7);
	assert_int_equal(DatumGetInt32(out[1]), -8);
	assert_false(outnull[0]);
	assert_false(outnull[1]);
	assert_true(outnull[2]);
	assert_true(outnull[3]);

	bool		isnull = false;

	(void) heap_getattr(tup, 4, d4, &isnull);
	assert_true(isnull);
	assert_int_equal(DatumGetInt32(heap_getattr(tup, 2, d4, &isnull)), -8);
	assert_false(isnull);
	EXPECT_ERROR(heap_getattr(tup, 5, d4, &isnull), "XX000", "invalid attribute number 5");
	EXPECT_ERROR(heap_getattr(tup, 0, d4, &isnull), "XX000", "invalid attribute number 0");
}

/* ---- limits ---- */

static HeapTuple
text_row(TupleDesc d, size_t datalen)
{
	char	   *s = palloc(datalen + 1);

	memset(s, 'q', datalen);
	s[datalen] = '\0';
	Datum		v[1] = {PointerGetDatum(make_text(s))};
	bool		n[1] = {false};

	return heap_form_tuple(d, v, n);
}

static void
test_row_too_big(void **state)
{
	TupleDesc	d = tupdesc_create(1);

	set_att(d, 0, -1, false, 'i');
	/* 32 header + 4 + 8124 = 8160: exactly the maximum */
	assert_int_equal(text_row(d, 8124)->t_len, 8160);
	/* one more byte: 8161, reported MAXALIGNed */
	EXPECT_ERROR(text_row(d, 8125), "54000", "row is too big: size 8168, maximum size 8160");
	/* far too big */
	EXPECT_ERROR(text_row(d, 100000), "54000", "row is too big: size 100040, maximum size 8160");

	TupleDesc	wide = tupdesc_create(1600);

	wide->natts = 1601;			/* bypass tupdesc_create's own check */
	EXPECT_ERROR(heap_form_tuple(wide, NULL, NULL), "54011",
				 "number of columns (1601) exceeds limit (1600)");
}

/* ---- corrupt data ---- */

static void
test_corrupt_tuple_data(void **state)
{
	TupleDesc	d = tupdesc_create(2);

	set_att(d, 0, 4, true, 'i');
	set_att(d, 1, -1, false, 'i');
	Datum		v[2] = {Int32GetDatum(1), PointerGetDatum(make_text("abcdef"))};
	bool		n[2] = {false, false};
	Datum		out[2];
	bool		outnull[2];
	bool		isnull;
	HeapTuple	tup = heap_form_tuple(d, v, n);

	/* The varlena at data offset 4 claims 1000 bytes. */
	SET_VARSIZE(data_of(tup) + 4, 1000);
	EXPECT_ERROR(heap_deform_tuple(tup, d, out, outnull), "XX001", "invalid tuple data");
	EXPECT_ERROR(heap_getattr(tup, 2, d, &isnull), "XX001", "invalid tuple data");
	/* ... or less than its own header. */
	SET_VARSIZE(data_of(tup) + 4, 2);
	EXPECT_ERROR(heap_deform_tuple(tup, d, out, outnull), "XX001", "invalid tuple data");
	/* The first column is still readable. */
	assert_int_equal(DatumGetInt32(heap_getattr(tup, 1, d, &isnull)), 1);

	/* t_hoff past the end */
	tup = heap_form_tuple(d, v, n);
	tup->t_data->t_hoff = 200;
	EXPECT_ERROR(heap_deform_tuple(tup, d, out, outnull), "XX001", "invalid tuple data");

	/* A cstring without its NUL (the tuple is cut short). */
	TupleDesc	dc = tupdesc_create(1);

	set_att(dc, 0, -2, false, 'c');
	Datum		cv[1] = {CStringGetDatum("abc")};

	tup = heap_form_tuple(dc, cv, n);
	tup->t_len -= 1;
	EXPECT_ERROR(heap_deform_tuple(tup, dc, out, outnull), "XX001", "invalid tuple data");
	/* A fixed-length column cut short. */
	tup = heap_form_tuple(d, v, n);
	tup->t_len = 32 + 2;
	EXPECT_ERROR(heap_getattr(tup, 1, d, &isnull), "XX001", "invalid tuple data");
}

int
main(void)
{
	memctx_init();
	guc_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_no_nulls),
		cmocka_unit_test(test_layout_null_bitmap),
		cmocka_unit_test(test_layout_varlena_alignment),
		cmocka_unit_test(test_round_trip_each_class),
		cmocka_unit_test(test_round_trip_random),
		cmocka_unit_test(test_all_null_and_zero_columns),
		cmocka_unit_test(test_fewer_attributes_than_descriptor),
		cmocka_unit_test(test_row_too_big),
		cmocka_unit_test(test_corrupt_tuple_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
