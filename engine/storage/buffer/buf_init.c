/*-------------------------------------------------------------------------
 * buf_init.c
 *	  The buffer pool's shared-memory area and each process's private pin
 *	  bookkeeping.
 *
 * Role: size and lay out the "Shared buffer pool" area (layout in
 * buf_internals.h), initialize descriptors, and give each process its
 * private pin-count array on first use.  Also the statistics accessors.
 *
 * Private pin counts: buf_private_refcount[buf_id] is how many times this
 * process pinned the buffer; the shared pin count includes each pinning
 * process once.  The array is reset in a forked child (pthread_atfork),
 * so a child never believes it owns its parent's pins, and a proc_exit
 * callback drops whatever pins remain when a process exits.
 *
 * Invariants: shared_buffers is fixed at postmaster start; the area is
 * never resized.  The control block and every descriptor carry a magic
 * number; a mismatch is a PANIC (shared memory was scribbled on).
 *-------------------------------------------------------------------------
 */
#include <pthread.h>

#include "faults/fault_regions.h"
#include "storage/buffer/buf_internals.h"
#include "storage/ipc/shmem.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

#define BUF_PAGE_ALIGN 4096

BufferPoolCtl *buf_ctl = NULL;
BufferDescPadded *buf_descs = NULL;
int		   *buf_buckets = NULL;
char	   *buf_pages = NULL;

int32_t    *buf_private_refcount = NULL;
static int	private_nbuffers = 0;
static bool exit_callback_registered = false;
static bool atfork_registered = false;

static int
bucket_count(int nbuffers)
{
	int			n = NUM_BUFFER_MAPPING_PARTITIONS;

	while (n < nbuffers)
		n *= 2;
	return n;
}

static size_t
descs_offset(void)
{
	return TYPEALIGN(64, sizeof(BufferPoolCtl));
}

size_t
bufmgr_shmem_size(void)
{
	size_t		n = (size_t) guc_shared_buffers_blocks;
	size_t		size = descs_offset();

	size = shmem_add_size(size, shmem_mul_size(n, sizeof(BufferDescPadded)));
	size = shmem_add_size(size, shmem_mul_size((size_t) bucket_count((int) n), sizeof(int)));
	size = shmem_add_size(size, BUF_PAGE_ALIGN);	/* to align the pages */
	return shmem_add_size(size, shmem_mul_size(n, BLCKSZ));
}

void
bufmgr_shmem_init(void *mem, size_t size)
{
	int			n = guc_shared_buffers_blocks;
	char	   *base = mem;

	(void) size;
	buf_ctl = mem;
	memset(buf_ctl, 0, sizeof(*buf_ctl));
	buf_ctl->magic = BUF_POOL_MAGIC;
	buf_ctl->nbuffers = n;
	buf_ctl->nbuckets = bucket_count(n);
	for (int i = 0; i < NUM_EXTENSION_LOCKS; i++)
		lwlock_init(&buf_ctl->extension_locks[i], LWTRANCHE_INDIVIDUAL);

	buf_descs = (BufferDescPadded *) (base + descs_offset());
	buf_buckets = (int *) (buf_descs + n);
	buf_pages = (char *) TYPEALIGN(BUF_PAGE_ALIGN, (uintptr_t) (buf_buckets + buf_ctl->nbuckets));
	Assert(buf_pages + (size_t) n * BLCKSZ <= base + size);

	for (int i = 0; i < buf_ctl->nbuckets; i++)
		buf_buckets[i] = -1;
	for (int i = 0; i < n; i++)
	{
		BufferDesc *d = buf_desc(i);

		memset(&buf_descs[i], 0, sizeof(buf_descs[i]));
		d->magic = BUF_DESC_MAGIC;
		d->buf_id = i;
		d->hash_next = -1;
		atomic_store(&d->state, 0);
		lwlock_init(&d->content_lock, LWTRANCHE_BUFFER_CONTENT);
		lwlock_init(&d->io_lock, LWTRANCHE_BUFFER_IO);
	}

	/*
	 * What the "corrupt" fault action may scribble on: a page's header
	 * fields from pd_flags to pd_pagesize_version (check_page_before_write
	 * refuses to write such a page), and a descriptor's magic and buf_id
	 * (buf_desc_for PANICs on them).
	 */
	fault_register_region(FAULT_TARGET_BUFFER_PAGE, buf_pages, BLCKSZ, n, 10, 20);
	fault_register_region(FAULT_TARGET_BUFFER_DESC, buf_descs, sizeof(BufferDescPadded), n,
						  0, offsetof(BufferDesc, tag));
}

/* proc_exit callback: never leave pins behind a clean exit. */
static void
buf_at_exit(int code, Datum arg)
{
	(void) code;
	(void) arg;
	bufmgr_release_all();
}

/* In a forked child: the parent's pins are the parent's. */
static void
buf_atfork_child(void)
{
	if (buf_private_refcount != NULL)
		memset(buf_private_refcount, 0, sizeof(int32_t) * (size_t) private_nbuffers);
	exit_callback_registered = false;
	buf_reset_private_pin_total();
}

void
buf_ensure_attached(void)
{
	if (likely(buf_private_refcount != NULL && exit_callback_registered))
		return;
	if (buf_ctl == NULL)
		elog(ERROR, "shared buffer pool is not initialized");
	if (buf_ctl->magic != BUF_POOL_MAGIC)
		elog(PANIC, "shared buffer pool control block is corrupted (bad magic)");
	if (buf_private_refcount == NULL)
	{
		buf_private_refcount = memctx_alloc_zero(TopMemoryContext,
												 sizeof(int32_t) * (size_t) buf_ctl->nbuffers);
		private_nbuffers = buf_ctl->nbuffers;
	}
	if (!atfork_registered)
	{
		pthread_atfork(NULL, NULL, buf_atfork_child);
		atfork_registered = true;
	}
	if (!exit_callback_registered)
	{
		on_proc_exit(buf_at_exit, 0);
		exit_callback_registered = true;
	}
}

BufferDesc *
buf_desc_for(Buffer buf)
{
	BufferDesc *d;

	buf_ensure_attached();
	if (buf < 1 || buf > buf_ctl->nbuffers)
		elog(ERROR, "bad buffer ID: %d", buf);
	d = buf_desc(buf - 1);
	if (d->magic != BUF_DESC_MAGIC || d->buf_id != buf - 1)
		elog(PANIC, "buffer descriptor %d is corrupted (bad magic)", buf);
	if (buf_private_refcount[buf - 1] <= 0)
		elog(ERROR, "buffer %d is not pinned by this process", buf);
	return d;
}

int
bufmgr_nbuffers(void)
{
	return buf_ctl ? buf_ctl->nbuffers : 0;
}

void
bufmgr_get_stats(BufferPoolStats *out)
{
	memset(out, 0, sizeof(*out));
	if (buf_ctl == NULL)
		return;
	out->buffers_checkpoint = atomic_load(&buf_ctl->buffers_checkpoint);
	out->buffers_clean = atomic_load(&buf_ctl->buffers_clean);
	out->buffers_backend = atomic_load(&buf_ctl->buffers_backend);
	out->buffers_alloc = atomic_load(&buf_ctl->buffers_alloc);
	out->blocks_read = atomic_load(&buf_ctl->blocks_read);
	out->blocks_hit = atomic_load(&buf_ctl->blocks_hit);
	out->maxwritten_clean = atomic_load(&buf_ctl->maxwritten_clean);
}
