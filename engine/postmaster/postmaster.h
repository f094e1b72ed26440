/*-------------------------------------------------------------------------
 * postmaster.h
 *	  The postmaster process (see postmaster.c for its invariant and state
 *	  machine).
 *-------------------------------------------------------------------------
 */
#ifndef POSTMASTER_H
#define POSTMASTER_H

#include "common/minipg.h"

/* Absolute path of the data directory (set in every process). */
extern char *DataDir;

/* Run the postmaster; settings are already loaded.  Never returns. */
pg_noreturn void postmaster_main(const char *datadir);

#endif							/* POSTMASTER_H */
