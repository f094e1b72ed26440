/*-------------------------------------------------------------------------
 * minipg.h
 *	  Base definitions every engine translation unit includes first.
 *
 * Role: the vocabulary shared by all modules: identifier types (Oid,
 * TransactionId, BlockNumber, XLogRecPtr), Datum, page size, alignment
 * helpers and Assert().
 *
 * Invariants:
 *	- BLCKSZ is 8192 everywhere: pages, buffers and relation files.
 *	- Datum is wide enough to hold any pass-by-value type (int8, float8,
 *	  timestamp) or a pointer; see sql/types.h for how values are packed.
 *	- Assert() is active only in builds with MINIPG_ASSERTS (the debug and
 *	  asan presets); checks of on-disk data must not use Assert, they use
 *	  ereport and stay on in every build.
 *
 * See also: utils/elog.h (errors), utils/memctx.h (allocation).
 *-------------------------------------------------------------------------
 */
#ifndef MINIPG_H
#define MINIPG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#define MINIPG_VERSION_STR	"15.18"
#define MINIPG_VERSION_NUM	150018
/* What version() returns; clients parse the leading "PostgreSQL 15.x". */
#define MINIPG_VERSION_FULL \
	"PostgreSQL 15.18 (minipg 0.1) on x86_64-pc-linux-gnu, compiled by gcc, 64-bit"

typedef uint32_t Oid;
typedef uint32_t TransactionId;
typedef uint32_t CommandId;
typedef uint32_t BlockNumber;
typedef uint16_t OffsetNumber;
typedef uint64_t XLogRecPtr;
typedef uintptr_t Datum;

#define InvalidOid					((Oid) 0)
#define InvalidTransactionId		((TransactionId) 0)
#define BootstrapTransactionId		((TransactionId) 1)
#define FrozenTransactionId			((TransactionId) 2)
#define FirstNormalTransactionId	((TransactionId) 3)
#define InvalidBlockNumber			((BlockNumber) 0xFFFFFFFF)
#define InvalidOffsetNumber			((OffsetNumber) 0)
#define InvalidXLogRecPtr			((XLogRecPtr) 0)

#define TransactionIdIsValid(x)		((x) != InvalidTransactionId)
#define TransactionIdIsNormal(x)	((x) >= FirstNormalTransactionId)

#define BLCKSZ			8192
#define NAMEDATALEN		64		/* max identifier length incl. NUL */
#define MAXIMUM_ALIGNOF 8

#define TYPEALIGN(a, len)	(((uintptr_t) (len) + ((a) - 1)) & ~((uintptr_t) ((a) - 1)))
#define MAXALIGN(len)		TYPEALIGN(MAXIMUM_ALIGNOF, (len))
#define INTALIGN(len)		TYPEALIGN(4, (len))
#define SHORTALIGN(len)		TYPEALIGN(2, (len))

#define Min(a, b)	((a) < (b) ? (a) : (b))
#define Max(a, b)	((a) > (b) ? (a) : (b))
#define lengthof(array) (sizeof(array) / sizeof((array)[0]))

#define likely(x)	__builtin_expect((x) != 0, 1)
#define unlikely(x) __builtin_expect((x) != 0, 0)
#define pg_noreturn _Noreturn
#define pg_printf_attr(f, a) __attribute__((format(printf, f, a)))
#define pg_unused	__attribute__((unused))

/* A tuple identifier: block and line-pointer offset within a relation. */
typedef struct ItemPointerData
{
	BlockNumber	ip_blkid;
	OffsetNumber ip_posid;
} ItemPointerData;
typedef ItemPointerData *ItemPointer;

#define ItemPointerSet(p, b, o) ((p)->ip_blkid = (b), (p)->ip_posid = (o))
#define ItemPointerSetInvalid(p) ItemPointerSet(p, InvalidBlockNumber, InvalidOffsetNumber)
#define ItemPointerIsValid(p)	((p)->ip_posid != InvalidOffsetNumber)
#define ItemPointerEquals(a, b) \
	((a)->ip_blkid == (b)->ip_blkid && (a)->ip_posid == (b)->ip_posid)

/*
 * Assert: a programming-error check, compiled in only with MINIPG_ASSERTS.
 * A failed assertion prints a banner with the expression and location to the
 * server log and aborts the process (a crash, so the postmaster resets).
 */
pg_noreturn void assert_failed(const char *expr, const char *file, int line);

#ifdef MINIPG_ASSERTS
#define Assert(cond) \
	((cond) ? (void) 0 : assert_failed(#cond, __FILE__, __LINE__))
#define AssertOnly(x) x
#else
#define Assert(cond) ((void) 0)
#define AssertOnly(x)
#endif

#define StaticAssert(cond, msg) _Static_assert(cond, msg)

#endif							/* MINIPG_H */
