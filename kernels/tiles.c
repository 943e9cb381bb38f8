/* Tile table shared by every ISA: output pixels grouped by the range of kernel taps that fall
 * inside the input, so kernels skip padded taps without a branch in their inner loops.
 *
 * For an output row oh the real kernel rows are [kh0, kh0 + nkh); both ends are monotone in
 * oh, so rows of one "class" form contiguous runs (same for columns). Every (row run x column
 * run) rectangle is one class; its pixels, row-major, are cut into tiles of up to MR.
 *
 * Corner merging. A class of one or two pixels (the corners of a padded map) would make
 * 1- or 2-pixel tiles, which load NR weights per input channel for only 1-2 FMAs per weight
 * vector: on 7x7 and 14x14 maps with wide weight blocks those tiles stream the weights from L2
 * or L3 and took 12 % of resnet_5_3x3's time for 4 % of its work; with one-vector blocks (16
 * channels a group) a 1-pixel tile is one chain of dependent FMAs, an eighth of the FMA rate:
 * the 4 corners of a 14x14 map took 5-6 % of a 32-group layer's time (perf samples). For the
 * kinds whose kernels read zero rows (merge: conv and dot tiles), such a tiny row run is merged
 * into the next (or, at the bottom, previous) larger row run of the same column run whose kernel
 * rows cover its own: the tile uses the host's kernel rows and the merged pixels read the plan's
 * zero row for the kernel rows they lack (pix_kh says which rows are real, per pixel). The zero
 * row spans a kernel row's input, (kw - 1) * dw + 1 pixels of Cin floats, fused taps or not.
 *
 * Depthwise sliding windows of kernel widths 5 and 7 (sc_dw_window): the columns are not split
 * into runs; each row run's rows are cut into tiles of consecutive pixels of one row whatever
 * their column taps, and the window kernel reads zeros for the span columns that fall in the
 * padding (win_lo, win_hi): on a 7x7 map with a 5x5 kernel a row is one tile of 7 pixels instead
 * of five tiles of 1, 1, 3, 1, 1 (and with 3-wide whole-row windows, kernel.h SC_DW_ROW3, a 3x3
 * kernel's row is one tile of 7 instead of 1, 5, 1). A run of 3 real taps gets window tiles of
 * its own. Grouped tiles (SC_KIND_GRP) take the same whole-row 3-wide windows where the plan's
 * windows say (dispatch/select.c grp_windows_pay).
 *
 * Dilated depthwise windows (stride 1, dilation d > 1; kernel.h sc_dw_window): output columns
 * c, c + d, c + 2d ... read input columns d apart that overlap as a stride-1 window's, so a row's
 * columns are cut by residue class mod d, each class into near-equal tiles of pixels d apart (the
 * kernels' epilogue steps sc_job.win_step = d pixels); the span's columns are d input columns
 * apart (xs_w). */
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

/* A run of output rows (or columns) sharing one tap range. */
typedef struct run {
  size_t len, k0, nk;
} run;

/* The run of coordinates starting at o (of n) that share o's tap range. */
static run tap_run(size_t o, size_t n, size_t s, size_t pad, size_t d, size_t k, size_t in) {
  run r;
  size_t k1, nk1, e = o + 1;
  tap_range(o, s, pad, d, k, in, &r.k0, &r.nk);
  while (e < n) {
    tap_range(e, s, pad, d, k, in, &k1, &nk1);
    if (k1 != r.k0 || nk1 != r.nk) break;
    e++;
  }
  r.len = e - o;
  return r;
}

static run row_run(const sc_geom *g, size_t o) { return tap_run(o, g->oh, g->sh, g->pad_top, g->dh, g->kh, g->ih); }
static run col_run(const sc_geom *g, size_t o) { return tap_run(o, g->ow, g->sw, g->pad_left, g->dw, g->kw, g->iw); }

/* Window tiles: the columns from o on that have real taps, as one run over all kw taps (the window
 * kernel reads zeros for each pixel's padded ones), or the run of columns without any. So the first pixel of
 * a window tile has a real tap (its span's first real column is < kw) and so has the last (the
 * span's columns past its first tap's are real). */
static run window_run(const sc_geom *g, size_t o) {
  run r = col_run(g, o);
  if (r.nk == 0) return r;
  for (size_t e = o + r.len; e < g->ow; e = o + r.len) {
    const run n = col_run(g, e);
    if (n.nk == 0) break;
    r.len += n.len;
  }
  r.k0 = 0;
  r.nk = g->kw;
  return r;
}

/* A row run of at most 2 pixels in a column run of width cl, with real taps. */
static int tiny(const run *r, size_t cl) { return r->nk != 0 && r->len * cl <= 2; }

/* Rows [r, *end) of one column run (width cl) form one segment whose tiles use the kernel rows
 * of *host: a single row run, or tiny row runs merged with the run that covers them. */
static void row_segment(const sc_geom *g, size_t r, size_t cl, int merge, size_t *end, run *host) {
  run a = row_run(g, r), b = a;
  size_t e = r + a.len, s, lo, hi;
  *host = a;
  *end = e;
  if (!merge) return;
  if (tiny(&a, cl)) {
    /* leading tiny runs at the top of the map: merge into the first larger run below if it covers
     * all of them. A tiny run further down stays alone (scanning from each one would make the
     * walk quadratic on maps where every run is tiny). */
    if (r != 0) return;
    lo = a.k0;
    hi = a.k0 + a.nk;
    for (s = e; s < g->oh; s += b.len) {
      b = row_run(g, s);
      if (!tiny(&b, cl)) break;
      if (b.k0 < lo) lo = b.k0;
      if (b.k0 + b.nk > hi) hi = b.k0 + b.nk;
    }
    if (s >= g->oh || b.nk == 0 || b.k0 > lo || b.k0 + b.nk < hi) return; /* stays alone */
    *host = b;
    e = s + b.len;
  }
  /* trailing tiny runs that reach the last row: merge into the host if it covers them */
  for (s = e; s < g->oh; s += b.len) {
    b = row_run(g, s);
    if (!tiny(&b, cl) || b.k0 < host->k0 || b.k0 + b.nk > host->k0 + host->nk) break;
  }
  *end = s >= g->oh ? g->oh : e;
}

/* The segment [r, end) that contains row r0, for column runs of width cl. Segments depend on cl
 * only through tiny() (widths 1, 2 and more), and r0 only grows during a walk, so each width
 * class keeps the last segment and steps forward: every segment is computed once per class. */
typedef struct segment {
  size_t r, end;
  run host;
} segment;

static const segment *segment_at(const sc_geom *g, size_t r0, size_t cl, int merge, segment cache[3]) {
  segment *s = &cache[cl < 3 ? cl - 1 : 2];
  while (r0 >= s->end) {
    s->r = s->end;
    row_segment(g, s->r, cl, merge, &s->end, &s->host);
  }
  return s;
}

/* Corner merging needs kernels that read zero rows (merge) and tiles that may cross rows. */
static int merges(int merge, int row_tiles) { return merge && !row_tiles; }

/* One class of pixels (a segment's rows r.. r + rl x a column run c.. c + cl) and how its tiles
 * compute: host row taps hr, column taps cr, win the window stride of its tiles (0: per tap),
 * whole that of whole-row windows (the plan's, sc_dw_window; 0: none). */
typedef struct tile_class {
  const sc_geom *g;
  size_t r, c, rl, cl;
  run hr, cr;
  int real;
  size_t win, whole, cin_g;
  int fuse_kw;
  size_t nr;
} tile_class;

/* Fills tile nt of t: m_count pixels of class k from its pixel i (row-major in the class):
 * consecutive pixels (step 1; tiles other than row tiles may cross rows), or those of i's row
 * `step` columns apart (dilated windows). */
static void fill_tile(const tile_class *k, size_t i, size_t step, size_t m_count, size_t mr, size_t nt, sc_tiling *t) {
  const sc_geom *g = k->g;
  const run hr = k->hr, cr = k->cr;
  const int real = k->real;
  const size_t cin_g = k->cin_g, nr = k->nr, window = k->whole;
  sc_tile *tile = &t->tiles[nt];
  tile->mr = m_count;
  tile->nkh = real ? hr.nk : 0;
  tile->nkw = real ? (k->fuse_kw ? 1 : cr.nk) : 0;
  tile->klen = k->fuse_kw ? cr.nk * cin_g : cin_g;
  tile->w_off = real ? (hr.k0 * g->kw + cr.k0) * cin_g * nr : 0;
  tile->w_row_skip = real ? (g->kw - cr.nk) * cin_g * nr : 0;
  tile->window = k->win;
  tile->win_lo = tile->win_hi = 0; /* (read for whole-row windows only) */
  tile->zero_rows = 0;
  const size_t ow0 = k->c + i % k->cl; /* the tile's first output column */
  if (window) {
    /* span columns [lo, hi) of S*(m_count-1) + kw, d input columns apart (d: the dilation), from
     * the first pixel's first tap x0 = ow*S - pad_left ("negative" left of the input), lie in the
     * input */
    const size_t pos = ow0 * window, span = window * (m_count - 1) + g->kw, d = g->dw;
    const size_t lo = pos < g->pad_left ? (g->pad_left - pos + d - 1) / d : 0;
    const size_t in_end = g->iw + g->pad_left > pos ? (g->iw + g->pad_left - pos + d - 1) / d : 0; /* (iw - x0) / d */
    tile->win_lo = lo < span ? lo : span;
    tile->win_hi = in_end < span ? in_end : span;
    if (tile->win_hi < tile->win_lo) tile->win_hi = tile->win_lo;
  }
  for (size_t m = 0; m < mr; m++) {
    /* pixels past the tile's end repeat its last one; kernels never read them */
    const size_t mm = m < m_count ? m : m_count - 1, p = step > 1 ? i : i + mm; /* p: the pixel's row */
    size_t k0, nk;
    const size_t oh = k->r + p / k->cl, ow = step > 1 ? ow0 + mm * step : k->c + p % k->cl;
    size_t *kh = &t->pix_kh[2 * (nt * mr + m)];
    t->pix_out[nt * mr + m] = oh * g->ow + ow;
    /* input pixel of the host's first kernel row: a merged pixel's may lie above the input
     * ("negative", wraps); the kernel only adds the rows pix_kh marks real */
    /* (a whole-row window tile: every pixel holds the span's column win_lo, in the input) */
    const size_t in_col = window ? ow0 * g->sw + tile->win_lo * g->dw : ow * g->sw + cr.k0 * g->dw;
    t->pix_in[nt * mr + m] = real && (!window || tile->win_lo < tile->win_hi)
                                 ? (oh * g->sh + hr.k0 * g->dh - g->pad_top) * g->iw + (in_col - g->pad_left)
                                 : 0;
    tap_range(oh, g->sh, g->pad_top, g->dh, g->kh, g->ih, &k0, &nk);
    kh[0] = real ? k0 - hr.k0 : 0;
    kh[1] = real ? nk : 0;
    if (real && nk != hr.nk) tile->zero_rows = 1;
  }
}

/* Walks the classes (segments) and cuts them into tiles; counts only when t == NULL. */
static size_t walk(const sc_geom *g, size_t mr, size_t height, size_t cin_g, int fuse_kw, int may_merge,
                   int row_tiles, unsigned windows, size_t nr, sc_tiling *t) {
  size_t nt = 0;
  const int merge = merges(may_merge, row_tiles);
  const size_t window = row_tiles ? sc_dw_window(g, windows) : 0;
  segment cache[3] = {{0, 0, {0, 0, 0}}, {0, 0, {0, 0, 0}}, {0, 0, {0, 0, 0}}};
  /* classes in row-major order; a segment is emitted when its first row run is reached */
  for (size_t r0 = 0, rl0; r0 < g->oh; r0 += rl0) {
    rl0 = row_run(g, r0).len;
    for (size_t c = 0, cl; c < g->ow; c += cl) {
      const run cr = window ? window_run(g, c) : col_run(g, c);
      cl = cr.len;
      const segment *sg = segment_at(g, r0, cl, merge, cache);
      if (sg->r != r0) continue; /* merged into a segment that starts above */
      const size_t r = sg->r, rl = sg->end - sg->r, n = rl * cl; /* <= oh*ow, checked at create */
      const run hr = sg->host;
      const int real = hr.nk != 0 && cr.nk != 0;
      /* whole-row windows (a window tile without real taps only adds the bias), or a run of 3
       * real taps (its span is inside the input; rows with whole-row 3-wide windows run such runs
       * of wider kernels tap by tap, conv_template.h) */
      const size_t win = window ? window
                         : real && row_tiles && cr.nk == 3 && !(windows & SC_DW_ROW3) && (g->sw == 1 || g->sw == 2) &&
                                   (g->dw == 1 || g->sw == 1)
                             ? g->sw
                             : 0;
      const tile_class k = {g, r, c, rl, cl, hr, cr, real, win, window, cin_g, fuse_kw, nr};
      if (!row_tiles) {
        /* The class's pixels are cut into ceil(n / height) tiles of near-equal size, crossing
         * rows: 25 pixels -> 5 x 5, not 4 x 6 + 1 (a 1-pixel tile is load-bound). */
        const size_t per = (n + height - 1) / height, base = n / per, extra = n % per;
        for (size_t i = 0, u = 0; i < n; u++) {
          const size_t m_count = u < extra ? base + 1 : base;
          if (t != NULL) fill_tile(&k, i, 1, m_count, mr, nt, t);
          nt++;
          i += m_count;
        }
        continue;
      }
      /* Row tiles: each row's pixels likewise, in ceil(cl / height) tiles. A dilated window (stride
       * 1, dilation d > 1) slides over one residue class of the row's columns (pixels d apart,
       * whose taps d columns apart overlap as a stride-1 window's do): the row's d classes are cut
       * one after the other. */
      const size_t step = win && g->dw > 1 ? g->dw : 1;
      for (size_t rr = 0; rr < rl; rr++)
        for (size_t q = 0; q < step && q < cl; q++) {
          const size_t len = (cl - q + step - 1) / step, per = (len + height - 1) / height;
          const size_t base = len / per, extra = len % per;
          for (size_t u = 0, idx = 0; u < per; u++) {
            const size_t m_count = u < extra ? base + 1 : base;
            if (t != NULL) fill_tile(&k, rr * cl + q + idx * step, step, m_count, mr, nt, t);
            nt++;
            idx += m_count;
          }
        }
    }
  }
  if (t != NULL) {
    t->ntiles = nt;
    t->mr = mr;
  }
  return nt;
}

size_t sc_tiles_count(const sc_geom *g, size_t mr, size_t height, int fuse_kw, int merge, int row_tiles,
                      unsigned windows) {
  return walk(g, mr, height, 1, fuse_kw, merge, row_tiles, windows, 1, NULL);
}

void sc_tiles_fill(const sc_geom *g, size_t mr, size_t height, size_t cin_g, int fuse_kw, int merge, int row_tiles,
                   unsigned windows, size_t nr, sc_tiling *t) {
  walk(g, mr, height, cin_g, fuse_kw, merge, row_tiles, windows, nr, t);
}

size_t sc_zero_pixels(const sc_geom *g, int merge, int row_tiles) {
  return merges(merge, row_tiles) ? (g->kw - 1) * g->dw + 1 : 0; /* (validated at create) */
}
