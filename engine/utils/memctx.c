/*-------------------------------------------------------------------------
 * memctx.c
 *	  Memory contexts: block arenas with power-of-two free lists.
 *
 * Layout of a context:
 *	- small requests (<= CHUNK_MAX_SMALL) are rounded up to a power of two
 *	  and carved from blocks; freed chunks go on a per-size free list and are
 *	  reused by the next request of that class;
 *	- large requests get their own malloc'd chunk, kept on a doubly linked
 *	  list so pfree can give it straight back to malloc.
 *
 * Every chunk is preceded by a ChunkHeader naming its context and size
 * class; the header is what lets pfree/repalloc work from the pointer alone.
 * A magic word in the header catches pfree of foreign or already-freed
 * pointers in assert-enabled builds.
 *
 * Invariants:
 *	- ctx->mem_total == sum of malloc'd bytes (blocks + large chunks).
 *	- ctx->mem_used == sum of sizes of chunks handed out and not freed.
 *	- A context's children are deleted before it is reset or deleted.
 *
 * Fault points (out of memory): memctx/alloc/new-block, memctx/alloc/large
 * and memctx/create sit on the malloc paths only, never on a chunk served
 * from an existing block, so palloc stays cheap.  Firing makes that malloc
 * return NULL and the real out_of_memory() path raise ERROR 53200.
 * Allocations in ErrorContext never fail: the "out of memory" report
 * itself must always be possible.
 *-------------------------------------------------------------------------
 */
#include "utils/memctx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "faults/faultpoint.h"
#include "utils/elog.h"

#define CHUNK_MIN_SHIFT 3		/* smallest class: 8 bytes */
#define CHUNK_CLASSES	11		/* 8 .. 8192 */
#define CHUNK_MAX_SMALL ((size_t) 1 << (CHUNK_MIN_SHIFT + CHUNK_CLASSES - 1))
#define BLOCK_INIT_SIZE ((size_t) 8 * 1024)
#define BLOCK_MAX_SIZE	((size_t) 1024 * 1024)
#define CHUNK_MAGIC		0x4D43u /* "MC" */
#define CHUNK_FREED		0x4652u /* "FR" */
#define LARGE_CLASS		0xFFFFu

typedef struct ChunkHeader
{
	MemoryContext ctx;
	uint32_t	size;			/* usable bytes (class size or exact large) */
	uint16_t	size_class;		/* index into freelists, or LARGE_CLASS */
	uint16_t	magic;
} ChunkHeader;

StaticAssert(sizeof(ChunkHeader) == 16, "chunk header must keep 8-byte alignment");

typedef struct LargeChunk
{
	struct LargeChunk *prev;
	struct LargeChunk *next;
	size_t		size;			/* exact payload size */
	size_t		pad;			/* keeps the header after it MAXALIGNed */
	ChunkHeader hdr;
} LargeChunk;

typedef struct Block
{
	struct Block *next;
	size_t		size;			/* total malloc'd size including this header */
	char	   *free_ptr;		/* next unused byte */
	char	   *end_ptr;
} Block;

typedef struct FreeChunk
{
	struct FreeChunk *next;
} FreeChunk;

struct MemoryContextData
{
	const char *name;
	MemoryContext parent;
	MemoryContext first_child;
	MemoryContext next_sibling;
	Block	   *blocks;
	LargeChunk *large;
	FreeChunk  *freelist[CHUNK_CLASSES];
	size_t		next_block_size;
	size_t		mem_total;
	size_t		mem_used;
};

MemoryContext CurrentMemoryContext = NULL;
MemoryContext TopMemoryContext = NULL;
MemoryContext ErrorContext = NULL;
MemoryContext SessionContext = NULL;
MemoryContext TransactionContext = NULL;
MemoryContext MessageContext = NULL;

/* Out of memory: report with the context name; never returns. */
static pg_noreturn void
out_of_memory(MemoryContext ctx, size_t size)
{
	ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY),
			errmsg("out of memory"),
			errdetail("Failed on request of size %zu in memory context \"%s\".",
					  size, ctx ? ctx->name : "?"));
	__builtin_unreachable();
}

void
memctx_init(void)
{
	if (TopMemoryContext != NULL)
		return;
	TopMemoryContext = memctx_create(NULL, "TopMemoryContext");
	ErrorContext = memctx_create(TopMemoryContext, "ErrorContext");
	CurrentMemoryContext = TopMemoryContext;
}

/* May an allocation fault point fire for ctx?  (Cheap when nothing is armed.) */
static inline bool
alloc_may_fail(MemoryContext ctx)
{
	return FAULT_ARMED() && ctx != ErrorContext;
}

MemoryContext
memctx_create(MemoryContext parent, const char *name)
{
	MemoryContext ctx = (alloc_may_fail(parent) && FAULT_POINT("memctx/create")) ? NULL :
		calloc(1, sizeof(struct MemoryContextData));

	if (ctx == NULL)
		out_of_memory(parent, sizeof(struct MemoryContextData));
	ctx->name = name;
	ctx->next_block_size = BLOCK_INIT_SIZE;
	if (parent != NULL)
	{
		ctx->parent = parent;
		ctx->next_sibling = parent->first_child;
		parent->first_child = ctx;
	}
	return ctx;
}

static void
unlink_from_parent(MemoryContext ctx)
{
	MemoryContext *link;

	if (ctx->parent == NULL)
		return;
	for (link = &ctx->parent->first_child; *link != NULL; link = &(*link)->next_sibling)
	{
		if (*link == ctx)
		{
			*link = ctx->next_sibling;
			break;
		}
	}
	ctx->parent = NULL;
	ctx->next_sibling = NULL;
}

void
memctx_set_parent(MemoryContext ctx, MemoryContext new_parent)
{
	unlink_from_parent(ctx);
	if (new_parent != NULL)
	{
		ctx->parent = new_parent;
		ctx->next_sibling = new_parent->first_child;
		new_parent->first_child = ctx;
	}
}

/*
 * Assertion-enabled builds overwrite memory before giving it back, so code
 * that keeps using memory of a reset or deleted context reads 0x7F bytes
 * (absurd lengths and pointers) and fails in the ordinary debug test run,
 * not only under ASan.
 */
#ifdef MINIPG_ASSERTS
#define CLOBBER_FREED(ptr, len)	memset((ptr), 0x7F, (len))
#else
#define CLOBBER_FREED(ptr, len)	((void) 0)
#endif

static void
free_all_memory(MemoryContext ctx)
{
	Block	   *b = ctx->blocks;

	while (b != NULL)
	{
		Block	   *next = b->next;

		CLOBBER_FREED((char *) b + MAXALIGN(sizeof(Block)),
					  (size_t) (b->free_ptr - ((char *) b + MAXALIGN(sizeof(Block)))));
		free(b);
		b = next;
	}
	LargeChunk *l = ctx->large;

	while (l != NULL)
	{
		LargeChunk *next = l->next;

		CLOBBER_FREED((char *) l + sizeof(LargeChunk), l->size);
		free(l);
		l = next;
	}
	ctx->blocks = NULL;
	ctx->large = NULL;
	memset(ctx->freelist, 0, sizeof(ctx->freelist));
	ctx->mem_total = 0;
	ctx->mem_used = 0;
	ctx->next_block_size = BLOCK_INIT_SIZE;
}

void
memctx_reset(MemoryContext ctx)
{
	while (ctx->first_child != NULL)
		memctx_delete(ctx->first_child);
	free_all_memory(ctx);
}

void
memctx_delete(MemoryContext ctx)
{
	Assert(ctx != TopMemoryContext);
	if (CurrentMemoryContext == ctx)
		CurrentMemoryContext = ctx->parent;
	memctx_reset(ctx);
	unlink_from_parent(ctx);
	free(ctx);
}

static int
size_class_of(size_t size)
{
	int			cls = 0;
	size_t		cap = (size_t) 1 << CHUNK_MIN_SHIFT;

	while (cap < size)
	{
		cap <<= 1;
		cls++;
	}
	return cls;
}

static void *
alloc_large(MemoryContext ctx, size_t size)
{
	size_t		payload = MAXALIGN(size);
	LargeChunk *l = (alloc_may_fail(ctx) && FAULT_POINT("memctx/alloc/large")) ? NULL :
		malloc(sizeof(LargeChunk) + payload);

	if (l == NULL)
		out_of_memory(ctx, size);
	l->size = payload;
	l->prev = NULL;
	l->next = ctx->large;
	if (ctx->large)
		ctx->large->prev = l;
	ctx->large = l;
	l->hdr.ctx = ctx;
	l->hdr.size = (uint32_t) Min(payload, (size_t) UINT32_MAX);
	l->hdr.size_class = LARGE_CLASS;
	l->hdr.magic = CHUNK_MAGIC;
	ctx->mem_total += sizeof(LargeChunk) + payload;
	ctx->mem_used += payload;
	return (char *) l + sizeof(LargeChunk);
}

static void *
alloc_small(MemoryContext ctx, size_t size)
{
	int			cls = size_class_of(size);
	size_t		cap = (size_t) 1 << (cls + CHUNK_MIN_SHIFT);
	ChunkHeader *hdr;

	if (ctx->freelist[cls] != NULL)
	{
		FreeChunk  *f = ctx->freelist[cls];

		ctx->freelist[cls] = f->next;
		hdr = (ChunkHeader *) ((char *) f - sizeof(ChunkHeader));
	}
	else
	{
		size_t		need = sizeof(ChunkHeader) + cap;
		Block	   *b = ctx->blocks;

		if (b == NULL || (size_t) (b->end_ptr - b->free_ptr) < need)
		{
			size_t		bsize = ctx->next_block_size;

			while (bsize < need + MAXALIGN(sizeof(Block)))
				bsize <<= 1;
			b = (alloc_may_fail(ctx) && FAULT_POINT("memctx/alloc/new-block")) ? NULL :
				malloc(bsize);
			if (b == NULL)
				out_of_memory(ctx, size);
			b->size = bsize;
			b->free_ptr = (char *) b + MAXALIGN(sizeof(Block));
			b->end_ptr = (char *) b + bsize;
			b->next = ctx->blocks;
			ctx->blocks = b;
			ctx->mem_total += bsize;
			if (ctx->next_block_size < BLOCK_MAX_SIZE)
				ctx->next_block_size <<= 1;
		}
		hdr = (ChunkHeader *) b->free_ptr;
		b->free_ptr += need;
	}
	hdr->ctx = ctx;
	hdr->size = (uint32_t) cap;
	hdr->size_class = (uint16_t) cls;
	hdr->magic = CHUNK_MAGIC;
	ctx->mem_used += cap;
	return (char *) hdr + sizeof(ChunkHeader);
}

void *
memctx_alloc(MemoryContext ctx, size_t size)
{
	if (unlikely(size > MaxAllocSize))
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("invalid memory alloc request size %zu", size));
	if (size == 0)
		size = 1;
	if (size > CHUNK_MAX_SMALL)
		return alloc_large(ctx, size);
	return alloc_small(ctx, size);
}

void *
memctx_alloc_zero(MemoryContext ctx, size_t size)
{
	void	   *p = memctx_alloc(ctx, size);

	memset(p, 0, size);
	return p;
}

char *
memctx_strdup(MemoryContext ctx, const char *s)
{
	size_t		len = strlen(s);
	char	   *p = memctx_alloc(ctx, len + 1);

	memcpy(p, s, len + 1);
	return p;
}

static ChunkHeader *
header_of(const void *ptr)
{
	ChunkHeader *hdr = (ChunkHeader *) ((char *) ptr - sizeof(ChunkHeader));

	if (unlikely(hdr->magic != CHUNK_MAGIC))
		elog(PANIC, "pfree/repalloc of a pointer not allocated by palloc (or freed twice)");
	return hdr;
}

MemoryContext
memctx_of(const void *ptr)
{
	return header_of(ptr)->ctx;
}

void
pfree(void *ptr)
{
	ChunkHeader *hdr = header_of(ptr);
	MemoryContext ctx = hdr->ctx;

	if (hdr->size_class == LARGE_CLASS)
	{
		LargeChunk *l = (LargeChunk *) ((char *) ptr - sizeof(LargeChunk));

		if (l->prev)
			l->prev->next = l->next;
		else
			ctx->large = l->next;
		if (l->next)
			l->next->prev = l->prev;
		ctx->mem_total -= sizeof(LargeChunk) + l->size;
		ctx->mem_used -= l->size;
		hdr->magic = CHUNK_FREED;
		CLOBBER_FREED(ptr, l->size);
		free(l);
		return;
	}
	FreeChunk  *f = (FreeChunk *) ptr;

	hdr->magic = CHUNK_FREED;
	ctx->mem_used -= hdr->size;
	f->next = ctx->freelist[hdr->size_class];
	ctx->freelist[hdr->size_class] = f;
}

void *
repalloc(void *ptr, size_t size)
{
	ChunkHeader *hdr = header_of(ptr);
	size_t		old_size;

	if (hdr->size_class == LARGE_CLASS)
		old_size = ((LargeChunk *) ((char *) ptr - sizeof(LargeChunk)))->size;
	else
		old_size = hdr->size;
	if (size <= old_size && hdr->size_class != LARGE_CLASS)
		return ptr;

	void	   *np = memctx_alloc(hdr->ctx, size);

	memcpy(np, ptr, Min(old_size, size));
	pfree(ptr);
	return np;
}

void *
palloc(size_t size)
{
	return memctx_alloc(CurrentMemoryContext, size);
}

void *
palloc0(size_t size)
{
	return memctx_alloc_zero(CurrentMemoryContext, size);
}

char *
pstrdup(const char *s)
{
	return memctx_strdup(CurrentMemoryContext, s);
}

char *
pnstrdup(const char *s, size_t len)
{
	size_t		n = strnlen(s, len);
	char	   *p = palloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
psprintf(const char *fmt, ...)
{
	va_list		ap;
	char		small[256];
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		elog(ERROR, "psprintf: invalid format string");
	char	   *out = palloc((size_t) n + 1);

	if ((size_t) n < sizeof(small))
		memcpy(out, small, (size_t) n + 1);
	else
	{
		va_start(ap, fmt);
		vsnprintf(out, (size_t) n + 1, fmt, ap);
		va_end(ap);
	}
	return out;
}

size_t
memctx_bytes(MemoryContext ctx, bool include_children)
{
	size_t		total = ctx->mem_total;

	if (include_children)
		for (MemoryContext c = ctx->first_child; c != NULL; c = c->next_sibling)
			total += memctx_bytes(c, true);
	return total;
}

size_t
memctx_used_bytes(MemoryContext ctx, bool include_children)
{
	size_t		total = ctx->mem_used;

	if (include_children)
		for (MemoryContext c = ctx->first_child; c != NULL; c = c->next_sibling)
			total += memctx_used_bytes(c, true);
	return total;
}

static void
walk_recurse(MemoryContext ctx, int depth, memctx_visitor visit, void *arg)
{
	visit(ctx, depth, ctx->name, ctx->parent ? ctx->parent->name : NULL,
		  ctx->mem_total, ctx->mem_used, arg);
	for (MemoryContext c = ctx->first_child; c != NULL; c = c->next_sibling)
		walk_recurse(c, depth + 1, visit, arg);
}

void
memctx_walk(MemoryContext root, memctx_visitor visit, void *arg)
{
	walk_recurse(root, 0, visit, arg);
}

const char *
memctx_name(MemoryContext ctx)
{
	return ctx->name;
}
