/*-------------------------------------------------------------------------
 * elog.c
 *	  Error reporting and non-local exit (see elog.h for the contract).
 *
 * How a report flows:
 *	errstart()	decides whether anyone will see the message (server log
 *				and/or client), applies the promotions (ERROR in a critical
 *				section -> PANIC, ERROR outside any ELOG_TRY -> FATAL) and
 *				pushes an ErrorData on a small stack.
 *	errmsg()...	fill the ErrorData; text is allocated in ErrorContext.
 *	errfinish()	ERROR: siglongjmp to the innermost ELOG_TRY, leaving the
 *				ErrorData for the handler (which emits it, or not);
 *				anything else: emit now; FATAL then proc_exit(1), PANIC
 *				then abort().
 *
 * Invariants:
 *	- The ErrorData stack is bounded (ERRORDATA_STACK_SIZE); overflowing it
 *	  means error handling itself is failing, which is a PANIC.
 *	- Server-log lines are written with one write(2) each, so lines from
 *	  different processes sharing stderr never interleave mid-line; with
 *	  the logging collector (logpipe_active) a message goes as chunks of
 *	  at most PIPE_BUF bytes that the logger reassembles (logpipe.h), so
 *	  even long messages stay whole.
 *	- ErrorContext is reset only when the stack becomes empty.
 *-------------------------------------------------------------------------
 */
#include "utils/elog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "utils/guc.h"
#include "utils/logpipe.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

#define ERRORDATA_STACK_SIZE 5

sigjmp_buf *elog_exception_stack = NULL;
volatile int crit_section_depth = 0;
int			log_min_messages = WARNING;
int			client_min_messages = NOTICE;

static ErrorData errordata[ERRORDATA_STACK_SIZE];
static int	errordata_depth = -1;
static elog_client_sender client_sender = NULL;
static const char *process_label = "postmaster";
static const char *current_statement = NULL;

static const struct
{
	const char *name;
	int			level;
}			level_names[] = {
	{"debug5", DEBUG5}, {"debug4", DEBUG4}, {"debug3", DEBUG3},
	{"debug2", DEBUG2}, {"debug1", DEBUG1}, {"debug", DEBUG2},
	{"log", LOG}, {"info", INFO}, {"notice", NOTICE}, {"warning", WARNING},
	{"error", ERROR}, {"fatal", FATAL}, {"panic", PANIC},
};

const char *
elog_level_name(int elevel)
{
	switch (elevel)
	{
		case DEBUG5:
		case DEBUG4:
		case DEBUG3:
		case DEBUG2:
		case DEBUG1:
			return "DEBUG";
		case LOG:
		case LOG_SERVER_ONLY:
			return "LOG";
		case INFO:
			return "INFO";
		case NOTICE:
			return "NOTICE";
		case WARNING:
			return "WARNING";
		case ERROR:
			return "ERROR";
		case FATAL:
			return "FATAL";
		case PANIC:
			return "PANIC";
	}
	return "???";
}

int
elog_level_from_name(const char *name)
{
	for (size_t i = 0; i < lengthof(level_names); i++)
		if (strcasecmp(name, level_names[i].name) == 0)
			return level_names[i].level;
	return -1;
}

/*
 * Server-log ordering differs from the numeric order: LOG ranks between
 * ERROR and FATAL, so log_min_messages = warning still logs LOG lines.
 */
static bool
is_server_output(int elevel, int min_level)
{
	if (elevel == LOG || elevel == LOG_SERVER_ONLY)
		return min_level == LOG || min_level <= ERROR;
	if (min_level == LOG)
		return elevel >= FATAL;
	return elevel >= min_level;
}

static bool
is_client_output(int elevel)
{
	if (client_sender == NULL || elevel == LOG_SERVER_ONLY)
		return false;
	if (elevel >= ERROR || elevel == INFO)
		return true;
	return elevel >= client_min_messages;
}

void
elog_set_client_sender(elog_client_sender sender)
{
	client_sender = sender;
}

void
elog_set_process_label(const char *label)
{
	process_label = label;
}

void
elog_set_statement(const char *query)
{
	current_statement = query;
}

bool
errstart(int elevel, const char *filename, int lineno, const char *funcname)
{
	if (elevel >= ERROR)
	{
		if (crit_section_depth > 0)
			elevel = PANIC;
		if (elevel == ERROR && elog_exception_stack == NULL)
			elevel = FATAL;
	}
	else if (!is_server_output(elevel, log_min_messages) && !is_client_output(elevel))
		return false;

	if (errordata_depth + 1 >= ERRORDATA_STACK_SIZE)
	{
		/* Error handling is recursing; nothing sensible is left to do. */
		static const char msg[] = "PANIC:  ERRORDATA_STACK_SIZE exceeded\n";

		errordata_depth = -1;
		(void) !write(STDERR_FILENO, msg, sizeof(msg) - 1);
		abort();
	}
	memctx_init();
	ErrorData  *edata = &errordata[++errordata_depth];

	memset(edata, 0, sizeof(*edata));
	edata->elevel = elevel;
	edata->filename = filename;
	edata->lineno = lineno;
	edata->funcname = funcname;
	edata->saved_errno = errno;
	memcpy(edata->sqlstate,
		   elevel >= ERROR ? ERRCODE_INTERNAL_ERROR :
		   elevel == WARNING ? ERRCODE_WARNING : ERRCODE_SUCCESSFUL_COMPLETION, 6);
	edata->hide_from_client = (elevel == LOG_SERVER_ONLY);
	return true;
}

static ErrorData *
top_error(void)
{
	Assert(errordata_depth >= 0);
	return &errordata[errordata_depth];
}

int
errcode(const char *sqlstate)
{
	memcpy(top_error()->sqlstate, sqlstate, 5);
	top_error()->sqlstate[5] = '\0';
	return 0;
}

int
errcode_for_file_access(void)
{
	const char *code;

	switch (top_error()->saved_errno)
	{
		case ENOENT:
			code = ERRCODE_UNDEFINED_FILE;
			break;
		case ENOSPC:
			code = ERRCODE_DISK_FULL;
			break;
		case EACCES:
		case EPERM:
			code = ERRCODE_INSUFFICIENT_PRIVILEGE;
			break;
		default:
			code = ERRCODE_IO_ERROR;
			break;
	}
	return errcode(code);
}

/* Format into ErrorContext; "%m" is expanded to strerror(saved errno). */
static char *
format_error_text(const char *fmt, va_list ap)
{
	StringBuf	expanded;
	MemoryContext old = memctx_switch_to(ErrorContext);

	strbuf_init(&expanded);
	for (const char *p = fmt; *p; p++)
	{
		if (p[0] == '%' && p[1] == 'm')
		{
			const char *s = strerror(top_error()->saved_errno);

			for (; *s; s++)
			{
				if (*s == '%')
					strbuf_append_char(&expanded, '%');
				strbuf_append_char(&expanded, *s);
			}
			p++;
		}
		else if (p[0] == '%' && p[1] == '%')
		{
			strbuf_append(&expanded, "%%");
			p++;
		}
		else
			strbuf_append_char(&expanded, *p);
	}
	StringBuf	out;

	strbuf_init(&out);
	strbuf_append_va(&out, expanded.data, ap);
	memctx_switch_to(old);
	return out.data;
}

#define DEFINE_TEXT_SETTER(fn, field) \
	int fn(const char *fmt, ...) \
	{ \
		va_list ap; \
		va_start(ap, fmt); \
		top_error()->field = format_error_text(fmt, ap); \
		va_end(ap); \
		return 0; \
	}

DEFINE_TEXT_SETTER(errmsg, message)
DEFINE_TEXT_SETTER(errmsg_internal, message)
DEFINE_TEXT_SETTER(errdetail, detail)
DEFINE_TEXT_SETTER(errdetail_log, detail_log)
DEFINE_TEXT_SETTER(errhint, hint)
DEFINE_TEXT_SETTER(errcontext_msg, context)

int
errposition(int cursorpos)
{
	top_error()->cursorpos = cursorpos;
	return 0;
}

/* Append the expansion of log_line_prefix for this process. */
static void
append_log_prefix(StringBuf *buf)
{
	const char *prefix = guc_log_line_prefix();

	for (const char *p = prefix; *p; p++)
	{
		if (*p != '%' || p[1] == '\0')
		{
			strbuf_append_char(buf, *p);
			continue;
		}
		p++;
		switch (*p)
		{
			case 'm':
			case 't':
				{
					struct timeval tv;
					struct tm	tm;
					char		ts[64];

					gettimeofday(&tv, NULL);
					gmtime_r(&tv.tv_sec, &tm);
					strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
					if (*p == 'm')
						strbuf_appendf(buf, "%s.%03d UTC", ts, (int) (tv.tv_usec / 1000));
					else
						strbuf_appendf(buf, "%s UTC", ts);
					break;
				}
			case 'p':
				strbuf_appendf(buf, "%d", (int) getpid());
				break;
			case 'b':
				strbuf_append(buf, process_label);
				break;
			case 'a':
				strbuf_append(buf, guc_application_name_or_empty());
				break;
			case '%':
				strbuf_append_char(buf, '%');
				break;
			default:
				/* Escapes we do not know expand to nothing, as in PostgreSQL. */
				break;
		}
	}
}

/* Multi-line fields continue on tab-indented lines, as in PostgreSQL's log. */
static void
append_indented(StringBuf *buf, const char *text)
{
	for (const char *p = text; *p; p++)
	{
		strbuf_append_char(buf, *p);
		if (*p == '\n' && p[1] != '\0')
			strbuf_append_char(buf, '\t');
	}
	strbuf_append_char(buf, '\n');
}

static void
write_server_log(const ErrorData *edata)
{
	StringBuf	buf;
	MemoryContext old = memctx_switch_to(ErrorContext);

	strbuf_init(&buf);
	append_log_prefix(&buf);
	strbuf_appendf(&buf, "%s:  %s\n", elog_level_name(edata->elevel),
				   edata->message ? edata->message : "missing error text");
	if (edata->detail_log || edata->detail)
	{
		append_log_prefix(&buf);
		strbuf_append(&buf, "DETAIL:  ");
		append_indented(&buf, edata->detail_log ? edata->detail_log : edata->detail);
	}
	if (edata->hint)
	{
		append_log_prefix(&buf);
		strbuf_appendf(&buf, "HINT:  %s\n", edata->hint);
	}
	if (edata->context)
	{
		append_log_prefix(&buf);
		strbuf_appendf(&buf, "CONTEXT:  %s\n", edata->context);
	}
	if (edata->elevel >= ERROR && current_statement != NULL)
	{
		append_log_prefix(&buf);
		strbuf_appendf(&buf, "STATEMENT:  %s\n", current_statement);
	}
	if (logpipe_active)
		logpipe_write_message(STDERR_FILENO, getpid(), buf.data, (size_t) buf.len);
	else
		(void) !write(STDERR_FILENO, buf.data, (size_t) buf.len);
	memctx_switch_to(old);
}

static void
emit(const ErrorData *edata)
{
	if (is_server_output(edata->elevel, log_min_messages))
		write_server_log(edata);
	if (!edata->hide_from_client && is_client_output(edata->elevel))
		client_sender(edata);
}

void
elog_emit_current_error(void)
{
	if (errordata_depth >= 0)
		emit(top_error());
}

static void
pop_error(void)
{
	errordata_depth--;
	if (errordata_depth < 0)
		memctx_reset(ErrorContext);
}

void
errfinish(void)
{
	ErrorData  *edata = top_error();
	int			elevel = edata->elevel;

	if (elevel == ERROR)
	{
		/* A query cancel or die interrupt must not fire while unwinding. */
		crit_section_depth = 0;
		siglongjmp(*elog_exception_stack, 1);
	}
	emit(edata);
	if (elevel == FATAL)
		proc_exit(1);
	if (elevel >= PANIC)
		abort();
	pop_error();
}

ErrorData *
elog_current_error(void)
{
	return errordata_depth >= 0 ? top_error() : NULL;
}

void
elog_flush_error(void)
{
	errordata_depth = -1;
	memctx_reset(ErrorContext);
}

void
elog_rethrow(void)
{
	if (elog_exception_stack != NULL)
		siglongjmp(*elog_exception_stack, 1);
	/* No handler left: the error ends the process. */
	ErrorData  *edata = top_error();

	edata->elevel = FATAL;
	emit(edata);
	proc_exit(1);
}

/* proc_exit and its callbacks. */
#define MAX_EXIT_CALLBACKS 32

static struct
{
	void		(*fn) (int code, Datum arg);
	Datum		arg;
}			exit_callbacks[MAX_EXIT_CALLBACKS];
static int	n_exit_callbacks = 0;
static bool proc_exit_in_progress = false;
static elog_exit_function exit_function = NULL;

void
elog_set_exit_function(elog_exit_function fn)
{
	exit_function = fn;
}

void
on_proc_exit(void (*fn) (int code, Datum arg), Datum arg)
{
	if (n_exit_callbacks >= MAX_EXIT_CALLBACKS)
		elog(FATAL, "out of on_proc_exit slots");
	exit_callbacks[n_exit_callbacks].fn = fn;
	exit_callbacks[n_exit_callbacks].arg = arg;
	n_exit_callbacks++;
}

void
on_proc_exit_reset(void)
{
	n_exit_callbacks = 0;
}

void
proc_exit(int code)
{
	/* A FATAL raised inside a callback must not re-run the callbacks. */
	if (!proc_exit_in_progress)
	{
		proc_exit_in_progress = true;
		while (n_exit_callbacks > 0)
		{
			n_exit_callbacks--;
			exit_callbacks[n_exit_callbacks].fn(code, exit_callbacks[n_exit_callbacks].arg);
		}
	}
	if (exit_function != NULL)
	{
		/* The next session of a single-session driver may exit again. */
		proc_exit_in_progress = false;
		exit_function(code);
		abort();				/* an exit function must not return */
	}
	exit(code);
}

void
assert_failed(const char *expr, const char *file, int line)
{
	char		buf[1024];
	int			n = snprintf(buf, sizeof(buf),
							 "TRAP: failed Assert(\"%s\"), File: \"%s\", Line: %d, PID: %d\n",
							 expr, file, line, (int) getpid());

	if (n > 0)
		(void) !write(STDERR_FILENO, buf, (size_t) Min(n, (int) sizeof(buf) - 1));
	abort();
}
