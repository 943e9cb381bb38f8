/* simdconv_chain_ab LIB_A LIB_B [ROUNDS] < PAIRS: two builds of libsimdconv.so (dlopen'ed side by side)
 * on pairs of layers run back to back, as a network runs them: layer 1, then layer 2 on layer 1's
 * output. What a layer timed alone cannot show: how its output's placement (cached, or streamed
 * to memory) costs the next layer. Each build runs both layers with its own plans; the rounds
 * alternate A and B on one thread and on a pthreadpool of two, and the report is the median of
 * the rounds' time ratios A / B (> 1: B faster), per pair and the geomean.
 *
 * PAIRS: lines "h w c1 k1 s1 g1 c2 k2 s2 g2 c3" (# comments): layer 1 is h x w x c1 -> c2, a k1 x k1
 * kernel, stride s1, g1 groups (g1 = c1 = c2: depthwise); layer 2 takes its output -> c3 (k2, s2,
 * g2); SAME padding, relu, batch 1 (bench/chains.txt: the pairs of README's "Streamed stores").
 * Example, the rule before and after a commit:
 *   git worktree add /tmp/old <rev> && cmake -S /tmp/old -B /tmp/old/b -DCMAKE_BUILD_TYPE=Release &&
 *   cmake --build /tmp/old/b --target simdconv_shared
 *   build/bench/simdconv_chain_ab /tmp/old/b/libsimdconv.so build/libsimdconv.so < bench/chains.txt */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <pthreadpool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <simdconv/simdconv.h>

typedef struct {
  simdconv_status (*create)(const simdconv_conv2d_desc *, const float *, const float *, simdconv_isa,
                            simdconv_conv2d_plan **);
  simdconv_status (*run)(const simdconv_conv2d_plan *, struct pthreadpool *, size_t, const float *, float *);
  void (*destroy)(simdconv_conv2d_plan *);
  simdconv_status (*output_size)(const simdconv_conv2d_desc *, size_t *, size_t *);
} lib;

static int open_lib(const char *path, lib *l) {
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) {
    fprintf(stderr, "simdconv_chain_ab: %s\n", dlerror());
    return 0;
  }
  *(void **)&l->create = dlsym(h, "simdconv_conv2d_create");
  *(void **)&l->run = dlsym(h, "simdconv_conv2d_run_parallel");
  *(void **)&l->destroy = dlsym(h, "simdconv_conv2d_destroy");
  *(void **)&l->output_size = dlsym(h, "simdconv_conv2d_output_size");
  if (!l->create || !l->run || !l->destroy || !l->output_size) fprintf(stderr, "simdconv_chain_ab: %s: not a libsimdconv\n", path);
  return l->create && l->run && l->destroy && l->output_size;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
static int cmp(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
static double median(const double *v, int n) {
  double c[101];
  memcpy(c, v, (size_t)n * sizeof *v);
  qsort(c, (size_t)n, sizeof *c, cmp);
  return c[n / 2];
}
static float *filled(size_t n) {
  float *p = aligned_alloc(64, (n * sizeof(float) + 63) / 64 * 64);
  for (size_t i = 0; p && i < n; i++) p[i] = (float)((i * 7) % 13) / 13.0f - 0.4f;
  return p;
}
static simdconv_conv2d_desc desc(size_t h, size_t w, size_t ci, size_t co, size_t k, size_t s, size_t g) {
  simdconv_conv2d_desc d = {0};
  d.input_height = h; d.input_width = w; d.input_channels = ci; d.output_channels = co;
  d.kernel_height = d.kernel_width = k; d.stride_height = d.stride_width = s; d.groups = g;
  d.padding = SIMDCONV_PADDING_SAME; d.activation = SIMDCONV_ACTIVATION_RELU;
  return d;
}

/* the pair's time per run (us): n back-to-back runs of layer 1 then layer 2 */
static double pair_us(const lib *l, simdconv_conv2d_plan *const p[2], struct pthreadpool *pool, int n,
                      const float *x, float *m, float *y) {
  const double t = now();
  for (int i = 0; i < n; i++) {
    l->run(p[0], pool, 1, x, m);
    l->run(p[1], pool, 1, m, y);
  }
  return (now() - t) / n * 1e6;
}

int main(int argc, char **argv) {
  lib libs[2];
  if (argc < 3 || !open_lib(argv[1], &libs[0]) || !open_lib(argv[2], &libs[1])) {
    fprintf(stderr, "usage: %s LIB_A LIB_B [ROUNDS] < PAIRS\n", argv[0]);
    return 2;
  }
  const int rounds = argc > 3 && atoi(argv[3]) > 0 && atoi(argv[3]) <= 101 ? atoi(argv[3]) : 15;
  struct pthreadpool *pools[2] = {pthreadpool_create(1), pthreadpool_create(2)};
  double logs[2] = {0, 0};
  int pairs = 0;
  char line[512];
  printf("A = %s\nB = %s\n%d rounds; time per pair of runs (us), median; A / B: median of the rounds' ratios\n", argv[1],
         argv[2], rounds);
  while (fgets(line, sizeof line, stdin)) {
    size_t h, w, c1, k1, s1, g1, c2, k2, s2, g2, c3;
    if (line[0] == '#' || sscanf(line, "%zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu", &h, &w, &c1, &k1, &s1, &g1, &c2,
                                 &k2, &s2, &g2, &c3) != 11)
      continue;
    const simdconv_conv2d_desc d1 = desc(h, w, c1, c2, k1, s1, g1);
    size_t oh = 0, ow = 0, ph = 0, pw = 0;
    if (libs[0].output_size(&d1, &oh, &ow) != SIMDCONV_OK) continue;
    const simdconv_conv2d_desc d2 = desc(oh, ow, c2, c3, k2, s2, g2);
    if (libs[0].output_size(&d2, &ph, &pw) != SIMDCONV_OK) continue;
    float *w1 = filled(k1 * k1 * c1 / g1 * c2), *w2 = filled(k2 * k2 * c2 / g2 * c3), *b = filled(c2 + c3);
    float *x = filled(h * w * c1), *m = filled(oh * ow * c2), *y = filled(ph * pw * c3);
    simdconv_conv2d_plan *p[2][2] = {{NULL, NULL}, {NULL, NULL}};
    int ok = w1 && w2 && b && x && m && y;
    for (int s = 0; s < 2 && ok; s++)
      ok = libs[s].create(&d1, w1, b, SIMDCONV_ISA_AUTO, &p[s][0]) == SIMDCONV_OK &&
           libs[s].create(&d2, w2, b, SIMDCONV_ISA_AUTO, &p[s][1]) == SIMDCONV_OK;
    if (ok) {
      int n = 1; /* runs per turn: about 4 ms of A on one thread */
      while (pair_us(&libs[0], p[0], pools[0], n, x, m, y) * n < 4000 && n < (1 << 20)) n *= 2;
      double t[2][2][101], r[2][101];
      for (int q = 0; q < rounds; q++)
        for (int th = 0; th < 2; th++) {
          for (int s = 0; s < 2; s++) t[th][s][q] = pair_us(&libs[s], p[s], pools[th], n, x, m, y);
          r[th][q] = t[th][0][q] / t[th][1][q];
        }
      const double r1 = median(r[0], rounds), r2 = median(r[1], rounds);
      logs[0] += log(r1);
      logs[1] += log(r2);
      pairs++;
      printf("%zux%zux%zu k%zu s%zu g%zu -> %zu (%.2f MB) then k%zu s%zu g%zu -> %zu: 1 thread A %.1f B %.1f A/B %.3f | "
             "2 threads A %.1f B %.1f A/B %.3f\n",
             h, w, c1, k1, s1, g1, c2, (double)(oh * ow * c2 * sizeof(float)) / 1e6, k2, s2, g2, c3,
             median(t[0][0], rounds), median(t[0][1], rounds), r1, median(t[1][0], rounds), median(t[1][1], rounds), r2);
      fflush(stdout);
    } else {
      fprintf(stderr, "simdconv_chain_ab: %s", line);
    }
    for (int s = 0; s < 2; s++)
      for (int i = 0; i < 2; i++)
        if (p[s][i]) libs[s].destroy(p[s][i]);
    free(w1); free(w2); free(b); free(x); free(m); free(y);
  }
  if (pairs) printf("geomean A/B: 1 thread %.3f, 2 threads %.3f, over %d pairs\n", exp(logs[0] / pairs), exp(logs[1] / pairs), pairs);
  pthreadpool_destroy(pools[0]);
  pthreadpool_destroy(pools[1]);
  return pairs ? 0 : 1;
}
