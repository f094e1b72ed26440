/*-------------------------------------------------------------------------
 * guc_tables.c
 *	  The table of every configuration setting minipg knows.
 *
 * Names, units, contexts, defaults and ranges follow PostgreSQL 15 (checked
 * against pg_settings of Debian's postgresql-15), so that SHOW, pg_settings
 * and postgresql.conf behave the same.  A module that needs a new setting
 * adds its C global and a row here; nothing else has to change.
 *
 * Settings whose effect is not implemented yet are still accepted (so that
 * configuration files written for PostgreSQL load), and their description
 * says so.
 *-------------------------------------------------------------------------
 */
#include "utils/elog.h"
#include "utils/guc.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/proc.h"

int			guc_port;
char	   *guc_listen_addresses;
char	   *guc_unix_socket_directories;
int			guc_max_connections;
int			guc_superuser_reserved_connections;
int			guc_shared_buffers_blocks;
int			guc_wal_buffers_blocks;
int			guc_work_mem_kb;
int			guc_maintenance_work_mem_kb;
int			guc_temp_buffers_blocks;
int			guc_log_temp_files_kb;
bool		guc_remove_temp_files_after_crash;
int			guc_max_locks_per_transaction;
int			guc_authentication_timeout_s;
int			guc_statement_timeout_ms;
int			guc_lock_timeout_ms;
int			guc_idle_in_transaction_session_timeout_ms;
int			guc_idle_session_timeout_ms;
int			guc_deadlock_timeout_ms;
int			guc_checkpoint_timeout_s;
int			guc_max_wal_size_mb;
double		guc_checkpoint_completion_target;
int			guc_bgwriter_delay_ms;
int			guc_bgwriter_lru_maxpages;
double		guc_bgwriter_lru_multiplier;
int			guc_wal_writer_delay_ms;
int			guc_wal_writer_flush_after_blocks;
bool		guc_fsync;
bool		guc_full_page_writes;
int			guc_synchronous_commit;
bool		guc_restart_after_crash;
bool		guc_autovacuum;
int			guc_autovacuum_naptime_s;
int			guc_autovacuum_max_workers;
int			guc_autovacuum_vacuum_threshold;
double		guc_autovacuum_vacuum_scale_factor;
int			guc_autovacuum_analyze_threshold;
double		guc_autovacuum_analyze_scale_factor;
int			guc_autovacuum_vacuum_insert_threshold;
double		guc_autovacuum_vacuum_insert_scale_factor;
int			guc_log_autovacuum_min_duration_ms;
bool		guc_track_counts;
bool		guc_log_checkpoints;
bool		guc_log_connections;
bool		guc_log_disconnections;
int			guc_log_statement;
int			guc_password_encryption;
int			guc_extra_float_digits;
bool		guc_standard_conforming_strings;
char	   *guc_application_name;
char	   *guc_client_encoding;
char	   *guc_datestyle;
char	   *guc_timezone;
char	   *guc_search_path;
char	   *guc_cluster_name;
int			guc_default_transaction_isolation;
int			guc_transaction_isolation;
bool		guc_default_transaction_read_only;
bool		guc_enable_seqscan;
bool		guc_enable_indexscan;
bool		guc_enable_hashjoin;
bool		guc_enable_nestloop;
bool		guc_enable_sort;
bool		guc_enable_hashagg;
char	   *guc_data_directory;
char	   *guc_hba_file;
char	   *guc_config_file;
char	   *guc_session_authorization;
bool		guc_is_superuser;

char	   *guc_log_line_prefix_value;
int			guc_archive_mode;
char	   *guc_archive_command;
int			guc_archive_timeout_s;
bool		guc_logging_collector;
char	   *guc_log_directory;
char	   *guc_log_filename;
int			guc_log_rotation_age_min;
int			guc_log_rotation_size_kb;
bool		guc_log_truncate_on_rotation;
int			guc_log_file_mode;
static char *server_version_value;
static int	server_version_num_value;
static char *server_encoding_value;
static bool integer_datetimes_value;
static int	intervalstyle_value;
static bool in_hot_standby_value;
static int	block_size_value;
static bool data_checksums_value;
static int	max_stack_depth_kb;
static int	bytea_output_value;
static char *lc_messages_value;
static char *log_timezone_value;
static char *log_destination_value;
static int	wal_level_value;
static int	max_prepared_transactions_value;
static char *shared_preload_libraries_value;
static bool ssl_value;
static double random_page_cost_value;
static int	effective_cache_size_blocks;
static bool row_security_value;

static const GucEnumOption message_level_options[] = {
	{"debug5", DEBUG5}, {"debug4", DEBUG4}, {"debug3", DEBUG3},
	{"debug2", DEBUG2}, {"debug1", DEBUG1}, {"info", INFO},
	{"notice", NOTICE}, {"warning", WARNING}, {"error", ERROR},
	{"log", LOG}, {"fatal", FATAL}, {"panic", PANIC}, {NULL, 0},
};
static const GucEnumOption client_message_level_options[] = {
	{"debug5", DEBUG5}, {"debug4", DEBUG4}, {"debug3", DEBUG3},
	{"debug2", DEBUG2}, {"debug1", DEBUG1}, {"log", LOG},
	{"notice", NOTICE}, {"warning", WARNING}, {"error", ERROR}, {NULL, 0},
};
static const GucEnumOption synchronous_commit_options[] = {
	{"local", SYNCHRONOUS_COMMIT_LOCAL}, {"remote_write", SYNCHRONOUS_COMMIT_REMOTE_WRITE},
	{"remote_apply", SYNCHRONOUS_COMMIT_REMOTE_APPLY}, {"on", SYNCHRONOUS_COMMIT_ON},
	{"off", SYNCHRONOUS_COMMIT_OFF}, {"true", SYNCHRONOUS_COMMIT_ON, true},
	{"false", SYNCHRONOUS_COMMIT_OFF, true}, {"yes", SYNCHRONOUS_COMMIT_ON, true},
	{"no", SYNCHRONOUS_COMMIT_OFF, true}, {"1", SYNCHRONOUS_COMMIT_ON, true},
	{"0", SYNCHRONOUS_COMMIT_OFF, true}, {NULL, 0},
};
static const GucEnumOption password_encryption_options[] = {
	{"md5", PASSWORD_TYPE_MD5}, {"scram-sha-256", PASSWORD_TYPE_SCRAM_SHA_256}, {NULL, 0},
};
static const GucEnumOption isolation_options[] = {
	{"serializable", XACT_SERIALIZABLE}, {"repeatable read", XACT_REPEATABLE_READ},
	{"read committed", XACT_READ_COMMITTED}, {"read uncommitted", XACT_READ_UNCOMMITTED},
	{NULL, 0},
};
static const GucEnumOption log_statement_options[] = {
	{"none", LOGSTMT_NONE}, {"ddl", LOGSTMT_DDL}, {"mod", LOGSTMT_MOD},
	{"all", LOGSTMT_ALL}, {NULL, 0},
};
static const GucEnumOption intervalstyle_options[] = {
	{"postgres", 0}, {"postgres_verbose", 1}, {"sql_standard", 2}, {"iso_8601", 3}, {NULL, 0},
};
static const GucEnumOption bytea_output_options[] = {
	{"escape", 0}, {"hex", 1}, {NULL, 0},
};
static const GucEnumOption archive_mode_options[] = {
	{"always", ARCHIVE_MODE_ALWAYS}, {"on", ARCHIVE_MODE_ON}, {"off", ARCHIVE_MODE_OFF},
	{"true", ARCHIVE_MODE_ON}, {"false", ARCHIVE_MODE_OFF}, {"yes", ARCHIVE_MODE_ON},
	{"no", ARCHIVE_MODE_OFF}, {"1", ARCHIVE_MODE_ON}, {"0", ARCHIVE_MODE_OFF}, {NULL, 0},
};
static const GucEnumOption wal_level_options[] = {
	{"minimal", 0}, {"replica", 1}, {"logical", 2}, {NULL, 0},
};

#define INT_MAXV 2147483647.0

#define BOOLV(n, ctx, fl, desc, v, boot) \
	{ n, GUC_BOOL, ctx, fl, desc, v, boot, 0, 0, NULL, NULL }
#define INTV(n, ctx, fl, desc, v, boot, lo, hi) \
	{ n, GUC_INT, ctx, fl, desc, v, boot, lo, hi, NULL, NULL }
#define REALV(n, ctx, fl, desc, v, boot, lo, hi) \
	{ n, GUC_REAL, ctx, fl, desc, v, boot, lo, hi, NULL, NULL }
#define STRV(n, ctx, fl, desc, v, boot) \
	{ n, GUC_STRING, ctx, fl, desc, v, boot, 0, 0, NULL, NULL }
#define ENUMV(n, ctx, fl, desc, v, boot, opts) \
	{ n, GUC_ENUM, ctx, fl, desc, v, boot, 0, 0, opts, NULL }

/* pg_stat_activity shows the current application_name, SET or not. */
static void
assign_application_name(void)
{
	proc_set_application_name(guc_application_name);
}

GucVariable guc_variables[] = {
	/* Connections and authentication */
	INTV("port", PGC_POSTMASTER, 0, "Sets the TCP port the server listens on.",
		 &guc_port, "5432", 1, 65535),
	STRV("listen_addresses", PGC_POSTMASTER, 0,
		 "Sets the host name or IP address(es) to listen to.",
		 &guc_listen_addresses, "localhost"),
	STRV("unix_socket_directories", PGC_POSTMASTER, 0,
		 "Sets the directories where Unix-domain sockets will be created.",
		 &guc_unix_socket_directories, "/tmp"),
	INTV("max_connections", PGC_POSTMASTER, 0,
		 "Sets the maximum number of concurrent connections.",
		 &guc_max_connections, "100", 1, 262143),
	INTV("superuser_reserved_connections", PGC_POSTMASTER, 0,
		 "Sets the number of connection slots reserved for superusers.",
		 &guc_superuser_reserved_connections, "3", 0, 262143),
	INTV("authentication_timeout", PGC_SIGHUP, GUC_UNIT_S,
		 "Sets the maximum allowed time to complete client authentication.",
		 &guc_authentication_timeout_s, "60", 1, 600),
	ENUMV("password_encryption", PGC_USERSET, 0,
		  "Chooses the algorithm for encrypting passwords.",
		  &guc_password_encryption, "scram-sha-256", password_encryption_options),
	BOOLV("ssl", PGC_SIGHUP, 0, "Enables SSL connections (not supported: always off).",
		  &ssl_value, "off"),

	/* Resource usage */
	INTV("shared_buffers", PGC_POSTMASTER, GUC_UNIT_BLOCKS,
		 "Sets the number of shared memory buffers used by the server.",
		 &guc_shared_buffers_blocks, "16384", 16, 1073741823),
	INTV("work_mem", PGC_USERSET, GUC_UNIT_KB,
		 "Sets the maximum memory to be used for query workspaces.",
		 &guc_work_mem_kb, "4096", 64, INT_MAXV),
	INTV("maintenance_work_mem", PGC_USERSET, GUC_UNIT_KB,
		 "Sets the maximum memory to be used for maintenance operations.",
		 &guc_maintenance_work_mem_kb, "65536", 1024, INT_MAXV),
	{"temp_buffers", GUC_INT, PGC_USERSET, GUC_UNIT_BLOCKS,
		"Sets the maximum number of temporary buffers used by each session.",
	 &guc_temp_buffers_blocks, "1024", 100, 1073741823, NULL, NULL, bufmgr_local_pool_check},
	INTV("log_temp_files", PGC_SUSET, GUC_UNIT_KB,
		 "Log the use of temporary files larger than this number of kilobytes.",
		 &guc_log_temp_files_kb, "-1", -1, INT_MAXV),
	BOOLV("remove_temp_files_after_crash", PGC_SIGHUP, 0,
		  "Remove temporary files after backend crash.",
		  &guc_remove_temp_files_after_crash, "on"),
	INTV("max_locks_per_transaction", PGC_POSTMASTER, 0,
		 "Sets the maximum number of locks per transaction.",
		 &guc_max_locks_per_transaction, "64", 10, INT_MAXV),
	INTV("max_stack_depth", PGC_SUSET, GUC_UNIT_KB,
		 "Sets the maximum stack depth, in kilobytes.",
		 &max_stack_depth_kb, "2048", 100, INT_MAXV),
	INTV("max_prepared_transactions", PGC_POSTMASTER, 0,
		 "Sets the maximum number of simultaneously prepared transactions (not supported).",
		 &max_prepared_transactions_value, "0", 0, 0),
	STRV("shared_preload_libraries", PGC_POSTMASTER, 0,
		 "Lists shared libraries to preload into server (not supported).",
		 &shared_preload_libraries_value, ""),
	INTV("bgwriter_delay", PGC_SIGHUP, GUC_UNIT_MS,
		 "Background writer sleep time between rounds.",
		 &guc_bgwriter_delay_ms, "200", 10, 10000),
	INTV("bgwriter_lru_maxpages", PGC_SIGHUP, 0,
		 "Background writer maximum number of LRU pages to flush per round.",
		 &guc_bgwriter_lru_maxpages, "100", 0, 1073741823),
	REALV("bgwriter_lru_multiplier", PGC_SIGHUP, 0,
		  "Multiple of the average buffer usage to free per round.",
		  &guc_bgwriter_lru_multiplier, "2", 0, 10),

	/* Write-ahead log and checkpoints */
	ENUMV("wal_level", PGC_POSTMASTER, 0, "Sets the level of information written to the WAL.",
		  &wal_level_value, "replica", wal_level_options),
	BOOLV("fsync", PGC_SIGHUP, 0, "Forces synchronization of updates to disk.",
		  &guc_fsync, "on"),
	ENUMV("synchronous_commit", PGC_USERSET, 0,
		  "Sets the current transaction's synchronization level.",
		  &guc_synchronous_commit, "on", synchronous_commit_options),
	BOOLV("full_page_writes", PGC_SIGHUP, 0,
		  "Writes full pages to WAL when first modified after a checkpoint.",
		  &guc_full_page_writes, "on"),
	INTV("wal_buffers", PGC_POSTMASTER, GUC_UNIT_BLOCKS,
		 "Sets the number of disk-page buffers in shared memory for WAL.",
		 &guc_wal_buffers_blocks, "512", -1, 262143),
	INTV("wal_writer_delay", PGC_SIGHUP, GUC_UNIT_MS,
		 "Time between WAL flushes performed in the WAL writer.",
		 &guc_wal_writer_delay_ms, "200", 1, 10000),
	INTV("wal_writer_flush_after", PGC_SIGHUP, GUC_UNIT_BLOCKS,
		 "Amount of WAL written out by WAL writer that triggers a flush.",
		 &guc_wal_writer_flush_after_blocks, "128", 0, INT_MAXV),
	INTV("checkpoint_timeout", PGC_SIGHUP, GUC_UNIT_S,
		 "Sets the maximum time between automatic WAL checkpoints.",
		 &guc_checkpoint_timeout_s, "300", 30, 86400),
	INTV("max_wal_size", PGC_SIGHUP, GUC_UNIT_MB,
		 "Sets the WAL size that triggers a checkpoint.",
		 &guc_max_wal_size_mb, "1024", 2, INT_MAXV),
	REALV("checkpoint_completion_target", PGC_SIGHUP, 0,
		  "Time spent flushing dirty buffers during checkpoint, as fraction of checkpoint interval.",
		  &guc_checkpoint_completion_target, "0.9", 0, 1),
	BOOLV("restart_after_crash", PGC_SIGHUP, 0,
		  "Reinitialize server after backend crash.",
		  &guc_restart_after_crash, "on"),

	/* Autovacuum and cumulative statistics (postmaster/autovacuum.c,
	 * utils/pgstat/) */
	BOOLV("autovacuum", PGC_SIGHUP, 0, "Starts the autovacuum subprocess.",
		  &guc_autovacuum, "on"),
	INTV("autovacuum_naptime", PGC_SIGHUP, GUC_UNIT_S,
		 "Time to sleep between autovacuum runs.",
		 &guc_autovacuum_naptime_s, "60", 1, 2147483),
	INTV("autovacuum_max_workers", PGC_POSTMASTER, 0,
		 "Sets the maximum number of simultaneously running autovacuum worker processes.",
		 &guc_autovacuum_max_workers, "3", 1, 262143),
	INTV("autovacuum_vacuum_threshold", PGC_SIGHUP, 0,
		 "Minimum number of tuple updates or deletes prior to vacuum.",
		 &guc_autovacuum_vacuum_threshold, "50", 0, INT_MAXV),
	REALV("autovacuum_vacuum_scale_factor", PGC_SIGHUP, 0,
		  "Number of tuple updates or deletes prior to vacuum as a fraction of reltuples.",
		  &guc_autovacuum_vacuum_scale_factor, "0.2", 0, 100),
	INTV("autovacuum_analyze_threshold", PGC_SIGHUP, 0,
		 "Minimum number of tuple inserts, updates, or deletes prior to analyze.",
		 &guc_autovacuum_analyze_threshold, "50", 0, INT_MAXV),
	REALV("autovacuum_analyze_scale_factor", PGC_SIGHUP, 0,
		  "Number of tuple inserts, updates, or deletes prior to analyze as a fraction of reltuples.",
		  &guc_autovacuum_analyze_scale_factor, "0.1", 0, 100),
	INTV("autovacuum_vacuum_insert_threshold", PGC_SIGHUP, 0,
		 "Minimum number of tuple inserts prior to vacuum, or -1 to disable insert vacuums.",
		 &guc_autovacuum_vacuum_insert_threshold, "1000", -1, INT_MAXV),
	REALV("autovacuum_vacuum_insert_scale_factor", PGC_SIGHUP, 0,
		  "Number of tuple inserts prior to vacuum as a fraction of reltuples.",
		  &guc_autovacuum_vacuum_insert_scale_factor, "0.2", 0, 100),
	INTV("log_autovacuum_min_duration", PGC_SIGHUP, GUC_UNIT_MS,
		 "Sets the minimum execution time above which autovacuum actions will be logged.",
		 &guc_log_autovacuum_min_duration_ms, "-1", -1, INT_MAXV),
	BOOLV("track_counts", PGC_SUSET, 0, "Collects statistics on database activity.",
		  &guc_track_counts, "on"),
	/* WAL archiving (postmaster/pgarch.c, access/wal/walarchive.c) */
	ENUMV("archive_mode", PGC_POSTMASTER, 0,
		  "Allows archiving of WAL files using archive_command.",
		  &guc_archive_mode, "off", archive_mode_options),
	STRV("archive_command", PGC_SIGHUP, 0,
		 "Sets the shell command that will be called to archive a WAL file.",
		 &guc_archive_command, ""),
	INTV("archive_timeout", PGC_SIGHUP, GUC_UNIT_S,
		 "Sets the amount of time to wait before forcing a switch to the next WAL file.",
		 &guc_archive_timeout_s, "0", 0, 1073741823),

	/* Query planning */
	BOOLV("enable_seqscan", PGC_USERSET, 0, "Enables the planner's use of sequential-scan plans.",
		  &guc_enable_seqscan, "on"),
	BOOLV("enable_indexscan", PGC_USERSET, 0, "Enables the planner's use of index-scan plans.",
		  &guc_enable_indexscan, "on"),
	BOOLV("enable_hashjoin", PGC_USERSET, 0, "Enables the planner's use of hash join plans.",
		  &guc_enable_hashjoin, "on"),
	BOOLV("enable_nestloop", PGC_USERSET, 0, "Enables the planner's use of nested-loop join plans.",
		  &guc_enable_nestloop, "on"),
	BOOLV("enable_sort", PGC_USERSET, 0, "Enables the planner's use of explicit sort steps.",
		  &guc_enable_sort, "on"),
	BOOLV("enable_hashagg", PGC_USERSET, 0, "Enables the planner's use of hashed aggregation plans.",
		  &guc_enable_hashagg, "on"),
	REALV("random_page_cost", PGC_USERSET, 0,
		  "Sets the planner's estimate of the cost of a nonsequentially fetched disk page.",
		  &random_page_cost_value, "4", 0, 1.79769e+308),
	INTV("effective_cache_size", PGC_USERSET, GUC_UNIT_BLOCKS,
		 "Sets the planner's assumption about the total size of the data caches.",
		 &effective_cache_size_blocks, "524288", 1, INT_MAXV),

	/* Reporting and logging */
	ENUMV("log_min_messages", PGC_SUSET, 0,
		  "Sets the message levels that are logged.",
		  &log_min_messages, "warning", message_level_options),
	ENUMV("client_min_messages", PGC_USERSET, 0,
		  "Sets the message levels that are sent to the client.",
		  &client_min_messages, "notice", client_message_level_options),
	STRV("log_line_prefix", PGC_SIGHUP, 0,
		 "Controls information prefixed to each log line.",
		 &guc_log_line_prefix_value, "%m [%p] "),
	BOOLV("log_checkpoints", PGC_SIGHUP, 0, "Logs each checkpoint.",
		  &guc_log_checkpoints, "on"),
	BOOLV("log_connections", PGC_SU_BACKEND, 0, "Logs each successful connection.",
		  &guc_log_connections, "off"),
	BOOLV("log_disconnections", PGC_SU_BACKEND, 0, "Logs end of a session, including duration.",
		  &guc_log_disconnections, "off"),
	ENUMV("log_statement", PGC_SUSET, 0, "Sets the type of statements logged.",
		  &guc_log_statement, "none", log_statement_options),
	STRV("log_timezone", PGC_SIGHUP, 0, "Sets the time zone to use in log messages.",
		 &log_timezone_value, "UTC"),
	STRV("log_destination", PGC_SIGHUP, 0, "Sets the destination for server log output.",
		 &log_destination_value, "stderr"),
	BOOLV("logging_collector", PGC_POSTMASTER, 0,
		  "Start a subprocess to capture stderr output and/or csvlogs into log files.",
		  &guc_logging_collector, "off"),
	/* The logger's files (postmaster/syslogger.c) */
	STRV("log_directory", PGC_SIGHUP, 0, "Sets the destination directory for log files.",
		 &guc_log_directory, "log"),
	STRV("log_filename", PGC_SIGHUP, 0, "Sets the file name pattern for log files.",
		 &guc_log_filename, "postgresql-%Y-%m-%d_%H%M%S.log"),
	INTV("log_rotation_age", PGC_SIGHUP, GUC_UNIT_MIN,
		 "Sets the amount of time to wait before forcing log file rotation.",
		 &guc_log_rotation_age_min, "1440", 0, 35791394),
	INTV("log_rotation_size", PGC_SIGHUP, GUC_UNIT_KB,
		 "Sets the maximum size a log file can reach before being rotated.",
		 &guc_log_rotation_size_kb, "10240", 0, 2097151),
	BOOLV("log_truncate_on_rotation", PGC_SIGHUP, 0,
		  "Truncate existing log files of same name during log rotation.",
		  &guc_log_truncate_on_rotation, "off"),
	INTV("log_file_mode", PGC_SIGHUP, GUC_SHOW_OCTAL, "Sets the file permissions for log files.",
		 &guc_log_file_mode, "0600", 0, 511),
	STRV("cluster_name", PGC_POSTMASTER, 0,
		 "Sets the name of the cluster, which is included in the process title.",
		 &guc_cluster_name, ""),
	{"application_name", GUC_STRING, PGC_USERSET, GUC_REPORT,
		"Sets the application name to be reported in statistics and logs.",
	 &guc_application_name, "", 0, 0, NULL, assign_application_name},

	/* Client connection defaults */
	STRV("search_path", PGC_USERSET, 0, "Sets the schema search order for names that are not schema-qualified.",
		 &guc_search_path, "\"$user\", public"),
	ENUMV("default_transaction_isolation", PGC_USERSET, 0,
		  "Sets the transaction isolation level of each new transaction.",
		  &guc_default_transaction_isolation, "read committed", isolation_options),
	ENUMV("transaction_isolation", PGC_USERSET, GUC_DISALLOW_IN_FILE,
		  "Sets the current transaction's isolation level.",
		  &guc_transaction_isolation, "read committed", isolation_options),
	BOOLV("default_transaction_read_only", PGC_USERSET, GUC_REPORT,
		  "Sets the default read-only status of new transactions.",
		  &guc_default_transaction_read_only, "off"),
	INTV("statement_timeout", PGC_USERSET, GUC_UNIT_MS,
		 "Sets the maximum allowed duration of any statement.",
		 &guc_statement_timeout_ms, "0", 0, INT_MAXV),
	INTV("lock_timeout", PGC_USERSET, GUC_UNIT_MS,
		 "Sets the maximum allowed duration of any wait for a lock.",
		 &guc_lock_timeout_ms, "0", 0, INT_MAXV),
	INTV("idle_in_transaction_session_timeout", PGC_USERSET, GUC_UNIT_MS,
		 "Sets the maximum allowed idle time between queries, when in a transaction.",
		 &guc_idle_in_transaction_session_timeout_ms, "0", 0, INT_MAXV),
	INTV("idle_session_timeout", PGC_USERSET, GUC_UNIT_MS,
		 "Sets the maximum allowed idle time between queries, when not in a transaction.",
		 &guc_idle_session_timeout_ms, "0", 0, INT_MAXV),
	INTV("deadlock_timeout", PGC_SUSET, GUC_UNIT_MS,
		 "Sets the time to wait on a lock before checking for deadlock.",
		 &guc_deadlock_timeout_ms, "1000", 1, INT_MAXV),
	STRV("client_encoding", PGC_USERSET, GUC_REPORT, "Sets the client's character set encoding.",
		 &guc_client_encoding, "UTF8"),
	STRV("DateStyle", PGC_USERSET, GUC_REPORT, "Sets the display format for date and time values.",
		 &guc_datestyle, "ISO, MDY"),
	ENUMV("IntervalStyle", PGC_USERSET, GUC_REPORT, "Sets the display format for interval values.",
		  &intervalstyle_value, "postgres", intervalstyle_options),
	STRV("TimeZone", PGC_USERSET, GUC_REPORT,
		 "Sets the time zone for displaying and interpreting time stamps (only UTC is supported).",
		 &guc_timezone, "Etc/UTC"),
	INTV("extra_float_digits", PGC_USERSET, 0,
		 "Sets the number of digits displayed for floating-point values.",
		 &guc_extra_float_digits, "1", -15, 3),
	ENUMV("bytea_output", PGC_USERSET, 0, "Sets the output format for bytea.",
		  &bytea_output_value, "hex", bytea_output_options),
	STRV("lc_messages", PGC_SUSET, 0, "Sets the language in which messages are displayed.",
		 &lc_messages_value, "C"),
	BOOLV("standard_conforming_strings", PGC_USERSET, GUC_REPORT,
		  "Causes '...' strings to treat backslashes literally.",
		  &guc_standard_conforming_strings, "on"),
	BOOLV("row_security", PGC_USERSET, 0, "Enable row security (accepted, no effect).",
		  &row_security_value, "on"),

	/* Preset (read-only) values */
	STRV("server_version", PGC_INTERNAL, GUC_REPORT, "Shows the server version.",
		 &server_version_value, MINIPG_VERSION_STR " (minipg)"),
	INTV("server_version_num", PGC_INTERNAL, 0, "Shows the server version as an integer.",
		 &server_version_num_value, "150018", 150018, 150018),
	STRV("server_encoding", PGC_INTERNAL, GUC_REPORT, "Shows the server (database) character set encoding.",
		 &server_encoding_value, "UTF8"),
	BOOLV("integer_datetimes", PGC_INTERNAL, GUC_REPORT, "Shows whether datetimes are integer based.",
		  &integer_datetimes_value, "on"),
	BOOLV("in_hot_standby", PGC_INTERNAL, GUC_REPORT, "Shows whether hot standby is currently active.",
		  &in_hot_standby_value, "off"),
	BOOLV("is_superuser", PGC_INTERNAL, GUC_REPORT, "Shows whether the current user is a superuser.",
		  &guc_is_superuser, "off"),
	STRV("session_authorization", PGC_SUSET, GUC_REPORT | GUC_DISALLOW_IN_FILE, "Sets the session user name.",
		 &guc_session_authorization, ""),
	INTV("block_size", PGC_INTERNAL, 0, "Shows the size of a disk block.",
		 &block_size_value, "8192", 8192, 8192),
	BOOLV("data_checksums", PGC_INTERNAL, 0, "Shows whether data checksums are turned on for this cluster.",
		  &data_checksums_value, "on"),

	/* File locations */
	STRV("data_directory", PGC_POSTMASTER, GUC_DISALLOW_IN_AUTO_FILE, "Sets the server's data directory.",
		 &guc_data_directory, ""),
	STRV("hba_file", PGC_POSTMASTER, 0, "Sets the server's \"hba\" configuration file.",
		 &guc_hba_file, ""),
	STRV("config_file", PGC_POSTMASTER, GUC_DISALLOW_IN_AUTO_FILE, "Sets the server's main configuration file.",
		 &guc_config_file, ""),
};

const int	guc_variable_count = lengthof(guc_variables);
