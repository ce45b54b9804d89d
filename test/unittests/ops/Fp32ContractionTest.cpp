#include "OpsTestSupport.h"

#include "dfp/ops/Fp32Contraction.h"

namespace dfp::ops::test {
namespace {

Conv2dShape makeConv(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k,
                     int64_t r, int64_t s, int64_t stride,
                     std::array<int64_t, 4> padding, int64_t dilation = 1,
                     int64_t groups = 1) {
  Conv2dShape shape;
  shape.batch = n, shape.channels = c, shape.height = h, shape.width = w;
  shape.filters = k, shape.kernelH = r, shape.kernelW = s;
  shape.strides = {stride, stride};
  shape.padding = padding;
  shape.dilations = {dilation, dilation};
  shape.groups = groups;
  return shape;
}

size_t inputSize(const Conv2dShape &s) {
  return size_t(s.batch * s.channels * s.height * s.width);
}
size_t filterSize(const Conv2dShape &s) {
  return size_t(s.filters * (s.channels / s.groups) * s.kernelH * s.kernelW);
}
size_t outputSize(const Conv2dShape &s) {
  return size_t(s.batch * s.filters * s.outHeight() * s.outWidth());
}

/// Odd sizes, strides, asymmetric padding, dilation, groups, 1x1.
std::vector<Conv2dShape> convCases() {
  return {makeConv(2, 3, 7, 6, 5, 3, 3, 1, {1, 1, 1, 1}),
          makeConv(1, 4, 9, 8, 6, 3, 2, 2, {1, 0, 2, 1}),
          makeConv(2, 6, 7, 7, 4, 3, 3, 1, {2, 2, 2, 2}, 2, 2),
          makeConv(3, 5, 5, 5, 7, 1, 1, 1, {0, 0, 0, 0}),
          makeConv(2, 32, 14, 14, 64, 3, 3, 1, {1, 1, 1, 1})};
}

std::string describe(const Conv2dShape &s) {
  return std::to_string(s.batch) + "x" + std::to_string(s.channels) + "x" +
         std::to_string(s.height) + "x" + std::to_string(s.width) + " * " +
         std::to_string(s.filters) + "x" + std::to_string(s.kernelH) + "x" +
         std::to_string(s.kernelW) + " groups " + std::to_string(s.groups);
}

std::vector<double> forwardF64(const std::vector<double> &x,
                               const std::vector<double> &w,
                               const Conv2dShape &s) {
  std::vector<double> y(outputSize(s));
  conv2dForwardF64(x.data(), w.data(), s, y.data());
  return y;
}

TEST(Fp32Conv, ForwardMatchesReference) {
  for (const Conv2dShape &s : convCases()) {
    const std::vector<float> x = randomValues(inputSize(s), 1);
    const std::vector<float> w = randomValues(filterSize(s), 2);
    std::vector<float> y(outputSize(s));
    ASSERT_TRUE(conv2dForward(x.data(), w.data(), s, y.data()).ok());
    expectClose(y, forwardF64(toDouble(x), toDouble(w), s), 1e-5,
                "conv2d " + describe(s));
  }
}

TEST(Fp32Conv, BackwardDataMatchesReference) {
  for (const Conv2dShape &s : convCases()) {
    const std::vector<float> dy = randomValues(outputSize(s), 3);
    const std::vector<float> w = randomValues(filterSize(s), 4);
    std::vector<float> dx(inputSize(s));
    ASSERT_TRUE(conv2dBackwardData(dy.data(), w.data(), s, dx.data()).ok());
    std::vector<double> expected(dx.size());
    conv2dBackwardDataF64(toDouble(dy).data(), toDouble(w).data(), s,
                          expected.data());
    expectClose(dx, expected, 1e-5, "conv2d_backward_data " + describe(s));
  }
}

TEST(Fp32Conv, BackwardFilterMatchesReference) {
  for (const Conv2dShape &s : convCases()) {
    const std::vector<float> x = randomValues(inputSize(s), 5);
    const std::vector<float> dy = randomValues(outputSize(s), 6);
    std::vector<float> dw(filterSize(s));
    ASSERT_TRUE(conv2dBackwardFilter(x.data(), dy.data(), s, dw.data()).ok());
    std::vector<double> expected(dw.size());
    conv2dBackwardFilterF64(toDouble(x).data(), toDouble(dy).data(), s,
                            expected.data());
    expectClose(dw, expected, 1e-5, "conv2d_backward_filter " + describe(s));
  }
}

TEST(Fp32Conv, BackwardMatchesFiniteDifferences) {
  for (const Conv2dShape &s :
       {makeConv(2, 3, 5, 4, 2, 3, 2, 2, {1, 0, 1, 1}),
        makeConv(1, 4, 5, 5, 2, 2, 2, 1, {1, 1, 0, 0}, 2, 2)}) {
    const std::vector<float> x = randomValues(inputSize(s), 7);
    const std::vector<float> w = randomValues(filterSize(s), 8);
    const std::vector<float> dy = randomValues(outputSize(s), 9);
    std::vector<float> dx(x.size()), dw(w.size());
    ASSERT_TRUE(conv2dBackwardData(dy.data(), w.data(), s, dx.data()).ok());
    ASSERT_TRUE(conv2dBackwardFilter(x.data(), dy.data(), s, dw.data()).ok());
    const std::vector<double> x64 = toDouble(x), w64 = toDouble(w);
    expectClose(dx,
                numericGradient(
                    [&](const std::vector<double> &v) {
                      return weightedSum(forwardF64(v, w64, s), dy);
                    },
                    x64),
                1e-5, "conv2d dx " + describe(s));
    expectClose(dw,
                numericGradient(
                    [&](const std::vector<double> &v) {
                      return weightedSum(forwardF64(x64, v, s), dy);
                    },
                    w64),
                1e-5, "conv2d dw " + describe(s));
  }
}

TEST(Fp32Conv, PrimitiveRunsRepeatOnNewData) {
  const Conv2dShape s = makeConv(4, 32, 28, 28, 32, 3, 3, 1, {1, 1, 1, 1});
  std::unique_ptr<Conv2dPrimitive> primitive;
  ASSERT_TRUE(Conv2dPrimitive::create(Conv2dDirection::BackwardFilter, s,
                                      OpOptions{2}, primitive)
                  .ok());
  EXPECT_EQ(primitive->direction(), Conv2dDirection::BackwardFilter);
  for (uint32_t seed : {10u, 20u}) {
    const std::vector<float> x = randomValues(inputSize(s), seed);
    const std::vector<float> dy = randomValues(outputSize(s), seed + 1);
    std::vector<float> first(filterSize(s)), again(filterSize(s));
    ASSERT_TRUE(primitive->run(x.data(), dy.data(), first.data()).ok());
    ASSERT_TRUE(primitive->run(x.data(), dy.data(), again.data()).ok());
    EXPECT_EQ(first, again);
    std::vector<double> expected(first.size());
    conv2dBackwardFilterF64(toDouble(x).data(), toDouble(dy).data(), s,
                            expected.data());
    expectClose(first, expected, 1e-4, "conv2d_backward_filter reused");
  }
}

TEST(Fp32Conv, RejectsBadGeometry) {
  float value = 0;
  Conv2dShape s = makeConv(1, 3, 4, 4, 4, 3, 3, 1, {0, 0, 0, 0}, 1, 2);
  expectError(conv2dForward(&value, &value, s, &value),
              {"conv2d: ", "groups must divide"});
  s = makeConv(1, 2, 2, 2, 2, 5, 5, 1, {0, 0, 0, 0});
  expectError(conv2dBackwardFilter(&value, &value, s, &value),
              {"conv2d_backward_filter: ", "does not fit"});
  std::unique_ptr<Conv2dPrimitive> primitive;
  s.strides = {0, 1};
  expectError(Conv2dPrimitive::create(Conv2dDirection::BackwardData, s,
                                      OpOptions{}, primitive),
              {"conv2d_backward_data: "});
  EXPECT_EQ(primitive, nullptr);
}

std::vector<double> matmulF64(const std::vector<float> &a,
                              const std::vector<float> &b,
                              const MatmulShape &s) {
  std::vector<double> c(size_t(s.m * s.n));
  for (int64_t i = 0; i < s.m; ++i)
    for (int64_t j = 0; j < s.n; ++j)
      for (int64_t p = 0; p < s.k; ++p) {
        const double lhs =
            s.transposeLhs ? a[size_t(p * s.m + i)] : a[size_t(i * s.k + p)];
        const double rhs =
            s.transposeRhs ? b[size_t(j * s.k + p)] : b[size_t(p * s.n + j)];
        c[size_t(i * s.n + j)] += lhs * rhs;
      }
  return c;
}

TEST(Fp32Matmul, MatchesLoopForEveryTranspose) {
  for (bool transposeLhs : {false, true})
    for (bool transposeRhs : {false, true})
      for (const MatmulShape base :
           {MatmulShape{1, 1, 1}, MatmulShape{17, 10, 63},
            MatmulShape{128, 10, 128}, MatmulShape{65, 33, 255}}) {
        MatmulShape s = base;
        s.transposeLhs = transposeLhs, s.transposeRhs = transposeRhs;
        const std::vector<float> a = randomValues(size_t(s.m * s.k), 11);
        const std::vector<float> b = randomValues(size_t(s.k * s.n), 12);
        std::vector<float> c(size_t(s.m * s.n), -1.0f);
        ASSERT_TRUE(matmul(a.data(), b.data(), s, c.data(), OpOptions{2}).ok());
        expectClose(c, matmulF64(a, b, s), 1e-5,
                    "matmul " + std::to_string(s.m) + "x" +
                        std::to_string(s.n) + "x" + std::to_string(s.k) +
                        (transposeLhs ? " lhs^T" : "") +
                        (transposeRhs ? " rhs^T" : ""));
      }
}

TEST(Fp32Matmul, RejectsEmptyShapes) {
  float value = 0;
  expectError(matmul(&value, &value, MatmulShape{2, 0, 3}, &value),
              {"matmul", "2, 0, 3", "positive"});
}

} // namespace
} // namespace dfp::ops::test
