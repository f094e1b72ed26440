/*-------------------------------------------------------------------------
 * faultpoint.h
 *	  The engine's fault-point macros: a thin layer over libfiu that fault
 *	  builds compile in and release builds compile out entirely.
 *
 * Role: mark a place in the engine where a test may make a call fail, or
 * make the process crash or wait.  Names are `subsystem/module/event`.
 *
 *	FAULT_RETURN_ERRNO(name, rv)
 *		If the point fires, set errno (from the policy's failinfo, default
 *		EIO) and `return rv;` from the enclosing function, so the caller
 *		takes its real error path.
 *	FAULT_POINT(name)
 *		Evaluates to true when the point fires; the caller decides what
 *		failure to simulate.
 *
 * Builds: MINIPG_FAULTS (debug, asan and faults presets) defines FIU_ENABLE
 * for every translation unit and links libfiu; the release preset defines
 * neither, and every macro here expands to nothing at all.
 *
 * Status: this is the point API only.  The catalog of points, the shared
 * policy table and the SQL control functions are the Faults issue's work.
 *-------------------------------------------------------------------------
 */
#ifndef FAULTPOINT_H
#define FAULTPOINT_H

#ifdef MINIPG_FAULTS

#include <errno.h>
#include <stdint.h>
#include <fiu.h>

#define FAULT_POINT(name) (fiu_fail(name) != 0)

#define FAULT_RETURN_ERRNO(name, rv) \
	do { \
		if (fiu_fail(name)) \
		{ \
			void *fault_info_ = fiu_failinfo(); \
			errno = fault_info_ ? (int) (intptr_t) fault_info_ : EIO; \
			return (rv); \
		} \
	} while (0)

/* Call once per process, before any point can be reached. */
#define FAULT_INIT() ((void) fiu_init(0))

#else

#define FAULT_POINT(name) (0)
#define FAULT_RETURN_ERRNO(name, rv) do { } while (0)
#define FAULT_INIT() ((void) 0)

#endif							/* MINIPG_FAULTS */

#endif							/* FAULTPOINT_H */
