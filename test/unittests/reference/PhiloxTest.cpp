#include "dfp/reference/Philox.h"

#include <gtest/gtest.h>

#include <ostream>

#include <set>

namespace dfp {
namespace {

struct KnownAnswer {
  const char *name;
  PhiloxCounter counter;
  PhiloxKey key;
  PhiloxCounter expected;
};

std::ostream &operator<<(std::ostream &os, const KnownAnswer &c) {
  return os << c.name;
}

// Random123 tests/kat_vectors, "philox4x32 10" lines.
const KnownAnswer kKnownAnswers[] = {
    {"Zero",
     {0, 0, 0, 0},
     {0, 0},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {"AllOnes",
     {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {"Pi",
     {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

class PhiloxKnownAnswerTest : public testing::TestWithParam<KnownAnswer> {};

TEST_P(PhiloxKnownAnswerTest, MatchesRandom123) {
  const KnownAnswer &kat = GetParam();
  EXPECT_EQ(philox4x32_10(kat.counter, kat.key), kat.expected);
}

INSTANTIATE_TEST_SUITE_P(Random123, PhiloxKnownAnswerTest,
                         testing::ValuesIn(kKnownAnswers),
                         [](const testing::TestParamInfo<KnownAnswer> &info) {
                           return std::string(info.param.name);
                         });

TEST(StochasticBitsTest, MapsIndexSeedStreamAndStepToPhiloxWords) {
  StochasticSeed seed{0x0123456789abcdefull, 7, 11};
  const PhiloxKey key{0x89abcdefu, 0x01234567u};
  for (uint64_t index :
       {0ull, 1ull, 2ull, 3ull, 4ull, 1027ull, (5ull << 34) + 6}) {
    uint64_t block = index >> 2;
    PhiloxCounter words =
        philox4x32_10({uint32_t(block), uint32_t(block >> 32), 7u, 11u}, key);
    EXPECT_EQ(stochasticBits(seed, index), words[index & 3]) << index;
  }
}

TEST(StochasticBitsTest, SeedStreamAndStepEachChangeTheBits) {
  const StochasticSeed base{42, 1, 2};
  std::set<uint32_t> seen;
  for (StochasticSeed seed :
       {base, StochasticSeed{43, 1, 2},
        StochasticSeed{42ull | (1ull << 32), 1, 2}, StochasticSeed{42, 2, 2},
        StochasticSeed{42, 1, 3}})
    seen.insert(stochasticBits(seed, 5));
  EXPECT_EQ(seen.size(), 5u);
}

} // namespace
} // namespace dfp
