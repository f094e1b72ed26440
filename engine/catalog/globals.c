/*-------------------------------------------------------------------------
 * globals.c
 *	  The session's database and role.  Kept in a file of their own so code
 *	  that only needs these (storage tests, standalone mode) does not pull
 *	  in the rest of the catalog.
 *-------------------------------------------------------------------------
 */
#include "catalog/catalog.h"

Oid			MyDatabaseId = InvalidOid;
Oid			MyRoleId = InvalidOid;
