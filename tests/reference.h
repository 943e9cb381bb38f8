/* Independent naive double-precision reference for tests (never linked into the library). */
#ifndef SIMDCONV_TEST_REFERENCE_H
#define SIMDCONV_TEST_REFERENCE_H
#include <stddef.h>
#include <simdconv/simdconv.h>

/* Output size by the Keras/TensorFlow rules, written independently of the library.
 * Returns 0 if the descriptor has no valid output (e.g. VALID with a too-small input). */
int ref_output_size(const simdconv_conv2d_desc *d, size_t *oh, size_t *ow, size_t *pad_top, size_t *pad_left);

/* y (double) and, per element, the tolerance scale |bias| + sum |x|*|w|. IEEE special values
 * propagate (api.md "Special values"): the sum is evaluated in double, so inf * 0 and inf - inf are
 * NaN, and the activation passes NaN through. Padded taps are skipped. padnan (may be NULL) gets,
 * per element, 1 when some padded tap of that output has an infinite or NaN weight: there a kernel
 * that multiplies the padding's zeros instead of skipping them may give NaN (allowed). */
void ref_conv2d(const simdconv_conv2d_desc *d, size_t batch, const float *x, const float *w, const float *bias,
                double *y, double *scale, unsigned char *padnan);

/* The descriptor's activation on a pre-activation value in double; NaN stays NaN (TensorFlow's
 * and PyTorch's relu, relu6 and clamp). ref_conv2d applies it; run_ex's checks apply it to
 * (conv + bias without activation) + residual. */
double ref_activate(const simdconv_conv2d_desc *d, double v);

/* Whether a library output agrees with the reference element (y, scale, padnan from ref_conv2d):
 * the same class (NaN, +inf, -inf or finite), a finite value within 1e-5 * scale + 1e-6 (exactly
 * equal where scale is not finite: an activation saturated an infinity), or NaN where padnan. */
int ref_agrees(float out, double y, double scale, unsigned char padnan);
/* Winograd F(m x m, 3 x 3) plans (the header's "Winograd plans"): taint[e] = 1 for each output a
 * special value may spoil (a NaN or infinity in the input patch of its m x m tile, or in a weight or
 * the bias of its channel); tscale[e] = the largest scale (from ref_conv2d) among the outputs of its
 * m x m tile, same image and channel: the scale of the Winograd bound. */
void ref_wino_taint(const simdconv_conv2d_desc *d, size_t batch, size_t m, const float *x, const float *w,
                    const float *b, unsigned char *taint);
void ref_wino_tile_scale(const simdconv_conv2d_desc *d, size_t batch, size_t m, const double *scale, double *tscale);
#endif
