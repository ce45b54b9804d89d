#ifndef DFP_REFERENCE_LIB_POWEROFTWO_H
#define DFP_REFERENCE_LIB_POWEROFTWO_H

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace dfp {

/// x * 2^p correctly rounded (ldexpf) for any int64 p: ldexpf saturates to 0
/// or inf long before +-1000, and clamping keeps the int argument defined.
inline float ldexpAny(float x, int64_t p) {
  return std::ldexp(x, int(std::clamp<int64_t>(p, -1000, 1000)));
}

} // namespace dfp

#endif // DFP_REFERENCE_LIB_POWEROFTWO_H
