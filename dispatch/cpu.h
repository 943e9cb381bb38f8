/* CPU-feature detection (cpu_features), the CPU's tuning, and the kernel registry. No intrinsics here. */
#ifndef SIMDCONV_CPU_H
#define SIMDCONV_CPU_H

#include "select.h"

/* The kernels of isa if it is compiled in and this CPU runs it, else NULL (AUTO: NULL). */
const sc_isa_kernels *sc_isa_kernels_of(simdconv_isa isa);
/* The kernels of isa if it is compiled in, whether or not this CPU runs it (selection tests), else NULL. */
const sc_isa_kernels *sc_isa_kernels_compiled(simdconv_isa isa);
/* The best ISA this CPU runs, ignoring the environment. */
simdconv_isa sc_best_hw_isa(void);
/* 1 if this CPU has AVX (x86; 0 elsewhere): legacy-SSE kernels then need sc_clear_upper. */
int sc_cpu_has_avx(void);
/* This CPU as selection sees it, and its tuning (both probed and classified once). */
const sc_cpu_info *sc_this_cpu(void);
const sc_tuning *sc_this_tuning(void);

/* The registry: every row of every ISA compiled in, runnable here or not, in ISA-list order. */
size_t sc_registry_count(void);
const sc_kernel_row *sc_registry_row(size_t index); /* NULL when index >= count */

#endif
