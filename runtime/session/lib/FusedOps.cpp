#include "FusedOps.h"

#include "dfp/ops/Ops.h"

namespace dfp::runtime::session {

Status batchNormTrainingRelu(const float *x, const float *scale,
                             const float *bias, const ops::ChannelShape &shape,
                             float epsilon, float *y, float *batchMean,
                             float *batchVar, const ops::OpOptions &options) {
  if (Status status = ops::batchNormTraining(x, scale, bias, shape, epsilon, y,
                                             batchMean, batchVar, options);
      !status)
    return status;
  ops::relu(y, shape.elements(), y, options);
  return Status::success();
}

Status batchNormInferenceRelu(const float *x, const float *scale,
                              const float *bias, const float *runningMean,
                              const float *runningVar,
                              const ops::ChannelShape &shape, float epsilon,
                              float *y, const ops::OpOptions &options) {
  if (Status status = ops::batchNormInference(
          x, scale, bias, runningMean, runningVar, shape, epsilon, y, options);
      !status)
    return status;
  ops::relu(y, shape.elements(), y, options);
  return Status::success();
}

Status reluBatchNormBackward(const float *dy, const float *activation,
                             const float *x, const float *scale,
                             const float *batchMean, const float *batchVar,
                             const ops::ChannelShape &shape, float epsilon,
                             float *dx, float *gradScale, float *gradBias,
                             const ops::OpOptions &options) {
  ops::reluBackward(dy, activation, shape.elements(), dx, options);
  return ops::batchNormBackward(dx, x, scale, batchMean, batchVar, shape,
                                epsilon, dx, gradScale, gradBias, options);
}

} // namespace dfp::runtime::session
