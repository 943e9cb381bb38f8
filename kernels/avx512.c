/* AVX-512F kernels (16 lanes, 32 zmm registers, mask registers for channel tails).
 *
 * Broadcasts. Every kernel broadcasts an input value into a register once (vbroadcastss) and
 * feeds it to 2-4 register FMAs. Zen 5 (2 full-width 512-bit FMA pipes, 64 FLOP/cycle) runs
 * FMAs with an embedded-broadcast memory operand ({1to16}) at only ~80 % of its peak; measured
 * in one session (micro-benchmark, GFLOP/s, peak 219): 5x64 tile embedded 167 / separate 214,
 * 12x32 174 / 211, 8x32 174 / 216. In the library: resnet_3_3x3 148 -> 205-212, mobilenet_pw_112
 * 147 -> 196-209. (Zen 4, double-pumped, preferred the embedded form by ~1 % on convolutions.)
 * SC_BCAST keeps the broadcast in a register (an empty asm), or gcc folds it back into the FMA.
 *
 * conv_avx512_6x64: 6 pixels x 64 output channels = 24 zmm accumulators + 4 weight vectors +
 * 1 broadcast = 29 zmm; per input channel 4 loads + 6 broadcasts feed 24 FMAs.
 * conv_avx512_12x32: 12 pixels x 32 channels = 24 accumulators + 2 weight vectors + 1 broadcast;
 * per input channel 2 loads + 12 broadcasts feed 24 FMAs. Used for groups of <= 32 output
 * channels, and for wide layers whose 64-channel block (taps x Cin x 64 floats) would pass
 * half of L2 (dispatch/select.c; it is read once per tile): measured in one session (GFLOP/s, 6x64 ->
 * 12x32): resnet_5_3x3 (1.2 MB block) 190 -> 219, vgg_3_3x3 (590 KB) 201 -> 206, resnet_4_3x3
 * equal; below the limit 6x64 wins: resnet_conv1 201 -> 208, resnet_2_3x3 209 -> 211 (12x32 -> 6x64).
 * conv_avx512_12x16 (12 accumulators) for groups of <= 16 output channels.
 * grp_avx512_12x16 (conv_template.h SC_GRP): groups of C = 2, 4 or 8 channels, 16 / C groups a
 * vector: 12 accumulators + C weight vectors + input + permute + C permute indices (<= 30 zmm);
 * per tap and pixel 1 load, C permutes (vpermilps in-lane for C <= 4, vpermps for 8) and C FMAs.
 * AMD EPYC Zen 5 (family 26 model 2), one process, GFLOP/s against conv_avx512_12x16: 56x56x128
 * g32 (4 a group) 112-124 vs 27, 28x28x256 g32 (8) 130 vs 72, 28x28x64 g32 (2) 116 vs 12.
 * gemm_avx512_4x64 (1x1 layers without padding, see conv_template.h): 4 pixels x 64 channels =
 * 16 accumulators + 4 weight vectors + 1 broadcast; per input channel 4 loads + 4 broadcasts feed
 * 16 FMAs, and one tile of pixels walks every output-channel block of its job. gemm_avx512_6x64
 * (the 6x64 plan above) for deep reductions, whose 64-channel block (Cin x 64 floats) is larger
 * than a job's L1 budget and streams from L2 for every tile: 6x64 reads 10.7 bytes of weights
 * per FMA, 4x64 16. Zen 5 loads at most two vectors per cycle (a broadcast counts as one), one
 * per FMA at peak: 4x64 needs 0.5 per FMA, 6x64 0.42, 8x32 0.63. Measured in one session
 * against the earlier 7x16 (embedded broadcasts), GFLOP/s: mobilenet_pw_112 147 -> 196,
 * mobilenet_pw_14 163 -> 203 (8x32). Then against oneDNN in one process, interleaved (ratio to
 * oneDNN, 4x64 / 6x64 / 8x32 / 12x32): resnet_2_1x1 (Cin 64) 1.019 / 0.999 / 0.978 / 0.960,
 * mobilenet_pw_112 (32) 1.003 / 0.986 / 0.988 / 0.962, mobilenet_pw_14 (512) 0.975 / 0.988 /
 * 0.988 / 0.997, resnet_4_1x1_s2 (512) 1.041 / 1.073 / 1.064 / 1.067. Plain zmm stores: storing
 * each accumulator as two 256-bit halves (+2 % on Zen 4) cost 1-2 % here.
 * gemm_avx512_12x16p, conv_avx512_12x16p: the 12x16 tiles (Cout_g <= 16: one broadcast per FMA,
 * 13 loads per 12 FMAs, the load ports' limit) with rows 6-11 broadcast by vpermps from one vector
 * load per 16 input channels: 12 accumulators + 6 input vectors + weights + index + 2 broadcasts
 * (22 zmm); per input channel 7.4 loads, 6 permutes, 12 FMAs. Zen 5, forced, one process, GFLOP/s
 * against 12x16: GEMM 56x56x32 -> 16 190 vs 168, 112x112x32 -> 16 173 vs 152, 56x56x64 -> 16 190
 * vs 177 (6 of 12 rows permuted; 4: 183 / 172 / 194, 8: 180 / 165 / 182); conv 3x3 with 16
 * channels a group: 14x14x512 g32 197 vs 185, 56x56x128 g8 190 vs 168.
 * gemm_avx512_5x80: 5 pixels x 80 channels = 25 accumulators + 5 weight vectors + 1 broadcast =
 * 31 zmm; per input channel 5 loads + 5 broadcasts feed 25 FMAs (0.4 loads per FMA), for 1x1
 * layers whose weight block streams from L2 (dispatch/select.c): Cout 80 in one pass where 6x64
 * takes 64 + 16. Zen 5, forced, GFLOP/s: 14x14x480 -> 80 222 vs 202 (6x64).
 * dw_avx512_10x32: 10 pixels x 32 channels = 20 accumulators + 3 tap weights + input. SC_KEEP
 * stops gcc folding a fresh load into every FMA of the sliding window (46 -> 71 GFLOP/s on
 * mobilenet_dw_112 with 8x32, on Zen 4); 10 pixels per tile: 69 -> 77 (12x32: 76). */
#include <immintrin.h>

static inline __mmask16 avx512_mask(size_t n) { return (__mmask16)((1u << n) - 1u); }

#define SC_ISA AVX512
#define SC_VEC __m512
#define SC_LANES 16
#define SC_LOAD(p) _mm512_loadu_ps(p)
#define SC_STORE(p, v) _mm512_storeu_ps((p), (v))
#define SC_LOAD_N(p, n) _mm512_maskz_loadu_ps(avx512_mask(n), (p))
#define SC_STORE_N(p, v, n) _mm512_mask_storeu_ps((p), avx512_mask(n), (v))
/* a broadcast the compiler cannot fold into the FMAs that use it (see above) */
static inline __m512 avx512_bcast(const float *p) {
  __m512 v = _mm512_set1_ps(*p);
  __asm__("" : "+v"(v));
  return v;
}
#define SC_BCAST(p) avx512_bcast(p)
#define SC_SET1(f) _mm512_set1_ps(f)
#define SC_FMA(a, b, c) _mm512_fmadd_ps((a), (b), (c))
#define SC_ADD(a, b) _mm512_add_ps((a), (b))
#define SC_MIN(a, b) _mm512_min_ps((a), (b))
#define SC_MAX(a, b) _mm512_max_ps((a), (b))
#define SC_KEEP(v) __asm__("" : "+v"(v))
/* Depthwise and GEMM output images larger than L2 are streamed (sc_job.stream): on mobilenet_dw_112
 * (1.6 MB of output) the stores' read-for-ownership was a third of the memory traffic of a layer
 * that does 9 FMAs per output vector; measured in one session: 96-98 -> 110-129 GFLOP/s. GEMM
 * (Cin_g FMAs per output vector): mobilenet_pw_112 (3.2 MB) +1.7 % (dispatch/api.c). */
#define SC_STORE_NT(p, v) _mm512_stream_ps((p), (v))
#define SC_STORE_FENCE() _mm_sfence()
/* lane i of the result: lane (i / c) * c + j of v: c = 2, 4 within 128-bit lanes (vpermilps,
 * in-lane), c = 8 across them (vpermps); constant j and c fold the index */
static inline __attribute__((always_inline)) __m512 avx512_lane_bcast(__m512 v, size_t j, size_t c) {
  const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i idx = _mm512_add_epi32(_mm512_and_si512(iota, _mm512_set1_epi32(~(int)(c - 1))), _mm512_set1_epi32((int)j));
  return c <= 4 ? _mm512_permutevar_ps(v, idx) : _mm512_permutexvar_ps(idx, v);
}
#define SC_LANE_BCAST(v, j, c) avx512_lane_bcast((v), (j), (c))
/* lane l of v in every lane (vpermps), the index vector stepping 0, 1, ... (sc_perm_chunk) */
#define SC_LANE_IDX __m512i
#define SC_LANE_IDX_FIRST() _mm512_setzero_si512()
#define SC_LANE_IDX_NEXT(i) _mm512_add_epi32((i), _mm512_set1_epi32(1))
#define SC_LANE_PERM(v, i) _mm512_permutexvar_ps((i), (v))
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
#define SC_GEMM_MR 12
#define SC_GEMM_NR 16
#define SC_GEMM_FN gemm_avx512_12x16
#define SC_GRP_MR 12
#define SC_GRP_NR 16
#define SC_GRP_FN grp_avx512_12x16
#include "conv_template.h"

#define SC_CONV_MR 12
#define SC_CONV_NR 32
#define SC_CONV_FN conv_avx512_12x32
#define SC_GEMM_MR 12
#define SC_GEMM_NR 32
#define SC_GEMM_FN gemm_avx512_12x32
#include "conv_template.h"

#define SC_CONV_MR 12
#define SC_CONV_NR 16
#define SC_CONV_PERM 6
#define SC_CONV_FN conv_avx512_12x16p
#define SC_GEMM_MR 12
#define SC_GEMM_NR 16
#define SC_GEMM_PERM 6
#define SC_GEMM_FN gemm_avx512_12x16p
#include "conv_template.h"

#define SC_CONV_MR 6
#define SC_CONV_NR 64
#define SC_CONV_FN conv_avx512_6x64
#define SC_DW_MR 10
#define SC_DW_NR 32
#define SC_DW_FN dw_avx512_10x32
#include "conv_template.h"

#define SC_GEMM_MR 4
#define SC_GEMM_NR 64
#define SC_GEMM_FN gemm_avx512_4x64
#include "conv_template.h"

#define SC_GEMM_MR 6
#define SC_GEMM_NR 64
#define SC_GEMM_FN gemm_avx512_6x64
#include "conv_template.h"

#define SC_GEMM_MR 5
#define SC_GEMM_NR 80
#define SC_GEMM_FN gemm_avx512_5x80
#include "conv_template.h"

/* Winograd (winograd_template.h): the element-wise stage on gemm_avx512_6x64. */
#define SC_WINO_SUFFIX avx512
#define SC_WINO_GEMM gemm_avx512_6x64
#define SC_WINO_GEMM_MR 6
#define SC_WINO_GEMM_NR 64
#define SC_WINO_GEMM_ROW "gemm_avx512_6x64"
#include "winograd_variants.h"

static const sc_kernel_row *const rows[] = {&conv_avx512_12x16_row, &conv_avx512_12x16p_row, &conv_avx512_12x32_row, &conv_avx512_6x64_row,
                                            &gemm_avx512_12x16_row, &gemm_avx512_12x16p_row, &gemm_avx512_12x32_row, &gemm_avx512_4x64_row,
                                            &gemm_avx512_6x64_row,  &gemm_avx512_5x80_row, &dw_avx512_10x32_row, &grp_avx512_12x16_row, SC_WINO_ROWS(avx512)};
SC_ISA_KERNELS(avx512, 0);
