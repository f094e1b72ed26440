/*-------------------------------------------------------------------------
 * shmem.c
 *	  Creating and destroying the shared-memory segment (see shmem.h).
 *
 * The segment is an anonymous MAP_SHARED mapping: it disappears with the
 * last process that maps it, so a killed cluster never leaks System V
 * segments, and a crash restart simply maps a new one.
 *
 * Fault point: ipc/shmem/create (the mmap fails with the policy's errno,
 * typically ENOMEM, and the real FATAL path runs), in the postmaster at
 * start and at each crash reset, and in standalone processes.
 *-------------------------------------------------------------------------
 */
#include "storage/ipc/shmem.h"

#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "faults/fault_control.h"
#include "faults/faultpoint.h"
#include "utils/elog.h"

extern const ShmemAreaSpec shmem_area_specs[];
extern const int shmem_area_count;

ShmemHeader *shmem_header = NULL;

size_t
shmem_add_size(size_t a, size_t b)
{
	size_t		r = a + b;

	if (r < a)
		ereport(FATAL, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("requested shared memory size overflows size_t"));
	return r;
}

size_t
shmem_mul_size(size_t a, size_t b)
{
	if (a != 0 && b > SIZE_MAX / a)
		ereport(FATAL, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("requested shared memory size overflows size_t"));
	return a * b;
}

static size_t
aligned(size_t n)
{
	return TYPEALIGN(SHMEM_ALIGN, n);
}

size_t
shmem_total_size(void)
{
	size_t		total = aligned(sizeof(ShmemHeader));

	for (int i = 0; i < shmem_area_count; i++)
		total = shmem_add_size(total, aligned(shmem_area_specs[i].size()));
	return total;
}

void
shmem_create(uint64_t generation)
{
	size_t		total = shmem_total_size();
	void	   *base;

	if (shmem_area_count > SHMEM_MAX_AREAS)
		elog(FATAL, "too many shared memory areas (%d)", shmem_area_count);
	base = FAULT_POINT("ipc/shmem/create") ? MAP_FAILED :
		mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		ereport(FATAL, errcode(ERRCODE_OUT_OF_MEMORY),
				errmsg("could not map anonymous shared memory: %m"),
				errhint("This error usually means that minipg's request for a shared "
						"memory segment exceeded available memory.  The request was "
						"for %zu bytes; reduce shared_buffers or max_connections.",
						total));
	/* mmap'd memory is zeroed; areas may rely on that. */
	shmem_header = base;
	shmem_header->magic = SHMEM_HEADER_MAGIC;
	shmem_header->generation = generation;
	shmem_header->total_size = total;
	shmem_header->postmaster_pid = getpid();
	shmem_header->n_areas = shmem_area_count;

	size_t		offset = aligned(sizeof(ShmemHeader));

	for (int i = 0; i < shmem_area_count; i++)
	{
		const ShmemAreaSpec *spec = &shmem_area_specs[i];
		size_t		sz = spec->size();
		ShmemAreaEntry *e = &shmem_header->areas[i];

		snprintf(e->name, sizeof(e->name), "%s", spec->name);
		e->offset = offset;
		e->size = sz;
		spec->init((char *) base + offset, sz);
		offset += aligned(sz);
	}
}

void
shmem_destroy(void)
{
	if (shmem_header == NULL)
		return;
	/* Fault policies outlive the segment (faults/fault_control.h). */
	fault_shmem_before_destroy();
	if (munmap(shmem_header, shmem_header->total_size) != 0)
		elog(LOG, "could not unmap shared memory: %m");
	shmem_header = NULL;
}

void *
shmem_find_area(const char *name, size_t *size_out)
{
	if (shmem_header == NULL)
		return NULL;
	for (int i = 0; i < shmem_header->n_areas; i++)
	{
		ShmemAreaEntry *e = &shmem_header->areas[i];

		if (strcmp(e->name, name) == 0)
		{
			if (size_out)
				*size_out = e->size;
			return (char *) shmem_header + e->offset;
		}
	}
	return NULL;
}
