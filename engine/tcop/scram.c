/*-------------------------------------------------------------------------
 * scram.c
 *	  SCRAM-SHA-256 secrets and the server side of the exchange (see
 *	  scram.h for the contract).
 *
 * The exchange (RFC 5802 section 3, as PostgreSQL runs it):
 *
 *	client-first	gs2-header client-first-bare
 *					gs2-header = ("n" | "y") "," [authzid] ","
 *					client-first-bare = "n=" user ",r=" c-nonce *("," ext)
 *	server-first	"r=" c-nonce s-nonce ",s=" salt-b64 ",i=" iterations
 *	client-final	"c=" b64(gs2-header) ",r=" c-nonce s-nonce *("," ext)
 *					",p=" b64(ClientProof)
 *	server-final	"v=" b64(ServerSignature)
 *
 *	AuthMessage		= client-first-bare "," server-first ","
 *					  client-final-without-proof
 *	ClientSignature = HMAC(StoredKey, AuthMessage)
 *	ClientProof		= ClientKey XOR ClientSignature
 *	ServerSignature = HMAC(ServerKey, AuthMessage)
 *
 * The server recovers ClientKey = ClientProof XOR ClientSignature and
 * accepts when H(ClientKey) = StoredKey.  The user name inside the SCRAM
 * messages is ignored (the startup packet's is authoritative), and
 * channel binding is never offered (no SSL), so a "p=" flag is refused.
 *
 * Parsing follows PostgreSQL's order of checks, so that each malformed
 * message yields the same error text as the reference server.
 *-------------------------------------------------------------------------
 */
#include "tcop/scram.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "utils/elog.h"
#include "utils/memctx.h"

#define SCRAM_VERIFIER_PREFIX "SCRAM-SHA-256$"

typedef enum ScramPhase
{
	SCRAM_PHASE_INIT,			/* waiting for client-first */
	SCRAM_PHASE_SALT_SENT,		/* server-first sent, waiting for client-final */
	SCRAM_PHASE_FINISHED,
} ScramPhase;

struct ScramState
{
	ScramPhase	phase;
	const char *role;
	ScramSecret secret;			/* real or mock */
	bool		doomed;			/* fail at the end whatever the proof */
	const char *logdetail;		/* why doomed, for the server log */
	char	   *server_nonce;	/* NULL until server-first is built */
	/* From the client. */
	char		cbind_flag;		/* 'n' or 'y' */
	char	   *client_first_bare;
	char	   *client_nonce;
	char	   *server_first;
	char	   *client_final_without_proof;
	char	   *client_final_nonce;
	uint8_t		client_proof[SCRAM_KEY_LEN];
};

static uint8_t mock_nonce[SCRAM_MOCK_NONCE_LEN] = "minipg default mock auth nonce!";

/* ---- cryptographic building blocks (all libcrypto) ---- */

static void
sha256(const void *data, size_t len, uint8_t out[SCRAM_KEY_LEN])
{
	if (EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL) != 1)
		elog(ERROR, "could not compute SHA-256 digest");
}

static void
hmac_sha256(const uint8_t *key, int key_len, const void *data, size_t len,
			uint8_t out[SCRAM_KEY_LEN])
{
	unsigned int out_len = SCRAM_KEY_LEN;

	if (HMAC(EVP_sha256(), key, key_len, data, len, out, &out_len) == NULL ||
		out_len != SCRAM_KEY_LEN)
		elog(ERROR, "could not compute HMAC-SHA-256");
}

/* SaltedPassword := Hi(password, salt, i), Hi being PBKDF2-HMAC-SHA-256. */
static void
salted_password(const char *password, const uint8_t *salt, int salt_len,
				int iterations, uint8_t out[SCRAM_KEY_LEN])
{
	if (PKCS5_PBKDF2_HMAC(password, (int) strlen(password), salt, salt_len,
						  iterations, EVP_sha256(), SCRAM_KEY_LEN, out) != 1)
		elog(ERROR, "could not compute SCRAM salted password");
}

static void
client_key(const uint8_t salted[SCRAM_KEY_LEN], uint8_t out[SCRAM_KEY_LEN])
{
	hmac_sha256(salted, SCRAM_KEY_LEN, "Client Key", 10, out);
}

static void
server_key(const uint8_t salted[SCRAM_KEY_LEN], uint8_t out[SCRAM_KEY_LEN])
{
	hmac_sha256(salted, SCRAM_KEY_LEN, "Server Key", 10, out);
}

/* ---- base64, with PostgreSQL's acceptance rules ---- */

/* Encode len bytes; returns a palloc'd NUL-terminated string. */
static char *
b64_encode(const uint8_t *data, int len)
{
	char	   *out = palloc((size_t) (4 * ((len + 2) / 3) + 1));

	EVP_EncodeBlock((unsigned char *) out, data, len);
	return out;
}

static bool
is_b64_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		(c >= '0' && c <= '9') || c == '+' || c == '/';
}

static bool
is_b64_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Decode s into out (capacity outcap).  Returns the decoded length, or -1
 * if s is not valid base64 (bad character, misplaced padding, incomplete
 * final quantum) or does not fit.  Blanks are skipped, as PostgreSQL does.
 */
static int
b64_decode(const char *s, uint8_t *out, int outcap)
{
	char	   *clean = palloc(strlen(s) + 1);
	int			n = 0;
	int			padding = 0;
	bool		valid = true;

	for (const char *p = s; *p && valid; p++)
	{
		if (is_b64_blank(*p))
			continue;
		if (*p == '=')
		{
			/* Padding may fill only the last one or two places of a quantum. */
			int			pos = n % 4;

			valid = (pos == 2 && padding == 0) || (pos == 3 && padding <= 1);
			padding++;
		}
		else
			valid = is_b64_char(*p) && padding == 0;
		clean[n++] = *p;
	}
	clean[n] = '\0';

	int			decoded_len = n / 4 * 3 - padding;

	if (!valid || n % 4 != 0 || decoded_len > outcap)
		decoded_len = -1;
	else if (n > 0)
	{
		uint8_t    *tmp = palloc((size_t) (n / 4 * 3));

		/* EVP_DecodeBlock counts the padding as zero bytes; drop them. */
		if (EVP_DecodeBlock(tmp, (const unsigned char *) clean, n) != n / 4 * 3)
			decoded_len = -1;
		else
			memcpy(out, tmp, (size_t) decoded_len);
		pfree(tmp);
	}
	pfree(clean);
	return decoded_len;
}

/* ---- stored secrets ---- */

char *
scram_build_verifier(const char *password, const uint8_t *salt, int salt_len,
					 int iterations)
{
	uint8_t		salted[SCRAM_KEY_LEN];
	uint8_t		ckey[SCRAM_KEY_LEN];
	uint8_t		stored[SCRAM_KEY_LEN];
	uint8_t		skey[SCRAM_KEY_LEN];

	Assert(iterations > 0 && salt_len > 0 && salt_len <= SCRAM_MAX_SALT_LEN);
	salted_password(password, salt, salt_len, iterations, salted);
	client_key(salted, ckey);
	sha256(ckey, SCRAM_KEY_LEN, stored);
	server_key(salted, skey);
	char	   *result = psprintf(SCRAM_VERIFIER_PREFIX "%d:%s$%s:%s", iterations,
								  b64_encode(salt, salt_len),
								  b64_encode(stored, SCRAM_KEY_LEN),
								  b64_encode(skey, SCRAM_KEY_LEN));

	OPENSSL_cleanse(salted, sizeof(salted));
	return result;
}

/* Cut s at the first sep; returns the part before it, advances *s. */
static char *
split_at(char **s, char sep)
{
	char	   *start = *s;
	char	   *end = start ? strchr(start, sep) : NULL;

	if (end == NULL)
	{
		*s = NULL;
		return start;
	}
	*end = '\0';
	*s = end + 1;
	return start;
}

bool
scram_parse_verifier(const char *verifier, ScramSecret *out)
{
	size_t		prefix_len = strlen(SCRAM_VERIFIER_PREFIX);

	if (verifier == NULL || strncmp(verifier, SCRAM_VERIFIER_PREFIX, prefix_len) != 0)
		return false;

	char	   *copy = pstrdup(verifier + prefix_len);
	char	   *rest = copy;
	char	   *iter_str = split_at(&rest, ':');
	char	   *salt_str = split_at(&rest, '$');
	char	   *stored_str = split_at(&rest, ':');
	char	   *server_str = rest;
	bool		ok = false;

	if (salt_str != NULL && stored_str != NULL && server_str != NULL)
	{
		char	   *endp;
		long		iterations;

		errno = 0;
		iterations = strtol(iter_str, &endp, 10);
		ok = (*iter_str != '\0' && *endp == '\0' && errno == 0 &&
			  iterations > 0 && iterations <= INT_MAX);
		out->iterations = (int) iterations;
		if (ok)
		{
			out->salt_len = b64_decode(salt_str, out->salt, SCRAM_MAX_SALT_LEN);
			ok = out->salt_len > 0 &&
				b64_decode(stored_str, out->stored_key, SCRAM_KEY_LEN) == SCRAM_KEY_LEN &&
				b64_decode(server_str, out->server_key, SCRAM_KEY_LEN) == SCRAM_KEY_LEN;
		}
	}
	pfree(copy);
	return ok;
}

bool
scram_verify_plain_password(const char *password, const char *verifier)
{
	ScramSecret *secret = palloc(sizeof(ScramSecret));
	uint8_t		salted[SCRAM_KEY_LEN];
	uint8_t		computed[SCRAM_KEY_LEN];
	bool		match = false;

	if (scram_parse_verifier(verifier, secret))
	{
		salted_password(password, secret->salt, secret->salt_len, secret->iterations, salted);
		server_key(salted, computed);
		match = CRYPTO_memcmp(computed, secret->server_key, SCRAM_KEY_LEN) == 0;
		OPENSSL_cleanse(salted, sizeof(salted));
	}
	pfree(secret);
	return match;
}

void
scram_set_mock_nonce(const uint8_t *nonce, size_t len)
{
	memset(mock_nonce, 0, sizeof(mock_nonce));
	memcpy(mock_nonce, nonce, Min(len, sizeof(mock_nonce)));
}

/*
 * A secret for a role that cannot authenticate: the salt is a keyed hash
 * of the role name (the same on every attempt, like a real role's), the
 * keys are random, so no proof can match.
 */
static void
make_mock_secret(const char *role, ScramSecret *out)
{
	uint8_t		digest[SCRAM_KEY_LEN];

	hmac_sha256(mock_nonce, sizeof(mock_nonce), role, strlen(role), digest);
	out->iterations = SCRAM_DEFAULT_ITERATIONS;
	out->salt_len = SCRAM_DEFAULT_SALT_LEN;
	memcpy(out->salt, digest, SCRAM_DEFAULT_SALT_LEN);
	if (RAND_bytes(out->stored_key, SCRAM_KEY_LEN) != 1 ||
		RAND_bytes(out->server_key, SCRAM_KEY_LEN) != 1)
		elog(ERROR, "could not generate random mock SCRAM keys");
}

/* ---- the exchange ---- */

ScramState *
scram_begin(const char *role, const char *verifier, const char *server_nonce)
{
	ScramState *state = palloc0(sizeof(ScramState));

	state->phase = SCRAM_PHASE_INIT;
	state->role = pstrdup(role);
	if (server_nonce != NULL)
		state->server_nonce = pstrdup(server_nonce);
	if (verifier != NULL && scram_parse_verifier(verifier, &state->secret))
		return state;
	/* No password (the caller knows why) or not a SCRAM secret. */
	if (verifier != NULL)
		state->logdetail = psprintf("User \"%s\" does not have a valid SCRAM secret.", role);
	state->doomed = true;
	make_mock_secret(role, &state->secret);
	return state;
}

/* How PostgreSQL shows one character of a bad message: 'c' or 0xNN. */
static const char *
sanitize_char(char c)
{
	if (c >= 0x21 && c <= 0x7E)
		return psprintf("'%c'", c);
	return psprintf("0x%02x", (unsigned char) c);
}

static pg_noreturn void
malformed(const char *detail)
{
	ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
			errmsg("malformed SCRAM message"),
			errdetail("%s", detail));
	__builtin_unreachable();
}

/* Cut the value off at the next ',' (consumed) or the end of the string. */
static char *
take_value(char **input)
{
	char	   *begin = *input;
	char	   *end = begin;

	while (*end && *end != ',')
		end++;
	if (*end)
	{
		*end = '\0';
		*input = end + 1;
	}
	else
		*input = end;
	return begin;
}

/* Read "attr=value[,]" where attr is the expected letter. */
static char *
read_attr_value(char **input, char attr)
{
	char	   *p = *input;

	if (*p != attr)
		malformed(psprintf("Expected attribute \"%c\" but found \"%s\".", attr,
						   sanitize_char(*p)));
	p++;
	if (*p != '=')
		malformed(psprintf("Expected character \"=\" for attribute \"%c\".", attr));
	p++;
	*input = p;
	return take_value(input);
}

/* Read any "letter=value[,]"; stores the letter in *attr. */
static char *
read_any_attr(char **input, char *attr)
{
	char	   *p = *input;
	char		a = *p;

	if (a == '\0')
		malformed("Attribute expected, but found end of string.");
	if (!((a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z')))
		malformed(psprintf("Attribute expected, but found invalid character \"%s\".",
						   sanitize_char(a)));
	*attr = a;
	p++;
	if (*p != '=')
		malformed(psprintf("Expected character \"=\" for attribute \"%c\".", a));
	p++;
	*input = p;
	return take_value(input);
}

/* The nonce must be printable ASCII other than ',' (RFC 5802). */
static void
check_nonce_printable(const char *nonce)
{
	for (const char *p = nonce; *p; p++)
		if (*p < 0x21 || *p > 0x7E || *p == ',')
			ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
					errmsg("non-printable characters in SCRAM nonce"));
}

static void
read_gs2_header(ScramState *state, char **input)
{
	char	   *p = *input;

	switch (*p)
	{
		case 'n':
		case 'y':
			/* 'y': the client could bind but thinks we cannot; true, no SSL. */
			state->cbind_flag = *p++;
			if (*p != ',')
				malformed(psprintf("Comma expected, but found character \"%s\".",
								   sanitize_char(*p)));
			p++;
			break;
		case 'p':
			malformed("The client selected SCRAM-SHA-256 without channel binding, "
					  "but the SCRAM message includes channel binding data.");
			break;
		default:
			malformed(psprintf("Unexpected channel-binding flag \"%s\".", sanitize_char(*p)));
	}
	if (*p == 'a')
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("client uses authorization identity, but it is not supported"));
	if (*p != ',')
		malformed(psprintf("Unexpected attribute \"%s\" in client-first-message.",
						   sanitize_char(*p)));
	*input = p + 1;
}

static void
read_client_first(ScramState *state, const char *message)
{
	char	   *input = pstrdup(message);
	char		attr;

	read_gs2_header(state, &input);
	state->client_first_bare = pstrdup(input);
	if (*input == 'm')
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("client requires an unsupported SCRAM extension"));
	(void) read_attr_value(&input, 'n');	/* user name: ignored */
	state->client_nonce = read_attr_value(&input, 'r');
	check_nonce_printable(state->client_nonce);
	/* Optional extensions: none is supported, all are ignored. */
	while (*input != '\0')
		(void) read_any_attr(&input, &attr);
}

static char *
build_server_first(ScramState *state)
{
	if (state->server_nonce == NULL)
	{
		uint8_t		raw[SCRAM_SERVER_NONCE_RAW_LEN];

		if (RAND_bytes(raw, sizeof(raw)) != 1)
			ereport(ERROR, errcode(ERRCODE_INTERNAL_ERROR),
					errmsg("could not generate random nonce"));
		state->server_nonce = b64_encode(raw, sizeof(raw));
	}
	state->server_first = psprintf("r=%s%s,s=%s,i=%d", state->client_nonce,
								   state->server_nonce,
								   b64_encode(state->secret.salt, state->secret.salt_len),
								   state->secret.iterations);
	return pstrdup(state->server_first);
}

static void
read_client_final(ScramState *state, const char *message)
{
	char	   *begin = pstrdup(message);
	char	   *input = begin;
	char	   *proof_start;
	char	   *proof;
	char		attr;

	char	   *cbind = read_attr_value(&input, 'c');

	/* Without channel binding, c= must echo the gs2 header: "n,," or "y,,". */
	if (!(strcmp(cbind, "biws") == 0 && state->cbind_flag == 'n') &&
		!(strcmp(cbind, "eSws") == 0 && state->cbind_flag == 'y'))
		ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("unexpected SCRAM channel-binding attribute in client-final-message"));
	state->client_final_nonce = read_attr_value(&input, 'r');
	/* Skip extensions up to the proof, which must come last. */
	do
	{
		proof_start = input - 1;	/* the ',' before the attribute */
		proof = read_any_attr(&input, &attr);
	} while (attr != 'p');
	if (b64_decode(proof, state->client_proof, SCRAM_KEY_LEN) != SCRAM_KEY_LEN)
		malformed("Malformed proof in client-final-message.");
	if (*input != '\0')
		malformed("Garbage found at the end of client-final-message.");
	state->client_final_without_proof = pnstrdup(message, (size_t) (proof_start - begin));
}

static bool
final_nonce_matches(const ScramState *state)
{
	size_t		client_len = strlen(state->client_nonce);
	size_t		server_len = strlen(state->server_nonce);

	return strlen(state->client_final_nonce) == client_len + server_len &&
		memcmp(state->client_final_nonce, state->client_nonce, client_len) == 0 &&
		memcmp(state->client_final_nonce + client_len, state->server_nonce, server_len) == 0;
}

static char *
auth_message(const ScramState *state)
{
	return psprintf("%s,%s,%s", state->client_first_bare, state->server_first,
					state->client_final_without_proof);
}

static bool
client_proof_valid(const ScramState *state)
{
	char	   *msg = auth_message(state);
	uint8_t		signature[SCRAM_KEY_LEN];
	uint8_t		ckey[SCRAM_KEY_LEN];
	uint8_t		stored[SCRAM_KEY_LEN];

	hmac_sha256(state->secret.stored_key, SCRAM_KEY_LEN, msg, strlen(msg), signature);
	for (int i = 0; i < SCRAM_KEY_LEN; i++)
		ckey[i] = state->client_proof[i] ^ signature[i];
	sha256(ckey, SCRAM_KEY_LEN, stored);
	return CRYPTO_memcmp(stored, state->secret.stored_key, SCRAM_KEY_LEN) == 0;
}

static char *
build_server_final(const ScramState *state)
{
	char	   *msg = auth_message(state);
	uint8_t		signature[SCRAM_KEY_LEN];

	hmac_sha256(state->secret.server_key, SCRAM_KEY_LEN, msg, strlen(msg), signature);
	return psprintf("v=%s", b64_encode(signature, SCRAM_KEY_LEN));
}

ScramStatus
scram_exchange(ScramState *state, const char *input, int inputlen,
			   char **output, int *outputlen, const char **logdetail)
{
	ScramStatus result = SCRAM_FAILURE;

	*output = NULL;
	*outputlen = 0;
	if (input == NULL)
	{
		/* No initial response: an empty challenge asks for client-first. */
		if (state->phase != SCRAM_PHASE_INIT)
			elog(ERROR, "invalid SCRAM exchange state");
		*output = pstrdup("");
		return SCRAM_CONTINUE;
	}
	if (inputlen == 0)
		malformed("The message is empty.");

	char	   *message = palloc((size_t) inputlen + 1);

	memcpy(message, input, (size_t) inputlen);
	message[inputlen] = '\0';
	if (strlen(message) != (size_t) inputlen)
		malformed("Message length does not match input length.");

	switch (state->phase)
	{
		case SCRAM_PHASE_INIT:
			read_client_first(state, message);
			*output = build_server_first(state);
			state->phase = SCRAM_PHASE_SALT_SENT;
			result = SCRAM_CONTINUE;
			break;
		case SCRAM_PHASE_SALT_SENT:
			read_client_final(state, message);
			if (!final_nonce_matches(state))
				ereport(ERROR, errcode(ERRCODE_PROTOCOL_VIOLATION),
						errmsg("invalid SCRAM response"),
						errdetail("Nonce does not match."));
			state->phase = SCRAM_PHASE_FINISHED;
			if (!client_proof_valid(state) || state->doomed)
			{
				if (state->logdetail != NULL)
					*logdetail = state->logdetail;
				result = SCRAM_FAILURE;
				break;
			}
			*output = build_server_final(state);
			result = SCRAM_SUCCESS;
			break;
		case SCRAM_PHASE_FINISHED:
			elog(ERROR, "invalid SCRAM exchange state");
	}
	if (*output != NULL)
		*outputlen = (int) strlen(*output);
	return result;
}
