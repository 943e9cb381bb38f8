/* Per-kernel tests that iterate the registry: every kernel the library has, found through the
 * public API (simdconv_kernel_count / _name / _isa), is forced with simdconv_conv2d_create_ex
 * (options.kernel) on the descriptors it can compute, and every output is compared with the fp64
 * reference (tests/reference.c). No kernel name, ISA or tile size is written here: a new registry
 * row is picked up, and covered, automatically.
 *
 *   test_kernels          every case; fails if a runnable kernel missed a tile height 1..MR, an
 *                         output-channel count 1..NR+1 (per group; depthwise: channels) or, where
 *                         the library streams its stores, a streamed or a non-streamed run
 *   test_kernels quick    fewer cases (valgrind); coverage is printed, tile heights enforced
 *
 * Per kernel (the row's kind, MR, NR and kdot come from the internal registry, dispatch/cpu.h):
 *   - dense convolutions: 3x3, 1x1, 5x5 dilated, SAME / VALID / EXPLICIT padding (padded tap
 *     classes, merged corner pixels with zero rows, pixels with no real tap), groups 1-3, strides;
 *     input channels per group in multiples of kdot (dot kernels), reductions across 127/128 taps
 *     x channels, 1..kdot chunks;
 *   - 1x1 unpadded layers (GEMM-shaped), stride 1 and 2, many output-channel blocks;
 *   - depthwise layers (groups == Cin == Cout): 3x3 stride 1 with sliding-window tiles, stride 2,
 *     5x5, 7x7, dilated;
 *   - grouped layers of C = 2, 4, 8 channels a group (grouped tiles: several groups a vector):
 *     group counts that fill one block, several, and part of the last, paddings, strides, dilation;
 *   - tile heights 1..MR from 1-row outputs of width m, channels 1..NR+1 (and multi-block counts);
 *   - streamed stores: for a kernel that honours them, one output past the library's streaming
 *     size (dispatch/select.c sc_choose, sc_this_tuning) run 64-byte aligned (streamed) and offset
 *     by one float (not streamed);
 *   - every descriptor a kernel cannot compute (sc_row_computes false) is a check that create_ex
 *     says SIMDCONV_UNSUPPORTED and leaves *plan untouched; a kernel this CPU does not run is
 *     SIMDCONV_UNSUPPORTED_ISA; a forced kernel with another ISA in options.isa too.
 * Winograd rows (SC_KIND_WINO) go through the same descriptors for those status checks only: the
 * ones they compute (3x3 stride-1 layers) are not run here (no tile table, another error bound and
 * special-value rule): tests/test_winograd.c runs them.
 * Which tile heights a case ran is read from the plan's tile table (dispatch/plan.h).
 *
 * SIMDCONV_TEST_MAX_ISA=<isa> (as tests/harness.c): kernels of ISAs above it are skipped. */
#define _POSIX_C_SOURCE 200112L /* posix_memalign */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simdconv/simdconv.h>

#include "cpu.h"       /* dispatch/: the registry rows, sc_this_tuning; select.h: sc_row_computes, sc_choose */
#include "harness.h"
#include "plan.h"      /* dispatch/: the plan's tile table and stream flag */
#include "force_stream.h"
#include "reference.h"
#include "geom.h"

static int quick;

/* ---- what one kernel was run on ---- */
typedef struct kcov {
  const sc_kernel_row *row;
  size_t cases, unsupported, zero_row_tiles, window_tiles, window_rows_checked;
  size_t wino_skipped;    /* Winograd rows: descriptors they compute, left to test_winograd */
  unsigned char *height;  /* [mr + 1]: tile heights run */
  unsigned char *wheight; /* [SC_WINDOWS][mr + 1]: sliding-window tile heights run, per window */
  unsigned char *chan;    /* [nr + 2]: output channels per group (depthwise kernels: channels) run */
  unsigned char *chan_na; /* [nr + 2]: counts the kernel cannot compute (checked UNSUPPORTED) */
  unsigned char *tail;    /* [nr + 1]: valid channels of the last block run */
  int can_stream;         /* the library streams this kernel's stores for a large output */
  size_t stream_bytes;    /* nonzero: the case's plan streams as past a threshold of this many bytes */
  int can_group;          /* the library runs this GEMM kernel's tiles in groups (sc_choice.group_tiles) */
  size_t prefetched;      /* depthwise cases whose tiles prefetch the next input rows (sc_choice.dw_prefetch) */
  size_t grouped;         /* cases run in groups */
  size_t streamed, plan_stream_unaligned, unstreamed;
  long failures_before;
} kcov;

/* Sliding windows (kernel.h): strides 1, 2 x widths 3 (runs of 3 real taps, or whole rows on rows
 * with SC_DW_ROW3), 5, 7 (whole rows, those SC_DW_WINDOW_K has). */
#define SC_WINDOWS 6
static size_t window_index(size_t s, size_t kw) { return (s - 1) * 3 + (kw - 3) / 2; }

/* A map shape and padding (the cases' geometry tables). */
typedef struct shape_case {
  const char *what;
  size_t h, w, kh, kw, sh, sw, dh, dw;
  simdconv_padding pad;
  size_t pt, pb, pl, pr;
} shape_case;

static size_t nz(size_t v) { return v ? v : 1; }



static size_t weight_count(const simdconv_conv2d_desc *d) {
  return d->kernel_height * d->kernel_width * (d->input_channels / nz(d->groups)) * d->output_channels;
}

static simdconv_conv2d_options forced(const sc_kernel_row *row) {
  simdconv_conv2d_options o;
  memset(&o, 0, sizeof o);
  o.kernel = row->name;
  return o;
}

/* a plan pointer create_ex must not touch on failure */
static char sentinel_object;
#define SENTINEL ((simdconv_conv2d_plan *)(void *)&sentinel_object)

/* create_ex(kernel) on a descriptor the kernel cannot compute: SIMDCONV_UNSUPPORTED, *plan untouched */
static void expect_unsupported(kcov *k, const char *what, const simdconv_conv2d_desc *d) {
  char buf[256];
  float *w = calloc(weight_count(d) + 1, sizeof(float));
  simdconv_conv2d_options o = forced(k->row);
  simdconv_conv2d_plan *p = SENTINEL;
  simdconv_status s = simdconv_conv2d_create_ex(d, w, NULL, &o, &p);
  tc_describe(buf, sizeof buf, d, 1);
  TC_EXPECT(s == SIMDCONV_UNSUPPORTED, "%s %s %s: create_ex said '%s', expected unsupported", k->row->name, what, buf,
            simdconv_status_string(s));
  TC_EXPECT(p == SENTINEL, "%s %s %s: a failing create_ex wrote *plan", k->row->name, what, buf);
  if (s == SIMDCONV_OK && p != SENTINEL) simdconv_conv2d_destroy(p);
  free(w);
  k->unsupported++;
}

/* ---- one case: create_ex(kernel), run, compare with the reference ---- */
#define GUARD 32 /* floats of canaries either side of the output (a multiple of 16: keeps alignment) */
static const uint32_t CANARY = 0x7FC0DEADu;
static float canary(void) { float f; memcpy(&f, &CANARY, sizeof f); return f; }
static int is_canary(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u == CANARY; }

static void *alloc64(size_t floats) {
  void *p = NULL;
  if (posix_memalign(&p, 64, (floats ? floats : 1) * sizeof(float)) != 0) return NULL;
  return p;
}

/* Activations: mostly none, some relu / relu6 / clamp (by the kernel's case number). */
static void vary_activation(simdconv_conv2d_desc *d, size_t n) {
  switch (n % 6) {
    case 2: d->activation = SIMDCONV_ACTIVATION_RELU; break;
    case 4: d->activation = SIMDCONV_ACTIVATION_CLAMP; d->clamp_min = -0.4f; d->clamp_max = 0.7f; break;
    case 5: if (n % 12 == 11) d->activation = SIMDCONV_ACTIVATION_RELU6; break;
    default: break;
  }
}

/* out_shift: floats past a 64-byte boundary where the output starts (0: aligned, so a plan that
 * streams its stores does; 1: never streamed). Returns 1 if it ran (0: unsupported or failed). */
static int run_case(kcov *k, const char *what, simdconv_conv2d_desc d, size_t batch, size_t out_shift) {
  const sc_kernel_row *row = k->row;
  char buf[256];
  sc_geom g;
  if (d.activation == SIMDCONV_ACTIVATION_NONE) vary_activation(&d, k->cases);
  tc_describe(buf, sizeof buf, &d, batch);
  if (!tc_geom_of(&d, &g)) {
    TC_EXPECT(0, "test bug: %s %s has no output", what, buf);
    return 0;
  }
  if (!sc_row_computes(row, &g)) {
    expect_unsupported(k, what, &d);
    return 0;
  }
  if (row->kind == SC_KIND_WINO) { /* computes it: tests/test_winograd.c runs it */
    k->wino_skipped++;
    return 0;
  }
  const size_t cin = d.input_channels, cout = d.output_channels;
  const size_t nin = batch * g.ih * g.iw * cin, nw = weight_count(&d), nout = batch * g.oh * g.ow * cout;
  /* the input's base: aligned, one float off, or (every fourth case) 4, 8 or 12 floats off a
   * 64-byte line, where a depthwise plan of whole-line pixels runs a head block (api.c dw_shift) */
  const size_t in_shift = k->cases % 4 == 3 ? 4 * (1 + k->cases / 4 % 3) : k->cases % 2;
  simdconv_status s = SIMDCONV_OUT_OF_MEMORY;
  float *xbuf = alloc64(nin + 12), *w = malloc((nw + 1) * sizeof(float)), *b = malloc((cout + 1) * sizeof(float));
  float *wcopy = malloc((nw + 1) * sizeof(float)), *bcopy = malloc((cout + 1) * sizeof(float));
  float *obuf = alloc64(nout + 2 * GUARD + 1);
  double *ref = malloc((nout + 1) * sizeof(double)), *scale = malloc((nout + 1) * sizeof(double));
  unsigned char *padnan = malloc(nout + 1);
  if (!xbuf || !w || !b || !wcopy || !bcopy || !obuf || !ref || !scale || !padnan) {
    TC_EXPECT(0, "%s %s: test out of memory", row->name, what);
    goto done;
  }
  float *x = xbuf + in_shift, *out = obuf + GUARD + out_shift;
  for (size_t i = 0; i < nin; i++) x[i] = tc_uniform();
  for (size_t i = 0; i < nw; i++) w[i] = tc_uniform();
  for (size_t i = 0; i < cout; i++) b[i] = tc_uniform();
  ref_conv2d(&d, batch, x, w, b, ref, scale, padnan);

  memcpy(wcopy, w, nw * sizeof(float));
  memcpy(bcopy, b, cout * sizeof(float));
  simdconv_conv2d_options o = forced(row);
  simdconv_conv2d_plan *p = SENTINEL;
  s = simdconv_conv2d_create_ex(&d, wcopy, bcopy, &o, &p);
  TC_EXPECT(s == SIMDCONV_OK, "%s %s %s: create_ex: %s", row->name, what, buf, simdconv_status_string(s));
  if (s != SIMDCONV_OK) goto done;
  /* the plan owns packed copies: scribble over the caller's */
  for (size_t i = 0; i < nw; i++) wcopy[i] = 1e30f;
  for (size_t i = 0; i < cout; i++) bcopy[i] = -1e30f;
  TC_EXPECT(strcmp(simdconv_conv2d_kernel(p), row->name) == 0, "%s %s: plan runs kernel %s", row->name, what,
            simdconv_conv2d_kernel(p));
  TC_EXPECT(simdconv_conv2d_isa(p) == row->isa, "%s %s: plan runs ISA %s", row->name, what,
            simdconv_isa_name(simdconv_conv2d_isa(p)));

  /* coverage: the tile heights of the plan's tile table (at most the rules' tile_mr), channels,
   * streaming (stream_family: streamed as past a small threshold, force_stream.h) */
  if (k->stream_bytes) tc_force_stream(p, k->stream_bytes);
  const sc_tuning tuning = k->stream_bytes ? tc_stream_tuning(k->stream_bytes) : *sc_this_tuning();
  const sc_choice c = sc_choose(&g, row, &tuning);
  size_t bad_tiles = 0;
  for (size_t t = 0; t < p->tiling.ntiles; t++) {
    const sc_tile *tile = &p->tiling.tiles[t];
    if (tile->mr < 1 || tile->mr > c.tile_mr) {
      if (bad_tiles++ == 0) printf("FAIL %s %s: tile %zu of %zu pixels\n", row->name, what, t, tile->mr);
      continue;
    }
    k->height[tile->mr] = 1;
    if (tile->window) { /* (the plan's whole-row window: 8 * stride + width; else 3 real taps) */
      k->wheight[window_index(tile->window, p->window ? p->window % 8 : 3) * (row->mr + 1) + tile->mr] = 1;
      k->window_tiles++;
    }
    if (tile->zero_rows) k->zero_row_tiles++;
  }
  TC_EXPECT(bad_tiles == 0, "%s %s %s: %zu tiles outside heights 1-%zu", row->name, what, buf, bad_tiles, c.tile_mr);
  /* corner merging (tiles.c): in every tiling whose kernels read zero rows, fused or not (grouped
   * layers too), a padded 14x14 map's corner pixels join their edge column's tile: no 1-pixel tile
   * (every class then has >= 12 pixels, and tiles split near-equal) */
  if (sc_kind_reads_zero_rows(row->kind) && strcmp(what, "14x14-same") == 0) {
    size_t ones = 0;
    for (size_t t = 0; t < p->tiling.ntiles; t++) ones += p->tiling.tiles[t].mr == 1;
    TC_EXPECT(ones == 0, "%s %s %s: %zu 1-pixel tiles (corners not merged)", row->name, what, buf, ones);
  }
  /* whole-row windows (tiles.c window_run): where every output pixel has a real tap (SAME
   * padding), an output row is one run, cut into ceil(ow / tile_mr) near-equal tiles (a run that
   * stopped short of the row's end left its last column a 1-pixel tile: 7x7 maps ran 2 tiles a row);
   * dilated (d > 1, stride 1): each of the row's d residue classes of columns likewise */
  if (p->window && d.padding == SIMDCONV_PADDING_SAME) {
    size_t oh = 0, ow = 0;
    simdconv_conv2d_output_size(&d, &oh, &ow);
    const size_t dil = g.dw;
    size_t per_row = 0;
    for (size_t q = 0; q < dil && q < ow; q++) per_row += ((ow - q + dil - 1) / dil + c.tile_mr - 1) / c.tile_mr;
    const size_t want = oh * per_row;
    TC_EXPECT(p->tiling.ntiles == want, "%s %s %s: %zu whole-row window tiles, want %zu (%zu a row)", row->name, what,
              buf, p->tiling.ntiles, want, per_row);
    k->window_rows_checked++;
  }
  /* channels a block walks: per group; depthwise and grouped tiles: all (several groups a block) */
  const size_t per = row->kind == SC_KIND_DW || row->kind == SC_KIND_GRP ? cout : cout / g.groups;
  if (per <= row->nr + 1) k->chan[per] = 1;
  k->tail[(per - 1) % row->nr + 1] = 1;
  TC_EXPECT(p->stream == c.stream, "%s %s: plan stream %d, sc_choose %d", row->name, what, p->stream, c.stream);
  /* run_ex's rule (dispatch/api.c): streamed when the plan streams, the output base is 64-byte
   * aligned and the (dense) pixel stride a whole number of 64-byte lines */
  const int streamed = c.stream && ((uintptr_t)out & 63) == 0 && cout % 16 == 0;
  TC_EXPECT(p->group_tiles == c.group_tiles, "%s %s: plan groups of %zu tiles, sc_choose %zu", row->name, what,
            p->group_tiles, c.group_tiles);
  if (p->group_tiles) k->grouped++;
  if (streamed) k->streamed++;
  else if (c.stream) k->plan_stream_unaligned++;
  else k->unstreamed++;

  for (size_t i = 0; i < nout + 2 * GUARD + 1; i++) obuf[i] = canary();
  s = simdconv_conv2d_run(p, batch, x, out);
  TC_EXPECT(s == SIMDCONV_OK, "%s %s %s: run: %s", row->name, what, buf, simdconv_status_string(s));
  if (s == SIMDCONV_OK) {
    size_t bad_guard = 0;
    for (size_t i = 0; i < GUARD + out_shift; i++) bad_guard += !is_canary(obuf[i]);
    for (size_t i = 0; i < GUARD + 1 - out_shift; i++) bad_guard += !is_canary(out[nout + i]);
    TC_EXPECT(bad_guard == 0, "%s %s %s: wrote %zu floats outside the output", row->name, what, buf, bad_guard);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < nout; i++)
      if (!ref_agrees(out[i], ref[i], scale[i], padnan[i]) && bad++ == 0) first = i;
    if (bad) {
      const size_t c0 = first % cout, px = first / cout;
      const size_t ox = px % g.ow, oy = px / g.ow % g.oh, n = px / (g.ow * g.oh);
      TC_EXPECT(0,
                "%s %s %s: %zu/%zu outputs off, first (n %zu, y %zu, x %zu, c %zu): got %.9g want %.9g (scale %.3g)%s",
                row->name, what, buf, bad, nout, n, oy, ox, c0, out[first], ref[first], scale[first],
                streamed ? " [streamed]" : "");
    } else {
      tc_checks++;
    }
  }
  simdconv_conv2d_destroy(p);
  k->cases++;
done:
  free(xbuf); free(w); free(b); free(wcopy); free(bcopy); free(obuf); free(ref); free(scale); free(padnan);
  return s == SIMDCONV_OK;
}

/* ---- descriptors ---- */
static simdconv_conv2d_desc D(size_t h, size_t w, size_t cin, size_t cout, size_t kh, size_t kw, simdconv_padding pad) {
  return tc_desc(h, w, cin, cout, kh, kw, pad);
}
static simdconv_conv2d_desc with(simdconv_conv2d_desc d, size_t sh, size_t sw, size_t dh, size_t dw, size_t groups) {
  d.stride_height = sh; d.stride_width = sw; d.dilation_height = dh; d.dilation_width = dw; d.groups = groups;
  return d;
}
static simdconv_conv2d_desc pads(simdconv_conv2d_desc d, size_t t, size_t b, size_t l, size_t r) {
  d.padding = SIMDCONV_PADDING_EXPLICIT;
  d.pad_top = t; d.pad_bottom = b; d.pad_left = l; d.pad_right = r;
  return d;
}
static simdconv_conv2d_desc depthwise(size_t h, size_t w, size_t c, size_t kh, size_t kw, simdconv_padding pad) {
  simdconv_conv2d_desc d = D(h, w, c, c, kh, kw, pad);
  d.groups = c;
  return d;
}

/* Channel counts swept: 1..NR+1 (quick: the ends and the middle), then multi-block counts. */
static size_t sweep_counts(size_t nr, size_t lanes, size_t *out) {
  size_t n = 0;
  for (size_t c = 1; c <= nr + 1; c++) /* quick: also every vector count of a partial block */
    if (!quick || c <= 2 || c == nr / 2 || c >= nr || c % lanes == 1) out[n++] = c;
  out[n++] = 2 * nr + 1;
  if (!quick) out[n++] = 3 * nr;
  return n;
}

static size_t gcd(size_t a, size_t b) { return b ? gcd(b, a % b) : a; }

/* a first layer whose rows run kl floats (kw x Cin) a kernel row, st floats (stride x Cin) apart */
static void first_layer_cases(kcov *k, size_t kl, size_t st) {
  const size_t mr = k->row->mr, nr = k->row->nr, cin = gcd(kl, st), kw = kl / cin, s = st / cin;
  const size_t couts[] = {1, nr / 2 + 1, nr, nr + 3};
  for (size_t i = 0; i < sizeof couts / sizeof couts[0]; i++) {
    if (quick && i % 2) continue;
    const simdconv_padding pad = i % 2 ? SIMDCONV_PADDING_VALID : SIMDCONV_PADDING_SAME;
    run_case(k, "first-layer", with(D(kw + 2, s * (2 * mr + 3) + kw, cin, couts[i], kw, kw, pad), s, s, 1, 1, 1),
             1 + i % 2, i == 2);
  }
}

/* Dense convolutions (kinds that reduce over input channels; GEMM-shaped 1x1 layers among them).
 * u: input channels per group come in multiples of u (a dot kernel's kdot). */
static void dense_family(kcov *k) {
  const size_t mr = k->row->mr, nr = k->row->nr, u = k->row->kind == SC_KIND_DOT && k->row->kdot ? k->row->kdot : 1;
  /* tile heights: 1-row outputs of m pixels, one tap class each */
  for (size_t m = 1; m <= mr; m++) {
    const size_t c = 1 + (m * 7) % (nr + 1);
    run_case(k, "h-3x3", D(3, m + 2, 2 * u, c, 3, 3, SIMDCONV_PADDING_VALID), 1, 0);
    run_case(k, "h-3x3-d2-g2", with(D(5, m + 4, 4 * u, 2 * c, 3, 3, SIMDCONV_PADDING_VALID), 1, 1, 2, 2, 2), 1, 0);
    run_case(k, "h-5x5-d2", with(D(9, m + 8, u, c, 5, 5, SIMDCONV_PADDING_VALID), 1, 1, 2, 2, 1), 1, 1);
    run_case(k, "h-1x1", D(1, m, 3 * u, c, 1, 1, SIMDCONV_PADDING_VALID), 1, 0);
    run_case(k, "h-1x1-s2-g2", with(D(1, 2 * m - 1, 4 * u, 2 * c, 1, 1, SIMDCONV_PADDING_VALID), 2, 2, 1, 1, 2), 1, 1);
  }
  /* output channels per group 1..NR+1 and several blocks */
  size_t cs[200], ncs = sweep_counts(nr, k->row->lanes, cs);
  for (size_t i = 0; i < ncs; i++) {
    const size_t c = cs[i];
    run_case(k, "c-3x3-same", D(5, 6, 3 * u, c, 3, 3, SIMDCONV_PADDING_SAME), 1, i % 3 == 2);
    run_case(k, "c-3x3-explicit-g2", with(pads(D(4, 5, 4 * u, 2 * c, 3, 3, 0), 1, 0, 2, 1), 1, 1, 1, 1, 2), 1, 0);
    run_case(k, "c-1x1", D(4, 5, 5 * u, c, 1, 1, SIMDCONV_PADDING_VALID), 1, i % 2);
    run_case(k, "c-1x1-s2-g2", with(D(5, 7, 6 * u, 2 * c, 1, 1, SIMDCONV_PADDING_VALID), 2, 2, 1, 1, 2), 1, 0);
  }
  /* reduction lengths: 1..kdot chunks of kdot, and taps x channels across 127/128 (the unrolled
   * input-channel loops), rounded up to multiples of u */
  size_t rs[32], nrs = 0;
  for (size_t q = 1; q <= (u > 1 ? u : 2); q++) rs[nrs++] = q * u;
  static const size_t edges[] = {14, 15, 42, 43, 127, 128, 129};
  for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
    size_t v = (edges[i] + u - 1) / u * u, dup = 0;
    for (size_t j = 0; j < nrs; j++) dup |= rs[j] == v;
    if (!dup && (!quick || edges[i] == 128 || edges[i] == 43)) rs[nrs++] = v;
  }
  for (size_t i = 0; i < nrs; i++) {
    const size_t ci = rs[i];
    run_case(k, "r-1x1", D(2, 3, ci, nr + 1, 1, 1, SIMDCONV_PADDING_VALID), 1, 0);
    run_case(k, "r-3x3-same", D(3, 4, ci, nr + 1, 3, 3, SIMDCONV_PADDING_SAME), 1, 1);
    run_case(k, "r-3x3-same-g2", with(D(3, 3, 2 * ci, 4, 3, 3, SIMDCONV_PADDING_SAME), 1, 1, 1, 1, 2), 1, 0);
  }
  /* a GEMM whose weight blocks outgrow the L1 budget: several block ranges per group */
  run_case(k, "r-1x1-wide", D(3, 3, 75 * u, 3 * nr + 1, 1, 1, SIMDCONV_PADDING_VALID), 1, 0);
  /* pixels a whole 4 KiB L1d way apart (512 channels at stride 2; 32 groups of 16): where the row
   * is taller than the L1d's ways, tiles of at most that many pixels (select.c aliased_tile_mr) */
  run_case(k, "aliased-3x3-s2-g32", with(D(3, 4 * mr + 3, 512, 96, 3, 3, SIMDCONV_PADDING_SAME), 2, 2, 1, 1, 32), 1, 0);
  run_case(k, "aliased-1x1-s2-g32", with(D(3, 4 * mr + 3, 512, 96, 1, 1, SIMDCONV_PADDING_VALID), 2, 2, 1, 1, 32), 1, 1);
  /* padding classes, merged corners, pixels without taps, strides, dilation, groups 1-3 */
  static const shape_case shapes[] = {
      {"7x7-same", 7, 7, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"14x14-same", 14, 14, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"2x2-same", 2, 2, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"1x1-map-same", 1, 1, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"3x3-map-5x5-same", 3, 3, 5, 5, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"5x5-d2-same", 9, 9, 5, 5, 1, 1, 2, 2, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"5x5-d2-explicit", 9, 8, 5, 5, 1, 1, 2, 2, SIMDCONV_PADDING_EXPLICIT, 1, 3, 2, 0},
      {"3x3-explicit", 7, 7, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_EXPLICIT, 2, 1, 0, 2},
      {"3x3-no-taps", 2, 2, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_EXPLICIT, 3, 3, 3, 3},
      {"3x3-s2-same", 6, 5, 3, 3, 2, 2, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"3x3-s2-small", 2, 3, 3, 3, 2, 2, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"3x3-s21-explicit", 8, 7, 3, 3, 2, 1, 1, 1, SIMDCONV_PADDING_EXPLICIT, 0, 2, 1, 1},
      {"2x2-same", 5, 5, 2, 2, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"1x3-same", 3, 9, 1, 3, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"3x1-same", 9, 3, 3, 1, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"1x1-valid", 2, 2, 1, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID, 0, 0, 0, 0},
      {"1x1-same", 7, 7, 1, 1, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"1x1-s2-same-even", 8, 8, 1, 1, 2, 2, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"1x1-s2-same-odd", 7, 7, 1, 1, 2, 2, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"1x1-s2-explicit-unread", 5, 5, 1, 1, 2, 2, 1, 1, SIMDCONV_PADDING_EXPLICIT, 0, 1, 0, 1},
      {"1x1-s21", 6, 5, 1, 1, 2, 1, 1, 1, SIMDCONV_PADDING_VALID, 0, 0, 0, 0},
      {"1x1-padded", 4, 4, 1, 1, 1, 1, 1, 1, SIMDCONV_PADDING_EXPLICIT, 1, 0, 0, 1},
  };
  const size_t couts[] = {nr / 2 + 1, nr + 3, 1, nr};
  for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
    if (quick && i % 2) continue;
    for (size_t groups = 1; groups <= 3; groups++) {
      if (groups == 3 && i % 3) continue;
      simdconv_conv2d_desc d = D(shapes[i].h, shapes[i].w, groups * 3 * u, groups * couts[(i + groups) % 4],
                                 shapes[i].kh, shapes[i].kw, shapes[i].pad);
      d = with(d, shapes[i].sh, shapes[i].sw, shapes[i].dh, shapes[i].dw, groups);
      if (shapes[i].pad == SIMDCONV_PADDING_EXPLICIT) d = pads(d, shapes[i].pt, shapes[i].pb, shapes[i].pl, shapes[i].pr);
      run_case(k, shapes[i].what, d, 1 + (i + groups) % 2, (i + groups) % 3 == 0);
    }
  }
  /* descriptors some kinds cannot compute: input channels per group not a multiple of kdot */
  run_case(k, "probe-cin-not-kdot", D(3, 3, u + 1, 3, 1, 1, SIMDCONV_PADDING_VALID), 1, 0);
  run_case(k, "probe-cin-not-kdot-g2", with(D(4, 4, 2 * (u + 1), 4, 3, 3, SIMDCONV_PADDING_SAME), 1, 1, 1, 1, 2), 1, 0);
  /* first layers: each (run kw x Cin, pixel step stride x Cin) a slide row unrolls (kernel.h
   * SC_SLIDE_SHAPES), on rows of two full tiles and a tail, SAME (edge tiles of shorter runs) and
   * VALID, one-vector and wider output channel counts */
  if (k->row->kind == SC_KIND_CONV) {
#define FIRST_LAYER_CASES(KL, ST) first_layer_cases(k, (KL), (ST));
    SC_SLIDE_SHAPES(FIRST_LAYER_CASES)
#undef FIRST_LAYER_CASES
  }
}

/* Depthwise layers (groups == Cin == Cout), and a channel multiplier of 2. */
static void depthwise_family(kcov *k) {
  const size_t mr = k->row->mr, nr = k->row->nr;
  /* tile heights: outputs m pixels wide, so that a row is one tile, for every sliding window
   * (widths 3, 5, 7; strides 1 and 2; sc_dw_window) and the per-tap tiles (4x4, dilated 3x3):
   * VALID (every span column in the input) and SAME (both ends of the span in the padding) */
  for (size_t m = 1; m <= mr; m++) {
    const size_t c = 2 + (m * 5) % nr; /* 2..NR+1 */
    for (size_t kw = 3; kw <= 7; kw += 2)
      for (size_t s = 1; s <= 2; s++) {
        run_case(k, "dw-h-window", with(depthwise(3, s * (m - 1) + kw, c, 3, kw, SIMDCONV_PADDING_VALID), 1, s, 1, 1, c),
                 1, (m + kw) % 2);
        if (quick && m % 2) continue;
        run_case(k, "dw-h-window-same", with(depthwise(2, s * m, c, 3, kw, SIMDCONV_PADDING_SAME), 1, s, 1, 1, c), 1, 0);
      }
    run_case(k, "dw-h-4x4", depthwise(4, m + 3, c, 4, 4, SIMDCONV_PADDING_VALID), 1, 1);
    run_case(k, "dw-h-3x3-d2", with(depthwise(3, m + 4, c, 3, 3, SIMDCONV_PADDING_VALID), 1, 1, 1, 2, c), 1, 0);
  }
  /* channels 1..NR+1 (1: a plain convolution, not depthwise) and several blocks */
  size_t cs[200], ncs = sweep_counts(nr, k->row->lanes, cs);
  for (size_t i = 0; i < ncs; i++) {
    const size_t c = cs[i];
    run_case(k, "dw-c-3x3-same", depthwise(5, mr + 4, c, 3, 3, SIMDCONV_PADDING_SAME), 1, i % 2);
    run_case(k, "dw-c-5x5-s2", with(depthwise(7, 7, c, 5, 5, SIMDCONV_PADDING_SAME), 2, 2, 1, 1, c), 1, 0);
  }
  static const shape_case shapes[] = {
      {"dw-3x3-same-wide", 6, 0, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0}, /* w: 2*MR+3 */
      {"dw-3x3-s2-same", 7, 7, 3, 3, 2, 2, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"dw-5x5-same", 6, 7, 5, 5, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"dw-7x7-same", 9, 9, 7, 7, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"dw-3x3-d2-same", 7, 8, 3, 3, 1, 1, 2, 2, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"dw-5x5-d2-explicit", 9, 10, 5, 5, 1, 1, 2, 2, SIMDCONV_PADDING_EXPLICIT, 2, 1, 3, 0},
      {"dw-3x3-explicit", 6, 6, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_EXPLICIT, 1, 2, 0, 3},
      {"dw-3x3-no-taps", 3, 3, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_EXPLICIT, 3, 3, 3, 3},
      {"dw-2x2-map-same", 2, 2, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"dw-1x1-map-same", 1, 1, 3, 3, 1, 1, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"dw-3x5-s12-same", 5, 9, 3, 5, 1, 2, 1, 1, SIMDCONV_PADDING_SAME, 0, 0, 0, 0},
      {"dw-3x3-s2-explicit", 8, 6, 3, 3, 2, 2, 1, 1, SIMDCONV_PADDING_EXPLICIT, 0, 1, 1, 0},
      {"dw-1x1", 4, 4, 1, 1, 1, 1, 1, 1, SIMDCONV_PADDING_VALID, 0, 0, 0, 0},
  };
  const size_t chans[] = {nr + 3, nr / 2 + 1 > 1 ? nr / 2 + 1 : 2, 2 * nr, 3};
  for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
    if (quick && i % 2) continue;
    const size_t c = chans[i % 4];
    simdconv_conv2d_desc d = depthwise(shapes[i].h, shapes[i].w ? shapes[i].w : 2 * mr + 3, c, shapes[i].kh,
                                       shapes[i].kw, shapes[i].pad);
    d = with(d, shapes[i].sh, shapes[i].sw, shapes[i].dh, shapes[i].dw, c);
    if (shapes[i].pad == SIMDCONV_PADDING_EXPLICIT) d = pads(d, shapes[i].pt, shapes[i].pb, shapes[i].pl, shapes[i].pr);
    run_case(k, shapes[i].what, d, 1 + i % 2, i % 3 == 1);
  }
  /* 3x3 stride 2 on 512 channels (2 KiB pixels): where L1d ways are 4 KiB, short tiles of
   * several blocks a job (select.c dw_aliased_s2); a row of three tiles, padded at both ends */
  run_case(k, "dw-3x3-s2-aliased", with(depthwise(5, 2 * mr + 9, 512, 3, 3, SIMDCONV_PADDING_SAME), 2, 2, 1, 1, 512),
           1, 1);
  /* channel multiplier 2: grouped, not depthwise */
  simdconv_conv2d_desc d = with(D(6, 6, 4, 8, 3, 3, SIMDCONV_PADDING_SAME), 2, 2, 1, 1, 4);
  run_case(k, "dw-multiplier2", d, 1, 0);
}

/* Grouped tiles (SC_KIND_GRP): C channels a group for every C the kernel computes (2 <= C < lanes,
 * dividing them); group counts giving every output count 2C..NR+1 that C divides, and several
 * blocks with a part-filled last one; 3x3 rows of whole-row windows (every tile height: the 1-row
 * VALID outputs; SAME rows of two tiles; stride 2) and of tap tiles (dilation, 3x2, short rows). */
static void grouped_family(kcov *k) {
  const size_t mr = k->row->mr, nr = k->row->nr, lanes = k->row->lanes;
  if (k->row->kind != SC_KIND_GRP) return;
  for (size_t c = 2; c < lanes; c *= 2) {
    if (lanes % c) continue;
    /* tile heights: 1-row outputs of m pixels, one tap class */
    for (size_t m = 1; m <= mr; m++) {
      const size_t g = 2 + m % 3;
      run_case(k, "grp-h-3x3", with(D(3, m + 2, c * g, c * g, 3, 3, SIMDCONV_PADDING_VALID), 1, 1, 1, 1, g), 1, m % 2);
    }
    for (size_t g = 2; g * c <= 3 * nr + c; g++) {
      if (quick && g > 3 && g * c != nr + c && g * c != nr) continue;
      simdconv_conv2d_desc d = with(D(5, mr + 3, c * g, c * g, 3, 3, SIMDCONV_PADDING_SAME), 1, 1, 1, 1, g);
      run_case(k, "grp-c-3x3-same", d, 1 + g % 2, g % 2);
      if (quick) continue;
      run_case(k, "grp-c-3x3-s2", with(D(7, 9, c * g, c * g, 3, 3, SIMDCONV_PADDING_SAME), 2, 2, 1, 1, g), 1, 0);
      /* rows of whole-row windows at stride 2 (select.c grp_windows_pay): padding on the right only
       * (an even width), and on both sides; two tiles a row */
      run_case(k, "grp-c-3x3-s2-rows", with(D(5, 2 * mr + 4, c * g, c * g, 3, 3, SIMDCONV_PADDING_SAME), 2, 2, 1, 1, g),
               1 + g % 2, g % 2);
      run_case(k, "grp-c-3x3-s2-rows-odd",
               with(D(6, 2 * mr + 5, c * g, c * g, 3, 3, SIMDCONV_PADDING_SAME), 2, 2, 1, 1, g), 1, 1);
      run_case(k, "grp-c-3x1-d2", with(D(7, 8, c * g, c * g, 3, 1, SIMDCONV_PADDING_SAME), 1, 1, 2, 1, g), 1, 1);
      run_case(k, "grp-c-1x1", with(D(4, 5, c * g, c * g, 1, 1, SIMDCONV_PADDING_VALID), 1, 1, 1, 1, g), 1, 0);
      run_case(k, "grp-c-explicit",
               pads(with(D(6, 5, c * g, c * g, 3, 2, SIMDCONV_PADDING_SAME), 1, 2, 1, 1, g), 2, 0, 1, 3), 2, 1);
    }
  }
}

/* Streamed stores: where the library streams this kernel's stores for a large output (sc_choose),
 * one such output 64-byte aligned (streamed) and offset by one float (the same plan, not
 * streamed). Probes a 1x1 layer and a depthwise 3x3, 64 channels, of 1 MiB outputs, streamed as
 * past a threshold of that size (force_stream.h; probes at the library's own threshold, the LLC,
 * 32 MiB on Zen 4/5, had added 7 s to a run of this test). */
static void stream_family(kcov *k) {
  const size_t u = k->row->kind == SC_KIND_DOT && k->row->kdot ? k->row->kdot : 1, c = 64, w = 64;
  simdconv_conv2d_desc probes[2];
  const size_t bytes = (size_t)1 << 20, px = (bytes / sizeof(float) + c - 1) / c;
  const sc_tuning t = tc_stream_tuning(bytes);
  probes[0] = D((px + w - 1) / w, w, 8 * u, c, 1, 1, SIMDCONV_PADDING_VALID);
  probes[1] = depthwise((px + w - 1) / w, w, c, 3, 3, SIMDCONV_PADDING_SAME);
  if (!k->row->stream) return;
  k->stream_bytes = bytes;
  for (int i = 0; i < 2; i++) {
    sc_geom g;
    if (!tc_geom_of(&probes[i], &g) || !sc_row_computes(k->row, &g) || !sc_choose(&g, k->row, &t).stream) continue;
    k->can_stream = 1;
    run_case(k, i ? "stream-dw" : "stream-1x1", probes[i], 1, 0);
    run_case(k, i ? "stream-dw-unaligned" : "stream-1x1-unaligned", probes[i], 1, 1);
  }
  k->stream_bytes = 0;
}

/* Depthwise layers larger than the tuning's prefetch threshold (sc_choice.dw_prefetch: the tiles
 * prefetch the input rows of the next output row, past the input's end at the bottom): 3x3 stride
 * 1 and 2, 5x5 (a whole-row window on the rows that have one), 40 channels (a tail block on every
 * row), sized from the threshold. A prefetch changes no result: these run the path, whose
 * addresses a sanitizer build and qemu see, against the reference. */
static void prefetch_family(kcov *k) {
  const sc_tuning *t = sc_this_tuning();
  const size_t c = 40, w = 96;
  if (k->row->kind != SC_KIND_DW) return;
  size_t px = t->dw_prefetch_bytes / sizeof(float) / (2 * c) + 1; /* stride 1: input + output */
  simdconv_conv2d_desc probes[3];
  probes[0] = depthwise((px + w - 1) / w, w, c, 3, 3, SIMDCONV_PADDING_SAME);
  probes[1] = depthwise((px + w - 1) / w, w, c, 5, 5, SIMDCONV_PADDING_SAME);
  px = t->dw_prefetch_bytes / sizeof(float) * 4 / (5 * c) + 1; /* stride 2: the output a quarter */
  probes[2] = with(depthwise((px + w - 1) / w, w, c, 3, 3, SIMDCONV_PADDING_SAME), 2, 2, 1, 1, c);
  for (int i = 0; i < 3; i++) {
    sc_geom g;
    if (quick && i == 1) continue;
    if (!tc_geom_of(&probes[i], &g) || !sc_row_computes(k->row, &g) || !sc_choose(&g, k->row, t).dw_prefetch) continue;
    k->prefetched += run_case(k, i == 0 ? "prefetch-dw-3x3" : i == 1 ? "prefetch-dw-5x5" : "prefetch-dw-3x3-s2", probes[i], 1, 0);
  }
}

/* Grouped GEMM tiles: where the library runs this GEMM kernel's tiles in groups, one block after
 * the other over a group (dispatch/select.c gemm_group_tiles, on this CPU's tuning), a 1x1 layer
 * sized from the tuning that it groups: blocks of half of L1d, a short last block, two full
 * groups of tiles and a short one, a short last tile; stride 1 and 2, batch 2. */
static void group_family(kcov *k) {
  const sc_tuning *t = sc_this_tuning();
  const sc_kernel_row *r = k->row;
  if (r->kind != SC_KIND_GEMM) return;
  const size_t cin = t->l1d / 2 / sizeof(float) / r->nr - 1, cout = 3 * r->nr + 5;
  simdconv_conv2d_desc d = D(8 * r->mr, 1, cin, cout, 1, 1, SIMDCONV_PADDING_VALID); /* a map of several tiles */
  sc_geom g;
  if (cin < 1 || !tc_geom_of(&d, &g) || !sc_row_computes(r, &g)) return;
  const size_t n = sc_choose(&g, r, t).group_tiles;
  if (n == 0) return;
  k->can_group = 1;
  const size_t px = (2 * n + 1) * r->mr + 1; /* output pixels: a one-pixel column of them */
  run_case(k, "group-1x1", D(px, 1, cin, cout, 1, 1, SIMDCONV_PADDING_VALID), 1, 0);
  run_case(k, "group-1x1-batch2", D(px, 1, cin, cout, 1, 1, SIMDCONV_PADDING_VALID), 2, 0);
  run_case(k, "group-1x1-s2", with(D(2 * px - 1, 1, cin, cout, 1, 1, SIMDCONV_PADDING_VALID), 2, 2, 1, 1, 1), 1, 0);
}

/* Random descriptors (tests/harness.c tc_random_desc) shaped to what the kind computes: input
 * channels per group in multiples of kdot (dot), depthwise (depthwise kernels), 1x1 unpadded
 * (GEMM); any that still cannot be computed is an UNSUPPORTED check. */
static void random_family(kcov *k, size_t count) {
  const sc_kernel_row *r = k->row;
  for (size_t i = 0; i < count; i++) {
    simdconv_conv2d_desc d;
    size_t oh, ow, pt, pl;
    tc_random_desc(&d, 12, 2 * r->nr + 2);
    if (r->kind == SC_KIND_DOT && r->kdot > 1) d.input_channels *= r->kdot;
    if (r->kind == SC_KIND_DW) {
      d.input_channels = d.output_channels = d.groups = tc_range(2, 2 * r->nr + 2);
    }
    if (r->kind == SC_KIND_GRP) {
      size_t c = 2;
      while (2 * c < r->lanes && tc_range(0, 1)) c *= 2;
      d.groups = tc_range(2, 2 * r->nr / c + 1);
      d.input_channels = d.output_channels = c * d.groups;
    }
    if (r->kind == SC_KIND_GEMM) {
      d.kernel_height = d.kernel_width = 1;
      if (d.padding != SIMDCONV_PADDING_VALID) d.padding = (simdconv_padding)(tc_range(0, 1) * 2);
      d.pad_top = d.pad_left = 0;
    }
    if (!ref_output_size(&d, &oh, &ow, &pt, &pl)) continue;
    run_case(k, "random", d, tc_range(1, 2), tc_range(0, 3) == 0);
  }
}

/* ---- coverage report ---- */
/* "1-3,5" of the set entries lo..hi; returns the number missing from lo..hi (skipping na). */
static size_t ranges(char *buf, size_t n, const unsigned char *set, const unsigned char *na, size_t lo, size_t hi) {
  size_t missing = 0, len = 0;
  buf[0] = '\0';
  for (size_t v = lo; v <= hi; v++) {
    if (!set[v]) {
      missing += !(na && na[v]);
      continue;
    }
    size_t e = v;
    while (e + 1 <= hi && set[e + 1]) e++;
    if (len < n)
      len += (size_t)snprintf(buf + len, n - len, e > v ? "%s%zu-%zu" : "%s%zu", len ? "," : "", v, e);
    v = e;
  }
  if (len == 0) snprintf(buf, n, "none");
  return missing;
}

static int report(kcov *k) {
  const sc_kernel_row *r = k->row;
  if (r->kind == SC_KIND_WINO) { /* status checks only: its outputs are test_winograd's */
    printf("%s: Winograd, %zu unsupported checks, %zu descriptors it computes left to test_winograd\n", r->name,
           k->unsupported, k->wino_skipped);
    tc_checks++;
    if (k->unsupported == 0) {
      printf("FAIL %s: no unsupported check\n", r->name);
      tc_failures++;
      return 1;
    }
    return 0;
  }
  char hs[256], ws[768], cs[512], ts[512], na[64] = "", st[128];
  size_t miss_h = ranges(hs, sizeof hs, k->height, NULL, 1, r->mr);
  /* every window (stride, width) the row has, at every tile height */
  size_t miss_w = 0;
  ws[0] = 0;
  for (size_t s = 1; s <= 2; s++)
    for (size_t kw = 3; kw <= 7; kw += 2) {
      if (!((r->windows >> s) & 1u) || (kw != 3 && !SC_DW_WINDOW_K(kw, s, r->windows))) continue;
      char one[128];
      size_t miss = ranges(one, sizeof one, k->wheight + window_index(s, kw) * (r->mr + 1), NULL, 1, r->mr);
      miss_w += miss;
      snprintf(ws + strlen(ws), sizeof ws - strlen(ws), "%s%zux%zu s%zu: %s", ws[0] ? "; " : "", kw, kw, s, one);
    }
  size_t miss_c = ranges(cs, sizeof cs, k->chan, k->chan_na, 1, r->nr + 1);
  size_t miss_t = ranges(ts, sizeof ts, k->tail, k->chan_na, 1, r->nr); /* a count no layer has: no tail */
  for (size_t v = 1; v <= r->nr + 1; v++)
    if (k->chan_na[v] && !k->chan[v] && strlen(na) + 24 < sizeof na)
      snprintf(na + strlen(na), sizeof na - strlen(na), "%s%zu", na[0] ? "," : " (cannot compute ", v);
  if (na[0]) strcat(na, ")");
  if (k->can_stream)
    snprintf(st, sizeof st, "%zu streamed, %zu plan-streamed unaligned (not), %zu not", k->streamed,
             k->plan_stream_unaligned, k->unstreamed);
  else
    snprintf(st, sizeof st, "n/a");
  /* depthwise kernels have sliding-window tiles (kernel.h sc_dw_window): their heights too, per window */
  const int want_window = r->kind == SC_KIND_DW;
  printf("%s: %zu cases, heights %s", r->name, k->cases, hs);
  if (want_window || k->window_tiles) printf(" (window %s)", ws);
  printf(", channels %s%s, tails %s, %zu zero-row tiles, streamed: %s, %zu unsupported checks", cs, na, ts,
         k->zero_row_tiles, st, k->unsupported);
  if (k->can_group) printf(", %zu in groups of tiles", k->grouped);
  if (want_window) printf(", %zu prefetching", k->prefetched);
  printf("\n");
  int bad = 0;
  if (miss_h || (want_window && miss_w)) {
    printf("FAIL %s: tile heights 1-%zu not all run (every window too)\n", r->name, r->mr);
    bad = 1;
  }
  if (want_window && k->prefetched == 0) {
    printf("FAIL %s: no depthwise case prefetched its next input rows\n", r->name);
    bad = 1;
  }
  if (want_window && k->window_rows_checked == 0) {
    printf("FAIL %s: no SAME-padded whole-row window plan had its tiles a row checked\n", r->name);
    bad = 1;
  }
  if (!quick) {
    if (miss_c || miss_t) {
      printf("FAIL %s: channel counts 1-%zu or tails 1-%zu not all run\n", r->name, r->nr + 1, r->nr);
      bad = 1;
    }
    if (k->can_group && k->grouped == 0) {
      printf("FAIL %s: no case ran in groups of tiles\n", r->name);
      bad = 1;
    }
    if (k->can_stream && (k->streamed == 0 || k->plan_stream_unaligned == 0)) {
      printf("FAIL %s: streamed stores not run both ways\n", r->name);
      bad = 1;
    }
  }
  tc_checks++;
  tc_failures += bad;
  return bad;
}

/* ---- kernels this CPU does not run ---- */
static void check_not_runnable(const sc_kernel_row *row) {
  const size_t u = row->kdot ? row->kdot : 1;
  simdconv_conv2d_desc probes[5];
  probes[0] = D(4, 4, 2 * u, row->nr, 1, 1, SIMDCONV_PADDING_VALID);
  probes[1] = depthwise(4, 4, row->nr + 1 > 2 ? row->nr : 2, 3, 3, SIMDCONV_PADDING_SAME);
  probes[2] = D(4, 4, 2 * u, row->nr, 3, 3, SIMDCONV_PADDING_SAME);
  probes[3] = D(6, 6, 8 * u, 8, 3, 3, SIMDCONV_PADDING_SAME); /* Winograd rows: >= 4 channels */
  probes[4] = with(D(4, 4, 8, 8, 3, 3, SIMDCONV_PADDING_SAME), 1, 1, 1, 1, 4); /* grouped: 2 a group */
  int checked = 0;
  for (int i = 0; i < 5; i++) {
    sc_geom g;
    if (!tc_geom_of(&probes[i], &g) || !sc_row_computes(row, &g)) continue;
    float *w = calloc(weight_count(&probes[i]) + 1, sizeof(float));
    simdconv_conv2d_options o = forced(row);
    simdconv_conv2d_plan *p = SENTINEL;
    simdconv_status s = simdconv_conv2d_create_ex(&probes[i], w, NULL, &o, &p);
    TC_EXPECT(s == SIMDCONV_UNSUPPORTED_ISA, "%s (ISA %s not run here): create_ex said '%s'", row->name,
              simdconv_isa_name(row->isa), simdconv_status_string(s));
    TC_EXPECT(p == SENTINEL, "%s: a failing create_ex wrote *plan", row->name);
    if (s == SIMDCONV_OK && p != SENTINEL) simdconv_conv2d_destroy(p);
    free(w);
    checked++;
  }
  TC_EXPECT(checked > 0, "%s: no probe descriptor it computes", row->name);
}

/* A forced kernel with options.isa: its own ISA is fine, another is UNSUPPORTED_ISA; MEASURE never
 * replaces a forced kernel. */
static void check_options(kcov *k) {
  const sc_kernel_row *row = k->row;
  const size_t u = row->kdot ? row->kdot : 1;
  simdconv_conv2d_desc d = row->kind == SC_KIND_DW     ? depthwise(4, 4, 3, 3, 3, SIMDCONV_PADDING_VALID)
                           : row->kind == SC_KIND_WINO ? D(6, 6, 8, 8, 3, 3, SIMDCONV_PADDING_SAME)
                                                       : D(4, 4, 2 * u, 3, 1, 1, SIMDCONV_PADDING_VALID);
  sc_geom g;
  if (!tc_geom_of(&d, &g) || !sc_row_computes(row, &g)) return;
  float *w = calloc(weight_count(&d) + 1, sizeof(float));
  for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++) {
    simdconv_conv2d_options o = forced(row);
    simdconv_conv2d_plan *p = SENTINEL;
    o.isa = (simdconv_isa)i;
    simdconv_status s = simdconv_conv2d_create_ex(&d, w, NULL, &o, &p);
    if (o.isa == row->isa) {
      TC_EXPECT(s == SIMDCONV_OK && p != SENTINEL && strcmp(simdconv_conv2d_kernel(p), row->name) == 0,
                "%s with options.isa %s: %s", row->name, simdconv_isa_name(o.isa), simdconv_status_string(s));
    } else {
      TC_EXPECT(s == SIMDCONV_UNSUPPORTED_ISA && p == SENTINEL, "%s with options.isa %s: %s, plan %s", row->name,
                simdconv_isa_name(o.isa), simdconv_status_string(s), p == SENTINEL ? "untouched" : "written");
    }
    if (s == SIMDCONV_OK && p != SENTINEL) simdconv_conv2d_destroy(p);
  }
  simdconv_conv2d_options o = forced(row);
  simdconv_conv2d_plan *p = SENTINEL;
  o.tuning = SIMDCONV_TUNING_MEASURE;
  simdconv_status s = simdconv_conv2d_create_ex(&d, w, NULL, &o, &p);
  TC_EXPECT(s == SIMDCONV_OK && p != SENTINEL && strcmp(simdconv_conv2d_kernel(p), row->name) == 0,
            "%s with MEASURE: %s, kernel %s", row->name, simdconv_status_string(s),
            s == SIMDCONV_OK ? simdconv_conv2d_kernel(p) : "-");
  if (s == SIMDCONV_OK && p != SENTINEL) simdconv_conv2d_destroy(p);
  free(w);
}

/* as tests/harness.c: SIMDCONV_TEST_MAX_ISA caps the ISAs run */
int main(int argc, char **argv) {
  if (argc > 1) {
    if (strcmp(argv[1], "quick") != 0) {
      fprintf(stderr, "usage: %s [quick]\n", argv[0]);
      return 2;
    }
    quick = 1;
  }
  const size_t n = simdconv_kernel_count();
  const sc_tuning *t = sc_this_tuning();
  printf("registry: %zu kernels; tuning %s: l1d %zu, l2 %zu, streamed outputs from %zu bytes%s\n",
         n, t->cpu_class, t->l1d, t->l2, t->stream_bytes, quick ? " [quick]" : "");
  TC_EXPECT(n > 0 && n == sc_registry_count(), "kernel count %zu, registry %zu", n, sc_registry_count());
  TC_EXPECT(simdconv_kernel_name(n) == NULL && simdconv_kernel_isa(n) == SIMDCONV_ISA_AUTO, "index %zu past the end", n);
  char not_runnable[4096] = "", skipped[4096] = "";
  size_t nlen = 0, slen = 0, ran = 0;
  for (size_t i = 0; i < n; i++) {
    const char *name = simdconv_kernel_name(i);
    const simdconv_isa isa = simdconv_kernel_isa(i);
    const sc_kernel_row *row = sc_registry_row(i);
    TC_EXPECT(name != NULL && row != NULL && strcmp(name, row->name) == 0 && isa == row->isa,
              "public registry entry %zu (%s) is not internal row %zu", i, name ? name : "NULL", i);
    if (name == NULL || row == NULL) continue;
    for (size_t j = 0; j < i; j++)
      TC_EXPECT(strcmp(simdconv_kernel_name(j), name) != 0, "kernel name %s twice (%zu, %zu)", name, j, i);
    if (row->kind == SC_KIND_WINO)
      TC_EXPECT(row->wino != NULL && row->fn == NULL, "%s: bad Winograd row", name);
    else
      TC_EXPECT(row->mr >= 1 && row->nr >= 1 && (row->kind != SC_KIND_DOT || row->kdot >= 1) && row->fn != NULL &&
                    row->wino == NULL,
                "%s: bad row", name);
    if (!simdconv_isa_available(isa)) {
      check_not_runnable(row);
      if (nlen < sizeof not_runnable)
        nlen += (size_t)snprintf(not_runnable + nlen, sizeof not_runnable - nlen, " %s", name);
      continue;
    }
    if (tc_isa_over_cap(isa)) { /* SIMDCONV_TEST_MAX_ISA (harness.h) */
      if (slen < sizeof skipped) slen += (size_t)snprintf(skipped + slen, sizeof skipped - slen, " %s", name);
      continue;
    }
    kcov k;
    memset(&k, 0, sizeof k);
    k.row = row;
    k.height = calloc(row->mr + 1, 1);
    k.wheight = calloc(SC_WINDOWS * (row->mr + 1), 1);
    k.chan = calloc(row->nr + 2, 1);
    k.chan_na = calloc(row->nr + 2, 1);
    k.tail = calloc(row->nr + 1, 1);
    tc_seed(1000 + i);
    check_options(&k);
    dense_family(&k);
    depthwise_family(&k);
    grouped_family(&k);
    stream_family(&k);
    prefetch_family(&k);
    group_family(&k);
    random_family(&k, quick ? 20 : 500);
    /* channel counts no case ran and that the kernel cannot compute: a depthwise kernel has no
     * 1-channel layer (groups 1 is a plain convolution) */
    for (size_t c = 1; c <= row->nr + 1; c++) {
      if (k.chan[c]) continue;
      simdconv_conv2d_desc d = depthwise(3, 3, c, 3, 3, SIMDCONV_PADDING_SAME), e = D(3, 3, c, c, 1, 1, SIMDCONV_PADDING_VALID);
      sc_geom gd, ge;
      if (tc_geom_of(&d, &gd) && tc_geom_of(&e, &ge) && !sc_row_computes(row, &gd) && !sc_row_computes(row, &ge)) {
        k.chan_na[c] = 1; /* both were checked UNSUPPORTED in the sweeps */
      }
    }
    report(&k);
    ran++;
    free(k.height); free(k.wheight); free(k.chan); free(k.chan_na); free(k.tail);
  }
  printf("kernels run: %zu; not runnable here:%s\n", ran, nlen ? not_runnable : " none");
  if (slen) printf("skipped (SIMDCONV_TEST_MAX_ISA=%s):%s\n", getenv("SIMDCONV_TEST_MAX_ISA"), skipped);
  return tc_finish("kernels");
}
