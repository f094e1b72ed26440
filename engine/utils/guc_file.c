/*-------------------------------------------------------------------------
 * guc_file.c
 *	  Reading postgresql.conf and postgresql.auto.conf.
 *
 * Syntax accepted (PostgreSQL's):
 *	name = value		the '=' is optional; name is an identifier or two
 *						joined by a dot, never quoted
 *	value				a number with optional unit (128MB, 200ms), a bare
 *						word (on, localhost), or a single-quoted string in
 *						which '' and \' stand for a quote
 *	# comment			to end of line, anywhere outside quotes
 *	include 'file'		read another file (relative to this one);
 *	include_if_exists	the same, silently skipped when missing
 *
 * Applying is two-phase, as in PostgreSQL: every file is parsed first and a
 * syntax error or unknown name applies nothing; then values are set one by
 * one, a bad value only skipping its own line.
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "storage/ipc/proc.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

#define MAX_INCLUDE_DEPTH 10

typedef struct ConfLexer
{
	const char *p;
	const char *filename;
	int			lineno;
} ConfLexer;

static void
skip_blanks(ConfLexer *lx)
{
	while (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r')
		lx->p++;
	if (*lx->p == '#')
		while (*lx->p && *lx->p != '\n')
			lx->p++;
}

static bool
is_word_char(char c)
{
	return isalnum((unsigned char) c) || c == '_' || c == '.' || c == '-' ||
		c == '+' || c == ':' || c == '/' || c == '$' || c == '*';
}

/*
 * Read one token: a quoted string (returned unescaped) or a run of word
 * characters.  Returns NULL at end of line.  *bad receives the offending
 * text when the line is malformed.
 */
static char *
read_token(ConfLexer *lx, const char **bad)
{
	StringBuf	tok;

	skip_blanks(lx);
	if (*lx->p == '\0' || *lx->p == '\n')
		return NULL;
	strbuf_init(&tok);
	if (*lx->p == '\'')
	{
		lx->p++;
		for (;;)
		{
			if (*lx->p == '\0' || *lx->p == '\n')
			{
				*bad = "unterminated quoted string";
				return NULL;
			}
			if (*lx->p == '\'' && lx->p[1] == '\'')
			{
				strbuf_append_char(&tok, '\'');
				lx->p += 2;
			}
			else if (*lx->p == '\\' && lx->p[1] != '\0' && lx->p[1] != '\n')
			{
				char		c = lx->p[1];

				strbuf_append_char(&tok, c == 'n' ? '\n' : c == 't' ? '\t' : c);
				lx->p += 2;
			}
			else if (*lx->p == '\'')
			{
				lx->p++;
				break;
			}
			else
				strbuf_append_char(&tok, *lx->p++);
		}
		return tok.data;
	}
	while (is_word_char(*lx->p))
		strbuf_append_char(&tok, *lx->p++);
	if (tok.len == 0)
	{
		static char one[2];

		one[0] = *lx->p;
		one[1] = '\0';
		*bad = one;
		return NULL;
	}
	return tok.data;
}

/*
 * A setting's name is an identifier, or two joined by a dot (custom
 * settings): letters, digits, '_' and bytes >= 0x80, not starting with a
 * digit.  Anything else, a quoted string included, is a syntax error.
 */
static bool
is_setting_name(const char *name)
{
	int			parts = 0;

	for (const char *p = name;; p++)
	{
		const char *start = p;

		if (isdigit((unsigned char) *p))
			return false;
		while (isalnum((unsigned char) *p) || *p == '_' || (unsigned char) *p >= 0x80)
			p++;
		if (p == start || ++parts > 2)
			return false;
		if (*p == '\0')
			return true;
		if (*p != '.')
			return false;
	}
}

static bool parse_text_depth(const char *text, const char *filename, guc_file_callback fn,
							 void *arg, int elevel, int depth);

static bool
parse_file_depth(const char *path, guc_file_callback fn, void *arg, int elevel,
				 int depth, bool missing_ok)
{
	FILE	   *f;
	StringBuf	text;
	char		chunk[4096];
	size_t		n;

	if (depth > MAX_INCLUDE_DEPTH)
	{
		ereport(elevel, errcode(ERRCODE_CONFIG_FILE_ERROR),
				errmsg("could not open configuration file \"%s\": maximum nesting depth exceeded",
					   path));
		return false;
	}
	f = fopen(path, "r");
	if (f == NULL)
	{
		if (missing_ok && errno == ENOENT)
			return true;
		ereport(elevel, errcode_for_file_access(),
				errmsg("could not open configuration file \"%s\": %m", path));
		return false;
	}
	strbuf_init(&text);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_append_bytes(&text, chunk, (int) n);
	fclose(f);
	return parse_text_depth(text.data, path, fn, arg, elevel, depth);
}

static char *
resolve_include(const char *including_file, const char *target)
{
	if (target[0] == '/')
		return pstrdup(target);
	char	   *copy = pstrdup(including_file);

	return psprintf("%s/%s", dirname(copy), target);
}

static bool
parse_text_depth(const char *text, const char *filename, guc_file_callback fn,
				 void *arg, int elevel, int depth)
{
	ConfLexer	lx = {text, filename, 1};
	bool		ok = true;

	while (*lx.p)
	{
		const char *bad = NULL;
		const char *name_start;
		char	   *name;

		skip_blanks(&lx);
		name_start = lx.p;
		name = read_token(&lx, &bad);
		if (name != NULL && (*name_start == '\'' || !is_setting_name(name)))
		{
			/* PostgreSQL: a syntax error near the token as written. */
			bad = pnstrdup(name_start, (size_t) (lx.p - name_start));
			name = NULL;
		}
		if (name != NULL)
		{
			char	   *value;

			skip_blanks(&lx);
			if (*lx.p == '=')
				lx.p++;
			value = read_token(&lx, &bad);
			if (value != NULL)
			{
				skip_blanks(&lx);
				if (*lx.p != '\n' && *lx.p != '\0')
				{
					static char near[2];

					near[0] = *lx.p;
					bad = near;
					value = NULL;
				}
			}
			if (value == NULL)
			{
				ereport(elevel, errcode(ERRCODE_SYNTAX_ERROR),
						errmsg("syntax error in file \"%s\" line %d, near %s%s%s",
							   filename, lx.lineno,
							   bad ? "token \"" : "end of line",
							   bad ? bad : "", bad ? "\"" : ""));
				ok = false;
			}
			else if (strcasecmp(name, "include") == 0 ||
					 strcasecmp(name, "include_if_exists") == 0)
			{
				char	   *target = resolve_include(filename, value);

				if (!parse_file_depth(target, fn, arg, elevel, depth + 1,
									  strcasecmp(name, "include_if_exists") == 0))
					ok = false;
			}
			else
				fn(name, value, filename, lx.lineno, arg);
		}
		else if (bad != NULL)
		{
			ereport(elevel, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("syntax error in file \"%s\" line %d, near token \"%s\"",
						   filename, lx.lineno, bad));
			ok = false;
		}
		/* Skip the rest of the line. */
		while (*lx.p && *lx.p != '\n')
			lx.p++;
		if (*lx.p == '\n')
		{
			lx.p++;
			lx.lineno++;
		}
	}
	return ok;
}

bool
guc_parse_config_text(const char *text, const char *filename,
					  guc_file_callback fn, void *arg, int elevel)
{
	return parse_text_depth(text, filename, fn, arg, elevel, 0);
}

bool
guc_parse_config_file(const char *path, guc_file_callback fn, void *arg, int elevel)
{
	return parse_file_depth(path, fn, arg, elevel, 0, false);
}

/* Collected name/value pairs; later entries override earlier ones. */
typedef struct ConfItem
{
	char	   *name;
	char	   *value;
	const char *filename;
	int			lineno;
	bool		overridden;
} ConfItem;

typedef struct ConfItems
{
	ConfItem   *items;
	int			n;
	int			cap;
	bool		unknown_name;
	const char *unknown_file;	/* file of the first unknown name */
	int			elevel;			/* for unknown names */
} ConfItems;

static void
collect_item(const char *name, const char *value, const char *filename, int lineno, void *arg)
{
	ConfItems  *ci = arg;

	if (guc_find(name) == NULL)
	{
		ereport(ci->elevel, errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("unrecognized configuration parameter \"%s\" in file \"%s\" line %d",
					   name, filename, lineno));
		if (!ci->unknown_name)
			ci->unknown_file = pstrdup(filename);
		ci->unknown_name = true;
		return;
	}
	if (ci->n == ci->cap)
	{
		ci->cap = ci->cap ? ci->cap * 2 : 32;
		ci->items = ci->items ? repalloc(ci->items, sizeof(ConfItem) * (size_t) ci->cap)
			: palloc(sizeof(ConfItem) * (size_t) ci->cap);
	}
	for (int i = 0; i < ci->n; i++)
		if (strcasecmp(ci->items[i].name, name) == 0)
			ci->items[i].overridden = true;
	ci->items[ci->n++] = (ConfItem) {pstrdup(name), pstrdup(value), pstrdup(filename), lineno, false};
}

static int64_t conf_load_time_us = 0;

int64_t
guc_conf_load_time_us(void)
{
	return conf_load_time_us;
}

/* The data directory as an absolute path (file names in messages). */
static char *
absolute_datadir(const char *datadir)
{
	char		buf[PATH_MAX];

	if (datadir[0] != '/' && realpath(datadir, buf) != NULL)
		return pstrdup(buf);
	return pstrdup(datadir);
}

/*
 * Backend-context settings (log_connections...) are fixed for a session's
 * life: on reload only the postmaster takes them, for future sessions.
 */
static bool
fixed_for_this_session(const GucVariable *v, GucContext context)
{
	return context == PGC_SIGHUP && MyBackendType != B_POSTMASTER &&
		(v->context == PGC_BACKEND || v->context == PGC_SU_BACKEND);
}

/* Is this setting named by an item that was not overridden? */
static bool
named_in_files(const ConfItems *ci, const GucVariable *v)
{
	for (int i = 0; i < ci->n; i++)
		if (strcasecmp(ci->items[i].name, v->name) == 0)
			return true;
	return false;
}

/*
 * A postmaster-context setting met on reload: never applied; a different
 * value is reported and marks the setting pending_restart (55P02), as
 * PostgreSQL does.  Returns false when that counts as an error.
 */
static bool
reload_postmaster_setting(GucVariable *v, const char *value, int elevel)
{
	bool		changes;

	/* Compared even when the command line set it, as PostgreSQL does. */
	if (!guc_value_would_change(v, value, &changes))
		changes = true;
	if (!changes)
	{
		v->pending_restart = false;
		return true;
	}
	v->pending_restart = true;
	ereport(elevel, errcode(ERRCODE_CANT_CHANGE_RUNTIME_PARAM),
			errmsg("parameter \"%s\" cannot be changed without restarting the server",
				   v->name));
	return false;
}

bool
guc_load_config_files(const char *datadir, GucContext context)
{
	/*
	 * At server start a broken file is fatal; on reload only the postmaster
	 * (or a standalone process) logs what it finds, children read quietly
	 * (PostgreSQL uses DEBUG2 under the postmaster).
	 */
	bool		quiet = MyBackendType != B_POSTMASTER && MyBackendType != B_STANDALONE;
	int			elevel = (context == PGC_POSTMASTER) ? FATAL : quiet ? DEBUG2 : LOG;
	int			item_elevel = (context == PGC_POSTMASTER) ? LOG : elevel;
	MemoryContext cxt = memctx_create(CurrentMemoryContext, "config file");
	MemoryContext old = memctx_switch_to(cxt);
	ConfItems	ci = {0};
	char	   *dir = absolute_datadir(datadir);
	char	   *conf = psprintf("%s/postgresql.conf", dir);
	char	   *autoconf = psprintf("%s/postgresql.auto.conf", dir);
	const char *file_with_error = conf;
	bool		ok;

	conf_load_time_us = now_us();
	ci.elevel = item_elevel;
	ok = guc_parse_config_file(conf, collect_item, &ci, item_elevel);
	if (ok)
		ok = parse_file_depth(autoconf, collect_item, &ci, item_elevel, 0, true);
	if (!ok || ci.unknown_name)
	{
		const char *file = ci.unknown_name ? ci.unknown_file : conf;

		/* At server start PostgreSQL says only that the file has errors. */
		if (context == PGC_POSTMASTER)
			ereport(FATAL, errcode(ERRCODE_CONFIG_FILE_ERROR),
					errmsg("configuration file \"%s\" contains errors", file));
		ereport(elevel, errcode(ERRCODE_CONFIG_FILE_ERROR),
				errmsg("configuration file \"%s\" contains errors; no changes were applied", file));
		memctx_switch_to(old);
		memctx_delete(cxt);
		return false;
	}

	bool		value_errors = false;

	/* Settings that left the files go back to their defaults. */
	if (context == PGC_SIGHUP)
	{
		for (int i = 0; i < guc_count(); i++)
		{
			GucVariable *v = guc_get(i);

			if (v->reset_source != PGC_S_FILE || named_in_files(&ci, v) ||
				fixed_for_this_session(v, context))
				continue;
			if (v->context == PGC_POSTMASTER)
			{
				if (!reload_postmaster_setting(v, v->boot_value, elevel))
				{
					value_errors = true;
					file_with_error = conf;
				}
				continue;
			}
			bool		was_applied = v->source == PGC_S_FILE;

			if (guc_reset_to_boot(v) && was_applied)
				ereport(elevel, errmsg("parameter \"%s\" removed from configuration file, reset to default",
									   v->name));
		}
	}

	for (int i = 0; i < ci.n; i++)
	{
		ConfItem   *it = &ci.items[i];
		GucVariable *v = guc_find(it->name);

		if (it->overridden || fixed_for_this_session(v, context))
			continue;
		if (context == PGC_SIGHUP && v->context == PGC_POSTMASTER)
		{
			if (!reload_postmaster_setting(v, it->value, elevel))
			{
				value_errors = true;
				file_with_error = it->filename;
			}
			continue;
		}
		char	   *before = context == PGC_SIGHUP ? guc_show(v->name) : NULL;

		if (!guc_set(it->name, it->value, context, PGC_S_FILE, false, item_elevel))
		{
			value_errors = true;
			file_with_error = it->filename;
			continue;
		}
		if (v->reset_source == PGC_S_FILE)
			guc_set_sourcefile(v, it->filename, it->lineno);
		if (before != NULL && strcmp(before, guc_show(v->name)) != 0)
			ereport(elevel, errmsg("parameter \"%s\" changed to \"%s\"", it->name, it->value));
	}
	if (value_errors && context == PGC_POSTMASTER)
		ereport(FATAL, errcode(ERRCODE_CONFIG_FILE_ERROR),
				errmsg("configuration file \"%s\" contains errors", file_with_error));
	if (value_errors)
		ereport(elevel, errcode(ERRCODE_CONFIG_FILE_ERROR),
				errmsg("configuration file \"%s\" contains errors; unaffected changes were applied",
					   file_with_error));
	memctx_switch_to(old);
	memctx_delete(cxt);
	return !value_errors;
}
