/*-------------------------------------------------------------------------
 * fault_catalog.h
 *	  The catalog of fault points, compiled from faults/fault_points.def.
 *
 * Role: one table of every fault point in the engine with the process
 * types that reach it, what failure it simulates and what the engine must
 * do when it fires.  The control plane uses it to validate point names
 * and patterns, `minipg_faults catalog` prints it, docs/fault-points.md
 * is generated from it, and engine/test/t030_fault_catalog.sh checks it
 * against the code in both directions.
 *
 * The catalog is data: it is compiled into every build, release included
 * (only the points themselves are compiled out there), so tools and docs
 * are the same whatever the build.
 *
 * Patterns (used by policies, fault_detach, fault_hits ...): a point name
 * matches itself; "prefix*" matches every name starting with prefix
 * ("wal/" followed by '*' matches every WAL point, "postmaster/fork-*" every
 * fork); "*" alone matches every name.
 *
 * See also: faults/faultpoint.h (the point macros), faults/fault_control.h
 * (the control plane), docs/fault-points.md.
 *-------------------------------------------------------------------------
 */
#ifndef FAULT_CATALOG_H
#define FAULT_CATALOG_H

#include <stdbool.h>

typedef enum FaultKind
{
	FAULT_KIND_IO,				/* FAULT_RETURN_ERRNO / FAULT_POINT: "error" fails a call */
	FAULT_KIND_STEP,			/* FAULT_MARK: a place to crash, wait, corrupt ... */
	FAULT_KIND_WRITE,			/* FAULT_WRITE: an io point that is a write; "error"
								 * fails it, "short" writes only a prefix */
} FaultKind;

typedef struct FaultPointInfo
{
	const char *name;			/* "subsystem/module/event" */
	FaultKind	kind;
	const char *processes;		/* short process-type names, space-separated, or "any" */
	const char *simulates;		/* the failure it simulates (one sentence) */
	const char *engine_must;	/* what the engine must do when it fires */
} FaultPointInfo;

/*
 * FAULT_NAME("subsystem/module/event"): a point name passed around as a
 * value (to a function that reaches FAULT_POINT with a variable, such as
 * buf_flush()).  It is the string literal itself; it exists so that the
 * catalog test finds such names in the code.  The test finds names only
 * as literals in FAULT_POINT, FAULT_RETURN_ERRNO, FAULT_MARK or FAULT_NAME.
 */
#define FAULT_NAME(name) ("" name "")

/* Number of points; entries are numbered 0 .. count-1 in .def order. */
int			fault_catalog_count(void);
/* Entry i, or NULL when i is out of range. */
const FaultPointInfo *fault_catalog_entry(int i);
/* The entry named exactly name, or NULL. */
const FaultPointInfo *fault_catalog_lookup(const char *name);
/* Does pattern (exact, "prefix*" or "*") match the point name? */
bool		fault_pattern_matches(const char *pattern, const char *name);
/* Number of catalog points pattern matches (0: a typo, most likely). */
int			fault_catalog_count_matching(const char *pattern);
/* "io", "write" or "step". */
const char *fault_kind_name(FaultKind kind);
/*
 * "io" or "step": the two classes `minipg_faults catalog` prints and
 * scripts parse (recovery-tests/matrix.c); a write point is an io point.
 */
const char *fault_kind_class_name(FaultKind kind);
/*
 * The first catalog point pattern matches whose kind is not `kind`, or
 * NULL when every point it matches has that kind (or it matches none).
 */
const FaultPointInfo *fault_catalog_first_not_of_kind(const char *pattern, FaultKind kind);

#endif							/* FAULT_CATALOG_H */
