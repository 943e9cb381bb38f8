/* The Winograd mode (winograd.h): which layers and implementations it runs, and the paired run
 * (--winograd-pairs).
 *
 * JSON of --winograd-pairs (report.py --winograd-pairs):
 *   {"context": {cpu_*..., "isa", "rounds", "slice_ms", "clock": "cpu", "winograd_kernels",
 *                "geomean_layers", "skipped_layers", "user_layers"},
 *    "layers": [{"name", "spec", "flops", "impls": [names in order],
 *                "gflops": {impl: [GFLOP/s per round]}, "labels": {impl: kernel or peer label},
 *                "unsupported": [impl...], "errors": {impl: message}}]}
 * Every implementation of a layer is set up (and its output checked) before the layer's rounds;
 * the layer's data and plans are freed before the next layer. */
#include "winograd.h"

#include <stdlib.h>
#include <string.h>

#include "conv_cases.h"
#include "data.h"

static int is_wino_row(size_t i) {
  const char *n = simdconv_kernel_name(i);
  return n != NULL && strncmp(n, "winograd_", 9) == 0;
}

const char *wino_kernel_names(void) {
  static char names[1024];
  names[0] = '\0';
  const simdconv_isa best = simdconv_best_isa();
  for (size_t i = 0, nk = simdconv_kernel_count(); i < nk; i++)
    if (simdconv_kernel_isa(i) == best && is_wino_row(i) &&
        strlen(names) + strlen(simdconv_kernel_name(i)) + 2 < sizeof names) {
      if (names[0]) strcat(names, ",");
      strcat(names, simdconv_kernel_name(i));
    }
  return names;
}

/* create_ex on zero weights of l's size (no bias): the status, the plan destroyed. */
static simdconv_status probe(const bench_layer *l, const float *w, simdconv_isa isa, simdconv_algorithm algorithm,
                             const char *kernel) {
  const simdconv_conv2d_desc desc = bench_layer_desc(l);
  simdconv_conv2d_options o = {0};
  o.isa = isa;
  o.algorithm = algorithm;
  o.kernel = kernel;
  simdconv_conv2d_plan *plan = NULL;
  simdconv_status st = simdconv_conv2d_create_ex(&desc, w, NULL, &o, &plan);
  simdconv_conv2d_destroy(plan);
  return st;
}

size_t wino_impls(const bench_layer *l, wino_impl *out) {
  const simdconv_isa best = simdconv_best_isa();
  const size_t nw = l->kh * l->kw * (l->cin / (l->groups ? l->groups : 1)) * l->cout;
  float *w = calloc(nw > 0 ? nw : 1, sizeof *w);
  if (w == NULL) {
    fprintf(stderr, "simdconv_bench: out of memory\n");
    exit(1);
  }
  size_t n = 0;
  int any = 0; /* the library made a Winograd plan for l */
  memset(out, 0, sizeof *out * WINO_MAXIMPL);
  snprintf(out[n].name, sizeof out[n].name, "%s", simdconv_isa_name(best));
  out[n++].isa = best;
  snprintf(out[n].name, sizeof out[n].name, "winograd");
  out[n].isa = best;
  out[n].algorithm = SIMDCONV_ALGORITHM_WINOGRAD;
  out[n].unsupported = probe(l, w, best, SIMDCONV_ALGORITHM_WINOGRAD, NULL) == SIMDCONV_UNSUPPORTED;
  any |= !out[n++].unsupported;
  for (size_t i = 0, nk = simdconv_kernel_count(); i < nk && n < WINO_MAXIMPL - 4; i++) {
    if (simdconv_kernel_isa(i) != best || !is_wino_row(i)) continue;
    snprintf(out[n].name, sizeof out[n].name, "%s", simdconv_kernel_name(i));
    out[n].isa = best;
    out[n].algorithm = SIMDCONV_ALGORITHM_WINOGRAD;
    out[n].kernel = simdconv_kernel_name(i);
    out[n].unsupported = probe(l, w, best, SIMDCONV_ALGORITHM_WINOGRAD, out[n].kernel) == SIMDCONV_UNSUPPORTED;
    any |= !out[n++].unsupported;
  }
  free(w);
  if (!any && !bench_layer_winograd_shape(l)) return 0;
  snprintf(out[n].name, sizeof out[n].name, "fastest");
  out[n].isa = best;
  out[n++].algorithm = SIMDCONV_ALGORITHM_FASTEST;
  size_t npeers = 0;
  const peer_impl *const *peers = peers_init(&npeers);
  for (size_t k = 0; k < npeers && n < WINO_MAXIMPL; k++) {
    if (strcmp(peers[k]->name, "openblas") == 0) continue; /* im2col + GEMM: far behind (as the pairs run) */
    snprintf(out[n].name, sizeof out[n].name, "%s", peers[k]->name);
    out[n].isa = SIMDCONV_ISA_AUTO;
    out[n++].peer = peers[k];
  }
  return n;
}

/* s += (s nonempty ? "," : "") + name, within a static buffer of cap bytes */
static void list_add(char *s, size_t cap, const char *name) {
  if (strlen(s) + strlen(name) + 2 > cap) return;
  if (s[0]) strcat(s, ",");
  strcat(s, name);
}

/* name is in the comma-separated list */
static int in_list(const char *list, const char *name) {
  const size_t n = strlen(name);
  for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
    if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) return 1;
  return 0;
}

void wino_layer_lists(const char **set, const char **geomean, const char **skipped) {
  static char s_set[4096], s_geo[4096], s_skip[4096];
  s_set[0] = s_geo[0] = s_skip[0] = '\0';
  size_t nl = 0;
  const bench_layer *layers = bench_layers(&nl);
  for (size_t i = 0; i < nl; i++) {
    wino_impl im[WINO_MAXIMPL];
    if (wino_impls(&layers[i], im) == 0) {
      list_add(s_skip, sizeof s_skip, layers[i].name);
      continue;
    }
    list_add(s_set, sizeof s_set, layers[i].name);
    if (bench_layers_user() || in_list(BENCH_WINOGRAD_GEOMEAN, layers[i].name))
      list_add(s_geo, sizeof s_geo, layers[i].name);
  }
  *set = s_set;
  *geomean = s_geo;
  *skipped = s_skip;
}

int winograd_pairs(size_t rounds, double slice_s, FILE *out) {
  const simdconv_isa best = simdconv_best_isa();
  size_t nl = 0;
  const bench_layer *layers = bench_layers(&nl);
  double *g = malloc(sizeof(double) * WINO_MAXIMPL * rounds);
  if (g == NULL) {
    fprintf(stderr, "simdconv_bench --winograd-pairs: out of memory\n");
    return 1;
  }
  const char *set, *geomean, *skipped;
  wino_layer_lists(&set, &geomean, &skipped);
  fputs("{\n\"context\": {", out);
  bench_json_cpu_fields(out);
  fprintf(out, "\"isa\": \"%s\", \"rounds\": %zu, \"slice_ms\": %.3f, \"clock\": \"cpu\", \"user_layers\": %d, ",
          simdconv_isa_name(best), rounds, slice_s * 1e3, bench_layers_user());
  fputs("\"winograd_kernels\": ", out);
  bench_json_str(out, wino_kernel_names());
  fputs(", \"winograd_layers\": ", out);
  bench_json_str(out, set);
  fputs(", \"geomean_layers\": ", out);
  bench_json_str(out, geomean);
  fputs(", \"skipped_layers\": ", out);
  bench_json_str(out, skipped);
  fputs("},\n\"layers\": [", out);
  int rc = 0;
  size_t nout = 0;
  for (size_t li = 0; li < nl; li++) {
    const bench_layer *l = &layers[li];
    wino_impl im[WINO_MAXIMPL];
    const size_t n = wino_impls(l, im);
    if (n == 0) continue;
    const double t_layer = bench_mono_s();
    void *ctx[WINO_MAXIMPL] = {0};
    char errs[WINO_MAXIMPL][512];
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
        if (ctx[k] == NULL) continue;
        size_t runs = 0;
        const double t0 = bench_cpu_s();
        double t;
        do {
          conv_impl_run(ctx[k]);
          runs++;
        } while ((t = bench_cpu_s() - t0) < slice_s);
        g[k * rounds + r] = t > 0 ? flops * (double)runs / t * 1e-9 : 0;
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
    for (size_t k = 0, first = 1; k < n; k++) {
      const char *lab = ctx[k] != NULL ? conv_impl_label(ctx[k]) : NULL;
      if (lab == NULL) continue;
      fprintf(out, "%s\"%s\": ", first ? "" : ", ", im[k].name);
      bench_json_str(out, lab);
      first = 0;
    }
    fputs("}, \"unsupported\": [", out);
    for (size_t k = 0, first = 1; k < n; k++) {
      if (!im[k].unsupported) continue;
      fprintf(out, "%s\"%s\"", first ? "" : ", ", im[k].name);
      first = 0;
    }
    fputs("], \"errors\": {", out);
    for (size_t k = 0, first = 1; k < n; k++) {
      if (errs[k][0] == '\0') continue;
      fprintf(out, "%s\"%s\": ", first ? "" : ", ", im[k].name);
      bench_json_str(out, errs[k]);
      first = 0;
      fprintf(stderr, "simdconv_bench --winograd-pairs: %s/%s: %s\n", l->name, im[k].name, errs[k]);
    }
    fputs("}}", out);
    fflush(out);
    for (size_t k = 0; k < n; k++)
      if (ctx[k] != NULL) conv_impl_teardown(ctx[k]);
    conv_layer_data_free(d);
    fprintf(stderr, "simdconv_bench --winograd-pairs: %s: %zu implementations, %zu rounds: %.1f s\n", l->name, n,
            rounds, bench_mono_s() - t_layer);
  }
  fputs("\n]\n}\n", out);
  fflush(out);
  free(g);
  return rc;
}
