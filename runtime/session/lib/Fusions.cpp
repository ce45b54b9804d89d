#include "Fusions.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"

namespace dfp::runtime::session {

using mlir::Operation;
using mlir::Value;
namespace md = mlir::dfp;

Fusions findFusions(mlir::func::FuncOp function) {
  Fusions found;
  function.walk([&](Operation *op) {
    Value normalized;
    if (auto bn = llvm::dyn_cast<md::BatchNormOp>(op))
      normalized = bn.getOutput();
    else if (auto bn = llvm::dyn_cast<md::BatchNormInferenceOp>(op))
      normalized = bn.getOutput();
    else
      return;
    if (!normalized.hasOneUse())
      return;
    auto relu = llvm::dyn_cast<md::ReluOp>(*normalized.getUsers().begin());
    if (!relu)
      return;
    found.reluOfNorm[op] = relu;
    found.fusedAway.insert(relu);
  });
  function.walk([&](md::BatchNormBackwardOp backward) {
    auto mask = backward.getGradOutput().getDefiningOp<md::ReluBackwardOp>();
    if (!mask || !mask.getGradInput().hasOneUse())
      return;
    // The mask input must be the fused relu's output (or its input, the
    // batch norm output: same sign pattern).
    Operation *source = mask.getInput().getDefiningOp();
    if (!source)
      return;
    bool fromFusedRelu = false;
    for (auto [norm, relu] : found.reluOfNorm)
      if (relu == source)
        fromFusedRelu = true;
    if (!fromFusedRelu)
      return;
    found.maskOfNormBackward[backward] = mask;
    found.fusedAway.insert(mask);
  });
  function.walk([&](md::MaxPool2dBackwardOp backward) {
    for (Operation *user : backward.getInput().getUsers()) {
      auto pool = llvm::dyn_cast<md::MaxPool2dOp>(user);
      if (pool && pool.getKernel() == backward.getKernel() &&
          pool.getStrides() == backward.getStrides() &&
          pool.getPadding() == backward.getPadding() &&
          pool->isBeforeInBlock(backward)) {
        found.poolOfPoolBackward[backward] = pool;
        found.poolsRecordingWinners.insert(pool);
        return;
      }
    }
  });
  return found;
}

} // namespace dfp::runtime::session
