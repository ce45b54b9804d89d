// Tests stochastic rounding against the reference for several seeds,
// streams and steps on every target, and that the random stream follows the
// element index even where the 64-bit block counter carries into its high
// word (the kernels are driven directly at such indices).
#include "TestSupport.h"

#include "KernelSet.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dfp::quant::test {
namespace {

class StochasticTest : public ::testing::TestWithParam<Target> {
protected:
  void SetUp() override {
    if (!GetParam().available())
      GTEST_SKIP() << "host lacks " << jit::toString(GetParam().isa);
  }
};

TEST_P(StochasticTest, SeedsStreamsAndStepsMatchReference) {
  std::mt19937 rng(17);
  std::vector<float> x = mixedValues(101, 5.0f, 6, rng);
  for (uint64_t seed : {0ull, 1ull, 0x123456789ull, ~0ull})
    for (uint32_t stream : {0u, 5u, 0xffffffffu})
      for (uint32_t step : {0u, 1u, 0x80000000u}) {
        SCOPED_TRACE("seed " + std::to_string(seed) + ", stream " +
                     std::to_string(stream) + ", step " + std::to_string(step));
        expectMatchesReference(x, {101}, format16(12), Rounding::Stochastic,
                               {seed, stream, step}, GetParam().options());
      }
}

TEST_P(StochasticTest, DifferentStepsGiveDifferentRoundings) {
  std::vector<float> x(256, 0.3f);
  x[0] = 1.0f;
  QuantizedTensor a, b;
  ASSERT_TRUE(quantize(x.data(), {256}, format16(2), Rounding::Stochastic,
                       {9, 0, 0}, a, GetParam().options())
                  .ok());
  ASSERT_TRUE(quantize(x.data(), {256}, format16(2), Rounding::Stochastic,
                       {9, 0, 1}, b, GetParam().options())
                  .ok());
  EXPECT_NE(a.values, b.values);
}

TEST_P(StochasticTest, BlockCounterCarriesIntoHighWord) {
  Target target = GetParam();
  std::unique_ptr<KernelSet> kernels;
  if (target.isa == jit::Isa::Scalar)
    kernels = makeScalarKernels(13, Rounding::Stochastic);
  else
    ASSERT_TRUE(makeJitKernels(target.isa, target.mode, 13,
                               Rounding::Stochastic, kernels)
                    .ok());
  std::unique_ptr<KernelSet> reference =
      makeScalarKernels(13, Rounding::Stochastic);

  std::mt19937 rng(23);
  const int64_t length = 45, rows = 3;
  std::vector<float> x = mixedValues(length * rows, 1.0f, 4, rng);
  float scale = std::ldexp(1.0f, 12);
  int32_t exponent = -12;
  for (uint64_t first : {(uint64_t(1) << 34) - 9, (uint64_t(1) << 34) - 2,
                         (uint64_t(1) << 62) + 1}) {
    SCOPED_TRACE("first index " + std::to_string(first));
    std::vector<int16_t> got(x.size()), want(x.size());
    ConvertArgs args;
    args.x = x.data();
    args.length = length;
    args.count = rows;
    args.stride = length;
    float ones[rows] = {1.0f, 1.0f, 1.0f}, scales[rows] = {scale, scale, scale};
    int32_t exponents[rows] = {exponent, exponent, exponent};
    args.scaleA = scales;
    args.scaleB = ones;
    args.exponents = exponents;
    args.firstIndex = first;
    args.seed = 77;
    args.streamStep = 3 | uint64_t(4) << 32;
    args.out = got.data();
    ASSERT_TRUE(kernels->convert(WorkItem::Shape::Runs, args).ok());
    args.out = want.data();
    ASSERT_TRUE(reference->convert(WorkItem::Shape::Runs, args).ok());
    EXPECT_EQ(want, got);
  }
}

INSTANTIATE_TEST_SUITE_P(AllTargets, StochasticTest,
                         ::testing::ValuesIn(allTargets()),
                         [](const ::testing::TestParamInfo<Target> &info) {
                           return info.param.name();
                         });

} // namespace
} // namespace dfp::quant::test
