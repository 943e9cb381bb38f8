/* Weight packing shared by every ISA: HWIO -> [group][NR-block][bias NR][taps][cin_g][NR],
 * or for dot kernels [group][NR-block][bias NR][taps][cin_g / kdot][NR][kdot]. */
#include <string.h>

#include "kernel.h"

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
