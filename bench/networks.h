/* The network runs (networks.c): every distinct conv layer of the networks of --network=@FILE
 * (layers.h, bench_networks) on simdconv and the peers, interleaved rounds, JSON out. */
#ifndef SIMDCONV_BENCH_NETWORKS_H
#define SIMDCONV_BENCH_NETWORKS_H

#include <stddef.h>
#include <stdio.h>

/* simdconv_bench --networks[=ROUNDS]: for every network and each of its layers, simdconv (the
 * best ISA first, then "fastest": the best ISA with SIMDCONV_ALGORITHM_FASTEST, Winograd where the
 * library's rule says so, checked with the Winograd bound; all_isas: then every other ISA this CPU
 * runs, single thread only) and the
 * peers but OpenBLAS (oneDNN, XNNPACK), each checked against the scalar reference in setup, then
 * `rounds` rounds in which every implementation in turn runs a batch of about slice_s seconds
 * (at least one run). threads 0: single thread, process CPU seconds; n: simdconv_conv2d_run_parallel
 * on the shared pthreadpool of n threads and the threaded peers on n threads, wall clock.
 * Writes JSON to out: {"context": {cpu..., "threads", "clock", "rounds", "slice_ms", "impls"},
 * "networks": [{"name", "path", "layers": [{"name", "spec", "count", "flops", "times": {impl:
 * [seconds per run, one per round]}, "batch", "cpu_util" (n threads: {impl: median CPU seconds / wall seconds}), "labels",
 * "errors": {impl: message}}]}]}.
 * Progress (a line per network) and errors go to stderr. Returns 0, or 1 when a setup or an
 * output check failed. */
int networks_run(size_t rounds, double slice_s, size_t threads, int all_isas, FILE *out);

#endif /* SIMDCONV_BENCH_NETWORKS_H */
