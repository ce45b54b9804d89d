#include "OpWriters.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "dfp/Dialect/Dfp/IR/DfpTypes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "onnx/onnx_pb.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::dfp::onnx_export {

static llvm::Error writeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static void setInts(onnx::NodeProto &node, llvm::StringRef name,
                    llvm::ArrayRef<int64_t> values) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name.str());
  attr.set_type(onnx::AttributeProto::INTS);
  for (int64_t value : values)
    attr.add_ints(value);
}

static void setInt(onnx::NodeProto &node, llvm::StringRef name, int64_t value) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name.str());
  attr.set_type(onnx::AttributeProto::INT);
  attr.set_i(value);
}

static void setFloat(onnx::NodeProto &node, llvm::StringRef name, float value) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name.str());
  attr.set_type(onnx::AttributeProto::FLOAT);
  attr.set_f(value);
}

/// The ONNX names of `values`, or the first error.
static llvm::Expected<std::vector<std::string>> namesOf(GraphWriter &writer,
                                                        ValueRange values) {
  std::vector<std::string> names;
  for (Value value : values) {
    llvm::Expected<std::string> name = writer.nameOf(value);
    if (!name)
      return name.takeError();
    names.push_back(std::move(*name));
  }
  return names;
}

/// The dfp.bias_add that only adds a bias to `result`, if any: exported as
/// the bias input of the Conv or Gemm computing `result`.
static BiasAddOp foldableBias(Value result) {
  if (!result.hasOneUse())
    return nullptr;
  auto bias = llvm::dyn_cast<BiasAddOp>(*result.getUsers().begin());
  return bias && bias.getInput() == result ? bias : nullptr;
}

/// Writes `opType` over `inputs` (with the bias that follows `result`, if
/// any, appended) producing `result` or the bias's output.
static llvm::Expected<onnx::NodeProto *> writeWithBias(GraphWriter &writer,
                                                       llvm::StringRef opType,
                                                       ValueRange inputs,
                                                       Value result) {
  llvm::SmallVector<Value> operands(inputs);
  Value output = result;
  if (BiasAddOp bias = foldableBias(result)) {
    operands.push_back(bias.getBias());
    output = bias.getOutput();
    writer.markWritten(bias);
  }
  auto names = namesOf(writer, operands);
  if (!names)
    return names.takeError();
  std::string name = writer.outputName(output, opType.lower());
  return &writer.addNode(opType, *names, {name});
}

static llvm::Error writeConv(GraphWriter &writer, Conv2dOp op) {
  auto node = writeWithBias(writer, "Conv", {op.getInput(), op.getFilter()},
                            op.getResult());
  if (!node)
    return node.takeError();
  auto filterShape =
      llvm::cast<RankedTensorType>(op.getFilter().getType()).getShape();
  setInts(**node, "kernel_shape", filterShape.drop_front(2));
  setInts(**node, "strides", op.getStrides());
  setInts(**node, "pads", op.getPadding());
  setInts(**node, "dilations", op.getDilations());
  setInt(**node, "group", op.getGroups());
  return llvm::Error::success();
}

static llvm::Error writeMatmul(GraphWriter &writer, MatmulOp op) {
  auto node =
      writeWithBias(writer, "Gemm", {op.getLhs(), op.getRhs()}, op.getResult());
  if (!node)
    return node.takeError();
  if (op.getTransposeLhs())
    setInt(**node, "transA", 1);
  if (op.getTransposeRhs())
    setInt(**node, "transB", 1);
  return llvm::Error::success();
}

/// A bias along axis 1 of a rank-R input: [C] reshaped to [C, 1, ...] (R-2
/// ones) broadcasts as ONNX Add does from the right.
static llvm::Error writeBiasAdd(GraphWriter &writer, BiasAddOp op) {
  auto names = namesOf(writer, {op.getInput(), op.getBias()});
  if (!names)
    return names.takeError();
  auto type = llvm::cast<RankedTensorType>(op.getInput().getType());
  std::string bias = (*names)[1];
  if (type.getRank() > 2) {
    llvm::SmallVector<int64_t> shape(type.getRank() - 1, 1);
    shape[0] = type.getDimSize(1);
    std::string target = writer.addInt64Initializer(
        bias + "_shape", {static_cast<int64_t>(shape.size())}, shape);
    bias = writer.freshName("bias_reshape");
    writer.addNode("Reshape", {(*names)[1], target}, {bias});
  }
  writer.addNode("Add", {(*names)[0], bias},
                 {writer.outputName(op.getOutput(), "add")});
  return llvm::Error::success();
}

/// An op whose ONNX node takes the same operands and has no attributes.
static llvm::Error writeSimple(GraphWriter &writer, Operation *op,
                               llvm::StringRef opType) {
  auto names = namesOf(writer, op->getOperands());
  if (!names)
    return names.takeError();
  writer.addNode(opType, *names,
                 {writer.outputName(op->getResult(0), opType.lower())});
  return llvm::Error::success();
}

template <typename PoolOp>
static llvm::Expected<onnx::NodeProto *>
writePool(GraphWriter &writer, PoolOp op, llvm::StringRef opType) {
  auto names = namesOf(writer, {op.getInput()});
  if (!names)
    return names.takeError();
  onnx::NodeProto &node = writer.addNode(
      opType, *names, {writer.outputName(op.getOutput(), opType.lower())});
  setInts(node, "kernel_shape", op.getKernel());
  setInts(node, "strides", op.getStrides());
  setInts(node, "pads", op.getPadding());
  return &node;
}

static llvm::Error writeBatchNorm(GraphWriter &writer,
                                  BatchNormInferenceOp op) {
  auto names = namesOf(writer, op->getOperands());
  if (!names)
    return names.takeError();
  onnx::NodeProto &node =
      writer.addNode("BatchNormalization", *names,
                     {writer.outputName(op.getOutput(), "batchnorm")});
  setFloat(node, "epsilon", op.getEpsilon().convertToFloat());
  return llvm::Error::success();
}

static llvm::Error writeReshape(GraphWriter &writer, ReshapeOp op) {
  auto names = namesOf(writer, {op.getInput()});
  if (!names)
    return names.takeError();
  auto shape =
      llvm::cast<RankedTensorType>(op.getResult().getType()).getShape();
  std::string target = writer.addInt64Initializer(
      (*names)[0] + "_shape", {static_cast<int64_t>(shape.size())}, shape);
  writer.addNode("Reshape", {(*names)[0], target},
                 {writer.outputName(op.getResult(), "reshape")});
  return llvm::Error::success();
}

static llvm::Error writeConstant(GraphWriter &writer, arith::ConstantOp op) {
  auto attr = llvm::dyn_cast<ElementsAttr>(op.getValue());
  if (!attr)
    return writeError(describeOp(op) + ": only tensor constants are exported");
  llvm::Expected<std::string> name = writer.addConstant("constant", attr);
  if (!name)
    return writeError(describeOp(op) + ": " + llvm::toString(name.takeError()));
  writer.bind(op.getResult(), *name);
  return llvm::Error::success();
}

static llvm::Error requireFloatTensors(Operation *op) {
  auto isDfp = [](Type type) { return llvm::isa<DfpTensorType>(type); };
  if (llvm::any_of(op->getOperandTypes(), isDfp) ||
      llvm::any_of(op->getResultTypes(), isDfp))
    return writeError(describeOp(op) +
                      " has DFP operands or results: export the function "
                      "before dfp-quantize");
  return llvm::Error::success();
}

llvm::Error writeOp(GraphWriter &writer, Operation *op) {
  if (writer.isWritten(op))
    return llvm::Error::success();
  if (llvm::Error error = requireFloatTensors(op))
    return error;
  return llvm::TypeSwitch<Operation *, llvm::Error>(op)
      .Case([&](Conv2dOp conv) { return writeConv(writer, conv); })
      .Case([&](MatmulOp matmul) { return writeMatmul(writer, matmul); })
      .Case([&](BiasAddOp bias) { return writeBiasAdd(writer, bias); })
      .Case([&](AddOp) { return writeSimple(writer, op, "Add"); })
      .Case([&](ReluOp) { return writeSimple(writer, op, "Relu"); })
      .Case([&](GlobalAvgPoolOp) {
        return writeSimple(writer, op, "GlobalAveragePool");
      })
      .Case([&](MaxPool2dOp pool) {
        auto node = writePool(writer, pool, "MaxPool");
        return node ? llvm::Error::success() : node.takeError();
      })
      .Case([&](AvgPool2dOp pool) -> llvm::Error {
        auto node = writePool(writer, pool, "AveragePool");
        if (!node)
          return node.takeError();
        if (pool.getCountIncludePad())
          setInt(**node, "count_include_pad", 1);
        return llvm::Error::success();
      })
      .Case([&](BatchNormInferenceOp bn) { return writeBatchNorm(writer, bn); })
      .Case([&](ReshapeOp reshape) { return writeReshape(writer, reshape); })
      .Case([&](arith::ConstantOp constant) {
        return writeConstant(writer, constant);
      })
      .Default([&](Operation *) {
        return writeError(describeOp(op) + " has no ONNX export");
      });
}

} // namespace mlir::dfp::onnx_export
