/*-------------------------------------------------------------------------
 * fuzz_session.h
 *	  The backend's single-session mode, for the fuzzers: the real protocol
 *	  and query code (backend_run: startup packet, authentication, message
 *	  loop) reads a client byte stream from a buffer and writes its replies
 *	  into a sink.  No postmaster, no fork, no socket.
 *
 * Role: fuzz/targets/protocol_startup.c and protocol_stream.c call
 * fuzz_session_run() once per input.  The first call sets up, once per
 * process, a standalone engine (postmaster/standalone.c) in a temporary
 * data directory with a bootstrapped catalog, a pg_hba.conf and roles for
 * each authentication method (see FUZZ_SESSION_* below).
 *
 * Invariants (checked after every session; a violation is reported on
 * stderr and abort()s, so the fuzzer records it as a crash):
 *	- a session ends only through proc_exit (FATAL, Terminate, EOF), never
 *	  by returning or escaping with an ERROR;
 *	- after it: no proc slot, no open transaction, no buffer pin, no
 *	  lightweight lock is left, and every setting the session changed
 *	  (startup-packet options, SET) is back to its value before the session;
 *	- the working directory is the data directory only during a session:
 *	  before and after one it is the directory the process started in, so
 *	  the fuzzer's relative paths (corpus files, crash artifacts) resolve
 *	  where the user meant them.
 * What persists from one input to the next is what persists between two
 * connections to a server: committed database changes, and the
 * process-local caches and SQL-level PREPAREd statements, which minipg
 * keeps in TopMemoryContext (not reset here).
 *
 * Never used by the server: nothing in the postmaster or a forked backend
 * calls into this file.
 *
 * See also: tcop/backend.c (backend_run), utils/elog.c
 * (elog_set_exit_function), fuzz/README.md, docs/fuzzing.md.
 *-------------------------------------------------------------------------
 */
#ifndef FUZZ_SESSION_H
#define FUZZ_SESSION_H

#include "common/minipg.h"

/* Roles made at setup, one per pg_hba.conf method (all in database postgres). */
#define FUZZ_SESSION_SUPERUSER		"postgres"	/* trust */
#define FUZZ_SESSION_SCRAM_ROLE		"fuzz_scram"	/* scram-sha-256 */
#define FUZZ_SESSION_MD5_ROLE		"fuzz_md5"	/* md5 */
#define FUZZ_SESSION_PASSWORD_ROLE	"fuzz_password"	/* password (cleartext) */
#define FUZZ_SESSION_PASSWORD		"fuzz"	/* every role's password */
/*
 * The fixed values that make authentication replayable (auth.h), so that
 * seeds can carry a complete, successful md5 or SCRAM exchange
 * (fuzz/tools/make-corpus.py computes them from these): the md5 salt, the
 * SCRAM server nonce, and the salt and iteration count of fuzz_scram's
 * verifier.
 */
#define FUZZ_SESSION_MD5_SALT		"salt"
#define FUZZ_SESSION_SCRAM_NONCE	"fuzzServerNonce000000000"
#define FUZZ_SESSION_SCRAM_SALT		"fuzz-scram-salt!"	/* 16 bytes */
#define FUZZ_SESSION_SCRAM_ITERATIONS 4096

/* Output kept per session; beyond it bytes are counted, not stored. */
#define FUZZ_SESSION_MAX_OUTPUT		(4 * 1024 * 1024)

typedef struct FuzzSessionResult
{
	int			exit_code;		/* what proc_exit was called with */
	const char *output;			/* the backend's replies (valid until the next run) */
	size_t		output_len;		/* bytes stored in output */
	size_t		output_total;	/* bytes sent, stored or not */
} FuzzSessionResult;

/*
 * Set up the process once (later calls do nothing).  Honours
 * MINIPG_FUZZ_LOG=1 in the environment: server-log lines on stderr
 * (default: none, they would drown the fuzzer's output).
 */
void		fuzz_session_setup(void);

/*
 * Run one session over input (len bytes, beginning with the startup
 * packet) to its end, then reset the per-session state.  Returns how it
 * ended; calls fuzz_session_setup() first if needed.
 */
FuzzSessionResult fuzz_session_run(const void *input, size_t len);

/*
 * A v3 startup packet for user and database "postgres" (trust), written
 * into buf (at least 64 bytes); returns its length.  The stream target
 * prepends it to each input.
 */
size_t		fuzz_session_startup_packet(char *buf, size_t buflen);

/*
 * Check that out is a sequence of well-formed backend messages (a known
 * type byte, a length of at least 4 that fits).  Returns NULL, or what
 * is wrong.  A truncated last message is allowed only when the output was
 * cut at FUZZ_SESSION_MAX_OUTPUT.
 */
const char *fuzz_session_check_output(const FuzzSessionResult *r);

#endif							/* FUZZ_SESSION_H */
