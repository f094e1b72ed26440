/*-------------------------------------------------------------------------
 * utility_guc.c
 *	  SET, SET LOCAL, SET TRANSACTION, SET SESSION CHARACTERISTICS, RESET
 *	  and SHOW, with PostgreSQL's tags, warnings and column names.
 *
 * SHOW transaction_isolation / transaction_read_only report the current
 * transaction's actual mode (which BEGIN options may have changed), not
 * the session default.
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <strings.h>

#include "access/transam/snapshot.h"
#include "access/transam/xact.h"
#include "sql/types/datum.h"
#include "sql/types/types.h"
#include "sql/utility_internal.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

static const char *const isolation_names[] = {
	[XACT_READ_UNCOMMITTED] = "read uncommitted",
	[XACT_READ_COMMITTED] = "read committed",
	[XACT_REPEATABLE_READ] = "repeatable read",
	[XACT_SERIALIZABLE] = "serializable",
};

int
utility_isolation_level_from_name(const char *name)
{
	for (int i = 0; i < (int) lengthof(isolation_names); i++)
		if (strcasecmp(name, isolation_names[i]) == 0)
			return i;
	ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			errmsg("invalid value for parameter \"transaction_isolation\": \"%s\"", name));
	return XACT_READ_COMMITTED;
}

char *
utility_set_args_to_text(List *args)
{
	StringBuf	buf;
	ListCell   *lc;

	strbuf_init(&buf);
	foreach(lc, args)
	{
		Node	   *arg = lfirst(lc);

		if (buf.len > 0)
			strbuf_append(&buf, ", ");
		if (IsA(arg, A_Const))
		{
			A_Const    *c = (A_Const *) arg;

			if (c->isnull)
				strbuf_append(&buf, "");
			else if (IsA(c->val, Integer))
				strbuf_appendf(&buf, "%d", intVal(c->val));
			else if (IsA(c->val, Float))
				strbuf_append(&buf, castNode(Float, c->val)->fval);
			else if (IsA(c->val, Boolean))
				strbuf_append(&buf, boolVal(c->val) ? "on" : "off");
			else
				strbuf_append(&buf, strVal(c->val));
		}
		else
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("this form of SET is not supported"));
	}
	return buf.data;
}

static void
set_transaction_characteristics(VariableSetStmt *stmt)
{
	if (strcmp(stmt->name, "TRANSACTION") == 0)
	{
		if (!xact_in_block())
		{
			ereport(WARNING, errcode(ERRCODE_NO_ACTIVE_SQL_TRANSACTION),
					errmsg("SET TRANSACTION can only be used in transaction blocks"));
			return;
		}
		if (snapshot_xact_has_snapshot())
			ereport(ERROR, errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
					errmsg("SET TRANSACTION ISOLATION LEVEL must be called before any query"));
		utility_apply_transaction_options(stmt->args);
		return;
	}
	/* SET SESSION CHARACTERISTICS AS TRANSACTION ... */
	ListCell   *lc;

	foreach(lc, stmt->args)
	{
		DefElem    *d = lfirst_node(DefElem, lc);

		if (strcmp(d->defname, "transaction_isolation") == 0)
			guc_set("default_transaction_isolation", strVal(d->arg), PGC_USERSET,
					PGC_S_SESSION, false, ERROR);
		else if (strcmp(d->defname, "transaction_read_only") == 0)
			guc_set("default_transaction_read_only", boolVal(d->arg) ? "on" : "off",
					PGC_USERSET, PGC_S_SESSION, false, ERROR);
	}
}

void
utility_execute_set(VariableSetStmt *stmt, char *tag, size_t tag_size)
{
	snprintf(tag, tag_size, "%s", stmt->kind == VAR_RESET || stmt->kind == VAR_RESET_ALL ?
			 "RESET" : "SET");
	if (stmt->is_local && !xact_in_block())
	{
		ereport(WARNING, errcode(ERRCODE_NO_ACTIVE_SQL_TRANSACTION),
				errmsg("SET LOCAL can only be used in transaction blocks"));
		return;
	}
	switch (stmt->kind)
	{
		case VAR_SET_VALUE:
			if (strcasecmp(stmt->name, "transaction_isolation") == 0)
			{
				xact_set_isolation_level(utility_isolation_level_from_name(utility_set_args_to_text(stmt->args)));
				return;
			}
			guc_set(stmt->name, utility_set_args_to_text(stmt->args), PGC_USERSET, PGC_S_SESSION,
					stmt->is_local, ERROR);
			break;
		case VAR_SET_DEFAULT:
		case VAR_RESET:
			guc_reset(stmt->name);
			break;
		case VAR_SET_MULTI:
			set_transaction_characteristics(stmt);
			break;
		case VAR_RESET_ALL:
			guc_reset_all();
			break;
		case VAR_SET_CURRENT:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("SET ... FROM CURRENT is not supported"));
			break;
	}
}

static ResultDesc *
make_text_desc(int ncols, const char *const *names)
{
	ResultDesc *d = palloc0(sizeof(ResultDesc));

	d->ncols = ncols;
	d->cols = palloc0(sizeof(ResultColumn) * (size_t) ncols);
	for (int i = 0; i < ncols; i++)
	{
		d->cols[i].name = pstrdup(names[i]);
		d->cols[i].type_oid = TEXTOID;
		d->cols[i].typlen = -1;
		d->cols[i].typmod = -1;
	}
	return d;
}

/* The column name SHOW uses: the setting's canonical spelling. */
static const char *
show_column_name(const char *name)
{
	if (strcasecmp(name, "transaction_isolation") == 0 ||
		strcasecmp(name, "transaction_read_only") == 0)
		return name;
	return guc_canonical_name(name);
}

const ResultDesc *
utility_show_result_desc(const VariableShowStmt *stmt)
{
	if (strcasecmp(stmt->name, "all") == 0)
	{
		static const char *const cols[] = {"name", "setting", "description"};

		return make_text_desc(3, cols);
	}
	const char *col = show_column_name(stmt->name);

	return make_text_desc(1, &col);
}

static void
send_text_row(DestReceiver *dest, int n, const char *const *texts)
{
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	for (int i = 0; i < n; i++)
		values[i] = CStringGetTextDatum(texts[i]);
	dest->receive(dest, values, nulls);
}

void
utility_execute_show(VariableShowStmt *stmt, DestReceiver *dest, char *tag, size_t tag_size)
{
	const ResultDesc *desc = utility_show_result_desc(stmt);

	snprintf(tag, tag_size, "SHOW");
	dest->startup(dest, desc);
	if (strcasecmp(stmt->name, "all") == 0)
	{
		for (int i = 0; i < guc_count(); i++)
		{
			GucVariable *v = guc_get(i);

			if (v->flags & GUC_NO_SHOW_ALL)
				continue;
			const char *row[3] = {v->name, guc_show(v->name), v->short_desc};

			send_text_row(dest, 3, row);
		}
	}
	else if (strcasecmp(stmt->name, "transaction_isolation") == 0)
	{
		const char *row[1] = {isolation_names[xact_isolation_level()]};

		send_text_row(dest, 1, row);
	}
	else if (strcasecmp(stmt->name, "transaction_read_only") == 0)
	{
		const char *row[1] = {xact_read_only() ? "on" : "off"};

		send_text_row(dest, 1, row);
	}
	else
	{
		const char *row[1] = {guc_show(stmt->name)};

		send_text_row(dest, 1, row);
	}
	dest->shutdown(dest);
}
