/*-------------------------------------------------------------------------
 * fault_control.c
 *	  The fault control plane: the policy table, loading it, the libfiu
 *	  callback that decides whether a point fires, and the control calls
 *	  behind the SQL functions.  See fault_control.h for the invariants and
 *	  fault_policy.h for the policy syntax.
 *
 * Deciding a hit (fault_callback):
 *	1. for each live policy whose pattern matches the point and whose
 *	   filters (proc, pid, app) admit this process, in slot order:
 *	2.   count the hit (cluster-wide, and within this process);
 *	3.   it fires when the hit is the nth, inside [from, to], the seeded
 *	     draw for (this process, policy, local hit) is below prob, and it
 *	     has fired fewer than `times` times;
 *	4. the first policy that fires wins; later ones still count the hit.
 * A "short" policy only applies at a write point (FAULT_WRITE): at any
 * other point it is passed over as if its pattern did not match (attach
 * refuses such a pattern for catalog points; unit tests' private names
 * are not in the catalog).  Then the firing goes to the trail and, unless
 * it is an "error" or a "short" (both carried out by the point itself),
 * its action runs (fault_actions.c).  Steps 1-3 hold the table's
 * spinlock; nothing that can block or fail runs under it.
 *
 * Release builds: the SQL-facing calls raise "not available" errors and
 * nothing else here is compiled.
 *-------------------------------------------------------------------------
 */
#include "faults/fault_control.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/fault_catalog.h"
#include "faults/fault_internal.h"
#include "faults/fault_regions.h"
#include "faults/faultpoint.h"
#include "faults/powerloss.h"
#include "utils/elog.h"
#include "utils/memctx.h"

#ifdef MINIPG_FAULTS

#include <fiu-control.h>

static const int fault_unarmed = 0;
volatile const int *fault_armed_word = &fault_unarmed;
int			fault_local_armed = 0;
int			fault_last_errno = EIO;
int			fault_last_short = 0;
const char *fault_current_point = NULL;
int			fault_current_is_write = 0;
size_t		fault_current_write_len = 0;
int			fault_decided_by_policy = 0;

FaultShared *fault_table = NULL;
FaultSelf	fault_self;

/* The postmaster's (or a standalone process's) own copy of the table. */
static FaultShared *private_table = NULL;

/* Hits of each slot's policy within this process (reset when the id changes). */
static struct
{
	int32_t		id;
	uint64_t	hits;
}			local_hits[FAULT_MAX_POLICIES];

static bool in_callback = false;
/* Policies loaded at start must name points of the catalog (not in unit tests). */
static bool check_catalog = true;
static bool callback_registered = false;

void
fault_mark_error(const char *name)
{
	ereport(ERROR, errcode(ERRCODE_INTERNAL_ERROR),
			errmsg("fault injected at point \"%s\"", name));
}

static void
table_reset(FaultShared *t)
{
	memset(t, 0, sizeof(*t));
	t->magic = FAULT_TABLE_MAGIC;
	spin_init(&t->lock);
	t->next_id = 1;
}

static void
use_table(FaultShared *t)
{
	fault_table = t;
	fault_armed_word = &t->armed;
	powerloss_set_enabled_word(&t->powerloss_armed);
}

static FaultShared *
get_private_table(void)
{
	if (private_table == NULL)
	{
		private_table = malloc(sizeof(FaultShared));
		if (private_table == NULL)
			ereport(FATAL, errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"));
		table_reset(private_table);
	}
	return private_table;
}

/* Recount armed/powerloss_armed over the policies that can still fire;
 * caller holds the lock. */
static void
recount_armed(FaultShared *t)
{
	int			live = 0,
				powerloss = 0;

	for (int i = 0; i < FAULT_MAX_POLICIES; i++)
		if (t->slots[i].id != 0 &&
			atomic_load(&t->slots[i].fired) < t->slots[i].policy.times)
		{
			live++;
			if (t->slots[i].policy.action == FAULT_ACTION_POWERLOSS)
				powerloss++;
		}
	t->armed = live;
	t->powerloss_armed = powerloss > 0;
}

/* Add a policy; returns its id or -1 when the table is full.  Caller holds the lock. */
static int
table_add(FaultShared *t, const FaultPolicy *p)
{
	for (int i = 0; i < FAULT_MAX_POLICIES; i++)
	{
		FaultSlot  *s = &t->slots[i];

		if (s->id != 0)
			continue;
		s->magic = FAULT_SLOT_MAGIC;
		s->policy = *p;
		atomic_store(&s->hits, 0);
		atomic_store(&s->fired, 0);
		atomic_store(&s->wake_seq, 0);
		s->id = t->next_id++;
		recount_armed(t);
		return s->id;
	}
	return -1;
}

/*
 * Can p's action run at every catalog point its pattern matches?  Only
 * "short" is restricted: it cuts a write short, so each of those points
 * must be a write point.  False with the reason in err, which names the
 * point, the action and the points that would do.
 */
static bool
action_fits_points(const FaultPolicy *p, char *err, size_t errlen)
{
	const FaultPointInfo *bad;
	char		writes[256] = "";
	char		matched[FAULT_POINT_PATTERN_LEN + 32] = "";

	if (p->action != FAULT_ACTION_SHORT)
		return true;
	bad = fault_catalog_first_not_of_kind(p->point, FAULT_KIND_WRITE);
	if (bad == NULL)
		return true;
	for (int i = 0; i < fault_catalog_count(); i++)
	{
		const FaultPointInfo *e = fault_catalog_entry(i);
		size_t		used = strlen(writes);

		if (e->kind == FAULT_KIND_WRITE && used < sizeof(writes))
			snprintf(writes + used, sizeof(writes) - used, "%s%s", used ? ", " : "", e->name);
	}
	if (strcmp(bad->name, p->point) != 0)
		snprintf(matched, sizeof(matched), " (matched by \"%s\")", p->point);
	snprintf(err, errlen, "fault action \"%s\" cannot be used at point \"%s\"%s: "
			 "it is not a write point (the write points are %s)",
			 fault_action_name(p->action), bad->name, matched, writes);
	return false;
}

/*-------------------------------------------------------------------------
 * Loading: environment and policy file (postmaster, standalone processes)
 *-------------------------------------------------------------------------
 */

/* Parse one line (policy or seed) into t; FATAL naming `where` on error. */
static void
load_line(FaultShared *t, const char *line, const char *where, int lineno)
{
	FaultPolicy p;
	char		err[256];
	uint64_t	seed;
	const char *s = line;
	int			r;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == '#' || *s == '\n' || *s == '\r')
		return;
	r = fault_policy_parse_seed(s, &seed, err, sizeof(err));
	if (r == 1)
	{
		t->seed = seed;
		return;
	}
	if (r == 0 && fault_policy_parse(s, &p, err, sizeof(err)))
	{
		if (check_catalog && fault_catalog_count_matching(p.point) == 0)
			snprintf(err, sizeof(err), "fault point \"%s\" does not exist", p.point);
		else if (!action_fits_points(&p, err, sizeof(err)))
			;					/* err says why */
		else if (table_add(t, &p) > 0)
			return;
		else
			snprintf(err, sizeof(err), "too many fault policies (at most %d)", FAULT_MAX_POLICIES);
	}
	ereport(FATAL, errcode(ERRCODE_CONFIG_FILE_ERROR),
			errmsg("invalid fault policy in %s, line %d: %s", where, lineno, err));
}

static void
load_env(FaultShared *t)
{
	const char *env = getenv(FAULT_ENV_POLICY);
	const char *seed = getenv(FAULT_ENV_SEED);

	if (env != NULL && env[0] != '\0')
	{
		char	   *copy = strdup(env);
		char	   *save = NULL;
		int			n = 0;

		for (char *tok = strtok_r(copy, ";\n", &save); tok; tok = strtok_r(NULL, ";\n", &save))
			load_line(t, tok, "environment variable " FAULT_ENV_POLICY, ++n);
		free(copy);
	}
	if (seed != NULL && seed[0] != '\0')
	{
		char	   *end;

		errno = 0;
		t->seed = strtoull(seed, &end, 10);
		if (errno != 0 || *end != '\0')
			ereport(FATAL, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("invalid value for environment variable %s: \"%s\"",
						   FAULT_ENV_SEED, seed));
	}
}

static void
load_file(FaultShared *t, const char *datadir)
{
	char		path[1024];
	char		line[1024];
	FILE	   *f;
	int			lineno = 0;

	snprintf(path, sizeof(path), "%s/%s", datadir, FAULT_POLICY_FILE);
	f = fopen(path, "r");
	if (f == NULL)
	{
		if (errno != ENOENT)
			ereport(FATAL, errcode_for_file_access(),
					errmsg("could not open file \"%s\": %m", path));
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL)
	{
		line[strcspn(line, "\r\n")] = '\0';
		load_line(t, line, "file \"" FAULT_POLICY_FILE "\"", ++lineno);
	}
	fclose(f);
}

void
fault_postmaster_load(const char *datadir)
{
	FaultShared *t = get_private_table();
	char		dir[1024];

	snprintf(dir, sizeof(dir), "%s/%s", datadir, FAULT_DIR);
	(void) mkdir(dir, 0700);
	load_file(t, datadir);
	load_env(t);				/* the environment adds to the file, and its seed wins */
	if (fault_table == NULL)
		use_table(t);
	{
		char		jdir[1100];

		/* Journals of an earlier run describe writes long since durable. */
		snprintf(jdir, sizeof(jdir), "%s/%s/powerloss", datadir, FAULT_DIR);
		powerloss_init(jdir);
		(void) powerloss_discard_all(jdir);
	}
	if (t->armed > 0)
		ereport(LOG, errmsg("fault injection: %d polic%s loaded, seed %" PRIu64,
							t->armed, t->armed == 1 ? "y" : "ies", t->seed));
}

void
fault_shmem_before_destroy(void)
{
	FaultShared *old = fault_table;
	FaultShared *t = get_private_table();

	if (old == NULL || old == t)
		return;
	if (old->magic != FAULT_TABLE_MAGIC)
	{
		ereport(LOG, errmsg("fault policy table in shared memory is corrupted; "
							"keeping the policies known before the crash"));
		use_table(t);
		return;
	}
	/* Copy the definitions and counters; waiters died with their processes. */
	t->seed = old->seed;
	t->next_id = old->next_id;
	for (int i = 0; i < B_NUM_TYPES; i++)
		atomic_store(&t->ordinals[i], atomic_load(&old->ordinals[i]));
	for (int i = 0; i < FAULT_MAX_POLICIES; i++)
	{
		FaultSlot  *src = &old->slots[i];
		FaultSlot  *dst = &t->slots[i];

		if (src->magic != FAULT_SLOT_MAGIC || src->id <= 0)
		{
			memset(dst, 0, sizeof(*dst));
			continue;
		}
		dst->magic = FAULT_SLOT_MAGIC;
		dst->id = src->id;
		dst->policy = src->policy;
		dst->policy.point[FAULT_POINT_PATTERN_LEN - 1] = '\0';
		atomic_store(&dst->hits, atomic_load(&src->hits));
		atomic_store(&dst->fired, atomic_load(&src->fired));
		atomic_store(&dst->wake_seq, 0);
	}
	memset(t->waiters, 0, sizeof(t->waiters));
	spin_init(&t->lock);
	recount_armed(t);
	use_table(t);
}

size_t
fault_shmem_size(void)
{
	return sizeof(FaultShared);
}

void
fault_shmem_init(void *mem, size_t size)
{
	FaultShared *t = mem;

	Assert(size >= sizeof(FaultShared));
	if (private_table != NULL)
	{
		memcpy(t, private_table, sizeof(FaultShared));
		spin_init(&t->lock);
		memset(t->waiters, 0, sizeof(t->waiters));
	}
	else
		table_reset(t);
	use_table(t);
}

/*-------------------------------------------------------------------------
 * Deciding
 *-------------------------------------------------------------------------
 */

static bool
pattern_matches(const char *pattern, const char *name)
{
	size_t		n = strlen(pattern);

	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, name, n - 1) == 0;
	return strcmp(pattern, name) == 0;
}

static bool
filters_admit(const FaultPolicy *p)
{
	if (p->proc_mask != 0 && !(p->proc_mask & (1u << fault_self.type)))
		return false;
	if (p->pid != 0 && p->pid != MyProcPid)
		return false;
	if (p->app[0] != '\0')
	{
		if (MyProc == NULL || fault_self.type != B_BACKEND ||
			strncmp(MyProc->application_name, p->app, FAULT_APP_NAME_LEN) != 0)
			return false;
	}
	return true;
}

/* The seeded draw for one hit: a pure function of who, which policy, which hit. */
static uint64_t
draw_for(int32_t policy_id, uint64_t local_hit)
{
	return fault_mix64(fault_self.subseed ^ fault_mix64(((uint64_t) (uint32_t) policy_id << 40) ^ local_hit));
}

/*
 * The postmaster never waits on shared memory (DESIGN.md): a child killed
 * by SIGQUIT while deciding may have died holding the table's spinlock, and
 * spinning on it would leave the postmaster stuck until the stuck-spinlock
 * PANIC, children unreaped.  So the postmaster tries for at most 50 ms; if
 * the lock stays held its point does not fire this time (and says so).
 */
#define POSTMASTER_FAULT_LOCK_TRIES 500

static bool
lock_table_for_decision(FaultShared *t, const char *name)
{
	if (fault_self.type != B_POSTMASTER)
	{
		spin_lock(&t->lock);
		return true;
	}
	for (int i = 0; i < POSTMASTER_FAULT_LOCK_TRIES; i++)
	{
		if (spin_try_lock(&t->lock))
			return true;
		usleep(100);
	}
	ereport(LOG, errmsg("fault point \"%s\" not evaluated: the fault policy table's lock "
						"is held (by a process that died holding it?)", name));
	return false;
}

/* is_write: the point is a FAULT_WRITE (the only kind "short" applies to). */
static bool
decide(const char *name, bool is_write, FaultFiring *f)
{
	FaultShared *t = fault_table;
	bool		fired = false;

	if (!lock_table_for_decision(t, name))
		return false;
	for (int i = 0; i < FAULT_MAX_POLICIES; i++)
	{
		FaultSlot  *s = &t->slots[i];
		const FaultPolicy *p = &s->policy;
		uint64_t	hit,
					local;

		if (s->id == 0 || !pattern_matches(p->point, name) || !filters_admit(p))
			continue;
		if (p->action == FAULT_ACTION_SHORT && !is_write)
			continue;			/* not a write: the policy does not apply here */
		hit = atomic_fetch_add(&s->hits, 1) + 1;
		if (local_hits[i].id != s->id)
		{
			local_hits[i].id = s->id;
			local_hits[i].hits = 0;
		}
		local = ++local_hits[i].hits;
		if (fired)
			continue;
		if (p->nth != 0 && hit != p->nth)
			continue;
		if (hit < p->from || hit > p->to)
			continue;
		if (p->prob_threshold != UINT64_MAX && draw_for(s->id, local) >= p->prob_threshold)
			continue;
		if (atomic_load(&s->fired) >= p->times)
			continue;
		atomic_fetch_add(&s->fired, 1);
		fired = true;
		f->point = name;
		f->policy = *p;
		f->policy_id = s->id;
		f->slot = i;
		f->hit = hit;
		f->local_hit = local;
		f->wake_seq = atomic_load(&s->wake_seq);
	}
	if (fired)
		recount_armed(t);
	spin_unlock(&t->lock);
	return fired;
}

/* The one libfiu external callback of this process (registered for "*"). */
static int
fault_callback(const char *name, int *failnum, void **failinfo, unsigned int *flags)
{
	FaultFiring f;
	int			saved_errno = errno;

	(void) failnum;
	(void) failinfo;
	(void) flags;
	/* libfiu passes the enabled name ("*"); the point named itself. */
	if (fault_current_point != NULL)
		name = fault_current_point;
	if (in_callback || fault_table == NULL || fault_table->armed == 0)
		return 0;
	in_callback = true;
	if (!decide(name, fault_current_is_write != 0, &f))
	{
		in_callback = false;
		errno = saved_errno;
		return 0;
	}
	fault_trail_append(&f);
	if (f.policy.action == FAULT_ACTION_ERROR)
	{
		fault_last_errno = f.policy.err;
		fault_decided_by_policy = 1;
		in_callback = false;
		return 1;
	}
	if (f.policy.action == FAULT_ACTION_SHORT)
	{
		char		note[160];

		/* The point (FAULT_WRITE) cuts the length; record what it will be. */
		snprintf(note, sizeof(note), "short point=%s asked=%zu written=%zu", name,
				 fault_current_write_len, fault_short_write_len(fault_current_write_len));
		fault_trail_note(note);
		fault_last_short = 1;
		fault_decided_by_policy = 1;
		in_callback = false;
		return 1;
	}
	fault_act(&f);
	in_callback = false;
	errno = saved_errno;
	return 0;
}

/*
 * A point enabled through libfiu's own table (fiu-ctrl, or a unit test's
 * fiu_enable): its failinfo, when set, is the errno; else EIO.
 */
void
fault_fiu_errno(void)
{
	void	   *info = fiu_failinfo();

	fault_last_errno = info != NULL ? (int) (intptr_t) info : EIO;
}

/*
 * MINIPG_FIU_CTRL=BASENAME: open libfiu's remote-control fifos
 * (BASENAME-PID.in/.out) and let every point consult libfiu's own table
 * (children inherit fault_local_armed), so `fiu-ctrl -f BASENAME -c "enable name=..." PID`
 * works on one process, as with any libfiu program.
 */
static void
start_remote_control(void)
{
	const char *base = getenv(FAULT_ENV_FIU_CTRL);

	if (base == NULL || base[0] == '\0')
		return;
	if (fiu_rc_fifo(base) != 0)
		ereport(WARNING, errmsg("could not start libfiu remote control at \"%s-%d\"",
								base, (int) getpid()));
	else
		fault_local_armed = 1;
}

void
fault_process_init(BackendType type)
{
	FaultShared *t;

	fault_self.type = type;
	fiu_init(0);
	if (type == B_STANDALONE && fault_table == NULL)
	{
		/*
		 * Not forked from a postmaster: the environment is the only source.
		 * Any name is accepted here (unit tests use private point names).
		 */
		check_catalog = false;
		load_env(get_private_table());
		use_table(get_private_table());
	}
	t = fault_table;
	fault_self.ordinal = 0;
	if (t != NULL && type != B_POSTMASTER)
		fault_self.ordinal = atomic_fetch_add(&t->ordinals[type], 1);
	fault_self.subseed = fault_mix64((t ? t->seed : 0) ^
									 fault_mix64(((uint64_t) type << 32) | fault_self.ordinal));
	memset(local_hits, 0, sizeof(local_hits));
	/*
	 * Remote control starts once, in the first process; libfiu re-creates
	 * the fifo (BASENAME-<child pid>) in every forked child by itself.
	 */
	if (getenv(FAULT_ENV_FIU_CTRL) != NULL)
	{
		if (type == B_POSTMASTER || type == B_STANDALONE)
			start_remote_control();
	}
	else if (fault_local_armed)
		return;					/* a unit test driving libfiu directly */
	if (!callback_registered)
	{
		if (fiu_enable_external("*", 1, NULL, 0, fault_callback) != 0)
			ereport(FATAL, errmsg("could not register the fault-injection callback"));
		callback_registered = true;
	}
}

void
fault_arm_local_libfiu(void)
{
	fiu_init(0);
	fault_local_armed = 1;
}

/*-------------------------------------------------------------------------
 * Control calls (SQL functions)
 *-------------------------------------------------------------------------
 */

static FaultShared *
table_or_error(void)
{
	if (fault_table == NULL)
		ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("fault injection is not initialized in this process"));
	return fault_table;
}

int
fault_attach(const char *point, const char *action, const char *options)
{
	FaultShared *t = table_or_error();
	FaultPolicy p;
	char		err[256];
	int			id;

	if (!fault_policy_parse_fields(point, action, options, &p, err, sizeof(err)))
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid fault policy: %s", err));
	if (p.action == FAULT_ACTION_CORRUPT)
	{
		size_t		from,
					to;
		int			elem;

		if (fault_region_pick(p.target, 0, &from, &to, &elem) == NULL)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("corruption target \"%s\" is not available in this server",
						   fault_target_name(p.target)));
	}
	if (fault_catalog_count_matching(p.point) == 0)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("fault point \"%s\" does not exist", p.point),
				errhint("docs/fault-points.md lists every point; a trailing \"*\" matches a group."));
	if (!action_fits_points(&p, err, sizeof(err)))
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid fault policy: %s", err));
	spin_lock(&t->lock);
	id = table_add(t, &p);
	spin_unlock(&t->lock);
	if (id < 0)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("too many fault policies (at most %d)", FAULT_MAX_POLICIES));
	return id;
}

/* Does this slot match "point_or_id" (a policy id, a pattern, or "*" for all)? */
static bool
slot_selected(const FaultSlot *s, const char *sel)
{
	char	   *end;
	long		id;

	if (s->id == 0)
		return false;
	if (strcmp(sel, "*") == 0)
		return true;
	id = strtol(sel, &end, 10);
	if (*sel != '\0' && *end == '\0')
		return id == s->id;
	return strcmp(s->policy.point, sel) == 0;
}

int
fault_detach(const char *point_or_id)
{
	FaultShared *t = table_or_error();
	int			n = 0;
	int			was_journaling;

	spin_lock(&t->lock);
	for (int i = 0; i < FAULT_MAX_POLICIES; i++)
		if (slot_selected(&t->slots[i], point_or_id))
		{
			t->slots[i].id = 0;
			atomic_fetch_add(&t->slots[i].wake_seq, 1);	/* release its waiters */
			n++;
		}
	was_journaling = t->powerloss_armed;
	recount_armed(t);
	spin_unlock(&t->lock);
	/* Journaling is off now: leftover journals would undo synced data. */
	if (was_journaling && !t->powerloss_armed)
		(void) powerloss_discard_all(FAULT_DIR "/powerloss");
	return n;
}

int
fault_wakeup(const char *point)
{
	FaultShared *t = table_or_error();
	int			n = 0;

	spin_lock(&t->lock);
	for (int i = 0; i < FAULT_MAX_WAITERS; i++)
	{
		FaultWaiter *w = &t->waiters[i];

		if (atomic_load(&w->pid) != 0 &&
			(strcmp(point, "*") == 0 || pattern_matches(point, w->point)))
		{
			for (int j = 0; j < FAULT_MAX_POLICIES; j++)
				if (t->slots[j].id == w->policy_id)
					atomic_fetch_add(&t->slots[j].wake_seq, 1);
			n++;
		}
	}
	spin_unlock(&t->lock);
	return n;
}

int
fault_waiting(const char *point)
{
	FaultShared *t = table_or_error();
	int			n = 0;

	spin_lock(&t->lock);
	for (int i = 0; i < FAULT_MAX_WAITERS; i++)
	{
		FaultWaiter *w = &t->waiters[i];

		if (atomic_load(&w->pid) != 0 &&
			(strcmp(point, "*") == 0 || pattern_matches(point, w->point)))
			n++;
	}
	spin_unlock(&t->lock);
	return n;
}

void
fault_set_seed(uint64_t seed)
{
	FaultShared *t = table_or_error();

	spin_lock(&t->lock);
	t->seed = seed;
	spin_unlock(&t->lock);
}

uint64_t
fault_hits(const char *point)
{
	FaultShared *t = table_or_error();
	uint64_t	n = 0;

	spin_lock(&t->lock);
	for (int i = 0; i < FAULT_MAX_POLICIES; i++)
		if (slot_selected(&t->slots[i], point))
			n += atomic_load(&t->slots[i].hits);
	spin_unlock(&t->lock);
	return n;
}

uint64_t
fault_fired(const char *point)
{
	FaultShared *t = table_or_error();
	uint64_t	n = 0;

	spin_lock(&t->lock);
	for (int i = 0; i < FAULT_MAX_POLICIES; i++)
		if (slot_selected(&t->slots[i], point))
			n += atomic_load(&t->slots[i].fired);
	spin_unlock(&t->lock);
	return n;
}

char	  **
fault_list(int *n_out)
{
	FaultShared *t = table_or_error();
	FaultSlot	copy[FAULT_MAX_POLICIES];
	char	  **lines;
	int			n = 0;

	spin_lock(&t->lock);
	memcpy(copy, t->slots, sizeof(copy));
	spin_unlock(&t->lock);
	lines = palloc(sizeof(char *) * FAULT_MAX_POLICIES);
	for (int i = 0; i < FAULT_MAX_POLICIES; i++)
	{
		char		text[512];

		if (copy[i].id == 0)
			continue;
		fault_policy_format(&copy[i].policy, text, sizeof(text));
		lines[n++] = psprintf("%d %s hits=%" PRIu64 " fired=%" PRIu64, copy[i].id, text,
							  atomic_load(&copy[i].hits), atomic_load(&copy[i].fired));
	}
	*n_out = n;
	return lines;
}

#if defined(__SANITIZE_ADDRESS__)
/*
 * libfiu's remote control re-allocates its fifo paths in every forked
 * child without freeing the parent's copies (libfiu 1.1, fiu-rc.c): a
 * known leak in the library, not ours, which LeakSanitizer would turn
 * into a failed exit of every child.  The sanitizer runtime calls this.
 */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfiu.so\n";
}
#endif

#else							/* !MINIPG_FAULTS */

/* Release build: no points exist; the control calls say so. */

static pg_noreturn void
not_available(void)
{
	ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			errmsg("fault injection is not available in this build"),
			errhint("Build with the debug, asan or faults preset."));
}

size_t
fault_shmem_size(void)
{
	return 0;
}

void
fault_shmem_init(void *mem, size_t size)
{
	(void) mem;
	(void) size;
}

void
fault_postmaster_load(const char *datadir)
{
	(void) datadir;
	if (getenv(FAULT_ENV_POLICY) != NULL && getenv(FAULT_ENV_POLICY)[0] != '\0')
		ereport(WARNING, errmsg("environment variable %s is ignored: fault injection "
								"is not available in this build", FAULT_ENV_POLICY));
}

void
fault_shmem_before_destroy(void)
{
}

void
fault_process_init(BackendType type)
{
	(void) type;
}

void
fault_arm_local_libfiu(void)
{
}

int
fault_attach(const char *point, const char *action, const char *options)
{
	not_available();
}

int
fault_detach(const char *point_or_id)
{
	not_available();
}

int
fault_wakeup(const char *point)
{
	not_available();
}

int
fault_waiting(const char *point)
{
	not_available();
}

void
fault_set_seed(uint64_t seed)
{
	not_available();
}

uint64_t
fault_hits(const char *point)
{
	not_available();
}

uint64_t
fault_fired(const char *point)
{
	not_available();
}

char	  **
fault_list(int *n_out)
{
	not_available();
}

#endif							/* MINIPG_FAULTS */
