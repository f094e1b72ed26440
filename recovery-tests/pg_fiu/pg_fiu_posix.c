/*-------------------------------------------------------------------------
 * pg_fiu_posix.c
 *	  A preload library that does what `fiu-run -x` sets up (libfiu, its
 *	  remote control, its POSIX wrappers) in a way PostgreSQL 15 survives.
 *
 * Why fiu-run's own preload cannot be used as it is, both checked on
 * Debian 12 with libfiu 1.1 and PostgreSQL 15.18:
 *	1. fiu_posix_preload.so exports its internal hash table functions,
 *	   hash_create among them.  The postgres executable exports its own
 *	   hash_create (dynahash) for extensions, and the executable comes
 *	   first in the dynamic linker's global lookup, so the preload's
 *	   internal calls land in PostgreSQL's function: the postmaster dies of
 *	   SIGSEGV before it writes a log line (backtrace: strlen <- hash_create
 *	   <- the preload's fclose wrapper <- OpenSSL's config loader <-
 *	   PostmasterMain).  Loaded with RTLD_DEEPBIND it resolves its own
 *	   symbols first and works.
 *	2. fiu_run_preload.so starts libfiu's remote-control thread in its
 *	   constructor with no signal blocked.  PostgreSQL 15's postmaster does
 *	   its work in signal handlers and serializes them by blocking signals
 *	   in its one thread; the extra thread then takes a SIGCHLD while a
 *	   handler runs, two handlers run at once, and a crash reset runs twice
 *	   ("all server processes terminated; reinitializing" twice, then
 *	   "PANIC: too many semaphores created" or a hang): 2 of 240 reference
 *	   runs.  /proc/PID/task/TID/status showed SigBlk 0 for that thread.
 *
 * What it does, at load time (a constructor, so never inside a signal
 * handler):
 *	- dlopen()s libfiu (libfiu.so.0), calls fiu_init, and, if
 *	  FIU_CTRL_FIFO is set (fiu-run's variable), fiu_rc_fifo with every
 *	  signal blocked, so the remote-control thread starts with all of them
 *	  blocked; libfiu re-creates the fifos and the thread in each forked
 *	  child (its pthread_atfork handler), and handlers registered here
 *	  around libfiu's block every signal for that moment too;
 *	- dlopen()s fiu_posix_preload.so with RTLD_NOW | RTLD_LOCAL |
 *	  RTLD_DEEPBIND and looks up its wrappers of the functions below; each
 *	  of ours calls the wrapper, which asks libfiu whether its point (e.g.
 *	  "posix/io/sync/fsync") fails and either fails with the errno libfiu
 *	  was given (failinfo) or calls the real function.
 * The wrappers, the point names, the errno rules and the remote-control
 * protocol are libfiu's, unchanged, so fiu-ctrl arms them as usual.
 *
 * Forwarded (PostgreSQL 15's durability path): fsync, fdatasync, write,
 * pwrite, pwritev, sync_file_range.  Every other call goes straight to
 * libc, so no other libfiu point can fire.
 *
 * Usage (pg_faults.c does this for the postgres target):
 *	LD_PRELOAD=/path/libhx_fiu_posix.so FIU_CTRL_FIFO=<dir>/fiu pg_ctl start
 *	fiu-ctrl -f <dir>/fiu -c 'enable name=posix/io/sync/fsync,failinfo=5' PID
 * $HX_FIU_POSIX_PRELOAD overrides the POSIX wrappers' path.
 *
 * Built without sanitizers or coverage (recovery-tests/CMakeLists.txt):
 * it is loaded into PostgreSQL, which has no such runtime.
 *-------------------------------------------------------------------------
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define DEFAULT_POSIX_PRELOAD "/usr/lib/fiu/fiu_posix_preload.so"
#define LIBFIU "libfiu.so.0"

typedef int (*fsync_fn) (int);
typedef ssize_t (*write_fn) (int, const void *, size_t);
typedef ssize_t (*pwrite_fn) (int, const void *, size_t, off_t);
typedef ssize_t (*pwritev_fn) (int, const struct iovec *, int, off_t);
typedef int (*sfr_fn) (int, off_t, off_t, unsigned int);

/* libfiu's wrappers, or libc's functions if the library could not load. */
static fsync_fn fiu_fsync;
static fsync_fn fiu_fdatasync;
static write_fn fiu_write;
static pwrite_fn fiu_pwrite;
static pwritev_fn fiu_pwritev;
static sfr_fn fiu_sync_file_range;

/* Write a message to stderr without stdio (we may be early in start-up). */
static void
say(const char *a, const char *b)
{
	ssize_t		(*real_write) (int, const void *, size_t) = (write_fn) dlsym(RTLD_NEXT, "write");

	if (real_write == NULL)
		return;
	(void) real_write(2, "hx_fiu_posix: ", 14);
	(void) real_write(2, a, strlen(a));
	(void) real_write(2, b, strlen(b));
	(void) real_write(2, "\n", 1);
}

static void *
lookup(void *lib, const char *name)
{
	void	   *f = lib ? dlsym(lib, name) : NULL;

	if (f == NULL)
		f = dlsym(RTLD_NEXT, name);
	if (f == NULL)
	{
		say("no such function: ", name);
		abort();
	}
	return f;
}

/*
 * Every signal blocked in the thread that forks, from just before fork()
 * until libfiu's child handler has started the remote-control thread, so
 * that thread inherits a full mask.  block_for_fork is registered before
 * libfiu's handler (prepare handlers run in reverse order of registration,
 * child handlers in order), restore_after_fork after it.
 */
static sigset_t mask_before_fork;

static void
block_for_fork(void)
{
	sigset_t	all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &mask_before_fork);
}

static void
restore_after_fork(void)
{
	pthread_sigmask(SIG_SETMASK, &mask_before_fork, NULL);
}

/* libfiu and its remote control; a failure is said on stderr (the server log). */
static void
start_remote_control(void)
{
	const char *fifo = getenv("FIU_CTRL_FIFO");
	void	   *lib = dlopen(LIBFIU, RTLD_NOW | RTLD_GLOBAL);
	int			(*fiu_init_fn) (unsigned int);
	int			(*fiu_rc_fifo_fn) (const char *);
	sigset_t	all,
				old;

	if (lib == NULL)
	{
		const char *why = dlerror();

		say("cannot load libfiu, no fault can fire: ", why ? why : LIBFIU);
		return;
	}
	fiu_init_fn = (int (*) (unsigned int)) dlsym(lib, "fiu_init");
	fiu_rc_fifo_fn = (int (*) (const char *)) dlsym(lib, "fiu_rc_fifo");
	if (fiu_init_fn == NULL || fiu_rc_fifo_fn == NULL)
	{
		say("libfiu lacks fiu_init or fiu_rc_fifo: ", LIBFIU);
		return;
	}
	fiu_init_fn(0);
	if (fifo == NULL || fifo[0] == '\0')
		return;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_atfork(block_for_fork, NULL, NULL);
	if (fiu_rc_fifo_fn(fifo) != 0)
		say("cannot open libfiu's remote-control fifos: ", fifo);
	pthread_atfork(NULL, restore_after_fork, restore_after_fork);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void __attribute__((constructor))
load_fiu_posix(void)
{
	static bool loaded = false;
	const char *path = getenv("HX_FIU_POSIX_PRELOAD");
	void	   *lib;

	if (loaded)
		return;
	loaded = true;
	/* libc's, until libfiu's wrappers are there (a call while loading) */
	fiu_fsync = (fsync_fn) lookup(NULL, "fsync");
	fiu_fdatasync = (fsync_fn) lookup(NULL, "fdatasync");
	fiu_write = (write_fn) lookup(NULL, "write");
	fiu_pwrite = (pwrite_fn) lookup(NULL, "pwrite");
	fiu_pwritev = (pwritev_fn) lookup(NULL, "pwritev");
	fiu_sync_file_range = (sfr_fn) lookup(NULL, "sync_file_range");
	start_remote_control();
	if (path == NULL || path[0] == '\0')
		path = DEFAULT_POSIX_PRELOAD;
	lib = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (lib == NULL)
	{
		const char *why = dlerror();

		say("cannot load libfiu's POSIX wrappers, no fault can fire: ", why ? why : path);
	}
	fiu_fsync = (fsync_fn) lookup(lib, "fsync");
	fiu_fdatasync = (fsync_fn) lookup(lib, "fdatasync");
	fiu_write = (write_fn) lookup(lib, "write");
	fiu_pwrite = (pwrite_fn) lookup(lib, "pwrite");
	fiu_pwritev = (pwritev_fn) lookup(lib, "pwritev");
	fiu_sync_file_range = (sfr_fn) lookup(lib, "sync_file_range");
}

/*
 * The forwarders.  Each is exported under libc's name, so the dynamic
 * linker binds PostgreSQL's calls here (preloads come before libc).  A
 * call made before our constructor ran (another library's constructor)
 * loads everything first; one made while it runs goes to libc.
 */
int			fsync(int fd);
int			fdatasync(int fd);
ssize_t		write(int fd, const void *buf, size_t count);
ssize_t		pwrite(int fd, const void *buf, size_t count, off_t offset);
ssize_t		pwritev(int fd, const struct iovec *iov, int iovcnt, off_t offset);
int			sync_file_range(int fd, off_t offset, off_t nbytes, unsigned int flags);

int
fsync(int fd)
{
	if (fiu_fsync == NULL)
		load_fiu_posix();
	return fiu_fsync(fd);
}

int
fdatasync(int fd)
{
	if (fiu_fdatasync == NULL)
		load_fiu_posix();
	return fiu_fdatasync(fd);
}

ssize_t
write(int fd, const void *buf, size_t count)
{
	if (fiu_write == NULL)
		load_fiu_posix();
	return fiu_write(fd, buf, count);
}

ssize_t
pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	if (fiu_pwrite == NULL)
		load_fiu_posix();
	return fiu_pwrite(fd, buf, count, offset);
}

ssize_t
pwritev(int fd, const struct iovec *iov, int iovcnt, off_t offset)
{
	if (fiu_pwritev == NULL)
		load_fiu_posix();
	return fiu_pwritev(fd, iov, iovcnt, offset);
}

int
sync_file_range(int fd, off_t offset, off_t nbytes, unsigned int flags)
{
	if (fiu_sync_file_range == NULL)
		load_fiu_posix();
	return fiu_sync_file_range(fd, offset, nbytes, flags);
}
