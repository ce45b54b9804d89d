#include "TestSupport.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dfp::testing {
namespace {

using Shape = std::vector<int64_t>;

/// Runs `function` of `source` on f32 inputs (labels as i32) into one f32
/// output of `outputShape`.
std::vector<float> runFp32(const std::string &source,
                           const std::vector<JitArgument> &inputs,
                           const Shape &outputShape) {
  std::unique_ptr<JitModule> module = compileOrFail(source);
  int64_t n = 1;
  for (int64_t extent : outputShape)
    n *= extent;
  std::vector<float> output(static_cast<size_t>(n), -7.0f);
  if (!module)
    return output;
  auto status = module->call(
      module->functionNames().front(), inputs,
      {JitArgument::of(TensorView::of(output.data(), outputShape))});
  if (!status)
    ADD_FAILURE() << llvm::toString(status.takeError());
  return output;
}

JitArgument view(std::vector<float> &data, const Shape &shape) {
  return JitArgument::of(TensorView::of(data.data(), shape));
}

void expectNear(const std::vector<float> &expected,
                const std::vector<float> &actual, float tolerance) {
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(expected[i], actual[i],
                tolerance * std::max(1.0f, std::fabs(expected[i])))
        << "element " << i;
}

struct Geometry {
  int64_t n, c, h, w;
  int64_t at(int64_t in, int64_t ic, int64_t ih, int64_t iw) const {
    return ((in * c + ic) * h + ih) * w + iw;
  }
};

TEST(Fp32Ops, BiasAddAndBatchNormInference) {
  Geometry g{2, 3, 4, 5};
  std::vector<float> x = sampleData(120, 1, false), bias = {0.5f, -1, 2};
  for (float &v : x)
    v = std::tanh(v);
  std::vector<float> scale = {1.5f, -0.5f, 2}, shift = {0.1f, 0.2f, 0.3f},
                     mean = {0.05f, -0.1f, 0}, variance = {0.9f, 1.1f, 0.2f};
  const char *source = R"mlir(
func.func @bn(%x: tensor<2x3x4x5xf32>, %b: tensor<3xf32>, %s: tensor<3xf32>,
              %t: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x5xf32> {
  %y = dfp.bias_add %x, %b : tensor<2x3x4x5xf32>, tensor<3xf32>
  %z = dfp.batch_norm_inference %y, %s, %t, %m, %v epsilon(1.0e-03) : tensor<2x3x4x5xf32>, tensor<3xf32>
  return %z : tensor<2x3x4x5xf32>
})mlir";
  std::vector<float> actual =
      runFp32(source,
              {view(x, {2, 3, 4, 5}), view(bias, {3}), view(scale, {3}),
               view(shift, {3}), view(mean, {3}), view(variance, {3})},
              {2, 3, 4, 5});
  std::vector<float> expected(x.size());
  for (int64_t i = 0; i < int64_t(x.size()); ++i) {
    int64_t ch = (i / (g.h * g.w)) % g.c;
    float y = x[size_t(i)] + bias[size_t(ch)];
    expected[size_t(i)] = (y - mean[size_t(ch)]) /
                              std::sqrt(variance[size_t(ch)] + 1.0e-3f) *
                              scale[size_t(ch)] +
                          shift[size_t(ch)];
  }
  expectNear(expected, actual, 1e-6f);
}

/// Window reference for max and average pooling.
std::vector<float> poolReference(const std::vector<float> &x, Geometry g,
                                 int64_t k, int64_t stride, int64_t pad,
                                 bool max, bool includePad) {
  int64_t oh = (g.h + 2 * pad - k) / stride + 1,
          ow = (g.w + 2 * pad - k) / stride + 1;
  std::vector<float> y;
  for (int64_t n = 0; n < g.n; ++n)
    for (int64_t c = 0; c < g.c; ++c)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          float acc = max ? -std::numeric_limits<float>::infinity() : 0.0f;
          int64_t count = 0;
          for (int64_t r = 0; r < k; ++r)
            for (int64_t s = 0; s < k; ++s) {
              int64_t h = i * stride + r - pad, w = j * stride + s - pad;
              if (h < 0 || h >= g.h || w < 0 || w >= g.w)
                continue;
              float v = x[size_t(g.at(n, c, h, w))];
              acc = max ? std::max(acc, v) : acc + v;
              ++count;
            }
          y.push_back(max ? acc : acc / float(includePad ? k * k : count));
        }
  return y;
}

TEST(Fp32Ops, Pooling) {
  Geometry g{2, 3, 7, 6};
  std::vector<float> x = sampleData(2 * 3 * 7 * 6, 4, false);
  for (float &v : x)
    v = std::tanh(v) - 0.7f; // mostly negative: padding must not win the max
  std::string type = "tensor<2x3x7x6xf32>", out = "tensor<2x3x4x3xf32>";
  for (auto [op, includePad] :
       {std::pair<std::string, bool>{"max_pool2d", false},
        {"avg_pool2d", false},
        {"avg_pool2d", true}}) {
    std::string attrs = includePad ? " {count_include_pad}" : "";
    std::string source = "func.func @pool(%x: " + type + ") -> " + out +
                         " {\n  %y = dfp." + op +
                         " %x kernel [3, 3] strides [2, 2] padding [1, 1, 1, "
                         "1]" +
                         attrs + " : " + type + " -> " + out +
                         "\n  return %y : " + out + "\n}\n";
    expectNear(poolReference(x, g, 3, 2, 1, op == "max_pool2d", includePad),
               runFp32(source, {view(x, {2, 3, 7, 6})}, {2, 3, 4, 3}), 1e-6f);
  }
}

TEST(Fp32Ops, GlobalAveragePool) {
  std::vector<float> x = sampleData(2 * 3 * 5 * 5, 5, false);
  const char *source = R"mlir(
func.func @gap(%x: tensor<2x3x5x5xf32>) -> tensor<2x3x1x1xf32> {
  %y = dfp.global_avg_pool %x : tensor<2x3x5x5xf32> -> tensor<2x3x1x1xf32>
  return %y : tensor<2x3x1x1xf32>
})mlir";
  std::vector<float> expected(6, 0.0f);
  for (size_t i = 0; i < x.size(); ++i)
    expected[i / 25] += x[i];
  for (float &v : expected)
    v /= 25.0f;
  expectNear(expected, runFp32(source, {view(x, {2, 3, 5, 5})}, {2, 3, 1, 1}),
             1e-5f);
}

TEST(Fp32Ops, SoftmaxCrossEntropy) {
  std::vector<float> logits = sampleData(3 * 7, 6, false);
  for (float &v : logits)
    v = 5.0f * std::tanh(v);
  const char *source = R"mlir(
func.func @loss(%l: tensor<3x7xf32>, %y: tensor<3xi32>) -> tensor<f32> {
  %loss = dfp.softmax_cross_entropy %l, %y : tensor<3x7xf32>, tensor<3xi32> -> tensor<f32>
  return %loss : tensor<f32>
})mlir";
  auto run = [&](std::vector<int32_t> labels) {
    return runFp32(source,
                   {view(logits, {3, 7}),
                    JitArgument::of(TensorView::of(labels.data(), {3}))},
                   {})[0];
  };
  std::vector<int32_t> labels = {0, 6, 3};
  double expected = 0;
  for (int64_t n = 0; n < 3; ++n) {
    double sum = 0;
    for (int64_t k = 0; k < 7; ++k)
      sum += std::exp(double(logits[size_t(n * 7 + k)]));
    expected += std::log(sum) - logits[size_t(n * 7 + labels[size_t(n)])];
  }
  EXPECT_NEAR(expected / 3, run(labels), 1e-5);
  EXPECT_TRUE(std::isnan(run({0, 7, 3})));
  EXPECT_TRUE(std::isnan(run({-1, 0, 0})));
}

/// y[n, k, oh, ow] over the taps and the input channels of k's group.
std::vector<float> convReference(const std::vector<float> &x, Geometry g,
                                 const std::vector<float> &w, int64_t filters,
                                 int64_t r, int64_t stride, int64_t pad,
                                 int64_t dilation, int64_t groups) {
  int64_t span = dilation * (r - 1) + 1;
  int64_t oh = (g.h + 2 * pad - span) / stride + 1,
          ow = (g.w + 2 * pad - span) / stride + 1;
  int64_t cg = g.c / groups, kg = filters / groups;
  std::vector<float> y;
  for (int64_t n = 0; n < g.n; ++n)
    for (int64_t k = 0; k < filters; ++k)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          double acc = 0;
          for (int64_t c = 0; c < cg; ++c)
            for (int64_t p = 0; p < r; ++p)
              for (int64_t q = 0; q < r; ++q) {
                int64_t h = i * stride + p * dilation - pad,
                        v = j * stride + q * dilation - pad;
                if (h < 0 || h >= g.h || v < 0 || v >= g.w)
                  continue;
                acc += double(x[size_t(g.at(n, (k / kg) * cg + c, h, v))]) *
                       w[size_t(((k * cg + c) * r + p) * r + q)];
              }
          y.push_back(float(acc));
        }
  return y;
}

TEST(Fp32Ops, Conv2dPlainAndGrouped) {
  Geometry g{2, 4, 9, 8};
  std::vector<float> x = sampleData(2 * 4 * 9 * 8, 7, false);
  for (float &v : x)
    v = std::tanh(v);
  for (int64_t groups : {1, 2}) {
    int64_t filters = 6, cg = 4 / groups;
    std::vector<float> w = sampleData(filters * cg * 9, 8, false);
    for (float &v : w)
      v = std::tanh(v);
    // 3x3, stride 2, padding 1, dilation 2: span 5, output 4x4.
    std::string filter = "tensor<6x" + std::to_string(cg) + "x3x3xf32>";
    std::string source =
        "func.func @conv(%x: tensor<2x4x9x8xf32>, %w: " + filter +
        ") -> tensor<2x6x4x3xf32> {\n  %y = dfp.conv2d %x, %w strides [2, 2] "
        "padding [1, 1, 1, 1] dilations [2, 2] groups " +
        std::to_string(groups) + " : tensor<2x4x9x8xf32>, " + filter +
        " -> tensor<2x6x4x3xf32>\n  return %y : tensor<2x6x4x3xf32>\n}\n";
    expectNear(convReference(x, g, w, filters, 3, 2, 1, 2, groups),
               runFp32(source, {view(x, {2, 4, 9, 8}), view(w, {6, cg, 3, 3})},
                       {2, 6, 4, 3}),
               1e-5f);
  }
}

/// dx of conv2d by scattering each dy[n, k, oh, ow] through the taps to the
/// input positions it read.
std::vector<float> convBackwardDataReference(const std::vector<float> &dy,
                                             Geometry dyShape,
                                             const std::vector<float> &w,
                                             Geometry dx, int64_t r,
                                             int64_t stride, int64_t pad,
                                             int64_t dilation, int64_t groups) {
  int64_t cg = dx.c / groups, kg = dyShape.c / groups;
  std::vector<double> sums(size_t(dx.n * dx.c * dx.h * dx.w), 0.0);
  for (int64_t n = 0; n < dyShape.n; ++n)
    for (int64_t k = 0; k < dyShape.c; ++k)
      for (int64_t i = 0; i < dyShape.h; ++i)
        for (int64_t j = 0; j < dyShape.w; ++j)
          for (int64_t c = 0; c < cg; ++c)
            for (int64_t p = 0; p < r; ++p)
              for (int64_t q = 0; q < r; ++q) {
                int64_t h = i * stride + p * dilation - pad,
                        v = j * stride + q * dilation - pad;
                if (h < 0 || h >= dx.h || v < 0 || v >= dx.w)
                  continue;
                sums[size_t(dx.at(n, (k / kg) * cg + c, h, v))] +=
                    double(dy[size_t(dyShape.at(n, k, i, j))]) *
                    w[size_t(((k * cg + c) * r + p) * r + q)];
              }
  return std::vector<float>(sums.begin(), sums.end());
}

TEST(Fp32Ops, Conv2dBackwardDataPlainAndGrouped) {
  // The transpose of the convolution above (ONNX ConvTranspose): dy
  // 2x6x4x3 back to dx 2x4x9x8 through 3x3 taps, stride 2, padding 1,
  // dilation 2.
  Geometry dyShape{2, 6, 4, 3}, dx{2, 4, 9, 8};
  std::vector<float> dy = sampleData(2 * 6 * 4 * 3, 9, false);
  for (float &v : dy)
    v = std::tanh(v);
  for (int64_t groups : {1, 2}) {
    int64_t cg = 4 / groups;
    std::vector<float> w = sampleData(6 * cg * 9, 10, false);
    for (float &v : w)
      v = std::tanh(v);
    std::string filter = "tensor<6x" + std::to_string(cg) + "x3x3xf32>";
    std::string source =
        "func.func @dx(%dy: tensor<2x6x4x3xf32>, %w: " + filter +
        ") -> tensor<2x4x9x8xf32> {\n  %x = dfp.conv2d_backward_data %dy, %w "
        "strides [2, 2] padding [1, 1, 1, 1] dilations [2, 2] groups " +
        std::to_string(groups) + " : tensor<2x6x4x3xf32>, " + filter +
        " -> tensor<2x4x9x8xf32>\n  return %x : tensor<2x4x9x8xf32>\n}\n";
    expectNear(
        convBackwardDataReference(dy, dyShape, w, dx, 3, 2, 1, 2, groups),
        runFp32(source, {view(dy, {2, 6, 4, 3}), view(w, {6, cg, 3, 3})},
                {2, 4, 9, 8}),
        1e-5f);
  }
}

TEST(Fp32Ops, ImportedLinalgSoftmaxConcatAndTanh) {
  // The ops compiler/Import emits besides Dfp ones.
  const char *source = R"mlir(
func.func @f(%x: tensor<2x5xf32>, %y: tensor<2x3xf32>) -> tensor<2x8xf32> {
  %e = tensor.empty() : tensor<2x5xf32>
  %s = linalg.softmax dimension(1) ins(%x : tensor<2x5xf32>) outs(%e : tensor<2x5xf32>) -> tensor<2x5xf32>
  %t = math.tanh %y : tensor<2x3xf32>
  %c = tensor.concat dim(1) %s, %t : (tensor<2x5xf32>, tensor<2x3xf32>) -> tensor<2x8xf32>
  return %c : tensor<2x8xf32>
})mlir";
  std::vector<float> x = sampleData(10, 9, false), y = sampleData(6, 10, false);
  for (float &v : x)
    v = std::tanh(v);
  std::vector<float> expected;
  for (int64_t n = 0; n < 2; ++n) {
    float max = *std::max_element(x.begin() + n * 5, x.begin() + n * 5 + 5);
    float sum = 0;
    for (int64_t k = 0; k < 5; ++k)
      sum += std::exp(x[size_t(n * 5 + k)] - max);
    for (int64_t k = 0; k < 5; ++k)
      expected.push_back(std::exp(x[size_t(n * 5 + k)] - max) / sum);
    for (int64_t k = 0; k < 3; ++k)
      expected.push_back(std::tanh(y[size_t(n * 3 + k)]));
  }
  expectNear(expected,
             runFp32(source, {view(x, {2, 5}), view(y, {2, 3})}, {2, 8}),
             1e-6f);
}

} // namespace
} // namespace dfp::testing
