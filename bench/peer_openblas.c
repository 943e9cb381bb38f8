/* im2col + OpenBLAS sgemm peer (the classic Caffe-style lowering), NHWC in and out:
 *   col[P = N*OH*OW][K = KH*KW*Cin_g] (zeros for padded taps), then per group
 *   y[P][Cout_g] = bias + col x W_g, with W_g the HWIO weights read in place (row = tap x
 *   input channel, column = output channel, ld = Cout).
 * 1x1 stride-1 unpadded layers skip im2col (x already is the matrix). The im2col is timed: it is
 * part of the method. One thread: openblas_set_num_threads(1); no threads:<n> cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "peers.h"
#include "shim.h"

typedef struct {
  const bench_layer *l;
  bench_geom g;
  const float *x, *w, *b;
  float *y, *col;
  size_t P, K, cin_g, cout_g;
  int direct;
} blas_ctx;

int peer_openblas_init(void) {
  openblas_set_num_threads(1);
  if (openblas_get_num_threads() != 1) return 1;
  scb_context("openblas_config", openblas_get_config());
  scb_context("openblas_threads", "1 (openblas_set_num_threads(1))");
  return 0;
}

static int create(const bench_layer *l, size_t threads, const float *x, const float *w, const float *b, float *y,
                  void **out, char *err, size_t errlen) {
  if (threads != 0) {
    snprintf(err, errlen, "OpenBLAS: the bench runs it single-threaded only");
    return 1;
  }
  blas_ctx *c = calloc(1, sizeof *c);
  if (c == NULL) goto oom;
  c->l = l;
  c->g = bench_layer_geom(l);
  c->x = x;
  c->w = w;
  c->b = b;
  c->y = y;
  c->cin_g = l->cin / l->groups;
  c->cout_g = l->cout / l->groups;
  c->P = bench_layer_batch(l) * c->g.oh * c->g.ow;
  c->K = l->kh * l->kw * c->cin_g;
  c->direct = l->kh == 1 && l->kw == 1 && l->sh == 1 && l->sw == 1 && l->groups == 1 &&
              c->g.pad_top + c->g.pad_bottom + c->g.pad_left + c->g.pad_right == 0;
  if (!c->direct) {
    c->col = malloc(sizeof(float) * c->P * c->K);
    if (c->col == NULL) goto oom;
  }
  *out = c;
  return 0;
oom:
  if (c != NULL) free(c);
  snprintf(err, errlen, "OpenBLAS: out of memory");
  return 1;
}

/* col[p][(kh*KW + kw)*cin_g + i] = x[n][ih][iw][g*cin_g + i], 0 outside the image. */
static void im2col(const blas_ctx *c, size_t group) {
  const bench_layer *l = c->l;
  const size_t cin_g = c->cin_g, batch = bench_layer_batch(l);
  float *dst = c->col;
  for (size_t n = 0; n < batch; n++)
    for (size_t oh = 0; oh < c->g.oh; oh++)
      for (size_t ow = 0; ow < c->g.ow; ow++)
        for (size_t kh = 0; kh < l->kh; kh++) {
          const ptrdiff_t ih = (ptrdiff_t)(oh * l->sh + kh * l->dh) - (ptrdiff_t)c->g.pad_top;
          for (size_t kw = 0; kw < l->kw; kw++, dst += cin_g) {
            const ptrdiff_t iw = (ptrdiff_t)(ow * l->sw + kw * l->dw) - (ptrdiff_t)c->g.pad_left;
            if (ih < 0 || iw < 0 || ih >= (ptrdiff_t)l->h || iw >= (ptrdiff_t)l->w) {
              memset(dst, 0, sizeof(float) * cin_g);
            } else {
              const float *src = c->x + ((n * l->h + (size_t)ih) * l->w + (size_t)iw) * l->cin + group * cin_g;
              if (cin_g == 1) dst[0] = src[0];
              else memcpy(dst, src, sizeof(float) * cin_g);
            }
          }
        }
}

static void run(void *ctx) {
  const blas_ctx *c = ctx;
  const bench_layer *l = c->l;
  const size_t cout = l->cout;
  for (size_t p = 0; p < c->P; p++) memcpy(c->y + p * cout, c->b, sizeof(float) * cout);
  for (size_t gi = 0; gi < l->groups; gi++) {
    const float *a = c->x;
    size_t lda = l->cin;
    if (!c->direct) {
      im2col(c, gi);
      a = c->col;
      lda = c->K;
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (blasint)c->P, (blasint)c->cout_g, (blasint)c->K, 1.0f, a,
                (blasint)lda, c->w + gi * c->cout_g, (blasint)cout, 1.0f, c->y + gi * c->cout_g, (blasint)cout);
  }
  if (l->activation == SIMDCONV_ACTIVATION_RELU)
    for (size_t i = 0; i < c->P * cout; i++) c->y[i] = c->y[i] > 0.0f ? c->y[i] : 0.0f;
  else if (l->activation == SIMDCONV_ACTIVATION_RELU6)
    for (size_t i = 0; i < c->P * cout; i++) c->y[i] = c->y[i] > 0.0f ? (c->y[i] < 6.0f ? c->y[i] : 6.0f) : 0.0f;
}

static void destroy(void *ctx) {
  blas_ctx *c = ctx;
  free(c->col);
  free(c);
}

static double weight_bytes(void *ctx) {
  const blas_ctx *c = ctx;
  return (double)sizeof(float) * ((double)c->K * (double)c->l->cout + (double)c->l->cout);
}

const peer_impl peer_openblas = {"openblas", create, run, destroy, NULL, weight_bytes, 0};
