#include "Gradients.h"
#include "TrainingSignature.h"
#include "dfp/Transforms/Passes.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"

#include <cmath>

namespace mlir::dfp {
#define GEN_PASS_DEF_DFPBUILDTRAININGSTEP
#include "dfp/Transforms/Passes.h.inc"
} // namespace mlir::dfp

using namespace mlir;
using namespace mlir::dfp;

namespace {

/// The number of elements batch norm averages per channel (axis 1) of `x`.
int64_t getElementsPerChannel(Value x) {
  auto type = cast<ShapedType>(x.getType());
  int64_t channels = type.getDimSize(1);
  return channels == 0 ? 0 : type.getNumElements() / channels;
}

/// Checks that every op of `forward` on a path from a parameter can be
/// differentiated and that the running statistics of every batch norm are
/// distinct state arguments, each used by one batch norm only.
LogicalResult verifyDifferentiable(func::FuncOp forward,
                                   const ForwardSignature &signature) {
  DenseSet<Value> dependsOnParam, states, updatedStates;
  for (const NamedArgument &param : signature.params)
    dependsOnParam.insert(param.value);
  for (const NamedArgument &state : signature.states)
    states.insert(state.value);

  auto checkStatistic = [&](Operation *op, StringRef what,
                            Value value) -> LogicalResult {
    if (!states.contains(value))
      return op->emitError("expects the ")
             << what << " of '" << op->getName()
             << "' to be an argument marked " << kStateAttrName;
    if (!updatedStates.insert(value).second)
      return op->emitError("expects the ")
             << what << " of '" << op->getName()
             << "' to be used by no other batch norm";
    return success();
  };

  for (Operation &op : forward.getBody().front().without_terminator()) {
    if (auto norm = dyn_cast<BatchNormInferenceOp>(op)) {
      if (failed(checkStatistic(&op, "running mean", norm.getRunningMean())) ||
          failed(checkStatistic(&op, "running variance", norm.getRunningVar())))
        return failure();
      // The unbiased variance of the running statistics divides by n - 1.
      if (getElementsPerChannel(norm.getInput()) < 2)
        return op.emitError("cannot train '")
               << op.getName()
               << "' on a batch of one element per channel (the unbiased "
                  "batch variance needs two)";
    }
    if (auto norm = dyn_cast<BatchNormOp>(op))
      if (!norm.getBatchMean().use_empty() || !norm.getBatchVar().use_empty())
        return op.emitError("cannot differentiate through the batch "
                            "statistics of '")
               << op.getName() << "'";

    if (llvm::none_of(op.getOperands(),
                      [&](Value v) { return dependsOnParam.contains(v); }))
      continue;
    if (!isDifferentiable(&op))
      return op.emitError("dfp-build-training-step cannot differentiate '")
             << op.getName() << "', which depends on a parameter";
    if (llvm::any_of(op.getOperandTypes(), [](Type type) {
          auto tensor = dyn_cast<RankedTensorType>(type);
          return !tensor || !tensor.getElementType().isF32();
        }))
      return op.emitError("expects f32 tensor operands to differentiate '")
             << op.getName() << "'";
    dependsOnParam.insert(op.result_begin(), op.result_end());
  }
  return success();
}

/// Fills the body of @train_step: forward in training mode, loss, backward
/// and updates, in the order the runtime executes them.
class TrainStepBuilder {
public:
  TrainStepBuilder(const DfpBuildTrainingStepOptions &options,
                   const ForwardSignature &signature,
                   const TrainStepArguments &args, Block *body)
      : options(options), signature(signature), args(args),
        builder(OpBuilder::atBlockEnd(body)),
        gradients(builder, dependsOnParam),
        newParams(args.params.begin(), args.params.end()),
        newMomenta(args.momenta.begin(), args.momenta.end()),
        newStates(args.states.begin(), args.states.end()) {}

  void build(func::FuncOp forward) {
    cloneForward(forward);
    auto ret = cast<func::ReturnOp>(forward.getBody().front().getTerminator());
    Value logits = mapping.lookup(ret.getOperands().front());
    Location loc = logits.getLoc();
    Type scalar = args.lr.getType();
    Value loss =
        builder.create<SoftmaxCrossEntropyOp>(loc, scalar, logits, args.labels);
    Value one = builder.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(cast<ShapedType>(scalar), 1.0f));
    gradients.addGradient(logits,
                          builder.create<SoftmaxCrossEntropyBackwardOp>(
                              loc, logits.getType(), one, logits, args.labels));
    backward();
    // Parameters no forward op uses (returned as the logits themselves).
    for (auto [param, updated] : llvm::zip_equal(args.params, newParams))
      if (updated == param)
        update(param, loc);

    SmallVector<Value> results = {loss, logits};
    llvm::append_range(results, newParams);
    llvm::append_range(results, newMomenta);
    llvm::append_range(results, newStates);
    builder.create<func::ReturnOp>(loc, results);
  }

private:
  /// Clones the forward ops into the step, batch norms in training mode
  /// followed by their running-statistics update, recording them in `tape`
  /// and which values depend on a parameter.
  void cloneForward(func::FuncOp forward) {
    mapping.map(signature.input, args.input);
    for (auto [named, arg] : llvm::zip_equal(signature.params, args.params)) {
      mapping.map(named.value, arg);
      dependsOnParam.insert(arg);
      pendingUses[arg] = 0;
    }
    for (auto [index, named] : llvm::enumerate(signature.states)) {
      mapping.map(named.value, args.states[index]);
      stateIndex[args.states[index]] = index;
    }

    for (Operation &op : forward.getBody().front().without_terminator()) {
      Operation *clone = nullptr;
      if (auto norm = dyn_cast<BatchNormInferenceOp>(op))
        clone = cloneInTrainingMode(norm);
      else
        clone = builder.clone(op, mapping);
      tape.push_back(clone);
      bool dependent = false;
      for (Value operand : clone->getOperands()) {
        dependent |= dependsOnParam.contains(operand);
        auto it = pendingUses.find(operand);
        if (it != pendingUses.end())
          ++it->second;
      }
      if (dependent)
        dependsOnParam.insert(clone->result_begin(), clone->result_end());
    }
  }

  Operation *cloneInTrainingMode(BatchNormInferenceOp inference) {
    Location loc = inference.getLoc();
    Value input = mapping.lookup(inference.getInput());
    Value scale = mapping.lookup(inference.getScale());
    Value runningMean = mapping.lookup(inference.getRunningMean());
    Value runningVar = mapping.lookup(inference.getRunningVar());
    Type perChannel = scale.getType();
    auto norm = builder.create<BatchNormOp>(
        loc, TypeRange{input.getType(), perChannel, perChannel}, input, scale,
        mapping.lookup(inference.getBias()), inference.getEpsilonAttr());
    mapping.map(inference.getOutput(), norm.getOutput());

    auto update = builder.create<RunningStatUpdateOp>(
        loc, TypeRange{perChannel, perChannel}, runningMean, runningVar,
        norm.getBatchMean(), norm.getBatchVar(),
        builder.getF32FloatAttr(options.bnMomentum),
        builder.getI64IntegerAttr(getElementsPerChannel(input)));
    newStates[stateIndex.at(runningMean)] = update.getNewRunningMean();
    newStates[stateIndex.at(runningVar)] = update.getNewRunningVar();
    return norm;
  }

  /// Visits the tape backwards; a parameter is updated right after the
  /// backward of its first forward use, when its gradient is complete.
  void backward() {
    for (Operation *op : llvm::reverse(tape)) {
      gradients.emitBackward(op);
      for (Value operand : op->getOperands()) {
        auto it = pendingUses.find(operand);
        if (it != pendingUses.end() && --it->second == 0)
          update(cast<BlockArgument>(operand), op->getLoc());
      }
    }
  }

  void update(BlockArgument param, Location loc) {
    Value gradient = gradients.getGradient(param);
    if (!gradient)
      return;
    size_t index = llvm::find(args.params, param) - args.params.begin();
    auto sgd = builder.create<SgdUpdateOp>(
        loc, TypeRange{param.getType(), param.getType()}, param, gradient,
        args.momenta[index], args.lr, builder.getF32FloatAttr(options.momentum),
        builder.getF32FloatAttr(options.weightDecay));
    newParams[index] = sgd.getNewParam();
    newMomenta[index] = sgd.getNewMomentumBuffer();
  }

  const DfpBuildTrainingStepOptions &options;
  const ForwardSignature &signature;
  const TrainStepArguments &args;
  OpBuilder builder;
  DenseSet<Value> dependsOnParam;
  GradientBuilder gradients;
  IRMapping mapping;
  SmallVector<Operation *> tape;
  /// Forward uses of each parameter whose backward is still to be emitted.
  DenseMap<Value, unsigned> pendingUses;
  DenseMap<Value, size_t> stateIndex;
  SmallVector<Value> newParams, newMomenta, newStates;
};

class DfpBuildTrainingStepPass
    : public mlir::dfp::impl::DfpBuildTrainingStepBase<
          DfpBuildTrainingStepPass> {
public:
  using DfpBuildTrainingStepBase::DfpBuildTrainingStepBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(verifyOptions(module)))
      return signalPassFailure();
    auto forward = module.lookupSymbol<func::FuncOp>(forwardName);
    if (!forward) {
      module.emitError("dfp-build-training-step: no function @") << forwardName;
      return signalPassFailure();
    }
    if (module.lookupSymbol(kTrainStepName)) {
      module.emitError("dfp-build-training-step: the module already has a @")
          << kTrainStepName;
      return signalPassFailure();
    }
    FailureOr<ForwardSignature> signature = analyzeForward(forward);
    if (failed(signature) || failed(verifyDifferentiable(forward, *signature)))
      return signalPassFailure();

    auto [step, args] = createTrainStep(forward, *signature);
    DfpBuildTrainingStepOptions options;
    options.momentum = momentum;
    options.weightDecay = weightDecay;
    options.bnMomentum = bnMomentum;
    TrainStepBuilder(options, *signature, args, &step.getBody().front())
        .build(forward);
  }

private:
  /// The ranges dfp.sgd_update and dfp.running_stat_update accept (negated
  /// comparisons reject NaN too).
  LogicalResult verifyOptions(ModuleOp module) {
    auto fail = [&](StringRef option, StringRef range, float value) {
      return module.emitError("dfp-build-training-step: ")
             << option << " must be in " << range << ", got " << value;
    };
    if (!(momentum >= 0.0f && momentum < 1.0f))
      return fail("momentum", "[0, 1)", momentum);
    if (!(weightDecay >= 0.0f && std::isfinite(weightDecay)))
      return fail("weight-decay", "[0, inf)", weightDecay);
    if (!(bnMomentum >= 0.0f && bnMomentum <= 1.0f))
      return fail("bn-momentum", "[0, 1]", bnMomentum);
    return success();
  }
};

} // namespace
