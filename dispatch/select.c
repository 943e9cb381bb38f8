/* Kernel selection: candidates, the DEFAULT rules over the per-CPU tuning table, plan parameters.
 * See select.h. Every number a rule uses comes from sc_tuning (the CPU's caches), never from a
 * constant tuned on one CPU; one rule is about the thread pool rather than the CPU (pool_min_batch:
 * the cost of a pthreadpool call, measured on one VM). */
#include "select.h"

/* ---- the per-CPU tuning table ----
 * A CPU is classified once by vendor, family and model; the row gives the cache sizes the rules use
 * when the probe reports none (AArch64, some hypervisors). The first matching row wins. */
typedef struct sc_cpu_class_row {
  const char *name;
  sc_vendor vendor;       /* SC_VENDOR_OTHER: any */
  int family;             /* -1: any */
  int model_lo, model_hi; /* inclusive */
  size_t l1d, l2, l3;     /* defaults, bytes (l3: the last level, shared) */
  int stream_residual;    /* streamed stores beside a separate residual's reads (sc_tuning) */
  sc_bcast_form onevec;   /* one-vector tiles' broadcast form in DEFAULT (sc_tuning) */
  int gemm_fewest_acc;    /* a GEMM tile in L1 gives way to its width's fewest accumulators (sc_tuning) */
  int half_width_peak;    /* half-width FMAs reach the FMA peak: narrow rows compete (sc_tuning) */
} sc_cpu_class_row;

#define KIB(n) ((size_t)(n) * 1024u)
static const sc_cpu_class_row g_classes[] = {
    /* AMD family 19h: Zen 3 (models 00-0F, 20-5F), Zen 4 (10-1F, 60-7F, A0-AF); family 1Ah: Zen 5 */
    {"zen3", SC_VENDOR_AMD, 0x19, 0x00, 0x0f, KIB(32), KIB(512), KIB(32768), 0, SC_BCAST_REGISTER, 1, 0},
    {"zen4", SC_VENDOR_AMD, 0x19, 0x10, 0x1f, KIB(32), KIB(1024), KIB(32768), 1, SC_BCAST_EMBEDDED, 1, 1},
    {"zen3", SC_VENDOR_AMD, 0x19, 0x20, 0x5f, KIB(32), KIB(512), KIB(32768), 0, SC_BCAST_REGISTER, 1, 0},
    {"zen4", SC_VENDOR_AMD, 0x19, 0x60, 0x7f, KIB(32), KIB(1024), KIB(32768), 1, SC_BCAST_EMBEDDED, 1, 1},
    {"zen4", SC_VENDOR_AMD, 0x19, 0xa0, 0xaf, KIB(32), KIB(1024), KIB(32768), 1, SC_BCAST_EMBEDDED, 1, 1},
    {"zen5", SC_VENDOR_AMD, 0x1a, 0x00, 0xff, KIB(48), KIB(1024), KIB(32768), 1, SC_BCAST_PERMUTE, 1, 0},
    /* Intel Xeon Sapphire Rapids (8F) and Emerald Rapids (CF): Golden Cove / Raptor Cove cores */
    {"intel_spr", SC_VENDOR_INTEL, 6, 0x8f, 0x8f, KIB(48), KIB(2048), KIB(61440), 0, SC_BCAST_REGISTER, 0, 0},
    {"intel_spr", SC_VENDOR_INTEL, 6, 0xcf, 0xcf, KIB(48), KIB(2048), KIB(61440), 0, SC_BCAST_REGISTER, 0, 0},
    {"aarch64", SC_VENDOR_ARM, -1, 0, 0x7fffffff, KIB(64), KIB(1024), KIB(32768), 0, SC_BCAST_REGISTER, 1, 0},
    {"x86", SC_VENDOR_OTHER, -1, 0, 0x7fffffff, KIB(32), KIB(1024), KIB(16384), 0, SC_BCAST_REGISTER, 1, 0},
};

sc_tuning sc_classify(const sc_cpu_info *cpu) {
  const sc_cpu_class_row *c = &g_classes[sizeof g_classes / sizeof g_classes[0] - 1];
  for (size_t i = 0; i < sizeof g_classes / sizeof g_classes[0]; i++) {
    const sc_cpu_class_row *r = &g_classes[i];
    if ((r->vendor == SC_VENDOR_OTHER || r->vendor == cpu->vendor) && (r->family < 0 || r->family == cpu->family) &&
        cpu->model >= r->model_lo && cpu->model <= r->model_hi) {
      c = r;
      break;
    }
  }
  sc_tuning t;
  t.cpu_class = c->name;
  t.l1d = cpu->l1d ? cpu->l1d : c->l1d;
  t.l2 = cpu->l2 ? cpu->l2 : c->l2;
  const size_t llc = cpu->l3 ? cpu->l3 : c->l3; /* the last-level cache: probed, else the class's */
  /* The GEMM tile choice: a block's weights that stay in L1 (see gemm_tile; the 16-lane rule counts
   * half of it, beside the tile's inputs: 7x7x192 -> 1152, a 48 KiB 64-wide block on Zen 5's
   * 48 KiB L1d, ran 4x64 at 206 GFLOP/s where 12x32 / 6x64 reach 220). */
  t.gemm_weight_bytes = t.l1d;
  /* A GEMM job walks as many output-channel blocks per tile of pixels as keep their weights within
   * half of L2 (they stream from L2 for every tile). A job of few blocks reads (and, with a
   * residual, writes) a narrow slice of every pixel's channels once per job, strided by the pixel
   * stride, and the input once per job; whole pixels as one stream are faster. Measured (AVX2, AMD
   * EPYC Zen 3 family 25 model 1, one process, time ratios against the earlier L1d budget):
   * 28 1x1 layers without residual geomean 1.013x (56x56x128 -> 256 1.05x, 28x28x512 -> 1024 s2
   * 1.04x, 56x56x256 -> 128 1.02x, lowest 28x28x128 -> 512 0.99x, resnet_2_1x1 1.00x); fused run_ex
   * with a residual, against all blocks per job within L2 / 2 or else the L1d budget: 0.995-1.026x
   * on 7 layers, and that against the L1d budget: 28x28x128 -> 512 1.23x, 56x56x128 -> 256 1.06x,
   * resnet_2_1x1 1.02x (all blocks past L2 / 2, 14x14x256 -> 1024 with 1 MiB: 0.88x). */
  t.gemm_job_bytes = t.l2 / 2 > t.l1d ? t.l2 / 2 : t.l1d;
  /* Streamed stores skip the read-for-ownership of outputs that leave the cache anyway: only
   * outputs past the last-level cache (probed L3, else the class's; at least 2 x L2), which the
   * next layer reads from memory either way. Below it a streamed output also leaves the cache,
   * and the next layer reads it from memory instead of L3: the layer alone ran faster streamed
   * (depthwise past L2: Zen 3 4.7 % on 784 KiB, Zen 5 0.99-1.23x on 1.2-4.9 MB, one thread; GEMM
   * and AVX-512 convolutions past 2 x L2: Zen 4/5 1.7 % on mobilenet_pw_112's 3.2 MB, 224x224x3
   * -> 64 3x3 1.03x), but the pair it starts did not. AMD EPYC Zen 5 (family 26 model 2, 32 MiB
   * L3), relu, a layer then one reading its output, the pair's time with the first layer streamed
   * (the earlier rule) / not, one process (a scratch harness, 11-15 rounds), one thread | two:
   * depthwise 3x3 then 1x1: 56x56x144 -> 24 1.73x | 1.60x, 56x56x96 -> 24 1.86x | 1.86x,
   * 112x112x96 s2 -> 24 1.65x | 1.57x, 56x56x128 -> 128 1.32x | 1.29x, 33x33x480 -> 80 1.20x |
   * 1.23x, 112x112x32 -> 64 1.00x | 1.06x, 130x130x72 -> 24 1.01x | 1.03x; 1x1 then depthwise 3x3:
   * 112x112x16 -> 96 (4.8 MB) 1.57x | 1.53x, 112x112x32 -> 64 1.48x | 1.47x, 224x224x16 -> 64
   * (12.8 MB) 1.62x | 1.29x, 300x300x16 -> 64 (23 MB) 1.22x | 1.11x, 400x400x16 -> 64 s2 (41 MB,
   * past L3) 0.94x | 1.01x; ResNet's 56x56x64 -> 256 then 1x1 -> 64 1.21x | 1.20x; before a 3x3
   * convolution 0.99-1.01x (224x224x3 -> 64 -> 64, 112x112x64 -> 128 -> 128, 56x56x256 -> 128 ->
   * 3x3 s2). A depthwise layer alone on two threads also ran faster unstreamed (112x112x32
   * 1.21x, 33x33x672 1.20x: the streamed stores had held two threads to one thread's speed).
   * A network bench that times each layer alone on inputs that stay cached assumes the producer
   * left them there; streaming had counted its gain and hidden the next layer's loss. The two
   * builds side by side (bench/chain_ab.c, bench/chains.txt): 1.197x (one thread), 1.190x (two)
   * geomean over 16 pairs; outputs of 12.8-23 MB on two threads mixed (0.84-1.10x: the pair's
   * tensors pass L3 there). */
  t.stream_bytes = llc > 2 * t.l2 ? llc : 2 * t.l2;
  /* With a separate residual (run_ex; never in place: the residual's lines are the output's), a
   * streamed output beside the residual's reads: a class measured to gain from it. Zen 5 (AMD
   * EPYC family 26 model 2), fused run_ex + relu, one process, streamed / not: 56x56x64 -> 256
   * 1.030x, 112x112x16 -> 96 1.026x, 56x56x128 -> 256 1.007x (in place 0.96x). Zen 3 (family 25
   * model 1) lost: 28x28x128 -> 512 0.84x, 112x112x16 -> 96 0.97x, 56x56x64 -> 256 0.98x.
   * Zen 4 (family 25 model 17) gains: bench --residual-pairs, 7 rounds, two processes each, fused
   * GFLOP/s unstreamed / streamed: 56x56x64 -> 256 105.4, 104.6 / 106.5, 109.7 (fused / unfused
   * 1.08 -> 1.10), 56x56x128 -> 256 101.0, 94.5 / 110.5, 109.8 (0.97 -> 1.03), the ResNet-50
   * bottleneck block fused / unfused 0.996 -> 1.030; 28x28x128 -> 512, 14x14x256 -> 1024,
   * 7x7x512 -> 2048 within 1 %; AVX2 there unchanged (56x56x64 -> 256 1.08x fused / unfused
   * either way). Unmeasured classes keep them unstreamed.
   * Depthwise (one residual vector per 9 FMAs) beside a residual had streamed from 4 x L2 (session
   * 37); since session 44 no output below the LLC streams, and Zen 5 ran these layers as fast
   * unstreamed (fused GFLOP/s streamed / not, `simdconv_bench --residual-pairs=15 --layer`:
   * 75x75x256 110 / 112, 112x112x96 125 / 130, 80x80x320 72 / 69); on Zen 4, unmeasured since, it
   * had gained. Zen 4, fused run_ex + relu, residual separate, old and new library in one process
   * (15 rounds, two runs), streamed / not: 75x75x256 1.29x, 1.50x (fused had run at 0.35x the layer without residual, 0.72x of
   * run + a separate pass), 75x75x256 5x5 1.42x, 1.48x, 112x112x96 1.17x; below 4 x L2, at
   * 1.6-3.6 MB, mixed: 112x112x32 0.93x, 56x56x128 0.95x, 56x56x256 0.98-1.04x, 112x112x64
   * 0.96-1.07x, 75x75x128 1.30-1.38x. With the whole pixels below, on shapes not used to set
   * either (one thread, both changes / neither): 80x80x320 1.67x, 90x90x160 1.91x, 128x128x128
   * 1.66x, 60x60x480 1.60x, 56x56x384 1.83x, 74x74x256 5x5 1.54x, 40x40x1024 1.08x; two threads
   * 1.13-2.08x. */
  t.stream_residual = c->stream_residual;
  /* A depthwise layer does 2 K^2 / S^2 flops per input byte it reads once: where its input and
   * output do not stay in L3 between runs, its tiles wait on memory, the hardware prefetchers
   * following a tile's short spans of K rows (in column strips, select.c dw_strips, one tile below
   * the other) poorly. From a third of L3 (shared with the other cores; the class's L3 where the
   * probe reports none), each tile prefetches the input rows that the next output row (the next
   * tile of a strip) adds (kernel.h sc_job.prefetch); not where pixels are whole L1d ways (1024,
   * 2048 channels: 4 KiB pages each, which the hardware streams). AMD Zen 4 (family 25 model 17,
   * 32 MiB L3, 2 vCPUs of a shared host), dw_avx512_10x32 / 12x16, one thread, relu, the library
   * without and with (a scratch harness loading both libsimdconv.so in one process, interleaved,
   * 15-21 rounds; memory-bound times here vary 2x from run to run with the host's load; the first
   * runs prefetched into L1, which L2 beat by 1.04-1.38x): time without / with, past the
   * threshold, 3x3: 260x260x64 stride 2 1.07-1.17x, 300x300x64 1.14-1.24x, 200x200x128
   * 1.13-1.48x, 180x180x96 1.27-1.71x, 160x160x160..224 1.62-2.08x, 150x150x144 1.99x,
   * 100x100x512 1.54x, 200x200x160..256 stride 2 1.67-1.88x, 90x90x640 stride 2 1.67x,
   * 120x120x128 1.22x, 70x70x768 1.02x, 150x150x64 1.00x, 96x96x192 1.00x, 75x75x256 0.97x,
   * 64x64x384 0.96x (the last four within L3 here); 5x5 stride 2 260x260x72 1.10-1.14x,
   * 200x200x96 1.21-1.27x; 5x5 130x130x144 1.04-1.07x, 150x150x160 1.04-1.12x; 7x7 112x112x192
   * 0.95-1.17x (three runs), 100x100x256 1.16x, 120x120x96 0.95-0.96x (11 MB, at the threshold);
   * pixels of 4 KiB 0.96-0.97x (80x80x1024, 56x56x1024, 40x40x1024).
   * Below the threshold (every layer prefetching, 5-10 MB): 0.97-1.08x, 180x180x48 stride 2
   * 0.90x; below 4 MB 0.89-0.98x. AVX2 (dw_avx2_3x32, its tiles prefetching all the job's
   * channels at once, kernel.h), the same CPU: 260x260x64 stride 2 1.91-2.31x, 200x200x128
   * 1.45-1.89x, 180x180x96 1.23-1.75x, 160x160x192 2.04-2.16x, 100x100x512 1.72-1.83x,
   * 260x260x72 5x5 stride 2 1.48-1.53x, 75x75x256 1.01-1.91x; below the threshold 0.96-1.02x. */
  t.dw_prefetch_bytes = llc / 3;
  /* One-vector tiles (gemm_ / conv_avx512_12x16: one broadcast per FMA, 13 loads per 12 FMAs) take
   * their broadcasts in the form the class was measured to run fastest; DEFAULT's rules pick among
   * the plain rows and the choice gives way to its twin of that form (bcast_twin).
   * Permutes (12x16p, rows 6-11 broadcast by vpermps from one vector load: the load ports and the
   * shuffle units share the broadcasts): Zen 5 (AMD EPYC family 26 model 2), forced, one process,
   * 12x16p / 12x16: GEMM 56x56x32 -> 16 1.13x, 112x112x32 -> 16 1.14x, 56x56x64 -> 16 1.07x; conv
   * 3x3 with 16 channels a group: 14x14x512 g32 1.07x, 28x28x256 g16 1.08x, 56x56x128 g8 1.13x;
   * dense 3x3 / 5x5 -> 16 1.00x.
   * Embedded (12x16e, vfmadd231ps m32{1to16}: the broadcast is the FMA's load, no separate uop):
   * Zen 4 (AMD EPYC family 25 model 17; 512-bit FMAs and broadcasts double-pumped on 256-bit
   * pipes), --kernel-pairs, 11 rounds, 12x16e / 12x16 (12x16p / 12x16): 14x14x512 g32 1.32x
   * (0.95x), 56x56x128 g8 1.36x, 56x56x256 g16 s2 1.40x, GEMM 112x112x32 -> 16 1.34x (0.96x),
   * 56x56x64 -> 16 1.33x, 28x28x256 -> 16 1.35x, dense 3x3 56x56x16 -> 16 1.35x.
   * Unmeasured classes keep register broadcasts (Intel: 512-bit permutes run on an FMA port; the
   * embedded form was not measured apart from noise there); MEASURE and a forced kernel may take
   * any form. */
  t.onevec_bcast = c->onevec;
  /* The GEMM rule's last step (gemm_tile_cost): a winner whose block fits half of L1d gives way to
   * the tile of its width with the fewest accumulators (4x64 for 6x64), as measured on Zen 5 (equal
   * or ahead there). Not on Intel: Xeon family 6 model 207 (Emerald Rapids), one process each,
   * forced tiles on the 67 distinct 1x1 layers of the six bench networks (5 interleaved
   * repetitions, medians): 4x64 / 6x64 geomean 0.929 on the 11 layers in that budget (9 of 11
   * below 1; 14x14x80 -> 480 0.73, 14x14x64 -> 384 0.87, 14x14x96 -> 576 0.91), 0.876 past it;
   * in the network runs DEFAULT's 4x64 layers were its furthest below oneDNN (56x56x64 -> 256
   * 0.80-0.81x, 14x14x96 -> 576 0.81x). Unmeasured classes keep Zen 5's rule. */
  t.gemm_fewest_acc = c->gemm_fewest_acc;
  /* Zen 4 runs a 512-bit FMA as two 256-bit halves on its two FMA pipes: 256-bit FMAs issue at
   * twice the rate, so AVX-512's 8-lane tiles (kernels/avx512_ymm.c, rows with lanes 8) reach the
   * same FLOP rate and pad output channels to 8, not 16 (sc_select_default). AMD EPYC family 25
   * model 17, forced, one process, GFLOP/s 8-lane tile vs DEFAULT's 16-lane one: 1x1 56x56x144 ->
   * 24 108.8 vs 83.2, 28x28x240 -> 40 109.3 vs 94.6, 28x28x72 -> 72 112.6 vs 93.4, 28x28x128 ->
   * 56 107.1 vs 98.6, 14x14x88 -> 88 108.8 vs 101.1, 14x14x480 -> 120 114.2 vs 108.5; 3x3 56x56x24
   * -> 24 115.3 vs 86.5, 28x28x72 -> 72 118.1 vs 108.8; at equal padding level (3x3 -> 40 0.99x).
   * Zen 5 and Intel run 512-bit FMAs at full width (an 8-lane tile at half their peak): 0. */
  t.half_width_peak = c->half_width_peak;
  /* The fewest accumulator chains that keep the FMA pipes busy in a one-pass GEMM tile
   * (gemm_one_pass_fewest): FMA latency x 512-bit FMAs a cycle, plus slack for the loads. Zen 4's
   * one 512-bit FMA a cycle (two 256-bit halves): 8 (4x64 on Cout 32 1.00-1.20x 12x32, select.c).
   * Full-width pipes (Zen 5: two 512-bit FMAs a cycle, latency 4) wait on 8: AMD EPYC family 26
   * model 2, --kernel-pairs, 7 rounds, GFLOP/s 4x64 (8 chains) / 6x64 (12) / 12x32 (24) on Cout
   * 32: 80x80x64 185 / 198 / 189, 112x112x64 187 / 202 / 196, 40x40x128 184 / 201 / 198,
   * 150x150x16 171 / 182 / 169, 14x14x48 124 / 130 / 125 (15 shapes: 6x64 ahead of 4x64 by
   * 1.05-1.09x, of 12x32 by 1.00-1.07x, 30x30x160 level with 12x32); Cout 48 on 4x64 (12) / 6x64
   * (18): 56x56x12 188 / 154, 48x48x64 209 / 201, 40x40x48 204 / 194, 17x17x192 187 / 193. */
  t.gemm_min_chains = c->half_width_peak ? 8 : 12;
  /* A depthwise job walks several channel blocks per tile of pixels (block-inner), so that a tile
   * reads its input pixels' channels as whole consecutive lines rather than one block's slice of
   * every pixel per pass over the image (which ran 7 GFLOP/s on 56x56x512 and 19 on 7x7x1024,
   * whose 4 KiB pixel stride maps a block's slices to the same L1 sets), as many blocks as keep
   * the tile's working set (weights and input window per block) within half of L1d. Measured
   * (AVX2 dw_avx2_3x32, AMD EPYC Zen 3 family 25 model 1, one process, time ratios against one
   * block per job, 31 depthwise layers 3x3 / 5x5, stride 1 / 2, 7x7 to 112x112 maps, 32-1152
   * channels): geomean 1.10x, 56x56x512 2.2x, 7x7x1024 1.33x, 56x56x128 1.20x, 56x56x144 1.19x,
   * 7x7x960 1.19x, 112x112x96 s2 1.13x, lowest 56x56x144 s2 0.96x (5 blocks in 2 ranges) and 5x5
   * layers 0.97-1.00x. Budgets of 3/4 and all of L1d gave similar geomeans, but 5x5 layers went
   * down to 0.87x (28x28x240: their sliding windows' reuse from L1 is lost). */
  t.dw_block_bytes = t.l1d / 2;
  /* ... except where the input image comes from memory (from 4 x L2): then all blocks per job, the
   * tile reading whole pixels (consecutive lines) rather than a slice of every pixel per pass over
   * the image; not where pixels lie a multiple of half an L1d way apart (the tile's window rows
   * then share L1d sets). AMD Zen 4 (family 25 model 17), dw_avx512_10x32, one thread, all blocks
   * / the L1d budget, paired in one process (15 rounds), no residual: 75x75x256 1.14x, 96x96x192
   * 1.14x, 64x64x384 1.18x, 120x120x128 1.11x, 112x112x96 1.06x, 112x112x96 stride 2 1.04x,
   * 100x100x160 5x5 1.02x, 48x48x512 0.92x (2 KiB apart); with a fused residual 1.03-1.38x. Within
   * L3 the budget wins: over the 46 depthwise layers of bench/networks 0.83-1.14x (14x14x384
   * 0.85x, 14x14x672 0.87x, 56x56x144 0.92x; 56x56x128 1.07x). */
  t.dw_whole_pixel_bytes = 4 * t.l2;
  /* One L1d way (size / associativity): 4 KiB on every x86 core these classes name (32 KiB 8-way,
   * 48 KiB 12-way) and the default where the probe reports no associativity. */
  t.l1d_way = cpu->l1d && cpu->l1d_ways && cpu->l1d % cpu->l1d_ways == 0 ? cpu->l1d / cpu->l1d_ways : KIB(4);
  if (t.l1d_way == 0 || t.l1d_way > t.l1d) t.l1d_way = t.l1d;
  /* A convolution block (taps x Cin_g x NR floats) is read once per tile of pixels and must stay in
   * L2 with the tiles' inputs: past half of L2 the next narrower tile (half the block) wins.
   * AVX-512, 1 MiB L2 (Zen 4/5), 6x64 -> 12x32, GFLOP/s: resnet_5_3x3 (1.2 MB block) 190 -> 219,
   * vgg_3_3x3 (590 KB) 201 -> 206, resnet_4_3x3 (590 KB) equal; below, 6x64 won (resnet_2_3x3,
   * 147 KB, 209 vs 211). AVX2 3x32 -> 6x16: on Zen 4 (1 MiB L2) 3x32 won on vgg_3_3x3 (295 KB)
   * 108 vs 114; on Zen 3 (512 KiB L2, AMD EPYC family 25 model 1, one process, medians)
   * 6x16 won on every block past 256 KiB: resnet_5_3x3 (590 KB) +13 %, resnet_4_3x3 (295 KB)
   * +3-4 %, 14x14x512 -> 48 (590 KB) +41 %, vgg_3_3x3 +1 %, 14x14x256 -> 32 (295 KB) +2 %, and
   * tied or 1-2 % ahead on blocks of 140-220 KB. */
  t.wide_block_bytes = t.l2 / 2;
  return t;
}

/* ---- what a row can compute ---- */

static int depthwise(const sc_geom *g) { return g->groups > 1 && g->cin == g->groups && g->cout == g->groups; }

/* 1x1 kernel and every output pixel reads exactly one input pixel (no padding taps): the layer is a
 * GEMM of pixels x input channels by input x output channels. */
static int gemm_shape(const sc_geom *g) {
  return g->kh == 1 && g->kw == 1 && g->pad_top == 0 && g->pad_left == 0 && (g->oh - 1) * g->sh < g->ih &&
         (g->ow - 1) * g->sw < g->iw;
}

/* Winograd F(m x m, 3 x 3): 3x3, stride 1, dilation 1, any padding, at least 4 input and output
 * channels per group (the transforms are vectorised across channels; with fewer there is nothing
 * to amortise them over, and depthwise layers never qualify). */
static int winograd_shape(const sc_geom *g) {
  return g->kh == 3 && g->kw == 3 && g->sh == 1 && g->sw == 1 && g->dh == 1 && g->dw == 1 && g->cin / g->groups >= 4 &&
         g->cout / g->groups >= 4;
}

/* Grouped tiles (several groups a vector): C input and output channels a group, 2 <= C < lanes,
 * C dividing the lanes, more than one group. */
static int grouped_shape(const sc_geom *g, size_t lanes) {
  const size_t c = g->cin / g->groups;
  return g->groups > 1 && g->cout / g->groups == c && c >= 2 && c < lanes && lanes % c == 0;
}

int sc_row_computes(const sc_kernel_row *r, const sc_geom *g) {
  switch (r->kind) {
    case SC_KIND_CONV: return 1;
    case SC_KIND_DOT: return (g->cin / g->groups) % r->kdot == 0;
    case SC_KIND_GEMM: return gemm_shape(g);
    case SC_KIND_DW: return depthwise(g);
    case SC_KIND_WINO: return winograd_shape(g);
    case SC_KIND_GRP: return grouped_shape(g, r->lanes);
  }
  return 0;
}

/* ---- DEFAULT ---- */

/* Output lanes a tile of width nr leaves padded on cout output channels. */
static size_t waste(size_t cout, size_t nr) { return (cout + nr - 1) / nr * nr - cout; }

/* Tiles of one vector per pixel (AVX2 12x8, AVX-512 12x16) load a weight vector and a broadcast per
 * FMA row and run load-bound (12x8: 74-79 GFLOP/s where 6x16 and 3x32 reach 100 on Zen 3): they
 * serve output-channel counts they cover whole, not as pieces of wider ones. */
static int eligible(const sc_kernel_row *r, size_t cout_g) { return r->nr >= 2 * r->lanes || r->nr >= cout_g; }

/* The row of kind k that computes g (with NR == nr when nr != 0) with the fewest (most: want_most)
 * accumulators MR x NR. */
static const sc_kernel_row *by_accumulators(const sc_geom *g, const sc_kernel_row *const *rows, size_t n, sc_kind k,
                                            size_t nr, int want_most) {
  const sc_kernel_row *best = NULL;
  for (size_t i = 0; i < n; i++) {
    const sc_kernel_row *r = rows[i];
    if (r->kind != k || (nr != 0 && r->nr != nr) || !sc_row_computes(r, g)) continue;
    if (best == NULL || (want_most ? r->mr * r->nr > best->mr * best->nr : r->mr * r->nr < best->mr * best->nr)) best = r;
  }
  return best;
}

/* The depthwise tile: the most accumulators, then the widest; except for windows other than 3x3
 * stride 1 (5x5, strided), where the rows that pad the fewest channel lanes come first, among
 * those whose tiles fit an output row at least twice. AVX2, AMD EPYC Zen 3 (family 25 model 1),
 * one process, DEFAULT against dw_avx2_3x32 alone (time ratio, 15 rounds), 6x16 where it pads
 * fewer lanes: 28x28x240 5x5 1.11, 5x5 s2 1.06, 3x3 s2 1.06; 28x28x144 5x5 s2 1.13; 56x56x72 5x5
 * s2 1.22; 56x56x144 s2 1.04; but 7x7x240 5x5 0.91 (6 + 1 pixels a row) and, in the 3x3 stride-1
 * sliding window (3x32: 5 input loads per 9 FMAs), 0.95-1.00 (144 and 200 channels, 14x14 to
 * 56x56). Where 32 covers the channels 6x16 lost even on strided layers (112x112x96 s2 0.80,
 * 56x56x128 s2 0.82).
 * 3x3 stride 2 (a sliding window whose channel tail runs masked, where the 5x5 and 7x7 whole-row
 * windows run their tail block tap by tap): more accumulators first, unless a row pads half of
 * the channels or more (or does not fit an output row twice); AVX2's two rows have 12 each, so
 * there the padded lanes decide as before. AVX-512, AMD EPYC Zen 5 (family 26 model 2), forced,
 * one process, 9 repetitions, GFLOP/s dw_avx512_10x32 (20 accumulators) vs dw_avx512_12x16 (12):
 * 56x56x144 s2 60.4 vs 54.2, 50x50x176 s2 63.4 vs 49.0, 60x60x208 s2 59.4 vs 49.7, 60x60x80 s2
 * 57.9 vs 58.3, 112x112x48 s2 56.7 vs 56.5, but 112x112x16 s2 64.7 vs 71.4 (10x32 pads half);
 * in the 5x5 / 7x7 windows 12x16 where 32 pads: 28x28x240 5x5 136 vs 97, 64x64x48 5x5 s2 134 vs
 * 43, 40x40x112 5x5 113 vs 77, 32x32x80 7x7 147 vs 81.
 * 3x3 stride 1 takes the half-padded test too (its rows' whole-row windows fit any map; where
 * both rows pad half or more and fit an output row twice, the fewer padded lanes): 16 channels on
 * a 32-wide row are half lanes of zeros. Zen 5 (family 26 model 2), `bench/run.sh --kernels`
 * (paired, 31 rounds), the narrow row over the wide one: AVX-512 12x16 / 10x32 at 16 channels
 * 112x112 1.22x, 80x80 1.13x, 56x56 1.23x, 40x40 1.18x, 28x28 1.16x, 14x14 1.09x, 7x7 1.07x; 8
 * channels 60x60 and 56x56 1.06x, stride 2 112x112 1.11x, 56x56 1.07x; AVX2 (SIMDCONV_ISA=avx2,
 * same CPU) 6x16 / 3x32 at 16 channels 1.49-1.75x, 8 channels 1.20-1.65x. Left on the wide row
 * (neither pads half): 48 channels, where the narrow row measured AVX-512 0.90-1.16x (56x56 1.16,
 * 48x48 1.11, 112x112 1.04, 14x14 1.02, 28x28 0.98, 40x40 valid 0.90) and AVX2 1.18-1.27x
 * (unmeasured on a Zen 3, where 144 and 200 channels lost 0.95-1.00x, see above); 24 channels
 * (both pad 8) 0.96x; 80 to 240 channels 0.90-1.02x. MobileNetV3's 112x112x16
 * 3x3 in its network run: 43.9 -> 33.8 us, 1.00x -> 1.28x oneDNN. */
/* A 3x3 depthwise layer of stride s (both directions), no dilation along rows */
static int dw_3x3_stride(const sc_geom *g, size_t s) {
  return g->kh == 3 && g->kw == 3 && g->sh == s && g->sw == s && g->dw == 1;
}
static int dw_window3(const sc_geom *g) { return dw_3x3_stride(g, 1); }

/* Whether the row's tiles fit an output row at least twice */
static int dw_fits_twice(const sc_geom *g, const sc_kernel_row *r) { return g->ow >= 2 * r->mr; }

/* The channel lanes a row pads, or all channels where its tiles do not fit an output row twice */
static size_t dw_padded_lanes(const sc_geom *g, const sc_kernel_row *r) {
  return dw_fits_twice(g, r) ? waste(g->cout, r->nr) : g->cout;
}

static size_t dw_padded(const sc_geom *g, const sc_kernel_row *r) { return dw_window3(g) ? 0 : dw_padded_lanes(g, r); }

/* 3x3 stride 2 and stride 1 (see above): the row pads half of the channels or more, or (stride 2)
 * does not fit twice */
static int dw_half_padded(const sc_geom *g, const sc_kernel_row *r) {
  return 2 * (dw_window3(g) ? waste(g->cout, r->nr) : dw_padded_lanes(g, r)) >= g->cout;
}

static const sc_kernel_row *dw_tile(const sc_geom *g, const sc_kernel_row *const *rows, size_t n) {
  const int strided3 = dw_3x3_stride(g, 2);
  const int half3 = strided3 || dw_window3(g); /* the half-padded test (dw_half_padded) */
  const sc_kernel_row *best = NULL;
  for (size_t i = 0; i < n; i++) {
    const sc_kernel_row *r = rows[i];
    if (r->kind != SC_KIND_DW || !sc_row_computes(r, g)) continue;
    if (best == NULL) {
      best = r;
      continue;
    }
    const size_t pr = dw_padded(g, r), pb = dw_padded(g, best);
    const size_t ar = r->mr * r->nr, ab = best->mr * best->nr;
    const int hr = half3 && dw_half_padded(g, r), hb = half3 && dw_half_padded(g, best);
    /* both pad half or more, and both fit an output row twice: the fewer padded lanes */
    const size_t wr = waste(g->cout, r->nr), wb = waste(g->cout, best->nr);
    const int fewer = hr && dw_fits_twice(g, r) && dw_fits_twice(g, best) && wr != wb;
    if (hr != hb ? hr < hb
        : fewer ? wr < wb
        : strided3 && ar != ab ? ar > ab
        : pr != pb ? pr < pb
        : ar != ab ? ar > ab
                   : r->nr > best->nr)
      best = r;
  }
  return best;
}

/* The GEMM tile of 16-lane ISAs (AVX-512): the one that loads the least per useful FMA. A tile of
 * MR x NR on Cout_g channels (V vectors of lanes, computed in P = ceil(Cout_g / NR) passes over a
 * tile's inputs, the last pass only the vectors it needs) loads per input channel MR broadcasts
 * per pass and one weight vector per FMA row: P / V + w / MR loads per FMA, w = 1, or 2.5 when
 * the block (Cin_g x NR floats) passes half of L1d (its weights then come from L2 for every
 * tile). Ties: the fewest padded lanes, the fewest passes, the taller tile. A winner whose block
 * fits half of L1d gives way to the tile of its width with the fewest accumulators (4x64 for
 * 6x64) unless that one's last pass is partial (its few accumulators wait on the FMA latency),
 * where the CPU class does (t->gemm_fewest_acc: not on Intel, see sc_classify); where the winner
 * covers Cout_g in one pass, to any tile that does, by the accumulators it uses
 * (gemm_one_pass_fewest: 4x64 for 12x32 on Cout 32).
 * AMD EPYC Zen 5 (family 26 model 2), AVX-512, one process:
 *   - forced tiles, GFLOP/s 12x32 / 6x64 / 4x64: 56x56x24 -> 144 186 / 198 / 199, 28x28x240 -> 40
 *     163 / 182 / 179, 14x14x480 -> 80 200 / 205 / 188, 7x7x192 -> 1152 220 / 219 / 206,
 *     14x14x672 -> 112 207 / 221 / 222, 14x14x1024 -> 256 223 / 223 / 222, 112x112x32 -> 16
 *     150 / 149 / 137 (12x16 154);
 *   - DEFAULT against the earlier rule (fewest padded lanes, then the widest in L1 or the tallest
 *     past it), two builds in one process, the 58 of 86 distinct 1x1 layers of the six bench
 *     networks whose tile changed: geomean 1.022x; 1x1x1152 -> 48 1.42x, 35x35x288 -> 48 1.12x,
 *     28x28x240 -> 40 1.11x, 112x112x16 -> 96 1.11x, 7x7x160 -> 960 1.08x, 14x14x672 -> 112
 *     1.08x; lowest 28x28x40 -> 240 0.97x, 28x28x128 -> 512 0.99x (and 1-pixel SE layers 0.93x).
 *     Weights of 2 and 3 per L2 load lost 7x7x960 -> 160 (0.90x) or 35x35x192 -> 48 (0.91x).
 *   - gemm_avx512_5x80 (25 accumulators), forced, GFLOP/s against the best other tile: past half of
 *     L1d 14x14x480 -> 80 222 vs 202 (6x64), 14x14x240 -> 80 221 vs 200, 28x28x120 -> 80 221 vs
 *     205, 14x14x160 -> 400 222 vs 216, 7x7x960 -> 160 223 vs 221 (12x32), 7x7x960 -> 320 220 vs
 *     220; in L1 it did not gain: 56x56x24 -> 144 194 vs 200 (4x64), 28x28x40 -> 240 208 vs 216,
 *     28x28x64 -> 320 214 vs 214 (6x64), so there it is left out. */
/* Reductions this short (input channels a group) are the expansion layers of inverted residual
 * blocks: their own GEMM rule in sc_select_default (8-lane tiles), and gemm_tile_cost's odd-vector
 * rule stops short of them. */
#define SC_SHORT_GEMM_CIN 24

/* a GEMM tile's block of weights (Cin_g x NR floats) fits half of the job's L1 budget */
static int gemm_block_in_l1(const sc_kernel_row *r, size_t cin_g, const sc_tuning *t) {
  return cin_g * r->nr * sizeof(float) <= t->gemm_weight_bytes / 2;
}

/* tiles wider than 4 vectors (5x80: 25 accumulators, 0.4 loads per FMA) only where their block
 * streams from L2: in L1 the loads are not what limits (see above) */
static int gemm_wide_in_l1(const sc_kernel_row *r, size_t cin_g, const sc_tuning *t) {
  return r->nr > 4 * r->lanes && gemm_block_in_l1(r, cin_g, t);
}

static double gemm_loads_per_fma(const sc_kernel_row *r, size_t cin_g, size_t cout_g, const sc_tuning *t) {
  const size_t v = (cout_g + r->lanes - 1) / r->lanes, p = (cout_g + r->nr - 1) / r->nr;
  const double w = gemm_block_in_l1(r, cin_g, t) ? 1.0 : 2.5;
  return (double)p / (double)v + w / (double)r->mr;
}

/* The fewest-accumulators step where the winner covers Cout_g in one pass, on maps of at least
 * SC_GEMM_ONE_PASS_PIXELS: a wider tile's one pass computes only the vectors Cout_g needs
 * (conv_template.h), so every tile of the winner's lanes whose one pass covers Cout_g competes, by
 * the accumulators it uses (MR x those vectors), the fewest first, but no fewer than the
 * class's t->gemm_min_chains (8 on Zen 4, 12 where 512-bit FMAs run at full width: sc_classify):
 * fewer independent accumulator chains wait on the FMA latency. Tiles wider
 * than 4 vectors stay out (gemm_wide_in_l1). AMD Zen 4 (family 25 model 17), simdconv_bench
 * --kernel-pairs, 5-9 rounds, Cout 32 (12x32's 24 accumulators against 4x64's 2 x 4), 4x64 /
 * 12x32: 80x80x32 1.12x, 80x80x64 1.05-1.06x, 56x56x64 1.06x, 112x112x64 1.05x, 56x56x96 1.04x,
 * 20x20x128 1.02x, 40x40x128 and 27x27x128 1.01x; then (with short tiles computing only the
 * vectors they need too, conv_template.h) on shapes not used to set it: 150x150x16 1.20x, 64x64x32
 * 1.11x, 44x44x40 1.09x, 38x38x48 1.08x, 14x14x48 1.07x, 12x12x64 1.05x, 10x10x64 1.04x, 17x17x64
 * 1.04x, 26x26x80 1.04x, 14x14x96 1.03x, 20x20x96 1.03x, 24x24x112 1.02x, 10x10x96 1.02x,
 * 19x19x112 1.01x, 8x8x128 1.00x; past half of L1d, where the step does not apply: 28x28x160
 * 1.02x, 28x28x256 1.00x, 13x13x256 0.94x, 17x17x384 0.96x. Cout 48 (6x64's 18 accumulators
 * against 4x64's 12): 1.00-1.04x (112x112x8 1.14x). Cout 16 with 4 or 6 accumulators lost
 * (55x55x64 -> 16: 4x64 0.72x, 6x64 0.73x of 12x16e; Zen 5 112x112x32 -> 16: 4x64 137 GFLOP/s
 * against 12x16's 154). On 7x7 maps the taller tiles stay ahead (6x64 / 4x64 on Cout 32:
 * 1.03-1.06x, 12x16e 1.06-1.08x, 12x32 0.99-1.05x; Cout 48: 6x64 1.04x), where 8x8x128 -> 32 is
 * level (12x32 1.00x, 12x16e 1.02x): from 64 pixels on (before the short tiles' fix the 1-pixel
 * tail of 49 pixels cost 4x64 10-20 % there). On Zen 5 the 12-chain floor takes 6x64 on Cout 32
 * and 24, 4x64 on Cout 48 (sc_classify has the figures). */
#define SC_GEMM_ONE_PASS_PIXELS 64
static const sc_kernel_row *gemm_one_pass_fewest(const sc_geom *g, const sc_kernel_row *const *rows, size_t n,
                                                 const sc_kernel_row *best, const sc_tuning *t) {
  const size_t cout_g = g->cout / g->groups, cin_g = g->cin / g->groups;
  const size_t vecs = (cout_g + best->lanes - 1) / best->lanes;
  const sc_kernel_row *pick = best;
  for (size_t i = 0; i < n; i++) {
    const sc_kernel_row *r = rows[i];
    if (r->kind != SC_KIND_GEMM || r->lanes != best->lanes || r->nr < cout_g || !sc_row_computes(r, g)) continue;
    if (gemm_wide_in_l1(r, cin_g, t) || r->mr * vecs < (size_t)t->gemm_min_chains) continue;
    if (r->mr < pick->mr) pick = r;
  }
  return pick;
}

static const sc_kernel_row *gemm_tile_cost(const sc_geom *g, const sc_kernel_row *const *rows, size_t n,
                                           const sc_tuning *t) {
  const size_t cout_g = g->cout / g->groups, cin_g = g->cin / g->groups;
  const sc_kernel_row *best = NULL;
  double best_cost = 0;
  for (size_t i = 0; i < n; i++) {
    const sc_kernel_row *r = rows[i];
    if (r->kind != SC_KIND_GEMM || !eligible(r, cout_g) || !sc_row_computes(r, g)) continue;
    if (gemm_wide_in_l1(r, cin_g, t)) continue;
    const double c = gemm_loads_per_fma(r, cin_g, cout_g, t);
    const int tie = best != NULL && c < best_cost + 1e-9 && c > best_cost - 1e-9;
    if (best == NULL || (!tie && c < best_cost) ||
        (tie && (waste(cout_g, r->nr) != waste(cout_g, best->nr) ? waste(cout_g, r->nr) < waste(cout_g, best->nr)
                 : r->nr != best->nr                             ? r->nr > best->nr /* fewer passes */
                                                                 : r->mr > best->mr))) {
      best = r;
      best_cost = c;
    }
  }
  /* Where the class takes one-vector tiles with embedded broadcasts (12x16e: the broadcast is the
   * FMA's memory operand) and Cout_g is an odd number of vectors, 5 or more, the one-vector tile
   * computes whole passes where every wider tile ends on a partial one (80 = 64 + 16 on 6x64, 32 +
   * 32 + 16 on 12x32). AMD Zen 4 (family 25 model 17), --kernel-pairs, 5-7 rounds, 12x16e / DEFAULT
   * (6x64, 12x32 or 5x80): 73x73x64 -> 80 1.04x, 56x56x64 -> 80 1.06x, 20x20x96 -> 80 1.10x,
   * 35x35x128 -> 80 1.07x, 56x56x32 -> 80 1.03x, 14x14x160 -> 80 (5x80) 1.02x, 28x28x128 -> 144
   * 1.05x, 7x7x480 -> 176 1.05x, 14x14x160 -> 208 1.04x, 7x7x480 -> 272 1.10x, 14x14x256 -> 272
   * 1.03x, 14x14x96 -> 112 1.09x, 14x14x96 -> 240 1.05x; 18 of 21 layers ahead, the lowest 56x56x32
   * -> 112 0.99x; in the networks (three runs each build) Inception-v3's 73x73x64 -> 80 1.056x,
   * MobileNetV3's and EfficientNet-B0's -> 80 and -> 112 layers 1.00-1.02x. Not for 3 vectors (48:
   * 0.97-1.01x), nor short reductions (the 8-lane rule), nor maps of fewer pixels than its rows (a
   * 1x1 map, 960 -> 240: 10.0 -> 15.6 us, one accumulator chain). */
  const size_t v = cout_g / 16;
  if (best != NULL && t->onevec_bcast == SC_BCAST_EMBEDDED && best->lanes == 16 && cout_g % 16 == 0 && v % 2 == 1 &&
      v >= 5 && cin_g > SC_SHORT_GEMM_CIN) {
    const sc_kernel_row *one = by_accumulators(g, rows, n, SC_KIND_GEMM, 16, 0);
    if (one != NULL && g->oh * g->ow >= one->mr) return one;
  }
  /* Where the winner needs several passes and its last is partial, and a tile covers Cout_g in one
   * pass of whole vectors with at least the class's chain floor (5x80 on Cout 65-80, where 6x64
   * runs 64 + 16 with 6 chains in its last pass, 12x32 32 + 32 + 16), that tile, in L1 or not.
   * AMD EPYC Zen 5 (family 26 model 2), --kernel-pairs, 11 rounds, 5x80 / DEFAULT: 14x14x184 -> 80
   * 1.03x (12x32), 14x14x120 -> 80 1.06x, 28x28x96 -> 80 1.03x (6x64), 28x28x144 -> 80 1.06x,
   * 56x56x48 -> 80 1.04x (6x64, block in L1). Classes without the fewest-accumulators step (Intel,
   * measured to prefer tall tiles) keep the winner. */
  const size_t vecs = best != NULL ? (cout_g + best->lanes - 1) / best->lanes : 0;
  if (best != NULL && t->gemm_fewest_acc && vecs > best->nr / best->lanes && vecs % (best->nr / best->lanes) != 0) {
    const sc_kernel_row *whole = by_accumulators(g, rows, n, SC_KIND_GEMM, vecs * best->lanes, 0);
    if (whole != NULL && whole->mr * vecs >= (size_t)t->gemm_min_chains) return whole;
  }
  if (best == NULL || !t->gemm_fewest_acc || !gemm_block_in_l1(best, cin_g, t)) return best;
  if (cout_g <= best->nr && g->oh * g->ow >= SC_GEMM_ONE_PASS_PIXELS) return gemm_one_pass_fewest(g, rows, n, best, t);
  const sc_kernel_row *fewest = by_accumulators(g, rows, n, SC_KIND_GEMM, best->nr, 0);
  /* not when its last pass is partial: a short tile's few accumulators there wait on the FMA latency */
  return (cout_g + fewest->lanes - 1) / fewest->lanes % (fewest->nr / fewest->lanes) == 0 ? fewest : best;
}

/* The GEMM tile of ISAs with fewer than 16 lanes (NULL: the ISA has none), among the tiles with the fewest padded output lanes:
 * while the widest one's block of weights (Cin x NR floats) fits the job's L1 budget, the widest
 * (fewest passes over a tile's input rows) with the fewest accumulators; past it the weights stream
 * from L2 for every tile of pixels, and the tallest tile (most pixels per weight load: 4 x lanes /
 * MR weight bytes per FMA), then the one with the most accumulators, reads the fewest.
 * Measured (AVX2, AMD EPYC Zen 3 family 25 model 1, one process, GFLOP/s 6x16 vs 3x32): padded
 * lanes: Cout 16 90 vs 49, Cout 48 71 vs 57, 80 97 vs 80, 112 98 vs 85, 144 82 vs 79, 240 88 vs
 * 86; no padding, in L1: 3x32 ahead by 1-9 % (resnet_2_1x1 88 vs 97); past L1: 6x16 ahead or
 * tied (7x7x1152 -> 320 98 vs 93, 7x7x2048 -> 512 96 vs 90, 14x14x512 -> 512 equal). AVX-512 on
 * Zen 5 (ratio to oneDNN, past L1): mobilenet_pw_14 12x32 0.997 vs 6x64 0.988, resnet_4_1x1_s2
 * 1.067 vs 1.073. */
static const sc_kernel_row *gemm_tile_padded(const sc_geom *g, const sc_kernel_row *const *rows, size_t n, const sc_tuning *t) {
  const size_t cout_g = g->cout / g->groups, cin_g = g->cin / g->groups;
  size_t best_waste = (size_t)-1, widest = 0;
  for (size_t i = 0; i < n; i++) {
    const sc_kernel_row *r = rows[i];
    if (r->kind != SC_KIND_GEMM || !eligible(r, cout_g) || !sc_row_computes(r, g)) continue;
    const size_t w = waste(cout_g, r->nr);
    if (w < best_waste || (w == best_waste && r->nr > widest)) {
      best_waste = w;
      widest = r->nr;
    }
  }
  if (widest == 0) return NULL;
  if (cin_g <= t->gemm_weight_bytes / sizeof(float) / widest) return by_accumulators(g, rows, n, SC_KIND_GEMM, widest, 0);
  const sc_kernel_row *best = NULL;
  for (size_t i = 0; i < n; i++) {
    const sc_kernel_row *r = rows[i];
    if (r->kind != SC_KIND_GEMM || !eligible(r, cout_g) || !sc_row_computes(r, g) || waste(cout_g, r->nr) != best_waste)
      continue;
    if (best == NULL || r->mr > best->mr || (r->mr == best->mr && r->nr > best->nr)) best = r;
  }
  return best;
}

/* The GEMM tile: by loads per FMA on 16-lane ISAs, where it was measured (Zen 5, the 35-layer
 * list above); other ISAs keep the padded-lanes rule (AVX2 on Zen 5 lost 1.7 % over its 13
 * changed layers with the loads rule: 56x56x256 -> 128 0.97x, 73x73x64 -> 80 0.93x). */
static const sc_kernel_row *gemm_tile(const sc_geom *g, const sc_kernel_row *const *rows, size_t n, const sc_tuning *t) {
  for (size_t i = 0; i < n; i++)
    if (rows[i]->kind == SC_KIND_GEMM && rows[i]->lanes >= 16) return gemm_tile_cost(g, rows, n, t);
  return gemm_tile_padded(g, rows, n, t);
}

/* The convolution tile, among the eligible ones with the fewest padded output lanes: the narrowest
 * that covers the group's output channels, else the widest (fewest blocks); a block (taps x Cin_g x
 * NR floats) past t->wide_block_bytes takes the next narrower of those tiles. Zen 3 AVX2, one
 * process, GFLOP/s 6x16 vs 3x32 on 3x3 layers: Cout 40 83 vs 62, 48 102 vs 76, 80 102 vs 84, 112
 * 102 vs 89, 144 108 vs 96; equal padding (Cout 24, 56, 96, 120, 160): within 1 %.
 * Since the kernels compute only the vectors a block's valid channels need (conv_template.h), the
 * padded lanes count whole vectors only in the last block, and the fewest padded lanes by NR pick
 * the tile whose last pass is fullest: a last pass of 1 vector only on 12x32 (12 accumulator
 * chains), never on 6x64 (6). AMD EPYC Zen 5 (family 26 model 2), --kernel-pairs, 11 rounds, 24
 * layers with Cout 8-200 (3x3 s1 / s2, 5x5, 1x7): DEFAULT within 2 % of the best forced kernel on
 * all 24 (where the one-vector 12x16 tiles had been 1.08-1.15x ahead of 6x64's 4 vectors on Cout
 * 36-48, they are now 0.79-0.89x of its 3). */
static const sc_kernel_row *conv_tile(const sc_geom *g, const sc_kernel_row *const *rows, size_t n, const sc_tuning *t) {
  const size_t cout_g = g->cout / g->groups, taps = g->kh * g->kw, cin_g = g->cin / g->groups;
  const sc_kernel_row *cover = NULL, *widest = NULL, *pick, *narrower = NULL;
  size_t least = (size_t)-1;
  /* Where the class's one-vector form runs at the FMA peak (embedded broadcasts on Zen 4), the
   * one-vector tile serves any Cout_g, in pieces: AMD EPYC family 25 model 17, --kernel-pairs,
   * 3x3 56x56x40 -> 40: 12x16e 1.345x over 6x64 (16 + 16 + 8 lanes against 64; measured before
   * the conv kernels computed only the vectors a block needs: 6x64 computes 48 lanes there now,
   * not remeasured on Zen 4), and level with
   * the wide tiles where they pad no more (3x3 -> 64 1.002x 6x64, 5x5 -> 96 1.00x 12x32, 3x3 s2
   * -> 192 0.99x 6x64). Only on ISAs with embedded twins (sc_select_default: AVX-512; AVX2's 12x8
   * stays load-bound there: 64 GFLOP/s on 28x28x256 g32, grp_avx512_12x16 74). */
  const int pieces = t->onevec_bcast == SC_BCAST_EMBEDDED;
#define SC_CONV_ELIGIBLE(r) ((r)->kind == SC_KIND_CONV && (pieces || eligible((r), cout_g)))
  for (size_t i = 0; i < n; i++) {
    const sc_kernel_row *r = rows[i];
    if (SC_CONV_ELIGIBLE(r) && waste(cout_g, r->nr) < least) least = waste(cout_g, r->nr);
  }
  for (size_t i = 0; i < n; i++) {
    const sc_kernel_row *r = rows[i];
    if (!SC_CONV_ELIGIBLE(r) || waste(cout_g, r->nr) != least) continue;
    if (r->nr >= cout_g && (cover == NULL || r->nr < cover->nr)) cover = r;
    if (widest == NULL || r->nr > widest->nr) widest = r;
  }
  pick = cover ? cover : widest;
  if (pick == NULL || taps * cin_g <= t->wide_block_bytes / sizeof(float) / pick->nr) return pick;
  for (size_t i = 0; i < n; i++) {
    const sc_kernel_row *r = rows[i];
    if (SC_CONV_ELIGIBLE(r) && waste(cout_g, r->nr) == least && r->nr < pick->nr &&
        (narrower == NULL || r->nr > narrower->nr))
      narrower = r;
  }
#undef SC_CONV_ELIGIBLE
  return narrower ? narrower : pick;
}

/* a and b are the same kind of tile, of the same shape and vector width (twins: another form of it) */
static int same_tile(const sc_kernel_row *a, const sc_kernel_row *b) {
  return a->kind == b->kind && a->mr == b->mr && a->nr == b->nr && a->lanes == b->lanes;
}

/* r's twin in the class's broadcast form (t->onevec_bcast, see sc_classify): same kind and tile,
 * row->perm (permutes) or row->embed (embedded), where it computes g, and for permutes where its
 * chunks of lanes input channels apply (a GEMM's reduction is Cin_g; a convolution's runs may be
 * kw x Cin_g long); else r. */
static const sc_kernel_row *bcast_twin(const sc_kernel_row *r, const sc_geom *g, const sc_kernel_row *const *rows,
                                       size_t n, const sc_tuning *t) {
  const sc_bcast_form f = t->onevec_bcast;
  if (r == NULL || f == SC_BCAST_REGISTER) return r;
  if (f == SC_BCAST_PERMUTE && r->kind == SC_KIND_GEMM && g->cin / g->groups < r->lanes) return r;
  for (size_t i = 0; i < n; i++)
    if ((f == SC_BCAST_PERMUTE ? rows[i]->perm != 0 : rows[i]->embed) && same_tile(rows[i], r) &&
        sc_row_computes(rows[i], g))
      return rows[i];
  return r;
}

/* A one-vector convolution tile gives way to the slide row of its tile (row->slide, conv_template.h
 * SC_CONV_SLIDE) where the layer's fused runs and pixel steps are ones it unrolls (first layers:
 * one group, no dilation along the row, kw x Cin and stride x Cin in SC_SLIDE_SHAPES): it
 * broadcasts each input float once for the kw / stride pixels that read it, where every form of
 * the plain tile takes one broadcast per FMA. AMD EPYC Zen 5 (family 26 model 2), --kernel-pairs,
 * 7 rounds, GFLOP/s 12x16s / DEFAULT's 12x16p (12x16e, 12x16): 416x416x3 -> 16 3x3 184 / 119
 * (127, 123), 128x128x3 -> 16 182 / 127, 64x64x3 -> 16 168 / 124, 224x224x3 -> 16 3x3 s2 163 /
 * 124; not for Cout 32, where 12x32 loads one broadcast per 2 FMAs (224x224x3 -> 32: 12x16s 183,
 * 12x32 193).
 * Where the class's one-vector form is the embedded broadcast (t->onevec_bcast: Zen 4, where it runs
 * at the FMA peak), a strided layer keeps it unless its runs are shorter than 4 floats (one input
 * channel): a float there feeds only kw / stride pixels, fewer broadcasts to save than the slide's
 * in-register ones cost. AMD EPYC Zen 4 (family 25 model 17), --kernel-pairs, 7-9 rounds, two
 * processes, GFLOP/s 12x16e / 12x16s: 3x3 stride 2, 3 channels (224x224 -> 16, 320x320, 300x300,
 * 96x96) 1.12-1.16x, 4 channels (256x256, 112x112) 1.20-1.23x, 5x5 stride 2 (128x128, 200x200)
 * 1.10-1.11x; but 1 channel 0.79-0.84x (256x256, 100x100 stride 2), and at stride 1 level (3 or
 * 4 channels, 3x3 and 5x5: 0.96-1.05x) or far behind (1 channel: 0.70-0.77x), where the slide
 * stays. */
/* A first layer's fused runs (kw x Cin floats) shorter than 4: one input channel, where the slide
 * row stays ahead of every other form (slide_twin; sc_select_default's narrow tiles) */
static int slide_runs_short(const sc_geom *g) { return g->kw * g->cin < 4; }

static const sc_kernel_row *slide_twin(const sc_kernel_row *r, const sc_geom *g, const sc_kernel_row *const *rows,
                                       size_t n, const sc_tuning *t) {
  if (r == NULL || r->kind != SC_KIND_CONV || r->nr != r->lanes || g->groups != 1 || g->dw != 1 ||
      !sc_slide_shape(g->kw * g->cin, g->sw * g->cin))
    return r;
  if (t->onevec_bcast == SC_BCAST_EMBEDDED && r->embed && g->sw > 1 && !slide_runs_short(g)) return r;
  for (size_t i = 0; i < n; i++)
    if (rows[i]->slide && same_tile(rows[i], r)) return rows[i];
  return r;
}

/* The rules on the plain rows (register broadcasts: row->perm == 0, !row->embed). */
static const sc_kernel_row *select_plain(const sc_geom *g, const sc_kernel_row *const *rows, size_t n,
                                         const sc_tuning *t) {
  const size_t cin_g = g->cin / g->groups, taps = g->kh * g->kw;
  if (depthwise(g)) {
    const sc_kernel_row *dw = dw_tile(g, rows, n);
    if (dw != NULL) return dw;
  }
  /* Groups of fewer channels than a vector: several groups a vector (C FMAs for every lane, where
   * a one-group tile pads its vectors to C of them). AMD EPYC Zen 5 (family 26 model 2), one
   * process, against the one-group 12x16 / 12x8 tiles: AVX-512 4.6x (4 a group), 1.8x (8), 10x (2);
   * AVX2 2.1x (4), 4.9x (2). */
  const sc_kernel_row *grp = by_accumulators(g, rows, n, SC_KIND_GRP, 0, 1);
  if (grp != NULL) return grp;
  /* A dot kernel sums its accumulators' lanes once per tile; where its lane sums fill a vector
   * (SSE) it serves any layer, but below 16 chunks of reduction that costs more than the broadcasts
   * it saves (SSE, mobilenet_pw_112 with 32 input channels: 30.4 GFLOP/s dot vs 34.2 broadcast; 64
   * channels: 36.2 vs 35.6). */
  const sc_kernel_row *dot = by_accumulators(g, rows, n, SC_KIND_DOT, 0, 1);
  /* Where the dot tile's NR lane sums fill less than a vector (AVX2, AVX-512: 4 of 8 or 16 lanes),
   * it serves layers of few output channels a group, on which the other tiles compute a whole
   * vector of them (Cout 3: 3 of 16 lanes useful) and the dot tile only the valid ones, at any
   * reduction length: up to 3 of its blocks (12 channels), and on the GEMM's 1x1 layers (whose
   * input the dot tile reads once per block) one; not where the broadcast tiles pad no lane (a
   * multiple of the vector: they read less per FMA). AMD EPYC Zen 5 (family 26 model 2),
   * --kernel-pairs, 7-11 rounds, the dot tile / DEFAULT's broadcast tile, AVX-512 (AVX2): 3x3
   * 56x56x64 -> 5 2.42x (1.00x: both the dot), -> 8 1.86x (1.17x), -> 10 1.29x (1.39x), -> 12 1.26x
   * (1.32x), -> 16 0.95x (0.98x); 28x28x256 -> 12 1.19x (1.30x); Cout 1-4, 3x3, 5x5, 9x9 3.0-6.4x
   * (64x64x16 -> 2 3.0x, 64x64x128 -> 4 4.0x; AVX2 2.3-4x); 1x1 56x56x128 -> 4 2.47x, 96x96x32 -> 3
   * 1.25x, 128x128x16 -> 1 1.08x, but 64x64x64 -> 8 0.90x (0.95x), -> 12 0.61x (0.92x); AVX2 3x3
   * with 8 channels a group (72 a reduction, no padded lane on 12x8): 0.79-0.86x. */
  const int few = dot != NULL && dot->nr < dot->lanes;
  const sc_kernel_row *gemm = gemm_tile(g, rows, n, t);
  const size_t cout_g = g->cout / g->groups;
  if (few && (cout_g % dot->lanes == 0 || cout_g > (gemm != NULL ? 1 : 3) * dot->nr)) dot = NULL;
  if (!few && dot != NULL && taps * cin_g < 16 * dot->kdot) dot = NULL;
  /* On 1x1 layers the GEMM kernel beats the convolution tiles, and the SSE dot kernel only on long
   * reductions (SSE, GFLOP/s GEMM vs dot: 64 input channels 37.9 vs 36.4, 512: 38 vs 48). */
  if (gemm != NULL && !(dot != NULL && (few || cin_g >= 32 * dot->kdot))) return gemm;
  if (dot != NULL) return dot;
  return conv_tile(g, rows, n, t);
}

/* Output lanes row r computes and discards on Cout_g channels: a GEMM's last pass computes only
 * the vectors it needs (conv_template.h), the other kinds whole blocks of NR. */
static size_t padded_lanes(const sc_kernel_row *r, size_t cout_g) {
  return waste(cout_g, r->kind == SC_KIND_GEMM ? r->lanes : r->nr);
}

/* Output lanes row r computes on Cout_g channels: a GEMM rounds up to whole vectors; a convolution
 * tile's last block runs NV - 1 vectors where those hold its channels, else NV (conv_template.h). */
static size_t computed_lanes(const sc_kernel_row *r, size_t cout_g) {
  if (r->kind == SC_KIND_GEMM) return cout_g + waste(cout_g, r->lanes);
  const size_t rem = cout_g % r->nr;
  return cout_g - rem + (rem == 0 ? 0 : rem <= r->nr - r->lanes ? r->nr - r->lanes : r->nr);
}

/* The rules on the rows of one vector width (wide: the ISA's widest, else the narrower ones): they
 * choose among its plain rows and the choice gives way to its twin in the class's broadcast form
 * (bcast_twin). A set without rows of that form (AVX2, SSE, NEON, scalar, AVX-512's 8-lane rows)
 * is ruled as with register broadcasts. NULL when the set has no row for g. */
static const sc_kernel_row *select_width(const sc_geom *g, const sc_kernel_row *const *rows, size_t n, size_t lanes,
                                         int wide, const sc_tuning *t) {
  const sc_kernel_row *plain[SC_ISA_ROWS_MAX];
  size_t np = 0;
  int has_form = 0;
  for (size_t i = 0; i < n; i++) {
    if ((rows[i]->lanes == lanes) != wide) continue;
    has_form |= t->onevec_bcast == SC_BCAST_PERMUTE ? rows[i]->perm != 0 : rows[i]->embed;
    if (!rows[i]->perm && !rows[i]->embed && !rows[i]->slide) plain[np++] = rows[i];
  }
  if (np == 0) return NULL;
  sc_tuning set_t = *t;
  if (!has_form) set_t.onevec_bcast = SC_BCAST_REGISTER;
  return slide_twin(bcast_twin(select_plain(g, plain, np, &set_t), g, rows, n, &set_t), g, rows, n, &set_t);
}

/* The rules choose among the rows of the ISA's widest vectors (select_width). Rows narrower than
 * those (AVX-512's 8-lane tiles, kernels/avx512_ymm.c) are ruled apart, as an ISA of their own, and
 * their choice replaces a convolution or GEMM tile of the same kind that pads more output lanes,
 * on classes whose narrow FMAs reach the FMA peak (t->half_width_peak, see sc_classify); ties keep
 * the wide tile, and so does a map of fewer output pixels than the narrow tile's rows: there its
 * few narrow accumulators wait on the FMA latency. AMD Zen 4 (family 25 model 17), forced, one
 * process, GFLOP/s: 1x1 maps 1024 -> 1000 (a classifier) gemm_avx512_6x16y 28.2 vs 6x64 43.9,
 * 1280 -> 1000 28.2 vs 44.2 (a pixel: 2 chains of 8 lanes against 4 of 16).
 * A GEMM of a short reduction (at most SC_SHORT_GEMM_CIN input channels a group: the expansion
 * layers of inverted residual blocks) also takes the narrow tile where that one splits the output
 * channels into whole passes and the wide one needs full passes and a partial one (Cout 96, 144,
 * 240 with 4x24y against 6x64): each pass loads its accumulators' bias and stores them after as
 * few as 8-24 FMAs, and the partial pass of the wide tile does so for half or a quarter of its
 * FMAs. Not where the wide tile's one pass is all there is (Cout 48: 56x56x16 -> 48 0.95x).
 * Zen 4, simdconv_bench --kernel-pairs (7 rounds, 203 1x1 layers), GFLOP/s 4x24y / 6x64: Cin 8 ->
 * 96 1.10-1.26x, 8 -> 144 1.03-1.05x, 16 -> 96 1.01-1.10x (112x112 maps 1.10x), 16 -> 144
 * 0.99-1.11x, 16 -> 240 1.03-1.07x, 24 -> 96 1.01-1.04x, 24 -> 144 1.04-1.06x; past 24 channels
 * it stops paying (32 -> 96 0.98-1.01x, 40 -> 240 1.00x, 64 -> 112 0.98x). Shapes outside that
 * grid, same run: 150x150x16 -> 96 1.06x, 7x7x16 -> 96 1.10x, 38x38x24 -> 144 1.03x, 14x14x16 ->
 * 288 1.04x, 28x28x24 -> 336 1.02x, 64x64x24 -> 96 1.02x, 80x80x12 -> 144 1.01x, 28x28x20 -> 240
 * 1.02x.
 * A GEMM keeps the wide tile where it computes less than a 40th more lanes than the narrow one
 * (Cout 1000: 1008 lanes against 1000): Zen 4, --kernel-pairs, 7 rounds, GFLOP/s 6x64 / 6x16y:
 * 13x13x512 -> 1000 (SqueezeNet's classifier) 1.050x, 7x7x1024 -> 1000 1.067x, 20x20x384 -> 1000
 * 1.022x, 14x14x256 -> 1000 1.005x; 14x14x512 -> 488 (496 / 488) 4x64 / 6x16y 1.012x; as built
 * (second process), 6x64 / 6x16y: the same classifier 1.059x, 9x9x640 -> 1000 1.04x, 14x14x1024 ->
 * 1000 1.05x, 16x16x512 -> 760 1.04x, 28x28x256 -> 504 1.05x, 10x10x320 -> 1272 1.01x. From 3 % the
 * narrow tile stays ahead: 7x7 to 28x28 x232 -> 232 (240 / 232) 4x24y / the best wide tile
 * 1.01-1.02x, 28x28x464 -> 232 1.013x, 14x14x80 -> 200 (208 / 200) 6x16y / 12x16e 1.01x, 20x20x128
 * -> 136 4x24y 1.02x.
 * A convolution also takes the narrow tile where the wide one computes a sixth more lanes or more,
 * counting the last block's NV - 1 vectors (computed_lanes; padded_lanes counts whole blocks, which
 * overstates the narrow tiles' padding since they compute only the vectors a block needs): Cout 40
 * (4x24y: 24 + 16 lanes; 12x16e: 48). Zen 4, --kernel-pairs, 7 rounds, 3x3, GFLOP/s 4x24y /
 * DEFAULT's 12x16e: 56x56x40 -> 40 1.143x, 28x28x80 -> 40 1.137x, 56x56x24 -> 40 stride 2 1.147x;
 * as built, shapes not used to set it: 40x40x64 -> 40 1.14x, 20x20x40 -> 40 5x5 1.15x, 36x36x36 ->
 * 36 1.13x, 48x48x16 -> 20 1.25x. Not at smaller differences: Cout 56 (64 against 56 lanes) 6x16y /
 * 6x64 0.94-1.06x over three shapes and two processes, Cout 88 (96 / 88) 0.88-1.05x. Below one wide
 * vector only where the narrow vectors are whole (Cout 8; where its one vector is masked the narrow
 * tile lost: Cout 6-7, 6x16y / 12x16e 0.78-1.0x, 17x19x5 -> 7 stride 2 0.89-0.90x in two processes,
 * 128x128x3 -> 6 0.78x). Cout 8, 6x16y / the faster of DEFAULT's former 12x16e and 12x16s: 3x3
 * first layers of 2-4 channels, stride 1 and 2, 100x100 to 416x416, 1.05-1.15x; 28x28x6 1.16x,
 * 40x40x10 1.40x, 64x64x3 5x5 1.28x, 64x64x1 5x5 1.05x; but a one-channel 3x3 layer, whose runs of
 * 3 floats the slide row serves best (slide_runs_short), keeps it: 96x96x1 -> 8 6x16y / 12x16s
 * 0.84x. */
const sc_kernel_row *sc_select_default(const sc_geom *g, const sc_kernel_row *const *rows, size_t n,
                                       const sc_tuning *t) {
  size_t lanes = 0;
  for (size_t i = 0; i < n; i++)
    if (rows[i]->lanes > lanes) lanes = rows[i]->lanes;
  const sc_kernel_row *pick = select_width(g, rows, n, lanes, 1, t);
  if (pick == NULL || !t->half_width_peak || (pick->kind != SC_KIND_CONV && pick->kind != SC_KIND_GEMM)) return pick;
  const sc_kernel_row *alt = select_width(g, rows, n, lanes, 0, t);
  const size_t cout_g = g->cout / g->groups;
  if (alt == NULL || alt->kind != pick->kind || g->oh * g->ow < alt->mr) return pick;
  const int short_gemm = pick->kind == SC_KIND_GEMM && g->cin / g->groups <= SC_SHORT_GEMM_CIN &&
                         cout_g > pick->nr && cout_g % pick->nr != 0 && cout_g % alt->nr == 0;
  const size_t lanes_alt = computed_lanes(alt, cout_g), lanes_pick = computed_lanes(pick, cout_g);
  const int fewer = pick->kind == SC_KIND_CONV && (cout_g > pick->lanes || cout_g % alt->lanes == 0) &&
                    !(pick->slide && slide_runs_short(g)) && 6 * lanes_alt <= 5 * lanes_pick;
  const int pads_fewer = padded_lanes(alt, cout_g) < padded_lanes(pick, cout_g) &&
                         (pick->kind != SC_KIND_GEMM || 40 * lanes_pick >= 41 * lanes_alt);
  return pads_fewer || short_gemm || fewer ? alt : pick;
}

/* Grouped tiles' whole-row windows (conv_template.h SC_GRP_FN _window: 3-wide kernels without
 * dilation, strides 1 and 2, the row's window strides): a window permutes each input column once
 * for the 3 / S pixels whose taps cover it, where the tap tiles permute once per FMA, but it also
 * computes the taps that fall in the padding, which the tap tiles skip. Taken where those are at
 * most 1/12 of a row's taps: SAME 3x3 from 8 columns on (stride 1). AMD EPYC Zen 4 (family 25
 * model 17), AVX-512, 8 channels a group, networks mode paired with oneDNN, us before / after
 * (tap tiles / windows): 28x28x256 g32 378 / 347, 56x56x256 g32 2062 / 1814, 56x56x48 g6 283 /
 * 233, 14x14x512 g64 180 / 169, 12x12x256 g32 64.5 / 59.3, 10x10x256 g32 43.5 / 42.1, but 7x7x256
 * g32 20.6 / 21.1 and 7x7x512 g64 41.8 / 43.0 (2 of 21 taps in the padding), while the same map
 * without padding (9x9 -> 7x7 valid) 23.8 / 19.6; 4 channels a group: 56x56x128 g32 400 / 312,
 * 28x28x128 g32 91 / 74; 2: 56x56x64 g32 111 / 87. Stride 2 (a column feeds 1 or 2 pixels): 4 a
 * group 1.04-1.07x faster (56x56x128 g32 103 / 98, 112x112x64 g16 202 / 190), 2 a group 56x56x64
 * g32 30 / 25, but 8 a group (vpermps) 0.96-1.00x (14x14x512 g64 45.0 / 46.7, 28x28x256 g32 93 /
 * 93, 112x112x64 g8 400 / 417, three runs each): not taken there. AVX2 (grp_avx2_8x8, forced):
 * 56x56x128 g32 629 / 520 us, 28x28x64 g32 36 / 32, 112x112x64 g16 stride 2 389 / 356. */
static int grp_windows_pay(const sc_geom *g, const sc_kernel_row *row) {
  const size_t k = g->kw;
  if (k != 3 || g->dw != 1 || sc_dw_window(g, row->windows) == 0) return 0; /* (grouped windows: undilated) */
  if (g->sw == 2 && g->cin / g->groups > SC_GRP_WINDOW_S2_MAX_C) return 0; /* (above) */
  size_t padded = 0; /* taps of a row's output columns that fall in the padding */
  for (size_t o = 0; o < g->ow; o++) {
    const size_t x0 = o * g->sw; /* column of tap 0, counted from the padding's first */
    for (size_t i = 0; i < k; i++)
      padded += x0 + i < g->pad_left || x0 + i - g->pad_left >= g->iw;
  }
  return 12 * padded <= k * g->ow;
}

/* A 3x3 stride-2 depthwise layer on whole-row windows whose input pixels lie a multiple of half an
 * L1d way apart (512, 1024, 1536 channels: 2, 4, 6 KiB): the window of a tall tile reads
 * 2 * MR + 1 columns of 3 rows, all in the same few L1d sets, and the layer ran at half the speed
 * of its neighbours (38x38x512 131 us, the same data with a 528-float pixel stride 66 us). Its
 * tiles then hold at most SC_DW_ALIAS_MR pixels and its jobs walk the blocks of a budget of all of
 * L1d instead of half (dw_avx512_10x32: 5 blocks with 32 KiB, 8 with 48 KiB; a tile reads 640-1024
 * consecutive bytes of each pixel). A 4 KiB stride's band (sc_dw_band_stride) then copies the
 * job's wider channel range, or none where its rows no longer fit (28x28x1024). AMD Zen 4 (family
 * 25 model 17), dw_avx512_10x32, one thread, us before / after (tile height and budget forced):
 * 38x38x512 131 / 89, 20x20x512 33.7 / 22.3, 56x56x512 328 / 199, 14x14x1024 44.6 / 36,
 * 38x38x1536 396 / 293; 14x14x512 9.5 / 9.5. The rule as built, paired with oneDNN
 * (simdconv_bench --networks, three runs each build): 38x38x512 0.53 -> 0.84x, 56x56x512 0.68 ->
 * 0.88x, 7x7x1024 0.47 -> 0.78x, 28x28x1024 (its band dropped) 1.03x faster. Not at stride 1
 * (28x28x512 116 / 111-124, 14x14x1024 61 / 93) nor 5x5 (28x28x1024 stride 2 222 / 365), and not
 * where the pixels only alias every 4 KiB at stride 2 (256 channels: 56x56x256 83 / 85). Measured
 * on Zen 4 only; the other AVX-512 classes (Zen 5, Intel: the same 4 KiB L1d ways) take it by the
 * same geometry, unmeasured there. */
#define SC_DW_ALIAS_MR 5
/* Dense pixels a multiple of half an L1d way apart */
static int dw_pixels_half_way(const sc_geom *g, const sc_tuning *t) {
  return g->cin * sizeof(float) % (t->l1d_way / 2) == 0;
}
/* ... whole L1d ways apart (1024, 2048 channels on 4 KiB ways) */
static int dw_pixels_whole_way(const sc_geom *g, const sc_tuning *t) {
  return g->cin * sizeof(float) % t->l1d_way == 0;
}
static int dw_aliased_s2(const sc_geom *g, const sc_kernel_row *row, const sc_tuning *t) {
  return g->kw == 3 && g->kh == 3 && sc_dw_window(g, row->windows) == 2 && row->mr > SC_DW_ALIAS_MR &&
         dw_pixels_half_way(g, t);
}

/* Convolution and GEMM tiles broadcast from their pixels' input lines: each reduction step loads a
 * float of every pixel of the tile, from the same 64-byte line for 16 steps, so the tile's MR
 * lines must stay in L1d meanwhile. Where a tile's consecutive pixels lie a multiple of an L1d way
 * apart (stride x Cin x 4 bytes: 512 channels at stride 2, 1024 at stride 1) its MR lines share
 * one set (half a way apart: two sets, ...); past the set's ways a line leaves before its next
 * step and the broadcasts come from L2. The tiles then hold at most `ways` pixels for each set
 * their lines touch (8 on an 8-way L1d). AMD Zen 4 (family 25 model 17: 32 KiB 8-way L1d), one
 * thread, dense input, us with tiles of at most 12 / 8 / 6 pixels (forced): 28x28x512 g32 stride 2
 * (conv_avx512_12x16e) 335 / 247 / 243 (10: 277; XNNPACK 254), 56x56x512 g32 stride 2 1754 / 1088
 * / 1041, 28x28x1024 g32 stride 2 (12x32) 1052 / 989 / 1001, 14x14x1024 g32 1024 / 928 / 935,
 * 14x14x2048 g64 2066 / 1899 / 1917, 14x14x512 -> 512 stride 2 1995 / 1821 / 1805, 14x14x1024 ->
 * 256 8000 / 7408 / 7354, 7x7x1024 g32 214 / 214 / 221 (its tiles of 10 pixels: as fast as 8),
 * 7x7x1024 -> 256 1664 / 1659 / 1660; 14x14x1024 -> 256 1x1 (gemm_avx512_12x32, forced) 938 /
 * - / 876. Not grouped tiles of several groups a vector (grp_avx512_12x16: 14x14x1024 g128 413 /
 * - / 441 us) nor depthwise ones (dw_aliased_s2, sc_dw_band_stride). Rows of 8 pixels or fewer
 * (6x64, the AVX2 tiles) are never cut, nor 12-pixel rows on a 12-way L1d (Zen 5, Intel).
 * Dense pixels (Cin apart), as run_ex's default. */
static size_t aliased_tile_mr(const sc_geom *g, const sc_kernel_row *row, const sc_tuning *t) {
  const size_t way = t->l1d_way, ways = t->l1d / t->l1d_way, step = g->sw * g->cin * sizeof(float);
  if ((row->kind != SC_KIND_CONV && row->kind != SC_KIND_GEMM) || ways == 0 || step % 64 != 0) return row->mr;
  const size_t h = ways * (way / sc_gcd(step % way, way)); /* the tile's lines touch way / gcd sets */
  return h < row->mr ? h : row->mr;
}

/* Depthwise tiles in column strips, for a run on the calling thread (api.c tiles_sorted): the
 * tiles of each column position (a row's k-th tile) from the top output row to the bottom, strip
 * after strip, instead of row after row. A row of tiles reads kh input rows of the job's
 * channels; where those pass half of L1d (or the row's tiles are the short ones of
 * dw_aliased_s2), the next output row finds the input rows it shares with this one (kh - sh of
 * them) in L2, while the next tile of a strip finds them in L1. Only rows of tiles of 8 pixels
 * or more: the tiles beside one in the next strip share kw - sw columns of its span, which the
 * strip order reads again from L2 (dw_avx2_3x32: 2 of 5 columns; strips ran 0.96-0.97x on
 * 56x56x128 and 112x112x32, Zen 4); and only rows of several tiles (tile_mr, the tallest): in
 * rows of one the order is the same, and the strips' run copies no band (10x10x1024 stride 2
 * 0.88x without it; 28x28x1024 stride 2, 3 tiles a row, 1.11x, 38x38x512 1.08x). AMD Zen 4 (family
 * 25 model 17), dw_avx512_10x32, one thread, strips / rows, paired in one process (15 rounds),
 * the depthwise layers of bench/networks: 3x3 stride 2 112x112x96 1.14-1.16x, 112x112x64 1.15x,
 * 56x56x128 1.13x, 56x56x144 1.08x, 14x14x512 (aliased) 1.08-1.11x; stride 1 56x56x128 1.12x,
 * 56x56x144 1.10x, 56x56x72 1.09x, 112x112x32 1.04x, 28x28x256 1.03-1.04x; 5x5 56x56x144 stride
 * 2 1.04x, 28x28x120 1.02x; 7x7 56x56x96 0.99x. Not below half of L1d: 14x14x480 ran 0.95-0.96x,
 * 28x28x116 stride 2 0.97x (two tiles a row); there 28x28x256 stride 2 gained 1.11x, 28x28x192
 * 1.00-1.04x. */
static int dw_strips(const sc_geom *g, const sc_kernel_row *row, size_t unit_blocks, size_t tile_mr, int aliased,
                     const sc_tuning *t) {
  const size_t ch = unit_blocks * row->nr < g->cout ? unit_blocks * row->nr : g->cout;
  /* kh x (a row's bytes) > L1d / 2, without the product (a row of the input fits size_t) */
  return row->mr >= 8 && g->ow > tile_mr && (aliased || g->iw * ch * sizeof(float) > t->l1d / 2 / g->kh);
}

/* Blocks of `bytes` each per job within `budget` (at least one, at most blocks). */
static size_t unit_blocks(size_t blocks, size_t bytes, size_t budget) {
  size_t n = bytes < budget ? budget / bytes : 1;
  return n > blocks ? blocks : n;
}

/* A GEMM job walks all its blocks for each tile of pixels (the tile's inputs stay in L1 while the
 * blocks' weights stream past). Where the job's weights pass L1d while one block (`bytes`) fits
 * half of it, they come from L2 for every tile; that costs the tiles that load a cache line of
 * weights per 4 FMAs or more (16-lane rows 4 pixels tall: 4x64), and then the job runs its tiles
 * in groups, each block over the whole group before the next: the block stays in L1 beside the
 * group's inputs, which take half of the rest of L1d (the other half for the outputs and a
 * residual). Same FMAs in the same order: bit-identical. 0: no groups.
 * Measured on AMD EPYC Zen 5 (family 26 model 2), one thread, one process, grouped / not (time
 * ratios; fused: run_ex with a residual and relu; plain: no residual): gemm_avx512_4x64 on
 * 56x56x64 -> 256 (15 tiles a group) fused 1.02-1.05x, plain 0.99-1.02x (fused / unfused
 * 1.10-1.14 -> 1.13-1.17); 28x28x64 -> 256 1.050x / 1.026x; 7x7x64 -> 256 1.047x / 1.024x;
 * 14x14x64 -> 384 1.046x / 1.012x; 14x14x96 -> 576 1.03-1.04x / 1.00x; 28x28x128 -> 512 (4x64
 * forced) 1.019x / 1.012x; 42 shapes not used to set it (maps 7x7 to 56x56, Cin 40-88, Cout
 * 192-480, every one DEFAULT's 4x64 grouped) fused geomean 1.044x (1.013-1.099x), plain 1.014x
 * (0.986-1.051x). Tiles that load less per FMA gain nothing or lose: 6x64 (a line per 6
 * FMAs) 14x14x80 -> 480 1.007x / 1.007x, 28x28x128 -> 512 1.00x; 12x32 (per 12) 28x28x128 -> 512
 * 0.96-0.97x / 0.99x, 56x56x64 -> 256 0.95x / 0.95x; gemm_avx2_3x32 (per 6) 0.99-1.00x on five
 * layers. Where the job's weights fit L1d the order does not matter to them and grouping lost
 * (112x112x16 -> 96 0.95x, 28x28x32 -> 192 0.96x). */
static size_t gemm_group_tiles(const sc_geom *g, const sc_kernel_row *row, size_t unit_blocks, size_t bytes,
                               const sc_tuning *t) {
  const size_t tile_in = row->mr * (g->cin / g->groups) * sizeof(float);
  if (unit_blocks < 2 || unit_blocks * bytes <= t->l1d || bytes > t->l1d / 2) return 0;
  if (g->oh * g->ow < 2 * row->mr) return 0; /* one tile: nothing to reuse (1x1x48 -> 1152 0.91-0.95x) */
  if (row->lanes * sizeof(float) * 4 < 64 * row->mr) return 0; /* under a line of weights per 4 FMAs */
  const size_t n = (t->l1d - bytes) / 2 / tile_in;
  return n >= 2 ? n : 0;
}

/* A run hands its units to a pool only when the work outweighs the handing over: a pthreadpool call
 * costs the calling thread 1.6-2.9 us before any work (an empty pthreadpool_parallelize_1d of 4-16
 * items on 2 threads, AMD EPYC Zen 5 family 26 model 2, 2 vCPUs), and the other threads' units
 * start on cold caches. A layer's time per image is estimated as its MACs, plus 8 per input and
 * output float (depthwise layers run at the rate of their data, not of their few MACs) and 2 per
 * weight (1x1 maps: squeeze-excitation layers stream their weights), at 7 per lane per ns (two FMA
 * pipes at 3.5 GHz; half the lanes where 16-lane FMAs run as two halves). Runs estimated below
 * SC_POOL_MIN_NS stay on the calling thread. Measured there (run vs run_parallel on a pool of 2,
 * interleaved, medians of 41 rounds) on 36 random layers estimated at 1.6-16.5 us (depthwise
 * 3x3-7x7 stride 1 and 2, 1x1, 3x3, grouped; none from the bench's networks; measured time
 * 0.63-1.46x the estimate): the 8 below 4 us ran 0.57-0.89x as fast on 2 threads as on one (7x7x80
 * -> 32 1x1 0.57, 6x6x256 depthwise 0.58, 14x14x16 -> 48 3x3 s2 0.89); of the 28 from 4 us,
 * 6x6x160 -> 64 1x1 (4.1 us) 0.88x, 28x28x72 depthwise s2 0.95x, the others 1.03-1.62x. The VM's
 * second vCPU is not always as fast: in an earlier run of the same driver, depthwise layers of
 * 2.5-25 us ran 0.32-0.75x on 2 threads (14x14x576 0.56x; 1.61x in the later run) and 1x1 layers
 * of 7-8.5 us 0.97-1.02x; a threshold for that state would cost the quiet one. AVX2 rows forced,
 * the library before this rule, 24 other random layers: the 11 estimated under 4 us ran
 * 0.19-0.71x on 2 threads; from 4 us 0.52-1.22x (depthwise at 0.5-0.6x of their estimate). */
#define SC_POOL_MIN_NS 4000.0
static size_t pool_min_batch(const sc_geom *g, const sc_kernel_row *row, const sc_tuning *t) {
  const double weights = (double)g->kh * g->kw * (double)(g->cin / g->groups) * g->cout;
  const double macs = weights * g->oh * g->ow; /* every weight once per output pixel */
  const double floats = (double)g->ih * g->iw * g->cin + (double)g->oh * g->ow * g->cout;
  const double lanes = (double)(t->half_width_peak && row->lanes == 16 ? 8 : row->lanes);
  const double ns = (macs + 8.0 * floats + 2.0 * weights) / (7.0 * lanes);
  if (ns >= SC_POOL_MIN_NS) return 1;
  size_t b = (size_t)(SC_POOL_MIN_NS / (ns > 1.0 ? ns : 1.0)); /* the fewest images estimated at SC_POOL_MIN_NS */
  return (double)b * ns < SC_POOL_MIN_NS ? b + 1 : b;
}

/* Batches of small images. A GEMM tile holds up to h pixels of one image, so images of fewer
 * pixels than two tiles leave most of a tile's rows idle: a 1x1 map (squeeze-excitation layers,
 * fully connected layers as 1x1 convolutions) runs one pixel a tile, every weight vector loaded
 * for one FMA. Where an image's output rows read input rows [0, ih) in order (ih == oh * sh; GEMM
 * layers have no padding), images stacked one under the other are one taller image of the same
 * layer, so a batch runs as images of flat_images stacked, tiles crossing image boundaries:
 * h / gcd(pixels, h) images fill whole tiles. The same FMAs in the same order per output: results
 * as image by image. AMD EPYC Zen 4 (family 25 model 17), one thread, the same layer as a batch of
 * 1x1 images and as one image of the batch's pixels, GFLOP/s: 1x1x960 -> 240 batch 8 47 vs 114,
 * 1x1x2048 -> 1000 batch 32 46 vs 113 (oneDNN 47 and 41, XNNPACK 66 and 101); a 2x2 map (4
 * pixels, one whole 4x64 tile) batch 8 already 115, 3x3x256 -> 128 batch 8 (6x64 tiles of 6 + 3)
 * 1.00x stacked, 7x7 maps as one image 0.98-1.0x. */
static size_t flat_images(const sc_geom *g, const sc_kernel_row *row, size_t h) {
  const size_t px = g->oh * g->ow;
  if (row->kind != SC_KIND_GEMM || g->ih != g->oh * g->sh || px % h == 0 || px >= 2 * h) return 0;
  return h / sc_gcd(px, h);
}

/* A stride-1 depthwise layer whose dense pixels lie a multiple of an L1d way apart (1024, 2048,
 * 3072 channels): every pixel's slice of a block falls in the same L1d sets, the rows a tile reads
 * leave L1d before the next output row reuses them and the tiles' loads come from L2 (28x28x1024,
 * dw_avx512_10x32: 423 us dense, 190 us on the same data with a 1040-float pixel stride). Its jobs
 * read the input through the band (sc_dw_band_stride), their blocks cut to the most whose band
 * holds its rows, the tiles in raster order: column strips (dw_strips), which read the input where
 * it is, had kept every layer wider than 21 pixels (two blocks) from the band. A band of under 64
 * channels (one AVX-512 block: 128 bytes of each 4 KiB pixel per pass over the image) copies from
 * L3 or memory slowly: from the whole-pixel size (dw_whole_pixel_bytes) such a layer takes whole
 * pixels instead. AMD Zen 4 (family 25 model 17), one thread, one process (15 rounds), time band
 * of one block / whole pixels: 33x33x1024 0.97, 40x40x1024 1.20, 48x48x1024 1.49, 56x56x1024
 * 1.66; two blocks 28x28x2048 0.73. The rule against the strips (time new / old, same data):
 * AVX-512 28x28x1024 0.58, 30x30x1024 0.61, 24x24x2048 0.73-0.80, 36x36x2048 0.88, 33x33x1024
 * 0.86, 40x40x1024 0.85, 48x48x1024 0.76-0.79, 56x56x1024 0.67-0.74, 33x33x1024 5x5 0.96; AVX2
 * (3x32) 0.55-1.02 (33x33x1024, whole pixels, 1.02); SSE (3x16) 0.76-0.98; AVX-512 with a
 * residual, separate 0.60-0.97, in place 0.54-1.01. */
static void dw_aliased_s1(const sc_geom *g, const sc_kernel_row *row, size_t blocks, size_t in_bytes, sc_choice *c,
                          const sc_tuning *t) {
  if (g->sh != 1 || !dw_pixels_whole_way(g, t)) return;
  size_t n = c->unit_blocks; /* the most blocks whose band fits (0: not even one block's) */
  while (n > 0 && sc_dw_band_stride(g, row, g->cin, n * row->nr, t) == 0) n--;
  const int wide = n * row->nr >= 64 || n == blocks; /* the band's channels: at least 256 bytes a pixel */
  if (n > 0 && (wide || in_bytes < t->dw_whole_pixel_bytes)) {
    c->unit_blocks = n;
    c->dw_strips = 0;
  } else if (in_bytes >= t->dw_whole_pixel_bytes) {
    c->unit_blocks = blocks;
    c->dw_strips = dw_strips(g, row, blocks, c->tile_mr, 0, t);
  }
}

sc_choice sc_choose(const sc_geom *g, const sc_kernel_row *row, const sc_tuning *t) {
  sc_choice c;
  const size_t cout_g = g->cout / g->groups;
  const size_t out_bytes = g->oh * g->ow * g->cout * sizeof(float); /* validated at create */
  c.row = row;
  /* Streamed outputs: depthwise and GEMM layers, and convolutions on AVX-512 rows (a whole line a
   * store), past t->stream_bytes (the LLC, sc_classify). Convolutions, when they streamed past
   * 2 x L2 (session 38; on an older rule, past L2, resnet_2_3x3's 784 KiB had lost 2 %), AMD EPYC
   * Zen 4 (family 25 model 17), one thread, each layer alone, the same library with the rule
   * toggled in one process (15 rounds), streamed / not, no residual:
   * 224x224x3 -> 64 3x3 1.03x, 224x224x64 -> 64 1.02x, 112x112x64 -> 128 1.04x, 224x224x3 -> 64
   * 7x7 s2 1.04x, 128x128x32 -> 64 1.02x, 160x160x16 -> 32 1.01x, others within 1 % (calibration
   * with the toggle off: 0.99-1.05x); a separate residual beside (stream_residual): 1.00-1.10x
   * (224x224x3 -> 64 1.10x, 256x256x3 -> 32 1.09x). AVX2 rows, the same layers: 0.96-1.03x
   * without residual, 0.96-1.18x with one: not taken. The channel conditions put every streamed
   * block on a 64-byte boundary when the output base is: pixel p, group g, block b start at float
   * p*cout + g*cout_g + b*NR (NR a multiple of 16). */
  const int reduce = row->kind == SC_KIND_GEMM || (row->kind == SC_KIND_CONV && row->lanes == 16);
  c.stream = row->stream &&
             out_bytes >= t->stream_bytes && row->nr % 16 == 0 &&
             ((row->kind == SC_KIND_DW && g->cout % 16 == 0) || (reduce && cout_g % 16 == 0));
  c.stream_residual = c.stream && t->stream_residual;
  /* GEMM and depthwise jobs walk several blocks per tile of pixels (a group's blocks; depthwise:
   * all channels' blocks). A GEMM job: as many as keep their weights within gemm_job_bytes; a
   * depthwise job: as many as keep the tile's working set (each block's weights and input window)
   * within dw_block_bytes (see sc_classify). */
  c.windows = row->kind == SC_KIND_DW || (row->kind == SC_KIND_GRP && grp_windows_pay(g, row)) ? row->windows : 0;
  const size_t blocks = ((row->kind == SC_KIND_DW ? g->cout : cout_g) + row->nr - 1) / row->nr;
  c.unit_blocks = 1;
  c.tile_mr = aliased_tile_mr(g, row, t);
  c.dw_strips = 0;
  c.dw_prefetch = 0;
  c.group_tiles = 0;
  c.pool_min_batch = pool_min_batch(g, row, t);
  if (row->kind == SC_KIND_GEMM) {
    const size_t bytes = (row->nr + g->cin / g->groups * row->nr) * sizeof(float); /* <= the packed size */
    c.unit_blocks = unit_blocks(blocks, bytes, t->gemm_job_bytes);
    c.group_tiles = gemm_group_tiles(g, row, c.unit_blocks, bytes, t);
  } else if (row->kind == SC_KIND_DW) {
    const int aliased = dw_aliased_s2(g, row, t);
    if (aliased) c.tile_mr = SC_DW_ALIAS_MR;
    const size_t window = g->kh * ((c.tile_mr - 1) * g->sw + (g->kw - 1) * g->dw + 1) * row->nr;
    const size_t bytes = (row->nr + g->kh * g->kw * row->nr + window) * sizeof(float);
    c.unit_blocks = unit_blocks(blocks, bytes, aliased ? t->l1d : t->dw_block_bytes);
    const size_t in_bytes = g->ih * g->iw * g->cin * sizeof(float); /* validated at create */
    if (!aliased && in_bytes >= t->dw_whole_pixel_bytes && !dw_pixels_half_way(g, t))
      c.unit_blocks = blocks; /* whole pixels (see sc_classify) */
    c.dw_strips = dw_strips(g, row, c.unit_blocks, c.tile_mr, aliased, t);
    dw_aliased_s1(g, row, blocks, in_bytes, &c, t);
    c.dw_prefetch = in_bytes + out_bytes >= t->dw_prefetch_bytes && !dw_pixels_whole_way(g, t); /* (sc_classify) */
  }
  c.flat_images = flat_images(g, row, c.tile_mr);
  return c;
}

/* A depthwise job reuses each input row for kh / sh output rows, from L1d while the rows its tiles
 * read stay there. Pixels whose stride is a multiple of an L1d way (1024, 2048 channels: 4, 8 KiB)
 * put their slices of the job's channels in the same L1d sets, which hold `ways` pixels of them:
 * the rows are evicted before their reuse, which then comes from L2, and the layer ran at 33-42
 * GFLOP/s where its neighbours reach 80. Then the job copies its channels of the input rows, as
 * its output rows reach them, into a dense band on its stack (kernel.h SC_DW_BAND_BYTES) and its
 * tiles read the band. AMD Zen 4 (family 25 model 17), one thread, the same dense input in place /
 * through the band, us: AVX-512 (dw_avx512_10x32) 7x7x1024 3x3 24.1 / 14.7, 14x14x1024 109 / 61.5,
 * 19x19x1024 196 / 118, 28x28x1024 447 / 264, 7x7x2048 49.7 / 32.1, 10x10x2048 106 / 76, 7x7x1024
 * 5x5 74 / 32, 7x7x1024 7x7 116 / 50, 28x28x1024 3x3 stride 2 297 / 185, 14x14x1024 5x5 stride 2 99
 * / 57; AVX2 (dw_avx2_3x32) 7x7x1024 41.8 / 35.0, 14x14x1024 170 / 142, 5x5 108 / 79, but stride 2
 * 28x28x1024 213 / 273 (its per-tap edge tiles and short windows lose less to the aliasing than the
 * AVX-512 rows' whole-row windows; SSE likewise): stride 2 only on rows with whole-row 3-wide
 * windows (SC_DW_ROW3). Strides that alias every second pixel (512 channels) gained 1.07-1.16x at
 * stride 2 and lost at stride 1 (7x7x512 0.79x, 14x14x512 0.95x): not taken. The band must hold
 * twice a kernel's span of rows (else rows move every output row: 56x56x1024 0.91x). The one loss
 * measured: 7x7x1024 stride 2 (a 4x4 output) 11.1 -> 13.1 us. The copy (about 4 cycles per line
 * from L2, not overlapped with the FMAs) is why 2 KiB strides do not gain. */
size_t sc_dw_band_stride(const sc_geom *g, const sc_kernel_row *row, size_t xps, size_t channels,
                         const sc_tuning *t) {
  const size_t ps = (channels + 15) / 16 * 16, span = (g->kh - 1) * g->dh + 1;
  if (xps * sizeof(float) % t->l1d_way != 0) return 0; /* pixels spread over the sets */
  if (g->sh != 1 && !(row->windows & SC_DW_ROW3)) return 0;
  if (2 * span > SC_DW_BAND_BYTES / sizeof(float) / ps / g->iw) return 0; /* band rows */
  return ps;
}

/* A depthwise tile reads each input pixel's slice of its channel blocks, a pixel stride apart,
 * in rows a multiple of that apart: where the stride is a multiple of 512 bytes (1/8 of an L1d
 * way) all of them fall in 1/8 or fewer of the L1d sets, and the layer ran 1.1-1.8x slower than
 * on the same data 64 bytes a pixel further apart (an odd number of lines: every set). The rule:
 * strides that are multiples of a quarter way (256, 512, 768, 1024 channels) at any stride,
 * of an eighth (128, 384, ...) at stride 2; there the plan prefers Cin + 16 (pixels still on
 * 64-byte lines). AMD EPYC family 26 model 2 (Zen 5), dw_avx512_10x32, one process, 41 rounds,
 * median us, dense / Cin + 16: stride 2, 3x3: 14x14 C 128 1.9 / 1.8, 256 2.9 / 2.8, 512 8.3 / 7.0;
 * 28x28 C 128 8.4 / 6.9, 256 20.4 / 12.9, 384 32.0 / 27.8, 512 55.5 / 44.3, 768 93.5 / 57.7,
 * 1024 112 / 70.7; 56x56 C 128 44.1 / 38.6, 256 97.6 / 75.2, 384 148.5 / 127.0, 512 168 / 134,
 * 768 296 / 211; 112x112 C 128 182 / 162, 256 513 / 422; 5x5 (1.08-1.84x): 28x28 C 128 16.3 /
 * 12.5, 256 41.4 / 29.6, 512 84.4 / 48.7, 56x56 C 512 394 / 214; 7x7 28x28x256 62.2 / 40.4.
 * Stride 1: 14x14x256 8.1 / 6.9, 28x28x256 53.3 / 44.8, 56x56x256 149.4 / 149.3, 7x7x256 2.0 /
 * 1.9, 28x28x512 77.7 / 56.2, 7x7x512 4.4 / 4.1, 14x14x512 5x5 51.4 / 30.1, 14x14x1024 49.4 /
 * 41.0 (no band copy), 7x7x1024 10.3 / 7.8. Not the others: stride 1 at 128 and 384 channels
 * (56x56x128 61.5 / 61.9, 28x28x384 44.1 / 46.4, 14x14x384 10.1 / 11.0), strides of 64 or 192
 * channels (1.00-1.16x at stride 2, 3x3). The same CPU's AVX2 row (dw_avx2_3x32): 56x56x128 s2
 * 38.2 / 38.0, 28x28x256 s2 20.3 / 18.6, 28x28x256 60.4 / 57.3, 14x14x512 25.9 / 24.8, 28x28x512
 * 5x5 s2 112.7 / 101.2, 14x14x1024 67.1 / 53.3; SSE (dw_sse_3x16) 0.99-1.06x. The stride is in
 * the plan, not the CPU's timings: measured on Zen 5 only, its reason (4 KiB L1d ways) holds on
 * every x86 core the tuning names. Dense layers keep Cin: 1x1 layers of 256-1024 input channels,
 * strides 1 and 2, ran as fast on Cin + 16 (0.997-1.002x), and 3x3 layers slower (a strided input
 * runs the fused kernel rows unfused: 28x28x256 -> 256 stride 2 1030 / 1102 us, 14x14x512 -> 512
 * stride 2 1059 / 1339, 14x14x256 -> 256 981 / 1272). */
size_t sc_input_stride(const sc_geom *g, const sc_kernel_row *row, const sc_tuning *t) {
  const size_t bytes = g->cin * sizeof(float), way = t->l1d_way;
  if (row->kind != SC_KIND_DW || way < 1024) return g->cin;
  const int s2 = g->sh == 2 || g->sw == 2;
  return bytes % (way / 4) == 0 || (s2 && bytes % (way / 8) == 0) ? g->cin + 16 : g->cin;
}

/* ---- Winograd (algorithm WINOGRAD and FASTEST) ---- */

static size_t wino_tiles(const sc_geom *g, size_t m) { return ((g->oh + m - 1) / m) * ((g->ow + m - 1) / m); }

/* The variant: F(4x4), the fastest on every shape measured, except F(2x2) where F(4x4)'s
 * transformed weights (36/9 = 4x the layer's) are larger than 16 MiB and the image has at most 16
 * F(4x4) tiles to reuse them over (F(2x2)'s are 16/9 x). F(6x6) (64 points, an 8x8 input tile) is
 * never the rules' choice (it can be forced). With fewer than 16 input or output channels per group
 * F(2x2): there an output's error, which scales with the largest inputs of its tile, can exceed
 * 1e-4 of the output's own scale with F(4x4) when the data's magnitudes vary widely (tests:
 * 4-9 channels, magnitudes 2^-8..2^8: F(4x4) 2.8e-4, F(2x2) within 1e-4), and F(4x4) gains little
 * over direct there (FASTEST stays direct). AVX2, AMD EPYC Zen 3 (family 25 model 1), one
 * process, C -> C 3x3 SAME layers, time ratio direct / F2, F4, F6 (bench grid, 5 rounds):
 *   7x7:   C 32 0.90 1.44 0.57 | 128 1.10 2.26 0.99 | 256 1.31 1.87 0.49 | 512 1.09 1.05 0.51
 *   14x14: C 32 1.35 1.61 1.11 | 128 1.68 2.28 1.62 | 256 1.67 2.16 1.26 | 512 1.52 1.44 0.99
 *   28x28: C 32 1.44 2.09 1.62 | 128 1.87 2.97 2.42 | 512 1.77 2.43 1.84
 *   56x56: C 16 1.06 1.47 1.01 | 64 1.76 2.64 2.35 | 256 1.79 2.96 2.52 */
/* F(4x4)'s transformed weights (36/9 = 4x the layer's) are larger than 16 MiB */
static int wino_big_weights(const sc_geom *g) {
  return 36 * (g->cin / g->groups) * g->cout * sizeof(float) > ((size_t)16 << 20);
}

static size_t wino_variant(const sc_geom *g) {
  if (g->cin / g->groups < 16 || g->cout / g->groups < 16) return 2; /* accuracy: see below */
  return wino_big_weights(g) && wino_tiles(g, 4) <= 16 ? 2 : 4;
}

const sc_kernel_row *sc_select_winograd(const sc_geom *g, const sc_kernel_row *const *rows, size_t n,
                                        const sc_tuning *t) {
  (void)t;
  const size_t m = wino_variant(g);
  for (size_t i = 0; i < n; i++)
    if (rows[i]->kind == SC_KIND_WINO && rows[i]->wino->m == m && sc_row_computes(rows[i], g)) return rows[i];
  return NULL;
}

/* FASTEST takes Winograd with at least 24 input and output channels per group, or 16 on maps of at
 * least 49 F(4x4) tiles (28x28): below, the transforms (per tile and channel) outweigh the GEMMs'
 * savings (per tile and channel pair). Same grid, direct / F(4x4): C 8 0.58-1.28 (0.92 at
 * 112x112); C 16 7x7 0.95, 14x14 1.06, 28x28 1.42, 56x56 1.47; C 24 7x7 1.10, 14x14 1.17; C >= 32
 * 1.05 (7x7x512) to 3.02. Not with weights past 16 MiB (F(4x4)) on fewer than 16 F(4x4) tiles: the
 * transformed weights then stream from memory for a handful of tiles (7x7x512 -> 512, bench
 * --winograd pairs: F(2x2) / direct 0.96, F(4x4) 0.92; at 14x14, 16 tiles, F(2x2) 1.52).
 * Grouped layers run one Winograd job per group, whose per-point GEMMs (F(4x4) tiles x C x C
 * multiply-adds) must also amortise the group's transforms and 36 GEMM calls: from 16384 (4 tiles
 * at 64 channels a group, 16 at 32). AMD Zen 4 (family 25 model 17), one thread, bench --networks
 * (FASTEST and DIRECT plans in one process, 7 rounds, two runs), direct / Winograd time, H x W x
 * channels / groups: below it 7x7x1024/32 (ResNeXt-50's last stage) 0.44-0.84, 7x7x768/24 0.39-0.41,
 * 14x14x768/32 0.77-0.92, 14x14x384/16 0.80-0.81, 12x12x768/32 0.95-1.08, 10x10x512/16
 * 1.03-1.29, 8x8x256/8 1.30; from it 14x14x1024/32 0.94-1.04, 7x7x512/8 1.55-1.67, 7x7x256/4
 * 1.65-1.71, 14x14x512/16 1.13-1.59, 28x28x768/32 1.20, 28x28x512/16 1.63, 28x28x256/8 1.94,
 * 56x56x128/4 2.08, 14x14x256/2 2.26. */
int sc_winograd_pays(const sc_geom *g, const sc_kernel_row *wino, const sc_tuning *t) {
  (void)t;
  (void)wino;
  const size_t c = g->cin / g->groups < g->cout / g->groups ? g->cin / g->groups : g->cout / g->groups;
  if (wino_big_weights(g) && wino_tiles(g, 4) < 16) return 0;
  if (g->groups > 1 && wino_tiles(g, 4) * c * c < 16384) return 0;
  return c >= 24 || (c >= 16 && wino_tiles(g, 4) >= 49);
}

static size_t round_up(size_t v, size_t q) { return (v + q - 1) / q * q; }

/* Chunks of up to 128 input and output channels (rounded to whole vectors / GEMM blocks), then as
 * many tiles per block as fit the stack block; chunks are halved while not even one GEMM tile of
 * rows fits. Larger chunks transform each input patch for more output channels and reload the
 * accumulated M less often; AVX2 F(4x4), Zen 3 (AMD EPYC family 25 model 1), one process, chunks
 * of 128 with 6 tiles against 64 with 12: 28x28x128 -> 128 +10 %, 14x14x256 -> 256 +20 %,
 * 56x56x256 -> 256 +12 %; 64 with 24 tiles (past the block): -5 to -19 %. */
sc_wino_block sc_wino_blocking(const sc_geom *g, const sc_kernel_row *row, const sc_tuning *t) {
  (void)t;
  const sc_wino_info *w = row->wino;
  const size_t points = (w->m + 2) * (w->m + 2), cap = 128, lanes = row->lanes, nr = w->gemm_nr, mr = w->gemm_mr;
  sc_wino_block b;
  b.kc = round_up(g->cin / g->groups, lanes);
  if (b.kc > round_up(cap, lanes)) b.kc = round_up(cap, lanes);
  b.nc = round_up(g->cout / g->groups, nr);
  if (b.nc > round_up(cap, nr)) b.nc = round_up(cap, nr);
  for (;;) {
    b.t = SC_WINO_STACK_BYTES / (sizeof(float) * points * (b.kc + b.nc));
    if (b.t > SC_WINO_T_MAX) b.t = SC_WINO_T_MAX;
    b.t = b.t / mr * mr;
    if (b.t >= mr || (b.kc == lanes && b.nc == nr)) break;
    if (b.kc >= b.nc && b.kc > lanes) b.kc = round_up(b.kc / 2, lanes);
    else b.nc = round_up(b.nc / 2, nr);
  }
  return b;
}
