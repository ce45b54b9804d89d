#ifndef DFP_COMPILER_IMPORT_GRAPHBUILDER_H
#define DFP_COMPILER_IMPORT_GRAPHBUILDER_H

#include "NodeContext.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace onnx {
class ModelProto;
class TensorProto;
class TypeProto;
} // namespace onnx

namespace mlir::dfp::onnx_import {

/// Builds one func.func from a checked, shape-inferred ModelProto: graph
/// inputs, then parameters (see InitializerPolicy) as arguments, one
/// converter call per node in order, graph outputs as results.
class GraphBuilder {
public:
  GraphBuilder(MLIRContext &context, const onnx::ModelProto &model,
               const OnnxImportOptions &options);

  llvm::Expected<OwningOpRef<ModuleOp>> build();

  OpBuilder &builder() { return opBuilder; }
  MLIRContext &context() { return *opBuilder.getContext(); }
  int64_t opset() const { return defaultOpset; }
  const OnnxImportOptions &options() const { return importOptions; }

  bool isDefined(llvm::StringRef name) const;
  /// The value of `name`, materializing folded constants and initializers.
  llvm::Expected<Value> valueOf(llvm::StringRef name);
  /// The import-time value of `name` (folded or a small integer
  /// initializer), or nullptr.
  const IntTensor *constantOf(llvm::StringRef name);
  void define(llvm::StringRef name, Value value);
  void defineConstant(llvm::StringRef name, IntTensor value);
  /// The type ONNX shape inference (or the graph) gives `name`, if any.
  const onnx::TypeProto *declaredType(llvm::StringRef name) const;
  /// Diagnostics emitted since the last call (verifier messages).
  std::string takeDiagnostics();

private:
  struct Entry {
    Value value;
    std::optional<IntTensor> constant;
    const onnx::TensorProto *initializer = nullptr;
  };

  llvm::Error addArguments(func::FuncOp function);
  llvm::Error convertNodes();
  llvm::Expected<Value> materializeInitializer(llvm::StringRef name,
                                               Entry &entry);
  llvm::Error buildReturn(func::FuncOp function);

  const onnx::ModelProto &model;
  const OnnxImportOptions &importOptions;
  OpBuilder opBuilder;
  int64_t defaultOpset = 0;
  llvm::StringMap<Entry> values;
  llvm::StringMap<const onnx::TypeProto *> declaredTypes;
  std::string diagnostics;
};

} // namespace mlir::dfp::onnx_import

#endif // DFP_COMPILER_IMPORT_GRAPHBUILDER_H
