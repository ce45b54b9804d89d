#include "LinalgBuilders.h"
#include "Patterns.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

namespace mlir::dfp {

namespace {

/// The window operand of the linalg pooling ops: only its shape is read.
Value buildWindow(ImplicitLocOpBuilder &b, ArrayRef<int64_t> kernel) {
  return b.create<tensor::EmptyOp>(kernel, b.getF32Type());
}

template <typename PoolOp>
Value buildPool(ImplicitLocOpBuilder &b, Value padded,
                RankedTensorType resultType, ArrayRef<int64_t> kernel,
                ArrayRef<int64_t> strides, float init) {
  return b
      .create<PoolOp>(TypeRange{resultType},
                      ValueRange{padded, buildWindow(b, kernel)},
                      ValueRange{buildFilled(b, resultType, init)},
                      b.getI64VectorAttr(strides), b.getI64VectorAttr({1, 1}))
      .getResult(0);
}

struct MaxPool2dLowering : OneToNOpConversionPattern<MaxPool2dOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPool2dOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    float lowest = -std::numeric_limits<float>::infinity();
    Value padded =
        buildSpatialPad(b, adaptor.getInput().front(), op.getPadding(), lowest);
    rewriter.replaceOp(op, buildPool<linalg::PoolingNchwMaxOp>(
                               b, padded, op.getOutput().getType(),
                               op.getKernel(), op.getStrides(), lowest));
    return success();
  }
};

/// Inputs of the window at output (oh, ow) along one axis: the window
/// [o * stride, o * stride + kernel) in padded coordinates, intersected with
/// the input's [pad, pad + size).
Value buildValidCount(ImplicitLocOpBuilder &b, Value position, int64_t stride,
                      int64_t kernel, int64_t pad, int64_t size) {
  auto index = [&](int64_t value) -> Value {
    return b.create<arith::ConstantIndexOp>(value);
  };
  Value begin = b.create<arith::MulIOp>(position, index(stride));
  Value end = b.create<arith::AddIOp>(begin, index(kernel));
  Value first = b.create<arith::MaxSIOp>(begin, index(pad));
  Value last = b.create<arith::MinSIOp>(end, index(pad + size));
  return b.create<arith::SubIOp>(last, first);
}

struct AvgPool2dLowering : OneToNOpConversionPattern<AvgPool2dOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(AvgPool2dOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value input = adaptor.getInput().front();
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      padding = op.getPadding();
    RankedTensorType resultType = op.getOutput().getType();
    Value sums = buildPool<linalg::PoolingNchwSumOp>(
        b, buildSpatialPad(b, input, padding, 0.0f), resultType, kernel,
        strides, 0.0f);
    ArrayRef<int64_t> inputShape =
        cast<RankedTensorType>(input.getType()).getShape();
    bool includePad = op.getCountIncludePad();
    Value mean = buildElementwise(
        b, ValueRange{sums}, resultType,
        [&](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
          Value count;
          if (includePad) {
            count = body.create<arith::ConstantIndexOp>(kernel[0] * kernel[1]);
          } else {
            Value rows = buildValidCount(body, body.create<linalg::IndexOp>(2),
                                         strides[0], kernel[0], padding[0],
                                         inputShape[2]);
            Value columns = buildValidCount(
                body, body.create<linalg::IndexOp>(3), strides[1], kernel[1],
                padding[1], inputShape[3]);
            count = body.create<arith::MulIOp>(rows, columns);
          }
          Value asInt =
              body.create<arith::IndexCastOp>(body.getI64Type(), count);
          Value divisor =
              body.create<arith::SIToFPOp>(body.getF32Type(), asInt);
          return body.create<arith::DivFOp>(args[0], divisor);
        });
    rewriter.replaceOp(op, mean);
    return success();
  }
};

/// Sums over H and W into [N, C], divides by H * W, reshapes to [N, C, 1, 1].
struct GlobalAvgPoolLowering : OneToNOpConversionPattern<GlobalAvgPoolOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value input = adaptor.getInput().front();
    auto inputType = cast<RankedTensorType>(input.getType());
    ArrayRef<int64_t> shape = inputType.getShape();
    auto sumType = RankedTensorType::get({shape[0], shape[1]}, b.getF32Type());
    MLIRContext *context = b.getContext();
    SmallVector<AffineMap> maps = {
        b.getMultiDimIdentityMap(4),
        AffineMap::get(
            4, 0, {getAffineDimExpr(0, context), getAffineDimExpr(1, context)},
            context)};
    SmallVector<utils::IteratorType> iterators = {
        utils::IteratorType::parallel, utils::IteratorType::parallel,
        utils::IteratorType::reduction, utils::IteratorType::reduction};
    Value sums =
        b.create<linalg::GenericOp>(
             TypeRange{sumType}, ValueRange{input},
             ValueRange{buildFilled(b, sumType, 0.0f)}, maps, iterators,
             [](OpBuilder &nested, Location loc, ValueRange args) {
               Value sum = nested.create<arith::AddFOp>(loc, args[1], args[0]);
               nested.create<linalg::YieldOp>(loc, sum);
             })
            .getResult(0);
    float area = float(shape[2] * shape[3]);
    Value means = buildElementwise(
        b, ValueRange{sums}, sumType,
        [&](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
          Value divisor = body.create<arith::ConstantFloatOp>(
              APFloat(area), body.getF32Type());
          return body.create<arith::DivFOp>(args[0], divisor);
        });
    rewriter.replaceOp(op,
                       b.create<tensor::ExpandShapeOp>(
                           op.getOutput().getType(), means,
                           SmallVector<ReassociationIndices>{{0}, {1, 2, 3}}));
    return success();
  }
};

} // namespace

void populatePoolLoweringPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns) {
  patterns.add<MaxPool2dLowering, AvgPool2dLowering, GlobalAvgPoolLowering>(
      converter, patterns.getContext());
}

} // namespace mlir::dfp
