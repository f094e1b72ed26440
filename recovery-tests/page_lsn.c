/*-------------------------------------------------------------------------
 * page_lsn.c
 *	  "pages-not-ahead-of-wal": no page on disk newer than the WAL that
 *	  survived the crash (see page_lsn.h for the rule and its limits).
 *
 * Invariants:
 *	- The pure parts (page header, waldump parsing, the decision) touch no
 *	  file and no process; the live part only reads the data directory
 *	  and runs minipg_waldump, never writes anything of the cluster.
 *	- Pages are read before the WAL (a page a running server writes in
 *	  between has its WAL flushed first, so it is in what is read after).
 *-------------------------------------------------------------------------
 */
#include "page_lsn.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/hx_util.h"

#define PAGE_VERSION_WORD	(HX_PAGE_SIZE | 4)	/* pd_pagesize_version of minipg pages */
#define WALDUMP_OUTPUT_MAX	(8 * 1024 * 1024)
#define REPORT_PAGES_MAX	3

HxPageKind
hx_page_kind(const unsigned char *page, uint64_t *lsn)
{
	uint64_t	v = 0;
	uint16_t	version = (uint16_t) (page[18] | (page[19] << 8));
	uint16_t	upper = (uint16_t) (page[14] | (page[15] << 8));

	*lsn = 0;
	if (upper == 0)
	{
		for (int i = 0; i < HX_PAGE_SIZE; i++)
			if (page[i] != 0)
				return HX_PAGE_UNRECOGNIZED;
		return HX_PAGE_NEW;
	}
	if (version != PAGE_VERSION_WORD)
		return HX_PAGE_UNRECOGNIZED;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | page[i];
	*lsn = v;
	return HX_PAGE_INITIALIZED;
}

/* One "rmgr: ..." line into rec; false if it is not one. */
static bool
parse_record_line(const char *line, const char *eol, HxWalRecord *rec)
{
	const char *tot = strstr(line, "len (rec/tot):");
	const char *lsn = strstr(line, ", lsn: ");
	const char *desc = strstr(line, ", desc: ");
	const char *slash;
	char	   *end;
	unsigned long n;

	if (strncmp(line, "rmgr: ", 6) != 0 || tot == NULL || lsn == NULL || tot > eol || lsn > eol)
		return false;
	slash = strchr(tot + strlen("len (rec/tot):"), '/');
	if (slash == NULL || slash > eol)
		return false;
	errno = 0;
	n = strtoul(slash + 1, &end, 10);
	if (errno != 0 || end == slash + 1 || n == 0)
		return false;
	if (!hx_lsn_parse_prefix(lsn + strlen(", lsn: "), &rec->start, NULL))
		return false;
	rec->end = rec->start + n;
	rec->end_of_recovery = strncmp(line + 6, "XLOG ", 5) == 0 && desc != NULL && desc < eol &&
		strncmp(desc + strlen(", desc: "), "END_OF_RECOVERY", 15) == 0;
	return true;
}

int
hx_waldump_parse(const char *text, HxWalRecord **out)
{
	int			n = 0,
				cap = 0;
	HxWalRecord *recs = NULL;

	for (const char *p = text; *p;)
	{
		const char *eol = strchr(p, '\n');
		HxWalRecord rec;

		if (eol == NULL)
			eol = p + strlen(p);
		if (parse_record_line(p, eol, &rec))
		{
			if (n == cap)
			{
				HxWalRecord *bigger;

				cap = cap ? cap * 2 : 64;
				bigger = hx_xmalloc((size_t) cap * sizeof(*recs));
				if (n > 0)
					memcpy(bigger, recs, (size_t) n * sizeof(*recs));
				free(recs);
				recs = bigger;
			}
			recs[n++] = rec;
		}
		p = *eol ? eol + 1 : eol;
	}
	*out = recs;
	return n;
}

static int
compare_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *) a,
				y = *(const uint64_t *) b;

	return x < y ? -1 : x > y;
}

bool
hx_check_pages_vs_wal(HxCheckList *out, const HxPageLsn *pages, int n_pages,
					  const HxWalRecord *recs, int n_recs, char *why, size_t whylen)
{
	int			eor = -1;
	uint64_t	recovered_end;
	uint64_t   *ends;
	int			n_ends = 0;
	int			n_bad = 0;
	char		shown[3 * 160] = "";

	for (int i = 0; i < n_recs; i++)
		if (recs[i].end_of_recovery)
			eor = i;
	if (eor < 0)
	{
		snprintf(why, whylen, "no END_OF_RECOVERY record in the WAL from the replay's start");
		return false;
	}
	recovered_end = recs[eor].start;
	/* the ends of the records written since recovery, sorted for lookup */
	ends = hx_xmalloc((size_t) (n_recs - eor) * sizeof(*ends));
	for (int i = eor; i < n_recs; i++)
		ends[n_ends++] = recs[i].end;
	qsort(ends, (size_t) n_ends, sizeof(*ends), compare_u64);

	for (int i = 0; i < n_pages; i++)
	{
		const HxPageLsn *pg = &pages[i];
		char		lsn[32];
		size_t		len = strlen(shown);

		if (pg->lsn <= recovered_end ||
			bsearch(&pg->lsn, ends, (size_t) n_ends, sizeof(*ends), compare_u64) != NULL)
			continue;
		if (n_bad++ < REPORT_PAGES_MAX)
		{
			hx_lsn_format(pg->lsn, lsn, sizeof(lsn));
			snprintf(shown + len, sizeof(shown) - len, "%s%s block %" PRIu32 " has LSN %s",
					 len ? "; " : "", pg->file, pg->block, lsn);
		}
	}
	if (n_bad > 0)
	{
		char		e[32],
					now[32];

		hx_lsn_format(recovered_end, e, sizeof(e));
		hx_lsn_format(recs[n_recs - 1].end, now, sizeof(now));
		hx_check_fail(out, "pages-not-ahead-of-wal",
					  "%d page(s) on disk are newer than the WAL that survived: %s%s; "
					  "the recovered WAL ends at %s (END_OF_RECOVERY) and no record written "
					  "since ends there (WAL now ends at %s): written before their WAL was flushed",
					  n_bad, shown, n_bad > REPORT_PAGES_MAX ? " ..." : "", e, now);
	}
	free(ends);
	return true;
}

/*-------------------------------------------------------------------------
 * The live check
 *-------------------------------------------------------------------------
 */

typedef struct PageList
{
	HxPageLsn  *items;
	int			n;
	int			cap;
} PageList;

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Read one relation file; keep its initialized pages with pd_lsn > above. */
static bool
scan_file(const char *datadir, const char *rel, uint64_t above, PageList *l,
		  char *why, size_t whylen)
{
	char		path[HX_PATH_LEN + 80];
	unsigned char *page = hx_xmalloc(HX_PAGE_SIZE);
	int			fd;
	uint32_t	block = 0;
	ssize_t		got;

	snprintf(path, sizeof(path), "%s/%s", datadir, rel);
	fd = open(path, O_RDONLY);
	if (fd < 0)
	{
		free(page);
		if (errno == ENOENT)	/* dropped meanwhile */
			return true;
		snprintf(why, whylen, "could not open %s: %s", path, strerror(errno));
		return false;
	}
	/* a partial page at the end (an extension cut short) is not a page */
	while ((got = pread(fd, page, HX_PAGE_SIZE, (off_t) block * HX_PAGE_SIZE)) == HX_PAGE_SIZE)
	{
		uint64_t	lsn;

		if (hx_page_kind(page, &lsn) == HX_PAGE_INITIALIZED && lsn > above)
		{
			if (l->n == l->cap)
			{
				HxPageLsn  *bigger;

				l->cap = l->cap ? l->cap * 2 : 64;
				bigger = hx_xmalloc((size_t) l->cap * sizeof(*bigger));
				if (l->n > 0)
					memcpy(bigger, l->items, (size_t) l->n * sizeof(*bigger));
				free(l->items);
				l->items = bigger;
			}
			snprintf(l->items[l->n].file, sizeof(l->items[l->n].file), "%s", rel);
			l->items[l->n].block = block;
			l->items[l->n].lsn = lsn;
			l->n++;
		}
		block++;
	}
	if (got < 0)
		snprintf(why, whylen, "could not read %s: %s", path, strerror(errno));
	close(fd);
	free(page);
	return got >= 0;
}

/* Every file named by digits in datadir/sub (global, base/DB). */
static bool
scan_dir(const char *datadir, const char *sub, uint64_t above, PageList *l,
		 char *why, size_t whylen)
{
	char		path[HX_PATH_LEN + 80];
	DIR		   *d;
	struct dirent *de;
	bool		ok = true;

	snprintf(path, sizeof(path), "%s/%s", datadir, sub);
	d = opendir(path);
	if (d == NULL)
	{
		snprintf(why, whylen, "could not open directory %s: %s", path, strerror(errno));
		return false;
	}
	while (ok && (de = readdir(d)) != NULL)
	{
		char		rel[64];

		if (!all_digits(de->d_name) || strlen(sub) + strlen(de->d_name) + 2 > sizeof(rel))
			continue;
		snprintf(rel, sizeof(rel), "%s/%s", sub, de->d_name);
		ok = scan_file(datadir, rel, above, l, why, whylen);
	}
	closedir(d);
	return ok;
}

static bool
scan_pages(const char *datadir, uint64_t above, PageList *l, char *why, size_t whylen)
{
	char		base[HX_PATH_LEN + 16];
	DIR		   *d;
	struct dirent *de;
	bool		ok;

	if (!scan_dir(datadir, "global", above, l, why, whylen))
		return false;
	snprintf(base, sizeof(base), "%s/base", datadir);
	d = opendir(base);
	if (d == NULL)
	{
		snprintf(why, whylen, "could not open directory %s: %s", base, strerror(errno));
		return false;
	}
	ok = true;
	while (ok && (de = readdir(d)) != NULL)
	{
		char		sub[32];

		if (!all_digits(de->d_name) || strlen(de->d_name) > 20)
			continue;
		snprintf(sub, sizeof(sub), "base/%s", de->d_name);
		ok = scan_dir(datadir, sub, above, l, why, whylen);
	}
	closedir(d);
	return ok;
}

bool
hx_check_pages_not_ahead(HxCheckList *out, HxCluster *c, uint64_t redo_start,
						 char *why, size_t whylen)
{
	PageList	pages = {NULL, 0, 0};
	char		prog[HX_PATH_LEN + 32];
	char		start[32];
	char	   *text;
	HxWalRecord *recs = NULL;
	int			n_recs;
	int			rc;
	bool		judged = false;

	if (c->opt.target != HX_TARGET_MINIPG)
	{
		snprintf(why, whylen, "only minipg's page format and WAL are read");
		return false;
	}
	if (!scan_pages(c->datadir, redo_start, &pages, why, whylen))
	{
		free(pages.items);
		return false;
	}
	/* then the WAL: everything a page read above relied on is in it */
	snprintf(prog, sizeof(prog), "%s/minipg_waldump", c->opt.bindir);
	hx_lsn_format(redo_start, start, sizeof(start));
	{
		const char *argv[] = {prog, "-D", c->datadir, "-s", start, NULL};

		text = hx_xmalloc(WALDUMP_OUTPUT_MAX);
		rc = hx_cluster_run_tool(c, argv, text, WALDUMP_OUTPUT_MAX);
	}
	/* exit 1 with "error in WAL record at ..." is its normal end of WAL */
	if (rc != 0 && rc != 1)
		snprintf(why, whylen, "minipg_waldump -s %s failed (%d): %.200s", start, rc,
				 rc < 0 ? hx_last_error() : text);
	else if (strlen(text) >= WALDUMP_OUTPUT_MAX - 1)
		snprintf(why, whylen, "minipg_waldump -s %s printed more than %d bytes", start,
				 WALDUMP_OUTPUT_MAX);
	else
	{
		n_recs = hx_waldump_parse(text, &recs);
		judged = hx_check_pages_vs_wal(out, pages.items, pages.n, recs, n_recs, why, whylen);
	}
	free(recs);
	free(text);
	free(pages.items);
	return judged;
}
