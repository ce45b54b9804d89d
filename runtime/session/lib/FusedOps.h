#ifndef DFP_RUNTIME_SESSION_FUSEDOPS_H
#define DFP_RUNTIME_SESSION_FUSEDOPS_H

#include "dfp/ops/Shapes.h"

namespace dfp::runtime::session {

/// max(batchNormTraining(x), 0), bit-identical to the two ops in sequence.
Status batchNormTrainingRelu(const float *x, const float *scale,
                             const float *bias, const ops::ChannelShape &shape,
                             float epsilon, float *y, float *batchMean,
                             float *batchVar, const ops::OpOptions &options);

/// max(batchNormInference(x), 0).
Status batchNormInferenceRelu(const float *x, const float *scale,
                              const float *bias, const float *runningMean,
                              const float *runningVar,
                              const ops::ChannelShape &shape, float epsilon,
                              float *y, const ops::OpOptions &options);

/// batchNormBackward(reluBackward(dy, activation), x, ...): the gradient
/// through a relu whose output is `activation`, then through the batch norm.
Status reluBatchNormBackward(const float *dy, const float *activation,
                             const float *x, const float *scale,
                             const float *batchMean, const float *batchVar,
                             const ops::ChannelShape &shape, float epsilon,
                             float *dx, float *gradScale, float *gradBias,
                             const ops::OpOptions &options);

} // namespace dfp::runtime::session

#endif // DFP_RUNTIME_SESSION_FUSEDOPS_H
