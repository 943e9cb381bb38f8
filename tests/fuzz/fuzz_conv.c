/* libFuzzer target: bytes -> a small convolution descriptor + data, checked on every available
 * ISA (forced) and AUTO against the independent fp64 reference (tests/reference.c), and every
 * failure checked against the contract.
 *
 * Build (see tests/fuzz/CMakeLists.txt and .ci/fuzz.sh):
 *   clang -fsanitize=fuzzer,address,undefined fuzz_conv.c ../reference.c -lsimdconv ...
 * Without libFuzzer, tests/fuzz/replay.c runs inputs (the checked-in corpus is a CTest test).
 *
 * Input layout (missing bytes read as 0; see decode()):
 *   [0] flags: bits 0-1 padding (3 = invalid enum value), bits 2-3 activation, bit 4 no bias,
 *       bit 5 unaligned buffers, bit 6 depthwise-style groups (groups = Cin, Cout = Cin * m),
 *       bit 7 "wild": size fields from a table of edge values (0, 1, huge, SIZE_MAX, ...)
 *   [1] H  [2] W  [3] Cin  [4] Cout  [5] kh  [6] kw  (kh, kw: 0..5, 0 is invalid)
 *   [7] strides / dilations, 2 bits each (0 means 1)   [8] groups (0..4)
 *   [9] explicit pads, 2 bits each   [10] bits 0-3 batch, bit 7 also on a 2-thread pthreadpool
 *       for the ISA of index bits 4-6 (mod SIMDCONV_ISA_COUNT) in the list below (one ISA per input:
 *       pool runs are slow)
 *   [11], [12] clamp min / max (int8 / 4)
 *   [13..] data: x, then weights, then bias, as int8 / 16, with -128 NaN, 127 +inf, -127 -inf
 *        (past the end: finite values from a PRNG seeded by the input)
 *
 * Checks, for each ISA of SIMDCONV_ISA_LIST (scalar, sse, avx2, avx512, neon), then auto:
 *   - every status is one of the simdconv_status values;
 *   - simdconv_conv2d_output_size accepts exactly the descriptors the reference accepts
 *     (ref_output_size + the positive-size, groups, enum and clamp rules) with the same sizes;
 *     on error it writes nothing;
 *   - invalid descriptors: create -> SIMDCONV_INVALID_ARGUMENT (or UNSUPPORTED_ISA for an ISA
 *     this host lacks), *plan left as it was or NULL; the one-call simdconv_conv2d -> INVALID
 *     and the output canaries untouched;
 *   - valid: an unavailable ISA -> SIMDCONV_UNSUPPORTED_ISA; an available one creates a plan
 *     running that ISA, run() -> OK with every output agreeing with the reference by
 *     ref_agrees (same class NaN/+inf/-inf/finite, finite values within 1e-5 * scale + 1e-6,
 *     scale = |bias| + sum |x||w|, as tests/harness.c), canaries around the output
 *     untouched; run() with NULL input, aliasing buffers or a NULL plan -> INVALID with the output
 *     untouched; batch 0 -> OK writing nothing; simdconv_conv2d_run_parallel with no pool (and,
 *     with byte 10's bit 7, on a 2-thread pthreadpool) bit-identical to run(), same error rules;
 *     simdconv_conv2d_run_ex with strided input / output, a residual (separate or in place, drawn
 *     from the data after the bias) against the reference act(conv + bias + residual), gaps
 *     untouched, bit-identical to a dense run_ex (finite weights), a short stride refused
 *     (check_run_ex; in-place cases of small images read input pixels of 1024 floats).
 * Then every kernel of the registry, forced through simdconv_conv2d_create_ex: UNSUPPORTED_ISA
 * for an ISA this host lacks, else OK (always for conv_* kernels; for winograd_* kernels exactly
 * when Winograd applies: 3x3, stride 1, dilation 1, >= 4 input and output channels per group) or
 * UNSUPPORTED with *plan untouched; a created plan runs that kernel and agrees with the reference
 * as above, a Winograd one by the Winograd rule (check_wino), also through run_ex (strided, with a
 * residual). Then AUTO with algorithm WINOGRAD (a Winograd plan exactly where it applies, else
 * UNSUPPORTED, *plan untouched) and FASTEST (always a plan), each checked by the rule of the
 * kernel it runs, and run_parallel bit-identical to run().
 * The Winograd rule (api.md; tests/test_winograd.c): a finite output within 1e-4 x the largest
 * |bias| + sum |x||w| (+ |residual|) of its m x m output tile (same image and channel) + 1e-6; an
 * output the reference says is non-finite is NaN or +-inf; a NaN / inf input may spoil the outputs
 * of its group's tiles whose (m+2) x (m+2) input patch holds it, a NaN / inf weight or bias its
 * output channel (anything goes there).
 * Sizes are bounded (about 2e5 multiply-adds per input at most) so each input runs in
 * milliseconds. SIMDCONV_TEST_MAX_ISA caps the forced ISAs as in tests/harness.c. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simdconv/simdconv.h>

#include "../reference.h"

#if defined(FUZZ_WITH_PTHREADPOOL) /* the library is built with pthreadpool (CMake defines this) */
#  include <pthreadpool.h>
/* one pool for the whole process (reachable: not a leak); 2 threads, the machine has 2 cores */
static struct pthreadpool *fuzz_pool(void) {
  static pthreadpool_t pool;
  if (pool == NULL) pool = pthreadpool_create(2);
  return pool;
}
#else
static struct pthreadpool *fuzz_pool(void) { return NULL; }
#endif

#define GUARD 16
/* k from SIMDCONV_ISA_SCALAR to SIMDCONV_ISA_COUNT inclusive: every ISA, then AUTO */
#define ISA_OR_AUTO(k) ((k) == SIMDCONV_ISA_COUNT ? SIMDCONV_ISA_AUTO : (simdconv_isa)(k))
#define MAX_MACS 200000u
static const uint32_t CANARY = 0x7FC0DEADu;

static float canary(void) { float f; memcpy(&f, &CANARY, sizeof f); return f; }
static int is_canary(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u == CANARY; }

static const simdconv_conv2d_desc *g_desc; /* for the failure message */
static size_t g_batch;
static int g_use_pool, g_pool_isa;

static void die(const char *isa, const char *what) {
  const simdconv_conv2d_desc *d = g_desc;
  fprintf(stderr,
          "fuzz_conv FAIL [%s] %s\n  N%zu %zux%zux%zu->%zu k%zux%zu s%zux%zu d%zux%zu g%zu pad%d(%zu,%zu,%zu,%zu) "
          "act%d clamp[%g,%g]\n",
          isa, what, g_batch, d->input_height, d->input_width, d->input_channels, d->output_channels,
          d->kernel_height, d->kernel_width, d->stride_height, d->stride_width, d->dilation_height,
          d->dilation_width, d->groups, (int)d->padding, d->pad_top, d->pad_bottom, d->pad_left, d->pad_right,
          (int)d->activation, d->clamp_min, d->clamp_max);
  abort();
}

static void check_status(simdconv_status s, const char *isa, const char *call) {
  if (s != SIMDCONV_OK && s != SIMDCONV_INVALID_ARGUMENT && s != SIMDCONV_UNSUPPORTED_ISA &&
      s != SIMDCONV_OUT_OF_MEMORY && s != SIMDCONV_UNSUPPORTED)
    die(isa, call);
}

/* SIMDCONV_TEST_MAX_ISA, as in tests/harness.c */
static int isa_over_cap(simdconv_isa isa) {
  const char *cap = getenv("SIMDCONV_TEST_MAX_ISA");
  if (cap == NULL || *cap == '\0' || isa == SIMDCONV_ISA_AUTO) return 0;
  for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++)
    if (strcmp(cap, simdconv_isa_name((simdconv_isa)i)) == 0) return (int)isa > i;
  return 0;
}

/* ---- input decoding ---- */
typedef struct {
  const uint8_t *p;
  size_t n;
  uint64_t rng;
} stream;

static uint8_t byte_at(const uint8_t *p, size_t n, size_t i) { return i < n ? p[i] : 0; }

/* A data byte b (int8) is b / 16, except three special values: -128 NaN, 127 +inf, -127 -inf
 * (api.md "Special values"); the PRNG past the end draws finite values only. */
static float next_value(stream *s) {
  if (s->n > 0) {
    int8_t b = (int8_t)*s->p;
    s->p++;
    s->n--;
    return b == -128 ? NAN : b == 127 ? INFINITY : b == -127 ? -INFINITY : (float)b / 16.0f;
  }
  s->rng ^= s->rng >> 12; s->rng ^= s->rng << 25; s->rng ^= s->rng >> 27;
  return (float)((int)((s->rng * 0x2545F4914F6CDD1Dull) >> 56) - 128) / 16.0f; /* [-8, 8) */
}

static size_t wild(uint8_t b) {
  static const size_t table[] = {0, 1, 2, 3, 4, 5, 7, 8, 16, 255, 65536, (size_t)1 << 31, (size_t)1 << 32,
                                 SIZE_MAX / 4, SIZE_MAX / 2, SIZE_MAX - 1, SIZE_MAX};
  return table[b % (sizeof table / sizeof table[0])];
}

static simdconv_conv2d_desc decode(const uint8_t *p, size_t n, size_t *batch, int *no_bias, int *unaligned,
                                   int *is_wild) {
  simdconv_conv2d_desc d;
  memset(&d, 0, sizeof d);
  uint8_t f = byte_at(p, n, 0);
  *is_wild = (f >> 7) & 1;
  *no_bias = (f >> 4) & 1;
  *unaligned = (f >> 5) & 1;
  d.padding = (simdconv_padding)(f & 3);
  d.activation = (simdconv_activation)((f >> 2) & 3);
  uint8_t sd = byte_at(p, n, 7), pads = byte_at(p, n, 9);
  d.stride_height = sd & 3; d.stride_width = (sd >> 2) & 3;
  d.dilation_height = (sd >> 4) & 3; d.dilation_width = (sd >> 6) & 3;
  d.pad_top = pads & 3; d.pad_bottom = (pads >> 2) & 3; d.pad_left = (pads >> 4) & 3; d.pad_right = (pads >> 6) & 3;
  d.clamp_min = (float)(int8_t)byte_at(p, n, 11) / 4.0f;
  d.clamp_max = (float)(int8_t)byte_at(p, n, 12) / 4.0f;
  *batch = 1 + (byte_at(p, n, 10) & 0x0f) % 3;
  g_use_pool = (byte_at(p, n, 10) >> 7) & 1;
  g_pool_isa = SIMDCONV_ISA_SCALAR + ((byte_at(p, n, 10) >> 4) & 7) % SIMDCONV_ISA_COUNT; /* k of the ISA loop */
  if (*is_wild) {
    /* edge values everywhere, including invalid enum values; validation paths only unless small */
    d.input_height = wild(byte_at(p, n, 1)); d.input_width = wild(byte_at(p, n, 2));
    d.input_channels = wild(byte_at(p, n, 3)); d.output_channels = wild(byte_at(p, n, 4));
    d.kernel_height = wild(byte_at(p, n, 5)); d.kernel_width = wild(byte_at(p, n, 6));
    d.groups = wild(byte_at(p, n, 8));
    d.padding = (simdconv_padding)(byte_at(p, n, 9) % 5);
    d.activation = (simdconv_activation)(byte_at(p, n, 10) % 6);
    d.stride_height = wild(sd & 15); d.stride_width = wild(sd >> 4);
    d.pad_top = wild(pads & 15); d.pad_bottom = wild(pads >> 4); d.pad_left = wild(byte_at(p, n, 11) & 15);
    d.pad_right = wild(byte_at(p, n, 11) >> 4);
    *batch = 1;
    return d;
  }
  d.input_height = 1 + byte_at(p, n, 1) % 10;
  d.input_width = 1 + byte_at(p, n, 2) % 10;
  d.input_channels = 1 + byte_at(p, n, 3) % 12;
  d.output_channels = 1 + byte_at(p, n, 4) % 40;
  d.kernel_height = byte_at(p, n, 5) % 6;
  d.kernel_width = byte_at(p, n, 6) % 6;
  d.groups = byte_at(p, n, 8) % 5;
  if ((f >> 6) & 1) { /* depthwise (m = 1) or depthwise multiplier m = 2, 3 */
    d.groups = d.input_channels;
    d.output_channels = d.input_channels * (1 + byte_at(p, n, 4) % 3);
  }
  return d;
}

/* ---- expected validity, independent of the library ---- */
static int u128_axis(size_t in, size_t k, size_t s, size_t dil, int mode, size_t pb, size_t pa, unsigned __int128 *o) {
  typedef unsigned __int128 u;
  s = s ? s : 1; dil = dil ? dil : 1;
  if (in == 0 || k == 0) return 0;
  u span = (u)dil * ((u)k - 1) + 1;
  if (mode == SIMDCONV_PADDING_VALID) {
    if ((u)in < span) return 0;
    *o = ((u)in - span) / s + 1;
  } else if (mode == SIMDCONV_PADDING_SAME) {
    *o = ((u)in + s - 1) / s;
  } else if (mode == SIMDCONV_PADDING_EXPLICIT) {
    u padded = (u)in + pb + pa;
    if (padded < span) return 0;
    *o = (padded - span) / s + 1;
  } else {
    return 0;
  }
  return 1;
}

/* 1 valid, 0 invalid; *may_reject: huge but valid (the library may refuse what it cannot index) */
static int expect_valid(const simdconv_conv2d_desc *d, size_t *oh, size_t *ow, int *may_reject) {
  typedef unsigned __int128 u;
  const u big = (u)1 << 31;
  size_t g = d->groups ? d->groups : 1;
  u o_h, o_w;
  *may_reject = 0;
  if (d->input_channels == 0 || d->output_channels == 0 || d->input_channels % g || d->output_channels % g) return 0;
  if ((unsigned)d->activation > SIMDCONV_ACTIVATION_CLAMP) return 0;
  if (d->activation == SIMDCONV_ACTIVATION_CLAMP && !(d->clamp_min <= d->clamp_max)) return 0;
  if (!u128_axis(d->input_height, d->kernel_height, d->stride_height, d->dilation_height, (int)d->padding,
                 d->pad_top, d->pad_bottom, &o_h) ||
      !u128_axis(d->input_width, d->kernel_width, d->stride_width, d->dilation_width, (int)d->padding, d->pad_left,
                 d->pad_right, &o_w))
    return 0;
  const size_t fields[] = {d->input_height, d->input_width, d->input_channels, d->output_channels, d->kernel_height,
                           d->kernel_width, d->stride_height, d->stride_width, d->dilation_height,
                           d->dilation_width, d->pad_top, d->pad_bottom, d->pad_left, d->pad_right};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if ((u)fields[i] >= big) *may_reject = 1;
  u in_bytes = (u)d->input_height * d->input_width * d->input_channels * 4;
  u out_bytes = o_h * o_w * d->output_channels * 4;
  u w_bytes = (u)d->kernel_height * d->kernel_width * (d->input_channels / g) * d->output_channels * 4;
  if (in_bytes >= big || out_bytes >= big || w_bytes >= big) *may_reject = 1;
  *oh = (size_t)o_h;
  *ow = (size_t)o_w;
  return 1;
}

/* ---- the checks ---- */
/* A run's output (nout floats, GUARD canaries on each side) against the reference: canaries intact,
 * every element agreeing (ref_agrees). */
static void check_output(const char *who, const float *out, size_t nout, const double *ref, const double *scale,
                         const unsigned char *padnan) {
  for (size_t i = 0; i < GUARD; i++)
    if (!is_canary(out[-1 - (ptrdiff_t)i]) || !is_canary(out[nout + i])) die(who, "wrote outside the output");
  for (size_t i = 0; i < nout; i++) {
    if (!ref_agrees(out[i], ref[i], scale[i], padnan[i])) {
      char msg[160];
      snprintf(msg, sizeof msg, "element %zu of %zu: got %.9g want %.9g (scale %.3g)", i, nout, out[i], ref[i],
               scale[i]);
      die(who, msg);
    }
  }
}

/* ---- Winograd plans (winograd_f<m>x<m>_<isa> kernels) ---- */
static size_t nz1(size_t v) { return v ? v : 1; }
/* The contract's rule for where Winograd applies, independent of the library. */
static int wino_applies(const simdconv_conv2d_desc *d) {
  const size_t g = nz1(d->groups);
  return d->kernel_height == 3 && d->kernel_width == 3 && nz1(d->stride_height) == 1 && nz1(d->stride_width) == 1 &&
         nz1(d->dilation_height) == 1 && nz1(d->dilation_width) == 1 && d->input_channels / g >= 4 &&
         d->output_channels / g >= 4;
}
/* m of a Winograd kernel name, else 0 */
static size_t wino_m(const char *name) {
  size_t m = 0;
  if (strncmp(name, "winograd_f", 10) != 0 || sscanf(name + 10, "%zu", &m) != 1) return 0;
  return m;
}
/* Winograd outputs (pixel stride ops) against the rule; scale may include |residual|. */
static void check_wino(const char *who, const float *out, size_t ops, const simdconv_conv2d_desc *d, size_t batch,
                       size_t m, const float *x, const float *w, const float *b, const double *y, const double *scale) {
  size_t oh, ow, pt, pl;
  ref_output_size(d, &oh, &ow, &pt, &pl);
  const size_t K = d->output_channels, npx = batch * oh * ow, nout = npx * K;
  unsigned char *taint = calloc(nout + 1, 1);
  double *ts = malloc((nout + 1) * sizeof(double));
  if (!taint || !ts) abort();
  ref_wino_taint(d, batch, m, x, w, b, taint);
  ref_wino_tile_scale(d, batch, m, scale, ts);
  for (size_t q = 0; q < npx; q++)
    for (size_t k = 0; k < K; k++) {
      const size_t e = q * K + k;
      const float o = out[q * ops + k];
      int ok;
      if (!isfinite(y[e])) ok = !isfinite(o);
      else if (taint[e]) ok = 1;
      else if (!isfinite(scale[e])) ok = (double)o == y[e];
      else ok = isfinite(o) && fabs((double)o - y[e]) <= 1e-4 * ts[e] + 1e-6;
      if (!ok) {
        char msg[200];
        snprintf(msg, sizeof msg, "Winograd F(%zux%zu) element %zu of %zu: got %.9g want %.9g (scale %.3g, tile scale %.3g)",
                 m, m, e, nout, o, y[e], scale[e], ts[e]);
        die(who, msg);
      }
    }
  free(taint); free(ts);
}

static void check_invalid(const simdconv_conv2d_desc *d, const float *w) {
  for (int k = SIMDCONV_ISA_SCALAR; k <= SIMDCONV_ISA_COUNT; k++) {
    const simdconv_isa isa = ISA_OR_AUTO(k);
    const char *iname = simdconv_isa_name(isa);
    simdconv_conv2d_plan *sentinel = (simdconv_conv2d_plan *)(uintptr_t)0x1000, *p = sentinel;
    simdconv_status s = simdconv_conv2d_create(d, w, NULL, isa, &p);
    check_status(s, iname, "create returned a value outside simdconv_status");
    if (s == SIMDCONV_OK) { simdconv_conv2d_destroy(p); die(iname, "create accepted an invalid descriptor"); }
    if (s != SIMDCONV_INVALID_ARGUMENT && !(s == SIMDCONV_UNSUPPORTED_ISA && !simdconv_isa_available(isa)))
      die(iname, "invalid descriptor: create did not return INVALID_ARGUMENT");
    if (p != sentinel && p != NULL) die(iname, "failed create wrote a plan pointer");
  }
  /* the one-call API writes nothing on error */
  float x[8] = {0}, out[GUARD];
  for (size_t i = 0; i < GUARD; i++) out[i] = canary();
  simdconv_status s = simdconv_conv2d(d, 1, x, w, NULL, out);
  check_status(s, "auto", "simdconv_conv2d returned a value outside simdconv_status");
  if (s != SIMDCONV_INVALID_ARGUMENT) die("auto", "simdconv_conv2d accepted an invalid descriptor");
  for (size_t i = 0; i < GUARD; i++)
    if (!is_canary(out[i])) die("auto", "simdconv_conv2d wrote output on error");
}

/* run_ex on one plan: strided input (NaN in the gaps), strided output (canaries in the gaps) and a
 * residual r (strided with NaN gaps, or in place in the output): every output agrees with the
 * fp64 reference act(conv + bias + r) (ylin, slin, plin: the reference without activation), the
 * gaps are untouched, and with finite weights the channels equal a dense run_ex bit for bit
 * (a strided input's merged corners skip padded rows: 0 x inf there is not NaN). A stride below
 * the channel count is refused with the output untouched. */
static void check_run_ex(simdconv_conv2d_plan *p, const char *iname, const simdconv_conv2d_desc *d, size_t batch,
                         size_t npx_in, size_t npx_out, const float *x, const float *w, size_t nw, const float *b,
                         const float *r, const double *ylin, const double *slin, const unsigned char *plin,
                         int in_place) {
  const size_t m = wino_m(simdconv_conv2d_kernel(p)); /* Winograd: its rule, and always bit-identical */
  const size_t cin = d->input_channels, cout = d->output_channels;
  /* in-place cases of small images read pixels of 1024 floats (a whole L1d way: depthwise jobs
   * copy their input rows into a band, select.c sc_dw_band_stride) */
  const int way = in_place && cin < 1024 && npx_in <= 4096;
  const size_t xps = way ? 1024 : cin + 1 + cin % 4, yps = cout + 1 + cout % 3, rps = cout + 2;
  const size_t xlen = npx_in * xps, ylen = npx_out * yps + GUARD, rlen = npx_out * rps;
  float *xs = malloc(xlen * sizeof(float)), *ys = malloc(ylen * sizeof(float)), *rs = malloc(rlen * sizeof(float));
  float *yd = malloc((npx_out * cout + 1) * sizeof(float));
  if (!xs || !ys || !rs || !yd) abort();
  for (size_t i = 0; i < xlen; i++) xs[i] = NAN;
  for (size_t i = 0; i < rlen; i++) rs[i] = NAN;
  for (size_t i = 0; i < ylen; i++) ys[i] = canary();
  for (size_t q = 0; q < npx_in; q++) memcpy(xs + q * xps, x + q * cin, cin * sizeof(float));
  for (size_t q = 0; q < npx_out; q++) {
    memcpy(rs + q * rps, r + q * cout, cout * sizeof(float));
    if (in_place) memcpy(ys + q * yps, r + q * cout, cout * sizeof(float));
  }
  simdconv_conv2d_io io = {xs, xps, ys, yps, in_place ? ys : rs, in_place ? yps : rps};
  if (cin > 1) { /* a stride below the channel count: refused, nothing written */
    simdconv_conv2d_io bad = io;
    bad.input_pixel_stride = cin - 1;
    if (simdconv_conv2d_run_ex(p, batch, &bad, NULL) != SIMDCONV_INVALID_ARGUMENT) die(iname, "run_ex accepted a short stride");
  }
  simdconv_status s = simdconv_conv2d_run_ex(p, batch, &io, NULL);
  check_status(s, iname, "run_ex returned a value outside simdconv_status");
  if (s != SIMDCONV_OK) die(iname, "run_ex failed");
  int finite_w = 1;
  for (size_t i = 0; i < nw; i++) finite_w &= isfinite(w[i]) != 0;
  simdconv_conv2d_io dense = {x, 0, yd, 0, r, 0};
  if (simdconv_conv2d_run_ex(p, batch, &dense, NULL) != SIMDCONV_OK) die(iname, "dense run_ex failed");
  if (m) {
    double *v = malloc((npx_out * cout + 1) * sizeof(double)), *sc = malloc((npx_out * cout + 1) * sizeof(double));
    if (!v || !sc) abort();
    for (size_t e = 0; e < npx_out * cout; e++) {
      v[e] = ref_activate(d, ylin[e] + (double)r[e]);
      sc[e] = slin[e] + fabs((double)r[e]);
    }
    check_wino(iname, ys, yps, d, batch, m, x, w, b, v, sc);
    free(v); free(sc);
  }
  for (size_t q = 0; q < npx_out; q++) {
    for (size_t c = 0; c < cout; c++) {
      const size_t e = q * cout + c;
      const double v = ref_activate(d, ylin[e] + (double)r[e]);
      const float got = ys[q * yps + c];
      if (m) {
        if (memcmp(&got, &yd[e], sizeof got) != 0 && !(isnan(got) && isnan(yd[e])))
          die(iname, "Winograd: strided run_ex differs from dense run_ex");
        continue;
      }
      if (!ref_agrees(got, v, slin[e] + fabs((double)r[e]), plin[e])) {
        char msg[160];
        snprintf(msg, sizeof msg, "run_ex element %zu: got %.9g want %.9g (residual %g, %s)", e, got, v, r[e],
                 in_place ? "in place" : "separate");
        die(iname, msg);
      }
      /* bit for bit, but any NaN equals any NaN: which operand's NaN (and sign) an addition returns
       * is the compiler's choice (gcc -O1 and -O3 commute the scalar kernels' adds differently) */
      if (finite_w && memcmp(&got, &yd[e], sizeof got) != 0 && !(isnan(got) && isnan(yd[e])))
        die(iname, "strided run_ex differs from dense run_ex");
    }
    if (q + 1 < npx_out)
      for (size_t c = cout; c < yps; c++)
        if (!is_canary(ys[q * yps + c])) die(iname, "run_ex wrote between output pixels");
  }
  free(xs); free(ys); free(rs); free(yd);
}

static void check_valid(const simdconv_conv2d_desc *d, size_t batch, stream *data, int no_bias, int unaligned,
                        size_t oh, size_t ow) {
  const size_t g = d->groups ? d->groups : 1, off = unaligned ? 1 : 0;
  const size_t nin = batch * d->input_height * d->input_width * d->input_channels;
  const size_t nw = d->kernel_height * d->kernel_width * (d->input_channels / g) * d->output_channels;
  const size_t nout = batch * oh * ow * d->output_channels, nb = d->output_channels;
  float *xbuf = malloc((nin + 1) * sizeof(float)), *wbuf = malloc((nw + 1) * sizeof(float));
  float *bbuf = malloc((nb + 1) * sizeof(float)), *obuf = malloc((nout + 2 * GUARD + 1) * sizeof(float));
  float *pbuf = malloc((nout + 2 * GUARD + 1) * sizeof(float));
  double *ref = malloc(nout * sizeof(double)), *scale = malloc(nout * sizeof(double));
  unsigned char *padnan = malloc(nout);
  if (!xbuf || !wbuf || !bbuf || !obuf || !pbuf || !ref || !scale || !padnan) abort();
  float *x = xbuf + off, *w = wbuf + off, *b = bbuf + off, *out = obuf + GUARD + off;
  for (size_t i = 0; i < nin; i++) x[i] = next_value(data);
  for (size_t i = 0; i < nw; i++) w[i] = next_value(data);
  for (size_t i = 0; i < nb; i++) b[i] = next_value(data);
  const float *bias = no_bias ? NULL : b;
  ref_conv2d(d, batch, x, w, bias, ref, scale, padnan);
  /* run_ex: a residual from the data, and the reference without activation */
  float *res = malloc((nout + 1) * sizeof(float));
  double *ylin = malloc((nout + 1) * sizeof(double)), *slin = malloc((nout + 1) * sizeof(double));
  unsigned char *plin = malloc(nout + 1);
  if (!res || !ylin || !slin || !plin) abort();
  for (size_t i = 0; i < nout; i++) res[i] = next_value(data);
  simdconv_conv2d_desc dlin = *d;
  dlin.activation = SIMDCONV_ACTIVATION_NONE;
  ref_conv2d(&dlin, batch, x, w, bias, ylin, slin, plin);

  for (int k = SIMDCONV_ISA_SCALAR; k <= SIMDCONV_ISA_COUNT; k++) {
    const simdconv_isa isa = ISA_OR_AUTO(k);
    const char *iname = simdconv_isa_name(isa);
    if (isa_over_cap(isa)) continue;
    simdconv_conv2d_plan *sentinel = (simdconv_conv2d_plan *)(uintptr_t)0x1000, *p = sentinel;
    simdconv_status s = simdconv_conv2d_create(d, w, bias, isa, &p);
    check_status(s, iname, "create returned a value outside simdconv_status");
    if (!simdconv_isa_available(isa)) {
      if (s == SIMDCONV_OK) simdconv_conv2d_destroy(p);
      if (s != SIMDCONV_UNSUPPORTED_ISA) die(iname, "unavailable ISA not refused with UNSUPPORTED_ISA");
      if (p != sentinel && p != NULL) die(iname, "failed create wrote a plan pointer");
      continue;
    }
    if (s != SIMDCONV_OK) die(iname, simdconv_status_string(s));
    if (isa != SIMDCONV_ISA_AUTO && simdconv_conv2d_isa(p) != isa) die(iname, "plan runs another ISA");
    if (isa == SIMDCONV_ISA_AUTO && simdconv_conv2d_isa(p) != simdconv_best_isa()) die(iname, "AUTO is not best_isa");

    for (size_t i = 0; i < nout + 2 * GUARD; i++) obuf[off + i] = canary();
    /* errors first: nothing may be written */
    s = simdconv_conv2d_run(p, batch, NULL, out);
    check_status(s, iname, "run returned a value outside simdconv_status");
    if (s != SIMDCONV_INVALID_ARGUMENT) die(iname, "run accepted a NULL input");
    s = simdconv_conv2d_run(p, batch, x, NULL);
    if (s != SIMDCONV_INVALID_ARGUMENT) die(iname, "run accepted a NULL output");
    s = simdconv_conv2d_run(NULL, batch, x, out);
    if (s != SIMDCONV_INVALID_ARGUMENT) die(iname, "run accepted a NULL plan");
    s = simdconv_conv2d_run(p, batch, out, out); /* input aliases output */
    check_status(s, iname, "run returned a value outside simdconv_status");
    if (s != SIMDCONV_INVALID_ARGUMENT) die(iname, "run accepted aliasing input and output");
    s = simdconv_conv2d_run(p, 0, x, out);
    if (s != SIMDCONV_OK) die(iname, "run with batch 0 failed");
    for (size_t i = 0; i < nout + 2 * GUARD; i++)
      if (!is_canary(obuf[off + i])) die(iname, "a failed (or empty) run wrote output");

    s = simdconv_conv2d_run(p, batch, x, out);
    check_status(s, iname, "run returned a value outside simdconv_status");
    if (s != SIMDCONV_OK) die(iname, simdconv_status_string(s));
    check_output(iname, out, nout, ref, scale, padnan);

    /* run_parallel: no pool (calling thread), then maybe a real pool: bit-identical to run() */
    struct pthreadpool *pools[2] = {NULL, g_use_pool && (int)k == g_pool_isa ? fuzz_pool() : NULL};
    for (int k2 = 0; k2 < (pools[1] ? 2 : 1); k2++) {
      float *pout = pbuf + GUARD + off;
      for (size_t i = 0; i < nout + 2 * GUARD; i++) pbuf[off + i] = canary();
      s = simdconv_conv2d_run_parallel(p, pools[k2], batch, NULL, pout);
      check_status(s, iname, "run_parallel returned a value outside simdconv_status");
      if (s != SIMDCONV_INVALID_ARGUMENT) die(iname, "run_parallel accepted a NULL input");
      s = simdconv_conv2d_run_parallel(NULL, pools[k2], batch, x, pout);
      if (s != SIMDCONV_INVALID_ARGUMENT) die(iname, "run_parallel accepted a NULL plan");
      s = simdconv_conv2d_run_parallel(p, pools[k2], batch, pout, pout);
      if (s != SIMDCONV_INVALID_ARGUMENT) die(iname, "run_parallel accepted aliasing input and output");
      for (size_t i = 0; i < nout + 2 * GUARD; i++)
        if (!is_canary(pbuf[off + i])) die(iname, "a failed run_parallel wrote output");
      s = simdconv_conv2d_run_parallel(p, pools[k2], batch, x, pout);
      check_status(s, iname, "run_parallel returned a value outside simdconv_status");
      if (s != SIMDCONV_OK) die(iname, "run_parallel failed");
      for (size_t i = 0; i < GUARD; i++)
        if (!is_canary(pbuf[off + i]) || !is_canary(pout[nout + i])) die(iname, "run_parallel wrote outside the output");
      if (memcmp(pout, out, nout * sizeof(float)) != 0)
        die(iname, k2 ? "run_parallel on a 2-thread pool differs from run()" : "run_parallel(NULL pool) differs from run()");
    }
    check_run_ex(p, iname, d, batch, batch * d->input_height * d->input_width, batch * oh * ow, x, w, nw, bias, res, ylin,
                 slin, plin, (int)(k + nout) % 2);
    simdconv_conv2d_destroy(p);
  }

  /* every registry kernel, forced through create_ex: its ISA unavailable -> UNSUPPORTED_ISA; else
   * OK (a conv_* kernel computes every descriptor) or UNSUPPORTED with *plan untouched; an OK plan
   * runs that kernel and agrees with the reference */
  for (size_t ki = 0; ki < simdconv_kernel_count(); ki++) {
    const char *kname = simdconv_kernel_name(ki);
    const simdconv_isa kisa = simdconv_kernel_isa(ki);
    simdconv_conv2d_options o;
    memset(&o, 0, sizeof o);
    o.kernel = kname;
    if (isa_over_cap(kisa)) continue;
    simdconv_conv2d_plan *sentinel = (simdconv_conv2d_plan *)(uintptr_t)0x1000, *p = sentinel;
    simdconv_status s = simdconv_conv2d_create_ex(d, w, bias, &o, &p);
    check_status(s, kname, "create_ex returned a value outside simdconv_status");
    const size_t m = wino_m(kname);
    if (s != SIMDCONV_OK) {
      if (p != sentinel) die(kname, "failed create_ex wrote a plan pointer");
      if (!simdconv_isa_available(kisa) ? s != SIMDCONV_UNSUPPORTED_ISA
                                        : s != SIMDCONV_UNSUPPORTED || strncmp(kname, "conv_", 5) == 0)
        die(kname, simdconv_status_string(s));
      if (m && simdconv_isa_available(kisa) && wino_applies(d)) die(kname, "a Winograd kernel refused a descriptor it applies to");
      continue;
    }
    if (!simdconv_isa_available(kisa)) die(kname, "a kernel of an unavailable ISA was created");
    if (m && !wino_applies(d)) die(kname, "a Winograd kernel accepted a descriptor it does not apply to");
    if (strcmp(simdconv_conv2d_kernel(p), kname) != 0 || simdconv_conv2d_isa(p) != kisa) die(kname, "plan runs another kernel");
    for (size_t i = 0; i < nout + 2 * GUARD; i++) obuf[off + i] = canary();
    s = simdconv_conv2d_run(p, batch, x, out);
    if (s != SIMDCONV_OK) die(kname, simdconv_status_string(s));
    for (size_t i = 0; i < GUARD; i++)
      if (!is_canary(out[-1 - (ptrdiff_t)i]) || !is_canary(out[nout + i])) die(kname, "wrote outside the output");
    if (m) {
      check_wino(kname, out, d->output_channels, d, batch, m, x, w, bias, ref, scale);
      check_run_ex(p, kname, d, batch, batch * d->input_height * d->input_width, batch * oh * ow, x, w, nw, bias, res,
                   ylin, slin, plin, (int)(ki + nout) % 2);
    } else {
      check_output(kname, out, nout, ref, scale, padnan);
    }
    simdconv_conv2d_destroy(p);
  }

  /* AUTO with algorithm WINOGRAD (a Winograd plan exactly where it applies) and FASTEST (a plan) */
  for (int a = 0; a < 2; a++) {
    const char *who = a ? "auto/fastest" : "auto/winograd";
    simdconv_conv2d_options o;
    memset(&o, 0, sizeof o);
    o.algorithm = a ? SIMDCONV_ALGORITHM_FASTEST : SIMDCONV_ALGORITHM_WINOGRAD;
    simdconv_conv2d_plan *sentinel = (simdconv_conv2d_plan *)(uintptr_t)0x1000, *p = sentinel;
    simdconv_status s = simdconv_conv2d_create_ex(d, w, bias, &o, &p);
    check_status(s, who, "create_ex returned a value outside simdconv_status");
    if (s != SIMDCONV_OK) {
      if (p != sentinel) die(who, "failed create_ex wrote a plan pointer");
      if (a || wino_applies(d) || s != SIMDCONV_UNSUPPORTED) die(who, simdconv_status_string(s));
      continue;
    }
    const size_t m = wino_m(simdconv_conv2d_kernel(p));
    if (!a && (!wino_applies(d) || m == 0)) die(who, "not a Winograd plan, or on a descriptor Winograd does not apply to");
    if (a && m && !wino_applies(d)) die(who, "FASTEST chose Winograd where it does not apply");
    for (size_t i = 0; i < nout + 2 * GUARD; i++) obuf[off + i] = canary();
    s = simdconv_conv2d_run(p, batch, x, out);
    if (s != SIMDCONV_OK) die(who, simdconv_status_string(s));
    for (size_t i = 0; i < GUARD; i++)
      if (!is_canary(out[-1 - (ptrdiff_t)i]) || !is_canary(out[nout + i])) die(who, "wrote outside the output");
    if (m) check_wino(who, out, d->output_channels, d, batch, m, x, w, bias, ref, scale);
    else check_output(who, out, nout, ref, scale, padnan);
    /* run_parallel (no pool; a 2-thread pool with byte 10's bit 7) bit-identical to run() */
    for (int k2 = 0; k2 < (g_use_pool ? 2 : 1); k2++) {
      float *pout = pbuf + GUARD + off;
      s = simdconv_conv2d_run_parallel(p, k2 ? fuzz_pool() : NULL, batch, x, pout);
      if (s != SIMDCONV_OK) die(who, "run_parallel failed");
      for (size_t i = 0; i < nout; i++)
        if (memcmp(&pout[i], &out[i], sizeof(float)) != 0 && !(isnan(pout[i]) && isnan(out[i])))
          die(who, "run_parallel differs from run()");
    }
    simdconv_conv2d_destroy(p);
  }

  /* the one-call API (AUTO) agrees too */
  for (size_t i = 0; i < nout + 2 * GUARD; i++) obuf[off + i] = canary();
  simdconv_status s = simdconv_conv2d(d, batch, x, w, bias, out);
  check_status(s, "auto", "simdconv_conv2d returned a value outside simdconv_status");
  if (s != SIMDCONV_OK) die("auto", "simdconv_conv2d failed on a valid descriptor");
  for (size_t i = 0; i < GUARD; i++)
    if (!is_canary(obuf[off + i]) || !is_canary(out[nout + i])) die("auto", "simdconv_conv2d wrote outside the output");
  for (size_t i = 0; i < nout; i++)
    if (!ref_agrees(out[i], ref[i], scale[i], padnan[i])) die("auto", "simdconv_conv2d result off");

  free(xbuf); free(wbuf); free(bbuf); free(obuf); free(pbuf); free(ref); free(scale); free(padnan); free(res); free(ylin); free(slin); free(plin);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t batch, oh = 0, ow = 0, lib_oh = 12345, lib_ow = 54321;
  int no_bias, unaligned, is_wild, may_reject;
  simdconv_conv2d_desc d = decode(data, size, &batch, &no_bias, &unaligned, &is_wild);
  g_desc = &d;
  g_batch = batch;
  stream st;
  st.p = data + (size > 13 ? 13 : size);
  st.n = size > 13 ? size - 13 : 0;
  st.rng = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < size; i++) st.rng = (st.rng ^ data[i]) * 0x100000001B3ull;
  st.rng |= 1;

  int valid = expect_valid(&d, &oh, &ow, &may_reject);
  if (valid && !is_wild) {
    /* small descriptors: the test reference (tests/reference.c) must agree with the 128-bit one */
    size_t roh, row, pt, pl;
    if (!ref_output_size(&d, &roh, &row, &pt, &pl) || roh != oh || row != ow) die("ref", "reference output size disagrees");
  }
  simdconv_status s = simdconv_conv2d_output_size(&d, &lib_oh, &lib_ow);
  check_status(s, "none", "output_size returned a value outside simdconv_status");
  if (s == SIMDCONV_OK) {
    if (!valid) die("none", "output_size accepted an invalid descriptor");
    if (lib_oh != oh || lib_ow != ow) die("none", "output_size differs from the reference");
  } else {
    if (s != SIMDCONV_INVALID_ARGUMENT) die("none", "output_size failed with a status other than INVALID_ARGUMENT");
    if (lib_oh != 12345 || lib_ow != 54321) die("none", "output_size wrote its outputs on error");
    if (valid && !may_reject) die("none", "output_size rejected a valid descriptor");
  }
  if (s != SIMDCONV_OK) {
    if (!valid || may_reject) {
      float w[64] = {0};
      /* only descriptors with few weights reach create with this buffer (big ones are rejected) */
      if (!valid) check_invalid(&d, w);
    }
    return 0;
  }
  if (may_reject) return 0; /* accepted but huge: running it would take too long */
  {
    const size_t g = d.groups ? d.groups : 1;
    const uint64_t macs = (uint64_t)batch * oh * ow * d.output_channels * d.kernel_height * d.kernel_width *
                          (d.input_channels / g);
    const uint64_t elems = (uint64_t)batch * oh * ow * d.output_channels +
                           (uint64_t)batch * d.input_height * d.input_width * d.input_channels;
    if (macs > MAX_MACS || elems > MAX_MACS) return 0; /* keep each input fast */
  }
  check_valid(&d, batch, &st, no_bias, unaligned, oh, ow);
  return 0;
}
