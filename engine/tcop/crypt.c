/*-------------------------------------------------------------------------
 * crypt.c
 *	  Password verifiers: creation, classification and plain/md5 checks
 *	  (see crypt.h for the formats and contract).
 *-------------------------------------------------------------------------
 */
#include "tcop/crypt.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "tcop/scram.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

void
crypt_md5_hex(const void *data, size_t len, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t		digest[16];
	unsigned int digest_len = 0;

	if (EVP_Digest(data, len, digest, &digest_len, EVP_md5(), NULL) != 1 || digest_len != 16)
		elog(ERROR, "could not compute MD5 digest");
	for (int i = 0; i < 16; i++)
	{
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 0x0F];
	}
	out[32] = '\0';
}

/* "md5" + md5hex(secret || salt), the md5 method's verifier and response. */
static char *
md5_salted_verifier(const char *secret, const void *salt, size_t salt_len)
{
	size_t		secret_len = strlen(secret);
	char	   *input = palloc(secret_len + salt_len);
	char	   *result = palloc(CRYPT_MD5_VERIFIER_LEN + 1);

	memcpy(input, secret, secret_len);
	memcpy(input + secret_len, salt, salt_len);
	memcpy(result, "md5", 3);
	crypt_md5_hex(input, secret_len + salt_len, result + 3);
	pfree(input);
	return result;
}

static bool
is_md5_verifier(const char *s)
{
	return strncmp(s, "md5", 3) == 0 && strlen(s) == CRYPT_MD5_VERIFIER_LEN &&
		strspn(s + 3, "0123456789abcdef") == CRYPT_MD5_VERIFIER_LEN - 3;
}

int
crypt_verifier_type(const char *verifier)
{
	ScramSecret *secret;
	bool		is_scram;

	if (is_md5_verifier(verifier))
		return PASSWORD_TYPE_MD5;
	secret = palloc(sizeof(ScramSecret));
	is_scram = scram_parse_verifier(verifier, secret);
	pfree(secret);
	return is_scram ? PASSWORD_TYPE_SCRAM_SHA_256 : CRYPT_PASSWORD_TYPE_PLAINTEXT;
}

bool
crypt_is_verifier(const char *password)
{
	return crypt_verifier_type(password) != CRYPT_PASSWORD_TYPE_PLAINTEXT;
}

char *
crypt_make_verifier(const char *role, const char *password, int password_type)
{
	if (crypt_is_verifier(password))
		return pstrdup(password);
	switch (password_type)
	{
		case PASSWORD_TYPE_MD5:
			return md5_salted_verifier(password, role, strlen(role));
		case PASSWORD_TYPE_SCRAM_SHA_256:
			{
				uint8_t		salt[SCRAM_DEFAULT_SALT_LEN];

				if (RAND_bytes(salt, sizeof(salt)) != 1)
					ereport(ERROR, errcode(ERRCODE_INTERNAL_ERROR),
							errmsg("could not generate random salt"));
				return scram_build_verifier(password, salt, sizeof(salt),
											SCRAM_DEFAULT_ITERATIONS);
			}
	}
	elog(ERROR, "unrecognized password type %d", password_type);
	return NULL;
}

static bool
strings_equal_ct(const char *a, const char *b)
{
	size_t		len = strlen(a);

	return len == strlen(b) && CRYPTO_memcmp(a, b, len) == 0;
}

bool
crypt_verify_plain_password(const char *role, const char *verifier,
							const char *password, const char **logdetail)
{
	switch (crypt_verifier_type(verifier))
	{
		case PASSWORD_TYPE_SCRAM_SHA_256:
			if (scram_verify_plain_password(password, verifier))
				return true;
			break;
		case PASSWORD_TYPE_MD5:
			if (strings_equal_ct(md5_salted_verifier(password, role, strlen(role)), verifier))
				return true;
			break;
		default:
			/* Plaintext is never stored, so it never authenticates. */
			*logdetail = psprintf("Password of user \"%s\" is in unrecognized format.", role);
			return false;
	}
	*logdetail = psprintf("Password does not match for user \"%s\".", role);
	return false;
}

bool
crypt_check_plain_password(const char *role, const char *verifier, const char *password)
{
	const char *logdetail = NULL;

	return crypt_verify_plain_password(role, verifier, password, &logdetail);
}

bool
crypt_verify_md5_response(const char *role, const char *verifier, const char *response,
						  const uint8_t salt[CRYPT_MD5_SALT_LEN], const char **logdetail)
{
	if (!is_md5_verifier(verifier))
	{
		*logdetail = psprintf("User \"%s\" has a password that cannot be used with MD5 authentication.",
							  role);
		return false;
	}
	/* The client hashed md5hex(password || role), i.e. our verifier minus "md5". */
	if (strings_equal_ct(md5_salted_verifier(verifier + 3, salt, CRYPT_MD5_SALT_LEN), response))
		return true;
	*logdetail = psprintf("Password does not match for user \"%s\".", role);
	return false;
}
