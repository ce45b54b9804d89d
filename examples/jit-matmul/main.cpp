// Compiles examples/jit-matmul/quantized_matmul.mlir through the LLVM path
// with the C++ JIT API, runs it and compares it with the FP32 product.
#include "dfp/runtime/JitModule.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: " << argv[0] << " quantized_matmul.mlir\n";
    return 2;
  }
  auto module = dfp::JitModule::fromFile(argv[1]);
  if (!module) {
    llvm::errs() << llvm::toString(module.takeError()) << "\n";
    return 1;
  }
  llvm::outs() << *(*module)->describe("matmul") << "\n";

  const int64_t m = 3, k = 70, n = 5;
  std::vector<float> a(m * k), b(k * n), c(m * n);
  for (int64_t i = 0; i < m * k; ++i)
    a[i] = std::sin(0.1f * float(i));
  for (int64_t i = 0; i < k * n; ++i)
    b[i] = std::cos(0.3f * float(i));

  auto status = (*module)->call(
      "matmul",
      {dfp::JitArgument::of(dfp::TensorView::of(a.data(), {m, k})),
       dfp::JitArgument::of(dfp::TensorView::of(b.data(), {k, n}))},
      {dfp::JitArgument::of(dfp::TensorView::of(c.data(), {m, n}))});
  if (!status) {
    llvm::errs() << llvm::toString(status.takeError()) << "\n";
    return 1;
  }
  if (status->nonFiniteInput) {
    llvm::errs() << "an input held NaN or Inf\n";
    return 1;
  }
  double worst = 0;
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double exact = 0;
      for (int64_t p = 0; p < k; ++p)
        exact += double(a[i * k + p]) * b[p * n + j];
      worst = std::max(worst, std::fabs(exact - c[i * n + j]));
      llvm::outs() << llvm::format("%9.4f", c[i * n + j]);
    }
    llvm::outs() << "\n";
  }
  llvm::outs() << "largest difference to the exact product: " << worst << "\n";
  // 13 magnitude bits per operand: about 70 * 2^-13 at worst.
  return worst < 0.02 ? 0 : 1;
}
