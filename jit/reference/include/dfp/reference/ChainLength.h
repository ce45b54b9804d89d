#ifndef DFP_REFERENCE_CHAINLENGTH_H
#define DFP_REFERENCE_CHAINLENGTH_H

#include <cstdint>

namespace dfp {

/// Bound on one INT32 accumulate chain (DESIGN §2): the largest multiple L of
/// `kStep` with L * maxAbsA * maxAbsB <= 2^31 - 1, or 0 when none exists
/// (e.g. both ranges 2^15 = |-32768|). A zero range bounds nothing: the result
/// is then the largest multiple of kStep up to 2^31 - 1.
int64_t chainLengthForRange(int64_t maxAbsA, int64_t maxAbsB, int kStep = 2);

/// chainLengthForRange(2^Ma - 1, 2^Mb - 1, kStep).
int64_t chainLength(int magBitsA, int magBitsB, int kStep = 2);

} // namespace dfp

#endif // DFP_REFERENCE_CHAINLENGTH_H
