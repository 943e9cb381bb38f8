/* SSE kernels (SSE2..SSE4.1, 4 lanes, 16 xmm registers, no FMA: multiply then add).
 *
 * conv_sse_6x8: 6 pixels x 8 output channels = 12 accumulators + 2 weight vectors + the
 * broadcast input + the product temporary = 16 xmm.
 * dw_sse_3x16: 3 pixels x 16 channels = 12 accumulators + 3 tap weights (one channel vector
 * at a time in the sliding window) + input. */
#include <smmintrin.h>
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

#define SC_VEC __m128
#define SC_LANES 4
#define SC_LOAD(p) _mm_loadu_ps(p)
#define SC_STORE(p, v) _mm_storeu_ps((p), (v))
#define SC_LOAD_N(p, n) sse_load_n((p), (n))
#define SC_STORE_N(p, v, n) sse_store_n((p), (v), (n))
#define SC_BCAST(p) _mm_load1_ps(p)
#define SC_SET1(f) _mm_set1_ps(f)
#define SC_FMA(a, b, c) _mm_add_ps((c), _mm_mul_ps((a), (b)))
#define SC_MIN(a, b) _mm_min_ps((a), (b))
#define SC_MAX(a, b) _mm_max_ps((a), (b))
#define SC_KEEP(v) __asm__("" : "+x"(v))
#define SC_CONV_MR 6
#define SC_CONV_NR 8
#define SC_CONV_FN conv_sse_6x8
#define SC_DW_MR 3
#define SC_DW_NR 16
#define SC_DW_FN dw_sse_3x16
#include "conv_template.h"

const sc_kernels sc_kernels_sse = {SIMDCONV_ISA_SSE, {{SC_CONV_MR, SC_CONV_NR, conv_sse_6x8}}, SC_DW_MR, SC_DW_NR, dw_sse_3x16};
