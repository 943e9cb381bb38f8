/* simdconv_bench: peak/<isa> FMA-throughput cases first, then conv/<layer>/<isa|peer>, then the
 * threaded conv/<layer>/<isa|peer>/threads:<n> cases (n from env SIMDCONV_BENCH_THREADS, default
 * "1,2"; "none": no threaded cases).
 *
 *   simdconv_bench [--layer=SPEC|@FILE]... [--threads-only] [Google Benchmark flags: --benchmark_filter=...]
 *   simdconv_bench [--layer=...]... --kernels [Google Benchmark flags]   (per-kernel cases: see below)
 *   simdconv_bench [--layer=...]... --winograd [Google Benchmark flags]  (Winograd cases: see below)
 *   simdconv_bench [--layer=...]... --winograd-pairs[=ROUNDS] [--winograd-slice-ms=MS]
 *                                                      (the Winograd paired run, JSON to stdout: winograd.h)
 *   simdconv_bench [--layer=...]... --kernel-pairs[=ROUNDS] [--kernel-slice-ms=MS]
 *                                                      (DEFAULT and every candidate kernel paired, JSON to
 *                                                      stdout: impl_pairs.h)
 *   simdconv_bench [--layer=...]... --pairs[=ROUNDS]   (simdconv against each peer in one process: conv_pairs;
 *                                                      then fused / unfused residual: residual_pairs)
 *   simdconv_bench [--layer=...]... --residual-pairs[=ROUNDS]   (only the fused / unfused residual pairs)
 *   simdconv_bench [--layer=...]... --stride-pairs[=ROUNDS]     (dense input / the plan's preferred input
 *                                                      pixel stride, paired with oneDNN: strides.h)
 *   simdconv_bench [--layer=...]... --describe         (the CPU header and the layers, then exit)
 *   simdconv_bench --network=@FILE... --networks[=ROUNDS] [--net-threads=N] [--net-isas=best|all]
 *                  [--net-slice-ms=MS]                 (the network runs, JSON to stdout: networks.h)
 *
 * --layer=SPEC (repeatable) benchmarks the user's layers instead of the built-in suite: SPEC is
 * "h=56,w=56,cin=64,cout=64,k=3x3,s=1,d=1,g=1,pad=same" (grammar: bench/README.md), @FILE (or
 * --layer-file=FILE) one spec a line. A bad spec exits 2 with a message naming the bad field.
 * --threads-only registers the peaks and the threaded cases only (bench/run.sh runs the
 * single-thread cases pinned to one CPU and the threaded ones, with this flag, on several).
 * --kernels registers the peaks and, per layer, conv/<layer>/<best isa> (DEFAULT), conv/<layer>/<kernel>
 * for every candidate kernel of the best ISA (a registry kernel create_ex accepts for the layer) and
 * conv/<layer>/measure (SIMDCONV_TUNING_MEASURE), single thread; nothing else (bench/run.sh --kernels).
 * --winograd registers the peaks and, per layer of the Winograd set (the 3x3 stride-1 layers of the
 * suite and bench_winograd_layers, or the user's layers that are Winograd layers), conv/<layer>/<best
 * isa> (direct), conv/<layer>/winograd, conv/<layer>/<winograd row> for every Winograd registry row
 * of the best ISA, conv/<layer>/fastest and the peers but OpenBLAS, single thread (winograd.h);
 * --winograd-pairs runs the same implementations in interleaved turns of --winograd-slice-ms
 * (default 30) for ROUNDS (default 31) rounds. Both use the Winograd set's layers; --describe with
 * --winograd lists them.
 * --kernel-pairs runs, per layer, DEFAULT and every candidate kernel of --kernels (not MEASURE) in
 * interleaved turns of --kernel-slice-ms (default 10) for ROUNDS (default 31) rounds: kernel against
 * kernel on a machine whose speed changes from one tenth of a second to the next.
 * --network=@FILE (or =FILE; repeatable) adds a network: one layer spec a line with count=N for a
 * layer the network runs N times (bench/networks/NAME.txt); --networks[=ROUNDS] (default 7) runs every
 * distinct layer of each on simdconv (best ISA; --net-isas=all: every ISA, the default on one
 * thread) and oneDNN and XNNPACK in interleaved rounds of --net-slice-ms (default 3) per turn,
 * single thread (--net-threads=0, default) or on N threads (networks_run); --describe lists them.
 * Exit status 0 when every selected case ran and every output check passed, 2 on a bad flag or
 * layer spec, else 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv_cases.h"
#include "impl_pairs.h"
#include "layers.h"
#include "networks.h"
#include "peak.h"
#include "residual.h"
#include "strides.h"
#include "shim.h"
#include "threads.h"
#include "winograd.h"

static const char *const k_prog = "simdconv_bench";

/* The layers and how many real (geomean) ones, one line each: name, MFLOP, the full spec. */
static void describe_layers(int winograd) {
  size_t n = 0;
  const bench_layer *l = bench_layers(&n);
  const char *set = "", *geomean = "", *skipped = "";
  if (winograd) {
    wino_layer_lists(&set, &geomean, &skipped);
    printf("Winograd set (%s): %s\n  in its geometric mean: %s\n  not Winograd layers (skipped): %s\n",
           bench_layers_user() ? "your layers that are Winograd layers" : "bench/layers.md", set, geomean,
           skipped[0] ? skipped : "none");
    printf("  Winograd rows of the best ISA: %s\n", conv_row_names(1)[0] ? conv_row_names(1) : "none");
  }
  printf("Layers (%s, %zu):\n", bench_layers_user() ? "yours, from --layer" : "built-in, bench/layers.md", n);
  for (size_t i = 0; i < n; i++) {
    char spec[512];
    bench_layer_spec(&l[i], spec, sizeof spec);
    const bench_geom g = bench_layer_geom(&l[i]);
    printf("  %-24s %9.1f MFLOP  out %zux%zu  %s\n", l[i].name, 2e-6 * bench_layer_macs(&l[i]), g.oh, g.ow, spec);
  }
}

/* The networks (--network), one line each: name, distinct layers, convolutions, GFLOP, file. */
static void describe_networks(void) {
  size_t n = 0;
  const bench_network *nets = bench_networks(&n);
  if (n == 0) return;
  printf("Networks (%zu):\n", n);
  for (size_t k = 0; k < n; k++) {
    size_t convs = 0;
    double flops = 0;
    for (size_t i = 0; i < nets[k].n; i++) {
      convs += bench_layer_count(&nets[k].layers[i]);
      flops += 2.0 * bench_layer_macs(&nets[k].layers[i]) * (double)bench_layer_count(&nets[k].layers[i]);
    }
    printf("  %-24s %3zu layers, %3zu convs, %7.3f GFLOP  %s\n", nets[k].name, nets[k].n, convs, 1e-9 * flops,
           nets[k].path);
  }
}

/* A number value of --flag=V in [lo, hi], else exits 2. */
static double flag_number(const char *arg, double lo, double hi) {
  const char *v = strchr(arg, '=') + 1;
  char *end = NULL;
  double x = strtod(v, &end);
  if (end == v || *end != '\0' || !(x >= lo && x <= hi)) {
    fprintf(stderr, "%s: %s: expected a number from %g to %g\n", k_prog, arg, lo, hi);
    exit(2);
  }
  return x;
}

int main(int argc, char **argv) {
  int which = CONV_CASES_ALL, n = 1, describe = 0, winograd = 0;
  long pairs = 0, wino_pairs = 0, kernel_pairs_rounds = 0;
  double wino_slice_ms = 30, kernel_slice_ms = 10;
  int residual_only = 0;
  long stride_rounds = 0;
  long networks = 0, net_threads = 0;
  int net_isas = -1; /* -1: all on one thread, best on n threads */
  double net_slice_ms = 3;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--threads-only") == 0) which = CONV_CASES_THREADED;
    else if (strcmp(argv[i], "--kernels") == 0) which = CONV_CASES_KERNELS;
    else if (strcmp(argv[i], "--winograd") == 0) winograd = 1;
    else if (strcmp(argv[i], "--winograd-pairs") == 0) wino_pairs = 31;
    else if (strncmp(argv[i], "--winograd-pairs=", 17) == 0) wino_pairs = (long)flag_number(argv[i], 1, 100000);
    else if (strncmp(argv[i], "--winograd-slice-ms=", 20) == 0) wino_slice_ms = flag_number(argv[i], 0, 10000);
    else if (strcmp(argv[i], "--kernel-pairs") == 0) kernel_pairs_rounds = 31;
    else if (strncmp(argv[i], "--kernel-pairs=", 15) == 0) kernel_pairs_rounds = (long)flag_number(argv[i], 1, 100000);
    else if (strncmp(argv[i], "--kernel-slice-ms=", 18) == 0) kernel_slice_ms = flag_number(argv[i], 0, 10000);
    else if (strcmp(argv[i], "--describe") == 0) describe = 1;
    else if (strcmp(argv[i], "--stride-pairs") == 0) stride_rounds = 31;
    else if (strncmp(argv[i], "--stride-pairs=", 15) == 0) stride_rounds = (long)flag_number(argv[i], 1, 100000);
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
    } else if (strcmp(argv[i], "--networks") == 0) {
      networks = 7;
    } else if (strncmp(argv[i], "--networks=", 11) == 0) {
      networks = (long)flag_number(argv[i], 1, 100000);
    } else if (strncmp(argv[i], "--net-threads=", 14) == 0) {
      net_threads = (long)flag_number(argv[i], 0, 1024);
    } else if (strncmp(argv[i], "--net-slice-ms=", 15) == 0) {
      net_slice_ms = flag_number(argv[i], 0, 10000);
    } else if (strcmp(argv[i], "--net-isas=all") == 0 || strcmp(argv[i], "--net-isas=best") == 0) {
      net_isas = argv[i][11] == 'a';
    } else if (strncmp(argv[i], "--net-isas", 10) == 0) {
      fprintf(stderr, "%s: %s: expected --net-isas=best or --net-isas=all\n", k_prog, argv[i]);
      return 2;
    } else if (strncmp(argv[i], "--network=", 10) == 0) {
      if (bench_networks_add(argv[i] + 10, k_prog) != 0) return 2;
    } else if (strcmp(argv[i], "--network") == 0) {
      fprintf(stderr, "%s: %s: expected --network=@FILE (one argument)\n", k_prog, argv[i]);
      return 2;
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
  if (winograd || wino_pairs > 0) {
    if (winograd) which = CONV_CASES_WINOGRAD;
    if (bench_layers_winograd() != 0) {
      fprintf(stderr, "%s: out of memory\n", k_prog);
      return 1;
    }
  }
  int rc;
  if (describe) {
    bench_cpu_print("");
    describe_layers(winograd || wino_pairs > 0);
    describe_networks();
    rc = 0;
  } else if (networks > 0) {
    size_t nn = 0;
    bench_networks(&nn);
    if (nn == 0) {
      fprintf(stderr, "%s: --networks: no network (--network=@FILE, e.g. bench/networks/resnet50.txt)\n", k_prog);
      rc = 2;
    } else {
      rc = networks_run((size_t)networks, net_slice_ms * 1e-3, (size_t)net_threads,
                        net_isas >= 0 ? net_isas : net_threads == 0, stdout);
      conv_cases_cleanup();
    }
  } else if (wino_pairs > 0) {
    rc = winograd_pairs((size_t)wino_pairs, wino_slice_ms * 1e-3, stdout);
    conv_cases_cleanup();
  } else if (kernel_pairs_rounds > 0) {
    rc = kernel_pairs((size_t)kernel_pairs_rounds, kernel_slice_ms * 1e-3, stdout);
    conv_cases_cleanup();
  } else if (stride_rounds > 0) {
    bench_cpu_print("");
    printf("\n");
    rc = stride_pairs((size_t)stride_rounds, 0.01);
    conv_cases_cleanup();
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
  bench_networks_free();
  return rc;
}
