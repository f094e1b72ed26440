/*-------------------------------------------------------------------------
 * test_elog.h
 *	  Catching ERRORs in unit tests (cmocka).
 *
 * CATCH_ERROR(cap, stmt) runs stmt; if it raises an ERROR, the error's
 * SQLSTATE, message and detail are copied into cap (a CapturedError) and
 * cap.caught is set.  EXPECT_ERROR(stmt, code, text) requires such an
 * ERROR, with SQLSTATE code and a message containing text.
 *
 * Both clear the error state (elog_flush_error) and nothing else: the rest
 * of a backend's error recovery (releasing content locks and pins,
 * aborting the transaction) is the test's to do or to check, because which
 * of it a test wants differs -- test_bufmgr checks that no lightweight lock
 * is left, the heap and btree tests release what the error path left to
 * the abort.  Such wrappers are built on these two in the tests' own files.
 *
 * Invariant: the statement runs inside ELOG_TRY, so locals it changes are
 * unreliable after an ERROR unless volatile (setjmp rules); cap is only
 * written after the jump.
 *-------------------------------------------------------------------------
 */
#ifndef TEST_ELOG_H
#define TEST_ELOG_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "utils/elog.h"

typedef struct CapturedError
{
	bool		caught;
	char		sqlstate[6];
	char		message[512];
	char		detail[512];
} CapturedError;

#define CATCH_ERROR(cap, stmt) \
	do { \
		memset(&(cap), 0, sizeof(cap)); \
		ELOG_TRY(); \
		{ \
			stmt; \
		} \
		ELOG_CATCH(); \
		{ \
			ErrorData  *e_ = elog_current_error(); \
			(cap).caught = true; \
			snprintf((cap).sqlstate, sizeof((cap).sqlstate), "%s", e_->sqlstate); \
			snprintf((cap).message, sizeof((cap).message), "%s", e_->message); \
			snprintf((cap).detail, sizeof((cap).detail), "%s", e_->detail ? e_->detail : ""); \
			elog_flush_error(); \
		} \
		ELOG_END_TRY(); \
	} while (0)

#define EXPECT_ERROR(stmt, code, text) \
	do { \
		CapturedError c_; \
		CATCH_ERROR(c_, stmt); \
		if (!c_.caught) \
			fail_msg("no error from %s (expected %s)", #stmt, (code)); \
		assert_string_equal(c_.sqlstate, (code)); \
		if (strstr(c_.message, (text)) == NULL) \
			fail_msg("message \"%s\" lacks \"%s\"", c_.message, (text)); \
	} while (0)

#endif							/* TEST_ELOG_H */
