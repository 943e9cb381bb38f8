/* Correctness suites, each a CTest test: `test_conv <suite>`. Every case runs on every ISA the
 * host has (forced) and on AUTO, against the fp64 reference (tests/reference.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "force_stream.h"
#include "harness.h"

/* Plans streamed as past the library's threshold (the LLC; force_stream.h), where the row and the
 * channels allow */
static void stream_plan(simdconv_conv2d_plan *p) { tc_force_stream(p, 0); }

/* A layer whose output takes the streamed-store path: batch 2 with the output 64-byte aligned
 * (streamed; the second image aligned too), then batch 1 offset by one float (not). */
static void streamed(const char *name, const char *name_unaligned, const simdconv_conv2d_desc *d) {
  tc_opts aligned = {0}, unaligned = {0};
  aligned.align64 = 1;
  unaligned.unaligned = 1;
  aligned.after_create = unaligned.after_create = stream_plan;
  tc_run(name, d, 2, &aligned);
  tc_run(name_unaligned, d, 1, &unaligned);
}

static void keras(void) {
  /* 3x3 RGB (R=1, G=100, B=10000), 2x2 kernel of ones, 1 filter, relu: every output 40404 */
  float x[27], w[12], b[1] = {0}, expect[4] = {40404, 40404, 40404, 40404};
  for (int p = 0; p < 9; p++) { x[3 * p] = 1; x[3 * p + 1] = 100; x[3 * p + 2] = 10000; }
  for (int i = 0; i < 12; i++) w[i] = 1;
  simdconv_conv2d_desc d = tc_desc(3, 3, 3, 1, 2, 2, SIMDCONV_PADDING_VALID);
  d.activation = SIMDCONV_ACTIVATION_RELU;
  tc_opts o = {0};
  o.x = x; o.w = w; o.b = b; o.expect = expect;
  tc_run("keras", &d, 1, &o);
  o.b = NULL; o.no_bias = 1;
  tc_run("keras-nobias", &d, 1, &o);
}

static void channels(void) {
  static const size_t cs[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129};
  const size_t n = sizeof cs / sizeof cs[0];
  for (size_t i = 0; i < n; i++) {
    /* Cout sweep with a small Cin, Cin sweep with a small Cout, and 1x1 (GEMM-like) */
    simdconv_conv2d_desc d = tc_desc(5, 6, 3, cs[i], 3, 3, SIMDCONV_PADDING_SAME);
    tc_run("cout", &d, 1, NULL);
    d = tc_desc(4, 5, cs[i], 5, 3, 3, SIMDCONV_PADDING_SAME);
    tc_run("cin", &d, 1, NULL);
    d = tc_desc(3, 7, cs[i], cs[n - 1 - i], 1, 1, SIMDCONV_PADDING_VALID);
    tc_run("1x1", &d, 1, NULL);
    d = tc_desc(6, 6, cs[i], cs[i], 3, 3, SIMDCONV_PADDING_SAME);
    d.groups = cs[i];
    tc_run("depthwise", &d, 1, NULL);
  }
}

static void shapes(void) {
  simdconv_conv2d_desc d;
  /* 1-pixel-wide and tall images */
  d = tc_desc(1, 17, 4, 9, 1, 3, SIMDCONV_PADDING_SAME); tc_run("row", &d, 1, NULL);
  d = tc_desc(19, 1, 4, 9, 3, 1, SIMDCONV_PADDING_SAME); tc_run("column", &d, 1, NULL);
  d = tc_desc(1, 1, 7, 20, 3, 3, SIMDCONV_PADDING_SAME); tc_run("pixel-same", &d, 1, NULL);
  d = tc_desc(1, 1, 7, 20, 1, 1, SIMDCONV_PADDING_VALID); tc_run("pixel-1x1", &d, 1, NULL);
  d = tc_desc(40, 1, 3, 33, 5, 1, SIMDCONV_PADDING_VALID); tc_run("tall", &d, 2, NULL);
  /* kernels as large as the input */
  d = tc_desc(5, 4, 6, 10, 5, 4, SIMDCONV_PADDING_VALID); tc_run("full-kernel-valid", &d, 1, NULL);
  d = tc_desc(5, 4, 6, 10, 5, 4, SIMDCONV_PADDING_SAME); tc_run("full-kernel-same", &d, 1, NULL);
  d = tc_desc(3, 3, 2, 4, 7, 7, SIMDCONV_PADDING_SAME); tc_run("kernel-bigger-same", &d, 1, NULL);
  /* strides 1..3 with even and odd kernels under SAME and VALID; dilation 2..3 */
  for (size_t s = 1; s <= 3; s++)
    for (size_t k = 1; k <= 4; k++)
      for (size_t dil = 1; dil <= 3; dil++)
        for (int pad = 0; pad <= 1; pad++) {
          d = tc_desc(11, 9, 5, 18, k, k + (k % 2), pad ? SIMDCONV_PADDING_SAME : SIMDCONV_PADDING_VALID);
          d.stride_height = s; d.stride_width = 4 - s > 1 ? 4 - s : s;
          d.dilation_height = dil; d.dilation_width = 4 - dil;
          tc_run("stride-dilation", &d, 1, NULL);
        }
  /* larger maps on every tile/border class */
  d = tc_desc(23, 29, 16, 40, 3, 3, SIMDCONV_PADDING_SAME); tc_run("map", &d, 1, NULL);
  d = tc_desc(30, 30, 3, 24, 7, 7, SIMDCONV_PADDING_SAME); d.stride_height = d.stride_width = 2;
  tc_run("conv1-like", &d, 1, NULL);
}

static void padding(void) {
  simdconv_conv2d_desc d;
  /* explicit, asymmetric, larger than the kernel (pixels with no real tap: bias only) */
  size_t pads[][4] = {{0, 0, 0, 0}, {1, 0, 0, 2}, {0, 3, 2, 0}, {4, 5, 6, 3}, {7, 0, 0, 7}, {2, 2, 2, 2}};
  for (size_t i = 0; i < sizeof pads / sizeof pads[0]; i++)
    for (size_t k = 1; k <= 3; k++) {
      d = tc_desc(6, 5, 5, 19, k, k + 1, SIMDCONV_PADDING_EXPLICIT);
      d.pad_top = pads[i][0]; d.pad_bottom = pads[i][1]; d.pad_left = pads[i][2]; d.pad_right = pads[i][3];
      tc_run("explicit", &d, 1, NULL);
      d.stride_height = 2; d.stride_width = 3; d.dilation_height = 2;
      d.activation = SIMDCONV_ACTIVATION_RELU;
      tc_run("explicit-strided", &d, 2, NULL);
    }
  /* VALID with input smaller than the dilated kernel: refused */
  d = tc_desc(4, 4, 3, 3, 3, 3, SIMDCONV_PADDING_VALID); d.dilation_height = 2; tc_run("valid-too-small", &d, 1, NULL);
  d = tc_desc(2, 2, 3, 3, 4, 4, SIMDCONV_PADDING_EXPLICIT); d.pad_top = 1; tc_run("explicit-too-small", &d, 1, NULL);
}

static void groups(void) {
  static const size_t gs[] = {2, 4};
  for (size_t i = 0; i < 2; i++) {
    simdconv_conv2d_desc d = tc_desc(7, 6, 8 * gs[i], 12 * gs[i], 3, 3, SIMDCONV_PADDING_SAME);
    d.groups = gs[i];
    tc_run("groups", &d, 2, NULL);
    d = tc_desc(5, 5, 4 * gs[i], 36 * gs[i], 2, 3, SIMDCONV_PADDING_VALID);
    d.groups = gs[i]; d.stride_width = 2; d.dilation_height = 2;
    tc_run("groups-strided", &d, 1, NULL);
  }
  /* ResNeXt-style groups of C = 2, 4, 8 channels in and out (grouped tiles, several groups a
   * vector where an ISA has them), 9 groups: a part-filled last block */
  for (size_t c = 2; c <= 8; c *= 2) {
    simdconv_conv2d_desc d = tc_desc(6, 7, 9 * c, 9 * c, 3, 3, SIMDCONV_PADDING_SAME);
    d.groups = 9;
    tc_run("groups-small", &d, 2, NULL);
    d.stride_height = d.stride_width = 2;
    tc_run("groups-small-s2", &d, 1, NULL);
  }
  /* depthwise, multiplier 1 and 2, strides and dilation, odd channel counts */
  static const size_t cs[] = {1, 3, 8, 17, 32, 40, 67};
  for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
    for (size_t mult = 1; mult <= 2; mult++) {
      simdconv_conv2d_desc d = tc_desc(9, 8, cs[i], cs[i] * mult, 3, 3, SIMDCONV_PADDING_SAME);
      d.groups = cs[i];
      tc_run("depthwise", &d, 1, NULL);
      d.stride_height = d.stride_width = 2; d.activation = SIMDCONV_ACTIVATION_RELU6;
      tc_run("depthwise-s2", &d, 2, NULL);
      d = tc_desc(10, 7, cs[i], cs[i] * mult, 5, 3, SIMDCONV_PADDING_EXPLICIT);
      d.groups = cs[i]; d.dilation_height = 2; d.pad_top = 3; d.pad_bottom = 1; d.pad_left = 0; d.pad_right = 4;
      tc_run("depthwise-dilated", &d, 1, NULL);
    }
  }
  /* pixel strides of whole L1d ways (1024, 2048 channels): jobs read their input rows through a
   * band on the stack (select.c sc_dw_band_stride; test_select lists which): strides 1 and 2
   * (stride 2 only on the rows with whole-row 3-wide windows), 5x5 dilated (a band of 9-row
   * spans), 7x7, batch 2, several block ranges per image; 24-25 rows of 12 pixels: more rows than
   * the band holds (the rows still needed move to its front) */
  static const struct { size_t h, w, c, k, s, dil, n; } band[] = {
      {7, 7, 1024, 3, 1, 1, 2}, {9, 8, 1024, 3, 2, 1, 1}, {10, 7, 1024, 5, 1, 2, 1}, {7, 9, 1024, 7, 1, 1, 1},
      {5, 6, 2048, 3, 1, 1, 1}, {24, 12, 1024, 3, 1, 1, 1}, {25, 12, 1024, 3, 2, 1, 1}};
  for (size_t i = 0; i < sizeof band / sizeof band[0]; i++) {
    simdconv_conv2d_desc d = tc_desc(band[i].h, band[i].w, band[i].c, band[i].c, band[i].k, band[i].k,
                                     SIMDCONV_PADDING_SAME);
    d.groups = band[i].c; d.stride_height = d.stride_width = band[i].s; d.dilation_height = band[i].dil;
    d.activation = SIMDCONV_ACTIVATION_RELU;
    tc_run("depthwise-band", &d, band[i].n, NULL);
  }
  /* depthwise outputs streamed (non-temporal stores, as past the threshold) where the output is
   * 64-byte aligned and channels % 16 == 0; full blocks streamed, a 16-channel tail block not;
   * the window and the generic (stride 2) kernels; batch 2 (the second image aligned too) */
  static const struct { size_t h, w, c, s; } big[] = {{64, 64, 64, 1}, {80, 70, 48, 1}, {150, 150, 48, 2}};
  for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
    simdconv_conv2d_desc d = tc_desc(big[i].h, big[i].w, big[i].c, big[i].c, 3, 3, SIMDCONV_PADDING_SAME);
    d.groups = big[i].c; d.stride_height = d.stride_width = big[i].s; d.activation = SIMDCONV_ACTIVATION_RELU6;
    streamed("depthwise-streamed", "depthwise-streamed-unaligned", &d);
  }
}

static void batch_act(void) {
  for (size_t n = 1; n <= 5; n++) {
    simdconv_conv2d_desc d = tc_desc(6, 7, 9, 21, 3, 3, SIMDCONV_PADDING_SAME);
    tc_run("batch", &d, n, NULL);
    d.groups = 3; d.stride_width = 2;
    tc_run("batch-groups", &d, n, NULL);
    d = tc_desc(5, 5, 16, 16, 3, 3, SIMDCONV_PADDING_SAME); d.groups = 16;
    tc_run("batch-depthwise", &d, n, NULL);
  }
  for (int act = 0; act <= 3; act++) {
    for (int nb = 0; nb <= 1; nb++) {
      simdconv_conv2d_desc d = tc_desc(6, 6, 10, 34, 3, 3, SIMDCONV_PADDING_SAME);
      d.activation = (simdconv_activation)act;
      d.clamp_min = -0.5f; d.clamp_max = 0.75f;
      tc_opts o = {0};
      o.no_bias = nb;
      tc_run("activation", &d, 2, &o);
      d.groups = 10; d.output_channels = 10;
      tc_run("activation-dw", &d, 1, &o);
    }
  }
  simdconv_conv2d_desc d = tc_desc(6, 6, 10, 34, 3, 3, SIMDCONV_PADDING_SAME);
  d.activation = SIMDCONV_ACTIVATION_CLAMP; d.clamp_min = d.clamp_max = 0.25f;
  tc_run("clamp-point", &d, 1, NULL);
}

static void unaligned(void) {
  tc_opts o = {0};
  o.unaligned = 1;
  simdconv_conv2d_desc d = tc_desc(9, 10, 19, 37, 3, 3, SIMDCONV_PADDING_SAME);
  tc_run("unaligned", &d, 2, &o);
  d = tc_desc(8, 8, 33, 33, 3, 3, SIMDCONV_PADDING_SAME); d.groups = 33;
  tc_run("unaligned-dw", &d, 1, &o);
  d = tc_desc(8, 8, 64, 64, 1, 1, SIMDCONV_PADDING_VALID);
  tc_run("unaligned-1x1", &d, 1, &o);
}

/* Tile-table and kernel-selection paths: corner classes merged into edge tiles (zero rows, top
 * and bottom, several tiny rows as in a 7x7/2 first layer), maps where every class is tiny, and
 * the SSE dot kernel (input channels divisible by 4, reduction >= 64) with pixel and channel tails,
 * the 1x1 GEMM kernel (several blocks per job, split into units, tails, stride, groups), and the
 * narrower tile taken for a wide layer whose block would not stay in L2. */
static void tiles(void) {
  static const struct { size_t h, w, cin, cout, k, s; } cs[] = {
      {7, 7, 64, 18, 3, 1},   /* resnet_5-like: merged corners, dot kernel, channel tail */
      {14, 14, 32, 13, 3, 1}, /* resnet_4-like */
      {30, 28, 4, 20, 7, 2},  /* conv1-like with Cin 4: two tiny rows merge at the top */
      {9, 11, 12, 70, 5, 1},  /* 5x5 SAME: two tiny rows at each end */
      {2, 2, 8, 9, 3, 1},     /* every class tiny, nothing to merge into */
      {3, 3, 16, 5, 3, 1},    /* middle column of width 1: tiny runs everywhere */
      {6, 1, 20, 7, 3, 1},    /* one column */
      {1, 9, 20, 7, 3, 1},    /* one row */
      {5, 6, 64, 33, 1, 1},   /* 1x1, dot */
      {5, 6, 32, 33, 1, 1},   /* 1x1, reduction of 32: broadcast kernel */
      {7, 5, 64, 200, 1, 1},  /* 1x1 GEMM (AVX-512 4x64): 4 blocks of 64 in units of 2 + 2, channel tail */
      {5, 6, 300, 300, 1, 1}, /* 1x1 deep GEMM (AVX-512 6x64, Cin > 192): 5 blocks, one per unit, tail */
      {6, 7, 120, 70, 3, 1},  /* AVX-512: a 64-channel block over block_bytes_max, so 12x32 tiles */
      {9, 8, 24, 40, 1, 2},   /* 1x1 GEMM with stride 2: pixels not contiguous in the input */
  };
  for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
    simdconv_conv2d_desc d = tc_desc(cs[i].h, cs[i].w, cs[i].cin, cs[i].cout, cs[i].k, cs[i].k, SIMDCONV_PADDING_SAME);
    d.stride_height = d.stride_width = cs[i].s;
    tc_run("tiles", &d, 2, NULL);
    d.activation = SIMDCONV_ACTIVATION_RELU6;
    tc_run("tiles-relu6", &d, 1, NULL);
    d.activation = SIMDCONV_ACTIVATION_NONE;
    d.padding = SIMDCONV_PADDING_EXPLICIT; /* asymmetric: tiny runs at one end only */
    d.pad_top = cs[i].k - 1; d.pad_bottom = 0; d.pad_left = 0; d.pad_right = cs[i].k / 2;
    tc_run("tiles-explicit", &d, 1, NULL);
  }
  /* grouped with 8 input channels per group (dot kernel per group) and dilation (no merging) */
  simdconv_conv2d_desc d = tc_desc(8, 9, 16, 22, 3, 3, SIMDCONV_PADDING_SAME);
  d.groups = 2;
  tc_run("tiles-groups", &d, 2, NULL);
  d.groups = 1; d.dilation_width = 2;
  tc_run("tiles-dilated", &d, 1, NULL);
  /* 1x1 GEMM per group (35 output channels per group: blocks with a tail), and a padded 1x1
   * (pixels with no tap, so not the GEMM path) */
  d = tc_desc(7, 9, 48, 70, 1, 1, SIMDCONV_PADDING_VALID);
  d.groups = 2;
  tc_run("tiles-gemm-groups", &d, 2, NULL);
  d = tc_desc(6, 5, 40, 20, 1, 1, SIMDCONV_PADDING_EXPLICIT);
  d.pad_top = 1; d.pad_left = 2; d.pad_right = 1;
  tc_run("tiles-1x1-padded", &d, 1, NULL);
  /* 1x1 GEMM outputs streamed (as past the threshold) where the output is 64-byte aligned,
   * full blocks streamed and channel tails not (80 = 64 + 16); the deep GEMM (AVX-512 6x64, Cin
   * 200); per group with 80 channels per group (every group's blocks on 64-byte boundaries) and
   * with 72 (group 1 starts 288 bytes in: must not stream); batch 2, aligned and unaligned */
  static const struct { size_t h, w, cin, cout, groups; } big[] = {
      {64, 64, 24, 80, 1}, {56, 60, 200, 80, 1}, {48, 48, 16, 160, 2}, {48, 48, 16, 144, 2}};
  for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
    d = tc_desc(big[i].h, big[i].w, big[i].cin, big[i].cout, 1, 1, SIMDCONV_PADDING_VALID);
    d.groups = big[i].groups; d.activation = SIMDCONV_ACTIVATION_RELU6;
    streamed("gemm-streamed", "gemm-streamed-unaligned", &d);
  }
}

/* Special values (api.md "Special values"): NaN, +inf and -inf in the input, the weights or the
 * bias of every kernel family, under every activation, on every ISA and AUTO. The reference
 * propagates them in double; the harness wants the same class (NaN / +inf / -inf / finite) for
 * every output, exact saturation (relu(-inf) = 0, relu6(+inf) = 6, clamp), and allows NaN only
 * where a padded tap meets a non-finite weight (0 x inf). */
static void special_family(const char *name, const simdconv_conv2d_desc *base, size_t batch, int align64, int all) {
  static const float values[] = {NAN, INFINITY, -INFINITY};
  static const char where[] = {'x', 'w', 'b'};
  char full[96];
  for (int act = 0; act <= 3; act++) {
    if (!all && act != SIMDCONV_ACTIVATION_RELU && act != SIMDCONV_ACTIVATION_RELU6) continue;
    simdconv_conv2d_desc d = *base;
    d.activation = (simdconv_activation)act;
    d.clamp_min = -0.5f; d.clamp_max = 0.75f;
    tc_opts o = {0};
    o.align64 = align64;
    for (size_t t = 0; t < 3; t++)
      for (size_t v = 0; v < 3; v++) {
        if (!all && where[t] == 'b') continue;
        tc_special sp = {where[t], values[v], tc_range(0, 1u << 30)};
        o.specials = &sp; o.nspecials = 1;
        snprintf(full, sizeof full, "special-%s-%c", name, where[t]);
        tc_run(full, &d, batch, &o);
      }
    /* +inf and -inf in neighbouring input pixels (inf - inf = NaN where a window holds both),
     * a NaN weight, a -inf bias: every class in one output */
    size_t px = tc_range(0, 1u << 30) % (base->input_height * base->input_width), c = base->input_channels;
    tc_special mixed[] = {{'x', INFINITY, px * c}, {'x', -INFINITY, (px + 1) * c + c / 2},
                          {'w', NAN, tc_range(0, 1u << 30)}, {'b', -INFINITY, tc_range(0, 1u << 30)}};
    o.specials = mixed; o.nspecials = 4;
    snprintf(full, sizeof full, "special-%s-mixed", name);
    tc_run(full, &d, batch, &o);
  }
}

static void special(void) {
  tc_seed(20261202);
  static const struct { const char *name; size_t h, w, cin, cout, kh, kw, s, g; int pad; } fam[] = {
      {"conv", 9, 11, 19, 37, 3, 3, 1, 1, SIMDCONV_PADDING_SAME},         /* broadcast kernel, pixel + channel tails */
      {"conv-dot", 7, 7, 64, 18, 3, 3, 1, 1, SIMDCONV_PADDING_SAME},      /* SSE dot, merged corners (zero rows) */
      {"conv-wide", 6, 7, 64, 70, 3, 3, 1, 1, SIMDCONV_PADDING_SAME},     /* wide tiles, 64-channel blocks + tail */
      {"first-layer", 30, 28, 3, 24, 7, 7, 2, 1, SIMDCONV_PADDING_SAME},  /* Cin 3, 7x7 stride 2 */
      {"explicit", 6, 5, 5, 19, 3, 4, 1, 1, SIMDCONV_PADDING_EXPLICIT},   /* pixels with no real tap */
      {"gemm", 7, 5, 64, 200, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},        /* 1x1 GEMM, blocks + tail */
      {"gemm-deep", 5, 6, 300, 70, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},   /* 1x1 deep GEMM (Cin > 192) */
      {"gemm-s2", 9, 8, 24, 40, 1, 1, 2, 1, SIMDCONV_PADDING_VALID},      /* 1x1 stride 2 */
      {"gemm-groups", 7, 9, 48, 70, 1, 1, 1, 2, SIMDCONV_PADDING_VALID},  /* 1x1 per group */
      {"grouped", 7, 6, 16, 24, 3, 3, 1, 2, SIMDCONV_PADDING_SAME},       /* 8 channels per group */
      {"depthwise", 9, 8, 17, 17, 3, 3, 1, 17, SIMDCONV_PADDING_SAME},    /* channel tail */
      {"depthwise-s2", 9, 8, 40, 40, 3, 3, 2, 40, SIMDCONV_PADDING_SAME}, /* generic depthwise kernel */
      {"depthwise-m2", 8, 7, 8, 16, 5, 5, 1, 8, SIMDCONV_PADDING_SAME},   /* multiplier 2, 5x5 */
  };
  for (size_t i = 0; i < sizeof fam / sizeof fam[0]; i++) {
    simdconv_conv2d_desc d = tc_desc(fam[i].h, fam[i].w, fam[i].cin, fam[i].cout, fam[i].kh, fam[i].kw,
                                     (simdconv_padding)fam[i].pad);
    d.stride_height = d.stride_width = fam[i].s; d.groups = fam[i].g;
    if (fam[i].pad == SIMDCONV_PADDING_EXPLICIT) { d.pad_top = 4; d.pad_bottom = 5; d.pad_left = 6; d.pad_right = 3; }
    special_family(fam[i].name, &d, 2, 0, 1);
  }
  /* streamed (non-temporal) stores: outputs of >= 1 MiB, 64-byte aligned; relu and relu6 only
   * (SIMDCONV_TEST_QUICK: not these, for valgrind) */
  const char *quick = getenv("SIMDCONV_TEST_QUICK");
  if (quick != NULL && *quick != '\0' && *quick != '0') return;
  simdconv_conv2d_desc d = tc_desc(64, 64, 24, 80, 1, 1, SIMDCONV_PADDING_VALID);
  special_family("gemm-streamed", &d, 1, 1, 0);
  d = tc_desc(64, 64, 64, 64, 3, 3, SIMDCONV_PADDING_SAME); d.groups = 64;
  special_family("depthwise-streamed", &d, 1, 1, 0);
}

static void random_sweep(void) {
  tc_seed(20261124);
  for (int i = 0; i < 300; i++) {
    simdconv_conv2d_desc d;
    tc_random_desc(&d, 12, 40);
    tc_opts o = {0};
    o.no_bias = tc_range(0, 4) == 0;
    o.unaligned = tc_range(0, 1);
    tc_run("random", &d, tc_range(1, 3), &o);
  }
}

int main(int argc, char **argv) {
  static const struct { const char *name; void (*fn)(void); } suites[] = {
      {"keras", keras}, {"channels", channels}, {"shapes", shapes}, {"padding", padding}, {"groups", groups},
      {"batch_activation", batch_act}, {"unaligned", unaligned}, {"tiles", tiles}, {"special", special}, {"random", random_sweep}};
  int ran = 0;
  if (argc > 1 && strcmp(argv[1], "--list") == 0) { /* the suites, one per line (.ci/valgrind.sh) */
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) printf("%s\n", suites[i].name);
    return 0;
  }
  for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
    if (argc < 2 || strcmp(argv[1], suites[i].name) == 0) { suites[i].fn(); ran = 1; }
  if (!ran) { printf("unknown suite %s\n", argv[1]); return 2; }
  return tc_finish(argc < 2 ? "all" : argv[1]);
}
