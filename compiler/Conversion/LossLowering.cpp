#include "LinalgBuilders.h"
#include "Patterns.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

namespace mlir::dfp {

namespace {

using RowBody = function_ref<Value(ImplicitLocOpBuilder &, Value x, Value acc,
                                   Value rowValue)>;

/// acc[n] = fold over k of body(logits[n, k], acc[n], row[n]) from `init`;
/// `row` (a [N] tensor) may be null.
Value buildRowReduction(ImplicitLocOpBuilder &b, Value logits, Value row,
                        float init, RowBody body) {
  auto type = cast<RankedTensorType>(logits.getType());
  MLIRContext *context = b.getContext();
  AffineMap rows =
      AffineMap::get(2, 0, {getAffineDimExpr(0, context)}, context);
  auto rowType = RankedTensorType::get({type.getDimSize(0)}, b.getF32Type());
  SmallVector<Value> inputs = {logits};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(2)};
  if (row) {
    inputs.push_back(row);
    maps.push_back(rows);
  }
  maps.push_back(rows);
  return b
      .create<linalg::GenericOp>(
          TypeRange{rowType}, inputs, ValueRange{buildFilled(b, rowType, init)},
          maps,
          SmallVector<utils::IteratorType>{utils::IteratorType::parallel,
                                           utils::IteratorType::reduction},
          [&](OpBuilder &nested, Location loc, ValueRange args) {
            ImplicitLocOpBuilder bodyBuilder(loc, nested);
            Value rowValue = row ? args[1] : Value();
            bodyBuilder.create<linalg::YieldOp>(
                body(bodyBuilder, args[0], args.back(), rowValue));
          })
      .getResult(0);
}

/// loss = mean over n of log(sum_k exp(x[n,k] - m[n])) + m[n] - x[n, label],
/// m[n] = max_k x[n, k]. A label outside [0, K) makes its term (and the
/// loss) NaN instead of reading out of bounds.
struct SoftmaxCrossEntropyLowering
    : OneToNOpConversionPattern<SoftmaxCrossEntropyOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(SoftmaxCrossEntropyOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value logits = adaptor.getLogits().front();
    Value labels = adaptor.getLabels().front();
    auto logitsType = cast<RankedTensorType>(logits.getType());
    int64_t batch = logitsType.getDimSize(0),
            classes = logitsType.getDimSize(1);

    Value maxima = buildRowReduction(
        b, logits, Value(), -std::numeric_limits<float>::infinity(),
        [](ImplicitLocOpBuilder &body, Value x, Value acc, Value) -> Value {
          return body.create<arith::MaximumFOp>(acc, x);
        });
    Value sums = buildRowReduction(
        b, logits, maxima, 0.0f,
        [](ImplicitLocOpBuilder &body, Value x, Value acc, Value max) -> Value {
          Value shifted = body.create<arith::SubFOp>(x, max);
          return body.create<arith::AddFOp>(acc,
                                            body.create<math::ExpOp>(shifted));
        });

    auto rowType = RankedTensorType::get({batch}, b.getF32Type());
    Value terms = buildElementwise(
        b, ValueRange{maxima, sums, labels}, rowType,
        [&](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
          Value max = args[0], sum = args[1], label = args[2];
          Value index =
              body.create<arith::IndexCastOp>(body.getIndexType(), label);
          Value zero = body.create<arith::ConstantIndexOp>(0);
          Value last = body.create<arith::ConstantIndexOp>(classes - 1);
          Value inRange = body.create<arith::AndIOp>(
              body.create<arith::CmpIOp>(arith::CmpIPredicate::sge, index,
                                         zero),
              body.create<arith::CmpIOp>(arith::CmpIPredicate::sle, index,
                                         last));
          Value safe = body.create<arith::SelectOp>(inRange, index, zero);
          Value row = body.create<linalg::IndexOp>(0);
          Value picked =
              body.create<tensor::ExtractOp>(logits, ValueRange{row, safe});
          Value logSum =
              body.create<arith::AddFOp>(body.create<math::LogOp>(sum), max);
          Value term = body.create<arith::SubFOp>(logSum, picked);
          Value nan = body.create<arith::ConstantFloatOp>(
              APFloat::getNaN(APFloat::IEEEsingle()), body.getF32Type());
          return body.create<arith::SelectOp>(inRange, term, nan);
        });

    auto scalarType = RankedTensorType::get({}, b.getF32Type());
    MLIRContext *context = b.getContext();
    Value total =
        b.create<linalg::GenericOp>(
             TypeRange{scalarType}, ValueRange{terms},
             ValueRange{buildFilled(b, scalarType, 0.0f)},
             SmallVector<AffineMap>{b.getMultiDimIdentityMap(1),
                                    AffineMap::get(1, 0, {}, context)},
             SmallVector<utils::IteratorType>{utils::IteratorType::reduction},
             [](OpBuilder &nested, Location loc, ValueRange args) {
               Value sum = nested.create<arith::AddFOp>(loc, args[1], args[0]);
               nested.create<linalg::YieldOp>(loc, sum);
             })
            .getResult(0);
    Value mean = buildElementwise(
        b, ValueRange{total}, scalarType,
        [&](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
          Value count = body.create<arith::ConstantFloatOp>(
              APFloat(float(batch)), body.getF32Type());
          return body.create<arith::DivFOp>(args[0], count);
        });
    rewriter.replaceOp(op, mean);
    return success();
  }
};

} // namespace

void populateLossLoweringPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns) {
  patterns.add<SoftmaxCrossEntropyLowering>(converter, patterns.getContext());
}

} // namespace mlir::dfp
