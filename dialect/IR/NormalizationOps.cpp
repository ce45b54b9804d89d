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

LogicalResult RunningStatUpdateOp::verify() {
  if (failed(verifyRank(*this, "running statistics", getRunningMean().getType(),
                        1)))
    return failure();
  float momentum = getMomentum().convertToFloat();
  // Negated comparison so that NaN is rejected too.
  if (!(momentum >= 0.0f && momentum <= 1.0f))
    return emitOpError("expects momentum in [0, 1], got ") << momentum;
  // count - 1 divides the unbiased variance.
  if (getCount() < 2)
    return emitOpError("expects a count of at least 2, got ") << getCount();
  return success();
}
