/*-------------------------------------------------------------------------
 * varsup.h
 *	  Allocation of transaction ids and object ids.
 *
 * Role: the shared counters nextXid and nextOid.  They start from
 * pg_control at server start and are written back by checkpoints.
 *
 * Invariants:
 *	- xids are handed out in increasing order under LWLOCK_XID_GEN, and the
 *	  new xid is published in MyProc->xid before the lock is released, so a
 *	  snapshot never misses a running transaction whose xid is below its
 *	  xmax.
 *	- Durable reservation: before handing out an xid or oid at or beyond
 *	  the recorded high-water mark, the mark is advanced by a batch and
 *	  written to pg_control with fsync.  After a crash, counting restarts
 *	  from the mark, so no id that may appear on disk is ever reused, even
 *	  before WAL exists.
 *	- Oids below FirstNormalObjectId are reserved for the bootstrap
 *	  catalog.
 *-------------------------------------------------------------------------
 */
#ifndef VARSUP_H
#define VARSUP_H

#include "common/minipg.h"

#define FirstNormalObjectId 16384
#define XID_RESERVE_BATCH	8192
#define OID_RESERVE_BATCH	8192

/* Shared-memory area. */
size_t		varsup_shmem_size(void);
void		varsup_shmem_init(void *mem, size_t size);

/* Startup: set the counters (from pg_control). */
void		varsup_set_next(TransactionId next_xid, Oid next_oid);

/* Assign a new xid to MyProc (caller: xact.c).  ERROR when wraparound looms. */
TransactionId varsup_assign_xid(void);
TransactionId varsup_read_next_xid(void);

/* A new, never used oid (relations, types of tables, roles...). */
Oid			varsup_new_oid(void);
Oid			varsup_read_next_oid(void);

#endif							/* VARSUP_H */
