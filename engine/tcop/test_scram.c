/*-------------------------------------------------------------------------
 * test_scram.c
 *	  Unit tests for tcop/scram.c and tcop/crypt.c: password verifiers and
 *	  the server side of the SCRAM-SHA-256 exchange.
 *
 * What: verifiers made here have PostgreSQL's format, random salts, and
 * accept exactly their password; verifiers made by the reference
 * PostgreSQL 15 (fixtures below, from CREATE ROLE ... PASSWORD 'secret'
 * with password_encryption scram-sha-256 and md5) validate 'secret' and
 * nothing else, and rebuilding the SCRAM one from its salt gives the same
 * string; the "already a verifier" predicate; the RFC 7677 example
 * exchange byte for byte (nonce and salt injected); a 'y' channel-binding
 * flag exchange with an extension attribute, whose proof and signature were
 * computed independently (Python hashlib/hmac); wrong proofs and mock
 * (doomed) exchanges fail; every malformed message raises the error text
 * and detail that the reference server sends for it.
 * How: direct calls; errors caught with ELOG_TRY and their SQLSTATE,
 * message and detail compared with the reference server's.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "tcop/crypt.h"
#include "tcop/scram.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

/* Made by PostgreSQL 15.18 for password 'secret' (roles t_scram, t_md5). */
static const char *const pg_scram_verifier =
"SCRAM-SHA-256$4096:PBblIvfXy5W022bNU2kUDQ==$4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI="
":5z5sOwaNIJvoYH9z40HXO7NGIodFmYMFcSqoiSdteqI=";
static const uint8_t pg_scram_salt[16] = {
	0x3c, 0x16, 0xe5, 0x22, 0xf7, 0xd7, 0xcb, 0x95,
	0xb4, 0xdb, 0x66, 0xcd, 0x53, 0x69, 0x14, 0x0d,
};
static const char *const pg_md5_verifier = "md5b37dafa3ff5991b2f773ac4e2a28d0ab";

/* RFC 7677 section 3: user "user", password "pencil". */
static const uint8_t rfc_salt[16] = {
	0x5b, 0x6d, 0x99, 0x68, 0x9d, 0x12, 0x35, 0x8e,
	0xec, 0xa0, 0x4b, 0x14, 0x12, 0x36, 0xfa, 0x81,
};
#define RFC_SERVER_NONCE "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"

static int
setup(void **state)
{
	(void) state;
	memctx_init();
	guc_init();
	return 0;
}

static bool
all_in(const char *s, size_t len, const char *charset)
{
	return strlen(s) >= len && strspn(s, charset) >= len;
}

static void
test_make_scram_verifier(void **state)
{
	(void) state;
	static const char b64chars[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
	char	   *v1 = crypt_make_verifier("alice", "secret", PASSWORD_TYPE_SCRAM_SHA_256);
	char	   *v2 = crypt_make_verifier("alice", "secret", PASSWORD_TYPE_SCRAM_SHA_256);

	/* SCRAM-SHA-256$4096:<24 chars: 16 bytes>$<44 chars>:<44 chars> */
	assert_int_equal(strlen(v1), strlen("SCRAM-SHA-256$4096:") + 24 + 1 + 44 + 1 + 44);
	assert_memory_equal(v1, "SCRAM-SHA-256$4096:", 19);
	assert_true(all_in(v1 + 19, 24, b64chars));
	assert_int_equal(v1[19 + 24], '$');
	assert_true(all_in(v1 + 44, 44, b64chars));
	assert_int_equal(v1[44 + 44], ':');
	assert_true(all_in(v1 + 89, 44, b64chars));
	/* Random salt: two verifiers of one password differ. */
	assert_string_not_equal(v1, v2);
	assert_int_equal(crypt_verifier_type(v1), PASSWORD_TYPE_SCRAM_SHA_256);

	ScramSecret secret;

	assert_true(scram_parse_verifier(v1, &secret));
	assert_int_equal(secret.iterations, 4096);
	assert_int_equal(secret.salt_len, 16);

	assert_true(crypt_check_plain_password("alice", v1, "secret"));
	assert_true(crypt_check_plain_password("alice", v2, "secret"));
	assert_false(crypt_check_plain_password("alice", v1, "Secret"));
	assert_false(crypt_check_plain_password("alice", v1, ""));
}

static void
test_make_md5_verifier(void **state)
{
	(void) state;
	/* PostgreSQL made this very string for role t_md5, password 'secret'. */
	assert_string_equal(crypt_make_verifier("t_md5", "secret", PASSWORD_TYPE_MD5),
						pg_md5_verifier);
	assert_int_equal(crypt_verifier_type(pg_md5_verifier), PASSWORD_TYPE_MD5);
	/* The role name is the salt. */
	assert_string_not_equal(crypt_make_verifier("other", "secret", PASSWORD_TYPE_MD5),
							pg_md5_verifier);
}

static void
test_reference_verifiers(void **state)
{
	(void) state;
	const char *detail = NULL;

	assert_true(crypt_check_plain_password("t_scram", pg_scram_verifier, "secret"));
	assert_false(crypt_check_plain_password("t_scram", pg_scram_verifier, "secret "));
	assert_false(crypt_check_plain_password("t_scram", pg_scram_verifier, "wrong"));
	assert_true(crypt_check_plain_password("t_md5", pg_md5_verifier, "secret"));
	assert_false(crypt_check_plain_password("t_md5", pg_md5_verifier, "wrong"));
	/* md5 verifiers are salted with the role name. */
	assert_false(crypt_check_plain_password("t_other", pg_md5_verifier, "secret"));

	assert_false(crypt_verify_plain_password("t_md5", pg_md5_verifier, "wrong", &detail));
	assert_string_equal(detail, "Password does not match for user \"t_md5\".");
	assert_false(crypt_verify_plain_password("bob", "plaintext", "plaintext", &detail));
	assert_string_equal(detail, "Password of user \"bob\" is in unrecognized format.");

	/* Rebuilding from PostgreSQL's salt gives PostgreSQL's exact verifier. */
	assert_string_equal(scram_build_verifier("secret", pg_scram_salt, 16, 4096),
						pg_scram_verifier);
}

static void
test_md5_response(void **state)
{
	(void) state;
	const uint8_t salt[4] = {0x3b, 0xe8, 0xc3, 0x62};
	const char *detail = NULL;
	char		inner[33];
	char		buf[64];
	char		outer[33];

	/* The client's answer: "md5" + md5hex(md5hex(password || user) || salt). */
	crypt_md5_hex("secrett_md5", 11, inner);
	assert_string_equal(inner, pg_md5_verifier + 3);
	memcpy(buf, inner, 32);
	memcpy(buf + 32, salt, 4);
	crypt_md5_hex(buf, 36, outer);

	char	   *response = psprintf("md5%s", outer);

	assert_true(crypt_verify_md5_response("t_md5", pg_md5_verifier, response, salt, &detail));
	response[5] = response[5] == '0' ? '1' : '0';
	assert_false(crypt_verify_md5_response("t_md5", pg_md5_verifier, response, salt, &detail));
	assert_string_equal(detail, "Password does not match for user \"t_md5\".");
	assert_false(crypt_verify_md5_response("t_scram", pg_scram_verifier, response, salt, &detail));
	assert_string_equal(detail, "User \"t_scram\" has a password that cannot be used with MD5 authentication.");
}

static void
test_is_verifier(void **state)
{
	(void) state;
	assert_true(crypt_is_verifier(pg_md5_verifier));
	assert_true(crypt_is_verifier(pg_scram_verifier));
	assert_false(crypt_is_verifier("secret"));
	assert_false(crypt_is_verifier(""));
	/* md5: lower-case hex only, exactly 32 digits. */
	assert_false(crypt_is_verifier("md5B37DAFA3FF5991B2F773AC4E2A28D0AB"));
	assert_false(crypt_is_verifier("md5b37dafa3ff5991b2f773ac4e2a28d0a"));
	assert_false(crypt_is_verifier("md5b37dafa3ff5991b2f773ac4e2a28d0abc"));
	assert_false(crypt_is_verifier("md5b37dafa3ff5991b2f773ac4e2a28d0ag"));
	/* SCRAM: every part must be present and decode. */
	static const char *const bad_scram[] = {
		"SCRAM-SHA-256$4096:PBblIvfXy5W022bNU2kUDQ==$4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=",
		"SCRAM-SHA-256$x:PBblIvfXy5W022bNU2kUDQ==$4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=:5z5sOwaNIJvoYH9z40HXO7NGIodFmYMFcSqoiSdteqI=",
		"SCRAM-SHA-256$0:PBblIvfXy5W022bNU2kUDQ==$4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=:5z5sOwaNIJvoYH9z40HXO7NGIodFmYMFcSqoiSdteqI=",
		"SCRAM-SHA-256$:PBblIvfXy5W022bNU2kUDQ==$4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=:5z5sOwaNIJvoYH9z40HXO7NGIodFmYMFcSqoiSdteqI=",
		"SCRAM-SHA-256$4096:PBblIvfXy5W022bNU2kUDQ=$4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=:5z5sOwaNIJvoYH9z40HXO7NGIodFmYMFcSqoiSdteqI=",
		"SCRAM-SHA-256$4096:PBbl!vfXy5W022bNU2kUDQ==$4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=:5z5sOwaNIJvoYH9z40HXO7NGIodFmYMFcSqoiSdteqI=",
		"SCRAM-SHA-256$4096:PBblIvfXy5W022bNU2kUDQ==$4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV$gI=:5z5sOwaNIJvoYH9z40HXO7NGIodFmYMFcSqoiSdteqI=",
		"SCRAM-SHA-256$4096:PBblIvfXy5W022bNU2kUDQ==$4QaeMQq89Lyq8sKkvR7Hb1QR7Ens:5z5sOwaNIJvoYH9z40HXO7NGIodFmYMFcSqoiSdteqI=",
		"SCRAM-SHA-256$4096:$4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=:5z5sOwaNIJvoYH9z40HXO7NGIodFmYMFcSqoiSdteqI=",
		"SCRAM-SHA-1$4096:PBblIvfXy5W022bNU2kUDQ==$4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=:5z5sOwaNIJvoYH9z40HXO7NGIodFmYMFcSqoiSdteqI=",
	};

	for (size_t i = 0; i < lengthof(bad_scram); i++)
	{
		if (crypt_is_verifier(bad_scram[i]))
			fail_msg("accepted as a verifier: %s", bad_scram[i]);
		/* Such a string is a plaintext password and matches nothing. */
		assert_false(crypt_check_plain_password("t_scram", bad_scram[i], "secret"));
	}
	/* Stored as is, whatever password_encryption says. */
	assert_string_equal(crypt_make_verifier("x", pg_md5_verifier, PASSWORD_TYPE_SCRAM_SHA_256),
						pg_md5_verifier);
	assert_string_equal(crypt_make_verifier("x", pg_scram_verifier, PASSWORD_TYPE_MD5),
						pg_scram_verifier);
}

/* One exchange step; asserts the status and returns the output. */
static char *
step(ScramState *st, const char *input, ScramStatus expect, const char **detail)
{
	char	   *output = NULL;
	int			outputlen = -1;
	ScramStatus status = scram_exchange(st, input, input ? (int) strlen(input) : -1,
										&output, &outputlen, detail);

	assert_int_equal(status, expect);
	if (output != NULL)
		assert_int_equal(outputlen, strlen(output));
	return output;
}

static void
test_rfc7677_exchange(void **state)
{
	(void) state;
	char	   *verifier = scram_build_verifier("pencil", rfc_salt, 16, 4096);
	ScramState *st = scram_begin("user", verifier, RFC_SERVER_NONCE);
	const char *detail = NULL;

	assert_string_equal(step(st, "n,,n=user,r=rOprNGfwEbeRWgbNEkqO", SCRAM_CONTINUE, &detail),
						"r=rOprNGfwEbeRWgbNEkqO" RFC_SERVER_NONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
	assert_string_equal(step(st, "c=biws,r=rOprNGfwEbeRWgbNEkqO" RFC_SERVER_NONCE
							 ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
							 SCRAM_SUCCESS, &detail),
						"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
	assert_null(detail);

	/* The same exchange with a wrong password's verifier fails. */
	st = scram_begin("user", scram_build_verifier("pencil!", rfc_salt, 16, 4096), RFC_SERVER_NONCE);
	step(st, "n,,n=user,r=rOprNGfwEbeRWgbNEkqO", SCRAM_CONTINUE, &detail);
	assert_null(step(st, "c=biws,r=rOprNGfwEbeRWgbNEkqO" RFC_SERVER_NONCE
					 ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", SCRAM_FAILURE, &detail));
	assert_null(detail);
}

static void
test_y_flag_and_extension(void **state)
{
	(void) state;
	ScramState *st = scram_begin("t_scram", pg_scram_verifier, "SRVNONCE");
	const char *detail = NULL;

	/* No initial response: an empty challenge first. */
	assert_string_equal(step(st, NULL, SCRAM_CONTINUE, &detail), "");
	assert_string_equal(step(st, "y,,n=,r=abc", SCRAM_CONTINUE, &detail),
						"r=abcSRVNONCE,s=PBblIvfXy5W022bNU2kUDQ==,i=4096");
	/* The extension x=ext is part of the signed message. */
	assert_string_equal(step(st, "c=eSws,r=abcSRVNONCE,x=ext,p=fJf5lm8t+eDZNtYoOVydDpwEJIc012K4ABBeMA4luOc=",
							 SCRAM_SUCCESS, &detail),
						"v=KViXC9UIiGMTQPzjbq13d9+5+tXPPOft3BTXpk4dTqM=");
}

static void
test_random_server_nonce(void **state)
{
	(void) state;
	ScramState *a = scram_begin("t_scram", pg_scram_verifier, NULL);
	ScramState *b = scram_begin("t_scram", pg_scram_verifier, NULL);
	const char *detail = NULL;
	char	   *fa = step(a, "n,,n=,r=abc", SCRAM_CONTINUE, &detail);
	char	   *fb = step(b, "n,,n=,r=abc", SCRAM_CONTINUE, &detail);

	/* r=abc + 24 base64 characters (18 random bytes). */
	assert_memory_equal(fa, "r=abc", 5);
	assert_int_equal(strchr(fa, ',') - fa, 5 + 24);
	assert_string_not_equal(fa, fb);
}

static void
test_doomed_exchanges(void **state)
{
	(void) state;
	const char *detail = NULL;
	const char *proof_for_pg_verifier =
		"c=eSws,r=abcSRVNONCE,x=ext,p=fJf5lm8t+eDZNtYoOVydDpwEJIc012K4ABBeMA4luOc=";

	/* Unknown role: a mock salt, stable per role name, then failure. */
	ScramState *st = scram_begin("nobody", NULL, "SRVNONCE");
	char	   *first = step(st, "y,,n=,r=abc", SCRAM_CONTINUE, &detail);
	ScramState *again = scram_begin("nobody", NULL, "SRVNONCE");
	ScramState *other = scram_begin("somebody", NULL, "SRVNONCE");

	assert_string_equal(step(again, "y,,n=,r=abc", SCRAM_CONTINUE, &detail), first);
	assert_string_not_equal(step(other, "y,,n=,r=abc", SCRAM_CONTINUE, &detail), first);
	assert_memory_equal(first, "r=abcSRVNONCE,s=", 16);
	assert_string_equal(first + strlen(first) - 7, ",i=4096");
	assert_null(step(st, proof_for_pg_verifier, SCRAM_FAILURE, &detail));
	assert_null(detail);		/* the caller knows why there is no verifier */

	/* An md5 verifier cannot do SCRAM. */
	st = scram_begin("t_md5", pg_md5_verifier, "SRVNONCE");
	step(st, "y,,n=,r=abc", SCRAM_CONTINUE, &detail);
	step(st, proof_for_pg_verifier, SCRAM_FAILURE, &detail);
	assert_string_equal(detail, "User \"t_md5\" does not have a valid SCRAM secret.");
}

typedef struct BadCase
{
	const char *first;			/* client-first (the failing one if final is NULL) */
	const char *final;			/* client-final, or NULL */
	const char *sqlstate;
	const char *message;
	const char *detail;			/* NULL: none */
} BadCase;

/* Every text below is what PostgreSQL 15 answered to the same message. */
static const BadCase bad_cases[] = {
	{"p=tls-server-end-point,,n=,r=abc", NULL, "08P01", "malformed SCRAM message",
	"The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data."},
	{"x,,n=,r=abc", NULL, "08P01", "malformed SCRAM message", "Unexpected channel-binding flag \"'x'\"."},
	{"", NULL, "08P01", "malformed SCRAM message", "The message is empty."},
	{"n,a=bob,n=,r=abc", NULL, "0A000", "client uses authorization identity, but it is not supported", NULL},
	{"n", NULL, "08P01", "malformed SCRAM message", "Comma expected, but found character \"0x00\"."},
	{"nx,,n=,r=abc", NULL, "08P01", "malformed SCRAM message", "Comma expected, but found character \"'x'\"."},
	{"n,x,n=,r=abc", NULL, "08P01", "malformed SCRAM message", "Unexpected attribute \"'x'\" in client-first-message."},
	{"n,,m=foo,n=,r=abc", NULL, "0A000", "client requires an unsupported SCRAM extension", NULL},
	{"n,,r=abc", NULL, "08P01", "malformed SCRAM message", "Expected attribute \"n\" but found \"'r'\"."},
	{"n,,N=,r=abc", NULL, "08P01", "malformed SCRAM message", "Expected attribute \"n\" but found \"'N'\"."},
	{"n,,n,r=abc", NULL, "08P01", "malformed SCRAM message", "Expected character \"=\" for attribute \"n\"."},
	{"n,,n=,", NULL, "08P01", "malformed SCRAM message", "Expected attribute \"r\" but found \"0x00\"."},
	{"n,,n=x,y,r=abc", NULL, "08P01", "malformed SCRAM message", "Expected attribute \"r\" but found \"'y'\"."},
	{"n,,n=,r=abc,1", NULL, "08P01", "malformed SCRAM message", "Attribute expected, but found invalid character \"'1'\"."},
	{"n,,n=,r=abc,x", NULL, "08P01", "malformed SCRAM message", "Expected character \"=\" for attribute \"x\"."},
	{"n,,n=,r=a\001bc,1", NULL, "08P01", "non-printable characters in SCRAM nonce", NULL},
	{"n,,n=,r=a bc", NULL, "08P01", "non-printable characters in SCRAM nonce", NULL},
	/* client-final */
	{"n,,n=,r=abc", "c=eSws,r=abcSRV,p=x", "08P01", "unexpected SCRAM channel-binding attribute in client-final-message", NULL},
	{"y,,n=,r=abc", "c=biws,r=abcSRV,p=x", "08P01", "unexpected SCRAM channel-binding attribute in client-final-message", NULL},
	{"n,,n=,r=abc", "c=bi!s,r=abcSRV,p=x", "08P01", "unexpected SCRAM channel-binding attribute in client-final-message", NULL},
	{"n,,n=,r=abc", "", "08P01", "malformed SCRAM message", "The message is empty."},
	{"n,,n=,r=abc", "c=biws", "08P01", "malformed SCRAM message", "Expected attribute \"r\" but found \"0x00\"."},
	{"n,,n=,r=abc", "r=abcSRV,c=biws", "08P01", "malformed SCRAM message", "Expected attribute \"c\" but found \"'r'\"."},
	{"n,,n=,r=abc", "c=biws,p=abc", "08P01", "malformed SCRAM message", "Expected attribute \"r\" but found \"'p'\"."},
	{"n,,n=,r=abc", "c=biws,r=abcSRV", "08P01", "malformed SCRAM message", "Attribute expected, but found end of string."},
	{"n,,n=,r=abc", "c=biws,r=abcSRV,p=4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV", "08P01", "malformed SCRAM message", "Malformed proof in client-final-message."},
	{"n,,n=,r=abc", "c=biws,r=abcSRV,p=!!!!", "08P01", "malformed SCRAM message", "Malformed proof in client-final-message."},
	{"n,,n=,r=abc", "c=biws,r=abcSRV,p=", "08P01", "malformed SCRAM message", "Malformed proof in client-final-message."},
	{"n,,n=,r=abc", "c=biws,r=abcSRV,p=4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=x", "08P01", "malformed SCRAM message", "Malformed proof in client-final-message."},
	{"n,,n=,r=abc", "c=biws,r=abcSRV,p=4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=,x=1", "08P01", "malformed SCRAM message", "Garbage found at the end of client-final-message."},
	{"n,,n=,r=abc", "c=biws,r=abcSRVx,p=4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=", "08P01", "invalid SCRAM response", "Nonce does not match."},
	{"n,,n=,r=abc", "c=biws,r=abc,p=4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=", "08P01", "invalid SCRAM response", "Nonce does not match."},
	{"n,,n=,r=abc", "c=biws,r=xbcSRV,p=4QaeMQq89Lyq8sKkvR7Hb1QR7EnsuniEULCwHaMV4gI=", "08P01", "invalid SCRAM response", "Nonce does not match."},
};

static void
test_malformed_messages(void **state)
{
	(void) state;
	for (volatile size_t i = 0; i < lengthof(bad_cases); i++)
	{
		const BadCase *bc = &bad_cases[i];
		/* A doomed exchange must report protocol errors the same way. */
		const char *verifier = (i % 2) ? pg_scram_verifier : NULL;
		ScramState *st = scram_begin("t_scram", verifier, "SRV");
		volatile bool caught = false;

		ELOG_TRY();
		{
			const char *detail = NULL;

			if (bc->final)
				step(st, bc->first, SCRAM_CONTINUE, &detail);
			step(st, bc->final ? bc->final : bc->first, SCRAM_FAILURE, &detail);
		}
		ELOG_CATCH();
		{
			ErrorData  *e = elog_current_error();

			caught = true;
			assert_int_equal(e->elevel, ERROR);
			assert_string_equal(e->sqlstate, bc->sqlstate);
			assert_string_equal(e->message, bc->message);
			if (bc->detail)
				assert_string_equal(e->detail, bc->detail);
			else
				assert_null(e->detail);
			elog_flush_error();
		}
		ELOG_END_TRY();
		if (!caught)
			fail_msg("case %zu (%s / %s) raised no error", i, bc->first,
					 bc->final ? bc->final : "-");
	}
}

static void
test_embedded_nul(void **state)
{
	(void) state;
	ScramState *st = scram_begin("t_scram", pg_scram_verifier, "SRV");
	volatile bool caught = false;

	ELOG_TRY();
	{
		char	   *output;
		int			outputlen;
		const char *detail = NULL;

		scram_exchange(st, "n,,n=,r=a\0bc", 12, &output, &outputlen, &detail);
	}
	ELOG_CATCH();
	{
		caught = true;
		assert_string_equal(elog_current_error()->detail,
							"Message length does not match input length.");
		elog_flush_error();
	}
	ELOG_END_TRY();
	assert_true(caught);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_scram_verifier),
		cmocka_unit_test(test_make_md5_verifier),
		cmocka_unit_test(test_reference_verifiers),
		cmocka_unit_test(test_md5_response),
		cmocka_unit_test(test_is_verifier),
		cmocka_unit_test(test_rfc7677_exchange),
		cmocka_unit_test(test_y_flag_and_extension),
		cmocka_unit_test(test_random_server_nonce),
		cmocka_unit_test(test_doomed_exchanges),
		cmocka_unit_test(test_malformed_messages),
		cmocka_unit_test(test_embedded_nul),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
