/*-------------------------------------------------------------------------
 * ps_status.h
 *	  Process titles, so that `ps` shows each process's role:
 *	  "minipg: checkpointer", "minipg: alice shop 127.0.0.1(54321) idle".
 *
 * Linux shows /proc/PID/cmdline, which is the memory holding argv.  At start
 * ps_init() moves environ out of the way so the contiguous argv+environ area
 * can be overwritten with the title; the short name in /proc/PID/comm is set
 * with prctl(PR_SET_NAME).
 *
 * Invariant: ps_init() must be called in main() before anything reads argv
 * or environ pointers that it will relocate; it returns the argv to use.
 *-------------------------------------------------------------------------
 */
#ifndef PS_STATUS_H
#define PS_STATUS_H

#include "common/minipg.h"

char	  **ps_init(int argc, char **argv);
/* Set the fixed part: "minipg: <what>" (plus cluster_name when set). */
void		ps_set_title(const char *what);
/* Set the changing suffix (e.g. "idle", "SELECT", "authentication"). */
void		ps_set_activity(const char *activity);
const char *ps_get_title(void);

#endif							/* PS_STATUS_H */
