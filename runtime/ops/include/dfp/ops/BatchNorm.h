#ifndef DFP_OPS_BATCHNORM_H
#define DFP_OPS_BATCHNORM_H

#include "dfp/ops/Shapes.h"

namespace dfp::ops {

/// Batch normalization over [N, C, ...] along axis 1; every per-channel
/// array holds `channels` floats. Statistics are summed per channel in FP64
/// in a fixed order (whatever the thread count) and rounded once.

/// Training mode: mean and biased variance of each channel over the batch
/// (N and every axis past 1), y = (x - mean) / sqrt(var + epsilon) * scale
/// + bias. y may alias x.
Status batchNormTraining(const float *x, const float *scale, const float *bias,
                         const ChannelShape &shape, float epsilon, float *y,
                         float *batchMean, float *batchVar,
                         const OpOptions &options = {});

/// Inference mode: the same normalization with the running statistics. y
/// may alias x.
Status batchNormInference(const float *x, const float *scale, const float *bias,
                          const float *runningMean, const float *runningVar,
                          const ChannelShape &shape, float epsilon, float *y,
                          const OpOptions &options = {});

/// Gradients of batchNormTraining given its batch statistics (xhat =
/// (x - mean) * rstd, M = shape.perChannel()):
///   gradBias = sum dy, gradScale = sum dy * xhat,
///   dx = scale * rstd * (dy - gradBias / M - xhat * gradScale / M).
/// dx may alias dy or x.
Status batchNormBackward(const float *dy, const float *x, const float *scale,
                         const float *batchMean, const float *batchVar,
                         const ChannelShape &shape, float epsilon, float *dx,
                         float *gradScale, float *gradBias,
                         const OpOptions &options = {});

/// The same followed by relu, in one pass: bit-identical to
/// batchNormTraining then relu (y = max(y, 0), NaN stays NaN).
Status batchNormTrainingRelu(const float *x, const float *scale,
                             const float *bias, const ChannelShape &shape,
                             float epsilon, float *y, float *batchMean,
                             float *batchVar, const OpOptions &options = {});

/// batchNormInference then relu, in one pass.
Status batchNormInferenceRelu(const float *x, const float *scale,
                              const float *bias, const float *runningMean,
                              const float *runningVar,
                              const ChannelShape &shape, float epsilon,
                              float *y, const OpOptions &options = {});

/// batchNormBackward of reluBackward(dy, activation) (activation: the relu's
/// output or input), bit-identical to the two in sequence without the
/// intermediate tensor's trip through memory. dx may alias dy, not
/// activation or x.
Status reluBatchNormBackward(const float *dy, const float *activation,
                             const float *x, const float *scale,
                             const float *batchMean, const float *batchVar,
                             const ChannelShape &shape, float epsilon,
                             float *dx, float *gradScale, float *gradBias,
                             const OpOptions &options = {});

/// Running statistics as PyTorch updates them (momentum 0.1 there):
///   mean = (1 - momentum) * mean + momentum * batchMean
///   var  = (1 - momentum) * var + momentum * batchVar * M / (M - 1)
/// with M = `perChannel` elements behind each batch statistic (the unbiased
/// variance); M < 2 is an error. In place.
Status updateRunningStatistics(float *runningMean, float *runningVar,
                               const float *batchMean, const float *batchVar,
                               int64_t channels, int64_t perChannel,
                               float momentum);

} // namespace dfp::ops

#endif // DFP_OPS_BATCHNORM_H
