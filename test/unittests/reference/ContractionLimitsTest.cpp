#include "TestSupport.h"

#include "dfp/reference/Contraction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

namespace dfp {
namespace {

using test::makeFormat;
using test::randomTensor;
using testing::HasSubstr;

QuantizedTensor constant(const std::vector<int64_t> &shape, int16_t value,
                         int32_t exponent = 0) {
  std::mt19937 rng(0);
  return randomTensor(rng, shape, makeFormat(16, 15), value, value, exponent,
                      exponent);
}

Conv2dShape smallConv() {
  Conv2dShape s;
  s.batch = 2;
  s.channels = 3;
  s.filters = 2;
  s.height = s.width = 4;
  s.kernelH = s.kernelW = 3;
  s.padding = {1, 1, 1, 1};
  return s;
}

/// Status of the three convolutions on constant operands.
std::vector<Status> convStatuses(int16_t value, int64_t chain) {
  Conv2dShape s = smallConv();
  QuantizedTensor x = constant({2, 3, 4, 4}, value);
  QuantizedTensor w = constant({2, 3, 3, 3}, value);
  QuantizedTensor dy = constant({2, 2, 4, 4}, value);
  std::vector<float> out(96);
  return {conv2dForward(x, w, s, chain, out.data()),
          conv2dBackwardData(dy, w, s, chain, out.data()),
          conv2dBackwardFilter(x, dy, s, chain, out.data())};
}

class MostNegativeChain : public testing::TestWithParam<int64_t> {};

// -32768 * -32768 = 2^30: two such products overflow INT32, so with the true
// range every chain >= 2 is rejected, however short the reduction.
TEST_P(MostNegativeChain, IsRejectedForEveryChainAboveOne) {
  const int64_t chain = GetParam();
  QuantizedTensor a = constant({2, 3}, -32768), b = constant({3, 2}, -32768);
  std::vector<float> c(4);
  Status status = matmul(a, b, chain, c.data());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("32768"));
  for (const Status &s : convStatuses(-32768, chain)) {
    ASSERT_FALSE(s.ok());
    EXPECT_THAT(s.message(), HasSubstr("chain " + std::to_string(chain)));
  }
}

INSTANTIATE_TEST_SUITE_P(Chains, MostNegativeChain,
                         testing::Values(2, 3, 4, 8, 32, 64, 512,
                                         std::numeric_limits<int64_t>::max()),
                         [](const testing::TestParamInfo<int64_t> &info) {
                           return "Chain" + std::to_string(info.param);
                         });

TEST(ContractionLimits, MostNegativeWithChainOneIsExact) {
  QuantizedTensor a = constant({2, 3}, -32768), b = constant({3, 2}, -32768);
  std::vector<float> c(4);
  ASSERT_TRUE(matmul(a, b, 1, c.data()).ok());
  EXPECT_EQ(c, std::vector<float>(4, 3 * 0x1p30f));
  for (const Status &s : convStatuses(-32768, 1))
    EXPECT_TRUE(s.ok()) << s.message();
}

TEST(ContractionLimits, HugeChainsAreCheckedWithoutOverflow) {
  const int64_t huge = std::numeric_limits<int64_t>::max();
  QuantizedTensor a = constant({2, 3}, 1), b = constant({3, 2}, 1);
  std::vector<float> c(4);
  EXPECT_FALSE(matmul(a, b, huge, c.data()).ok());
  EXPECT_FALSE(matmul(a, b, int64_t(1) << 40, c.data()).ok());
  // All-zero operands make every chain safe.
  QuantizedTensor zero = constant({3, 2}, 0);
  ASSERT_TRUE(matmul(a, zero, huge, c.data()).ok());
  EXPECT_EQ(c, std::vector<float>(4, 0.0f));
}

// An exponent sum above 127 has no finite FP32 scale: fmaf(0, inf, acc)
// would give NaN for an exactly zero result, so it is an error.
TEST(ContractionLimits, InfiniteScaleIsRejectedNotNaN) {
  QuantizedTensor a = constant({1, 2}, 0, 100), b = constant({2, 1}, 1, 100);
  a.values = {0, 1};
  b.values = {1, 0};
  float c = 1.0f;
  Status status = matmul(a, b, 2, &c);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("exponent sum 200"));
  b.exponents = {27};
  ASSERT_TRUE(matmul(a, b, 2, &c).ok());
  EXPECT_EQ(c, 0.0f);
}

} // namespace
} // namespace dfp
