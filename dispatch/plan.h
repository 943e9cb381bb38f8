/* The plan: everything run() needs, computed once at create. Internal. */
#ifndef SIMDCONV_PLAN_H
#define SIMDCONV_PLAN_H

#include "../kernels/kernel.h"
#include "select.h"

struct simdconv_conv2d_plan {
  sc_geom g;
  simdconv_isa isa;
  const sc_kernel_row *row; /* the registry row the plan runs */
  sc_job_fn fn;           /* its function */
  size_t nr;              /* output channels per packed block */
  size_t cin_g, cout_g;   /* channels per packed group: per group, except for grouped tiles
                             (SC_KIND_GRP: NR / Cin_g groups pack as one of NR channels) */
  size_t pack_groups;     /* groups in the packed layout (1 for depthwise: channels in lanes) */
  size_t blocks;          /* packed blocks per packed group */
  size_t ranges;          /* near-equal block ranges per group, one per work unit (job->blocks):
                             blocks, or fewer for a GEMM kernel (see create) */
  size_t block_floats;    /* floats per packed block (bias + taps) */
  int depthwise;
  size_t window;          /* depthwise sliding windows: sc_job.window */
  int stream;             /* streamed stores where the output is aligned for them (sc_job.stream;
                             select.c decides which layers) */
  int dw_prefetch;        /* depthwise: tiles prefetch the next output row's new input rows (sc_choice) */
  int stream_residual;    /* ... also beside a separate, dense residual (sc_choice) */
  size_t group_tiles;     /* GEMM jobs' tiles per group (sc_choice) */
  size_t pool_min_batch;  /* runs of fewer images stay on the calling thread (sc_choice; Winograd: 1) */
  int clear_upper;        /* legacy-SSE kernels on a CPU with AVX: vzeroupper before running */
  float *packed;
  size_t packed_floats;
  /* Depthwise plans: inputs whose pixels start a 16-byte granule off the vector's alignment (what
   * malloc returns for a large block) run channels [0, h) as one short block (packed's block 0),
   * then channels [h, C) in blocks that start on the alignment, from weights packed again from
   * channel h: dw_align (floats) the alignment, dw_shifted[h / 4] those weights' offset in packed
   * (0: none). See api.c dw_shift. */
  size_t dw_align;
  size_t dw_shifted[4];
  sc_tiling tiling;       /* the tiles in raster order (depthwise: by first output pixel) */
  sc_tiling strips;       /* depthwise plans with sc_choice.dw_strips: the same tiles in column
                             strips, which a run on the calling thread takes (no band copy); else
                             no tiles (NULL) */
  sc_tiling flat;         /* GEMM plans with sc_choice.flat_images: the tiles of that many images
                             stacked as one (tiles cross image boundaries), which runs of batch > 1
                             take; else no tiles (NULL) */
  float *zero;            /* zero row for merged corner pixels (sc_zero_floats), or NULL */
  int clamp;
  float lo, hi;
  int fused;              /* tiles fuse the kw taps with the input channels (tiles.c) */
  size_t in_image, out_image; /* floats per dense image */
  size_t in_px, out_px;   /* pixels per image */
  /* Winograd plans (row->kind == SC_KIND_WINO; fn NULL): packed holds U (kernel.h), tiling.ntiles
   * the output's m x m tiles (no tile table), pack_groups the groups and ranges the output-channel
   * chunks per group, so that work units are image x group x chunk x tile range as for direct
   * plans. */
  const sc_wino_info *wino;
  sc_wino_block wblk;        /* its blocking (T tiles, KC and NC channels per chunk) */
  size_t tiles_w;            /* tiles per tile row */
  size_t wino_chunk_floats;  /* packed floats per (group, chunk) */
  float *wino_bias;          /* per (group, chunk): NC floats of bias, zero-padded */
};

/* Validates a descriptor and normalises it into g (0 -> 1, padding resolved, output size). */
simdconv_status sc_check_desc(const simdconv_conv2d_desc *d, sc_geom *g);

/* The tensors of one run: base pointers and pixel strides in floats (run_ex's io, resolved:
 * strides never 0; dense tensors have xps == Cin, yps == rps == Cout). */
typedef struct sc_io {
  const float *x;
  float *y;
  const float *r; /* residual or NULL */
  size_t xps, yps, rps;
} sc_io;

/* The checks of a run (every entry point is run_ex), on the resolved tensors io of a plan p that
 * is not NULL (status; SIMDCONV_OK for batch == 0). */
simdconv_status sc_check_io(const struct simdconv_conv2d_plan *p, size_t batch, const sc_io *io);
/* A plan's tiles cut into n >= 1 chunks of near-equal work (api.c chunk_start): with grain 1,
 * chunk c starts at the tile boundary nearest to c / n of the tiles' work (sc_tiling.work); with
 * grain T (Winograd blocks of T tiles), at grain floor(c * grains / n), the last grain maybe short */
typedef struct sc_chunking {
  size_t n, grain;
  const sc_tiling *tiling; /* the plan's tile table the units run: tiling, strips (sc_run_io) or flat */
  size_t batch;            /* the run's images (a flat tiling's last unit may hold fewer) */
} sc_chunking;
/* The flat tiling a run of `batch` images takes (GEMM plans of small images, batch > 1), or NULL */
static inline const sc_tiling *sc_flat_tiling(const struct simdconv_conv2d_plan *p, size_t batch) {
  return batch > 1 && p->flat.tiles != NULL ? &p->flat : NULL;
}
/* Work units of one batch: image x packed group x block range x tile chunk, in that order
 * (depthwise plans: image x tile chunk x block range; see sc_plan_run_units). */
size_t sc_plan_units(const struct simdconv_conv2d_plan *p, sc_chunking ck);
/* Runs a checked io on the calling thread (every unit, in order). */
void sc_run_io(const struct simdconv_conv2d_plan *p, size_t batch, const sc_io *io);
/* Runs units [begin, end) (see sc_plan_units); no allocation, no writes into the plan. */
void sc_plan_run_units(const struct simdconv_conv2d_plan *p, const sc_io *io, sc_chunking ck, size_t begin, size_t end);

#endif
