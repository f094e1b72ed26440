/*-------------------------------------------------------------------------
 * powerloss.h
 *	  Simulated power loss for the file-operations layer: per-file undo
 *	  journals of unsynced writes, and the rollback that a power cut does.
 *
 * Role: DESIGN.md "Fault injection", "Power loss".  While journaling is on,
 * every write the engine makes through storage/file/fileops.c first
 * records, in an undo journal for that file, what the write is about to
 * destroy; an fsync of the file empties its journal.  A simulated power
 * cut (the control plane's "powerloss" action) stops every process of the
 * cluster and calls powerloss_rollback_all(), which undoes every journal
 * so that each file is exactly as of its last successful fsync, and can
 * tear the newest write of each file at sector granularity (what SQLite's
 * crash VFS and LazyFS do).
 *
 * Invariants:
 *	1. A journaled write is (append undo entry, then write the data) under
 *	   an exclusive flock() of the file's journal; an fsync is (fsync the
 *	   file, then empty its journal) under the same lock.  So a write
 *	   whose entry is emptied was complete before that fsync started, and
 *	   every write not covered by a later fsync still has its entry.
 *	2. The journal belongs to the FILE (device + inode), not to a process
 *	   or a descriptor: any process may write, any process (the
 *	   checkpointer) may fsync, through any fd.  It lives on disk in the
 *	   journal directory, <datadir>/pg_faults/powerloss/ by default, so
 *	   it is shared by all processes and survives their deaths.
 *	3. Recording uses plain system calls only, never fo_* (no fault point
 *	   can fire, nothing recurses) and never ereport (callers may be in a
 *	   critical section).  If an entry cannot be recorded, the data write
 *	   is NOT made: the fo_* call fails with the journal's errno and a line
 *	   "powerloss: ..." goes to stderr.  An unrecorded write would survive
 *	   the cut and make the engine look more durable than it is.
 *	4. Off by default: fileops.c pays one load and one branch per call
 *	   (POWERLOSS_ENABLED()).  The word is owned by the control plane
 *	   (shared memory), so one switch turns journaling on in every process.
 *	5. Rollback is a pure function of the journals, the files, tear_sector
 *	   and seed: the tear pattern comes from splitmix64 over (seed, name
 *	   of the file relative to the writer's working directory), never
 *	   from the clock, so the same scenario tears the same sectors in
 *	   another data directory.
 *
 * What an entry records (format: see powerloss.c):
 *	- write of len bytes at offset: the old file size and the old bytes
 *	  [offset, min(offset + len, old size)); bytes at or past the old EOF
 *	  "did not exist" and are removed again by truncating to the old size;
 *	- truncate (fo_ftruncate, and fo_open with O_TRUNC of a non-empty
 *	  file): the old size and the bytes the truncation drops;
 *	- a rename of a journaled file: its new name, for rollback and report.
 *
 * Tearing (tear_sector > 0, e.g. 512 or 4096): older unsynced writes of a
 * file are undone entirely; of its newest entry, if it is a write, each
 * part lying in one tear_sector-aligned sector of the file independently
 * keeps the new bytes or gets the old ones back.  Undone parts that lay
 * past the old EOF read as zeros if a later part was kept, and the file
 * ends at max(old size, end of the last kept part).  A newest truncate is
 * undone entirely (metadata is not torn).
 *
 * Known limitations:
 *	- Directory entries are not journaled: create, rename and unlink are
 *	  never rolled back, and fo_fsync_dir is an ordinary fsync.  A file
 *	  created and never fsynced survives the cut (at size 0, or at the size
 *	  of its last fsync), and a rename is always durable.
 *	- Only writes made through fileops.c (fo_pwrite, fo_pwrite_extend,
 *	  fo_write_full, fo_ftruncate, fo_open with O_TRUNC) are journaled,
 *	  and only those made while journaling is on: writes made before it
 *	  is switched on count as durable until the file's next fsync.
 *	- A file removed other than by fo_unlink / fo_rename (rm, nftw) keeps
 *	  its journal; rollback skips it if its path is gone or names another
 *	  inode, but an inode number reused at the same path would receive the
 *	  old file's undo entries.
 *	- The journal itself is never fsynced: the power cut is simulated,
 *	  the operating system keeps running.
 *	- mmap writes, and writes through descriptors not from fo_open, are
 *	  invisible.
 *	- Switching journaling on or off is not synchronized with writes in
 *	  flight: switch it at a quiet moment, and after switching it off
 *	  call powerloss_discard_all() (fsyncs no longer empty journals).
 *
 * Entry points: powerloss_init, powerloss_set_enabled_word,
 * powerloss_enable_for_tests (configuration); powerloss_pwrite,
 * powerloss_ftruncate, powerloss_fsync, powerloss_open_trunc,
 * powerloss_unlink, powerloss_rename (the fileops.c hooks); and
 * powerloss_rollback_all (the power cut), powerloss_discard_all.
 *
 * Builds: everything here exists only with MINIPG_FAULTS.  In release
 * builds fileops.c calls none of it, the hooks do not exist, and the
 * configuration and rollback functions are stubs (rollback fails with
 * ENOSYS).
 *
 * See also: storage/file/fileops.h, faults/fault_control.h (the
 * "powerloss" action), faults/test_powerloss.c.
 *-------------------------------------------------------------------------
 */
#ifndef POWERLOSS_H
#define POWERLOSS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Relative to the data directory (the server's working directory). */
#define POWERLOSS_DIR		"pg_faults/powerloss"

/*
 * Set the journal directory (NULL: POWERLOSS_DIR, relative to the working
 * directory).  An absolute path lets a process whose working directory is
 * not the data directory (a harness) record or roll back.  Created on
 * first use.  Does not switch journaling on.
 */
void		powerloss_init(const char *journal_dir);

/*
 * Point this process at the word that switches journaling on (non-zero)
 * or off; the control plane passes a word in shared memory.  NULL: off.
 * A process inherits the pointer across fork.
 */
void		powerloss_set_enabled_word(volatile const int *word);

/* Unit tests: journal into journal_dir, switched on in this process. */
void		powerloss_enable_for_tests(const char *journal_dir);

/*
 * The power cut.  For every journal in journal_dir (NULL: the configured
 * directory): undo its entries newest-first, so the file is exactly as of
 * its last fsync (tearing the newest write if tear_sector > 0, see
 * above), then remove the journal.  Returns the number of files rolled
 * back, or -1 with errno if the directory cannot be read.  A file that
 * is gone (or whose path now names another inode) is skipped and its
 * journal removed; one that cannot be restored (I/O error) is skipped and
 * its journal kept; both are named in the report.  report (may be NULL)
 * receives one line per file: name, entries undone, size change, and the
 * torn sectors as a pattern ('N' kept new, 'o' old).
 *
 * Preconditions: no other process of the cluster is running (stopped or
 * killed): rollback takes no journal lock, since a process stopped while
 * holding one would deadlock it.  A journal entry cut short by the stop is
 * ignored (its data write had not started).  Not for a critical section:
 * it allocates with malloc.
 */
int			powerloss_rollback_all(const char *journal_dir, int tear_sector,
								   uint64_t seed, char *report, size_t report_len);

/*
 * Remove every journal in journal_dir (NULL: the configured directory)
 * without rolling anything back: what the control plane does after it
 * switches journaling off, since fsyncs made while it is off no longer
 * empty journals, which would then undo synced data at the next cut.
 * Returns the number of journals removed, -1 with errno if the directory
 * cannot be read (a missing directory is 0).
 */
int			powerloss_discard_all(const char *journal_dir);

#ifdef MINIPG_FAULTS

/* Non-zero while journaling is on (see powerloss_set_enabled_word). */
extern volatile const int *powerloss_enabled_word;

#define POWERLOSS_ENABLED() __builtin_expect(*powerloss_enabled_word != 0, 0)

/*
 * The fileops.c hooks, called only when POWERLOSS_ENABLED().  Each one
 * journals, then performs the operation itself (so the journal lock covers
 * both), and reports like the system call it replaces: -1 with errno on
 * failure (including failure to journal, invariant 3).  Descriptors of
 * anything but a regular file are passed straight through.
 */
ssize_t		powerloss_pwrite(int fd, const void *buf, size_t len, off_t offset);
int			powerloss_ftruncate(int fd, off_t length);
/* fsync (datasync: fdatasync), then on success empty the file's journal. */
int			powerloss_fsync(int fd, int datasync);
/* open(path, flags) with O_TRUNC, the truncation journaled. */
int			powerloss_open_trunc(const char *path, int flags, mode_t mode);
/* unlink(path); drops the journal of the file if this removed its inode. */
int			powerloss_unlink(const char *path);
/* rename(from, to); the journal of `from` learns its new name, the
 * journal of a replaced `to` is dropped. */
int			powerloss_rename(const char *from, const char *to);

#endif							/* MINIPG_FAULTS */

#endif							/* POWERLOSS_H */
