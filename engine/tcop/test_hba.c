/*-------------------------------------------------------------------------
 * test_hba.c
 *	  Unit tests for tcop/hba.c: pg_hba.conf parsing and rule matching.
 *
 * What: a file using every supported form (comments, blank lines, quotes,
 * comma lists with blanks, backslash continuation, CIDR and mask
 * addresses, keywords, options, @FILE inclusion) parses into the expected
 * rules, line numbers and raw texts; each kind of bad line raises ERROR
 * F0000 with the exact message, hint and CONTEXT line that PostgreSQL 15
 * reports for it (taken from the reference server's pg_hba_file_rules view
 * and reload log); matching: local versus host, IPv4/IPv6 CIDR with /0,
 * /32, /128 and the two-field mask form, database and user lists, all,
 * sameuser, samerole and +group (with and without a membership function),
 * quoted keywords, replication never matching, first match wins, hostssl
 * and hostgssenc never matching, hostnossl matching TCP, samehost/samenet,
 * host names (reverse and forward lookup of 127.0.0.1 where it has a name).
 * How: hba_parse_text() on literal texts; ERRORs caught with ELOG_TRY;
 * expected addresses come from inet_pton, not from the code under test.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "tcop/hba.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

static int
setup(void **state)
{
	(void) state;
	memctx_init();
	guc_init();
	return 0;
}

static const HbaLine *
rule(List *rules, int i)
{
	return list_nth(rules, i);
}

static const HbaToken *
tok(List *tokens, int i)
{
	return list_nth(tokens, i);
}

static void
assert_addr(const struct sockaddr_storage *ss, const char *text)
{
	if (strchr(text, ':'))
	{
		struct in6_addr expect;

		assert_int_equal(inet_pton(AF_INET6, text, &expect), 1);
		assert_int_equal(ss->ss_family, AF_INET6);
		assert_memory_equal(&((const struct sockaddr_in6 *) ss)->sin6_addr, &expect, 16);
	}
	else
	{
		struct in_addr expect;

		assert_int_equal(inet_pton(AF_INET, text, &expect), 1);
		assert_int_equal(ss->ss_family, AF_INET);
		assert_memory_equal(&((const struct sockaddr_in *) ss)->sin_addr, &expect, 4);
	}
}

static const char good_file[] =
"# TYPE  DATABASE  USER  ADDRESS  METHOD\n"
"\n"
"local   all       all                 trust   # comment\n"
"host    shop,\"All\" alice, bob 127.0.0.1/32 md5\n"
"host    sameuser  +admins  10.1.2.3  255.0.0.0  password\n"
"hostnossl \"a\"\"b\" all ::1/128 scram-sha-256\n"
"hostssl all all 0.0.0.0/0 \\\n"
"   reject clientcert=verify-full\n"
"   \t  \n"
"host all all samenet reject\r\n"
"hostgssenc replication all all trust\n"
"hostnogssenc all all fe80::/10 trust\n";

static void
test_parse_good_file(void **state)
{
	(void) state;
	List	   *rules = hba_parse_text(good_file, "/data/pg_hba.conf");
	const HbaLine *r;

	assert_int_equal(list_length(rules), 8);

	r = rule(rules, 0);
	assert_int_equal(r->line_number, 3);
	assert_int_equal(r->conn_type, HBA_CONN_LOCAL);
	assert_int_equal(r->auth_method, HBA_AUTH_TRUST);
	assert_string_equal(r->raw_line, "local   all       all                 trust   # comment");
	assert_string_equal(tok(r->databases, 0)->string, "all");
	assert_false(tok(r->databases, 0)->quoted);

	r = rule(rules, 1);
	assert_int_equal(r->line_number, 4);
	assert_int_equal(r->conn_type, HBA_CONN_HOST);
	assert_int_equal(list_length(r->databases), 2);
	assert_string_equal(tok(r->databases, 1)->string, "All");
	assert_true(tok(r->databases, 1)->quoted);
	/* "alice, bob": a comma followed by blanks continues the list. */
	assert_int_equal(list_length(r->roles), 2);
	assert_string_equal(tok(r->roles, 0)->string, "alice");
	assert_string_equal(tok(r->roles, 1)->string, "bob");
	assert_int_equal(r->addr_match, HBA_ADDR_MASK);
	assert_addr(&r->addr, "127.0.0.1");
	assert_addr(&r->mask, "255.255.255.255");
	assert_int_equal(r->auth_method, HBA_AUTH_MD5);

	r = rule(rules, 2);
	assert_string_equal(tok(r->roles, 0)->string, "+admins");
	assert_addr(&r->addr, "10.1.2.3");
	assert_addr(&r->mask, "255.0.0.0");
	assert_int_equal(r->auth_method, HBA_AUTH_PASSWORD);

	r = rule(rules, 3);
	assert_int_equal(r->conn_type, HBA_CONN_HOSTNOSSL);
	assert_string_equal(tok(r->databases, 0)->string, "a\"b");
	assert_addr(&r->addr, "::1");
	assert_addr(&r->mask, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	assert_int_equal(r->auth_method, HBA_AUTH_SCRAM_SHA_256);

	/* A continued line counts as its first physical line; text is joined. */
	r = rule(rules, 4);
	assert_int_equal(r->line_number, 7);
	assert_string_equal(r->raw_line, "hostssl all all 0.0.0.0/0    reject clientcert=verify-full");
	assert_addr(&r->mask, "0.0.0.0");
	assert_string_equal(r->clientcert, "verify-full");

	r = rule(rules, 5);
	assert_int_equal(r->line_number, 10);
	assert_int_equal(r->addr_match, HBA_ADDR_SAMENET);
	assert_string_equal(r->raw_line, "host all all samenet reject");

	r = rule(rules, 6);
	assert_int_equal(r->conn_type, HBA_CONN_HOSTGSSENC);
	assert_int_equal(r->addr_match, HBA_ADDR_ALL);

	r = rule(rules, 7);
	assert_int_equal(r->conn_type, HBA_CONN_HOSTNOGSSENC);
	assert_int_equal(r->line_number, 12);
	assert_addr(&r->mask, "ffc0::");
}

typedef struct BadLine
{
	const char *line;
	const char *message;
	const char *hint;			/* NULL: none */
} BadLine;

/* Messages as PostgreSQL 15 reports them for the same lines. */
static const BadLine bad_lines[] = {
	{"hots all all 127.0.0.1/32 trust", "invalid connection type \"hots\"", NULL},
	{"HOST all all 127.0.0.1/32 trust", "invalid connection type \"HOST\"", NULL},
	{"\"\" all all", "invalid connection type \"\"", NULL},
	{"host,local all all 127.0.0.1/32 md5", "multiple values specified for connection type",
	"Specify exactly one connection type per line."},
	{"host", "end-of-line before database specification", NULL},
	{"host all", "end-of-line before role specification", NULL},
	{"host all all", "end-of-line before IP address specification", NULL},
	{"host all all 127.0.0.1/32", "end-of-line before authentication method", NULL},
	{"local all all", "end-of-line before authentication method", NULL},
	{"host all all 127.0.0.1", "end-of-line before netmask specification",
	"Specify an address range in CIDR notation, or provide a separate netmask."},
	{"host all all 127.0.0.256/32 trust",
	"specifying both host name and CIDR mask is invalid: \"127.0.0.256/32\"", NULL},
	{"host all all all/32 md5", "specifying both host name and CIDR mask is invalid: \"all/32\"", NULL},
	{"host all all /32 md5", "specifying both host name and CIDR mask is invalid: \"/32\"", NULL},
	{"host all all 127.0.0.1/33 trust", "invalid CIDR mask in address \"127.0.0.1/33\"", NULL},
	{"host all all 127.0.0.1/-1 trust", "invalid CIDR mask in address \"127.0.0.1/-1\"", NULL},
	{"host all all 127.0.0.1/ab trust", "invalid CIDR mask in address \"127.0.0.1/ab\"", NULL},
	{"host all all ::1/129 trust", "invalid CIDR mask in address \"::1/129\"", NULL},
	{"host all all ::1/ md5", "invalid CIDR mask in address \"::1/\"", NULL},
	{"host all all 127.0.0.1 trust", "invalid IP mask \"trust\": Name or service not known", NULL},
	{"host all all 1.2.3 md5", "invalid IP mask \"md5\": Name or service not known", NULL},
	{"host all all 127.0.0.1 255.255.255.0x trust",
	"invalid IP mask \"255.255.255.0x\": Name or service not known", NULL},
	{"host all all 127.0.0.1 255.255.255.0,x md5", "multiple values specified for netmask", NULL},
	{"host all all ::1 255.255.255.0 trust", "IP address and mask do not match", NULL},
	{"host all all 127.0.0.1/32,::1/128 md5", "multiple values specified for host address",
	"Specify one address range per line."},
	{"host all all 127.0.0.1/32 md5,trust", "multiple values specified for authentication type",
	"Specify exactly one authentication type per line."},
	{"host all all 127.0.0.1/32 x", "invalid authentication method \"x\"", NULL},
	{"host all all 127.0.0.1/32 Trust", "invalid authentication method \"Trust\"", NULL},
	{"host all all 127.0.0.1/32 krb5", "invalid authentication method \"krb5\"", NULL},
	{"host all all 127.0.0.1/32 \"md5\"x", "invalid authentication method \"md5x\"", NULL},
	{"local all all \"\"", "invalid authentication method \"\"", NULL},
	{"local all all 127.0.0.1/32 trust", "invalid authentication method \"127.0.0.1/32\"", NULL},
	{"host all all all 255.0.0.0 md5", "invalid authentication method \"255.0.0.0\"", NULL},
	{"host all all 127.0.0.1/32 bsd", "invalid authentication method \"bsd\": not supported by this build", NULL},
	{"host all all 127.0.0.1/32 trust foo", "authentication option not in name=value format: foo", NULL},
	{"host all all 127.0.0.1/32 md5 \"\"", "authentication option not in name=value format: ", NULL},
	{"host all all 127.0.0.1/32 reject extra", "authentication option not in name=value format: extra", NULL},
	{"host all all 127.0.0.1/32 trust foo=bar", "unrecognized authentication option name: \"foo\"", NULL},
	{"host all all 127.0.0.1/32 md5 a=b=c", "unrecognized authentication option name: \"a\"", NULL},
	{"host all all 127.0.0.1/32 md5 map=x",
	"authentication option \"map\" is only valid for authentication methods ident, peer, gssapi, sspi, and cert", NULL},
	{"host all all 127.0.0.1/32 md5 radiusservers=x",
	"authentication option \"radiusservers\" is only valid for authentication methods radius", NULL},
	{"host all all 127.0.0.1/32 md5 clientcert=verify-full",
	"clientcert can only be configured for \"hostssl\" rows", NULL},
	{"host all all 127.0.0.1/32 md5 clientcert=", "clientcert can only be configured for \"hostssl\" rows", NULL},
	{"hostssl all all 127.0.0.1/32 md5 clientcert=bogus", "invalid value for clientcert: \"bogus\"", NULL},
	{"hostssl all all 127.0.0.1/32 md5 clientcert=verify-ca,verify-full",
	"authentication option not in name=value format: verify-full", NULL},
	/* An unterminated quote swallows the rest of the line. */
	{"host all \"unterminated 127.0.0.1/32 trust", "end-of-line before IP address specification", NULL},
	{"host all, all 127.0.0.1/32 trust", "end-of-line before authentication method", NULL},
	/* '#' inside an unquoted token starts a comment. */
	{"host a#b all all trust", "end-of-line before role specification", NULL},
};

/* Parse text expecting ERROR sqlstate, message/hint at line_number of file. */
static void
expect_parse_error_code(const char *text, const char *file, int line_number,
						const char *sqlstate, const char *message, const char *hint)
{
	volatile bool caught = false;

	ELOG_TRY();
	{
		hba_parse_text(text, file);
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();
		char		context[256];

		caught = true;
		snprintf(context, sizeof(context), "line %d of configuration file \"%s\"",
				 line_number, file);
		assert_string_equal(e->sqlstate, sqlstate);
		assert_string_equal(e->message, message);
		if (hint)
			assert_string_equal(e->hint, hint);
		else
			assert_null(e->hint);
		assert_string_equal(e->context, context);
		elog_flush_error();
	}
	ELOG_END_TRY();
	if (!caught)
		fail_msg("no error for: %s", text);
}

static void
expect_parse_error(const char *text, const char *file, int line_number,
				   const char *message, const char *hint)
{
	expect_parse_error_code(text, file, line_number, "F0000", message, hint);
}

static void
test_bad_lines(void **state)
{
	(void) state;
	for (size_t i = 0; i < lengthof(bad_lines); i++)
	{
		/* A good line, a comment and a blank line first: the bad one is line 4. */
		char	   *text = psprintf("local all all trust\n# x\n\n%s\nhost all all all trust\n",
									bad_lines[i].line);

		expect_parse_error(text, "/data/pg_hba.conf", 4, bad_lines[i].message, bad_lines[i].hint);
	}
	/* The line number of a continued rule is its first line. */
	expect_parse_error("local all all trust\nhost all all \\\n 127.0.0.1/32 \\\n bogus\n",
					   "hba", 2, "invalid authentication method \"bogus\"", NULL);
}

static char tmpdir[64];

static char *
write_file(const char *name, const char *text)
{
	char	   *path = psprintf("%s/%s", tmpdir, name);
	FILE	   *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_files_and_includes(void **state)
{
	(void) state;
	volatile bool caught = false;

	strcpy(tmpdir, "/tmp/test_hba_XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	write_file("users", "carol, dave\n# comment\n\"eve\" frank\n");
	write_file("loop", "@loop\n");

	char	   *hba = write_file("pg_hba.conf", "host all alice,@users 127.0.0.1/32 md5\n");
	List	   *rules = hba_load_file(hba);
	const HbaLine *r = rule(rules, 0);

	/* @users (relative to the hba file's directory) expands in place. */
	assert_int_equal(list_length(r->roles), 5);
	assert_string_equal(tok(r->roles, 0)->string, "alice");
	assert_string_equal(tok(r->roles, 1)->string, "carol");
	assert_string_equal(tok(r->roles, 2)->string, "dave");
	assert_string_equal(tok(r->roles, 3)->string, "eve");
	assert_true(tok(r->roles, 3)->quoted);
	assert_string_equal(tok(r->roles, 4)->string, "frank");
	/* Quoted, it is a plain name. */
	rules = hba_parse_text("host all \"@users\" all md5\n", hba);
	assert_string_equal(tok(rule(rules, 0)->roles, 0)->string, "@users");

	expect_parse_error_code("local all all trust\nlocal all @missing trust\n", hba, 2, "58P01",
							psprintf("could not open secondary authentication file \"@missing\" as \"%s/missing\": No such file or directory",
								tmpdir), NULL);
	/* A self-inclusion stops at the nesting bound instead of recursing. */
	ELOG_TRY();
	{
		hba_parse_text("local all @loop trust\n", hba);
	}
	ELOG_CATCH();
	{
		caught = true;
		assert_non_null(strstr(elog_current_error()->message, "maximum nesting depth exceeded"));
		elog_flush_error();
	}
	ELOG_END_TRY();
	assert_true(caught);

	/* A missing pg_hba.conf. */
	caught = false;
	ELOG_TRY();
	{
		hba_load_file(psprintf("%s/nonexistent.conf", tmpdir));
	}
	ELOG_CATCH();
	{
		caught = true;
		assert_string_equal(elog_current_error()->message,
							psprintf("could not open configuration file \"%s/nonexistent.conf\": No such file or directory",
									 tmpdir));
		assert_string_equal(elog_current_error()->sqlstate, "58P01");
		elog_flush_error();
	}
	ELOG_END_TRY();
	assert_true(caught);

	/* Empty and comment-only files have no rules. */
	assert_null(hba_parse_text("", "x"));
	assert_null(hba_parse_text("# nothing\n\n   \n", "x"));

	unlink(psprintf("%s/users", tmpdir));
	unlink(psprintf("%s/loop", tmpdir));
	unlink(hba);
	rmdir(tmpdir);
}

/* ---- matching ---- */

static HbaClient
tcp_client(const char *addr, const char *db, const char *user)
{
	HbaClient	c;

	memset(&c, 0, sizeof(c));
	c.database = db;
	c.user = user;
	if (strchr(addr, ':'))
	{
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *) &c.addr;

		s6->sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, addr, &s6->sin6_addr), 1);
	}
	else
	{
		struct sockaddr_in *s4 = (struct sockaddr_in *) &c.addr;

		s4->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, addr, &s4->sin_addr), 1);
	}
	return c;
}

static HbaClient
local_client(const char *db, const char *user)
{
	HbaClient	c;

	memset(&c, 0, sizeof(c));
	c.is_local = true;
	c.database = db;
	c.user = user;
	return c;
}

/* Line number of the matching rule, 0 for none. */
static int
match_line(List *rules, HbaClient c)
{
	const HbaLine *r = hba_find_match(rules, &c);

	return r ? r->line_number : 0;
}

static void
test_match_type_and_address(void **state)
{
	(void) state;
	List	   *rules = hba_parse_text(
									   "local all all trust\n"	/* 1 */
									   "host all all 10.0.0.0/8 md5\n"	/* 2 */
									   "host all all 192.168.1.7/32 password\n"	/* 3 */
									   "host all all 172.16.0.0 255.240.0.0 reject\n"	/* 4 */
									   "host all all ::1/128 scram-sha-256\n"	/* 5 */
									   "host all all 2001:db8::/32 md5\n"	/* 6 */
									   "host all all ::/0 reject\n"	/* 7 */
									   "host all all 0.0.0.0/0 trust\n",	/* 8 */
									   "t");

	assert_int_equal(match_line(rules, local_client("db", "u")), 1);
	assert_int_equal(match_line(rules, tcp_client("10.255.0.1", "db", "u")), 2);
	assert_int_equal(match_line(rules, tcp_client("11.0.0.1", "db", "u")), 8);
	assert_int_equal(match_line(rules, tcp_client("192.168.1.7", "db", "u")), 3);
	assert_int_equal(match_line(rules, tcp_client("192.168.1.8", "db", "u")), 8);
	assert_int_equal(match_line(rules, tcp_client("172.31.255.255", "db", "u")), 4);
	assert_int_equal(match_line(rules, tcp_client("172.32.0.0", "db", "u")), 8);
	assert_int_equal(match_line(rules, tcp_client("::1", "db", "u")), 5);
	assert_int_equal(match_line(rules, tcp_client("2001:db8:ffff::1", "db", "u")), 6);
	assert_int_equal(match_line(rules, tcp_client("2001:db9::1", "db", "u")), 7);
	/* An IPv4 rule never matches an IPv6 client and vice versa. */
	rules = hba_parse_text("host all all 0.0.0.0/0 trust\n", "t");
	assert_int_equal(match_line(rules, tcp_client("::ffff:10.0.0.1", "db", "u")), 0);
	assert_int_equal(match_line(rules, local_client("db", "u")), 0);
	rules = hba_parse_text("host all all ::/0 trust\n", "t");
	assert_int_equal(match_line(rules, tcp_client("127.0.0.1", "db", "u")), 0);
}

static void
test_match_ssl_types(void **state)
{
	(void) state;
	List	   *rules = hba_parse_text(
									   "hostssl all all all trust\n"	/* 1 */
									   "hostgssenc all all all trust\n"	/* 2 */
									   "hostnossl all alice all trust\n"	/* 3 */
									   "hostnogssenc all all all md5\n"	/* 4 */
									   "local all all reject\n",	/* 5 */
									   "t");

	assert_int_equal(match_line(rules, tcp_client("127.0.0.1", "db", "alice")), 3);
	assert_int_equal(match_line(rules, tcp_client("127.0.0.1", "db", "bob")), 4);
	assert_int_equal(match_line(rules, local_client("db", "alice")), 5);
}

static bool
test_membership(const char *role, const char *group)
{
	return (strcmp(group, "admins") == 0 && strcmp(role, "alice") == 0) ||
		(strcmp(group, "shop") == 0 && strcmp(role, "bob") == 0);
}

static void
test_match_database_and_user(void **state)
{
	(void) state;
	List	   *rules = hba_parse_text(
									   "local shop,\"all\" alice,carol md5\n"	/* 1 */
									   "local sameuser all password\n"	/* 2 */
									   "local samerole all scram-sha-256\n"	/* 3 */
									   "local replication all trust\n"	/* 4 */
									   "local \"replication\" all reject\n"	/* 5 */
									   "local all +admins trust\n"	/* 6 */
									   "local all \"+admins\" md5\n"	/* 7 */
									   "local all \"all\" password\n",	/* 8 */
									   "t");
	HbaClient	c;

	assert_int_equal(match_line(rules, local_client("shop", "alice")), 1);
	assert_int_equal(match_line(rules, local_client("shop", "carol")), 1);
	/* Quoted "all" is a database named all. */
	assert_int_equal(match_line(rules, local_client("all", "carol")), 1);
	assert_int_equal(match_line(rules, local_client("dave", "dave")), 2);
	/* samerole: without a membership function, only the role itself. */
	assert_int_equal(match_line(rules, local_client("shop", "shop")), 2);
	c = local_client("shop", "bob");
	assert_int_equal(match_line(rules, c), 0);
	c.is_member = test_membership;
	assert_int_equal(match_line(rules, c), 3);
	/* The replication keyword never matches a normal connection. */
	assert_int_equal(match_line(rules, local_client("replication", "zed")), 5);
	/* +admins: members of admins; the role admins itself too by default. */
	assert_int_equal(match_line(rules, local_client("other", "admins")), 6);
	c = local_client("other", "alice");
	assert_int_equal(match_line(rules, c), 0);
	c.is_member = test_membership;
	assert_int_equal(match_line(rules, c), 6);
	/* Quoted "+admins" is a role named +admins; quoted "all" a role named all. */
	assert_int_equal(match_line(rules, local_client("other", "+admins")), 7);
	assert_int_equal(match_line(rules, local_client("other", "all")), 8);
	assert_int_equal(match_line(rules, local_client("other", "zed")), 0);
	/* Names are case sensitive. */
	assert_int_equal(match_line(rules, local_client("SHOP", "alice")), 0);
}

static void
test_first_match_wins(void **state)
{
	(void) state;
	List	   *rules = hba_parse_text(
									   "host shop alice 127.0.0.1/32 reject\n"
									   "host all all 127.0.0.1/32 md5\n"
									   "host all alice 127.0.0.1/32 trust\n",
									   "t");
	const HbaLine *r;
	HbaClient	c = tcp_client("127.0.0.1", "shop", "alice");

	r = hba_find_match(rules, &c);
	assert_int_equal(r->auth_method, HBA_AUTH_REJECT);
	c = tcp_client("127.0.0.1", "other", "alice");
	r = hba_find_match(rules, &c);
	assert_int_equal(r->auth_method, HBA_AUTH_MD5);
	assert_int_equal(r->line_number, 2);
}

/* Is the IPv4 address on a subnet of one of this machine's interfaces? */
static bool
on_local_subnet(const char *text)
{
	struct ifaddrs *ifs;
	struct in_addr a;
	bool		found = false;

	assert_int_equal(inet_pton(AF_INET, text, &a), 1);
	assert_int_equal(getifaddrs(&ifs), 0);
	for (struct ifaddrs *i = ifs; i; i = i->ifa_next)
	{
		if (i->ifa_addr == NULL || i->ifa_netmask == NULL || i->ifa_addr->sa_family != AF_INET)
			continue;
		uint32_t	ia = ((struct sockaddr_in *) i->ifa_addr)->sin_addr.s_addr;
		uint32_t	im = ((struct sockaddr_in *) i->ifa_netmask)->sin_addr.s_addr;

		found |= (ia & im) == (a.s_addr & im);
	}
	freeifaddrs(ifs);
	return found;
}

static void
test_match_samehost_samenet(void **state)
{
	(void) state;
	List	   *rules = hba_parse_text("host all all samehost trust\n"
									   "host all all samenet md5\n", "t");
	static const char *const candidates[] = {"203.0.113.77", "198.51.100.77", "192.0.2.77"};
	const char *foreign = NULL;

	/* Every Linux host has 127.0.0.1/8 on its loopback interface. */
	assert_int_equal(match_line(rules, tcp_client("127.0.0.1", "db", "u")), 1);
	assert_int_equal(match_line(rules, tcp_client("127.0.0.2", "db", "u")), 2);
	assert_int_equal(match_line(rules, tcp_client("::1", "db", "u")), 1);
	/* A documentation address that is on none of this machine's subnets. */
	for (size_t i = 0; i < lengthof(candidates) && foreign == NULL; i++)
		if (!on_local_subnet(candidates[i]))
			foreign = candidates[i];
	assert_non_null(foreign);
	assert_int_equal(match_line(rules, tcp_client(foreign, "db", "u")), 0);
}

static void
test_match_hostname(void **state)
{
	(void) state;
	List	   *rules = hba_parse_text("host all all example.invalid trust\n"
									   "host all all .invalid md5\n", "t");
	struct sockaddr_in sin;
	char		name[NI_MAXHOST];

	assert_int_equal(rule(rules, 0)->addr_match, HBA_ADDR_HOSTNAME);
	assert_string_equal(rule(rules, 0)->hostname, "example.invalid");
	assert_string_equal(rule(rules, 1)->hostname, ".invalid");
	/* No address has a name in the reserved .invalid domain. */
	assert_int_equal(match_line(rules, tcp_client("127.0.0.1", "db", "u")), 0);

	/* Where 127.0.0.1 has a name (/etc/hosts), a rule naming it matches. */
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (getnameinfo((struct sockaddr *) &sin, sizeof(sin), name, sizeof(name), NULL, 0,
					NI_NAMEREQD) == 0)
	{
		rules = hba_parse_text(psprintf("host all all %s trust\n", name), "t");
		assert_int_equal(match_line(rules, tcp_client("127.0.0.1", "db", "u")), 1);
		assert_int_equal(match_line(rules, tcp_client("127.0.0.2", "db", "u")), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good_file),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_files_and_includes),
		cmocka_unit_test(test_match_type_and_address),
		cmocka_unit_test(test_match_ssl_types),
		cmocka_unit_test(test_match_database_and_user),
		cmocka_unit_test(test_first_match_wins),
		cmocka_unit_test(test_match_samehost_samenet),
		cmocka_unit_test(test_match_hostname),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
