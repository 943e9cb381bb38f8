/* The CPU-feature rule of every ISA compiled in, in one place: which cpu_features bits a CPU needs
 * to run an ISA's kernels. The rules themselves are written next to each kernel file's flags
 * (cmake/kernels.cmake) and generated into simdconv_compiled_isas.h. Used by the dispatcher (dispatch/cpu.c), the dispatch test and the benchmark's
 * peak kernels, so they cannot disagree. Header-only; it includes cpu_features' header for the
 * architecture (its users link cpu_features). */
#ifndef SIMDCONV_ISA_RULES_H
#define SIMDCONV_ISA_RULES_H

#include <simdconv/simdconv.h>

#include "simdconv_compiled_isas.h" /* generated: SIMDCONV_COMPILED_ISAS and SC_ISA_RULE_<NAME> */

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#  include "cpuinfo_x86.h"
#elif defined(__aarch64__)
#  include "cpuinfo_aarch64.h"
#endif

/* The bits the rules read. cpu_features' AVX and AVX-512 bits already account for the OS saving
 * the wider register state (XCR0). */
typedef struct sc_cpu_caps {
  int sse4_1; /* SSE2, SSE3, SSSE3 and SSE4.1 */
  int avx, avx2_fma, avx512f;
  int asimd;  /* AArch64 Advanced SIMD */
} sc_cpu_caps;

/* 1 if a CPU with caps runs the kernels of isa (AUTO, ISAs not compiled in and unknown values: 0). */
static inline int sc_isa_runs(simdconv_isa isa, const sc_cpu_caps *c) {
  (void)c;
  switch (isa) {
#define SC_ISA_RULE_CASE(NAME, name) case SIMDCONV_ISA_##NAME: return SC_ISA_RULE_##NAME(c) != 0;
    SIMDCONV_COMPILED_ISAS(SC_ISA_RULE_CASE)
#undef SC_ISA_RULE_CASE
    default: return 0;
  }
}

/* The caps of the CPU this code runs on, from cpu_features. */
static inline sc_cpu_caps sc_read_cpu_caps(void) {
  sc_cpu_caps c = {0, 0, 0, 0, 0};
#if defined(CPU_FEATURES_ARCH_X86)
  const X86Features f = GetX86Info().features;
  c.sse4_1 = f.sse2 && f.sse3 && f.ssse3 && f.sse4_1;
  c.avx = f.avx;
  c.avx2_fma = f.avx2 && f.fma3;
  c.avx512f = f.avx512f;
#elif defined(CPU_FEATURES_ARCH_AARCH64)
  c.asimd = GetAarch64Info().features.asimd;
#endif
  return c;
}

#endif
