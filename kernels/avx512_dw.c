/* AVX-512F depthwise kernels: a file of their own (the operations of kernels/avx512.h, the same
 * flags), which a parallel build compiles beside kernels/avx512.c, whose rows list theirs
 * (SC_AVX512_DW_ROWS): the sanitizer build (tests/run.sh: -O1, ASan + UBSan) spends minutes on
 * each of the two files' unrolled tiles.
 *
 * dw_avx512_10x32: 10 pixels x 32 channels = 20 accumulators + 3 tap weights + input. SC_KEEP
 * stops gcc folding a fresh load into every FMA of the sliding window (46 -> 71 GFLOP/s on
 * mobilenet_dw_112 with 8x32, on Zen 4); 10 pixels per tile: 69 -> 77 (12x32: 76). */
#define SC_ROWS_EXTERN
#include "avx512.h"

#define SC_DW_MR 10
#define SC_DW_NR 32
#define SC_DW_FN dw_avx512_10x32
#include "conv_template.h"

