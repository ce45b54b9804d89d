#ifndef DFP_OPS_SHAPES_H
#define DFP_OPS_SHAPES_H

#include "dfp/reference/Status.h"

#include <array>
#include <cstdint>
#include <vector>

namespace dfp::ops {

/// Execution settings shared by every kernel. Results never depend on
/// `threads`: work is split so that each output element (and each
/// per-channel reduction) is computed by one thread in a fixed order.
struct OpOptions {
  int threads = 1;
};

/// A row-major [N, C, d2, d3, ...] tensor viewed as [outer, channels, inner]
/// with outer = N and inner = d2 * d3 * ... (1 for rank 2), the view of
/// bias_add and batch_norm, which work along axis 1.
struct ChannelShape {
  int64_t outer = 1, channels = 1, inner = 1;

  /// Builds the view of a tensor of rank >= 2 with positive dimensions; an
  /// element count beyond int64 is an error too.
  static Status fromDims(const std::vector<int64_t> &dims, ChannelShape &shape);

  int64_t elements() const { return outer * channels * inner; }
  /// Elements of one channel: the count the statistics average over.
  int64_t perChannel() const { return outer * inner; }
  Status verify(const char *op) const;
};

/// A 2-D pooling window over an NCHW input: `padding` is {top, left, bottom,
/// right}, the output extent floor((in + pads - dilation * (kernel - 1) - 1)
/// / stride) + 1 as in conv2d. Every window must hold at least one input
/// element; the dialect guarantees it with padding smaller than the kernel
/// (dilations are 1 there; they follow ONNX MaxPool here).
struct Pool2dShape {
  int64_t batch = 1, channels = 1, height = 1, width = 1;
  std::array<int64_t, 2> kernel{1, 1};
  std::array<int64_t, 2> strides{1, 1};
  std::array<int64_t, 4> padding{0, 0, 0, 0};
  std::array<int64_t, 2> dilations{1, 1};

  int64_t outHeight() const;
  int64_t outWidth() const;
  int64_t inputElements() const { return batch * channels * height * width; }
  int64_t outputElements() const {
    return batch * channels * outHeight() * outWidth();
  }
  /// Errors name `op`: non-positive sizes, strides or dilations, negative
  /// padding, padding not smaller than the kernel, a window that does not
  /// fit, a window reading only padding, a plane (H * W) of 2^31 or more
  /// elements.
  Status verify(const char *op) const;
};

} // namespace dfp::ops

#endif // DFP_OPS_SHAPES_H
