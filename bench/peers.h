/* Peer implementations the conv cases compare simdconv with (oneDNN, XNNPACK, im2col +
 * OpenBLAS). Each is compiled only when CMake found its library (SCB_HAVE_<PEER>). The
 * conv/<layer>/<peer> cases run single-threaded; peers with `threaded` set also run
 * conv/<layer>/<peer>/threads:<n> on n threads (XNNPACK: a pthreadpool of n threads, oneDNN: n
 * OpenMP threads). Weights are prepared in create, outside the timed loop, as each library wants. */
#ifndef SIMDCONV_BENCH_PEERS_H
#define SIMDCONV_BENCH_PEERS_H

#include <stddef.h>

#include "layers.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct peer_impl {
  const char *name; /* the case name's last part: conv/<layer>/<name> */
  /* Prepare layer l for input x (NHWC) and output y (NHWC), weights w (HWIO) and bias b
   * (x, w, b and y stay valid until destroy). threads: 0 for the single-thread case
   * conv/<layer>/<name> (the peer's single-thread setup), n >= 1 for conv/<layer>/<name>/threads:<n>
   * (only asked of peers with `threaded` set; create fails rather than run on another count).
   * Returns 0, or non-zero with a message in err. */
  int (*create)(const bench_layer *l, size_t threads, const float *x, const float *w, const float *b, float *y,
                void **ctx, char *err, size_t errlen);
  void (*run)(void *ctx); /* one convolution: y = conv(x) */
  void (*destroy)(void *ctx);
  const char *(*label)(void *ctx);   /* implementation detail for the report, or NULL */
  double (*weight_bytes)(void *ctx); /* bytes of prepared weights + bias, or NULL if unknown */
  int threaded;                      /* 1: also runs the conv/<layer>/<name>/threads:<n> cases */
} peer_impl;

/* The peers compiled in whose one-time initialisation (thread count 1, library init)
 * succeeded; sets *n. Adds their versions and thread settings to the benchmark context. */
const peer_impl *const *peers_init(size_t *n);

extern const peer_impl peer_onednn, peer_xnnpack, peer_openblas;
/* Per-peer one-time init: 0 when usable. */
int peer_onednn_init(void);
int peer_xnnpack_init(void);
int peer_openblas_init(void);

#ifdef __cplusplus
}
#endif

#endif /* SIMDCONV_BENCH_PEERS_H */
