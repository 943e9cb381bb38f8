/* What the conv cases, the residual cases and the peaks share: test data, the scalar kernel as a
 * reference, clocks and a sort order for the paired measurements. */
#ifndef SIMDCONV_BENCH_DATA_H
#define SIMDCONV_BENCH_DATA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <simdconv/simdconv.h>

/* n floats (at least 1), 64-byte aligned; free() them. NULL when out of memory. */
float *bench_alloc_floats(size_t n);
/* Uniform in [-1, 1): k * 2^-23 for an integer k, so every nonzero value is a normal float;
 * *seed advances (splitmix64). */
void bench_fill_uniform(float *p, size_t n, uint64_t *seed);
/* The scalar kernel: y = conv(x, w, b) with desc d on n images. */
simdconv_status bench_scalar_conv(const simdconv_conv2d_desc *d, size_t n, const float *x, const float *w,
                                  const float *b, float *y);

/* Seconds: the monotonic wall clock; the process's CPU time (all threads). */
double bench_mono_s(void);
double bench_cpu_s(void);
/* qsort comparator for doubles, ascending. */
int bench_cmp_double(const void *a, const void *b);
/* Quantile q of the sorted v[0..n), n >= 1 (linear between the closest ranks: 0.5 is the median). */
double bench_quantile(const double *v, size_t n, double q);

/* JSON output (the network runs, the Winograd pairs): s as a JSON string (NULL: ""); the CPU
 * header's fields (bench_cpu_get) as `"cpu_vendor": "...", ..., "simdconv_cpu_features": "...", `
 * (each followed by ", ", for the inside of an object). */
void bench_json_str(FILE *f, const char *s);
/* An object's member `"key": "value"` (", " before it unless *first, which it clears); nothing
 * when value is NULL or "" (the per-implementation labels and errors of the paired runs). */
void bench_json_member(FILE *f, int *first, const char *key, const char *value);
void bench_json_cpu_fields(FILE *f);

#endif /* SIMDCONV_BENCH_DATA_H */
