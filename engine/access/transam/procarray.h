/*-------------------------------------------------------------------------
 * procarray.h
 *	  Transaction bookkeeping in the proc array (see procarray.c); the
 *	  snapshot and visibility API is in snapshot.h.
 *-------------------------------------------------------------------------
 */
#ifndef PROCARRAY_H
#define PROCARRAY_H

#include "common/minipg.h"

/* Transaction end: leave the proc array and wake waiters for xid. */
void		procarray_end_xact(TransactionId xid);
/* Server start: nothing has completed beyond next_xid - 1. */
void		procarray_startup(TransactionId next_xid);

#endif							/* PROCARRAY_H */
