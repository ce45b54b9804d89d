#ifndef DFP_TEST_FUZZ_FUZZMLIR_H
#define DFP_TEST_FUZZ_FUZZMLIR_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <cstddef>
#include <cstdint>

namespace dfp::fuzz {

/// Loads the Dfp dialect and the upstream dialects its lit tests use (func,
/// arith, tensor).
void loadDfpTestDialects(mlir::MLIRContext &context);

/// The context for one fuzz input, with the dialects `loadDialects` loads and
/// diagnostics silenced. It is recreated now and then, since every fuzzed
/// identifier, type and attribute stays interned in it.
mlir::MLIRContext &contextForNextInput(
    void (*loadDialects)(mlir::MLIRContext &) = loadDfpTestDialects);

/// Parses (and verifies) the input bytes as a module; null when rejected.
mlir::OwningOpRef<mlir::ModuleOp> parseInput(mlir::MLIRContext &context,
                                             const uint8_t *data, size_t size);

/// Printing `module`, parsing that text and printing again must succeed and
/// give the same text, in the custom and the generic form; aborts otherwise.
void checkRoundTrip(mlir::ModuleOp module);

} // namespace dfp::fuzz

#endif // DFP_TEST_FUZZ_FUZZMLIR_H
