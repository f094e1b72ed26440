/*-------------------------------------------------------------------------
 * fuzz_session.c
 *	  The backend's single-session mode for the fuzzers (see
 *	  fuzz_session.h for the contract and its invariants).
 *
 * How one input runs:
 *	1. pq_init() with an in-memory transport: reads come from the input
 *	   buffer (then EOF), writes go to a growable sink;
 *	2. elog_set_exit_function() so that proc_exit(), after running the exit
 *	   callbacks exactly as in a real backend (roll back, drop temporary
 *	   tables, release the proc slot), siglongjmps back here instead of
 *	   ending the process;
 *	3. backend_run(), the same code a forked backend runs after accepting a
 *	   socket;
 *	4. back here: put the process back as it was before the session (signal
 *	   handlers, the interval timer the fuzzer may own, interrupt flags,
 *	   error state, settings, the session's memory contexts), then check
 *	   that nothing of the session is left (proc slot, transaction, pins,
 *	   lwlocks).
 *
 * Setup, once per process: a standalone engine (postmaster/standalone.c) in
 * a fresh temporary directory, removed at process exit; the catalog
 * bootstrapped as initdb does; pg_hba.conf with one rule per method; then
 * one ordinary session, driven through this same code, creates the roles
 * and a small table for the inputs to play with.
 *-------------------------------------------------------------------------
 */
#include "tcop/fuzz_session.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <unistd.h>

#include "access/transam/checkpoint.h"
#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "postmaster/standalone.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/proc.h"
#include "storage/lmgr/lwlock.h"
#include "tcop/auth.h"
#include "tcop/backend.h"
#include "tcop/port.h"
#include "tcop/pqcomm.h"
#include "tcop/scram.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

/* ---- the in-memory transport ---- */

static const char *in_data;
static size_t in_len;
static size_t in_pos;

static char *out_data;			/* malloc'd, FUZZ_SESSION_MAX_OUTPUT bytes */
static size_t out_len;
static size_t out_total;

static ssize_t
memory_read(void *state, void *buf, size_t len)
{
	(void) state;
	size_t		n = Min(len, in_len - in_pos);

	memcpy(buf, in_data + in_pos, n);
	in_pos += n;
	return (ssize_t) n;			/* 0 at the end: EOF, as a closed socket */
}

static ssize_t
memory_write(void *state, const void *buf, size_t len)
{
	(void) state;
	size_t		n = Min(len, FUZZ_SESSION_MAX_OUTPUT - out_len);

	memcpy(out_data + out_len, buf, n);
	out_len += n;
	out_total += len;
	return (ssize_t) len;
}

/* ---- leaving a session through proc_exit ---- */

static sigjmp_buf *session_exit_jmp;
static int	session_exit_code;

static void
exit_to_driver(int code)
{
	session_exit_code = code;
	siglongjmp(*session_exit_jmp, 1);
}

/* Signals a backend takes over (interrupt_install_backend_handlers and auth). */
static const int backend_signals[] = {
	SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGALRM, SIGUSR1, SIGUSR2, SIGPIPE, SIGCHLD,
};

typedef struct ProcessState
{
	struct sigaction actions[lengthof(backend_signals)];
	struct sigaction pm_death;
	sigset_t	mask;
	struct itimerval timer;
} ProcessState;

static void
save_process_state(ProcessState *s)
{
	for (size_t i = 0; i < lengthof(backend_signals); i++)
		sigaction(backend_signals[i], NULL, &s->actions[i]);
	sigaction(SIGNAL_POSTMASTER_DEATH, NULL, &s->pm_death);
	sigprocmask(SIG_SETMASK, NULL, &s->mask);
	getitimer(ITIMER_REAL, &s->timer);
}

static void
restore_process_state(const ProcessState *s)
{
	static const struct itimerval off;

	setitimer(ITIMER_REAL, &off, NULL);
	for (size_t i = 0; i < lengthof(backend_signals); i++)
		sigaction(backend_signals[i], &s->actions[i], NULL);
	sigaction(SIGNAL_POSTMASTER_DEATH, &s->pm_death, NULL);
	sigprocmask(SIG_SETMASK, &s->mask, NULL);
	setitimer(ITIMER_REAL, &s->timer, NULL);
}

/* ---- settings: as they were after setup ---- */

typedef struct GucSnapshot
{
	char	   *value;			/* malloc'd setting text, base units */
	GucSource	source;
} GucSnapshot;

static GucSnapshot *guc_snapshot;
static int	guc_snapshot_count;

static void
take_guc_snapshot(void)
{
	MemoryContext old = memctx_switch_to(ErrorContext);

	guc_snapshot_count = guc_count();
	guc_snapshot = calloc((size_t) guc_snapshot_count, sizeof(GucSnapshot));
	for (int i = 0; i < guc_snapshot_count; i++)
	{
		GucVariable *v = guc_get(i);

		guc_snapshot[i].value = strdup(guc_setting_text(v));
		guc_snapshot[i].source = v->source;
	}
	memctx_switch_to(old);
	memctx_reset(ErrorContext);
}

/*
 * Put back every setting the session changed.  The snapshot's source is
 * never PGC_S_SESSION (setup runs no SET), so guc_set() also makes the
 * value the RESET target again.  Lowering the source first lets the
 * snapshot's (lower-priority) source win over the session's.
 */
static void
restore_gucs(void)
{
	MemoryContext old = memctx_switch_to(ErrorContext);

	for (int i = 0; i < guc_snapshot_count; i++)
	{
		GucVariable *v = guc_get(i);
		const GucSnapshot *s = &guc_snapshot[i];

		if (v->source == s->source && strcmp(guc_setting_text(v), s->value) == 0)
			continue;
		v->source = PGC_S_DEFAULT;
		if (!guc_set(v->name, s->value, PGC_INTERNAL, s->source, false, WARNING))
		{
			fprintf(stderr, "fuzz_session: could not restore setting \"%s\" to \"%s\"\n",
					v->name, s->value);
			abort();
		}
	}
	memctx_switch_to(old);
	memctx_reset(ErrorContext);
}

/* ---- the working directory: the data directory during a session only ---- */

static char *datadir;
static int	caller_cwd = -1;	/* the process's own working directory */

/*
 * The engine resolves its files relative to the data directory, so a
 * session runs there; between sessions the process is back in the
 * directory it was started in.  Otherwise the fuzzer's own relative paths
 * (corpus files named on the command line, crash-<sha1> artifacts written
 * without -artifact_prefix) would resolve inside the temporary data
 * directory, which is removed at exit.
 */
static void
enter_datadir(void)
{
	if (chdir(datadir) != 0)
	{
		perror("fuzz_session: chdir to the data directory");
		abort();
	}
}

static void
leave_datadir(void)
{
	if (fchdir(caller_cwd) != 0)
	{
		perror("fuzz_session: fchdir back to the working directory");
		abort();
	}
}

/* ---- one session ---- */

static pg_noreturn void
invariant_failed(const char *what)
{
	fprintf(stderr, "fuzz_session: after the session ended: %s\n", what);
	abort();
}

static void
reset_after_session(const ProcessState *saved)
{
	restore_process_state(saved);
	InterruptPending = QueryCancelPending = ProcDiePending = 0;
	StatementTimeoutPending = LockTimeoutPending = IdleInTransactionTimeoutPending = 0;
	ConfigReloadPending = AuthTimeoutPending = PostmasterDeathPending = 0;
	InterruptHoldoffCount = 0;
	QueryCancelEnabled = false;
	crit_section_depth = 0;
	elog_exception_stack = NULL;
	elog_flush_error();
	elog_set_statement(NULL);
	elog_set_client_sender(NULL);

	/* The invariants of fuzz_session.h. */
	if (MyProc != NULL)
		invariant_failed("the proc slot is still attached");
	if (xact_is_open() || xact_in_block())
		invariant_failed("a transaction is still open");
	if (bufmgr_pins_held() != 0)
		invariant_failed("buffer pins are still held");
	if (lwlock_num_held() != 0)
		invariant_failed("lightweight locks are still held");
	/* A new session sizes its own local buffer pool (temp_buffers). */
	bufmgr_local_pool_discard();

	/* The Port, the startup packet, prepared statements: all in SessionContext. */
	memctx_switch_to(TopMemoryContext);
	interrupt_set_quickdie_messages(-1, NULL, 0, NULL, 0);
	if (SessionContext != NULL)
		memctx_delete(SessionContext);
	if (MessageContext != NULL)
		memctx_delete(MessageContext);
	SessionContext = MessageContext = NULL;
	MyPort = NULL;
	restore_gucs();
	leave_datadir();
}

static bool setup_done = false;

FuzzSessionResult
fuzz_session_run(const void *input, size_t len)
{
	sigjmp_buf	jmp;
	ProcessState saved;
	FuzzSessionResult r;

	fuzz_session_setup();
	in_data = input;
	in_len = len;
	in_pos = 0;
	out_len = out_total = 0;
	save_process_state(&saved);
	enter_datadir();

	PqTransport t = {memory_read, memory_write, NULL};

	pq_init(&t);
	if (sigsetjmp(jmp, 1) == 0)
	{
		BackendStartInfo info;

		memset(&info, 0, sizeof(info));
		info.client.fd = -1;
		info.client.is_unix = true;
		snprintf(info.client.host, sizeof(info.client.host), "[local]");
		info.admission = CAC_OK;
		info.cancel_key = 0x5eed;
		session_exit_jmp = &jmp;
		elog_set_exit_function(exit_to_driver);
		backend_run(&info);
	}
	elog_set_exit_function(NULL);
	reset_after_session(&saved);
	r.exit_code = session_exit_code;
	r.output = out_data;
	r.output_len = out_len;
	r.output_total = out_total;
	return r;
}

/* ---- setup ---- */

static void
remove_datadir_at_exit(void)
{
	if (datadir != NULL && getpid() == MyProcPid)
		standalone_remove_datadir(datadir);
	datadir = NULL;
}

size_t
fuzz_session_startup_packet(char *buf, size_t buflen)
{
	static const char params[] = "user\0" FUZZ_SESSION_SUPERUSER "\0database\0postgres\0\0";
	uint32_t	len = (uint32_t) (8 + sizeof(params) - 1);
	uint32_t	netlen = htonl(len);
	uint32_t	proto = htonl(PG_PROTOCOL(3, 0));

	if (buflen < len)
		abort();
	memcpy(buf, &netlen, 4);
	memcpy(buf + 4, &proto, 4);
	memcpy(buf + 8, params, sizeof(params) - 1);
	return len;
}

/* Append a simple Query message to b. */
static void
append_query(StringBuf *b, const char *sql)
{
	uint32_t	netlen = htonl((uint32_t) (4 + strlen(sql) + 1));

	strbuf_append_char(b, 'Q');
	strbuf_append_bytes(b, (const char *) &netlen, 4);
	strbuf_append_bytes(b, sql, (int) strlen(sql) + 1);
}

/* The setup session's statements; NULL: fuzz_scram with its fixed salt. */
static const char *const setup_sql[] = {
	"SET password_encryption = 'scram-sha-256'",
	NULL,
	"CREATE ROLE " FUZZ_SESSION_PASSWORD_ROLE " LOGIN PASSWORD '" FUZZ_SESSION_PASSWORD "'",
	"SET password_encryption = 'md5'",
	"CREATE ROLE " FUZZ_SESSION_MD5_ROLE " LOGIN PASSWORD '" FUZZ_SESSION_PASSWORD "'",
	"CREATE TABLE fuzz_t (a int PRIMARY KEY, b text, c float8)",
	"INSERT INTO fuzz_t SELECT g, 'row ' || g, g / 3.0 FROM generate_series(1, 100) g",
	"CREATE INDEX fuzz_t_b ON fuzz_t (b)",
};

static const char setup_hba[] =
"# fuzz_session.c: one rule per method\n"
"local all " FUZZ_SESSION_SCRAM_ROLE " scram-sha-256\n"
"local all " FUZZ_SESSION_MD5_ROLE " md5\n"
"local all " FUZZ_SESSION_PASSWORD_ROLE " password\n"
"local all nobody reject\n"
"local all all trust\n";

static void
write_file(const char *path, const char *text)
{
	FILE	   *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
	{
		fprintf(stderr, "fuzz_session: could not write %s/%s\n", datadir, path);
		abort();
	}
}

/* Settings for every session: quiet, bounded, deterministic. */
static void
set_fuzz_gucs(void)
{
	static const char *const settings[][2] = {
		{"hba_file", "pg_hba.conf"},
		{"statement_timeout", "5000"},
		{"lock_timeout", "1000"},
		{"log_checkpoints", "off"},
	};

	for (size_t i = 0; i < lengthof(settings); i++)
		guc_set(settings[i][0], settings[i][1], PGC_POSTMASTER, PGC_S_FILE, false, FATAL);
	if (getenv("MINIPG_FUZZ_LOG") == NULL || strcmp(getenv("MINIPG_FUZZ_LOG"), "1") != 0)
		guc_set("log_min_messages", "panic", PGC_POSTMASTER, PGC_S_FILE, false, FATAL);
}

void
fuzz_session_setup(void)
{
	if (setup_done)
		return;
	setup_done = true;
	out_data = malloc(FUZZ_SESSION_MAX_OUTPUT);
	if (out_data == NULL)
		abort();

	caller_cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (caller_cwd < 0)
	{
		perror("fuzz_session: open the working directory");
		abort();
	}
	datadir = standalone_temp_datadir("fuzz");
	standalone_init(datadir, true);
	atexit(remove_datadir_at_exit);
	set_fuzz_gucs();
	xact_start_command();
	catalog_bootstrap(FUZZ_SESSION_SUPERUSER);
	xact_commit_command();
	checkpoint_perform(CHECKPOINT_IS_SHUTDOWN | CHECKPOINT_IMMEDIATE);
	write_file("pg_hba.conf", setup_hba);

	/*
	 * Leave the standalone proc slot (its exit callbacks run, the driver's
	 * exit function brings us back): from now on each session takes a
	 * backend slot of its own, as a forked backend would.
	 */
	{
		sigjmp_buf	jmp;

		if (sigsetjmp(jmp, 1) == 0)
		{
			session_exit_jmp = &jmp;
			elog_set_exit_function(exit_to_driver);
			proc_exit(0);
		}
		elog_set_exit_function(NULL);
	}
	take_guc_snapshot();

	/* The setup session: the roles and the table, through the protocol. */
	StringBuf	stream;
	char		packet[128];
	size_t		plen = fuzz_session_startup_packet(packet, sizeof(packet));

	memctx_switch_to(TopMemoryContext);
	strbuf_init(&stream);
	strbuf_append_bytes(&stream, packet, (int) plen);
	char	   *scram_role = psprintf("CREATE ROLE " FUZZ_SESSION_SCRAM_ROLE " LOGIN PASSWORD '%s'",
										  scram_build_verifier(FUZZ_SESSION_PASSWORD,
															   (const uint8_t *) FUZZ_SESSION_SCRAM_SALT,
															   (int) strlen(FUZZ_SESSION_SCRAM_SALT),
															   FUZZ_SESSION_SCRAM_ITERATIONS));

	for (size_t i = 0; i < lengthof(setup_sql); i++)
		append_query(&stream, setup_sql[i] != NULL ? setup_sql[i] : scram_role);
	auth_fixed_md5_salt = (const uint8_t *) FUZZ_SESSION_MD5_SALT;
	auth_fixed_scram_nonce = FUZZ_SESSION_SCRAM_NONCE;
	strbuf_append_bytes(&stream, "X\0\0\0\4", 5);

	FuzzSessionResult r = fuzz_session_run(stream.data, (size_t) stream.len);

	for (size_t pos = 0; pos + 5 <= r.output_len;)
	{
		uint32_t	mlen;

		memcpy(&mlen, r.output + pos + 1, 4);
		mlen = ntohl(mlen);
		if (r.output[pos] == 'E')
		{
			fprintf(stderr, "fuzz_session: setup failed: %.*s\n",
					(int) Min(mlen, 400), r.output + pos + 5);
			abort();
		}
		pos += 1 + mlen;
	}
	if (r.exit_code != 0)
	{
		fprintf(stderr, "fuzz_session: setup session ended with code %d\n", r.exit_code);
		abort();
	}
}

/* ---- output check ---- */

const char *
fuzz_session_check_output(const FuzzSessionResult *r)
{
	static const char backend_types[] = "123ACDEGHIKNRSTVWZcdnstv";
	size_t		pos = 0;

	while (pos < r->output_len)
	{
		uint32_t	mlen;

		if (strchr(backend_types, r->output[pos]) == NULL || r->output[pos] == '\0')
			return "unknown backend message type";
		if (pos + 5 > r->output_len)
			return r->output_total > r->output_len ? NULL : "truncated message header";
		memcpy(&mlen, r->output + pos + 1, 4);
		mlen = ntohl(mlen);
		if (mlen < 4)
			return "message length below 4";
		if (pos + 1 + mlen > r->output_len)
			return r->output_total > r->output_len ? NULL : "message runs past the output";
		pos += 1 + mlen;
	}
	return NULL;
}
