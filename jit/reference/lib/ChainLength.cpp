#include "dfp/reference/ChainLength.h"

#include <cstdint>

namespace dfp {

namespace {
constexpr int64_t kInt32Max = INT32_MAX;
} // namespace

int64_t chainLengthForRange(int64_t maxAbsA, int64_t maxAbsB, int kStep) {
  if (kStep <= 0 || maxAbsA < 0 || maxAbsB < 0)
    return 0;
  if (maxAbsA == 0 || maxAbsB == 0)
    return kInt32Max / kStep * kStep; // every product is 0: no bound
  if (maxAbsA > kInt32Max || maxAbsB > kInt32Max)
    return 0;
  int64_t longest = kInt32Max / (maxAbsA * maxAbsB);
  return longest / kStep * kStep;
}

int64_t chainLength(int magBitsA, int magBitsB, int kStep) {
  if (magBitsA < 0 || magBitsA > 31 || magBitsB < 0 || magBitsB > 31)
    return 0;
  return chainLengthForRange((int64_t(1) << magBitsA) - 1,
                             (int64_t(1) << magBitsB) - 1, kStep);
}

} // namespace dfp
