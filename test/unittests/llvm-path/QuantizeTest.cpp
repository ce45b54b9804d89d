#include "TestSupport.h"

#include "dfp/reference/Quantize.h"

#include <cmath>
#include <limits>

namespace dfp::testing {
namespace {

struct QuantizeCase {
  std::vector<int64_t> shape;
  int storageBits;
  int magBits;
  Rounding rounding;
};

std::string quantizeSource(const QuantizeCase &c, const StochasticSeed &seed) {
  std::string tensor = "tensor<" + shapeText(c.shape) + "xf32>";
  std::string dfp = dfpTypeText(c.shape, c.storageBits, c.magBits);
  bool stochastic = c.rounding == Rounding::Stochastic;
  std::string stream =
      stochastic ? " seed(" + std::to_string(seed.seed) + ") stream(" +
                       std::to_string(seed.stream) + ") step(%step)"
                 : "";
  return "func.func @quantize(%x: " + tensor +
         (stochastic ? ", %step: i32" : "") + ") -> " + dfp +
         " {\n  %q = dfp.quantize %x rounding(" + roundingText(c.rounding) +
         ")" + stream + " : " + tensor + " -> " + dfp +
         "\n  return %q : " + dfp + "\n}\n";
}

/// Runs the compiled quantize on `x`; values widened to int16.
struct Quantized {
  std::vector<int16_t> values;
  int32_t exponent = 0;
  bool nonFinite = false;
};

Quantized runQuantize(JitModule &module, const QuantizeCase &c,
                      std::vector<float> x, uint32_t step) {
  int64_t n = int64_t(x.size());
  Quantized result;
  std::vector<int8_t> narrow(static_cast<size_t>(n));
  result.values.assign(size_t(n), 0);
  std::vector<JitArgument> inputs = {
      JitArgument::of(TensorView::of(x.data(), c.shape))};
  if (c.rounding == Rounding::Stochastic)
    inputs.push_back(JitArgument::i32(int32_t(step)));
  TensorView values = c.storageBits == 8
                          ? TensorView::of(narrow.data(), c.shape)
                          : TensorView::of(result.values.data(), c.shape);
  auto status = module.call(
      "quantize", inputs,
      {JitArgument::dfp(values, TensorView::of(&result.exponent, {1}))});
  if (!status) {
    ADD_FAILURE() << llvm::toString(status.takeError());
    return result;
  }
  result.nonFinite = status->nonFiniteInput;
  if (c.storageBits == 8)
    for (int64_t i = 0; i < n; ++i)
      result.values[size_t(i)] = narrow[size_t(i)];
  return result;
}

void expectMatchesReference(const QuantizeCase &c,
                            const std::vector<float> &x) {
  StochasticSeed seed{0x123456789abcdefull, 7, 0};
  uint32_t step = 11;
  seed.step = step;
  std::unique_ptr<JitModule> module = compileOrFail(quantizeSource(c, seed));
  ASSERT_TRUE(module);
  DfpFormat format{c.storageBits, c.magBits, ExponentGrouping::tensor()};
  QuantizedTensor expected;
  Status status =
      quantize(x.data(), c.shape, format, c.rounding, seed, expected);
  ASSERT_TRUE(status.ok()) << status.message();
  Quantized actual = runQuantize(*module, c, x, step);
  EXPECT_FALSE(actual.nonFinite);
  EXPECT_EQ(actual.exponent, expected.exponents.front());
  EXPECT_EQ(actual.values, expected.values);
}

class QuantizeMatchesReference
    : public ::testing::TestWithParam<
          std::tuple<std::vector<int64_t>, int, Rounding>> {};

TEST_P(QuantizeMatchesReference, OnSpreadAndEdgeValues) {
  auto [shape, magBits, rounding] = GetParam();
  QuantizeCase c{shape, magBits < 8 ? 8 : 16, magBits, rounding};
  int64_t n = 1;
  for (int64_t extent : shape)
    n *= extent;
  expectMatchesReference(c, sampleData(n, uint32_t(n * 31 + magBits), false));
  expectMatchesReference(c, sampleData(n, uint32_t(n * 17 + magBits), true));
}

INSTANTIATE_TEST_SUITE_P(
    SizesFormatsRoundings, QuantizeMatchesReference,
    ::testing::Combine(
        ::testing::Values(std::vector<int64_t>{1}, std::vector<int64_t>{3, 17},
                          std::vector<int64_t>{63, 65},
                          std::vector<int64_t>{2, 3, 255}),
        ::testing::Values(13, 15, 7, 1),
        ::testing::Values(Rounding::NearestEven, Rounding::NearestUp,
                          Rounding::TowardZero, Rounding::Stochastic)));

TEST(QuantizeLlvmPath, PerAxisExponentsMatchReference) {
  for (int64_t axis : {0, 1, 2}) {
    std::vector<int64_t> shape = {3, 17, 5};
    std::string tensor = "tensor<3x17x5xf32>";
    std::string dfp = "!dfp.tensor<3x17x5xi16, mag = 13, exp = axis " +
                      std::to_string(axis) + ">";
    std::string source = "func.func @quantize(%x: " + tensor + ") -> " + dfp +
                         " {\n  %q = dfp.quantize %x rounding(stochastic) "
                         "seed(9) : " +
                         tensor + " -> " + dfp + "\n  return %q : " + dfp +
                         "\n}\n";
    std::unique_ptr<JitModule> module = compileOrFail(source);
    ASSERT_TRUE(module);
    std::vector<float> x = sampleData(3 * 17 * 5, uint32_t(axis), false);
    x[7] = 0.0f;
    DfpFormat format{16, 13, ExponentGrouping::perAxis(int(axis))};
    QuantizedTensor expected;
    ASSERT_TRUE(quantize(x.data(), shape, format, Rounding::Stochastic,
                         StochasticSeed{9, 0, 0}, expected)
                    .ok());
    std::vector<int16_t> values(x.size());
    std::vector<int32_t> exponents(static_cast<size_t>(shape[size_t(axis)]));
    auto status = module->call(
        "quantize", {JitArgument::of(TensorView::of(x.data(), shape))},
        {JitArgument::dfp(
            TensorView::of(values.data(), shape),
            TensorView::of(exponents.data(), {shape[size_t(axis)]}))});
    ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());
    EXPECT_FALSE(status->nonFiniteInput);
    EXPECT_EQ(exponents, expected.exponents) << "axis " << axis;
    EXPECT_EQ(values, expected.values) << "axis " << axis;
  }
}

TEST(QuantizeLlvmPath, SubnormalMaximum) {
  std::vector<float> x(37);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = std::ldexp(float(i) - 18.0f, -140);
  for (Rounding rounding : {Rounding::NearestEven, Rounding::Stochastic})
    expectMatchesReference({{37}, 16, 13, rounding}, x);
}

TEST(QuantizeLlvmPath, TiesAndFractionsAtScaleOne) {
  // max |x| in [2^12, 2^13) gives e = 0 with 13 magnitude bits: y = x.
  std::vector<float> x = {4096.0f, 0.5f,  1.5f,        2.5f,   -0.5f,
                          -1.5f,   -2.5f, 0.49999997f, 3.75f,  -0.25f,
                          -3.75f,  0.0f,  -0.0f,       8191.5f};
  for (Rounding rounding : {Rounding::NearestEven, Rounding::NearestUp,
                            Rounding::TowardZero, Rounding::Stochastic})
    expectMatchesReference({{int64_t(x.size())}, 16, 13, rounding}, x);
}

TEST(QuantizeLlvmPath, AllZerosGiveExponentZero) {
  std::vector<float> x(19, 0.0f);
  x[3] = -0.0f;
  expectMatchesReference({{19}, 16, 13, Rounding::NearestEven}, x);
}

TEST(QuantizeLlvmPath, NonFiniteInputSetsTheStatus) {
  QuantizeCase c{{5, 3}, 16, 13, Rounding::NearestEven};
  std::unique_ptr<JitModule> module = compileOrFail(quantizeSource(c, {}));
  ASSERT_TRUE(module);
  for (float bad : {std::numeric_limits<float>::quiet_NaN(),
                    std::numeric_limits<float>::infinity(),
                    -std::numeric_limits<float>::infinity()}) {
    std::vector<float> x = sampleData(15, 3, false);
    x[9] = bad;
    EXPECT_TRUE(runQuantize(*module, c, x, 0).nonFinite) << bad;
  }
  EXPECT_FALSE(runQuantize(*module, c, sampleData(15, 3, true), 0).nonFinite);
}

TEST(QuantizeLlvmPath, StochasticDependsOnStep) {
  QuantizeCase c{{64}, 16, 3, Rounding::Stochastic};
  std::unique_ptr<JitModule> module = compileOrFail(quantizeSource(c, {}));
  ASSERT_TRUE(module);
  std::vector<float> x(64, 1.3f);
  x[0] = 7.9f;
  EXPECT_NE(runQuantize(*module, c, x, 1).values,
            runQuantize(*module, c, x, 2).values);
}

} // namespace
} // namespace dfp::testing
