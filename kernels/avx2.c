/* AVX2 + FMA kernels (8 lanes, 16 ymm registers).
 *
 * conv_avx2_3x32: 3 pixels x 32 output channels = 12 ymm accumulators + 3 weight vectors in
 * registers (gcc folds the 4th weight load into the FMAs, once per pixel) + 1 broadcast = 16 ymm;
 * per input channel 3 loads + 3 broadcasts + 3 folded loads feed 12 FMAs (Zen 4 issues 2 ymm
 * FMAs per cycle). Measured against 6x16 (2 loads + 6 broadcasts) in one session: faster on all
 * 10 real layers, e.g. resnet_2_1x1 100 -> 113, vgg_3_3x3 108 -> 114 GFLOP/s.
 * gemm_avx2_3x32 (1x1 layers without padding): the 3x32 plan in the GEMM loop order
 * (conv_template.h). tb, GFLOP/s, conv 3x32 -> GEMM: mobilenet_pw_112 106.3 -> 113.6,
 * resnet_2_1x1 109.2 -> 114.6, resnet_4_1x1_s2 111.5 -> 113.5, mobilenet_pw_14 113.8 -> 115.1;
 * GEMM 6x16 and 4x24 were slower on mobilenet_pw_112 (97-109, 98).
 * conv_avx2_6x16 / gemm_avx2_6x16 (12 accumulators): groups of <= 16 output channels, 16-channel
 * multiples that 32 would pad, and deep 1x1 reductions (dispatch/select.c has the measurements).
 * conv_avx2_12x8: 12 pixels x 8 channels = 12 accumulators + 1 weight vector + broadcast, for
 * groups of <= 8 output channels (grouped layers, 7-8 channel outputs), where 6x16 left half its
 * lanes empty. Zen 3 (AMD EPYC family 25 model 1), one process, GFLOP/s 12x8 vs 6x16: ResNeXt
 * 56x56x128 g32 (4 per group) 15.6 vs 12.7, 56x56x256 g32 (8) 45.6 vs 32.2, 28x28x256 g32 s2
 * 46.0 vs 33.6, odd_tail (Cout 7) 41.1 vs 30.9, 224x224x3 -> 8 s2 49.6 vs 37.7; 16 per group
 * stays with 6x16 (96.6 vs 62.7).
 * grp_avx2_8x8 (conv_template.h SC_GRP): groups of 2 or 4 channels, 4 or 2 groups a vector, each
 * pixel's input vector permuted in-lane C times (one FMA each, every lane useful): AMD EPYC Zen 5
 * (family 26 model 2), one process, GFLOP/s against conv_avx2_12x8: 56x56x128 g32 (4 a group) 62
 * vs 29, 28x28x256 g64 (4) 54 vs 29, 28x28x64 g32 (2) 57 vs 12.
 * conv_avx2_4x24 / gemm_avx2_4x24: 4 pixels x 24 channels = 12 accumulators + 3 weight vectors +
 * broadcast, for channel counts that are multiples of 24 but not of 32 (24, 72, 120, 144, 240: the
 * rule in dispatch/select.c takes the tiles with the fewest padded lanes). Zen 3, one process,
 * GFLOP/s against the best other tile: 1x1 144 -> 24 88 vs 69 (3x32), 3x3 -> 24 103 vs 77 (6x16),
 * 3x3 -> 72 107 vs 96, 1x1 -> 120 93 vs 88, 1x1 -> 240 88 vs 85; ties at 48 and 96.
 * dw_avx2_3x32: 3 pixels x 32 channels = 12 accumulators + 3 tap weights (one channel vector
 * at a time in the sliding window) + input (4x16: 44 GFLOP/s, 3x32: 57 on mobilenet_dw_112).
 * dw_avx2_6x16: 6 pixels x 16 channels, the same 12 accumulators + 3 + 1: per kernel row and
 * channel vector 8 input loads for 18 FMAs at stride 1 (3x32: 5 for 9), 13 for 18 at stride 2
 * (3x32: 7 for 9); for 5x5 and strided layers whose channel counts 32 would pad (dispatch/select.c
 * has the measurements). */
#define SC_ISA AVX2
#include "avx2.h"

/* groups of <= 8 output channels (grouped convolutions): 12 pixels x 8 = 12 accumulators + 1 weight
 * vector + broadcast */
#define SC_CONV_MR 12
#define SC_CONV_NR 8
#define SC_CONV_FN conv_avx2_12x8
#include "conv_template.h"

/* grouped layers of 2 or 4 channels a group (conv_template.h SC_GRP): 8 pixels x 8 channels (2-4
 * groups) = 8 accumulators + C <= 4 weight vectors + input + permute + C permute indices; 3x3 rows
 * slide whole-row windows (8 accumulators + input + permute, the weights FMA memory operands) */
#define SC_GRP_MR 8
#define SC_GRP_NR 8
#define SC_GRP_FN grp_avx2_8x8
#include "conv_template.h"

/* few output channels (<= 16, or 16-channel multiples that 32 would pad): 6 pixels x 16 = 12
 * accumulators + 2 weights + broadcast; the same tile in the GEMM loop order for 1x1 layers */
#define SC_CONV_MR 6
#define SC_CONV_NR 16
#define SC_CONV_FN conv_avx2_6x16
#define SC_DW_MR 6
#define SC_DW_NR 16
#define SC_DW_FN dw_avx2_6x16
#define SC_GEMM_MR 6
#define SC_GEMM_NR 16
#define SC_GEMM_FN gemm_avx2_6x16
#include "conv_template.h"

#define SC_CONV_MR 4
#define SC_CONV_NR 24
#define SC_CONV_FN conv_avx2_4x24
#define SC_GEMM_MR 4
#define SC_GEMM_NR 24
#define SC_GEMM_FN gemm_avx2_4x24
#include "conv_template.h"

#define SC_CONV_MR 3
#define SC_CONV_NR 32
#define SC_CONV_FN conv_avx2_3x32
#define SC_DW_MR 3
#define SC_DW_NR 32
#define SC_DW_FN dw_avx2_3x32
#define SC_GEMM_MR 3
#define SC_GEMM_NR 32
#define SC_GEMM_FN gemm_avx2_3x32
#include "conv_template.h"

/* layers of at most 4 output channels (conv_template.h SC_DOT): 3 pixels x 4 channels, 8 input
 * channels in the lanes of each = 12 accumulators + 3 input vectors + 1 weight vector; per 8 input
 * channels 3 + 4 loads feed 12 FMAs, every lane useful (an 8-lane tile computes 8 channels) */
#define SC_DOT_MR 3
#define SC_DOT_NR 4
#define SC_DOT_FN dot_avx2_3x4
#include "conv_template.h"

/* Winograd (winograd_template.h): the element-wise stage on gemm_avx2_6x16. */
#define SC_WINO_SUFFIX avx2
#define SC_WINO_GEMM gemm_avx2_6x16
#define SC_WINO_GEMM_MR 6
#define SC_WINO_GEMM_NR 16
#define SC_WINO_GEMM_ROW "gemm_avx2_6x16"
#include "winograd_variants.h"

static const sc_kernel_row *const rows[] = {&conv_avx2_12x8_row, &conv_avx2_6x16_row, &conv_avx2_4x24_row, &gemm_avx2_4x24_row, &conv_avx2_3x32_row, &gemm_avx2_6x16_row,
                                            &gemm_avx2_3x32_row, &dw_avx2_3x32_row, &dw_avx2_6x16_row, &grp_avx2_8x8_row, &dot_avx2_3x4_row, SC_WINO_ROWS(avx2)};
SC_ISA_KERNELS(avx2, 0);
