/*-------------------------------------------------------------------------
 * varsup.c
 *	  Transaction id and oid counters (see varsup.h).
 *-------------------------------------------------------------------------
 */
#include "access/transam/varsup.h"

#include <stdatomic.h>

#include "access/transam/controlfile.h"
#include "storage/ipc/proc.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"

#define VARSUP_MAGIC 0x564152535550ULL	/* "VARSUP" */
/* Stop assigning xids this close to wraparound (no freezing yet). */
#define XID_STOP_LIMIT ((TransactionId) 0xF0000000u)

typedef struct VarsupShared
{
	uint64_t	magic;
	TransactionId next_xid;		/* protected by LWLOCK_XID_GEN */
	Oid			next_oid;		/* protected by LWLOCK_XID_GEN */
	TransactionId xid_reserved_until;
	Oid			oid_reserved_until;
} VarsupShared;

static VarsupShared *varsup;

size_t
varsup_shmem_size(void)
{
	return sizeof(VarsupShared);
}

void
varsup_shmem_init(void *mem, size_t size)
{
	(void) size;
	varsup = mem;
	varsup->magic = VARSUP_MAGIC;
	varsup->next_xid = FirstNormalTransactionId;
	varsup->next_oid = FirstNormalObjectId;
}

void
varsup_set_next(TransactionId next_xid, Oid next_oid)
{
	ControlFileData cf;

	controlfile_get(&cf);
	lwlock_acquire(lwlock_get(LWLOCK_XID_GEN), LW_EXCLUSIVE);
	varsup->next_xid = Max(next_xid, FirstNormalTransactionId);
	varsup->next_oid = Max(next_oid, FirstNormalObjectId);
	varsup->xid_reserved_until = cf.xid_reserved_until;
	varsup->oid_reserved_until = cf.oid_reserved_until;
	lwlock_release(lwlock_get(LWLOCK_XID_GEN));
}

typedef struct Reservation
{
	TransactionId xid_until;
	Oid			oid_until;
} Reservation;

static void
apply_reservation(ControlFileData *cf, void *arg)
{
	Reservation *r = arg;

	cf->xid_reserved_until = r->xid_until;
	cf->oid_reserved_until = r->oid_until;
}

/* Push the durable high-water marks forward.  LWLOCK_XID_GEN held. */
static void
extend_reservation(void)
{
	Reservation r;

	r.xid_until = Max(varsup->xid_reserved_until, varsup->next_xid) + XID_RESERVE_BATCH;
	r.oid_until = Max(varsup->oid_reserved_until, varsup->next_oid) + OID_RESERVE_BATCH;
	controlfile_update(apply_reservation, &r);
	varsup->xid_reserved_until = r.xid_until;
	varsup->oid_reserved_until = r.oid_until;
}

TransactionId
varsup_assign_xid(void)
{
	TransactionId xid;

	lwlock_acquire(lwlock_get(LWLOCK_XID_GEN), LW_EXCLUSIVE);
	xid = varsup->next_xid;
	if (xid >= XID_STOP_LIMIT)
	{
		lwlock_release(lwlock_get(LWLOCK_XID_GEN));
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("database is not accepting commands to avoid wraparound data loss"),
				errhint("minipg does not freeze tuples yet; dump and reload the data."));
	}
	if (xid >= varsup->xid_reserved_until)
		extend_reservation();
	varsup->next_xid = xid + 1;
	/* Publish while still holding the lock (see the header's invariant). */
	if (MyProc != NULL)
		atomic_store(&MyProc->xid, xid);
	lwlock_release(lwlock_get(LWLOCK_XID_GEN));
	return xid;
}

TransactionId
varsup_read_next_xid(void)
{
	lwlock_acquire(lwlock_get(LWLOCK_XID_GEN), LW_SHARED);
	TransactionId x = varsup->next_xid;

	lwlock_release(lwlock_get(LWLOCK_XID_GEN));
	return x;
}

Oid
varsup_new_oid(void)
{
	Oid			oid;

	lwlock_acquire(lwlock_get(LWLOCK_XID_GEN), LW_EXCLUSIVE);
	if (varsup->next_oid < FirstNormalObjectId)
		varsup->next_oid = FirstNormalObjectId;		/* wrapped around */
	oid = varsup->next_oid;
	if (oid >= varsup->oid_reserved_until)
		extend_reservation();
	varsup->next_oid = oid + 1;
	lwlock_release(lwlock_get(LWLOCK_XID_GEN));
	return oid;
}

Oid
varsup_read_next_oid(void)
{
	lwlock_acquire(lwlock_get(LWLOCK_XID_GEN), LW_SHARED);
	Oid			o = varsup->next_oid;

	lwlock_release(lwlock_get(LWLOCK_XID_GEN));
	return o;
}
