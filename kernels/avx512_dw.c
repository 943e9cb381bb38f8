/* AVX-512F depthwise kernels: a file of their own (the operations of kernels/avx512.h, the same
 * flags), which a parallel build compiles beside kernels/avx512.c, whose rows list theirs
 * (SC_AVX512_DW_ROWS): the sanitizer build (tests/run.sh: -O1, ASan + UBSan) spends minutes on
 * each of the two files' unrolled tiles.
 *
 * dw_avx512_10x32: 10 pixels x 32 channels = 20 accumulators + 3 tap weights + input. SC_KEEP
 * stops gcc folding a fresh load into every FMA of the sliding window (46 -> 71 GFLOP/s on
 * mobilenet_dw_112 with 8x32, on Zen 4); 10 pixels per tile: 69 -> 77 (12x32: 76).
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

#define SC_DW_MR 10
#define SC_DW_NR 32
#define SC_DW_FN dw_avx512_10x32
#include "conv_template.h"

#define SC_DW_MR 12
#define SC_DW_NR 16
#define SC_DW_FN dw_avx512_12x16
#include "conv_template.h"
