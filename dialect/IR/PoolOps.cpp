#include "VerifyUtils.h"
#include "dfp/Dialect/Dfp/IR/DfpOps.h"

using namespace mlir;
using namespace mlir::dfp;
using namespace mlir::dfp::detail;

/// Checks the window attributes of `op` and that `output` (named
/// `outputName`) is `input` pooled by that window.
template <typename Pool2dOp>
static LogicalResult verifyPool2d(Pool2dOp op, ShapedType input,
                                  StringRef outputName, ShapedType output) {
  ArrayRef<int64_t> kernel = op.getKernel();
  ArrayRef<int64_t> strides = op.getStrides();
  ArrayRef<int64_t> padding = op.getPadding();
  if (failed(verifyArrayAttribute(op, "kernel", kernel, 2, 1)) ||
      failed(verifyArrayAttribute(op, "strides", strides, 2, 1)) ||
      failed(verifyArrayAttribute(op, "padding", padding, 4, 0)))
    return failure();
  // A window lying wholly in the padding would have nothing to pool.
  if (padding[0] >= kernel[0] || padding[2] >= kernel[0] ||
      padding[1] >= kernel[1] || padding[3] >= kernel[1])
    return op.emitOpError("expects padding smaller than the kernel, got "
                          "padding [")
           << padding << "] for kernel [" << kernel << "]";
  if (failed(verifyRank(op, "input", input, 4)) ||
      failed(verifyRank(op, outputName, output, 4)))
    return failure();
  ArrayRef<int64_t> shape = input.getShape();
  const int64_t unitDilations[] = {1, 1};
  FailureOr<SmallVector<int64_t, 2>> outputSize = windowOutputSize(
      op, shape[2], shape[3],
      Window2d{kernel[0], kernel[1], strides, unitDilations, padding});
  if (failed(outputSize))
    return failure();
  return verifyShape(op, outputName,
                     {shape[0], shape[1], (*outputSize)[0], (*outputSize)[1]},
                     output.getShape());
}

LogicalResult MaxPool2dOp::verify() {
  return verifyPool2d(*this, getInput().getType(), "result",
                      getOutput().getType());
}

LogicalResult MaxPool2dBackwardOp::verify() {
  if (failed(verifyShape(*this, "result", getInput().getType().getShape(),
                         getGradInput().getType().getShape())))
    return failure();
  return verifyPool2d(*this, getInput().getType(), "grad_output",
                      getGradOutput().getType());
}

LogicalResult AvgPool2dOp::verify() {
  return verifyPool2d(*this, getInput().getType(), "result",
                      getOutput().getType());
}

LogicalResult AvgPool2dBackwardOp::verify() {
  return verifyPool2d(*this, getGradInput().getType(), "grad_output",
                      getGradOutput().getType());
}

/// Checks that `pooled` (named `pooledName`) is [N, C, 1, 1] for `input`
/// [N, C, H, W].
static LogicalResult verifyGlobalPool(Operation *op, ShapedType input,
                                      StringRef pooledName, ShapedType pooled) {
  if (failed(verifyRank(op, "input", input, 4)))
    return failure();
  ArrayRef<int64_t> shape = input.getShape();
  return verifyShape(op, pooledName, {shape[0], shape[1], 1, 1},
                     pooled.getShape());
}

LogicalResult GlobalAvgPoolOp::verify() {
  return verifyGlobalPool(*this, getInput().getType(), "result",
                          getOutput().getType());
}

LogicalResult GlobalAvgPoolBackwardOp::verify() {
  return verifyGlobalPool(*this, getGradInput().getType(), "grad_output",
                          getGradOutput().getType());
}
