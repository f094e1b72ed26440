/*-------------------------------------------------------------------------
 * views_settings.c
 *	  pg_settings: every configuration parameter of this backend.
 *
 * Role: one row per setting in the GUC table (utils/guc.h), with
 * PostgreSQL 15's columns, as guc_describe() gives them: the current value
 * in base units, its unit, context, type, source (and the file and line it
 * came from), range or enum values, boot and reset values, and whether a
 * reload left a change waiting for a restart (pending_restart).
 *
 * Invariants:
 *	- Values are this backend's (after its SETs), as in PostgreSQL.
 *	- Settings flagged GUC_NO_SHOW_ALL are listed too (PG lists them in
 *	  pg_settings and hides them only from SHOW ALL).
 *	- The engine has no arrays: enumvals is the array's text form
 *	  ("{a,b,c}"), which is what a client reading text sees from PG.
 *	- category and extra_desc are NULL: the GUC table has no such fields.
 *-------------------------------------------------------------------------
 */
#include "sql/sysviews/sysview.h"

#include "sql/types/types.h"
#include "utils/guc.h"
#include "utils/strbuf.h"

enum
{
	SET_NAME, SET_SETTING, SET_UNIT, SET_CATEGORY, SET_SHORT_DESC, SET_EXTRA_DESC,
	SET_CONTEXT, SET_VARTYPE, SET_SOURCE, SET_MIN_VAL, SET_MAX_VAL, SET_ENUMVALS,
	SET_BOOT_VAL, SET_RESET_VAL, SET_SOURCEFILE, SET_SOURCELINE, SET_PENDING_RESTART,
	SET_NCOLS
};

static const SysViewColumn settings_columns[] = {
	{"name", TEXTOID}, {"setting", TEXTOID}, {"unit", TEXTOID}, {"category", TEXTOID},
	{"short_desc", TEXTOID}, {"extra_desc", TEXTOID}, {"context", TEXTOID},
	{"vartype", TEXTOID}, {"source", TEXTOID}, {"min_val", TEXTOID}, {"max_val", TEXTOID},
	{"enumvals", TEXTOID}, {"boot_val", TEXTOID}, {"reset_val", TEXTOID},
	{"sourcefile", TEXTOID}, {"sourceline", INT4OID}, {"pending_restart", BOOLOID},
};
StaticAssert(lengthof(settings_columns) == SET_NCOLS, "pg_settings columns");

static void
fill_settings(SysViewRows *rows)
{
	int			n = guc_count();

	for (int i = 0; i < n; i++)
	{
		GucDescription d;

		guc_describe(guc_get(i), &d);
		sysview_begin_row(rows);
		sysview_set_text(rows, SET_NAME, d.name);
		sysview_set_text(rows, SET_SETTING, d.setting);
		sysview_set_text(rows, SET_UNIT, d.unit);
		sysview_set_text(rows, SET_SHORT_DESC, d.short_desc);
		sysview_set_text(rows, SET_CONTEXT, d.context);
		sysview_set_text(rows, SET_VARTYPE, d.vartype);
		sysview_set_text(rows, SET_SOURCE, d.source);
		sysview_set_text(rows, SET_MIN_VAL, d.min_val);
		sysview_set_text(rows, SET_MAX_VAL, d.max_val);
		if (d.enumvals != NULL)
		{
			StringBuf	s;

			strbuf_init(&s);
			strbuf_appendf(&s, "{");
			for (int k = 0; k < d.n_enumvals; k++)
				strbuf_appendf(&s, "%s%s", k == 0 ? "" : ",", d.enumvals[k]);
			strbuf_appendf(&s, "}");
			sysview_set_text(rows, SET_ENUMVALS, s.data);
		}
		sysview_set_text(rows, SET_BOOT_VAL, d.boot_val);
		sysview_set_text(rows, SET_RESET_VAL, d.reset_val);
		sysview_set_text(rows, SET_SOURCEFILE, d.sourcefile);
		if (d.sourcefile != NULL)
			sysview_set_int4(rows, SET_SOURCELINE, d.sourceline);
		sysview_set_bool(rows, SET_PENDING_RESTART, d.pending_restart);
	}
}

const SysView sysview_pg_settings = {
	"pg_settings", settings_columns, SET_NCOLS, fill_settings
};
