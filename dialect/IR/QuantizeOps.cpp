#include "VerifyUtils.h"
#include "dfp/Dialect/Dfp/IR/DfpOps.h"

using namespace mlir;
using namespace mlir::dfp;
using namespace mlir::dfp::detail;

/// The random-stream parameters only mean something to stochastic rounding.
template <typename RoundingOp>
static LogicalResult verifyRoundingParameters(RoundingOp op) {
  bool hasStreamParameters =
      op.getSeedAttr() || op.getStreamAttr() || op.getStep();
  if (hasStreamParameters && op.getRounding() != RoundingMode::Stochastic)
    return op.emitOpError("seed, stream and step are only legal with "
                          "stochastic rounding, got ")
           << stringifyRoundingMode(op.getRounding());
  return success();
}

LogicalResult QuantizeOp::verify() {
  if (failed(verifyShape(*this, "result", getInput().getType().getShape(),
                         getOutput().getType().getShape())))
    return failure();
  return verifyRoundingParameters(*this);
}

LogicalResult DequantizeOp::verify() {
  return verifyShape(*this, "result", getInput().getType().getShape(),
                     getOutput().getType().getShape());
}

LogicalResult RequantizeOp::verify() {
  if (failed(verifyShape(*this, "result", getInput().getType().getShape(),
                         getOutput().getType().getShape())))
    return failure();
  return verifyRoundingParameters(*this);
}

OpFoldResult RequantizeOp::fold(FoldAdaptor) {
  // Every value of the input is representable in its own format.
  if (getInput().getType() == getOutput().getType())
    return getInput();
  return {};
}
