/*-------------------------------------------------------------------------
 * conf_parser.c
 *	  Fuzz target: postgresql.conf syntax (utils/guc_file.c,
 *	  guc_parse_config_text): comments, quoting and escapes, include
 *	  directives, name = value lines.
 *
 * Input: the file's text.  Correct behaviour: each setting handed to the
 * callback with a NUL-terminated name and value, or a syntax error
 * reported (at LOG here, as a reload reports it) with the line number;
 * never a crash.  The callback checks what it is given; applying values
 * is left out so that one input cannot change the next one's settings.
 * Includes resolve against /nonexistent/, so they find nothing.
 *-------------------------------------------------------------------------
 */
#include "fuzz_common.h"

static void
check_setting(const char *name, const char *value, const char *filename, int lineno,
			  void *arg)
{
	(void) arg;
	(void) filename;
	/* Names are non-empty; the line number counts from 1. */
	if (name == NULL || value == NULL || name[0] == '\0' || lineno < 1)
		abort();
	(void) guc_find(name);
	(void) strlen(value);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_begin();

	char	   *text = fuzz_cstring(data, size);

	ELOG_TRY();
	{
		(void) guc_parse_config_text(text, "/nonexistent/postgresql.conf", check_setting,
									 NULL, LOG);
	}
	ELOG_CATCH();
	{
		if (elog_current_error()->sqlstate[0] == '\0')
			abort();
	}
	ELOG_END_TRY();
	fuzz_reset();
	return 0;
}
