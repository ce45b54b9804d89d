#include "dfp/ops/Pooling.h"

#include "Parallel.h"
#include "Vectorize.h"
#include "Windows.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace dfp::ops {

namespace {

/// The windows of one pooling: per-axis tap ranges computed once.
struct PoolGeometry {
  int64_t height, width, outHeight, outWidth;
  int64_t dilationH, dilationW;
  std::vector<TapRange> rows, cols;

  explicit PoolGeometry(const Pool2dShape &shape)
      : height(shape.height), width(shape.width), outHeight(shape.outHeight()),
        outWidth(shape.outWidth()), dilationH(shape.dilations[0]),
        dilationW(shape.dilations[1]) {
    const WindowAxis h = heightAxis(shape), w = widthAxis(shape);
    for (int64_t oh = 0; oh < outHeight; ++oh)
      rows.push_back(h.taps(oh));
    for (int64_t ow = 0; ow < outWidth; ++ow)
      cols.push_back(w.taps(ow));
  }

  int64_t inputIndex(const TapRange &row, int64_t r, const TapRange &col,
                     int64_t s) const {
    return (row.first + r * dilationH) * width + col.first + s * dilationW;
  }

  /// Index in the plane of the first maximum of window (oh, ow); NaN wins
  /// over numbers so that it propagates.
  int64_t argmax(const float *plane, int64_t oh, int64_t ow) const {
    const TapRange &row = rows[size_t(oh)], &col = cols[size_t(ow)];
    int64_t best = inputIndex(row, row.begin, col, col.begin);
    for (int64_t r = row.begin; r < row.end; ++r)
      for (int64_t s = col.begin; s < col.end; ++s) {
        const int64_t index = inputIndex(row, r, col, s);
        const float value = plane[index], winner = plane[best];
        if (value > winner || (std::isnan(value) && !std::isnan(winner)))
          best = index;
      }
    return best;
  }

  float divisor(int64_t oh, int64_t ow, int64_t kernelTaps,
                bool countIncludePad) const {
    if (countIncludePad)
      return float(kernelTaps);
    return float(rows[size_t(oh)].count() * cols[size_t(ow)].count());
  }
};

/// Runs body(plane) for the N * C planes, split over threads.
template <typename Body>
void forEachPlane(const Pool2dShape &shape, const OpOptions &options,
                  Body body) {
  const int64_t planeWork = shape.height * shape.width;
  parallelRanges(options, shape.batch * shape.channels,
                 std::max<int64_t>(1, kElementGrain / planeWork),
                 [&](int64_t begin, int64_t end) {
                   for (int64_t plane = begin; plane < end; ++plane)
                     body(plane);
                 });
}

} // namespace

Status maxPool2d(const float *x, const Pool2dShape &shape, float *y,
                 const OpOptions &options) {
  if (Status status = shape.verify("max_pool2d"); !status)
    return status;
  const PoolGeometry geometry(shape);
  const int64_t inPlane = shape.height * shape.width;
  const int64_t outPlane = geometry.outHeight * geometry.outWidth;
  forEachPlane(shape, options, [&](int64_t plane) {
    const float *in = x + plane * inPlane;
    float *out = y + plane * outPlane;
    for (int64_t oh = 0; oh < geometry.outHeight; ++oh)
      for (int64_t ow = 0; ow < geometry.outWidth; ++ow)
        out[oh * geometry.outWidth + ow] = in[geometry.argmax(in, oh, ow)];
  });
  return Status::success();
}

Status maxPool2dBackward(const float *dy, const float *x,
                         const Pool2dShape &shape, float *dx,
                         const OpOptions &options) {
  if (Status status = shape.verify("max_pool2d_backward"); !status)
    return status;
  const PoolGeometry geometry(shape);
  const int64_t inPlane = shape.height * shape.width;
  const int64_t outPlane = geometry.outHeight * geometry.outWidth;
  forEachPlane(shape, options, [&](int64_t plane) {
    const float *in = x + plane * inPlane;
    const float *gradOut = dy + plane * outPlane;
    float *gradIn = dx + plane * inPlane;
    std::fill(gradIn, gradIn + inPlane, 0.0f);
    for (int64_t oh = 0; oh < geometry.outHeight; ++oh)
      for (int64_t ow = 0; ow < geometry.outWidth; ++ow)
        gradIn[geometry.argmax(in, oh, ow)] +=
            gradOut[oh * geometry.outWidth + ow];
  });
  return Status::success();
}

Status avgPool2d(const float *x, const Pool2dShape &shape, bool countIncludePad,
                 float *y, const OpOptions &options) {
  if (Status status = shape.verify("avg_pool2d"); !status)
    return status;
  const PoolGeometry geometry(shape);
  const int64_t inPlane = shape.height * shape.width;
  const int64_t outPlane = geometry.outHeight * geometry.outWidth;
  const int64_t kernelTaps = shape.kernel[0] * shape.kernel[1];
  forEachPlane(shape, options, [&](int64_t plane) {
    const float *in = x + plane * inPlane;
    float *out = y + plane * outPlane;
    for (int64_t oh = 0; oh < geometry.outHeight; ++oh)
      for (int64_t ow = 0; ow < geometry.outWidth; ++ow) {
        const TapRange &row = geometry.rows[size_t(oh)];
        const TapRange &col = geometry.cols[size_t(ow)];
        float sum = 0.0f;
        for (int64_t r = row.begin; r < row.end; ++r)
          for (int64_t s = col.begin; s < col.end; ++s)
            sum += in[geometry.inputIndex(row, r, col, s)];
        out[oh * geometry.outWidth + ow] =
            sum / geometry.divisor(oh, ow, kernelTaps, countIncludePad);
      }
  });
  return Status::success();
}

Status avgPool2dBackward(const float *dy, const Pool2dShape &shape,
                         bool countIncludePad, float *dx,
                         const OpOptions &options) {
  if (Status status = shape.verify("avg_pool2d_backward"); !status)
    return status;
  const PoolGeometry geometry(shape);
  const int64_t inPlane = shape.height * shape.width;
  const int64_t outPlane = geometry.outHeight * geometry.outWidth;
  const int64_t kernelTaps = shape.kernel[0] * shape.kernel[1];
  forEachPlane(shape, options, [&](int64_t plane) {
    const float *gradOut = dy + plane * outPlane;
    float *gradIn = dx + plane * inPlane;
    std::fill(gradIn, gradIn + inPlane, 0.0f);
    for (int64_t oh = 0; oh < geometry.outHeight; ++oh)
      for (int64_t ow = 0; ow < geometry.outWidth; ++ow) {
        const TapRange &row = geometry.rows[size_t(oh)];
        const TapRange &col = geometry.cols[size_t(ow)];
        const float share =
            gradOut[oh * geometry.outWidth + ow] /
            geometry.divisor(oh, ow, kernelTaps, countIncludePad);
        for (int64_t r = row.begin; r < row.end; ++r)
          for (int64_t s = col.begin; s < col.end; ++s)
            gradIn[geometry.inputIndex(row, r, col, s)] += share;
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
