/*-------------------------------------------------------------------------
 * ddl.c
 *	  Creating, dropping and truncating tables and indexes (catalog.h).
 *
 * Each operation: check names against the catalog, write the catalog rows
 * (pg_class, pg_attribute, pg_attrdef, pg_index), create or schedule the
 * removal of files (catalog/storage.c), and build indexes.  Everything is
 * undone by aborting the transaction.
 *
 * Concurrency: DROP, TRUNCATE and ADD PRIMARY KEY take AccessExclusiveLock
 * (they wait for every reader and writer of the table, and those wait for
 * them); CREATE INDEX takes ShareLock (readers continue, writers wait).
 * Two sessions creating the same new name at the same moment can both
 * succeed (no unique index on pg_class yet).
 *-------------------------------------------------------------------------
 */
#include <stdio.h>

#include "access/heap/heapam.h"
#include "access/nbtree/nbtree.h"
#include "access/transam/varsup.h"
#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "catalog/storage.h"
#include "catalog/syscat.h"
#include "sql/types/types.h"
#include "storage/lmgr/lock.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/pgstat/pgstat.h"
#include "utils/strbuf.h"

/* ---- finding rows ---- */

typedef struct ClassByOid
{
	Oid			oid;
	bool		found;
	PgClassRow	row;
	ItemPointerData tid;
} ClassByOid;

static bool
class_by_oid_cb(HeapTuple tup, void *arg)
{
	ClassByOid *c = arg;
	PgClassRow	r;

	syscat_class_row(tup, &r);
	if (r.oid != c->oid)
		return true;
	c->row = r;
	c->tid = tup->t_self;
	c->found = true;
	return false;
}

static bool
find_class(Oid oid, PgClassRow *row, ItemPointer tid)
{
	ClassByOid	c = {oid, false, {0}, {0}};

	syscat_scan(PgClassRelationId, class_by_oid_cb, &c);
	if (c.found)
	{
		*row = c.row;
		if (tid)
			*tid = c.tid;
	}
	return c.found;
}

static void
insert_class_row(Oid oid, const char *name, Oid nsp, char kind, char persistence,
				 int natts, int fillfactor, bool default_fillfactor)
{
	PgClassRow	r;

	memset(&r, 0, sizeof(r));
	r.oid = oid;
	snprintf(r.relname, sizeof(r.relname), "%s", name);
	r.relnamespace = nsp;
	r.relkind = kind;
	r.relpersistence = persistence;
	r.relfilenode = oid;
	r.relnatts = (int16_t) natts;
	r.reltuples = -1;
	r.relpages = 0;
	r.relhasindex = false;
	if (!default_fillfactor)
		snprintf(r.reloptions, sizeof(r.reloptions), "fillfactor=%d", fillfactor);
	syscat_insert(PgClassRelationId, syscat_class_tuple(&r));
}

/* ---- tables ---- */

Oid
catalog_create_table(Oid nsp, const char *name, const ColumnSpec *cols, int ncols,
					 int fillfactor, char persistence, bool if_not_exists)
{
	if (relation_lookup_in(nsp, name) != InvalidOid)
	{
		if (if_not_exists)
		{
			ereport(NOTICE, errcode(ERRCODE_DUPLICATE_TABLE),
					errmsg("relation \"%s\" already exists, skipping", name));
			return InvalidOid;
		}
		ereport(ERROR, errcode(ERRCODE_DUPLICATE_TABLE),
				errmsg("relation \"%s\" already exists", name));
	}
	for (int i = 0; i < ncols; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(cols[i].name, cols[j].name) == 0)
				ereport(ERROR, errcode(ERRCODE_DUPLICATE_COLUMN),
						errmsg("column \"%s\" specified more than once", cols[i].name));
	if (ncols > 1600)
		ereport(ERROR, errcode(ERRCODE_TOO_MANY_COLUMNS),
				errmsg("tables can have at most %d columns", 1600));

	Oid			oid = varsup_new_oid();
	RelFileLocator rl = catalog_relfile_locator(oid, persistence, nsp);

	insert_class_row(oid, name, nsp, RELKIND_TABLE, persistence, ncols, fillfactor,
					 fillfactor == 100);
	for (int i = 0; i < ncols; i++)
	{
		PgAttributeRow a;
		TupleDesc	one = tupdesc_create(1);

		tupdesc_init_attr(one, 0, cols[i].name, cols[i].type_oid, cols[i].typmod);
		a.attrelid = oid;
		a.att = one->attrs[0];
		a.att.attnum = (int16_t) (i + 1);
		a.att.attnotnull = cols[i].not_null;
		a.att.atthasdef = cols[i].default_expr != NULL;
		syscat_insert(PgAttributeRelationId, syscat_attribute_tuple(&a));
		if (cols[i].default_expr != NULL)
		{
			PgAttrdefRow d = {varsup_new_oid(), oid, (int16_t) (i + 1),
			(char *) cols[i].default_expr};

			syscat_insert(PgAttrdefRelationId, syscat_attrdef_tuple(&d));
		}
	}
	storage_create(rl);
	return oid;
}

/* ---- indexes ---- */

static char *
choose_index_name(const char *table, const int16_t *attnums, int nkeys, TupleDesc tdesc,
				  bool primary, bool unique, Oid nsp)
{
	StringBuf	base;

	strbuf_init(&base);
	strbuf_append(&base, table);
	if (primary)
		strbuf_append(&base, "_pkey");
	else
	{
		for (int k = 0; k < nkeys; k++)
			strbuf_appendf(&base, "_%s", tdesc->attrs[attnums[k] - 1].attname);
		strbuf_append(&base, unique ? "_key" : "_idx");
	}
	char	   *name = pnstrdup(base.data, NAMEDATALEN - 1);

	/* PostgreSQL appends a number until the name is free. */
	for (int n = 1; relation_lookup_in(nsp, name) != InvalidOid; n++)
	{
		char		suffix[16];

		snprintf(suffix, sizeof(suffix), "%d", n);
		name = psprintf("%.*s%s", (int) (NAMEDATALEN - 1 - strlen(suffix)), base.data, suffix);
	}
	return name;
}

static void
set_relhasindex(Oid table_oid)
{
	PgClassRow	r;
	ItemPointerData tid;

	if (!find_class(table_oid, &r, &tid) || r.relhasindex)
		return;
	r.relhasindex = true;
	syscat_update(PgClassRelationId, &tid, syscat_class_tuple(&r));
}

typedef struct AttrUpdate
{
	Oid			relid;
	int16_t		attnum;
	bool		found;
	PgAttributeRow row;
	ItemPointerData tid;
} AttrUpdate;

static bool
find_attr_cb(HeapTuple tup, void *arg)
{
	AttrUpdate *u = arg;
	PgAttributeRow r;

	syscat_attribute_row(tup, &r);
	if (r.attrelid != u->relid || r.att.attnum != u->attnum)
		return true;
	u->row = r;
	u->tid = tup->t_self;
	u->found = true;
	return false;
}

/* Primary key columns become NOT NULL; existing NULLs are an error. */
static void
set_not_null(Relation table, int16_t attnum)
{
	AttrUpdate	u = {table->rd_id, attnum, false, {0}, {0}};
	Attribute  *att = &table->rd_att->attrs[attnum - 1];

	if (att->attnotnull)
		return;
	HeapScanDesc scan = heap_beginscan(table, snapshot_copy(snapshot_get_latest()));
	HeapTuple	tup;

	while ((tup = heap_getnext(scan)) != NULL)
	{
		bool		isnull;

		(void) heap_getattr(tup, attnum, table->rd_att, &isnull);
		if (isnull)
			ereport(ERROR, errcode(ERRCODE_NOT_NULL_VIOLATION),
					errmsg("column \"%s\" of relation \"%s\" contains null values",
						   att->attname, table->rd_name));
	}
	heap_endscan(scan);
	syscat_scan(PgAttributeRelationId, find_attr_cb, &u);
	if (!u.found)
		return;
	u.row.att.attnotnull = true;
	syscat_update(PgAttributeRelationId, &u.tid, syscat_attribute_tuple(&u.row));
}

Oid
catalog_create_index(Oid table_oid, const char *name, const int16_t *attnums, int nkeys,
					 bool unique, bool primary, bool if_not_exists)
{
	/* Writers wait while the index is built; readers go on. */
	lock_relation(table_oid, primary ? AccessExclusiveLock : ShareLock);
	Relation	table = relation_open(table_oid);

	if (table->rd_kind != RELKIND_TABLE)
		ereport(ERROR, errcode(ERRCODE_WRONG_OBJECT_TYPE),
				errmsg("\"%s\" is not a table", table->rd_name));
	if (nkeys < 1 || nkeys > INDEX_MAX_KEYS)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("cannot use more than %d columns in an index", INDEX_MAX_KEYS));
	if (primary)
	{
		ListCell   *lc;

		foreach(lc, table->rd_indexes)
		{
			Relation	idx = relation_open(lfirst_oid(lc));
			bool		is_pk = idx->rd_index->primary;

			relation_close(idx);
			if (is_pk)
				ereport(ERROR, errcode(ERRCODE_INVALID_TABLE_DEFINITION),
						errmsg("multiple primary keys for table \"%s\" are not allowed",
							   table->rd_name));
		}
	}
	for (int k = 0; k < nkeys; k++)
		if (type_get(table->rd_att->attrs[attnums[k] - 1].atttypid)->compare == NULL)
			ereport(ERROR, errcode(ERRCODE_UNDEFINED_OBJECT),
					errmsg("data type %s has no default operator class for access method \"btree\"",
						   type_format(table->rd_att->attrs[attnums[k] - 1].atttypid, -1)));
	char	   *iname = name ? pstrdup(name) :
		choose_index_name(table->rd_name, attnums, nkeys, table->rd_att, primary, unique,
						  table->rd_namespace);

	if (relation_lookup_in(table->rd_namespace, iname) != InvalidOid)
	{
		relation_close(table);
		if (if_not_exists)
		{
			ereport(NOTICE, errcode(ERRCODE_DUPLICATE_TABLE),
					errmsg("relation \"%s\" already exists, skipping", iname));
			return InvalidOid;
		}
		ereport(ERROR, errcode(ERRCODE_DUPLICATE_TABLE),
				errmsg("relation \"%s\" already exists", iname));
	}
	if (primary)
		for (int k = 0; k < nkeys; k++)
			set_not_null(table, attnums[k]);

	Oid			oid = varsup_new_oid();
	RelFileLocator rl = catalog_relfile_locator(oid, table->rd_persistence, table->rd_namespace);
	PgIndexRow	ir;

	insert_class_row(oid, iname, table->rd_namespace, RELKIND_INDEX, table->rd_persistence,
					 nkeys, 90, true);
	memset(&ir, 0, sizeof(ir));
	ir.indexrelid = oid;
	ir.indrelid = table_oid;
	ir.indnatts = (int16_t) nkeys;
	ir.indisunique = unique || primary;
	ir.indisprimary = primary;
	memcpy(ir.indkey, attnums, sizeof(int16_t) * (size_t) nkeys);
	syscat_insert(PgIndexRelationId, syscat_index_tuple(&ir));
	set_relhasindex(table_oid);
	storage_create(rl);
	relation_close(table);

	/* Build it from the table's current contents. */
	Relation	heap = relation_open(table_oid);
	Relation	index = relation_open(oid);

	btree_build(heap, index);
	relation_close(index);
	relation_close(heap);
	return oid;
}

/* ---- dropping ---- */

typedef struct CollectRows
{
	Oid			relid;
	List	   *tids;			/* palloc'd ItemPointers */
} CollectRows;

static void
remember_tid(CollectRows *c, HeapTuple tup)
{
	ItemPointer t = palloc(sizeof(ItemPointerData));

	*t = tup->t_self;
	c->tids = lappend(c->tids, t);
}

static bool
attr_rows_cb(HeapTuple tup, void *arg)
{
	CollectRows *c = arg;
	PgAttributeRow r;

	syscat_attribute_row(tup, &r);
	if (r.attrelid == c->relid)
		remember_tid(c, tup);
	return true;
}

static bool
attrdef_rows_cb(HeapTuple tup, void *arg)
{
	CollectRows *c = arg;
	PgAttrdefRow r;

	syscat_attrdef_row(tup, &r);
	if (r.adrelid == c->relid)
		remember_tid(c, tup);
	return true;
}

static bool
index_rows_cb(HeapTuple tup, void *arg)
{
	CollectRows *c = arg;
	PgIndexRow	r;

	syscat_index_row(tup, &r);
	if (r.indexrelid == c->relid)
		remember_tid(c, tup);
	return true;
}

static void
delete_rows(Oid catalog, syscat_scan_fn fn, Oid relid)
{
	CollectRows c = {relid, NIL};
	ListCell   *lc;

	syscat_scan(catalog, fn, &c);
	foreach(lc, c.tids)
		syscat_delete(catalog, (ItemPointer) lfirst(lc));
}

void
catalog_drop_relation(Oid relid)
{
	PgClassRow	r;
	ItemPointerData tid;

	if (syscat_is_system(relid))
		ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("permission denied: \"%s\" is a system catalog", syscat_name(relid)));
	lock_relation(relid, AccessExclusiveLock);
	if (!find_class(relid, &r, &tid))
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
				errmsg("relation with OID %u does not exist", relid));
	if (r.relkind == RELKIND_TABLE)
	{
		Relation	table = relation_open(relid);
		List	   *indexes = list_copy(table->rd_indexes);
		ListCell   *lc;

		relation_close(table);
		foreach(lc, indexes)
			catalog_drop_relation(lfirst_oid(lc));
	}
	syscat_delete(PgClassRelationId, &tid);
	delete_rows(PgAttributeRelationId, attr_rows_cb, relid);
	delete_rows(PgAttrdefRelationId, attrdef_rows_cb, relid);
	if (r.relkind == RELKIND_INDEX)
		delete_rows(PgIndexRelationId, index_rows_cb, relid);
	RelFileLocator rl = catalog_relfile_locator(r.relfilenode, r.relpersistence, r.relnamespace);

	storage_drop_at_commit(rl);
	pgstat_report_drop(relid);
}

/* Give one relation a new, empty file; the old one goes at commit. */
static void
new_relfilenode(Oid relid)
{
	PgClassRow	r;
	ItemPointerData tid;

	if (!find_class(relid, &r, &tid))
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_TABLE),
				errmsg("relation with OID %u does not exist", relid));
	RelFileLocator old_rl = catalog_relfile_locator(r.relfilenode, r.relpersistence,
													r.relnamespace);

	r.relfilenode = varsup_new_oid();
	r.reltuples = 0;
	r.relpages = 0;
	RelFileLocator new_rl = catalog_relfile_locator(r.relfilenode, r.relpersistence,
													r.relnamespace);

	storage_create(new_rl);
	syscat_update(PgClassRelationId, &tid, syscat_class_tuple(&r));
	storage_drop_at_commit(old_rl);
}

void
catalog_truncate_relation(Oid relid)
{
	lock_relation(relid, AccessExclusiveLock);
	Relation	table = relation_open(relid);
	List	   *indexes = list_copy(table->rd_indexes);
	ListCell   *lc;

	relation_close(table);
	new_relfilenode(relid);
	foreach(lc, indexes)
	{
		Oid			ioid = lfirst_oid(lc);

		new_relfilenode(ioid);
		Relation	index = relation_open(ioid);

		btree_build_empty(index);
		relation_close(index);
	}
}

void
catalog_update_stats(Oid relid, double reltuples, int relpages)
{
	PgClassRow	r;
	ItemPointerData tid;

	if (syscat_is_system(relid) || !find_class(relid, &r, &tid))
		return;
	r.reltuples = (float) reltuples;
	r.relpages = relpages;
	syscat_update(PgClassRelationId, &tid, syscat_class_tuple(&r));
}
