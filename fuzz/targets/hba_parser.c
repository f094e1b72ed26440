/*-------------------------------------------------------------------------
 * hba_parser.c
 *	  Fuzz target: pg_hba.conf parsing (tcop/hba.c, hba_parse_text) and
 *	  matching the parsed rules against a Unix-socket client and two TCP
 *	  clients (host-name rules left out for those: no DNS lookups).
 *
 * Input: the file's text.  Correct behaviour: a rule list, or ERROR F0000
 * (with the line in CONTEXT); never a crash or a sanitizer report.  The
 * file is parsed as if at /nonexistent/pg_hba.conf, so relative @FILE
 * inclusions find nothing.
 *-------------------------------------------------------------------------
 */
#include "fuzz_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "tcop/hba.h"
#include "utils/list.h"

/*
 * Host-name rules make matching a TCP client resolve names (getaddrinfo):
 * slow, and dependent on the machine's DNS.  The TCP clients are matched
 * against the other rules only; the host names are still parsed.
 */
static List *
without_hostname_rules(List *rules)
{
	List	   *out = NIL;
	ListCell   *lc;

	foreach(lc, rules)
	{
		HbaLine    *h = lfirst(lc);

		if (h->conn_type == HBA_CONN_LOCAL || h->addr_match != HBA_ADDR_HOSTNAME)
			out = lappend(out, h);
	}
	return out;
}

static void
match_all(List *all_rules)
{
	List	   *rules = without_hostname_rules(all_rules);

	HbaClient	local,
				tcp4,
				tcp6;

	memset(&local, 0, sizeof(local));
	local.is_local = true;
	local.database = "postgres";
	local.user = "alice";
	(void) hba_find_match(all_rules, &local);

	memset(&tcp4, 0, sizeof(tcp4));
	tcp4.database = "shop";
	tcp4.user = "postgres";
	((struct sockaddr_in *) &tcp4.addr)->sin_family = AF_INET;
	inet_pton(AF_INET, "10.1.2.3", &((struct sockaddr_in *) &tcp4.addr)->sin_addr);
	(void) hba_find_match(rules, &tcp4);

	memset(&tcp6, 0, sizeof(tcp6));
	tcp6.database = "replication";
	tcp6.user = "bob";
	((struct sockaddr_in6 *) &tcp6.addr)->sin6_family = AF_INET6;
	inet_pton(AF_INET6, "fe80::1", &((struct sockaddr_in6 *) &tcp6.addr)->sin6_addr);
	(void) hba_find_match(rules, &tcp6);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_begin();

	char	   *text = fuzz_cstring(data, size);

	ELOG_TRY();
	{
		List	   *rules = hba_parse_text(text, "/nonexistent/pg_hba.conf");
		ListCell   *lc;

		foreach(lc, rules)
		{
			HbaLine    *h = lfirst(lc);

			(void) hba_conn_type_name(h->conn_type);
			(void) hba_auth_method_name(h->auth_method);
		}
		match_all(rules);
	}
	ELOG_CATCH();
	{
		if (elog_current_error()->sqlstate[0] == '\0')
			abort();
	}
	ELOG_END_TRY();
	fuzz_reset();
	return 0;
}
