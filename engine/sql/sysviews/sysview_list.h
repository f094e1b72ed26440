/*
 * sysview_list.h
 *	  Every built-in system view, one SYSVIEW(symbol) line each, where
 *	  `const SysView symbol` is defined by the module that fills the view.
 *	  Included by sysview.c with SYSVIEW defined; a view's id is its line's
 *	  position, so ids are stable within one build.
 */
SYSVIEW(sysview_pg_stat_activity)
SYSVIEW(sysview_pg_locks)
SYSVIEW(sysview_pg_settings)
SYSVIEW(sysview_pg_buffercache)
SYSVIEW(sysview_pg_backend_memory_contexts)
SYSVIEW(sysview_pg_stat_all_tables)
SYSVIEW(sysview_pg_stat_user_tables)
SYSVIEW(sysview_pg_stat_sys_tables)
SYSVIEW(sysview_pg_stat_database)
SYSVIEW(sysview_pg_stat_bgwriter)
SYSVIEW(sysview_pg_stat_wal)
SYSVIEW(sysview_pg_stat_io)
