/*-------------------------------------------------------------------------
 * catalog.h
 *	  The system catalog: tables describing tables, columns, indexes,
 *	  defaults, schemas, roles and databases, stored as ordinary heap
 *	  tables in the engine's own pages, and the DDL operations that change
 *	  them.
 *
 * Role: CREATE/DROP/TRUNCATE/ALTER of tables and indexes, roles, and the
 * lookups the relation cache and authentication need.
 *
 * Invariants:
 *	- Catalog rows are MVCC heap tuples: DDL is transactional.  A
 *	  transaction sees its own catalog changes (each DDL step ends with
 *	  xact_command_counter_increment()), other sessions see them after
 *	  commit, when the shared catalog version is bumped and their relation
 *	  caches rebuild.
 *	- Files follow the rows: a relation's file is created with its row and
 *	  unlinked if the creating transaction aborts; a dropped or truncated
 *	  file is unlinked only when the dropping transaction commits
 *	  (catalog/storage.c keeps the pending list).
 *	- System catalogs have fixed OIDs equal to their file numbers
 *	  (below FirstNormalObjectId); shared ones (pg_authid, pg_database)
 *	  live in global/, the rest in base/<database oid>/.
 *
 * See also: catalog/README.md, catalog/relcache.h, catalog/syscat.h.
 *-------------------------------------------------------------------------
 */
#ifndef CATALOG_H
#define CATALOG_H

#include "access/common/tupdesc.h"
#include "catalog/relcache.h"
#include "common/minipg.h"
#include "utils/list.h"

/* Well-known OIDs (PostgreSQL's). */
#define PG_CATALOG_NAMESPACE	11
#define PG_PUBLIC_NAMESPACE		2200
#define BOOTSTRAP_SUPERUSERID	10
#define POSTGRES_DATABASE_OID	5

extern Oid	MyDatabaseId;
extern Oid	MyRoleId;

/* ---- tables ---- */

typedef struct ColumnSpec
{
	const char *name;
	Oid			type_oid;
	int32_t		typmod;
	bool		not_null;
	const char *default_expr;	/* SQL text of DEFAULT, or NULL */
} ColumnSpec;

/*
 * Create a table.  ERROR 42P07 `relation "%s" already exists` (or, with
 * if_not_exists, NOTICE `relation "%s" already exists, skipping` and
 * return InvalidOid); 42701 for duplicate column names.
 */
Oid			catalog_create_table(Oid namespace_oid, const char *name, const ColumnSpec *cols,
								 int ncols, int fillfactor, char persistence,
								 bool if_not_exists);

/*
 * Create a btree index on table columns (1-based attnums) and build it.
 * name NULL: choose PostgreSQL's default name (<table>_<cols>_idx,
 * <table>_pkey, <table>_<cols>_key).  primary: also marks the columns NOT
 * NULL (ERROR 23502 if a NULL exists).
 */
Oid			catalog_create_index(Oid table_oid, const char *name, const int16_t *attnums,
								 int nkeys, bool unique, bool primary, bool if_not_exists);

/*
 * ON COMMIT of a temporary table (temp_oncommit.c): at each commit of
 * this session, DROP drops it (so it lives for its creating transaction
 * only) and DELETE ROWS empties it.
 */
typedef enum TempOnCommit
{
	TEMP_ON_COMMIT_DELETE_ROWS,
	TEMP_ON_COMMIT_DROP,
} TempOnCommit;
void		catalog_register_on_commit(Oid relid, TempOnCommit action);

/* Drop a table (and its indexes) or an index. */
void		catalog_drop_relation(Oid relid);
/* TRUNCATE: give the table and its indexes new, empty files. */
void		catalog_truncate_relation(Oid relid);
/* Record statistics after VACUUM/ANALYZE (pages and live rows). */
void		catalog_update_stats(Oid relid, double reltuples, int relpages);

/* ---- lookups ---- */

/* Namespace OID for a schema name (InvalidOid if none). */
Oid			catalog_namespace_oid(const char *name);
/* Schema name of a namespace OID into out (NAMEDATALEN); "" and false if none. */
bool		catalog_namespace_name(Oid nsp, char *out);
/* Creation namespace for an unqualified name (pg_temp for temp tables). */
Oid			catalog_creation_namespace(const char *schema, char persistence);
/*
 * This session's temporary-table namespace: InvalidOid until the session
 * sets it up (create = true, on its first temporary relation), which
 * creates pg_temp_N or, if it exists, first drops a previous owner's
 * leftovers in it.
 */
Oid			catalog_temp_namespace(bool create);
/* The session is over: it has no temporary namespace any more (the
 * single-session mode runs the next session in the same process). */
void		catalog_temp_namespace_forget(void);
/*
 * The file of a relation with this relfilenode, persistence and schema:
 * for a temporary relation (persistence 't') temp_backend is the N of its
 * schema pg_temp_N, so its pages go to that session's local buffers.
 */
RelFileLocator catalog_relfile_locator(Oid relfilenode, char persistence, Oid nsp);
/* OIDs of every user table in this database (VACUUM, ANALYZE without names). */
List	   *catalog_user_tables(void);
/* Database OID by name, InvalidOid if none. */
Oid			catalog_database_oid(const char *name);

/* ---- roles ---- */

typedef struct RoleInfo
{
	Oid			oid;
	char		name[NAMEDATALEN];
	bool		superuser;
	bool		can_login;
	char	   *password;		/* verifier, or NULL */
} RoleInfo;

bool		catalog_lookup_role(const char *name, RoleInfo *out);
Oid			catalog_create_role(const char *name, bool superuser, bool can_login,
								const char *password_verifier);
void		catalog_alter_role(const char *name, const bool *superuser, const bool *can_login,
							   const char *password_verifier, bool set_password);
void		catalog_drop_role(const char *name, bool missing_ok);

/* ---- bootstrap and sessions ---- */

/* Create the catalogs of a new cluster (bootstrap mode, in a transaction). */
void		catalog_bootstrap(const char *superuser_name);
/* Session start: the database exists (FATAL 3D000), the role exists
 * (FATAL 28000), remember both; register transaction callbacks. */
void		catalog_session_init(const char *dbname, const char *username, bool *is_superuser);
/* Drop the tables in this session's temporary namespace, if it has one. */
void		catalog_drop_temp_relations(void);

/* Shared catalog version (bumped by every committed DDL). */
size_t		catversion_shmem_size(void);
void		catversion_shmem_init(void *mem, size_t size);
uint64_t	catversion_get(void);
/* Mark the current transaction as having changed the catalog. */
void		catversion_mark_changed(void);

#endif							/* CATALOG_H */
