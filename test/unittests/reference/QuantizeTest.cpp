#include "TestSupport.h"

#include "dfp/reference/Philox.h"
#include "dfp/reference/Quantize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace dfp {
namespace {

using test::makeFormat;
using testing::HasSubstr;

struct FormatBits {
  int storageBits, magBits;
};

std::vector<FormatBits> allFormats() {
  std::vector<FormatBits> formats;
  for (int m = 11; m <= 15; ++m)
    formats.push_back({16, m});
  for (int m = 1; m <= 7; ++m)
    formats.push_back({8, m});
  return formats;
}

const int64_t kOddSizes[] = {1, 3, 17, 63, 65, 255};
const Rounding kAllRoundings[] = {Rounding::NearestEven, Rounding::NearestUp,
                                  Rounding::TowardZero, Rounding::Stochastic};
const StochasticSeed kSeed{0x5eed5eed12345678ull, 3, 9};

std::string formatName(const FormatBits &f) {
  return "B" + std::to_string(f.storageBits) + "M" + std::to_string(f.magBits);
}

std::ostream &operator<<(std::ostream &os, const FormatBits &f) {
  return os << formatName(f);
}

/// Values over seven binades, both signs, some exact zeros; the largest
/// magnitude sits at a random place.
std::vector<float> spreadValues(std::mt19937 &rng, size_t n) {
  std::uniform_real_distribution<float> mantissa(-1.0f, 1.0f);
  std::uniform_int_distribution<int> binade(-3, 3);
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i)
    x[i] = i % 11 == 5 ? 0.0f : std::ldexp(mantissa(rng), binade(rng));
  return x;
}

/// Checks one element's integer against its exact scaled value y = x * 2^-e
/// for the rounding mode (DESIGN §2), including the clamp.
void expectRoundedCorrectly(double y, int32_t q, Rounding rounding, int magBits,
                            int64_t index) {
  const int32_t limit = (1 << magBits) - 1;
  ASSERT_LE(std::abs(q), limit) << index;
  const bool clamped = std::abs(y) > limit && std::abs(q) == limit;
  const double error = std::fabs(y - q);
  switch (rounding) {
  case Rounding::NearestEven:
  case Rounding::NearestUp:
    // Half a step (2^(e-1) in x) unless the value was clamped.
    EXPECT_LE(error, clamped ? 1.0 : 0.5) << "element " << index << " y " << y;
    break;
  case Rounding::TowardZero:
    EXPECT_LT(error, 1.0) << index;
    EXPECT_LE(std::abs(q), std::fabs(y)) << index;
    break;
  case Rounding::Stochastic:
    if (!clamped)
      EXPECT_TRUE(q == std::floor(y) || q == std::ceil(y))
          << "element " << index << " y " << y << " q " << q;
    break;
  }
}

/// The expected exponent of each group, from an independent max pass.
std::vector<int32_t> expectedExponents(const std::vector<float> &x,
                                       const QuantizedTensor &q) {
  std::vector<float> maxAbs(q.exponents.size(), 0.0f);
  for (size_t i = 0; i < x.size(); ++i) {
    float &m = maxAbs[size_t(q.groupOf(int64_t(i)))];
    m = std::max(m, std::fabs(x[i]));
  }
  std::vector<int32_t> exponents;
  for (float m : maxAbs) {
    int e = 0;
    std::frexp(m, &e);
    exponents.push_back(m == 0.0f ? 0 : e - q.format.magBits);
  }
  return exponents;
}

void expectQuantizedCorrectly(const std::vector<float> &x,
                              const QuantizedTensor &q, Rounding rounding) {
  ASSERT_EQ(q.values.size(), x.size());
  EXPECT_EQ(q.exponents, expectedExponents(x, q));
  std::vector<float> back(x.size());
  dequantize(q, back.data());
  for (size_t i = 0; i < x.size(); ++i) {
    int32_t e = q.exponents[size_t(q.groupOf(int64_t(i)))];
    double y = std::ldexp(double(x[i]), -e);
    expectRoundedCorrectly(y, q.values[i], rounding, q.format.magBits,
                           int64_t(i));
    EXPECT_EQ(double(back[i]), std::ldexp(double(q.values[i]), e)) << i;
  }
}

using QuantizeParam = std::tuple<FormatBits, int64_t, Rounding>;

class QuantizeSweepTest : public testing::TestWithParam<QuantizeParam> {};

TEST_P(QuantizeSweepTest, RoundsWithinTheModesErrorBound) {
  const auto &[bits, size, rounding] = GetParam();
  std::mt19937 rng(uint32_t(size * 131 + bits.magBits));
  std::vector<float> x = spreadValues(rng, size_t(size));
  QuantizedTensor q;
  ASSERT_TRUE(quantize(x.data(), {size},
                       makeFormat(bits.storageBits, bits.magBits), rounding,
                       kSeed, q)
                  .ok());
  expectQuantizedCorrectly(x, q, rounding);
}

TEST_P(QuantizeSweepTest, ExtremesClampToTheSymmetricRange) {
  const auto &[bits, size, rounding] = GetParam();
  // +-max quantizes to just below 2^M; the nearest value just below it can
  // round up to 2^M and must be clamped. Exponents forced small clamp all.
  const float max = 1.0f, nearMax = std::nextafter(max, 0.0f);
  std::vector<float> x(static_cast<size_t>(size));
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = i % 4 == 0   ? max
           : i % 4 == 1 ? -max
           : i % 4 == 2 ? nearMax
                        : -nearMax;
  const DfpFormat format = makeFormat(bits.storageBits, bits.magBits);
  QuantizedTensor q;
  ASSERT_TRUE(quantize(x.data(), {size}, format, rounding, kSeed, q).ok());
  expectQuantizedCorrectly(x, q, rounding);

  ASSERT_TRUE(
      quantizeWithExponents(x.data(), {size}, format, {-40}, rounding, kSeed, q)
          .ok());
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_EQ(q.values[i],
              x[i] > 0 ? format.maxMagnitude() : -format.maxMagnitude());
}

INSTANTIATE_TEST_SUITE_P(Formats, QuantizeSweepTest,
                         testing::Combine(testing::ValuesIn(allFormats()),
                                          testing::ValuesIn(kOddSizes),
                                          testing::ValuesIn(kAllRoundings)),
                         [](const testing::TestParamInfo<QuantizeParam> &info) {
                           return formatName(std::get<0>(info.param)) + "_N" +
                                  std::to_string(std::get<1>(info.param)) +
                                  "_" + toString(std::get<2>(info.param));
                         });

struct GroupingCase {
  const char *name;
  ExponentGrouping grouping;
};

std::ostream &operator<<(std::ostream &os, const GroupingCase &c) {
  return os << c.name;
}

class QuantizeGroupingTest
    : public testing::TestWithParam<std::tuple<GroupingCase, Rounding>> {};

TEST_P(QuantizeGroupingTest, EachGroupGetsItsOwnExponent) {
  const auto &[grouping, rounding] = GetParam();
  const std::vector<int64_t> shape{17, 6};
  std::mt19937 rng(5);
  std::vector<float> x = spreadValues(rng, 17 * 6);
  // Rows of very different magnitude make the per-group exponents differ.
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = std::ldexp(x[i], int(i / 6) - 8);
  QuantizedTensor q;
  ASSERT_TRUE(quantize(x.data(), shape, makeFormat(16, 13, grouping.grouping),
                       rounding, kSeed, q)
                  .ok());
  EXPECT_EQ(int64_t(q.exponents.size()), numGroups(shape, q.format));
  expectQuantizedCorrectly(x, q, rounding);
}

INSTANTIATE_TEST_SUITE_P(
    Groupings, QuantizeGroupingTest,
    testing::Combine(
        testing::Values(GroupingCase{"Tensor", ExponentGrouping::tensor()},
                        GroupingCase{"Rows", ExponentGrouping::perAxis(0)},
                        GroupingCase{"Columns", ExponentGrouping::perAxis(1)},
                        GroupingCase{"Block3AlongRows",
                                     ExponentGrouping::block(3, 1)},
                        GroupingCase{"Block17AlongColumns",
                                     ExponentGrouping::block(17, 0)}),
        testing::ValuesIn(kAllRoundings)),
    [](const testing::TestParamInfo<std::tuple<GroupingCase, Rounding>> &info) {
      return std::string(std::get<0>(info.param).name) + "_" +
             toString(std::get<1>(info.param));
    });

TEST(QuantizeTest, ZeroGroupHasExponentZeroAndZeroValues) {
  std::vector<float> x{0.0f, -0.0f, 0.0f, 3.0f, 0.0f, 1.0f};
  QuantizedTensor q;
  ASSERT_TRUE(quantize(x.data(), {2, 3},
                       makeFormat(16, 13, ExponentGrouping::perAxis(0)),
                       Rounding::NearestEven, kSeed, q)
                  .ok());
  EXPECT_EQ(q.exponents, (std::vector<int32_t>{0, -11}));
  EXPECT_EQ(q.values, (std::vector<int16_t>{0, 0, 0, 6144, 0, 2048}));
}

/// Mean of q - y over many elements. Each error is Bernoulli-like around 0:
/// q = floor(y) + 1 with probability p = ceil(f * 2^24) / 2^24 (f the
/// fraction), so E[q - y] = p - f in [0, 2^-24) and Var = p (1 - p). The
/// mean of n independent errors has standard error sqrt(sum p(1-p)) / n;
/// five of those bound a false failure at about 6e-7.
struct BiasMeasurement {
  double meanError = 0, bound = 0;
};

BiasMeasurement measureBias(const std::vector<float> &x, Rounding rounding) {
  QuantizedTensor q;
  EXPECT_TRUE(quantize(x.data(), {int64_t(x.size())}, makeFormat(16, 13),
                       rounding, kSeed, q)
                  .ok());
  double sumError = 0, variance = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    double y = std::ldexp(double(x[i]), -q.exponents[0]);
    double f = y - std::floor(y);
    sumError += q.values[i] - y;
    variance += f * (1 - f);
  }
  double n = double(x.size());
  return {sumError / n, 5.0 * std::sqrt(variance) / n + 0x1p-24};
}

TEST(StochasticRoundingTest, IsUnbiased) {
  std::mt19937 rng(99);
  std::vector<float> x = test::randomFloats(rng, 1 << 17, -1.0f, 1.0f);
  BiasMeasurement bias = measureBias(x, Rounding::Stochastic);
  EXPECT_LE(std::fabs(bias.meanError), bias.bound);
  // The same bound catches a biased mode: truncation of positive data.
  for (float &v : x)
    v = std::fabs(v);
  BiasMeasurement truncation = measureBias(x, Rounding::TowardZero);
  EXPECT_GT(std::fabs(truncation.meanError), truncation.bound);
}

TEST(StochasticRoundingTest, RoundsUpWithProbabilityEqualToTheFraction) {
  // y = 1000.3 for every element (exponent 0 with M = 13: max 8191).
  const int64_t n = 1 << 16;
  std::vector<float> x(size_t(n), 1000.3f);
  x[0] = 8000.0f;
  QuantizedTensor q;
  ASSERT_TRUE(quantizeWithExponents(x.data(), {n}, makeFormat(16, 13), {0},
                                    Rounding::Stochastic, kSeed, q)
                  .ok());
  double f = double(1000.3f) - 1000.0;
  int64_t ups = std::count(q.values.begin() + 1, q.values.end(), 1001);
  EXPECT_EQ(std::count(q.values.begin() + 1, q.values.end(), 1000) + ups,
            n - 1);
  double rate = double(ups) / double(n - 1);
  EXPECT_NEAR(rate, f, 5.0 * std::sqrt(f * (1 - f) / double(n - 1)));
}

TEST(StochasticRoundingTest, SameSeedSameBitsRegardlessOfChunking) {
  const std::vector<int64_t> shape{37, 29};
  const int64_t n = 37 * 29;
  const DfpFormat format = makeFormat(16, 13, ExponentGrouping::perAxis(0));
  std::mt19937 rng(3);
  std::vector<float> x = test::randomFloats(rng, size_t(n), -5.0f, 5.0f);
  QuantizedTensor whole, again;
  ASSERT_TRUE(
      quantize(x.data(), shape, format, Rounding::Stochastic, kSeed, whole)
          .ok());
  ASSERT_TRUE(
      quantize(x.data(), shape, format, Rounding::Stochastic, kSeed, again)
          .ok());
  EXPECT_EQ(whole.values, again.values);

  for (int64_t piece : {1, 3, 4, 17, 64, 500}) {
    std::vector<int16_t> pieces(static_cast<size_t>(n));
    for (int64_t begin = 0; begin < n; begin += piece) {
      int64_t count = std::min(piece, n - begin);
      ASSERT_TRUE(quantizeRange(x.data() + begin, begin, count, shape, format,
                                whole.exponents, Rounding::Stochastic, kSeed,
                                pieces.data() + begin)
                      .ok());
    }
    EXPECT_EQ(pieces, whole.values) << "pieces of " << piece;
  }
}

TEST(StochasticRoundingTest, OtherStreamGivesOtherBits) {
  std::mt19937 rng(4);
  std::vector<float> x = test::randomFloats(rng, 4096, -5.0f, 5.0f);
  QuantizedTensor a, b;
  StochasticSeed other = kSeed;
  other.step += 1;
  ASSERT_TRUE(quantize(x.data(), {4096}, makeFormat(16, 11),
                       Rounding::Stochastic, kSeed, a)
                  .ok());
  ASSERT_TRUE(quantize(x.data(), {4096}, makeFormat(16, 11),
                       Rounding::Stochastic, other, b)
                  .ok());
  EXPECT_NE(a.values, b.values);
}

TEST(StochasticRoundingTest, ElementUsesItsOwnPhiloxWord) {
  const float x[] = {0.0f, 2.5f, 4095.5f};
  QuantizedTensor q;
  ASSERT_TRUE(quantizeWithExponents(x, {3}, makeFormat(16, 13), {0},
                                    Rounding::Stochastic, kSeed, q)
                  .ok());
  for (int64_t i = 1; i < 3; ++i) {
    float u = std::ldexp(float(stochasticBits(kSeed, uint64_t(i)) >> 8), -24);
    EXPECT_EQ(q.values[size_t(i)],
              int32_t(std::floor(x[i])) + (0.5f > u ? 1 : 0));
  }
}

struct NonFiniteCase {
  const char *name;
  float value;
  int64_t index;
  const char *spelled;
};

std::ostream &operator<<(std::ostream &os, const NonFiniteCase &c) {
  return os << c.name;
}

class NonFiniteTest : public testing::TestWithParam<NonFiniteCase> {};

TEST_P(NonFiniteTest, IsAnErrorNamingTheElement) {
  const NonFiniteCase &c = GetParam();
  std::vector<float> x(9, 1.0f);
  x[size_t(c.index)] = c.value;
  const std::string where = "element " + std::to_string(c.index);
  QuantizedTensor q;
  Status status = quantize(x.data(), {3, 3}, makeFormat(16, 13),
                           Rounding::NearestEven, kSeed, q);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(where));
  EXPECT_THAT(status.message(), HasSubstr(c.spelled));
  EXPECT_THAT(status.message(), HasSubstr("not finite"));

  status = quantizeWithExponents(x.data(), {3, 3}, makeFormat(16, 13), {0},
                                 Rounding::Stochastic, kSeed, q);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(where));
}

INSTANTIATE_TEST_SUITE_P(
    Values, NonFiniteTest,
    testing::Values(
        NonFiniteCase{"NaN", std::numeric_limits<float>::quiet_NaN(), 5, "nan"},
        NonFiniteCase{"Inf", std::numeric_limits<float>::infinity(), 0, "inf"},
        NonFiniteCase{"MinusInf", -std::numeric_limits<float>::infinity(), 8,
                      "-inf"}),
    [](const testing::TestParamInfo<NonFiniteCase> &info) {
      return std::string(info.param.name);
    });

TEST(QuantizeTest, RejectsBadFormatAndExponentCount) {
  std::vector<float> x(6, 1.0f);
  QuantizedTensor q;
  Status status = quantize(x.data(), {2, 3}, makeFormat(16, 16),
                           Rounding::NearestEven, kSeed, q);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("magnitude bits"));

  status = quantizeWithExponents(
      x.data(), {2, 3}, makeFormat(16, 13, ExponentGrouping::perAxis(1)),
      {0, 0}, Rounding::NearestEven, kSeed, q);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("2 exponents given"));

  int16_t out[6];
  status = quantizeRange(x.data(), 4, 3, {2, 3}, makeFormat(16, 13), {0},
                         Rounding::NearestEven, kSeed, out);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("[4, 7)"));
}

TEST(VerifyQuantizedTensorTest, ChecksCountsAndStorageRange) {
  QuantizedTensor t;
  t.shape = {2, 2};
  t.format = makeFormat(8, 7);
  t.values = {1, -128, 127, 0};
  t.exponents = {0};
  EXPECT_TRUE(verifyQuantizedTensor(t, "t").ok());
  EXPECT_EQ(maxAbsValue(t), 128);

  t.values[0] = 128;
  Status status = verifyQuantizedTensor(t, "t");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("value 128 at element 0"));

  t.values.pop_back();
  EXPECT_THAT(verifyQuantizedTensor(t, "lhs").message(),
              HasSubstr("lhs: 3 values for 4 elements"));
  t.values.push_back(0);
  t.values[0] = 0;
  t.exponents = {0, 1};
  EXPECT_THAT(verifyQuantizedTensor(t, "t").message(),
              HasSubstr("2 exponents given"));
}

} // namespace
} // namespace dfp
