#include "TestSupport.h"

#include "dfp/reference/Contraction.h"
#include "dfp/reference/Quantize.h"

#include <random>

namespace dfp::testing {
namespace {

struct MatmulCase {
  int64_t m, k, n;
  int magBits;
  int64_t chain;
  bool transposeLhs = false, transposeRhs = false;
};

std::string matmulSource(const MatmulCase &c) {
  std::vector<int64_t> aShape = c.transposeLhs ? std::vector<int64_t>{c.k, c.m}
                                               : std::vector<int64_t>{c.m, c.k};
  std::vector<int64_t> bShape = c.transposeRhs ? std::vector<int64_t>{c.n, c.k}
                                               : std::vector<int64_t>{c.k, c.n};
  std::string a = dfpTypeText(aShape, 16, c.magBits);
  std::string b = dfpTypeText(bShape, 16, c.magBits);
  std::string result = "tensor<" + shapeText({c.m, c.n}) + "xf32>";
  std::string flags;
  if (c.transposeLhs || c.transposeRhs)
    flags = std::string(" {") + (c.transposeLhs ? "transpose_lhs" : "") +
            (c.transposeLhs && c.transposeRhs ? ", " : "") +
            (c.transposeRhs ? "transpose_rhs" : "") + "}";
  return "func.func @matmul(%a: " + a + ", %b: " + b + ") -> " + result +
         " {\n  %c = dfp.matmul %a, %b chain(" + std::to_string(c.chain) + ")" +
         flags + " : " + a + ", " + b + " -> " + result +
         "\n  return %c : " + result + "\n}\n";
}

/// Integers in [-(2^M - 1), 2^M - 1], the extremes planted at a few places.
QuantizedTensor randomOperand(std::vector<int64_t> shape, int magBits,
                              int32_t exponent, uint32_t seed) {
  QuantizedTensor t;
  t.shape = shape;
  t.format = {16, magBits, ExponentGrouping::tensor()};
  int32_t limit = (1 << magBits) - 1;
  std::mt19937 generator(seed);
  std::uniform_int_distribution<int32_t> value(-limit, limit);
  t.values.resize(size_t(t.numElements()));
  for (int16_t &q : t.values)
    q = int16_t(value(generator));
  for (size_t i = 0; i < t.values.size(); i += 5)
    t.values[i] = int16_t(i % 2 ? limit : -limit);
  t.exponents = {exponent};
  return t;
}

/// B^T or A^T stored row-major, as the transposed operand is passed.
QuantizedTensor transposed(const QuantizedTensor &t) {
  QuantizedTensor result = t;
  int64_t rows = t.shape[0], columns = t.shape[1];
  result.shape = {columns, rows};
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < columns; ++j)
      result.values[size_t(j * rows + i)] = t.values[size_t(i * columns + j)];
  return result;
}

std::vector<float> runMatmul(JitModule &module, const MatmulCase &c,
                             QuantizedTensor a, QuantizedTensor b) {
  std::vector<float> result(size_t(c.m * c.n), -1.0f);
  auto status =
      module.call("matmul",
                  {JitArgument::dfp(TensorView::of(a.values.data(), a.shape),
                                    TensorView::of(a.exponents.data(), {1})),
                   JitArgument::dfp(TensorView::of(b.values.data(), b.shape),
                                    TensorView::of(b.exponents.data(), {1}))},
                  {JitArgument::of(TensorView::of(result.data(), {c.m, c.n}))});
  if (!status)
    ADD_FAILURE() << llvm::toString(status.takeError());
  else
    EXPECT_FALSE(status->nonFiniteInput);
  return result;
}

void expectMatchesReference(const MatmulCase &c, QuantizedTensor a,
                            QuantizedTensor b) {
  std::unique_ptr<JitModule> module = compileOrFail(matmulSource(c));
  ASSERT_TRUE(module);
  std::vector<float> expected(size_t(c.m * c.n));
  Status status = matmul(a, b, c.chain, expected.data());
  ASSERT_TRUE(status.ok()) << status.message();
  if (c.transposeLhs)
    a = transposed(a);
  if (c.transposeRhs)
    b = transposed(b);
  EXPECT_TRUE(sameBits(expected, runMatmul(*module, c, a, b)))
      << matmulSource(c);
}

class MatmulMatchesReference
    : public ::testing::TestWithParam<std::tuple<
          std::tuple<int64_t, int64_t, int64_t>, std::pair<int, int64_t>>> {};

TEST_P(MatmulMatchesReference, OddSizesAndExtremeValues) {
  auto [size, format] = GetParam();
  auto [m, k, n] = size;
  auto [magBits, chain] = format;
  MatmulCase c{m, k, n, magBits, chain};
  uint32_t seed = uint32_t(m * 1000003 + k * 1009 + n + magBits);
  expectMatchesReference(c, randomOperand({m, k}, magBits, -13, seed),
                         randomOperand({k, n}, magBits, 2, seed + 1));
}

INSTANTIATE_TEST_SUITE_P(
    SizesAndChains, MatmulMatchesReference,
    ::testing::Combine(
        ::testing::Values(std::tuple<int64_t, int64_t, int64_t>{1, 1, 1},
                          std::tuple<int64_t, int64_t, int64_t>{3, 17, 5},
                          std::tuple<int64_t, int64_t, int64_t>{17, 63, 33},
                          std::tuple<int64_t, int64_t, int64_t>{5, 255, 65},
                          std::tuple<int64_t, int64_t, int64_t>{8, 64, 32},
                          std::tuple<int64_t, int64_t, int64_t>{1, 130, 3}),
        ::testing::Values(std::pair<int, int64_t>{13, 32},
                          std::pair<int, int64_t>{13, 2},
                          std::pair<int, int64_t>{14, 8},
                          std::pair<int, int64_t>{15, 2},
                          std::pair<int, int64_t>{11, 512})));

TEST(MatmulLlvmPath, Transposes) {
  for (auto [lhs, rhs] : {std::pair{true, false}, std::pair{false, true},
                          std::pair{true, true}}) {
    MatmulCase c{7, 41, 19, 13, 32, lhs, rhs};
    expectMatchesReference(c, randomOperand({7, 41}, 13, -3, 5),
                           randomOperand({41, 19}, 13, -9, 6));
  }
}

TEST(MatmulLlvmPath, PerRowAndPerColumnExponents) {
  // A per row (axis 0), B per column (axis 1), also transposed; exponents
  // spread over a wide range, some groups all zero.
  for (auto [transposeLhs, transposeRhs] :
       {std::pair{false, false}, std::pair{true, true}}) {
    const int64_t m = 7, k = 75, n = 37;
    QuantizedTensor a = randomOperand({m, k}, 13, 0, 21);
    QuantizedTensor b = randomOperand({k, n}, 13, 0, 22);
    a.format.grouping = ExponentGrouping::perAxis(0);
    b.format.grouping = ExponentGrouping::perAxis(1);
    a.exponents.clear();
    for (int64_t i = 0; i < m; ++i)
      a.exponents.push_back(int32_t(i * 11 - 40));
    b.exponents.clear();
    for (int64_t j = 0; j < n; ++j)
      b.exponents.push_back(int32_t((j * 7) % 50 - 60));
    for (int64_t p = 0; p < k; ++p)
      a.values[size_t(2 * k + p)] = 0;
    std::vector<float> expected(size_t(m * n));
    ASSERT_TRUE(matmul(a, b, 32, expected.data()).ok());

    std::string aType =
        std::string("!dfp.tensor<") + (transposeLhs ? "75x7" : "7x75") +
        "xi16, mag = 13, exp = axis " + (transposeLhs ? "1" : "0") + ">";
    std::string bType =
        std::string("!dfp.tensor<") + (transposeRhs ? "37x75" : "75x37") +
        "xi16, mag = 13, exp = axis " + (transposeRhs ? "0" : "1") + ">";
    std::string flags = transposeLhs ? " {transpose_lhs, transpose_rhs}" : "";
    std::string source = "func.func @matmul(%a: " + aType + ", %b: " + bType +
                         ") -> tensor<7x37xf32> {\n  %c = dfp.matmul %a, %b "
                         "chain(32)" +
                         flags + " : " + aType + ", " + bType +
                         " -> tensor<7x37xf32>\n  return %c : "
                         "tensor<7x37xf32>\n}\n";
    std::unique_ptr<JitModule> module = compileOrFail(source);
    ASSERT_TRUE(module);
    QuantizedTensor passedA = transposeLhs ? transposed(a) : a;
    QuantizedTensor passedB = transposeRhs ? transposed(b) : b;
    std::vector<float> actual(size_t(m * n));
    auto status = module->call(
        "matmul",
        {JitArgument::dfp(TensorView::of(passedA.values.data(), passedA.shape),
                          TensorView::of(a.exponents.data(), {m})),
         JitArgument::dfp(TensorView::of(passedB.values.data(), passedB.shape),
                          TensorView::of(b.exponents.data(), {n}))},
        {JitArgument::of(TensorView::of(actual.data(), {m, n}))});
    ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());
    EXPECT_TRUE(sameBits(expected, actual)) << source;
  }
}

TEST(MatmulLlvmPath, SameBitsOnEveryTargetCpu) {
  // AVX-512 VNNI, AVX2 only (vpmaddwd), and SSE4.2: one code path per ISA
  // the host can run.
  MatmulCase c{9, 77, 45, 13, 32};
  QuantizedTensor a = randomOperand({9, 77}, 13, -4, 31);
  QuantizedTensor b = randomOperand({77, 45}, 13, -6, 32);
  std::vector<float> expected(size_t(c.m * c.n));
  ASSERT_TRUE(matmul(a, b, c.chain, expected.data()).ok());
  for (const char *target :
       {"target-cpu=znver4",
        "target-cpu=znver3 target-features=+avx2,+fma,-avx512f",
        "target-cpu=x86-64-v2 target-features=-avx,-avx2,-avx512f"}) {
    JitOptions options;
    options.pipeline = std::string("dfp-lower-to-llvm{") + target + "}";
    auto module = JitModule::fromSource(matmulSource(c), options);
    ASSERT_TRUE(bool(module)) << llvm::toString(module.takeError());
    EXPECT_TRUE(sameBits(expected, runMatmul(**module, c, a, b))) << target;
  }
}

TEST(MatmulLlvmPath, MostNegativeStorageValue) {
  // -32768 in A bounds the chain at 8 with 13-bit B (8 * 2^15 * 8191 fits).
  MatmulCase c{3, 29, 18, 13, 8};
  QuantizedTensor a = randomOperand({3, 29}, 13, 0, 9);
  a.values[0] = a.values[30] = a.values[86] = -32768;
  expectMatchesReference(c, a, randomOperand({29, 18}, 13, 0, 10));
}

TEST(MatmulLlvmPath, ScalesNearTheFloatRange) {
  // 2^(ea + eb) subnormal, tiny, and near the largest finite power of two.
  for (auto [ea, eb] : {std::pair{-140, -9}, std::pair{-75, -75},
                        std::pair{60, 40}, std::pair{-130, 3}}) {
    MatmulCase c{4, 70, 9, 13, 32};
    expectMatchesReference(c, randomOperand({4, 70}, 13, ea, 11),
                           randomOperand({70, 9}, 13, eb, 12));
  }
}

TEST(MatmulLlvmPath, QuantizedFromFloatMatchesReference) {
  const int64_t m = 6, k = 45, n = 11;
  std::string a = dfpTypeText({m, k}, 16, 13), b = dfpTypeText({k, n}, 16, 13);
  std::string source =
      "func.func @mm(%x: tensor<6x45xf32>, %w: tensor<45x11xf32>) -> "
      "tensor<6x11xf32> {\n"
      "  %a = dfp.quantize %x rounding(nearest_even) : tensor<6x45xf32> -> " +
      a +
      "\n  %b = dfp.quantize %w rounding(stochastic) seed(5) stream(2) : "
      "tensor<45x11xf32> -> " +
      b + "\n  %c = dfp.matmul %a, %b chain(32) : " + a + ", " + b +
      " -> tensor<6x11xf32>\n  return %c : tensor<6x11xf32>\n}\n";
  std::unique_ptr<JitModule> module = compileOrFail(source);
  ASSERT_TRUE(module);
  std::vector<float> x = sampleData(m * k, 1, false);
  std::vector<float> w = sampleData(k * n, 2, false);
  std::vector<float> actual(size_t(m * n));
  auto status =
      module->call("mm",
                   {JitArgument::of(TensorView::of(x.data(), {m, k})),
                    JitArgument::of(TensorView::of(w.data(), {k, n}))},
                   {JitArgument::of(TensorView::of(actual.data(), {m, n}))});
  ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());

  DfpFormat format{16, 13, ExponentGrouping::tensor()};
  QuantizedTensor qa, qb;
  ASSERT_TRUE(
      quantize(x.data(), {m, k}, format, Rounding::NearestEven, {}, qa).ok());
  ASSERT_TRUE(quantize(w.data(), {k, n}, format, Rounding::Stochastic,
                       StochasticSeed{5, 2, 0}, qb)
                  .ok());
  std::vector<float> expected(size_t(m * n));
  ASSERT_TRUE(matmul(qa, qb, 32, expected.data()).ok());
  EXPECT_TRUE(sameBits(expected, actual));
}

} // namespace
} // namespace dfp::testing
