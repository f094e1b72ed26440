/*-------------------------------------------------------------------------
 * attvalue.h
 *	  Storing one column value into tuple bytes and reading it back: the
 *	  codec shared by heap tuples (access/heap/heaptuple.c) and B-tree
 *	  index tuples (access/nbtree/nbtutils.c).
 *
 * Role: the single definition of how a Datum of a given storage class
 * (attlen, attbyval, attalign) is laid out in bytes.  Both tuple formats
 * place their non-NULL columns one after another, each aligned by its
 * attalign relative to a base that is itself MAXALIGNed, so they share
 * this code and only differ in their headers and null bitmaps.
 *
 * Invariants:
 *	- By-value Datums are stored in attlen bytes (1, 2, 4 or 8) and read
 *	  back zero-extended, as the xxxGetDatum functions of datum.h pack
 *	  them; store followed by fetch is the identity.
 *	- attlen -1 is a varlena (4-byte length word, VARSIZE >= VARHDRSZ),
 *	  attlen -2 a NUL-terminated C string; other attlen <= 0 are invalid.
 *	- att_fetch_value never reads outside [base, base + end): malformed
 *	  bytes make it return false and the caller reports the corruption
 *	  with its own SQLSTATE (heap XX001, index XX002).
 *-------------------------------------------------------------------------
 */
#ifndef ATTVALUE_H
#define ATTVALUE_H

#include "common/minipg.h"

/*
 * ERROR unless (attlen, attbyval) is a storage class this codec handles;
 * attnum only appears in the message.
 */
void		att_check_storage(int16_t attlen, bool attbyval, int attnum);

/* off rounded up to the alignment of an attalign code ('c','s','i','d');
 * ERROR for an unknown code. */
size_t		att_align(char attalign, size_t off);

/* Bytes the value occupies (without padding); ERROR on a varlena whose
 * length word is below VARHDRSZ. */
size_t		att_value_size(int16_t attlen, Datum value);

/* Write value (size bytes, from att_value_size) at dst, already aligned. */
void		att_store_value(char *dst, int16_t attlen, bool attbyval, Datum value,
							size_t size);

/*
 * Read the value that starts at the first attalign boundary at or after
 * *off, where the readable bytes are base[0 .. end).  On success sets *out
 * (by-reference values point into base), advances *off past the value and
 * returns true; returns false if the bytes are malformed or truncated.
 */
bool		att_fetch_value(const char *base, size_t *off, size_t end, int16_t attlen,
							bool attbyval, char attalign, Datum *out);

#endif							/* ATTVALUE_H */
