#include "ContractedOperands.h"
#include "QuantizeFormat.h"
#include "dfp/Transforms/Passes.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::dfp {
#define GEN_PASS_DEF_DFPQUANTIZE
#include "dfp/Transforms/Passes.h.inc"
} // namespace mlir::dfp

using namespace mlir;
using namespace mlir::dfp;

namespace {

/// How one role is quantized.
struct RolePolicy {
  QuantizeFormat format;
  RoundingMode rounding;
};

/// The contractions of a function dfp-quantize rewrites: all f32 ones, or
/// with `SkipFirstLast` all but the first and last layer (the first and last
/// forward contraction and the backward contractions sharing their weight or,
/// for the filter gradient, their input).
SmallVector<ContractionOpInterface>
selectContractions(FunctionOpInterface function,
                   ContractionSelection selection) {
  SmallVector<ContractionOpInterface> contractions;
  function.walk([&](ContractionOpInterface op) {
    if (!op.hasDfpOperands())
      contractions.push_back(op);
  });
  if (selection == ContractionSelection::All)
    return contractions;

  SmallVector<ContractionOpInterface> forward;
  llvm::copy_if(
      contractions, std::back_inserter(forward),
      [](ContractionOpInterface op) { return isForwardContraction(op); });
  if (forward.empty())
    return contractions;
  llvm::DenseSet<Operation *> skipped = {forward.front(), forward.back()};
  llvm::DenseSet<Value> skippedWeights, skippedInputs;
  for (Operation *op : skipped) {
    auto [input, weight] =
        cast<ContractionOpInterface>(op).getContractedOperands();
    skippedInputs.insert(input);
    skippedWeights.insert(weight);
  }
  auto inSkippedLayer = [&](ContractionOpInterface op) {
    if (skipped.contains(op))
      return true;
    if (auto data = dyn_cast<Conv2dBackwardDataOp>(*op))
      return skippedWeights.contains(data.getFilter());
    if (auto filter = dyn_cast<Conv2dBackwardFilterOp>(*op))
      return skippedInputs.contains(filter.getInput());
    if (isa<MatmulOp>(*op) && !isForwardContraction(op)) {
      auto [first, second] = op.getContractedOperands();
      return llvm::any_of(std::array<Value, 2>{first, second}, [&](Value v) {
        return skippedWeights.contains(v) || skippedInputs.contains(v);
      });
    }
    return false;
  };
  SmallVector<ContractionOpInterface> selected;
  llvm::copy_if(contractions, std::back_inserter(selected),
                [&](ContractionOpInterface op) { return !inSkippedLayer(op); });
  return selected;
}

/// The function argument marked as the training step counter, null if none;
/// fails with an error on the function if it is not an i32.
FailureOr<Value> findStepArgument(FunctionOpInterface function) {
  for (BlockArgument argument : function.getArguments()) {
    if (!function.getArgAttr(argument.getArgNumber(), kStepAttrName))
      continue;
    if (!argument.getType().isSignlessInteger(32))
      return function.emitError("argument ")
             << argument.getArgNumber() << " marked " << kStepAttrName
             << " must be i32, got " << argument.getType();
    return Value(argument);
  }
  return Value();
}

/// Creates the quantizations of one function, one per (value, type,
/// rounding), each right after the value's definition.
class QuantizeBuilder {
public:
  QuantizeBuilder(Value stepArgument, uint64_t seed, uint32_t &nextStream)
      : stepArgument(stepArgument), seed(seed), nextStream(nextStream) {}

  Value getOrCreate(Value input, DfpTensorType type, RoundingMode rounding) {
    Key key{input, type, static_cast<uint32_t>(rounding)};
    auto [it, inserted] = quantized.try_emplace(key);
    if (!inserted)
      return it->second;
    OpBuilder builder(input.getContext());
    setInsertionPoint(builder, input);
    MLIRContext *context = input.getContext();
    IntegerAttr seedAttr, streamAttr;
    Value step;
    if (rounding == RoundingMode::Stochastic) {
      seedAttr = builder.getI64IntegerAttr(static_cast<int64_t>(seed));
      streamAttr =
          builder.getI32IntegerAttr(static_cast<int32_t>(nextStream++));
      step = stepArgument;
    }
    auto quantize = builder.create<QuantizeOp>(
        input.getLoc(), type, input, RoundingModeAttr::get(context, rounding),
        seedAttr, streamAttr, step);
    if (auto argument = dyn_cast<BlockArgument>(input))
      lastArgumentQuantize[argument.getOwner()] = quantize;
    it->second = quantize;
    return it->second;
  }

private:
  /// Right after the definition of `input`; block arguments are quantized in
  /// the order they are first needed, at the start of their block.
  void setInsertionPoint(OpBuilder &builder, Value input) {
    auto argument = dyn_cast<BlockArgument>(input);
    if (!argument)
      return builder.setInsertionPointAfterValue(input);
    if (Operation *last = lastArgumentQuantize.lookup(argument.getOwner()))
      return builder.setInsertionPointAfter(last);
    builder.setInsertionPointToStart(argument.getOwner());
  }

  using Key = std::tuple<Value, Type, uint32_t>;
  DenseMap<Key, Value> quantized;
  DenseMap<Block *, Operation *> lastArgumentQuantize;
  Value stepArgument;
  uint64_t seed;
  uint32_t &nextStream;
};

class DfpQuantizePass
    : public mlir::dfp::impl::DfpQuantizeBase<DfpQuantizePass> {
public:
  using DfpQuantizeBase::DfpQuantizeBase;

  LogicalResult initialize(MLIRContext *context) override {
    const std::pair<OperandRole, std::pair<StringRef, RoundingMode>>
        settings[] = {
            {OperandRole::Activation, {activationFormat, activationRounding}},
            {OperandRole::Weight, {weightFormat, weightRounding}},
            {OperandRole::Gradient, {gradientFormat, gradientRounding}}};
    for (const auto &[role, setting] : settings) {
      std::string error;
      FailureOr<QuantizeFormat> format =
          QuantizeFormat::parse(setting.first, error);
      if (failed(format))
        return emitError(UnknownLoc::get(context))
               << "dfp-quantize: " << stringifyOperandRole(role)
               << "-format: " << error;
      policies[static_cast<size_t>(role)] = {*format, setting.second};
    }
    return success();
  }

  void runOnOperation() override {
    uint32_t nextStream = 0;
    WalkResult result = getOperation().walk([&](FunctionOpInterface function) {
      FailureOr<Value> stepArgument = findStepArgument(function);
      if (failed(stepArgument))
        return WalkResult::interrupt();
      QuantizeBuilder builder(*stepArgument, seed, nextStream);
      for (ContractionOpInterface op :
           selectContractions(function, contractions))
        if (failed(quantizeOperands(op, builder)))
          return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }

private:
  LogicalResult quantizeOperands(ContractionOpInterface op,
                                 QuantizeBuilder &builder) {
    for (const ContractedOperand &operand : getContractedOperandSlots(op)) {
      FailureOr<OperandRole> role = resolveRole(operand);
      if (failed(role))
        return failure();
      const RolePolicy &policy = policies[static_cast<size_t>(*role)];
      Value input = operand.slot->get();
      FailureOr<DfpTensorType> type = policy.format.typeFor(
          operand, cast<ShapedType>(input.getType()), op.getLoc());
      if (failed(type))
        return failure();
      operand.slot->set(builder.getOrCreate(input, *type, policy.rounding));
    }
    // The dialect verifier names what a format breaks (exponents along a
    // summed axis, blocks of odd size).
    return verify(op);
  }

  std::array<RolePolicy, kNumOperandRoles> policies;
};

} // namespace
