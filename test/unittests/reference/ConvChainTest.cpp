#include "ChainRule.h"
#include "TestSupport.h"

#include "dfp/reference/ChainLength.h"
#include "dfp/reference/Contraction.h"

#include <gtest/gtest.h>

namespace dfp {
namespace {

using test::makeFormat;
using test::randomTensor;
using test::Term;

/// Convolution with exponent groups that change along the reduction: filter
/// blocks along its channels (forward) or along the filters (backward-data),
/// per-image activations (every op). Activations keep groups that do not
/// vary along H and W, as Contraction.h requires. Full-range M = 14 data with
/// chains that do not divide the blocks, so the FP32 bits show exactly where
/// each chain is cut (restarting after every block boundary).
class ConvChainTest : public testing::Test {
protected:
  void SetUp() override {
    shape.batch = 3;
    shape.channels = 24;
    shape.filters = 20;
    shape.groups = 2; // 12 channels, 10 filters per group
    shape.height = 5;
    shape.width = 6;
    shape.kernelH = 3;
    shape.kernelW = 2;
    shape.strides = {2, 1};
    shape.padding = {1, 0, 2, 1};
    shape.dilations = {1, 2};
    ASSERT_TRUE(shape.verify().ok());
    oh = shape.outHeight();
    ow = shape.outWidth();
    cg = shape.channels / shape.groups;
    kg = shape.filters / shape.groups;
    ASSERT_LE(kChain, chainLength(14, 14));
  }

  /// Full-range values; a narrow exponent range keeps one group from
  /// swamping the rounding of the others.
  QuantizedTensor tensor(const std::vector<int64_t> &dims,
                         ExponentGrouping grouping, uint32_t seed,
                         int32_t expLo = -6, int32_t expHi = 3) {
    std::mt19937 rng(seed);
    return randomTensor(rng, dims, makeFormat(16, 14, grouping), -16383, 16383,
                        expLo, expHi);
  }
  std::vector<int64_t> xDims() const {
    return {shape.batch, shape.channels, shape.height, shape.width};
  }
  std::vector<int64_t> wDims() const {
    return {shape.filters, cg, shape.kernelH, shape.kernelW};
  }
  std::vector<int64_t> yDims() const {
    return {shape.batch, shape.filters, oh, ow};
  }
  int64_t xIndex(int64_t n, int64_t c, int64_t h, int64_t v) const {
    return ((n * shape.channels + c) * shape.height + h) * shape.width + v;
  }
  int64_t wIndex(int64_t k, int64_t c, int64_t r, int64_t s) const {
    return ((k * cg + c) * shape.kernelH + r) * shape.kernelW + s;
  }
  int64_t yIndex(int64_t n, int64_t k, int64_t i, int64_t j) const {
    return ((n * shape.filters + k) * oh + i) * ow + j;
  }
  int64_t row(int64_t i, int64_t r) const {
    return i * shape.strides[0] - shape.padding[0] + r * shape.dilations[0];
  }
  int64_t col(int64_t j, int64_t s) const {
    return j * shape.strides[1] - shape.padding[1] + s * shape.dilations[1];
  }
  bool inside(int64_t h, int64_t v) const {
    return h >= 0 && h < shape.height && v >= 0 && v < shape.width;
  }
  static Term term(const QuantizedTensor &a, int64_t ia,
                   const QuantizedTensor &b, int64_t ib, int64_t window) {
    int64_t ga = a.groupOf(ia), gb = b.groupOf(ib);
    return {a.values[size_t(ia)],
            b.values[size_t(ib)],
            ga,
            gb,
            a.exponents[size_t(ga)] + b.exponents[size_t(gb)],
            window};
  }

  static constexpr int64_t kChain = 5;
  Conv2dShape shape;
  int64_t oh = 0, ow = 0, cg = 0, kg = 0;
};

TEST_F(ConvChainTest, ForwardCutsAtChannelBlocks) {
  QuantizedTensor x = tensor(xDims(), ExponentGrouping::perAxis(0), 1);
  QuantizedTensor w = tensor(wDims(), ExponentGrouping::block(6, 1), 2);
  std::vector<float> y(size_t(shape.batch * shape.filters * oh * ow));
  ASSERT_TRUE(conv2dForward(x, w, shape, kChain, y.data()).ok());
  int64_t differing = 0;
  for (int64_t n = 0; n < shape.batch; ++n)
    for (int64_t k = 0; k < shape.filters; ++k)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          std::vector<Term> terms;
          for (int64_t r = 0; r < shape.kernelH; ++r)
            for (int64_t s = 0; s < shape.kernelW; ++s)
              for (int64_t c = 0; c < cg && inside(row(i, r), col(j, s)); ++c)
                terms.push_back(
                    term(x, xIndex(n, k / kg * cg + c, row(i, r), col(j, s)), w,
                         wIndex(k, c, r, s), r * shape.kernelW + s));
          float got = y[size_t(yIndex(n, k, i, j))];
          ASSERT_EQ(test::floatBits(got),
                    test::floatBits(test::chainedSum(terms, kChain)))
              << n << "," << k << "," << i << "," << j;
          differing += float(test::exactSum(terms)) != got;
        }
  EXPECT_GT(differing, 0) << "the data does not exercise FP32 rounding";
}

TEST_F(ConvChainTest, BackwardDataCutsAtFilterBlocks) {
  QuantizedTensor dy = tensor(yDims(), ExponentGrouping::perAxis(0), 3);
  QuantizedTensor w = tensor(wDims(), ExponentGrouping::block(4, 0), 4);
  std::vector<float> dx(
      size_t(xDims()[0] * shape.channels * shape.height * shape.width));
  constexpr int64_t kFilterChain = 3; // blocks of 4 filters: pieces 3 + 1
  ASSERT_TRUE(conv2dBackwardData(dy, w, shape, kFilterChain, dx.data()).ok());
  for (int64_t n = 0; n < shape.batch; ++n)
    for (int64_t c = 0; c < shape.channels; ++c)
      for (int64_t h = 0; h < shape.height; ++h)
        for (int64_t v = 0; v < shape.width; ++v) {
          std::vector<Term> terms;
          for (int64_t r = 0; r < shape.kernelH; ++r)
            for (int64_t s = 0; s < shape.kernelW; ++s)
              for (int64_t i = 0; i < oh; ++i)
                for (int64_t j = 0; j < ow; ++j) {
                  if (row(i, r) != h || col(j, s) != v)
                    continue;
                  for (int64_t k = 0; k < kg; ++k) {
                    int64_t filter = c / cg * kg + k;
                    terms.push_back(term(dy, yIndex(n, filter, i, j), w,
                                         wIndex(filter, c % cg, r, s),
                                         r * shape.kernelW + s));
                  }
                }
          ASSERT_EQ(test::floatBits(dx[size_t(xIndex(n, c, h, v))]),
                    test::floatBits(test::chainedSum(terms, kFilterChain)))
              << n << "," << c << "," << h << "," << v;
        }
}

// Chains run over output positions of one image; padding positions are zero
// products that count toward the chain length.
TEST_F(ConvChainTest, BackwardFilterCutsAtImagesAndCountsPadding) {
  QuantizedTensor x = tensor(xDims(), ExponentGrouping::perAxis(0), 5, 0, 0);
  QuantizedTensor dy = tensor(yDims(), ExponentGrouping::perAxis(1), 6, -1, 0);
  std::vector<float> dw(
      size_t(shape.filters * cg * shape.kernelH * shape.kernelW));
  // A chain of 3 does not divide the 5 output columns, so every cut depends
  // on counting the padding positions before it.
  constexpr int64_t kPositionChain = 3;
  int64_t visible = 0;
  ASSERT_TRUE(
      conv2dBackwardFilter(x, dy, shape, kPositionChain, dw.data()).ok());
  for (int64_t k = 0; k < shape.filters; ++k)
    for (int64_t c = 0; c < cg; ++c)
      for (int64_t r = 0; r < shape.kernelH; ++r)
        for (int64_t s = 0; s < shape.kernelW; ++s) {
          std::vector<Term> terms;
          int64_t channel = k / kg * cg + c;
          for (int64_t n = 0; n < shape.batch; ++n)
            for (int64_t i = 0; i < oh; ++i)
              for (int64_t j = 0; j < ow; ++j) {
                Term t = term(x, xIndex(n, channel, 0, 0), dy,
                              yIndex(n, k, i, j), n);
                if (inside(row(i, r), col(j, s)))
                  t.a = x.values[size_t(
                      xIndex(n, channel, row(i, r), col(j, s)))];
                else
                  t.a = 0;
                terms.push_back(t);
              }
          std::vector<Term> withoutPadding;
          for (const Term &t : terms)
            if (t.a != 0)
              withoutPadding.push_back(t);
          visible += test::chainedSum(withoutPadding, kPositionChain) !=
                     test::chainedSum(terms, kPositionChain);
          ASSERT_EQ(test::floatBits(dw[size_t(wIndex(k, c, r, s))]),
                    test::floatBits(test::chainedSum(terms, kPositionChain)))
              << k << "," << c << "," << r << "," << s;
        }
  EXPECT_GT(visible, 0) << "the data does not show how padding is counted";
}

} // namespace
} // namespace dfp
