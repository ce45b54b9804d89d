#ifndef DFP_COMPILER_CONVERSION_FLOATBITS_H
#define DFP_COMPILER_CONVERSION_FLOATBITS_H

#include "dfp/Dialect/Dfp/IR/DfpAttrs.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::dfp {

/// FP32 arithmetic of DESIGN.md section 2 built from integer and float ops
/// that vectorise (no libm calls), each bit-identical to its libm form.

/// ldexpf(1, p) for an i32 p: subnormal for p in [-149, -127], 0 below,
/// +inf above 127.
Value buildPowerOfTwo(ImplicitLocOpBuilder &b, Value p);

/// The frexp exponent E of a finite m > 0 (m = f * 2^E, f in [0.5, 1)),
/// from its bits; subnormals included.
Value buildFrexpExponent(ImplicitLocOpBuilder &b, Value m);

/// ldexpf(x, p) for p <= 254: one multiply by an exact power of two (a
/// single rounding), and a second, exact one when p > 127.
Value buildScaleUpToward(ImplicitLocOpBuilder &b, Value x, Value p);

/// ldexpf(q, p) for an integer-valued |q| < 2^24 and any i32 p: q * 2^-126
/// is exact, so splitting p that way rounds once.
Value buildScaleInteger(ImplicitLocOpBuilder &b, Value q, Value p);

/// Rounds y to an integral float as the reference roundAndClamp does, then
/// clamps to [-limit, limit]. `randomBits` (i32) is read by stochastic
/// rounding only and may be null otherwise.
Value buildRoundAndClamp(ImplicitLocOpBuilder &b, Value y,
                         RoundingMode rounding, Value randomBits, float limit);

} // namespace mlir::dfp

#endif // DFP_COMPILER_CONVERSION_FLOATBITS_H
