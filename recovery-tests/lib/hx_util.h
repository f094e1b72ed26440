/*-------------------------------------------------------------------------
 * hx_util.h
 *	  Private helpers of the harness library (lib/): clocks, allocation,
 *	  running a command with a deadline, removing a tree.  Not for the
 *	  workloads or the runner; they use hx_cluster.h and hx_session.h.
 *
 * Invariants:
 *	- Allocation never returns NULL: on failure the process aborts with a
 *	  message (as palloc ERRORs; a harness out of memory cannot judge).
 *	- hx_run never waits past its deadline; on timeout it SIGKILLs the
 *	  child's whole process group (the child is made its leader).
 *
 * Entry points: hx_now_ms, hx_sleep_ms, hx_xmalloc, hx_xcalloc,
 * hx_xstrdup, hx_run, hx_remove_tree, hx_postgres_ids.
 *-------------------------------------------------------------------------
 */
#ifndef HX_UTIL_H
#define HX_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* CLOCK_MONOTONIC milliseconds (deadlines only; never a random choice). */
int64_t		hx_now_ms(void);
/* The same clock with the fraction, for durations that are reported. */
double		hx_clock_ms(void);
void		hx_sleep_ms(int ms);
/* Milliseconds left until deadline_ms, at least 0. */
int			hx_remaining_ms(int64_t deadline_ms);

void	   *hx_xmalloc(size_t n);
void	   *hx_xcalloc(size_t n, size_t size);
char	   *hx_xstrdup(const char *s);
/*
 * A whole file, malloc'd and NUL-terminated, or NULL (errno says why, and
 * hx_last_error() names the file).  *len, if given, gets its length.
 */
char	   *hx_read_file(const char *path, size_t *len);

#define HX_RUN_FAILED	(-1)	/* could not fork or exec */
#define HX_RUN_TIMEOUT	(-2)	/* deadline passed; the group was killed */

typedef struct HxRunSpec
{
	const char *const *argv;	/* argv[0]: absolute path of the program */
	const char *const *env;		/* extra "NAME=value" (override), or NULL */
	const char *cwd;			/* chdir there first, or NULL */
	bool		as_postgres;	/* drop to the postgres user (when root) */
	int			timeout_ms;
} HxRunSpec;

/*
 * Run a program with stdin from /dev/null and stdout+stderr captured into
 * out (the first outlen - 1 bytes, NUL-terminated; out may be NULL).
 * Returns the exit status (0..255), 128 + signal if killed by one,
 * HX_RUN_FAILED or HX_RUN_TIMEOUT (hx_last_error says which and why).
 * The wait ends when the child exits, even if a daemon it started still
 * holds the output pipe.
 *
 * Environment: ours, less MINIPG_FAULT* and MINIPG_FIU* (a scenario's
 * faults come only from what it passes, never from the caller's shell),
 * with LC_ALL=C (English tool output and server log, which the harness
 * parses), then HOME/USER/LOGNAME of postgres when dropping to it, then
 * spec->env; a later entry replaces an earlier one of the same name.
 */
int			hx_run(const HxRunSpec *spec, char *out, size_t outlen);

/* rm -rf path (no symlink is followed); false and hx_last_error on failure. */
bool		hx_remove_tree(const char *path);

/*
 * The postgres user's ids when PostgreSQL tools must be run as it: true
 * only when we are root and the user exists.
 */
bool		hx_postgres_ids(uid_t *uid, gid_t *gid);

#endif							/* HX_UTIL_H */
