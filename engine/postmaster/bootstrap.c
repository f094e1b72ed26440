/*-------------------------------------------------------------------------
 * bootstrap.c
 *	  Bootstrap mode: create the files and system catalogs of a new
 *	  cluster (see bootstrap.h).
 *
 * Steps: make the directory layout and a fresh pg_control (standalone
 * environment), create the catalogs and their initial rows in one
 * transaction (catalog_bootstrap), commit, then write a shutdown
 * checkpoint so everything is on disk and pg_control says "shut down".
 * The superuser's name comes from -c session_authorization=NAME
 * (minipg_ctl init -U NAME), defaulting to "postgres".
 *-------------------------------------------------------------------------
 */
#include "postmaster/bootstrap.h"

#include "access/transam/checkpoint.h"
#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "postmaster/standalone.h"
#include "utils/elog.h"
#include "utils/guc.h"

void
bootstrap_main(const char *datadir)
{
	const char *superuser = (guc_session_authorization && guc_session_authorization[0]) ?
		guc_session_authorization : "postgres";

	elog_set_process_label("bootstrap");
	standalone_init(datadir, true);
	guc_log_checkpoints = false;
	xact_start_command();
	catalog_bootstrap(superuser);
	xact_commit_command();
	checkpoint_perform(CHECKPOINT_IS_SHUTDOWN | CHECKPOINT_IMMEDIATE);
	proc_exit(0);
}
