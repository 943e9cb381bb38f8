/* Naive, obviously-correct convolution in double precision: one loop per index, a bounds test
 * per tap. Deliberately shares no code with the library. */
#include "reference.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t nz(size_t v) { return v ? v : 1; }

static int axis(size_t in, size_t k, size_t s, size_t d, int mode, size_t pb, size_t pa, size_t *out, size_t *pad) {
  long long eff = (long long)d * ((long long)k - 1) + 1;
  if (mode == SIMDCONV_PADDING_VALID) {
    if ((long long)in < eff) return 0;
    *out = (size_t)(((long long)in - eff) / (long long)s + 1);
    *pad = 0;
  } else if (mode == SIMDCONV_PADDING_SAME) {
    long long o = ((long long)in + (long long)s - 1) / (long long)s;
    long long total = (o - 1) * (long long)s + eff - (long long)in;
    if (total < 0) total = 0;
    *out = (size_t)o;
    *pad = (size_t)(total / 2);
  } else {
    long long padded = (long long)in + (long long)pb + (long long)pa;
    if (padded < eff) return 0;
    *out = (size_t)((padded - eff) / (long long)s + 1);
    *pad = pb;
  }
  return 1;
}

int ref_output_size(const simdconv_conv2d_desc *d, size_t *oh, size_t *ow, size_t *pt, size_t *pl) {
  return axis(d->input_height, d->kernel_height, nz(d->stride_height), nz(d->dilation_height), d->padding,
              d->pad_top, d->pad_bottom, oh, pt) &&
         axis(d->input_width, d->kernel_width, nz(d->stride_width), nz(d->dilation_width), d->padding, d->pad_left,
              d->pad_right, ow, pl);
}

void ref_conv2d(const simdconv_conv2d_desc *d, size_t batch, const float *x, const float *w, const float *bias,
                double *y, double *scale, unsigned char *padnan) {
  size_t oh, ow, pt, pl;
  ref_output_size(d, &oh, &ow, &pt, &pl);
  const long long H = (long long)d->input_height, W = (long long)d->input_width;
  const size_t C = d->input_channels, K = d->output_channels, G = nz(d->groups);
  const size_t Cg = C / G, Kg = K / G;
  for (size_t n = 0; n < batch; n++)
    for (size_t i = 0; i < oh; i++)
      for (size_t j = 0; j < ow; j++)
        for (size_t oc = 0; oc < K; oc++) {
          size_t g = oc / Kg;
          double acc = bias ? (double)bias[oc] : 0.0, mag = bias ? fabs((double)bias[oc]) : 0.0;
          unsigned char pn = 0;
          for (size_t kh = 0; kh < d->kernel_height; kh++)
            for (size_t kw = 0; kw < d->kernel_width; kw++) {
              long long ih = (long long)(i * nz(d->stride_height) + kh * nz(d->dilation_height)) - (long long)pt;
              long long iw = (long long)(j * nz(d->stride_width) + kw * nz(d->dilation_width)) - (long long)pl;
              if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                for (size_t c = 0; c < Cg; c++)
                  if (!isfinite(w[((kh * d->kernel_width + kw) * Cg + c) * K + oc])) pn = 1;
                continue;
              }
              for (size_t c = 0; c < Cg; c++) {
                double xv = x[((n * (size_t)H + (size_t)ih) * (size_t)W + (size_t)iw) * C + g * Cg + c];
                double wv = w[((kh * d->kernel_width + kw) * Cg + c) * K + oc];
                acc += xv * wv;
                mag += fabs(xv) * fabs(wv);
              }
            }
          size_t o = ((n * oh + i) * ow + j) * K + oc;
          y[o] = ref_activate(d, acc);
          scale[o] = mag;
          if (padnan) padnan[o] = pn;
        }
}

double ref_activate(const simdconv_conv2d_desc *d, double v) {
  if (isnan(v)) return v; /* NaN stays NaN */
  switch (d->activation) {
    case SIMDCONV_ACTIVATION_RELU: return v < 0 ? 0 : v;
    case SIMDCONV_ACTIVATION_RELU6: return v < 0 ? 0 : v > 6 ? 6 : v;
    case SIMDCONV_ACTIVATION_CLAMP: return v < d->clamp_min ? d->clamp_min : v > d->clamp_max ? d->clamp_max : v;
    default: return v;
  }
}

/* 0 NaN, 1 +inf, 2 -inf, 3 finite */
static int value_class(double v) { return isnan(v) ? 0 : isinf(v) ? (v > 0 ? 1 : 2) : 3; }

int ref_agrees(float out, double y, double scale, unsigned char padnan) {
  const int co = value_class(out), cy = value_class(y);
  if (co == 0 && padnan) return 1;
  if (co != cy) return 0;
  if (co != 3) return 1;
  if (!isfinite(scale)) return (double)out == y;
  return fabs((double)out - y) <= 1e-5 * scale + 1e-6;
}

/* ---- Winograd plans: the special-value taint and the tile scale ---- */
void ref_wino_taint(const simdconv_conv2d_desc *d, size_t batch, size_t m, const float *x, const float *w,
                    const float *b, unsigned char *taint) {
  size_t oh, ow, pt, pl;
  ref_output_size(d, &oh, &ow, &pt, &pl);
  const size_t H = d->input_height, W = d->input_width, C = d->input_channels, K = d->output_channels;
  const size_t G = nz(d->groups), cg = C / G, kg = K / G;
  memset(taint, 0, batch * oh * ow * K);
  for (size_t n = 0; n < batch; n++)
    for (size_t iy = 0; iy < H; iy++)
      for (size_t ix = 0; ix < W; ix++)
        for (size_t c = 0; c < C; c++) {
          if (isfinite(x[((n * H + iy) * W + ix) * C + c])) continue;
          const size_t g = c / cg, ry = iy + pt, rx = ix + pl;
          /* tiles whose patch rows ty*m - pt .. ty*m - pt + m + 1 hold iy: ty*m <= ry <= ty*m + m + 1 */
          const size_t ty0 = ry >= m + 1 ? (ry - 2) / m : 0, ty1 = ry / m;
          const size_t tx0 = rx >= m + 1 ? (rx - 2) / m : 0, tx1 = rx / m;
          for (size_t oy = ty0 * m; oy < (ty1 + 1) * m && oy < oh; oy++)
            for (size_t ox = tx0 * m; ox < (tx1 + 1) * m && ox < ow; ox++)
              memset(taint + ((n * oh + oy) * ow + ox) * K + g * kg, 1, kg);
        }
  unsigned char *chan = calloc(K + 1, 1);
  if (chan == NULL) abort();
  const size_t nw = d->kernel_height * d->kernel_width * cg * K;
  for (size_t i = 0; i < nw; i++)
    if (!isfinite(w[i])) chan[i % K] = 1;
  for (size_t k = 0; b != NULL && k < K; k++)
    if (!isfinite(b[k])) chan[k] = 1;
  for (size_t e = 0; e < batch * oh * ow * K; e++)
    if (chan[e % K]) taint[e] = 1;
  free(chan);
}

void ref_wino_tile_scale(const simdconv_conv2d_desc *d, size_t batch, size_t m, const double *scale, double *tscale) {
  size_t oh, ow, pt, pl;
  ref_output_size(d, &oh, &ow, &pt, &pl);
  const size_t K = d->output_channels;
  for (size_t n = 0; n < batch; n++)
    for (size_t ty = 0; ty * m < oh; ty++)
      for (size_t tx = 0; tx * m < ow; tx++)
        for (size_t k = 0; k < K; k++) {
          double mx = 0;
          for (size_t oy = ty * m; oy < ty * m + m && oy < oh; oy++)
            for (size_t ox = tx * m; ox < tx * m + m && ox < ow; ox++) {
              const double v = scale[((n * oh + oy) * ow + ox) * K + k];
              if (v > mx || isnan(v)) mx = v;
            }
          for (size_t oy = ty * m; oy < ty * m + m && oy < oh; oy++)
            for (size_t ox = tx * m; ox < tx * m + m && ox < ow; ox++) tscale[((n * oh + oy) * ow + ox) * K + k] = mx;
        }
}
