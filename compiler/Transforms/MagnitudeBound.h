#ifndef DFP_COMPILER_TRANSFORMS_MAGNITUDEBOUND_H
#define DFP_COMPILER_TRANSFORMS_MAGNITUDEBOUND_H

#include "dfp/Dialect/Dfp/IR/DfpOps.h"

#include <optional>

namespace mlir::dfp {

/// A proven bound on |q| over the integers a DFP value holds.
struct MagnitudeBound {
  int64_t maxMagnitude;
  /// Why the bound holds, for remarks and errors.
  std::string reason;
};

/// The op fixing the format of `value` (a DFP quantize or requantize,
/// looking through DFP reshapes), or null if its format comes from outside.
Operation *getFormatSource(Value value);

/// Whether the magnitude bits of `source`'s result may change: every user
/// (through DFP reshapes) accepts any DFP format (contractions, dequantize,
/// requantize).
bool hasAdjustableFormat(Operation *source);

/// Bounds the magnitudes `value` holds (DESIGN.md section 2):
/// - the quantization of an f32 constant: the largest |q| it gives;
/// - another quantize/requantize result: 2^M - 1 (they clamp);
/// - any other value: 2^(B-1) (imported data may hold -2^(B-1)), or
///   2^M - 1 with `trustFormats`.
/// `magBits` replaces the magnitude bits of the value's format source (to
/// evaluate another format before rewriting it).
MagnitudeBound boundMagnitude(TypedValue<ShapedType> value, bool trustFormats,
                              std::optional<unsigned> magBits = std::nullopt);

} // namespace mlir::dfp

#endif // DFP_COMPILER_TRANSFORMS_MAGNITUDEBOUND_H
