/*-------------------------------------------------------------------------
 * memctx.h
 *	  Memory contexts: hierarchical arenas with byte accounting.
 *
 * Role: all backend-local allocation goes through a context.  A context is
 * reset or deleted wholesale, which is how per-message, per-transaction and
 * per-session memory is reclaimed without tracking every pointer.
 *
 * Contexts in a backend (created by tcop/backend.c):
 *	TopMemoryContext		lives as long as the process
 *	  ErrorContext			error text; reset after each handled error
 *	  SessionContext		prepared statements, session GUCs
 *	  TransactionContext	reset at transaction end
 *	  MessageContext		reset before each protocol message
 *
 * Invariants:
 *	- palloc never returns NULL: failure is ereport(ERROR, out of memory).
 *	- Every chunk records its owning context, so pfree/repalloc need only
 *	  the pointer.
 *	- memctx_bytes() counts bytes obtained from malloc for the context
 *	  (blocks plus large chunks), which is what limits like work_mem bound.
 *	- Resetting a context deletes its children.
 *
 * See also: utils/elog.h (out-of-memory errors).
 *-------------------------------------------------------------------------
 */
#ifndef MEMCTX_H
#define MEMCTX_H

#include "common/minipg.h"

typedef struct MemoryContextData *MemoryContext;

extern MemoryContext CurrentMemoryContext;
extern MemoryContext TopMemoryContext;
extern MemoryContext ErrorContext;
extern MemoryContext SessionContext;
extern MemoryContext TransactionContext;
extern MemoryContext MessageContext;

/* Create TopMemoryContext and ErrorContext; idempotent. */
void		memctx_init(void);

MemoryContext memctx_create(MemoryContext parent, const char *name);
void		memctx_reset(MemoryContext ctx);
void		memctx_delete(MemoryContext ctx);
void		memctx_set_parent(MemoryContext ctx, MemoryContext new_parent);

static inline MemoryContext
memctx_switch_to(MemoryContext ctx)
{
	MemoryContext old = CurrentMemoryContext;

	CurrentMemoryContext = ctx;
	return old;
}

void	   *memctx_alloc(MemoryContext ctx, size_t size);
void	   *memctx_alloc_zero(MemoryContext ctx, size_t size);
char	   *memctx_strdup(MemoryContext ctx, const char *s);

void	   *palloc(size_t size);
void	   *palloc0(size_t size);
void	   *repalloc(void *ptr, size_t size);
void		pfree(void *ptr);
char	   *pstrdup(const char *s);
char	   *pnstrdup(const char *s, size_t len);
char	   *psprintf(const char *fmt, ...) pg_printf_attr(1, 2);

/* The context that owns a chunk. */
MemoryContext memctx_of(const void *ptr);

/* Bytes malloc'd for this context, optionally including its children. */
size_t		memctx_bytes(MemoryContext ctx, bool include_children);
/* Bytes currently handed out by palloc and not yet freed. */
size_t		memctx_used_bytes(MemoryContext ctx, bool include_children);

/* Walk the tree (for pg_backend_memory_contexts and debugging). */
typedef void (*memctx_visitor) (MemoryContext ctx, int depth,
								const char *name, const char *parent_name,
								size_t total_bytes, size_t used_bytes,
								void *arg);
void		memctx_walk(MemoryContext root, memctx_visitor visit, void *arg);
const char *memctx_name(MemoryContext ctx);

/* Largest single allocation accepted (1 GB - 1, like PostgreSQL). */
#define MaxAllocSize ((size_t) 0x3fffffff)

#endif							/* MEMCTX_H */
