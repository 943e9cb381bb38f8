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
 * never cross an output row, so 3-wide stride-1 tiles can slide a window along the input row
 * (each input vector loaded once per kernel row instead of once per tap).
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
  size_t window3;       /* depthwise only: 1 if the pixels are consecutive in one output row,
                           stride_w == dilation_w == 1 and nkw == 3 (sliding-window kernel) */
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
  const float *zero;      /* zeros, read instead of a pixel's missing kernel rows (kw * Cin floats) */
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
  size_t blocks;          /* consecutive packed blocks to compute: 1, except for GEMM kernels */
  size_t xs_h, xs_w;      /* input strides in floats between kernel rows / kernel columns
                             (dilation_h * W * xps, dilation_w * xps) */
  int clamp;              /* apply min(max(y, lo), hi) */
  float lo, hi;
  int stream;             /* kernels with SC_STORE_NT: store full vectors with
                             non-temporal stores (the output base is 64-byte aligned and every
                             full block of every pixel starts on a 64-byte boundary), then fence */
} sc_job;

typedef void (*sc_job_fn)(const sc_job *job);

/* A convolution microkernel and its register tile (MR pixels x NR output channels).
 * kdot == 0: broadcast kernel (one input channel at a time, packed as above).
 * kdot > 1: "dot" kernel that keeps kdot consecutive input channels in the lanes of each
 * accumulator and sums the lanes once per tile; usable when cin_g % kdot == 0, weights packed
 * per tap in chunks of kdot input channels: [ic / kdot][NR][kdot] (same size as above). */
typedef struct sc_conv_variant {
  size_t mr, nr;
  sc_job_fn fn;
  size_t kdot;
} sc_conv_variant;

#define SC_MAX_CONV_VARIANTS 3

/* What an ISA kernel file provides. The plan takes the narrowest convolution tile whose NR
 * covers the group's output channels (few channels waste no lanes), else the widest; then, with
 * block_bytes_max, one narrower tile when the chosen tile's packed block (bias + taps x Cin_g x
 * NR floats, streamed once per tile of pixels) is larger than that. */
typedef struct sc_kernels {
  sc_conv_variant conv[SC_MAX_CONV_VARIANTS]; /* ascending NR; unused entries have fn == NULL */
  size_t block_bytes_max;                      /* 0: no limit (see above) */
  sc_conv_variant dot;                         /* optional (fn == NULL: none); preferred when
                                                  cin_g % dot.kdot == 0 */
  sc_conv_variant gemm;                        /* optional: 1x1 layers whose every output pixel
                                                  reads one input pixel (no padding), as a GEMM
                                                  that loops over job->blocks output-channel
                                                  blocks per tile of pixels (see the template) */
  sc_conv_variant gemm_deep;                   /* optional: the GEMM tile for reductions whose
                                                  block of weights (Cin_g x NR floats) passes a
                                                  GEMM job's L1 budget (dispatch/api.c) */
  size_t dw_mr, dw_nr;                         /* register tile of the depthwise microkernel */
  sc_job_fn dw;
  int legacy_sse;                              /* x86 code in legacy (non-VEX) SSE encoding: see
                                                  sc_clear_upper */
} sc_kernels;

/* Each ISA file defines `const sc_kernels sc_kernels_<isa>` (isa: its SIMDCONV_ISA_LIST name);
 * dispatch/cpu.c declares and tables the ones compiled in. */

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

/* Floats needed by sc_pack for ngroups x ceil(cout_g / nr) blocks of (nr + taps*cin_g*nr). 0 on overflow. */
size_t sc_packed_floats(size_t ngroups, size_t cout_g, size_t taps, size_t cin_g, size_t nr);
/* Pack HWIO weights (row length ld = total output channels) for ngroups groups of cin_g x cout_g;
 * kdot > 1: the dot layout (see sc_conv_variant; cin_g % kdot == 0). */
void sc_pack(float *dst, const float *w, const float *bias, size_t ngroups, size_t cout_g, size_t taps,
             size_t cin_g, size_t ld, size_t nr, size_t kdot);

/* Tile table. Counts first (so the caller can check sizes and allocate), then fill. */
typedef struct sc_tiling {
  sc_tile *tiles;
  size_t *pix_in, *pix_out, *pix_kh; /* ntiles*mr, ntiles*mr, 2*ntiles*mr */
  size_t ntiles, mr;
} sc_tiling;
/* Number of tiles (see sc_tiles_fill); row_tiles: tiles never cross an output row. */
size_t sc_tiles_count(const sc_geom *g, size_t mr, int fuse_kw, int row_tiles);
/* Fill t (arrays sized ntiles, ntiles*mr, ntiles*mr). fuse_kw: fuse the kw and ic loops.
 * cin_g: channels per group (the inner run length when not fused). */
void sc_tiles_fill(const sc_geom *g, size_t mr, size_t cin_g, int fuse_kw, int row_tiles, size_t nr, sc_tiling *t);
/* Floats of the zero row that merged corner pixels read (0: the tiling merges nothing). */
size_t sc_zero_floats(const sc_geom *g, int fuse_kw, int row_tiles);

#endif /* SIMDCONV_KERNEL_H */
