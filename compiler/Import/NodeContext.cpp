#include "NodeContext.h"

#include "GraphBuilder.h"
#include "OpHelpers.h"
#include "TensorData.h"

#include "mlir/IR/Verifier.h"
#include "onnx/onnx_pb.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::dfp::onnx_import {

NodeContext::NodeContext(GraphBuilder &graph, const onnx::NodeProto &node,
                         Location loc)
    : graph(graph), node(node), location(loc) {}

OpBuilder &NodeContext::builder() { return graph.builder(); }
int64_t NodeContext::opset() const { return graph.opset(); }
llvm::StringRef NodeContext::opType() const { return node.op_type(); }
const OnnxImportOptions &NodeContext::options() const {
  return graph.options();
}
unsigned NodeContext::numInputs() const { return node.input_size(); }
unsigned NodeContext::numOutputs() const { return node.output_size(); }

bool NodeContext::hasInput(unsigned index) const {
  return index < numInputs() && !node.input(index).empty();
}

bool NodeContext::hasOutput(unsigned index) const {
  return index < numOutputs() && !node.output(index).empty();
}

llvm::Error NodeContext::error(const llvm::Twine &message) const {
  std::string label = node.name().empty() ? "<unnamed>" : node.name();
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "node '" + label + "' (" + node.op_type() +
                                     "): " + message);
}

llvm::Error NodeContext::unsupportedAttr(llvm::StringRef name,
                                         const llvm::Twine &value) const {
  return error("attribute '" + name + "' = " + value + " is not supported");
}

llvm::Expected<Value> NodeContext::input(unsigned index) {
  if (!hasInput(index))
    return error(llvm::formatv("input {0} is missing", index));
  llvm::Expected<Value> value = graph.valueOf(node.input(index));
  if (!value)
    return error(llvm::toString(value.takeError()));
  return value;
}

llvm::Expected<TypedValue<RankedTensorType>>
NodeContext::f32Input(unsigned index) {
  llvm::Expected<Value> value = input(index);
  if (!value)
    return value.takeError();
  auto type = llvm::dyn_cast<RankedTensorType>(value->getType());
  if (!type || !type.getElementType().isF32()) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << value->getType();
    return error("input '" + node.input(index) + "' has type " + text +
                 "; only f32 tensors are supported here");
  }
  return llvm::cast<TypedValue<RankedTensorType>>(*value);
}

const IntTensor *NodeContext::constantInput(unsigned index) {
  return hasInput(index) ? graph.constantOf(node.input(index)) : nullptr;
}

llvm::Expected<const IntTensor *>
NodeContext::requireConstantInput(unsigned index, llvm::StringRef what) {
  if (const IntTensor *constant = constantInput(index))
    return constant;
  return error("input '" + what +
               "' must be an integer tensor known at import time");
}

const onnx::AttributeProto *NodeContext::attr(llvm::StringRef name) const {
  for (const onnx::AttributeProto &attribute : node.attribute())
    if (attribute.name() == name)
      return &attribute;
  return nullptr;
}

bool NodeContext::hasAttr(llvm::StringRef name) const {
  return attr(name) != nullptr;
}

int64_t NodeContext::intAttr(llvm::StringRef name, int64_t defaultValue) const {
  const onnx::AttributeProto *attribute = attr(name);
  return attribute && attribute->type() == onnx::AttributeProto::INT
             ? attribute->i()
             : defaultValue;
}

float NodeContext::floatAttr(llvm::StringRef name, float defaultValue) const {
  const onnx::AttributeProto *attribute = attr(name);
  return attribute && attribute->type() == onnx::AttributeProto::FLOAT
             ? attribute->f()
             : defaultValue;
}

std::string NodeContext::stringAttr(llvm::StringRef name,
                                    llvm::StringRef defaultValue) const {
  const onnx::AttributeProto *attribute = attr(name);
  return attribute && attribute->type() == onnx::AttributeProto::STRING
             ? attribute->s()
             : defaultValue.str();
}

std::optional<llvm::SmallVector<int64_t>>
NodeContext::intsAttr(llvm::StringRef name) const {
  const onnx::AttributeProto *attribute = attr(name);
  if (!attribute || attribute->type() != onnx::AttributeProto::INTS)
    return std::nullopt;
  return llvm::SmallVector<int64_t>(attribute->ints().begin(),
                                    attribute->ints().end());
}

/// The static shape ONNX gives `name`, if it knows one.
static std::optional<llvm::SmallVector<int64_t>>
staticShape(const onnx::TypeProto *type) {
  if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape())
    return std::nullopt;
  llvm::SmallVector<int64_t> shape;
  for (const auto &dim : type->tensor_type().shape().dim()) {
    if (!dim.has_dim_value())
      return std::nullopt;
    shape.push_back(dim.dim_value());
  }
  return shape;
}

static std::string shapeText(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

llvm::Error NodeContext::setOutput(unsigned index, Value value) {
  if (!hasOutput(index))
    return llvm::Error::success();
  if (Operation *producer = value.getDefiningOp())
    if (failed(verify(producer)))
      return error("produces invalid IR: " + graph.takeDiagnostics());
  const std::string &name = node.output(index);
  auto type = llvm::cast<RankedTensorType>(value.getType());
  const OnnxImportLimits &limits = options().limits;
  if (type.getRank() > limits.maxRank)
    return error(llvm::formatv("output '{0}' has rank {1}, above the limit "
                               "of {2}",
                               name, type.getRank(), limits.maxRank));
  if (llvm::any_of(type.getShape(),
                   [&](int64_t dim) { return dim > limits.maxDimSize; }) ||
      product(type.getShape()) > limits.maxTensorElements)
    return error("output '" + name + "' of shape " +
                 shapeText(type.getShape()) +
                 llvm::formatv(" passes the limit of {0} per dimension or {1} "
                               "elements per tensor",
                               limits.maxDimSize, limits.maxTensorElements));
  if (auto expected = staticShape(graph.declaredType(name)))
    if (llvm::ArrayRef<int64_t>(*expected) != type.getShape())
      return error("output '" + name + "' has shape " +
                   shapeText(type.getShape()) + " but ONNX infers " +
                   shapeText(*expected));
  graph.define(name, value);
  return llvm::Error::success();
}

llvm::Error NodeContext::setConstantOutput(unsigned index, IntTensor value) {
  if (hasOutput(index))
    graph.defineConstant(node.output(index), std::move(value));
  return llvm::Error::success();
}

} // namespace mlir::dfp::onnx_import
