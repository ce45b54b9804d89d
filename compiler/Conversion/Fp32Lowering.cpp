#include "DecomposedTypes.h"
#include "LinalgBuilders.h"
#include "Patterns.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dfp {

namespace {

struct Fp32MatmulLowering : OneToNOpConversionPattern<MatmulOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    if (cast<ContractionOpInterface>(op.getOperation()).hasDfpOperands())
      return rewriter.notifyMatchFailure(op, "DFP operands");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value lhs = adaptor.getLhs().front(), rhs = adaptor.getRhs().front();
    if (op.getTransposeLhs())
      lhs = buildTranspose2d(b, lhs);
    if (op.getTransposeRhs())
      rhs = buildTranspose2d(b, rhs);
    RankedTensorType type = op.getResult().getType();
    Value zero =
        b.create<arith::ConstantFloatOp>(APFloat(0.0f), b.getF32Type());
    Value init =
        b.create<linalg::FillOp>(
             zero, b.create<tensor::EmptyOp>(type.getShape(), b.getF32Type())
                       .getResult())
            .getResult(0);
    rewriter.replaceOp(
        op, b.create<linalg::MatmulOp>(ValueRange{lhs, rhs}, ValueRange{init})
                .getResult(0));
    return success();
  }
};

struct ReluLowering : OneToNOpConversionPattern<ReluOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(ReluOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value result = buildElementwise(
        b, adaptor.getInput(), op.getOutput().getType(),
        [](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
          Value zero = body.create<arith::ConstantFloatOp>(APFloat(0.0f),
                                                           body.getF32Type());
          return body.create<arith::MaximumFOp>(args[0], zero);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct AddLowering : OneToNOpConversionPattern<AddOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(AddOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value result = buildElementwise(
        b, adaptor.getFlatOperands(), op.getResult().getType(),
        [](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
          return body.create<arith::AddFOp>(args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// f32: the same elements in the new shape. DFP (one exponent per tensor):
/// the integers are reshaped, the exponents kept.
struct ReshapeLowering : OneToNOpConversionPattern<ReshapeOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    ValueRange input = adaptor.getInput();
    if (auto dfpType = dyn_cast<DfpTensorType>(op.getResult().getType())) {
      Value values = buildReshape(b, input[0], getValuesType(dfpType));
      rewriter.replaceOp(op, ValueRange{values, input[1]},
                         adaptor.getResultMapping());
      return success();
    }
    rewriter.replaceOp(
        op, buildReshape(b, input[0],
                         cast<RankedTensorType>(op.getResult().getType())));
    return success();
  }
};

} // namespace

void populateFp32LoweringPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns) {
  patterns.add<Fp32MatmulLowering, ReluLowering, AddLowering, ReshapeLowering>(
      converter, patterns.getContext());
}

} // namespace mlir::dfp
