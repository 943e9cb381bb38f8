/* AVX-512F depthwise kernels: a file of their own (the operations of kernels/avx512.h, the same
 * flags), which a parallel build compiles beside kernels/avx512.c, whose rows list theirs
 * (SC_AVX512_DW_ROWS): the sanitizer build (tests/run.sh: -O1, ASan + UBSan) spends minutes on
 * each of the two files' unrolled tiles.
 *
 * dw_avx512_10x32: 10 pixels x 32 channels = 20 accumulators + 2 x K tap weights (a kernel row's,
 * both vectors: 6 for 3x3, 10 for 5x5, 14 for 7x7, some then read from L1 by the FMAs) + input.
 * SC_KEEP stops gcc folding a fresh load into every FMA of the sliding window (46 -> 71 GFLOP/s
 * on mobilenet_dw_112 with 8x32, on Zen 4); 10 pixels per tile: 69 -> 77 (12x32: 76). Its full
 * blocks walk each span column once for both vectors (SC_DW_COLS_FIRST); AMD EPYC Zen 5 (family
 * 26 model 2), one thread, vector by vector / columns first, time in one process (15 rounds, two
 * runs): 3x3 stride 1 1.02-1.10x (14x14x576 1.05-1.10, 7x7x960 1.04-1.06, 130x130x72 0.99-1.03),
 * stride 2 0.99-1.08x (28x28x256 1.04-1.08, 56x56x144 and 28x28x116 1.00-1.02 over 31 rounds),
 * 5x5 1.07-1.23x on its layers (7x7x960 1.23, 14x14x480 1.17-1.19, 14x14x672 s2 1.12-1.18,
 * 65x65x120 1.07), 7x7 1.01-1.27x (14x14x384 1.26-1.32, 7x7x768 1.21-1.26, 56x56x96 0.99-1.01).
 * The 16-register rows run vector by vector: columns first ran dw_avx2_3x32 / 6x16 at 0.52-0.97x
 * and dw_sse_3x16 at 0.60-1.07x (the same CPU, weights spilling).
 * dw_avx512_12x16: 12 pixels x 16 channels = 12 accumulators + up to 7 tap weights + input, for
 * channel counts that 32 would pad (C % 32 == 16) in the 5x5 and 7x7 windows, whose tail block
 * runs tap by tap (dispatch/select.c dw_tile): Zen 5, forced, GFLOP/s against 10x32: 28x28x240
 * 5x5 136 vs 97, 32x32x80 7x7 147 vs 81. */
#define SC_ROWS_EXTERN
#include "avx512.h"

/* 3x3 windows slide over whole rows, their edge columns included (conv_template.h, where the
 * measurements are); the 16-register ISAs keep per-tap edge tiles */
#define SC_DW_WINDOW_ROW3 1
/* 5- and 7-wide windows branch over their padded span columns (conv_template.h) */
#define SC_DW_WINDOW_SKIP 1

/* the tile's full blocks walk the span once for both vectors (conv_template.h _window) */
#define SC_DW_COLS_FIRST 1
#define SC_DW_MR 10
#define SC_DW_NR 32
#define SC_DW_FN dw_avx512_10x32
#include "conv_template.h"

#define SC_DW_MR 12
#define SC_DW_NR 16
#define SC_DW_FN dw_avx512_12x16
#include "conv_template.h"
