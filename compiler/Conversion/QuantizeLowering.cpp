#include "DecomposedTypes.h"
#include "FloatBits.h"
#include "LinalgBuilders.h"
#include "Patterns.h"
#include "PhiloxBuilder.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
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

/// Per tensor exponent: max |x|, exponent, then scale, round, clamp and
/// narrow every element.
struct QuantizeLowering : OneToNOpConversionPattern<QuantizeOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    auto type = cast<DfpTensorType>(op.getOutput().getType());
    if (type.getGrouping() != ExponentGrouping::tensor())
      return rewriter.notifyMatchFailure(op, "exponent grouping not lowered");

    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value input = adaptor.getInput().front();
    Value max =
        b.create<tensor::ExtractOp>(buildMaxAbs(b, input), ValueRange{});
    // The exponent is 0 after non-finite input; using the status there also
    // keeps it alive until convert-dfp-to-linalg returns it.
    Value exponent = b.create<arith::SelectOp>(
        buildNonFiniteStatus(b, max), i32Constant(b, 0),
        buildExponent(b, max, type.getMagBits()));
    Value negated = b.create<arith::SubIOp>(i32Constant(b, 0), exponent);
    RoundingMode rounding = op.getRounding();
    PhiloxStream stream = getPhiloxStream(b, op);
    float limit = float(type.getMaxMagnitude());
    IntegerType storage = type.getElementType();
    ArrayRef<int64_t> shape = type.getShape();
    Value values = buildElementwise(
        b, ValueRange{input}, getValuesType(type),
        [&](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
          Value randomBits;
          if (rounding == RoundingMode::Stochastic)
            randomBits = buildStochasticBits(body, stream,
                                             buildLinearIndex(body, shape));
          Value scaled = buildScaleUpToward(body, args[0], negated);
          Value integral =
              buildRoundAndClamp(body, scaled, rounding, randomBits, limit);
          Value wide =
              body.create<arith::FPToSIOp>(body.getI32Type(), integral);
          return body.create<arith::TruncIOp>(storage, wide);
        });
    Value exponents =
        b.create<tensor::FromElementsOp>(getExponentsType(type), exponent);
    rewriter.replaceOp(op, ValueRange{values, exponents},
                       adaptor.getResultMapping());
    return success();
  }
};

/// x = q * 2^e, with the single rounding of ldexpf.
struct DequantizeLowering : OneToNOpConversionPattern<DequantizeOp> {
  using OneToNOpConversionPattern::OneToNOpConversionPattern;

  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  OneToNPatternRewriter &rewriter) const override {
    auto type = cast<DfpTensorType>(op.getInput().getType());
    if (type.getGrouping() != ExponentGrouping::tensor())
      return rewriter.notifyMatchFailure(op, "exponent grouping not lowered");

    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    ValueRange input = adaptor.getInput();
    Value zero = b.create<arith::ConstantIndexOp>(0);
    Value exponent = b.create<tensor::ExtractOp>(input[1], ValueRange{zero});
    Value result = buildElementwise(
        b, ValueRange{input[0]}, op.getOutput().getType(),
        [&](ImplicitLocOpBuilder &body, ValueRange args) -> Value {
          Value q = body.create<arith::SIToFPOp>(body.getF32Type(), args[0]);
          return buildScaleInteger(body, q, exponent);
        });
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
