/* Thread counts of the conv/<layer>/<variant>/threads:<n> cases and the pthreadpools they run
 * on (threads.c). */
#ifndef SIMDCONV_BENCH_THREADS_H
#define SIMDCONV_BENCH_THREADS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BENCH_MAX_THREAD_COUNTS 16

/* The thread counts of the threaded cases, from env SIMDCONV_BENCH_THREADS: a comma-separated
 * list of counts in 1..1024 (duplicates dropped, order kept), default "1,2"; "none", "0" or an
 * empty value: no threaded cases. Sets *n; exits with a message on a malformed value. */
const size_t *bench_thread_counts(size_t *n);

/* A pthreadpool of n threads (pthreadpool_create(n)), made on first use and shared by every
 * case of that thread count (cases run one at a time, so no pool is used by two runs at once);
 * NULL when it cannot be made or the bench was built without pthreadpool. The return type is
 * pthreadpool_t (struct pthreadpool *), spelled without the header. */
struct pthreadpool *bench_pool(size_t n);
/* 1 when the bench was built with pthreadpool (bench_pool can make pools). */
int bench_pools_available(void);
/* Destroys the pools (after scb_main). */
void bench_pools_destroy(void);

#ifdef __cplusplus
}
#endif

#endif /* SIMDCONV_BENCH_THREADS_H */
