/*-------------------------------------------------------------------------
 * namespace.c
 *	  Schemas (namespaces) and databases: name lookups, and the session's
 *	  temporary-table schema pg_temp_<n>.
 *
 * Temporary tables live in a schema named pg_temp_<procno+1>, set up the
 * first time the session creates a temporary relation, as in PostgreSQL.
 * Because proc slots are reused, the schema may already exist: setting it
 * up then first drops whatever a previous (possibly crashed) owner of the
 * slot left in it (catalog_drop_temp_relations).  Until then the session
 * has no temporary schema at all (catalog_temp_namespace(false) is
 * InvalidOid), so leftovers are never visible to it and a session that
 * uses no temporary tables never scans pg_class for them, neither at
 * start nor at exit.  If the transaction that set the schema up aborts,
 * the session forgets it again (the pg_namespace row it may have inserted,
 * and the drops of leftovers, are rolled back with it), so that the next
 * temporary table never points at a schema that does not exist.
 *-------------------------------------------------------------------------
 */
#include <stdio.h>

#include "catalog/catalog.h"
#include "access/transam/varsup.h"
#include "access/transam/xact.h"
#include "catalog/syscat.h"
#include "storage/ipc/proc.h"
#include "utils/elog.h"

static Oid	temp_namespace = InvalidOid;
static bool temp_namespace_set_up_in_xact = false;
static bool temp_namespace_callback_registered = false;

typedef struct FindNamespace
{
	const char *name;
	Oid			oid;
} FindNamespace;

static bool
find_namespace_cb(HeapTuple tup, void *arg)
{
	FindNamespace *f = arg;
	PgNamespaceRow r;

	syscat_namespace_row(tup, &r);
	if (strcmp(r.nspname, f->name) != 0)
		return true;
	f->oid = r.oid;
	return false;
}

Oid
catalog_namespace_oid(const char *name)
{
	FindNamespace f = {name, InvalidOid};

	if (name == NULL || name[0] == '\0')
		return InvalidOid;
	if (strcmp(name, "pg_catalog") == 0)
		return PG_CATALOG_NAMESPACE;
	if (strcmp(name, "public") == 0)
		return PG_PUBLIC_NAMESPACE;
	syscat_scan(PgNamespaceRelationId, find_namespace_cb, &f);
	return f.oid;
}

static void
temp_namespace_name(char *buf, size_t len)
{
	snprintf(buf, len, "pg_temp_%d", MyProc ? MyProc->procno + 1 : 0);
}

static void
temp_namespace_at_xact_end(XactEvent event, void *arg)
{
	(void) arg;
	if (event == XACT_EVENT_PRE_COMMIT)
		return;
	if (event == XACT_EVENT_ABORT && temp_namespace_set_up_in_xact)
		temp_namespace = InvalidOid;
	temp_namespace_set_up_in_xact = false;
}

Oid
catalog_temp_namespace(bool create)
{
	char		name[NAMEDATALEN];

	if (temp_namespace != InvalidOid || !create)
		return temp_namespace;
	if (!temp_namespace_callback_registered)
	{
		xact_register_callback(temp_namespace_at_xact_end, NULL);
		temp_namespace_callback_registered = true;
	}
	temp_namespace_set_up_in_xact = true;
	temp_namespace_name(name, sizeof(name));
	Oid			oid = catalog_namespace_oid(name);

	if (oid == InvalidOid)
	{
		PgNamespaceRow r;

		r.oid = varsup_new_oid();
		snprintf(r.nspname, sizeof(r.nspname), "%s", name);
		syscat_insert(PgNamespaceRelationId, syscat_namespace_tuple(&r));
		temp_namespace = r.oid;
		return r.oid;
	}
	/* A previous owner of our slot's schema may have left tables in it. */
	temp_namespace = oid;
	catalog_drop_temp_relations();
	return oid;
}

void
catalog_temp_namespace_forget(void)
{
	temp_namespace = InvalidOid;
}

typedef struct NamespaceName
{
	Oid			oid;
	char		name[NAMEDATALEN];
} NamespaceName;

static bool
namespace_name_cb(HeapTuple tup, void *arg)
{
	NamespaceName *n = arg;
	PgNamespaceRow r;

	syscat_namespace_row(tup, &r);
	if (r.oid != n->oid)
		return true;
	snprintf(n->name, sizeof(n->name), "%s", r.nspname);
	return false;
}

bool
catalog_namespace_name(Oid nsp, char *out)
{
	NamespaceName n = {nsp, ""};

	syscat_scan(PgNamespaceRelationId, namespace_name_cb, &n);
	memcpy(out, n.name, NAMEDATALEN);
	return n.name[0] != '\0';
}

/* N of the schema pg_temp_N (our own without a catalog lookup). */
static int32_t
temp_backend_of(Oid nsp)
{
	char		name[NAMEDATALEN];
	int			backend = 0;
	int			len = 0;

	if (nsp != InvalidOid && nsp == temp_namespace)
		return MyTempBackend;
	(void) catalog_namespace_name(nsp, name);
	if (sscanf(name, "pg_temp_%d%n", &backend, &len) != 1 || name[len] != '\0' ||
		backend <= 0)
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("temporary relation in schema \"%s\", which is not a temporary schema",
					   name));
	return backend;
}

RelFileLocator
catalog_relfile_locator(Oid relfilenode, char persistence, Oid nsp)
{
	RelFileLocator rl = {MyDatabaseId, relfilenode, 0};

	if (persistence == RELPERSISTENCE_TEMP)
		rl.temp_backend = temp_backend_of(nsp);
	return rl;
}

Oid
catalog_creation_namespace(const char *schema, char persistence)
{
	if (persistence == RELPERSISTENCE_TEMP)
	{
		if (schema != NULL && strncmp(schema, "pg_temp", 7) != 0)
			ereport(ERROR, errcode(ERRCODE_INVALID_TABLE_DEFINITION),
					errmsg("cannot create temporary relation in non-temporary schema"));
		return catalog_temp_namespace(true);
	}
	if (schema == NULL)
		return PG_PUBLIC_NAMESPACE;
	if (strcmp(schema, "pg_temp") == 0)
		return catalog_temp_namespace(true);
	Oid			nsp = catalog_namespace_oid(schema);

	if (nsp == InvalidOid)
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_SCHEMA),
				errmsg("schema \"%s\" does not exist", schema));
	if (nsp == PG_CATALOG_NAMESPACE)
		ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("permission denied to create \"%s\"", "pg_catalog relation"),
				errdetail("System catalog modifications are currently disallowed."));
	return nsp;
}

typedef struct FindDatabase
{
	const char *name;
	Oid			oid;
} FindDatabase;

static bool
find_database_cb(HeapTuple tup, void *arg)
{
	FindDatabase *f = arg;
	PgDatabaseRow r;

	syscat_database_row(tup, &r);
	if (strcmp(r.datname, f->name) != 0 || !r.datallowconn)
		return true;
	f->oid = r.oid;
	return false;
}

Oid
catalog_database_oid(const char *name)
{
	FindDatabase f = {name, InvalidOid};

	syscat_scan(PgDatabaseRelationId, find_database_cb, &f);
	return f.oid;
}

/* Temp relations in our slot's schema, collected for dropping. */
typedef struct CollectTemp
{
	Oid			nsp;
	List	   *oids;
} CollectTemp;

static bool
collect_temp_cb(HeapTuple tup, void *arg)
{
	CollectTemp *c = arg;
	PgClassRow	r;

	syscat_class_row(tup, &r);
	if (r.relnamespace == c->nsp && r.relkind == RELKIND_TABLE)
		c->oids = lappend_oid(c->oids, r.oid);
	return true;
}

void
catalog_drop_temp_relations(void)
{
	if (temp_namespace == InvalidOid)
		return;
	CollectTemp c = {temp_namespace, NIL};
	ListCell   *lc;

	syscat_scan(PgClassRelationId, collect_temp_cb, &c);
	foreach(lc, c.oids)
		catalog_drop_relation(lfirst_oid(lc));
}

static bool
collect_user_tables_cb(HeapTuple tup, void *arg)
{
	List	  **oids = arg;
	PgClassRow	r;

	syscat_class_row(tup, &r);
	if (r.relkind == RELKIND_TABLE && r.relnamespace != PG_CATALOG_NAMESPACE &&
		(r.relpersistence != RELPERSISTENCE_TEMP || r.relnamespace == temp_namespace))
		*oids = lappend_oid(*oids, r.oid);
	return true;
}

List *
catalog_user_tables(void)
{
	List	   *oids = NIL;

	syscat_scan(PgClassRelationId, collect_user_tables_cb, &oids);
	return oids;
}
