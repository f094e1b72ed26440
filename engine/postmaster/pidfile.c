/*-------------------------------------------------------------------------
 * pidfile.c
 *	  postmaster.pid handling (see pidfile.h).
 *-------------------------------------------------------------------------
 */
#include "postmaster/pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "storage/file/fileops.h"
#include "utils/elog.h"
#include "utils/memctx.h"

static char pidfile_path[1024];
static char pid_lines[8][1024];
static bool pidfile_created = false;

static void
pidfile_write(void)
{
	char		buf[8 * 1024 + 16];
	int			n = 0;

	for (int i = 0; i < 8; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t) n, "%s\n", pid_lines[i]);
	int			fd = fo_open(pidfile_path, O_WRONLY | O_TRUNC, 0600);

	if (fd < 0)
	{
		ereport(LOG, errcode_for_file_access(),
				errmsg("could not open file \"%s\": %m", pidfile_path));
		return;
	}
	if (fo_write_full(fd, buf, (size_t) n, 0) != 0)
		ereport(LOG, errcode_for_file_access(),
				errmsg("could not write lock file \"%s\": %m", pidfile_path));
	close(fd);
}

/*
 * Does pid name a live process?  A zombie (killed, not yet reaped by its
 * new parent) is dead: it can hold no file and no shared memory.
 */
bool
pidfile_process_is_running(pid_t pid)
{
	char		path[64];
	char		buf[512];
	FILE	   *f;

	if (kill(pid, 0) != 0 && errno == ESRCH)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
	f = fopen(path, "r");
	if (f == NULL)
		return true;			/* no /proc: trust kill() */
	size_t		n = fread(buf, 1, sizeof(buf) - 1, f);

	fclose(f);
	buf[n] = '\0';

	const char *end = strrchr(buf, ')');

	return !(end != NULL && end[1] == ' ' && end[2] == 'Z');
}

pid_t
pidfile_read_pid(const char *datadir)
{
	char		path[1024];
	FILE	   *f;
	long		pid = 0;

	snprintf(path, sizeof(path), "%s/postmaster.pid", datadir);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	return (pid_t) pid;
}

void
pidfile_create(const char *datadir)
{
	snprintf(pidfile_path, sizeof(pidfile_path), "%s/postmaster.pid", datadir);
	for (int attempt = 0; attempt < 100; attempt++)
	{
		int			fd = fo_open(pidfile_path, O_RDWR | O_CREAT | O_EXCL, 0600);

		if (fd >= 0)
		{
			close(fd);
			break;
		}
		if (errno != EEXIST)
			ereport(FATAL, errcode_for_file_access(),
					errmsg("could not create lock file \"%s\": %m", pidfile_path));
		pid_t		other = pidfile_read_pid(datadir);

		if (other > 0 && other != getpid() && other != getppid() && pidfile_process_is_running(other))
			ereport(FATAL, errcode(ERRCODE_OBJECT_IN_USE),
					errmsg("lock file \"postmaster.pid\" already exists"),
					errhint("Is another postmaster (PID %d) running in data directory \"%s\"?",
							(int) other, datadir));
		/* Stale: its postmaster is gone.  Remove and retry. */
		if (fo_unlink(pidfile_path) != 0 && errno != ENOENT)
			ereport(FATAL, errcode_for_file_access(),
					errmsg("could not remove old lock file \"%s\": %m", pidfile_path));
	}
	snprintf(pid_lines[0], sizeof(pid_lines[0]), "%d", (int) getpid());
	snprintf(pid_lines[1], sizeof(pid_lines[1]), "%s", datadir);
	snprintf(pid_lines[2], sizeof(pid_lines[2]), "%ld", (long) time(NULL));
	snprintf(pid_lines[6], sizeof(pid_lines[6]), "%9lu %9lu", 0UL, 0UL);
	snprintf(pid_lines[7], sizeof(pid_lines[7]), "%s", PM_STATUS_STARTING);
	pidfile_created = true;
	pidfile_write();
}

static int	datadir_lock_fd = -1;

void
pidfile_close_lock_in_child(void)
{
	if (datadir_lock_fd >= 0)
		close(datadir_lock_fd);
	datadir_lock_fd = -1;
}

void
pidfile_lock_data_directory(const char *datadir)
{
	/* Deliberately without O_CLOEXEC and never closed: children inherit it. */
	int			fd = open(datadir, O_RDONLY | O_DIRECTORY);

	datadir_lock_fd = fd;

	if (fd < 0)
		ereport(FATAL, errcode_for_file_access(),
				errmsg("could not open directory \"%s\": %m", datadir));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0)
	{
		if (errno == EWOULDBLOCK)
			ereport(FATAL, errcode(ERRCODE_OBJECT_IN_USE),
					errmsg("pre-existing shared memory block is still in use"),
					errdetail("Processes of a previous server on data directory \"%s\" are still running.",
							  datadir),
					errhint("Terminate any old server processes associated with data directory \"%s\".",
							datadir));
		ereport(FATAL, errcode_for_file_access(),
				errmsg("could not lock data directory \"%s\": %m", datadir));
	}
}

void
pidfile_set_details(int port, const char *socket_dir, const char *listen_addr)
{
	snprintf(pid_lines[3], sizeof(pid_lines[3]), "%d", port);
	snprintf(pid_lines[4], sizeof(pid_lines[4]), "%s", socket_dir ? socket_dir : "");
	snprintf(pid_lines[5], sizeof(pid_lines[5]), "%s", listen_addr ? listen_addr : "");
	pidfile_write();
}

void
pidfile_set_status(const char *status)
{
	snprintf(pid_lines[7], sizeof(pid_lines[7]), "%s", status);
	pidfile_write();
}

void
pidfile_set_shmem_generation(uint64_t generation)
{
	snprintf(pid_lines[6], sizeof(pid_lines[6]), "%9llu %9d",
			 (unsigned long long) generation, (int) getpid());
	pidfile_write();
}

void
pidfile_remove(void)
{
	if (pidfile_created)
	{
		fo_unlink(pidfile_path);
		pidfile_created = false;
	}
}
