/*-------------------------------------------------------------------------
 * makefuncs.c
 *	  Node allocation, value nodes and small constructors for raw parse
 *	  nodes (declared in nodes.h and parsenodes.h).
 *
 * Invariant: every constructor returns a node allocated in
 * CurrentMemoryContext, zeroed, with its tag set and every field not given
 * as an argument at its documented default (location -1 when unknown,
 * typemod -1, inh true for RangeVar).
 *-------------------------------------------------------------------------
 */
#include "sql/nodes/parsenodes.h"

#include "utils/memctx.h"

Node *
node_new(size_t size, NodeTag tag)
{
	Node	   *node = palloc0(size);

	node->type = tag;
	return node;
}

Integer *
makeInteger(int i)
{
	Integer    *v = makeNode(Integer);

	v->ival = i;
	return v;
}

Float *
makeFloat(char *numericStr)
{
	Float	   *v = makeNode(Float);

	v->fval = numericStr;
	return v;
}

Boolean *
makeBoolean(bool val)
{
	Boolean    *v = makeNode(Boolean);

	v->boolval = val;
	return v;
}

String *
makeString(char *str)
{
	String	   *v = makeNode(String);

	v->sval = str;
	return v;
}

BitString *
makeBitString(char *str)
{
	BitString  *v = makeNode(BitString);

	v->bsval = str;
	return v;
}

A_Const *
makeA_Const(Node *val, int location)
{
	A_Const    *c = makeNode(A_Const);

	c->val = val;
	c->location = location;
	return c;
}

A_Const *
makeNullA_Const(int location)
{
	A_Const    *c = makeNode(A_Const);

	c->isnull = true;
	c->location = location;
	return c;
}

A_Expr *
makeA_Expr(A_Expr_Kind kind, List *name, Node *lexpr, Node *rexpr, int location)
{
	A_Expr	   *a = makeNode(A_Expr);

	a->kind = kind;
	a->name = name;
	a->lexpr = lexpr;
	a->rexpr = rexpr;
	a->location = location;
	return a;
}

A_Expr *
makeSimpleA_Expr(A_Expr_Kind kind, char *name, Node *lexpr, Node *rexpr, int location)
{
	return makeA_Expr(kind, list_make1(makeString(name)), lexpr, rexpr, location);
}

BoolExpr *
makeBoolExpr(BoolExprType boolop, List *args, int location)
{
	BoolExpr   *b = makeNode(BoolExpr);

	b->boolop = boolop;
	b->args = args;
	b->location = location;
	return b;
}

ColumnRef *
makeColumnRef(List *fields, int location)
{
	ColumnRef  *c = makeNode(ColumnRef);

	c->fields = fields;
	c->location = location;
	return c;
}

RangeVar *
makeRangeVar(char *schemaname, char *relname, int location)
{
	RangeVar   *r = makeNode(RangeVar);

	r->schemaname = schemaname;
	r->relname = relname;
	r->inh = true;
	r->relpersistence = RELPERSISTENCE_PERMANENT;
	r->location = location;
	return r;
}

Alias *
makeAlias(char *aliasname, List *colnames)
{
	Alias	   *a = makeNode(Alias);

	a->aliasname = aliasname;
	a->colnames = colnames;
	return a;
}

TypeName *
makeTypeNameFromNameList(List *names)
{
	TypeName   *t = makeNode(TypeName);

	t->names = names;
	t->typemod = -1;
	t->location = -1;
	return t;
}

TypeName *
makeSystemTypeName(char *name)
{
	return makeTypeNameFromNameList(list_make2(makeString("pg_catalog"),
											   makeString(name)));
}

FuncCall *
makeFuncCall(List *funcname, List *args, CoercionForm funcformat, int location)
{
	FuncCall   *f = makeNode(FuncCall);

	f->funcname = funcname;
	f->args = args;
	f->funcformat = funcformat;
	f->location = location;
	return f;
}

DefElem *
makeDefElem(char *name, Node *arg, int location)
{
	DefElem    *d = makeNode(DefElem);

	d->defname = name;
	d->arg = arg;
	d->defaction = DEFELEM_UNSPEC;
	d->location = location;
	return d;
}

TypeCast *
makeTypeCast(Node *arg, TypeName *typeName, int location)
{
	TypeCast   *t = makeNode(TypeCast);

	t->arg = arg;
	t->typeName = typeName;
	t->location = location;
	return t;
}
