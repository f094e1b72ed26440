/*-------------------------------------------------------------------------
 * test_visibility.c
 *	  Table-driven unit tests of the MVCC rules in heapam_visibility.c:
 *	  heap_tuple_satisfies_mvcc, heap_tuple_satisfies_update,
 *	  heap_tuple_satisfies_vacuum and heap_tuple_is_surely_dead, and of the
 *	  hint bits they set.
 *
 * What: one tuple header takes, row after row, a combination of
 *	- inserter (t_xmin): committed / aborted / crashed (its backend died,
 *	  CLOG never set) / running in another session / our own transaction
 *	  with t_cmin before, at or after the command id; bootstrap and frozen;
 *	- deleter (t_xmax): none, or any of the above with t_cmax before, at
 *	  or after the command id; t_ctid its own TID (deleted) or another one
 *	  (updated);
 *	- position of each xid relative to one hand-built READ COMMITTED
 *	  snapshot: before its xmin, in its xip list, between xmin and xmax
 *	  but not in xip (finished before it was taken), at or after xmax;
 *	- hint bits already set or not;
 *	and the table gives the exact answer of each function (visible or
 *	not; the HTSU_* and HTSV_* verdicts; dead to everyone or not), with a
 *	comment saying why, following PostgreSQL's rules as
 *	access/heap/README.md (rules 4-6) states them; the two places where
 *	minipg's documented answer differs from PostgreSQL's say so (U14,
 *	V08).
 *	Hint bits, for every row: the bits a function must set (the final
 *	outcome of an xid it had to look up: README rule 5), and never a bit
 *	that is not true: no hint for a running or our own xid, "committed"
 *	only for a commit whose record is flushed, nothing at all when called
 *	without a buffer (private copy); a new hint dirties the (clean)
 *	buffer.  A second group commits a transaction asynchronously and
 *	checks that its "committed" hints wait until WAL is flushed past its
 *	commit record (xid_commit_is_durable), while an abort is hinted at
 *	once, and that the answers themselves do not wait.
 *	Not covered: lock-only xmax values, which minipg does not have
 *	(README "Not (yet) done": no SELECT ... FOR UPDATE).
 * How: standalone_init() environment.  Real transactions make the xids
 *	(commit, abort); forked sessions (standalone_fork) keep two running,
 *	and a third one exits without ending its transaction (as after a
 *	crash: not in the proc array, no CLOG status); the test itself keeps
 *	a transaction open for the "own" xid.  The tuple lives in a real heap
 *	page whose buffer stays pinned; each row rewrites its header under
 *	the exclusive lock, then calls the function under a share lock as
 *	scans do.  Expected answers are written out by hand, not computed.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/wait.h>

#include "access/heap/heapam_internal.h"
#include "access/wal/wal.h"
#include "test_heapam_common.h"

/* ---- the transactions ---- */

/*
 * Who wrote an xid field, in the order their xids are assigned (checked
 * in setup): the snapshot (see visibility_setup) has xmin = R_XIP,
 * xip = {R_XIP, C_XIP, A_XIP}, xmax = A_MID + 1.
 */
typedef enum Who
{
	W_NONE,						/* t_xmax = 0 */
	W_BOOTSTRAP,				/* BootstrapTransactionId */
	W_FROZEN,					/* FrozenTransactionId */
	W_C_BEFORE,					/* committed before the snapshot's xmin */
	W_A_BEFORE,					/* aborted before xmin */
	W_CRASHED,					/* before xmin; backend died, no CLOG status */
	W_R_XIP,					/* running (in xip, and still running) */
	W_C_XIP,					/* in xip: committed after the snapshot */
	W_A_XIP,					/* in xip: aborted after the snapshot */
	W_C_MID,					/* xmin <= x < xmax, not in xip: committed before */
	W_A_MID,					/* xmin <= x < xmax, not in xip: aborted before */
	W_C_AFTER,					/* >= xmax: committed since */
	W_A_AFTER,					/* >= xmax: aborted since */
	W_R_AFTER,					/* >= xmax: still running */
	W_OWN,						/* our own transaction */
	W_ASYNC,					/* durability group: asynchronous commit */
	W_LATE_ABORT,				/* durability group: aborted after W_ASYNC */
	W_COUNT
} Who;

typedef enum Fate
{
	F_NONE,
	F_COMMITTED,
	F_ABORTED,
	F_RUNNING,
} Fate;

static const Fate fate_of[W_COUNT] = {
	[W_NONE] = F_NONE,
	[W_BOOTSTRAP] = F_COMMITTED,
	[W_FROZEN] = F_COMMITTED,
	[W_C_BEFORE] = F_COMMITTED,
	[W_A_BEFORE] = F_ABORTED,
	[W_CRASHED] = F_ABORTED,
	[W_R_XIP] = F_RUNNING,
	[W_C_XIP] = F_COMMITTED,
	[W_A_XIP] = F_ABORTED,
	[W_C_MID] = F_COMMITTED,
	[W_A_MID] = F_ABORTED,
	[W_C_AFTER] = F_COMMITTED,
	[W_A_AFTER] = F_ABORTED,
	[W_R_AFTER] = F_RUNNING,
	[W_OWN] = F_RUNNING,
	[W_ASYNC] = F_COMMITTED,
	[W_LATE_ABORT] = F_ABORTED,
};

static TransactionId xid_of[W_COUNT];
/* Committed and its commit record known flushed (set by the setups). */
static bool durable[W_COUNT];

/* A tuple header as a row specifies it. */
typedef struct Tup
{
	Who			xmin;
	CommandId	cmin;
	Who			xmax;
	CommandId	cmax;
	uint16_t	hints;			/* hint bits set beforehand */
	bool		updated;		/* t_ctid names a newer version (else itself) */
} Tup;

#define XC HEAP_XMIN_COMMITTED
#define XI HEAP_XMIN_INVALID
#define MC HEAP_XMAX_COMMITTED
#define MI HEAP_XMAX_INVALID
#define ALL_HINTS (HEAP_XMIN_HINTS | HEAP_XMAX_HINTS)

/* The snapshot's command id, and the command id of the update checks. */
#define CURCID		3

/* ---- the page the tuple lives in ---- */

static Relation vis_rel;
static Buffer vis_buf = InvalidBuffer;
static ItemPointerData vis_self;

static HeapTupleHeader
page_tuple(void)
{
	Page		page = bufmgr_page(vis_buf);

	return (HeapTupleHeader) page_get_item(page, page_get_item_id(page, vis_self.ip_posid));
}

static void
fill_header(HeapTupleHeader h, const Tup *t)
{
	ItemPointerData ctid = vis_self;

	if (t->updated)
		ctid.ip_posid++;
	h->t_xmin = xid_of[t->xmin];
	h->t_cmin = t->cmin;
	h->t_xmax = xid_of[t->xmax];
	h->t_cmax = t->cmax;
	h->t_infomask = (uint16_t) ((h->t_infomask & ~ALL_HINTS) | t->hints);
	heap_hdr_set_ctid(h, &ctid);
}

/*
 * Give the tuple in the page the row's header, make the buffer clean (so
 * that a hint can be seen to dirty it) and take the share lock a scan
 * would hold.  Returns the header in the page.
 */
static HeapTupleHeader
tuple_prepare(const Tup *t)
{
	bufmgr_lock(vis_buf, LW_EXCLUSIVE);
	fill_header(page_tuple(), t);
	bufmgr_unlock(vis_buf);
	if (bufmgr_is_dirty(vis_buf))
		bufmgr_flush_relation(vis_rel->rd_locator);
	assert_false(bufmgr_is_dirty(vis_buf));
	bufmgr_lock(vis_buf, LW_SHARED);
	return page_tuple();
}

/* A private copy of the header (the struct ends in a flexible array). */
typedef union HeaderCopy
{
	uint64_t	words[4];
	char		bytes[32];
} HeaderCopy;

#define COPY_HDR(c) ((HeapTupleHeader) (c).bytes)

static HeaderCopy
private_copy(HeapTupleHeader h)
{
	HeaderCopy	c;

	StaticAssert(sizeof(c) >= SizeofHeapTupleHeader, "header copy too small");
	memset(&c, 0, sizeof(c));
	memcpy(c.bytes, h, SizeofHeapTupleHeader);
	return c;
}

/* The hint bits that are true for the row's xids now. */
static uint16_t
hints_true(const Tup *t)
{
	uint16_t	ok = 0;

	if (fate_of[t->xmin] == F_COMMITTED && durable[t->xmin])
		ok |= XC;
	if (fate_of[t->xmin] == F_ABORTED)
		ok |= XI;
	if (fate_of[t->xmax] == F_NONE || fate_of[t->xmax] == F_ABORTED)
		ok |= MI;
	if (fate_of[t->xmax] == F_COMMITTED && durable[t->xmax])
		ok |= MC;
	return ok;
}

/* What a call left in the page, captured under the share lock. */
typedef struct After
{
	HeaderCopy	hdr;
	bool		dirty;
} After;

/* Capture the header and the buffer's dirty state, then release the
 * share lock (before any check can fail, so no lock outlives a row). */
static After
tuple_release(HeapTupleHeader h)
{
	After		a;

	a.hdr = private_copy(h);
	a.dirty = bufmgr_is_dirty(vis_buf);
	bufmgr_unlock(vis_buf);
	return a;
}

/*
 * After the call: nothing but hint bits changed; every bit in must is
 * set; no bit was set that is not true (hints_true); a new bit dirtied
 * the (clean) buffer.
 */
static void
check_after(const char *id, const Tup *t, const HeaderCopy *before, const After *after,
			uint16_t must)
{
	HeapTupleHeader b = COPY_HDR(*before);
	HeapTupleHeader a = COPY_HDR(after->hdr);
	uint16_t	now = a->t_infomask & ALL_HINTS;
	uint16_t	added = (uint16_t) (now & ~t->hints);

	assert_int_equal(lwlock_num_held(), 0);
	if (a->t_xmin != b->t_xmin || a->t_xmax != b->t_xmax || a->t_cmin != b->t_cmin ||
		a->t_cmax != b->t_cmax || (a->t_infomask & ~ALL_HINTS) != (b->t_infomask & ~ALL_HINTS))
		fail_msg("%s: a field other than the hint bits changed", id);
	if ((now & t->hints) != t->hints)
		fail_msg("%s: hint bits 0x%04X were cleared (now 0x%04X)", id, t->hints, now);
	if ((now & must) != must)
		fail_msg("%s: hint bits 0x%04X expected, have 0x%04X", id, must, now);
	if ((added & ~hints_true(t)) != 0)
		fail_msg("%s: hint bits 0x%04X set, but not true (true: 0x%04X)", id, added,
				 hints_true(t));
	if (added != 0 && !after->dirty)
		fail_msg("%s: hint bits 0x%04X set without dirtying the buffer", id, added);
}

/* The same call made on a private copy without a buffer (got) must give
 * the same answer and leave the copy exactly as it was: no hint without
 * a buffer to mark dirty. */
static void
check_without_buffer(const char *id, const HeaderCopy *copy, const HeaderCopy *before, int got,
					 int want)
{
	if (got != want)
		fail_msg("%s: without a buffer the answer is %d, expected %d", id, got, want);
	if (memcmp(copy, before, sizeof(*copy)) != 0)
		fail_msg("%s: the private copy changed without a buffer", id);
}

/* ---- the snapshot ---- */

static TransactionId snap_xip[3];
static SnapshotData snap;

/* ---- sessions ---- */

typedef struct Session
{
	pid_t		pid;
	int			to_child[2];
	int			to_parent[2];
} Session;

static Session running_xip;		/* holds W_R_XIP */
static Session running_after;	/* holds W_R_AFTER */

/*
 * Fork a session; true in the child.  Each side closes the pipe ends it
 * does not use, so that if the test process dies a waiting session reads
 * end-of-file and finishes instead of waiting forever.
 */
static bool
session_fork(Session *s)
{
	assert_int_equal(pipe(s->to_child), 0);
	assert_int_equal(pipe(s->to_parent), 0);
	fflush(stdout);
	fflush(stderr);
	s->pid = standalone_fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0)
	{
		close(s->to_child[1]);
		close(s->to_parent[0]);
		return true;
	}
	close(s->to_child[0]);
	close(s->to_parent[1]);
	return false;
}

static void
session_wait_ok(Session *s)
{
	int			status = 0;

	assert_int_equal(waitpid(s->pid, &status, 0), s->pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(s->to_child[1]);
	close(s->to_parent[0]);
}

/* A session that takes an xid and keeps its transaction open until told
 * to commit (session_finish). */
static TransactionId
session_start_running(Session *s)
{
	TransactionId xid = InvalidTransactionId;

	if (session_fork(s))
	{
		xact_start_command();
		xid = xact_get_xid();
		send_bytes(s->to_parent[1], &xid, sizeof(xid));
		(void) recv_byte(s->to_child[0]);
		xact_commit_command();
		proc_exit(0);
	}
	recv_bytes(s->to_parent[0], &xid, sizeof(xid));
	return xid;
}

static void
session_finish(Session *s)
{
	send_byte(s->to_child[1], 'c');
	session_wait_ok(s);
}

/*
 * A session that takes an xid and exits without ending its transaction:
 * the xid leaves the proc array (proc_detach) and CLOG never learns an
 * outcome, which is the state a crash leaves (transam README rule 3).
 */
static TransactionId
session_crashed_xid(void)
{
	Session		s;
	TransactionId xid = InvalidTransactionId;

	if (session_fork(&s))
	{
		xact_start_command();
		xid = xact_get_xid();
		send_bytes(s.to_parent[1], &xid, sizeof(xid));
		proc_exit(0);
	}
	recv_bytes(s.to_parent[0], &xid, sizeof(xid));
	session_wait_ok(&s);
	return xid;
}

static TransactionId
finished_xact(bool commit)
{
	xact_start_command();

	TransactionId xid = xact_get_xid();

	if (commit)
		xact_commit_command();
	else
		xact_abort_current();
	return xid;
}

/* ---- group 1: the rules ---- */

static int
visibility_setup(void **state)
{
	(void) state;
	memset(xid_of, 0, sizeof(xid_of));
	memset(durable, 0, sizeof(durable));
	xid_of[W_BOOTSTRAP] = BootstrapTransactionId;
	xid_of[W_FROZEN] = FrozenTransactionId;
	durable[W_BOOTSTRAP] = durable[W_FROZEN] = true;

	vis_rel = make_table(42001, 100);
	vis_self = insert_committed(vis_rel, 1, "the version under test");

	xid_of[W_C_BEFORE] = finished_xact(true);
	xid_of[W_A_BEFORE] = finished_xact(false);
	xid_of[W_CRASHED] = session_crashed_xid();
	xid_of[W_R_XIP] = session_start_running(&running_xip);
	xid_of[W_C_XIP] = finished_xact(true);
	xid_of[W_A_XIP] = finished_xact(false);
	xid_of[W_C_MID] = finished_xact(true);
	xid_of[W_A_MID] = finished_xact(false);
	xid_of[W_C_AFTER] = finished_xact(true);
	xid_of[W_A_AFTER] = finished_xact(false);
	xid_of[W_R_AFTER] = session_start_running(&running_after);

	/*
	 * Abort records are not flushed, and clog.h counts their LSN for the
	 * group of 32 xids around them, so the commits above are not yet
	 * known durable; after this flush they all are.
	 */
	wal_flush(wal_insert_position());
	assert_true(wal_flushed_upto() == wal_insert_position());
	for (int w = W_C_BEFORE; w <= W_R_AFTER; w++)
		durable[w] = fate_of[w] == F_COMMITTED;

	/* Our own transaction stays open through the group's tests. */
	xact_start_command();
	xid_of[W_OWN] = xact_get_xid();

	for (int w = W_C_BEFORE; w < W_OWN; w++)
		assert_true(xid_precedes(xid_of[w], xid_of[w + 1]));

	/* The scenario as intended: the crashed xid is neither running nor
	 * recorded; the sessions' xids are running. */
	assert_false(xid_is_in_progress(xid_of[W_CRASHED]));
	assert_true(xid_is_in_progress(xid_of[W_R_XIP]));
	assert_true(xid_is_in_progress(xid_of[W_R_AFTER]));

	snap_xip[0] = xid_of[W_R_XIP];
	snap_xip[1] = xid_of[W_C_XIP];
	snap_xip[2] = xid_of[W_A_XIP];
	snap.xmin = xid_of[W_R_XIP];
	snap.xmax = xid_of[W_A_MID] + 1;
	snap.xip = snap_xip;
	snap.xcnt = 3;
	snap.own_xid = xid_of[W_OWN];
	snap.curcid = CURCID;

	/* The oldest running xid is the horizon (heap_tuple_is_surely_dead). */
	assert_int_equal(snapshot_global_xmin(), xid_of[W_R_XIP]);

	vis_buf = bufmgr_read(vis_rel->rd_locator, vis_self.ip_blkid);
	return 0;
}

static int
visibility_teardown(void **state)
{
	(void) state;
	bufmgr_release(vis_buf);
	vis_buf = InvalidBuffer;
	xact_abort_current();
	session_finish(&running_xip);
	session_finish(&running_after);
	assert_int_equal(bufmgr_pins_held(), 0);
	return 0;
}

/* ---- heap_tuple_satisfies_mvcc ---- */

typedef struct MvccRow
{
	const char *id;
	Tup			t;
	bool		visible;
	uint16_t	must;			/* hint bits the call must set */
} MvccRow;

static const MvccRow mvcc_rows[] = {
	/* -- inserter only (no xmax) -- */
	/* Committed before the snapshot's xmin: visible; looked up, so hinted. */
	{"M01", {W_C_BEFORE, 0, W_NONE, 0, 0, false}, true, XC},
	/* Aborted: never visible; the lookup hints it invalid. */
	{"M02", {W_A_BEFORE, 0, W_NONE, 0, 0, false}, false, XI},
	/* Not running and no CLOG status: it crashed, which is aborted. */
	{"M03", {W_CRASHED, 0, W_NONE, 0, 0, false}, false, XI},
	/* Running when the snapshot was taken (in xip) and still running:
	 * invisible, and "in progress" is never hinted. */
	{"M04", {W_R_XIP, 0, W_NONE, 0, 0, false}, false, 0},
	/* In xip: it committed after the snapshot was taken. */
	{"M05", {W_C_XIP, 0, W_NONE, 0, 0, false}, false, 0},
	/* In xip, aborted since: invisible either way. */
	{"M06", {W_A_XIP, 0, W_NONE, 0, 0, false}, false, 0},
	/* Between xmin and xmax but not in xip: it had committed when the
	 * snapshot was taken. */
	{"M07", {W_C_MID, 0, W_NONE, 0, 0, false}, true, XC},
	/* Between xmin and xmax, not in xip, aborted. */
	{"M08", {W_A_MID, 0, W_NONE, 0, 0, false}, false, XI},
	/* At or after xmax: started after the snapshot, whatever it did. */
	{"M09", {W_C_AFTER, 0, W_NONE, 0, 0, false}, false, 0},
	{"M10", {W_A_AFTER, 0, W_NONE, 0, 0, false}, false, 0},
	{"M11", {W_R_AFTER, 0, W_NONE, 0, 0, false}, false, 0},
	/* Bootstrap and frozen xids are committed for every snapshot. */
	{"M12", {W_BOOTSTRAP, 0, W_NONE, 0, 0, false}, true, 0},
	{"M13", {W_FROZEN, 0, W_NONE, 0, 0, false}, true, 0},

	/* -- inserter already hinted -- */
	/* Hinted committed and finished before the snapshot: visible. */
	{"M14", {W_C_MID, 0, W_NONE, 0, XC, false}, true, 0},
	/* A hint says committed, not when: the snapshot still counts the
	 * inserter (in xip) as running. */
	{"M15", {W_C_XIP, 0, W_NONE, 0, XC, false}, false, 0},
	/* Likewise for a committed inserter at or after xmax. */
	{"M16", {W_C_AFTER, 0, W_NONE, 0, XC, false}, false, 0},
	/* Hinted aborted. */
	{"M17", {W_A_MID, 0, W_NONE, 0, XI, false}, false, 0},

	/* -- our own inserts (snapshot curcid 3) -- */
	/* Inserted by an earlier command of ours: visible, never hinted (we
	 * are still running). */
	{"M18", {W_OWN, 2, W_NONE, 0, 0, false}, true, 0},
	/* Inserted by the current command: a command does not see its own
	 * changes (Halloween protection). */
	{"M19", {W_OWN, 3, W_NONE, 0, 0, false}, false, 0},
	/* Inserted by a later command (a cursor's older snapshot). */
	{"M20", {W_OWN, 4, W_NONE, 0, 0, false}, false, 0},
	/* Inserted and deleted by earlier commands: gone. */
	{"M21", {W_OWN, 2, W_OWN, 2, 0, false}, false, 0},
	/* Deleted by the current command: the delete is not yet visible to
	 * the command's own snapshot, the insert is. */
	{"M22", {W_OWN, 1, W_OWN, 3, 0, false}, true, 0},
	/* Deleted by a later command. */
	{"M23", {W_OWN, 2, W_OWN, 4, 0, false}, true, 0},
	/* Inserted (and deleted) by the current command: not visible. */
	{"M24", {W_OWN, 3, W_OWN, 3, 0, false}, false, 0},
	/* Our uncommitted row with someone else's xmax: no other transaction
	 * can have seen it to delete it, so that xmax never committed
	 * (PostgreSQL: an aborted subtransaction).  Visible. */
	{"M25", {W_OWN, 2, W_A_MID, 0, 0, false}, true, 0},

	/* -- deleters of a version committed before the snapshot -- */
	/* Aborted deleter: the delete never happened. */
	{"M26", {W_C_BEFORE, 0, W_A_BEFORE, 0, 0, false}, true, XC | MI},
	/* Crashed deleter: aborted. */
	{"M27", {W_C_BEFORE, 0, W_CRASHED, 0, 0, false}, true, XC | MI},
	/* Deleter running at the snapshot (and still): not yet deleted. */
	{"M28", {W_C_BEFORE, 0, W_R_XIP, 0, 0, false}, true, XC},
	/* Deleter in xip, committed after the snapshot: still visible to it. */
	{"M29", {W_C_BEFORE, 0, W_C_XIP, 0, 0, true}, true, XC},
	/* Deleter in xip, aborted since. */
	{"M30", {W_C_BEFORE, 0, W_A_XIP, 0, 0, false}, true, XC},
	/* Deleter committed before the snapshot: deleted for it. */
	{"M31", {W_C_BEFORE, 0, W_C_MID, 0, 0, false}, false, XC | MC},
	/* Same for an update (t_ctid names the newer version). */
	{"M32", {W_C_BEFORE, 0, W_C_MID, 0, 0, true}, false, XC | MC},
	/* Deleter aborted before the snapshot. */
	{"M33", {W_C_BEFORE, 0, W_A_MID, 0, 0, false}, true, XC | MI},
	/* Deleter at or after xmax: the snapshot cannot see its delete. */
	{"M34", {W_C_BEFORE, 0, W_C_AFTER, 0, 0, true}, true, XC},
	{"M35", {W_C_BEFORE, 0, W_A_AFTER, 0, 0, false}, true, XC},
	{"M36", {W_C_BEFORE, 0, W_R_AFTER, 0, 0, false}, true, XC},
	/* We deleted it in an earlier command. */
	{"M37", {W_C_BEFORE, 0, W_OWN, 2, 0, false}, false, XC},
	/* We delete it in the current command: not yet for this command. */
	{"M38", {W_C_BEFORE, 0, W_OWN, 3, 0, false}, true, XC},
	/* ... or in a later one. */
	{"M39", {W_C_BEFORE, 0, W_OWN, 4, 0, true}, true, XC},
	/* Bootstrap row deleted by a transaction committed before xmin. */
	{"M40", {W_BOOTSTRAP, 0, W_C_BEFORE, 0, 0, false}, false, MC},

	/* -- deleter already hinted -- */
	/* Hinted committed but in xip: the snapshot still sees the row. */
	{"M41", {W_C_BEFORE, 0, W_C_XIP, 0, XC | MC, false}, true, 0},
	/* Hinted committed, finished before the snapshot: deleted. */
	{"M42", {W_C_BEFORE, 0, W_C_MID, 0, XC | MC, false}, false, 0},
	/* Hinted committed, at or after xmax: not deleted for us. */
	{"M43", {W_C_BEFORE, 0, W_C_AFTER, 0, XC | MC, true}, true, 0},
	/* Hinted aborted. */
	{"M44", {W_C_BEFORE, 0, W_A_MID, 0, XC | MI, false}, true, 0},

	/* -- inserter invisible: the deleter does not matter -- */
	/* Inserted and deleted by the same running transaction. */
	{"M45", {W_R_XIP, 0, W_R_XIP, 0, 0, false}, false, 0},
	/* Inserted after the snapshot (in xip) and updated since. */
	{"M46", {W_C_XIP, 0, W_C_AFTER, 0, 0, true}, false, 0},
	/* Aborted insert "deleted" by a committed transaction. */
	{"M47", {W_A_MID, 0, W_C_MID, 0, 0, false}, false, XI},
	/* Inserted before, updated after the snapshot: the old version is
	 * the one the snapshot sees. */
	{"M48", {W_C_MID, 0, W_C_XIP, 0, 0, true}, true, XC},
};

static void
test_mvcc_table(void **state)
{
	(void) state;
	for (size_t i = 0; i < lengthof(mvcc_rows); i++)
	{
		const MvccRow *r = &mvcc_rows[i];
		HeapTupleHeader h = tuple_prepare(&r->t);
		HeaderCopy	before = private_copy(h);
		HeaderCopy	c = before;
		bool		nobuf = heap_tuple_satisfies_mvcc(COPY_HDR(c), &snap, InvalidBuffer);
		bool		visible = heap_tuple_satisfies_mvcc(h, &snap, vis_buf);
		After		after = tuple_release(h);

		if (visible != r->visible)
			fail_msg("%s: heap_tuple_satisfies_mvcc says %s, expected %s", r->id,
					 visible ? "visible" : "invisible", r->visible ? "visible" : "invisible");
		check_without_buffer(r->id, &c, &before, nobuf, r->visible);
		check_after(r->id, &r->t, &before, &after, r->must);
	}
}

/* ---- heap_tuple_satisfies_update (command id CURCID) ---- */

typedef struct UpdateRow
{
	const char *id;
	Tup			t;
	HTSU_Result result;
	uint16_t	must;
} UpdateRow;

static const char *const htsu_names[] = {
	"OK", "INVISIBLE", "SELF_MODIFIED", "BEING_MODIFIED", "UPDATED", "DELETED",
};

static const UpdateRow update_rows[] = {
	/* -- inserter; no xmax -- */
	/* Committed insert, not deleted: may be changed. */
	{"U01", {W_C_BEFORE, 0, W_NONE, 0, 0, false}, HTSU_OK, XC},
	/* Aborted or crashed insert: nothing to change. */
	{"U02", {W_A_BEFORE, 0, W_NONE, 0, 0, false}, HTSU_INVISIBLE, XI},
	{"U03", {W_CRASHED, 0, W_NONE, 0, 0, false}, HTSU_INVISIBLE, XI},
	/* Inserted by another transaction still running: invisible, and not
	 * hinted. */
	{"U04", {W_R_XIP, 0, W_NONE, 0, 0, false}, HTSU_INVISIBLE, 0},
	{"U05", {W_R_AFTER, 0, W_NONE, 0, 0, false}, HTSU_INVISIBLE, 0},
	/* The check is against "now", not a snapshot: an inserter that
	 * committed after any snapshot still counts. */
	{"U06", {W_C_XIP, 0, W_NONE, 0, 0, false}, HTSU_OK, XC},
	{"U07", {W_C_AFTER, 0, W_NONE, 0, 0, false}, HTSU_OK, XC},
	{"U08", {W_A_AFTER, 0, W_NONE, 0, 0, false}, HTSU_INVISIBLE, XI},
	{"U09", {W_BOOTSTRAP, 0, W_NONE, 0, 0, false}, HTSU_OK, 0},
	/* Hinted aborted. */
	{"U10", {W_A_MID, 0, W_NONE, 0, XI, false}, HTSU_INVISIBLE, 0},

	/* -- our own inserts -- */
	/* Inserted by an earlier command: ours to change. */
	{"U11", {W_OWN, 2, W_NONE, 0, 0, false}, HTSU_OK, 0},
	/* Inserted by this very command (or a later one): invisible to it
	 * (README rule 6: no Halloween problem). */
	{"U12", {W_OWN, 3, W_NONE, 0, 0, false}, HTSU_INVISIBLE, 0},
	{"U13", {W_OWN, 4, W_NONE, 0, 0, false}, HTSU_INVISIBLE, 0},
	/*
	 * Inserted and then changed by us: TM_SelfModified whichever command
	 * changed it (README rule 6; tmfd->cmax tells the caller which).
	 * PostgreSQL returns TM_Invisible when that command is an earlier one
	 * (the scan could not have returned the row); minipg documents the
	 * single verdict.
	 */
	{"U14", {W_OWN, 1, W_OWN, 2, 0, false}, HTSU_SELF_MODIFIED, 0},
	{"U15", {W_OWN, 1, W_OWN, 3, 0, true}, HTSU_SELF_MODIFIED, 0},
	/* Our row with someone else's xmax: that xmax never committed (see
	 * M25), so it may be changed. */
	{"U16", {W_OWN, 2, W_A_MID, 0, 0, false}, HTSU_OK, 0},

	/* -- deleters of a committed version -- */
	/* Deleted or updated by us already (earlier or this command). */
	{"U17", {W_C_BEFORE, 0, W_OWN, 2, 0, false}, HTSU_SELF_MODIFIED, XC},
	{"U18", {W_C_BEFORE, 0, W_OWN, 3, 0, true}, HTSU_SELF_MODIFIED, XC},
	/* Another transaction is changing it: wait for it. */
	{"U19", {W_C_BEFORE, 0, W_R_XIP, 0, 0, true}, HTSU_BEING_MODIFIED, XC},
	{"U20", {W_C_BEFORE, 0, W_R_AFTER, 0, 0, false}, HTSU_BEING_MODIFIED, XC},
	/* Deleted by a committed transaction (t_ctid is itself). */
	{"U21", {W_C_BEFORE, 0, W_C_MID, 0, 0, false}, HTSU_DELETED, XC | MC},
	/* Updated by a committed transaction (t_ctid names the newer one). */
	{"U22", {W_C_BEFORE, 0, W_C_MID, 0, 0, true}, HTSU_UPDATED, XC | MC},
	/* "Now": a deleter a snapshot would count as running has committed. */
	{"U23", {W_C_BEFORE, 0, W_C_XIP, 0, 0, true}, HTSU_UPDATED, XC | MC},
	{"U24", {W_C_BEFORE, 0, W_C_AFTER, 0, 0, false}, HTSU_DELETED, XC | MC},
	/* Aborted or crashed deleter: proceed. */
	{"U25", {W_C_BEFORE, 0, W_A_MID, 0, 0, true}, HTSU_OK, XC | MI},
	{"U26", {W_C_BEFORE, 0, W_A_XIP, 0, 0, false}, HTSU_OK, XC | MI},
	{"U27", {W_C_BEFORE, 0, W_CRASHED, 0, 0, false}, HTSU_OK, XC | MI},
	/* Already hinted. */
	{"U28", {W_C_BEFORE, 0, W_C_AFTER, 0, XC | MC, true}, HTSU_UPDATED, 0},
	{"U29", {W_C_BEFORE, 0, W_A_AFTER, 0, XC | MI, false}, HTSU_OK, 0},
	/* An invisible (running) inserter wins over any xmax. */
	{"U30", {W_R_XIP, 0, W_R_XIP, 0, 0, false}, HTSU_INVISIBLE, 0},
};

static void
test_update_table(void **state)
{
	(void) state;
	for (size_t i = 0; i < lengthof(update_rows); i++)
	{
		const UpdateRow *r = &update_rows[i];
		HeapTupleHeader h = tuple_prepare(&r->t);
		HeaderCopy	before = private_copy(h);
		HeaderCopy	c = before;
		HTSU_Result nobuf = heap_tuple_satisfies_update(COPY_HDR(c), &vis_self, CURCID,
														InvalidBuffer);
		HTSU_Result got = heap_tuple_satisfies_update(h, &vis_self, CURCID, vis_buf);
		After		after = tuple_release(h);

		if (got != r->result)
			fail_msg("%s: heap_tuple_satisfies_update gave %s, expected %s", r->id,
					 htsu_names[got], htsu_names[r->result]);
		check_without_buffer(r->id, &c, &before, (int) nobuf, (int) r->result);
		check_after(r->id, &r->t, &before, &after, r->must);
	}
}

/* ---- heap_tuple_satisfies_vacuum ---- */

typedef struct VacuumRow
{
	const char *id;
	Tup			t;
	Who			horizon;		/* oldest_xmin: the xid of this one */
	HTSV_Result result;
	uint16_t	must;
} VacuumRow;

static const char *const htsv_names[] = {
	"DEAD", "LIVE", "RECENTLY_DEAD", "INSERT_IN_PROGRESS", "DELETE_IN_PROGRESS",
};

/* The horizon is the oldest running xid (R_XIP) unless a row says so. */
static const VacuumRow vacuum_rows[] = {
	/* Committed insert, no delete: live. */
	{"V01", {W_C_BEFORE, 0, W_NONE, 0, 0, false}, W_R_XIP, HEAPTUPLE_LIVE, XC},
	/* Aborted or crashed insert: dead to everyone, whatever the horizon. */
	{"V02", {W_A_BEFORE, 0, W_NONE, 0, 0, false}, W_R_XIP, HEAPTUPLE_DEAD, XI},
	{"V03", {W_CRASHED, 0, W_NONE, 0, 0, false}, W_R_XIP, HEAPTUPLE_DEAD, XI},
	{"V04", {W_A_AFTER, 0, W_NONE, 0, 0, false}, W_R_XIP, HEAPTUPLE_DEAD, XI},
	/* A running inserter (another session, or us). */
	{"V05", {W_R_XIP, 0, W_NONE, 0, 0, false}, W_R_XIP, HEAPTUPLE_INSERT_IN_PROGRESS, 0},
	{"V06", {W_R_AFTER, 0, W_NONE, 0, 0, false}, W_R_XIP, HEAPTUPLE_INSERT_IN_PROGRESS, 0},
	{"V07", {W_OWN, 2, W_NONE, 0, 0, false}, W_R_XIP, HEAPTUPLE_INSERT_IN_PROGRESS, 0},
	/*
	 * Inserted and deleted by the same running transaction: the delete is
	 * what is in progress (heapam_visibility.c).  PostgreSQL answers so
	 * for its own transaction (V09) but, in its newer releases,
	 * INSERT_IN_PROGRESS for another backend's; either answer keeps the
	 * version, and this one lets pruning note its xmax (pd_prune_xid).
	 */
	{"V08", {W_R_XIP, 0, W_R_XIP, 0, 0, false}, W_R_XIP, HEAPTUPLE_DELETE_IN_PROGRESS, 0},
	{"V09", {W_OWN, 1, W_OWN, 2, 0, false}, W_R_XIP, HEAPTUPLE_DELETE_IN_PROGRESS, 0},
	/* Committed insert newer than the horizon: still simply live. */
	{"V10", {W_C_MID, 0, W_NONE, 0, 0, false}, W_R_XIP, HEAPTUPLE_LIVE, XC},
	/* A running deleter (another session, or us). */
	{"V11", {W_C_BEFORE, 0, W_R_XIP, 0, 0, true}, W_R_XIP, HEAPTUPLE_DELETE_IN_PROGRESS, XC},
	{"V12", {W_C_BEFORE, 0, W_OWN, 2, 0, false}, W_R_XIP, HEAPTUPLE_DELETE_IN_PROGRESS, XC},
	/* Aborted or crashed deleter: live. */
	{"V13", {W_C_BEFORE, 0, W_A_MID, 0, 0, false}, W_R_XIP, HEAPTUPLE_LIVE, XC | MI},
	{"V14", {W_C_BEFORE, 0, W_CRASHED, 0, 0, false}, W_R_XIP, HEAPTUPLE_LIVE, XC | MI},
	/* Deleter committed before the horizon: no snapshot can see it. */
	{"V15", {W_BOOTSTRAP, 0, W_C_BEFORE, 0, 0, false}, W_R_XIP, HEAPTUPLE_DEAD, MC},
	/* Deleter committed at or after the horizon: a snapshot that old may
	 * still see the version. */
	{"V16", {W_C_BEFORE, 0, W_C_MID, 0, 0, true}, W_R_XIP, HEAPTUPLE_RECENTLY_DEAD, XC | MC},
	{"V17", {W_C_BEFORE, 0, W_C_XIP, 0, 0, false}, W_R_XIP, HEAPTUPLE_RECENTLY_DEAD, XC | MC},
	/* Already hinted. */
	{"V18", {W_C_XIP, 0, W_C_AFTER, 0, XC | MC, true}, W_R_XIP, HEAPTUPLE_RECENTLY_DEAD, 0},
	{"V19", {W_BOOTSTRAP, 0, W_C_BEFORE, 0, XC | MC, false}, W_R_XIP, HEAPTUPLE_DEAD, 0},
	{"V20", {W_A_MID, 0, W_NONE, 0, XI, false}, W_R_XIP, HEAPTUPLE_DEAD, 0},
	/* The horizon's edge (as if computed with R_XIP gone): a deleter
	 * equal to oldest_xmin does not precede it; one before it does. */
	{"V21", {W_C_BEFORE, 0, W_C_MID, 0, 0, false}, W_C_MID, HEAPTUPLE_RECENTLY_DEAD, XC | MC},
	{"V22", {W_C_BEFORE, 0, W_C_MID, 0, 0, false}, W_A_MID, HEAPTUPLE_DEAD, XC | MC},
};

static void
test_vacuum_table(void **state)
{
	(void) state;
	for (size_t i = 0; i < lengthof(vacuum_rows); i++)
	{
		const VacuumRow *r = &vacuum_rows[i];
		HeapTupleHeader h = tuple_prepare(&r->t);
		HeaderCopy	before = private_copy(h);
		HeaderCopy	c = before;
		HTSV_Result nobuf = heap_tuple_satisfies_vacuum(COPY_HDR(c), xid_of[r->horizon],
														InvalidBuffer);
		HTSV_Result got = heap_tuple_satisfies_vacuum(h, xid_of[r->horizon], vis_buf);
		After		after = tuple_release(h);

		if (got != r->result)
			fail_msg("%s: heap_tuple_satisfies_vacuum gave %s, expected %s", r->id,
					 htsv_names[got], htsv_names[r->result]);
		check_without_buffer(r->id, &c, &before, (int) nobuf, (int) r->result);
		check_after(r->id, &r->t, &before, &after, r->must);
	}
}

/* ---- heap_tuple_is_surely_dead (horizon: snapshot_global_xmin() = R_XIP) ---- */

typedef struct DeadRow
{
	const char *id;
	Tup			t;
	bool		dead;
	uint16_t	must;
} DeadRow;

static const DeadRow dead_rows[] = {
	/* Aborted or crashed insert: dead to every snapshot. */
	{"D01", {W_A_BEFORE, 0, W_NONE, 0, 0, false}, true, XI},
	{"D02", {W_CRASHED, 0, W_NONE, 0, 0, false}, true, XI},
	{"D03", {W_A_MID, 0, W_NONE, 0, XI, false}, true, 0},
	/* Running inserter (another session, or us): not dead. */
	{"D04", {W_R_XIP, 0, W_NONE, 0, 0, false}, false, 0},
	{"D05", {W_OWN, 2, W_NONE, 0, 0, false}, false, 0},
	/* Live row. */
	{"D06", {W_C_BEFORE, 0, W_NONE, 0, 0, false}, false, XC},
	/* Running or aborted deleter: not dead. */
	{"D07", {W_C_BEFORE, 0, W_R_XIP, 0, 0, false}, false, XC},
	{"D08", {W_C_BEFORE, 0, W_OWN, 2, 0, false}, false, XC},
	{"D09", {W_C_BEFORE, 0, W_A_MID, 0, 0, false}, false, XC | MI},
	{"D10", {W_C_BEFORE, 0, W_A_XIP, 0, 0, true}, false, XC | MI},
	/* Deleter committed before the horizon: dead. */
	{"D11", {W_BOOTSTRAP, 0, W_C_BEFORE, 0, 0, false}, true, MC},
	/* Deleter committed, but not before the oldest running xid: some
	 * snapshot may still see the version. */
	{"D12", {W_C_BEFORE, 0, W_C_MID, 0, 0, true}, false, XC | MC},
	{"D13", {W_C_BEFORE, 0, W_C_AFTER, 0, XC | MC, false}, false, 0},
};

static void
test_surely_dead_table(void **state)
{
	(void) state;
	/* The horizon these rows assume: R_XIP is the oldest running xid. */
	assert_int_equal(snapshot_global_xmin(), xid_of[W_R_XIP]);
	for (size_t i = 0; i < lengthof(dead_rows); i++)
	{
		const DeadRow *r = &dead_rows[i];
		HeapTupleHeader h = tuple_prepare(&r->t);
		HeaderCopy	before = private_copy(h);
		HeaderCopy	c = before;
		bool		nobuf = heap_tuple_is_surely_dead(COPY_HDR(c), InvalidBuffer);
		bool		dead = heap_tuple_is_surely_dead(h, vis_buf);
		After		after = tuple_release(h);

		if (dead != r->dead)
			fail_msg("%s: heap_tuple_is_surely_dead says %d, expected %d", r->id, dead, r->dead);
		check_without_buffer(r->id, &c, &before, nobuf, r->dead);
		check_after(r->id, &r->t, &before, &after, r->must);
	}
}

/* ---- group 2: hint bits wait for a durable commit ---- */

static XLogRecPtr async_before;	/* insert position before W_ASYNC's commit */

static int
durability_setup(void **state)
{
	(void) state;
	memset(durable, 0, sizeof(durable));
	durable[W_BOOTSTRAP] = durable[W_FROZEN] = true;

	vis_rel = make_table(42002, 100);
	vis_self = insert_committed(vis_rel, 1, "the version under test");

	/* An asynchronous commit, then an abort; neither record flushed. */
	int			saved = guc_synchronous_commit;

	guc_synchronous_commit = SYNCHRONOUS_COMMIT_OFF;
	async_before = wal_insert_position();
	xid_of[W_ASYNC] = finished_xact(true);
	guc_synchronous_commit = saved;
	xid_of[W_LATE_ABORT] = finished_xact(false);
	assert_true(xid_precedes(xid_of[W_ASYNC], xid_of[W_LATE_ABORT]));
	assert_true(wal_insert_position() > async_before);
	assert_true(wal_flushed_upto() <= async_before);

	/* A snapshot taken now: both finished before it. */
	snap.xmin = snap.xmax = xid_of[W_LATE_ABORT] + 1;
	snap.xcnt = 0;
	snap.xip = snap_xip;
	snap.own_xid = InvalidTransactionId;
	snap.curcid = 0;

	vis_buf = bufmgr_read(vis_rel->rd_locator, vis_self.ip_blkid);
	return 0;
}

static int
durability_teardown(void **state)
{
	(void) state;
	bufmgr_release(vis_buf);
	vis_buf = InvalidBuffer;
	assert_int_equal(bufmgr_pins_held(), 0);
	return 0;
}

typedef enum VisFn
{
	FN_MVCC,
	FN_UPDATE,
	FN_VACUUM,
	FN_DEAD,
} VisFn;

typedef struct DurableRow
{
	const char *id;
	VisFn		fn;
	Tup			t;
	int			result;			/* bool, HTSU_Result or HTSV_Result */
	uint16_t	must_unflushed; /* hints required before the WAL flush */
	uint16_t	must_flushed;	/* and after it */
} DurableRow;

/* Vacuum rows use the horizon LATE_ABORT + 1 (nothing runs). */
static const DurableRow durable_rows[] = {
	/* An asynchronous commit is visible at once (it is in CLOG), but is
	 * hinted committed only once its record is flushed. */
	{"H01", FN_MVCC, {W_ASYNC, 0, W_NONE, 0, 0, false}, true, 0, XC},
	{"H02", FN_UPDATE, {W_ASYNC, 0, W_NONE, 0, 0, false}, HTSU_OK, 0, XC},
	{"H03", FN_VACUUM, {W_ASYNC, 0, W_NONE, 0, 0, false}, HEAPTUPLE_LIVE, 0, XC},
	/* Its delete counts at once too; the XMAX_COMMITTED hint waits. */
	{"H04", FN_MVCC, {W_BOOTSTRAP, 0, W_ASYNC, 0, 0, false}, false, 0, MC},
	{"H05", FN_UPDATE, {W_BOOTSTRAP, 0, W_ASYNC, 0, 0, false}, HTSU_DELETED, 0, MC},
	{"H06", FN_VACUUM, {W_BOOTSTRAP, 0, W_ASYNC, 0, 0, true}, HEAPTUPLE_DEAD, 0, MC},
	{"H07", FN_DEAD, {W_BOOTSTRAP, 0, W_ASYNC, 0, 0, false}, true, 0, MC},
	/* An abort is hinted at once: losing its record in a crash leaves
	 * the xid aborted all the same. */
	{"H08", FN_MVCC, {W_LATE_ABORT, 0, W_NONE, 0, 0, false}, false, XI, XI},
	{"H09", FN_VACUUM, {W_LATE_ABORT, 0, W_NONE, 0, 0, false}, HEAPTUPLE_DEAD, XI, XI},
	{"H10", FN_MVCC, {W_BOOTSTRAP, 0, W_LATE_ABORT, 0, 0, false}, true, MI, MI},
	{"H11", FN_UPDATE, {W_BOOTSTRAP, 0, W_LATE_ABORT, 0, 0, false}, HTSU_OK, MI, MI},
};

static int
call_fn(VisFn fn, HeapTupleHeader h, Buffer buf)
{
	switch (fn)
	{
		case FN_MVCC:
			return heap_tuple_satisfies_mvcc(h, &snap, buf);
		case FN_UPDATE:
			return (int) heap_tuple_satisfies_update(h, &vis_self, CURCID, buf);
		case FN_VACUUM:
			return (int) heap_tuple_satisfies_vacuum(h, xid_of[W_LATE_ABORT] + 1, buf);
		case FN_DEAD:
			return heap_tuple_is_surely_dead(h, buf);
	}
	return -1;
}

static void
run_durable_rows(bool flushed)
{
	for (size_t i = 0; i < lengthof(durable_rows); i++)
	{
		const DurableRow *r = &durable_rows[i];
		HeapTupleHeader h = tuple_prepare(&r->t);
		HeaderCopy	before = private_copy(h);
		int			got = call_fn(r->fn, h, vis_buf);
		After		after = tuple_release(h);

		if (got != r->result)
			fail_msg("%s (%s): got %d, expected %d", r->id, flushed ? "flushed" : "not flushed",
					 got, r->result);
		check_after(r->id, &r->t, &before, &after,
					flushed ? r->must_flushed : r->must_unflushed);
	}
}

static void
test_hints_wait_for_durable_commit(void **state)
{
	(void) state;
	/* The horizon FN_DEAD uses is past W_ASYNC (nothing is running). */
	assert_true(xid_precedes(xid_of[W_ASYNC], snapshot_global_xmin()));

	/* Before the flush: "committed" must not be hinted (durable[W_ASYNC]
	 * is false, so hints_true forbids it). */
	run_durable_rows(false);
	/* Nothing above flushed WAL behind our back. */
	assert_true(wal_flushed_upto() <= async_before);

	wal_flush(wal_insert_position());
	durable[W_ASYNC] = true;
	run_durable_rows(true);
}

int
main(void)
{
	char	   *dir = standalone_temp_datadir("test_visibility");

	memctx_init();
	guc_init();
	guc_fsync = false;
	standalone_init(dir, true);

	const struct CMUnitTest rule_tests[] = {
		cmocka_unit_test(test_mvcc_table),
		cmocka_unit_test(test_update_table),
		cmocka_unit_test(test_vacuum_table),
		cmocka_unit_test(test_surely_dead_table),
	};
	const struct CMUnitTest durability_tests[] = {
		cmocka_unit_test(test_hints_wait_for_durable_commit),
	};
	int			rc;

	rc = cmocka_run_group_tests_name("visibility rules", rule_tests, visibility_setup,
									 visibility_teardown);
	rc += cmocka_run_group_tests_name("hint bits and durable commits", durability_tests,
									  durability_setup, durability_teardown);
	standalone_remove_datadir(dir);
	return rc;
}
