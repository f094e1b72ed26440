/*-------------------------------------------------------------------------
 * walarchive.c
 *	  Archive status of WAL segments: pg_wal/archive_status/<seg>.ready and
 *	  <seg>.done, and the rules that keep unarchived WAL on disk.
 *
 * Role: with archive_mode != off, the process that completes a segment
 * (whoever writes its last byte, under LWLOCK_WAL_WRITE) fsyncs it
 * (walwrite.c), creates its .ready file and wakes the archiver; the archiver (postmaster/pgarch.c)
 * runs archive_command and renames .ready to .done; a checkpoint removes
 * or recycles only segments that are .done.
 *
 * Invariants:
 *	1. A segment that has been completed is never removed or recycled
 *	   before its .done exists (wal_archive_may_remove), whatever happened
 *	   to its .ready: a segment with neither status file (its .ready was
 *	   lost: failed creation, a crash before the fsync reached disk) gets a
 *	   .ready at the checkpoint and is kept, as PostgreSQL does.
 *	2. Status files are created and renamed durably (file, then directory
 *	   fsync'd); a failure there is logged, never a PANIC: rule 1 recovers
 *	   a lost .ready, and a lost .done only means archiving again.
 *	3. .done is written only after archive_command exited 0.
 *	4. With archive_mode = off nothing is created, and a removed segment's
 *	   leftover status files are removed with it.
 *
 * Entry points: wal_archive_segment_complete / wal_archive_may_remove /
 * wal_archive_cleanup (walwrite.c, wal_internal.h), and for the archiver
 * wal_archive_next_ready, wal_archive_mark_done (wal.h).
 *
 * See also: postmaster/pgarch.c, walwrite.c (segment completion, removal).
 *-------------------------------------------------------------------------
 */
#include "access/wal/wal_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "storage/file/fileops.h"
#include "utils/elog.h"
#include "utils/guc.h"

bool
wal_archiving_active(void)
{
	return guc_archive_mode != ARCHIVE_MODE_OFF;
}

static void
status_path(const char *segname, const char *suffix, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s%s", WAL_ARCHIVE_STATUS_DIR, segname, suffix);
}

static void
seg_name(uint64_t segno, char *buf)
{
	wal_file_name(buf, WAL_TIMELINE, segno);
}

static bool
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void
fsync_status_dir(void)
{
	if (guc_fsync && fo_fsync_dir(WAL_ARCHIVE_STATUS_DIR) != 0)
		ereport(WARNING, errcode_for_file_access(),
				errmsg("could not fsync directory \"%s\": %m", WAL_ARCHIVE_STATUS_DIR));
}

/* Create <seg>.ready durably; false (logged) on failure. */
static bool
create_ready(const char *segname)
{
	char		path[1024];

	if (mkdir(WAL_ARCHIVE_STATUS_DIR, 0700) != 0 && errno != EEXIST)
	{
		ereport(WARNING, errcode_for_file_access(),
				errmsg("could not create directory \"%s\": %m", WAL_ARCHIVE_STATUS_DIR));
		return false;
	}
	status_path(segname, ".ready", path, sizeof(path));
	int			fd = fo_open(path, O_WRONLY | O_CREAT, 0600);

	if (fd < 0)
	{
		ereport(WARNING, errcode_for_file_access(),
				errmsg("could not create archive status file \"%s\": %m", path));
		return false;
	}
	bool		ok = !guc_fsync || fo_fsync(fd) == 0;

	if (!ok)
		ereport(WARNING, errcode_for_file_access(),
				errmsg("could not fsync file \"%s\": %m", path));
	fo_close(fd);
	fsync_status_dir();
	return ok;
}

void
wal_archive_segment_complete(uint64_t segno)
{
	char		name[WAL_FILE_NAME_LEN + 1];

	atomic_store(&wal_shared->last_switch_time, (int64_t) time(NULL));
	if (!wal_archiving_active())
		return;
	seg_name(segno, name);
	(void) create_ready(name);
	int32_t		pid = atomic_load(&wal_shared->archiver_pid);

	if (pid > 0)
		kill((pid_t) pid, SIGUSR1);
}

bool
wal_archive_may_remove(uint64_t segno)
{
	char		name[WAL_FILE_NAME_LEN + 1];
	char		path[1024];

	if (!wal_archiving_active())
		return true;
	seg_name(segno, name);
	status_path(name, ".done", path, sizeof(path));
	if (file_exists(path))
		return true;
	status_path(name, ".ready", path, sizeof(path));
	if (file_exists(path))
		return false;
	/* Completed but no status at all: its .ready was lost.  Retry it. */
	(void) create_ready(name);
	return false;
}

void
wal_archive_cleanup(uint64_t segno)
{
	char		name[WAL_FILE_NAME_LEN + 1];
	char		path[1024];

	seg_name(segno, name);
	status_path(name, ".done", path, sizeof(path));
	if (unlink(path) != 0 && errno != ENOENT)
		ereport(WARNING, errcode_for_file_access(),
				errmsg("could not remove file \"%s\": %m", path));
	status_path(name, ".ready", path, sizeof(path));
	if (unlink(path) != 0 && errno != ENOENT)
		ereport(WARNING, errcode_for_file_access(),
				errmsg("could not remove file \"%s\": %m", path));
}

void
wal_archive_register_archiver(pid_t pid)
{
	atomic_store(&wal_shared->archiver_pid, (int32_t) pid);
}

bool
wal_archive_next_ready(char *name, size_t len)
{
	DIR		   *dir = opendir(WAL_ARCHIVE_STATUS_DIR);
	struct dirent *de;
	char		best[WAL_FILE_NAME_LEN + 1] = "";

	if (dir == NULL)
		return false;
	while ((de = readdir(dir)) != NULL)
	{
		size_t		n = strlen(de->d_name);
		uint32_t	tli;
		uint64_t	segno;
		char		seg[WAL_FILE_NAME_LEN + 1];

		if (n != WAL_FILE_NAME_LEN + 6 || strcmp(de->d_name + WAL_FILE_NAME_LEN, ".ready") != 0)
			continue;
		memcpy(seg, de->d_name, WAL_FILE_NAME_LEN);
		seg[WAL_FILE_NAME_LEN] = '\0';
		if (!wal_parse_file_name(seg, &tli, &segno))
			continue;
		/* Names sort like segment numbers: the oldest is the smallest. */
		if (best[0] == '\0' || strcmp(seg, best) < 0)
			memcpy(best, seg, sizeof(best));
	}
	closedir(dir);
	if (best[0] == '\0')
		return false;
	snprintf(name, len, "%s", best);
	return true;
}

bool
wal_archive_mark_done(const char *name)
{
	char		from[1024],
				to[1024];

	status_path(name, ".ready", from, sizeof(from));
	status_path(name, ".done", to, sizeof(to));
	if (fo_rename(from, to) != 0)
	{
		ereport(WARNING, errcode_for_file_access(),
				errmsg("could not rename file \"%s\" to \"%s\": %m", from, to));
		return false;
	}
	fsync_status_dir();
	return true;
}

int64_t
wal_archive_last_switch_time(void)
{
	return atomic_load(&wal_shared->last_switch_time);
}

bool
wal_activity_since_switch(void)
{
	XLogRecPtr	inserted = atomic_load(&wal_shared->inserted_upto);

	return atomic_load(&wal_shared->insert_ready) && inserted % WAL_SEGMENT_SIZE != 0 &&
		inserted % WAL_SEGMENT_SIZE > sizeof(WalLongPageHeader);
}
