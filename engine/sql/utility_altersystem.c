/*-------------------------------------------------------------------------
 * utility_altersystem.c
 *	  ALTER SYSTEM SET name = value | TO DEFAULT, ALTER SYSTEM RESET name |
 *	  ALL: PostgreSQL 15's checks, then a rewrite of postgresql.auto.conf.
 *
 * Order of checks (PostgreSQL's, so the same statement fails the same
 * way): not in a transaction block (25001); superuser (42501: "permission
 * denied to set parameter", or "... to perform ALTER SYSTEM RESET ALL");
 * the name exists (42704); the setting may live in a file (internal
 * settings, data_directory, config_file, transaction_isolation... give
 * 55P02 "parameter \"%s\" cannot be changed"); the value parses and is in
 * range (22023 with the hints SET gives); no newline in the value.
 *
 * Nothing changes in any running process: the new value takes effect at
 * the next reload (pg_reload_conf(), SIGHUP) or, for postmaster-context
 * settings, at the next start.
 *
 * Invariant: the file is read, edited and replaced under LWLOCK_AUTO_FILE
 * held exclusively (guc_autoconf.c explains the atomic replacement); an
 * ERROR while holding it is released by the error recovery of the
 * backend's message loop (lwlock_release_all).
 *
 * See also: utils/guc_autoconf.c, utils/guc_file.c (reading it back).
 *-------------------------------------------------------------------------
 */
#include <stdio.h>

#include "access/transam/xact.h"
#include "sql/utility_internal.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/guc_autoconf.h"

/* Reject settings that may not be written to postgresql.auto.conf. */
static void
check_settable_in_file(const char *name)
{
	GucVariable *v = guc_find(name);

	if (v == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("unrecognized configuration parameter \"%s\"", name));
	if (v->context == PGC_INTERNAL ||
		(v->flags & (GUC_DISALLOW_IN_FILE | GUC_DISALLOW_IN_AUTO_FILE)))
		ereport(ERROR, errcode(ERRCODE_CANT_CHANGE_RUNTIME_PARAM),
				errmsg("parameter \"%s\" cannot be changed", name));
}

void
utility_execute_alter_system(AlterSystemStmt *stmt, char *tag, size_t tag_size)
{
	VariableSetStmt *set = stmt->setstmt;
	const char *name = NULL;
	const char *value = NULL;

	xact_prevent_in_block("ALTER SYSTEM");
	switch (set->kind)
	{
		case VAR_SET_VALUE:
			name = set->name;
			value = utility_set_args_to_text(set->args);
			break;
		case VAR_SET_DEFAULT:
		case VAR_RESET:
			name = set->name;
			break;
		case VAR_RESET_ALL:
			break;
		default:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("unrecognized alter system stmt type: %d", (int) set->kind));
	}
	if (!guc_is_superuser)
	{
		if (name == NULL)
			ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					errmsg("permission denied to perform ALTER SYSTEM RESET ALL"));
		ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("permission denied to set parameter \"%s\"", name));
	}
	if (name != NULL)
	{
		check_settable_in_file(name);
		if (value != NULL)
		{
			guc_validate(name, value, ERROR);
			if (strchr(value, '\n') != NULL)
				ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("parameter value for ALTER SYSTEM must not contain a newline"));
		}
	}

	lwlock_acquire(lwlock_get(LWLOCK_AUTO_FILE), LW_EXCLUSIVE);
	char	   *old_text = guc_autoconf_read(GUC_AUTOCONF_FILENAME);
	char	   *new_text = guc_autoconf_edit(old_text, GUC_AUTOCONF_FILENAME, name, value);

	guc_autoconf_write(".", new_text);
	lwlock_release(lwlock_get(LWLOCK_AUTO_FILE));
	snprintf(tag, tag_size, "ALTER SYSTEM");
}
