/* The network runs (simdconv_bench --networks, networks.h): every distinct conv layer of each
 * network (--network=@FILE) on simdconv and the peers, in interleaved rounds, as JSON for
 * report.py's per-network table and chart panel.
 *
 * Per layer: its data (x, w, b, the scalar kernel's reference; conv_layer_data_new), then every
 * implementation set up exactly as the conv cases do it, its output checked against the reference
 * (conv_impl_setup; a failed setup or check is that implementation's error on the layer, and the
 * run's exit status 1). Then a batch size per implementation (runs that take about slice_s; at
 * least 1), and `rounds` rounds in which every implementation in turn (who goes first rotating)
 * runs its batch: the round's time per run is recorded (the ISAs other than the best: only the
 * first NET_OTHER_ISA_ROUNDS rounds; "fastest", the best ISA with SIMDCONV_ALGORITHM_FASTEST: every
 * round, paired like the best ISA). The layer's data and implementations are freed before the next
 * layer, so memory is one layer's (VGG-16's 224x224x64 layers: ~13 MB a tensor). report.py: a
 * layer's time = median over rounds, a network's = the sum over its layers of time x count; the
 * paired ratio = the median over rounds of the ratio of the round's totals.
 *
 * Clocks: single thread (threads 0): process CPU seconds, as the single-thread cases; n threads:
 * the wall clock, as the threads:<n> cases, and per layer the median cpu_util (process CPU seconds
 * / wall seconds of a turn: below n, the turn waited for CPUs other work held). */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include "networks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conv_cases.h"
#include "data.h"
#include "layers.h"
#include "peak.h"
#include "peers.h"
#include "threads.h"

enum { NET_MAXIMPL = 8 };
/* Rounds of the ISAs other than the best (--net-isas=all): no paired ratio uses them, and the
 * scalar one takes most of a round's time. */
enum { NET_OTHER_ISA_ROUNDS = 3 };
/* n threads: the pause before each implementation's block (see the rounds below). */
enum { NET_THREAD_PAUSE_MS = 50 };
/* n threads: the passes its rounds are dealt over (see the rounds below). */
enum { NET_THREAD_PASSES = 3 };
/* n threads: the untimed runs after each pause (warm_up) */
enum { NET_THREAD_WARM_MS = 10 };

typedef struct impl {
  const char *name;      /* "avx512", "onednn", ..., "fastest" */
  simdconv_isa isa;      /* simdconv, or AUTO for a peer */
  const peer_impl *peer; /* or NULL */
  simdconv_algorithm algorithm; /* simdconv: DIRECT (the ISA's DEFAULT plan), or FASTEST ("fastest") */
  size_t threads;        /* its setup's threads: the run's, or 0 for NET_ONE_THREAD */
} impl;

/* n threads: simdconv's best ISA on the calling thread alone, timed on the wall clock in blocks like
 * the others, so that report.py pairs it with the best ISA's n-thread rounds: the scaling, paired in
 * one process (separate 1- and n-thread runs drift apart with the machine's load) */
#define NET_ONE_THREAD "one_thread"

/* seconds of `runs` runs of impl c on clock */
static double time_runs(void *c, size_t runs, double (*clock_s)(void)) {
  const double t0 = clock_s();
  for (size_t i = 0; i < runs; i++) conv_impl_run(c);
  return clock_s() - t0;
}

/* Runs per timed turn so that a turn takes about slice_s: doubles the runs until a batch takes a
 * quarter of the slice (at most 2^24), then scales by the fastest of three such batches (one run
 * held up by the VM, 4 ms for a 30 us layer, once set a batch of 1); 1 when the slice is 0 or
 * shorter than a run. */
static size_t batch_runs(void *c, double slice_s, double (*clock_s)(void)) {
  size_t n = 1;
  double s = time_runs(c, 1, clock_s);
  while (s < 0.25 * slice_s && n < ((size_t)1 << 24)) {
    n *= 2;
    s = time_runs(c, n, clock_s);
  }
  for (int i = 0; i < 2 && slice_s > 0; i++) {
    const double s2 = time_runs(c, n, clock_s);
    if (s2 < s) s = s2;
  }
  const double per = s / (double)n;
  return per > 0 && slice_s > per ? (size_t)(slice_s / per + 0.5) : 1;
}

/* Seconds a run of one turn (batch runs of c); util (when not NULL): the turn's CPU seconds over
 * its wall-clock seconds (n threads). */
static double turn(void *c, size_t batch, double (*clock_s)(void), double *util) {
  const double c0 = util != NULL ? bench_cpu_s() : 0;
  const double s = time_runs(c, batch, clock_s);
  if (util != NULL) *util = s > 0 ? (bench_cpu_s() - c0) / s : 0;
  return s / (double)batch;
}

/* n threads: the untimed runs after a pause, at least 2 and NET_THREAD_WARM_MS of wall time: the
 * first runs after a pause wake the workers (and the CPUs they sleep on) */
static void warm_up(void *c) {
  const double t0 = bench_mono_s();
  for (size_t i = 0; i < 2 || bench_mono_s() - t0 < NET_THREAD_WARM_MS * 1e-3; i++) conv_impl_run(c);
}

int networks_run(size_t rounds, double slice_s, size_t threads, int all_isas, FILE *out) {
  size_t nnets = 0, npeers = 0;
  const bench_network *nets = bench_networks(&nnets);
  const peer_impl *const *peers = peers_init(&npeers);
  const simdconv_isa best = simdconv_best_isa();
  double (*clock_s)(void) = threads > 0 ? bench_mono_s : bench_cpu_s;
  impl impls[NET_MAXIMPL];
  size_t ni = 0;
  /* simdconv: the best ISA first (the paired ratios' side), then the best ISA with
   * SIMDCONV_ALGORITHM_FASTEST ("fastest": Winograd where the library's rule says it is faster,
   * direct elsewhere; every round, paired like the best ISA), then (all_isas, single thread) the
   * other ISAs; n threads: the best ISA and FASTEST on the shared pool, and the best ISA on the
   * calling thread alone (NET_ONE_THREAD), when simdconv runs threaded */
  if (threads == 0 || (bench_pools_available() && simdconv_has_threads())) {
    impls[ni++] = (impl){simdconv_isa_name(best), best, NULL, SIMDCONV_ALGORITHM_DIRECT, threads};
    impls[ni++] = (impl){"fastest", best, NULL, SIMDCONV_ALGORITHM_FASTEST, threads};
    for (int k = SIMDCONV_ISA_SCALAR; all_isas && threads == 0 && k < SIMDCONV_ISA_COUNT && ni < NET_MAXIMPL; k++)
      if ((simdconv_isa)k != best && simdconv_isa_available((simdconv_isa)k))
        impls[ni++] = (impl){simdconv_isa_name((simdconv_isa)k), (simdconv_isa)k, NULL, SIMDCONV_ALGORITHM_DIRECT, 0};
    if (threads > 1) impls[ni++] = (impl){NET_ONE_THREAD, best, NULL, SIMDCONV_ALGORITHM_DIRECT, 0};
  }
  /* the peers but OpenBLAS (im2col + GEMM, far behind; as the pairs run) */
  for (size_t k = 0; k < npeers && ni < NET_MAXIMPL; k++)
    if (strcmp(peers[k]->name, "openblas") != 0 && (threads == 0 || peers[k]->threaded))
      impls[ni++] = (impl){peers[k]->name, SIMDCONV_ISA_AUTO, peers[k], SIMDCONV_ALGORITHM_DIRECT, threads};
  double *t = malloc(sizeof(double) * NET_MAXIMPL * (rounds ? rounds : 1));
  double *u = malloc(sizeof(double) * NET_MAXIMPL * (rounds ? rounds : 1));
  if (t == NULL || u == NULL) {
    free(t);
    free(u);
    fprintf(stderr, "simdconv_bench --networks: out of memory\n");
    return 1;
  }

  fprintf(out, "{\n\"context\": {");
  bench_json_cpu_fields(out);
  /* the best ISA's FMA peak per core (peak.c; a short measurement here), for the tables' % of peak */
  fprintf(out, "\"peak_gflops\": %.2f, ", slice_s > 0 ? peak_gflops(best) : 0.0);
  if (threads > 0) /* the threaded method (the rounds below), for the tables' text */
    fprintf(out, "\"thread_pause_ms\": %d, \"thread_warm_ms\": %d, \"thread_passes\": %d, ", NET_THREAD_PAUSE_MS,
            NET_THREAD_WARM_MS, NET_THREAD_PASSES);
  fprintf(out, "\"threads\": %zu, \"clock\": \"%s\", \"rounds\": %zu, \"slice_ms\": %.3f, \"impls\": [", threads,
          threads > 0 ? "wall" : "cpu", rounds, slice_s * 1e3);
  for (size_t k = 0; k < ni; k++) {
    if (k) fputs(", ", out);
    bench_json_str(out, impls[k].name);
  }
  fputs("]},\n\"networks\": [", out);

  int rc = 0;
  for (size_t ki = 0; ki < nnets; ki++) {
    const bench_network *nw = &nets[ki];
    const double t_net = bench_mono_s();
    fprintf(out, "%s\n {\"name\": ", ki ? "," : "");
    bench_json_str(out, nw->name);
    fputs(", \"path\": ", out);
    bench_json_str(out, nw->path);
    fputs(", \"layers\": [", out);
    size_t nerr = 0;
    for (size_t li = 0; li < nw->n; li++) {
      const bench_layer *l = &nw->layers[li];
      char err[512] = "", spec[512];
      void *ctx[NET_MAXIMPL] = {0};
      char errs[NET_MAXIMPL][512];
      size_t batch[NET_MAXIMPL] = {0};
      conv_layer_data *d = conv_layer_data_new(l, li, err, sizeof err);
      for (size_t k = 0; k < ni; k++) {
        errs[k][0] = '\0';
        if (d == NULL) snprintf(errs[k], sizeof errs[k], "%s", err);
        else if ((ctx[k] = conv_impl_setup(d, impls[k].isa, impls[k].peer, impls[k].threads, impls[k].algorithm, NULL, errs[k],
                                           sizeof errs[k])) == NULL &&
                 errs[k][0] == '\0')
          snprintf(errs[k], sizeof errs[k], "setup failed");
        if (errs[k][0] != '\0') nerr++;
      }
      /* batch: runs that take about slice_s (the setup ran each once: caches and pages are warm);
       * on n threads measured in each implementation's block below */
      for (size_t k = 0; k < ni && threads == 0; k++)
        if (ctx[k] != NULL) batch[k] = batch_runs(ctx[k], slice_s, clock_s);
      size_t nr[NET_MAXIMPL]; /* rounds of implementation k */
      for (size_t k = 0; k < ni; k++) {
        const int other_isa = impls[k].peer == NULL && impls[k].isa != best;
        nr[k] = other_isa && rounds > NET_OTHER_ISA_ROUNDS ? NET_OTHER_ISA_ROUNDS : rounds;
      }
      double util[NET_MAXIMPL] = {0}; /* n threads: the median busy CPUs (CPU seconds / wall seconds) */
      /* One thread: every implementation in turn, each round. n threads: the implementations' worker
       * threads spin after each parallel run (pthreadpool ~1M pause iterations, libgomp its spin
       * count), long enough to hold a CPU through the next implementation's 3 ms turn on a 2-CPU
       * machine; so each implementation runs its rounds in blocks, each after a pause of
       * NET_THREAD_PAUSE_MS in which the previous block's workers go to sleep and warm_up's untimed
       * runs. The rounds are dealt over NET_THREAD_PASSES passes (round r in pass r % passes; who
       * goes first rotating by layer and pass): a stall of the VM that spans one block takes at most
       * a third of an implementation's rounds, never its median (one 2-thread run had all 7 rounds
       * of one layer in one such stall: 8 ms a run instead of 0.075). Paired ratios pair round r. */
      if (threads == 0) {
        for (size_t r = 0; r < rounds; r++)
          for (size_t jj = 0; jj < ni; jj++) {
            const size_t k = (r + jj) % ni;
            if (ctx[k] != NULL && r < nr[k]) t[k * rounds + r] = turn(ctx[k], batch[k], clock_s, NULL);
          }
      } else {
        const size_t passes = rounds < NET_THREAD_PASSES ? rounds : NET_THREAD_PASSES;
        for (size_t p = 0; p < passes; p++)
          for (size_t jj = 0; jj < ni; jj++) {
            const size_t k = (li + jj + p) % ni;
            if (ctx[k] == NULL || p >= nr[k]) continue;
            if (slice_s > 0) { /* --quick (slice 0): a check, not a timing */
              const struct timespec pause = {0, NET_THREAD_PAUSE_MS * 1000000L};
              nanosleep(&pause, NULL);
              warm_up(ctx[k]);
            }
            if (p == 0) batch[k] = batch_runs(ctx[k], slice_s, clock_s);
            for (size_t r = p; r < nr[k]; r += passes)
              t[k * rounds + r] = turn(ctx[k], batch[k], clock_s, &u[k * rounds + r]);
          }
      }
      for (size_t k = 0; k < ni && threads > 0; k++) {
        if (ctx[k] == NULL || nr[k] == 0) continue;
        qsort(u + k * rounds, nr[k], sizeof(double), bench_cmp_double);
        util[k] = nr[k] % 2 ? u[k * rounds + nr[k] / 2] : 0.5 * (u[k * rounds + nr[k] / 2 - 1] + u[k * rounds + nr[k] / 2]);
      }
      bench_layer_spec(l, spec, sizeof spec);
      fprintf(out, "%s\n  {\"name\": ", li ? "," : "");
      bench_json_str(out, l->name);
      fputs(", \"spec\": ", out);
      bench_json_str(out, spec);
      fprintf(out, ", \"count\": %zu, \"flops\": %.0f, \"times\": {", bench_layer_count(l), 2.0 * bench_layer_macs(l));
      for (size_t k = 0, first = 1; k < ni; k++) {
        if (ctx[k] == NULL) continue;
        fprintf(out, "%s\"%s\": [", first ? "" : ", ", impls[k].name);
        for (size_t r = 0; r < nr[k]; r++) fprintf(out, "%s%.6e", r ? ", " : "", t[k * rounds + r]);
        fputs("]", out);
        first = 0;
      }
      fputs("}, \"batch\": {", out);
      for (size_t k = 0, first = 1; k < ni; k++) {
        if (ctx[k] == NULL) continue;
        fprintf(out, "%s\"%s\": %zu", first ? "" : ", ", impls[k].name, batch[k]);
        first = 0;
      }
      if (threads > 0) {
        fputs("}, \"cpu_util\": {", out);
        for (size_t k = 0, first = 1; k < ni; k++) {
          if (ctx[k] == NULL) continue;
          fprintf(out, "%s\"%s\": %.3f", first ? "" : ", ", impls[k].name, util[k]);
          first = 0;
        }
      }
      fputs("}, \"labels\": {", out);
      int first = 1;
      for (size_t k = 0; k < ni; k++)
        bench_json_member(out, &first, impls[k].name, ctx[k] ? conv_impl_label(ctx[k]) : NULL);
      fputs("}, \"errors\": {", out);
      first = 1;
      for (size_t k = 0; k < ni; k++) {
        bench_json_member(out, &first, impls[k].name, errs[k]);
        if (errs[k][0]) fprintf(stderr, "simdconv_bench --networks: %s/%s/%s: %s\n", nw->name, l->name, impls[k].name, errs[k]);
      }
      fputs("}}", out);
      for (size_t k = 0; k < ni; k++)
        if (ctx[k] != NULL) conv_impl_teardown(ctx[k]);
      conv_layer_data_free(d);
      fflush(out);
    }
    fputs("]}", out);
    if (nerr) rc = 1;
    fprintf(stderr, "simdconv_bench --networks: %s: %zu layers x %zu implementations, %zu rounds, %zu thread%s: %.1f s%s\n",
            nw->name, nw->n, ni, rounds, threads > 0 ? threads : 1, threads > 1 ? "s" : "", bench_mono_s() - t_net,
            nerr ? " (errors)" : "");
  }
  fputs("\n]\n}\n", out);
  fflush(out);
  free(t);
  free(u);
  return rc;
}
