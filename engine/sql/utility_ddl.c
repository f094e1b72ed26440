/*-------------------------------------------------------------------------
 * utility_ddl.c
 *	  DDL and maintenance statements: CREATE/DROP/TRUNCATE/ALTER TABLE,
 *	  CREATE/DROP INDEX, VACUUM, ANALYZE, CREATE/ALTER/DROP ROLE.
 *
 * This file turns parse trees into catalog operations (catalog/catalog.h)
 * with PostgreSQL's checks, messages and command tags.  Not supported yet
 * (0A000 naming the construct): CHECK and FOREIGN KEY constraints, views,
 * sequences, schemas, ALTER COLUMN TYPE, CREATE TABLE AS (in the
 * executor's hands).
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>

#include "access/heap/heapam.h"
#include "access/nbtree/nbtree.h"
#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "sql/deparse.h"
#include "sql/parser/parser.h"
#include "sql/types/types.h"
#include "sql/utility.h"
#include "sql/utility_internal.h"
#include "storage/buffer/bufmgr.h"
#include "storage/lmgr/lock.h"
#include "tcop/crypt.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/pgstat/pgstat.h"
#include "utils/strbuf.h"

static const char *ddl_query_text;	/* for error positions */

static void
set_tag(char *tag, size_t tag_size, const char *text)
{
	snprintf(tag, tag_size, "%s", text);
}

static int
position_of(int location)
{
	return parser_errposition_of(ddl_query_text, location);
}

/* ---- types ---- */

static void
resolve_type_name(TypeName *tn, Oid *typid, int32_t *typmod)
{
	StringBuf	name;
	ListCell   *lc;

	strbuf_init(&name);
	foreach(lc, tn->names)
	{
		const char *part = strVal(lfirst(lc));

		if (foreach_current_index(lc) == 0 && list_length(tn->names) > 1 &&
			strcmp(part, "pg_catalog") == 0)
			continue;
		if (name.len > 0)
			strbuf_append_char(&name, '.');
		strbuf_append(&name, part);
	}
	const TypeInfo *t = type_lookup_name(name.data);

	if (t == NULL)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("type \"%s\" does not exist", name.data),
				errposition(position_of(tn->location)));
	if (tn->arrayBounds != NIL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("array types are not supported"),
				errposition(position_of(tn->location)));
	*typid = t->oid;
	*typmod = tn->typemod;
	if (tn->typmods != NIL)
	{
		int32_t		mods[8];
		int			n = 0;

		if (t->typmod_in == NULL)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("type modifier is not allowed for type \"%s\"", t->name),
					errposition(position_of(tn->location)));
		foreach(lc, tn->typmods)
		{
			Node	   *m = lfirst(lc);

			if (n >= (int) lengthof(mods) || !IsA(m, A_Const) ||
				!IsA(((A_Const *) m)->val, Integer))
				ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
						errmsg("type modifiers must be simple constants or identifiers"),
						errposition(position_of(tn->location)));
			mods[n++] = intVal(((A_Const *) m)->val);
		}
		*typmod = t->typmod_in(mods, n);
	}
}

/* ---- CREATE TABLE ---- */

static int
parse_fillfactor_option(List *options)
{
	ListCell   *lc;
	int			ff = 100;

	foreach(lc, options)
	{
		DefElem    *d = lfirst_node(DefElem, lc);

		if (strcmp(d->defname, "fillfactor") != 0 || d->defnamespace != NULL)
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("unrecognized parameter \"%s\"", d->defname));
		if (d->arg == NULL || !IsA(d->arg, Integer))
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("invalid value for integer option \"fillfactor\": %s",
						   d->arg && IsA(d->arg, String) ? strVal(d->arg) : "true"));
		ff = intVal(d->arg);
		if (ff < 10 || ff > 100)
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("value %d out of bounds for option \"fillfactor\"", ff),
					errdetail("Valid values are between \"10\" and \"100\"."));
	}
	return ff;
}

typedef struct KeySpec
{
	List	   *columns;		/* String list */
	bool		primary;
	char	   *name;
} KeySpec;

static void
unsupported_constraint(Constraint *c)
{
	const char *what = c->contype == CONSTR_CHECK ? "CHECK constraints" :
		c->contype == CONSTR_FOREIGN ? "FOREIGN KEY constraints" :
		c->contype == CONSTR_IDENTITY ? "identity columns" :
		c->contype == CONSTR_GENERATED ? "generated columns" : "this kind of constraint";

	ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			errmsg("%s are not supported", what),
			errposition(position_of(c->location)));
}

/* Column constraints: NOT NULL, NULL, DEFAULT, PRIMARY KEY, UNIQUE. */
static void
apply_column_constraints(ColumnDef *cd, ColumnSpec *spec, List **keys)
{
	ListCell   *lc;

	foreach(lc, cd->constraints)
	{
		Constraint *c = lfirst_node(Constraint, lc);

		switch (c->contype)
		{
			case CONSTR_NOTNULL:
				spec->not_null = true;
				break;
			case CONSTR_NULL:
				break;
			case CONSTR_DEFAULT:
				spec->default_expr = deparse_raw_expr(c->raw_expr);
				break;
			case CONSTR_PRIMARY:
			case CONSTR_UNIQUE:
				{
					KeySpec    *k = palloc0(sizeof(KeySpec));

					k->columns = list_make1(makeString(pstrdup(cd->colname)));
					k->primary = c->contype == CONSTR_PRIMARY;
					k->name = c->conname;
					if (k->primary)
						spec->not_null = true;
					*keys = lappend(*keys, k);
					break;
				}
			default:
				unsupported_constraint(c);
		}
	}
}

static int16_t
column_attnum(Relation rel, const char *name, int location)
{
	int			i = tupdesc_find(rel->rd_att, name);

	if (i < 0)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_COLUMN),
				errmsg("column \"%s\" named in key does not exist", name),
				errposition(position_of(location)));
	return (int16_t) (i + 1);
}

static void
create_key_index(Oid table_oid, KeySpec *k)
{
	Relation	rel = relation_open(table_oid);
	int16_t		attnums[INDEX_MAX_KEYS];
	int			n = 0;
	ListCell   *lc;

	foreach(lc, k->columns)
	{
		if (n >= INDEX_MAX_KEYS)
			ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					errmsg("cannot use more than %d columns in an index", INDEX_MAX_KEYS));
		attnums[n++] = column_attnum(rel, strVal(lfirst(lc)), -1);
	}
	relation_close(rel);
	catalog_create_index(table_oid, k->name, attnums, n, true, k->primary, false);
}

static void
execute_create_table(CreateStmt *stmt, char *tag, size_t tag_size)
{
	RangeVar   *rv = stmt->relation;
	int			ncols = 0;
	ColumnSpec *cols = palloc0(sizeof(ColumnSpec) * (size_t) Max(list_length(stmt->tableElts), 1));
	List	   *keys = NIL;
	ListCell   *lc;

	set_tag(tag, tag_size, "CREATE TABLE");
	char		persistence = rv->relpersistence == RELPERSISTENCE_TEMP ?
		RELPERSISTENCE_TEMP : RELPERSISTENCE_PERMANENT;
	Oid			nsp = catalog_creation_namespace(rv->schemaname, persistence);
	int			fillfactor = parse_fillfactor_option(stmt->options);

	foreach(lc, stmt->tableElts)
	{
		Node	   *elt = lfirst(lc);

		if (IsA(elt, ColumnDef))
		{
			ColumnDef  *cd = (ColumnDef *) elt;
			ColumnSpec *spec = &cols[ncols++];

			spec->name = cd->colname;
			resolve_type_name(cd->typeName, &spec->type_oid, &spec->typmod);
			spec->not_null = cd->is_not_null;
			if (cd->raw_default)
				spec->default_expr = deparse_raw_expr(cd->raw_default);
			apply_column_constraints(cd, spec, &keys);
		}
		else if (IsA(elt, Constraint))
		{
			Constraint *c = (Constraint *) elt;

			if (c->contype != CONSTR_PRIMARY && c->contype != CONSTR_UNIQUE)
				unsupported_constraint(c);
			KeySpec    *k = palloc0(sizeof(KeySpec));

			k->columns = c->keys;
			k->primary = c->contype == CONSTR_PRIMARY;
			k->name = c->conname;
			keys = lappend(keys, k);
		}
		else
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("LIKE and table inheritance are not supported"));
	}
	int			n_primary = 0;

	foreach(lc, keys)
		n_primary += ((KeySpec *) lfirst(lc))->primary;
	if (n_primary > 1)
		ereport(ERROR, errcode(ERRCODE_INVALID_TABLE_DEFINITION),
				errmsg("multiple primary keys for table \"%s\" are not allowed", rv->relname));
	if (stmt->oncommit != ONCOMMIT_NOOP && persistence != RELPERSISTENCE_TEMP)
		ereport(ERROR, errcode(ERRCODE_INVALID_TABLE_DEFINITION),
				errmsg("ON COMMIT can only be used on temporary tables"));
	Oid			oid = catalog_create_table(nsp, rv->relname, cols, ncols, fillfactor,
										   persistence, stmt->if_not_exists);

	if (oid == InvalidOid)
		return;					/* IF NOT EXISTS and it existed */
	foreach(lc, keys)
		create_key_index(oid, lfirst(lc));
	if (stmt->oncommit == ONCOMMIT_DELETE_ROWS)
		catalog_register_on_commit(oid, TEMP_ON_COMMIT_DELETE_ROWS);
	else if (stmt->oncommit == ONCOMMIT_DROP)
		catalog_register_on_commit(oid, TEMP_ON_COMMIT_DROP);
}

/* ---- CREATE INDEX ---- */

static void
execute_create_index(IndexStmt *stmt, char *tag, size_t tag_size)
{
	set_tag(tag, tag_size, "CREATE INDEX");
	if (stmt->accessMethod && strcmp(stmt->accessMethod, "btree") != 0)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("access method \"%s\" does not exist", stmt->accessMethod));
	if (stmt->whereClause)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("partial indexes are not supported"));
	Relation	rel = relation_openrv(stmt->relation->schemaname, stmt->relation->relname, false);
	int16_t		attnums[INDEX_MAX_KEYS];
	int			n = 0;
	ListCell   *lc;

	foreach(lc, stmt->indexParams)
	{
		IndexElem  *e = lfirst_node(IndexElem, lc);

		if (e->name == NULL)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("expression indexes are not supported"));
		if (n >= INDEX_MAX_KEYS)
			ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					errmsg("cannot use more than %d columns in an index", INDEX_MAX_KEYS));
		int			i = tupdesc_find(rel->rd_att, e->name);

		if (i < 0)
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_COLUMN),
					errmsg("column \"%s\" does not exist", e->name));
		attnums[n++] = (int16_t) (i + 1);
	}
	Oid			table_oid = rel->rd_id;

	relation_close(rel);
	catalog_create_index(table_oid, stmt->idxname, attnums, n, stmt->unique, false,
						 stmt->if_not_exists);
}

/* ---- DROP ---- */

static void
drop_one(List *names, ObjectType type, bool missing_ok)
{
	const char *schema = list_length(names) > 1 ? strVal(linitial(names)) : NULL;
	const char *name = strVal(llast(names));
	const char *kind = type == OBJECT_TABLE ? "table" : "index";
	Oid			oid = relation_lookup(schema, name);

	if (oid == InvalidOid)
	{
		if (missing_ok)
		{
			ereport(NOTICE, errcode(ERRCODE_SUCCESSFUL_COMPLETION),
					errmsg("%s \"%s\" does not exist, skipping", kind, name));
			return;
		}
		ereport(ERROR, errcode(type == OBJECT_TABLE ? ERRCODE_UNDEFINED_TABLE : ERRCODE_UNDEFINED_OBJECT),
				errmsg("%s \"%s\" does not exist", kind, name));
	}
	Relation	rel = relation_open(oid);
	char		relkind = rel->rd_kind;

	relation_close(rel);
	if (type == OBJECT_TABLE && relkind != RELKIND_TABLE)
		ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
				errmsg("\"%s\" is not a table", name),
				errhint("Use DROP INDEX to remove an index."));
	if (type == OBJECT_INDEX && relkind != RELKIND_INDEX)
		ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
				errmsg("\"%s\" is not an index", name),
				errhint("Use DROP TABLE to remove a table."));
	catalog_drop_relation(oid);
}

static void
execute_drop(DropStmt *stmt, char *tag, size_t tag_size)
{
	ListCell   *lc;

	if (stmt->removeType != OBJECT_TABLE && stmt->removeType != OBJECT_INDEX)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("%s is not supported", parser_command_tag((Node *) stmt)));
	set_tag(tag, tag_size, stmt->removeType == OBJECT_TABLE ? "DROP TABLE" : "DROP INDEX");
	foreach(lc, stmt->objects)
		drop_one(lfirst(lc), stmt->removeType, stmt->missing_ok);
}

static void
execute_truncate(TruncateStmt *stmt, char *tag, size_t tag_size)
{
	ListCell   *lc;
	List	   *oids = NIL;

	set_tag(tag, tag_size, "TRUNCATE TABLE");
	/* Resolve every name first, so a bad one changes nothing. */
	foreach(lc, stmt->relations)
	{
		RangeVar   *rv = lfirst_node(RangeVar, lc);
		Relation	rel = relation_openrv(rv->schemaname, rv->relname, false);

		if (rel->rd_kind != RELKIND_TABLE)
			ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
					errmsg("\"%s\" is not a table", rv->relname));
		oids = lappend_oid(oids, rel->rd_id);
		relation_close(rel);
	}
	foreach(lc, oids)
		catalog_truncate_relation(lfirst_oid(lc));
}

/* ---- ALTER TABLE ---- */

static void
alter_add_constraint(Relation rel, Constraint *c)
{
	if (c->contype != CONSTR_PRIMARY && c->contype != CONSTR_UNIQUE)
		unsupported_constraint(c);
	KeySpec		k = {c->keys, c->contype == CONSTR_PRIMARY, c->conname};

	create_key_index(rel->rd_id, &k);
}

static void
execute_alter_table(AlterTableStmt *stmt, char *tag, size_t tag_size)
{
	ListCell   *lc;

	set_tag(tag, tag_size, stmt->objtype == OBJECT_INDEX ? "ALTER INDEX" : "ALTER TABLE");
	Relation	rel = relation_openrv(stmt->relation->schemaname, stmt->relation->relname,
									  stmt->missing_ok);

	if (rel == NULL)
	{
		ereport(NOTICE, errcode(ERRCODE_SUCCESSFUL_COMPLETION),
				errmsg("relation \"%s\" does not exist, skipping", stmt->relation->relname));
		return;
	}
	Oid			relid = rel->rd_id;

	relation_close(rel);
	lock_relation(relid, AccessExclusiveLock);
	foreach(lc, stmt->cmds)
	{
		AlterTableCmd *cmd = lfirst_node(AlterTableCmd, lc);

		rel = relation_open(relid);
		switch (cmd->subtype)
		{
			case AT_AddConstraint:
				alter_add_constraint(rel, castNode(Constraint, cmd->def));
				break;
			default:
				ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("this form of ALTER TABLE is not supported"));
		}
		relation_close(rel);
	}
}

/* ---- VACUUM / ANALYZE ---- */

static bool
vacuum_is_dead_cb(ItemPointer tid, void *arg)
{
	heap_tid_dead_fn fn = ((heap_tid_dead_fn *) arg)[0];
	void	   *fnarg = ((void **) arg)[1];

	return fn(tid, fnarg);
}

static double
vacuum_bulk_delete(Relation index, heap_tid_dead_fn is_dead, void *arg)
{
	void	   *pair[2] = {(void *) is_dead, arg};

	return btree_bulk_delete(index, vacuum_is_dead_cb, pair);
}

/*
 * VACUUM and/or ANALYZE one table; both update pg_class.reltuples and
 * relpages and report to the cumulative statistics.  ANALYZE counts the
 * rows visible now (no column statistics: minipg has no pg_statistic).
 * With autovacuum, the table lock is only tried (false: not available,
 * nothing done) so the worker never queues ahead of user DDL.
 */
bool
utility_vacuum_relation(Oid relid, bool do_vacuum, bool do_analyze, bool autovacuum,
						VacuumStats *stats_out)
{
	if (autovacuum)
	{
		if (!lock_relation_conditional(relid, ShareUpdateExclusiveLock))
			return false;
	}
	else
		lock_relation(relid, ShareUpdateExclusiveLock);
	Relation	rel = relation_open(relid);
	int			n = list_length(rel->rd_indexes);
	Relation   *indexes = palloc(sizeof(Relation) * (size_t) Max(n, 1));
	ListCell   *lc;
	double		live = 0;
	VacuumStats stats = {0};

	foreach(lc, rel->rd_indexes)
		indexes[foreach_current_index(lc)] = relation_open(lfirst_oid(lc));
	if (do_vacuum)
	{
		heap_vacuum(rel, indexes, n, vacuum_bulk_delete, &stats);
		live = stats.tuples_remaining;
		/* Dead rows a VACUUM could not remove yet (still visible to a
		 * running snapshot) are not told apart: n_dead_tup becomes 0. */
		pgstat_report_vacuum(relid, autovacuum, (int64_t) live, 0);
	}
	if (do_analyze)
	{
		HeapScanDesc scan = heap_beginscan(rel, snapshot_copy(snapshot_get_latest()));

		live = 0;
		while (heap_getnext(scan) != NULL)
			live++;
		heap_endscan(scan);
		pgstat_report_analyze(relid, autovacuum, (int64_t) live, -1);
	}
	stats.pages_scanned = (double) heap_nblocks(rel);
	catalog_update_stats(relid, live, (int) heap_nblocks(rel));
	for (int i = 0; i < n; i++)
		relation_close(indexes[i]);
	relation_close(rel);
	if (stats_out)
		*stats_out = stats;
	return true;
}

static void
execute_vacuum(VacuumStmt *stmt, char *tag, size_t tag_size)
{
	bool		do_vacuum = stmt->is_vacuumcmd;
	ListCell   *lc;

	bool		do_analyze = !do_vacuum;

	set_tag(tag, tag_size, do_vacuum ? "VACUUM" : "ANALYZE");
	if (do_vacuum)
		xact_prevent_in_block("VACUUM");
	foreach(lc, stmt->options)
	{
		DefElem    *d = lfirst_node(DefElem, lc);

		if (strcmp(d->defname, "full") == 0 && (d->arg == NULL || boolVal(d->arg)))
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("VACUUM FULL is not supported"));
		if (strcmp(d->defname, "analyze") == 0 && (d->arg == NULL || boolVal(d->arg)))
			do_analyze = true;
	}
	List	   *oids = NIL;

	if (stmt->rels == NIL)
		oids = catalog_user_tables();
	foreach(lc, stmt->rels)
	{
		VacuumRelation *vr = lfirst_node(VacuumRelation, lc);
		Relation	rel = relation_openrv(vr->relation->schemaname, vr->relation->relname, false);

		oids = lappend_oid(oids, rel->rd_id);
		relation_close(rel);
	}
	foreach(lc, oids)
		(void) utility_vacuum_relation(lfirst_oid(lc), do_vacuum, do_analyze, false, NULL);
}

/* ---- roles ---- */

typedef struct RoleOptions
{
	bool		has_super;
	bool		super;
	bool		has_login;
	bool		login;
	bool		has_password;
	const char *password;
} RoleOptions;

static void
parse_role_options(List *options, RoleOptions *ro, bool is_user)
{
	ListCell   *lc;

	memset(ro, 0, sizeof(*ro));
	ro->login = is_user;
	foreach(lc, options)
	{
		DefElem    *d = lfirst_node(DefElem, lc);

		if (strcmp(d->defname, "superuser") == 0)
		{
			ro->has_super = true;
			ro->super = boolVal(d->arg);
		}
		else if (strcmp(d->defname, "canlogin") == 0)
		{
			ro->has_login = true;
			ro->login = boolVal(d->arg);
		}
		else if (strcmp(d->defname, "password") == 0)
		{
			ro->has_password = true;
			ro->password = d->arg ? strVal(d->arg) : NULL;
		}
		/* Other options (CREATEDB, INHERIT, CONNECTION LIMIT...) are accepted and ignored. */
	}
}

static char *
make_verifier(const char *role, const char *password)
{
	if (password == NULL)
		return NULL;
	if (password[0] == '\0')
	{
		ereport(NOTICE, errcode(ERRCODE_SUCCESSFUL_COMPLETION),
				errmsg("empty string is not a valid password, clearing password"));
		return NULL;
	}
	return crypt_make_verifier(role, password, guc_password_encryption);
}

static void
require_superuser(const char *what)
{
	if (!guc_is_superuser)
		ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("permission denied to %s", what));
}

static void
execute_create_role(CreateRoleStmt *stmt, char *tag, size_t tag_size)
{
	RoleOptions ro;

	require_superuser("create role");
	parse_role_options(stmt->options, &ro, stmt->stmt_type == ROLESTMT_USER);
	set_tag(tag, tag_size, "CREATE ROLE");
	catalog_create_role(stmt->role, ro.super, ro.login,
						ro.has_password ? make_verifier(stmt->role, ro.password) : NULL);
}

static void
execute_alter_role(AlterRoleStmt *stmt, char *tag, size_t tag_size)
{
	RoleOptions ro;
	const char *name = stmt->role->rolename ? stmt->role->rolename : guc_session_authorization;

	parse_role_options(stmt->options, &ro, false);
	if (!guc_is_superuser && (strcmp(name, guc_session_authorization) != 0 || ro.has_super ||
							  ro.has_login))
		ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("permission denied to alter role"));
	set_tag(tag, tag_size, "ALTER ROLE");
	catalog_alter_role(name, ro.has_super ? &ro.super : NULL, ro.has_login ? &ro.login : NULL,
					   ro.has_password ? make_verifier(name, ro.password) : NULL, ro.has_password);
}

static void
execute_drop_role(DropRoleStmt *stmt, char *tag, size_t tag_size)
{
	ListCell   *lc;

	require_superuser("drop role");
	set_tag(tag, tag_size, "DROP ROLE");
	foreach(lc, stmt->roles)
		catalog_drop_role(lfirst_node(RoleSpec, lc)->rolename, stmt->missing_ok);
}

void
utility_execute_ddl(Node *stmt, const char *query_text, DestReceiver *dest,
					char *tag, size_t tag_size)
{
	(void) dest;
	ddl_query_text = query_text;
	switch (nodeTag(stmt))
	{
		case T_CreateStmt:
			execute_create_table((CreateStmt *) stmt, tag, tag_size);
			break;
		case T_IndexStmt:
			execute_create_index((IndexStmt *) stmt, tag, tag_size);
			break;
		case T_DropStmt:
			execute_drop((DropStmt *) stmt, tag, tag_size);
			break;
		case T_TruncateStmt:
			execute_truncate((TruncateStmt *) stmt, tag, tag_size);
			break;
		case T_AlterTableStmt:
			execute_alter_table((AlterTableStmt *) stmt, tag, tag_size);
			break;
		case T_VacuumStmt:
			execute_vacuum((VacuumStmt *) stmt, tag, tag_size);
			break;
		case T_CreateRoleStmt:
			execute_create_role((CreateRoleStmt *) stmt, tag, tag_size);
			break;
		case T_AlterRoleStmt:
			execute_alter_role((AlterRoleStmt *) stmt, tag, tag_size);
			break;
		case T_DropRoleStmt:
			execute_drop_role((DropRoleStmt *) stmt, tag, tag_size);
			break;
		default:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("%s is not supported", parser_command_tag(stmt)));
	}
}
