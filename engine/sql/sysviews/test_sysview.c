/*-------------------------------------------------------------------------
 * test_sysview.c
 *	  Unit tests for sql/sysviews: the registry's name rules, the row
 *	  buffer (growth, NULL defaults, text/name/timestamptz encodings), and
 *	  the two views that need no shared memory (pg_settings,
 *	  pg_backend_memory_contexts) filled in this process.
 *
 * How: views are materialized into a fresh context and their rows read
 * back with sysview_row(); expected values come from the GUC table and
 * the context tree the test builds itself.
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common/minipg.h"
#include "sql/sysviews/sysview.h"
#include "sql/types/datetime.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

static MemoryContext test_ctx;

static int
setup(void **state)
{
	(void) state;
	test_ctx = memctx_create(TopMemoryContext, "test_sysview");
	memctx_switch_to(test_ctx);
	return 0;
}

static int
teardown(void **state)
{
	(void) state;
	memctx_switch_to(TopMemoryContext);
	memctx_delete(test_ctx);
	return 0;
}

static int
column_of(const SysView *v, const char *name)
{
	for (int i = 0; i < v->ncolumns; i++)
		if (strcmp(v->columns[i].name, name) == 0)
			return i;
	fail_msg("view %s has no column %s", v->name, name);
	return -1;
}

static const char *
text_at(const SysView *v, const Datum *values, const bool *nulls, const char *col)
{
	int			i = column_of(v, col);

	if (nulls[i])
		return NULL;
	return TextDatumGetCString(values[i]);
}

static void
test_lookup_rules(void **state)
{
	const char *names[] = {"pg_stat_activity", "pg_locks", "pg_settings", "pg_buffercache",
	"pg_backend_memory_contexts"};

	(void) state;
	for (size_t i = 0; i < lengthof(names); i++)
	{
		const SysView *v = sysview_lookup(NULL, names[i]);

		assert_non_null(v);
		assert_string_equal(v->name, names[i]);
		assert_ptr_equal(sysview_lookup("pg_catalog", names[i]), v);
		assert_null(sysview_lookup("public", names[i]));	/* only pg_catalog */
		assert_ptr_equal(sysview_by_id(sysview_id(v)), v);
	}
	assert_null(sysview_lookup(NULL, "pg_stat_nothing"));
	assert_null(sysview_lookup(NULL, "PG_LOCKS"));	/* names are case-sensitive here */
}

static void
test_columns_unique(void **state)
{
	(void) state;
	assert_true(sysview_count() >= 5);
	for (int id = 0; id < sysview_count(); id++)
	{
		const SysView *v = sysview_by_id(id);

		assert_int_equal(sysview_id(v), id);
		assert_ptr_equal(sysview_lookup(NULL, v->name), v);
		assert_true(v->ncolumns > 0);
		for (int i = 0; i < v->ncolumns; i++)
			for (int j = i + 1; j < v->ncolumns; j++)
				assert_string_not_equal(v->columns[i].name, v->columns[j].name);
	}
}

/* A test-only view exercising every setter, with enough rows to grow. */
static const SysViewColumn probe_columns[] = {
	{"t", TEXTOID}, {"n", NAMEOID}, {"i4", INT4OID}, {"i8", INT8OID}, {"b", BOOLOID},
	{"f8", FLOAT8OID}, {"ts", TIMESTAMPTZOID}, {"o", OIDOID},
};

#define PROBE_ROWS 200

static void
fill_probe(SysViewRows *rows)
{
	for (int r = 0; r < PROBE_ROWS; r++)
	{
		char		buf[32];

		sysview_begin_row(rows);
		if (r % 2 == 0)
			continue;			/* even rows: all NULL */
		snprintf(buf, sizeof(buf), "row %d", r);
		sysview_set_text(rows, 0, buf);		/* a stack buffer: must be copied */
		sysview_set_text(rows, 1, "a_name");
		sysview_set_int4(rows, 2, -r);
		sysview_set_int8(rows, 3, (int64_t) r << 40);
		sysview_set_bool(rows, 4, r % 3 == 0);
		sysview_set_float8(rows, 5, r / 4.0);
		sysview_set_timestamptz_unix_us(rows, 6, r == 1 ? 0 : 946684800000000LL + r);
		sysview_set_oid(rows, 7, (Oid) r);
	}
}

static const SysView probe_view = {"probe", probe_columns, lengthof(probe_columns), fill_probe};

static void
test_row_buffer(void **state)
{
	MemoryContext cxt = memctx_create(test_ctx, "rows");
	SysViewRows *rows = sysview_materialize(&probe_view, cxt);

	(void) state;
	assert_int_equal(sysview_row_count(rows), PROBE_ROWS);
	for (int r = 0; r < PROBE_ROWS; r++)
	{
		const Datum *v;
		const bool *nulls;
		char		want[32];

		sysview_row(rows, r, &v, &nulls);
		if (r % 2 == 0)
		{
			for (int c = 0; c < (int) lengthof(probe_columns); c++)
				assert_true(nulls[c]);
			continue;
		}
		snprintf(want, sizeof(want), "row %d", r);
		assert_string_equal(TextDatumGetCString(v[0]), want);
		/* name: NAMEDATALEN bytes, zero-padded */
		assert_string_equal((const char *) DatumGetPointer(v[1]), "a_name");
		assert_int_equal(((const char *) DatumGetPointer(v[1]))[NAMEDATALEN - 1], 0);
		assert_int_equal(DatumGetInt32(v[2]), -r);
		assert_int_equal(DatumGetInt64(v[3]), (int64_t) r << 40);
		assert_int_equal(DatumGetBool(v[4]), r % 3 == 0);
		assert_true(DatumGetFloat8(v[5]) == r / 4.0);
		if (r == 1)
			assert_true(nulls[6]);	/* a zero time is "never": NULL */
		else					/* 2000-01-01 + r us is r in PG's epoch */
			assert_int_equal(DatumGetInt64(v[6]), r);
		assert_int_equal(DatumGetObjectId(v[7]), r);
	}
	memctx_delete(cxt);
}

static void
test_pg_settings(void **state)
{
	const SysView *v = sysview_lookup(NULL, "pg_settings");
	MemoryContext cxt = memctx_create(test_ctx, "rows");
	SysViewRows *rows;
	bool		seen_work_mem = false;

	(void) state;
	guc_set("work_mem", "2MB", PGC_USERSET, PGC_S_SESSION, false, ERROR);
	rows = sysview_materialize(v, cxt);
	assert_int_equal(sysview_row_count(rows), guc_count());
	for (int r = 0; r < sysview_row_count(rows); r++)
	{
		const Datum *values;
		const bool *nulls;

		sysview_row(rows, r, &values, &nulls);
		if (strcmp(text_at(v, values, nulls, "name"), "work_mem") != 0)
			continue;
		seen_work_mem = true;
		assert_string_equal(text_at(v, values, nulls, "setting"), "2048");
		assert_string_equal(text_at(v, values, nulls, "unit"), "kB");
		assert_string_equal(text_at(v, values, nulls, "context"), "user");
		assert_string_equal(text_at(v, values, nulls, "vartype"), "integer");
		assert_string_equal(text_at(v, values, nulls, "source"), "session");
		assert_string_equal(text_at(v, values, nulls, "boot_val"), "4096");
		assert_string_equal(text_at(v, values, nulls, "min_val"), "64");
		assert_null(text_at(v, values, nulls, "enumvals"));
	}
	assert_true(seen_work_mem);
	guc_reset("work_mem");
	memctx_delete(cxt);
}

static void
test_memory_contexts(void **state)
{
	const SysView *v = sysview_lookup(NULL, "pg_backend_memory_contexts");
	MemoryContext mine = memctx_create(test_ctx, "sysview_probe_ctx");
	MemoryContext cxt = memctx_create(test_ctx, "rows");
	SysViewRows *rows;
	bool		seen = false;

	(void) state;
	(void) memctx_alloc(mine, 10000);
	rows = sysview_materialize(v, cxt);
	for (int r = 0; r < sysview_row_count(rows); r++)
	{
		const Datum *values;
		const bool *nulls;
		const char *name;

		sysview_row(rows, r, &values, &nulls);
		name = text_at(v, values, nulls, "name");
		if (r == 0)
		{
			assert_string_equal(name, "TopMemoryContext");
			assert_int_equal(DatumGetInt32(values[column_of(v, "level")]), 0);
			assert_true(nulls[column_of(v, "parent")]);
		}
		if (strcmp(name, "sysview_probe_ctx") == 0)
		{
			seen = true;
			assert_string_equal(text_at(v, values, nulls, "parent"), "test_sysview");
			assert_int_equal(DatumGetInt32(values[column_of(v, "level")]), 2);
			assert_true(DatumGetInt64(values[column_of(v, "used_bytes")]) >= 10000);
			assert_true(DatumGetInt64(values[column_of(v, "total_bytes")]) >=
						DatumGetInt64(values[column_of(v, "used_bytes")]));
		}
	}
	assert_true(seen);
	memctx_delete(cxt);
	memctx_delete(mine);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookup_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_buffer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pg_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_contexts, setup, teardown),
	};

	memctx_init();
	guc_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
