/*-------------------------------------------------------------------------
 * dest.h
 *	  Where query results go: the contract between the executor (which
 *	  produces rows) and the protocol (which sends them).
 *
 * The executor calls startup() once with the result's shape, receive()
 * per row, shutdown() at the end.  The protocol's receiver turns them into
 * RowDescription and DataRow messages; other receivers collect rows in
 * memory (tests, cursors) or discard them.
 *
 * Values are Datums in the column's type (see sql/types.h); the receiver
 * converts them to text or binary wire format.
 *-------------------------------------------------------------------------
 */
#ifndef DEST_H
#define DEST_H

#include "common/minipg.h"

typedef struct ResultColumn
{
	const char *name;
	Oid			table_oid;		/* source table, or 0 */
	int16_t		attnum;			/* source column number, or 0 */
	Oid			type_oid;
	int16_t		typlen;			/* -1 = variable length */
	int32_t		typmod;			/* -1 = none */
} ResultColumn;

typedef struct ResultDesc
{
	int			ncols;
	ResultColumn *cols;
} ResultDesc;

typedef struct DestReceiver DestReceiver;
struct DestReceiver
{
	void		(*startup) (DestReceiver *self, const ResultDesc *desc);
	void		(*receive) (DestReceiver *self, const Datum *values, const bool *nulls);
	void		(*shutdown) (DestReceiver *self);
};

/* A receiver that drops everything (for statements run only for effect). */
DestReceiver *dest_none(void);

#endif							/* DEST_H */
