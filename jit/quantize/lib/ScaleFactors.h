#ifndef DFP_QUANTIZE_SCALEFACTORS_H
#define DFP_QUANTIZE_SCALEFACTORS_H

#include <cstdint>

namespace dfp::quant {

/// ldexpf(x, -e) as two multiplications (x * a) * b, each exact or correctly
/// rounded once: for -e in [-149, 127], a = 2^-e (normal or subnormal, one
/// rounding) and b = 1; for -e in [128, 254], a = 2^127 and b = 2^(-e-127),
/// both exact (scaling up only rounds by overflowing to Inf, as ldexpf does;
/// exponents computed from the data never overflow).
struct ScaleFactors {
  float a = 1.0f;
  float b = 1.0f;
};

/// True when the two-multiply form reproduces ldexpf(x, -e) for every x.
/// Exponents computed from data always are; given ones may not be (a
/// down-scaling below 2^-149 would round twice).
bool hasExactScaleFactors(int32_t exponent);

/// Requires hasExactScaleFactors(exponent).
ScaleFactors scaleFactorsFor(int32_t exponent);

} // namespace dfp::quant

#endif // DFP_QUANTIZE_SCALEFACTORS_H
