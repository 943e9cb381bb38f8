/* The benchmark layers: the built-in suite (a copy of bench/layers.md as a C table; the build
 * never reads anything outside the repository), or the user's own layers parsed from specs
 * (simdconv_bench --layer=SPEC|@FILE, bench/run.sh --layer). Both fill the same struct and go
 * through the same cases, peers, report and pairs run. fp32, NHWC, HWIO weights, bias. */
#ifndef SIMDCONV_BENCH_LAYERS_H
#define SIMDCONV_BENCH_LAYERS_H

#include <stddef.h>

#include <simdconv/simdconv.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_layer {
  const char *name;
  size_t h, w, cin, cout, kh, kw;
  size_t sh, sw;            /* stride: rows, columns */
  size_t dh, dw;            /* dilation: rows, columns (1: dense) */
  size_t groups;
  simdconv_padding padding; /* VALID, SAME (TensorFlow rule) or EXPLICIT (pad_* below) */
  simdconv_activation activation; /* NONE, RELU or RELU6 */
  int real;                 /* 1: one of the layers of the geometric mean */
  size_t batch;             /* images per run; 0 means 1 */
  size_t pad_top, pad_bottom, pad_left, pad_right; /* SIMDCONV_PADDING_EXPLICIT only */
  size_t count;             /* how many times a network runs this layer (spec key count=); 0 means 1.
                             * Only the network runs (networks.c) use it; the layer cases ignore it */
} bench_layer;

/* Geometry after the padding rule: output size and explicit pads (TensorFlow SAME puts the
 * extra row/column at the bottom/right). */
typedef struct bench_geom {
  size_t oh, ow;
  size_t pad_top, pad_bottom, pad_left, pad_right;
} bench_geom;

/* The built-in suite, in the order of bench/layers.md (defined in layers.c). */
extern const bench_layer bench_builtin_layers[];
extern const size_t bench_builtin_nlayers;

/* The Winograd set's own layers (wino_128x128x32): appended to the built-in suite by
 * bench_layers_winograd only (simdconv_bench --winograd, --winograd-pairs). */
extern const bench_layer bench_winograd_layers[];
extern const size_t bench_winograd_nlayers;
/* The layers of the Winograd mode's geometric mean (the done-when set), comma-separated;
 * with the user's layers (--layer): every one of theirs that is in the Winograd set. */
#define BENCH_WINOGRAD_GEOMEAN "resnet_2_3x3,resnet_3_3x3,resnet_4_3x3,vgg_3_3x3,wino_128x128x32"

/* The layers this run benchmarks: the built-in suite (after bench_layers_winograd: followed by
 * bench_winograd_layers), or the user's layers once bench_layers_add succeeded at least once.
 * Sets *n. */
const bench_layer *bench_layers(size_t *n);
/* The Winograd mode: bench_layers() is the built-in suite followed by bench_winograd_layers
 * (the built-in layers keep their indices, hence their data's seeds). 0, or 1 out of memory. */
int bench_layers_winograd(void);
/* The bench's own rule for a Winograd F(m x m, 3x3) layer: a 3x3 kernel, stride 1, dilation 1
 * and at least 4 input and 4 output channels per group (the library decides in the end: see
 * winograd.h). */
int bench_layer_winograd_shape(const bench_layer *l);
/* 1 when the run benchmarks the user's layers (bench_layers_add), 0 for the built-in suite. */
int bench_layers_user(void);

/* Parses one layer spec (grammar: bench/README.md, "Your own layer"), e.g.
 * "h=56,w=56,cin=64,cout=64,k=3x3,s=1,d=1,g=1,pad=same". Returns 0, or 2 with a message that
 * names the bad field in err: `field "k": expected KHxKW or K, e.g. 3x3, got "3y3"`. The name
 * (name=..., else one made from the shape) is allocated; free it with bench_layer_free. */
int bench_layer_parse(const char *spec, bench_layer *out, char *err, size_t errlen);
void bench_layer_free(bench_layer *l);
/* The spec that bench_layer_parse reads back into l (every field written out). */
void bench_layer_spec(const bench_layer *l, char *buf, size_t len);

/* Adds the user's layers of one --layer argument: a spec, or "@FILE" (one spec a line; blank
 * lines and # comments skipped). Returns 0, or 2 after printing a message to stderr that names
 * the argument (or FILE:LINE) and the bad field, prefixed with `prog: `. Layer names must be
 * unique: a repeated name gets _2, _3, ... */
int bench_layers_add(const char *arg, const char *prog);
/* Frees the user's layers. */
void bench_layers_free(void);

/* A network (simdconv_bench --network=@FILE, bench/run.sh --network FILE): a name (the file's
 * name without directory and extension) and its distinct conv layers, each with its count
 * (bench_layer_count); the network's time is the sum over its layers of time x count. */
typedef struct bench_network {
  char *name;
  char *path;
  bench_layer *layers;
  size_t n;
} bench_network;

/* Adds the network of one --network argument: "@FILE" or "FILE", the --layer @FILE syntax (one
 * spec a line, # comments; count=N for a layer that occurs N times). Returns 0, or 2 after a
 * message to stderr as bench_layers_add's. */
int bench_networks_add(const char *arg, const char *prog);
/* The networks added so far; sets *n (0: none). */
const bench_network *bench_networks(size_t *n);
void bench_networks_free(void);
/* How many times the network runs the layer (count, 0 read as 1). */
size_t bench_layer_count(const bench_layer *l);

/* The simdconv descriptor of a layer. */
simdconv_conv2d_desc bench_layer_desc(const bench_layer *l);
bench_geom bench_layer_geom(const bench_layer *l);
/* Images per run (batch, 0 read as 1). */
size_t bench_layer_batch(const bench_layer *l);
/* Nominal multiply-adds, padded taps included: N*OH*OW*Cout*KH*KW*Cin/groups. */
double bench_layer_macs(const bench_layer *l);

#ifdef __cplusplus
}
#endif

#endif /* SIMDCONV_BENCH_LAYERS_H */
