#ifndef DFP_REFERENCE_FORMAT_H
#define DFP_REFERENCE_FORMAT_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dfp {

/// Rounding of y = x * 2^-e to an integer (DESIGN §2).
enum class Rounding : uint8_t {
  NearestEven,
  NearestUp,
  TowardZero,
  Stochastic
};

const char *toString(Rounding rounding);

/// Which elements share one exponent.
struct ExponentGrouping {
  enum class Kind : uint8_t {
    Tensor, ///< one exponent for the whole tensor
    Axis,   ///< one exponent per index of `axis` (per-channel)
    Block,  ///< one per `blockSize` consecutive elements along `axis`
  };
  Kind kind = Kind::Tensor;
  int axis = 0;
  int64_t blockSize = 0;

  static ExponentGrouping tensor() { return {}; }
  static ExponentGrouping perAxis(int axis) { return {Kind::Axis, axis, 0}; }
  static ExponentGrouping block(int64_t size, int axis) {
    return {Kind::Block, axis, size};
  }
  bool operator==(const ExponentGrouping &o) const {
    return kind == o.kind && axis == o.axis && blockSize == o.blockSize;
  }
};

/// A DFP format: storage width B, magnitude bits M (1 <= M <= B-1), grouping.
struct DfpFormat {
  int storageBits = 16;
  int magBits = 13;
  ExponentGrouping grouping;

  /// Largest magnitude a quantized value has: 2^M - 1.
  int32_t maxMagnitude() const { return (int32_t(1) << magBits) - 1; }
  /// Checks B in {8, 16}, 1 <= M <= B-1, and the grouping against `shape`
  /// (axis in range, block size > 0 dividing the dimension).
  Status verify(const std::vector<int64_t> &shape) const;
};

/// Key and position of the counter-based random stream for stochastic
/// rounding: Philox4x32-10 with key (seed lo, seed hi) and counter
/// (i >> 2 lo, i >> 2 hi, stream, step), output word i & 3.
struct StochasticSeed {
  uint64_t seed = 0;
  uint32_t stream = 0;
  uint32_t step = 0;
};

} // namespace dfp

#endif // DFP_REFERENCE_FORMAT_H
