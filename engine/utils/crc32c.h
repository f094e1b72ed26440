/*-------------------------------------------------------------------------
 * crc32c.h
 *	  CRC-32C (Castagnoli, reflected polynomial 0x82F63B78): the checksum of
 *	  data pages, WAL records and pg_control.
 *
 * Role: one implementation for the whole engine.  On x86-64 CPUs with
 * SSE4.2 the crc32 instruction is used (chosen once per process at the
 * first call, after a runtime CPU check); elsewhere a slicing-by-8 table.
 * Both produce identical results; test_crc32c.c checks that.
 *
 * Usage (the running value is the raw, non-inverted register):
 *
 *	uint32_t crc = crc32c_init();
 *	crc = crc32c(crc, header, header_len);
 *	crc = crc32c(crc, payload, payload_len);
 *	crc = crc32c_finish(crc);			-- the standard CRC-32C value
 *
 * or, for one buffer, crc32c_compute(data, len).  Known value:
 * crc32c_compute("123456789", 9) == 0xE3069283.
 *
 * Invariants: pure functions; safe in critical sections and signal-free
 * code (no allocation, no errors).
 *
 * See also: storage/page/page.c (page checksums).
 *-------------------------------------------------------------------------
 */
#ifndef CRC32C_H
#define CRC32C_H

#include "common/minipg.h"

#define CRC32C_INIT_VALUE	0xFFFFFFFFu
#define CRC32C_FINAL_XOR	0xFFFFFFFFu

static inline uint32_t
crc32c_init(void)
{
	return CRC32C_INIT_VALUE;
}

static inline uint32_t
crc32c_finish(uint32_t crc)
{
	return crc ^ CRC32C_FINAL_XOR;
}

/* Feed len bytes into the running register crc; returns the new register. */
uint32_t	crc32c(uint32_t crc, const void *data, size_t len);

/* init + crc32c + finish over one buffer. */
uint32_t	crc32c_compute(const void *data, size_t len);

/* The table-driven implementation, whatever the CPU (for tests). */
uint32_t	crc32c_sw(uint32_t crc, const void *data, size_t len);

/* True when crc32c() uses the SSE4.2 instruction in this process. */
bool		crc32c_hw_available(void);

#endif							/* CRC32C_H */
