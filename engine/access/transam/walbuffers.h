/*-------------------------------------------------------------------------
 * walbuffers.h
 *	  The WAL buffers' space in shared memory.
 *
 * Sized at server start from wal_buffers, in 8 kB pages; -1 (the default)
 * means PostgreSQL's auto-tuning: shared_buffers / 32, at least 8 pages
 * (64 kB), at most 2048 pages (16 MB).
 *
 * Status: the space is reserved and initialized (a header with a magic
 * number, then zeroed pages); the WAL insertion and write code that fills
 * it arrives with issue "Engine II".
 *-------------------------------------------------------------------------
 */
#ifndef WALBUFFERS_H
#define WALBUFFERS_H

#include "common/minipg.h"

/* Number of 8 kB WAL buffer pages the current settings give. */
int			walbuffers_pages(void);

size_t		walbuffers_shmem_size(void);
void		walbuffers_shmem_init(void *mem, size_t size);

#endif							/* WALBUFFERS_H */
