/*-------------------------------------------------------------------------
 * relcache.c
 *	  Building Relations from catalog rows and caching them per backend
 *	  (see relcache.h).
 *
 * Cache structure: an array of entries keyed by OID, plus a name index
 * (namespace, relname) -> OID built from one pg_class scan.  Both are
 * rebuilt lazily after an invalidation.  Each Relation lives in its own
 * memory context under CacheMemoryContext so it can be freed as a unit.
 *
 * Invalidation with open relations: an invalidated entry that is still
 * open (refcount > 0) is moved to a zombie list and freed at transaction
 * end; the next relation_open() builds a fresh one.  So a Relation never
 * changes under a caller that holds it.
 *-------------------------------------------------------------------------
 */
#include "catalog/relcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "catalog/syscat.h"
#include "sql/types/types.h"
#include "storage/lmgr/lock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

typedef struct CacheEntry
{
	Oid			oid;
	Relation	rel;
	MemoryContext cxt;
} CacheEntry;

typedef struct NameEntry
{
	Oid			nsp;
	char		name[NAMEDATALEN];
	Oid			oid;
} NameEntry;

static MemoryContext CacheMemoryContext = NULL;
static CacheEntry *entries = NULL;
static int	n_entries = 0;
static int	cap_entries = 0;
static CacheEntry *zombies = NULL;
static int	n_zombies = 0;
static int	cap_zombies = 0;
static NameEntry *names = NULL;
static int	n_names = 0;
static int	cap_names = 0;
static bool names_valid = false;
static uint64_t seen_version = 0;

static void
at_xact_event(XactEvent event, void *arg)
{
	(void) arg;
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT)
		relcache_at_xact_end(event == XACT_EVENT_COMMIT);
}

static void
ensure_cache_context(void)
{
	if (CacheMemoryContext == NULL)
	{
		CacheMemoryContext = memctx_create(TopMemoryContext, "CacheMemoryContext");
		/* Zombies go at transaction end (there was no caller before: a
		 * session leaked one Relation per DROP of an open relation). */
		xact_register_callback(at_xact_event, NULL);
	}
}

static void *
grow(void *arr, int *cap, size_t elem)
{
	int			ncap = *cap ? *cap * 2 : 32;
	void	   *n = memctx_alloc(CacheMemoryContext, elem * (size_t) ncap);

	if (arr)
	{
		memcpy(n, arr, elem * (size_t) *cap);
		pfree(arr);
	}
	*cap = ncap;
	return n;
}

void
relcache_invalidate_all(void)
{
	ensure_cache_context();
	for (int i = 0; i < n_entries; i++)
	{
		if (entries[i].rel->rd_refcount > 0)
		{
			if (n_zombies == cap_zombies)
				zombies = grow(zombies, &cap_zombies, sizeof(CacheEntry));
			zombies[n_zombies++] = entries[i];
		}
		else
			memctx_delete(entries[i].cxt);
	}
	n_entries = 0;
	names_valid = false;
}

void
relcache_check_version(void)
{
	uint64_t	v = catversion_get();

	if (v != seen_version)
	{
		relcache_invalidate_all();
		seen_version = v;
	}
}

void
relcache_at_xact_end(bool commit)
{
	(void) commit;
	for (int i = 0; i < n_entries; i++)
		entries[i].rel->rd_refcount = 0;
	for (int i = 0; i < n_zombies; i++)
		memctx_delete(zombies[i].cxt);
	n_zombies = 0;
}

/* ---- building ---- */

typedef struct CollectAttrs
{
	Oid			relid;
	TupleDesc	desc;
} CollectAttrs;

static bool
collect_attrs_cb(HeapTuple tup, void *arg)
{
	CollectAttrs *c = arg;
	PgAttributeRow r;

	syscat_attribute_row(tup, &r);
	if (r.attrelid != c->relid)
		return true;
	if (r.att.attnum < 1 || r.att.attnum > c->desc->natts)
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("invalid attribute number %d for relation %u", r.att.attnum, c->relid));
	c->desc->attrs[r.att.attnum - 1] = r.att;
	return true;
}

typedef struct CollectDefaults
{
	Oid			relid;
	char	  **defaults;
	int			natts;
} CollectDefaults;

static bool
collect_defaults_cb(HeapTuple tup, void *arg)
{
	CollectDefaults *c = arg;
	PgAttrdefRow r;

	syscat_attrdef_row(tup, &r);
	if (r.adrelid == c->relid && r.adnum >= 1 && r.adnum <= c->natts)
		c->defaults[r.adnum - 1] = r.adbin;
	return true;
}

typedef struct CollectIndexes
{
	Oid			relid;			/* table whose indexes we want, or */
	Oid			indexid;		/* the index whose definition we want */
	List	   *oids;
	PgIndexRow	row;
	bool		found;
} CollectIndexes;

static bool
collect_indexes_cb(HeapTuple tup, void *arg)
{
	CollectIndexes *c = arg;
	PgIndexRow	r;

	syscat_index_row(tup, &r);
	if (c->relid != InvalidOid && r.indrelid == c->relid)
		c->oids = lappend_oid(c->oids, r.indexrelid);
	if (c->indexid != InvalidOid && r.indexrelid == c->indexid)
	{
		c->row = r;
		c->found = true;
	}
	return true;
}

static int
parse_fillfactor(const char *reloptions, char relkind)
{
	const char *p = strstr(reloptions, "fillfactor=");

	if (p != NULL)
		return atoi(p + strlen("fillfactor="));
	return relkind == RELKIND_INDEX ? 90 : 100;
}

static TupleDesc
load_tupdesc(Oid relid, int natts)
{
	CollectAttrs c = {relid, tupdesc_create(natts)};

	syscat_scan(PgAttributeRelationId, collect_attrs_cb, &c);
	for (int i = 0; i < natts; i++)
		if (c.desc->attrs[i].attnum != i + 1 || c.desc->attrs[i].atttypid == InvalidOid)
			ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
					errmsg("catalog is missing %d attribute(s) for relation %u",
						   natts - i, relid));
	return c.desc;
}

/* Index: key columns come from the table's columns. */
static void
load_index_definition(Relation rel)
{
	CollectIndexes ci = {InvalidOid, rel->rd_id, NIL, {0}, false};

	syscat_scan(PgIndexRelationId, collect_indexes_cb, &ci);
	if (!ci.found)
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("pg_index entry for index %u is missing", rel->rd_id));
	PgClassRow	table;

	if (!syscat_find_class(ci.row.indrelid, &table))
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("table %u of index \"%s\" is missing", ci.row.indrelid, rel->rd_name));
	TupleDesc	tdesc = load_tupdesc(table.oid, table.relnatts);
	IndexInfo  *ii = palloc0(sizeof(IndexInfo));

	ii->index_oid = rel->rd_id;
	ii->table_oid = table.oid;
	ii->nkeys = ci.row.indnatts;
	ii->unique = ci.row.indisunique;
	ii->primary = ci.row.indisprimary;
	rel->rd_att = tupdesc_create(ii->nkeys);
	for (int k = 0; k < ii->nkeys; k++)
	{
		int			attnum = ci.row.indkey[k];

		if (attnum < 1 || attnum > tdesc->natts)
			ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
					errmsg("index \"%s\" refers to invalid column %d", rel->rd_name, attnum));
		ii->keys[k] = (int16_t) attnum;
		ii->key_types[k] = tdesc->attrs[attnum - 1].atttypid;
		rel->rd_att->attrs[k] = tdesc->attrs[attnum - 1];
		rel->rd_att->attrs[k].attnum = (int16_t) (k + 1);
	}
	rel->rd_index = ii;
}

static Relation
build_relation(Oid relid, MemoryContext cxt)
{
	MemoryContext old = memctx_switch_to(cxt);
	PgClassRow	classrow;

	if (!syscat_find_class(relid, &classrow))
	{
		memctx_switch_to(old);
		return NULL;
	}
	Relation	rel = palloc0(sizeof(RelationData));

	rel->rd_id = relid;
	snprintf(rel->rd_name, sizeof(rel->rd_name), "%s", classrow.relname);
	rel->rd_namespace = classrow.relnamespace;
	rel->rd_kind = classrow.relkind;
	rel->rd_persistence = classrow.relpersistence;
	rel->rd_locator = catalog_relfile_locator(classrow.relfilenode, classrow.relpersistence,
											  classrow.relnamespace);
	rel->rd_fillfactor = parse_fillfactor(classrow.reloptions, classrow.relkind);
	rel->rd_reltuples = classrow.reltuples;
	if (rel->rd_kind == RELKIND_INDEX)
		load_index_definition(rel);
	else
	{
		rel->rd_att = load_tupdesc(relid, classrow.relnatts);
		rel->rd_defaults = palloc0(sizeof(char *) * (size_t) Max(classrow.relnatts, 1));
		CollectDefaults cd = {relid, rel->rd_defaults, classrow.relnatts};

		syscat_scan(PgAttrdefRelationId, collect_defaults_cb, &cd);
		CollectIndexes ci = {relid, InvalidOid, NIL, {0}, false};

		syscat_scan(PgIndexRelationId, collect_indexes_cb, &ci);
		rel->rd_indexes = ci.oids;
	}
	memctx_switch_to(old);
	return rel;
}

bool
relation_is_system_catalog(Relation rel)
{
	return rel->rd_kind == RELKIND_TABLE && rel->rd_indexes == NIL && syscat_is_system(rel->rd_id);
}

Relation
relation_open(Oid relid)
{
	ensure_cache_context();
	if (syscat_is_system(relid))
		return syscat_open(relid);
	/*
	 * Lock first, then look at the catalog: a DROP or ALTER we waited for
	 * has committed and bumped the version by the time we get the lock.
	 */
	lock_relation(relid, AccessShareLock);
	relcache_check_version();
	for (int i = 0; i < n_entries; i++)
	{
		if (entries[i].oid == relid)
		{
			entries[i].rel->rd_refcount++;
			return entries[i].rel;
		}
	}
	MemoryContext cxt = memctx_create(CacheMemoryContext, "relation");
	Relation	rel = build_relation(relid, cxt);

	if (rel == NULL)
	{
		memctx_delete(cxt);
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
				errmsg("relation with OID %u does not exist", relid));
	}
	if (n_entries == cap_entries)
		entries = grow(entries, &cap_entries, sizeof(CacheEntry));
	entries[n_entries++] = (CacheEntry) {relid, rel, cxt};
	rel->rd_refcount = 1;
	return rel;
}

void
relation_close(Relation rel)
{
	if (rel->rd_refcount > 0 && !syscat_is_system(rel->rd_id))
		rel->rd_refcount--;
}

/* ---- names ---- */

static bool
collect_names_cb(HeapTuple tup, void *arg)
{
	PgClassRow	r;

	(void) arg;
	syscat_class_row(tup, &r);
	if (n_names == cap_names)
		names = grow(names, &cap_names, sizeof(NameEntry));
	names[n_names].nsp = r.relnamespace;
	snprintf(names[n_names].name, NAMEDATALEN, "%s", r.relname);
	names[n_names].oid = r.oid;
	n_names++;
	return true;
}

Oid
relation_lookup_in(Oid nsp, const char *name)
{
	ensure_cache_context();
	relcache_check_version();
	if (!names_valid)
	{
		/* Rebuilt from scratch; the array is reused (it only grows). */
		n_names = 0;
		syscat_scan(PgClassRelationId, collect_names_cb, NULL);
		names_valid = true;
	}
	for (int i = 0; i < n_names; i++)
		if (names[i].nsp == nsp && strcmp(names[i].name, name) == 0)
			return names[i].oid;
	return InvalidOid;
}

/* search_path entries as namespace OIDs, in lookup order. */
static int
search_path_namespaces(Oid *out, int max)
{
	int			n = 0;
	Oid			temp = catalog_temp_namespace(false);

	if (temp != InvalidOid && n < max)
		out[n++] = temp;
	if (n < max)
		out[n++] = PG_CATALOG_NAMESPACE;
	char	   *copy = pstrdup(guc_search_path ? guc_search_path : "");

	for (char *tok = strtok(copy, ","); tok != NULL && n < max; tok = strtok(NULL, ","))
	{
		while (*tok == ' ')
			tok++;
		char	   *end = tok + strlen(tok);

		while (end > tok && end[-1] == ' ')
			*--end = '\0';
		if (*tok == '"' && end > tok + 1 && end[-1] == '"')
		{
			tok++;
			end[-1] = '\0';
		}
		const char *name = strcmp(tok, "$user") == 0 ? guc_session_authorization : tok;
		Oid			nsp = catalog_namespace_oid(name);

		if (nsp != InvalidOid && nsp != PG_CATALOG_NAMESPACE)
			out[n++] = nsp;
	}
	return n;
}

Oid
relation_lookup(const char *schema, const char *name)
{
	ensure_cache_context();
	relcache_check_version();
	if (schema != NULL)
	{
		Oid			nsp = strcmp(schema, "pg_temp") == 0 ? catalog_temp_namespace(false)
			: catalog_namespace_oid(schema);

		if (nsp == InvalidOid)
			return InvalidOid;
		return relation_lookup_in(nsp, name);
	}
	Oid			path[16];
	int			n = search_path_namespaces(path, lengthof(path));

	for (int i = 0; i < n; i++)
	{
		Oid			oid = relation_lookup_in(path[i], name);

		if (oid != InvalidOid)
			return oid;
	}
	return InvalidOid;
}

Relation
relation_openrv(const char *schema, const char *name, bool missing_ok)
{
	if (schema != NULL && catalog_namespace_oid(schema) == InvalidOid &&
		strcmp(schema, "pg_temp") != 0)
	{
		if (missing_ok)
			return NULL;
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_SCHEMA),
				errmsg("schema \"%s\" does not exist", schema));
	}
	Oid			oid = relation_lookup(schema, name);

	/* The name may have moved while we waited for the lock: look again. */
	for (int attempt = 0; oid != InvalidOid && attempt < 10; attempt++)
	{
		lock_relation(oid, AccessShareLock);
		Oid			again = relation_lookup(schema, name);

		if (again == oid)
			break;
		oid = again;
	}
	if (oid == InvalidOid)
	{
		if (missing_ok)
			return NULL;
		if (schema != NULL)
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
					errmsg("relation \"%s.%s\" does not exist", schema, name));
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
				errmsg("relation \"%s\" does not exist", name));
	}
	return relation_open(oid);
}
