#include "dfp/ops/Pooling.h"

#include "Parallel.h"
#include "Vectorize.h"
#include "Windows.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

namespace dfp::ops {

namespace {

/// Tap (r, s) of the windows of one output row reads input row
/// rows[oh].first + r * dilationH and, for output column ow, input column
/// ow * strideW + columnOffset[s]; the columns ow for which that lies inside
/// the input are [columnBegin[s], columnEnd[s]).
struct PoolGeometry {
  int64_t height, width, outHeight, outWidth, kernelW, strideW, dilationH;
  std::vector<TapRange> rows, columns;
  int64_t dilationW;
  std::vector<int64_t> columnOffset, columnBegin, columnEnd;
  /// Input elements of each column's window (the rows' come from rows).
  std::vector<int64_t> columnTaps;

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
      columnTaps.push_back(taps.count());
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
    return float(rows[size_t(oh)].count() * columnTaps[size_t(ow)]);
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

/// One tap of the windows of an output row: for ow in [begin, end), the
/// input element at = rowStart + ow * stride + offset becomes the row's
/// maximum when it is the first element seen, greater than the maximum, or
/// NaN (which then stays: NaN propagates). Taps come in window order, so
/// ties keep the first maximum.
DFP_OPS_VECTORIZED void maxTap(const float *plane, int64_t rowStart,
                               int64_t stride, int64_t offset, int64_t begin,
                               int64_t end, float *best, int32_t *winner) {
  withStride(stride, [&](auto step) {
    for (int64_t ow = begin; ow < end; ++ow) {
      const int32_t at = int32_t(rowStart + ow * step + offset);
      const float value = plane[at], current = best[ow];
      // Bitwise, not short-circuit: branches would mispredict on data.
      const bool take = (winner[ow] < 0) | (value > current) |
                        ((value != value) & (current == current));
      best[ow] = take ? value : current;
      winner[ow] = take ? at : winner[ow];
    }
  });
}

/// max over the taps without NaN handling (vmaxps): for planes free of NaN.
DFP_OPS_VECTORIZED void maxValueTap(const float *plane, int64_t rowStart,
                                    int64_t stride, int64_t offset,
                                    int64_t begin, int64_t end, float *best) {
  withStride(stride, [&](auto step) {
    for (int64_t ow = begin; ow < end; ++ow) {
      const float value = plane[rowStart + ow * step + offset];
      best[ow] = value > best[ow] ? value : best[ow];
    }
  });
}

/// Routes each gradOut[ow] of output row `row` of a plane without NaN to
/// the first maximum of its window, windows in output order. The maximum
/// and its index stay in registers; the comparison feeds a vmaxss and a
/// conditional move, never a branch (which would mispredict on data).
DFP_OPS_VECTORIZED void routeRow(const float *in, int64_t width,
                                 const TapRange &row, int64_t dilationH,
                                 const TapRange *columns, int64_t dilationW,
                                 int64_t outWidth, const float *gradOut,
                                 float *gradIn) {
  for (int64_t ow = 0; ow < outWidth; ++ow) {
    const TapRange &col = columns[ow];
    float max = -std::numeric_limits<float>::infinity();
    int64_t winner = (row.first + row.begin * dilationH) * width + col.first +
                     col.begin * dilationW;
    for (int64_t r = row.begin; r < row.end; ++r) {
      const int64_t start = (row.first + r * dilationH) * width + col.first;
      for (int64_t s = col.begin; s < col.end; ++s) {
        const int64_t at = start + s * dilationW;
        const float value = in[at];
        winner = value > max ? at : winner;
        max = value > max ? value : max;
      }
    }
    gradIn[winner] += gradOut[ow];
  }
}

DFP_OPS_VECTORIZED bool containsNaN(const float *x, int64_t n) {
  bool found = false;
  for (int64_t i = 0; i < n; ++i)
    found |= x[i] != x[i];
  return found;
}

DFP_OPS_VECTORIZED void sumTap(const float *plane, int64_t rowStart,
                               int64_t stride, int64_t offset, int64_t begin,
                               int64_t end, float *sum) {
  withStride(stride, [&](auto step) {
    for (int64_t ow = begin; ow < end; ++ow)
      sum[ow] += plane[rowStart + ow * step + offset];
  });
}

DFP_OPS_VECTORIZED void spreadTap(const float *share, int64_t rowStart,
                                  int64_t stride, int64_t offset, int64_t begin,
                                  int64_t end, float *plane) {
  withStride(stride, [&](auto step) {
    for (int64_t ow = begin; ow < end; ++ow)
      plane[rowStart + ow * step + offset] += share[ow];
  });
}

/// Runs body(firstPlane, endPlane) over the N * C planes, split over
/// threads.
template <typename Body>
void forPlanes(const Pool2dShape &shape, const OpOptions &options, Body body) {
  const int64_t planeWork = shape.height * shape.width;
  parallelRanges(options, shape.batch * shape.channels,
                 std::max<int64_t>(1, kElementGrain / planeWork), body);
}

/// For every output row of a plane: the first maximum of each window (NaN
/// winning), as value and index in the plane, then done(oh, best, winner).
template <typename Done>
void forEachMaxRow(const PoolGeometry &g, const float *in, Done done) {
  std::vector<float> best(size_t(g.outWidth));
  std::vector<int32_t> winner(size_t(g.outWidth));
  for (int64_t oh = 0; oh < g.outHeight; ++oh) {
    std::fill(winner.begin(), winner.end(), -1);
    g.forEachTap(oh, [&](int64_t rowStart, int64_t s) {
      maxTap(in, rowStart, g.strideW, g.columnOffset[size_t(s)],
             g.columnBegin[size_t(s)], g.columnEnd[size_t(s)], best.data(),
             winner.data());
    });
    done(oh, best.data(), winner.data());
  }
}

/// The window maxima of output row oh of a plane without NaN.
void maxRow(const PoolGeometry &g, const float *in, int64_t oh, float *best) {
  std::fill(best, best + g.outWidth, -std::numeric_limits<float>::infinity());
  g.forEachTap(oh, [&](int64_t rowStart, int64_t s) {
    maxValueTap(in, rowStart, g.strideW, g.columnOffset[size_t(s)],
                g.columnBegin[size_t(s)], g.columnEnd[size_t(s)], best);
  });
}

} // namespace

// Planes holding NaN take the slower maxTap path, where NaN wins; the others
// need neither winners (forward) nor NaN tests (backward: the first tap equal
// to the maximum is the first maximum).
Status maxPool2d(const float *x, const Pool2dShape &shape, float *y,
                 const OpOptions &options) {
  if (Status status = shape.verify("max_pool2d"); !status)
    return status;
  const PoolGeometry g(shape);
  const int64_t inPlane = g.height * g.width;
  const int64_t outPlane = g.outHeight * g.outWidth;
  forPlanes(shape, options, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) {
      const float *in = x + plane * inPlane;
      float *out = y + plane * outPlane;
      if (!containsNaN(in, inPlane)) {
        for (int64_t oh = 0; oh < g.outHeight; ++oh)
          maxRow(g, in, oh, out + oh * g.outWidth);
        continue;
      }
      forEachMaxRow(g, in, [&](int64_t oh, const float *best, const int32_t *) {
        std::copy(best, best + g.outWidth, out + oh * g.outWidth);
      });
    }
  });
  return Status::success();
}

Status maxPool2dBackward(const float *dy, const float *x,
                         const Pool2dShape &shape, float *dx,
                         const OpOptions &options) {
  if (Status status = shape.verify("max_pool2d_backward"); !status)
    return status;
  const PoolGeometry g(shape);
  const int64_t inPlane = g.height * g.width;
  const int64_t outPlane = g.outHeight * g.outWidth;
  forPlanes(shape, options, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) {
      const float *in = x + plane * inPlane;
      const float *gradOut = dy + plane * outPlane;
      float *gradIn = dx + plane * inPlane;
      // Zeroed plane by plane, so that it is still in cache when written.
      std::fill_n(gradIn, inPlane, 0.0f);
      if (containsNaN(in, inPlane)) {
        forEachMaxRow(g, in,
                      [&](int64_t oh, const float *, const int32_t *winner) {
                        for (int64_t ow = 0; ow < g.outWidth; ++ow)
                          gradIn[winner[ow]] += gradOut[oh * g.outWidth + ow];
                      });
        continue;
      }
      for (int64_t oh = 0; oh < g.outHeight; ++oh) {
        routeRow(in, g.width, g.rows[size_t(oh)], g.dilationH, g.columns.data(),
                 g.dilationW, g.outWidth, gradOut + oh * g.outWidth, gradIn);
      }
    }
  });
  return Status::success();
}

Status avgPool2d(const float *x, const Pool2dShape &shape, bool countIncludePad,
                 float *y, const OpOptions &options) {
  if (Status status = shape.verify("avg_pool2d"); !status)
    return status;
  const PoolGeometry g(shape);
  const int64_t kernelTaps = shape.kernel[0] * shape.kernel[1];
  forPlanes(shape, options, [&](int64_t begin, int64_t end) {
    std::vector<float> sum(size_t(g.outWidth));
    for (int64_t plane = begin; plane < end; ++plane) {
      const float *in = x + plane * g.height * g.width;
      for (int64_t oh = 0; oh < g.outHeight; ++oh) {
        std::fill(sum.begin(), sum.end(), 0.0f);
        g.forEachTap(oh, [&](int64_t rowStart, int64_t s) {
          sumTap(in, rowStart, g.strideW, g.columnOffset[size_t(s)],
                 g.columnBegin[size_t(s)], g.columnEnd[size_t(s)], sum.data());
        });
        float *out = y + (plane * g.outHeight + oh) * g.outWidth;
        for (int64_t ow = 0; ow < g.outWidth; ++ow)
          out[ow] =
              sum[size_t(ow)] / g.divisor(oh, ow, kernelTaps, countIncludePad);
      }
    }
  });
  return Status::success();
}

Status avgPool2dBackward(const float *dy, const Pool2dShape &shape,
                         bool countIncludePad, float *dx,
                         const OpOptions &options) {
  if (Status status = shape.verify("avg_pool2d_backward"); !status)
    return status;
  const PoolGeometry g(shape);
  const int64_t inPlane = g.height * g.width;
  const int64_t kernelTaps = shape.kernel[0] * shape.kernel[1];
  forPlanes(shape, options, [&](int64_t begin, int64_t end) {
    std::vector<float> share(size_t(g.outWidth));
    for (int64_t plane = begin; plane < end; ++plane) {
      float *gradIn = dx + plane * inPlane;
      std::fill_n(gradIn, inPlane, 0.0f);
      for (int64_t oh = 0; oh < g.outHeight; ++oh) {
        const float *gradOut = dy + (plane * g.outHeight + oh) * g.outWidth;
        for (int64_t ow = 0; ow < g.outWidth; ++ow)
          share[size_t(ow)] =
              gradOut[ow] / g.divisor(oh, ow, kernelTaps, countIncludePad);
        g.forEachTap(oh, [&](int64_t rowStart, int64_t s) {
          spreadTap(share.data(), rowStart, g.strideW,
                    g.columnOffset[size_t(s)], g.columnBegin[size_t(s)],
                    g.columnEnd[size_t(s)], gradIn);
        });
      }
    }
  });
  return Status::success();
}

namespace {

Status verifyPlanes(const char *op, const PlaneShape &shape) {
  if (shape.planes <= 0 || shape.planeSize <= 0)
    return Status::error(std::string(op) + ": " + std::to_string(shape.planes) +
                         " planes of " + std::to_string(shape.planeSize) +
                         " elements, both must be positive");
  return Status::success();
}

DFP_OPS_VECTORIZED void fillRange(float value, float *y, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    y[i] = value;
}

} // namespace

Status globalAvgPool(const float *x, const PlaneShape &shape, float *y,
                     const OpOptions &options) {
  if (Status status = verifyPlanes("global_avg_pool", shape); !status)
    return status;
  parallelRanges(options, shape.planes,
                 std::max<int64_t>(1, kElementGrain / shape.planeSize),
                 [&](int64_t begin, int64_t end) {
                   for (int64_t p = begin; p < end; ++p)
                     y[p] = float(
                         laneSum(x + p * shape.planeSize, shape.planeSize) /
                         double(shape.planeSize));
                 });
  return Status::success();
}

Status globalAvgPoolBackward(const float *dy, const PlaneShape &shape,
                             float *dx, const OpOptions &options) {
  if (Status status = verifyPlanes("global_avg_pool_backward", shape); !status)
    return status;
  parallelRanges(options, shape.planes,
                 std::max<int64_t>(1, kElementGrain / shape.planeSize),
                 [&](int64_t begin, int64_t end) {
                   for (int64_t p = begin; p < end; ++p)
                     fillRange(float(double(dy[p]) / double(shape.planeSize)),
                               dx + p * shape.planeSize, shape.planeSize);
                 });
  return Status::success();
}

} // namespace dfp::ops
