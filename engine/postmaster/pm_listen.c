/*-------------------------------------------------------------------------
 * pm_listen.c
 *	  Creating listening sockets and accepting connections (see pm_listen.h).
 *
 * Fault point: postmaster/accept (accept() fails with the policy's errno;
 * the connection stays queued and is accepted on a later try).
 *-------------------------------------------------------------------------
 */
#include "postmaster/pm_listen.h"

#include "postmaster/pidfile.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "faults/faultpoint.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

int			pm_listen_fds[PM_MAX_LISTEN];
int			pm_num_listen_fds = 0;

static char socket_files[PM_MAX_LISTEN][sizeof(((struct sockaddr_un *) 0)->sun_path)];
static char lock_files[PM_MAX_LISTEN][sizeof(((struct sockaddr_un *) 0)->sun_path) + 8];
static int	n_socket_files = 0;
static char first_socket_dir[1024];
static char first_address[256];

static void
add_listen_fd(int fd)
{
	if (pm_num_listen_fds >= PM_MAX_LISTEN)
	{
		close(fd);
		ereport(LOG, errmsg("too many listening sockets; ignoring the rest"));
		return;
	}
	pm_listen_fds[pm_num_listen_fds++] = fd;
}

/* Split a comma-separated list in place; returns the number of items. */
static int
split_list(char *s, char **items, int max)
{
	int			n = 0;

	for (char *tok = strtok(s, ","); tok != NULL && n < max; tok = strtok(NULL, ","))
	{
		while (*tok == ' ' || *tok == '\t')
			tok++;
		char	   *end = tok + strlen(tok);

		while (end > tok && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*tok == '"' && end > tok + 1 && end[-1] == '"')
		{
			tok++;
			end[-1] = '\0';
		}
		if (*tok)
			items[n++] = tok;
	}
	return n;
}

static void
listen_tcp_address(const char *host)
{
	struct addrinfo hints = {0};
	struct addrinfo *res = NULL;
	char		portstr[16];

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	snprintf(portstr, sizeof(portstr), "%d", guc_port);
	int			rc = getaddrinfo(strcmp(host, "*") == 0 ? NULL : host, portstr, &hints, &res);

	if (rc != 0)
	{
		ereport(LOG, errmsg("could not translate host name \"%s\", service \"%s\" to address: %s",
							host, portstr, gai_strerror(rc)));
		return;
	}
	for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next)
	{
		char		addr[INET6_ADDRSTRLEN] = "";
		const char *family = ai->ai_family == AF_INET6 ? "IPv6" : "IPv4";
		void	   *sa = ai->ai_family == AF_INET6 ?
			(void *) &((struct sockaddr_in6 *) ai->ai_addr)->sin6_addr :
			(void *) &((struct sockaddr_in *) ai->ai_addr)->sin_addr;

		inet_ntop(ai->ai_family, sa, addr, sizeof(addr));
		int			fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
		{
			ereport(LOG, errmsg("could not create %s socket for address \"%s\": %m", family, addr));
			continue;
		}
		int			one = 1;

		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0)
		{
			ereport(LOG, errmsg("could not bind %s address \"%s\": %m", family, addr),
					errhint("Is another postmaster already running on port %d?", guc_port));
			close(fd);
			continue;
		}
		if (listen(fd, 128) != 0)
		{
			ereport(LOG, errmsg("could not listen on %s address \"%s\": %m", family, addr));
			close(fd);
			continue;
		}
		ereport(LOG, errmsg("listening on %s address \"%s\", port %d", family, addr, guc_port));
		if (first_address[0] == '\0')
			snprintf(first_address, sizeof(first_address), "%s", host);
		add_listen_fd(fd);
	}
	freeaddrinfo(res);
}

/* Claim the socket's lock file, refusing if a live postmaster holds it. */
static bool
claim_socket_lock(const char *lockpath, const char *sockpath)
{
	char		buf[32];

	for (int attempt = 0; attempt < 10; attempt++)
	{
		int			fd = open(lockpath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

		if (fd >= 0)
		{
			int			n = snprintf(buf, sizeof(buf), "%d\n", (int) getpid());

			if (write(fd, buf, (size_t) n) != n)
				ereport(LOG, errmsg("could not write lock file \"%s\": %m", lockpath));
			close(fd);
			return true;
		}
		if (errno != EEXIST)
		{
			ereport(LOG, errmsg("could not create lock file \"%s\": %m", lockpath));
			return false;
		}
		FILE	   *f = fopen(lockpath, "r");
		long		pid = 0;

		if (f != NULL)
		{
			if (fscanf(f, "%ld", &pid) != 1)
				pid = 0;
			fclose(f);
		}
		if (pid > 0 && pid != getpid() && pidfile_process_is_running((pid_t) pid))
			ereport(FATAL, errcode(ERRCODE_OBJECT_IN_USE),
					errmsg("lock file \"%s\" already exists", lockpath),
					errhint("Is another postmaster (PID %ld) using socket file \"%s\"?",
							pid, sockpath));
		unlink(lockpath);
	}
	return false;
}

static void
listen_unix(const char *dir)
{
	struct sockaddr_un sun = {0};

	sun.sun_family = AF_UNIX;
	int			len = snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/.s.PGSQL.%d", dir, guc_port);

	if (len >= (int) sizeof(sun.sun_path))
	{
		ereport(LOG, errmsg("Unix-domain socket path \"%s/.s.PGSQL.%d\" is too long", dir, guc_port));
		return;
	}
	char		lockpath[sizeof(sun.sun_path) + 8];

	snprintf(lockpath, sizeof(lockpath), "%s.lock", sun.sun_path);
	if (!claim_socket_lock(lockpath, sun.sun_path))
		return;
	unlink(sun.sun_path);		/* stale socket from a dead postmaster */
	int			fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *) &sun, sizeof(sun)) != 0 || listen(fd, 128) != 0)
	{
		ereport(LOG, errmsg("could not create Unix socket \"%s\": %m", sun.sun_path));
		if (fd >= 0)
			close(fd);
		unlink(lockpath);
		return;
	}
	chmod(sun.sun_path, 0777);
	ereport(LOG, errmsg("listening on Unix socket \"%s\"", sun.sun_path));
	if (n_socket_files < PM_MAX_LISTEN)
	{
		snprintf(socket_files[n_socket_files], sizeof(socket_files[0]), "%s", sun.sun_path);
		snprintf(lock_files[n_socket_files], sizeof(lock_files[0]), "%s", lockpath);
		n_socket_files++;
	}
	if (first_socket_dir[0] == '\0')
		snprintf(first_socket_dir, sizeof(first_socket_dir), "%s", dir);
	add_listen_fd(fd);
}

void
pm_listen_setup(void)
{
	char	   *items[PM_MAX_LISTEN];
	char	   *addrs = pstrdup(guc_listen_addresses ? guc_listen_addresses : "");
	char	   *dirs = pstrdup(guc_unix_socket_directories ? guc_unix_socket_directories : "");
	int			n;
	int			before;

	n = split_list(addrs, items, PM_MAX_LISTEN);
	for (int i = 0; i < n; i++)
		listen_tcp_address(items[i]);
	if (n > 0 && pm_num_listen_fds == 0)
		ereport(FATAL, errmsg("could not create any TCP/IP sockets"));
	before = pm_num_listen_fds;
	n = split_list(dirs, items, PM_MAX_LISTEN);
	for (int i = 0; i < n; i++)
		listen_unix(items[i]);
	if (n > 0 && pm_num_listen_fds == before)
		ereport(FATAL, errmsg("could not create any Unix-domain sockets"));
	if (pm_num_listen_fds == 0)
		ereport(FATAL, errmsg("no socket created for listening"));
}

void
pm_listen_close_all(void)
{
	for (int i = 0; i < pm_num_listen_fds; i++)
		close(pm_listen_fds[i]);
	pm_num_listen_fds = 0;
}

void
pm_listen_remove_files(void)
{
	for (int i = 0; i < n_socket_files; i++)
	{
		unlink(socket_files[i]);
		unlink(lock_files[i]);
	}
	n_socket_files = 0;
}

bool
pm_accept(int listen_fd, ClientEndpoint *out)
{
	struct sockaddr_storage ss;
	socklen_t	sslen = sizeof(ss);
	int			fd = FAULT_POINT("postmaster/accept") ? -1 :
		accept4(listen_fd, (struct sockaddr *) &ss, &sslen, SOCK_CLOEXEC);

	if (fd < 0)
	{
		if (errno != EINTR && errno != EAGAIN)
			ereport(LOG, errmsg("could not accept new connection: %m"));
		return false;
	}
	memset(out, 0, sizeof(*out));
	out->fd = fd;
	if (ss.ss_family == AF_UNIX)
	{
		out->is_unix = true;
		snprintf(out->host, sizeof(out->host), "[local]");
		return true;
	}
	int			one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
	{
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *) &ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, out->host, sizeof(out->host));
		out->port = ntohs(s6->sin6_port);
	}
	else
	{
		struct sockaddr_in *s4 = (struct sockaddr_in *) &ss;

		inet_ntop(AF_INET, &s4->sin_addr, out->host, sizeof(out->host));
		out->port = ntohs(s4->sin_port);
	}
	return true;
}

const char *
pm_listen_first_socket_dir(void)
{
	return first_socket_dir;
}

const char *
pm_listen_first_address(void)
{
	return first_address;
}
