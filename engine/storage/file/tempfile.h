/*-------------------------------------------------------------------------
 * tempfile.h
 *	  Backend-local temporary files under base/pgsql_tmp: where sorts,
 *	  hash aggregates, hash joins and index builds spill past work_mem /
 *	  maintenance_work_mem.
 *
 * Role: a temporary file is written sequentially, then (after
 * tempfile_rewind) read sequentially, through one BLCKSZ buffer; every
 * system call goes through the file layer (fileops.h), so fault points
 * and the power-loss journal see these files like any other.  Names are
 * PostgreSQL's: base/pgsql_tmp/pgsql_tmp<PID>.<N>.
 *
 * Invariants:
 *	- Every file created here is on one backend-local list until
 *	  tempfile_close unlinks it; tempfile_close_all (transaction end,
 *	  process exit) empties the list, so no file outlives the transaction
 *	  or the session that made it.  Owners (executor nodes, index builds)
 *	  close their files as soon as they are done with them.
 *	- A crash leaves files behind; the postmaster removes every file of
 *	  base/pgsql_tmp at start and, when remove_temp_files_after_crash is
 *	  on, before it reinitializes after a crash (tempfile_remove_all).
 *	- Structures and buffers are malloc'd, not palloc'd: they must survive
 *	  the reset of whatever memory context was current when an ERROR
 *	  unwound the query, until the abort closes them.
 *
 * Errors: ERROR with SQLSTATE from errno (58030 for EIO, 53100 for
 * ENOSPC), messages as PostgreSQL 15's: "could not create temporary file",
 * "could not write to file", "could not read file".
 *
 * Fault points: storage/tempfile/write (a buffer flush fails),
 * storage/tempfile/read (a buffer load fails), plus the file layer's own.
 *-------------------------------------------------------------------------
 */
#ifndef TEMPFILE_H
#define TEMPFILE_H

#include "common/minipg.h"

#define TEMP_FILES_DIR		"base/pgsql_tmp"

typedef struct TempFile TempFile;

/* Create a new empty file (mkdir base/pgsql_tmp on first use).  ERROR on failure. */
TempFile   *tempfile_create(void);
/* Append len bytes.  ERROR on failure. */
void		tempfile_write(TempFile *tf, const void *data, size_t len);
/* Flush what was written and position reading at offset 0. */
void		tempfile_rewind(TempFile *tf);
/*
 * Read up to len bytes; returns the count, less than len only at the end
 * of the file.  ERROR on an I/O failure.
 */
size_t		tempfile_read(TempFile *tf, void *data, size_t len);
/* Bytes written so far (buffered bytes included). */
uint64_t	tempfile_size(const TempFile *tf);
const char *tempfile_path(const TempFile *tf);
/* Unlink the file and free it (log_temp_files reports it).  NULL is a no-op. */
void		tempfile_close(TempFile *tf);

/* Close every open temporary file of this process (transaction end, exit). */
void		tempfile_close_all(void);
/* Files of this process open now, and ever created (tests, EXPLAIN). */
int			tempfile_count_open(void);
uint64_t	tempfile_count_created(void);

/*
 * Remove every file in base/pgsql_tmp of the data directory (the current
 * directory).  The postmaster calls it before the startup process runs.
 * Failures are logged and skipped.  Returns the number removed.
 */
int			tempfile_remove_all(void);

#endif							/* TEMPFILE_H */
