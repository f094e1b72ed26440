/*-------------------------------------------------------------------------
 * gram_ddl.c
 *	  Data definition: CREATE TABLE [AS] / INDEX / SCHEMA / VIEW /
 *	  SEQUENCE / ROLE / DATABASE, DROP ..., ALTER TABLE / INDEX / ROLE /
 *	  SCHEMA, ALTER ... RENAME, TRUNCATE.
 *
 * Conventions (PostgreSQL's):
 *	- Column constraints are Constraint nodes in ColumnDef.constraints in
 *	  written order; DEFERRABLE / INITIALLY ... attributes are folded into
 *	  the constraint before them (error if there is none that accepts
 *	  them).
 *	- ALTER TABLE ... RENAME is a RenameStmt, never mixed with other
 *	  actions; every other action list is an AlterTableStmt.
 *	- Role options use PostgreSQL's internal option names (see
 *	  parsenodes.h, CreateRoleStmt).
 *-------------------------------------------------------------------------
 */
#include "sql/parser/parser_internal.h"

#include "utils/elog.h"
#include "utils/memctx.h"

/* ------------------------------------------------------------------------
 * Shared pieces
 * ------------------------------------------------------------------------
 */

/* IF NOT EXISTS (committed to once IF NOT is seen: IF alone may be a name) */
static bool
gram_accept_if_not_exists(Parser *p)
{
	if (gram_is_kw(p, KW_IF) && gram_is_kw_n(p, 1, KW_NOT))
	{
		gram_next(p);
		gram_next(p);
		gram_expect_kw(p, KW_EXISTS);
		return true;
	}
	return false;
}

static bool
gram_accept_if_exists(Parser *p)
{
	if (gram_is_kw(p, KW_IF) && gram_is_kw_n(p, 1, KW_EXISTS))
	{
		gram_next(p);
		gram_next(p);
		return true;
	}
	return false;
}

static DropBehavior
opt_drop_behavior(Parser *p)
{
	if (gram_accept_kw(p, KW_CASCADE))
		return DROP_CASCADE;
	gram_accept_kw(p, KW_RESTRICT);
	return DROP_RESTRICT;
}

/* def_arg of a reloption: number, string, word or operator */
static Node *
def_arg(Parser *p)
{
	Token	   *t = gram_peek(p);

	if (t->kind == TOK_ICONST || t->kind == TOK_FCONST || t->kind == '+' || t->kind == '-')
		return gram_numeric_only(p);
	if (t->kind == TOK_SCONST || t->kind == TOK_IDENT || t->kind == TOK_KEYWORD)
	{
		gram_next(p);
		return (Node *) makeString(t->str);
	}
	/* an operator name (qual_all_Op) */
	return (Node *) makeString(strVal(llast(gram_any_operator(p))));
}

List *
gram_reloptions(Parser *p)
{
	List	   *list = NIL;

	gram_expect(p, '(');
	do
	{
		int			location = gram_location(p);
		char	   *name = gram_collabel(p);
		char	   *ns = NULL;
		DefElem    *d;

		if (gram_accept(p, '.'))
		{
			ns = name;
			name = gram_collabel(p);
		}
		d = makeDefElem(name, NULL, location);
		d->defnamespace = ns;
		if (gram_accept(p, '='))
			d->arg = def_arg(p);
		list = lappend(list, d);
	} while (gram_accept(p, ','));
	gram_expect(p, ')');
	return list;
}

RoleSpec *
gram_role_spec(Parser *p)
{
	RoleSpec   *r = makeNode(RoleSpec);
	Token	   *t = gram_peek(p);

	r->location = t->start;
	if (gram_tok_is_kw(t, KW_CURRENT_ROLE))
		r->roletype = ROLESPEC_CURRENT_ROLE;
	else if (gram_tok_is_kw(t, KW_CURRENT_USER))
		r->roletype = ROLESPEC_CURRENT_USER;
	else if (gram_tok_is_kw(t, KW_SESSION_USER))
		r->roletype = ROLESPEC_SESSION_USER;
	else
	{
		char	   *name = gram_nonreserved_word(p);

		if (strcmp(name, "public") == 0)
			r->roletype = ROLESPEC_PUBLIC;
		else if (strcmp(name, "none") == 0)
			ereport(ERROR, errcode(ERRCODE_RESERVED_NAME),
					errmsg("role name \"%s\" is reserved", "none"),
					errposition(gram_errpos(p, t->start)));
		else
		{
			r->roletype = ROLESPEC_CSTRING;
			r->rolename = name;
		}
		return r;
	}
	gram_next(p);
	return r;
}

static List *
role_list(Parser *p)
{
	List	   *list = list_make1(gram_role_spec(p));

	while (gram_accept(p, ','))
		list = lappend(list, gram_role_spec(p));
	return list;
}

/* RoleId: a role name that must be a plain name */
static char *
role_id(Parser *p)
{
	RoleSpec   *r = gram_role_spec(p);

	switch (r->roletype)
	{
		case ROLESPEC_CSTRING:
			return r->rolename;
		case ROLESPEC_PUBLIC:
			ereport(ERROR, errcode(ERRCODE_RESERVED_NAME),
					errmsg("role name \"%s\" is reserved", "public"),
					errposition(gram_errpos(p, r->location)));
			break;
		default:
			ereport(ERROR, errcode(ERRCODE_RESERVED_NAME),
					errmsg("%s cannot be used as a role name here",
						   r->roletype == ROLESPEC_CURRENT_ROLE ? "CURRENT_ROLE" :
						   r->roletype == ROLESPEC_CURRENT_USER ? "CURRENT_USER" :
						   "SESSION_USER"),
					errposition(gram_errpos(p, r->location)));
	}
	__builtin_unreachable();
}

/* ------------------------------------------------------------------------
 * Index parameters
 * ------------------------------------------------------------------------
 */

static IndexElem *
index_elem(Parser *p)
{
	IndexElem  *e = makeNode(IndexElem);
	Token	   *t = gram_peek(p);

	if (t->kind == '(')
	{
		gram_next(p);
		e->expr = gram_a_expr(p);
		gram_expect(p, ')');
	}
	else if ((t->kind == TOK_IDENT || t->kind == TOK_KEYWORD) && gram_is_n(p, 1, '('))
		e->expr = gram_c_expr(p);
	else if ((t->kind == TOK_IDENT || t->kind == TOK_KEYWORD) && gram_is_n(p, 1, '.'))
		e->expr = gram_c_expr(p);	/* schema.func(...) */
	else
		e->name = gram_colid(p);
	if (gram_is_kw(p, KW_COLLATE))
	{
		gram_next(p);
		e->collation = gram_any_name(p);
	}
	if (gram_tok_is_colid(gram_peek(p)) &&
		!(gram_is_kw(p, KW_NULLS) && (gram_is_kw_n(p, 1, KW_FIRST) || gram_is_kw_n(p, 1, KW_LAST))))
	{
		e->opclass = gram_any_name(p);
		if (gram_is(p, '('))
			e->opclassopts = gram_reloptions(p);
	}
	if (gram_accept_kw(p, KW_ASC))
		e->ordering = SORTBY_ASC;
	else if (gram_accept_kw(p, KW_DESC))
		e->ordering = SORTBY_DESC;
	if (gram_is_kw(p, KW_NULLS) && (gram_is_kw_n(p, 1, KW_FIRST) || gram_is_kw_n(p, 1, KW_LAST)))
	{
		gram_next(p);
		e->nulls_ordering = gram_next(p)->keyword == KW_FIRST ? SORTBY_NULLS_FIRST :
			SORTBY_NULLS_LAST;
	}
	return e;
}

List *
gram_index_params(Parser *p)
{
	List	   *list = NIL;

	gram_expect(p, '(');
	do
	{
		list = lappend(list, index_elem(p));
	} while (gram_accept(p, ','));
	gram_expect(p, ')');
	return list;
}

/* ------------------------------------------------------------------------
 * Constraints
 * ------------------------------------------------------------------------
 */

static Constraint *
make_constraint(ConstrType type, int location)
{
	Constraint *c = makeNode(Constraint);

	c->contype = type;
	c->location = location;
	return c;
}

/* MATCH FULL|PARTIAL|SIMPLE and ON DELETE/UPDATE actions of a foreign key */
static char
key_action(Parser *p, List **set_cols)
{
	if (gram_accept_kw(p, KW_CASCADE))
		return FKCONSTR_ACTION_CASCADE;
	if (gram_accept_kw(p, KW_RESTRICT))
		return FKCONSTR_ACTION_RESTRICT;
	if (gram_accept_kw(p, KW_NO))
	{
		gram_expect_kw(p, KW_ACTION);
		return FKCONSTR_ACTION_NOACTION;
	}
	gram_expect_kw(p, KW_SET);
	if (gram_accept_kw(p, KW_DEFAULT))
	{
		if (gram_is(p, '('))
			*set_cols = gram_paren_name_list(p);
		return FKCONSTR_ACTION_SETDEFAULT;
	}
	gram_expect_kw(p, KW_NULL);
	if (gram_is(p, '('))
		*set_cols = gram_paren_name_list(p);
	return FKCONSTR_ACTION_SETNULL;
}

/* REFERENCES t [(cols)] [MATCH ...] [ON DELETE ...] [ON UPDATE ...] */
static void
references_clause(Parser *p, Constraint *c)
{
	gram_expect_kw(p, KW_REFERENCES);
	c->pktable = gram_qualified_name(p);
	if (gram_is(p, '('))
		c->pk_attrs = gram_paren_name_list(p);
	c->fk_matchtype = FKCONSTR_MATCH_SIMPLE;
	c->fk_upd_action = FKCONSTR_ACTION_NOACTION;
	c->fk_del_action = FKCONSTR_ACTION_NOACTION;
	if (gram_accept_kw(p, KW_MATCH))
	{
		if (gram_accept_kw(p, KW_FULL))
			c->fk_matchtype = FKCONSTR_MATCH_FULL;
		else if (gram_accept_kw(p, KW_PARTIAL))
			c->fk_matchtype = FKCONSTR_MATCH_PARTIAL;
		else
		{
			gram_expect_kw(p, KW_SIMPLE);
			c->fk_matchtype = FKCONSTR_MATCH_SIMPLE;
		}
	}
	while (gram_accept_kw(p, KW_ON))
	{
		List	   *cols = NIL;

		bool		is_delete = gram_accept_kw(p, KW_DELETE);

		if (!is_delete)
			gram_expect_kw(p, KW_UPDATE);
		if (is_delete)
		{
			c->fk_del_action = key_action(p, &cols);
			c->fk_del_set_cols = cols;
		}
		else
		{
			c->fk_upd_action = key_action(p, &cols);
			if (cols != NIL)
				ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("a column list with %s is only supported for ON DELETE actions",
							   c->fk_upd_action == FKCONSTR_ACTION_SETNULL ? "SET NULL" :
							   "SET DEFAULT"),
						errposition(gram_errpos(p, c->location)));
		}
	}
}

/* [INCLUDE (...)] [WITH (...)] [USING INDEX TABLESPACE name] of UNIQUE / PRIMARY KEY */
static void
index_constraint_options(Parser *p, Constraint *c)
{
	if (gram_accept_kw(p, KW_INCLUDE))
		c->including = gram_paren_name_list(p);
	if (gram_accept_kw(p, KW_WITH))
		c->options = gram_reloptions(p);
	if (gram_accept_kw(p, KW_USING))
	{
		gram_expect_kw(p, KW_INDEX);
		gram_expect_kw(p, KW_TABLESPACE);
		c->indexspace = gram_colid(p);
	}
}

static void
opt_nulls_distinct(Parser *p, Constraint *c)
{
	if (gram_is_kw(p, KW_NULLS) && (gram_is_kw_n(p, 1, KW_DISTINCT) ||
								 (gram_is_kw_n(p, 1, KW_NOT) && gram_is_kw_n(p, 2, KW_DISTINCT))))
	{
		gram_next(p);
		c->nulls_not_distinct = gram_accept_kw(p, KW_NOT);
		gram_next(p);
	}
}

/* Sequence options (CREATE SEQUENCE, identity columns). */
static List *
seq_options(Parser *p, bool parenthesized)
{
	List	   *list = NIL;

	for (;;)
	{
		int			location = gram_location(p);
		DefElem    *d = NULL;

		if (gram_accept_kw(p, KW_AS))
			d = makeDefElem("as", (Node *) gram_simple_typename(p, false), location);
		else if (gram_accept_kw(p, KW_CACHE))
			d = makeDefElem("cache", gram_numeric_only(p), location);
		else if (gram_accept_kw(p, KW_CYCLE))
			d = makeDefElem("cycle", (Node *) makeBoolean(true), location);
		else if (gram_accept_kw(p, KW_NO))
		{
			if (gram_accept_kw(p, KW_CYCLE))
				d = makeDefElem("cycle", (Node *) makeBoolean(false), location);
			else if (gram_accept_kw(p, KW_MINVALUE))
				d = makeDefElem("minvalue", NULL, location);
			else
			{
				gram_expect_kw(p, KW_MAXVALUE);
				d = makeDefElem("maxvalue", NULL, location);
			}
		}
		else if (gram_accept_kw(p, KW_INCREMENT))
		{
			gram_accept_kw(p, KW_BY);
			d = makeDefElem("increment", gram_numeric_only(p), location);
		}
		else if (gram_accept_kw(p, KW_MAXVALUE))
			d = makeDefElem("maxvalue", gram_numeric_only(p), location);
		else if (gram_accept_kw(p, KW_MINVALUE))
			d = makeDefElem("minvalue", gram_numeric_only(p), location);
		else if (gram_accept_kw(p, KW_START))
		{
			gram_accept_kw(p, KW_WITH);
			d = makeDefElem("start", gram_numeric_only(p), location);
		}
		else if (gram_accept_kw(p, KW_RESTART))
		{
			Node	   *v = NULL;

			if (gram_accept_kw(p, KW_WITH) || gram_is(p, TOK_ICONST) || gram_is(p, TOK_FCONST) ||
				gram_is(p, '-') || gram_is(p, '+'))
				v = gram_numeric_only(p);
			d = makeDefElem("restart", v, location);
		}
		else if (gram_accept_kw(p, KW_OWNED))
		{
			gram_expect_kw(p, KW_BY);
			d = makeDefElem("owned_by", (Node *) gram_any_name(p), location);
		}
		else if (gram_accept_kw(p, KW_SEQUENCE))
		{
			gram_expect_kw(p, KW_NAME);
			d = makeDefElem("sequence_name", (Node *) gram_any_name(p), location);
		}
		else
			break;
		list = lappend(list, d);
		if (parenthesized)
			gram_accept(p, ',');
	}
	return list;
}

/* Constraint attribute bits (ConstraintAttributeSpec). */
#define CAS_NOT_DEFERRABLE			0x01
#define CAS_DEFERRABLE				0x02
#define CAS_INITIALLY_IMMEDIATE		0x04
#define CAS_INITIALLY_DEFERRED		0x08
#define CAS_NOT_VALID				0x10
#define CAS_NO_INHERIT				0x20

/*
 * One attribute after a constraint: [NOT] DEFERRABLE, INITIALLY
 * DEFERRED|IMMEDIATE, and for table constraints NOT VALID, NO INHERIT.
 * Returns its CAS_* bit, or 0 if none is next.
 */
static int
constraint_attribute(Parser *p, bool table_constraint)
{
	if (gram_accept_kw(p, KW_DEFERRABLE))
		return CAS_DEFERRABLE;
	if (gram_is_kw(p, KW_NOT) && (gram_is_kw_n(p, 1, KW_DEFERRABLE) ||
							   (table_constraint && gram_is_kw_n(p, 1, KW_VALID))))
	{
		gram_next(p);
		return gram_next(p)->keyword == KW_DEFERRABLE ? CAS_NOT_DEFERRABLE : CAS_NOT_VALID;
	}
	if (gram_accept_kw(p, KW_INITIALLY))
	{
		if (gram_accept_kw(p, KW_DEFERRED))
			return CAS_INITIALLY_DEFERRED;
		gram_expect_kw(p, KW_IMMEDIATE);
		return CAS_INITIALLY_IMMEDIATE;
	}
	if (table_constraint && gram_is_kw(p, KW_NO) && gram_is_kw_n(p, 1, KW_INHERIT))
	{
		gram_next(p);
		gram_next(p);
		return CAS_NO_INHERIT;
	}
	return 0;
}

static const char *
constraint_type_name(ConstrType t)
{
	switch (t)
	{
		case CONSTR_CHECK:
			return "CHECK";
		case CONSTR_PRIMARY:
			return "PRIMARY KEY";
		case CONSTR_UNIQUE:
			return "UNIQUE";
		default:
			return "FOREIGN KEY";
	}
}

/* Apply a table constraint's attribute bits, rejecting the ones it cannot take. */
static void
apply_table_constraint_attributes(Constraint *c, int bits)
{
	const char *what = constraint_type_name(c->contype);

	if (bits & (CAS_DEFERRABLE | CAS_INITIALLY_DEFERRED))
	{
		if (c->contype == CONSTR_CHECK)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("%s constraints cannot be marked DEFERRABLE", what));
		c->deferrable = true;
	}
	if (bits & CAS_INITIALLY_DEFERRED)
		c->initdeferred = true;
	if (bits & CAS_NOT_VALID)
	{
		if (c->contype != CONSTR_CHECK && c->contype != CONSTR_FOREIGN)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("%s constraints cannot be marked NOT VALID", what));
		c->skip_validation = true;
	}
	if (bits & CAS_NO_INHERIT)
	{
		if (c->contype != CONSTR_CHECK)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("%s constraints cannot be marked NO INHERIT", what));
		c->is_no_inherit = true;
	}
}

/*
 * Attributes of a table constraint; INITIALLY DEFERRED with NOT DEFERRABLE
 * is contradictory.
 */
static int
table_constraint_attributes(Parser *p)
{
	int			bits = 0;
	int			bit;
	int			location = gram_location(p);

	while ((bit = constraint_attribute(p, true)) != 0)
	{
		if ((bits | bit) & CAS_NOT_DEFERRABLE && (bits | bit) & CAS_INITIALLY_DEFERRED)
			ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
					errmsg("constraint declared INITIALLY DEFERRED must be DEFERRABLE"),
					errposition(gram_errpos(p, location)));
		bits |= bit;
	}
	return bits;
}

/* GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(seq)] | GENERATED ALWAYS AS (expr) STORED */
static Constraint *
generated_constraint(Parser *p, int location)
{
	Constraint *c;
	char		when = ATTRIBUTE_IDENTITY_ALWAYS;

	gram_expect_kw(p, KW_GENERATED);
	if (gram_accept_kw(p, KW_BY))
	{
		gram_expect_kw(p, KW_DEFAULT);
		when = ATTRIBUTE_IDENTITY_BY_DEFAULT;
	}
	else
		gram_expect_kw(p, KW_ALWAYS);
	gram_expect_kw(p, KW_AS);
	if (gram_accept_kw(p, KW_IDENTITY))
	{
		c = make_constraint(CONSTR_IDENTITY, location);
		c->generated_when = when;
		if (gram_accept(p, '('))
		{
			c->options = seq_options(p, true);
			gram_expect(p, ')');
		}
		return c;
	}
	c = make_constraint(CONSTR_GENERATED, location);
	c->generated_when = when;
	gram_expect(p, '(');
	c->raw_expr = gram_a_expr(p);
	gram_expect(p, ')');
	gram_expect_kw(p, KW_STORED);
	if (when != ATTRIBUTE_IDENTITY_ALWAYS)
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("for a generated column, GENERATED ALWAYS must be specified"),
				errposition(gram_errpos(p, location)));
	return c;
}

/* One column constraint (after an optional CONSTRAINT name), or NULL. */
static Constraint *
column_constraint_elem(Parser *p)
{
	int			location = gram_location(p);
	Constraint *c;

	if (gram_is_kw(p, KW_NOT) && !gram_is_kw_n(p, 1, KW_DEFERRABLE))
	{
		gram_next(p);
		gram_expect_kw(p, KW_NULL);
		return make_constraint(CONSTR_NOTNULL, location);
	}
	if (gram_accept_kw(p, KW_NULL))
		return make_constraint(CONSTR_NULL, location);
	if (gram_accept_kw(p, KW_UNIQUE))
	{
		c = make_constraint(CONSTR_UNIQUE, location);
		opt_nulls_distinct(p, c);
		index_constraint_options(p, c);
		return c;
	}
	if (gram_accept_kw(p, KW_PRIMARY))
	{
		gram_expect_kw(p, KW_KEY);
		c = make_constraint(CONSTR_PRIMARY, location);
		index_constraint_options(p, c);
		return c;
	}
	if (gram_accept_kw(p, KW_CHECK))
	{
		c = make_constraint(CONSTR_CHECK, location);
		gram_expect(p, '(');
		c->raw_expr = gram_a_expr(p);
		gram_expect(p, ')');
		if (gram_is_kw(p, KW_NO) && gram_is_kw_n(p, 1, KW_INHERIT))
		{
			gram_next(p);
			gram_next(p);
			c->is_no_inherit = true;
		}
		return c;
	}
	if (gram_accept_kw(p, KW_DEFAULT))
	{
		c = make_constraint(CONSTR_DEFAULT, location);
		c->raw_expr = gram_b_expr(p);
		return c;
	}
	if (gram_is_kw(p, KW_GENERATED))
		return generated_constraint(p, location);
	if (gram_is_kw(p, KW_REFERENCES))
	{
		c = make_constraint(CONSTR_FOREIGN, location);
		references_clause(p, c);
		return c;
	}
	return NULL;
}

/*
 * A column's constraint attribute (DEFERRABLE ...) applies to the constraint
 * before it; returns the "misplaced" message if that constraint cannot take
 * it (reported later, as PostgreSQL reports it when the column ends).
 */
static const char *
column_attribute(Constraint *last, int bit)
{
	bool		ok = last != NULL && (last->contype == CONSTR_PRIMARY ||
									 last->contype == CONSTR_UNIQUE ||
									 last->contype == CONSTR_FOREIGN);

	switch (bit)
	{
		case CAS_DEFERRABLE:
			if (!ok)
				return "misplaced DEFERRABLE clause";
			last->deferrable = true;
			return NULL;
		case CAS_NOT_DEFERRABLE:
			return ok ? NULL : "misplaced NOT DEFERRABLE clause";
		case CAS_INITIALLY_DEFERRED:
			if (!ok)
				return "misplaced INITIALLY DEFERRED clause";
			last->deferrable = last->initdeferred = true;
			return NULL;
		default:
			return ok ? NULL : "misplaced INITIALLY IMMEDIATE clause";
	}
}

ColumnDef *
gram_column_def(Parser *p)
{
	ColumnDef  *cd = makeNode(ColumnDef);
	Constraint *last = NULL;
	const char *misplaced = NULL;
	int			misplaced_location = -1;

	cd->location = gram_location(p);
	cd->colname = gram_colid(p);
	cd->typeName = gram_typename(p);
	for (;;)
	{
		int			location = gram_location(p);
		Constraint *c;
		int			bit;

		if (gram_accept_kw(p, KW_CONSTRAINT))
		{
			char	   *name = gram_colid(p);

			c = column_constraint_elem(p);
			if (c == NULL)
				gram_syntax_error(p);
			c->conname = name;
			c->location = location;
		}
		else if (gram_is_kw(p, KW_COLLATE))
		{
			CollateClause *cc = makeNode(CollateClause);

			cc->location = gram_next(p)->start;
			cc->collname = gram_any_name(p);
			cd->collClause = cc;
			continue;
		}
		else if ((bit = constraint_attribute(p, false)) != 0)
		{
			const char *msg = column_attribute(last, bit);

			if (msg != NULL && misplaced == NULL)
			{
				misplaced = msg;
				misplaced_location = location;
			}
			continue;
		}
		else if ((c = column_constraint_elem(p)) == NULL)
			break;
		cd->constraints = lappend(cd->constraints, c);
		last = c;
	}
	if (misplaced != NULL && (gram_is(p, ',') || gram_is(p, ')')))
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR), errmsg("%s", misplaced),
				errposition(gram_errpos(p, misplaced_location)));
	return cd;
}

Constraint *
gram_table_constraint(Parser *p)
{
	int			location = gram_location(p);
	char	   *name = NULL;
	Constraint *c;

	if (gram_accept_kw(p, KW_CONSTRAINT))
		name = gram_colid(p);
	if (gram_accept_kw(p, KW_CHECK))
	{
		c = make_constraint(CONSTR_CHECK, location);
		gram_expect(p, '(');
		c->raw_expr = gram_a_expr(p);
		gram_expect(p, ')');
	}
	else if (gram_is_kw(p, KW_UNIQUE) || gram_is_kw(p, KW_PRIMARY))
	{
		if (gram_next(p)->keyword == KW_PRIMARY)
		{
			gram_expect_kw(p, KW_KEY);
			c = make_constraint(CONSTR_PRIMARY, location);
		}
		else
		{
			c = make_constraint(CONSTR_UNIQUE, location);
			opt_nulls_distinct(p, c);
		}
		if (gram_is_kw(p, KW_USING) && gram_is_kw_n(p, 1, KW_INDEX))
		{
			gram_next(p);
			gram_next(p);
			c->indexname = gram_colid(p);
		}
		else
		{
			c->keys = gram_paren_name_list(p);
			index_constraint_options(p, c);
		}
	}
	else if (gram_accept_kw(p, KW_FOREIGN))
	{
		gram_expect_kw(p, KW_KEY);
		c = make_constraint(CONSTR_FOREIGN, location);
		c->fk_attrs = gram_paren_name_list(p);
		references_clause(p, c);
	}
	else
		gram_syntax_error(p);
	c->conname = name;
	apply_table_constraint_attributes(c, table_constraint_attributes(p));
	return c;
}

/* LIKE t [INCLUDING|EXCLUDING option]... */
static TableLikeClause *
table_like_clause(Parser *p)
{
	static const struct
	{
		int			kw;
		int			bit;
	}			opts[] = {
		{KW_COMMENTS, CREATE_TABLE_LIKE_COMMENTS},
		{KW_COMPRESSION, CREATE_TABLE_LIKE_COMPRESSION},
		{KW_CONSTRAINTS, CREATE_TABLE_LIKE_CONSTRAINTS},
		{KW_DEFAULTS, CREATE_TABLE_LIKE_DEFAULTS},
		{KW_GENERATED, CREATE_TABLE_LIKE_GENERATED},
		{KW_IDENTITY, CREATE_TABLE_LIKE_IDENTITY},
		{KW_INDEXES, CREATE_TABLE_LIKE_INDEXES},
		{KW_STATISTICS, CREATE_TABLE_LIKE_STATISTICS},
		{KW_STORAGE, CREATE_TABLE_LIKE_STORAGE},
		{KW_ALL, CREATE_TABLE_LIKE_ALL},
	};
	TableLikeClause *t = makeNode(TableLikeClause);

	gram_expect_kw(p, KW_LIKE);
	t->relation = gram_qualified_name(p);
	while (gram_is_kw(p, KW_INCLUDING) || gram_is_kw(p, KW_EXCLUDING))
	{
		bool		including = gram_next(p)->keyword == KW_INCLUDING;
		size_t		i;

		for (i = 0; i < lengthof(opts); i++)
			if (gram_is_kw(p, opts[i].kw))
				break;
		if (i == lengthof(opts))
			gram_syntax_error(p);
		gram_next(p);
		if (including)
			t->options |= opts[i].bit;
		else
			t->options &= ~opts[i].bit;
	}
	return t;
}

static bool
gram_starts_table_constraint(Parser *p)
{
	return gram_is_kw(p, KW_CONSTRAINT) || gram_is_kw(p, KW_CHECK) || gram_is_kw(p, KW_UNIQUE) ||
		gram_is_kw(p, KW_PRIMARY) || gram_is_kw(p, KW_FOREIGN);
}

/* ------------------------------------------------------------------------
 * CREATE TABLE / CREATE TABLE AS
 * ------------------------------------------------------------------------
 */

/*
 * Does the '(' at n open CREATE TABLE AS's column-name list rather than
 * table elements?  Decided by its first element: a lone name.
 */
static bool
gram_is_paren_name_list(Parser *p, int n)
{
	return gram_is_n(p, n, '(') && gram_tok_is_colid(gram_peek_n(p, n + 1)) &&
		(gram_is_n(p, n + 2, ',') || gram_is_n(p, n + 2, ')'));
}

/* [USING method] [WITH (...) | WITHOUT OIDS] [ON COMMIT ...] [TABLESPACE name] */
static void
table_options(Parser *p, char **access_method, List **options, OnCommitAction *oncommit,
			  char **tablespace)
{
	if (gram_accept_kw(p, KW_USING))
		*access_method = gram_colid(p);
	if (gram_accept_kw(p, KW_WITH))
		*options = gram_reloptions(p);
	else if (gram_accept_kw(p, KW_WITHOUT))
		gram_expect_kw(p, KW_OIDS);
	if (gram_accept_kw(p, KW_ON))
	{
		gram_expect_kw(p, KW_COMMIT);
		if (gram_accept_kw(p, KW_DROP))
			*oncommit = ONCOMMIT_DROP;
		else if (gram_accept_kw(p, KW_DELETE))
		{
			gram_expect_kw(p, KW_ROWS);
			*oncommit = ONCOMMIT_DELETE_ROWS;
		}
		else
		{
			gram_expect_kw(p, KW_PRESERVE);
			gram_expect_kw(p, KW_ROWS);
			*oncommit = ONCOMMIT_PRESERVE_ROWS;
		}
	}
	if (gram_accept_kw(p, KW_TABLESPACE))
		*tablespace = gram_colid(p);
}

static Node *
create_table_as(Parser *p, RangeVar *rel, bool if_not_exists)
{
	CreateTableAsStmt *s = makeNode(CreateTableAsStmt);
	IntoClause *into = makeNode(IntoClause);

	into->rel = rel;
	if (gram_is(p, '('))
		into->colNames = gram_paren_name_list(p);
	table_options(p, &into->accessMethod, &into->options, &into->onCommit,
				  &into->tableSpaceName);
	gram_expect_kw(p, KW_AS);
	s->query = gram_select_stmt(p);
	if (gram_accept_kw(p, KW_WITH))
	{
		into->skipData = gram_accept_kw(p, KW_NO);
		gram_expect_kw(p, KW_DATA);
	}
	s->into = into;
	s->objtype = OBJECT_TABLE;
	s->if_not_exists = if_not_exists;
	return (Node *) s;
}

static Node *
create_table(Parser *p, char persistence)
{
	CreateStmt *s;
	bool		if_not_exists;
	RangeVar   *rel;

	gram_expect_kw(p, KW_TABLE);
	if_not_exists = gram_accept_if_not_exists(p);
	rel = gram_qualified_name(p);
	rel->relpersistence = persistence;
	if (!gram_is(p, '(') || gram_is_paren_name_list(p, 0))
		return create_table_as(p, rel, if_not_exists);

	s = makeNode(CreateStmt);
	s->relation = rel;
	s->if_not_exists = if_not_exists;
	gram_expect(p, '(');
	if (!gram_is(p, ')'))
	{
		do
		{
			if (gram_starts_table_constraint(p))
				s->tableElts = lappend(s->tableElts, gram_table_constraint(p));
			else if (gram_is_kw(p, KW_LIKE))
				s->tableElts = lappend(s->tableElts, table_like_clause(p));
			else
				s->tableElts = lappend(s->tableElts, gram_column_def(p));
		} while (gram_accept(p, ','));
	}
	gram_expect(p, ')');
	table_options(p, &s->accessMethod, &s->options, &s->oncommit, &s->tablespacename);
	return (Node *) s;
}

/* ------------------------------------------------------------------------
 * CREATE INDEX / SCHEMA / VIEW / SEQUENCE / ROLE / DATABASE
 * ------------------------------------------------------------------------
 */

static Node *
create_index(Parser *p, bool unique)
{
	IndexStmt  *s = makeNode(IndexStmt);

	s->unique = unique;
	gram_expect_kw(p, KW_INDEX);
	s->concurrent = gram_accept_kw(p, KW_CONCURRENTLY);
	if (gram_accept_if_not_exists(p))
	{
		s->if_not_exists = true;
		s->idxname = gram_colid(p);
	}
	else if (!gram_is_kw(p, KW_ON))
		s->idxname = gram_colid(p);
	gram_expect_kw(p, KW_ON);
	s->relation = gram_relation_expr(p);
	s->accessMethod = "btree";
	if (gram_accept_kw(p, KW_USING))
		s->accessMethod = gram_colid(p);
	s->indexParams = gram_index_params(p);
	if (gram_accept_kw(p, KW_INCLUDE))
		s->indexIncludingParams = gram_index_params(p);
	if (gram_is_kw(p, KW_NULLS))
	{
		Constraint	tmp = {0};

		opt_nulls_distinct(p, &tmp);
		s->nulls_not_distinct = tmp.nulls_not_distinct;
	}
	if (gram_is_kw(p, KW_WITH) && gram_is_n(p, 1, '('))
	{
		gram_next(p);
		s->options = gram_reloptions(p);
	}
	if (gram_accept_kw(p, KW_TABLESPACE))
		s->tableSpace = gram_colid(p);
	s->whereClause = gram_where_clause(p);
	return (Node *) s;
}

static Node *
create_schema(Parser *p)
{
	CreateSchemaStmt *s = makeNode(CreateSchemaStmt);

	gram_expect_kw(p, KW_SCHEMA);
	s->if_not_exists = gram_accept_if_not_exists(p);
	if (gram_accept_kw(p, KW_AUTHORIZATION))
	{
		s->authrole = gram_role_spec(p);
		return (Node *) s;
	}
	s->schemaname = gram_colid(p);
	if (gram_accept_kw(p, KW_AUTHORIZATION))
		s->authrole = gram_role_spec(p);
	return (Node *) s;
}

static Node *
create_view(Parser *p, bool replace, char persistence)
{
	ViewStmt   *s = makeNode(ViewStmt);

	gram_expect_kw(p, KW_VIEW);
	s->replace = replace;
	s->view = gram_qualified_name(p);
	s->view->relpersistence = persistence;
	if (gram_is(p, '('))
		s->aliases = gram_paren_name_list(p);
	if (gram_is_kw(p, KW_WITH) && gram_is_n(p, 1, '('))
	{
		gram_next(p);
		s->options = gram_reloptions(p);
	}
	gram_expect_kw(p, KW_AS);
	s->query = gram_select_stmt(p);
	return (Node *) s;
}

static Node *
create_sequence(Parser *p, char persistence)
{
	CreateSeqStmt *s = makeNode(CreateSeqStmt);

	gram_expect_kw(p, KW_SEQUENCE);
	s->if_not_exists = gram_accept_if_not_exists(p);
	s->sequence = gram_qualified_name(p);
	s->sequence->relpersistence = persistence;
	s->options = seq_options(p, false);
	return (Node *) s;
}

/* Role options shared by CREATE and ALTER ROLE; NULL when none is next. */
static DefElem *
role_option(Parser *p, bool create)
{
	int			location = gram_location(p);
	Token	   *t = gram_peek(p);

	if (gram_accept_kw(p, KW_PASSWORD) || gram_accept_kw(p, KW_ENCRYPTED))
	{
		if (t->keyword == KW_ENCRYPTED)
			gram_expect_kw(p, KW_PASSWORD);
		if (gram_accept_kw(p, KW_NULL))
			return makeDefElem("password", NULL, location);
		return makeDefElem("password", (Node *) makeString(gram_sconst(p)), location);
	}
	if (gram_accept_kw(p, KW_UNENCRYPTED))
	{
		gram_expect_kw(p, KW_PASSWORD);
		gram_expect(p, TOK_SCONST);
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("UNENCRYPTED PASSWORD is no longer supported"),
				errhint("Remove UNENCRYPTED to store the password in encrypted form instead."),
				errposition(gram_errpos(p, location)));
	}
	if (gram_accept_kw(p, KW_INHERIT))
		return makeDefElem("inherit", (Node *) makeBoolean(true), location);
	if (gram_accept_kw(p, KW_CONNECTION))
	{
		gram_expect_kw(p, KW_LIMIT);
		return makeDefElem("connectionlimit", (Node *) makeInteger(gram_signed_iconst(p)),
						   location);
	}
	if (gram_accept_kw(p, KW_VALID))
	{
		gram_expect_kw(p, KW_UNTIL);
		return makeDefElem("validUntil", (Node *) makeString(gram_sconst(p)), location);
	}
	if (gram_accept_kw(p, KW_USER))
		return makeDefElem("rolemembers", (Node *) role_list(p), location);
	if (create)
	{
		if (gram_accept_kw(p, KW_SYSID))
			return makeDefElem("sysid", (Node *) makeInteger(gram_iconst(p)), location);
		if (gram_accept_kw(p, KW_ADMIN))
			return makeDefElem("adminmembers", (Node *) role_list(p), location);
		if (gram_accept_kw(p, KW_ROLE))
			return makeDefElem("rolemembers", (Node *) role_list(p), location);
		if (gram_accept_kw(p, KW_IN))
		{
			if (!gram_accept_kw(p, KW_ROLE))
				gram_expect_kw(p, KW_GROUP);
			return makeDefElem("addroleto", (Node *) role_list(p), location);
		}
	}
	if (t->kind == TOK_IDENT)
	{
		static const struct
		{
			const char *word;
			const char *option;
			bool		value;
		}			words[] = {
			{"superuser", "superuser", true}, {"nosuperuser", "superuser", false},
			{"createrole", "createrole", true}, {"nocreaterole", "createrole", false},
			{"createdb", "createdb", true}, {"nocreatedb", "createdb", false},
			{"login", "canlogin", true}, {"nologin", "canlogin", false},
			{"replication", "isreplication", true}, {"noreplication", "isreplication", false},
			{"bypassrls", "bypassrls", true}, {"nobypassrls", "bypassrls", false},
			{"noinherit", "inherit", false},
		};

		for (size_t i = 0; i < lengthof(words); i++)
		{
			if (strcmp(t->str, words[i].word) == 0)
			{
				gram_next(p);
				return makeDefElem((char *) words[i].option,
								   (Node *) makeBoolean(words[i].value), location);
			}
		}
		ereport(ERROR, errcode(ERRCODE_SYNTAX_ERROR),
				errmsg("unrecognized role option \"%s\"", t->str),
				errposition(gram_errpos(p, location)));
	}
	return NULL;
}

static List *
role_options(Parser *p, bool create)
{
	List	   *list = NIL;
	DefElem    *d;

	gram_accept_kw(p, KW_WITH);
	while ((d = role_option(p, create)) != NULL)
		list = lappend(list, d);
	return list;
}

static Node *
create_role(Parser *p)
{
	CreateRoleStmt *s = makeNode(CreateRoleStmt);
	int			kw = gram_next(p)->keyword;

	s->stmt_type = kw == KW_USER ? ROLESTMT_USER : kw == KW_GROUP ? ROLESTMT_GROUP :
		ROLESTMT_ROLE;
	s->role = role_id(p);
	s->options = role_options(p, true);
	return (Node *) s;
}

static Node *
create_database(Parser *p)
{
	CreatedbStmt *s = makeNode(CreatedbStmt);

	gram_expect_kw(p, KW_DATABASE);
	s->dbname = gram_colid(p);
	gram_accept_kw(p, KW_WITH);
	while (!gram_at_stmt_end(p))
	{
		int			location = gram_location(p);
		char	   *name;
		Node	   *arg = NULL;

		if (gram_accept_kw(p, KW_CONNECTION))
		{
			gram_expect_kw(p, KW_LIMIT);
			name = "connection_limit";
		}
		else if (gram_is(p, TOK_IDENT) || gram_is_kw(p, KW_ENCODING) || gram_is_kw(p, KW_LOCATION) ||
				 gram_is_kw(p, KW_OWNER) || gram_is_kw(p, KW_TABLESPACE) || gram_is_kw(p, KW_TEMPLATE))
			name = gram_next(p)->str;
		else
			gram_syntax_error(p);
		gram_accept(p, '=');
		if (gram_accept_kw(p, KW_DEFAULT))
			arg = NULL;
		else if (gram_is(p, TOK_ICONST) || gram_is(p, '-') || gram_is(p, '+'))
			arg = (Node *) makeInteger(gram_signed_iconst(p));
		else
			arg = (Node *) makeString(gram_boolean_or_string(p));
		s->options = lappend(s->options, makeDefElem(name, arg, location));
	}
	return (Node *) s;
}

Node *
gram_create_stmt(Parser *p)
{
	char		persistence = RELPERSISTENCE_PERMANENT;
	bool		replace = false;

	gram_expect_kw(p, KW_CREATE);
	if (gram_accept_kw(p, KW_OR))
	{
		gram_expect_kw(p, KW_REPLACE);
		replace = true;
	}
	if ((gram_is_kw(p, KW_LOCAL) || gram_is_kw(p, KW_GLOBAL)) &&
		(gram_is_kw_n(p, 1, KW_TEMP) || gram_is_kw_n(p, 1, KW_TEMPORARY)))
	{
		gram_next(p);
		gram_next(p);
		persistence = RELPERSISTENCE_TEMP;
	}
	else if (gram_accept_kw(p, KW_TEMP) || gram_accept_kw(p, KW_TEMPORARY))
		persistence = RELPERSISTENCE_TEMP;
	else if (gram_accept_kw(p, KW_UNLOGGED))
		persistence = RELPERSISTENCE_UNLOGGED;

	if (gram_is_kw(p, KW_VIEW))
		return create_view(p, replace, persistence);
	if (replace)
		gram_syntax_error(p);
	if (gram_is_kw(p, KW_TABLE))
		return create_table(p, persistence);
	if (gram_is_kw(p, KW_SEQUENCE) && persistence != RELPERSISTENCE_UNLOGGED)
		return create_sequence(p, persistence);
	if (persistence != RELPERSISTENCE_PERMANENT)
		gram_syntax_error(p);
	if (gram_is_kw(p, KW_INDEX))
		return create_index(p, false);
	if (gram_accept_kw(p, KW_UNIQUE))
		return create_index(p, true);
	if (gram_is_kw(p, KW_SCHEMA))
		return create_schema(p);
	if (gram_is_kw(p, KW_ROLE) || gram_is_kw(p, KW_USER) || gram_is_kw(p, KW_GROUP))
		return create_role(p);
	if (gram_is_kw(p, KW_DATABASE))
		return create_database(p);
	gram_syntax_error(p);
}

/* ------------------------------------------------------------------------
 * DROP
 * ------------------------------------------------------------------------
 */

static Node *
drop_role(Parser *p)
{
	DropRoleStmt *s = makeNode(DropRoleStmt);

	gram_next(p);					/* ROLE, USER or GROUP */
	s->missing_ok = gram_accept_if_exists(p);
	s->roles = role_list(p);
	return (Node *) s;
}

static Node *
drop_database(Parser *p)
{
	DropdbStmt *s = makeNode(DropdbStmt);

	gram_expect_kw(p, KW_DATABASE);
	s->missing_ok = gram_accept_if_exists(p);
	s->dbname = gram_colid(p);
	if (gram_is_kw(p, KW_WITH) || gram_is(p, '('))
	{
		gram_accept_kw(p, KW_WITH);
		gram_expect(p, '(');
		do
		{
			int			location = gram_location(p);

			gram_expect_kw(p, KW_FORCE);
			s->options = lappend(s->options, makeDefElem("force", NULL, location));
		} while (gram_accept(p, ','));
		gram_expect(p, ')');
	}
	return (Node *) s;
}

Node *
gram_drop_stmt(Parser *p)
{
	DropStmt   *s = makeNode(DropStmt);

	gram_expect_kw(p, KW_DROP);
	if (gram_is_kw(p, KW_ROLE) || gram_is_kw(p, KW_USER) || gram_is_kw(p, KW_GROUP))
		return drop_role(p);
	if (gram_is_kw(p, KW_DATABASE))
		return drop_database(p);
	if (gram_accept_kw(p, KW_TABLE))
		s->removeType = OBJECT_TABLE;
	else if (gram_accept_kw(p, KW_SEQUENCE))
		s->removeType = OBJECT_SEQUENCE;
	else if (gram_accept_kw(p, KW_VIEW))
		s->removeType = OBJECT_VIEW;
	else if (gram_accept_kw(p, KW_MATERIALIZED))
	{
		gram_expect_kw(p, KW_VIEW);
		s->removeType = OBJECT_MATVIEW;
	}
	else if (gram_accept_kw(p, KW_INDEX))
	{
		s->removeType = OBJECT_INDEX;
		s->concurrent = gram_accept_kw(p, KW_CONCURRENTLY);
	}
	else if (gram_accept_kw(p, KW_SCHEMA))
		s->removeType = OBJECT_SCHEMA;
	else if (gram_accept_kw(p, KW_TYPE))
		s->removeType = OBJECT_TYPE;
	else
		gram_syntax_error(p);
	s->missing_ok = gram_accept_if_exists(p);
	if (s->removeType == OBJECT_SCHEMA)
	{
		ListCell   *lc;

		foreach(lc, gram_name_list(p))
			s->objects = lappend(s->objects, list_make1(lfirst(lc)));
	}
	else
		s->objects = gram_any_name_list(p);
	s->behavior = opt_drop_behavior(p);
	return (Node *) s;
}

/* ------------------------------------------------------------------------
 * TRUNCATE
 * ------------------------------------------------------------------------
 */

Node *
gram_truncate_stmt(Parser *p)
{
	TruncateStmt *s = makeNode(TruncateStmt);

	gram_expect_kw(p, KW_TRUNCATE);
	gram_accept_kw(p, KW_TABLE);
	do
	{
		s->relations = lappend(s->relations, gram_relation_expr(p));
	} while (gram_accept(p, ','));
	if (gram_is_kw(p, KW_RESTART) || gram_is_kw(p, KW_CONTINUE))
	{
		s->restart_seqs = gram_next(p)->keyword == KW_RESTART;
		gram_expect_kw(p, KW_IDENTITY);
	}
	s->behavior = opt_drop_behavior(p);
	return (Node *) s;
}

/* ------------------------------------------------------------------------
 * ALTER
 * ------------------------------------------------------------------------
 */

static AlterTableCmd *
make_cmd(AlterTableType subtype)
{
	AlterTableCmd *c = makeNode(AlterTableCmd);

	c->subtype = subtype;
	return c;
}

/* TYPE t [COLLATE c] [USING expr] (after SET DATA, or alone) */
static AlterTableCmd *
alter_column_type(Parser *p)
{
	ColumnDef  *cd = makeNode(ColumnDef);
	AlterTableCmd *c = make_cmd(AT_AlterColumnType);

	cd->location = gram_expect_kw(p, KW_TYPE)->start;
	cd->typeName = gram_typename(p);
	if (gram_is_kw(p, KW_COLLATE))
	{
		CollateClause *cc = makeNode(CollateClause);

		cc->location = gram_next(p)->start;
		cc->collname = gram_any_name(p);
		cd->collClause = cc;
	}
	if (gram_accept_kw(p, KW_USING))
		cd->raw_default = gram_a_expr(p);
	c->def = (Node *) cd;
	return c;
}

/* ALTER [COLUMN] name ... */
static AlterTableCmd *
alter_column_cmd(Parser *p)
{
	char	   *name;
	AlterTableCmd *c;

	gram_accept_kw(p, KW_COLUMN);
	name = gram_colid(p);
	if (gram_is_kw(p, KW_SET) || gram_is_kw(p, KW_DROP))
	{
		bool		set = gram_next(p)->keyword == KW_SET;

		if (gram_accept_kw(p, KW_DEFAULT))
		{
			c = make_cmd(AT_ColumnDefault);
			if (set)
				c->def = gram_a_expr(p);
		}
		else if (!set || gram_is_kw(p, KW_NOT))
		{
			gram_expect_kw(p, KW_NOT);
			gram_expect_kw(p, KW_NULL);
			c = make_cmd(set ? AT_SetNotNull : AT_DropNotNull);
		}
		else
		{
			gram_expect_kw(p, KW_DATA);
			c = alter_column_type(p);
		}
	}
	else
		c = alter_column_type(p);
	c->name = name;
	return c;
}

static AlterTableCmd *
alter_table_cmd(Parser *p)
{
	AlterTableCmd *c;

	if (gram_accept_kw(p, KW_ADD))
	{
		if (gram_starts_table_constraint(p))
		{
			c = make_cmd(AT_AddConstraint);
			c->def = (Node *) gram_table_constraint(p);
			return c;
		}
		c = make_cmd(AT_AddColumn);
		gram_accept_kw(p, KW_COLUMN);
		c->missing_ok = gram_accept_if_not_exists(p);
		c->def = (Node *) gram_column_def(p);
		return c;
	}
	if (gram_accept_kw(p, KW_DROP))
	{
		if (gram_accept_kw(p, KW_CONSTRAINT))
			c = make_cmd(AT_DropConstraint);
		else
		{
			c = make_cmd(AT_DropColumn);
			gram_accept_kw(p, KW_COLUMN);
		}
		c->missing_ok = gram_accept_if_exists(p);
		c->name = gram_colid(p);
		c->behavior = opt_drop_behavior(p);
		return c;
	}
	if (gram_accept_kw(p, KW_ALTER))
		return alter_column_cmd(p);
	if (gram_accept_kw(p, KW_SET))
	{
		if (gram_accept_kw(p, KW_LOGGED))
			return make_cmd(AT_SetLogged);
		if (gram_accept_kw(p, KW_UNLOGGED))
			return make_cmd(AT_SetUnLogged);
		c = make_cmd(AT_SetRelOptions);
		c->def = (Node *) gram_reloptions(p);
		return c;
	}
	if (gram_accept_kw(p, KW_RESET))
	{
		c = make_cmd(AT_ResetRelOptions);
		c->def = (Node *) gram_reloptions(p);
		return c;
	}
	if (gram_accept_kw(p, KW_OWNER))
	{
		gram_expect_kw(p, KW_TO);
		c = make_cmd(AT_ChangeOwner);
		c->def = (Node *) gram_role_spec(p);
		return c;
	}
	gram_syntax_error(p);
}

/* RENAME [COLUMN] a TO b | RENAME CONSTRAINT a TO b | RENAME TO b */
static Node *
rename_stmt(Parser *p, ObjectType reltype, RangeVar *rel, bool missing_ok)
{
	RenameStmt *s = makeNode(RenameStmt);

	gram_expect_kw(p, KW_RENAME);
	s->relationType = reltype;
	s->relation = rel;
	s->missing_ok = missing_ok;
	if (gram_accept_kw(p, KW_TO))
	{
		s->renameType = reltype;
		s->newname = gram_colid(p);
		return (Node *) s;
	}
	if (reltype != OBJECT_TABLE && reltype != OBJECT_VIEW)
		gram_syntax_error(p);
	if (gram_accept_kw(p, KW_CONSTRAINT))
		s->renameType = OBJECT_TABCONSTRAINT;
	else
	{
		gram_accept_kw(p, KW_COLUMN);
		s->renameType = OBJECT_COLUMN;
	}
	s->subname = gram_colid(p);
	gram_expect_kw(p, KW_TO);
	s->newname = gram_colid(p);
	return (Node *) s;
}

static Node *
alter_table(Parser *p, ObjectType objtype)
{
	AlterTableStmt *s;
	bool		missing_ok = gram_accept_if_exists(p);
	RangeVar   *rel = objtype == OBJECT_TABLE ? gram_relation_expr(p) : gram_qualified_name(p);

	if (gram_is_kw(p, KW_RENAME))
		return rename_stmt(p, objtype, rel, missing_ok);
	if (objtype != OBJECT_TABLE && objtype != OBJECT_INDEX)
		gram_syntax_error(p);
	s = makeNode(AlterTableStmt);
	s->relation = rel;
	s->objtype = objtype;
	s->missing_ok = missing_ok;
	do
	{
		s->cmds = lappend(s->cmds, alter_table_cmd(p));
	} while (gram_accept(p, ','));
	return (Node *) s;
}

static Node *
alter_role(Parser *p)
{
	RoleSpec   *role;

	gram_next(p);					/* ROLE or USER */
	if (gram_accept_kw(p, KW_ALL))
		role = NULL;
	else
		role = gram_role_spec(p);
	if (role != NULL && gram_is_kw(p, KW_RENAME))
	{
		RenameStmt *r = makeNode(RenameStmt);

		if (role->roletype != ROLESPEC_CSTRING)
			gram_syntax_error(p);
		gram_next(p);
		gram_expect_kw(p, KW_TO);
		r->renameType = OBJECT_ROLE;
		r->subname = role->rolename;
		r->newname = role_id(p);
		return (Node *) r;
	}
	if (gram_is_kw(p, KW_SET) || gram_is_kw(p, KW_RESET) || gram_is_kw(p, KW_IN))
	{
		AlterRoleSetStmt *s = makeNode(AlterRoleSetStmt);

		s->role = role;
		if (gram_accept_kw(p, KW_IN))
		{
			gram_expect_kw(p, KW_DATABASE);
			s->database = gram_colid(p);
		}
		if (gram_accept_kw(p, KW_SET))
			s->setstmt = gram_generic_set(p);
		else
		{
			gram_expect_kw(p, KW_RESET);
			s->setstmt = gram_generic_reset(p);
		}
		return (Node *) s;
	}
	if (role == NULL)
		gram_syntax_error(p);
	{
		AlterRoleStmt *s = makeNode(AlterRoleStmt);

		s->role = role;
		s->action = +1;
		s->options = role_options(p, false);
		return (Node *) s;
	}
}

static Node *
alter_system(Parser *p)
{
	AlterSystemStmt *s = makeNode(AlterSystemStmt);

	gram_expect_kw(p, KW_SYSTEM);
	if (gram_accept_kw(p, KW_SET))
		s->setstmt = gram_generic_set(p);
	else
	{
		gram_expect_kw(p, KW_RESET);
		s->setstmt = gram_generic_reset(p);
	}
	return (Node *) s;
}

Node *
gram_alter_stmt(Parser *p)
{
	gram_expect_kw(p, KW_ALTER);
	if (gram_accept_kw(p, KW_TABLE))
		return alter_table(p, OBJECT_TABLE);
	if (gram_accept_kw(p, KW_INDEX))
		return alter_table(p, OBJECT_INDEX);
	if (gram_accept_kw(p, KW_VIEW))
		return alter_table(p, OBJECT_VIEW);
	if (gram_accept_kw(p, KW_SEQUENCE))
		return alter_table(p, OBJECT_SEQUENCE);
	if (gram_is_kw(p, KW_ROLE) || gram_is_kw(p, KW_USER))
		return alter_role(p);
	if (gram_is_kw(p, KW_SYSTEM))
		return alter_system(p);
	if (gram_accept_kw(p, KW_SCHEMA))
	{
		RenameStmt *r = makeNode(RenameStmt);

		r->renameType = OBJECT_SCHEMA;
		r->subname = gram_colid(p);
		gram_expect_kw(p, KW_RENAME);
		gram_expect_kw(p, KW_TO);
		r->newname = gram_colid(p);
		return (Node *) r;
	}
	gram_syntax_error(p);
}
