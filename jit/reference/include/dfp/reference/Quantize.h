#ifndef DFP_REFERENCE_QUANTIZE_H
#define DFP_REFERENCE_QUANTIZE_H

#include "dfp/reference/Format.h"
#include "dfp/reference/Status.h"

#include <cstdint>
#include <vector>

namespace dfp {

/// A quantized tensor: integers q (row-major, int8 formats also stored in
/// int16) and one exponent per group; element value q * 2^e.
struct QuantizedTensor {
  std::vector<int64_t> shape;
  DfpFormat format;
  std::vector<int16_t> values;
  std::vector<int32_t> exponents;

  int64_t numElements() const;
  /// Index into `exponents` of the group holding the element at `linearIndex`.
  int64_t groupOf(int64_t linearIndex) const;
};

/// Number of exponent groups of `format` over `shape`.
int64_t numGroups(const std::vector<int64_t> &shape, const DfpFormat &format);
/// Group of the element at `linearIndex` (row-major) of `shape`.
int64_t groupOf(const std::vector<int64_t> &shape, const DfpFormat &format,
                int64_t linearIndex);

/// e = E - M where maxAbs = f * 2^E, f in [0.5, 1); 0 when maxAbs == 0.
int32_t exponentForMaxAbs(float maxAbs, int magBits);

/// Rounds y (already scaled, finite) to an integer with `rounding` and clamps
/// it to [-(2^M - 1), 2^M - 1]. `randomBits` is used by Stochastic only.
int32_t roundAndClamp(float y, Rounding rounding, uint32_t randomBits,
                      int magBits);

/// y = x * 2^-e computed as ldexpf (an exact power-of-two scaling unless the
/// result underflows, where it is correctly rounded).
float scaleByExponent(float x, int32_t e);

/// Quantizes `x` (row-major, `shape`) into `out`. Non-finite input is an error
/// naming the first offending element; `out` is then unspecified.
Status quantize(const float *x, const std::vector<int64_t> &shape,
                const DfpFormat &format, Rounding rounding,
                const StochasticSeed &seed, QuantizedTensor &out);

/// Quantizes with exponents given (requantization into a known format).
Status quantizeWithExponents(const float *x, const std::vector<int64_t> &shape,
                             const DfpFormat &format,
                             const std::vector<int32_t> &exponents,
                             Rounding rounding, const StochasticSeed &seed,
                             QuantizedTensor &out);

/// x = q * 2^e (ldexpf).
void dequantize(const QuantizedTensor &q, float *out);

} // namespace dfp

#endif // DFP_REFERENCE_QUANTIZE_H
