/*-------------------------------------------------------------------------
 * ps_status.c
 *	  Rewriting argv so ps shows the process role (see ps_status.h).
 *-------------------------------------------------------------------------
 */
#include "utils/ps_status.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "utils/guc.h"

extern char **environ;

static char *title_area = NULL;		/* start of argv[0] */
static size_t title_area_size = 0;	/* contiguous bytes we may overwrite */
static char title_prefix[256];
static char current_title[1024];

/* The moved argv lives for the whole process; kept here so it stays
 * reachable (the caller may drop its copy once options are parsed). */
static char **moved_argv __attribute__((used)) = NULL;
/* Likewise the moved environ: setenv() may later replace environ itself. */
static char **moved_environ __attribute__((used)) = NULL;

char	  **
ps_init(int argc, char **argv)
{
	char	   *end = NULL;
	int			i;

	if (argc <= 0 || argv == NULL)
		return argv;
	/* Find the end of the contiguous argv/environ strings. */
	for (i = 0; i < argc; i++)
		if (i == 0 || argv[i] == end + 1)
			end = argv[i] + strlen(argv[i]);
	for (i = 0; environ[i] != NULL; i++)
		if (environ[i] == end + 1)
			end = environ[i] + strlen(environ[i]);

	/* Copy environ and argv elsewhere; the originals become title space. */
	int			nenv = i;
	char	  **new_environ = malloc(sizeof(char *) * (size_t) (nenv + 1));
	char	  **new_argv = malloc(sizeof(char *) * (size_t) (argc + 1));

	if (new_environ == NULL || new_argv == NULL)
		return argv;
	for (i = 0; i < nenv; i++)
		new_environ[i] = strdup(environ[i]);
	new_environ[nenv] = NULL;
	environ = new_environ;
	moved_environ = new_environ;
	for (i = 0; i < argc; i++)
		new_argv[i] = strdup(argv[i]);
	new_argv[argc] = NULL;
	moved_argv = new_argv;

	title_area = argv[0];
	title_area_size = (size_t) (end - argv[0]);
	return new_argv;
}

static void
apply_title(void)
{
	char		comm[16];

	if (title_area != NULL && title_area_size > 1)
	{
		size_t		n = strlen(current_title);

		if (n >= title_area_size)
			n = title_area_size - 1;
		memcpy(title_area, current_title, n);
		memset(title_area + n, 0, title_area_size - n);
	}
	/* comm is limited to 15 characters; skip the "minipg: " prefix. */
	const char *shortname = strncmp(current_title, "minipg: ", 8) == 0 ?
		current_title + 8 : current_title;

	snprintf(comm, sizeof(comm), "%s", shortname);
	prctl(PR_SET_NAME, comm, 0, 0, 0);
}

void
ps_set_title(const char *what)
{
	if (guc_cluster_name && guc_cluster_name[0])
		snprintf(title_prefix, sizeof(title_prefix), "minipg: %s: %s", guc_cluster_name, what);
	else
		snprintf(title_prefix, sizeof(title_prefix), "minipg: %s", what);
	snprintf(current_title, sizeof(current_title), "%s", title_prefix);
	apply_title();
}

void
ps_set_activity(const char *activity)
{
	snprintf(current_title, sizeof(current_title), "%s %s", title_prefix, activity);
	apply_title();
}

const char *
ps_get_title(void)
{
	return current_title;
}
