/*-------------------------------------------------------------------------
 * test_sql_common.h
 *	  Helpers for the SQL layer's unit tests (test_sql_query.c,
 *	  test_sql_dml.c): a standalone engine in a temporary data directory
 *	  with a bootstrapped catalog, and functions that run SQL through the
 *	  real tcop contract (sql_parse -> sql_prepare -> sql_portal_create ->
 *	  sql_portal_run) inside transaction brackets as tcop makes them,
 *	  collecting the result as text.
 *
 * Result text format: the column names joined by '|', then one line per
 * row with values joined by '|' (NULL prints as "NULL"), then the command
 * tag; lines separated by '\n'.  Errors come back as
 * "ERROR <sqlstate>: <message> @<position>" in place of the failing
 * statement's output.
 *
 * Included by test files only; every helper is static.
 *-------------------------------------------------------------------------
 */
#ifndef TEST_SQL_COMMON_H
#define TEST_SQL_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "postmaster/standalone.h"
#include "sql/sqlexec.h"
#include "sql/types/types.h"
#include "storage/buffer/bufmgr.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

typedef struct CollectDest
{
	DestReceiver pub;
	StringBuf  *out;
	const ResultDesc *desc;
	bool		want_types;
} CollectDest;

static void
collect_startup(DestReceiver *self, const ResultDesc *desc)
{
	CollectDest *d = (CollectDest *) self;

	d->desc = desc;
	for (int i = 0; i < desc->ncols; i++)
	{
		strbuf_appendf(d->out, "%s%s", i ? "|" : "", desc->cols[i].name);
		if (d->want_types)
			strbuf_appendf(d->out, ":%u", desc->cols[i].type_oid);
	}
	strbuf_append_char(d->out, '\n');
}

static void
collect_receive(DestReceiver *self, const Datum *values, const bool *nulls)
{
	CollectDest *d = (CollectDest *) self;

	for (int i = 0; i < d->desc->ncols; i++)
	{
		if (i > 0)
			strbuf_append_char(d->out, '|');
		strbuf_append(d->out, nulls[i] ? "NULL" :
					  type_output(d->desc->cols[i].type_oid, values[i]));
	}
	strbuf_append_char(d->out, '\n');
}

static void
collect_shutdown(DestReceiver *self)
{
	(void) self;
}

static char *sql_test_datadir;

/* Set up a standalone engine with the catalog (once per test program). */
static pg_unused void
sql_test_env_init(const char *tag)
{
	char	   *dir = standalone_temp_datadir(tag);
	bool		superuser;

	standalone_init(dir, true);
	xact_start_command();
	catalog_bootstrap("postgres");
	xact_commit_command();
	xact_start_command();
	catalog_session_init("postgres", "postgres", &superuser);
	xact_commit_command();
	sql_session_init();
	sql_test_datadir = dir;
}

/* Remove the temporary data directory. */
static pg_unused void
sql_test_env_cleanup(void)
{
	char		cmd[1024];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sql_test_datadir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", sql_test_datadir);
}

/*
 * Run every statement of query (like a simple Query message) and return
 * the collected text (palloc'd in TopMemoryContext).  types: add ":oid"
 * to column names.
 */
static pg_unused char *
sql_run_ex(const char *query, bool types)
{
	MemoryContext cxt = memctx_create(TopMemoryContext, "test query");
	MemoryContext old = memctx_switch_to(cxt);
	StringBuf	out;
	CollectDest dest = {{collect_startup, collect_receive, collect_shutdown}, NULL, NULL, types};
	char	   *result;
	volatile int stmt_start = 0;

	memctx_switch_to(TopMemoryContext);
	strbuf_init(&out);
	memctx_switch_to(cxt);
	dest.out = &out;
	ELOG_TRY();
	{
		List	   *stmts = sql_parse(query);
		ListCell   *lc;

		foreach(lc, stmts)
		{
			char		tag[64];
			PreparedStmt *ps;
			Portal	   *portal;

			stmt_start = out.len;
			xact_start_command();
			ps = sql_prepare(lfirst(lc), query, NULL, 0);
			portal = sql_portal_create(ps, NULL, NULL);
			(void) sql_portal_run(portal, 0, &dest.pub, tag, sizeof(tag));
			sql_portal_drop(portal);
			strbuf_append(&out, tag);
			xact_commit_command();
		}
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		/* rows the failing statement sent before its error are dropped */
		out.len = stmt_start;
		out.data[out.len] = '\0';
		strbuf_appendf(&out, "ERROR %s: %s", e->sqlstate, e->message);
		if (e->cursorpos)
			strbuf_appendf(&out, " @%d", e->cursorpos);
		elog_flush_error();
		lwlock_release_all();
		bufmgr_release_all();
		xact_abort_current();
		xact_commit_command();
	}
	ELOG_END_TRY();
	memctx_switch_to(old);
	result = memctx_strdup(TopMemoryContext, out.data);
	memctx_delete(cxt);
	return result;
}

static pg_unused char *
sql_run(const char *query)
{
	return sql_run_ex(query, false);
}

#define assert_sql(query, expected) \
	do { \
		char	   *got_ = sql_run(query); \
		if (strcmp(got_, (expected)) != 0) \
			fail_msg("query: %s\nexpected:\n%s\ngot:\n%s", (query), (expected), got_); \
	} while (0)

/* The result must contain the given text (plans, error messages). */
#define assert_sql_contains(query, text) \
	do { \
		char	   *got_ = sql_run(query); \
		if (strstr(got_, (text)) == NULL) \
			fail_msg("query: %s\nexpected to contain:\n%s\ngot:\n%s", (query), (text), got_); \
	} while (0)

#define assert_sql_lacks(query, text) \
	do { \
		char	   *got_ = sql_run(query); \
		if (strstr(got_, (text)) != NULL) \
			fail_msg("query: %s\nexpected not to contain:\n%s\ngot:\n%s", (query), (text), got_); \
	} while (0)

#endif							/* TEST_SQL_COMMON_H */
