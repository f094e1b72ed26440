/*-------------------------------------------------------------------------
 * shmem_areas.c
 *	  The central list of shared-memory areas, in initialization order.
 *
 * The postmaster creates them in this order in one segment (shmem.c).  An
 * area's init function runs on zeroed memory and sets its module's global
 * pointer; children inherit the pointers through fork.  Order matters only
 * where an init uses another area (the lwlock array comes first because
 * everything else embeds or references lwlocks).
 *
 * To add an area: write <module>_shmem_size() and <module>_shmem_init() in
 * the owning module and add a row here.
 *-------------------------------------------------------------------------
 */
#include "access/transam/checkpoint.h"
#include "access/transam/clog.h"
#include "access/transam/controlfile.h"
#include "access/transam/varsup.h"
#include "access/wal/wal.h"
#include "catalog/catalog.h"
#include "faults/fault_control.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/shmem.h"
#include "storage/ipc/pmsignal.h"
#include "storage/ipc/proc.h"
#include "storage/lmgr/lock.h"
#include "storage/lmgr/lwlock.h"
#include "postmaster/autovacuum.h"
#include "storage/smgr/smgr.h"
#include "utils/pgstat/pgstat.h"

const ShmemAreaSpec shmem_area_specs[] = {
	{"LWLock main array", lwlock_shmem_size, lwlock_shmem_init},
	{"Fault policy table", fault_shmem_size, fault_shmem_init},
	{"PMSignal child flags", pmsignal_shmem_size, pmsignal_shmem_init},
	{"Proc array", proc_shmem_size, proc_shmem_init},
	{"Lock table", lock_shmem_size, lock_shmem_init},
	{"Control file", controlfile_shmem_size, controlfile_shmem_init},
	{"Transaction id counters", varsup_shmem_size, varsup_shmem_init},
	{"CLOG buffers", clog_shmem_size, clog_shmem_init},
	{"WAL", wal_shmem_size, wal_shmem_init},
	{"Checkpointer", checkpoint_shmem_size, checkpoint_shmem_init},
	{"Catalog version", catversion_shmem_size, catversion_shmem_init},
	{"Shared buffer pool", bufmgr_shmem_size, bufmgr_shmem_init},
	{"Relation file sync table", smgr_shmem_size, smgr_shmem_init},
	{"Cumulative statistics", pgstat_shmem_size, pgstat_shmem_init},
	{"Autovacuum", autovac_shmem_size, autovac_shmem_init},
};

const int	shmem_area_count = lengthof(shmem_area_specs);
