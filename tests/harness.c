#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reference.h"

long tc_checks, tc_failures;
static uint64_t rng = 0x9E3779B97F4A7C15ull;

void tc_seed(uint64_t seed) { rng = seed * 0x9E3779B97F4A7C15ull + 1; }
static uint64_t next(void) { /* xorshift64* */
  rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
  return rng * 0x2545F4914F6CDD1Dull;
}
float tc_uniform(void) { return (float)((double)(next() >> 11) / 9007199254740992.0 * 2.0 - 1.0); }
size_t tc_range(size_t lo, size_t hi) { return lo + (size_t)(next() % (hi - lo + 1)); }

simdconv_conv2d_desc tc_desc(size_t h, size_t w, size_t cin, size_t cout, size_t kh, size_t kw, simdconv_padding p) {
  simdconv_conv2d_desc d;
  memset(&d, 0, sizeof d);
  d.input_height = h; d.input_width = w; d.input_channels = cin; d.output_channels = cout;
  d.kernel_height = kh; d.kernel_width = kw; d.padding = p;
  return d;
}

void tc_random_desc(simdconv_conv2d_desc *d, size_t max_hw, size_t max_cout) {
  memset(d, 0, sizeof *d);
  size_t g = tc_range(0, 3) == 0 ? tc_range(1, 4) : 1;
  d->input_height = tc_range(1, max_hw); d->input_width = tc_range(1, max_hw);
  d->input_channels = g * tc_range(1, 20); d->output_channels = g * tc_range(1, max_cout);
  if (tc_range(0, 5) == 0) { g = d->input_channels; d->output_channels = g * tc_range(1, 2); }
  d->groups = g;
  d->kernel_height = tc_range(1, 5); d->kernel_width = tc_range(1, 5);
  d->stride_height = tc_range(0, 3); d->stride_width = tc_range(0, 3);
  d->dilation_height = tc_range(0, 3); d->dilation_width = tc_range(0, 3);
  d->padding = (simdconv_padding)tc_range(0, 2);
  d->pad_top = tc_range(0, 4); d->pad_bottom = tc_range(0, 4); d->pad_left = tc_range(0, 4); d->pad_right = tc_range(0, 4);
  d->activation = (simdconv_activation)tc_range(0, 3);
  d->clamp_min = -tc_uniform() * tc_uniform(); d->clamp_max = d->clamp_min + (tc_uniform() + 1);
}

#define GUARD 37
static const uint32_t CANARY = 0x7FC0DEADu;

static float canary(void) { float f; memcpy(&f, &CANARY, sizeof f); return f; }
static int is_canary(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u == CANARY; }

static void describe(char *buf, size_t n, const simdconv_conv2d_desc *d, size_t batch) {
  snprintf(buf, n, "N%zu %zux%zux%zu->%zu k%zux%zu s%zux%zu d%zux%zu g%zu pad%d(%zu,%zu,%zu,%zu) act%d",
           batch, d->input_height, d->input_width, d->input_channels, d->output_channels, d->kernel_height,
           d->kernel_width, d->stride_height, d->stride_width, d->dilation_height, d->dilation_width, d->groups,
           (int)d->padding, d->pad_top, d->pad_bottom, d->pad_left, d->pad_right, (int)d->activation);
}

static int fail(const char *name, const simdconv_conv2d_desc *d, size_t batch, const char *isa, const char *what) {
  char buf[256];
  describe(buf, sizeof buf, d, batch);
  printf("FAIL %s [%s] %s: %s\n", name, isa, buf, what);
  tc_failures++;
  return 1;
}

/* SIMDCONV_TEST_MAX_ISA=<isa name> (e.g. avx2) caps the ISAs tc_run forces: a forced ISA above the
 * cap in enum order (scalar < sse < avx2 < avx512 < neon) is skipped entirely, as if it did not
 * exist. Only for running the suites under tools that cannot decode the wider instructions
 * (.ci/valgrind.sh: valgrind 3.19 has no AVX-512); set SIMDCONV_ISA to the same value so AUTO
 * resolves below the cap too. Unset (the normal case): every ISA is forced. */
int tc_isa_over_cap(simdconv_isa isa) {
  const char *cap = getenv("SIMDCONV_TEST_MAX_ISA");
  if (cap == NULL || *cap == '\0' || isa == SIMDCONV_ISA_AUTO) return 0;
  for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++)
    if (strcmp(cap, simdconv_isa_name((simdconv_isa)i)) == 0) return (int)isa > i;
  return 0; /* unknown name: no cap */
}

int tc_isa_testable(simdconv_isa isa) { return simdconv_isa_available(isa) && !tc_isa_over_cap(isa); }

long tc_run(const char *name, const simdconv_conv2d_desc *d, size_t batch, const tc_opts *o) {
  static const tc_opts none;
  size_t oh, ow, pt, pl;
  long before = tc_failures;
  if (o == NULL) o = &none;
  size_t groups = d->groups ? d->groups : 1;
  if (!ref_output_size(d, &oh, &ow, &pt, &pl)) {
    /* no valid output: every ISA must refuse at create */
    float w1 = 1.0f;
    simdconv_conv2d_plan *p = NULL;
    tc_checks++;
    if (simdconv_conv2d_create(d, &w1, NULL, SIMDCONV_ISA_AUTO, &p) != SIMDCONV_INVALID_ARGUMENT) {
      simdconv_conv2d_destroy(p);
      return fail(name, d, batch, "auto", "create accepted a descriptor with no valid output");
    }
    return 0;
  }
  size_t nin = batch * d->input_height * d->input_width * d->input_channels;
  size_t nw = d->kernel_height * d->kernel_width * (d->input_channels / groups) * d->output_channels;
  size_t nout = batch * oh * ow * d->output_channels;
  size_t off = o->unaligned ? 1 : 0;
  float *xbuf = malloc((nin + 1) * sizeof(float)), *wbuf = malloc((nw + 1) * sizeof(float));
  float *bbuf = malloc((d->output_channels + 1) * sizeof(float));
  float *obuf = malloc((nout + 2 * GUARD + 16) * sizeof(float));
  double *ref = malloc((nout + 1) * sizeof(double)), *scale = malloc((nout + 1) * sizeof(double));
  unsigned char *padnan = malloc(nout + 1);
  /* the output with its guards: obuf[oshift ..], the output itself GUARD floats in */
  size_t oshift = o->align64 ? (size_t)((64 - ((uintptr_t)(obuf + GUARD) & 63)) & 63) / sizeof(float) : off;
  float *x = xbuf + off, *w = wbuf + off, *b = bbuf + off, *out = obuf + oshift + GUARD;
  for (size_t i = 0; i < nin; i++) x[i] = o->x ? o->x[i] : tc_uniform();
  for (size_t i = 0; i < nw; i++) w[i] = o->w ? o->w[i] : tc_uniform();
  for (size_t i = 0; i < d->output_channels; i++) b[i] = o->b ? o->b[i] : tc_uniform();
  for (size_t i = 0; i < o->nspecials; i++) {
    const tc_special *sp = &o->specials[i];
    float *arr = sp->where == 'x' ? x : sp->where == 'w' ? w : b;
    size_t len = sp->where == 'x' ? nin : sp->where == 'w' ? nw : d->output_channels;
    if (len) arr[sp->index % len] = sp->value;
  }
  const float *bias = o->no_bias ? NULL : b;
  ref_conv2d(d, batch, x, w, bias, ref, scale, padnan);

  /* forced ISAs the host runs, then AUTO */
  float *wcopy = malloc((nw + 1) * sizeof(float)), *bcopy = malloc((d->output_channels + 1) * sizeof(float));
  for (int k = SIMDCONV_ISA_SCALAR; k <= SIMDCONV_ISA_COUNT; k++) {
    simdconv_isa isa = TC_ISA_OR_AUTO(k);
    const char *iname = simdconv_isa_name(isa);
    if (tc_isa_over_cap(isa)) continue; /* SIMDCONV_TEST_MAX_ISA */
    if (!simdconv_isa_available(isa)) {
      simdconv_conv2d_plan *p = NULL;
      tc_checks++;
      if (simdconv_conv2d_create(d, w, bias, isa, &p) != SIMDCONV_UNSUPPORTED_ISA) {
        simdconv_conv2d_destroy(p);
        fail(name, d, batch, iname, "unavailable ISA not refused");
      }
      continue;
    }
    memcpy(wcopy, w, nw * sizeof(float));
    memcpy(bcopy, b, d->output_channels * sizeof(float));
    simdconv_conv2d_plan *p = NULL;
    simdconv_status s = simdconv_conv2d_create(d, wcopy, bias ? bcopy : NULL, isa, &p);
    tc_checks++;
    if (s != SIMDCONV_OK) { fail(name, d, batch, iname, simdconv_status_string(s)); continue; }
    /* the plan owns a copy: scribble over the caller's arrays */
    for (size_t i = 0; i < nw; i++) wcopy[i] = 1e30f;
    for (size_t i = 0; i < d->output_channels; i++) bcopy[i] = -1e30f;
    if (isa != SIMDCONV_ISA_AUTO && simdconv_conv2d_isa(p) != isa) fail(name, d, batch, iname, "plan runs another ISA");
    if (o && o->after_create) o->after_create(p);
    for (size_t i = 0; i < nout + 2 * GUARD; i++) obuf[oshift + i] = canary();
    s = simdconv_conv2d_run(p, batch, x, out);
    tc_checks++;
    if (s != SIMDCONV_OK) { fail(name, d, batch, iname, simdconv_status_string(s)); simdconv_conv2d_destroy(p); continue; }
    for (size_t i = 0; i < GUARD; i++)
      if (!is_canary(obuf[oshift + i]) || !is_canary(out[nout + i])) { fail(name, d, batch, iname, "wrote outside the output"); break; }
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < nout; i++) {
      int ok = ref_agrees(out[i], ref[i], scale[i], padnan[i]);
      if (o->expect && out[i] != o->expect[i]) ok = 0;
      if (!ok && bad++ == 0) first = i;
    }
    tc_checks++;
    if (bad) {
      char msg[160];
      snprintf(msg, sizeof msg, "%zu/%zu elements off, first at %zu: got %.9g want %.9g (scale %.3g)", bad, nout, first,
               out[first], ref[first], scale[first]);
      fail(name, d, batch, iname, msg);
    }
    simdconv_conv2d_destroy(p);
  }
  free(wcopy); free(bcopy);
  free(xbuf); free(wbuf); free(bbuf); free(obuf); free(ref); free(scale); free(padnan);
  return tc_failures - before;
}

int tc_finish(const char *suite) {
  printf("%s: isas:", suite);
  for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++)
    if (simdconv_isa_available((simdconv_isa)i)) printf(" %s", simdconv_isa_name((simdconv_isa)i));
  printf(" (+auto=%s)", simdconv_isa_name(simdconv_best_isa()));
  if (getenv("SIMDCONV_TEST_MAX_ISA") != NULL) printf(" [forced ISAs capped at %s]", getenv("SIMDCONV_TEST_MAX_ISA"));
  printf("\n");
  printf("%ld passed, %ld failed\n", tc_checks - tc_failures, tc_failures);
  return tc_failures ? 1 : 0;
}

/* ---- strided tensors (run_ex tests) ---- */
int tc_same_bits(float a, float b) { return memcmp(&a, &b, sizeof a) == 0; }

tc_tensor tc_tensor_new(size_t n, size_t c, size_t ps, size_t off, float gap) {
  tc_tensor t;
  size_t len = (n ? (n - 1) * ps + c : 0) + off + 16;
  len = (len + 15) / 16 * 16;
  if (posix_memalign((void **)&t.buf, 64, len * sizeof(float)) != 0) abort(); /* off 0: streamed stores */
  for (size_t i = 0; i < len; i++) t.buf[i] = gap;
  t.base = t.buf + off;
  t.n = n;
  t.c = c;
  t.ps = ps;
  return t;
}

float *tc_px(const tc_tensor *t, size_t i) { return t->base + i * t->ps; }

void tc_tensor_fill(tc_tensor *t, const float *dense) {
  for (size_t i = 0; i < t->n; i++) memcpy(tc_px(t, i), dense + i * t->c, t->c * sizeof(float));
}

int tc_tensor_check(const tc_tensor *t, const float *dense, float gap, int nan_equal) {
  for (size_t i = 0; i < t->n; i++)
    for (size_t c = 0; c < t->c; c++) {
      const float a = tc_px(t, i)[c], b = dense[i * t->c + c];
      if (!tc_same_bits(a, b) && !(nan_equal && isnan(a) && isnan(b))) return 0;
    }
  for (size_t i = 0; i + 1 < t->n; i++)
    for (size_t c = t->c; c < t->ps; c++)
      if (!tc_same_bits(tc_px(t, i)[c], gap)) return 0;
  return 1;
}

float tc_act_f(const simdconv_conv2d_desc *d, float v) {
  float lo, hi;
  switch (d->activation) {
    case SIMDCONV_ACTIVATION_RELU: lo = 0; hi = INFINITY; break;
    case SIMDCONV_ACTIVATION_RELU6: lo = 0; hi = 6; break;
    case SIMDCONV_ACTIVATION_CLAMP: lo = d->clamp_min; hi = d->clamp_max; break;
    default: return v;
  }
  v = lo > v ? lo : v;
  return hi < v ? hi : v;
}

static size_t tc_or1(size_t v) { return v ? v : 1; }

void tc_describe(char *buf, size_t n, const simdconv_conv2d_desc *d, size_t batch) {
  snprintf(buf, n, "N%zu %zux%zux%zu->%zu k%zux%zu s%zux%zu d%zux%zu g%zu pad%d(%zu,%zu,%zu,%zu) act%d", batch,
           d->input_height, d->input_width, d->input_channels, d->output_channels, d->kernel_height, d->kernel_width,
           tc_or1(d->stride_height), tc_or1(d->stride_width), tc_or1(d->dilation_height), tc_or1(d->dilation_width),
           tc_or1(d->groups), (int)d->padding, d->pad_top, d->pad_bottom, d->pad_left, d->pad_right, (int)d->activation);
}
