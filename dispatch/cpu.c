/* Runtime ISA detection with Google's cpu_features, done once (pthread_once), and the table of
 * kernels per ISA. Adding an ISA = one kernel file, one row below, one CMake line. */
#include <pthread.h>

#include "cpu.h"

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#  include "cpuinfo_x86.h"
#  define SC_X86 1
#elif defined(__aarch64__)
#  include "cpuinfo_aarch64.h"
#  define SC_AARCH64 1
#endif

/* Feature bits the kernels need, read once. cpu_features' AVX/AVX-512 bits already account for
 * the OS saving the wider register state (XCR0). */
static struct { int sse, avx, avx2, avx512, neon; } g_cpu;
static pthread_once_t g_cpu_once = PTHREAD_ONCE_INIT;

static void detect(void) {
#if defined(SC_X86)
  const X86Features f = GetX86Info().features;
  g_cpu.sse = f.sse2 && f.sse3 && f.ssse3 && f.sse4_1;
  g_cpu.avx = f.avx;
  g_cpu.avx2 = f.avx && f.avx2 && f.fma3;
  g_cpu.avx512 = f.avx512f;
#elif defined(SC_AARCH64)
  g_cpu.neon = GetAarch64Info().features.asimd;
#endif
}

/* Best first. A row whose kernel file is not compiled in is left out by the preprocessor. */
typedef struct { simdconv_isa isa; const sc_kernels *kernels; const int *cpu_has; } sc_isa_row;
static const sc_isa_row g_table[] = {
#if defined(SIMDCONV_HAVE_AVX512)
    {SIMDCONV_ISA_AVX512, &sc_kernels_avx512, &g_cpu.avx512},
#endif
#if defined(SIMDCONV_HAVE_AVX2)
    {SIMDCONV_ISA_AVX2, &sc_kernels_avx2, &g_cpu.avx2},
#endif
#if defined(SIMDCONV_HAVE_SSE)
    {SIMDCONV_ISA_SSE, &sc_kernels_sse, &g_cpu.sse},
#endif
#if defined(SIMDCONV_HAVE_NEON)
    {SIMDCONV_ISA_NEON, &sc_kernels_neon, &g_cpu.neon},
#endif
    {SIMDCONV_ISA_SCALAR, &sc_kernels_scalar, NULL},
};

const sc_kernels *sc_isa_kernels(simdconv_isa isa) {
  pthread_once(&g_cpu_once, detect);
  for (size_t i = 0; i < sizeof g_table / sizeof g_table[0]; i++)
    if (g_table[i].isa == isa) return (g_table[i].cpu_has == NULL || *g_table[i].cpu_has) ? g_table[i].kernels : NULL;
  return NULL;
}

int sc_cpu_has_avx(void) {
  pthread_once(&g_cpu_once, detect);
  return g_cpu.avx;
}

simdconv_isa sc_best_hw_isa(void) {
  pthread_once(&g_cpu_once, detect);
  for (size_t i = 0; i < sizeof g_table / sizeof g_table[0]; i++)
    if (g_table[i].cpu_has == NULL || *g_table[i].cpu_has) return g_table[i].isa;
  return SIMDCONV_ISA_SCALAR;
}
