#include "DecomposedTypes.h"
#include "Patterns.h"

#include "dfp/Conversion/Passes.h"
#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Func/Transforms/OneToNFuncConversions.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::dfp {

#define GEN_PASS_DEF_CONVERTDFPTOLINALG
#include "dfp/Conversion/Passes.h.inc"

namespace {

LogicalResult notLowered(Operation *op, const Twine &reason) {
  return op->emitOpError("is not yet lowered by convert-dfp-to-linalg: ")
         << reason;
}

LogicalResult checkGrouping(Operation *op, Type type) {
  auto dfpType = dyn_cast<DfpTensorType>(type);
  if (!dfpType || dfpType.getGrouping() == ExponentGrouping::tensor())
    return success();
  return notLowered(op, "only `exp = tensor` DFP tensors are lowered");
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

} // namespace

LogicalResult checkLowerable(Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<QuantizeOp>([](QuantizeOp quantize) -> LogicalResult {
        if (quantize.getRounding() == RoundingMode::Stochastic)
          return notLowered(quantize, "stochastic rounding");
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
      .Case<DequantizeOp, ReluOp, AddOp, ReshapeOp>(
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
    if (!lowerable)
      return signalPassFailure();

    DecomposedTypeConverter converter;
    RewritePatternSet patterns(&getContext());
    populateFuncTypeConversionPatterns(converter, patterns);
    populateQuantizeLoweringPatterns(converter, patterns);
    populateDfpMatmulLoweringPatterns(converter, patterns);
    populateFp32LoweringPatterns(converter, patterns);
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
      signalPassFailure();
  }
};

} // namespace

} // namespace mlir::dfp
