/*-------------------------------------------------------------------------
 * waitevent.c
 *	  Names of wait events (see waitevent.h).
 *-------------------------------------------------------------------------
 */
#include "storage/ipc/waitevent.h"

const char *
wait_event_type_name(uint32_t info)
{
	switch (info & 0xFF000000u)
	{
		case WAIT_CLASS_LWLOCK:
			return "LWLock";
		case WAIT_CLASS_LOCK:
			return "Lock";
		case WAIT_CLASS_ACTIVITY:
			return "Activity";
		case WAIT_CLASS_CLIENT:
			return "Client";
		case WAIT_CLASS_EXTENSION:
			return "Extension";
		case WAIT_CLASS_IPC:
			return "IPC";
		case WAIT_CLASS_TIMEOUT:
			return "Timeout";
		case WAIT_CLASS_IO:
			return "IO";
		case WAIT_CLASS_FAULT:
			return "FaultPoint";
	}
	return NULL;
}

const char *
wait_event_name(uint32_t info)
{
	switch (info)
	{
		case WAIT_EVENT_TRANSACTION_ID:
			return "transactionid";
		case WAIT_EVENT_RELATION:
			return "relation";
		case WAIT_EVENT_CLIENT_READ:
			return "ClientRead";
		case WAIT_EVENT_PG_SLEEP:
			return "PgSleep";
		case WAIT_EVENT_CHECKPOINTER_MAIN:
			return "CheckpointerMain";
		case WAIT_EVENT_PGSTAT_MAIN:
			return "PgStatMain";
		case WAIT_EVENT_AUTOVACUUM_MAIN:
			return "AutoVacuumMain";
		case WAIT_EVENT_BGWRITER_MAIN:
			return "BgWriterMain";
		case WAIT_EVENT_CHECKPOINT_DONE:
			return "CheckpointDone";
		case WAIT_EVENT_WAL_WRITER_MAIN:
			return "WalWriterMain";
		case WAIT_EVENT_ARCHIVER_MAIN:
			return "ArchiverMain";
		case WAIT_EVENT_CHECKPOINT_WRITE_DELAY:
			return "CheckpointWriteDelay";
		case WAIT_EVENT_FAULT_POINT:
			return "FaultPoint";
	}
	return NULL;
}
