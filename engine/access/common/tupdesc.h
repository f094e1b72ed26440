/*-------------------------------------------------------------------------
 * tupdesc.h
 *	  Tuple descriptors: the column layout of a table, index or result.
 *
 * Role: the heap forms and deforms tuples with it, the catalog builds it
 * from pg_attribute rows, the executor describes intermediate results with
 * it.  Storage properties (attlen, attbyval, attalign) are copied from the
 * column's type (sql/types/types.h) when the descriptor is built, so the
 * heap never needs to look a type up.
 *
 * Invariants:
 *	- attrs[i].attnum == i + 1.
 *	- A dropped column keeps its slot (attisdropped) so attnums of later
 *	  columns, and tuples already on disk, stay valid.
 *-------------------------------------------------------------------------
 */
#ifndef TUPDESC_H
#define TUPDESC_H

#include "common/minipg.h"

typedef struct Attribute
{
	char		attname[NAMEDATALEN];
	Oid			atttypid;
	int32_t		atttypmod;
	int16_t		attlen;			/* type's typlen */
	bool		attbyval;
	char		attalign;		/* 'c', 's', 'i', 'd' */
	int16_t		attnum;			/* 1-based */
	bool		attnotnull;
	bool		atthasdef;
	bool		attisdropped;
} Attribute;

typedef struct TupleDescData
{
	int			natts;
	Attribute	attrs[];		/* natts entries */
} TupleDescData;

typedef TupleDescData *TupleDesc;

static inline Attribute *
tupdesc_attr(TupleDesc desc, int i)
{
	return &desc->attrs[i];
}

/* A descriptor with natts zeroed attributes (palloc'd). */
TupleDesc	tupdesc_create(int natts);
/*
 * Fill column i (0-based) from a type: copies attlen/attbyval/attalign
 * from the type catalog.
 */
void		tupdesc_init_attr(TupleDesc desc, int i, const char *name, Oid typid,
							  int32_t typmod);
TupleDesc	tupdesc_copy(TupleDesc desc);
/* Column index (0-based) by name, -1 if absent or dropped. */
int			tupdesc_find(TupleDesc desc, const char *name);

#endif							/* TUPDESC_H */
