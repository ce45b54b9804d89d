#ifndef DFP_OPS_LIB_POOLGEOMETRY_H
#define DFP_OPS_LIB_POOLGEOMETRY_H

#include "Parallel.h"
#include "Windows.h"

#include <algorithm>
#include <type_traits>
#include <vector>

namespace dfp::ops {

/// The windows of output row oh cover taps rows[oh] along the height; those
/// of output column ow cover taps columns[ow] along the width. Tap (r, s)
/// of output row oh reads input row rows[oh].first + r * dilationH and, for
/// output column ow, input column ow * strideW + columnOffset[s]; the
/// columns ow for which that lies inside the input are [columnBegin[s],
/// columnEnd[s]).
struct PoolGeometry {
  int64_t height, width, outHeight, outWidth, kernelW, strideW, dilationH,
      dilationW;
  std::vector<TapRange> rows, columns;
  std::vector<int64_t> columnOffset, columnBegin, columnEnd;

  explicit PoolGeometry(const Pool2dShape &shape)
      : height(shape.height), width(shape.width), outHeight(shape.outHeight()),
        outWidth(shape.outWidth()), kernelW(shape.kernel[1]),
        strideW(shape.strides[1]), dilationH(shape.dilations[0]),
        dilationW(shape.dilations[1]), columnOffset(size_t(kernelW)),
        columnBegin(size_t(kernelW), outWidth), columnEnd(size_t(kernelW), 0) {
    const WindowAxis h = heightAxis(shape), w = widthAxis(shape);
    for (int64_t oh = 0; oh < outHeight; ++oh)
      rows.push_back(h.taps(oh));
    for (int64_t s = 0; s < kernelW; ++s)
      columnOffset[size_t(s)] = s * shape.dilations[1] - shape.padding[1];
    // Window starts grow with ow, so each tap's columns are contiguous.
    for (int64_t ow = 0; ow < outWidth; ++ow) {
      const TapRange taps = w.taps(ow);
      columns.push_back(taps);
      for (int64_t s = taps.begin; s < taps.end; ++s) {
        columnBegin[size_t(s)] = std::min(columnBegin[size_t(s)], ow);
        columnEnd[size_t(s)] = ow + 1;
      }
    }
  }

  /// Calls visit(inputRow, s) for the taps of output row oh in window order
  /// (row by row), inputRow the offset of the input row in the plane.
  template <typename Visit> void forEachTap(int64_t oh, Visit visit) const {
    const TapRange &row = rows[size_t(oh)];
    for (int64_t r = row.begin; r < row.end; ++r)
      for (int64_t s = 0; s < kernelW; ++s)
        if (columnBegin[size_t(s)] < columnEnd[size_t(s)])
          visit((row.first + r * dilationH) * width, s);
  }

  float divisor(int64_t oh, int64_t ow, int64_t kernelTaps,
                bool countIncludePad) const {
    if (countIncludePad)
      return float(kernelTaps);
    return float(rows[size_t(oh)].count() * columns[size_t(ow)].count());
  }
};

/// Calls body(std::integral_constant<int64_t, S>) for stride 1 and 2 (the
/// common pooling strides, whose loops the compiler vectorises) and
/// body(stride) otherwise.
template <typename Body>
inline __attribute__((always_inline)) void withStride(int64_t stride,
                                                      Body body) {
  if (stride == 1)
    body(std::integral_constant<int64_t, 1>());
  else if (stride == 2)
    body(std::integral_constant<int64_t, 2>());
  else
    body(stride);
}

/// Runs body(firstPlane, endPlane) over the N * C planes, split over
/// threads.
template <typename Body>
void forPlanes(const Pool2dShape &shape, const OpOptions &options, Body body) {
  const int64_t planeWork = shape.height * shape.width;
  parallelRanges(options, shape.batch * shape.channels,
                 std::max<int64_t>(1, kElementGrain / planeWork), body);
}

} // namespace dfp::ops

#endif // DFP_OPS_LIB_POOLGEOMETRY_H
