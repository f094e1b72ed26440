/*-------------------------------------------------------------------------
 * auxprocess.c
 *	  Setup shared by every auxiliary process (see auxprocess.h).
 *-------------------------------------------------------------------------
 */
#include "postmaster/auxprocess.h"

#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/ps_status.h"

void
aux_process_init(BackendType type)
{
	ps_set_title(backend_type_name(type));
	proc_attach_auxiliary(type);
	TransactionContext = NULL;
	MessageContext = NULL;
	SessionContext = NULL;
}
