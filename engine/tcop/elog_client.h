/*-------------------------------------------------------------------------
 * elog_client.h
 *	  Route ereport() output to the client as ErrorResponse/NoticeResponse.
 *-------------------------------------------------------------------------
 */
#ifndef ELOG_CLIENT_H
#define ELOG_CLIENT_H

/* Install the protocol sender into elog (once the protocol is up). */
void		elog_client_install(void);
/* The client speaks protocol 2: send only errors, in the old format. */
void		elog_client_set_protocol_v2(void);

#endif							/* ELOG_CLIENT_H */
