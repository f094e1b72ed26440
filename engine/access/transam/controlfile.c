/*-------------------------------------------------------------------------
 * controlfile.c
 *	  Reading, verifying and durably updating global/pg_control
 *	  (see controlfile.h for the format and invariants).
 *
 * Fault points: controlfile/read (at load, FATAL with the policy's errno),
 * controlfile/before-write (the write fails: PANIC), controlfile/after-write
 * (a step, with LWLOCK_CONTROL_FILE held).
 *-------------------------------------------------------------------------
 */
#include "access/transam/controlfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "storage/lmgr/lwlock.h"
#include "utils/crc32c.h"
#include "utils/elog.h"

#define CONTROL_SHARED_MAGIC 0x4354524C534855ULL	/* "CTRLSHU" */

typedef struct ControlShared
{
	uint64_t	magic;
	ControlFileData data;		/* protected by LWLOCK_CONTROL_FILE */
} ControlShared;

static ControlShared *control;

const char *
dbstate_name(DBState state)
{
	switch (state)
	{
		case DB_STARTUP:
			return "starting up";
		case DB_SHUTDOWNED:
			return "shut down";
		case DB_SHUTDOWNED_IN_RECOVERY:
			return "shut down in recovery";
		case DB_SHUTDOWNING:
			return "shutting down";
		case DB_IN_CRASH_RECOVERY:
			return "in crash recovery";
		case DB_IN_ARCHIVE_RECOVERY:
			return "in archive recovery";
		case DB_IN_PRODUCTION:
			return "in production";
	}
	return "unrecognized status code";
}

size_t
controlfile_shmem_size(void)
{
	return sizeof(ControlShared);
}

void
controlfile_shmem_init(void *mem, size_t size)
{
	(void) size;
	control = mem;
	control->magic = CONTROL_SHARED_MAGIC;
}

static uint32_t
control_crc(const ControlFileData *cf)
{
	return crc32c_compute(cf, offsetof(ControlFileData, crc));
}

/* Write the file (whole 8 kB: struct, then zeroes) and fsync it. */
static void
write_control_file(ControlFileData *cf, bool create)
{
	char		buf[PG_CONTROL_FILE_SIZE];

	cf->time = (int64_t) time(NULL);
	cf->crc = control_crc(cf);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, cf, sizeof(*cf));
	int			fd = fo_open(CONTROL_FILE_PATH, O_WRONLY | (create ? O_CREAT | O_EXCL : 0), 0600);

	if (fd < 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not open file \"%s\": %m", CONTROL_FILE_PATH));
	if (FAULT_POINT("controlfile/before-write") || fo_write_full(fd, buf, sizeof(buf), 0) != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not write file \"%s\": %m", CONTROL_FILE_PATH));
	if (fo_fsync(fd) != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync file \"%s\": %m", CONTROL_FILE_PATH));
	close(fd);
	/* On disk, not yet in shared memory (the caller holds the lwlock). */
	FAULT_MARK("controlfile/after-write");
}

void
controlfile_create(TransactionId next_xid, Oid next_oid)
{
	ControlFileData cf;
	uint64_t	random_part = 0;
	struct timespec ts;

	memset(&cf, 0, sizeof(cf));
	clock_gettime(CLOCK_REALTIME, &ts);
	if (getrandom(&random_part, sizeof(random_part), 0) != sizeof(random_part))
		random_part = (uint64_t) getpid();
	/* Like PostgreSQL: seconds in the high bits, then sub-second and random bits. */
	cf.system_identifier = ((uint64_t) ts.tv_sec << 32) |
		(((uint64_t) ts.tv_nsec / 1000) << 12) | (random_part & 0xFFF);
	cf.pg_control_version = PG_CONTROL_VERSION;
	cf.state = DB_SHUTDOWNED;
	cf.checkpoint_time = (int64_t) ts.tv_sec;
	cf.timeline = 1;
	cf.next_xid = next_xid;
	cf.next_oid = next_oid;
	cf.xid_reserved_until = next_xid;
	cf.oid_reserved_until = next_oid;
	cf.blcksz = BLCKSZ;
	cf.wal_segment_size = 16 * 1024 * 1024;
	cf.name_data_len = NAMEDATALEN;
	cf.data_checksum_version = 1;
	write_control_file(&cf, true);
}

bool
controlfile_read_file(const char *datadir, ControlFileData *out, char *errbuf, size_t errlen)
{
	char		path[1024];
	char		buf[PG_CONTROL_FILE_SIZE];

	snprintf(path, sizeof(path), "%s/%s", datadir, CONTROL_FILE_PATH);
	int			fd = fo_open(path, O_RDONLY, 0);

	if (fd < 0)
	{
		snprintf(errbuf, errlen, "could not open file \"%s\": %s", path, strerror(errno));
		return false;
	}
	if (fo_read_full(fd, buf, sizeof(ControlFileData), 0) != 0)
	{
		snprintf(errbuf, errlen, "could not read file \"%s\": %s", path,
				 errno ? strerror(errno) : "file is too short");
		close(fd);
		return false;
	}
	close(fd);
	memcpy(out, buf, sizeof(*out));
	if (out->pg_control_version != PG_CONTROL_VERSION)
	{
		snprintf(errbuf, errlen, "database files are incompatible with server: "
				 "PG_CONTROL_VERSION %u, server expects %u",
				 out->pg_control_version, PG_CONTROL_VERSION);
		return false;
	}
	if (control_crc(out) != out->crc)
	{
		snprintf(errbuf, errlen, "incorrect checksum in control file");
		return false;
	}
	if (out->blcksz != BLCKSZ)
	{
		snprintf(errbuf, errlen, "database files are incompatible with server: BLCKSZ %u, server expects %d",
				 out->blcksz, BLCKSZ);
		return false;
	}
	return true;
}

void
controlfile_load(void)
{
	char		err[1200];
	ControlFileData cf;

	if (FAULT_POINT("controlfile/read"))
		ereport(FATAL, errcode_for_file_access(),
				errmsg("could not read file \"%s\": %m", CONTROL_FILE_PATH));
	if (!controlfile_read_file(".", &cf, err, sizeof(err)))
		ereport(FATAL, errcode(ERRCODE_DATA_CORRUPTED), errmsg("%s", err));
	lwlock_acquire(lwlock_get(LWLOCK_CONTROL_FILE), LW_EXCLUSIVE);
	control->data = cf;
	lwlock_release(lwlock_get(LWLOCK_CONTROL_FILE));
}

void
controlfile_get(ControlFileData *out)
{
	lwlock_acquire(lwlock_get(LWLOCK_CONTROL_FILE), LW_SHARED);
	*out = control->data;
	lwlock_release(lwlock_get(LWLOCK_CONTROL_FILE));
}

void
controlfile_update(void (*fn) (ControlFileData *data, void *arg), void *arg)
{
	lwlock_acquire(lwlock_get(LWLOCK_CONTROL_FILE), LW_EXCLUSIVE);
	ControlFileData copy = control->data;

	fn(&copy, arg);
	write_control_file(&copy, false);
	control->data = copy;
	lwlock_release(lwlock_get(LWLOCK_CONTROL_FILE));
}
