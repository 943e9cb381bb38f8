/* Paired runs of several implementations of one layer in one process (--winograd-pairs,
 * --kernel-pairs): every implementation set up and checked as the conv cases do it, then rounds in
 * which each in turn (who goes first rotating) runs for a slice of process CPU time; GFLOP/s per
 * round, so that a ratio is taken within a round, where a shared machine's slow spells (another
 * tenant on the core, a frequency change) hit both sides alike. impl_pairs.c. */
#ifndef SIMDCONV_BENCH_IMPL_PAIRS_H
#define SIMDCONV_BENCH_IMPL_PAIRS_H

#include <stddef.h>
#include <stdio.h>

#include <simdconv/simdconv.h>

#include "layers.h"
#include "peers.h"

enum { PAIR_MAXIMPL = 24 };

/* One implementation of a layer in a paired run. */
typedef struct pair_impl {
  char name[64];                /* the column / case name: conv/<layer>/<name> */
  simdconv_isa isa;             /* simdconv: simdconv_best_isa(); a peer: AUTO */
  simdconv_algorithm algorithm; /* simdconv_conv2d_options.algorithm */
  const char *kernel;           /* a forced registry row (options.kernel), or NULL */
  const peer_impl *peer;        /* or NULL */
  int unsupported;              /* simdconv_conv2d_create_ex answered SIMDCONV_UNSUPPORTED on the layer */
} pair_impl;

/* A mode's implementations of layer l (at most PAIR_MAXIMPL; 0: the mode skips l), and the JSON
 * fields the mode adds to the context ("key": value, ... each followed by ", "). */
typedef size_t (*pair_impls_fn)(const bench_layer *l, pair_impl *out);
typedef void (*pair_context_fn)(FILE *out);

/* The paired run over bench_layers(): JSON to out,
 *   {"context": {cpu_*..., "isa", "rounds", "slice_ms", "clock": "cpu", "user_layers", <the mode's>},
 *    "layers": [{"name", "spec", "flops", "impls": [names in order],
 *                "gflops": {impl: [GFLOP/s per round]}, "labels": {impl: kernel or peer label},
 *                "unsupported": [impl...], "errors": {impl: message}}]}
 * flag names the mode in messages. Returns 0, or 1 when a setup or an output check failed. */
int impl_pairs(const char *flag, pair_impls_fn impls, pair_context_fn context, size_t rounds, double slice_s,
               FILE *out);

/* --kernel-pairs (bench/run.sh --kernels): per layer, DEFAULT (name: the best ISA's) and every
 * candidate kernel of the best ISA (conv_kernel_candidates: --kernels' own), forced
 * (options.kernel), in registry order; report.py --kernel-pairs: each kernel / DEFAULT, and
 * DEFAULT against the best of them, from the rounds' ratios. */
int kernel_pairs(size_t rounds, double slice_s, FILE *out);

#endif /* SIMDCONV_BENCH_IMPL_PAIRS_H */
