/*-------------------------------------------------------------------------
 * fault_policy.h
 *	  A fault policy (which point, what action, when, in which process) and
 *	  its one text form, shared by pg_faults/policy.conf, the MINIPG_FAULTS
 *	  environment variable and the SQL function fault_attach().
 *
 * Text form, one policy per line (or per ';' in the environment):
 *
 *	  POINT ACTION [OPTION ...]
 *	  seed N					(a line of its own: the master seed)
 *
 *	POINT	a catalog name ("xact/commit/after-wal-flush"), a prefix and
 *			"*" ("storage/file/" then "*"), or "*" alone.
 *	ACTION	error | panic | crash | abort | delay | wait | corrupt | powerloss
 *			| short
 *			(short: a write writes only a prefix of its buffer and
 *			reports ENOSPC with the count; only at the catalog's write
 *			points, see faults/faultpoint.h FAULT_WRITE)
 *	OPTION	errno=EIO|ENOSPC|EINTR|EACCES|EROFS|EDQUOT|EMFILE|ENOMEM|<n>
 *								(not with short, which always reports
 *								ENOSPC, as a full disk does)
 *			ms=N				delay length (default 100)
 *			target=T bytes=N	corrupt: buffer-page, buffer-desc, proc, lock,
 *								wal-buffers, clog-page; bytes scribbled (16)
 *			tear=N				powerloss: tear the newest write of each file
 *								at N-byte sectors (default 0: no tearing)
 *			nth=N				fire on the Nth hit only
 *			from=N to=M			fire only on hits N..M (inclusive)
 *			prob=P				fire with probability P (seeded)
 *			times=K | once | persistent
 *								at most K firings (once = 1, persistent =
 *								no limit).  Default: once for crash, panic,
 *								abort, corrupt, powerloss and short (one
 *								transient partial write, which the writer's
 *								retry completes); persistent for error,
 *								delay and wait.  "short persistent" is a
 *								disk that stays full: the retries shrink
 *								to a 0-byte write and the writer fails
 *								with ENOSPC.
 *			proc=T[,T...]		only in these process types (backend,
 *								checkpointer, startup, ... as fault_proc_name)
 *			pid=N				only in this process
 *			app=NAME			only in backends with this application_name
 *
 * Hits are counted per policy over every process that passes its filters;
 * "nth", "from/to" and "times" refer to that count.  Lines starting with
 * '#' and blank lines are ignored.
 *
 * This module is pure (no shared memory, no ereport) so that it can be
 * unit-tested and fuzzed: errors come back as a message.
 *-------------------------------------------------------------------------
 */
#ifndef FAULT_POLICY_H
#define FAULT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FAULT_POINT_PATTERN_LEN	96
#define FAULT_APP_NAME_LEN		64

typedef enum FaultAction
{
	FAULT_ACTION_ERROR,
	FAULT_ACTION_PANIC,
	FAULT_ACTION_CRASH,
	FAULT_ACTION_ABORT,
	FAULT_ACTION_DELAY,
	FAULT_ACTION_WAIT,
	FAULT_ACTION_CORRUPT,
	FAULT_ACTION_POWERLOSS,
	FAULT_ACTION_SHORT,			/* write points only (FAULT_WRITE) */
	FAULT_NUM_ACTIONS
} FaultAction;

typedef enum FaultTarget
{
	FAULT_TARGET_NONE,
	FAULT_TARGET_BUFFER_PAGE,
	FAULT_TARGET_BUFFER_DESC,
	FAULT_TARGET_PROC,
	FAULT_TARGET_LOCK,
	FAULT_TARGET_WAL_BUFFERS,
	FAULT_TARGET_CLOG_PAGE,
	FAULT_NUM_TARGETS
} FaultTarget;

typedef struct FaultPolicy
{
	char		point[FAULT_POINT_PATTERN_LEN];
	FaultAction action;
	int			err;			/* error: errno to report */
	int			delay_ms;		/* delay */
	FaultTarget target;			/* corrupt */
	int			corrupt_bytes;
	int			tear_sector;	/* powerloss */
	uint64_t	nth;			/* 0: any hit */
	uint64_t	from;			/* window, inclusive; 0/UINT64_MAX when unset */
	uint64_t	to;
	uint64_t	prob_threshold; /* fire when draw < threshold; UINT64_MAX: always */
	uint64_t	times;			/* maximum firings; UINT64_MAX: no limit */
	uint32_t	proc_mask;		/* bit per BackendType; 0: every process */
	int			pid;			/* 0: any */
	char		app[FAULT_APP_NAME_LEN];	/* "": any */
} FaultPolicy;

/*
 * Parse "POINT ACTION OPTIONS..." into *p.  Returns true, or false with a
 * message in err (e.g. "unknown action \"explode\"").
 */
bool		fault_policy_parse(const char *text, FaultPolicy *p, char *err, size_t errlen);
/* Parse from separate fields (the SQL form: point, action, options). */
bool		fault_policy_parse_fields(const char *point, const char *action,
									  const char *options, FaultPolicy *p,
									  char *err, size_t errlen);
/*
 * Is this line "seed N"?  Returns 1 and sets *seed, 0 if not a seed line,
 * -1 (message in err) if a malformed one.
 */
int			fault_policy_parse_seed(const char *line, uint64_t *seed, char *err, size_t errlen);
/* The text form of *p (parses back to the same policy). */
void		fault_policy_format(const FaultPolicy *p, char *buf, size_t len);

const char *fault_action_name(FaultAction a);
const char *fault_target_name(FaultTarget t);
/* Short process-type names used by proc= (index = BackendType). */
const char *fault_proc_name(int backend_type);
int			fault_proc_from_name(const char *name);	/* -1 if unknown */
/* "EIO" etc. for known errnos, else the number. */
const char *fault_errno_name(int err, char *buf, size_t len);

#endif							/* FAULT_POLICY_H */
