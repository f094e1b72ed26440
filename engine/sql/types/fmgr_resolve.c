/*-------------------------------------------------------------------------
 * fmgr_resolve.c
 *	  Choosing the function, operator or aggregate a call site means:
 *	  PostgreSQL's rules from chapter 10 ("Type Conversion") of its
 *	  documentation, applied to minipg's tables.
 *
 * The steps, for a name and a list of argument types (UNKNOWNOID for
 * untyped literals):
 *	1. Candidates: rows with that name and argument count.
 *	2. Exact match: a row whose declared types equal the inputs.  For a
 *	   binary operator with one unknown side, the unknown is first assumed
 *	   to have the other side's type.
 *	3. (functions) A one-argument call named after a type is a cast when
 *	   the conversion is binary-compatible or through I/O (or the argument
 *	   is a literal).  Casts done by a function are ordinary candidates
 *	   instead: every pg_cast row with a function also appears as a
 *	   function named after the target type (int4(float8), bool(int4)),
 *	   as in PostgreSQL's pg_proc, so bool(int2) finds bool(int4).
 *	4. Keep the candidates every input converts to implicitly (unknown
 *	   converts to anything; polymorphic arguments must agree).  None: no
 *	   match (NULL).  One: done.
 *	5. Keep those with the most exact type matches; then those with the
 *	   most exact-or-preferred matches where conversion is needed.
 *	6. Unknown inputs: per position, pick the string category if any
 *	   candidate accepts it there, else the single category all accept
 *	   (a conflict stops this step); prefer the category's preferred
 *	   type if some candidate takes it; drop the others.
 *	7. If all known inputs have one type, assume the unknowns have it too
 *	   and keep the candidates that accept that; exactly one wins.
 *	8. Otherwise: ERROR 42725 "... is not unique".
 *
 * Invariants:
 *	- Resolution never allocates more than the candidate list of one call
 *	  (CurrentMemoryContext), except the cast-function rows of step 3,
 *	  which are made once per process in TopMemoryContext.
 *	- ANYOID arguments take any input independently; ANYELEMENTOID and
 *	  ANYNONARRAYOID arguments share one binding (unknown-only: text).
 *
 * Entry points: func_resolve, oper_resolve, agg_resolve, func_name_exists,
 * func_signature_string, oper_signature_string.
 * See also: fmgr_cast.c (can_coerce), fmgr_catalog.c (the tables).
 *-------------------------------------------------------------------------
 */
#include "sql/types/fmgr.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

typedef struct Candidate
{
	const void *row;
	int			nargs;
	Oid			args[FUNC_MAX_ARGS];
} Candidate;

typedef enum ResolveOutcome
{
	RESOLVE_NONE,
	RESOLVE_FOUND,
	RESOLVE_AMBIGUOUS,
} ResolveOutcome;

static bool
is_poly_element(Oid typid)
{
	return typid == ANYELEMENTOID || typid == ANYNONARRAYOID;
}

/*
 * The type bound to anyelement/anynonarray by these inputs, InvalidOid if
 * there are no such arguments; false when the inputs disagree.
 */
static bool
bind_polymorphic(int nargs, const Oid *inputs, const Oid *declared, Oid *bound)
{
	bool		has_poly = false;

	*bound = InvalidOid;
	for (int i = 0; i < nargs; i++)
	{
		if (!is_poly_element(declared[i]))
			continue;
		has_poly = true;
		if (inputs[i] == UNKNOWNOID)
			continue;
		if (*bound == InvalidOid)
			*bound = inputs[i];
		else if (*bound != inputs[i])
			return false;
	}
	if (has_poly && *bound == InvalidOid)
		*bound = TEXTOID;
	return true;
}

/* Can every input be converted implicitly to the candidate's types? */
static bool
can_coerce_all(int nargs, const Oid *inputs, const Oid *declared)
{
	Oid			bound;

	for (int i = 0; i < nargs; i++)
		if (!is_poly_element(declared[i]) &&
			!can_coerce(inputs[i], declared[i], COERCION_IMPLICIT))
			return false;
	return bind_polymorphic(nargs, inputs, declared, &bound);
}

static bool
is_preferred_in(char category, Oid typid)
{
	return type_is_preferred(typid) &&
		(category == TYPCATEGORY_INVALID || category == type_category(typid));
}

/* Keep the candidates with the highest score; returns the new count. */
static int
keep_best(Candidate **cands, int n, const int *scores)
{
	int			best = -1,
				kept = 0;

	for (int i = 0; i < n; i++)
		best = Max(best, scores[i]);
	for (int i = 0; i < n; i++)
		if (scores[i] == best)
			cands[kept++] = cands[i];
	return kept;
}

/* Step 6: settle unknown positions by category.  Returns the new count. */
static int
filter_by_unknown_categories(int nargs, const Oid *inputs, Candidate **cands, int n)
{
	char		slot_category[FUNC_MAX_ARGS];
	bool		slot_preferred[FUNC_MAX_ARGS];

	for (int i = 0; i < nargs; i++)
	{
		bool		conflict = false;

		if (inputs[i] != UNKNOWNOID)
			continue;
		slot_category[i] = TYPCATEGORY_INVALID;
		slot_preferred[i] = false;
		for (int c = 0; c < n; c++)
		{
			Oid			t = cands[c]->args[i];
			char		cat = type_category(t);
			bool		pref = is_preferred_in(TYPCATEGORY_INVALID, t);

			if (c == 0)
			{
				slot_category[i] = cat;
				slot_preferred[i] = pref;
			}
			else if (cat == slot_category[i])
				slot_preferred[i] |= pref;
			else if (cat == TYPCATEGORY_STRING)
			{
				slot_category[i] = cat;
				slot_preferred[i] = pref;
			}
			else
				conflict = true;
		}
		if (conflict && slot_category[i] != TYPCATEGORY_STRING)
			return n;			/* unresolvable here; leave the list alone */
	}

	int			kept = 0;

	for (int c = 0; c < n; c++)
	{
		bool		keep = true;

		for (int i = 0; i < nargs && keep; i++)
		{
			Oid			t = cands[c]->args[i];

			if (inputs[i] != UNKNOWNOID)
				continue;
			if (type_category(t) != slot_category[i] ||
				(slot_preferred[i] && !is_preferred_in(TYPCATEGORY_INVALID, t)))
				keep = false;
		}
		if (keep)
			cands[kept++] = cands[c];
	}
	/* if nothing survived, keep considering the whole list */
	return kept > 0 ? kept : n;
}

/*
 * Steps 5-7 on candidates that all accept the inputs (n >= 2).  Returns
 * the winner or NULL when the call is ambiguous.
 */
static Candidate *
select_candidate(int nargs, const Oid *inputs, Candidate **cands, int n)
{
	int		   *scores = palloc(sizeof(int) * (size_t) n);
	int			nunknowns = 0;

	for (int i = 0; i < nargs; i++)
		nunknowns += inputs[i] == UNKNOWNOID ? 1 : 0;

	/* 5a: most exact matches */
	for (int c = 0; c < n; c++)
	{
		scores[c] = 0;
		for (int i = 0; i < nargs; i++)
			if (inputs[i] != UNKNOWNOID && cands[c]->args[i] == inputs[i])
				scores[c]++;
	}
	n = keep_best(cands, n, scores);
	if (n == 1)
		return cands[0];

	/* 5b: most exact-or-preferred matches (preferred within the input's category) */
	for (int c = 0; c < n; c++)
	{
		scores[c] = 0;
		for (int i = 0; i < nargs; i++)
			if (inputs[i] != UNKNOWNOID &&
				(cands[c]->args[i] == inputs[i] ||
				 is_preferred_in(type_category(inputs[i]), cands[c]->args[i])))
				scores[c]++;
	}
	n = keep_best(cands, n, scores);
	if (n == 1)
		return cands[0];

	if (nunknowns == 0)
		return NULL;

	/* 6 */
	n = filter_by_unknown_categories(nargs, inputs, cands, n);
	if (n == 1)
		return cands[0];

	/* 7: a single known type stands in for the unknowns */
	if (nunknowns < nargs)
	{
		Oid			known = InvalidOid;
		Oid			assumed[FUNC_MAX_ARGS];
		Candidate  *winner = NULL;
		int			nwinners = 0;

		for (int i = 0; i < nargs; i++)
		{
			if (inputs[i] == UNKNOWNOID)
				continue;
			if (known == InvalidOid)
				known = inputs[i];
			else if (known != inputs[i])
				return NULL;
		}
		for (int i = 0; i < nargs; i++)
			assumed[i] = known;
		for (int c = 0; c < n; c++)
			if (can_coerce_all(nargs, assumed, cands[c]->args))
			{
				winner = cands[c];
				nwinners++;
			}
		if (nwinners == 1)
			return winner;
	}
	return NULL;
}

/*
 * Steps 4-8 given the full candidate list (exact matches already tried).
 * *chosen is set on RESOLVE_FOUND.
 */
static ResolveOutcome
resolve_candidates(int nargs, const Oid *inputs, Candidate *all, int nall,
				   Candidate **chosen)
{
	Candidate **cands = palloc(sizeof(Candidate *) * (size_t) Max(nall, 1));
	int			n = 0;

	for (int c = 0; c < nall; c++)
		if (can_coerce_all(nargs, inputs, all[c].args))
			cands[n++] = &all[c];
	if (n == 0)
		return RESOLVE_NONE;
	if (n == 1)
	{
		*chosen = cands[0];
		return RESOLVE_FOUND;
	}
	*chosen = select_candidate(nargs, inputs, cands, n);
	return *chosen != NULL ? RESOLVE_FOUND : RESOLVE_AMBIGUOUS;
}

static Candidate *
find_exact(int nargs, const Oid *inputs, Candidate *all, int nall)
{
	for (int c = 0; c < nall; c++)
	{
		int			i = 0;

		while (i < nargs && all[c].args[i] == inputs[i])
			i++;
		if (i == nargs)
			return &all[c];
	}
	return NULL;
}

/*
 * The types arguments must be converted to for the chosen candidate, and
 * the result type with polymorphism resolved.
 */
static void
fill_coercions(int nargs, const Oid *inputs, const Candidate *chosen, Oid declared_ret,
			   Oid *coerce_to, Oid *rettype)
{
	Oid			bound = InvalidOid;

	bind_polymorphic(nargs, inputs, chosen->args, &bound);
	for (int i = 0; i < nargs; i++)
	{
		Oid			t = chosen->args[i];

		if (is_poly_element(t))
			t = bound;
		else if (t == ANYOID)
			t = inputs[i] == UNKNOWNOID ? TEXTOID : inputs[i];
		if (coerce_to != NULL)
			coerce_to[i] = t;
	}
	if (rettype != NULL)
		*rettype = (is_poly_element(declared_ret) && bound != InvalidOid) ? bound : declared_ret;
}

/* ---- signatures for messages ---- */

char *
func_signature_string(const char *name, int nargs, const Oid *argtypes)
{
	StringBuf	buf;

	strbuf_init(&buf);
	strbuf_appendf(&buf, "%s(", name);
	for (int i = 0; i < nargs; i++)
		strbuf_appendf(&buf, "%s%s", i > 0 ? ", " : "", type_sql_name(argtypes[i]));
	strbuf_append_char(&buf, ')');
	return buf.data;
}

char *
oper_signature_string(const char *name, Oid left, Oid right)
{
	if (left == InvalidOid)
		return psprintf("%s %s", name, type_sql_name(right));
	return psprintf("%s %s %s", type_sql_name(left), name, type_sql_name(right));
}

static pg_noreturn void
function_not_unique(const char *name, int nargs, const Oid *argtypes)
{
	ereport(ERROR, errcode(ERRCODE_AMBIGUOUS_FUNCTION),
			errmsg("function %s is not unique", func_signature_string(name, nargs, argtypes)),
			errhint("Could not choose a best candidate function. "
					"You might need to add explicit type casts."));
	__builtin_unreachable();
}

/* ---- function-style casts ---- */

/*
 * Function-style casts run coerce_datum on the actual argument type: from
 * argtypes[0] when the executor set it, else from the row's declared
 * argument (every such row declares its concrete source type).
 */
static Datum
coercion_call(FunctionCallInfo fcinfo)
{
	Oid			source = fcinfo->argtypes[0];
	Oid			target = fcinfo->func != NULL ? fcinfo->func->rettype : fcinfo->result_type;

	if (source == InvalidOid && fcinfo->func != NULL)
		source = fcinfo->func->argtypes[0];
	if (source == InvalidOid || target == InvalidOid)
		elog(ERROR, "function-style cast called without argument or result type");
	return coerce_datum(PG_GETARG_DATUM(0), source, target, -1, COERCION_EXPLICIT);
}

static BuiltinFunction *cast_functions;
static int	n_cast_functions = -1;

/* One function row per pg_cast row that has a function, built once. */
static void
build_cast_functions(void)
{
	int			n = 0;

	for (int s = 0; s < fmgr_table_set_count(); s++)
		n += fmgr_table_set(s)->n_casts;
	memctx_init();
	cast_functions = memctx_alloc_zero(TopMemoryContext,
									   sizeof(BuiltinFunction) * (size_t) Max(n, 1));
	n = 0;
	for (int s = 0; s < fmgr_table_set_count(); s++)
	{
		const FmgrTableSet *set = fmgr_table_set(s);

		for (int i = 0; i < set->n_casts; i++)
		{
			const BuiltinCast *c = &set->casts[i];
			const TypeInfo *target = type_get_or_null(c->target);

			if (c->fn == NULL || c->via_io || target == NULL)
				continue;
			cast_functions[n].name = target->name;
			cast_functions[n].nargs = 1;
			cast_functions[n].argtypes[0] = c->source;
			cast_functions[n].rettype = c->target;
			cast_functions[n].strict = true;
			cast_functions[n].volatility = FUNC_STABLE;
			cast_functions[n].fn = coercion_call;
			n++;
		}
	}
	n_cast_functions = n;
}

/* ---- functions ---- */

static Candidate *
add_function_candidate(Candidate *c, int *n, int *cap, const BuiltinFunction *f)
{
	if (*n == *cap)
	{
		*cap *= 2;
		c = repalloc(c, sizeof(Candidate) * (size_t) *cap);
	}
	c[*n].row = f;
	c[*n].nargs = f->nargs;
	memcpy(c[*n].args, f->argtypes, sizeof(c[*n].args));
	(*n)++;
	return c;
}

static int
collect_functions(const char *name, int nargs, Candidate **out)
{
	int			cap = 16,
				n = 0;
	Candidate  *c = palloc(sizeof(Candidate) * (size_t) cap);

	for (int s = 0; s < fmgr_table_set_count(); s++)
	{
		const FmgrTableSet *set = fmgr_table_set(s);

		for (int i = 0; i < set->n_functions; i++)
		{
			const BuiltinFunction *f = &set->functions[i];

			if (f->nargs == nargs && strcmp(f->name, name) == 0)
				c = add_function_candidate(c, &n, &cap, f);
		}
	}
	if (nargs == 1)
	{
		if (n_cast_functions < 0)
			build_cast_functions();
		for (int i = 0; i < n_cast_functions; i++)
			if (strcmp(cast_functions[i].name, name) == 0)
				c = add_function_candidate(c, &n, &cap, &cast_functions[i]);
	}
	*out = c;
	return n;
}

typedef struct CoercionRow
{
	BuiltinFunction func;
	struct CoercionRow *next;
} CoercionRow;

static CoercionRow *coercion_rows;

/* The row for "target(value of type source)", made once per pair. */
static const BuiltinFunction *
coercion_function(const TypeInfo *target, Oid source)
{
	for (CoercionRow *r = coercion_rows; r != NULL; r = r->next)
		if (r->func.rettype == target->oid && r->func.argtypes[0] == source)
			return &r->func;

	memctx_init();
	CoercionRow *r = memctx_alloc_zero(TopMemoryContext, sizeof(CoercionRow));

	r->func.name = target->name;
	r->func.nargs = 1;
	r->func.argtypes[0] = source;
	r->func.rettype = target->oid;
	r->func.strict = true;
	r->func.volatility = FUNC_STABLE;
	r->func.retset = false;
	r->func.fn = coercion_call;
	r->next = coercion_rows;
	coercion_rows = r;
	return &r->func;
}

/*
 * Step 3: is name(arg) a cast to the type called name?  Only literals,
 * binary-compatible and I/O conversions qualify; casts with a function are
 * found as functions.
 */
static const TypeInfo *
coercion_target(const char *name, Oid source)
{
	for (int i = 0; i < type_count(); i++)
	{
		const TypeInfo *ti = type_by_index(i);

		if (strcmp(ti->name, name) != 0 || ti->category == TYPCATEGORY_PSEUDO)
			continue;
		if (source == UNKNOWNOID || source == ti->oid)
			return ti;

		const BuiltinCast *c = cast_find(source, ti->oid, COERCION_EXPLICIT);

		if (c != NULL && c->fn == NULL)
			return ti;
	}
	return NULL;
}

const BuiltinFunction *
func_resolve(const char *name, int nargs, const Oid *argtypes,
			 Oid *coerce_to, Oid *rettype)
{
	Candidate  *all;
	Candidate  *chosen = NULL;

	if (nargs < 0 || nargs > FUNC_MAX_ARGS)
		return NULL;

	int			nall = collect_functions(name, nargs, &all);

	chosen = find_exact(nargs, argtypes, all, nall);
	if (chosen == NULL && nargs == 1)
	{
		const TypeInfo *target = coercion_target(name, argtypes[0]);

		if (target != NULL)
		{
			Oid			source = argtypes[0] == UNKNOWNOID ? target->oid : argtypes[0];

			if (coerce_to != NULL)
				coerce_to[0] = source;
			if (rettype != NULL)
				*rettype = target->oid;
			return coercion_function(target, source);
		}
	}
	if (chosen == NULL)
	{
		switch (resolve_candidates(nargs, argtypes, all, nall, &chosen))
		{
			case RESOLVE_NONE:
				return NULL;
			case RESOLVE_AMBIGUOUS:
				function_not_unique(name, nargs, argtypes);
			case RESOLVE_FOUND:
				break;
		}
	}

	const BuiltinFunction *f = chosen->row;

	fill_coercions(nargs, argtypes, chosen, f->rettype, coerce_to, rettype);
	return f;
}

bool
func_name_exists(const char *name)
{
	for (int s = 0; s < fmgr_table_set_count(); s++)
	{
		const FmgrTableSet *set = fmgr_table_set(s);

		for (int i = 0; i < set->n_functions; i++)
			if (strcmp(set->functions[i].name, name) == 0)
				return true;
		for (int i = 0; i < set->n_aggregates; i++)
			if (strcmp(set->aggregates[i].name, name) == 0)
				return true;
	}
	return false;
}

/* ---- operators ---- */

static int
collect_operators(const char *name, bool prefix, Candidate **out)
{
	int			cap = 16,
				n = 0;
	Candidate  *c = palloc(sizeof(Candidate) * (size_t) cap);

	for (int s = 0; s < fmgr_table_set_count(); s++)
	{
		const FmgrTableSet *set = fmgr_table_set(s);

		for (int i = 0; i < set->n_operators; i++)
		{
			const BuiltinOperator *o = &set->operators[i];

			if ((o->left == InvalidOid) != prefix || strcmp(o->name, name) != 0)
				continue;
			if (n == cap)
			{
				cap *= 2;
				c = repalloc(c, sizeof(Candidate) * (size_t) cap);
			}
			memset(&c[n], 0, sizeof(c[n]));
			c[n].row = o;
			if (prefix)
			{
				c[n].nargs = 1;
				c[n].args[0] = o->right;
			}
			else
			{
				c[n].nargs = 2;
				c[n].args[0] = o->left;
				c[n].args[1] = o->right;
			}
			n++;
		}
	}
	*out = c;
	return n;
}

const BuiltinOperator *
oper_resolve(const char *name, Oid left, Oid right,
			 Oid *coerce_left, Oid *coerce_right)
{
	bool		prefix = (left == InvalidOid);
	Oid			inputs[2];
	int			nargs = prefix ? 1 : 2;
	Candidate  *all;
	Candidate  *chosen;
	Oid			coerced[2];

	if (prefix)
		inputs[0] = right;
	else
	{
		inputs[0] = left;
		inputs[1] = right;
	}

	int			nall = collect_operators(name, prefix, &all);

	/* exact match, assuming an unknown side has the other side's type */
	Oid			exact[2] = {inputs[0], prefix ? InvalidOid : inputs[1]};

	if (!prefix && exact[0] == UNKNOWNOID && exact[1] != UNKNOWNOID)
		exact[0] = exact[1];
	else if (!prefix && exact[1] == UNKNOWNOID && exact[0] != UNKNOWNOID)
		exact[1] = exact[0];
	chosen = find_exact(nargs, exact, all, nall);
	if (chosen == NULL)
	{
		switch (resolve_candidates(nargs, inputs, all, nall, &chosen))
		{
			case RESOLVE_NONE:
				return NULL;
			case RESOLVE_AMBIGUOUS:
				ereport(ERROR, errcode(ERRCODE_AMBIGUOUS_FUNCTION),
						errmsg("operator is not unique: %s",
							   oper_signature_string(name, left, right)),
						errhint("Could not choose a best candidate operator. "
								"You might need to add explicit type casts."));
			case RESOLVE_FOUND:
				break;
		}
	}

	const BuiltinOperator *op = chosen->row;

	fill_coercions(nargs, inputs, chosen, op->result, coerced, NULL);
	/* for a prefix operator both outputs get the operand's type */
	if (coerce_left != NULL)
		*coerce_left = coerced[0];
	if (coerce_right != NULL)
		*coerce_right = prefix ? coerced[0] : coerced[1];
	return op;
}

/* ---- aggregates ---- */

const BuiltinAggregate *
agg_resolve(const char *name, int nargs, const Oid *argtypes,
			Oid *coerce_to, Oid *rettype)
{
	int			cap = 16,
				nall = 0;
	Candidate  *all = palloc(sizeof(Candidate) * (size_t) cap);
	Candidate  *chosen;

	if (nargs < 0 || nargs > 2)
		return NULL;
	for (int s = 0; s < fmgr_table_set_count(); s++)
	{
		const FmgrTableSet *set = fmgr_table_set(s);

		for (int i = 0; i < set->n_aggregates; i++)
		{
			const BuiltinAggregate *a = &set->aggregates[i];

			if (a->nargs != nargs || strcmp(a->name, name) != 0)
				continue;
			if (nall == cap)
			{
				cap *= 2;
				all = repalloc(all, sizeof(Candidate) * (size_t) cap);
			}
			memset(&all[nall], 0, sizeof(all[nall]));
			all[nall].row = a;
			all[nall].nargs = nargs;
			all[nall].args[0] = a->argtype;
			all[nall].args[1] = a->argtype2;
			nall++;
		}
	}

	chosen = find_exact(nargs, argtypes, all, nall);
	if (chosen == NULL)
	{
		switch (resolve_candidates(nargs, argtypes, all, nall, &chosen))
		{
			case RESOLVE_NONE:
				return NULL;
			case RESOLVE_AMBIGUOUS:
				function_not_unique(name, nargs, argtypes);
			case RESOLVE_FOUND:
				break;
		}
	}

	const BuiltinAggregate *agg = chosen->row;

	fill_coercions(nargs, argtypes, chosen, agg->rettype, coerce_to, rettype);
	return agg;
}
