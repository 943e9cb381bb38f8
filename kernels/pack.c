/* Weight packing shared by every ISA: HWIO -> [group][NR-block][bias NR][taps][cin_g][NR],
 * or for dot kernels [group][NR-block][bias NR][taps][cin_g / kdot][NR][kdot]. */
#include <string.h>

#include "kernel.h"
#include "winograd.h"

static int mul_ok(size_t a, size_t b, size_t *r) {
  if (a != 0 && b > (size_t)-1 / a) return 0;
  *r = a * b;
  return 1;
}

size_t sc_packed_floats(const sc_pack_layout *l) {
  size_t blocks = (l->cout_g + l->nr - 1) / l->nr, per_block, k, total;
  if (!mul_ok(l->taps, l->cin_g, &k) || !mul_ok(k, l->nr, &per_block)) return 0;
  if (per_block > (size_t)-1 - l->nr) return 0;
  per_block += l->nr; /* bias */
  if (!mul_ok(l->groups, blocks, &total) || !mul_ok(total, per_block, &total)) return 0;
  return total;
}

void sc_pack(float *dst, const float *w, const float *bias, const sc_pack_layout *l) {
  const size_t cout_g = l->cout_g, taps = l->taps, cin_g = l->cin_g, ld = l->ld, nr = l->nr, kdot = l->kdot;
  size_t blocks = (cout_g + nr - 1) / nr;
  for (size_t g = 0; g < l->groups; g++) {
    for (size_t b = 0; b < blocks; b++) {
      size_t oc0 = g * cout_g + b * nr;
      size_t nc = cout_g - b * nr < nr ? cout_g - b * nr : nr;
      if (nc > ld - oc0) nc = ld - oc0; /* grouped blocks of several groups: the layer's last block */
      memset(dst, 0, nr * sizeof(float));
      if (bias) memcpy(dst, bias + oc0, nc * sizeof(float));
      dst += nr;
      if (kdot > 1) {
        /* chunk of kdot input channels: lane l of channel c's vector is w[k0 + l][c] */
        for (size_t k0 = 0; k0 < taps * cin_g; k0 += kdot) {
          memset(dst, 0, nr * kdot * sizeof(float));
          for (size_t c = 0; c < nc; c++)
            for (size_t l = 0; l < kdot; l++) dst[c * kdot + l] = w[(k0 + l) * ld + oc0 + c];
          dst += nr * kdot;
        }
        continue;
      }
      for (size_t k = 0; k < taps * cin_g; k++) {
        memcpy(dst, w + k * ld + oc0, nc * sizeof(float));
        memset(dst + nc, 0, (nr - nc) * sizeof(float));
        dst += nr;
      }
    }
  }
}

/* ---- Winograd: U = G g G^T, in the layout of kernel.h's Winograd section ---- */

size_t sc_wino_packed_floats(const sc_wino_layout *l, size_t *chunk_floats) {
  const size_t a = l->m + 2, nkc = (l->cin_g + l->kc - 1) / l->kc, chunks = (l->cout_g + l->nc - 1) / l->nc;
  size_t per, total;
  /* per chunk: P points x NC/NR blocks x NR x (one bias row + cin_g rows, one bias row per KC chunk) */
  if (nkc > (size_t)-1 - l->cin_g || !mul_ok(a * a * l->nc, nkc + l->cin_g, &per)) return 0;
  if (!mul_ok(l->groups, chunks, &total) || !mul_ok(total, per, &total)) return 0;
  *chunk_floats = per;
  return total;
}

void sc_wino_pack(float *dst, const float *w, const sc_wino_layout *l) {
  const size_t a = l->m + 2, nr = l->nr, nb = l->nc / nr;
  const double(*gm)[3] = l->m == 2 ? sc_wino_g2 : l->m == 4 ? sc_wino_g4 : sc_wino_g6;
  for (size_t grp = 0; grp < l->groups; grp++) {
    for (size_t c0 = 0; c0 < l->cout_g; c0 += l->nc) {
      for (size_t k0 = 0; k0 < l->cin_g; k0 += l->kc) {
        const size_t kcur = l->cin_g - k0 < l->kc ? l->cin_g - k0 : l->kc;
        for (size_t p = 0; p < a * a; p++) {
          const size_t pi = p / a, pj = p % a;
          for (size_t b = 0; b < nb; b++) {
            memset(dst, 0, nr * sizeof(float)); /* the GEMM block's bias: the chunk's sums start at 0 */
            dst += nr;
            for (size_t k = 0; k < kcur; k++) {
              for (size_t c = 0; c < nr; c++) {
                const size_t co = c0 + b * nr + c;
                double u = 0;
                if (co < l->cout_g) {
                  const float *wk = w + (k0 + k) * l->ld + grp * l->cout_g + co; /* tap (0, 0) */
                  for (size_t y = 0; y < 3; y++)
                    for (size_t x = 0; x < 3; x++)
                      if (gm[pi][y] != 0 && gm[pj][x] != 0) /* skip zeros: 0 x inf */
                        u += gm[pi][y] * gm[pj][x] * (double)wk[(y * 3 + x) * l->cin_g * l->ld];
                }
                dst[k * nr + c] = (float)u;
              }
            }
            dst += kcur * nr;
          }
        }
      }
    }
  }
}
