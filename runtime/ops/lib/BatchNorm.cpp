#include "dfp/ops/BatchNorm.h"

#include "Parallel.h"
#include "Vectorize.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace dfp::ops {

namespace {

/// y = x * a + b over n elements.
DFP_OPS_VECTORIZED_WIDE void affineRange(const float *x, float a, float b,
                                         float *y, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    y[i] = x[i] * a + b;
}

/// dx = k * (dy - meanDy - (x - mean) * rstd * meanDyXhat).
DFP_OPS_VECTORIZED_WIDE void batchNormGradRange(const float *dy, const float *x,
                                                float mean, float rstd, float k,
                                                float meanDy, float meanDyXhat,
                                                float *dx, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float xhat = (x[i] - mean) * rstd;
    dx[i] = k * (dy[i] - meanDy - xhat * meanDyXhat);
  }
}

/// affineRange then relu as dfp::ops::relu computes it (NaN stays NaN), in
/// one pass.
DFP_OPS_VECTORIZED_WIDE void affineReluRange(const float *x, float a, float b,
                                             float *y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i] * a + b;
    y[i] = v < 0.0f ? 0.0f : v;
  }
}

/// y[0, n) of affineRange, with relu when asked.
void affineSlice(const float *x, float a, float b, float *y, int64_t n,
                 bool relu) {
  if (relu)
    affineReluRange(x, a, b, y, n);
  else
    affineRange(x, a, b, y, n);
}

/// batchNormGradRange of dy masked by relu's backward (dy where
/// activation > 0, else 0, as dfp::ops::reluBackward).
DFP_OPS_VECTORIZED_WIDE void
maskedBatchNormGradRange(const float *dy, const float *activation,
                         const float *x, float mean, float rstd, float k,
                         float meanDy, float meanDyXhat, float *dx, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float g = activation[i] > 0.0f ? dy[i] : 0.0f;
    const float xhat = (x[i] - mean) * rstd;
    dx[i] = k * (g - meanDy - xhat * meanDyXhat);
  }
}

/// The channel slices of a [outer, channels, inner] tensor.
struct ChannelSlices {
  const ChannelShape &shape;
  int64_t offset(int64_t n, int64_t c) const {
    return (n * shape.channels + c) * shape.inner;
  }
  /// sum over n of term(pointer offset of slice (n, c)).
  template <typename Term> double sum(int64_t c, Term term) const {
    double total = 0.0;
    for (int64_t n = 0; n < shape.outer; ++n)
      total += term(offset(n, c));
    return total;
  }
  /// Prefetches slice (n + 1, c) of `data`, if any.
  void prefetchNext(const float *data, int64_t n, int64_t c) const {
    if (n + 1 < shape.outer)
      prefetch(data + offset(n + 1, c), shape.inner);
  }
};

/// Runs body(c) for every channel, channels split over threads: each
/// channel's reductions run on one thread in a fixed order.
template <typename Body>
void forEachChannel(const ChannelShape &shape, const OpOptions &options,
                    Body body) {
  parallelRanges(options, shape.channels,
                 std::max<int64_t>(1, kElementGrain / shape.perChannel()),
                 [&](int64_t begin, int64_t end) {
                   for (int64_t c = begin; c < end; ++c)
                     body(c);
                 });
}

Status verifyEpsilon(const char *op, float epsilon) {
  if (epsilon >= 0.0f && std::isfinite(epsilon))
    return Status::success();
  return Status::error(std::string(op) + ": epsilon " +
                       std::to_string(epsilon) +
                       " must be finite and non-negative");
}

Status verifyBatchNorm(const char *op, const ChannelShape &shape,
                       float epsilon) {
  if (Status status = shape.verify(op); !status)
    return status;
  return verifyEpsilon(op, epsilon);
}

double reciprocalStd(double var, float epsilon) {
  return 1.0 / std::sqrt(var + double(epsilon));
}

} // namespace

namespace {

Status batchNormTrainingImpl(const float *x, const float *scale,
                             const float *bias, const ChannelShape &shape,
                             float epsilon, float *y, float *batchMean,
                             float *batchVar, const OpOptions &options,
                             bool relu) {
  if (Status status = verifyBatchNorm("batch_norm", shape, epsilon); !status)
    return status;
  const ChannelSlices slices{shape};
  const double count = double(shape.perChannel());
  forEachChannel(shape, options, [&](int64_t c) {
    double sum = 0.0;
    for (int64_t n = 0; n < shape.outer; ++n) {
      slices.prefetchNext(x, n, c);
      sum += laneSum(x + slices.offset(n, c), shape.inner);
    }
    const double mean = sum / count;
    const float meanF = float(mean);
    // Deviations from the rounded mean m, corrected exactly for its rounding:
    // sum (x - m)^2 = sum (x - mean)^2 + count * (mean - m)^2.
    const double deviation = slices.sum(c, [&](int64_t offset) {
      return laneSquaredDeviation(x + offset, meanF, shape.inner);
    });
    const double shift = mean - double(meanF);
    const double var = std::max(0.0, deviation / count - shift * shift);
    batchMean[c] = meanF;
    batchVar[c] = float(var);
    const double a = double(scale[c]) * reciprocalStd(var, epsilon);
    const float b = float(double(bias[c]) - mean * a);
    for (int64_t n = 0; n < shape.outer; ++n)
      affineSlice(x + slices.offset(n, c), float(a), b, y + slices.offset(n, c),
                  shape.inner, relu);
  });
  return Status::success();
}

Status batchNormInferenceImpl(const float *x, const float *scale,
                              const float *bias, const float *runningMean,
                              const float *runningVar,
                              const ChannelShape &shape, float epsilon,
                              float *y, const OpOptions &options, bool relu) {
  if (Status status = verifyBatchNorm("batch_norm_inference", shape, epsilon);
      !status)
    return status;
  for (int64_t c = 0; c < shape.channels; ++c)
    if (!(runningVar[c] + epsilon > 0.0f))
      return Status::error("batch_norm_inference: running variance " +
                           std::to_string(runningVar[c]) + " of channel " +
                           std::to_string(c) + " plus epsilon is not positive");
  const ChannelSlices slices{shape};
  forEachChannel(shape, options, [&](int64_t c) {
    const double a =
        double(scale[c]) * reciprocalStd(double(runningVar[c]), epsilon);
    const float b = float(double(bias[c]) - double(runningMean[c]) * a);
    for (int64_t n = 0; n < shape.outer; ++n)
      affineSlice(x + slices.offset(n, c), float(a), b, y + slices.offset(n, c),
                  shape.inner, relu);
  });
  return Status::success();
}

/// With `activation`, dy is masked by relu's backward as it is read (the
/// masked tensor is never stored).
Status batchNormBackwardImpl(const float *dy, const float *activation,
                             const float *x, const float *scale,
                             const float *batchMean, const float *batchVar,
                             const ChannelShape &shape, float epsilon,
                             float *dx, float *gradScale, float *gradBias,
                             const OpOptions &options) {
  if (Status status = verifyBatchNorm("batch_norm_backward", shape, epsilon);
      !status)
    return status;
  const ChannelSlices slices{shape};
  const double count = double(shape.perChannel());
  forEachChannel(shape, options, [&](int64_t c) {
    const float mean = batchMean[c];
    const double rstd = reciprocalStd(double(batchVar[c]), epsilon);
    double sumDy = 0.0, sumDyCentered = 0.0;
    for (int64_t n = 0; n < shape.outer; ++n) {
      slices.prefetchNext(dy, n, c);
      slices.prefetchNext(x, n, c);
      const int64_t offset = slices.offset(n, c);
      if (activation)
        slices.prefetchNext(activation, n, c);
      const std::array<double, 2> sums =
          activation
              ? laneMaskedSumAndCenteredDot(dy + offset, activation + offset,
                                            x + offset, mean, shape.inner)
              : laneSumAndCenteredDot(dy + offset, x + offset, mean,
                                      shape.inner);
      sumDy += sums[0];
      sumDyCentered += sums[1];
    }
    const double sumDyXhat = sumDyCentered * rstd;
    gradBias[c] = float(sumDy);
    gradScale[c] = float(sumDyXhat);
    const float k = float(double(scale[c]) * rstd);
    for (int64_t n = 0; n < shape.outer; ++n) {
      const int64_t offset = slices.offset(n, c);
      if (activation)
        maskedBatchNormGradRange(dy + offset, activation + offset, x + offset,
                                 mean, float(rstd), k, float(sumDy / count),
                                 float(sumDyXhat / count), dx + offset,
                                 shape.inner);
      else
        batchNormGradRange(dy + offset, x + offset, mean, float(rstd), k,
                           float(sumDy / count), float(sumDyXhat / count),
                           dx + offset, shape.inner);
    }
  });
  return Status::success();
}

} // namespace

Status batchNormTraining(const float *x, const float *scale, const float *bias,
                         const ChannelShape &shape, float epsilon, float *y,
                         float *batchMean, float *batchVar,
                         const OpOptions &options) {
  return batchNormTrainingImpl(x, scale, bias, shape, epsilon, y, batchMean,
                               batchVar, options, /*relu=*/false);
}

Status batchNormTrainingRelu(const float *x, const float *scale,
                             const float *bias, const ChannelShape &shape,
                             float epsilon, float *y, float *batchMean,
                             float *batchVar, const OpOptions &options) {
  return batchNormTrainingImpl(x, scale, bias, shape, epsilon, y, batchMean,
                               batchVar, options, /*relu=*/true);
}

Status batchNormInference(const float *x, const float *scale, const float *bias,
                          const float *runningMean, const float *runningVar,
                          const ChannelShape &shape, float epsilon, float *y,
                          const OpOptions &options) {
  return batchNormInferenceImpl(x, scale, bias, runningMean, runningVar, shape,
                                epsilon, y, options, /*relu=*/false);
}

Status batchNormInferenceRelu(const float *x, const float *scale,
                              const float *bias, const float *runningMean,
                              const float *runningVar,
                              const ChannelShape &shape, float epsilon,
                              float *y, const OpOptions &options) {
  return batchNormInferenceImpl(x, scale, bias, runningMean, runningVar, shape,
                                epsilon, y, options, /*relu=*/true);
}

Status batchNormBackward(const float *dy, const float *x, const float *scale,
                         const float *batchMean, const float *batchVar,
                         const ChannelShape &shape, float epsilon, float *dx,
                         float *gradScale, float *gradBias,
                         const OpOptions &options) {
  return batchNormBackwardImpl(dy, nullptr, x, scale, batchMean, batchVar,
                               shape, epsilon, dx, gradScale, gradBias,
                               options);
}

Status reluBatchNormBackward(const float *dy, const float *activation,
                             const float *x, const float *scale,
                             const float *batchMean, const float *batchVar,
                             const ChannelShape &shape, float epsilon,
                             float *dx, float *gradScale, float *gradBias,
                             const OpOptions &options) {
  return batchNormBackwardImpl(dy, activation, x, scale, batchMean, batchVar,
                               shape, epsilon, dx, gradScale, gradBias,
                               options);
}

Status updateRunningStatistics(float *runningMean, float *runningVar,
                               const float *batchMean, const float *batchVar,
                               int64_t channels, int64_t perChannel,
                               float momentum) {
  if (perChannel < 2)
    return Status::error("batch_norm running statistics: the unbiased variance "
                         "needs at least 2 values per channel, got " +
                         std::to_string(perChannel));
  if (!(momentum >= 0.0f && momentum <= 1.0f))
    return Status::error("batch_norm running statistics: momentum " +
                         std::to_string(momentum) + " must lie in [0, 1]");
  const double m = momentum;
  const double bessel = double(perChannel) / double(perChannel - 1);
  for (int64_t c = 0; c < channels; ++c) {
    runningMean[c] =
        float((1.0 - m) * double(runningMean[c]) + m * double(batchMean[c]));
    runningVar[c] = float((1.0 - m) * double(runningVar[c]) +
                          m * double(batchVar[c]) * bessel);
  }
  return Status::success();
}

} // namespace dfp::ops
