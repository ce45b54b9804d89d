#include "OpsTestSupport.h"

#include "dfp/ops/Pooling.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace dfp::ops::test {
namespace {

Pool2dShape makePool(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k,
                     int64_t stride, std::array<int64_t, 4> padding = {},
                     int64_t dilation = 1) {
  Pool2dShape s;
  s.batch = n, s.channels = c, s.height = h, s.width = w;
  s.kernel = {k, k};
  s.strides = {stride, stride};
  s.padding = padding;
  s.dilations = {dilation, dilation};
  return s;
}

/// Calls visit(outIndex, inIndex) for every in-bounds tap of every window,
/// windows in output order and taps row by row: the plain loops the kernels
/// are checked against.
template <typename Visit> void forEachTap(const Pool2dShape &s, Visit visit) {
  const int64_t oh = s.outHeight(), ow = s.outWidth();
  for (int64_t plane = 0; plane < s.batch * s.channels; ++plane)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x)
        for (int64_t r = 0; r < s.kernel[0]; ++r)
          for (int64_t t = 0; t < s.kernel[1]; ++t) {
            const int64_t h =
                y * s.strides[0] - s.padding[0] + r * s.dilations[0];
            const int64_t w =
                x * s.strides[1] - s.padding[1] + t * s.dilations[1];
            if (h >= 0 && h < s.height && w >= 0 && w < s.width)
              visit((plane * oh + y) * ow + x,
                    (plane * s.height + h) * s.width + w);
          }
}

std::vector<double> maxPoolF64(const std::vector<double> &x,
                               const Pool2dShape &s) {
  std::vector<double> y(size_t(s.outputElements()),
                        -std::numeric_limits<double>::infinity());
  forEachTap(s, [&](int64_t out, int64_t in) {
    y[size_t(out)] = std::max(y[size_t(out)], x[size_t(in)]);
  });
  return y;
}

std::vector<double> avgPoolF64(const std::vector<double> &x,
                               const Pool2dShape &s, bool countIncludePad) {
  std::vector<double> sum(size_t(s.outputElements())), taps(sum.size());
  forEachTap(s, [&](int64_t out, int64_t in) {
    sum[size_t(out)] += x[size_t(in)];
    taps[size_t(out)] += 1;
  });
  for (size_t i = 0; i < sum.size(); ++i)
    sum[i] /= countIncludePad ? double(s.kernel[0] * s.kernel[1]) : taps[i];
  return sum;
}

/// Odd shapes, strides, asymmetric padding, overlapping windows, dilation.
std::vector<Pool2dShape> poolCases() {
  std::vector<Pool2dShape> cases = {
      makePool(2, 3, 6, 6, 2, 2),
      makePool(1, 2, 7, 5, 3, 2, {1, 2, 0, 1}),
      makePool(2, 1, 5, 7, 3, 1, {1, 1, 2, 2}),
      makePool(1, 3, 9, 8, 2, 3, {1, 0, 1, 1}, 2),
  };
  cases[1].kernel = {3, 4};
  return cases;
}

TEST(MaxPool2d, ForwardMatchesLoop) {
  for (const Pool2dShape &s : poolCases()) {
    const std::vector<float> x = randomValues(size_t(s.inputElements()), 1);
    std::vector<float> y(size_t(s.outputElements()));
    ASSERT_TRUE(maxPool2d(x.data(), s, y.data()).ok());
    const std::vector<double> expected = maxPoolF64(toDouble(x), s);
    for (size_t i = 0; i < y.size(); ++i)
      ASSERT_EQ(y[i], float(expected[i])) << i;
  }
}

TEST(MaxPool2d, BackwardMatchesFiniteDifferences) {
  for (const Pool2dShape &s : poolCases()) {
    const std::vector<float> x = distinctValues(size_t(s.inputElements()), 2);
    const std::vector<float> dy = randomValues(size_t(s.outputElements()), 3);
    std::vector<float> dx(x.size());
    ASSERT_TRUE(maxPool2dBackward(dy.data(), x.data(), s, dx.data()).ok());
    const Objective f = [&](const std::vector<double> &v) {
      return weightedSum(maxPoolF64(v, s), dy);
    };
    expectClose(dx, numericGradient(f, toDouble(x)), 1e-6, "max_pool2d dx");
  }
}

TEST(MaxPool2d, TiesGoToTheFirstMaximum) {
  Pool2dShape s = makePool(1, 1, 2, 3, 2, 1);
  s.kernel = {2, 2};
  const std::vector<float> x = {1, 5, 5, 5, 2, 5};
  const std::vector<float> dy = {1.0f, 10.0f};
  std::vector<float> y(2), dx(6);
  ASSERT_TRUE(maxPool2d(x.data(), s, y.data()).ok());
  ASSERT_TRUE(maxPool2dBackward(dy.data(), x.data(), s, dx.data()).ok());
  EXPECT_EQ(y, (std::vector<float>{5, 5}));
  // Window 0 takes x[1]; window 1 also finds x[1] first.
  EXPECT_EQ(dx, (std::vector<float>{0, 11, 0, 0, 0, 0}));
}

TEST(MaxPool2d, NaNPropagates) {
  Pool2dShape s = makePool(1, 1, 2, 2, 2, 1);
  const std::vector<float> x = {1, std::numeric_limits<float>::quiet_NaN(), 3,
                                2};
  float y = 0;
  ASSERT_TRUE(maxPool2d(x.data(), s, &y).ok());
  EXPECT_TRUE(std::isnan(y));
  // The NaN won the window, so it takes the gradient.
  const float dy = 2.0f;
  std::vector<float> dx(4);
  ASSERT_TRUE(maxPool2dBackward(&dy, x.data(), s, dx.data()).ok());
  EXPECT_EQ(dx, (std::vector<float>{0, 2, 0, 0}));
}

TEST(MaxPool2d, PlanesWithAndWithoutNaNAgree) {
  // Plane 1 holds a NaN far from most windows: its other windows must route
  // exactly as the NaN-free plane 0 with the same values does.
  const Pool2dShape s = makePool(1, 2, 7, 7, 3, 2, {1, 1, 1, 1});
  std::vector<float> x = distinctValues(49, 11);
  x.insert(x.end(), x.begin(), x.end());
  x[49 + 48] = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> half = randomValues(16, 12);
  std::vector<float> dy = half;
  dy.insert(dy.end(), half.begin(), half.end());
  std::vector<float> y(32), dx(98);
  ASSERT_TRUE(maxPool2d(x.data(), s, y.data()).ok());
  ASSERT_TRUE(maxPool2dBackward(dy.data(), x.data(), s, dx.data()).ok());
  EXPECT_TRUE(std::isnan(y[31]));
  for (int i = 0; i < 15; ++i)
    EXPECT_EQ(y[16 + i], y[i]) << i;
  // Input 48 only feeds output 15 (inputs 40, 41, 47, 48).
  for (int i = 0; i < 48; ++i)
    if (i != 40 && i != 41 && i != 47) // window 15 without the NaN
      EXPECT_EQ(dx[49 + i], dx[i]) << i;
  EXPECT_EQ(dx[49 + 48], dy[31]);
}

TEST(AvgPool2d, ForwardMatchesLoop) {
  for (bool includePad : {false, true})
    for (const Pool2dShape &s : poolCases()) {
      const std::vector<float> x = randomValues(size_t(s.inputElements()), 4);
      std::vector<float> y(size_t(s.outputElements()));
      ASSERT_TRUE(avgPool2d(x.data(), s, includePad, y.data()).ok());
      expectClose(y, avgPoolF64(toDouble(x), s, includePad), 1e-6,
                  includePad ? "avg_pool2d (pad counted)" : "avg_pool2d");
    }
}

TEST(AvgPool2d, BackwardMatchesFiniteDifferences) {
  for (bool includePad : {false, true})
    for (const Pool2dShape &s : poolCases()) {
      const std::vector<float> x = randomValues(size_t(s.inputElements()), 5);
      const std::vector<float> dy = randomValues(size_t(s.outputElements()), 6);
      std::vector<float> dx(x.size());
      ASSERT_TRUE(avgPool2dBackward(dy.data(), s, includePad, dx.data()).ok());
      const Objective f = [&](const std::vector<double> &v) {
        return weightedSum(avgPoolF64(v, s, includePad), dy);
      };
      expectClose(dx, numericGradient(f, toDouble(x)), 1e-6, "avg_pool2d dx");
    }
}

TEST(GlobalAvgPool, ForwardAndBackward) {
  const PlaneShape shape{6, 35};
  const std::vector<float> x = randomValues(210, 7);
  const std::vector<float> dy = randomValues(6, 8);
  std::vector<float> y(6), dx(210);
  ASSERT_TRUE(globalAvgPool(x.data(), shape, y.data()).ok());
  ASSERT_TRUE(globalAvgPoolBackward(dy.data(), shape, dx.data()).ok());
  const auto forward = [&](const std::vector<double> &v) {
    std::vector<double> mean(6);
    for (size_t i = 0; i < v.size(); ++i)
      mean[i / 35] += v[i] / 35.0;
    return mean;
  };
  expectClose(y, forward(toDouble(x)), 1e-6, "global_avg_pool");
  const Objective f = [&](const std::vector<double> &v) {
    return weightedSum(forward(v), dy);
  };
  expectClose(dx, numericGradient(f, toDouble(x)), 1e-6, "global_avg_pool dx");
}

TEST(Pooling, ThreadCountDoesNotChangeBits) {
  // Overlapping windows make the backward kernels accumulate.
  const Pool2dShape s = makePool(8, 16, 29, 31, 3, 2, {1, 1, 1, 1});
  const std::vector<float> x = randomValues(size_t(s.inputElements()), 9);
  const std::vector<float> dy = randomValues(size_t(s.outputElements()), 10);
  const PlaneShape planes{s.batch * s.channels, s.height * s.width};
  expectThreadIndependent([&](const OpOptions &options,
                              std::vector<float> &out) {
    const size_t in = x.size(), outSize = dy.size();
    out.assign(2 * outSize + 2 * in + size_t(planes.planes) + in, 0.0f);
    float *p = out.data();
    ASSERT_TRUE(maxPool2d(x.data(), s, p, options).ok());
    ASSERT_TRUE(avgPool2d(x.data(), s, false, p + outSize, options).ok());
    p += 2 * outSize;
    ASSERT_TRUE(maxPool2dBackward(dy.data(), x.data(), s, p, options).ok());
    ASSERT_TRUE(avgPool2dBackward(dy.data(), s, true, p + in, options).ok());
    p += 2 * in;
    ASSERT_TRUE(globalAvgPool(x.data(), planes, p, options).ok());
    ASSERT_TRUE(
        globalAvgPoolBackward(x.data(), planes, p + planes.planes, options)
            .ok());
  });
}

TEST(Pooling, RejectsBadWindows) {
  float value = 0;
  Pool2dShape s = makePool(1, 1, 4, 4, 2, 2);
  s.padding = {2, 0, 0, 0};
  expectError(
      maxPool2d(&value, s, &value),
      {"max_pool2d", "padding [2, 0, 0, 0]", "smaller than the kernel"});
  s = makePool(1, 1, 4, 4, 5, 1);
  expectError(avgPool2d(&value, s, false, &value),
              {"avg_pool2d", "does not fit", "4x4"});
  s = makePool(1, 1, 4, 4, 2, 0);
  expectError(maxPool2dBackward(&value, &value, s, &value),
              {"max_pool2d_backward", "strides [0, 0]"});
  s = makePool(1, 1, 4, 4, 2, 2);
  s.dilations = {int64_t(1) << 40, 1};
  expectError(maxPool2d(&value, s, &value),
              {"max_pool2d", "dilations [1099511627776, 1]", "2^31 - 1"});
  s = makePool(0, 1, 4, 4, 2, 2);
  expectError(avgPool2dBackward(&value, s, true, &value),
              {"avg_pool2d_backward", "[0, 1, 4, 4]", "positive"});
  // Height 2 padded by 1 on each side, kernel 2 dilated by 3: the only
  // window reads rows -1 and 2.
  s = makePool(1, 1, 2, 8, 2, 1, {1, 0, 1, 0}, 3);
  expectError(maxPool2d(&value, s, &value), {"reads only padding", "height"});
  expectError(globalAvgPool(&value, PlaneShape{2, 0}, &value),
              {"global_avg_pool", "positive"});
}

} // namespace
} // namespace dfp::ops::test

namespace dfp::ops::test {
namespace {

// Recorded winners give the bits of the ops that scan x: overlapping and
// non-overlapping windows, padding, ties, NaN, 1 and 2 threads.
TEST(MaxPool2d, WinnersGiveTheSameBits) {
  for (const Pool2dShape &s :
       {makePool(2, 3, 8, 8, 2, 2), makePool(2, 3, 9, 7, 3, 2, {1, 1, 1, 1}),
        makePool(1, 2, 6, 6, 3, 1)}) {
    std::vector<float> x = randomValues(size_t(s.inputElements()), 41);
    x[5] = x[4];                                     // a tie
    x[20] = std::numeric_limits<float>::quiet_NaN(); // a NaN plane
    const std::vector<float> dy = randomValues(size_t(s.outputElements()), 42);
    for (int threads : {1, 2}) {
      const OpOptions o{threads};
      std::vector<float> y(dy.size()), y2(dy.size()), dx(x.size()),
          dx2(x.size());
      std::vector<int32_t> winners(dy.size());
      ASSERT_TRUE(maxPool2d(x.data(), s, y.data(), o).ok());
      ASSERT_TRUE(
          maxPool2dWithWinners(x.data(), s, y2.data(), winners.data(), o).ok());
      EXPECT_EQ(std::memcmp(y.data(), y2.data(), y.size() * 4), 0);
      ASSERT_TRUE(maxPool2dBackward(dy.data(), x.data(), s, dx.data(), o).ok());
      ASSERT_TRUE(maxPool2dBackwardFromWinners(dy.data(), winners.data(), s,
                                               dx2.data(), o)
                      .ok());
      EXPECT_EQ(std::memcmp(dx.data(), dx2.data(), dx.size() * 4), 0);
    }
  }
}

} // namespace
} // namespace dfp::ops::test
