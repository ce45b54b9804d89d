#include "dfp/reference/Quantize.h"

#include "dfp/reference/Philox.h"

#include "PowerOfTwo.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace dfp {

namespace {

Status nonFiniteError(int64_t index, float value) {
  std::ostringstream os;
  os << "cannot quantize element " << index << ": value " << value
     << " is not finite";
  return Status::error(os.str());
}

int64_t elementCount(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t extent : shape)
    n *= extent;
  return n;
}

Status verifyExponentCount(const std::vector<int64_t> &shape,
                           const DfpFormat &format,
                           const std::vector<int32_t> &exponents) {
  int64_t groups = numGroups(shape, format);
  if (int64_t(exponents.size()) != groups)
    return Status::error(std::to_string(exponents.size()) +
                         " exponents given, the format has " +
                         std::to_string(groups) + " groups");
  return Status::success();
}

/// Element `index` of its tensor, scaled by 2^-e, rounded and clamped.
int16_t quantizeElement(float x, int64_t index, int magBits, int32_t e,
                        Rounding rounding, const StochasticSeed &seed) {
  uint32_t bits = rounding == Rounding::Stochastic
                      ? stochasticBits(seed, uint64_t(index))
                      : 0;
  return int16_t(roundAndClamp(scaleByExponent(x, e), rounding, bits, magBits));
}

} // namespace

Status exponentsFromData(const float *x, const std::vector<int64_t> &shape,
                         const DfpFormat &format,
                         std::vector<int32_t> &exponents) {
  if (Status status = format.verify(shape); !status.ok())
    return status;
  std::vector<float> maxAbs(size_t(numGroups(shape, format)), 0.0f);
  int64_t n = elementCount(shape);
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]))
      return nonFiniteError(i, x[i]);
    float &slot = maxAbs[size_t(groupOf(shape, format, i))];
    slot = std::max(slot, std::fabs(x[i]));
  }
  exponents.resize(maxAbs.size());
  for (size_t g = 0; g < maxAbs.size(); ++g)
    exponents[g] = exponentForMaxAbs(maxAbs[g], format.magBits);
  return Status::success();
}

Status quantizeRange(const float *x, int64_t firstIndex, int64_t count,
                     const std::vector<int64_t> &shape, const DfpFormat &format,
                     const std::vector<int32_t> &exponents, Rounding rounding,
                     const StochasticSeed &seed, int16_t *out) {
  if (Status status = format.verify(shape); !status.ok())
    return status;
  if (Status status = verifyExponentCount(shape, format, exponents);
      !status.ok())
    return status;
  int64_t n = elementCount(shape);
  if (firstIndex < 0 || count < 0 || firstIndex > n - count)
    return Status::error("element range [" + std::to_string(firstIndex) + ", " +
                         std::to_string(firstIndex + count) +
                         ") is outside a tensor of " + std::to_string(n) +
                         " elements");
  for (int64_t k = 0; k < count; ++k) {
    int64_t index = firstIndex + k;
    if (!std::isfinite(x[k]))
      return nonFiniteError(index, x[k]);
    int32_t e = exponents[size_t(groupOf(shape, format, index))];
    out[k] = quantizeElement(x[k], index, format.magBits, e, rounding, seed);
  }
  return Status::success();
}

Status quantizeRun(const float *x, int64_t count, int64_t firstIndex,
                   int magBits, int32_t exponent, Rounding rounding,
                   const StochasticSeed &seed, int16_t *out) {
  if (magBits < 1 || magBits > 15)
    return Status::error("magnitude bits must be in [1, 15], got " +
                         std::to_string(magBits));
  if (firstIndex < 0 || count < 0)
    return Status::error("element run [" + std::to_string(firstIndex) + ", " +
                         std::to_string(firstIndex + count) +
                         ") has a negative start or length");
  for (int64_t k = 0; k < count; ++k) {
    if (!std::isfinite(x[k]))
      return nonFiniteError(firstIndex + k, x[k]);
    out[k] = quantizeElement(x[k], firstIndex + k, magBits, exponent, rounding,
                             seed);
  }
  return Status::success();
}

Status quantizeWithExponents(const float *x, const std::vector<int64_t> &shape,
                             const DfpFormat &format,
                             const std::vector<int32_t> &exponents,
                             Rounding rounding, const StochasticSeed &seed,
                             QuantizedTensor &out) {
  if (Status status = format.verify(shape); !status.ok())
    return status;
  out.shape = shape;
  out.format = format;
  out.exponents = exponents;
  out.values.assign(size_t(elementCount(shape)), 0);
  return quantizeRange(x, 0, int64_t(out.values.size()), shape, format,
                       exponents, rounding, seed, out.values.data());
}

Status quantize(const float *x, const std::vector<int64_t> &shape,
                const DfpFormat &format, Rounding rounding,
                const StochasticSeed &seed, QuantizedTensor &out) {
  std::vector<int32_t> exponents;
  if (Status status = exponentsFromData(x, shape, format, exponents);
      !status.ok())
    return status;
  return quantizeWithExponents(x, shape, format, exponents, rounding, seed,
                               out);
}

void dequantize(const QuantizedTensor &q, float *out) {
  int64_t n = q.numElements();
  for (int64_t i = 0; i < n; ++i)
    out[i] =
        ldexpAny(float(q.values[size_t(i)]), q.exponents[size_t(q.groupOf(i))]);
}

Status verifyQuantizedTensor(const QuantizedTensor &q,
                             const std::string &name) {
  if (Status status = q.format.verify(q.shape); !status.ok())
    return Status::error(name + ": " + status.message());
  int64_t n = q.numElements();
  if (int64_t(q.values.size()) != n)
    return Status::error(name + ": " + std::to_string(q.values.size()) +
                         " values for " + std::to_string(n) + " elements");
  if (Status status = verifyExponentCount(q.shape, q.format, q.exponents);
      !status.ok())
    return Status::error(name + ": " + status.message());
  int32_t lowest = -(int32_t(1) << (q.format.storageBits - 1));
  int32_t highest = -lowest - 1;
  for (int64_t i = 0; i < n; ++i) {
    int32_t value = q.values[size_t(i)];
    if (value < lowest || value > highest)
      return Status::error(name + ": value " + std::to_string(value) +
                           " at element " + std::to_string(i) +
                           " does not fit " +
                           std::to_string(q.format.storageBits) + " bits");
  }
  return Status::success();
}

int32_t maxAbsValue(const QuantizedTensor &q) {
  int32_t result = 0;
  for (int16_t value : q.values)
    result = std::max(result, std::abs(int32_t(value)));
  return result;
}

} // namespace dfp
