#include "dfp/ops/Loss.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace dfp::ops {

namespace {

template <typename Label>
Status checkLabels(const char *op, const Label *labels,
                   const LossShape &shape) {
  if (shape.batch <= 0 || shape.classes <= 0)
    return Status::error(std::string(op) + ": logits shape [" +
                         std::to_string(shape.batch) + ", " +
                         std::to_string(shape.classes) + "] must be positive");
  for (int64_t row = 0; row < shape.batch; ++row)
    if (labels[row] < 0 || labels[row] >= shape.classes)
      return Status::error(std::string(op) + ": label " +
                           std::to_string(labels[row]) + " at batch index " +
                           std::to_string(row) + " is outside [0, " +
                           std::to_string(shape.classes) + ")");
  return Status::success();
}

/// A row's softmax as exp(row[j] - max) / sum: stable for any finite
/// logits, and exact where max dwarfs the log of the sum.
struct SoftmaxRow {
  double max = 0.0, sum = 0.0;

  SoftmaxRow(const float *row, int64_t classes)
      : max(*std::max_element(row, row + classes)) {
    for (int64_t j = 0; j < classes; ++j)
      sum += std::exp(double(row[j]) - max);
  }
  double probability(float logit) const {
    return std::exp(double(logit) - max) / sum;
  }
  /// -log softmax[label] = log(sum) + (max - logit).
  double crossEntropy(float logit) const {
    return std::log(sum) + (max - double(logit));
  }
};

template <typename Label>
Status crossEntropy(const float *logits, const Label *labels,
                    const LossShape &shape, float *loss) {
  if (Status status = checkLabels("softmax_cross_entropy", labels, shape);
      !status)
    return status;
  double total = 0.0;
  for (int64_t row = 0; row < shape.batch; ++row) {
    const float *rowLogits = logits + row * shape.classes;
    total += SoftmaxRow(rowLogits, shape.classes)
                 .crossEntropy(rowLogits[labels[row]]);
  }
  *loss = float(total / double(shape.batch));
  return Status::success();
}

template <typename Label>
Status crossEntropyBackward(float gradLoss, const float *logits,
                            const Label *labels, const LossShape &shape,
                            float *gradLogits) {
  if (Status status =
          checkLabels("softmax_cross_entropy_backward", labels, shape);
      !status)
    return status;
  const double rowScale = double(gradLoss) / double(shape.batch);
  for (int64_t row = 0; row < shape.batch; ++row) {
    const float *rowLogits = logits + row * shape.classes;
    float *rowGrad = gradLogits + row * shape.classes;
    const SoftmaxRow softmax(rowLogits, shape.classes);
    for (int64_t j = 0; j < shape.classes; ++j) {
      const double target = j == labels[row] ? 1.0 : 0.0;
      rowGrad[j] =
          float(rowScale * (softmax.probability(rowLogits[j]) - target));
    }
  }
  return Status::success();
}

} // namespace

Status softmaxCrossEntropy(const float *logits, const int32_t *labels,
                           const LossShape &shape, float *loss) {
  return crossEntropy(logits, labels, shape, loss);
}

Status softmaxCrossEntropy(const float *logits, const int64_t *labels,
                           const LossShape &shape, float *loss) {
  return crossEntropy(logits, labels, shape, loss);
}

Status softmaxCrossEntropyBackward(float gradLoss, const float *logits,
                                   const int32_t *labels,
                                   const LossShape &shape, float *gradLogits) {
  return crossEntropyBackward(gradLoss, logits, labels, shape, gradLogits);
}

Status softmaxCrossEntropyBackward(float gradLoss, const float *logits,
                                   const int64_t *labels,
                                   const LossShape &shape, float *gradLogits) {
  return crossEntropyBackward(gradLoss, logits, labels, shape, gradLogits);
}

} // namespace dfp::ops
