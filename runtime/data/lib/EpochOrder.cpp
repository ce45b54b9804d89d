#include "dfp/runtime/EpochOrder.h"

#include "dfp/reference/Philox.h"

#include <numeric>
#include <utility>

namespace dfp::runtime {
namespace {

uint32_t low32(uint64_t value) { return uint32_t(value); }
uint32_t high32(uint64_t value) { return uint32_t(value >> 32); }

/// floor(r * bound / 2^64): unbiased enough for bound < 2^32 (the bias is
/// below 2^-32) and free of the modulo's division.
uint32_t scaleToBound(uint64_t r, uint32_t bound) {
  return uint32_t((unsigned __int128)r * bound >> 64);
}

} // namespace

std::vector<uint32_t> shuffledEpochOrder(uint32_t count, uint64_t seed,
                                         uint64_t epoch) {
  std::vector<uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0u);
  PhiloxKey key{low32(seed), high32(seed)};
  for (uint32_t i = count > 0 ? count - 1 : 0; i > 0; --i) {
    PhiloxCounter words =
        philox4x32_10({i, low32(epoch), high32(epoch), kEpochOrderStream}, key);
    uint64_t r = uint64_t(words[1]) << 32 | words[0];
    std::swap(order[i], order[scaleToBound(r, i + 1)]);
  }
  return order;
}

} // namespace dfp::runtime
