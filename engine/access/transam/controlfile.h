/*-------------------------------------------------------------------------
 * controlfile.h
 *	  global/pg_control: the one small file that says what state the
 *	  cluster was left in and where recovery must start.
 *
 * Format: a ControlFileData struct at offset 0 of an 8192-byte file whose
 * bytes after the struct are zero; the struct is well under 512 bytes, so
 * one sector write updates it atomically; its last field is a CRC-32C of
 * everything before it.  All integers are native-endian (the file is not
 * portable across architectures, like PostgreSQL's).
 *
 * Invariants:
 *	- Written only via controlfile_update() (under LWLOCK_CONTROL_FILE,
 *	  write + fsync, a failed fsync is a PANIC), so the shared copy and the
 *	  file never disagree after the call returns.
 *	- A CRC mismatch or wrong version on read is FATAL: the cluster cannot
 *	  be trusted ("incorrect checksum in control file").
 *	- xid_reserved_until / oid_reserved_until are upper bounds of every
 *	  xid / oid ever handed out (see varsup.h).
 *-------------------------------------------------------------------------
 */
#ifndef CONTROLFILE_H
#define CONTROLFILE_H

#include "common/minipg.h"

#define PG_CONTROL_VERSION	1501
#define PG_CONTROL_FILE_SIZE 8192
#define CONTROL_FILE_PATH	"global/pg_control"

typedef enum DBState
{
	DB_STARTUP = 0,
	DB_SHUTDOWNED,
	DB_SHUTDOWNED_IN_RECOVERY,
	DB_SHUTDOWNING,
	DB_IN_CRASH_RECOVERY,
	DB_IN_ARCHIVE_RECOVERY,
	DB_IN_PRODUCTION,
} DBState;

typedef struct ControlFileData
{
	uint64_t	system_identifier;
	uint32_t	pg_control_version;
	uint32_t	state;			/* DBState */
	int64_t		time;			/* last update, Unix seconds */
	XLogRecPtr	checkpoint_lsn; /* last checkpoint record (0 before the first) */
	XLogRecPtr	redo_lsn;		/* its redo point: replay starts there */
	uint32_t	timeline;		/* of the last checkpoint (always 1 until
								 * promotion exists) */
	uint32_t	pad;
	int64_t		checkpoint_time;	/* Unix seconds */
	TransactionId next_xid;		/* as of the last checkpoint */
	Oid			next_oid;
	TransactionId xid_reserved_until;
	Oid			oid_reserved_until;
	uint32_t	blcksz;
	uint32_t	wal_segment_size;
	uint32_t	name_data_len;
	uint32_t	data_checksum_version;
	uint32_t	crc;			/* CRC-32C of all fields above */
} ControlFileData;

const char *dbstate_name(DBState state);

/* Shared-memory copy. */
size_t		controlfile_shmem_size(void);
void		controlfile_shmem_init(void *mem, size_t size);

/* Bootstrap: write a fresh pg_control (FATAL on failure). */
void		controlfile_create(TransactionId next_xid, Oid next_oid);
/* Read and verify the file into the shared copy; FATAL if bad or missing. */
void		controlfile_load(void);
/* Read and verify the file into *out without shared memory (tools). */
bool		controlfile_read_file(const char *datadir, ControlFileData *out, char *errbuf,
								  size_t errlen);
/* A consistent copy of the shared data. */
void		controlfile_get(ControlFileData *out);
/*
 * Change the shared data with fn(data, arg) under LWLOCK_CONTROL_FILE,
 * then write and fsync the file.  fn must not fail.
 */
void		controlfile_update(void (*fn) (ControlFileData *data, void *arg), void *arg);

#endif							/* CONTROLFILE_H */
