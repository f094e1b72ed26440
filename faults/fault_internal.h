/*-------------------------------------------------------------------------
 * fault_internal.h
 *	  The policy table and the pieces of the control plane that share it
 *	  (fault_control.c decides, fault_actions.c acts, fault_trail.c records).
 *
 * Layout of the shared table: a header, FAULT_MAX_POLICIES slots and
 * FAULT_MAX_WAITERS waiter entries.  `lock` guards slot contents and the
 * id/seed fields; counters are atomics so SQL can read them without it.
 * A slot is free when id == 0.  Every slot carries a magic number that the
 * postmaster checks before it carries a slot over a crash restart.
 *-------------------------------------------------------------------------
 */
#ifndef FAULT_INTERNAL_H
#define FAULT_INTERNAL_H

#include "faults/fault_control.h"
#include "faults/fault_policy.h"
#include "storage/lmgr/spin.h"

#define FAULT_MAX_POLICIES	32
#define FAULT_MAX_WAITERS	64
#define FAULT_TABLE_MAGIC	0x4641554C54544231ULL	/* "FAULTTB1" */
#define FAULT_SLOT_MAGIC	0x46534C54u				/* "FSLT" */

typedef struct FaultSlot
{
	uint32_t	magic;
	int32_t		id;				/* 0: free */
	FaultPolicy policy;
	_Atomic uint64_t hits;		/* hits by processes passing the filters */
	_Atomic uint64_t fired;
	_Atomic uint32_t wake_seq;	/* bumped by fault_wakeup() */
} FaultSlot;

typedef struct FaultWaiter
{
	_Atomic int pid;			/* 0: free */
	int32_t		policy_id;
	char		point[FAULT_POINT_PATTERN_LEN];
} FaultWaiter;

typedef struct FaultShared
{
	uint64_t	magic;
	slock_t		lock;
	volatile int armed;			/* policies that can still fire */
	volatile int powerloss_armed;	/* a powerloss policy is live: journal writes */
	uint64_t	seed;
	int32_t		next_id;
	_Atomic uint32_t ordinals[B_NUM_TYPES];	/* processes started, per type */
	FaultSlot	slots[FAULT_MAX_POLICIES];
	FaultWaiter waiters[FAULT_MAX_WAITERS];
} FaultShared;

/* The table this process uses: shared memory, or a private copy before
 * shared memory exists (postmaster start, standalone processes). */
extern FaultShared *fault_table;

/* Who we are, for filters, sub-seeds and the trail. */
typedef struct FaultSelf
{
	int			type;			/* BackendType */
	uint32_t	ordinal;		/* among processes of this type */
	uint64_t	subseed;
} FaultSelf;
extern FaultSelf fault_self;

/* A firing, as decided by the callback. */
typedef struct FaultFiring
{
	const char *point;			/* the name the code passed */
	FaultPolicy policy;			/* copy of the policy that fired */
	int32_t		policy_id;
	int			slot;
	uint64_t	hit;			/* cluster-wide hit number of that policy */
	uint64_t	local_hit;		/* hit number within this process */
	uint32_t	wake_seq;		/* the slot's wake_seq at the firing */
} FaultFiring;

/* splitmix64: the PRNG step and the mixer of every seeded decision. */
static inline uint64_t
fault_mix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

/* fault_actions.c: run an action the point does not carry out itself
 * (every one but error and short; may not return). */
void		fault_act(const FaultFiring *f);
/* fault_trail.c: append the firing to pg_faults/trail (never fails). */
void		fault_trail_append(const FaultFiring *f);
/* A free-form line ("note=..."), e.g. what a power cut rolled back. */
void		fault_trail_note(const char *what);

#endif							/* FAULT_INTERNAL_H */
