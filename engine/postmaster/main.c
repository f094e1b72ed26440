/*-------------------------------------------------------------------------
 * main.c
 *	  The `minipg` program: command-line parsing, then one of
 *	    minipg -D DATADIR [-c name=value]... [-p port] [-k dir] [-h addrs]
 *	        run the postmaster
 *	    minipg --boot -D DATADIR
 *	        bootstrap mode: create the system catalogs of a new cluster
 *	        (run by `minipg_ctl init`; no postmaster, no connections)
 *	    minipg -C name -D DATADIR
 *	        print one setting's value as the server would see it, and exit
 *	    minipg -V | --version
 *
 * Settings are applied in PostgreSQL's order: built-in defaults, then
 * postgresql.conf and postgresql.auto.conf, then the command line.
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access/wal/wal.h"
#include "postmaster/bootstrap.h"
#include "postmaster/postmaster.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/ps_status.h"

#define MAX_CMDLINE_SETTINGS 128

typedef struct CmdLine
{
	const char *datadir;
	const char *show_setting;
	bool		bootstrap;
	int			n_settings;
	char	   *names[MAX_CMDLINE_SETTINGS];
	char	   *values[MAX_CMDLINE_SETTINGS];
} CmdLine;

static void
usage(const char *progname)
{
	printf("%s is the minipg server.\n\n"
		   "Usage:\n"
		   "  %s -D DATADIR [OPTION]...\n\n"
		   "Options:\n"
		   "  -c NAME=VALUE      set run-time parameter\n"
		   "  -C NAME            print value of run-time parameter, then exit\n"
		   "  -D DATADIR         database directory\n"
		   "  -h HOSTNAME        host name or IP address to listen on\n"
		   "  -k DIRECTORY       Unix-domain socket location\n"
		   "  -p PORT            port number to listen on\n"
		   "  --boot             bootstrap mode (used by minipg_ctl init)\n"
		   "  -V, --version      output version information, then exit\n"
		   "  -?, --help         show this help, then exit\n", progname, progname);
}

static void
add_setting(CmdLine *cl, const char *name, const char *value)
{
	if (cl->n_settings >= MAX_CMDLINE_SETTINGS)
	{
		fprintf(stderr, "minipg: too many -c options\n");
		exit(1);
	}
	cl->names[cl->n_settings] = strdup(name);
	cl->values[cl->n_settings] = strdup(value);
	cl->n_settings++;
}

static void
parse_dash_c(CmdLine *cl, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL)
	{
		fprintf(stderr, "minipg: -c %s requires a value\n", arg);
		exit(1);
	}
	char	   *name = strndup(arg, (size_t) (eq - arg));

	/* "--shared-buffers" style names use dashes for underscores. */
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	add_setting(cl, name, eq + 1);
	free(name);
}

static void
parse_args(int argc, char **argv, CmdLine *cl)
{
	for (int i = 1; i < argc; i++)
	{
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0)
		{
			printf("minipg (PostgreSQL) %s\n", MINIPG_VERSION_STR);
			exit(0);
		}
		if (strcmp(a, "-?") == 0 || strcmp(a, "--help") == 0)
		{
			usage(argv[0]);
			exit(0);
		}
		if (strcmp(a, "--boot") == 0)
		{
			cl->bootstrap = true;
			continue;
		}
		if (strncmp(a, "--", 2) == 0 && strchr(a, '='))
		{
			parse_dash_c(cl, a + 2);
			continue;
		}
		if (a[0] == '-' && strchr("cCDhkp", a[1]) && a[1] != '\0')
		{
			const char *val = a[2] ? a + 2 : next;

			if (val == NULL)
			{
				fprintf(stderr, "minipg: option %s requires an argument\n", a);
				exit(1);
			}
			if (!a[2])
				i++;
			switch (a[1])
			{
				case 'c':
					parse_dash_c(cl, val);
					break;
				case 'C':
					cl->show_setting = val;
					break;
				case 'D':
					cl->datadir = val;
					break;
				case 'h':
					add_setting(cl, "listen_addresses", val);
					break;
				case 'k':
					add_setting(cl, "unix_socket_directories", val);
					break;
				case 'p':
					add_setting(cl, "port", val);
					break;
			}
			continue;
		}
		fprintf(stderr, "minipg: invalid argument: \"%s\"\n"
				"Try \"%s --help\" for more information.\n", a, argv[0]);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	CmdLine		cl = {0};
	char		abs_datadir[PATH_MAX];

	argv = ps_init(argc, argv);
	memctx_init();
	guc_init();
	parse_args(argc, argv, &cl);
	if (cl.datadir == NULL)
		cl.datadir = getenv("PGDATA");
	if (cl.datadir == NULL)
	{
		fprintf(stderr, "minipg does not know where to find the server configuration file.\n"
				"You must specify the -D invocation option or set the PGDATA environment variable.\n");
		return 1;
	}
	if (realpath(cl.datadir, abs_datadir) == NULL)
	{
		fprintf(stderr, "minipg: could not access directory \"%s\": %s\n",
				cl.datadir, strerror(errno));
		return 1;
	}
	guc_set("data_directory", abs_datadir, PGC_POSTMASTER, PGC_S_OVERRIDE, false, FATAL);
	char	   *conf = psprintf("%s/postgresql.conf", abs_datadir);
	char	   *hba = psprintf("%s/pg_hba.conf", abs_datadir);

	guc_set("config_file", conf, PGC_POSTMASTER, PGC_S_OVERRIDE, false, FATAL);
	guc_set("hba_file", hba, PGC_POSTMASTER, PGC_S_OVERRIDE, false, FATAL);
	if (!cl.bootstrap)
		guc_load_config_files(abs_datadir, PGC_POSTMASTER);
	for (int i = 0; i < cl.n_settings; i++)
		guc_set(cl.names[i], cl.values[i], PGC_POSTMASTER, PGC_S_ARGV, false, FATAL);
	/* wal_buffers = -1 means auto-tuned; SHOW reports the result, as in PostgreSQL. */
	if (guc_wal_buffers_blocks == -1)
		guc_set("wal_buffers", psprintf("%d", wal_buffer_pages()), PGC_POSTMASTER,
				PGC_S_DYNAMIC_DEFAULT, false, FATAL);

	if (cl.show_setting)
	{
		GucVariable *v = guc_find(cl.show_setting);

		if (v == NULL)
		{
			fprintf(stderr, "minipg: unrecognized configuration parameter \"%s\"\n",
					cl.show_setting);
			return 1;
		}
		printf("%s\n", guc_setting_text(v));
		return 0;
	}
	if (cl.bootstrap)
		bootstrap_main(abs_datadir);
	postmaster_main(abs_datadir);
}
