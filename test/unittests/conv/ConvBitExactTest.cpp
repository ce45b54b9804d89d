#include "ConvTestSupport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <tuple>

namespace dfp::conv::test {
namespace {

using Param = std::tuple<ConvCase, Backend, int>;

/// Runs one direction through the plan API and compares every bit with the
/// reference.
void expectDirection(ConvDirection direction, const ConvCase &c,
                     const ConvProblem &p, const ConvOptions &options) {
  SCOPED_TRACE(toString(direction));
  const bool filterGradient = direction == ConvDirection::BackwardFilter;
  const QuantizedTensor &first =
      direction == ConvDirection::BackwardData ? p.dy : p.x;
  const QuantizedTensor &second = filterGradient ? p.dy : p.w;
  const int64_t chain = direction == ConvDirection::Forward ? p.chainForward
                        : filterGradient ? p.chainBackwardFilter
                                         : p.chainBackwardData;
  const std::vector<float> &expected = direction == ConvDirection::Forward ? p.y
                                       : filterGradient ? p.dw
                                                        : p.dx;
  ConvPlan plan;
  Status status = makeConvPlan(
      direction, c.shape, {first.format, second.format}, chain, options, plan);
  ASSERT_TRUE(status.ok()) << status.message();
  const bool referenceExpected =
      !options.isa || *options.isa == jit::Isa::Scalar ||
      (c.grouping == Grouping::InputBlock &&
       direction != ConvDirection::BackwardData) ||
      (c.grouping == Grouping::PerChannel && filterGradient);
  EXPECT_EQ(referenceExpected, plan.usesReference()) << plan.referenceReason;
  // NaN-filled so that an element the kernels never write cannot pass.
  std::vector<float> out(expected.size(), std::nanf(""));
  if (filterGradient) {
    status = runBackwardFilter(plan, first, second, out.data());
  } else {
    PackedConvWeights packed;
    status = packWeights(plan, second, packed);
    ASSERT_TRUE(status.ok()) << status.message();
    status = direction == ConvDirection::Forward
                 ? runForward(plan, first, packed, out.data())
                 : runBackwardData(plan, first, packed, out.data());
  }
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_EQ(0, std::memcmp(out.data(), expected.data(),
                           expected.size() * sizeof(float)))
      << "first difference at " << [&] {
           size_t i = 0;
           while (std::memcmp(&out[i], &expected[i], sizeof(float)) == 0)
             ++i;
           return std::to_string(i) + ": " + std::to_string(out[i]) + " vs " +
                  std::to_string(expected[i]);
         }();
}

class ConvBitExact : public ::testing::TestWithParam<Param> {};

TEST_P(ConvBitExact, MatchesReferenceInEveryDirection) {
  const auto &[c, backend, threads] = GetParam();
  if (!backend.available())
    GTEST_SKIP() << backend.name() << " is not supported by this host";
  const ConvProblem &p = problemFor(c);
  const ConvOptions options = backend.options(threads);
  for (ConvDirection d : {ConvDirection::Forward, ConvDirection::BackwardData,
                          ConvDirection::BackwardFilter})
    expectDirection(d, c, p, options);
}

std::string paramName(const ::testing::TestParamInfo<Param> &info) {
  const auto &[c, backend, threads] = info.param;
  return c.name() + "_" + backend.name() + "_t" + std::to_string(threads);
}

/// Odd channel counts and spatial sizes, strides, padding, dilation,
/// groups and kernel sizes: the geometry sweep, in Random values.
std::vector<ConvCase> geometryCases() {
  std::vector<ConvCase> cases;
  auto add = [&](Conv2dShape s, Grouping g = Grouping::Tensor) {
    ConvCase c;
    c.shape = s;
    c.grouping = g;
    cases.push_back(c);
  };
  add(makeShape(2, 3, 5, 7, 17, 3, 3, 1, 1));
  add(makeShape(1, 17, 13, 13, 3, 3, 3, 2, 2, 2));
  add(makeShape(2, 1, 1, 1, 1, 1, 1));
  add(makeShape(1, 17, 7, 5, 17, 5, 5, 1, 2));
  add(makeShape(1, 4, 13, 7, 6, 7, 7, 2, 3));
  add(makeShape(2, 6, 7, 7, 4, 3, 3, 1, 1, 1, 2), Grouping::PerImage);
  add(makeShape(1, 17, 5, 5, 17, 3, 3, 2, 1, 1, 17));
  add(makeShape(1, 17, 13, 13, 33, 1, 1, 2, 0));
  add(makeShape(1, 3, 5, 5, 5, 1, 1, 1, 2));
  add(makeShape(1, 64, 13, 13, 64, 3, 3, 1, 1));
  add(makeShape(2, 8, 7, 7, 13, 3, 3, 1, 1), Grouping::PerImage);
  add(makeShape(1, 6, 5, 7, 7, 3, 3, 1, 1), Grouping::PerChannel);
  add(makeShape(1, 8, 7, 5, 10, 3, 3, 2, 1, 1, 2), Grouping::FilterBlock);
  add(makeShape(1, 3, 5, 5, 4, 3, 3, 1, 1), Grouping::InputBlock);
  add(makeShape(1, 5, 9, 8, 6, 7, 7, 1, 3));
  add(makeShape(2, 6, 8, 10, 9, 5, 5, 1, 2, 2, 3), Grouping::PerImage);
  add(makeShape(3, 32, 6, 6, 20, 3, 3, 1, 1), Grouping::PerImage);
  // Rows wide enough for whole tiles of pixels (written in place).
  add(makeShape(1, 3, 4, 75, 5, 3, 3, 1, 1));
  add(makeShape(1, 4, 3, 40, 7, 1, 1));
  add(makeShape(1, 3, 1, 63, 5, 1, 1));
  add(makeShape(2, 5, 7, 6, 6, 3, 3, 1, 1), Grouping::GradientPerChannel);
  add(makeShape(1, 4, 9, 9, 8, 3, 3, 2, 1), Grouping::GradientPerChannel);
  add(makeShape(2, 6, 10, 12, 7, 3, 3, 2, 1), Grouping::PerImage);
  add(makeShape(1, 65, 9, 9, 63, 3, 3, 1, 1), Grouping::PerImage);
  add(makeShape(2, 63, 7, 7, 65, 3, 3, 2, 1));
  // Backward-filter image blocks (a partial last one) and row chunks (more
  // than 96 channels).
  add(makeShape(4, 100, 14, 14, 20, 3, 3, 1, 1), Grouping::PerImage);
  // Shifted views (one column plane per kernel column): images stacked
  // (a partial last block), dilated, kernels wider than the image.
  add(makeShape(7, 8, 7, 7, 10, 3, 3, 1, 1));
  add(makeShape(3, 6, 5, 6, 7, 3, 3, 1, 2, 2));
  add(makeShape(5, 4, 3, 3, 6, 5, 5, 1, 2));
  add(makeShape(3, 8, 7, 7, 6, 3, 3, 1, 1), Grouping::PerImage);
  return cases;
}

/// Edge values (+-(2^M - 1), -32768 in x) for M = 11..15 and odd chains.
std::vector<ConvCase> edgeCases() {
  std::vector<ConvCase> cases;
  for (int mag = 11; mag <= 15; ++mag) {
    ConvCase c;
    c.shape = makeShape(1, 17, 7, 5, 5, 3, 3, 1, 1);
    c.magActivation = c.magFilter = mag;
    c.values = Values::Edge;
    cases.push_back(c);
  }
  ConvCase odd;
  odd.shape = makeShape(2, 7, 5, 5, 7, 3, 3, 1, 1);
  odd.chain = 3;
  odd.grouping = Grouping::PerImage;
  cases.push_back(odd);
  ConvCase strided;
  strided.shape = makeShape(1, 9, 7, 8, 5, 3, 3, 2, 1);
  strided.chain = 5;
  cases.push_back(strided);
  return cases;
}

std::vector<Param> nativeParams(const std::vector<ConvCase> &cases) {
  std::vector<Param> params;
  for (const ConvCase &c : cases)
    for (const Backend &b : vectorBackends(jit::ExecutionMode::Native))
      for (int threads : {1, 2, 3})
        params.emplace_back(c, b, threads);
  return params;
}

INSTANTIATE_TEST_SUITE_P(Geometry, ConvBitExact,
                         ::testing::ValuesIn(nativeParams(geometryCases())),
                         paramName);
INSTANTIATE_TEST_SUITE_P(EdgeValues, ConvBitExact,
                         ::testing::ValuesIn(nativeParams(edgeCases())),
                         paramName);

/// Every level through the emulator, on small problems.
std::vector<Param> emulatedParams() {
  std::vector<ConvCase> cases;
  auto add = [&](Conv2dShape s, Grouping g, Values v, int mag) {
    ConvCase c;
    c.shape = s;
    c.grouping = g;
    c.values = v;
    c.magActivation = c.magFilter = mag;
    cases.push_back(c);
  };
  add(makeShape(1, 3, 5, 5, 7, 3, 3, 1, 1), Grouping::PerImage, Values::Random,
      13);
  add(makeShape(1, 4, 5, 7, 4, 3, 3, 2, 2, 2, 2), Grouping::Tensor,
      Values::Edge, 15);
  add(makeShape(1, 17, 1, 5, 3, 1, 1), Grouping::Tensor, Values::Edge, 11);
  add(makeShape(2, 6, 6, 6, 8, 3, 3, 1, 1, 1, 2), Grouping::PerImage,
      Values::Random, 13);
  std::vector<Param> params;
  int threads = 0;
  for (const ConvCase &c : cases)
    for (const Backend &b : vectorBackends(jit::ExecutionMode::Emulated))
      params.emplace_back(c, b, 1 + threads++ % 3);
  return params;
}

INSTANTIATE_TEST_SUITE_P(Emulated, ConvBitExact,
                         ::testing::ValuesIn(emulatedParams()), paramName);

/// The sweeps cover both the in-place (stride 1) and the packed paths of
/// every direction, and shifted views with and without stacked images.
TEST(ConvPlan, SweepsCoverInPlaceAndPackedPaths) {
  std::vector<ConvCase> cases = geometryCases();
  for (const ConvCase &c : edgeCases())
    cases.push_back(c);
  Backend best{jit::Isa::Avx512Vnni, jit::ExecutionMode::Emulated};
  for (ConvDirection d : {ConvDirection::Forward, ConvDirection::BackwardData,
                          ConvDirection::BackwardFilter}) {
    int inPlace = 0, packed = 0, shifted = 0, stacked = 0;
    for (const ConvCase &c : cases) {
      const ConvProblem &p = problemFor(c);
      const bool filterGradient = d == ConvDirection::BackwardFilter;
      const QuantizedTensor &first =
          d == ConvDirection::BackwardData ? p.dy : p.x;
      const QuantizedTensor &second = filterGradient ? p.dy : p.w;
      ConvPlan plan;
      const int64_t chain = d == ConvDirection::Forward ? p.chainForward
                            : filterGradient            ? p.chainBackwardFilter
                                                        : p.chainBackwardData;
      ASSERT_TRUE(makeConvPlan(d, c.shape, {first.format, second.format}, chain,
                               best.options(1), plan)
                      .ok());
      if (plan.usesReference())
        continue;
      ++(plan.inPlace ? inPlace : packed);
      shifted += plan.inPlace && plan.viewColumnPlanes > 1;
      stacked += plan.inPlace && plan.viewImages > 1;
    }
    EXPECT_GE(inPlace, 3) << toString(d);
    EXPECT_GE(packed, 3) << toString(d);
    if (d != ConvDirection::BackwardFilter) {
      EXPECT_GE(shifted, 3) << toString(d);
      EXPECT_GE(stacked, 2) << toString(d);
    }
  }
}

/// The scalar level runs the reference itself (and must say so).
TEST(ConvPlan, ScalarLevelUsesTheReference) {
  ConvCase c;
  c.shape = makeShape(1, 3, 5, 5, 4, 3, 3, 1, 1);
  const ConvProblem &p = problemFor(c);
  Backend scalar{jit::Isa::Scalar};
  ConvPlan plan;
  Status status =
      makeConvPlan(ConvDirection::Forward, c.shape, {p.x.format, p.w.format},
                   p.chainForward, scalar.options(1), plan);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(plan.usesReference());
  expectDirection(ConvDirection::Forward, c, p, scalar.options(1));
}

} // namespace
} // namespace dfp::conv::test
