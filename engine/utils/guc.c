/*-------------------------------------------------------------------------
 * guc.c
 *	  Setting, showing and undoing configuration values (see guc.h).
 *
 * Storage: each variable's current value lives in its C global; string
 * values are malloc'd (they outlive every memory context).  reset_value is
 * the value RESET returns to: the value from files/command line/startup
 * packet, i.e. anything before the first SET of the session.
 *
 * Transactional behaviour: the first SET of a variable in a transaction
 * pushes the previous value on the variable's stack; commit pops the stack
 * keeping the new value (except SET LOCAL entries, which restore), abort
 * restores.  Only one level is needed because minipg has no savepoints yet.
 *-------------------------------------------------------------------------
 */
#include "utils/guc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

extern GucVariable guc_variables[];
extern const int guc_variable_count;
extern char *guc_log_line_prefix_value;

typedef struct GucStackEntry
{
	char	   *prior_value;	/* malloc'd text */
	GucSource	prior_source;
	bool		is_local;
} GucStackEntry;

static bool guc_initialized = false;
/* Variables SET in the current transaction (so xact end needs no scan). */
static GucVariable *touched[128];
static int	n_touched = 0;

static char *
xstrdup(const char *s)
{
	char	   *p = strdup(s);

	if (p == NULL)
		ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"));
	return p;
}

const char *
guc_log_line_prefix(void)
{
	return guc_log_line_prefix_value ? guc_log_line_prefix_value : "%m [%p] ";
}

const char *
guc_application_name_or_empty(void)
{
	return guc_application_name ? guc_application_name : "";
}

int
guc_count(void)
{
	return guc_variable_count;
}

GucVariable *
guc_get(int i)
{
	return (i >= 0 && i < guc_variable_count) ? &guc_variables[i] : NULL;
}

GucVariable *
guc_find(const char *name)
{
	for (int i = 0; i < guc_variable_count; i++)
		if (strcasecmp(guc_variables[i].name, name) == 0)
			return &guc_variables[i];
	return NULL;
}

static GucVariable *
find_or_error(const char *name, int elevel)
{
	GucVariable *v = guc_find(name);

	if (v == NULL)
		ereport(elevel, errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("unrecognized configuration parameter \"%s\"", name));
	return v;
}

const char *
guc_canonical_name(const char *name)
{
	return find_or_error(name, ERROR)->name;
}

const char *
guc_context_name(GucContext c)
{
	static const char *const names[] = {
		"internal", "postmaster", "sighup", "superuser-backend",
		"backend", "superuser", "user",
	};

	return names[c];
}

const char *
guc_source_name(GucSource s)
{
	static const char *const names[] = {
		"default", "default", "environment variable", "configuration file",
		"command line", "database", "client", "override", "session",
	};

	return names[s];
}

const char *
guc_unit_name(const GucVariable *v)
{
	switch (v->flags & GUC_UNIT_MASK)
	{
		case GUC_UNIT_KB:
			return "kB";
		case GUC_UNIT_BLOCKS:
			return "8kB";
		case GUC_UNIT_MB:
			return "MB";
		case GUC_UNIT_MS:
			return "ms";
		case GUC_UNIT_S:
			return "s";
		case GUC_UNIT_MIN:
			return "min";
	}
	return NULL;
}

bool
guc_parse_bool(const char *value, bool *result)
{
	static const struct
	{
		const char *word;
		bool		val;
	}			words[] = {
		{"on", true}, {"off", false}, {"true", true}, {"false", false},
		{"yes", true}, {"no", false}, {"1", true}, {"0", false},
		{"t", true}, {"f", false}, {"y", true}, {"n", false},
	};

	for (size_t i = 0; i < lengthof(words); i++)
		if (strcasecmp(value, words[i].word) == 0)
		{
			*result = words[i].val;
			return true;
		}
	return false;
}

/* Size of one unit, in bytes for memory units or microseconds for time. */
typedef struct UnitScale
{
	const char *suffix;
	double		multiplier;
	bool		is_memory;
} UnitScale;

static const UnitScale unit_scales[] = {
	{"TB", 1024.0 * 1024 * 1024 * 1024, true},
	{"GB", 1024.0 * 1024 * 1024, true},
	{"MB", 1024.0 * 1024, true},
	{"kB", 1024.0, true},
	{"B", 1.0, true},
	{"d", 86400e6, false},
	{"h", 3600e6, false},
	{"min", 60e6, false},
	{"s", 1e6, false},
	{"ms", 1e3, false},
	{"us", 1.0, false},
};

static double
base_unit_scale(int flags, bool *is_memory)
{
	switch (flags & GUC_UNIT_MASK)
	{
		case GUC_UNIT_KB:
			*is_memory = true;
			return 1024.0;
		case GUC_UNIT_BLOCKS:
			*is_memory = true;
			return 8192.0;
		case GUC_UNIT_MB:
			*is_memory = true;
			return 1024.0 * 1024;
		case GUC_UNIT_MS:
			*is_memory = false;
			return 1e3;
		case GUC_UNIT_S:
			*is_memory = false;
			return 1e6;
		case GUC_UNIT_MIN:
			*is_memory = false;
			return 60e6;
	}
	*is_memory = false;
	return 0;
}

/*
 * Parse a number with an optional unit suffix into the variable's base unit.
 * Returns false (and sets *hint) if the text is not a valid value.
 */
static bool
parse_numeric_value(const GucVariable *v, const char *text, double *out, const char **hint)
{
	char	   *end;
	double		val;

	*hint = NULL;
	errno = 0;
	/* Integers take C's prefixes as PostgreSQL's parse_int does ("0600" is
	 * octal, "0x10" hex); anything with a fraction or exponent is a double. */
	val = 0;
	end = (char *) text;
	if (v->type == GUC_INT)
	{
		long long	ll = strtoll(text, &end, 0);

		if (end != text && errno == 0 && *end != '.' && *end != 'e' && *end != 'E')
			val = (double) ll;
		else
			end = (char *) text;
	}
	if (end == text)
	{
		errno = 0;
		val = strtod(text, &end);
	}
	if (end == text || errno == ERANGE || isnan(val))
		return false;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end == '\0')
	{
		*out = val;
		return true;
	}
	bool		is_memory;
	double		base = base_unit_scale(v->flags, &is_memory);

	if (base == 0)
		return false;
	for (size_t i = 0; i < lengthof(unit_scales); i++)
	{
		if (strcmp(end, unit_scales[i].suffix) == 0 && unit_scales[i].is_memory == is_memory)
		{
			*out = val * unit_scales[i].multiplier / base;
			return true;
		}
	}
	*hint = is_memory ?
		"Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\"." :
		"Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".";
	return false;
}

static const char *
enum_name(const GucVariable *v, int value)
{
	for (const GucEnumOption *o = v->options; o->name; o++)
		if (o->value == value)
			return o->name;
	return "???";
}

/* Format an integer value with the largest unit that divides it evenly. */
static char *
format_int_with_unit(const GucVariable *v, int64_t value)
{
	bool		is_memory;
	double		base = base_unit_scale(v->flags, &is_memory);

	if (base == 0 || value == 0 || value < 0)
		return psprintf("%lld", (long long) value);

	double		amount = (double) value * base;
	/* Block-sized settings may show in kB (100 blocks is "800kB"). */
	double		smallest = is_memory ? Min(base, 1024.0) : base;

	for (size_t i = 0; i < lengthof(unit_scales); i++)
	{
		if (unit_scales[i].is_memory != is_memory || unit_scales[i].multiplier < smallest)
			continue;
		double		q = amount / unit_scales[i].multiplier;

		if (q == floor(q))
			return psprintf("%lld%s", (long long) q, unit_scales[i].suffix);
	}
	return psprintf("%lld", (long long) value);
}

static char *
format_value(const GucVariable *v, bool with_units)
{
	switch (v->type)
	{
		case GUC_BOOL:
			return pstrdup(*(bool *) v->var ? "on" : "off");
		case GUC_INT:
			if (v->flags & GUC_SHOW_OCTAL)
				return psprintf("%04o", (unsigned) *(int *) v->var);
			if (with_units)
				return format_int_with_unit(v, *(int *) v->var);
			return psprintf("%d", *(int *) v->var);
		case GUC_REAL:
			return psprintf("%g", *(double *) v->var);
		case GUC_STRING:
			return pstrdup(*(char **) v->var ? *(char **) v->var : "");
		case GUC_ENUM:
			return pstrdup(enum_name(v, *(int *) v->var));
	}
	return pstrdup("");
}

char *
guc_setting_text(const GucVariable *v)
{
	return format_value(v, false);
}

char *
guc_show(const char *name)
{
	return format_value(find_or_error(name, ERROR), true);
}

char *
guc_show_if_exists(const char *name)
{
	GucVariable *v = guc_find(name);

	return v ? format_value(v, true) : NULL;
}

/* A parsed value, before it is stored (strings are malloc'd). */
typedef union GucValue
{
	bool		b;
	int			i;
	double		r;
	char	   *s;
} GucValue;

/* Set while transaction end restores earlier values: no check hooks. */
static bool restoring_prior_values = false;

/*
 * Parse text for v without storing it.  Returns false after reporting at
 * elevel when the value is bad (PostgreSQL's messages and hints).
 */
static bool
parse_value(const GucVariable *v, const char *value, GucValue *out, int elevel)
{
	switch (v->type)
	{
		case GUC_BOOL:
			if (!guc_parse_bool(value, &out->b))
			{
				ereport(elevel, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("parameter \"%s\" requires a Boolean value", v->name));
				return false;
			}
			return true;
		case GUC_INT:
		case GUC_REAL:
			{
				double		d;
				const char *hint;

				if (!parse_numeric_value(v, value, &d, &hint))
				{
					ereport(elevel, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("invalid value for parameter \"%s\": \"%s\"", v->name, value),
							hint ? errhint("%s", hint) : 0);
					return false;
				}
				if (v->type == GUC_INT)
					d = rint(d);
				if (d < v->min_value || d > v->max_value)
				{
					const char *unit = guc_unit_name(v);

					if (v->type == GUC_INT)
						ereport(elevel, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
								errmsg("%lld%s%s is outside the valid range for parameter \"%s\" (%lld .. %lld)",
									   (long long) d, unit ? " " : "", unit ? unit : "", v->name,
									   (long long) v->min_value, (long long) v->max_value));
					else
						ereport(elevel, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
								errmsg("%g is outside the valid range for parameter \"%s\" (%g .. %g)",
									   d, v->name, v->min_value, v->max_value));
					return false;
				}
				if (v->type == GUC_INT && v->check_int_hook != NULL && !restoring_prior_values)
				{
					const char *detail = v->check_int_hook((int) d);

					if (detail != NULL)
					{
						ereport(elevel, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
								errmsg("invalid value for parameter \"%s\": %d", v->name, (int) d),
								errdetail("%s", detail));
						return false;
					}
				}
				if (v->type == GUC_INT)
					out->i = (int) d;
				else
					out->r = d;
				return true;
			}
		case GUC_STRING:
			out->s = xstrdup(value);
			return true;
		case GUC_ENUM:
			{
				const GucEnumOption *o;

				for (o = v->options; o->name; o++)
					if (strcasecmp(o->name, value) == 0)
						break;
				if (o->name == NULL)
				{
					StringBuf	hint;

					strbuf_init(&hint);
					for (const GucEnumOption *p = v->options; p->name; p++)
						if (!p->hidden)
							strbuf_appendf(&hint, "%s%s", hint.len == 0 ? "" : ", ", p->name);
					ereport(elevel, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("invalid value for parameter \"%s\": \"%s\"", v->name, value),
							errhint("Available values: %s.", hint.data));
					return false;
				}
				out->i = o->value;
				return true;
			}
	}
	return false;
}

/* Does a parsed value differ from v's current one?  Frees nothing. */
static bool
value_differs(const GucVariable *v, const GucValue *val)
{
	switch (v->type)
	{
		case GUC_BOOL:
			return *(bool *) v->var != val->b;
		case GUC_INT:
		case GUC_ENUM:
			return *(int *) v->var != val->i;
		case GUC_REAL:
			return *(double *) v->var != val->r;
		case GUC_STRING:
			{
				const char *cur = *(char **) v->var;

				return strcmp(cur ? cur : "", val->s) != 0;
			}
	}
	return true;
}

/* Store a parsed value (takes ownership of a string) and run the hook. */
static void
assign_value(GucVariable *v, GucValue *val)
{
	switch (v->type)
	{
		case GUC_BOOL:
			*(bool *) v->var = val->b;
			break;
		case GUC_INT:
		case GUC_ENUM:
			*(int *) v->var = val->i;
			break;
		case GUC_REAL:
			*(double *) v->var = val->r;
			break;
		case GUC_STRING:
			{
				char	  **slot = (char **) v->var;
				char	   *old = *slot;

				*slot = val->s;
				free(old);
				break;
			}
	}
	if (v->flags & GUC_REPORT)
		v->pending_report = true;
	if (v->assign_hook)
		v->assign_hook();
}

/*
 * Validate text for v and store it.  Returns false after reporting at
 * elevel when the value is bad.
 */
static bool
store_value(GucVariable *v, const char *value, int elevel)
{
	GucValue	val;

	if (!parse_value(v, value, &val, elevel))
		return false;
	assign_value(v, &val);
	return true;
}

bool
guc_validate(const char *name, const char *value, int elevel)
{
	GucVariable *v = find_or_error(name, elevel);
	GucValue	val;

	if (v == NULL || !parse_value(v, value, &val, elevel))
		return false;
	if (v->type == GUC_STRING)
		free(val.s);
	return true;
}

bool
guc_value_would_change(GucVariable *v, const char *value, bool *changes)
{
	GucValue	val;

	if (!parse_value(v, value, &val, DEBUG5))
		return false;
	*changes = value_differs(v, &val);
	if (v->type == GUC_STRING)
		free(val.s);
	return true;
}

static int
compare_by_name(const void *a, const void *b)
{
	return strcasecmp(((const GucVariable *) a)->name, ((const GucVariable *) b)->name);
}

void
guc_init(void)
{
	if (guc_initialized)
		return;
	/* Sorted by name, so ParameterStatus and pg_settings come out in PostgreSQL's order. */
	qsort(guc_variables, (size_t) guc_variable_count, sizeof(GucVariable), compare_by_name);
	for (int i = 0; i < guc_variable_count; i++)
	{
		GucVariable *v = &guc_variables[i];

		if (v->type == GUC_STRING)
			*(char **) v->var = NULL;
		if (!store_value(v, v->boot_value, PANIC))
			abort();
		v->source = PGC_S_DEFAULT;
		v->reset_source = PGC_S_DEFAULT;
		v->reset_value = NULL;
		v->stack = NULL;
	}
	guc_initialized = true;
}

/* Is a change from this context allowed now?  Reports at elevel if not. */
static bool
change_allowed(GucVariable *v, GucContext context, GucSource source, int elevel)
{
	if (v->context == PGC_INTERNAL && source > PGC_S_DYNAMIC_DEFAULT)
	{
		ereport(elevel, errcode(ERRCODE_CANT_CHANGE_RUNTIME_PARAM),
				errmsg("parameter \"%s\" cannot be changed", v->name));
		return false;
	}
	if (v->context == PGC_POSTMASTER && context > PGC_POSTMASTER)
	{
		if (context == PGC_SIGHUP)
			return false;		/* reported by the reload code */
		ereport(elevel, errcode(ERRCODE_CANT_CHANGE_RUNTIME_PARAM),
				errmsg("parameter \"%s\" cannot be changed without restarting the server",
					   v->name));
		return false;
	}
	if (v->context == PGC_SIGHUP && context > PGC_SIGHUP)
	{
		ereport(elevel, errcode(ERRCODE_CANT_CHANGE_RUNTIME_PARAM),
				errmsg("parameter \"%s\" cannot be changed now", v->name));
		return false;
	}
	if ((v->context == PGC_BACKEND || v->context == PGC_SU_BACKEND) &&
		context > PGC_BACKEND && source == PGC_S_SESSION)
	{
		ereport(elevel, errcode(ERRCODE_CANT_CHANGE_RUNTIME_PARAM),
				errmsg("parameter \"%s\" cannot be set after connection start", v->name));
		return false;
	}
	if (v->context == PGC_SUSET && context == PGC_USERSET && !guc_is_superuser)
	{
		ereport(elevel, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("permission denied to set parameter \"%s\"", v->name));
		return false;
	}
	return true;
}

static void
push_for_xact(GucVariable *v, bool is_local)
{
	if (v->stack != NULL)
	{
		/* Already saved this transaction; SET after SET LOCAL is no longer local. */
		if (!is_local)
			v->stack->is_local = false;
		return;
	}
	if (n_touched >= (int) lengthof(touched))
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("too many configuration parameters changed in one transaction"));
	GucStackEntry *e = malloc(sizeof(GucStackEntry));

	if (e == NULL)
		ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"));
	MemoryContext old = memctx_switch_to(ErrorContext);
	char	   *prior = format_value(v, false);

	memctx_switch_to(old);
	e->prior_value = xstrdup(prior);
	e->prior_source = v->source;
	e->is_local = is_local;
	v->stack = e;
	touched[n_touched++] = v;
}

/*
 * A value from a source below the current one (a file value while a
 * session SET is in force) is not applied, but it becomes what RESET and
 * transaction abort return to, as in PostgreSQL.
 */
static bool
set_underneath(GucVariable *v, const char *value, GucSource source, int elevel)
{
	GucValue	val;

	if (!parse_value(v, value, &val, elevel))
		return false;
	if (v->type == GUC_STRING)
		free(val.s);
	if (source >= v->reset_source)
	{
		free(v->reset_value);
		v->reset_value = xstrdup(value);
		v->reset_source = source;
	}
	if (v->stack != NULL && v->stack->prior_source <= source)
	{
		free(v->stack->prior_value);
		v->stack->prior_value = xstrdup(value);
		v->stack->prior_source = source;
	}
	return true;
}

bool
guc_set(const char *name, const char *value, GucContext context,
		GucSource source, bool is_local, int elevel)
{
	GucVariable *v = find_or_error(name, elevel);

	if (v == NULL)
		return false;
	if (!change_allowed(v, context, source, elevel))
		return false;
	if (value == NULL)
		value = v->reset_value ? v->reset_value : v->boot_value;
	/* Lower-priority sources never override a value from a higher one. */
	if (source < v->source && source != PGC_S_SESSION)
		return set_underneath(v, value, source, elevel);
	if (source == PGC_S_SESSION)
		push_for_xact(v, is_local);
	else
	{
		/* Validate first, then remember it as the RESET target. */
		if (!store_value(v, value, elevel))
			return false;
		free(v->reset_value);
		v->reset_value = xstrdup(value);
		v->reset_source = source;
		v->source = source;
		return true;
	}
	if (!store_value(v, value, elevel))
		return false;
	v->source = source;
	return true;
}

bool
guc_reset_to_boot(GucVariable *v)
{
	/* File sources drop to default first, or the default could not win. */
	if (v->reset_source == PGC_S_FILE)
		v->reset_source = PGC_S_DEFAULT;
	if (v->stack != NULL && v->stack->prior_source == PGC_S_FILE)
		v->stack->prior_source = PGC_S_DEFAULT;
	free(v->reset_value);
	v->reset_value = NULL;
	free(v->sourcefile);
	v->sourcefile = NULL;
	v->sourceline = 0;
	if (v->source == PGC_S_FILE)
	{
		v->source = PGC_S_DEFAULT;
		return store_value(v, v->boot_value, LOG);
	}
	if (v->stack != NULL && v->stack->prior_source == PGC_S_DEFAULT)
	{
		free(v->stack->prior_value);
		v->stack->prior_value = xstrdup(v->boot_value);
	}
	return true;
}

void
guc_set_sourcefile(GucVariable *v, const char *filename, int lineno)
{
	char	   *copy = xstrdup(filename);

	free(v->sourcefile);
	v->sourcefile = copy;
	v->sourceline = lineno;
}

bool
guc_pending_restart(const char *name)
{
	GucVariable *v = guc_find(name);

	return v != NULL && v->pending_restart;
}

const char *
guc_vartype_name(GucType t)
{
	static const char *const names[] = {"bool", "integer", "real", "string", "enum"};

	return names[t];
}

/* A value in base units as pg_settings prints it (boot_val, reset_val). */
static char *
base_units_text(const GucVariable *v, const char *text)
{
	GucValue	val;

	if (text == NULL || !parse_value(v, text, &val, DEBUG5))
		return NULL;
	switch (v->type)
	{
		case GUC_BOOL:
			return pstrdup(val.b ? "on" : "off");
		case GUC_INT:
			return psprintf("%d", val.i);
		case GUC_REAL:
			return psprintf("%g", val.r);
		case GUC_ENUM:
			return pstrdup(enum_name(v, val.i));
		case GUC_STRING:
			{
				char	   *p = pstrdup(val.s);

				free(val.s);
				return p;
			}
	}
	return NULL;
}

void
guc_describe(const GucVariable *v, GucDescription *out)
{
	memset(out, 0, sizeof(*out));
	out->name = v->name;
	out->setting = guc_setting_text(v);
	out->unit = guc_unit_name(v);
	out->short_desc = v->short_desc;
	out->context = guc_context_name(v->context);
	out->vartype = guc_vartype_name(v->type);
	out->source = guc_source_name(v->source);
	if (v->type == GUC_INT)
	{
		out->min_val = psprintf("%lld", (long long) v->min_value);
		out->max_val = psprintf("%lld", (long long) v->max_value);
	}
	else if (v->type == GUC_REAL)
	{
		out->min_val = psprintf("%g", v->min_value);
		out->max_val = psprintf("%g", v->max_value);
	}
	if (v->type == GUC_ENUM)
	{
		int			n = 0;

		for (const GucEnumOption *o = v->options; o->name; o++)
			n++;
		out->enumvals = palloc0(sizeof(char *) * (size_t) (n + 1));
		for (const GucEnumOption *o = v->options; o->name; o++)
			if (!o->hidden)
				out->enumvals[out->n_enumvals++] = o->name;
	}
	out->boot_val = base_units_text(v, v->boot_value);
	out->reset_val = base_units_text(v, v->reset_value ? v->reset_value : v->boot_value);
	if (v->source == PGC_S_FILE && v->sourcefile != NULL)
	{
		out->sourcefile = v->sourcefile;
		out->sourceline = v->sourceline;
	}
	out->pending_restart = v->pending_restart;
}

void
guc_reset(const char *name)
{
	GucVariable *v = find_or_error(name, ERROR);

	if (!change_allowed(v, PGC_USERSET, PGC_S_SESSION, ERROR))
		return;
	push_for_xact(v, false);
	store_value(v, v->reset_value ? v->reset_value : v->boot_value, ERROR);
	v->source = v->reset_source;
}

void
guc_reset_all(void)
{
	for (int i = 0; i < guc_variable_count; i++)
	{
		GucVariable *v = &guc_variables[i];

		if (v->context != PGC_USERSET && v->context != PGC_SUSET)
			continue;
		if (v->source != PGC_S_SESSION)
			continue;
		push_for_xact(v, false);
		store_value(v, v->reset_value ? v->reset_value : v->boot_value, ERROR);
		v->source = v->reset_source;
	}
}

void
guc_at_xact_end(bool commit)
{
	for (int i = 0; i < n_touched; i++)
	{
		GucVariable *v = touched[i];
		GucStackEntry *e = v->stack;

		if (e == NULL)
			continue;
		if (!commit || e->is_local)
		{
			restoring_prior_values = true;
			store_value(v, e->prior_value, PANIC);
			restoring_prior_values = false;
			v->source = e->prior_source;
		}
		free(e->prior_value);
		free(e);
		v->stack = NULL;
	}
	n_touched = 0;
}

void
guc_take_reported_changes(void (*fn) (const char *name, const char *value))
{
	for (int i = 0; i < guc_variable_count; i++)
	{
		GucVariable *v = &guc_variables[i];

		if (!v->pending_report)
			continue;
		v->pending_report = false;
		char	   *val = format_value(v, true);

		fn(v->name, val);
		pfree(val);
	}
}

void
guc_mark_all_reported(void)
{
	for (int i = 0; i < guc_variable_count; i++)
		if (guc_variables[i].flags & GUC_REPORT)
			guc_variables[i].pending_report = true;
}
