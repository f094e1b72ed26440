/*-------------------------------------------------------------------------
 * deparse.h
 *	  Raw expression trees back to SQL text (see deparse.c).
 *-------------------------------------------------------------------------
 */
#ifndef DEPARSE_H
#define DEPARSE_H

#include "sql/nodes/parsenodes.h"
#include "utils/strbuf.h"

/* SQL text equivalent to a raw expression (palloc'd); 0A000 if unsupported. */
char	   *deparse_raw_expr(Node *expr);
/* A type name as SQL ("numeric(10, 2)", "character varying(5)"). */
void		deparse_type_name(const TypeName *t, StringBuf *out);

#endif							/* DEPARSE_H */
