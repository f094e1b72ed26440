/*-------------------------------------------------------------------------
 * test_shmem.c
 *	  Unit tests of the shared-memory segment (shmem.c): size arithmetic,
 *	  the directory of areas, and destroying the segment.
 *
 * What:
 *	- shmem_add_size / shmem_mul_size return the exact sum / product up to
 *	  SIZE_MAX, and an overflow is FATAL "requested shared memory size
 *	  overflows size_t" (exit 1);
 *	- without a segment, shmem_find_area finds nothing and shmem_destroy
 *	  does nothing (twice in a row is fine);
 *	- a created segment: the header (magic, generation, postmaster pid,
 *	  total size = shmem_total_size()) and one directory entry per area
 *	  of shmem_areas.c, in order, 64-byte aligned, non-overlapping, inside
 *	  the segment; shmem_find_area returns each area's address and size
 *	  (size_out optional) and NULL for an unknown name;
 *	- a munmap failure at destroy is logged, not fatal, and the segment
 *	  is forgotten either way; a segment created again gets the new
 *	  generation.
 * How: each case runs in a forked child (shmem_create attaches the
 * process's modules to the segment), checking with CHILD_CHECK; the
 * overflow and munmap cases write their log to a file the parent reads.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "access/transam/test_child_log.h"
#include "postmaster/standalone.h"
#include "postmaster/test_child.h"
#include "storage/ipc/shmem.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

extern const ShmemAreaSpec shmem_area_specs[];
extern const int shmem_area_count;

static char *tmpdir;

static void
child_setup(void)
{
	memctx_init();
	guc_init();
	guc_max_connections = 4;
}

/* ---- arithmetic ---- */

static void
test_size_arithmetic(void **state)
{
	(void) state;
	assert_int_equal(shmem_add_size(3, 4), 7);
	assert_true(shmem_add_size(SIZE_MAX - 5, 5) == SIZE_MAX);
	assert_int_equal(shmem_mul_size(0, SIZE_MAX), 0);
	assert_int_equal(shmem_mul_size(SIZE_MAX, 1), SIZE_MAX);
	assert_true(shmem_mul_size(SIZE_MAX / 3, 3) == SIZE_MAX / 3 * 3);
	assert_int_equal(shmem_mul_size(4096, 1000), 4096000);
}

static void
child_overflow(const char *dir, int arg)
{
	char		log[600];

	child_log_path(log, sizeof(log), dir);
	child_log_to(log);
	child_setup();
	if (arg == 0)
		(void) shmem_add_size(SIZE_MAX - 5, 6);
	else
		(void) shmem_mul_size(SIZE_MAX / 3 + 1, 3);
	fprintf(stderr, "no overflow detected\n");
}

static void
test_size_overflow(void **state)
{
	(void) state;
	char		log[600];

	child_log_path(log, sizeof(log), tmpdir);
	for (int arg = 0; arg < 2; arg++)
	{
		int			status = run_child_in(child_overflow, tmpdir, arg);

		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 1);
		assert_log_has(log, "FATAL:  requested shared memory size overflows size_t");
		assert_log_lacks(log, "no overflow detected");
	}
	unlink(log);
}

/* ---- the segment ---- */

static void
child_segment(const char *dir, int arg)
{
	char		log[600];

	(void) arg;
	child_log_path(log, sizeof(log), dir);
	child_log_to(log);
	child_setup();

	/* No segment yet. */
	CHILD_CHECK(shmem_header == NULL);
	CHILD_CHECK(shmem_find_area("Proc array", NULL) == NULL);
	shmem_destroy();
	shmem_destroy();

	shmem_create(7);
	CHILD_CHECK(shmem_header != NULL);
	CHILD_CHECK(shmem_header->magic == SHMEM_HEADER_MAGIC);
	CHILD_CHECK(shmem_header->generation == 7);
	CHILD_CHECK(shmem_header->postmaster_pid == getpid());
	CHILD_CHECK(shmem_header->total_size == shmem_total_size());
	CHILD_CHECK(shmem_header->n_areas == shmem_area_count);

	size_t		prev_end = sizeof(ShmemHeader);

	for (int i = 0; i < shmem_area_count; i++)
	{
		const ShmemAreaEntry *e = &shmem_header->areas[i];
		size_t		size = 0;
		char	   *p = shmem_find_area(shmem_area_specs[i].name, &size);

		CHILD_CHECK(strcmp(e->name, shmem_area_specs[i].name) == 0);
		CHILD_CHECK(e->offset % SHMEM_ALIGN == 0);
		CHILD_CHECK(e->offset >= prev_end);
		CHILD_CHECK(e->offset + e->size <= shmem_header->total_size);
		CHILD_CHECK(p == (char *) shmem_header + e->offset);
		CHILD_CHECK(size == e->size);
		CHILD_CHECK(shmem_find_area(shmem_area_specs[i].name, NULL) == p);
		prev_end = e->offset + e->size;
	}
	CHILD_CHECK(shmem_find_area("no such area", NULL) == NULL);
	CHILD_CHECK(shmem_find_area("", NULL) == NULL);

	/* munmap refuses a length of 0 (EINVAL): logged, segment forgotten. */
	size_t		total = shmem_header->total_size;
	ShmemHeader *old = shmem_header;

	shmem_header->total_size = 0;
	shmem_destroy();
	CHILD_CHECK(shmem_header == NULL);
	CHILD_CHECK(shmem_find_area("Proc array", NULL) == NULL);
	CHILD_CHECK(munmap(old, total) == 0);	/* it was still mapped */

	/* A new segment, a new generation. */
	shmem_create(8);
	CHILD_CHECK(shmem_header->generation == 8);
	CHILD_CHECK(shmem_find_area("Proc array", NULL) != NULL);
	shmem_destroy();
	CHILD_CHECK(shmem_header == NULL);
	fprintf(stderr, "segment checks done\n");
	child_done();
}

static void
test_segment(void **state)
{
	(void) state;
	char		log[600];

	child_log_path(log, sizeof(log), tmpdir);
	assert_exited_ok(run_child_in(child_segment, tmpdir, 0), "segment");
	assert_log_has(log, "LOG:  could not unmap shared memory: Invalid argument");
	assert_log_has(log, "segment checks done");
	unlink(log);
}

static int
setup(void **state)
{
	(void) state;
	tmpdir = standalone_temp_datadir("shmem");
	return 0;
}

static int
teardown(void **state)
{
	(void) state;
	standalone_remove_datadir(tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_arithmetic),
		cmocka_unit_test(test_size_overflow),
		cmocka_unit_test(test_segment),
	};

	memctx_init();
	guc_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
