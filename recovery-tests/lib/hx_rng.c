/*-------------------------------------------------------------------------
 * hx_rng.c
 *	  The harness's seeded random streams (see hx_rng.h).
 *
 * Derivation of a stream, fixed so that a seed printed by one run
 * reproduces the same choices in the next (changing any step below
 * changes every scenario's choices; do it only on purpose):
 *	1. h = FNV-1a 64 of the stream name's bytes (no terminator);
 *	2. x = seed; a = splitmix64(&x);
 *	3. x = a ^ h; s[0..3] = four successive splitmix64(&x);
 *	4. (never in practice) an all-zero state is replaced by a constant.
 * Draws are xoshiro256** (Blackman and Vigna, public domain algorithm).
 *
 * Invariants: no global state, no clock; every function consumes a fixed
 * or rejection-bounded number of draws, documented per function, so two
 * streams stay independent of each other.
 *-------------------------------------------------------------------------
 */
#include "lib/hx_rng.h"

#include <assert.h>

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t	z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t
fnv1a64(const char *s)
{
	uint64_t	h = 0xCBF29CE484222325ULL;

	for (const unsigned char *p = (const unsigned char *) s; *p; p++)
	{
		h ^= *p;
		h *= 0x100000001B3ULL;
	}
	return h;
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
hx_rng_init(HxRng *r, uint64_t seed, const char *name)
{
	uint64_t	x = seed;
	uint64_t	a = splitmix64(&x);

	x = a ^ fnv1a64(name ? name : "");
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
	if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
		r->s[0] = 0x9E3779B97F4A7C15ULL;
}

uint64_t
hx_rng_next(HxRng *r)
{
	uint64_t   *s = r->s;
	uint64_t	result = rotl(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/*
 * Rejection sampling: values below 2^64 mod n would make the low residues
 * more likely, so they are drawn again (probability < n / 2^64 per draw).
 */
uint64_t
hx_rng_below(HxRng *r, uint64_t n)
{
	assert(n > 0);
	if (n == 0)
		return 0;
	uint64_t	threshold = (0 - n) % n;	/* 2^64 mod n */

	for (;;)
	{
		uint64_t	x = hx_rng_next(r);

		if (x >= threshold)
			return x % n;
	}
}

int64_t
hx_rng_range(HxRng *r, int64_t lo, int64_t hi)
{
	assert(lo <= hi);
	if (hi <= lo)
		return lo;
	uint64_t	span = (uint64_t) hi - (uint64_t) lo + 1;

	if (span == 0)				/* the whole int64 range */
		return (int64_t) hx_rng_next(r);
	return (int64_t) ((uint64_t) lo + hx_rng_below(r, span));
}

/* Always consumes exactly one draw, whatever p is. */
bool
hx_rng_chance(HxRng *r, double p)
{
	double		u = (double) (hx_rng_next(r) >> 11) * 0x1.0p-53;	/* [0, 1) */

	return u < p;
}

size_t
hx_rng_pick_weighted(HxRng *r, const unsigned *weights, size_t n)
{
	uint64_t	sum = 0;

	assert(n > 0);
	for (size_t i = 0; i < n; i++)
		sum += weights[i];
	assert(sum > 0);
	if (sum == 0)
		return 0;
	uint64_t	x = hx_rng_below(r, sum);

	for (size_t i = 0; i < n; i++)
	{
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;				/* not reached */
}
