/*-------------------------------------------------------------------------
 * tempfile.c
 *	  Backend-local temporary files (see tempfile.h for the contract).
 *
 * A file is in one of two modes: writing (bytes accumulate in the buffer,
 * which is flushed with fo_write_full at the end of the file when full)
 * or reading (the buffer holds the block at read_base).  tempfile_rewind
 * switches from writing to reading; nothing switches back: spill files
 * are written once and read once (a merge writes its output to a new
 * file).
 *
 * The open files of this process form a doubly linked list headed by
 * open_files; tempfile_close unlinks the file (fo_unlink), reports it when
 * log_temp_files asks, and takes it off the list.  Nothing here is in
 * shared memory: a crashed backend's files are found by name
 * (tempfile_remove_all).
 *-------------------------------------------------------------------------
 */
#include "storage/file/tempfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "storage/ipc/proc.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/pgstat/pgstat.h"

#define TEMPFILE_BUFSIZE	BLCKSZ

struct TempFile
{
	TempFile   *prev;
	TempFile   *next;
	int			fd;
	bool		reading;
	char	   *buf;			/* TEMPFILE_BUFSIZE bytes, malloc'd */
	size_t		buf_len;		/* writing: bytes buffered; reading: valid bytes */
	size_t		buf_pos;		/* reading: next byte in buf */
	uint64_t	file_len;		/* bytes on disk (writing: before buf) */
	uint64_t	read_base;		/* reading: file offset of buf[0] */
	char		path[64];
};

static TempFile *open_files;
static int	n_open;
static uint64_t n_created;
static uint32_t next_file_number;

static pg_noreturn void
tempfile_error(const TempFile *tf, const char *what)
{
	ereport(ERROR, errcode_for_file_access(),
			errmsg("could not %s file \"%s\": %m", what, tf->path));
	__builtin_unreachable();
}

TempFile *
tempfile_create(void)
{
	TempFile   *tf = calloc(1, sizeof(TempFile));
	char	   *buf = malloc(TEMPFILE_BUFSIZE);
	int			fd;

	if (tf == NULL || buf == NULL)
	{
		free(tf);
		free(buf);
		ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"));
	}
	snprintf(tf->path, sizeof(tf->path), "%s/pgsql_tmp%d.%u", TEMP_FILES_DIR,
			 (int) getpid(), next_file_number++);
	fd = fo_open(tf->path, O_RDWR | O_CREAT | O_TRUNC | O_EXCL, 0600);
	if (fd < 0 && errno == ENOENT)
	{
		/* first spill since the directory was removed: make it (like PG) */
		(void) fo_mkdir("base", 0700);
		if (fo_mkdir(TEMP_FILES_DIR, 0700) != 0 && errno != EEXIST)
			ereport(ERROR, errcode_for_file_access(),
					errmsg("could not create directory \"%s\": %m", TEMP_FILES_DIR));
		fd = fo_open(tf->path, O_RDWR | O_CREAT | O_TRUNC | O_EXCL, 0600);
	}
	if (fd < 0)
	{
		int			save = errno;
		char		path[64];

		memcpy(path, tf->path, sizeof(path));
		free(tf);
		free(buf);
		errno = save;
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not create temporary file \"%s\": %m", path));
	}
	tf->fd = fd;
	tf->buf = buf;
	tf->next = open_files;
	if (open_files)
		open_files->prev = tf;
	open_files = tf;
	n_open++;
	n_created++;
	return tf;
}

/* Write the buffered bytes at the end of the file. */
static void
flush_buffer(TempFile *tf)
{
	if (tf->buf_len == 0)
		return;
	if (FAULT_POINT("storage/tempfile/write") ||
		fo_write_full(tf->fd, tf->buf, tf->buf_len, (off_t) tf->file_len) != 0)
		tempfile_error(tf, "write to");
	tf->file_len += tf->buf_len;
	tf->buf_len = 0;
}

void
tempfile_write(TempFile *tf, const void *data, size_t len)
{
	const char *p = data;

	Assert(!tf->reading);
	while (len > 0)
	{
		size_t		n = Min(len, TEMPFILE_BUFSIZE - tf->buf_len);

		memcpy(tf->buf + tf->buf_len, p, n);
		tf->buf_len += n;
		p += n;
		len -= n;
		if (tf->buf_len == TEMPFILE_BUFSIZE)
			flush_buffer(tf);
	}
}

void
tempfile_rewind(TempFile *tf)
{
	if (!tf->reading)
		flush_buffer(tf);
	tf->reading = true;
	tf->buf_len = 0;
	tf->buf_pos = 0;
	tf->read_base = 0;
}

/* Load the block after the current one; false at the end of the file. */
static bool
load_buffer(TempFile *tf)
{
	uint64_t	off = tf->read_base + tf->buf_len;
	size_t		want;

	if (off >= tf->file_len)
		return false;
	want = (size_t) Min((uint64_t) TEMPFILE_BUFSIZE, tf->file_len - off);
	if (FAULT_POINT("storage/tempfile/read") ||
		fo_read_full(tf->fd, tf->buf, want, (off_t) off) != 0)
	{
		if (errno == 0)
			errno = EIO;		/* the file is shorter than what we wrote */
		tempfile_error(tf, "read");
	}
	tf->read_base = off;
	tf->buf_len = want;
	tf->buf_pos = 0;
	return true;
}

size_t
tempfile_read(TempFile *tf, void *data, size_t len)
{
	char	   *p = data;
	size_t		done = 0;

	Assert(tf->reading);
	while (done < len)
	{
		size_t		n;

		if (tf->buf_pos == tf->buf_len && !load_buffer(tf))
			break;
		n = Min(len - done, tf->buf_len - tf->buf_pos);
		memcpy(p + done, tf->buf + tf->buf_pos, n);
		tf->buf_pos += n;
		done += n;
	}
	return done;
}

uint64_t
tempfile_size(const TempFile *tf)
{
	return tf->file_len + (tf->reading ? 0 : tf->buf_len);
}

const char *
tempfile_path(const TempFile *tf)
{
	return tf->path;
}

void
tempfile_close(TempFile *tf)
{
	uint64_t	size;

	if (tf == NULL)
		return;
	size = tempfile_size(tf);
	/* off the list first: an ERROR below must not find it again */
	if (tf->prev)
		tf->prev->next = tf->next;
	else
		open_files = tf->next;
	if (tf->next)
		tf->next->prev = tf->prev;
	n_open--;
	fo_close(tf->fd);
	pgstat_count_tempfile((int64_t) size);	/* pg_stat_database.temp_files/bytes */
	if (fo_unlink(tf->path) != 0)
		ereport(LOG, errcode_for_file_access(),
				errmsg("could not remove file \"%s\": %m", tf->path));
	else if (guc_log_temp_files_kb >= 0 &&
			 size / 1024 >= (uint64_t) guc_log_temp_files_kb)
		ereport(LOG, errmsg("temporary file: path \"%s\", size %llu", tf->path,
							(unsigned long long) size));
	free(tf->buf);
	free(tf);
}

void
tempfile_close_all(void)
{
	while (open_files != NULL)
		tempfile_close(open_files);
}

int
tempfile_count_open(void)
{
	return n_open;
}

uint64_t
tempfile_count_created(void)
{
	return n_created;
}

/* Every file in base/pgsql_tmp is some process's temporary file. */
static bool
any_name(const char *name)
{
	(void) name;
	return true;
}

int
tempfile_remove_all(void)
{
	return fo_unlink_matching(TEMP_FILES_DIR, any_name);
}
