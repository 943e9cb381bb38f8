/* The fused-residual cases (see residual.h): y = relu(conv + bias + residual).
 *
 *   conv/<layer>/residual           simdconv_conv2d_run_ex, activation RELU, io.residual = r: the
 *                                   residual added in the kernels' registers before the relu
 *   conv/<layer>/residual_unfused   simdconv_conv2d_run, activation NONE, then bench_add_relu
 *                                   (residual_pass.c, -O3 -march=native): y = relu(y + r)
 *   block/resnet_bottleneck_56/fused, .../unfused [/threads:<n>]
 *                                   ResNet-50's bottleneck block at 56x56: 1x1 64->64 relu, 3x3
 *                                   64->64 SAME relu, 1x1 64->256 + shortcut (56x56x256) + relu;
 *                                   the last 1x1 fused as above, or unfused as above
 *
 * Every case uses the ISA simdconv_best_isa() picks (SIMDCONV_ISA=... to force another) and relu
 * whatever the layer's own activation. The residual is uniform in [-1, 1) from a fixed seed, like
 * the conv cases' data (the layer cases run on the conv cases' x, w, b). Setup, before anything
 * is timed, runs both variants and fails the case unless (1) the fused output equals the unfused
 * one bit for bit (both round conv + bias to float, add the residual in float, then relu), and
 * (2) it matches simdconv's scalar kernel: |y - relu(ref + r)| <= 1e-4 * (sum|x||w| + |b| + |r|)
 * + 1e-6 (the block: 3e-4 and 1e-5, three layers deep, against a scalar chain of the block).
 *
 * GFLOP/s: 2 x the convolutions' nominal MACs per second (the add + relu pass is not counted, so
 * fused / unfused GFLOP/s is the inverse ratio of their times). */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "residual.h"

#include <math.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv_cases.h"
#include "data.h"
#include "layers.h"
#include "peak.h"
#include "shim.h"
#include "threads.h"

#if defined(SCB_HAVE_PTHREADPOOL)
#include <pthreadpool.h>
#endif

#define TOL_REL 1e-4
#define TOL_ABS 1e-6
#define BLOCK_NAME "resnet_bottleneck_56"

/* ---- helpers ---- */




static void fill_nan(float *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = NAN; /* an output never written fails the checks */
}

/* The kernels' relu: max(0, s) returning s for NaN and -0.0 (as bench_add_relu). */
static float relu(float s) { return s < 0.0f ? 0.0f : s; }

/* y[i] = relu(y[i] + r[i]) on the pool's threads (NULL or one thread: the calling thread). */
#define PASS_CHUNK 16384 /* floats: 64 KiB of y and of r a task */
typedef struct pass_job {
  float *y;
  const float *r;
  size_t n;
} pass_job;
#if defined(SCB_HAVE_PTHREADPOOL)
static void pass_task(void *arg, size_t i) {
  const pass_job *j = arg;
  const size_t at = i * PASS_CHUNK, len = j->n - at < PASS_CHUNK ? j->n - at : PASS_CHUNK;
  bench_add_relu(j->y + at, j->r + at, len);
}
#endif
static void add_relu_on(struct pthreadpool *pool, float *y, const float *r, size_t n) {
#if defined(SCB_HAVE_PTHREADPOOL)
  if (pool != NULL && pthreadpool_get_threads_count(pool) > 1) {
    pass_job j = {y, r, n};
    pthreadpool_parallelize_1d(pool, pass_task, &j, (n + PASS_CHUNK - 1) / PASS_CHUNK, 0);
    return;
  }
#else
  (void)pool;
#endif
  bench_add_relu(y, r, n);
}


static float *abs_copy(const float *p, size_t n) {
  float *q = bench_alloc_floats(n);
  if (q != NULL)
    for (size_t i = 0; i < n; i++) q[i] = fabsf(p[i]);
  return q;
}

/* The scalar kernel's conv + bias (no activation) of x and its magnitudes sum|x||w| + |b|, both
 * allocated (ny floats). 0, or 1 with a message. */
static int scalar_ref(simdconv_conv2d_desc d, size_t batch, const float *x, size_t nx, const float *w, size_t nw,
                      const float *b, size_t ny, float **ref, float **mag, char *err, size_t errlen) {
  d.activation = SIMDCONV_ACTIVATION_NONE;
  float *ax = abs_copy(x, nx), *aw = abs_copy(w, nw), *ab = abs_copy(b, d.output_channels);
  *ref = bench_alloc_floats(ny);
  *mag = bench_alloc_floats(ny);
  simdconv_status st = SIMDCONV_OUT_OF_MEMORY;
  if (ax && aw && ab && *ref && *mag) {
    st = bench_scalar_conv(&d, batch, x, w, b, *ref);
    if (st == SIMDCONV_OK) st = bench_scalar_conv(&d, batch, ax, aw, ab, *mag);
  }
  free(ax);
  free(aw);
  free(ab);
  if (st != SIMDCONV_OK) {
    free(*ref);
    free(*mag);
    *ref = *mag = NULL;
    snprintf(err, errlen, "reference (simdconv scalar): %s", simdconv_status_string(st));
    return 1;
  }
  return 0;
}

/* 0 when y matches relu(ref + r) within rel * (mag + |r|) + abs; else a message. */
static int check_ref(const float *ref, const float *mag, const float *r, const float *y, size_t n, double rel,
                     double abs_tol, const char *who, char *err, size_t errlen) {
  size_t bad = 0, worst = 0;
  double worst_ratio = -1;
  for (size_t i = 0; i < n; i++) {
    const double want = relu(ref[i] + r[i]);
    const double e = fabs((double)y[i] - want), tol = rel * ((double)mag[i] + fabs((double)r[i])) + abs_tol;
    if (!(e <= tol)) bad++;
    const double ratio = e == e ? e / tol : INFINITY;
    if (!(ratio <= worst_ratio)) {
      worst_ratio = ratio;
      worst = i;
    }
  }
  if (bad == 0) return 0;
  snprintf(err, errlen,
           "%s output differs from simdconv scalar + residual + relu in %zu of %zu values (worst [%zu]: %.9g vs "
           "%.9g)",
           who, bad, n, worst, (double)y[worst], (double)relu(ref[worst] + r[worst]));
  return 1;
}

/* 0 when the fused and unfused outputs are equal bit for bit; else a message. */
static int check_same(const float *fused, const float *unfused, size_t n, const char *who, char *err,
                      size_t errlen) {
  if (memcmp(fused, unfused, n * sizeof(float)) == 0) return 0;
  size_t i = 0, bad = 0, first = 0;
  for (; i < n; i++) {
    uint32_t a, b;
    memcpy(&a, &fused[i], 4);
    memcpy(&b, &unfused[i], 4);
    if (a != b && bad++ == 0) first = i;
  }
  snprintf(err, errlen,
           "%s: fused (run_ex with the residual) and unfused (run + add/relu pass) outputs differ in %zu of %zu "
           "values, first [%zu]: %a vs %a",
           who, bad, n, first, (double)fused[first], (double)unfused[first]);
  return 1;
}

/* ---- the block's data, made once ---- */

#define BH 56
#define BW 56
#define BC 64
#define BCOUT 256

static struct {
  int made;
  simdconv_conv2d_desc d1, d2, d3; /* d3: relu; the unfused plan sets NONE */
  float *x, *s, *w1, *b1, *w2, *b2, *w3, *b3;
  float *ref, *mag; /* the last 1x1's conv + bias of the scalar chain (no activation), magnitudes */
  double flops;
} g_block;

static simdconv_conv2d_desc block_desc(size_t cout, size_t k) {
  simdconv_conv2d_desc d = {0};
  d.input_height = BH;
  d.input_width = BW;
  d.input_channels = BC;
  d.output_channels = cout;
  d.kernel_height = d.kernel_width = k;
  d.padding = k > 1 ? SIMDCONV_PADDING_SAME : SIMDCONV_PADDING_VALID;
  d.activation = SIMDCONV_ACTIVATION_RELU;
  return d;
}

static int block_make(char *err, size_t errlen) {
  if (g_block.made) return 0;
  const size_t nx = BH * BW * BC, ns = BH * BW * BCOUT;
  g_block.d1 = block_desc(BC, 1);
  g_block.d2 = block_desc(BC, 3);
  g_block.d3 = block_desc(BCOUT, 1);
  g_block.x = bench_alloc_floats(nx);
  g_block.s = bench_alloc_floats(ns);
  g_block.w1 = bench_alloc_floats(BC * BC);
  g_block.b1 = bench_alloc_floats(BC);
  g_block.w2 = bench_alloc_floats(9 * BC * BC);
  g_block.b2 = bench_alloc_floats(BC);
  g_block.w3 = bench_alloc_floats(BC * BCOUT);
  g_block.b3 = bench_alloc_floats(BCOUT);
  float *h1 = bench_alloc_floats(nx), *h2 = bench_alloc_floats(nx), *m1 = NULL, *m2 = NULL, *t = NULL;
  if (!g_block.x || !g_block.s || !g_block.w1 || !g_block.b1 || !g_block.w2 || !g_block.b2 || !g_block.w3 ||
      !g_block.b3 || !h1 || !h2) {
    free(h1);
    free(h2);
    snprintf(err, errlen, "out of memory");
    return 1;
  }
  uint64_t seed = 0xB10CB10Cull;
  bench_fill_uniform(g_block.x, nx, &seed);
  bench_fill_uniform(g_block.s, ns, &seed);
  /* weights scaled by about 1/sqrt(fan_in) (1/8 for 64 inputs, 1/16 for 576; powers of two: still exact
   * multiples of 2^-26 or 2^-27, normal floats), so the activations stay O(1) through the block */
  bench_fill_uniform(g_block.w1, BC * BC, &seed);
  bench_fill_uniform(g_block.b1, BC, &seed);
  bench_fill_uniform(g_block.w2, 9 * BC * BC, &seed);
  bench_fill_uniform(g_block.b2, BC, &seed);
  bench_fill_uniform(g_block.w3, BC * BCOUT, &seed);
  bench_fill_uniform(g_block.b3, BCOUT, &seed);
  for (size_t i = 0; i < BC * BC; i++) g_block.w1[i] *= 0.125f;
  for (size_t i = 0; i < 9 * BC * BC; i++) g_block.w2[i] *= 0.0625f;
  for (size_t i = 0; i < BC * BCOUT; i++) g_block.w3[i] *= 0.125f;
  /* The scalar chain: h1 = relu(conv1(x)), h2 = relu(conv2(h1)), ref = conv3(h2) (+ b3), and the
   * magnitudes of each layer on the previous layer's magnitudes (an error bound through the chain). */
  float *mm = NULL;
  int rc = scalar_ref(g_block.d1, 1, g_block.x, nx, g_block.w1, BC * BC, g_block.b1, nx, &t, &m1, err, errlen);
  if (rc == 0) {
    for (size_t i = 0; i < nx; i++) h1[i] = relu(t[i]);
    free(t);
    t = NULL;
    rc = scalar_ref(g_block.d2, 1, h1, nx, g_block.w2, 9 * BC * BC, g_block.b2, nx, &t, &mm, err, errlen);
  }
  if (rc == 0) {
    for (size_t i = 0; i < nx; i++) h2[i] = relu(t[i]);
    free(t);
    free(mm);
    t = mm = NULL;
    /* magnitudes of layer 2 from layer 1's magnitudes (m2), of layer 3 from layer 2's */
    rc = scalar_ref(g_block.d2, 1, m1, nx, g_block.w2, 9 * BC * BC, g_block.b2, nx, &t, &m2, err, errlen);
  }
  if (rc == 0) {
    free(t);
    t = NULL;
    rc = scalar_ref(g_block.d3, 1, h2, nx, g_block.w3, BC * BCOUT, g_block.b3, ns, &g_block.ref, &mm, err, errlen);
  }
  if (rc == 0) {
    free(mm);
    mm = NULL;
    rc = scalar_ref(g_block.d3, 1, m2, nx, g_block.w3, BC * BCOUT, g_block.b3, ns, &t, &g_block.mag, err, errlen);
  }
  free(t);
  free(mm);
  free(h1);
  free(h2);
  free(m1);
  free(m2);
  if (rc != 0) return 1;
  g_block.flops = 2.0 * BH * BW * (BC * BC + 9.0 * BC * BC + (double)BC * BCOUT);
  g_block.made = 1;
  return 0;
}

void residual_cases_cleanup(void) {
  free(g_block.x);
  free(g_block.s);
  free(g_block.w1);
  free(g_block.b1);
  free(g_block.w2);
  free(g_block.b2);
  free(g_block.w3);
  free(g_block.b3);
  free(g_block.ref);
  free(g_block.mag);
  memset(&g_block, 0, sizeof g_block);
}

/* ---- cases ---- */

/* res_arg.fused: how the (last) convolution runs. RES_PLAIN: relu, no residual at all (the pairs'
 * lower bound: what the residual costs fused; not a registered case). */
enum { RES_UNFUSED = 0, RES_FUSED = 1, RES_PLAIN = 2 };

typedef struct res_arg {
  int block;      /* 0: conv/<layer>/residual[_unfused]; 1: block/resnet_bottleneck_56/... */
  size_t layer;   /* layer cases: index into bench_layers() */
  int fused;      /* RES_FUSED, RES_UNFUSED or RES_PLAIN */
  size_t threads; /* block: 0 single-thread case, n: threads:<n> */
  char name[256];
} res_arg;

typedef struct res_ctx {
  const res_arg *a;
  size_t batch, ny;
  const float *x, *r; /* input of the (last) convolution... the block: the block's input; the residual */
  float *rbuf;        /* layer cases: their own residual */
  float *y, *h1, *h2;
  simdconv_conv2d_plan *plan, *p1, *p2; /* plan: the fused (relu) or unfused (none) conv; p1, p2: block */
  struct pthreadpool *pool;             /* block threads:<n> */
  double packed_bytes;
} res_ctx;

static void res_teardown(void *p) {
  res_ctx *c = p;
  if (c == NULL) return;
  simdconv_conv2d_destroy(c->plan);
  simdconv_conv2d_destroy(c->p1);
  simdconv_conv2d_destroy(c->p2);
  free(c->rbuf);
  free(c->y);
  free(c->h1);
  free(c->h2);
  free(c);
}

/* The last convolution (or the layer): fused, unfused or plain (RES_*) with plan, into y. */
static simdconv_status last_conv(const res_ctx *c, int fused, const simdconv_conv2d_plan *plan, const float *x,
                                 float *y) {
  simdconv_status st;
  if (fused == RES_PLAIN) {
    st = c->pool != NULL ? simdconv_conv2d_run_parallel(plan, c->pool, c->batch, x, y)
                         : simdconv_conv2d_run(plan, c->batch, x, y);
  } else if (fused == RES_FUSED) {
    simdconv_conv2d_io io = {x, 0, y, 0, c->r, 0};
    st = simdconv_conv2d_run_ex(plan, c->batch, &io, c->pool);
  } else {
    st = c->pool != NULL ? simdconv_conv2d_run_parallel(plan, c->pool, c->batch, x, y)
                         : simdconv_conv2d_run(plan, c->batch, x, y);
    if (st == SIMDCONV_OK) add_relu_on(c->pool, y, c->r, c->ny);
  }
  return st;
}

static simdconv_status block_forward(const res_ctx *c, int fused, const simdconv_conv2d_plan *plan, float *y) {
  simdconv_status st = c->pool != NULL ? simdconv_conv2d_run_parallel(c->p1, c->pool, 1, c->x, c->h1)
                                       : simdconv_conv2d_run(c->p1, 1, c->x, c->h1);
  if (st == SIMDCONV_OK)
    st = c->pool != NULL ? simdconv_conv2d_run_parallel(c->p2, c->pool, 1, c->h1, c->h2)
                         : simdconv_conv2d_run(c->p2, 1, c->h1, c->h2);
  if (st == SIMDCONV_OK) st = last_conv(c, fused, plan, c->h2, y);
  return st;
}

static void res_run(void *p) {
  const res_ctx *c = p;
  if (c->a->block) block_forward(c, c->a->fused, c->plan, c->y);
  else last_conv(c, c->a->fused, c->plan, c->x, c->y);
}

static int res_setup(const void *argp, void **out, char *err, size_t errlen) {
  const res_arg *a = argp;
  const simdconv_isa isa = simdconv_best_isa();
  conv_layer_tensors t = {0};
  simdconv_conv2d_desc d;
  const float *w, *b;
  if (a->block) {
    if (block_make(err, errlen) != 0) return 1;
    d = g_block.d3;
    w = g_block.w3;
    b = g_block.b3;
  } else {
    if (conv_layer_tensors_get(a->layer, &t, err, errlen) != 0) return 1;
    d = t.desc;
    w = t.w;
    b = t.b;
  }
  res_ctx *c = calloc(1, sizeof *c);
  if (c == NULL) {
    snprintf(err, errlen, "out of memory");
    return 1;
  }
  c->a = a;
  c->batch = a->block ? 1 : t.batch;
  c->ny = a->block ? (size_t)BH * BW * BCOUT : t.ny;
  const size_t nx = a->block ? (size_t)BH * BW * BC : t.nx;
  c->x = a->block ? g_block.x : t.x;
  float *other = NULL;
  simdconv_conv2d_plan *fplan = NULL, *uplan = NULL;
  int rc = 1;
  if ((c->y = bench_alloc_floats(c->ny)) == NULL || (other = bench_alloc_floats(c->ny)) == NULL ||
      (a->block && ((c->h1 = bench_alloc_floats(nx)) == NULL || (c->h2 = bench_alloc_floats(nx)) == NULL))) {
    snprintf(err, errlen, "out of memory");
    goto done;
  }
  if (a->block) {
    c->r = g_block.s;
  } else {
    if ((c->rbuf = bench_alloc_floats(c->ny)) == NULL) {
      snprintf(err, errlen, "out of memory");
      goto done;
    }
    uint64_t seed = 0xADD5EEDull + 7919ull * a->layer;
    bench_fill_uniform(c->rbuf, c->ny, &seed);
    c->r = c->rbuf;
  }
  if (a->threads != 0 && (c->pool = bench_pool(a->threads)) == NULL) {
    snprintf(err, errlen, "no pthreadpool of %zu threads", a->threads);
    goto done;
  }
  simdconv_conv2d_desc df = d, du = d;
  df.activation = SIMDCONV_ACTIVATION_RELU;
  du.activation = SIMDCONV_ACTIVATION_NONE;
  simdconv_status st = simdconv_conv2d_create(&df, w, b, isa, &fplan);
  if (st == SIMDCONV_OK) st = simdconv_conv2d_create(&du, w, b, isa, &uplan);
  if (st == SIMDCONV_OK && a->block) {
    st = simdconv_conv2d_create(&g_block.d1, g_block.w1, g_block.b1, isa, &c->p1);
    if (st == SIMDCONV_OK) st = simdconv_conv2d_create(&g_block.d2, g_block.w2, g_block.b2, isa, &c->p2);
  }
  if (st == SIMDCONV_OK && simdconv_conv2d_isa(fplan) != isa) st = SIMDCONV_UNSUPPORTED_ISA;
  /* fused into y, unfused into other */
  fill_nan(c->y, c->ny);
  fill_nan(other, c->ny);
  if (st == SIMDCONV_OK)
    st = a->block ? block_forward(c, RES_FUSED, fplan, c->y) : last_conv(c, RES_FUSED, fplan, c->x, c->y);
  if (st == SIMDCONV_OK)
    st = a->block ? block_forward(c, RES_UNFUSED, uplan, other) : last_conv(c, RES_UNFUSED, uplan, c->x, other);
  if (st != SIMDCONV_OK) {
    snprintf(err, errlen, "simdconv %s: %s", simdconv_isa_name(isa), simdconv_status_string(st));
    goto done;
  }
  char who[96];
  snprintf(who, sizeof who, "simdconv %s", simdconv_isa_name(isa));
  if (check_same(c->y, other, c->ny, who, err, errlen) != 0) goto done;
  const float *ref = a->block ? g_block.ref : t.ref, *mag = a->block ? g_block.mag : t.mag;
  float *own_ref = NULL, *own_mag = NULL;
  const double rel = a->block ? 3 * TOL_REL : TOL_REL, abs_tol = a->block ? 10 * TOL_ABS : TOL_ABS;
  if (!a->block && t.l->activation != SIMDCONV_ACTIVATION_NONE) { /* t.ref has the layer's activation */
    if (scalar_ref(d, c->batch, t.x, t.nx, w, t.nw, b, c->ny, &own_ref, &own_mag, err, errlen) != 0) goto done;
    ref = own_ref;
    mag = own_mag;
  }
  int bad = check_ref(ref, mag, c->r, c->y, c->ny, rel, abs_tol, who, err, errlen);
  if (!bad && a->fused == RES_PLAIN) { /* relu(conv + bias) into other, checked with a zero residual */
    float *zero = calloc(c->ny ? c->ny : 1, sizeof(float));
    fill_nan(other, c->ny);
    st = zero == NULL ? SIMDCONV_OUT_OF_MEMORY
                      : a->block ? block_forward(c, RES_PLAIN, fplan, other) : last_conv(c, RES_PLAIN, fplan, c->x, other);
    if (st != SIMDCONV_OK) {
      snprintf(err, errlen, "simdconv %s (no residual): %s", simdconv_isa_name(isa), simdconv_status_string(st));
      bad = 1;
    } else {
      bad = check_ref(ref, mag, zero, other, c->ny, rel, abs_tol, who, err, errlen);
    }
    free(zero);
  }
  free(own_ref);
  free(own_mag);
  if (bad) goto done;
  if (a->fused != RES_UNFUSED) {
    c->plan = fplan;
    fplan = NULL;
  } else {
    c->plan = uplan;
    uplan = NULL;
  }
  if (a->fused != RES_FUSED) memcpy(c->y, other, c->ny * sizeof(float));
  c->packed_bytes = (double)simdconv_conv2d_packed_bytes(c->plan) + (double)simdconv_conv2d_packed_bytes(c->p1) +
                    (double)simdconv_conv2d_packed_bytes(c->p2);
  *out = c;
  c = NULL;
  rc = 0;
done:
  simdconv_conv2d_destroy(fplan);
  simdconv_conv2d_destroy(uplan);
  free(other);
  res_teardown(c);
  return rc;
}

static void res_report(void *p, scb_report *r) {
  const res_ctx *c = p;
  if (c->packed_bytes > 0) scb_counter(r, "packed_bytes", c->packed_bytes, SCB_PLAIN);
}

static double res_peak(const void *argp) {
  const res_arg *a = argp;
  const double per_core = peak_gflops(simdconv_best_isa());
  return a->threads != 0 ? per_core * (double)a->threads : per_core;
}

static res_arg *g_args;
static size_t g_nargs;

static double res_flops(const res_arg *a) {
  if (a->block) return 2.0 * BH * BW * (BC * BC + 9.0 * BC * BC + (double)BC * BCOUT);
  size_t nl = 0;
  return 2.0 * bench_layer_macs(&bench_layers(&nl)[a->layer]);
}

static void add_case(res_arg *a) {
  size_t nl = 0;
  const bench_layer *layers = bench_layers(&nl);
  if (a->block)
    snprintf(a->name, sizeof a->name, "block/" BLOCK_NAME "/%s", a->fused ? "fused" : "unfused");
  else
    snprintf(a->name, sizeof a->name, "conv/%s/%s", layers[a->layer].name, a->fused ? "residual" : "residual_unfused");
  if (a->threads != 0) snprintf(a->name + strlen(a->name), sizeof a->name - strlen(a->name), "/threads:%zu", a->threads);
  scb_case c = {0};
  c.name = a->name;
  c.setup = res_setup;
  c.run = res_run;
  c.teardown = res_teardown;
  c.report = res_report;
  c.flops = res_flops(a);
  c.peak_gflops = res_peak;
  c.arg = a;
  c.clock = a->threads != 0 ? SCB_CLOCK_WALL : SCB_CLOCK_CPU;
  scb_register(&c);
  g_nargs++;
}

void residual_cases_register(int which) {
  size_t nl = 0, ncounts = 0;
  bench_layers(&nl);
  const size_t *counts = bench_thread_counts(&ncounts);
  free(g_args);
  g_args = calloc(2 * nl + 2 + 2 * ncounts, sizeof *g_args);
  g_nargs = 0;
  if (g_args == NULL) {
    fprintf(stderr, "simdconv_bench: out of memory\n");
    exit(1);
  }
  scb_context("residual_cases",
              "conv/<layer>/residual: simdconv_conv2d_run_ex, relu, residual added in registers; "
              "conv/<layer>/residual_unfused: simdconv_conv2d_run (no activation) + add/relu pass (-O3 -march=native); "
              "block/" BLOCK_NAME ": 1x1 64->64 relu, 3x3 64->64 relu, 1x1 64->256 + shortcut + relu, last 1x1 "
              "fused or unfused; ISA: simdconv_best_isa()");
  if (which & CONV_CASES_SINGLE) {
    for (size_t li = 0; li < nl; li++)
      for (int f = 1; f >= 0; f--) {
        res_arg *a = &g_args[g_nargs];
        a->layer = li;
        a->fused = f;
        add_case(a);
      }
    if (!bench_layers_user())
      for (int f = 1; f >= 0; f--) {
        res_arg *a = &g_args[g_nargs];
        a->block = 1;
        a->fused = f;
        add_case(a);
      }
  }
  if ((which & CONV_CASES_THREADED) && !bench_layers_user() && bench_pools_available())
    for (size_t t = 0; t < ncounts; t++) {
      if (counts[t] > 1 && !simdconv_has_threads()) continue;
      for (int f = 1; f >= 0; f--) {
        res_arg *a = &g_args[g_nargs];
        a->block = 1;
        a->fused = f;
        a->threads = counts[t];
        add_case(a);
      }
    }
}

/* ---- the paired measurement ---- */

/* The CPUs this process may run on. */
static size_t affinity_cpus(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  const int n = CPU_COUNT(&set);
  return n > 0 ? (size_t)n : 1;
}

int residual_pairs(size_t rounds, double slice_s) {
  size_t nl = 0, ncounts = 0;
  const bench_layer *layers = bench_layers(&nl);
  const size_t *counts = bench_thread_counts(&ncounts);
  const simdconv_isa isa = simdconv_best_isa();
  enum { MAXITEMS = 1024 };
  res_arg *items = calloc(MAXITEMS, sizeof *items);
  double *gf = malloc(sizeof(double) * 3 * rounds), *ratio = malloc(sizeof(double) * rounds);
  double *plain = malloc(sizeof(double) * rounds);
  if (items == NULL || gf == NULL || ratio == NULL || plain == NULL) {
    free(items);
    free(gf);
    free(ratio);
    free(plain);
    fprintf(stderr, "simdconv_bench: out of memory\n");
    return 1;
  }
  size_t n = 0;
  for (size_t li = 0; li < nl && n < MAXITEMS - 1 - BENCH_MAX_THREAD_COUNTS; li++)
    if (bench_layers_user() || strcmp(layers[li].name, "resnet_2_1x1") == 0) items[n++].layer = li;
  if (!bench_layers_user()) {
    items[n++].block = 1;
    const size_t cpus = affinity_cpus();
    for (size_t t = 0; t < ncounts; t++)
      if (counts[t] > 1 && counts[t] <= cpus && bench_pools_available() && simdconv_has_threads()) {
        items[n].block = 1;
        items[n++].threads = counts[t];
      }
  }
  printf("## fused residual: fused / unfused\n\n"
         "y = relu(conv + bias + residual). fused: simdconv_conv2d_run_ex with the residual (added in the "
         "kernels' registers before the relu); unfused: simdconv_conv2d_run with no activation, then a separate "
         "y = relu(y + r) pass (compiled -O3 -march=native; on the pool's threads for n > 1). simdconv %s, in one "
         "process: %zu rounds, each running fused, unfused and \"no residual\" (the same convolution with relu and no "
         "residual: the floor, what the fused add costs) for %.0f ms in turn (who goes first rotates); GFLOP/s "
         "(the convolutions' nominal FLOPs per second: process CPU seconds on one thread, wall-clock seconds on "
         "n > 1) = median over rounds; fused / unfused = median of the "
         "rounds' ratios of GFLOP/s (> 1: fused faster), with its quartiles and range; fused / no residual likewise "
         "(< 1: what the fused residual costs). Outputs checked first: fused == unfused bit for bit, and all three "
         "against simdconv's scalar kernel.\n\n",
         simdconv_isa_name(isa), rounds, slice_s * 1e3);
  printf("| residual case | threads | shape | fused GFLOP/s | unfused GFLOP/s | no residual GFLOP/s | fused / unfused | "
         "q1 - q3 | min - max | fused / no residual |\n");
  printf("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    res_arg args[3];
    void *ctx[3] = {NULL, NULL, NULL};
    char err[512] = "", shape[160];
    const char *name = items[i].block ? "block/" BLOCK_NAME : layers[items[i].layer].name;
    if (items[i].block) {
      snprintf(shape, sizeof shape, "56x56x64: 1x1 64 relu, 3x3 64 relu, 1x1 256 + 56x56x256 + relu");
    } else {
      const bench_layer *l = &layers[items[i].layer];
      const bench_geom g = bench_layer_geom(l);
      snprintf(shape, sizeof shape, "%zux%zux%zu -> %zu, k%zux%zu, relu, residual %zux%zux%zu%s", l->h, l->w, l->cin,
               l->cout, l->kh, l->kw, g.oh, g.ow, l->cout, bench_layer_batch(l) > 1 ? ", batch > 1" : "");
    }
    static const int variant[3] = {RES_FUSED, RES_UNFUSED, RES_PLAIN}; /* gf[k * rounds + r] */
    for (int k = 0; k < 3; k++) {
      args[k] = items[i];
      args[k].fused = variant[k];
      if (res_setup(&args[k], &ctx[k], err, sizeof err) != 0) {
        ctx[k] = NULL;
        break;
      }
    }
    if (err[0] != '\0') {
      printf("| %s | %zu | %s | error: %s | | | | | | |\n", name, items[i].threads ? items[i].threads : 1, shape, err);
      rc = 1;
    } else {
      const double flops = res_flops(&items[i]);
      for (size_t r = 0; r < rounds; r++) {
        for (int turn = 0; turn < 3; turn++) {
          const int k = (int)((r + (size_t)turn) % 3); /* who goes first rotates */
          /* one thread: CPU seconds, which leave out the time other work on a busy machine takes
           * the CPU away mid-turn (as the table's single-thread cases) */
          double (*clock_s)(void) = items[i].threads > 1 ? bench_mono_s : bench_cpu_s;
          size_t runs = 0;
          double t0 = clock_s(), t;
          do {
            res_run(ctx[k]);
            runs++;
          } while ((t = clock_s() - t0) < slice_s);
          gf[k * rounds + r] = flops * (double)runs / t * 1e-9;
        }
        ratio[r] = gf[r] / gf[rounds + r];
        plain[r] = gf[r] / gf[2 * rounds + r];
      }
      qsort(ratio, rounds, sizeof *ratio, bench_cmp_double);
      qsort(plain, rounds, sizeof *plain, bench_cmp_double);
      for (int k = 0; k < 3; k++) qsort(gf + (size_t)k * rounds, rounds, sizeof *gf, bench_cmp_double);
      printf("| %s | %zu | %s | %.1f | %.1f | %.1f | %.3f | %.3f - %.3f | %.3f - %.3f | %.3f |\n", name,
             items[i].threads ? items[i].threads : 1, shape, bench_quantile(gf, rounds, 0.5),
             bench_quantile(gf + rounds, rounds, 0.5), bench_quantile(gf + 2 * rounds, rounds, 0.5), bench_quantile(ratio, rounds, 0.5),
             bench_quantile(ratio, rounds, 0.25), bench_quantile(ratio, rounds, 0.75), ratio[0], ratio[rounds - 1],
             bench_quantile(plain, rounds, 0.5));
    }
    for (int k = 0; k < 3; k++) res_teardown(ctx[k]);
    fflush(stdout);
  }
  free(items);
  free(gf);
  free(ratio);
  free(plain);
  return rc;
}
