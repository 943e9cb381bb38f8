/* The conv/<layer>/<isa|peer>[/threads:<n>] cases, and with --kernels conv/<layer>/<kernel> and
 * conv/<layer>/measure (conv_cases.c). */
#ifndef SIMDCONV_BENCH_CONV_CASES_H
#define SIMDCONV_BENCH_CONV_CASES_H

#include <stddef.h>

#include "layers.h"

/* What conv_cases_register registers (flags). */
enum {
  CONV_CASES_SINGLE = 1,   /* conv/<layer>/<isa|peer>: every ISA, then every peer, layer by layer */
  CONV_CASES_THREADED = 2, /* conv/<layer>/<best isa|threaded peer>/threads:<n>, layer by layer, n
                            * from SIMDCONV_BENCH_THREADS (threads.h), after the single ones */
  CONV_CASES_ALL = 3,
  CONV_CASES_KERNELS = 4,  /* simdconv_bench --kernels (not in ALL): per layer conv/<layer>/<best isa>
                            * (with SINGLE: every ISA), conv/<layer>/<kernel> for every registry kernel
                            * of simdconv_best_isa() but the winograd_ rows that create_ex with
                            * options.kernel accepts for the layer, and conv/<layer>/measure
                            * (SIMDCONV_TUNING_MEASURE) */
  CONV_CASES_WINOGRAD = 8  /* simdconv_bench --winograd (alone): per layer of the Winograd set, the
                            * implementations of wino_impls (winograd.h): conv/<layer>/<best isa>,
                            * conv/<layer>/winograd, conv/<layer>/<winograd row>, conv/<layer>/fastest,
                            * conv/<layer>/<peer>; single thread; the unsupported ones not registered
                            * (context "winograd_unsupported") */
};
void conv_cases_register(int which);
/* --pairs (bench/run.sh --pairs): every layer, simdconv (best ISA) and each peer but OpenBLAS
 * in one process, taking turns for slice_s seconds each, `rounds` times; outputs checked first.
 * Prints a Markdown table of median GFLOP/s and the median of the per-round ratios (noise that
 * lasts longer than a round hits both sides of a ratio alike), and their geometric mean over the
 * real layers (the user's layers: over all of them, when two or more). Returns 0, or 1 when a
 * case failed. */
int conv_pairs(size_t rounds, double slice_s);
/* The data of layer `layer` of bench_layers() (made on first use, kept until conv_cases_cleanup):
 * the descriptor, x, w, b as the conv cases use them, the scalar kernel's reference output
 * (the layer's own activation) and magnitudes sum|x||w| + |b| (no activation). The residual
 * cases (residual.c) run on the same data. */
typedef struct conv_layer_tensors {
  const bench_layer *l;
  simdconv_conv2d_desc desc;
  size_t batch, nx, nw, ny;
  const float *x, *w, *b, *ref, *mag;
} conv_layer_tensors;
/* 0, or 1 with a message in err. */
int conv_layer_tensors_get(size_t layer, conv_layer_tensors *t, char *err, size_t errlen);
/* The network runs (networks.c): the data of any layer (x, w, b, the scalar kernel's reference
 * and the tolerance's magnitudes, as the conv cases' data of a layer of bench_layers(); index
 * picks the seed), and one implementation set up on it exactly as a conv case's setup does
 * (simdconv on isa, or a peer; threads 0: single thread, n: run_parallel on the shared pool of n /
 * the peer on n threads; simdconv with algorithm other than DIRECT or a kernel (NULL: the library's
 * choice): through create_ex, as the Winograd cases), its output checked against the reference (not for the scalar ISA, the
 * reference itself). conv_impl_setup returns NULL with a message in err when the setup or the check
 * fails. conv_impl_label: the simdconv kernel the plan runs, or the peer's label (may be NULL). */
typedef struct layer_data conv_layer_data;
struct peer_impl;
conv_layer_data *conv_layer_data_new(const bench_layer *l, size_t index, char *err, size_t errlen);
void conv_layer_data_free(conv_layer_data *d);
void *conv_impl_setup(const conv_layer_data *d, simdconv_isa isa, const struct peer_impl *peer, size_t threads,
                      simdconv_algorithm algorithm, const char *kernel, char *err, size_t errlen);
/* simdconv on isa (DEFAULT) run by run_ex, checked like the others: output_stride 0: on a copy of
 * the input whose pixels lie the plan's preferred input pixel stride apart
 * (simdconv_conv2d_input_pixel_stride; the gaps NaN); else dense input, writing an output of that
 * pixel stride. conv_impl_input_stride: the input's pixel stride (any impl). --stride-pairs. */
void *conv_impl_setup_strided(const conv_layer_data *d, simdconv_isa isa, size_t output_stride, char *err,
                              size_t errlen);
size_t conv_impl_input_stride(void *impl);
void conv_impl_run(void *impl);
/* Runs impl again and again for slice_s seconds of process CPU time (at least once): its GFLOP/s
 * at flops per run (the paired modes' turn). */
double conv_impl_slice_gflops(void *impl, double flops, double slice_s);
void conv_impl_teardown(void *impl);
const char *conv_impl_label(void *impl);
/* Zeros of layer l's weight size (exits on out of memory; the caller frees), and create_ex on
 * them (no bias) with isa, algorithm and kernel (NULL: the library's choice): the status, the
 * plan destroyed. */
float *conv_zero_weights(const bench_layer *l);
simdconv_status conv_probe(const bench_layer *l, const float *w, simdconv_isa isa, simdconv_algorithm algorithm,
                           const char *kernel);
/* The candidate kernels of isa on layer l (--kernels' conv/<layer>/<kernel> cases, --kernel-pairs):
 * every registry row of that ISA (registry order) but the Winograd ones (the "winograd_" rows:
 * bench/run.sh --winograd) for which create_ex with options.kernel does not answer
 * SIMDCONV_UNSUPPORTED; another failure keeps the kernel, so that its case fails visibly. Their
 * registry indices go to idx (at most simdconv_kernel_count()); returns how many. */
size_t conv_kernel_candidates(const bench_layer *l, simdconv_isa isa, size_t *idx);
/* The best ISA's registry rows, comma-separated (a static buffer each): its direct rows (winograd
 * 0: the kernels' columns) or its Winograd rows (1). */
const char *conv_row_names(int winograd);
/* 1 for a Winograd registry row (a "winograd_" name) */
int conv_row_is_winograd(size_t i);
/* Frees the pools, the cached layer data and the case table (after scb_main). */
void conv_cases_cleanup(void);

#endif /* SIMDCONV_BENCH_CONV_CASES_H */
