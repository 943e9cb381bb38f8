/* --stride-pairs: dense input vs the plan's preferred input pixel stride (strides.h). */
#include "strides.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simdconv/simdconv.h>

#include "conv_cases.h"
#include "data.h"
#include "layers.h"
#include "peers.h"

/* the layer dense, on the preferred input stride, oneDNN; the 1x1 Cin -> Cin layer before it
 * (its producer) writing a dense output, and an output of that stride */
enum { IMPL_DENSE, IMPL_STRIDED, IMPL_ONEDNN, IMPL_PROD_DENSE, IMPL_PROD_STRIDED, NIMPL };

/* The median of the n values at v (sorted in place). */
static double median_of(double *v, size_t n) {
  qsort(v, n, sizeof *v, bench_cmp_double);
  return bench_quantile(v, n, 0.5);
}

/* The median over rounds of g[a] / g[b] (0 when b did not run); q1, q3 its quartiles. */
static double ratio_median(const double *g, size_t rounds, int a, int b, double *tmp, double *q1, double *q3) {
  if (g[(size_t)b * rounds] <= 0 || g[(size_t)a * rounds] <= 0) return 0;
  for (size_t r = 0; r < rounds; r++) tmp[r] = g[(size_t)a * rounds + r] / g[(size_t)b * rounds + r];
  qsort(tmp, rounds, sizeof *tmp, bench_cmp_double);
  if (q1) *q1 = bench_quantile(tmp, rounds, 0.25);
  if (q3) *q3 = bench_quantile(tmp, rounds, 0.75);
  return bench_quantile(tmp, rounds, 0.5);
}

/* Rounds of every non-NULL ctx in turn (who goes first rotating), slice_s CPU seconds each:
 * g[k * rounds + r] = GFLOP/s of impl k in round r (flops[k] per run). */
static void time_rounds(void *const *ctx, const double *flops, size_t rounds, double slice_s, double *g) {
  for (size_t k = 0; k < NIMPL; k++) g[k * rounds] = 0;
  for (size_t r = 0; r < rounds; r++)
    for (size_t t = 0; t < NIMPL; t++) {
      const size_t k = (r + t) % NIMPL;
      if (ctx[k] != NULL) g[k * rounds + r] = conv_impl_slice_gflops(ctx[k], flops[k], slice_s);
    }
}

int stride_pairs(size_t rounds, double slice_s) {
  size_t nl = 0, npeers = 0;
  const bench_layer *layers = bench_layers(&nl);
  const peer_impl *const *peers = peers_init(&npeers);
  const peer_impl *onednn = NULL;
  for (size_t i = 0; i < npeers; i++)
    if (strcmp(peers[i]->name, "onednn") == 0) onednn = peers[i];
  const simdconv_isa isa = simdconv_best_isa();
  double *g = malloc(sizeof(double) * NIMPL * rounds), *tmp = malloc(sizeof(double) * rounds);
  if (g == NULL || tmp == NULL) {
    free(g);
    free(tmp);
    fprintf(stderr, "simdconv_bench --stride-pairs: out of memory\n");
    return 1;
  }
  printf("## input pixel strides: dense / the plan's preferred\n\n"
         "simdconv %s, DEFAULT: on the dense input, and by run_ex on the same data with the input pixel "
         "stride the plan prefers (simdconv_conv2d_input_pixel_stride: a runtime writes the producing layer's "
         "output with that stride, no copy), and oneDNN on the dense input; in one process, %zu rounds in which "
         "each runs for %.0f ms of CPU time in turn (who goes first rotating). GFLOP/s: median over rounds; "
         "ratios: median of the rounds' ratios (> 1: the first faster), strided / dense with its quartiles. "
         "producer: the 1x1 Cin -> Cin layer that would write the tensor (DEFAULT, relu), with an output of that "
         "stride / a dense one, in the same rounds. Outputs checked against simdconv's scalar kernel first. Layers "
         "whose plan keeps the dense stride are only counted.\n\n",
         simdconv_isa_name(isa), rounds, slice_s * 1e3);
  printf("| layer | shape | kernel | stride | dense GFLOP/s | strided GFLOP/s | strided / dense | q1 - q3 | "
         "dense / oneDNN | strided / oneDNN | producer strided / dense |\n"
         "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  int rc = 0;
  size_t kept = 0, timed = 0;
  for (size_t li = 0; li < nl; li++) {
    const bench_layer *l = &layers[li];
    /* the plan's choice first, on zero weights (no data, no reference for the layers it keeps dense) */
    const simdconv_conv2d_desc desc = bench_layer_desc(l);
    float *zw = conv_zero_weights(l);
    simdconv_conv2d_plan *probe = NULL;
    const simdconv_status ps = simdconv_conv2d_create(&desc, zw, NULL, isa, &probe);
    const size_t want = ps == SIMDCONV_OK ? simdconv_conv2d_input_pixel_stride(probe) : 0;
    simdconv_conv2d_destroy(probe);
    free(zw);
    if (ps == SIMDCONV_OK && want == l->cin) {
      kept++;
      continue;
    }
    char err[512] = "";
    void *ctx[NIMPL] = {NULL};
    conv_layer_data *d = conv_layer_data_new(l, li, err, sizeof err), *dp = NULL;
    if (d != NULL) ctx[IMPL_STRIDED] = conv_impl_setup_strided(d, isa, 0, err, sizeof err);
    if (ctx[IMPL_STRIDED] != NULL)
      ctx[IMPL_DENSE] = conv_impl_setup(d, isa, NULL, 0, SIMDCONV_ALGORITHM_DIRECT, NULL, err, sizeof err);
    if (ctx[IMPL_DENSE] != NULL && onednn != NULL &&
        (ctx[IMPL_ONEDNN] = conv_impl_setup(d, SIMDCONV_ISA_AUTO, onednn, 0, SIMDCONV_ALGORITHM_DIRECT, NULL, err,
                                            sizeof err)) == NULL)
      err[0] = '\0'; /* a peer that cannot run the layer leaves its columns empty */
    /* the producer: 1x1, Cin -> Cin, on the layer's input map */
    char pname[160];
    snprintf(pname, sizeof pname, "%s-producer", l->name);
    const bench_layer pl = {.name = pname, .h = l->h, .w = l->w, .cin = l->cin, .cout = l->cin, .kh = 1, .kw = 1,
                            .sh = 1, .sw = 1, .dh = 1, .dw = 1, .groups = 1, .padding = SIMDCONV_PADDING_VALID,
                            .activation = SIMDCONV_ACTIVATION_RELU, .batch = l->batch};
    if (ctx[IMPL_DENSE] != NULL && (dp = conv_layer_data_new(&pl, li, err, sizeof err)) != NULL &&
        (ctx[IMPL_PROD_DENSE] = conv_impl_setup(dp, isa, NULL, 0, SIMDCONV_ALGORITHM_DIRECT, NULL, err, sizeof err)) !=
            NULL)
      ctx[IMPL_PROD_STRIDED] = conv_impl_setup_strided(dp, isa, conv_impl_input_stride(ctx[IMPL_STRIDED]), err, sizeof err);
    char shape[96];
    const bench_geom bg = bench_layer_geom(l);
    snprintf(shape, sizeof shape, "%zux%zux%zu -> %zux%zux%zu, k%zux%zu s%zu, g%zu", l->h, l->w, l->cin, bg.oh, bg.ow,
             l->cout, l->kh, l->kw, l->sh, l->groups);
    if (ctx[IMPL_STRIDED] == NULL || ctx[IMPL_DENSE] == NULL || ctx[IMPL_PROD_STRIDED] == NULL) {
      printf("| %s | %s | error: %s | | | | | | | | |\n", l->name, shape, err[0] ? err : "setup failed");
      rc = 1;
    } else {
      const double fl = 2.0 * bench_layer_macs(l), fp = 2.0 * bench_layer_macs(&pl);
      const double flops[NIMPL] = {fl, fl, fl, fp, fp};
      time_rounds(ctx, flops, rounds, slice_s, g);
      double q1 = 0, q3 = 0;
      const double sd = ratio_median(g, rounds, IMPL_STRIDED, IMPL_DENSE, tmp, &q1, &q3);
      const double dn = ratio_median(g, rounds, IMPL_DENSE, IMPL_ONEDNN, tmp, NULL, NULL);
      const double sn = ratio_median(g, rounds, IMPL_STRIDED, IMPL_ONEDNN, tmp, NULL, NULL);
      const double pr = ratio_median(g, rounds, IMPL_PROD_STRIDED, IMPL_PROD_DENSE, tmp, NULL, NULL);
      char dn_s[16] = "", sn_s[16] = "";
      if (dn > 0) snprintf(dn_s, sizeof dn_s, "%.3f", dn);
      if (sn > 0) snprintf(sn_s, sizeof sn_s, "%.3f", sn);
      printf("| %s | %s | %s | %zu | %.1f | %.1f | %.3f | %.3f - %.3f | %s | %s | %.3f |\n", l->name, shape,
             conv_impl_label(ctx[IMPL_DENSE]), conv_impl_input_stride(ctx[IMPL_STRIDED]),
             median_of(g + IMPL_DENSE * rounds, rounds), median_of(g + IMPL_STRIDED * rounds, rounds), sd, q1,
             q3, dn_s, sn_s, pr);
      timed++;
    }
    fflush(stdout);
    for (size_t k = 0; k < NIMPL; k++)
      if (ctx[k] != NULL) conv_impl_teardown(ctx[k]);
    conv_layer_data_free(d);
    if (dp != NULL) conv_layer_data_free(dp);
  }
  printf("\n%zu layer(s) timed; %zu whose plan keeps the dense input stride.\n", timed, kept);
  free(g);
  free(tmp);
  return rc;
}
