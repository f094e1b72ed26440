/*-------------------------------------------------------------------------
 * walbuffers.c
 *	  Reserving the WAL buffers in shared memory (see walbuffers.h).
 *-------------------------------------------------------------------------
 */
#include "access/transam/walbuffers.h"

#include "utils/guc.h"

#define WALBUFFERS_MAGIC 0x57414C42554653ULL	/* "WALBUFS" */

typedef struct WalBuffersShared
{
	uint64_t	magic;
	int			npages;
	/* npages pages of BLCKSZ bytes follow, BLCKSZ-aligned within the area */
} WalBuffersShared;

int
walbuffers_pages(void)
{
	if (guc_wal_buffers_blocks > 0)
		return Max(guc_wal_buffers_blocks, 4);
	int			n = guc_shared_buffers_blocks / 32;

	return Min(Max(n, 8), 2048);
}

size_t
walbuffers_shmem_size(void)
{
	return BLCKSZ + (size_t) walbuffers_pages() * BLCKSZ;
}

void
walbuffers_shmem_init(void *mem, size_t size)
{
	WalBuffersShared *w = mem;

	(void) size;
	w->magic = WALBUFFERS_MAGIC;
	w->npages = walbuffers_pages();
}
