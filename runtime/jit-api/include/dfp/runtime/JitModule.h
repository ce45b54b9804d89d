#ifndef DFP_RUNTIME_JITMODULE_H
#define DFP_RUNTIME_JITMODULE_H

#include "dfp/runtime/TensorView.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mlir {
class ExecutionEngine;
class MLIRContext;
} // namespace mlir

namespace dfp {

/// How a module is compiled.
struct JitOptions {
  /// A textual pass pipeline run on the module, as `dfp-opt -pass-pipeline`
  /// takes it without the `builtin.module(...)` anchor, e.g.
  /// "dfp-chain-length,dfp-lower-to-llvm". It must end in the LLVM dialect.
  std::string pipeline = "dfp-lower-to-llvm";
  /// LLVM code generation optimisation level (0-3).
  unsigned optLevel = 3;
  /// Level of LLVM's IR pipeline (0-3) run before code generation. 0 by
  /// default: InstCombine rewrites the sext-mul-add pair products of
  /// dfp.matmul (sext of lanes of a broadcast i32 becomes shl/ashr) so that
  /// the X86 backend no longer selects vpmaddwd/vpdpwssd (GEMM 1024^3: 51
  /// GOP/s at 0, 21 at 3); the MLIR pipeline already vectorises the
  /// contractions and hoists loop invariants. Higher levels vectorise the
  /// scalar loops of element-wise ops and quantize.
  unsigned irOptLevel = 0;
  /// Prints the IR after every pass to stderr (--mlir-print-ir-after-all).
  bool printIrAfterAll = false;
  /// Extra symbols the generated code may call, resolved before the
  /// runtime's C ABI (runtimeSymbols()) and the process.
  std::vector<std::pair<std::string, void *>> symbols;
};

/// What a call reports besides its outputs.
struct CallStatus {
  /// Some dfp.quantize of the function saw NaN or Inf; its outputs are then
  /// unspecified (DESIGN.md section 2: the caller skips the update).
  bool nonFiniteInput = false;
};

/// A module compiled by the ORC JIT (mlir::ExecutionEngine). Functions are
/// called by name with caller-owned tensor views: the inputs in argument
/// order, then one view per result (DFP results as values and exponents).
class JitModule {
public:
  static llvm::Expected<std::unique_ptr<JitModule>>
  fromSource(llvm::StringRef source, const JitOptions &options = {});
  static llvm::Expected<std::unique_ptr<JitModule>>
  fromFile(llvm::StringRef path, const JitOptions &options = {});
  /// Compiles a copy of `module`; the caller's module is left unchanged.
  static llvm::Expected<std::unique_ptr<JitModule>>
  fromModule(mlir::ModuleOp module, const JitOptions &options = {});

  ~JitModule();
  JitModule(const JitModule &) = delete;
  JitModule &operator=(const JitModule &) = delete;

  /// Names of the functions that can be called.
  std::vector<std::string> functionNames() const;
  /// Argument and result types of `function`, as in the source module.
  llvm::Expected<std::string> describe(llvm::StringRef function) const;

  /// Runs `function`. Errors (nothing is run) name the function and the
  /// argument whose kind, element type or shape does not match.
  llvm::Expected<CallStatus> call(llvm::StringRef function,
                                  llvm::ArrayRef<JitArgument> inputs,
                                  llvm::ArrayRef<JitArgument> outputs);

  class Impl;

private:
  explicit JitModule(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The runtime's C ABI symbols (name, address) every JitModule resolves.
llvm::ArrayRef<std::pair<const char *, void *>> runtimeSymbols();

} // namespace dfp

#endif // DFP_RUNTIME_JITMODULE_H
