/*-------------------------------------------------------------------------
 * relcache.h
 *	  Relations (tables and indexes) as the rest of the engine sees them,
 *	  and the per-backend cache that builds them from the system catalogs.
 *
 * Role: the analyzer finds tables by name, the executor and the access
 * methods (heap, btree) get everything they need about a relation from a
 * Relation: its storage location, columns, indexes and options.
 *
 * Invariants:
 *	- A Relation is built from catalog rows visible to a fresh snapshot
 *	  and cached until the shared catalog version changes (any committed
 *	  DDL bumps it); relation_open() revalidates at each statement start.
 *	- Callers never modify a Relation; they hold it between
 *	  relation_open() and relation_close() (reference counted), and every
 *	  open relation is closed at transaction end, also after an ERROR.
 *	- rd_locator names the current storage file; TRUNCATE gives a table a
 *	  new one (transactionally), so code must not cache locators across
 *	  statements.
 *
 * See also: catalog/catalog.h (DDL), catalog/README.md (catalog tables).
 *-------------------------------------------------------------------------
 */
#ifndef RELCACHE_H
#define RELCACHE_H

#include "access/common/tupdesc.h"
#include "common/minipg.h"
#include "storage/smgr/smgr.h"
#include "utils/list.h"

#define RELKIND_TABLE	'r'
#define RELKIND_INDEX	'i'
#define RELPERSISTENCE_PERMANENT	'p'
#define RELPERSISTENCE_TEMP			't'

#define INDEX_MAX_KEYS 32

typedef struct IndexInfo
{
	Oid			index_oid;
	Oid			table_oid;
	int			nkeys;
	int16_t		keys[INDEX_MAX_KEYS];	/* table column numbers (1-based) */
	Oid			key_types[INDEX_MAX_KEYS];
	bool		unique;
	bool		primary;
} IndexInfo;

typedef struct RelationData
{
	Oid			rd_id;
	char		rd_name[NAMEDATALEN];
	Oid			rd_namespace;
	char		rd_kind;		/* RELKIND_* */
	char		rd_persistence; /* RELPERSISTENCE_* */
	RelFileLocator rd_locator;
	TupleDesc	rd_att;			/* table columns, or index key columns */
	int			rd_fillfactor;	/* percent; 100 tables default, 90 btree */
	List	   *rd_indexes;		/* tables: Oids of their indexes */
	IndexInfo  *rd_index;		/* indexes: key definition; NULL for tables */
	/* tables: per column, the DEFAULT expression text or NULL */
	char	  **rd_defaults;
	/* Estimated row count, from the last VACUUM/ANALYZE (planner). */
	double		rd_reltuples;
	int			rd_refcount;
} RelationData;

typedef RelationData *Relation;

/* Open by OID; ERROR 42P01 if it does not exist (any more). */
Relation	relation_open(Oid relid);
/*
 * A system catalog (pg_class, pg_attribute...).  minipg keeps no index on
 * a catalog and allows none, so nothing outside a catalog's own pages
 * points at its line pointers (pruning relies on it: pruneheap.c).
 */
bool		relation_is_system_catalog(Relation rel);
/*
 * Open by (optionally schema-qualified) name, following search_path
 * (pg_temp first, then public, then pg_catalog).  missing_ok: return NULL
 * instead of ERROR 42P01 `relation "%s" does not exist`.
 */
Relation	relation_openrv(const char *schema, const char *name, bool missing_ok);
void		relation_close(Relation rel);
/* OID of a relation by name (InvalidOid if none). */
Oid			relation_lookup(const char *schema, const char *name);
/* OID of a relation by name in one namespace (InvalidOid if none). */
Oid			relation_lookup_in(Oid namespace_oid, const char *name);

/* Drop every cached relation (called when the catalog version changed). */
void		relcache_invalidate_all(void);
/* Statement start: compare with the shared catalog version, invalidate if needed. */
void		relcache_check_version(void);
/* Transaction end: close relations still open (after an ERROR). */
void		relcache_at_xact_end(bool commit);

#endif							/* RELCACHE_H */
