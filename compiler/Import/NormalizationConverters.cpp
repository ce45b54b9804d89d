#include "OpHelpers.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"

namespace mlir::dfp::onnx_import {

/// Inference-mode BatchNormalization; training mode only when the node asks
/// for Y alone (its running-statistics outputs have no Dfp counterpart).
static llvm::Error convertBatchNormalization(NodeContext &node) {
  if (node.intAttr("spatial", 1) != 1)
    return node.unsupportedAttr("spatial", "0");
  bool training = node.intAttr("training_mode", 0) != 0;
  for (unsigned index = 1; index < node.numOutputs(); ++index)
    if (node.hasOutput(index))
      return node.error("training outputs (running or saved statistics) are "
                        "not supported");
  llvm::SmallVector<Value, 5> operands;
  for (unsigned index = 0; index < 5; ++index) {
    auto operand = node.f32Input(index);
    if (!operand)
      return operand.takeError();
    operands.push_back(*operand);
  }
  OpBuilder &builder = node.builder();
  auto epsilon = builder.getF32FloatAttr(node.floatAttr("epsilon", 1e-5f));
  Value input = operands[0], scale = operands[1], bias = operands[2];
  if (training) {
    auto op = builder.create<BatchNormOp>(
        node.loc(),
        TypeRange{input.getType(), scale.getType(), scale.getType()}, input,
        scale, bias, epsilon);
    return node.setOutput(0, op.getOutput());
  }
  Value result = builder.create<BatchNormInferenceOp>(
      node.loc(), input.getType(), input, scale, bias, operands[3], operands[4],
      epsilon);
  return node.setOutput(0, result);
}

void registerNormalizationConverters(ConverterTable &table) {
  table["BatchNormalization"] = convertBatchNormalization;
}

} // namespace mlir::dfp::onnx_import
