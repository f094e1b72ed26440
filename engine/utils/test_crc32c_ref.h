/*-------------------------------------------------------------------------
 * test_crc32c_ref.h
 *	  An independent CRC-32C for unit tests: bit by bit, reflected
 *	  polynomial 0x82F63B78, so tests that build or check checksummed bytes
 *	  (WAL records, pg_control) do not trust utils/crc32c.c to check itself.
 *
 * ref_crc32c(crc, data, len) folds data into crc; a whole CRC-32C is
 * ref_crc32c(0xFFFFFFFF, data, len) ^ 0xFFFFFFFF.
 *-------------------------------------------------------------------------
 */
#ifndef TEST_CRC32C_REF_H
#define TEST_CRC32C_REF_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t
ref_crc32c(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len-- > 0)
	{
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
	}
	return crc;
}

#endif							/* TEST_CRC32C_REF_H */
