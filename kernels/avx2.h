/* AVX2 + FMA vector operations (8 lanes) for conv_template.h, shared by kernels/avx2.c (the AVX2 ISA)
 * and kernels/avx512_ymm.c (the AVX-512 ISA's 8-lane tiles, compiled with the AVX-512 flags). The
 * including file defines SC_ISA, the ISA its rows belong to. Header of a kernel file only: its
 * instructions need the flags of the file that includes it. */
#ifndef SIMDCONV_KERNELS_AVX2_H
#define SIMDCONV_KERNELS_AVX2_H
#include <immintrin.h>

/* lane i of the mask is set for i < n (maskload/maskstore touch only those lanes) */
static inline __m256i avx2_mask(size_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

#define SC_VEC __m256
#define SC_LANES 8
#define SC_LOAD(p) _mm256_loadu_ps(p)
#define SC_STORE(p, v) _mm256_storeu_ps((p), (v))
#define SC_LOAD_N(p, n) _mm256_maskload_ps((p), avx2_mask(n))
#define SC_STORE_N(p, v, n) _mm256_maskstore_ps((p), avx2_mask(n), (v))
#define SC_BCAST(p) _mm256_broadcast_ss(p)
#define SC_SET1(f) _mm256_set1_ps(f)
#define SC_FMA(a, b, c) _mm256_fmadd_ps((a), (b), (c))
#define SC_ADD(a, b) _mm256_add_ps((a), (b))
#define SC_MIN(a, b) _mm256_min_ps((a), (b))
#define SC_MAX(a, b) _mm256_max_ps((a), (b))
#define SC_KEEP(v) __asm__("" : "+x"(v))
/* lanes 0-3: the lane sums of a, b, c, d (pairs, quads, then the two 128-bit halves); lanes 4-7: 0 */
static inline __m256 avx2_hsum4(__m256 a, __m256 b, __m256 c, __m256 d) {
  const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(a, b), _mm256_hadd_ps(c, d));
  return _mm256_insertf128_ps(_mm256_setzero_ps(), _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1)), 0);
}
#define SC_HSUM4(a, b, c, d) avx2_hsum4((a), (b), (c), (d))
/* streamed stores for large depthwise and GEMM outputs (sc_job.stream; see kernels/avx512.c):
 * AVX2 mobilenet_dw_112 +5 % against ordinary stores, in one process (53.2 -> 55.7 GFLOP/s);
 * the 1x1 layers within +-1 %. */
#define SC_STORE_NT(p, v) _mm256_stream_ps((p), (v))
#define SC_STORE_FENCE() _mm_sfence()
/* lane i of the result: lane (i / c) * c + j of v, for c = 2 or 4 (groups within a 128-bit lane:
 * vpermilps, one in-lane permute; constant j and c fold the index) */
static inline __attribute__((always_inline)) __m256 avx2_lane_bcast(__m256 v, size_t j, size_t c) {
  const __m256i idx = _mm256_add_epi32(_mm256_and_si256(_mm256_setr_epi32(0, 1, 2, 3, 0, 1, 2, 3), _mm256_set1_epi32(~(int)(c - 1))),
                                       _mm256_set1_epi32((int)j));
  return _mm256_permutevar_ps(v, idx);
}
#define SC_LANE_BCAST(v, j, c) avx2_lane_bcast((v), (j), (c))

#endif
