/* A tiny inference "backend" on simdconv, used the way a runtime would use it:
 *
 *   load:  one plan per layer, created once (weights are packed then; the caller's copy is freed)
 *   infer: the plans run the chain, many times, on several inputs, into two ping-pong buffers
 *          that are allocated once (simdconv_conv2d_run itself allocates nothing)
 *   every status is checked; the ISA each plan runs is printed.
 *
 * The network (NHWC, 16x16 RGB in):
 *   conv 3x3 SAME 3->16 + relu  ->  depthwise 3x3 stride 2 SAME + relu  ->  conv 1x1 16->32 + relu
 *   ->  conv 3x3 VALID 32->8
 *
 * Weights, biases and inputs are small integers, so every sum is exact in float and the checksum
 * is the same on every ISA and machine (a real model's outputs would differ in the last bits
 * between ISAs): it is printed and checked by CTest and .ci/package.sh.
 *
 * Usage: backend_chain [isa]   isa: auto (default), scalar, sse, avx2, avx512, neon. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simdconv/simdconv.h>

#define IN_H 16
#define IN_W 16
#define IN_C 3
#define NLAYERS 4
#define NINPUTS 6
#define REPEATS 10

typedef struct {
  const char *what;
  simdconv_conv2d_desc desc;
  simdconv_conv2d_plan *plan;
  size_t out_h, out_w;
} layer;

typedef struct {
  layer layers[NLAYERS];
  size_t max_batch, max_floats; /* per ping-pong buffer */
  float *buf[2];
} backend;

/* deterministic small integers in [lo, hi] */
static uint32_t rng_state = 12345u;
static int small_int(int lo, int hi) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return lo + (int)((rng_state >> 16) % (uint32_t)(hi - lo + 1));
}

static int check(simdconv_status s, const char *what) {
  if (s != SIMDCONV_OK) fprintf(stderr, "backend_chain: %s: %s\n", what, simdconv_status_string(s));
  return s == SIMDCONV_OK;
}

static simdconv_conv2d_desc conv(size_t h, size_t w, size_t cin, size_t cout, size_t k, size_t stride,
                                 size_t groups, simdconv_padding pad, simdconv_activation act) {
  simdconv_conv2d_desc d;
  memset(&d, 0, sizeof d);
  d.input_height = h; d.input_width = w; d.input_channels = cin; d.output_channels = cout;
  d.kernel_height = k; d.kernel_width = k; d.stride_height = stride; d.stride_width = stride;
  d.groups = groups; d.padding = pad; d.activation = act;
  return d;
}

static void backend_destroy(backend *b) {
  for (int i = 0; i < NLAYERS; i++) simdconv_conv2d_destroy(b->layers[i].plan);
  free(b->buf[0]);
  free(b->buf[1]);
  memset(b, 0, sizeof *b);
}

/* "Model load": shapes, then one plan per layer with the requested ISA. */
static int backend_load(backend *b, simdconv_isa isa, size_t max_batch) {
  static const char *names[NLAYERS] = {"conv 3x3 3->16 relu", "depthwise 3x3 /2 relu", "conv 1x1 16->32 relu",
                                       "conv 3x3 valid 32->8"};
  memset(b, 0, sizeof *b);
  b->max_batch = max_batch;
  b->layers[0].desc = conv(IN_H, IN_W, IN_C, 16, 3, 1, 1, SIMDCONV_PADDING_SAME, SIMDCONV_ACTIVATION_RELU);
  size_t h = IN_H, w = IN_W, c = IN_C, max_floats = 0;
  for (int i = 0; i < NLAYERS; i++) {
    layer *l = &b->layers[i];
    l->what = names[i];
    if (i == 1) l->desc = conv(h, w, c, c, 3, 2, c, SIMDCONV_PADDING_SAME, SIMDCONV_ACTIVATION_RELU);
    if (i == 2) l->desc = conv(h, w, c, 32, 1, 1, 1, SIMDCONV_PADDING_VALID, SIMDCONV_ACTIVATION_RELU);
    if (i == 3) l->desc = conv(h, w, c, 8, 3, 1, 1, SIMDCONV_PADDING_VALID, SIMDCONV_ACTIVATION_NONE);
    if (!check(simdconv_conv2d_output_size(&l->desc, &l->out_h, &l->out_w), l->what)) return 0;
    const simdconv_conv2d_desc *d = &l->desc;
    size_t groups = d->groups ? d->groups : 1;
    size_t nw = d->kernel_height * d->kernel_width * (d->input_channels / groups) * d->output_channels;
    float *weights = malloc(nw * sizeof(float)), *bias = malloc(d->output_channels * sizeof(float));
    if (weights == NULL || bias == NULL) { free(weights); free(bias); return 0; }
    for (size_t j = 0; j < nw; j++) weights[j] = (float)small_int(-1, 1);
    for (size_t j = 0; j < d->output_channels; j++) bias[j] = (float)small_int(-2, 2);
    simdconv_status s = simdconv_conv2d_create(d, weights, bias, isa, &l->plan);
    free(weights); /* the plan holds its own packed copy */
    free(bias);
    if (!check(s, l->what)) return 0;
    h = l->out_h; w = l->out_w; c = d->output_channels;
    if (h * w * c > max_floats) max_floats = h * w * c;
  }
  b->max_floats = max_floats;
  b->buf[0] = malloc(max_batch * max_floats * sizeof(float));
  b->buf[1] = malloc(max_batch * max_floats * sizeof(float));
  return b->buf[0] != NULL && b->buf[1] != NULL;
}

static size_t backend_output_floats(const backend *b) {
  const layer *l = &b->layers[NLAYERS - 1];
  return l->out_h * l->out_w * l->desc.output_channels;
}

/* "Inference": input [batch][IN_H][IN_W][IN_C] -> output [batch][out_h][out_w][8]. */
static int backend_infer(backend *b, size_t batch, const float *input, float *output) {
  if (batch > b->max_batch) return 0;
  const float *x = input;
  for (int i = 0; i < NLAYERS; i++) {
    float *y = i == NLAYERS - 1 ? output : b->buf[i % 2];
    if (!check(simdconv_conv2d_run(b->layers[i].plan, batch, x, y), b->layers[i].what)) return 0;
    x = y;
  }
  return 1;
}

static long long checksum(const float *y, size_t n) {
  long long s = 0;
  for (size_t i = 0; i < n; i++) s += (long long)y[i] * (long long)(i % 7 + 1); /* exact: integer values */
  return s;
}

int main(int argc, char **argv) {
  simdconv_isa isa = SIMDCONV_ISA_AUTO;
  if (argc > 1) {
    int found = 0;
    for (int i = SIMDCONV_ISA_AUTO; i <= SIMDCONV_ISA_NEON; i++)
      if (strcmp(argv[1], simdconv_isa_name((simdconv_isa)i)) == 0) { isa = (simdconv_isa)i; found = 1; }
    if (!found) { fprintf(stderr, "usage: %s [auto|scalar|sse|avx2|avx512|neon]\n", argv[0]); return 2; }
  }
  /* A runtime checks it got the library its header describes (stable ABI within 0.x.y). */
  char header_version[32];
  snprintf(header_version, sizeof header_version, "%d.%d.%d", SIMDCONV_VERSION_MAJOR, SIMDCONV_VERSION_MINOR,
           SIMDCONV_VERSION_PATCH);
  printf("simdconv %s (header %s)\n", simdconv_version(), header_version);
  if (strcmp(simdconv_version(), header_version) != 0) fprintf(stderr, "backend_chain: version mismatch\n");

  backend b;
  if (!backend_load(&b, isa, NINPUTS)) { backend_destroy(&b); return 1; }
  size_t h = IN_H, w = IN_W, c = IN_C;
  for (int i = 0; i < NLAYERS; i++) {
    const layer *l = &b.layers[i];
    printf("layer %d: %-22s %2zux%2zux%-2zu -> %2zux%2zux%-2zu  isa %s, %zu packed bytes\n", i + 1, l->what, h, w, c,
           l->out_h, l->out_w, l->desc.output_channels, simdconv_isa_name(simdconv_conv2d_isa(l->plan)),
           simdconv_conv2d_packed_bytes(l->plan));
    h = l->out_h; w = l->out_w; c = l->desc.output_channels;
  }

  const size_t in_floats = (size_t)IN_H * IN_W * IN_C, out_floats = backend_output_floats(&b);
  float *inputs = malloc(NINPUTS * in_floats * sizeof(float));
  float *outputs = malloc(NINPUTS * out_floats * sizeof(float));
  float *batched = malloc(NINPUTS * out_floats * sizeof(float));
  int ok = inputs != NULL && outputs != NULL && batched != NULL;
  for (size_t i = 0; ok && i < NINPUTS * in_floats; i++) inputs[i] = (float)small_int(-2, 2);

  /* several inputs, one at a time, each run REPEATS times: results must not change */
  long long total = 0;
  for (int n = 0; ok && n < NINPUTS; n++) {
    float *y = outputs + n * out_floats;
    long long first = 0;
    for (int r = 0; ok && r < REPEATS; r++) {
      ok = backend_infer(&b, 1, inputs + n * in_floats, y);
      if (!ok) break;
      long long sum = checksum(y, out_floats);
      if (r == 0) first = sum;
      if (sum != first) { fprintf(stderr, "backend_chain: run %d of input %d differs\n", r, n); ok = 0; }
    }
    if (ok) printf("input %d: checksum %lld\n", n, first);
    total += first;
  }
  /* the same inputs as one batch: identical to the one-by-one results */
  if (ok) ok = backend_infer(&b, NINPUTS, inputs, batched);
  if (ok && memcmp(batched, outputs, NINPUTS * out_floats * sizeof(float)) != 0) {
    fprintf(stderr, "backend_chain: batched run differs from single runs\n");
    ok = 0;
  }
  if (ok) {
    printf("batch of %d: identical to single runs\n", NINPUTS);
    printf("total checksum: %lld\n", total);
    printf("isa: %s\n", simdconv_isa_name(simdconv_conv2d_isa(b.layers[0].plan)));
  }
  free(inputs); free(outputs); free(batched);
  backend_destroy(&b);
  if (!ok) return 1;
  printf("backend_chain: OK\n");
  return 0;
}
