/* Scalar kernels: the blocked design with one float per "vector".
 *
 * conv_scalar_4x2: 4 pixels x 2 output channels = 8 accumulators + 2 weights + the input value
 * + a product temporary = 12 of the 16 xmm registers gcc uses for scalar float on x86-64
 * (3x4 spilled two accumulators and ran at 60 % of the 4x2 speed). Compiled with
 * -fno-tree-vectorize so it stays scalar.
 * gemm_scalar_4x2: the same plan in the GEMM loop order for 1x1 layers without padding
 * (conv_template.h): tb, GFLOP/s, mobilenet_pw_112 10.4 -> 12.0, resnet_2_1x1 11.3 -> 12.6.
 * dw_scalar_4x4: 4 pixels x 4 channels. */
#include <string.h>

#define SC_ISA SCALAR
#define SC_VEC float
#define SC_LANES 1
#define SC_LOAD(p) (*(p))
#define SC_STORE(p, v) (*(p) = (v))
#define SC_LOAD_N(p, n) (*(p))
#define SC_STORE_N(p, v, n) (*(p) = (v))
#define SC_BCAST(p) (*(p))
#define SC_SET1(f) (f)
/* Where the target fuses multiply-adds (AArch64), every one is fused explicitly: left to
 * -ffp-contract, gcc fused some of the unrolled depthwise window's and not others, and the kernels
 * of one ISA must agree bit for bit (test_options' families, test_run_ex's fused residual). */
#if defined(__FP_FAST_FMAF)
#  define SC_FMA(a, b, c) __builtin_fmaf((a), (b), (c))
#else
#  define SC_FMA(a, b, c) ((c) + (a) * (b))
#endif
#define SC_ADD(a, b) ((a) + (b))
#define SC_MIN(a, b) ((a) < (b) ? (a) : (b)) /* b when either is NaN, as x86 minss */
#define SC_MAX(a, b) ((a) > (b) ? (a) : (b)) /* b when either is NaN, as x86 maxss */
#define SC_CONV_MR 4
#define SC_CONV_NR 2
#define SC_CONV_FN conv_scalar_4x2
#define SC_DW_MR 4
#define SC_DW_NR 4
#define SC_DW_FN dw_scalar_4x4
#define SC_GEMM_MR 4
#define SC_GEMM_NR 2
#define SC_GEMM_FN gemm_scalar_4x2
#include "conv_template.h"

/* Winograd (winograd_template.h): the element-wise stage on gemm_scalar_4x2. */
#define SC_WINO_SUFFIX scalar
#define SC_WINO_GEMM gemm_scalar_4x2
#define SC_WINO_GEMM_MR 4
#define SC_WINO_GEMM_NR 2
#define SC_WINO_GEMM_ROW "gemm_scalar_4x2"
#include "winograd_variants.h"

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#  define SC_SCALAR_LEGACY_SSE 1 /* scalar float code is legacy-SSE encoded on x86 (movss, mulss) */
/* The assembler takes vzeroupper without -mavx; only called when the CPU has AVX. Not inlined:
 * no ymm value is live across a call. */
__attribute__((noinline)) void sc_clear_upper(void) { __asm__ volatile("vzeroupper"); }
#else
#  define SC_SCALAR_LEGACY_SSE 0
#endif

static const sc_kernel_row *const rows[] = {&conv_scalar_4x2_row, &gemm_scalar_4x2_row, &dw_scalar_4x4_row, SC_WINO_ROWS(scalar)};
SC_ISA_KERNELS(scalar, SC_SCALAR_LEGACY_SSE);
