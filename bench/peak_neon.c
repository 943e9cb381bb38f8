/* NEON peak (AArch64 Advanced SIMD, baseline flags): 16 independent vfmaq_f32 chains (covers
 * up to 4 FMA pipes x 4 cycles of latency). */
#include <arm_neon.h>

#include "peak.h"

#define ACC 16

static float kernel(size_t n, float a, float b) {
  const float32x4_t va = vdupq_n_f32(a), vb = vdupq_n_f32(b);
  float32x4_t c0 = vdupq_n_f32(0.0f), c1 = vdupq_n_f32(0.1f), c2 = vdupq_n_f32(0.2f), c3 = vdupq_n_f32(0.3f);
  float32x4_t c4 = vdupq_n_f32(0.4f), c5 = vdupq_n_f32(0.5f), c6 = vdupq_n_f32(0.6f), c7 = vdupq_n_f32(0.7f);
  float32x4_t c8 = vdupq_n_f32(0.8f), c9 = vdupq_n_f32(0.9f), c10 = vdupq_n_f32(1.0f), c11 = vdupq_n_f32(1.1f);
  float32x4_t c12 = vdupq_n_f32(1.2f), c13 = vdupq_n_f32(1.3f), c14 = vdupq_n_f32(1.4f), c15 = vdupq_n_f32(1.5f);
  /* vfmaq_f32(acc, x, y) = acc + x * y: here acc = b + c * a. */
#define STEP(x) x = vfmaq_f32(vb, x, va)
  for (size_t i = 0; i < n; i++) {
    STEP(c0); STEP(c1); STEP(c2); STEP(c3); STEP(c4); STEP(c5); STEP(c6); STEP(c7);
    STEP(c8); STEP(c9); STEP(c10); STEP(c11); STEP(c12); STEP(c13); STEP(c14); STEP(c15);
  }
#undef STEP
  float32x4_t s = vaddq_f32(vaddq_f32(vaddq_f32(c0, c1), vaddq_f32(c2, c3)), vaddq_f32(vaddq_f32(c4, c5), vaddq_f32(c6, c7)));
  s = vaddq_f32(s, vaddq_f32(vaddq_f32(vaddq_f32(c8, c9), vaddq_f32(c10, c11)),
                             vaddq_f32(vaddq_f32(c12, c13), vaddq_f32(c14, c15))));
  return vaddvq_f32(s);
}

const peak_kernel peak_kernel_neon = {SIMDCONV_ISA_NEON, kernel, ACC * 4 * 2.0};
