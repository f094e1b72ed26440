/*-------------------------------------------------------------------------
 * standalone.c
 *	  Single-process engine environment (see standalone.h).
 *-------------------------------------------------------------------------
 */
#include "postmaster/standalone.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access/transam/controlfile.h"
#include "access/transam/procarray.h"
#include "access/transam/varsup.h"
#include "access/transam/checkpoint.h"
#include "access/transam/xact.h"
#include "access/wal/wal.h"
#include "access/wal/walrecovery.h"
#include "catalog/catalog.h"
#include "faults/fault_control.h"
#include "faults/faultpoint.h"
#include "storage/ipc/proc.h"
#include "storage/ipc/shmem.h"
#include "storage/lmgr/lock.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

static const char *const cluster_dirs[] = {
	"global", "base", "base/1", "base/5", "pg_wal", "pg_wal/archive_status", "pg_xact", "pg_stat",
	"base/pgsql_tmp",
};

static void
make_layout(void)
{
	for (size_t i = 0; i < lengthof(cluster_dirs); i++)
		if (mkdir(cluster_dirs[i], 0700) != 0 && errno != EEXIST)
			ereport(FATAL, errcode_for_file_access(),
					errmsg("could not create directory \"%s\": %m", cluster_dirs[i]));
	controlfile_create(FirstNormalTransactionId, FirstNormalObjectId);
}

/* Everything up to WAL: see standalone_init_before_recovery. */
static void
attach(const char *datadir, bool create)
{
	ControlFileData cf;

	memctx_init();
	guc_init();
	fault_process_init(MyBackendType);
	MyProcPid = getpid();
	if (create && mkdir(datadir, 0700) != 0 && errno != EEXIST)
		ereport(FATAL, errcode_for_file_access(),
				errmsg("could not create directory \"%s\": %m", datadir));
	if (chdir(datadir) != 0)
		ereport(FATAL, errcode_for_file_access(),
				errmsg("could not change directory to \"%s\": %m", datadir));
	if (create)
		make_layout();
	shmem_create(1);
	proc_attach_auxiliary(B_STANDALONE);
	controlfile_load();
	controlfile_get(&cf);
	TransactionId next_xid = Max(cf.next_xid, cf.xid_reserved_until);
	Oid			next_oid = Max(cf.next_oid, cf.oid_reserved_until);

	varsup_set_next(next_xid, next_oid);
	procarray_startup(next_xid);
}

void
standalone_init_before_recovery(const char *datadir)
{
	attach(datadir, false);
}

void
standalone_init(const char *datadir, bool create)
{
	attach(datadir, create);
	if (create)
	{
		ControlFileData cf;

		controlfile_get(&cf);
		wal_bootstrap(cf.system_identifier);
	}
	else
	{
		WalRecoveryResult rr;

		wal_recover(&rr);
		if (rr.replayed)
			checkpoint_perform(CHECKPOINT_END_OF_RECOVERY | CHECKPOINT_IMMEDIATE);
	}
	MyDatabaseId = POSTGRES_DATABASE_OID;
}

pid_t
standalone_fork(void)
{
	pid_t		pid = fork();

	if (pid != 0)
		return pid;
	/* Child: the parent's slot, pins and locks are the parent's. */
	MyProcPid = getpid();
	MyProc = NULL;
	on_proc_exit_reset();
	lock_forget_after_fork();
	xact_forget_after_fork();
	proc_attach_auxiliary(B_STANDALONE);
	return 0;
}

char *
standalone_temp_datadir(const char *tag)
{
	char		templ[256];

	snprintf(templ, sizeof(templ), "/tmp/minipg-%s.XXXXXX", tag);
	char	   *dir = mkdtemp(templ);

	if (dir == NULL)
		ereport(FATAL, errcode_for_file_access(),
				errmsg("could not create temporary directory: %m"));
	return strdup(dir);
}

/* nftw callback: remove one entry (children come before their directory). */
static int
remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void) st;
	(void) ftw;
	return (type == FTW_DP ? rmdir(path) : unlink(path)) == 0 ? 0 : -1;
}

void
standalone_remove_datadir(char *dir)
{
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "could not remove %s: %s\n", dir, strerror(errno));
	free(dir);
}
