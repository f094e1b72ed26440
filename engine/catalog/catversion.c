/*-------------------------------------------------------------------------
 * catversion.c
 *	  The shared catalog version: a counter every committed catalog change
 *	  bumps, so each backend knows when its relation cache is stale.
 *
 * Invariant: the bump happens in the commit callback, after the commit is
 * recorded in CLOG and the transaction left the proc array, so a backend
 * that sees the new version and then takes a snapshot sees the change.
 *-------------------------------------------------------------------------
 */
#include <stdatomic.h>

#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "catalog/relcache.h"
#include "utils/elog.h"

#define CATVERSION_MAGIC 0x43415456455253ULL	/* "CATVERS" */

typedef struct CatVersionShared
{
	uint64_t	magic;
	_Atomic uint64_t version;
} CatVersionShared;

static CatVersionShared *catversion;
static bool changed_in_xact = false;
static bool callback_registered = false;

size_t
catversion_shmem_size(void)
{
	return sizeof(CatVersionShared);
}

void
catversion_shmem_init(void *mem, size_t size)
{
	(void) size;
	catversion = mem;
	catversion->magic = CATVERSION_MAGIC;
	atomic_store(&catversion->version, 1);
}

uint64_t
catversion_get(void)
{
	return atomic_load(&catversion->version);
}

static void
at_xact_end(XactEvent event, void *arg)
{
	(void) arg;
	if (event == XACT_EVENT_PRE_COMMIT || !changed_in_xact)
		return;
	changed_in_xact = false;
	if (event == XACT_EVENT_COMMIT)
		atomic_fetch_add(&catversion->version, 1);
	/* Either way our own cache may hold rows of the transaction: rebuild. */
	relcache_invalidate_all();
}

void
catversion_mark_changed(void)
{
	if (!callback_registered)
	{
		xact_register_callback(at_xact_end, NULL);
		callback_registered = true;
	}
	changed_in_xact = true;
	/* Our own later statements must see the change: rebuild lazily. */
	relcache_invalidate_all();
}
