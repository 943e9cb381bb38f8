/* Test data, the scalar reference, clocks of the benchmark (data.h). */
#define _POSIX_C_SOURCE 200809L /* posix_memalign */
#include "data.h"

#include <stdlib.h>
#include <time.h>

#include "peak.h"

float *bench_alloc_floats(size_t n) {
  void *p = NULL;
  if (posix_memalign(&p, 64, (n ? n : 1) * sizeof(float)) != 0) return NULL;
  return p;
}

static uint64_t splitmix64(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void bench_fill_uniform(float *p, size_t n, uint64_t *seed) {
  for (size_t i = 0; i < n; i++) p[i] = (float)((int64_t)(splitmix64(seed) >> 40) - (1 << 23)) * (1.0f / (1 << 23));
}

simdconv_status bench_scalar_conv(const simdconv_conv2d_desc *d, size_t n, const float *x, const float *w,
                                  const float *b, float *y) {
  simdconv_conv2d_plan *plan = NULL;
  simdconv_status st = simdconv_conv2d_create(d, w, b, SIMDCONV_ISA_SCALAR, &plan);
  if (st == SIMDCONV_OK) st = simdconv_conv2d_run(plan, n, x, y);
  simdconv_conv2d_destroy(plan);
  return st;
}

static double seconds(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
double bench_mono_s(void) { return seconds(CLOCK_MONOTONIC); }
double bench_cpu_s(void) { return seconds(CLOCK_PROCESS_CPUTIME_ID); }

int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

double bench_quantile(const double *v, size_t n, double q) {
  const double pos = q * (double)(n - 1);
  const size_t i = (size_t)pos;
  return i + 1 < n ? v[i] + (pos - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
}

void bench_json_member(FILE *f, int *first, const char *key, const char *value) {
  if (value == NULL || *value == '\0') return;
  if (!*first) fputs(", ", f);
  *first = 0;
  bench_json_str(f, key);
  fputs(": ", f);
  bench_json_str(f, value);
}

void bench_json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; s != NULL && *s; s++) {
    if (*s == '"' || *s == '\\') fprintf(f, "\\%c", *s);
    else if ((unsigned char)*s < 0x20) fprintf(f, "\\u%04x", (unsigned)(unsigned char)*s);
    else fputc(*s, f);
  }
  fputc('"', f);
}

void bench_json_cpu_fields(FILE *f) {
  bench_cpu cpu;
  bench_cpu_get(&cpu);
  const char *kv[][2] = {{"cpu_vendor", cpu.vendor},   {"cpu_model", cpu.model},    {"cpu_id", cpu.ident},
                         {"cpu_uarch", cpu.uarch},     {"cpu_caches", cpu.caches},  {"simdconv_isas", cpu.isas},
                         {"simdconv_best_isa", cpu.best}, {"simdconv_cpu_features", cpu.features}};
  for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
    bench_json_str(f, kv[i][0]);
    fputs(": ", f);
    bench_json_str(f, kv[i][1]);
    fputs(", ", f);
  }
}
