/* AArch64 Advanced SIMD (NEON) kernels: conv_template.h with float32x4_t (4 lanes).
 *
 * Register plan (32 x 128-bit v registers):
 *
 * conv_neon_6x16: 6 pixels x 16 output channels (4 vectors).
 *   24 accumulators (6 x 4) + 4 weight vectors (one k step of the packed block) + 1 input
 *   broadcast = 29 live vectors, no spills. Per k step (gcc 12 -O3, objdump of the MRC == 6 loop):
 *   2 ldp q (4 weight vectors) + 6 input loads (5 `ldr s` register-offset + 1 `ld1r`) feeding
 *   24 fmla, + 5 loop instructions = 37 instructions: 3.0 FMAs per load instruction, 2.4 per
 *   loaded register. gcc turns SC_BCAST (vld1q_dup_f32) + vfmaq_f32 into a scalar load and the
 *   by-element form `fmla vA.4s, vW.4s, vX.s[0]` (no dup; ldr s takes [base, index, lsl #2]
 *   where ld1r takes only [base]); vdupq_n_f32(*p) compiles to the very same code.
 *   Why 6x16: 8x12 also has 24 accumulators but needs 8 broadcasts + 3 weight loads per 24 FMAs
 *   (39 instructions) and pads 32/64-channel layers to 36/72; 4x24 needs a 6-vector weight block
 *   and pads 32 to 48. NR = 16 is a whole number of blocks for the usual channel counts.
 *
 * dw_neon_4x16: 4 pixels x 16 channels in lanes.
 *   16 accumulators + 3 tap weights + 1 input vector. Generic tiles: per tap 2 ldp q (weights) +
 *   16 ldr q (inputs) for 16 fmla. 3-wide stride-1 rows use the template's sliding window: per
 *   kernel row and channel vector, 3 weight loads + 6 input loads for 12 fmla.
 *
 * Compile with -fno-schedule-insns (cmake/kernels.cmake): gcc's pre-register-allocation scheduler
 * hoists all 6 input loads (conv) / 16 input loads (dw) to the top of the loop, needs more than
 * 32 vector registers and spills accumulators to the stack inside the k loop; without it the
 * inner loops above have no stack access. Post-allocation scheduling (sched2) stays on.
 *
 * Partial loads/stores (channel tails, n = 1..3 lanes) go lane by lane (a 2-lane d access plus
 * one lane for n == 3) and never touch memory past the n valid floats. */
#include <arm_neon.h>
#include <stddef.h>

#if !defined(__aarch64__) || !defined(__ARM_NEON)
#  error "kernels/neon.c is for AArch64 Advanced SIMD"
#endif

static inline __attribute__((always_inline)) float32x4_t sc_neon_load_n(const float *p, size_t n) {
  float32x4_t v = vdupq_n_f32(0.0f);
  if (n >= 2) {
    v = vcombine_f32(vld1_f32(p), vdup_n_f32(0.0f));
    if (n >= 3) v = vld1q_lane_f32(p + 2, v, 2);
  } else {
    v = vld1q_lane_f32(p, v, 0);
  }
  return v;
}

static inline __attribute__((always_inline)) void sc_neon_store_n(float *p, float32x4_t v, size_t n) {
  if (n >= 2) {
    vst1_f32(p, vget_low_f32(v));
    if (n >= 3) vst1q_lane_f32(p + 2, v, 2);
  } else {
    vst1q_lane_f32(p, v, 0);
  }
}

#define SC_ISA NEON
#define SC_VEC float32x4_t
#define SC_LANES 4
#define SC_LOAD(p) vld1q_f32(p)
#define SC_STORE(p, v) vst1q_f32((p), (v))
#define SC_LOAD_N(p, n) sc_neon_load_n((p), (n))
#define SC_STORE_N(p, v, n) sc_neon_store_n((p), (v), (n))
#define SC_BCAST(p) vld1q_dup_f32(p)
#define SC_SET1(f) vdupq_n_f32(f)
#define SC_FMA(a, b, c) vfmaq_f32((c), (a), (b))
#define SC_ADD(a, b) vaddq_f32((a), (b))
#define SC_MIN(a, b) vminq_f32((a), (b))
#define SC_MAX(a, b) vmaxq_f32((a), (b))
#define SC_KEEP(v) __asm__("" : "+w"(v))
#define SC_CONV_MR 6
#define SC_CONV_NR 16
#define SC_CONV_FN conv_neon_6x16
#define SC_DW_MR 4
#define SC_DW_NR 16
#define SC_DW_FN dw_neon_4x16
#define SC_GEMM_MR 6
#define SC_GEMM_NR 16
#define SC_GEMM_FN gemm_neon_6x16
#include "conv_template.h"

/* Winograd (winograd_template.h): the element-wise stage on gemm_neon_6x16. */
#define SC_WINO_SUFFIX neon
#define SC_WINO_GEMM gemm_neon_6x16
#define SC_WINO_GEMM_MR 6
#define SC_WINO_GEMM_NR 16
#define SC_WINO_GEMM_ROW "gemm_neon_6x16"
#include "winograd_variants.h"


static const sc_kernel_row *const rows[] = {&conv_neon_6x16_row, &gemm_neon_6x16_row, &dw_neon_4x16_row, SC_WINO_ROWS(neon)};
SC_ISA_KERNELS(neon, 0);
