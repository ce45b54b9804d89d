#include "GraphWriter.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "onnx/onnx_pb.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace mlir::dfp::onnx_export {

static llvm::Error writeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string describeOp(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "'" << op->getName() << "' at " << op->getLoc();
  return text;
}

std::string GraphWriter::claim(llvm::StringRef name) {
  std::string candidate = name.str();
  while (!used.insert(candidate).second)
    candidate = (name + "_" + llvm::Twine(counter++)).str();
  return candidate;
}

std::string GraphWriter::bind(Value value, llvm::StringRef name) {
  std::string bound = claim(name);
  names[value] = bound;
  return bound;
}

std::string GraphWriter::reserve(Value value, llvm::StringRef name) {
  auto found = reserved.find(value);
  if (found != reserved.end())
    return found->second;
  return reserved[value] = claim(name);
}

std::string GraphWriter::outputName(Value value, llvm::StringRef prefix) {
  auto found = reserved.find(value);
  if (found != reserved.end()) {
    names[value] = found->second;
    return found->second;
  }
  std::string name = freshName(prefix);
  names[value] = name;
  return name;
}

std::string GraphWriter::freshName(llvm::StringRef prefix) {
  return claim((prefix + "_" + llvm::Twine(counter++)).str());
}

llvm::Expected<std::string> GraphWriter::nameOf(Value value) const {
  auto found = names.find(value);
  if (found != names.end())
    return found->second;
  if (Operation *op = value.getDefiningOp())
    return writeError("the result of " + describeOp(op) +
                      " has no ONNX value (its op was not exported)");
  return writeError("a block argument outside the function's entry block "
                    "cannot be exported");
}

onnx::NodeProto &GraphWriter::addNode(llvm::StringRef opType,
                                      llvm::ArrayRef<std::string> inputs,
                                      llvm::ArrayRef<std::string> outputs) {
  onnx::NodeProto &node = *graph.add_node();
  node.set_op_type(opType.str());
  node.set_name((opType + "_" + llvm::Twine(graph.node_size() - 1)).str());
  for (const std::string &input : inputs)
    node.add_input(input);
  for (const std::string &output : outputs)
    node.add_output(output);
  return node;
}

void GraphWriter::addFloatInitializer(llvm::StringRef name,
                                      llvm::ArrayRef<int64_t> shape,
                                      llvm::ArrayRef<float> values) {
  onnx::TensorProto &tensor = *graph.add_initializer();
  tensor.set_name(name.str());
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t dim : shape)
    tensor.add_dims(dim);
  // raw_data is little-endian, as the host.
  tensor.set_raw_data(std::string(reinterpret_cast<const char *>(values.data()),
                                  values.size() * sizeof(float)));
}

std::string GraphWriter::addInt64Initializer(llvm::StringRef prefix,
                                             llvm::ArrayRef<int64_t> shape,
                                             llvm::ArrayRef<int64_t> values) {
  std::string name = claim(prefix);
  onnx::TensorProto &tensor = *graph.add_initializer();
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::INT64);
  for (int64_t dim : shape)
    tensor.add_dims(dim);
  tensor.set_raw_data(std::string(reinterpret_cast<const char *>(values.data()),
                                  values.size() * sizeof(int64_t)));
  return name;
}

llvm::Expected<std::string> GraphWriter::addConstant(llvm::StringRef prefix,
                                                     ElementsAttr attr) {
  auto type = llvm::cast<ShapedType>(attr.getType());
  Type element = type.getElementType();
  std::string name = claim(prefix);
  onnx::TensorProto &tensor = *graph.add_initializer();
  tensor.set_name(name);
  for (int64_t dim : type.getShape())
    tensor.add_dims(dim);
  std::string raw;
  auto append = [&raw](const void *data, size_t bytes) {
    raw.append(static_cast<const char *>(data), bytes);
  };
  if (element.isF32()) {
    tensor.set_data_type(onnx::TensorProto::FLOAT);
    for (float value : attr.getValues<float>())
      append(&value, sizeof value);
  } else if (element.isSignlessInteger(64) || element.isSignlessInteger(32)) {
    tensor.set_data_type(element.isSignlessInteger(64)
                             ? onnx::TensorProto::INT64
                             : onnx::TensorProto::INT32);
    for (const APInt &value : attr.getValues<APInt>()) {
      int64_t wide = value.getSExtValue();
      int32_t narrow = static_cast<int32_t>(wide);
      if (element.isSignlessInteger(64))
        append(&wide, sizeof wide);
      else
        append(&narrow, sizeof narrow);
    }
  } else {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << element;
    return writeError("a constant of element type " + text +
                      " cannot be exported (f32, i64 or i32)");
  }
  tensor.set_raw_data(std::move(raw));
  return name;
}

llvm::Error GraphWriter::describe(onnx::ValueInfoProto &info,
                                  llvm::StringRef name, Type type) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() || !tensor.getElementType().isF32()) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << type;
    return writeError("'" + name + "' has type " + text +
                      "; only statically shaped f32 tensors are exported");
  }
  info.set_name(name.str());
  onnx::TypeProto::Tensor &tensorType =
      *info.mutable_type()->mutable_tensor_type();
  tensorType.set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t dim : tensor.getShape())
    tensorType.mutable_shape()->add_dim()->set_dim_value(dim);
  return llvm::Error::success();
}

llvm::Error GraphWriter::addInput(llvm::StringRef name, Type type) {
  return describe(*graph.add_input(), name, type);
}

llvm::Error GraphWriter::addOutput(llvm::StringRef name, Type type) {
  return describe(*graph.add_output(), name, type);
}

} // namespace mlir::dfp::onnx_export
