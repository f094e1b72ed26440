/*-------------------------------------------------------------------------
 * copyio.h
 *	  The protocol side of COPY FROM STDIN / COPY TO STDOUT.
 *
 * The executor's COPY code drives these; they speak the sub-protocol:
 *	copy in:  CopyInResponse, then the client's CopyData* then CopyDone
 *	          (or CopyFail, which becomes ERROR 57014 "COPY from stdin
 *	          failed: <client message>"); Flush/Sync in between are ignored
 *	copy out: CopyOutResponse, CopyData per row, CopyDone
 * Only text format is supported (the format byte is 0).
 *-------------------------------------------------------------------------
 */
#ifndef COPYIO_H
#define COPYIO_H

#include "common/minipg.h"
#include "utils/strbuf.h"

void		copyio_in_begin(int ncols);
/*
 * Append the next chunk of client data to buf.  Returns false at CopyDone.
 * ERROR on CopyFail, on a disconnect (08006?), or a message that does not
 * belong in COPY (08P01 "unexpected message type 0x%02X during COPY from
 * stdin").
 */
bool		copyio_in_read(StringBuf *buf);

void		copyio_out_begin(int ncols);
void		copyio_out_send(const char *data, int len);
void		copyio_out_end(void);

#endif							/* COPYIO_H */
