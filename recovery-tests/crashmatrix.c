/*-------------------------------------------------------------------------
 * crashmatrix.c
 *	  The recovery harness's command line.
 *
 *	crashmatrix run SCENARIO --seed N [options]
 *		run one scenario (runner.h names them); on failure print each
 *		failed check, the artifacts folder and the one command that
 *		reproduces it; exit 1.
 *
 * Options:
 *	--bin DIR			minipg binaries (default: the build tree's engine/)
 *	--target minipg|postgres, --pg-bin DIR (PostgreSQL binaries)
 *	--artifacts DIR		where clusters run and failures are kept
 *						(default /tmp/crashmatrix)
 *	--timeout-ms N		per step (default 60000)
 *	--set NAME=VALUE	an extra server setting (repeatable), e.g. fsync=off
 *						to see the harness catch lost commits
 *	--keep				keep the artifacts of passing runs too
 *
 * Status: `run` only; `matrix`, `repro`, `shrink` and the determinism
 * self-check are the next steps of the harness issue.
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runner.h"

#ifndef HX_DEFAULT_BIN
#define HX_DEFAULT_BIN "."
#endif

static void
usage(FILE *out)
{
	fprintf(out,
			"crashmatrix breaks a cluster on purpose and checks it recovers.\n\n"
			"Usage:\n"
			"  crashmatrix run SCENARIO --seed N [--bin DIR] [--target minipg|postgres]\n"
			"                  [--pg-bin DIR] [--artifacts DIR] [--timeout-ms N]\n"
			"                  [--set NAME=VALUE]... [--keep]\n\n"
			"SCENARIO is WORKLOAD/FAULT[/POINT], e.g. bank/crash/xact/commit/after-wal-flush,\n"
			"ledger/kill/checkpointer, mix/immediate, bank/kill/postmaster.\n");
}

static int
cmd_run(int argc, char **argv, const char *self)
{
	HxScenario	s;
	HxRunOptions o;
	HxVerdict	v;
	uint64_t	seed = 0;
	bool		have_seed = false;
	char		err[256];
	const char *name = NULL;

	memset(&o, 0, sizeof(o));
	o.cluster.target = HX_TARGET_MINIPG;
	snprintf(o.cluster.bindir, sizeof(o.cluster.bindir), "%s",
			 getenv("MINIPG_BIN") ? getenv("MINIPG_BIN") : HX_DEFAULT_BIN);
	snprintf(o.artifacts_dir, sizeof(o.artifacts_dir), "/tmp/crashmatrix");
	snprintf(o.self_command, sizeof(o.self_command), "%s", self);
	o.step_timeout_ms = 60000;
	o.cluster.settings[o.cluster.n_settings++] = "checkpoint_timeout = '1h'";
	o.cluster.settings[o.cluster.n_settings++] = "max_wal_size = '1GB'";
	o.cluster.settings[o.cluster.n_settings++] = "log_checkpoints = 'on'";

	for (int i = 1; i < argc; i++)
	{
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		/* Every option but the seed and --keep goes into the repro line. */
		if (val != NULL && a[0] == '-' && strcmp(a, "--seed") != 0 && strcmp(a, "--keep") != 0)
		{
			size_t		used = strlen(o.repro_args);

			snprintf(o.repro_args + used, sizeof(o.repro_args) - used, " %s '%s'", a, val);
		}

		if (strcmp(a, "--seed") == 0 && val)
		{
			seed = strtoull(val, NULL, 10);
			have_seed = true;
			i++;
		}
		else if (strcmp(a, "--bin") == 0 && val)
			snprintf(o.cluster.bindir, sizeof(o.cluster.bindir), "%s", argv[++i]);
		else if (strcmp(a, "--pg-bin") == 0 && val)
		{
			o.cluster.target = HX_TARGET_POSTGRES;
			snprintf(o.cluster.bindir, sizeof(o.cluster.bindir), "%s", argv[++i]);
		}
		else if (strcmp(a, "--target") == 0 && val)
		{
			o.cluster.target = strcmp(val, "postgres") == 0 ? HX_TARGET_POSTGRES : HX_TARGET_MINIPG;
			i++;
		}
		else if (strcmp(a, "--artifacts") == 0 && val)
			snprintf(o.artifacts_dir, sizeof(o.artifacts_dir), "%s", argv[++i]);
		else if (strcmp(a, "--timeout-ms") == 0 && val)
			o.step_timeout_ms = atoi(argv[++i]);
		else if (strcmp(a, "--set") == 0 && val && strchr(val, '=') != NULL &&
				 o.cluster.n_settings < HX_MAX_SETTINGS)
		{
			/* name=value -> "name = 'value'" (kept for the life of the process) */
			static char lines[HX_MAX_SETTINGS][256];
			char	   *line = lines[o.cluster.n_settings];
			const char *eq = strchr(val, '=');

			snprintf(line, sizeof(lines[0]), "%.*s = '%s'", (int) (eq - val), val, eq + 1);
			o.cluster.settings[o.cluster.n_settings++] = line;
			i++;
		}
		else if (strcmp(a, "--keep") == 0)
			o.keep_always = true;
		else if (name == NULL && a[0] != '-')
			name = a;
		else
		{
			fprintf(stderr, "crashmatrix run: unexpected argument \"%s\"\n", a);
			return 2;
		}
	}
	if (name == NULL || !have_seed)
	{
		usage(stderr);
		return 2;
	}
	if (!hx_scenario_parse(name, &s, err, sizeof(err)))
	{
		fprintf(stderr, "crashmatrix: %s\n", err);
		return 2;
	}
	if (mkdir(o.artifacts_dir, 0755) != 0 && errno != EEXIST)
	{
		fprintf(stderr, "crashmatrix: could not create \"%s\": %s\n", o.artifacts_dir, strerror(errno));
		return 2;
	}
	hx_scenario_run(&s, seed, &o, &v);
	printf("%s %s seed=%" PRIu64 " recovery=%.0fms total=%.0fms (%s)\n",
		   v.passed ? "PASS" : "FAIL", s.name, seed, v.recovery_ms, v.total_ms, v.summary);
	if (!v.passed)
	{
		for (int i = 0; i < v.failures.n; i++)
			printf("  check %s failed: %s\n", v.failures.items[i].check,
				   v.failures.items[i].detail);
		if (v.failures.n_dropped > 0)
			printf("  ... and %d more\n", v.failures.n_dropped);
		if (v.artifacts[0] != '\0')
			printf("  artifacts: %s\n", v.artifacts);
		printf("  reproduce: %s\n", v.repro);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0)
	{
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1, argv[0]);
	fprintf(stderr, "crashmatrix: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return 2;
}
