/*-------------------------------------------------------------------------
 * session.h
 *	  Turning an authenticated connection into a session: a Proc slot in
 *	  shared memory, the startup packet's settings, session identity.
 *-------------------------------------------------------------------------
 */
#ifndef SESSION_H
#define SESSION_H

#include "tcop/port.h"

/*
 * Attach to shared memory (FATAL 53300 when full), authenticate, check
 * the database (FATAL 3D000) and role (FATAL 28000), enforce the
 * superuser reservation, apply the startup packet's settings (FATAL on an
 * unknown one), and publish the connection in pg_stat_activity.
 */
void		session_init(Port *port, const char *client_desc);

#endif							/* SESSION_H */
