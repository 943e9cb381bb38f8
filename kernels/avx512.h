/* AVX-512F vector operations for conv_template.h, shared by the AVX-512 kernel files (kernels/avx512.c,
 * kernels/avx512_dw.c), each compiled with -mavx512f -mfma only (cmake/kernels.cmake).
 *
 * Broadcasts. Every kernel broadcasts an input value into a register once (vbroadcastss) and
 * feeds it to 2-4 register FMAs. Zen 5 (2 full-width 512-bit FMA pipes, 64 FLOP/cycle) runs
 * FMAs with an embedded-broadcast memory operand ({1to16}) at only ~80 % of its peak; measured
 * in one session (micro-benchmark, GFLOP/s, peak 219): 5x64 tile embedded 167 / separate 214,
 * 12x32 174 / 211, 8x32 174 / 216. In the library: resnet_3_3x3 148 -> 205-212, mobilenet_pw_112
 * 147 -> 196-209. (Zen 4, double-pumped, preferred the embedded form by ~1 % on convolutions.)
 * SC_BCAST keeps the broadcast in a register (an empty asm), or gcc folds it back into the FMA.
 * SC_BCAST_FOLD lets gcc fold it: the one-vector tiles' "e" rows (one FMA per broadcast), which
 * Zen 4 runs 1.2-1.5x faster than register broadcasts (kernels/avx512.c). */
#ifndef SIMDCONV_KERNELS_AVX512_H
#define SIMDCONV_KERNELS_AVX512_H
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
#define SC_BCAST_FOLD(p) _mm512_set1_ps(*(p))
#define SC_SET1(f) _mm512_set1_ps(f)
#define SC_FMA(a, b, c) _mm512_fmadd_ps((a), (b), (c))
#define SC_ADD(a, b) _mm512_add_ps((a), (b))
#define SC_MIN(a, b) _mm512_min_ps((a), (b))
#define SC_MAX(a, b) _mm512_max_ps((a), (b))
#define SC_KEEP(v) __asm__("" : "+v"(v))
/* lanes 0-3: the lane sums of a, b, c, d (a's 16 lanes in the tree (l + l^8), then pairs, then
 * quads); lanes 4-15: 0 (AVX-512F only: the halves by a 64-bit extract) */
static inline __m512 avx512_hsum4(__m512 a, __m512 b, __m512 c, __m512 d) {
#define AVX512_HALVES(v) _mm256_add_ps(_mm512_castps512_ps256(v), _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)))
  const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(AVX512_HALVES(a), AVX512_HALVES(b)),
                                  _mm256_hadd_ps(AVX512_HALVES(c), AVX512_HALVES(d)));
#undef AVX512_HALVES
  return _mm512_zextps128_ps512(_mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1)));
}
#define SC_HSUM4(a, b, c, d) avx512_hsum4((a), (b), (c), (d))
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

/* The rows of kernels/avx512_dw.c, which kernels/avx512.c lists (kernel.h SC_ROW_EXTERN_REF) */
#define SC_AVX512_DW_ROWS(X) X(dw_avx512_10x32) X(dw_avx512_12x16)
/* The rows of kernels/avx512_ymm.c (8-lane tiles), which kernels/avx512.c lists */
#define SC_AVX512_YMM_ROWS(X) X(conv_avx512_4x24y) X(conv_avx512_6x16y) X(gemm_avx512_4x24y) X(gemm_avx512_6x16y)

#endif
