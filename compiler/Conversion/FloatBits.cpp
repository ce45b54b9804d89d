#include "FloatBits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>
#include <utility>

namespace mlir::dfp {

namespace {
constexpr int32_t kMantissaBits = 23;
constexpr int32_t kExponentBias = 127;
constexpr int32_t kMinNormalExponent = -126;
constexpr int32_t kMinSubnormalExponent = -149;

Value i32Constant(ImplicitLocOpBuilder &b, int32_t value) {
  return b.create<arith::ConstantIntOp>(value, 32);
}

Value f32Constant(ImplicitLocOpBuilder &b, float value) {
  return b.create<arith::ConstantFloatOp>(APFloat(value), b.getF32Type());
}

Value clampI32(ImplicitLocOpBuilder &b, Value x, int32_t low, int32_t high) {
  Value lowered = b.create<arith::MaxSIOp>(x, i32Constant(b, low));
  return b.create<arith::MinSIOp>(lowered, i32Constant(b, high));
}

Value bitsToFloat(ImplicitLocOpBuilder &b, Value bits) {
  return b.create<arith::BitcastOp>(b.getF32Type(), bits);
}
} // namespace

Value buildPowerOfTwo(ImplicitLocOpBuilder &b, Value p) {
  // Shift amounts are clamped first: an out-of-range shift is poison.
  Value normalExponent = clampI32(b, p, kMinNormalExponent, kExponentBias);
  Value normal =
      bitsToFloat(b, b.create<arith::ShLIOp>(
                         b.create<arith::AddIOp>(normalExponent,
                                                 i32Constant(b, kExponentBias)),
                         i32Constant(b, kMantissaBits)));
  Value subnormalShift = clampI32(
      b, b.create<arith::SubIOp>(p, i32Constant(b, kMinSubnormalExponent)), 0,
      kMantissaBits - 1);
  Value subnormal = bitsToFloat(
      b, b.create<arith::ShLIOp>(i32Constant(b, 1), subnormalShift));

  Value isNormal = b.create<arith::CmpIOp>(arith::CmpIPredicate::sge, p,
                                           i32Constant(b, kMinNormalExponent));
  Value result = b.create<arith::SelectOp>(isNormal, normal, subnormal);
  Value overflows = b.create<arith::CmpIOp>(arith::CmpIPredicate::sgt, p,
                                            i32Constant(b, kExponentBias));
  result = b.create<arith::SelectOp>(
      overflows, f32Constant(b, std::numeric_limits<float>::infinity()),
      result);
  Value underflows = b.create<arith::CmpIOp>(
      arith::CmpIPredicate::slt, p, i32Constant(b, kMinSubnormalExponent));
  return b.create<arith::SelectOp>(underflows, f32Constant(b, 0.0f), result);
}

Value buildFrexpExponent(ImplicitLocOpBuilder &b, Value m) {
  Value bits = b.create<arith::BitcastOp>(b.getI32Type(), m);
  Value biased = b.create<arith::ShRUIOp>(bits, i32Constant(b, kMantissaBits));
  // Normal: m = 1.f * 2^(biased - 127) = 0.1f * 2^(biased - 126).
  Value normal =
      b.create<arith::SubIOp>(biased, i32Constant(b, kExponentBias - 1));
  // Subnormal: m = bits * 2^-149, so E = (31 - clz(bits)) - 149 + 1.
  Value subnormal =
      b.create<arith::SubIOp>(i32Constant(b, 31 + kMinSubnormalExponent + 1),
                              b.create<math::CountLeadingZerosOp>(bits));
  Value isSubnormal = b.create<arith::CmpIOp>(arith::CmpIPredicate::eq, biased,
                                              i32Constant(b, 0));
  return b.create<arith::SelectOp>(isSubnormal, subnormal, normal);
}

Value buildScaleUpToward(ImplicitLocOpBuilder &b, Value x, Value p) {
  Value first = b.create<arith::MinSIOp>(p, i32Constant(b, kExponentBias));
  Value rest = b.create<arith::MaxSIOp>(b.create<arith::SubIOp>(p, first),
                                        i32Constant(b, 0));
  Value scaled = b.create<arith::MulFOp>(x, buildPowerOfTwo(b, first));
  return b.create<arith::MulFOp>(scaled, buildPowerOfTwo(b, rest));
}

Value buildScaleInteger(ImplicitLocOpBuilder &b, Value q, Value p) {
  Value first = clampI32(b, p, kMinNormalExponent, kExponentBias);
  Value rest = b.create<arith::SubIOp>(p, first);
  Value scaled = b.create<arith::MulFOp>(q, buildPowerOfTwo(b, first));
  return b.create<arith::MulFOp>(scaled, buildPowerOfTwo(b, rest));
}

namespace {
/// whole = floor(y) and the FP32 fraction y - whole, as the reference's
/// splitAtFloor computes them.
std::pair<Value, Value> splitAtFloor(ImplicitLocOpBuilder &b, Value y) {
  Value whole = b.create<math::FloorOp>(y);
  return {whole, b.create<arith::SubFOp>(y, whole)};
}

Value roundUpIf(ImplicitLocOpBuilder &b, Value condition, Value whole) {
  return b.create<arith::SelectOp>(
      condition, b.create<arith::AddFOp>(whole, f32Constant(b, 1.0f)), whole);
}
} // namespace

Value buildRoundAndClamp(ImplicitLocOpBuilder &b, Value y,
                         RoundingMode rounding, Value randomBits, float limit) {
  Value integral;
  switch (rounding) {
  case RoundingMode::NearestEven:
    integral = b.create<math::RoundEvenOp>(y);
    break;
  case RoundingMode::NearestUp: {
    // floor(y) + (y - floor(y) >= 0.5): y + 0.5f is not exact in FP32.
    auto [whole, fraction] = splitAtFloor(b, y);
    integral =
        roundUpIf(b,
                  b.create<arith::CmpFOp>(arith::CmpFPredicate::OGE, fraction,
                                          f32Constant(b, 0.5f)),
                  whole);
    break;
  }
  case RoundingMode::TowardZero:
    integral = b.create<math::TruncOp>(y);
    break;
  case RoundingMode::Stochastic: {
    assert(randomBits && "stochastic rounding needs random bits");
    // u = (r >> 8) * 2^-24, exact in FP32.
    Value top = b.create<arith::ShRUIOp>(randomBits, i32Constant(b, 8));
    Value uniform =
        b.create<arith::MulFOp>(b.create<arith::UIToFPOp>(b.getF32Type(), top),
                                f32Constant(b, 0x1p-24f));
    auto [whole, fraction] = splitAtFloor(b, y);
    integral = roundUpIf(
        b,
        b.create<arith::CmpFOp>(arith::CmpFPredicate::OGT, fraction, uniform),
        whole);
    break;
  }
  }
  Value low = b.create<arith::MaximumFOp>(integral, f32Constant(b, -limit));
  return b.create<arith::MinimumFOp>(low, f32Constant(b, limit));
}

} // namespace mlir::dfp
