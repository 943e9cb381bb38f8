/* Peak FP32 throughput per ISA, measured in the same binary run as the conv cases.
 *
 * peak/<isa> is registered for every ISA the CPU runs: simdconv_isa_available(isa), or, for an
 * ISA whose simdconv kernel is not compiled in (yet), the same cpu_features bits the library's
 * dispatch checks (they include the OS saving the wider register state). Each case records
 * the best GFLOP/s it saw; the conv cases divide by it for their pct_peak counter. */
#include "peak.h"

#include <stdio.h>
#include <time.h>

#include "shim.h"

#if defined(__x86_64__) || defined(_M_X64)
#  include "cpuinfo_x86.h"
#  define PEAK_X86 1
#elif defined(__aarch64__)
#  include "cpuinfo_aarch64.h"
#  define PEAK_AARCH64 1
#endif

#define PEAK_TRIPS (1 << 20) /* loop trips per run: 2-5 ms on a 3-4 GHz core */

static const peak_kernel *const g_kernels[] = {
    &peak_kernel_scalar,
#if defined(PEAK_X86)
    &peak_kernel_sse, &peak_kernel_avx2, &peak_kernel_avx512,
#elif defined(PEAK_AARCH64)
    &peak_kernel_neon,
#endif
};
#define NKERNELS (sizeof g_kernels / sizeof g_kernels[0])

static double g_peak[NKERNELS];      /* best GFLOP/s seen, 0 = not measured */
static volatile float g_sink;        /* keeps the kernels' results alive */
static volatile float g_a = 0.999f;  /* acc -> acc * a + b converges to b / (1 - a) = 1: */
static volatile float g_b = 0.001f;  /* normal-range values throughout, never denormal */

static int cpu_runs(simdconv_isa isa) {
  if (simdconv_isa_available(isa)) return 1;
#if defined(PEAK_X86)
  const X86Features f = GetX86Info().features;
  switch (isa) {
    case SIMDCONV_ISA_SCALAR: return 1;
    case SIMDCONV_ISA_SSE: return f.sse2 && f.sse3 && f.ssse3 && f.sse4_1;
    case SIMDCONV_ISA_AVX2: return f.avx && f.avx2 && f.fma3;
    case SIMDCONV_ISA_AVX512: return f.avx512f;
    default: return 0;
  }
#elif defined(PEAK_AARCH64)
  if (isa == SIMDCONV_ISA_NEON) return GetAarch64Info().features.asimd;
  return isa == SIMDCONV_ISA_SCALAR;
#else
  return isa == SIMDCONV_ISA_SCALAR;
#endif
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int index_of(simdconv_isa isa) {
  for (size_t i = 0; i < NKERNELS; i++)
    if (g_kernels[i]->isa == isa) return (int)i;
  return -1;
}

/* ---- the peak/<isa> cases ---- */

static int peak_setup(const void *arg, void **ctx, char *err, size_t errlen) {
  (void)err;
  (void)errlen;
  *ctx = (void *)arg;
  return 0;
}

static void peak_run(void *ctx) {
  const peak_kernel *k = (const peak_kernel *)ctx;
  g_sink = k->fn(PEAK_TRIPS, g_a, g_b);
}

static void peak_report(void *ctx, scb_report *r) {
  const peak_kernel *k = (const peak_kernel *)ctx;
  double s = scb_report_seconds(r);
  if (s < 1e-3) return; /* too short to trust */
  double g = k->flops_per_trip * PEAK_TRIPS * scb_report_runs(r) / s * 1e-9;
  int i = index_of(k->isa);
  if (i >= 0 && g > g_peak[i]) g_peak[i] = g;
}

void peak_register(void) {
  static char names[NKERNELS][32];
  for (size_t i = 0; i < NKERNELS; i++) {
    if (!cpu_runs(g_kernels[i]->isa)) continue;
    scb_case c = {0};
    snprintf(names[i], sizeof names[i], "peak/%s", simdconv_isa_name(g_kernels[i]->isa));
    c.name = names[i];
    c.setup = peak_setup;
    c.run = peak_run;
    c.report = peak_report;
    c.flops = g_kernels[i]->flops_per_trip * PEAK_TRIPS;
    c.arg = g_kernels[i];
    scb_register(&c);
  }
}

/* ---- lookups for the conv cases ---- */

/* GFLOP/s of k run for about `seconds`. */
static double slice(const peak_kernel *k, double seconds) {
  double t0 = now_s(), t;
  long runs = 0;
  do {
    g_sink = k->fn(PEAK_TRIPS, g_a, g_b);
    runs++;
  } while ((t = now_s() - t0) < seconds);
  return k->flops_per_trip * PEAK_TRIPS * (double)runs / t * 1e-9;
}

/* When peak/<isa> did not run: best of 5 samples of ~20 ms each. */
static double measure_now(const peak_kernel *k) {
  double best = 0;
  g_sink = k->fn(PEAK_TRIPS, g_a, g_b); /* warm up (clock, frequency) */
  for (int s = 0; s < 5; s++) {
    double g = slice(k, 0.02);
    if (g > best) best = g;
  }
  return best;
}

double peak_slice_gflops(simdconv_isa isa, double seconds) {
  int i = index_of(isa);
  return i < 0 || !cpu_runs(isa) ? 0 : slice(g_kernels[i], seconds);
}

double peak_gflops(simdconv_isa isa) {
  int i = index_of(isa);
  if (i < 0 || !cpu_runs(isa)) return 0;
  if (g_peak[i] <= 0) g_peak[i] = measure_now(g_kernels[i]);
  return g_peak[i];
}

double peak_best_gflops(void) {
  double best = 0;
  for (size_t i = 0; i < NKERNELS; i++) {
    double g = peak_gflops(g_kernels[i]->isa);
    if (g > best) best = g;
  }
  return best;
}
