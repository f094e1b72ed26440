/*-------------------------------------------------------------------------
 * localbuf.c
 *	  Local buffers: the pages of this session's temporary relations,
 *	  cached in the backend's own memory, at most temp_buffers of them.
 *
 * Role: bufmgr.c hands every call about a temporary relation (a
 * RelFileLocator with temp_backend set) or a local buffer (a negative
 * Buffer) to the functions here, so heap and btree code use one API for
 * both kinds of relation.  Only the owning session ever reads or writes a
 * temporary relation's file, so nothing here is shared, locked or logged.
 *
 * Numbering: local buffer i (0-based) is Buffer -(i + 1).
 *
 * Invariants:
 *	- The pool is sized once, at the first use in the session, from
 *	  temp_buffers (which cannot change after that: guc check
 *	  bufmgr_local_pool_check).  Descriptors are allocated then; each 8 KB
 *	  page the first time its buffer is used, from chunks of 16, 32, ...
 *	  pages.  So the session's memory for temporary pages never exceeds
 *	  temp_buffers * BLCKSZ (pg_backend_memory_contexts:
 *	  "LocalBufferContext").
 *	- A buffer holding a block is in the hash table under its tag; a
 *	  pinned buffer is never chosen as a victim; a dirty victim is written
 *	  (with its checksum, on a copy) before it is reused.
 *	- Content locks are bookkeeping only (no other process can see the
 *	  page); they exist so the callers' assertions hold for both kinds.
 *	- Nothing is WAL-logged (walinsert.c skips a record whose pages are
 *	  all local) and nothing is fsynced: a crash ends the owning session,
 *	  and its files are removed at the next start.
 *	- Blocks of another session's temporary relation cannot be read here:
 *	  ERROR 0A000 "cannot access temporary tables of other sessions".
 *
 * Errors: every local buffer pinned: ERROR 53000 "no empty local buffer
 * available"; a page failing verification: ERROR XX001 as for shared
 * buffers, leaving the buffer empty.
 *-------------------------------------------------------------------------
 */
#include "storage/buffer/buf_internals.h"

#include "storage/page/page.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

typedef struct LocalBufDesc
{
	BufferTag	tag;
	bool		tagged;			/* tag is set: the buffer is in the hash table */
	bool		valid;			/* tagged, and the page holds the block */
	bool		dirty;
	uint8_t		usage_count;	/* clock sweep, up to LOCALBUF_MAX_USAGE */
	int8_t		lock_mode;		/* 0, LW_SHARED + 1 or LW_EXCLUSIVE + 1 */
	int32_t		refcount;		/* pins held */
	int32_t		hash_next;		/* next index in the bucket chain, or -1 */
	char	   *page;			/* BLCKSZ bytes, allocated on first use */
} LocalBufDesc;

#define LOCALBUF_MAX_USAGE 5

static MemoryContext local_cxt = NULL;
static LocalBufDesc *local_descs = NULL;
static int32_t *local_buckets = NULL;	/* head index per bucket, or -1 */
static int	n_local = 0;		/* pool size, 0 until first use */
static int	n_buckets = 0;		/* power of two */
static int	next_victim = 0;	/* clock hand */
static int	pins_total = 0;		/* sum of refcounts */
/* Page storage, carved from chunks of growing size (16, 32, ... 1024
 * pages), never more pages in all than the pool has buffers. */
static char *chunk_next = NULL;
static int	chunk_left = 0;
static int	next_chunk_pages = 16;
static int	pages_allocated = 0;
static LocalBufferStats stats;

static inline Buffer
to_buffer(int id)
{
	return -(id + 1);
}

static inline uint32_t
bucket_of(const BufferTag *tag)
{
	return buf_tag_hash(tag) & (uint32_t) (n_buckets - 1);
}

/* Size the pool from temp_buffers on first use. */
static void
ensure_pool(void)
{
	if (n_local > 0)
		return;
	int			n = guc_temp_buffers_blocks;
	int			nb = 1;

	while (nb < n)
		nb <<= 1;
	if (local_cxt == NULL)
		local_cxt = memctx_create(TopMemoryContext, "LocalBufferContext");
	local_descs = memctx_alloc_zero(local_cxt, sizeof(LocalBufDesc) * (size_t) n);
	local_buckets = memctx_alloc(local_cxt, sizeof(int32_t) * (size_t) nb);
	for (int i = 0; i < nb; i++)
		local_buckets[i] = -1;
	for (int i = 0; i < n; i++)
		local_descs[i].hash_next = -1;
	n_buckets = nb;
	n_local = n;
}

static int
table_lookup(const BufferTag *tag)
{
	for (int id = local_buckets[bucket_of(tag)]; id >= 0; id = local_descs[id].hash_next)
		if (buf_tag_equal(&local_descs[id].tag, tag))
			return id;
	return -1;
}

static void
table_insert(int id)
{
	uint32_t	b = bucket_of(&local_descs[id].tag);

	local_descs[id].hash_next = local_buckets[b];
	local_buckets[b] = id;
}

static void
table_delete(int id)
{
	int32_t    *link = &local_buckets[bucket_of(&local_descs[id].tag)];

	while (*link != id)
	{
		Assert(*link >= 0);
		link = &local_descs[*link].hash_next;
	}
	*link = local_descs[id].hash_next;
	local_descs[id].hash_next = -1;
}

static LocalBufDesc *
desc_for(Buffer buf)
{
	int			id = -buf - 1;

	if (buf >= 0 || id >= n_local)
		elog(ERROR, "bad local buffer ID: %d", buf);
	if (local_descs[id].refcount <= 0)
		elog(ERROR, "local buffer %d is not pinned", buf);
	return &local_descs[id];
}

static void
pin(LocalBufDesc *d)
{
	d->refcount++;
	pins_total++;
	if (d->usage_count < LOCALBUF_MAX_USAGE)
		d->usage_count++;
}

static void
unpin(LocalBufDesc *d)
{
	Assert(d->refcount > 0);
	d->refcount--;
	pins_total--;
}

static void invalidate(LocalBufDesc *d);

/* A read or extension failed: drop our pin and the half-made block. */
static void
unpin_and_forget(LocalBufDesc *d)
{
	unpin(d);
	invalidate(d);
}

/* Write d's page (a checksummed copy) if it is dirty. */
static void
flush_one(LocalBufDesc *d)
{
	static char copy[BLCKSZ] __attribute__((aligned(4096)));

	if (!d->valid || !d->dirty)
		return;
	memcpy(copy, d->page, BLCKSZ);
	page_set_checksum(copy, d->tag.blkno);
	smgr_write(d->tag.rl, d->tag.blkno, copy);
	d->dirty = false;
	stats.written++;
}

/* A page for a buffer used for the first time. */
static char *
new_page(void)
{
	char	   *page;

	if (chunk_left == 0)
	{
		int			n = Min(next_chunk_pages, n_local - pages_allocated);

		Assert(n > 0);
		chunk_next = memctx_alloc(local_cxt, (size_t) n * BLCKSZ);
		chunk_left = n;
		if (next_chunk_pages < 1024)
			next_chunk_pages *= 2;
	}
	page = chunk_next;
	chunk_next += BLCKSZ;
	chunk_left--;
	pages_allocated++;
	return page;
}

/* Forget d's block without writing it.  Precondition: not pinned. */
static void
invalidate(LocalBufDesc *d)
{
	if (d->tagged)
		table_delete((int) (d - local_descs));
	memset(&d->tag, 0, sizeof(d->tag));
	d->tagged = false;
	d->valid = false;
	d->dirty = false;
	d->usage_count = 0;
}

/* An unpinned buffer to hold a new block: clean, out of the table. */
static LocalBufDesc *
get_victim(void)
{
	/* Each full turn lowers every usage count by one; after
	 * LOCALBUF_MAX_USAGE + 1 turns an unpinned buffer must have turned up. */
	for (int tries = 0; tries < n_local * (LOCALBUF_MAX_USAGE + 1); tries++)
	{
		LocalBufDesc *d = &local_descs[next_victim];

		next_victim = (next_victim + 1) % n_local;
		if (d->refcount > 0)
			continue;
		if (d->usage_count > 0)
		{
			d->usage_count--;
			continue;
		}
		flush_one(d);			/* an error leaves it dirty and in the table */
		invalidate(d);
		if (d->page == NULL)
			d->page = new_page();
		return d;
	}
	ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_RESOURCES),
			errmsg("no empty local buffer available"));
	return NULL;
}

static void
check_owner(RelFileLocator rl)
{
	if (rl.temp_backend != MyTempBackend)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("cannot access temporary tables of other sessions"));
}

/* Pin the buffer for tag, *found telling whether it already held it. */
static LocalBufDesc *
lookup_or_assign(const BufferTag *tag, bool *found)
{
	int			id;

	ensure_pool();
	id = table_lookup(tag);
	if (id >= 0)
	{
		*found = true;
		pin(&local_descs[id]);
		return &local_descs[id];
	}
	LocalBufDesc *d = get_victim();

	d->tag = *tag;
	d->tagged = true;
	table_insert((int) (d - local_descs));
	d->usage_count = 0;
	pin(d);
	*found = false;
	return d;
}

Buffer
localbuf_read(RelFileLocator rl, BlockNumber blkno, BufmgrReadMode mode)
{
	BufferTag	tag = {rl, blkno};
	bool		found;

	check_owner(rl);
	LocalBufDesc *d = lookup_or_assign(&tag, &found);
	int			id = (int) (d - local_descs);

	if (found && d->valid)
		stats.hit++;
	else if (mode == RBM_ZERO_AND_LOCK)
	{
		memset(d->page, 0, BLCKSZ);
		d->valid = true;
	}
	else
	{
		ELOG_TRY();
		{
			char		path[SMGR_RELPATH_SIZE];

			smgr_read(rl, blkno, d->page);
			smgr_relpath_buf(rl, path, sizeof(path));
			page_verify(d->page, blkno, path);
		}
		ELOG_CATCH();
		{
			unpin_and_forget(d);
			ELOG_RE_THROW();
		}
		ELOG_END_TRY();
		d->valid = true;
		stats.read++;
	}
	if (mode == RBM_ZERO_AND_LOCK)
		d->lock_mode = LW_EXCLUSIVE + 1;
	return to_buffer(id);
}

Buffer
localbuf_extend(RelFileLocator rl)
{
	check_owner(rl);

	BufferTag	tag = {rl, smgr_nblocks(rl)};
	bool		found;

	if (tag.blkno > SMGR_MAX_BLOCKS)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("cannot extend relation %s beyond %u blocks",
					   smgr_relpath(rl), SMGR_MAX_BLOCKS + 1));
	LocalBufDesc *d = lookup_or_assign(&tag, &found);

	if (found && d->valid && !page_is_all_zero(d->page))
	{
		unpin(d);
		ereport(ERROR,
				errmsg("unexpected data beyond EOF in block %u of relation %s",
					   tag.blkno, smgr_relpath(rl)));
	}
	memset(d->page, 0, BLCKSZ);
	ELOG_TRY();
	{
		smgr_extend(rl, tag.blkno, d->page);
	}
	ELOG_CATCH();
	{
		unpin_and_forget(d);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	d->valid = true;
	d->lock_mode = LW_EXCLUSIVE + 1;
	stats.extended++;
	return to_buffer((int) (d - local_descs));
}

void
localbuf_release(Buffer buf)
{
	LocalBufDesc *d = desc_for(buf);

	Assert(d->refcount > 1 || d->lock_mode == 0);
	unpin(d);
}

void
localbuf_lock(Buffer buf, LWLockMode mode)
{
	LocalBufDesc *d = desc_for(buf);

	if (d->lock_mode != 0)
		elog(ERROR, "local buffer %d is already locked", buf);
	d->lock_mode = (int8_t) (mode + 1);
}

void
localbuf_unlock(Buffer buf)
{
	LocalBufDesc *d = desc_for(buf);

	if (d->lock_mode == 0)
		elog(ERROR, "local buffer %d is not locked", buf);
	d->lock_mode = 0;
}

bool
localbuf_holds_lock(Buffer buf, bool exclusive)
{
	LocalBufDesc *d = desc_for(buf);

	return exclusive ? d->lock_mode == LW_EXCLUSIVE + 1 : d->lock_mode != 0;
}

void
localbuf_mark_dirty(Buffer buf)
{
	desc_for(buf)->dirty = true;
}

bool
localbuf_is_dirty(Buffer buf)
{
	return desc_for(buf)->dirty;
}

char *
localbuf_page(Buffer buf)
{
	return desc_for(buf)->page;
}

BlockNumber
localbuf_block_number(Buffer buf)
{
	return desc_for(buf)->tag.blkno;
}

RelFileLocator
localbuf_relation(Buffer buf)
{
	return desc_for(buf)->tag.rl;
}

/*
 * Forget rl's buffers at blkno >= first_blkno without writing them.  ERROR
 * if one is pinned.  Another session's relation has none here.
 */
void
localbuf_drop(RelFileLocator rl, BlockNumber first_blkno)
{
	for (int id = 0; id < n_local; id++)
	{
		LocalBufDesc *d = &local_descs[id];

		if (!d->valid || !relfilelocator_equal(d->tag.rl, rl) || d->tag.blkno < first_blkno)
			continue;
		if (d->refcount > 0)
			elog(ERROR, "local buffer %d is pinned in bufmgr_drop_relation", to_buffer(id));
		invalidate(d);
	}
}

/* Write rl's dirty buffers (no fsync: see the file header). */
void
localbuf_flush_relation(RelFileLocator rl)
{
	for (int id = 0; id < n_local; id++)
		if (relfilelocator_equal(local_descs[id].tag.rl, rl))
			flush_one(&local_descs[id]);
}

void
localbuf_release_all(void)
{
	for (int id = 0; id < n_local && pins_total > 0; id++)
	{
		LocalBufDesc *d = &local_descs[id];

		pins_total -= d->refcount;
		d->refcount = 0;
		d->lock_mode = 0;
	}
	Assert(pins_total == 0);
	pins_total = 0;
}

int
localbuf_pins_held(void)
{
	return pins_total;
}

int
bufmgr_local_pool_size(void)
{
	return n_local;
}

void
bufmgr_local_pool_discard(void)
{
	if (pins_total != 0)
		elog(ERROR, "local buffers are still pinned");
	if (local_cxt != NULL)
		memctx_delete(local_cxt);
	local_cxt = NULL;
	local_descs = NULL;
	local_buckets = NULL;
	n_local = n_buckets = next_victim = 0;
	chunk_next = NULL;
	chunk_left = pages_allocated = 0;
	next_chunk_pages = 16;
}

const char *
bufmgr_local_pool_check(int new_temp_buffers)
{
	if (n_local > 0 && new_temp_buffers != n_local)
		return "\"temp_buffers\" cannot be changed after any temporary tables have been accessed in the session.";
	return NULL;
}

void
bufmgr_get_local_stats(LocalBufferStats *out)
{
	*out = stats;
	out->pages_allocated = pages_allocated;
}
