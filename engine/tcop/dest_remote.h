/*-------------------------------------------------------------------------
 * dest_remote.h
 *	  Sending result rows to the client (see dest_remote.c).
 *-------------------------------------------------------------------------
 */
#ifndef DEST_REMOTE_H
#define DEST_REMOTE_H

#include "tcop/dest.h"

/*
 * A receiver sending DataRow messages (and RowDescription first when
 * send_row_description: simple query; in the extended protocol Describe
 * sends it instead).  formats: the Bind message's result-format codes.
 */
DestReceiver *dest_remote_create(bool send_row_description, const int16_t *formats,
								 int nformats);
void		dest_remote_send_row_description(const ResultDesc *desc, const int16_t *formats,
											 int nformats);
/* The format of column i given Bind's format codes (0 text, 1 binary). */
int16_t		dest_remote_column_format(const int16_t *formats, int nformats, int column);

#endif							/* DEST_REMOTE_H */
