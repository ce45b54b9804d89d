#include "VerifyUtils.h"
#include "dfp/Dialect/Dfp/IR/DfpOps.h"

using namespace mlir;
using namespace mlir::dfp;
using namespace mlir::dfp::detail;

/// Checks logits [N, classes] against labels [N].
static LogicalResult verifyLogitsAndLabels(Operation *op, ShapedType logits,
                                           ShapedType labels) {
  if (failed(verifyRank(op, "logits", logits, 2)))
    return failure();
  return verifyShape(op, "labels", {logits.getDimSize(0)}, labels.getShape());
}

LogicalResult SoftmaxCrossEntropyOp::verify() {
  return verifyLogitsAndLabels(*this, getLogits().getType(),
                               getLabels().getType());
}

LogicalResult SoftmaxCrossEntropyBackwardOp::verify() {
  return verifyLogitsAndLabels(*this, getLogits().getType(),
                               getLabels().getType());
}

LogicalResult SgdUpdateOp::verify() {
  // Negated comparisons so that NaN is rejected too.
  float momentum = getMomentum().convertToFloat();
  float weightDecay = getWeightDecay().convertToFloat();
  if (!(momentum >= 0.0f && momentum < 1.0f))
    return emitOpError("expects momentum in [0, 1), got ") << momentum;
  if (!(weightDecay >= 0.0f))
    return emitOpError("expects non-negative weight_decay, got ")
           << weightDecay;
  return success();
}
