#ifndef DFP_EMULATOR_FLOATBITS_H
#define DFP_EMULATOR_FLOATBITS_H

#include "Vector.h"

#include <cmath>
#include <cstdint>

namespace dfp::emu {

/// The QNaN x86 produces for invalid operations (0 * Inf, Inf - Inf, ...).
constexpr uint32_t kDefaultNaN = 0xffc00000u;
constexpr uint32_t kSignBit = 0x80000000u;
constexpr uint32_t kInfinityBits = 0x7f800000u;
/// What out-of-range float to int32 conversions give.
constexpr uint32_t kIntegerIndefinite = 0x80000000u;

inline float toFloat(uint32_t bits) { return bitCast<float>(bits); }
inline uint32_t toBits(float value) { return bitCast<uint32_t>(value); }
inline bool isNaN(uint32_t bits) { return (bits & ~kSignBit) > kInfinityBits; }
inline uint32_t quiet(uint32_t bits) { return bits | 0x00400000u; }

/// Bits of a host result computed from non-NaN inputs: a NaN there is the
/// x86 default NaN (the host's sign may differ).
inline uint32_t arithmeticResult(float value) {
  return std::isnan(value) ? kDefaultNaN : toBits(value);
}

} // namespace dfp::emu

#endif // DFP_EMULATOR_FLOATBITS_H
