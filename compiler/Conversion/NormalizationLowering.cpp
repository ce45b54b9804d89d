#include "LinalgBuilders.h"
#include "Patterns.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dfp {

namespace {

/// linalg.generic over `input` [N, C, ...] with per-channel [C] operands
/// read at index 1; `body` gets the element, then the channel values.
Value buildChannelwise(ImplicitLocOpBuilder &b, Value input,
                       ValueRange perChannel, const ElementwiseBody &body) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap channel = AffineMap::get(
      rank, 0, {getAffineDimExpr(1, b.getContext())}, b.getContext());
  SmallVector<AffineMap> maps = {identity};
  maps.append(perChannel.size(), channel);
  maps.push_back(identity);
  SmallVector<Value> inputs = {input};
  inputs.append(perChannel.begin(), perChannel.end());
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  Value init = b.create<tensor::EmptyOp>(type.getShape(), b.getF32Type());
  return b
      .create<linalg::GenericOp>(
          TypeRange{type}, inputs, ValueRange{init}, maps, iterators,
          [&](OpBuilder &nested, Location loc, ValueRange args) {
            ImplicitLocOpBuilder bodyBuilder(loc, nested);
            bodyBuilder.create<linalg::YieldOp>(
                body(bodyBuilder, args.drop_back()));
          })
      .getResult(0);
}

struct BiasAddLowering : OneToNOpConversionPattern<BiasAddOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(BiasAddOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    rewriter.replaceOp(
        op, buildChannelwise(
                b, adaptor.getInput().front(), adaptor.getBias(),
                [](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
                  return body.create<arith::AddFOp>(args[0], args[1]);
                }));
    return success();
  }
};

/// y = (x - mean) / sqrt(var + epsilon) * scale + bias, in ONNX's order.
struct BatchNormInferenceLowering
    : OneToNOpConversionPattern<BatchNormInferenceOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormInferenceOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    APFloat epsilon = op.getEpsilonAttr().getValue();
    SmallVector<Value> perChannel = {
        adaptor.getScale().front(), adaptor.getBias().front(),
        adaptor.getRunningMean().front(), adaptor.getRunningVar().front()};
    rewriter.replaceOp(
        op, buildChannelwise(
                b, adaptor.getInput().front(), perChannel,
                [&](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
                  Value x = args[0], scale = args[1], bias = args[2],
                        mean = args[3], variance = args[4];
                  Value eps = body.create<arith::ConstantFloatOp>(
                      epsilon, body.getF32Type());
                  Value deviation = body.create<math::SqrtOp>(
                      body.create<arith::AddFOp>(variance, eps));
                  Value normalized = body.create<arith::DivFOp>(
                      body.create<arith::SubFOp>(x, mean), deviation);
                  return body.create<arith::AddFOp>(
                      body.create<arith::MulFOp>(normalized, scale), bias);
                }));
    return success();
  }
};

} // namespace

void populateNormalizationLoweringPatterns(TypeConverter &converter,
                                           RewritePatternSet &patterns) {
  patterns.add<BiasAddLowering, BatchNormInferenceLowering>(
      converter, patterns.getContext());
}

} // namespace mlir::dfp
