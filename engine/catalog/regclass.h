/*-------------------------------------------------------------------------
 * regclass.h
 *	  The regclass type (see regclass.c) and a pg_class lookup by OID for
 *	  functions that must return NULL, not fail, for a missing relation.
 *-------------------------------------------------------------------------
 */
#ifndef REGCLASS_H
#define REGCLASS_H

#include "common/minipg.h"

typedef struct RegclassInfo
{
	Oid			relfilenode;
	char		relkind;		/* RELKIND_* */
} RegclassInfo;

/* pg_class facts of relid; false when no such relation exists. */
bool		regclass_relation_info(Oid relid, RegclassInfo *out);

#endif							/* REGCLASS_H */
