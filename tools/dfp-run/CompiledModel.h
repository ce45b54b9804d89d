#ifndef DFP_TOOLS_DFPRUN_COMPILEDMODEL_H
#define DFP_TOOLS_DFPRUN_COMPILEDMODEL_H

#include "dfp/Import/OnnxTensorFile.h"
#include "dfp/runtime/JitModule.h"

#include "mlir/IR/BuiltinOps.h"

#include <memory>
#include <vector>

namespace dfp::run {

enum class Precision { Fp32, Dfp16 };

/// The pass pipeline that compiles an imported graph at `precision`.
std::string pipelineFor(Precision precision);

/// The @forward function of an imported module, JIT-compiled: it takes the
/// model inputs and returns the model outputs as ONNX tensors.
class CompiledModel {
public:
  /// `module` must come from the importer with InitializerPolicy::Constants
  /// (every argument is a model input).
  static llvm::Expected<std::unique_ptr<CompiledModel>>
  compile(mlir::ModuleOp module, Precision precision);

  /// Runs the model; inputs are checked against the function's types.
  llvm::Expected<std::vector<mlir::dfp::OnnxTensor>>
  run(llvm::ArrayRef<mlir::dfp::OnnxTensor> inputs);

private:
  struct Slot {
    std::string name;
    std::vector<int64_t> shape;
    ElementType type;
  };
  CompiledModel(std::unique_ptr<JitModule> jit, std::vector<Slot> inputs,
                std::vector<Slot> outputs);

  std::unique_ptr<JitModule> jit;
  std::vector<Slot> inputSlots, outputSlots;
};

} // namespace dfp::run

#endif // DFP_TOOLS_DFPRUN_COMPILEDMODEL_H
