#ifndef DFP_RUNTIME_EPOCHORDER_H
#define DFP_RUNTIME_EPOCHORDER_H

#include <cstdint>
#include <vector>

namespace dfp::runtime {

/// The order in which epoch `epoch` visits `count` samples: a permutation of
/// [0, count) that depends only on (count, seed, epoch), so a run resumed from
/// a checkpoint sees the same data order as an uninterrupted one.
///
/// Fisher-Yates, for i = count-1 down to 1, swaps element i with element
/// j = floor(r * (i + 1) / 2^64), where r is the 64-bit word (w1 << 32 | w0)
/// of Philox4x32-10 with key (seed lo, seed hi) and counter
/// (i, epoch lo, epoch hi, kEpochOrderStream).
std::vector<uint32_t> shuffledEpochOrder(uint32_t count, uint64_t seed,
                                         uint64_t epoch);

/// Keeps the Philox streams of data shuffling apart from other users of the
/// same seed (stochastic rounding uses stream numbers from 0 upwards).
constexpr uint32_t kEpochOrderStream = 0x53485546; // "SHUF"

} // namespace dfp::runtime

#endif // DFP_RUNTIME_EPOCHORDER_H
