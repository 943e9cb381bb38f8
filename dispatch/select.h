/* Kernel selection, in one module: which registry rows can compute a descriptor (the candidates),
 * which one the library's rules pick for a CPU (DEFAULT), and how the plan runs it (blocking,
 * streamed stores). Pure functions of (descriptor, rows, CPU): the CPU comes in as an sc_cpu_info,
 * so tests can ask what any CPU would get (tests/test_select.c, golden list). Internal. */
#ifndef SIMDCONV_SELECT_H
#define SIMDCONV_SELECT_H

#include "../kernels/kernel.h"
#include "isa_rules.h"

/* The greatest common divisor of a and b (b > 0) */
static inline size_t sc_gcd(size_t a, size_t b) {
  while (a != 0) {
    const size_t r = b % a;
    b = a;
    a = r;
  }
  return b;
}

/* What selection reads of a CPU: dispatch/cpu.c fills it from cpu_features once; tests fake it. */
typedef enum sc_vendor { SC_VENDOR_OTHER, SC_VENDOR_INTEL, SC_VENDOR_AMD, SC_VENDOR_ARM } sc_vendor;
typedef struct sc_cpu_info {
  sc_cpu_caps caps;   /* the ISA rules' bits (AVX-512 only when the OS saves the zmm state) */
  sc_vendor vendor;
  int family, model;  /* x86 CPUID family / model (display values); 0 elsewhere */
  size_t l1d, l2;     /* data cache bytes per core as probed; 0 when the probe has none */
  size_t l3;          /* last-level cache bytes as probed (shared by its cores); 0 when the probe has none */
  size_t l1d_ways;    /* L1d associativity as probed; 0 when the probe has none */
} sc_cpu_info;

/* How a one-vector conv / GEMM tile (one broadcast per FMA) takes its broadcasts: a register
 * broadcast from memory (the plain rows), some from register permutes of one vector load
 * (row->perm), or as the FMAs' memory operands (row->embed). */
typedef enum sc_bcast_form { SC_BCAST_REGISTER, SC_BCAST_PERMUTE, SC_BCAST_EMBEDDED } sc_bcast_form;

/* The CPU classified once (sc_classify): its class in the tuning table and the numbers the rules
 * use, derived from its caches (probed, or the class's defaults when the probe reports none). */
typedef struct sc_tuning {
  const char *cpu_class;     /* tuning-table row: "zen3", "zen4", "zen5", "intel_spr", "x86", "aarch64", ... */
  size_t l1d, l2;            /* bytes used by the rules below */
  size_t gemm_weight_bytes;  /* a GEMM block's weights that stay in L1 (L1d; the tile choice) */
  size_t gemm_job_bytes;     /* a GEMM job's weights, all its blocks (L2 / 2: they stay in L2) */
  size_t stream_bytes;       /* output images at least this large are streamed (the LLC, at least 2 x L2) */
  size_t dw_block_bytes;     /* a depthwise job's blocks' weights + input window per tile (L1d / 2) */
  size_t dw_whole_pixel_bytes; /* ... all blocks where the input image is at least this large (4 x L2) */
  size_t l1d_way;            /* bytes of one L1d way: addresses this far apart share a set (sc_dw_band_stride) */
  size_t wide_block_bytes;   /* a convolution block larger than this takes the next narrower tile (L2 / 2) */
  int stream_residual;       /* streamed outputs stay streamed beside a separate residual (class row) */
  size_t dw_prefetch_bytes;  /* depthwise layers whose input + output reach this prefetch their next input rows (L3 / 3) */
  sc_bcast_form onevec_bcast; /* one-vector tiles' broadcasts in DEFAULT: the twin of that form (class row) */
  int gemm_fewest_acc;       /* a GEMM tile in L1 gives way to its width's fewest accumulators (class row) */
  int half_width_peak;       /* half-width FMAs reach the FMA peak: an ISA's narrow rows compete (class row) */
  int gemm_min_chains;       /* the fewest accumulators a one-pass GEMM tile may use (the FMA width, select.c) */
} sc_tuning;

sc_tuning sc_classify(const sc_cpu_info *cpu);

/* 1 if the row can compute the descriptor (kernel.h, the kinds). */
int sc_row_computes(const sc_kernel_row *row, const sc_geom *g);

/* How a plan runs its kernel. */
typedef struct sc_choice {
  const sc_kernel_row *row;
  int stream;          /* streamed stores for a large enough output (where the output allows them) */
  int stream_residual; /* ... also in runs with a separate residual (never in place) */
  size_t unit_blocks;  /* output-channel blocks per work unit: GEMM and depthwise jobs walk several */
  size_t group_tiles;  /* GEMM: 0 (a job walks its blocks per tile of pixels), or tiles per group
                          that walk the blocks one after the other (select.c gemm_group_tiles) */
  unsigned windows;    /* the tiling's window strides (sc_tiles_fill): the depthwise row's, or a
                          grouped row's where its whole-row windows pay (select.c); else 0 */
  size_t tile_mr;      /* the tiling's tallest tile: the row's MR, or fewer (select.c dw_aliased_s2, aliased_tile_mr) */
  int dw_strips;       /* depthwise: tiles in column strips, each walked down the image (select.c dw_strips) */
  int dw_prefetch;     /* depthwise: the tiles prefetch the input rows the next output row adds (sc_job.prefetch) */
  size_t pool_min_batch; /* runs of fewer images stay on the calling thread, whatever the pool (1: none;
                            select.c pool_min_batch) */
  size_t flat_images;  /* GEMM on images smaller than two tiles: batches run this many images
                          stacked as one image (a second tiling, select.c flat_images); 0: none */
} sc_choice;

/* DEFAULT: the rules' row among the n rows (one ISA's registry rows) for g on a CPU tuned t; NULL
 * if none can compute g. */
const sc_kernel_row *sc_select_default(const sc_geom *g, const sc_kernel_row *const *rows, size_t n,
                                       const sc_tuning *t);
/* Algorithm WINOGRAD: the Winograd row (variant) the rules pick for g among the n rows, NULL if
 * none computes g. */
const sc_kernel_row *sc_select_winograd(const sc_geom *g, const sc_kernel_row *const *rows, size_t n,
                                        const sc_tuning *t);
/* Algorithm FASTEST: 1 if the Winograd row wino (sc_select_winograd's) runs g faster than DEFAULT's
 * direct kernel on a CPU tuned t. */
int sc_winograd_pays(const sc_geom *g, const sc_kernel_row *wino, const sc_tuning *t);

/* A Winograd plan's blocking (sc_wino_job.t, kc, ncc) for row on g. */
typedef struct sc_wino_block {
  size_t t, kc, nc;
} sc_wino_block;
sc_wino_block sc_wino_blocking(const sc_geom *g, const sc_kernel_row *row, const sc_tuning *t);

/* The plan parameters of running row on g (any row that computes g: DEFAULT's, MEASURE's or forced). */
sc_choice sc_choose(const sc_geom *g, const sc_kernel_row *row, const sc_tuning *t);

/* A depthwise job's band copy (kernel.h sc_job.band_ps): the pixel stride of the band its input
 * rows are copied to, or 0 to read the input in place. g: the layer, row: its depthwise row, xps:
 * the input's pixel stride in floats, channels: the job's channels (its blocks x NR). */
size_t sc_dw_band_stride(const sc_geom *g, const sc_kernel_row *row, size_t xps, size_t channels,
                         const sc_tuning *t);

/* The input pixel stride (floats) row runs g fastest on (simdconv_conv2d_input_pixel_stride):
 * g->cin, or g->cin + 16 where a dense input's pixel stride maps its pixels onto few L1d sets. */
size_t sc_input_stride(const sc_geom *g, const sc_kernel_row *row, const sc_tuning *t);

#endif
