/*-------------------------------------------------------------------------
 * smgr.c
 *	  Relation files and the per-process descriptor cache (see smgr.h).
 *
 * Role: block-granular I/O on relation files.  Every function takes a
 * RelFileLocator, finds (or opens) the cached descriptor, and performs one
 * fo_* call sequence.  Writes register the file for the next checkpoint's
 * fsync through smgr_sync.c.
 *
 * Descriptor cache: a fixed array of SMGR_MAX_OPEN_FILES slots, looked up
 * linearly (a handful of relations are hot at any time); when full, the
 * least recently used slot is closed.  Before each lookup the shared unlink
 * generation is compared with the one this process last saw; a change
 * means some process unlinked a file, and every cached descriptor is
 * closed (unlinks are rare, reopening is cheap).
 *
 * Entry points: smgr_create, smgr_exists, smgr_unlink, smgr_nblocks,
 * smgr_read, smgr_write, smgr_extend, smgr_truncate, smgr_immedsync,
 * smgr_close_all, smgr_relpath.
 *
 * Fault points (faults/fault_points.def): smgr/create, smgr/read,
 * smgr/write, smgr/extend, smgr/truncate, smgr/unlink, smgr/immedsync.
 * Each makes its system call fail with the policy's errno, so the
 * caller's real error path runs (ERROR, WARNING for unlink, PANIC for an
 * fsync); below them the storage/file points of fileops.c still apply.
 *
 * See also: smgr_sync.c (pending fsyncs), storage/file/fileops.h.
 *-------------------------------------------------------------------------
 */
#include "storage/smgr/smgr.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>

#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "storage/smgr/smgr_internal.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

typedef struct SmgrFile
{
	bool		in_use;
	RelFileLocator rl;
	int			fd;
	uint64_t	last_used;		/* use_clock value of the last access */
	uint64_t	registered_cycle;	/* see smgr_sync_register() */
} SmgrFile;

static SmgrFile open_files[SMGR_MAX_OPEN_FILES];
static uint64_t use_clock = 0;
static uint64_t seen_unlink_generation = 0;

int32_t		MyTempBackend = 0;

void
smgr_relpath_buf(RelFileLocator rl, char *buf, size_t size)
{
	if (rl.db_oid == InvalidOid)
		snprintf(buf, size, "global/%u", rl.rel_number);
	else if (relfilelocator_is_temp(rl))
		snprintf(buf, size, "base/%u/t%d_%u", rl.db_oid, rl.temp_backend, rl.rel_number);
	else
		snprintf(buf, size, "base/%u/%u", rl.db_oid, rl.rel_number);
}

char *
smgr_relpath(RelFileLocator rl)
{
	char		buf[SMGR_RELPATH_SIZE];

	smgr_relpath_buf(rl, buf, sizeof(buf));
	return pstrdup(buf);
}

static void
close_slot(SmgrFile *f)
{
	if (f->in_use)
		(void) fo_close(f->fd);
	f->in_use = false;
}

void
smgr_close_all(void)
{
	for (int i = 0; i < SMGR_MAX_OPEN_FILES; i++)
		close_slot(&open_files[i]);
}

/* Forget every descriptor if some process unlinked a file meanwhile. */
static void
check_unlink_generation(void)
{
	uint64_t	gen = smgr_sync_unlink_generation();

	if (gen != seen_unlink_generation)
	{
		smgr_close_all();
		seen_unlink_generation = gen;
	}
}

static SmgrFile *
cache_lookup(RelFileLocator rl)
{
	for (int i = 0; i < SMGR_MAX_OPEN_FILES; i++)
	{
		SmgrFile   *f = &open_files[i];

		if (f->in_use && relfilelocator_equal(f->rl, rl))
		{
			f->last_used = ++use_clock;
			return f;
		}
	}
	return NULL;
}

/* Put fd in the cache, closing the least recently used slot if full. */
static SmgrFile *
cache_insert(RelFileLocator rl, int fd)
{
	SmgrFile   *victim = &open_files[0];

	for (int i = 0; i < SMGR_MAX_OPEN_FILES; i++)
	{
		SmgrFile   *f = &open_files[i];

		if (!f->in_use)
		{
			victim = f;
			break;
		}
		if (f->last_used < victim->last_used)
			victim = f;
	}
	close_slot(victim);
	victim->in_use = true;
	victim->rl = rl;
	victim->fd = fd;
	victim->last_used = ++use_clock;
	victim->registered_cycle = SMGR_NO_CYCLE;
	return victim;
}

/*
 * The cached descriptor for rl, opening the file if needed.  Returns NULL
 * when the file does not exist and missing_ok; ERROR otherwise.
 */
static SmgrFile *
smgr_open(RelFileLocator rl, bool missing_ok)
{
	char		path[SMGR_RELPATH_SIZE];
	SmgrFile   *f;
	int			fd;

	check_unlink_generation();
	f = cache_lookup(rl);
	if (f != NULL)
		return f;
	smgr_relpath_buf(rl, path, sizeof(path));
	fd = fo_open(path, O_RDWR, 0);
	if (fd < 0)
	{
		if (missing_ok && errno == ENOENT)
			return NULL;
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not open file \"%s\": %m", path));
	}
	return cache_insert(rl, fd);
}

/* Make base/<db> (or global) exist; fsync its parent when we created it. */
static void
ensure_directory(RelFileLocator rl)
{
	char		dir[SMGR_RELPATH_SIZE];
	const char *parent = ".";

	if (rl.db_oid == InvalidOid)
		snprintf(dir, sizeof(dir), "global");
	else
	{
		if (fo_mkdir("base", 0700) == 0)
			smgr_fsync_dir_or_panic(".");
		else if (errno != EEXIST)
			ereport(ERROR, errcode_for_file_access(),
					errmsg("could not create directory \"%s\": %m", "base"));
		snprintf(dir, sizeof(dir), "base/%u", rl.db_oid);
		parent = "base";
	}
	if (fo_mkdir(dir, 0700) == 0)
		smgr_fsync_dir_or_panic(parent);
	else if (errno != EEXIST)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not create directory \"%s\": %m", dir));
}

void
smgr_create(RelFileLocator rl, bool ignore_exists)
{
	char		path[SMGR_RELPATH_SIZE];
	char		dir[SMGR_RELPATH_SIZE];
	int			fd;

	smgr_relpath_buf(rl, path, sizeof(path));
	ensure_directory(rl);
	fd = FAULT_POINT("smgr/create") ? -1 : fo_open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0 && errno == EEXIST && ignore_exists)
		fd = fo_open(path, O_RDWR, 0);
	if (fd < 0)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not create file \"%s\": %m", path));
	check_unlink_generation();
	if (cache_lookup(rl) != NULL)
		(void) fo_close(fd);	/* already cached (ignore_exists) */
	else
		(void) cache_insert(rl, fd);
	/* The directory entry must survive a crash like the file's data. */
	if (relfilelocator_is_temp(rl))
		return;					/* a temporary relation does not survive one */
	if (rl.db_oid == InvalidOid)
		snprintf(dir, sizeof(dir), "global");
	else
		snprintf(dir, sizeof(dir), "base/%u", rl.db_oid);
	smgr_fsync_dir_or_panic(dir);
}

bool
smgr_exists(RelFileLocator rl)
{
	return smgr_open(rl, true) != NULL;
}

void
smgr_unlink(RelFileLocator rl)
{
	char		path[SMGR_RELPATH_SIZE];
	SmgrFile   *f;

	smgr_relpath_buf(rl, path, sizeof(path));
	check_unlink_generation();
	f = cache_lookup(rl);
	if (f != NULL)
		close_slot(f);
	if ((FAULT_POINT("smgr/unlink") || fo_unlink(path) != 0) && errno != ENOENT)
		ereport(WARNING, errcode_for_file_access(),
				errmsg("could not remove file \"%s\": %m", path));
	/* Our cache is clean of this file: no need to close the others. */
	smgr_sync_note_unlink(&seen_unlink_generation);
}

BlockNumber
smgr_nblocks(RelFileLocator rl)
{
	SmgrFile   *f = smgr_open(rl, false);
	off_t		size = fo_size(f->fd);

	if (size < 0)
	{
		char		path[SMGR_RELPATH_SIZE];
		int			save_errno = errno;

		smgr_relpath_buf(rl, path, sizeof(path));
		errno = save_errno;
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not seek to end of file \"%s\": %m", path));
	}
	return (BlockNumber) (size / BLCKSZ);
}

void
smgr_read(RelFileLocator rl, BlockNumber blkno, void *buf)
{
	char		path[SMGR_RELPATH_SIZE];
	SmgrFile   *f = smgr_open(rl, false);
	off_t		offset = (off_t) blkno * BLCKSZ;
	size_t		done = 0;

	smgr_relpath_buf(rl, path, sizeof(path));
	while (done < BLCKSZ)
	{
		ssize_t		n = FAULT_POINT("smgr/read") ? -1 :
			fo_pread(f->fd, (char *) buf + done, BLCKSZ - done, offset + (off_t) done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ereport(ERROR, errcode_for_file_access(),
					errmsg("could not read block %u in file \"%s\": %m", blkno, path));
		if (n == 0)
			ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
					errmsg("could not read block %u in file \"%s\": read only %d of %d bytes",
						   blkno, path, (int) done, BLCKSZ));
		done += (size_t) n;
	}
}

/*
 * Write one block at blkno with the given fo_ write function.  Returns the
 * number of bytes written (BLCKSZ on success); on failure returns -1 with
 * errno set, or the short count when the file system stopped accepting data.
 */
static ssize_t
write_block(int fd, BlockNumber blkno, const void *buf,
			ssize_t (*writer) (int, const void *, size_t, off_t))
{
	off_t		offset = (off_t) blkno * BLCKSZ;
	size_t		done = 0;

	while (done < BLCKSZ)
	{
		ssize_t		n = writer(fd, (const char *) buf + done, BLCKSZ - done,
							   offset + (off_t) done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += (size_t) n;
	}
	return (ssize_t) done;
}

void
smgr_write(RelFileLocator rl, BlockNumber blkno, const void *buf)
{
	char		path[SMGR_RELPATH_SIZE];
	SmgrFile   *f = smgr_open(rl, false);
	ssize_t		n;

	smgr_relpath_buf(rl, path, sizeof(path));
	n = FAULT_POINT("smgr/write") ? -1 : write_block(f->fd, blkno, buf, fo_pwrite);
	if (n < 0)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not write block %u in file \"%s\": %m", blkno, path));
	if (n < BLCKSZ)
		ereport(ERROR, errcode(ERRCODE_DISK_FULL),
				errmsg("could not write block %u in file \"%s\": wrote only %d of %d bytes",
					   blkno, path, (int) n, BLCKSZ),
				errhint("Check free disk space."));
	smgr_sync_register(rl, &f->registered_cycle);
}

void
smgr_extend(RelFileLocator rl, BlockNumber blkno, const void *buf)
{
	char		path[SMGR_RELPATH_SIZE];
	SmgrFile   *f = smgr_open(rl, false);
	ssize_t		n;

	smgr_relpath_buf(rl, path, sizeof(path));
	if (blkno > SMGR_MAX_BLOCKS)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("cannot extend file \"%s\" beyond %u blocks",
					   path, SMGR_MAX_BLOCKS + 1));
	n = FAULT_POINT("smgr/extend") ? -1 : write_block(f->fd, blkno, buf, fo_pwrite_extend);
	if (n < 0)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not extend file \"%s\": %m", path),
				errhint("Check free disk space."));
	if (n < BLCKSZ)
		ereport(ERROR, errcode(ERRCODE_DISK_FULL),
				errmsg("could not extend file \"%s\": wrote only %d of %d bytes at block %u",
					   path, (int) n, BLCKSZ, blkno),
				errhint("Check free disk space."));
	smgr_sync_register(rl, &f->registered_cycle);
}

void
smgr_truncate(RelFileLocator rl, BlockNumber nblocks)
{
	char		path[SMGR_RELPATH_SIZE];
	BlockNumber cur = smgr_nblocks(rl);
	SmgrFile   *f = smgr_open(rl, false);

	smgr_relpath_buf(rl, path, sizeof(path));
	if (nblocks > cur)
		ereport(ERROR,
				errmsg("could not truncate file \"%s\" to %u blocks: it's only %u blocks now",
					   path, nblocks, cur));
	if (nblocks == cur)
		return;
	if (FAULT_POINT("smgr/truncate") || fo_ftruncate(f->fd, (off_t) nblocks * BLCKSZ) != 0)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not truncate file \"%s\" to %u blocks: %m", path, nblocks));
	smgr_sync_register(rl, &f->registered_cycle);
}

void
smgr_immedsync(RelFileLocator rl)
{
	char		path[SMGR_RELPATH_SIZE];
	SmgrFile   *f = smgr_open(rl, false);

	smgr_relpath_buf(rl, path, sizeof(path));
	if (guc_fsync && FAULT_POINT("smgr/immedsync"))
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync file \"%s\": %m", path));
	smgr_fsync_or_panic(f->fd, path);
}

/* "t<N>_<rel>" with N and rel decimal numbers: a temporary relation's file. */
static bool
is_temp_relation_file_name(const char *name)
{
	const char *p = name;

	if (*p++ != 't' || *p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p++ != '_' || *p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\0';
}

int
smgr_remove_temp_relation_files(void)
{
	DIR		   *base = opendir("base");
	struct dirent *db;
	int			removed = 0;

	if (base == NULL)
		return 0;
	while ((db = readdir(base)) != NULL)
	{
		char		dbdir[300];

		if (db->d_name[0] < '0' || db->d_name[0] > '9')
			continue;
		snprintf(dbdir, sizeof(dbdir), "base/%s", db->d_name);
		removed += fo_unlink_matching(dbdir, is_temp_relation_file_name);
	}
	closedir(base);
	return removed;
}
