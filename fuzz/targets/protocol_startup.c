/*-------------------------------------------------------------------------
 * protocol_startup.c
 *	  Fuzz target: a connection from its first byte: SSL/GSS requests,
 *	  CancelRequest, the startup packet (protocol version, parameters,
 *	  options), pg_hba.conf matching and the authentication exchanges
 *	  (trust, password, md5, SCRAM-SHA-256 with its SASLInitialResponse and
 *	  SASLResponse), then whatever messages follow a successful login.
 *
 * Runs the real backend code in the single-session mode
 * (tcop/fuzz_session.c): one input is one whole client byte stream.  The
 * roles a startup packet can name are fuzz_session.h's (postgres: trust;
 * fuzz_scram, fuzz_md5, fuzz_password: password "fuzz").
 * Correct behaviour: the session ends (FATAL with PostgreSQL's message,
 * or EOF/Terminate) with nothing left behind (fuzz_session's invariants,
 * checked after every input); never a crash.  With MINIPG_FUZZ_DUMP=1 in
 * the environment the replies go to stdout.
 *-------------------------------------------------------------------------
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tcop/fuzz_session.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzSessionResult r = fuzz_session_run(data, size);

	/* MINIPG_FUZZ_DUMP=1: the replies on stdout, to see what an input does. */
	if (getenv("MINIPG_FUZZ_DUMP") != NULL)
		fwrite(r.output, 1, r.output_len, stdout);
	return 0;
}
