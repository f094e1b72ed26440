/*-------------------------------------------------------------------------
 * fault_trail.c
 *	  The fault trail: one line per firing, appended to pg_faults/trail in
 *	  the data directory, written before the action runs.
 *
 * Line format (fields separated by one space):
 *	  TIME pid=N proc=TYPE#ORDINAL point=NAME policy=ID hit=H local_hit=L action=POLICY...
 * TIME is ISO 8601 UTC with microseconds ("2026-11-21T10:04:05.123456Z").
 * Everything from the third field on is a pure function of the seed and
 * the workload; `cut -d' ' -f3-` (or `minipg_faults trail --canonical`)
 * gives the part two runs of one seed must agree on.
 *
 * Invariants: one write(2) per line on an O_APPEND descriptor, so lines of
 * concurrent processes never interleave; plain system calls only (never
 * the fileops layer, whose points would recurse); a failure to write the
 * trail is ignored rather than turning one fault into another.  The trail
 * is not fsynced: the harness's power cut is simulated, the kernel keeps it.
 *-------------------------------------------------------------------------
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "faults/fault_internal.h"

#ifdef MINIPG_FAULTS

static int
open_trail(void)
{
	int			fd = open(FAULT_TRAIL_FILE, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
	{
		(void) mkdir(FAULT_DIR, 0700);
		fd = open(FAULT_TRAIL_FILE, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	}
	return fd;
}

static void
append_line(const char *line, size_t len)
{
	int			fd = open_trail();

	if (fd < 0)
		return;
	(void) !write(fd, line, len);
	close(fd);
}

static size_t
format_time(char *buf, size_t len)
{
	struct timeval tv;
	struct tm	tm;
	size_t		n;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t) snprintf(buf + n, len - n, ".%06ldZ", (long) tv.tv_usec);
	return n;
}

void
fault_trail_append(const FaultFiring *f)
{
	char		line[1024];
	char		policy[512];
	size_t		n;

	fault_policy_format(&f->policy, policy, sizeof(policy));
	n = format_time(line, sizeof(line));
	n += (size_t) snprintf(line + n, sizeof(line) - n,
						   " pid=%d proc=%s#%u point=%s policy=%d hit=%" PRIu64
						   " local_hit=%" PRIu64 " action=%s\n",
						   (int) getpid(), fault_proc_name(fault_self.type),
						   fault_self.ordinal, f->point, f->policy_id, f->hit,
						   f->local_hit, policy);
	if (n >= sizeof(line))
	{
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	append_line(line, n);
}

void
fault_trail_note(const char *what)
{
	char		line[2048];
	size_t		n = format_time(line, sizeof(line));

	n += (size_t) snprintf(line + n, sizeof(line) - n, " pid=%d proc=%s#%u note=%s\n",
						   (int) getpid(), fault_proc_name(fault_self.type),
						   fault_self.ordinal, what);
	if (n >= sizeof(line))
	{
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	append_line(line, n);
}

#endif							/* MINIPG_FAULTS */
