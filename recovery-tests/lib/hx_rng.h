/*-------------------------------------------------------------------------
 * hx_rng.h
 *	  The harness's seeded random streams.
 *
 * Role: every choice a scenario makes (workload sizes, amounts, which
 * account, when to inject, which process) comes from an HxRng derived
 * from (scenario seed, stream name), never from the clock, so a scenario
 * is a pure function of (name, seed).  Independent streams (one per
 * workload client, one for the fault plan) keep one part's choices from
 * shifting another's when code changes.
 *
 * Generator: xoshiro256** seeded through splitmix64 of (seed, FNV-1a of
 * the stream name); the exact derivation is in hx_rng.c and pinned by
 * golden values in test_hx_rng.c (changing it changes every scenario).
 * Draws per call: next, chance: exactly one; below, range, pick_weighted:
 * one, plus a redraw with probability < n / 2^64 (rejection), so in
 * practice one.  Entry points: hx_rng_init, hx_rng_next, hx_rng_below,
 * hx_rng_range, hx_rng_chance, hx_rng_pick_weighted.
 *-------------------------------------------------------------------------
 */
#ifndef HX_RNG_H
#define HX_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct HxRng
{
	uint64_t	s[4];
} HxRng;

/* The stream `name` of `seed` (e.g. "plan", "client-3"). */
void		hx_rng_init(HxRng *r, uint64_t seed, const char *name);
uint64_t	hx_rng_next(HxRng *r);
/* Uniform in [0, n); n > 0; unbiased (rejection sampling). */
uint64_t	hx_rng_below(HxRng *r, uint64_t n);
/* Uniform in [lo, hi] inclusive. */
int64_t		hx_rng_range(HxRng *r, int64_t lo, int64_t hi);
/* True with probability p (0..1). */
bool		hx_rng_chance(HxRng *r, double p);
/* Index i with probability weights[i] / sum(weights); n > 0, sum > 0. */
size_t		hx_rng_pick_weighted(HxRng *r, const unsigned *weights, size_t n);

#endif							/* HX_RNG_H */
