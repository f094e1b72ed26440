/*-------------------------------------------------------------------------
 * fileops.h
 *	  The one file-operations layer: every open, read, write, extend,
 *	  truncate, fsync, rename and unlink the engine performs goes through
 *	  these functions.
 *
 * Role: a single choke point so that (a) fault points can fail or crash any
 * I/O by name, and (b) a fault build can record unsynced writes per file to
 * simulate a power cut (see DESIGN.md, "Power loss").  Nothing else in the
 * engine calls open/pread/pwrite/fsync on data files directly.
 *
 * Contract: functions return -1 and set errno on failure, exactly like the
 * system calls they wrap (short reads/writes are reported as such: the
 * return value is the byte count), so callers keep their real error paths;
 * the fo_*_or_error variants raise ereport(ERROR) with the file name
 * instead.  fsync failures of WAL or data are the caller's to turn into
 * PANIC (never retry an fsync).
 *
 * Fault points: storage/file/{open,read,write,extend,truncate,fsync,
 * rename,unlink} (see faults/fault_catalog.h).  write and extend (the
 * pwrite wrappers) are the catalog's write points: besides "error" they
 * take "short", which makes the call write only a prefix of the buffer
 * and return that count with errno = ENOSPC (faults/faultpoint.h,
 * FAULT_WRITE), so every caller must treat a short count as real.
 *-------------------------------------------------------------------------
 */
#ifndef FILEOPS_H
#define FILEOPS_H

#include <sys/types.h>

#include "common/minipg.h"

int			fo_open(const char *path, int flags, mode_t mode);
int			fo_close(int fd);
ssize_t		fo_pread(int fd, void *buf, size_t len, off_t offset);
ssize_t		fo_pwrite(int fd, const void *buf, size_t len, off_t offset);
/* Write that extends a file (distinct fault point from overwrite). */
ssize_t		fo_pwrite_extend(int fd, const void *buf, size_t len, off_t offset);
int			fo_fsync(int fd);
int			fo_fdatasync(int fd);
int			fo_ftruncate(int fd, off_t length);
off_t		fo_size(int fd);
int			fo_rename(const char *from, const char *to);
int			fo_unlink(const char *path);
int			fo_mkdir(const char *path, mode_t mode);
/* fsync a directory (after creating, renaming or unlinking in it). */
int			fo_fsync_dir(const char *path);

/*
 * Read or write exactly len bytes, retrying on EINTR and partial transfers.
 * Returns 0 on success, -1 with errno on failure; a read hitting EOF first
 * returns -1 with errno = 0 ("unexpected end of file"), a write that makes
 * no progress (0 bytes: the disk is full) returns -1 with errno = ENOSPC.
 * Each pass of the loop transfers at least one byte, ends it, or retries
 * after EINTR.
 */
int			fo_read_full(int fd, void *buf, size_t len, off_t offset);
int			fo_write_full(int fd, const void *buf, size_t len, off_t offset);

/*
 * Write a whole small file atomically: write to path.tmp, fsync it, rename
 * over path, fsync the directory.  ERROR on failure.
 */
void		fo_write_file_durably(const char *path, const void *data, size_t len);
/* Read a whole small file into palloc'd memory; NULL (errno set) if absent. */
char	   *fo_read_file(const char *path, size_t *len_out);
/*
 * Unlink every entry of directory dir whose name match() accepts (not
 * descending; names starting with '.' are never offered).  A failed unlink
 * is logged (LOG) and skipped.  Returns how many were removed; 0 if dir
 * cannot be opened.  For start-up cleanup of leftover files.
 */
int			fo_unlink_matching(const char *dir, bool (*match) (const char *name));

#endif							/* FILEOPS_H */
