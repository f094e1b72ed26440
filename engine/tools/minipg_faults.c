/*-------------------------------------------------------------------------
 * minipg_faults.c
 *	  Command-line companion of the fault-injection framework.
 *
 *	minipg_faults catalog				one line per fault point: name, kind
 *										(io or step: a write point is io
 *										here, scripts parse these two),
 *										processes
 *	minipg_faults catalog --markdown	docs/fault-points.md (the whole file)
 *	minipg_faults trail [--canonical] DATADIR
 *										the fault trail of a cluster; with
 *										--canonical without time and PID, the
 *										part two runs of one seed agree on
 *
 * Role: render the fault-point catalog (faults/fault_points.def) for people
 * and scripts.  docs/fault-points.md is this program's output, and
 * engine/test/t030_fault_catalog.sh fails when the two differ; regenerate
 * with
 *
 *	build/debug/engine/minipg_faults catalog --markdown > docs/fault-points.md
 *
 * The catalog is compiled into every build, so this works the same with a
 * release build (where the points themselves are compiled out).
 *
 * Structure: main() looks the first argument up in `subcommands`; adding a
 * subcommand is one function and one line in that table.  Each subcommand
 * gets argv from its own name on and returns the exit code (0 ok, 1 usage
 * error or failure).
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/minipg.h"
#include "faults/fault_catalog.h"

static const char *progname = "minipg_faults";

typedef struct Subcommand
{
	const char *name;
	int			(*run) (int argc, char **argv);	/* argv[0] is the subcommand */
	const char *synopsis;		/* arguments after the name */
	const char *summary;		/* one line for the help text */
} Subcommand;

static int	cmd_catalog(int argc, char **argv);
static int	cmd_trail(int argc, char **argv);

static const Subcommand subcommands[] = {
	{"catalog", cmd_catalog, "[--markdown]",
	"list every fault point (name, kind, processes); --markdown prints docs/fault-points.md"},
	{"trail", cmd_trail, "[--canonical] DATADIR",
	"print DATADIR/pg_faults/trail; --canonical drops time and PID (compare two runs)"},
};

/*
 * The trail's first two fields are the time and "pid=N"; everything after
 * them is determined by the seed and the workload (faults/fault_trail.c).
 */
static int
cmd_trail(int argc, char **argv)
{
	bool		canonical = false;
	const char *datadir = NULL;
	char		path[4096];
	char		line[8192];
	FILE	   *f;

	for (int i = 1; i < argc; i++)
	{
		if (strcmp(argv[i], "--canonical") == 0)
			canonical = true;
		else if (datadir == NULL && argv[i][0] != '-')
			datadir = argv[i];
		else
		{
			fprintf(stderr, "%s: trail: unexpected argument \"%s\"\n", progname, argv[i]);
			return 1;
		}
	}
	if (datadir == NULL)
	{
		fprintf(stderr, "%s: trail: no data directory given\n", progname);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/pg_faults/trail", datadir);
	f = fopen(path, "r");
	if (f == NULL)
	{
		if (errno == ENOENT)
			return 0;			/* no firing yet: an empty trail */
		fprintf(stderr, "%s: could not open \"%s\": %s\n", progname, path, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f) != NULL)
	{
		const char *out = line;

		if (canonical)
		{
			const char *sp = strchr(line, ' ');

			sp = sp ? strchr(sp + 1, ' ') : NULL;
			out = sp ? sp + 1 : line;
		}
		fputs(out, stdout);
	}
	fclose(f);
	return 0;
}

static void
usage(FILE *out)
{
	fprintf(out, "%s works with the fault-injection framework of minipg.\n\n"
			"Usage:\n", progname);
	for (size_t i = 0; i < lengthof(subcommands); i++)
		fprintf(out, "  %s %s %s\n", progname, subcommands[i].name, subcommands[i].synopsis);
	fprintf(out, "\nSubcommands:\n");
	for (size_t i = 0; i < lengthof(subcommands); i++)
		fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(out, "\nOptions:\n"
			"  -V, --version  output version information, then exit\n"
			"  -?, --help     show this help, then exit\n");
}

/* ---- catalog ---- */

/* The subsystem of a point: its name up to the first '/'. */
static size_t
subsystem_len(const char *name)
{
	const char *slash = strchr(name, '/');

	return slash != NULL ? (size_t) (slash - name) : strlen(name);
}

static bool
same_subsystem(const char *a, const char *b)
{
	size_t		n = subsystem_len(a);

	return n == subsystem_len(b) && strncmp(a, b, n) == 0;
}

/* Text for a Markdown table cell: '|' escaped, newlines flattened. */
static void
put_cell(const char *s)
{
	for (; *s != '\0'; s++)
	{
		if (*s == '|')
			fputs("\\|", stdout);
		else if (*s == '\n')
			putchar(' ');
		else
			putchar(*s);
	}
}

static void
print_catalog_plain(void)
{
	for (int i = 0; i < fault_catalog_count(); i++)
	{
		const FaultPointInfo *p = fault_catalog_entry(i);

		printf("%-48s %-4s %s\n", p->name, fault_kind_class_name(p->kind), p->processes);
	}
}

/* Number of points from entry i on that share its subsystem. */
static int
group_size(int i)
{
	const char *first = fault_catalog_entry(i)->name;
	int			n = 0;

	while (i + n < fault_catalog_count() && same_subsystem(first, fault_catalog_entry(i + n)->name))
		n++;
	return n;
}

static void
print_catalog_markdown(void)
{
	int			n_groups = 0;

	for (int i = 0; i < fault_catalog_count(); i += group_size(i))
		n_groups++;

	printf("# Fault points\n\n"
		   "<!-- Generated by `minipg_faults catalog --markdown` from faults/fault_points.def;\n"
		   "     do not edit: engine/test/t030_fault_catalog.sh compares the two. -->\n\n");
	printf("Every place where the engine can be made to fail on purpose is a named fault\n"
		   "point, listed here: %d points in %d subsystems.  Names are\n"
		   "`subsystem/module/event`; a policy names one point, or a group with a trailing\n"
		   "`*` (`wal/*`, `postmaster/fork-*`), or `*` for all.  The points are compiled into\n"
		   "the `debug`, `asan` and `faults` builds and compiled out of `release`.\n\n",
		   fault_catalog_count(), n_groups);
	printf("Attach a policy (point, action, options) in any of three ways:\n\n"
		   "- SQL, in a running cluster:\n"
		   "  `SELECT fault_attach('xact/commit/after-wal-flush', 'crash', 'app=victim')`;\n"
		   "  `fault_detach`, `fault_list`, `fault_waiting`, `fault_wakeup` and `fault_hits`\n"
		   "  manage them;\n"
		   "- the file `pg_faults/policy.conf` in the data directory, one\n"
		   "  `point action options` per line, read by the postmaster at start (so points\n"
		   "  fire during startup and recovery, before any connection exists);\n"
		   "- the environment variable `MINIPG_FAULTS` of the postmaster, policies separated\n"
		   "  by `;` (and `MINIPG_FAULT_SEED` for the seed).\n\n"
		   "Actions, triggers (nth hit, window, probability, once or persistent) and\n"
		   "filters (process type, PID, application_name) are described in\n"
		   "[faults/README.md](../faults/README.md).\n\n");
	printf("Kinds: **io** points are calls that can fail: the `error` action makes the call\n"
		   "fail with the policy's errno (default EIO) and the engine takes its real error\n"
		   "path.  **write** points are io points that write a buffer; they also take the\n"
		   "`short` action (and are the only points that do): the write stores only a\n"
		   "prefix of the buffer and returns that count with ENOSPC, as when the disk\n"
		   "fills in the middle of a write, and the writer's retry must complete it or\n"
		   "fail (`minipg_faults catalog` lists them as io).  **step** points are places\n"
		   "in a procedure, for `crash`, `abort`, `panic`, `delay`, `wait`, `corrupt` or\n"
		   "`powerloss`; `error` there raises a plain ERROR (XX000), which is a PANIC\n"
		   "inside a critical section.  *Processes* are the process types that reach the\n"
		   "point (`standalone` is bootstrap, single-process tools and unit tests).\n");

	for (int i = 0; i < fault_catalog_count();)
	{
		const FaultPointInfo *first = fault_catalog_entry(i);
		int			n = group_size(i);

		printf("\n## %.*s\n\n", (int) subsystem_len(first->name), first->name);
		printf("| point | kind | processes | simulates | the engine must |\n"
			   "|---|---|---|---|---|\n");
		for (int j = i; j < i + n; j++)
		{
			const FaultPointInfo *p = fault_catalog_entry(j);

			printf("| `%s` | %s | ", p->name, fault_kind_name(p->kind));
			put_cell(p->processes);
			fputs(" | ", stdout);
			put_cell(p->simulates);
			fputs(" | ", stdout);
			put_cell(p->engine_must);
			fputs(" |\n", stdout);
		}
		i += n;
	}
}

static int
cmd_catalog(int argc, char **argv)
{
	bool		markdown = false;

	for (int i = 1; i < argc; i++)
	{
		if (strcmp(argv[i], "--markdown") == 0)
			markdown = true;
		else
		{
			fprintf(stderr, "%s catalog: unknown option \"%s\"\n", progname, argv[i]);
			return 1;
		}
	}
	if (markdown)
		print_catalog_markdown();
	else
		print_catalog_plain();
	return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- dispatch ---- */

int
main(int argc, char **argv)
{
	if (argc < 2)
	{
		usage(stderr);
		return 1;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0)
	{
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
	{
		printf("%s (minipg) %s\n", progname, MINIPG_VERSION_STR);
		return 0;
	}
	for (size_t i = 0; i < lengthof(subcommands); i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown subcommand \"%s\"\n", progname, argv[1]);
	fprintf(stderr, "Try \"%s --help\" for more information.\n", progname);
	return 1;
}
