/* simdconv: SIMD-optimized NHWC direct convolution (Keras/TensorFlow Conv2D, channels_last).
 *
 * Public C API, contract v0.2 (v0.1 plus the kernel registry, create_ex and run_ex). C99; usable from C++. See README.md.
 * All functions are thread-safe; the library has no global mutable state except the
 * once-initialised CPU-feature cache. */
#ifndef SIMDCONV_SIMDCONV_H
#define SIMDCONV_SIMDCONV_H

#include <stddef.h>

#define SIMDCONV_VERSION_MAJOR 0
#define SIMDCONV_VERSION_MINOR 2
#define SIMDCONV_VERSION_PATCH 0

/* SIMDCONV_API marks the exported functions (the library builds on POSIX systems with gcc or
 * clang: it uses posix_memalign and pthreads; there is no Windows DLL build). */
#if defined(__GNUC__) || defined(__clang__)
#  define SIMDCONV_API __attribute__((visibility("default")))
#else
#  define SIMDCONV_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum simdconv_status {
  SIMDCONV_OK = 0,
  SIMDCONV_INVALID_ARGUMENT = 1, /* NULL pointer, zero or overflowing size, inconsistent descriptor, aliasing buffers */
  SIMDCONV_UNSUPPORTED_ISA = 2,  /* requested ISA not compiled in, or not supported by this CPU */
  SIMDCONV_OUT_OF_MEMORY = 3,
  SIMDCONV_UNSUPPORTED = 4       /* v0.2: the requested kernel or algorithm cannot compute this descriptor */
} simdconv_status;

/* A static English description of the status; never NULL ("unknown status" for other values). */
SIMDCONV_API const char *simdconv_status_string(simdconv_status status);

/* The ISAs, once, in enum order (values 1, 2, ...): X(NAME, name) makes SIMDCONV_ISA_NAME, whose
 * simdconv_isa_name is "name". A new ISA is appended here; code that iterates the ISAs loops
 * from SIMDCONV_ISA_SCALAR to below SIMDCONV_ISA_COUNT (or expands this list), never to a named
 * last one.
 *   SCALAR  portable C         SSE     x86: SSE2..SSE4.1      AVX2  x86: AVX2 + FMA
 *   AVX512  x86: AVX-512F      NEON    AArch64 Advanced SIMD */
#define SIMDCONV_ISA_LIST(X) X(SCALAR, scalar) X(SSE, sse) X(AVX2, avx2) X(AVX512, avx512) X(NEON, neon)

typedef enum simdconv_isa {
  SIMDCONV_ISA_AUTO = 0, /* best available; honours env SIMDCONV_ISA=<name> (see simdconv_isa_name) */
#define SIMDCONV_ISA_ENUM_(NAME, name) SIMDCONV_ISA_##NAME,
  SIMDCONV_ISA_LIST(SIMDCONV_ISA_ENUM_)
#undef SIMDCONV_ISA_ENUM_
  SIMDCONV_ISA_COUNT /* one past the last ISA: not an ISA */
} simdconv_isa;

/* 1 if the ISA is compiled in and this CPU runs it (scalar: always 1; AUTO: 1). */
SIMDCONV_API int simdconv_isa_available(simdconv_isa isa);
/* What AUTO resolves to (after the SIMDCONV_ISA environment override). */
SIMDCONV_API simdconv_isa simdconv_best_isa(void);
/* "auto", or the ISA's name in SIMDCONV_ISA_LIST ("scalar", "sse", ...); "unknown" otherwise. */
SIMDCONV_API const char *simdconv_isa_name(simdconv_isa isa);

typedef enum simdconv_padding {
  SIMDCONV_PADDING_VALID = 0,
  SIMDCONV_PADDING_SAME = 1,    /* TensorFlow rule: extra pad at bottom/right */
  SIMDCONV_PADDING_EXPLICIT = 2
} simdconv_padding;

typedef enum simdconv_activation {
  SIMDCONV_ACTIVATION_NONE = 0,
  SIMDCONV_ACTIVATION_RELU = 1,
  SIMDCONV_ACTIVATION_RELU6 = 2,
  SIMDCONV_ACTIVATION_CLAMP = 3
} simdconv_activation;

typedef struct simdconv_conv2d_desc {
  size_t input_height, input_width, input_channels;
  size_t output_channels;
  size_t kernel_height, kernel_width;
  size_t stride_height, stride_width;     /* 0 means 1 */
  size_t dilation_height, dilation_width; /* 0 means 1 */
  size_t groups;                          /* 0 means 1; must divide input_channels and output_channels */
  simdconv_padding padding;
  size_t pad_top, pad_bottom, pad_left, pad_right; /* read only with SIMDCONV_PADDING_EXPLICIT */
  simdconv_activation activation;
  float clamp_min, clamp_max;             /* read only with SIMDCONV_ACTIVATION_CLAMP */
} simdconv_conv2d_desc;

/* Validates desc and computes the output map size. */
SIMDCONV_API simdconv_status simdconv_conv2d_output_size(const simdconv_conv2d_desc *desc,
                                                         size_t *output_height, size_t *output_width);

/* Opaque: validated descriptor, packed weights + bias, tile table, chosen kernel. Read-only after create. */
typedef struct simdconv_conv2d_plan simdconv_conv2d_plan;

/* weights: HWIO [kernel_height][kernel_width][input_channels/groups][output_channels];
 * bias: output_channels floats or NULL. Both are copied: the caller may free them after create. */
SIMDCONV_API simdconv_status simdconv_conv2d_create(const simdconv_conv2d_desc *desc, const float *weights,
                                                    const float *bias, simdconv_isa isa,
                                                    simdconv_conv2d_plan **plan);
/* input: NHWC [batch][input_height][input_width][input_channels];
 * output: NHWC [batch][output_height][output_width][output_channels].
 * Allocates nothing; one plan may be run from many threads at once on different buffers. */
SIMDCONV_API simdconv_status simdconv_conv2d_run(const simdconv_conv2d_plan *plan, size_t batch,
                                                 const float *input, float *output);
/* The ISA the plan runs (SIMDCONV_ISA_AUTO for a NULL plan). */
SIMDCONV_API simdconv_isa simdconv_conv2d_isa(const simdconv_conv2d_plan *plan);
/* NULL is a no-op. */
SIMDCONV_API void simdconv_conv2d_destroy(simdconv_conv2d_plan *plan);

/* One call: create (AUTO), run, destroy. */
SIMDCONV_API simdconv_status simdconv_conv2d(const simdconv_conv2d_desc *desc, size_t batch, const float *input,
                                             const float *weights, const float *bias, float *output);

/* ---- Extensions beyond contract v0.1 (compatible additions; v0.2) ---- */

/* Bytes of packed weights + bias the plan holds (0 for NULL). */
SIMDCONV_API size_t simdconv_conv2d_packed_bytes(const simdconv_conv2d_plan *plan);

/* The library's version, "MAJOR.MINOR.PATCH" (SIMDCONV_VERSION_* of the build; "0.2.0" here). Compare it
 * with the macros to detect a header/library mismatch at run time. Static string, never NULL. */
SIMDCONV_API const char *simdconv_version(void);

/* Multi-threaded run on a pthreadpool (the pool XNNPACK and NNPACK use, so a runtime can share
 * one pool across libraries; include <pthreadpool.h> to create one). pool == NULL, or a pool of
 * one thread, runs on the calling thread; so does a run too small to pay for the pool (estimated
 * under about 4 us of work: a pthreadpool call costs 1.5-3 us before any work). The work is split
 * over images x output-channel blocks x tiles of output pixels; every output element is computed
 * by exactly one thread in a fixed order, so the result is bit-identical for any thread count.
 * Allocates nothing; the same checks and statuses as simdconv_conv2d_run. A pool must not be
 * used by two runs at once (a pthreadpool rule); one plan may be run on several pools at once. If
 * the library was built without pthreadpool (simdconv_has_threads() == 0), the pool is ignored. */
struct pthreadpool;
SIMDCONV_API simdconv_status simdconv_conv2d_run_parallel(const simdconv_conv2d_plan *plan, struct pthreadpool *pool,
                                                          size_t batch, const float *input, float *output);
/* 1 if simdconv_conv2d_run_parallel uses the pool (built with pthreadpool). */
SIMDCONV_API int simdconv_has_threads(void);

/* ---- v0.2: strided tensors and a fused residual add (one run entry point for runtimes) ---- */

/* The tensors of a run. Pixel (n, h, w) of the input starts at
 * input + ((n*H + h)*W + w) * input_pixel_stride floats; the output and the residual likewise
 * with (OH, OW). A pixel stride of 0 means dense (input_channels, output_channels); a nonzero one
 * below the channel count is SIMDCONV_INVALID_ARGUMENT. */
typedef struct simdconv_conv2d_io {
  const float *input;     size_t input_pixel_stride;     /* floats from one pixel to the next; 0 = input_channels */
  float *output;          size_t output_pixel_stride;    /* 0 = output_channels */
  const float *residual;  size_t residual_pixel_stride;  /* NULL = none; 0 = output_channels */
} simdconv_conv2d_io;

/* Runs the plan on strided tensors, with an optional residual: y = act(conv + bias + residual),
 * the residual added in the kernels' registers before the activation (a ResNet block's add +
 * relu, no second pass). Only channels [0, Cout) of each output pixel are written; the floats
 * between pixels are never read or written. residual == output (same pointer and stride) is
 * allowed: each element is read, then overwritten. Input and output must not share an element
 * (SIMDCONV_INVALID_ARGUMENT), except as channel windows of one tensor (DenseNet-style concat:
 * equal pixel strides, read channels [0, k), write channels [k, k + Cout) of the same buffer);
 * a residual other than the output likewise. pool: as simdconv_conv2d_run_parallel (NULL = the
 * calling thread); results are identical for any pool size and bit-identical to a dense run of
 * the same data, except that with a strided input a padded map's merged corner pixels skip the
 * padded kernel rows instead of multiplying zeros: a -0.0 may read +0.0 there, and a padded tap
 * with an infinite weight may give a finite value instead of NaN (both allowed by the contract's
 * "Special values"). Allocates nothing (a depthwise run whose input pixel stride is a multiple of an
 * L1d way, 4 KiB = 1024 floats, copies input rows into a 48 KiB band on the running thread's stack;
 * Winograd plans: see create_ex); NULL plan, io, input or output: INVALID_ARGUMENT. */
SIMDCONV_API simdconv_status simdconv_conv2d_run_ex(const simdconv_conv2d_plan *plan, size_t batch,
                                                    const simdconv_conv2d_io *io, struct pthreadpool *pool);

/* The input pixel stride (floats) the plan runs fastest with: input_channels (dense), or more
 * where a dense input's pixels would lie a multiple of 512 bytes apart and the plan's kernel then
 * loses to cache-set conflicts (depthwise plans: 1 KiB multiples, such as 256 or 1024 channels, at
 * any stride, 512-byte multiples such as 128 or 384 channels at stride 2; there input_channels + 16).
 * For a runtime that allocates the tensors between layers: write the producing layer's output with
 * this output_pixel_stride (run_ex), then run this plan on it with the same input_pixel_stride; no
 * copy. Only the speed depends on it: a plan runs on any input stride >= input_channels, with the
 * results run_ex describes. NULL plan: 0. */
SIMDCONV_API size_t simdconv_conv2d_input_pixel_stride(const simdconv_conv2d_plan *plan);

/* ---- v0.2: the kernel registry, and plans with options ---- */

/* Every microkernel compiled into the library, runnable on this CPU or not. Names are unique and
 * stable: "<kind>_<isa>_<MR>x<NR>" (kind conv, dot, gemm, dw or grp: grouped, several groups a
 * vector; MR output pixels x NR output channels per register tile), e.g. "conv_avx512_6x64", "gemm_avx2_3x32", "dw_avx512_10x32",
 * with an optional letter for a variant of the tile (p: broadcasts by permute, e: embedded broadcasts,
 * y: 8-lane vectors in the AVX-512 ISA, e.g. "gemm_avx512_4x24y"), and
 * "winograd_f<m>x<m>_<isa>" for Winograd F(m x m, 3 x 3) (m = 2, 4, 6), e.g. "winograd_f4x4_avx2". */
SIMDCONV_API size_t simdconv_kernel_count(void);
SIMDCONV_API const char *simdconv_kernel_name(size_t index);  /* NULL when index >= count */
SIMDCONV_API simdconv_isa simdconv_kernel_isa(size_t index);  /* SIMDCONV_ISA_AUTO when index >= count */

typedef enum simdconv_tuning {
  SIMDCONV_TUNING_DEFAULT = 0, /* the library's rules for this CPU: deterministic, nothing timed at create */
  SIMDCONV_TUNING_MEASURE = 1  /* create times the candidate kernels on this descriptor and keeps the fastest */
} simdconv_tuning;

typedef enum simdconv_algorithm {
  SIMDCONV_ALGORITHM_DIRECT = 0,   /* direct convolution (the default) */
  SIMDCONV_ALGORITHM_WINOGRAD = 1, /* Winograd F(m x m, 3 x 3); SIMDCONV_UNSUPPORTED where it does not apply */
  SIMDCONV_ALGORITHM_FASTEST = 2   /* Winograd where it applies and the rules say it is faster, direct elsewhere */
} simdconv_algorithm;

typedef struct simdconv_conv2d_options { /* all zero = the defaults of simdconv_conv2d_create(..., AUTO, ...) */
  simdconv_isa isa;                      /* AUTO (SIMDCONV_ISA narrows it, as in v0.1) or one ISA */
  simdconv_tuning tuning;
  const char *kernel;                    /* NULL: the library chooses; else a registry name: that kernel */
  simdconv_algorithm algorithm;
} simdconv_conv2d_options;

/* create with options (NULL = all defaults). Statuses, beyond simdconv_conv2d_create's:
 * options->kernel not a registry name, or isa / tuning / algorithm out of range: INVALID_ARGUMENT;
 * a kernel or isa this CPU cannot run, or a kernel whose ISA differs from a non-AUTO isa:
 * UNSUPPORTED_ISA; a kernel that cannot compute the descriptor (a depthwise kernel for a dense
 * convolution, a GEMM kernel for a padded 3x3, a dot kernel for input channels per group not a
 * multiple of its lane group, a Winograd kernel or algorithm WINOGRAD for a layer Winograd does
 * not apply to, algorithm WINOGRAD with a direct kernel): UNSUPPORTED. Every failure leaves *plan
 * unwritten. A kernel in options->kernel sets the algorithm (a Winograd kernel makes a Winograd
 * plan whatever options->algorithm says, except as above).
 * Winograd (algorithm WINOGRAD or FASTEST, or a winograd_* kernel) applies to 3x3 kernels with
 * stride 1 and dilation 1, any padding, bias and activation, and at least 4 input and 4 output
 * channels per group (so never depthwise). WINOGRAD picks the variant by the library's rules
 * (F(4x4, 3x3); F(2x2, 3x3) below 16 channels per group, and for weights over 16 MiB on maps of at
 * most 16 4x4 tiles); FASTEST
 * takes Winograd where the rules expect it to be faster than direct (at least 24 input and output
 * channels per group, or 16 on maps of at least 28x28), direct elsewhere. A Winograd plan:
 *  - accuracy: every output is within 1e-4 * S + 1e-6 of the exact value, S the largest
 *    |bias| + |residual| + sum |x| |w| among the outputs of its m x m tile (same image and
 *    channel). The transforms mix a tile's inputs before the multiplications, so an output's
 *    rounding error follows the tile's largest values, not only its own: where one input of a
 *    tile is orders of magnitude larger than the rest, a small output of that tile can miss
 *    1e-4 of its own scale (api.md's per-output wording). On the suite's layers the per-output
 *    error stayed below 1.1e-6 (F(2x2)), 2.5e-5 (F(4x4)) and 4.2e-5 (F(6x6)) of the output's own
 *    scale (README: the table per variant); WINOGRAD takes F(2x2) below 16 channels per group;
 *  - special values: an output whose exact value is NaN or infinite is NaN or infinite (an
 *    infinity may come out as NaN); a NaN or infinity in the input may also reach the other
 *    outputs of its m x m output tiles (the tiles whose (m + 2) x (m + 2) input patch holds it), and
 *    one in the weights or bias every output of its output channel;
 *  - run allocates nothing and uses at most 240 KiB of the calling thread's stack (and of each pool
 *    thread's): a 224 KiB block of transformed input and partial sums, plus the kernels' frames
 *    (233 KiB measured, gcc 12 -O3);
 *  - results are identical for any pool size; MEASURE keeps the DEFAULT variant (no other kernel
 *    has its summation order).
 * MEASURE: the candidates are the kernels of the plan's ISA that compute the descriptor with the
 * same summation order as the DEFAULT choice (so the results are bit-identical to the DEFAULT
 * plan's); create packs each, runs it once to warm up, then times runs of batch 1 on synthetic
 * data (at least 5 runs and 2 ms, at most 20 ms of timed runs, and at least one run); the two
 * fastest (minimum time; DEFAULT's kernel on ties) are timed again in alternation, a warm-up run
 * before each timed run, until each has 5 runs and 2 ms or one has 20 ms, and the faster minimum
 * is kept (the first pass's leader on ties). Its cost is bounded by (candidates + 4) x (20 ms + 2
 * runs) on top of DEFAULT's create (candidates: DEFAULT's kernel included); it holds at most three
 * plans and one input and one output image while measuring. A forced kernel is never replaced. */
SIMDCONV_API simdconv_status simdconv_conv2d_create_ex(const simdconv_conv2d_desc *desc, const float *weights,
                                                       const float *bias, const simdconv_conv2d_options *options,
                                                       simdconv_conv2d_plan **plan);
/* The registry name of the kernel the plan runs (a winograd_* name for Winograd plans); "" for NULL. */
SIMDCONV_API const char *simdconv_conv2d_kernel(const simdconv_conv2d_plan *plan);

#ifdef __cplusplus
}
#endif

#endif /* SIMDCONV_SIMDCONV_H */
