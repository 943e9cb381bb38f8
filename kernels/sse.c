/* SSE kernels (SSE2..SSE4.1, 4 lanes, 16 xmm registers, no FMA: multiply then add).
 *
 * Without FMA and with 2-operand instructions every multiply-add costs three instructions
 * (copy, mulps, addps), and a broadcast costs a load plus a shuffle that competes with mulps
 * and addps for the FP pipes. Zen 4 dispatches 6 instructions per cycle and has 2 mul and
 * 2 add pipes, so the kernel that issues fewest extra instructions per mul+add wins.
 *
 * dot_sse_3x4 (input channels divisible by 4): 3 pixels x 4 output channels; each of the
 * 12 accumulators holds one (pixel, output channel) pair and its 4 lanes sum 4 consecutive
 * input channels, so the input is a plain 4-wide load (no broadcast) and the weights are
 * packed [ic / 4][4 output channels][4 input channels]. 12 accumulators + 2 input vectors +
 * 1 product temporary (which then holds the third input) + 1 weight vector = 16 xmm; per 4
 * input channels 11 loads + 2 register copies feed 12 mul + 12 add (SSE_DOT_3x4_STEP). The
 * lanes are summed once per tile (3 haddps per pixel). Measured (one run each, GFLOP/s on
 * resnet_4_3x3 / vgg_3_3x3, mul+add peak 56): broadcast 6x8 42 / 40, dot in C 52 / 49, dot
 * with the asm step 54 / 50.5. Zen 4 takes 2 vector loads per cycle and dispatches 6
 * instructions per cycle, so the step's 39 instructions and 11 loads bound it near 92 %.
 * conv_sse_6x8 (other channel counts): 6 pixels x 8 output channels = 12 accumulators + 2
 * weight vectors + the broadcast input + the product temporary = 16 xmm.
 * gemm_sse_6x8 (1x1 layers without padding, unless the dot kernel's reduction is >= 128): the
 * 6x8 register plan in the GEMM loop order (conv_template.h). tb, GFLOP/s, before -> after:
 * mobilenet_pw_112 34.3 -> 37.7 (was the broadcast 6x8), resnet_2_1x1 36.4 -> 37.3 (was the dot
 * kernel); 4x8 measured the same.
 * dw_sse_3x16: 3 pixels x 16 channels = 12 accumulators + 3 tap weights (one channel vector
 * at a time in the sliding window) + input. */
#include <smmintrin.h>
#include <stdint.h>
#include <string.h>

static inline __m128 sse_load_n(const float *p, size_t n) {
  float t[4] = {0, 0, 0, 0};
  memcpy(t, p, n * sizeof(float));
  return _mm_loadu_ps(t);
}
static inline void sse_store_n(float *p, __m128 v, size_t n) {
  float t[4];
  _mm_storeu_ps(t, v);
  memcpy(p, t, n * sizeof(float));
}

#define SC_ISA SSE
#define SC_VEC __m128
#define SC_LANES 4
#define SC_LOAD(p) _mm_loadu_ps(p)
#define SC_STORE(p, v) _mm_storeu_ps((p), (v))
#define SC_LOAD_N(p, n) sse_load_n((p), (n))
#define SC_STORE_N(p, v, n) sse_store_n((p), (v), (n))
#define SC_BCAST(p) _mm_load1_ps(p)
#define SC_SET1(f) _mm_set1_ps(f)
#define SC_FMA(a, b, c) _mm_add_ps((c), _mm_mul_ps((a), (b)))
#define SC_ADD(a, b) _mm_add_ps((a), (b))
#define SC_MIN(a, b) _mm_min_ps((a), (b))
#define SC_MAX(a, b) _mm_max_ps((a), (b))
#define SC_KEEP(v) __asm__("" : "+x"(v))
/* The stride-2 depthwise window (conv_template.h) cost dw_sse_3x16 9-11 % on stride-1 layers in
 * one process (its 16 xmm registers are all taken by the 3x16 tile), and gained 12 % on
 * 112x112x96 stride 2 but lost 5 % on 28x28x240 stride 2 (Zen 3): SSE keeps the per-tap loop. */
#define SC_DW_WINDOW_S2 0
#define SC_CONV_MR 6
#define SC_CONV_NR 8
#define SC_CONV_FN conv_sse_6x8
#define SC_DW_MR 3
#define SC_DW_NR 16
#define SC_DW_FN dw_sse_3x16
#define SC_GEMM_MR 6
#define SC_GEMM_NR 8
#define SC_GEMM_FN gemm_sse_6x8
#include "conv_template.h"


/* One chunk of 4 input channels of the full 3x4 tile: acc[m][c] += x_m * w_c (lanes: input
 * channels), x_m = 4 floats at bm + i, w_c = 4 floats at w + 4*i + 16c bytes. In asm because gcc
 * spills an accumulator (a store-load chain in every iteration) unless it is steered by hand.
 * Registers: 12 accumulators, x0 (xmm12), x1 (xmm13), a product temporary that then holds x2
 * (xmm14), the weight vector (xmm15). w0 is loaded once and used twice through copies and once
 * destructively; w1 and w2 are loaded per product; w3 once, multiplied into the dead inputs:
 * 11 loads + 2 moves + 12 mul + 12 add, and one index update for both streams. */
#define SSE_DOT_PROD(wo, xr, a) \
  "movups " #wo "(%[w],%[i],4), %%xmm15\n\tmulps %%" #xr ", %%xmm15\n\taddps %%xmm15, %[" #a "]\n\t"
#define SSE_DOT_3x4_STEP(A, B0, B1, B2, W, I)                                                 \
  __asm__("movups (%[b0],%[i]), %%xmm12\n\t"                                                 \
          "movups (%[b1],%[i]), %%xmm13\n\t"                                                 \
          "movups (%[w],%[i],4), %%xmm15\n\t"                                                \
          "movaps %%xmm12, %%xmm14\n\tmulps %%xmm15, %%xmm14\n\taddps %%xmm14, %[a00]\n\t"   \
          "movaps %%xmm13, %%xmm14\n\tmulps %%xmm15, %%xmm14\n\taddps %%xmm14, %[a10]\n\t"   \
          "movups (%[b2],%[i]), %%xmm14\n\tmulps %%xmm14, %%xmm15\n\taddps %%xmm15, %[a20]\n\t" \
          SSE_DOT_PROD(16, xmm12, a01) SSE_DOT_PROD(16, xmm13, a11) SSE_DOT_PROD(16, xmm14, a21) \
          SSE_DOT_PROD(32, xmm12, a02) SSE_DOT_PROD(32, xmm13, a12) SSE_DOT_PROD(32, xmm14, a22) \
          "movups 48(%[w],%[i],4), %%xmm15\n\t"                                              \
          "mulps %%xmm15, %%xmm12\n\taddps %%xmm12, %[a03]\n\t"                             \
          "mulps %%xmm15, %%xmm13\n\taddps %%xmm13, %[a13]\n\t"                             \
          "mulps %%xmm15, %%xmm14\n\taddps %%xmm14, %[a23]"                                  \
          : [a00] "+x"(A[0][0]), [a01] "+x"(A[0][1]), [a02] "+x"(A[0][2]), [a03] "+x"(A[0][3]),     \
            [a10] "+x"(A[1][0]), [a11] "+x"(A[1][1]), [a12] "+x"(A[1][2]), [a13] "+x"(A[1][3]),     \
            [a20] "+x"(A[2][0]), [a21] "+x"(A[2][1]), [a22] "+x"(A[2][2]), [a23] "+x"(A[2][3])      \
          : [b0] "r"(B0), [b1] "r"(B1), [b2] "r"(B2), [w] "r"(W), [i] "r"(I)                       \
          : "xmm12", "xmm13", "xmm14", "xmm15", "memory") /* reads the input and weights */

/* dot_sse_3x4 (register plan above). Packed block: bias[4], then per real tap and chunk
 * of 4 input channels 16 floats: [output channel c][input channel lane l]. */
SC_INLINE void dot_sse_3x4_tile(const sc_job *j, const sc_tile *t, const size_t *pin, const size_t *pout,
                                    const size_t *pkh, const size_t MRC) {
  __m128 acc[3][4];
  SC_UNROLL for (size_t m = 0; m < MRC; m++)
    SC_UNROLL for (size_t c = 0; c < 4; c++) acc[m][c] = _mm_setzero_ps();
  const float *w = j->w + 4 + t->w_off;
  size_t nkw, klen;
  SC_TILE_LOOP(j, t, nkw, klen);
  const size_t nkh = t->nkh, xs_h = j->xs_h, xs_w = j->xs_w;
  for (size_t kh = 0; kh < nkh; kh++) {
    /* pixel m's input row is x[0] + dx[m] bytes: one pointer walks the input channels, the
     * others are fixed offsets from it (indexed addressing, no extra pointer updates) */
    const float *x[3];
    ptrdiff_t dx[3];
    SC_CONV_ROWS(x, MRC, j, t, pin, pkh, kh, xs_h);
    SC_UNROLL for (size_t m = 0; m < MRC; m++) dx[m] = (ptrdiff_t)((uintptr_t)x[m] - (uintptr_t)x[0]);
    for (size_t kw = 0; kw < nkw; kw++) {
      const char *xb = (const char *)(x[0] + kw * xs_w);
      if (MRC == 3) {
        /* one byte index i walks both streams: input at xb + dx[m] + i, weights at w + 4*i */
        const char *b0 = xb, *b1 = xb + dx[1], *b2 = xb + dx[2];
        for (size_t i = 0; i < klen * sizeof(float); i += 4 * sizeof(float)) SSE_DOT_3x4_STEP(acc, b0, b1, b2, w, i);
      } else {
        for (size_t i = 0; i < klen * sizeof(float); i += 4 * sizeof(float)) {
          __m128 xv[3];
          SC_UNROLL for (size_t m = 0; m < MRC; m++) xv[m] = _mm_loadu_ps((const float *)(xb + dx[m] + i));
          SC_UNROLL for (size_t c = 0; c < 4; c++) {
            const __m128 wc = _mm_loadu_ps((const float *)((const char *)w + 4 * i) + 4 * c);
            SC_UNROLL for (size_t m = 0; m < MRC; m++) acc[m][c] = _mm_add_ps(acc[m][c], _mm_mul_ps(xv[m], wc));
          }
        }
      }
      w += 4 * klen;
    }
    w += t->w_row_skip;
  }
  /* lane sums: out[m] = (sum acc[m][0], ..., sum acc[m][3]) + bias */
  const __m128 bias = _mm_loadu_ps(j->w);
  __m128 out[3][1];
  SC_UNROLL for (size_t m = 0; m < MRC; m++)
    out[m][0] = _mm_add_ps(_mm_hadd_ps(_mm_hadd_ps(acc[m][0], acc[m][1]), _mm_hadd_ps(acc[m][2], acc[m][3])), bias);
  SC_EPILOGUE(MRC, 1, 4, out, j, j->output + pout[m] * j->yps, j->res != NULL, j->res + pout[m] * j->rps, j->nc);
}

static void dot_sse_3x4(const sc_job *j) {
#define SC_CALL_DOT(K) dot_sse_3x4_tile(j, t, pin, pout, pkh, (K))
  SC_FOR_CONV_TILES(3, 4, SC_CALL_DOT)
#undef SC_CALL_DOT
}

static const sc_kernel_row dot_sse_3x4_row =
    SC_KERNEL_ROW(dot_sse_3x4, SSE, SC_KIND_DOT, 3, 4, 4, 4, SC_ORDER_DOT, 0, 0);
/* Winograd (winograd_template.h): the element-wise stage on gemm_sse_6x8. */
#define SC_WINO_SUFFIX sse
#define SC_WINO_GEMM gemm_sse_6x8
#define SC_WINO_GEMM_MR 6
#define SC_WINO_GEMM_NR 8
#define SC_WINO_GEMM_ROW "gemm_sse_6x8"
#include "winograd_variants.h"

static const sc_kernel_row *const rows[] = {&conv_sse_6x8_row, &dot_sse_3x4_row, &gemm_sse_6x8_row, &dw_sse_3x16_row, SC_WINO_ROWS(sse)};
SC_ISA_KERNELS(sse, 1);
