/* The v0.2 registry and create_ex, through the public API only:
 * - registry: names unique, "<kind>_<isa>_<MR>x<NR>" (Winograd: "winograd_f<m>x<m>_<isa>") with
 *   the ISA simdconv_kernel_isa reports, NULL / AUTO past the end;
 * - create_ex statuses (api.md): bad options INVALID_ARGUMENT, kernels this CPU cannot run or of
 *   another ISA UNSUPPORTED_ISA, kernels that cannot compute the descriptor UNSUPPORTED, algorithm
 *   WINOGRAD UNSUPPORTED where Winograd does not apply (depthwise) and a Winograd plan where it
 *   does, FASTEST always a plan; every failure leaves *plan as it was; NULL / zero options =
 *   create(AUTO);
 * - tuning never changes results: on every available ISA, for every layer below, the MEASURE plan
 *   and every forced kernel of the DEFAULT kernel's summation-order family (the kernels MEASURE
 *   chooses from; never a Winograd kernel: DEFAULT is direct) give outputs bit-identical to the
 *   DEFAULT plan, also with NaN and infinities in the data; likewise with algorithm WINOGRAD on
 *   the 3x3 stride-1 layers (MEASURE's Winograd plan bit-identical to DEFAULT's); MEASURE's create
 *   time per layer is printed. (Winograd's accuracy, statuses and run paths: tests/test_winograd.c.)
 * `test_options quick` runs smaller layers (valgrind). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static simdconv_conv2d_options opts(simdconv_isa isa, simdconv_tuning tuning, const char *kernel,
                                    simdconv_algorithm algorithm) {
  simdconv_conv2d_options o;
  memset(&o, 0, sizeof o);
  o.isa = isa;
  o.tuning = tuning;
  o.kernel = kernel;
  o.algorithm = algorithm;
  return o;
}

/* The kind ("conv", "gemm", ...) of a registry name, and its ISA's name, parsed from the name:
 * "<kind>_<isa>_<MR>x<NR>" with an optional variant letter p, e or y (simdconv.h), or
 * "winograd_f<m>x<m>_<isa>" (*mr = *nr = m). */
static int parse_name(const char *name, char *kind, char *isa, size_t *mr, size_t *nr) {
  char rest[64];
  if (strlen(name) >= sizeof rest) return 0;
  strcpy(rest, name);
  char *u1 = strchr(rest, '_'), *u2 = u1 ? strchr(u1 + 1, '_') : NULL;
  if (u1 == NULL || u2 == NULL || strchr(u2 + 1, '_') != NULL) return 0;
  *u1 = *u2 = 0;
  strcpy(kind, rest);
  if (strcmp(kind, "winograd") == 0) {
    char tail[8];
    strcpy(isa, u2 + 1);
    return sscanf(u1 + 1, "f%zux%zu%7s", mr, nr, tail) == 2 && *mr == *nr;
  }
  strcpy(isa, u1 + 1);
  char tail[8];
  const int got = sscanf(u2 + 1, "%zux%zu%7s", mr, nr, tail);
  return got == 2 || (got == 3 && (strcmp(tail, "p") == 0 || strcmp(tail, "e") == 0 || strcmp(tail, "s") == 0 || strcmp(tail, "y") == 0));
}
static int is_winograd(const char *name) { return strncmp(name, "winograd_", 9) == 0; }

static void test_registry(void) {
  const size_t n = simdconv_kernel_count();
  TC_EXPECT(n > 0, "empty registry");
  TC_EXPECT(simdconv_kernel_name(n) == NULL && simdconv_kernel_isa(n) == SIMDCONV_ISA_AUTO, "past the end");
  TC_EXPECT(simdconv_kernel_name((size_t)-1) == NULL, "huge index");
  int runnable = 0, per_isa[SIMDCONV_ISA_COUNT] = {0};
  for (size_t i = 0; i < n; i++) {
    const char *name = simdconv_kernel_name(i);
    char kind[64], isa[64];
    size_t mr = 0, nr = 0;
    TC_EXPECT(name != NULL && parse_name(name, kind, isa, &mr, &nr) && mr >= 1 && nr >= 1, "kernel %zu: name %s", i,
              name ? name : "(null)");
    if (name == NULL) continue;
    TC_EXPECT(strcmp(kind, "conv") == 0 || strcmp(kind, "dot") == 0 || strcmp(kind, "gemm") == 0 ||
                  strcmp(kind, "dw") == 0 || strcmp(kind, "grp") == 0 || (strcmp(kind, "winograd") == 0 && (mr == 2 || mr == 4 || mr == 6)),
              "%s: kind %s", name, kind);
    TC_EXPECT(strcmp(isa, simdconv_isa_name(simdconv_kernel_isa(i))) == 0, "%s: simdconv_kernel_isa says %s", name,
              simdconv_isa_name(simdconv_kernel_isa(i)));
    for (size_t j = 0; j < i; j++) TC_EXPECT(strcmp(name, simdconv_kernel_name(j)) != 0, "%s listed twice", name);
    if (simdconv_isa_available(simdconv_kernel_isa(i))) runnable++;
    if (simdconv_kernel_isa(i) > SIMDCONV_ISA_AUTO && simdconv_kernel_isa(i) < SIMDCONV_ISA_COUNT)
      per_isa[simdconv_kernel_isa(i)]++;
    printf("kernel %-22s isa %-7s %s\n", name, simdconv_isa_name(simdconv_kernel_isa(i)),
           simdconv_isa_available(simdconv_kernel_isa(i)) ? "runnable" : "not runnable here");
  }
  /* every ISA available here has kernels (at least a convolution tile) */
  for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++)
    if (simdconv_isa_available((simdconv_isa)i)) TC_EXPECT(per_isa[i] > 0, "%s: no kernels", simdconv_isa_name((simdconv_isa)i));
  TC_EXPECT(runnable > 0, "no runnable kernel");
}

/* The name of a registry kernel of kind `kind` and ISA isa (any if AUTO) that is (not) runnable. */
static const char *find_kernel(const char *kind, simdconv_isa isa, int runnable) {
  for (size_t i = 0; i < simdconv_kernel_count(); i++) {
    const char *name = simdconv_kernel_name(i);
    if (strncmp(name, kind, strlen(kind)) != 0 || name[strlen(kind)] != '_') continue;
    if (isa != SIMDCONV_ISA_AUTO && simdconv_kernel_isa(i) != isa) continue;
    if (runnable ? tc_isa_testable(simdconv_kernel_isa(i)) : !simdconv_isa_available(simdconv_kernel_isa(i))) return name;
  }
  return NULL;
}

static float g_w[3 * 3 * 64 * 64], g_b[64];

/* create_ex must return want, and leave *plan as it was unless it succeeds. */
static void expect_status(const simdconv_conv2d_desc *d, const simdconv_conv2d_options *o, simdconv_status want,
                          const char *what) {
  simdconv_conv2d_plan *sentinel = (simdconv_conv2d_plan *)&g_b[1], *p = sentinel;
  simdconv_status s = simdconv_conv2d_create_ex(d, g_w, g_b, o, &p);
  TC_EXPECT(s == want && (p == sentinel) == (want != SIMDCONV_OK), "%s: %s (want %s), *plan %s", what, simdconv_status_string(s),
            simdconv_status_string(want), p == sentinel ? "untouched" : "written");
  if (s == SIMDCONV_OK && p != sentinel) simdconv_conv2d_destroy(p);
}

static void test_statuses(void) {
  const simdconv_conv2d_desc dense = tc_desc(8, 8, 16, 16, 3, 3, SIMDCONV_PADDING_SAME);
  simdconv_conv2d_desc dw = tc_desc(8, 8, 16, 16, 3, 3, SIMDCONV_PADDING_SAME);
  dw.groups = 16;
  simdconv_conv2d_options o;
  for (size_t i = 0; i < sizeof g_w / sizeof g_w[0]; i++) g_w[i] = 0.01f * (float)(i % 7);

  /* out of range */
  o = opts((simdconv_isa)-1, 0, NULL, 0); expect_status(&dense, &o, SIMDCONV_INVALID_ARGUMENT, "isa -1");
  o = opts(SIMDCONV_ISA_COUNT, 0, NULL, 0); expect_status(&dense, &o, SIMDCONV_INVALID_ARGUMENT, "isa COUNT");
  o = opts(0, (simdconv_tuning)2, NULL, 0); expect_status(&dense, &o, SIMDCONV_INVALID_ARGUMENT, "tuning 2");
  o = opts(0, (simdconv_tuning)-1, NULL, 0); expect_status(&dense, &o, SIMDCONV_INVALID_ARGUMENT, "tuning -1");
  o = opts(0, 0, NULL, (simdconv_algorithm)3); expect_status(&dense, &o, SIMDCONV_INVALID_ARGUMENT, "algorithm 3");
  o = opts(0, 0, "conv_nope_1x1", 0); expect_status(&dense, &o, SIMDCONV_INVALID_ARGUMENT, "unknown kernel");
  o = opts(0, 0, "", 0); expect_status(&dense, &o, SIMDCONV_INVALID_ARGUMENT, "empty kernel name");
  o = opts(0, 0, NULL, 0);
  {
    simdconv_conv2d_plan *sentinel = (simdconv_conv2d_plan *)&g_b[1], *p = sentinel;
    TC_EXPECT(simdconv_conv2d_create_ex(&dense, NULL, g_b, &o, &p) == SIMDCONV_INVALID_ARGUMENT && p == sentinel,
              "NULL weights");
    TC_EXPECT(simdconv_conv2d_create_ex(&dense, g_w, g_b, &o, NULL) == SIMDCONV_INVALID_ARGUMENT, "NULL plan");
    simdconv_conv2d_desc bad = dense;
    bad.groups = 3;
    expect_status(&bad, &o, SIMDCONV_INVALID_ARGUMENT, "bad descriptor");
  }
  /* algorithms: WINOGRAD gives a Winograd plan for a dense 3x3 stride-1 layer, UNSUPPORTED for a
   * depthwise one; FASTEST a plan for both (test_winograd.c has the rest) */
  o = opts(0, 0, NULL, SIMDCONV_ALGORITHM_WINOGRAD); expect_status(&dense, &o, SIMDCONV_OK, "winograd");
  {
    simdconv_conv2d_plan *p = NULL;
    TC_EXPECT(simdconv_conv2d_create_ex(&dense, g_w, g_b, &o, &p) == SIMDCONV_OK && is_winograd(simdconv_conv2d_kernel(p)),
              "winograd: plan runs %s", simdconv_conv2d_kernel(p));
    simdconv_conv2d_destroy(p);
  }
  o = opts(0, 0, NULL, SIMDCONV_ALGORITHM_WINOGRAD); expect_status(&dw, &o, SIMDCONV_UNSUPPORTED, "winograd, depthwise");
  o = opts(0, 0, NULL, SIMDCONV_ALGORITHM_FASTEST); expect_status(&dense, &o, SIMDCONV_OK, "fastest");
  o = opts(0, 0, NULL, SIMDCONV_ALGORITHM_FASTEST); expect_status(&dw, &o, SIMDCONV_OK, "fastest, depthwise");
  /* an ISA or kernel this CPU cannot run */
  for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++) {
    if (simdconv_isa_available((simdconv_isa)i)) continue;
    o = opts((simdconv_isa)i, 0, NULL, 0);
    expect_status(&dense, &o, SIMDCONV_UNSUPPORTED_ISA, simdconv_isa_name((simdconv_isa)i));
  }
  const char *foreign = find_kernel("conv", SIMDCONV_ISA_AUTO, 0);
  if (foreign != NULL) {
    o = opts(0, 0, foreign, 0);
    expect_status(&dense, &o, SIMDCONV_UNSUPPORTED_ISA, foreign);
  }
  /* a runnable kernel, with a different non-AUTO isa: UNSUPPORTED_ISA; with its own: OK */
  const char *scalar_conv = find_kernel("conv", SIMDCONV_ISA_SCALAR, 1);
  TC_EXPECT(scalar_conv != NULL, "no scalar conv kernel");
  for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT && scalar_conv; i++) {
    o = opts((simdconv_isa)i, 0, scalar_conv, 0);
    expect_status(&dense, &o, i == SIMDCONV_ISA_SCALAR ? SIMDCONV_OK : SIMDCONV_UNSUPPORTED_ISA, "kernel vs isa");
  }
  /* kernels that cannot compute the descriptor: UNSUPPORTED, on every ISA that has the kind */
  for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++) {
    const char *k;
    if ((k = find_kernel("dw", (simdconv_isa)i, 1)) != NULL) {
      o = opts(0, 0, k, 0);
      expect_status(&dense, &o, SIMDCONV_UNSUPPORTED, "depthwise kernel, dense layer");
      o = opts(0, 0, k, 0);
      expect_status(&dw, &o, SIMDCONV_OK, "depthwise kernel, depthwise layer");
    }
    if ((k = find_kernel("gemm", (simdconv_isa)i, 1)) != NULL) {
      o = opts(0, 0, k, 0);
      expect_status(&dense, &o, SIMDCONV_UNSUPPORTED, "GEMM kernel, padded 3x3");
    }
    if ((k = find_kernel("winograd", (simdconv_isa)i, 1)) != NULL) {
      o = opts(0, 0, k, 0);
      expect_status(&dw, &o, SIMDCONV_UNSUPPORTED, "Winograd kernel, depthwise layer");
      o = opts(0, 0, k, 0);
      expect_status(&dense, &o, SIMDCONV_OK, "Winograd kernel, dense 3x3 layer");
      o = opts(0, 0, find_kernel("conv", (simdconv_isa)i, 1), SIMDCONV_ALGORITHM_WINOGRAD);
      if (o.kernel) expect_status(&dense, &o, SIMDCONV_UNSUPPORTED, "direct kernel, algorithm WINOGRAD");
    }
    if ((k = find_kernel("dot", (simdconv_isa)i, 1)) != NULL) {
      simdconv_conv2d_desc odd = tc_desc(8, 8, 6, 16, 3, 3, SIMDCONV_PADDING_SAME);
      o = opts(0, 0, k, 0);
      expect_status(&odd, &o, SIMDCONV_UNSUPPORTED, "dot kernel, 6 input channels");
    }
    /* a forced kernel with MEASURE is kept */
    if ((k = find_kernel("conv", (simdconv_isa)i, 1)) != NULL) {
      simdconv_conv2d_plan *p;
      o = opts(0, SIMDCONV_TUNING_MEASURE, k, 0);
      TC_EXPECT(simdconv_conv2d_create_ex(&dense, g_w, g_b, &o, &p) == SIMDCONV_OK &&
                    strcmp(simdconv_conv2d_kernel(p), k) == 0 && simdconv_conv2d_isa(p) == (simdconv_isa)i,
                "forced %s with MEASURE", k);
      simdconv_conv2d_destroy(p);
    }
  }
  /* NULL and all-zero options = create(AUTO): the same ISA and kernel */
  {
    simdconv_conv2d_plan *a, *b, *c;
    o = opts(0, 0, NULL, 0);
    TC_EXPECT(simdconv_conv2d_create(&dense, g_w, g_b, SIMDCONV_ISA_AUTO, &a) == SIMDCONV_OK &&
                  simdconv_conv2d_create_ex(&dense, g_w, g_b, NULL, &b) == SIMDCONV_OK &&
                  simdconv_conv2d_create_ex(&dense, g_w, g_b, &o, &c) == SIMDCONV_OK,
              "defaults");
    TC_EXPECT(strcmp(simdconv_conv2d_kernel(a), simdconv_conv2d_kernel(b)) == 0 &&
                  strcmp(simdconv_conv2d_kernel(a), simdconv_conv2d_kernel(c)) == 0 &&
                  simdconv_conv2d_isa(a) == simdconv_conv2d_isa(b) && simdconv_conv2d_isa(a) == simdconv_conv2d_isa(c),
              "NULL options: %s, zero options %s, create %s", simdconv_conv2d_kernel(b), simdconv_conv2d_kernel(c),
              simdconv_conv2d_kernel(a));
    simdconv_conv2d_destroy(a);
    simdconv_conv2d_destroy(b);
    simdconv_conv2d_destroy(c);
  }
  TC_EXPECT(strcmp(simdconv_conv2d_kernel(NULL), "") == 0, "kernel of NULL");
  TC_EXPECT(strcmp(simdconv_status_string(SIMDCONV_UNSUPPORTED), "unknown status") != 0, "status string");
}

/* ---- MEASURE and the summation-order families: bit-identical to DEFAULT ---- */

typedef struct layer {
  const char *name;
  simdconv_conv2d_desc d;
} layer;

static layer mk(const char *name, size_t h, size_t w, size_t cin, size_t cout, size_t k, size_t s, size_t groups,
                simdconv_padding pad, simdconv_activation act) {
  layer l;
  l.name = name;
  l.d = tc_desc(h, w, cin, cout, k, k, pad);
  l.d.stride_height = l.d.stride_width = s;
  l.d.groups = groups;
  l.d.activation = act;
  return l;
}

/* Runs a plan on x into a fresh buffer (NaN-filled first). */
static float *run_plan(const simdconv_conv2d_plan *p, const float *x, size_t ny) {
  float *y = malloc(ny * sizeof *y);
  if (y == NULL) return NULL;
  for (size_t i = 0; i < ny; i++) y[i] = NAN;
  if (simdconv_conv2d_run(p, 1, x, y) != SIMDCONV_OK) {
    free(y);
    return NULL;
  }
  return y;
}

/* The same kernel family as `name` for bit-identity: every kernel but the dot ones computes the
 * bias, then one multiply-add per tap and channel in order (kernels/kernel.h); dot kernels sum
 * lanes at the end. */
static int is_dot(const char *name) { return strncmp(name, "dot_", 4) == 0; }

static void test_measure(int quick) {
  layer layers[16];
  size_t n = 0;
  const simdconv_activation relu = SIMDCONV_ACTIVATION_RELU, none = SIMDCONV_ACTIVATION_NONE;
  if (quick) {
    layers[n++] = mk("3x3 12x12x16->40", 12, 12, 16, 40, 3, 1, 1, SIMDCONV_PADDING_SAME, relu);
    layers[n++] = mk("1x1 10x10x32->72", 10, 10, 32, 72, 1, 1, 1, SIMDCONV_PADDING_VALID, none);
    layers[n++] = mk("dw 3x3 9x9x24", 9, 9, 24, 24, 3, 1, 24, SIMDCONV_PADDING_SAME, relu);
    layers[n++] = mk("dw 3x3 s2 11x11x20", 11, 11, 20, 20, 3, 2, 20, SIMDCONV_PADDING_SAME, none);
  } else {
    layers[n++] = mk("resnet_2_3x3", 56, 56, 64, 64, 3, 1, 1, SIMDCONV_PADDING_SAME, relu);
    layers[n++] = mk("resnet_2_1x1", 56, 56, 64, 256, 1, 1, 1, SIMDCONV_PADDING_VALID, none);
    layers[n++] = mk("resnet_4_3x3", 14, 14, 256, 256, 3, 1, 1, SIMDCONV_PADDING_SAME, relu);
    layers[n++] = mk("resnet_4_1x1_s2", 28, 28, 512, 1024, 1, 2, 1, SIMDCONV_PADDING_VALID, none);
    layers[n++] = mk("mobilenet_pw_112", 112, 112, 32, 64, 1, 1, 1, SIMDCONV_PADDING_VALID, relu);
    layers[n++] = mk("mobilenet_dw_112", 112, 112, 32, 32, 3, 1, 32, SIMDCONV_PADDING_SAME, relu);
    layers[n++] = mk("resnet_conv1", 224, 224, 3, 64, 7, 2, 1, SIMDCONV_PADDING_SAME, relu);
    layers[n++] = mk("grouped 3x3 g4", 20, 20, 64, 48, 3, 2, 4, SIMDCONV_PADDING_SAME, none);
    layers[n++] = mk("squeeze 1x1 ->16", 28, 28, 96, 16, 1, 1, 1, SIMDCONV_PADDING_VALID, none);
    layers[n++] = mk("dw 5x5 s2", 30, 30, 48, 48, 5, 2, 48, SIMDCONV_PADDING_SAME, none);
    layers[n++] = mk("dw 3x3 s2", 29, 29, 96, 96, 3, 2, 96, SIMDCONV_PADDING_SAME, relu);
  }
  for (size_t li = 0; li < n; li++) {
    const simdconv_conv2d_desc *d = &layers[li].d;
    size_t oh, ow;
    TC_EXPECT(simdconv_conv2d_output_size(d, &oh, &ow) == SIMDCONV_OK, "%s", layers[li].name);
    const size_t nx = d->input_height * d->input_width * d->input_channels, ny = oh * ow * d->output_channels;
    const size_t nw = d->kernel_height * d->kernel_width * (d->input_channels / d->groups) * d->output_channels;
    float *x = malloc(nx * sizeof *x), *w = malloc(nw * sizeof *w), *b = malloc(d->output_channels * sizeof *b);
    if (!x || !w || !b) { TC_EXPECT(0, "out of memory"); free(x); free(w); free(b); return; }
    tc_seed(li + 1);
    for (size_t i = 0; i < nx; i++) x[i] = tc_uniform();
    for (size_t i = 0; i < nw; i++) w[i] = tc_uniform();
    for (size_t i = 0; i < d->output_channels; i++) b[i] = tc_uniform();
    /* special values: they must travel the same way through every kernel of the family */
    x[nx / 3] = NAN; x[nx / 2] = INFINITY; x[2 * nx / 3] = -INFINITY; w[nw / 2] = INFINITY;
    for (int isa = SIMDCONV_ISA_SCALAR; isa < SIMDCONV_ISA_COUNT; isa++) {
      if (!tc_isa_testable((simdconv_isa)isa)) continue;
      simdconv_conv2d_plan *pd, *pm;
      simdconv_conv2d_options o = opts((simdconv_isa)isa, SIMDCONV_TUNING_DEFAULT, NULL, 0);
      TC_EXPECT(simdconv_conv2d_create_ex(d, w, b, &o, &pd) == SIMDCONV_OK, "%s: DEFAULT", layers[li].name);
      o.tuning = SIMDCONV_TUNING_MEASURE;
      const double t0 = now_s();
      TC_EXPECT(simdconv_conv2d_create_ex(d, w, b, &o, &pm) == SIMDCONV_OK, "%s: MEASURE", layers[li].name);
      const double create_ms = (now_s() - t0) * 1e3;
      float *yd = run_plan(pd, x, ny), *ym = run_plan(pm, x, ny);
      TC_EXPECT(yd && ym && memcmp(yd, ym, ny * sizeof *yd) == 0, "%s %s: MEASURE (%s) differs from DEFAULT (%s)",
                layers[li].name, simdconv_isa_name((simdconv_isa)isa), simdconv_conv2d_kernel(pm),
                simdconv_conv2d_kernel(pd));
      printf("%-18s %-7s DEFAULT %-20s MEASURE %-20s create %.1f ms; family:", layers[li].name,
             simdconv_isa_name((simdconv_isa)isa), simdconv_conv2d_kernel(pd), simdconv_conv2d_kernel(pm), create_ms);
      /* every kernel of the DEFAULT kernel's family that computes the layer: bit-identical */
      for (size_t k = 0; k < simdconv_kernel_count(); k++) {
        const char *name = simdconv_kernel_name(k);
        simdconv_conv2d_plan *pk;
        if (simdconv_kernel_isa(k) != (simdconv_isa)isa || is_dot(name) != is_dot(simdconv_conv2d_kernel(pd)) ||
            is_winograd(name))
          continue;
        o = opts(SIMDCONV_ISA_AUTO, SIMDCONV_TUNING_DEFAULT, name, 0);
        if (simdconv_conv2d_create_ex(d, w, b, &o, &pk) != SIMDCONV_OK) continue;
        float *yk = run_plan(pk, x, ny);
        TC_EXPECT(yd && yk && memcmp(yd, yk, ny * sizeof *yd) == 0, "%s: %s differs from DEFAULT (%s)",
                  layers[li].name, name, simdconv_conv2d_kernel(pd));
        printf(" %s", name);
        free(yk);
        simdconv_conv2d_destroy(pk);
      }
      printf("\n");
      TC_EXPECT(!is_winograd(simdconv_conv2d_kernel(pd)) && !is_winograd(simdconv_conv2d_kernel(pm)),
                "%s %s: DEFAULT (%s) or MEASURE (%s) runs Winograd without algorithm WINOGRAD", layers[li].name,
                simdconv_isa_name((simdconv_isa)isa), simdconv_conv2d_kernel(pd), simdconv_conv2d_kernel(pm));
      /* algorithm WINOGRAD (where it applies): MEASURE bit-identical to DEFAULT, same ISA */
      simdconv_conv2d_plan *wd = NULL, *wm = NULL;
      o = opts((simdconv_isa)isa, SIMDCONV_TUNING_DEFAULT, NULL, SIMDCONV_ALGORITHM_WINOGRAD);
      const simdconv_status sd = simdconv_conv2d_create_ex(d, w, b, &o, &wd);
      o.tuning = SIMDCONV_TUNING_MEASURE;
      const simdconv_status sm = simdconv_conv2d_create_ex(d, w, b, &o, &wm);
      TC_EXPECT(sd == sm, "%s %s WINOGRAD: DEFAULT %s, MEASURE %s", layers[li].name, simdconv_isa_name((simdconv_isa)isa),
                simdconv_status_string(sd), simdconv_status_string(sm));
      if (sd == SIMDCONV_OK && sm == SIMDCONV_OK) {
        float *y1 = run_plan(wd, x, ny), *y2 = run_plan(wm, x, ny);
        TC_EXPECT(is_winograd(simdconv_conv2d_kernel(wd)) && is_winograd(simdconv_conv2d_kernel(wm)) &&
                      simdconv_conv2d_isa(wd) == (simdconv_isa)isa && simdconv_conv2d_isa(wm) == (simdconv_isa)isa,
                  "%s WINOGRAD: DEFAULT %s, MEASURE %s", layers[li].name, simdconv_conv2d_kernel(wd),
                  simdconv_conv2d_kernel(wm));
        TC_EXPECT(y1 && y2 && memcmp(y1, y2, ny * sizeof *y1) == 0, "%s %s: WINOGRAD MEASURE (%s) differs from DEFAULT (%s)",
                  layers[li].name, simdconv_isa_name((simdconv_isa)isa), simdconv_conv2d_kernel(wm),
                  simdconv_conv2d_kernel(wd));
        printf("%-18s %-7s WINOGRAD DEFAULT %-20s MEASURE %s\n", layers[li].name, simdconv_isa_name((simdconv_isa)isa),
               simdconv_conv2d_kernel(wd), simdconv_conv2d_kernel(wm));
        free(y1);
        free(y2);
      }
      if (sd == SIMDCONV_OK) simdconv_conv2d_destroy(wd);
      if (sm == SIMDCONV_OK) simdconv_conv2d_destroy(wm);
      free(yd);
      free(ym);
      simdconv_conv2d_destroy(pd);
      simdconv_conv2d_destroy(pm);
    }
    free(x);
    free(w);
    free(b);
  }
}

int main(int argc, char **argv) {
  const int quick = argc > 1 && strcmp(argv[1], "quick") == 0;
  unsetenv("SIMDCONV_ISA");
  test_registry();
  test_statuses();
  test_measure(quick);
  return tc_finish("options");
}
