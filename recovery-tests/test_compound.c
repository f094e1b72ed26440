/*-------------------------------------------------------------------------
 * test_compound.c
 *	  Unit tests of compound.c: splitting FIRST+ACTION/POINT, which points a
 *	  second fault may be at and what must follow, the policy text, and the
 *	  policy file.
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
#include <unistd.h>

#include "compound.h"

static void
test_no_second_fault(void **state)
{
	char		fault[] = "kill/backend";
	char		err[256] = "";
	HxSecondFault sf;

	assert_true(hx_second_fault_split(fault, &sf, err, sizeof(err)));
	assert_false(sf.present);
	assert_string_equal(fault, "kill/backend");
}

static void
test_split_startup_point(void **state)
{
	char		fault[] = "crash/xact/commit/after-wal-insert+crash/wal/recovery/after-record";
	char		err[256] = "";
	HxSecondFault sf;

	assert_true(hx_second_fault_split(fault, &sf, err, sizeof(err)));
	assert_true(sf.present);
	assert_string_equal(fault, "crash/xact/commit/after-wal-insert");
	assert_string_equal(sf.action, "crash");
	assert_string_equal(sf.point, "wal/recovery/after-record");
	assert_string_equal(sf.proc, "startup");
	assert_int_equal(sf.expect, HX_SECOND_POSTMASTER_EXITS);
}

static void
test_expectations(void **state)
{
	struct
	{
		const char *spec;
		const char *proc;
		HxSecondExpect expect;
	}			cases[] = {
		{"kill/postmaster+error/wal/reader/read-page", "startup", HX_SECOND_POSTMASTER_EXITS},
		{"kill/backend+error/controlfile/read", "startup", HX_SECOND_POSTMASTER_EXITS},
		{"kill/backend+error/postmaster/fork-checkpointer", "postmaster", HX_SECOND_RECOVERS_ALONE},
		{"kill/backend+crash/postmaster/fork-checkpointer", "postmaster", HX_SECOND_POSTMASTER_EXITS},
		{"kill/backend+error/postmaster/fork-startup", "postmaster", HX_SECOND_POSTMASTER_EXITS},
		{"kill/backend+error/ipc/shmem/create", "postmaster", HX_SECOND_POSTMASTER_EXITS},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		fault[256];
		char		err[256] = "";
		HxSecondFault sf;

		snprintf(fault, sizeof(fault), "%s", cases[i].spec);
		assert_true(hx_second_fault_split(fault, &sf, err, sizeof(err)));
		assert_string_equal(sf.proc, cases[i].proc);
		assert_int_equal(sf.expect, cases[i].expect);
	}
}

static void
test_refusals(void **state)
{
	const char *bad[] = {
		"kill/backend+crash/xact/commit/after-wal-flush",	/* normal operation */
		"kill/backend+panic/wal/recovery/after-record",	/* action */
		"kill/backend+crash",	/* no point */
		"kill/backend+crash/wal/recovery/",	/* a prefix, not a point */
		"kill/backend+crash/postmaster/fork-backend",	/* every connection */
		"kill/backend+crash/checkpoint/end-of-recovery",	/* after "ready": races the checks */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		char		fault[256];
		char		err[256] = "";
		HxSecondFault sf;

		snprintf(fault, sizeof(fault), "%s", bad[i]);
		assert_false(hx_second_fault_split(fault, &sf, err, sizeof(err)));
		assert_true(err[0] != '\0');
		assert_false(sf.present);
	}
}

static void
test_policy_text(void **state)
{
	char		fault[256] = "kill/postmaster+error/wal/reader/read-page";
	char		err[256] = "";
	char		policy[256];
	HxSecondFault sf;

	assert_true(hx_second_fault_split(fault, &sf, err, sizeof(err)));
	hx_second_fault_policy(&sf, 3, policy, sizeof(policy));
	assert_string_equal(policy, "wal/reader/read-page error nth=3 proc=startup errno=EIO");
	snprintf(fault, sizeof(fault), "%s", "kill/backend+crash/wal/recovery/before-redo");
	assert_true(hx_second_fault_split(fault, &sf, err, sizeof(err)));
	hx_second_fault_policy(&sf, 1, policy, sizeof(policy));
	assert_string_equal(policy, "wal/recovery/before-redo crash nth=1 proc=startup");
}

static void
test_trail_and_nth(void **state)
{
	char		fault[256] = "kill/backend+crash/wal/recovery/after-record";
	char		err[256] = "";
	HxSecondFault sf;
	const char *trail =
		"2026-11-21T10:00:00.000001Z pid=7 proc=backend#1 point=xact/commit/after-wal-insert policy=1 hit=1 local_hit=1 action=crash\n"
		"2026-11-21T10:00:00.200001Z pid=9 proc=startup#1 point=wal/recovery/after-record-x policy=2 hit=1 local_hit=1 action=crash\n";

	assert_true(hx_second_fault_split(fault, &sf, err, sizeof(err)));
	assert_int_equal(hx_second_fault_max_nth(&sf), 2);
	assert_false(hx_second_fault_in_trail(&sf, NULL));
	assert_false(hx_second_fault_in_trail(&sf, trail));	/* a longer name is not it */
	assert_true(hx_second_fault_in_trail(&sf,
										 "t pid=9 proc=startup#1 point=wal/recovery/after-record policy=2 hit=2\n"));
	snprintf(fault, sizeof(fault), "%s", "kill/backend+crash/wal/recovery/before-redo");
	assert_true(hx_second_fault_split(fault, &sf, err, sizeof(err)));
	assert_int_equal(hx_second_fault_max_nth(&sf), 1);	/* once per recovery */
}

static void
test_policy_file(void **state)
{
	char		dir[] = "/tmp/hx-compound-XXXXXX";
	char		path[256];
	char		line[256];
	FILE	   *f;

	assert_non_null(mkdtemp(dir));
	assert_true(hx_policy_file_write(dir, "wal/recovery/before-redo crash nth=1 proc=startup"));
	assert_true(hx_policy_file_write(dir, "seed 7"));
	snprintf(path, sizeof(path), "%s/pg_faults/policy.conf", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "wal/recovery/before-redo crash nth=1 proc=startup\n");
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "seed 7\n");
	fclose(f);
	assert_true(hx_policy_file_remove(dir));
	assert_int_not_equal(access(path, F_OK), 0);
	assert_true(hx_policy_file_remove(dir));	/* already gone: fine */
	snprintf(path, sizeof(path), "%s/pg_faults", dir);
	rmdir(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_second_fault),
		cmocka_unit_test(test_split_startup_point),
		cmocka_unit_test(test_expectations),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_policy_text),
		cmocka_unit_test(test_trail_and_nth),
		cmocka_unit_test(test_policy_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
