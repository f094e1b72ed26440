/*-------------------------------------------------------------------------
 * hx_util.c
 *	  Private helpers of the harness library (see hx_util.h), and the
 *	  per-thread error buffer behind hx_last_error (hx_cluster.h).
 *
 * hx_run's child only calls async-signal-safe functions between fork and
 * exec (everything it needs, the environment included, is built before
 * the fork), so the harness may fork from a multi-threaded program.
 *-------------------------------------------------------------------------
 */
#include "lib/hx_util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/hx_cluster.h"

extern char **environ;

static _Thread_local char hx_error_buf[2048];

const char *
hx_last_error(void)
{
	return hx_error_buf;
}

void
hx_set_error(const char *fmt, ...)
{
	char		tmp[sizeof(hx_error_buf)];
	va_list		ap;

	/* Format into a copy: callers may pass hx_last_error() as an argument. */
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	memcpy(hx_error_buf, tmp, sizeof(tmp));
}

int64_t
hx_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double
hx_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

void
hx_sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long) (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int
hx_remaining_ms(int64_t deadline_ms)
{
	int64_t		left = deadline_ms - hx_now_ms();

	if (left < 0)
		return 0;
	return left > INT32_MAX ? INT32_MAX : (int) left;
}

static void
out_of_memory(size_t n)
{
	fprintf(stderr, "hx: out of memory (requested %zu bytes)\n", n);
	abort();
}

void *
hx_xmalloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
		out_of_memory(n);
	return p;
}

void *
hx_xcalloc(size_t n, size_t size)
{
	void	   *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory(n * size);
	return p;
}

char *
hx_xstrdup(const char *s)
{
	char	   *p = strdup(s);

	if (p == NULL)
		out_of_memory(strlen(s) + 1);
	return p;
}

char *
hx_read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	size_t		used = 0,
				cap = 0,
				n;
	int			save;

	if (f == NULL)
	{
		save = errno;
		hx_set_error("could not open \"%s\": %s", path, strerror(save));
		errno = save;
		return NULL;
	}
	for (;;)
	{
		if (cap - used < 65536)
		{
			cap = cap ? cap * 2 : 131072;
			buf = realloc(buf, cap);
			if (buf == NULL)
				out_of_memory(cap);
		}
		n = fread(buf + used, 1, cap - used - 1, f);
		if (n == 0)
			break;
		used += n;
	}
	buf[used] = '\0';
	if (ferror(f))
	{
		save = errno;
		hx_set_error("could not read \"%s\": %s", path, strerror(save));
		fclose(f);
		free(buf);
		errno = save;
		return NULL;
	}
	fclose(f);
	if (len != NULL)
		*len = used;
	return buf;
}

bool
hx_postgres_ids(uid_t *uid, gid_t *gid)
{
	if (geteuid() != 0)
		return false;

	struct passwd pw;
	struct passwd *found = NULL;
	char		buf[4096];

	if (getpwnam_r("postgres", &pw, buf, sizeof(buf), &found) != 0 || found == NULL)
		return false;
	*uid = pw.pw_uid;
	*gid = pw.pw_gid;
	return true;
}

/* Do environment entries a and b ("NAME=...") set the same name? */
static bool
same_env_name(const char *a, const char *b)
{
	size_t		n = strcspn(a, "=");

	return strncmp(a, b, n) == 0 && b[n] == '=' && a[n] == '=';
}

/* Inherited variables that would make a run depend on the caller's shell. */
static bool
scrubbed(const char *entry)
{
	return strncmp(entry, "MINIPG_FAULT", 12) == 0 || strncmp(entry, "MINIPG_FIU", 10) == 0;
}

/*
 * The child's environment: environ (less scrubbed names), then the
 * layers in order, a later entry replacing an earlier one of the same
 * name.  The strings are shared; free only the array.
 */
static char **
build_envp(const char *const *layers[], int nlayers)
{
	size_t		n = 0;

	for (size_t i = 0; environ[i]; i++)
		n++;
	for (int l = 0; l < nlayers; l++)
		for (const char *const *e = layers[l]; e && *e; e++)
			n++;

	const char **all = hx_xcalloc(n + 1, sizeof(char *));
	char	  **envp = hx_xcalloc(n + 1, sizeof(char *));
	size_t		k = 0;

	for (size_t i = 0; environ[i]; i++)
		if (!scrubbed(environ[i]))
			all[k++] = environ[i];
	for (int l = 0; l < nlayers; l++)
		for (const char *const *e = layers[l]; e && *e; e++)
			if (strchr(*e, '=') != NULL)
				all[k++] = *e;

	size_t		m = 0;

	for (size_t i = 0; i < k; i++)
	{
		bool		replaced = false;

		for (size_t j = i + 1; j < k && !replaced; j++)
			replaced = same_env_name(all[i], all[j]);
		if (!replaced)
			envp[m++] = (char *) all[i];
	}
	envp[m] = NULL;
	free(all);
	return envp;
}

static __attribute__((noreturn)) void
child_fail(int fd, const char *what, const char *arg)
{
	/* Only async-signal-safe calls here: we are between fork and exec. */
	char		num[16];
	int			e = errno;
	int			i = (int) sizeof(num);

	do
	{
		num[--i] = (char) ('0' + e % 10);
		e /= 10;
	} while (e > 0 && i > 0);
	if (write(fd, "hx: ", 4) < 0 || write(fd, what, strlen(what)) < 0 ||
		write(fd, " ", 1) < 0 || write(fd, arg, strlen(arg)) < 0 ||
		write(fd, ": errno ", 8) < 0 || write(fd, num + i, sizeof(num) - (size_t) i) < 0 ||
		write(fd, "\n", 1) < 0)
		_exit(127);
	_exit(127);
}

int
hx_run(const HxRunSpec *spec, char *out, size_t outlen)
{
	int			pipefd[2];
	uid_t		pg_uid = 0;
	gid_t		pg_gid = 0;
	bool		drop = spec->as_postgres && hx_postgres_ids(&pg_uid, &pg_gid);
	const char *const pg_env[] = {"HOME=/var/lib/postgresql", "USER=postgres",
	"LOGNAME=postgres", NULL};
	size_t		used = 0;

	if (out != NULL && outlen > 0)
		out[0] = '\0';
	if (pipe2(pipefd, O_CLOEXEC) != 0)
	{
		hx_set_error("could not create pipe: %s", strerror(errno));
		return HX_RUN_FAILED;
	}

	static const char *const base_env[] = {"LC_ALL=C", NULL};
	const char *const *layers[] = {base_env, drop ? pg_env : NULL, spec->env};
	char	  **envp = build_envp(layers, 3);
	int64_t		deadline = hx_now_ms() + (spec->timeout_ms > 0 ? spec->timeout_ms : 60000);
	pid_t		pid = fork();

	if (pid < 0)
	{
		hx_set_error("could not fork: %s", strerror(errno));
		free(envp);
		close(pipefd[0]);
		close(pipefd[1]);
		return HX_RUN_FAILED;
	}
	if (pid == 0)
	{
		int			devnull = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(pipefd[1], 1) < 0 ||
			dup2(pipefd[1], 2) < 0)
			_exit(127);
		if (spec->cwd && chdir(spec->cwd) != 0)
			child_fail(2, "could not change directory to", spec->cwd);
		if (drop && (setgroups(1, &pg_gid) != 0 || setgid(pg_gid) != 0 || setuid(pg_uid) != 0))
			child_fail(2, "could not become user", "postgres");
		execve(spec->argv[0], (char *const *) spec->argv, envp);
		child_fail(2, "could not execute", spec->argv[0]);
	}

	/* Parent: collect output until the child exits or the deadline. */
	close(pipefd[1]);
	free(envp);
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);

	bool		eof = false;
	int			status = 0;
	bool		exited = false;

	for (;;)
	{
		if (!eof)
		{
			struct pollfd pfd = {.fd = pipefd[0],.events = POLLIN};
			int			left = hx_remaining_ms(deadline);

			(void) poll(&pfd, 1, left < 20 ? left : 20);
		}
		else
			hx_sleep_ms(exited ? 0 : 5);
		/* Drain whatever is readable now. */
		while (!eof)
		{
			char		chunk[4096];
			ssize_t		n = read(pipefd[0], chunk, sizeof(chunk));

			if (n > 0)
			{
				if (out != NULL && outlen > 0 && used < outlen - 1)
				{
					size_t		take = (size_t) n;

					if (take > outlen - 1 - used)
						take = outlen - 1 - used;
					memcpy(out + used, chunk, take);
					used += take;
					out[used] = '\0';
				}
				continue;
			}
			if (n == 0)
				eof = true;
			else if (errno == EINTR)
				continue;
			break;				/* EAGAIN: nothing more for now */
		}
		if (exited)
			break;				/* one last drain done after the exit */
		pid_t		r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
		{
			exited = true;
			continue;			/* drain once more, then leave */
		}
		if (r < 0 && errno != EINTR)
		{
			hx_set_error("waitpid(%d) failed: %s", (int) pid, strerror(errno));
			close(pipefd[0]);
			return HX_RUN_FAILED;
		}
		if (hx_now_ms() >= deadline)
		{
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			close(pipefd[0]);
			hx_set_error("%s timed out after %d ms", spec->argv[0], spec->timeout_ms);
			return HX_RUN_TIMEOUT;
		}
	}
	close(pipefd[0]);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void) st;
	(void) ftw;
	if (flag == FTW_DP)
		return rmdir(path) == 0 || errno == ENOENT ? 0 : -1;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

bool
hx_remove_tree(const char *path)
{
	if (nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
	{
		hx_set_error("could not remove \"%s\": %s", path, strerror(errno));
		return false;
	}
	return true;
}
