#ifndef DFP_OPS_LOSS_H
#define DFP_OPS_LOSS_H

#include "dfp/reference/Status.h"

#include <cstdint>

namespace dfp::ops {

/// Logits [batch, classes] and one label per row (i32 or i64, as the
/// dialect allows).
struct LossShape {
  int64_t batch = 1, classes = 1;
};

/// loss = mean over rows of log(sum_j exp(l[j] - max)) + (max - l[label]), in
/// FP64. A label outside [0, classes) is an error naming its row.
Status softmaxCrossEntropy(const float *logits, const int32_t *labels,
                           const LossShape &shape, float *loss);
Status softmaxCrossEntropy(const float *logits, const int64_t *labels,
                           const LossShape &shape, float *loss);

/// gradLogits = gradLoss * (softmax(logits) - onehot(label)) / batch.
Status softmaxCrossEntropyBackward(float gradLoss, const float *logits,
                                   const int32_t *labels,
                                   const LossShape &shape, float *gradLogits);
Status softmaxCrossEntropyBackward(float gradLoss, const float *logits,
                                   const int64_t *labels,
                                   const LossShape &shape, float *gradLogits);

} // namespace dfp::ops

#endif // DFP_OPS_LOSS_H
