#include "FloatBits.h"
#include "LinalgBuilders.h"
#include "Patterns.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <algorithm>

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

/// `value` padded with zeros by `low` and `high` per dimension.
Value padWithZeros(ImplicitLocOpBuilder &b, Value value, ArrayRef<int64_t> low,
                   ArrayRef<int64_t> high) {
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
      RankedTensorType::get(shape, type.getElementType()), value, lows, highs,
      zero);
}

/// 2^(e0 + e1) of two per-tensor exponent tensors.
Value buildScale(ImplicitLocOpBuilder &b, Value exponents0, Value exponents1) {
  Value zero = b.create<arith::ConstantIndexOp>(0);
  return buildPowerOfTwo(
      b, b.create<arith::AddIOp>(
             b.create<tensor::ExtractOp>(exponents0, ValueRange{zero}),
             b.create<tensor::ExtractOp>(exponents1, ValueRange{zero})));
}

/// Signed 16/8-bit products summed in INT32 over the last loop of `maps`
/// (two inputs, one output of `sumsType`).
Value buildChainSums(ImplicitLocOpBuilder &b, Value lhs, Value rhs,
                     RankedTensorType sumsType, ArrayRef<AffineMap> maps) {
  unsigned loops = maps.front().getNumDims();
  Value zeroSums = b.create<linalg::FillOp>(
                        ValueRange{b.create<arith::ConstantIntOp>(0, 32)},
                        ValueRange{b.create<tensor::EmptyOp>(
                            sumsType.getShape(), b.getI32Type())})
                       .getResult(0);
  SmallVector<utils::IteratorType> iterators(loops - 1,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  return b
      .create<linalg::GenericOp>(
          TypeRange{sumsType}, ValueRange{lhs, rhs}, ValueRange{zeroSums}, maps,
          iterators,
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
}

/// result = fold of acc = fma(float(sum), scale, acc) over the trailing
/// `reduced` dimensions of `sums`, in row-major (chain) order.
Value buildOrderedFlush(ImplicitLocOpBuilder &b, Value sums, Value scale,
                        RankedTensorType resultType, unsigned reduced) {
  auto sumsType = cast<RankedTensorType>(sums.getType());
  unsigned loops = sumsType.getRank(), kept = loops - reduced;
  MLIRContext *context = b.getContext();
  SmallVector<AffineExpr> keptDims;
  for (unsigned d = 0; d < kept; ++d)
    keptDims.push_back(getAffineDimExpr(d, context));
  SmallVector<utils::IteratorType> iterators(kept,
                                             utils::IteratorType::parallel);
  iterators.append(reduced, utils::IteratorType::reduction);
  return b
      .create<linalg::GenericOp>(
          TypeRange{resultType}, ValueRange{sums},
          ValueRange{buildFilled(b, resultType, 0.0f)},
          SmallVector<AffineMap>{b.getMultiDimIdentityMap(loops),
                                 AffineMap::get(loops, 0, keptDims, context)},
          iterators,
          [&](OpBuilder &nested, Location loc, ValueRange args) {
            ImplicitLocOpBuilder body(loc, nested);
            Value sum =
                body.create<arith::SIToFPOp>(body.getF32Type(), args[0]);
            body.create<linalg::YieldOp>(
                Value(body.create<math::FmaOp>(sum, scale, args[1])));
          })
      .getResult(0);
}

/// The DFP conv2d of one group (integers `x` [N, Cg, H, W] and `w` [Kg, Cg,
/// R, S]) in the reference's order: for each output, taps (r, s) outer,
/// input channels inner, INT32 chains cut at each tap and every `chain`
/// channels, each chain sum flushed as fma(float(sum), scale, acc). Padding
/// (spatial, and channels up to a multiple of the chain) adds zero products:
/// a padded tap's zero chains leave acc unchanged (acc is never -0 and the
/// scale is finite), matching the reference's skipped taps. Two
/// linalg.generic ops: the chain sums [N, Kg, OH, OW, R, S, Cg/L], then their
/// ordered FP32 accumulation.
Value buildDfpConv2dGroup(ImplicitLocOpBuilder &b, Conv2dOp op, Value x,
                          Value w, Value scale, RankedTensorType resultType) {
  auto filterType = cast<RankedTensorType>(w.getType());
  int64_t chain = int64_t(*op.getChain());
  int64_t channels = filterType.getDimSize(1);
  int64_t chunks = (channels + chain - 1) / chain;
  int64_t paddedChannels = chunks * chain;
  ArrayRef<int64_t> padding = op.getPadding();
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();

  int64_t extra = paddedChannels - channels;
  x = padWithZeros(b, x, {0, 0, padding[0], padding[1]},
                   {0, extra, padding[2], padding[3]});
  w = padWithZeros(b, w, {0, 0, 0, 0}, {0, extra, 0, 0});

  // Channels as [chunks, chain]: channel q * chain + cc.
  x = splitAxis(b, x, 1, chunks);
  w = splitAxis(b, w, 1, chunks);
  MLIRContext *context = b.getContext();
  auto dim = [&](unsigned d) { return getAffineDimExpr(d, context); };
  // Loops (n, k, oh, ow, r, s, q, cc).
  AffineMap xMap = AffineMap::get(8, 0,
                                  {dim(0), dim(6), dim(7),
                                   dim(2) * strides[0] + dim(4) * dilations[0],
                                   dim(3) * strides[1] + dim(5) * dilations[1]},
                                  context);
  AffineMap wMap =
      AffineMap::get(8, 0, {dim(1), dim(6), dim(7), dim(4), dim(5)}, context);
  AffineMap sumsMap = AffineMap::get(
      8, 0, {dim(0), dim(1), dim(2), dim(3), dim(4), dim(5), dim(6)}, context);
  ArrayRef<int64_t> out = resultType.getShape();
  auto sumsType = RankedTensorType::get({out[0], out[1], out[2], out[3],
                                         filterType.getDimSize(2),
                                         filterType.getDimSize(3), chunks},
                                        b.getI32Type());
  Value sums = buildChainSums(b, x, w, sumsType, {xMap, wMap, sumsMap});
  return buildOrderedFlush(b, sums, scale, resultType, 3);
}

/// `value` [d0, d1, ...] restricted to [offset, offset + size) along axis
/// `axis`.
Value sliceAxis(ImplicitLocOpBuilder &b, Value value, int64_t axis,
                int64_t offset, int64_t size) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> offsets(type.getRank(), 0), sizes(type.getShape()),
      steps(type.getRank(), 1);
  offsets[axis] = offset;
  sizes[axis] = size;
  MLIRContext *context = b.getContext();
  return b.create<tensor::ExtractSliceOp>(
      value, getAsIndexOpFoldResult(context, offsets),
      getAsIndexOpFoldResult(context, sizes),
      getAsIndexOpFoldResult(context, steps));
}

/// DFP conv2d on per-tensor exponents: one buildDfpConv2dGroup per group on
/// the group's channels and filters (the reference's order restarts its
/// channel chains at each group), the results inserted along K.
struct DfpConv2dLowering : OneToNOpConversionPattern<Conv2dOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    if (!cast<ContractionOpInterface>(op.getOperation()).hasDfpOperands())
      return rewriter.notifyMatchFailure(op, "FP32 operands");
    if (!op.getChain())
      return rewriter.notifyMatchFailure(op, "needs a chain");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    ValueRange input = adaptor.getInput(), filter = adaptor.getFilter();
    RankedTensorType resultType = op.getResult().getType();
    Value scale = buildScale(b, input[1], filter[1]);
    int64_t groups = op.getGroups();
    if (groups == 1) {
      rewriter.replaceOp(op, buildDfpConv2dGroup(b, op, input[0], filter[0],
                                                 scale, resultType));
      return success();
    }
    auto filterType = cast<RankedTensorType>(filter[0].getType());
    int64_t channelsPerGroup = filterType.getDimSize(1);
    int64_t filtersPerGroup = filterType.getDimSize(0) / groups;
    SmallVector<int64_t> groupShape(resultType.getShape());
    groupShape[1] = filtersPerGroup;
    auto groupType = RankedTensorType::get(groupShape, b.getF32Type());
    Value result =
        b.create<tensor::EmptyOp>(resultType.getShape(), b.getF32Type());
    for (int64_t g = 0; g < groups; ++g) {
      Value group = buildDfpConv2dGroup(
          b, op,
          sliceAxis(b, input[0], 1, g * channelsPerGroup, channelsPerGroup),
          sliceAxis(b, filter[0], 0, g * filtersPerGroup, filtersPerGroup),
          scale, groupType);
      SmallVector<int64_t> offsets(4, 0), steps(4, 1);
      offsets[1] = g * filtersPerGroup;
      MLIRContext *context = b.getContext();
      result = b.create<tensor::InsertSliceOp>(
          group, result, getAsIndexOpFoldResult(context, offsets),
          getAsIndexOpFoldResult(context, groupShape),
          getAsIndexOpFoldResult(context, steps));
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// DFP conv2d_backward_filter (groups 1) in the reference's order: for each
/// dw[k, c, r, s], images outer, output positions p = oh * OW + ow inner,
/// INT32 chains cut at each image and every `chain` positions (padding
/// positions count as zero products). dy is flattened to [N, K, Q, chain]
/// (positions padded with zeros); the input is read at
/// (p floordiv OW, p mod OW), zero-padded far enough for padded positions.
struct DfpConv2dBackwardFilterLowering
    : OneToNOpConversionPattern<Conv2dBackwardFilterOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dBackwardFilterOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    if (!cast<ContractionOpInterface>(op.getOperation()).hasDfpOperands())
      return rewriter.notifyMatchFailure(op, "FP32 operands");
    std::optional<uint64_t> chainAttr = op.getChain();
    if (!chainAttr || op.getGroups() != 1)
      return rewriter.notifyMatchFailure(op, "needs a chain and groups 1");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    ValueRange input = adaptor.getInput(), gradient = adaptor.getGradOutput();
    auto inputType = cast<RankedTensorType>(input[0].getType());
    auto gradientType = cast<RankedTensorType>(gradient[0].getType());
    RankedTensorType resultType = op.getResult().getType();
    int64_t chain = int64_t(*chainAttr);
    ArrayRef<int64_t> dy = gradientType.getShape();
    ArrayRef<int64_t> filterShape = resultType.getShape();
    int64_t outW = dy[3], positions = dy[2] * dy[3];
    int64_t chunks = (positions + chain - 1) / chain;
    ArrayRef<int64_t> padding = op.getPadding();
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();

    Type element = gradientType.getElementType();
    Value flat = b.create<tensor::CollapseShapeOp>(
        RankedTensorType::get({dy[0], dy[1], positions}, element), gradient[0],
        SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
    Value padded =
        padWithZeros(b, flat, {0, 0, 0}, {0, 0, chunks * chain - positions});
    Value grad = b.create<tensor::ExpandShapeOp>(
        RankedTensorType::get({dy[0], dy[1], chunks, chain}, element), padded,
        SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});

    int64_t lastRow = (chunks * chain - 1) / outW;
    int64_t paddedHeight = inputType.getDimSize(2) + padding[0] + padding[2];
    int64_t neededHeight =
        lastRow * strides[0] + (filterShape[2] - 1) * dilations[0] + 1;
    int64_t extraRows = std::max<int64_t>(0, neededHeight - paddedHeight);
    Value x = padWithZeros(b, input[0], {0, 0, padding[0], padding[1]},
                           {0, 0, padding[2] + extraRows, padding[3]});

    MLIRContext *context = b.getContext();
    auto dim = [&](unsigned d) { return getAffineDimExpr(d, context); };
    // Loops (k, c, r, s, n, q, l): position q * chain + l.
    AffineExpr position = dim(5) * chain + dim(6);
    AffineMap gradMap =
        AffineMap::get(7, 0, {dim(4), dim(0), dim(5), dim(6)}, context);
    AffineMap xMap = AffineMap::get(
        7, 0,
        {dim(4), dim(1),
         position.floorDiv(outW) * strides[0] + dim(2) * dilations[0],
         (position % outW) * strides[1] + dim(3) * dilations[1]},
        context);
    AffineMap sumsMap = AffineMap::get(
        7, 0, {dim(0), dim(1), dim(2), dim(3), dim(4), dim(5)}, context);
    auto sumsType =
        RankedTensorType::get({filterShape[0], filterShape[1], filterShape[2],
                               filterShape[3], dy[0], chunks},
                              b.getI32Type());
    Value sums = buildChainSums(b, grad, x, sumsType, {gradMap, xMap, sumsMap});
    Value scale = buildScale(b, input[1], gradient[1]);
    rewriter.replaceOp(op, buildOrderedFlush(b, sums, scale, resultType, 2));
    return success();
  }
};

/// For backward data: the output position o = (x + pad - tap * dilation) /
/// stride that input position `x` meets through `tap`, clamped into [0,
/// extent); `valid` is and-ed with whether that divides and lands inside.
Value buildOutputPosition(ImplicitLocOpBuilder &body, Value x, Value tap,
                          int64_t pad, int64_t dilation, int64_t stride,
                          int64_t extent, Value &valid) {
  auto index = [&](int64_t value) -> Value {
    return body.create<arith::ConstantIndexOp>(value);
  };
  Value shifted = body.create<arith::SubIOp>(
      body.create<arith::AddIOp>(x, index(pad)),
      body.create<arith::MulIOp>(tap, index(dilation)));
  Value nonNegative =
      body.create<arith::CmpIOp>(arith::CmpIPredicate::sge, shifted, index(0));
  Value safe = body.create<arith::MaxSIOp>(shifted, index(0));
  Value divides = body.create<arith::CmpIOp>(
      arith::CmpIPredicate::eq,
      body.create<arith::RemUIOp>(safe, index(stride)), index(0));
  Value position = body.create<arith::DivUIOp>(safe, index(stride));
  Value inside = body.create<arith::CmpIOp>(arith::CmpIPredicate::slt, position,
                                            index(extent));
  valid = body.create<arith::AndIOp>(
      valid, body.create<arith::AndIOp>(
                 nonNegative, body.create<arith::AndIOp>(divides, inside)));
  return body.create<arith::MinSIOp>(position, index(extent - 1));
}

/// FP32 conv2d_backward_data (any groups): dx[n, c, h, w] sums dy[n, k, oh,
/// ow] * w[k, c mod Cg, r, s] over the K/G filters k of c's group and the
/// taps (r, s) whose output position (oh, ow) exists; other taps read zero.
/// One linalg.generic over (n, c, h, w, kk, r, s), dy read at the computed
/// position (clamped, masked).
struct Fp32Conv2dBackwardDataLowering
    : OneToNOpConversionPattern<Conv2dBackwardDataOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dBackwardDataOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    if (cast<ContractionOpInterface>(op.getOperation()).hasDfpOperands())
      return rewriter.notifyMatchFailure(op, "DFP operands");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value dy = adaptor.getGradOutput().front();
    Value filter = adaptor.getFilter().front();
    ArrayRef<int64_t> dyShape = cast<RankedTensorType>(dy.getType()).getShape();
    ArrayRef<int64_t> wShape =
        cast<RankedTensorType>(filter.getType()).getShape();
    RankedTensorType resultType = op.getResult().getType();
    int64_t groups = op.getGroups();
    int64_t channelsPerGroup = wShape[1], filtersPerGroup = wShape[0] / groups;
    ArrayRef<int64_t> padding = op.getPadding();
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();

    MLIRContext *context = b.getContext();
    auto dim = [&](unsigned d) { return getAffineDimExpr(d, context); };
    // Loops (n, c, h, w, kk, r, s) over the filter viewed as [G, Kg, Cg, R,
    // S]: filter k = (c / Cg) * Kg + kk.
    Value groupedFilter = splitAxis(b, filter, 0, groups);
    AffineMap wMap = AffineMap::get(7, 0,
                                    {dim(1).floorDiv(channelsPerGroup), dim(4),
                                     dim(1) % channelsPerGroup, dim(5), dim(6)},
                                    context);
    AffineMap dxMap =
        AffineMap::get(7, 0, {dim(0), dim(1), dim(2), dim(3)}, context);
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    iterators.append(3, utils::IteratorType::reduction);
    Value dx =
        b.create<linalg::GenericOp>(
             TypeRange{resultType}, ValueRange{groupedFilter},
             ValueRange{buildFilled(b, resultType, 0.0f)},
             SmallVector<AffineMap>{wMap, dxMap}, iterators,
             [&](OpBuilder &nested, Location loc, ValueRange args) {
               ImplicitLocOpBuilder body(loc, nested);
               auto loop = [&](int64_t d) -> Value {
                 return body.create<linalg::IndexOp>(d);
               };
               Value valid = body.create<arith::ConstantIntOp>(1, 1);
               Value oh = buildOutputPosition(body, loop(2), loop(5),
                                              padding[0], dilations[0],
                                              strides[0], dyShape[2], valid);
               Value ow = buildOutputPosition(body, loop(3), loop(6),
                                              padding[1], dilations[1],
                                              strides[1], dyShape[3], valid);
               Value filterIndex = body.create<arith::AddIOp>(
                   body.create<arith::MulIOp>(
                       body.create<arith::DivUIOp>(
                           loop(1), body.create<arith::ConstantIndexOp>(
                                        channelsPerGroup)),
                       body.create<arith::ConstantIndexOp>(filtersPerGroup)),
                   loop(4));
               Value read = body.create<tensor::ExtractOp>(
                   dy, ValueRange{loop(0), filterIndex, oh, ow});
               Value gradient = body.create<arith::SelectOp>(
                   valid, read,
                   body.create<arith::ConstantOp>(body.getF32FloatAttr(0.0f)));
               body.create<linalg::YieldOp>(Value(body.create<arith::AddFOp>(
                   args[1], body.create<arith::MulFOp>(gradient, args[0]))));
             })
            .getResult(0);
    rewriter.replaceOp(op, dx);
    return success();
  }
};

/// DFP conv2d_backward_data (groups 1) in the reference's order: for each
/// dx[n, c, h, w], taps (r, s) outer, output channels inner, INT32 chains cut
/// at each tap and every `chain` channels. A tap whose output position falls
/// in the padding or a stride gap reads zeros: its zero chains leave acc
/// unchanged, as the reference's skipped taps. The filter's K is padded to
/// [Q, chain]; dy is read at the computed (clamped, masked) position.
struct DfpConv2dBackwardDataLowering
    : OneToNOpConversionPattern<Conv2dBackwardDataOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dBackwardDataOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    if (!cast<ContractionOpInterface>(op.getOperation()).hasDfpOperands())
      return rewriter.notifyMatchFailure(op, "FP32 operands");
    std::optional<uint64_t> chainAttr = op.getChain();
    if (!chainAttr || op.getGroups() != 1)
      return rewriter.notifyMatchFailure(op, "needs a chain and groups 1");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    ValueRange gradient = adaptor.getGradOutput(), filter = adaptor.getFilter();
    auto gradientType = cast<RankedTensorType>(gradient[0].getType());
    auto filterType = cast<RankedTensorType>(filter[0].getType());
    RankedTensorType resultType = op.getResult().getType();
    int64_t chain = int64_t(*chainAttr);
    ArrayRef<int64_t> dyShape = gradientType.getShape();
    ArrayRef<int64_t> wShape = filterType.getShape();
    ArrayRef<int64_t> dxShape = resultType.getShape();
    int64_t filters = wShape[0];
    int64_t chunks = (filters + chain - 1) / chain;
    ArrayRef<int64_t> padding = op.getPadding();
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();

    Value w = splitAxis(b,
                        padWithZeros(b, filter[0], {0, 0, 0, 0},
                                     {chunks * chain - filters, 0, 0, 0}),
                        0, chunks);
    Value dy = gradient[0];

    MLIRContext *context = b.getContext();
    auto dim = [&](unsigned d) { return getAffineDimExpr(d, context); };
    // Loops (n, c, h, w, r, s, q, l): output channel q * chain + l.
    AffineMap wMap =
        AffineMap::get(8, 0, {dim(6), dim(7), dim(1), dim(4), dim(5)}, context);
    AffineMap sumsMap = AffineMap::get(
        8, 0, {dim(0), dim(1), dim(2), dim(3), dim(4), dim(5), dim(6)},
        context);
    auto sumsType =
        RankedTensorType::get({dxShape[0], dxShape[1], dxShape[2], dxShape[3],
                               wShape[2], wShape[3], chunks},
                              b.getI32Type());
    Value zeroSums = b.create<linalg::FillOp>(
                          ValueRange{b.create<arith::ConstantIntOp>(0, 32)},
                          ValueRange{b.create<tensor::EmptyOp>(
                              sumsType.getShape(), b.getI32Type())})
                         .getResult(0);
    SmallVector<utils::IteratorType> iterators(7,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Type element = gradientType.getElementType();
    Value sums =
        b.create<linalg::GenericOp>(
             TypeRange{sumsType}, ValueRange{w}, ValueRange{zeroSums},
             SmallVector<AffineMap>{wMap, sumsMap}, iterators,
             [&](OpBuilder &nested, Location loc, ValueRange args) {
               ImplicitLocOpBuilder body(loc, nested);
               auto index = [&](int64_t value) -> Value {
                 return body.create<arith::ConstantIndexOp>(value);
               };
               auto loop = [&](int64_t d) -> Value {
                 return body.create<linalg::IndexOp>(d);
               };
               Value valid = body.create<arith::ConstantIntOp>(1, 1);
               Value oh = buildOutputPosition(body, loop(2), loop(4),
                                              padding[0], dilations[0],
                                              strides[0], dyShape[2], valid);
               Value ow = buildOutputPosition(body, loop(3), loop(5),
                                              padding[1], dilations[1],
                                              strides[1], dyShape[3], valid);
               Value k = body.create<arith::AddIOp>(
                   body.create<arith::MulIOp>(loop(6), index(chain)), loop(7));
               Value kInside = body.create<arith::CmpIOp>(
                   arith::CmpIPredicate::slt, k, index(filters));
               valid = body.create<arith::AndIOp>(valid, kInside);
               Value kSafe = body.create<arith::MinSIOp>(k, index(filters - 1));
               Value read = body.create<tensor::ExtractOp>(
                   dy, ValueRange{loop(0), kSafe, oh, ow});
               Value zero =
                   body.create<arith::ConstantOp>(body.getZeroAttr(element));
               Value gradientValue =
                   body.create<arith::SelectOp>(valid, read, zero);
               Type i32 = body.getI32Type();
               Value product = body.create<arith::MulIOp>(
                   body.create<arith::ExtSIOp>(i32, gradientValue),
                   body.create<arith::ExtSIOp>(i32, args[0]));
               body.create<linalg::YieldOp>(
                   Value(body.create<arith::AddIOp>(args[1], product)));
             })
            .getResult(0);
    Value scale = buildScale(b, gradient[1], filter[1]);
    rewriter.replaceOp(op, buildOrderedFlush(b, sums, scale, resultType, 3));
    return success();
  }
};

} // namespace

void populateConvLoweringPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns) {
  patterns.add<Fp32Conv2dLowering, Fp32Conv2dBackwardDataLowering,
               DfpConv2dLowering, DfpConv2dBackwardDataLowering,
               DfpConv2dBackwardFilterLowering>(converter,
                                                patterns.getContext());
}

} // namespace mlir::dfp
