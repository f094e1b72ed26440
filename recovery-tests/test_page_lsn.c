/*-------------------------------------------------------------------------
 * test_page_lsn.c
 *	  Unit tests of "pages-not-ahead-of-wal" (page_lsn.c), no server:
 *	  the page header reader, the minipg_waldump parser on real output,
 *	  the decision on pages at, below and above the recovered WAL's end,
 *	  and the live scan over a made-up data directory with a stand-in
 *	  minipg_waldump (a shell script printing real output), so the file
 *	  walk (global/N, base/DB/N, partial pages, other names) is covered
 *	  too.
 *
 * The waldump text is what minipg_waldump printed after a crash inside a
 * checkpoint (bank/crash/checkpoint/before-file-sync, seed 1): records up
 * to the crash, END_OF_RECOVERY, the end-of-recovery checkpoint, a hint
 * image, and its own end-of-WAL message.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "page_lsn.h"
#include "lib/hx_util.h"

static const char waldump_text[] =
	"rmgr: XLOG        len (rec/tot):     64/    64, tx:          0, lsn: 0/0100F738, prev 0/0100F6F0, "
	"desc: CHECKPOINT_ONLINE redo 0/100F738; tli 1; next xid 58; next oid 16388; oldest running xid 57; online\n"
	"rmgr: Heap        len (rec/tot):    100/   104, tx:         66, lsn: 0/010132F0, prev 0/010132B0, "
	"desc: INSERT off 140, blkref #0: rel 5/16384 blk 0 delta 54 bytes\n"
	"rmgr: Transaction len (rec/tot):     40/    40, tx:         66, lsn: 0/01013458, prev 0/01013410, "
	"desc: COMMIT 2026-11-21 16:25:52.208402 UTC\n"
	"rmgr: XLOG        len (rec/tot):     40/    40, tx:          0, lsn: 0/01013480, prev 0/01013458, "
	"desc: END_OF_RECOVERY\n"
	"rmgr: XLOG        len (rec/tot):     64/    64, tx:          0, lsn: 0/010134A8, prev 0/01013480, "
	"desc: CHECKPOINT_ONLINE redo 0/10134A8; tli 1; next xid 8195; next oid 24576; oldest running xid 8195; online\n"
	"rmgr: XLOG        len (rec/tot):   7348/  7376, tx:          0, lsn: 0/010134E8, prev 0/010134A8, "
	"desc: FPI_FOR_HINT, blkref #0: rel 5/16384 blk 0 FPW (hole 584+888)\n"
	"minipg_waldump: error: error in WAL record at 0/10134E8: invalid record length at 0/10151B8: wanted 24, got 0\n";

#define LSN(hi, lo) (((uint64_t) (hi) << 32) | (lo))
#define E_START		LSN(0, 0x1013480)	/* END_OF_RECOVERY's start */

/* A minipg page with this LSN (header fields of an empty heap page). */
static void
make_page(unsigned char *p, uint64_t lsn)
{
	memset(p, 0, HX_PAGE_SIZE);
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char) (lsn >> (8 * i));
	p[12] = 24;					/* pd_lower */
	p[14] = 0x00;				/* pd_upper = 8192 */
	p[15] = 0x20;
	p[16] = 0x00;				/* pd_special = 8192 */
	p[17] = 0x20;
	p[18] = 0x04;				/* pd_pagesize_version = 8192 | 4 */
	p[19] = 0x20;
}

static void
test_page_kind(void **state)
{
	unsigned char *p = malloc(HX_PAGE_SIZE);
	uint64_t	lsn = 99;

	(void) state;
	memset(p, 0, HX_PAGE_SIZE);
	assert_int_equal(hx_page_kind(p, &lsn), HX_PAGE_NEW);
	assert_true(lsn == 0);

	make_page(p, LSN(0, 0x10134E8));
	assert_int_equal(hx_page_kind(p, &lsn), HX_PAGE_INITIALIZED);
	assert_true(lsn == LSN(0, 0x10134E8));
	make_page(p, LSN(2, 0x10));
	assert_int_equal(hx_page_kind(p, &lsn), HX_PAGE_INITIALIZED);
	assert_true(lsn == LSN(2, 0x10));

	p[18] = 0x05;				/* another layout version: not ours */
	assert_int_equal(hx_page_kind(p, &lsn), HX_PAGE_UNRECOGNIZED);
	memset(p, 0, HX_PAGE_SIZE);
	p[4000] = 1;				/* pd_upper 0 but not all zero */
	assert_int_equal(hx_page_kind(p, &lsn), HX_PAGE_UNRECOGNIZED);
	free(p);
}

static void
test_waldump_parse(void **state)
{
	HxWalRecord *r = NULL;
	int			n;

	(void) state;
	n = hx_waldump_parse(waldump_text, &r);
	assert_int_equal(n, 6);
	assert_true(r[0].start == LSN(0, 0x100F738));
	assert_true(r[0].end == LSN(0, 0x100F778));
	assert_false(r[0].end_of_recovery);
	assert_true(r[1].end == LSN(0, 0x10132F0 + 104));	/* tot, not rec */
	assert_true(r[3].start == E_START);
	assert_true(r[3].end_of_recovery);
	assert_false(r[4].end_of_recovery);	/* a checkpoint */
	assert_true(r[5].end == LSN(0, 0x10151B8));
	free(r);

	/* nothing but the error line, or garbage: no records */
	n = hx_waldump_parse("minipg_waldump: error: could not open file\n", &r);
	assert_int_equal(n, 0);
	assert_null(r);
	n = hx_waldump_parse("rmgr: Heap len (rec/tot): x/y, lsn: zz\n", &r);
	assert_int_equal(n, 0);
	free(r);
}

static HxWalRecord *
sample_records(int *n)
{
	HxWalRecord *r = NULL;

	*n = hx_waldump_parse(waldump_text, &r);
	assert_int_equal(*n, 6);
	return r;
}

static void
test_pages_behind_pass(void **state)
{
	int			n;
	HxWalRecord *r = sample_records(&n);
	HxCheckList l;
	char		why[256] = "";
	HxPageLsn	pages[] = {
		{"base/5/16384", 0, LSN(0, 0x10132F0 + 104)},	/* replayed: below E */
		{"base/5/16386", 0, E_START},	/* exactly the end of the recovered WAL */
		{"base/5/16384", 1, LSN(0, 0x10151B8)},	/* the hint image written after recovery */
		{"global/1262", 0, LSN(0, 0x10134A8)},	/* END_OF_RECOVERY's end */
	};

	(void) state;
	memset(&l, 0, sizeof(l));
	assert_true(hx_check_pages_vs_wal(&l, pages, 4, r, n, why, sizeof(why)));
	assert_int_equal(l.n, 0);
	free(r);
}

static void
test_page_ahead_fails(void **state)
{
	int			n;
	HxWalRecord *r = sample_records(&n);
	HxCheckList l;
	char		why[256] = "";
	HxPageLsn	pages[] = {
		{"base/5/16384", 0, LSN(0, 0x1013480)},	/* fine */
		{"base/5/16387", 1, LSN(0, 0x1013488)},	/* past E, no record ends there */
		{"base/5/16388", 7, LSN(0, 0x1020000)},	/* past the WAL's current end */
	};

	(void) state;
	memset(&l, 0, sizeof(l));
	assert_true(hx_check_pages_vs_wal(&l, pages, 3, r, n, why, sizeof(why)));
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].check, "pages-not-ahead-of-wal");
	assert_non_null(strstr(l.items[0].detail, "2 page(s)"));
	assert_non_null(strstr(l.items[0].detail, "base/5/16387 block 1 has LSN 0/1013488"));
	assert_non_null(strstr(l.items[0].detail, "base/5/16388 block 7 has LSN 0/1020000"));
	assert_non_null(strstr(l.items[0].detail, "recovered WAL ends at 0/1013480"));
	assert_non_null(strstr(l.items[0].detail, "WAL now ends at 0/10151B8"));
	assert_null(strstr(l.items[0].detail, "16384"));
	free(r);
}

static void
test_many_pages_ahead_are_counted(void **state)
{
	int			n;
	HxWalRecord *r = sample_records(&n);
	HxCheckList l;
	char		why[256] = "";
	HxPageLsn	pages[5];

	(void) state;
	for (int i = 0; i < 5; i++)
	{
		snprintf(pages[i].file, sizeof(pages[i].file), "base/5/%d", 16384 + i);
		pages[i].block = 0;
		pages[i].lsn = LSN(0, 0x1030000 + 8 * i);
	}
	memset(&l, 0, sizeof(l));
	assert_true(hx_check_pages_vs_wal(&l, pages, 5, r, n, why, sizeof(why)));
	assert_int_equal(l.n, 1);
	assert_non_null(strstr(l.items[0].detail, "5 page(s)"));
	assert_non_null(strstr(l.items[0].detail, "base/5/16386 block 0"));
	assert_null(strstr(l.items[0].detail, "base/5/16387"));	/* three named */
	assert_non_null(strstr(l.items[0].detail, " ..."));
	free(r);
}

static void
test_without_end_of_recovery_no_judgement(void **state)
{
	HxWalRecord r[2] = {
		{LSN(0, 0x1000000), LSN(0, 0x1000040), false},
		{LSN(0, 0x1000040), LSN(0, 0x1000068), false},
	};
	HxPageLsn	ahead = {"base/5/16384", 0, LSN(0, 0x1100000)};
	HxCheckList l;
	char		why[256] = "";

	(void) state;
	memset(&l, 0, sizeof(l));
	assert_false(hx_check_pages_vs_wal(&l, &ahead, 1, r, 2, why, sizeof(why)));
	assert_int_equal(l.n, 0);
	assert_non_null(strstr(why, "END_OF_RECOVERY"));
	assert_false(hx_check_pages_vs_wal(&l, &ahead, 1, NULL, 0, why, sizeof(why)));
	assert_int_equal(l.n, 0);
}

/* Two recoveries (a compound scenario): the last END_OF_RECOVERY counts. */
static void
test_last_end_of_recovery_counts(void **state)
{
	HxWalRecord r[4] = {
		{LSN(0, 0x1000000), LSN(0, 0x1000040), false},
		{LSN(0, 0x1000040), LSN(0, 0x1000068), true},
		{LSN(0, 0x1000068), LSN(0, 0x10000D0), false},
		{LSN(0, 0x10000D0), LSN(0, 0x10000F8), true},
	};
	HxPageLsn	page = {"base/5/16384", 0, LSN(0, 0x1000070)};
	HxCheckList l;
	char		why[256] = "";

	(void) state;
	memset(&l, 0, sizeof(l));
	assert_true(hx_check_pages_vs_wal(&l, &page, 1, r, 4, why, sizeof(why)));
	assert_int_equal(l.n, 0);	/* replayed by the second recovery: below its end */
	page.lsn = LSN(0, 0x10000E0);
	assert_true(hx_check_pages_vs_wal(&l, &page, 1, r, 4, why, sizeof(why)));
	assert_int_equal(l.n, 1);
}

/*-------------------------------------------------------------------------
 * The live scan, over files made here and a stand-in minipg_waldump
 *-------------------------------------------------------------------------
 */

static void
write_file(const char *path, const unsigned char *bytes, size_t len)
{
	FILE	   *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* dir/{bin/minipg_waldump, data/global, data/base/5}; c filled in. */
static void
make_cluster(char *dir, HxCluster *c)
{
	char		path[HX_PATH_LEN + 64];
	FILE	   *f;

	strcpy(dir, "/tmp/hx-pagelsn-XXXXXX");
	assert_non_null(mkdtemp(dir));
	memset(c, 0, sizeof(*c));
	c->opt.target = HX_TARGET_MINIPG;
	c->opt.timeout_ms = 10000;
	snprintf(c->workdir, sizeof(c->workdir), "%s", dir);
	snprintf(c->opt.bindir, sizeof(c->opt.bindir), "%s/bin", dir);
	snprintf(c->datadir, sizeof(c->datadir), "%s/data", dir);
	mkdir(c->opt.bindir, 0700);
	mkdir(c->datadir, 0700);
	snprintf(path, sizeof(path), "%s/global", c->datadir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/base", c->datadir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/base/5", c->datadir);
	mkdir(path, 0700);
	/* the stand-in: real output; records the arguments it was given */
	snprintf(path, sizeof(path), "%s/minipg_waldump", c->opt.bindir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\necho \"$@\" > '%s/args'\ncat <<'EOF'\n%sEOF\nexit 1\n", dir, waldump_text);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0700), 0);
}

static void
test_live_scan(void **state)
{
	char		dir[64];
	char		path[HX_PATH_LEN + 64];
	char		why[512] = "";
	HxCluster	c;
	HxCheckList l;
	unsigned char *pages = calloc(3, HX_PAGE_SIZE);
	char	   *args;
	int			rc;

	(void) state;
	make_cluster(dir, &c);
	/* global/1262: one replayed page */
	make_page(pages, LSN(0, 0x1010000));
	snprintf(path, sizeof(path), "%s/global/1262", c.datadir);
	write_file(path, pages, HX_PAGE_SIZE);
	/* base/5/16384: a new page, a page ahead, and half a page */
	memset(pages, 0, HX_PAGE_SIZE);
	make_page(pages + HX_PAGE_SIZE, LSN(0, 0x1013700));
	make_page(pages + 2 * HX_PAGE_SIZE, LSN(0, 0x1099999));
	snprintf(path, sizeof(path), "%s/base/5/16384", c.datadir);
	write_file(path, pages, 2 * HX_PAGE_SIZE + HX_PAGE_SIZE / 2);
	/* not relation files: never read */
	snprintf(path, sizeof(path), "%s/global/pg_control", c.datadir);
	write_file(path, pages + 2 * HX_PAGE_SIZE, HX_PAGE_SIZE);
	snprintf(path, sizeof(path), "%s/base/5/16384_fsm", c.datadir);
	write_file(path, pages + 2 * HX_PAGE_SIZE, HX_PAGE_SIZE);

	memset(&l, 0, sizeof(l));
	assert_true(hx_check_pages_not_ahead(&l, &c, LSN(0, 0x100F738), why, sizeof(why)));
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].check, "pages-not-ahead-of-wal");
	assert_non_null(strstr(l.items[0].detail, "1 page(s)"));
	assert_non_null(strstr(l.items[0].detail, "base/5/16384 block 1 has LSN 0/1013700"));
	snprintf(path, sizeof(path), "%s/args", dir);
	args = hx_read_file(path, NULL);
	assert_non_null(strstr(args, "-s 0/100F738"));
	free(args);

	/* a page above the redo start only is below E: all fine */
	make_page(pages + HX_PAGE_SIZE, LSN(0, 0x1013000));
	snprintf(path, sizeof(path), "%s/base/5/16384", c.datadir);
	write_file(path, pages, 2 * HX_PAGE_SIZE);
	memset(&l, 0, sizeof(l));
	assert_true(hx_check_pages_not_ahead(&l, &c, LSN(0, 0x100F738), why, sizeof(why)));
	assert_int_equal(l.n, 0);

	/* PostgreSQL: not judged, and says why */
	c.opt.target = HX_TARGET_POSTGRES;
	assert_false(hx_check_pages_not_ahead(&l, &c, LSN(0, 0x100F738), why, sizeof(why)));
	assert_non_null(strstr(why, "minipg"));

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	rc = system(path);
	assert_int_equal(rc, 0);
	free(pages);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_kind),
		cmocka_unit_test(test_waldump_parse),
		cmocka_unit_test(test_pages_behind_pass),
		cmocka_unit_test(test_page_ahead_fails),
		cmocka_unit_test(test_many_pages_ahead_are_counted),
		cmocka_unit_test(test_without_end_of_recovery_no_judgement),
		cmocka_unit_test(test_last_end_of_recovery_counts),
		cmocka_unit_test(test_live_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
