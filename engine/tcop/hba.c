/*-------------------------------------------------------------------------
 * hba.c
 *	  pg_hba.conf parsing and matching (see hba.h for the syntax and the
 *	  contract).
 *
 * Parsing has two stages, as in PostgreSQL:
 *	1. tokenize: split the text into logical lines (joining backslash
 *	   continuations), each a list of fields, each field a list of tokens
 *	   (expanding @FILE inclusions);
 *	2. parse_rule: check one line's fields in order (connection type,
 *	   database, user, address [mask], method, options) and build an
 *	   HbaLine, reporting the first problem with PostgreSQL's message.
 *
 * Addresses are parsed with getaddrinfo(AI_NUMERICHOST), which is what
 * decides, as in PostgreSQL, whether a token is an IP address or a host
 * name (and why "1.2.3" is the address 1.2.0.3).
 *-------------------------------------------------------------------------
 */
#include "tcop/hba.h"

#include <errno.h>
#include <ifaddrs.h>
#include <libgen.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

/* Bound on @FILE nesting (an inclusion cycle must not recurse forever). */
#define HBA_MAX_INCLUDE_DEPTH 10

/* Where we are, for error CONTEXT lines. */
typedef struct HbaParseCtx
{
	const char *filename;
	int			line_number;
	int			depth;			/* @FILE nesting */
} HbaParseCtx;

#define hba_error(ctx, ...) \
	ereport(ERROR, errcode(ERRCODE_CONFIG_FILE_ERROR), __VA_ARGS__, \
			errcontext_msg("line %d of configuration file \"%s\"", \
						   (ctx)->line_number, (ctx)->filename))

static const struct
{
	const char *name;
	HbaConnType type;
}			conn_types[] = {
	{"local", HBA_CONN_LOCAL},
	{"host", HBA_CONN_HOST},
	{"hostssl", HBA_CONN_HOSTSSL},
	{"hostnossl", HBA_CONN_HOSTNOSSL},
	{"hostgssenc", HBA_CONN_HOSTGSSENC},
	{"hostnogssenc", HBA_CONN_HOSTNOGSSENC},
};

static const struct
{
	const char *name;
	HbaAuthMethod method;
}			auth_methods[] = {
	{"trust", HBA_AUTH_TRUST},
	{"reject", HBA_AUTH_REJECT},
	{"password", HBA_AUTH_PASSWORD},
	{"md5", HBA_AUTH_MD5},
	{"scram-sha-256", HBA_AUTH_SCRAM_SHA_256},
};

/* Methods PostgreSQL knows that this server does not implement. */
static const char *const unsupported_methods[] = {
	"ident", "peer", "gss", "sspi", "pam", "bsd", "ldap", "cert", "radius",
};

/* Options of those methods, and the methods PostgreSQL names for each. */
static const struct
{
	const char *name;
	const char *methods;
}			foreign_options[] = {
	{"map", "ident, peer, gssapi, sspi, and cert"},
	{"include_realm", "gssapi and sspi"},
	{"krb_realm", "gssapi and sspi"},
	{"compat_realm", "sspi"},
	{"upn_username", "sspi"},
	{"pamservice", "pam"},
	{"pam_use_hostname", "pam"},
	{"ldapurl", "ldap"}, {"ldaptls", "ldap"}, {"ldapscheme", "ldap"},
	{"ldapserver", "ldap"}, {"ldapport", "ldap"}, {"ldapbinddn", "ldap"},
	{"ldapbindpasswd", "ldap"}, {"ldapsearchattribute", "ldap"},
	{"ldapsearchfilter", "ldap"}, {"ldapbasedn", "ldap"},
	{"ldapprefix", "ldap"}, {"ldapsuffix", "ldap"},
	{"radiusservers", "radius"}, {"radiusserver", "radius"},
	{"radiussecrets", "radius"}, {"radiussecret", "radius"},
	{"radiusidentifiers", "radius"}, {"radiusidentifier", "radius"},
	{"radiusports", "radius"}, {"radiusport", "radius"},
};

const char *
hba_conn_type_name(HbaConnType type)
{
	for (size_t i = 0; i < lengthof(conn_types); i++)
		if (conn_types[i].type == type)
			return conn_types[i].name;
	return "???";
}

const char *
hba_auth_method_name(HbaAuthMethod method)
{
	for (size_t i = 0; i < lengthof(auth_methods); i++)
		if (auth_methods[i].method == method)
			return auth_methods[i].name;
	return "???";
}

/* ---- stage 1: tokenizing ---- */

static List *tokenize_text(const char *text, HbaParseCtx *ctx, List **raw_lines,
						   List **line_numbers);

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool
is_keyword(const HbaToken *tok, const char *keyword)
{
	return !tok->quoted && strcmp(tok->string, keyword) == 0;
}

/*
 * Read the next token of a line into buf.  Leading blanks and commas are
 * skipped; the token ends at an unquoted blank, comma (reported through
 * *trailing_comma: the field's list goes on) or '#' (the rest of the line
 * is a comment).  Returns false when the line has no further token.
 */
static bool
next_token(const char **lineptr, StringBuf *buf, bool *quoted, bool *trailing_comma)
{
	const char *p = *lineptr;
	bool		in_quote = false;
	bool		was_quote = false;
	bool		saw_quote = false;

	strbuf_reset(buf);
	*trailing_comma = false;
	while (*p && (is_blank(*p) || *p == ','))
		p++;
	while (*p && (!is_blank(*p) || in_quote))
	{
		char		c = *p++;

		if (c == '#' && !in_quote)
		{
			p += strlen(p);
			break;
		}
		if (c == ',' && !in_quote)
		{
			*trailing_comma = true;
			break;
		}
		/* A quote is dropped, except the second of "" inside quotes. */
		if (c != '"' || was_quote)
			strbuf_append_char(buf, c);
		was_quote = (in_quote && c == '"') ? !was_quote : false;
		if (c == '"')
		{
			in_quote = !in_quote;
			saw_quote = true;
		}
	}
	*lineptr = p;
	*quoted = saw_quote;
	return saw_quote || buf->len > 0;
}

static char *
resolve_include(const char *including_file, const char *target)
{
	if (target[0] == '/')
		return pstrdup(target);

	char	   *copy = pstrdup(including_file);

	return psprintf("%s/%s", dirname(copy), target);
}

static char *
read_whole_file(FILE *f)
{
	StringBuf	text;
	char		chunk[4096];
	size_t		n;

	strbuf_init(&text);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_append_bytes(&text, chunk, (int) n);
	return text.data;
}

/* @FILE: every token of every line of FILE joins the current field. */
static List *
tokenize_include(List *tokens, const HbaParseCtx *ctx, const char *target)
{
	char	   *path = resolve_include(ctx->filename, target);
	FILE	   *f;

	if (ctx->depth >= HBA_MAX_INCLUDE_DEPTH)
		hba_error(ctx, errmsg("could not open secondary authentication file \"@%s\" as \"%s\": %s",
							  target, path, "maximum nesting depth exceeded"));
	f = fopen(path, "r");
	if (f == NULL)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not open secondary authentication file \"@%s\" as \"%s\": %m",
					   target, path),
				errcontext_msg("line %d of configuration file \"%s\"",
							   ctx->line_number, ctx->filename));

	char	   *text = read_whole_file(f);
	HbaParseCtx inner = {path, 1, ctx->depth + 1};
	List	   *lines;
	ListCell   *lc_line;

	fclose(f);
	lines = tokenize_text(text, &inner, NULL, NULL);
	foreach(lc_line, lines)
	{
		ListCell   *lc_field;

		foreach(lc_field, (List *) lfirst(lc_line))
			tokens = list_concat(tokens, (List *) lfirst(lc_field));
	}
	return tokens;
}

/* One field: tokens joined by commas (a comma may be followed by blanks). */
static List *
next_field(const char **lineptr, StringBuf *buf, const HbaParseCtx *ctx)
{
	List	   *tokens = NIL;
	bool		quoted;
	bool		trailing_comma;

	do
	{
		if (!next_token(lineptr, buf, &quoted, &trailing_comma))
			break;
		if (!quoted && buf->data[0] == '@' && buf->data[1] != '\0')
			tokens = tokenize_include(tokens, ctx, pstrdup(buf->data + 1));
		else
		{
			HbaToken   *tok = palloc(sizeof(HbaToken));

			tok->string = pstrdup(buf->data);
			tok->quoted = quoted;
			tokens = lappend(tokens, tok);
		}
	} while (trailing_comma);
	return tokens;
}

/*
 * Split text into logical lines and those into fields.  Returns a List
 * (one per non-empty line) of Lists (fields) of Lists (tokens).  When
 * raw_lines/line_numbers are given, the text and first physical line number
 * of each returned line are appended to them.
 */
static List *
tokenize_text(const char *text, HbaParseCtx *ctx, List **raw_lines, List **line_numbers)
{
	List	   *result = NIL;
	const char *p = text;
	int			physical = 1;
	StringBuf	line;
	StringBuf	tokbuf;

	strbuf_init(&line);
	strbuf_init(&tokbuf);
	while (*p)
	{
		int			first_line = physical;

		strbuf_reset(&line);
		for (;;)
		{
			const char *eol = strchr(p, '\n');
			size_t		len = eol ? (size_t) (eol - p) : strlen(p);
			size_t		keep = len;

			while (keep > 0 && p[keep - 1] == '\r')
				keep--;

			bool		continued = keep > 0 && p[keep - 1] == '\\';

			strbuf_append_bytes(&line, p, (int) (continued ? keep - 1 : keep));
			p = eol ? eol + 1 : p + len;
			physical++;
			if (!continued || *p == '\0')
				break;
		}

		const char *lineptr = line.data;
		List	   *fields = NIL;

		ctx->line_number = first_line;
		while (*lineptr)
		{
			List	   *field = next_field(&lineptr, &tokbuf, ctx);

			if (field != NIL)
				fields = lappend(fields, field);
		}
		if (fields == NIL)
			continue;
		result = lappend(result, fields);
		if (raw_lines)
			*raw_lines = lappend(*raw_lines, pstrdup(line.data));
		if (line_numbers)
			*line_numbers = lappend_int(*line_numbers, first_line);
	}
	return result;
}

/* ---- stage 2: one rule ---- */

/* The fields of the line being parsed, consumed left to right. */
typedef struct FieldCursor
{
	List	   *fields;
	int			next;
} FieldCursor;

static List *
take_field(FieldCursor *fc)
{
	if (fc->next >= list_length(fc->fields))
		return NIL;
	return list_nth(fc->fields, fc->next++);
}

static HbaToken *
first_token(List *field)
{
	return list_nth(field, 0);
}

static HbaConnType
parse_conn_type(const HbaParseCtx *ctx, List *field)
{
	if (list_length(field) > 1)
		hba_error(ctx, errmsg("multiple values specified for connection type"),
				  errhint("Specify exactly one connection type per line."));

	const char *name = first_token(field)->string;

	for (size_t i = 0; i < lengthof(conn_types); i++)
		if (strcmp(name, conn_types[i].name) == 0)
			return conn_types[i].type;
	hba_error(ctx, errmsg("invalid connection type \"%s\"", name));
	return HBA_CONN_LOCAL;
}

/* Numeric address through getaddrinfo; returns its status (0 = parsed). */
static int
parse_numeric_addr(const char *str, struct sockaddr_storage *out)
{
	struct addrinfo hints;
	struct addrinfo *res = NULL;
	int			ret;

	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST;
	hints.ai_family = AF_UNSPEC;
	ret = getaddrinfo(str, NULL, &hints, &res);
	if (ret == 0 && res != NULL)
	{
		memset(out, 0, sizeof(*out));
		memcpy(out, res->ai_addr, Min((size_t) res->ai_addrlen, sizeof(*out)));
	}
	else if (ret == 0)
		ret = EAI_NONAME;
	if (res != NULL)
		freeaddrinfo(res);
	return ret;
}

/* The address bytes of an AF_INET/AF_INET6 sockaddr, and their count. */
static uint8_t *
addr_bytes(const struct sockaddr_storage *ss, int *len)
{
	if (ss->ss_family == AF_INET)
	{
		*len = 4;
		return (uint8_t *) &((struct sockaddr_in *) ss)->sin_addr;
	}
	if (ss->ss_family == AF_INET6)
	{
		*len = 16;
		return (uint8_t *) &((struct sockaddr_in6 *) ss)->sin6_addr;
	}
	*len = 0;
	return NULL;
}

/* A mask of bits_str leading one bits for family; false if invalid. */
static bool
make_cidr_mask(const char *bits_str, sa_family_t family, struct sockaddr_storage *mask)
{
	char	   *end;
	long		bits;
	int			len;
	uint8_t    *bytes;

	errno = 0;
	bits = strtol(bits_str, &end, 10);
	if (*bits_str == '\0' || *end != '\0' || errno != 0)
		return false;
	memset(mask, 0, sizeof(*mask));
	mask->ss_family = family;
	bytes = addr_bytes(mask, &len);
	if (bytes == NULL || bits < 0 || bits > len * 8)
		return false;
	for (int i = 0; i < len; i++, bits -= 8)
		bytes[i] = bits >= 8 ? 0xFF : bits <= 0 ? 0 : (uint8_t) (0xFF << (8 - bits));
	return true;
}

/* The separate IP-MASK field after an address without "/len". */
static void
parse_netmask(const HbaParseCtx *ctx, HbaLine *line, FieldCursor *fc)
{
	List	   *field = take_field(fc);

	if (field == NIL)
		hba_error(ctx, errmsg("end-of-line before netmask specification"),
				  errhint("Specify an address range in CIDR notation, or provide a separate netmask."));
	if (list_length(field) > 1)
		hba_error(ctx, errmsg("multiple values specified for netmask"));

	const char *str = first_token(field)->string;
	int			ret = parse_numeric_addr(str, &line->mask);

	if (ret != 0)
		hba_error(ctx, errmsg("invalid IP mask \"%s\": %s", str, gai_strerror(ret)));
	if (line->mask.ss_family != line->addr.ss_family)
		hba_error(ctx, errmsg("IP address and mask do not match"));
}

static void
parse_address(const HbaParseCtx *ctx, HbaLine *line, FieldCursor *fc)
{
	List	   *field = take_field(fc);

	if (field == NIL)
		hba_error(ctx, errmsg("end-of-line before IP address specification"));
	if (list_length(field) > 1)
		hba_error(ctx, errmsg("multiple values specified for host address"),
				  errhint("Specify one address range per line."));

	HbaToken   *tok = first_token(field);

	if (is_keyword(tok, "all") || is_keyword(tok, "samehost") || is_keyword(tok, "samenet"))
	{
		line->addr_match = is_keyword(tok, "all") ? HBA_ADDR_ALL :
			is_keyword(tok, "samehost") ? HBA_ADDR_SAMEHOST : HBA_ADDR_SAMENET;
		return;
	}

	char	   *str = pstrdup(tok->string);
	char	   *slash = strchr(str, '/');
	int			ret;

	if (slash)
		*slash = '\0';
	ret = parse_numeric_addr(str, &line->addr);
	if (ret == 0)
		line->addr_match = HBA_ADDR_MASK;
	else if (ret == EAI_NONAME)
	{
		line->addr_match = HBA_ADDR_HOSTNAME;
		line->hostname = str;
	}
	else
		hba_error(ctx, errmsg("invalid IP address \"%s\": %s", str, gai_strerror(ret)));

	if (line->addr_match == HBA_ADDR_HOSTNAME)
	{
		if (slash)
			hba_error(ctx, errmsg("specifying both host name and CIDR mask is invalid: \"%s\"",
								  tok->string));
	}
	else if (slash)
	{
		if (!make_cidr_mask(slash + 1, line->addr.ss_family, &line->mask))
			hba_error(ctx, errmsg("invalid CIDR mask in address \"%s\"", tok->string));
	}
	else
		parse_netmask(ctx, line, fc);
}

static HbaAuthMethod
parse_auth_method(const HbaParseCtx *ctx, List *field)
{
	if (list_length(field) > 1)
		hba_error(ctx, errmsg("multiple values specified for authentication type"),
				  errhint("Specify exactly one authentication type per line."));

	const char *name = first_token(field)->string;

	for (size_t i = 0; i < lengthof(auth_methods); i++)
		if (strcmp(name, auth_methods[i].name) == 0)
			return auth_methods[i].method;
	for (size_t i = 0; i < lengthof(unsupported_methods); i++)
		if (strcmp(name, unsupported_methods[i]) == 0)
			hba_error(ctx, errmsg("invalid authentication method \"%s\": not supported by this build",
								  name));
	hba_error(ctx, errmsg("invalid authentication method \"%s\"", name));
	return HBA_AUTH_REJECT;
}

/* One name=value option after the method. */
static void
parse_option(const HbaParseCtx *ctx, HbaLine *line, const HbaToken *tok)
{
	const char *eq = strchr(tok->string, '=');

	if (eq == NULL)
		hba_error(ctx, errmsg("authentication option not in name=value format: %s", tok->string));

	char	   *name = pnstrdup(tok->string, (size_t) (eq - tok->string));
	const char *value = eq + 1;

	if (strcmp(name, "clientcert") == 0)
	{
		if (line->conn_type != HBA_CONN_HOSTSSL)
			hba_error(ctx, errmsg("clientcert can only be configured for \"hostssl\" rows"));
		if (strcmp(value, "verify-full") != 0 && strcmp(value, "verify-ca") != 0)
			hba_error(ctx, errmsg("invalid value for clientcert: \"%s\"", value));
		line->clientcert = pstrdup(value);
		return;
	}
	for (size_t i = 0; i < lengthof(foreign_options); i++)
		if (strcmp(name, foreign_options[i].name) == 0)
			hba_error(ctx, errmsg("authentication option \"%s\" is only valid for authentication methods %s",
								  name, foreign_options[i].methods));
	hba_error(ctx, errmsg("unrecognized authentication option name: \"%s\"", name));
}

/* Build the rule of one tokenized line, or ERROR with PostgreSQL's message. */
static HbaLine *
parse_rule(const HbaParseCtx *ctx, List *fields, const char *raw_line)
{
	HbaLine    *line = palloc0(sizeof(HbaLine));
	FieldCursor fc = {fields, 0};
	List	   *field;

	line->line_number = ctx->line_number;
	line->raw_line = pstrdup(raw_line);
	line->conn_type = parse_conn_type(ctx, take_field(&fc));
	if ((line->databases = take_field(&fc)) == NIL)
		hba_error(ctx, errmsg("end-of-line before database specification"));
	if ((line->roles = take_field(&fc)) == NIL)
		hba_error(ctx, errmsg("end-of-line before role specification"));
	if (line->conn_type != HBA_CONN_LOCAL)
		parse_address(ctx, line, &fc);
	if ((field = take_field(&fc)) == NIL)
		hba_error(ctx, errmsg("end-of-line before authentication method"));
	line->auth_method = parse_auth_method(ctx, field);
	while ((field = take_field(&fc)) != NIL)
	{
		ListCell   *lc;

		foreach(lc, field)
			parse_option(ctx, line, lfirst(lc));
	}
	return line;
}

List *
hba_parse_text(const char *text, const char *filename)
{
	HbaParseCtx ctx = {filename, 0, 0};
	List	   *raw_lines = NIL;
	List	   *line_numbers = NIL;
	List	   *tokenized = tokenize_text(text, &ctx, &raw_lines, &line_numbers);
	List	   *rules = NIL;
	ListCell   *lc;

	foreach(lc, tokenized)
	{
		int			i = foreach_current_index(lc);

		ctx.line_number = list_nth_int(line_numbers, i);
		rules = lappend(rules, parse_rule(&ctx, lfirst(lc), list_nth(raw_lines, i)));
	}
	return rules;
}

List *
hba_load_file(const char *path)
{
	FILE	   *f = fopen(path, "r");

	if (f == NULL)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not open configuration file \"%s\": %m", path));

	char	   *text = read_whole_file(f);

	fclose(f);
	return hba_parse_text(text, path);
}

/* ---- matching ---- */

static bool
is_member(const HbaClient *client, const char *group)
{
	if (client->is_member != NULL)
		return client->is_member(client->user, group);
	return strcmp(client->user, group) == 0;
}

static bool
conn_type_matches(const HbaLine *line, const HbaClient *client)
{
	switch (line->conn_type)
	{
		case HBA_CONN_LOCAL:
			return client->is_local;
		case HBA_CONN_HOST:
		case HBA_CONN_HOSTNOSSL:
		case HBA_CONN_HOSTNOGSSENC:
			return !client->is_local;
		case HBA_CONN_HOSTSSL:
		case HBA_CONN_HOSTGSSENC:
			/* No SSL or GSSAPI encryption is ever negotiated here. */
			return false;
	}
	return false;
}

/* Is (a & mask) == (b & mask), all of the same family? */
static bool
masked_equal(const struct sockaddr_storage *a, const struct sockaddr_storage *b,
			 const struct sockaddr_storage *mask)
{
	int			alen,
				blen,
				mlen;
	const uint8_t *ab = addr_bytes(a, &alen);
	const uint8_t *bb = addr_bytes(b, &blen);
	const uint8_t *mb = addr_bytes(mask, &mlen);

	if (ab == NULL || a->ss_family != b->ss_family || a->ss_family != mask->ss_family)
		return false;
	for (int i = 0; i < alen; i++)
		if ((ab[i] & mb[i]) != (bb[i] & mb[i]))
			return false;
	return true;
}

static void
copy_sockaddr(struct sockaddr_storage *dst, const struct sockaddr *src)
{
	size_t		len = src->sa_family == AF_INET ? sizeof(struct sockaddr_in) :
		sizeof(struct sockaddr_in6);

	memset(dst, 0, sizeof(*dst));
	memcpy(dst, src, len);
}

/* samehost / samenet: compare with each of the server's interfaces. */
static bool
interface_matches(const HbaClient *client, bool same_net)
{
	struct ifaddrs *ifs = NULL;
	bool		found = false;

	if (getifaddrs(&ifs) != 0)
		return false;
	for (struct ifaddrs *ifa = ifs; ifa != NULL && !found; ifa = ifa->ifa_next)
	{
		struct sockaddr_storage addr,
					mask;

		if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != client->addr.ss_family ||
			(ifa->ifa_addr->sa_family != AF_INET && ifa->ifa_addr->sa_family != AF_INET6))
			continue;
		copy_sockaddr(&addr, ifa->ifa_addr);
		if (same_net && ifa->ifa_netmask != NULL)
		{
			copy_sockaddr(&mask, ifa->ifa_netmask);
			mask.ss_family = addr.ss_family;
		}
		else
			make_cidr_mask(addr.ss_family == AF_INET ? "32" : "128", addr.ss_family, &mask);
		found = masked_equal(&client->addr, &addr, &mask);
	}
	freeifaddrs(ifs);
	return found;
}

/* "name" matches exactly, ".domain" matches as a suffix; case-insensitive. */
static bool
hostname_pattern_matches(const char *pattern, const char *actual)
{
	size_t		plen = strlen(pattern);
	size_t		alen = strlen(actual);

	if (pattern[0] == '.')
		return alen >= plen && strcasecmp(pattern, actual + (alen - plen)) == 0;
	return strcasecmp(pattern, actual) == 0;
}

/*
 * A host-name rule: the client's address must resolve (reverse) to a name
 * that matches, and that name must resolve (forward) back to the address.
 */
static bool
hostname_matches(const HbaLine *line, const HbaClient *client)
{
	char		name[NI_MAXHOST];
	struct addrinfo hints;
	struct addrinfo *res = NULL;
	bool		found = false;
	socklen_t	salen = client->addr.ss_family == AF_INET ?
		sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);

	if (getnameinfo((const struct sockaddr *) &client->addr, salen, name, sizeof(name),
					NULL, 0, NI_NAMEREQD) != 0)
		return false;
	if (!hostname_pattern_matches(line->hostname, name))
		return false;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = client->addr.ss_family;
	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return false;
	for (struct addrinfo *ai = res; ai != NULL && !found; ai = ai->ai_next)
	{
		struct sockaddr_storage addr,
					mask;

		copy_sockaddr(&addr, ai->ai_addr);
		make_cidr_mask(addr.ss_family == AF_INET ? "32" : "128", addr.ss_family, &mask);
		found = masked_equal(&client->addr, &addr, &mask);
	}
	freeaddrinfo(res);
	return found;
}

static bool
address_matches(const HbaLine *line, const HbaClient *client)
{
	switch (line->addr_match)
	{
		case HBA_ADDR_ALL:
			return true;
		case HBA_ADDR_SAMEHOST:
			return interface_matches(client, false);
		case HBA_ADDR_SAMENET:
			return interface_matches(client, true);
		case HBA_ADDR_MASK:
			return masked_equal(&client->addr, &line->addr, &line->mask);
		case HBA_ADDR_HOSTNAME:
			return hostname_matches(line, client);
	}
	return false;
}

static bool
database_matches(const HbaLine *line, const HbaClient *client)
{
	ListCell   *lc;

	foreach(lc, line->databases)
	{
		const HbaToken *tok = lfirst(lc);

		if (is_keyword(tok, "all"))
			return true;
		if (is_keyword(tok, "sameuser"))
		{
			if (strcmp(client->database, client->user) == 0)
				return true;
		}
		else if (is_keyword(tok, "samerole") || is_keyword(tok, "samegroup"))
		{
			if (is_member(client, client->database))
				return true;
		}
		else if (is_keyword(tok, "replication"))
			continue;			/* only for replication connections */
		else if (strcmp(tok->string, client->database) == 0)
			return true;
	}
	return false;
}

static bool
role_matches(const HbaLine *line, const HbaClient *client)
{
	ListCell   *lc;

	foreach(lc, line->roles)
	{
		const HbaToken *tok = lfirst(lc);

		if (!tok->quoted && tok->string[0] == '+')
		{
			if (is_member(client, tok->string + 1))
				return true;
		}
		else if (is_keyword(tok, "all") || strcmp(tok->string, client->user) == 0)
			return true;
	}
	return false;
}

const HbaLine *
hba_find_match(const List *lines, const HbaClient *client)
{
	ListCell   *lc;

	foreach(lc, lines)
	{
		const HbaLine *line = lfirst(lc);

		if (!conn_type_matches(line, client))
			continue;
		if (!client->is_local && !address_matches(line, client))
			continue;
		if (database_matches(line, client) && role_matches(line, client))
			return line;
	}
	return NULL;
}
