/*-------------------------------------------------------------------------
 * crashmatrix.c
 *	  The recovery harness's command line.
 *
 *	crashmatrix run SCENARIO --seed N [options]
 *		run one scenario (runner.h names them); on failure print each
 *		failed check, the artifacts folder and the one command that
 *		reproduces it; exit 1.
 *	crashmatrix matrix --quick|--full [--seeds K] [--seed-base B]
 *					   [--shard i/N] [--junit FILE] [--html FILE]
 *					   [--workloads bank,ledger,mix] [--jobs J] [--list]
 *					   [options]
 *		build the scenario list from `<bin>/minipg_faults catalog`
 *		(matrix.h), keep shard i of N, run it with a progress line on
 *		stderr, print the totals and every failure with its repro
 *		command, write the reports (report.h); exit 1 if any failed.
 *		--list prints the shard's items and exits.
 *	crashmatrix junit-merge OUT IN...
 *		merge shards' JUnit files into one suite, counts summed.
 *	crashmatrix repro DIR [--times N] [--artifacts DIR2]
 *		rerun the scenario a kept folder records (DIR/scenario.txt: seed,
 *		target, binaries, settings, plan) and say whether it failed the
 *		same way (the same failed checks); exit 0 if it did every time.
 *	crashmatrix shrink SCENARIO --seed N [run options] | shrink DIR
 *					   [--max-attempts N] [--max-seconds S]
 *		confirm it fails, then find a smaller plan (fewer clients, shorter
 *		warm-up, lower nth, smaller scale and budget) that fails the same
 *		way; print it with its repro command.
 *	crashmatrix determinism [--quick|--full] [--sample K] [--seed-base B]
 *					   [--jobs J] [matrix options]
 *		run K matrix items twice and compare their normalized fault
 *		trails, client histories up to the fault and verdicts (replay.h);
 *		exit 1 on a difference that is not timing-dependent.
 *
 * Options (run and matrix):
 *	--bin DIR			minipg binaries (default: the build tree's engine/)
 *	--target minipg|postgres, --pg-bin DIR (PostgreSQL binaries; run, and
 *						matrix: the PostgreSQL reference set, pg_faults.h)
 *	--artifacts DIR		where clusters run and failures are kept
 *						(default /tmp/crashmatrix)
 *	--timeout-ms N		every wait: a step, a server start or stop (default 60000)
 *	--set NAME=VALUE	an extra server setting (repeatable), e.g. fsync=off
 *						to see the harness catch lost commits
 *	--keep				keep the artifacts of passing runs too
 *	--plan K=V,...		(run, shrink) override the seed's plan: clients,
 *						warmup, nth, budget, scale (repro.h)
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/hx_util.h"
#include "matrix.h"
#include "pg_faults.h"
#include "replay.h"
#include "report.h"
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
			"                  [--set NAME=VALUE]... [--plan KEY=VALUE,...] [--keep]\n"
			"  crashmatrix matrix [--quick|--full] [--seeds K] [--seed-base B] [--shard i/N]\n"
			"                  [--junit FILE] [--html FILE] [--workloads bank,ledger,mix]\n"
			"                  [--jobs J] [--list] [--bin DIR] [--artifacts DIR]\n"
			"                  [--timeout-ms N] [--set NAME=VALUE]... [--keep]\n"
			"                  [--target postgres --pg-bin DIR]\n"
			"  crashmatrix junit-merge OUT IN...\n"
			"  crashmatrix repro DIR [--times N] [--artifacts DIR2]\n"
			"  crashmatrix shrink SCENARIO --seed N [run options] [--max-attempts N]\n"
			"                  [--max-seconds S]\n"
			"  crashmatrix shrink DIR [--artifacts DIR2] [--max-attempts N] [--max-seconds S]\n"
			"  crashmatrix determinism [--quick|--full] [--sample K] [--seed-base B]\n"
			"                  [--workloads ...] [--jobs J] [--bin DIR] [--artifacts DIR]\n"
			"                  [--timeout-ms N] [--set NAME=VALUE]...\n\n"
			"SCENARIO is WORKLOAD/FAULT[/POINT], e.g. bank/crash/xact/commit/after-wal-flush,\n"
			"ledger/kill/checkpointer, mix/immediate, bank/kill/postmaster.\n\n"
			"matrix: every catalogued fault point with the crash and error actions, process\n"
			"kills, immediate stop, power loss and shared-memory scribbles.  --quick (the\n"
			"default) runs one workload per scenario, rotating, with 1 seed; --full runs every\n"
			"workload with 5 seeds (--seeds K changes either); seeds are B, B+1, ... (B: 1).\n"
			"--shard i/N keeps item k when k mod N = i - 1; --list prints the shard and exits.\n"
			"--pg-bin DIR (--target postgres): the PostgreSQL reference set instead, kills,\n"
			"immediate and libfiu's POSIX failures (error/posix/io/sync/fsync[@ROLE], ...);\n"
			"minipg's points, from --bin's catalog, are skipped by design.\n\n"
			"A failed run keeps ARTIFACTS/<scenario>-<seed>/ with scenario.txt, history.txt\n"
			"(every client transaction and its outcome), fault-trail.txt, server.log and\n"
			"cluster/ (the data directory).  repro DIR runs it again (--times N: N times) and\n"
			"says whether the same checks failed; its runs are kept under DIR/../repro unless\n"
			"--artifacts is given.\n\n"
			"--plan overrides the seed's choices: clients=1..16, warmup=0.., nth=1.. (which\n"
			"hit of the point fires), budget=1.. (transactions to wait for the point, 400),\n"
			"scale=1..100.  shrink tries smaller values of each (halving, then minus one) and\n"
			"keeps those that fail the same way; at most --max-attempts runs (40) and\n"
			"--max-seconds (600).\n\n"
			"determinism runs K items of the matrix (--sample, 12; a shuffle seeded by\n"
			"--seed-base) twice each and compares normalized fault trails, client histories\n"
			"up to the fault and verdicts; what timer-driven processes (checkpointer,\n"
			"bgwriter, walwriter) do is reported as timing-dependent, anything else that\n"
			"differs as MISMATCH (exit 1).\n");
}

/* Defaults shared by run and matrix. */
static void
run_options_init(HxRunOptions *o, const char *self)
{
	memset(o, 0, sizeof(*o));
	o->cluster.target = HX_TARGET_MINIPG;
	snprintf(o->cluster.bindir, sizeof(o->cluster.bindir), "%s",
			 getenv("MINIPG_BIN") ? getenv("MINIPG_BIN") : HX_DEFAULT_BIN);
	snprintf(o->artifacts_dir, sizeof(o->artifacts_dir), "/tmp/crashmatrix");
	snprintf(o->self_command, sizeof(o->self_command), "%s", self);
	o->step_timeout_ms = o->cluster.timeout_ms = 60000;
	hx_plan_clear(&o->args.plan);
	o->cluster.settings[o->cluster.n_settings++] = "checkpoint_timeout = '1h'";
	o->cluster.settings[o->cluster.n_settings++] = "max_wal_size = '1GB'";
	o->cluster.settings[o->cluster.n_settings++] = "log_checkpoints = 'on'";
}

/* --set name=value -> "name = 'value'" (kept for the life of the process) */
static bool
add_setting(HxRunOptions *o, const char *val)
{
	static char lines[HX_MAX_SETTINGS][256];
	const char *eq = strchr(val, '=');
	char	   *line;

	if (eq == NULL || o->cluster.n_settings >= HX_MAX_SETTINGS)
		return false;
	line = lines[o->cluster.n_settings];
	snprintf(line, sizeof(lines[0]), "%.*s = '%s'", (int) (eq - val), val, eq + 1);
	o->cluster.settings[o->cluster.n_settings++] = line;
	return true;
}

/*
 * One option of run, shrink and repro at argv[i] (its value argv[i + 1]):
 * --bin, --pg-bin, --target, --artifacts, --timeout-ms, --set, --plan,
 * --keep.  Returns how many words it took: 0 if it is none of those, -1
 * (message printed) if its value is bad.  Every option but --keep and
 * --plan goes into the repro line as typed (the runner adds --plan); what
 * changes the run goes into o->args too, for scenario.txt.
 */
static int
run_option(HxRunOptions *o, int argc, char **argv, int i, const char *cmd)
{
	const char *a = argv[i];
	const char *val = i + 1 < argc ? argv[i + 1] : NULL;
	size_t		used;

	if (strcmp(a, "--keep") == 0)
	{
		o->keep_always = true;
		return 1;
	}
	if (val == NULL)
		return 0;
	if (strcmp(a, "--bin") == 0)
	{
		snprintf(o->cluster.bindir, sizeof(o->cluster.bindir), "%s", val);
		snprintf(o->args.bin, sizeof(o->args.bin), "%s", val);
	}
	else if (strcmp(a, "--pg-bin") == 0)
	{
		o->cluster.target = HX_TARGET_POSTGRES;
		snprintf(o->cluster.bindir, sizeof(o->cluster.bindir), "%s", val);
		snprintf(o->args.pg_bin, sizeof(o->args.pg_bin), "%s", val);
		snprintf(o->args.target, sizeof(o->args.target), "postgres");
	}
	else if (strcmp(a, "--target") == 0)
	{
		o->cluster.target = strcmp(val, "postgres") == 0 ? HX_TARGET_POSTGRES : HX_TARGET_MINIPG;
		snprintf(o->args.target, sizeof(o->args.target), "%s", hx_target_name(o->cluster.target));
	}
	else if (strcmp(a, "--artifacts") == 0)
		snprintf(o->artifacts_dir, sizeof(o->artifacts_dir), "%s", val);
	else if (strcmp(a, "--timeout-ms") == 0)
	{
		if (atoi(val) <= 0)
		{
			fprintf(stderr, "crashmatrix %s: --timeout-ms wants a positive number\n", cmd);
			return -1;
		}
		/* Every wait: the runner's steps and the cluster's start and stop. */
		o->step_timeout_ms = o->args.timeout_ms = o->cluster.timeout_ms = atoi(val);
	}
	else if (strcmp(a, "--set") == 0)
	{
		if (!add_setting(o, val) || o->args.n_sets >= HX_MAX_SETTINGS)
		{
			fprintf(stderr, "crashmatrix %s: --set wants NAME=VALUE (at most %d), not \"%s\"\n",
					cmd, HX_MAX_SETTINGS, val);
			return -1;
		}
		snprintf(o->args.sets[o->args.n_sets++], sizeof(o->args.sets[0]), "%s", val);
	}
	else if (strcmp(a, "--plan") == 0)
	{
		char		err[256];

		if (!hx_plan_parse(val, &o->args.plan, err, sizeof(err)))
		{
			fprintf(stderr, "crashmatrix %s: --plan: %s\n", cmd, err);
			return -1;
		}
		return 2;
	}
	else
		return 0;
	used = strlen(o->repro_args);
	snprintf(o->repro_args + used, sizeof(o->repro_args) - used, " %s '%s'", a, val);
	return 2;
}

static bool
make_dir(const char *dir)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
	{
		fprintf(stderr, "crashmatrix: could not create \"%s\": %s\n", dir, strerror(errno));
		return false;
	}
	return true;
}

/*
 * Make the binaries and artifacts directories absolute (creating the
 * latter): the library runs programs by absolute path and puts sockets in
 * the work directory, so "--bin build/debug/engine" must work too.  The
 * repro line keeps what the user typed.
 */
static bool
absolute_dirs(HxRunOptions *o)
{
	char		resolved[PATH_MAX];

	if (!make_dir(o->artifacts_dir))
		return false;
	if (realpath(o->artifacts_dir, resolved) != NULL)
		snprintf(o->artifacts_dir, sizeof(o->artifacts_dir), "%s", resolved);
	if (o->cluster.bindir[0] != '/' && realpath(o->cluster.bindir, resolved) != NULL)
		snprintf(o->cluster.bindir, sizeof(o->cluster.bindir), "%s", resolved);
	/* scenario.txt must work from any directory */
	if (o->args.bin[0] != '\0' && o->args.bin[0] != '/' && realpath(o->args.bin, resolved) != NULL)
		snprintf(o->args.bin, sizeof(o->args.bin), "%s", resolved);
	if (o->args.pg_bin[0] != '\0' && o->args.pg_bin[0] != '/' &&
		realpath(o->args.pg_bin, resolved) != NULL)
		snprintf(o->args.pg_bin, sizeof(o->args.pg_bin), "%s", resolved);
	return true;
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

	run_options_init(&o, self);

	for (int i = 1; i < argc; i++)
	{
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		int			took;

		if (strcmp(a, "--seed") == 0 && val)
		{
			seed = strtoull(val, NULL, 10);
			have_seed = true;
			i++;
		}
		else if ((took = run_option(&o, argc, argv, i, "run")) != 0)
		{
			if (took < 0)
				return 2;
			i += took - 1;
		}
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
	if (!hx_scenario_supported(&s, o.cluster.target, err, sizeof(err)))
	{
		fprintf(stderr, "crashmatrix: %s\n", err);
		return 2;
	}
	if (!absolute_dirs(&o))
		return 2;
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

/*-------------------------------------------------------------------------
 * matrix
 *-------------------------------------------------------------------------
 */

/*
 * The output of `<bindir>/minipg_faults catalog` (malloc'd), or NULL with
 * a message.  Run directly (no shell), stdin from /dev/null.
 */
static char *
read_catalog(const char *bindir)
{
	char		prog[HX_PATH_LEN + 32];
	int			fds[2];
	pid_t		pid;
	char	   *buf = NULL;
	size_t		len = 0,
				cap = 0;
	int			status;

	snprintf(prog, sizeof(prog), "%s/minipg_faults", bindir);
	if (access(prog, X_OK) != 0)
	{
		fprintf(stderr, "crashmatrix: cannot run \"%s\": %s (is --bin right? the catalog "
				"needs a build with fault points: debug, asan or faults)\n", prog, strerror(errno));
		return NULL;
	}
	if (pipe(fds) != 0)
	{
		perror("crashmatrix: pipe");
		return NULL;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
	{
		perror("crashmatrix: fork");
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0)
	{
		int			devnull = open("/dev/null", O_RDONLY);

		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl(prog, prog, "catalog", (char *) NULL);
		fprintf(stderr, "crashmatrix: could not run \"%s\": %s\n", prog, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	for (;;)
	{
		ssize_t		n;

		if (cap - len < 4096)
		{
			cap = cap ? cap * 2 : 16384;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		n = read(fds[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t) n;
	}
	close(fds[0]);
	buf[len] = '\0';
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
	{
		fprintf(stderr, "crashmatrix: \"%s catalog\" failed\n", prog);
		free(buf);
		return NULL;
	}
	return buf;
}

/* argv as one line, words with anything unusual single-quoted. */
static void
join_command(int argc, char **argv, const char *self, char *buf, size_t len)
{
	size_t		used = (size_t) snprintf(buf, len, "%s matrix", self);

	for (int i = 1; i < argc && used < len; i++)
	{
		bool		plain = argv[i][0] != '\0' &&
			strspn(argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./,:+@")
			== strlen(argv[i]);

		used += (size_t) snprintf(buf + used, len - used, plain ? " %s" : " '%s'", argv[i]);
	}
}

typedef struct MatrixReports
{
	const char *junit;
	const char *html;
} MatrixReports;


/*
 * The matrix list of this build: read <bindir>/minipg_faults catalog,
 * parse it, build the list for spec; false with a message on stderr.  On
 * success *catalog and *all belong to the caller.
 */
static bool
load_matrix(const char *bindir, const HxMatrixSpec *spec, HxCatalog *catalog, HxMatrixList *all)
{
	char	   *catalog_text = read_catalog(bindir);
	char		err[512];

	if (catalog_text == NULL)
		return false;
	if (!hx_catalog_parse(catalog_text, catalog, err, sizeof(err)))
	{
		fprintf(stderr, "crashmatrix: %s\n", err);
		free(catalog_text);
		return false;
	}
	free(catalog_text);
	if (!hx_matrix_build(spec, catalog, all, err, sizeof(err)))
	{
		fprintf(stderr, "crashmatrix: %s\n", err);
		hx_catalog_free(catalog);
		return false;
	}
	return true;
}
/* After each item: rewrite the reports now and then, so a run cut short leaves them. */
static void
on_item(const HxMatrixRun *run, int item, void *arg)
{
	const MatrixReports *r = arg;

	if (run->n_done % 10 != 0)
		return;
	if (r->junit)
		hx_report_write(r->junit, hx_report_junit, run);
	if (r->html)
		hx_report_write(r->html, hx_report_html, run);
}

static int
cmd_matrix(int argc, char **argv, const char *self)
{
	HxRunOptions o;
	HxMatrixSpec spec;
	HxMatrixRunOptions mo;
	HxMatrixRun run;
	HxCatalog catalog;
	HxMatrixList all,
				shard;
	MatrixReports reports = {NULL, NULL};
	char		workloads_arg[64] = "";
	int			shard_i = 1,
				shard_n = 1,
				jobs = 1;
	bool		list_only = false;
	int			seeds;
	char		elapsed[32];

	run_options_init(&o, self);
	memset(&spec, 0, sizeof(spec));
	spec.mode = HX_MATRIX_QUICK;
	spec.seed_base = 1;

	for (int i = 1; i < argc; i++)
	{
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool		in_repro = false;	/* does it change how a scenario runs? */

		if (strcmp(a, "--quick") == 0)
			spec.mode = HX_MATRIX_QUICK;
		else if (strcmp(a, "--full") == 0)
			spec.mode = HX_MATRIX_FULL;
		else if (strcmp(a, "--list") == 0)
			list_only = true;
		else if (strcmp(a, "--keep") == 0)
			o.keep_always = true;
		else if (val == NULL)
		{
			fprintf(stderr, "crashmatrix matrix: \"%s\" needs a value (or is unknown)\n", a);
			return 2;
		}
		else if (strcmp(a, "--seeds") == 0 && atoi(val) >= 1)
			spec.seeds = atoi(argv[++i]);
		else if (strcmp(a, "--seed-base") == 0 && val[0] >= '0' && val[0] <= '9')
			spec.seed_base = strtoull(argv[++i], NULL, 10);
		else if (strcmp(a, "--shard") == 0)
		{
			if (!hx_shard_parse(val, &shard_i, &shard_n))
			{
				fprintf(stderr, "crashmatrix matrix: --shard wants i/N with 1 <= i <= N, not \"%s\"\n", val);
				return 2;
			}
			i++;
		}
		else if (strcmp(a, "--junit") == 0)
			reports.junit = argv[++i];
		else if (strcmp(a, "--html") == 0)
			reports.html = argv[++i];
		else if (strcmp(a, "--jobs") == 0 && atoi(val) >= 1 && atoi(val) <= 64)
			jobs = atoi(argv[++i]);
		else if (strcmp(a, "--workloads") == 0)
		{
			char	   *save = NULL;

			snprintf(workloads_arg, sizeof(workloads_arg), "%s", val);
			spec.n_workloads = 0;
			{
				static char copy[64];

				snprintf(copy, sizeof(copy), "%s", val);
				for (char *w = strtok_r(copy, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save))
				{
					if (spec.n_workloads == HX_MATRIX_MAX_WORKLOADS)
					{
						fprintf(stderr, "crashmatrix matrix: at most %d workloads\n",
								HX_MATRIX_MAX_WORKLOADS);
						return 2;
					}
					spec.workloads[spec.n_workloads++] = w;
				}
			}
			i++;
		}
		else if (strcmp(a, "--bin") == 0)
		{
			snprintf(o.cluster.bindir, sizeof(o.cluster.bindir), "%s", argv[++i]);
			snprintf(o.args.bin, sizeof(o.args.bin), "%s", val);
			in_repro = true;
		}
		else if (strcmp(a, "--pg-bin") == 0 || strcmp(a, "--target") == 0)
		{
			/* the PostgreSQL reference (pg_faults.h); --pg-bin implies it */
			if (strcmp(a, "--pg-bin") == 0)
				snprintf(o.args.pg_bin, sizeof(o.args.pg_bin), "%s", val);
			spec.target = strcmp(a, "--pg-bin") == 0 || strcmp(val, "postgres") == 0 ?
				HX_TARGET_POSTGRES : HX_TARGET_MINIPG;
			i++;
			in_repro = true;
		}
		else if (strcmp(a, "--artifacts") == 0)
		{
			snprintf(o.artifacts_dir, sizeof(o.artifacts_dir), "%s", argv[++i]);
			in_repro = true;
		}
		else if (strcmp(a, "--timeout-ms") == 0 && atoi(val) > 0)
		{
			o.step_timeout_ms = o.args.timeout_ms = o.cluster.timeout_ms = atoi(argv[++i]);
			in_repro = true;
		}
		else if (strcmp(a, "--set") == 0 && o.args.n_sets < HX_MAX_SETTINGS && add_setting(&o, val))
		{
			snprintf(o.args.sets[o.args.n_sets++], sizeof(o.args.sets[0]), "%s", val);
			i++;
			in_repro = true;
		}
		else
		{
			fprintf(stderr, "crashmatrix matrix: unexpected argument \"%s\"\n", a);
			usage(stderr);
			return 2;
		}
		/* the same repro line `run` would print for these options */
		if (in_repro)
		{
			size_t		used = strlen(o.repro_args);

			snprintf(o.repro_args + used, sizeof(o.repro_args) - used, " %s '%s'", a, val);
		}
	}

	if (!load_matrix(o.cluster.bindir, &spec, &catalog, &all))
		return 2;
	hx_matrix_shard(&all, shard_i, shard_n, &shard);
	if (spec.target == HX_TARGET_POSTGRES)
	{
		/* --bin's catalog named what is skipped; the scenarios run on PostgreSQL */
		if (o.args.pg_bin[0] == '\0')
		{
			fprintf(stderr, "crashmatrix matrix: --target postgres needs --pg-bin DIR\n");
			return 2;
		}
		o.cluster.target = HX_TARGET_POSTGRES;
		snprintf(o.cluster.bindir, sizeof(o.cluster.bindir), "%s", o.args.pg_bin);
		snprintf(o.args.target, sizeof(o.args.target), "postgres");
	}
	seeds = spec.seeds > 0 ? spec.seeds : (spec.mode == HX_MATRIX_QUICK ? 1 : 5);

	if (list_only)
	{
		int			by_design = 0;

		for (int k = 0; k < shard.n; k++)
		{
			const HxMatrixItem *it = &shard.items[k];

			if (it->skip_reason[0] != '\0')
			{
				printf("%s  (skipped by design: %s)\n", it->fault, it->skip_reason);
				by_design++;
			}
			else
				printf("%s seed=%" PRIu64 "\n", it->name, it->seed);
		}
		fprintf(stderr, "shard %d/%d: %d items (%d to run, %d skipped by design) of %d in the %s "
				"matrix over %d catalogued points\n", shard_i, shard_n, shard.n, shard.n - by_design,
				by_design, all.n, spec.mode == HX_MATRIX_QUICK ? "quick" : "full", catalog.n);
		hx_matrix_list_free(&shard);
		hx_matrix_list_free(&all);
		hx_catalog_free(&catalog);
		return 0;
	}

	if (!absolute_dirs(&o))
		return 2;
	memset(&run, 0, sizeof(run));
	run.list = &shard;
	run.results = calloc((size_t) (shard.n ? shard.n : 1), sizeof(HxMatrixResult));
	if (run.results == NULL)
		abort();
	run.mode = spec.mode;
	run.shard_i = shard_i;
	run.shard_n = shard_n;
	run.seed_first = spec.seed_base;
	run.seed_last = spec.seed_base + (uint64_t) seeds - 1;
	snprintf(run.workloads, sizeof(run.workloads), "%s%s",
			 workloads_arg[0] ? workloads_arg : "bank,ledger,mix",
			 spec.mode == HX_MATRIX_QUICK ? " (one per scenario, rotating)" : "");
	snprintf(run.bindir, sizeof(run.bindir), "%s", o.cluster.bindir);
	join_command(argc, argv, self, run.command, sizeof(run.command));
	{
		time_t		now = time(NULL);
		struct tm	tm;

		gmtime_r(&now, &tm);
		strftime(run.started, sizeof(run.started), "%Y-%m-%dT%H:%M:%S", &tm);
	}

	memset(&mo, 0, sizeof(mo));
	mo.run = &o;
	mo.jobs = jobs;
	mo.on_item = on_item;
	mo.arg = &reports;
	{
		int			to_run = 0;

		for (int k = 0; k < shard.n; k++)
			to_run += shard.items[k].skip_reason[0] == '\0';
		fprintf(stderr, "crashmatrix: %s matrix, shard %d/%d: %d scenarios to run (%d skipped by "
				"design), seeds %" PRIu64 "..%" PRIu64 ", %d at a time; artifacts under %s\n",
				spec.mode == HX_MATRIX_QUICK ? "quick" : "full", shard_i, shard_n, to_run,
				shard.n - to_run, run.seed_first, run.seed_last, jobs, o.artifacts_dir);
	}
	hx_matrix_run(&run, &mo);

	/* the totals, every failure, where the reports are */
	hx_format_duration(run.elapsed_ms, elapsed, sizeof(elapsed));
	printf("\ncrashmatrix %s matrix, shard %d/%d, seeds %" PRIu64 "..%" PRIu64 ": %d scenarios in %s "
		   "(%.1f scenarios/min)\n", spec.mode == HX_MATRIX_QUICK ? "quick" : "full", shard_i,
		   shard_n, run.seed_first, run.seed_last, run.n_done, elapsed, hx_matrix_rate_per_min(&run));
	printf("  %d passed, %d failed, %d skipped (not reached by the workload); %d skipped by design\n",
		   run.n_pass, run.n_fail, run.n_not_reached, run.n_by_design);
	for (int k = 0; k < shard.n; k++)
	{
		const HxVerdict *v = &run.results[k].verdict;

		if (run.results[k].status != HX_ITEM_FAIL)
			continue;
		printf("\nFAIL %s seed=%" PRIu64 " (%s)\n", shard.items[k].name, shard.items[k].seed,
			   v->summary);
		for (int i = 0; i < v->failures.n; i++)
			printf("  check %s failed: %s\n", v->failures.items[i].check, v->failures.items[i].detail);
		if (v->failures.n_dropped > 0)
			printf("  ... and %d more\n", v->failures.n_dropped);
		if (v->artifacts[0] != '\0')
			printf("  artifacts: %s\n", v->artifacts);
		printf("  reproduce: %s\n", v->repro);
	}
	printf("\n");
	if (reports.junit && hx_report_write(reports.junit, hx_report_junit, &run))
		printf("JUnit XML:   %s\n", reports.junit);
	if (reports.html && hx_report_write(reports.html, hx_report_html, &run))
		printf("HTML report: %s\n", reports.html);

	free(run.results);
	hx_matrix_list_free(&shard);
	hx_matrix_list_free(&all);
	hx_catalog_free(&catalog);
	return run.n_fail > 0 ? 1 : 0;
}

/* A whole file (malloc'd, NUL-terminated), or NULL with a message. */
static char *
read_file(const char *path)
{
	char	   *text = hx_read_file(path, NULL);

	if (text == NULL)
		fprintf(stderr, "crashmatrix: %s\n", hx_last_error());
	return text;
}

static int
cmd_junit_merge(int argc, char **argv)
{
	const char *out;
	char	  **docs;
	int			n;
	HxJunitTotals t;
	char		err[512];
	char		tmp[HX_PATH_LEN + 8];
	FILE	   *f;
	bool		ok;

	if (argc < 3)
	{
		fprintf(stderr, "usage: crashmatrix junit-merge OUT IN...\n");
		return 2;
	}
	out = argv[1];
	n = argc - 2;
	docs = calloc((size_t) n, sizeof(char *));
	if (docs == NULL)
		abort();
	for (int i = 0; i < n; i++)
		if ((docs[i] = read_file(argv[2 + i])) == NULL)
			return 2;
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	f = fopen(tmp, "w");
	if (f == NULL)
	{
		fprintf(stderr, "crashmatrix: could not write \"%s\": %s\n", tmp, strerror(errno));
		return 2;
	}
	ok = hx_junit_merge((const char *const *) docs, (const char *const *) (argv + 2), n, f, &t,
						err, sizeof(err));
	if (fclose(f) != 0)
		ok = false;
	for (int i = 0; i < n; i++)
		free(docs[i]);
	free(docs);
	if (!ok || rename(tmp, out) != 0)
	{
		fprintf(stderr, "crashmatrix: junit-merge: %s\n", ok ? strerror(errno) : err);
		unlink(tmp);
		return 2;
	}
	printf("merged %d suites from %d files into %s: %ld tests, %ld failures, %ld errors, "
		   "%ld skipped, %.1f s\n", t.suites, n, out, t.tests, t.failures, t.errors, t.skipped,
		   t.time_s);
	if (t.duplicates > 0)
	{
		fprintf(stderr, "crashmatrix: junit-merge: %ld duplicated testcases (the same shard twice, "
				"or shards of different splits?), first: %s\n", t.duplicates, t.first_duplicate);
		return 1;
	}
	return 0;
}

/*-------------------------------------------------------------------------
 * repro, shrink, determinism (replay.h)
 *-------------------------------------------------------------------------
 */

/*
 * Read DIR/scenario.txt into rec; false after a message.  Also the folder
 * DIR's parent (absolute), where reruns keep their artifacts by default.
 */
static bool
load_record(const char *dir, HxRecord *rec, char *parent, size_t parent_len)
{
	char		path[HX_PATH_LEN + 32];
	char		resolved[PATH_MAX];
	char		err[512];
	char	   *text;
	char	   *slash;
	bool		ok;

	snprintf(path, sizeof(path), "%s/scenario.txt", dir);
	text = read_file(path);
	if (text == NULL)
		return false;
	ok = hx_record_parse(text, rec, err, sizeof(err));
	free(text);
	if (!ok)
	{
		fprintf(stderr, "crashmatrix: %s: %s\n", path, err);
		return false;
	}
	if (realpath(dir, resolved) == NULL)
	{
		fprintf(stderr, "crashmatrix: %s: %s\n", dir, strerror(errno));
		return false;
	}
	slash = strrchr(resolved, '/');
	if (slash != NULL && slash != resolved)
		*slash = '\0';
	else
		snprintf(resolved, sizeof(resolved), "/");
	snprintf(parent, parent_len, "%s", resolved);
	return true;
}

/*
 * The options of the run rec records, given again through run_option, so
 * the repro line and scenario.txt of a rerun say the same.
 */
static bool
options_from_record(const HxRecord *rec, HxRunOptions *o, const char *self)
{
	const char *words[2 * (HX_MAX_SETTINGS + 8)];
	char		timeout[32],
				plan[128];
	int			n = 0;

	run_options_init(o, self);
	if (strcmp(rec->args.target, "minipg") != 0 && rec->args.pg_bin[0] == '\0')
	{
		words[n++] = "--target";
		words[n++] = rec->args.target;
	}
	if (rec->args.bin[0] != '\0')
	{
		words[n++] = "--bin";
		words[n++] = rec->args.bin;
	}
	if (rec->args.pg_bin[0] != '\0')
	{
		words[n++] = "--pg-bin";
		words[n++] = rec->args.pg_bin;
	}
	if (rec->args.timeout_ms > 0 && rec->args.timeout_ms != o->step_timeout_ms)
	{
		snprintf(timeout, sizeof(timeout), "%d", rec->args.timeout_ms);
		words[n++] = "--timeout-ms";
		words[n++] = timeout;
	}
	for (int i = 0; i < rec->args.n_sets; i++)
	{
		words[n++] = "--set";
		words[n++] = rec->args.sets[i];
	}
	hx_plan_format(&rec->args.plan, plan, sizeof(plan));
	if (plan[0] != '\0')
	{
		words[n++] = "--plan";
		words[n++] = plan;
	}
	for (int i = 0; i < n; i += 2)
		if (run_option(o, n, (char **) words, i, "repro") != 2)
			return false;
	return true;
}

/* --artifacts for a rerun: not DIR's own parent, or the rerun would replace DIR. */
static bool
rerun_artifacts(HxRunOptions *o, const char *given, const char *parent, const char *sub)
{
	char		resolved[PATH_MAX];

	if (given == NULL)
	{
		snprintf(o->artifacts_dir, sizeof(o->artifacts_dir), "%s/%s", parent, sub);
		return true;
	}
	if (realpath(given, resolved) != NULL && strcmp(resolved, parent) == 0)
	{
		fprintf(stderr, "crashmatrix: --artifacts %s would replace the folder being replayed; "
				"give another one\n", given);
		return false;
	}
	snprintf(o->artifacts_dir, sizeof(o->artifacts_dir), "%s", given);
	return true;
}

static bool
is_record_dir(const char *path)
{
	char		p[HX_PATH_LEN + 32];
	struct stat st;

	snprintf(p, sizeof(p), "%s/scenario.txt", path);
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int
cmd_repro(int argc, char **argv, const char *self)
{
	const char *dir = NULL,
			   *artifacts = NULL;
	int			times = 1;
	HxRecord   *rec;
	HxRunOptions o;
	HxScenario	s;
	char		parent[HX_PATH_LEN];
	char		err[256];
	int			reproduced;

	for (int i = 1; i < argc; i++)
	{
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--times") == 0 && val && atoi(val) >= 1 && atoi(val) <= 10000)
			times = atoi(argv[++i]);
		else if (strcmp(argv[i], "--artifacts") == 0 && val)
			artifacts = argv[++i];
		else if (dir == NULL && argv[i][0] != '-')
			dir = argv[i];
		else
		{
			fprintf(stderr, "crashmatrix repro: unexpected argument \"%s\"\n", argv[i]);
			fprintf(stderr, "usage: crashmatrix repro DIR [--times N] [--artifacts DIR2]\n");
			return 2;
		}
	}
	if (dir == NULL)
	{
		fprintf(stderr, "usage: crashmatrix repro DIR [--times N] [--artifacts DIR2]\n");
		return 2;
	}
	rec = calloc(1, sizeof(HxRecord));
	if (rec == NULL)
		abort();
	if (!load_record(dir, rec, parent, sizeof(parent)) || !options_from_record(rec, &o, self) ||
		!rerun_artifacts(&o, artifacts, parent, "repro") || !absolute_dirs(&o))
	{
		free(rec);
		return 2;
	}
	if (!hx_scenario_parse(rec->scenario, &s, err, sizeof(err)))
	{
		fprintf(stderr, "crashmatrix: %s\n", err);
		free(rec);
		return 2;
	}
	reproduced = hx_repro(rec, &s, &o, times, stdout);
	free(rec);
	return reproduced == times ? 0 : 1;
}

static int
cmd_shrink(int argc, char **argv, const char *self)
{
	HxRunOptions o;
	HxScenario	s;
	HxShrinkLimits limits = {40, 600 * 1000.0, 3};
	HxRecord   *rec = NULL;
	const char *name = NULL,
			   *artifacts = NULL;
	uint64_t	seed = 0;
	bool		have_seed = false;
	char		parent[HX_PATH_LEN];
	char		err[256];
	int			rc;

	/* SCENARIO or a kept folder comes first */
	if (argc >= 2 && argv[1][0] != '-' && is_record_dir(argv[1]))
	{
		rec = calloc(1, sizeof(HxRecord));
		if (rec == NULL)
			abort();
		if (!load_record(argv[1], rec, parent, sizeof(parent)) ||
			!options_from_record(rec, &o, self))
		{
			free(rec);
			return 2;
		}
		name = rec->scenario;
		seed = rec->seed;
		have_seed = true;
	}
	else
		run_options_init(&o, self);

	for (int i = rec != NULL ? 2 : 1; i < argc; i++)
	{
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		int			took;

		if (strcmp(a, "--max-attempts") == 0 && val && atoi(val) >= 1)
			limits.max_attempts = atoi(argv[++i]);
		else if (strcmp(a, "--max-seconds") == 0 && val && atoi(val) >= 1)
			limits.max_ms = atoi(argv[++i]) * 1000.0;
		else if (strcmp(a, "--artifacts") == 0 && val)
			artifacts = argv[++i];
		else if (rec == NULL && strcmp(a, "--seed") == 0 && val)
		{
			seed = strtoull(argv[++i], NULL, 10);
			have_seed = true;
		}
		else if (rec == NULL && (took = run_option(&o, argc, argv, i, "shrink")) != 0)
		{
			if (took < 0)
				return 2;
			i += took - 1;
		}
		else if (rec == NULL && name == NULL && a[0] != '-')
			name = a;
		else
		{
			fprintf(stderr, "crashmatrix shrink: unexpected argument \"%s\"\n", a);
			free(rec);
			return 2;
		}
	}
	if (name == NULL || !have_seed)
	{
		usage(stderr);
		free(rec);
		return 2;
	}
	/* the candidates' artifacts go to a folder of their own */
	if (rec != NULL)
	{
		if (!rerun_artifacts(&o, artifacts, parent, "shrink"))
		{
			free(rec);
			return 2;
		}
	}
	else
	{
		size_t		used = strlen(o.repro_args);

		if (artifacts != NULL)
			snprintf(o.repro_args + used, sizeof(o.repro_args) - used, " --artifacts '%s'", artifacts);
		snprintf(parent, sizeof(parent), "%s", artifacts ? artifacts : o.artifacts_dir);
		snprintf(o.artifacts_dir, sizeof(o.artifacts_dir), "%s/shrink", parent);
		if (!make_dir(parent))
			return 2;
	}
	if (!hx_scenario_parse(name, &s, err, sizeof(err)))
	{
		fprintf(stderr, "crashmatrix: %s\n", err);
		free(rec);
		return 2;
	}
	free(rec);
	if (!absolute_dirs(&o))
		return 2;
	rc = hx_shrink_scenario(&s, seed, &o, &limits, stdout);
	return rc;
}

static int
cmd_determinism(int argc, char **argv, const char *self)
{
	HxRunOptions o;
	HxMatrixSpec spec;
	HxCatalog	catalog;
	HxMatrixList all,
				sample;
	int			k = 12,
				jobs = 1,
				mismatches;
	static char workloads[64];

	run_options_init(&o, self);
	memset(&spec, 0, sizeof(spec));
	spec.mode = HX_MATRIX_QUICK;
	spec.seed_base = 1;
	for (int i = 1; i < argc; i++)
	{
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		int			took;

		if (strcmp(a, "--quick") == 0)
			spec.mode = HX_MATRIX_QUICK;
		else if (strcmp(a, "--full") == 0)
			spec.mode = HX_MATRIX_FULL;
		else if (strcmp(a, "--sample") == 0 && val && atoi(val) >= 1)
			k = atoi(argv[++i]);
		else if (strcmp(a, "--seeds") == 0 && val && atoi(val) >= 1)
			spec.seeds = atoi(argv[++i]);
		else if (strcmp(a, "--seed-base") == 0 && val && val[0] >= '0' && val[0] <= '9')
			spec.seed_base = strtoull(argv[++i], NULL, 10);
		else if (strcmp(a, "--jobs") == 0 && val && atoi(val) >= 1 && atoi(val) <= 64)
			jobs = atoi(argv[++i]);
		else if (strcmp(a, "--workloads") == 0 && val)
		{
			char	   *save = NULL;

			snprintf(workloads, sizeof(workloads), "%s", argv[++i]);
			spec.n_workloads = 0;
			for (char *w = strtok_r(workloads, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save))
				if (spec.n_workloads < HX_MATRIX_MAX_WORKLOADS)
					spec.workloads[spec.n_workloads++] = w;
		}
		else if ((took = run_option(&o, argc, argv, i, "determinism")) != 0)
		{
			if (took < 0)
				return 2;
			i += took - 1;
		}
		else
		{
			fprintf(stderr, "crashmatrix determinism: unexpected argument \"%s\"\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (!load_matrix(o.cluster.bindir, &spec, &catalog, &all))
		return 2;
	hx_determinism_sample(&all, k, spec.seed_base, &sample);
	{
		char		parent[HX_PATH_LEN];

		snprintf(parent, sizeof(parent), "%s", o.artifacts_dir);
		if (!make_dir(parent))
			return 2;
		snprintf(o.artifacts_dir, sizeof(o.artifacts_dir), "%s/determinism", parent);
	}
	if (!absolute_dirs(&o))
		return 2;
	printf("determinism: %d of the %s matrix's items, each run twice\n", sample.n,
		   spec.mode == HX_MATRIX_QUICK ? "quick" : "full");
	fflush(stdout);
	mismatches = hx_determinism(&sample, &catalog, &o, jobs, stdout);
	hx_matrix_list_free(&sample);
	hx_matrix_list_free(&all);
	hx_catalog_free(&catalog);
	return mismatches > 0 ? 1 : 0;
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
	if (strcmp(argv[1], "matrix") == 0)
		return cmd_matrix(argc - 1, argv + 1, argv[0]);
	if (strcmp(argv[1], "junit-merge") == 0)
		return cmd_junit_merge(argc - 1, argv + 1);
	if (strcmp(argv[1], "repro") == 0)
		return cmd_repro(argc - 1, argv + 1, argv[0]);
	if (strcmp(argv[1], "shrink") == 0)
		return cmd_shrink(argc - 1, argv + 1, argv[0]);
	if (strcmp(argv[1], "determinism") == 0)
		return cmd_determinism(argc - 1, argv + 1, argv[0]);
	fprintf(stderr, "crashmatrix: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return 2;
}
