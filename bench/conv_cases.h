/* The conv/<layer>/<isa|peer>[/threads:<n>] cases (conv_cases.c). */
#ifndef SIMDCONV_BENCH_CONV_CASES_H
#define SIMDCONV_BENCH_CONV_CASES_H

#include <stddef.h>

/* What conv_cases_register registers (flags). */
enum {
  CONV_CASES_SINGLE = 1,   /* conv/<layer>/<isa|peer>: every ISA, then every peer, layer by layer */
  CONV_CASES_THREADED = 2, /* conv/<layer>/<best isa|threaded peer>/threads:<n>, layer by layer, n
                            * from SIMDCONV_BENCH_THREADS (threads.h), after the single ones */
  CONV_CASES_ALL = 3
};
void conv_cases_register(int which);
/* --pairs (bench/run.sh --pairs): every layer, simdconv (best ISA) and each peer but OpenBLAS
 * in one process, taking turns for slice_s seconds each, `rounds` times; outputs checked first.
 * Prints a Markdown table of median GFLOP/s and the median of the per-round ratios (noise that
 * lasts longer than a round hits both sides of a ratio alike), and their geometric mean over the
 * real layers (the user's layers: over all of them, when two or more). Returns 0, or 1 when a
 * case failed. */
int conv_pairs(size_t rounds, double slice_s);
/* Frees the pools, the cached layer data and the case table (after scb_main). */
void conv_cases_cleanup(void);

#endif /* SIMDCONV_BENCH_CONV_CASES_H */
