/* The conv cases: conv/<layer>/<isa> for every ISA simdconv runs here (forced through
 * simdconv_conv2d_create(..., isa, ...)) and conv/<layer>/<peer> for every peer compiled in,
 * single-threaded, timed in process CPU seconds; then the threaded cases, for every thread
 * count n of SIMDCONV_BENCH_THREADS (threads.h): conv/<layer>/<best isa>/threads:<n>
 * (simdconv_conv2d_run_parallel on the shared pthreadpool of n threads, the ISA
 * simdconv_best_isa() picks) and conv/<layer>/<peer>/threads:<n> for the peers that run threaded,
 * timed in wall-clock seconds (SCB_CLOCK_WALL), their pct_peak relative to n x the per-core peak.
 *
 * With CONV_CASES_WINOGRAD (simdconv_bench --winograd), per layer of the Winograd set (winograd.h):
 * conv/<layer>/<best isa>, conv/<layer>/winograd (options.algorithm WINOGRAD), conv/<layer>/<winograd
 * row> (each forced), conv/<layer>/fastest (FASTEST) and the peers but OpenBLAS; outputs of
 * Winograd and FASTEST plans checked with the library's Winograd bound (TOL_WINO_*).
 *
 * With CONV_CASES_KERNELS (simdconv_bench --kernels), per layer: conv/<layer>/<kernel> for every
 * candidate kernel of simdconv_best_isa() but the winograd_ rows (the registry rows of that ISA,
 * simdconv_kernel_*, for which simdconv_conv2d_create_ex with options.kernel does not answer
 * SIMDCONV_UNSUPPORTED on the layer: found through the public API when the cases are registered,
 * so a new registry row shows up by itself) and conv/<layer>/measure (options.tuning
 * SIMDCONV_TUNING_MEASURE), single thread, CPU clock, checked like the others. Single-thread
 * simdconv cases carry the kernel their plan runs as their label (simdconv_conv2d_kernel: DEFAULT's
 * choice on conv/<layer>/<isa>, MEASURE's on conv/<layer>/measure); the cases of --kernels also a
 * counter create_ms: the wall-clock milliseconds of their create call (MEASURE's includes its
 * timing of the candidates).
 *
 * Data: per layer, x, w and b uniform in [-1, 1) from a fixed seed (multiples of 2^-23: normal
 * floats, no denormals), and a reference output from simdconv's scalar kernel together with the
 * magnitude sum|x||w| + |b| of every output (the scalar kernel run on |x|, |w|, |b|). Every case
 * except conv/<layer>/scalar checks its output against the reference in setup, before anything
 * is timed: |y - y_ref| <= 1e-4 * magnitude + 1e-6 for every element, else the case fails, so a
 * comparison never times different work.
 *
 * Counters: GFLOP/s = 2 x nominal MACs (padded taps included) per second; pct_peak = GFLOP/s as
 * a percentage of peak/<isa> (peers: of the best peak over all ISAs); packed_bytes = the plan's
 * packed weights + bias (simdconv_conv2d_packed_bytes) or a peer's prepared weights. */
#include "conv_cases.h"
#include "data.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers.h"
#include "peak.h"
#include "peers.h"
#include "shim.h"
#include "threads.h"
#include "winograd.h"

#define TOL_REL 1e-4
#define TOL_ABS 1e-6
/* Winograd and FASTEST plans: the library's bound for Winograd outputs against direct ones,
 * 1e-4 * (|bias| + sum|x||w|) + 1e-6 per element (the same form as TOL_*, kept apart so that the
 * two can differ). */
#define TOL_WINO_REL 1e-4
#define TOL_WINO_ABS 1e-6

/* ---- per-layer data, made on the first case of a layer and kept to the end ---- */

typedef struct layer_data {
  const bench_layer *l;
  simdconv_conv2d_desc desc;
  size_t batch, nx, nw, ny;
  float *x, *w, *b, *ref, *mag;
  /* y: the output every case of the layer writes, in turn. One buffer, so that the cases' ratios
   * compare code and not where the allocator put each case's output: with one buffer per case,
   * the same kernel forced and chosen by DEFAULT differed by up to 18 % in one process (112x112x32
   * -> 16, AMD EPYC family 26 model 2), from run to run in either direction. */
  float *y;
} layer_data;

static layer_data **g_layers; /* one per layer of bench_layers(), NULL until made */

static size_t nlayers(void) {
  size_t n = 0;
  bench_layers(&n);
  return n;
}


static void layer_data_free(layer_data *d) {
  if (d == NULL) return;
  free(d->x);
  free(d->w);
  free(d->b);
  free(d->ref);
  free(d->mag);
  free(d->y);
  free(d);
}




/* The data of layer l; index picks the seed (the layer's place in its list). */
static layer_data *layer_data_new(const bench_layer *l, size_t index, char *err, size_t errlen) {
  layer_data *d = calloc(1, sizeof *d);
  if (d == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  d->l = l;
  d->desc = bench_layer_desc(l);
  bench_geom g = bench_layer_geom(l);
  size_t oh = 0, ow = 0;
  simdconv_status st = simdconv_conv2d_output_size(&d->desc, &oh, &ow);
  if (st != SIMDCONV_OK || oh != g.oh || ow != g.ow) {
    snprintf(err, errlen, "output size: simdconv says %s %zux%zu, bench expects %zux%zu", simdconv_status_string(st),
             oh, ow, g.oh, g.ow);
    free(d);
    return NULL;
  }
  d->batch = bench_layer_batch(l);
  d->nx = d->batch * l->h * l->w * l->cin;
  d->nw = l->kh * l->kw * (l->cin / l->groups) * l->cout;
  d->ny = d->batch * g.oh * g.ow * l->cout;
  d->x = bench_alloc_floats(d->nx);
  d->w = bench_alloc_floats(d->nw);
  d->b = bench_alloc_floats(l->cout);
  d->ref = bench_alloc_floats(d->ny);
  d->mag = bench_alloc_floats(d->ny);
  d->y = bench_alloc_floats(d->ny);
  float *ax = bench_alloc_floats(d->nx), *aw = bench_alloc_floats(d->nw), *ab = bench_alloc_floats(l->cout);
  if (!d->x || !d->w || !d->b || !d->ref || !d->mag || !d->y || !ax || !aw || !ab) {
    free(ax);
    free(aw);
    free(ab);
    layer_data_free(d);
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  uint64_t seed = 0x5EED5EEDull + 7919ull * index;
  bench_fill_uniform(d->x, d->nx, &seed);
  bench_fill_uniform(d->w, d->nw, &seed);
  bench_fill_uniform(d->b, l->cout, &seed);
  for (size_t i = 0; i < d->nx; i++) ax[i] = fabsf(d->x[i]);
  for (size_t i = 0; i < d->nw; i++) aw[i] = fabsf(d->w[i]);
  for (size_t i = 0; i < l->cout; i++) ab[i] = fabsf(d->b[i]);
  simdconv_conv2d_desc dm = d->desc;
  dm.activation = SIMDCONV_ACTIVATION_NONE;
  st = bench_scalar_conv(&d->desc, d->batch, d->x, d->w, d->b, d->ref);
  if (st == SIMDCONV_OK) st = bench_scalar_conv(&dm, d->batch, ax, aw, ab, d->mag);
  free(ax);
  free(aw);
  free(ab);
  if (st != SIMDCONV_OK) {
    layer_data_free(d);
    snprintf(err, errlen, "reference (simdconv scalar): %s", simdconv_status_string(st));
    return NULL;
  }
  return d;
}

static const layer_data *layer_data_get(size_t index, char *err, size_t errlen) {
  if (g_layers == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  size_t nl = 0;
  if (g_layers[index] == NULL) g_layers[index] = layer_data_new(&bench_layers(&nl)[index], index, err, errlen);
  return g_layers[index];
}

int conv_layer_tensors_get(size_t layer, conv_layer_tensors *t, char *err, size_t errlen) {
  if (g_layers == NULL) g_layers = calloc(nlayers(), sizeof *g_layers); /* freed by cleanup */
  const layer_data *d = layer_data_get(layer, err, errlen);
  if (d == NULL) return 1;
  t->l = d->l;
  t->desc = d->desc;
  t->batch = d->batch;
  t->nx = d->nx;
  t->nw = d->nw;
  t->ny = d->ny;
  t->x = d->x;
  t->w = d->w;
  t->b = d->b;
  t->ref = d->ref;
  t->mag = d->mag;
  return 0;
}

/* 0 when y matches the reference within rel * magnitude + abs per element; else a message in err. */
static int check_output(const layer_data *d, const float *y, const char *who, double rel, double abs, char *err,
                        size_t errlen) {
  size_t bad = 0, worst = 0;
  double worst_ratio = -1;
  for (size_t i = 0; i < d->ny; i++) {
    double e = fabs((double)y[i] - (double)d->ref[i]);
    double tol = rel * d->mag[i] + abs;
    if (!(e <= tol)) bad++;
    double ratio = e == e ? e / tol : INFINITY;
    if (!(ratio <= worst_ratio)) {
      worst_ratio = ratio;
      worst = i;
    }
  }
  if (bad == 0) return 0;
  snprintf(err, errlen,
           "%s output differs from simdconv scalar in %zu of %zu values (worst [%zu]: %.9g vs %.9g, "
           "tolerance %.3g)",
           who, bad, d->ny, worst, (double)y[worst], (double)d->ref[worst], rel * d->mag[worst] + abs);
  return 1;
}

/* ---- cases ---- */

typedef struct conv_arg {
  size_t layer;
  const layer_data *data;    /* the network runs (conv_impl_setup): this layer's data, not bench_layers()'s */
  simdconv_isa isa;          /* simdconv case, or AUTO for a peer */
  const peer_impl *peer;     /* peer case, or NULL */
  size_t threads;            /* 0: single-thread case; n: conv/.../threads:<n> */
  const char *kernel;        /* conv/<layer>/<kernel>: that registry kernel forced (options.kernel), or NULL */
  int measure;               /* conv/<layer>/measure: create_ex with SIMDCONV_TUNING_MEASURE */
  simdconv_algorithm algorithm; /* create_ex's options.algorithm: DIRECT (0, the default), WINOGRAD
                             * (conv/<layer>/winograd, and with kernel a forced Winograd row), FASTEST */
  int report_create;         /* add the counter create_ms (the cases of --kernels) */
  int input_stride;          /* run_ex on a copy of the input with the plan's preferred pixel stride
                             * (simdconv_conv2d_input_pixel_stride; --stride-pairs) */
  size_t output_stride;      /* nonzero: run_ex writes an output of that pixel stride (--stride-pairs) */
  char name[256];
} conv_arg;

typedef struct conv_ctx {
  const conv_arg *arg;
  const layer_data *d;
  float *y;                  /* the layer's output, d->y (shared by its cases) */
  simdconv_conv2d_plan *plan;
  struct pthreadpool *pool;  /* simdconv threads:<n> cases: the shared pool of n threads */
  void *peer_ctx;
  double packed_bytes;
  double create_ms;          /* wall-clock ms of simdconv's create call */
  const char *label;
  conv_arg *own_arg;         /* conv_impl_setup's copy of the arg, freed with the ctx */
  float *xs;                 /* arg->input_stride: the input, pixels xps floats apart (NaN between) */
  size_t xps;
  float *ys;                 /* arg->output_stride: the output, pixels yps floats apart */
  size_t yps;
} conv_ctx;

static void conv_teardown(void *p) {
  conv_ctx *c = p;
  if (c == NULL) return;
  if (c->peer_ctx != NULL) c->arg->peer->destroy(c->peer_ctx);
  simdconv_conv2d_destroy(c->plan);
  free(c->own_arg);
  free(c->xs);
  free(c->ys);
  free(c);
}

/* A simdconv case's run on the calling thread: dense, or on the strided input and / or output. */
static simdconv_status conv_run_one(const conv_ctx *c) {
  if (c->xs == NULL && c->ys == NULL) return simdconv_conv2d_run(c->plan, c->d->batch, c->d->x, c->y);
  const simdconv_conv2d_io io = {c->xs ? c->xs : c->d->x, c->xps, c->ys ? c->ys : c->y, c->yps, NULL, 0};
  return simdconv_conv2d_run_ex(c->plan, c->d->batch, &io, NULL);
}

/* arg->input_stride: the input copied to pixels of the plan's preferred stride, from a 64-byte
 * boundary as the dense input (0, or 1 when out of memory) */
static int conv_strided_input(conv_ctx *c) {
  const size_t cin = c->d->desc.input_channels, px = c->d->nx / cin;
  c->xps = simdconv_conv2d_input_pixel_stride(c->plan);
  c->xs = bench_alloc_floats(px * c->xps);
  if (c->xs == NULL) return 1;
  for (size_t i = 0; i < px; i++) {
    memcpy(c->xs + i * c->xps, c->d->x + i * cin, cin * sizeof(float));
    for (size_t k = cin; k < c->xps; k++) c->xs[i * c->xps + k] = NAN; /* never read */
  }
  return 0;
}

/* arg->output_stride: an output of that pixel stride, from a 64-byte boundary (0, or 1 when out of memory) */
static int conv_strided_output(conv_ctx *c) {
  const size_t cout = c->d->desc.output_channels;
  c->yps = c->arg->output_stride;
  c->ys = bench_alloc_floats(c->d->ny / cout * c->yps);
  return c->ys == NULL;
}

/* The strided output's channels into the dense y (for the output check). */
static void conv_gather_output(conv_ctx *c) {
  const size_t cout = c->d->desc.output_channels;
  for (size_t i = 0; c->ys != NULL && i < c->d->ny / cout; i++)
    memcpy(c->y + i * cout, c->ys + i * c->yps, cout * sizeof(float));
}

static void conv_run(void *p) {
  conv_ctx *c = p;
  if (c->plan == NULL) c->arg->peer->run(c->peer_ctx);
  else if (c->arg->threads != 0) simdconv_conv2d_run_parallel(c->plan, c->pool, c->d->batch, c->d->x, c->y);
  else conv_run_one(c);
}

static int conv_setup(const void *argp, void **out, char *err, size_t errlen) {
  const conv_arg *a = argp;
  const layer_data *d = a->data != NULL ? a->data : layer_data_get(a->layer, err, errlen);
  if (d == NULL) return 1;
  conv_ctx *c = calloc(1, sizeof *c);
  if (c == NULL) {
    snprintf(err, errlen, "out of memory");
    return 1;
  }
  c->y = d->y; /* the layer's (see layer_data) */
  c->arg = a;
  c->d = d;
  for (size_t i = 0; i < d->ny; i++) c->y[i] = NAN; /* an output never written fails the check */
  if (a->peer == NULL) {
    if (a->threads != 0 && (c->pool = bench_pool(a->threads)) == NULL) {
      snprintf(err, errlen, "no pthreadpool of %zu threads", a->threads);
      conv_teardown(c);
      return 1;
    }
    simdconv_status st;
    const double t0 = bench_mono_s();
    if (a->kernel != NULL || a->measure || a->algorithm != SIMDCONV_ALGORITHM_DIRECT) {
      simdconv_conv2d_options o = {0};
      o.isa = a->isa;
      o.kernel = a->kernel;
      o.tuning = a->measure ? SIMDCONV_TUNING_MEASURE : SIMDCONV_TUNING_DEFAULT;
      o.algorithm = a->algorithm;
      st = simdconv_conv2d_create_ex(&d->desc, d->w, d->b, &o, &c->plan);
    } else {
      st = simdconv_conv2d_create(&d->desc, d->w, d->b, a->isa, &c->plan);
    }
    c->create_ms = (bench_mono_s() - t0) * 1e3;
    if (st == SIMDCONV_OK && simdconv_conv2d_isa(c->plan) != a->isa) st = SIMDCONV_UNSUPPORTED_ISA;
    if (st == SIMDCONV_OK && a->kernel != NULL && strcmp(simdconv_conv2d_kernel(c->plan), a->kernel) != 0) {
      snprintf(err, errlen, "simdconv kernel %s forced, the plan runs %s", a->kernel, simdconv_conv2d_kernel(c->plan));
      conv_teardown(c);
      return 1;
    }
    if (st == SIMDCONV_OK && a->algorithm == SIMDCONV_ALGORITHM_WINOGRAD &&
        strncmp(simdconv_conv2d_kernel(c->plan), "winograd_", 9) != 0) {
      snprintf(err, errlen, "simdconv WINOGRAD: the plan runs %s, not a winograd_ registry row",
               simdconv_conv2d_kernel(c->plan));
      conv_teardown(c);
      return 1;
    }
    if (st == SIMDCONV_OK && a->input_stride && conv_strided_input(c) != 0) st = SIMDCONV_OUT_OF_MEMORY;
    if (st == SIMDCONV_OK && a->output_stride && conv_strided_output(c) != 0) st = SIMDCONV_OUT_OF_MEMORY;
    if (st == SIMDCONV_OK)
      st = a->threads != 0 ? simdconv_conv2d_run_parallel(c->plan, c->pool, d->batch, d->x, c->y) : conv_run_one(c);
    conv_gather_output(c);
    if (st != SIMDCONV_OK) {
      if (a->kernel != NULL) snprintf(err, errlen, "simdconv kernel %s: %s", a->kernel, simdconv_status_string(st));
      else
        snprintf(err, errlen, "simdconv %s%s%s: %s", simdconv_isa_name(a->isa), a->measure ? " MEASURE" : "",
                 a->algorithm == SIMDCONV_ALGORITHM_WINOGRAD ? " WINOGRAD"
                 : a->algorithm == SIMDCONV_ALGORITHM_FASTEST ? " FASTEST"
                                                              : "",
                 simdconv_status_string(st));
      conv_teardown(c);
      return 1;
    }
    c->packed_bytes = (double)simdconv_conv2d_packed_bytes(c->plan);
    if (a->threads == 0) c->label = simdconv_conv2d_kernel(c->plan); /* the kernel DEFAULT / MEASURE chose */
  } else {
    if (a->peer->create(d->l, a->threads, d->x, d->w, d->b, c->y, &c->peer_ctx, err, errlen) != 0) {
      c->peer_ctx = NULL;
      conv_teardown(c);
      return 1;
    }
    a->peer->run(c->peer_ctx);
    c->packed_bytes = a->peer->weight_bytes != NULL ? a->peer->weight_bytes(c->peer_ctx) : 0;
    c->label = a->peer->label != NULL ? a->peer->label(c->peer_ctx) : NULL;
  }
  /* conv/<layer>/scalar is the reference; a forced scalar kernel, MEASURE or another algorithm on
   * scalar is checked */
  const int is_reference = a->peer == NULL && a->isa == SIMDCONV_ISA_SCALAR && a->kernel == NULL && !a->measure &&
                           a->algorithm == SIMDCONV_ALGORITHM_DIRECT;
  const char *who = a->peer != NULL ? a->peer->name
                    : a->kernel != NULL ? a->kernel
                    : a->measure ? "simdconv MEASURE"
                    : a->algorithm == SIMDCONV_ALGORITHM_WINOGRAD ? "simdconv WINOGRAD"
                    : a->algorithm == SIMDCONV_ALGORITHM_FASTEST ? "simdconv FASTEST"
                                                                 : simdconv_isa_name(a->isa);
  /* Winograd rounds differently from the direct sum: its plans (and FASTEST's, which may be one)
   * get the library's Winograd bound */
  const int wino = a->peer == NULL && (a->algorithm != SIMDCONV_ALGORITHM_DIRECT ||
                                       strncmp(simdconv_conv2d_kernel(c->plan), "winograd_", 9) == 0);
  if (!is_reference && check_output(d, c->y, who, wino ? TOL_WINO_REL : TOL_REL, wino ? TOL_WINO_ABS : TOL_ABS, err,
                                    errlen) != 0) {
    conv_teardown(c);
    return 1;
  }
  *out = c;
  return 0;
}

static void conv_report(void *p, scb_report *r) {
  conv_ctx *c = p;
  if (c->packed_bytes > 0) scb_counter(r, "packed_bytes", c->packed_bytes, SCB_PLAIN);
  if (c->arg->report_create && c->plan != NULL) scb_counter(r, "create_ms", c->create_ms, SCB_PLAIN);
  if (c->label != NULL) scb_label(r, c->label);
}

static double conv_peak(const void *argp) {
  const conv_arg *a = argp;
  double per_core = a->peer != NULL ? peak_best_gflops() : peak_gflops(a->isa);
  return a->threads != 0 ? per_core * (double)a->threads : per_core;
}

static conv_arg *g_args;
static size_t g_nargs;

/* every ISA of SIMDCONV_ISA_LIST: k_isa(k) for k < NISAS */
#define NISAS ((size_t)SIMDCONV_ISA_COUNT - SIMDCONV_ISA_SCALAR)
static simdconv_isa k_isa(size_t k) { return (simdconv_isa)(SIMDCONV_ISA_SCALAR + (int)k); }

static void add_case(conv_arg *a) {
  size_t nl = 0;
  const bench_layer *l = &bench_layers(&nl)[a->layer];
  const char *variant = a->peer != NULL ? a->peer->name
                        : a->kernel != NULL ? a->kernel
                        : a->measure ? "measure"
                        : a->algorithm == SIMDCONV_ALGORITHM_WINOGRAD ? "winograd"
                        : a->algorithm == SIMDCONV_ALGORITHM_FASTEST ? "fastest"
                                                                     : simdconv_isa_name(a->isa);
  if (a->threads != 0)
    snprintf(a->name, sizeof a->name, "conv/%s/%s/threads:%zu", l->name, variant, a->threads);
  else
    snprintf(a->name, sizeof a->name, "conv/%s/%s", l->name, variant);
  scb_case c = {0};
  c.name = a->name;
  c.setup = conv_setup;
  c.run = conv_run;
  c.teardown = conv_teardown;
  c.report = conv_report;
  c.flops = 2.0 * bench_layer_macs(l);
  c.peak_gflops = conv_peak;
  c.arg = a;
  c.clock = a->threads != 0 ? SCB_CLOCK_WALL : SCB_CLOCK_CPU;
  scb_register(&c);
  g_nargs++;
}

/* The layers in the run's context: where they come from, those of the geometric mean
 * (report.py reads "geomean_layers"), and the user's specs written out in full. */
static void bench_layers_context(const bench_layer *layers, size_t nl) {
  scb_context("bench_layers", bench_layers_user() ? "user (--layer)" : "built-in (bench/layers.md)");
  size_t cap = 1;
  for (size_t i = 0; i < nl; i++) cap += strlen(layers[i].name) + 1;
  char *names = calloc(cap, 1);
  char *specs = bench_layers_user() ? calloc(nl, 512) : NULL;
  if (names == NULL || (bench_layers_user() && specs == NULL)) {
    free(names);
    free(specs);
    return;
  }
  for (size_t i = 0; i < nl; i++) {
    if (layers[i].real) {
      if (names[0]) strcat(names, ",");
      strcat(names, layers[i].name);
    }
    if (specs != NULL) {
      size_t used = strlen(specs);
      if (used > 0) used += (size_t)snprintf(specs + used, nl * 512 - used, " ; ");
      bench_layer_spec(&layers[i], specs + used, nl * 512 - used);
    }
  }
  scb_context("geomean_layers", names);
  if (specs != NULL) scb_context("layer_specs", specs);
  free(names);
  free(specs);
}

float *conv_zero_weights(const bench_layer *l) {
  const size_t nw = l->kh * l->kw * (l->cin / (l->groups ? l->groups : 1)) * l->cout;
  float *w = calloc(nw > 0 ? nw : 1, sizeof *w);
  if (w == NULL) {
    fprintf(stderr, "simdconv_bench: out of memory\n");
    exit(1);
  }
  return w;
}

simdconv_status conv_probe(const bench_layer *l, const float *w, simdconv_isa isa, simdconv_algorithm algorithm,
                           const char *kernel) {
  const simdconv_conv2d_desc desc = bench_layer_desc(l);
  simdconv_conv2d_options o = {0};
  o.isa = isa;
  o.algorithm = algorithm;
  o.kernel = kernel;
  simdconv_conv2d_plan *plan = NULL;
  simdconv_status st = simdconv_conv2d_create_ex(&desc, w, NULL, &o, &plan);
  simdconv_conv2d_destroy(plan);
  return st;
}

int conv_row_is_winograd(size_t i) {
  const char *n = simdconv_kernel_name(i);
  return n != NULL && strncmp(n, "winograd_", 9) == 0;
}

/* a direct-convolution registry row of isa: not one of the "winograd_" rows (--winograd's, winograd.h) */
static int is_direct_row(size_t i, simdconv_isa isa) {
  return simdconv_kernel_isa(i) == isa && simdconv_kernel_name(i) != NULL && !conv_row_is_winograd(i);
}

size_t conv_kernel_candidates(const bench_layer *l, simdconv_isa isa, size_t *idx) {
  float *w = conv_zero_weights(l);
  size_t n = 0;
  for (size_t i = 0, nk = simdconv_kernel_count(); i < nk; i++)
    if (is_direct_row(i, isa) &&
        conv_probe(l, w, isa, SIMDCONV_ALGORITHM_DIRECT, simdconv_kernel_name(i)) != SIMDCONV_UNSUPPORTED)
      idx[n++] = i;
  free(w);
  return n;
}

const char *conv_row_names(int winograd) {
  static char buf[2][2048];
  char *names = buf[winograd != 0];
  names[0] = '\0';
  const simdconv_isa best = simdconv_best_isa();
  for (size_t i = 0, nk = simdconv_kernel_count(); i < nk; i++)
    if (simdconv_kernel_isa(i) == best && simdconv_kernel_name(i) != NULL &&
        conv_row_is_winograd(i) == (winograd != 0) && strlen(names) + strlen(simdconv_kernel_name(i)) + 2 < sizeof buf[0]) {
      if (names[0]) strcat(names, ",");
      strcat(names, simdconv_kernel_name(i));
    }
  return names;
}

/* Registers the cases of --kernels for layer li: conv/<layer>/<kernel> for every candidate of
 * best (conv_kernel_candidates), then conv/<layer>/measure. */
static void add_kernel_cases(size_t li, simdconv_isa best, size_t *idx) {
  size_t nl = 0;
  const size_t n = conv_kernel_candidates(&bench_layers(&nl)[li], best, idx);
  for (size_t k = 0; k <= n; k++) {
    conv_arg *a = &g_args[g_nargs];
    a->layer = li;
    a->isa = best;
    a->report_create = 1;
    if (k < n) a->kernel = simdconv_kernel_name(idx[k]);
    else a->measure = 1;
    add_case(a);
  }
}

/* The cases of --winograd: per layer of the Winograd set, its implementations (wino_impls) but the
 * unsupported ones, which go to the context ("winograd_unsupported": layer/name, ...) with the set,
 * the layers of its geometric mean and the best ISA's Winograd rows. */
static void add_winograd_cases(const bench_layer *layers, size_t nl) {
  const char *set, *geomean, *skipped;
  wino_layer_lists(&set, &geomean, &skipped);
  scb_context("winograd_layers", set);
  scb_context("winograd_geomean_layers", geomean);
  scb_context("winograd_skipped_layers", skipped);
  scb_context("winograd_kernels", conv_row_names(1));
  scb_context("winograd_cases",
              "conv/<layer>/<best isa>: direct, DEFAULT; conv/<layer>/winograd: create_ex options.algorithm "
              "WINOGRAD (the library's variant: the label); conv/<layer>/<winograd row>: that row forced "
              "(options.kernel, algorithm WINOGRAD); conv/<layer>/fastest: algorithm FASTEST; GFLOP/s: the direct "
              "convolution's nominal FLOPs per second (effective rate)");
  size_t cap = 1, len = 0;
  char *unsup = calloc(1, 1);
  for (size_t li = 0; li < nl && unsup != NULL; li++) {
    wino_impl im[PAIR_MAXIMPL];
    const size_t n = wino_impls(&layers[li], im);
    for (size_t k = 0; k < n; k++) {
      if (im[k].unsupported) {
        const size_t need = len + strlen(layers[li].name) + strlen(im[k].name) + 3;
        if (need > cap) {
          char *p = realloc(unsup, cap = 2 * need);
          if (p == NULL) break;
          unsup = p;
        }
        len += (size_t)sprintf(unsup + len, "%s%s/%s", len ? "," : "", layers[li].name, im[k].name);
        continue;
      }
      conv_arg *a = &g_args[g_nargs];
      a->layer = li;
      a->isa = im[k].isa;
      a->peer = im[k].peer;
      a->algorithm = im[k].algorithm;
      a->kernel = im[k].kernel;
      add_case(a);
    }
  }
  scb_context("winograd_unsupported", unsup != NULL ? unsup : "");
  free(unsup);
}

/* Whether conv/<layer>/<isa>/threads:<n> is registered: the bench needs pthreadpool, and n > 1
 * only when simdconv itself uses the pool (else it would time one thread as n). */
static int simdconv_ok(size_t n) { return bench_pools_available() && (n == 1 || simdconv_has_threads()); }

void conv_cases_register(int which) {
  size_t npeers = 0, ncounts = 0;
  const peer_impl *const *peers = peers_init(&npeers);
  const size_t *counts = bench_thread_counts(&ncounts);
  size_t nl = 0;
  const bench_layer *layers = bench_layers(&nl);
  const size_t nkernels = simdconv_kernel_count();
  g_args = calloc(nl * ((NISAS + npeers) * (1 + ncounts) + nkernels + PAIR_MAXIMPL + 1), sizeof *g_args);
  g_layers = calloc(nl, sizeof *g_layers);
  size_t *kidx = calloc(nkernels + 1, sizeof *kidx);
  if (g_args == NULL || g_layers == NULL || kidx == NULL) {
    fprintf(stderr, "simdconv_bench: out of memory\n");
    exit(1);
  }
  char isas[64] = "";
  for (size_t k = 0; k < NISAS; k++)
    if (simdconv_isa_available(k_isa(k))) {
      if (isas[0]) strcat(isas, ",");
      strcat(isas, simdconv_isa_name(k_isa(k)));
    }
  scb_context("simdconv_isas", isas);
  const simdconv_isa best = simdconv_best_isa();
  scb_context("simdconv_best_isa", simdconv_isa_name(best));
  char peer_names[64] = "";
  for (size_t k = 0; k < npeers; k++) {
    if (peer_names[0]) strcat(peer_names, ",");
    strcat(peer_names, peers[k]->name);
  }
  scb_context("peers", peer_names[0] ? peer_names : "none");
  bench_layers_context(layers, nl);

  if (which & CONV_CASES_KERNELS) {
    scb_context("simdconv_kernels", conv_row_names(0)); /* the registry rows of the best ISA (report.py's columns) */
    scb_context("kernel_cases",
                "conv/<layer>/<kernel>: simdconv_conv2d_create_ex with options.kernel, every registry kernel of "
                "the best ISA that computes the layer; conv/<layer>/measure: SIMDCONV_TUNING_MEASURE; label: "
                "the kernel the plan runs; create_ms: wall-clock ms of the create call");
  }

  if (which & CONV_CASES_WINOGRAD) add_winograd_cases(layers, nl);

  if (which & (CONV_CASES_SINGLE | CONV_CASES_KERNELS)) {
    for (size_t li = 0; li < nl; li++) {
      for (size_t k = 0; k < NISAS; k++) {
        if (!simdconv_isa_available(k_isa(k))) continue;
        if (!(which & CONV_CASES_SINGLE) && k_isa(k) != best) continue; /* --kernels: DEFAULT's case */
        conv_arg *a = &g_args[g_nargs];
        a->layer = li;
        a->isa = k_isa(k);
        a->report_create = (which & CONV_CASES_KERNELS) != 0;
        add_case(a);
      }
      if (which & CONV_CASES_KERNELS) add_kernel_cases(li, best, kidx);
      if (!(which & CONV_CASES_SINGLE)) continue;
      for (size_t k = 0; k < npeers; k++) {
        conv_arg *a = &g_args[g_nargs];
        a->layer = li;
        a->isa = SIMDCONV_ISA_AUTO;
        a->peer = peers[k];
        add_case(a);
      }
    }
  }

  if ((which & CONV_CASES_THREADED) && ncounts > 0) {
    char list[BENCH_MAX_THREAD_COUNTS * 6] = "";
    for (size_t t = 0; t < ncounts; t++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%zu", t ? "," : "", counts[t]);
    scb_context("bench_threads", list);
    const char *how = "simdconv_conv2d_run_parallel on a pthreadpool of n threads";
    if (!bench_pools_available()) how = "none: the bench was built without pthreadpool (no simdconv threads:<n> cases)";
    else if (!simdconv_has_threads()) how = "1: simdconv was built without pthreadpool (only threads:1 cases)";
    scb_context("simdconv_threads", how);
    char threaded_peers[64] = "";
    for (size_t k = 0; k < npeers; k++)
      if (peers[k]->threaded) {
        if (threaded_peers[0]) strcat(threaded_peers, ",");
        strcat(threaded_peers, peers[k]->name);
      }
    scb_context("threaded_peers", threaded_peers[0] ? threaded_peers : "none");
    for (size_t li = 0; li < nl; li++) {
      for (size_t t = 0; t < ncounts; t++) {
        conv_arg *a = &g_args[g_nargs];
        if (simdconv_ok(counts[t])) {
          a->layer = li;
          a->isa = best;
          a->threads = counts[t];
          add_case(a);
        }
        for (size_t k = 0; k < npeers; k++) {
          if (!peers[k]->threaded) continue;
          a = &g_args[g_nargs];
          a->layer = li;
          a->isa = SIMDCONV_ISA_AUTO;
          a->peer = peers[k];
          a->threads = counts[t];
          add_case(a);
        }
      }
    }
  }
  free(kidx);
}

void conv_cases_cleanup(void) {
  bench_pools_destroy();
  for (size_t i = 0, n = nlayers(); g_layers != NULL && i < n; i++) layer_data_free(g_layers[i]);
  free(g_layers);
  g_layers = NULL;
  free(g_args);
  g_args = NULL;
  g_nargs = 0;
}

/* ---- one layer's implementations for the network runs (networks.c) ---- */

conv_layer_data *conv_layer_data_new(const bench_layer *l, size_t index, char *err, size_t errlen) {
  return layer_data_new(l, index, err, errlen);
}

void conv_layer_data_free(conv_layer_data *d) { layer_data_free(d); }

/* An implementation of its own arg a (taken: freed with the ctx, or here on failure). */
static void *impl_of_arg(conv_arg *a, char *err, size_t errlen) {
  void *c = NULL;
  if (conv_setup(a, &c, err, errlen) != 0) {
    free(a);
    return NULL;
  }
  ((conv_ctx *)c)->own_arg = a;
  return c;
}

static conv_arg *new_arg(const conv_layer_data *d, char *err, size_t errlen) {
  conv_arg *a = calloc(1, sizeof *a);
  if (a == NULL) snprintf(err, errlen, "out of memory");
  else a->data = d;
  return a;
}

void *conv_impl_setup(const conv_layer_data *d, simdconv_isa isa, const peer_impl *peer, size_t threads,
                      simdconv_algorithm algorithm, const char *kernel, char *err, size_t errlen) {
  conv_arg *a = new_arg(d, err, errlen);
  if (a == NULL) return NULL;
  a->isa = peer != NULL ? SIMDCONV_ISA_AUTO : isa;
  a->peer = peer;
  a->threads = threads;
  if (peer == NULL) {
    a->algorithm = algorithm;
    a->kernel = kernel;
  }
  return impl_of_arg(a, err, errlen);
}

void *conv_impl_setup_strided(const conv_layer_data *d, simdconv_isa isa, size_t output_stride, char *err,
                              size_t errlen) {
  conv_arg *a = new_arg(d, err, errlen);
  if (a == NULL) return NULL;
  a->isa = isa;
  a->input_stride = output_stride == 0;
  a->output_stride = output_stride;
  return impl_of_arg(a, err, errlen);
}

double conv_impl_slice_gflops(void *impl, double flops, double slice_s) {
  size_t runs = 0;
  const double t0 = bench_cpu_s();
  double t;
  do {
    conv_run(impl);
    runs++;
  } while ((t = bench_cpu_s() - t0) < slice_s);
  return t > 0 ? flops * (double)runs / t * 1e-9 : 0;
}

size_t conv_impl_input_stride(void *impl) {
  const conv_ctx *c = impl;
  return c->xs != NULL ? c->xps : c->d->desc.input_channels;
}

void conv_impl_run(void *impl) { conv_run(impl); }
void conv_impl_teardown(void *impl) { conv_teardown(impl); }
const char *conv_impl_label(void *impl) {
  conv_ctx *c = impl;
  return c->plan != NULL ? simdconv_conv2d_kernel(c->plan) : c->label;
}

/* ---- pairs: simdconv against each peer in one process, interleaved in short slices ---- */

static double median(double *v, size_t n) {
  qsort(v, n, sizeof *v, bench_cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int conv_pairs(size_t rounds, double slice_s) {
  enum { MAXIMPL = 4 };
  size_t npeers = 0;
  const peer_impl *const *all = peers_init(&npeers);
  const peer_impl *peers[MAXIMPL - 1];
  size_t np = 0;
  for (size_t i = 0; i < npeers && np < MAXIMPL - 1; i++)
    if (strcmp(all[i]->name, "openblas") != 0) peers[np++] = all[i]; /* im2col + GEMM: far behind */
  const simdconv_isa isa = simdconv_best_isa();
  size_t nl = 0;
  const bench_layer *layers = bench_layers(&nl);
  if (g_layers == NULL) g_layers = calloc(nl, sizeof *g_layers); /* freed by cleanup */
  double *g = malloc(sizeof(double) * MAXIMPL * rounds), *ratio = malloc(sizeof(double) * rounds);
  double *pk = malloc(sizeof(double) * rounds); /* the ISA's FMA peak, one slice per round */
  double lsum[MAXIMPL - 1] = {0};
  size_t nreal = 0;
  int rc = 0;
  if (g == NULL || ratio == NULL || pk == NULL) {
    free(g);
    free(ratio);
    free(pk);
    fprintf(stderr, "simdconv_bench --pairs: out of memory\n");
    return 1;
  }
  printf("simdconv (%s) against each peer in one process: %zu rounds, each running every implementation for "
         "%.0f ms in turn; GFLOP/s = median over rounds, ratio = median over rounds of the round's ratio. "
         "%% peak: simdconv's GFLOP/s (nominal: padded taps counted) over peak/%s, which takes a turn of "
         "its own in every round (median of the rounds' ratios).\n\n",
         simdconv_isa_name(isa), rounds, slice_s * 1e3, simdconv_isa_name(isa));
  printf("| layer | simdconv %s |", simdconv_isa_name(isa));
  for (size_t p = 0; p < np; p++) printf(" %s |", peers[p]->name);
  for (size_t p = 0; p < np; p++) printf(" simdconv / %s |", peers[p]->name);
  printf(" simdconv %% peak |");
  printf("\n|---|---:|");
  for (size_t p = 0; p < 2 * np + 1; p++) printf("---:|");
  printf("\n");
  for (size_t li = 0; li < nl; li++) {
    const bench_layer *l = &layers[li];
    conv_arg args[MAXIMPL];
    conv_ctx *ctx[MAXIMPL] = {0};
    size_t n = 1 + np;
    char err[512] = "";
    for (size_t k = 0; k < n; k++) {
      memset(&args[k], 0, sizeof args[k]);
      args[k].layer = li;
      args[k].isa = k == 0 ? isa : SIMDCONV_ISA_AUTO;
      args[k].peer = k == 0 ? NULL : peers[k - 1];
      void *c = NULL;
      if (conv_setup(&args[k], &c, err, sizeof err) != 0) break;
      ctx[k] = c;
    }
    if (err[0] != '\0') {
      printf("| %s | error: %s |\n", l->name, err);
      rc = 1;
    } else {
      const double flops = 2.0 * bench_layer_macs(l);
      for (size_t r = 0; r < rounds; r++) {
        pk[r] = peak_slice_gflops(isa, slice_s);
        for (size_t k = 0; k < n; k++) {
          size_t runs = 0;
          double t0 = bench_mono_s(), t;
          do {
            conv_run(ctx[k]);
            runs++;
          } while ((t = bench_mono_s() - t0) < slice_s);
          g[k * rounds + r] = flops * (double)runs / t * 1e-9;
        }
      }
      double med[MAXIMPL];
      for (size_t k = 1; k < n; k++) {
        for (size_t r = 0; r < rounds; r++) ratio[r] = g[r] / g[k * rounds + r];
        med[k] = median(ratio, rounds);
        if (l->real) lsum[k - 1] += log(med[k]);
      }
      nreal += l->real != 0;
      printf("| %s |", l->name);
      for (size_t k = 0; k < n; k++) {
        memcpy(ratio, g + k * rounds, sizeof(double) * rounds);
        printf(" %.1f |", median(ratio, rounds));
      }
      for (size_t k = 1; k < n; k++) printf(" %.3f |", med[k]);
      for (size_t r = 0; r < rounds; r++) ratio[r] = pk[r] > 0 ? g[r] / pk[r] : 0;
      printf(" %.1f %% |\n", 100.0 * median(ratio, rounds));
    }
    for (size_t k = 0; k < n; k++) conv_teardown(ctx[k]);
    fflush(stdout);
  }
  if (nreal > (bench_layers_user() ? 1u : 0u)) { /* the user's layers: a geomean of two or more */
    printf("| **geomean of the ratios (%zu %slayer%s)** | | ", nreal, bench_layers_user() ? "" : "real ",
           nreal == 1 ? "" : "s");
    for (size_t p = 0; p < np; p++) printf(" |");
    for (size_t p = 0; p < np; p++) printf(" %.3f |", exp(lsum[p] / (double)nreal));
    printf(" |\n");
  }
  free(g);
  free(ratio);
  free(pk);
  return rc;
}
