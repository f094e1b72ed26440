/*-------------------------------------------------------------------------
 * port.h
 *	  What a backend knows about its client connection (PostgreSQL calls
 *	  this the Port): endpoint, protocol version, and the startup packet's
 *	  user, database and options.
 *
 * Filled by tcop/startup.c, read by authentication (tcop/auth.c) and the
 * rest of the backend.  The Port and its strings are in SessionContext
 * (backend_run allocates them there).
 *-------------------------------------------------------------------------
 */
#ifndef PORT_H
#define PORT_H

#include "common/minipg.h"
#include "postmaster/pm_listen.h"

#define PG_PROTOCOL(major, minor)	(((major) << 16) | (minor))
#define PG_PROTOCOL_MAJOR(v)		((v) >> 16)
#define PG_PROTOCOL_MINOR(v)		((v) & 0xffff)
#define PG_PROTOCOL_LATEST			PG_PROTOCOL(3, 0)
#define CANCEL_REQUEST_CODE			PG_PROTOCOL(1234, 5678)
#define NEGOTIATE_SSL_CODE			PG_PROTOCOL(1234, 5679)
#define NEGOTIATE_GSS_CODE			PG_PROTOCOL(1234, 5680)

#define PORT_MAX_GUCS 64

typedef struct Port
{
	ClientEndpoint client;
	uint32_t	proto;
	char	   *user_name;
	char	   *database_name;
	char	   *application_name;
	/* Other settings from the startup packet (and its "options" -c ...). */
	int			n_gucs;
	char	   *guc_names[PORT_MAX_GUCS];
	char	   *guc_values[PORT_MAX_GUCS];
	/* Unrecognized "_pq_." protocol options, for NegotiateProtocolVersion. */
	int			n_unknown_options;
	char	   *unknown_options[PORT_MAX_GUCS];
} Port;

extern Port *MyPort;

#endif							/* PORT_H */
