#ifndef DFP_COMPILER_CONVERSION_PHILOXBUILDER_H
#define DFP_COMPILER_CONVERSION_PHILOXBUILDER_H

#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <cstdint>

namespace mlir::dfp {

/// Key and counter words of the stochastic-rounding stream (DESIGN.md
/// section 2) that do not depend on the element.
struct PhiloxStream {
  uint64_t seed = 0;
  uint32_t stream = 0;
  /// i32 step of the counter (a runtime value).
  Value step;
};

/// The 32 random bits of element `index` (an i64): word index & 3 of
/// Philox4x32-10 with key (seed lo, seed hi) and counter
/// (index >> 2 lo, index >> 2 hi, stream, step), as
/// jit/reference/lib/Philox.cpp computes them.
Value buildStochasticBits(ImplicitLocOpBuilder &b, const PhiloxStream &stream,
                          Value index);

} // namespace mlir::dfp

#endif // DFP_COMPILER_CONVERSION_PHILOXBUILDER_H
