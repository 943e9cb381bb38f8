/* Independent naive double-precision reference for tests (never linked into the library). */
#ifndef SIMDCONV_TEST_REFERENCE_H
#define SIMDCONV_TEST_REFERENCE_H
#include <stddef.h>
#include <simdconv/simdconv.h>

/* Output size by the Keras/TensorFlow rules, written independently of the library.
 * Returns 0 if the descriptor has no valid output (e.g. VALID with a too-small input). */
int ref_output_size(const simdconv_conv2d_desc *d, size_t *oh, size_t *ow, size_t *pad_top, size_t *pad_left);

/* y (double) and, per element, the tolerance scale |bias| + sum |x|*|w|. */
void ref_conv2d(const simdconv_conv2d_desc *d, size_t batch, const float *x, const float *w, const float *bias,
                double *y, double *scale);
#endif
