/*-------------------------------------------------------------------------
 * syscat.c
 *	  System catalog layouts, row conversions and raw catalog access
 *	  (see syscat.h).
 *
 * Column lists are the single source of truth for each catalog's layout:
 * the bootstrap creates the catalogs from them and describes them in
 * pg_class/pg_attribute, and every reader deforms tuples with them.
 *-------------------------------------------------------------------------
 */
#include "catalog/syscat.h"

#include <stdio.h>
#include <stdlib.h>

#include "access/transam/snapshot.h"
#include "access/transam/xact.h"
#include "sql/types/datum.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

typedef struct SysColumn
{
	const char *name;
	Oid			type;
} SysColumn;

typedef struct SysCatalog
{
	Oid			oid;
	const char *name;
	bool		shared;
	int			ncols;
	const SysColumn *cols;
} SysCatalog;

static const SysColumn class_cols[] = {
	{"oid", OIDOID}, {"relname", NAMEOID}, {"relnamespace", OIDOID},
	{"relkind", CHAROID}, {"relpersistence", CHAROID}, {"relfilenode", OIDOID},
	{"relnatts", INT2OID}, {"reltuples", FLOAT4OID}, {"relpages", INT4OID},
	{"relhasindex", BOOLOID}, {"reloptions", TEXTOID},
};
static const SysColumn attribute_cols[] = {
	{"attrelid", OIDOID}, {"attname", NAMEOID}, {"atttypid", OIDOID},
	{"atttypmod", INT4OID}, {"attnum", INT2OID}, {"attlen", INT2OID},
	{"attbyval", BOOLOID}, {"attalign", CHAROID}, {"attnotnull", BOOLOID},
	{"atthasdef", BOOLOID}, {"attisdropped", BOOLOID},
};
static const SysColumn index_cols[] = {
	{"indexrelid", OIDOID}, {"indrelid", OIDOID}, {"indnatts", INT2OID},
	{"indisunique", BOOLOID}, {"indisprimary", BOOLOID}, {"indkey", TEXTOID},
};
static const SysColumn attrdef_cols[] = {
	{"oid", OIDOID}, {"adrelid", OIDOID}, {"adnum", INT2OID}, {"adbin", TEXTOID},
};
static const SysColumn namespace_cols[] = {
	{"oid", OIDOID}, {"nspname", NAMEOID},
};
static const SysColumn authid_cols[] = {
	{"oid", OIDOID}, {"rolname", NAMEOID}, {"rolsuper", BOOLOID},
	{"rolcanlogin", BOOLOID}, {"rolpassword", TEXTOID},
};
static const SysColumn database_cols[] = {
	{"oid", OIDOID}, {"datname", NAMEOID}, {"datallowconn", BOOLOID},
};

#define CAT(oid, name, shared, cols) {oid, name, shared, (int) lengthof(cols), cols}

static const SysCatalog catalogs[] = {
	CAT(PgClassRelationId, "pg_class", false, class_cols),
	CAT(PgAttributeRelationId, "pg_attribute", false, attribute_cols),
	CAT(PgIndexRelationId, "pg_index", false, index_cols),
	CAT(PgAttrdefRelationId, "pg_attrdef", false, attrdef_cols),
	CAT(PgNamespaceRelationId, "pg_namespace", false, namespace_cols),
	CAT(PgAuthidRelationId, "pg_authid", true, authid_cols),
	CAT(PgDatabaseRelationId, "pg_database", true, database_cols),
};

const Oid	syscat_all[] = {
	PgClassRelationId, PgAttributeRelationId, PgIndexRelationId, PgAttrdefRelationId,
	PgNamespaceRelationId, PgAuthidRelationId, PgDatabaseRelationId,
};
const int	syscat_count = lengthof(syscat_all);

static Relation opened[lengthof(catalogs)];
static Oid	opened_db[lengthof(catalogs)];

static const SysCatalog *
find_catalog(Oid relid)
{
	for (size_t i = 0; i < lengthof(catalogs); i++)
		if (catalogs[i].oid == relid)
			return &catalogs[i];
	return NULL;
}

bool
syscat_is_system(Oid relid)
{
	return find_catalog(relid) != NULL;
}

bool
syscat_is_shared(Oid relid)
{
	const SysCatalog *c = find_catalog(relid);

	return c != NULL && c->shared;
}

const char *
syscat_name(Oid relid)
{
	const SysCatalog *c = find_catalog(relid);

	return c ? c->name : NULL;
}

static TupleDesc
build_tupdesc(const SysCatalog *c)
{
	TupleDesc	d = tupdesc_create(c->ncols);

	for (int i = 0; i < c->ncols; i++)
	{
		tupdesc_init_attr(d, i, c->cols[i].name, c->cols[i].type, -1);
		d->attrs[i].attnotnull = (c->cols[i].type != TEXTOID);
	}
	return d;
}

Relation
syscat_open(Oid relid)
{
	const SysCatalog *c = find_catalog(relid);
	int			i = (int) (c - catalogs);

	if (c == NULL)
		elog(ERROR, "%u is not a system catalog", relid);
	if (opened[i] != NULL && (c->shared || opened_db[i] == MyDatabaseId))
		return opened[i];

	MemoryContext old = memctx_switch_to(TopMemoryContext);
	Relation	rel = palloc0(sizeof(RelationData));

	rel->rd_id = c->oid;
	snprintf(rel->rd_name, sizeof(rel->rd_name), "%s", c->name);
	rel->rd_namespace = PG_CATALOG_NAMESPACE;
	rel->rd_kind = RELKIND_TABLE;
	rel->rd_persistence = RELPERSISTENCE_PERMANENT;
	rel->rd_locator.db_oid = c->shared ? InvalidOid : MyDatabaseId;
	rel->rd_locator.rel_number = c->oid;
	rel->rd_att = build_tupdesc(c);
	rel->rd_fillfactor = 100;
	rel->rd_reltuples = -1;
	rel->rd_refcount = 1;		/* never freed */
	memctx_switch_to(old);
	opened[i] = rel;
	opened_db[i] = MyDatabaseId;
	return rel;
}

TupleDesc
syscat_tupdesc(Oid relid)
{
	return syscat_open(relid)->rd_att;
}

/* ---- conversion helpers ---- */

static Datum
name_datum(const char *s)
{
	char	   *n = palloc0(NAMEDATALEN);

	snprintf(n, NAMEDATALEN, "%s", s);
	return PointerGetDatum(n);
}

static void
copy_name(char *dst, Datum d)
{
	snprintf(dst, NAMEDATALEN, "%s", (const char *) DatumGetPointer(d));
}

static HeapTuple
form(Oid catalog, const Datum *values, const bool *nulls)
{
	return heap_form_tuple(syscat_tupdesc(catalog), values, nulls);
}

#define DEFORM(catalog, tup, values, nulls) \
	heap_deform_tuple((tup), syscat_tupdesc(catalog), (values), (nulls))

HeapTuple
syscat_class_tuple(const PgClassRow *r)
{
	Datum		v[11];
	bool		n[11] = {0};

	v[0] = ObjectIdGetDatum(r->oid);
	v[1] = name_datum(r->relname);
	v[2] = ObjectIdGetDatum(r->relnamespace);
	v[3] = CharGetDatum(r->relkind);
	v[4] = CharGetDatum(r->relpersistence);
	v[5] = ObjectIdGetDatum(r->relfilenode);
	v[6] = Int16GetDatum(r->relnatts);
	v[7] = Float4GetDatum(r->reltuples);
	v[8] = Int32GetDatum(r->relpages);
	v[9] = BoolGetDatum(r->relhasindex);
	v[10] = CStringGetTextDatum(r->reloptions);
	return form(PgClassRelationId, v, n);
}

void
syscat_class_row(HeapTuple tup, PgClassRow *r)
{
	Datum		v[11];
	bool		n[11];

	DEFORM(PgClassRelationId, tup, v, n);
	r->oid = DatumGetObjectId(v[0]);
	copy_name(r->relname, v[1]);
	r->relnamespace = DatumGetObjectId(v[2]);
	r->relkind = DatumGetChar(v[3]);
	r->relpersistence = DatumGetChar(v[4]);
	r->relfilenode = DatumGetObjectId(v[5]);
	r->relnatts = DatumGetInt16(v[6]);
	r->reltuples = DatumGetFloat4(v[7]);
	r->relpages = DatumGetInt32(v[8]);
	r->relhasindex = DatumGetBool(v[9]);
	char	   *opts = n[10] ? pstrdup("") : TextDatumGetCString(v[10]);

	snprintf(r->reloptions, sizeof(r->reloptions), "%s", opts);
}

HeapTuple
syscat_attribute_tuple(const PgAttributeRow *r)
{
	Datum		v[11];
	bool		n[11] = {0};
	const Attribute *a = &r->att;

	v[0] = ObjectIdGetDatum(r->attrelid);
	v[1] = name_datum(a->attname);
	v[2] = ObjectIdGetDatum(a->atttypid);
	v[3] = Int32GetDatum(a->atttypmod);
	v[4] = Int16GetDatum(a->attnum);
	v[5] = Int16GetDatum(a->attlen);
	v[6] = BoolGetDatum(a->attbyval);
	v[7] = CharGetDatum(a->attalign);
	v[8] = BoolGetDatum(a->attnotnull);
	v[9] = BoolGetDatum(a->atthasdef);
	v[10] = BoolGetDatum(a->attisdropped);
	return form(PgAttributeRelationId, v, n);
}

void
syscat_attribute_row(HeapTuple tup, PgAttributeRow *r)
{
	Datum		v[11];
	bool		n[11];
	Attribute  *a = &r->att;

	DEFORM(PgAttributeRelationId, tup, v, n);
	r->attrelid = DatumGetObjectId(v[0]);
	copy_name(a->attname, v[1]);
	a->atttypid = DatumGetObjectId(v[2]);
	a->atttypmod = DatumGetInt32(v[3]);
	a->attnum = DatumGetInt16(v[4]);
	a->attlen = DatumGetInt16(v[5]);
	a->attbyval = DatumGetBool(v[6]);
	a->attalign = DatumGetChar(v[7]);
	a->attnotnull = DatumGetBool(v[8]);
	a->atthasdef = DatumGetBool(v[9]);
	a->attisdropped = DatumGetBool(v[10]);
}

HeapTuple
syscat_index_tuple(const PgIndexRow *r)
{
	Datum		v[6];
	bool		n[6] = {0};
	char		keys[INDEX_MAX_KEYS * 7 + 1] = "";
	int			len = 0;

	for (int i = 0; i < r->indnatts; i++)
		len += snprintf(keys + len, sizeof(keys) - (size_t) len, "%s%d", i ? " " : "", r->indkey[i]);
	v[0] = ObjectIdGetDatum(r->indexrelid);
	v[1] = ObjectIdGetDatum(r->indrelid);
	v[2] = Int16GetDatum(r->indnatts);
	v[3] = BoolGetDatum(r->indisunique);
	v[4] = BoolGetDatum(r->indisprimary);
	v[5] = CStringGetTextDatum(keys);
	return form(PgIndexRelationId, v, n);
}

void
syscat_index_row(HeapTuple tup, PgIndexRow *r)
{
	Datum		v[6];
	bool		n[6];

	DEFORM(PgIndexRelationId, tup, v, n);
	r->indexrelid = DatumGetObjectId(v[0]);
	r->indrelid = DatumGetObjectId(v[1]);
	r->indnatts = DatumGetInt16(v[2]);
	r->indisunique = DatumGetBool(v[3]);
	r->indisprimary = DatumGetBool(v[4]);
	char	   *keys = TextDatumGetCString(v[5]);
	char	   *p = keys;

	if (r->indnatts < 1 || r->indnatts > INDEX_MAX_KEYS)
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("invalid pg_index entry for index %u", r->indexrelid));
	for (int i = 0; i < r->indnatts; i++)
		r->indkey[i] = (int16_t) strtol(p, &p, 10);
}

HeapTuple
syscat_attrdef_tuple(const PgAttrdefRow *r)
{
	Datum		v[4];
	bool		n[4] = {0};

	v[0] = ObjectIdGetDatum(r->oid);
	v[1] = ObjectIdGetDatum(r->adrelid);
	v[2] = Int16GetDatum(r->adnum);
	v[3] = CStringGetTextDatum(r->adbin);
	return form(PgAttrdefRelationId, v, n);
}

void
syscat_attrdef_row(HeapTuple tup, PgAttrdefRow *r)
{
	Datum		v[4];
	bool		n[4];

	DEFORM(PgAttrdefRelationId, tup, v, n);
	r->oid = DatumGetObjectId(v[0]);
	r->adrelid = DatumGetObjectId(v[1]);
	r->adnum = DatumGetInt16(v[2]);
	r->adbin = TextDatumGetCString(v[3]);
}

HeapTuple
syscat_namespace_tuple(const PgNamespaceRow *r)
{
	Datum		v[2];
	bool		n[2] = {0};

	v[0] = ObjectIdGetDatum(r->oid);
	v[1] = name_datum(r->nspname);
	return form(PgNamespaceRelationId, v, n);
}

void
syscat_namespace_row(HeapTuple tup, PgNamespaceRow *r)
{
	Datum		v[2];
	bool		n[2];

	DEFORM(PgNamespaceRelationId, tup, v, n);
	r->oid = DatumGetObjectId(v[0]);
	copy_name(r->nspname, v[1]);
}

HeapTuple
syscat_authid_tuple(const PgAuthidRow *r)
{
	Datum		v[5];
	bool		n[5] = {0};

	v[0] = ObjectIdGetDatum(r->oid);
	v[1] = name_datum(r->rolname);
	v[2] = BoolGetDatum(r->rolsuper);
	v[3] = BoolGetDatum(r->rolcanlogin);
	if (r->rolpassword)
		v[4] = CStringGetTextDatum(r->rolpassword);
	else
	{
		v[4] = (Datum) 0;
		n[4] = true;
	}
	return form(PgAuthidRelationId, v, n);
}

void
syscat_authid_row(HeapTuple tup, PgAuthidRow *r)
{
	Datum		v[5];
	bool		n[5];

	DEFORM(PgAuthidRelationId, tup, v, n);
	r->oid = DatumGetObjectId(v[0]);
	copy_name(r->rolname, v[1]);
	r->rolsuper = DatumGetBool(v[2]);
	r->rolcanlogin = DatumGetBool(v[3]);
	r->rolpassword = n[4] ? NULL : TextDatumGetCString(v[4]);
}

HeapTuple
syscat_database_tuple(const PgDatabaseRow *r)
{
	Datum		v[3];
	bool		n[3] = {0};

	v[0] = ObjectIdGetDatum(r->oid);
	v[1] = name_datum(r->datname);
	v[2] = BoolGetDatum(r->datallowconn);
	return form(PgDatabaseRelationId, v, n);
}

void
syscat_database_row(HeapTuple tup, PgDatabaseRow *r)
{
	Datum		v[3];
	bool		n[3];

	DEFORM(PgDatabaseRelationId, tup, v, n);
	r->oid = DatumGetObjectId(v[0]);
	copy_name(r->datname, v[1]);
	r->datallowconn = DatumGetBool(v[2]);
}

/* ---- raw access ---- */

void
syscat_scan(Oid catalog, syscat_scan_fn fn, void *arg)
{
	Relation	rel = syscat_open(catalog);
	/* A private copy: callbacks may scan other catalogs. */
	Snapshot	snap = snapshot_copy(snapshot_get_latest());
	HeapScanDesc scan = heap_beginscan(rel, snap);
	HeapTuple	tup;

	while ((tup = heap_getnext(scan)) != NULL)
	{
		if (!fn(tup, arg))
			break;
	}
	heap_endscan(scan);
}

void
syscat_insert(Oid catalog, HeapTuple tup)
{
	heap_insert(syscat_open(catalog), tup, xact_get_cid());
	catversion_mark_changed();
	/* Each catalog change is its own command, visible to the next step. */
	xact_command_counter_increment();
}

static void
concurrent_update_error(Oid catalog)
{
	ereport(ERROR, errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
			errmsg("tuple concurrently updated"),
			errdetail("Another session changed a row of %s at the same time.",
					  syscat_name(catalog)));
}

void
syscat_delete(Oid catalog, ItemPointer tid)
{
	TM_FailureData tmfd;
	TM_Result	r = heap_delete(syscat_open(catalog), tid, xact_get_cid(), &tmfd);

	if (r != TM_Ok && r != TM_SelfModified)
		concurrent_update_error(catalog);
	catversion_mark_changed();
	xact_command_counter_increment();
}

void
syscat_update(Oid catalog, ItemPointer tid, HeapTuple newtup)
{
	TM_FailureData tmfd;
	bool		is_hot;
	TM_Result	r = heap_update(syscat_open(catalog), tid, newtup, xact_get_cid(), true,
								&is_hot, &tmfd);

	if (r != TM_Ok)
		concurrent_update_error(catalog);
	catversion_mark_changed();
	xact_command_counter_increment();
}

/* syscat_find_class: the scan stops at the row whose oid matches. */
typedef struct FindClass
{
	Oid			oid;
	bool		found;
	PgClassRow	row;
} FindClass;

static bool
find_class_cb(HeapTuple tup, void *arg)
{
	FindClass  *f = arg;
	PgClassRow	r;

	syscat_class_row(tup, &r);
	if (r.oid != f->oid)
		return true;
	f->row = r;
	f->found = true;
	return false;
}

bool
syscat_find_class(Oid relid, PgClassRow *out)
{
	FindClass	f = {relid, false, {0}};

	syscat_scan(PgClassRelationId, find_class_cb, &f);
	if (f.found)
		*out = f.row;
	return f.found;
}
