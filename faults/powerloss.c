/*-------------------------------------------------------------------------
 * powerloss.c
 *	  Undo journals of unsynced writes, and the simulated power cut that
 *	  replays them backwards (see powerloss.h for the model, invariants and
 *	  limitations).
 *
 * The journal of one file is <journal dir>/<dev>-<ino>.undo (both in
 * 16 hex digits).  All integers are in host byte order: the journal is
 * written and read on the same machine.  Layout:
 *
 *	File header (32 bytes)
 *		0  u32	magic		PL_FILE_MAGIC
 *		4  u32	version		PL_FILE_VERSION
 *		8  u64	dev			st_dev of the file
 *		16 u64	ino			st_ino of the file
 *		24 u64	valid_len	bytes of this journal that hold complete
 *							entries; rewritten after each entry
 *	Entries, from offset 32 up to valid_len, oldest first:
 *		0  u32	magic		PL_REC_MAGIC
 *		4  u32	kind		PL_WRITE, PL_TRUNCATE or PL_NAME
 *		8  u64	offset		WRITE: where the write starts;
 *							TRUNCATE: the new length
 *		16 u64	length		WRITE: bytes written; else 0
 *		24 u64	old_size	size of the file before the change
 *		32 u64	payload_len
 *		40 payload			WRITE: the old bytes at [offset, offset +
 *							payload_len), payload_len = bytes of the write
 *							that lay before the old EOF; TRUNCATE: the old
 *							bytes [offset, old_size) that it dropped;
 *							NAME: "<absolute path>\0<name relative to the
 *							writer's working directory>\0"
 *		40+payload_len u32 crc	CRC-32C of the 40-byte head and the payload
 *
 * A journal always starts with a NAME entry (written with its header);
 * a later NAME entry (after fo_rename) supersedes it.  An empty (0-byte)
 * journal is a file with no unsynced change: an fsync truncates its
 * journal to 0 bytes rather than unlinking it, so that a writer holding
 * the old descriptor cannot append into a removed file.
 *
 * Why valid_len: a writer killed in the middle of appending leaves a
 * partial entry, and the next writer must neither keep it nor append
 * after it.  An entry is written at valid_len, then valid_len (8 bytes
 * inside the first page, so never torn) is advanced, then the data write
 * is made.  Bytes past valid_len are garbage to be overwritten.
 *
 * Locking: flock(LOCK_EX) of the journal, held from before the old bytes
 * are read until the data write (or fsync + truncation of the journal)
 * is done.  Rollback takes no lock (all other processes are stopped).
 *-------------------------------------------------------------------------
 */
#include "common/minipg.h"
#include "faults/powerloss.h"

#include <errno.h>
#include <stdio.h>

#ifdef MINIPG_FAULTS

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "utils/crc32c.h"

#define PL_FILE_MAGIC	0x314A4C50u		/* "PLJ1" */
#define PL_FILE_VERSION 1u
#define PL_REC_MAGIC	0x45524C50u		/* "PLRE" */
#define PL_SUFFIX		".undo"
#define PL_CHUNK		8192			/* bytes copied per system call (stack) */
#define PL_NAMES_MAX	(2 * PATH_MAX + 2)
#define PL_PATTERN_MAX	64				/* sectors shown in a report line */

/* pl_begin: the file is not journaled, perform the plain call. */
#define PL_PASS			(-2)

typedef enum PlKind
{
	PL_WRITE = 1,
	PL_TRUNCATE = 2,
	PL_NAME = 3
} PlKind;

typedef struct PlFileHeader
{
	uint32_t	magic;
	uint32_t	version;
	uint64_t	dev;
	uint64_t	ino;
	uint64_t	valid_len;
} PlFileHeader;

typedef struct PlRecord
{
	uint32_t	magic;
	uint32_t	kind;
	uint64_t	offset;
	uint64_t	length;
	uint64_t	old_size;
	uint64_t	payload_len;
} PlRecord;

_Static_assert(sizeof(PlFileHeader) == 32, "journal header layout");
_Static_assert(sizeof(PlRecord) == 40, "journal entry layout");

static const int powerloss_off = 0;
static int	powerloss_test_on = 1;
volatile const int *powerloss_enabled_word = &powerloss_off;

static char powerloss_dir[PATH_MAX] = POWERLOSS_DIR;

void
powerloss_init(const char *journal_dir)
{
	snprintf(powerloss_dir, sizeof(powerloss_dir), "%s",
			 journal_dir != NULL ? journal_dir : POWERLOSS_DIR);
}

void
powerloss_set_enabled_word(volatile const int *word)
{
	powerloss_enabled_word = word != NULL ? word : &powerloss_off;
}

void
powerloss_enable_for_tests(const char *journal_dir)
{
	powerloss_init(journal_dir);
	powerloss_enabled_word = &powerloss_test_on;
}

/* ---------------------------------------------------------------------
 * Small I/O helpers: plain system calls, EINTR retried.
 * ---------------------------------------------------------------------
 */

static int
pl_pwrite_all(int fd, const void *buf, size_t len, off_t off)
{
	size_t		done = 0;

	while (done < len)
	{
		ssize_t		n = pwrite(fd, (const char *) buf + done, len - done, off + (off_t) done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
		{
			errno = ENOSPC;
			return -1;
		}
		done += (size_t) n;
	}
	return 0;
}

/* Read up to len bytes; returns the count read before EOF, -1 on error. */
static ssize_t
pl_pread_upto(int fd, void *buf, size_t len, off_t off)
{
	size_t		done = 0;

	while (done < len)
	{
		ssize_t		n = pread(fd, (char *) buf + done, len - done, off + (off_t) done);

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

static void
pl_close_keep_errno(int fd)
{
	int			save = errno;

	close(fd);
	errno = save;
}

/* One line on stderr (the server log): journaling failed, say why. */
static void
pl_complain(const char *what, const char *detail)
{
	int			save = errno;

	fprintf(stderr, "powerloss: could not journal %s of %s: %s\n",
			what, detail, strerror(save));
	errno = save;
}

static void
pl_complain_fd(const char *what, int fd)
{
	char		detail[32];

	snprintf(detail, sizeof(detail), "descriptor %d", fd);
	pl_complain(what, detail);
}

/* ---------------------------------------------------------------------
 * Journal files
 * ---------------------------------------------------------------------
 */

static int
pl_journal_path(char *out, size_t outlen, const char *dir, uint64_t dev, uint64_t ino)
{
	int			n = snprintf(out, outlen, "%s/%016llx-%016llx" PL_SUFFIX, dir,
							 (unsigned long long) dev, (unsigned long long) ino);

	if (n < 0 || (size_t) n >= outlen)
	{
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* mkdir -p */
static int
pl_mkdirs(const char *dir)
{
	char		buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", dir);
	for (char *p = buf + 1; *p != '\0'; p++)
	{
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/*
 * Open the journal of (dev, ino) and take its lock.  Returns the
 * descriptor (closing it releases the lock), or -1 with errno (ENOENT:
 * no journal and !create).
 */
static int
pl_journal_lock(uint64_t dev, uint64_t ino, bool create)
{
	char		path[PATH_MAX];
	int			flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0);
	int			jfd;

	if (pl_journal_path(path, sizeof(path), powerloss_dir, dev, ino) != 0)
		return -1;
	jfd = open(path, flags, 0600);
	if (jfd < 0 && errno == ENOENT && create)
	{
		if (pl_mkdirs(powerloss_dir) != 0)
			return -1;
		jfd = open(path, flags, 0600);
	}
	if (jfd < 0)
		return -1;
	while (flock(jfd, LOCK_EX) != 0)
	{
		if (errno != EINTR)
		{
			pl_close_keep_errno(jfd);
			return -1;
		}
	}
	return jfd;
}

static void
pl_drop_journal(uint64_t dev, uint64_t ino)
{
	char		path[PATH_MAX];

	if (pl_journal_path(path, sizeof(path), powerloss_dir, dev, ino) == 0)
		(void) unlink(path);
}

/*
 * Read a journal's header.  Returns 1 if it is valid (for dev/ino, when
 * non-zero), 0 if the journal is empty or holds no committed entry (a
 * writer died before finishing the header), -1 on a read error.
 */
static int
pl_read_header(int jfd, PlFileHeader *h, uint64_t dev, uint64_t ino, off_t *size_out)
{
	struct stat st;

	if (fstat(jfd, &st) != 0)
		return -1;
	*size_out = st.st_size;
	if (st.st_size < (off_t) sizeof(*h))
		return 0;
	ssize_t		n = pl_pread_upto(jfd, h, sizeof(*h), 0);

	if (n < 0)
		return -1;
	if ((size_t) n < sizeof(*h) || h->magic != PL_FILE_MAGIC ||
		h->version != PL_FILE_VERSION ||
		(dev != 0 && (h->dev != dev || h->ino != ino)) ||
		h->valid_len < sizeof(*h) || h->valid_len > (uint64_t) st.st_size)
		return 0;
	return 1;
}

/*
 * The NAME payload for a file whose absolute path is abs: the path, and
 * the path relative to the working directory (the data directory in the
 * server) when it lies below it.  Returns the payload length, -1 if too
 * long.
 */
static ssize_t
pl_names(const char *abs, char *out, size_t outlen)
{
	char		cwd[PATH_MAX];
	const char *rel = abs;
	size_t		cwdlen;

	if (getcwd(cwd, sizeof(cwd)) != NULL)
	{
		cwdlen = strlen(cwd);
		if (cwdlen > 1 && strncmp(abs, cwd, cwdlen) == 0 && abs[cwdlen] == '/')
			rel = abs + cwdlen + 1;
	}
	size_t		alen = strlen(abs) + 1;
	size_t		rlen = strlen(rel) + 1;

	if (alen + rlen > outlen)
	{
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(out, abs, alen);
	memcpy(out + alen, rel, rlen);
	return (ssize_t) (alen + rlen);
}

/*
 * Append one entry at valid_len and commit it by advancing valid_len.
 * The payload comes from mem, or (mem == NULL) from src_fd at src_off;
 * bytes of the source past its EOF (it cannot shrink under the lock, but
 * the file may be changed behind our back) are recorded as zeros.
 */
static int
pl_append(int jfd, PlFileHeader *h, const PlRecord *rec, const void *mem,
		  int src_fd, off_t src_off)
{
	off_t		pos = (off_t) h->valid_len;
	uint32_t	crc = crc32c(crc32c_init(), rec, sizeof(*rec));

	if (pl_pwrite_all(jfd, rec, sizeof(*rec), pos) != 0)
		return -1;
	pos += (off_t) sizeof(*rec);
	if (mem != NULL)
	{
		crc = crc32c(crc, mem, rec->payload_len);
		if (pl_pwrite_all(jfd, mem, rec->payload_len, pos) != 0)
			return -1;
		pos += (off_t) rec->payload_len;
	}
	else
	{
		char		chunk[PL_CHUNK];
		uint64_t	done = 0;

		while (done < rec->payload_len)
		{
			size_t		want = (size_t) Min((uint64_t) sizeof(chunk), rec->payload_len - done);
			ssize_t		got = pl_pread_upto(src_fd, chunk, want, src_off + (off_t) done);

			if (got < 0)
				return -1;
			memset(chunk + got, 0, want - (size_t) got);
			crc = crc32c(crc, chunk, want);
			if (pl_pwrite_all(jfd, chunk, want, pos) != 0)
				return -1;
			pos += (off_t) want;
			done += want;
		}
	}
	crc = crc32c_finish(crc);
	if (pl_pwrite_all(jfd, &crc, sizeof(crc), pos) != 0)
		return -1;
	pos += (off_t) sizeof(crc);

	uint64_t	valid_len = (uint64_t) pos;

	if (pl_pwrite_all(jfd, &valid_len, sizeof(valid_len),
					  (off_t) offsetof(PlFileHeader, valid_len)) != 0)
		return -1;
	h->valid_len = valid_len;
	return 0;
}

static int
pl_append_name(int jfd, PlFileHeader *h, const char *abs)
{
	char		names[PL_NAMES_MAX];
	ssize_t		len = pl_names(abs, names, sizeof(names));

	if (len < 0)
		return -1;
	PlRecord	rec = {.magic = PL_REC_MAGIC, .kind = PL_NAME,
		.payload_len = (uint64_t) len};

	return pl_append(jfd, h, &rec, names, -1, 0);
}

/* Start an empty journal for the file open as fd: header, then its name. */
static int
pl_start_journal(int jfd, int fd, const struct stat *st, PlFileHeader *h)
{
	char		link[64];
	char		abs[PATH_MAX];
	ssize_t		n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, abs, sizeof(abs) - 1);
	if (n < 0)
		return -1;
	abs[n] = '\0';
	if (ftruncate(jfd, 0) != 0)
		return -1;
	h->magic = PL_FILE_MAGIC;
	h->version = PL_FILE_VERSION;
	h->dev = (uint64_t) st->st_dev;
	h->ino = (uint64_t) st->st_ino;
	h->valid_len = sizeof(*h);
	if (pl_pwrite_all(jfd, h, sizeof(*h), 0) != 0)
		return -1;
	return pl_append_name(jfd, h, abs);
}

/*
 * Journal a change of the file open as fd, before it is made: a write of
 * length bytes at offset (PL_WRITE) or a truncation to offset
 * (PL_TRUNCATE).  Returns the locked journal descriptor, to be closed by
 * the caller once the change is made; PL_PASS if the file is not to be
 * journaled (not a regular file, already unlinked, or a call the system
 * will refuse anyway); -1 with errno if journaling failed.
 */
static int
pl_begin(int fd, PlKind kind, off_t offset, size_t length)
{
	struct stat st;
	int			fl;
	int			jfd;
	PlFileHeader h;
	off_t		jsize;

	if (offset < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink == 0)
		return PL_PASS;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return PL_PASS;
	jfd = pl_journal_lock((uint64_t) st.st_dev, (uint64_t) st.st_ino, true);
	if (jfd < 0)
		return -1;

	/* The size under the lock: every journaled change is serialized here. */
	if (fstat(fd, &st) != 0)
		goto fail;
	int			hr = pl_read_header(jfd, &h, (uint64_t) st.st_dev, (uint64_t) st.st_ino, &jsize);

	if (hr < 0 || (hr == 0 && pl_start_journal(jfd, fd, &st, &h) != 0))
		goto fail;

	PlRecord	rec = {.magic = PL_REC_MAGIC, .kind = (uint32_t) kind,
		.offset = (uint64_t) offset, .old_size = (uint64_t) st.st_size};

	if (kind == PL_WRITE)
	{
		/* pwrite on an O_APPEND descriptor writes at EOF (Linux). */
		if (fl & O_APPEND)
			rec.offset = (uint64_t) st.st_size;
		rec.length = length;
		if (length == 0)
			return jfd;
		if (rec.offset < rec.old_size)
			rec.payload_len = Min((uint64_t) length, rec.old_size - rec.offset);
	}
	else
	{
		if (rec.offset == rec.old_size)
			return jfd;			/* changes nothing */
		if (rec.offset < rec.old_size)
			rec.payload_len = rec.old_size - rec.offset;
	}

	/* The old bytes must be read: reopen a write-only descriptor. */
	int			rfd = fd;

	if (rec.payload_len > 0 && (fl & O_ACCMODE) == O_WRONLY)
	{
		char		link[64];

		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		rfd = open(link, O_RDONLY | O_CLOEXEC);
		if (rfd < 0)
			goto fail;
	}
	int			rc = pl_append(jfd, &h, &rec, NULL, rfd, (off_t) rec.offset);

	if (rfd != fd)
		pl_close_keep_errno(rfd);
	if (rc != 0)
		goto fail;
	return jfd;

fail:
	pl_close_keep_errno(jfd);
	return -1;
}

/* ---------------------------------------------------------------------
 * The fileops.c hooks
 * ---------------------------------------------------------------------
 */

ssize_t
powerloss_pwrite(int fd, const void *buf, size_t len, off_t offset)
{
	int			jfd = pl_begin(fd, PL_WRITE, offset, len);

	if (jfd == PL_PASS)
		return pwrite(fd, buf, len, offset);
	if (jfd < 0)
	{
		pl_complain_fd("a write", fd);
		return -1;
	}
	ssize_t		n = pwrite(fd, buf, len, offset);

	pl_close_keep_errno(jfd);
	return n;
}

int
powerloss_ftruncate(int fd, off_t length)
{
	int			jfd = pl_begin(fd, PL_TRUNCATE, length, 0);

	if (jfd == PL_PASS)
		return ftruncate(fd, length);
	if (jfd < 0)
	{
		pl_complain_fd("a truncation", fd);
		return -1;
	}
	int			rc = ftruncate(fd, length);

	pl_close_keep_errno(jfd);
	return rc;
}

int
powerloss_fsync(int fd, int datasync)
{
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return datasync ? fdatasync(fd) : fsync(fd);

	int			jfd = pl_journal_lock((uint64_t) st.st_dev, (uint64_t) st.st_ino, false);

	if (jfd < 0 && errno == ENOENT)
		return datasync ? fdatasync(fd) : fsync(fd);
	if (jfd < 0)
	{
		/* Syncing without emptying would make rollback undo synced data. */
		pl_complain_fd("an fsync", fd);
		return -1;
	}
	int			rc = datasync ? fdatasync(fd) : fsync(fd);

	if (rc == 0 && ftruncate(jfd, 0) != 0)
	{
		pl_complain_fd("an fsync", fd);
		rc = -1;
	}
	pl_close_keep_errno(jfd);
	return rc;
}

int
powerloss_open_trunc(const char *path, int flags, mode_t mode)
{
	struct stat st;

	if ((flags & O_ACCMODE) == O_RDONLY)
		return open(path, flags, mode);
	int			fd = open(path, flags & ~O_TRUNC, mode);

	if (fd < 0)
		return -1;
	/* The kernel ignores O_TRUNC on FIFOs and devices; so do we. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && powerloss_ftruncate(fd, 0) != 0)
	{
		pl_close_keep_errno(fd);
		return -1;
	}
	return fd;
}

int
powerloss_unlink(const char *path)
{
	struct stat st;
	bool		last_link = lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1;
	int			rc = unlink(path);

	/* The inode is gone (and its number free for reuse): so is its journal. */
	if (rc == 0 && last_link)
		pl_drop_journal((uint64_t) st.st_dev, (uint64_t) st.st_ino);
	return rc;
}

int
powerloss_rename(const char *from, const char *to)
{
	struct stat fst,
				tst;
	bool		moved = lstat(from, &fst) == 0 && S_ISREG(fst.st_mode);
	bool		replaced = lstat(to, &tst) == 0 && S_ISREG(tst.st_mode) && tst.st_nlink == 1 &&
		!(moved && fst.st_dev == tst.st_dev && fst.st_ino == tst.st_ino);
	int			rc = rename(from, to);

	if (rc != 0)
		return rc;
	if (replaced)
		pl_drop_journal((uint64_t) tst.st_dev, (uint64_t) tst.st_ino);
	if (!moved)
		return 0;

	/* The moved file's journal, if it has entries, learns the new name. */
	int			jfd = pl_journal_lock((uint64_t) fst.st_dev, (uint64_t) fst.st_ino, false);

	if (jfd < 0)
	{
		if (errno != ENOENT)
			pl_complain("a rename", to);
		return 0;
	}
	PlFileHeader h;
	off_t		jsize;
	char		abs[PATH_MAX];

	if (pl_read_header(jfd, &h, (uint64_t) fst.st_dev, (uint64_t) fst.st_ino, &jsize) == 1 &&
		(realpath(to, abs) == NULL || pl_append_name(jfd, &h, abs) != 0))
		pl_complain("a rename", to);
	close(jfd);
	return 0;					/* the rename itself succeeded */
}

/* ---------------------------------------------------------------------
 * Rollback
 * ---------------------------------------------------------------------
 */

typedef struct PlEntry
{
	uint32_t	kind;
	uint64_t	offset;
	uint64_t	length;
	uint64_t	old_size;
	uint64_t	payload_pos;	/* in the journal */
	uint64_t	payload_len;
} PlEntry;

typedef struct PlReport
{
	char	   *buf;
	size_t		len;
	size_t		used;
} PlReport;

pg_printf_attr(2, 3)
static void
pl_report(PlReport *r, const char *fmt,...)
{
	va_list		ap;

	if (r->buf == NULL || r->len == 0 || r->used + 1 >= r->len)
		return;
	va_start(ap, fmt);
	int			n = vsnprintf(r->buf + r->used, r->len - r->used, fmt, ap);

	va_end(ap);
	if (n < 0)
		return;
	r->used = Min(r->used + (size_t) n, r->len - 1);
}

static uint64_t
pl_splitmix64(uint64_t *state)
{
	uint64_t	z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t
pl_fnv1a(const char *s)
{
	uint64_t	h = 0xCBF29CE484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char) *s) * 0x100000001B3ULL;
	return h;
}

/* Copy len bytes from the journal at jpos into the file at off. */
static int
pl_copy_back(int jfd, uint64_t jpos, int fd, uint64_t off, uint64_t len)
{
	char		chunk[PL_CHUNK];
	uint64_t	done = 0;

	while (done < len)
	{
		size_t		want = (size_t) Min((uint64_t) sizeof(chunk), len - done);
		ssize_t		got = pl_pread_upto(jfd, chunk, want, (off_t) (jpos + done));

		if (got < 0)
			return -1;
		if ((size_t) got < want)
		{
			errno = EIO;		/* below valid_len: cannot happen */
			return -1;
		}
		if (pl_pwrite_all(fd, chunk, want, (off_t) (off + done)) != 0)
			return -1;
		done += want;
	}
	return 0;
}

/*
 * Read and check the entries of a journal up to valid_len.  Fills *entries
 * (malloc'd, undo entries only, oldest first) and names (the last NAME
 * payload).  Stops at the first damaged entry and says so in the report.
 * Returns the number of undo entries, -1 on a read or allocation error.
 */
static int
pl_parse(int jfd, const char *jname, uint64_t valid_len, PlEntry **entries,
		 char *names, size_t names_len, PlReport *rep)
{
	uint64_t	pos = sizeof(PlFileHeader);
	int			n = 0,
				cap = 0;
	char		chunk[PL_CHUNK];

	*entries = NULL;
	names[0] = '\0';
	while (pos + sizeof(PlRecord) + sizeof(uint32_t) <= valid_len)
	{
		PlRecord	rec;
		uint32_t	crc;
		uint32_t	stored;
		bool		ok;

		if (pl_pread_upto(jfd, &rec, sizeof(rec), (off_t) pos) != (ssize_t) sizeof(rec))
			goto damaged;
		ok = rec.magic == PL_REC_MAGIC &&
			(rec.kind == PL_WRITE || rec.kind == PL_TRUNCATE || rec.kind == PL_NAME) &&
			rec.payload_len <= valid_len - pos - sizeof(rec) - sizeof(uint32_t) &&
			(rec.kind != PL_NAME || (rec.payload_len >= 2 && rec.payload_len <= names_len));
		if (!ok)
			goto damaged;
		crc = crc32c(crc32c_init(), &rec, sizeof(rec));
		for (uint64_t done = 0; done < rec.payload_len;)
		{
			size_t		want = (size_t) Min((uint64_t) sizeof(chunk), rec.payload_len - done);

			if (pl_pread_upto(jfd, chunk, want, (off_t) (pos + sizeof(rec) + done)) != (ssize_t) want)
				goto damaged;
			crc = crc32c(crc, chunk, want);
			done += want;
		}
		if (pl_pread_upto(jfd, &stored, sizeof(stored),
						  (off_t) (pos + sizeof(rec) + rec.payload_len)) != (ssize_t) sizeof(stored) ||
			stored != crc32c_finish(crc))
			goto damaged;

		if (rec.kind == PL_NAME)
		{
			if (pl_pread_upto(jfd, names, rec.payload_len, (off_t) (pos + sizeof(rec))) !=
				(ssize_t) rec.payload_len)
				goto damaged;
			names[rec.payload_len - 1] = '\0';
		}
		else
		{
			if (n == cap)
			{
				int			newcap = cap == 0 ? 16 : cap * 2;
				PlEntry    *grown = realloc(*entries, (size_t) newcap * sizeof(PlEntry));

				if (grown == NULL)
				{
					free(*entries);
					*entries = NULL;
					errno = ENOMEM;
					return -1;
				}
				*entries = grown;
				cap = newcap;
			}
			(*entries)[n++] = (PlEntry) {
				.kind = rec.kind, .offset = rec.offset, .length = rec.length,
					.old_size = rec.old_size, .payload_pos = pos + sizeof(rec),
					.payload_len = rec.payload_len
			};
		}
		pos += sizeof(rec) + rec.payload_len + sizeof(uint32_t);
	}
	return n;

damaged:
	pl_report(rep, "%s: damaged entry at journal offset %llu, it and %llu later bytes ignored\n",
			  jname, (unsigned long long) pos, (unsigned long long) (valid_len - pos));
	return n;
}

/*
 * Decide which parts of the newest write e keep their new bytes (tear) and
 * save those bytes from the file, before the undo overwrites them.  The
 * parts are the pieces of [offset, offset + length) in each tear_sector-
 * aligned sector.  A part the file does not fully hold (the write had not
 * happened when the writer was stopped) is never kept.  Fills *keep
 * (malloc'd, one flag per part) and *newbytes (malloc'd); returns the
 * number of parts, -1 on error.
 */
static int64_t
pl_plan_tear(int fd, const PlEntry *e, int tear_sector, uint64_t seed, const char *rel,
			 bool **keep, char **newbytes)
{
	uint64_t	ts = (uint64_t) tear_sector;
	uint64_t	first = e->offset / ts;
	uint64_t	last = (e->offset + e->length - 1) / ts;
	uint64_t	nparts = last - first + 1;
	uint64_t	state = seed ^ pl_fnv1a(rel);
	ssize_t		have;

	*keep = malloc((size_t) nparts * sizeof(bool));
	*newbytes = malloc((size_t) e->length);
	if (*keep == NULL || *newbytes == NULL)
	{
		free(*keep);
		free(*newbytes);
		errno = ENOMEM;
		return -1;
	}
	have = pl_pread_upto(fd, *newbytes, (size_t) e->length, (off_t) e->offset);
	if (have < 0)
	{
		free(*keep);
		free(*newbytes);
		return -1;
	}
	for (uint64_t i = 0; i < nparts; i++)
	{
		uint64_t	end = Min((first + i + 1) * ts, e->offset + e->length);
		bool		coin = (pl_splitmix64(&state) >> 63) != 0;

		(*keep)[i] = coin && end - e->offset <= (uint64_t) have;
	}
	return (int64_t) nparts;
}

/*
 * Roll back one journal.  Returns 1 if the file was rolled back, 0 if
 * there was nothing to do or the file is gone (journal removed either
 * way), -1 on an error (journal kept, reported).
 */
static int
pl_rollback_one(const char *dir, const char *jname, int tear_sector, uint64_t seed,
				PlReport *rep)
{
	char		jpath[PATH_MAX];
	char		names[PL_NAMES_MAX];
	PlFileHeader h;
	off_t		jsize;
	PlEntry    *entries = NULL;
	bool	   *keep = NULL;
	char	   *newbytes = NULL;
	int64_t		nparts = 0;
	int			fd = -1;
	int			result = -1;
	const char *what = "read journal";

	snprintf(jpath, sizeof(jpath), "%s/%s", dir, jname);
	int			jfd = open(jpath, O_RDONLY | O_CLOEXEC);

	if (jfd < 0)
		goto fail;
	int			hr = pl_read_header(jfd, &h, 0, 0, &jsize);

	if (hr < 0)
		goto fail;
	int			n = hr == 0 ? 0 : pl_parse(jfd, jname, h.valid_len, &entries, names,
										  sizeof(names), rep);

	if (n < 0)
		goto fail;
	if (n == 0)
	{
		result = 0;				/* synced since, or never committed an entry */
		goto remove;
	}
	if (names[0] == '\0')
	{
		pl_report(rep, "%s: no file name recorded, %d entries dropped\n", jname, n);
		result = 0;
		goto remove;
	}

	const char *abs = names;
	const char *rel = names + strlen(names) + 1;
	struct stat st;

	what = "open the file";
	fd = open(abs, O_RDWR | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT && errno != ENOTDIR)
		goto fail;
	if (fd >= 0 && fstat(fd, &st) != 0)
		goto fail;
	if (fd < 0 || (uint64_t) st.st_dev != h.dev || (uint64_t) st.st_ino != h.ino)
	{
		pl_report(rep, "%s: skipped, the file no longer exists (%d unsynced entries)\n", rel, n);
		result = 0;
		goto remove;
	}
	off_t		size_before = st.st_size;
	const PlEntry *newest = &entries[n - 1];

	what = "plan tear";
	if (tear_sector > 0 && newest->kind == PL_WRITE && newest->length > 0)
	{
		nparts = pl_plan_tear(fd, newest, tear_sector, seed, rel, &keep, &newbytes);
		if (nparts < 0)
			goto fail;
	}

	/* Undo newest-first: each step restores the file as before its change. */
	what = "restore";
	int			writes = 0,
				truncates = 0;

	for (int i = n - 1; i >= 0; i--)
	{
		const PlEntry *e = &entries[i];

		if (pl_copy_back(jfd, e->payload_pos, fd, e->offset, e->payload_len) != 0 ||
			ftruncate(fd, (off_t) e->old_size) != 0)
			goto fail;
		if (e->kind == PL_WRITE)
			writes++;
		else
			truncates++;
	}

	/* The newest write's kept parts go back on top of the synced state. */
	int64_t		kept = 0;
	char		pattern[PL_PATTERN_MAX + 4];
	int			plen = 0;

	for (int64_t i = 0; i < nparts; i++)
	{
		uint64_t	ts = (uint64_t) tear_sector;
		uint64_t	start = Max((newest->offset / ts + (uint64_t) i) * ts, newest->offset);
		uint64_t	end = Min((newest->offset / ts + (uint64_t) i + 1) * ts,
							  newest->offset + newest->length);

		if (keep[i])
		{
			if (pl_pwrite_all(fd, newbytes + (start - newest->offset), (size_t) (end - start),
							  (off_t) start) != 0)
				goto fail;
			kept++;
		}
		if (plen < PL_PATTERN_MAX)
			pattern[plen++] = keep[i] ? 'N' : 'o';
	}
	if (nparts > PL_PATTERN_MAX)
	{
		memcpy(pattern + plen, "...", 3);
		plen += 3;
	}
	pattern[plen] = '\0';

	if (fstat(fd, &st) != 0)
		goto fail;
	pl_report(rep, "%s: undid %d writes and %d truncates, size %lld -> %lld",
			  rel, writes, truncates, (long long) size_before, (long long) st.st_size);
	if (nparts > 0)
		pl_report(rep, "; newest write (%llu bytes at %llu) torn at %d-byte sectors, "
				  "%lld of %lld parts kept new [%s]",
				  (unsigned long long) newest->length, (unsigned long long) newest->offset,
				  tear_sector, (long long) kept, (long long) nparts, pattern);
	pl_report(rep, "\n");
	result = 1;

remove:
	if (unlink(jpath) != 0)
	{
		pl_report(rep, "%s: could not remove journal: %s\n", jname, strerror(errno));
		result = -1;
	}
	goto done;

fail:
	pl_report(rep, "%s: could not %s: %s (journal kept)\n", jname, what, strerror(errno));
	result = -1;

done:
	if (fd >= 0)
		close(fd);
	if (jfd >= 0)
		close(jfd);
	free(entries);
	free(keep);
	free(newbytes);
	return result;
}

static int
pl_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

static bool
pl_is_journal_name(const char *name)
{
	size_t		len = strlen(name);

	return len == 16 + 1 + 16 + strlen(PL_SUFFIX) &&
		strcmp(name + len - strlen(PL_SUFFIX), PL_SUFFIX) == 0;
}

int
powerloss_rollback_all(const char *journal_dir, int tear_sector, uint64_t seed,
					   char *report, size_t report_len)
{
	PlReport	rep = {report, report_len, 0};
	const char *dir = journal_dir != NULL ? journal_dir : powerloss_dir;
	char	  **names = NULL;
	size_t		n = 0,
				cap = 0;
	int			rolled = 0;
	DIR		   *d;
	struct dirent *de;

	if (report != NULL && report_len > 0)
		report[0] = '\0';
	if (tear_sector < 0)
	{
		errno = EINVAL;
		return -1;
	}
	d = opendir(dir);
	if (d == NULL)
	{
		if (errno != ENOENT)
			return -1;
		pl_report(&rep, "no power-loss journal in %s\n", dir);
		return 0;
	}

	/* Sorted, so that the report reads the same from run to run. */
	while ((de = readdir(d)) != NULL)
	{
		if (!pl_is_journal_name(de->d_name))
			continue;
		if (n == cap)
		{
			size_t		newcap = cap == 0 ? 64 : cap * 2;
			char	  **grown = realloc(names, newcap * sizeof(char *));

			if (grown == NULL)
				goto oom;
			names = grown;
			cap = newcap;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto oom;
		n++;
	}
	closedir(d);
	d = NULL;
	if (n > 0)
		qsort(names, n, sizeof(char *), pl_cmp_names);

	for (size_t i = 0; i < n; i++)
	{
		if (pl_rollback_one(dir, names[i], tear_sector, seed, &rep) == 1)
			rolled++;
		free(names[i]);
	}
	free(names);
	if (rolled == 0)
		pl_report(&rep, "no unsynced writes to roll back\n");
	return rolled;

oom:
	if (d != NULL)
		closedir(d);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	errno = ENOMEM;
	return -1;
}

int
powerloss_discard_all(const char *journal_dir)
{
	const char *dir = journal_dir != NULL ? journal_dir : powerloss_dir;
	char		path[PATH_MAX];
	int			removed = 0;
	DIR		   *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL)
	{
		if (!pl_is_journal_name(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

#else							/* !MINIPG_FAULTS */

/* Release builds: the configuration calls do nothing, rollback cannot. */

void
powerloss_init(const char *journal_dir)
{
	(void) journal_dir;
}

void
powerloss_set_enabled_word(volatile const int *word)
{
	(void) word;
}

void
powerloss_enable_for_tests(const char *journal_dir)
{
	(void) journal_dir;
}

int
powerloss_rollback_all(const char *journal_dir, int tear_sector, uint64_t seed,
					   char *report, size_t report_len)
{
	(void) journal_dir;
	(void) tear_sector;
	(void) seed;
	if (report != NULL && report_len > 0)
		snprintf(report, report_len, "power-loss simulation is not compiled into this build\n");
	errno = ENOSYS;
	return -1;
}

int
powerloss_discard_all(const char *journal_dir)
{
	(void) journal_dir;
	return 0;
}

#endif							/* MINIPG_FAULTS */
