/*-------------------------------------------------------------------------
 * pm_listen.h
 *	  The postmaster's listening sockets: TCP on listen_addresses:port and
 *	  a Unix socket .s.PGSQL.<port> in each unix_socket_directories entry.
 *
 * Invariants:
 *	- Listening sockets are created once at postmaster start (not on crash
 *	  restart) and closed in every child right after fork.
 *	- Each Unix socket has a .lock file naming the postmaster's pid, so a
 *	  second postmaster on the same port and directory is refused while a
 *	  stale socket file from a dead one is replaced.
 *	- Accepted TCP sockets get TCP_NODELAY and SO_KEEPALIVE.
 *-------------------------------------------------------------------------
 */
#ifndef PM_LISTEN_H
#define PM_LISTEN_H

#include "common/minipg.h"

#define PM_MAX_LISTEN 16

typedef struct ClientEndpoint
{
	int			fd;
	bool		is_unix;
	char		host[64];		/* "[local]" for Unix sockets */
	int			port;
} ClientEndpoint;

extern int	pm_listen_fds[PM_MAX_LISTEN];
extern int	pm_num_listen_fds;

/* Create every socket; FATAL if none could be created. */
void		pm_listen_setup(void);
void		pm_listen_close_all(void);
void		pm_listen_remove_files(void);
/* Accept a connection; false if accept failed (already logged). */
bool		pm_accept(int listen_fd, ClientEndpoint *out);
/* First socket directory / listen address, for postmaster.pid. */
const char *pm_listen_first_socket_dir(void);
const char *pm_listen_first_address(void);

#endif							/* PM_LISTEN_H */
