/*-------------------------------------------------------------------------
 * fileops.c
 *	  Thin wrappers over POSIX file calls (see fileops.h for the contract).
 *
 * Each wrapper consults its fault point first; a point firing with the
 * "error" action makes the wrapper fail with the errno the policy chose,
 * exactly as the system call would, so callers exercise their real error
 * handling.  The two pwrite wrappers are the catalog's write points
 * (FAULT_WRITE): there a "short" firing makes the call write only a prefix
 * of the buffer (faults/faultpoint.h fault_short_write_len) and return
 * that count with errno = ENOSPC, as the kernel does when the disk fills
 * in the middle of a write; fo_write_full then retries the rest, and a
 * disk that stays full ends its retries in a 0-byte write, i.e. ENOSPC.
 *
 * Power loss (fault builds only, faults/powerloss.h): while the control
 * plane has journaling on, the calls that change a file's contents or size
 * (pwrite, pwrite_extend, and through them write_full; ftruncate; open
 * with O_TRUNC) and the ones that make them durable (fsync, fdatasync)
 * hand over to a powerloss_* hook, after the fault point, which journals
 * and performs the call itself (a write cut short is journaled with its
 * shortened length: exactly the bytes it writes); unlink and rename tell
 * the journal that a file was removed or renamed.  With journaling off
 * the cost is one load and one branch; release builds compile the hooks
 * out.
 *-------------------------------------------------------------------------
 */
#include "storage/file/fileops.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/faultpoint.h"
#include "faults/powerloss.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

/* `return call;` when power-loss journaling is on (fault builds only). */
#ifdef MINIPG_FAULTS
#define POWERLOSS_HOOK(call) \
	do { \
		if (POWERLOSS_ENABLED()) \
			return (call); \
	} while (0)
#else
#define POWERLOSS_HOOK(call) do { } while (0)
#endif

int
fo_open(const char *path, int flags, mode_t mode)
{
	FAULT_RETURN_ERRNO("storage/file/open", -1);
	if (flags & O_TRUNC)
		POWERLOSS_HOOK(powerloss_open_trunc(path, flags | O_CLOEXEC, mode));
	return open(path, flags | O_CLOEXEC, mode);
}

int
fo_close(int fd)
{
	return close(fd);
}

ssize_t
fo_pread(int fd, void *buf, size_t len, off_t offset)
{
	FAULT_RETURN_ERRNO("storage/file/read", -1);
	return pread(fd, buf, len, offset);
}

/*
 * The pwrite of fo_pwrite and fo_pwrite_extend, after their fault point,
 * through the power-loss journal when it is on.  cut: a "short" firing
 * reduced len to a prefix of what the caller asked; the count written is
 * then returned with errno = ENOSPC (set after the write, which may touch
 * errno), and a prefix of 0 bytes makes no call at all, as a full disk
 * writes nothing.  Release builds: a plain pwrite (cut is always false).
 */
static inline ssize_t
pwrite_prefix(int fd, const void *buf, size_t len, off_t offset, bool cut)
{
#ifdef MINIPG_FAULTS
	ssize_t		n;

	if (cut && len == 0)
		n = 0;
	else if (POWERLOSS_ENABLED())
		n = powerloss_pwrite(fd, buf, len, offset);
	else
		n = pwrite(fd, buf, len, offset);
	if (cut && n >= 0)
		errno = ENOSPC;
	return n;
#else
	(void) cut;
	return pwrite(fd, buf, len, offset);
#endif
}

ssize_t
fo_pwrite(int fd, const void *buf, size_t len, off_t offset)
{
	bool		cut = false;

	FAULT_WRITE("storage/file/write", len, cut, -1);
	return pwrite_prefix(fd, buf, len, offset, cut);
}

ssize_t
fo_pwrite_extend(int fd, const void *buf, size_t len, off_t offset)
{
	bool		cut = false;

	FAULT_WRITE("storage/file/extend", len, cut, -1);
	return pwrite_prefix(fd, buf, len, offset, cut);
}

int
fo_fsync(int fd)
{
	FAULT_RETURN_ERRNO("storage/file/fsync", -1);
	POWERLOSS_HOOK(powerloss_fsync(fd, 0));
	return fsync(fd);
}

int
fo_fdatasync(int fd)
{
	FAULT_RETURN_ERRNO("storage/file/fsync", -1);
	POWERLOSS_HOOK(powerloss_fsync(fd, 1));
	return fdatasync(fd);
}

int
fo_ftruncate(int fd, off_t length)
{
	FAULT_RETURN_ERRNO("storage/file/truncate", -1);
	POWERLOSS_HOOK(powerloss_ftruncate(fd, length));
	return ftruncate(fd, length);
}

off_t
fo_size(int fd)
{
	return lseek(fd, 0, SEEK_END);
}

int
fo_rename(const char *from, const char *to)
{
	FAULT_RETURN_ERRNO("storage/file/rename", -1);
	POWERLOSS_HOOK(powerloss_rename(from, to));
	return rename(from, to);
}

int
fo_unlink(const char *path)
{
	FAULT_RETURN_ERRNO("storage/file/unlink", -1);
	POWERLOSS_HOOK(powerloss_unlink(path));
	return unlink(path);
}

int
fo_mkdir(const char *path, mode_t mode)
{
	FAULT_RETURN_ERRNO("storage/file/open", -1);
	return mkdir(path, mode);
}

int
fo_fsync_dir(const char *path)
{
	int			fd = fo_open(path, O_RDONLY, 0);

	if (fd < 0)
		return -1;
	int			rc = fo_fsync(fd);
	int			save = errno;

	close(fd);
	errno = save;
	return rc;
}

int
fo_read_full(int fd, void *buf, size_t len, off_t offset)
{
	size_t		done = 0;

	while (done < len)
	{
		ssize_t		n = fo_pread(fd, (char *) buf + done, len - done, offset + (off_t) done);

		if (n < 0)
		{
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
		{
			errno = 0;
			return -1;
		}
		done += (size_t) n;
	}
	return 0;
}

int
fo_write_full(int fd, const void *buf, size_t len, off_t offset)
{
	size_t		done = 0;

	while (done < len)
	{
		ssize_t		n = fo_pwrite(fd, (const char *) buf + done, len - done, offset + (off_t) done);

		if (n < 0)
		{
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
		{
			errno = ENOSPC;
			return -1;
		}
		done += (size_t) n;
	}
	return 0;
}

void
fo_write_file_durably(const char *path, const void *data, size_t len)
{
	char	   *tmp = psprintf("%s.tmp", path);
	int			fd = fo_open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not create file \"%s\": %m", tmp));
	if (fo_write_full(fd, data, len, 0) != 0)
	{
		int			save = errno;

		close(fd);
		errno = save;
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not write file \"%s\": %m", tmp));
	}
	if (fo_fsync(fd) != 0)
	{
		int			save = errno;

		close(fd);
		errno = save;
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync file \"%s\": %m", tmp));
	}
	close(fd);
	if (fo_rename(tmp, path) != 0)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not rename file \"%s\" to \"%s\": %m", tmp, path));
	char	   *dircopy = pstrdup(path);

	if (fo_fsync_dir(dirname(dircopy)) != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync directory of \"%s\": %m", path));
}

char *
fo_read_file(const char *path, size_t *len_out)
{
	int			fd = fo_open(path, O_RDONLY, 0);

	if (fd < 0)
		return NULL;
	StringBuf	buf;
	char		chunk[8192];
	off_t		off = 0;

	strbuf_init(&buf);
	for (;;)
	{
		ssize_t		n = fo_pread(fd, chunk, sizeof(chunk), off);

		if (n < 0)
		{
			if (errno == EINTR)
				continue;
			int			save = errno;

			close(fd);
			errno = save;
			return NULL;
		}
		if (n == 0)
			break;
		strbuf_append_bytes(&buf, chunk, (int) n);
		off += n;
	}
	close(fd);
	if (len_out)
		*len_out = (size_t) buf.len;
	return buf.data;
}

int
fo_unlink_matching(const char *dir, bool (*match) (const char *name))
{
	DIR		   *d = opendir(dir);
	struct dirent *de;
	int			removed = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
	{
		char		path[1024];

		if (de->d_name[0] == '.' || !match(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (fo_unlink(path) != 0)
			ereport(LOG, errcode_for_file_access(),
					errmsg("could not remove file \"%s\": %m", path));
		else
			removed++;
	}
	closedir(d);
	return removed;
}
