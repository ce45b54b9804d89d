#include "TestSupport.h"

#include "dfp/reference/Contraction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

namespace dfp {
namespace {

using test::makeFormat;
using test::randomTensor;
using testing::HasSubstr;

std::vector<int64_t> inputShape(const Conv2dShape &s) {
  return {s.batch, s.channels, s.height, s.width};
}
std::vector<int64_t> filterShape(const Conv2dShape &s) {
  return {s.filters, s.channels / s.groups, s.kernelH, s.kernelW};
}
std::vector<int64_t> outputShape(const Conv2dShape &s) {
  return {s.batch, s.filters, s.outHeight(), s.outWidth()};
}

double dot(const std::vector<double> &a, const std::vector<double> &b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i)
    sum += a[i] * b[i];
  return sum;
}

std::vector<double> toDouble(const std::vector<float> &v) {
  return std::vector<double>(v.begin(), v.end());
}

struct ConvCase {
  std::string name;
  Conv2dShape shape;
};

std::ostream &operator<<(std::ostream &os, const ConvCase &c) {
  return os << c.name;
}

enum class GroupKind { One, Two, Depthwise };

/// Kernels 1/3/5, strides 1-2, padding 0-2 (bottom differing from top),
/// dilations 1-2, groups 1, 2 and depthwise, odd channel counts per group.
std::vector<ConvCase> convSweep() {
  std::vector<ConvCase> cases;
  for (int64_t kernel : {1, 3, 5})
    for (int64_t stride : {1, 2})
      for (int64_t pad : {0, 1, 2})
        for (int64_t dilation : {1, 2})
          for (GroupKind kind :
               {GroupKind::One, GroupKind::Two, GroupKind::Depthwise}) {
            Conv2dShape s;
            s.batch = 2;
            s.height = 9;
            s.width = 10;
            s.kernelH = s.kernelW = kernel;
            s.strides = {stride, stride};
            s.padding = {pad, pad, (pad + 1) % 3, pad};
            s.dilations = {dilation, dilation};
            const char *groups = "";
            switch (kind) {
            case GroupKind::One:
              s.channels = 5, s.filters = 3, s.groups = 1, groups = "G1";
              break;
            case GroupKind::Two:
              s.channels = 6, s.filters = 4, s.groups = 2, groups = "G2";
              break;
            case GroupKind::Depthwise:
              s.channels = 3, s.filters = 6, s.groups = 3, groups = "Depthwise";
              break;
            }
            cases.push_back({"K" + std::to_string(kernel) + "_S" +
                                 std::to_string(stride) + "_P" +
                                 std::to_string(pad) + "_D" +
                                 std::to_string(dilation) + "_" + groups,
                             s});
          }
  return cases;
}

/// Per-tensor exponents, or per-channel activations with per-filter weights.
enum class Exponents { PerTensor, PerChannel };

std::ostream &operator<<(std::ostream &os, Exponents e) {
  return os << (e == Exponents::PerTensor ? "PerTensor" : "PerChannel");
}

using ConvParam = std::tuple<ConvCase, Exponents>;

/// Small integers with exponents in [-2, 0]: every sum is exact in FP32, so
/// the DFP convolutions must equal the FP64 ones exactly.
class Conv2dExactTest : public testing::TestWithParam<ConvParam> {
protected:
  void SetUp() override {
    const auto &[c, exponents] = GetParam();
    shape = c.shape;
    ASSERT_TRUE(shape.verify().ok()) << shape.verify().message();
    bool perChannel = exponents == Exponents::PerChannel;
    std::mt19937 rng(uint32_t(std::hash<std::string>()(c.name)));
    auto grouping = [&](int axis) {
      return perChannel ? ExponentGrouping::perAxis(axis)
                        : ExponentGrouping::tensor();
    };
    x = randomTensor(rng, inputShape(shape), makeFormat(16, 13, grouping(1)),
                     -7, 7, -2, 0);
    w = randomTensor(rng, filterShape(shape), makeFormat(16, 13, grouping(0)),
                     -7, 7, -2, 0);
    dy = randomTensor(rng, outputShape(shape), makeFormat(8, 7, grouping(1)),
                      -7, 7, -2, 0);
  }

  static constexpr int64_t kChain = 3; // cuts inside taps and images

  Conv2dShape shape;
  QuantizedTensor x, w, dy;
};

TEST_P(Conv2dExactTest, ForwardMatchesFP64) {
  std::vector<float> y(dy.values.size());
  ASSERT_TRUE(conv2dForward(x, w, shape, kChain, y.data()).ok());
  std::vector<double> expected(y.size());
  conv2dForwardF64(test::exactValues(x).data(), test::exactValues(w).data(),
                   shape, expected.data());
  EXPECT_EQ(toDouble(y), expected);
}

TEST_P(Conv2dExactTest, BackwardDataMatchesFP64) {
  std::vector<float> dx(x.values.size());
  ASSERT_TRUE(conv2dBackwardData(dy, w, shape, kChain, dx.data()).ok());
  std::vector<double> expected(dx.size());
  conv2dBackwardDataF64(test::exactValues(dy).data(),
                        test::exactValues(w).data(), shape, expected.data());
  EXPECT_EQ(toDouble(dx), expected);
}

TEST_P(Conv2dExactTest, BackwardFilterMatchesFP64) {
  std::vector<float> dw(w.values.size());
  ASSERT_TRUE(conv2dBackwardFilter(x, dy, shape, kChain, dw.data()).ok());
  std::vector<double> expected(dw.size());
  conv2dBackwardFilterF64(test::exactValues(x).data(),
                          test::exactValues(dy).data(), shape, expected.data());
  EXPECT_EQ(toDouble(dw), expected);
}

// <conv(x, w), dy> == <x, bwdData(dy, w)> == <w, bwdFilter(x, dy)>, exact in
// FP64 for these integer-valued tensors.
TEST_P(Conv2dExactTest, BackwardOpsAreAdjointsOfForward) {
  std::vector<float> y(dy.values.size()), dx(x.values.size()),
      dw(w.values.size());
  ASSERT_TRUE(conv2dForward(x, w, shape, kChain, y.data()).ok());
  ASSERT_TRUE(conv2dBackwardData(dy, w, shape, kChain, dx.data()).ok());
  ASSERT_TRUE(conv2dBackwardFilter(x, dy, shape, kChain, dw.data()).ok());
  const std::vector<double> xv = test::exactValues(x),
                            wv = test::exactValues(w),
                            dyv = test::exactValues(dy);
  const double forward = dot(toDouble(y), dyv);
  EXPECT_EQ(forward, dot(xv, toDouble(dx)));
  EXPECT_EQ(forward, dot(wv, toDouble(dw)));

  std::vector<double> y64(y.size()), dx64(dx.size()), dw64(dw.size());
  conv2dForwardF64(xv.data(), wv.data(), shape, y64.data());
  conv2dBackwardDataF64(dyv.data(), wv.data(), shape, dx64.data());
  conv2dBackwardFilterF64(xv.data(), dyv.data(), shape, dw64.data());
  EXPECT_EQ(dot(y64, dyv), dot(xv, dx64));
  EXPECT_EQ(dot(y64, dyv), dot(wv, dw64));
}

INSTANTIATE_TEST_SUITE_P(
    Geometries, Conv2dExactTest,
    testing::Combine(testing::ValuesIn(convSweep()),
                     testing::Values(Exponents::PerTensor,
                                     Exponents::PerChannel)),
    [](const testing::TestParamInfo<ConvParam> &info) {
      return std::get<0>(info.param).name +
             (std::get<1>(info.param) == Exponents::PerTensor ? "_PerTensor"
                                                              : "_PerChannel");
    });

/// DESIGN §2 chains written out for one output element: `runs` are the
/// structural pieces (one per tap or image) of integer products in
/// reduction order; each is cut every `chain` products.
float chainRule(const std::vector<std::vector<int64_t>> &runs, int64_t chain,
                int exponentSum) {
  float acc = 0.0f;
  for (const std::vector<int64_t> &run : runs)
    for (size_t begin = 0; begin < run.size(); begin += size_t(chain)) {
      int64_t sum = 0;
      for (size_t i = begin; i < std::min(run.size(), begin + size_t(chain));
           ++i)
        sum += run[i];
      acc = std::fma(float(sum), std::ldexp(1.0f, exponentSum), acc);
    }
  return acc;
}

/// Full-range M = 13 data with per-tensor exponents and 41 channels and
/// filters per group: chain sums reach 2^28, so the bits show the cuts.
class Conv2dChainTest : public testing::Test {
protected:
  void SetUp() override {
    shape.batch = 2;
    shape.channels = shape.filters = 82;
    shape.groups = 2;
    shape.height = 6;
    shape.width = 5;
    shape.kernelH = shape.kernelW = 3;
    shape.padding = {1, 2, 1, 0};
    shape.strides = {1, 2};
    shape.dilations = {2, 1};
    ASSERT_TRUE(shape.verify().ok());
    std::mt19937 rng(21);
    x = randomTensor(rng, inputShape(shape), makeFormat(16, 13), -8191, 8191,
                     -3, -3);
    w = randomTensor(rng, filterShape(shape), makeFormat(16, 13), -8191, 8191,
                     -5, -5);
    dy = randomTensor(rng, outputShape(shape), makeFormat(16, 13), -8191, 8191,
                      2, 2);
    cg = shape.channels / shape.groups;
    kg = shape.filters / shape.groups;
    oh = shape.outHeight();
    ow = shape.outWidth();
  }

  int16_t xAt(int64_t n, int64_t c, int64_t h, int64_t v) const {
    if (h < 0 || h >= shape.height || v < 0 || v >= shape.width)
      return 0;
    return x.values[size_t(
        ((n * shape.channels + c) * shape.height + h) * shape.width + v)];
  }
  int16_t wAt(int64_t k, int64_t c, int64_t r, int64_t s) const {
    return w.values[size_t(((k * cg + c) * 3 + r) * 3 + s)];
  }
  int16_t dyAt(int64_t n, int64_t k, int64_t i, int64_t j) const {
    return dy.values[size_t(((n * shape.filters + k) * oh + i) * ow + j)];
  }
  int64_t row(int64_t i, int64_t r) const { return i * 1 - 1 + r * 2; }
  int64_t col(int64_t j, int64_t s) const { return j * 2 - 2 + s * 1; }
  bool inside(int64_t h, int64_t v) const {
    return h >= 0 && h < shape.height && v >= 0 && v < shape.width;
  }

  static constexpr int64_t kChain = 8;
  Conv2dShape shape;
  QuantizedTensor x, w, dy;
  int64_t cg = 0, kg = 0, oh = 0, ow = 0;
};

TEST_F(Conv2dChainTest, ForwardCutsAtTapsAndEveryChainChannels) {
  std::vector<float> y(dy.values.size());
  ASSERT_TRUE(conv2dForward(x, w, shape, kChain, y.data()).ok());
  size_t index = 0;
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t k = 0; k < shape.filters; ++k)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j, ++index) {
          std::vector<std::vector<int64_t>> runs;
          for (int64_t r = 0; r < 3; ++r)
            for (int64_t s = 0; s < 3; ++s) {
              if (!inside(row(i, r), col(j, s)))
                continue;
              std::vector<int64_t> &run = runs.emplace_back();
              for (int64_t c = 0; c < cg; ++c)
                run.push_back(
                    int64_t(xAt(n, k / kg * cg + c, row(i, r), col(j, s))) *
                    wAt(k, c, r, s));
            }
          ASSERT_EQ(y[index], chainRule(runs, kChain, -8)) << index;
        }
}

TEST_F(Conv2dChainTest, BackwardDataCutsAtTapsAndEveryChainFilters) {
  std::vector<float> dx(x.values.size());
  ASSERT_TRUE(conv2dBackwardData(dy, w, shape, kChain, dx.data()).ok());
  size_t index = 0;
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < shape.channels; ++c)
      for (int64_t h = 0; h < shape.height; ++h)
        for (int64_t v = 0; v < shape.width; ++v, ++index) {
          std::vector<std::vector<int64_t>> runs;
          for (int64_t r = 0; r < 3; ++r)
            for (int64_t s = 0; s < 3; ++s)
              // The output position (i, j) reading (h, v) through tap (r, s).
              for (int64_t i = 0; i < oh; ++i)
                for (int64_t j = 0; j < ow; ++j) {
                  if (row(i, r) != h || col(j, s) != v)
                    continue;
                  std::vector<int64_t> &run = runs.emplace_back();
                  for (int64_t k = 0; k < kg; ++k)
                    run.push_back(int64_t(dyAt(n, c / cg * kg + k, i, j)) *
                                  wAt(c / cg * kg + k, c % cg, r, s));
                }
          ASSERT_EQ(dx[index], chainRule(runs, kChain, -3)) << index;
        }
}

TEST_F(Conv2dChainTest, BackwardFilterCutsAtImagesAndCountsPadding) {
  std::vector<float> dw(w.values.size());
  ASSERT_TRUE(conv2dBackwardFilter(x, dy, shape, 7, dw.data()).ok());
  size_t index = 0;
  for (int64_t k = 0; k < shape.filters; ++k)
    for (int64_t c = 0; c < cg; ++c)
      for (int64_t r = 0; r < 3; ++r)
        for (int64_t s = 0; s < 3; ++s, ++index) {
          std::vector<std::vector<int64_t>> runs;
          for (int64_t n = 0; n < 2; ++n) {
            std::vector<int64_t> &run = runs.emplace_back();
            for (int64_t i = 0; i < oh; ++i)
              for (int64_t j = 0; j < ow; ++j)
                run.push_back(
                    int64_t(xAt(n, k / kg * cg + c, row(i, r), col(j, s))) *
                    dyAt(n, k, i, j));
          }
          ASSERT_EQ(dw[index], chainRule(runs, 7, -1)) << index;
        }
}

TEST_F(Conv2dChainTest, ForwardCutsWherePerChannelExponentsChange) {
  // Per-channel input exponents: the group changes at every channel, so
  // every product is its own chain whatever the chain length.
  x.format.grouping = ExponentGrouping::perAxis(1);
  std::mt19937 rng(9);
  std::uniform_int_distribution<int32_t> exponent(-4, 0);
  x.exponents.resize(size_t(shape.channels));
  for (int32_t &e : x.exponents)
    e = exponent(rng);
  std::vector<float> y(dy.values.size());
  ASSERT_TRUE(conv2dForward(x, w, shape, kChain, y.data()).ok());
  size_t index = 0;
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t k = 0; k < shape.filters; ++k)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j, ++index) {
          float acc = 0.0f;
          for (int64_t r = 0; r < 3; ++r)
            for (int64_t s = 0; s < 3; ++s)
              for (int64_t c = 0; c < cg && inside(row(i, r), col(j, s)); ++c) {
                int64_t channel = k / kg * cg + c;
                float product =
                    float(int32_t(xAt(n, channel, row(i, r), col(j, s))) *
                          wAt(k, c, r, s));
                acc = std::fma(
                    product, std::ldexp(1.0f, x.exponents[size_t(channel)] - 5),
                    acc);
              }
          ASSERT_EQ(y[index], acc) << index;
        }
}

struct ConvErrorCase {
  const char *name;
  void (*mutate)(Conv2dShape &, QuantizedTensor &x, QuantizedTensor &w,
                 QuantizedTensor &dy, int64_t &chain);
  const char *message;
};

std::ostream &operator<<(std::ostream &os, const ConvErrorCase &c) {
  return os << c.name;
}

class Conv2dErrorTest : public testing::TestWithParam<ConvErrorCase> {};

// Each mutation breaks one thing; all three ops must report it (each op
// checks only the operands it takes, so some cases affect only some ops).
TEST_P(Conv2dErrorTest, IsReportedByEveryAffectedOp) {
  Conv2dShape shape;
  shape.batch = 1;
  shape.channels = 4;
  shape.filters = 2;
  shape.height = shape.width = 5;
  shape.kernelH = shape.kernelW = 3;
  std::mt19937 rng(8);
  QuantizedTensor x =
      randomTensor(rng, inputShape(shape), makeFormat(16, 13), -8191, 8191);
  QuantizedTensor w =
      randomTensor(rng, filterShape(shape), makeFormat(16, 13), -8191, 8191);
  QuantizedTensor dy =
      randomTensor(rng, outputShape(shape), makeFormat(16, 13), -8191, 8191);
  x.values[0] = w.values[0] = dy.values[0] = 8191;
  int64_t chain = 2;
  GetParam().mutate(shape, x, w, dy, chain);
  std::vector<float> out(1024);
  int failures = 0;
  for (Status status : {conv2dForward(x, w, shape, chain, out.data()),
                        conv2dBackwardData(dy, w, shape, chain, out.data()),
                        conv2dBackwardFilter(x, dy, shape, chain, out.data())})
    if (!status.ok()) {
      ++failures;
      EXPECT_THAT(status.message(), HasSubstr(GetParam().message));
      EXPECT_THAT(status.message(), HasSubstr("conv2d"));
    }
  EXPECT_GE(failures, 2);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, Conv2dErrorTest,
    testing::Values(
        ConvErrorCase{"ZeroStride",
                      [](Conv2dShape &s, QuantizedTensor &, QuantizedTensor &,
                         QuantizedTensor &, int64_t &) { s.strides[1] = 0; },
                      "stride along W must be positive"},
        ConvErrorCase{"GroupsNotDividing",
                      [](Conv2dShape &s, QuantizedTensor &, QuantizedTensor &,
                         QuantizedTensor &, int64_t &) { s.groups = 3; },
                      "3 groups must divide"},
        ConvErrorCase{"KernelTooLarge",
                      [](Conv2dShape &s, QuantizedTensor &, QuantizedTensor &,
                         QuantizedTensor &, int64_t &) { s.dilations[0] = 3; },
                      "does not fit"},
        ConvErrorCase{"NegativePadding",
                      [](Conv2dShape &s, QuantizedTensor &, QuantizedTensor &,
                         QuantizedTensor &, int64_t &) { s.padding[3] = -1; },
                      "padding must not be negative"},
        ConvErrorCase{"FilterShape",
                      [](Conv2dShape &s, QuantizedTensor &, QuantizedTensor &,
                         QuantizedTensor &, int64_t &) { s.kernelW = 1; },
                      "does not match the geometry"},
        ConvErrorCase{"SpatialExponents",
                      [](Conv2dShape &, QuantizedTensor &x, QuantizedTensor &,
                         QuantizedTensor &dy, int64_t &) {
                        x.format.grouping = dy.format.grouping =
                            ExponentGrouping::perAxis(2);
                        x.exponents.assign(5, 0);
                        dy.exponents.assign(3, 0);
                      },
                      "may not vary along H or W"},
        ConvErrorCase{"Overflow",
                      [](Conv2dShape &, QuantizedTensor &, QuantizedTensor &,
                         QuantizedTensor &, int64_t &chain) { chain = 33; },
                      "chain 33 could overflow INT32"},
        ConvErrorCase{"ZeroChain",
                      [](Conv2dShape &, QuantizedTensor &, QuantizedTensor &,
                         QuantizedTensor &, int64_t &chain) { chain = 0; },
                      "chain length must be positive"}),
    [](const testing::TestParamInfo<ConvErrorCase> &info) {
      return std::string(info.param.name);
    });

TEST(Conv2dShapeTest, OutputExtentsFollowTheUsualFormula) {
  Conv2dShape s;
  s.height = 9;
  s.width = 10;
  s.kernelH = s.kernelW = 5;
  s.padding = {2, 1, 0, 2};
  s.strides = {2, 3};
  s.dilations = {2, 1};
  // H: (9 + 2 + 0 - 2 * 4 - 1) / 2 + 1 = 2; W: (10 + 1 + 2 - 4 - 1) / 3 + 1 = 3
  EXPECT_EQ(s.outHeight(), 2);
  EXPECT_EQ(s.outWidth(), 3);
  s.dilations = {3, 1};
  EXPECT_EQ(s.outHeight(), 0);
  EXPECT_FALSE(s.verify().ok());
}

} // namespace
} // namespace dfp
