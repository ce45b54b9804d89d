#include "DecomposedTypes.h"
#include "Patterns.h"

#include "dfp/Conversion/Passes.h"
#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/OneToNFuncConversions.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::dfp {

#define GEN_PASS_DEF_CONVERTDFPTOLINALG
#include "dfp/Conversion/Passes.h.inc"

namespace {

LogicalResult notLowered(Operation *op, const Twine &reason) {
  return op->emitOpError("is not yet lowered by convert-dfp-to-linalg: ")
         << reason;
}

/// Exponents per tensor are lowered everywhere, per axis by quantize,
/// dequantize and matmul; blocks nowhere yet.
LogicalResult checkGrouping(Operation *op, Type type) {
  auto dfpType = dyn_cast<DfpTensorType>(type);
  if (!dfpType || dfpType.getGrouping() == ExponentGrouping::tensor())
    return success();
  if (dfpType.getGrouping().kind == ExponentGrouping::Kind::Axis &&
      isa<QuantizeOp, DequantizeOp, MatmulOp>(op))
    return success();
  return notLowered(op, "exponent blocks, and per-axis exponents outside "
                        "quantize, dequantize and matmul, are not lowered");
}

LogicalResult checkGroupings(Operation *op) {
  for (Type type : op->getOperandTypes())
    if (failed(checkGrouping(op, type)))
      return failure();
  for (Type type : op->getResultTypes())
    if (failed(checkGrouping(op, type)))
      return failure();
  return success();
}

/// Functions that quantize get a status result; calling them would need the
/// callers rewritten too.
LogicalResult checkNoCallsToQuantizingFunctions(ModuleOp module) {
  SymbolTable symbols(module);
  WalkResult result = module.walk([&](func::CallOp call) {
    auto callee = symbols.lookup<func::FuncOp>(call.getCallee());
    if (!callee || callee.getOps<QuantizeOp>().empty())
      return WalkResult::advance();
    call.emitOpError("calls @")
        << call.getCallee()
        << ", which quantizes: convert-dfp-to-linalg does not yet lower calls "
           "to functions with a non-finite status";
    return WalkResult::interrupt();
  });
  return failure(result.wasInterrupted());
}

/// Appends the i1 "some quantize saw NaN or Inf" result to every function
/// whose body holds values tagged by the quantize lowering.
void appendNonFiniteStatus(ModuleOp module) {
  module.walk([](func::FuncOp func) {
    SmallVector<Operation *> flags;
    func.walk([&](Operation *op) {
      if (op->removeAttr(kNonFiniteStatusAttrName))
        flags.push_back(op);
    });
    if (flags.empty())
      return;
    func.walk([&](func::ReturnOp ret) {
      ImplicitLocOpBuilder b(ret.getLoc(), ret);
      Value status = flags.front()->getResult(0);
      for (Operation *flag : ArrayRef(flags).drop_front())
        status = b.create<arith::OrIOp>(status, flag->getResult(0));
      ret.getOperandsMutable().append(status);
    });
    SmallVector<Type> results(func.getResultTypes());
    results.push_back(IntegerType::get(func.getContext(), 1));
    func.setFunctionType(
        FunctionType::get(func.getContext(), func.getArgumentTypes(), results));
  });
}

/// DFP convolutions are lowered with a chain, groups 1 and one exponent per
/// tensor.
template <typename ConvOp> LogicalResult checkDfpConvolution(ConvOp conv) {
  if (!conv.getChain())
    return conv.emitOpError("on DFP operands needs `chain` to be lowered (run "
                            "dfp-chain-length)");
  // Forward convolutions run group by group; the backward ones not yet.
  if (conv.getGroups() != 1 && !isa<Conv2dOp>(conv.getOperation()))
    return notLowered(conv, "grouped DFP backward convolutions");
  return checkGroupings(conv);
}

} // namespace

LogicalResult checkLowerable(Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<QuantizeOp>([](QuantizeOp quantize) -> LogicalResult {
        // Its status joins the function's results (appendNonFiniteStatus).
        if (!isa<func::FuncOp>(quantize->getParentOp()))
          return notLowered(quantize,
                            "only quantizes directly in a func.func body");
        return checkGroupings(quantize);
      })
      .Case<MatmulOp>([](MatmulOp matmul) -> LogicalResult {
        auto contraction = cast<ContractionOpInterface>(matmul.getOperation());
        if (contraction.hasDfpOperands() && !matmul.getChain())
          return matmul.emitOpError(
              "on DFP operands needs `chain` to be lowered (run "
              "dfp-chain-length)");
        return checkGroupings(matmul);
      })
      .Case<Conv2dOp>([](Conv2dOp conv) -> LogicalResult {
        if (!cast<ContractionOpInterface>(conv.getOperation()).hasDfpOperands())
          return success();
        return checkDfpConvolution(conv);
      })
      .Case<Conv2dBackwardDataOp>([](Conv2dBackwardDataOp conv)
                                      -> LogicalResult {
        if (!cast<ContractionOpInterface>(conv.getOperation()).hasDfpOperands())
          return success();
        return checkDfpConvolution(conv);
      })
      .Case<Conv2dBackwardFilterOp>([](Conv2dBackwardFilterOp conv)
                                        -> LogicalResult {
        if (!cast<ContractionOpInterface>(conv.getOperation()).hasDfpOperands())
          return notLowered(conv, "FP32 backward filter convolutions");
        return checkDfpConvolution(conv);
      })
      .Case<DequantizeOp, ReluOp, AddOp, ReshapeOp, BiasAddOp, MaxPool2dOp,
            AvgPool2dOp, GlobalAvgPoolOp, BatchNormInferenceOp,
            SoftmaxCrossEntropyOp>(
          [](Operation *supported) { return checkGroupings(supported); })
      .Default([](Operation *other) {
        return notLowered(other, "no lowering for this op");
      });
}

namespace {

struct ConvertDfpToLinalgPass
    : impl::ConvertDfpToLinalgBase<ConvertDfpToLinalgPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    bool lowerable = true;
    module.walk([&](Operation *op) {
      if (isa<DfpDialect>(op->getDialect()) && failed(checkLowerable(op)))
        lowerable = false;
    });
    if (!lowerable || failed(checkNoCallsToQuantizingFunctions(module)))
      return signalPassFailure();

    DecomposedTypeConverter converter;
    RewritePatternSet patterns(&getContext());
    populateFuncTypeConversionPatterns(converter, patterns);
    populateQuantizeLoweringPatterns(converter, patterns);
    populateDfpMatmulLoweringPatterns(converter, patterns);
    populateFp32LoweringPatterns(converter, patterns);
    populatePoolLoweringPatterns(converter, patterns);
    populateNormalizationLoweringPatterns(converter, patterns);
    populateLossLoweringPatterns(converter, patterns);
    populateConvLoweringPatterns(converter, patterns);
    if (failed(applyPartialOneToNConversion(module, converter,
                                            std::move(patterns))))
      return signalPassFailure();

    WalkResult leftover = module.walk([](Operation *op) {
      if (!isa<DfpDialect>(op->getDialect()))
        return WalkResult::advance();
      op->emitOpError("was not lowered by convert-dfp-to-linalg");
      return WalkResult::interrupt();
    });
    if (leftover.wasInterrupted())
      return signalPassFailure();
    appendNonFiniteStatus(module);
  }
};

} // namespace

} // namespace mlir::dfp
