/* The benchmark layer suite (a copy of bench/layers.md as a C table; the build never reads
 * anything outside the repository). fp32, NHWC, batch 1, HWIO weights, bias. */
#ifndef SIMDCONV_BENCH_LAYERS_H
#define SIMDCONV_BENCH_LAYERS_H

#include <stddef.h>

#include <simdconv/simdconv.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_layer {
  const char *name;
  size_t h, w, cin, cout, kh, kw, stride, dilation, groups;
  simdconv_padding padding; /* VALID or SAME (TensorFlow rule) */
  simdconv_activation activation;
  int real; /* 1: one of the 10 layers of the geometric mean */
} bench_layer;

/* Geometry after the padding rule: output size and explicit pads (TensorFlow SAME puts the
 * extra row/column at the bottom/right). */
typedef struct bench_geom {
  size_t oh, ow;
  size_t pad_top, pad_bottom, pad_left, pad_right;
} bench_geom;

/* The suite, in the order of bench/layers.md (defined in layers.c). */
extern const bench_layer bench_layers[];
extern const size_t bench_nlayers;

/* The simdconv descriptor of a layer. */
simdconv_conv2d_desc bench_layer_desc(const bench_layer *l);
bench_geom bench_layer_geom(const bench_layer *l);
/* Nominal multiply-adds, padded taps included: OH*OW*Cout*KH*KW*Cin/groups (batch 1). */
double bench_layer_macs(const bench_layer *l);

#ifdef __cplusplus
}
#endif

#endif /* SIMDCONV_BENCH_LAYERS_H */
