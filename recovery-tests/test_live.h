/*-------------------------------------------------------------------------
 * test_live.h
 *	  What the cmocka tests that run real scenarios share
 *	  (test_scenarios.c, test_replay_live.c, test_pg_reference.c): a
 *	  temporary artifacts folder for the whole group and the run options
 *	  every such test starts from.
 *
 * Use: #define HX_TEST_ARTIFACTS "/tmp/hx_NAME_XXXXXX" before including;
 * pass live_setup/live_teardown to cmocka_run_group_tests.  The folder is
 * short on purpose: clusters' Unix sockets live under it.
 *-------------------------------------------------------------------------
 */
#ifndef HX_TEST_LIVE_H
#define HX_TEST_LIVE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

static char artifacts[] = HX_TEST_ARTIFACTS;

/* Group setup: the artifacts folder (fails the group if it cannot be made). */
static inline int
live_setup(void **state)
{
	(void) state;
	return mkdtemp(artifacts) == NULL ? -1 : 0;
}

static inline int
live_teardown(void **state)
{
	char		cmd[128];

	(void) state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", artifacts);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * Options for a run against `bindir`: artifacts under the group's folder,
 * a 60 s step timeout, no timed checkpoint and no WAL-size checkpoint
 * (only the harness's own), checkpoints logged for the replay check.
 */
static inline void
live_options(HxRunOptions *o, HxTarget target, const char *bindir)
{
	memset(o, 0, sizeof(*o));
	o->cluster.target = target;
	snprintf(o->cluster.bindir, sizeof(o->cluster.bindir), "%s", bindir);
	snprintf(o->artifacts_dir, sizeof(o->artifacts_dir), "%s", artifacts);
	snprintf(o->self_command, sizeof(o->self_command), "crashmatrix");
	o->step_timeout_ms = 60000;
	o->cluster.settings[o->cluster.n_settings++] = "checkpoint_timeout = '1h'";
	o->cluster.settings[o->cluster.n_settings++] = "max_wal_size = '1GB'";
	o->cluster.settings[o->cluster.n_settings++] = "log_checkpoints = 'on'";
}

#endif							/* HX_TEST_LIVE_H */
