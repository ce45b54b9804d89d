#include "dfp/runtime/EpochOrder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

namespace dfp::runtime {
namespace {

bool isPermutation(std::vector<uint32_t> order) {
  std::sort(order.begin(), order.end());
  for (uint32_t i = 0; i < order.size(); ++i)
    if (order[i] != i)
      return false;
  return true;
}

TEST(EpochOrderTest, IsAPermutationForOddSizes) {
  for (uint32_t count : {0u, 1u, 2u, 3u, 17u, 63u, 65u, 255u, 60000u})
    EXPECT_TRUE(isPermutation(shuffledEpochOrder(count, 7, 0))) << count;
}

TEST(EpochOrderTest, SameSeedAndEpochGiveTheSameOrder) {
  EXPECT_EQ(shuffledEpochOrder(1000, 42, 3), shuffledEpochOrder(1000, 42, 3));
}

TEST(EpochOrderTest, EpochsAndSeedsChangeTheOrder) {
  std::vector<uint32_t> base = shuffledEpochOrder(1000, 42, 0);
  EXPECT_NE(base, shuffledEpochOrder(1000, 42, 1));
  EXPECT_NE(base, shuffledEpochOrder(1000, 43, 0));
  // The 64-bit halves of seed and epoch both matter.
  EXPECT_NE(base, shuffledEpochOrder(1000, 42 + (uint64_t(1) << 32), 0));
  EXPECT_NE(base, shuffledEpochOrder(1000, 42, uint64_t(1) << 32));
}

TEST(EpochOrderTest, ActuallyShuffles) {
  std::vector<uint32_t> order = shuffledEpochOrder(10000, 1, 0);
  int fixedPoints = 0;
  for (uint32_t i = 0; i < order.size(); ++i)
    fixedPoints += order[i] == i;
  // A random permutation has one fixed point on average.
  EXPECT_LT(fixedPoints, 10);
}

TEST(EpochOrderTest, EveryPositionIsReachedUniformly) {
  // Where sample 0 lands over many epochs: each of 8 slots about 1/8 of the
  // time (chi-square with 7 degrees of freedom, p ~ 1e-6 threshold).
  constexpr int kSlots = 8;
  constexpr int kEpochs = 8000;
  std::vector<int> landed(kSlots, 0);
  for (uint64_t epoch = 0; epoch < kEpochs; ++epoch) {
    std::vector<uint32_t> order = shuffledEpochOrder(kSlots, 9, epoch);
    ++landed[std::find(order.begin(), order.end(), 0u) - order.begin()];
  }
  double expected = double(kEpochs) / kSlots, chiSquare = 0;
  for (int count : landed)
    chiSquare += (count - expected) * (count - expected) / expected;
  EXPECT_LT(chiSquare, 35.0);
}

} // namespace
} // namespace dfp::runtime
