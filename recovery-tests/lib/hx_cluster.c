/*-------------------------------------------------------------------------
 * hx_cluster.c
 *	  One cluster under test: template cache, lifecycle, processes from
 *	  /proc, pg_control, the server log (see hx_cluster.h).
 *
 * The library never trusts a cached "is running" flag: postmaster_pid is
 * refreshed from postmaster.pid and /proc by every call that looks at
 * processes, because the scenario kills them behind our back.
 *
 * Sections: names and title parsing (pure), LSN and pg_control parsing
 * (pure), /proc, the template cache and creation, start/stop, processes
 * and signals, files (pg_control, postmaster.pid, log), destroy.
 *
 * See also: hx_util.c (hx_run: every external tool runs through it),
 * engine/postmaster/pidfile.h (the postmaster.pid lines minipg writes),
 * engine/utils/ps_status.c (minipg's process titles).
 *-------------------------------------------------------------------------
 */
#include "lib/hx_cluster.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/hx_session.h"
#include "lib/hx_util.h"

#define DEFAULT_TIMEOUT_MS	60000
#define TOOL_OUTPUT_LEN		16384
#define SOCKET_PATH_MAX		107	/* sizeof(sun_path) - 1 */

/* ----------------------------------------------------------------
 * Names and process titles
 * ----------------------------------------------------------------
 */

static const char *const role_names[HX_NUM_ROLES] = {
	[HX_ROLE_POSTMASTER] = "postmaster",
	[HX_ROLE_BACKEND] = "backend",
	[HX_ROLE_STARTUP] = "startup",
	[HX_ROLE_CHECKPOINTER] = "checkpointer",
	[HX_ROLE_BGWRITER] = "bgwriter",
	[HX_ROLE_WALWRITER] = "walwriter",
	[HX_ROLE_AUTOVACUUM_LAUNCHER] = "autovacuum_launcher",
	[HX_ROLE_AUTOVACUUM_WORKER] = "autovacuum_worker",
	[HX_ROLE_STATS] = "stats",
	[HX_ROLE_ARCHIVER] = "archiver",
	[HX_ROLE_LOGGER] = "logger",
	[HX_ROLE_OTHER] = "other",
};

const char *
hx_target_name(HxTarget target)
{
	return target == HX_TARGET_POSTGRES ? "postgres" : "minipg";
}

const char *
hx_role_name(HxRole role)
{
	if ((int) role < 0 || role >= HX_NUM_ROLES)
		return "invalid";
	return role_names[role];
}

HxRole
hx_role_from_name(const char *name)
{
	for (int r = 0; r < HX_NUM_ROLES; r++)
		if (strcmp(role_names[r], name) == 0)
			return (HxRole) r;
	return HX_NUM_ROLES;
}

/* What an auxiliary process calls itself after "minipg: " / "postgres: ". */
static const struct
{
	const char *title;
	HxRole		role;
}			aux_titles[] = {
	{"checkpointer", HX_ROLE_CHECKPOINTER},
	{"background writer", HX_ROLE_BGWRITER},
	{"walwriter", HX_ROLE_WALWRITER},
	{"startup", HX_ROLE_STARTUP},
	{"autovacuum launcher", HX_ROLE_AUTOVACUUM_LAUNCHER},
	{"autovacuum worker", HX_ROLE_AUTOVACUUM_WORKER},
	{"stats collector", HX_ROLE_STATS},
	{"archiver", HX_ROLE_ARCHIVER},
	{"logger", HX_ROLE_LOGGER},
	{"new connection", HX_ROLE_BACKEND},	/* minipg, before authentication */
	{"postmaster", HX_ROLE_POSTMASTER},
};

/* Does s start with word(s) w, followed by the end or a blank? */
static bool
starts_with_words(const char *s, const char *w)
{
	size_t		n = strlen(w);

	return strncmp(s, w, n) == 0 && (s[n] == '\0' || s[n] == ' ');
}

/* A backend's "USER DB HOST ...": HOST is "[local]" or "ADDR(PORT)". */
static bool
is_backend_title(const char *s)
{
	const char *p = s;

	for (int word = 0; word < 2; word++)
	{
		size_t		n = strcspn(p, " ");

		if (n == 0 || p[n] != ' ')
			return false;
		p += n + 1;
	}

	size_t		hostlen = strcspn(p, " ");

	if (hostlen == 7 && strncmp(p, "[local]", 7) == 0)
		return true;
	return hostlen >= 4 && p[hostlen - 1] == ')' && memchr(p, '(', hostlen) != NULL &&
		isdigit((unsigned char) p[hostlen - 2]);
}

static HxRole
classify_title_body(const char *s)
{
	/* "walsender USER HOST ..." would pass for a backend's title. */
	if (starts_with_words(s, "walsender"))
		return HX_ROLE_OTHER;
	if (is_backend_title(s))
		return HX_ROLE_BACKEND;
	for (size_t i = 0; i < sizeof(aux_titles) / sizeof(aux_titles[0]); i++)
		if (starts_with_words(s, aux_titles[i].title))
			return aux_titles[i].role;
	return HX_ROLE_OTHER;
}

HxRole
hx_role_from_title(const char *title)
{
	static const char *const prefixes[] = {"minipg: ", "postgres: "};

	while (*title == ' ')
		title++;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
	{
		size_t		n = strlen(prefixes[i]);

		if (strncmp(title, prefixes[i], n) != 0)
			continue;

		const char *body = title + n;
		HxRole		role = classify_title_body(body);

		if (role != HX_ROLE_OTHER)
			return role;
		/* "CLUSTER_NAME: what" (cluster_name set). */
		const char *colon = strstr(body, ": ");

		return colon ? classify_title_body(colon + 2) : HX_ROLE_OTHER;
	}

	/* An untitled command line: the postmaster's, "/path/postgres -D ...". */
	size_t		proglen = strcspn(title, " ");
	const char *base = title;

	for (size_t i = 0; i < proglen; i++)
		if (title[i] == '/')
			base = title + i + 1;
	proglen -= (size_t) (base - title);
	if ((proglen == 6 && strncmp(base, "minipg", 6) == 0) ||
		(proglen == 8 && strncmp(base, "postgres", 8) == 0) ||
		(proglen == 10 && strncmp(base, "postmaster", 10) == 0))
		return HX_ROLE_POSTMASTER;
	return HX_ROLE_OTHER;
}

/* ----------------------------------------------------------------
 * LSNs and pg_control text
 * ----------------------------------------------------------------
 */

/* Parse 1..8 hex digits at *p; advance it. */
static bool
parse_hex32(const char **p, uint32_t *out)
{
	uint32_t	v = 0;
	int			n = 0;

	while (isxdigit((unsigned char) **p))
	{
		if (++n > 8)
			return false;
		char		ch = (char) tolower((unsigned char) **p);

		v = v * 16 + (uint32_t) (isdigit((unsigned char) ch) ? ch - '0' : ch - 'a' + 10);
		(*p)++;
	}
	*out = v;
	return n > 0;
}

bool
hx_lsn_parse_prefix(const char *text, uint64_t *out, const char **end)
{
	const char *p = text;
	uint32_t	hi;
	uint32_t	lo;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!parse_hex32(&p, &hi) || *p++ != '/' || !parse_hex32(&p, &lo))
		return false;
	*out = ((uint64_t) hi << 32) | lo;
	if (end != NULL)
		*end = p;
	return true;
}

bool
hx_lsn_parse(const char *text, uint64_t *out)
{
	const char *p;
	uint64_t	v;

	if (!hx_lsn_parse_prefix(text, &v, &p))
		return false;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p != '\0')
		return false;
	*out = v;
	return true;
}

void
hx_lsn_format(uint64_t lsn, char *buf, size_t len)
{
	snprintf(buf, len, "%X/%X", (unsigned) (lsn >> 32), (unsigned) lsn);
}

/* Decimal uint64 (all of s); false on anything else. */
static bool
parse_u64(const char *s, uint64_t *out)
{
	char	   *end;

	if (!isdigit((unsigned char) *s))
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);

	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

/* NextXID: "EPOCH:XID" (PostgreSQL >= 12, minipg), "EPOCH/XID", or "XID". */
static bool
parse_next_xid(const char *s, uint64_t *out)
{
	char		buf[64];
	uint64_t	epoch;
	uint64_t	xid;

	snprintf(buf, sizeof(buf), "%s", s);
	char	   *sep = strpbrk(buf, ":/");

	if (sep == NULL)
		return parse_u64(buf, out);
	*sep = '\0';
	if (!parse_u64(buf, &epoch) || !parse_u64(sep + 1, &xid) ||
		epoch > UINT32_MAX || xid > UINT32_MAX)
		return false;
	*out = (epoch << 32) | xid;
	return true;
}

HxStatus
hx_controldata_parse(const char *text, HxControlData *out)
{
	enum
	{
		F_STATE, F_CHECKPOINT, F_REDO, F_TLI, F_XID, NFIELDS
	};
	static const char *const labels[NFIELDS] = {
		"Database cluster state",
		"Latest checkpoint location",
		"Latest checkpoint's REDO location",
		"Latest checkpoint's TimeLineID",
		"Latest checkpoint's NextXID",
	};
	bool		seen[NFIELDS] = {false};
	const char *line = text;

	memset(out, 0, sizeof(*out));
	while (line && *line)
	{
		const char *eol = strchr(line, '\n');
		size_t		len = eol ? (size_t) (eol - line) : strlen(line);
		char		buf[512];

		snprintf(buf, sizeof(buf), "%.*s", (int) (len < sizeof(buf) ? len : sizeof(buf) - 1), line);
		line = eol ? eol + 1 : NULL;

		char	   *colon = strchr(buf, ':');

		if (colon == NULL)
			continue;
		*colon = '\0';

		char	   *value = colon + 1;
		size_t		vlen;

		while (*value == ' ' || *value == '\t')
			value++;
		vlen = strlen(value);
		while (vlen > 0 && isspace((unsigned char) value[vlen - 1]))
			value[--vlen] = '\0';

		for (int f = 0; f < NFIELDS; f++)
		{
			if (strcmp(buf, labels[f]) != 0)
				continue;

			bool		ok = true;
			uint64_t	v = 0;

			switch (f)
			{
				case F_STATE:
					snprintf(out->state, sizeof(out->state), "%s", value);
					ok = vlen > 0;
					break;
				case F_CHECKPOINT:
					ok = hx_lsn_parse(value, &out->checkpoint_lsn);
					break;
				case F_REDO:
					ok = hx_lsn_parse(value, &out->redo_lsn);
					break;
				case F_TLI:
					ok = parse_u64(value, &v) && v <= UINT32_MAX;
					out->timeline = (uint32_t) v;
					break;
				case F_XID:
					ok = parse_next_xid(value, &out->next_xid);
					break;
			}
			if (!ok)
			{
				hx_set_error("controldata: cannot parse \"%s\" value \"%s\"", labels[f], value);
				return HX_ERROR;
			}
			seen[f] = true;
		}
	}
	for (int f = 0; f < NFIELDS; f++)
		if (!seen[f])
		{
			hx_set_error("controldata: no \"%s\" line in the output", labels[f]);
			return HX_ERROR;
		}
	return HX_OK;
}

/* ----------------------------------------------------------------
 * /proc
 * ----------------------------------------------------------------
 */

/* /proc/PID/stat: state letter and parent; false if the process is gone. */
static bool
read_proc_stat(pid_t pid, char *state, pid_t *ppid)
{
	char		path[64];
	char		buf[1024];
	int			fd;
	ssize_t		n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';

	/* "pid (comm) S ppid ...": comm may hold blanks and parentheses. */
	const char *end = strrchr(buf, ')');
	int			parent;

	if (end == NULL || sscanf(end + 1, " %c %d", state, &parent) != 2)
		return false;
	*ppid = (pid_t) parent;
	return true;
}

bool
hx_pid_alive(pid_t pid)
{
	char		state;
	pid_t		ppid;

	if (pid <= 0 || !read_proc_stat(pid, &state, &ppid))
		return false;
	return state != 'Z' && state != 'X' && state != 'x';
}

/*
 * Reap pid if it is a dead child of ours; anything else (a live child, a
 * process that is not our child) is left alone.  The postgres target makes
 * us a child subreaper (hx_cluster_start), so a killed postmaster and the
 * orphans it leaves are reparented to us, and their zombies must be reaped
 * here: PostgreSQL refuses to start while postmaster.pid names a zombie.
 */
static void
reap_if_child(pid_t pid)
{
	while (pid > 0 && waitpid(pid, NULL, WNOHANG) < 0 && errno == EINTR)
		;
}

/* /proc/PID/cmdline with NULs as blanks, trailing blanks cut. */
static void
read_title(pid_t pid, char *buf, size_t len)
{
	char		path[64];
	char		raw[4096];
	int			fd;
	ssize_t		n = 0;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int) pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, raw, sizeof(raw) - 1);
	close(fd);
	if (n <= 0)
		return;
	for (ssize_t i = 0; i < n; i++)
		if (raw[i] == '\0')
			raw[i] = ' ';
	while (n > 0 && raw[n - 1] == ' ')
		n--;
	raw[n] = '\0';
	snprintf(buf, len, "%s", raw);
}

/* Visit every numeric /proc entry; false if /proc cannot be read. */
typedef bool (*ProcVisitor) (pid_t pid, void *arg);

static bool
for_each_pid(ProcVisitor visit, void *arg)
{
	DIR		   *d = opendir("/proc");
	struct dirent *de;

	if (d == NULL)
	{
		hx_set_error("could not open /proc: %s", strerror(errno));
		return false;
	}
	while ((de = readdir(d)) != NULL)
	{
		char	   *end;
		long		pid = strtol(de->d_name, &end, 10);

		if (*end != '\0' || pid <= 0)
			continue;
		if (!visit((pid_t) pid, arg))
			break;
	}
	closedir(d);
	return true;
}

/* ----------------------------------------------------------------
 * Paths, tools and postmaster.pid
 * ----------------------------------------------------------------
 */

typedef enum HxTool
{
	TOOL_CTL,					/* minipg_ctl / pg_ctl */
	TOOL_INIT,					/* minipg_ctl (init) / initdb */
	TOOL_SERVER,				/* minipg / postgres */
	TOOL_CONTROLDATA,			/* minipg_controldata / pg_controldata */
} HxTool;

static void
tool_path(const HxClusterOptions *opt, HxTool tool, char *buf, size_t len)
{
	static const char *const minipg_tools[] = {"minipg_ctl", "minipg_ctl", "minipg", "minipg_controldata"};
	static const char *const pg_tools[] = {"pg_ctl", "initdb", "postgres", "pg_controldata"};
	const char *name = opt->target == HX_TARGET_POSTGRES ? pg_tools[tool] : minipg_tools[tool];

	snprintf(buf, len, "%s/%s", opt->bindir, name);
}

static bool
as_postgres(const HxCluster *c)
{
	return c->opt.target == HX_TARGET_POSTGRES;
}

static int
timeout_of(const HxCluster *c)
{
	return c->opt.timeout_ms > 0 ? c->opt.timeout_ms : DEFAULT_TIMEOUT_MS;
}

/*
 * The lines of postmaster.pid (lines[i] is line i + 1, newline cut); the
 * number read, 0 if there is no file.  Retries briefly when the file is
 * shorter than `want` lines: the postmaster rewrites it in place
 * (O_TRUNC, then write), so a reader can catch it empty.
 */
static int
read_pidfile(const HxCluster *c, char lines[][256], int max, int want)
{
	char		path[HX_PATH_LEN + 32];

	snprintf(path, sizeof(path), "%s/postmaster.pid", c->datadir);
	for (int attempt = 0; attempt < 50; attempt++)
	{
		FILE	   *f = fopen(path, "re");
		int			n = 0;

		if (f == NULL)
			return 0;
		while (n < max && fgets(lines[n], 256, f) != NULL)
		{
			lines[n][strcspn(lines[n], "\n")] = '\0';
			n++;
		}
		fclose(f);
		if (n >= want)
			return n;
		hx_sleep_ms(2);
	}
	return 0;
}

/* The postmaster named by postmaster.pid if it is alive, else 0. */
/*
 * Is pid a process working in this cluster's data directory?  Every server
 * process (minipg's and PostgreSQL's) runs with the data directory as its
 * working directory; any other process with that pid is someone else's.
 */
static bool
pid_in_datadir(HxCluster *c, pid_t pid)
{
	char		path[64];
	char		cwd[PATH_MAX + 16];
	char		datadir[PATH_MAX];
	ssize_t		len;

	snprintf(path, sizeof(path), "/proc/%d/cwd", (int) pid);
	len = readlink(path, cwd, sizeof(cwd) - 1);
	if (len <= 0)
		return false;
	cwd[len] = '\0';
	if (realpath(c->datadir, datadir) == NULL)
		snprintf(datadir, sizeof(datadir), "%s", c->datadir);
	return strcmp(cwd, datadir) == 0;
}

static pid_t
live_postmaster(HxCluster *c)
{
	char		lines[1][256];
	pid_t		pid = 0;

	if (read_pidfile(c, lines, 1, 1) == 1)
		pid = (pid_t) atol(lines[0]);
	/*
	 * postmaster.pid outlives a killed postmaster, and its pid may since
	 * belong to another process (another test's backend): never take it
	 * for ours, or kill_everything would SIGKILL a stranger.
	 */
	if (pid > 0 && (!hx_pid_alive(pid) || !pid_in_datadir(c, pid)))
		pid = 0;
	c->postmaster_pid = pid;
	return pid;
}

/* The last `max` bytes of the server log, for error messages. */
static void
log_tail(HxCluster *c, char *buf, size_t max)
{
	size_t		size = hx_cluster_log_size(c);
	char	   *text = hx_cluster_log_read(c, size > max - 1 ? size - (max - 1) : 0);

	snprintf(buf, max, "%s", text ? text : "");
	free(text);
}

/* Cut trailing newlines and blanks in place (tool output in messages). */
static char *
chomp(char *s)
{
	size_t		n = strlen(s);

	while (n > 0 && isspace((unsigned char) s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* ----------------------------------------------------------------
 * Template cache and creation
 * ----------------------------------------------------------------
 */

static uint64_t
fnv1a_update(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
	{
		h ^= p[i];
		h *= 0x100000001B3ULL;
	}
	return h;
}

static bool
mkdir_p(const char *path, mode_t mode)
{
	char		tmp[HX_PATH_LEN];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++)
	{
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, mode) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	if (mkdir(tmp, mode) != 0)
	{
		if (errno != EEXIST)
			return false;
	}
	else
		chmod(tmp, mode);		/* not narrowed by the umask */
	return true;
}

static bool
write_file(const char *path, const char *text, bool append)
{
	FILE	   *f = fopen(path, append ? "ae" : "we");

	if (f == NULL)
	{
		hx_set_error("could not open \"%s\": %s", path, strerror(errno));
		return false;
	}
	fputs(text, f);
	if (fclose(f) != 0)
	{
		hx_set_error("could not write \"%s\": %s", path, strerror(errno));
		return false;
	}
	return true;
}

/* The template's directory for these options: <root>/<target>-<key>. */
static bool
template_path(const HxClusterOptions *opt, char *root, size_t rootlen, char *dir, size_t dirlen)
{
	const char *env = getenv("HX_TEMPLATE_DIR");
	char		real_bindir[PATH_MAX];
	uint64_t	h = 0xCBF29CE484222325ULL;
	const char *target = hx_target_name(opt->target);

	snprintf(root, rootlen, "%s", env && env[0] ? env : "/tmp/hx-templates");
	if (realpath(opt->bindir, real_bindir) == NULL)
	{
		hx_set_error("binaries directory \"%s\": %s", opt->bindir, strerror(errno));
		return false;
	}
	h = fnv1a_update(h, target, strlen(target) + 1);
	h = fnv1a_update(h, real_bindir, strlen(real_bindir) + 1);
	for (HxTool t = TOOL_INIT; t <= TOOL_SERVER; t++)
	{
		char		path[HX_PATH_LEN + 64];
		struct stat st;

		tool_path(opt, t, path, sizeof(path));
		if (stat(path, &st) != 0)
		{
			hx_set_error("program \"%s\" not found: %s", path, strerror(errno));
			return false;
		}

		int64_t		id[3] = {(int64_t) st.st_size, (int64_t) st.st_mtim.tv_sec,
		(int64_t) st.st_mtim.tv_nsec};

		h = fnv1a_update(h, id, sizeof(id));
	}
	for (int i = 0; i < opt->n_settings; i++)
		h = fnv1a_update(h, opt->settings[i], strlen(opt->settings[i]) + 1);
	snprintf(dir, dirlen, "%s/%s-%016llx", root, target, (unsigned long long) h);
	return true;
}

/*
 * Remove templates unused for TEMPLATE_IDLE_SECS (each use touches its
 * directory) and build directories left by a crashed build, so that a
 * cache keyed by binary mtimes does not grow with every rebuild.  Runs
 * only when a new template was built, which is rare.
 */
#define TEMPLATE_IDLE_SECS		(3 * 24 * 3600)
#define TEMPLATE_BUILD_STALE_SECS	3600

static void
prune_templates(const char *root, const char *keep)
{
	DIR		   *d = opendir(root);
	struct dirent *de;
	time_t		now = time(NULL);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL)
	{
		char		path[HX_PATH_LEN + 300];
		struct stat st;
		bool		building = strncmp(de->d_name, ".build-", 7) == 0;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (!building && strncmp(de->d_name, "minipg-", 7) != 0 &&
			strncmp(de->d_name, "postgres-", 9) != 0)
			continue;			/* not ours */
		snprintf(path, sizeof(path), "%s/%s", root, de->d_name);
		if (strcmp(path, keep) == 0 || lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if (now - st.st_mtime > (building ? TEMPLATE_BUILD_STALE_SECS : TEMPLATE_IDLE_SECS))
			hx_remove_tree(path);
	}
	closedir(d);
}

/*
 * Make sure the template for c's options exists; its directory in `dir`.
 * Built in <root>/.build-<name>.XXXXXX and renamed into place.
 */
static HxStatus
ensure_template(HxCluster *c, char *dir, size_t dirlen)
{
	char		root[HX_PATH_LEN];
	char		probe[HX_PATH_LEN + 32];
	struct stat st;

	if (!template_path(&c->opt, root, sizeof(root), dir, dirlen))
		return HX_ERROR;
	snprintf(probe, sizeof(probe), "%s/data/PG_VERSION", dir);
	if (stat(probe, &st) == 0)
	{
		utimensat(AT_FDCWD, dir, NULL, 0);	/* in use: not idle (prune_templates) */
		return HX_OK;
	}
	if (!mkdir_p(root, 0755))
	{
		hx_set_error("could not create template directory \"%s\": %s", root, strerror(errno));
		return HX_ERROR;
	}

	char		build[HX_PATH_LEN + 64];
	const char *name = strrchr(dir, '/') + 1;

	snprintf(build, sizeof(build), "%s/.build-%s.XXXXXX", root, name);
	if (mkdtemp(build) == NULL)
	{
		hx_set_error("could not create \"%s\": %s", build, strerror(errno));
		return HX_ERROR;
	}
	uid_t		uid;
	gid_t		gid;

	if (as_postgres(c) && hx_postgres_ids(&uid, &gid) && chown(build, uid, gid) != 0)
	{
		hx_set_error("could not chown \"%s\" to postgres: %s", build, strerror(errno));
		hx_remove_tree(build);
		return HX_ERROR;
	}

	char		data[HX_PATH_LEN + 80];
	char		prog[HX_PATH_LEN + 64];
	char	   *out = hx_xmalloc(TOOL_OUTPUT_LEN);
	int			rc;

	snprintf(data, sizeof(data), "%s/data", build);
	tool_path(&c->opt, TOOL_INIT, prog, sizeof(prog));
	if (c->opt.target == HX_TARGET_POSTGRES)
	{
		const char *argv[] = {prog, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--locale=C", "--data-checksums", "--no-sync", "--no-instructions", NULL};
		HxRunSpec	spec = {.argv = argv,.cwd = build,.as_postgres = true,
		.timeout_ms = timeout_of(c)};

		rc = hx_run(&spec, out, TOOL_OUTPUT_LEN);
	}
	else
	{
		const char *argv[] = {prog, "init", "-D", data, "-U", "postgres", NULL};
		HxRunSpec	spec = {.argv = argv,.cwd = build,.timeout_ms = timeout_of(c)};

		rc = hx_run(&spec, out, TOOL_OUTPUT_LEN);
	}
	if (rc != 0)
	{
		if (rc != HX_RUN_FAILED && rc != HX_RUN_TIMEOUT)
			hx_set_error("%s failed (exit %d): %s", prog, rc, chomp(out));
		free(out);
		hx_remove_tree(build);
		return rc == HX_RUN_TIMEOUT ? HX_TIMEOUT : HX_ERROR;
	}
	free(out);

	/* What it was made from, for a person looking at the cache. */
	char		info[8192];
	char		info_path[HX_PATH_LEN + 80];
	int			n = snprintf(info, sizeof(info), "target: %s\nbindir: %s\nsettings:\n",
							 hx_target_name(c->opt.target), c->opt.bindir);

	for (int i = 0; i < c->opt.n_settings && n < (int) sizeof(info); i++)
		n += snprintf(info + n, sizeof(info) - (size_t) n, "  %s\n", c->opt.settings[i]);
	snprintf(info_path, sizeof(info_path), "%s/HX_TEMPLATE.txt", build);
	if (!write_file(info_path, info, false))
	{
		hx_remove_tree(build);
		return HX_ERROR;
	}
	chmod(build, 0755);
	if (rename(build, dir) != 0)
	{
		int			e = errno;

		hx_remove_tree(build);
		/* Lost a race with another harness process: use its template. */
		if ((e == EEXIST || e == ENOTEMPTY) && stat(probe, &st) == 0)
			return HX_OK;
		hx_set_error("could not rename \"%s\" to \"%s\": %s", build, dir, strerror(e));
		return HX_ERROR;
	}
	prune_templates(root, dir);
	return HX_OK;
}

static int
free_port(void)
{
	int			fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in addr = {.sin_family = AF_INET};
	socklen_t	len = sizeof(addr);
	int			port = -1;

	if (fd < 0)
		return -1;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (bind(fd, (struct sockaddr *) &addr, sizeof(addr)) == 0 &&
		getsockname(fd, (struct sockaddr *) &addr, &len) == 0)
		port = ntohs(addr.sin_port);
	close(fd);
	return port;
}

static const char *
cp_program(void)
{
	return access("/bin/cp", X_OK) == 0 ? "/bin/cp" : "/usr/bin/cp";
}

/* Append s to buf as a postgresql.conf string literal ('...', ' doubled). */
static void
conf_quote(char *buf, size_t len, const char *s)
{
	size_t		n = strlen(buf);

	if (n + 1 < len)
		buf[n++] = '\'';
	for (; *s && n + 3 < len; s++)
	{
		if (*s == '\'')
			buf[n++] = '\'';
		buf[n++] = *s;
	}
	if (n + 1 < len)
		buf[n++] = '\'';
	buf[n] = '\0';
}

HxStatus
hx_cluster_create(HxCluster *c, const HxClusterOptions *opt,
				  const char *parent, const char *prefix)
{
	char		tmpl[HX_PATH_LEN];
	char		real_parent[PATH_MAX];
	HxStatus	st;

	memset(c, 0, sizeof(*c));
	c->opt = *opt;
	if (c->opt.timeout_ms <= 0)
		c->opt.timeout_ms = DEFAULT_TIMEOUT_MS;
	if (opt->n_settings < 0 || opt->n_settings > HX_MAX_SETTINGS)
	{
		hx_set_error("n_settings %d out of range", opt->n_settings);
		return HX_ERROR;
	}
	if (parent == NULL)
		parent = getenv("TMPDIR") && getenv("TMPDIR")[0] ? getenv("TMPDIR") : "/tmp";
	if (realpath(parent, real_parent) == NULL)
	{
		hx_set_error("parent directory \"%s\": %s", parent, strerror(errno));
		return HX_ERROR;
	}

	st = ensure_template(c, tmpl, sizeof(tmpl));
	if (st != HX_OK)
		return st;

	char		workdir[HX_PATH_LEN];

	snprintf(workdir, sizeof(workdir), "%s/%s.XXXXXX", real_parent, prefix ? prefix : "hx");
	if (strlen(workdir) + strlen("/.s.PGSQL.65535") > SOCKET_PATH_MAX)
	{
		hx_set_error("work directory path \"%s\" too long for a Unix socket (max %d bytes)",
					 workdir, SOCKET_PATH_MAX - (int) strlen("/.s.PGSQL.65535"));
		return HX_ERROR;
	}
	if (mkdtemp(workdir) == NULL)
	{
		hx_set_error("could not create \"%s\": %s", workdir, strerror(errno));
		return HX_ERROR;
	}
	snprintf(c->workdir, sizeof(c->workdir), "%s", workdir);
	snprintf(c->datadir, sizeof(c->datadir), "%s/data", workdir);
	snprintf(c->logfile, sizeof(c->logfile), "%s/server.log", workdir);
	snprintf(c->sockdir, sizeof(c->sockdir), "%s", workdir);

	uid_t		uid;
	gid_t		gid;

	if (as_postgres(c) && hx_postgres_ids(&uid, &gid))
	{
		if (chown(workdir, uid, gid) != 0)
		{
			hx_set_error("could not chown \"%s\" to postgres: %s", workdir, strerror(errno));
			goto fail;
		}
		/* Say so now, rather than as a puzzling pg_ctl failure later. */
		const char *targv[] = {"/usr/bin/test", "-w", workdir, NULL};
		HxRunSpec	tspec = {.argv = targv,.as_postgres = true,.timeout_ms = timeout_of(c)};

		if (hx_run(&tspec, NULL, 0) != 0)
		{
			hx_set_error("the postgres user cannot write to \"%s\": every parent directory "
						 "must be searchable by it (chmod o+x)", workdir);
			goto fail;
		}
	}

	/* Copy the template (cp -a keeps modes and owners: byte-identical). */
	char		src[HX_PATH_LEN + 16];
	char	   *out = hx_xmalloc(TOOL_OUTPUT_LEN);

	snprintf(src, sizeof(src), "%s/data", tmpl);
	const char *argv[] = {cp_program(), "-a", src, c->datadir, NULL};
	HxRunSpec	spec = {.argv = argv,.timeout_ms = timeout_of(c)};
	int			rc = hx_run(&spec, out, TOOL_OUTPUT_LEN);

	if (rc != 0)
	{
		if (rc != HX_RUN_FAILED && rc != HX_RUN_TIMEOUT)
			hx_set_error("copying template \"%s\" failed (exit %d): %s", src, rc, chomp(out));
		free(out);
		st = rc == HX_RUN_TIMEOUT ? HX_TIMEOUT : HX_ERROR;
		goto fail_status;
	}
	free(out);

	c->port = free_port();
	if (c->port <= 0)
	{
		hx_set_error("could not find a free port: %s", strerror(errno));
		goto fail;
	}

	char		conf[HX_MAX_SETTINGS * 256 + HX_PATH_LEN * 2 + 256];
	char		conf_path[HX_PATH_LEN + 32];

	snprintf(conf, sizeof(conf),
			 "\n# recovery harness (hx_cluster_create)\nport = %d\nunix_socket_directories = ",
			 c->port);
	conf_quote(conf, sizeof(conf), c->sockdir);
	strncat(conf, "\nlisten_addresses = ''\n", sizeof(conf) - strlen(conf) - 1);
	for (int i = 0; i < opt->n_settings; i++)
	{
		strncat(conf, opt->settings[i], sizeof(conf) - strlen(conf) - 1);
		strncat(conf, "\n", sizeof(conf) - strlen(conf) - 1);
	}
	snprintf(conf_path, sizeof(conf_path), "%s/postgresql.conf", c->datadir);
	if (!write_file(conf_path, conf, true))
		goto fail;
	return HX_OK;

fail:
	st = HX_ERROR;
fail_status:
	{
		char		saved[1024];

		snprintf(saved, sizeof(saved), "%s", hx_last_error());
		hx_remove_tree(c->workdir);
		hx_set_error("%s", saved);
	}
	c->workdir[0] = '\0';
	return st;
}

/* ----------------------------------------------------------------
 * Start and stop
 * ----------------------------------------------------------------
 */

static const char *
stop_mode_name(HxStopMode mode)
{
	switch (mode)
	{
		case HX_STOP_SMART:
			return "smart";
		case HX_STOP_FAST:
			return "fast";
		case HX_STOP_IMMEDIATE:
			return "immediate";
	}
	return "fast";
}

/*
 * Before PostgreSQL starts.  First, make this process a child subreaper:
 * pg_ctl exits once the server is up, so the postmaster is reparented to
 * us and, once killed, reaped at once (reap_if_child) rather than when the
 * init process gets round to it (about 1 s on this project's machines).
 * Second, after a kill, wait until the postmaster that postmaster.pid
 * names is no zombie: PostgreSQL takes the lock file for a live server's
 * while kill(pid, 0) succeeds, which it does on a zombie ("lock file
 * \"postmaster.pid\" already exists ... Is another postmaster running").
 * A live process there is left for pg_ctl to report.
 */
static HxStatus
postgres_prepare_start(HxCluster *c, int timeout_ms)
{
	int64_t		deadline = hx_now_ms() + timeout_ms;
	char		lines[1][256];
	pid_t		old = 0;

	(void) prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	if (read_pidfile(c, lines, 1, 1) == 1)
		old = (pid_t) atol(lines[0]);
	for (;;)
	{
		char		state;
		pid_t		ppid;

		if (old <= 0 || !read_proc_stat(old, &state, &ppid) ||
			(state != 'Z' && state != 'X' && state != 'x'))
			return HX_OK;
		reap_if_child(old);
		if (hx_remaining_ms(deadline) == 0)
		{
			hx_set_error("the old postmaster (PID %d) named by postmaster.pid is still a zombie "
						 "after %d ms: PostgreSQL will not start before it is reaped",
						 (int) old, timeout_ms);
			return HX_TIMEOUT;
		}
		hx_sleep_ms(5);
	}
}

HxStatus
hx_cluster_start(HxCluster *c, const char *const *env)
{
	char		prog[HX_PATH_LEN + 64];
	char		secs[16];
	int			timeout_ms = timeout_of(c);
	char	   *out;

	if (c->opt.target == HX_TARGET_POSTGRES)
	{
		HxStatus	st = postgres_prepare_start(c, timeout_ms);

		if (st != HX_OK)
			return st;
	}
	out = hx_xmalloc(TOOL_OUTPUT_LEN);

	tool_path(&c->opt, TOOL_CTL, prog, sizeof(prog));
	snprintf(secs, sizeof(secs), "%d", (timeout_ms + 999) / 1000);

	const char *argv[] = {prog, "start", "-D", c->datadir, "-l", c->logfile, "-w", "-t", secs, NULL};
	HxRunSpec	spec = {.argv = argv,.env = env,.cwd = c->workdir,.as_postgres = as_postgres(c),
	.timeout_ms = timeout_ms + 5000};
	int			rc = hx_run(&spec, out, TOOL_OUTPUT_LEN);

	if (rc == 0 && live_postmaster(c) > 0)
	{
		free(out);
		return HX_OK;
	}

	char		tail[1200];
	char		why[1200];

	snprintf(why, sizeof(why), "%s", rc < 0 ? hx_last_error() : chomp(out));
	log_tail(c, tail, sizeof(tail));
	hx_set_error("%s start failed (%s%d): %s\n--- server log tail ---\n%s",
				 prog, rc < 0 ? "" : "exit ", rc, why, tail);
	free(out);
	c->postmaster_pid = 0;
	if (rc == HX_RUN_TIMEOUT || strstr(why, "did not start in time") != NULL)
		return HX_TIMEOUT;
	return HX_ERROR;
}

HxStatus
hx_cluster_stop(HxCluster *c, HxStopMode mode)
{
	int			timeout_ms = timeout_of(c);
	int64_t		deadline = hx_now_ms() + timeout_ms;
	HxProcess  *procs = hx_xcalloc(HX_MAX_PROCS, sizeof(HxProcess));
	pid_t		pids[HX_MAX_PROCS];
	int			n;

	if (live_postmaster(c) == 0)
	{
		free(procs);
		return HX_OK;
	}
	n = hx_cluster_processes(c, procs, HX_MAX_PROCS);
	for (int i = 0; i < n; i++)
		pids[i] = procs[i].pid;
	free(procs);

	char		prog[HX_PATH_LEN + 64];
	char		secs[16];
	char	   *out = hx_xmalloc(TOOL_OUTPUT_LEN);

	tool_path(&c->opt, TOOL_CTL, prog, sizeof(prog));
	snprintf(secs, sizeof(secs), "%d", (timeout_ms + 999) / 1000);

	const char *argv[] = {prog, "stop", "-D", c->datadir, "-m", stop_mode_name(mode), "-w",
	"-t", secs, NULL};
	HxRunSpec	spec = {.argv = argv,.cwd = c->workdir,.as_postgres = as_postgres(c),
	.timeout_ms = timeout_ms + 5000};
	int			rc = hx_run(&spec, out, TOOL_OUTPUT_LEN);

	if (rc != 0 && live_postmaster(c) != 0)
	{
		char		why[1200];

		snprintf(why, sizeof(why), "%s", rc < 0 ? hx_last_error() : chomp(out));
		hx_set_error("%s stop -m %s failed (%s%d): %s", prog, stop_mode_name(mode),
					 rc < 0 ? "" : "exit ", rc, why);
		free(out);
		if (rc == HX_RUN_TIMEOUT || strstr(why, "does not shut down") != NULL)
			return HX_TIMEOUT;
		return HX_ERROR;
	}
	free(out);

	HxStatus	st = hx_cluster_wait_gone(pids, n, hx_remaining_ms(deadline) + 5000);

	if (st != HX_OK)
		hx_set_error("after stop -m %s: %s", stop_mode_name(mode), hx_last_error());
	live_postmaster(c);
	return st;
}

HxStatus
hx_cluster_wait_ready(HxCluster *c, int timeout_ms)
{
	int64_t		deadline = hx_now_ms() + timeout_ms;
	char		last[1024] = "no attempt made";

	for (;;)
	{
		int			left = hx_remaining_ms(deadline);
		HxSession  *s = hx_session_connect(c, "hx_probe", left < 5000 ? left : 5000);

		if (s != NULL)
		{
			HxResult	r = hx_session_exec(s, "SELECT 1", hx_remaining_ms(deadline));
			bool		ok = r.kind == HX_RES_OK;

			if (!ok)
				snprintf(last, sizeof(last), "SELECT 1: %s", r.message);
			hx_result_free(&r);
			hx_session_close(s);
			if (ok)
				return HX_OK;
		}
		else
			snprintf(last, sizeof(last), "%s", hx_last_error());
		if (hx_remaining_ms(deadline) == 0)
		{
			hx_set_error("server not ready after %d ms: %s", timeout_ms, last);
			return HX_TIMEOUT;
		}
		hx_sleep_ms(50);
	}
}

/* ----------------------------------------------------------------
 * Processes and signals
 * ----------------------------------------------------------------
 */

typedef struct ChildScan
{
	pid_t		parent;
	HxProcess  *out;
	int			n;
	int			max;
} ChildScan;

static bool
collect_child(pid_t pid, void *arg)
{
	ChildScan  *scan = arg;
	char		state;
	pid_t		ppid;

	if (scan->n >= scan->max)
		return false;
	if (!read_proc_stat(pid, &state, &ppid) || ppid != scan->parent ||
		state == 'Z' || state == 'X' || state == 'x')
		return true;

	HxProcess  *p = &scan->out[scan->n];

	p->pid = pid;
	read_title(pid, p->title, sizeof(p->title));
	p->role = hx_role_from_title(p->title);
	if (p->role == HX_ROLE_POSTMASTER)
		p->role = HX_ROLE_OTHER;	/* forked, not yet titled */
	scan->n++;
	return true;
}

int
hx_cluster_processes(HxCluster *c, HxProcess *out, int max)
{
	pid_t		pm = live_postmaster(c);

	if (pm == 0 || max <= 0)
		return 0;
	out[0].pid = pm;
	out[0].role = HX_ROLE_POSTMASTER;
	read_title(pm, out[0].title, sizeof(out[0].title));

	ChildScan	scan = {.parent = pm,.out = out,.n = 1,.max = max};

	if (!for_each_pid(collect_child, &scan))
		return -1;
	return scan.n;
}

pid_t
hx_cluster_pid_of(HxCluster *c, HxRole role)
{
	HxProcess  *procs = hx_xcalloc(HX_MAX_PROCS, sizeof(HxProcess));
	int			n = hx_cluster_processes(c, procs, HX_MAX_PROCS);
	pid_t		found = 0;

	for (int i = 0; i < n && found == 0; i++)
		if (procs[i].role == role)
			found = procs[i].pid;
	free(procs);
	return found;
}

HxStatus
hx_cluster_kill(HxCluster *c, pid_t pid, int sig)
{
	(void) c;
	if (pid <= 1 || pid == getpid())
	{
		hx_set_error("refusing to send signal %d to pid %d", sig, (int) pid);
		return HX_ERROR;
	}
	if (kill(pid, sig) != 0)
	{
		hx_set_error("kill(%d, %d) failed: %s", (int) pid, sig, strerror(errno));
		return HX_ERROR;
	}
	return HX_OK;
}

HxStatus
hx_cluster_wait_gone(const pid_t *pids, int n, int timeout_ms)
{
	int64_t		deadline = hx_now_ms() + timeout_ms;

	for (;;)
	{
		pid_t		alive = 0;

		for (int i = 0; i < n; i++)
		{
			if (!hx_pid_alive(pids[i]))
				reap_if_child(pids[i]);
			else if (alive == 0)
				alive = pids[i];
		}
		if (alive == 0)
			return HX_OK;
		if (hx_remaining_ms(deadline) == 0)
		{
			char		title[128];

			read_title(alive, title, sizeof(title));
			hx_set_error("process %d (%s) still alive after %d ms", (int) alive, title, timeout_ms);
			return HX_TIMEOUT;
		}
		hx_sleep_ms(5);
	}
}

typedef struct CwdScan
{
	char		datadir[PATH_MAX];
	char		deleted[PATH_MAX + 16];
	HxProcess  *out;
	int			n;
	int			max;
} CwdScan;

static bool
collect_by_cwd(pid_t pid, void *arg)
{
	CwdScan    *scan = arg;
	char		path[64];
	char		cwd[PATH_MAX + 16];
	ssize_t		len;

	if (scan->n >= scan->max)
		return false;
	if (pid == getpid() || !hx_pid_alive(pid))
		return true;
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int) pid);
	len = readlink(path, cwd, sizeof(cwd) - 1);
	if (len <= 0)
		return true;
	cwd[len] = '\0';
	if (strcmp(cwd, scan->datadir) != 0 && strcmp(cwd, scan->deleted) != 0)
		return true;

	HxProcess  *p = &scan->out[scan->n++];

	p->pid = pid;
	read_title(pid, p->title, sizeof(p->title));
	p->role = hx_role_from_title(p->title);
	return true;
}

int
hx_cluster_leftovers(HxCluster *c, HxProcess *out, int max)
{
	CwdScan    *scan = hx_xcalloc(1, sizeof(CwdScan));
	int			n;

	if (realpath(c->datadir, scan->datadir) == NULL)
		snprintf(scan->datadir, sizeof(scan->datadir), "%s", c->datadir);
	snprintf(scan->deleted, sizeof(scan->deleted), "%s (deleted)", scan->datadir);
	scan->out = out;
	scan->max = max;
	n = for_each_pid(collect_by_cwd, scan) ? scan->n : -1;
	free(scan);
	return n;
}

HxStatus
hx_cluster_kill_everything(HxCluster *c, int timeout_ms)
{
	HxProcess  *procs = hx_xcalloc(HX_MAX_PROCS, sizeof(HxProcess));
	HxProcess  *left = hx_xcalloc(HX_MAX_PROCS, sizeof(HxProcess));
	pid_t	   *pids = hx_xcalloc(2 * HX_MAX_PROCS, sizeof(pid_t));
	int			n = hx_cluster_processes(c, procs, HX_MAX_PROCS);
	int			npids = 0;

	/* procs[0] is the postmaster: it dies first. */
	for (int i = 0; i < n; i++)
	{
		kill(procs[i].pid, SIGKILL);
		pids[npids++] = procs[i].pid;
	}

	int			nleft = hx_cluster_leftovers(c, left, HX_MAX_PROCS);

	for (int i = 0; i < nleft; i++)
	{
		kill(left[i].pid, SIGKILL);
		pids[npids++] = left[i].pid;
	}

	HxStatus	st = hx_cluster_wait_gone(pids, npids, timeout_ms);

	free(procs);
	free(left);
	free(pids);
	c->postmaster_pid = 0;
	return st;
}

/* ----------------------------------------------------------------
 * pg_control, postmaster.pid, the log, connection strings
 * ----------------------------------------------------------------
 */

HxStatus
hx_cluster_controldata(HxCluster *c, HxControlData *out)
{
	char		prog[HX_PATH_LEN + 64];
	char	   *text = hx_xmalloc(TOOL_OUTPUT_LEN);

	tool_path(&c->opt, TOOL_CONTROLDATA, prog, sizeof(prog));

	const char *argv[] = {prog, c->datadir, NULL};
	HxRunSpec	spec = {.argv = argv,.cwd = c->workdir,.as_postgres = as_postgres(c),
	.timeout_ms = timeout_of(c)};
	int			rc = hx_run(&spec, text, TOOL_OUTPUT_LEN);
	HxStatus	st;

	if (rc != 0)
	{
		if (rc != HX_RUN_FAILED && rc != HX_RUN_TIMEOUT)
			hx_set_error("%s failed (exit %d): %s", prog, rc, chomp(text));
		st = rc == HX_RUN_TIMEOUT ? HX_TIMEOUT : HX_ERROR;
	}
	else
		st = hx_controldata_parse(text, out);
	free(text);
	return st;
}

HxStatus
hx_cluster_shmem_generation(HxCluster *c, char *buf, size_t len)
{
	char		lines[8][256];
	int			n = read_pidfile(c, lines, 8, 7);

	buf[0] = '\0';
	if (n < 7)
	{
		hx_set_error("%s/postmaster.pid %s", c->datadir,
					 n == 0 ? "does not exist or is empty" : "has no line 7");
		return HX_ERROR;
	}

	/* Squeeze blanks. */
	size_t		k = 0;
	const char *p = lines[6];

	while (*p == ' ')
		p++;
	for (; *p && k + 1 < len; p++)
	{
		if (*p == ' ' && (p[1] == ' ' || p[1] == '\0'))
			continue;
		buf[k++] = *p;
	}
	buf[k] = '\0';
	return HX_OK;
}

HxStatus
hx_cluster_wait_generation_change(HxCluster *c, const char *old, int timeout_ms)
{
	int64_t		deadline = hx_now_ms() + timeout_ms;
	char		gen[128] = "";

	for (;;)
	{
		/* minipg writes "0 0" before its first segment exists. */
		if (hx_cluster_shmem_generation(c, gen, sizeof(gen)) == HX_OK &&
			gen[0] != '\0' && strncmp(gen, "0 ", 2) != 0 && strcmp(gen, "0") != 0 &&
			strcmp(gen, old) != 0)
			return HX_OK;
		if (hx_remaining_ms(deadline) == 0)
		{
			hx_set_error("shared-memory generation still \"%s\" (was \"%s\") after %d ms",
						 gen, old, timeout_ms);
			return HX_TIMEOUT;
		}
		hx_sleep_ms(10);
	}
}

size_t
hx_cluster_log_size(HxCluster *c)
{
	struct stat st;

	return stat(c->logfile, &st) == 0 ? (size_t) st.st_size : 0;
}

char *
hx_cluster_log_read(HxCluster *c, size_t from)
{
	FILE	   *f = fopen(c->logfile, "re");
	struct stat st;

	if (f == NULL)
	{
		hx_set_error("could not open \"%s\": %s", c->logfile, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || (size_t) st.st_size <= from ||
		fseeko(f, (off_t) from, SEEK_SET) != 0)
	{
		fclose(f);
		return hx_xcalloc(1, 1);
	}

	size_t		want = (size_t) st.st_size - from;
	char	   *text = hx_xmalloc(want + 1);
	size_t		got = fread(text, 1, want, f);

	text[got] = '\0';
	fclose(f);
	return text;
}

/* Append a libpq conninfo value ('...', with \ and ' escaped). */
static void
conninfo_append(char *buf, size_t len, const char *key, const char *value)
{
	size_t		n = strlen(buf);

	n += (size_t) snprintf(buf + n, n < len ? len - n : 0, "%s%s='", n ? " " : "", key);
	for (; *value && n + 3 < len; value++)
	{
		if (*value == '\'' || *value == '\\')
			buf[n++] = '\\';
		buf[n++] = *value;
	}
	if (n + 1 < len)
	{
		buf[n++] = '\'';
		buf[n] = '\0';
	}
}

void
hx_cluster_conninfo(HxCluster *c, const char *appname, char *buf, size_t len)
{
	char		port[16];

	if (len == 0)
		return;
	buf[0] = '\0';
	snprintf(port, sizeof(port), "%d", c->port);
	conninfo_append(buf, len, "host", c->sockdir);
	conninfo_append(buf, len, "port", port);
	conninfo_append(buf, len, "user", "postgres");
	conninfo_append(buf, len, "dbname", "postgres");
	conninfo_append(buf, len, "application_name", appname ? appname : "hx");
}

int
hx_cluster_run_tool(HxCluster *c, const char *const *argv, char *out, size_t outlen)
{
	HxRunSpec	spec = {.argv = argv,.cwd = c->workdir,.timeout_ms = timeout_of(c)};

	if (out != NULL && outlen > 0)
		out[0] = '\0';
	return hx_run(&spec, out, outlen);
}

/* ----------------------------------------------------------------
 * Destroy
 * ----------------------------------------------------------------
 */

/*
 * PostgreSQL: remove the System V segment a killed postmaster left (line 7
 * of postmaster.pid, "KEY SHMID", read before anything was stopped) once
 * nothing is attached to it.  PostgreSQL removes it itself at a clean stop
 * and at its next start in the same directory; a cluster destroyed after
 * a kill would otherwise leak one segment per scenario.  Both the key and
 * the id must match, so a reused id is never removed.
 */
static void
remove_postgres_segment(const char *line7)
{
	unsigned long key,
				shmid;
	struct shmid_ds ds;

	if (sscanf(line7, "%lu %lu", &key, &shmid) != 2 || shmid > INT_MAX)
		return;
	if (shmctl((int) shmid, IPC_STAT, &ds) == 0 && ds.shm_perm.__key == (key_t) key &&
		ds.shm_nattch == 0)
		(void) shmctl((int) shmid, IPC_RMID, NULL);
}

void
hx_cluster_destroy(HxCluster *c, bool keep)
{
	char		segment[64] = "";

	if (c->workdir[0] == '\0')
		return;
	if (c->opt.target == HX_TARGET_POSTGRES)
		hx_cluster_shmem_generation(c, segment, sizeof(segment));
	if (live_postmaster(c) != 0 && hx_cluster_stop(c, HX_STOP_IMMEDIATE) != HX_OK)
		hx_cluster_kill_everything(c, timeout_of(c));

	/* Orphans of a killed postmaster still hold the directory. */
	HxProcess  *left = hx_xcalloc(HX_MAX_PROCS, sizeof(HxProcess));
	pid_t		pids[HX_MAX_PROCS];
	int			n = hx_cluster_leftovers(c, left, HX_MAX_PROCS);

	for (int i = 0; i < n; i++)
	{
		kill(left[i].pid, SIGKILL);
		pids[i] = left[i].pid;
	}
	free(left);
	if (n > 0)
		hx_cluster_wait_gone(pids, n, timeout_of(c));
	if (segment[0] != '\0')
		remove_postgres_segment(segment);
	c->postmaster_pid = 0;
	if (!keep)
		hx_remove_tree(c->workdir);
}
