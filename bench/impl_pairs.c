/* The paired runs (impl_pairs.h): the rounds, the JSON; and the --kernel-pairs mode. */
#include "impl_pairs.h"

#include <stdlib.h>
#include <string.h>

#include "conv_cases.h"
#include "data.h"

int impl_pairs(const char *flag, pair_impls_fn impls, pair_context_fn context, size_t rounds, double slice_s,
               FILE *out) {
  const simdconv_isa best = simdconv_best_isa();
  size_t nl = 0;
  const bench_layer *layers = bench_layers(&nl);
  double *g = malloc(sizeof(double) * PAIR_MAXIMPL * rounds);
  if (g == NULL) {
    fprintf(stderr, "simdconv_bench %s: out of memory\n", flag);
    return 1;
  }
  fputs("{\n\"context\": {", out);
  bench_json_cpu_fields(out);
  fprintf(out, "\"isa\": \"%s\", \"rounds\": %zu, \"slice_ms\": %.3f, \"clock\": \"cpu\", \"user_layers\": %d, ",
          simdconv_isa_name(best), rounds, slice_s * 1e3, bench_layers_user());
  context(out);
  fputs("\"mode\": ", out);
  bench_json_str(out, flag + 2);
  fputs("},\n\"layers\": [", out);
  int rc = 0;
  size_t nout = 0;
  for (size_t li = 0; li < nl; li++) {
    const bench_layer *l = &layers[li];
    pair_impl im[PAIR_MAXIMPL];
    const size_t n = impls(l, im);
    if (n == 0) continue;
    const double t_layer = bench_mono_s();
    void *ctx[PAIR_MAXIMPL] = {0};
    char errs[PAIR_MAXIMPL][512];
    char err[512] = "";
    conv_layer_data *d = conv_layer_data_new(l, li, err, sizeof err); /* the seed of the conv cases' data */
    for (size_t k = 0; k < n; k++) {
      errs[k][0] = '\0';
      if (im[k].unsupported) continue;
      if (d == NULL) snprintf(errs[k], sizeof errs[k], "%s", err);
      else if ((ctx[k] = conv_impl_setup(d, im[k].isa, im[k].peer, 0, im[k].algorithm, im[k].kernel, errs[k],
                                         sizeof errs[k])) == NULL &&
               errs[k][0] == '\0')
        snprintf(errs[k], sizeof errs[k], "setup failed");
      if (errs[k][0] != '\0') rc = 1;
    }
    /* every implementation in turn, who goes first rotating; process CPU seconds (pinned, one
     * thread: descheduled time left out, as the single-thread cases) */
    const double flops = 2.0 * bench_layer_macs(l);
    for (size_t r = 0; r < rounds; r++)
      for (size_t j = 0; j < n; j++) {
        const size_t k = (r + j) % n;
        if (ctx[k] != NULL) g[k * rounds + r] = conv_impl_slice_gflops(ctx[k], flops, slice_s);
      }
    char spec[512];
    bench_layer_spec(l, spec, sizeof spec);
    fprintf(out, "%s\n {\"name\": ", nout++ ? "," : "");
    bench_json_str(out, l->name);
    fputs(", \"spec\": ", out);
    bench_json_str(out, spec);
    fprintf(out, ", \"flops\": %.0f, \"impls\": [", flops);
    for (size_t k = 0; k < n; k++) {
      if (k) fputs(", ", out);
      bench_json_str(out, im[k].name);
    }
    fputs("], \"gflops\": {", out);
    for (size_t k = 0, first = 1; k < n; k++) {
      if (ctx[k] == NULL) continue;
      fprintf(out, "%s\"%s\": [", first ? "" : ", ", im[k].name);
      for (size_t r = 0; r < rounds; r++) fprintf(out, "%s%.4f", r ? ", " : "", g[k * rounds + r]);
      fputs("]", out);
      first = 0;
    }
    fputs("}, \"labels\": {", out);
    int first = 1;
    for (size_t k = 0; k < n; k++) bench_json_member(out, &first, im[k].name, ctx[k] ? conv_impl_label(ctx[k]) : NULL);
    fputs("}, \"unsupported\": [", out);
    first = 1;
    for (size_t k = 0; k < n; k++) {
      if (!im[k].unsupported) continue;
      fprintf(out, "%s\"%s\"", first ? "" : ", ", im[k].name);
      first = 0;
    }
    fputs("], \"errors\": {", out);
    first = 1;
    for (size_t k = 0; k < n; k++) {
      bench_json_member(out, &first, im[k].name, errs[k]);
      if (errs[k][0]) fprintf(stderr, "simdconv_bench %s: %s/%s: %s\n", flag, l->name, im[k].name, errs[k]);
    }
    fputs("}}", out);
    fflush(out);
    for (size_t k = 0; k < n; k++)
      if (ctx[k] != NULL) conv_impl_teardown(ctx[k]);
    conv_layer_data_free(d);
    fprintf(stderr, "simdconv_bench %s: %s: %zu implementations, %zu rounds: %.1f s\n", flag, l->name, n, rounds,
            bench_mono_s() - t_layer);
  }
  fputs("\n]\n}\n", out);
  fflush(out);
  free(g);
  return rc;
}

static size_t kernel_impls(const bench_layer *l, pair_impl *out) {
  const simdconv_isa best = simdconv_best_isa();
  size_t *idx = malloc(sizeof *idx * (simdconv_kernel_count() + 1));
  if (idx == NULL) {
    fprintf(stderr, "simdconv_bench: out of memory\n");
    exit(1);
  }
  const size_t nc = conv_kernel_candidates(l, best, idx);
  size_t n = 0;
  memset(out, 0, sizeof *out * PAIR_MAXIMPL);
  snprintf(out[n].name, sizeof out[n].name, "%s", simdconv_isa_name(best));
  out[n++].isa = best;
  for (size_t c = 0; c < nc && n < PAIR_MAXIMPL; c++, n++) {
    snprintf(out[n].name, sizeof out[n].name, "%s", simdconv_kernel_name(idx[c]));
    out[n].isa = best;
    out[n].kernel = simdconv_kernel_name(idx[c]);
  }
  free(idx);
  return n;
}

static void kernel_context(FILE *out) {
  fputs("\"kernels\": ", out);
  bench_json_str(out, conv_row_names(0));
  fputs(", ", out);
}

int kernel_pairs(size_t rounds, double slice_s, FILE *out) {
  return impl_pairs("--kernel-pairs", kernel_impls, kernel_context, rounds, slice_s, out);
}
