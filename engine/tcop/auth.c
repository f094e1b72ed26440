/*-------------------------------------------------------------------------
 * auth.c
 *	  Client authentication: pg_hba.conf lookup and the trust, reject,
 *	  password, md5 and SCRAM-SHA-256 exchanges (see auth.h).
 *
 * Messages (PostgreSQL's AuthenticationXXX, all type 'R' + int32 code):
 *	0 Ok, 3 CleartextPassword, 5 MD5Password + 4-byte salt,
 *	10 SASL + mechanism list, 11 SASLContinue + data, 12 SASLFinal + data.
 * The client answers each request with a 'p' message: PasswordMessage
 * (NUL-terminated string), SASLInitialResponse (mechanism name, int32
 * length or -1, data) or SASLResponse (data).
 *
 * Method choice for md5 rules (PostgreSQL 15's): if the role's verifier
 * is md5, run md5; otherwise run SCRAM, which works with a SCRAM verifier
 * (an md5 rule lets SCRAM users in) and fails for anything else.  A role
 * without a usable verifier still gets a full exchange (SCRAM with a mock
 * salt when password_encryption is scram-sha-256), then fails with the same
 * message as a wrong password: the client cannot tell which roles exist.
 *
 * Invariants:
 *	- The failure reason ("Role \"x\" does not exist." ...) and the matched
 *	  pg_hba.conf line reach the server log only (errdetail_log).
 *	- EOF while waiting for the client's answer is a normal event (psql
 *	  closes the connection to prompt for a password): exit(0), no log.
 *	- Everything allocated here lives in a private context, deleted on
 *	  success; on failure the process ends.
 *-------------------------------------------------------------------------
 */
#include "tcop/auth.h"

#include <netdb.h>
#include <sys/socket.h>

#include <openssl/rand.h>

#include "tcop/crypt.h"
#include "tcop/hba.h"
#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "tcop/scram.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

#define AUTH_REQ_OK			0
#define AUTH_REQ_PASSWORD	3
#define AUTH_REQ_MD5		5
#define AUTH_REQ_SASL		10
#define AUTH_REQ_SASL_CONT	11
#define AUTH_REQ_SASL_FIN	12

typedef enum AuthStatus
{
	AUTH_STATUS_OK,
	AUTH_STATUS_FAILED,			/* wrong password, unknown role, ... */
	AUTH_STATUS_EOF,			/* the client went away mid-exchange */
} AuthStatus;

static auth_role_lookup_fn role_lookup = NULL;
static auth_role_member_fn role_member = NULL;

void
auth_set_role_lookup(auth_role_lookup_fn fn)
{
	role_lookup = fn;
}

void
auth_set_role_membership(auth_role_member_fn fn)
{
	role_member = fn;
}

static void
send_auth_request(int32_t code, const void *data, int len)
{
	StringBuf	buf;

	pq_begin(&buf, 'R');
	pq_send_int32(&buf, (uint32_t) code);
	if (len > 0)
		pq_send_bytes(&buf, data, len);
	pq_end(&buf);
	/* Ok and SASLFinal are followed by more messages; the rest need an answer. */
	if (code != AUTH_REQ_OK && code != AUTH_REQ_SASL_FIN)
		pq_flush();
}

/*
 * The role's verifier, or NULL with *logdetail saying why there is none.
 * The catalog's lookup may raise ERROR (which ends the connection).
 */
static char *
get_role_verifier(const char *role, const char **logdetail)
{
	char	   *verifier = NULL;

	if (role_lookup != NULL && !role_lookup(role, &verifier))
	{
		*logdetail = psprintf("Role \"%s\" does not exist.", role);
		return NULL;
	}
	if (verifier == NULL)
		*logdetail = psprintf("User \"%s\" has no password assigned.", role);
	else if (verifier[0] == '\0')
	{
		*logdetail = psprintf("User \"%s\" has an empty password.", role);
		verifier = NULL;
	}
	return verifier;
}

/*
 * Read a PasswordMessage: the password (palloc'd), or NULL at EOF.
 * Errors: FATAL 08P01 on another message type or a malformed body, FATAL
 * 28P01 on an empty password.
 */
static char *
read_password_message(void)
{
	StringBuf	buf;
	int			mtype = pq_getbyte();

	if (mtype == EOF)
		return NULL;
	if (mtype != 'p')
		ereport(FATAL, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("expected password response, got message type %d", mtype));
	strbuf_init(&buf);
	if (pq_getmessage(&buf, PQ_MAX_AUTH_TOKEN_LENGTH) == EOF)
		return NULL;			/* EOF or a bad length, already logged */

	const char *nul = buf.len > 0 ? memchr(buf.data, '\0', (size_t) buf.len) : NULL;

	if (nul == NULL || nul != buf.data + buf.len - 1)
		ereport(FATAL, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("invalid password packet size"));
	if (buf.len == 1)
		ereport(FATAL, errcode(ERRCODE_INVALID_PASSWORD),
				errmsg("empty password returned by client"));
	return buf.data;
}

/* "password": the client sends the password itself. */
static AuthStatus
auth_password(const Port *port, const char **logdetail)
{
	char	   *password;
	char	   *verifier;

	send_auth_request(AUTH_REQ_PASSWORD, NULL, 0);
	if ((password = read_password_message()) == NULL)
		return AUTH_STATUS_EOF;
	if ((verifier = get_role_verifier(port->user_name, logdetail)) == NULL)
		return AUTH_STATUS_FAILED;
	return crypt_verify_plain_password(port->user_name, verifier, password, logdetail) ?
		AUTH_STATUS_OK : AUTH_STATUS_FAILED;
}

const uint8_t *auth_fixed_md5_salt = NULL;
const char *auth_fixed_scram_nonce = NULL;

/* "md5" with an md5 verifier (or none): salted double md5. */
static AuthStatus
auth_md5(const Port *port, const char *verifier, const char **logdetail)
{
	uint8_t		salt[CRYPT_MD5_SALT_LEN];
	char	   *response;

	if (auth_fixed_md5_salt != NULL)
		memcpy(salt, auth_fixed_md5_salt, sizeof(salt));
	else if (RAND_bytes(salt, sizeof(salt)) != 1)
		ereport(FATAL, errcode(ERRCODE_INTERNAL_ERROR),
				errmsg("could not generate random MD5 salt"));
	send_auth_request(AUTH_REQ_MD5, salt, sizeof(salt));
	if ((response = read_password_message()) == NULL)
		return AUTH_STATUS_EOF;
	if (verifier == NULL)
		return AUTH_STATUS_FAILED;
	return crypt_verify_md5_response(port->user_name, verifier, response, salt, logdetail) ?
		AUTH_STATUS_OK : AUTH_STATUS_FAILED;
}

/*
 * Read one SASL message into buf.  Returns false at EOF; *failed is set
 * when the message could not be read whole (PostgreSQL then fails the
 * authentication rather than exiting quietly).
 */
static bool
read_sasl_message(StringBuf *buf, bool *failed)
{
	int			mtype = pq_getbyte();

	*failed = false;
	if (mtype == EOF)
		return false;
	if (mtype != 'p')
		ereport(FATAL, errcode(ERRCODE_PROTOCOL_VIOLATION),
				errmsg("expected SASL response, got message type %d", mtype));
	strbuf_init(buf);
	if (pq_getmessage(buf, PQ_MAX_AUTH_TOKEN_LENGTH) == EOF)
	{
		*failed = true;
		return false;
	}
	return true;
}

/*
 * SCRAM-SHA-256 through SASL.  verifier may be NULL or not SCRAM: the
 * exchange then runs with a mock secret and fails at the end.
 * Errors: FATAL 08P01 on protocol violations (from here, pqformat or
 * scram.c, whose ERRORs are FATAL during authentication).
 */
static AuthStatus
auth_scram(const Port *port, const char *verifier, const char **logdetail)
{
	/* The mechanism list: one name, then an empty one ending the list. */
	static const char mechanisms[] = SCRAM_SHA_256_NAME "\0";
	ScramState *state = NULL;
	ScramStatus result;

	send_auth_request(AUTH_REQ_SASL, mechanisms, sizeof(mechanisms));
	do
	{
		StringBuf	buf;
		bool		failed;
		const char *input;
		int			inputlen;
		char	   *output;
		int			outputlen;

		if (!read_sasl_message(&buf, &failed))
			return failed ? AUTH_STATUS_FAILED : AUTH_STATUS_EOF;
		if (state == NULL)
		{
			/* SASLInitialResponse */
			const char *mechanism = pq_get_string(&buf);

			if (strcmp(mechanism, SCRAM_SHA_256_NAME) != 0)
				ereport(FATAL, errcode(ERRCODE_PROTOCOL_VIOLATION),
						errmsg("client selected an invalid SASL authentication mechanism"));
			state = scram_begin(port->user_name, verifier, auth_fixed_scram_nonce);
			inputlen = (int32_t) pq_get_int32(&buf);
			input = inputlen == -1 ? NULL : pq_get_bytes(&buf, inputlen);
		}
		else
		{
			inputlen = pq_remaining(&buf);
			input = pq_get_bytes(&buf, inputlen);
		}
		pq_get_end(&buf);
		result = scram_exchange(state, input, inputlen, &output, &outputlen, logdetail);
		if (output != NULL)
			send_auth_request(result == SCRAM_SUCCESS ? AUTH_REQ_SASL_FIN : AUTH_REQ_SASL_CONT,
							  output, outputlen);
	} while (result == SCRAM_CONTINUE);
	return result == SCRAM_SUCCESS ? AUTH_STATUS_OK : AUTH_STATUS_FAILED;
}

/* md5 and scram-sha-256 rules: pick the exchange from the stored verifier. */
static AuthStatus
auth_challenge(const Port *port, const HbaLine *line, const char **logdetail)
{
	char	   *verifier = get_role_verifier(port->user_name, logdetail);

	/*
	 * Without a verifier, pretend the role has one of the default type: that
	 * blends in best with the roles that do exist.
	 */
	int			type = verifier ? crypt_verifier_type(verifier) : guc_password_encryption;

	if (line->auth_method == HBA_AUTH_MD5 && type == PASSWORD_TYPE_MD5)
		return auth_md5(port, verifier, logdetail);
	return auth_scram(port, verifier, logdetail);
}

/*
 * 28P01 to the client; the reason and the matched rule to the server log
 * only (see the file header).
 */
static pg_noreturn void
report_auth_failure(const Port *port, const HbaLine *line, const char *logdetail)
{
	char	   *matched = psprintf("Connection matched pg_hba.conf line %d: \"%s\"",
								   line->line_number, line->raw_line);

	ereport(FATAL, errcode(ERRCODE_INVALID_PASSWORD),
			errmsg("password authentication failed for user \"%s\"", port->user_name),
			errdetail_log("%s", logdetail ? psprintf("%s\n%s", logdetail, matched) : matched));
	__builtin_unreachable();
}

/* The client's TCP address: from the socket, else from the text form. */
static void
client_address(const Port *port, struct sockaddr_storage *out)
{
	socklen_t	len = sizeof(*out);
	struct addrinfo hints;
	struct addrinfo *res = NULL;

	memset(out, 0, sizeof(*out));
	if (port->client.fd >= 0 && getpeername(port->client.fd, (struct sockaddr *) out, &len) == 0 &&
		(out->ss_family == AF_INET || out->ss_family == AF_INET6))
		return;
	memset(out, 0, sizeof(*out));
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST;
	if (getaddrinfo(port->client.host, NULL, &hints, &res) == 0 && res != NULL)
		memcpy(out, res->ai_addr, Min((size_t) res->ai_addrlen, sizeof(*out)));
	if (res != NULL)
		freeaddrinfo(res);
}

static const HbaLine *
find_hba_line(const Port *port)
{
	const char *path = (guc_hba_file && guc_hba_file[0]) ? guc_hba_file : "pg_hba.conf";
	List	   *lines = hba_load_file(path);
	HbaClient	client;

	memset(&client, 0, sizeof(client));
	client.is_local = port->client.is_unix;
	client.database = port->database_name;
	client.user = port->user_name;
	client.is_member = role_member;
	if (!client.is_local)
		client_address(port, &client.addr);
	return hba_find_match(lines, &client);
}

void
auth_client(Port *port)
{
	MemoryContext auth_context = memctx_create(CurrentMemoryContext, "AuthContext");
	MemoryContext old = memctx_switch_to(auth_context);
	const HbaLine *line = find_hba_line(port);
	const char *logdetail = NULL;
	AuthStatus	status = AUTH_STATUS_FAILED;

	if (line == NULL)
		ereport(FATAL, errcode(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION),
				errmsg("no pg_hba.conf entry for host \"%s\", user \"%s\", database \"%s\", %s",
					   port->client.host, port->user_name, port->database_name,
					   "no encryption"));
	switch (line->auth_method)
	{
		case HBA_AUTH_TRUST:
			status = AUTH_STATUS_OK;
			break;
		case HBA_AUTH_REJECT:
			ereport(FATAL, errcode(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION),
					errmsg("pg_hba.conf rejects connection for host \"%s\", user \"%s\", database \"%s\", %s",
						   port->client.host, port->user_name, port->database_name,
						   "no encryption"));
			break;
		case HBA_AUTH_PASSWORD:
			status = auth_password(port, &logdetail);
			break;
		case HBA_AUTH_MD5:
		case HBA_AUTH_SCRAM_SHA_256:
			status = auth_challenge(port, line, &logdetail);
			break;
	}
	if (status == AUTH_STATUS_EOF)
		proc_exit(0);
	if (status != AUTH_STATUS_OK)
		report_auth_failure(port, line, logdetail);
	send_auth_request(AUTH_REQ_OK, NULL, 0);
	memctx_switch_to(old);
	memctx_delete(auth_context);
}
