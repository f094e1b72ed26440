/*-------------------------------------------------------------------------
 * fault_catalog.c
 *	  The fault-point catalog table and its lookups (see fault_catalog.h).
 *
 * The table is built by including fault_points.def once with FAULT_DEF
 * expanding to an initializer, so the .def file is the only place a point
 * is described.  Lookups are linear: the catalog has about a hundred
 * entries and is consulted when a policy is attached, never on the hit
 * path of a point.
 *-------------------------------------------------------------------------
 */
#include "faults/fault_catalog.h"

#include <stddef.h>
#include <string.h>

static const FaultPointInfo catalog[] = {
#define FAULT_DEF(name, kind, processes, simulates, engine_must) \
	{name, kind, processes, simulates, engine_must},
#include "faults/fault_points.def"
#undef FAULT_DEF
};

#define CATALOG_SIZE ((int) (sizeof(catalog) / sizeof(catalog[0])))

int
fault_catalog_count(void)
{
	return CATALOG_SIZE;
}

const FaultPointInfo *
fault_catalog_entry(int i)
{
	if (i < 0 || i >= CATALOG_SIZE)
		return NULL;
	return &catalog[i];
}

const FaultPointInfo *
fault_catalog_lookup(const char *name)
{
	if (name == NULL)
		return NULL;
	for (int i = 0; i < CATALOG_SIZE; i++)
		if (strcmp(catalog[i].name, name) == 0)
			return &catalog[i];
	return NULL;
}

/*
 * Exact match, or a prefix followed by one final '*' ("wal/" then '*'
 * matches "wal/flush/before-fsync"; "*" matches everything).  A '*' anywhere else
 * is an ordinary character, so it matches no catalog name.
 */
bool
fault_pattern_matches(const char *pattern, const char *name)
{
	if (pattern == NULL || name == NULL)
		return false;

	size_t		n = strlen(pattern);

	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, name, n - 1) == 0;
	return strcmp(pattern, name) == 0;
}

int
fault_catalog_count_matching(const char *pattern)
{
	int			n = 0;

	for (int i = 0; i < CATALOG_SIZE; i++)
		n += fault_pattern_matches(pattern, catalog[i].name);
	return n;
}

const char *
fault_kind_name(FaultKind kind)
{
	switch (kind)
	{
		case FAULT_KIND_IO:
			return "io";
		case FAULT_KIND_STEP:
			return "step";
		case FAULT_KIND_WRITE:
			return "write";
	}
	return "unknown";
}

const char *
fault_kind_class_name(FaultKind kind)
{
	return kind == FAULT_KIND_WRITE ? fault_kind_name(FAULT_KIND_IO) : fault_kind_name(kind);
}

const FaultPointInfo *
fault_catalog_first_not_of_kind(const char *pattern, FaultKind kind)
{
	for (int i = 0; i < CATALOG_SIZE; i++)
		if (catalog[i].kind != kind && fault_pattern_matches(pattern, catalog[i].name))
			return &catalog[i];
	return NULL;
}
