/*-------------------------------------------------------------------------
 * report.h
 *	  The crash matrix's reports: JUnit XML for CI, one self-contained
 *	  HTML page for people, and merging the JUnit files of shards.
 *
 * JUnit (hx_report_junit): one <testsuite name="crashmatrix"> holding a
 * <testcase classname="WORKLOAD" name="FAULT/POINT seed=N" time=S> per
 * item; a failure is <failure message="CHECK, CHECK"> with each check's
 * details, the artifacts folder and the repro command; an item whose
 * point the workload never reached is <skipped message="not reached">;
 * one skipped by design is classname "by-design", name "FAULT/POINT",
 * <skipped message="skipped by design">.  Items are unique across
 * shards (matrix.h), so shard files merge by concatenating their cases:
 * hx_junit_merge does that and sums the suites' counts.
 *
 * HTML (hx_report_html): a header with the totals, time, seed range and
 * shard; a grid of fault points (rows) by actions (columns) with each
 * cell coloured by outcome, a count when it holds several items and a
 * hover title with each item's details; an inline SVG plot of recovery
 * times; every failure with its checks, details, artifacts folder and
 * repro command.  No external asset: CSS and SVG are inline.
 *
 * Invariants:
 *	- Every text that comes from a run (check details, summaries, paths,
 *	  commands) goes through hx_xml_escape or hx_html_escape; the output
 *	  is well-formed whatever the text holds (control characters and bad
 *	  UTF-8 become U+FFFD in XML, where they are not allowed at all).
 *	- Items still pending (a report written while the run goes on) are
 *	  left out of the JUnit file and shown as pending in the HTML.
 *
 * Entry points: hx_xml_escape, hx_html_escape, hx_report_junit,
 * hx_report_html, hx_report_write, hx_junit_merge.
 *-------------------------------------------------------------------------
 */
#ifndef HX_REPORT_H
#define HX_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "matrix.h"

/* Write s to f escaped for XML text and attribute values (both quotes). */
void		hx_xml_escape(FILE *f, const char *s);
/* The same for HTML text and attribute values. */
void		hx_html_escape(FILE *f, const char *s);

void		hx_report_junit(const HxMatrixRun *run, FILE *f);
void		hx_report_html(const HxMatrixRun *run, FILE *f);

/*
 * Write a report to path through path.tmp and a rename, so a reader
 * never sees half a file.  False (errno set, message printed) on failure.
 */
bool		hx_report_write(const char *path, void (*writer) (const HxMatrixRun *, FILE *),
							const HxMatrixRun *run);

typedef struct HxJunitTotals
{
	int			suites;
	long		tests,
				failures,
				errors,
				skipped;
	double		time_s;
	long		testcases;		/* <testcase> elements copied */
	long		duplicates;		/* testcases whose (classname, name) came before */
	char		first_duplicate[256];
} HxJunitTotals;

/*
 * Merge the <testsuite> elements of docs[0..n) (each a JUnit file's text;
 * names[i] names it in messages) into one <testsuite> written to out: the
 * first suite's name, tests/failures/errors/skipped/time summed (a
 * missing count is counted from the suite's elements), every testcase
 * copied, <properties> dropped.  False with a message if a document has
 * no suite or an unterminated one.  Duplicated testcases (the same shard
 * twice, overlapping shards) are counted in totals->duplicates.
 */
bool		hx_junit_merge(const char *const *docs, const char *const *names, int n, FILE *out,
						   HxJunitTotals *totals, char *err, size_t errlen);

#endif							/* HX_REPORT_H */
