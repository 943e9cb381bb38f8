/* Scalar peak: 14 independent mul+add chains (compiled with -fno-tree-vectorize
 * -ffp-contract=off: one multiply and one add instruction per step, never an FMA). */
#include "peak.h"

#define ACC 14

static float kernel(size_t n, float a, float b) {
  float c0 = 0.f, c1 = 0.1f, c2 = 0.2f, c3 = 0.3f, c4 = 0.4f, c5 = 0.5f, c6 = 0.6f;
  float c7 = 0.7f, c8 = 0.8f, c9 = 0.9f, c10 = 1.0f, c11 = 1.1f, c12 = 1.2f, c13 = 1.3f;
  for (size_t i = 0; i < n; i++) {
    c0 = c0 * a + b; c1 = c1 * a + b; c2 = c2 * a + b; c3 = c3 * a + b; c4 = c4 * a + b;
    c5 = c5 * a + b; c6 = c6 * a + b; c7 = c7 * a + b; c8 = c8 * a + b; c9 = c9 * a + b;
    c10 = c10 * a + b; c11 = c11 * a + b; c12 = c12 * a + b; c13 = c13 * a + b;
  }
  return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + c12 + c13;
}

const peak_kernel peak_kernel_scalar = {SIMDCONV_ISA_SCALAR, kernel, ACC * 1 * 2.0};
