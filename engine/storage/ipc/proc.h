/*-------------------------------------------------------------------------
 * proc.h
 *	  Per-process slots in shared memory (the "proc array"), process roles,
 *	  and sleeping/waking between processes.
 *
 * Role: every process attached to shared memory (backends and auxiliary
 * processes alike) owns one Proc slot for its lifetime.  The slot publishes
 * what other processes need to know about it: its transaction id and
 * snapshot xmin (for MVCC), what it is waiting for (for lock waits and
 * pg_stat_activity), and a futex word other processes use to wake it.
 *
 * Invariants:
 *	- A slot is owned by at most one live process; pid != 0 iff owned.
 *	- xid and xmin are written only by the owner, read by anyone; writes of
 *	  xid happen under LWLOCK_PROC_ARRAY held exclusively at transaction end
 *	  (so a snapshot never sees a transaction as both running and committed
 *	  in the wrong order), and assignment holds LWLOCK_XID_GEN.
 *	- Activity fields are written by the owner inside a changecount bracket
 *	  (odd while writing); readers retry until they see an even, unchanged
 *	  count.
 *	- MyProc is NULL in the postmaster, which never owns a slot.
 *-------------------------------------------------------------------------
 */
#ifndef PROC_H
#define PROC_H

#include <stdatomic.h>

#include "common/minipg.h"
#include "storage/lmgr/spin.h"

/* Process roles, as pg_stat_activity.backend_type names them. */
typedef enum BackendType
{
	B_INVALID = 0,
	B_POSTMASTER,
	B_BACKEND,
	B_STARTUP,
	B_CHECKPOINTER,
	B_BG_WRITER,
	B_WAL_WRITER,
	B_AUTOVAC_LAUNCHER,
	B_AUTOVAC_WORKER,
	B_STATS_COLLECTOR,
	B_ARCHIVER,
	B_LOGGER,
	B_BG_WORKER,
	B_WAL_SENDER,
	B_WAL_RECEIVER,
	B_STANDALONE,				/* single-user / fuzz / unit-test process */
	B_NUM_TYPES
} BackendType;

const char *backend_type_name(BackendType t);

/* What a backend is doing (pg_stat_activity.state). */
typedef enum BackendState
{
	STATE_UNDEFINED,
	STATE_IDLE,
	STATE_RUNNING,
	STATE_IDLEINTRANSACTION,
	STATE_FASTPATH,
	STATE_IDLEINTRANSACTION_ABORTED,
	STATE_DISABLED,
} BackendState;

#define PROC_QUERY_TEXT_SIZE 1024
#define PROC_NAME_SIZE		 64

#define PROC_MAGIC	0x50524F43u		/* "PROC" */

typedef struct Proc
{
	/* Checked by proc_check_entry() wherever the array is scanned. */
	uint32_t	magic;			/* PROC_MAGIC */
	int			procno;			/* index in the proc array */
	_Atomic int32_t pid;		/* 0 when the slot is free */
	BackendType backend_type;
	Oid			database_oid;
	Oid			role_oid;
	int32_t		cancel_key;		/* BackendKeyData secret */

	/* MVCC: see access/transam/README.md. */
	_Atomic TransactionId xid;	/* top-level xid, or Invalid */
	_Atomic TransactionId xmin; /* oldest xid this snapshot treats as running */

	/* Row-lock waits: the xid this process waits for (xid_wait), or Invalid. */
	_Atomic TransactionId wait_for_xid;

	/* Sleeping: proc_sleep() waits on this word, proc_wakeup() bumps it. */
	_Atomic uint32_t wakeup_word;

	/* Heavyweight lock wait state, owned by storage/lmgr/lock.c. */
	int			lock_wait_index;	/* lock table entry waited on, or -1 */
	int			lock_wait_mode;
	_Atomic int lock_wait_status;	/* 0 waiting, 1 granted, 2 aborted */
	int			lock_wait_next;		/* next procno in that lock's wait queue */
	int64_t		lock_wait_start_us;

	/* Activity (pg_stat_activity), guarded by changecount. */
	_Atomic uint32_t changecount;
	BackendState state;
	uint32_t	wait_event_info;	/* see storage/ipc/waitevent.h */
	int64_t		backend_start_us;
	int64_t		xact_start_us;
	int64_t		query_start_us;
	int64_t		state_change_us;
	char		username[PROC_NAME_SIZE];
	char		dbname[PROC_NAME_SIZE];
	char		application_name[PROC_NAME_SIZE];
	char		client_addr[PROC_NAME_SIZE];	/* "" for Unix socket */
	int			client_port;
	char		query[PROC_QUERY_TEXT_SIZE];
} Proc;

typedef struct ProcGlobal
{
	uint64_t	magic;
	slock_t		freelist_lock;
	int			n_procs;		/* total slots */
	int			n_backend_procs;	/* first n_backend_procs slots: backends */
	int			free_backend_slots;
	_Atomic TransactionId latest_completed_xid;
	Proc		procs[];		/* n_procs entries */
} ProcGlobal;

#define PROC_GLOBAL_MAGIC 0x50524F43474CULL		/* "PROCGL" */
/* Auxiliary processes (and autovacuum workers) get slots after the
 * backends.  (Users include utils/guc.h.) */
#define NUM_AUXILIARY_PROCS (12 + guc_autovacuum_max_workers)

extern ProcGlobal *proc_global;
extern Proc *MyProc;
extern BackendType MyBackendType;
extern int	MyProcPid;

/* Shared-memory area. */
size_t		proc_shmem_size(void);
void		proc_shmem_init(void *mem, size_t size);

/*
 * Take a slot for this process.  Backends: FATAL 53300 "sorry, too many
 * clients already" when none is free.  Registers release at proc_exit.
 */
void		proc_attach_backend(void);
/*
 * After authentication: a non-superuser may not take one of the last
 * superuser_reserved_connections slots (FATAL 53300).
 */
void		proc_check_reserved_slots(bool is_superuser);
void		proc_attach_auxiliary(BackendType type);

/* Sleep until woken or timeout_ms elapses (-1: no timeout).  Interrupts
 * (signals) also end the sleep; callers re-check their condition. */
void		proc_sleep(long timeout_ms);
/* Snapshot of our wakeup word, to pass to proc_sleep_if_unchanged(). */
uint32_t	proc_wakeup_seq(void);
void		proc_sleep_if_unchanged(uint32_t seq, long timeout_ms);
void		proc_wakeup(Proc *proc);

/* pg_stat_activity updates by the owner. */
void		proc_set_state(BackendState state, const char *query);
void		proc_set_wait_event(uint32_t wait_event_info);
void		proc_set_connection_info(Oid database_oid, Oid role_oid, const char *user,
									 const char *db, const char *appname, const char *addr,
									 int port);
void		proc_set_application_name(const char *appname);
void		proc_set_xact_start(int64_t when_us);

/*
 * PANIC if entry i of the proc array is corrupted (bad magic or procno):
 * a scribbled entry must stop the cluster, not feed snapshots.
 */
void		proc_check_entry(const Proc *p, int i);

/* Find a live backend slot by pid (NULL if none). */
Proc	   *proc_find_by_pid(int pid);

/* Copy a consistent view of another proc's activity fields. */
void		proc_read_activity(const Proc *src, Proc *dst);

/* Microseconds since the Unix epoch. */
int64_t		now_us(void);

#endif							/* PROC_H */
