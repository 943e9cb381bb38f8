/* simdconv_bench: peak/<isa> FMA-throughput cases first, then conv/<layer>/<isa|peer>, then the
 * threaded conv/<layer>/<isa|peer>/threads:<n> cases (n from env SIMDCONV_BENCH_THREADS, default
 * "1,2"; "none": no threaded cases).
 *
 *   simdconv_bench [--threads-only] [Google Benchmark flags: --benchmark_filter=..., ...]
 *
 * --threads-only registers the peaks and the threaded cases only (bench/run.sh runs the
 * single-thread cases pinned to one CPU and the threaded ones, with this flag, on several).
 * Exit status 0 when every selected case ran and every output check passed, else 1. */
#include <stdio.h>
#include <string.h>

#include "conv_cases.h"
#include "peak.h"
#include "shim.h"
#include "threads.h"

int main(int argc, char **argv) {
  int which = CONV_CASES_ALL, n = 1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--threads-only") == 0) which = CONV_CASES_THREADED;
    else argv[n++] = argv[i];
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
