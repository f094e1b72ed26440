/*-------------------------------------------------------------------------
 * fmgr_call.c
 *	  Calling a built-in function by hand with a fixed number of non-NULL
 *	  arguments.
 *
 * Role: convenience for C code that wants a function's result directly
 * (casts, defaults, catalog code) without building a FunctionCallInfo.
 *
 * Invariants:
 *	- The callee sees nargs set, all argnull false, argtypes InvalidOid
 *	  (so polymorphic functions cannot be called this way).
 *	- A function that returns NULL here is a programming error: XX000.
 *
 * Entry points: call_function1, call_function2, call_function3.
 * See also: fmgr.h (calling convention).
 *-------------------------------------------------------------------------
 */
#include "sql/types/fmgr.h"
#include "utils/elog.h"

static Datum
call_function_n(PGFunction fn, int nargs, const Datum *args)
{
	FunctionCallInfoData fcinfo;

	memset(&fcinfo, 0, sizeof(fcinfo));
	fcinfo.nargs = nargs;
	for (int i = 0; i < nargs; i++)
		fcinfo.args[i] = args[i];
	fcinfo.result_typmod = -1;

	Datum		result = fn(&fcinfo);

	if (fcinfo.isnull)
		elog(ERROR, "function returned NULL");
	return result;
}

Datum
call_function1(PGFunction fn, Datum a)
{
	return call_function_n(fn, 1, &a);
}

Datum
call_function2(PGFunction fn, Datum a, Datum b)
{
	Datum		args[2] = {a, b};

	return call_function_n(fn, 2, args);
}

Datum
call_function3(PGFunction fn, Datum a, Datum b, Datum c)
{
	Datum		args[3] = {a, b, c};

	return call_function_n(fn, 3, args);
}
