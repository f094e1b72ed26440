/*-------------------------------------------------------------------------
 * test_spill.c
 *	  Unit tests of work_mem spilling: Sort (external merge sort, with
 *	  several merge passes), hashed Agg (partitions written to disk and
 *	  aggregated later) and HashJoin (batches), and CREATE INDEX past
 *	  maintenance_work_mem through SQL (test_nbtree.c tests the build
 *	  itself, test_heapam.c VACUUM's index passes).
 *
 * How: each query runs twice in a standalone engine (test_sql_common.h),
 * once with a work_mem far too small for it and once with plenty; the
 * two results must be identical (the in-memory path is the oracle), the
 * small run must have created temporary files (tempfile_count_created)
 * and the large one none, and after each statement no temporary file may
 * be open or left in base/pgsql_tmp.  Fault builds also fail a temp-file
 * write (storage/tempfile/write, ENOSPC) and a read, and expect a clean
 * ERROR with PostgreSQL's message, no file left, and a working session.
 *-------------------------------------------------------------------------
 */
#include "sql/test_sql_common.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>

#ifdef MINIPG_FAULTS
#include <fiu-control.h>
#endif

#include "faults/fault_control.h"
#include "storage/file/tempfile.h"

/* Files in base/pgsql_tmp of the test data directory. */
static int
files_in_temp_dir(void)
{
	char		path[1024];
	DIR		   *d;
	struct dirent *de;
	int			n = 0;

	snprintf(path, sizeof(path), "%s/%s", sql_test_datadir, TEMP_FILES_DIR);
	d = opendir(path);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
assert_no_temp_files(void)
{
	assert_int_equal(tempfile_count_open(), 0);
	assert_int_equal(files_in_temp_dir(), 0);
}

/*
 * Run query with work_mem = small and then = large; the results must be
 * equal, the small run must spill (files created) and the large one not.
 * Returns the result.
 */
static char *
run_both(const char *query, const char *small)
{
	char		set[64];
	uint64_t	before;
	char	   *spilled;
	char	   *in_memory;

	snprintf(set, sizeof(set), "set work_mem = '%s'", small);
	assert_sql(set, "SET");
	before = tempfile_count_created();
	spilled = sql_run(query);
	if (tempfile_count_created() == before)
		fail_msg("query did not spill with work_mem = %s: %s", small, query);
	assert_no_temp_files();
	assert_sql("set work_mem = '256MB'", "SET");
	before = tempfile_count_created();
	in_memory = sql_run(query);
	assert_int_equal(tempfile_count_created(), before);
	assert_sql("reset work_mem", "RESET");
	if (strcmp(spilled, in_memory) != 0)
		fail_msg("spilled and in-memory results differ for %s\nspilled (%zu bytes): %.300s\nin memory (%zu bytes): %.300s",
				 query, strlen(spilled), spilled, strlen(in_memory), in_memory);
	assert_true(strstr(spilled, "ERROR") == NULL);
	return spilled;
}

static int
count_lines(const char *s)
{
	int			n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_sort_external(void **state)
{
	char	   *r;

	(void) state;
	/* 64kB: runs of a few hundred rows, fan-in 2: many merge passes */
	r = run_both("select g, (g * 7919) % 20011 as k, repeat('x', g % 50) as pad "
				 "from generate_series(1, 20000) g order by 2, 1 desc", "64kB");
	assert_int_equal(count_lines(r), 20000 + 1);
	assert_non_null(strstr(r, "g|k|pad\n"));
	/* NULLs, descending, a by-reference key, duplicates */
	r = run_both("select case when g % 7 = 0 then null else 'k' || (g % 1000) end as t, g "
				 "from generate_series(1, 15000) g order by 1 desc nulls last, 2", "64kB");
	assert_int_equal(count_lines(r), 15000 + 1);
	/* DISTINCT with ORDER BY: Sort + Unique over spilled input */
	r = run_both("select distinct g % 3000 as d from generate_series(1, 30000) g order by 1",
				 "64kB");
	assert_int_equal(count_lines(r), 3000 + 1);
	assert_no_temp_files();
}

static void
test_sort_explain(void **state)
{
	(void) state;
	assert_sql("set work_mem = '64kB'", "SET");
	assert_sql_contains("explain (analyze, costs off, timing off) "
						"select g from generate_series(1, 20000) g order by g desc",
						"Sort Method: external merge  Disk: ");
	assert_sql("reset work_mem", "RESET");
	assert_sql_contains("explain (analyze, costs off, timing off) "
						"select g from generate_series(1, 2000) g order by g desc",
						"Sort Method: quicksort  Memory: ");
	assert_no_temp_files();
}

/* A cursor reading a spilled sort part way, then closed or committed. */
static void
test_sort_cursor_and_rescan(void **state)
{
	(void) state;
	assert_sql("set work_mem = '64kB'", "SET");
	/* the subquery's sort is rescanned for every outer row (Material-free nested loop) */
	assert_sql("select count(*), sum(s.g) from generate_series(1, 3) o, "
			   "lateral (select g from generate_series(1, 5000) g order by g desc limit 2 + o) s",
			   "count|sum\n12|59981\nSELECT 1");
	assert_sql("reset work_mem", "RESET");
	assert_no_temp_files();
}

static void
test_hashagg_spill(void **state)
{
	char	   *r;

	(void) state;
	assert_sql_contains("explain (costs off) select g % 5000, count(*) from generate_series(1, 10) g group by 1",
						"HashAggregate");
	/* 6000 groups, several rows each, integer key */
	r = run_both("select g % 6000 as k, count(*), sum(g), max(g), min(repeat('y', g % 7)) "
				 "from generate_series(1, 40000) g group by 1 order by 1", "64kB");
	assert_int_equal(count_lines(r), 6000 + 1);
	/* text keys, NULL group, HAVING */
	r = run_both("select case when g % 11 = 0 then null else 'key' || (g % 4000) end as k, "
				 "count(*) as n, string_agg(g::text, ',' order by g) as l "
				 "from generate_series(1, 30000) g group by 1 having count(*) > 1 order by 1",
				 "64kB");
	assert_non_null(strstr(r, "\nNULL|"));
	/* hashed DISTINCT */
	r = run_both("select count(*) from (select distinct g % 7000 from generate_series(1, 30000) g) s",
				 "64kB");
	assert_string_equal(r, "count\n7000\nSELECT 1");
	assert_no_temp_files();
}

static void
test_hashjoin_batches(void **state)
{
	char	   *r;

	(void) state;
	assert_sql("create table ja(id int, v text)", "CREATE TABLE");
	assert_sql("create table jb(id int, w text)", "CREATE TABLE");
	assert_sql("insert into ja select case when g % 101 = 0 then null else g % 15000 end, "
			   "'a' || g from generate_series(1, 20000) g", "INSERT 0 20000");
	assert_sql("insert into jb select case when g % 97 = 0 then null else g end, "
			   "repeat('b', g % 30) from generate_series(5000, 25000) g", "INSERT 0 20001");
	assert_sql_contains("explain (costs off) select * from ja join jb on ja.id = jb.id",
						"Hash Join");
	r = run_both("select ja.id, ja.v, jb.w from ja join jb on ja.id = jb.id order by 2", "64kB");
	assert_true(count_lines(r) > 5000);
	run_both("select count(*), count(jb.id), sum(ja.id), max(jb.w) from ja left join jb on ja.id = jb.id",
			 "64kB");
	run_both("select ja.v, jb.id, jb.w from ja right join jb on ja.id = jb.id order by 2, 1, 3", "64kB");
	run_both("select ja.v, jb.id from ja full join jb on ja.id = jb.id and jb.w <> 'bbb' "
			 "order by 1, 2", "64kB");
	/* one key value everywhere: batching cannot split it, the table grows */
	assert_sql("set work_mem = '64kB'", "SET");
	assert_sql("select count(*) from (select 1 as k from generate_series(1, 3000)) a "
			   "join (select 1 as k, g from generate_series(1, 3000) g) b on a.k = b.k",
			   "count\n9000000\nSELECT 1");
	assert_sql("reset work_mem", "RESET");
	assert_no_temp_files();
}

/* CREATE INDEX past maintenance_work_mem sorts on disk (nbtsort.c + extsort). */
static void
test_create_index_spills(void **state)
{
	uint64_t	before;

	(void) state;
	assert_sql("create table ix(a int, b text)", "CREATE TABLE");
	assert_sql("insert into ix select g, md5(g::text) from generate_series(1, 40000) g",
			   "INSERT 0 40000");
	assert_sql("set maintenance_work_mem = '1MB'", "SET");
	before = tempfile_count_created();
	assert_sql("create unique index ix_b on ix(b)", "CREATE INDEX");
	assert_true(tempfile_count_created() > before);
	assert_no_temp_files();
	assert_sql("select a from ix where b = md5('31337')", "a\n31337\nSELECT 1");
	assert_sql("insert into ix values (0, md5('17'))",
			   "ERROR 23505: duplicate key value violates unique constraint \"ix_b\"");
	assert_sql("reset maintenance_work_mem", "RESET");
}

#ifdef MINIPG_FAULTS
/* A failing temp-file write or read is a clean ERROR; nothing is left behind. */
static void
test_tempfile_faults(void **state)
{
	(void) state;
	assert_sql("set work_mem = '64kB'", "SET");
	fiu_enable("storage/tempfile/write", 1, (void *) (intptr_t) ENOSPC, 0);
	assert_sql_contains("select g from generate_series(1, 20000) g order by g desc",
						"ERROR 53100: could not write to file \"base/pgsql_tmp/pgsql_tmp");
	fiu_disable("storage/tempfile/write");
	assert_no_temp_files();
	fiu_enable("storage/tempfile/read", 1, (void *) (intptr_t) EIO, 0);
	assert_sql_contains("select g from generate_series(1, 20000) g order by g desc",
						"ERROR 58030: could not read file \"base/pgsql_tmp/pgsql_tmp");
	fiu_disable("storage/tempfile/read");
	assert_no_temp_files();
	/* the session works and spills again */
	assert_sql("select count(*) from (select g from generate_series(1, 20000) g order by g desc) s",
			   "count\n20000\nSELECT 1");
	assert_sql("reset work_mem", "RESET");
	assert_no_temp_files();
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_external),
		cmocka_unit_test(test_sort_explain),
		cmocka_unit_test(test_sort_cursor_and_rescan),
		cmocka_unit_test(test_hashagg_spill),
		cmocka_unit_test(test_hashjoin_batches),
		cmocka_unit_test(test_create_index_spills),
#ifdef MINIPG_FAULTS
		cmocka_unit_test(test_tempfile_faults),
#endif
	};
	int			failures;

	memctx_init();
	guc_init();
	fault_arm_local_libfiu();
	sql_test_env_init("test_spill");
	failures = cmocka_run_group_tests(tests, NULL, NULL);
	sql_test_env_cleanup();
	return failures;
}
