/*-------------------------------------------------------------------------
 * session.c
 *	  Turning an accepted connection into a session (see session.h), in
 *	  PostgreSQL's order:
 *	    1. take a proc slot (FATAL 53300 if the server is full);
 *	    2. authenticate, with roles and password verifiers from pg_authid;
 *	    3. check the database and the role (FATAL 3D000 / 28000);
 *	    4. refuse a non-superuser one of the reserved slots;
 *	    5. apply the startup packet's settings (FATAL on a bad one);
 *	    6. publish the session in pg_stat_activity.
 *	  Steps 2-4 read the catalog inside one short transaction.
 *
 * At exit (from the moment the proc slot is taken) the session rolls back
 * any open transaction, then drops its temporary tables (in a transaction
 * of its own), before leaving the proc array.
 *-------------------------------------------------------------------------
 */
#include "tcop/session.h"

#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "sql/sqlexec.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/proc.h"
#include "storage/lmgr/lwlock.h"
#include "tcop/auth.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"
#include "utils/pgstat/pgstat.h"

/* Authentication's view of the role catalog. */
static bool
lookup_role_for_auth(const char *role_name, char **verifier_out)
{
	RoleInfo	role;

	*verifier_out = NULL;
	if (!catalog_lookup_role(role_name, &role))
		return false;
	*verifier_out = role.password;
	return true;
}

static void
apply_startup_settings(Port *port)
{
	for (int i = 0; i < port->n_gucs; i++)
		guc_set(port->guc_names[i], port->guc_values[i], PGC_BACKEND, PGC_S_CLIENT,
				false, FATAL);
}

/*
 * Session end (an exit callback, run before the proc slot is released):
 * roll back whatever transaction or block is open, releasing its locks and
 * pins, then drop temporary tables in a transaction of their own.
 */
static void
end_session_at_exit(int code, Datum arg)
{
	(void) code;
	(void) arg;
	ELOG_TRY();
	{
		bufmgr_release_all();
		lwlock_release_all();
		xact_abort_current();
		if (xact_in_block())
		{
			/* A failed block: end it as ROLLBACK would. */
			xact_start_command();
			xact_user_abort_block();
			xact_commit_command();
		}
		if (catalog_temp_namespace(false) != InvalidOid)
		{
			xact_start_command();
			catalog_drop_temp_relations();
			xact_commit_command();
			catalog_temp_namespace_forget();
		}
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		e->elevel = LOG;
		elog_emit_current_error();
		elog_flush_error();
	}
	ELOG_END_TRY();
}

void
session_init(Port *port, const char *client_desc)
{
	bool		is_superuser = false;

	(void) client_desc;
	proc_attach_backend();
	on_proc_exit(end_session_at_exit, 0);
	xact_start_command();
	auth_set_role_lookup(lookup_role_for_auth);
	auth_client(port);
	catalog_session_init(port->database_name, port->user_name, &is_superuser);
	proc_check_reserved_slots(is_superuser);
	xact_commit_command();

	guc_set("is_superuser", is_superuser ? "on" : "off", PGC_INTERNAL,
			PGC_S_DYNAMIC_DEFAULT, false, FATAL);
	guc_set("session_authorization", port->user_name, PGC_SUSET, PGC_S_OVERRIDE, false, FATAL);
	apply_startup_settings(port);
	proc_set_connection_info(MyDatabaseId, MyRoleId, port->user_name, port->database_name,
							 guc_application_name, port->client.is_unix ? "" : port->client.host,
							 port->client.is_unix ? -1 : port->client.port);
	sql_session_init();
	pgstat_init_backend();
}
