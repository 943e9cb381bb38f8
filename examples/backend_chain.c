/* A tiny inference runtime on simdconv, used the way a runtime links a conv backend:
 *
 *   load:  one plan per layer, created once (weights are packed then; the caller's copy is freed);
 *          the activation buffers are allocated once (simdconv runs allocate nothing)
 *   infer: the plans run through simdconv_conv2d_run_ex, with no copies:
 *          - a DenseNet-style dense block: every layer reads a channel window of one concatenation
 *            buffer and writes its new channels into the next window of the same buffer (pixel
 *            strides), so the concatenation costs nothing;
 *          - a ResNet bottleneck block: 1x1 -> 3x3 -> 1x1 whose last layer adds the shortcut and
 *            applies relu in its epilogue (a fused residual: no second pass over the output).
 *   check: the same network computed the unfused way (dense tensors, an explicit concatenation by
 *          copying, the last 1x1 without activation followed by a separate add + relu pass) must
 *          give the same output bit for bit.
 *
 * The network (NHWC, 16x16 RGB in):
 *   stem        conv 3x3 SAME 3->16 relu                    -> concat[:, :, :, 0:16]
 *   dense 1     conv 3x3 SAME concat[0:16] -> 8 relu        -> concat[:, :, :, 16:24]
 *   dense 2     conv 3x3 SAME concat[0:24] -> 8 relu        -> concat[:, :, :, 24:32]
 *   transition  conv 1x1 concat[0:32] -> 16 relu            -> t           (the block's shortcut)
 *   bottleneck  conv 1x1 16->8 relu -> conv 3x3 SAME 8->8 relu -> conv 1x1 8->16 + t, relu -> out
 *
 * Weights, biases and inputs are small integers, so every sum is exact in float and the checksum
 * is the same on every ISA and machine (a real model's outputs would differ in the last bits
 * between ISAs): it is printed and checked by CTest and .ci/package.sh.
 *
 * Usage: backend_chain [isa]   isa: auto (default) or an ISA name (simdconv_isa_name). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simdconv/simdconv.h>

#define H 16
#define W 16
#define NINPUTS 4
#define REPEATS 5

enum { STEM, DENSE1, DENSE2, TRANSITION, BOTTLE_REDUCE, BOTTLE_3X3, BOTTLE_EXPAND, NLAYERS };
#define CONCAT_C 32 /* 16 + 2 x 8: the dense block's concatenation */

typedef struct {
  const char *what;
  simdconv_conv2d_desc desc;
  simdconv_conv2d_plan *plan;
  simdconv_conv2d_plan *plan_linear; /* the expand layer without activation (the unfused check) */
} layer;

typedef struct {
  layer layers[NLAYERS];
  size_t max_batch;
  float *concat, *t, *u, *v; /* concat: [batch][H][W][CONCAT_C]; t, u, v: block activations */
} runtime;

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

static simdconv_conv2d_desc conv(size_t cin, size_t cout, size_t k, simdconv_activation act) {
  simdconv_conv2d_desc d;
  memset(&d, 0, sizeof d);
  d.input_height = H; d.input_width = W; d.input_channels = cin; d.output_channels = cout;
  d.kernel_height = k; d.kernel_width = k;
  d.padding = k > 1 ? SIMDCONV_PADDING_SAME : SIMDCONV_PADDING_VALID;
  d.activation = act;
  return d;
}

static void runtime_destroy(runtime *rt) {
  for (int i = 0; i < NLAYERS; i++) {
    simdconv_conv2d_destroy(rt->layers[i].plan);
    simdconv_conv2d_destroy(rt->layers[i].plan_linear);
  }
  free(rt->concat); free(rt->t); free(rt->u); free(rt->v);
  memset(rt, 0, sizeof *rt);
}

/* "Model load": one plan per layer with the requested ISA, buffers for max_batch images. */
static int runtime_load(runtime *rt, simdconv_isa isa, size_t max_batch) {
  const simdconv_activation relu = SIMDCONV_ACTIVATION_RELU;
  memset(rt, 0, sizeof *rt);
  rt->max_batch = max_batch;
  rt->layers[STEM] = (layer){"stem 3x3 3->16", conv(3, 16, 3, relu), NULL, NULL};
  rt->layers[DENSE1] = (layer){"dense 3x3 16->8", conv(16, 8, 3, relu), NULL, NULL};
  rt->layers[DENSE2] = (layer){"dense 3x3 24->8", conv(24, 8, 3, relu), NULL, NULL};
  rt->layers[TRANSITION] = (layer){"transition 1x1 32->16", conv(CONCAT_C, 16, 1, relu), NULL, NULL};
  rt->layers[BOTTLE_REDUCE] = (layer){"bottleneck 1x1 16->8", conv(16, 8, 1, relu), NULL, NULL};
  rt->layers[BOTTLE_3X3] = (layer){"bottleneck 3x3 8->8", conv(8, 8, 3, relu), NULL, NULL};
  rt->layers[BOTTLE_EXPAND] = (layer){"bottleneck 1x1 8->16 +t", conv(8, 16, 1, relu), NULL, NULL};
  for (int i = 0; i < NLAYERS; i++) {
    layer *l = &rt->layers[i];
    const simdconv_conv2d_desc *d = &l->desc;
    size_t nw = d->kernel_height * d->kernel_width * d->input_channels * d->output_channels;
    float *weights = malloc(nw * sizeof(float)), *bias = malloc(d->output_channels * sizeof(float));
    if (weights == NULL || bias == NULL) { free(weights); free(bias); return 0; }
    for (size_t j = 0; j < nw; j++) weights[j] = (float)small_int(-1, 1);
    for (size_t j = 0; j < d->output_channels; j++) bias[j] = (float)small_int(-2, 2);
    simdconv_status s = simdconv_conv2d_create(d, weights, bias, isa, &l->plan);
    if (s == SIMDCONV_OK && i == BOTTLE_EXPAND) {
      simdconv_conv2d_desc lin = *d;
      lin.activation = SIMDCONV_ACTIVATION_NONE;
      s = simdconv_conv2d_create(&lin, weights, bias, isa, &l->plan_linear);
    }
    free(weights); /* the plan holds its own packed copy */
    free(bias);
    if (!check(s, l->what)) return 0;
  }
  const size_t px = max_batch * H * W;
  rt->concat = malloc(px * CONCAT_C * sizeof(float));
  rt->t = malloc(px * 16 * sizeof(float));
  rt->u = malloc(px * 8 * sizeof(float));
  rt->v = malloc(px * 8 * sizeof(float));
  return rt->concat && rt->t && rt->u && rt->v;
}

/* One layer through run_ex: input and output with pixel strides (0: dense), optional residual. */
static int run(const runtime *rt, int i, size_t batch, const float *x, size_t xps, float *y, size_t yps,
               const float *residual) {
  simdconv_conv2d_io io = {x, xps, y, yps, residual, 0};
  return check(simdconv_conv2d_run_ex(rt->layers[i].plan, batch, &io, NULL), rt->layers[i].what);
}

/* "Inference": input [batch][H][W][3] -> output [batch][H][W][16]; no copies, no extra passes. */
static int runtime_infer(runtime *rt, size_t batch, const float *input, float *output) {
  if (batch > rt->max_batch) return 0;
  float *cat = rt->concat;
  return run(rt, STEM, batch, input, 0, cat, CONCAT_C, NULL) &&          /* -> concat[0:16] */
         run(rt, DENSE1, batch, cat, CONCAT_C, cat + 16, CONCAT_C, NULL) && /* [0:16] -> [16:24] */
         run(rt, DENSE2, batch, cat, CONCAT_C, cat + 24, CONCAT_C, NULL) && /* [0:24] -> [24:32] */
         run(rt, TRANSITION, batch, cat, CONCAT_C, rt->t, 0, NULL) &&
         run(rt, BOTTLE_REDUCE, batch, rt->t, 0, rt->u, 0, NULL) &&
         run(rt, BOTTLE_3X3, batch, rt->u, 0, rt->v, 0, NULL) &&
         run(rt, BOTTLE_EXPAND, batch, rt->v, 0, output, 0, rt->t); /* relu(conv + bias + t) */
}

/* Concatenates n tensors of c[k] channels (dense, px pixels each) into dst, by copying. */
static void concat(float *dst, size_t px, int n, const float *const *src, const size_t *c) {
  size_t total = 0;
  for (int k = 0; k < n; k++) total += c[k];
  for (size_t p = 0; p < px; p++)
    for (int k = 0, at = 0; k < n; at += (int)c[k], k++) memcpy(dst + p * total + at, src[k] + p * c[k], c[k] * sizeof(float));
}

/* The unfused computation, as a runtime without run_ex would do it: dense tensors, the
 * concatenations by copying, the residual as a second pass. One image. */
static int unfused_infer(runtime *rt, const float *input, float *output) {
  const size_t px = (size_t)H * W;
  float *stem = malloc(px * 16 * sizeof(float)), *d1 = malloc(px * 8 * sizeof(float));
  float *d2 = malloc(px * 8 * sizeof(float)), *cat = malloc(px * CONCAT_C * sizeof(float));
  int ok = stem && d1 && d2 && cat;
  ok = ok && check(simdconv_conv2d_run(rt->layers[STEM].plan, 1, input, stem), "unfused stem") &&
       check(simdconv_conv2d_run(rt->layers[DENSE1].plan, 1, stem, d1), "unfused dense 1");
  const float *parts[3] = {stem, d1, d2};
  const size_t chans[3] = {16, 8, 8};
  if (ok) concat(cat, px, 2, parts, chans); /* [stem, d1]: 24 channels */
  ok = ok && check(simdconv_conv2d_run(rt->layers[DENSE2].plan, 1, cat, d2), "unfused dense 2");
  if (ok) concat(cat, px, 3, parts, chans); /* [stem, d1, d2]: 32 channels */
  ok = ok && check(simdconv_conv2d_run(rt->layers[TRANSITION].plan, 1, cat, rt->t), "unfused transition") &&
       check(simdconv_conv2d_run(rt->layers[BOTTLE_REDUCE].plan, 1, rt->t, rt->u), "unfused reduce") &&
       check(simdconv_conv2d_run(rt->layers[BOTTLE_3X3].plan, 1, rt->u, rt->v), "unfused 3x3") &&
       check(simdconv_conv2d_run(rt->layers[BOTTLE_EXPAND].plan_linear, 1, rt->v, output), "unfused expand");
  for (size_t i = 0; ok && i < px * 16; i++) { /* the second pass: + shortcut, relu */
    float y = output[i] + rt->t[i];
    output[i] = y > 0 ? y : 0;
  }
  free(stem); free(d1); free(d2); free(cat);
  return ok;
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
    for (int i = SIMDCONV_ISA_AUTO; i < SIMDCONV_ISA_COUNT; i++)
      if (strcmp(argv[1], simdconv_isa_name((simdconv_isa)i)) == 0) { isa = (simdconv_isa)i; found = 1; }
    if (!found) {
      fprintf(stderr, "usage: %s [auto", argv[0]);
      for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++) fprintf(stderr, "|%s", simdconv_isa_name((simdconv_isa)i));
      fprintf(stderr, "]\n");
      return 2;
    }
  }
  /* A runtime checks it got the library its header describes (stable ABI within 0.x.y). */
  char header_version[32];
  snprintf(header_version, sizeof header_version, "%d.%d.%d", SIMDCONV_VERSION_MAJOR, SIMDCONV_VERSION_MINOR,
           SIMDCONV_VERSION_PATCH);
  printf("simdconv %s (header %s)\n", simdconv_version(), header_version);
  if (strcmp(simdconv_version(), header_version) != 0) fprintf(stderr, "backend_chain: version mismatch\n");

  runtime rt;
  if (!runtime_load(&rt, isa, NINPUTS)) { runtime_destroy(&rt); return 1; }
  for (int i = 0; i < NLAYERS; i++)
    printf("layer %d: %-24s isa %s, %zu packed bytes\n", i + 1, rt.layers[i].what,
           simdconv_isa_name(simdconv_conv2d_isa(rt.layers[i].plan)), simdconv_conv2d_packed_bytes(rt.layers[i].plan));

  const size_t in_floats = (size_t)H * W * 3, out_floats = (size_t)H * W * 16;
  float *inputs = malloc(NINPUTS * in_floats * sizeof(float));
  float *outputs = malloc(NINPUTS * out_floats * sizeof(float));
  float *batched = malloc(NINPUTS * out_floats * sizeof(float));
  float *unfused = malloc(out_floats * sizeof(float));
  int ok = inputs != NULL && outputs != NULL && batched != NULL && unfused != NULL;
  for (size_t i = 0; ok && i < NINPUTS * in_floats; i++) inputs[i] = (float)small_int(-2, 2);

  /* several inputs, one at a time, each run REPEATS times: results must not change */
  long long total = 0;
  for (int n = 0; ok && n < NINPUTS; n++) {
    float *y = outputs + n * out_floats;
    long long first = 0;
    for (int r = 0; ok && r < REPEATS; r++) {
      ok = runtime_infer(&rt, 1, inputs + n * in_floats, y);
      if (!ok) break;
      long long sum = checksum(y, out_floats);
      if (r == 0) first = sum;
      if (sum != first) { fprintf(stderr, "backend_chain: run %d of input %d differs\n", r, n); ok = 0; }
    }
    /* the unfused computation gives the same output, bit for bit */
    if (ok) ok = unfused_infer(&rt, inputs + n * in_floats, unfused);
    if (ok && memcmp(unfused, y, out_floats * sizeof(float)) != 0) {
      fprintf(stderr, "backend_chain: input %d: the fused, copy-free run differs from the unfused one\n", n);
      ok = 0;
    }
    if (ok) printf("input %d: checksum %lld (unfused: identical)\n", n, first);
    total += first;
  }
  /* the same inputs as one batch: identical to the one-by-one results */
  if (ok) ok = runtime_infer(&rt, NINPUTS, inputs, batched);
  if (ok && memcmp(batched, outputs, NINPUTS * out_floats * sizeof(float)) != 0) {
    fprintf(stderr, "backend_chain: batched run differs from single runs\n");
    ok = 0;
  }
  if (ok) {
    printf("batch of %d: identical to single runs\n", NINPUTS);
    printf("total checksum: %lld\n", total);
    printf("isa: %s\n", simdconv_isa_name(simdconv_conv2d_isa(rt.layers[0].plan)));
  }
  free(inputs); free(outputs); free(batched); free(unfused);
  runtime_destroy(&rt);
  if (!ok) return 1;
  printf("backend_chain: OK\n");
  return 0;
}
