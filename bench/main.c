/* simdconv_bench: peak/<isa> FMA-throughput cases first, then conv/<layer>/<isa|peer>.
 * Takes Google Benchmark's flags (--benchmark_filter=..., --benchmark_out=..., ...).
 * Exit status 0 when every selected case ran and every output check passed, else 1. */
#include "conv_cases.h"
#include "peak.h"
#include "shim.h"

int main(int argc, char **argv) {
  peak_register();
  conv_cases_register();
  int rc = scb_main(argc, argv);
  conv_cases_cleanup();
  return rc;
}
