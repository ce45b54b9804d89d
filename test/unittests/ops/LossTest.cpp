#include "OpsTestSupport.h"

#include "dfp/ops/Loss.h"

#include <cmath>

namespace dfp::ops::test {
namespace {

double crossEntropyF64(const std::vector<double> &logits,
                       const std::vector<int32_t> &labels,
                       const LossShape &shape) {
  double total = 0.0;
  for (int64_t n = 0; n < shape.batch; ++n) {
    double sum = 0.0;
    for (int64_t j = 0; j < shape.classes; ++j)
      sum += std::exp(logits[size_t(n * shape.classes + j)]);
    total += std::log(sum) - logits[size_t(n * shape.classes + labels[n])];
  }
  return total / double(shape.batch);
}

TEST(SoftmaxCrossEntropy, ForwardMatchesFormula) {
  const LossShape shape{7, 5};
  const std::vector<float> logits = randomValues(35, 1, -3.0f, 3.0f);
  const std::vector<int32_t> labels = {0, 4, 2, 2, 1, 3, 0};
  float loss = 0;
  ASSERT_TRUE(
      softmaxCrossEntropy(logits.data(), labels.data(), shape, &loss).ok());
  EXPECT_NEAR(loss, crossEntropyF64(toDouble(logits), labels, shape), 1e-6);
  const std::vector<int64_t> wide(labels.begin(), labels.end());
  float wideLoss = 0;
  ASSERT_TRUE(
      softmaxCrossEntropy(logits.data(), wide.data(), shape, &wideLoss).ok());
  EXPECT_EQ(wideLoss, loss);
}

TEST(SoftmaxCrossEntropy, StableForHugeLogits) {
  const std::vector<float> logits = {1000.0f, 0.0f,  -1000.0f,
                                     3e38f,   3e38f, 0.0f};
  const std::vector<int32_t> labels = {0, 2};
  float loss = 0;
  ASSERT_TRUE(
      softmaxCrossEntropy(logits.data(), labels.data(), LossShape{2, 3}, &loss)
          .ok());
  // Row 0: ~0; row 1: log 2 + 3e38 - 0.
  EXPECT_TRUE(std::isfinite(loss));
  EXPECT_NEAR(loss / 1.5e38f, 1.0f, 1e-6);
  std::vector<float> grad(6);
  ASSERT_TRUE(softmaxCrossEntropyBackward(1.0f, logits.data(), labels.data(),
                                          LossShape{2, 3}, grad.data())
                  .ok());
  for (float g : grad)
    EXPECT_TRUE(std::isfinite(g));
  EXPECT_NEAR(grad[3], 0.25f, 1e-7);
  EXPECT_NEAR(grad[5], -0.5f, 1e-7);
}

TEST(SoftmaxCrossEntropy, BackwardMatchesFiniteDifferences) {
  const LossShape shape{5, 7};
  const std::vector<float> logits = randomValues(35, 2, -2.0f, 2.0f);
  const std::vector<int32_t> labels = {6, 0, 3, 3, 5};
  const float gradLoss = 1.7f;
  std::vector<float> grad(logits.size());
  ASSERT_TRUE(softmaxCrossEntropyBackward(gradLoss, logits.data(),
                                          labels.data(), shape, grad.data())
                  .ok());
  const Objective f = [&](const std::vector<double> &v) {
    return gradLoss * crossEntropyF64(v, labels, shape);
  };
  expectClose(grad, numericGradient(f, toDouble(logits)), 1e-6,
              "softmax_cross_entropy grad");
}

TEST(SoftmaxCrossEntropy, RejectsLabelOutOfRange) {
  const std::vector<float> logits(12, 0.0f);
  const std::vector<int32_t> labels = {1, 0, 3};
  float loss = 0;
  expectError(
      softmaxCrossEntropy(logits.data(), labels.data(), LossShape{3, 3}, &loss),
      {"softmax_cross_entropy", "label 3", "batch index 2", "[0, 3)"});
  const std::vector<int64_t> negative = {-1, 0, 0};
  std::vector<float> grad(12);
  expectError(softmaxCrossEntropyBackward(1.0f, logits.data(), negative.data(),
                                          LossShape{3, 4}, grad.data()),
              {"softmax_cross_entropy_backward", "label -1", "batch index 0"});
  expectError(
      softmaxCrossEntropy(logits.data(), labels.data(), LossShape{0, 4}, &loss),
      {"must be positive"});
}

} // namespace
} // namespace dfp::ops::test
