#include "ScaleFactors.h"

#include <cassert>
#include <cmath>

namespace dfp::quant {

namespace {
constexpr int32_t kMinShift = -149; // 2^-149, the smallest subnormal
constexpr int32_t kMaxSingleShift = 127;
constexpr int32_t kMaxShift = 2 * kMaxSingleShift;
} // namespace

bool hasExactScaleFactors(int32_t exponent) {
  int64_t shift = -int64_t(exponent);
  return shift >= kMinShift && shift <= kMaxShift;
}

ScaleFactors scaleFactorsFor(int32_t exponent) {
  assert(hasExactScaleFactors(exponent));
  int32_t shift = -exponent;
  if (shift <= kMaxSingleShift)
    return {std::ldexp(1.0f, shift), 1.0f};
  return {std::ldexp(1.0f, kMaxSingleShift),
          std::ldexp(1.0f, shift - kMaxSingleShift)};
}

} // namespace dfp::quant
