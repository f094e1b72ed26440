/*-------------------------------------------------------------------------
 * faultpoint.h
 *	  The engine's fault-point macros: a thin layer over libfiu that fault
 *	  builds compile in and release builds compile out entirely.
 *
 * Role: mark a place in the engine where a test may make a call fail, or
 * make the process crash, stall, corrupt shared memory or cut the power.
 * Names are `subsystem/module/event` and every name used here must be in
 * faults/fault_points.def (the catalog; a test checks both directions).
 *
 *	FAULT_RETURN_ERRNO(name, rv)
 *		An I/O-like call.  If the point fires with the "error" action, set
 *		errno (the policy's errno, default EIO) and `return rv;` from the
 *		enclosing function, so the caller takes its real error path.
 *	FAULT_POINT(name)
 *		Evaluates to true when the point fires with the "error" action
 *		(errno set as above); the caller decides what failure that means.
 *	FAULT_MARK(name)
 *		A step (e.g. "after the commit record is flushed").  Only the
 *		in-place actions make sense there; "error" raises an ordinary
 *		ERROR ("fault injected at point ...", SQLSTATE XX000).
 *	FAULT_WRITE(name, len, cut, rv)
 *		A write call about to write `len` bytes (len: a size_t variable;
 *		cut: a bool variable, false before).  "error" as for
 *		FAULT_RETURN_ERRNO.  "short" (a disk filling up in the middle of
 *		the write) sets len to fault_short_write_len(len), a strict prefix
 *		of what was asked, and cut to true: the wrapper then writes that
 *		prefix only and returns its count with errno = ENOSPC, as the
 *		kernel does (storage/file/fileops.c).  Only these points are
 *		"write" points in the catalog, and only there can "short" be
 *		attached; a short policy never fires at any other kind of point.
 *
 * Every other action (crash, abort, panic, delay, wait, corrupt,
 * powerloss) is carried out inside the point, before the macro returns,
 * by the control plane (fault_control.c); for those the macros behave as
 * if the point had not fired.
 *
 * Cost: a point first reads one flag (fault_armed); only when some policy
 * is attached anywhere in the cluster (or libfiu remote control is on in
 * this process) does it call fiu_fail() (through fault_fiu_fail), whose
 * callback consults the shared policy table.  So a fault build without policies runs at release
 * speed (ci/bench-faults measures it).
 *
 * Builds: MINIPG_FAULTS (debug, asan and faults presets) defines FIU_ENABLE
 * for every translation unit and links libfiu; the release preset defines
 * neither, every macro here expands to nothing, and the binary has no
 * libfiu symbol (ci/test checks).
 *-------------------------------------------------------------------------
 */
#ifndef FAULTPOINT_H
#define FAULTPOINT_H

#ifdef MINIPG_FAULTS

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <fiu.h>

/*
 * Non-zero while any policy is attached (points to a word in the shared
 * policy table once shared memory exists, to a process-local word before).
 */
extern volatile const int *fault_armed_word;
extern int	fault_local_armed;	/* libfiu remote control is on here */
/* errno chosen by the last "error" firing in this process. */
extern int	fault_last_errno;
/* Non-zero when the last firing in this process was "short" (a write). */
extern int	fault_last_short;
extern void fault_mark_error(const char *name);

/*
 * libfiu 1.1 hands an external callback the name it was enabled under
 * ("*"), not the point's, so the point names itself here first, and says
 * whether it is a write (and of how many bytes): "short" policies apply
 * only to writes.
 */
extern const char *fault_current_point;
extern int	fault_current_is_write;
extern size_t fault_current_write_len;
extern int	fault_decided_by_policy;
extern void fault_fiu_errno(void);

static inline int
fault_fiu_fail_at(const char *name, int is_write, size_t write_len)
{
	int			r;

	fault_current_point = name;
	fault_current_is_write = is_write;
	fault_current_write_len = write_len;
	fault_decided_by_policy = 0;
	fault_last_short = 0;
	r = fiu_fail(name);
	if (r != 0 && !fault_decided_by_policy)
		fault_fiu_errno();		/* enabled through libfiu itself (fiu-ctrl) */
	return r;
}

static inline int
fault_fiu_fail(const char *name)
{
	return fault_fiu_fail_at(name, 0, 0);
}

/*
 * The length a "short" firing lets a write of `asked` bytes keep: half of
 * it, rounded down to a multiple of 512 (a sector) from 1024 bytes on; so
 * always at least one byte fewer than asked, and 0 for a 1-byte write.  A
 * persistent "short" policy therefore ends every write_full loop in a
 * 0-byte write (ENOSPC) after about log2(len) + 1 calls.
 */
static inline size_t
fault_short_write_len(size_t asked)
{
	size_t		keep = asked / 2;

	if (asked >= 1024)
		keep &= ~(size_t) 511;
	return keep;
}

#define FAULT_ARMED() \
	__builtin_expect((*fault_armed_word | fault_local_armed) != 0, 0)

#define FAULT_POINT(name) \
	(FAULT_ARMED() && fault_fiu_fail(name) != 0 && ((errno = fault_last_errno), 1))

#define FAULT_RETURN_ERRNO(name, rv) \
	do { \
		if (FAULT_POINT(name)) \
			return (rv); \
	} while (0)

#define FAULT_MARK(name) \
	do { \
		if (FAULT_ARMED() && fault_fiu_fail(name) != 0) \
			fault_mark_error(name); \
	} while (0)

#define FAULT_WRITE(name, len, cut, rv) \
	do { \
		if (FAULT_ARMED() && fault_fiu_fail_at(name, 1, (len)) != 0) \
		{ \
			if (!fault_last_short) \
			{ \
				errno = fault_last_errno; \
				return (rv); \
			} \
			(len) = fault_short_write_len(len); \
			(cut) = true; \
		} \
	} while (0)

#else

#define FAULT_ARMED() (0)
#define FAULT_POINT(name) (0)
#define FAULT_RETURN_ERRNO(name, rv) do { } while (0)
#define FAULT_MARK(name) do { } while (0)
#define FAULT_WRITE(name, len, cut, rv) do { } while (0)

#endif							/* MINIPG_FAULTS */

#endif							/* FAULTPOINT_H */
