/*-------------------------------------------------------------------------
 * test_files.h
 *	  File helpers the fault layer's cmocka tests share (test_powerloss.c,
 *	  test_short_write.c): open through the file layer, a file's size,
 *	  and whether a byte range holds one byte value.
 *
 * Include after <cmocka.h> and storage/file/fileops.h; every helper
 * fails the test (cmocka assert) rather than returning an error.
 *-------------------------------------------------------------------------
 */
#ifndef FAULTS_TEST_FILES_H
#define FAULTS_TEST_FILES_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Open (creating) for reading and writing through the file layer. */
static inline int
open_rw(const char *name)
{
	int			fd = fo_open(name, O_RDWR | O_CREAT, 0600);

	assert_true(fd >= 0);
	return fd;
}

static inline off_t
size_of(const char *name)
{
	struct stat st;

	assert_int_equal(stat(name, &st), 0);
	return st.st_size;
}

/* Are all len bytes of the file at off equal to c? */
static inline bool
all_bytes(const char *name, off_t off, size_t len, char c)
{
	char	   *buf = malloc(len);
	int			fd = open(name, O_RDONLY);
	bool		ok;

	assert_non_null(buf);
	assert_true(fd >= 0);
	ok = pread(fd, buf, len, off) == (ssize_t) len;
	for (size_t i = 0; ok && i < len; i++)
		ok = buf[i] == c;
	close(fd);
	free(buf);
	return ok;
}

#define assert_bytes(name, off, len, c) \
	do { \
		if (!all_bytes((name), (off), (len), (c))) \
			fail_msg("%s: bytes [%lld, +%zu) are not all '%c'", (name), \
					 (long long) (off), (size_t) (len), (c)); \
	} while (0)

#endif							/* FAULTS_TEST_FILES_H */
