/*-------------------------------------------------------------------------
 * report.c
 *	  JUnit XML and the HTML report of a crash-matrix run, and merging
 *	  shards' JUnit files (report.h describes both formats).
 *
 * Invariants:
 *	- Output is a function of the run: no clock is read here (the run
 *	  carries its start time and elapsed time).
 *	- Nothing from a run reaches the output unescaped.
 *	- The HTML page needs nothing but itself: inline CSS, inline SVG,
 *	  no script, no font, no image, no link outside the page.
 *
 * Entry points: hx_xml_escape, hx_html_escape, hx_report_junit,
 * hx_report_html, hx_report_write, hx_junit_merge.
 *-------------------------------------------------------------------------
 */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*-------------------------------------------------------------------------
 * Escaping
 *-------------------------------------------------------------------------
 */

/*
 * Length of the valid UTF-8 sequence at s (1..4), or 0 if s does not start
 * one (bad lead byte, bad continuation, overlong form, surrogate, beyond
 * U+10FFFF, or U+FFFE/U+FFFF, which XML does not allow).
 */
static int
utf8_valid_len(const unsigned char *s)
{
	unsigned char c = s[0];
	int			n;
	unsigned char lo = 0x80,
				hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
	{
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	}
	else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	if (n == 3 && c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
		return 0;
	return n;
}

static void
escape(FILE *f, const char *s, bool xml)
{
	const unsigned char *p = (const unsigned char *) (s ? s : "");

	while (*p != '\0')
	{
		int			n;

		switch (*p)
		{
			case '&':
				fputs("&amp;", f);
				p++;
				continue;
			case '<':
				fputs("&lt;", f);
				p++;
				continue;
			case '>':
				fputs("&gt;", f);
				p++;
				continue;
			case '"':
				fputs("&quot;", f);
				p++;
				continue;
			case '\'':
				fputs("&#39;", f);
				p++;
				continue;
			case '\t':
			case '\n':
				fputc(*p++, f);
				continue;
			case '\r':
				fputs(xml ? "&#13;" : "\r", f);
				p++;
				continue;
			default:
				break;
		}
		if (*p < 0x20 || *p == 0x7F)
		{
			/* not allowed in XML 1.0, not even as a reference */
			fputs("\xEF\xBF\xBD", f);
			p++;
			continue;
		}
		n = utf8_valid_len(p);
		if (n == 0)
		{
			fputs("\xEF\xBF\xBD", f);
			p++;
			continue;
		}
		fwrite(p, 1, (size_t) n, f);
		p += n;
	}
}

void
hx_xml_escape(FILE *f, const char *s)
{
	escape(f, s, true);
}

void
hx_html_escape(FILE *f, const char *s)
{
	escape(f, s, false);
}

/* Shorthands: X for XML, H for HTML. */
#define X(s) hx_xml_escape(f, (s))
#define H(s) hx_html_escape(f, (s))

/*-------------------------------------------------------------------------
 * JUnit
 *-------------------------------------------------------------------------
 */

/* "check-a, check-b" (and "... N more") */
static void
check_names(const HxVerdict *v, char *buf, size_t len)
{
	size_t		used = 0;

	buf[0] = '\0';
	for (int i = 0; i < v->failures.n && used < len; i++)
		used += (size_t) snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
								  v->failures.items[i].check);
	if (v->failures.n_dropped > 0 && used < len)
		snprintf(buf + used, len - used, " and %d more", v->failures.n_dropped);
	if (buf[0] == '\0')
		snprintf(buf, len, "failed");
}

void
hx_report_junit(const HxMatrixRun *run, FILE *f)
{
	const HxMatrixList *l = run->list;
	long		tests = 0,
				failures = 0,
				skipped = 0;
	double		time_s = 0;

	for (int k = 0; k < l->n; k++)
	{
		const HxMatrixResult *r = &run->results[k];

		if (r->status == HX_ITEM_PENDING)
			continue;
		tests++;
		failures += r->status == HX_ITEM_FAIL;
		skipped += r->status == HX_ITEM_NOT_REACHED || r->status == HX_ITEM_BY_DESIGN;
		time_s += r->verdict.total_ms / 1000.0;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuite name=\"crashmatrix\" tests=\"%ld\" failures=\"%ld\" errors=\"0\" "
			"skipped=\"%ld\" time=\"%.3f\" timestamp=\"", tests, failures, skipped, time_s);
	X(run->started);
	fprintf(f, "\">\n");
	for (int k = 0; k < l->n; k++)
	{
		const HxMatrixItem *it = &l->items[k];
		const HxMatrixResult *r = &run->results[k];
		const HxVerdict *v = &r->verdict;

		if (r->status == HX_ITEM_PENDING)
			continue;
		if (r->status == HX_ITEM_BY_DESIGN)
		{
			fprintf(f, "  <testcase classname=\"by-design\" name=\"");
			X(it->fault);
			fprintf(f, "\" time=\"0\">\n    <skipped message=\"skipped by design\">");
			X(it->skip_reason);
			fprintf(f, "</skipped>\n  </testcase>\n");
			continue;
		}
		fprintf(f, "  <testcase classname=\"");
		X(it->workload);
		fprintf(f, "\" name=\"");
		X(it->fault);
		fprintf(f, " seed=%" PRIu64 "\" time=\"%.3f\"", it->seed, v->total_ms / 1000.0);
		if (r->status == HX_ITEM_PASS)
		{
			fprintf(f, "/>\n");
			continue;
		}
		fprintf(f, ">\n");
		if (r->status == HX_ITEM_NOT_REACHED)
		{
			fprintf(f, "    <skipped message=\"not reached\">");
			X(v->summary);
			fprintf(f, "</skipped>\n");
		}
		else
		{
			char		names[1024];

			check_names(v, names, sizeof(names));
			fprintf(f, "    <failure message=\"");
			X(names);
			fprintf(f, "\" type=\"recovery\">");
			for (int i = 0; i < v->failures.n; i++)
			{
				X(v->failures.items[i].check);
				fprintf(f, ": ");
				X(v->failures.items[i].detail);
				fprintf(f, "\n");
			}
			if (v->failures.n_dropped > 0)
				fprintf(f, "... and %d more failed checks\n", v->failures.n_dropped);
			fprintf(f, "workload: ");
			X(v->summary);
			fprintf(f, "\nrecovery: %.0f ms, total: %.0f ms\n", v->recovery_ms, v->total_ms);
			if (v->artifacts[0] != '\0')
			{
				fprintf(f, "artifacts: ");
				X(v->artifacts);
				fprintf(f, "\n");
			}
			fprintf(f, "reproduce: ");
			X(v->repro);
			fprintf(f, "</failure>\n");
		}
		fprintf(f, "  </testcase>\n");
	}
	fprintf(f, "</testsuite>\n");
}

/*-------------------------------------------------------------------------
 * Merging JUnit files
 *-------------------------------------------------------------------------
 */

typedef struct Attr
{
	char		name[32];
	const char *value;			/* into the document, not terminated */
	size_t		len;
} Attr;

/*
 * Parse the attributes of the tag whose name ends at p; stop after its
 * '>' (*self_closing if "/>").  Returns the position after the tag, or
 * NULL if it is not terminated.
 */
static const char *
parse_attrs(const char *p, Attr *attrs, int max, int *n, bool *self_closing)
{
	*n = 0;
	*self_closing = false;
	for (;;)
	{
		const char *name;
		size_t		nlen;
		char		q;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			return NULL;
		if (*p == '>')
			return p + 1;
		if (p[0] == '/' && p[1] == '>')
		{
			*self_closing = true;
			return p + 2;
		}
		name = p;
		while (*p && *p != '=' && *p != '>' && *p != ' ' && *p != '/')
			p++;
		nlen = (size_t) (p - name);
		while (*p == ' ')
			p++;
		if (*p != '=')
			continue;			/* an attribute without a value: skip it */
		p++;
		while (*p == ' ')
			p++;
		q = *p;
		if (q != '"' && q != '\'')
			return NULL;
		p++;
		{
			const char *value = p;

			while (*p && *p != q)
				p++;
			if (*p == '\0')
				return NULL;
			if (*n < max)
			{
				Attr	   *a = &attrs[(*n)++];

				snprintf(a->name, sizeof(a->name), "%.*s", (int) (nlen < 31 ? nlen : 31), name);
				a->value = value;
				a->len = (size_t) (p - value);
			}
		}
		p++;
	}
}

static const Attr *
attr_find(const Attr *attrs, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(attrs[i].name, name) == 0)
			return &attrs[i];
	return NULL;
}

/* "<tag" followed by a blank, '>' or '/' (so "<testsuite" is not "<testsuites"). */
static const char *
find_tag(const char *p, const char *end, const char *tag)
{
	size_t		n = strlen(tag);

	while (p < end && (p = strstr(p, tag)) != NULL && p < end)
	{
		char		c = p[n];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/')
			return p;
		p += n;
	}
	return NULL;
}

static long
count_tags(const char *p, const char *end, const char *tag)
{
	long		n = 0;

	while ((p = find_tag(p, end, tag)) != NULL)
	{
		n++;
		p++;
	}
	return n;
}

static long
attr_long(const Attr *a, int n, const char *name, const char *body, const char *end, const char *tag)
{
	const Attr *at = attr_find(a, n, name);

	if (at != NULL)
		return strtol(at->value, NULL, 10);
	return count_tags(body, end, tag);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/*
 * Copy body[0..end) to out without its <properties> elements and leading
 * line breaks, ending with a line break.
 */
static void
copy_body(FILE *out, const char *body, const char *end)
{
	const char *p = body;
	char		last = '\n';

	while (p < end && (*p == '\n' || *p == '\r'))
		p++;
	while (p < end)
	{
		const char *props = find_tag(p, end, "<properties");
		const char *close;

		if (props == NULL)
		{
			fwrite(p, 1, (size_t) (end - p), out);
			last = end[-1];
			break;
		}
		if (props > p)
		{
			fwrite(p, 1, (size_t) (props - p), out);
			last = props[-1];
		}
		close = strstr(props, "</properties>");
		if (close == NULL || close > end)
		{
			/* <properties/> or unterminated: skip the tag only */
			const char *gt = strchr(props, '>');

			p = gt && gt < end ? gt + 1 : end;
		}
		else
			p = close + strlen("</properties>");
	}
	if (last != '\n')
		fputc('\n', out);
}

bool
hx_junit_merge(const char *const *docs, const char *const *names, int n, FILE *out,
			   HxJunitTotals *t, char *err, size_t errlen)
{
	char	  **keys = NULL;
	long		nkeys = 0,
				capkeys = 0;
	char		suite_name[256] = "";
	char	   *bodies = NULL;
	size_t		bodies_len = 0;
	FILE	   *bf = open_memstream(&bodies, &bodies_len);
	bool		ok = false;

	memset(t, 0, sizeof(*t));
	if (bf == NULL)
	{
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (int d = 0; d < n; d++)
	{
		const char *doc = docs[d];
		const char *docend = doc + strlen(doc);
		const char *p = doc;
		int			found = 0;

		while ((p = find_tag(p, docend, "<testsuite")) != NULL)
		{
			Attr		a[16];
			int			na;
			bool		selfc;
			const char *body = parse_attrs(p + strlen("<testsuite"), a, 16, &na, &selfc);
			const char *end;
			const Attr *nm;
			const Attr *tm;

			if (body == NULL)
			{
				snprintf(err, errlen, "%s: unterminated <testsuite> tag", names[d]);
				goto done;
			}
			if (selfc)
				end = body;
			else
			{
				end = strstr(body, "</testsuite>");
				if (end == NULL)
				{
					snprintf(err, errlen, "%s: <testsuite> without </testsuite>", names[d]);
					goto done;
				}
			}
			found++;
			t->suites++;
			nm = attr_find(a, na, "name");
			if (suite_name[0] == '\0' && nm != NULL)
				snprintf(suite_name, sizeof(suite_name), "%.*s", (int) nm->len, nm->value);
			t->tests += attr_long(a, na, "tests", body, end, "<testcase");
			t->failures += attr_long(a, na, "failures", body, end, "<failure");
			t->errors += attr_long(a, na, "errors", body, end, "<error");
			t->skipped += attr_long(a, na, "skipped", body, end, "<skipped");
			tm = attr_find(a, na, "time");
			if (tm != NULL)
				t->time_s += strtod(tm->value, NULL);

			/* the testcases, for duplicates */
			for (const char *c = body; (c = find_tag(c, end, "<testcase")) != NULL;)
			{
				Attr		ca[8];
				int			nca;
				bool		csc;
				const char *after = parse_attrs(c + strlen("<testcase"), ca, 8, &nca, &csc);
				const Attr *cn = attr_find(ca, nca, "classname");
				const Attr *tn = attr_find(ca, nca, "name");
				char	   *key;

				if (after == NULL)
				{
					snprintf(err, errlen, "%s: unterminated <testcase> tag", names[d]);
					goto done;
				}
				t->testcases++;
				if (nkeys == capkeys)
				{
					capkeys = capkeys ? capkeys * 2 : 256;
					keys = realloc(keys, (size_t) capkeys * sizeof(char *));
					if (keys == NULL)
						abort();
				}
				if (asprintf(&key, "%.*s\x1f%.*s", cn ? (int) cn->len : 0, cn ? cn->value : "",
							 tn ? (int) tn->len : 0, tn ? tn->value : "") < 0)
					abort();
				keys[nkeys++] = key;
				c = after;
			}
			copy_body(bf, body, end);
			p = selfc ? body : end + strlen("</testsuite>");
		}
		if (found == 0)
		{
			snprintf(err, errlen, "%s: no <testsuite> element", names[d]);
			goto done;
		}
	}
	fflush(bf);

	qsort(keys, (size_t) nkeys, sizeof(char *), cmp_str);
	for (long i = 1; i < nkeys; i++)
		if (strcmp(keys[i], keys[i - 1]) == 0)
		{
			if (t->duplicates++ == 0)
			{
				char	   *sep = strchr(keys[i], '\x1f');

				snprintf(t->first_duplicate, sizeof(t->first_duplicate), "%.*s %s",
						 (int) (sep - keys[i]), keys[i], sep + 1);
			}
		}

	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out, "<testsuite name=\"%s\" tests=\"%ld\" failures=\"%ld\" errors=\"%ld\" "
			"skipped=\"%ld\" time=\"%.3f\">\n",
			suite_name[0] ? suite_name : "crashmatrix", t->tests, t->failures, t->errors,
			t->skipped, t->time_s);
	fwrite(bodies, 1, bodies_len, out);
	fprintf(out, "</testsuite>\n");
	ok = true;

done:
	fclose(bf);
	free(bodies);
	for (long i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	return ok;
}

/*-------------------------------------------------------------------------
 * HTML
 *-------------------------------------------------------------------------
 */

static const char css[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1d232a;"
	"background:#fff}\n"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid "
	"#d8dee4;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}\n"
	"code,pre{font:12.5px/1.4 ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace}\n"
	"pre{background:#f6f8fa;border:1px solid #d8dee4;border-radius:4px;padding:8px 10px;"
	"white-space:pre-wrap;word-break:break-all;margin:4px 0}\n"
	".verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-size:14px;color:#fff;"
	"vertical-align:middle;margin-left:8px}\n"
	".v-pass{background:#1f883d}.v-fail{background:#cf222e}.v-partial{background:#9a6700}\n"
	"table.facts td{padding:1px 14px 1px 0;vertical-align:top}table.facts td:first-child{color:#57606a}\n"
	".totals{display:flex;gap:10px;flex-wrap:wrap;margin:14px 0}\n"
	".box{border:1px solid #d8dee4;border-radius:6px;padding:6px 14px;min-width:90px}\n"
	".box b{display:block;font-size:22px}.box span{color:#57606a;font-size:12px}\n"
	"table.grid{border-collapse:collapse;font-size:12px}\n"
	"table.grid th{padding:2px 6px;text-align:center;font-weight:600;background:#f6f8fa;"
	"border:1px solid #d8dee4}\n"
	"table.grid th.row{text-align:left;font-weight:400;background:#fff}\n"
	"table.grid tr.group th{text-align:left;background:#eaeef2;font-weight:600}\n"
	"table.grid td{width:58px;height:18px;text-align:center;border:1px solid #d8dee4;padding:0}\n"
	"table.grid td a{display:block;color:inherit;text-decoration:none}\n"
	".c-pass{background:#2da44e;color:#fff}.c-fail{background:#cf222e;color:#fff;font-weight:700}\n"
	".c-mixed{background:#8fd19e;color:#1d232a}.c-skip{background:#eac54f;color:#1d232a}\n"
	".c-design{background:repeating-linear-gradient(135deg,#eaeef2 0 4px,#d0d7de 4px 8px);"
	"color:#57606a}\n"
	".c-pending{background:#fff;color:#8c959f}.c-none{background:#fafbfc}\n"
	".legend span{display:inline-block;padding:1px 8px;margin-right:6px;border-radius:3px;"
	"border:1px solid #d8dee4;font-size:12px}\n"
	".failure{border-left:4px solid #cf222e;padding:2px 0 6px 12px;margin:14px 0}\n"
	"table.list{border-collapse:collapse;font-size:13px}\n"
	"table.list td,table.list th{border-bottom:1px solid #eaeef2;padding:3px 10px 3px 0;"
	"text-align:left;vertical-align:top}\n"
	".muted{color:#57606a}\n"
	"svg text{font:11px system-ui,sans-serif;fill:#57606a}\n";

/* Fixed column order; only columns the run has are shown. */
static const struct
{
	const char *name;
	const char *title;
}			grid_columns[] = {
	{"crash", "SIGKILL of the process that reaches the point"},
	{"error", "io points: the call fails with EIO; step points: an ERROR is raised there"},
	{"powerloss", "power cut at the point: every file rolled back to its last fsync"},
	{"corrupt-buffer-page", "scribble over a buffer page header (its writer must refuse it and PANIC)"},
	{"corrupt-buffer-desc", "scribble over a buffer descriptor (its owner must PANIC when it meets it)"},
	{"corrupt-proc", "scribble over a proc entry (every snapshot checks it: PANIC)"},
	{"corrupt-lock", "scribble over a lock table entry (the lookup checks it: PANIC)"},
	{"corrupt-wal-buffers", "scribble over a WAL buffer page header (checked before the write: PANIC)"},
	{"kill/stop", "SIGKILL of a process by role, kill -9 of the postmaster, or an immediate stop"},
};
#define N_GRID_COLUMNS ((int) (sizeof(grid_columns) / sizeof(grid_columns[0])))

typedef struct GridRow
{
	const char *row;
	int			order;
	bool		process;		/* a kill/stop row rather than a fault point */
} GridRow;

static int
cmp_row(const void *a, const void *b)
{
	const GridRow *x = a,
			   *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->row, y->row);
}

static void
ms_text(double ms, char *buf, size_t len)
{
	if (ms < 10000)
		snprintf(buf, len, "%.0f ms", ms);
	else
		snprintf(buf, len, "%.1f s", ms / 1000.0);
}

/* One item's line in a cell's hover title. */
static void
item_title(FILE *f, const HxMatrixItem *it, const HxMatrixResult *r)
{
	const HxVerdict *v = &r->verdict;
	char		rec[32],
				tot[32];

	if (r->status == HX_ITEM_BY_DESIGN)
	{
		H(it->fault);
		fprintf(f, ": skipped by design: ");
		H(it->skip_reason);
		return;
	}
	H(it->name);
	fprintf(f, " seed=%" PRIu64 ": ", it->seed);
	ms_text(v->recovery_ms, rec, sizeof(rec));
	ms_text(v->total_ms, tot, sizeof(tot));
	switch (r->status)
	{
		case HX_ITEM_PASS:
			fprintf(f, "PASS, recovery %s, total %s; ", rec, tot);
			H(v->summary);
			break;
		case HX_ITEM_FAIL:
			fprintf(f, "FAIL: ");
			for (int i = 0; i < v->failures.n; i++)
			{
				fprintf(f, "%s", i ? ", " : "");
				H(v->failures.items[i].check);
			}
			break;
		case HX_ITEM_NOT_REACHED:
			fprintf(f, "skipped: ");
			H(v->summary);
			break;
		default:
			fprintf(f, "pending");
			break;
	}
}

static void
html_grid(const HxMatrixRun *run, FILE *f)
{
	const HxMatrixList *l = run->list;
	GridRow    *rows = calloc((size_t) (l->n ? l->n : 1), sizeof(GridRow));
	int			nrows = 0;
	bool		used[N_GRID_COLUMNS] = {false};
	char		group[64] = "";
	int			ncols = 0;

	if (rows == NULL)
		abort();
	for (int k = 0; k < l->n; k++)
	{
		const HxMatrixItem *it = &l->items[k];
		bool		seen = false;

		for (int c = 0; c < N_GRID_COLUMNS; c++)
			if (strcmp(grid_columns[c].name, it->column) == 0)
				used[c] = true;
		for (int r = 0; r < nrows && !seen; r++)
			seen = strcmp(rows[r].row, it->row) == 0;
		if (!seen)
		{
			rows[nrows].row = it->row;
			rows[nrows].order = it->row_order;
			rows[nrows].process = strcmp(it->column, "kill/stop") == 0;
			nrows++;
		}
	}
	qsort(rows, (size_t) nrows, sizeof(GridRow), cmp_row);
	for (int c = 0; c < N_GRID_COLUMNS; c++)
		ncols += used[c];

	fprintf(f, "<p class=\"legend\"><span class=\"c-pass\">pass</span>"
			"<span class=\"c-mixed\">pass, some not reached</span>"
			"<span class=\"c-fail\">fail</span>"
			"<span class=\"c-skip\">not reached by the workload</span>"
			"<span class=\"c-design\">skipped by design</span>"
			"<span class=\"c-pending\">pending</span>"
			"<span class=\"c-none\">not in this matrix</span> "
			"<span style=\"border:0\" class=\"muted\">a number is how many workloads &#215; seeds "
			"the cell holds; hover a cell for each one, click a failed cell for its details</span>"
			"</p>\n");
	fprintf(f, "<table class=\"grid\">\n<tr><th>fault point</th>");
	for (int c = 0; c < N_GRID_COLUMNS; c++)
		if (used[c])
		{
			fprintf(f, "<th title=\"");
			H(grid_columns[c].title);
			fprintf(f, "\">");
			/* narrow columns: break "corrupt-proc", "kill/stop" after the first word */
			{
				const char *name = grid_columns[c].name;
				size_t		cut = strcspn(name, "-/");

				if (name[cut] != '\0')
				{
					fprintf(f, "%.*s<br>", (int) cut + 1, name);
					H(name + cut + 1);
				}
				else
					H(name);
			}
			fprintf(f, "</th>");
		}
	fprintf(f, "</tr>\n");

	for (int r = 0; r < nrows; r++)
	{
		const char *slash = strchr(rows[r].row, '/');
		char		g[64];

		if (rows[r].process)
			snprintf(g, sizeof(g), "processes");
		else
			snprintf(g, sizeof(g), "%.*s", slash ? (int) (slash - rows[r].row) : 63, rows[r].row);
		if (r == 0 || strcmp(group, g) != 0)
		{
			snprintf(group, sizeof(group), "%s", g);
			fprintf(f, "<tr class=\"group\"><th colspan=\"%d\">", ncols + 1);
			H(g);
			fprintf(f, "</th></tr>\n");
		}
		fprintf(f, "<tr><th class=\"row\"><code>");
		H(rows[r].row);
		fprintf(f, "</code></th>");
		for (int c = 0; c < N_GRID_COLUMNS; c++)
		{
			int			n = 0,
						pass = 0,
						fail = 0,
						skip = 0,
						design = 0,
						pending = 0,
						first_fail = -1;
			const char *cls;

			if (!used[c])
				continue;
			for (int k = 0; k < l->n; k++)
			{
				const HxMatrixItem *it = &l->items[k];

				if (strcmp(it->row, rows[r].row) != 0 || strcmp(it->column, grid_columns[c].name) != 0)
					continue;
				n++;
				switch (run->results[k].status)
				{
					case HX_ITEM_PASS:
						pass++;
						break;
					case HX_ITEM_FAIL:
						fail++;
						if (first_fail < 0)
							first_fail = k;
						break;
					case HX_ITEM_NOT_REACHED:
						skip++;
						break;
					case HX_ITEM_BY_DESIGN:
						design++;
						break;
					case HX_ITEM_PENDING:
						pending++;
						break;
				}
			}
			if (n == 0)
			{
				fprintf(f, "<td class=\"c-none\"></td>");
				continue;
			}
			cls = fail ? "c-fail" : pass && (skip || pending) ? "c-mixed" : pass ? "c-pass" :
				skip ? "c-skip" : design ? "c-design" : "c-pending";
			fprintf(f, "<td class=\"%s\" title=\"", cls);
			for (int k = 0, shown = 0; k < l->n; k++)
			{
				const HxMatrixItem *it = &l->items[k];

				if (strcmp(it->row, rows[r].row) != 0 || strcmp(it->column, grid_columns[c].name) != 0)
					continue;
				if (shown++ > 0)
					fprintf(f, "\n");
				item_title(f, it, &run->results[k]);
			}
			fprintf(f, "\">");
			if (first_fail >= 0)
				fprintf(f, "<a href=\"#fail-%d\">", l->items[first_fail].index);
			if (fail)
				fprintf(f, n > 1 ? "&#10007; %d/%d" : "&#10007;", fail, n);
			else if (pass)
				fprintf(f, n > 1 ? "%d/%d" : "&#10003;", pass, n);
			else if (skip)
				fprintf(f, n > 1 ? "&#8211; %d" : "&#8211;", skip);
			else if (design)
				fprintf(f, "&#183;");
			else
				fprintf(f, "&#8230;");
			if (first_fail >= 0)
				fprintf(f, "</a>");
			fprintf(f, "</td>");
		}
		fprintf(f, "</tr>\n");
	}
	fprintf(f, "</table>\n");
	free(rows);
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

/* The smallest 1, 2 or 5 times a power of ten at or above x. */
static double
nice_ceiling(double x)
{
	double		p;

	if (x <= 1)
		return 1;
	p = pow(10, floor(log10(x)));
	if (x <= p)
		return p;
	if (x <= 2 * p)
		return 2 * p;
	if (x <= 5 * p)
		return 5 * p;
	return 10 * p;
}

static double
percentile(const double *sorted, int n, double q)
{
	int			i = (int) ceil(q * n) - 1;

	if (n == 0)
		return 0;
	if (i < 0)
		i = 0;
	if (i >= n)
		i = n - 1;
	return sorted[i];
}

static void
html_plot(const HxMatrixRun *run, FILE *f)
{
	const HxMatrixList *l = run->list;
	const double W = 960,
				Hh = 280,
				ml = 56,
				mr = 12,
				mt = 12,
				mb = 34;
	double	   *vals = calloc((size_t) (l->n ? l->n : 1), sizeof(double));
	int			nv = 0;
	double		ymax = 0;
	int			x = 0;

	if (vals == NULL)
		abort();
	for (int k = 0; k < l->n; k++)
	{
		HxItemStatus s = run->results[k].status;

		if (s == HX_ITEM_PASS || s == HX_ITEM_FAIL)
		{
			vals[nv++] = run->results[k].verdict.recovery_ms;
			if (run->results[k].verdict.recovery_ms > ymax)
				ymax = run->results[k].verdict.recovery_ms;
		}
	}
	if (nv == 0)
	{
		fprintf(f, "<p class=\"muted\">No scenario has run to a verdict yet.</p>\n");
		free(vals);
		return;
	}
	ymax = nice_ceiling(ymax);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
			"height=\"%.0f\" role=\"img\" aria-label=\"recovery time per scenario\">\n",
			W, Hh, W, Hh);
	fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"#fafbfc\" "
			"stroke=\"#d8dee4\"/>\n", ml, mt, W - ml - mr, Hh - mt - mb);
	for (int t = 0; t <= 5; t++)
	{
		double		v = ymax * t / 5;
		double		y = Hh - mb - (Hh - mt - mb) * t / 5;

		fprintf(f, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eaeef2\"/>"
				"<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
				ml, W - mr, y, y, ml - 6, y + 4, v);
	}
	fprintf(f, "<text x=\"14\" y=\"%.0f\" transform=\"rotate(-90 14 %.0f)\" text-anchor=\"middle\">"
			"recovery (ms)</text>\n", (Hh - mb + mt) / 2, (Hh - mb + mt) / 2);
	fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">scenarios in matrix order "
			"(%d with a verdict; fault to first successful query after recovery)</text>\n",
			(W + ml) / 2, Hh - 8, nv);
	for (int k = 0; k < l->n; k++)
	{
		const HxMatrixResult *r = &run->results[k];
		double		cx,
					cy;

		if (r->status != HX_ITEM_PASS && r->status != HX_ITEM_FAIL)
			continue;
		cx = ml + 6 + (W - ml - mr - 12) * (nv > 1 ? (double) x / (nv - 1) : 0.5);
		cy = Hh - mb - (Hh - mt - mb) * r->verdict.recovery_ms / ymax;
		x++;
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"><title>", cx, cy,
				r->status == HX_ITEM_FAIL ? "4" : "2.6",
				r->status == HX_ITEM_FAIL ? "#cf222e" : "#2da44e");
		H(l->items[k].name);
		fprintf(f, " seed=%" PRIu64 ": %.0f ms%s</title></circle>\n", l->items[k].seed,
				r->verdict.recovery_ms, r->status == HX_ITEM_FAIL ? " (FAIL)" : "");
	}
	fprintf(f, "</svg>\n");

	/* the numbers behind it, per grid column */
	fprintf(f, "<table class=\"list\"><tr><th>action</th><th>scenarios</th><th>median</th>"
			"<th>p90</th><th>max</th></tr>\n");
	for (int c = -1; c < N_GRID_COLUMNS; c++)
	{
		int			m = 0;

		for (int k = 0; k < l->n; k++)
		{
			HxItemStatus s = run->results[k].status;

			if ((s == HX_ITEM_PASS || s == HX_ITEM_FAIL) &&
				(c < 0 || strcmp(l->items[k].column, grid_columns[c].name) == 0))
				vals[m++] = run->results[k].verdict.recovery_ms;
		}
		if (m == 0)
			continue;
		qsort(vals, (size_t) m, sizeof(double), cmp_double);
		fprintf(f, "<tr><td>%s</td><td>%d</td><td>%.0f ms</td><td>%.0f ms</td><td>%.0f ms</td></tr>\n",
				c < 0 ? "all" : grid_columns[c].name, m, percentile(vals, m, 0.5),
				percentile(vals, m, 0.9), vals[m - 1]);
	}
	fprintf(f, "</table>\n");
	free(vals);
}

static void
html_failures(const HxMatrixRun *run, FILE *f)
{
	const HxMatrixList *l = run->list;

	fprintf(f, "<h2>Failures (%d)</h2>\n", run->n_fail);
	if (run->n_fail == 0)
		fprintf(f, "<p class=\"muted\">None.</p>\n");
	for (int k = 0; k < l->n; k++)
	{
		const HxMatrixItem *it = &l->items[k];
		const HxVerdict *v = &run->results[k].verdict;
		char		rec[32],
					tot[32];

		if (run->results[k].status != HX_ITEM_FAIL)
			continue;
		ms_text(v->recovery_ms, rec, sizeof(rec));
		ms_text(v->total_ms, tot, sizeof(tot));
		fprintf(f, "<div class=\"failure\" id=\"fail-%d\">\n<h3><code>", it->index);
		H(it->name);
		fprintf(f, "</code> seed=%" PRIu64 "</h3>\n", it->seed);
		fprintf(f, "<table class=\"list\"><tr><th>check</th><th>details</th></tr>\n");
		for (int i = 0; i < v->failures.n; i++)
		{
			fprintf(f, "<tr><td><code>");
			H(v->failures.items[i].check);
			fprintf(f, "</code></td><td>");
			H(v->failures.items[i].detail);
			fprintf(f, "</td></tr>\n");
		}
		if (v->failures.n_dropped > 0)
			fprintf(f, "<tr><td colspan=\"2\">... and %d more failed checks</td></tr>\n",
					v->failures.n_dropped);
		fprintf(f, "</table>\n<p>workload: ");
		H(v->summary);
		fprintf(f, "<br>recovery %s, total %s<br>artifacts: ", rec, tot);
		if (v->artifacts[0] != '\0')
		{
			fprintf(f, "<code>");
			H(v->artifacts);
			fprintf(f, "</code>");
		}
		else
			fprintf(f, "<span class=\"muted\">none kept</span>");
		fprintf(f, "</p>\n<p>reproduce:</p>\n<pre><code>");
		H(v->repro);
		fprintf(f, "</code></pre>\n</div>\n");
	}
}

static void
html_skips(const HxMatrixRun *run, FILE *f)
{
	const HxMatrixList *l = run->list;

	fprintf(f, "<h2>Not reached by the workload (%d)</h2>\n", run->n_not_reached);
	if (run->n_not_reached == 0)
		fprintf(f, "<p class=\"muted\">None: every fault fired.</p>\n");
	else
	{
		fprintf(f, "<p class=\"muted\">These ran, but the workload never hit the point before "
				"the runner gave up waiting, so nothing was checked.</p>\n");
		fprintf(f, "<table class=\"list\"><tr><th>scenario</th><th>seed</th><th>workload</th></tr>\n");
		for (int k = 0; k < l->n; k++)
		{
			if (run->results[k].status != HX_ITEM_NOT_REACHED)
				continue;
			fprintf(f, "<tr><td><code>");
			H(l->items[k].name);
			fprintf(f, "</code></td><td>%" PRIu64 "</td><td>", l->items[k].seed);
			H(run->results[k].verdict.summary);
			fprintf(f, "</td></tr>\n");
		}
		fprintf(f, "</table>\n");
	}
	fprintf(f, "<h2>Skipped by design (%d)</h2>\n", run->n_by_design);
	if (run->n_by_design == 0)
		fprintf(f, "<p class=\"muted\">None in this shard.</p>\n");
	else
	{
		fprintf(f, "<table class=\"list\"><tr><th>fault</th><th>why it is not run</th></tr>\n");
		for (int k = 0; k < l->n; k++)
		{
			if (run->results[k].status != HX_ITEM_BY_DESIGN)
				continue;
			fprintf(f, "<tr><td><code>");
			H(l->items[k].fault);
			fprintf(f, "</code></td><td>");
			H(l->items[k].skip_reason);
			fprintf(f, "</td></tr>\n");
		}
		fprintf(f, "</table>\n");
	}
}

void
hx_report_html(const HxMatrixRun *run, FILE *f)
{
	char		elapsed[32];
	bool		done = run->n_done == run->n_run;
	const char *vclass = run->n_fail ? "v-fail" : done ? "v-pass" : "v-partial";

	hx_format_duration(run->elapsed_ms, elapsed, sizeof(elapsed));
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			"<title>crashmatrix: %d run, %d failed</title>\n<style>\n%s</style>\n</head>\n<body>\n",
			run->n_run, run->n_fail, css);
	fprintf(f, "<h1>crashmatrix %s<span class=\"verdict %s\">", run->mode == HX_MATRIX_QUICK ?
			"quick matrix" : "full matrix", vclass);
	if (run->n_fail)
		fprintf(f, "%d failed", run->n_fail);
	else if (done)
		fprintf(f, "no failures");
	else
		fprintf(f, "in progress: %d of %d", run->n_done, run->n_run);
	fprintf(f, "</span></h1>\n<table class=\"facts\">\n");
	fprintf(f, "<tr><td>started</td><td>");
	H(run->started);
	fprintf(f, " UTC</td></tr>\n<tr><td>time</td><td>%s (%.1f scenarios/min)</td></tr>\n",
			elapsed, hx_matrix_rate_per_min(run));
	fprintf(f, "<tr><td>shard</td><td>%d/%d</td></tr>\n", run->shard_i, run->shard_n);
	fprintf(f, "<tr><td>seeds</td><td>%" PRIu64 "..%" PRIu64 "</td></tr>\n",
			run->seed_first, run->seed_last);
	fprintf(f, "<tr><td>workloads</td><td>");
	H(run->workloads);
	fprintf(f, "</td></tr>\n<tr><td>engine</td><td><code>");
	H(run->bindir);
	fprintf(f, "</code></td></tr>\n<tr><td>command</td><td><code>");
	H(run->command);
	fprintf(f, "</code></td></tr>\n</table>\n");

	fprintf(f, "<div class=\"totals\">"
			"<div class=\"box\"><b>%d</b><span>scenarios run</span></div>"
			"<div class=\"box\"><b>%d</b><span>passed</span></div>"
			"<div class=\"box\"><b>%d</b><span>failed</span></div>"
			"<div class=\"box\"><b>%d</b><span>not reached</span></div>"
			"<div class=\"box\"><b>%d</b><span>skipped by design</span></div>"
			"<div class=\"box\"><b>%.1f</b><span>scenarios/min</span></div>"
			"</div>\n",
			run->n_done, run->n_pass, run->n_fail, run->n_not_reached, run->n_by_design,
			hx_matrix_rate_per_min(run));

	fprintf(f, "<h2>Fault points by action</h2>\n");
	html_grid(run, f);
	fprintf(f, "<h2>Recovery time per scenario</h2>\n");
	html_plot(run, f);
	html_failures(run, f);
	html_skips(run, f);
	fprintf(f, "</body>\n</html>\n");
}

bool
hx_report_write(const char *path, void (*writer) (const HxMatrixRun *, FILE *),
				const HxMatrixRun *run)
{
	char		tmp[4096];
	FILE	   *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
	{
		fprintf(stderr, "crashmatrix: could not write \"%s\": %s\n", tmp, strerror(errno));
		return false;
	}
	writer(run, f);
	if (ferror(f) | (fclose(f) != 0))
	{
		fprintf(stderr, "crashmatrix: could not write \"%s\": %s\n", tmp, strerror(errno));
		unlink(tmp);
		return false;
	}
	if (rename(tmp, path) != 0)
	{
		fprintf(stderr, "crashmatrix: could not rename \"%s\": %s\n", tmp, strerror(errno));
		return false;
	}
	return true;
}
