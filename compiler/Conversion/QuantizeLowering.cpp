#include "DecomposedTypes.h"
#include "FloatBits.h"
#include "LinalgBuilders.h"
#include "Patterns.h"
#include "PhiloxBuilder.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dfp {

namespace {

Value i32Constant(ImplicitLocOpBuilder &b, int32_t value) {
  return b.create<arith::ConstantIntOp>(value, 32);
}

/// e = E - M from max |x| (e = 0 when the tensor is all zeros).
Value buildExponent(ImplicitLocOpBuilder &b, Value max, unsigned magBits) {
  Value exponent = b.create<arith::SubIOp>(buildFrexpExponent(b, max),
                                           i32Constant(b, int32_t(magBits)));
  Value zero = b.create<arith::ConstantFloatOp>(APFloat(0.0f), b.getF32Type());
  Value allZero = b.create<arith::CmpFOp>(arith::CmpFPredicate::OEQ, max, zero);
  return b.create<arith::SelectOp>(allZero, i32Constant(b, 0), exponent);
}

/// Whether max |x| (NaN when some x is, maximumf propagates it) shows a
/// non-finite input; tagged for the status result of the enclosing function.
Value buildNonFiniteStatus(ImplicitLocOpBuilder &b, Value max) {
  Value largest = b.create<arith::ConstantFloatOp>(
      APFloat::getLargest(APFloat::IEEEsingle()), b.getF32Type());
  auto nonFinite =
      b.create<arith::CmpFOp>(arith::CmpFPredicate::UGT, max, largest);
  nonFinite->setAttr(kNonFiniteStatusAttrName, b.getUnitAttr());
  return nonFinite;
}

/// Row-major linear index (i64) of the current element of a linalg.generic
/// over `shape`.
Value buildLinearIndex(ImplicitLocOpBuilder &b, ArrayRef<int64_t> shape) {
  Value linear = b.create<arith::ConstantIndexOp>(0);
  for (auto [dim, extent] : llvm::enumerate(shape)) {
    Value scaled = b.create<arith::MulIOp>(
        linear, b.create<arith::ConstantIndexOp>(extent));
    linear = b.create<arith::AddIOp>(scaled,
                                     b.create<linalg::IndexOp>(int64_t(dim)));
  }
  return b.create<arith::IndexCastOp>(b.getI64Type(), linear);
}

PhiloxStream getPhiloxStream(ImplicitLocOpBuilder &b, QuantizeOp op) {
  PhiloxStream stream;
  if (std::optional<uint64_t> seed = op.getSeed())
    stream.seed = *seed;
  if (std::optional<uint32_t> index = op.getStream())
    stream.stream = *index;
  stream.step = op.getStep() ? op.getStep() : i32Constant(b, 0);
  return stream;
}

/// max |x| per index of the grouping axis, as tensor<Gxf32>.
Value buildAxisMaxAbs(ImplicitLocOpBuilder &b, Value input,
                      DfpTensorType type) {
  int64_t rank = type.getRank(), axis = type.getGrouping().axis;
  auto groupType = RankedTensorType::get({getNumGroups(type)}, b.getF32Type());
  SmallVector<AffineMap> maps = {
      b.getMultiDimIdentityMap(rank),
      AffineMap::get(rank, 0, {getAffineDimExpr(axis, b.getContext())},
                     b.getContext())};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::reduction);
  iterators[axis] = utils::IteratorType::parallel;
  return b
      .create<linalg::GenericOp>(
          TypeRange{groupType}, ValueRange{input},
          ValueRange{buildFilled(b, groupType, 0.0f)}, maps, iterators,
          [](OpBuilder &nested, Location loc, ValueRange args) {
            ImplicitLocOpBuilder body(loc, nested);
            Value magnitude = body.create<math::AbsFOp>(args[0]);
            body.create<linalg::YieldOp>(
                Value(body.create<arith::MaximumFOp>(args[1], magnitude)));
          })
      .getResult(0);
}

/// The exponents (tensor<Gxi32>) of a quantize and, with one exponent per
/// tensor, that exponent as a scalar. They are 0 after non-finite input;
/// using the status there also keeps it alive until convert-dfp-to-linalg
/// returns it.
struct GroupExponents {
  Value exponents;
  Value shared;
};

GroupExponents buildGroupExponents(ImplicitLocOpBuilder &b, Value input,
                                   DfpTensorType type) {
  unsigned magBits = type.getMagBits();
  if (type.getGrouping() == ExponentGrouping::tensor()) {
    Value max =
        b.create<tensor::ExtractOp>(buildMaxAbs(b, input), ValueRange{});
    Value exponent = b.create<arith::SelectOp>(buildNonFiniteStatus(b, max),
                                               i32Constant(b, 0),
                                               buildExponent(b, max, magBits));
    return {b.create<tensor::FromElementsOp>(getExponentsType(type), exponent),
            exponent};
  }
  Value maxima = buildAxisMaxAbs(b, input, type);
  // NaN or Inf anywhere makes the largest group maximum NaN or Inf.
  Value overall =
      b.create<tensor::ExtractOp>(buildMaxAbs(b, maxima), ValueRange{});
  Value nonFinite = buildNonFiniteStatus(b, overall);
  Value exponents = buildElementwise(
      b, ValueRange{maxima}, getExponentsType(type),
      [&](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
        return body.create<arith::SelectOp>(
            nonFinite, i32Constant(body, 0),
            buildExponent(body, args[0], magBits));
      });
  return {exponents, Value()};
}

/// The indexing map that reads an element's group exponent from the
/// tensor<Gxi32> exponents.
AffineMap getGroupMap(ImplicitLocOpBuilder &b, DfpTensorType type) {
  MLIRContext *context = b.getContext();
  AffineExpr group = type.getGrouping() == ExponentGrouping::tensor()
                         ? getAffineConstantExpr(0, context)
                         : getAffineDimExpr(type.getGrouping().axis, context);
  return AffineMap::get(type.getRank(), 0, {group}, context);
}

/// Per group: max |x|, exponent; then scale, round, clamp and narrow every
/// element with its group's exponent.
struct QuantizeLowering : OneToNOpConversionPattern<QuantizeOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    auto type = cast<DfpTensorType>(op.getOutput().getType());
    if (type.getGrouping().kind == ExponentGrouping::Kind::Block)
      return rewriter.notifyMatchFailure(op, "exponent blocks not lowered");

    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value input = adaptor.getInput().front();
    GroupExponents group = buildGroupExponents(b, input, type);
    Value exponents = group.exponents;
    RoundingMode rounding = op.getRounding();
    PhiloxStream stream = getPhiloxStream(b, op);
    float limit = float(type.getMaxMagnitude());
    IntegerType storage = type.getElementType();
    ArrayRef<int64_t> shape = type.getShape();
    RankedTensorType valuesType = getValuesType(type);
    int64_t rank = type.getRank();
    // One exponent: captured (its scaling hoists out of the loops); per
    // axis: each element reads its group's.
    bool perTensor = bool(group.shared);
    SmallVector<Value> inputs = {input};
    SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
    if (!perTensor) {
      inputs.push_back(exponents);
      maps.push_back(getGroupMap(b, type));
    }
    maps.push_back(b.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value init = b.create<tensor::EmptyOp>(valuesType.getShape(), storage);
    Value values =
        b.create<linalg::GenericOp>(
             TypeRange{valuesType}, inputs, ValueRange{init}, maps, iterators,
             [&](OpBuilder &nested, Location loc, ValueRange args) {
               ImplicitLocOpBuilder body(loc, nested);
               Value randomBits;
               if (rounding == RoundingMode::Stochastic)
                 randomBits = buildStochasticBits(
                     body, stream, buildLinearIndex(body, shape));
               Value exponent = perTensor ? group.shared : args[1];
               Value negated =
                   body.create<arith::SubIOp>(i32Constant(body, 0), exponent);
               Value scaled = buildScaleUpToward(body, args[0], negated);
               Value integral = buildRoundAndClamp(body, scaled, rounding,
                                                   randomBits, limit);
               Value wide =
                   body.create<arith::FPToSIOp>(body.getI32Type(), integral);
               body.create<linalg::YieldOp>(
                   Value(body.create<arith::TruncIOp>(storage, wide)));
             })
            .getResult(0);
    rewriter.replaceOp(op, ValueRange{values, exponents},
                       adaptor.getResultMapping());
    return success();
  }
};

/// x = q * 2^e with its group's exponent, with the single rounding of ldexpf.
struct DequantizeLowering : OneToNOpConversionPattern<DequantizeOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    auto type = cast<DfpTensorType>(op.getInput().getType());
    if (type.getGrouping().kind == ExponentGrouping::Kind::Block)
      return rewriter.notifyMatchFailure(op, "exponent blocks not lowered");

    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    ValueRange input = adaptor.getInput();
    RankedTensorType resultType = op.getOutput().getType();
    int64_t rank = type.getRank();
    SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                   getGroupMap(b, type),
                                   b.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value init =
        b.create<tensor::EmptyOp>(resultType.getShape(), b.getF32Type());
    Value result =
        b.create<linalg::GenericOp>(
             TypeRange{resultType}, input, ValueRange{init}, maps, iterators,
             [](OpBuilder &nested, Location loc, ValueRange args) {
               ImplicitLocOpBuilder body(loc, nested);
               Value q =
                   body.create<arith::SIToFPOp>(body.getF32Type(), args[0]);
               body.create<linalg::YieldOp>(
                   buildScaleInteger(body, q, args[1]));
             })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateQuantizeLoweringPatterns(TypeConverter &converter,
                                      RewritePatternSet &patterns) {
  patterns.add<QuantizeLowering, DequantizeLowering>(converter,
                                                     patterns.getContext());
}

} // namespace mlir::dfp
