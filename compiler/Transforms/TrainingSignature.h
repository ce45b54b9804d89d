#ifndef DFP_COMPILER_TRANSFORMS_TRAININGSIGNATURE_H
#define DFP_COMPILER_TRANSFORMS_TRAININGSIGNATURE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::dfp {

/// Argument attributes of the forward function and of the training step.
constexpr StringLiteral kParamAttrName = "dfp.param";
constexpr StringLiteral kStateAttrName = "dfp.state";
constexpr StringLiteral kMomentumAttrName = "dfp.momentum";
constexpr StringLiteral kLabelsAttrName = "dfp.labels";
constexpr StringLiteral kLrAttrName = "dfp.lr";
/// Result attributes of the training step.
constexpr StringLiteral kLossAttrName = "dfp.loss";
constexpr StringLiteral kLogitsAttrName = "dfp.logits";

constexpr StringLiteral kTrainStepName = "train_step";

/// A forward argument marked `dfp.param` or `dfp.state`.
struct NamedArgument {
  BlockArgument value;
  StringAttr name;
};

/// What the training step needs to know of the forward function's signature.
struct ForwardSignature {
  BlockArgument input;
  SmallVector<NamedArgument> params;
  SmallVector<NamedArgument> states;
  RankedTensorType logitsType;
};

/// Checks that `forward` has a body, an f32 tensor input first, then only
/// f32 tensor arguments marked with exactly one of `dfp.param`/`dfp.state`
/// (distinct names), and one [N, K] f32 result; errors name the argument.
FailureOr<ForwardSignature> analyzeForward(func::FuncOp forward);

/// The arguments of the training step, by role.
struct TrainStepArguments {
  BlockArgument input, labels, lr, step;
  SmallVector<BlockArgument> params, momenta, states;
};

/// Creates `@train_step` right after `forward` with the signature, argument
/// and result attributes of the dfp-build-training-step contract, and an
/// entry block without terminator.
std::pair<func::FuncOp, TrainStepArguments>
createTrainStep(func::FuncOp forward, const ForwardSignature &signature);

} // namespace mlir::dfp

#endif // DFP_COMPILER_TRANSFORMS_TRAININGSIGNATURE_H
