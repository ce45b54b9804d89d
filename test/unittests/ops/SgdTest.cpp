#include "OpsTestSupport.h"

#include "dfp/ops/Sgd.h"

namespace dfp::ops::test {
namespace {

TEST(Sgd, MatchesTorchFormulaOverSteps) {
  const size_t count = 1003;
  std::vector<float> param = randomValues(count, 1), velocity(count, 0.0f);
  std::vector<float> expectedParam = param, expectedVelocity = velocity;
  const SgdHyperParameters hyper{0.05f, 0.9f, 5e-4f};
  for (uint32_t step = 0; step < 3; ++step) {
    const std::vector<float> grad = randomValues(count, 10 + step);
    sgdUpdate(param.data(), grad.data(), velocity.data(), int64_t(count), hyper,
              param.data(), velocity.data());
    for (size_t i = 0; i < count; ++i) {
      // torch.optim.SGD, step by step in FP32.
      float g = grad[i] + hyper.weightDecay * expectedParam[i];
      float v = step == 0 ? g : hyper.momentum * expectedVelocity[i] + g;
      expectedVelocity[i] = v;
      expectedParam[i] = expectedParam[i] - hyper.lr * v;
    }
  }
  EXPECT_EQ(param, expectedParam);
  EXPECT_EQ(velocity, expectedVelocity);
}

TEST(Sgd, SeparateOutputsLeaveInputsAlone) {
  const std::vector<float> param = randomValues(33, 2),
                           grad = randomValues(33, 3);
  const std::vector<float> velocity = randomValues(33, 4);
  std::vector<float> newParam(33), newVelocity(33);
  sgdUpdate(param.data(), grad.data(), velocity.data(), 33,
            SgdHyperParameters{0.1f, 0.5f, 0.0f}, newParam.data(),
            newVelocity.data());
  for (size_t i = 0; i < 33; ++i) {
    EXPECT_EQ(newVelocity[i], 0.5f * velocity[i] + grad[i]);
    EXPECT_EQ(newParam[i], param[i] - 0.1f * newVelocity[i]);
  }
}

TEST(Sgd, ThreadCountDoesNotChangeBits) {
  const size_t count = 200001;
  const std::vector<float> param = randomValues(count, 5);
  const std::vector<float> grad = randomValues(count, 6);
  const std::vector<float> velocity = randomValues(count, 7);
  expectThreadIndependent(
      [&](const OpOptions &options, std::vector<float> &out) {
        out.resize(2 * count);
        sgdUpdate(param.data(), grad.data(), velocity.data(), int64_t(count),
                  SgdHyperParameters{0.05f, 0.9f, 5e-4f}, out.data(),
                  out.data() + count, options);
      });
}

} // namespace
} // namespace dfp::ops::test
