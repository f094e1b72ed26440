/*-------------------------------------------------------------------------
 * repro.c
 *	  Plans, scenario.txt, normalized trails and histories, check sets and
 *	  the shrink candidates (repro.h says what each is for).
 *
 * Invariants:
 *	- Pure: these functions read only their arguments (and write only to
 *	  the FILE or buffers they are given); allocation failure aborts.
 *	- Parsers never trust their input: every field is bounded, an unknown
 *	  shape is kept or rejected as documented, never read past its end.
 *-------------------------------------------------------------------------
 */
#include "repro.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void *
xrealloc(void *p, size_t n)
{
	void	   *q = realloc(p, n == 0 ? 1 : n);

	if (q == NULL)
	{
		fprintf(stderr, "crashmatrix: out of memory\n");
		abort();
	}
	return q;
}

static char *
xstrdup(const char *s)
{
	size_t		n = strlen(s) + 1;
	char	   *p = xrealloc(NULL, n);

	memcpy(p, s, n);
	return p;
}

/*-------------------------------------------------------------------------
 * Plans
 *-------------------------------------------------------------------------
 */

static const struct
{
	const char *name;
	int			min;
	int			max;
}			plan_keys[HX_PLAN_NKEYS] = {
	[HX_PLAN_CLIENTS] = {"clients", 1, HX_MAX_CLIENTS},
	[HX_PLAN_WARMUP] = {"warmup", 0, 100000},
	[HX_PLAN_NTH] = {"nth", 1, 1000000},
	[HX_PLAN_BUDGET] = {"budget", 1, 100000},
	[HX_PLAN_SCALE] = {"scale", 1, 100},
};

void
hx_plan_clear(HxPlan *p)
{
	memset(p, 0, sizeof(*p));
}

bool
hx_plan_is_empty(const HxPlan *p)
{
	for (int k = 0; k < HX_PLAN_NKEYS; k++)
		if (p->has[k])
			return false;
	return true;
}

void
hx_plan_set(HxPlan *p, HxPlanKey k, int value)
{
	if (k >= HX_PLAN_NKEYS)
		return;
	p->has[k] = true;
	p->v[k] = value;
}

bool
hx_plan_has(const HxPlan *p, HxPlanKey k)
{
	return k < HX_PLAN_NKEYS && p->has[k];
}

const char *
hx_plan_key_name(HxPlanKey k)
{
	return k < HX_PLAN_NKEYS ? plan_keys[k].name : "?";
}

int
hx_plan_key_min(HxPlanKey k)
{
	return k < HX_PLAN_NKEYS ? plan_keys[k].min : 0;
}

int
hx_plan_key_max(HxPlanKey k)
{
	return k < HX_PLAN_NKEYS ? plan_keys[k].max : 0;
}

bool
hx_plan_parse(const char *text, HxPlan *out, char *err, size_t errlen)
{
	const char *p = text;

	hx_plan_clear(out);
	while (*p == ' ')
		p++;
	while (*p != '\0')
	{
		const char *end = strchr(p, ',');
		size_t		len = end ? (size_t) (end - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		int			key = -1;
		char		num[16];
		char	   *numend;
		long		value;

		if (eq == NULL)
		{
			snprintf(err, errlen, "plan item \"%.*s\" is not key=value", (int) len, p);
			return false;
		}
		for (int k = 0; k < HX_PLAN_NKEYS; k++)
			if (strlen(plan_keys[k].name) == (size_t) (eq - p) &&
				strncmp(plan_keys[k].name, p, (size_t) (eq - p)) == 0)
				key = k;
		if (key < 0)
		{
			snprintf(err, errlen, "unknown plan key \"%.*s\" (clients, warmup, nth, budget, scale)",
					 (int) (eq - p), p);
			return false;
		}
		if (out->has[key])
		{
			snprintf(err, errlen, "plan key \"%s\" given twice", plan_keys[key].name);
			return false;
		}
		len -= (size_t) (eq + 1 - p);
		if (len == 0 || len >= sizeof(num) || !isdigit((unsigned char) eq[1]))
		{
			snprintf(err, errlen, "plan key \"%s\" wants a number", plan_keys[key].name);
			return false;
		}
		memcpy(num, eq + 1, len);
		num[len] = '\0';
		errno = 0;
		value = strtol(num, &numend, 10);
		if (*numend != '\0' || errno != 0 || value < plan_keys[key].min || value > plan_keys[key].max)
		{
			snprintf(err, errlen, "plan key \"%s\" wants a number from %d to %d, not \"%s\"",
					 plan_keys[key].name, plan_keys[key].min, plan_keys[key].max, num);
			return false;
		}
		hx_plan_set(out, (HxPlanKey) key, (int) value);
		if (end == NULL)
			break;
		p = end + 1;
		if (*p == '\0')
		{
			snprintf(err, errlen, "plan ends with ','");
			return false;
		}
	}
	return true;
}

void
hx_plan_format(const HxPlan *p, char *buf, size_t len)
{
	size_t		used = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (int k = 0; k < HX_PLAN_NKEYS && used < len; k++)
		if (p->has[k])
			used += (size_t) snprintf(buf + used, len - used, "%s%s=%d", used ? "," : "",
									  plan_keys[k].name, p->v[k]);
}

int
hx_plan_pick(const HxPlan *override, HxPlanKey k, int drawn)
{
	if (override == NULL || !hx_plan_has(override, k))
		return drawn;
	return override->v[k];
}

/*-------------------------------------------------------------------------
 * scenario.txt
 *-------------------------------------------------------------------------
 */

/* "key: value\n", newlines in the value written as spaces. */
static void
put(FILE *f, const char *key, const char *value)
{
	fprintf(f, "%s: ", key);
	for (const char *c = value; *c; c++)
		fputc(*c == '\n' || *c == '\r' ? ' ' : *c, f);
	fputc('\n', f);
}

void
hx_record_write(FILE *f, const HxRecord *r)
{
	char		buf[1024];

	fprintf(f, "# crashmatrix scenario record: `crashmatrix repro <this folder>` runs it again\n"
			"# (same scenario, seed, options and plan) and compares the failed checks.\n");
	put(f, "scenario", r->scenario);
	snprintf(buf, sizeof(buf), "%" PRIu64, r->seed);
	put(f, "seed", buf);
	put(f, "target", r->args.target[0] ? r->args.target : "minipg");
	put(f, "bin", r->args.bin);
	put(f, "pg-bin", r->args.pg_bin);
	snprintf(buf, sizeof(buf), "%d", r->args.timeout_ms);
	put(f, "timeout-ms", buf);
	for (int i = 0; i < r->args.n_sets; i++)
		put(f, "set", r->args.sets[i]);
	hx_plan_format(&r->args.plan, buf, sizeof(buf));
	put(f, "plan", buf);
	hx_plan_format(&r->resolved, buf, sizeof(buf));
	put(f, "resolved-plan", buf);
	put(f, "verdict", r->passed ? "PASS" : "FAIL");
	put(f, "workload", r->summary);
	for (int i = 0; i < r->failures.n; i++)
	{
		snprintf(buf, sizeof(buf), "%s: %s", r->failures.items[i].check,
				 r->failures.items[i].detail);
		put(f, "failed", buf);
	}
	if (r->failures.n_dropped > 0)
	{
		snprintf(buf, sizeof(buf), "%d", r->failures.n_dropped);
		put(f, "failed-dropped", buf);
	}
	put(f, "run", r->run_command);
	put(f, "repro", r->repro_command);
}

static bool
parse_u64(const char *s, uint64_t *out)
{
	char	   *end;

	if (!isdigit((unsigned char) s[0]))
		return false;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return *end == '\0' && errno == 0;
}

bool
hx_record_parse(const char *text, HxRecord *out, char *err, size_t errlen)
{
	const char *p = text;
	bool		have_scenario = false,
				have_seed = false;
	int			lineno = 0;

	memset(out, 0, sizeof(*out));
	hx_plan_clear(&out->args.plan);
	hx_plan_clear(&out->resolved);
	snprintf(out->args.target, sizeof(out->args.target), "minipg");
	while (*p != '\0')
	{
		const char *eol = strchr(p, '\n');
		size_t		len = eol ? (size_t) (eol - p) : strlen(p);
		char		line[2 * HX_PATH_LEN + 64];
		char	   *colon,
				   *key,
				   *val;

		lineno++;
		if (len >= sizeof(line))
			len = sizeof(line) - 1;		/* a detail too long: cut, it is for people */
		memcpy(line, p, len);
		line[len] = '\0';
		p = eol ? eol + 1 : p + strlen(p);
		if (line[0] == '#' || line[0] == '\0')
			continue;
		colon = strchr(line, ':');
		if (colon == NULL)
		{
			snprintf(err, errlen, "scenario.txt line %d is not \"key: value\"", lineno);
			return false;
		}
		*colon = '\0';
		key = line;
		val = colon + 1;
		while (*val == ' ')
			val++;
		for (char *e = val + strlen(val); e > val && (e[-1] == ' ' || e[-1] == '\r'); e--)
			e[-1] = '\0';

		if (strcmp(key, "scenario") == 0)
		{
			snprintf(out->scenario, sizeof(out->scenario), "%s", val);
			have_scenario = val[0] != '\0';
		}
		else if (strcmp(key, "seed") == 0)
		{
			if (!parse_u64(val, &out->seed))
			{
				snprintf(err, errlen, "scenario.txt line %d: seed \"%s\" is not a number", lineno, val);
				return false;
			}
			have_seed = true;
		}
		else if (strcmp(key, "target") == 0)
			snprintf(out->args.target, sizeof(out->args.target), "%s", val);
		else if (strcmp(key, "bin") == 0)
			snprintf(out->args.bin, sizeof(out->args.bin), "%s", val);
		else if (strcmp(key, "pg-bin") == 0)
			snprintf(out->args.pg_bin, sizeof(out->args.pg_bin), "%s", val);
		else if (strcmp(key, "timeout-ms") == 0)
			out->args.timeout_ms = atoi(val);
		else if (strcmp(key, "set") == 0)
		{
			if (out->args.n_sets >= HX_MAX_SETTINGS || strchr(val, '=') == NULL)
			{
				snprintf(err, errlen, "scenario.txt line %d: bad or too many \"set\" lines", lineno);
				return false;
			}
			snprintf(out->args.sets[out->args.n_sets++], sizeof(out->args.sets[0]), "%s", val);
		}
		else if (strcmp(key, "plan") == 0 || strcmp(key, "resolved-plan") == 0)
		{
			char		perr[256];

			if (!hx_plan_parse(val, key[0] == 'p' ? &out->args.plan : &out->resolved,
							   perr, sizeof(perr)))
			{
				snprintf(err, errlen, "scenario.txt line %d: %s", lineno, perr);
				return false;
			}
		}
		else if (strcmp(key, "verdict") == 0)
			out->passed = strcmp(val, "PASS") == 0;
		else if (strcmp(key, "workload") == 0)
			snprintf(out->summary, sizeof(out->summary), "%s", val);
		else if (strcmp(key, "failed") == 0)
		{
			char	   *sep = strstr(val, ": ");

			if (sep != NULL)
				*sep = '\0';
			hx_check_fail(&out->failures, val, "%s", sep ? sep + 2 : "");
		}
		else if (strcmp(key, "failed-dropped") == 0)
			out->failures.n_dropped = atoi(val);
		else if (strcmp(key, "run") == 0)
			snprintf(out->run_command, sizeof(out->run_command), "%s", val);
		else if (strcmp(key, "repro") == 0)
			snprintf(out->repro_command, sizeof(out->repro_command), "%s", val);
		/* anything else: a field of a newer format, skipped */
	}
	if (!have_scenario || !have_seed)
	{
		snprintf(err, errlen, "scenario.txt has no %s line", have_scenario ? "seed" : "scenario");
		return false;
	}
	return true;
}

/*-------------------------------------------------------------------------
 * Lines, trails, histories
 *-------------------------------------------------------------------------
 */

void
hx_lines_add(HxLines *l, const char *s)
{
	if (l->n == l->cap)
	{
		l->cap = l->cap ? l->cap * 2 : 32;
		l->line = xrealloc(l->line, (size_t) l->cap * sizeof(char *));
	}
	l->line[l->n++] = xstrdup(s);
}

void
hx_lines_free(HxLines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	memset(l, 0, sizeof(*l));
}

/* Does the word look like an LSN ("0/1A2B3C")? */
static bool
is_lsn(const char *w, size_t len)
{
	size_t		slash = 0;

	for (size_t i = 0; i < len; i++)
	{
		if (w[i] == '/')
		{
			if (slash != 0 || i == 0)
				return false;
			slash = i;
		}
		else if (!isxdigit((unsigned char) w[i]))
			return false;
	}
	return slash != 0 && slash + 1 < len;
}

/*
 * Append the words of `text` to buf, less "pid=N" words and with LSNs
 * written as "<lsn>" (a trailing ',' or ';' is kept).
 */
static void
append_words(char *buf, size_t len, const char *text)
{
	const char *p = text;
	size_t		used = strlen(buf);

	while (*p != '\0' && used + 1 < len)
	{
		const char *w;
		size_t		wl,
					core;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (*p != '\0' && *p != ' ')
			p++;
		wl = (size_t) (p - w);
		core = wl;
		while (core > 0 && (w[core - 1] == ',' || w[core - 1] == ';'))
			core--;
		if (wl > 4 && strncmp(w, "pid=", 4) == 0)
			continue;
		if (is_lsn(w, core))
			used += (size_t) snprintf(buf + used, len - used, "%s<lsn>%.*s", used ? " " : "",
									  (int) (wl - core), w + core);
		else
			used += (size_t) snprintf(buf + used, len - used, "%s%.*s", used ? " " : "", (int) wl, w);
		if (used >= len)
			used = len - 1;
	}
}

/* The value of "name=" among the words of line (up to the next space). */
static bool
field(const char *line, const char *name, char *out, size_t len)
{
	size_t		n = strlen(name);

	for (const char *p = line; (p = strstr(p, name)) != NULL; p += n)
		if ((p == line || p[-1] == ' ') && p[n] == '=')
		{
			const char *v = p + n + 1;
			size_t		vl = strcspn(v, " ");

			snprintf(out, len, "%.*s", (int) vl, v);
			return true;
		}
	return false;
}

void
hx_trail_normalize(const char *trail, HxLines *out)
{
	const char *p = trail;

	while (p != NULL && *p != '\0')
	{
		const char *eol = strchr(p, '\n');
		size_t		len = eol ? (size_t) (eol - p) : strlen(p);
		char		line[2048];
		char		norm[2048];
		char		proc[64],
					point[128],
					policy[16],
					hit[24],
					local[24];
		const char *rest;

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		p = eol ? eol + 1 : NULL;
		if (line[0] == '#' || line[strspn(line, " \t\r")] == '\0')
			continue;
		norm[0] = '\0';
		if (!field(line, "proc", proc, sizeof(proc)))
		{
			/* no known shape: drop the time (first word) and any PID */
			rest = strchr(line, ' ');
			append_words(norm, sizeof(norm), rest ? rest : line);
			snprintf(line, sizeof(line), "? %s", norm);
			hx_lines_add(out, line);
			continue;
		}
		if ((rest = strstr(line, " note=")) != NULL)
		{
			rest += 6;
			if (strncmp(rest, "powerloss", 9) == 0 && (rest[9] == ' ' || rest[9] == '\0'))
				snprintf(norm, sizeof(norm), "%s note powerloss", proc);
			else
			{
				snprintf(norm, sizeof(norm), "%s note", proc);
				append_words(norm, sizeof(norm), rest);
			}
			hx_lines_add(out, norm);
			continue;
		}
		if (!field(line, "point", point, sizeof(point)) ||
			!field(line, "policy", policy, sizeof(policy)) ||
			!field(line, "hit", hit, sizeof(hit)) ||
			!field(line, "local_hit", local, sizeof(local)) ||
			(rest = strstr(line, " action=")) == NULL)
		{
			rest = strchr(line, ' ');
			append_words(norm, sizeof(norm), rest ? rest : line);
			snprintf(line, sizeof(line), "? %s", norm);
			hx_lines_add(out, line);
			continue;
		}
		/* the action is the policy's text, which starts with the point again */
		rest += 8;
		if (strncmp(rest, point, strlen(point)) == 0 && rest[strlen(point)] == ' ')
			rest += strlen(point) + 1;
		snprintf(norm, sizeof(norm), "%s %s policy=%s hit=%s local_hit=%s", proc, point, policy,
				 hit, local);
		append_words(norm, sizeof(norm), rest);
		hx_lines_add(out, norm);
	}
}

void
hx_trail_line_role(const char *line, char *role, size_t len)
{
	size_t		n = strcspn(line, "# ");

	if (line[0] == '?' || n == 0)
		n = 0;
	snprintf(role, len, "%.*s", (int) n, line);
}

void
hx_history_normalize(const char *history, HxLines *out, int *fault_from)
{
	const char *p = history;
	char	   *cur = NULL;		/* the transaction being collected */
	size_t		cur_len = 0,
				cur_cap = 0;
	bool		in_txn = false;
	int			n_stmts = 0;	/* statements of the current transaction so far */

	if (fault_from != NULL)
		*fault_from = -1;

#define FLUSH() \
	do { \
		if (in_txn) \
			hx_lines_add(out, cur); \
		in_txn = false; \
	} while (0)

	while (p != NULL && *p != '\0')
	{
		const char *eol = strchr(p, '\n');
		size_t		len = eol ? (size_t) (eol - p) : strlen(p);
		const char *line = p;

		p = eol ? eol + 1 : NULL;
		if (len >= 2 && line[0] == ' ' && line[1] == ' ')
		{
			/* a statement of the current transaction */
			if (!in_txn)
				continue;
			if (cur_len + len + 4 > cur_cap)
			{
				cur_cap = (cur_len + len + 4) * 2;
				cur = xrealloc(cur, cur_cap);
			}
			if (n_stmts++ > 0)
			{
				memcpy(cur + cur_len, "; ", 2);
				cur_len += 2;
			}
			memcpy(cur + cur_len, line + 2, len - 2);
			cur_len += len - 2;
			cur[cur_len] = '\0';
			continue;
		}
		FLUSH();
		if (len > 4 && strncmp(line, "txn ", 4) == 0)
		{
			/* txn ID client K PHASE OUTCOME [SQLSTATE] ["message"] */
			char		hdr[512];
			char		id[32] = "",
						client[16] = "",
						phase[32] = "",
						outcome[32] = "",
						sqlstate[16] = "";
			int			nf;

			snprintf(hdr, sizeof(hdr), "%.*s", (int) (len < sizeof(hdr) ? len : sizeof(hdr) - 1), line);
			nf = sscanf(hdr, "txn %31s client %15s %31s %31s %15s", id, client, phase, outcome, sqlstate);
			if (nf < 4 || strcmp(phase, "after-recovery") == 0)
				continue;
			if (strcmp(outcome, "failed") != 0 || nf < 5 || sqlstate[0] == '"')
				sqlstate[0] = '\0';
			if (fault_from != NULL && *fault_from < 0 && strcmp(phase, "fault") == 0)
				*fault_from = out->n;
			cur_cap = cur_cap < 512 ? 512 : cur_cap;
			cur = xrealloc(cur, cur_cap);
			cur_len = (size_t) snprintf(cur, cur_cap, "%s txn %s client %s %s%s%s :: ", phase, id,
										client, outcome, sqlstate[0] ? " " : "", sqlstate);
			in_txn = true;
			n_stmts = 0;
		}
	}
	FLUSH();
#undef FLUSH
	free(cur);
	if (fault_from != NULL && *fault_from < 0)
		*fault_from = out->n;
}

static const char *const timer_roles[] = {
	"checkpointer", "bgwriter", "walwriter", "autovacuum-launcher", "autovacuum-worker",
	"autovacuum_launcher", "autovacuum_worker", "stats", "archiver", "logger", "bgworker",
	"walsender", "walreceiver", NULL
};

bool
hx_role_timer_driven(const char *role)
{
	for (int i = 0; timer_roles[i] != NULL; i++)
		if (strcmp(role, timer_roles[i]) == 0)
			return true;
	return false;
}

bool
hx_point_timer_shared(const char *processes)
{
	char		buf[256];
	char	   *save = NULL;

	snprintf(buf, sizeof(buf), "%s", processes);
	for (char *w = strtok_r(buf, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save))
		if (strcmp(w, "any") == 0 || hx_role_timer_driven(w))
			return true;
	return false;
}

int
hx_compare_lines(const HxLines *a, const HxLines *b)
{
	int			n = a->n < b->n ? a->n : b->n;

	for (int i = 0; i < n; i++)
		if (strcmp(a->line[i], b->line[i]) != 0)
			return i;
	return a->n == b->n ? -1 : n;
}

/*-------------------------------------------------------------------------
 * Check sets
 *-------------------------------------------------------------------------
 */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* The sorted unique names of l into names[]; the count. */
static int
sorted_names(const HxCheckList *l, const char **names)
{
	int			n = 0,
				u = 0;

	for (int i = 0; i < l->n && i < (int) (sizeof(l->items) / sizeof(l->items[0])); i++)
		names[n++] = l->items[i].check;
	qsort(names, (size_t) n, sizeof(char *), cmp_str);
	for (int i = 0; i < n; i++)
		if (u == 0 || strcmp(names[u - 1], names[i]) != 0)
			names[u++] = names[i];
	return u;
}

bool
hx_checks_same(const HxCheckList *a, const HxCheckList *b)
{
	const char *na[16],
			   *nb[16];
	int			ua = sorted_names(a, na),
				ub = sorted_names(b, nb);

	if (ua != ub)
		return false;
	for (int i = 0; i < ua; i++)
		if (strcmp(na[i], nb[i]) != 0)
			return false;
	return true;
}

void
hx_checks_names(const HxCheckList *l, char *buf, size_t len)
{
	const char *names[16];
	int			u = sorted_names(l, names);
	size_t		used = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (u == 0)
		snprintf(buf, len, "none");
	for (int i = 0; i < u && used < len; i++)
		used += (size_t) snprintf(buf + used, len - used, "%s%s", i ? ", " : "", names[i]);
}

/*-------------------------------------------------------------------------
 * Shrinking
 *-------------------------------------------------------------------------
 */

static const HxPlanKey shrink_order[] = {
	HX_PLAN_CLIENTS, HX_PLAN_WARMUP, HX_PLAN_NTH, HX_PLAN_SCALE, HX_PLAN_BUDGET
};
#define N_SHRINK_KEYS ((int) (sizeof(shrink_order) / sizeof(shrink_order[0])))

int
hx_shrink_candidates(int value, int min, int out[2])
{
	int			n = 0;
	int			half = value / 2 < min ? min : value / 2;

	if (half < value && half >= min)
		out[n++] = half;
	if (value - 1 >= min && (n == 0 || out[0] != value - 1))
		out[n++] = value - 1;
	return n;
}

static bool
plan_equal(const HxPlan *a, const HxPlan *b)
{
	for (int k = 0; k < HX_PLAN_NKEYS; k++)
		if (a->has[k] != b->has[k] || (a->has[k] && a->v[k] != b->v[k]))
			return false;
	return true;
}

void
hx_shrink_init(HxShrink *s, const HxPlan *resolved, bool point_fault, int max_passes)
{
	memset(s, 0, sizeof(*s));
	s->best = *resolved;
	s->point = point_fault;
	s->max_passes = max_passes < 1 ? 1 : max_passes;
	s->tried[s->n_tried++] = *resolved;		/* known to fail: never proposed again */
}

static bool
key_applies(const HxShrink *s, HxPlanKey k)
{
	if (!s->best.has[k])
		return false;
	return s->point || (k != HX_PLAN_NTH && k != HX_PLAN_BUDGET);
}

bool
hx_shrink_next(HxShrink *s, HxPlan *candidate)
{
	if (s->waiting)
		return false;			/* hx_shrink_result first */
	while (s->pass < s->max_passes && s->n_tried < HX_SHRINK_MAX_TRIED)
	{
		if (s->key_pos >= N_SHRINK_KEYS)
		{
			/* a pass is over: another only if it found something */
			s->pass++;
			s->key_pos = 0;
			s->cand = 0;
			if (!s->changed)
				break;
			s->changed = false;
			continue;
		}
		{
			HxPlanKey	k = shrink_order[s->key_pos];
			int			cands[2];
			int			n;
			bool		seen = false;

			n = key_applies(s, k) ? hx_shrink_candidates(s->best.v[k], hx_plan_key_min(k), cands) : 0;
			if (s->cand >= n)
			{
				s->key_pos++;
				s->cand = 0;
				continue;
			}
			s->trying = s->best;
			s->trying.v[k] = cands[s->cand++];
			for (int i = 0; i < s->n_tried && !seen; i++)
				seen = plan_equal(&s->tried[i], &s->trying);
			if (seen)
				continue;
			s->tried[s->n_tried++] = s->trying;
			s->waiting = true;
			*candidate = s->trying;
			return true;
		}
	}
	s->pass = s->max_passes;
	return false;
}

void
hx_shrink_result(HxShrink *s, bool still_fails)
{
	if (!s->waiting)
		return;
	s->waiting = false;
	if (still_fails)
	{
		s->best = s->trying;
		s->cand = 0;			/* this key's candidates, from the new value */
		s->changed = true;
	}
}
