/*-------------------------------------------------------------------------
 * hba.h
 *	  pg_hba.conf: parsing the file into rules and finding the rule that
 *	  applies to a connection.
 *
 * Role: PostgreSQL's host-based authentication file, same syntax and
 * semantics.  One rule per line:
 *	local      DATABASE USER METHOD [OPTIONS]
 *	host...    DATABASE USER ADDRESS METHOD [OPTIONS]
 *	host...    DATABASE USER IP-ADDRESS IP-MASK METHOD [OPTIONS]
 * host... is host, hostssl, hostnossl, hostgssenc or hostnogssenc.
 * Fields are separated by blanks; a field is a comma-separated list of
 * tokens; double quotes protect blanks, commas and '#' and take a keyword's
 * special meaning away ("all" quoted is a database named all); "" inside
 * quotes is a literal quote; '#' starts a comment; a backslash at the end
 * of a line joins the next line; an unquoted token @FILE is replaced by the
 * tokens of FILE (relative to this file's directory).
 *
 * Semantics: the first line whose connection type, database, user and
 * address all match the connection decides the method.  hostssl and
 * hostgssenc lines never match (this server offers no encryption);
 * hostnossl and hostnogssenc match every TCP connection.  The database
 * keyword "replication" never matches (no replication connections).
 *
 * Invariants:
 *	- Parsing stops at the first bad line with ERROR F0000 (PostgreSQL's
 *	  message, e.g. 'invalid connection type "x"') and CONTEXT
 *	  'line N of configuration file "PATH"'; it never crashes, and @FILE
 *	  nesting is bounded.
 *	- Matching does no I/O except for host-name rules (DNS lookups) and
 *	  samehost/samenet (the server's interface list).
 *
 * Entry points: hba_load_file, hba_parse_text, hba_find_match.
 * See also: tcop/auth.c (uses the matched rule), tcop/README-auth.md.
 *-------------------------------------------------------------------------
 */
#ifndef HBA_H
#define HBA_H

#include <sys/socket.h>

#include "common/minipg.h"
#include "utils/list.h"

typedef enum HbaConnType
{
	HBA_CONN_LOCAL,
	HBA_CONN_HOST,
	HBA_CONN_HOSTSSL,
	HBA_CONN_HOSTNOSSL,
	HBA_CONN_HOSTGSSENC,
	HBA_CONN_HOSTNOGSSENC,
} HbaConnType;

typedef enum HbaAuthMethod
{
	HBA_AUTH_TRUST,
	HBA_AUTH_REJECT,
	HBA_AUTH_PASSWORD,
	HBA_AUTH_MD5,
	HBA_AUTH_SCRAM_SHA_256,
} HbaAuthMethod;

typedef enum HbaAddrMatch
{
	HBA_ADDR_MASK,				/* addr/mask */
	HBA_ADDR_ALL,				/* "all" */
	HBA_ADDR_SAMEHOST,			/* any of the server's own addresses */
	HBA_ADDR_SAMENET,			/* any subnet the server is directly on */
	HBA_ADDR_HOSTNAME,			/* host name or .domain suffix */
} HbaAddrMatch;

/* One token of a field: its text (quotes removed) and whether it was quoted. */
typedef struct HbaToken
{
	char	   *string;
	bool		quoted;
} HbaToken;

/* One parsed rule. */
typedef struct HbaLine
{
	int			line_number;	/* first physical line of the rule */
	char	   *raw_line;		/* the rule's text, for log messages */
	HbaConnType conn_type;
	List	   *databases;		/* of HbaToken * */
	List	   *roles;			/* of HbaToken * */
	HbaAddrMatch addr_match;	/* host lines only */
	struct sockaddr_storage addr;	/* HBA_ADDR_MASK */
	struct sockaddr_storage mask;
	char	   *hostname;		/* HBA_ADDR_HOSTNAME */
	HbaAuthMethod auth_method;
	char	   *clientcert;		/* option value, or NULL (hostssl only) */
} HbaLine;

/* Is role a member of group?  (Installed by the role catalog.) */
typedef bool (*hba_role_member_fn) (const char *role, const char *group);

/* What matching needs to know about a connection. */
typedef struct HbaClient
{
	bool		is_local;		/* Unix-domain socket */
	struct sockaddr_storage addr;	/* TCP peer address */
	const char *database;
	const char *user;
	/* NULL: a role is a member of itself only. */
	hba_role_member_fn is_member;
} HbaClient;

/*
 * Read and parse the file at path.  Returns a List of HbaLine * (NIL for a
 * file without rules), allocated in CurrentMemoryContext.
 * Errors: ERROR (errcode_for_file_access) 'could not open configuration
 * file "PATH": ...'; ERROR F0000 with CONTEXT for the first bad line.
 */
List	   *hba_load_file(const char *path);

/*
 * Parse text as the contents of a file named filename (used in CONTEXT
 * lines and to resolve @FILE inclusions).  Errors as hba_load_file.
 */
List	   *hba_parse_text(const char *text, const char *filename);

/* The first rule matching client, or NULL when none does. */
const HbaLine *hba_find_match(const List *lines, const HbaClient *client);

/* "local", "host", ...; "trust", "md5", ... (for messages and tests). */
const char *hba_conn_type_name(HbaConnType type);
const char *hba_auth_method_name(HbaAuthMethod method);

#endif							/* HBA_H */
