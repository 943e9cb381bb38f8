/* simdconv_conv2d_run_ex: strided channel windows in and out, the fused residual add, pools.
 *
 * For every kernel family (conv, dot, wide tiles, merged corners with zero rows, first layer,
 * explicit padding, 1x1 GEMM incl. deep / strided / grouped / streamed, grouped incl. several groups
 * a vector, depthwise) and
 * every ISA the host runs (forced) and AUTO:
 *   - fp64: y = act(conv + bias + residual) against the independent reference (tests/reference.c);
 *   - fused == unfused, bit for bit: run() of the same layer without activation, then a separate
 *     add + activation pass in float;
 *   - strided == dense, bit for bit: input, output and residual with pixel strides larger than
 *     their channels; the input's gaps hold NaN (a kernel reading them would spread it) and the
 *     output's gaps canaries (never written); unaligned buffers; batch 1-3;
 *   - bases 4, 8 and 12 floats off a 64-byte line, pixels of whole lines (depthwise head blocks,
 *     api.c dw_shift): bit-identical to the aligned dense run;
 *   - residual in place (residual == output), and DenseNet windows (read channels [0, Cin), write
 *     [Cin, Cin + Cout) of one buffer, and the output window before the input's);
 *   - pools of 1-4 threads (when built with pthreadpool; AUTO's plan, its pool_min_batch set to 1
 *     so that the pool's units run however small the layer): bit-identical to the calling thread;
 *   - bad input: strides below the channel count, overlapping windows, NULL pointers: status
 *     INVALID_ARGUMENT and the output untouched.
 * Prints "N passed, M failed". `test_run_ex quick`: the small layers, relu and clamp, no pools (valgrind). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "reference.h"

#include "force_stream.h" /* dispatch/ plan.h: pool_min_batch, the stream flags */

#if defined(SIMDCONV_TEST_POOL)
#  include <pthreadpool.h>
#endif

static const uint32_t CANARY = 0x7FC0DEADu;
static float canary(void) { float f; memcpy(&f, &CANARY, sizeof f); return f; }

typedef struct {
  const char *name;
  size_t h, w, cin, cout, kh, kw, s, g;
  simdconv_padding pad;
  size_t xps; /* the strided input's pixel stride; 0: Cin plus a few floats */
  size_t batch; /* images; 0: 1-3 (by activation) */
  size_t dil;   /* dilation (both axes); 0: 1 */
} family;

#if defined(SIMDCONV_TEST_POOL)
static pthreadpool_t pools[5];
#endif
static int g_quick; /* no pools (valgrind serialises their spinning threads) */

static simdconv_status run_ex(const simdconv_conv2d_plan *p, size_t batch, const tc_tensor *x, tc_tensor *y,
                              const tc_tensor *r, int pool_threads) {
  simdconv_conv2d_io io;
  memset(&io, 0, sizeof io);
  io.input = x->base; io.input_pixel_stride = x->ps;
  io.output = y->base; io.output_pixel_stride = y->ps;
  if (r) { io.residual = r->base; io.residual_pixel_stride = r->ps; }
  struct pthreadpool *pool = NULL;
#if defined(SIMDCONV_TEST_POOL)
  if (pool_threads > 0) pool = pools[pool_threads];
#else
  (void)pool_threads;
#endif
  return simdconv_conv2d_run_ex(p, batch, &io, pool);
}

static void one_case(const family *f, simdconv_activation act, size_t batch, int unaligned) {
  simdconv_conv2d_desc d = tc_desc(f->h, f->w, f->cin, f->cout, f->kh, f->kw, f->pad);
  d.stride_height = d.stride_width = f->s;
  d.dilation_height = d.dilation_width = f->dil ? f->dil : 1;
  d.groups = f->g;
  d.activation = act;
  d.clamp_min = -0.5f; d.clamp_max = 0.75f;
  if (f->pad == SIMDCONV_PADDING_EXPLICIT) { d.pad_top = 2; d.pad_bottom = 1; d.pad_left = 0; d.pad_right = 2; }
  size_t oh, ow, pt, pl;
  if (!ref_output_size(&d, &oh, &ow, &pt, &pl)) { TC_EXPECT(0, "%s: no output", f->name); return; }
  const size_t nin = batch * f->h * f->w, nout = batch * oh * ow, cin = f->cin, cout = f->cout;
  const size_t nw = f->kh * f->kw * (cin / f->g) * cout;
  float *x = malloc(nin * cin * sizeof(float)), *w = malloc(nw * sizeof(float)), *b = malloc(cout * sizeof(float));
  float *r = malloc(nout * cout * sizeof(float)), *dense = malloc(nout * cout * sizeof(float));
  float *lin = malloc(nout * cout * sizeof(float));
  double *ref = malloc(nout * cout * sizeof(double)), *scale = malloc(nout * cout * sizeof(double));
  for (size_t i = 0; i < nin * cin; i++) x[i] = tc_uniform();
  for (size_t i = 0; i < nw; i++) w[i] = tc_uniform();
  for (size_t i = 0; i < cout; i++) b[i] = tc_uniform();
  for (size_t i = 0; i < nout * cout; i++) r[i] = 2 * tc_uniform();
  simdconv_conv2d_desc dlin = d;
  dlin.activation = SIMDCONV_ACTIVATION_NONE;
  ref_conv2d(&dlin, batch, x, w, b, ref, scale, NULL);
  const size_t off = unaligned ? 1 : 0;
  /* strides: gaps of 3-9 floats (odd: pixels off the vector grid); large layers (streamed): an
   * output stride of whole 64-byte lines, so streamed stores stay on */
  const int big = f->h >= 64;
  const size_t xps = f->xps ? f->xps : cin + 3 + 2 * (cin % 3), yps = big ? cout + 16 : cout + 5, rps = cout + 9;

  for (int i = SIMDCONV_ISA_SCALAR; i <= SIMDCONV_ISA_COUNT; i++) {
    const simdconv_isa isa = TC_ISA_OR_AUTO(i);
    if (!simdconv_isa_available(isa)) continue;
    const char *iname = simdconv_isa_name(isa);
    simdconv_conv2d_plan *p = NULL, *plin = NULL;
    if (simdconv_conv2d_create(&d, w, b, isa, &p) != SIMDCONV_OK ||
        simdconv_conv2d_create(&dlin, w, b, isa, &plin) != SIMDCONV_OK) {
      TC_EXPECT(0, "%s [%s]: create failed", f->name, iname);
      simdconv_conv2d_destroy(p);
      continue;
    }
    /* families of >= 64 rows stream their stores as past the threshold (force_stream.h) */
    if (big) tc_force_stream(p, 0);
    /* 1. dense run_ex with a residual, against fp64 and against run() + a separate pass */
    tc_tensor xd = tc_tensor_new(nin, cin, cin, off, 0), yd = tc_tensor_new(nout, cout, cout, off, canary());
    tc_tensor rd = tc_tensor_new(nout, cout, cout, off, 0);
    tc_tensor_fill(&xd, x); tc_tensor_fill(&rd, r);
    TC_EXPECT(run_ex(p, batch, &xd, &yd, &rd, 0) == SIMDCONV_OK, "%s [%s]: dense run_ex", f->name, iname);
    memcpy(dense, yd.base, nout * cout * sizeof(float));
    size_t bad = 0;
    for (size_t e = 0; e < nout * cout; e++) {
      double want = ref_activate(&d, ref[e] + (double)r[e]);
      if (!ref_agrees(dense[e], want, scale[e] + fabs((double)r[e]), 0)) bad++;
    }
    TC_EXPECT(bad == 0, "%s [%s] act%d N%zu: %zu outputs off the fp64 reference", f->name, iname, (int)act, batch, bad);
    TC_EXPECT(simdconv_conv2d_run(plin, batch, x, lin) == SIMDCONV_OK, "%s [%s]: run", f->name, iname);
    bad = 0;
    for (size_t e = 0; e < nout * cout; e++)
      if (!tc_same_bits(dense[e], tc_act_f(&d, lin[e] + r[e]))) bad++;
    TC_EXPECT(bad == 0, "%s [%s] act%d: fused residual differs from run + add + act in %zu outputs", f->name, iname,
              (int)act, bad);
    /* 1b. image by image (batch 1 each): bit-identical to the batch's run (tiles of GEMM plans
     * that cross image boundaries in batches, api.c tiling_flat, included) */
    bad = 0;
    for (size_t n = 0; n < batch && batch > 1; n++) {
      const size_t po = oh * ow * n;
      simdconv_conv2d_io io1 = {xd.base + f->h * f->w * n * cin, 0, lin, 0, rd.base + po * cout, 0};
      TC_EXPECT(simdconv_conv2d_run_ex(p, 1, &io1, NULL) == SIMDCONV_OK, "%s [%s]: run_ex of one image", f->name, iname);
      for (size_t e = 0; e < oh * ow * cout; e++)
        if (!tc_same_bits(lin[e], dense[po * cout + e])) bad++;
    }
    TC_EXPECT(bad == 0, "%s [%s] N%zu: image by image differs from the batch in %zu outputs", f->name, iname, batch, bad);

    /* 2a. the plan's preferred input stride (simdconv_conv2d_input_pixel_stride): Cin or Cin + 16,
     * and a run on it (NaN gaps) bit-identical to the dense one */
    const size_t pps = simdconv_conv2d_input_pixel_stride(p);
    TC_EXPECT(pps == cin || pps == cin + 16, "%s [%s]: preferred input stride %zu for %zu channels", f->name, iname,
              pps, cin);
    if (pps != cin) {
      tc_tensor xp = tc_tensor_new(nin, cin, pps, off, NAN), yp = tc_tensor_new(nout, cout, cout, off, canary());
      tc_tensor_fill(&xp, x);
      TC_EXPECT(run_ex(p, batch, &xp, &yp, &rd, 0) == SIMDCONV_OK, "%s [%s]: run_ex on the preferred stride", f->name,
                iname);
      TC_EXPECT(tc_tensor_check(&yp, dense, canary(), 0), "%s [%s]: run on the preferred input stride %zu differs from dense",
                f->name, iname, pps);
      free(xp.buf); free(yp.buf);
    }

    /* 2b. bases a 16-byte granule off a 64-byte line (malloc's large blocks), pixel strides of
     * whole lines (dense where Cin is): every pixel shares the offset, so depthwise plans run the
     * channels before the next vector boundary as a short block and the rest from weights packed
     * again (api.c dw_shift); the output at the same offset, then at the next granule */
    const size_t xg = (cin + 15) / 16 * 16;
    for (size_t o = 4; o < 16; o += 4) {
      for (size_t yo = o; yo <= o + 4; yo += 4) {
        tc_tensor xo = tc_tensor_new(nin, cin, xg, o, NAN), yo_t = tc_tensor_new(nout, cout, cout, yo % 16, canary());
        tc_tensor ro = tc_tensor_new(nout, cout, cout, o, NAN);
        tc_tensor_fill(&xo, x); tc_tensor_fill(&ro, r);
        TC_EXPECT(run_ex(p, batch, &xo, &yo_t, &ro, 0) == SIMDCONV_OK, "%s [%s]: run_ex off a line", f->name, iname);
        TC_EXPECT(tc_tensor_check(&yo_t, dense, canary(), 0),
                  "%s [%s] act%d N%zu: input %zu floats off a line (stride %zu), output %zu: differs from dense",
                  f->name, iname, (int)act, batch, o, xg, yo % 16);
        free(xo.buf); free(yo_t.buf); free(ro.buf);
      }
    }

    /* 2. strided input (NaN gaps), output (canary gaps), residual (NaN gaps) */
    tc_tensor xs = tc_tensor_new(nin, cin, xps, off, NAN), ys = tc_tensor_new(nout, cout, yps, off, canary());
    tc_tensor rs = tc_tensor_new(nout, cout, rps, off, NAN);
    tc_tensor_fill(&xs, x); tc_tensor_fill(&rs, r);
    TC_EXPECT(run_ex(p, batch, &xs, &ys, &rs, 0) == SIMDCONV_OK, "%s [%s]: strided run_ex", f->name, iname);
    TC_EXPECT(tc_tensor_check(&ys, dense, canary(), 0), "%s [%s] act%d N%zu: strided output differs from dense (or a gap was written)",
              f->name, iname, (int)act, batch);

    /* 3. in place: residual == output (strided) */
    tc_tensor yi = tc_tensor_new(nout, cout, yps, off, canary());
    tc_tensor_fill(&yi, r);
    TC_EXPECT(run_ex(p, batch, &xs, &yi, &yi, 0) == SIMDCONV_OK, "%s [%s]: in-place run_ex", f->name, iname);
    TC_EXPECT(tc_tensor_check(&yi, dense, canary(), 0), "%s [%s]: in-place residual differs from dense", f->name, iname);

    /* 4. pools of 1-4 threads: bit-identical */
#if defined(SIMDCONV_TEST_POOL)
    /* the units and their order do not depend on the ISA: AUTO's plan on every pool size */
    p->pool_min_batch = 1; /* small runs stay on the calling thread otherwise (select.c) */
    for (int th = 1; th <= (g_quick || isa != SIMDCONV_ISA_AUTO ? 0 : 4); th++) {
      tc_tensor yp = tc_tensor_new(nout, cout, yps, off, canary());
      TC_EXPECT(run_ex(p, batch, &xs, &yp, &rs, th) == SIMDCONV_OK, "%s [%s]: pool run_ex", f->name, iname);
      TC_EXPECT(tc_tensor_check(&yp, dense, canary(), 0), "%s [%s]: %d-thread pool differs", f->name, iname, th);
      free(yp.buf);
    }
#endif
    free(xd.buf); free(yd.buf); free(rd.buf); free(xs.buf); free(ys.buf); free(rs.buf); free(yi.buf);
    simdconv_conv2d_destroy(p);
    simdconv_conv2d_destroy(plin);
  }
  free(x); free(w); free(b); free(r); free(dense); free(lin); free(ref); free(scale);
}

/* DenseNet windows: one buffer of stride S holds the input channels and the output channels of a
 * SAME stride-1 layer; the output window after the input's, then before it. */
static void densenet(void) {
  const size_t H = 7, W = 9, cin = 12, cout = 8, extra = 3, S = cin + cout + extra;
  simdconv_conv2d_desc d = tc_desc(H, W, cin, cout, 3, 3, SIMDCONV_PADDING_SAME);
  d.activation = SIMDCONV_ACTIVATION_RELU;
  const size_t n = H * W, nw = 9 * cin * cout;
  float *x = malloc(n * cin * sizeof(float)), *w = malloc(nw * sizeof(float)), *b = malloc(cout * sizeof(float));
  float *want = malloc(n * cout * sizeof(float)), *buf = malloc((n * S + 8) * sizeof(float));
  for (size_t i = 0; i < n * cin; i++) x[i] = tc_uniform();
  for (size_t i = 0; i < nw; i++) w[i] = tc_uniform();
  for (size_t i = 0; i < cout; i++) b[i] = tc_uniform();
  for (int i = SIMDCONV_ISA_SCALAR; i <= SIMDCONV_ISA_COUNT; i++) {
    const simdconv_isa isa = TC_ISA_OR_AUTO(i);
    if (!simdconv_isa_available(isa)) continue;
    const char *iname = simdconv_isa_name(isa);
    simdconv_conv2d_plan *p = NULL;
    if (simdconv_conv2d_create(&d, w, b, isa, &p) != SIMDCONV_OK) { TC_EXPECT(0, "densenet create"); continue; }
    TC_EXPECT(simdconv_conv2d_run(p, 1, x, want) == SIMDCONV_OK, "densenet [%s]: dense run", iname);
    for (int order = 0; order < 2; order++) {
      /* order 0: input [0, cin), output [cin, cin + cout); order 1: output [0, cout), input [cout, ...) */
      const size_t xoff = order ? cout : 0, yoff = order ? 0 : cin;
      for (size_t i = 0; i < n * S + 8; i++) buf[i] = canary();
      for (size_t p2 = 0; p2 < n; p2++) memcpy(buf + p2 * S + xoff, x + p2 * cin, cin * sizeof(float));
      simdconv_conv2d_io io = {buf + xoff, S, buf + yoff, S, NULL, 0};
      TC_EXPECT(simdconv_conv2d_run_ex(p, 1, &io, NULL) == SIMDCONV_OK, "densenet [%s] order %d: refused", iname, order);
      int ok = 1;
      for (size_t p2 = 0; p2 < n; p2++) {
        for (size_t c = 0; c < cin; c++) ok &= tc_same_bits(buf[p2 * S + xoff + c], x[p2 * cin + c]);
        for (size_t c = 0; c < cout; c++) ok &= tc_same_bits(buf[p2 * S + yoff + c], want[p2 * cout + c]);
        for (size_t c = cin + cout; c < S; c++) ok &= tc_same_bits(buf[p2 * S + c], canary());
      }
      TC_EXPECT(ok, "densenet [%s] order %d: windows differ from the dense run or a gap was written", iname, order);
      /* overlapping windows: output channels [cin - 1, ...) share a channel with the input */
      if (order == 0) {
        float before = buf[cin - 1];
        simdconv_conv2d_io bad = {buf, S, buf + cin - 1, S, NULL, 0};
        TC_EXPECT(simdconv_conv2d_run_ex(p, 1, &bad, NULL) == SIMDCONV_INVALID_ARGUMENT,
                  "densenet [%s]: overlapping windows accepted", iname);
        TC_EXPECT(tc_same_bits(buf[cin - 1], before), "densenet [%s]: a refused run wrote", iname);
        /* equal windows but different strides */
        simdconv_conv2d_io bad2 = {buf, S, buf + cin, S + 1, NULL, 0};
        TC_EXPECT(simdconv_conv2d_run_ex(p, 1, &bad2, NULL) == SIMDCONV_INVALID_ARGUMENT,
                  "densenet [%s]: windows of different strides accepted", iname);
      }
    }
    simdconv_conv2d_destroy(p);
  }
  free(x); free(w); free(b); free(want); free(buf);
}

/* Bad input: each refused with INVALID_ARGUMENT, the output untouched. */
static void bad_input(void) {
  simdconv_conv2d_desc d = tc_desc(6, 5, 8, 12, 3, 3, SIMDCONV_PADDING_SAME);
  float w[3 * 3 * 8 * 12];
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) w[i] = tc_uniform();
  simdconv_conv2d_plan *p = NULL;
  TC_EXPECT(simdconv_conv2d_create(&d, w, NULL, SIMDCONV_ISA_AUTO, &p) == SIMDCONV_OK, "create");
  const size_t n = 30;
  float *x = malloc(n * 16 * sizeof(float)), *y = malloc((n * 20 + 40) * sizeof(float));
  float *r = malloc(n * 20 * sizeof(float));
  for (size_t i = 0; i < n * 16; i++) x[i] = tc_uniform();
  for (size_t i = 0; i < n * 20; i++) r[i] = tc_uniform();
  for (size_t i = 0; i < n * 20 + 40; i++) y[i] = canary();
  const struct { const char *what; simdconv_conv2d_io io; } cases[] = {
      {"input stride < Cin", {x, 7, y, 0, NULL, 0}},
      {"output stride < Cout", {x, 0, y, 11, NULL, 0}},
      {"residual stride < Cout", {x, 0, y, 0, r, 5}},
      {"NULL input", {NULL, 0, y, 0, NULL, 0}},
      {"NULL output", {x, 0, NULL, 0, NULL, 0}},
      {"input overlaps output", {y + 4, 16, y, 16, NULL, 0}},
      {"output window inside the input's channels", {y, 16, y + 4, 16, NULL, 0}},
      {"residual overlaps the output, shifted", {x, 0, y, 20, y + 1, 20}},
      {"residual aliases the output with another stride", {x, 0, y, 20, y, 24}},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    TC_EXPECT(simdconv_conv2d_run_ex(p, 1, &cases[i].io, NULL) == SIMDCONV_INVALID_ARGUMENT, "%s: accepted",
              cases[i].what);
    int untouched = 1;
    for (size_t k = 0; k < n * 20 + 40; k++) untouched &= tc_same_bits(y[k], canary());
    TC_EXPECT(untouched, "%s: output written", cases[i].what);
  }
  simdconv_conv2d_io ok = {x, 16, y, 20, r, 20};
  TC_EXPECT(simdconv_conv2d_run_ex(NULL, 1, &ok, NULL) == SIMDCONV_INVALID_ARGUMENT, "NULL plan accepted");
  TC_EXPECT(simdconv_conv2d_run_ex(p, 1, NULL, NULL) == SIMDCONV_INVALID_ARGUMENT, "NULL io accepted");
  TC_EXPECT(simdconv_conv2d_run_ex(p, 0, &ok, NULL) == SIMDCONV_OK, "batch 0 refused");
  int untouched = 1;
  for (size_t k = 0; k < n * 20 + 40; k++) untouched &= tc_same_bits(y[k], canary());
  TC_EXPECT(untouched, "NULL plan / io / batch 0: output written");
  TC_EXPECT(simdconv_conv2d_run_ex(p, 1, &ok, NULL) == SIMDCONV_OK, "a valid strided run refused");
  simdconv_conv2d_destroy(p);
  free(x); free(y); free(r);
}

/* argv[1] == "quick": the small layers with two activations only (for valgrind) */
int main(int argc, char **argv) {
  const int quick = g_quick = argc > 1 && strcmp(argv[1], "quick") == 0;
  tc_seed(20261202);
#if defined(SIMDCONV_TEST_POOL)
  for (int t = 1; t <= 4; t++) pools[t] = pthreadpool_create((size_t)t);
#endif
  static const family fam[] = {
      {"conv", 9, 11, 19, 37, 3, 3, 1, 1, SIMDCONV_PADDING_SAME},
      {"conv-dot-corners", 7, 7, 64, 18, 3, 3, 1, 1, SIMDCONV_PADDING_SAME}, /* merged corners: zero rows */
      {"corners-5x5", 9, 11, 12, 70, 5, 5, 1, 1, SIMDCONV_PADDING_SAME},     /* two tiny rows at each end */
      {"conv-wide", 6, 7, 120, 70, 3, 3, 1, 1, SIMDCONV_PADDING_SAME},
      {"dot-few-out", 9, 10, 32, 3, 3, 3, 1, 1, SIMDCONV_PADDING_SAME},      /* AVX2 / AVX-512 dot tiles */
      {"dot-10-out", 7, 8, 48, 10, 3, 3, 1, 1, SIMDCONV_PADDING_SAME},       /* blocks of 4, 4 and 2 */
      {"dot-1x1", 8, 9, 64, 2, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
      {"first-layer", 30, 28, 3, 24, 7, 7, 2, 1, SIMDCONV_PADDING_SAME},
      {"explicit", 6, 5, 5, 19, 3, 4, 1, 1, SIMDCONV_PADDING_EXPLICIT},
      {"gemm", 7, 5, 64, 200, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
      {"gemm-deep", 5, 6, 300, 70, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
      {"gemm-s2", 9, 8, 24, 40, 1, 1, 2, 1, SIMDCONV_PADDING_VALID},
      {"gemm-groups", 7, 9, 48, 70, 1, 1, 1, 2, SIMDCONV_PADDING_VALID},
      /* 48 KiB of weights, past L1d, in blocks within half of it: where DEFAULT takes 4x64 tiles
       * (AVX-512 on AMD Zen 5) their tiles run in groups, block by block (select.c
       * gemm_group_tiles), the last group short */
      {"gemm-tile-groups", 20, 21, 48, 256, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
      /* 5.2 MB of output: streamed (force_stream.h, as past the library's LLC threshold; and,
       * where the CPU's class says so, beside a separate residual), as every family of >= 64 rows */
      {"gemm-streamed", 128, 128, 8, 80, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
      /* 1.2 MB of weights, past half of any L2 here: several block ranges per group */
      {"gemm-ranges", 3, 4, 1100, 264, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
      /* images of fewer pixels than two tiles: batches run as stacks of images whose tiles cross
       * image boundaries (select.c flat_images), whole stacks and a last one cut short */
      {"gemm-1x1-maps", 1, 1, 40, 56, 1, 1, 1, 1, SIMDCONV_PADDING_VALID, 0, 13},
      {"gemm-1x1-maps-deep", 1, 1, 300, 24, 1, 1, 1, 1, SIMDCONV_PADDING_VALID, 0, 9},
      {"gemm-2x3-maps", 2, 3, 24, 40, 1, 1, 1, 1, SIMDCONV_PADDING_VALID, 0, 7},
      {"gemm-s2-small-maps", 4, 3, 32, 48, 1, 1, 2, 1, SIMDCONV_PADDING_VALID, 0, 5},
      {"gemm-s2-odd-maps", 3, 3, 32, 48, 1, 1, 2, 1, SIMDCONV_PADDING_VALID, 0, 5}, /* image by image */
      {"gemm-groups-1x1-maps", 1, 1, 32, 48, 1, 1, 1, 2, SIMDCONV_PADDING_VALID, 0, 11},
      {"grouped", 7, 6, 16, 24, 3, 3, 1, 2, SIMDCONV_PADDING_SAME},
      /* 4 channels a group, 9 groups: grouped tiles (several groups a vector), a part-filled last block */
      {"grouped-4", 8, 7, 36, 36, 3, 3, 1, 9, SIMDCONV_PADDING_SAME},
      {"grouped-2-s2", 9, 8, 14, 14, 3, 3, 2, 7, SIMDCONV_PADDING_SAME},
      /* rows of whole-row windows (select.c grp_windows_pay), 8 and 4 channels a group, 5 groups:
       * a part-filled last block */
      {"grouped-8-rows", 6, 13, 40, 40, 3, 3, 1, 5, SIMDCONV_PADDING_SAME},
      {"grouped-4-rows", 5, 17, 20, 20, 3, 3, 1, 5, SIMDCONV_PADDING_SAME},
      {"depthwise", 9, 8, 17, 17, 3, 3, 1, 17, SIMDCONV_PADDING_SAME},
      {"depthwise-s2", 9, 8, 40, 40, 3, 3, 2, 40, SIMDCONV_PADDING_SAME},
      {"depthwise-m2", 8, 7, 8, 16, 5, 5, 1, 8, SIMDCONV_PADDING_SAME},
      /* whole-row sliding windows (5x5 strides 1 and 2, 7x7), channel tails */
      {"depthwise-5x5", 9, 8, 40, 40, 5, 5, 1, 40, SIMDCONV_PADDING_SAME},
      {"depthwise-5x5-s2", 11, 9, 33, 33, 5, 5, 2, 33, SIMDCONV_PADDING_SAME},
      {"depthwise-7x7", 8, 9, 24, 24, 7, 7, 1, 24, SIMDCONV_PADDING_SAME},
      /* C % 32 == 16 on rows of >= 24 pixels: AVX-512's 12x16 windows (select.c dw_tile), every block full */
      {"depthwise-5x5-c48", 5, 26, 48, 48, 5, 5, 1, 48, SIMDCONV_PADDING_SAME},
      {"depthwise-5x5-s2-c48", 6, 51, 48, 48, 5, 5, 2, 48, SIMDCONV_PADDING_SAME},
      {"depthwise-7x7-c80", 4, 27, 80, 80, 7, 7, 1, 80, SIMDCONV_PADDING_SAME},
      {"depthwise-streamed", 64, 64, 64, 64, 3, 3, 1, 64, SIMDCONV_PADDING_SAME},
      /* 8.4 MB of input and output, from 4 x any L2 here: a job walks all channel blocks (whole
       * pixels; select.c dw_whole_pixel_bytes), and streams beside a separate residual where
       * the CPU's class does */
      {"depthwise-whole-pixels", 128, 128, 128, 128, 3, 3, 1, 128, SIMDCONV_PADDING_SAME},
      /* more channel blocks than one depthwise job walks per tile: several block ranges */
      {"depthwise-ranges", 5, 6, 1100, 1100, 3, 3, 1, 1100, SIMDCONV_PADDING_SAME},
      /* channel windows of pixels of 1024 floats (whole L1d ways): the jobs copy their channels of
       * the input rows into a band (select.c sc_dw_band_stride), a part-filled block; dense runs
       * of 1024 channels likewise, several block ranges */
      {"depthwise-band", 9, 8, 40, 40, 3, 3, 1, 40, SIMDCONV_PADDING_SAME, 1024},
      {"depthwise-band-s2", 9, 10, 72, 72, 3, 3, 2, 72, SIMDCONV_PADDING_SAME, 2048},
      {"depthwise-band-5x5", 8, 7, 24, 24, 5, 5, 1, 24, SIMDCONV_PADDING_SAME, 1024},
      {"depthwise-band-tall", 30, 12, 40, 40, 3, 3, 1, 40, SIMDCONV_PADDING_SAME, 1024}, /* past the band's rows */
      /* rows of tiles reading more than half of any L1d here: on AVX-512 the plan's tiles in column
       * strips (select.c dw_strips), which a run on the calling thread takes without a band, a
       * pool's run in raster order with one */
      {"depthwise-band-strips", 7, 48, 64, 64, 3, 3, 1, 64, SIMDCONV_PADDING_SAME, 1024},
      {"depthwise-1024", 6, 7, 1024, 1024, 3, 3, 1, 1024, SIMDCONV_PADDING_SAME},
      /* dilated: windows over each residue class of a row's columns (tiles.c; AVX-512: whole rows,
       * 3x3 and 5x5; elsewhere runs of 3 real taps), channel tails, explicit padding */
      {"depthwise-dilated-2", 9, 13, 40, 40, 3, 3, 1, 40, SIMDCONV_PADDING_SAME, 0, 0, 2},
      {"depthwise-dilated-3", 10, 14, 33, 33, 3, 3, 1, 33, SIMDCONV_PADDING_SAME, 0, 0, 3},
      {"depthwise-dilated-5x5", 11, 12, 48, 48, 5, 5, 1, 48, SIMDCONV_PADDING_SAME, 0, 0, 2},
      {"depthwise-dilated-explicit", 9, 15, 24, 24, 3, 3, 1, 24, SIMDCONV_PADDING_EXPLICIT, 0, 0, 2},
      {"depthwise-dilated-7x7", 15, 16, 16, 16, 7, 7, 1, 16, SIMDCONV_PADDING_SAME, 0, 0, 2},
      /* pixels 512 bytes apart at stride 2, 1 KiB at stride 1: the plans prefer a padded input
       * stride (select.c sc_input_stride), which run 2a takes */
      {"depthwise-s2-c128", 7, 23, 128, 128, 3, 3, 2, 128, SIMDCONV_PADDING_SAME},
      {"depthwise-c256", 5, 13, 256, 256, 3, 3, 1, 256, SIMDCONV_PADDING_SAME},
  };
  for (size_t i = 0; i < sizeof fam / sizeof fam[0]; i++) {
    const int big = fam[i].h >= 64;
    if (big && quick) continue;
    for (int act = 0; act <= 3; act++) {
      if ((big || quick) && act != SIMDCONV_ACTIVATION_RELU && !(quick && act == SIMDCONV_ACTIVATION_CLAMP)) continue;
      one_case(&fam[i], (simdconv_activation)act, fam[i].batch ? fam[i].batch : big ? 1 : 1 + (size_t)act % 3,
               big ? 0 : act % 2);
    }
  }
  densenet();
  bad_input();
#if defined(SIMDCONV_TEST_POOL)
  for (int t = 1; t <= 4; t++) pthreadpool_destroy(pools[t]);
#endif
  return tc_finish("run_ex");
}
