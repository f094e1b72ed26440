/*-------------------------------------------------------------------------
 * conf_parser.c
 *	  Fuzz target: postgresql.conf syntax (utils/guc_file.c,
 *	  guc_parse_config_text): comments, quoting and escapes, include
 *	  directives, name = value lines.
 *
 * Input: the file's text.  Correct behaviour: each setting handed to the
 * callback with a name PostgreSQL's grammar allows (an identifier, or two
 * joined by a dot) and a value, or a syntax error
 * reported (at LOG here, as a reload reports it) with the line number;
 * never a crash.  The callback checks what it is given; applying values
 * is left out so that one input cannot change the next one's settings.
 * Includes resolve against /nonexistent/, so they find nothing.
 *-------------------------------------------------------------------------
 */
#include "fuzz_common.h"

#include <ctype.h>

/* PostgreSQL's setting names: ID or ID.ID, ID = [A-Za-z_\200-\377][A-Za-z_0-9\200-\377]*. */
static bool
is_identifier_path(const char *name)
{
	int			parts = 0;
	const char *p = name;

	for (;;)
	{
		if (!(isalpha((unsigned char) *p) || *p == '_' || (unsigned char) *p >= 0x80))
			return false;
		while (isalnum((unsigned char) *p) || *p == '_' || (unsigned char) *p >= 0x80)
			p++;
		parts++;
		if (*p == '\0')
			return parts <= 2;
		if (*p++ != '.')
			return false;
	}
}

static void
check_setting(const char *name, const char *value, const char *filename, int lineno,
			  void *arg)
{
	(void) arg;
	(void) filename;
	/* Names are non-empty; the line number counts from 1. */
	if (name == NULL || value == NULL || !is_identifier_path(name) || lineno < 1)
	{
		fprintf(stderr, "conf_parser: bad setting from the parser: name \"%s\" value \"%s\" line %d\n",
				name ? name : "(null)", value ? value : "(null)", lineno);
		abort();
	}
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
