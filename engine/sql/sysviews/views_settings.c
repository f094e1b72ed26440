/*-------------------------------------------------------------------------
 * views_settings.c
 *	  pg_settings: every configuration parameter of this backend.
 *
 * Role: one row per setting in the GUC table (utils/guc.h), with
 * PostgreSQL 15's columns: the current value in base units, its unit,
 * context, type, source, range or enum values, boot and reset values.
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

#include <stdio.h>

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

static const char *
vartype_name(GucType t)
{
	switch (t)
	{
		case GUC_BOOL:
			return "bool";
		case GUC_INT:
			return "integer";
		case GUC_REAL:
			return "real";
		case GUC_STRING:
			return "string";
		case GUC_ENUM:
			return "enum";
	}
	return NULL;
}

static void
set_range(SysViewRows *rows, const GucVariable *v)
{
	char		buf[64];

	if (v->type == GUC_INT)
	{
		snprintf(buf, sizeof(buf), "%lld", (long long) v->min_value);
		sysview_set_text(rows, SET_MIN_VAL, buf);
		snprintf(buf, sizeof(buf), "%lld", (long long) v->max_value);
		sysview_set_text(rows, SET_MAX_VAL, buf);
	}
	else if (v->type == GUC_REAL)
	{
		snprintf(buf, sizeof(buf), "%g", v->min_value);
		sysview_set_text(rows, SET_MIN_VAL, buf);
		snprintf(buf, sizeof(buf), "%g", v->max_value);
		sysview_set_text(rows, SET_MAX_VAL, buf);
	}
	else if (v->type == GUC_ENUM)
	{
		StringBuf	s;

		strbuf_init(&s);
		strbuf_appendf(&s, "{");
		for (const GucEnumOption *o = v->options; o->name; o++)
			strbuf_appendf(&s, "%s%s", o == v->options ? "" : ",", o->name);
		strbuf_appendf(&s, "}");
		sysview_set_text(rows, SET_ENUMVALS, s.data);
	}
}

static void
fill_settings(SysViewRows *rows)
{
	int			n = guc_count();

	for (int i = 0; i < n; i++)
	{
		const GucVariable *v = guc_get(i);
		const char *reset = v->reset_value ? v->reset_value : v->boot_value;

		sysview_begin_row(rows);
		sysview_set_text(rows, SET_NAME, v->name);
		sysview_set_text(rows, SET_SETTING, guc_setting_text(v));
		sysview_set_text(rows, SET_UNIT, guc_unit_name(v));
		sysview_set_text(rows, SET_SHORT_DESC, v->short_desc);
		sysview_set_text(rows, SET_CONTEXT, guc_context_name(v->context));
		sysview_set_text(rows, SET_VARTYPE, vartype_name(v->type));
		sysview_set_text(rows, SET_SOURCE, guc_source_name(v->source));
		set_range(rows, v);
		if (v->boot_value != NULL)
			sysview_set_text(rows, SET_BOOT_VAL, guc_value_setting_text(v, v->boot_value));
		if (reset != NULL)
			sysview_set_text(rows, SET_RESET_VAL, guc_value_setting_text(v, reset));
		sysview_set_bool(rows, SET_PENDING_RESTART, false);
	}
}

const SysView sysview_pg_settings = {
	"pg_settings", settings_columns, SET_NCOLS, fill_settings
};
