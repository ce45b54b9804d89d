#include "TestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <tuple>

namespace dfp {
namespace {

using test::makeFormat;

using RunParam = std::tuple<int, int64_t>; // magBits (B = 16), size

class QuantizeRunTest : public testing::TestWithParam<RunParam> {};

// quantizeRun over arbitrary pieces, each given its first linear index,
// reproduces the whole-tensor stochastic quantization bit for bit.
TEST_P(QuantizeRunTest, AnyChunkingMatchesTheWholeTensor) {
  const auto [magBits, size] = GetParam();
  std::mt19937 rng(uint32_t(magBits * 1000 + size));
  std::vector<float> x = test::randomFloats(rng, size_t(size), -3.0f, 3.0f);
  const StochasticSeed seed{0x0123456789abcdefULL, 7, 11};
  QuantizedTensor whole;
  ASSERT_TRUE(quantize(x.data(), {size}, makeFormat(16, magBits),
                       Rounding::Stochastic, seed, whole)
                  .ok());
  for (int64_t piece : {int64_t(1), int64_t(4), int64_t(7), size}) {
    std::vector<int16_t> out(size_t(size), -1);
    for (int64_t begin = 0; begin < size; begin += piece) {
      int64_t count = std::min(piece, size - begin);
      ASSERT_TRUE(quantizeRun(x.data() + begin, count, begin, magBits,
                              whole.exponents[0], Rounding::Stochastic, seed,
                              out.data() + begin)
                      .ok());
    }
    EXPECT_EQ(out, whole.values) << "pieces of " << piece;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Formats, QuantizeRunTest,
    testing::Combine(testing::Range(11, 16),
                     testing::Values(1, 3, 17, 63, 65, 255)),
    [](const testing::TestParamInfo<RunParam> &info) {
      return "M" + std::to_string(std::get<0>(info.param)) + "_N" +
             std::to_string(std::get<1>(info.param));
    });

TEST(QuantizeRun, OffsetSelectsTheRandomBits) {
  std::vector<float> x(64, 0.5f);
  std::vector<int16_t> a(64), b(64);
  ASSERT_TRUE(
      quantizeRun(x.data(), 64, 0, 13, 0, Rounding::Stochastic, {}, a.data())
          .ok());
  ASSERT_TRUE(
      quantizeRun(x.data(), 64, 1, 13, 0, Rounding::Stochastic, {}, b.data())
          .ok());
  EXPECT_NE(a, b);
  EXPECT_TRUE(std::equal(a.begin() + 1, a.end(), b.begin()));
}

TEST(QuantizeRun, RejectsBadArgumentsAndNamesNonFiniteElements) {
  std::vector<float> x{1.0f, 2.0f, std::numeric_limits<float>::infinity()};
  std::vector<int16_t> out(3);
  Status status = quantizeRun(x.data(), 3, 40, 13, 0, Rounding::NearestEven, {},
                              out.data());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), testing::HasSubstr("element 42"));
  EXPECT_FALSE(
      quantizeRun(x.data(), 2, 0, 0, 0, Rounding::NearestEven, {}, out.data())
          .ok());
  EXPECT_FALSE(
      quantizeRun(x.data(), 2, 0, 16, 0, Rounding::NearestEven, {}, out.data())
          .ok());
  EXPECT_FALSE(
      quantizeRun(x.data(), 2, -1, 13, 0, Rounding::NearestEven, {}, out.data())
          .ok());
  ASSERT_TRUE(quantizeRun(x.data(), 2, 0, 13, -12, Rounding::NearestEven, {},
                          out.data())
                  .ok());
  EXPECT_EQ(out[0], 4096);
  EXPECT_EQ(out[1], 8191); // 2 * 2^12 = 8192 clamps to 2^13 - 1
}

} // namespace
} // namespace dfp
