/*-------------------------------------------------------------------------
 * minipg_ctl.c
 *	  Create, start, stop and inspect a minipg cluster: initdb and pg_ctl in
 *	  one program.
 *
 *	minipg_ctl init    -D DATADIR [-U SUPERUSER] [--auth=METHOD] [-c name=value]...
 *	minipg_ctl start   -D DATADIR [-l LOGFILE] [-o "OPTIONS"] [-w|-W] [-t SECS]
 *	minipg_ctl stop    -D DATADIR [-m smart|fast|immediate] [-w|-W] [-t SECS]
 *	minipg_ctl restart -D DATADIR [-m MODE] [-l LOGFILE] [-o "OPTIONS"]
 *	minipg_ctl reload  -D DATADIR
 *	minipg_ctl status  -D DATADIR
 *
 * Exit codes follow pg_ctl: 0 success; 1 failure; status returns 3 when no
 * server is running and 4 when the data directory is not accessible.
 *
 * "Waiting for start" means: postmaster.pid exists, names the postmaster we
 * started, and its status line says "ready"; if that postmaster exits
 * first, the start failed and the log says why.
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "postmaster/pidfile.h"

#define MAX_SETTINGS 64

typedef struct CtlOptions
{
	const char *command;
	const char *datadir;
	const char *logfile;
	const char *server_options;
	const char *superuser;
	const char *auth_method;
	const char *shutdown_mode;
	bool		wait;
	int			wait_seconds;
	int			n_settings;
	const char *settings[MAX_SETTINGS];
} CtlOptions;

static const char *progname = "minipg_ctl";

static void
die(const char *fmt, ...)
{
	va_list		ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
usage(void)
{
	printf("%s initializes, starts, stops, or controls a minipg server.\n\n"
		   "Usage:\n"
		   "  %s init    -D DATADIR [-U SUPERUSER] [--auth=METHOD] [-c NAME=VALUE]...\n"
		   "  %s start   -D DATADIR [-l FILENAME] [-o \"OPTIONS\"] [-W] [-t SECS]\n"
		   "  %s stop    -D DATADIR [-m SHUTDOWN-MODE] [-W] [-t SECS]\n"
		   "  %s restart -D DATADIR [-m SHUTDOWN-MODE] [-l FILENAME] [-o \"OPTIONS\"]\n"
		   "  %s reload  -D DATADIR\n"
		   "  %s status  -D DATADIR\n\n"
		   "Shutdown modes are: smart (quit after all clients have disconnected),\n"
		   "fast (quit directly, with proper shutdown; the default), immediate\n"
		   "(quit without complete shutdown; will lead to recovery on restart).\n",
		   progname, progname, progname, progname, progname, progname, progname);
}

/* The minipg server binary: beside this program. */
static char *
server_binary(void)
{
	static char path[PATH_MAX];
	char		self[PATH_MAX];
	ssize_t		n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		die("could not find own program executable");
	self[n] = '\0';
	char	   *slash = strrchr(self, '/');

	*slash = '\0';
	snprintf(path, sizeof(path), "%s/minipg", self);
	if (access(path, X_OK) != 0)
		die("program \"minipg\" is needed by %s but was not found in \"%s\"", progname, self);
	return path;
}

static void
write_text_file(const char *dir, const char *name, const char *text)
{
	char		path[PATH_MAX];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		die("could not create file \"%s\": %s", path, strerror(errno));
	fputs(text, f);
	if (fclose(f) != 0)
		die("could not write file \"%s\": %s", path, strerror(errno));
	chmod(path, 0600);
}

static const char default_conf[] =
	"# minipg configuration file (PostgreSQL syntax: name = value)\n"
	"#\n"
	"# Connections\n"
	"#listen_addresses = 'localhost'\n"
	"#port = 5432\n"
	"#max_connections = 100\n"
	"#unix_socket_directories = '/tmp'\n"
	"#\n"
	"# Memory\n"
	"shared_buffers = 128MB\n"
	"#work_mem = 4MB\n"
	"#maintenance_work_mem = 64MB\n"
	"#temp_buffers = 8MB\n"
	"#\n"
	"# Write-ahead log and checkpoints\n"
	"#fsync = on\n"
	"#synchronous_commit = on\n"
	"#checkpoint_timeout = 5min\n"
	"#max_wal_size = 1GB\n"
	"#\n"
	"# Logging\n"
	"#log_line_prefix = '%m [%p] '\n"
	"#log_min_messages = warning\n";

static void
write_hba(const char *datadir, const char *method)
{
	char		text[2048];

	snprintf(text, sizeof(text),
			 "# minipg client authentication configuration (pg_hba.conf syntax)\n"
			 "#\n"
			 "# TYPE  DATABASE        USER            ADDRESS                 METHOD\n"
			 "local   all             all                                     %s\n"
			 "host    all             all             127.0.0.1/32            %s\n"
			 "host    all             all             ::1/128                 %s\n",
			 method, method, method);
	write_text_file(datadir, "pg_hba.conf", text);
}

static bool
dir_is_empty(const char *path)
{
	char		cmd[PATH_MAX + 32];

	snprintf(cmd, sizeof(cmd), "%s/.", path);
	int			fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return false;
	close(fd);
	FILE	   *ls;

	snprintf(cmd, sizeof(cmd), "ls -A '%s'", path);
	ls = popen(cmd, "r");
	if (ls == NULL)
		return false;
	int			c = fgetc(ls);

	pclose(ls);
	return c == EOF;
}

static int
run_and_wait(char *const argv[])
{
	pid_t		pid = fork();
	int			status;

	if (pid < 0)
		die("could not fork: %s", strerror(errno));
	if (pid == 0)
	{
		execv(argv[0], argv);
		fprintf(stderr, "%s: could not execute \"%s\": %s\n", progname, argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid failed: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int
do_init(const CtlOptions *o)
{
	struct stat st;
	const char *user = o->superuser;
	const char *method = o->auth_method ? o->auth_method : "trust";

	if (user == NULL)
	{
		struct passwd *pw = getpwuid(geteuid());

		user = pw ? pw->pw_name : "postgres";
	}
	if (stat(o->datadir, &st) == 0)
	{
		if (!S_ISDIR(st.st_mode) || !dir_is_empty(o->datadir))
			die("directory \"%s\" exists but is not empty\n"
				"If you want to create a new database system, either remove or empty\n"
				"the directory \"%s\" or run %s with an argument other than \"%s\".",
				o->datadir, o->datadir, progname, o->datadir);
		chmod(o->datadir, 0700);
	}
	else if (mkdir(o->datadir, 0700) != 0)
		die("could not create directory \"%s\": %s", o->datadir, strerror(errno));

	printf("The files belonging to this database system will be owned by user \"%s\".\n"
		   "The database superuser will be \"%s\".\n\n", getpwuid(geteuid())->pw_name, user);
	printf("creating configuration files ... ");
	write_text_file(o->datadir, "PG_VERSION", "15\n");
	char		conf[8192];
	int			n = snprintf(conf, sizeof(conf), "%s", default_conf);

	for (int i = 0; i < o->n_settings; i++)
	{
		const char *eq = strchr(o->settings[i], '=');

		if (eq == NULL)
			die("-c %s requires a value", o->settings[i]);
		n += snprintf(conf + n, sizeof(conf) - (size_t) n, "%.*s = '%s'\n",
					  (int) (eq - o->settings[i]), o->settings[i], eq + 1);
	}
	write_text_file(o->datadir, "postgresql.conf", conf);
	write_text_file(o->datadir, "postgresql.auto.conf",
					"# Do not edit this file manually!\n"
					"# It will be overwritten by the ALTER SYSTEM command.\n");
	write_hba(o->datadir, method);
	printf("ok\n");

	printf("running bootstrap script ... ");
	fflush(stdout);
	char	   *argv[] = {server_binary(), "--boot", "-D", (char *) o->datadir,
		"-c", NULL, NULL};
	char		superuser_setting[256];

	snprintf(superuser_setting, sizeof(superuser_setting), "session_authorization=%s", user);
	argv[5] = superuser_setting;
	if (run_and_wait(argv) != 0)
	{
		char		cmd[PATH_MAX + 16];

		fprintf(stderr, "%s: bootstrap failed; removing data directory \"%s\"\n",
				progname, o->datadir);
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", o->datadir);
		if (system(cmd) != 0)
			fprintf(stderr, "%s: could not remove \"%s\"\n", progname, o->datadir);
		return 1;
	}
	printf("ok\n\nSuccess. You can now start the database server using:\n\n"
		   "    %s -D %s -l logfile start\n\n", progname, o->datadir);
	return 0;
}

static pid_t
read_pid_file(const char *datadir, char *status_out, size_t status_len)
{
	char		path[PATH_MAX];
	char		line[1024];
	FILE	   *f;
	pid_t		pid = 0;

	snprintf(path, sizeof(path), "%s/postmaster.pid", datadir);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	for (int i = 1; fgets(line, sizeof(line), f) != NULL; i++)
	{
		if (i == 1)
			pid = (pid_t) atol(line);
		if (i == 8 && status_out)
		{
			line[strcspn(line, "\n")] = '\0';
			snprintf(status_out, status_len, "%s", line);
		}
	}
	fclose(f);
	return pid;
}

static bool
process_alive(pid_t pid)
{
	return pid > 0 && pidfile_process_is_running(pid);
}

static void
sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void
save_postmaster_opts(const CtlOptions *o, const char *server)
{
	char		text[4096];

	snprintf(text, sizeof(text), "%s \"-D\" \"%s\"%s%s\n", server, o->datadir,
			 o->server_options ? " " : "", o->server_options ? o->server_options : "");
	write_text_file(o->datadir, "postmaster.opts", text);
}

static int
do_start(const CtlOptions *o)
{
	char		status[64] = "";
	pid_t		old = read_pid_file(o->datadir, NULL, 0);

	if (old > 0 && process_alive(old))
		fprintf(stderr, "%s: another server might be running; trying to start server anyway\n",
				progname);
	char	   *server = server_binary();
	char		cmd[8192];

	/* exec through the shell so -o options split like a command line. */
	snprintf(cmd, sizeof(cmd), "exec '%s' -D '%s' %s < /dev/null %s%s%s 2>&1",
			 server, o->datadir, o->server_options ? o->server_options : "",
			 o->logfile ? ">> '" : "", o->logfile ? o->logfile : "", o->logfile ? "'" : "");
	save_postmaster_opts(o, server);
	pid_t		pid = fork();

	if (pid < 0)
		die("could not start server: %s", strerror(errno));
	if (pid == 0)
	{
		setsid();
		execl("/bin/sh", "sh", "-c", cmd, (char *) NULL);
		_exit(127);
	}
	if (!o->wait)
	{
		printf("server starting\n");
		return 0;
	}
	printf("waiting for server to start....");
	fflush(stdout);
	for (int waited_ms = 0; waited_ms < o->wait_seconds * 1000; waited_ms += 100)
	{
		pid_t		cur = read_pid_file(o->datadir, status, sizeof(status));
		int			wstatus;

		if (cur == pid && strncmp(status, "ready", 5) == 0)
		{
			printf(" done\nserver started\n");
			return 0;
		}
		if (waitpid(pid, &wstatus, WNOHANG) == pid)
		{
			printf(" stopped waiting\n");
			fprintf(stderr, "%s: could not start server\nExamine the log output.\n", progname);
			return 1;
		}
		if (waited_ms % 1000 == 0 && waited_ms > 0)
		{
			printf(".");
			fflush(stdout);
		}
		sleep_ms(100);
	}
	printf(" stopped waiting\n");
	fprintf(stderr, "%s: server did not start in time\n", progname);
	return 1;
}

static int
do_stop(const CtlOptions *o, bool quiet_if_absent)
{
	const char *mode = o->shutdown_mode ? o->shutdown_mode : "fast";
	int			sig;
	pid_t		pid = read_pid_file(o->datadir, NULL, 0);

	if (strcmp(mode, "smart") == 0 || strcmp(mode, "s") == 0)
		sig = SIGTERM;
	else if (strcmp(mode, "fast") == 0 || strcmp(mode, "f") == 0)
		sig = SIGINT;
	else if (strcmp(mode, "immediate") == 0 || strcmp(mode, "i") == 0)
		sig = SIGQUIT;
	else
		die("unrecognized shutdown mode \"%s\"", mode);
	if (pid <= 0)
	{
		if (quiet_if_absent)
			return 0;
		fprintf(stderr, "%s: PID file \"%s/postmaster.pid\" does not exist\n"
				"Is server running?\n", progname, o->datadir);
		return 1;
	}
	if (kill(pid, sig) != 0)
	{
		fprintf(stderr, "%s: could not send stop signal (PID: %d): %s\n",
				progname, (int) pid, strerror(errno));
		return 1;
	}
	if (!o->wait)
	{
		printf("server shutting down\n");
		return 0;
	}
	printf("waiting for server to shut down....");
	fflush(stdout);
	for (int waited_ms = 0; waited_ms < o->wait_seconds * 1000; waited_ms += 100)
	{
		if (read_pid_file(o->datadir, NULL, 0) != pid || !process_alive(pid))
		{
			/* Wait for the process itself, so a restart can reuse the port. */
			for (int i = 0; i < 100 && process_alive(pid); i++)
				sleep_ms(50);
			printf(" done\nserver stopped\n");
			return 0;
		}
		if (waited_ms % 1000 == 0 && waited_ms > 0)
		{
			printf(".");
			fflush(stdout);
		}
		sleep_ms(100);
	}
	printf(" failed\n");
	fprintf(stderr, "%s: server does not shut down\n", progname);
	return 1;
}

static int
do_reload(const CtlOptions *o)
{
	pid_t		pid = read_pid_file(o->datadir, NULL, 0);

	if (pid <= 0)
	{
		fprintf(stderr, "%s: PID file \"%s/postmaster.pid\" does not exist\n"
				"Is server running?\n", progname, o->datadir);
		return 1;
	}
	if (kill(pid, SIGHUP) != 0)
	{
		fprintf(stderr, "%s: could not send reload signal (PID: %d): %s\n",
				progname, (int) pid, strerror(errno));
		return 1;
	}
	printf("server signaled\n");
	return 0;
}

static int
do_status(const CtlOptions *o)
{
	struct stat st;

	if (stat(o->datadir, &st) != 0)
	{
		fprintf(stderr, "%s: directory \"%s\" does not exist\n", progname, o->datadir);
		return 4;
	}
	pid_t		pid = read_pid_file(o->datadir, NULL, 0);

	if (pid > 0 && process_alive(pid))
	{
		char		path[PATH_MAX];
		char		line[4096];

		printf("%s: server is running (PID: %d)\n", progname, (int) pid);
		snprintf(path, sizeof(path), "%s/postmaster.opts", o->datadir);
		FILE	   *f = fopen(path, "r");

		if (f != NULL)
		{
			if (fgets(line, sizeof(line), f))
				fputs(line, stdout);
			fclose(f);
		}
		return 0;
	}
	printf("%s: no server running\n", progname);
	return 3;
}

static void
parse_args(int argc, char **argv, CtlOptions *o)
{
	static const struct option longopts[] = {
		{"pgdata", required_argument, NULL, 'D'},
		{"log", required_argument, NULL, 'l'},
		{"mode", required_argument, NULL, 'm'},
		{"options", required_argument, NULL, 'o'},
		{"timeout", required_argument, NULL, 't'},
		{"username", required_argument, NULL, 'U'},
		{"auth", required_argument, NULL, 'A'},
		{"wait", no_argument, NULL, 'w'},
		{"no-wait", no_argument, NULL, 'W'},
		{"help", no_argument, NULL, '?'},
		{NULL, 0, NULL, 0},
	};
	int			c;

	o->wait = true;
	o->wait_seconds = 60;
	/* Accept the command anywhere on the line, like pg_ctl. */
	while (optind < argc)
	{
		while ((c = getopt_long(argc, argv, "D:l:m:o:t:U:A:c:wWs?", longopts, NULL)) != -1)
		{
			switch (c)
			{
				case 'D':
					o->datadir = optarg;
					break;
				case 'l':
					o->logfile = optarg;
					break;
				case 'm':
					o->shutdown_mode = optarg;
					break;
				case 'o':
					o->server_options = optarg;
					break;
				case 't':
					o->wait_seconds = atoi(optarg);
					break;
				case 'U':
					o->superuser = optarg;
					break;
				case 'A':
					o->auth_method = optarg;
					break;
				case 'c':
					if (o->n_settings < MAX_SETTINGS)
						o->settings[o->n_settings++] = optarg;
					break;
				case 'w':
					o->wait = true;
					break;
				case 'W':
					o->wait = false;
					break;
				case 's':
					break;
				default:
					usage();
					exit(c == '?' ? 0 : 1);
			}
		}
		if (optind < argc)
		{
			if (o->command != NULL)
				die("too many command-line arguments (first is \"%s\")", argv[optind]);
			o->command = argv[optind++];
		}
	}
	if (o->datadir == NULL)
		o->datadir = getenv("PGDATA");
}

int
main(int argc, char **argv)
{
	CtlOptions	o = {0};

	parse_args(argc, argv, &o);
	if (o.command == NULL)
	{
		fprintf(stderr, "%s: no operation specified\n"
				"Try \"%s --help\" for more information.\n", progname, progname);
		return 1;
	}
	if (o.datadir == NULL)
		die("no database directory specified and environment variable PGDATA unset");
	if (strcmp(o.command, "init") == 0 || strcmp(o.command, "initdb") == 0)
		return do_init(&o);
	if (strcmp(o.command, "status") == 0)
		return do_status(&o);
	struct stat st;

	if (stat(o.datadir, &st) != 0)
		die("directory \"%s\" does not exist", o.datadir);
	if (strcmp(o.command, "start") == 0)
		return do_start(&o);
	if (strcmp(o.command, "stop") == 0)
		return do_stop(&o, false);
	if (strcmp(o.command, "restart") == 0)
	{
		if (do_stop(&o, true) != 0)
			return 1;
		return do_start(&o);
	}
	if (strcmp(o.command, "reload") == 0)
		return do_reload(&o);
	die("unrecognized operation mode \"%s\"", o.command);
	return 1;
}
