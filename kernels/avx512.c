/* AVX-512F kernels (16 lanes, 32 zmm registers, mask registers for channel tails): the ISA's
 * operations are kernels/avx512.h; the depthwise rows are compiled apart, in kernels/avx512_dw.c, and
 * listed here (SC_AVX512_DW_ROWS), and so are the 8-lane tiles of kernels/avx512_ymm.c (SC_AVX512_YMM_ROWS).
 *
 * conv_avx512_6x64: 6 pixels x 64 output channels = 24 zmm accumulators + 4 weight vectors +
 * 1 broadcast = 29 zmm; per input channel 4 loads + 6 broadcasts feed 24 FMAs.
 * conv_avx512_12x32: 12 pixels x 32 channels = 24 accumulators + 2 weight vectors + 1 broadcast;
 * per input channel 2 loads + 12 broadcasts feed 24 FMAs. Used for groups of <= 32 output
 * channels, and for wide layers whose 64-channel block (taps x Cin x 64 floats) would pass
 * half of L2 (dispatch/select.c; it is read once per tile): measured in one session (GFLOP/s, 6x64 ->
 * 12x32): resnet_5_3x3 (1.2 MB block) 190 -> 219, vgg_3_3x3 (590 KB) 201 -> 206, resnet_4_3x3
 * equal; below the limit 6x64 wins: resnet_conv1 201 -> 208, resnet_2_3x3 209 -> 211 (12x32 -> 6x64).
 * conv_avx512_12x16 (12 accumulators) for groups of <= 16 output channels.
 * grp_avx512_12x16 (conv_template.h SC_GRP): groups of C = 2, 4 or 8 channels, 16 / C groups a
 * vector: 12 accumulators + C weight vectors + input + permute + C permute indices (<= 30 zmm);
 * per tap and pixel 1 load, C permutes (vpermilps in-lane for C <= 4, vpermps for 8) and C FMAs.
 * AMD EPYC Zen 5 (family 26 model 2), one process, GFLOP/s against conv_avx512_12x16: 56x56x128
 * g32 (4 a group) 112-124 vs 27, 28x28x256 g32 (8) 130 vs 72, 28x28x64 g32 (2) 116 vs 12. On 3x3
 * rows it slides whole-row windows (conv_template.h: 12 accumulators + input + permute, the
 * weights FMA memory operands; per span column 1 load and C permutes for up to 3 x C FMAs).
 * gemm_avx512_4x64 (1x1 layers without padding, see conv_template.h): 4 pixels x 64 channels =
 * 16 accumulators + 4 weight vectors + 1 broadcast; per input channel 4 loads + 4 broadcasts feed
 * 16 FMAs, and one tile of pixels walks every output-channel block of its job. gemm_avx512_6x64
 * (the 6x64 plan above) for deep reductions, whose 64-channel block (Cin x 64 floats) is larger
 * than a job's L1 budget and streams from L2 for every tile: 6x64 reads 10.7 bytes of weights
 * per FMA, 4x64 16. Zen 5 loads at most two vectors per cycle (a broadcast counts as one), one
 * per FMA at peak: 4x64 needs 0.5 per FMA, 6x64 0.42, 8x32 0.63. Measured in one session
 * against the earlier 7x16 (embedded broadcasts), GFLOP/s: mobilenet_pw_112 147 -> 196,
 * mobilenet_pw_14 163 -> 203 (8x32). Then against oneDNN in one process, interleaved (ratio to
 * oneDNN, 4x64 / 6x64 / 8x32 / 12x32): resnet_2_1x1 (Cin 64) 1.019 / 0.999 / 0.978 / 0.960,
 * mobilenet_pw_112 (32) 1.003 / 0.986 / 0.988 / 0.962, mobilenet_pw_14 (512) 0.975 / 0.988 /
 * 0.988 / 0.997, resnet_4_1x1_s2 (512) 1.041 / 1.073 / 1.064 / 1.067. Plain zmm stores: storing
 * each accumulator as two 256-bit halves (+2 % on Zen 4) cost 1-2 % here.
 * gemm_avx512_12x16p, conv_avx512_12x16p: the 12x16 tiles (Cout_g <= 16: one broadcast per FMA,
 * 13 loads per 12 FMAs, the load ports' limit) with rows 6-11 broadcast by vpermps from one vector
 * load per 16 input channels: 12 accumulators + 6 input vectors + weights + index + 2 broadcasts
 * (22 zmm); per input channel 7.4 loads, 6 permutes, 12 FMAs. Zen 5, forced, one process, GFLOP/s
 * against 12x16: GEMM 56x56x32 -> 16 190 vs 168, 112x112x32 -> 16 173 vs 152, 56x56x64 -> 16 190
 * vs 177 (6 of 12 rows permuted; 4: 183 / 172 / 194, 8: 180 / 165 / 182); conv 3x3 with 16
 * channels a group: 14x14x512 g32 197 vs 185, 56x56x128 g8 190 vs 168.
 * gemm_avx512_12x16e, conv_avx512_12x16e: the 12x16 tiles with embedded broadcasts (SC_BCAST_FOLD:
 * vfmadd231ps m32{1to16}, the broadcast is the FMA's own load): 12 accumulators + 1 weight vector;
 * per input channel 1 load and 12 FMAs with memory operands. Zen 4 (AMD EPYC family 25 model 17,
 * 512-bit operations double-pumped), --kernel-pairs, one process, 12x16e / 12x16: 1.22-1.48x on
 * 16 one-vector layers (GEMM 112x112x32 -> 16 1.30x, 14x14x512 g32 3x3 1.32x, 56x56x128 g8 1.48x);
 * DEFAULT takes them on the classes measured to gain (dispatch/select.c, sc_classify).
 * conv_avx512_12x16s: the 12x16 convolution tile for first layers (conv_template.h SC_CONV_SLIDE):
 * a full tile of evenly spaced pixels keeps its kernel row's fused run of KL = kw x Cin weight
 * vectors in registers and broadcasts each float of the row's span once: 12 accumulators + KL (<= 15)
 * weights + 1 broadcast (<= 28 zmm); RGB 3x3 stride 1: 42 broadcasts + 9 weight loads feed 108
 * FMAs a kernel row (stride 2: 75). Zen 5 (family 26 model 2), --kernel-pairs, GFLOP/s against
 * 12x16p / 12x16e: 416x416x3 -> 16 184 vs 119 / 127, 224x224x3 -> 16 stride 2 163 vs 124 / 127.
 * gemm_avx512_5x80: 5 pixels x 80 channels = 25 accumulators + 5 weight vectors + 1 broadcast =
 * 31 zmm; per input channel 5 loads + 5 broadcasts feed 25 FMAs (0.4 loads per FMA), for 1x1
 * layers whose weight block streams from L2 (dispatch/select.c): Cout 80 in one pass where 6x64
 * takes 64 + 16. Zen 5, forced, GFLOP/s: 14x14x480 -> 80 222 vs 202 (6x64).
 * dot_avx512_6x4 (conv_template.h SC_DOT): 6 pixels x 4 output channels, 16 input channels in the
 * lanes of each accumulator = 24 accumulators + 6 input vectors + 1 weight vector = 31 zmm; per 16
 * input channels 6 + 4 loads feed 24 FMAs, all lanes useful, lanes summed once per tile: for
 * layers of at most 4 output channels (a 16-lane tile computes 16). */
#include "avx512.h"

/* Three tiles, by output channels per group: <= 16, <= 32, more. */
#define SC_CONV_MR 12
#define SC_CONV_NR 16
#define SC_CONV_FN conv_avx512_12x16
#define SC_GEMM_MR 12
#define SC_GEMM_NR 16
#define SC_GEMM_FN gemm_avx512_12x16
#define SC_GRP_MR 12
#define SC_GRP_NR 16
#define SC_GRP_FN grp_avx512_12x16
#include "conv_template.h"

#define SC_CONV_MR 12
#define SC_CONV_NR 32
#define SC_CONV_FN conv_avx512_12x32
#define SC_GEMM_MR 12
#define SC_GEMM_NR 32
#define SC_GEMM_FN gemm_avx512_12x32
#include "conv_template.h"

#define SC_CONV_MR 12
#define SC_CONV_NR 16
#define SC_CONV_PERM 6
#define SC_CONV_FN conv_avx512_12x16p
#define SC_GEMM_MR 12
#define SC_GEMM_NR 16
#define SC_GEMM_PERM 6
#define SC_GEMM_FN gemm_avx512_12x16p
#include "conv_template.h"

#define SC_CONV_MR 12
#define SC_CONV_NR 16
#define SC_CONV_EMBED 1
#define SC_CONV_FN conv_avx512_12x16e
#define SC_GEMM_MR 12
#define SC_GEMM_NR 16
#define SC_GEMM_EMBED 1
#define SC_GEMM_FN gemm_avx512_12x16e
#include "conv_template.h"

#define SC_CONV_MR 12
#define SC_CONV_NR 16
#define SC_CONV_SLIDE 1
#define SC_CONV_FN conv_avx512_12x16s
#include "conv_template.h"

#define SC_CONV_MR 6
#define SC_CONV_NR 64
#define SC_CONV_FN conv_avx512_6x64
#include "conv_template.h"

#define SC_GEMM_MR 4
#define SC_GEMM_NR 64
#define SC_GEMM_FN gemm_avx512_4x64
#include "conv_template.h"

#define SC_GEMM_MR 6
#define SC_GEMM_NR 64
#define SC_GEMM_FN gemm_avx512_6x64
#include "conv_template.h"

#define SC_GEMM_MR 5
#define SC_GEMM_NR 80
#define SC_GEMM_FN gemm_avx512_5x80
#include "conv_template.h"

#define SC_DOT_MR 6
#define SC_DOT_NR 4
#define SC_DOT_FN dot_avx512_6x4
#include "conv_template.h"

/* Winograd (winograd_template.h): the element-wise stage on gemm_avx512_6x64. */
#define SC_WINO_SUFFIX avx512
#define SC_WINO_GEMM gemm_avx512_6x64
#define SC_WINO_GEMM_MR 6
#define SC_WINO_GEMM_NR 64
#define SC_WINO_GEMM_ROW "gemm_avx512_6x64"
#include "winograd_variants.h"

SC_AVX512_DW_ROWS(SC_ROW_EXTERN_DECL)
SC_AVX512_YMM_ROWS(SC_ROW_EXTERN_DECL)
static const sc_kernel_row *const rows[] = {&conv_avx512_12x16_row, &conv_avx512_12x16p_row, &conv_avx512_12x16e_row, &conv_avx512_12x16s_row, &conv_avx512_12x32_row, &conv_avx512_6x64_row,
                                            &gemm_avx512_12x16_row, &gemm_avx512_12x16p_row, &gemm_avx512_12x16e_row, &gemm_avx512_12x32_row, &gemm_avx512_4x64_row,
                                            &gemm_avx512_6x64_row,  &gemm_avx512_5x80_row, &dot_avx512_6x4_row, SC_AVX512_DW_ROWS(SC_ROW_EXTERN_REF) &grp_avx512_12x16_row,
                                            SC_AVX512_YMM_ROWS(SC_ROW_EXTERN_REF) SC_WINO_ROWS(avx512)};
SC_ISA_KERNELS(avx512, 0);
