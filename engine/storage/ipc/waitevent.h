/*-------------------------------------------------------------------------
 * waitevent.h
 *	  What a process is waiting for, as pg_stat_activity shows it
 *	  (wait_event_type, wait_event).
 *
 * Encoding: the high byte is the class (the wait_event_type), the low
 * bytes the event.  Stored in Proc.wait_event_info by the waiting process
 * itself (proc_set_wait_event) and read without locks by observers.
 *-------------------------------------------------------------------------
 */
#ifndef WAITEVENT_H
#define WAITEVENT_H

#include "common/minipg.h"

#define WAIT_CLASS_LWLOCK		0x01000000u
#define WAIT_CLASS_LOCK			0x03000000u
#define WAIT_CLASS_ACTIVITY		0x05000000u
#define WAIT_CLASS_CLIENT		0x06000000u
#define WAIT_CLASS_EXTENSION	0x07000000u
#define WAIT_CLASS_IPC			0x08000000u
#define WAIT_CLASS_TIMEOUT		0x09000000u
#define WAIT_CLASS_IO			0x0A000000u
#define WAIT_CLASS_FAULT		0x0B000000u		/* a fault point's "wait" action */

#define WAIT_EVENT_TRANSACTION_ID	(WAIT_CLASS_LOCK | 1)	/* "transactionid" */
#define WAIT_EVENT_RELATION			(WAIT_CLASS_LOCK | 2)	/* "relation" */
#define WAIT_EVENT_CLIENT_READ		(WAIT_CLASS_CLIENT | 1)	/* "ClientRead" */
#define WAIT_EVENT_PG_SLEEP			(WAIT_CLASS_TIMEOUT | 1)	/* "PgSleep" */
#define WAIT_EVENT_CHECKPOINTER_MAIN (WAIT_CLASS_ACTIVITY | 1)	/* "CheckpointerMain" */
#define WAIT_EVENT_BGWRITER_MAIN	(WAIT_CLASS_ACTIVITY | 2)	/* "BgWriterMain" */
#define WAIT_EVENT_CHECKPOINT_DONE	(WAIT_CLASS_IPC | 1)		/* "CheckpointDone" */
#define WAIT_EVENT_WAL_WRITER_MAIN	(WAIT_CLASS_ACTIVITY | 3)	/* "WalWriterMain" */
#define WAIT_EVENT_ARCHIVER_MAIN	(WAIT_CLASS_ACTIVITY | 8)	/* "ArchiverMain" */
#define WAIT_EVENT_CHECKPOINT_WRITE_DELAY (WAIT_CLASS_TIMEOUT | 2)	/* "CheckpointWriteDelay" */
#define WAIT_EVENT_PGSTAT_MAIN		(WAIT_CLASS_ACTIVITY | 10)	/* "PgStatMain" */
#define WAIT_EVENT_AUTOVACUUM_MAIN	(WAIT_CLASS_ACTIVITY | 11)	/* "AutoVacuumMain" */
#define WAIT_EVENT_FAULT_POINT		(WAIT_CLASS_FAULT | 1)		/* "FaultPoint" */

/* Names as pg_stat_activity prints them (NULL for no wait). */
const char *wait_event_type_name(uint32_t info);
const char *wait_event_name(uint32_t info);

#endif							/* WAITEVENT_H */
