// Tests that quantizeRuns hands out exactly dfp::quantize's values (and
// exponents), in runs that cover the tensor once, for odd run lengths,
// groupings, roundings, targets and thread counts; and its errors.
#include "TestSupport.h"

#include "dfp/quantize/QuantizeRuns.h"

#include <gtest/gtest.h>

#include <limits>
#include <tuple>

namespace dfp::quant::test {
namespace {

using RunsParam = std::tuple<Target, Rounding>;

class QuantizeRunsTest : public ::testing::TestWithParam<RunsParam> {};

TEST_P(QuantizeRunsTest, EqualsQuantize) {
  auto [target, rounding] = GetParam();
  if (!target.available())
    GTEST_SKIP() << "host lacks " << jit::toString(target.isa);
  const std::vector<int64_t> shape{3, 5, 7, 9};
  std::mt19937 rng(5);
  const std::vector<float> x = mixedValues(3 * 5 * 7 * 9, 3.0f, 9, rng);
  const StochasticSeed seed{77, 1, 4};
  for (ExponentGrouping grouping :
       {ExponentGrouping::tensor(), ExponentGrouping::perAxis(0),
        ExponentGrouping::block(5, 1)}) {
    const DfpFormat format = format16(13, grouping);
    QuantizedTensor want;
    ASSERT_TRUE(
        dfp::quantize(x.data(), shape, format, rounding, seed, want).ok());
    for (int threads : {1, 3})
      for (int64_t runElements : {17, 126, 4096}) {
        SCOPED_TRACE("threads " + std::to_string(threads) + ", runs of " +
                     std::to_string(runElements));
        QuantizeOptions options = target.options();
        options.threads = threads;
        std::vector<int16_t> got(x.size(), 0);
        std::vector<int> seen(x.size(), 0);
        QuantizedTensor metadata;
        Status status = quantizeRuns(
            x.data(), shape, format, rounding, seed, runElements,
            [&](int64_t first, const int16_t *values, int64_t count, int) {
              if (first % runElements != 0 || count > runElements)
                return Status::error("bad run");
              for (int64_t i = 0; i < count; ++i) {
                got[size_t(first + i)] = values[i];
                ++seen[size_t(first + i)];
              }
              return Status::success();
            },
            metadata, options);
        ASSERT_TRUE(status.ok()) << status.message();
        EXPECT_EQ(metadata.shape, shape);
        EXPECT_EQ(metadata.exponents, want.exponents);
        EXPECT_TRUE(metadata.values.empty());
        EXPECT_EQ(got, want.values);
        EXPECT_EQ(seen, std::vector<int>(x.size(), 1));
      }
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllTargets, QuantizeRunsTest,
    ::testing::Combine(::testing::ValuesIn(allTargets()),
                       ::testing::Values(Rounding::NearestEven,
                                         Rounding::Stochastic)));

TEST(QuantizeRunsErrors, ReportsBadRunsInputAndSinkErrors) {
  std::vector<float> x(40, 1.0f);
  QuantizedTensor metadata;
  auto ok = [](int64_t, const int16_t *, int64_t, int) {
    return Status::success();
  };
  EXPECT_FALSE(quantizeRuns(x.data(), {40}, format16(13), Rounding::NearestEven,
                            {}, 0, ok, metadata)
                   .ok());
  x[13] = std::numeric_limits<float>::infinity();
  Status status = quantizeRuns(x.data(), {40}, format16(13),
                               Rounding::NearestEven, {}, 8, ok, metadata);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("element 13"), std::string::npos);
  x[13] = 1.0f;
  QuantizeOptions three;
  three.threads = 3;
  status = quantizeRuns(
      x.data(), {40}, format16(13), Rounding::NearestEven, {}, 8,
      [](int64_t first, const int16_t *, int64_t, int) {
        return first >= 16 ? Status::error("sink at " + std::to_string(first))
                           : Status::success();
      },
      metadata, three);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "sink at 16"); // the first failing run
}

} // namespace
} // namespace dfp::quant::test
