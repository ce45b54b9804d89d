#ifndef DFP_OPS_LIB_WINDOWS_H
#define DFP_OPS_LIB_WINDOWS_H

#include "dfp/ops/Shapes.h"

#include <algorithm>

namespace dfp::ops {

/// floor((in + pads - dilation * (kernel - 1) - 1) / stride) + 1, or 0 when
/// the dilated kernel does not fit.
inline int64_t windowCount(int64_t in, int64_t padBefore, int64_t padAfter,
                           int64_t kernel, int64_t stride, int64_t dilation) {
  const int64_t span = in + padBefore + padAfter - dilation * (kernel - 1) - 1;
  if (span < 0 || stride <= 0)
    return 0;
  return span / stride + 1;
}

/// Taps [begin, end) of a window that fall inside the input; the input
/// index of tap t is `first + t * dilation`.
struct TapRange {
  int64_t begin = 0, end = 0, first = 0;
  bool empty() const { return begin >= end; }
  int64_t count() const { return std::max<int64_t>(0, end - begin); }
};

/// The pooling window along one spatial axis.
struct WindowAxis {
  const char *name;
  int64_t extent, windows, kernel, stride, padBefore, dilation;

  TapRange taps(int64_t window) const {
    const int64_t first = window * stride - padBefore;
    TapRange range;
    range.first = first;
    // Smallest t with first + t * dilation >= 0.
    range.begin = first >= 0 ? 0 : (-first + dilation - 1) / dilation;
    // One past the largest t with first + t * dilation < extent.
    range.end = first >= extent ? 0 : (extent - 1 - first) / dilation + 1;
    range.end = std::min(range.end, kernel);
    return range;
  }
};

inline WindowAxis heightAxis(const Pool2dShape &s) {
  return {"height",     s.height,     s.outHeight(), s.kernel[0],
          s.strides[0], s.padding[0], s.dilations[0]};
}

inline WindowAxis widthAxis(const Pool2dShape &s) {
  return {"width",      s.width,      s.outWidth(),  s.kernel[1],
          s.strides[1], s.padding[1], s.dilations[1]};
}

} // namespace dfp::ops

#endif // DFP_OPS_LIB_WINDOWS_H
