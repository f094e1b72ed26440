/*-------------------------------------------------------------------------
 * bootstrap.h
 *	  Bootstrap mode (`minipg --boot -D DATADIR`): populate a new data
 *	  directory made by `minipg_ctl init` with the initial system state.
 *
 * Runs as a single process with a private shared-memory segment; no
 * postmaster, no connections.  Creates the directory layout, the system
 * catalogs and pg_control, then exits 0.  Any failure exits non-zero with
 * the reason, and minipg_ctl init removes the half-made directory.
 *-------------------------------------------------------------------------
 */
#ifndef BOOTSTRAP_H
#define BOOTSTRAP_H

#include "common/minipg.h"

pg_noreturn void bootstrap_main(const char *datadir);

#endif							/* BOOTSTRAP_H */
