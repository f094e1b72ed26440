/*-------------------------------------------------------------------------
 * auth.h
 *	  Client authentication, as configured by pg_hba.conf.
 *
 * Role: after the startup packet, find the first pg_hba.conf line matching
 * the connection (type local/host, database, user, address) and run its
 * method: trust, reject, password (cleartext), md5, or scram-sha-256.
 * Password verifiers come from the role catalog.
 *
 * Failure is always FATAL 28000/28P01 with PostgreSQL's messages, e.g.
 * 'password authentication failed for user "alice"' or 'no pg_hba.conf
 * entry for host "127.0.0.1", user "alice", database "shop"'.
 *-------------------------------------------------------------------------
 */
#ifndef AUTH_H
#define AUTH_H

#include "tcop/port.h"

/* Authenticate the client or FATAL.  Sends AuthenticationOk on success. */
void		auth_client(Port *port);

#endif							/* AUTH_H */
