/* Every bad input of the contract: the documented status, nothing written to the output (a
 * canary-filled buffer stays untouched), no abort, no print (the suite runs under ASan+UBSan in
 * CI, which also catches leaks). Also: batch == 0, status/ISA strings, FP control state. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#if defined(__x86_64__) || defined(__i386__)
#  include <xmmintrin.h>
#endif

#define EXPECT(cond, what) TC_EXPECT(cond, "%s", what)

#define NOUT 4096
static float out[NOUT], in[NOUT], w[4096], b[64];
static void fill_canary(void) { for (int i = 0; i < NOUT; i++) out[i] = -12345.0f; }
static int canary_ok(void) {
  for (int i = 0; i < NOUT; i++) if (out[i] != -12345.0f) return 0;
  return 1;
}

static simdconv_conv2d_desc good(void) {
  simdconv_conv2d_desc d = tc_desc(6, 6, 4, 8, 3, 3, SIMDCONV_PADDING_SAME);
  return d;
}

/* A bad descriptor must be refused by output_size, create (every ISA) and the one-call API. */
static void bad_desc(const simdconv_conv2d_desc *d, const char *what) {
  size_t oh = 777, ow = 777;
  simdconv_conv2d_plan *p = (simdconv_conv2d_plan *)&oh; /* sentinel: must stay as is */
  EXPECT(simdconv_conv2d_output_size(d, &oh, &ow) == SIMDCONV_INVALID_ARGUMENT && oh == 777 && ow == 777, what);
  for (int isa = SIMDCONV_ISA_AUTO; isa < SIMDCONV_ISA_COUNT; isa++) {
    if (!simdconv_isa_available((simdconv_isa)isa)) continue;
    EXPECT(simdconv_conv2d_create(d, w, b, (simdconv_isa)isa, &p) == SIMDCONV_INVALID_ARGUMENT, what);
    EXPECT(p == (simdconv_conv2d_plan *)&oh, "create wrote *plan on failure");
  }
  fill_canary();
  EXPECT(simdconv_conv2d(d, 1, in, w, b, out) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), what);
}

static void descriptors(void) {
  simdconv_conv2d_desc d;
  bad_desc(NULL, "NULL desc");
#define BAD(field, value)         \
  d = good();                     \
  d.field = value;                \
  bad_desc(&d, #field " = " #value)
  BAD(input_height, 0); BAD(input_width, 0); BAD(input_channels, 0); BAD(output_channels, 0);
  BAD(kernel_height, 0); BAD(kernel_width, 0);
  BAD(groups, 3);                      /* divides neither 4 nor 8 */
  BAD(groups, 8);                      /* divides Cout but not Cin */
  BAD(padding, (simdconv_padding)7);
  BAD(activation, (simdconv_activation)9);
  BAD(input_height, SIZE_MAX); BAD(input_width, SIZE_MAX / 2);
  BAD(input_channels, SIZE_MAX / 4 * 4); BAD(output_channels, SIZE_MAX / 8 * 8);
  BAD(kernel_height, SIZE_MAX); BAD(dilation_width, SIZE_MAX / 2); BAD(stride_height, SIZE_MAX);
#undef BAD
  /* sizes that fit alone but overflow as a product */
  d = good(); d.input_height = (size_t)1 << 31; d.input_width = (size_t)1 << 31; d.input_channels = 8;
  bad_desc(&d, "H*W*C overflow");
  d = good(); d.kernel_height = d.kernel_width = 1; d.input_channels = d.output_channels = (size_t)1 << 31;
  bad_desc(&d, "weights overflow");
  d = good(); d.padding = SIMDCONV_PADDING_EXPLICIT; d.pad_top = SIZE_MAX; bad_desc(&d, "pad overflow");
  d = good(); d.padding = SIMDCONV_PADDING_EXPLICIT; d.pad_left = SIZE_MAX - 3; d.pad_right = 5;
  bad_desc(&d, "pad sum overflow");
  /* VALID / EXPLICIT with no output */
  d = good(); d.padding = SIMDCONV_PADDING_VALID; d.kernel_height = 7; bad_desc(&d, "valid: kernel > input");
  d = good(); d.padding = SIMDCONV_PADDING_VALID; d.dilation_height = 3; bad_desc(&d, "valid: dilated kernel > input");
  d = good(); d.padding = SIMDCONV_PADDING_EXPLICIT; d.kernel_width = 8; d.pad_left = 1; bad_desc(&d, "explicit: too small");
  /* clamp bounds */
  d = good(); d.activation = SIMDCONV_ACTIVATION_CLAMP; d.clamp_min = 1; d.clamp_max = 0; bad_desc(&d, "clamp min > max");
  d = good(); d.activation = SIMDCONV_ACTIVATION_CLAMP; d.clamp_min = NAN; d.clamp_max = 0; bad_desc(&d, "clamp NaN");
  /* pads are ignored unless EXPLICIT, clamp bounds unless CLAMP */
  d = good(); d.pad_top = SIZE_MAX; d.clamp_min = 5; d.clamp_max = -5;
  { size_t oh, ow; EXPECT(simdconv_conv2d_output_size(&d, &oh, &ow) == SIMDCONV_OK && oh == 6 && ow == 6, "pads ignored"); }
}

static void plans(void) {
  simdconv_conv2d_desc d = good();
  simdconv_conv2d_plan *p = NULL, *sentinel = (simdconv_conv2d_plan *)&d;
  size_t oh, ow;
  EXPECT(simdconv_conv2d_output_size(&d, NULL, &ow) == SIMDCONV_INVALID_ARGUMENT, "output_size NULL oh");
  EXPECT(simdconv_conv2d_output_size(&d, &oh, NULL) == SIMDCONV_INVALID_ARGUMENT, "output_size NULL ow");
  EXPECT(simdconv_conv2d_create(&d, NULL, b, SIMDCONV_ISA_AUTO, &p) == SIMDCONV_INVALID_ARGUMENT, "NULL weights");
  EXPECT(simdconv_conv2d_create(&d, w, b, SIMDCONV_ISA_AUTO, NULL) == SIMDCONV_INVALID_ARGUMENT, "NULL plan");
  p = sentinel;
  EXPECT(simdconv_conv2d_create(&d, w, b, (simdconv_isa)42, &p) == SIMDCONV_INVALID_ARGUMENT && p == sentinel,
         "unknown ISA value");
  EXPECT(simdconv_conv2d_create(&d, w, b, (simdconv_isa)-1, &p) == SIMDCONV_INVALID_ARGUMENT && p == sentinel,
         "negative ISA value");
  for (int isa = SIMDCONV_ISA_SCALAR; isa < SIMDCONV_ISA_COUNT; isa++) {
    if (simdconv_isa_available((simdconv_isa)isa)) continue;
    p = sentinel;
    EXPECT(simdconv_conv2d_create(&d, w, b, (simdconv_isa)isa, &p) == SIMDCONV_UNSUPPORTED_ISA && p == sentinel,
           "unavailable ISA");
  }
  EXPECT(simdconv_conv2d_create(&d, w, NULL, SIMDCONV_ISA_AUTO, &p) == SIMDCONV_OK, "create");
  EXPECT(simdconv_conv2d_packed_bytes(p) >= 3 * 3 * 4 * 8 * sizeof(float), "packed bytes");
  fill_canary();
  EXPECT(simdconv_conv2d_run(NULL, 1, in, out) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), "run NULL plan");
  EXPECT(simdconv_conv2d_run(p, 1, NULL, out) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), "run NULL input");
  EXPECT(simdconv_conv2d_run(p, 1, in, NULL) == SIMDCONV_INVALID_ARGUMENT, "run NULL output");
  EXPECT(simdconv_conv2d_run(p, 0, NULL, NULL) == SIMDCONV_OK, "batch 0 with NULL buffers");
  EXPECT(simdconv_conv2d_run(p, 0, in, out) == SIMDCONV_OK && canary_ok(), "batch 0 touches nothing");
  EXPECT(simdconv_conv2d_run(p, SIZE_MAX / 8, in, out) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), "batch overflow");
  /* aliasing: the same buffer, and partial overlaps either way (input 144 floats, output 288) */
  fill_canary();
  EXPECT(simdconv_conv2d_run(p, 1, out, out) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), "in == out");
  EXPECT(simdconv_conv2d_run(p, 1, out + 100, out) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), "in inside out");
  EXPECT(simdconv_conv2d_run(p, 1, out, out + 143) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), "out starts in in");
  EXPECT(simdconv_conv2d_run(p, 2, out, out + 200) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), "overlap at batch 2");
  EXPECT(simdconv_conv2d_run(p, 1, out, out + 144) == SIMDCONV_OK, "adjacent buffers are fine");
  fill_canary();
  EXPECT(simdconv_conv2d(&d, 1, out + 10, w, b, out) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), "one-call aliasing");
  EXPECT(simdconv_conv2d(&d, 1, NULL, w, b, out) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), "one-call NULL input");
  EXPECT(simdconv_conv2d(&d, 1, in, NULL, b, out) == SIMDCONV_INVALID_ARGUMENT && canary_ok(), "one-call NULL weights");
  EXPECT(simdconv_conv2d(&d, 0, NULL, w, NULL, NULL) == SIMDCONV_OK, "one-call batch 0");
  EXPECT(simdconv_conv2d_isa(NULL) == SIMDCONV_ISA_AUTO && simdconv_conv2d_packed_bytes(NULL) == 0 &&
             simdconv_conv2d_input_pixel_stride(NULL) == 0, "NULL plan queries");
  EXPECT(simdconv_conv2d_input_pixel_stride(p) == d.input_channels, "a dense plan's preferred input stride");
  simdconv_conv2d_destroy(p);
  simdconv_conv2d_destroy(NULL);
}

static void strings(void) {
  for (int s = -2; s < 10; s++) EXPECT(simdconv_status_string((simdconv_status)s) != NULL, "status string");
  EXPECT(strcmp(simdconv_status_string(SIMDCONV_OK), "ok") == 0, "ok string");
  static const char *names[] = {"auto", "scalar", "sse", "avx2", "avx512", "neon"};
  for (int i = 0; i < 6; i++) EXPECT(strcmp(simdconv_isa_name((simdconv_isa)i), names[i]) == 0, "isa name");
  EXPECT(strcmp(simdconv_isa_name((simdconv_isa)6), "unknown") == 0, "unknown isa name");
  EXPECT(simdconv_isa_available(SIMDCONV_ISA_SCALAR) && simdconv_isa_available(SIMDCONV_ISA_AUTO), "scalar/auto");
  EXPECT(!simdconv_isa_available((simdconv_isa)77), "bogus ISA unavailable");
}

/* No call changes the caller's floating-point control state. */
static void fp_state(void) {
#if defined(__x86_64__) || defined(__i386__)
  /* valgrind does not emulate MXCSR's FTZ/DAZ/rounding bits: .ci/valgrind.sh sets this */
  if (getenv("SIMDCONV_TEST_NO_MXCSR") != NULL) { printf("fp_state: skipped (SIMDCONV_TEST_NO_MXCSR)\n"); return; }
  unsigned before = (_mm_getcsr() & ~0x3Fu) | 0x8040u | 0x6000u; /* FTZ, DAZ, round toward zero */
  _mm_setcsr(before);
  for (int isa = SIMDCONV_ISA_AUTO; isa < SIMDCONV_ISA_COUNT; isa++) {
    if (!simdconv_isa_available((simdconv_isa)isa)) continue;
    simdconv_conv2d_desc d = good();
    simdconv_conv2d_plan *p = NULL;
    if (simdconv_conv2d_create(&d, w, b, (simdconv_isa)isa, &p) == SIMDCONV_OK) {
      simdconv_conv2d_run(p, 1, in, out);
      simdconv_conv2d_destroy(p);
    }
    EXPECT((_mm_getcsr() & ~0x3Fu) == (before & ~0x3Fu), "MXCSR changed");
  }
  _mm_setcsr(0x1F80u);
#endif
}

int main(void) {
  for (int i = 0; i < 4096; i++) { w[i] = (float)(i % 7) - 3; in[i] = (float)(i % 5) - 2; }
  for (int i = 0; i < 64; i++) b[i] = (float)i;
  descriptors();
  plans();
  strings();
  fp_state();
  return tc_finish("errors");
}
