/*-------------------------------------------------------------------------
 * fuzz_common.h
 *	  Helpers shared by the fuzz targets (included by each target; every
 *	  function is static).
 *
 * fuzz_init_process(): memory contexts and settings once per process,
 * server-log lines off unless MINIPG_FUZZ_LOG=1 (they would drown the
 * fuzzer's output).  fuzz_cstring(): a NUL-terminated copy of the input in
 * a per-input context, which fuzz_reset() frees.  Targets catch every
 * ERROR with ELOG_TRY: an ERROR with a SQLSTATE is the decoder's correct
 * answer to bad input; a crash, an ASan/UBSan report or an abort() is a
 * bug.
 *-------------------------------------------------------------------------
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static MemoryContext fuzz_input_context;

static inline void
fuzz_init_process(void)
{
	if (fuzz_input_context != NULL)
		return;
	memctx_init();
	guc_init();
	if (getenv("MINIPG_FUZZ_LOG") == NULL || strcmp(getenv("MINIPG_FUZZ_LOG"), "1") != 0)
		guc_set("log_min_messages", "panic", PGC_POSTMASTER, PGC_S_FILE, false, FATAL);
	fuzz_input_context = memctx_create(TopMemoryContext, "fuzz input");
}

/* Start an input: switch to the per-input context. */
static inline void
fuzz_begin(void)
{
	fuzz_init_process();
	memctx_switch_to(fuzz_input_context);
}

/* The input as a C string (stops at an embedded NUL, as a reader of text would). */
static inline char *
fuzz_cstring(const uint8_t *data, size_t size)
{
	char	   *s = palloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* End an input: forget a caught error, free everything it allocated. */
static inline void
fuzz_reset(void)
{
	elog_flush_error();
	memctx_switch_to(TopMemoryContext);
	memctx_reset(fuzz_input_context);
}

#endif							/* FUZZ_COMMON_H */
