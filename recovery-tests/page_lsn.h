/*-------------------------------------------------------------------------
 * page_lsn.h
 *	  The check "pages-not-ahead-of-wal": after crash recovery no data page
 *	  on disk carries an LSN beyond the WAL that survived the crash.
 *
 * Why it holds (the WAL rule, engine/access/wal/README.md rule 1): a page
 * is written only after WAL up to its pd_lsn is flushed, and flushed WAL
 * survives every fault the harness injects (a kill keeps even unflushed
 * writes in the kernel; a power cut rolls a file back only to its last
 * fsync, and tears only writes nobody was told are durable).  Replay
 * reads WAL to its end, so every page written before the crash has
 * pd_lsn <= the end of the recovered WAL, which is where the startup
 * process writes its END_OF_RECOVERY record.  A page written after
 * recovery obeys the same rule against the new WAL: its pd_lsn is the
 * end of a record written since (pd_lsn is always "just past the last
 * record that changed the page", engine/storage/page/page.h).
 *
 * So, with E the start of the last END_OF_RECOVERY record, a page is
 * accepted when it is new (all zeroes), or pd_lsn <= E, or pd_lsn is the
 * end of a valid record at or after E.  Anything else was written ahead
 * of its WAL and the WAL was lost: replay skipped nothing on that page
 * (it looked newer than every record), and the next change to it is
 * logged at an LSN below its pd_lsn, as a delta that a second crash's
 * replay would skip (docs/planted-bugs.md, page-write-before-wal).  One
 * crash is enough to see it, provided the check runs before new WAL
 * grows past the page's LSN: the runner runs it right after recovery,
 * before the oracle reads anything.  And provided replay did not rewrite
 * the page: a page changed after the redo point has a full-page image
 * in the WAL (its first change since the checkpoint), which replay
 * restores whatever the page's LSN.  Only a page whose first change
 * since the last checkpoint was in the lost WAL stays ahead, which is
 * why the runner holds a transaction open across a second checkpoint
 * right after a first one (runner_txn.c, rn_txn_hold_open).
 *
 * What it assumes, and where it cannot judge:
 *	- minipg only: the files are read as minipg's page format (pd_lsn a
 *	  little-endian uint64 at offset 0, pd_pagesize_version 0x2004 at
 *	  offset 18), the WAL with minipg_waldump.  PostgreSQL's page LSN is
 *	  two 32-bit halves, its crash recovery ends with a checkpoint record,
 *	  and its FSM/VM pages are not WAL-logged as heap pages are: not
 *	  checked there (yet).
 *	- The data directory is read while the server runs: pages first, then
 *	  the WAL, so any page a running server wrote during the scan has its
 *	  WAL (flushed before the write) in what is read afterwards.
 *	- A page whose header is not a minipg page header (a torn write keeps
 *	  whole 512-byte sectors, so a torn page's header is an old or a new
 *	  one; anything else is another check's business) is not judged.
 *	- Not applicable (the runner notes why in history.txt, no failure)
 *	  when no END_OF_RECOVERY record is found from the replay's start: no
 *	  crash recovery ran, or the WAL it started from is gone.
 *
 * Entry points: hx_page_kind, hx_waldump_parse, hx_check_pages_vs_wal
 * (pure, unit-tested in test_page_lsn.c), hx_check_pages_not_ahead (the
 * live check over a cluster's files).
 *-------------------------------------------------------------------------
 */
#ifndef HX_PAGE_LSN_H
#define HX_PAGE_LSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/hx_cluster.h"
#include "workloads/workload.h"

#define HX_PAGE_SIZE	8192

typedef enum HxPageKind
{
	HX_PAGE_NEW,				/* all zeroes: never initialized, LSN 0 */
	HX_PAGE_INITIALIZED,		/* a minipg page header; *lsn is its pd_lsn */
	HX_PAGE_UNRECOGNIZED,		/* neither: not judged here */
} HxPageKind;

/* Classify one 8 KB page as read from a relation file. */
HxPageKind	hx_page_kind(const unsigned char *page, uint64_t *lsn);

/* One WAL record as minipg_waldump printed it. */
typedef struct HxWalRecord
{
	uint64_t	start;			/* "lsn: X/Y" */
	uint64_t	end;			/* start + tot (tot = end_ptr - read_ptr) */
	bool		end_of_recovery;	/* XLOG END_OF_RECOVERY */
} HxWalRecord;

/*
 * The records of minipg_waldump's output ("rmgr: ... len (rec/tot): R/ T,
 * tx: ..., lsn: X/Y, prev ..., desc: ..."), in order, as a malloc'd array
 * in *out (NULL when none); other lines (its final "error in WAL record
 * at ...") are skipped.  Returns the count.
 */
int			hx_waldump_parse(const char *text, HxWalRecord **out);

/* One page with its LSN, as the scan found it. */
typedef struct HxPageLsn
{
	char		file[64];		/* relative to the data directory: "base/5/16384" */
	uint32_t	block;
	uint64_t	lsn;
} HxPageLsn;

/*
 * The decision (see the file header).  recs: the WAL from the replay's
 * start to its current end.  Adds one "pages-not-ahead-of-wal" failure
 * naming up to three offending pages (and how many more).  Returns false,
 * with the reason in why, when it cannot judge (no END_OF_RECOVERY
 * record); true when it judged, whatever it found.
 */
bool		hx_check_pages_vs_wal(HxCheckList *out, const HxPageLsn *pages, int n_pages,
								  const HxWalRecord *recs, int n_recs,
								  char *why, size_t whylen);

/*
 * The live check: read every relation file of c's data directory
 * (global/N, base/DB/N) keeping initialized pages with pd_lsn above
 * redo_start, then run minipg_waldump from redo_start (the "redo starts
 * at" of the recovery just finished), and decide.  False, with why, when
 * it could not judge (a file or the WAL unreadable, no END_OF_RECOVERY).
 */
bool		hx_check_pages_not_ahead(HxCheckList *out, HxCluster *c, uint64_t redo_start,
									 char *why, size_t whylen);

#endif							/* HX_PAGE_LSN_H */
