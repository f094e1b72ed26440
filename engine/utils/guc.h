/*-------------------------------------------------------------------------
 * guc.h
 *	  Configuration parameters ("GUCs"): one table of every setting, with
 *	  PostgreSQL's names, units, contexts and defaults.
 *
 * Role: settings come from built-in defaults, postgresql.conf,
 * postgresql.auto.conf, the command line (-c name=value), the client's
 * startup packet and SET.  Each setting is stored in an ordinary C global
 * (declared below) that the owning module reads directly.
 *
 * Invariants:
 *	- A setting's context says when it may change: internal (never),
 *	  postmaster (at server start), sighup (config reload), backend
 *	  (connection start), superuser / user (any time via SET).
 *	- Integer settings with a unit are stored in that unit (kB, 8kB blocks,
 *	  ms, s, min); names of the C globals end with the unit.
 *	- SET inside a transaction that later aborts is undone at abort;
 *	  SET LOCAL is undone at transaction end either way.
 *	- Values marked GUC_REPORT are sent to the client as ParameterStatus
 *	  when they change (guc_take_reported_changes()).
 *	- A value from a lower-priority source never replaces one from a higher
 *	  source (a file value under a session SET only becomes RESET's target).
 *	- pending_restart is true exactly while the files hold a value for a
 *	  postmaster-context setting that differs from the running one.
 *
 * See also: utils/guc_tables.c (the table), utils/guc_file.c (conf parser
 * and reload), utils/guc_autoconf.c (ALTER SYSTEM's file).
 *-------------------------------------------------------------------------
 */
#ifndef GUC_H
#define GUC_H

#include "common/minipg.h"

typedef enum GucContext
{
	PGC_INTERNAL,
	PGC_POSTMASTER,
	PGC_SIGHUP,
	PGC_SU_BACKEND,
	PGC_BACKEND,
	PGC_SUSET,
	PGC_USERSET,
} GucContext;

typedef enum GucSource
{
	PGC_S_DEFAULT,
	PGC_S_DYNAMIC_DEFAULT,
	PGC_S_ENV_VAR,
	PGC_S_FILE,
	PGC_S_ARGV,
	PGC_S_DATABASE,
	PGC_S_CLIENT,
	PGC_S_OVERRIDE,
	PGC_S_SESSION,
} GucSource;

typedef enum GucType
{
	GUC_BOOL,
	GUC_INT,
	GUC_REAL,
	GUC_STRING,
	GUC_ENUM,
} GucType;

#define GUC_REPORT		0x01	/* send ParameterStatus when changed */
#define GUC_NO_SHOW_ALL 0x02
#define GUC_SHOW_OCTAL	0x04	/* shown as "0600" (log_file_mode) */
#define GUC_UNIT_KB		0x10
#define GUC_UNIT_BLOCKS 0x20	/* 8 kB */
#define GUC_UNIT_MS		0x40
#define GUC_UNIT_S		0x80
#define GUC_UNIT_MIN	0x100
#define GUC_UNIT_MB		0x200
#define GUC_UNIT_MASK	0x3F0
#define GUC_DISALLOW_IN_FILE 0x1000 /* not in postgresql.conf nor ALTER SYSTEM */
#define GUC_DISALLOW_IN_AUTO_FILE 0x2000	/* not via ALTER SYSTEM */

typedef struct GucEnumOption
{
	const char *name;
	int			value;
	bool		hidden;			/* accepted, but not listed in hints/enumvals */
} GucEnumOption;

/* One row of the settings table (public so views can walk it). */
typedef struct GucVariable
{
	const char *name;
	GucType		type;
	GucContext	context;
	int			flags;
	const char *short_desc;
	void	   *var;			/* bool*, int*, double*, char**, int* (enum) */
	const char *boot_value;		/* default, as text */
	double		min_value;		/* for GUC_INT/GUC_REAL */
	double		max_value;
	const GucEnumOption *options;	/* for GUC_ENUM, NULL-name terminated */
	/* Run after a new value is stored (may be NULL). */
	void		(*assign_hook) (void);
	/*
	 * GUC_INT: may the setting take this (in-range) value now?  NULL if
	 * so, else the DETAIL of ERROR 22023 "invalid value for parameter"
	 * (may be NULL: no check).  Not consulted when a transaction's end
	 * restores an earlier value.
	 */
	const char *(*check_int_hook) (int newval);
	/* Mutable state, owned by guc.c. */
	GucSource	source;
	char	   *reset_value;	/* value before any SET in this session */
	GucSource	reset_source;
	bool		pending_report;
	struct GucStackEntry *stack;	/* values to restore at xact end */
	/*
	 * A reload found a different value for a postmaster-context setting
	 * (pg_settings.pending_restart); cleared when the file agrees again.
	 */
	bool		pending_restart;
	char	   *sourcefile;		/* malloc'd; file of the last applied file value */
	int			sourceline;
} GucVariable;

/* Settings owned by various modules (defined in guc_tables.c). */
extern int	guc_port;
extern char *guc_listen_addresses;
extern char *guc_unix_socket_directories;
extern int	guc_max_connections;
extern int	guc_superuser_reserved_connections;
extern int	guc_shared_buffers_blocks;
extern int	guc_wal_buffers_blocks;
extern int	guc_work_mem_kb;
extern int	guc_maintenance_work_mem_kb;
extern int	guc_temp_buffers_blocks;
extern int	guc_log_temp_files_kb;
extern bool guc_remove_temp_files_after_crash;
extern int	guc_max_locks_per_transaction;
extern int	guc_authentication_timeout_s;
extern int	guc_statement_timeout_ms;
extern int	guc_lock_timeout_ms;
extern int	guc_idle_in_transaction_session_timeout_ms;
extern int	guc_idle_session_timeout_ms;
extern int	guc_deadlock_timeout_ms;
extern int	guc_checkpoint_timeout_s;
extern int	guc_max_wal_size_mb;
extern double guc_checkpoint_completion_target;
extern int	guc_bgwriter_delay_ms;
extern int	guc_bgwriter_lru_maxpages;
extern double guc_bgwriter_lru_multiplier;
extern int	guc_wal_writer_delay_ms;
extern int	guc_wal_writer_flush_after_blocks;
extern bool guc_fsync;
extern bool guc_full_page_writes;
extern int	guc_synchronous_commit;
extern bool guc_restart_after_crash;
extern bool guc_autovacuum;
extern int	guc_autovacuum_naptime_s;
extern int	guc_autovacuum_max_workers;
extern int	guc_autovacuum_vacuum_threshold;
extern double guc_autovacuum_vacuum_scale_factor;
extern int	guc_autovacuum_analyze_threshold;
extern double guc_autovacuum_analyze_scale_factor;
extern int	guc_autovacuum_vacuum_insert_threshold;
extern double guc_autovacuum_vacuum_insert_scale_factor;
extern int	guc_log_autovacuum_min_duration_ms;
extern bool guc_track_counts;
extern bool guc_log_checkpoints;
extern bool guc_log_connections;
extern bool guc_log_disconnections;
extern int	guc_log_statement;
extern int	guc_password_encryption;
extern int	guc_extra_float_digits;
extern bool guc_standard_conforming_strings;
extern char *guc_application_name;
extern char *guc_client_encoding;
extern char *guc_datestyle;
extern char *guc_timezone;
extern char *guc_search_path;
extern char *guc_cluster_name;
extern int	guc_default_transaction_isolation;
extern int	guc_transaction_isolation;
extern bool guc_default_transaction_read_only;
extern bool guc_enable_seqscan;
extern bool guc_enable_indexscan;
extern bool guc_enable_hashjoin;
extern bool guc_enable_nestloop;
extern bool guc_enable_sort;
extern bool guc_enable_hashagg;
extern char *guc_data_directory;
extern char *guc_hba_file;
extern char *guc_config_file;
extern char *guc_session_authorization;
extern bool guc_is_superuser;

/* WAL archiving and the logger (postmaster/pgarch.c, postmaster/syslogger.c). */
typedef enum ArchiveMode
{
	ARCHIVE_MODE_OFF = 0,
	ARCHIVE_MODE_ON,
	ARCHIVE_MODE_ALWAYS,
} ArchiveMode;
extern int	guc_archive_mode;
extern char *guc_archive_command;
extern int	guc_archive_timeout_s;
extern bool guc_logging_collector;
extern char *guc_log_directory;
extern char *guc_log_filename;
extern int	guc_log_rotation_age_min;
extern int	guc_log_rotation_size_kb;
extern bool guc_log_truncate_on_rotation;
extern int	guc_log_file_mode;

/* Values of enum settings. */
enum
{
	SYNCHRONOUS_COMMIT_OFF,
	SYNCHRONOUS_COMMIT_LOCAL,
	SYNCHRONOUS_COMMIT_REMOTE_WRITE,
	SYNCHRONOUS_COMMIT_ON,
	SYNCHRONOUS_COMMIT_REMOTE_APPLY,
};
enum
{
	PASSWORD_TYPE_MD5,
	PASSWORD_TYPE_SCRAM_SHA_256,
};
enum
{
	XACT_READ_UNCOMMITTED,
	XACT_READ_COMMITTED,
	XACT_REPEATABLE_READ,
	XACT_SERIALIZABLE,
};
enum
{
	LOGSTMT_NONE,
	LOGSTMT_DDL,
	LOGSTMT_MOD,
	LOGSTMT_ALL,
};

/* Install defaults for every setting.  Call once, first, in every process. */
void		guc_init(void);

/*
 * Set a value from text.  Returns true on success.  On a bad name or value:
 * with elevel >= ERROR raises it; with a lower elevel reports at that level
 * and returns false (used while reading config files, where one bad line
 * must not stop the others).
 *	is_local: SET LOCAL (undo at transaction end).
 */
bool		guc_set(const char *name, const char *value, GucContext context,
					GucSource source, bool is_local, int elevel);

/* RESET name / RESET ALL. */
void		guc_reset(const char *name);
void		guc_reset_all(void);

/* SHOW: the current value as PostgreSQL prints it; ERROR if unknown. */
char	   *guc_show(const char *name);
/* Canonical spelling of a setting's name (e.g. "DateStyle"); ERROR if unknown. */
const char *guc_canonical_name(const char *name);
/* Current value or NULL when unknown (current_setting(name, true)). */
char	   *guc_show_if_exists(const char *name);

/* Transaction end: commit keeps SETs, abort undoes them; SET LOCAL undone. */
void		guc_at_xact_end(bool commit);

/*
 * Read postgresql.conf then postgresql.auto.conf from the data directory.
 * context PGC_POSTMASTER at start (any error is FATAL); PGC_SIGHUP on
 * reload, with PostgreSQL's rules and log lines (utils/README.md, rule 5):
 * changed values logged, settings removed from the files reset to their
 * defaults, postmaster-context changes left alone, reported and marked
 * pending_restart.  Only the postmaster logs at LOG; children at DEBUG2.
 * Returns false if anything in the files was in error.
 */
bool		guc_load_config_files(const char *datadir, GucContext context);
/*
 * Parse one file in postgresql.conf syntax, calling fn for each setting.
 * Reports syntax errors at elevel with the file name and line number.
 */
typedef void (*guc_file_callback) (const char *name, const char *value,
								   const char *filename, int lineno, void *arg);
bool		guc_parse_config_file(const char *path, guc_file_callback fn,
								  void *arg, int elevel);
bool		guc_parse_config_text(const char *text, const char *filename,
								  guc_file_callback fn, void *arg, int elevel);

/*
 * Check a name and value as SET would (42704 unknown name, 22023 bad value
 * with PostgreSQL's hints) without storing anything.  Reports at elevel.
 */
bool		guc_validate(const char *name, const char *value, int elevel);
/* Would storing value change v?  False if the value does not parse. */
bool		guc_value_would_change(GucVariable *v, const char *value, bool *changes);
/*
 * A setting removed from the configuration files goes back to its boot
 * value (unless a session SET overrides it: then only RESET's target
 * changes).  Returns false if the boot value could not be stored.
 */
bool		guc_reset_to_boot(GucVariable *v);
/* Remember which file line gave v its value (pg_settings.sourcefile). */
void		guc_set_sourcefile(GucVariable *v, const char *filename, int lineno);

/*
 * Time (microseconds since the epoch) this process last read the
 * configuration files (pg_conf_load_time()); 0 before the first read.
 */
int64_t		guc_conf_load_time_us(void);

/* For pg_settings and SHOW ALL. */
int			guc_count(void);
GucVariable *guc_get(int i);
GucVariable *guc_find(const char *name);
const char *guc_context_name(GucContext c);
const char *guc_source_name(GucSource s);
const char *guc_unit_name(const GucVariable *v);
/* Value in base units as text (pg_settings.setting). */
char	   *guc_setting_text(const GucVariable *v);
/* "bool", "integer", "real", "string", "enum" (pg_settings.vartype). */
const char *guc_vartype_name(GucType t);
/* pg_settings.pending_restart of a setting (false if unknown). */
bool		guc_pending_restart(const char *name);

/*
 * One pg_settings row as text (palloc'd in the current context; NULL
 * where PostgreSQL shows NULL).  Walk every setting with guc_count() and
 * guc_get(i) and call this for each.
 */
typedef struct GucDescription
{
	const char *name;
	char	   *setting;		/* base units, as pg_settings.setting */
	const char *unit;			/* "kB", "8kB", "ms", ... or NULL */
	const char *short_desc;
	const char *context;		/* "postmaster", "sighup", "user", ... */
	const char *vartype;		/* "bool", "integer", ... */
	const char *source;			/* "default", "configuration file", ... */
	char	   *min_val;		/* integer/real only */
	char	   *max_val;
	const char **enumvals;		/* enum only: n_enumvals names */
	int			n_enumvals;
	char	   *boot_val;		/* base units */
	char	   *reset_val;		/* base units */
	const char *sourcefile;		/* when source is a configuration file */
	int			sourceline;		/* 0 when sourcefile is NULL */
	bool		pending_restart;
} GucDescription;
void		guc_describe(const GucVariable *v, GucDescription *out);

/*
 * ParameterStatus support: iterate over GUC_REPORT settings whose value
 * changed since the last call; fn receives the name and SHOW value.
 */
void		guc_take_reported_changes(void (*fn) (const char *name, const char *value));
/* Mark every GUC_REPORT setting as pending (at connection start). */
void		guc_mark_all_reported(void);

/* Accessors used by elog.c (safe before guc_init). */
const char *guc_log_line_prefix(void);
const char *guc_application_name_or_empty(void);

/* Parse "on"/"off"/"true"/... as PostgreSQL does. */
bool		guc_parse_bool(const char *value, bool *result);

#endif							/* GUC_H */
