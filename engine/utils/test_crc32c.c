/*-------------------------------------------------------------------------
 * test_crc32c.c
 *	  Unit tests for utils/crc32c.c.
 *
 * What: the CRC-32C of published check vectors (the "123456789" check
 * value and the iSCSI vectors of RFC 3720, appendix B.4), incremental
 * computation equal to one-shot computation at every split point, and the
 * hardware (SSE4.2) path agreeing with the table path on random data at
 * every length and alignment.
 * How: plain calls; expected values are the published constants, never
 * values computed by the code under test.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "utils/crc32c.h"

static void
test_check_value(void **state)
{
	(void) state;
	assert_int_equal(crc32c_compute("123456789", 9), 0xE3069283u);
	assert_int_equal(crc32c_finish(crc32c_sw(crc32c_init(), "123456789", 9)), 0xE3069283u);
	/* Empty input: init then finish gives zero. */
	assert_int_equal(crc32c_compute("", 0), 0x00000000u);
}

static void
test_rfc3720_vectors(void **state)
{
	unsigned char buf[32];

	(void) state;
	memset(buf, 0, sizeof(buf));
	assert_int_equal(crc32c_compute(buf, sizeof(buf)), 0x8A9136AAu);
	memset(buf, 0xFF, sizeof(buf));
	assert_int_equal(crc32c_compute(buf, sizeof(buf)), 0x62A8AB43u);
	for (int i = 0; i < 32; i++)
		buf[i] = (unsigned char) i;
	assert_int_equal(crc32c_compute(buf, sizeof(buf)), 0x46DD794Eu);
	for (int i = 0; i < 32; i++)
		buf[i] = (unsigned char) (31 - i);
	assert_int_equal(crc32c_compute(buf, sizeof(buf)), 0x113FDB5Cu);
}

static void
test_incremental_equals_oneshot(void **state)
{
	const char *text = "The quick brown fox jumps over the lazy dog, twice over.";
	size_t		len = strlen(text);
	uint32_t	whole = crc32c_compute(text, len);

	(void) state;
	for (size_t split = 0; split <= len; split++)
	{
		uint32_t	crc = crc32c_init();

		crc = crc32c(crc, text, split);
		crc = crc32c(crc, text + split, len - split);
		assert_int_equal(crc32c_finish(crc), whole);
	}
	/* A one-bit change changes the value. */
	char		copy[128];

	memcpy(copy, text, len);
	copy[10] ^= 0x01;
	assert_int_not_equal(crc32c_compute(copy, len), whole);
}

static void
test_hw_matches_sw(void **state)
{
	static unsigned char data[4096 + 16];
	uint32_t	x = 12345;

	(void) state;
	for (size_t i = 0; i < sizeof(data); i++)
	{
		x = x * 1103515245u + 12345u;
		data[i] = (unsigned char) (x >> 16);
	}
	for (size_t align = 0; align < 8; align++)
		for (size_t len = 0; len < 300; len++)
			assert_int_equal(crc32c(crc32c_init(), data + align, len),
							 crc32c_sw(crc32c_init(), data + align, len));
	assert_int_equal(crc32c(crc32c_init(), data + 3, 4096),
					 crc32c_sw(crc32c_init(), data + 3, 4096));
	print_message("crc32c hardware path: %s\n", crc32c_hw_available() ? "sse4.2" : "table");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_value),
		cmocka_unit_test(test_rfc3720_vectors),
		cmocka_unit_test(test_incremental_equals_oneshot),
		cmocka_unit_test(test_hw_matches_sw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
