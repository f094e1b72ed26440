/*-------------------------------------------------------------------------
 * buf_internals.h
 *	  Private definitions shared by the buffer manager's files (buf_*.c,
 *	  bufmgr.c).  Other modules use bufmgr.h only.
 *
 * Shared area layout ("Shared buffer pool"), one shmem area:
 *	BufferPoolCtl		magic, sizes, clock hand, counters, extension locks
 *	BufferDesc[n]		one 64-byte descriptor per buffer
 *	int[nbuckets]		mapping hash table buckets (buffer ids, -1 = empty)
 *	pages				n * BLCKSZ bytes, 4096-aligned
 *
 * Descriptor state word (32 bits, atomic):
 *	bits  0-17	shared pin count (one per pinning process)
 *	bits 18-21	usage count for the clock sweep (0..BM_MAX_USAGE_COUNT)
 *	bits 22-29	flags below
 * BM_LOCKED is the descriptor's spinlock: whoever sets it may change the
 * tag and any flag and must not sleep, take locks or ereport until it
 * clears it (buf_hdr_unlock).  Pin/unpin and mark-dirty change the word by
 * compare-and-swap without taking BM_LOCKED, but wait while it is set.
 *
 * Who may change what:
 *	tag			under BM_LOCKED and the mapping partition lock(s)
 *				exclusive, and only by the sole pinner (refcount 1)
 *	hash_next	under the mapping partition lock of its bucket
 *	page bytes	content lock exclusive (hint bits: shared), or the
 *				process doing input I/O (BM_IO_IN_PROGRESS, !BM_VALID)
 *
 * I/O: the process doing I/O on a buffer holds its io_lock exclusively
 * for the duration and sets BM_IO_IN_PROGRESS; anyone wanting the same
 * I/O waits by acquiring io_lock, then re-checks whether the work is done.
 *-------------------------------------------------------------------------
 */
#ifndef BUF_INTERNALS_H
#define BUF_INTERNALS_H

#include <stdatomic.h>

#include "storage/buffer/bufmgr.h"
#include "storage/lmgr/lwlock.h"

#define BUF_REFCOUNT_ONE		1u
#define BUF_REFCOUNT_MASK		((1u << 18) - 1)
#define BUF_USAGECOUNT_SHIFT	18
#define BUF_USAGECOUNT_ONE		(1u << BUF_USAGECOUNT_SHIFT)
#define BUF_USAGECOUNT_MASK		(0xFu << BUF_USAGECOUNT_SHIFT)
#define BM_MAX_USAGE_COUNT		5

#define BM_LOCKED				(1u << 22)	/* descriptor spinlock */
#define BM_DIRTY				(1u << 23)	/* page differs from disk */
#define BM_VALID				(1u << 24)	/* page holds the block's data */
#define BM_TAG_VALID			(1u << 25)	/* tag is set and in the table */
#define BM_IO_IN_PROGRESS		(1u << 26)	/* read or write under way */
#define BM_IO_ERROR				(1u << 27)	/* previous I/O failed */
#define BM_JUST_DIRTIED			(1u << 28)	/* dirtied since write began */
#define BM_CHECKPOINT_NEEDED	(1u << 29)	/* flush_all must write it */

#define BUF_STATE_REFCOUNT(s)	((s) & BUF_REFCOUNT_MASK)
#define BUF_STATE_USAGE(s)		(((s) & BUF_USAGECOUNT_MASK) >> BUF_USAGECOUNT_SHIFT)

#define BUF_POOL_MAGIC			0x425546504F4F4C31ULL	/* "BUFPOOL1" */
#define BUF_DESC_MAGIC			0x42444553u				/* "BDES" */
#define NUM_EXTENSION_LOCKS		32

typedef struct BufferTag
{
	RelFileLocator rl;
	BlockNumber blkno;
} BufferTag;

typedef struct BufferDesc
{
	uint32_t	magic;			/* BUF_DESC_MAGIC */
	int			buf_id;			/* 0-based; Buffer = buf_id + 1 */
	BufferTag	tag;
	int			hash_next;		/* next buf_id in the bucket chain, or -1 */
	_Atomic uint32_t state;
	LWLock		content_lock;	/* protects the page bytes */
	LWLock		io_lock;		/* held by the process doing I/O */
} BufferDesc;

typedef union BufferDescPadded
{
	BufferDesc	desc;
	char		pad[64];
} BufferDescPadded;

StaticAssert(sizeof(BufferDesc) <= 64, "buffer descriptor must fit a cache line");

typedef enum BufWriter
{
	BUF_WRITER_CHECKPOINT,
	BUF_WRITER_BGWRITER,
	BUF_WRITER_BACKEND,
} BufWriter;

typedef struct BufferPoolCtl
{
	uint64_t	magic;			/* BUF_POOL_MAGIC */
	int			nbuffers;
	int			nbuckets;		/* power of two, >= NUM_BUFFER_MAPPING_PARTITIONS */
	_Atomic uint64_t next_victim;	/* clock hand (mod nbuffers) */
	/* Counters (BufferPoolStats). */
	_Atomic uint64_t buffers_checkpoint;
	_Atomic uint64_t buffers_clean;
	_Atomic uint64_t buffers_backend;
	_Atomic uint64_t buffers_alloc;
	_Atomic uint64_t blocks_read;
	_Atomic uint64_t blocks_hit;
	_Atomic uint64_t maxwritten_clean;
	/* Relation extension locks, hashed by relation. */
	LWLock		extension_locks[NUM_EXTENSION_LOCKS];
} BufferPoolCtl;

/* Set by bufmgr_shmem_init; inherited by children. */
extern BufferPoolCtl *buf_ctl;
extern BufferDescPadded *buf_descs;
extern int *buf_buckets;
extern char *buf_pages;

static inline BufferDesc *
buf_desc(int buf_id)
{
	return &buf_descs[buf_id].desc;
}

static inline char *
buf_page(const BufferDesc *d)
{
	return buf_pages + (size_t) d->buf_id * BLCKSZ;
}

static inline bool
buf_tag_equal(const BufferTag *a, const BufferTag *b)
{
	return relfilelocator_equal(a->rl, b->rl) && a->blkno == b->blkno;
}

/* localbuf.c: this session's temporary relations (see its header). */
Buffer		localbuf_read(RelFileLocator rl, BlockNumber blkno, BufmgrReadMode mode);
Buffer		localbuf_extend(RelFileLocator rl);
void		localbuf_release(Buffer buf);
void		localbuf_lock(Buffer buf, LWLockMode mode);
void		localbuf_unlock(Buffer buf);
bool		localbuf_holds_lock(Buffer buf, bool exclusive);
void		localbuf_mark_dirty(Buffer buf);
bool		localbuf_is_dirty(Buffer buf);
char	   *localbuf_page(Buffer buf);
BlockNumber localbuf_block_number(Buffer buf);
RelFileLocator localbuf_relation(Buffer buf);
void		localbuf_drop(RelFileLocator rl, BlockNumber first_blkno);
void		localbuf_flush_relation(RelFileLocator rl);
void		localbuf_release_all(void);
int			localbuf_pins_held(void);

/* buf_init.c: per-process state, checks. */
void		buf_ensure_attached(void);
BufferDesc *buf_desc_for(Buffer buf);	/* validates buf and that we pin it */
extern int32_t *buf_private_refcount;	/* indexed by buf_id */

/* buf_pin.c: descriptor spinlock, pins. */
uint32_t	buf_hdr_lock(BufferDesc *d);
void		buf_hdr_unlock(BufferDesc *d, uint32_t state);
bool		buf_pin(BufferDesc *d);
void		buf_pin_locked(BufferDesc *d, uint32_t state);
void		buf_unpin(BufferDesc *d);
int			buf_private_pins_total(void);
void		buf_reset_private_pin_total(void);

/* buf_table.c: the tag -> buffer mapping. */
uint32_t	buf_tag_hash(const BufferTag *tag);
LWLock	   *buf_mapping_lock(uint32_t hash);
int			buf_table_lookup(const BufferTag *tag, uint32_t hash);
void		buf_table_insert(BufferDesc *d, uint32_t hash);
void		buf_table_delete(BufferDesc *d, uint32_t hash);
void		buf_lock_two_partitions(LWLock *a, LWLock *b);
void		buf_unlock_two_partitions(LWLock *a, LWLock *b);

/* buf_clock.c: replacement. */
BufferDesc *buf_clock_get_victim(uint32_t *state_out);

/* buf_io.c: I/O. */
bool		buf_start_io(BufferDesc *d, bool for_input);
void		buf_terminate_io(BufferDesc *d, bool clear_dirty, uint32_t set_flags);
bool		buf_flush(BufferDesc *d, BufWriter who, const char *fault_point);
bool		buf_flush_and_unpin(BufferDesc *d, BufWriter who, const char *fault_point);
void		buf_read_block(BufferDesc *d, BufmgrReadMode mode);

/* bufmgr.c: tag changes. */
bool		buf_invalidate(BufferDesc *d, const BufferTag *expected);

#endif							/* BUF_INTERNALS_H */
