/* Winograd F(m x m, 3 x 3) for every ISA (kernel.h has the algorithm and the packed layout).
 *
 * Included through winograd_variants.h (which lists the ISA file's parameters: the GEMM kernel
 * SC_WINO_GEMM with its tile SC_WINO_GEMM_MR x SC_WINO_GEMM_NR and registry name SC_WINO_GEMM_ROW),
 * after conv_template.h (whose vector operations, SC_CAT, SC_UNROLL and SC_INLINE it uses), once
 * per variant with:
 *   SC_WINO_M      output tile m: 2, 4 or 6 (input tile A = m + 2, P = A * A transform points)
 *   SC_WINO_FN     name (winograd_f<m>x<m>_<isa>)
 * The template #undefs these two at its end. The blocking (T tiles per block, KC input and NC
 * output channels per chunk) comes with the job (dispatch/select.c, sc_wino_blocking), within
 * SC_WINO_STACK_BYTES.
 *
 * Register plan. The transforms keep channels in vector lanes: one input patch column (A vectors)
 * is multiplied by B^T into a column of the A x A intermediate, then each intermediate row by B^T
 * again into A points, stored to V[point][tile][channel]; the output transform does the same with
 * A^T, then bias, residual and activation in registers before the stores. The 1-D transforms are
 * winograd.h's matrices factored (common terms shared; zero entries never multiplied). The
 * GEMM stage is the registry GEMM kernel's register tile (conv_template.h), run per point on
 * T tile rows x NC channels, accumulating the KC chunks through its residual epilogue.
 *
 * Stack: V (P x T x KC floats) and M (P x T x NC floats) in one SC_WINO_STACK_BYTES block. */
#ifndef SC_WINO_TEMPLATE_COMMON
#define SC_WINO_TEMPLATE_COMMON
#include <assert.h>
#include <string.h>

#include "winograd.h"

#if defined(__GNUC__)
#  define SC_WINO_ALIGN __attribute__((aligned(64)))
#else
#  define SC_WINO_ALIGN
#endif
/* a - b, exactly (x86 has no separate cost for an FMA) */
#define SC_WSUB(a, b) SC_FMA((b), SC_SET1(-1.0f), (a))
#define SC_WFMA(c, x, y) SC_FMA(SC_SET1(c), (x), (y)) /* c * x + y */
#endif /* SC_WINO_TEMPLATE_COMMON */

#if defined(SC_WINO_FN)
#define SC_WA (SC_WINO_M + 2)
#define SC_WP (SC_WA * SC_WA)

/* The 1-D transforms, factored (the matrices of winograd.h with common terms shared): r = B^T d
 * (A -> A vectors) and o = A^T x (A -> m). Operations per 1-D transform, input / output: F2 4 / 4,
 * F4 14 / 10, F6 26 / 20 (the plain matrix products: 8 / 6, 22 / 18, 44 / 38). */
#if SC_WINO_M == 2
SC_INLINE void SC_CAT(SC_WINO_FN, _bt)(const SC_VEC *d, SC_VEC *r) {
  r[0] = SC_WSUB(d[0], d[2]);
  r[1] = SC_ADD(d[1], d[2]);
  r[2] = SC_WSUB(d[2], d[1]);
  r[3] = SC_WSUB(d[1], d[3]);
}
SC_INLINE void SC_CAT(SC_WINO_FN, _at)(const SC_VEC *x, SC_VEC *o) {
  o[0] = SC_ADD(SC_ADD(x[0], x[1]), x[2]);
  o[1] = SC_WSUB(SC_WSUB(x[1], x[2]), x[3]);
}
#elif SC_WINO_M == 4
SC_INLINE void SC_CAT(SC_WINO_FN, _bt)(const SC_VEC *d, SC_VEC *r) {
  const SC_VEC s12 = SC_ADD(d[1], d[2]), s34 = SC_ADD(d[3], d[4]);
  const SC_VEC t12 = SC_WSUB(d[1], d[2]), t43 = SC_WSUB(d[4], d[3]);
  const SC_VEC a = SC_WSUB(d[4], d[2]), b = SC_WSUB(d[3], d[1]);
  r[0] = SC_WFMA(4.0f, d[0], SC_WFMA(-5.0f, d[2], d[4]));
  r[1] = SC_WFMA(-4.0f, s12, s34);
  r[2] = SC_WFMA(4.0f, t12, t43);
  r[3] = SC_WFMA(2.0f, b, a);
  r[4] = SC_WFMA(-2.0f, b, a);
  r[5] = SC_WFMA(4.0f, d[1], SC_WFMA(-5.0f, d[3], d[5]));
}
SC_INLINE void SC_CAT(SC_WINO_FN, _at)(const SC_VEC *x, SC_VEC *o) {
  const SC_VEC a = SC_ADD(x[1], x[2]), b = SC_WSUB(x[1], x[2]), c = SC_ADD(x[3], x[4]), d = SC_WSUB(x[3], x[4]);
  o[0] = SC_ADD(SC_ADD(x[0], a), c);
  o[1] = SC_WFMA(2.0f, d, b);
  o[2] = SC_WFMA(4.0f, c, a);
  o[3] = SC_ADD(SC_WFMA(8.0f, d, b), x[5]);
}
#elif SC_WINO_M == 6
SC_INLINE void SC_CAT(SC_WINO_FN, _bt)(const SC_VEC *d, SC_VEC *r) {
  r[0] = SC_WFMA(5.25f, SC_WSUB(d[4], d[2]), SC_WSUB(d[0], d[6]));
  r[7] = SC_WFMA(5.25f, SC_WSUB(d[3], d[5]), SC_WSUB(d[7], d[1]));
  const SC_VEC t1 = SC_WFMA(-4.25f, d[4], SC_ADD(d[2], d[6])), t2 = SC_WFMA(-4.25f, d[3], SC_ADD(d[1], d[5]));
  r[1] = SC_ADD(t1, t2);
  r[2] = SC_WSUB(t1, t2);
  const SC_VEC t3 = SC_WFMA(-1.25f, d[4], SC_WFMA(0.25f, d[2], d[6]));
  const SC_VEC t4 = SC_WFMA(2.0f, d[5], SC_WFMA(-2.5f, d[3], SC_WFMA(0.5f, d[1], SC_SET1(0.0f))));
  r[3] = SC_ADD(t3, t4);
  r[4] = SC_WSUB(t3, t4);
  const SC_VEC t5 = SC_WFMA(4.0f, SC_WFMA(-1.25f, d[4], d[2]), d[6]);
  const SC_VEC t6 = SC_WFMA(0.5f, d[5], SC_WFMA(-2.5f, d[3], SC_WFMA(2.0f, d[1], SC_SET1(0.0f))));
  r[5] = SC_ADD(t5, t6);
  r[6] = SC_WSUB(t5, t6);
}
SC_INLINE void SC_CAT(SC_WINO_FN, _at)(const SC_VEC *x, SC_VEC *o) {
  const SC_VEC a = SC_ADD(x[1], x[2]), b = SC_WSUB(x[1], x[2]), c = SC_ADD(x[3], x[4]), d = SC_WSUB(x[3], x[4]);
  const SC_VEC e = SC_ADD(x[5], x[6]), f = SC_WSUB(x[5], x[6]);
  o[0] = SC_ADD(SC_ADD(SC_ADD(x[0], a), c), e);
  o[1] = SC_WFMA(0.5f, f, SC_WFMA(2.0f, d, b));
  o[2] = SC_WFMA(0.25f, e, SC_WFMA(4.0f, c, a));
  o[3] = SC_WFMA(0.125f, f, SC_WFMA(8.0f, d, b));
  o[4] = SC_WFMA(0.0625f, e, SC_WFMA(16.0f, c, a));
  o[5] = SC_ADD(SC_WFMA(0.03125f, f, SC_WFMA(32.0f, d, b)), x[7]);
}
#else
#  error "SC_WINO_M is 2, 4 or 6"
#endif

/* Input transform of one tile's patch for one channel vector: the patch's top-left input pixel is
 * (y0, x0) (may lie in the padding); x is the image at the vector's first channel. interior: the
 * whole patch is inside the image (the bounds tests are skipped; a run-time flag, not a second copy
 * of the code: avx512.c compiled in 54 s with both copies); FULL: n == SC_LANES. Points go to
 * v[p * ps]. */
SC_INLINE void SC_CAT(SC_WINO_FN, _in)(const sc_wino_job *j, const float *x, const ptrdiff_t y0, const ptrdiff_t x0,
                                       float *v, const size_t ps, const size_t n, const int interior,
                                       const int FULL) {
  (void)n; /* SC_LOAD_N may ignore it (scalar) */
  SC_VEC tmp[SC_WA][SC_WA]; /* tmp[i][col] = (B^T d)[i][col] */
  SC_UNROLL for (size_t col = 0; col < SC_WA; col++) {
    SC_VEC d[SC_WA];
    const ptrdiff_t xc = x0 + (ptrdiff_t)col;
    SC_UNROLL for (size_t k = 0; k < SC_WA; k++) {
      const ptrdiff_t yr = y0 + (ptrdiff_t)k;
      if (interior || (yr >= 0 && yr < (ptrdiff_t)j->ih && xc >= 0 && xc < (ptrdiff_t)j->iw)) {
        const float *p = x + ((size_t)yr * j->iw + (size_t)xc) * j->xps;
        d[k] = FULL ? SC_LOAD(p) : SC_LOAD_N(p, n);
      } else {
        d[k] = SC_SET1(0.0f);
      }
    }
    SC_VEC r[SC_WA];
    SC_CAT(SC_WINO_FN, _bt)(d, r);
    SC_UNROLL for (size_t i = 0; i < SC_WA; i++) tmp[i][col] = r[i];
  }
  SC_UNROLL for (size_t i = 0; i < SC_WA; i++) {
    SC_VEC o[SC_WA];
    SC_CAT(SC_WINO_FN, _bt)(tmp[i], o);
    SC_UNROLL for (size_t c = 0; c < SC_WA; c++) SC_STORE(v + (i * SC_WA + c) * ps, o[c]);
  }
}

/* Output transform of one tile for one channel vector: points at mb[p * ps] (FULL: n == SC_LANES
 * valid lanes; else only n are read), then + bias, + residual, activation; ny x nx of the tile's
 * m x m pixels are inside the output, whose pixel (oy, ox) is at j->output + (oy * ow + ox) * yps
 * + c (c: the vector's first channel within the chunk). */
SC_INLINE void SC_CAT(SC_WINO_FN, _out)(const sc_wino_job *j, const float *mb, const size_t ps, const size_t c,
                                        const size_t oy, const size_t ox, const size_t ny, const size_t nx,
                                        const size_t n, const int FULL) {
  (void)n;
  SC_VEC tmp[SC_WINO_M][SC_WA]; /* tmp[i][col] = (A^T M)[i][col] */
  SC_UNROLL for (size_t col = 0; col < SC_WA; col++) {
    SC_VEC mv[SC_WA];
    SC_UNROLL for (size_t k = 0; k < SC_WA; k++) {
      const float *p = mb + (k * SC_WA + col) * ps;
      mv[k] = FULL ? SC_LOAD(p) : SC_LOAD_N(p, n);
    }
    SC_VEC o[SC_WINO_M];
    SC_CAT(SC_WINO_FN, _at)(mv, o);
    SC_UNROLL for (size_t i = 0; i < SC_WINO_M; i++) tmp[i][col] = o[i];
  }
  const SC_VEC b = SC_LOAD(j->bias + c); /* the chunk's bias is padded to NC */
  const SC_VEC lo = SC_SET1(j->lo), hi = SC_SET1(j->hi);
  SC_UNROLL for (size_t i = 0; i < SC_WINO_M; i++) {
    if (i >= ny) break;
    SC_VEC y[SC_WINO_M];
    SC_CAT(SC_WINO_FN, _at)(tmp[i], y);
    const size_t px = (oy + i) * j->ow + ox;
    SC_UNROLL for (size_t jj = 0; jj < SC_WINO_M; jj++) {
      if (jj >= nx) break;
      SC_VEC a = SC_ADD(y[jj], b);
      if (j->res != NULL) {
        const float *r = j->res + (px + jj) * j->rps + c;
        a = SC_ADD(a, FULL ? SC_LOAD(r) : SC_LOAD_N(r, n));
      }
      if (j->clamp) a = SC_MIN(hi, SC_MAX(lo, a)); /* NaN stays NaN: see conv_template.h */
      float *o = j->output + (px + jj) * j->yps + c;
      if (FULL) SC_STORE(o, a);
      else SC_STORE_N(o, a, n);
    }
  }
}

/* One job: tiles [t0, t1) of one output-channel chunk of one group of one image, in blocks of T. */
static void SC_WINO_FN(const sc_wino_job *j) {
  SC_WINO_ALIGN float buf[SC_WINO_STACK_BYTES / sizeof(float)];
  const size_t T = j->t, KC = j->kc, NC = j->ncc, nb = NC / SC_WINO_GEMM_NR;
  float *const vb = buf, *const mb = buf + SC_WP * T * KC; /* V[p][T][KC], M[p][T][NC] */
  size_t pix[2 * SC_WINO_T_MAX]; /* GEMM rows: pixel i is row i of V[p] / M[p] */
  sc_tile tl[SC_WINO_T_MAX / SC_WINO_GEMM_MR];
  sc_job g;
  assert(SC_WP * T * (KC + NC) * sizeof(float) <= sizeof buf && T <= SC_WINO_T_MAX && T % SC_WINO_GEMM_MR == 0 &&
         KC % SC_LANES == 0 && NC % SC_WINO_GEMM_NR == 0);
  memset(&g, 0, sizeof g);
  memset(tl, 0, sizeof tl);
  for (size_t i = 0; i < 2 * SC_WINO_T_MAX; i++) pix[i] = i < SC_WINO_T_MAX ? i : 0;
  g.pix_in = g.pix_out = g.pix_kh = pix;
  g.tiles = tl;
  g.xps = KC;
  g.yps = g.rps = NC;
  g.blocks = (j->nc + SC_WINO_GEMM_NR - 1) / SC_WINO_GEMM_NR;
  g.nc = j->nc - (g.blocks - 1) * SC_WINO_GEMM_NR;
  const size_t m = SC_WINO_M;
  for (size_t tb = j->t0; tb < j->t1; tb += T) {
    const size_t nt = j->t1 - tb < T ? j->t1 - tb : T;
    g.ntiles = (nt + SC_WINO_GEMM_MR - 1) / SC_WINO_GEMM_MR;
    for (size_t i = 0; i < g.ntiles; i++) tl[i].mr = nt - i * SC_WINO_GEMM_MR < SC_WINO_GEMM_MR ? nt - i * SC_WINO_GEMM_MR : SC_WINO_GEMM_MR;
    const float *u = j->u;
    for (size_t k0 = 0; k0 < j->cin; k0 += KC) {
      const size_t kcur = j->cin - k0 < KC ? j->cin - k0 : KC;
      for (size_t t = 0; t < nt; t++) {
        const size_t ti = tb + t, ty = ti / j->tiles_w, tx = ti % j->tiles_w;
        const ptrdiff_t y0 = (ptrdiff_t)(ty * m) - (ptrdiff_t)j->pad_top, x0 = (ptrdiff_t)(tx * m) - (ptrdiff_t)j->pad_left;
        const int interior = y0 >= 0 && x0 >= 0 && (size_t)y0 + SC_WA <= j->ih && (size_t)x0 + SC_WA <= j->iw;
        float *v = vb + t * KC;
        const size_t ps = T * KC;
        size_t c = 0;
        for (; c + SC_LANES <= kcur; c += SC_LANES)
          SC_CAT(SC_WINO_FN, _in)(j, j->input + k0 + c, y0, x0, v + c, ps, SC_LANES, interior, 1);
        if (c < kcur) SC_CAT(SC_WINO_FN, _in)(j, j->input + k0 + c, y0, x0, v + c, ps, kcur - c, interior, 0);
      }
      for (size_t i = 0; i < g.ntiles; i++) tl[i].klen = kcur;
      const size_t point_floats = nb * SC_WINO_GEMM_NR * (1 + kcur);
      for (size_t p = 0; p < SC_WP; p++) {
        g.input = vb + p * T * KC;
        g.output = mb + p * T * NC;
        g.res = k0 ? g.output : NULL; /* later chunks accumulate onto the earlier ones */
        g.w = u + p * point_floats;
        SC_WINO_GEMM(&g);
      }
      u += SC_WP * point_floats;
    }
    for (size_t t = 0; t < nt; t++) {
      const size_t ti = tb + t, oy = ti / j->tiles_w * m, ox = ti % j->tiles_w * m;
      const size_t ny = j->oh - oy < m ? j->oh - oy : m, nx = j->ow - ox < m ? j->ow - ox : m;
      const float *mt = mb + t * NC;
      const size_t ps = T * NC;
      size_t c = 0;
      for (; c + SC_LANES <= j->nc; c += SC_LANES) SC_CAT(SC_WINO_FN, _out)(j, mt + c, ps, c, oy, ox, ny, nx, SC_LANES, 1);
      if (c < j->nc) SC_CAT(SC_WINO_FN, _out)(j, mt + c, ps, c, oy, ox, ny, nx, j->nc - c, 0);
    }
  }
}

static const sc_wino_info SC_CAT(SC_WINO_FN, _info) = {SC_WINO_M, SC_WINO_GEMM_MR, SC_WINO_GEMM_NR, SC_WINO_GEMM_ROW,
                                                       SC_WINO_FN};
#define SC_WINO_ROW_(FN, ISA, M)                                                                              \
  static const sc_kernel_row FN##_row = {#FN, SIMDCONV_ISA_##ISA, SC_KIND_WINO, M, SC_WINO_GEMM_NR, SC_LANES, 0, \
                                         SC_ORDER_WINO_F##M, 0, NULL, &FN##_info, 0, 0, 0, 0};
#define SC_WINO_ROW(FN, ISA, M) SC_WINO_ROW_(FN, ISA, M)
SC_WINO_ROW(SC_WINO_FN, SC_ISA, SC_WINO_M)
#undef SC_WINO_ROW
#undef SC_WINO_ROW_

#undef SC_WA
#undef SC_WP
#endif /* SC_WINO_FN */

#undef SC_WINO_M
#undef SC_WINO_FN
