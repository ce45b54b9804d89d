#include "TestSupport.h"

#include "dfp/reference/Contraction.h"

#include <random>

namespace dfp::testing {
namespace {

QuantizedTensor randomTensor(std::vector<int64_t> shape, int32_t exponent,
                             uint32_t seed) {
  QuantizedTensor t;
  t.shape = shape;
  t.format = {16, 13, ExponentGrouping::tensor()};
  std::mt19937 generator(seed);
  std::uniform_int_distribution<int32_t> value(-8191, 8191);
  t.values.resize(size_t(t.numElements()));
  for (int16_t &q : t.values)
    q = int16_t(value(generator));
  for (size_t i = 0; i < t.values.size(); i += 3)
    t.values[i] = int16_t(i % 2 ? 8191 : -8191);
  t.exponents = {exponent};
  return t;
}

std::string dims(std::initializer_list<int64_t> values) {
  return shapeText(std::vector<int64_t>(values));
}

struct ConvCase {
  Conv2dShape shape;
  int64_t chain;
};

class DfpConvForward : public ::testing::TestWithParam<ConvCase> {};

/// The LLVM path's DFP conv2d (groups as in `s`) gives the reference's bits.
void expectForwardMatchesReference(const Conv2dShape &s, int64_t chain) {
  QuantizedTensor x =
      randomTensor({s.batch, s.channels, s.height, s.width}, -12, 41);
  QuantizedTensor w = randomTensor(
      {s.filters, s.channels / s.groups, s.kernelH, s.kernelW}, -3, 42);
  int64_t oh = s.outHeight(), ow = s.outWidth();
  std::vector<float> expected(size_t(s.batch * s.filters * oh * ow));
  Status status = conv2dForward(x, w, s, chain, expected.data());
  ASSERT_TRUE(status.ok()) << status.message();

  std::string xType = dfpTypeText(x.shape, 16, 13);
  std::string wType = dfpTypeText(w.shape, 16, 13);
  std::string yType = "tensor<" + dims({s.batch, s.filters, oh, ow}) + "xf32>";
  auto list = [](auto values) {
    std::string text = "[";
    for (size_t i = 0; i < values.size(); ++i)
      text += (i ? ", " : "") + std::to_string(values[i]);
    return text + "]";
  };
  std::string source =
      "func.func @conv(%x: " + xType + ", %w: " + wType + ") -> " + yType +
      " {\n  %y = dfp.conv2d %x, %w strides " + list(s.strides) + " padding " +
      list(s.padding) + " dilations " + list(s.dilations) + " groups " +
      std::to_string(s.groups) + " chain(" + std::to_string(chain) +
      ") : " + xType + ", " + wType + " -> " + yType +
      "\n  return %y : " + yType + "\n}\n";
  std::unique_ptr<JitModule> module = compileOrFail(source);
  ASSERT_TRUE(module);
  std::vector<float> actual(expected.size(), -1.0f);
  auto called =
      module->call("conv",
                   {JitArgument::dfp(TensorView::of(x.values.data(), x.shape),
                                     TensorView::of(x.exponents.data(), {1})),
                    JitArgument::dfp(TensorView::of(w.values.data(), w.shape),
                                     TensorView::of(w.exponents.data(), {1}))},
                   {JitArgument::of(TensorView::of(
                       actual.data(), {s.batch, s.filters, oh, ow}))});
  ASSERT_TRUE(bool(called)) << llvm::toString(called.takeError());
  EXPECT_TRUE(sameBits(expected, actual)) << source;
}

TEST_P(DfpConvForward, MatchesReferenceBits) {
  expectForwardMatchesReference(GetParam().shape, GetParam().chain);
}

TEST_P(DfpConvForward, BackwardFilterMatchesReferenceBits) {
  const Conv2dShape &s = GetParam().shape;
  int64_t chain = GetParam().chain;
  int64_t oh = s.outHeight(), ow = s.outWidth();
  QuantizedTensor x =
      randomTensor({s.batch, s.channels, s.height, s.width}, -12, 43);
  QuantizedTensor dy = randomTensor({s.batch, s.filters, oh, ow}, -20, 44);
  std::vector<int64_t> filterShape = {s.filters, s.channels, s.kernelH,
                                      s.kernelW};
  std::vector<float> expected(
      size_t(s.filters * s.channels * s.kernelH * s.kernelW));
  Status status = conv2dBackwardFilter(x, dy, s, chain, expected.data());
  ASSERT_TRUE(status.ok()) << status.message();

  std::string xType = dfpTypeText(x.shape, 16, 13);
  std::string dyType = dfpTypeText(dy.shape, 16, 13);
  std::string dwType = "tensor<" + shapeText(filterShape) + "xf32>";
  auto list = [](auto values) {
    std::string text = "[";
    for (size_t i = 0; i < values.size(); ++i)
      text += (i ? ", " : "") + std::to_string(values[i]);
    return text + "]";
  };
  std::string source =
      "func.func @dw(%x: " + xType + ", %dy: " + dyType + ") -> " + dwType +
      " {\n  %dw = dfp.conv2d_backward_filter %x, %dy strides " +
      list(s.strides) + " padding " + list(s.padding) + " dilations " +
      list(s.dilations) + " groups 1 chain(" + std::to_string(chain) +
      ") : " + xType + ", " + dyType + " -> " + dwType +
      "\n  return %dw : " + dwType + "\n}\n";
  std::unique_ptr<JitModule> module = compileOrFail(source);
  ASSERT_TRUE(module);
  std::vector<float> actual(expected.size(), -1.0f);
  auto called = module->call(
      "dw",
      {JitArgument::dfp(TensorView::of(x.values.data(), x.shape),
                        TensorView::of(x.exponents.data(), {1})),
       JitArgument::dfp(TensorView::of(dy.values.data(), dy.shape),
                        TensorView::of(dy.exponents.data(), {1}))},
      {JitArgument::of(TensorView::of(actual.data(), filterShape))});
  ASSERT_TRUE(bool(called)) << llvm::toString(called.takeError());
  EXPECT_TRUE(sameBits(expected, actual)) << source;
}

TEST_P(DfpConvForward, BackwardDataMatchesReferenceBits) {
  const Conv2dShape &s = GetParam().shape;
  int64_t chain = GetParam().chain;
  int64_t oh = s.outHeight(), ow = s.outWidth();
  QuantizedTensor dy = randomTensor({s.batch, s.filters, oh, ow}, -20, 45);
  QuantizedTensor w =
      randomTensor({s.filters, s.channels, s.kernelH, s.kernelW}, -3, 46);
  std::vector<int64_t> inputShape = {s.batch, s.channels, s.height, s.width};
  std::vector<float> expected(
      size_t(s.batch * s.channels * s.height * s.width));
  Status status = conv2dBackwardData(dy, w, s, chain, expected.data());
  ASSERT_TRUE(status.ok()) << status.message();

  std::string dyType = dfpTypeText(dy.shape, 16, 13);
  std::string wType = dfpTypeText(w.shape, 16, 13);
  std::string dxType = "tensor<" + shapeText(inputShape) + "xf32>";
  auto list = [](auto values) {
    std::string text = "[";
    for (size_t i = 0; i < values.size(); ++i)
      text += (i ? ", " : "") + std::to_string(values[i]);
    return text + "]";
  };
  std::string source = "func.func @dx(%dy: " + dyType + ", %w: " + wType +
                       ") -> " + dxType +
                       " {\n  %dx = dfp.conv2d_backward_data %dy, %w strides " +
                       list(s.strides) + " padding " + list(s.padding) +
                       " dilations " + list(s.dilations) + " groups 1 chain(" +
                       std::to_string(chain) + ") : " + dyType + ", " + wType +
                       " -> " + dxType + "\n  return %dx : " + dxType + "\n}\n";
  std::unique_ptr<JitModule> module = compileOrFail(source);
  ASSERT_TRUE(module);
  std::vector<float> actual(expected.size(), -1.0f);
  auto called = module->call(
      "dx",
      {JitArgument::dfp(TensorView::of(dy.values.data(), dy.shape),
                        TensorView::of(dy.exponents.data(), {1})),
       JitArgument::dfp(TensorView::of(w.values.data(), w.shape),
                        TensorView::of(w.exponents.data(), {1}))},
      {JitArgument::of(TensorView::of(actual.data(), inputShape))});
  ASSERT_TRUE(bool(called)) << llvm::toString(called.takeError());
  EXPECT_TRUE(sameBits(expected, actual)) << source;
}

Conv2dShape conv(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k,
                 int64_t r, int64_t stride, int64_t pad, int64_t dilation) {
  Conv2dShape s;
  s.batch = n;
  s.channels = c;
  s.height = h;
  s.width = w;
  s.filters = k;
  s.kernelH = s.kernelW = r;
  s.strides = {stride, stride};
  s.padding = {pad, pad, pad, pad};
  s.dilations = {dilation, dilation};
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, DfpConvForward,
    ::testing::Values(ConvCase{conv(1, 1, 5, 5, 1, 3, 1, 1, 1), 32},
                      ConvCase{conv(1, 3, 8, 7, 40, 3, 2, 1, 1), 32},
                      ConvCase{conv(2, 3, 7, 6, 4, 3, 1, 1, 1), 2},
                      ConvCase{conv(2, 70, 5, 5, 3, 3, 2, 1, 1), 32},
                      ConvCase{conv(1, 17, 9, 8, 5, 3, 2, 2, 2), 8},
                      ConvCase{conv(3, 5, 6, 6, 2, 1, 1, 0, 1), 2}));

Conv2dShape grouped(Conv2dShape shape, int64_t groups) {
  shape.groups = groups;
  return shape;
}

class DfpGroupedConvForward : public ::testing::TestWithParam<ConvCase> {};

TEST_P(DfpGroupedConvForward, MatchesReferenceBits) {
  expectForwardMatchesReference(GetParam().shape, GetParam().chain);
}

// Depthwise, channel multipliers, chains shorter and longer than a group.
INSTANTIATE_TEST_SUITE_P(
    Shapes, DfpGroupedConvForward,
    ::testing::Values(ConvCase{grouped(conv(2, 4, 6, 5, 4, 3, 1, 1, 1), 4), 32},
                      ConvCase{grouped(conv(1, 6, 7, 7, 12, 3, 2, 1, 1), 3), 2},
                      ConvCase{grouped(conv(2, 40, 5, 5, 8, 3, 1, 1, 2), 2),
                               8}));

} // namespace
} // namespace dfp::testing
