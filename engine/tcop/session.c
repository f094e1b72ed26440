/*-------------------------------------------------------------------------
 * session.c
 *	  Session setup after authentication (see session.h).
 *-------------------------------------------------------------------------
 */
#include "tcop/session.h"

#include "storage/ipc/proc.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

static void
apply_startup_settings(Port *port)
{
	for (int i = 0; i < port->n_gucs; i++)
		guc_set(port->guc_names[i], port->guc_values[i], PGC_BACKEND, PGC_S_CLIENT,
				false, FATAL);
}

void
session_init(Port *port, const char *client_desc)
{
	/* Until roles exist in the catalog, every user is a superuser. */
	bool		is_superuser = true;

	(void) client_desc;
	proc_attach_backend(is_superuser);
	guc_set("is_superuser", is_superuser ? "on" : "off", PGC_INTERNAL,
			PGC_S_DYNAMIC_DEFAULT, false, FATAL);
	guc_set("session_authorization", port->user_name, PGC_SUSET, PGC_S_OVERRIDE, false, FATAL);
	apply_startup_settings(port);
	proc_set_connection_info(port->user_name, port->database_name,
							 guc_application_name, port->client.is_unix ? "" : port->client.host,
							 port->client.is_unix ? -1 : port->client.port);
}
