#ifndef DFP_QUANTIZE_FLOATENVIRONMENT_H
#define DFP_QUANTIZE_FLOATENVIRONMENT_H

#include <xmmintrin.h>

namespace dfp::quant {

/// Runs a scope under the default MXCSR (round to nearest even, no FTZ/DAZ,
/// exceptions masked), the environment DESIGN §2 is written for, whatever
/// the caller set (oneDNN or compiled code may enable FTZ/DAZ, which would
/// change subnormal maxima, exponents and scaled values).
class DefaultFloatEnvironment {
public:
  DefaultFloatEnvironment() : saved_(_mm_getcsr()) {
    _mm_setcsr(kDefaultMxcsr);
  }
  ~DefaultFloatEnvironment() { _mm_setcsr(saved_); }
  DefaultFloatEnvironment(const DefaultFloatEnvironment &) = delete;
  DefaultFloatEnvironment &operator=(const DefaultFloatEnvironment &) = delete;

private:
  static constexpr unsigned kDefaultMxcsr = 0x1f80;
  unsigned saved_;
};

} // namespace dfp::quant

#endif // DFP_QUANTIZE_FLOATENVIRONMENT_H
