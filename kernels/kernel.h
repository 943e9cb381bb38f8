/* Internal interface between the plan (dispatch/) and the microkernels (kernels/).
 *
 * Data flow: create() validates the descriptor, packs the weights in the order the chosen
 * kernel reads them (pack.c) and builds a tile table (tiles.c); run() walks the table and
 * calls the ISA's microkernel on (tile range x output-channel block) jobs; a GEMM kernel's job
 * covers a range of blocks (sc_job.blocks).
 *
 * Tiles. Output pixels are grouped by the range of kernel taps that land inside the input
 * (their "tap class": kh in [kh0, kh0+nkh), kw in [kw0, kw0+nkw)); consecutive pixels of one
 * class form a tile of up to MR pixels. A tile's taps are therefore all real: padded taps are
 * skipped, not multiplied by zero, and the inner loops have no per-element branch. A pixel
 * with no real tap gets nkh == 0 (output = activation(bias)). Exception: tiny corner classes
 * are merged into a neighbouring class and read a zero row for the kernel rows they lack
 * (tiles.c, pix_kh).
 *
 * Packed conv weights, per group and per block of NR output channels:
 *   [ bias: NR ][ kh: KH ][ kw: KW ][ ic: Cin_g ][ NR ]
 * with output channels past the group's end zero-filled. A tile's loops are
 *   for kh < nkh: for kw < nkw: for k < klen: acc[m][:] += x[m][kh*xs_h + kw*xs_w + k] * w[:]
 * where klen == Cin_g, or, with dilation_w == 1 and one group, the kw and ic loops are fused
 * (nkw == 1, klen == nkw*Cin: the taps of one kernel row are contiguous in NHWC and HWIO).
 *
 * Depthwise (groups == Cin == Cout) packs the same way with Cin_g == 1 across all channels,
 * so lane j of block b is channel b*NR + j; the kernel keeps channels in vector lanes. Its tiles
 * never cross an output row, so tiles slide a window along the input row (each input vector
 * loaded once per kernel row instead of once per tap; sc_dw_window).
 *
 * Nothing here allocates or writes into the plan at run time.
 */
#ifndef SIMDCONV_KERNEL_H
#define SIMDCONV_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "simdconv/simdconv.h"

typedef struct sc_tile {
  size_t mr;            /* pixels in the tile, 1..MR */
  size_t nkh, nkw;      /* kernel rows and (unfused) kernel columns with real taps */
  size_t klen;          /* innermost run length: Cin_g, or nkw*Cin when fused */
  size_t window;        /* depthwise only: the stride S (1 or 2) of a sliding-window tile, else 0.
                           Its MR pixels are consecutive in one output row (dilated layers,
                           S = 1: sc_job.win_step apart) and read the input "span" of S*(MR-1) + K
                           columns, dilation_w input columns apart, from the first one's first
                           tap (K: 3 real taps, or the plan's sc_job.window width): pixel p's tap
                           k is span column p*S + k. A whole-row window's span columns [win_lo,
                           win_hi) are inside the input (the rest is padding) and pix_in points
                           at column win_lo; a 3-tap window's span is all inside (win_lo, win_hi
                           unused) */
  size_t win_lo, win_hi;
  size_t w_off;         /* floats from the block's first tap to the tile's first tap */
  size_t w_row_skip;    /* floats of weights to skip after each kernel row */
  size_t zero_rows;     /* 1 if some pixel lacks some of the tile's kernel rows (see pix_kh) */
} sc_tile;

/* One microkernel call: a range of tiles x one output-channel block of one group, one image.
 * Pixels are addressed by index: pixel i of the input starts at input + i * xps (floats), of the
 * output at output + i * yps, of the residual at res + i * rps (run_ex's pixel strides; dense
 * tensors have xps == Cin, yps == rps == Cout). */
typedef struct sc_job {
  const sc_tile *tiles;
  size_t ntiles;
  const size_t *pix_in;   /* per tile MR input pixel indices (of the first real tap; a merged
                             corner pixel's may be "negative", wrapped: see pix_kh) */
  const size_t *pix_out;  /* per tile MR output pixel indices */
  const size_t *pix_kh;   /* per tile MR pairs (lo, n): the pixel's real kernel rows are tile rows
                             [lo, lo + n); read only when tile->zero_rows */
  const float *zero;      /* zeros, read instead of a pixel's missing kernel rows (sc_zero_pixels) */
  const float *input;     /* image base, already advanced to the group's / block's first channel */
  float *output;          /* image base, already advanced to the block's first output channel */
  const float *res;       /* residual image base, advanced likewise; NULL: no residual. Added to
                             the accumulators before the activation (in place: res == output) */
  size_t xps, yps, rps;   /* pixel strides in floats: input, output, residual */
  size_t unfuse;          /* 0, or Cin_g: the input's pixel stride is not Cin, so a fused tile
                             (nkw 1, klen = real kernel columns x Cin_g) runs its kernel columns
                             one by one: klen / unfuse columns of unfuse channels (SC_TILE_LOOP) */
  int split_zero;         /* tiles with zero_rows run pixel by pixel over their real rows (the
                             zero row only covers a dense input's kernel row) */
  size_t row_px;          /* input pixels from one kernel row to the next (dilation_h * W) */
  const float *w;         /* packed block: bias[NR] then taps */
  size_t nc;              /* valid output channels in the (last) block, 1..NR */
  size_t head;            /* depthwise: 0, or channels [0, head) come before the job's first block
                             (an input off the vector alignment, dispatch/api.c dw_shift): a block
                             of head valid channels, weights head_w, at input - head, output -
                             head, res - head, run first for each tile */
  const float *head_w;
  size_t blocks;          /* consecutive packed blocks to compute: 1, except for GEMM and
                             depthwise kernels (they walk the blocks per tile of pixels) */
  size_t w_block;         /* floats from one packed block to the next */
  size_t group_tiles;     /* GEMM: 0 (all blocks per tile of pixels), or groups of this many tiles
                             that walk the blocks one by one (sc_choice.group_tiles) */
  size_t window;          /* depthwise: 8 * S + kw when every tile is a whole-row sliding window
                             of stride S (sc_dw_window), else 0 */
  size_t win_step;        /* output pixels between a window tile's consecutive pixels: 1, or the
                             dilation (stride-1 windows over one residue class of a row's columns) */
  size_t xs_h, xs_w;      /* input strides in floats between kernel rows / kernel columns
                             (dilation_h * W * xps, dilation_w * xps) */
  size_t iw;              /* input pixels per row */
  size_t band_ps;         /* depthwise: 0, or the job copies the input rows its tiles read (its
                             channels only) into a band on its stack of SC_DW_BAND_BYTES, pixel
                             stride band_ps floats, band by band in tile order, and reads them
                             there (dispatch/select.c sc_dw_band_stride: pixel strides that alias
                             in L1d). The same FMAs in the same order: bit-identical */
  int clamp;              /* apply min(max(y, lo), hi) */
  float lo, hi;
  int prefetch;           /* depthwise: each window tile prefetches the input rows the next output
                             row adds (the stride's rows below its last kernel row, its pixels'
                             columns), whole-row windows a block at a time, other tiles all the
                             job's channels at once; not through the band: layers larger than L3
                             (select.c dw_prefetch_bytes) */
  int stream;             /* kernels with SC_STORE_NT: store full vectors with
                             non-temporal stores (the output base is 64-byte aligned and every
                             full block of every pixel starts on a 64-byte boundary), then fence */
} sc_job;

typedef void (*sc_job_fn)(const sc_job *job);

/* ---- The kernel registry: every microkernel is a row its ISA file emits ----
 *
 * Kinds, and the descriptors each can compute (dispatch/select.c, sc_row_computes):
 *   SC_KIND_CONV  broadcast convolution tile: any descriptor (depthwise too, one group at a time)
 *   SC_KIND_DOT   "dot" tile keeping kdot consecutive input channels in the lanes of each
 *                 accumulator, lanes summed once per tile: input channels per group % kdot == 0;
 *                 weights packed per tap in chunks of kdot input channels: [ic / kdot][NR][kdot]
 *   SC_KIND_GEMM  1x1 layers whose every output pixel reads one input pixel (no padding), as a
 *                 GEMM that walks job->blocks output-channel blocks per tile of pixels
 *   SC_KIND_DW    depthwise (groups == Cin == Cout > 1): channels in lanes, one packed group
 *   SC_KIND_GRP   grouped, several groups a vector: Cin_g == Cout_g == C, 2 <= C < lanes, lanes % C
 *                 == 0, groups > 1; NR / C consecutive groups pack as one "group" of NR channels
 *                 ([bias: NR][taps][C][NR], lane l of row j: W[tap][j][first channel + l], the
 *                 weights of l's own group: a block-diagonal block), one block each; on 3x3 rows
 *                 whose padding holds few taps the tiles are whole-row windows (sc_choice.windows,
 *                 the row's window strides as SC_KIND_DW's: conv_template.h SC_GRP_FN _window)
 *
 * Summation order. Kernels of one ISA with the same order class compute every output with the
 * same sequence of float operations, so their results are bit-identical (MEASURE only chooses
 * among those): SC_ORDER_CHAIN is the bias, then one multiply-add per real tap and input channel
 * in (kh, kw, ic) order into one accumulator (conv, GEMM, depthwise: the tile shape only changes
 * which outputs share registers; grouped tiles too); SC_ORDER_DOT sums an accumulator's lanes
 * (kdot partial sums) at the end of a tile, by the ISA's fixed tree (one dot family an ISA). */
typedef enum sc_kind { SC_KIND_CONV, SC_KIND_DOT, SC_KIND_GEMM, SC_KIND_DW, SC_KIND_WINO, SC_KIND_GRP } sc_kind;
/* Kinds whose kernels read the zero row for a pixel's missing kernel rows (SC_FOR_CONV_TILES): their
 * tilings merge tiny corner classes into larger tiles (tiles.c). */
static inline int sc_kind_reads_zero_rows(sc_kind k) { return k == SC_KIND_CONV || k == SC_KIND_DOT; }
typedef enum sc_order { SC_ORDER_CHAIN, SC_ORDER_DOT, SC_ORDER_WINO_F2, SC_ORDER_WINO_F4, SC_ORDER_WINO_F6 } sc_order;

/* ---- Winograd F(m x m, 3 x 3) (kernels/winograd_template.h, SC_KIND_WINO rows) ----
 *
 * Output tiles of m x m pixels; each reads an (m+2) x (m+2) input patch. Per block of T tiles and
 * chunk of NC output channels: for each chunk of KC input channels, the patches are transformed
 * (V = B^T d B, channels in vector lanes) into V[point][tile][KC], then for each of the (m+2)^2
 * points one GEMM M[point] (T x NC) += V[point] (T x KC) x U[point] (KC x NC) on the ISA's GEMM
 * microkernel (a registry GEMM row); then the output transform A^T M A, plus bias, residual and
 * activation, writes the tiles' pixels. V and M live on the stack (SC_WINO_STACK_BYTES).
 *
 * Packed transformed weights U = G g G^T (computed in double, rounded once), per group, per chunk of
 * NC output channels (the last one zero-padded to NC), per chunk of KC input channels (the last one
 * shorter: kcur channels), per point: NC / NR GEMM blocks [zero bias: NR][kcur][NR]. */
typedef struct sc_wino_job {
  const float *input;      /* image base, advanced to the group's first input channel */
  float *output;           /* image base, advanced to the chunk's first output channel */
  const float *res;        /* residual image base, advanced likewise; NULL: none */
  size_t xps, yps, rps;    /* pixel strides in floats */
  size_t ih, iw, oh, ow, pad_top, pad_left;
  size_t cin;              /* input channels of the group */
  size_t tiles_w;          /* output tiles per tile row: ceil(ow / m) */
  size_t t0, t1;           /* the tiles to compute, [t0, t1), row-major */
  const float *u;          /* the chunk's packed transformed weights (all its KC chunks) */
  const float *bias;       /* the chunk's bias, NC floats (zeros past the group's channels) */
  size_t nc;               /* valid output channels of the chunk, 1..NC */
  size_t t, kc, ncc;       /* the blocking: T tiles per block, KC input and NC output channels per
                              chunk (sc_wino_blocking: P x T x (KC + NC) floats fit the stack block) */
  int clamp;
  float lo, hi;
} sc_wino_job;
typedef void (*sc_wino_fn)(const sc_wino_job *job);

typedef struct sc_wino_info {
  size_t m;                 /* output tile m x m; (m + 2)^2 transform points */
  size_t gemm_mr, gemm_nr;  /* the GEMM row's tile: T is a multiple of MR, NC of NR */
  const char *gemm;         /* the GEMM row's name */
  sc_wino_fn fn;
} sc_wino_info;
/* The stack block of a Winograd run (V and M), and the most tiles per block: AVX2 F(4x4), AMD EPYC
 * Zen 3 (family 25 model 1), one process, 12 against 24 tiles (32-channel chunks): 128x128x32,
 * 56x56x32 and 28x28x32 -> 32 +5 to +7 %, 56x56x16 -> 16 +5 %. */
#define SC_WINO_STACK_BYTES ((size_t)224 * 1024)
#define SC_WINO_T_MAX 12

typedef struct sc_kernel_row {
  const char *name;   /* "<kind>_<isa>_<MR>x<NR>", unique (the public registry name) */
  simdconv_isa isa;
  sc_kind kind;
  size_t mr, nr;      /* register tile: MR pixels x NR output channels (depthwise: channels) */
  size_t lanes;       /* floats per vector register (NR / lanes vectors per pixel) */
  size_t kdot;        /* SC_KIND_DOT: input channels per lane group; else 0 */
  sc_order order;
  int stream;         /* honours sc_job.stream with non-temporal stores */
  sc_job_fn fn;       /* NULL for Winograd rows */
  const sc_wino_info *wino; /* Winograd rows (SC_KIND_WINO): the algorithm's parameters; else NULL */
  unsigned windows;   /* SC_KIND_DW: the strides S (bit S) its tiles have sliding windows for,
                         SC_DW_ROW3 when its 3-wide windows slide over whole rows, SC_DW_HEADS
                         when it runs head blocks (kernel.h) */
  size_t perm;        /* one-vector conv and GEMM rows (NR == lanes): rows of a full tile whose
                         broadcasts come from a register permute of the row's input vector
                         (conv_template.h, sc_perm_chunk; a "p" after the tile in the name); else 0.
                         DEFAULT takes them only as the twin of a plain row (select.c) */
  int embed;          /* one-vector conv and GEMM rows whose broadcasts are FMA memory operands
                         (AVX-512 {1to16}, conv_template.h SC_BCAST_FOLD; an "e" after the tile);
                         DEFAULT takes them only as the twin of a plain row (select.c) */
  int slide;          /* one-vector conv rows whose full tiles of evenly spaced pixels slide along
                         the input row: each input float broadcast once for every pixel whose
                         fused run (kw x Cin) holds it, the run's weights in registers
                         (conv_template.h SC_CONV_SLIDE; an "s" after the tile), for the runs and
                         pixel steps of SC_SLIDE_SHAPES; DEFAULT takes them there (select.c) */
} sc_kernel_row;

/* The (fused run length kw x Cin, pixel step stride_w x Cin) pairs a slide row unrolls, in floats:
 * first layers of 1, 3 and 4 input channels with 3x3 and 5x5 kernels (RGB 3x3 stride 1: 9, 3). */
#define SC_SLIDE_SHAPES(X) X(9, 3) X(9, 6) X(15, 3) X(15, 6) X(3, 1) X(3, 2) X(12, 4) X(12, 8)
#define SC_SLIDE_IS_(KL, ST) || (klen == (KL) && step == (ST))
static inline int sc_slide_shape(size_t klen, size_t step) { return 0 SC_SLIDE_SHAPES(SC_SLIDE_IS_); }
#undef SC_SLIDE_IS_

/* A row for kernel function FN (its name is the row's name); ISA: the SIMDCONV_ISA_LIST NAME.
 * The arguments are expanded first (FN and ISA may be macros, as in conv_template.h). */
#define SC_KERNEL_ROW(FN, ISA, KIND, MR, NR, LANES, KDOT, ORDER, STREAM, WINDOWS) \
  SC_KERNEL_ROW_(FN, ISA, KIND, MR, NR, LANES, KDOT, ORDER, STREAM, WINDOWS, 0, 0, 0)
/* the same with the broadcast form of a one-vector row (PERM: row->perm, EMBED: row->embed, SLIDE:
 * row->slide) */
#define SC_KERNEL_ROW_BCAST(FN, ISA, KIND, MR, NR, LANES, KDOT, ORDER, STREAM, WINDOWS, PERM, EMBED, SLIDE) \
  SC_KERNEL_ROW_(FN, ISA, KIND, MR, NR, LANES, KDOT, ORDER, STREAM, WINDOWS, PERM, EMBED, SLIDE)
#define SC_KERNEL_ROW_(FN, ISA, KIND, MR, NR, LANES, KDOT, ORDER, STREAM, WINDOWS, PERM, EMBED, SLIDE) \
  { #FN, SIMDCONV_ISA_##ISA, KIND, MR, NR, LANES, KDOT, ORDER, STREAM, FN, NULL, WINDOWS, PERM, EMBED, SLIDE }

/* What an ISA file provides: `const sc_isa_kernels sc_kernels_<isa>` (isa: its SIMDCONV_ISA_LIST
 * name) with its rows; dispatch/cpu.c tables the ones compiled in. */
typedef struct sc_isa_kernels {
  const sc_kernel_row *const *rows;
  size_t count;
  int legacy_sse; /* x86 code in legacy (non-VEX) SSE encoding: see sc_clear_upper */
} sc_isa_kernels;
/* An ISA file's `sc_kernels_<isa>` from its array `rows`, at most SC_ISA_ROWS_MAX of them
 * (sc_select_default picks among a copy of an ISA's rows). */
#define SC_ISA_ROWS_MAX 64
#define SC_ISA_KERNELS(ISA, LEGACY_SSE)                                                          \
  _Static_assert(sizeof rows / sizeof rows[0] <= SC_ISA_ROWS_MAX, "more rows than SC_ISA_ROWS_MAX"); \
  const sc_isa_kernels sc_kernels_##ISA = {rows, sizeof rows / sizeof rows[0], LEGACY_SSE}
/* An ISA's kernels may take several files (same flags, cmake/kernels.cmake), so that a parallel
 * build compiles them at once: the other files define SC_ROWS_EXTERN before conv_template.h and
 * list their kernels as an X-macro FN list; the ISA file declares them with SC_ROW_EXTERN_DECL and
 * lists SC_ROW_EXTERN_REF of each in its rows. */
#define SC_ROW_EXTERN_DECL(FN) extern const sc_kernel_row sc_##FN##_row;
#define SC_ROW_EXTERN_REF(FN) &sc_##FN##_row,

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
/* vzeroupper (kernels/scalar.c); call only on CPUs with AVX. Legacy-SSE instructions keep the
 * upper halves of the ymm/zmm registers, so after AVX code that left them dirty (a caller, or
 * JIT code of another library, without vzeroupper) every one of them merges with the old value:
 * the scalar and SSE kernels then ran 5-7x slower on Zen 4 (SSE resnet_2_3x3 50 -> 7 GFLOP/s).
 * run() calls it first for kernel sets with legacy_sse when the CPU has AVX. */
void sc_clear_upper(void);
#else
static inline void sc_clear_upper(void) {}
#endif

/* ---- Shared, ISA-independent plan parts (kernels/pack.c, kernels/tiles.c) ---- */

/* Geometry after normalisation (0 -> 1, padding resolved). */
typedef struct sc_geom {
  size_t ih, iw, cin, cout, kh, kw, sh, sw, dh, dw, groups;
  size_t pad_top, pad_left;
  size_t oh, ow;
} sc_geom;

/* The packed weight layout of a plan: `groups` packed groups of ceil(cout_g / nr) blocks, each
 * [bias: nr][taps][cin_g][nr] (or, kdot > 1, [taps * cin_g / kdot][nr][kdot]), from HWIO weights
 * whose rows hold `ld` floats (the layer's output channels). Depthwise plans pack one group of all
 * channels with one input channel each: {.groups = 1, .cout_g = Cout, .cin_g = 1}. */
typedef struct sc_pack_layout {
  size_t groups, cout_g, taps, cin_g, ld, nr, kdot;
} sc_pack_layout;
/* Floats of the packed layout (0 on overflow). */
size_t sc_packed_floats(const sc_pack_layout *l);
/* Packs HWIO weights w and bias (NULL: zeros) into dst; output channels past a group's end are 0. */
void sc_pack(float *dst, const float *w, const float *bias, const sc_pack_layout *l);

/* Winograd F(m x m, 3 x 3) weights: the packed U of kernel.h's Winograd section for HWIO weights w
 * (3 x 3 x Cin_g x ld, ld = the layer's Cout) of `groups` groups of cin_g -> cout_g channels. */
typedef struct sc_wino_layout {
  size_t m, groups, cin_g, cout_g, ld, kc, nc, nr;
} sc_wino_layout;
/* Floats of the packed U (0 on overflow); of one output-channel chunk of one group: *chunk_floats. */
size_t sc_wino_packed_floats(const sc_wino_layout *l, size_t *chunk_floats);
void sc_wino_pack(float *dst, const float *w, const sc_wino_layout *l);

/* Tile table. Counts first (so the caller can check sizes and allocate), then fill. */
typedef struct sc_tiling {
  sc_tile *tiles;
  size_t *pix_in, *pix_out, *pix_kh; /* ntiles*mr, ntiles*mr, 2*ntiles*mr */
  size_t ntiles, mr;
  size_t *work; /* ntiles + 1 prefix sums of the tiles' work, mr x (real taps x klen + 1), by
                   which dispatch cuts the tiles into a pool's chunks; NULL: by tile counts */
  size_t images; /* images the table covers, stacked: 1, or a plan's flat tiling's (dispatch) */
} sc_tiling;
/* Depthwise sliding windows. Every kernel width 3 run of real taps (a 3-wide kernel's interior
 * columns, or its whole rows on rows with SC_DW_ROW3) has window tiles of its own, the edge
 * columns per-tap tiles; widths 5 and 7 slide over whole rows, padding included (conv_template.h
 * SC_DW_FN lists the same: 5 and 7 at stride 1, 5 at stride 2, 3 at both with SC_DW_ROW3).
 * sc_dw_window: the stride of g's whole-row window tiles for a row with window strides `windows`
 * (bit S, and SC_DW_ROW3), or 0. Dilated layers (dilation_w d > 1): stride 1, widths 3 and 5, on
 * the rows with SC_DW_ROW3 (32 registers), each window over one residue class mod d of a row's
 * columns (tiles.c; sc_job.win_step). On AVX2 (dw_avx2_3x32, AMD Zen 4) a dilated 5x5 layer has
 * twice the edge tiles, whose selects spill 16 registers: 28x28x120 d2 0.82x, 28x28x128 0.89x,
 * 20x20x240 1.15x against tap by tap; there, 3x3 runs of 3 real taps slide (1.15-1.34x). */
#define SC_DW_ROW3 (1u << 4)
/* A depthwise row's windows bit: it runs sc_job.head blocks (conv_template.h SC_DW_HEAD) */
#define SC_DW_HEADS (1u << 5)
#define SC_DW_WINDOW_K(k, s, windows) \
  ((k) == 5 || ((k) == 7 && (s) == 1) || ((k) == 3 && ((windows) & SC_DW_ROW3)))
static inline size_t sc_dw_window(const sc_geom *g, unsigned windows) {
  return (g->dw == 1 || (g->sw == 1 && g->kw <= 5 && (windows & SC_DW_ROW3))) && g->sw <= 2 && ((windows >> g->sw) & 1u) && SC_DW_WINDOW_K(g->kw, g->sw, windows) ? g->sw : 0;
}
/* Grouped tiles' whole-row windows at stride 2 (conv_template.h SC_GRP_FN, dispatch/select.c
 * grp_windows_pay): for groups of at most this many channels; wider groups' windows are stride 1. */
#define SC_GRP_WINDOW_S2_MAX_C 4
/* The stack band of a depthwise job that copies its input rows (sc_job.band_ps); it holds at least
 * one tile's span of input rows ((kh - 1) * dh + 1 rows of W pixels; sc_dw_band_stride: two). */
#define SC_DW_BAND_BYTES ((size_t)48 * 1024)
/* The input rows [*lo, *hi) the depthwise tile t (pixels pin) reads, of a job whose input rows
 * hold iw pixels; 0 when it reads none (no real tap). */
static inline int sc_dw_tile_rows(const sc_tile *t, const size_t *pin, size_t iw, size_t row_step, size_t *lo,
                                  size_t *hi) {
  if (t->nkh == 0 || t->nkw == 0) return 0;
  *lo = pin[0] / iw;
  *hi = *lo + (t->nkh - 1) * row_step + 1;
  return 1;
}
/* Number of tiles (see sc_tiles_fill) of at most `height` pixels (<= mr, the row's MR); merge: the
 * kernels read zero rows (SC_FOR_CONV_TILES, corner pixels may merge into larger tiles, tiles.c);
 * row_tiles: tiles never cross an output row; windows: the depthwise row's window strides
 * (sc_dw_window; 0 for other kinds). */
size_t sc_tiles_count(const sc_geom *g, size_t mr, size_t height, int fuse_kw, int merge, int row_tiles,
                      unsigned windows);
/* Fill t (arrays sized ntiles, ntiles*mr, ntiles*mr: mr entries a tile whatever its height).
 * fuse_kw: fuse the kw and ic loops. cin_g: channels per group (the inner run length when not
 * fused). */
void sc_tiles_fill(const sc_geom *g, size_t mr, size_t height, size_t cin_g, int fuse_kw, int merge, int row_tiles,
                   unsigned windows, size_t nr, sc_tiling *t);
/* Input pixels (of Cin floats) of the zero row that merged corner pixels read: a kernel row's
 * span, (kw - 1) * dw + 1 (0: the tiling merges nothing). */
size_t sc_zero_pixels(const sc_geom *g, int merge, int row_tiles);

#endif /* SIMDCONV_KERNEL_H */
