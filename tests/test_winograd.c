/* Winograd F(m x m, 3 x 3) convolution (SC_KIND_WINO registry rows) against its contract.
 *
 * Targets: every Winograd row of the registry whose ISA runs here (tc_isa_testable), forced with
 * simdconv_conv2d_create_ex (options.kernel), and AUTO with options.algorithm WINOGRAD and FASTEST.
 * No kernel name, ISA or variant is written here: the rows come from the registry (dispatch/cpu.h),
 * so a new Winograd row is picked up without editing this file.
 *
 * Every case is computed once by the independent fp64 reference (tests/reference.c) and run on
 * every target; a Winograd plan's finite outputs must be within
 *     |out - exact| <= 1e-4 * S + 1e-6,   S = max over the outputs o' of the output's m x m tile
 *                                             (same image and channel) of |bias| + sum |x||w| (+ |res|)
 * (ref_agrees' 1e-5 is the direct kernels' bound, used here only for the direct plans FASTEST may
 * choose). Why the tile's scale and not the output's own: Winograd's rounding error follows the
 * magnitudes of the tile's whole (m+2) x (m+2) input patch, so an output whose own receptive field
 * is small next to large neighbours (explicit pads >= 2: outputs with no real tap, exact 0; wide-
 * range data with few channels) is off by far more than 1e-4 of its own scale (F(4x4) up to ~30x
 * its scale; F(6x6) ~3e-6 at an exact 0 with data in [-1, 1]); on the tile's scale every variant
 * stays below 2e-5 here. SIMDCONV_TEST_WINO_BOUND=output checks the bound on each output's own
 * scale instead (api.md's first wording; it fails on those cases). Both ratios are printed.
 * Special values (api.md, Winograd plans): an output the reference says is
 * non-finite is non-finite (NaN or inf, either class); a NaN/inf input may also spoil the other
 * outputs of its group's m x m output tiles whose (m+2) x (m+2) input patch holds it (tile (ty, tx):
 * output rows ty*m .. ty*m+m-1, input rows ty*m - pad_top .. ty*m - pad_top + m + 1, columns
 * likewise); a NaN/inf weight or bias its whole output channel; every other output is finite and
 * within the bound.
 *
 * Suites (each on every target; the create status is checked too: UNSUPPORTED with *plan untouched
 * where Winograd does not apply, i.e. not 3x3 / stride 1 / dilation 1 / >= 4 channels per group):
 *   maps       1x1 .. 20x20 maps (1, 2, 3, m+1, 2m+1, tall, wide) x VALID / SAME / EXPLICIT pads
 *              (symmetric, asymmetric, pads of 3 with pixels that have no real tap)
 *   channels   Cin x Cout tails 4..140 (across 64 and every vector width)
 *   groups     2-4 groups of >= 4 channels, and groups / depthwise Winograd cannot compute
 *   acts       every activation, bias or NULL, both input ranges, batch 2-3, unaligned buffers
 *   networks   the ResNet / VGG 3x3 layers at reduced size
 *   special    NaN / +-inf in the input (one image of a batch, several tiles), weights and bias
 *   run_ex     pixel strides (NaN in the input's gaps, canaries in the output's), residual (separate,
 *              in place), fused == run + add + activation, DenseNet windows, batch 1-3, unaligned,
 *              run_parallel and pools of 1-4 threads bit-identical to the dense run, bad strides
 *   statuses   UNSUPPORTED descriptors (5x5, 1x1, strides, dilations, depthwise, 3 channels, ...) for
 *              algorithm WINOGRAD (AUTO and every ISA) and every forced Winograd kernel, *plan
 *              untouched; FASTEST falls back to direct; kernel name vs algorithm vs options.isa; a
 *              forced kernel of an ISA this CPU lacks; MEASURE with WINOGRAD bit-identical to DEFAULT
 *              (also with NaN / inf data); MEASURE keeps a forced Winograd kernel
 * Inputs are drawn in [-1, 1] and with a wide dynamic range (magnitudes 2^-8 .. 2^8, random signs).
 * Printed: per target the cases run, and the accuracy table (per Winograd row: the worst
 * |out - exact| / (|bias| + sum |x||w| + |res|) seen for each input range).
 *
 *   test_winograd            every suite
 *   test_winograd quick      fewer cases, no pools (valgrind)
 *   test_winograd accuracy   the variants on the suite's 3x3 layers (resnet_2..5_3x3, vgg_3_3x3,
 *                            128x128x32), both input ranges: a markdown table of the worst and mean
 *                            ratio (vgg_3_3x3's reference is computed for bands of output rows)
 * SIMDCONV_TEST_MAX_ISA=<isa> (tests/harness.c): rows of ISAs above it are skipped. */
#define _POSIX_C_SOURCE 200112L /* posix_memalign */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simdconv/simdconv.h>

#include "cpu.h" /* dispatch/: the registry rows (kind, wino), sc_row_computes */
#include "harness.h"
#include "reference.h"
#include "geom.h"

#if defined(SIMDCONV_TEST_POOL)
#  include <pthreadpool.h>
#endif

#define BOUND_REL 1e-4
#define BOUND_ABS 1e-6
#define GUARD 32

static int g_quick;
/* SIMDCONV_TEST_WINO_BOUND=output: the bound on each output's own scale (api.md's first wording),
 * instead of its tile's (see the top) */
static int g_per_output;

static size_t nz(size_t v) { return v ? v : 1; }

static const uint32_t CANARY = 0x7FC0DEADu;
static float canary(void) { float f; memcpy(&f, &CANARY, sizeof f); return f; }
static int is_canary(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u == CANARY; }
#define same_bits tc_same_bits
/* bit-identical, except that two NaNs agree whatever their payloads */
static int same_value(float a, float b) { return same_bits(a, b) || (isnan(a) && isnan(b)); }

static void *xmalloc(size_t bytes) {
  void *p = NULL;
  if (posix_memalign(&p, 64, bytes ? bytes : 1) != 0 || p == NULL) {
    printf("FAIL test out of memory (%zu bytes)\n", bytes);
    exit(1);
  }
  return p;
}

/* a plan pointer create_ex must not touch on failure */
static char sentinel_object;
#define SENTINEL ((simdconv_conv2d_plan *)(void *)&sentinel_object)



/* The contract's rule, written independently of dispatch/select.c: Winograd applies to 3x3 kernels,
 * stride 1x1, dilation 1x1, >= 4 input and >= 4 output channels per group (never depthwise). */
static int wino_applies(const simdconv_conv2d_desc *d) {
  const size_t g = nz(d->groups);
  return d->kernel_height == 3 && d->kernel_width == 3 && nz(d->stride_height) == 1 && nz(d->stride_width) == 1 &&
         nz(d->dilation_height) == 1 && nz(d->dilation_width) == 1 && d->input_channels / g >= 4 &&
         d->output_channels / g >= 4;
}

/* ---- the registry ---- */
static const sc_kernel_row *row_by_name(const char *name) {
  for (size_t i = 0; i < sc_registry_count(); i++)
    if (strcmp(sc_registry_row(i)->name, name) == 0) return sc_registry_row(i);
  return NULL;
}
static size_t row_index(const sc_kernel_row *r) {
  for (size_t i = 0; i < sc_registry_count(); i++)
    if (sc_registry_row(i) == r) return i;
  return 0;
}
static int is_wino(const sc_kernel_row *r) { return r != NULL && r->kind == SC_KIND_WINO; }
static const sc_kernel_row *plan_row(const simdconv_conv2d_plan *p) { return row_by_name(simdconv_conv2d_kernel(p)); }

/* ---- targets: forced Winograd rows, AUTO with WINOGRAD and with FASTEST ---- */
typedef struct target {
  char label[64];
  const sc_kernel_row *row;  /* forced; NULL: AUTO */
  simdconv_algorithm alg;
  size_t cases, wino_runs, direct_runs, unsupported, runex;
  unsigned char m_seen[16];  /* variants (m) an AUTO target ran */
} target;
#define MAX_TARGETS 64
static target g_t[MAX_TARGETS];
static size_t g_nt;

static simdconv_conv2d_options target_options(const target *t) {
  simdconv_conv2d_options o;
  memset(&o, 0, sizeof o);
  o.kernel = t->row ? t->row->name : NULL;
  o.algorithm = t->alg;
  return o;
}

/* accuracy per registry row and input range: worst and mean ratio */
typedef struct acc_stat {
  double worst, sum;
  size_t n;
  double zero_err; /* the largest |out| where the exact output is 0 with scale 0 (no real tap, no bias) */
  double tile_worst; /* the worst |out - exact| / (the largest scale of an output of its m x m tile, same channel) */
} acc_stat;
static acc_stat *g_acc; /* [registry count][2] */

static void init_targets(void) {
  for (size_t i = 0; i < sc_registry_count() && g_nt + 2 < MAX_TARGETS; i++) {
    const sc_kernel_row *r = sc_registry_row(i);
    if (!is_wino(r) || !tc_isa_testable(r->isa)) continue;
    target *t = &g_t[g_nt++];
    memset(t, 0, sizeof *t);
    snprintf(t->label, sizeof t->label, "%s", r->name);
    t->row = r;
    t->alg = SIMDCONV_ALGORITHM_DIRECT; /* a forced kernel sets the algorithm */
  }
  static const struct { const char *label; simdconv_algorithm alg; } autos[] = {
      {"auto/algorithm=winograd", SIMDCONV_ALGORITHM_WINOGRAD}, {"auto/algorithm=fastest", SIMDCONV_ALGORITHM_FASTEST}};
  for (size_t i = 0; i < 2; i++) {
    target *t = &g_t[g_nt++];
    memset(t, 0, sizeof *t);
    snprintf(t->label, sizeof t->label, "%s", autos[i].label);
    t->alg = autos[i].alg;
  }
}

/* ---- data ---- */
/* range 0: [-1, 1]; range 1: magnitudes 2^-8 .. 2^8 (log-uniform), random signs */
static float draw(int range) {
  if (range == 0) return tc_uniform();
  const float v = (float)exp2(8.0 * (double)tc_uniform());
  return tc_uniform() < 0 ? -v : v;
}

/* One Winograd output against the contract (see the top); *ratio: |out - y| / scale where measured,
 * else -1. */
static int wino_ok(float out, double y, double scale, double bscale, int tainted, double *err, double *ratio) {
  *ratio = *err = -1;
  if (!isfinite(y)) return !isfinite(out);
  if (tainted) return 1;
  if (!isfinite(scale)) return (double)out == y; /* an activation saturated an infinity */
  if (!isfinite(out)) return 0;
  *err = fabs((double)out - y);
  if (scale > 0) *ratio = *err / scale;
  return *err <= BOUND_REL * (g_per_output ? scale : bscale) + BOUND_ABS;
}

static void acc_add(acc_stat *s, double err, double ratio) {
  if (s == NULL) return;
  if (ratio < 0) { /* scale 0: an output with no real tap and no bias (exactly 0) */
    if (err > s->zero_err) s->zero_err = err;
    return;
  }
  if (ratio > s->worst) s->worst = ratio;
  s->sum += ratio;
  s->n++;
}

/* Checks n outputs (pixel stride ops floats, cout channels each) against y / scale; taint may be
 * NULL. Returns the number off; *first the first (element index). */
static size_t check_wino(const float *out, size_t ops, size_t npx, size_t cout, const double *y, const double *scale,
                         const double *tscale, const unsigned char *taint, acc_stat *st, size_t *first) {
  size_t bad = 0;
  for (size_t q = 0; q < npx; q++)
    for (size_t c = 0; c < cout; c++) {
      const size_t e = q * cout + c;
      double err, ratio;
      if (!wino_ok(out[q * ops + c], y[e], scale[e], tscale[e], taint ? taint[e] : 0, &err, &ratio) && bad++ == 0)
        *first = e;
      if (err < 0 || st == NULL) continue;
      acc_add(st, err, ratio); /* failing outputs count too */
      if (tscale[e] > 0 && err / tscale[e] > st->tile_worst) st->tile_worst = err / tscale[e];
    }
  return bad;
}

static void report_bad(const char *who, const char *what, const simdconv_conv2d_desc *d, size_t batch, size_t bad,
                       size_t nout, size_t first, float got, double want, double scale, double tscale, int tainted,
                       const char *extra) {
  char buf[256];
  size_t oh, ow, pt, pl;
  ref_output_size(d, &oh, &ow, &pt, &pl);
  const size_t K = d->output_channels, c0 = first % K, px = first / K;
  tc_describe(buf, sizeof buf, d, batch);
  TC_EXPECT(0, "%s %s %s: %zu/%zu outputs off the Winograd bound / special-value rule, first (n %zu, y %zu, x %zu, "
            "c %zu): got %.9g want %.9g (scale %.3g, err/scale %.3g, tile scale %.3g, err/tile scale %.3g%s)%s",
            who, what, buf, bad, nout, px / (ow * oh), px / ow % oh, px % ow, c0, got, want, scale,
            fabs((double)got - want) / scale, tscale, fabs((double)got - want) / tscale, tainted ? ", tainted" : "",
            extra ? extra : "");
}

/* ---- one case on every target ---- */
typedef struct copts {
  int range, no_bias, unaligned;
  const tc_special *sp;
  size_t nsp;
} copts;

static size_t g_cases;

static void run_case(const char *what, const simdconv_conv2d_desc *d, size_t batch, const copts *co) {
  static const copts none;
  size_t oh, ow, pt, pl;
  char buf[256];
  if (co == NULL) co = &none;
  tc_describe(buf, sizeof buf, d, batch);
  if (!ref_output_size(d, &oh, &ow, &pt, &pl)) {
    TC_EXPECT(0, "test bug: %s %s has no output", what, buf);
    return;
  }
  g_cases++;
  const size_t G = nz(d->groups), K = d->output_channels;
  const size_t nin = batch * d->input_height * d->input_width * d->input_channels;
  const size_t nw = d->kernel_height * d->kernel_width * (d->input_channels / G) * K, nout = batch * oh * ow * K;
  const size_t off = co->unaligned ? 1 : 0;
  float *xbuf = xmalloc((nin + 1) * sizeof(float)), *w = xmalloc((nw + 1) * sizeof(float));
  float *b = xmalloc((K + 1) * sizeof(float)), *wcopy = xmalloc((nw + 1) * sizeof(float));
  float *bcopy = xmalloc((K + 1) * sizeof(float)), *obuf = xmalloc((nout + 2 * GUARD + 2) * sizeof(float));
  double *ref = xmalloc((nout + 1) * sizeof(double)), *scale = xmalloc((nout + 1) * sizeof(double));
  double *tscale = xmalloc((nout + 1) * sizeof(double));
  unsigned char *padnan = xmalloc(nout + 1), *taint = xmalloc(nout + 1);
  float *x = xbuf + off, *out = obuf + GUARD + off;
  for (size_t i = 0; i < nin; i++) x[i] = draw(co->range);
  for (size_t i = 0; i < nw; i++) w[i] = draw(co->range);
  for (size_t i = 0; i < K; i++) b[i] = draw(co->range);
  for (size_t i = 0; i < co->nsp; i++) {
    const tc_special *sp = &co->sp[i];
    float *arr = sp->where == 'x' ? x : sp->where == 'w' ? w : b;
    const size_t len = sp->where == 'x' ? nin : sp->where == 'w' ? nw : K;
    arr[sp->index % len] = sp->value;
  }
  const float *bias = co->no_bias ? NULL : b;
  int special = 0;
  for (size_t i = 0; i < nin; i++) special |= !isfinite(x[i]);
  for (size_t i = 0; i < nw; i++) special |= !isfinite(w[i]);
  for (size_t i = 0; bias && i < K; i++) special |= !isfinite(b[i]);
  ref_conv2d(d, batch, x, w, bias, ref, scale, padnan);
  sc_geom g;
  tc_geom_of(d, &g);
  const int applies = wino_applies(d);

  for (size_t ti = 0; ti < g_nt; ti++) {
    target *t = &g_t[ti];
    simdconv_conv2d_options o = target_options(t);
    const int want_ok = t->row ? applies : t->alg == SIMDCONV_ALGORITHM_FASTEST ? 1 : applies;
    if (t->row)
      TC_EXPECT(sc_row_computes(t->row, &g) == applies, "%s %s %s: sc_row_computes says %d, the contract %d", t->label,
                what, buf, sc_row_computes(t->row, &g), applies);
    memcpy(wcopy, w, nw * sizeof(float));
    memcpy(bcopy, b, K * sizeof(float));
    simdconv_conv2d_plan *p = SENTINEL;
    simdconv_status s = simdconv_conv2d_create_ex(d, wcopy, bias ? bcopy : NULL, &o, &p);
    if (!want_ok) {
      TC_EXPECT(s == SIMDCONV_UNSUPPORTED && p == SENTINEL, "%s %s %s: create_ex said '%s' (*plan %s), want unsupported",
                t->label, what, buf, simdconv_status_string(s), p == SENTINEL ? "untouched" : "written");
      if (s == SIMDCONV_OK && p != SENTINEL) simdconv_conv2d_destroy(p);
      t->unsupported++;
      continue;
    }
    TC_EXPECT(s == SIMDCONV_OK, "%s %s %s: create_ex: %s", t->label, what, buf, simdconv_status_string(s));
    if (s != SIMDCONV_OK) continue;
    /* the plan owns packed copies: scribble over the caller's */
    for (size_t i = 0; i < nw; i++) wcopy[i] = 1e30f;
    for (size_t i = 0; i < K; i++) bcopy[i] = -1e30f;
    const sc_kernel_row *pr = plan_row(p);
    if (pr == NULL) {
      TC_EXPECT(0, "%s %s: the plan's kernel '%s' is no registry row", t->label, what, simdconv_conv2d_kernel(p));
      simdconv_conv2d_destroy(p);
      continue;
    }
    if (t->row)
      TC_EXPECT(pr == t->row, "%s %s %s: the plan runs %s", t->label, what, buf, pr->name);
    else
      TC_EXPECT(pr->isa == simdconv_best_isa(), "%s %s: the plan runs %s, ISA %s (best %s)", t->label, what, pr->name,
                simdconv_isa_name(pr->isa), simdconv_isa_name(simdconv_best_isa()));
    if (t->alg == SIMDCONV_ALGORITHM_WINOGRAD) TC_EXPECT(is_wino(pr), "%s %s %s: runs %s", t->label, what, buf, pr->name);
    if (is_wino(pr)) TC_EXPECT(applies, "%s %s %s: Winograd %s on a descriptor it does not apply to", t->label, what, buf, pr->name);
    TC_EXPECT(simdconv_conv2d_isa(p) == pr->isa, "%s %s: plan ISA %s, kernel %s", t->label, what,
              simdconv_isa_name(simdconv_conv2d_isa(p)), pr->name);
    TC_EXPECT(simdconv_conv2d_packed_bytes(p) > 0, "%s %s: packed_bytes 0", t->label, what);

    for (size_t i = 0; i < nout + 2 * GUARD + 2; i++) obuf[i] = canary();
    s = simdconv_conv2d_run(p, batch, x, out);
    TC_EXPECT(s == SIMDCONV_OK, "%s %s %s: run: %s", t->label, what, buf, simdconv_status_string(s));
    if (s == SIMDCONV_OK) {
      size_t bad_guard = 0;
      for (size_t i = 0; i < GUARD + off; i++) bad_guard += !is_canary(obuf[i]);
      for (size_t i = 0; i < GUARD; i++) bad_guard += !is_canary(out[nout + i]);
      TC_EXPECT(bad_guard == 0, "%s %s %s: wrote %zu floats outside the output", t->label, what, buf, bad_guard);
      size_t bad = 0, first = 0;
      if (is_wino(pr)) {
        if (special) ref_wino_taint(d, batch, pr->wino->m, x, w, bias, taint);
        acc_stat *st = special ? NULL : &g_acc[row_index(pr) * 2 + (co->range ? 1 : 0)];
        ref_wino_tile_scale(d, batch, pr->wino->m, scale, tscale);
        bad = check_wino(out, K, nout / K, K, ref, scale, tscale, special ? taint : NULL, st, &first);
        if (bad)
          report_bad(t->label, what, d, batch, bad, nout, first, out[first], ref[first], scale[first], tscale[first],
                     special && taint[first], co->range ? " [wide-range data]" : " [data in [-1,1]]");
        else
          tc_checks++;
        t->wino_runs++;
        if (pr->wino->m < sizeof t->m_seen) t->m_seen[pr->wino->m] = 1;
      } else {
        for (size_t i = 0; i < nout; i++)
          if (!ref_agrees(out[i], ref[i], scale[i], padnan[i]) && bad++ == 0) first = i;
        TC_EXPECT(bad == 0, "%s %s %s: direct plan %s: %zu/%zu outputs off (ref_agrees), first %zu: got %.9g want %.9g",
                  t->label, what, buf, pr->name, bad, nout, first, out[first], ref[first]);
        t->direct_runs++;
      }
    }
    t->cases++;
    simdconv_conv2d_destroy(p);
  }
  free(xbuf); free(w); free(b); free(wcopy); free(bcopy); free(obuf); free(ref); free(scale); free(tscale);
  free(padnan); free(taint);
}

/* ---- descriptors ---- */
static simdconv_conv2d_desc D3(size_t h, size_t w, size_t cin, size_t cout, simdconv_padding pad) {
  return tc_desc(h, w, cin, cout, 3, 3, pad);
}
static simdconv_conv2d_desc pads(simdconv_conv2d_desc d, size_t t, size_t b, size_t l, size_t r) {
  d.padding = SIMDCONV_PADDING_EXPLICIT;
  d.pad_top = t; d.pad_bottom = b; d.pad_left = l; d.pad_right = r;
  return d;
}
static void set_act(simdconv_conv2d_desc *d, int act, int range) {
  d->activation = (simdconv_activation)act;
  if (act == SIMDCONV_ACTIVATION_CLAMP) {
    d->clamp_min = range ? -300.0f : -0.6f;
    d->clamp_max = range ? 500.0f : 0.9f;
  }
}

/* maps: every (H, W) of the list, once SAME and once VALID / EXPLICIT (symmetric, asymmetric, pads of 3) */
static void suite_maps(void) {
  static const size_t full[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 17, 20};
  static const size_t quick[] = {1, 2, 3, 5, 7, 9, 13};
  const size_t *L = g_quick ? quick : full;
  const size_t n = g_quick ? sizeof quick / sizeof quick[0] : sizeof full / sizeof full[0];
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) {
      if (g_quick && (i + j) % 3 != 0) continue;
      const size_t H = L[i], W = L[j], cin = 4 + (i * 3 + j) % 6, cout = 4 + (i + 2 * j) % 9;
      for (int v = 0; v < 2; v++, k++) {
        simdconv_conv2d_desc d = D3(H, W, cin, cout, SIMDCONV_PADDING_SAME);
        const char *what = "maps-same";
        if (v == 1) {
          switch (k % 4) {
            case 0: d.padding = SIMDCONV_PADDING_VALID; what = "maps-valid"; break;
            case 1: d = pads(d, 1, 1, 1, 1); what = "maps-explicit-1111"; break;
            case 2: d = pads(d, tc_range(0, 3), tc_range(0, 3), tc_range(0, 3), tc_range(0, 3)); what = "maps-explicit-asym"; break;
            default: d = pads(d, 2, 0, 0, 3); what = "maps-explicit-2003"; break;
          }
          size_t oh, ow, pt, pl;
          if (!ref_output_size(&d, &oh, &ow, &pt, &pl)) d = pads(d, 2, 1, 1, 2);
        }
        copts co = {0, 0, 0, NULL, 0};
        co.range = k % 3 == 2;
        co.no_bias = k % 7 == 3;
        co.unaligned = k % 4 == 1;
        set_act(&d, (int)(k % 5 == 4 ? 0 : k % 4), co.range);
        run_case(what, &d, 1 + (k % 5 == 0) + (k % 10 == 0), &co);
      }
    }
}

/* channels: Cin x Cout tails, 4..140 */
static void suite_channels(void) {
  static const size_t full[] = {4, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 48, 63, 64, 65, 96, 127, 128, 129, 140};
  static const size_t quick[] = {4, 7, 8, 17, 64, 65};
  const size_t *L = g_quick ? quick : full;
  const size_t n = g_quick ? sizeof quick / sizeof quick[0] : sizeof full / sizeof full[0];
  for (size_t i = 0; i < n; i++)
    for (size_t v = 0; v < (g_quick ? 1u : 3u); v++) {
      const size_t cin = L[i], cout = v == 0 ? L[(i * 7 + 3) % n] : v == 1 ? L[i] : L[(n - 1 - i + 5) % n];
      simdconv_conv2d_desc d = v == 2 ? pads(D3(9, 5, cin, cout, 0), 0, 2, 1, 1) : D3(6, 7, cin, cout, SIMDCONV_PADDING_SAME);
      copts co = {0, 0, 0, NULL, 0};
      co.range = (i + v) % 3 == 1;
      co.unaligned = (i + v) % 2;
      set_act(&d, (int)((i + v) % 4), co.range);
      run_case(v == 2 ? "channels-explicit" : "channels-same", &d, 1, &co);
    }
}

/* groups of >= 4 channels (Winograd), and groups Winograd cannot compute (FASTEST: direct) */
static void suite_groups(void) {
  static const size_t cg_in[] = {4, 5, 8, 13, 16}, cg_out[] = {4, 6, 9, 16, 7};
  size_t k = 0;
  for (size_t g = 2; g <= 4; g++)
    for (size_t i = 0; i < 5; i++, k++) {
      if (g_quick && k % 3) continue;
      simdconv_conv2d_desc d = D3(8 + k % 4, 9 - k % 3, g * cg_in[i], g * cg_out[(i + g) % 5], SIMDCONV_PADDING_SAME);
      if (k % 3 == 1) d.padding = SIMDCONV_PADDING_VALID;
      if (k % 3 == 2) d = pads(d, 1, 2, 0, 1);
      d.groups = g;
      copts co = {0, 0, 0, NULL, 0};
      co.range = k % 4 == 3;
      co.no_bias = k % 5 == 2;
      set_act(&d, (int)(k % 4), co.range);
      run_case("groups", &d, 1 + k % 3, &co);
    }
  /* not Winograd: 3 channels per group in or out, depthwise, channel multiplier 2 */
  simdconv_conv2d_desc d = D3(7, 8, 6, 8, SIMDCONV_PADDING_SAME);
  d.groups = 2;
  run_case("groups-cin3", &d, 1, NULL);
  d = D3(7, 8, 8, 6, SIMDCONV_PADDING_SAME);
  d.groups = 2;
  run_case("groups-cout3", &d, 1, NULL);
  d = D3(9, 7, 16, 16, SIMDCONV_PADDING_SAME);
  d.groups = 16;
  run_case("depthwise", &d, 1, NULL);
  d = D3(9, 7, 8, 16, SIMDCONV_PADDING_SAME);
  d.groups = 8;
  run_case("depthwise-m2", &d, 1, NULL);
}

/* every activation x bias / NULL x both ranges, batch 1-3 */
static void suite_acts(void) {
  size_t k = 0;
  for (int act = 0; act <= 3; act++)
    for (int no_bias = 0; no_bias <= 1; no_bias++)
      for (int range = 0; range <= 1; range++, k++) {
        if (g_quick && (k % 3)) continue;
        simdconv_conv2d_desc d = D3(10, 11, 12, 20, SIMDCONV_PADDING_SAME);
        if (k % 3 == 1) d = pads(d, 0, 3, 2, 1);
        set_act(&d, act, range);
        copts co = {range, no_bias, (int)(k % 2), NULL, 0};
        run_case("acts", &d, 1 + k % 3, &co);
      }
  /* batch 2-3 on small maps */
  static const size_t maps[][2] = {{5, 5}, {13, 7}, {3, 16}, {1, 4}};
  for (size_t i = 0; i < 4; i++) {
    simdconv_conv2d_desc d = D3(maps[i][0], maps[i][1], 8 + i, 5 + 3 * i, SIMDCONV_PADDING_SAME);
    copts co = {(int)(i % 2), 0, (int)(i % 2 == 0), NULL, 0};
    run_case("batch", &d, 2 + i % 2, &co);
  }
}

/* the ResNet / VGG 3x3 layers at reduced size (channels kept, or the reduction kept) */
static void suite_networks(void) {
  static const struct { const char *name; size_t h, w, cin, cout; } L[] = {
      {"resnet_2_3x3-at-13x14x64->64", 13, 14, 64, 64},  {"resnet_3_3x3-at-9x8x128->128", 9, 8, 128, 128},
      {"resnet_4_3x3-at-6x7x256->256", 6, 7, 256, 256},  {"resnet_5_3x3-at-5x5x512->64", 5, 5, 512, 64},
      {"vgg_3_3x3-at-7x9x256->192", 7, 9, 256, 192},
  };
  for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
    for (int range = 0; range <= 1; range++) {
      if (g_quick && (i > 0 || range)) continue;
      simdconv_conv2d_desc d = D3(g_quick ? 6 : L[i].h, g_quick ? 6 : L[i].w, L[i].cin, L[i].cout, SIMDCONV_PADDING_SAME);
      set_act(&d, range ? 0 : 1, range);
      copts co = {range, 0, 0, NULL, 0};
      run_case(L[i].name, &d, 1, &co);
    }
}

/* special values in the input (several tiles, one image of two), the weights, the bias */
static void suite_special(void) {
  typedef struct { const char *what; size_t h, w, cin, cout, g; int pad; size_t batch; } lay;
  static const lay L[] = {
      {"special-13x11x8->6", 13, 11, 8, 6, 1, 1, 1},
      {"special-explicit-10x10x16->20", 10, 10, 16, 20, 1, 2, 2},
      {"special-g2-12x12x8->8", 12, 12, 8, 8, 2, 1, 1},
      {"special-valid-9x14x5->9", 9, 14, 5, 9, 1, 0, 2},
  };
  for (size_t li = 0; li < sizeof L / sizeof L[0]; li++) {
    if (g_quick && li % 2) continue;
    const lay *l = &L[li];
    const size_t npx = l->h * l->w, C = l->cin, K = l->cout, cg = C / l->g;
    for (int kind = 0; kind < 6; kind++)
      for (int act = 0; act <= 3; act++) {
        if (g_quick && act != (kind % 4)) continue;
        if (!g_quick && act != kind % 4 && act != SIMDCONV_ACTIVATION_RELU) continue;
        simdconv_conv2d_desc d = D3(l->h, l->w, C, K, (simdconv_padding)l->pad);
        if (l->pad == 2) d = pads(d, 1, 2, 2, 0);
        d.groups = l->g;
        set_act(&d, act, 0);
        tc_special sp[6];
        size_t n = 0;
        const size_t img = (l->batch - 1) * npx * C; /* the last image: earlier ones stay finite */
        switch (kind) {
          case 0: /* one NaN in the input, mid-map */
            sp[n++] = (tc_special){'x', NAN, img + (npx / 2) * C + 1};
            break;
          case 1: /* +inf and -inf in the input: a corner and an edge */
            sp[n++] = (tc_special){'x', INFINITY, img + 0 * C + C - 1};
            sp[n++] = (tc_special){'x', -INFINITY, img + (l->w * (l->h - 1) + l->w / 2) * C + cg};
            break;
          case 2: /* an infinite weight (centre tap) */
            sp[n++] = (tc_special){'w', INFINITY, (4 * cg + 1) * K + K / 2};
            break;
          case 3: /* a NaN weight at a corner tap, and a NaN bias */
            sp[n++] = (tc_special){'w', NAN, (0 * cg + 0) * K + 1};
            sp[n++] = (tc_special){'b', NAN, K - 1};
            break;
          case 4: /* an infinite bias, and -inf input */
            sp[n++] = (tc_special){'b', INFINITY, 0};
            sp[n++] = (tc_special){'x', -INFINITY, img + (l->w + 3) * C};
            break;
          default: /* many: NaN and infinities in several tiles of the input */
            for (size_t q = 0; q < 5; q++)
              sp[n++] = (tc_special){'x', q % 3 == 0 ? NAN : q % 3 == 1 ? INFINITY : -INFINITY,
                                     img + ((q * 37) % npx) * C + (q * 5) % C};
            break;
        }
        copts co = {0, 0, (int)(kind % 2), sp, n};
        run_case(l->what, &d, l->batch, &co);
      }
  }
}

/* ---- run_ex, run_parallel, pools ---- */
#if defined(SIMDCONV_TEST_POOL)
static pthreadpool_t g_pools[5];
#endif
static struct pthreadpool *pool_of(int threads) {
#if defined(SIMDCONV_TEST_POOL)
  return threads > 0 ? g_pools[threads] : NULL;
#else
  (void)threads;
  return NULL;
#endif
}
static int max_pool_threads(void) {
#if defined(SIMDCONV_TEST_POOL)
  return g_quick ? 0 : 4;
#else
  return 0;
#endif
}

static simdconv_status run_ex(const simdconv_conv2d_plan *p, size_t batch, const tc_tensor *x, tc_tensor *y, const tc_tensor *r,
                              int threads) {
  simdconv_conv2d_io io;
  memset(&io, 0, sizeof io);
  io.input = x->base; io.input_pixel_stride = x->ps;
  io.output = y->base; io.output_pixel_stride = y->ps;
  if (r) { io.residual = r->base; io.residual_pixel_stride = r->ps; }
  return simdconv_conv2d_run_ex(p, batch, &io, pool_of(threads));
}

typedef struct {
  const char *name;
  size_t h, w, cin, cout, g;
  simdconv_padding pad;
  int specials;
} rfam;

/* pools: 1-4 threads (max_threads 4), or 2 and 3 (max_threads 3, min 2), or none (0) */
static void runex_case(target *t, const rfam *f, simdconv_activation act, size_t batch, int unaligned, int min_threads,
                       int max_threads) {
  simdconv_conv2d_desc d = D3(f->h, f->w, f->cin, f->cout, f->pad);
  if (f->pad == SIMDCONV_PADDING_EXPLICIT) d = pads(d, 2, 1, 0, 2);
  d.groups = f->g;
  set_act(&d, (int)act, 0);
  char buf[256];
  tc_describe(buf, sizeof buf, &d, batch);
  size_t oh, ow, pt, pl;
  if (!ref_output_size(&d, &oh, &ow, &pt, &pl)) { TC_EXPECT(0, "test bug: %s: no output", f->name); return; }
  const size_t cin = f->cin, cout = f->cout, nin = batch * f->h * f->w, nout = batch * oh * ow;
  const size_t nw = 9 * (cin / f->g) * cout, ne = nout * cout;
  float *x = xmalloc(nin * cin * sizeof(float)), *w = xmalloc(nw * sizeof(float)), *b = xmalloc(cout * sizeof(float));
  float *r = xmalloc(ne * sizeof(float)), *dense = xmalloc(ne * sizeof(float)), *lin = xmalloc(ne * sizeof(float));
  float *yrun = xmalloc(ne * sizeof(float)), *ypar = xmalloc(ne * sizeof(float));
  double *ref = xmalloc(ne * sizeof(double)), *scale = xmalloc(ne * sizeof(double));
  double *want = xmalloc(ne * sizeof(double)), *wscale = xmalloc(ne * sizeof(double));
  double *tscale = xmalloc(ne * sizeof(double));
  unsigned char *taint = xmalloc(ne + 1);
  for (size_t i = 0; i < nin * cin; i++) x[i] = tc_uniform();
  for (size_t i = 0; i < nw; i++) w[i] = tc_uniform();
  for (size_t i = 0; i < cout; i++) b[i] = tc_uniform();
  for (size_t i = 0; i < ne; i++) r[i] = 2 * tc_uniform();
  if (f->specials) { /* NaN and infinities in the last image's input */
    const size_t img = (batch - 1) * f->h * f->w * cin;
    x[img + 5 * cin + 1] = NAN;
    x[img + (f->h * f->w / 2) * cin] = INFINITY;
    x[img + (f->h * f->w - 1) * cin + cin - 1] = -INFINITY;
  }
  simdconv_conv2d_desc dlin = d;
  dlin.activation = SIMDCONV_ACTIVATION_NONE;
  ref_conv2d(&dlin, batch, x, w, b, ref, scale, NULL);
  for (size_t e = 0; e < ne; e++) {
    want[e] = ref_activate(&d, ref[e] + (double)r[e]);
    wscale[e] = scale[e] + fabs((double)r[e]);
  }
  simdconv_conv2d_options o = target_options(t);
  simdconv_conv2d_plan *p = NULL, *plin = NULL;
  if (simdconv_conv2d_create_ex(&d, w, b, &o, &p) != SIMDCONV_OK ||
      simdconv_conv2d_create_ex(&dlin, w, b, &o, &plin) != SIMDCONV_OK) {
    TC_EXPECT(0, "%s run_ex %s %s: create_ex failed", t->label, f->name, buf);
    simdconv_conv2d_destroy(p);
    goto done;
  }
  const sc_kernel_row *pr = plan_row(p);
  TC_EXPECT(is_wino(pr), "%s run_ex %s: plan runs %s", t->label, f->name, simdconv_conv2d_kernel(p));
  if (!is_wino(pr)) goto destroy;
  t->runex++;
  if (f->specials) ref_wino_taint(&d, batch, pr->wino->m, x, w, b, taint);
  ref_wino_tile_scale(&d, batch, pr->wino->m, wscale, tscale);
  const size_t off = unaligned ? 1 : 0;
  const size_t xps = cin + 3 + 2 * (cin % 3), yps = cout + 5, rps = cout + 9;
  size_t first = 0, bad;

  /* 1. dense run_ex with a residual, against fp64 */
  tc_tensor xd = tc_tensor_new(nin, cin, cin, off, 0), yd = tc_tensor_new(nout, cout, cout, off, canary());
  tc_tensor rd = tc_tensor_new(nout, cout, cout, off, 0);
  tc_tensor_fill(&xd, x); tc_tensor_fill(&rd, r);
  TC_EXPECT(run_ex(p, batch, &xd, &yd, &rd, 0) == SIMDCONV_OK, "%s run_ex %s: dense run_ex", t->label, f->name);
  memcpy(dense, yd.base, ne * sizeof(float));
  int guard_ok = 1;
  for (size_t i = 0; i < off; i++) guard_ok &= is_canary(yd.buf[i]);
  for (size_t i = 0; i < 8; i++) guard_ok &= is_canary(yd.base[ne + i]);
  TC_EXPECT(guard_ok, "%s run_ex %s %s: dense run_ex wrote outside the output", t->label, f->name, buf);
  bad = check_wino(dense, cout, nout, cout, want, wscale, tscale, f->specials ? taint : NULL, NULL, &first);
  if (bad) report_bad(t->label, "run_ex+residual", &d, batch, bad, ne, first, dense[first], want[first], wscale[first],
                      tscale[first], f->specials && taint[first], f->name);
  else tc_checks++;

  /* 2. fused == run() without activation, then add + activation in float */
  if (strcmp(simdconv_conv2d_kernel(plin), pr->name) == 0) {
    TC_EXPECT(simdconv_conv2d_run(plin, batch, x, lin) == SIMDCONV_OK, "%s run_ex %s: run", t->label, f->name);
    bad = 0;
    for (size_t e = 0; e < ne; e++)
      if (!same_value(dense[e], tc_act_f(&d, lin[e] + r[e])) && bad++ == 0) first = e;
    TC_EXPECT(bad == 0, "%s run_ex %s %s: the fused residual differs from run + add + act in %zu outputs (first %zu: %.9g vs %.9g)",
              t->label, f->name, buf, bad, first, dense[first], tc_act_f(&d, lin[first] + r[first]));
  }

  /* 3. strided input (NaN gaps), output (canary gaps), residual (NaN gaps): bit-identical */
  tc_tensor xs = tc_tensor_new(nin, cin, xps, off, NAN), ys = tc_tensor_new(nout, cout, yps, off, canary());
  tc_tensor rs = tc_tensor_new(nout, cout, rps, off, NAN);
  tc_tensor_fill(&xs, x); tc_tensor_fill(&rs, r);
  TC_EXPECT(run_ex(p, batch, &xs, &ys, &rs, 0) == SIMDCONV_OK, "%s run_ex %s: strided run_ex", t->label, f->name);
  TC_EXPECT(tc_tensor_check(&ys, dense, canary(), 1), "%s run_ex %s %s: strided output differs from dense (or a gap was written)",
            t->label, f->name, buf);

  /* 4. in place: residual == output (strided) */
  tc_tensor yi = tc_tensor_new(nout, cout, yps, off, canary());
  tc_tensor_fill(&yi, r);
  TC_EXPECT(run_ex(p, batch, &xs, &yi, &yi, 0) == SIMDCONV_OK, "%s run_ex %s: in-place run_ex", t->label, f->name);
  TC_EXPECT(tc_tensor_check(&yi, dense, canary(), 1), "%s run_ex %s %s: in-place residual differs from dense", t->label, f->name, buf);

  /* 5. pools of 1-4 threads: strided run_ex bit-identical to the calling thread's dense run */
  if (max_threads > max_pool_threads()) max_threads = max_pool_threads();
  for (int th = min_threads; th <= max_threads; th++) {
    tc_tensor yp = tc_tensor_new(nout, cout, yps, off, canary());
    TC_EXPECT(run_ex(p, batch, &xs, &yp, &rs, th) == SIMDCONV_OK, "%s run_ex %s: pool run_ex", t->label, f->name);
    TC_EXPECT(tc_tensor_check(&yp, dense, canary(), 1), "%s run_ex %s %s: %d-thread pool differs", t->label, f->name, buf, th);
    free(yp.buf);
  }

  /* 6. run_parallel (no pool, pools of 1-4 threads) bit-identical to run() */
  TC_EXPECT(simdconv_conv2d_run(p, batch, x, yrun) == SIMDCONV_OK, "%s %s: run", t->label, f->name);
  for (int i = min_threads - 1; i <= (max_threads >= min_threads ? max_threads : min_threads - 1); i++) {
    const int th = i < min_threads ? 0 : i; /* the NULL pool (calling thread), then the pools */
    for (size_t e = 0; e < ne; e++) ypar[e] = canary();
    TC_EXPECT(simdconv_conv2d_run_parallel(p, pool_of(th), batch, x, ypar) == SIMDCONV_OK, "%s %s: run_parallel",
              t->label, f->name);
    bad = 0;
    for (size_t e = 0; e < ne; e++) bad += !same_value(ypar[e], yrun[e]);
    TC_EXPECT(bad == 0, "%s %s %s: run_parallel (%d threads) differs from run() in %zu outputs", t->label, f->name, buf,
              th, bad);
  }
  free(xd.buf); free(yd.buf); free(rd.buf); free(xs.buf); free(ys.buf); free(rs.buf); free(yi.buf);
destroy:
  simdconv_conv2d_destroy(p);
  simdconv_conv2d_destroy(plin);
done:
  free(x); free(w); free(b); free(r); free(dense); free(lin); free(yrun); free(ypar);
  free(ref); free(scale); free(want); free(wscale); free(tscale); free(taint);
}

/* DenseNet windows (one buffer of stride S: input channels [0, cin), output [cin, cin + cout), and
 * the output window before the input's), bad strides refused with the output untouched. */
static void runex_windows(target *t) {
  const size_t H = 7, W = 9, cin = 12, cout = 8, extra = 3, S = cin + cout + extra, n = H * W, nw = 9 * cin * cout;
  simdconv_conv2d_desc d = D3(H, W, cin, cout, SIMDCONV_PADDING_SAME);
  d.activation = SIMDCONV_ACTIVATION_RELU;
  float *x = xmalloc(n * cin * sizeof(float)), *w = xmalloc(nw * sizeof(float)), *b = xmalloc(cout * sizeof(float));
  float *dense = xmalloc(n * cout * sizeof(float)), *buf = xmalloc((n * S + 8) * sizeof(float));
  for (size_t i = 0; i < n * cin; i++) x[i] = tc_uniform();
  for (size_t i = 0; i < nw; i++) w[i] = tc_uniform();
  for (size_t i = 0; i < cout; i++) b[i] = tc_uniform();
  simdconv_conv2d_options o = target_options(t);
  simdconv_conv2d_plan *p = NULL;
  if (simdconv_conv2d_create_ex(&d, w, b, &o, &p) != SIMDCONV_OK) {
    TC_EXPECT(0, "%s windows: create_ex failed", t->label);
    goto done;
  }
  TC_EXPECT(simdconv_conv2d_run(p, 1, x, dense) == SIMDCONV_OK, "%s windows: run", t->label);
  for (int order = 0; order < 2; order++) {
    const size_t xoff = order ? cout : 0, yoff = order ? 0 : cin;
    for (size_t i = 0; i < n * S + 8; i++) buf[i] = canary();
    for (size_t q = 0; q < n; q++) memcpy(buf + q * S + xoff, x + q * cin, cin * sizeof(float));
    simdconv_conv2d_io io = {buf + xoff, S, buf + yoff, S, NULL, 0};
    TC_EXPECT(simdconv_conv2d_run_ex(p, 1, &io, NULL) == SIMDCONV_OK, "%s windows order %d: refused", t->label, order);
    int ok = 1;
    for (size_t q = 0; q < n; q++) {
      for (size_t c = 0; c < cin; c++) ok &= same_bits(buf[q * S + xoff + c], x[q * cin + c]);
      for (size_t c = 0; c < cout; c++) ok &= same_bits(buf[q * S + yoff + c], dense[q * cout + c]);
      for (size_t c = cin + cout; c < S; c++) ok &= same_bits(buf[q * S + c], canary());
    }
    TC_EXPECT(ok, "%s windows order %d: differ from the dense run, or a gap was written", t->label, order);
  }
  /* refused: strides below the channel counts, overlapping windows; nothing written */
  for (size_t i = 0; i < n * S + 8; i++) buf[i] = canary();
  const simdconv_conv2d_io bad[] = {
      {x, cin - 1, buf, 0, NULL, 0}, {x, 0, buf, cout - 1, NULL, 0}, {x, 0, buf, 0, dense, cout - 2},
      {buf, S, buf + cin - 1, S, NULL, 0}, {NULL, 0, buf, 0, NULL, 0}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    TC_EXPECT(simdconv_conv2d_run_ex(p, 1, &bad[i], NULL) == SIMDCONV_INVALID_ARGUMENT, "%s: bad io %zu accepted",
              t->label, i);
  int untouched = 1;
  for (size_t i = 0; i < n * S + 8; i++) untouched &= is_canary(buf[i]);
  TC_EXPECT(untouched, "%s: a refused run_ex wrote", t->label);
  simdconv_conv2d_io ok0 = {x, 0, buf, 0, NULL, 0};
  TC_EXPECT(simdconv_conv2d_run_ex(p, 0, &ok0, NULL) == SIMDCONV_OK, "%s: batch 0", t->label);
  TC_EXPECT(simdconv_conv2d_run(p, 1, x, NULL) == SIMDCONV_INVALID_ARGUMENT, "%s: NULL output accepted", t->label);
  untouched = 1;
  for (size_t i = 0; i < n * S + 8; i++) untouched &= is_canary(buf[i]);
  TC_EXPECT(untouched, "%s: batch 0 wrote", t->label);
  simdconv_conv2d_destroy(p);
done:
  free(x); free(w); free(b); free(dense); free(buf);
}

static void suite_runex(void) {
  static const rfam fam[] = {
      {"tails-9x11x19->37-same", 9, 11, 19, 37, 1, SIMDCONV_PADDING_SAME, 0},
      {"explicit-7x7x64->18", 7, 7, 64, 18, 1, SIMDCONV_PADDING_EXPLICIT, 0},
      {"grouped-7x6x16->24-g2", 7, 6, 16, 24, 2, SIMDCONV_PADDING_SAME, 0},
      {"valid-13x10x8->8", 13, 10, 8, 8, 1, SIMDCONV_PADDING_VALID, 0},
      {"deep-6x5x140->20", 6, 5, 140, 20, 1, SIMDCONV_PADDING_SAME, 0},
      {"specials-10x9x8->12", 10, 9, 8, 12, 1, SIMDCONV_PADDING_SAME, 1},
  };
  for (size_t ti = 0; ti < g_nt; ti++) {
    target *t = &g_t[ti];
    if (t->alg == SIMDCONV_ALGORITHM_FASTEST) continue; /* may be direct: test_run_ex's business */
    for (size_t i = 0; i < sizeof fam / sizeof fam[0]; i++)
      for (int act = 0; act <= 3; act++) {
        if (g_quick ? act != (int)(i % 4) || i == 4 : act != (int)(i % 4) && act != (int)((i + 2) % 4)) continue;
        /* pools (oversubscribed on small machines: slow): every size for AUTO's plan, 2-3 threads
         * on a third of the families for each forced row */
        const int all = t->row == NULL, some = (i + ti) % 3 == 0 && act == (int)(i % 4);
        runex_case(t, &fam[i], (simdconv_activation)act, 1 + (i + (size_t)act) % 3, (int)((i + (size_t)act) % 2),
                   all ? 1 : 2, all ? 4 : some ? 3 : 0);
      }
    runex_windows(t);
  }
}

/* ---- statuses ---- */
static float g_w[5 * 5 * 64 * 64], g_b[64];

static simdconv_status try_create(const simdconv_conv2d_desc *d, const simdconv_conv2d_options *o,
                                  simdconv_conv2d_plan **p) {
  *p = SENTINEL;
  return simdconv_conv2d_create_ex(d, g_w, g_b, o, p);
}

/* create_ex must say want (and leave *plan untouched unless OK); returns the plan on OK */
static simdconv_conv2d_plan *expect(const simdconv_conv2d_desc *d, const simdconv_conv2d_options *o,
                                    simdconv_status want, const char *what, const char *detail) {
  simdconv_conv2d_plan *p;
  simdconv_status s = try_create(d, o, &p);
  TC_EXPECT(s == want && (p == SENTINEL) == (want != SIMDCONV_OK), "%s (%s; kernel %s, algorithm %d, isa %s): %s (want %s), *plan %s",
            what, detail, o->kernel ? o->kernel : "NULL", (int)o->algorithm, simdconv_isa_name(o->isa),
            simdconv_status_string(s), simdconv_status_string(want), p == SENTINEL ? "untouched" : "written");
  if (s != SIMDCONV_OK || p == SENTINEL) return NULL;
  if (want != SIMDCONV_OK) { simdconv_conv2d_destroy(p); return NULL; }
  return p;
}

static simdconv_conv2d_options opts(simdconv_isa isa, simdconv_tuning tuning, const char *kernel, simdconv_algorithm alg) {
  simdconv_conv2d_options o;
  memset(&o, 0, sizeof o);
  o.isa = isa; o.tuning = tuning; o.kernel = kernel; o.algorithm = alg;
  return o;
}

static void suite_statuses(void) {
  for (size_t i = 0; i < sizeof g_w / sizeof g_w[0]; i++) g_w[i] = 0.01f * (float)((int)(i % 13) - 6);
  for (size_t i = 0; i < 64; i++) g_b[i] = 0.1f * (float)((int)(i % 5) - 2);
  const simdconv_algorithm algs[] = {SIMDCONV_ALGORITHM_DIRECT, SIMDCONV_ALGORITHM_WINOGRAD, SIMDCONV_ALGORITHM_FASTEST};
  const size_t nreg = sc_registry_count();

  /* descriptors Winograd does not apply to */
  typedef struct { const char *what; simdconv_conv2d_desc d; } nd;
  nd no[24];
  size_t nn = 0;
  no[nn++] = (nd){"5x5", tc_desc(8, 8, 8, 8, 5, 5, SIMDCONV_PADDING_SAME)};
  no[nn++] = (nd){"1x1", tc_desc(8, 8, 8, 8, 1, 1, SIMDCONV_PADDING_VALID)};
  no[nn++] = (nd){"1x1 same", tc_desc(8, 8, 16, 16, 1, 1, SIMDCONV_PADDING_SAME)};
  no[nn++] = (nd){"2x2", tc_desc(8, 8, 8, 8, 2, 2, SIMDCONV_PADDING_SAME)};
  no[nn++] = (nd){"3x1", tc_desc(8, 8, 8, 8, 3, 1, SIMDCONV_PADDING_SAME)};
  no[nn++] = (nd){"1x3", tc_desc(8, 8, 8, 8, 1, 3, SIMDCONV_PADDING_SAME)};
  no[nn++] = (nd){"3x5", tc_desc(8, 8, 8, 8, 3, 5, SIMDCONV_PADDING_SAME)};
  no[nn] = (nd){"3x3 stride 2", D3(9, 9, 8, 8, SIMDCONV_PADDING_SAME)};
  no[nn].d.stride_height = no[nn].d.stride_width = 2; nn++;
  no[nn] = (nd){"3x3 stride 2x1", D3(9, 9, 8, 8, SIMDCONV_PADDING_SAME)};
  no[nn].d.stride_height = 2; nn++;
  no[nn] = (nd){"3x3 stride 1x2", D3(9, 9, 8, 8, SIMDCONV_PADDING_SAME)};
  no[nn].d.stride_width = 2; nn++;
  no[nn] = (nd){"3x3 dilation 2", D3(9, 9, 8, 8, SIMDCONV_PADDING_SAME)};
  no[nn].d.dilation_height = no[nn].d.dilation_width = 2; nn++;
  no[nn] = (nd){"3x3 dilation 1x2", D3(9, 9, 8, 8, SIMDCONV_PADDING_SAME)};
  no[nn].d.dilation_width = 2; nn++;
  no[nn] = (nd){"depthwise", D3(8, 8, 16, 16, SIMDCONV_PADDING_SAME)};
  no[nn].d.groups = 16; nn++;
  no[nn] = (nd){"depthwise x2", D3(8, 8, 8, 16, SIMDCONV_PADDING_SAME)};
  no[nn].d.groups = 8; nn++;
  no[nn++] = (nd){"3 input channels", D3(8, 8, 3, 16, SIMDCONV_PADDING_SAME)};
  no[nn++] = (nd){"3 output channels", D3(8, 8, 16, 3, SIMDCONV_PADDING_SAME)};
  no[nn++] = (nd){"1 input channel", D3(8, 8, 1, 8, SIMDCONV_PADDING_SAME)};
  no[nn] = (nd){"g2, 3 input channels per group", D3(8, 8, 6, 16, SIMDCONV_PADDING_SAME)};
  no[nn].d.groups = 2; nn++;
  no[nn] = (nd){"g4, 2 output channels per group", D3(8, 8, 16, 8, SIMDCONV_PADDING_SAME)};
  no[nn].d.groups = 4; nn++;
  for (size_t i = 0; i < nn; i++) {
    const simdconv_conv2d_desc *d = &no[i].d;
    sc_geom g;
    TC_EXPECT(!wino_applies(d) && tc_geom_of(d, &g), "test bug: %s", no[i].what);
    simdconv_conv2d_options o = opts(SIMDCONV_ISA_AUTO, 0, NULL, SIMDCONV_ALGORITHM_WINOGRAD);
    expect(d, &o, SIMDCONV_UNSUPPORTED, no[i].what, "auto");
    o.tuning = SIMDCONV_TUNING_MEASURE;
    expect(d, &o, SIMDCONV_UNSUPPORTED, no[i].what, "auto, MEASURE");
    for (int isa = SIMDCONV_ISA_SCALAR; isa < SIMDCONV_ISA_COUNT; isa++) {
      if (!tc_isa_testable((simdconv_isa)isa)) continue;
      o = opts((simdconv_isa)isa, 0, NULL, SIMDCONV_ALGORITHM_WINOGRAD);
      expect(d, &o, SIMDCONV_UNSUPPORTED, no[i].what, "one ISA");
    }
    /* FASTEST and DIRECT: a direct plan */
    for (int a = 0; a < 3; a += 2) {
      o = opts(SIMDCONV_ISA_AUTO, 0, NULL, algs[a]);
      simdconv_conv2d_plan *p = expect(d, &o, SIMDCONV_OK, no[i].what, "direct / fastest");
      if (p) TC_EXPECT(!is_wino(plan_row(p)), "%s: algorithm %d chose %s", no[i].what, (int)algs[a], simdconv_conv2d_kernel(p));
      simdconv_conv2d_destroy(p);
    }
    /* every Winograd row: cannot compute it; a runnable one says UNSUPPORTED with any algorithm */
    for (size_t k = 0; k < nreg; k++) {
      const sc_kernel_row *r = sc_registry_row(k);
      if (!is_wino(r)) continue;
      TC_EXPECT(!sc_row_computes(r, &g), "%s: sc_row_computes(%s) says 1", no[i].what, r->name);
      if (!tc_isa_testable(r->isa)) continue;
      for (int a = 0; a < 3; a++) {
        o = opts(SIMDCONV_ISA_AUTO, 0, r->name, algs[a]);
        expect(d, &o, SIMDCONV_UNSUPPORTED, no[i].what, "forced Winograd kernel");
      }
    }
  }

  /* a descriptor Winograd applies to */
  simdconv_conv2d_desc d = D3(12, 12, 16, 24, SIMDCONV_PADDING_SAME);
  sc_geom g;
  tc_geom_of(&d, &g);
  simdconv_conv2d_options o = opts(SIMDCONV_ISA_AUTO, 0, NULL, SIMDCONV_ALGORITHM_WINOGRAD);
  simdconv_conv2d_plan *p = expect(&d, &o, SIMDCONV_OK, "12x12x16->24", "auto winograd");
  if (p) TC_EXPECT(is_wino(plan_row(p)) && simdconv_conv2d_isa(p) == simdconv_best_isa(),
                   "auto winograd: %s, ISA %s", simdconv_conv2d_kernel(p), simdconv_isa_name(simdconv_conv2d_isa(p)));
  simdconv_conv2d_destroy(p);
  o = opts(SIMDCONV_ISA_AUTO, 0, NULL, SIMDCONV_ALGORITHM_FASTEST);
  simdconv_conv2d_destroy(expect(&d, &o, SIMDCONV_OK, "12x12x16->24", "auto fastest"));
  o = opts(SIMDCONV_ISA_AUTO, SIMDCONV_TUNING_MEASURE, NULL, SIMDCONV_ALGORITHM_FASTEST);
  simdconv_conv2d_destroy(expect(&d, &o, SIMDCONV_OK, "12x12x16->24", "auto fastest MEASURE"));
  for (int isa = SIMDCONV_ISA_SCALAR; isa < SIMDCONV_ISA_COUNT; isa++) {
    o = opts((simdconv_isa)isa, 0, NULL, SIMDCONV_ALGORITHM_WINOGRAD);
    if (!simdconv_isa_available((simdconv_isa)isa)) {
      expect(&d, &o, SIMDCONV_UNSUPPORTED_ISA, "12x12x16->24", "winograd on an ISA this CPU lacks");
      continue;
    }
    if (tc_isa_over_cap((simdconv_isa)isa)) continue;
    p = expect(&d, &o, SIMDCONV_OK, "12x12x16->24", "winograd on one ISA");
    if (p) TC_EXPECT(is_wino(plan_row(p)) && plan_row(p)->isa == (simdconv_isa)isa && simdconv_conv2d_isa(p) == (simdconv_isa)isa,
                     "winograd isa %s: %s", simdconv_isa_name((simdconv_isa)isa), simdconv_conv2d_kernel(p));
    simdconv_conv2d_destroy(p);
  }
  size_t wino_rows = 0;
  for (size_t k = 0; k < nreg; k++) {
    const sc_kernel_row *r = sc_registry_row(k);
    if (!is_wino(r)) continue;
    wino_rows++;
    TC_EXPECT(sc_row_computes(r, &g), "sc_row_computes(%s, 12x12x16->24) says 0", r->name);
    if (!simdconv_isa_available(r->isa)) { /* this CPU cannot run it */
      for (int a = 0; a < 3; a++) {
        o = opts(SIMDCONV_ISA_AUTO, 0, r->name, algs[a]);
        expect(&d, &o, SIMDCONV_UNSUPPORTED_ISA, r->name, "a kernel of an ISA this CPU lacks");
      }
      continue;
    }
    if (tc_isa_over_cap(r->isa)) continue;
    /* the kernel sets the algorithm: any algorithm, DEFAULT or MEASURE, runs it */
    for (int a = 0; a < 3; a++)
      for (int tu = 0; tu < 2; tu++) {
        o = opts(SIMDCONV_ISA_AUTO, (simdconv_tuning)tu, r->name, algs[a]);
        p = expect(&d, &o, SIMDCONV_OK, r->name, "forced");
        if (p) TC_EXPECT(strcmp(simdconv_conv2d_kernel(p), r->name) == 0 && simdconv_conv2d_isa(p) == r->isa,
                         "forced %s (algorithm %d, tuning %d): plan runs %s", r->name, (int)algs[a], tu,
                         simdconv_conv2d_kernel(p));
        simdconv_conv2d_destroy(p);
      }
    /* with options.isa: its own ISA is fine, another is UNSUPPORTED_ISA */
    for (int isa = SIMDCONV_ISA_SCALAR; isa < SIMDCONV_ISA_COUNT; isa++) {
      o = opts((simdconv_isa)isa, 0, r->name, SIMDCONV_ALGORITHM_WINOGRAD);
      simdconv_conv2d_destroy(expect(&d, &o, (simdconv_isa)isa == r->isa ? SIMDCONV_OK : SIMDCONV_UNSUPPORTED_ISA, r->name,
                                     "forced, with options.isa"));
    }
  }
  TC_EXPECT(wino_rows > 0, "no Winograd row in the registry");
  /* WINOGRAD with a direct kernel: UNSUPPORTED; DIRECT / FASTEST with it: that kernel */
  for (size_t k = 0; k < nreg; k++) {
    const sc_kernel_row *r = sc_registry_row(k);
    if (is_wino(r) || !tc_isa_testable(r->isa)) continue;
    o = opts(SIMDCONV_ISA_AUTO, 0, r->name, SIMDCONV_ALGORITHM_WINOGRAD);
    expect(&d, &o, SIMDCONV_UNSUPPORTED, r->name, "a direct kernel with algorithm WINOGRAD");
    if (!sc_row_computes(r, &g)) continue;
    for (int a = 0; a < 3; a += 2) {
      o = opts(SIMDCONV_ISA_AUTO, 0, r->name, algs[a]);
      p = expect(&d, &o, SIMDCONV_OK, r->name, "a direct kernel, direct / fastest");
      if (p) TC_EXPECT(strcmp(simdconv_conv2d_kernel(p), r->name) == 0, "forced %s: runs %s", r->name, simdconv_conv2d_kernel(p));
      simdconv_conv2d_destroy(p);
    }
  }

  /* MEASURE with WINOGRAD: bit-identical to DEFAULT's (same algorithm, same ISA), NaN and inf too */
  static const struct { size_t h, w, cin, cout; } ml[] = {{20, 20, 32, 48}, {9, 13, 64, 64}, {30, 28, 8, 12}};
  for (size_t li = 0; li < (g_quick ? 1u : 3u); li++) {
    simdconv_conv2d_desc dm = D3(ml[li].h, ml[li].w, ml[li].cin, ml[li].cout, SIMDCONV_PADDING_SAME);
    dm.activation = SIMDCONV_ACTIVATION_RELU;
    size_t oh, ow, pt, pl;
    ref_output_size(&dm, &oh, &ow, &pt, &pl);
    const size_t nx = ml[li].h * ml[li].w * ml[li].cin, ny = oh * ow * ml[li].cout, nw = 9 * ml[li].cin * ml[li].cout;
    float *x = xmalloc(nx * sizeof(float)), *w = xmalloc(nw * sizeof(float)), *b = xmalloc(ml[li].cout * sizeof(float));
    float *y0 = xmalloc(ny * sizeof(float)), *y1 = xmalloc(ny * sizeof(float));
    for (size_t i = 0; i < nx; i++) x[i] = tc_uniform();
    for (size_t i = 0; i < nw; i++) w[i] = tc_uniform();
    for (size_t i = 0; i < ml[li].cout; i++) b[i] = tc_uniform();
    x[nx / 3] = NAN; x[nx / 2] = INFINITY; x[2 * nx / 3] = -INFINITY; w[nw / 2] = INFINITY;
    for (int isa = SIMDCONV_ISA_SCALAR; isa <= SIMDCONV_ISA_COUNT; isa++) {
      const simdconv_isa is = TC_ISA_OR_AUTO(isa);
      if (!tc_isa_testable(is)) continue;
      simdconv_conv2d_plan *pd = NULL, *pm = NULL;
      o = opts(is, SIMDCONV_TUNING_DEFAULT, NULL, SIMDCONV_ALGORITHM_WINOGRAD);
      simdconv_status s0 = simdconv_conv2d_create_ex(&dm, w, b, &o, &pd);
      o.tuning = SIMDCONV_TUNING_MEASURE;
      simdconv_status s1 = simdconv_conv2d_create_ex(&dm, w, b, &o, &pm);
      TC_EXPECT(s0 == SIMDCONV_OK && s1 == SIMDCONV_OK, "MEASURE winograd %s: %s / %s", simdconv_isa_name(is),
                simdconv_status_string(s0), simdconv_status_string(s1));
      if (s0 == SIMDCONV_OK && s1 == SIMDCONV_OK) {
        TC_EXPECT(is_wino(plan_row(pd)) && is_wino(plan_row(pm)) && simdconv_conv2d_isa(pd) == simdconv_conv2d_isa(pm),
                  "MEASURE winograd %s: DEFAULT %s, MEASURE %s", simdconv_isa_name(is), simdconv_conv2d_kernel(pd),
                  simdconv_conv2d_kernel(pm));
        for (size_t i = 0; i < ny; i++) y0[i] = y1[i] = canary();
        TC_EXPECT(simdconv_conv2d_run(pd, 1, x, y0) == SIMDCONV_OK && simdconv_conv2d_run(pm, 1, x, y1) == SIMDCONV_OK,
                  "MEASURE winograd: run");
        TC_EXPECT(memcmp(y0, y1, ny * sizeof(float)) == 0, "%zux%zux%zu->%zu %s: MEASURE (%s) differs from DEFAULT (%s)",
                  ml[li].h, ml[li].w, ml[li].cin, ml[li].cout, simdconv_isa_name(is), simdconv_conv2d_kernel(pm),
                  simdconv_conv2d_kernel(pd));
        printf("measure: %zux%zux%zu->%zu %-7s WINOGRAD DEFAULT %-22s MEASURE %s\n", ml[li].h, ml[li].w, ml[li].cin,
               ml[li].cout, simdconv_isa_name(is), simdconv_conv2d_kernel(pd), simdconv_conv2d_kernel(pm));
      }
      if (s0 == SIMDCONV_OK) simdconv_conv2d_destroy(pd);
      if (s1 == SIMDCONV_OK) simdconv_conv2d_destroy(pm);
    }
    free(x); free(w); free(b); free(y0); free(y1);
  }
}

/* ---- the registry's Winograd rows ---- */
static void check_registry(void) {
  const size_t n = sc_registry_count();
  TC_EXPECT(n == simdconv_kernel_count(), "registry %zu rows, public count %zu", n, simdconv_kernel_count());
  int isa_rows[SIMDCONV_ISA_COUNT] = {0}, isa_m[SIMDCONV_ISA_COUNT][8];
  memset(isa_m, 0, sizeof isa_m);
  size_t wino = 0;
  for (size_t i = 0; i < n; i++) {
    const sc_kernel_row *r = sc_registry_row(i);
    if ((int)r->isa > SIMDCONV_ISA_AUTO && (int)r->isa < SIMDCONV_ISA_COUNT) isa_rows[r->isa]++;
    TC_EXPECT(strcmp(simdconv_kernel_name(i), r->name) == 0 && simdconv_kernel_isa(i) == r->isa,
              "public registry entry %zu (%s) is not row %zu", i, simdconv_kernel_name(i), i);
    if (!is_wino(r)) {
      TC_EXPECT(r->wino == NULL, "%s: a direct row with Winograd parameters", r->name);
      TC_EXPECT(strncmp(r->name, "winograd_", 9) != 0, "%s: a Winograd name on a direct row", r->name);
      continue;
    }
    wino++;
    const sc_wino_info *wi = r->wino;
    TC_EXPECT(wi != NULL, "%s: no Winograd parameters", r->name);
    if (wi == NULL) continue;
    char want[64];
    snprintf(want, sizeof want, "winograd_f%zux%zu_%s", wi->m, wi->m, simdconv_isa_name(r->isa));
    TC_EXPECT(strcmp(r->name, want) == 0, "%s: name, want %s", r->name, want);
    TC_EXPECT(wi->m == 2 || wi->m == 4 || wi->m == 6, "%s: m %zu", r->name, wi->m);
    TC_EXPECT(r->fn == NULL && wi->fn != NULL, "%s: functions", r->name);
    /* the element-wise stage runs a registry GEMM row of the same ISA */
    const sc_kernel_row *gr = wi->gemm ? row_by_name(wi->gemm) : NULL;
    TC_EXPECT(gr != NULL && gr->kind == SC_KIND_GEMM && gr->isa == r->isa, "%s: GEMM row %s", r->name,
              wi->gemm ? wi->gemm : "NULL");
    if (wi->m < 8) isa_m[r->isa][wi->m]++;
    for (size_t j = 0; j < i; j++) TC_EXPECT(strcmp(sc_registry_row(j)->name, r->name) != 0, "%s twice", r->name);
    printf("row %-22s isa %-7s m %zu, GEMM %s%s\n", r->name, simdconv_isa_name(r->isa), wi->m,
           wi->gemm ? wi->gemm : "NULL", tc_isa_testable(r->isa) ? "" : "  (not run here)");
  }
  /* every ISA compiled in has the three variants, once each */
  for (int isa = SIMDCONV_ISA_SCALAR; isa < SIMDCONV_ISA_COUNT; isa++)
    if (isa_rows[isa])
      TC_EXPECT(isa_m[isa][2] == 1 && isa_m[isa][4] == 1 && isa_m[isa][6] == 1, "%s: Winograd variants f2 %d, f4 %d, f6 %d",
                simdconv_isa_name((simdconv_isa)isa), isa_m[isa][2], isa_m[isa][4], isa_m[isa][6]);
  TC_EXPECT(wino > 0, "no Winograd row in the registry");
}

/* ---- the accuracy table ---- */
static void print_accuracy_table(void) {
  printf("\nWinograd accuracy: worst |out - exact| / (|bias| + sum |x||w| + |res|) over the finite cases above\n");
  printf("(contract bound 1e-4 * scale + 1e-6; inputs, weights and bias in [-1, 1], or wide: 2^-8..2^8, random signs)\n\n");
  printf("| variant | ISA | outputs [-1,1] | worst [-1,1] | outputs wide | worst wide | |out| at exact 0 (no tap) | tile-relative worst [-1,1] | tile-relative worst wide |\n");
  printf("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
  double per_m[8][2] = {{0}};
  for (size_t i = 0; i < sc_registry_count(); i++) {
    const sc_kernel_row *r = sc_registry_row(i);
    if (!is_wino(r) || !tc_isa_testable(r->isa)) continue;
    const acc_stat *a = &g_acc[i * 2];
    printf("| F(%zux%zu,3x3) | %s | %zu | %.3g | %zu | %.3g | %.3g | %.3g | %.3g |\n", r->wino->m, r->wino->m,
           simdconv_isa_name(r->isa), a[0].n, a[0].worst, a[1].n, a[1].worst,
           a[0].zero_err > a[1].zero_err ? a[0].zero_err : a[1].zero_err, a[0].tile_worst, a[1].tile_worst);
    if (r->wino->m < 8)
      for (int k = 0; k < 2; k++)
        if (a[k].worst > per_m[r->wino->m][k]) per_m[r->wino->m][k] = a[k].worst;
  }
  printf("\nper variant, worst over the ISAs: ");
  for (size_t m = 0; m < 8; m++)
    if (per_m[m][0] > 0 || per_m[m][1] > 0) printf(" F(%zux%zu): %.3g [-1,1], %.3g wide;", m, m, per_m[m][0], per_m[m][1]);
  printf("\n\n");
}

/* ---- `test_winograd accuracy`: the variants on the suite's 3x3 layers ---- */
/* The reference for output rows [r0, r1) of image 0 of a stride-1 3x3 layer: ref_conv2d on the
 * input rows they read, with explicit pads reproducing the layer's padding. */
static void ref_rows(const simdconv_conv2d_desc *d, const float *x, const float *w, const float *b, size_t r0, size_t r1,
                     double *y, double *scale) {
  size_t oh, ow, pt, pl;
  ref_output_size(d, &oh, &ow, &pt, &pl);
  const size_t H = d->input_height, W = d->input_width, C = d->input_channels;
  const long long first = (long long)r0 - (long long)pt, last = (long long)r1 - 1 - (long long)pt + 2;
  const size_t a = first < 0 ? 0 : (size_t)first, e = last >= (long long)H ? H - 1 : (size_t)last;
  simdconv_conv2d_desc c = *d;
  c.padding = SIMDCONV_PADDING_EXPLICIT;
  c.input_height = e - a + 1;
  c.pad_top = first < 0 ? (size_t)(-first) : 0;
  c.pad_bottom = last >= (long long)H ? (size_t)(last - (long long)H + 1) : 0;
  c.pad_left = pl;
  c.pad_right = ow + 2 - W - pl;
  ref_conv2d(&c, 1, x + a * W * C, w, b, y, scale, NULL);
}

static void accuracy_mode(void) {
  static const struct { const char *name; size_t h, w, c; } L[] = {
      {"resnet_2_3x3 56x56x64->64", 56, 56, 64},    {"resnet_3_3x3 28x28x128->128", 28, 28, 128},
      {"resnet_4_3x3 14x14x256->256", 14, 14, 256}, {"vgg_3_3x3 56x56x256->256", 56, 56, 256},
      {"resnet_5_3x3 7x7x512->512", 7, 7, 512},     {"128x128x32->32", 128, 128, 32},
  };
  static const char *ranges[2] = {"[-1,1]", "wide 2^-8..2^8"};
  printf("ratio: |out - exact| / (|bias| + sum |x||w|) of the output; tile ratio: over the largest of its m x m tile\n\n");
  printf("| variant | ISA | layer | inputs | outputs checked | worst ratio | mean ratio | worst tile ratio |\n");
  printf("|---|---|---|---|---:|---:|---:|---:|\n");
  for (size_t li = 0; li < sizeof L / sizeof L[0]; li++)
    for (int range = 0; range <= 1; range++) {
      simdconv_conv2d_desc d = D3(L[li].h, L[li].w, L[li].c, L[li].c, SIMDCONV_PADDING_SAME);
      const size_t K = L[li].c, nx = L[li].h * L[li].w * L[li].c, nw = 9 * L[li].c * K, ny = L[li].h * L[li].w * K;
      float *x = xmalloc(nx * sizeof(float)), *w = xmalloc(nw * sizeof(float)), *b = xmalloc(K * sizeof(float));
      float *y = xmalloc(ny * sizeof(float));
      double *ref = calloc(ny, sizeof(double)), *scale = calloc(ny, sizeof(double)), *tsc = calloc(ny, sizeof(double));
      unsigned char *have = calloc(L[li].h, 1);
      tc_seed(700 + li * 2 + (size_t)range);
      for (size_t i = 0; i < nx; i++) x[i] = draw(range);
      for (size_t i = 0; i < nw; i++) w[i] = draw(range);
      for (size_t i = 0; i < K; i++) b[i] = draw(range);
      /* the reference: all output rows, or bands of 12 rows every 36 for the largest layers (12: whole
       * tiles of every variant; the rows not computed have scale 0 and no tile scale) */
      const double macs = (double)ny * 9.0 * (double)L[li].c;
      const size_t band = 12, every = macs > 5e8 ? 36 : 12;
      for (size_t r0 = 0; r0 < L[li].h; r0 += every) {
        const size_t r1 = r0 + band < L[li].h ? r0 + band : L[li].h;
        ref_rows(&d, x, w, b, r0, r1, ref + r0 * L[li].w * K, scale + r0 * L[li].w * K);
        for (size_t r = r0; r < r1; r++) have[r] = 1;
      }
      for (size_t k = 0; k < sc_registry_count(); k++) {
        const sc_kernel_row *r = sc_registry_row(k);
        if (!is_wino(r) || !tc_isa_testable(r->isa)) continue;
        simdconv_conv2d_options o = opts(SIMDCONV_ISA_AUTO, 0, r->name, SIMDCONV_ALGORITHM_WINOGRAD);
        simdconv_conv2d_plan *p = NULL;
        simdconv_status s = simdconv_conv2d_create_ex(&d, w, b, &o, &p);
        TC_EXPECT(s == SIMDCONV_OK, "%s %s: %s", r->name, L[li].name, simdconv_status_string(s));
        if (s != SIMDCONV_OK) continue;
        TC_EXPECT(simdconv_conv2d_run(p, 1, x, y) == SIMDCONV_OK, "%s %s: run", r->name, L[li].name);
        acc_stat st = {0, 0, 0, 0, 0};
        size_t bad = 0, first = 0, checked = 0;
        ref_wino_tile_scale(&d, 1, r->wino->m, scale, tsc);
        for (size_t q = 0; q < L[li].h; q++) {
          if (!have[q]) continue;
          const size_t e0 = q * L[li].w * K;
          size_t f = 0;
          const size_t nb = check_wino(y + e0, K, L[li].w, K, ref + e0, scale + e0, tsc + e0, NULL, &st, &f);
          if (nb && bad == 0) first = e0 + f;
          bad += nb;
          checked += L[li].w * K;
        }
        if (bad)
          report_bad(r->name, L[li].name, &d, 1, bad, checked, first, y[first], ref[first], scale[first], tsc[first], 0,
                     ranges[range]);
        else
          tc_checks++;
        printf("| F(%zux%zu,3x3) | %s | %s | %s | %zu | %.3g | %.3g | %.3g |\n", r->wino->m, r->wino->m,
               simdconv_isa_name(r->isa), L[li].name, ranges[range], checked, st.worst,
               st.n ? st.sum / (double)st.n : 0.0, st.tile_worst);
        fflush(stdout);
        simdconv_conv2d_destroy(p);
      }
      /* what AUTO picks */
      const char *picks[2] = {"-", "-"};
      simdconv_conv2d_plan *pa = NULL, *pf = NULL;
      simdconv_conv2d_options o = opts(SIMDCONV_ISA_AUTO, 0, NULL, SIMDCONV_ALGORITHM_WINOGRAD);
      if (range == 0 && simdconv_conv2d_create_ex(&d, w, b, &o, &pa) == SIMDCONV_OK) picks[0] = simdconv_conv2d_kernel(pa);
      o.algorithm = SIMDCONV_ALGORITHM_FASTEST;
      if (range == 0 && simdconv_conv2d_create_ex(&d, w, b, &o, &pf) == SIMDCONV_OK) picks[1] = simdconv_conv2d_kernel(pf);
      if (range == 0) printf("| (AUTO: WINOGRAD %s, FASTEST %s) | | %s | | | | | |\n", picks[0], picks[1], L[li].name);
      simdconv_conv2d_destroy(pa);
      simdconv_conv2d_destroy(pf);
      free(x); free(w); free(b); free(y); free(ref); free(scale); free(tsc); free(have);
    }
}

int main(int argc, char **argv) {
  int accuracy = 0;
  if (argc > 1) {
    if (strcmp(argv[1], "quick") == 0) g_quick = 1;
    else if (strcmp(argv[1], "accuracy") == 0) accuracy = 1;
    else {
      fprintf(stderr, "usage: %s [quick | accuracy]\n", argv[0]);
      return 2;
    }
  }
  g_per_output = getenv("SIMDCONV_TEST_WINO_BOUND") != NULL && strcmp(getenv("SIMDCONV_TEST_WINO_BOUND"), "output") == 0;
  printf("bound: |out - exact| <= 1e-4 * %s + 1e-6\n",
         g_per_output ? "(|bias| + sum |x||w| + |res|) of the output [SIMDCONV_TEST_WINO_BOUND=output]"
                      : "the largest (|bias| + sum |x||w| + |res|) of the output's m x m tile (same image, channel)");
  g_acc = calloc(2 * sc_registry_count() + 2, sizeof *g_acc);
  check_registry();
  if (accuracy) {
    accuracy_mode();
    free(g_acc);
    return tc_finish("winograd accuracy");
  }
#if defined(SIMDCONV_TEST_POOL)
  for (int t = 1; t <= 4; t++) g_pools[t] = pthreadpool_create((size_t)t);
#endif
  init_targets();
  printf("targets:");
  for (size_t i = 0; i < g_nt; i++) printf(" %s", g_t[i].label);
  printf("%s\n", g_quick ? " [quick]" : "");
  tc_seed(20260601);
  suite_statuses();
  suite_maps();
  suite_channels();
  suite_groups();
  suite_acts();
  suite_networks();
  suite_special();
  suite_runex();
  printf("%zu cases (each on every target)\n", g_cases);
  for (size_t i = 0; i < g_nt; i++) {
    const target *t = &g_t[i];
    printf("%-26s %4zu runs (%zu Winograd, %zu direct), %zu unsupported checks, %zu run_ex layers", t->label, t->cases,
           t->wino_runs, t->direct_runs, t->unsupported, t->runex);
    if (t->row == NULL) {
      printf("; variants run:");
      for (size_t m = 0; m < sizeof t->m_seen; m++)
        if (t->m_seen[m]) printf(" F(%zux%zu)", m, m);
    }
    printf("\n");
    /* a forced row that never ran a case is a hole in the coverage */
    TC_EXPECT(t->wino_runs > 0 || t->alg == SIMDCONV_ALGORITHM_FASTEST, "%s: no Winograd case ran", t->label);
  }
  print_accuracy_table();
#if defined(SIMDCONV_TEST_POOL)
  for (int t = 1; t <= 4; t++) pthreadpool_destroy(g_pools[t]);
#endif
  free(g_acc);
  return tc_finish("winograd");
}
