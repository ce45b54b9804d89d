#include "dfp/reference/Quantize.h"

#include "PowerOfTwo.h"

#include <cassert>
#include <cmath>

namespace dfp {

int32_t exponentForMaxAbs(float maxAbs, int magBits) {
  if (maxAbs == 0.0f)
    return 0;
  int exponent = 0;
  std::frexp(maxAbs, &exponent);
  return exponent - magBits;
}

float scaleByExponent(float x, int32_t e) { return ldexpAny(x, -int64_t(e)); }

namespace {

/// u = (r >> 8) * 2^-24: the top 24 random bits as a uniform value in [0, 1)
/// on the 2^-24 grid (exact in FP32).
float uniformFromBits(uint32_t randomBits) {
  return std::ldexp(float(randomBits >> 8), -24);
}

/// y = whole + fraction, whole = floor(y), with the fraction y - whole
/// computed in FP32. That is exact for y >= 0 (whole is 0 or within a factor
/// 2 of y) and for y <= -0.5 (Sterbenz); for -0.5 < y < 0 the fraction
/// 1 - |y| is rounded onto the 2^-24 grid of (0.5, 1], above 0.5 either way.
/// The modes below use this FP32 fraction by definition, so every ISA
/// reproduces it with one floor and one subtraction.
struct FloorSplit {
  float whole, fraction;
};

FloorSplit splitAtFloor(float y) {
  float whole = std::floor(y);
  return {whole, y - whole};
}

/// Rounds to an integer-valued float; every result is exact in FP32.
float roundToIntegral(float y, Rounding rounding, uint32_t randomBits) {
  switch (rounding) {
  case Rounding::NearestEven:
    // nearbyintf under the default (round-to-nearest-even) environment.
    return std::nearbyint(y);
  case Rounding::NearestUp: {
    // floor(y + 0.5) in exact arithmetic. Computing y + 0.5f in FP32 is not
    // exact (0.49999997f + 0.5f rounds to 1), so compare the fraction.
    auto [whole, fraction] = splitAtFloor(y);
    return fraction >= 0.5f ? whole + 1.0f : whole;
  }
  case Rounding::TowardZero:
    return std::trunc(y);
  case Rounding::Stochastic: {
    auto [whole, fraction] = splitAtFloor(y);
    return fraction > uniformFromBits(randomBits) ? whole + 1.0f : whole;
  }
  }
  return y;
}

} // namespace

int32_t roundAndClamp(float y, Rounding rounding, uint32_t randomBits,
                      int magBits) {
  assert(magBits >= 1 && magBits <= 24 && "magnitude bits out of range");
  float limit = float((int32_t(1) << magBits) - 1);
  // Clamping the integral float first keeps the int conversion defined for
  // any finite y; both bounds are exact in FP32 (M <= 15).
  float q = std::fmin(
      std::fmax(roundToIntegral(y, rounding, randomBits), -limit), limit);
  return int32_t(q);
}

} // namespace dfp
