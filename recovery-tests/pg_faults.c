/*-------------------------------------------------------------------------
 * pg_faults.c
 *	  The PostgreSQL reference: scenario support by target, the reference
 *	  set, and libfiu's POSIX failures inside a running PostgreSQL (see
 *	  pg_faults.h for the steps).
 *
 * Invariants:
 *	- Only the name and the seed decide: the errno comes from the name
 *	  (error/ EIO, enospc/ ENOSPC), the client from the plan stream; which
 *	  process of a role is armed is whichever holds the role (there is one
 *	  of each auxiliary process).
 *	- Every tool runs with the cluster's timeout (hx_cluster_run_tool); a
 *	  fifo that is not there is reported, never waited for.
 *	- Nothing here judges PostgreSQL: the runner's checks do.  This module
 *	  only says what happened, in the verdict's summary.
 *
 * Facts it relies on, checked on Debian 12 with libfiu 1.1 and
 * PostgreSQL 15.18 (docs/pg15-reference.md has the runs):
 *	- libfiu's fiu_rc_fifo opens "<FIU_CTRL_FIFO>-<pid>.in/.out" in the
 *	  postmaster and, via pthread_atfork, in every child it forks: each
 *	  backend and auxiliary process can be armed alone.
 *	- Its remote-control thread must start with every signal blocked, or
 *	  it takes the postmaster's SIGCHLD (pg_fiu/pg_fiu_posix.c sees to it).
 *	- fiu-ctrl exits 0 even when a command fails; it prints "returned
 *	  error" or "unknown pid", which is what is checked.
 *-------------------------------------------------------------------------
 */
#include "pg_faults.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner.h"

#ifndef HX_FIU_POSIX_LIB
#define HX_FIU_POSIX_LIB ""		/* set by CMake: the built pg_fiu_posix */
#endif

#define FIU_LIB_DIR		"/usr/lib/fiu"	/* fiu-run's default library path */
#define SHIM_NAME		"hx_fiu_posix.so"

/*-------------------------------------------------------------------------
 * The points and where they are armed
 *-------------------------------------------------------------------------
 */

#define MAX_POINT_ROLES 4

static const struct
{
	const char *point;			/* libfiu's name */
	const char *call;			/* short name for the summary */
	HxRole		roles[MAX_POINT_ROLES];	/* the first is the default */
	int			nroles;
}			fiu_points[] = {
	{"posix/io/sync/fsync", "fsync", {HX_ROLE_CHECKPOINTER}, 1},
	{"posix/io/sync/fdatasync", "fdatasync", {HX_ROLE_BACKEND, HX_ROLE_WALWRITER}, 2},
	{"posix/io/rw/pwrite", "pwrite",
	{HX_ROLE_BACKEND, HX_ROLE_CHECKPOINTER, HX_ROLE_WALWRITER, HX_ROLE_BGWRITER}, 4},
	{"posix/io/rw/write", "write", {HX_ROLE_CHECKPOINTER}, 1},
	{"linux/io/sync_file_range", "sync_file_range", {HX_ROLE_CHECKPOINTER}, 1},
};

#define N_FIU_POINTS ((int) (sizeof(fiu_points) / sizeof(fiu_points[0])))

bool
pg_fault_is_fiu_point(const char *point)
{
	return strncmp(point, "posix/", 6) == 0 || strncmp(point, "linux/", 6) == 0 ||
		strncmp(point, "libc/", 5) == 0;
}

/*
 * Split POINT[@ROLE] and look it up: the table index and the role, or -1
 * with the reason.
 */
static int
parse_fiu_point(const char *text, HxRole *role, char *err, size_t errlen)
{
	char		name[96];
	const char *at = strchr(text, '@');
	size_t		len = at ? (size_t) (at - text) : strlen(text);

	snprintf(name, sizeof(name), "%.*s", (int) (len < sizeof(name) ? len : sizeof(name) - 1), text);
	for (int i = 0; i < N_FIU_POINTS; i++)
	{
		if (strcmp(fiu_points[i].point, name) != 0)
			continue;
		if (at == NULL)
		{
			*role = fiu_points[i].roles[0];
			return i;
		}
		*role = hx_role_from_name(at + 1);
		for (int k = 0; k < fiu_points[i].nroles; k++)
			if (fiu_points[i].roles[k] == *role)
				return i;
		{
			char		roles[128] = "";

			for (int k = 0; k < fiu_points[i].nroles; k++)
				snprintf(roles + strlen(roles), sizeof(roles) - strlen(roles), "%s%s",
						 k ? ", " : "", hx_role_name(fiu_points[i].roles[k]));
			snprintf(err, errlen, "%s is armed in one of: %s (not \"%s\")", name, roles, at + 1);
		}
		return -1;
	}
	{
		char		names[512] = "";

		for (int i = 0; i < N_FIU_POINTS; i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
					 i ? ", " : "", fiu_points[i].point);
		snprintf(err, errlen, "libfiu point \"%s\" is not one the harness arms (%s)", name, names);
	}
	return -1;
}

bool
hx_scenario_supported(const HxScenario *s, HxTarget target, char *err, size_t errlen)
{
	HxRole		role;

	if (s->kind != HX_FAULT_POINT)
		return true;
	if (!pg_fault_is_fiu_point(s->point))
	{
		if (target == HX_TARGET_POSTGRES)
		{
			snprintf(err, errlen, "%s: minipg fault points do not exist in PostgreSQL (against "
					 "it run kills, immediate, and libfiu's posix/... points)", s->name);
			return false;
		}
		return true;
	}
	if (target != HX_TARGET_POSTGRES)
	{
		snprintf(err, errlen, "%s: libfiu's POSIX preload points run against PostgreSQL only "
				 "(--target postgres --pg-bin DIR); minipg's own points cover the same calls "
				 "(e.g. error/storage/file/fsync)", s->name);
		return false;
	}
	if (strcmp(s->action, "error") != 0)
	{
		snprintf(err, errlen, "%s: a libfiu point takes error/ (EIO) or enospc/ (ENOSPC) only",
				 s->name);
		return false;
	}
	if (parse_fiu_point(s->point, &role, err, errlen) < 0)
		return false;
	return true;
}

/*-------------------------------------------------------------------------
 * The reference set
 *-------------------------------------------------------------------------
 */

static const PgReferenceScenario reference[] = {
	{"kill/backend", "kill/stop", NULL},
	{"kill/checkpointer", "kill/stop", NULL},
	{"kill/bgwriter", "kill/stop", NULL},
	{"kill/walwriter", "kill/stop", NULL},
	{"kill/autovacuum_launcher", "kill/stop", NULL},
	{"kill/postmaster", "kill/stop", NULL},
	{"immediate", "kill/stop", NULL},
	{"error/posix/io/sync/fsync", "error", NULL},
	{"error/posix/io/sync/fdatasync", "error", NULL},
	{"error/posix/io/rw/pwrite", "error", NULL},
	{"error/posix/io/rw/pwrite@checkpointer", "error", NULL},
	{"error/posix/io/rw/write", "error", NULL},
	{"error/linux/io/sync_file_range", "error", NULL},
	{"enospc/posix/io/sync/fsync", "enospc", NULL},
	{"enospc/posix/io/rw/pwrite", "enospc", NULL},
	{"enospc/posix/io/rw/pwrite@checkpointer", "enospc", NULL},
	{"error/posix/io/sync/fdatasync@walwriter", "error", NULL},
	{"error/posix/io/rw/pwrite@walwriter", "error", NULL},
	{"error/posix/io/rw/pwrite@bgwriter", "error", NULL},
	{"kill/startup", "kill/stop",
	"the startup process runs only during startup and recovery: there is none to kill while "
	"the workload runs"},
	{"kill/stats", "kill/stop",
	"PostgreSQL 15 has no statistics collector process (statistics live in shared memory)"},
	/* the runner turns archive_mode / logging_collector on for these (runner.c) */
	{"kill/archiver", "kill/stop", NULL},
	{"kill/logger", "kill/stop", NULL},
	{"powerloss/xact/commit/before-wal-insert", "powerloss",
	"a power cut is simulated by minipg's file layer (undo of unsynced writes); PostgreSQL has none"},
	{"powerloss/wal/flush/after-fsync", "powerloss",
	"a power cut is simulated by minipg's file layer (undo of unsynced writes); PostgreSQL has none"},
	{"corrupt-buffer-page/xact/commit/after-wal-insert", "corrupt-buffer-page",
	"the scribble is armed through minipg's fault_attach, which PostgreSQL lacks"},
	{"corrupt-buffer-desc/xact/commit/after-wal-insert", "corrupt-buffer-desc",
	"the scribble is armed through minipg's fault_attach, which PostgreSQL lacks"},
	{"corrupt-proc/xact/commit/after-wal-insert", "corrupt-proc",
	"the scribble is armed through minipg's fault_attach, which PostgreSQL lacks"},
	{"corrupt-lock/xact/commit/after-wal-insert", "corrupt-lock",
	"the scribble is armed through minipg's fault_attach, which PostgreSQL lacks"},
	{"corrupt-wal-buffers/xact/commit/after-wal-insert", "corrupt-wal-buffers",
	"the scribble is armed through minipg's fault_attach, which PostgreSQL lacks"},
};

const PgReferenceScenario *
pg_reference_scenarios(int *n)
{
	*n = (int) (sizeof(reference) / sizeof(reference[0]));
	return reference;
}

/*-------------------------------------------------------------------------
 * Files and tools
 *-------------------------------------------------------------------------
 */

static const char *
fiu_lib_dir(void)
{
	const char *d = getenv("HX_FIU_LIB_DIR");

	return d && d[0] ? d : FIU_LIB_DIR;
}

static const char *
fiu_ctrl_program(void)
{
	static const char *const candidates[] = {"/usr/bin/fiu-ctrl", "/usr/local/bin/fiu-ctrl"};
	const char *env = getenv("HX_FIU_CTRL");

	if (env && env[0])
		return env;
	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
		if (access(candidates[i], X_OK) == 0)
			return candidates[i];
	return candidates[0];
}

/* Copy src to dst (mode 0755); false with a message. */
static bool
copy_file(const char *src, const char *dst, char *err, size_t errlen)
{
	int			in = open(src, O_RDONLY | O_CLOEXEC);
	int			out;
	char		buf[65536];
	ssize_t		n;
	bool		ok = true;

	if (in < 0)
	{
		snprintf(err, errlen, "cannot read the preload library \"%s\": %s (is the build "
				 "complete? HX_FIU_POSIX_SHIM overrides the path)", src, strerror(errno));
		return false;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (out < 0)
	{
		snprintf(err, errlen, "cannot create \"%s\": %s", dst, strerror(errno));
		close(in);
		return false;
	}
	while (ok && (n = read(in, buf, sizeof(buf))) != 0)
	{
		if (n < 0)
			ok = errno == EINTR;
		else
			ok = write(out, buf, (size_t) n) == n;
	}
	if (!ok)
		snprintf(err, errlen, "copying \"%s\" to \"%s\": %s", src, dst, strerror(errno));
	close(in);
	if (close(out) != 0 && ok)
	{
		snprintf(err, errlen, "writing \"%s\": %s", dst, strerror(errno));
		ok = false;
	}
	if (ok)
		chmod(dst, 0755);
	return ok;
}

/* Does the process's remote-control fifo exist? */
static bool
has_fifo(const PgFault *f, pid_t pid)
{
	char		path[HX_PATH_LEN + 64];
	struct stat st;

	snprintf(path, sizeof(path), "%s-%d.in", f->fifo_base, (int) pid);
	return stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* fiu-ctrl COMMAND PID; false with its output in err. */
static bool
fiu_ctrl(PgFault *f, HxCluster *c, pid_t pid, const char *command, char *err, size_t errlen)
{
	char		pidtext[16];
	char		out[1024];
	int			rc;

	snprintf(pidtext, sizeof(pidtext), "%d", (int) pid);

	const char *argv[] = {fiu_ctrl_program(), "-f", f->fifo_base, "-c", command, pidtext, NULL};

	rc = hx_cluster_run_tool(c, argv, out, sizeof(out));
	if (rc == 0 && strstr(out, "error") == NULL && strstr(out, "Error") == NULL)
		return true;
	for (size_t i = 0; out[i]; i++)
		if (out[i] == '\n')
			out[i] = ' ';
	snprintf(err, errlen, "%s -c '%s' %d: %s", argv[0], command, (int) pid,
			 rc < 0 ? hx_last_error() : out[0] ? out : "failed");
	return false;
}

/*-------------------------------------------------------------------------
 * The steps
 *-------------------------------------------------------------------------
 */

const char *const *
pg_fault_start_env(PgFault *f, const HxScenario *s, HxCluster *c)
{
	char		posix_preload[HX_PATH_LEN + 64];
	char		shim[HX_PATH_LEN + 64];
	const char *shim_src = getenv("HX_FIU_POSIX_SHIM");

	memset(f, 0, sizeof(*f));
	if (s->kind != HX_FAULT_POINT || c->opt.target != HX_TARGET_POSTGRES ||
		!pg_fault_is_fiu_point(s->point))
		return NULL;
	f->active = true;
	snprintf(posix_preload, sizeof(posix_preload), "%s/fiu_posix_preload.so", fiu_lib_dir());
	if (access(posix_preload, R_OK) != 0 || access(fiu_ctrl_program(), X_OK) != 0)
	{
		snprintf(f->setup_error, sizeof(f->setup_error),
				 "libfiu's POSIX preload or fiu-ctrl is missing (%s, %s): install the Debian "
				 "packages libfiu0 and fiu-utils (HX_FIU_LIB_DIR, HX_FIU_CTRL override the paths)",
				 posix_preload, fiu_ctrl_program());
		return NULL;
	}
	if (shim_src == NULL || shim_src[0] == '\0')
		shim_src = HX_FIU_POSIX_LIB;
	snprintf(shim, sizeof(shim), "%s/%s", c->workdir, SHIM_NAME);
	if (!copy_file(shim_src, shim, f->setup_error, sizeof(f->setup_error)))
		return NULL;

	/* what fiu-run -x sets up, by pg_fiu/pg_fiu_posix.c (see there why) */
	snprintf(f->fifo_base, sizeof(f->fifo_base), "%s/fiu", c->workdir);
	snprintf(f->env_preload, sizeof(f->env_preload), "LD_PRELOAD=%s", shim);
	snprintf(f->env_fifo, sizeof(f->env_fifo), "FIU_CTRL_FIFO=%s", f->fifo_base);
	snprintf(f->env_posix, sizeof(f->env_posix), "HX_FIU_POSIX_PRELOAD=%s", posix_preload);
	f->env[0] = f->env_preload;
	f->env[1] = f->env_fifo;
	f->env[2] = f->env_posix;
	f->env[3] = NULL;
	return f->env;
}

bool
pg_fault_inject(PgFault *f, HxCluster *c, const HxScenario *s, HxRng *plan,
				HxSession *const *clients, int nclients, char *err, size_t errlen)
{
	int			i;
	char		command[256];
	pid_t		pm = hx_cluster_pid_of(c, HX_ROLE_POSTMASTER);

	if (f->setup_error[0] != '\0')
	{
		snprintf(err, errlen, "%s", f->setup_error);
		return false;
	}
	i = parse_fiu_point(s->point, &f->role, err, errlen);
	if (i < 0)
		return false;
	snprintf(f->fiu_point, sizeof(f->fiu_point), "%s", fiu_points[i].point);
	f->err = strstr(s->options, "errno=ENOSPC") != NULL ? ENOSPC : EIO;	/* enospc/ or error/ */
	if (pm == 0 || !has_fifo(f, pm))
	{
		snprintf(err, errlen, "the postmaster (PID %d) has no libfiu remote-control fifo "
				 "%s-%d.in: it does not run under the preload (see the server log)",
				 (int) pm, f->fifo_base, (int) pm);
		return false;
	}
	if (f->role == HX_ROLE_BACKEND)
		f->pid = nclients > 0 ?
			hx_session_backend_pid(clients[hx_rng_below(plan, (uint64_t) nclients)]) : 0;
	else
		f->pid = hx_cluster_pid_of(c, f->role);
	if (f->pid == 0)
	{
		snprintf(err, errlen, "no %s process to arm %s in", hx_role_name(f->role), f->fiu_point);
		return false;
	}
	if (!has_fifo(f, f->pid))
	{
		snprintf(err, errlen, "the %s (PID %d) has no libfiu remote-control fifo %s-%d.in",
				 hx_role_name(f->role), (int) f->pid, f->fifo_base, (int) f->pid);
		return false;
	}
	f->log_at = hx_cluster_log_size(c);
	snprintf(command, sizeof(command), "enable name=%s,failnum=1,failinfo=%d", f->fiu_point,
			 f->err);
	return fiu_ctrl(f, c, f->pid, command, err, errlen);
}

/* The log since arming names the failure or a crash reset? */
static bool
log_shows_failure(PgFault *f, HxCluster *c)
{
	char	   *log = hx_cluster_log_read(c, f->log_at);
	bool		seen;

	seen = log != NULL && (strstr(log, strerror(f->err)) != NULL ||
						   strstr(log, "terminating any other active server processes") != NULL);
	free(log);
	return seen;
}

bool
pg_fault_fired(PgFault *f, HxCluster *c)
{
	if (!f->active || f->pid == 0)
		return false;
	if (!hx_pid_alive(f->pid))
		f->died = true;
	return f->died || log_shows_failure(f, c);
}

bool
pg_fault_expect_reset(PgFault *f, HxCluster *c)
{
	char	   *log;
	bool		reset;

	if (f->pid != 0 && f->role != HX_ROLE_BACKEND && !hx_pid_alive(f->pid))
		f->died = true;			/* (a backend also exits when its client leaves) */
	if (f->died && f->role != HX_ROLE_BACKEND)
		return true;			/* an auxiliary process never exits on its own */
	log = hx_cluster_log_read(c, f->log_at);
	reset = log != NULL && (strstr(log, "PANIC:") != NULL ||
							strstr(log, "was terminated by signal") != NULL ||
							strstr(log, "terminating any other active server processes") != NULL);
	free(log);
	return reset;
}

void
pg_fault_checkpointed(PgFault *f, HxCluster *c, HxControlData *cd)
{
	char	   *log;
	bool		crashed;
	HxControlData now;

	if (!f->active)
		return;
	log = hx_cluster_log_read(c, f->log_at);
	crashed = log == NULL || strstr(log, "terminating any other active server processes") != NULL;
	free(log);
	if (!crashed && hx_cluster_controldata(c, &now) == HX_OK)
		*cd = now;
}

void
pg_fault_disarm(PgFault *f, HxCluster *c)
{
	char		command[128];
	char		err[512];

	if (!f->active || f->pid == 0 || !hx_pid_alive(f->pid) || !has_fifo(f, f->pid))
		return;
	snprintf(command, sizeof(command), "disable name=%s", f->fiu_point);
	(void) fiu_ctrl(f, c, f->pid, command, err, sizeof(err));
}

/* The message part of the log line starting at p ("... LEVEL:  message"), cut to len. */
static void
line_message(const char *p, const char *level, char *buf, size_t len)
{
	const char *eol = strchr(p, '\n');
	const char *msg = strstr(p, level);
	size_t		n;

	if (msg == NULL || (eol != NULL && msg > eol))
	{
		buf[0] = '\0';
		return;
	}
	msg += strlen(level);
	while (*msg == ' ')
		msg++;
	n = eol ? (size_t) (eol - msg) : strlen(msg);
	snprintf(buf, len, "%.*s%s", (int) (n > 80 ? 80 : n), msg, n > 80 ? "..." : "");
}

/* The start of the line holding p. */
static const char *
line_start(const char *log, const char *p)
{
	while (p > log && p[-1] != '\n')
		p--;
	return p;
}

/*
 * The first PANIC, or else the first ERROR naming errtext (on its own line
 * or on the DETAIL line after it: "could not access status of transaction
 * 0" / "DETAIL: Could not write to file ...: No space left on device").
 * Level into *level, message (and detail) into buf; false if neither.
 */
static bool
failure_message(const char *log, const char *errtext, const char **level, char *buf, size_t len)
{
	const char *p = strstr(log, "PANIC:");
	char		detail[128];
	char		head[128];

	if (p != NULL)
	{
		*level = "PANIC";
		line_message(line_start(log, p), "PANIC:", buf, len);
		return true;
	}
	for (p = strstr(log, errtext); p != NULL; p = strstr(p + 1, errtext))
	{
		const char *start = line_start(log, p);
		const char *eol = strchr(start, '\n');
		const char *err = strstr(start, "ERROR:");

		if (err != NULL && (eol == NULL || err < eol))
		{
			*level = "ERROR";
			line_message(start, "ERROR:", buf, len);
			return true;
		}
		if (strstr(start, "DETAIL:") != NULL && start > log)
		{
			const char *prev = line_start(log, start - 1);

			err = strstr(prev, "ERROR:");
			if (err != NULL && err < start)
			{
				*level = "ERROR";
				line_message(prev, "ERROR:", head, sizeof(head));
				line_message(start, "DETAIL:", detail, sizeof(detail));
				snprintf(buf, len, "%s (%s)", head, detail);
				return true;
			}
		}
	}
	return false;
}

void
pg_fault_describe(PgFault *f, HxCluster *c, char *buf, size_t len)
{
	char	   *log;
	char		msg[200];
	const char *call = "?";
	const char *level = NULL;
	const char *errname = f->err == EIO ? "EIO" : "ENOSPC";
	const char *reset;

	if (!f->active || f->pid == 0 || len == 0)
		return;
	for (int i = 0; i < N_FIU_POINTS; i++)
		if (strcmp(fiu_points[i].point, f->fiu_point) == 0)
			call = fiu_points[i].call;
	log = hx_cluster_log_read(c, f->log_at);
	if (log == NULL)
	{
		snprintf(buf, len, "%s %s in the %s: server log unreadable; ", call, errname,
				 hx_role_name(f->role));
		return;
	}
	reset = strstr(log, "terminating any other active server processes") ? "crash reset" :
		"no crash reset";
	if (failure_message(log, strerror(f->err), &level, msg, sizeof(msg)))
		snprintf(buf, len, "%s %s in the %s: %s \"%s\", %s; ", call, errname,
				 hx_role_name(f->role), level, msg, reset);
	else if (f->died && f->role != HX_ROLE_BACKEND)
		snprintf(buf, len, "%s %s in the %s: it died with no PANIC logged (its log writes "
				 "failed too), %s; ", call, errname, hx_role_name(f->role), reset);
	else
		snprintf(buf, len, "%s %s in the %s: nothing logged, %s; ", call, errname,
				 hx_role_name(f->role), reset);
	free(log);
}
