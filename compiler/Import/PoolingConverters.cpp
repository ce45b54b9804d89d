#include "OpHelpers.h"
#include "WindowAttributes.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"

namespace mlir::dfp::onnx_import {

/// Reads the input and window of a pooling node; the Dfp pooling ops have
/// no dilation.
static llvm::Expected<std::pair<Value, Window2d>> readPool(NodeContext &node) {
  auto input = node.f32Input(0);
  if (!input)
    return input.takeError();
  RankedTensorType type = input->getType();
  if (llvm::Error error = requireRank4(node, type, "input 'X'"))
    return std::move(error);
  auto window = readWindow2d(node, type.getDimSize(2), type.getDimSize(3), {});
  if (!window)
    return window.takeError();
  if (llvm::any_of(window->dilations, [](int64_t d) { return d != 1; }))
    return node.unsupportedAttr("dilations", listText(window->dilations));
  return std::make_pair(Value(*input), *window);
}

static RankedTensorType poolResultType(Value input, const Window2d &window) {
  auto type = llvm::cast<RankedTensorType>(input.getType());
  return RankedTensorType::get({type.getDimSize(0), type.getDimSize(1),
                                window.output[0], window.output[1]},
                               type.getElementType());
}

static llvm::Error convertMaxPool(NodeContext &node) {
  if (node.hasOutput(1))
    return node.error("output 'Indices' is not supported");
  if (node.intAttr("storage_order", 0) != 0)
    return node.unsupportedAttr("storage_order", "1");
  auto pool = readPool(node);
  if (!pool)
    return pool.takeError();
  auto [input, window] = *pool;
  OpBuilder &builder = node.builder();
  Value result = builder.create<MaxPool2dOp>(
      node.loc(), poolResultType(input, window), input,
      builder.getDenseI64ArrayAttr(window.kernel),
      builder.getDenseI64ArrayAttr(window.strides),
      builder.getDenseI64ArrayAttr(window.padding));
  return node.setOutput(0, result);
}

static llvm::Error convertAveragePool(NodeContext &node) {
  auto pool = readPool(node);
  if (!pool)
    return pool.takeError();
  auto [input, window] = *pool;
  OpBuilder &builder = node.builder();
  bool countIncludePad = node.intAttr("count_include_pad", 0) != 0;
  Value result = builder.create<AvgPool2dOp>(
      node.loc(), poolResultType(input, window), input,
      builder.getDenseI64ArrayAttr(window.kernel),
      builder.getDenseI64ArrayAttr(window.strides),
      builder.getDenseI64ArrayAttr(window.padding), countIncludePad);
  return node.setOutput(0, result);
}

static llvm::Error convertGlobalAveragePool(NodeContext &node) {
  auto input = node.f32Input(0);
  if (!input)
    return input.takeError();
  RankedTensorType type = input->getType();
  if (llvm::Error error = requireRank4(node, type, "input 'X'"))
    return error;
  auto resultType = RankedTensorType::get(
      {type.getDimSize(0), type.getDimSize(1), 1, 1}, type.getElementType());
  return node.setOutput(0, node.builder().create<GlobalAvgPoolOp>(
                               node.loc(), resultType, *input));
}

void registerPoolingConverters(ConverterTable &table) {
  table["MaxPool"] = convertMaxPool;
  table["AveragePool"] = convertAveragePool;
  table["GlobalAveragePool"] = convertGlobalAveragePool;
}

} // namespace mlir::dfp::onnx_import
