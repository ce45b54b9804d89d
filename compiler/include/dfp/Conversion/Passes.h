#ifndef DFP_CONVERSION_PASSES_H
#define DFP_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <string>

namespace mlir::dfp {

#define GEN_PASS_DECL
#include "dfp/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dfp/Conversion/Passes.h.inc"

/// Options of the `dfp-lower-to-llvm` pipeline.
struct LowerToLLVMOptions {
  /// Target CPU and features; empty means the host's.
  std::string cpu;
  std::string features;
};

/// convert-dfp-to-linalg, dfp-decompose-aggregates, one-shot bufferization, buffer deallocation, loops
/// and vectors to the LLVM dialect, target CPU attributes.
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// dfp-lower-to-kernels, then the dfp-lower-to-llvm pipeline for the rest.
void buildKernelPipeline(OpPassManager &pm, const LowerToLLVMOptions &options);

/// Registers `dfp-lower-to-llvm` and `dfp-kernel-pipeline`.
void registerDfpConversionPipelines();

/// Registers every conversion pass and pipeline.
inline void registerAllDfpConversions() {
  registerDfpConversionPasses();
  registerDfpConversionPipelines();
}

} // namespace mlir::dfp

#endif // DFP_CONVERSION_PASSES_H
