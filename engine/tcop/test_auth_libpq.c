/*-------------------------------------------------------------------------
 * test_auth_libpq.c
 *	  End-to-end test of client authentication (tcop/auth.c) with the real
 *	  libpq as the client.
 *
 * What: for trust, password, md5 and scram-sha-256 rules, the right
 * password connects and a wrong one is refused with exactly PostgreSQL's
 * 'password authentication failed for user "x"'; an md5 rule lets a SCRAM
 * role in through SCRAM; unknown roles, roles without a password and
 * roles whose verifier does not fit the method are refused with the same
 * client message while the server log gets the reason (and the client does
 * not); no matching rule and reject rules give PostgreSQL's 28000 texts
 * for Unix-socket ("[local]") and TCP (127.0.0.1) clients; a malformed
 * pg_hba.conf refuses the connection with the parse error; a client that
 * has no password to give (libpq closes the connection, as psql does
 * before prompting) ends the backend with status 0 and nothing logged.
 * How: a temporary directory holds pg_hba.conf and the server log; the
 * test listens on a Unix socket there and on 127.0.0.1; for each
 * connection it forks a child that accepts once and runs what a backend
 * runs (pq_init_socket, startup_read_packet, auth_client with a test role
 * lookup), then sends ReadyForQuery and waits for Terminate; the parent
 * connects with PQconnectdb and checks the outcome, the child's exit status
 * and the log it wrote on stderr.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <cmocka.h>
#include <libpq-fe.h>

#include "tcop/auth.h"
#include "tcop/crypt.h"
#include "tcop/elog_client.h"
#include "tcop/port.h"
#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "tcop/startup.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

static char tmpdir[64];
static char *hba_path;
static char *log_path;
static int	unix_fd = -1;
static int	tcp_fd = -1;
static int	tcp_port;

/* The test's role catalog: name -> verifier (NULL: no password). */
static struct
{
	const char *name;
	char	   *verifier;
}			roles[3];

static bool
test_role_lookup(const char *role_name, char **verifier_out)
{
	for (size_t i = 0; i < lengthof(roles); i++)
		if (strcmp(roles[i].name, role_name) == 0)
		{
			*verifier_out = roles[i].verifier ? pstrdup(roles[i].verifier) : NULL;
			return true;
		}
	return false;
}

static int
listen_unix(const char *path)
{
	struct sockaddr_un sun;
	int			fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	assert_true(strlen(path) < sizeof(sun.sun_path));
	strcpy(sun.sun_path, path);
	assert_int_equal(bind(fd, (struct sockaddr *) &sun, sizeof(sun)), 0);
	assert_int_equal(listen(fd, 4), 0);
	return fd;
}

static int
listen_tcp_loopback(int *port)
{
	struct sockaddr_in sin;
	socklen_t	len = sizeof(sin);
	int			fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *) &sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *) &sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

static int
setup(void **state)
{
	(void) state;
	memctx_init();
	guc_init();
	strcpy(tmpdir, "/tmp/test_auth_XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	memctx_switch_to(TopMemoryContext);
	hba_path = psprintf("%s/pg_hba.conf", tmpdir);
	log_path = psprintf("%s/server.log", tmpdir);
	guc_set("hba_file", hba_path, PGC_POSTMASTER, PGC_S_OVERRIDE, false, ERROR);
	tcp_fd = listen_tcp_loopback(&tcp_port);
	unix_fd = listen_unix(psprintf("%s/.s.PGSQL.%d", tmpdir, tcp_port));

	roles[0].name = "scram_user";
	roles[0].verifier = crypt_make_verifier("scram_user", "scram pw", PASSWORD_TYPE_SCRAM_SHA_256);
	roles[1].name = "md5_user";
	roles[1].verifier = crypt_make_verifier("md5_user", "md5pw", PASSWORD_TYPE_MD5);
	roles[2].name = "nopw_user";
	roles[2].verifier = NULL;
	return 0;
}

static int
teardown(void **state)
{
	(void) state;
	close(unix_fd);
	close(tcp_fd);
	unlink(psprintf("%s/.s.PGSQL.%d", tmpdir, tcp_port));
	unlink(hba_path);
	unlink(log_path);
	rmdir(tmpdir);
	return 0;
}

/* The child: one backend's connection start, with stderr as server log. */
static pg_noreturn void
serve_one_connection(int listen_fd, bool is_tcp)
{
	int			log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	struct sockaddr_storage peer;
	socklen_t	len = sizeof(peer);
	int			fd;

	dup2(log_fd, STDERR_FILENO);
	fd = accept(listen_fd, (struct sockaddr *) &peer, &len);
	if (fd < 0)
		_exit(5);
	memctx_switch_to(TopMemoryContext);
	MyPort = palloc0(sizeof(Port));
	MyPort->client.fd = fd;
	MyPort->client.is_unix = !is_tcp;
	if (is_tcp)
	{
		inet_ntop(AF_INET, &((struct sockaddr_in *) &peer)->sin_addr,
				  MyPort->client.host, sizeof(MyPort->client.host));
		MyPort->client.port = ntohs(((struct sockaddr_in *) &peer)->sin_port);
	}
	else
		strcpy(MyPort->client.host, "[local]");
	pq_init_socket(fd);
	elog_client_install();
	auth_set_role_lookup(test_role_lookup);
	if (startup_read_packet(MyPort) != STARTUP_OK)
		_exit(3);
	auth_client(MyPort);
	pq_send_ready_for_query('I');
	pq_flush();
	_exit(pq_getbyte() == 'X' ? 0 : 4);
}

typedef struct Outcome
{
	bool		ok;
	char		error[1024];	/* PQerrorMessage */
	int			exit_status;	/* the child's */
	char		log[4096];		/* what the child logged */
} Outcome;

static void
write_hba(const char *text)
{
	FILE	   *f = fopen(hba_path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* 10 s, or MINIPG_TEST_SLOWDOWN times that (ci/valgrind sets it). */
static int
connect_timeout_s(void)
{
	const char *slow = getenv("MINIPG_TEST_SLOWDOWN");
	int			factor = slow != NULL ? atoi(slow) : 1;

	return 10 * (factor > 0 ? factor : 1);
}

/* Connect once as user (password NULL: none) over Unix socket or TCP. */
static Outcome
try_connect(bool tcp, const char *user, const char *password)
{
	Outcome		out;
	char		conninfo[512];
	int			status = 0;

	memset(&out, 0, sizeof(out));
	snprintf(conninfo, sizeof(conninfo),
			 "host=%s port=%d user=%s dbname=shop%s%s%s passfile=/nonexistent "
			 "sslmode=disable gssencmode=disable connect_timeout=%d",
			 tcp ? "127.0.0.1" : tmpdir, tcp_port, user,
			 password ? " password='" : "", password ? password : "", password ? "'" : "",
			 connect_timeout_s());
	fflush(stdout);
	fflush(stderr);

	pid_t		pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		serve_one_connection(tcp ? tcp_fd : unix_fd, tcp);

	PGconn	   *conn = PQconnectdb(conninfo);

	out.ok = PQstatus(conn) == CONNECTION_OK;
	snprintf(out.error, sizeof(out.error), "%s", PQerrorMessage(conn));
	PQfinish(conn);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	out.exit_status = WEXITSTATUS(status);

	FILE	   *f = fopen(log_path, "r");

	if (f)
	{
		size_t		n = fread(out.log, 1, sizeof(out.log) - 1, f);

		out.log[n] = '\0';
		fclose(f);
	}
	return out;
}

static void
expect_ok(bool tcp, const char *user, const char *password)
{
	Outcome		o = try_connect(tcp, user, password);

	if (!o.ok || o.exit_status != 0)
		fail_msg("%s/%s: not connected (exit %d): %s\nlog: %s", user,
				 password ? password : "-", o.exit_status, o.error, o.log);
}

/* Refused with FATAL message (exact last line of libpq's text). */
static Outcome
expect_fatal(bool tcp, const char *user, const char *password, const char *message)
{
	Outcome		o = try_connect(tcp, user, password);
	char	   *expect = psprintf("failed: FATAL:  %s\n", message);
	size_t		elen = strlen(expect);
	size_t		len = strlen(o.error);

	assert_false(o.ok);
	if (len < elen || strcmp(o.error + len - elen, expect) != 0)
		fail_msg("expected ...%s got %s", expect, o.error);
	assert_int_equal(o.exit_status, 1);
	/* What the client saw is in the server log too. */
	assert_non_null(strstr(o.log, psprintf("FATAL:  %s\n", message)));
	return o;
}

static void
expect_password_failure(bool tcp, const char *user, const char *password,
						const char *log_detail, int hba_line, const char *hba_text)
{
	Outcome		o = expect_fatal(tcp, user, password,
								 psprintf("password authentication failed for user \"%s\"", user));
	char	   *matched = psprintf("Connection matched pg_hba.conf line %d: \"%s\"",
								   hba_line, hba_text);

	/* The reason is logged, never sent to the client. */
	if (log_detail)
	{
		if (strstr(o.log, psprintf("DETAIL:  %s\n\t%s\n", log_detail, matched)) == NULL)
			fail_msg("log lacks detail \"%s\": %s", log_detail, o.log);
	}
	else if (strstr(o.log, psprintf("DETAIL:  %s\n", matched)) == NULL)
		fail_msg("log lacks \"%s\": %s", matched, o.log);
	assert_null(strstr(o.error, "DETAIL"));
	assert_null(strstr(o.error, "pg_hba.conf line"));
}

static void
test_trust_and_reject(void **state)
{
	(void) state;
	write_hba("local all nopw_user reject\n"
			  "local all all trust\n"
			  "host all all 127.0.0.1/32 trust\n");
	expect_ok(false, "anyone", NULL);
	expect_ok(true, "scram_user", "ignored");
	expect_fatal(false, "nopw_user", NULL,
				 "pg_hba.conf rejects connection for host \"[local]\", user \"nopw_user\", database \"shop\", no encryption");
}

static void
test_no_hba_entry(void **state)
{
	(void) state;
	write_hba("local other all trust\n"
			  "host all all ::1/128 trust\n");
	expect_fatal(false, "alice", NULL,
				 "no pg_hba.conf entry for host \"[local]\", user \"alice\", database \"shop\", no encryption");
	expect_fatal(true, "alice", NULL,
				 "no pg_hba.conf entry for host \"127.0.0.1\", user \"alice\", database \"shop\", no encryption");
}

static void
test_password_method(void **state)
{
	(void) state;
	write_hba("# cleartext\nlocal all all password\n");
	expect_ok(false, "scram_user", "scram pw");
	expect_ok(false, "md5_user", "md5pw");
	expect_password_failure(false, "scram_user", "wrong",
							"Password does not match for user \"scram_user\".", 2, "local all all password");
	expect_password_failure(false, "md5_user", "wrong",
							"Password does not match for user \"md5_user\".", 2, "local all all password");
	expect_password_failure(false, "ghost", "x",
							"Role \"ghost\" does not exist.", 2, "local all all password");
	expect_password_failure(false, "nopw_user", "x",
							"User \"nopw_user\" has no password assigned.", 2, "local all all password");
}

static void
test_md5_method(void **state)
{
	(void) state;
	write_hba("local all all md5\nhost all all 127.0.0.1/32 md5\n");
	expect_ok(false, "md5_user", "md5pw");
	expect_ok(true, "md5_user", "md5pw");
	/* A SCRAM role on an md5 rule authenticates through SCRAM. */
	expect_ok(false, "scram_user", "scram pw");
	expect_password_failure(false, "md5_user", "wrong",
							"Password does not match for user \"md5_user\".", 1, "local all all md5");
	expect_password_failure(true, "scram_user", "wrong", NULL, 2, "host all all 127.0.0.1/32 md5");
	expect_password_failure(false, "ghost", "x",
							"Role \"ghost\" does not exist.", 1, "local all all md5");
}

static void
test_scram_method(void **state)
{
	(void) state;
	write_hba("local all all scram-sha-256\n");
	expect_ok(false, "scram_user", "scram pw");
	expect_password_failure(false, "scram_user", "scram  pw", NULL, 1, "local all all scram-sha-256");
	expect_password_failure(false, "md5_user", "md5pw",
							"User \"md5_user\" does not have a valid SCRAM secret.", 1,
							"local all all scram-sha-256");
	expect_password_failure(false, "nopw_user", "x",
							"User \"nopw_user\" has no password assigned.", 1, "local all all scram-sha-256");
	expect_password_failure(false, "ghost", "x",
							"Role \"ghost\" does not exist.", 1, "local all all scram-sha-256");
}

static void
test_client_without_password(void **state)
{
	(void) state;
	static const char *const methods[] = {"password", "md5", "scram-sha-256"};

	for (size_t i = 0; i < lengthof(methods); i++)
	{
		write_hba(psprintf("local all all %s\n", methods[i]));

		Outcome		o = try_connect(false, "md5_user", NULL);

		assert_false(o.ok);
		assert_non_null(strstr(o.error, "fe_sendauth: no password supplied"));
		/* Normal exit, nothing logged: psql reconnects after prompting. */
		if (o.exit_status != 0 || o.log[0] != '\0')
			fail_msg("%s: exit %d, log: %s", methods[i], o.exit_status, o.log);
	}
}

static void
test_bad_hba_file(void **state)
{
	(void) state;
	write_hba("local all all trust\n\nhots all all 127.0.0.1/32 trust\n");
	Outcome		o = try_connect(false, "alice", NULL);
	char	   *report = psprintf("FATAL:  invalid connection type \"hots\"\n"
								  "CONTEXT:  line 3 of configuration file \"%s\"\n", hba_path);

	assert_false(o.ok);
	assert_int_equal(o.exit_status, 1);
	if (strstr(o.error, report) == NULL)
		fail_msg("expected %s, client got %s", report, o.error);
	/* The log has the same two lines, each with the log line prefix. */
	assert_non_null(strstr(o.log, "FATAL:  invalid connection type \"hots\"\n"));
	assert_non_null(strstr(o.log, strstr(report, "CONTEXT:  ")));
	unlink(hba_path);
	expect_fatal(false, "alice", NULL,
				 psprintf("could not open configuration file \"%s\": No such file or directory", hba_path));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trust_and_reject),
		cmocka_unit_test(test_no_hba_entry),
		cmocka_unit_test(test_password_method),
		cmocka_unit_test(test_md5_method),
		cmocka_unit_test(test_scram_method),
		cmocka_unit_test(test_client_without_password),
		cmocka_unit_test(test_bad_hba_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
