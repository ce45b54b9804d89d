#ifndef DFP_OPS_SGD_H
#define DFP_OPS_SGD_H

#include "dfp/ops/Shapes.h"

namespace dfp::ops {

struct SgdHyperParameters {
  float lr = 0.0f, momentum = 0.0f, weightDecay = 0.0f;
};

/// torch.optim.SGD (dampening 0, no Nesterov), in FP32 per element:
///   g' = grad + weightDecay * param
///   v' = momentum * velocity + g'
///   param' = param - lr * v'
/// newParam may alias param and newVelocity may alias velocity. A zero
/// velocity gives PyTorch's first step (its buffer starts as g').
void sgdUpdate(const float *param, const float *grad, const float *velocity,
               int64_t count, const SgdHyperParameters &hyper, float *newParam,
               float *newVelocity, const OpOptions &options = {});

} // namespace dfp::ops

#endif // DFP_OPS_SGD_H
