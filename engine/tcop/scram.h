/*-------------------------------------------------------------------------
 * scram.h
 *	  SCRAM-SHA-256 (RFC 5802, RFC 7677): stored secrets ("verifiers") and
 *	  the server side of the authentication exchange.
 *
 * Role: everything that knows the SCRAM message grammar and key schedule.
 * The transport (AuthenticationSASL / SASLContinue / SASLFinal messages,
 * reading the client's 'p' messages) is tcop/auth.c's job; this module
 * turns one client message into one server message.
 *
 * Verifier format (PostgreSQL's, stored in the role catalog):
 *	SCRAM-SHA-256$<iterations>:<salt base64>$<StoredKey base64>:<ServerKey base64>
 * with StoredKey = H(HMAC(SaltedPassword, "Client Key")) and
 * ServerKey = HMAC(SaltedPassword, "Server Key"), SaltedPassword =
 * Hi(password, salt, iterations) (PBKDF2-HMAC-SHA-256).
 *
 * Invariants:
 *	- All cryptography (digests, HMAC, PBKDF2, random bytes, base64) is
 *	  OpenSSL libcrypto's; this file only assembles it.
 *	- A role that does not exist or has no usable secret still gets a full
 *	  exchange with a mock salt that is stable per role name (derived from
 *	  a secret nonce), then fails: a client cannot tell which roles exist.
 *	- Malformed client messages raise ERROR 08P01 with PostgreSQL's texts
 *	  ("malformed SCRAM message" + detail, "invalid SCRAM response", ...);
 *	  a wrong proof is not an error here but SCRAM_FAILURE, so the caller
 *	  reports 28P01.
 *	- Passwords are used as raw bytes (no SASLprep normalization); that is
 *	  identical to PostgreSQL for ASCII passwords.
 *
 * Entry points: scram_build_verifier, scram_parse_verifier,
 * scram_verify_plain_password, scram_begin, scram_exchange.
 *
 * See also: tcop/crypt.h (verifier types), tcop/auth.c (the protocol).
 *-------------------------------------------------------------------------
 */
#ifndef SCRAM_H
#define SCRAM_H

#include "common/minipg.h"

#define SCRAM_SHA_256_NAME			"SCRAM-SHA-256"
#define SCRAM_KEY_LEN				32	/* SHA-256 digest length */
#define SCRAM_DEFAULT_ITERATIONS	4096
#define SCRAM_DEFAULT_SALT_LEN		16
#define SCRAM_SERVER_NONCE_RAW_LEN	18	/* random bytes, base64 in messages */
#define SCRAM_MOCK_NONCE_LEN		32
/* Longest salt accepted from a stored verifier (decoded bytes). */
#define SCRAM_MAX_SALT_LEN			1024

/* A parsed verifier. */
typedef struct ScramSecret
{
	int			iterations;
	int			salt_len;
	uint8_t		salt[SCRAM_MAX_SALT_LEN];
	uint8_t		stored_key[SCRAM_KEY_LEN];
	uint8_t		server_key[SCRAM_KEY_LEN];
} ScramSecret;

/*
 * Build a verifier from a password, salt and iteration count (palloc'd).
 * crypt_make_verifier() calls this with a random salt; tests pass fixed ones.
 */
char	   *scram_build_verifier(const char *password, const uint8_t *salt,
								 int salt_len, int iterations);
/* Parse a verifier; false (out undefined) unless it is well formed. */
bool		scram_parse_verifier(const char *verifier, ScramSecret *out);
/* Does password produce this verifier's keys?  False if malformed. */
bool		scram_verify_plain_password(const char *password, const char *verifier);

/*
 * Install the secret nonce from which mock salts are derived (PostgreSQL
 * keeps one in pg_control).  Until installed, a built-in constant is used.
 */
void		scram_set_mock_nonce(const uint8_t *nonce, size_t len);

/* The server side of one exchange. */
typedef struct ScramState ScramState;

typedef enum ScramStatus
{
	SCRAM_CONTINUE,				/* send output in AuthenticationSASLContinue */
	SCRAM_SUCCESS,				/* send output in AuthenticationSASLFinal */
	SCRAM_FAILURE,				/* authentication failed (28P01) */
} ScramStatus;

/*
 * Start an exchange for role.  verifier: the role's stored secret, or NULL
 * when the role does not exist or has no password; a NULL or non-SCRAM
 * verifier makes the exchange "doomed" (mock salt, always fails).
 * server_nonce: NULL to draw a fresh random one; tests pass a fixed
 * printable string.  Allocates in CurrentMemoryContext.
 */
ScramState *scram_begin(const char *role, const char *verifier, const char *server_nonce);

/*
 * Process one client message and produce the server's answer.
 * input: the message bytes (inputlen of them), or NULL for a
 * SASLInitialResponse without initial data (answered with an empty
 * challenge).  *output and *outputlen: the answer (NUL-terminated, palloc'd),
 * or NULL when there is nothing to send.  On SCRAM_FAILURE, *logdetail is
 * set to a server-log explanation when one exists (else left alone).
 * Errors: ERROR 08P01/0A000 on malformed or unsupported client messages.
 */
ScramStatus scram_exchange(ScramState *state, const char *input, int inputlen,
						   char **output, int *outputlen, const char **logdetail);

#endif							/* SCRAM_H */
