/*-------------------------------------------------------------------------
 * roles.c
 *	  Roles (pg_authid): lookup for authentication and sessions, and
 *	  CREATE/ALTER/DROP ROLE.
 *
 * Passwords are stored only as verifiers (md5 or SCRAM-SHA-256, chosen by
 * password_encryption at the time they are set); the caller turns a plain
 * password into a verifier (tcop/crypt.h) before calling here.
 *-------------------------------------------------------------------------
 */
#include <stdio.h>

#include "access/transam/varsup.h"
#include "catalog/catalog.h"
#include "catalog/syscat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

typedef struct FindRole
{
	const char *name;
	bool		found;
	PgAuthidRow row;
	ItemPointerData tid;
} FindRole;

static bool
find_role_cb(HeapTuple tup, void *arg)
{
	FindRole   *f = arg;
	PgAuthidRow r;

	syscat_authid_row(tup, &r);
	if (strcmp(r.rolname, f->name) != 0)
		return true;
	f->row = r;
	f->tid = tup->t_self;
	f->found = true;
	return false;
}

static bool
find_role(const char *name, FindRole *f)
{
	f->name = name;
	f->found = false;
	syscat_scan(PgAuthidRelationId, find_role_cb, f);
	return f->found;
}

bool
catalog_lookup_role(const char *name, RoleInfo *out)
{
	FindRole	f;

	if (!find_role(name, &f))
		return false;
	out->oid = f.row.oid;
	snprintf(out->name, sizeof(out->name), "%s", f.row.rolname);
	out->superuser = f.row.rolsuper;
	out->can_login = f.row.rolcanlogin;
	out->password = f.row.rolpassword;
	return true;
}

Oid
catalog_create_role(const char *name, bool superuser, bool can_login, const char *verifier)
{
	FindRole	f;
	PgAuthidRow r;

	if (find_role(name, &f))
		ereport(ERROR, errcode(ERRCODE_DUPLICATE_OBJECT),
				errmsg("role \"%s\" already exists", name));
	if (strncmp(name, "pg_", 3) == 0)
		ereport(ERROR, errcode(ERRCODE_RESERVED_NAME),
				errmsg("role name \"%s\" is reserved", name),
				errdetail("Role names starting with \"pg_\" are reserved."));
	r.oid = varsup_new_oid();
	snprintf(r.rolname, sizeof(r.rolname), "%s", name);
	r.rolsuper = superuser;
	r.rolcanlogin = can_login;
	r.rolpassword = verifier ? pstrdup(verifier) : NULL;
	syscat_insert(PgAuthidRelationId, syscat_authid_tuple(&r));
	return r.oid;
}

void
catalog_alter_role(const char *name, const bool *superuser, const bool *can_login,
				   const char *verifier, bool set_password)
{
	FindRole	f;

	if (!find_role(name, &f))
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("role \"%s\" does not exist", name));
	if (superuser)
		f.row.rolsuper = *superuser;
	if (can_login)
		f.row.rolcanlogin = *can_login;
	if (set_password)
		f.row.rolpassword = verifier ? pstrdup(verifier) : NULL;
	syscat_update(PgAuthidRelationId, &f.tid, syscat_authid_tuple(&f.row));
}

void
catalog_drop_role(const char *name, bool missing_ok)
{
	FindRole	f;

	if (!find_role(name, &f))
	{
		if (missing_ok)
		{
			ereport(NOTICE, errcode(ERRCODE_UNDEFINED_OBJECT),
					errmsg("role \"%s\" does not exist, skipping", name));
			return;
		}
		ereport(ERROR, errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("role \"%s\" does not exist", name));
	}
	if (f.row.oid == MyRoleId)
		ereport(ERROR, errcode(ERRCODE_OBJECT_IN_USE),
				errmsg("current user cannot be dropped"));
	if (f.row.oid == BOOTSTRAP_SUPERUSERID)
		ereport(ERROR, errcode(ERRCODE_OBJECT_IN_USE),
				errmsg("cannot drop role %s because it is required by the database system",
					   name));
	syscat_delete(PgAuthidRelationId, &f.tid);
}
