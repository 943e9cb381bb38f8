/* Kernel selection on fake CPUs, against a golden list: for every layer below, every fake CPU and
 * every ISA compiled in that the fake CPU runs, the kernel DEFAULT picks (dispatch/select.c) and
 * how the plan runs it (streamed stores, GEMM and depthwise blocks per job, the smallest batch a
 * pool runs). A change of selection shows up as a diff against tests/golden/select_<arch>.txt, so
 * it is deliberate: rerun with
 *   test_select --update tests/golden/select_<arch>.txt
 * and commit the new list with the measurements that justify it. Also: the real CPU's plans run
 * the kernel selection names for it, AUTO's ISA per fake CPU follows the ISA rules, and every
 * selected kernel can compute its layer.
 *
 * Usage: test_select GOLDEN_FILE | test_select --update GOLDEN_FILE | test_select --print */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h" /* dispatch/: registry, this CPU */
#include "harness.h"
#include "plan.h" /* sc_check_desc */
#include "simdconv_compiled_isas.h"

typedef struct fake_cpu {
  const char *name;
  sc_cpu_info info;
} fake_cpu;

/* caps: sse4_1, avx, avx2_fma, avx512f, asimd. Caches as cpu_features reports them per core (0: the
 * probe has none, the class defaults apply). "spr_avx512_os_off": a Sapphire Rapids whose OS does
 * not save the zmm state (XCR0): cpu_features then reports no AVX-512, so neither does the probe. */
static const fake_cpu g_cpus[] = {
    {"zen3", {{1, 1, 1, 0, 0}, SC_VENDOR_AMD, 0x19, 0x01, 32 << 10, 512 << 10}},
    {"zen4", {{1, 1, 1, 1, 0}, SC_VENDOR_AMD, 0x19, 0x61, 32 << 10, 1 << 20}},
    {"zen5", {{1, 1, 1, 1, 0}, SC_VENDOR_AMD, 0x1a, 0x44, 48 << 10, 1 << 20}},
    {"sapphire_rapids", {{1, 1, 1, 1, 0}, SC_VENDOR_INTEL, 6, 0x8f, 48 << 10, 2 << 20}},
    {"spr_avx512_os_off", {{1, 1, 1, 0, 0}, SC_VENDOR_INTEL, 6, 0x8f, 48 << 10, 2 << 20}},
    {"avx2_no_cache_probe", {{1, 1, 1, 0, 0}, SC_VENDOR_INTEL, 6, 0x55, 0, 0}},
    {"neoverse", {{0, 0, 0, 0, 1}, SC_VENDOR_ARM, 0, 0, 0, 0}},
};
#define NCPUS (sizeof g_cpus / sizeof g_cpus[0])

typedef struct layer {
  const char *name;
  size_t h, w, cin, cout, k_h, k_w, s, d, groups;
  simdconv_padding pad;
} layer;

/* The benchmark suite's layers, then shapes of real networks outside it. */
static const layer g_layers[] = {
    {"resnet_conv1", 224, 224, 3, 64, 7, 7, 2, 1, 1, SIMDCONV_PADDING_SAME},
    {"resnet_2_3x3", 56, 56, 64, 64, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"resnet_2_1x1", 56, 56, 64, 256, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"resnet_3_3x3", 28, 28, 128, 128, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"resnet_4_3x3", 14, 14, 256, 256, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"resnet_5_3x3", 7, 7, 512, 512, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"resnet_4_1x1_s2", 28, 28, 512, 1024, 1, 1, 2, 1, 1, SIMDCONV_PADDING_VALID},
    {"mobilenet_pw_112", 112, 112, 32, 64, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"mobilenet_pw_14", 14, 14, 512, 512, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"vgg_3_3x3", 56, 56, 256, 256, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"mobilenet_dw_112", 112, 112, 32, 32, 3, 3, 1, 1, 32, SIMDCONV_PADDING_SAME},
    {"odd_tail", 17, 19, 5, 7, 3, 3, 2, 2, 1, SIMDCONV_PADDING_SAME},
    {"dw_28x28x256", 28, 28, 256, 256, 3, 3, 1, 1, 256, SIMDCONV_PADDING_SAME},
    {"dw5x5_s2_144", 28, 28, 144, 144, 5, 5, 2, 1, 144, SIMDCONV_PADDING_SAME},
    {"dw5x5_240", 28, 28, 240, 240, 5, 5, 1, 1, 240, SIMDCONV_PADDING_SAME},
    {"dw3x3_s2_144", 56, 56, 144, 144, 3, 3, 2, 1, 144, SIMDCONV_PADDING_SAME},
    {"dw3x3_s2_16", 112, 112, 16, 16, 3, 3, 2, 1, 16, SIMDCONV_PADDING_SAME},
    /* 3x3 stride 1 depthwise: the narrower row where the wide one pads half the lanes or more
     * (dw_half_padded), the fewer padded lanes where both do; 48 channels stay on the wide row */
    {"dw3x3_16", 112, 112, 16, 16, 3, 3, 1, 1, 16, SIMDCONV_PADDING_SAME},
    {"dw3x3_8", 56, 56, 8, 8, 3, 3, 1, 1, 8, SIMDCONV_PADDING_SAME},
    {"dw3x3_48", 56, 56, 48, 48, 3, 3, 1, 1, 48, SIMDCONV_PADDING_SAME},
    {"squeeze_1x1_16", 56, 56, 64, 16, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"project_1x1_24", 56, 56, 144, 24, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"expand_1x1_144", 28, 28, 24, 144, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"project_1x1_80", 14, 14, 480, 80, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"bottleneck_1x1_2048", 7, 7, 2048, 512, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"resnext_g32_3x3", 56, 56, 128, 128, 3, 3, 1, 1, 32, SIMDCONV_PADDING_SAME},
    {"alexnet_conv1", 227, 227, 3, 96, 11, 11, 4, 1, 1, SIMDCONV_PADDING_VALID},
    {"inception_1x7", 17, 17, 128, 128, 1, 7, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"dilated_3x3_d2", 28, 28, 256, 256, 3, 3, 1, 2, 1, SIMDCONV_PADDING_SAME},
    {"first_3x3_s2_c3", 224, 224, 3, 32, 3, 3, 2, 1, 1, SIMDCONV_PADDING_SAME},
    {"cin_12_1x1", 56, 56, 12, 48, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    /* short reductions: 8-lane tiles of whole passes where 16-lane ones end on a partial pass (zen4), or not */
    {"expand_1x1_16_96", 112, 112, 16, 96, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"expand_1x1_16_240", 28, 28, 16, 240, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"expand_1x1_32_96", 56, 56, 32, 96, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    /* an odd number of 16-lane vectors: whole one-vector passes where broadcasts are embedded (zen4), or not */
    {"odd_vectors_1x1_80", 73, 73, 64, 80, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"odd_vectors_1x1_48", 35, 35, 192, 48, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"odd_vectors_1x1_240_se", 1, 1, 960, 240, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    /* one pass covers Cout: the fewest accumulators of 8 or more (4x64 for 12x32), not on small maps */
    {"one_pass_1x1_32", 56, 56, 64, 32, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"one_pass_1x1_32_7x7", 7, 7, 64, 32, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"one_pass_1x1_16", 56, 56, 64, 16, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"first_3x3_16", 416, 416, 3, 16, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"first_3x3_s2_16", 224, 224, 3, 16, 3, 3, 2, 1, 1, SIMDCONV_PADDING_SAME},
    {"first_5x5_c1_8", 64, 64, 1, 8, 5, 5, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"first_3x3_c4_d2_16", 64, 64, 4, 16, 3, 3, 1, 2, 1, SIMDCONV_PADDING_SAME},
    {"conv_3x3_cout40", 56, 56, 32, 40, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"conv_3x3_cout80", 28, 28, 64, 80, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"conv_3x3_cout144", 14, 14, 160, 144, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"grouped_3x3_8_per_group", 28, 28, 256, 256, 3, 3, 2, 1, 32, SIMDCONV_PADDING_SAME},
    {"grouped_3x3_16_per_group", 14, 14, 512, 512, 3, 3, 1, 1, 32, SIMDCONV_PADDING_SAME},
    /* output channels that 16-lane tiles pad by 8: 8-lane tiles where they reach the peak (zen4) */
    {"project_1x1_40", 28, 28, 240, 40, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"project_1x1_56", 28, 28, 128, 56, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"squeeze_1x1_8", 56, 56, 32, 8, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"classifier_1x1_1000", 1, 1, 1024, 1000, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    /* SqueezeNet's classifier: on Zen 4 the wide GEMM tile (under a 40th of its lanes padded) */
    {"classifier_13x13_1000", 13, 13, 512, 1000, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    /* a first layer of 8 filters: on Zen 4 the 8-lane tile (one whole narrow vector) */
    {"first_3x3_c3_8", 128, 128, 3, 8, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    /* ... but one channel: runs of 3 floats, the slide row's on Zen 4 as on Zen 5 */
    {"first_3x3_c1_8", 96, 96, 1, 8, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"se_expand_1x1_40", 1, 1, 10, 40, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"map_2x2_1x1_24", 2, 2, 96, 24, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    /* images smaller than two tiles: batches in stacks (select.c flat_images), or not (s2 from an
     * odd height: a stack's rows would not read its images' rows) */
    {"map_3x3_1x1_128", 3, 3, 256, 128, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"map_3x3_1x1_s2_512", 3, 3, 256, 512, 1, 1, 2, 1, 1, SIMDCONV_PADDING_VALID},
    {"map_4x4_1x1_s2_512", 4, 4, 256, 512, 1, 1, 2, 1, 1, SIMDCONV_PADDING_VALID},
    {"conv_3x3_cout24", 56, 56, 24, 24, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"conv_3x3_cout72", 28, 28, 72, 72, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"conv_3x3_cout8", 56, 56, 16, 8, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    /* depthwise pixel strides of whole L1d ways: a band (sc_dw_band_stride), or not */
    {"dw_7x7x1024", 7, 7, 1024, 1024, 3, 3, 1, 1, 1024, SIMDCONV_PADDING_SAME},
    {"dw_28x28x1024_s2", 28, 28, 1024, 1024, 3, 3, 2, 1, 1024, SIMDCONV_PADDING_SAME},
    {"dw_10x10x1024_s2", 10, 10, 1024, 1024, 3, 3, 2, 1, 1024, SIMDCONV_PADDING_SAME}, /* band rows for any row */
    {"dw_56x56x1024", 56, 56, 1024, 1024, 3, 3, 1, 1, 1024, SIMDCONV_PADDING_SAME},
    /* ... at stride 1 the band in raster order (no strips), its blocks cut to fit, or past 4 x L2
     * whole pixels where the band would hold under 64 channels (select.c dw_aliased_s1) */
    {"dw_28x28x1024", 28, 28, 1024, 1024, 3, 3, 1, 1, 1024, SIMDCONV_PADDING_SAME},
    {"dw_40x40x1024", 40, 40, 1024, 1024, 3, 3, 1, 1, 1024, SIMDCONV_PADDING_SAME},
    {"dw_24x24x2048", 24, 24, 2048, 2048, 3, 3, 1, 1, 2048, SIMDCONV_PADDING_SAME},
    {"dw_14x14x512", 14, 14, 512, 512, 3, 3, 1, 1, 512, SIMDCONV_PADDING_SAME},
    /* depthwise inputs from 4 x L2 (sc_classify dw_whole_pixel_bytes): whole pixels a job, or
     * not (512 channels: pixels half an L1d way apart; 2 MiB below 4 x L2 on Zen 4) */
    {"dw_75x75x256", 75, 75, 256, 256, 3, 3, 1, 1, 256, SIMDCONV_PADDING_SAME},
    {"dw_112x112x96_s2", 112, 112, 96, 96, 3, 3, 2, 1, 96, SIMDCONV_PADDING_SAME},
    {"dw_48x48x512", 48, 48, 512, 512, 3, 3, 1, 1, 512, SIMDCONV_PADDING_SAME},
    /* depthwise input + output from a third of L3 (or 32 x L2 / 3 unprobed): the tiles prefetch */
    {"dw_260x260x64_s2", 260, 260, 64, 64, 3, 3, 2, 1, 64, SIMDCONV_PADDING_SAME},
    /* outputs past the last-level cache stream (sc_classify stream_bytes), beside a separate
     * residual on the classes that stream one: 64 MiB (every class), 49 MiB (past 32 MiB L3s, not
     * past the Intel class's 60 MiB), 17 MiB (LR-ASPP's 260x260x16 -> 64: no class) */
    {"gemm_past_llc", 512, 512, 16, 64, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"dw_past_llc", 512, 512, 64, 64, 3, 3, 1, 1, 64, SIMDCONV_PADDING_SAME},
    {"conv_past_zen_llc", 448, 448, 16, 64, 3, 3, 1, 1, 1, SIMDCONV_PADDING_SAME},
    {"gemm_17mib", 260, 260, 16, 64, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    {"dw_130x130x72", 130, 130, 72, 72, 3, 3, 1, 1, 72, SIMDCONV_PADDING_SAME},
    {"dw_32x32x512", 32, 32, 512, 512, 3, 3, 1, 1, 512, SIMDCONV_PADDING_SAME},
    /* 3x3 stride 2 on pixels of a multiple of half an L1d way: short tiles (dw_aliased_s2), or not */
    {"dw_38x38x512_s2", 38, 38, 512, 512, 3, 3, 2, 1, 512, SIMDCONV_PADDING_SAME},
    {"dw_38x38x1536_s2", 38, 38, 1536, 1536, 3, 3, 2, 1, 1536, SIMDCONV_PADDING_SAME},
    {"dw_28x28x768_s2", 28, 28, 768, 768, 3, 3, 2, 1, 768, SIMDCONV_PADDING_SAME},
    {"dw_28x28x512_5x5_s2", 28, 28, 512, 512, 5, 5, 2, 1, 512, SIMDCONV_PADDING_SAME},
    /* convolution and GEMM tiles on pixels a multiple of an L1d way apart: at most `ways` pixels a
     * set (aliased_tile_mr), or not (grouped tiles of several groups a vector; 6-pixel rows) */
    {"grouped_3x3_16_per_group_s2_512", 28, 28, 512, 512, 3, 3, 2, 1, 32, SIMDCONV_PADDING_SAME},
    {"grouped_3x3_32_per_group_1024", 14, 14, 1024, 1024, 3, 3, 1, 1, 32, SIMDCONV_PADDING_SAME},
    {"conv_3x3_s2_512", 14, 14, 512, 512, 3, 3, 2, 1, 1, SIMDCONV_PADDING_SAME},
    {"grouped_3x3_8_per_group_1024", 14, 14, 1024, 1024, 3, 3, 1, 1, 128, SIMDCONV_PADDING_SAME},
    {"gemm_1x1_2048", 7, 7, 2048, 512, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID},
    /* grouped tiles' whole-row windows where the padding's taps are few (grp_windows_pay), or not */
    {"grouped_3x3_8_per_group_7x7", 7, 7, 256, 256, 3, 3, 1, 1, 32, SIMDCONV_PADDING_SAME},
    {"grouped_3x3_8_per_group_8x8", 8, 8, 256, 256, 3, 3, 1, 1, 32, SIMDCONV_PADDING_SAME},
    {"grouped_3x3_8_per_group_odd", 28, 28, 56, 56, 3, 3, 1, 1, 7, SIMDCONV_PADDING_SAME},
    {"grouped_3x3_4_per_group_s2_7x7", 14, 14, 256, 256, 3, 3, 2, 1, 64, SIMDCONV_PADDING_SAME},
    {"grouped_5x5_4_per_group", 28, 28, 128, 128, 5, 5, 1, 1, 32, SIMDCONV_PADDING_SAME},
};
#define NLAYERS (sizeof g_layers / sizeof g_layers[0])

static simdconv_conv2d_desc desc_of(const layer *l) {
  simdconv_conv2d_desc d;
  memset(&d, 0, sizeof d);
  d.input_height = l->h; d.input_width = l->w; d.input_channels = l->cin; d.output_channels = l->cout;
  d.kernel_height = l->k_h; d.kernel_width = l->k_w;
  d.stride_height = d.stride_width = l->s;
  d.dilation_height = d.dilation_width = l->d;
  d.groups = l->groups;
  d.padding = l->pad;
  return d;
}

#define MAX_LINES 4096
static char g_lines[MAX_LINES][160];
static size_t g_nlines;

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...) {
  va_list ap;
  TC_EXPECT(g_nlines < MAX_LINES, "too many lines");
  if (g_nlines >= MAX_LINES) return;
  va_start(ap, fmt);
  vsnprintf(g_lines[g_nlines++], sizeof g_lines[0], fmt, ap);
  va_end(ap);
}

/* The ISAs compiled in, in list order. */
static const simdconv_isa g_compiled[] = {
#define COMPILED(NAME, name) SIMDCONV_ISA_##NAME,
    SIMDCONV_COMPILED_ISAS(COMPILED)
#undef COMPILED
};
#define NCOMPILED (sizeof g_compiled / sizeof g_compiled[0])

/* The selection lines of every fake CPU. */
static void select_all(void) {
  for (size_t c = 0; c < NCPUS; c++) {
    const fake_cpu *cpu = &g_cpus[c];
    const sc_tuning t = sc_classify(&cpu->info);
    simdconv_isa best = SIMDCONV_ISA_SCALAR;
    for (size_t i = 0; i < NCOMPILED; i++)
      if (sc_isa_runs(g_compiled[i], &cpu->info.caps) && g_compiled[i] > best) best = g_compiled[i];
    emit("cpu %s: class %s, l1d %zu KiB, l2 %zu KiB, depthwise prefetch from %zu KiB, streamed from %zu KiB, auto %s",
         cpu->name, t.cpu_class, t.l1d >> 10, t.l2 >> 10, t.dw_prefetch_bytes >> 10, t.stream_bytes >> 10,
         simdconv_isa_name(best));
    for (size_t li = 0; li < NLAYERS; li++) {
      const simdconv_conv2d_desc d = desc_of(&g_layers[li]);
      sc_geom g;
      TC_EXPECT(sc_check_desc(&d, &g) == SIMDCONV_OK, "%s: descriptor rejected", g_layers[li].name);
      for (size_t i = 0; i < NCOMPILED; i++) {
        if (!sc_isa_runs(g_compiled[i], &cpu->info.caps)) continue;
        const sc_isa_kernels *k = sc_isa_kernels_compiled(g_compiled[i]);
        const sc_kernel_row *row = sc_select_default(&g, k->rows, k->count, &t);
        if (row == NULL) {
          TC_EXPECT(0, "%s %s %s: no kernel", g_layers[li].name, cpu->name, simdconv_isa_name(g_compiled[i]));
          continue;
        }
        TC_EXPECT(sc_row_computes(row, &g) && row->isa == g_compiled[i], "%s: %s cannot run it", g_layers[li].name,
                  row->name);
        const sc_choice ch = sc_choose(&g, row, &t);
        /* a depthwise job's band (dense input, a job of unit_blocks blocks; never in strips), listed
         * where taken; tiles in column strips (select.c dw_strips), listed where taken */
        const size_t band = row->kind == SC_KIND_DW && !ch.dw_strips
                                ? sc_dw_band_stride(&g, row, g.cin, ch.unit_blocks * row->nr, &t) : 0;
        char band_s[32] = "";
        if (band) snprintf(band_s, sizeof band_s, " band %zu", band);
        /* grouped tiles' whole-row windows (select.c grp_windows_pay), listed where taken */
        const char *win_s = row->kind == SC_KIND_GRP && ch.windows ? " windows" : "";
        /* tiles shorter than the row's MR (select.c dw_aliased_s2, aliased_tile_mr), listed where taken */
        char tiles_s[32] = "";
        if (ch.tile_mr != row->mr) snprintf(tiles_s, sizeof tiles_s, " tiles<=%zu", ch.tile_mr);
        /* a GEMM job's tiles in groups, one block after the other (select.c gemm_group_tiles), where taken */
        char group_s[32] = "";
        if (ch.group_tiles) snprintf(group_s, sizeof group_s, " groups of %zu tiles", ch.group_tiles);
        /* the plan's preferred input pixel stride (select.c sc_input_stride), listed where not Cin */
        char stride_s[40] = "";
        const size_t xps = sc_input_stride(&g, row, &t);
        if (xps != g.cin) snprintf(stride_s, sizeof stride_s, " input stride %zu", xps);
        /* runs of fewer images than this stay on the calling thread (select.c pool_min_batch), where > 1 */
        char pool_s[40] = "";
        if (ch.pool_min_batch > 1) snprintf(pool_s, sizeof pool_s, " pool from %zu images", ch.pool_min_batch);
        /* batches in stacks of this many images (select.c flat_images), where taken */
        char flat_s[40] = "";
        if (ch.flat_images) snprintf(flat_s, sizeof flat_s, " stacks of %zu images", ch.flat_images);
        emit("%s %s %s -> %s stream %d%s blocks/job %zu%s%s%s%s%s%s%s%s%s", g_layers[li].name, cpu->name,
             simdconv_isa_name(g_compiled[i]), row->name, ch.stream, ch.stream_residual ? " (+residual)" : "",
             ch.unit_blocks, group_s, band_s, win_s, tiles_s, ch.dw_strips ? " strips" : "",
             ch.dw_prefetch ? " prefetch" : "", stride_s, pool_s, flat_s);
      }
    }
  }
}

/* This CPU: create's plans run the kernel selection names for sc_this_cpu(). */
static void check_this_cpu(void) {
  static float w[2048 * 512];
  const sc_tuning *t = sc_this_tuning();
  const sc_cpu_info *c = sc_this_cpu();
  printf("this cpu: vendor %d family 0x%x model 0x%x, l1d %zu KiB, l2 %zu KiB, l3 %zu KiB probed; class %s\n",
         (int)c->vendor, c->family, c->model, c->l1d >> 10, c->l2 >> 10, c->l3 >> 10, t->cpu_class);
  for (size_t li = 0; li < NLAYERS; li++) {
    const simdconv_conv2d_desc d = desc_of(&g_layers[li]);
    sc_geom g;
    sc_check_desc(&d, &g);
    if (g.kh * g.kw * (g.cin / g.groups) * g.cout > sizeof w / sizeof w[0]) continue;
    for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++) {
      if (!tc_isa_testable((simdconv_isa)i)) continue;
      const sc_isa_kernels *k = sc_isa_kernels_of((simdconv_isa)i);
      const sc_kernel_row *want = sc_select_default(&g, k->rows, k->count, t);
      simdconv_conv2d_plan *p;
      TC_EXPECT(simdconv_conv2d_create(&d, w, NULL, (simdconv_isa)i, &p) == SIMDCONV_OK, "%s: create", g_layers[li].name);
      TC_EXPECT(strcmp(simdconv_conv2d_kernel(p), want->name) == 0, "%s %s: plan runs %s, selection says %s",
                g_layers[li].name, simdconv_isa_name((simdconv_isa)i), simdconv_conv2d_kernel(p), want->name);
      simdconv_conv2d_destroy(p);
    }
  }
}

static int write_lines(const char *path) {
  FILE *f = fopen(path, "w");
  if (f == NULL) return 1;
  fprintf(f, "# Kernel selection golden list (tests/test_select.c): layer cpu isa -> kernel, streamed stores,\n"
             "# GEMM / depthwise blocks per job (and where taken: groups, band, windows, tile height, input stride,\n"
             "# the batch from which a pool runs it). Regenerate with test_select --update <this file>; justify changes.\n");
  for (size_t i = 0; i < g_nlines; i++) fprintf(f, "%s\n", g_lines[i]);
  return fclose(f) != 0;
}

/* Whether the ISA named by the len characters at name is compiled in. */
static int compiled_name(const char *name, size_t len) {
  for (size_t i = 0; i < NCOMPILED; i++) {
    const char *n = simdconv_isa_name(g_compiled[i]);
    if (strlen(n) == len && strncmp(n, name, len) == 0) return 1;
  }
  return 0;
}
/* Whether the golden line `line` holds in a build that leaves ISAs out (CMake SIMDCONV_ISAS):
 * a layer's line (layer cpu isa -> ...) of an ISA not compiled in has no line now; a fake CPU's
 * line (cpu NAME: ..., auto ISA) names the best compiled ISA, so only its part before ", auto"
 * (*cut characters) is compared where the golden auto ISA is not compiled in (else *cut is 0:
 * the whole line). 1: compare `line`. */
static int golden_applies(const char *line, size_t *cut) {
  *cut = 0;
  if (strncmp(line, "cpu ", 4) == 0) {
    const char *a = strstr(line, ", auto ");
    if (a != NULL && !compiled_name(a + 7, strlen(a + 7))) *cut = (size_t)(a - line);
    return 1;
  }
  const char *isa = strchr(line, ' ');
  isa = isa != NULL ? strchr(isa + 1, ' ') : NULL;
  if (isa == NULL) return 1;
  isa++;
  return compiled_name(isa, strcspn(isa, " "));
}

/* Compares with the golden file: every line in order (see golden_applies); prints the
 * differences. */
static void compare(const char *path) {
  FILE *f = fopen(path, "r");
  TC_EXPECT(f != NULL, "cannot open golden list %s", path);
  if (f == NULL) return;
  char buf[256];
  size_t i = 0, diffs = 0;
  while (fgets(buf, sizeof buf, f) != NULL) {
    buf[strcspn(buf, "\n")] = 0;
    size_t cut;
    if (buf[0] == '#' || buf[0] == 0 || !golden_applies(buf, &cut)) continue;
    if (i >= g_nlines || (cut ? strncmp(buf, g_lines[i], cut) != 0 : strcmp(buf, g_lines[i]) != 0)) {
      if (diffs++ < 20) printf("golden: %s\n   now: %s\n", buf, i < g_nlines ? g_lines[i] : "(nothing)");
    }
    i++;
  }
  fclose(f);
  for (; i < g_nlines; i++)
    if (diffs++ < 20) printf("golden: (nothing)\n   now: %s\n", g_lines[i]);
  TC_EXPECT(diffs == 0, "%zu selection lines differ from %s (a deliberate change: test_select --update)", diffs, path);
  printf("%zu selection lines (%zu layers x %zu fake CPUs x their ISAs) compared with %s\n", g_nlines, NLAYERS, NCPUS,
         path);
}

/* FASTEST's Winograd rule on grouped layers (select.c sc_winograd_pays, CPU-independent): a group's
 * F(4x4) tiles x C x C from 16384, else direct; a dense layer of the same map and C takes it. */
static void check_winograd_groups(void) {
  static const struct { size_t hw, c, groups; int pays; } cases[] = {
      {7, 1024, 32, 0}, {8, 256, 8, 0}, {14, 768, 32, 0}, {14, 1024, 32, 1}, {7, 512, 8, 1},
      {28, 256, 8, 1},  {7, 32, 1, 1},  {8, 32, 1, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const layer l = {"wino", cases[i].hw, cases[i].hw, cases[i].c, cases[i].c, 3, 3, 1, 1, cases[i].groups,
                     SIMDCONV_PADDING_SAME};
    const simdconv_conv2d_desc d = desc_of(&l);
    sc_geom g;
    sc_check_desc(&d, &g);
    TC_EXPECT(sc_winograd_pays(&g, NULL, sc_this_tuning()) == cases[i].pays, "%zux%zux%zu / %zu groups: Winograd %s",
              cases[i].hw, cases[i].hw, cases[i].c, cases[i].groups, cases[i].pays ? "expected" : "not expected");
  }
}

int main(int argc, char **argv) {
  select_all();
  if (argc == 2 && strcmp(argv[1], "--print") == 0) {
    for (size_t i = 0; i < g_nlines; i++) printf("%s\n", g_lines[i]);
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "--update") == 0) {
    if (write_lines(argv[2]) != 0) {
      fprintf(stderr, "cannot write %s\n", argv[2]);
      return 1;
    }
    printf("wrote %zu lines to %s\n", g_nlines, argv[2]);
    return 0;
  }
  if (argc != 2) {
    fprintf(stderr, "usage: test_select GOLDEN | --update GOLDEN | --print\n");
    return 2;
  }
  /* the AVX-512 fake without OS support never selects AVX-512 kernels */
  for (size_t i = 0; i < g_nlines; i++)
    TC_EXPECT(!(strstr(g_lines[i], " spr_avx512_os_off ") && strstr(g_lines[i], " avx512 -> ")), "%s", g_lines[i]);
  compare(argv[1]);
  check_this_cpu();
  check_winograd_groups();
  return tc_finish("select");
}
