/*-------------------------------------------------------------------------
 * minipg_controldata.c
 *	  Print global/pg_control of a minipg cluster, as pg_controldata does.
 *
 *	minipg_controldata [-D] DATADIR		(or PGDATA)
 *
 * Reads the file directly (no server needed, none is contacted) and
 * verifies its CRC: a corrupt or incompatible file is reported and the
 * exit code is 1.  Labels follow pg_controldata where the field exists in
 * PostgreSQL, so scripts written for it find the same lines (for example
 * "Latest checkpoint's REDO location:").
 *-------------------------------------------------------------------------
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access/transam/controlfile.h"
#include "access/wal/walformat.h"

static const char *progname = "minipg_controldata";

static void
usage(void)
{
	printf("%s displays control information of a minipg database cluster.\n\n"
		   "Usage:\n  %s [OPTION] [DATADIR]\n\n"
		   "Options:\n"
		   " [-D, --pgdata=]DATADIR  data directory\n"
		   "  -V, --version          output version information, then exit\n"
		   "  -?, --help             show this help, then exit\n\n"
		   "If no data directory (DATADIR) is specified, the environment variable PGDATA\n"
		   "is used.\n", progname, progname);
}

static const char *
format_time(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t) t;
	struct tm	tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%a %b %e %H:%M:%S %Y UTC", &tm);
	return buf;
}

static void
print_control(const ControlFileData *cf)
{
	char		t1[64],
				t2[64],
				walfile[WAL_FILE_NAME_LEN + 1];

	wal_file_name(walfile, cf->timeline ? cf->timeline : WAL_TIMELINE, wal_segno(cf->redo_lsn));
	printf("pg_control version number:            %u\n", cf->pg_control_version);
	printf("Database system identifier:           %llu\n",
		   (unsigned long long) cf->system_identifier);
	printf("Database cluster state:               %s\n", dbstate_name((DBState) cf->state));
	printf("pg_control last modified:             %s\n", format_time(cf->time, t1, sizeof(t1)));
	printf("Latest checkpoint location:           %X/%X\n", LSN_FORMAT_ARGS(cf->checkpoint_lsn));
	printf("Latest checkpoint's REDO location:    %X/%X\n", LSN_FORMAT_ARGS(cf->redo_lsn));
	printf("Latest checkpoint's REDO WAL file:    %s\n", walfile);
	printf("Latest checkpoint's TimeLineID:       %u\n", cf->timeline);
	printf("Latest checkpoint's NextXID:          0:%u\n", cf->next_xid);
	printf("Latest checkpoint's NextOID:          %u\n", cf->next_oid);
	printf("Time of latest checkpoint:            %s\n",
		   format_time(cf->checkpoint_time, t2, sizeof(t2)));
	printf("Transaction ID reservation limit:     %u\n", cf->xid_reserved_until);
	printf("OID reservation limit:                %u\n", cf->oid_reserved_until);
	printf("Database block size:                  %u\n", cf->blcksz);
	printf("WAL block size:                       %u\n", (unsigned) WAL_PAGE_SIZE);
	printf("Bytes per WAL segment:                %u\n", cf->wal_segment_size);
	printf("Maximum length of identifiers:        %u\n", cf->name_data_len);
	printf("Data page checksum version:           %u\n", cf->data_checksum_version);
}

int
main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{"pgdata", required_argument, NULL, 'D'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, '?'},
		{NULL, 0, NULL, 0},
	};
	const char *datadir = NULL;
	int			c;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0))
	{
		usage();
		return 0;
	}
	while ((c = getopt_long(argc, argv, "D:V", long_options, NULL)) != -1)
	{
		switch (c)
		{
			case 'D':
				datadir = optarg;
				break;
			case 'V':
				printf("%s (minipg) %s\n", progname, MINIPG_VERSION_STR);
				return 0;
			default:
				fprintf(stderr, "Try \"%s --help\" for more information.\n", progname);
				return 1;
		}
	}
	if (datadir == NULL && optind < argc)
		datadir = argv[optind++];
	if (optind < argc)
	{
		fprintf(stderr, "%s: too many command-line arguments (first is \"%s\")\n",
				progname, argv[optind]);
		return 1;
	}
	if (datadir == NULL)
		datadir = getenv("PGDATA");
	if (datadir == NULL)
	{
		fprintf(stderr, "%s: no data directory specified\n"
				"Try \"%s --help\" for more information.\n", progname, progname);
		return 1;
	}

	ControlFileData cf;
	char		err[512];

	if (!controlfile_read_file(datadir, &cf, err, sizeof(err)))
	{
		fprintf(stderr, "%s: %s\n", progname, err);
		return 1;
	}
	print_control(&cf);
	return 0;
}
