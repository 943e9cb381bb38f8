/* The unfused residual's second pass: y = relu(y + r) over a dense tensor, what a runtime does
 * after a convolution that cannot take the residual. Its own file so that CMake compiles it with
 * -O3 -march=native (bench/CMakeLists.txt; the bench only, never the library): the best this
 * compiler makes of the loop on this CPU, so the fused case is compared against a fast pass,
 * not a scalar one.
 *
 * The same rounding and special values as the kernels' fused epilogue (kernels/conv_template.h):
 * one float add, then relu as max(0, s) with s the operand returned when either is NaN or both
 * are zero (x86 maxps order): s < 0 ? 0 : s keeps NaN and -0.0, so the two paths agree bit for bit. */
#include "residual.h"

void bench_add_relu(float *restrict y, const float *restrict r, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const float s = y[i] + r[i];
    y[i] = s < 0.0f ? 0.0f : s;
  }
}
