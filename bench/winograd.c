/* The Winograd mode (winograd.h): which layers and implementations it runs, and the paired run
 * (--winograd-pairs: impl_pairs.h's run and JSON, whose context adds "winograd_kernels",
 * "winograd_layers", "geomean_layers", "skipped_layers"; report.py --winograd-pairs). */
#include "winograd.h"

#include <stdlib.h>
#include <string.h>

#include "conv_cases.h"
#include "data.h"

size_t wino_impls(const bench_layer *l, wino_impl *out) {
  const simdconv_isa best = simdconv_best_isa();
  float *w = conv_zero_weights(l);
  size_t n = 0;
  int any = 0; /* the library made a Winograd plan for l */
  memset(out, 0, sizeof *out * PAIR_MAXIMPL);
  snprintf(out[n].name, sizeof out[n].name, "%s", simdconv_isa_name(best));
  out[n++].isa = best;
  snprintf(out[n].name, sizeof out[n].name, "winograd");
  out[n].isa = best;
  out[n].algorithm = SIMDCONV_ALGORITHM_WINOGRAD;
  out[n].unsupported = conv_probe(l, w, best, SIMDCONV_ALGORITHM_WINOGRAD, NULL) == SIMDCONV_UNSUPPORTED;
  any |= !out[n++].unsupported;
  for (size_t i = 0, nk = simdconv_kernel_count(); i < nk && n < PAIR_MAXIMPL - 4; i++) {
    if (simdconv_kernel_isa(i) != best || !conv_row_is_winograd(i)) continue;
    snprintf(out[n].name, sizeof out[n].name, "%s", simdconv_kernel_name(i));
    out[n].isa = best;
    out[n].algorithm = SIMDCONV_ALGORITHM_WINOGRAD;
    out[n].kernel = simdconv_kernel_name(i);
    out[n].unsupported = conv_probe(l, w, best, SIMDCONV_ALGORITHM_WINOGRAD, out[n].kernel) == SIMDCONV_UNSUPPORTED;
    any |= !out[n++].unsupported;
  }
  free(w);
  if (!any && !bench_layer_winograd_shape(l)) return 0;
  snprintf(out[n].name, sizeof out[n].name, "fastest");
  out[n].isa = best;
  out[n++].algorithm = SIMDCONV_ALGORITHM_FASTEST;
  size_t npeers = 0;
  const peer_impl *const *peers = peers_init(&npeers);
  for (size_t k = 0; k < npeers && n < PAIR_MAXIMPL; k++) {
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
    wino_impl im[PAIR_MAXIMPL];
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

static void wino_context(FILE *out) {
  const char *set, *geomean, *skipped;
  wino_layer_lists(&set, &geomean, &skipped);
  fputs("\"winograd_kernels\": ", out);
  bench_json_str(out, conv_row_names(1));
  fputs(", \"winograd_layers\": ", out);
  bench_json_str(out, set);
  fputs(", \"geomean_layers\": ", out);
  bench_json_str(out, geomean);
  fputs(", \"skipped_layers\": ", out);
  bench_json_str(out, skipped);
  fputs(", ", out);
}

int winograd_pairs(size_t rounds, double slice_s, FILE *out) {
  return impl_pairs("--winograd-pairs", wino_impls, wino_context, rounds, slice_s, out);
}
