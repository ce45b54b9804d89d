#ifndef DFP_RUNTIME_JITAPI_SIGNATURE_H
#define DFP_RUNTIME_JITAPI_SIGNATURE_H

#include "dfp/runtime/TensorView.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace dfp::jitapi {

/// One memref the lowered function takes: static shape, row-major.
struct BufferType {
  ElementType type = ElementType::F32;
  std::vector<int64_t> shape;
};

/// One source-level argument or result.
struct Parameter {
  JitArgument::Kind kind = JitArgument::Kind::Tensor;
  BufferType tensor;    // Tensor, or the integers of a Dfp value
  BufferType exponents; // Dfp
  std::string spelling; // the source type, for messages
};

/// A function as the caller sees it and as the lowered code takes it:
/// inputs in order (a DFP value as integers then exponents), then one
/// out-parameter per result, and an i1 non-finite status result when the
/// lowered function quantizes (see convert-dfp-to-linalg; the pipeline may
/// add the quantizes, so the lowered function decides).
struct FunctionSignature {
  std::string name;
  std::vector<Parameter> inputs;
  std::vector<Parameter> outputs;
  bool hasStatus = false;

  /// Number of LLVM-level arguments of the lowered function.
  size_t numLoweredArguments() const;
  std::string describe() const;
};

/// The signature of a source func.func, or an error naming the argument or
/// result whose type the JIT cannot pass.
llvm::Expected<FunctionSignature> readSignature(mlir::func::FuncOp func);

/// Checks that the lowered function takes what `signature` says, and takes
/// from it whether it returns the non-finite status.
llvm::Error checkLoweredSignature(FunctionSignature &signature,
                                  mlir::LLVM::LLVMFuncOp lowered);

} // namespace dfp::jitapi

#endif // DFP_RUNTIME_JITAPI_SIGNATURE_H
