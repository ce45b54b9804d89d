// Fuzz target: ONNX model bytes -> importOnnxBytes -> verify. A malformed or
// hostile model must be rejected with an error, never crash or exhaust
// memory; an accepted one must give a module that verifies.
#include "FuzzMlir.h"

#include "dfp/Import/OnnxImporter.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/Error.h"

#include <cstdio>
#include <cstdlib>

namespace {

/// Small enough that no accepted model exhausts the fuzzer's memory.
mlir::dfp::OnnxImportOptions fuzzOptions() {
  mlir::dfp::OnnxImportOptions options;
  options.limits.maxFileBytes = 1 << 20;
  options.limits.maxDimSize = 1 << 16;
  options.limits.maxTensorElements = 1 << 18;
  options.limits.maxTotalDataBytes = 1 << 22;
  options.limits.maxNodes = 1 << 12;
  return options;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const mlir::dfp::OnnxImportOptions options = fuzzOptions();
  mlir::MLIRContext &context =
      dfp::fuzz::contextForNextInput(mlir::dfp::loadOnnxImportDialects);
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto module = mlir::dfp::importOnnxBytes(bytes, /*modelDirectory=*/"",
                                           context, options);
  if (!module) {
    llvm::consumeError(module.takeError());
    return 0;
  }
  if (mlir::failed(mlir::verify(module->get()))) {
    std::fprintf(stderr, "imported module does not verify\n");
    std::abort();
  }
  return 0;
}
