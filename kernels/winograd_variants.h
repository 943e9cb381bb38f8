/* The Winograd rows of one ISA: F(2x2, 3x3), F(4x4, 3x3) and F(6x6, 3x3) from
 * winograd_template.h, named winograd_f<m>x<m>_<suffix>. The ISA file defines, then includes this
 * once (after conv_template.h has defined its GEMM kernel):
 *   SC_WINO_SUFFIX                       the lower-case ISA name (avx2, ...)
 *   SC_WINO_GEMM, SC_WINO_GEMM_MR, SC_WINO_GEMM_NR, SC_WINO_GEMM_ROW
 *                                        the GEMM kernel of the element-wise stage, its tile and
 *                                        its registry name (a string)
 * and lists SC_WINO_ROWS(suffix) in its sc_isa_kernels. */
#define SC_WINO_M 2
#define SC_WINO_FN SC_CAT(winograd_f2x2_, SC_WINO_SUFFIX)
#include "winograd_template.h"

#define SC_WINO_M 4
#define SC_WINO_FN SC_CAT(winograd_f4x4_, SC_WINO_SUFFIX)
#include "winograd_template.h"

#define SC_WINO_M 6
#define SC_WINO_FN SC_CAT(winograd_f6x6_, SC_WINO_SUFFIX)
#include "winograd_template.h"

#define SC_WINO_ROWS(S) &winograd_f2x2_##S##_row, &winograd_f4x4_##S##_row, &winograd_f6x6_##S##_row
