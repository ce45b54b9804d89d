#include "dfp/ops/Sgd.h"

#include "Parallel.h"
#include "Vectorize.h"

namespace dfp::ops {

namespace {

DFP_OPS_VECTORIZED void sgdRange(const float *param, const float *grad,
                                 const float *velocity, int64_t n,
                                 SgdHyperParameters hyper, float *newParam,
                                 float *newVelocity) {
  for (int64_t i = 0; i < n; ++i) {
    const float g = grad[i] + hyper.weightDecay * param[i];
    const float v = hyper.momentum * velocity[i] + g;
    newVelocity[i] = v;
    newParam[i] = param[i] - hyper.lr * v;
  }
}

} // namespace

void sgdUpdate(const float *param, const float *grad, const float *velocity,
               int64_t count, const SgdHyperParameters &hyper, float *newParam,
               float *newVelocity, const OpOptions &options) {
  parallelRanges(
      options, count, kElementGrain, [&](int64_t begin, int64_t end) {
        sgdRange(param + begin, grad + begin, velocity + begin, end - begin,
                 hyper, newParam + begin, newVelocity + begin);
      });
}

} // namespace dfp::ops
