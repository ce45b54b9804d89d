#include "dfp/reference/ChainLength.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace dfp {
namespace {

constexpr int64_t kInt32Max = 2147483647;

struct TableRow {
  int magBits;
  int64_t chain;
};

std::ostream &operator<<(std::ostream &os, const TableRow &r) {
  return os << "M = " << r.magBits << ", chain " << r.chain;
}

class ChainLengthTableTest : public testing::TestWithParam<TableRow> {};

// DESIGN §2: M = 13 -> 32, 14 -> 8, 15 -> 2, 12 -> 128, 11 -> 512 (K step 2).
TEST_P(ChainLengthTableTest, MatchesDesignTable) {
  EXPECT_EQ(chainLength(GetParam().magBits, GetParam().magBits),
            GetParam().chain);
}

INSTANTIATE_TEST_SUITE_P(Design, ChainLengthTableTest,
                         testing::Values(TableRow{11, 512}, TableRow{12, 128},
                                         TableRow{13, 32}, TableRow{14, 8},
                                         TableRow{15, 2}),
                         [](const testing::TestParamInfo<TableRow> &info) {
                           return "M" + std::to_string(info.param.magBits);
                         });

struct RangeCase {
  int64_t maxA, maxB;
  int kStep;
};

std::ostream &operator<<(std::ostream &os, const RangeCase &c) {
  return os << "max |A| = " << c.maxA << ", max |B| = " << c.maxB << ", step "
            << c.kStep;
}

class ChainLengthRangeTest : public testing::TestWithParam<RangeCase> {};

TEST_P(ChainLengthRangeTest, IsTheLargestSafeMultipleOfTheStep) {
  const RangeCase &c = GetParam();
  int64_t chain = chainLengthForRange(c.maxA, c.maxB, c.kStep);
  ASSERT_GT(chain, 0);
  EXPECT_EQ(chain % c.kStep, 0);
  EXPECT_LE(chain * c.maxA * c.maxB, kInt32Max);
  EXPECT_GT((chain + c.kStep) * c.maxA * c.maxB, kInt32Max);
}

INSTANTIATE_TEST_SUITE_P(
    Ranges, ChainLengthRangeTest,
    testing::Values(RangeCase{8191, 8191, 2}, RangeCase{32767, 32767, 2},
                    RangeCase{32768, 8191, 2}, RangeCase{32768, 32767, 1},
                    RangeCase{127, 127, 4}, RangeCase{128, 127, 4},
                    RangeCase{1, 1, 2}, RangeCase{4095, 16383, 2},
                    RangeCase{3, 5, 7}),
    [](const testing::TestParamInfo<RangeCase> &info) {
      return "A" + std::to_string(info.param.maxA) + "_B" +
             std::to_string(info.param.maxB) + "_Step" +
             std::to_string(info.param.kStep);
    });

TEST(ChainLengthTest, ZeroWhenNoChainFits) {
  // -32768 in both operands: one product is 2^30, two overflow INT32.
  EXPECT_EQ(chainLengthForRange(32768, 32768, 2), 0);
  EXPECT_EQ(chainLengthForRange(32768, 32768, 1), 1);
  EXPECT_EQ(chainLengthForRange(int64_t(1) << 40, 2, 1), 0);
}

TEST(ChainLengthTest, MixedMagnitudes) {
  EXPECT_EQ(chainLength(13, 15), chainLengthForRange(8191, 32767));
  EXPECT_EQ(chainLength(15, 13), chainLength(13, 15));
  EXPECT_EQ(chainLength(7, 7, 4), 133144); // (2^31 - 1) / 127^2 = 133144.3
}

TEST(ChainLengthTest, ZeroRangeDoesNotBound) {
  EXPECT_EQ(chainLengthForRange(0, 32768, 2), kInt32Max - 1);
}

TEST(ChainLengthTest, InvalidStepGivesZero) {
  EXPECT_EQ(chainLengthForRange(1, 1, 0), 0);
}

} // namespace
} // namespace dfp
