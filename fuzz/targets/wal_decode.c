/*-------------------------------------------------------------------------
 * wal_decode.c
 *	  Fuzz target: decoding one WAL record (access/wal: wal_decode,
 *	  wal_describe as minipg_waldump prints it) and redo of its block
 *	  references onto scratch pages (wal_redo_apply_block: full-page
 *	  images and byte deltas), without a cluster.
 *
 * Input: one record, header first.  tot_len is set to the input's length
 * (the reader only hands over records whose tot_len bytes it has read and
 * whose CRC matches, so a record's bytes never end before tot_len).
 * Correct behaviour: false with a reason for a malformed record; a record
 * that decodes is applied to an 8 kB page without writing outside it.
 *-------------------------------------------------------------------------
 */
#include "fuzz_common.h"

#include "access/wal/waldesc.h"
#include "access/wal/walreader.h"
#include "access/wal/walredo.h"
#include "storage/page/page.h"

static char scratch[BLCKSZ] __attribute__((aligned(8)));

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < sizeof(WalRecordHeader) || size > 4 * BLCKSZ * WAL_MAX_BLOCKS)
		return 0;
	fuzz_begin();

	/* An aligned copy, as the reader's reassembly buffer is. */
	WalRecordHeader *rec = palloc(size);
	WalDecoded	dec;
	char		err[256],
				desc[1024];

	memcpy(rec, data, size);
	rec->tot_len = (uint32_t) size;
	(void) wal_rmgr_name(rec->rmid);
	(void) wal_op_name(rec->rmid, rec->info);
	if (wal_decode(rec, &dec, err, sizeof(err)))
	{
		ELOG_TRY();
		{
			(void) wal_describe(rec, desc, sizeof(desc));
		}
		ELOG_CATCH();
		{
		}
		ELOG_END_TRY();
		for (int i = 0; i < dec.nblocks; i++)
		{
			memset(scratch, 0, sizeof(scratch));
			page_init(scratch, 0);
			(void) wal_redo_apply_block(&dec.blocks[i], scratch, 0x1000000);
		}
	}
	else if (err[0] == '\0')
		abort();
	fuzz_reset();
	return 0;
}
