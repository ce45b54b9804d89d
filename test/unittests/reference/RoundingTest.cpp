#include "TestSupport.h"

#include "dfp/reference/Quantize.h"

#include <gtest/gtest.h>

#include <ostream>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <random>

namespace dfp {
namespace {

TEST(ExponentForMaxAbsTest, KnownValues) {
  EXPECT_EQ(exponentForMaxAbs(0.0f, 13), 0);
  EXPECT_EQ(exponentForMaxAbs(1.0f, 13), -12);    // 1 = 0.5 * 2^1
  EXPECT_EQ(exponentForMaxAbs(0.75f, 13), -13);   // 0.75 * 2^0
  EXPECT_EQ(exponentForMaxAbs(8191.0f, 13), 0);   // < 2^13
  EXPECT_EQ(exponentForMaxAbs(8192.0f, 13), 1);   // = 0.5 * 2^14
  EXPECT_EQ(exponentForMaxAbs(FLT_MAX, 15), 113); // 2^128 - ulp
  EXPECT_EQ(exponentForMaxAbs(std::numeric_limits<float>::denorm_min(), 7),
            -155); // 2^-149 = 0.5 * 2^-148
}

TEST(ExponentForMaxAbsTest, ScaledMaximumHasExactlyMBits) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> mantissa(1.0f, 2.0f);
  std::uniform_int_distribution<int> power(-140, 120);
  for (int trial = 0; trial < 2000; ++trial) {
    float m = std::ldexp(mantissa(rng), power(rng));
    for (int bits : {1, 7, 13, 15}) {
      float y = scaleByExponent(m, exponentForMaxAbs(m, bits));
      EXPECT_LT(y, std::ldexp(1.0f, bits)) << m;
      EXPECT_GE(y, std::ldexp(1.0f, bits - 1)) << m;
    }
  }
}

TEST(ScaleByExponentTest, IsLdexpWithTheNegatedExponent) {
  EXPECT_EQ(scaleByExponent(3.0f, -4), 48.0f);
  EXPECT_EQ(scaleByExponent(3.0f, 4), 0.1875f);
  // Underflow is correctly rounded: 3 * 2^-150 = 1.5 * 2^-149 is a tie and
  // goes to the even 2 * 2^-149.
  EXPECT_EQ(scaleByExponent(3.0f, 150), std::ldexp(1.0f, -148));
  EXPECT_EQ(scaleByExponent(1.0f, INT32_MIN), INFINITY);
  EXPECT_EQ(scaleByExponent(1.0f, INT32_MAX), 0.0f);
}

struct RoundCase {
  const char *name;
  float y;
  Rounding rounding;
  uint32_t bits;
  int magBits;
  int32_t expected;
};

std::ostream &operator<<(std::ostream &os, const RoundCase &c) {
  return os << c.name;
}

class RoundAndClampTest : public testing::TestWithParam<RoundCase> {};

TEST_P(RoundAndClampTest, GivesTheSpecifiedInteger) {
  const RoundCase &c = GetParam();
  EXPECT_EQ(roundAndClamp(c.y, c.rounding, c.bits, c.magBits), c.expected);
}

const float kJustBelowHalf = std::nextafter(0.5f, 0.0f); // 0.49999997f
const float kJustBeyondMinusHalf = std::nextafter(-0.5f, -1.0f);
const float kTinyNegative = -1.5f * std::ldexp(1.0f, -24);

constexpr Rounding kEven = Rounding::NearestEven;
constexpr Rounding kUp = Rounding::NearestUp;
constexpr Rounding kTrunc = Rounding::TowardZero;
constexpr Rounding kStochastic = Rounding::Stochastic;

INSTANTIATE_TEST_SUITE_P(
    EdgeCases, RoundAndClampTest,
    testing::Values(
        RoundCase{"EvenTieDown", 2.5f, kEven, 0, 13, 2},
        RoundCase{"EvenTieUp", 3.5f, kEven, 0, 13, 4},
        RoundCase{"EvenNegativeTie", -2.5f, kEven, 0, 13, -2},
        RoundCase{"EvenJustBelowHalf", kJustBelowHalf, kEven, 0, 13, 0},
        RoundCase{"UpTie", 2.5f, kUp, 0, 13, 3},
        RoundCase{"UpNegativeTie", -2.5f, kUp, 0, 13, -2},
        RoundCase{"UpMinusHalf", -0.5f, kUp, 0, 13, 0},
        RoundCase{"UpBeyondMinusHalf", kJustBeyondMinusHalf, kUp, 0, 13, -1},
        // floor(y + 0.5f) in FP32 would give 1: y + 0.5f rounds up to 1.
        RoundCase{"UpJustBelowHalf", kJustBelowHalf, kUp, 0, 13, 0},
        RoundCase{"UpLargeTie", 16383.5f, kUp, 0, 15, 16384},
        RoundCase{"TruncPositive", 2.9f, kTrunc, 0, 13, 2},
        RoundCase{"TruncNegative", -2.9f, kTrunc, 0, 13, -2},
        RoundCase{"ClampNearestAbove", 8191.6f, kEven, 0, 13, 8191},
        RoundCase{"ClampNearestBelow", -8191.6f, kEven, 0, 13, -8191},
        RoundCase{"ClampHuge", 1e30f, kUp, 0, 13, 8191},
        RoundCase{"ClampHugeNegative", -1e30f, kTrunc, 0, 13, -8191},
        RoundCase{"ClampMostNegative16", -32768.0f, kEven, 0, 15, -32767},
        RoundCase{"ClampMostNegative8", -128.0f, kEven, 0, 7, -127},
        RoundCase{"ClampOneBit", 1.5f, kEven, 0, 1, 1},
        RoundCase{"ClampStochastic", 8191.5f, kStochastic, 0, 13, 8191},
        // u = (bits >> 8) * 2^-24; up iff frac(y) > u.
        RoundCase{"StochasticUp", 2.25f, kStochastic, 0x3FFFFFFFu, 13, 3},
        RoundCase{"StochasticDownAtEqual", 2.25f, kStochastic, 0x40000000u, 13,
                  2},
        RoundCase{"StochasticIgnoresLowByte", 2.25f, kStochastic, 0x400000FFu,
                  13, 2},
        RoundCase{"StochasticNegativeUp", -2.25f, kStochastic, 0xBFFFFFFFu, 13,
                  -2},
        RoundCase{"StochasticNegativeDown", -2.25f, kStochastic, 0xC0000000u,
                  13, -3},
        RoundCase{"StochasticIntegerStays", 3.0f, kStochastic, 0, 13, 3},
        // The fraction is y - floor(y) in FP32: 1 - 1.5 * 2^-24 rounds to
        // 1 - 2^-23 (ties to even), which is not above u = 1 - 2^-23.
        RoundCase{"StochasticTinyNegative", kTinyNegative, kStochastic,
                  0xFFFFFE00u, 13, -1},
        RoundCase{"StochasticTinyNegativeUp", kTinyNegative, kStochastic,
                  0xFFFFFD00u, 13, 0}),
    [](const testing::TestParamInfo<RoundCase> &info) {
      return std::string(info.param.name);
    });

class RoundingPropertyTest : public testing::TestWithParam<Rounding> {};

/// The modes in FP64 arithmetic, where y + 0.5 and y - floor(y) are exact.
double roundInDouble(double y, Rounding rounding, uint32_t bits) {
  switch (rounding) {
  case Rounding::NearestEven:
    return std::nearbyint(y);
  case Rounding::NearestUp:
    return std::floor(y + 0.5);
  case Rounding::TowardZero:
    return std::trunc(y);
  case Rounding::Stochastic:
    return std::floor(y) + (y - std::floor(y) > (bits >> 8) * 0x1p-24);
  }
  return y;
}

TEST_P(RoundingPropertyTest, AgreesWithExactArithmeticAwayFromTinyNegatives) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> value(-9000.0f, 9000.0f);
  for (int trial = 0; trial < 100000; ++trial) {
    float y = value(rng);
    if (trial % 4 == 0)
      y = std::round(y * 2.0f) / 2.0f; // plenty of ties
    uint32_t bits = uint32_t(rng());
    if (y > -0.5f && y < 0.0f)
      continue; // FP32 fraction is rounded there (see the edge cases)
    double expected =
        std::clamp(roundInDouble(y, GetParam(), bits), -8191.0, 8191.0);
    ASSERT_EQ(roundAndClamp(y, GetParam(), bits, 13), int32_t(expected))
        << "y = " << y << ", bits = " << bits;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, RoundingPropertyTest,
                         testing::Values(kEven, kUp, kTrunc, kStochastic),
                         [](const testing::TestParamInfo<Rounding> &info) {
                           return std::string(toString(info.param));
                         });

} // namespace
} // namespace dfp
