// Tests edge values against the reference on every target: exact halves,
// values that round up to 2^M and clamp, fractions just below zero,
// subnormals (the two-multiply scaling), tiny and huge maxima, zeros.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <functional>
#include <tuple>
#include <xmmintrin.h>

namespace dfp::quant::test {
namespace {

struct EdgeCase {
  std::string name;
  std::function<std::vector<float>(int magBits)> values;
};

void PrintTo(const EdgeCase &value, std::ostream *os) { *os << value.name; }

float bitsToFloat(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

/// Max just below 2 (e = 1 - M): y = x * 2^(M-1) for the others.
std::vector<float> halvesAndClamps(int magBits) {
  float unit = std::ldexp(1.0f, 1 - magBits); // x for y = 1
  float top = std::ldexp(1.0f, magBits);      // 2^M
  std::vector<float> x{std::nextafter(2.0f, 0.0f), -std::nextafter(2.0f, 0.0f),
                       -0.0f};
  for (int k = -40; k <= 40; ++k) {
    float half = (float(k) + 0.5f) * unit;
    x.insert(x.end(), {half, std::nextafter(half, 0.0f),
                       std::nextafter(half, 4.0f), float(k) * unit});
  }
  for (float y : {top - 0.5f, top - 1.0f, top - 1.5f, top - 0.25f, top - 0.75f})
    x.insert(x.end(), {y * unit, -y * unit});
  // y in (-1, 0) with bits far below 2^-24: frac(y) rounds in FP32.
  for (int k = 1; k <= 6; ++k)
    for (int tail : {24, 25, 30, 40})
      x.push_back(-(std::ldexp(1.0f, -k) + std::ldexp(1.0f, -k - tail)) * unit);
  return x;
}

std::vector<float> subnormals(int) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<uint32_t> mantissa(1, 0x007fffffu);
  std::vector<float> x;
  for (int i = 0; i < 70; ++i)
    x.push_back(bitsToFloat(mantissa(rng) | (i % 3 == 0 ? 0x80000000u : 0)));
  return x;
}

std::vector<float> smallestSubnormal(int) {
  float tiny = std::ldexp(1.0f, -149);
  return {tiny, -tiny, 0.0f, tiny, -0.0f, -tiny, tiny, tiny, 0.0f};
}

std::vector<float> tinyNormalMax(int) {
  std::vector<float> x{FLT_MIN, -FLT_MIN};
  for (int i = 1; i <= 40; ++i)
    x.push_back(std::ldexp(float(i), -149 + (i % 20)) * (i % 2 ? 1 : -1));
  return x;
}

std::vector<float> hugeMax(int) {
  std::vector<float> x{
      FLT_MAX, -FLT_MAX, 1e-30f, -1e-30f, std::ldexp(1.0f, -149),
      1.0f,    -3.0e37f};
  for (int i = 0; i < 30; ++i)
    x.push_back(std::ldexp(1.25f + float(i) / 64.0f, 127 - 2 * i));
  return x;
}

std::vector<float> zeros(int) {
  std::vector<float> x(21, 0.0f);
  for (size_t i = 0; i < x.size(); i += 3)
    x[i] = -0.0f;
  return x;
}

std::vector<float> powersOfTwo(int) {
  std::vector<float> x;
  for (int k = -149; k <= 127; k += 3)
    x.push_back(k % 2 ? std::ldexp(1.0f, k) : -std::ldexp(1.0f, k));
  return x;
}

std::vector<EdgeCase> edgeCases() {
  return {{"HalvesAndClamps", halvesAndClamps},
          {"Subnormals", subnormals},
          {"SmallestSubnormal", smallestSubnormal},
          {"TinyNormalMax", tinyNormalMax},
          {"HugeMax", hugeMax},
          {"Zeros", zeros},
          {"PowersOfTwo", powersOfTwo}};
}

using EdgeParam = std::tuple<Target, Rounding, EdgeCase>;

class EdgeValueTest : public ::testing::TestWithParam<EdgeParam> {};

TEST_P(EdgeValueTest, MatchesReference) {
  auto [target, rounding, edge] = GetParam();
  if (!target.available())
    GTEST_SKIP() << "host lacks " << jit::toString(target.isa);
  for (int magBits = 11; magBits <= 15; ++magBits) {
    std::vector<float> x = edge.values(magBits);
    // Pad to a multiple of 4 so blocks of 4 tile the tensor.
    while (x.size() % 4)
      x.push_back(0.0f);
    std::vector<int64_t> shape{int64_t(x.size())};
    for (ExponentGrouping grouping :
         {ExponentGrouping::tensor(), ExponentGrouping::block(4, 0)}) {
      SCOPED_TRACE("M = " + std::to_string(magBits) +
                   ", blocks = " + std::to_string(grouping.blockSize));
      expectMatchesReference(x, shape, format16(magBits, grouping), rounding,
                             {1234, 0, 0}, target.options());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllTargets, EdgeValueTest,
                         ::testing::Combine(::testing::ValuesIn(allTargets()),
                                            ::testing::ValuesIn(allRoundings()),
                                            ::testing::ValuesIn(edgeCases())),
                         [](const ::testing::TestParamInfo<EdgeParam> &info) {
                           return std::get<0>(info.param).name() + "_" +
                                  roundingName(std::get<1>(info.param)) + "_" +
                                  std::get<2>(info.param).name;
                         });

} // namespace
} // namespace dfp::quant::test

namespace dfp::quant::test {
namespace {

/// Enables flush-to-zero and denormals-are-zero for one scope.
class ScopedFlushToZero {
public:
  ScopedFlushToZero() : saved_(_mm_getcsr()) {
    _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero);
  }
  ~ScopedFlushToZero() { _mm_setcsr(saved_); }

private:
  static constexpr unsigned kFlushToZero = 1u << 15;
  static constexpr unsigned kDenormalsAreZero = 1u << 6;
  unsigned saved_;
};

class FloatEnvironmentTest : public ::testing::TestWithParam<Target> {};

TEST_P(FloatEnvironmentTest, CallerFlushToZeroDoesNotChangeResults) {
  if (!GetParam().available() ||
      GetParam().mode == jit::ExecutionMode::Emulated)
    GTEST_SKIP() << "native only";
  for (const std::vector<float> &x : {subnormals(0), tinyNormalMax(0)})
    for (Rounding rounding : allRoundings()) {
      QuantizedTensor want, got;
      ASSERT_TRUE(dfp::quantize(x.data(), {int64_t(x.size())}, format16(13),
                                rounding, {5, 0, 0}, want)
                      .ok());
      {
        ScopedFlushToZero ftz;
        ASSERT_TRUE(quantize(x.data(), {int64_t(x.size())}, format16(13),
                             rounding, {5, 0, 0}, got, GetParam().options())
                        .ok());
      }
      EXPECT_EQ(want.exponents, got.exponents);
      EXPECT_EQ(want.values, got.values) << toString(rounding);
    }
}

INSTANTIATE_TEST_SUITE_P(AllTargets, FloatEnvironmentTest,
                         ::testing::ValuesIn(allTargets()),
                         [](const ::testing::TestParamInfo<Target> &info) {
                           return info.param.name();
                         });

} // namespace
} // namespace dfp::quant::test
