/*-------------------------------------------------------------------------
 * walrecovery.c
 *	  The replay loop of crash recovery (see walrecovery.h).
 *
 * Invariants:
 *	- Replay starts at the redo point, which is always the start of a
 *	  valid record (the checkpoint record itself when nothing was logged
 *	  between the two), and stops at the first invalid record.
 *	- Nothing is inserted into WAL until replay has finished and the end
 *	  of WAL has been cleaned (wal_start_insertion).
 *	- A record that cannot be decoded after passing its CRC is a PANIC:
 *	  it was written by a broken server, not torn by a crash.
 *	- WAL that cannot be read (an I/O error opening a segment or reading a
 *	  page, reader's read_errno) is never taken for the end of WAL: the
 *	  end of recovery zeroes the tail and removes later segments, which
 *	  would silently lose every commit after the unreadable page.  The
 *	  process fails (FATAL) with nothing written, the postmaster aborts
 *	  startup, and the next start replays again.
 *
 * Fault points (steps; faults/fault_points.def): wal/recovery/before-redo,
 * wal/recovery/{before,after}-record (each record), wal/recovery/after-redo,
 * wal/recovery/{before,after}-end-of-recovery-record.
 *-------------------------------------------------------------------------
 */
#include "access/wal/walrecovery.h"

#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "access/transam/controlfile.h"
#include "access/wal/wal.h"
#include "access/wal/waldesc.h"
#include "access/wal/walinsert.h"
#include "access/wal/walreader.h"
#include "access/wal/walredo.h"
#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "storage/ipc/pmsignal.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/strbuf.h"

/* ---- making what the crashed server wrote durable ---- */

static int
fsync_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void) st;
	(void) ftw;
	if (type != FTW_F && type != FTW_D && type != FTW_DP)
		return 0;
	int			fd = fo_open(path, (type == FTW_F ? O_RDWR : O_RDONLY), 0);

	if (fd < 0)
	{
		ereport(LOG, errcode_for_file_access(), errmsg("could not open file \"%s\": %m", path));
		return 0;
	}
	if (fo_fsync(fd) != 0)
		ereport(PANIC, errcode_for_file_access(), errmsg("could not fsync file \"%s\": %m", path));
	fo_close(fd);
	return 0;
}

static void
sync_data_directory(void)
{
	static const char *const dirs[] = {"global", "base", "pg_xact", "pg_wal"};

	if (!guc_fsync)
		return;
	for (size_t i = 0; i < lengthof(dirs); i++)
		(void) nftw(dirs[i], fsync_one, 32, FTW_PHYS | FTW_DEPTH);
}

/* ---- the loop ---- */

static void
set_state(ControlFileData *cf, void *arg)
{
	cf->state = *(DBState *) arg;
}

static double
timespec_diff(const struct timespec *a, const struct timespec *b)
{
	return (double) (b->tv_sec - a->tv_sec) + (double) (b->tv_nsec - a->tv_nsec) / 1e9;
}

static double
timeval_s(struct timeval tv)
{
	return (double) tv.tv_sec + (double) tv.tv_usec / 1e6;
}

/*
 * walreader_read for recovery: an I/O error is FATAL (see the invariants
 * above); NULL means the end of valid WAL, reason in r->errmsg.
 */
static const WalRecordHeader *
read_record(WalReader *r, XLogRecPtr lsn)
{
	const WalRecordHeader *rec = walreader_read(r, lsn);

	if (rec == NULL && r->read_errno != 0)
	{
		errno = r->read_errno;
		ereport(FATAL, errcode_for_file_access(), errmsg("%s", r->errmsg));
	}
	return rec;
}

/* Replay one record; errcontext names it if replay fails. */
static void
replay_one(const WalRecordHeader *rec, XLogRecPtr start, XLogRecPtr end)
{
	WalDecoded d;
	char		err[128];

	if (!wal_decode(rec, &d, err, sizeof(err)))
		ereport(PANIC, errmsg("invalid WAL record at %X/%X: %s", LSN_FORMAT_ARGS(start), err));
	FAULT_MARK("wal/recovery/before-record");
	wal_redo(&d, start, end);
	FAULT_MARK("wal/recovery/after-record");
}

static const WalRecordHeader *
read_checkpoint(WalReader *r, const ControlFileData *cf, WalCheckpoint *ckpt)
{
	const WalRecordHeader *rec = read_record(r, cf->checkpoint_lsn);
	WalDecoded d;
	char		err[128];

	if (rec == NULL || rec->rmid != RM_XLOG ||
		((rec->info & 0xF0) != WAL_XLOG_CHECKPOINT_SHUTDOWN &&
		 (rec->info & 0xF0) != WAL_XLOG_CHECKPOINT_ONLINE) ||
		!wal_decode(rec, &d, err, sizeof(err)) || d.main_len != sizeof(*ckpt))
		ereport(PANIC, errmsg("could not locate a valid checkpoint record"),
				errdetail("The checkpoint record at %X/%X is %s.",
						  LSN_FORMAT_ARGS(cf->checkpoint_lsn),
						  rec == NULL ? r->errmsg : "not a checkpoint record"));
	memcpy(ckpt, d.main_data, sizeof(*ckpt));
	return rec;
}

void
wal_log_end_of_recovery(void)
{
	WalEndOfRecovery rec = {(int64_t) time(NULL), WAL_TIMELINE, 0};

	FAULT_MARK("wal/recovery/before-end-of-recovery-record");
	wal_flush(wal_insert_simple(RM_XLOG, WAL_XLOG_END_OF_RECOVERY, InvalidTransactionId,
								&rec, sizeof(rec), NULL));
	FAULT_MARK("wal/recovery/after-end-of-recovery-record");
}

void
wal_recover(WalRecoveryResult *res)
{
	ControlFileData cf;
	WalCheckpoint ckpt;
	WalReader	r;
	char		desc[256];

	memset(res, 0, sizeof(*res));
	controlfile_get(&cf);
	walreader_init(&r, WAL_DIR, cf.system_identifier);
	(void) read_checkpoint(&r, &cf, &ckpt);
	res->last_record = r.read_ptr;
	res->end_of_wal = r.end_ptr;

	bool		clean = (cf.state == DB_SHUTDOWNED && ckpt.redo == cf.checkpoint_lsn);

	if (clean && read_record(&r, InvalidXLogRecPtr) != NULL)
	{
		ereport(LOG, errmsg("unexpected WAL record after the shutdown checkpoint at %X/%X",
							LSN_FORMAT_ARGS(r.read_ptr)));
		clean = false;
	}
	if (clean)
	{
		walreader_close(&r);
		wal_start_insertion(cf.system_identifier, res->end_of_wal, res->last_record, ckpt.redo, false);
		return;
	}

	struct timespec t0,
				t1;
	struct rusage ru0,
				ru1;
	DBState		st = DB_IN_CRASH_RECOVERY;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	getrusage(RUSAGE_SELF, &ru0);
	sync_data_directory();
	controlfile_update(set_state, &st);

	const WalRecordHeader *rec = read_record(&r, ckpt.redo);

	if (rec == NULL)
		ereport(PANIC, errmsg("could not find redo location %X/%X referenced by checkpoint record",
							  LSN_FORMAT_ARGS(ckpt.redo)),
				errdetail("%s", r.errmsg));
	res->replayed = true;
	res->redo_start = ckpt.redo;
	if (MyPMChildSlot >= 0)
		pmsignal_send(PMSIGNAL_RECOVERY_STARTED);
	ereport(LOG, errmsg("redo starts at %X/%X", LSN_FORMAT_ARGS(ckpt.redo)));
	FAULT_MARK("wal/recovery/before-redo");
	while (rec != NULL)
	{
		if (PostmasterDeathPending)
			proc_exit(1);
		elog(DEBUG2, "REDO @ %X/%X; %s", LSN_FORMAT_ARGS(r.read_ptr),
			 wal_describe(rec, desc, sizeof(desc)));
		replay_one(rec, r.read_ptr, r.end_ptr);
		res->records++;
		res->last_record = r.read_ptr;
		res->end_of_wal = r.end_ptr;
		rec = read_record(&r, InvalidXLogRecPtr);
	}
	ereport(LOG, errmsg("%s", r.errmsg));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru1);
	ereport(LOG, errmsg("redo done at %X/%X system usage: CPU: user: %.2f s, system: %.2f s, elapsed: %.2f s",
						LSN_FORMAT_ARGS(res->last_record),
						timeval_s(ru1.ru_utime) - timeval_s(ru0.ru_utime),
						timeval_s(ru1.ru_stime) - timeval_s(ru0.ru_stime),
						timespec_diff(&t0, &t1)));
	walreader_close(&r);
	wal_redo_check_invalid_pages();
	FAULT_MARK("wal/recovery/after-redo");
	wal_start_insertion(cf.system_identifier, res->end_of_wal, res->last_record, ckpt.redo, true);
}
