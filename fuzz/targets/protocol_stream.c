/*-------------------------------------------------------------------------
 * protocol_stream.c
 *	  Fuzz target: everything a logged-in client sends: simple Query,
 *	  Parse/Bind/Describe/Execute/Close/Sync/Flush, FunctionCall, COPY
 *	  FROM STDIN data (CopyData/CopyDone/CopyFail), Terminate, and garbage.
 *
 * Each input is prefixed with a startup packet for user postgres (trust),
 * then runs in the single-session mode (tcop/fuzz_session.c) against a
 * database with the table fuzz_t (a int primary key, b text, c float8).
 * Correct behaviour: every reply is a well-formed backend message (checked
 * here: known type byte, sane length), errors are ErrorResponses with a
 * SQLSTATE and the session continues or ends cleanly; nothing of the
 * session is left behind (fuzz_session's invariants); never a crash.
 * With MINIPG_FUZZ_DUMP=1 in the environment the replies go to stdout.
 *-------------------------------------------------------------------------
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcop/fuzz_session.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *stream;
static size_t stream_cap;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		packet[128];
	size_t		plen = fuzz_session_startup_packet(packet, sizeof(packet));

	if (stream_cap < plen + size)
	{
		free(stream);
		stream_cap = plen + size;
		stream = malloc(stream_cap);
		if (stream == NULL)
			abort();
	}
	memcpy(stream, packet, plen);
	if (size > 0)
		memcpy(stream + plen, data, size);

	FuzzSessionResult r = fuzz_session_run(stream, plen + size);

	/* MINIPG_FUZZ_DUMP=1: the replies on stdout, to see what an input does. */
	if (getenv("MINIPG_FUZZ_DUMP") != NULL)
		fwrite(r.output, 1, r.output_len, stdout);

	const char *bad = fuzz_session_check_output(&r);

	if (bad != NULL)
	{
		fprintf(stderr, "protocol_stream: malformed reply stream: %s\n", bad);
		abort();
	}
	/* Login succeeded: the first reply is AuthenticationOk. */
	if (r.output_len < 9 || r.output[0] != 'R')
	{
		fprintf(stderr, "protocol_stream: login with trust did not answer AuthenticationOk\n");
		abort();
	}
	return 0;
}
