/* Scalar peak of separate multiplies and adds (what the scalar kernel issues: one mulss and one
 * addss per MAC, never an FMA): 7 independent multiply chains and 7 independent add chains per
 * trip (no mul->add dependency; 7 chains cover the 3-cycle latencies; no spills); Zen 4 issues 2
 * multiplies + 2 adds per cycle. Compiled with -fno-tree-vectorize -ffp-contract=off. */
#include "peak.h"

#define ACC 14 /* 7 multiplies + 7 adds per trip */

static float kernel(size_t n, float a, float b) {
  const float m = a + b; /* ~1: the products stay normal-range however long it runs */
  float x0 = 1.0f, x1 = 1.1f, x2 = 1.2f, x3 = 1.3f, x4 = 1.4f, x5 = 1.5f, x6 = 1.6f;
  float y0 = 0.0f, y1 = 0.1f, y2 = 0.2f, y3 = 0.3f, y4 = 0.4f, y5 = 0.5f, y6 = 0.6f;
  for (size_t i = 0; i < n; i++) {
    x0 *= m; x1 *= m; x2 *= m; x3 *= m; x4 *= m; x5 *= m; x6 *= m;
    y0 += b; y1 += b; y2 += b; y3 += b; y4 += b; y5 += b; y6 += b;
  }
  return x0 + x1 + x2 + x3 + x4 + x5 + x6 + y0 + y1 + y2 + y3 + y4 + y5 + y6;
}

const peak_kernel peak_kernel_scalar = {SIMDCONV_ISA_SCALAR, kernel, ACC * 1 * 1.0};
