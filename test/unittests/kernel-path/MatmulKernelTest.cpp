#include "KernelTestSupport.h"

#include "dfp/abi/KernelAbi.h"
#include "dfp/reference/Contraction.h"

#include <cstdlib>

namespace dfp::testing {
namespace {

struct MatmulCase {
  int64_t m, k, n;
  int magBits;
  int64_t chain;
  bool transposeLhs = false, transposeRhs = false;
};

std::string matmulSource(const MatmulCase &c) {
  std::string a = dfpTypeText(c.transposeLhs ? std::vector<int64_t>{c.k, c.m}
                                             : std::vector<int64_t>{c.m, c.k},
                              16, c.magBits);
  std::string b = dfpTypeText(c.transposeRhs ? std::vector<int64_t>{c.n, c.k}
                                             : std::vector<int64_t>{c.k, c.n},
                              16, c.magBits);
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

QuantizedTensor transposed(const QuantizedTensor &t) {
  QuantizedTensor result = t;
  int64_t rows = t.shape[0], columns = t.shape[1];
  result.shape = {columns, rows};
  if (t.format.grouping.kind == ExponentGrouping::Kind::Axis)
    result.format.grouping.axis = 1 - t.format.grouping.axis;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < columns; ++j)
      result.values[size_t(j * rows + i)] = t.values[size_t(i * columns + j)];
  return result;
}

/// The kernel path gives the reference's bits and the LLVM path's.
void expectSameBitsOnBothPaths(const MatmulCase &c, QuantizedTensor a,
                               QuantizedTensor b) {
  std::vector<float> expected(size_t(c.m * c.n));
  Status status = matmul(a, b, c.chain, expected.data());
  ASSERT_TRUE(status.ok()) << status.message();
  if (c.transposeLhs)
    a = transposed(a);
  if (c.transposeRhs)
    b = transposed(b);
  std::string source = matmulSource(c);
  std::unique_ptr<JitModule> kernels = compileOrFail(source, kKernelPipeline);
  std::unique_ptr<JitModule> llvmPath = compileOrFail(source);
  ASSERT_TRUE(kernels && llvmPath);
  std::vector<float> viaKernels =
      callOnDfpPair(*kernels, "matmul", a, b, {c.m, c.n});
  EXPECT_TRUE(sameBits(expected, viaKernels)) << source;
  EXPECT_TRUE(sameBits(callOnDfpPair(*llvmPath, "matmul", a, b, {c.m, c.n}),
                       viaKernels))
      << source;
}

using Size = std::tuple<int64_t, int64_t, int64_t>;

class MatmulKernelPath : public ::testing::TestWithParam<
                             std::tuple<Size, std::pair<int, int64_t>>> {};

TEST_P(MatmulKernelPath, MatchesReferenceAndLlvmPath) {
  auto [size, format] = GetParam();
  auto [m, k, n] = size;
  auto [magBits, chain] = format;
  uint32_t seed = uint32_t(m * 1000003 + k * 1009 + n + magBits);
  expectSameBitsOnBothPaths({m, k, n, magBits, chain},
                            randomOperand({m, k}, magBits, -13, seed),
                            randomOperand({k, n}, magBits, 2, seed + 1));
}

INSTANTIATE_TEST_SUITE_P(
    OddSizesAndChains, MatmulKernelPath,
    ::testing::Combine(::testing::Values(Size{1, 1, 1}, Size{3, 17, 5},
                                         Size{17, 63, 33}, Size{5, 255, 65},
                                         Size{1, 130, 3}, Size{65, 64, 63}),
                       ::testing::Values(std::pair<int, int64_t>{13, 32},
                                         std::pair<int, int64_t>{14, 8},
                                         std::pair<int, int64_t>{15, 2},
                                         std::pair<int, int64_t>{11, 512})));

TEST(MatmulKernelPath, Transposes) {
  for (auto [lhs, rhs] : {std::pair{true, false}, std::pair{false, true},
                          std::pair{true, true}}) {
    MatmulCase c{7, 41, 19, 13, 32, lhs, rhs};
    expectSameBitsOnBothPaths(c, randomOperand({7, 41}, 13, -3, 5),
                              randomOperand({41, 19}, 13, -9, 6));
  }
}

/// The module of `matmul` on the operands as passed (types from the data).
std::string matmulSourceFor(const MatmulCase &c, const QuantizedTensor &a,
                            const QuantizedTensor &b) {
  std::string result = "tensor<" + shapeText({c.m, c.n}) + "xf32>";
  std::string flags;
  if (c.transposeLhs || c.transposeRhs)
    flags = std::string(" {") + (c.transposeLhs ? "transpose_lhs" : "") +
            (c.transposeLhs && c.transposeRhs ? ", " : "") +
            (c.transposeRhs ? "transpose_rhs" : "") + "}";
  return "func.func @matmul(%a: " + dfpTypeOf(a) + ", %b: " + dfpTypeOf(b) +
         ") -> " + result + " {\n  %c = dfp.matmul %a, %b chain(" +
         std::to_string(c.chain) + ")" + flags + " : " + dfpTypeOf(a) + ", " +
         dfpTypeOf(b) + " -> " + result + "\n  return %c : " + result + "\n}\n";
}

TEST(MatmulKernelPath, PerAxisExponentsMatchReferenceAndLlvmPath) {
  // A per row (axis 0), B per column (axis 1), one side per tensor, and the
  // transposed forms (the stored operand's axis swaps).
  for (auto [lhs, rhs] : {std::pair{false, false}, std::pair{true, false},
                          std::pair{false, true}, std::pair{true, true}})
    for (auto [axisA, axisB] :
         {std::pair{0, 1}, std::pair{-1, 1}, std::pair{0, -1}}) {
      MatmulCase c{13, 70, 21, 13, 32, lhs, rhs};
      QuantizedTensor a = randomOperand({13, 70}, 13, -6, 31, axisA);
      QuantizedTensor b = randomOperand({70, 21}, 13, 4, 32, axisB);
      std::vector<float> expected(size_t(c.m * c.n));
      Status status = matmul(a, b, c.chain, expected.data());
      ASSERT_TRUE(status.ok()) << status.message();
      if (lhs)
        a = transposed(a);
      if (rhs)
        b = transposed(b);
      std::string source = matmulSourceFor(c, a, b);
      std::unique_ptr<JitModule> kernels =
          compileOrFail(source, kKernelPipeline);
      std::unique_ptr<JitModule> llvmPath = compileOrFail(source);
      ASSERT_TRUE(kernels && llvmPath);
      std::vector<float> viaKernels =
          callOnDfpPair(*kernels, "matmul", a, b, {c.m, c.n});
      EXPECT_TRUE(sameBits(expected, viaKernels)) << source;
      EXPECT_TRUE(sameBits(callOnDfpPair(*llvmPath, "matmul", a, b, {c.m, c.n}),
                           viaKernels))
          << source;
    }
}

TEST(MatmulKernelPath, StorageExtremes) {
  // -32768 and 32767 in A bound the chain at 8 with 13-bit B.
  MatmulCase c{3, 29, 18, 13, 8};
  QuantizedTensor a = randomOperand({3, 29}, 13, 0, 9);
  a.values[0] = a.values[30] = a.values[86] = -32768;
  a.values[1] = a.values[45] = 32767;
  expectSameBitsOnBothPaths(c, a, randomOperand({29, 18}, 13, 0, 10));
}

TEST(MatmulKernelPath, ScalesNearTheFloatRange) {
  for (auto [ea, eb] : {std::pair{-140, -9}, std::pair{-75, -75},
                        std::pair{60, 40}, std::pair{-130, 3}}) {
    MatmulCase c{4, 70, 9, 13, 32};
    expectSameBitsOnBothPaths(c, randomOperand({4, 70}, 13, ea, 11),
                              randomOperand({70, 9}, 13, eb, 12));
  }
}

TEST(MatmulKernelPath, ResultsDoNotDependOnThreads) {
  MatmulCase c{67, 96, 129, 13, 32};
  QuantizedTensor a = randomOperand({67, 96}, 13, -4, 21);
  QuantizedTensor b = randomOperand({96, 129}, 13, 1, 22);
  std::unique_ptr<JitModule> module =
      compileOrFail(matmulSource(c), kKernelPipeline);
  ASSERT_TRUE(module);
  std::vector<float> oneThread =
      callOnDfpPair(*module, "matmul", a, b, {67, 129});
  dfp_rt_set_threads(3);
  std::vector<float> threeThreads =
      callOnDfpPair(*module, "matmul", a, b, {67, 129});
  dfp_rt_set_threads(0);
  EXPECT_TRUE(sameBits(oneThread, threeThreads));
}

TEST(MatmulKernelPath, QuantizedFromFloatMatchesLlvmPath) {
  const std::string a = dfpTypeText({6, 45}, 16, 13),
                    b = dfpTypeText({45, 11}, 16, 13);
  const std::string source =
      "func.func @mm(%x: tensor<6x45xf32>, %w: tensor<45x11xf32>) -> "
      "tensor<6x11xf32> {\n"
      "  %a = dfp.quantize %x rounding(nearest_even) : tensor<6x45xf32> -> " +
      a +
      "\n  %b = dfp.quantize %w rounding(stochastic) seed(5) stream(2) : "
      "tensor<45x11xf32> -> " +
      b + "\n  %c = dfp.matmul %a, %b chain(32) : " + a + ", " + b +
      " -> tensor<6x11xf32>\n  return %c : tensor<6x11xf32>\n}\n";
  std::vector<float> x = sampleData(6 * 45, 1, false);
  std::vector<float> w = sampleData(45 * 11, 2, false);
  auto run = [&](const std::string &pipeline) {
    std::vector<float> result(6 * 11, -1.0f);
    std::unique_ptr<JitModule> module = compileOrFail(source, pipeline);
    if (!module)
      return result;
    auto status =
        module->call("mm",
                     {JitArgument::of(TensorView::of(x.data(), {6, 45})),
                      JitArgument::of(TensorView::of(w.data(), {45, 11}))},
                     {JitArgument::of(TensorView::of(result.data(), {6, 11}))});
    if (!status)
      ADD_FAILURE() << llvm::toString(status.takeError());
    else
      EXPECT_FALSE(status->nonFiniteInput);
    return result;
  };
  std::vector<float> viaKernels = run(kKernelPipeline);
  EXPECT_TRUE(sameBits(run("dfp-lower-to-llvm"), viaKernels));

  DfpFormat format{16, 13, ExponentGrouping::tensor()};
  QuantizedTensor qa, qb;
  ASSERT_TRUE(
      quantize(x.data(), {6, 45}, format, Rounding::NearestEven, {}, qa).ok());
  ASSERT_TRUE(quantize(w.data(), {45, 11}, format, Rounding::Stochastic,
                       StochasticSeed{5, 2, 0}, qb)
                  .ok());
  std::vector<float> expected(6 * 11);
  ASSERT_TRUE(matmul(qa, qb, 32, expected.data()).ok());
  EXPECT_TRUE(sameBits(expected, viaKernels));
}

TEST(MatmulKernelPath, ChainOverflowOnTheTrueRangeIsACallError) {
  // chain(32) is safe for 13-bit operands, not for the -32768 planted here.
  MatmulCase c{2, 64, 3, 13, 32};
  QuantizedTensor a = randomOperand({2, 64}, 13, 0, 3);
  a.values.assign(a.values.size(), -32768);
  QuantizedTensor b = randomOperand({64, 3}, 13, 0, 4);
  std::unique_ptr<JitModule> module =
      compileOrFail(matmulSource(c), kKernelPipeline);
  ASSERT_TRUE(module);
  std::string error = callErrorOnDfpPair(*module, "matmul", a, b, {2, 3});
  EXPECT_NE(error.find("@matmul"), std::string::npos) << error;
  EXPECT_NE(error.find("chain"), std::string::npos) << error;
}

TEST(MatmulKernelPath, DispatchErrorIsACallError) {
  MatmulCase c{2, 8, 3, 13, 32};
  std::unique_ptr<JitModule> module =
      compileOrFail(matmulSource(c), kKernelPipeline);
  ASSERT_TRUE(module);
  QuantizedTensor a = randomOperand({2, 8}, 13, 0, 1);
  QuantizedTensor b = randomOperand({8, 3}, 13, 0, 2);
  setenv("DFP_NUM_THREADS", "-2", 1);
  std::string error = callErrorOnDfpPair(*module, "matmul", a, b, {2, 3});
  unsetenv("DFP_NUM_THREADS");
  EXPECT_NE(error.find("@matmul: DFP_NUM_THREADS='-2'"), std::string::npos)
      << error;
  // The next call succeeds: the failure was not cached.
  EXPECT_EQ(callErrorOnDfpPair(*module, "matmul", a, b, {2, 3}), "");
}

} // namespace
} // namespace dfp::testing
