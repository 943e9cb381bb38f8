/* The geometry as the library normalises it (0 -> 1, pads resolved), from the fp64 reference's own
 * output-size rules (tests/reference.c): for tests that ask the internal selection module which
 * rows compute a descriptor. Header-only; needs kernels/kernel.h's sc_geom. */
#ifndef SIMDCONV_TEST_GEOM_H
#define SIMDCONV_TEST_GEOM_H
#include "reference.h"

static inline size_t tc_nz(size_t v) { return v ? v : 1; }

/* 0 if the descriptor has no output */
static inline int tc_geom_of(const simdconv_conv2d_desc *d, sc_geom *g) {
  size_t oh, ow, pt, pl;
  if (!ref_output_size(d, &oh, &ow, &pt, &pl)) return 0;
  g->ih = d->input_height; g->iw = d->input_width; g->cin = d->input_channels; g->cout = d->output_channels;
  g->kh = d->kernel_height; g->kw = d->kernel_width;
  g->sh = tc_nz(d->stride_height); g->sw = tc_nz(d->stride_width);
  g->dh = tc_nz(d->dilation_height); g->dw = tc_nz(d->dilation_width);
  g->groups = tc_nz(d->groups);
  g->pad_top = pt; g->pad_left = pl;
  g->oh = oh; g->ow = ow;
  return 1;
}
#endif
