/*-------------------------------------------------------------------------
 * crc32c.c
 *	  CRC-32C: SSE4.2 instruction when the CPU has it, slicing-by-8 tables
 *	  otherwise (see crc32c.h).
 *
 * The register is kept reflected (least significant bit first), as the
 * crc32 instruction and the iSCSI/ext4/PostgreSQL definition of CRC-32C do.
 * The first call in a process picks the implementation; the tables are
 * built at that moment too, so there is no start-up hook to forget.
 *-------------------------------------------------------------------------
 */
#include "utils/crc32c.h"

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

#define CRC32C_POLY_REFLECTED 0x82F63B78u

/* crc_table[k][b]: the register after byte b followed by k zero bytes. */
static uint32_t crc_table[8][256];
static bool crc_table_ready = false;

static void
build_tables(void)
{
	for (uint32_t b = 0; b < 256; b++)
	{
		uint32_t	r = b;

		for (int bit = 0; bit < 8; bit++)
			r = (r & 1) ? (r >> 1) ^ CRC32C_POLY_REFLECTED : r >> 1;
		crc_table[0][b] = r;
	}
	for (uint32_t b = 0; b < 256; b++)
		for (int k = 1; k < 8; k++)
			crc_table[k][b] = (crc_table[k - 1][b] >> 8) ^
				crc_table[0][crc_table[k - 1][b] & 0xFF];
	crc_table_ready = true;
}

uint32_t
crc32c_sw(uint32_t crc, const void *data, size_t len)
{
	const unsigned char *p = data;

	if (unlikely(!crc_table_ready))
		build_tables();
	while (len >= 8)
	{
		uint32_t	lo = crc ^ ((uint32_t) p[0] | (uint32_t) p[1] << 8 |
								(uint32_t) p[2] << 16 | (uint32_t) p[3] << 24);

		crc = crc_table[7][lo & 0xFF] ^ crc_table[6][(lo >> 8) & 0xFF] ^
			crc_table[5][(lo >> 16) & 0xFF] ^ crc_table[4][lo >> 24] ^
			crc_table[3][p[4]] ^ crc_table[2][p[5]] ^
			crc_table[1][p[6]] ^ crc_table[0][p[7]];
		p += 8;
		len -= 8;
	}
	while (len-- > 0)
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xFF];
	return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2")))
static uint32_t
crc32c_sse42(uint32_t crc, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t	crc64;

	while (len > 0 && ((uintptr_t) p & 7) != 0)
	{
		crc = _mm_crc32_u8(crc, *p++);
		len--;
	}
	crc64 = crc;
	while (len >= 8)
	{
		uint64_t	word;

		memcpy(&word, p, sizeof(word));
		crc64 = _mm_crc32_u64(crc64, word);
		p += 8;
		len -= 8;
	}
	crc = (uint32_t) crc64;
	while (len-- > 0)
		crc = _mm_crc32_u8(crc, *p++);
	return crc;
}
#endif

typedef uint32_t (*crc32c_impl) (uint32_t crc, const void *data, size_t len);

static uint32_t crc32c_choose(uint32_t crc, const void *data, size_t len);

static crc32c_impl crc32c_current = crc32c_choose;

/* First call: pick the implementation for the rest of the process. */
static uint32_t
crc32c_choose(uint32_t crc, const void *data, size_t len)
{
	crc32c_current = crc32c_sw;
#if defined(__x86_64__)
	__builtin_cpu_init();
	if (__builtin_cpu_supports("sse4.2"))
		crc32c_current = crc32c_sse42;
#endif
	return crc32c_current(crc, data, len);
}

uint32_t
crc32c(uint32_t crc, const void *data, size_t len)
{
	return crc32c_current(crc, data, len);
}

uint32_t
crc32c_compute(const void *data, size_t len)
{
	return crc32c_finish(crc32c(crc32c_init(), data, len));
}

bool
crc32c_hw_available(void)
{
	if (crc32c_current == crc32c_choose)
		(void) crc32c(0, NULL, 0);
#if defined(__x86_64__)
	return crc32c_current == crc32c_sse42;
#else
	return false;
#endif
}
