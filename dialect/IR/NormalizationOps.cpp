#include "VerifyUtils.h"
#include "dfp/Dialect/Dfp/IR/DfpOps.h"

using namespace mlir;
using namespace mlir::dfp;
using namespace mlir::dfp::detail;

/// Checks an input [N, C, ...], its per-channel tensors [C] and epsilon.
static LogicalResult verifyBatchNorm(Operation *op, ShapedType input,
                                     ShapedType perChannel,
                                     const APFloat &epsilon) {
  if (failed(verifyPerChannel(op, input, "per-channel operands", perChannel)))
    return failure();
  if (!(epsilon.convertToFloat() >= 0.0f))
    return op->emitOpError("expects non-negative epsilon, got ")
           << epsilon.convertToFloat();
  return success();
}

LogicalResult BatchNormOp::verify() {
  return verifyBatchNorm(*this, getInput().getType(), getScale().getType(),
                         getEpsilon());
}

LogicalResult BatchNormInferenceOp::verify() {
  return verifyBatchNorm(*this, getInput().getType(), getScale().getType(),
                         getEpsilon());
}

LogicalResult BatchNormBackwardOp::verify() {
  return verifyBatchNorm(*this, getInput().getType(), getScale().getType(),
                         getEpsilon());
}
