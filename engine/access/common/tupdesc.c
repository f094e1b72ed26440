/*-------------------------------------------------------------------------
 * tupdesc.c
 *	  Building and copying tuple descriptors (see tupdesc.h).
 *-------------------------------------------------------------------------
 */
#include "access/common/tupdesc.h"

#include <stdio.h>

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

TupleDesc
tupdesc_create(int natts)
{
	if (natts < 0 || natts > 1600)
		ereport(ERROR, errcode(ERRCODE_TOO_MANY_COLUMNS),
				errmsg("tables can have at most 1600 columns"));
	TupleDesc	d = palloc0(offsetof(TupleDescData, attrs) + sizeof(Attribute) * (size_t) natts);

	d->natts = natts;
	for (int i = 0; i < natts; i++)
		d->attrs[i].attnum = (int16_t) (i + 1);
	return d;
}

void
tupdesc_init_attr(TupleDesc desc, int i, const char *name, Oid typid, int32_t typmod)
{
	const TypeInfo *t = type_get(typid);
	Attribute  *a = &desc->attrs[i];

	snprintf(a->attname, sizeof(a->attname), "%s", name);
	a->atttypid = typid;
	a->atttypmod = typmod;
	a->attlen = t->typlen;
	a->attbyval = t->byval;
	a->attalign = t->align;
	a->attnum = (int16_t) (i + 1);
	a->attnotnull = false;
	a->atthasdef = false;
	a->attisdropped = false;
}

TupleDesc
tupdesc_copy(TupleDesc desc)
{
	size_t		sz = offsetof(TupleDescData, attrs) + sizeof(Attribute) * (size_t) desc->natts;
	TupleDesc	d = palloc(sz);

	memcpy(d, desc, sz);
	return d;
}

int
tupdesc_find(TupleDesc desc, const char *name)
{
	for (int i = 0; i < desc->natts; i++)
		if (!desc->attrs[i].attisdropped && strcmp(desc->attrs[i].attname, name) == 0)
			return i;
	return -1;
}
