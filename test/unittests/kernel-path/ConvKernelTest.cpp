#include "KernelTestSupport.h"

#include "dfp/reference/Contraction.h"

namespace dfp::testing {
namespace {

enum class Direction { Forward, BackwardData, BackwardFilter };

struct ConvCase {
  Conv2dShape shape;
  int magBits = 13;
  int64_t chain = 32;
};

Conv2dShape makeShape(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k,
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

std::vector<int64_t> inputShape(const Conv2dShape &s) {
  return {s.batch, s.channels, s.height, s.width};
}
std::vector<int64_t> filterShape(const Conv2dShape &s) {
  return {s.filters, s.channels / s.groups, s.kernelH, s.kernelW};
}
std::vector<int64_t> outputShape(const Conv2dShape &s) {
  return {s.batch, s.filters, s.outHeight(), s.outWidth()};
}

/// (first operand, second operand, result) shapes of a direction.
std::array<std::vector<int64_t>, 3> shapesOf(Direction direction,
                                             const Conv2dShape &s) {
  switch (direction) {
  case Direction::Forward:
    return {inputShape(s), filterShape(s), outputShape(s)};
  case Direction::BackwardData:
    return {outputShape(s), filterShape(s), inputShape(s)};
  case Direction::BackwardFilter:
    return {inputShape(s), outputShape(s), filterShape(s)};
  }
  return {};
}

std::string list(std::initializer_list<int64_t> values) {
  std::string text;
  for (int64_t v : values)
    text += (text.empty() ? "" : ", ") + std::to_string(v);
  return "[" + text + "]";
}

std::string convSource(Direction direction, const ConvCase &c) {
  static const char *const ops[] = {"dfp.conv2d", "dfp.conv2d_backward_data",
                                    "dfp.conv2d_backward_filter"};
  auto [first, second, result] = shapesOf(direction, c.shape);
  const Conv2dShape &s = c.shape;
  std::string a = dfpTypeText(first, 16, c.magBits);
  std::string b = dfpTypeText(second, 16, c.magBits);
  std::string out = "tensor<" + shapeText(result) + "xf32>";
  return "func.func @conv(%a: " + a + ", %b: " + b + ") -> " + out +
         " {\n  %c = " + ops[int(direction)] + " %a, %b strides " +
         list({s.strides[0], s.strides[1]}) + " padding " +
         list({s.padding[0], s.padding[1], s.padding[2], s.padding[3]}) +
         " dilations " + list({s.dilations[0], s.dilations[1]}) + " groups " +
         std::to_string(s.groups) + " chain(" + std::to_string(c.chain) +
         ") : " + a + ", " + b + " -> " + out + "\n  return %c : " + out +
         "\n}\n";
}

Status reference(Direction direction, const QuantizedTensor &a,
                 const QuantizedTensor &b, const ConvCase &c, float *result) {
  switch (direction) {
  case Direction::Forward:
    return conv2dForward(a, b, c.shape, c.chain, result);
  case Direction::BackwardData:
    return conv2dBackwardData(a, b, c.shape, c.chain, result);
  case Direction::BackwardFilter:
    return conv2dBackwardFilter(a, b, c.shape, c.chain, result);
  }
  return Status::error("unknown direction");
}

/// The LLVM path lowers grouped DFP convolutions forward only.
bool lowersOnLlvmPath(Direction direction, const ConvCase &c) {
  return c.shape.groups == 1 || direction == Direction::Forward;
}

void expectMatchesReference(Direction direction, const ConvCase &c,
                            uint32_t seed) {
  auto [first, second, result] = shapesOf(direction, c.shape);
  QuantizedTensor a = randomOperand(first, c.magBits, -7, seed);
  QuantizedTensor b = randomOperand(second, c.magBits, -2, seed + 1);
  std::vector<float> expected(
      size_t(result[0] * result[1] * result[2] * result[3]));
  Status status = reference(direction, a, b, c, expected.data());
  ASSERT_TRUE(status.ok()) << status.message();
  std::string source = convSource(direction, c);
  std::unique_ptr<JitModule> module = compileOrFail(source, kKernelPipeline);
  ASSERT_TRUE(module);
  std::vector<float> viaKernels = callOnDfpPair(*module, "conv", a, b, result);
  EXPECT_TRUE(sameBits(expected, viaKernels)) << source;
  if (!lowersOnLlvmPath(direction, c))
    return;
  std::unique_ptr<JitModule> llvmPath = compileOrFail(source);
  ASSERT_TRUE(llvmPath);
  EXPECT_TRUE(
      sameBits(callOnDfpPair(*llvmPath, "conv", a, b, result), viaKernels))
      << source;
}

class ConvKernelPath
    : public ::testing::TestWithParam<std::tuple<Direction, int>> {};

std::vector<ConvCase> convCases() {
  return {
      {makeShape(2, 3, 7, 5, 4, 3, 3, 1, {1, 1, 1, 1})},
      {makeShape(1, 5, 9, 8, 3, 3, 2, 2, {1, 0, 2, 1})},
      {makeShape(2, 4, 6, 6, 6, 3, 3, 1, {1, 1, 1, 1}, 1, 2)},
      {makeShape(1, 3, 9, 9, 2, 3, 3, 1, {2, 2, 2, 2}, 2)},
      {makeShape(3, 17, 5, 3, 9, 1, 1, 1, {0, 0, 0, 0})},
      {makeShape(1, 33, 6, 7, 5, 3, 3, 1, {1, 1, 1, 1}), 13, 8},
      {makeShape(1, 8, 5, 5, 7, 3, 3, 2, {1, 1, 1, 1}), 15, 2},
      {makeShape(2, 6, 5, 4, 4, 2, 2, 1, {0, 1, 1, 0}), 11, 512},
  };
}

TEST_P(ConvKernelPath, MatchesReferenceAndLlvmPath) {
  auto [direction, index] = GetParam();
  expectMatchesReference(direction, convCases()[size_t(index)],
                         uint32_t(100 * index + int(direction)));
}

INSTANTIATE_TEST_SUITE_P(
    DirectionsAndGeometries, ConvKernelPath,
    ::testing::Combine(::testing::Values(Direction::Forward,
                                         Direction::BackwardData,
                                         Direction::BackwardFilter),
                       ::testing::Range(0, 8)));

TEST(ConvKernelPath, PerChannelExponentsMatchReference) {
  // Filter exponents per output channel (forward) or per input channel
  // (backward-data: K is summed); backward-filter: x per input channel and
  // dy per filter (axis 1; N is summed).
  ConvCase c{makeShape(2, 6, 7, 6, 5, 3, 3, 1, {1, 1, 1, 1})};
  for (Direction direction : {Direction::Forward, Direction::BackwardData,
                              Direction::BackwardFilter}) {
    auto [first, second, result] = shapesOf(direction, c.shape);
    bool filterGrad = direction == Direction::BackwardFilter;
    QuantizedTensor a = randomOperand(first, 13, -4, 41, filterGrad ? 1 : -1);
    QuantizedTensor b = randomOperand(second, 13, -1, 42,
                                      direction == Direction::Forward ? 0 : 1);
    std::vector<float> expected(
        size_t(result[0] * result[1] * result[2] * result[3]));
    Status status = reference(direction, a, b, c, expected.data());
    ASSERT_TRUE(status.ok()) << status.message();
    std::string source = convSource(direction, c);
    for (auto [from, to] :
         {std::pair{dfpTypeText(first, 16, 13), dfpTypeOf(a)},
          std::pair{dfpTypeText(second, 16, 13), dfpTypeOf(b)}})
      for (size_t at = source.find(from); at != std::string::npos;
           at = source.find(from, at + to.size()))
        source.replace(at, from.size(), to);
    std::unique_ptr<JitModule> module = compileOrFail(source, kKernelPipeline);
    ASSERT_TRUE(module);
    EXPECT_TRUE(
        sameBits(expected, callOnDfpPair(*module, "conv", a, b, result)))
        << source;
  }
}

TEST(ConvKernelPath, StorageExtremes) {
  // +-32767 in 15-bit operands with chain 2 (the largest safe one).
  ConvCase c{makeShape(1, 4, 5, 5, 3, 3, 3, 1, {1, 1, 1, 1}), 15, 2};
  for (Direction direction : {Direction::Forward, Direction::BackwardData,
                              Direction::BackwardFilter}) {
    auto [first, second, result] = shapesOf(direction, c.shape);
    QuantizedTensor a = randomOperand(first, 15, 0, 1);
    QuantizedTensor b = randomOperand(second, 15, 0, 2);
    for (size_t i = 0; i < a.values.size(); i += 3)
      a.values[i] = int16_t(i % 2 ? 32767 : -32767);
    std::vector<float> expected(
        size_t(result[0] * result[1] * result[2] * result[3]));
    ASSERT_TRUE(reference(direction, a, b, c, expected.data()).ok());
    std::unique_ptr<JitModule> module =
        compileOrFail(convSource(direction, c), kKernelPipeline);
    ASSERT_TRUE(module);
    EXPECT_TRUE(
        sameBits(expected, callOnDfpPair(*module, "conv", a, b, result)));
  }
}

TEST(ConvKernelPath, NetworkStepWithSharedDispatch) {
  // Two forward convolutions of one descriptor in one function share the
  // dispatch at its entry; their FP32 results are added.
  ConvCase c{makeShape(2, 3, 6, 6, 4, 3, 3, 1, {1, 1, 1, 1})};
  std::string x = dfpTypeText(inputShape(c.shape), 16, 13);
  std::string w = dfpTypeText(filterShape(c.shape), 16, 13);
  std::string y = "tensor<" + shapeText(outputShape(c.shape)) + "xf32>";
  std::string attrs =
      " strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 "
      "chain(32) : ";
  std::string source =
      "func.func @step(%x: " + x + ", %w: " + w + ") -> " + y +
      " {\n  %y = dfp.conv2d %x, %w" + attrs + x + ", " + w + " -> " + y +
      "\n  %y2 = dfp.conv2d %x, %w" + attrs + x + ", " + w + " -> " + y +
      "\n  %s = dfp.add %y, %y2 : " + y + "\n  return %s : " + y + "\n}\n";
  QuantizedTensor qx = randomOperand(inputShape(c.shape), 13, -3, 7);
  QuantizedTensor qw = randomOperand(filterShape(c.shape), 13, -5, 8);
  std::vector<float> single(size_t(2 * 4 * 6 * 6));
  ASSERT_TRUE(conv2dForward(qx, qw, c.shape, 32, single.data()).ok());
  for (float &v : single)
    v = v + v;
  std::unique_ptr<JitModule> module = compileOrFail(source, kKernelPipeline);
  ASSERT_TRUE(module);
  EXPECT_TRUE(sameBits(
      single, callOnDfpPair(*module, "step", qx, qw, outputShape(c.shape))));
}

TEST(ConvKernelPath, QuantizedFromFloatMatchesReference) {
  // The compiled function quantizes x (nearest even) and w (stochastic) and
  // convolves them on the kernels (stride 2, asymmetric padding).
  Conv2dShape shape = makeShape(2, 3, 9, 7, 5, 3, 3, 2, {1, 0, 1, 1});
  std::vector<int64_t> xShape = inputShape(shape), wShape = filterShape(shape),
                       yShape = outputShape(shape);
  std::string xf = "tensor<" + shapeText(xShape) + "xf32>";
  std::string wf = "tensor<" + shapeText(wShape) + "xf32>";
  std::string yf = "tensor<" + shapeText(yShape) + "xf32>";
  std::string x = dfpTypeText(xShape, 16, 13), w = dfpTypeText(wShape, 16, 13);
  std::string source =
      "func.func @conv(%x: " + xf + ", %w: " + wf + ") -> " + yf +
      " {\n  %qx = dfp.quantize %x rounding(nearest_even) : " + xf + " -> " +
      x +
      "\n  %qw = dfp.quantize %w rounding(stochastic) seed(3) stream(4) : " +
      wf + " -> " + w + "\n  %y = dfp.conv2d %qx, %qw strides [2, 2] padding " +
      "[1, 0, 1, 1] dilations [1, 1] groups 1 chain(32) : " + x + ", " + w +
      " -> " + yf + "\n  return %y : " + yf + "\n}\n";
  std::vector<float> xs = sampleData(2 * 3 * 9 * 7, 5, false);
  std::vector<float> ws = sampleData(5 * 3 * 3 * 3, 6, false);
  std::vector<float> actual(
      size_t(yShape[0] * yShape[1] * yShape[2] * yShape[3]));
  std::unique_ptr<JitModule> module = compileOrFail(source, kKernelPipeline);
  ASSERT_TRUE(module);
  auto status =
      module->call("conv",
                   {JitArgument::of(TensorView::of(xs.data(), xShape)),
                    JitArgument::of(TensorView::of(ws.data(), wShape))},
                   {JitArgument::of(TensorView::of(actual.data(), yShape))});
  ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());
  EXPECT_FALSE(status->nonFiniteInput);

  DfpFormat format{16, 13, ExponentGrouping::tensor()};
  QuantizedTensor qx, qw;
  ASSERT_TRUE(
      quantize(xs.data(), xShape, format, Rounding::NearestEven, {}, qx).ok());
  ASSERT_TRUE(quantize(ws.data(), wShape, format, Rounding::Stochastic,
                       StochasticSeed{3, 4, 0}, qw)
                  .ok());
  std::vector<float> expected(actual.size());
  ASSERT_TRUE(conv2dForward(qx, qw, shape, 32, expected.data()).ok());
  EXPECT_TRUE(sameBits(expected, actual));
}

} // namespace
} // namespace dfp::testing
