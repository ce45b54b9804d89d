#ifndef DFP_REFERENCE_CHAINLENGTH_H
#define DFP_REFERENCE_CHAINLENGTH_H

#include <cstdint>

namespace dfp {

/// Bound on one INT32 accumulate chain (DESIGN §2): the largest multiple L of
/// `kStep` with L * maxAbsA * maxAbsB <= 2^31 - 1, or 0 when none exists.
int64_t chainLengthForRange(int64_t maxAbsA, int64_t maxAbsB, int kStep = 2);

/// chainLengthForRange(2^Ma - 1, 2^Mb - 1, kStep).
int64_t chainLength(int magBitsA, int magBitsB, int kStep = 2);

} // namespace dfp

#endif // DFP_REFERENCE_CHAINLENGTH_H
