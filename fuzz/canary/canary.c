/*-------------------------------------------------------------------------
 * canary.c
 *	  A deliberately broken fuzz target: it crashes (a heap buffer
 *	  overflow that ASan reports) on any input that begins with "FUZ" and
 *	  whose fourth byte is 'Z'.  Built only by the fuzz presets, never part
 *	  of the "every target passes" set.
 *
 * ci/fuzz-smoke runs it for its time budget with an empty corpus and
 * fails unless the fuzzer finds the crash: proof that the fuzz job, its
 * instrumentation and its crash detection would notice a real bug.  The
 * input shape takes a few thousand executions to find with coverage
 * feedback (each matched byte is a new edge) and is practically
 * unreachable without it.
 *-------------------------------------------------------------------------
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 4 && data[0] == 'F' && data[1] == 'U' && data[2] == 'Z')
	{
		if (data[3] == 'Z')
		{
			volatile char *p = malloc(4);

			p[size] = (char) data[0];	/* the planted bug: size >= 4 overflows p */
			free((void *) p);
		}
	}
	return 0;
}
