/*-------------------------------------------------------------------------
 * compound.c
 *	  The second fault of a compound scenario: which points it may be at,
 *	  what the cluster must do, its policy text, the policy file
 *	  (compound.h states the rules).
 *
 * Invariant: a second fault is only ever at a point that normal operation
 * does not reach in the process it is limited to, so arming it before the
 * first fault cannot make it fire early.
 *-------------------------------------------------------------------------
 */
#include "compound.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The points only recovery reaches, the process each is limited to, and
 * what must follow a crash or an error there.  (An entry ending in '/'
 * covers every point under it.)
 */
static const struct
{
	const char *point;
	const char *proc;
	HxSecondExpect on_crash;
	HxSecondExpect on_error;
}			recovery_points[] = {
	/* the startup process: any failure ends the postmaster */
	{"wal/recovery/", "startup", HX_SECOND_POSTMASTER_EXITS, HX_SECOND_POSTMASTER_EXITS},
	{"wal/reader/read-page", "startup", HX_SECOND_POSTMASTER_EXITS, HX_SECOND_POSTMASTER_EXITS},
	{"controlfile/read", "startup", HX_SECOND_POSTMASTER_EXITS, HX_SECOND_POSTMASTER_EXITS},
	/* the postmaster's reinitialization: it cannot go on without shared memory */
	{"postmaster/reinit/before-shmem-create", "postmaster", HX_SECOND_POSTMASTER_EXITS,
	HX_SECOND_POSTMASTER_EXITS},
	{"ipc/shmem/create", "postmaster", HX_SECOND_POSTMASTER_EXITS, HX_SECOND_POSTMASTER_EXITS},
	/* the postmaster's crash handling itself */
	{"postmaster/crash/before-sigquit", "postmaster", HX_SECOND_POSTMASTER_EXITS,
	HX_SECOND_POSTMASTER_EXITS},
	/* forks: of the startup process fatal, of an auxiliary process retried */
	{"postmaster/fork-startup", "postmaster", HX_SECOND_POSTMASTER_EXITS,
	HX_SECOND_POSTMASTER_EXITS},
	{"postmaster/fork-checkpointer", "postmaster", HX_SECOND_POSTMASTER_EXITS,
	HX_SECOND_RECOVERS_ALONE},
	{"postmaster/fork-bgwriter", "postmaster", HX_SECOND_POSTMASTER_EXITS,
	HX_SECOND_RECOVERS_ALONE},
	{"postmaster/fork-walwriter", "postmaster", HX_SECOND_POSTMASTER_EXITS,
	HX_SECOND_RECOVERS_ALONE},
	{"postmaster/fork-stats-collector", "postmaster", HX_SECOND_POSTMASTER_EXITS,
	HX_SECOND_RECOVERS_ALONE},
	{"postmaster/fork-autovacuum-launcher", "postmaster", HX_SECOND_POSTMASTER_EXITS,
	HX_SECOND_RECOVERS_ALONE},
};

bool
hx_second_fault_point_ok(const char *point, char *proc, size_t proclen,
						 HxSecondExpect *on_crash, HxSecondExpect *on_error)
{
	for (size_t i = 0; i < sizeof(recovery_points) / sizeof(recovery_points[0]); i++)
	{
		const char *p = recovery_points[i].point;
		size_t		n = strlen(p);
		bool		match = p[n - 1] == '/' ? strncmp(point, p, n) == 0 && point[n] != '\0'
			: strcmp(point, p) == 0;

		if (!match)
			continue;
		if (proc != NULL)
			snprintf(proc, proclen, "%s", recovery_points[i].proc);
		if (on_crash != NULL)
			*on_crash = recovery_points[i].on_crash;
		if (on_error != NULL)
			*on_error = recovery_points[i].on_error;
		return true;
	}
	return false;
}

bool
hx_second_fault_split(char *fault, HxSecondFault *sf, char *err, size_t errlen)
{
	char	   *plus = strchr(fault, '+');
	char	   *slash;
	HxSecondExpect on_crash,
				on_error;

	memset(sf, 0, sizeof(*sf));
	if (plus == NULL)
		return true;
	*plus = '\0';
	slash = strchr(plus + 1, '/');
	if (slash == NULL)
	{
		snprintf(err, errlen, "the second fault \"%s\" is not ACTION/POINT", plus + 1);
		return false;
	}
	*slash = '\0';
	if (strcmp(plus + 1, "crash") != 0 && strcmp(plus + 1, "error") != 0)
	{
		snprintf(err, errlen, "the second fault's action must be crash or error, not \"%s\"",
				 plus + 1);
		return false;
	}
	snprintf(sf->action, sizeof(sf->action), "%s", plus + 1);
	snprintf(sf->point, sizeof(sf->point), "%s", slash + 1);
	if (!hx_second_fault_point_ok(sf->point, sf->proc, sizeof(sf->proc), &on_crash, &on_error))
	{
		snprintf(err, errlen,
				 "\"%s\" is not a point only recovery reaches (a second fault must be at one: "
				 "wal/recovery/..., wal/reader/read-page, controlfile/read, "
				 "postmaster/reinit/before-shmem-create, "
				 "ipc/shmem/create, postmaster/fork-{startup,checkpointer,bgwriter,walwriter})",
				 sf->point);
		return false;
	}
	sf->expect = strcmp(sf->action, "error") == 0 ? on_error : on_crash;
	sf->present = true;
	return true;
}

int
hx_second_fault_max_nth(const HxSecondFault *sf)
{
	/* a recovery replays the checkpoint record at least, on one WAL page */
	if (strcmp(sf->point, "wal/recovery/before-record") == 0 ||
		strcmp(sf->point, "wal/recovery/after-record") == 0)
		return 2;
	return 1;
}

void
hx_second_fault_options(const HxSecondFault *sf, int64_t nth, char *buf, size_t len)
{
	snprintf(buf, len, "nth=%" PRId64 " proc=%s%s", nth, sf->proc,
			 strcmp(sf->action, "error") == 0 ? " errno=EIO" : "");
}

void
hx_second_fault_policy(const HxSecondFault *sf, int64_t nth, char *buf, size_t len)
{
	char		opts[128];

	hx_second_fault_options(sf, nth, opts, sizeof(opts));
	snprintf(buf, len, "%s %s %s", sf->point, sf->action, opts);
}

bool
hx_second_fault_in_trail(const HxSecondFault *sf, const char *trail)
{
	char		needle[128];

	if (trail == NULL)
		return false;
	snprintf(needle, sizeof(needle), " point=%s ", sf->point);
	return strstr(trail, needle) != NULL;
}

bool
hx_policy_file_write(const char *datadir, const char *policy)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/pg_faults", datadir);
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return false;
	snprintf(path, sizeof(path), "%s/pg_faults/policy.conf", datadir);
	f = fopen(path, "a");
	if (f == NULL)
		return false;
	fprintf(f, "%s\n", policy);
	return fclose(f) == 0;
}

bool
hx_policy_file_remove(const char *datadir)
{
	char		path[4096];

	snprintf(path, sizeof(path), "%s/pg_faults/policy.conf", datadir);
	return unlink(path) == 0 || errno == ENOENT;
}
