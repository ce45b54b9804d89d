#include "ResultCheck.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dfp::bench {
namespace {

TEST(ResultCheckTest, RelativeErrorIsTheFrobeniusRatio) {
  EXPECT_DOUBLE_EQ(relativeError({3, 4}, {3, 4}), 0);
  EXPECT_DOUBLE_EQ(relativeError({3, 5}, {3, 4}), 1.0 / 5.0);
  EXPECT_EQ(relativeError({0, 0}, {0, 0}), 0);
  EXPECT_TRUE(std::isinf(relativeError({1}, {0})));
}

TEST(ResultCheckTest, AcceptsRoundingAndRejectsWrongResults) {
  std::vector<float> expected(100, 1.0f);
  std::vector<float> rounded(expected);
  rounded[7] += 1e-4f;
  double error = 0;
  EXPECT_TRUE(checkAgainstFp32("gemm_test", rounded, expected, error));
  EXPECT_GT(error, 0);

  std::vector<float> zeros(100, 0.0f);
  Status status = checkAgainstFp32("gemm_test", zeros, expected, error);
  ASSERT_FALSE(status);
  EXPECT_NE(status.message().find("gemm_test"), std::string::npos);

  std::vector<float> nan(expected);
  nan[3] = NAN;
  EXPECT_FALSE(checkAgainstFp32("gemm_test", nan, expected, error));
  EXPECT_FALSE(checkAgainstFp32("gemm_test", {1.0f}, expected, error));
}

} // namespace
} // namespace dfp::bench
