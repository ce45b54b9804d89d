#ifndef DFP_OPS_ELEMENTWISE_H
#define DFP_OPS_ELEMENTWISE_H

#include "dfp/ops/Shapes.h"

namespace dfp::ops {

/// y = max(x, 0) (NaN stays NaN). y may alias x.
void relu(const float *x, int64_t count, float *y,
          const OpOptions &options = {});

/// dx = dy where x > 0, else 0. dx may alias dy.
void reluBackward(const float *dy, const float *x, int64_t count, float *dx,
                  const OpOptions &options = {});

/// y = a + b. y may alias a or b.
void add(const float *a, const float *b, int64_t count, float *y,
         const OpOptions &options = {});

/// y[n, c, i] = x[n, c, i] + bias[c]. y may alias x.
Status biasAdd(const float *x, const float *bias, const ChannelShape &shape,
               float *y, const OpOptions &options = {});

/// gradBias[c] = sum of dy[n, c, i] over n and i, accumulated in FP64 in a
/// fixed order and rounded once.
Status biasAddBackward(const float *dy, const ChannelShape &shape,
                       float *gradBias, const OpOptions &options = {});

} // namespace dfp::ops

#endif // DFP_OPS_ELEMENTWISE_H
