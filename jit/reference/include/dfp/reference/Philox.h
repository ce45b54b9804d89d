#ifndef DFP_REFERENCE_PHILOX_H
#define DFP_REFERENCE_PHILOX_H

#include "dfp/reference/Format.h"

#include <array>
#include <cstdint>

namespace dfp {

using PhiloxCounter = std::array<uint32_t, 4>;
using PhiloxKey = std::array<uint32_t, 2>;

/// Philox4x32 with 10 rounds (Salmon et al., SC'11; Random123).
PhiloxCounter philox4x32_10(PhiloxCounter counter, PhiloxKey key);

/// The 32 random bits stochastic rounding uses for element `index` (DESIGN §2).
uint32_t stochasticBits(const StochasticSeed &seed, uint64_t index);

} // namespace dfp

#endif // DFP_REFERENCE_PHILOX_H
