/*-------------------------------------------------------------------------
 * fault_actions.c
 *	  What a fired fault point does, for every action except "error" and
 *	  "short" (which the point itself turns into a failed call, or into a
 *	  write of only a prefix of its buffer: faults/faultpoint.h).
 *
 *	panic		ereport(PANIC): the process aborts, the postmaster resets.
 *	crash		SIGKILL to itself, at this instant; no cleanup at all.
 *	abort		SIGABRT with the default disposition (a core, if enabled).
 *	delay		sleep ms milliseconds, then go on.
 *	wait		block until fault_wakeup() or fault_detach() for the policy;
 *				the process shows wait event "FaultPoint" in the proc array
 *				and is listed by fault_waiting(), so a harness can wait for
 *				it instead of sleeping.  Interrupts are not serviced while
 *				waiting (the point may be in a critical section); SIGQUIT
 *				and SIGKILL still end the process, and it exits if the
 *				postmaster dies.
 *	corrupt		scribble seeded bytes over one element of a registered
 *				shared structure (fault_regions.h), then go on.
 *	powerloss	stop every process of the cluster, roll every file back to
 *				its last fsync (powerloss.h), then kill them all and itself.
 *
 * Every decision here (which element, which bytes) comes from the
 * process's sub-seed, the policy id and the hit number: never the clock.
 *-------------------------------------------------------------------------
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "faults/fault_internal.h"
#include "faults/fault_regions.h"
#include "faults/powerloss.h"
#include "postmaster/pm_children.h"
#include "storage/ipc/proc.h"
#include "storage/ipc/waitevent.h"
#include "utils/elog.h"

#ifdef MINIPG_FAULTS

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Children exit when the postmaster is gone rather than wait forever. */
static void
exit_if_orphaned(void)
{
	if (fault_self.type != B_POSTMASTER && PostmasterPid != 0 && getppid() != PostmasterPid)
		_exit(1);
}

static void
act_delay(const FaultFiring *f)
{
	long		left = f->policy.delay_ms;

	if (MyProc != NULL)
		proc_set_wait_event(WAIT_EVENT_FAULT_POINT);
	while (left > 0)
	{
		long		step = left < 10 ? left : 10;

		sleep_ms(step);
		left -= step;
		exit_if_orphaned();
	}
	if (MyProc != NULL)
		proc_set_wait_event(0);
}

static int
waiter_register(const FaultFiring *f)
{
	FaultShared *t = fault_table;
	int			me = -1;

	spin_lock(&t->lock);
	for (int i = 0; i < FAULT_MAX_WAITERS; i++)
		if (atomic_load(&t->waiters[i].pid) == 0)
		{
			t->waiters[i].policy_id = f->policy_id;
			snprintf(t->waiters[i].point, sizeof(t->waiters[i].point), "%s", f->point);
			atomic_store(&t->waiters[i].pid, (int) getpid());
			me = i;
			break;
		}
	spin_unlock(&t->lock);
	return me;
}

static void
act_wait(const FaultFiring *f)
{
	FaultShared *t = fault_table;
	FaultSlot  *s = &t->slots[f->slot];
	int			me = waiter_register(f);

	if (me < 0)
	{
		fault_trail_note("wait skipped: too many waiting processes");
		return;
	}
	if (MyProc != NULL)
		proc_set_wait_event(WAIT_EVENT_FAULT_POINT);
	while (s->id == f->policy_id && atomic_load(&s->wake_seq) == f->wake_seq)
	{
		sleep_ms(2);
		exit_if_orphaned();
	}
	atomic_store(&t->waiters[me].pid, 0);
	if (MyProc != NULL)
		proc_set_wait_event(0);
}

static void
act_corrupt(const FaultFiring *f)
{
	uint64_t	draw = fault_mix64(fault_self.subseed ^ fault_mix64(0xC0FFEEULL ^
																  ((uint64_t) f->policy_id << 32) ^ f->local_hit));
	size_t		from,
				to,
				len,
				off;
	int			elem;
	unsigned char *base = fault_region_pick(f->policy.target, draw, &from, &to, &elem);
	char		note[256];

	if (base == NULL)
	{
		snprintf(note, sizeof(note), "corrupt target=%s not registered in this process",
				 fault_target_name(f->policy.target));
		fault_trail_note(note);
		return;
	}
	len = (size_t) f->policy.corrupt_bytes;
	if (len > to - from)
		len = to - from;
	off = from + (size_t) (fault_mix64(draw + 1) % (uint64_t) (to - from - len + 1));
	for (size_t i = 0; i < len; i++)
	{
		unsigned char b = (unsigned char) fault_mix64(draw + 2 + i);

		if (b == base[off + i])
			b ^= 0xFF;			/* every scribbled byte really changes */
		base[off + i] = b;
	}
	snprintf(note, sizeof(note), "corrupt target=%s element=%d offset=%zu bytes=%zu",
			 fault_target_name(f->policy.target), elem, off, len);
	fault_trail_note(note);
	ereport(LOG, errmsg("fault point \"%s\" scribbled %zu bytes over %s %d at offset %zu",
						f->point, len, fault_target_name(f->policy.target), elem, off));
}

/* The postmaster and its children (read from /proc), excluding ourselves. */
static int
cluster_pids(pid_t *pids, int max)
{
	pid_t		pm = fault_self.type == B_POSTMASTER ? getpid() : PostmasterPid;
	DIR		   *d;
	struct dirent *de;
	int			n = 0;

	if (pm == 0)
		return 0;
	if (pm != getpid() && n < max)
		pids[n++] = pm;
	d = opendir("/proc");
	if (d == NULL)
		return n;
	while ((de = readdir(d)) != NULL && n < max)
	{
		char		path[300];
		char		buf[512];
		FILE	   *fp;
		pid_t		pid = (pid_t) atoi(de->d_name);
		int			ppid = 0;
		char	   *close_paren;

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
		fp = fopen(path, "r");
		if (fp == NULL)
			continue;
		if (fgets(buf, sizeof(buf), fp) != NULL &&
			(close_paren = strrchr(buf, ')')) != NULL &&
			sscanf(close_paren + 1, " %*c %d", &ppid) == 1 && ppid == pm)
			pids[n++] = pid;
		fclose(fp);
	}
	closedir(d);
	return n;
}

static pg_noreturn void
act_powerloss(const FaultFiring *f)
{
	pid_t		pids[512];
	int			n = cluster_pids(pids, lengthof(pids));
	char		report[1536];
	char		note[1700];
	int			files;

	/* Freeze the world first, the postmaster (which could fork) included. */
	for (int i = 0; i < n; i++)
		kill(pids[i], SIGSTOP);
	files = powerloss_rollback_all(FAULT_DIR "/powerloss", f->policy.tear_sector,
								   fault_self.subseed ^ (uint64_t) f->local_hit,
								   report, sizeof(report));
	snprintf(note, sizeof(note), "powerloss files_rolled_back=%d %s", files, report);
	for (char *c = note; *c; c++)
		if (*c == '\n')
			*c = ' ';
	fault_trail_note(note);
	for (int i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	kill(getpid(), SIGKILL);
	for (;;)
		pause();
}

void
fault_act(const FaultFiring *f)
{
	switch (f->policy.action)
	{
		case FAULT_ACTION_ERROR:
		case FAULT_ACTION_SHORT:
			break;				/* handled by the point */
		case FAULT_ACTION_PANIC:
			ereport(PANIC, errcode(ERRCODE_INTERNAL_ERROR),
					errmsg("fault injected at point \"%s\"", f->point));
			break;
		case FAULT_ACTION_CRASH:
			kill(getpid(), SIGKILL);
			for (;;)
				pause();
		case FAULT_ACTION_ABORT:
			{
				sigset_t	set;

				signal(SIGABRT, SIG_DFL);
				sigemptyset(&set);
				sigaddset(&set, SIGABRT);
				sigprocmask(SIG_UNBLOCK, &set, NULL);
				abort();
			}
		case FAULT_ACTION_DELAY:
			act_delay(f);
			break;
		case FAULT_ACTION_WAIT:
			act_wait(f);
			break;
		case FAULT_ACTION_CORRUPT:
			act_corrupt(f);
			break;
		case FAULT_ACTION_POWERLOSS:
			act_powerloss(f);
		case FAULT_NUM_ACTIONS:
			break;
	}
}

#endif							/* MINIPG_FAULTS */
