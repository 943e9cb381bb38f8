/* SSE peak (-msse4.1, no FMA): 14 independent mulps+addps chains of 4 lanes. */
#include <smmintrin.h>

#include "peak.h"

#define ACC 14

static float kernel(size_t n, float a, float b) {
  const __m128 va = _mm_set1_ps(a), vb = _mm_set1_ps(b);
  __m128 c[ACC];
  for (int j = 0; j < ACC; j++) c[j] = _mm_set1_ps(0.1f * (float)j);
  __m128 c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6];
  __m128 c7 = c[7], c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11], c12 = c[12], c13 = c[13];
#define STEP(x) x = _mm_add_ps(_mm_mul_ps(x, va), vb)
  for (size_t i = 0; i < n; i++) {
    STEP(c0); STEP(c1); STEP(c2); STEP(c3); STEP(c4); STEP(c5); STEP(c6);
    STEP(c7); STEP(c8); STEP(c9); STEP(c10); STEP(c11); STEP(c12); STEP(c13);
  }
#undef STEP
  __m128 s = _mm_add_ps(_mm_add_ps(_mm_add_ps(c0, c1), _mm_add_ps(c2, c3)), _mm_add_ps(_mm_add_ps(c4, c5), c6));
  s = _mm_add_ps(s, _mm_add_ps(_mm_add_ps(_mm_add_ps(c7, c8), _mm_add_ps(c9, c10)),
                               _mm_add_ps(_mm_add_ps(c11, c12), c13)));
  return _mm_cvtss_f32(s);
}

const peak_kernel peak_kernel_sse = {SIMDCONV_ISA_SSE, kernel, ACC * 4 * 2.0};
