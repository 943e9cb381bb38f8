/* The fused-residual cases (residual.c): y = relu(conv + bias + residual), simdconv_conv2d_run_ex
 * with the residual added in the kernels' registers ("fused") against simdconv_conv2d_run with no
 * activation and a separate add + relu pass ("unfused", residual_pass.c), per layer and for
 * ResNet-50's bottleneck block at 56x56; and their paired, interleaved measurement. */
#ifndef SIMDCONV_BENCH_RESIDUAL_H
#define SIMDCONV_BENCH_RESIDUAL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* y[i] = relu(y[i] + r[i]) for i < n (residual_pass.c, compiled with -O3 -march=native). relu(s)
 * is s < 0 ? 0 : s, the kernels' max(0, s): NaN and -0.0 pass through. */
void bench_add_relu(float *y, const float *r, size_t n);

/* Registers, with CONV_CASES_SINGLE (conv_cases.h): conv/<layer>/residual and
 * conv/<layer>/residual_unfused for every layer of the run (simdconv's best ISA), then, for the
 * built-in suite, block/resnet_bottleneck_56/fused and .../unfused; with CONV_CASES_THREADED:
 * block/resnet_bottleneck_56/{fused,unfused}/threads:<n> for the thread counts of threads.h. */
void residual_cases_register(int which);

/* The paired measurement (simdconv_bench --pairs, --residual-pairs): fused and unfused in one
 * process, taking slice_s turns (the first of the two alternating; process CPU seconds on one
 * thread, wall clock on n > 1), `rounds` rounds, for
 * resnet_2_1x1 (the user's layers with --layer) and the bottleneck block (built-in suite; also on
 * n threads for each thread count n > 1 of threads.h that the process's CPU affinity allows).
 * Outputs are checked first (fused == unfused bit for bit, and against simdconv's scalar kernel).
 * Prints a Markdown section: GFLOP/s medians and the median, quartiles and range of the per-round
 * fused / unfused ratios. Returns 0, or 1 when a check failed. */
int residual_pairs(size_t rounds, double slice_s);

/* Frees the block's data (after scb_main / the pairs). */
void residual_cases_cleanup(void);

#ifdef __cplusplus
}
#endif

#endif /* SIMDCONV_BENCH_RESIDUAL_H */
