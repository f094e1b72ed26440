/*-------------------------------------------------------------------------
 * guc_autoconf.h
 *	  Reading, editing and atomically rewriting postgresql.auto.conf
 *	  (ALTER SYSTEM).  See guc_autoconf.c for the format and invariants.
 *-------------------------------------------------------------------------
 */
#ifndef GUC_AUTOCONF_H
#define GUC_AUTOCONF_H

#include "common/minipg.h"

#define GUC_AUTOCONF_FILENAME "postgresql.auto.conf"

/*
 * The file's new contents after setting name to value (value NULL:
 * remove the setting; name NULL: remove every setting, RESET ALL).
 * old_text is the current contents or NULL when the file does not exist;
 * filename is only for the error message.  ERROR F0000 if old_text does
 * not parse.  Pure: touches no file and no setting.
 */
char	   *guc_autoconf_edit(const char *old_text, const char *filename,
							  const char *name, const char *value);

/* The file's contents, or NULL if it does not exist; ERROR on I/O failure. */
char	   *guc_autoconf_read(const char *path);

/*
 * Replace dir/postgresql.auto.conf with text: temporary file, fsync,
 * rename, fsync of the directory.  ERROR (with the file name and %m) if
 * any step fails; the old file is then untouched.
 */
void		guc_autoconf_write(const char *dir, const char *text);

#endif							/* GUC_AUTOCONF_H */
