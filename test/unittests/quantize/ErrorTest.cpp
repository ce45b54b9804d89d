// Tests that NaN and Inf are rejected with the reference's error naming the
// first offending element, on every target and grouping, and that bad
// formats and exponent counts give the reference's errors.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>

namespace dfp::quant::test {
namespace {

class ErrorTest : public ::testing::TestWithParam<Target> {
protected:
  void SetUp() override {
    if (!GetParam().available())
      GTEST_SKIP() << "host lacks " << jit::toString(GetParam().isa);
  }
};

TEST_P(ErrorTest, NonFiniteInputNamesFirstElement) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  std::mt19937 rng(5);
  const std::vector<int64_t> shape{3, 37};
  for (float bad : {nan, -nan, inf, -inf})
    for (int64_t position : {0, 8, 16, 36, 37, 110}) {
      std::vector<float> x = mixedValues(3 * 37, 2.0f, 8, rng);
      x[size_t(position)] = bad;
      x.back() = nan; // a later one must not be the one reported
      for (ExponentGrouping grouping :
           {ExponentGrouping::tensor(), ExponentGrouping::perAxis(1),
            ExponentGrouping::block(37, 1)}) {
        SCOPED_TRACE("position " + std::to_string(position));
        QuantizedTensor out;
        Status status =
            quantize(x.data(), shape, format16(13, grouping),
                     Rounding::NearestEven, {}, out, GetParam().options());
        ASSERT_FALSE(status.ok());
        EXPECT_NE(status.message().find("element " + std::to_string(position)),
                  std::string::npos)
            << status.message();
        expectMatchesReference(x, shape, format16(13, grouping),
                               Rounding::Stochastic, {}, GetParam().options());
      }
    }
}

TEST_P(ErrorTest, NonFiniteInputRejectedWithGivenExponents) {
  std::vector<float> x(20, 1.0f);
  x[13] = std::numeric_limits<float>::infinity();
  expectMatchesReferenceWithExponents(x, {20}, format16(13), {-12},
                                      Rounding::NearestEven, {},
                                      GetParam().options());
}

TEST_P(ErrorTest, BadFormatsMatchReferenceErrors) {
  std::vector<float> x(24, 0.5f);
  expectMatchesReference(x, {4, 6}, format16(13, ExponentGrouping::block(4, 1)),
                         Rounding::NearestEven, {}, GetParam().options());
  expectMatchesReference(x, {4, 6}, format16(13, ExponentGrouping::perAxis(2)),
                         Rounding::NearestEven, {}, GetParam().options());
  expectMatchesReference(x, {24}, format16(16), Rounding::NearestEven, {},
                         GetParam().options());
  expectMatchesReferenceWithExponents(
      x, {4, 6}, format16(13, ExponentGrouping::perAxis(0)), {1, 2, 3},
      Rounding::NearestEven, {}, GetParam().options());
}

TEST_P(ErrorTest, GivenExponentsMatchReferenceIncludingExtremes) {
  std::mt19937 rng(11);
  std::vector<float> x = mixedValues(40, 1.0e3f, 40, rng);
  x[3] = 3.0e38f;
  x[4] = std::ldexp(1.0f, -149);
  for (int32_t e :
       {0, 5, -20, 117, 127, 130, 149, 150, -140, -150, -254, -255, 300, -300})
    for (Rounding rounding : allRoundings()) {
      SCOPED_TRACE("e = " + std::to_string(e) + ", " + roundingName(rounding));
      expectMatchesReferenceWithExponents(x, {40}, format16(12), {e}, rounding,
                                          {8, 1, 1}, GetParam().options());
    }
}

INSTANTIATE_TEST_SUITE_P(AllTargets, ErrorTest,
                         ::testing::ValuesIn(allTargets()),
                         [](const ::testing::TestParamInfo<Target> &info) {
                           return info.param.name();
                         });

} // namespace
} // namespace dfp::quant::test

namespace dfp::quant::test {
namespace {

/// Sets DFP_MAX_ISA for one scope, restoring the previous value.
class ScopedMaxIsa {
public:
  explicit ScopedMaxIsa(const char *value) {
    if (const char *old = std::getenv("DFP_MAX_ISA"))
      saved_ = old;
    setenv("DFP_MAX_ISA", value, 1);
  }
  ~ScopedMaxIsa() {
    if (saved_.empty())
      unsetenv("DFP_MAX_ISA");
    else
      setenv("DFP_MAX_ISA", saved_.c_str(), 1);
  }

private:
  std::string saved_;
};

TEST(DefaultIsaTest, FollowsMaxIsaCapAndRejectsBadValues) {
  std::mt19937 rng(2);
  std::vector<float> x = mixedValues(77, 1.0f, 5, rng);
  for (const char *cap : {"scalar", "avx2", "avx512bw", "avx512_vnni"}) {
    SCOPED_TRACE(cap);
    ScopedMaxIsa scoped(cap);
    expectMatchesReference(x, {77}, format16(13), Rounding::Stochastic,
                           {1, 2, 3}, QuantizeOptions{});
  }
  ScopedMaxIsa scoped("avx1024");
  QuantizedTensor out;
  Status status = dfp::quant::quantize(x.data(), {77}, format16(13),
                                       Rounding::NearestEven, {}, out);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("avx1024"), std::string::npos)
      << status.message();
}

} // namespace
} // namespace dfp::quant::test
