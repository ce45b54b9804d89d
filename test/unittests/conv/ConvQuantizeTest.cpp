// quantizeActivation (FP32 straight into the conv views) and quantizeWeights
// (FP32 straight into the packed filter) against the reference: dfp::quantize
// then dfp::conv2dForward / conv2dBackwardData.
#include "ConvTestSupport.h"

#include "dfp/reference/ChainLength.h"
#include "dfp/reference/Contraction.h"
#include "dfp/reference/Quantize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <tuple>

namespace dfp::conv::test {
namespace {

struct QuantizeCase {
  Conv2dShape shape;
  ExponentGrouping grouping;
  Rounding rounding = Rounding::NearestEven;
  std::string name;
};

using QuantizeParam = std::tuple<QuantizeCase, Backend, int>;

std::vector<float> randomFloats(int64_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> value(-3.0f, 3.0f);
  std::vector<float> v(static_cast<size_t>(count));
  for (float &f : v)
    f = value(rng);
  return v;
}

int64_t elements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int32_t maxMagnitudeOf(const QuantizedTensor &t) {
  int32_t maxAbs = 0;
  for (int16_t v : t.values)
    maxAbs = std::max(maxAbs, std::abs(int32_t(v)));
  return maxAbs;
}

class ConvQuantize : public ::testing::TestWithParam<QuantizeParam> {};

TEST_P(ConvQuantize, MatchesReferenceQuantizeAndConv) {
  const auto &[c, backend, threads] = GetParam();
  if (!backend.available())
    GTEST_SKIP() << backend.name() << " is not supported by this host";
  const Conv2dShape &shape = c.shape;
  const int64_t outH = (shape.height + shape.padding[0] + shape.padding[2] -
                        shape.dilations[0] * (shape.kernelH - 1) - 1) /
                           shape.strides[0] +
                       1;
  const int64_t outW = (shape.width + shape.padding[1] + shape.padding[3] -
                        shape.dilations[1] * (shape.kernelW - 1) - 1) /
                           shape.strides[1] +
                       1;
  DfpFormat activationFormat, filterFormat;
  activationFormat.grouping = c.grouping;
  const std::vector<int64_t> filterShape{shape.filters,
                                         shape.channels / shape.groups,
                                         shape.kernelH, shape.kernelW};
  QuantizedTensor w;
  const std::vector<float> wf = randomFloats(elements(filterShape), 7);
  ASSERT_TRUE(quantize(wf.data(), filterShape, filterFormat,
                       Rounding::NearestEven, {}, w)
                  .ok());
  const int64_t chain = chainLength(13, 13);
  const StochasticSeed seed{0x1234abcdull, 3, 5};

  for (ConvDirection d :
       {ConvDirection::Forward, ConvDirection::BackwardData}) {
    SCOPED_TRACE(toString(d));
    const bool forward = d == ConvDirection::Forward;
    const std::vector<int64_t> shapeA =
        forward ? std::vector<int64_t>{shape.batch, shape.channels,
                                       shape.height, shape.width}
                : std::vector<int64_t>{shape.batch, shape.filters, outH, outW};
    const std::vector<float> af = randomFloats(elements(shapeA), 11);
    QuantizedTensor a;
    ASSERT_TRUE(
        quantize(af.data(), shapeA, activationFormat, c.rounding, seed, a)
            .ok());
    const int64_t outCount =
        forward ? shape.batch * shape.filters * outH * outW
                : shape.batch * shape.channels * shape.height * shape.width;
    std::vector<float> expected(static_cast<size_t>(outCount)),
        actual(static_cast<size_t>(outCount));
    ASSERT_TRUE(
        (forward ? dfp::conv2dForward(a, w, shape, chain, expected.data())
                 : dfp::conv2dBackwardData(a, w, shape, chain, expected.data()))
            .ok());

    ConvPlan plan;
    ASSERT_TRUE(makeConvPlan(d, shape, {activationFormat, filterFormat}, chain,
                             backend.options(threads), plan)
                    .ok());
    if (c.name == "views_stacked" && backend.isa != jit::Isa::Scalar)
      EXPECT_GT(plan.viewImages, 1);
    PackedConvWeights packed, fused;
    ASSERT_TRUE(packWeights(plan, w, packed).ok());
    ASSERT_TRUE(
        quantizeWeights(plan, wf.data(), Rounding::NearestEven, {}, fused)
            .ok());
    EXPECT_EQ(fused.metadata.exponents, packed.metadata.exponents);
    EXPECT_EQ(fused.maxAbs, packed.maxAbs);
    EXPECT_EQ(fused.groups, packed.groups);
    ConvActivation quantized;
    // Twice into the same object: its buffers are reused.
    for (int run = 0; run < 2; ++run) {
      std::fill(actual.begin(), actual.end(),
                std::numeric_limits<float>::quiet_NaN());
      ASSERT_TRUE(
          quantizeActivation(plan, af.data(), c.rounding, seed, quantized)
              .ok());
      EXPECT_EQ(quantized.tensor.exponents, a.exponents);
      EXPECT_EQ(quantized.maxAbs, maxMagnitudeOf(a));
      // The scalar level runs the reference, on the quantized tensor.
      const bool views =
          c.name.rfind("views", 0) == 0 && backend.isa != jit::Isa::Scalar;
      EXPECT_EQ(views, !quantized.views.empty());
      EXPECT_EQ(views, quantized.tensor.values.empty());
      const PackedConvWeights &weights = run == 0 ? packed : fused;
      Status status =
          forward ? runForward(plan, quantized, weights, actual.data())
                  : runBackwardData(plan, quantized, weights, actual.data());
      ASSERT_TRUE(status.ok()) << status.message();
      EXPECT_EQ(0, std::memcmp(actual.data(), expected.data(),
                               actual.size() * sizeof(float)));
    }
  }
}

std::vector<QuantizeCase> quantizeCases() {
  auto make = [](Conv2dShape s, ExponentGrouping g, Rounding r,
                 const char *name) {
    QuantizeCase c;
    c.shape = s;
    c.grouping = g;
    c.rounding = r;
    c.name = name;
    return c;
  };
  using G = ExponentGrouping;
  return {
      make(makeShape(2, 6, 9, 11, 8, 3, 3, 1, 1), G::tensor(),
           Rounding::NearestEven, "views"),
      make(makeShape(3, 8, 7, 7, 6, 3, 3, 1, 1), G::perAxis(0),
           Rounding::Stochastic, "views_per_image_stochastic"),
      make(makeShape(2, 8, 6, 6, 4, 3, 3, 1, 1), G::perAxis(1),
           Rounding::Stochastic, "tensor_per_channel_stochastic"),
      make(makeShape(2, 8, 9, 9, 8, 3, 3, 2, 1, 1, 2), G::tensor(),
           Rounding::Stochastic, "views_strided_grouped"),
      make(makeShape(1, 4, 13, 7, 6, 5, 5, 1, 2, 2), G::tensor(),
           Rounding::NearestEven, "views_dilated"),
      make(makeShape(2, 6, 5, 5, 6, 3, 3, 1, 1, 1, 3), G::tensor(),
           Rounding::Stochastic, "views_depthwise_pairs"),
      // Shifted views with images stacked (a partial last block), built
      // concurrently by the quantizer's workers.
      make(makeShape(5, 8, 7, 7, 6, 3, 3, 1, 1), G::tensor(),
           Rounding::Stochastic, "views_stacked"),
      // Whole filter row panels (6 per group) and filter pairs per group in
      // quantizeWeights' runs.
      make(makeShape(1, 4, 6, 6, 12, 3, 3, 1, 1, 1, 2), G::tensor(),
           Rounding::NearestEven, "views_grouped_row_panels"),
      // Per-channel exponents (chains of one channel: no pairs in place) and
      // odd channels per group: the quantized tensor, not views.
      make(makeShape(2, 5, 7, 7, 3, 3, 3, 1, 1), G::tensor(),
           Rounding::Stochastic, "tensor_odd_channels"),
      make(makeShape(1, 6, 5, 5, 6, 3, 3, 1, 1, 1, 2), G::tensor(),
           Rounding::NearestEven, "tensor_odd_per_group"),
  };
}

std::vector<QuantizeParam> quantizeParams() {
  std::vector<QuantizeParam> params;
  for (const QuantizeCase &c : quantizeCases()) {
    for (const Backend &b : vectorBackends(jit::ExecutionMode::Native))
      for (int threads : {1, 2, 3})
        params.emplace_back(c, b, threads);
    params.emplace_back(c, Backend{jit::Isa::Scalar}, 2);
    params.emplace_back(
        c, Backend{jit::Isa::Avx512Vnni, jit::ExecutionMode::Emulated}, 2);
  }
  return params;
}

std::string
quantizeParamName(const ::testing::TestParamInfo<QuantizeParam> &info) {
  const auto &[c, backend, threads] = info.param;
  return c.name + "_" + backend.name() + "_t" + std::to_string(threads);
}

INSTANTIATE_TEST_SUITE_P(Activations, ConvQuantize,
                         ::testing::ValuesIn(quantizeParams()),
                         quantizeParamName);

TEST(ConvQuantizeErrors, RejectsBackwardFilterPlansAndForeignActivations) {
  const Conv2dShape shape = makeShape(1, 4, 5, 5, 4, 3, 3, 1, 1);
  ConvPlan filterPlan, forwardPlan, otherPlan;
  ASSERT_TRUE(makeConvPlan(ConvDirection::BackwardFilter, shape, {{}, {}}, 32,
                           {}, filterPlan)
                  .ok());
  const std::vector<float> x(4 * 6 * 6, 1.0f); // the larger plan's input
  ConvActivation a;
  Status status =
      quantizeActivation(filterPlan, x.data(), Rounding::NearestEven, {}, a);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("conv2d_backward_filter"), std::string::npos);
  PackedConvWeights unused;
  EXPECT_FALSE(
      quantizeWeights(filterPlan, x.data(), Rounding::NearestEven, {}, unused)
          .ok());

  // A vector level (emulated where absent), so that the activation is views
  // whatever DFP_MAX_ISA says.
  ConvOptions vector;
  vector.isa = jit::Isa::Avx2;
  vector.execution = jit::ExecutionMode::Emulated;
  ASSERT_TRUE(makeConvPlan(ConvDirection::Forward, shape, {{}, {}}, 32, vector,
                           forwardPlan)
                  .ok());
  ASSERT_TRUE(makeConvPlan(ConvDirection::Forward,
                           makeShape(1, 4, 6, 6, 4, 3, 3, 1, 1), {{}, {}}, 32,
                           vector, otherPlan)
                  .ok());
  ASSERT_TRUE(
      quantizeActivation(otherPlan, x.data(), Rounding::NearestEven, {}, a)
          .ok());
  ASSERT_FALSE(a.views.empty());
  QuantizedTensor w;
  const std::vector<float> wf(4 * 4 * 9, 0.5f);
  ASSERT_TRUE(
      quantize(wf.data(), {4, 4, 3, 3}, {}, Rounding::NearestEven, {}, w).ok());
  PackedConvWeights packed;
  ASSERT_TRUE(packWeights(forwardPlan, w, packed).ok());
  std::vector<float> y(100);
  status = runForward(forwardPlan, a, packed, y.data());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("quantized for another plan"),
            std::string::npos);

  std::vector<float> bad(x);
  bad[7] = std::numeric_limits<float>::infinity();
  EXPECT_FALSE(
      quantizeActivation(forwardPlan, bad.data(), Rounding::NearestEven, {}, a)
          .ok());
}

} // namespace
} // namespace dfp::conv::test
