#include "FuzzMlir.h"

#include "dfp/Dialect/Dfp/IR/DfpDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace dfp::fuzz {
namespace {

constexpr int kInputsPerContext = 20000;

std::unique_ptr<mlir::MLIRContext>
makeContext(void (*loadDialects)(mlir::MLIRContext &)) {
  auto context = std::make_unique<mlir::MLIRContext>();
  loadDialects(*context);
  context->disableMultithreading();
  // Rejected inputs are the common case; printing their errors is slow.
  context->getDiagEngine().registerHandler(
      [](mlir::Diagnostic &) { return mlir::success(); });
  return context;
}

std::string print(mlir::ModuleOp module, bool generic) {
  std::string text;
  llvm::raw_string_ostream os(text);
  mlir::OpPrintingFlags flags;
  if (generic)
    flags.printGenericOpForm();
  module->print(os, flags);
  return text;
}

[[noreturn]] void fail(const std::string &what, const std::string &text) {
  std::fprintf(stderr, "%s\n--- text ---\n%s\n", what.c_str(), text.c_str());
  std::abort();
}

void checkRoundTrip(mlir::ModuleOp module, bool generic) {
  std::string first = print(module, generic);
  mlir::OwningOpRef<mlir::ModuleOp> reparsed =
      mlir::parseSourceString<mlir::ModuleOp>(first, module->getContext());
  if (!reparsed)
    fail("printed IR does not parse or verify", first);
  std::string second = print(*reparsed, generic);
  if (first != second)
    fail("printing is not stable; second print:\n" + second, first);
}

} // namespace

void loadDfpTestDialects(mlir::MLIRContext &context) {
  context.loadDialect<mlir::dfp::DfpDialect, mlir::arith::ArithDialect,
                      mlir::func::FuncDialect, mlir::tensor::TensorDialect>();
}

mlir::MLIRContext &
contextForNextInput(void (*loadDialects)(mlir::MLIRContext &)) {
  static std::unique_ptr<mlir::MLIRContext> context;
  static int inputs = 0;
  if (!context || ++inputs % kInputsPerContext == 0)
    context = makeContext(loadDialects);
  return *context;
}

mlir::OwningOpRef<mlir::ModuleOp> parseInput(mlir::MLIRContext &context,
                                             const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  return mlir::parseSourceString<mlir::ModuleOp>(text, &context);
}

void checkRoundTrip(mlir::ModuleOp module) {
  checkRoundTrip(module, /*generic=*/false);
  checkRoundTrip(module, /*generic=*/true);
}

} // namespace dfp::fuzz
