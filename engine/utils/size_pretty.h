/*-------------------------------------------------------------------------
 * size_pretty.h
 *	  pg_size_pretty's formatting (PostgreSQL 15's units and rounding).
 *	  See size_pretty.c for the rule.
 *-------------------------------------------------------------------------
 */
#ifndef SIZE_PRETTY_H
#define SIZE_PRETTY_H

#include "common/minipg.h"

/* pg_size_pretty(bigint). */
char	   *size_pretty_int64(int64_t value);
/* pg_size_pretty(numeric), given the numeric's text ("1.5", "NaN", "-Infinity"). */
char	   *size_pretty_text(const char *num);

#endif							/* SIZE_PRETTY_H */
