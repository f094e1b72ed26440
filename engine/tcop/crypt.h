/*-------------------------------------------------------------------------
 * crypt.h
 *	  Password verifiers: what the role catalog stores instead of a
 *	  password, how to make one, and how to check a password against one.
 *
 * Role: the catalog calls crypt_make_verifier() for CREATE/ALTER ROLE ...
 * PASSWORD; authentication (tcop/auth.c) calls the check functions.
 *
 * Formats (PostgreSQL's, so dumps and verifiers carry over):
 *	md5		"md5" + md5hex(password || role name): 35 characters, lower-case hex
 *	SCRAM	"SCRAM-SHA-256$<iterations>:<salt b64>$<StoredKey b64>:<ServerKey b64>"
 *			(tcop/scram.h), made with 4096 iterations and a 16-byte random salt
 * Anything else is a plaintext password (never stored by PostgreSQL 10+;
 * a plaintext "verifier" never authenticates).
 *
 * Invariants: all hashing and randomness are OpenSSL libcrypto's; checks
 * compare in constant time where a secret is involved.
 *
 * See also: tcop/scram.h, tcop/auth.h, utils/guc.h (password_encryption).
 *-------------------------------------------------------------------------
 */
#ifndef CRYPT_H
#define CRYPT_H

#include "common/minipg.h"

/* Beside PASSWORD_TYPE_MD5 / PASSWORD_TYPE_SCRAM_SHA_256 of utils/guc.h. */
#define CRYPT_PASSWORD_TYPE_PLAINTEXT (-1)

#define CRYPT_MD5_VERIFIER_LEN	35	/* "md5" + 32 hex digits */
#define CRYPT_MD5_SALT_LEN		4

/*
 * The type of a stored verifier: PASSWORD_TYPE_MD5,
 * PASSWORD_TYPE_SCRAM_SHA_256 (well-formed only) or
 * CRYPT_PASSWORD_TYPE_PLAINTEXT.
 */
int			crypt_verifier_type(const char *verifier);

/*
 * PostgreSQL's rule for CREATE/ALTER ROLE ... PASSWORD: a password that
 * already looks like an md5 or SCRAM verifier is stored as is.
 */
bool		crypt_is_verifier(const char *password);

/*
 * The verifier to store for password (palloc'd).  password_type is
 * PASSWORD_TYPE_MD5 or PASSWORD_TYPE_SCRAM_SHA_256; a password that is
 * already a verifier is returned unchanged (copied), whatever the type.
 * Errors: ERROR on an unknown password_type or a libcrypto failure.
 */
char	   *crypt_make_verifier(const char *role, const char *password, int password_type);

/* Does the plaintext password match the verifier?  (For the "password" method.) */
bool		crypt_check_plain_password(const char *role, const char *verifier,
									   const char *password);

/*
 * The same, and on failure sets *logdetail to the server-log explanation
 * PostgreSQL gives ('Password does not match for user "x".').
 */
bool		crypt_verify_plain_password(const char *role, const char *verifier,
										const char *password, const char **logdetail);

/*
 * The md5 method: response is what the client sent,
 * "md5" + md5hex(md5hex(password || role) || salt); verifier must be an md5
 * verifier.  On failure sets *logdetail.
 */
bool		crypt_verify_md5_response(const char *role, const char *verifier,
									  const char *response,
									  const uint8_t salt[CRYPT_MD5_SALT_LEN],
									  const char **logdetail);

/* md5 of len bytes as 32 lower-case hex digits plus NUL. */
void		crypt_md5_hex(const void *data, size_t len, char out[33]);

#endif							/* CRYPT_H */
