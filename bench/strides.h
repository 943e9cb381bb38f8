/* --stride-pairs (strides.c): what a runtime gains by allocating a layer's input with the plan's
 * preferred pixel stride (simdconv_conv2d_input_pixel_stride) instead of dense. */
#ifndef SIMDCONV_BENCH_STRIDES_H
#define SIMDCONV_BENCH_STRIDES_H

#include <stddef.h>

/* Per layer of the run (bench_layers(): the suite, or the user's --layer specs and files) whose
 * DEFAULT plan prefers an input pixel stride other than its channel count: DEFAULT on the dense
 * input, DEFAULT by run_ex on the same data with the preferred stride, and oneDNN (when built),
 * each set up and checked as the conv cases, in `rounds` interleaved rounds of slice_s process CPU
 * seconds each (who goes first rotating). Prints a Markdown section: median GFLOP/s, the median
 * (and quartiles) of the rounds' strided / dense ratios, and each against oneDNN; layers whose plan
 * keeps the dense stride are counted, not timed. Returns 0, or 1 when a setup or check failed. */
int stride_pairs(size_t rounds, double slice_s);

#endif /* SIMDCONV_BENCH_STRIDES_H */
