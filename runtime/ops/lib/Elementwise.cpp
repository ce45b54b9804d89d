#include "dfp/ops/Elementwise.h"

#include "Parallel.h"
#include "Vectorize.h"

#include <algorithm>

namespace dfp::ops {

namespace {

DFP_OPS_VECTORIZED void reluRange(const float *x, float *y, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    y[i] = x[i] < 0.0f ? 0.0f : x[i];
}

DFP_OPS_VECTORIZED void reluBackwardRange(const float *dy, const float *x,
                                          float *dx, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

DFP_OPS_VECTORIZED void addRange(const float *a, const float *b, float *y,
                                 int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    y[i] = a[i] + b[i];
}

DFP_OPS_VECTORIZED void addScalarRange(const float *x, float value, float *y,
                                       int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    y[i] = x[i] + value;
}

/// gradBias[c] += dy[n, c] for rows [0, rows) of a [rows, channels] tensor
/// (inner == 1), channels [begin, end), in FP64.
DFP_OPS_VECTORIZED void accumulateRows(const float *dy, int64_t rows,
                                       int64_t channels, int64_t begin,
                                       int64_t end, double *sums) {
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t c = begin; c < end; ++c)
      sums[c] += dy[row * channels + c];
}

} // namespace

void relu(const float *x, int64_t count, float *y, const OpOptions &options) {
  parallelRanges(options, count, kElementGrain,
                 [&](int64_t begin, int64_t end) {
                   reluRange(x + begin, y + begin, end - begin);
                 });
}

void reluBackward(const float *dy, const float *x, int64_t count, float *dx,
                  const OpOptions &options) {
  parallelRanges(
      options, count, kElementGrain, [&](int64_t begin, int64_t end) {
        reluBackwardRange(dy + begin, x + begin, dx + begin, end - begin);
      });
}

void add(const float *a, const float *b, int64_t count, float *y,
         const OpOptions &options) {
  parallelRanges(options, count, kElementGrain,
                 [&](int64_t begin, int64_t end) {
                   addRange(a + begin, b + begin, y + begin, end - begin);
                 });
}

Status biasAdd(const float *x, const float *bias, const ChannelShape &shape,
               float *y, const OpOptions &options) {
  if (Status status = shape.verify("bias_add"); !status)
    return status;
  const int64_t rows = shape.outer * shape.channels;
  if (shape.inner == 1) {
    parallelRanges(options, shape.outer, kElementGrain / shape.channels + 1,
                   [&](int64_t begin, int64_t end) {
                     for (int64_t n = begin; n < end; ++n)
                       addRange(x + n * shape.channels, bias,
                                y + n * shape.channels, shape.channels);
                   });
    return Status::success();
  }
  parallelRanges(options, rows, kElementGrain / shape.inner + 1,
                 [&](int64_t begin, int64_t end) {
                   for (int64_t row = begin; row < end; ++row) {
                     const int64_t offset = row * shape.inner;
                     addScalarRange(x + offset, bias[row % shape.channels],
                                    y + offset, shape.inner);
                   }
                 });
  return Status::success();
}

Status biasAddBackward(const float *dy, const ChannelShape &shape,
                       float *gradBias, const OpOptions &options) {
  if (Status status = shape.verify("bias_add_backward"); !status)
    return status;
  const int64_t grain =
      std::max<int64_t>(1, kElementGrain / shape.perChannel());
  if (shape.inner == 1) {
    std::vector<double> sums(size_t(shape.channels), 0.0);
    parallelRanges(options, shape.channels, grain,
                   [&](int64_t begin, int64_t end) {
                     accumulateRows(dy, shape.outer, shape.channels, begin, end,
                                    sums.data());
                   });
    for (int64_t c = 0; c < shape.channels; ++c)
      gradBias[c] = float(sums[size_t(c)]);
    return Status::success();
  }
  parallelRanges(
      options, shape.channels, grain, [&](int64_t begin, int64_t end) {
        for (int64_t c = begin; c < end; ++c) {
          double sum = 0.0;
          for (int64_t n = 0; n < shape.outer; ++n)
            sum += laneSum(dy + (n * shape.channels + c) * shape.inner,
                           shape.inner);
          gradBias[c] = float(sum);
        }
      });
  return Status::success();
}

} // namespace dfp::ops
