#include "OpsTestSupport.h"

#include "dfp/ops/Elementwise.h"

#include <cmath>
#include <limits>

namespace dfp::ops::test {
namespace {

// bias_add in FP64 on [outer, channels, inner].
std::vector<double> biasAddF64(const std::vector<double> &x,
                               const std::vector<double> &bias,
                               const ChannelShape &shape) {
  std::vector<double> y(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    y[i] = x[i] + bias[(i / size_t(shape.inner)) % size_t(shape.channels)];
  return y;
}

TEST(Relu, ForwardMatchesLoop) {
  std::vector<float> x = randomValues(1001, 1);
  x[3] = -0.0f;
  x[4] = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> y(x.size());
  relu(x.data(), int64_t(x.size()), y.data());
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i]))
      EXPECT_TRUE(std::isnan(y[i]));
    else
      EXPECT_EQ(y[i], x[i] > 0 ? x[i] : 0.0f) << i;
  }
}

TEST(Relu, BackwardMatchesFiniteDifferences) {
  const std::vector<float> x = distinctValues(77, 2);
  const std::vector<float> dy = randomValues(x.size(), 3);
  std::vector<float> dx(x.size());
  reluBackward(dy.data(), x.data(), int64_t(x.size()), dx.data());
  const Objective f = [&](const std::vector<double> &v) {
    std::vector<double> out(v.size());
    for (size_t i = 0; i < v.size(); ++i)
      out[i] = std::max(v[i], 0.0);
    return weightedSum(out, dy);
  };
  expectClose(dx, numericGradient(f, toDouble(x)), 1e-6, "relu dx");
}

TEST(Relu, ThreadCountDoesNotChangeBits) {
  const std::vector<float> x = randomValues(100003, 4);
  const std::vector<float> dy = randomValues(x.size(), 5);
  expectThreadIndependent(
      [&](const OpOptions &options, std::vector<float> &out) {
        out.resize(2 * x.size());
        relu(x.data(), int64_t(x.size()), out.data(), options);
        reluBackward(dy.data(), x.data(), int64_t(x.size()),
                     out.data() + x.size(), options);
      });
}

TEST(Add, MatchesLoopInPlace) {
  const std::vector<float> a = randomValues(70001, 6),
                           b = randomValues(70001, 7);
  std::vector<float> y = a;
  add(y.data(), b.data(), int64_t(y.size()), y.data(), OpOptions{2});
  for (size_t i = 0; i < a.size(); ++i)
    ASSERT_EQ(y[i], a[i] + b[i]) << i;
}

TEST(BiasAdd, ForwardMatchesLoopForRanks2And4) {
  for (const std::vector<int64_t> &dims :
       {std::vector<int64_t>{5, 3}, std::vector<int64_t>{3, 5, 7, 9}}) {
    ChannelShape shape;
    ASSERT_TRUE(ChannelShape::fromDims(dims, shape).ok());
    const std::vector<float> x = randomValues(size_t(shape.elements()), 8);
    const std::vector<float> bias = randomValues(size_t(shape.channels), 9);
    std::vector<float> y(x.size());
    ASSERT_TRUE(biasAdd(x.data(), bias.data(), shape, y.data()).ok());
    const std::vector<double> expected =
        biasAddF64(toDouble(x), toDouble(bias), shape);
    for (size_t i = 0; i < y.size(); ++i)
      ASSERT_EQ(y[i], float(expected[i])) << i;
  }
}

TEST(BiasAdd, BackwardMatchesFiniteDifferences) {
  for (const std::vector<int64_t> &dims :
       {std::vector<int64_t>{7, 3}, std::vector<int64_t>{3, 5, 3, 7},
        std::vector<int64_t>{2, 3, 5}}) {
    ChannelShape shape;
    ASSERT_TRUE(ChannelShape::fromDims(dims, shape).ok());
    const std::vector<float> x = randomValues(size_t(shape.elements()), 10);
    const std::vector<float> bias = randomValues(size_t(shape.channels), 11);
    const std::vector<float> dy = randomValues(x.size(), 12);
    std::vector<float> gradBias(bias.size());
    ASSERT_TRUE(biasAddBackward(dy.data(), shape, gradBias.data()).ok());
    const Objective f = [&](const std::vector<double> &b) {
      return weightedSum(biasAddF64(toDouble(x), b, shape), dy);
    };
    expectClose(gradBias, numericGradient(f, toDouble(bias)), 1e-6,
                "bias_add grad_bias");
  }
}

TEST(BiasAdd, ThreadCountDoesNotChangeBits) {
  for (const ChannelShape shape :
       {ChannelShape{4, 17, 4099}, ChannelShape{70001, 3, 1}}) {
    const std::vector<float> x = randomValues(size_t(shape.elements()), 13);
    const std::vector<float> bias = randomValues(size_t(shape.channels), 14);
    expectThreadIndependent(
        [&](const OpOptions &options, std::vector<float> &out) {
          out.resize(x.size() + bias.size());
          ASSERT_TRUE(
              biasAdd(x.data(), bias.data(), shape, out.data(), options).ok());
          ASSERT_TRUE(
              biasAddBackward(x.data(), shape, out.data() + x.size(), options)
                  .ok());
        });
  }
}

TEST(ChannelShape, RejectsBadDims) {
  ChannelShape shape;
  expectError(ChannelShape::fromDims({8}, shape), {"rank >= 2", "[8]"});
  expectError(ChannelShape::fromDims({2, 0, 3}, shape),
              {"dimension 1", "[2, 0, 3]", "positive"});
  expectError(
      ChannelShape::fromDims({int64_t(1) << 40, int64_t(1) << 40}, shape),
      {"more elements than int64"});
  float value = 0;
  expectError(biasAdd(&value, &value, ChannelShape{1, -1, 1}, &value),
              {"bias_add", "[1, -1, 1]"});
  expectError(biasAddBackward(&value, ChannelShape{0, 1, 1}, &value),
              {"bias_add_backward"});
}

} // namespace
} // namespace dfp::ops::test
