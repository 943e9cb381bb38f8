/* FMA-throughput microbenchmark: per-ISA kernels (bench/peak_<isa>.c, each compiled with only
 * its ISA's flags) and the registry of measured peaks the conv cases compare with. */
#ifndef SIMDCONV_BENCH_PEAK_H
#define SIMDCONV_BENCH_PEAK_H

#include <stddef.h>

#include <simdconv/simdconv.h>

/* One kernel: n loop trips on independent accumulators: `acc = acc * a + b` as one FMA where the
 * ISA has one (flops_per_trip = accumulators x lanes x 2), else separate multiply chains and add
 * chains, as the scalar and SSE kernels issue them (flops_per_trip = instructions x lanes).
 * Returns the sum of the accumulators (keep it, or the loop is dead). */
typedef float (*peak_fn)(size_t n, float a, float b);

typedef struct peak_kernel {
  simdconv_isa isa;
  peak_fn fn;
  double flops_per_trip;
} peak_kernel;

/* Registers peak/<isa> for every ISA this CPU runs (see peak.c), before any conv case. */
void peak_register(void);
/* Peak GFLOP/s of isa: the best value measured by its peak/<isa> case, or, when that case did
 * not run (filtered out), a short measurement made now. 0 when the CPU does not run isa. */
double peak_gflops(simdconv_isa isa);
/* One slice: isa's peak kernel run for about `seconds`, its GFLOP/s (not recorded; the pairs
 * run measures it next to each layer). 0 when the CPU does not run isa. */
double peak_slice_gflops(simdconv_isa isa, double seconds);
/* The best peak over all ISAs this CPU runs (what peers are compared with). */
double peak_best_gflops(void);

/* The CPU of the run as cpu_features reports it (peak.c is the bench's one reader of
 * cpu_features), and what simdconv uses of it (its public API: simdconv_isa_available,
 * simdconv_best_isa, simdconv_isa_name). Empty strings where unknown. */
typedef struct bench_cpu {
  char vendor[48];    /* x86: "AuthenticAMD"; AArch64: the implementer, "ARM (0x41)" */
  char model[96];     /* x86: the brand string; AArch64: /proc/cpuinfo's "model name", if any */
  char ident[96];     /* x86: "family 25 (0x19), model 1 (0x01), stepping 1"; AArch64: implementer/variant/part/revision */
  char uarch[48];     /* x86: GetX86MicroarchitectureName, e.g. "AMD_ZEN3"; AArch64: the part's core name, if known */
  char caches[160];   /* "L1d 32 KiB, L1i 32 KiB, L2 512 KiB, L3 32 MiB (cpu_features)" (or "(sysfs)") */
  char isas[64];      /* the simdconv ISAs available here, "scalar, sse, avx2" */
  char best[16];      /* simdconv_best_isa() */
  char features[192]; /* the CPU features simdconv's dispatch checks: "sse4_1 yes (sse), avx2+fma yes (avx2), ..." */
} bench_cpu;
void bench_cpu_get(bench_cpu *c);
/* The header lines (CPU, ids, caches, simdconv), each starting with prefix, to stdout. */
void bench_cpu_print(const char *prefix);
/* The same as context entries of the JSON output: cpu_vendor, cpu_model, cpu_id, cpu_uarch,
 * cpu_caches, simdconv_cpu_features. */
void bench_cpu_context(void);

/* Kernels (each peak_<isa>.c defines one; those of other architectures are not compiled). */
extern const peak_kernel peak_kernel_scalar, peak_kernel_sse, peak_kernel_avx2, peak_kernel_avx512, peak_kernel_neon;

#endif /* SIMDCONV_BENCH_PEAK_H */
