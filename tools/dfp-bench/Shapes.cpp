#include "Shapes.h"

namespace dfp::bench {

std::string GemmShape::name() const {
  return "gemm_" + std::to_string(m) + "x" + std::to_string(n) + "x" +
         std::to_string(k);
}

std::vector<GemmShape> defaultGemmShapes() {
  return {
      {1024, 1024, 1024}, {2048, 2048, 2048}, {3136, 64, 576}, {784, 128, 1152},
      {196, 256, 2304},   {49, 512, 4608},    {3136, 256, 64},
  };
}

std::vector<GemmShape> quickGemmShapes() {
  return {{256, 256, 256}, {196, 64, 576}};
}

const char *toString(ConvDirection direction) {
  switch (direction) {
  case ConvDirection::Forward:
    return "fwd";
  case ConvDirection::BackwardData:
    return "bwd_data";
  case ConvDirection::BackwardWeights:
    return "bwd_filter";
  }
  return "unknown";
}

int64_t ConvShape::outHeight() const {
  return (height + 2 * padding - kernel) / stride + 1;
}

int64_t ConvShape::outWidth() const {
  return (width + 2 * padding - kernel) / stride + 1;
}

std::string ConvShape::name(ConvDirection direction) const {
  std::string channelsPart = std::to_string(channels);
  if (filters != channels)
    channelsPart += "to" + std::to_string(filters);
  return std::string("conv_") + toString(direction) + "_" + channelsPart + "x" +
         std::to_string(height) + "x" + std::to_string(width) + "_" +
         std::to_string(kernel) + "x" + std::to_string(kernel);
}

namespace {
/// Pairs (output position, filter tap) along one axis that read an input
/// element rather than padding.
int64_t validTaps(int64_t input, int64_t output, int64_t kernel, int64_t stride,
                  int64_t padding) {
  int64_t taps = 0;
  for (int64_t o = 0; o < output; ++o)
    for (int64_t r = 0; r < kernel; ++r) {
      int64_t i = o * stride - padding + r;
      taps += i >= 0 && i < input;
    }
  return taps;
}
} // namespace

double ConvShape::ops() const {
  return 2.0 * double(batch) * double(filters) * double(channels) *
         double(validTaps(height, outHeight(), kernel, stride, padding)) *
         double(validTaps(width, outWidth(), kernel, stride, padding));
}

namespace {
ConvShape sameConv(int64_t batch, int64_t channels, int64_t filters,
                   int64_t size, int64_t kernel) {
  ConvShape shape;
  shape.batch = batch;
  shape.channels = channels;
  shape.filters = filters;
  shape.height = shape.width = size;
  shape.kernel = kernel;
  shape.padding = kernel / 2;
  return shape;
}
} // namespace

std::vector<ConvShape> defaultConvShapes() {
  return {
      sameConv(32, 64, 64, 56, 3),   sameConv(32, 128, 128, 28, 3),
      sameConv(32, 256, 256, 14, 3), sameConv(32, 512, 512, 7, 3),
      sameConv(32, 64, 256, 56, 1),  sameConv(128, 32, 32, 28, 3),
      sameConv(128, 64, 64, 14, 3),
  };
}

std::vector<ConvShape> quickConvShapes() {
  return {sameConv(4, 32, 32, 14, 3)};
}

} // namespace dfp::bench
