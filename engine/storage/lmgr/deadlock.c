/*-------------------------------------------------------------------------
 * deadlock.c
 *	  Deadlock detection over lock waits and transaction waits.
 *
 * A process waits either for a heavyweight lock (Proc.lock_wait_index,
 * lock_wait_mode) or for a transaction to end (Proc.wait_for_xid, see
 * xid_wait).  Its waits-for edges go to:
 *	- every other proc holding a mode that conflicts with the one it wants;
 *	- every proc ahead of it in that lock's queue wanting a conflicting
 *	  mode (it cannot be granted before them);
 *	- the proc running the transaction it waits for.
 * lock_check_deadlock() runs a depth-first search from the current process
 * with every lock partition held (a consistent picture; this is rare, after
 * deadlock_timeout) and raises 40P01 if a path leads back to itself, with
 * PostgreSQL's DETAIL listing each process's wait.
 *
 * Fault points: lock/deadlock/check (a step before the search, no lock
 * held) and lock/deadlock/detected (the check reports a deadlock through
 * the real 40P01 path even when the search found none).
 *-------------------------------------------------------------------------
 */
#include <signal.h>
#include <stdatomic.h>

#include "faults/faultpoint.h"
#include "storage/ipc/proc.h"
#include "storage/lmgr/lock_internal.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/pgstat/pgstat.h"
#include "utils/strbuf.h"

typedef struct Search
{
	bool	   *visited;
	int		   *path;			/* procnos on the current DFS path */
	int			depth;
} Search;

static int
proc_running_xid(TransactionId xid)
{
	for (int i = 0; i < proc_global->n_procs; i++)
		if (atomic_load(&proc_global->procs[i].xid) == xid &&
			atomic_load(&proc_global->procs[i].pid) != 0)
			return i;
	return -1;
}

static bool
waits_on_lock(const Proc *p)
{
	return p->lock_wait_index >= 0 && atomic_load(&p->lock_wait_status) == LOCK_WAIT_WAITING;
}

/* Collect the procs p waits for into out; returns the count. */
static int
blockers_of(int procno, int *out)
{
	Proc	   *p = &proc_global->procs[procno];
	int			n = 0;
	TransactionId x = atomic_load(&p->wait_for_xid);

	if (TransactionIdIsValid(x))
	{
		int			holder = proc_running_xid(x);

		if (holder >= 0)
			out[n++] = holder;
		return n;
	}
	if (!waits_on_lock(p))
		return 0;
	int			e = p->lock_wait_index;
	int			want = lock_conflict_mask(p->lock_wait_mode);

	for (int q = 0; q < lock_table->n_proc_slots; q++)
		if (q != procno && (lock_holder_mask(q, e) & want))
			out[n++] = q;
	for (int w = lock_table->entries[e].wait_head; w >= 0 && w != procno;
		 w = proc_global->procs[w].lock_wait_next)
		if (want & (1 << proc_global->procs[w].lock_wait_mode))
			out[n++] = w;
	return n;
}

static bool
search_from(Search *s, int procno, int target)
{
	int		   *next = palloc(sizeof(int) * (size_t) (2 * proc_global->n_procs + 1));
	int			n = blockers_of(procno, next);

	s->path[s->depth++] = procno;
	for (int i = 0; i < n; i++)
	{
		if (next[i] == target)
			return true;
		if (s->visited[next[i]])
			continue;
		s->visited[next[i]] = true;
		if (search_from(s, next[i], target))
			return true;
	}
	s->depth--;
	return false;
}

static void
describe_wait(StringBuf *out, int procno, int blocker)
{
	Proc	   *p = &proc_global->procs[procno];
	TransactionId x = atomic_load(&p->wait_for_xid);

	if (out->len > 0)
		strbuf_append_char(out, '\n');
	if (TransactionIdIsValid(x))
		strbuf_appendf(out, "Process %d waits for ShareLock on transaction %u; blocked by process %d.",
					   (int) atomic_load(&p->pid), x,
					   (int) atomic_load(&proc_global->procs[blocker].pid));
	else
	{
		const LockTag *t = &lock_table->entries[p->lock_wait_index].tag;

		strbuf_appendf(out, "Process %d waits for %s on relation %u of database %u; blocked by process %d.",
					   (int) atomic_load(&p->pid), lock_mode_name(p->lock_wait_mode),
					   t->field2, t->field1, (int) atomic_load(&proc_global->procs[blocker].pid));
	}
}

/*
 * Is one of the processes this backend waits for an autovacuum worker?
 * Its pid (and the wait described in detail), else 0.  Precondition: the
 * lock-manager partition locks are held.
 */
static int
blocking_autovacuum_pid(StringBuf *detail)
{
	int		   *blockers = palloc(sizeof(int) * (size_t) (2 * proc_global->n_procs + 1));
	int			n = blockers_of(MyProc->procno, blockers);

	for (int i = 0; i < n; i++)
	{
		Proc	   *b = &proc_global->procs[blockers[i]];

		if (b->backend_type == B_AUTOVAC_WORKER && atomic_load(&b->pid) != 0)
		{
			describe_wait(detail, MyProc->procno, blockers[i]);
			return (int) atomic_load(&b->pid);
		}
	}
	return 0;
}

void
lock_check_deadlock(void)
{
	Search		s;
	bool		found;
	StringBuf	detail;

	FAULT_MARK("lock/deadlock/check");
	s.visited = palloc0(sizeof(bool) * (size_t) proc_global->n_procs);
	s.path = palloc(sizeof(int) * (size_t) (proc_global->n_procs + 1));
	s.depth = 0;
	for (int p = 0; p < NUM_LOCK_MANAGER_PARTITIONS; p++)
		lwlock_acquire(lock_partition_lock(p), LW_SHARED);
	s.visited[MyProc->procno] = true;
	found = search_from(&s, MyProc->procno, MyProc->procno);
	strbuf_init(&detail);
	if (found)
	{
		for (int i = 0; i < s.depth; i++)
			describe_wait(&detail, s.path[i], i + 1 < s.depth ? s.path[i + 1] : MyProc->procno);
	}
	int			av_pid = found ? 0 : blocking_autovacuum_pid(&detail);
	for (int p = NUM_LOCK_MANAGER_PARTITIONS - 1; p >= 0; p--)
		lwlock_release(lock_partition_lock(p));
	if (!found && FAULT_POINT("lock/deadlock/detected"))
	{
		found = true;
		strbuf_append(&detail, "Deadlock reported by fault point lock/deadlock/detected.");
	}
	if (av_pid != 0)
	{
		/* Autovacuum gives way to the user (PostgreSQL's rule): cancel it. */
		ereport(LOG, errmsg("sending cancel to blocking autovacuum PID %d", av_pid),
				errdetail_log("%s", detail.data));
		kill(av_pid, SIGINT);
	}
	if (found)
		pgstat_count_deadlock();
	if (found)
		ereport(ERROR, errcode(ERRCODE_T_R_DEADLOCK_DETECTED),
				errmsg("deadlock detected"),
				errdetail("%s", detail.data),
				errhint("See server log for query details."));
}
