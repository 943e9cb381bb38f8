/* Dispatch: simdconv_isa_available agrees with an independent cpu_features query for every ISA
 * compiled in; AUTO picks the best; SIMDCONV_ISA narrows AUTO and bad values are ignored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simdconv/simdconv.h>
#if defined(__x86_64__)
#  include "cpuinfo_x86.h"
#elif defined(__aarch64__)
#  include "cpuinfo_aarch64.h"
#endif

#include "harness.h"
#define EXPECT TC_EXPECT

static simdconv_isa plan_isa(void) {
  float w[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  simdconv_conv2d_desc d;
  memset(&d, 0, sizeof d);
  d.input_height = d.input_width = 3; d.input_channels = d.output_channels = 1;
  d.kernel_height = d.kernel_width = 3;
  simdconv_conv2d_plan *p;
  if (simdconv_conv2d_create(&d, w, NULL, SIMDCONV_ISA_AUTO, &p) != SIMDCONV_OK) return (simdconv_isa)-1;
  simdconv_isa isa = simdconv_conv2d_isa(p);
  simdconv_conv2d_destroy(p);
  return isa;
}

int main(void) {
  unsetenv("SIMDCONV_ISA");
  /* what the CPU says, asked independently of the library */
  int expect[6] = {1, 1, 0, 0, 0, 0};
#if defined(__x86_64__)
  X86Features f = GetX86Info().features;
#  ifdef SIMDCONV_HAVE_SSE
  expect[SIMDCONV_ISA_SSE] = !!f.sse4_1;
#  endif
#  ifdef SIMDCONV_HAVE_AVX2
  expect[SIMDCONV_ISA_AVX2] = f.avx2 && f.fma3;
#  endif
#  ifdef SIMDCONV_HAVE_AVX512
  expect[SIMDCONV_ISA_AVX512] = !!f.avx512f;
#  endif
#elif defined(__aarch64__) && defined(SIMDCONV_HAVE_NEON)
  expect[SIMDCONV_ISA_NEON] = !!GetAarch64Info().features.asimd;
#endif
  simdconv_isa best = SIMDCONV_ISA_SCALAR;
  printf("available:");
  for (int i = SIMDCONV_ISA_SCALAR; i <= SIMDCONV_ISA_NEON; i++) {
    int got = simdconv_isa_available((simdconv_isa)i);
    EXPECT(got == expect[i], "%s: available %d, cpu_features says %d", simdconv_isa_name((simdconv_isa)i), got, expect[i]);
    if (got) { printf(" %s", simdconv_isa_name((simdconv_isa)i)); best = (simdconv_isa)i; }
  }
  printf("\n");
  EXPECT(simdconv_best_isa() == best, "best %s, expected %s", simdconv_isa_name(simdconv_best_isa()), simdconv_isa_name(best));
  EXPECT(plan_isa() == best, "AUTO plan runs %s", simdconv_isa_name(plan_isa()));

  /* the override narrows AUTO to any available ISA */
  for (int i = SIMDCONV_ISA_SCALAR; i <= SIMDCONV_ISA_NEON; i++) {
    const char *name = simdconv_isa_name((simdconv_isa)i);
    setenv("SIMDCONV_ISA", name, 1);
    simdconv_isa want = simdconv_isa_available((simdconv_isa)i) ? (simdconv_isa)i : best;
    EXPECT(simdconv_best_isa() == want, "SIMDCONV_ISA=%s gives %s", name, simdconv_isa_name(simdconv_best_isa()));
    EXPECT(plan_isa() == want, "SIMDCONV_ISA=%s: AUTO plan runs %s", name, simdconv_isa_name(plan_isa()));
  }
  /* unknown values are ignored */
  static const char *bogus[] = {"", "AVX2", "avx", "auto", "sse2", "avx512 ", "x"};
  for (size_t i = 0; i < sizeof bogus / sizeof bogus[0]; i++) {
    setenv("SIMDCONV_ISA", bogus[i], 1);
    EXPECT(simdconv_best_isa() == best && plan_isa() == best, "SIMDCONV_ISA='%s' not ignored", bogus[i]);
  }
  unsetenv("SIMDCONV_ISA");
  return tc_finish("dispatch");
}
