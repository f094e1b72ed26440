/*-------------------------------------------------------------------------
 * backend.h
 *	  A client backend: one process per connection, from the startup packet
 *	  to Terminate.
 *
 * Role: read the startup packet, authenticate, attach to shared memory,
 * then loop reading protocol messages and running them, until the client
 * says Terminate, disconnects, or the process is told to die.
 *
 * See also: tcop/startup.c (startup packet), tcop/postgres.c (main loop),
 * tcop/README.md (message flow and error recovery rules).
 *-------------------------------------------------------------------------
 */
#ifndef BACKEND_H
#define BACKEND_H

#include "common/minipg.h"
#include "postmaster/pm_listen.h"

/* Whether the postmaster can accept this connection (decided before fork). */
typedef enum ConnAdmission
{
	CAC_OK,
	CAC_STARTUP,				/* "the database system is starting up" */
	CAC_SHUTDOWN,				/* "the database system is shutting down" */
	CAC_RECOVERY,				/* "the database system is in recovery mode" */
	CAC_NOTCONSISTENT,			/* "... is not yet accepting connections" (replaying) */
	CAC_TOOMANY,				/* "sorry, too many clients already" */
} ConnAdmission;

typedef struct BackendStartInfo
{
	ClientEndpoint client;
	ConnAdmission admission;
	int32_t		cancel_key;		/* chosen by the postmaster, sent as BackendKeyData */
} BackendStartInfo;

/* Entry point in the forked child; never returns. */
pg_noreturn void backend_main(void *start_info);

/*
 * The session itself, over the transport already installed with pq_init()
 * (backend_main installs the socket; the fuzzers' single-session mode,
 * tcop/fuzz_session.c, an in-memory stream).  Ends in proc_exit().
 */
pg_noreturn void backend_run(const BackendStartInfo *info);

#endif							/* BACKEND_H */
