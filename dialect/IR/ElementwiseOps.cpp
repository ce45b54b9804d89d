#include "VerifyUtils.h"
#include "dfp/Dialect/Dfp/IR/DfpOps.h"

using namespace mlir;
using namespace mlir::dfp;
using namespace mlir::dfp::detail;

OpFoldResult ReluOp::fold(FoldAdaptor) {
  if (auto producer = getInput().getDefiningOp<ReluOp>())
    return producer.getOutput();
  return {};
}

LogicalResult BiasAddOp::verify() {
  return verifyPerChannel(*this, getInput().getType(), "bias",
                          getBias().getType());
}

LogicalResult BiasAddBackwardOp::verify() {
  return verifyPerChannel(*this, getGradOutput().getType(), "result",
                          getGradBias().getType());
}
