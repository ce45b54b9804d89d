#ifndef DFP_REFERENCE_LIB_CONVINDEXING_H
#define DFP_REFERENCE_LIB_CONVINDEXING_H

#include "dfp/reference/Contraction.h"

#include <cstdint>
#include <vector>

namespace dfp {

/// Row-major offsets and geometry of the three conv2d tensors.
struct ConvIndexing {
  explicit ConvIndexing(const Conv2dShape &s)
      : shape(s), outH(s.outHeight()), outW(s.outWidth()),
        channelsPerGroup(s.channels / s.groups),
        filtersPerGroup(s.filters / s.groups) {}

  const Conv2dShape &shape;
  int64_t outH, outW, channelsPerGroup, filtersPerGroup;

  std::vector<int64_t> inputShape() const {
    return {shape.batch, shape.channels, shape.height, shape.width};
  }
  std::vector<int64_t> filterShape() const {
    return {shape.filters, channelsPerGroup, shape.kernelH, shape.kernelW};
  }
  std::vector<int64_t> outputShape() const {
    return {shape.batch, shape.filters, outH, outW};
  }

  int64_t input(int64_t n, int64_t c, int64_t h, int64_t w) const {
    return ((n * shape.channels + c) * shape.height + h) * shape.width + w;
  }
  int64_t filter(int64_t k, int64_t c, int64_t r, int64_t s) const {
    return ((k * channelsPerGroup + c) * shape.kernelH + r) * shape.kernelW + s;
  }
  int64_t output(int64_t n, int64_t k, int64_t oh, int64_t ow) const {
    return ((n * shape.filters + k) * outH + oh) * outW + ow;
  }

  /// Input row read by output row `oh` at filter row `r` (may be padding).
  int64_t inputRow(int64_t oh, int64_t r) const {
    return oh * shape.strides[0] - shape.padding[0] + r * shape.dilations[0];
  }
  int64_t inputCol(int64_t ow, int64_t s) const {
    return ow * shape.strides[1] - shape.padding[1] + s * shape.dilations[1];
  }
  bool insideInput(int64_t h, int64_t w) const {
    return h >= 0 && h < shape.height && w >= 0 && w < shape.width;
  }

  /// Output row whose filter row `r` reads input row `h`; false if none.
  bool outputRow(int64_t h, int64_t r, int64_t &oh) const {
    return outputIndex(h + shape.padding[0] - r * shape.dilations[0],
                       shape.strides[0], outH, oh);
  }
  bool outputCol(int64_t w, int64_t s, int64_t &ow) const {
    return outputIndex(w + shape.padding[1] - s * shape.dilations[1],
                       shape.strides[1], outW, ow);
  }

private:
  static bool outputIndex(int64_t scaled, int64_t stride, int64_t extent,
                          int64_t &index) {
    if (scaled < 0 || scaled % stride != 0)
      return false;
    index = scaled / stride;
    return index < extent;
  }
};

} // namespace dfp

#endif // DFP_REFERENCE_LIB_CONVINDEXING_H
