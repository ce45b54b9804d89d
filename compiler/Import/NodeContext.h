#ifndef DFP_COMPILER_IMPORT_NODECONTEXT_H
#define DFP_COMPILER_IMPORT_NODECONTEXT_H

#include "dfp/Import/OnnxImporter.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <vector>

namespace onnx {
class NodeProto;
class AttributeProto;
} // namespace onnx

namespace mlir::dfp::onnx_import {

/// A small integer tensor known at import time (shapes, axes, indices): the
/// values PyTorch's Shape -> Gather -> Unsqueeze -> Concat chains compute.
struct IntTensor {
  llvm::SmallVector<int64_t> shape;
  llvm::SmallVector<int64_t> values;
};

class GraphBuilder;

/// What a converter sees of the node it maps: its inputs as MLIR values or
/// folded constants, its attributes, and where its outputs go. Every error
/// it makes names the node and its op type.
class NodeContext {
public:
  NodeContext(GraphBuilder &graph, const onnx::NodeProto &node, Location loc);

  OpBuilder &builder();
  Location loc() const { return location; }
  int64_t opset() const;
  llvm::StringRef opType() const;
  const OnnxImportOptions &options() const;

  unsigned numInputs() const;
  unsigned numOutputs() const;
  /// Whether input `index` is present (optional inputs may be "" or absent).
  bool hasInput(unsigned index) const;
  bool hasOutput(unsigned index) const;
  /// Input `index` as a value (a folded constant is materialized).
  llvm::Expected<Value> input(unsigned index);
  /// Input `index`, which must be a statically shaped f32 tensor.
  llvm::Expected<TypedValue<RankedTensorType>> f32Input(unsigned index);
  /// Input `index` when it is known at import time, else nullptr.
  const IntTensor *constantInput(unsigned index);
  /// Input `index`, which must be known at import time.
  llvm::Expected<const IntTensor *> requireConstantInput(unsigned index,
                                                         llvm::StringRef what);

  bool hasAttr(llvm::StringRef name) const;
  int64_t intAttr(llvm::StringRef name, int64_t defaultValue) const;
  float floatAttr(llvm::StringRef name, float defaultValue) const;
  std::string stringAttr(llvm::StringRef name,
                         llvm::StringRef defaultValue) const;
  std::optional<llvm::SmallVector<int64_t>>
  intsAttr(llvm::StringRef name) const;
  const onnx::AttributeProto *attr(llvm::StringRef name) const;

  /// Binds output `index` to `value` after verifying its defining op and
  /// comparing its shape with the one ONNX shape inference found.
  llvm::Error setOutput(unsigned index, Value value);
  llvm::Error setConstantOutput(unsigned index, IntTensor value);

  /// "node 'name' (OpType): message".
  llvm::Error error(const llvm::Twine &message) const;
  llvm::Error unsupportedAttr(llvm::StringRef name,
                              const llvm::Twine &value) const;

private:
  GraphBuilder &graph;
  const onnx::NodeProto &node;
  Location location;
};

using Converter = llvm::Error (*)(NodeContext &);
using ConverterTable = llvm::StringMap<Converter>;

void registerContractionConverters(ConverterTable &table);
void registerElementwiseConverters(ConverterTable &table);
void registerLossConverters(ConverterTable &table);
void registerNormalizationConverters(ConverterTable &table);
void registerPoolingConverters(ConverterTable &table);
void registerShapeConverters(ConverterTable &table);

/// Every ONNX op type the importer maps, with its converter.
const ConverterTable &converterTable();

} // namespace mlir::dfp::onnx_import

#endif // DFP_COMPILER_IMPORT_NODECONTEXT_H
