/*-------------------------------------------------------------------------
 * bootstrap_catalog.c
 *	  Creating the system catalogs of a new cluster, and session setup
 *	  against them.
 *
 * Bootstrap runs as one ordinary transaction in the bootstrap process: it
 * creates each catalog's file, then inserts the initial rows — schemas
 * pg_catalog and public, database postgres, the bootstrap superuser, and
 * pg_class/pg_attribute rows describing the catalogs themselves (so they
 * can be queried).  The commit plus the shutdown checkpoint that follows
 * make it durable.
 *-------------------------------------------------------------------------
 */
#include <stdio.h>

#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "catalog/storage.h"
#include "catalog/syscat.h"
#include "storage/ipc/proc.h"
#include "utils/elog.h"
#include "utils/memctx.h"

static void
describe_catalog(Oid relid)
{
	Relation	rel = syscat_open(relid);
	PgClassRow	c;

	memset(&c, 0, sizeof(c));
	c.oid = relid;
	snprintf(c.relname, sizeof(c.relname), "%s", syscat_name(relid));
	c.relnamespace = PG_CATALOG_NAMESPACE;
	c.relkind = RELKIND_TABLE;
	c.relpersistence = RELPERSISTENCE_PERMANENT;
	c.relfilenode = relid;
	c.relnatts = (int16_t) rel->rd_att->natts;
	c.reltuples = -1;
	syscat_insert(PgClassRelationId, syscat_class_tuple(&c));
	for (int i = 0; i < rel->rd_att->natts; i++)
	{
		PgAttributeRow a = {relid, rel->rd_att->attrs[i]};

		syscat_insert(PgAttributeRelationId, syscat_attribute_tuple(&a));
	}
}

void
catalog_bootstrap(const char *superuser_name)
{
	MyDatabaseId = POSTGRES_DATABASE_OID;
	storage_init();
	for (int i = 0; i < syscat_count; i++)
	{
		RelFileLocator rl = {syscat_is_shared(syscat_all[i]) ? InvalidOid : MyDatabaseId,
		syscat_all[i]};

		smgr_create(rl, false);
	}
	PgNamespaceRow nsp_catalog = {PG_CATALOG_NAMESPACE, "pg_catalog"};
	PgNamespaceRow nsp_public = {PG_PUBLIC_NAMESPACE, "public"};

	syscat_insert(PgNamespaceRelationId, syscat_namespace_tuple(&nsp_catalog));
	syscat_insert(PgNamespaceRelationId, syscat_namespace_tuple(&nsp_public));

	PgDatabaseRow db = {POSTGRES_DATABASE_OID, "postgres", true};

	syscat_insert(PgDatabaseRelationId, syscat_database_tuple(&db));

	PgAuthidRow su;

	su.oid = BOOTSTRAP_SUPERUSERID;
	snprintf(su.rolname, sizeof(su.rolname), "%s", superuser_name);
	su.rolsuper = true;
	su.rolcanlogin = true;
	su.rolpassword = NULL;
	syscat_insert(PgAuthidRelationId, syscat_authid_tuple(&su));
	for (int i = 0; i < syscat_count; i++)
		describe_catalog(syscat_all[i]);
}

void
catalog_session_init(const char *dbname, const char *username, bool *is_superuser)
{
	RoleInfo	role;

	storage_init();
	Oid			db = catalog_database_oid(dbname);

	if (db == InvalidOid)
		ereport(FATAL, errcode(ERRCODE_INVALID_CATALOG_NAME),
				errmsg("database \"%s\" does not exist", dbname));
	MyDatabaseId = db;
	if (!catalog_lookup_role(username, &role))
		ereport(FATAL, errcode(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION),
				errmsg("role \"%s\" does not exist", username));
	if (!role.can_login)
		ereport(FATAL, errcode(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION),
				errmsg("role \"%s\" is not permitted to log in", username));
	MyRoleId = role.oid;
	*is_superuser = role.superuser;
	/* A previous owner's temp tables: dropped when we first need pg_temp
	 * (catalog_temp_namespace), not here, as in PostgreSQL. */
}
