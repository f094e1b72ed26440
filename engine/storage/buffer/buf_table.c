/*-------------------------------------------------------------------------
 * buf_table.c
 *	  The shared mapping from buffer tags (relation, block) to buffers.
 *
 * Role: a chained hash table in shared memory.  Buckets hold a buffer id
 * (-1 = empty); the chain link is the descriptor's hash_next, so the table
 * needs no separate entry pool: each buffer is in at most one chain, the
 * one for its current tag.
 *
 * Partitioning: bucket = hash & (nbuckets - 1) and partition = hash &
 * (NUM_BUFFER_MAPPING_PARTITIONS - 1); since nbuckets is a power of two
 * at least as large as the partition count, every bucket belongs to one
 * partition, and the partition's lwlock (LWLOCK_BUFFER_MAPPING_BASE + p)
 * protects its buckets and the hash_next links of the buffers in them.
 * Lookups hold it shared, inserts and deletes exclusive.  Retagging a
 * buffer holds both the old and the new partition exclusive, taken in
 * lock-array order (buf_lock_two_partitions) so two retaggers cannot
 * deadlock.
 *-------------------------------------------------------------------------
 */
#include "storage/buffer/buf_internals.h"
#include "utils/elog.h"

uint32_t
buf_tag_hash(const BufferTag *tag)
{
	uint64_t	h = (uint64_t) tag->rl.db_oid * 0x9E3779B97F4A7C15ULL;

	h ^= (uint64_t) tag->rl.rel_number * 0xC2B2AE3D27D4EB4FULL;
	h ^= (uint64_t) tag->blkno * 0x165667B19E3779F9ULL;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	return (uint32_t) h;
}

LWLock *
buf_mapping_lock(uint32_t hash)
{
	return lwlock_get(LWLOCK_BUFFER_MAPPING_BASE +
					  (int) (hash & (NUM_BUFFER_MAPPING_PARTITIONS - 1)));
}

static int *
bucket_for(uint32_t hash)
{
	return &buf_buckets[hash & (uint32_t) (buf_ctl->nbuckets - 1)];
}

/* Buffer id holding tag, or -1.  Caller holds the partition lock. */
int
buf_table_lookup(const BufferTag *tag, uint32_t hash)
{
	int			steps = 0;

	for (int id = *bucket_for(hash); id >= 0; id = buf_desc(id)->hash_next)
	{
		if (buf_tag_equal(&buf_desc(id)->tag, tag))
			return id;
		if (++steps > buf_ctl->nbuffers)
			elog(PANIC, "buffer mapping table chain is corrupted");
	}
	return -1;
}

/* Link d (whose tag hashes to hash) in.  Partition lock exclusive. */
void
buf_table_insert(BufferDesc *d, uint32_t hash)
{
	int		   *bucket = bucket_for(hash);

	d->hash_next = *bucket;
	*bucket = d->buf_id;
}

/* Unlink d.  Partition lock exclusive; d must be in this chain. */
void
buf_table_delete(BufferDesc *d, uint32_t hash)
{
	int		   *link = bucket_for(hash);
	int			steps = 0;

	while (*link != d->buf_id)
	{
		if (*link < 0 || ++steps > buf_ctl->nbuffers)
			elog(PANIC, "buffer %d missing from the buffer mapping table", d->buf_id + 1);
		link = &buf_desc(*link)->hash_next;
	}
	*link = d->hash_next;
	d->hash_next = -1;
}

/* Lock two partitions exclusive (b may be NULL or equal to a). */
void
buf_lock_two_partitions(LWLock *a, LWLock *b)
{
	if (b == NULL || b == a)
		lwlock_acquire(a, LW_EXCLUSIVE);
	else if (a < b)
	{
		lwlock_acquire(a, LW_EXCLUSIVE);
		lwlock_acquire(b, LW_EXCLUSIVE);
	}
	else
	{
		lwlock_acquire(b, LW_EXCLUSIVE);
		lwlock_acquire(a, LW_EXCLUSIVE);
	}
}

void
buf_unlock_two_partitions(LWLock *a, LWLock *b)
{
	lwlock_release(a);
	if (b != NULL && b != a)
		lwlock_release(b);
}
