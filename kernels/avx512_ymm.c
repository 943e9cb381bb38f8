/* The AVX-512 ISA's 8-lane tiles: the AVX2 vector operations (kernels/avx2.h, 16 ymm registers,
 * VEX-encoded) compiled with the AVX-512 flags, rows of the AVX-512 ISA listed by kernels/avx512.c
 * (SC_AVX512_YMM_ROWS). A CPU that runs 512-bit FMAs as two 256-bit halves (Zen 4) issues twice as
 * many 256-bit FMAs, so a 16-lane tile and an 8-lane tile reach the same FMA peak there, and 8-lane
 * vectors pad output channels to multiples of 8 instead of 16: DEFAULT takes these rows on such
 * classes where they pad fewer lanes (dispatch/select.c, sc_classify's half_width_peak). Elsewhere
 * (Zen 5, Intel: full-width 512-bit FMAs) they run at half the peak and only a forced kernel or
 * MEASURE takes them.
 *
 * conv_avx512_4x24y / gemm_avx512_4x24y: 4 pixels x 24 channels (3 ymm) = 12 accumulators + 3
 * weight vectors + 1 broadcast = 16 ymm; per input channel 3 loads + 4 broadcasts feed 12 FMAs.
 * conv_avx512_6x16y / gemm_avx512_6x16y: 6 pixels x 16 channels (2 ymm) = 12 accumulators + 2 +
 * 1, for Cout_g % 24 that the 24-wide tile pads more (56: 16 + 16 + 16 + 8).
 * Zen 4 (AMD EPYC family 25 model 17), one process, forced, GFLOP/s of the same tiles as AVX2 rows
 * against AVX-512 DEFAULT: 1x1 56x56x144 -> 24 108.8 vs 83.2 (12x32), 28x28x240 -> 40 109.3 vs
 * 94.6 (6x64), 28x28x72 -> 72 112.6 vs 93.4, 28x28x128 -> 56 107.1 (6x16) vs 98.6, 14x14x480 ->
 * 120 114.2 vs 108.5; 3x3 56x56x24 -> 24 115.3 vs 86.5, 5x5 28x28x40 -> 24 124.2 vs 94.2. */
#define SC_ROWS_EXTERN
#define SC_ISA AVX512
#include "avx2.h"

#define SC_CONV_MR 4
#define SC_CONV_NR 24
#define SC_CONV_FN conv_avx512_4x24y
#define SC_GEMM_MR 4
#define SC_GEMM_NR 24
#define SC_GEMM_FN gemm_avx512_4x24y
#include "conv_template.h"

#define SC_CONV_MR 6
#define SC_CONV_NR 16
#define SC_CONV_FN conv_avx512_6x16y
#define SC_GEMM_MR 6
#define SC_GEMM_NR 16
#define SC_GEMM_FN gemm_avx512_6x16y
#include "conv_template.h"
