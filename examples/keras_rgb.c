/* The example simdconv was born from: a 3x3 RGB image (R=1, G=100, B=10000), a 2x2 kernel of
 * ones, one filter, relu. A "2D" convolution sums over all input channels, so every output is
 * 4 * (1 + 100 + 10000) = 40404. Keras: Conv2D(1, (2, 2), activation="relu") has 2*2*3*1 + 1 = 13
 * parameters. */
#include <stdio.h>

#include <simdconv/simdconv.h>

int main(void) {
  float image[3 * 3 * 3]; /* NHWC, batch 1 */
  float kernel[2 * 2 * 3 * 1]; /* HWIO */
  float bias[1] = {0.0f};
  float out[2 * 2 * 1];
  for (int p = 0; p < 9; p++) {
    image[p * 3 + 0] = 1.0f;
    image[p * 3 + 1] = 100.0f;
    image[p * 3 + 2] = 10000.0f;
  }
  for (int i = 0; i < 12; i++) kernel[i] = 1.0f;

  simdconv_conv2d_desc d = {0};
  d.input_height = 3; d.input_width = 3; d.input_channels = 3;
  d.output_channels = 1;
  d.kernel_height = 2; d.kernel_width = 2;
  d.padding = SIMDCONV_PADDING_VALID;
  d.activation = SIMDCONV_ACTIVATION_RELU;

  size_t oh, ow;
  simdconv_status s = simdconv_conv2d_output_size(&d, &oh, &ow);
  if (s == SIMDCONV_OK) s = simdconv_conv2d(&d, 1, image, kernel, bias, out);
  if (s != SIMDCONV_OK) {
    fprintf(stderr, "simdconv: %s\n", simdconv_status_string(s));
    return 1;
  }
  printf("isa: %s\n", simdconv_isa_name(simdconv_best_isa()));
  printf("output %zux%zux1:\n", oh, ow);
  for (size_t y = 0; y < oh; y++) {
    for (size_t x = 0; x < ow; x++) printf("%s%.0f", x ? " " : "  ", out[y * ow + x]);
    printf("\n");
  }
  printf("parameters: %zu\n", (size_t)(2 * 2 * 3 * 1 + 1));
  return 0;
}
