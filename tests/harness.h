/* Shared test harness: runs one descriptor on every ISA the host has (forced) and on AUTO,
 * against the fp64 reference, with canaries around the output and a caller-side weight copy
 * that is overwritten right after create. */
#ifndef SIMDCONV_TEST_HARNESS_H
#define SIMDCONV_TEST_HARNESS_H
#include <stddef.h>
#include <stdint.h>
#include <simdconv/simdconv.h>

/* A special value put into the (random or fixed) data of a case: array 'x', 'w' or 'b', element
 * index % that array's length. */
typedef struct {
  char where;
  float value;
  size_t index;
} tc_special;

typedef struct {
  int no_bias;      /* pass bias == NULL */
  int unaligned;    /* offset input/output/weights by one float */
  int align64;      /* the output starts on a 64-byte boundary (streamed-store paths) */
  void (*after_create)(simdconv_conv2d_plan *p); /* optional: called on each plan before its run */
  const float *x, *w, *b; /* optional fixed data (else random in [-1, 1]) */
  const float *expect;    /* optional exact expected output */
  const tc_special *specials; /* optional: nspecials values written over the data */
  size_t nspecials;
} tc_opts;

extern long tc_checks, tc_failures;

void tc_seed(uint64_t seed);
float tc_uniform(void);          /* [-1, 1] */
size_t tc_range(size_t lo, size_t hi); /* inclusive */

/* Index k of a loop from SIMDCONV_ISA_SCALAR to SIMDCONV_ISA_COUNT inclusive: every ISA of
 * SIMDCONV_ISA_LIST, then AUTO. */
#define TC_ISA_OR_AUTO(k) ((k) == SIMDCONV_ISA_COUNT ? SIMDCONV_ISA_AUTO : (simdconv_isa)(k))

/* 1 if the ISA is above SIMDCONV_TEST_MAX_ISA (harness.c: for tools that cannot decode wider
 * instructions, such as valgrind and AVX-512); AUTO never is. */
int tc_isa_over_cap(simdconv_isa isa);
/* 1 if tests run the ISA here: available and not capped. */
int tc_isa_testable(simdconv_isa isa);

/* One check: counts it, and on failure prints FAIL with the location and a printf message. */
#define TC_EXPECT(cond, ...)                                              \
  do {                                                                    \
    tc_checks++;                                                          \
    if (!(cond)) {                                                        \
      tc_failures++;                                                      \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);                         \
      printf(__VA_ARGS__);                                                \
      printf("\n");                                                       \
    }                                                                     \
  } while (0)

/* A random descriptor: map up to max_hw, groups 1-4 or depthwise (multiplier 1-2), kernel 1-5,
 * stride/dilation 0-3, any padding mode with pads 0-4, any activation. May have no valid output. */
void tc_random_desc(simdconv_conv2d_desc *d, size_t max_hw, size_t max_cout);

/* Runs the case on every available ISA and AUTO; returns the number of failures it added. */
long tc_run(const char *name, const simdconv_conv2d_desc *d, size_t batch, const tc_opts *opts);

/* Prints the summary line and returns the process exit status. */
int tc_finish(const char *suite);

/* "N<batch> <h>x<w>x<cin>-><cout> k.. s.. d.. g.. pad<mode>(t,b,l,r) act<a>": a case's name */
void tc_describe(char *buf, size_t n, const simdconv_conv2d_desc *d, size_t batch);

/* A strided tensor (run_ex tests): n pixels of c channels at pixel stride ps, inside a 64-byte
 * aligned buffer offset by `off` floats (unaligned when 1); the floats between pixels hold `gap`.
 * Aborts when out of memory; free(t.buf). */
typedef struct {
  float *buf, *base;
  size_t n, c, ps;
} tc_tensor;
tc_tensor tc_tensor_new(size_t n, size_t c, size_t ps, size_t off, float gap);
float *tc_px(const tc_tensor *t, size_t i); /* pixel i */
void tc_tensor_fill(tc_tensor *t, const float *dense);
/* 1 if the channels equal `dense` bit for bit (nan_equal: any NaN also equals any NaN) and every
 * float between pixels still holds gap bit for bit */
int tc_tensor_check(const tc_tensor *t, const float *dense, float gap, int nan_equal);
int tc_same_bits(float a, float b);
/* The kernels' activation in float: min(hi, max(lo, v)) */
float tc_act_f(const simdconv_conv2d_desc *d, float v);

/* Convenience: a descriptor with the given main fields, stride/dilation/groups 1, no activation. */
simdconv_conv2d_desc tc_desc(size_t h, size_t w, size_t cin, size_t cout, size_t kh, size_t kw, simdconv_padding p);
#endif
