/* The conv/<layer>/<isa|peer> cases (conv_cases.c). */
#ifndef SIMDCONV_BENCH_CONV_CASES_H
#define SIMDCONV_BENCH_CONV_CASES_H

/* Registers every layer x (every ISA simdconv runs here, then every peer), layer by layer. */
void conv_cases_register(void);
/* Frees the cached layer data and the case table (after scb_main). */
void conv_cases_cleanup(void);

#endif /* SIMDCONV_BENCH_CONV_CASES_H */
