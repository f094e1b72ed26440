/*-------------------------------------------------------------------------
 * checkpointer.c
 *	  The checkpointer process: performs checkpoints on request and the
 *	  shutdown checkpoint when the postmaster sends SIGUSR2.
 *
 * Signals: SIGUSR2 = shutdown checkpoint then exit 0; SIGTERM is ignored
 * (the postmaster stops the checkpointer last, after every backend has
 * gone); SIGQUIT = immediate _exit(2).
 *-------------------------------------------------------------------------
 */
#include "postmaster/auxprocess.h"

#include <signal.h>
#include <string.h>

#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"

static volatile sig_atomic_t shutdown_requested = 0;

static void
handle_sigusr2(int signo)
{
	(void) signo;
	shutdown_requested = 1;
	if (MyProc)
		proc_wakeup(MyProc);
}

void
checkpointer_main(void *arg)
{
	struct sigaction sa;

	(void) arg;
	aux_process_init(B_CHECKPOINTER);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handle_sigusr2;
	sigaction(SIGUSR2, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGTERM, &sa, NULL);

	while (!shutdown_requested)
		proc_sleep((long) guc_checkpoint_timeout_s * 1000);
	proc_exit(0);
}
