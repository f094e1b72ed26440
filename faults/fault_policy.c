/*-------------------------------------------------------------------------
 * fault_policy.c
 *	  Parse and print fault policies (see fault_policy.h for the syntax).
 *
 * Pure code: no shared memory, no ereport, no allocation beyond the
 * caller's buffers, so the policy parser is a unit-test and fuzz target.
 *-------------------------------------------------------------------------
 */
#include "faults/fault_policy.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/ipc/proc.h"

static const char *const action_names[FAULT_NUM_ACTIONS] = {
	[FAULT_ACTION_ERROR] = "error",
	[FAULT_ACTION_PANIC] = "panic",
	[FAULT_ACTION_CRASH] = "crash",
	[FAULT_ACTION_ABORT] = "abort",
	[FAULT_ACTION_DELAY] = "delay",
	[FAULT_ACTION_WAIT] = "wait",
	[FAULT_ACTION_CORRUPT] = "corrupt",
	[FAULT_ACTION_POWERLOSS] = "powerloss",
	[FAULT_ACTION_SHORT] = "short",
};

static const char *const target_names[FAULT_NUM_TARGETS] = {
	[FAULT_TARGET_NONE] = "none",
	[FAULT_TARGET_BUFFER_PAGE] = "buffer-page",
	[FAULT_TARGET_BUFFER_DESC] = "buffer-desc",
	[FAULT_TARGET_PROC] = "proc",
	[FAULT_TARGET_LOCK] = "lock",
	[FAULT_TARGET_WAL_BUFFERS] = "wal-buffers",
	[FAULT_TARGET_CLOG_PAGE] = "clog-page",
};

static const char *const proc_names[B_NUM_TYPES] = {
	[B_INVALID] = "invalid",
	[B_POSTMASTER] = "postmaster",
	[B_BACKEND] = "backend",
	[B_STARTUP] = "startup",
	[B_CHECKPOINTER] = "checkpointer",
	[B_BG_WRITER] = "bgwriter",
	[B_WAL_WRITER] = "walwriter",
	[B_AUTOVAC_LAUNCHER] = "autovacuum-launcher",
	[B_AUTOVAC_WORKER] = "autovacuum-worker",
	[B_STATS_COLLECTOR] = "stats",
	[B_ARCHIVER] = "archiver",
	[B_LOGGER] = "logger",
	[B_BG_WORKER] = "bgworker",
	[B_WAL_SENDER] = "walsender",
	[B_WAL_RECEIVER] = "walreceiver",
	[B_STANDALONE] = "standalone",
};

static const struct
{
	const char *name;
	int			value;
}			errno_names[] = {
	{"EIO", EIO}, {"ENOSPC", ENOSPC}, {"EINTR", EINTR}, {"EACCES", EACCES},
	{"EROFS", EROFS}, {"EDQUOT", EDQUOT}, {"EMFILE", EMFILE}, {"ENFILE", ENFILE},
	{"ENOMEM", ENOMEM}, {"ENOENT", ENOENT}, {"EAGAIN", EAGAIN}, {"EPERM", EPERM},
	{"ECONNRESET", ECONNRESET}, {"EPIPE", EPIPE},
};

const char *
fault_action_name(FaultAction a)
{
	return (a >= 0 && a < FAULT_NUM_ACTIONS) ? action_names[a] : "?";
}

const char *
fault_target_name(FaultTarget t)
{
	return (t >= 0 && t < FAULT_NUM_TARGETS) ? target_names[t] : "?";
}

const char *
fault_proc_name(int backend_type)
{
	if (backend_type < 0 || backend_type >= B_NUM_TYPES || proc_names[backend_type] == NULL)
		return "?";
	return proc_names[backend_type];
}

int
fault_proc_from_name(const char *name)
{
	for (int i = 1; i < B_NUM_TYPES; i++)
		if (proc_names[i] != NULL && strcmp(proc_names[i], name) == 0)
			return i;
	return -1;
}

const char *
fault_errno_name(int err, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].value == err)
			return errno_names[i].name;
	snprintf(buf, len, "%d", err);
	return buf;
}

/* Unsigned decimal; false unless the whole string is one. */
static bool
parse_u64(const char *s, uint64_t *out)
{
	char	   *end;

	if (!isdigit((unsigned char) *s))
		return false;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static bool
parse_int_range(const char *s, int lo, int hi, int *out)
{
	uint64_t	v;

	if (!parse_u64(s, &v) || v < (uint64_t) lo || v > (uint64_t) hi)
		return false;
	*out = (int) v;
	return true;
}

static bool
parse_errno(const char *s, int *out)
{
	for (size_t i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (strcmp(errno_names[i].name, s) == 0)
		{
			*out = errno_names[i].value;
			return true;
		}
	return parse_int_range(s, 1, 4095, out);
}

static bool
parse_procs(const char *s, uint32_t *mask)
{
	char		buf[256];
	char	   *save = NULL;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	*mask = 0;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
	{
		int			t = fault_proc_from_name(tok);

		if (t < 0)
			return false;
		*mask |= 1u << t;
	}
	return *mask != 0;
}

static bool
valid_point_pattern(const char *s)
{
	size_t		n = strlen(s);

	if (n == 0 || n >= FAULT_POINT_PATTERN_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '*')
		{
			if (i != n - 1)
				return false;	/* only a trailing '*' */
		}
		else if (!(islower(c) || isdigit(c) || c == '/' || c == '-' || c == '_'))
			return false;
	}
	return true;
}

static void
set_defaults(FaultPolicy *p)
{
	memset(p, 0, sizeof(*p));
	p->err = EIO;
	p->delay_ms = 100;
	p->corrupt_bytes = 16;
	p->from = 0;
	p->to = UINT64_MAX;
	p->prob_threshold = UINT64_MAX;
	p->times = 0;				/* 0 here: "not given", resolved at the end */
}

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return false; } while (0)

/* One OPTION word. */
static bool
parse_option(FaultPolicy *p, const char *word, char *err, size_t errlen)
{
	char		key[32];
	const char *eq = strchr(word, '=');
	const char *val;
	size_t		klen;

	if (strcmp(word, "once") == 0)
	{
		p->times = 1;
		return true;
	}
	if (strcmp(word, "persistent") == 0)
	{
		p->times = UINT64_MAX;
		return true;
	}
	if (eq == NULL)
		FAIL("unrecognized option \"%s\"", word);
	klen = (size_t) (eq - word);
	if (klen == 0 || klen >= sizeof(key))
		FAIL("unrecognized option \"%s\"", word);
	memcpy(key, word, klen);
	key[klen] = '\0';
	val = eq + 1;

	if (strcmp(key, "errno") == 0)
	{
		if (p->action == FAULT_ACTION_SHORT)
			FAIL("errno= is not for the short action (a short write reports ENOSPC)");
		if (!parse_errno(val, &p->err))
			FAIL("invalid errno \"%s\"", val);
	}
	else if (strcmp(key, "ms") == 0)
	{
		if (!parse_int_range(val, 0, 3600 * 1000, &p->delay_ms))
			FAIL("invalid delay \"%s\" (milliseconds, at most one hour)", val);
	}
	else if (strcmp(key, "target") == 0)
	{
		p->target = FAULT_TARGET_NONE;
		for (int t = 1; t < FAULT_NUM_TARGETS; t++)
			if (strcmp(target_names[t], val) == 0)
				p->target = (FaultTarget) t;
		if (p->target == FAULT_TARGET_NONE)
			FAIL("unknown corruption target \"%s\"", val);
	}
	else if (strcmp(key, "bytes") == 0)
	{
		if (!parse_int_range(val, 1, 8192, &p->corrupt_bytes))
			FAIL("invalid byte count \"%s\" (1 to 8192)", val);
	}
	else if (strcmp(key, "tear") == 0)
	{
		if (!parse_int_range(val, 0, 65536, &p->tear_sector) ||
			(p->tear_sector != 0 && (p->tear_sector < 512 ||
									 (p->tear_sector & (p->tear_sector - 1)) != 0)))
			FAIL("invalid sector size \"%s\" (0, or a power of two of at least 512)", val);
	}
	else if (strcmp(key, "nth") == 0)
	{
		if (!parse_u64(val, &p->nth) || p->nth == 0)
			FAIL("invalid hit number \"%s\"", val);
	}
	else if (strcmp(key, "from") == 0)
	{
		if (!parse_u64(val, &p->from) || p->from == 0)
			FAIL("invalid hit number \"%s\"", val);
	}
	else if (strcmp(key, "to") == 0)
	{
		if (!parse_u64(val, &p->to) || p->to == 0)
			FAIL("invalid hit number \"%s\"", val);
	}
	else if (strcmp(key, "prob") == 0)
	{
		char	   *end;
		double		d;

		errno = 0;
		d = strtod(val, &end);
		if (errno != 0 || *end != '\0' || end == val || !(d >= 0.0 && d <= 1.0))
			FAIL("invalid probability \"%s\" (0 to 1)", val);
		p->prob_threshold = d >= 1.0 ? UINT64_MAX : (uint64_t) ldexp(d, 64);
	}
	else if (strcmp(key, "times") == 0)
	{
		if (!parse_u64(val, &p->times) || p->times == 0)
			FAIL("invalid firing count \"%s\"", val);
	}
	else if (strcmp(key, "proc") == 0)
	{
		if (!parse_procs(val, &p->proc_mask))
			FAIL("unknown process type in \"%s\"", val);
	}
	else if (strcmp(key, "pid") == 0)
	{
		if (!parse_int_range(val, 1, 1 << 30, &p->pid))
			FAIL("invalid pid \"%s\"", val);
	}
	else if (strcmp(key, "app") == 0)
	{
		if (strlen(val) >= FAULT_APP_NAME_LEN)
			FAIL("application name too long");
		strcpy(p->app, val);
	}
	else
		FAIL("unrecognized option \"%s\"", key);
	return true;
}

static bool
finish(FaultPolicy *p, char *err, size_t errlen)
{
	if (p->from > p->to)
		FAIL("empty hit window (from > to)");
	if (p->action == FAULT_ACTION_CORRUPT && p->target == FAULT_TARGET_NONE)
		FAIL("the corrupt action needs target=");
	if (p->action != FAULT_ACTION_CORRUPT && p->target != FAULT_TARGET_NONE)
		FAIL("target= is only for the corrupt action");
	if (p->times == 0)
	{
		switch (p->action)
		{
			case FAULT_ACTION_ERROR:
			case FAULT_ACTION_DELAY:
			case FAULT_ACTION_WAIT:
				p->times = UINT64_MAX;
				break;
			default:
				/* crash, panic, abort, corrupt, powerloss, short */
				p->times = 1;
				break;
		}
	}
	return true;
}

bool
fault_policy_parse_fields(const char *point, const char *action, const char *options,
						  FaultPolicy *p, char *err, size_t errlen)
{
	char		buf[1024];
	char	   *save = NULL;

	set_defaults(p);
	if (!valid_point_pattern(point))
		FAIL("invalid fault point name \"%s\"", point);
	strcpy(p->point, point);
	p->action = FAULT_NUM_ACTIONS;
	for (int a = 0; a < FAULT_NUM_ACTIONS; a++)
		if (strcmp(action_names[a], action) == 0)
			p->action = (FaultAction) a;
	if (p->action == FAULT_NUM_ACTIONS)
		FAIL("unknown fault action \"%s\"", action);
	if (options == NULL)
		options = "";
	if (strlen(options) >= sizeof(buf))
		FAIL("fault policy options too long");
	strcpy(buf, options);
	for (char *w = strtok_r(buf, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save))
		if (!parse_option(p, w, err, errlen))
			return false;
	return finish(p, err, errlen);
}

bool
fault_policy_parse(const char *text, FaultPolicy *p, char *err, size_t errlen)
{
	char		point[FAULT_POINT_PATTERN_LEN + 1];
	char		action[32];
	const char *s = text;
	size_t		n;

	while (isspace((unsigned char) *s))
		s++;
	n = strcspn(s, " \t\r\n");
	if (n == 0)
		FAIL("empty fault policy");
	if (n >= sizeof(point))
		FAIL("fault point name too long");
	memcpy(point, s, n);
	point[n] = '\0';
	s += n;
	while (isspace((unsigned char) *s))
		s++;
	n = strcspn(s, " \t\r\n");
	if (n == 0)
		FAIL("fault policy for \"%s\" has no action", point);
	if (n >= sizeof(action))
		FAIL("unknown fault action");
	memcpy(action, s, n);
	action[n] = '\0';
	return fault_policy_parse_fields(point, action, s + n, p, err, errlen);
}

int
fault_policy_parse_seed(const char *line, uint64_t *seed, char *err, size_t errlen)
{
	const char *s = line;

	while (isspace((unsigned char) *s))
		s++;
	if (strncmp(s, "seed", 4) != 0 || !(s[4] == '\0' || isspace((unsigned char) s[4])))
		return 0;
	s += 4;
	while (isspace((unsigned char) *s))
		s++;
	{
		char		num[32];
		size_t		n = strcspn(s, " \t\r\n");

		if (n == 0 || n >= sizeof(num))
		{
			snprintf(err, errlen, "invalid seed line \"%s\"", line);
			return -1;
		}
		memcpy(num, s, n);
		num[n] = '\0';
		s += n;
		while (isspace((unsigned char) *s))
			s++;
		if (*s != '\0' || !parse_u64(num, seed))
		{
			snprintf(err, errlen, "invalid seed line \"%s\"", line);
			return -1;
		}
	}
	return 1;
}

void
fault_policy_format(const FaultPolicy *p, char *buf, size_t len)
{
	char		tmp[32];
	size_t		used;

#define APPEND(...) \
	do { \
		used = strlen(buf); \
		if (used < len) \
			snprintf(buf + used, len - used, __VA_ARGS__); \
	} while (0)

	snprintf(buf, len, "%s %s", p->point, fault_action_name(p->action));
	switch (p->action)
	{
		case FAULT_ACTION_ERROR:
			APPEND(" errno=%s", fault_errno_name(p->err, tmp, sizeof(tmp)));
			break;
		case FAULT_ACTION_DELAY:
			APPEND(" ms=%d", p->delay_ms);
			break;
		case FAULT_ACTION_CORRUPT:
			APPEND(" target=%s bytes=%d", fault_target_name(p->target), p->corrupt_bytes);
			break;
		case FAULT_ACTION_POWERLOSS:
			if (p->tear_sector)
				APPEND(" tear=%d", p->tear_sector);
			break;
		default:
			break;
	}
	if (p->nth)
		APPEND(" nth=%" PRIu64, p->nth);
	if (p->from)
		APPEND(" from=%" PRIu64, p->from);
	if (p->to != UINT64_MAX)
		APPEND(" to=%" PRIu64, p->to);
	if (p->prob_threshold != UINT64_MAX)
		APPEND(" prob=%.17g", ldexp((double) p->prob_threshold, -64));
	if (p->times == UINT64_MAX)
		APPEND(" persistent");
	else
		APPEND(" times=%" PRIu64, p->times);
	if (p->proc_mask)
	{
		bool		first = true;

		APPEND(" proc=");
		for (int t = 0; t < B_NUM_TYPES; t++)
			if (p->proc_mask & (1u << t))
			{
				APPEND("%s%s", first ? "" : ",", fault_proc_name(t));
				first = false;
			}
	}
	if (p->pid)
		APPEND(" pid=%d", p->pid);
	if (p->app[0])
		APPEND(" app=%s", p->app);
#undef APPEND
}
