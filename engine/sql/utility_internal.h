/*-------------------------------------------------------------------------
 * utility_internal.h
 *	  Functions shared by the utility-statement files (utility.c,
 *	  utility_guc.c, utility_ddl.c).  Not for use outside sql/utility*.
 *-------------------------------------------------------------------------
 */
#ifndef UTILITY_INTERNAL_H
#define UTILITY_INTERNAL_H

#include "sql/nodes/parsenodes.h"
#include "tcop/dest.h"

/* utility.c */
void		utility_apply_transaction_options(List *options);

/* utility_guc.c */
int			utility_isolation_level_from_name(const char *name);
const ResultDesc *utility_show_result_desc(const VariableShowStmt *stmt);
void		utility_execute_set(VariableSetStmt *stmt, char *tag, size_t tag_size);
void		utility_execute_show(VariableShowStmt *stmt, DestReceiver *dest,
								 char *tag, size_t tag_size);

/* The text a SET argument list stands for ("a, b" for a list). */
char	   *utility_set_args_to_text(List *args);

/* utility_altersystem.c */
void		utility_execute_alter_system(AlterSystemStmt *stmt, char *tag, size_t tag_size);

/* utility_ddl.c */
void		utility_execute_ddl(Node *stmt, const char *query_text, DestReceiver *dest,
								char *tag, size_t tag_size);

#endif							/* UTILITY_INTERNAL_H */
