/* One template for the convolution and depthwise microkernels of every ISA.
 *
 * An ISA file defines its vector type and operations, its register tile, and the function
 * names, then includes this file (see kernels/scalar.c for the list). The loop nest, the tap
 * skipping and the tails are here once; only the vector instructions differ per ISA.
 *
 *   SC_VEC                 vector type;   SC_LANES  floats per vector
 *   SC_LOAD(p) SC_STORE(p, v)               unaligned full-vector load/store
 *   SC_LOAD_N(p, n) SC_STORE_N(p, v, n)     first n (1..SC_LANES) lanes only, never touching more
 *   SC_BCAST(p)            broadcast *p;  SC_SET1(f)  broadcast a float value
 *   SC_BCAST_FOLD(p)       optional: broadcast *p in a form the compiler folds into the one FMA
 *                          that uses it (an embedded-broadcast memory operand, AVX-512 {1to16}),
 *                          for SC_CONV_EMBED / SC_GEMM_EMBED one-vector tiles
 *   SC_FMA(a, b, c)        a * b + c;     SC_ADD(a, b)  a + b
 *   SC_MIN(a, b) SC_MAX(a, b)              when a or b is NaN, the
 *                          result is b or NaN (x86 minps/maxps return b, NEON fminq/fmaxq NaN)
 *   SC_ISA                 the ISA's SIMDCONV_ISA_LIST NAME (AVX2, ...), for the registry rows
 *   SC_CONV_MR, SC_CONV_NR, SC_CONV_FN     convolution tile (NR a multiple of SC_LANES) and name
 *   SC_DW_MR, SC_DW_NR, SC_DW_FN           depthwise tile and name (optional)
 *   SC_GEMM_MR, SC_GEMM_NR, SC_GEMM_FN     1x1 GEMM tile and name (optional)
 *   SC_GRP_MR, SC_GRP_NR, SC_GRP_FN        grouped tile, several groups a vector (optional; needs
 *                                          SC_LANE_BCAST(v, j, C): lane i of the result is lane
 *                                          (i / C) * C + j of v, for C = 2, 4 (and 8) below SC_LANES)
 *   SC_CONV_SLIDE                          optional, 0 or 1 (default 0): a one-vector convolution tile
 *                                          whose full tiles of evenly spaced pixels slide along the
 *                                          input row (SC_SLIDE_SHAPES, kernel.h; an "s" row)
 *   SC_KEEP(v)                             optional, see below
 *   SC_K_UNROLL, SC_K_UNROLL_MIN           optional: a pragma that unrolls the convolution's
 *                                          input-channel loop when it is at least that long
 *   SC_DW_WINDOW_S2                        optional, 0 or 1 (default 1): stride-2 depthwise tiles
 *                                          use the sliding window (else the per-tap loop)
 *   SC_DW_WINDOW_ROW3                      optional, 0 or 1 (default 0): 3-wide depthwise windows
 *                                          slide over whole rows (kernel.h SC_DW_ROW3), else
 *                                          over the interior columns, per-tap tiles at the edges
 *   SC_DW_WINDOW_SKIP                      optional, 0 or 1 (default 0): 5- and 7-wide windows skip
 *                                          (branch over) their span's padded columns, else FMA zeros
 *   SC_DW_COLS_FIRST                       optional, 0 or 1 (default 0; this inclusion's tile only):
 *                                          a full block's window keeps all NR / SC_LANES vectors'
 *                                          weights of a kernel row in registers and loads each span
 *                                          column's vectors back to back (32-register ISAs), else it
 *                                          passes over the span once per vector
 *   SC_STORE_NT(p, v), SC_STORE_FENCE()    optional: non-temporal store of a full vector to a
 *                                          64-byte aligned group of vectors, and the fence after
 *                                          them (depthwise and GEMM kernels, when job->stream)
 *
 * Include it once per tile an ISA offers, defining that inclusion's SC_CONV_* / SC_DW_* / SC_GEMM_*
 * before it (the template #undefs them at its end): each inclusion defines SC_CONV_FN (and
 * SC_DW_FN, SC_GEMM_FN when defined), named after the tile,
 * and its registry row `<fn>_row` (kernel.h), which the ISA file lists in its sc_isa_kernels
 * (SC_ROWS_EXTERN: an ISA's kernels in several files, see SC_ROW_DEF).
 */
#ifndef SC_CONV_TEMPLATE_COMMON
#define SC_CONV_TEMPLATE_COMMON
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "kernel.h"

#if defined(__GNUC__)
#  define SC_INLINE static inline __attribute__((always_inline))
#  define SC_UNROLL _Pragma("GCC unroll 32")
#else
#  define SC_INLINE static inline
#  define SC_UNROLL
#endif

/* SC_KEEP(v): optional; makes v opaque so the compiler keeps one load feeding several FMAs
 * instead of folding a fresh load into each (an empty asm with a register constraint). */
#ifndef SC_KEEP
#  define SC_KEEP(v) ((void)0)
#endif
/* SC_KEEP_PTR(p): makes a pointer opaque, so that a walk of p += step stays one register and an
 * add a step, instead of the compiler precomputing every step's offset (window tiles: spans of
 * 12-25 columns, more offsets than general registers, spilled and reloaded beside every load) */
#if defined(__GNUC__)
#  define SC_KEEP_PTR(p) __asm__("" : "+r"(p))
#else
#  define SC_KEEP_PTR(p) ((void)0)
#endif

#define SC_CAT_(a, b) a##b
#define SC_CAT(a, b) SC_CAT_(a, b)

/* A kernel's registry row: `static const sc_kernel_row <fn>_row`, which the ISA file lists; in a
 * file whose rows the ISA file lists from another translation unit (SC_ROWS_EXTERN defined before
 * the first inclusion), the global sc_<fn>_row (kernel.h SC_ROW_EXTERN_DECL / SC_ROW_EXTERN_REF). */
#if defined(SC_ROWS_EXTERN)
#  define SC_ROW_DEF(FN) const sc_kernel_row SC_CAT(sc_, SC_CAT(FN, _row))
#else
#  define SC_ROW_DEF(FN) static const sc_kernel_row SC_CAT(FN, _row)
#endif

#if !defined(SC_NOINLINE) && defined(__GNUC__)
#  define SC_NOINLINE __attribute__((noinline))
#elif !defined(SC_NOINLINE)
#  define SC_NOINLINE
#endif

/* Depthwise sc_job.prefetch (kernel.h): `rows` rows row_bytes apart from address p (an integer: at
 * the image's bottom it passes the input, which a prefetch may read), `cols` pixels col_bytes apart
 * in each, `bytes` of each pixel, into L2 (see SC_DW_PREFETCH_NEXT). Inlined a block at a time by
 * the whole-row windows; out of line (sc_dw_prefetch_rows) once per tile for the per-tap tiles of
 * the 16-register rows, where a test inside their block loop cost their 3x3 layers 5-14 %
 * (dw_avx2_3x32, AMD Zen 4), prefetching or not. */
SC_INLINE void sc_dw_prefetch_span(uintptr_t p, size_t rows, size_t row_bytes, size_t cols, size_t col_bytes,
                                   size_t bytes) {
  for (size_t r = 0; r < rows; r++, p += row_bytes)
    for (size_t c = 0; c < cols; c++)
      for (size_t b = 0; b < bytes; b += 64) __builtin_prefetch((const void *)(p + c * col_bytes + b), 0, 2);
}
#if defined(__GNUC__)
__attribute__((unused))
#endif
static SC_NOINLINE void sc_dw_prefetch_rows(uintptr_t p, size_t rows, size_t row_bytes, size_t cols, size_t col_bytes,
                                            size_t bytes) {
  sc_dw_prefetch_span(p, rows, row_bytes, cols, col_bytes, bytes);
}
/* Streamed stores (sc_job.stream) where the ISA has them; SC_STREAM_FENCE ends a job. */
#if defined(SC_STORE_NT)
#  define SC_HAS_NT 1
#  define SC_STREAMING(j) ((j)->stream)
#  define SC_STREAM_FENCE(j) do { if ((j)->stream) SC_STORE_FENCE(); } while (0)
#else
#  define SC_HAS_NT 0
#  define SC_STREAMING(j) 0
#  define SC_STORE_NT(p, v) SC_STORE((p), (v))
#  define SC_STREAM_FENCE(j) ((void)0)
#endif

/* SC_PREFETCH_RES: at the start of a tile (block), a prefetch of every 64-byte line of its MRC
 * residual rows (RES an expression in m, NR floats each), when HAS (as SC_RESIDUAL): the tile's
 * reduction hides the latency of the residual, which the epilogue reads just before its stores.
 * Measured in one process against a build without it (resnet_2_1x1 + residual + relu, AVX2, AMD
 * EPYC Zen 3 family 25 model 1, median time ratio of 41 rounds, three runs): 1.3-2.1 % faster. */
#if defined(__GNUC__)
#  define SC_PREFETCH_RES(MRC, NR, HAS, RES)                                       \
    do {                                                                           \
      if (HAS) {                                                                   \
        SC_UNROLL for (size_t m = 0; m < (MRC); m++) {                             \
          const float *r_ = (RES);                                                 \
          SC_UNROLL for (size_t f_ = 0; f_ < (NR); f_ += 16) __builtin_prefetch(r_ + f_); \
        }                                                                          \
      }                                                                            \
    } while (0)
#else
#  define SC_PREFETCH_RES(MRC, NR, HAS, RES) ((void)0)
#endif
/* SC_TILE_START: a tile's prologue: MRC rows of NV accumulators start at the block's bias (w), the
 * tile's residual rows (NR floats each) are prefetched, and w moves past the bias to the tile's
 * first tap (t->w_off). Needs t and pout in scope; SC_TILE_START_RES names the residual: HAS (the
 * job has one) and its block's base RES (SC_TILE_START: the job's, j->res). */
#define SC_TILE_START(acc, MRC, NV, NR, w) SC_TILE_START_RES(acc, MRC, NV, NR, w, j->res != NULL, j->res)
#define SC_TILE_START_RES(acc, MRC, NV, NR, w, HAS, RES)                           \
  do {                                                                             \
    SC_UNROLL for (size_t m = 0; m < (MRC); m++)                                   \
      SC_UNROLL for (size_t v = 0; v < (NV); v++) acc[m][v] = SC_LOAD((w) + v * SC_LANES); \
    SC_PREFETCH_RES(MRC, NR, HAS, (RES) + pout[m] * j->rps);                       \
    (w) += (NR) + t->w_off;                                                        \
  } while (0)
/* SC_RESIDUAL: adds the residual rows RES (an expression in m; nc valid channels) to MRC rows of
 * NV accumulators when HAS (the job has a residual: (j)->res != NULL, or a constant where a kernel
 * is specialised for it). The lanes past nc add 0 and are never stored. The nc == NR test is
 * implied by the second but kept: without it resnet_2_1x1 + residual ran 0.5-0.7 % slower. */
#define SC_RESIDUAL(MRC, NV, NR, acc, HAS, RES, nc)                                \
  do {                                                                             \
    if (HAS) {                                                                     \
      SC_UNROLL for (size_t m = 0; m < (MRC); m++) {                               \
        const float *r_ = (RES);                                                   \
        SC_UNROLL for (size_t v = 0; v < (NV); v++) {                              \
          if ((nc) == (NR) || (nc) >= (v + 1) * SC_LANES) /* full blocks first: */ \
            acc[m][v] = SC_ADD(acc[m][v], SC_LOAD(r_ + v * SC_LANES));              \
          else if ((nc) > v * SC_LANES)                                            \
            acc[m][v] = SC_ADD(acc[m][v], SC_LOAD_N(r_ + v * SC_LANES, (nc) - v * SC_LANES)); \
        }                                                                          \
      }                                                                            \
    }                                                                              \
  } while (0)
/* SC_ACTIVATE: the activation on MRC rows of NV accumulators. SC_EPILOGUE: the residual (see
 * SC_RESIDUAL), the activation, then stores; row m goes to OUT (an expression in m), nc valid
 * channels.
 * NaN propagates (api.md "Special values"): the accumulator is the second operand of both the max
 * and the min, the operand x86's maxps/minps return when either is NaN. min(hi, max(lo, NaN)) is
 * NaN on every ISA; max(acc, lo) would turn it into lo (relu(NaN) = 0). */
#define SC_ACTIVATE(MRC, NV, acc, j)                                               \
  do {                                                                             \
    if ((j)->clamp) {                                                              \
      const SC_VEC lo_ = SC_SET1((j)->lo), hi_ = SC_SET1((j)->hi);                 \
      SC_UNROLL for (size_t m = 0; m < (MRC); m++)                                 \
        SC_UNROLL for (size_t v = 0; v < (NV); v++)                                \
          acc[m][v] = SC_MIN(hi_, SC_MAX(lo_, acc[m][v]));                         \
    }                                                                              \
  } while (0)
#define SC_EPILOGUE(MRC, NV, NR, acc, j, OUT, HAS_RES, RES, nc)                    \
  do {                                                                             \
    SC_RESIDUAL(MRC, NV, NR, acc, HAS_RES, RES, nc);                               \
    SC_ACTIVATE(MRC, NV, acc, j);                                                  \
    if ((nc) == (NR) && SC_STREAMING(j)) {                                         \
      SC_UNROLL for (size_t m = 0; m < (MRC); m++) {                               \
        float *o_ = (OUT);                                                         \
        SC_UNROLL for (size_t v = 0; v < (NV); v++) SC_STORE_NT(o_ + v * SC_LANES, acc[m][v]); \
      }                                                                            \
    } else if ((nc) == (NR)) {                                                     \
      SC_UNROLL for (size_t m = 0; m < (MRC); m++) {                               \
        float *o_ = (OUT);                                                         \
        SC_UNROLL for (size_t v = 0; v < (NV); v++) SC_STORE(o_ + v * SC_LANES, acc[m][v]); \
      }                                                                            \
    } else { /* channel tail; constant indices keep acc[][] in registers */      \
      SC_UNROLL for (size_t m = 0; m < (MRC); m++) {                               \
        float *o_ = (OUT);                                                         \
        SC_UNROLL for (size_t v = 0; v < (NV); v++) {                              \
          if ((nc) > v * SC_LANES) {                                               \
            size_t n_ = (nc) - v * SC_LANES;                                       \
            if (n_ >= SC_LANES) SC_STORE(o_ + v * SC_LANES, acc[m][v]);           \
            else SC_STORE_N(o_ + v * SC_LANES, acc[m][v], n_);                     \
          }                                                                        \
        }                                                                          \
      }                                                                            \
    }                                                                              \
  } while (0)

/* The kernel-column loop of a convolution tile: nkw columns of klen input floats each; a fused
 * tile on a strided input (j->unfuse = Cin_g) runs its columns one by one. */
#define SC_TILE_LOOP(j, t, nkw, klen)                                                    \
  do {                                                                                 \
    if ((j)->unfuse && (t)->nkw) {                                                     \
      nkw = (t)->klen / (j)->unfuse;                                                   \
      klen = (j)->unfuse;                                                              \
    } else {                                                                           \
      nkw = (t)->nkw;                                                                  \
      klen = (t)->klen;                                                                \
    }                                                                                  \
  } while (0)

/* x[m] = pixel m's input at tile kernel row kh (channel 0, first real kernel column), or the zero
 * row where a merged corner pixel lacks that row (tiles.c). pin[m] * xps + kh*xs_h may wrap for
 * such a pixel; it is only turned into a pointer for the rows it has. */
#define SC_CONV_ROWS(x, MRC, j, t, pin, pkh, kh, xs_h)                                  \
  do {                                                                                 \
    SC_UNROLL for (size_t m_ = 0; m_ < (MRC); m_++) {                                  \
      const size_t off_ = (pin)[m_] * (j)->xps + (kh) * (xs_h);                        \
      (x)[m_] = !(t)->zero_rows || (kh) - (pkh)[2 * m_] < (pkh)[2 * m_ + 1] ? (j)->input + off_ : (j)->zero; \
    }                                                                                  \
  } while (0)

/* Pixel-tail dispatch: one specialisation per tile height 1..MAXMR (a literal, at most 12), so
 * every tile keeps its accumulators in registers. The arms are exactly 1..MAXMR; the tile table
 * never holds a taller tile (tiles.c cuts at the kernel's MR), which debug builds assert. */
#define SC_TILE_ARM(K, CALL) case K: CALL(K); break;
#define SC_TILE_ARMS_1(C) SC_TILE_ARM(1, C)
#define SC_TILE_ARMS_2(C) SC_TILE_ARMS_1(C) SC_TILE_ARM(2, C)
#define SC_TILE_ARMS_3(C) SC_TILE_ARMS_2(C) SC_TILE_ARM(3, C)
#define SC_TILE_ARMS_4(C) SC_TILE_ARMS_3(C) SC_TILE_ARM(4, C)
#define SC_TILE_ARMS_5(C) SC_TILE_ARMS_4(C) SC_TILE_ARM(5, C)
#define SC_TILE_ARMS_6(C) SC_TILE_ARMS_5(C) SC_TILE_ARM(6, C)
#define SC_TILE_ARMS_7(C) SC_TILE_ARMS_6(C) SC_TILE_ARM(7, C)
#define SC_TILE_ARMS_8(C) SC_TILE_ARMS_7(C) SC_TILE_ARM(8, C)
#define SC_TILE_ARMS_9(C) SC_TILE_ARMS_8(C) SC_TILE_ARM(9, C)
#define SC_TILE_ARMS_10(C) SC_TILE_ARMS_9(C) SC_TILE_ARM(10, C)
#define SC_TILE_ARMS_11(C) SC_TILE_ARMS_10(C) SC_TILE_ARM(11, C)
#define SC_TILE_ARMS_12(C) SC_TILE_ARMS_11(C) SC_TILE_ARM(12, C)
#if defined(NDEBUG) && defined(__GNUC__)
#  define SC_BAD_TILE_HEIGHT() __builtin_unreachable()
#else
#  define SC_BAD_TILE_HEIGHT() assert(!"tile taller than the kernel's MR")
#endif
#define SC_TILE_CASES(CALL, MAXMR)          \
  switch (t->mr) {                          \
    SC_CAT(SC_TILE_ARMS_, MAXMR)(CALL)      \
    default: SC_BAD_TILE_HEIGHT(); break;   \
  }
/* The job's tile loop: for each tile, t, its MR input / output pixels pin / pout and its kernel
 * row ranges pkh, then CALL(height) through SC_TILE_CASES. Needs `j` (the sc_job) in scope.
 * SC_FOR_CONV_TILES(MR, NR, CALL) is the loop of kernels whose tiles may have zero rows (NR: the
 * floats of weights per tap and input channel): with j->split_zero such a tile runs as 1-pixel
 * tiles, each over its pixel's own real kernel rows (weights from its first one). */
#define SC_FOR_TILES(MR, CALL) SC_FOR_TILES_(MR, 0, CALL)
#define SC_FOR_CONV_TILES(MR, NR, CALL) SC_FOR_TILES_(MR, NR, CALL)
#define SC_FOR_TILES_(MR, NR, CALL)                                                     \
  for (size_t i_ = 0; i_ < j->ntiles; i_++) {                                           \
    const sc_tile *t = &j->tiles[i_];                                                   \
    const size_t *pin = j->pix_in + i_ * (MR), *pout = j->pix_out + i_ * (MR);          \
    const size_t *pkh = j->pix_kh + 2 * i_ * (MR);                                      \
    (void)pkh;                                                                          \
    if ((NR) != 0 && t->zero_rows && j->split_zero) {                                   \
      const sc_tile *const host_ = t;                                                   \
      const size_t *const hin_ = pin, *const hout_ = pout, *const hkh_ = pkh;           \
      for (size_t m1_ = 0; m1_ < host_->mr; m1_++) {                                    \
        sc_tile one_ = *host_;                                                          \
        const size_t lo_ = hkh_[2 * m1_], in1_ = hin_[m1_] + lo_ * j->row_px;           \
        one_.mr = 1;                                                                    \
        one_.nkh = hkh_[2 * m1_ + 1];                                                   \
        one_.zero_rows = 0;                                                             \
        one_.w_off += lo_ * (host_->nkw * host_->klen * (NR) + host_->w_row_skip);      \
        {                                                                               \
          const sc_tile *t = &one_;                                                     \
          const size_t *pin = &in1_, *pout = hout_ + m1_, *pkh = hkh_;                  \
          (void)t; (void)pkh;                                                           \
          CALL(1);                                                                      \
        }                                                                               \
      }                                                                                 \
      continue;                                                                         \
    }                                                                                   \
    SC_TILE_CASES(CALL, MR)                                                             \
  }

/* The job's tiles (SC_FOR_CONV_TILES) through SC_TILE_C_FN, the including family's tile function,
 * with C, a constant, as its last argument (the vectors or channels a pixel computes):
 * SC_TILE_C_FN(j, t, pin, pout, pkh, height, C). */
#define SC_CALL_TILE_C_(K) SC_TILE_C_FN(j, t, pin, pout, pkh, (K), C_)
#define SC_CONV_TILES_C(MR, NR, C)                    \
  do {                                                \
    const size_t C_ = (C);                            \
    SC_FOR_CONV_TILES(MR, NR, SC_CALL_TILE_C_)        \
  } while (0)

/* One channel block of a depthwise job: its input, packed weights, output and residual (NULL:
 * none) bases and valid channels. */
typedef struct sc_dw_block {
  const float *x;
  const float *w;
  float *y;
  const float *r;
  size_t nc;
} sc_dw_block;

#define SC_CONV_NV (SC_CONV_NR / SC_LANES)
#define SC_DW_NV (SC_DW_NR / SC_LANES)
#define SC_GEMM_NV (SC_GEMM_NR / SC_LANES)
#define SC_GRP_NV (SC_GRP_NR / SC_LANES)
/* Zeros that depthwise window tiles read for the span columns in the padding (a padded tap then
 * adds 0 x w: NaN where w is infinite, which the contract allows; README "Special values") */
static const float sc_zero_span[64] __attribute__((aligned(64))) = {0};

/* Window tiles walk their span with one pointer (sc_job.xs_w a column), which steps from column i
 * to i + 1 where both lie inside the input: i >= lo (lo < k: later columns are) and i + 1 < hi
 * (hi > last, the span's last pixel's first column: earlier ones are). Constant but for the
 * first and last k - 1 columns. */
static inline int sc_span_step(size_t i, size_t k, size_t last, size_t lo, size_t hi) {
  return (i + 1 >= k || i >= lo) && (i + 1 <= last || i + 1 < hi);
}

/* A tile's broadcast of *p in its form (EMBED: its SC_CONV_EMBED / SC_GEMM_EMBED, 0 or 1): 1 lets
 * the compiler fold it into the one FMA that uses it (SC_BCAST_FOLD), 0 keeps it in a register. */
#define SC_BCAST_OF(EMBED, p) SC_CAT(SC_BCAST_OF_, EMBED)(p)
#define SC_BCAST_OF_0(p) SC_BCAST(p)
#define SC_BCAST_OF_1(p) SC_BCAST_FOLD(p)

#if defined(SC_LANE_PERM)
/* Permuted broadcasts (SC_CONV_PERM, SC_GEMM_PERM): SC_LANES input channels of a run (channel l
 * of pixel row m at x[m] + xo + l) into a full one-vector tile of MR rows, weights from w (one
 * row of nr floats per channel). The last P rows load their SC_LANES channels once as a vector
 * and take each broadcast from a register permute of it (the shuffle units), the other rows
 * broadcast from memory (the load ports): the same FMAs in the same order as the plain step.
 * Returns w past the chunk's weight rows. */
SC_INLINE const float *sc_perm_chunk(SC_VEC (*acc)[1], const float *const *x, const size_t xo, const float *w,
                                     const size_t nr, const size_t MR, const size_t P) {
  SC_VEC xv[12];
  SC_UNROLL for (size_t p = 0; p < P; p++) xv[p] = SC_LOAD(x[MR - P + p] + xo);
  SC_LANE_IDX idx = SC_LANE_IDX_FIRST();
  for (size_t l = 0; l < SC_LANES; l++, w += nr) {
    const SC_VEC wv = SC_LOAD(w);
    SC_UNROLL for (size_t m = 0; m < MR - P; m++) acc[m][0] = SC_FMA(SC_BCAST(x[m] + xo + l), wv, acc[m][0]);
    SC_UNROLL for (size_t p = 0; p < P; p++) acc[MR - P + p][0] = SC_FMA(SC_LANE_PERM(xv[p], idx), wv, acc[MR - P + p][0]);
    idx = SC_LANE_IDX_NEXT(idx);
  }
  return w;
}
#endif
#endif /* SC_CONV_TEMPLATE_COMMON */


#if defined(SC_CONV_FN)
#if !defined(SC_CONV_PERM)
#  define SC_CONV_PERM 0
#endif
#if SC_CONV_PERM > 0 && !defined(SC_LANE_PERM)
#  error "SC_CONV_PERM needs the ISA's SC_LANE_IDX, SC_LANE_IDX_FIRST, SC_LANE_IDX_NEXT and SC_LANE_PERM"
#endif
_Static_assert(SC_CONV_PERM == 0 || (SC_CONV_NR == SC_LANES && SC_CONV_PERM < SC_CONV_MR), "permutes: one-vector tiles");
/* SC_CONV_EMBED (0 or 1): one-vector tiles whose broadcasts are FMA memory operands (SC_BCAST_OF) */
#if !defined(SC_CONV_EMBED)
#  define SC_CONV_EMBED 0
#endif
_Static_assert(!SC_CONV_EMBED || (SC_CONV_NR == SC_LANES && SC_CONV_PERM == 0), "embedded broadcasts: plain one-vector tiles");
/* SC_CONV_SLIDE (0 or 1): full one-vector tiles whose pixels are evenly spaced along the input row
 * and read one fused run (kw x Cin floats, nkw == 1) a kernel row slide along it: pixel m's run
 * starts ST floats after pixel m-1's, so span float i (of (MR - 1) x ST + KL) is broadcast once and
 * FMAed into every pixel m whose run holds it, with the run's weight k = i - m x ST; the KL weight
 * vectors of the kernel row stay in registers. Register plan (MR 12, KL <= 15): 12 accumulators +
 * KL weights + 1 broadcast <= 28 vectors; RGB 3x3 stride 1 (KL 9, ST 3): 42 broadcasts and 9 weight
 * loads feed 108 FMAs a kernel row, where the plain tile loads 12 broadcasts + 1 weight per 12.
 * Each accumulator takes the same FMAs in the same order (k ascending): bit-identical to the plain
 * tile. Other tiles (edges of another spacing, partial, strided inputs) run the plain loop. */
#if !defined(SC_CONV_SLIDE)
#  define SC_CONV_SLIDE 0
#endif
_Static_assert(!SC_CONV_SLIDE || (SC_CONV_NR == SC_LANES && SC_CONV_PERM == 0 && !SC_CONV_EMBED && SC_CONV_MR >= 2),
               "slides: plain one-vector tiles of two pixels or more");
#if SC_CONV_SLIDE
#if defined(__GNUC__)
#  define SC_SLIDE_UNROLL _Pragma("GCC unroll 256")
#else
#  define SC_SLIDE_UNROLL
#endif
#define SC_SLIDE_FN(KL, ST) SC_CAT(SC_CONV_FN, _slide_##KL##_##ST)
#define SC_SLIDE_DEF(KL, ST)                                                                     \
  SC_INLINE void SC_SLIDE_FN(KL, ST)(SC_VEC acc[SC_CONV_MR][1], const float *x0, const float *w) { \
    SC_VEC wv[KL];                                                                               \
    SC_SLIDE_UNROLL for (size_t k = 0; k < (KL); k++) wv[k] = SC_LOAD(w + k * SC_LANES);          \
    SC_SLIDE_UNROLL for (size_t i = 0; i < (SC_CONV_MR - 1) * (ST) + (KL); i++) {                \
      const SC_VEC b = SC_BCAST(x0 + i);                                                         \
      SC_SLIDE_UNROLL for (size_t m = 0; m < SC_CONV_MR; m++)                                    \
        if (i >= m * (ST) && i < m * (ST) + (KL)) acc[m][0] = SC_FMA(b, wv[i - m * (ST)], acc[m][0]); \
    }                                                                                            \
  }
SC_SLIDE_SHAPES(SC_SLIDE_DEF)
#undef SC_SLIDE_DEF
/* a full tile's slide over its kernel rows; 0 where its shape has none (the plain loop runs it) */
SC_INLINE int SC_CAT(SC_CONV_FN, _slide)(const sc_job *j, const sc_tile *t, const size_t *pin, SC_VEC acc[SC_CONV_MR][1],
                                         const float *w) {
  if (t->zero_rows || j->unfuse || t->nkw != 1) return 0;
  const size_t dp = pin[1] - pin[0], klen = t->klen, step = dp * j->xps;
  SC_UNROLL for (size_t m = 2; m < SC_CONV_MR; m++) if (pin[m] != pin[0] + m * dp) return 0;
  const float *x0 = j->input + pin[0] * j->xps;
#define SC_SLIDE_CASE(KL, ST)                                                                    \
  if (klen == (KL) && step == (ST)) {                                                            \
    for (size_t kh = 0; kh < t->nkh; kh++, x0 += j->xs_h, w += (KL) * SC_LANES + t->w_row_skip)  \
      SC_SLIDE_FN(KL, ST)(acc, x0, w);                                                           \
    return 1;                                                                                    \
  }
  SC_SLIDE_SHAPES(SC_SLIDE_CASE)
#undef SC_SLIDE_CASE
  return 0;
}
#undef SC_SLIDE_FN
#undef SC_SLIDE_UNROLL
#endif

/* One input channel k of kernel column offset xo: NVC weight vectors (w), MRC broadcasts, MRC*NVC
 * FMAs. */
SC_INLINE void SC_CAT(SC_CONV_FN, _k_step)(SC_VEC acc[SC_CONV_MR][SC_CONV_NV], const float *const *x, const size_t xo,
                                           const float *w, const size_t MRC, const size_t NVC) {
  SC_VEC wv[SC_CONV_NV];
  SC_UNROLL for (size_t v = 0; v < NVC; v++) wv[v] = SC_LOAD(w + v * SC_LANES);
  SC_UNROLL for (size_t m = 0; m < MRC; m++) {
    const SC_VEC b = SC_BCAST_OF(SC_CONV_EMBED, x[m] + xo);
    SC_UNROLL for (size_t v = 0; v < NVC; v++) acc[m][v] = SC_FMA(b, wv[v], acc[m][v]);
  }
}

/* Convolution: MRC pixels x SC_CONV_NR channels. For each real tap row, kernel column and input
 * channel: NV weight vectors are loaded once and each pixel's input value is broadcast and FMAed
 * into its NV accumulators (MRC*NV accumulators live in registers for the whole reduction).
 * NVC = NV, except in a block whose valid channels need fewer vectors (j->nc: Cout 40 on a 64-wide
 * tile computes 3 vectors, not 4), as the GEMM's last block.
 * SC_CONV_PERM > 0 (one-vector tiles): full tiles take a run's whole SC_LANES-channel chunks with
 * sc_perm_chunk (the last SC_CONV_PERM rows broadcast by permute); the same FMAs in the same order. */
SC_INLINE void SC_CAT(SC_CONV_FN, _tile)(const sc_job *j, const sc_tile *t, const size_t *pin, const size_t *pout,
                            const size_t *pkh, const size_t MRC, const size_t NVC) {
  SC_VEC acc[SC_CONV_MR][SC_CONV_NV];
  const float *w = j->w;
  SC_TILE_START(acc, MRC, NVC, SC_CONV_NR, w);
  size_t nkw, klen;
  SC_TILE_LOOP(j, t, nkw, klen);
  size_t nkh = t->nkh;
  const size_t xs_h = j->xs_h, xs_w = j->xs_w;
#if SC_CONV_SLIDE
  if (MRC == SC_CONV_MR && SC_CAT(SC_CONV_FN, _slide)(j, t, pin, acc, w)) nkh = 0;
#endif
  for (size_t kh = 0; kh < nkh; kh++) {
    const float *x[SC_CONV_MR];
    SC_CONV_ROWS(x, MRC, j, t, pin, pkh, kh, xs_h);
    for (size_t kw = 0; kw < nkw; kw++) {
      const size_t xo = kw * xs_w;
#if defined(SC_K_UNROLL_MIN)
      if (SC_CONV_PERM == 0 && klen >= SC_K_UNROLL_MIN) {
        SC_K_UNROLL for (size_t k = 0; k < klen; k++, w += SC_CONV_NR) SC_CAT(SC_CONV_FN, _k_step)(acc, x, xo + k, w, MRC, NVC);
        continue;
      }
#endif
      size_t k = 0;
#if SC_CONV_PERM > 0
      if (MRC == SC_CONV_MR)
        for (; k + SC_LANES <= klen; k += SC_LANES) w = sc_perm_chunk(acc, x, xo + k, w, SC_CONV_NR, SC_CONV_MR, SC_CONV_PERM);
#endif
      for (; k < klen; k++, w += SC_CONV_NR) SC_CAT(SC_CONV_FN, _k_step)(acc, x, xo + k, w, MRC, NVC);
    }
    w += t->w_row_skip;
  }
  SC_EPILOGUE(MRC, NVC, SC_CONV_NR, acc, j, j->output + pout[m] * j->yps, j->res != NULL,
              j->res + pout[m] * j->rps, j->nc);
}

_Static_assert(SC_CONV_MR >= 1 && SC_CONV_MR <= 12, "tile height 1..12");
_Static_assert(SC_CONV_NR % SC_LANES == 0, "NR is whole vectors");

#define SC_TILE_C_FN SC_CAT(SC_CONV_FN, _tile)
#define SC_CONV_TILES_NV(V) SC_CONV_TILES_C(SC_CONV_MR, SC_CONV_NR, (V))
/* A job is one block of NR output channels: all NV vectors, or, in a block whose j->nc valid
 * channels need fewer (the layer's last), NV - 1. Two bodies, not NV: each is the tile heights'
 * 12 specialisations (avx512.c took 43 s to compile with one, 56 with all of 6x64's four), and
 * DEFAULT gives a tile a last block of at most NV - 1 vectors only where it needs NV - 1 (fewest
 * padded lanes by NR, dispatch/select.c conv_tile: Cout 64k + 1..32 take 12x32, not 6x64); a
 * forced kernel computes the extra vectors there. */
static void SC_CONV_FN(const sc_job *j) {
#if SC_CONV_NV >= 2
  if (j->nc <= (SC_CONV_NV - 1) * SC_LANES) SC_CONV_TILES_NV(SC_CONV_NV - 1);
  else
#endif
    SC_CONV_TILES_NV(SC_CONV_NV);
  SC_STREAM_FENCE(j);
}
#undef SC_CONV_TILES_NV
#undef SC_TILE_C_FN
SC_ROW_DEF(SC_CONV_FN) =
    SC_KERNEL_ROW_BCAST(SC_CONV_FN, SC_ISA, SC_KIND_CONV, SC_CONV_MR, SC_CONV_NR, SC_LANES, 0, SC_ORDER_CHAIN, SC_HAS_NT, 0,
                        SC_CONV_PERM, SC_CONV_EMBED, SC_CONV_SLIDE);

#endif /* SC_CONV_FN */

#if defined(SC_DW_FN)
_Static_assert(SC_DW_MR >= 1 && SC_DW_MR <= 12, "tile height 1..12");
#if !defined(SC_DW_WINDOW_S2)
#  define SC_DW_WINDOW_S2 1
#endif
#if SC_DW_WINDOW_S2
#  define SC_IF_WINDOW_S2(...) __VA_ARGS__
#else
#  define SC_IF_WINDOW_S2(...)
#endif
#if !defined(SC_DW_WINDOW_ROW3)
#  define SC_DW_WINDOW_ROW3 0
#endif
#if !defined(SC_DW_COLS_FIRST)
#  define SC_DW_COLS_FIRST 0
#endif
#if !defined(SC_DW_WINDOW_SKIP)
#  define SC_DW_WINDOW_SKIP 0
#endif
/* SC_DW_HEAD: the row runs sc_job.head blocks (an input off the vector alignment, dispatch/api.c
 * dw_shift): the 32-register rows. In the 16-register rows' tiles the head's code (one more
 * inlined block) cost the aligned runs 10-15 % (dw_avx2_3x32, AMD Zen 4: 112x112x32 and 56x56x144
 * 3x3 0.85-0.88x, 28x28x116 0.86-0.88x), more than its aligned loads saved there */
#if !defined(SC_DW_HEAD)
#  define SC_DW_HEAD SC_DW_WINDOW_ROW3
#endif
#if SC_DW_WINDOW_ROW3
#  define SC_IF_WINDOW_ROW3(...) __VA_ARGS__
#else
#  define SC_IF_WINDOW_ROW3(...)
#endif
_Static_assert(SC_DW_NR % SC_LANES == 0, "NR is whole vectors");

/* Depthwise: MRC pixels x SC_DW_NR channels in lanes; per real tap, one weight vector per
 * channel vector, FMAed with each pixel's input vector (no reduction over channels).
 * FULL == 0 is the channel tail: input loads touch only the nc valid channels. */
SC_INLINE void SC_CAT(SC_DW_FN, _tile)(const sc_job *j, const sc_dw_block bk, const sc_tile *t, const size_t *pin,
                                       const size_t *pout, const size_t MRC, const int FULL, const int RES) {
  SC_VEC acc[SC_DW_MR][SC_DW_NV];
  const float *x[SC_DW_MR];
  const float *w = bk.w;
  SC_UNROLL for (size_t m = 0; m < MRC; m++) x[m] = bk.x + pin[m] * j->xps;
  SC_TILE_START_RES(acc, MRC, SC_DW_NV, SC_DW_NR, w, RES, bk.r);
  const size_t nkh = t->nkh, nkw = t->nkw, xs_h = j->xs_h, xs_w = j->xs_w;
  for (size_t kh = 0; kh < nkh; kh++) {
    for (size_t kw = 0; kw < nkw; kw++) {
      const size_t xo = kh * xs_h + kw * xs_w;
      SC_VEC wv[SC_DW_NV];
      SC_UNROLL for (size_t v = 0; v < SC_DW_NV; v++) wv[v] = SC_LOAD(w + v * SC_LANES);
      SC_UNROLL for (size_t m = 0; m < MRC; m++) {
        SC_UNROLL for (size_t v = 0; v < SC_DW_NV; v++) {
          SC_VEC xv;
          if (FULL) {
            xv = SC_LOAD(x[m] + xo + v * SC_LANES);
          } else {
            size_t n = bk.nc > v * SC_LANES ? bk.nc - v * SC_LANES : 0;
            xv = n >= SC_LANES ? SC_LOAD(x[m] + xo + v * SC_LANES)
                               : n ? SC_LOAD_N(x[m] + xo + v * SC_LANES, n) : SC_SET1(0.0f);
          }
          acc[m][v] = SC_FMA(xv, wv[v], acc[m][v]);
        }
      }
      w += SC_DW_NR;
    }
    w += t->w_row_skip;
  }
  /* depthwise tiles never cross an output row: their pixels are consecutive (tiles.c) */
  float *const y0 = bk.y + pout[0] * j->yps;
  SC_EPILOGUE(MRC, SC_DW_NV, SC_DW_NR, acc, j, y0 + m * j->yps, RES, bk.r + (pout[0] + m) * j->rps, bk.nc);
}

/* Depthwise sliding window (window tiles: MRC consecutive pixels of one output row, stride S of 1
 * or 2, K = 3 real taps, or a whole-row window of width 3, 5 or 7, kernel.h). Per kernel row and
 * channel vector the K weight vectors stay in registers and each input vector of the tile's span
 * (S*(MRC-1) + K columns) is loaded once and FMAed into the pixels whose taps cover it (up to
 * K / S): MRC + K - 1 loads (S = 1) or 2*MRC + K - 2 (S = 2) for K*MRC FMAs instead of K*MRC
 * loads. Each pixel's taps meet its accumulator in the order of _tile. */
SC_INLINE void SC_CAT(SC_DW_FN, _window)(const sc_job *j, const sc_dw_block bk, const sc_tile *t, const size_t *pin,
                                         const size_t *pout, const size_t MRC, const size_t S, const size_t K,
                                         const int FULL, const int RES, const int EDGE, const int DIL) {
  SC_VEC acc[SC_DW_MR][SC_DW_NV];
  const float *w = bk.w;
  SC_TILE_START_RES(acc, MRC, SC_DW_NV, SC_DW_NR, w, RES, bk.r);
  const size_t lo = t->win_lo, hi = t->win_hi;
  const float *x = bk.x + pin[0] * j->xps; /* span column lo (EDGE 0: lo is 0) */
  const size_t nkh = t->nkh, xs_h = j->xs_h, xs_w = j->xs_w;
  /* WALK: the span's columns by one pointer stepped column to column (sc_span_step): for the long
   * spans of 5- and 7-wide windows and of the 32-register rows' whole-row 3-wide windows (12-25
   * columns), the compiler had kept every column's offset, more than the general registers, and
   * reloaded them from the stack beside the input loads. AMD Zen 4 (family 25 model 17), one
   * thread, run_ex + relu, old / new time in one process (15 rounds; the same library twice
   * 0.99-1.02x): dw_avx512_10x32 3x3 stride 2 1.04-1.14x (14x14x576 1.11-1.14, 56x56x144
   * 1.10-1.12, 56x56x58 1.08-1.14, 112x112x64 1.06-1.08), stride 1 0.97-1.18x (150x150x32
   * 1.16-1.18, 112x112x32 1.07-1.08, 20x20x240 1.11, 14x14 maps 0.97-1.06, 7x7 maps 0.99-1.03),
   * 5x5 0.98-1.10x, 56x56x96 7x7 1.06-1.07x, with a residual (separate, in place)
   * 1.01-1.15x; AVX2 (dw_avx2_6x16 / 3x32) 28x28x240 5x5 1.18-1.21x, 56x56x96 7x7 1.04-1.06x, SSE
   * 1.03-1.05x there. The 16-register rows' 3-wide windows (tiles of 3-6 pixels) keep their
   * offsets: walking, they measured 0.90-1.05x over two runs, no gain. */
  const int WALK = K > 3 || SC_DW_WINDOW_ROW3;
  /* span column i is tap k of pixel (i - k) / S where that divides and the pixel is in the tile;
   * a pixel's taps meet its accumulator in order 0..K-1. EDGE: the span reaches into the padding,
   * whose columns read zeros (sc_zero_span; a select, not a branch: the branches cost AVX2 15 % on
   * 14x14 maps). SC_DW_WINDOW_SKIP: 5- and 7-wide windows skip those columns instead, saving up
   * to K / S FMAs each (AMD Zen 4 family 25 model 17, dw_avx512_10x32, one thread, us zeros /
   * skipped: 7x7x768 7x7 33.2 / 31.1, 7x7x512 7x7 23.7 / 22.0, 14x14x384 7x7 66.1 / 63.3,
   * 28x28x240 5x5 89 / 86 (12x16), 56x56x96 7x7 1-3 % ahead; the same branches in dw_avx2_3x32
   * ran 7x7 maps 1.34x faster but 56x56x96 7x7 at 0.71x, its 16 registers spilling). Its first
   * and last pixel have a real tap (tiles.c window_run): lo < K and hi > S*(MRC-1), so only those
   * columns test. SC_DW_SPAN_COLUMN: p, column i's floats from OFF on (EDGE: column i - lo of
   * the input, or zeros), and pc (WALK: the column pointer) one column on; `skip`: a padded
   * column the window skips. SC_DW_COLUMN_FMAS: the column's vector v (n valid lanes) loaded
   * once and FMAed into the pixels whose taps cover it, with their weights WK[0..K-1]. */
#define SC_DW_SPAN_COLUMN(OFF)                                                                      \
  const int pad = EDGE && ((i + 1 < K && i < lo) || (i > S * (MRC - 1) && i >= hi));                \
  const float *p = !WALK ? (!EDGE ? xr + i * xs_w : pad ? sc_zero_span : xr + (i - lo) * xs_w) + (OFF) \
                   : pad ? sc_zero_span + (OFF) : pc;                                               \
  if (WALK && (!EDGE ? i + 1 < S * (MRC - 1) + K : sc_span_step(i, K, S * (MRC - 1), lo, hi))) {   \
    pc += xs_w;                                                                                     \
    SC_KEEP_PTR(pc);                                                                                \
  }                                                                                                 \
  const int skip = SC_DW_WINDOW_SKIP && K > 3 && pad
#define SC_DW_COLUMN_FMAS(P, V, N, WK)                                                              \
  do {                                                                                              \
    SC_VEC xv = (FULL || (N) >= SC_LANES) ? SC_LOAD(P) : SC_LOAD_N((P), (N));                       \
    SC_KEEP(xv);                                                                                    \
    SC_UNROLL for (size_t k = 0; k < K; k++)                                                        \
      if (i >= k && (i - k) % S == 0 && (i - k) / S < MRC)                                          \
        acc[(i - k) / S][V] = SC_FMA(xv, (WK)[k], acc[(i - k) / S][V]);                             \
  } while (0)
  for (size_t kh = 0; kh < nkh; kh++) {
    const float *xr = x + kh * xs_h;
    if (SC_DW_COLS_FIRST && FULL) {
      /* all NV vectors' K weights in registers, each span column's NV vectors back to back */
      SC_VEC wk[SC_DW_NV][7];
      SC_UNROLL for (size_t v = 0; v < SC_DW_NV; v++)
        SC_UNROLL for (size_t k = 0; k < K; k++) wk[v][k] = SC_LOAD(w + k * SC_DW_NR + v * SC_LANES);
      const float *pc = xr; /* span column i (EDGE: i - lo) */
      SC_UNROLL for (size_t i = 0; i < S * (MRC - 1) + K; i++) {
        SC_DW_SPAN_COLUMN(0);
        if (skip) continue;
        SC_UNROLL for (size_t v = 0; v < SC_DW_NV; v++) SC_DW_COLUMN_FMAS(p + v * SC_LANES, v, SC_LANES, wk[v]);
      }
    } else {
      /* one vector at a time: its K weights, then its pass over the span */
      SC_UNROLL for (size_t v = 0; v < SC_DW_NV; v++) {
        SC_VEC wk[7];
        SC_UNROLL for (size_t k = 0; k < K; k++) wk[k] = SC_LOAD(w + k * SC_DW_NR + v * SC_LANES);
        size_t n = FULL ? SC_LANES : (bk.nc > v * SC_LANES ? bk.nc - v * SC_LANES : 0);
        if (!FULL && n == 0) continue;
        const float *pc = xr + v * SC_LANES; /* span column i (EDGE: i - lo) */
        SC_UNROLL for (size_t i = 0; i < S * (MRC - 1) + K; i++) {
          SC_DW_SPAN_COLUMN(v * SC_LANES);
          if (skip) continue;
          SC_DW_COLUMN_FMAS(p, v, n, wk);
        }
      }
    }
    w += K * SC_DW_NR + t->w_row_skip;
  }
  /* the tile's pixels are consecutive in one output row, or (DIL) win_step apart: one multiply for
   * all of them (a constant step: a run-time one kept live cost undilated layers 3-9 %, Zen 4) */
  const size_t st_ = DIL ? j->win_step : 1;
  float *const y0 = bk.y + pout[0] * j->yps;
  SC_EPILOGUE(MRC, SC_DW_NV, SC_DW_NR, acc, j, y0 + m * st_ * j->yps, RES, bk.r + (pout[0] + m * st_) * j->rps, bk.nc);
}
#undef SC_DW_COLUMN_FMAS
#undef SC_DW_SPAN_COLUMN


/* A whole-row window tile tap by tap (stride, width from j->window at run time): the channel
 * tail block of whole-row window layers, so that the sliding bodies above are compiled only for
 * full blocks. Span columns in the padding are skipped. */
SC_INLINE void SC_CAT(SC_DW_FN, _window_taps)(const sc_job *j, const sc_dw_block bk, const sc_tile *t,
                                              const size_t *pin, const size_t *pout, const size_t MRC,
                                              const int FULL, const int RES, const int DIL) {
  SC_VEC acc[SC_DW_MR][SC_DW_NV];
  const float *w = bk.w;
  SC_TILE_START_RES(acc, MRC, SC_DW_NV, SC_DW_NR, w, RES, bk.r);
  const size_t S = j->window / 8, K = j->window % 8, lo = t->win_lo, hi = t->win_hi;
  const float *x = bk.x + pin[0] * j->xps; /* span column lo */
  const size_t nkh = t->nkh, xs_h = j->xs_h, xs_w = j->xs_w;
  for (size_t kh = 0; kh < nkh; kh++) {
    for (size_t k = 0; k < K; k++) {
      SC_VEC wv[SC_DW_NV];
      SC_UNROLL for (size_t v = 0; v < SC_DW_NV; v++) wv[v] = SC_LOAD(w + v * SC_LANES);
      SC_UNROLL for (size_t m = 0; m < MRC; m++) {
        const size_t i = m * S + k;
        if (i < lo || i >= hi) continue;
        const float *p = x + kh * xs_h + (i - lo) * xs_w;
        SC_UNROLL for (size_t v = 0; v < SC_DW_NV; v++) {
          SC_VEC xv;
          if (FULL) {
            xv = SC_LOAD(p + v * SC_LANES);
          } else {
            size_t n = bk.nc > v * SC_LANES ? bk.nc - v * SC_LANES : 0;
            xv = n >= SC_LANES ? SC_LOAD(p + v * SC_LANES) : n ? SC_LOAD_N(p + v * SC_LANES, n) : SC_SET1(0.0f);
          }
          acc[m][v] = SC_FMA(xv, wv[v], acc[m][v]);
        }
      }
      w += SC_DW_NR;
    }
    w += t->w_row_skip;
  }
  const size_t st_ = DIL ? j->win_step : 1; /* (as _window) */
  float *const y0 = bk.y + pout[0] * j->yps;
  SC_EPILOGUE(MRC, SC_DW_NV, SC_DW_NR, acc, j, y0 + m * st_ * j->yps, RES, bk.r + (pout[0] + m * st_) * j->rps, bk.nc);
}


/* sc_job.prefetch (kernel.h): the block's NR channels of the S input rows below the tile's last
 * real kernel row, S * MRC columns from its first: the rows the next output row adds, a row of
 * tiles ahead of their use (sc_dw_prefetch_span). Into L2 (locality 2: prefetcht1):
 * on AMD Zen 4 (family 25 model 17) that ran 260x260x64 stride 2, 300x300x64, 200x200x96 and
 * 260x260x72 5x5 stride 2 1.04-1.38x faster than into L1 (locality 3), as fast as into L3
 * (0.94-1.06x); a second row ahead 0.92-1.01x of one (the rule's measurements: select.c). */
#define SC_DW_PREFETCH_NEXT(S, MRC)                                                              \
  sc_dw_prefetch_span((uintptr_t)(bk.x + pin[0] * j->xps) + t->nkh * j->xs_h * sizeof(float), (S), \
                      j->xs_h * sizeof(float), (S) * (MRC), j->xps * sizeof(float), SC_DW_NR * sizeof(float))

/* The job's tiles, each over the job's j->blocks channel blocks (block-inner: a tile's input pixels
 * are read whole, consecutive lines, instead of one block's slice of every pixel of the image per
 * pass): BLOCK(FULL) per block, bk its sc_dw_block, FULL a constant (all NR channels valid); the
 * job's head block (j->head channels before the first block) first where HEAD (a constant) is 1:
 * SC_DW_HEAD rows, and there not in 5- or 7-wide windows, whose plans never take head blocks
 * (api.c dw_shift_plan: their tail blocks go tap by tap) and whose bodies the test cost 2-5 %
 * (AMD Zen 4). The head is the loop's first turn (b_ = SIZE_MAX), so that each BLOCK(FULL) is
 * inlined once: a head called before the loop inlined a second copy of every partial-block body
 * (avx512_dw.c 2.24 MB of code, 133 s at -O3 on Zen 4, against 1.51 MB and 79 s this way, runs
 * within 1 % of it over 18 layers, both orders in one process). */
#define SC_DW_BLOCKS(BLOCK, HEAD)                                                             \
  for (size_t b_ = (HEAD) && j->head ? SIZE_MAX : 0; b_ != j->blocks; b_++) {                 \
    const sc_dw_block bk = b_ == SIZE_MAX                                                     \
        ? (sc_dw_block){j->input - j->head, j->head_w, j->output - j->head,                   \
                        RES ? j->res - j->head : NULL, j->head}                               \
        : (sc_dw_block){j->input + b_ * SC_DW_NR, j->w + b_ * j->w_block, j->output + b_ * SC_DW_NR, \
                        RES ? j->res + b_ * SC_DW_NR : NULL, b_ + 1 < j->blocks ? SC_DW_NR : j->nc}; \
    if (bk.nc == SC_DW_NR) BLOCK(1); else BLOCK(0);                                           \
  }

/* Per-tap tiles, and window tiles of 3 real taps (their span inside the input), inlined: for
 * layers without whole-row windows. RES: the job has a residual (a constant: a depthwise tile's
 * work is small enough that the residual's code, when unused, cost mobilenet_dw_112 5 %). With
 * SC_DW_WINDOW_ROW3 the 3-tap windows are only the edge columns of wider kernels (7x7 stride 2,
 * 9x9), which go tap by tap instead of keeping a second copy of the 3-wide bodies. */
SC_INLINE void SC_CAT(SC_DW_FN, _tiles)(const sc_job *j, const int RES, const int DIL) {
#define SC_DW_TILE_BLOCK(FULL)                                                                \
  do {                                                                                        \
    if (!SC_DW_WINDOW_ROW3 && t->window == 1)                                                 \
      SC_CAT(SC_DW_FN, _window)(j, bk, t, pin, pout, K_, 1, 3, FULL, RES, 0, DIL);            \
    else if (!SC_DW_WINDOW_ROW3 && SC_DW_WINDOW_S2 && t->window == 2)                         \
      SC_CAT(SC_DW_FN, _window)(j, bk, t, pin, pout, K_, 2, 3, FULL, RES, 0, 0);              \
    else SC_CAT(SC_DW_FN, _tile)(j, bk, t, pin, pout, K_, FULL, RES);                         \
  } while (0)
#define SC_CALL_DW(K)                                                                         \
  do {                                                                                        \
    const size_t K_ = (K);                                                                    \
    if (j->prefetch && t->window) /* the job's channels, from its head's */                   \
      sc_dw_prefetch_rows((uintptr_t)(j->input - j->head + pin[0] * j->xps) + t->nkh * j->xs_h * sizeof(float), \
                          t->window, j->xs_h * sizeof(float), t->window * K_, j->xps * sizeof(float),          \
                          (j->head + (j->blocks - 1) * SC_DW_NR + j->nc) * sizeof(float));                     \
    SC_DW_BLOCKS(SC_DW_TILE_BLOCK, SC_DW_HEAD)                                                \
  } while (0)
  SC_FOR_TILES(SC_DW_MR, SC_CALL_DW)
#undef SC_CALL_DW
#undef SC_DW_TILE_BLOCK
}

/* Whole-row window tiles (j->window: every tile of the job is one), out of line, so that the
 * register allocator sees one window's bodies at a time: one function per window (stride S, width
 * KW) and residual (RES 0 or 1) slides the full channel blocks, selecting zeros for the span's
 * padded ends (a few selects per kernel row, for 5-7 x MR FMAs); a 5- or 7-wide window's
 * channel-tail block (_wtail) goes tap by tap (every variant sliding was 5x the code, and an ASan
 * build of the AVX-512 file took 8 minutes). Tap by tap, a fused residual ran the 5x5 / 7x7
 * layers at 0.44-0.65x of the same layer without one (Zen 5; Intel Xeon family 6 model 207:
 * 0.33-0.56x), slower than the convolution and a separate add; a run-time residual flag in one
 * sliding body cost the layers without a residual 2-5 % (Zen 5), hence two bodies.
 * The 3-wide whole-row window (SC_DW_WINDOW_ROW3; without it a 3x3 layer's edge columns are
 * per-tap tiles of one pixel, 2 of every 7 pixels on a 7x7 map): its tiles inside the input run
 * the body without selects (the _tiles path's), the others the one with them, and its channel
 * tail slides with masked loads. AMD Zen 4 (family 25 model 17), dw_avx512_10x32, one thread,
 * paired with oneDNN in each of two processes, before / after: 7x7 maps 1.03-1.23x faster
 * (7x7x960 0.86 -> 1.01x oneDNN), 14x14 1.08-1.14x, 3x3 stride 2 on 14x14 1.07-1.10x, 28x28 to
 * 150x150 1.00-1.09x, 56x56 and 112x112 stride 2 0.97-1.01x. Without the interior body (selects
 * in every tile) 1 % slower over 27 layers, 6 % on 56x56x72; tap by tap the tail ran 56x56x72 and
 * 56x56x144 at 0.74-0.79x. Only the 32-register AVX-512 rows take it: on AVX2 (dw_avx2_3x32, the
 * same CPU) it ran 3x3 layers 0.77-0.98x (0.81x on 14x14x672), SSE 0.86-1.0x, the 16 registers
 * spilling in the sliding bodies (selects in every tile: 0.67x on 112x112x32). */
#define SC_DW_TAPS_ARM(K) SC_CAT(SC_DW_FN, _window_taps)(j, bk, t, pin, pout, (K), 0, RES, DIL)
static SC_NOINLINE void SC_CAT(SC_DW_FN, _wtail)(const sc_job *j, const sc_dw_block bk, const sc_tile *t,
                                                 const size_t *pin, const size_t *pout, const int RES, const int DIL) {
  SC_TILE_CASES(SC_DW_TAPS_ARM, SC_DW_MR)
}
#undef SC_DW_TAPS_ARM
#define SC_DW_WSLIDE(S, KW, R, D) SC_CAT(SC_DW_FN, _wslide_s##S##_k##KW##_r##R##_d##D)
#define SC_DW_WINDOW_BLOCK(FULL)                                                               \
  do {                                                                                         \
    if (j->prefetch) SC_DW_PREFETCH_NEXT(S_, K_);                                              \
    if (inside_) SC_CAT(SC_DW_FN, _window)(j, bk, t, pin, pout, K_, S_, KW_, FULL, RES, 0, DIL); \
    else if (FULL || KW_ == 3) SC_CAT(SC_DW_FN, _window)(j, bk, t, pin, pout, K_, S_, KW_, FULL, RES, 1, DIL); \
    else SC_CAT(SC_DW_FN, _wtail)(j, bk, t, pin, pout, RES, DIL);                              \
  } while (0)
/* inside_: a 3-wide tile whose span lies inside the input (once per tile, for all its blocks) */
#define SC_CALL_DW_WINDOW(K)                                                                   \
  do {                                                                                         \
    const size_t K_ = (K);                                                                     \
    const int inside_ = KW_ == 3 && t->win_lo == 0 && t->win_hi == S_ * (K_ - 1) + KW_;        \
    SC_DW_BLOCKS(SC_DW_WINDOW_BLOCK, SC_DW_HEAD && KW_ == 3)                                   \
  } while (0)
/* (the window, the residual and the dilation are the function's constants S_, KW_, RES, DIL:
 * dilated windows, stride 1 and widths 3 and 5 on SC_DW_WINDOW_ROW3 rows (kernel.h sc_dw_window),
 * pixels win_step apart) */
#define SC_DW_WINDOW_DEF(S, KW, R, D)                                                          \
  static SC_NOINLINE void SC_DW_WSLIDE(S, KW, R, D)(const sc_job *j) {                         \
    const size_t S_ = (S), KW_ = (KW);                                                         \
    const int RES = (R), DIL = (D);                                                            \
    SC_FOR_TILES(SC_DW_MR, SC_CALL_DW_WINDOW)                                                  \
  }
#define SC_DW_WINDOW_DEFS(S, KW, D) SC_DW_WINDOW_DEF(S, KW, 0, D) SC_DW_WINDOW_DEF(S, KW, 1, D)
SC_IF_WINDOW_ROW3(SC_DW_WINDOW_DEFS(1, 3, 0) SC_DW_WINDOW_DEFS(1, 3, 1))
SC_DW_WINDOW_DEFS(1, 5, 0)
SC_IF_WINDOW_ROW3(SC_DW_WINDOW_DEFS(1, 5, 1))
SC_DW_WINDOW_DEFS(1, 7, 0)
SC_IF_WINDOW_ROW3(SC_IF_WINDOW_S2(SC_DW_WINDOW_DEFS(2, 3, 0)))
SC_IF_WINDOW_S2(SC_DW_WINDOW_DEFS(2, 5, 0))
#undef SC_DW_WINDOW_DEFS
#undef SC_DW_WINDOW_DEF
#undef SC_CALL_DW_WINDOW
#undef SC_DW_WINDOW_BLOCK

static void SC_CAT(SC_DW_FN, _run)(const sc_job *j) {
  const int res = j->res != NULL, dil = j->win_step > 1;
#define SC_DW_WINDOW_CASE(S, KW) \
  case 8 * (S) + (KW): if (res) SC_DW_WSLIDE(S, KW, 1, 0)(j); else SC_DW_WSLIDE(S, KW, 0, 0)(j); break;
#define SC_DW_WINDOW_CASE_DIL(KW)                                                                \
  case 8 + (KW):                                                                                 \
    if (dil) { if (res) SC_DW_WSLIDE(1, KW, 1, 1)(j); else SC_DW_WSLIDE(1, KW, 0, 1)(j); }        \
    else if (res) SC_DW_WSLIDE(1, KW, 1, 0)(j); else SC_DW_WSLIDE(1, KW, 0, 0)(j);                \
    break;
  /* whole-row windows as kernel.h SC_DW_WINDOW_K (a plan of this row never has another) */
  switch (j->window) {
    SC_IF_WINDOW_ROW3(SC_DW_WINDOW_CASE_DIL(3) SC_IF_WINDOW_S2(SC_DW_WINDOW_CASE(2, 3)) SC_DW_WINDOW_CASE_DIL(5))
#if !SC_DW_WINDOW_ROW3
    SC_DW_WINDOW_CASE(1, 5)
#endif
    SC_DW_WINDOW_CASE(1, 7) SC_IF_WINDOW_S2(SC_DW_WINDOW_CASE(2, 5))
    default: /* (3-tap windows of dilated layers: rows without SC_DW_WINDOW_ROW3) */
      if (!SC_DW_WINDOW_ROW3 && dil) { if (res) SC_CAT(SC_DW_FN, _tiles)(j, 1, 1); else SC_CAT(SC_DW_FN, _tiles)(j, 0, 1); }
      else if (res) SC_CAT(SC_DW_FN, _tiles)(j, 1, 0);
      else SC_CAT(SC_DW_FN, _tiles)(j, 0, 0);
  }
#undef SC_DW_WINDOW_CASE_DIL
#undef SC_DW_WINDOW_CASE
}

/* The job through a band (j->band_ps, kernel.h): the tiles in runs that read the same input
 * rows (an output row's tiles); before a run, the rows it reads that the band lacks are copied in
 * (the job's channels of each pixel), and its tiles read the band as their input. The band holds
 * image rows [base, base + cap) at band rows [0, cap): pixel i of the image at band + (i - base * W)
 * * band_ps; when a run's rows pass its end, the rows still needed move to its front (memmove).
 * Copying a whole band's rows at once measured the same as one output row's new rows at a time;
 * copying the next run's rows too, a run ahead of the FMAs that read them, ran slower (AMD Zen 4,
 * time: 28x28x1024 1.16x, 24x24x2048 1.11x, 14x14x1024 1.04x), and so did the next run's rows
 * copied piece by piece between this run's tiles (56x56x1024 1.50x) or a prefetch of the copy's
 * source 3-16 pixels ahead (1.01-1.04x). */
static SC_NOINLINE void SC_CAT(SC_DW_FN, _banded)(const sc_job *j) {
  float band[SC_DW_BAND_BYTES / sizeof(float)] __attribute__((aligned(64)));
  const size_t ps = j->band_ps, iw = j->iw, row = iw * ps, cap = (sizeof band / sizeof band[0]) / row;
  const size_t step = j->row_px / iw, nc = (j->blocks - 1) * SC_DW_NR + j->nc; /* dilation_h; channels */
  sc_job sub = *j;
  sub.prefetch = 0; /* (the band's copy reads the input) */
  sub.xps = ps;
  sub.xs_h = j->row_px * ps;
  sub.xs_w = j->xs_w / j->xps * ps;
  size_t base = 0, have_lo = 0, have_hi = 0; /* image rows [have_lo, have_hi) are in the band */
  for (size_t t0 = 0, t1; t0 < j->ntiles; t0 = t1) {
    size_t lo = SIZE_MAX, hi = 0, a, b;
    for (t1 = t0; t1 < j->ntiles; t1++) {
      if (!sc_dw_tile_rows(&j->tiles[t1], j->pix_in + t1 * SC_DW_MR, iw, step, &a, &b)) continue;
      if (lo != SIZE_MAX && a != lo) break;
      lo = a;
      hi = b > hi ? b : hi;
    }
    if (lo != SIZE_MAX) {
      if (lo < have_lo || lo > have_hi) have_lo = have_hi = base = lo; /* nothing to keep */
      if (hi - base > cap) { /* keep rows [lo, have_hi) at the front */
        if (have_hi > lo) memmove(band, band + (lo - base) * row, (have_hi - lo) * row * sizeof(float));
        base = lo;
      }
      const float *x = j->input + have_hi * iw * j->xps;
      float *d = band + (have_hi - base) * row;
      for (size_t i = have_hi * iw; i < hi * iw; i++, x += j->xps, d += ps) { /* rows [have_hi, hi) */
        size_t c = 0;
        for (; c + SC_LANES <= nc; c += SC_LANES) SC_STORE(d + c, SC_LOAD(x + c));
        if (c < nc) SC_STORE_N(d + c, SC_LOAD_N(x + c, nc - c), nc - c);
      }
      have_lo = lo;
      have_hi = hi > have_hi ? hi : have_hi;
    }
    sub.input = (const float *)((uintptr_t)band - base * row * sizeof(float));
    sub.tiles = j->tiles + t0;
    sub.ntiles = t1 - t0;
    sub.pix_in = j->pix_in + t0 * SC_DW_MR;
    sub.pix_out = j->pix_out + t0 * SC_DW_MR;
    sub.pix_kh = j->pix_kh + 2 * t0 * SC_DW_MR;
    SC_CAT(SC_DW_FN, _run)(&sub);
  }
}

static void SC_DW_FN(const sc_job *j) {
  if (j->band_ps) SC_CAT(SC_DW_FN, _banded)(j);
  else SC_CAT(SC_DW_FN, _run)(j);
  SC_STREAM_FENCE(j); /* streamed stores are weakly ordered */
}
#undef SC_DW_WSLIDE
#undef SC_DW_BLOCKS
#undef SC_DW_PREFETCH_NEXT
SC_ROW_DEF(SC_DW_FN) =
    SC_KERNEL_ROW(SC_DW_FN, SC_ISA, SC_KIND_DW, SC_DW_MR, SC_DW_NR, SC_LANES, 0, SC_ORDER_CHAIN, SC_HAS_NT,
                  (SC_DW_WINDOW_S2 ? 6u : 2u) | (SC_DW_WINDOW_ROW3 ? SC_DW_ROW3 : 0u) | (SC_DW_HEAD ? SC_DW_HEADS : 0u));
#endif /* SC_DW_FN */

#if defined(SC_GEMM_FN)
#if !defined(SC_GEMM_PERM)
#  define SC_GEMM_PERM 0
#endif
#if SC_GEMM_PERM > 0 && !defined(SC_LANE_PERM)
#  error "SC_GEMM_PERM needs the ISA's SC_LANE_IDX, SC_LANE_IDX_FIRST, SC_LANE_IDX_NEXT and SC_LANE_PERM"
#endif
_Static_assert(SC_GEMM_MR >= 1 && SC_GEMM_MR <= 12, "tile height 1..12");
_Static_assert(SC_GEMM_PERM == 0 || (SC_GEMM_NR == SC_LANES && SC_GEMM_PERM < SC_GEMM_MR), "permutes: one-vector tiles");
#if !defined(SC_GEMM_EMBED)
#  define SC_GEMM_EMBED 0
#endif
_Static_assert(!SC_GEMM_EMBED || (SC_GEMM_NR == SC_LANES && SC_GEMM_PERM == 0), "embedded broadcasts: plain one-vector tiles");
_Static_assert(SC_GEMM_NR % SC_LANES == 0, "NR is whole vectors");
_Static_assert(SC_GEMM_NV <= 5, "at most 5 vectors (the last block's cases)");

/* 1x1 convolution without padding as a GEMM, in XNNPACK's loop order: for each tile of MRC
 * pixels, all job->blocks output-channel blocks, so the tile's MRC input rows stay in L1 while
 * the blocks' weights stream past, the tile's offsets are read once for all blocks, and the
 * pointers advance in registers. Per block and input channel: NVC weight loads, MRC broadcasts
 * and MRC*NVC FMAs into MRC*NVC accumulators; NVC = NV, except in a last block whose valid
 * channels need fewer vectors (Cout 40 on 24-wide tiles: 24 + 16, not 24 + 24). kc: input
 * channels of the group; w: the block's packed weights (bias, then kc rows of NR floats).
 * SC_GEMM_PERM > 0 (one-vector tiles, NV = 1, whose one broadcast per FMA the load ports cap):
 * full tiles take whole SC_LANES-channel chunks with sc_perm_chunk (the last SC_GEMM_PERM rows
 * broadcast by a register permute of one vector load). Same FMAs in the same order: bit-identical. */
SC_INLINE void SC_CAT(SC_GEMM_FN, _block)(const sc_job *j, const size_t kc, const float *const *x, float *const *y,
                                          const size_t *pout, const float *w, const size_t b, const size_t nc,
                                          const size_t MRC, const size_t NVC) {
  SC_VEC acc[SC_GEMM_MR][SC_GEMM_NV];
  SC_UNROLL for (size_t m = 0; m < MRC; m++)
    SC_UNROLL for (size_t v = 0; v < NVC; v++) acc[m][v] = SC_LOAD(w + v * SC_LANES);
  SC_PREFETCH_RES(MRC, NVC * SC_LANES, j->res != NULL, j->res + pout[m] * j->rps + b * SC_GEMM_NR);
  w += SC_GEMM_NR;
  size_t k = 0;
#if SC_GEMM_PERM > 0
  if (MRC == SC_GEMM_MR)
    for (; k + SC_LANES <= kc; k += SC_LANES) w = sc_perm_chunk(acc, x, k, w, SC_GEMM_NR, SC_GEMM_MR, SC_GEMM_PERM);
#endif
  for (; k < kc; k++) {
    SC_VEC wv[SC_GEMM_NV];
    SC_UNROLL for (size_t v = 0; v < NVC; v++) wv[v] = SC_LOAD(w + v * SC_LANES);
    SC_UNROLL for (size_t m = 0; m < MRC; m++) {
      const SC_VEC bx = SC_BCAST_OF(SC_GEMM_EMBED, x[m] + k);
      SC_UNROLL for (size_t v = 0; v < NVC; v++) acc[m][v] = SC_FMA(bx, wv[v], acc[m][v]);
    }
    w += SC_GEMM_NR;
  }
  SC_EPILOGUE(MRC, NVC, SC_GEMM_NR, acc, j, y[m] + b * SC_GEMM_NR, j->res != NULL,
              j->res + pout[m] * j->rps + b * SC_GEMM_NR, nc);
}

SC_INLINE void SC_CAT(SC_GEMM_FN, _tile)(const sc_job *j, const size_t kc, const size_t *pin, const size_t *pout,
                                         const size_t MRC, const size_t b0, const size_t b1) {
  const float *x[SC_GEMM_MR];
  float *y[SC_GEMM_MR];
  SC_UNROLL for (size_t m = 0; m < MRC; m++) {
    x[m] = j->input + pin[m] * j->xps;
    y[m] = j->output + pout[m] * j->yps;
  }
  const size_t stride = SC_GEMM_NR + kc * SC_GEMM_NR, last = j->blocks - 1;
  for (size_t b = b0; b < b1 && b < last; b++)
    SC_CAT(SC_GEMM_FN, _block)(j, kc, x, y, pout, j->w + b * stride, b, SC_GEMM_NR, MRC, SC_GEMM_NV);
  if (b1 <= last) return;
  /* the last block: as many vectors as its valid channels need, in tiles of every height (the
   * short tile at the end of a job's pixels too: with all NV vectors it read the block's padding
   * columns, which no full tile touches, from L3 or memory: 81 pixels 512 -> 32 on
   * gemm_avx512_4x64, AMD Zen 4, 26.5 us where 80 pixels take 22.4) */
  const float *const wl = j->w + last * stride;
  switch ((j->nc + SC_LANES - 1) / SC_LANES) {
#define SC_GEMM_LAST(V) \
  case V: SC_CAT(SC_GEMM_FN, _block)(j, kc, x, y, pout, wl, last, j->nc, MRC, (V)); break;
    SC_GEMM_LAST(1)
#if SC_GEMM_NV >= 2
    SC_GEMM_LAST(2)
#endif
#if SC_GEMM_NV >= 3
    SC_GEMM_LAST(3)
#endif
#if SC_GEMM_NV >= 4
    SC_GEMM_LAST(4)
#endif
#if SC_GEMM_NV >= 5
    SC_GEMM_LAST(5)
#endif
#undef SC_GEMM_LAST
    default: SC_BAD_TILE_HEIGHT(); break;
  }
}

/* The job's tiles over its blocks [b0, b1), all of them per tile of pixels. */
static SC_NOINLINE void SC_CAT(SC_GEMM_FN, _blocks)(const sc_job *j, const size_t b0, const size_t b1) {
  const size_t kc = j->ntiles ? j->tiles[0].klen : 0; /* every tile of a 1x1 map has the same */
#define SC_CALL_GEMM(K_) SC_CAT(SC_GEMM_FN, _tile)(j, kc, pin, pout, (K_), b0, b1)
  SC_FOR_TILES(SC_GEMM_MR, SC_CALL_GEMM)
#undef SC_CALL_GEMM
}

/* All blocks per tile (job->group_tiles 0), or per group of group_tiles tiles one block after
 * the other over the group's tiles: the block's weights stay in L1 across the group. */
static void SC_GEMM_FN(const sc_job *j) {
  const size_t g = j->group_tiles;
  if (g == 0 || j->blocks == 1) {
    SC_CAT(SC_GEMM_FN, _blocks)(j, 0, j->blocks);
  } else {
    sc_job s = *j;
    for (size_t ta = 0; ta < j->ntiles; ta += g) {
      s.tiles = j->tiles + ta;
      s.ntiles = j->ntiles - ta < g ? j->ntiles - ta : g;
      s.pix_in = j->pix_in + ta * SC_GEMM_MR;
      s.pix_out = j->pix_out + ta * SC_GEMM_MR;
      s.pix_kh = j->pix_kh + 2 * ta * SC_GEMM_MR;
      for (size_t b = 0; b < j->blocks; b++) SC_CAT(SC_GEMM_FN, _blocks)(&s, b, b + 1);
    }
  }
  SC_STREAM_FENCE(j);
}
SC_ROW_DEF(SC_GEMM_FN) =
    SC_KERNEL_ROW_BCAST(SC_GEMM_FN, SC_ISA, SC_KIND_GEMM, SC_GEMM_MR, SC_GEMM_NR, SC_LANES, 0, SC_ORDER_CHAIN, SC_HAS_NT, 0,
                        SC_GEMM_PERM, SC_GEMM_EMBED, 0);
#endif /* SC_GEMM_FN */

#if defined(SC_GRP_FN)
_Static_assert(SC_GRP_MR >= 1 && SC_GRP_MR <= 12, "tile height 1..12");
_Static_assert(SC_GRP_NR % SC_LANES == 0, "NR is whole vectors");

/* Grouped convolution with several groups per vector (kernel.h, SC_KIND_GRP): C = Cin_g = Cout_g
 * channels a group, SC_LANES / C groups a vector, NR / C a block. Lane (g, o) of a vector sums
 * x[g*C + j] * W[j][g*C + o] over j < C: each pixel's input vector (the same lanes' channels) is
 * loaded once per tap and turned C times by SC_LANE_BCAST (lane i gets element (i / C) * C + j)
 * into the operand of one FMA with packed weight row j. Per tap and vector: C weight vectors,
 * then per pixel 1 load, C permutes, C FMAs for SC_LANES useful lanes (a one-group-at-a-time
 * broadcast tile does C broadcasts and C FMAs for C useful lanes). Registers: MRC x NV
 * accumulators, C x NV weights, the input and its permute. Summation order CHAIN: bias, then
 * (kh, kw, j). FULL == 0 is the last block of a layer whose groups do not fill it: input loads
 * touch only its nc valid channels (lanes past them compute garbage that is never stored). */
SC_INLINE void SC_CAT(SC_GRP_FN, _tile)(const sc_job *j, const sc_tile *t, const size_t *pin, const size_t *pout,
                                        const size_t MRC, const size_t C, const int FULL) {
  SC_VEC acc[SC_GRP_MR][SC_GRP_NV];
  const float *w = j->w;
  SC_TILE_START(acc, MRC, SC_GRP_NV, SC_GRP_NR, w);
  const size_t nkh = t->nkh, nkw = t->nkw, xs_h = j->xs_h, xs_w = j->xs_w;
  for (size_t kh = 0; kh < nkh; kh++) {
    const float *x[SC_GRP_MR];
    SC_UNROLL for (size_t m = 0; m < MRC; m++) x[m] = j->input + pin[m] * j->xps + kh * xs_h;
    for (size_t kw = 0; kw < nkw; kw++, w += C * SC_GRP_NR) {
      const size_t xo = kw * xs_w;
      SC_UNROLL for (size_t v = 0; v < SC_GRP_NV; v++) {
        const size_t n = FULL ? SC_LANES : (j->nc > v * SC_LANES ? j->nc - v * SC_LANES : 0);
        if (!FULL && n == 0) continue;
        SC_VEC wv[8]; /* C <= 8 */
        SC_UNROLL for (size_t c = 0; c < C; c++) wv[c] = SC_LOAD(w + c * SC_GRP_NR + v * SC_LANES);
        SC_UNROLL for (size_t m = 0; m < MRC; m++) {
          const float *p = x[m] + xo + v * SC_LANES;
          const SC_VEC xv = (FULL || n >= SC_LANES) ? SC_LOAD(p) : SC_LOAD_N(p, n);
          SC_UNROLL for (size_t c = 0; c < C; c++) acc[m][v] = SC_FMA(SC_LANE_BCAST(xv, c, C), wv[c], acc[m][v]);
        }
      }
    }
    w += t->w_row_skip;
  }
  SC_EPILOGUE(MRC, SC_GRP_NV, SC_GRP_NR, acc, j, j->output + pout[m] * j->yps, j->res != NULL,
              j->res + pout[m] * j->rps, j->nc);
}

/* Sliding window (window tiles: MRC consecutive pixels of one output row, a whole-row window of
 * stride S, 3 wide, where dispatch/select.c grp_windows_pay takes them): per kernel row, each
 * input vector of the span (S*(MRC-1) + 3 columns) is loaded once and turned once per input channel of its groups (C
 * SC_LANE_BCASTs), and each of those feeds the FMAs of every pixel whose taps cover the column (3 /
 * S of them; the weights are FMA memory operands): S*(MRC-1) + 3 columns x C permutes for 3*C*MRC
 * FMAs, where _tile permutes once per FMA. Span columns in the padding read zeros (sc_zero_span).
 * Input loads are masked to the block's valid channels (one body for full and part-filled blocks:
 * as fast as a full-block body on Zen 4, and half the code). Each pixel's taps and channels meet
 * its accumulator in the order of _tile. The span is walked by one pointer, as the depthwise
 * windows' (sc_span_step; AMD Zen 4 family 25 model 17, one thread, old / new time in one
 * process: grp_avx512_12x16 0.998-1.05x, 28x28x192 g24 and 28x28x128 g16 1.05x; grp_avx2_8x8
 * 0.98-1.01x). */
SC_INLINE void SC_CAT(SC_GRP_FN, _window)(const sc_job *j, const sc_tile *t, const size_t *pin, const size_t *pout,
                                          const size_t MRC, const size_t S, const size_t C) {
  const size_t K = 3;
  SC_VEC acc[SC_GRP_MR][SC_GRP_NV];
  const float *w = j->w;
  SC_TILE_START(acc, MRC, SC_GRP_NV, SC_GRP_NR, w);
  const size_t lo = t->win_lo, hi = t->win_hi;
  const float *x = j->input + pin[0] * j->xps; /* span column lo */
  const size_t nkh = t->nkh, xs_h = j->xs_h, xs_w = j->xs_w;
  for (size_t kh = 0; kh < nkh; kh++) {
    const float *xr = x + kh * xs_h;
    SC_UNROLL for (size_t v = 0; v < SC_GRP_NV; v++) {
      /* the valid channels of vector v: a layer's last block may hold fewer groups */
      const size_t n = j->nc > v * SC_LANES ? (j->nc - v * SC_LANES < SC_LANES ? j->nc - v * SC_LANES : SC_LANES) : 0;
      if (n == 0) continue;
      const float *pw = xr + v * SC_LANES; /* span column i - lo */
      SC_UNROLL for (size_t i = 0; i < S * (MRC - 1) + K; i++) {
        /* the first and last pixel have a real tap (tiles.c window_run): lo < K, hi > S*(MRC-1) */
        const int pad = (i + 1 < K && i < lo) || (i > S * (MRC - 1) && i >= hi);
        const float *p = pad ? sc_zero_span : pw;
        if (sc_span_step(i, K, S * (MRC - 1), lo, hi)) {
          pw += xs_w;
          SC_KEEP_PTR(pw);
        }
        const SC_VEC xv = SC_LOAD_N(p, n);
        SC_UNROLL for (size_t c = 0; c < C; c++) {
          const SC_VEC pc = SC_LANE_BCAST(xv, c, C);
          SC_UNROLL for (size_t k = 0; k < K; k++)
            if (i >= k && (i - k) % S == 0 && (i - k) / S < MRC)
              acc[(i - k) / S][v] =
                  SC_FMA(pc, SC_LOAD(w + (k * C + c) * SC_GRP_NR + v * SC_LANES), acc[(i - k) / S][v]);
        }
      }
    }
    w += K * C * SC_GRP_NR + t->w_row_skip;
  }
  float *const y0 = j->output + pout[0] * j->yps;
  SC_EPILOGUE(MRC, SC_GRP_NV, SC_GRP_NR, acc, j, y0 + m * j->yps, j->res != NULL, j->res + (pout[0] + m) * j->rps,
              j->nc);
}

/* The job's tiles (one block: NR / C groups); C is the tiles' klen (sc_row_computes: 2, 4 or 8,
 * below SC_LANES). */
static void SC_GRP_FN(const sc_job *j) {
  const size_t C = j->ntiles ? j->tiles[0].klen : 0;
  const int full = j->nc == SC_GRP_NR;
/* CALL(K, CC) with the group width C as a constant CC: 2, 4 (and 8 below SC_LANES) */
#if SC_LANES > 8
#  define SC_GRP_C8(CALL, K) else if (C == 8) CALL(K, 8);
#else
#  define SC_GRP_C8(CALL, K)
#endif
#define SC_GRP_BY_C(CALL, K)                                                                     \
  do {                                                                                           \
    if (C == 2) CALL(K, 2);                                                                      \
    else if (C == 4) CALL(K, 4);                                                                 \
    SC_GRP_C8(CALL, K)                                                                           \
  } while (0)
  if (j->window) { /* whole-row windows, 3 wide (masked loads: the layer's last block may be part-filled) */
    /* stride 2 only for C <= SC_GRP_WINDOW_S2_MAX_C (select.c grp_windows_pay): wider groups'
     * stride-2 bodies are not compiled */
#define SC_CALL_GRP_WC(K, CC)                                                                           \
    do { if (t->window == 1 || (CC) > SC_GRP_WINDOW_S2_MAX_C) SC_CAT(SC_GRP_FN, _window)(j, t, pin, pout, (K), 1, (CC)); \
         else SC_CAT(SC_GRP_FN, _window)(j, t, pin, pout, (K), 2, (CC)); } while (0)
#define SC_CALL_GRP_W(K) SC_GRP_BY_C(SC_CALL_GRP_WC, K)
    SC_FOR_TILES(SC_GRP_MR, SC_CALL_GRP_W)
#undef SC_CALL_GRP_W
#undef SC_CALL_GRP_WC
    return;
  }
#define SC_CALL_GRP_C(K, CC) \
  do { if (full) SC_CAT(SC_GRP_FN, _tile)(j, t, pin, pout, (K), (CC), 1); \
       else SC_CAT(SC_GRP_FN, _tile)(j, t, pin, pout, (K), (CC), 0); } while (0)
#define SC_CALL_GRP(K) SC_GRP_BY_C(SC_CALL_GRP_C, K)
  SC_FOR_TILES(SC_GRP_MR, SC_CALL_GRP)
#undef SC_CALL_GRP
#undef SC_CALL_GRP_C
#undef SC_GRP_BY_C
#undef SC_GRP_C8
}
SC_ROW_DEF(SC_GRP_FN) = SC_KERNEL_ROW(SC_GRP_FN, SC_ISA, SC_KIND_GRP, SC_GRP_MR, SC_GRP_NR, SC_LANES, 0, SC_ORDER_CHAIN,
                                      0, (1u << 1) | (1u << 2) | SC_DW_ROW3);
#endif /* SC_GRP_FN */

#if defined(SC_DOT_FN)
/* Dot tile for few output channels (needs SC_HSUM4(a, b, c, d): a vector whose lanes 0-3 are the
 * lane sums of a, b, c, d, the other lanes 0): MRC pixels x SC_DOT_NR (4) output channels, each
 * accumulator holding SC_LANES consecutive input channels of the reduction in its lanes, summed
 * once per tile (SC_ORDER_DOT: every lane a chain in (kh, kw, ic) order, then the ISA's fixed tree).
 * A broadcast tile computes whole vectors of output channels, 3 of 16 lanes useful for Cout 3;
 * here every lane is. Per SC_LANES input channels: MRC input loads + NRC weight loads feed
 * MRC x NRC FMAs (NRC: the block's valid channels, j->nc). The block's packed weights: bias (NR
 * floats), then per tap [Cin_g / SC_LANES][NR][SC_LANES] (kernels/pack.c with kdot = SC_LANES). */
_Static_assert(SC_DOT_NR == 4, "the lane sums fill 4 channels");
SC_INLINE void SC_CAT(SC_DOT_FN, _tile)(const sc_job *j, const sc_tile *t, const size_t *pin, const size_t *pout,
                                        const size_t *pkh, const size_t MRC, const size_t NRC) {
  SC_VEC acc[SC_DOT_MR][SC_DOT_NR];
  SC_UNROLL for (size_t m = 0; m < MRC; m++)
    SC_UNROLL for (size_t c = 0; c < SC_DOT_NR; c++) acc[m][c] = SC_SET1(0.0f);
  const float *w = j->w + SC_DOT_NR + t->w_off;
  size_t nkw, klen;
  SC_TILE_LOOP(j, t, nkw, klen);
  const size_t nkh = t->nkh, xs_h = j->xs_h, xs_w = j->xs_w;
  for (size_t kh = 0; kh < nkh; kh++) {
    const float *x[SC_DOT_MR];
    SC_CONV_ROWS(x, MRC, j, t, pin, pkh, kh, xs_h);
    for (size_t kw = 0; kw < nkw; kw++) {
      const size_t xo = kw * xs_w;
      for (size_t i = 0; i < klen; i += SC_LANES, w += SC_DOT_NR * SC_LANES) {
        SC_VEC xv[SC_DOT_MR];
        SC_UNROLL for (size_t m = 0; m < MRC; m++) xv[m] = SC_LOAD(x[m] + xo + i);
        SC_UNROLL for (size_t c = 0; c < NRC; c++) {
          const SC_VEC wc = SC_LOAD(w + c * SC_LANES);
          SC_UNROLL for (size_t m = 0; m < MRC; m++) acc[m][c] = SC_FMA(xv[m], wc, acc[m][c]);
        }
      }
    }
    w += t->w_row_skip;
  }
  /* out[m]: the lane sums plus the bias in lanes 0-3; the epilogue's NR is SC_LANES, so that every
   * store takes its j->nc (< SC_LANES) lanes only */
  const SC_VEC bias = SC_LOAD_N(j->w, NRC);
  SC_VEC out[SC_DOT_MR][1];
  SC_UNROLL for (size_t m = 0; m < MRC; m++)
    out[m][0] = SC_ADD(SC_HSUM4(acc[m][0], acc[m][1], acc[m][2], acc[m][3]), bias);
  SC_EPILOGUE(MRC, 1, SC_LANES, out, j, j->output + pout[m] * j->yps, j->res != NULL, j->res + pout[m] * j->rps,
              j->nc);
}

#define SC_TILE_C_FN SC_CAT(SC_DOT_FN, _tile)
#define SC_DOT_TILES_NR(C) SC_CONV_TILES_C(SC_DOT_MR, SC_DOT_NR, (C))
/* A job is one block of 4 output channels, or of the j->nc (1-3) valid ones of the layer's last. */
static void SC_DOT_FN(const sc_job *j) {
  if (j->nc >= 4) SC_DOT_TILES_NR(4);
  else if (j->nc == 3) SC_DOT_TILES_NR(3);
  else if (j->nc == 2) SC_DOT_TILES_NR(2);
  else SC_DOT_TILES_NR(1);
}
#undef SC_DOT_TILES_NR
#undef SC_TILE_C_FN
SC_ROW_DEF(SC_DOT_FN) = SC_KERNEL_ROW(SC_DOT_FN, SC_ISA, SC_KIND_DOT, SC_DOT_MR, SC_DOT_NR, SC_LANES, SC_LANES,
                                      SC_ORDER_DOT, 0, 0);
#endif /* SC_DOT_FN */

/* The tile parameters are this inclusion's: the next inclusion defines its own. */
#undef SC_CONV_MR
#undef SC_CONV_NR
#undef SC_CONV_FN
#undef SC_CONV_PERM
#undef SC_CONV_EMBED
#undef SC_CONV_SLIDE
#undef SC_DW_MR
#undef SC_DW_NR
#undef SC_DW_FN
#undef SC_DW_COLS_FIRST
#undef SC_GEMM_MR
#undef SC_GEMM_NR
#undef SC_GEMM_FN
#undef SC_GEMM_PERM
#undef SC_GEMM_EMBED
#undef SC_GRP_MR
#undef SC_GRP_NR
#undef SC_GRP_FN
#undef SC_DOT_MR
#undef SC_DOT_NR
#undef SC_DOT_FN
