/* The run entry points: simdconv_conv2d_run_ex (run and run_parallel are its dense case): the run's work units (image x
 * group x channel block x tile chunk, see sc_plan_units) spread over a pthreadpool. Every output
 * element belongs to exactly one unit and a unit is computed by the same kernel code whatever
 * thread runs it, so results are bit-identical for any thread count. No locks, no allocation. */
#include "plan.h"

#if defined(SIMDCONV_HAVE_PTHREADPOOL)
#  include <pthreadpool.h>

typedef struct {
  const simdconv_conv2d_plan *plan;
  const sc_io *io;
  sc_chunking ck;
} sc_parallel_ctx;

static void run_unit(void *arg, size_t unit) {
  const sc_parallel_ctx *c = arg;
  sc_plan_run_units(c->plan, c->io, c->ck, unit, unit + 1);
}

/* Tile chunks per (image, group, block range): enough units that every thread gets several (load
 * balance on 7x7 maps and batch 1), but no more chunking than that: a chunk re-streams its
 * channel block's weights. Then the chunk count is rounded up so that the units are a multiple of
 * the threads where the tiles allow: the pool gives each thread an equal run of consecutive
 * units, and the chunks of near-equal work (api.c chunk_start) an equal share of the tiles' work.
 * Winograd: chunks of whole blocks of T tiles, where every chunk gets one: every unit reads its
 * chunk's transformed weights once per block, so a unit of fewer tiles multiplies that traffic
 * (14x14x256, F(4x4), 2 threads, AMD EPYC Zen 3: units of 2 tiles scaled 1.16x over one thread,
 * blocks of 6 1.8x); with fewer tiles, one chunk a thread, tile by tile. */
static sc_chunking tile_chunks(const simdconv_conv2d_plan *p, size_t batch, size_t threads) {
  const sc_tiling *flat = sc_flat_tiling(p, batch);
  if (flat != NULL) return (sc_chunking){1, 1, flat, batch}; /* stacks of small images, one chunk each */
  const size_t units_per_thread = 8;
  const size_t ntiles = p->tiling.ntiles ? p->tiling.ntiles : 1;
  const size_t outer = batch * p->pack_groups * p->ranges; /* units with one chunk of all tiles */
  const size_t want = threads * units_per_thread;
  sc_chunking ck = {1, 1, &p->tiling, batch}; /* pools: raster order, each thread a band of rows */
  if (outer >= want) return ck;
  size_t n = (want + outer - 1) / outer;
  n = n < ntiles ? n : ntiles;
  size_t per = (ntiles + n - 1) / n; /* tiles a chunk */
  if (p->wino != NULL && per >= p->wblk.t) {
    ck.grain = p->wblk.t;
    per = (per + ck.grain - 1) / ck.grain * ck.grain;
  } else if (p->wino != NULL) {
    const size_t kmin = (threads + outer - 1) / outer; /* chunks that give every thread a unit */
    per = (ntiles + kmin - 1) / kmin;
  }
  n = (ntiles + per - 1) / per;
  /* the least chunk count whose units are a multiple of the threads */
  const size_t step = threads / sc_gcd(outer % threads, threads), grains = (ntiles + ck.grain - 1) / ck.grain;
  n = (n + step - 1) / step * step;
  ck.n = n < grains ? n : grains;
  return ck;
}
#endif

/* Runs a checked io on the pool (NULL, one thread, or a run too small to pay for the pool's
 * cost, see p->pool_min_batch: the calling thread). */
static void run_io_on(const simdconv_conv2d_plan *p, struct pthreadpool *pool, size_t batch, const sc_io *io) {
#if defined(SIMDCONV_HAVE_PTHREADPOOL)
  size_t threads = pool ? pthreadpool_get_threads_count(pool) : 1;
  if (threads > 1 && batch >= p->pool_min_batch) {
    sc_parallel_ctx c = {p, io, tile_chunks(p, batch, threads)};
    pthreadpool_parallelize_1d(pool, run_unit, &c, sc_plan_units(p, c.ck), 0);
    return;
  }
#else
  (void)pool; /* built without pthreadpool: runs on the calling thread */
#endif
  sc_run_io(p, batch, io);
}

/* run_parallel: run_ex on dense tensors, no residual */
simdconv_status simdconv_conv2d_run_parallel(const simdconv_conv2d_plan *p, struct pthreadpool *pool, size_t batch,
                                             const float *input, float *output) {
  const simdconv_conv2d_io io = {input, 0, output, 0, NULL, 0};
  return simdconv_conv2d_run_ex(p, batch, &io, pool);
}

simdconv_status simdconv_conv2d_run_ex(const simdconv_conv2d_plan *p, size_t batch, const simdconv_conv2d_io *io,
                                       struct pthreadpool *pool) {
  if (p == NULL || io == NULL) return SIMDCONV_INVALID_ARGUMENT;
  sc_io r;
  r.x = io->input;
  r.y = io->output;
  r.r = io->residual;
  r.xps = io->input_pixel_stride ? io->input_pixel_stride : p->g.cin;
  r.yps = io->output_pixel_stride ? io->output_pixel_stride : p->g.cout;
  r.rps = io->residual_pixel_stride ? io->residual_pixel_stride : p->g.cout;
  simdconv_status s = sc_check_io(p, batch, &r);
  if (s != SIMDCONV_OK || batch == 0) return s;
  run_io_on(p, pool, batch, &r);
  return SIMDCONV_OK;
}

int simdconv_has_threads(void) {
#if defined(SIMDCONV_HAVE_PTHREADPOOL)
  return 1;
#else
  return 0;
#endif
}

/* run: run_ex on dense tensors, no residual, the calling thread */
simdconv_status simdconv_conv2d_run(const simdconv_conv2d_plan *p, size_t batch, const float *input, float *output) {
  const simdconv_conv2d_io io = {input, 0, output, 0, NULL, 0};
  return simdconv_conv2d_run_ex(p, batch, &io, NULL);
}
