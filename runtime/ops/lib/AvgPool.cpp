#include "dfp/ops/Pooling.h"

#include "PoolGeometry.h"
#include "Vectorize.h"

#include <string>

namespace dfp::ops {

namespace {

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

} // namespace

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
