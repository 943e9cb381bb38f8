/* Winograd F(m x m, 3 x 3) transform matrices (Lavin & Gray; interpolation points 0, +-1, +-2,
 * +-1/2, infinity), for m = 2, 4 and 6: input tile A = m + 2, output tile m.
 *
 *   U = G g G^T        (A x A, per input x output channel; packing, in double)
 *   V = B^T d B        (A x A, per input channel; kernels, channels in vector lanes)
 *   Y = A^T (U . V) A  (m x m; the sum over input channels of the element-wise products)
 *
 * y = A^T [(G g) . (B^T d)] for the 1-D correlation y_i = sum_k d_{i+k} g_k; the matrices were
 * checked in exact rational arithmetic. The kernels apply B^T and A^T in factored form
 * (winograd_template.h) and pack.c multiplies by G; entries that are 0 are never multiplied (0 x inf
 * would make NaN where the correlation has none). */
#ifndef SIMDCONV_WINOGRAD_H
#define SIMDCONV_WINOGRAD_H

static const float sc_wino_bt2[4][4] = {
    {1, 0, -1, 0},
    {0, 1, 1, 0},
    {0, -1, 1, 0},
    {0, 1, 0, -1},
};
static const float sc_wino_at2[2][4] = {
    {1, 1, 1, 0},
    {0, 1, -1, -1},
};
static const double sc_wino_g2[4][3] = {
    {1, 0, 0},
    {0.5, 0.5, 0.5},
    {0.5, -0.5, 0.5},
    {0, 0, 1},
};

static const float sc_wino_bt4[6][6] = {
    {4, 0, -5, 0, 1, 0},
    {0, -4, -4, 1, 1, 0},
    {0, 4, -4, -1, 1, 0},
    {0, -2, -1, 2, 1, 0},
    {0, 2, -1, -2, 1, 0},
    {0, 4, 0, -5, 0, 1},
};
static const float sc_wino_at4[4][6] = {
    {1, 1, 1, 1, 1, 0},
    {0, 1, -1, 2, -2, 0},
    {0, 1, 1, 4, 4, 0},
    {0, 1, -1, 8, -8, 1},
};
static const double sc_wino_g4[6][3] = {
    {1.0 / 4, 0, 0},
    {-1.0 / 6, -1.0 / 6, -1.0 / 6},
    {-1.0 / 6, 1.0 / 6, -1.0 / 6},
    {1.0 / 24, 1.0 / 12, 1.0 / 6},
    {1.0 / 24, -1.0 / 12, 1.0 / 6},
    {0, 0, 1},
};

static const float sc_wino_bt6[8][8] = {
    {1, 0, -21.0f / 4, 0, 21.0f / 4, 0, -1, 0},
    {0, 1, 1, -17.0f / 4, -17.0f / 4, 1, 1, 0},
    {0, -1, 1, 17.0f / 4, -17.0f / 4, -1, 1, 0},
    {0, 0.5f, 0.25f, -2.5f, -1.25f, 2, 1, 0},
    {0, -0.5f, 0.25f, 2.5f, -1.25f, -2, 1, 0},
    {0, 2, 4, -2.5f, -5, 0.5f, 1, 0},
    {0, -2, 4, 2.5f, -5, -0.5f, 1, 0},
    {0, -1, 0, 21.0f / 4, 0, -21.0f / 4, 0, 1},
};
static const float sc_wino_at6[6][8] = {
    {1, 1, 1, 1, 1, 1, 1, 0},
    {0, 1, -1, 2, -2, 0.5f, -0.5f, 0},
    {0, 1, 1, 4, 4, 0.25f, 0.25f, 0},
    {0, 1, -1, 8, -8, 0.125f, -0.125f, 0},
    {0, 1, 1, 16, 16, 0.0625f, 0.0625f, 0},
    {0, 1, -1, 32, -32, 0.03125f, -0.03125f, 1},
};
static const double sc_wino_g6[8][3] = {
    {1, 0, 0},
    {-2.0 / 9, -2.0 / 9, -2.0 / 9},
    {-2.0 / 9, 2.0 / 9, -2.0 / 9},
    {1.0 / 90, 1.0 / 45, 2.0 / 45},
    {1.0 / 90, -1.0 / 45, 2.0 / 45},
    {32.0 / 45, 16.0 / 45, 8.0 / 45},
    {32.0 / 45, -16.0 / 45, 8.0 / 45},
    {0, 0, 1},
};

#endif /* SIMDCONV_WINOGRAD_H */
