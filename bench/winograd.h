/* The Winograd mode (simdconv_bench --winograd, --winograd-pairs; bench/run.sh --winograd):
 * per layer of the Winograd set, simdconv's Winograd F(m x m, 3x3) plans against its direct
 * convolution and the peers, single thread. winograd.c. */
#ifndef SIMDCONV_BENCH_WINOGRAD_H
#define SIMDCONV_BENCH_WINOGRAD_H

#include <stddef.h>
#include <stdio.h>

#include <simdconv/simdconv.h>

#include "impl_pairs.h"
#include "layers.h"
#include "peers.h"

/* One implementation of a layer in the Winograd mode (impl_pairs.h). */
typedef pair_impl wino_impl;

/* The implementations of layer l, in this order (the names of their cases and columns):
 *   <best isa>          direct convolution, DEFAULT (simdconv_conv2d_create(..., best, ...))
 *   winograd            options.algorithm WINOGRAD, the library's variant (DEFAULT tuning)
 *   <winograd row>      every registry row of the best ISA named "winograd_...", forced
 *                       (options.kernel, algorithm WINOGRAD), in registry order
 *   fastest             options.algorithm FASTEST
 *   <peer>              every peer but OpenBLAS (oneDNN, XNNPACK)
 * The simdconv ones are asked when called (create_ex on zero weights of the layer's size):
 * SIMDCONV_UNSUPPORTED sets `unsupported` (the case is not registered, the tables say
 * "unsupported"); another failure keeps the implementation, so that its case fails visibly.
 * Returns how many, 0 when l is not in the Winograd set: neither the bench's rule
 * (bench_layer_winograd_shape) nor the library (a Winograd plan, default or forced) takes it. */
size_t wino_impls(const bench_layer *l, wino_impl *out);

/* The layers of the geometric mean, comma-separated, among the Winograd set of bench_layers():
 * the built-in run's BENCH_WINOGRAD_GEOMEAN, or every one of the user's (--layer) layers in the set.
 * set: the Winograd set; skipped: the other layers (static buffers). */
void wino_layer_lists(const char **set, const char **geomean, const char **skipped);

/* --winograd-pairs: per layer of the Winograd set, every implementation of wino_impls (but the
 * unsupported ones) set up and checked as the conv cases do it, then `rounds` rounds in which each
 * in turn (who goes first rotating) runs for slice_s seconds of process CPU time (at least one
 * run): GFLOP/s (the direct convolution's nominal FLOPs per CPU second) per round. JSON to out
 * (see winograd.c); report.py --winograd-pairs turns it into the median per-round ratios.
 * Returns 0, or 1 when a setup or an output check failed. */
int winograd_pairs(size_t rounds, double slice_s, FILE *out);

#endif /* SIMDCONV_BENCH_WINOGRAD_H */
