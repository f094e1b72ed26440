/*-------------------------------------------------------------------------
 * test_child_log.h
 *	  For unit tests that check what a forked engine child logged before it
 *	  ended (a FATAL, a PANIC, a WARNING): the child sends its stderr (the
 *	  server log of a standalone process) to a file, the parent reads the
 *	  file back and looks for the exact lines.
 *
 * Include after <cmocka.h> and postmaster/test_child.h.  Header-only;
 * every function is static.
 *
 *	child_log_path(buf, dir)	the log file of a test on data directory dir
 *						(beside it, not in it: removing dir keeps it clean)
 *	child_log_to(path)			in a child: stderr goes to path (truncated)
 *	log_read(path)				the whole file, malloc'd, NUL-terminated
 *	assert_log_has(path, text)	the file contains text (fails with the log)
 *	assert_log_lacks(path, text)	it does not
 *	remove_datadir_and_log(dir)	after a test: its data directory and the log
 *						beside it
 *	child_done()				in a child that succeeded: exit(0), not the
 *						_exit(0) of run_child_in, so that a coverage
 *						build writes the child's counters (gcov writes
 *						them at exit(), ci/coverage counts nothing else)
 *-------------------------------------------------------------------------
 */
#ifndef TEST_CHILD_LOG_H
#define TEST_CHILD_LOG_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/minipg.h"
#include "postmaster/standalone.h"

static pg_unused void
child_log_path(char *buf, size_t len, const char *dir)
{
	snprintf(buf, len, "%s.log", dir);
}

static pg_unused void
child_log_to(const char *path)
{
	int			fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	fflush(stderr);
	if (fd < 0 || dup2(fd, STDERR_FILENO) < 0)
		_exit(5);
	close(fd);
}

static pg_unused char *
log_read(const char *path)
{
	struct stat st;
	int			fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);

	char	   *text = malloc((size_t) st.st_size + 1);

	assert_non_null(text);
	assert_int_equal(read(fd, text, (size_t) st.st_size), st.st_size);
	text[st.st_size] = '\0';
	close(fd);
	return text;
}

static pg_unused void
assert_log_has(const char *path, const char *want)
{
	char	   *text = log_read(path);

	if (strstr(text, want) == NULL)
		fail_msg("log %s lacks \"%s\"; it holds:\n%s", path, want, text);
	free(text);
}

static pg_unused void
assert_log_lacks(const char *path, const char *unwanted)
{
	char	   *text = log_read(path);

	if (strstr(text, unwanted) != NULL)
		fail_msg("log %s has \"%s\"; it holds:\n%s", path, unwanted, text);
	free(text);
}

static pg_unused void
remove_datadir_and_log(char *dir)
{
	char		log[600];

	child_log_path(log, sizeof(log), dir);
	unlink(log);
	standalone_remove_datadir(dir);
}

static pg_unused pg_noreturn void
child_done(void)
{
	fflush(stdout);
	fflush(stderr);
	exit(0);
}

#endif							/* TEST_CHILD_LOG_H */
