/*-------------------------------------------------------------------------
 * bootstrap.c
 *	  Bootstrap mode: create the layout of a new cluster (see bootstrap.h).
 *-------------------------------------------------------------------------
 */
#include "postmaster/bootstrap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access/transam/controlfile.h"
#include "access/transam/varsup.h"
#include "storage/file/fileops.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* Directories every cluster has, relative to the data directory. */
static const char *const cluster_dirs[] = {
	"global", "base", "base/1", "base/5", "pg_wal", "pg_xact", "pg_stat",
	"base/pgsql_tmp",
};

void
bootstrap_main(const char *datadir)
{
	elog_set_process_label("bootstrap");
	if (chdir(datadir) != 0)
		ereport(FATAL, errcode_for_file_access(),
				errmsg("could not change directory to \"%s\": %m", datadir));
	for (size_t i = 0; i < lengthof(cluster_dirs); i++)
	{
		if (fo_mkdir(cluster_dirs[i], 0700) != 0 && errno != EEXIST)
			ereport(FATAL, errcode_for_file_access(),
					errmsg("could not create directory \"%s\": %m", cluster_dirs[i]));
	}
	controlfile_create(FirstNormalTransactionId, FirstNormalObjectId);
	proc_exit(0);
}
