/* AVX-512F kernels (16 lanes, 32 zmm registers, mask registers for channel tails).
 *
 * conv_avx512_5x64: 5 pixels x 64 output channels = 20 zmm accumulators + 4 weight vectors +
 * 1 broadcast = 25 zmm; per input channel 4 loads + 5 broadcasts feed 20 FMAs. Measured against
 * 6x64 (24 accumulators) in one session: equal on 3x3 layers, +2 % on 1x1 (mobilenet_pw_112
 * 107.7 -> 110.1 GFLOP/s); 12x32, 8x48, 4x96 and 3x128 were slower on most layers.
 * conv_avx512_12x32 (24 accumulators) and conv_avx512_12x16 (12) for groups of <= 32 / <= 16
 * output channels, where 64 lanes would mostly multiply zero padding.
 * gemm_avx512_7x16 (1x1 layers without padding, see conv_template.h): 7 pixels x 16 channels =
 * 7 accumulators + 1 weight vector; per input channel 1 load + 7 broadcasts (folded into the
 * FMAs) feed 7 FMAs, and one tile of pixels walks every output-channel block of its job, as in
 * XNNPACK's 7x16 GEMM. Measured against the 5x64 convolution tile in one session (tb, GFLOP/s):
 * resnet_2_1x1 111.5 -> 115.0, mobilenet_pw_112 109.1 -> 113.5, resnet_4_1x1_s2 115.6 -> 116.7;
 * 8x16 was 0-1 % slower, 12x16 and 6x32 5-10 % slower.
 * dw_avx512_10x32: 10 pixels x 32 channels = 20 accumulators + 3 tap weights + input. SC_KEEP
 * stops gcc folding a fresh load into every FMA of the sliding window (46 -> 71 GFLOP/s on
 * mobilenet_dw_112 with 8x32); 10 pixels per tile: 69 -> 77 (12x32: 76). */
#include <immintrin.h>

static inline __mmask16 avx512_mask(size_t n) { return (__mmask16)((1u << n) - 1u); }

#define SC_VEC __m512
#define SC_LANES 16
#define SC_LOAD(p) _mm512_loadu_ps(p)
#define SC_STORE(p, v) _mm512_storeu_ps((p), (v))
#define SC_LOAD_N(p, n) _mm512_maskz_loadu_ps(avx512_mask(n), (p))
#define SC_STORE_N(p, v, n) _mm512_mask_storeu_ps((p), avx512_mask(n), (v))
#define SC_BCAST(p) _mm512_set1_ps(*(p))
#define SC_SET1(f) _mm512_set1_ps(f)
#define SC_FMA(a, b, c) _mm512_fmadd_ps((a), (b), (c))
#define SC_MIN(a, b) _mm512_min_ps((a), (b))
#define SC_MAX(a, b) _mm512_max_ps((a), (b))
#define SC_KEEP(v) __asm__("" : "+v"(v))
/* acc + broadcast(*p) * w as one FMA with an embedded-broadcast memory operand. With a separate
 * vbroadcastss per pixel (reused by the 4 FMAs of a 5x64 step) Zen 4 ran 1 % slower: tb, GFLOP/s,
 * separate -> embedded: resnet_conv1 115.3 -> 116.7, resnet_2_3x3 119.1 -> 119.5, vgg_3_3x3
 * 118.0 -> 118.4; 6x64 with embedded broadcasts was no faster than 5x64. The template uses it
 * when SC_FMA_BCAST is defined. */
static inline __m512 avx512_fma_bcast(const float *p, __m512 w, __m512 acc) {
  __asm__("vfmadd231ps %1%{1to16%}, %2, %0" : "+v"(acc) : "m"(*p), "v"(w));
  return acc;
}
#define SC_FMA_BCAST(p, w, acc) avx512_fma_bcast((p), (w), (acc))
/* Input-channel loops of >= 128 steps (3x3 layers: 3*Cin per kernel row) unrolled by 4; shorter
 * ones (1x1 with 32..64 channels) stay rolled. Measured in one session (GFLOP/s, rolled ->
 * this): resnet_2_3x3 116.7 -> 119.3, resnet_5_3x3 134.5 -> 138.5, 1x1 layers unchanged
 * (unrolling those cost ~1 % on mobilenet_pw_112). */
#define SC_K_UNROLL _Pragma("GCC unroll 4")
#define SC_K_UNROLL_MIN 128
/* Three tiles, by output channels per group: <= 16, <= 32, more. */
#define SC_CONV_MR 12
#define SC_CONV_NR 16
#define SC_CONV_FN conv_avx512_12x16
#include "conv_template.h"
#undef SC_CONV_MR
#undef SC_CONV_NR
#undef SC_CONV_FN

#define SC_CONV_MR 12
#define SC_CONV_NR 32
#define SC_CONV_FN conv_avx512_12x32
#include "conv_template.h"
#undef SC_CONV_MR
#undef SC_CONV_NR
#undef SC_CONV_FN

#define SC_CONV_MR 5
#define SC_CONV_NR 64
#define SC_CONV_FN conv_avx512_5x64
#define SC_DW_MR 10
#define SC_DW_NR 32
#define SC_DW_FN dw_avx512_10x32
#include "conv_template.h"
#undef SC_CONV_MR
#undef SC_CONV_NR
#undef SC_CONV_FN
#undef SC_DW_FN

/* The GEMM stores each accumulator as two 256-bit halves (the high one by vextractf64x4 to
 * memory, a plain store). With 32 input channels a 7x16 block is only 224 FMA cycles, and on
 * Zen 4 each 512-bit store took the FMA pipes about 1 % of that. Measured in one session: on a
 * micro-benchmark of 7x16 blocks (GFLOP/s) no stores 118.2, zmm stores 114.7, halves 117.3; in
 * the library mobilenet_pw_112 113.4 -> 115.9, resnet_2_1x1 114.2 -> 115.2, mobilenet_pw_14 and
 * resnet_4_1x1_s2 unchanged. The depthwise kernel (9 FMAs per store) keeps zmm stores: halves
 * cost it 2 % (92.0 -> 89.7). On Intel the memory form of vextractf64x4 is also a plain store. */
static inline void avx512_store_halves(float *p, __m512 v) {
  _mm256_storeu_ps(p, _mm512_castps512_ps256(v));
  _mm256_storeu_pd((double *)(p + 8), _mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
}
#undef SC_STORE
#define SC_STORE(p, v) avx512_store_halves((p), (v))
#define SC_GEMM_MR 7
#define SC_GEMM_NR 16
#define SC_GEMM_FN gemm_avx512_7x16
#include "conv_template.h"

const sc_kernels sc_kernels_avx512 = {
    .isa = SIMDCONV_ISA_AVX512,
    .conv = {{12, 16, conv_avx512_12x16, 0}, {12, 32, conv_avx512_12x32, 0}, {5, 64, conv_avx512_5x64, 0}},
    .gemm = {SC_GEMM_MR, SC_GEMM_NR, gemm_avx512_7x16, 0},
    .dw_mr = SC_DW_MR, .dw_nr = SC_DW_NR, .dw = dw_avx512_10x32};
