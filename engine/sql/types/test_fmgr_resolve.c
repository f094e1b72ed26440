/*-------------------------------------------------------------------------
 * test_fmgr_resolve.c
 *	  Unit tests for resolution and casts (fmgr_resolve.c, fmgr_cast.c),
 *	  the catalogs (types_catalog.c, fmgr_catalog.c) and the aggregates
 *	  (aggregates.c).
 *
 * What: PostgreSQL's operator/function/aggregate resolution on the cases
 * of chapter 10 checked against the reference server ('1' + 1, 'a' || 1,
 * length('abc'), abs('5'), max('abc'), count('x'), varchar = unknown,
 * bpchar = text, ...), the 42725 errors with PostgreSQL's text and hint,
 * "no match" returning NULL, function-style casts (text(1), int4('12')),
 * cast contexts and I/O conversion rules, coerce_datum errors,
 * select_common_type; catalog sanity (no duplicate rows, every row has a
 * function, type names and format_type); aggregates driven as the
 * executor drives them.
 * How: calls the public API directly; expected types/messages come from
 * PostgreSQL 15 (the numeric-dependent cases run once numeric exists).
 *-------------------------------------------------------------------------
 */
#include "sql/types/test_types_common.h"

#define U UNKNOWNOID

static const BuiltinOperator *
resolve_op(const char *name, Oid l, Oid r, Oid *cl, Oid *cr)
{
	return oper_resolve(name, l, r, cl, cr);
}

static void
test_operator_resolution(void **state)
{
	Oid			cl,
				cr;
	const BuiltinOperator *op;

	/* '1' + 1: the literal takes the other side's type */
	op = resolve_op("+", U, INT4OID, &cl, &cr);
	assert_non_null(op);
	assert_int_equal(cl, INT4OID);
	assert_int_equal(cr, INT4OID);
	assert_int_equal(op->result, INT4OID);

	/* 'a' || 1: text || anynonarray, the literal becomes text */
	op = resolve_op("||", U, INT4OID, &cl, &cr);
	assert_non_null(op);
	assert_int_equal(op->right, ANYNONARRAYOID);
	assert_int_equal(cl, TEXTOID);
	assert_int_equal(cr, INT4OID);

	/* 'a' || 'b': text || text (string category, preferred type) */
	op = resolve_op("||", U, U, &cl, &cr);
	assert_int_equal(op->left, TEXTOID);
	assert_int_equal(op->right, TEXTOID);

	/* varchar = 'x' and bpchar = text both use text's = */
	op = resolve_op("=", VARCHAROID, U, &cl, &cr);
	assert_int_equal(op->left, TEXTOID);
	assert_int_equal(cl, TEXTOID);
	op = resolve_op("=", BPCHAROID, TEXTOID, &cl, &cr);
	assert_int_equal(op->left, TEXTOID);
	assert_int_equal(op->right, TEXTOID);
	/* but bpchar = 'x' and name = 'x' stay in their own types */
	assert_int_equal(resolve_op("=", BPCHAROID, U, &cl, &cr)->left, BPCHAROID);
	assert_int_equal(resolve_op("=", NAMEOID, U, &cl, &cr)->left, NAMEOID);
	assert_int_equal(resolve_op("=", OIDOID, INT4OID, &cl, &cr)->left, OIDOID);
	assert_int_equal(cr, OIDOID);
	/* int4 = int8 compares without casting */
	op = resolve_op("=", INT4OID, INT8OID, &cl, &cr);
	assert_int_equal(op->left, INT4OID);
	assert_int_equal(op->right, INT8OID);
	/* prefix operators: both outputs name the operand's target type */
	op = resolve_op("|/", InvalidOid, INT4OID, &cl, &cr);
	assert_int_equal(op->right, FLOAT8OID);
	assert_int_equal(cl, FLOAT8OID);
	assert_int_equal(cr, FLOAT8OID);
	/* 1 between '0' and 2 */
	assert_int_equal(resolve_op(">=", INT4OID, U, &cl, &cr)->right, INT4OID);

	/* no operator: NULL, the analyzer reports 42883 */
	assert_null(resolve_op("||", INT4OID, INT4OID, &cl, &cr));
	assert_null(resolve_op("+", INT4OID, TEXTOID, &cl, &cr));
	assert_null(resolve_op("-", InvalidOid, BOOLOID, &cl, &cr));
	assert_null(resolve_op("=", INT4OID, VARCHAROID, &cl, &cr));
	assert_string_equal(oper_signature_string("+", INT4OID, TEXTOID), "integer + text");
	assert_string_equal(oper_signature_string("-", InvalidOid, BOOLOID), "- boolean");

	EXPECT_ERROR_EXACT(resolve_op("&", U, U, &cl, &cr), "42725",
				 "operator is not unique: unknown & unknown");
	EXPECT_ERROR_EXACT(resolve_op("~", InvalidOid, U, &cl, &cr), "42725",
				 "operator is not unique: ~ unknown");

	/*
	 * '1' + '1' and -'5' are ambiguous in PostgreSQL only because date and
	 * interval operators compete with the numeric ones.
	 */
	if (resolve_op("-", InvalidOid, INTERVALOID, &cl, &cr) != NULL)
	{
		EXPECT_ERROR_EXACT(resolve_op("+", U, U, &cl, &cr), "42725",
					 "operator is not unique: unknown + unknown");
		EXPECT_ERROR_EXACT(resolve_op("-", InvalidOid, U, &cl, &cr), "42725",
					 "operator is not unique: - unknown");
	}
}

static void
test_ambiguity_hint(void **state)
{
	volatile bool caught = false;
	Oid			cl,
				cr;

	ELOG_TRY();
	{
		(void) oper_resolve("&", U, U, &cl, &cr);
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		caught = true;
		assert_string_equal(e->hint, "Could not choose a best candidate operator. "
							"You might need to add explicit type casts.");
		elog_flush_error();
	}
	ELOG_END_TRY();
	assert_true(caught);
}

static void
test_function_resolution(void **state)
{
	Oid			coerce[FUNC_MAX_ARGS];
	Oid			rettype;
	const BuiltinFunction *f;
	Oid			args[3];

	args[0] = U;
	f = func_resolve("length", 1, args, coerce, &rettype);
	assert_non_null(f);
	assert_int_equal(f->argtypes[0], TEXTOID);
	assert_int_equal(coerce[0], TEXTOID);
	assert_int_equal(rettype, INT4OID);

	args[0] = INT8OID;
	f = func_resolve("abs", 1, args, coerce, &rettype);
	assert_int_equal(rettype, INT8OID);

	/* abs('5'), sqrt(4), sign(-5): float8, the preferred numeric type */
	args[0] = U;
	func_resolve("abs", 1, args, coerce, &rettype);
	assert_int_equal(rettype, FLOAT8OID);
	args[0] = INT4OID;
	func_resolve("sqrt", 1, args, coerce, &rettype);
	assert_int_equal(rettype, FLOAT8OID);
	func_resolve("sign", 1, args, coerce, &rettype);
	assert_int_equal(rettype, FLOAT8OID);
	assert_int_equal(coerce[0], FLOAT8OID);

	/* varchar and name reach text functions */
	args[0] = VARCHAROID;
	assert_int_equal(func_resolve("upper", 1, args, coerce, &rettype)->argtypes[0], TEXTOID);
	args[0] = NAMEOID;
	assert_int_equal(func_resolve("length", 1, args, coerce, &rettype)->argtypes[0], TEXTOID);
	/* length(bpchar) has its own row */
	args[0] = BPCHAROID;
	assert_int_equal(func_resolve("length", 1, args, coerce, &rettype)->argtypes[0], BPCHAROID);

	/* no match */
	args[0] = INT4OID;
	assert_null(func_resolve("length", 1, args, coerce, &rettype));
	assert_null(func_resolve("foo", 1, args, coerce, &rettype));
	args[1] = INT4OID;
	assert_null(func_resolve("abs", 2, args, coerce, &rettype));
	assert_null(func_resolve("length", 0, args, coerce, &rettype));
	assert_string_equal(func_signature_string("foo", 2, (Oid[]) {INT4OID, U}),
						"foo(integer, unknown)");
	assert_string_equal(func_signature_string("length", 0, NULL), "length()");

	assert_true(func_name_exists("length"));
	assert_true(func_name_exists("count"));
	assert_false(func_name_exists("foo"));

	EXPECT_ERROR_EXACT(func_resolve("mod", 2, (Oid[]) {U, U}, coerce, &rettype), "42725",
				 "function mod(unknown, unknown) is not unique");
	EXPECT_ERROR_EXACT(func_resolve("generate_series", 2, (Oid[]) {U, U}, coerce, &rettype), "42725",
				 "function generate_series(unknown, unknown) is not unique");

	/* substr('hello', '2') */
	args[0] = U;
	args[1] = U;
	f = func_resolve("substr", 2, args, coerce, &rettype);
	assert_int_equal(coerce[0], TEXTOID);
	assert_int_equal(coerce[1], INT4OID);
}

static void
test_function_style_casts(void **state)
{
	Oid			coerce[1];
	Oid			rettype;

	assert_string_equal(eval_func1("text", INT4OID, "1"), "1");
	assert_string_equal(eval_func1("int4", U, "12"), "12");
	assert_string_equal(eval_func1("bool", INT4OID, "1"), "t");
	assert_string_equal(eval_func1("int4", FLOAT8OID, "2.7"), "3");
	assert_string_equal(eval_func1("name", U, "abc"), "abc");
	/* cast functions resolve like functions: bool(int2) uses bool(int4) */
	assert_string_equal(eval_func1("bool", INT2OID, "2"), "t");
	assert_string_equal(eval_func1("text", BOOLOID, "t"), "true");
	assert_non_null(func_resolve("int8", 1, (Oid[]) {INT4OID}, coerce, &rettype));
	assert_int_equal(rettype, INT8OID);
	/* the unknown literal is converted before the call */
	func_resolve("int4", 1, (Oid[]) {U}, coerce, &rettype);
	assert_int_equal(coerce[0], INT4OID);
	EXPECT_ERROR_EXACT(eval_func1("int4", U, "abc"), "22P02",
				 "invalid input syntax for type integer: \"abc\"");
	/* no cast path: not a cast */
	assert_null(func_resolve("bytea", 1, (Oid[]) {INT4OID}, coerce, &rettype));
}

static void
test_casts(void **state)
{
	const BuiltinCast *c;

	assert_null(cast_find(INT4OID, INT4OID, COERCION_EXPLICIT));
	assert_true(can_coerce(INT4OID, INT4OID, COERCION_IMPLICIT));
	assert_true(can_coerce(U, INT4OID, COERCION_IMPLICIT));
	assert_true(cast_find(U, BOOLOID, COERCION_IMPLICIT)->via_io);

	/* automatic I/O conversion: to strings by assignment, from strings explicitly */
	c = cast_find(INT4OID, TEXTOID, COERCION_ASSIGNMENT);
	assert_non_null(c);
	assert_true(c->via_io);
	assert_null(cast_find(INT4OID, TEXTOID, COERCION_IMPLICIT));
	assert_null(cast_find(TEXTOID, INT4OID, COERCION_ASSIGNMENT));
	assert_true(cast_find(TEXTOID, INT4OID, COERCION_EXPLICIT)->via_io);
	/* the same pair gives the same row */
	assert_ptr_equal(cast_find(INT4OID, NAMEOID, COERCION_ASSIGNMENT),
					 cast_find(INT4OID, NAMEOID, COERCION_EXPLICIT));
	/* a pg_cast row shadows I/O conversion: text -> "char" is assignment */
	assert_null(cast_find(TEXTOID, CHAROID, COERCION_IMPLICIT));
	assert_false(cast_find(TEXTOID, CHAROID, COERCION_ASSIGNMENT)->via_io);
	/* binary-compatible rows */
	c = cast_find(VARCHAROID, TEXTOID, COERCION_IMPLICIT);
	assert_true(c->fn == NULL && !c->via_io);
	/* bool -> text is a function (true, not t) */
	assert_string_equal(cast_text(BOOLOID, "t", TEXTOID, -1, COERCION_ASSIGNMENT), "true");
	assert_string_equal(cast_text(BOOLOID, "t", BPCHAROID, 5 + VARHDRSZ, COERCION_ASSIGNMENT),
						"true ");
	assert_string_equal(cast_text(FLOAT8OID, "1.5", VARCHAROID, -1, COERCION_ASSIGNMENT), "1.5");

	EXPECT_ERROR_EXACT(cast_text(INT4OID, "1", BYTEAOID, -1, COERCION_EXPLICIT), "42846",
				 "cannot cast type integer to bytea");
	EXPECT_ERROR_EXACT(cast_text(INT8OID, "1", INT4OID, -1, COERCION_IMPLICIT), "42846",
				 "cannot cast type bigint to integer");
}

static void
test_common_type(void **state)
{
	assert_int_equal(select_common_type(2, (Oid[]) {U, U}, "VALUES"), TEXTOID);
	assert_int_equal(select_common_type(2, (Oid[]) {INT4OID, U}, "VALUES"), INT4OID);
	assert_int_equal(select_common_type(2, (Oid[]) {U, INT8OID}, "VALUES"), INT8OID);
	assert_int_equal(select_common_type(3, (Oid[]) {INT2OID, FLOAT4OID, INT8OID}, "VALUES"),
					 FLOAT4OID);
	assert_int_equal(select_common_type(2, (Oid[]) {VARCHAROID, TEXTOID}, "VALUES"), VARCHAROID);
	assert_int_equal(select_common_type(2, (Oid[]) {TEXTOID, VARCHAROID}, "VALUES"), TEXTOID);
	assert_int_equal(select_common_type(2, (Oid[]) {BPCHAROID, TEXTOID}, "VALUES"), BPCHAROID);
	assert_int_equal(select_common_type(2, (Oid[]) {FLOAT8OID, INT4OID}, "VALUES"), FLOAT8OID);
	assert_int_equal(select_common_type(2, (Oid[]) {NAMEOID, U}, "VALUES"), NAMEOID);
	assert_int_equal(select_common_type(2, (Oid[]) {INT2OID, INT4OID}, "COALESCE"), INT4OID);
	assert_int_equal(select_common_type(2, (Oid[]) {INT4OID, TEXTOID}, NULL), InvalidOid);
	EXPECT_ERROR_EXACT(select_common_type(2, (Oid[]) {INT4OID, TEXTOID}, "UNION"), "42804",
				 "UNION types integer and text cannot be matched");
	EXPECT_ERROR_EXACT(select_common_type(2, (Oid[]) {BOOLOID, INT4OID}, "UNION"), "42804",
				 "UNION types boolean and integer cannot be matched");
	if (type_get_or_null(NUMERICOID) != NULL)
		assert_int_equal(select_common_type(2, (Oid[]) {INT4OID, NUMERICOID}, "VALUES"),
						 NUMERICOID);
}

static void
test_type_catalog(void **state)
{
	assert_int_equal(type_lookup_name("integer")->oid, INT4OID);
	assert_int_equal(type_lookup_name("INT")->oid, INT4OID);
	assert_int_equal(type_lookup_name("double   precision")->oid, FLOAT8OID);
	assert_int_equal(type_lookup_name("character varying")->oid, VARCHAROID);
	assert_int_equal(type_lookup_name("pg_catalog.int8")->oid, INT8OID);
	assert_int_equal(type_lookup_name("char")->oid, BPCHAROID);
	assert_int_equal(type_lookup_name("\"char\"")->oid, CHAROID);
	assert_int_equal(type_lookup_name("pg_catalog.char")->oid, CHAROID);
	assert_int_equal(type_lookup_name("bool")->oid, BOOLOID);
	assert_int_equal(type_lookup_name("float")->oid, FLOAT8OID);
	assert_null(type_lookup_name("nosuchtype"));
	assert_string_equal(type_format(INT4OID, -1), "integer");
	assert_string_equal(type_format(UNKNOWNOID, -1), "unknown");
	assert_string_equal(type_format(ANYOID, -1), "\"any\"");
	assert_string_equal(type_format(99999, -1), "???");
	EXPECT_ERROR_EXACT(type_get(99999), "XX000", "cache lookup failed for type 99999");
	EXPECT_ERROR_EXACT(type_input(ANYELEMENTOID, "x", -1), "0A000",
				 "cannot accept a value of type anyelement");
	assert_string_equal(type_output(VOIDOID, (Datum) 0), "");

	/* every type row is complete and its OID unique */
	for (int i = 0; i < type_count(); i++)
	{
		const TypeInfo *ti = type_by_index(i);

		assert_ptr_equal(type_get(ti->oid), ti);
		assert_non_null(ti->name);
		assert_non_null(ti->sql_name);
		if (ti->category != TYPCATEGORY_PSEUDO)
		{
			assert_non_null(ti->input);
			assert_non_null(ti->output);
		}
		assert_true(ti->typlen > 0 || ti->typlen == -1 || ti->typlen == -2);
		assert_true(!ti->byval || (ti->typlen > 0 && ti->typlen <= 8));
	}
}

/* No two rows of a kind may share a signature; every row has a function. */
static void
test_fmgr_catalog(void **state)
{
	for (int s = 0; s < fmgr_table_set_count(); s++)
	{
		const FmgrTableSet *a = fmgr_table_set(s);

		for (int i = 0; i < a->n_functions; i++)
		{
			const BuiltinFunction *f = &a->functions[i];

			assert_non_null(f->fn);
			assert_true(f->nargs >= 0 && f->nargs <= FUNC_MAX_ARGS);
			for (int t = 0; t < fmgr_table_set_count(); t++)
			{
				const FmgrTableSet *b = fmgr_table_set(t);

				for (int j = 0; j < b->n_functions; j++)
				{
					const BuiltinFunction *g = &b->functions[j];

					if (g != f && g->nargs == f->nargs && strcmp(g->name, f->name) == 0 &&
						memcmp(g->argtypes, f->argtypes, sizeof(Oid) * (size_t) f->nargs) == 0)
						fail_msg("duplicate function %s", f->name);
				}
			}
		}
		for (int i = 0; i < a->n_operators; i++)
		{
			const BuiltinOperator *o = &a->operators[i];

			assert_non_null(o->fn);
			for (int t = 0; t < fmgr_table_set_count(); t++)
			{
				const FmgrTableSet *b = fmgr_table_set(t);

				for (int j = 0; j < b->n_operators; j++)
				{
					const BuiltinOperator *p = &b->operators[j];

					if (p != o && p->left == o->left && p->right == o->right &&
						strcmp(p->name, o->name) == 0)
						fail_msg("duplicate operator %s", o->name);
				}
			}
		}
		for (int i = 0; i < a->n_casts; i++)
		{
			const BuiltinCast *c = &a->casts[i];

			assert_false(c->via_io);
			assert_ptr_equal(cast_find(c->source, c->target, COERCION_EXPLICIT), c);
		}
		for (int i = 0; i < a->n_aggregates; i++)
		{
			const BuiltinAggregate *g = &a->aggregates[i];

			assert_non_null(g->transfn);
			for (int t = 0; t < fmgr_table_set_count(); t++)
			{
				const FmgrTableSet *b = fmgr_table_set(t);

				for (int j = 0; j < b->n_aggregates; j++)
				{
					const BuiltinAggregate *h = &b->aggregates[j];

					if (h != g && h->nargs == g->nargs && h->argtype == g->argtype &&
						h->argtype2 == g->argtype2 && strcmp(h->name, g->name) == 0)
						fail_msg("duplicate aggregate %s", g->name);
				}
			}
		}
	}
}

static void
test_aggregates(void **state)
{
	const char *ints[] = {"1", "2", NULL};
	const char *big[] = {"2147483647", "1"};
	const char *bools[] = {"t", "f", NULL};
	const char *texts[] = {"b", "a", NULL, "c"};
	const char *pads[] = {"a  ", "b"};
	const char *nulls[] = {NULL, NULL};
	const char *floats[] = {"1.5", "2"};
	Oid			coerce[2];
	Oid			rettype;

	assert_string_equal(run_agg("count", InvalidOid, ints, 3), "3");
	assert_string_equal(run_agg("count", INT4OID, ints, 3), "2");
	assert_string_equal(run_agg("count", U, texts, 4), "3");
	assert_string_equal(run_agg("sum", INT4OID, ints, 3), "3");
	assert_string_equal(run_agg("sum", INT4OID, big, 2), "2147483648");
	assert_string_equal(run_agg("sum", INT4OID, nulls, 2), "NULL");
	assert_string_equal(run_agg("sum", FLOAT4OID, ints, 3), "3");
	assert_string_equal(run_agg("avg", FLOAT4OID, ints, 3), "1.5");
	assert_string_equal(run_agg("avg", FLOAT8OID, floats, 2), "1.75");
	assert_string_equal(run_agg("avg", FLOAT8OID, nulls, 2), "NULL");
	assert_string_equal(run_agg("bool_and", BOOLOID, bools, 3), "f");
	assert_string_equal(run_agg("bool_or", BOOLOID, bools, 3), "t");
	assert_string_equal(run_agg("every", BOOLOID, bools, 1), "t");
	assert_string_equal(run_agg("max", TEXTOID, texts, 4), "c");
	assert_string_equal(run_agg("min", TEXTOID, texts, 4), "a");
	assert_string_equal(run_agg("min", BPCHAROID, pads, 2), "a  ");
	assert_string_equal(run_agg("max", INT8OID, ints, 3), "2");
	assert_string_equal(run_agg("max", FLOAT8OID, floats, 2), "2");
	assert_string_equal(run_agg("max", INT4OID, nulls, 2), "NULL");

	/* result types */
	agg_resolve("sum", 1, (Oid[]) {INT4OID}, coerce, &rettype);
	assert_int_equal(rettype, INT8OID);
	agg_resolve("sum", 1, (Oid[]) {FLOAT4OID}, coerce, &rettype);
	assert_int_equal(rettype, FLOAT4OID);
	agg_resolve("avg", 1, (Oid[]) {INT4OID}, coerce, &rettype);
	assert_int_equal(rettype, NUMERICOID);
	agg_resolve("max", 1, (Oid[]) {U}, coerce, &rettype);
	assert_int_equal(rettype, TEXTOID);
	agg_resolve("max", 1, (Oid[]) {VARCHAROID}, coerce, &rettype);
	assert_int_equal(rettype, TEXTOID);
	agg_resolve("count", 1, (Oid[]) {U}, coerce, &rettype);
	assert_int_equal(coerce[0], TEXTOID);
	assert_null(agg_resolve("sum", 1, (Oid[]) {TEXTOID}, coerce, &rettype));

	/* string_agg(text, text) */
	const BuiltinAggregate *sa = agg_resolve("string_agg", 2, (Oid[]) {U, U}, coerce, &rettype);

	assert_non_null(sa);
	assert_int_equal(rettype, TEXTOID);

	/* numeric results need numeric's input function */
	if (type_get_or_null(NUMERICOID) != NULL)
	{
		const char *a1[] = {"1", "2"};
		const char *a2[] = {"1", "2", "2"};
		const char *a3[] = {"-1", "-2", "-2"};
		const char *a4[] = {"0", "0"};
		const char *a5[] = {"123456789", "1"};
		const char *a6[] = {"9223372036854775807", "9223372036854775807"};

		assert_string_equal(run_agg("avg", INT4OID, a1, 2), "1.5000000000000000");
		assert_string_equal(run_agg("avg", INT4OID, a2, 3), "1.6666666666666667");
		assert_string_equal(run_agg("avg", INT4OID, a3, 3), "-1.6666666666666667");
		assert_string_equal(run_agg("avg", INT4OID, a4, 2), "0.00000000000000000000");
		assert_string_equal(run_agg("avg", INT4OID, a5, 2), "61728395.000000000000");
		assert_string_equal(run_agg("avg", INT8OID, a6, 2), "9223372036854775807");
		assert_string_equal(run_agg("sum", INT8OID, a6, 2), "18446744073709551614");
	}
}

/* string_agg through the executor protocol, with and without agg_memctx. */
static void
test_string_agg(void **state)
{
	Oid			coerce[2];
	Oid			rettype;
	const BuiltinAggregate *sa = agg_resolve("string_agg", 2, (Oid[]) {TEXTOID, TEXTOID},
											 coerce, &rettype);
	MemoryContext aggctx = memctx_create(CurrentMemoryContext, "string_agg test");

	for (int with_ctx = 0; with_ctx < 2; with_ctx++)
	{
		Datum		st = (Datum) 0;
		bool		st_null = true;
		const char *vals[] = {"a", NULL, "bc", "d"};

		for (int i = 0; i < 4; i++)
		{
			FunctionCallInfoData fc;

			memset(&fc, 0, sizeof(fc));
			fc.nargs = 3;
			fc.args[0] = st;
			fc.argnull[0] = st_null;
			fc.argnull[1] = vals[i] == NULL;
			if (vals[i] != NULL)
				fc.args[1] = CStringGetTextDatum(vals[i]);
			fc.args[2] = CStringGetTextDatum(", ");
			fc.agg_memctx = with_ctx ? aggctx : NULL;
			st = sa->transfn(&fc);
			st_null = fc.isnull;
		}

		FunctionCallInfoData fc;

		memset(&fc, 0, sizeof(fc));
		fc.nargs = 1;
		fc.args[0] = st;
		fc.argnull[0] = st_null;
		assert_string_equal(TextDatumGetCString(sa->finalfn(&fc)), "a, bc, d");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_operator_resolution),
		cmocka_unit_test(test_ambiguity_hint),
		cmocka_unit_test(test_function_resolution),
		cmocka_unit_test(test_function_style_casts),
		cmocka_unit_test(test_casts),
		cmocka_unit_test(test_common_type),
		cmocka_unit_test(test_type_catalog),
		cmocka_unit_test(test_fmgr_catalog),
		cmocka_unit_test(test_aggregates),
		cmocka_unit_test(test_string_agg),
	};

	types_test_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
