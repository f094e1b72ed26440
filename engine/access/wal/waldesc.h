/*-------------------------------------------------------------------------
 * waldesc.h
 *	  Human-readable descriptions of WAL records (minipg_waldump, replay
 *	  debug logs, error context).
 *-------------------------------------------------------------------------
 */
#ifndef WALDESC_H
#define WALDESC_H

#include "access/wal/walformat.h"

/* "Heap", "Btree", ... ("UNKNOWN" for an invalid id). */
const char *wal_rmgr_name(uint8_t rmid);
/* "INSERT", "COMMIT", "CHECKPOINT_SHUTDOWN", ... */
const char *wal_op_name(uint8_t rmid, uint8_t info);
/*
 * "INSERT off 3; blkref #0: rel 5/16384 blk 0 FPW" style text for a
 * CRC-checked record, into buf; returns buf.
 */
const char *wal_describe(const WalRecordHeader *rec, char *buf, size_t len);

#endif							/* WALDESC_H */
