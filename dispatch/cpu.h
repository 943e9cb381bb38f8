/* CPU-feature detection (cpu_features) and the ISA -> kernel table. No intrinsics here. */
#ifndef SIMDCONV_CPU_H
#define SIMDCONV_CPU_H

#include "../kernels/kernel.h"

/* The kernels of isa if it is compiled in and this CPU runs it, else NULL (AUTO: NULL). */
const sc_kernels *sc_isa_kernels(simdconv_isa isa);
/* The best ISA this CPU runs, ignoring the environment. */
simdconv_isa sc_best_hw_isa(void);
/* 1 if this CPU has AVX (x86; 0 elsewhere): legacy-SSE kernels then need sc_clear_upper. */
int sc_cpu_has_avx(void);

#endif
