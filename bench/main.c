/* simdconv_bench: peak/<isa> FMA-throughput cases first, then conv/<layer>/<isa|peer>, then the
 * threaded conv/<layer>/<isa|peer>/threads:<n> cases (n from env SIMDCONV_BENCH_THREADS, default
 * "1,2"; "none": no threaded cases).
 *
 *   simdconv_bench [--threads-only] [Google Benchmark flags: --benchmark_filter=..., ...]
 *   simdconv_bench --pairs[=ROUNDS]   (simdconv against each peer in one process: conv_pairs)
 *
 * --threads-only registers the peaks and the threaded cases only (bench/run.sh runs the
 * single-thread cases pinned to one CPU and the threaded ones, with this flag, on several).
 * Exit status 0 when every selected case ran and every output check passed, else 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv_cases.h"
#include "peak.h"
#include "shim.h"
#include "threads.h"

int main(int argc, char **argv) {
  int which = CONV_CASES_ALL, n = 1;
  long pairs = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--threads-only") == 0) which = CONV_CASES_THREADED;
    else if (strcmp(argv[i], "--pairs") == 0) pairs = 31;
    else if (strncmp(argv[i], "--pairs=", 8) == 0) {
      char *end = NULL;
      pairs = strtol(argv[i] + 8, &end, 10);
      if (end == argv[i] + 8 || *end != '\0' || pairs < 1 || pairs > 100000) {
        fprintf(stderr, "simdconv_bench: %s: expected --pairs=ROUNDS with 1 <= ROUNDS <= 100000\n", argv[i]);
        return 2;
      }
    } else argv[n++] = argv[i];
  }
  if (pairs > 0) {
    int rc = conv_pairs((size_t)pairs, 0.03);
    conv_cases_cleanup();
    return rc;
  }
  argc = n;
  argv[argc] = NULL;
  size_t ncounts = 0;
  bench_thread_counts(&ncounts);
  if (which == CONV_CASES_THREADED && ncounts == 0) {
    fprintf(stderr, "simdconv_bench: --threads-only with SIMDCONV_BENCH_THREADS=none: nothing to run\n");
    return 1;
  }
  peak_register();
  conv_cases_register(which);
  int rc = scb_main(argc, argv);
  conv_cases_cleanup();
  return rc;
}
