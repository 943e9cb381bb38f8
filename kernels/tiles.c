/* Tile table shared by every ISA: output pixels grouped by the range of kernel taps that fall
 * inside the input, so kernels skip padded taps without a branch in their inner loops.
 *
 * For an output row oh the real kernel rows are [kh0, kh0 + nkh); both ends are monotone in
 * oh, so rows of one "class" form contiguous runs (same for columns). Every (row run x column
 * run) rectangle is one class; its pixels, row-major, are cut into tiles of up to MR. */
#include "kernel.h"

/* Real taps of one output coordinate: positions o*s - pad + k*d in [0, in). */
static void tap_range(size_t o, size_t s, size_t pad, size_t d, size_t k, size_t in, size_t *k0, size_t *nk) {
  /* all in unsigned arithmetic; p = o*s - pad may be "negative" */
  size_t first = 0, end;
  size_t pos = o * s; /* validated not to overflow at create */
  if (pos < pad) first = (pad - pos + d - 1) / d;
  if (first >= k) { *k0 = 0; *nk = 0; return; }
  /* last real k: pos - pad + k*d <= in - 1  <=>  k*d <= in - 1 + pad - pos */
  if (in - 1 + pad < pos) { *k0 = 0; *nk = 0; return; }
  end = (in - 1 + pad - pos) / d + 1;
  if (end > k) end = k;
  if (end <= first) { *k0 = 0; *nk = 0; return; }
  *k0 = first;
  *nk = end - first;
}

/* Length of the run of coordinates starting at o that share o's tap range. */
static size_t run_length(size_t o, size_t n, size_t s, size_t pad, size_t d, size_t k, size_t in) {
  size_t k0, nk, k1, nk1, e = o + 1;
  tap_range(o, s, pad, d, k, in, &k0, &nk);
  while (e < n) {
    tap_range(e, s, pad, d, k, in, &k1, &nk1);
    if (k1 != k0 || nk1 != nk) break;
    e++;
  }
  return e - o;
}

size_t sc_tiles_count(const sc_geom *g, size_t mr, int row_tiles) {
  size_t count = 0;
  for (size_t r = 0; r < g->oh; r += run_length(r, g->oh, g->sh, g->pad_top, g->dh, g->kh, g->ih)) {
    size_t rl = run_length(r, g->oh, g->sh, g->pad_top, g->dh, g->kh, g->ih);
    for (size_t c = 0; c < g->ow; c += run_length(c, g->ow, g->sw, g->pad_left, g->dw, g->kw, g->iw)) {
      size_t cl = run_length(c, g->ow, g->sw, g->pad_left, g->dw, g->kw, g->iw);
      /* rl*cl <= oh*ow, checked at create */
      count += row_tiles ? rl * ((cl + mr - 1) / mr) : (rl * cl + mr - 1) / mr;
    }
  }
  return count;
}

void sc_tiles_fill(const sc_geom *g, size_t mr, size_t cin_g, int fuse_kw, int row_tiles, size_t nr, sc_tiling *t) {
  size_t nt = 0;
  t->mr = mr;
  for (size_t r = 0; r < g->oh;) {
    size_t rl = run_length(r, g->oh, g->sh, g->pad_top, g->dh, g->kh, g->ih), kh0, nkh;
    tap_range(r, g->sh, g->pad_top, g->dh, g->kh, g->ih, &kh0, &nkh);
    for (size_t c = 0; c < g->ow;) {
      size_t cl = run_length(c, g->ow, g->sw, g->pad_left, g->dw, g->kw, g->iw), kw0, nkw;
      tap_range(c, g->sw, g->pad_left, g->dw, g->kw, g->iw, &kw0, &nkw);
      size_t n = rl * cl, real = nkh != 0 && nkw != 0;
      /* The class's pixels (row tiles: each row's) are cut into ceil(run / mr) tiles of near-equal
       * size: 25 pixels -> 5 x 5, not 4 x 6 + 1 (a 1-pixel tile is load-bound). */
      size_t run = row_tiles ? cl : n, per = (run + mr - 1) / mr, base = run / per, extra = run % per;
      for (size_t i = 0; i < n;) {
        size_t m_count = (i % run) < extra * (base + 1) ? base + 1 : base;
        sc_tile *tile = &t->tiles[nt];
        tile->mr = m_count;
        tile->nkh = real ? nkh : 0;
        tile->nkw = real ? (fuse_kw ? 1 : nkw) : 0;
        tile->klen = fuse_kw ? nkw * cin_g : cin_g;
        tile->w_off = real ? (kh0 * g->kw + kw0) * cin_g * nr : 0;
        tile->w_row_skip = real ? (g->kw - nkw) * cin_g * nr : 0;
        tile->window3 = real && row_tiles && nkw == 3 && g->sw == 1 && g->dw == 1;
        for (size_t m = 0; m < mr; m++) {
          /* pixels past the tile's end repeat its last one; kernels never read them */
          size_t p = i + (m < m_count ? m : m_count - 1);
          size_t oh = r + p / cl, ow = c + p % cl;
          t->pix_out[nt * mr + m] = (oh * g->ow + ow) * g->cout;
          t->pix_in[nt * mr + m] =
              real ? ((oh * g->sh + kh0 * g->dh - g->pad_top) * g->iw + (ow * g->sw + kw0 * g->dw - g->pad_left)) * g->cin
                   : 0;
        }
        nt++;
        i += m_count;
      }
      c += cl;
    }
    r += rl;
  }
  t->ntiles = nt;
}
