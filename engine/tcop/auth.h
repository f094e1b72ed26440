/*-------------------------------------------------------------------------
 * auth.h
 *	  Client authentication, as configured by pg_hba.conf.
 *
 * Role: after the startup packet, read pg_hba.conf (guc_hba_file, parsed
 * anew for each connection), find the first rule matching the connection
 * (type local/host, database, user, address) and run its method: trust,
 * reject, password (cleartext), md5, or scram-sha-256.  Password verifiers
 * come from the role catalog through an installed lookup function.
 *
 * Failure is always FATAL, with PostgreSQL's messages and SQLSTATEs:
 *	28000 'no pg_hba.conf entry for host "127.0.0.1", user "alice",
 *		  database "shop", no encryption' / 'pg_hba.conf rejects connection
 *		  for host ...'
 *	28P01 'password authentication failed for user "alice"' (the reason and
 *		  the matched rule go to the server log only)
 *	08P01 protocol violations during an exchange; F0000 a bad pg_hba.conf.
 * A client that disconnects during an exchange (psql does, to prompt for a
 * password) ends the backend with exit status 0 and nothing logged.
 *
 * See also: tcop/hba.h, tcop/scram.h, tcop/crypt.h, tcop/README-auth.md.
 *-------------------------------------------------------------------------
 */
#ifndef AUTH_H
#define AUTH_H

#include "tcop/port.h"

/*
 * Find role_name's password verifier.  Returns false when the role does
 * not exist; otherwise true with *verifier_out set to a palloc'd verifier,
 * or NULL when the role has no password.
 */
typedef bool (*auth_role_lookup_fn) (const char *role_name, char **verifier_out);

/*
 * Install the role catalog's lookup (at backend start, before
 * auth_client).  With none installed every role exists without a
 * password: trust works, password methods fail cleanly.
 */
void		auth_set_role_lookup(auth_role_lookup_fn fn);

/*
 * Is role a member of group (directly or indirectly)?  Used by pg_hba.conf
 * "+group" users and the "samerole" database keyword.  With none
 * installed a role is a member of itself only.
 */
typedef bool (*auth_role_member_fn) (const char *role_name, const char *group_name);
void		auth_set_role_membership(auth_role_member_fn fn);

/*
 * Authenticate the client or FATAL.  Sends AuthenticationOk on success
 * (not flushed: the caller's next messages follow it).
 * Precondition: port filled by startup_read_packet(); pqcomm set up;
 * elog's client sender installed.
 */
void		auth_client(Port *port);

/*
 * Replayable exchanges, for the single-session fuzz mode only: when set,
 * the md5 salt (CRYPT_MD5_SALT_LEN bytes) and the SCRAM server nonce
 * (printable, no ',') are these fixed values instead of fresh random ones,
 * so a recorded client stream authenticates each time it is replayed and
 * a fuzzer can reach the code after the nonce check.  NULL (random) in a
 * server: nothing but tcop/fuzz_session.c sets them.
 */
extern const uint8_t *auth_fixed_md5_salt;
extern const char *auth_fixed_scram_nonce;

#endif							/* AUTH_H */
