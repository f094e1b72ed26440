/*-------------------------------------------------------------------------
 * auth.c
 *	  Client authentication (see auth.h).
 *
 * Status: only "trust" is implemented so far; pg_hba.conf parsing and the
 * password, md5 and SCRAM-SHA-256 exchanges are being added.
 *-------------------------------------------------------------------------
 */
#include "tcop/auth.h"

#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"

#define AUTH_REQ_OK 0

void
auth_client(Port *port)
{
	StringBuf	buf;

	(void) port;
	pq_begin(&buf, 'R');
	pq_send_int32(&buf, AUTH_REQ_OK);
	pq_end(&buf);
}
