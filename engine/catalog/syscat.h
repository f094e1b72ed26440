/*-------------------------------------------------------------------------
 * syscat.h
 *	  The system catalogs' layouts and row conversions (internal to
 *	  catalog/).
 *
 * Each catalog is a heap table whose columns are described here in C (so
 * the catalog can be read before anything is cached); rows are converted
 * between heap tuples and the C structs below.  Column names and OIDs are
 * PostgreSQL's; a few PostgreSQL array/vector columns are plain text here
 * (reloptions "fillfactor=90", indkey "1 2").
 *-------------------------------------------------------------------------
 */
#ifndef SYSCAT_H
#define SYSCAT_H

#include "access/heap/heapam.h"
#include "catalog/catalog.h"

#define PgAttributeRelationId	1249
#define PgClassRelationId		1259
#define PgAuthidRelationId		1260
#define PgDatabaseRelationId	1262
#define PgAttrdefRelationId		2604
#define PgIndexRelationId		2610
#define PgNamespaceRelationId	2615

typedef struct PgClassRow
{
	Oid			oid;
	char		relname[NAMEDATALEN];
	Oid			relnamespace;
	char		relkind;
	char		relpersistence;
	Oid			relfilenode;
	int16_t		relnatts;
	float		reltuples;		/* -1 = never counted */
	int32_t		relpages;
	bool		relhasindex;
	char		reloptions[64]; /* "fillfactor=N" or "" */
} PgClassRow;

typedef struct PgAttributeRow
{
	Oid			attrelid;
	Attribute	att;
} PgAttributeRow;

typedef struct PgIndexRow
{
	Oid			indexrelid;
	Oid			indrelid;
	int16_t		indnatts;
	bool		indisunique;
	bool		indisprimary;
	int16_t		indkey[INDEX_MAX_KEYS];
} PgIndexRow;

typedef struct PgAttrdefRow
{
	Oid			oid;
	Oid			adrelid;
	int16_t		adnum;
	char	   *adbin;			/* SQL text of the expression */
} PgAttrdefRow;

typedef struct PgNamespaceRow
{
	Oid			oid;
	char		nspname[NAMEDATALEN];
} PgNamespaceRow;

typedef struct PgAuthidRow
{
	Oid			oid;
	char		rolname[NAMEDATALEN];
	bool		rolsuper;
	bool		rolcanlogin;
	char	   *rolpassword;	/* NULL = none */
} PgAuthidRow;

typedef struct PgDatabaseRow
{
	Oid			oid;
	char		datname[NAMEDATALEN];
	bool		datallowconn;
} PgDatabaseRow;

/* The catalogs, in creation order. */
extern const Oid syscat_all[];
extern const int syscat_count;

bool		syscat_is_system(Oid relid);
bool		syscat_is_shared(Oid relid);
const char *syscat_name(Oid relid);
/* A Relation for a system catalog built from the C description (cached). */
Relation	syscat_open(Oid relid);
TupleDesc	syscat_tupdesc(Oid relid);

/* Row <-> tuple conversions. */
HeapTuple	syscat_class_tuple(const PgClassRow *r);
void		syscat_class_row(HeapTuple tup, PgClassRow *r);
HeapTuple	syscat_attribute_tuple(const PgAttributeRow *r);
void		syscat_attribute_row(HeapTuple tup, PgAttributeRow *r);
HeapTuple	syscat_index_tuple(const PgIndexRow *r);
void		syscat_index_row(HeapTuple tup, PgIndexRow *r);
HeapTuple	syscat_attrdef_tuple(const PgAttrdefRow *r);
void		syscat_attrdef_row(HeapTuple tup, PgAttrdefRow *r);
HeapTuple	syscat_namespace_tuple(const PgNamespaceRow *r);
void		syscat_namespace_row(HeapTuple tup, PgNamespaceRow *r);
HeapTuple	syscat_authid_tuple(const PgAuthidRow *r);
void		syscat_authid_row(HeapTuple tup, PgAuthidRow *r);
HeapTuple	syscat_database_tuple(const PgDatabaseRow *r);
void		syscat_database_row(HeapTuple tup, PgDatabaseRow *r);

/*
 * Scan a catalog with a snapshot that sees everything committed now plus
 * this transaction's earlier commands.  fn returns false to stop.
 */
typedef bool (*syscat_scan_fn) (HeapTuple tup, void *arg);
void		syscat_scan(Oid catalog, syscat_scan_fn fn, void *arg);
/* The pg_class row of relid, if there is one. */
bool		syscat_find_class(Oid relid, PgClassRow *out);
void		syscat_insert(Oid catalog, HeapTuple tup);
void		syscat_delete(Oid catalog, ItemPointer tid);
void		syscat_update(Oid catalog, ItemPointer tid, HeapTuple newtup);

#endif							/* SYSCAT_H */
