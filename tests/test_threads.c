/* One plan run from 4 threads at once on different buffers: bit-identical to a single-threaded
 * run, on every available ISA; and several plans of different shapes run concurrently. Each
 * thread runs its plan `reps` times, 4 with SIMDCONV_TEST_QUICK (.ci/valgrind.sh: valgrind runs the
 * threads one at a time, and checks memory, not the interleavings). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define THREADS 4
static int reps = 20; /* runs of its plan per thread */

typedef struct {
  const simdconv_conv2d_plan *plan;
  size_t batch, nin, nout;
  const float *x;
  float *y;
  const float *expect;
  int mismatches;
} job;

static void *worker(void *arg) {
  job *j = arg;
  for (int r = 0; r < reps; r++) {
    memset(j->y, 0, j->nout * sizeof(float));
    if (simdconv_conv2d_run(j->plan, j->batch, j->x, j->y) != SIMDCONV_OK ||
        memcmp(j->y, j->expect, j->nout * sizeof(float)) != 0)
      j->mismatches++;
  }
  return NULL;
}


static void shared_plan(simdconv_isa isa, simdconv_conv2d_desc d, size_t batch) {
  size_t oh, ow;
  simdconv_conv2d_output_size(&d, &oh, &ow);
  size_t nin = batch * d.input_height * d.input_width * d.input_channels;
  size_t nout = batch * oh * ow * d.output_channels;
  size_t nw = d.kernel_height * d.kernel_width * d.input_channels / (d.groups ? d.groups : 1) * d.output_channels;
  float *w = malloc(nw * sizeof(float)), *bias = malloc(d.output_channels * sizeof(float));
  for (size_t i = 0; i < nw; i++) w[i] = tc_uniform();
  for (size_t i = 0; i < d.output_channels; i++) bias[i] = tc_uniform();
  simdconv_conv2d_plan *p;
  TC_EXPECT(simdconv_conv2d_create(&d, w, bias, isa, &p) == SIMDCONV_OK, "create");
  if (tc_failures) return;
  job jobs[THREADS];
  pthread_t th[THREADS];
  for (int t = 0; t < THREADS; t++) {
    float *x = malloc(nin * sizeof(float)), *e = malloc(nout * sizeof(float));
    for (size_t i = 0; i < nin; i++) x[i] = tc_uniform();
    simdconv_conv2d_run(p, batch, x, e); /* single-threaded result first */
    jobs[t] = (job){p, batch, nin, nout, x, malloc(nout * sizeof(float)), e, 0};
  }
  for (int t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, worker, &jobs[t]);
  for (int t = 0; t < THREADS; t++) pthread_join(th[t], NULL);
  for (int t = 0; t < THREADS; t++) {
    TC_EXPECT(jobs[t].mismatches == 0, "[%s] thread %d: %d of %d runs differ from the single-threaded result",
              simdconv_isa_name(isa), t, jobs[t].mismatches, reps);
    free((void *)jobs[t].x); free(jobs[t].y); free((void *)jobs[t].expect);
  }
  simdconv_conv2d_destroy(p);
  free(w); free(bias);
}

int main(void) {
  if (getenv("SIMDCONV_TEST_QUICK")) reps = 4;
  tc_seed(7);
  for (int isa = SIMDCONV_ISA_SCALAR; isa < SIMDCONV_ISA_COUNT; isa++) {
    if (!simdconv_isa_available((simdconv_isa)isa)) continue;
    simdconv_conv2d_desc d = tc_desc(20, 17, 24, 40, 3, 3, SIMDCONV_PADDING_SAME);
    shared_plan((simdconv_isa)isa, d, 2);
    d = tc_desc(15, 15, 32, 32, 3, 3, SIMDCONV_PADDING_SAME); d.groups = 32; d.activation = SIMDCONV_ACTIVATION_RELU6;
    shared_plan((simdconv_isa)isa, d, 1);
    d = tc_desc(9, 9, 64, 70, 1, 1, SIMDCONV_PADDING_VALID); d.stride_height = 2;
    shared_plan((simdconv_isa)isa, d, 3);
  }
  return tc_finish("threads");
}
