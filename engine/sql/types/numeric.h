/*-------------------------------------------------------------------------
 * numeric.h
 *	  The arbitrary-precision numeric type (OID 1700): public helpers for
 *	  other modules, and the tables the type and function catalogs list.
 *
 * Role: values behave exactly as PostgreSQL 15's numeric: up to 131072
 * digits before the decimal point and 16383 after, a display scale kept
 * from input ("1.50" stays "1.50"), NaN and +-Infinity, numeric(p,s)
 * rounding half away from zero, and PostgreSQL's result-scale rules for
 * every operator and function.
 *
 * Invariants:
 *	- A numeric Datum points to a varlena in the format documented in
 *	  numeric.c; it is read with memcpy, so any alignment is fine.
 *	- Every function here returns palloc'd results in CurrentMemoryContext
 *	  and reports bad input with ereport(ERROR) and PostgreSQL's SQLSTATE.
 *
 * Entry points for other modules: numeric_from_int64/_double,
 * numeric_to_int64/_double, numeric_out_datum, numeric_in_cstring, the
 * arithmetic wrappers (used by avg(), extract() and COPY), and the tables
 * numeric_type_table / numeric_fmgr (registered in types_catalog.c /
 * fmgr_catalog.c).
 *
 * See also: sql/types/numeric.c (format, I/O), numeric_arith.c
 * (arithmetic), numeric_funcs.c (SQL functions, operators, casts,
 * aggregates), sql/types/README-datetime-numeric.md.
 *-------------------------------------------------------------------------
 */
#ifndef NUMERIC_H
#define NUMERIC_H

#include "common/minipg.h"
#include "sql/types/fmgr.h"
#include "sql/types/types.h"

/* numeric(p,s) typmod as PostgreSQL stores it in atttypmod. */
int32_t		numeric_typmod_make(int precision, int scale);

/* Conversions.  Results are palloc'd numeric Datums. */
Datum		numeric_from_int64(int64_t val);
/* val / 10^scale, exact, with display scale `scale` (0..18). */
Datum		numeric_from_int64_scaled(int64_t val, int scale);
/* As float8::numeric (15 significant digits); NaN and +-Infinity kept. */
Datum		numeric_from_double(double val);
/* As numeric::int8: rounds half away from zero; ERROR 22003 / 0A000. */
int64_t		numeric_to_int64(Datum num);
/* As numeric::float8; ERROR 22003 when out of double's range. */
double		numeric_to_double(Datum num);

/* Text I/O (numeric_in with a typmod, -1 for none; numeric_out). */
Datum		numeric_in_cstring(const char *str, int32_t typmod);
char	   *numeric_out_datum(Datum num);

/* Arithmetic with PostgreSQL's result scales (ERROR 22012 on / 0). */
Datum		numeric_add_datum(Datum a, Datum b);
Datum		numeric_sub_datum(Datum a, Datum b);
Datum		numeric_mul_datum(Datum a, Datum b);
Datum		numeric_div_datum(Datum a, Datum b);
/* Total order: -Infinity < finite values < +Infinity < NaN; NaN = NaN. */
int			numeric_cmp_datum(Datum a, Datum b);
bool		numeric_is_nan(Datum num);

/* Catalog tables (listed in types_catalog.c and fmgr_catalog.c). */
extern const TypeInfoTable numeric_type_table;
extern const FmgrTableSet numeric_fmgr;

#endif							/* NUMERIC_H */
