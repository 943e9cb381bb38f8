/* XNNPACK peer: xnn_create_convolution2d_nhwc_f32 with explicit (TensorFlow SAME) padding,
 * weights transposed from HWIO to XNNPACK's [groups][Cout_g][KH][KW][Cin_g] in create (XNNPACK
 * packs them again inside create), setup once (it binds x and y). conv/<layer>/xnnpack: threadpool
 * NULL = the calling thread only; conv/<layer>/xnnpack/threads:<n>: the bench's shared
 * pthreadpool of n threads (bench_pool, the pool the simdconv threads:<n> cases use), given to
 * setup and to every run. Depthwise is groups = C with one channel per group (XNNPACK picks its
 * dwconv microkernels for that shape). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <xnnpack.h>

#include "peers.h"
#include "shim.h"
#include "threads.h"

typedef struct {
  xnn_operator_t op;
  pthreadpool_t pool; /* NULL: calling thread */
} xnn_ctx;

int peer_xnnpack_init(void) {
  enum xnn_status st = xnn_initialize(NULL);
  if (st != xnn_status_success) return 1;
  scb_context("xnnpack_threads", "1 (threadpool NULL); threads:<n> cases: a pthreadpool of n threads");
  return 0;
}

static int create(const bench_layer *l, size_t threads, const float *x, const float *w, const float *b, float *y,
                  void **out, char *err, size_t errlen) {
  pthreadpool_t pool = NULL;
  if (threads != 0 && (pool = bench_pool(threads)) == NULL) {
    snprintf(err, errlen, "XNNPACK: no pthreadpool of %zu threads", threads);
    return 1;
  }
  const bench_geom g = bench_layer_geom(l);
  const size_t G = l->groups, cin_g = l->cin / G, cout_g = l->cout / G, taps = l->kh * l->kw;
  float *k = malloc(sizeof(float) * taps * cin_g * l->cout);
  xnn_ctx *c = calloc(1, sizeof *c);
  if (k == NULL || c == NULL) {
    free(k);
    free(c);
    snprintf(err, errlen, "XNNPACK: out of memory");
    return 1;
  }
  /* HWIO w[t][i][g*cout_g + o]  ->  k[g][o][t][i] */
  for (size_t gi = 0; gi < G; gi++)
    for (size_t o = 0; o < cout_g; o++)
      for (size_t t = 0; t < taps; t++)
        for (size_t i = 0; i < cin_g; i++)
          k[((gi * cout_g + o) * taps + t) * cin_g + i] = w[(t * cin_g + i) * l->cout + gi * cout_g + o];
  const int relu = l->activation == SIMDCONV_ACTIVATION_RELU || l->activation == SIMDCONV_ACTIVATION_RELU6;
  const float lo = relu ? 0.0f : -INFINITY, hi = l->activation == SIMDCONV_ACTIVATION_RELU6 ? 6.0f : INFINITY;
  enum xnn_status st = xnn_create_convolution2d_nhwc_f32(
      (uint32_t)g.pad_top, (uint32_t)g.pad_right, (uint32_t)g.pad_bottom, (uint32_t)g.pad_left, (uint32_t)l->kh,
      (uint32_t)l->kw, (uint32_t)l->sh, (uint32_t)l->sw, (uint32_t)l->dh, (uint32_t)l->dw, (uint32_t)G, cin_g, cout_g,
      l->cin, l->cout, k, b, lo, hi, 0, &c->op);
  free(k);
  if (st != xnn_status_success) {
    snprintf(err, errlen, "XNNPACK: create failed (status %d)", (int)st);
    free(c);
    return 1;
  }
  c->pool = pool;
  st = xnn_setup_convolution2d_nhwc_f32(c->op, bench_layer_batch(l), l->h, l->w, x, y, pool);
  if (st != xnn_status_success) {
    snprintf(err, errlen, "XNNPACK: setup failed (status %d)", (int)st);
    xnn_delete_operator(c->op);
    free(c);
    return 1;
  }
  *out = c;
  return 0;
}

static void run(void *ctx) {
  xnn_ctx *c = ctx;
  xnn_run_operator(c->op, c->pool);
}

static void destroy(void *ctx) {
  xnn_ctx *c = ctx;
  xnn_delete_operator(c->op);
  free(c);
}

const peer_impl peer_xnnpack = {"xnnpack", create, run, destroy, NULL, NULL, 1};
