#include "FloatBits.h"
#include "LinalgBuilders.h"
#include "Patterns.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dfp {

namespace {

/// [d0, ..., d(axis) * parts, ...] viewed as [..., parts, d(axis), ...].
Value splitAxis(ImplicitLocOpBuilder &b, Value value, int64_t axis,
                int64_t parts) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] /= parts;
  shape.insert(shape.begin() + axis, parts);
  SmallVector<ReassociationIndices> groups;
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    if (dim < axis)
      groups.push_back({dim});
    else if (dim == axis)
      groups.push_back({dim, dim + 1});
    else
      groups.push_back({dim + 1});
  }
  return b.create<tensor::ExpandShapeOp>(
      RankedTensorType::get(shape, type.getElementType()), value, groups);
}

/// FP32 conv2d: zero padding, then linalg.conv_2d_nchw_fchw (groups 1) or
/// linalg.conv_2d_ngchw_fgchw on grouped views (filter [K/G, G, C/G, R, S]).
struct Fp32Conv2dLowering : OneToNOpConversionPattern<Conv2dOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    if (cast<ContractionOpInterface>(op.getOperation()).hasDfpOperands())
      return rewriter.notifyMatchFailure(op, "DFP operands");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value input =
        buildSpatialPad(b, adaptor.getInput().front(), op.getPadding(), 0.0f);
    Value filter = adaptor.getFilter().front();
    RankedTensorType resultType = op.getResult().getType();
    auto strides = b.getI64VectorAttr(op.getStrides());
    auto dilations = b.getI64VectorAttr(op.getDilations());
    int64_t groups = op.getGroups();
    if (groups == 1) {
      rewriter.replaceOp(op,
                         b.create<linalg::Conv2DNchwFchwOp>(
                              TypeRange{resultType}, ValueRange{input, filter},
                              ValueRange{buildFilled(b, resultType, 0.0f)},
                              strides, dilations)
                             .getResult(0));
      return success();
    }
    Value groupedInput = splitAxis(b, input, 1, groups);
    // [K, Cg, R, S] -> [G, K/G, Cg, R, S] -> the op's [K/G, G, Cg, R, S].
    Value splitFilter = splitAxis(b, filter, 0, groups);
    auto splitType = cast<RankedTensorType>(splitFilter.getType());
    SmallVector<int64_t> filterShape(splitType.getShape());
    std::swap(filterShape[0], filterShape[1]);
    Value groupedFilter =
        b.create<linalg::TransposeOp>(
             splitFilter,
             b.create<tensor::EmptyOp>(filterShape, b.getF32Type()),
             ArrayRef<int64_t>{1, 0, 2, 3, 4})
            .getResult()[0];
    auto groupedType = cast<RankedTensorType>(
        splitAxis(b, buildFilled(b, resultType, 0.0f), 1, groups).getType());
    Value init = buildFilled(b, groupedType, 0.0f);
    Value grouped =
        b.create<linalg::Conv2DNgchwFgchwOp>(
             TypeRange{groupedType}, ValueRange{groupedInput, groupedFilter},
             ValueRange{init}, strides, dilations)
            .getResult(0);
    rewriter.replaceOp(
        op, b.create<tensor::CollapseShapeOp>(
                resultType, grouped,
                SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}}));
    return success();
  }
};

/// DFP conv2d (groups 1) in the reference's order: for each output, taps
/// (r, s) outer, input channels inner, INT32 chains cut at each tap and every
/// `chain` channels, each chain sum flushed as fma(float(sum), 2^(ex + ew),
/// acc). Padding (spatial, and channels up to a multiple of the chain) adds
/// zero products: a padded tap's zero chains leave acc unchanged (acc is
/// never -0 and 2^(ex + ew) is finite), matching the reference's skipped taps.
/// Two linalg.generic ops: the chain sums [N, K, OH, OW, R, S, C/L], then
/// their ordered FP32 accumulation.
struct DfpConv2dLowering : OneToNOpConversionPattern<Conv2dOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    if (!cast<ContractionOpInterface>(op.getOperation()).hasDfpOperands())
      return rewriter.notifyMatchFailure(op, "FP32 operands");
    std::optional<uint64_t> chainAttr = op.getChain();
    if (!chainAttr || op.getGroups() != 1)
      return rewriter.notifyMatchFailure(op, "needs a chain and groups 1");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    ValueRange input = adaptor.getInput(), filter = adaptor.getFilter();
    auto inputType = cast<RankedTensorType>(input[0].getType());
    auto filterType = cast<RankedTensorType>(filter[0].getType());
    RankedTensorType resultType = op.getResult().getType();
    int64_t chain = int64_t(*chainAttr);
    int64_t channels = inputType.getDimSize(1);
    int64_t chunks = (channels + chain - 1) / chain;
    int64_t paddedChannels = chunks * chain;
    ArrayRef<int64_t> padding = op.getPadding();
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();

    auto padTo = [&](Value value, ArrayRef<int64_t> low,
                     ArrayRef<int64_t> high) -> Value {
      auto type = cast<RankedTensorType>(value.getType());
      SmallVector<int64_t> shape(type.getShape());
      SmallVector<OpFoldResult> lows, highs;
      bool any = false;
      for (size_t d = 0; d < shape.size(); ++d) {
        shape[d] += low[d] + high[d];
        lows.push_back(b.getIndexAttr(low[d]));
        highs.push_back(b.getIndexAttr(high[d]));
        any |= low[d] || high[d];
      }
      if (!any)
        return value;
      Value zero =
          b.create<arith::ConstantOp>(b.getZeroAttr(type.getElementType()));
      return b.create<tensor::PadOp>(
          RankedTensorType::get(shape, type.getElementType()), value, lows,
          highs, zero);
    };
    int64_t extra = paddedChannels - channels;
    Value x = padTo(input[0], {0, 0, padding[0], padding[1]},
                    {0, extra, padding[2], padding[3]});
    Value w = padTo(filter[0], {0, 0, 0, 0}, {0, extra, 0, 0});

    // Channels as [chunks, chain]: channel q * chain + cc.
    x = splitAxis(b, x, 1, chunks);
    w = splitAxis(b, w, 1, chunks);
    MLIRContext *context = b.getContext();
    auto dim = [&](unsigned d) { return getAffineDimExpr(d, context); };
    // Loops (n, k, oh, ow, r, s, q, cc).
    AffineMap xMap = AffineMap::get(
        8, 0,
        {dim(0), dim(6), dim(7), dim(2) * strides[0] + dim(4) * dilations[0],
         dim(3) * strides[1] + dim(5) * dilations[1]},
        context);
    AffineMap wMap =
        AffineMap::get(8, 0, {dim(1), dim(6), dim(7), dim(4), dim(5)}, context);
    AffineMap sumsMap = AffineMap::get(
        8, 0, {dim(0), dim(1), dim(2), dim(3), dim(4), dim(5), dim(6)},
        context);
    ArrayRef<int64_t> out = resultType.getShape();
    auto sumsType = RankedTensorType::get({out[0], out[1], out[2], out[3],
                                           filterType.getDimSize(2),
                                           filterType.getDimSize(3), chunks},
                                          b.getI32Type());
    Value zeroSums = b.create<linalg::FillOp>(
                          ValueRange{b.create<arith::ConstantIntOp>(0, 32)},
                          ValueRange{b.create<tensor::EmptyOp>(
                              sumsType.getShape(), b.getI32Type())})
                         .getResult(0);
    SmallVector<utils::IteratorType> sumIterators(
        7, utils::IteratorType::parallel);
    sumIterators.push_back(utils::IteratorType::reduction);
    Value sums =
        b.create<linalg::GenericOp>(
             TypeRange{sumsType}, ValueRange{x, w}, ValueRange{zeroSums},
             SmallVector<AffineMap>{xMap, wMap, sumsMap}, sumIterators,
             [](OpBuilder &nested, Location loc, ValueRange args) {
               ImplicitLocOpBuilder body(loc, nested);
               Type i32 = body.getI32Type();
               Value product = body.create<arith::MulIOp>(
                   body.create<arith::ExtSIOp>(i32, args[0]),
                   body.create<arith::ExtSIOp>(i32, args[1]));
               body.create<linalg::YieldOp>(
                   Value(body.create<arith::AddIOp>(args[2], product)));
             })
            .getResult(0);

    Value zero = b.create<arith::ConstantIndexOp>(0);
    Value scale = buildPowerOfTwo(
        b, b.create<arith::AddIOp>(
               b.create<tensor::ExtractOp>(input[1], ValueRange{zero}),
               b.create<tensor::ExtractOp>(filter[1], ValueRange{zero})));
    AffineMap sevenIdentity = b.getMultiDimIdentityMap(7);
    AffineMap outMap =
        AffineMap::get(7, 0, {dim(0), dim(1), dim(2), dim(3)}, context);
    SmallVector<utils::IteratorType> accIterators(
        4, utils::IteratorType::parallel);
    accIterators.append(3, utils::IteratorType::reduction);
    Value result =
        b.create<linalg::GenericOp>(
             TypeRange{resultType}, ValueRange{sums},
             ValueRange{buildFilled(b, resultType, 0.0f)},
             SmallVector<AffineMap>{sevenIdentity, outMap}, accIterators,
             [&](OpBuilder &nested, Location loc, ValueRange args) {
               ImplicitLocOpBuilder body(loc, nested);
               Value sum =
                   body.create<arith::SIToFPOp>(body.getF32Type(), args[0]);
               body.create<linalg::YieldOp>(
                   Value(body.create<math::FmaOp>(sum, scale, args[1])));
             })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateConvLoweringPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns) {
  patterns.add<Fp32Conv2dLowering, DfpConv2dLowering>(converter,
                                                      patterns.getContext());
}

} // namespace mlir::dfp
