/* See threads.h. */
#include "threads.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(SCB_HAVE_PTHREADPOOL)
#include <pthreadpool.h>
#endif

const size_t *bench_thread_counts(size_t *n) {
  static size_t counts[BENCH_MAX_THREAD_COUNTS];
  static size_t count;
  static int done;
  if (!done) {
    done = 1;
    const char *env = getenv("SIMDCONV_BENCH_THREADS");
    const char *s = env != NULL ? env : "1,2";
    if (strcmp(s, "none") != 0 && strcmp(s, "0") != 0) {
      while (*s != '\0') {
        char *end = NULL;
        errno = 0;
        unsigned long v = strtoul(s, &end, 10);
        if (!isdigit((unsigned char)*s) || errno != 0 || v < 1 || v > 1024 || (*end != ',' && *end != '\0')) {
          fprintf(stderr,
                  "simdconv_bench: SIMDCONV_BENCH_THREADS=\"%s\": expected thread counts in 1..1024 separated by "
                  "commas (or \"none\")\n",
                  env);
          exit(1);
        }
        int dup = 0;
        for (size_t i = 0; i < count; i++) dup |= counts[i] == (size_t)v;
        if (!dup) {
          if (count == BENCH_MAX_THREAD_COUNTS) {
            fprintf(stderr, "simdconv_bench: SIMDCONV_BENCH_THREADS: at most %d thread counts\n",
                    BENCH_MAX_THREAD_COUNTS);
            exit(1);
          }
          counts[count++] = (size_t)v;
        }
        s = *end == ',' ? end + 1 : end;
      }
    }
  }
  *n = count;
  return counts;
}

#if defined(SCB_HAVE_PTHREADPOOL)
static struct {
  size_t n;
  pthreadpool_t pool;
} g_pools[BENCH_MAX_THREAD_COUNTS];

struct pthreadpool *bench_pool(size_t n) {
  for (size_t i = 0; i < BENCH_MAX_THREAD_COUNTS; i++) {
    if (g_pools[i].pool != NULL && g_pools[i].n == n) return g_pools[i].pool;
    if (g_pools[i].pool == NULL) {
      pthreadpool_t p = pthreadpool_create(n);
      if (p == NULL) return NULL;
      if (pthreadpool_get_threads_count(p) != n) {
        pthreadpool_destroy(p);
        return NULL;
      }
      g_pools[i].n = n;
      g_pools[i].pool = p;
      return p;
    }
  }
  return NULL;
}

int bench_pools_available(void) { return 1; }

void bench_pools_destroy(void) {
  for (size_t i = 0; i < BENCH_MAX_THREAD_COUNTS; i++) {
    if (g_pools[i].pool != NULL) pthreadpool_destroy(g_pools[i].pool);
    g_pools[i].pool = NULL;
  }
}
#else
struct pthreadpool *bench_pool(size_t n) {
  (void)n;
  return NULL;
}
int bench_pools_available(void) { return 0; }
void bench_pools_destroy(void) {}
#endif
