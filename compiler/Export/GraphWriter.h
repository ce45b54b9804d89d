#ifndef DFP_COMPILER_EXPORT_GRAPHWRITER_H
#define DFP_COMPILER_EXPORT_GRAPHWRITER_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace onnx {
class GraphProto;
class NodeProto;
class ValueInfoProto;
} // namespace onnx

namespace mlir::dfp::onnx_export {

/// Builds a GraphProto from MLIR values: every value gets one unique ONNX
/// name, nodes and initializers are appended in order.
class GraphWriter {
public:
  explicit GraphWriter(onnx::GraphProto &graph) : graph(graph) {}

  /// Names `value` (an argument or an op result) `name`, made unique.
  std::string bind(Value value, llvm::StringRef name);
  /// The name bound to `value`, or an error naming the op that defines it.
  llvm::Expected<std::string> nameOf(Value value) const;
  /// The name `value` will get: the one reserved for it (a graph output) or
  /// a fresh "<prefix>_<n>".
  std::string outputName(Value value, llvm::StringRef prefix);
  /// A fresh "<prefix>_<n>" for an intermediate value of no MLIR value.
  std::string freshName(llvm::StringRef prefix);
  /// Reserves `name` (made unique) for `value` before its op is written.
  std::string reserve(Value value, llvm::StringRef name);
  /// `name`, or `name_<n>` when it is taken; taken from now on.
  std::string claim(llvm::StringRef name);

  onnx::NodeProto &addNode(llvm::StringRef opType,
                           llvm::ArrayRef<std::string> inputs,
                           llvm::ArrayRef<std::string> outputs);
  void addFloatInitializer(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<float> values);
  /// An INT64 initializer with a fresh name derived from `prefix`.
  std::string addInt64Initializer(llvm::StringRef prefix,
                                  llvm::ArrayRef<int64_t> shape,
                                  llvm::ArrayRef<int64_t> values);
  /// An initializer holding the f32, i64 or i32 data of `attr`.
  llvm::Expected<std::string> addConstant(llvm::StringRef prefix,
                                          ElementsAttr attr);

  /// Declares a graph input or output of the value's tensor type.
  llvm::Error addInput(llvm::StringRef name, Type type);
  llvm::Error addOutput(llvm::StringRef name, Type type);

  /// Marks `op` as written by the writer of an earlier op (a bias folded
  /// into a Conv or Gemm).
  void markWritten(Operation *op) { written.insert(op); }
  bool isWritten(Operation *op) const { return written.contains(op); }

private:
  llvm::Error describe(onnx::ValueInfoProto &info, llvm::StringRef name,
                       Type type);

  onnx::GraphProto &graph;
  llvm::DenseMap<Value, std::string> names;
  llvm::DenseMap<Value, std::string> reserved;
  llvm::StringSet<> used;
  llvm::DenseSet<Operation *> written;
  unsigned counter = 0;
};

/// "'dfp.relu' at loc(...)", for messages.
std::string describeOp(Operation *op);

} // namespace mlir::dfp::onnx_export

#endif // DFP_COMPILER_EXPORT_GRAPHWRITER_H
