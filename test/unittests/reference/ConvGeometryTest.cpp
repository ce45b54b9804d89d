#include "TestSupport.h"

#include "dfp/reference/Contraction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>

#include <tuple>

namespace dfp {
namespace {

using test::exactValues;
using test::makeFormat;
using test::randomTensor;

/// The three convolutions written from the textbook formula, independently
/// of the library's indexing: y[n,k,oh,ow] += x[n,c,ih,iw] * w[k,c',r,s]
/// for every in-bounds (ih, iw), scattered into dx and dw for the adjoints.
struct NaiveConv {
  const Conv2dShape &s;
  std::vector<double> y, dx, dw;

  void run(const std::vector<double> &x, const std::vector<double> &w,
           const std::vector<double> &dy) {
    const int64_t oh = s.outHeight(), ow = s.outWidth();
    const int64_t cg = s.channels / s.groups, kg = s.filters / s.groups;
    y.assign(size_t(s.batch * s.filters * oh * ow), 0.0);
    dx.assign(x.size(), 0.0);
    dw.assign(w.size(), 0.0);
    for (int64_t n = 0; n < s.batch; ++n)
      for (int64_t k = 0; k < s.filters; ++k)
        for (int64_t i = 0; i < oh; ++i)
          for (int64_t j = 0; j < ow; ++j)
            for (int64_t c = 0; c < cg; ++c)
              for (int64_t r = 0; r < s.kernelH; ++r)
                for (int64_t q = 0; q < s.kernelW; ++q) {
                  int64_t ih =
                      i * s.strides[0] + r * s.dilations[0] - s.padding[0];
                  int64_t iw =
                      j * s.strides[1] + q * s.dilations[1] - s.padding[1];
                  if (ih < 0 || ih >= s.height || iw < 0 || iw >= s.width)
                    continue;
                  int64_t channel = (k / kg) * cg + c;
                  size_t xi = size_t(
                      ((n * s.channels + channel) * s.height + ih) * s.width +
                      iw);
                  size_t wi =
                      size_t(((k * cg + c) * s.kernelH + r) * s.kernelW + q);
                  size_t yi = size_t(((n * s.filters + k) * oh + i) * ow + j);
                  y[yi] += x[xi] * w[wi];
                  dx[xi] += dy[yi] * w[wi];
                  dw[wi] += x[xi] * dy[yi];
                }
  }
};

double dot(const std::vector<double> &a, const std::vector<double> &b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i)
    sum += a[i] * b[i];
  return sum;
}

enum class Groups { One, Two, Depthwise };

struct Geometry {
  int64_t kernel, spatial, stride, pad, dilation;
  Groups groups;
  int64_t count; // channels per group (One, Two) or channels (Depthwise)
};

std::ostream &operator<<(std::ostream &os, const Geometry &g) {
  return os << "k" << g.kernel << " h" << g.spatial;
}

const char *groupsName(Groups g) {
  switch (g) {
  case Groups::One:
    return "G1";
  case Groups::Two:
    return "G2";
  case Groups::Depthwise:
    return "Depthwise";
  }
  return "?";
}

/// H takes the spatial size, W the next one (1 -> 5 -> 7 -> 1); padding is
/// asymmetric (top/left p, bottom p+1, right p+2, mod 3).
Conv2dShape shapeOf(const Geometry &g) {
  Conv2dShape s;
  s.batch = 2;
  s.height = g.spatial;
  s.width = g.spatial == 1 ? 5 : g.spatial == 5 ? 7 : 1;
  s.kernelH = s.kernelW = g.kernel;
  s.strides = {g.stride, g.stride};
  s.padding = {g.pad, g.pad, (g.pad + 1) % 3, (g.pad + 2) % 3};
  s.dilations = {g.dilation, g.dilation};
  switch (g.groups) {
  case Groups::One:
    s.channels = g.count, s.groups = 1, s.filters = 2;
    break;
  case Groups::Two:
    s.channels = 2 * g.count, s.groups = 2, s.filters = 4;
    break;
  case Groups::Depthwise:
    s.channels = g.count, s.groups = g.count, s.filters = 2 * g.count;
    break;
  }
  return s;
}

std::vector<Geometry> geometries() {
  std::vector<Geometry> all;
  for (int64_t kernel : {1, 3, 5})
    for (int64_t spatial : {1, 5, 7})
      for (int64_t stride : {1, 2})
        for (int64_t pad : {0, 1, 2})
          for (int64_t dilation : {1, 2})
            for (Groups groups : {Groups::One, Groups::Two, Groups::Depthwise})
              for (int64_t count : {1, 3, 17})
                all.push_back(
                    {kernel, spatial, stride, pad, dilation, groups, count});
  return all;
}

class ConvGeometryTest : public testing::TestWithParam<Geometry> {};

// Integer data |q| <= 7 with exponents in [-2, 0]: every sum is exact in
// FP32, so all three DFP ops (with chain cuts) and the FP64 references must
// equal the textbook convolution, and the backward ops are its adjoints.
// Geometries whose dilated kernel does not fit are errors in every op.
TEST_P(ConvGeometryTest, MatchesTheTextbookConvolution) {
  const Conv2dShape shape = shapeOf(GetParam());
  const int64_t cg = shape.channels / shape.groups;
  std::mt19937 rng(uint32_t(shape.channels * 131 + shape.height * 17 +
                            shape.kernelH * 7 + shape.padding[0]));
  const int64_t oh = shape.outHeight(), ow = shape.outWidth();
  QuantizedTensor x = randomTensor(
      rng, {shape.batch, shape.channels, shape.height, shape.width},
      makeFormat(16, 13), -7, 7, -2, 0);
  QuantizedTensor w = randomTensor(
      rng, {shape.filters, cg, shape.kernelH, shape.kernelW},
      makeFormat(16, 13, ExponentGrouping::perAxis(0)), -7, 7, -2, 0);
  QuantizedTensor dy = randomTensor(
      rng,
      {shape.batch, shape.filters, std::max<int64_t>(oh, 1),
       std::max<int64_t>(ow, 1)},
      makeFormat(8, 7, ExponentGrouping::perAxis(1)), -7, 7, -2, 0);
  constexpr int64_t kChain = 5;
  std::vector<float> y(dy.values.size()), dx(x.values.size()),
      dw(w.values.size());

  if (!shape.verify().ok()) {
    EXPECT_THAT(shape.verify().message(), testing::HasSubstr("does not fit"));
    EXPECT_FALSE(conv2dForward(x, w, shape, kChain, y.data()).ok());
    EXPECT_FALSE(conv2dBackwardData(dy, w, shape, kChain, dx.data()).ok());
    EXPECT_FALSE(conv2dBackwardFilter(x, dy, shape, kChain, dw.data()).ok());
    return;
  }
  const std::vector<double> xv = exactValues(x), wv = exactValues(w),
                            dyv = exactValues(dy);
  NaiveConv naive{shape, {}, {}, {}};
  naive.run(xv, wv, dyv);

  ASSERT_TRUE(conv2dForward(x, w, shape, kChain, y.data()).ok());
  ASSERT_TRUE(conv2dBackwardData(dy, w, shape, kChain, dx.data()).ok());
  ASSERT_TRUE(conv2dBackwardFilter(x, dy, shape, kChain, dw.data()).ok());
  EXPECT_EQ(std::vector<double>(y.begin(), y.end()), naive.y);
  EXPECT_EQ(std::vector<double>(dx.begin(), dx.end()), naive.dx);
  EXPECT_EQ(std::vector<double>(dw.begin(), dw.end()), naive.dw);

  std::vector<double> y64(y.size()), dx64(dx.size()), dw64(dw.size());
  conv2dForwardF64(xv.data(), wv.data(), shape, y64.data());
  conv2dBackwardDataF64(dyv.data(), wv.data(), shape, dx64.data());
  conv2dBackwardFilterF64(xv.data(), dyv.data(), shape, dw64.data());
  EXPECT_EQ(y64, naive.y);
  EXPECT_EQ(dx64, naive.dx);
  EXPECT_EQ(dw64, naive.dw);

  // <conv(x, w), dy> == <x, convBwdData(dy, w)> == <w, convBwdFilter(x, dy)>
  const double forward = dot(y64, dyv);
  EXPECT_EQ(forward, dot(xv, dx64));
  EXPECT_EQ(forward, dot(wv, dw64));
}

INSTANTIATE_TEST_SUITE_P(Sweep, ConvGeometryTest,
                         testing::ValuesIn(geometries()),
                         [](const testing::TestParamInfo<Geometry> &info) {
                           const Geometry &g = info.param;
                           return "K" + std::to_string(g.kernel) + "_H" +
                                  std::to_string(g.spatial) + "_S" +
                                  std::to_string(g.stride) + "_P" +
                                  std::to_string(g.pad) + "_D" +
                                  std::to_string(g.dilation) + "_" +
                                  groupsName(g.groups) + "x" +
                                  std::to_string(g.count);
                         });

} // namespace
} // namespace dfp
