/* simdconv_conv2d_run_parallel: bit-identical to the serial run for 1, 2, 3 and 4 threads on a
 * randomized sweep (every ISA the host has), several plans and pools used from several caller
 * threads at once, and the contract's errors (canary output untouched). Small runs stay on the
 * calling thread whatever the pool (the plan's pool_min_batch, select.c): the sweep runs each case
 * as its plan says and again with the pool forced (pool_min_batch 1), and expects both kinds of
 * case in it, so the pool's units are checked on every case. */
#include <pthread.h>
#include <pthreadpool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "plan.h" /* dispatch/: pool_min_batch */

#define EXPECT TC_EXPECT

typedef struct {
  simdconv_conv2d_plan *plan;
  size_t batch, nin, nout;
  float *x, *expect;
} pcase;

/* A random descriptor (as the conv random suite) with a plan on isa and its serial result. */
static int make_case(pcase *c, simdconv_isa isa, int big) {
  simdconv_conv2d_desc d;
  tc_random_desc(&d, big ? 30 : 12, big ? 90 : 40);
  size_t g = d.groups;
  size_t oh, ow;
  if (simdconv_conv2d_output_size(&d, &oh, &ow) != SIMDCONV_OK) return 0;
  c->batch = tc_range(1, 3);
  c->nin = c->batch * d.input_height * d.input_width * d.input_channels;
  c->nout = c->batch * oh * ow * d.output_channels;
  size_t nw = d.kernel_height * d.kernel_width * (d.input_channels / g) * d.output_channels;
  float *w = malloc(nw * sizeof(float)), *b = malloc(d.output_channels * sizeof(float));
  for (size_t i = 0; i < nw; i++) w[i] = tc_uniform();
  for (size_t i = 0; i < d.output_channels; i++) b[i] = tc_uniform();
  simdconv_status s = simdconv_conv2d_create(&d, w, b, isa, &c->plan);
  free(w); free(b);
  if (s != SIMDCONV_OK) return 0;
  c->x = malloc(c->nin * sizeof(float));
  c->expect = malloc(c->nout * sizeof(float));
  for (size_t i = 0; i < c->nin; i++) c->x[i] = tc_uniform();
  simdconv_conv2d_run(c->plan, c->batch, c->x, c->expect);
  return 1;
}
static void free_case(pcase *c) { simdconv_conv2d_destroy(c->plan); free(c->x); free(c->expect); }

static int same_on_pool(const pcase *c, pthreadpool_t pool, float *y) {
  memset(y, 0xA5, c->nout * sizeof(float));
  return simdconv_conv2d_run_parallel(c->plan, pool, c->batch, c->x, y) == SIMDCONV_OK &&
         memcmp(y, c->expect, c->nout * sizeof(float)) == 0;
}

/* Pools are created one at a time: idle pthreadpool workers spin for a while after each run, and
 * several live pools would oversubscribe the cores. */
static void sweep(void) {
  enum { NCASES = 40 };
  tc_seed(424242);
  for (int isa = SIMDCONV_ISA_SCALAR; isa < SIMDCONV_ISA_COUNT; isa++) {
    if (!simdconv_isa_available((simdconv_isa)isa)) continue;
    pcase c[NCASES];
    int n = 0;
    for (int i = 0; i < NCASES; i++) n += make_case(&c[n], (simdconv_isa)isa, i % 4 == 0);
    EXPECT(n > 25, "[%s] only %d valid cases", simdconv_isa_name((simdconv_isa)isa), n);
    int pooled = 0;
    for (int i = 0; i < n; i++) pooled += c[i].batch >= c[i].plan->pool_min_batch;
    EXPECT(pooled > 0 && pooled < n, "[%s] %d of %d cases on the pool: the sweep should hold both kinds",
           simdconv_isa_name((simdconv_isa)isa), pooled, n);
    for (size_t threads = 0; threads <= 4; threads++) { /* 0: pool == NULL, the calling thread */
      pthreadpool_t pool = threads ? pthreadpool_create(threads) : NULL;
      for (int i = 0; i < n; i++) {
        float *y = malloc(c[i].nout * sizeof(float));
        EXPECT(same_on_pool(&c[i], pool, y), "[%s] case %d differs with %zu threads",
               simdconv_isa_name((simdconv_isa)isa), i, threads);
        const size_t min_batch = c[i].plan->pool_min_batch;
        c[i].plan->pool_min_batch = 1; /* the pool's units, whatever the run's size */
        EXPECT(same_on_pool(&c[i], pool, y), "[%s] case %d differs with %zu threads (pool forced)",
               simdconv_isa_name((simdconv_isa)isa), i, threads);
        c[i].plan->pool_min_batch = min_batch;
        free(y);
      }
      if (pool) pthreadpool_destroy(pool);
    }
    for (int i = 0; i < n; i++) free_case(&c[i]);
  }
}

/* Several caller threads, each with its own pool and plans, all at once. */
typedef struct { int seed, mismatches; } caller;
static void *caller_main(void *arg) {
  caller *cl = arg;
  pthreadpool_t pool = pthreadpool_create(2);
  pcase c[3];
  int n = 0;
  tc_seed((uint64_t)cl->seed); /* not thread-safe RNG: each caller seeds then builds under a lock */
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&lock);
  tc_seed((uint64_t)cl->seed);
  while (n < 3) n += make_case(&c[n], SIMDCONV_ISA_AUTO, 1);
  pthread_mutex_unlock(&lock);
  for (int r = 0; r < 3; r++)
    for (int k = 0; k < 3; k++) {
      float *y = malloc(c[k].nout * sizeof(float));
      if (!same_on_pool(&c[k], pool, y)) cl->mismatches++;
      free(y);
    }
  for (int k = 0; k < 3; k++) free_case(&c[k]);
  pthreadpool_destroy(pool);
  return NULL;
}

static void errors(pthreadpool_t pool) {
  pcase c;
  tc_seed(5);
  while (!make_case(&c, SIMDCONV_ISA_AUTO, 0)) {}
  float *y = malloc((c.nout + c.nin) * sizeof(float));
  for (size_t i = 0; i < c.nout + c.nin; i++) y[i] = -7.0f;
  EXPECT(simdconv_conv2d_run_parallel(NULL, pool, 1, c.x, y) == SIMDCONV_INVALID_ARGUMENT, "NULL plan");
  EXPECT(simdconv_conv2d_run_parallel(c.plan, pool, 1, NULL, y) == SIMDCONV_INVALID_ARGUMENT, "NULL input");
  EXPECT(simdconv_conv2d_run_parallel(c.plan, pool, 1, c.x, NULL) == SIMDCONV_INVALID_ARGUMENT, "NULL output");
  EXPECT(simdconv_conv2d_run_parallel(c.plan, pool, 0, NULL, NULL) == SIMDCONV_OK, "batch 0");
  EXPECT(simdconv_conv2d_run_parallel(c.plan, pool, c.batch, y, y + 1) == SIMDCONV_INVALID_ARGUMENT, "aliasing");
  EXPECT(simdconv_conv2d_run_parallel(c.plan, pool, SIZE_MAX / 4, c.x, y) == SIMDCONV_INVALID_ARGUMENT, "overflow");
  int untouched = 1;
  for (size_t i = 0; i < c.nout + c.nin; i++) untouched &= y[i] == -7.0f;
  EXPECT(untouched, "a failing run wrote to the output");
  free(y);
  free_case(&c);
}

int main(void) {
#ifdef SIMDCONV_EXPECT_THREADS
  EXPECT(simdconv_has_threads() == 1, "library built without pthreadpool");
#endif
  sweep();
  pthreadpool_t pool = pthreadpool_create(2);
  errors(pool);
  pthreadpool_destroy(pool);
  caller callers[3] = {{11, 0}, {22, 0}, {33, 0}};
  pthread_t th[3];
  for (int i = 0; i < 3; i++) pthread_create(&th[i], NULL, caller_main, &callers[i]);
  for (int i = 0; i < 3; i++) pthread_join(th[i], NULL);
  for (int i = 0; i < 3; i++) EXPECT(callers[i].mismatches == 0, "caller %d: %d mismatches", i, callers[i].mismatches);
  return tc_finish("parallel");
}
