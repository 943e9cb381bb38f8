/* simdconv_bench: peak/<isa> FMA-throughput cases first, then conv/<layer>/<isa|peer>, then the
 * threaded conv/<layer>/<isa|peer>/threads:<n> cases (n from env SIMDCONV_BENCH_THREADS, default
 * "1,2"; "none": no threaded cases).
 *
 *   simdconv_bench [--layer=SPEC|@FILE]... [--threads-only] [Google Benchmark flags: --benchmark_filter=...]
 *   simdconv_bench [--layer=...]... --kernels [Google Benchmark flags]   (per-kernel cases: see below)
 *   simdconv_bench [--layer=...]... --pairs[=ROUNDS]   (simdconv against each peer in one process: conv_pairs;
 *                                                      then fused / unfused residual: residual_pairs)
 *   simdconv_bench [--layer=...]... --residual-pairs[=ROUNDS]   (only the fused / unfused residual pairs)
 *   simdconv_bench [--layer=...]... --describe         (the CPU header and the layers, then exit)
 *
 * --layer=SPEC (repeatable) benchmarks the user's layers instead of the built-in suite: SPEC is
 * "h=56,w=56,cin=64,cout=64,k=3x3,s=1,d=1,g=1,pad=same" (grammar: bench/README.md), @FILE (or
 * --layer-file=FILE) one spec a line. A bad spec exits 2 with a message naming the bad field.
 * --threads-only registers the peaks and the threaded cases only (bench/run.sh runs the
 * single-thread cases pinned to one CPU and the threaded ones, with this flag, on several).
 * --kernels registers the peaks and, per layer, conv/<layer>/<best isa> (DEFAULT), conv/<layer>/<kernel>
 * for every candidate kernel of the best ISA (a registry kernel create_ex accepts for the layer) and
 * conv/<layer>/measure (SIMDCONV_TUNING_MEASURE), single thread; nothing else (bench/run.sh --kernels).
 * Exit status 0 when every selected case ran and every output check passed, 2 on a bad flag or
 * layer spec, else 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv_cases.h"
#include "layers.h"
#include "peak.h"
#include "residual.h"
#include "shim.h"
#include "threads.h"

static const char *const k_prog = "simdconv_bench";

/* The layers and how many real (geomean) ones, one line each: name, MFLOP, the full spec. */
static void describe_layers(void) {
  size_t n = 0;
  const bench_layer *l = bench_layers(&n);
  printf("Layers (%s, %zu):\n", bench_layers_user() ? "yours, from --layer" : "built-in, bench/layers.md", n);
  for (size_t i = 0; i < n; i++) {
    char spec[512];
    bench_layer_spec(&l[i], spec, sizeof spec);
    const bench_geom g = bench_layer_geom(&l[i]);
    printf("  %-24s %9.1f MFLOP  out %zux%zu  %s\n", l[i].name, 2e-6 * bench_layer_macs(&l[i]), g.oh, g.ow, spec);
  }
}

int main(int argc, char **argv) {
  int which = CONV_CASES_ALL, n = 1, describe = 0;
  long pairs = 0;
  int residual_only = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--threads-only") == 0) which = CONV_CASES_THREADED;
    else if (strcmp(argv[i], "--kernels") == 0) which = CONV_CASES_KERNELS;
    else if (strcmp(argv[i], "--describe") == 0) describe = 1;
    else if (strcmp(argv[i], "--pairs") == 0 || strcmp(argv[i], "--residual-pairs") == 0) {
      pairs = 31;
      residual_only = argv[i][2] == 'r';
    } else if (strncmp(argv[i], "--pairs=", 8) == 0 || strncmp(argv[i], "--residual-pairs=", 17) == 0) {
      const char *v = strchr(argv[i], '=') + 1;
      char *end = NULL;
      residual_only = argv[i][2] == 'r';
      pairs = strtol(v, &end, 10);
      if (end == v || *end != '\0' || pairs < 1 || pairs > 100000) {
        fprintf(stderr, "%s: %s: expected %.*s=ROUNDS with 1 <= ROUNDS <= 100000\n", k_prog, argv[i],
                (int)(v - 1 - argv[i]), argv[i]);
        return 2;
      }
    } else if (strncmp(argv[i], "--layer=", 8) == 0) {
      if (bench_layers_add(argv[i] + 8, k_prog) != 0) return 2;
    } else if (strncmp(argv[i], "--layer-file=", 13) == 0) {
      char *arg = malloc(strlen(argv[i] + 13) + 2);
      if (arg == NULL) return 2;
      arg[0] = '@';
      strcpy(arg + 1, argv[i] + 13);
      int rc = bench_layers_add(arg, k_prog);
      free(arg);
      if (rc != 0) return 2;
    } else if (strcmp(argv[i], "--layer") == 0 || strcmp(argv[i], "--layer-file") == 0) {
      fprintf(stderr, "%s: %s: expected %s=VALUE (one argument)\n", k_prog, argv[i], argv[i]);
      return 2;
    } else argv[n++] = argv[i];
  }
  int rc;
  if (describe) {
    bench_cpu_print("");
    describe_layers();
    rc = 0;
  } else if (pairs > 0) {
    bench_cpu_print("");
    printf("\n");
    rc = residual_only ? 0 : conv_pairs((size_t)pairs, 0.03);
    if (!residual_only) printf("\n");
    if (residual_pairs((size_t)pairs, 0.03) != 0) rc = 1;
    residual_cases_cleanup();
    conv_cases_cleanup();
  } else {
    argc = n;
    argv[argc] = NULL;
    size_t ncounts = 0;
    bench_thread_counts(&ncounts);
    if (which == CONV_CASES_THREADED && ncounts == 0) {
      fprintf(stderr, "%s: --threads-only with SIMDCONV_BENCH_THREADS=none: nothing to run\n", k_prog);
      bench_layers_free();
      return 1;
    }
    bench_cpu_context();
    peak_register();
    conv_cases_register(which);
    residual_cases_register(which);
    rc = scb_main(argc, argv);
    residual_cases_cleanup();
    conv_cases_cleanup();
  }
  bench_layers_free();
  return rc;
}
