/*-------------------------------------------------------------------------
 * startup.h
 *	  Reading and validating a connection's startup packet (startup.c).
 *-------------------------------------------------------------------------
 */
#ifndef STARTUP_H
#define STARTUP_H

#include "tcop/port.h"

typedef enum StartupResult
{
	STARTUP_OK,					/* port filled in; continue to authentication */
	STARTUP_CLOSE,				/* cancel request handled, or garbage: close */
} StartupResult;

/* Read the startup packet into port, allocating in the current memory
 * context (a backend's SessionContext).  FATAL on protocol errors. */
StartupResult startup_read_packet(Port *port);

#endif							/* STARTUP_H */
