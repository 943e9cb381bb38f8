/* The benchmark layer suite: bench/layers.md as a C table. Keep the two in sync. */
#include "layers.h"

#define BL_VALID SIMDCONV_PADDING_VALID
#define BL_SAME SIMDCONV_PADDING_SAME
#define BL_NONE SIMDCONV_ACTIVATION_NONE
#define BL_RELU SIMDCONV_ACTIVATION_RELU

/* name                 H    W    Cin  Cout KH KW s  d  g   padding   act      real */
const bench_layer bench_layers[] = {
    {"seed_rgb",           3,   3,   3,    1, 2, 2, 1, 1, 1, BL_VALID, BL_RELU, 0},
    {"resnet_conv1",     224, 224,   3,   64, 7, 7, 2, 1, 1, BL_SAME,  BL_NONE, 1},
    {"resnet_2_3x3",      56,  56,  64,   64, 3, 3, 1, 1, 1, BL_SAME,  BL_NONE, 1},
    {"resnet_2_1x1",      56,  56,  64,  256, 1, 1, 1, 1, 1, BL_VALID, BL_NONE, 1},
    {"resnet_3_3x3",      28,  28, 128,  128, 3, 3, 1, 1, 1, BL_SAME,  BL_NONE, 1},
    {"resnet_4_3x3",      14,  14, 256,  256, 3, 3, 1, 1, 1, BL_SAME,  BL_NONE, 1},
    {"resnet_5_3x3",       7,   7, 512,  512, 3, 3, 1, 1, 1, BL_SAME,  BL_NONE, 1},
    {"resnet_4_1x1_s2",   28,  28, 512, 1024, 1, 1, 2, 1, 1, BL_VALID, BL_NONE, 1},
    {"mobilenet_pw_112", 112, 112,  32,   64, 1, 1, 1, 1, 1, BL_VALID, BL_NONE, 1},
    {"mobilenet_pw_14",   14,  14, 512,  512, 1, 1, 1, 1, 1, BL_VALID, BL_NONE, 1},
    {"vgg_3_3x3",         56,  56, 256,  256, 3, 3, 1, 1, 1, BL_SAME,  BL_NONE, 1},
    {"odd_tail",          17,  19,   5,    7, 3, 3, 2, 2, 1, BL_SAME,  BL_NONE, 0},
    {"mobilenet_dw_112", 112, 112,  32,   32, 3, 3, 1, 1, 32, BL_SAME, BL_NONE, 0},
};
const size_t bench_nlayers = sizeof bench_layers / sizeof bench_layers[0];

simdconv_conv2d_desc bench_layer_desc(const bench_layer *l) {
  simdconv_conv2d_desc d = {0};
  d.input_height = l->h;
  d.input_width = l->w;
  d.input_channels = l->cin;
  d.output_channels = l->cout;
  d.kernel_height = l->kh;
  d.kernel_width = l->kw;
  d.stride_height = d.stride_width = l->stride;
  d.dilation_height = d.dilation_width = l->dilation;
  d.groups = l->groups;
  d.padding = l->padding;
  d.activation = l->activation;
  return d;
}

/* One spatial dimension: input n, kernel k, stride s, dilation d. */
static void geom_1d(size_t n, size_t k, size_t s, size_t d, int same, size_t *out, size_t *lo, size_t *hi) {
  size_t ke = (k - 1) * d + 1;
  if (same) {
    size_t o = (n + s - 1) / s;
    size_t need = (o - 1) * s + ke;
    size_t total = need > n ? need - n : 0;
    *out = o;
    *lo = total / 2;
    *hi = total - total / 2;
  } else {
    *out = n >= ke ? (n - ke) / s + 1 : 0;
    *lo = *hi = 0;
  }
}

bench_geom bench_layer_geom(const bench_layer *l) {
  bench_geom g;
  int same = l->padding == SIMDCONV_PADDING_SAME;
  geom_1d(l->h, l->kh, l->stride, l->dilation, same, &g.oh, &g.pad_top, &g.pad_bottom);
  geom_1d(l->w, l->kw, l->stride, l->dilation, same, &g.ow, &g.pad_left, &g.pad_right);
  return g;
}

double bench_layer_macs(const bench_layer *l) {
  bench_geom g = bench_layer_geom(l);
  return (double)g.oh * g.ow * l->cout * l->kh * l->kw * (l->cin / l->groups);
}
