/*-------------------------------------------------------------------------
 * hx_cluster.h
 *	  One cluster under test: create it, start and stop it in each mode,
 *	  kill any of its processes by role, read its log and pg_control.
 *
 * Role: the harness's only way to touch a server's processes and files.
 * Two targets: the built-in engine (minipg binaries from --bin DIR) and a
 * real PostgreSQL (initdb, pg_ctl, postgres, pg_controldata from --pg-bin
 * DIR; run as the "postgres" user when the harness runs as root, because
 * PostgreSQL refuses to run as root: the harness forks, drops to that user
 * with setgid/setuid and execs the tool with the exact environment it was
 * given, which `su -c` would filter).
 *
 * Invariants:
 *	- A cluster lives in its own work directory: data/, server.log, the
 *	  Unix socket, and (minipg) the fault policy file and trail in
 *	  data/pg_faults/.  Nothing outside it is written, except the template
 *	  cache (below).
 *	- Creation copies a template data directory, made once per (target,
 *	  binaries, settings) by initdb and cached under $HX_TEMPLATE_DIR
 *	  (default /tmp/hx-templates), because initdb dominates a short
 *	  scenario.  The copy is byte-identical, so seeds stay reproducible.
 *	- Every wait has a timeout; a timeout is reported as such (HX_TIMEOUT),
 *	  never retried forever.
 *	- Processes are found from /proc: the postmaster's children, each
 *	  with its role parsed from its process title ("minipg: checkpointer",
 *	  "postgres: checkpointer", "... postgres postgres [local] idle").
 *	- Commands (initdb, pg_ctl, controldata, cp) run as forked children
 *	  with a deadline: on timeout their process group is SIGKILLed.  So
 *	  the calling program must not set SIGCHLD to SIG_IGN (waitpid would
 *	  then fail), and the library starts no threads.
 *	- Errors are kept per thread (hx_last_error); the library has no other
 *	  global mutable state, so threads may drive different clusters.
 *	- The postgres target makes the calling process a child subreaper
 *	  (prctl PR_SET_CHILD_SUBREAPER, at its first start): the postmaster
 *	  pg_ctl leaves behind becomes our child, so once killed it is reaped
 *	  at once by hx_cluster_wait_gone.  PostgreSQL will not start while
 *	  postmaster.pid names a zombie (kill(pid, 0) succeeds on one), and
 *	  init may take a second to reap an orphan; hx_cluster_start also
 *	  waits, bounded, for such a zombie to go.
 *
 * Template cache: $HX_TEMPLATE_DIR/<target>-<16 hex digits>/data, the key
 * an FNV-1a hash of the target, the binaries directory (resolved), the
 * size and modification time of the server and init programs (so a
 * rebuilt engine gets a fresh template) and opt.settings.  A template is
 * built in a ".build-*" temporary directory beside it and renamed into
 * place, so concurrent harness processes never see half a template; the
 * loser of a race discards its copy.  Each template holds HX_TEMPLATE.txt
 * saying what it was made from.  Each use touches the template's
 * directory; building a new one removes templates unused for three days
 * (rebuilt binaries leave their old templates behind).  PostgreSQL
 * templates are made with initdb -U postgres -A trust -E UTF8 --locale=C
 * --data-checksums (minipg always has page checksums; the checks read
 * them on both targets).
 *
 * A cluster's postgresql.conf gets, appended after initdb's:
 *	port = N, unix_socket_directories = '<workdir>', listen_addresses = '',
 *	then opt.settings in order (so a setting may override those three).
 * The work directory's path must leave room for the socket name
 * (".s.PGSQL.NNNNN" in 107 bytes); with the postgres target under root,
 * `parent` must be searchable by the postgres user (/tmp is).
 *
 * Entry points: hx_cluster_create, hx_cluster_start, hx_cluster_stop,
 * hx_cluster_wait_ready, hx_cluster_processes, hx_cluster_pid_of,
 * hx_cluster_kill, hx_cluster_wait_gone, hx_cluster_controldata,
 * hx_cluster_log_size, hx_cluster_log_read, hx_cluster_shmem_generation,
 * hx_cluster_conninfo, hx_cluster_destroy; additions: hx_set_error,
 * hx_target_name, hx_role_from_name, hx_pid_alive, hx_lsn_parse(_prefix),
 * hx_lsn_format, hx_controldata_parse, hx_cluster_leftovers,
 * hx_cluster_kill_everything, hx_cluster_wait_generation_change,
 * hx_cluster_run_tool.
 *-------------------------------------------------------------------------
 */
#ifndef HX_CLUSTER_H
#define HX_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define HX_PATH_LEN		1024
#define HX_MAX_PROCS	256
#define HX_MAX_SETTINGS	32

typedef enum HxStatus
{
	HX_OK = 0,
	HX_ERROR = -1,				/* something failed; hx_last_error() says what */
	HX_TIMEOUT = -2,			/* a bounded wait ran out */
} HxStatus;

/* The last failure's description (this thread), e.g. "pg_ctl start failed: ...". */
const char *hx_last_error(void);
/* Set it (printf-style); for the other harness modules too. */
void		hx_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

typedef enum HxTarget
{
	HX_TARGET_MINIPG,
	HX_TARGET_POSTGRES,
} HxTarget;

const char *hx_target_name(HxTarget target);	/* "minipg", "postgres" */

typedef enum HxStopMode
{
	HX_STOP_SMART,
	HX_STOP_FAST,
	HX_STOP_IMMEDIATE,
} HxStopMode;

/* Process roles, as the harness kills and checks them. */
typedef enum HxRole
{
	HX_ROLE_POSTMASTER,
	HX_ROLE_BACKEND,
	HX_ROLE_STARTUP,
	HX_ROLE_CHECKPOINTER,
	HX_ROLE_BGWRITER,
	HX_ROLE_WALWRITER,
	HX_ROLE_AUTOVACUUM_LAUNCHER,
	HX_ROLE_AUTOVACUUM_WORKER,
	HX_ROLE_STATS,
	HX_ROLE_ARCHIVER,
	HX_ROLE_LOGGER,
	HX_ROLE_OTHER,
	HX_NUM_ROLES
} HxRole;

/*
 * Role names: postmaster, backend, startup, checkpointer, bgwriter,
 * walwriter, autovacuum_launcher, autovacuum_worker, stats, archiver,
 * logger, other.
 */
const char *hx_role_name(HxRole role);	/* "checkpointer", ... */
/* The inverse of hx_role_name; HX_NUM_ROLES if `name` is none of them. */
HxRole		hx_role_from_name(const char *name);
/*
 * Parse a process title (/proc/PID/cmdline with NULs as spaces); HX_ROLE_OTHER
 * if unknown.  Understood: "minipg: WHAT" and "postgres: WHAT", each with an
 * optional "CLUSTER_NAME: " before WHAT, where WHAT is an auxiliary process
 * name ("checkpointer", "background writer", "startup recovering ...") or a
 * backend's "USER DB HOST ACTIVITY" (HOST "[local]" or "ADDR(PORT)"), or
 * minipg's "new connection".  A title that is a command line whose program
 * is minipg, postgres or postmaster is HX_ROLE_POSTMASTER (a child just
 * forked still carries it: hx_cluster_processes reports such a child as
 * HX_ROLE_OTHER).  Logical replication launchers, walsenders and
 * background workers are HX_ROLE_OTHER.
 */
HxRole		hx_role_from_title(const char *title);

typedef struct HxProcess
{
	pid_t		pid;
	HxRole		role;
	char		title[128];
} HxProcess;

typedef struct HxClusterOptions
{
	HxTarget	target;
	char		bindir[HX_PATH_LEN];	/* minipg or PostgreSQL binaries */
	/* postgresql.conf lines "name = 'value'", appended after port/socket. */
	const char *settings[HX_MAX_SETTINGS];
	int			n_settings;
	int			timeout_ms;		/* default for every wait (0: 60000) */
} HxClusterOptions;

typedef struct HxCluster
{
	HxClusterOptions opt;
	char		workdir[HX_PATH_LEN];
	char		datadir[HX_PATH_LEN];
	char		logfile[HX_PATH_LEN];
	char		sockdir[HX_PATH_LEN];
	int			port;
	pid_t		postmaster_pid; /* 0 when not running (as last seen) */
} HxCluster;

/* pg_control, as minipg_controldata / pg_controldata print it. */
typedef struct HxControlData
{
	char		state[64];		/* "in production", "shut down", ... */
	uint64_t	checkpoint_lsn;
	uint64_t	redo_lsn;
	uint32_t	timeline;
	uint64_t	next_xid;		/* full: epoch << 32 | xid ("0:724") */
} HxControlData;

/*
 * Parse "X/Y" (hex, as PostgreSQL prints LSNs) into (X << 32) | Y; false if
 * the text is not one (leading blanks allowed, trailing text is not).
 */
bool		hx_lsn_parse(const char *text, uint64_t *out);
/* The same at the start of text, which may go on (log lines); *end after it. */
bool		hx_lsn_parse_prefix(const char *text, uint64_t *out, const char **end);
void		hx_lsn_format(uint64_t lsn, char *buf, size_t len);	/* "0/1500718" */
/*
 * Parse the output of minipg_controldata or pg_controldata (same labels:
 * "Database cluster state", "Latest checkpoint location", "Latest
 * checkpoint's REDO location", "Latest checkpoint's TimeLineID", "Latest
 * checkpoint's NextXID").  HX_ERROR naming the missing or malformed field.
 */
HxStatus	hx_controldata_parse(const char *text, HxControlData *out);

/* A live process: /proc/PID exists and is not a zombie. */
bool		hx_pid_alive(pid_t pid);

/*
 * Create a cluster in a new directory under `parent` (named prefix.XXXXXX;
 * parent NULL: $TMPDIR or /tmp) from the cached template, building the
 * template first if needed; picks a free port.  Does not start it.  On
 * failure nothing is left behind except a kept template.
 */
HxStatus	hx_cluster_create(HxCluster *c, const HxClusterOptions *opt,
							  const char *parent, const char *prefix);
/*
 * Start (pg_ctl/minipg_ctl start -w) with extra environment entries
 * ("NAME=value", NULL-terminated, may be NULL), e.g. MINIPG_FAULTS.
 * HX_OK once it accepts connections: postmaster.pid says "ready" (no
 * client connection is made, so no fault policy sees a probe).  On
 * failure hx_last_error has the tool's output and the log's tail;
 * HX_TIMEOUT when the opt.timeout_ms deadline passed.
 */
HxStatus	hx_cluster_start(HxCluster *c, const char *const *env);
/*
 * Stop in `mode` and wait (opt.timeout_ms) until the postmaster and every
 * child it had are gone.  HX_OK at once when no postmaster is alive
 * (orphans a killed postmaster left are hx_cluster_leftovers' business).
 * A smart stop waits for open sessions: close them first.
 */
HxStatus	hx_cluster_stop(HxCluster *c, HxStopMode mode);
/*
 * Wait until a new connection (application_name "hx_probe", so policies
 * can exclude it) can run SELECT 1, retrying every 50 ms.
 */
HxStatus	hx_cluster_wait_ready(HxCluster *c, int timeout_ms);

/* The postmaster and its live children (zombies excluded); count or -1. */
int			hx_cluster_processes(HxCluster *c, HxProcess *out, int max);
/* First live process with that role, 0 if none. */
pid_t		hx_cluster_pid_of(HxCluster *c, HxRole role);
/* kill(pid, sig); HX_ERROR if it fails or pid is <= 1 or the caller. */
HxStatus	hx_cluster_kill(HxCluster *c, pid_t pid, int sig);
/* Wait until none of pids[] is alive (zombies count as gone). */
HxStatus	hx_cluster_wait_gone(const pid_t *pids, int n, int timeout_ms);
/*
 * Every live process whose working directory is this cluster's data
 * directory (server processes chdir there): the postmaster, its children
 * and orphans a killed postmaster left behind (which hx_cluster_processes
 * cannot see).  Role from the title; count or -1.
 */
int			hx_cluster_leftovers(HxCluster *c, HxProcess *out, int max);
/*
 * SIGKILL the postmaster, then its children, then any leftover, and wait
 * until all are gone: a power cut for the processes (the kernel keeps
 * their writes).  The postmaster goes first so it cannot fork a
 * replacement outside the list.
 */
HxStatus	hx_cluster_kill_everything(HxCluster *c, int timeout_ms);

HxStatus	hx_cluster_controldata(HxCluster *c, HxControlData *out);
/*
 * The shared-memory generation (minipg: line 7 of postmaster.pid, bumped
 * at every reinitialization; PostgreSQL: its shmem key/id line, which also
 * changes).  Returned as text so both targets fit; "" if unknown.
 *
 * PostgreSQL 15, checked: line 7 is "KEY SHMID" of its small System V
 * segment (the main area is anonymous mmap).  KEY comes from the data
 * directory's inode and stays; a crash reset deletes the segment and
 * creates a new one, and a new postmaster after a kill deletes the stale
 * one first, so SHMID (the kernel's id, which never repeats soon) changes
 * both times: "11232083 196644" -> "11232083 196645".  The generation is
 * therefore observable on both targets.
 */
HxStatus	hx_cluster_shmem_generation(HxCluster *c, char *buf, size_t len);
/*
 * Details of hx_cluster_shmem_generation: line 7 with runs of blanks
 * squeezed.  minipg: "GENERATION POSTMASTER_PID" ("2 4242"; "0 0" until
 * the first segment exists), so a new postmaster's first segment differs
 * from its predecessor's too; PostgreSQL: "KEY SHMID" ("11084214 32817").
 * HX_ERROR (buf "") when there is no postmaster.pid or it has no line 7.
 *
 * Wait until the generation is known, is not "0 ..." and differs from `old`:
 * the postmaster has created a new segment (after a crash, or a new
 * postmaster).  HX_TIMEOUT otherwise.
 */
HxStatus	hx_cluster_wait_generation_change(HxCluster *c, const char *old, int timeout_ms);

/*
 * Server log: its size now, and the text from an offset (malloc'd; "" when
 * `from` is at or past the end; NULL, hx_last_error set, if unreadable).
 */
size_t		hx_cluster_log_size(HxCluster *c);
char	   *hx_cluster_log_read(HxCluster *c, size_t from);

/*
 * libpq connection string for this cluster, with application_name: host
 * (the socket directory), port, user and dbname "postgres", values quoted.
 */
void		hx_cluster_conninfo(HxCluster *c, const char *appname, char *buf, size_t len);

/*
 * Run a helper program (e.g. libfiu's fiu-ctrl) in the work directory,
 * as the caller, with the cluster's timeout (its process group is killed
 * then).  Output as hx_cluster_start's tools; returns the exit status,
 * 128 + signal, or -1 (could not run) / -2 (timed out) with
 * hx_last_error set.
 */
int			hx_cluster_run_tool(HxCluster *c, const char *const *argv, char *out, size_t outlen);

/*
 * Stop (immediate) if running, SIGKILL any leftover process, and remove
 * the work directory unless keep.  PostgreSQL: also remove the System V
 * segment a killed postmaster left behind, once nothing is attached.
 * Safe on a cluster whose create failed (workdir "").
 */
void		hx_cluster_destroy(HxCluster *c, bool keep);

#endif							/* HX_CLUSTER_H */
