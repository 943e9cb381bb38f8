/* Public entry points: validation, output-size rules, plan create / run / destroy. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu.h"
#include "plan.h"

/* ---- checked size arithmetic: each returns 0 on overflow ---- */
static int ck_mul(size_t a, size_t b, size_t *r) {
  if (a != 0 && b > SIZE_MAX / a) return 0;
  *r = a * b;
  return 1;
}
static int ck_add(size_t a, size_t b, size_t *r) {
  if (b > SIZE_MAX - a) return 0;
  *r = a + b;
  return 1;
}

const char *simdconv_status_string(simdconv_status s) {
  switch (s) {
    case SIMDCONV_OK: return "ok";
    case SIMDCONV_INVALID_ARGUMENT: return "invalid argument";
    case SIMDCONV_UNSUPPORTED_ISA: return "unsupported ISA";
    case SIMDCONV_OUT_OF_MEMORY: return "out of memory";
    case SIMDCONV_UNSUPPORTED: return "unsupported kernel or algorithm for this descriptor";
  }
  return "unknown status";
}

const char *simdconv_isa_name(simdconv_isa isa) {
  switch (isa) {
    case SIMDCONV_ISA_AUTO: return "auto";
#define SC_ISA_NAME(NAME, name) case SIMDCONV_ISA_##NAME: return #name;
    SIMDCONV_ISA_LIST(SC_ISA_NAME)
#undef SC_ISA_NAME
    case SIMDCONV_ISA_COUNT: break;
  }
  return "unknown";
}

static int isa_known(simdconv_isa isa) { return isa >= SIMDCONV_ISA_AUTO && isa < SIMDCONV_ISA_COUNT; }

int simdconv_isa_available(simdconv_isa isa) {
  if (isa == SIMDCONV_ISA_AUTO) return 1;
  return isa_known(isa) && sc_isa_kernels_of(isa) != NULL;
}

/* AUTO: the SIMDCONV_ISA environment variable may narrow the choice to an available ISA; an
 * unknown or unavailable value is ignored. Read on every resolution (no cached global). */
simdconv_isa simdconv_best_isa(void) {
  const char *env = getenv("SIMDCONV_ISA");
  if (env != NULL) {
    for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++)
      if (strcmp(env, simdconv_isa_name((simdconv_isa)i)) == 0 && sc_isa_kernels_of((simdconv_isa)i) != NULL)
        return (simdconv_isa)i;
  }
  return sc_best_hw_isa();
}

/* ---- descriptor validation ---- */
static size_t or1(size_t v) { return v ? v : 1; }

/* Output size along one axis, pads resolved; 0 on any invalid or overflowing value. */
static int axis(size_t in, size_t k, size_t s, size_t d, simdconv_padding pad, size_t pb, size_t pa,
                size_t *out, size_t *pad_before) {
  size_t span; /* d*(k-1)+1 */
  if (in == 0 || k == 0 || !ck_mul(d, k - 1, &span) || !ck_add(span, 1, &span)) return 0;
  switch (pad) {
    case SIMDCONV_PADDING_VALID:
      if (in < span) return 0;
      *out = (in - span) / s + 1;
      *pad_before = 0;
      break;
    case SIMDCONV_PADDING_SAME: {
      size_t o = in / s + (in % s != 0), need, total;
      if (!ck_mul(o - 1, s, &need) || !ck_add(need, span, &need)) return 0;
      total = need > in ? need - in : 0;
      *out = o;
      *pad_before = total / 2;
      break;
    }
    case SIMDCONV_PADDING_EXPLICIT: {
      size_t padded;
      if (!ck_add(in, pb, &padded) || !ck_add(padded, pa, &padded) || padded < span) return 0;
      *out = (padded - span) / s + 1;
      *pad_before = pb;
      break;
    }
    default: return 0;
  }
  /* the tile builder computes o*s + pad and in - 1 + pad: keep them representable */
  {
    size_t last, tmp;
    if (!ck_mul(*out, s, &last) || !ck_add(last, *pad_before, &tmp) || !ck_add(in, *pad_before, &tmp) ||
        !ck_add(last, span, &tmp))
      return 0;
  }
  return 1;
}

simdconv_status sc_check_desc(const simdconv_conv2d_desc *d, sc_geom *g) {
  size_t tmp;
  if (d == NULL) return SIMDCONV_INVALID_ARGUMENT;
  g->ih = d->input_height; g->iw = d->input_width; g->cin = d->input_channels; g->cout = d->output_channels;
  g->kh = d->kernel_height; g->kw = d->kernel_width;
  g->sh = or1(d->stride_height); g->sw = or1(d->stride_width);
  g->dh = or1(d->dilation_height); g->dw = or1(d->dilation_width);
  g->groups = or1(d->groups);
  if (g->cin == 0 || g->cout == 0 || g->cin % g->groups != 0 || g->cout % g->groups != 0)
    return SIMDCONV_INVALID_ARGUMENT;
  if (!axis(g->ih, g->kh, g->sh, g->dh, d->padding, d->pad_top, d->pad_bottom, &g->oh, &g->pad_top) ||
      !axis(g->iw, g->kw, g->sw, g->dw, d->padding, d->pad_left, d->pad_right, &g->ow, &g->pad_left))
    return SIMDCONV_INVALID_ARGUMENT;
  switch (d->activation) {
    case SIMDCONV_ACTIVATION_NONE: case SIMDCONV_ACTIVATION_RELU: case SIMDCONV_ACTIVATION_RELU6: break;
    case SIMDCONV_ACTIVATION_CLAMP:
      if (!(d->clamp_min <= d->clamp_max)) return SIMDCONV_INVALID_ARGUMENT; /* also rejects NaN */
      break;
    default: return SIMDCONV_INVALID_ARGUMENT;
  }
  /* tensor sizes in bytes must be representable */
  if (!ck_mul(g->ih, g->iw, &tmp) || !ck_mul(tmp, g->cin, &tmp) || !ck_mul(tmp, sizeof(float), &tmp) ||
      !ck_mul(g->oh, g->ow, &tmp) || !ck_mul(tmp, g->cout, &tmp) || !ck_mul(tmp, sizeof(float), &tmp) ||
      !ck_mul(g->kh, g->kw, &tmp) || !ck_mul(tmp, g->cin / g->groups, &tmp) || !ck_mul(tmp, g->cout, &tmp) ||
      !ck_mul(tmp, sizeof(float), &tmp))
    return SIMDCONV_INVALID_ARGUMENT;
  return SIMDCONV_OK;
}

simdconv_status simdconv_conv2d_output_size(const simdconv_conv2d_desc *desc, size_t *oh, size_t *ow) {
  sc_geom g;
  simdconv_status s;
  if (oh == NULL || ow == NULL) return SIMDCONV_INVALID_ARGUMENT;
  if ((s = sc_check_desc(desc, &g)) != SIMDCONV_OK) return s;
  *oh = g.oh;
  *ow = g.ow;
  return SIMDCONV_OK;
}

/* ---- plan ---- */

static void *alloc_floats(size_t n) {
  void *p = NULL;
  size_t bytes;
  if (!ck_mul(n, sizeof(float), &bytes) || posix_memalign(&p, 64, bytes ? bytes : 64) != 0) return NULL;
  return p;
}

/* A tile table's arrays (any of them NULL) */
static void tiling_free(sc_tiling *t) {
  free(t->tiles);
  free(t->pix_in);
  free(t->pix_out);
  free(t->pix_kh);
  free(t->work);
}

static void plan_free(simdconv_conv2d_plan *p) {
  if (p == NULL) return;
  free(p->packed);
  tiling_free(&p->tiling);
  tiling_free(&p->strips);
  tiling_free(&p->flat);
  free(p->zero);
  free(p->wino_bias);
  free(p);
}

static void plan_activation(simdconv_conv2d_plan *p, const simdconv_conv2d_desc *desc) {
  switch (desc->activation) {
    case SIMDCONV_ACTIVATION_RELU: p->clamp = 1; p->lo = 0.0f; p->hi = __builtin_inff(); break;
    case SIMDCONV_ACTIVATION_RELU6: p->clamp = 1; p->lo = 0.0f; p->hi = 6.0f; break;
    case SIMDCONV_ACTIVATION_CLAMP: p->clamp = 1; p->lo = desc->clamp_min; p->hi = desc->clamp_max; break;
    default: p->clamp = 0; p->lo = -__builtin_inff(); p->hi = __builtin_inff(); break;
  }
}

/* A new plan's fields every plan has (NULL: out of memory). */
static simdconv_conv2d_plan *plan_new(const sc_geom *g, const sc_isa_kernels *k, const sc_kernel_row *row) {
  simdconv_conv2d_plan *p = calloc(1, sizeof *p);
  if (p == NULL) return NULL;
  p->g = *g;
  p->isa = row->isa;
  p->row = row;
  p->clear_upper = k->legacy_sse && sc_cpu_has_avx();
  p->cin_g = g->cin / g->groups;
  p->cout_g = g->cout / g->groups;
  p->in_image = g->ih * g->iw * g->cin;
  p->out_image = g->oh * g->ow * g->cout;
  p->in_px = g->ih * g->iw;
  p->out_px = g->oh * g->ow;
  p->pool_min_batch = 1; /* Winograd plans: on the pool (direct plans: select.c's rule) */
  p->tiling.images = p->strips.images = p->flat.images = 1;
  return p;
}

/* A Winograd plan (row->kind == SC_KIND_WINO, computing g): the transformed weights U and the
 * chunks' biases; no tile table (the kernel walks the m x m output tiles itself). */
static simdconv_status plan_build_wino(const sc_geom *gp, const simdconv_conv2d_desc *desc, const float *weights,
                                       const float *bias, const sc_isa_kernels *k, const sc_kernel_row *row,
                                       simdconv_conv2d_plan **out_plan) {
  const sc_geom g = *gp;
  const sc_wino_info *wi = row->wino;
  simdconv_conv2d_plan *p;
  size_t tiles_h = (g.oh + wi->m - 1) / wi->m, bias_floats;
  if ((p = plan_new(&g, k, row)) == NULL) return SIMDCONV_OUT_OF_MEMORY;
  p->wino = wi;
  p->pack_groups = g.groups;
  p->wblk = sc_wino_blocking(&g, row, sc_this_tuning());
  const size_t nc = p->wblk.nc;
  p->ranges = (p->cout_g + nc - 1) / nc;
  p->blocks = p->ranges;
  p->tiles_w = (g.ow + wi->m - 1) / wi->m;
  const sc_wino_layout layout = {.m = wi->m, .groups = g.groups, .cin_g = p->cin_g, .cout_g = p->cout_g,
                                 .ld = g.cout, .kc = p->wblk.kc, .nc = nc, .nr = wi->gemm_nr};
  p->packed_floats = sc_wino_packed_floats(&layout, &p->wino_chunk_floats);
  if (p->packed_floats == 0 || !ck_mul(tiles_h, p->tiles_w, &p->tiling.ntiles) ||
      !ck_mul(g.groups * p->ranges, nc, &bias_floats)) {
    free(p);
    return SIMDCONV_INVALID_ARGUMENT;
  }
  p->packed = alloc_floats(p->packed_floats);
  p->wino_bias = calloc(bias_floats, sizeof(float));
  if (p->packed == NULL || p->wino_bias == NULL) {
    plan_free(p);
    return SIMDCONV_OUT_OF_MEMORY;
  }
  sc_wino_pack(p->packed, weights, &layout);
  if (bias != NULL)
    for (size_t grp = 0; grp < g.groups; grp++)
      for (size_t c = 0; c < p->cout_g; c++)
        p->wino_bias[(grp * p->ranges + c / nc) * nc + c % nc] = bias[grp * p->cout_g + c];
  plan_activation(p, desc);
  *out_plan = p;
  return SIMDCONV_OK;
}

/* Depthwise tile tables in raster order (by first output pixel; tiles.c emits them per tap class,
 * so consecutive tiles of a class rectangle sit in every row): a chunk of consecutive tiles is
 * then a band of whole rows, and a pool's threads write separate regions of the image. AMD EPYC
 * Zen 5 (family 26 model 2), 2 threads, after the unit order of sc_plan_run_units: 14x14x384 3x3
 * dw 14.5 -> 12.8 us, 28x28x192 22-24 -> 20.7 us, 7x7x960 13.2 -> 12.5 us (one thread 10-11, 25,
 * 8: small depthwise layers still gain little or nothing from a second thread).
 * With `strips` (sc_choice.dw_strips; the output is ow x oh) by the first pixel's column, then its
 * row: the tiles of one column position from the top row to the bottom, strip after strip, for
 * runs on the calling thread (pools keep raster order: a pool's threads in strips wrote the pixels
 * at the strips' edges, in lines they share where a pixel is not whole lines, 28x28x58 0.50x on 2
 * threads). Sorts t's tiles into dst (dst == t: in place; work prefix sums not kept). Returns 0
 * when out of memory (dst is left as it was). */
typedef struct tile_key {
  size_t pix, idx;
} tile_key;
static int tile_key_cmp(const void *a, const void *b) {
  const tile_key *x = a, *y = b;
  return x->pix < y->pix ? -1 : x->pix > y->pix;
}
static int tiles_sorted(sc_tiling *dst, const sc_tiling *t, int strips, size_t ow, size_t oh) {
  const size_t n = t->ntiles, mr = t->mr;
  tile_key *k = malloc((n ? n : 1) * sizeof *k);
  sc_tile *tiles = malloc((n ? n : 1) * sizeof *tiles);
  size_t *pin = malloc((n ? n : 1) * mr * sizeof *pin), *pout = malloc((n ? n : 1) * mr * sizeof *pout);
  size_t *pkh = malloc((n ? n : 1) * 2 * mr * sizeof *pkh);
  if (k == NULL || tiles == NULL || pin == NULL || pout == NULL || pkh == NULL) {
    free(k); free(tiles); free(pin); free(pout); free(pkh);
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    const size_t px = t->pix_out[i * mr];
    k[i] = (tile_key){strips ? px % ow * oh + px / ow : px, i};
  }
  qsort(k, n, sizeof *k, tile_key_cmp);
  for (size_t i = 0; i < n; i++) {
    const size_t j = k[i].idx;
    tiles[i] = t->tiles[j];
    memcpy(pin + i * mr, t->pix_in + j * mr, mr * sizeof *pin);
    memcpy(pout + i * mr, t->pix_out + j * mr, mr * sizeof *pout);
    memcpy(pkh + 2 * i * mr, t->pix_kh + 2 * j * mr, 2 * mr * sizeof *pkh);
  }
  free(k);
  if (dst == t) tiling_free(dst);
  *dst = *t;
  dst->tiles = tiles; dst->pix_in = pin; dst->pix_out = pout; dst->pix_kh = pkh; dst->work = NULL;
  return 1;
}

/* The tiles' work prefix sums (sc_tiling.work): a tile's multiply-adds per output channel, plus a
 * store per pixel. Returns 0 when out of memory; a sum past SIZE_MAX leaves work NULL (chunks by
 * tile counts). */
static int tiles_work(sc_tiling *t) {
  size_t *w = malloc((t->ntiles + 1) * sizeof *w);
  if (w == NULL) return 0;
  w[0] = 0;
  for (size_t i = 0; i < t->ntiles; i++) {
    const sc_tile *x = &t->tiles[i];
    size_t v;
    if (!ck_mul(x->nkh, x->nkw, &v) || !ck_mul(v, x->klen, &v) || !ck_add(v, 1, &v) || !ck_mul(v, x->mr, &v) ||
        !ck_add(w[i], v, &w[i + 1])) {
      free(w);
      return 1;
    }
  }
  t->work = w;
  return 1;
}

/* How tiles.c cuts a plan's pixels into tiles (sc_tiles_count and sc_tiles_fill's parameters). */
typedef struct sc_tiles_spec {
  size_t mr, height, cin_g;
  int fuse_kw, merge, row_tiles;
  unsigned windows;
  size_t nr;
} sc_tiles_spec;

/* Allocates and fills t with g's tiles. INVALID_ARGUMENT where its sizes overflow. */
static simdconv_status tiling_new(sc_tiling *t, const sc_geom *g, const sc_tiles_spec *s) {
  const size_t ntiles = sc_tiles_count(g, s->mr, s->height, s->fuse_kw, s->merge, s->row_tiles, s->windows);
  size_t tile_bytes, pix_bytes, kh_bytes;
  /* pix_in, pix_out: ntiles*mr offsets each; pix_kh: 2 per pixel */
  if (!ck_mul(ntiles, s->mr, &pix_bytes) || !ck_mul(pix_bytes, sizeof(size_t), &pix_bytes) ||
      !ck_mul(pix_bytes, 2, &kh_bytes) || !ck_mul(ntiles, sizeof(sc_tile), &tile_bytes))
    return SIMDCONV_INVALID_ARGUMENT;
  t->tiles = malloc(tile_bytes);
  t->pix_in = malloc(pix_bytes);
  t->pix_out = malloc(pix_bytes);
  t->pix_kh = malloc(kh_bytes);
  if (t->tiles == NULL || t->pix_in == NULL || t->pix_out == NULL || t->pix_kh == NULL) return SIMDCONV_OUT_OF_MEMORY;
  sc_tiles_fill(g, s->mr, s->height, s->cin_g, s->fuse_kw, s->merge, s->row_tiles, s->windows, s->nr, t);
  return SIMDCONV_OK;
}

/* A GEMM plan's flat tiling (select.c flat_images): the tiles of `images` images of g stacked as
 * one image (output rows read input rows in order: image n's pixel i is the stack's pixel
 * n * pixels + i). sc_plan_run_units runs a stack's first images as the tiles of their pixels, so
 * tile t must hold pixels [t * h, t * h + h) of the stack (h: the first tile's height); a table
 * that does not is dropped, and runs go image by image (select.c flat_images only stacks layers
 * whose stacks do; a stack of stride-2 images of odd height, whose last rows read no input, is
 * one this catches). */
static simdconv_status tiling_flat(sc_tiling *t, const sc_geom *g, const sc_tiles_spec *s, size_t images) {
  sc_geom stack = *g;
  stack.ih *= images; /* images < 2 tiles: no overflow */
  stack.oh *= images;
  simdconv_status st = tiling_new(t, &stack, s);
  if (st != SIMDCONV_OK) return st;
  const size_t h = t->ntiles ? t->tiles[0].mr : 1, px = stack.oh * stack.ow;
  int ok = t->ntiles * h == px;
  for (size_t i = 0; ok && i < t->ntiles; i++)
    for (size_t m = 0; ok && m < t->tiles[i].mr; m++) ok = t->tiles[i].mr == h && t->pix_out[i * s->mr + m] == i * h + m;
  if (!ok) {
    tiling_free(t);
    memset(t, 0, sizeof *t);
    t->images = 1;
    return SIMDCONV_OK;
  }
  t->images = images;
  return tiles_work(t) ? SIMDCONV_OK : SIMDCONV_OUT_OF_MEMORY;
}

/* ---- Depthwise inputs off the vector alignment (plan.h dw_align, dw_shifted) ----
 * A depthwise tile loads each pixel's channels in vectors from the input base on. Where the base
 * is 16 bytes off a 64-byte line, as glibc's malloc returns a large block (a std::vector<float>),
 * every AVX-512 load spans two lines. Such a run takes channels [0, h) (h: the floats to the next
 * line) as a head block of h valid channels (the plan's own block 0; kernel.h sc_job.head: run
 * first for each tile, beside the tile's other blocks), then channels [h, C) from weights packed
 * again from channel h, in blocks that start on a line: one short block more, no load split. AMD
 * Zen 4 (family 25 model 17), dw_avx512_10x32, one thread, input and output 4 / 8 / 12 floats off
 * a line, time before / after in one process (15 interleaved rounds): 3x3 stride 2 14x14x512
 * 1.48 / 1.39 / 1.40x, 14x14x576 1.34 / 1.29 / 1.50x, 28x28x256 1.36 / 1.21 / 1.31x, 56x56x144
 * 1.43 / 1.30 / 1.42x, 112x112x96 1.12 / 0.97 / 1.11x; stride 1 7x7x960 1.24 / 1.01 / 1.16x,
 * 14x14x576 1.23 / 1.05 / 1.28x, 28x28x192 1.16 / 1.00 / 1.13x, 56x56x144 1.20 / 1.07 / 1.16x
 * (aligned: 0.96-1.05x, noise). Taken where
 * - the pixels all share the offset (a pixel stride of whole vectors, at most a line) and the
 *   base is on a 16-byte granule (malloc's); other offsets run as before;
 * - the row runs head blocks (SC_DW_HEADS: the 32-register rows; conv_template.h SC_DW_HEAD);
 * - the plan has no 5- or 7-wide windows: their tail blocks (here the head and the last) go tap
 *   by tap (conv_template.h _wtail), slower than the split loads;
 * - the plan has SC_DW_SHIFT_BLOCKS blocks or more (112x112x32, one block: the head doubles it);
 * - the job copies no band (its copy reads the input once, its tiles read the band, aligned);
 * and not beside streamed stores (the head's share a line with the previous pixel's last block:
 * 56x56x144 stride 1, streamed, ran 0.75x). */
#define SC_DW_SHIFT_BLOCKS 3

/* The channel shift h of a depthwise run on io's input (0: none; see above) */
static size_t dw_shift(const simdconv_conv2d_plan *p, const sc_io *io) {
  const uintptr_t a = (uintptr_t)io->x;
  if (p->dw_align == 0 || io->xps % p->dw_align != 0 || a % 16 != 0) return 0;
  const size_t o = (size_t)(a / sizeof(float)) % p->dw_align;
  return o ? p->dw_align - o : 0;
}

/* The layout of a depthwise plan's weights packed again from channel h (channels [h, C)) */
static sc_pack_layout dw_shifted_layout(const sc_pack_layout *l, size_t h) {
  sc_pack_layout sl = *l;
  sl.cout_g = l->cout_g - h;
  return sl;
}

/* Sets a depthwise plan's dw_align and dw_shifted (offsets past the plan's own packed floats, in
 * the layout l): one packing for each shift h of 4, 8, ... floats below the alignment (the
 * shifts of bases 4, 8 and 12 floats past a line). Returns the floats they add (0: none, or
 * overflow: then none). */
static size_t dw_shift_plan(simdconv_conv2d_plan *p, const sc_pack_layout *l) {
  const size_t align = p->row->lanes < 16 ? p->row->lanes : 16; /* one 64-byte line at most */
  size_t total = 0;
  if (!p->depthwise || !(p->row->windows & SC_DW_HEADS) || align <= 4 || p->blocks < SC_DW_SHIFT_BLOCKS ||
      p->window % 8 > 3)
    return 0;
  for (size_t h = 4; h < align; h += 4) {
    const sc_pack_layout sl = dw_shifted_layout(l, h);
    const size_t n = sc_packed_floats(&sl), at = p->packed_floats + total;
    if (n == 0 || !ck_add(total, n, &total)) {
      memset(p->dw_shifted, 0, sizeof p->dw_shifted);
      return 0;
    }
    p->dw_shifted[h / 4] = at;
  }
  p->dw_align = align;
  return total;
}

/* Packs a depthwise plan's shifted weights (dw_shift_plan's offsets) */
static void dw_shift_pack(simdconv_conv2d_plan *p, const sc_pack_layout *l, const float *weights, const float *bias) {
  for (size_t h = 4; h < p->dw_align; h += 4) {
    const sc_pack_layout sl = dw_shifted_layout(l, h);
    sc_pack(p->packed + p->dw_shifted[h / 4], weights + h, bias != NULL ? bias + h : NULL, &sl);
  }
}

/* A plan running `row` (which computes g) of the ISA's kernel set k: packs the weights in the
 * row's layout and builds its tile table; the blocking and streaming are select.c's. */
static simdconv_status plan_build(const sc_geom *gp, const simdconv_conv2d_desc *desc, const float *weights,
                                  const float *bias, const sc_isa_kernels *k, const sc_kernel_row *row,
                                  simdconv_conv2d_plan **out_plan) {
  if (row->kind == SC_KIND_WINO) return plan_build_wino(gp, desc, weights, bias, k, row, out_plan);
  const sc_geom g = *gp;
  const sc_choice c = sc_choose(&g, row, sc_this_tuning());
  simdconv_conv2d_plan *p;
  size_t taps = g.kh * g.kw, mr = row->mr, zero_floats;
  int fuse_kw;
  if ((p = plan_new(&g, k, row)) == NULL) return SIMDCONV_OUT_OF_MEMORY;
  p->fn = row->fn;
  p->nr = row->nr;
  p->depthwise = row->kind == SC_KIND_DW; /* channels in lanes: one packed "group" of all channels */
  /* sliding windows: a depthwise row's, or a grouped row's where they pay (select.c, c.windows) */
  p->window = sc_dw_window(&g, c.windows) ? 8 * g.sw + g.kw : 0;
  p->pack_groups = p->depthwise ? 1 : g.groups;
  const size_t cin_g = p->depthwise ? 1 : p->cin_g; /* the packed layout's input channels per tap */
  if (row->kind == SC_KIND_GRP) {
    /* NR / Cin_g groups pack as one group of NR channels, one block (the last one may hold fewer) */
    const size_t per = p->nr / p->cin_g;
    p->pack_groups = (g.groups + per - 1) / per;
    p->cin_g = p->cout_g = p->nr;
  }
  p->blocks = ((p->depthwise ? g.cout : p->cout_g) + p->nr - 1) / p->nr;
  const sc_pack_layout layout = {.groups = p->pack_groups,
                                 .cout_g = p->depthwise ? g.cout : p->cout_g,
                                 .taps = taps,
                                 .cin_g = cin_g,
                                 .ld = g.cout,
                                 .nr = p->nr,
                                 .kdot = row->kdot};
  p->packed_floats = sc_packed_floats(&layout);
  size_t shifted_floats = dw_shift_plan(p, &layout);
  p->stream = c.stream;
  p->stream_residual = c.stream_residual;
  p->dw_prefetch = c.dw_prefetch;
  p->group_tiles = c.group_tiles;
  p->pool_min_batch = c.pool_min_batch;
  p->block_floats = p->nr + taps * cin_g * p->nr;
  /* the group's blocks in `ranges` near-equal runs of at most unit_blocks (threads get units of
   * equal work) */
  p->ranges = (p->blocks + c.unit_blocks - 1) / c.unit_blocks;
  fuse_kw = !p->depthwise && g.groups == 1 && g.dw == 1;
  p->fused = fuse_kw;
  const int merge = sc_kind_reads_zero_rows(row->kind); /* merged corner pixels (tiles.c) */
  const int row_tiles = p->depthwise || p->window; /* tiles never cross an output row */
  const sc_tiles_spec spec = {mr, c.tile_mr, layout.cin_g, fuse_kw, merge, row_tiles, c.windows, p->nr};
  simdconv_status s;
  if (p->packed_floats == 0 || !ck_add(p->packed_floats, shifted_floats, &p->packed_floats) ||
      !ck_mul(sc_zero_pixels(&g, merge, row_tiles), g.cin, &zero_floats)) {
    free(p);
    return SIMDCONV_INVALID_ARGUMENT;
  }
  if ((s = tiling_new(&p->tiling, &g, &spec)) != SIMDCONV_OK) {
    plan_free(p);
    return s;
  }
  p->packed = alloc_floats(p->packed_floats);
  p->zero = zero_floats ? calloc(zero_floats, sizeof(float)) : NULL;
  if (p->packed == NULL || (zero_floats && p->zero == NULL)) {
    plan_free(p);
    return SIMDCONV_OUT_OF_MEMORY;
  }
  sc_pack(p->packed, weights, bias, &layout);
  dw_shift_pack(p, &layout, weights, bias);
  if ((p->depthwise && !tiles_sorted(&p->tiling, &p->tiling, 0, g.ow, g.oh)) || !tiles_work(&p->tiling) ||
      (c.dw_strips && (!tiles_sorted(&p->strips, &p->tiling, 1, g.ow, g.oh) || !tiles_work(&p->strips)))) {
    plan_free(p);
    return SIMDCONV_OUT_OF_MEMORY;
  }
  if (c.flat_images > 1 && (s = tiling_flat(&p->flat, &g, &spec, c.flat_images)) != SIMDCONV_OK) {
    plan_free(p);
    return s;
  }
  plan_activation(p, desc);
  *out_plan = p;
  return SIMDCONV_OK;
}

/* ---- MEASURE (documented in the header: bounded, bit-identical to DEFAULT) ----
 * Two phases. 1: each candidate in turn (DEFAULT's first): a warm-up run, then timed runs of batch
 * 1 until at least SC_MEASURE_RUNS runs and SC_MEASURE_MIN_SECONDS, at most SC_MEASURE_SECONDS;
 * its time is the fastest run. The two fastest plans are kept. 2: those two again, interleaved
 * (each round runs both in turn, who goes first alternating, a warm-up run before each timed
 * one) until both have SC_MEASURE_RUNS runs and SC_MEASURE_MIN_SECONDS or one has
 * SC_MEASURE_SECONDS; the faster minimum wins, the phase-1 leader on ties. Interleaving gives both
 * the same machine: in phase 1 alone (5 runs each, as before), a burst of other work during one
 * candidate's 0.1 ms picked the wrong kernel for 56x56x32 -> 16 (gemm 12x32 kept, 6 % slower than
 * 12x16; AMD EPYC family 26 model 2). */
#define SC_MEASURE_RUNS 5
#define SC_MEASURE_MIN_SECONDS 0.002
#define SC_MEASURE_SECONDS 0.020

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One timed run of batch 1 (seconds). */
static double time_run(const simdconv_conv2d_plan *p, const sc_io *io) {
  const double t0 = seconds_now();
  sc_run_io(p, 1, io);
  return seconds_now() - t0;
}

/* Whether a plan timed runs times, spent seconds in all, may stop. */
static int timed_enough(int runs, double spent) {
  return spent >= SC_MEASURE_SECONDS || (runs >= SC_MEASURE_RUNS && spent >= SC_MEASURE_MIN_SECONDS);
}

/* Phase 1: the fastest of the plan's timed runs (after one warm-up run). */
static double time_plan(const simdconv_conv2d_plan *p, const sc_io *io) {
  double best = 1e300, spent = 0;
  sc_run_io(p, 1, io);
  for (int r = 0; !timed_enough(r, spent); r++) {
    const double t = time_run(p, io);
    spent += t;
    if (t < best) best = t;
  }
  return best;
}

/* Phase 2: 1 if b is faster than a, timed interleaved (see above). */
static int faster_interleaved(const simdconv_conv2d_plan *a, const simdconv_conv2d_plan *b, const sc_io *io) {
  const simdconv_conv2d_plan *pl[2] = {a, b};
  double best[2] = {1e300, 1e300}, spent[2] = {0, 0};
  for (int r = 0; (!timed_enough(r, spent[0]) || !timed_enough(r, spent[1])) && spent[0] < SC_MEASURE_SECONDS &&
                  spent[1] < SC_MEASURE_SECONDS;
       r++) {
    for (int turn = 0; turn < 2; turn++) {
      const int i = (r + turn) % 2;
      sc_run_io(pl[i], 1, io);
      const double t = time_run(pl[i], io);
      spent[i] += t;
      if (t < best[i]) best[i] = t;
    }
  }
  return best[1] < best[0];
}

/* A candidate MEASURE times against DEFAULT's row def: another row that computes g with the same
 * summation order (bit-identical results). */
static int rival(const sc_kernel_row *r, const sc_kernel_row *def, const sc_geom *g) {
  return r != def && r->order == def->order && sc_row_computes(r, g);
}

/* *plan is DEFAULT's plan; replaces it by the fastest candidate with the same summation order. */
static simdconv_status measure(const sc_geom *g, const simdconv_conv2d_desc *desc, const float *weights,
                               const float *bias, const sc_isa_kernels *k, simdconv_conv2d_plan **plan) {
  size_t candidates = 0;
  const sc_kernel_row *def = (*plan)->row;
  for (size_t i = 0; i < k->count; i++)
    candidates += rival(k->rows[i], def, g);
  if (candidates == 0) return SIMDCONV_OK;
  float *x = alloc_floats((*plan)->in_image), *y = alloc_floats((*plan)->out_image);
  if (x == NULL || y == NULL) {
    free(x);
    free(y);
    return SIMDCONV_OUT_OF_MEMORY;
  }
  /* synthetic input in [-1, 1]: no denormals, no special values */
  for (size_t i = 0; i < (*plan)->in_image; i++) x[i] = (float)((i * 2654435761u) % 2001u) / 1000.0f - 1.0f;
  const sc_io io = {x, y, NULL, g->cin, g->cout, g->cout};
  simdconv_conv2d_plan *second = NULL; /* phase 1's runner-up */
  double best = time_plan(*plan, &io), second_t = 1e300;
  simdconv_status s = SIMDCONV_OK;
  for (size_t i = 0; i < k->count && s == SIMDCONV_OK; i++) {
    const sc_kernel_row *r = k->rows[i];
    simdconv_conv2d_plan *q;
    if (!rival(r, def, g)) continue;
    if ((s = plan_build(g, desc, weights, bias, k, r, &q)) != SIMDCONV_OK) break;
    const double t = time_plan(q, &io);
    if (t < best) { /* q leads, the leader becomes the runner-up */
      plan_free(second);
      second = *plan;
      second_t = best;
      *plan = q;
      best = t;
    } else if (t < second_t) {
      plan_free(second);
      second = q;
      second_t = t;
    } else {
      plan_free(q);
    }
  }
  if (s == SIMDCONV_OK && second != NULL && faster_interleaved(*plan, second, &io)) {
    simdconv_conv2d_plan *const lead = *plan;
    *plan = second;
    second = lead;
  }
  plan_free(second);
  free(x);
  free(y);
  return s;
}

/* The registry row named name, or NULL. */
static const sc_kernel_row *find_kernel(const char *name) {
  for (size_t i = 0, n = sc_registry_count(); i < n; i++)
    if (strcmp(sc_registry_row(i)->name, name) == 0) return sc_registry_row(i);
  return NULL;
}

simdconv_status simdconv_conv2d_create_ex(const simdconv_conv2d_desc *desc, const float *weights, const float *bias,
                                          const simdconv_conv2d_options *options, simdconv_conv2d_plan **out_plan) {
  static const simdconv_conv2d_options defaults; /* all zero */
  const simdconv_conv2d_options *o = options != NULL ? options : &defaults;
  const sc_kernel_row *forced = NULL, *row;
  const sc_isa_kernels *k;
  simdconv_conv2d_plan *p;
  simdconv_isa isa;
  simdconv_status s;
  sc_geom g;
  if (out_plan == NULL || weights == NULL) return SIMDCONV_INVALID_ARGUMENT;
  if (!isa_known(o->isa) || (o->tuning != SIMDCONV_TUNING_DEFAULT && o->tuning != SIMDCONV_TUNING_MEASURE) ||
      (o->algorithm != SIMDCONV_ALGORITHM_DIRECT && o->algorithm != SIMDCONV_ALGORITHM_WINOGRAD &&
       o->algorithm != SIMDCONV_ALGORITHM_FASTEST))
    return SIMDCONV_INVALID_ARGUMENT;
  if (o->kernel != NULL && (forced = find_kernel(o->kernel)) == NULL) return SIMDCONV_INVALID_ARGUMENT;
  if ((s = sc_check_desc(desc, &g)) != SIMDCONV_OK) return s;
  isa = o->isa;
  if (forced != NULL) {
    if (isa != SIMDCONV_ISA_AUTO && isa != forced->isa) return SIMDCONV_UNSUPPORTED_ISA;
    isa = forced->isa;
  } else if (isa == SIMDCONV_ISA_AUTO) {
    isa = simdconv_best_isa();
  }
  if ((k = sc_isa_kernels_of(isa)) == NULL) return SIMDCONV_UNSUPPORTED_ISA;
  if (forced != NULL) {
    /* the kernel sets the algorithm; WINOGRAD with a direct kernel contradicts it */
    if (!sc_row_computes(forced, &g) || (o->algorithm == SIMDCONV_ALGORITHM_WINOGRAD && forced->kind != SC_KIND_WINO))
      return SIMDCONV_UNSUPPORTED;
    row = forced;
  } else if (o->algorithm == SIMDCONV_ALGORITHM_WINOGRAD) {
    if ((row = sc_select_winograd(&g, k->rows, k->count, sc_this_tuning())) == NULL) return SIMDCONV_UNSUPPORTED;
  } else if ((row = sc_select_default(&g, k->rows, k->count, sc_this_tuning())) == NULL) {
    return SIMDCONV_UNSUPPORTED; /* not reached: every ISA has a convolution row */
  } else if (o->algorithm == SIMDCONV_ALGORITHM_FASTEST) {
    const sc_kernel_row *w = sc_select_winograd(&g, k->rows, k->count, sc_this_tuning());
    if (w != NULL && sc_winograd_pays(&g, w, sc_this_tuning())) row = w;
  }
  if ((s = plan_build(&g, desc, weights, bias, k, row, &p)) != SIMDCONV_OK) return s;
  if (forced == NULL && o->tuning == SIMDCONV_TUNING_MEASURE && (s = measure(&g, desc, weights, bias, k, &p)) != SIMDCONV_OK) {
    plan_free(p);
    return s;
  }
  *out_plan = p;
  return SIMDCONV_OK;
}

simdconv_status simdconv_conv2d_create(const simdconv_conv2d_desc *desc, const float *weights, const float *bias,
                                       simdconv_isa isa, simdconv_conv2d_plan **out_plan) {
  simdconv_conv2d_options o;
  memset(&o, 0, sizeof o);
  o.isa = isa;
  return simdconv_conv2d_create_ex(desc, weights, bias, &o, out_plan);
}

const char *simdconv_conv2d_kernel(const simdconv_conv2d_plan *p) { return p ? p->row->name : ""; }

size_t simdconv_kernel_count(void) { return sc_registry_count(); }

const char *simdconv_kernel_name(size_t index) {
  const sc_kernel_row *r = sc_registry_row(index);
  return r ? r->name : NULL;
}

simdconv_isa simdconv_kernel_isa(size_t index) {
  const sc_kernel_row *r = sc_registry_row(index);
  return r ? r->isa : SIMDCONV_ISA_AUTO;
}

size_t sc_plan_units(const simdconv_conv2d_plan *p, sc_chunking ck) {
  const size_t stacks = (ck.batch + ck.tiling->images - 1) / ck.tiling->images; /* images, or flat stacks */
  return stacks * p->pack_groups * p->ranges * ck.n;
}

/* The first tile of chunk c: chunk c starts at the tile boundary nearest to c / n of the tiles'
 * work (sc_tiling.work), or, without it (Winograd), at grain floor(c * grains / n): any run of k
 * consecutive chunks holds about k / n of the work. A pool's threads take equal runs of
 * consecutive units (parallel.c). Before, chunks of a fixed number of tiles (the last one short),
 * 33 tiles in 11 chunks of 3, gave 2 threads 6 and 5 chunks, 18 and 15 tiles: 1.83x at best,
 * where oneDNN scaled 1.98x (DenseNet's 14x14 1x1 layers); and tiles differ (a map's edge tiles
 * have fewer taps, its corners fewer pixels), so equal tile counts are not equal work. */
/* floor(c * x / n) for c <= n, without overflow */
static size_t share(size_t x, size_t c, size_t n) { return x / n * c + x % n * c / n; }

static size_t chunk_start(sc_chunking ck, size_t c) {
  const size_t n = ck.tiling->ntiles;
  if (c == 0) return 0;
  if (c >= ck.n) return n;
  if (ck.tiling->work != NULL && ck.grain == 1) {
    const size_t *w = ck.tiling->work, total = w[n];
    const size_t goal = share(total, c, ck.n);
    size_t lo = 0, hi = n; /* the first tile t with w[t] >= goal, then the nearer of t - 1 and t */
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (w[mid] < goal) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && goal - w[lo - 1] < w[lo] - goal ? lo - 1 : lo;
  }
  const size_t grains = (n + ck.grain - 1) / ck.grain;
  const size_t t = share(grains, c, ck.n) * ck.grain;
  return t < n ? t : n;
}

/* Units [begin, end) of a Winograd plan: image x group x output-channel chunk x tile range. */
static void wino_run_units(const simdconv_conv2d_plan *p, const sc_io *io, sc_chunking ck, size_t begin, size_t end) {
  const sc_geom *g = &p->g;
  const size_t nc = p->wblk.nc;
  sc_wino_job j;
  j.xps = io->xps;
  j.yps = io->yps;
  j.rps = io->rps;
  j.ih = g->ih; j.iw = g->iw; j.oh = g->oh; j.ow = g->ow;
  j.pad_top = g->pad_top;
  j.pad_left = g->pad_left;
  j.cin = p->cin_g;
  j.tiles_w = p->tiles_w;
  j.t = p->wblk.t;
  j.kc = p->wblk.kc;
  j.ncc = nc;
  j.clamp = p->clamp;
  j.lo = p->lo;
  j.hi = p->hi;
  if (p->clear_upper) sc_clear_upper(); /* see kernel.h */
  for (size_t u = begin; u < end; u++) {
    const size_t c = u % ck.n, r = u / ck.n % p->ranges, rest = u / ck.n / p->ranges;
    const size_t grp = rest % p->pack_groups, n = rest / p->pack_groups;
    const size_t ch = grp * p->cout_g + r * nc; /* the chunk's first output channel */
    j.t0 = chunk_start(ck, c);
    j.t1 = chunk_start(ck, c + 1);
    j.input = io->x + n * p->in_px * io->xps + grp * p->cin_g;
    j.output = io->y + n * p->out_px * io->yps + ch;
    j.res = io->r ? io->r + n * p->out_px * io->rps + ch : NULL;
    j.u = p->packed + (grp * p->ranges + r) * p->wino_chunk_floats;
    j.bias = p->wino_bias + (grp * p->ranges + r) * nc;
    j.nc = p->cout_g - r * nc < nc ? p->cout_g - r * nc : nc;
    p->wino->fn(&j);
  }
}

void sc_plan_run_units(const simdconv_conv2d_plan *p, const sc_io *io, sc_chunking ck, size_t begin, size_t end) {
  if (p->wino != NULL) {
    wino_run_units(p, io, ck, begin, end);
    return;
  }
  const sc_geom *g = &p->g;
  const sc_tiling *const tl = ck.tiling;
  const size_t mr = tl->mr;
  sc_job j;
  j.xps = io->xps;
  j.yps = io->yps;
  j.rps = io->rps;
  j.xs_h = g->dh * g->iw * io->xps;
  j.xs_w = g->dw * io->xps;
  j.row_px = g->dh * g->iw;
  j.iw = g->iw;
  j.band_ps = 0;
  j.prefetch = p->dw_prefetch;
  const sc_tuning *tuning = sc_this_tuning(); /* for the depthwise band (per job: its channels) */
  /* a strided input: fused kernel rows are not contiguous, and the zero row is a dense row */
  j.unfuse = p->fused && io->xps != g->cin ? p->cin_g : 0;
  j.split_zero = io->xps != g->cin;
  if (p->clear_upper) sc_clear_upper(); /* see kernel.h */
  j.zero = p->zero;
  j.clamp = p->clamp;
  /* every pixel's blocks 64-byte aligned: the base, and pixel strides of whole 64-byte lines. With
   * a residual only where the CPU's class gains from it (select.c, stream_residual) and the
   * residual is a dense tensor of its own (dense output and residual cannot be windows of one
   * buffer); elsewhere its reads beside the streamed stores lost (AVX2, AMD EPYC Zen 3 family 25
   * model 1, one process, fused run_ex, GEMM, residual separate / in place: 28x28x128 -> 512 1.19x /
   * 1.36x faster unstreamed, 112x112x16 -> 96 1.03x / 1.08x, resnet_2_1x1 0.98x / 1.03x) */
  const int res_ok = io->r == NULL || (p->stream_residual && io->r != io->y && io->rps == g->cout && io->yps == g->cout);
  /* a depthwise input off the vector alignment: channels [0, shift) as a short block, the rest
   * from weights packed from channel shift (dw_shift): bs blocks */
  const size_t shift = p->depthwise ? dw_shift(p, io) : 0;
  const size_t bs = shift ? (g->cout - shift + p->nr - 1) / p->nr : p->blocks;
  const float *const w_shifted = p->packed + p->dw_shifted[shift / 4];
  const int stream = p->stream && res_ok && io->yps % 16 == 0; /* and the job's output base aligned */
  j.head = 0;
  j.head_w = p->packed;
  j.lo = p->lo;
  j.hi = p->hi;
  j.window = p->window;
  j.win_step = g->dw; /* window tiles of dilated layers (stride 1 only, tiles.c) */
  for (size_t u = begin; u < end; u++) {
    /* unit u: tile chunk c, block range r, then group and image. Depthwise units take their block
     * range fastest, so that a pool's threads (which take consecutive units) write different pixels,
     * not different channels of the same pixels: AMD EPYC Zen 5 (family 26 model 2), 2 threads,
     * 14x14x384 3x3 dw 27 -> 17 us, 28x28x192 43 -> 24 us (one thread: 11-14 and 36). */
    size_t c, r, rest;
    if (p->depthwise) {
      r = u % p->ranges;
      c = u / p->ranges % ck.n;
      rest = u / p->ranges / ck.n;
    } else {
      c = u % ck.n;
      r = u / ck.n % p->ranges;
      rest = u / ck.n / p->ranges;
    }
    /* the unit's blocks: range r of `ranges` near-equal ranges (sizes q + 1, then q) */
    size_t q = p->blocks / p->ranges, extra = p->blocks % p->ranges;
    size_t b = r * q + (r < extra ? r : extra);
    size_t grp = rest % p->pack_groups, n = rest / p->pack_groups; /* n: image, or flat stack */
    size_t t0 = chunk_start(ck, c), t1 = chunk_start(ck, c + 1), cut = 0;
    if (tl->images > 1 && (n + 1) * tl->images > ck.batch) {
      /* the last stack of a flat tiling (one chunk) holds fewer images: their pixels' whole tiles,
       * then a tile cut to the rest (tiling_flat: tile t holds pixels [t * h, t * h + h)) */
      const size_t px = (ck.batch - n * tl->images) * p->out_px, h = tl->tiles[0].mr;
      t1 = px / h;
      cut = px % h;
    }
    if (t0 == t1 && cut == 0) continue; /* a chunk inside one tile's work */
    /* the packed group's output channels (grouped tiles: the layer's last one may be short) */
    size_t per_group = p->depthwise ? g->cout : g->cout - grp * p->cout_g < p->cout_g ? g->cout - grp * p->cout_g : p->cout_g;
    size_t ch = grp * p->cout_g + b * p->nr; /* the block's first output channel */
    j.tiles = tl->tiles + t0;
    j.ntiles = t1 - t0;
    j.pix_in = tl->pix_in + t0 * mr;
    j.pix_out = tl->pix_out + t0 * mr;
    j.pix_kh = tl->pix_kh + 2 * t0 * mr;
    j.group_tiles = p->group_tiles;
    j.w_block = p->block_floats;
    n *= tl->images; /* the unit's first image */
    const float *const x = io->x + n * p->in_px * io->xps;
    float *const y = io->y + n * p->out_px * io->yps;
    const float *const res = io->r ? io->r + n * p->out_px * io->rps : NULL;
    j.blocks = q + (r < extra);
    /* a band is copied for tiles in raster order (one output row's tiles read the same input
     * rows); tiles in strips read the input where it is. A band's copy reads the input once and
     * its tiles read the band, aligned: no shift then */
    j.band_ps = p->depthwise && tl == &p->tiling ? sc_dw_band_stride(g, p->row, io->xps, j.blocks * p->nr, tuning) : 0;
    const size_t sh = j.band_ps ? 0 : shift, blocks = sh ? bs : p->blocks;
    if (sh) {
      if (b >= bs) continue; /* the unit's blocks past the shifted channels' last one */
      if (b + j.blocks > bs) j.blocks = bs - b;
      ch += sh;
      per_group -= sh;
    }
    j.head = b == 0 ? sh : 0; /* channels [0, sh): block 0 of the plan's own packing */
    j.input = x + (p->depthwise ? sh + b * p->nr : grp * p->cin_g);
    j.output = y + ch;
    j.res = res ? res + ch : NULL;
    j.w = (sh ? w_shifted : p->packed) + (grp * blocks + b) * p->block_floats;
    /* (not beside a head block: its stores share a line with the pixel before's last block) */
    j.stream = stream && sh == 0 && ((uintptr_t)y & 63) == 0;
    size_t last = b + j.blocks - 1; /* the valid channels of the unit's last block */
    j.nc = per_group - last * p->nr < p->nr ? per_group - last * p->nr : p->nr;
    if (t1 > t0) p->fn(&j);
    if (cut) {
      sc_tile last = tl->tiles[t1];
      last.mr = cut;
      j.tiles = &last;
      j.ntiles = 1;
      j.pix_in = tl->pix_in + t1 * mr;
      j.pix_out = tl->pix_out + t1 * mr;
      j.pix_kh = tl->pix_kh + 2 * t1 * mr;
      p->fn(&j);
    }
  }
}

/* The floats a tensor of n pixels with pixel stride ps and c channels spans (0 on overflow). */
static size_t span_floats(size_t n, size_t ps, size_t c) {
  size_t r;
  if (!ck_mul(n - 1, ps, &r) || !ck_add(r, c, &r)) return 0;
  return r;
}

/* Whether two strided tensors share no element: their extents are disjoint, or they are channel
 * windows of one tensor (equal pixel strides, the second's channels [d, d + cb) within each of the
 * first's pixels, d >= ca, d + cb <= stride: DenseNet-style concatenation). */
static int windows_disjoint(const float *a, size_t aspan, size_t aps, size_t ca, const float *b, size_t bspan,
                            size_t bps, size_t cb) {
  uintptr_t a0 = (uintptr_t)a, b0 = (uintptr_t)b;
  if (a0 + aspan * sizeof(float) <= b0 || b0 + bspan * sizeof(float) <= a0) return 1;
  if (aps != bps || (b0 > a0 ? b0 - a0 : a0 - b0) % sizeof(float) != 0) return 0;
  /* d: b's first element within a's pixel grid, (b - a) mod stride, in floats. Every element of a
   * is at a channel in [0, ca) of that grid, every element of b in [d, d + cb). */
  size_t d = b0 >= a0 ? (size_t)((b0 - a0) / sizeof(float)) % aps
                      : (aps - (size_t)((a0 - b0) / sizeof(float)) % aps) % aps;
  return d >= ca && d + cb <= aps;
}

simdconv_status sc_check_io(const simdconv_conv2d_plan *p, size_t batch, const sc_io *io) {
  size_t nin, nout, in_span, out_span, res_span = 0;
  if (batch == 0) return SIMDCONV_OK;
  if (io->x == NULL || io->y == NULL) return SIMDCONV_INVALID_ARGUMENT;
  if (io->xps < p->g.cin || io->yps < p->g.cout || (io->r != NULL && io->rps < p->g.cout))
    return SIMDCONV_INVALID_ARGUMENT;
  if (!ck_mul(batch, p->in_px, &nin) || !ck_mul(batch, p->out_px, &nout)) return SIMDCONV_INVALID_ARGUMENT;
  if ((in_span = span_floats(nin, io->xps, p->g.cin)) == 0 || (out_span = span_floats(nout, io->yps, p->g.cout)) == 0 ||
      (io->r != NULL && (res_span = span_floats(nout, io->rps, p->g.cout)) == 0))
    return SIMDCONV_INVALID_ARGUMENT;
  /* every element's address is representable (no wrap past the end of the address space) */
  if (in_span > (SIZE_MAX - (uintptr_t)io->x) / sizeof(float) || out_span > (SIZE_MAX - (uintptr_t)io->y) / sizeof(float) ||
      (io->r != NULL && res_span > (SIZE_MAX - (uintptr_t)io->r) / sizeof(float)))
    return SIMDCONV_INVALID_ARGUMENT;
  if (!windows_disjoint(io->x, in_span, io->xps, p->g.cin, io->y, out_span, io->yps, p->g.cout))
    return SIMDCONV_INVALID_ARGUMENT;
  /* the residual: the output itself (read, then overwritten, element by element), or disjoint */
  if (io->r != NULL && !((const float *)io->y == io->r && io->yps == io->rps) &&
      !windows_disjoint(io->y, out_span, io->yps, p->g.cout, io->r, res_span, io->rps, p->g.cout))
    return SIMDCONV_INVALID_ARGUMENT;
  return SIMDCONV_OK;
}

/* Runs a checked io on the calling thread: one chunk holding every tile, blocks (GEMM: block
 * ranges) outer, tiles inner (a weight block stays in cache). */
void sc_run_io(const simdconv_conv2d_plan *p, size_t batch, const sc_io *io) {
  const sc_tiling *flat = sc_flat_tiling(p, batch);
  const sc_chunking one = {1, 1, p->strips.tiles != NULL ? &p->strips : flat != NULL ? flat : &p->tiling, batch};
  sc_plan_run_units(p, io, one, 0, sc_plan_units(p, one));
}

simdconv_isa simdconv_conv2d_isa(const simdconv_conv2d_plan *p) { return p ? p->isa : SIMDCONV_ISA_AUTO; }

size_t simdconv_conv2d_input_pixel_stride(const simdconv_conv2d_plan *p) {
  if (p == NULL) return 0;
  return p->wino != NULL ? p->g.cin : sc_input_stride(&p->g, p->row, sc_this_tuning());
}

size_t simdconv_conv2d_packed_bytes(const simdconv_conv2d_plan *p) { return p ? p->packed_floats * sizeof(float) : 0; }

void simdconv_conv2d_destroy(simdconv_conv2d_plan *p) {
  if (p != NULL) plan_free(p);
}

simdconv_status simdconv_conv2d(const simdconv_conv2d_desc *desc, size_t batch, const float *input,
                                const float *weights, const float *bias, float *output) {
  simdconv_conv2d_plan *p;
  simdconv_status s;
  sc_geom g;
  if (batch == 0) {
    if ((s = sc_check_desc(desc, &g)) != SIMDCONV_OK) return s;
    return weights == NULL ? SIMDCONV_INVALID_ARGUMENT : SIMDCONV_OK;
  }
  if (input == NULL || output == NULL) return SIMDCONV_INVALID_ARGUMENT;
  if ((s = simdconv_conv2d_create(desc, weights, bias, SIMDCONV_ISA_AUTO, &p)) != SIMDCONV_OK) return s;
  const sc_io io = {input, output, NULL, p->g.cin, p->g.cout, p->g.cout}; /* dense, as simdconv_conv2d_run */
  if ((s = sc_check_io(p, batch, &io)) == SIMDCONV_OK) sc_run_io(p, batch, &io);
  simdconv_conv2d_destroy(p);
  return s;
}
