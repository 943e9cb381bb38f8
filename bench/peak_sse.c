/* SSE peak (-msse4.1, no FMA) of separate mulps and addps, as the SSE kernel issues them:
 * 7 independent multiply chains and 7 independent add chains of 4 lanes per trip (no mul->add
 * dependency; 7 chains cover the 3-cycle latencies at 2 per cycle; 14 + 2 constants = the 16 xmm
 * registers, no spills). Zen 4 issues 2 multiplies + 2 adds per cycle. */
#include <smmintrin.h>

#include "peak.h"

#define ACC 14 /* 7 multiplies + 7 adds per trip */

static float kernel(size_t n, float a, float b) {
  const __m128 vm = _mm_set1_ps(a + b), vb = _mm_set1_ps(b); /* vm ~ 1: products stay normal */
  __m128 x0 = _mm_set1_ps(1.0f), x1 = _mm_set1_ps(1.1f), x2 = _mm_set1_ps(1.2f), x3 = _mm_set1_ps(1.3f);
  __m128 x4 = _mm_set1_ps(1.4f), x5 = _mm_set1_ps(1.5f), x6 = _mm_set1_ps(1.6f);
  __m128 y0 = _mm_set1_ps(0.0f), y1 = _mm_set1_ps(0.1f), y2 = _mm_set1_ps(0.2f), y3 = _mm_set1_ps(0.3f);
  __m128 y4 = _mm_set1_ps(0.4f), y5 = _mm_set1_ps(0.5f), y6 = _mm_set1_ps(0.6f);
  for (size_t i = 0; i < n; i++) {
    x0 = _mm_mul_ps(x0, vm); x1 = _mm_mul_ps(x1, vm); x2 = _mm_mul_ps(x2, vm); x3 = _mm_mul_ps(x3, vm);
    x4 = _mm_mul_ps(x4, vm); x5 = _mm_mul_ps(x5, vm); x6 = _mm_mul_ps(x6, vm);
    y0 = _mm_add_ps(y0, vb); y1 = _mm_add_ps(y1, vb); y2 = _mm_add_ps(y2, vb); y3 = _mm_add_ps(y3, vb);
    y4 = _mm_add_ps(y4, vb); y5 = _mm_add_ps(y5, vb); y6 = _mm_add_ps(y6, vb);
  }
  __m128 s = _mm_add_ps(_mm_add_ps(_mm_add_ps(x0, x1), _mm_add_ps(x2, x3)), _mm_add_ps(_mm_add_ps(x4, x5), x6));
  s = _mm_add_ps(s, _mm_add_ps(_mm_add_ps(_mm_add_ps(y0, y1), _mm_add_ps(y2, y3)), _mm_add_ps(_mm_add_ps(y4, y5), y6)));
  return _mm_cvtss_f32(s);
}

const peak_kernel peak_kernel_sse = {SIMDCONV_ISA_SSE, kernel, ACC * 4 * 1.0};
