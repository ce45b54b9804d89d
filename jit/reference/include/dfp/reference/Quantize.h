#ifndef DFP_REFERENCE_QUANTIZE_H
#define DFP_REFERENCE_QUANTIZE_H

#include "dfp/reference/Format.h"
#include "dfp/reference/Status.h"

#include <cstdint>
#include <string>
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
/// With f = y - floor(y) computed in FP32 (exact unless -0.5 < y < 0, where
/// it is rounded to the 2^-24 grid of (0.5, 1]):
///   NearestEven: nearbyint(y) under the default rounding mode;
///   NearestUp:   floor(y) + (f >= 0.5), i.e. floor(y + 0.5) in exact
///                arithmetic (y + 0.5f in FP32 is not exact: 0.49999997f);
///   TowardZero:  trunc(y);
///   Stochastic:  floor(y) + (f > u), u = (randomBits >> 8) * 2^-24.
int32_t roundAndClamp(float y, Rounding rounding, uint32_t randomBits,
                      int magBits);

/// y = x * 2^-e computed as ldexpf (an exact power-of-two scaling unless the
/// result underflows, where it is correctly rounded).
float scaleByExponent(float x, int32_t e);

/// Quantizes `count` consecutive elements of one exponent group whose first
/// element has linear index `firstIndex` in its tensor (the index selects the
/// stochastic-rounding bits, so any chunking gives the same result).
Status quantizeRun(const float *x, int64_t count, int64_t firstIndex,
                   int magBits, int32_t exponent, Rounding rounding,
                   const StochasticSeed &seed, int16_t *out);

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

/// One exponent per group of `format` over `shape`, exponentForMaxAbs of the
/// group's max |x|. Non-finite input is an error naming the element.
Status exponentsFromData(const float *x, const std::vector<int64_t> &shape,
                         const DfpFormat &format,
                         std::vector<int32_t> &exponents);

/// Quantizes elements [firstIndex, firstIndex + count) of a tensor of `shape`
/// (`x` and `out` point at element firstIndex) with the tensor's exponents.
/// Element i always uses stochasticBits(seed, i), so quantizing a tensor in
/// pieces gives the same bits as quantizing it whole.
Status quantizeRange(const float *x, int64_t firstIndex, int64_t count,
                     const std::vector<int64_t> &shape, const DfpFormat &format,
                     const std::vector<int32_t> &exponents, Rounding rounding,
                     const StochasticSeed &seed, int16_t *out);

/// x = q * 2^e (ldexpf).
void dequantize(const QuantizedTensor &q, float *out);

/// Checks a tensor built elsewhere (imported, packed by hand): the format
/// against the shape, the value and exponent counts, and that every value
/// fits the storage width (-2^(B-1) included). `name` prefixes the message.
Status verifyQuantizedTensor(const QuantizedTensor &q, const std::string &name);

/// The true max |q| over the values (2^(B-1) when -2^(B-1) occurs).
int32_t maxAbsValue(const QuantizedTensor &q);

} // namespace dfp

#endif // DFP_REFERENCE_QUANTIZE_H
