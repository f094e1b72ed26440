/*-------------------------------------------------------------------------
 * test_fuzz_session.c
 *	  Unit test of the single-session mode (tcop/fuzz_session.c) that the
 *	  protocol fuzz targets run on.
 *
 * What: sessions run one after another in one process, each through the
 * real backend code: a query answers rows; a session that ends inside a
 * transaction block (EOF after BEGIN; INSERT) leaves no row, lock or open
 * transaction behind, so the next session can write the same key; a SET
 * and a startup-packet option do not leak into the next session; the
 * cleartext-password role logs in with the right password and gets
 * PostgreSQL's 28P01 FATAL with a wrong one (exit code 1); an invalid
 * message type ends the session with 08P01; a startup packet for protocol
 * 2.0 is refused; every reply stream is well-formed; complete md5 and
 * SCRAM-SHA-256 exchanges, computed in advance from the fixed salt and
 * nonce (FUZZ_SESSION_*), log in every time they are replayed, and a wrong
 * SCRAM proof is refused with 28P01.
 * How: build client byte streams by hand, run them with fuzz_session_run,
 * and look for the expected messages (type byte, SQLSTATE, data) in the
 * reply bytes.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "tcop/fuzz_session.h"

typedef struct Stream
{
	char		data[8192];
	size_t		len;
} Stream;

static void
put(Stream *s, const void *p, size_t n)
{
	assert_true(s->len + n <= sizeof(s->data));
	if (n > 0)
		memcpy(s->data + s->len, p, n);
	s->len += n;
}

static void
put_msg(Stream *s, char type, const void *body, size_t n)
{
	uint32_t	len = htonl((uint32_t) (n + 4));

	put(s, &type, 1);
	put(s, &len, 4);
	put(s, body, n);
}

static void
put_query(Stream *s, const char *sql)
{
	put_msg(s, 'Q', sql, strlen(sql) + 1);
}

/* A startup packet for user (database postgres) with extra name/value pairs. */
static void
put_startup(Stream *s, uint16_t major, const char *user, const char *extra_name,
			const char *extra_value)
{
	char		body[512];
	size_t		n = 0;
	uint16_t	v[2] = {htons(major), 0};

	memcpy(body, v, 4);
	n = 4;
#define ADD(str) do { size_t l_ = strlen(str) + 1; memcpy(body + n, str, l_); n += l_; } while (0)
	ADD("user");
	ADD(user);
	ADD("database");
	ADD("postgres");
	if (extra_name)
	{
		ADD(extra_name);
		ADD(extra_value);
	}
#undef ADD
	body[n++] = '\0';

	uint32_t	len = htonl((uint32_t) (n + 4));

	put(s, &len, 4);
	put(s, body, n);
}

static void
start_trust(Stream *s)
{
	s->len = 0;
	s->len = fuzz_session_startup_packet(s->data, sizeof(s->data));
}

/* Does the reply stream contain a message of type t whose body contains needle? */
static bool
has_message(const FuzzSessionResult *r, char t, const char *needle)
{
	size_t		nlen = strlen(needle);

	for (size_t pos = 0; pos + 5 <= r->output_len;)
	{
		uint32_t	mlen;

		memcpy(&mlen, r->output + pos + 1, 4);
		mlen = ntohl(mlen);
		if (r->output[pos] == t)
		{
			const char *body = r->output + pos + 5;

			for (size_t i = 0; i + nlen <= mlen - 4; i++)
				if (memcmp(body + i, needle, nlen) == 0)
					return true;
		}
		pos += 1 + mlen;
	}
	return false;
}

static FuzzSessionResult
run(const Stream *s)
{
	FuzzSessionResult r = fuzz_session_run(s->data, s->len);

	assert_null(fuzz_session_check_output(&r));
	return r;
}

static void
test_query_answers_rows(void **state)
{
	Stream		s;

	(void) state;
	start_trust(&s);
	put_query(&s, "SELECT b FROM fuzz_t WHERE a = 42");
	put_msg(&s, 'X', NULL, 0);

	FuzzSessionResult r = run(&s);

	assert_int_equal(r.exit_code, 0);
	assert_int_equal(r.output[0], 'R');
	assert_true(has_message(&r, 'D', "row 42"));
	assert_true(has_message(&r, 'C', "SELECT 1"));
	assert_true(has_message(&r, 'Z', ""));
}

/*
 * Thousands of sessions run in one fuzzing process: the last of many must
 * still answer like the first (each session used to register its
 * statistics transaction callback again until the table was full, and
 * every later session ended in FATAL "too many transaction callbacks").
 */
static void
test_many_sessions_in_one_process(void **state)
{
	Stream		s;

	(void) state;
	start_trust(&s);
	put_query(&s, "SELECT b FROM fuzz_t WHERE a = 7");
	put_msg(&s, 'X', NULL, 0);
	for (int i = 0; i < 200; i++)
	{
		FuzzSessionResult r = run(&s);

		assert_int_equal(r.exit_code, 0);
		assert_false(has_message(&r, 'E', "FATAL"));
		if (!has_message(&r, 'D', "row 7"))
			fail_msg("session %d of 200 did not answer the query", i + 1);
	}
}

/*
 * A session runs in the data directory, but the process's working
 * directory is its own again afterwards: libFuzzer resolves corpus files
 * and writes crash artifacts relative to it (it used to stay in the
 * temporary data directory after the first input, so the second corpus
 * file named by a relative path was "No such directory", and a crash file
 * written without -artifact_prefix went into a directory removed at exit).
 */
static char start_cwd[4096];	/* main()'s, before the first session */

static void
test_working_directory_restored(void **state)
{
	char		after[4096];
	Stream		s;

	(void) state;
	start_trust(&s);
	put_query(&s, "SELECT b FROM fuzz_t WHERE a = 3");
	put_msg(&s, 'X', NULL, 0);
	FuzzSessionResult r = run(&s);

	assert_int_equal(r.exit_code, 0);
	assert_non_null(getcwd(after, sizeof(after)));
	assert_string_equal(after, start_cwd);
	/* ... while the session itself found its files in the data directory. */
	assert_true(has_message(&r, 'D', "row 3"));
}

/*
 * The session's temporary schema (pg_temp_N) belongs to the session, not
 * to the process: the first session's transaction that set it up rolls
 * back (so the schema row is gone and the session must set it up again,
 * not put the next temporary table into a schema that does not exist);
 * the next session in the same process and proc slot finds nothing under
 * pg_temp, and the name is free again.  This test must be the first in
 * the process to use temporary tables: pg_temp_1 does not exist yet.
 */
static void
test_temp_schema_per_session(void **state)
{
	Stream		s;

	(void) state;
	start_trust(&s);
	put_query(&s, "BEGIN");
	put_query(&s, "CREATE TEMP TABLE first_try (a int)");
	put_query(&s, "ROLLBACK");
	put_query(&s, "CREATE TEMP TABLE kept (a int)");
	put_query(&s, "SELECT 'schema ' || n.nspname FROM pg_class c "
			  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'kept'");
	put_msg(&s, 'X', NULL, 0);
	FuzzSessionResult r = run(&s);

	assert_false(has_message(&r, 'E', ""));
	assert_true(has_message(&r, 'D', "schema pg_temp_"));

	start_trust(&s);
	put_query(&s, "SELECT * FROM pg_temp.kept");
	put_query(&s, "CREATE TEMP TABLE kept (a int)");
	put_msg(&s, 'X', NULL, 0);
	r = run(&s);
	assert_true(has_message(&r, 'E', "42P01"));
	assert_true(has_message(&r, 'C', "CREATE TABLE"));
}

static void
test_open_block_rolled_back_at_eof(void **state)
{
	Stream		s;

	(void) state;
	/* BEGIN, INSERT, then the input ends: no COMMIT. */
	start_trust(&s);
	put_query(&s, "BEGIN");
	put_query(&s, "INSERT INTO fuzz_t VALUES (100001, 'uncommitted', 0)");
	FuzzSessionResult r = run(&s);

	assert_int_equal(r.exit_code, 0);
	assert_true(has_message(&r, 'C', "INSERT 0 1"));

	/* The next session neither sees the row nor waits for its lock. */
	start_trust(&s);
	put_query(&s, "SELECT count(*) FROM fuzz_t WHERE a = 100001");
	put_query(&s, "INSERT INTO fuzz_t VALUES (100001, 'committed', 0)");
	put_msg(&s, 'X', NULL, 0);
	r = run(&s);
	assert_true(has_message(&r, 'D', "0"));
	assert_true(has_message(&r, 'C', "INSERT 0 1"));
	assert_false(has_message(&r, 'E', ""));

	start_trust(&s);
	put_query(&s, "DELETE FROM fuzz_t WHERE a = 100001");
	r = run(&s);
	assert_true(has_message(&r, 'C', "DELETE 1"));
}

static void
test_settings_do_not_leak(void **state)
{
	Stream		s;

	(void) state;
	s.len = 0;
	put_startup(&s, 3, "postgres", "application_name", "leaky_app");
	put_query(&s, "SET work_mem = '77kB'");
	put_query(&s, "SHOW work_mem");
	FuzzSessionResult r = run(&s);

	assert_true(has_message(&r, 'D', "77kB"));

	start_trust(&s);
	put_query(&s, "SHOW work_mem");
	put_query(&s, "SHOW application_name");
	r = run(&s);
	assert_false(has_message(&r, 'D', "77kB"));
	assert_true(has_message(&r, 'D', "4MB"));
	assert_false(has_message(&r, 'D', "leaky_app"));
}

static void
test_password_role(void **state)
{
	Stream		s;

	(void) state;
	s.len = 0;
	put_startup(&s, 3, FUZZ_SESSION_PASSWORD_ROLE, NULL, NULL);
	put_msg(&s, 'p', FUZZ_SESSION_PASSWORD, strlen(FUZZ_SESSION_PASSWORD) + 1);
	put_query(&s, "SELECT current_user");
	FuzzSessionResult r = run(&s);

	assert_int_equal(r.exit_code, 0);
	assert_true(has_message(&r, 'R', ""));
	assert_true(has_message(&r, 'D', FUZZ_SESSION_PASSWORD_ROLE));

	s.len = 0;
	put_startup(&s, 3, FUZZ_SESSION_PASSWORD_ROLE, NULL, NULL);
	put_msg(&s, 'p', "wrong", 6);
	r = run(&s);
	assert_int_equal(r.exit_code, 1);
	assert_true(has_message(&r, 'E', "28P01"));
	assert_true(has_message(&r, 'E', "password authentication failed for user \""
							FUZZ_SESSION_PASSWORD_ROLE "\""));
}

static void
hex_of(const unsigned char *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
}

static void
md5_hex(const char *a, size_t alen, const char *b, size_t blen, char *out)
{
	unsigned char digest[16];
	unsigned int dlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	EVP_DigestUpdate(ctx, a, alen);
	EVP_DigestUpdate(ctx, b, blen);
	EVP_DigestFinal_ex(ctx, digest, &dlen);
	EVP_MD_CTX_free(ctx);
	hex_of(digest, 16, out);
}

/* md5 with the fixed salt: the response is known before the exchange. */
static void
test_md5_exchange_replays(void **state)
{
	Stream		s;
	char		inner[33],
				outer[33],
				response[40];

	(void) state;
	md5_hex(FUZZ_SESSION_PASSWORD, strlen(FUZZ_SESSION_PASSWORD), FUZZ_SESSION_MD5_ROLE,
			strlen(FUZZ_SESSION_MD5_ROLE), inner);
	md5_hex(inner, 32, FUZZ_SESSION_MD5_SALT, 4, outer);
	snprintf(response, sizeof(response), "md5%s", outer);
	for (int round = 0; round < 2; round++)
	{
		s.len = 0;
		put_startup(&s, 3, FUZZ_SESSION_MD5_ROLE, NULL, NULL);
		put_msg(&s, 'p', response, strlen(response) + 1);
		put_query(&s, "SELECT current_user");
		FuzzSessionResult r = run(&s);

		assert_int_equal(r.exit_code, 0);
		assert_true(has_message(&r, 'R', FUZZ_SESSION_MD5_SALT));	/* the salt sent */
		assert_true(has_message(&r, 'D', FUZZ_SESSION_MD5_ROLE));
	}
}

static void
hmac256(const void *key, size_t klen, const void *msg, size_t mlen, unsigned char *out)
{
	unsigned int olen = 32;

	HMAC(EVP_sha256(), key, (int) klen, msg, mlen, out, &olen);
}

/* Append a complete SCRAM-SHA-256 exchange for fuzz_scram (proof from
 * password; a wrong password gives a wrong proof). */
static void
put_scram_exchange(Stream *s, const char *password)
{
	const char *client_nonce = "clientNonce";
	char		first_bare[64],
				server_first[256],
				final_bare[128],
				auth_message[512],
				final_msg[256],
				proof_b64[64],
				salt_b64[64];
	unsigned char salted[32],
				client_key[32],
				stored_key[32],
				signature[32],
				proof[32];
	unsigned int klen = 32;

	snprintf(first_bare, sizeof(first_bare), "n=,r=%s", client_nonce);
	EVP_EncodeBlock((unsigned char *) salt_b64, (const unsigned char *) FUZZ_SESSION_SCRAM_SALT,
					(int) strlen(FUZZ_SESSION_SCRAM_SALT));
	snprintf(server_first, sizeof(server_first), "r=%s%s,s=%s,i=%d", client_nonce,
			 FUZZ_SESSION_SCRAM_NONCE, salt_b64, FUZZ_SESSION_SCRAM_ITERATIONS);
	snprintf(final_bare, sizeof(final_bare), "c=biws,r=%s%s", client_nonce,
			 FUZZ_SESSION_SCRAM_NONCE);
	snprintf(auth_message, sizeof(auth_message), "%s,%s,%s", first_bare, server_first, final_bare);
	PKCS5_PBKDF2_HMAC(password, (int) strlen(password),
					  (const unsigned char *) FUZZ_SESSION_SCRAM_SALT,
					  (int) strlen(FUZZ_SESSION_SCRAM_SALT), FUZZ_SESSION_SCRAM_ITERATIONS,
					  EVP_sha256(), 32, salted);
	hmac256(salted, 32, "Client Key", 10, client_key);
	EVP_Digest(client_key, 32, stored_key, &klen, EVP_sha256(), NULL);
	hmac256(stored_key, 32, auth_message, strlen(auth_message), signature);
	for (int i = 0; i < 32; i++)
		proof[i] = client_key[i] ^ signature[i];
	EVP_EncodeBlock((unsigned char *) proof_b64, proof, 32);
	snprintf(final_msg, sizeof(final_msg), "%s,p=%s", final_bare, proof_b64);

	/* SASLInitialResponse: mechanism, length, client-first-message. */
	char		initial[128];
	char		client_first[80];
	size_t		n = 0;

	snprintf(client_first, sizeof(client_first), "n,,%s", first_bare);
	uint32_t	cflen = htonl((uint32_t) strlen(client_first));

	memcpy(initial, "SCRAM-SHA-256", 14);
	n = 14;
	memcpy(initial + n, &cflen, 4);
	n += 4;
	memcpy(initial + n, client_first, strlen(client_first));
	n += strlen(client_first);
	put_msg(s, 'p', initial, n);
	put_msg(s, 'p', final_msg, strlen(final_msg));	/* SASLResponse */
}

/* SCRAM with the fixed salt and nonce: the whole exchange is one input. */
static void
test_scram_exchange_replays(void **state)
{
	Stream		s;

	(void) state;
	for (int round = 0; round < 2; round++)
	{
		s.len = 0;
		put_startup(&s, 3, FUZZ_SESSION_SCRAM_ROLE, NULL, NULL);
		put_scram_exchange(&s, FUZZ_SESSION_PASSWORD);
		put_query(&s, "SELECT current_user");
		FuzzSessionResult r = run(&s);

		assert_int_equal(r.exit_code, 0);
		assert_true(has_message(&r, 'R', FUZZ_SESSION_SCRAM_NONCE));	/* server-first */
		assert_true(has_message(&r, 'R', "v="));	/* server-final */
		assert_true(has_message(&r, 'D', FUZZ_SESSION_SCRAM_ROLE));
	}
	s.len = 0;
	put_startup(&s, 3, FUZZ_SESSION_SCRAM_ROLE, NULL, NULL);
	put_scram_exchange(&s, "not the password");
	FuzzSessionResult r = run(&s);

	assert_int_equal(r.exit_code, 1);
	assert_true(has_message(&r, 'E', "28P01"));
	assert_false(has_message(&r, 'R', "v="));
}

static void
test_bad_input_ends_session(void **state)
{
	Stream		s;

	(void) state;
	start_trust(&s);
	put_msg(&s, '!', "x", 1);
	FuzzSessionResult r = run(&s);

	assert_int_equal(r.exit_code, 1);
	assert_true(has_message(&r, 'E', "08P01"));
	assert_true(has_message(&r, 'E', "invalid frontend message type 33"));

	/* Protocol 2.0: refused with 0A000, in the old error format. */
	s.len = 0;
	put_startup(&s, 2, "postgres", NULL, NULL);
	r = fuzz_session_run(s.data, s.len);
	assert_int_equal(r.exit_code, 1);
	assert_non_null(memmem(r.output, r.output_len, "unsupported frontend protocol 2.0", 33));

	/* And the next session is unaffected. */
	start_trust(&s);
	put_query(&s, "SELECT 7 * 6");
	r = run(&s);
	assert_true(has_message(&r, 'D', "42"));
}

int
main(void)
{
	if (getcwd(start_cwd, sizeof(start_cwd)) == NULL)
		return 1;

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_answers_rows),
		cmocka_unit_test(test_many_sessions_in_one_process),
		cmocka_unit_test(test_working_directory_restored),
		cmocka_unit_test(test_temp_schema_per_session),
		cmocka_unit_test(test_open_block_rolled_back_at_eof),
		cmocka_unit_test(test_settings_do_not_leak),
		cmocka_unit_test(test_password_role),
		cmocka_unit_test(test_md5_exchange_replays),
		cmocka_unit_test(test_scram_exchange_replays),
		cmocka_unit_test(test_bad_input_ends_session),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
