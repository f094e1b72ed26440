/*-------------------------------------------------------------------------
 * fault_policy.c
 *	  Fuzz target: the fault-policy parser (faults/fault_policy.c), as the
 *	  policy file, MINIPG_FAULTS and minipg_fault_enable() feed it.
 *
 * Input: one line per policy (or "seed N").  Correct behaviour: a policy,
 * or false with a non-empty message; and a parsed policy formats to text
 * that parses back to the same text (fault_policy_format's contract).
 * A broken round trip abort()s.
 *-------------------------------------------------------------------------
 */
#include "fuzz_common.h"

#include "faults/fault_policy.h"

static void
one_line(const char *line)
{
	FaultPolicy p,
				q;
	char		err[256],
				text[1024],
				again[1024];
	uint64_t	seed;

	int			s = fault_policy_parse_seed(line, &seed, err, sizeof(err));

	if (s != 0)
	{
		if (s < 0 && err[0] == '\0')
			abort();
		return;
	}
	err[0] = '\0';
	if (!fault_policy_parse(line, &p, err, sizeof(err)))
	{
		if (err[0] == '\0')
		{
			fprintf(stderr, "fault_policy_parse failed without a message: \"%s\"\n", line);
			abort();
		}
		return;
	}
	fault_policy_format(&p, text, sizeof(text));
	if (!fault_policy_parse(text, &q, err, sizeof(err)))
	{
		fprintf(stderr, "\"%s\" formats to \"%s\", which does not parse: %s\n", line, text, err);
		abort();
	}
	fault_policy_format(&q, again, sizeof(again));
	if (strcmp(text, again) != 0)
	{
		fprintf(stderr, "round trip changed \"%s\" into \"%s\"\n", text, again);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_begin();

	char	   *text = fuzz_cstring(data, size);

	for (char *line = text; line != NULL;)
	{
		char	   *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		one_line(line);
		line = nl ? nl + 1 : NULL;
	}
	fuzz_reset();
	return 0;
}
