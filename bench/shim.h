/* A C face for Google Benchmark: C code registers cases (name, setup, run, teardown, FLOPs per
 * run) and reports counters; bench/shim.cc is the only C++ between them and the library.
 *
 * Life of a case. Google Benchmark calls a case's function several times (to size the
 * iteration count, then once per repetition, in any order with
 * --benchmark_enable_random_interleaving). The shim runs setup once, on the first call, and
 * keeps the context until scb_main returns, so expensive setup and output checks happen once
 * per case, never inside the timed loop. A setup that fails
 * marks the case as an error (Google Benchmark's SkipWithError) and scb_main returns 1.
 *
 * Counters every case gets: "GFLOP/s" (flops per run x runs / seconds, when flops > 0),
 * "pct_peak" (GFLOP/s as a percentage of peak_gflops(arg), when that callback is given and
 * returns > 0) and "cpu_util" (process CPU seconds / wall-clock seconds of the timed loop).
 *
 * "Seconds" depend on the case's clock:
 *   SCB_CLOCK_CPU (default, single-threaded cases): the process's CPU seconds (all threads) over
 *     the timed loop. On a quiet machine they equal wall-clock time; under other load they leave
 *     out the time the case was descheduled, and a case that secretly used more threads cannot
 *     gain from it (cpu_util > 1 shows it; cpu_util well below 1 shows the machine was busy).
 *   SCB_CLOCK_WALL (multi-threaded cases): wall-clock seconds of the timed loop (Google
 *     Benchmark's UseRealTime, with MeasureProcessCPUTime for its cpu_time), so that running on
 *     more threads shows as more GFLOP/s; cpu_util is then the average number of busy CPUs
 *     (spin-waiting pool threads count as busy). Descheduled time counts against the case. */
#ifndef SIMDCONV_BENCH_SHIM_H
#define SIMDCONV_BENCH_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where a case's report callback writes its counters and label. */
typedef struct scb_report scb_report;

typedef struct scb_case {
  const char *name; /* "group/layer/variant": --benchmark_filter matches on it */
  /* Build *ctx from arg. Return 0, or non-zero with a message in err[errlen] (the case then fails). */
  int (*setup)(const void *arg, void **ctx, char *err, size_t errlen);
  void (*run)(void *ctx);          /* one timed run */
  void (*teardown)(void *ctx);     /* may be NULL; gets the ctx of a setup that succeeded */
  /* After the timed loop of every call: add counters / a label. May be NULL. */
  void (*report)(void *ctx, scb_report *r);
  double flops;                    /* floating-point operations per run (0: no GFLOP/s counter) */
  double (*peak_gflops)(const void *arg); /* peak to compare with, GFLOP/s; may be NULL */
  const void *arg;
  int clock;                       /* SCB_CLOCK_CPU (0, default) or SCB_CLOCK_WALL, see above */
} scb_case;

/* The clock a case's seconds are measured on (scb_case.clock). */
enum { SCB_CLOCK_CPU = 0, SCB_CLOCK_WALL = 1 };

/* Registers a copy of c (the name is copied; arg is kept as a pointer). Cases run in
 * registration order. Returns 0, or -1 on a bad case. */
int scb_register(const scb_case *c);

/* Counter flags. */
enum { SCB_PLAIN = 0, SCB_RATE = 1 /* value / seconds */ };
/* Adds a counter; with SCB_RATE the value is divided by the call's seconds (see above). */
void scb_counter(scb_report *r, const char *name, double value, int flags);
void scb_label(scb_report *r, const char *label);
/* Runs and seconds (on the case's clock) of the timed loop this report is about. */
double scb_report_runs(const scb_report *r);
double scb_report_seconds(const scb_report *r);

/* A key/value pair for the "context" block of the JSON output and the console header. */
void scb_context(const char *key, const char *value);

/* Parses Google Benchmark's flags, runs the selected cases and tears their contexts down.
 * Returns 0 when every selected case ran, 1 when any failed or a flag was not recognised. */
int scb_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* SIMDCONV_BENCH_SHIM_H */
