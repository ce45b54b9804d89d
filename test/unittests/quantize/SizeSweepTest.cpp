// Tests that 1-D tensors of odd sizes (tails of every vector width) quantize
// bit-identically to the reference for every format, rounding and target.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <tuple>

namespace dfp::quant::test {
namespace {

const int64_t kSizes[] = {1, 2, 3, 15, 16, 17, 31, 33, 63, 65, 255, 257};

using SweepParam = std::tuple<Target, Rounding, int64_t>;

class SizeSweepTest : public ::testing::TestWithParam<SweepParam> {};

TEST_P(SizeSweepTest, MatchesReferenceForEveryFormat) {
  auto [target, rounding, size] = GetParam();
  if (!target.available())
    GTEST_SKIP() << "host lacks " << jit::toString(target.isa);
  std::mt19937 rng(uint32_t(size * 31 + int(rounding)));
  for (int magBits = 11; magBits <= 15; ++magBits) {
    SCOPED_TRACE("M = " + std::to_string(magBits));
    std::vector<float> x = mixedValues(size, 3.0f, 12, rng);
    StochasticSeed seed{0x0123456789abcdefull + uint64_t(size), 7, 11};
    expectMatchesReference(x, {size}, format16(magBits), rounding, seed,
                           target.options());
  }
}

TEST_P(SizeSweepTest, MatchesReferenceForNarrowFormats) {
  auto [target, rounding, size] = GetParam();
  if (!target.available())
    GTEST_SKIP() << "host lacks " << jit::toString(target.isa);
  std::mt19937 rng(uint32_t(size * 17 + int(rounding)));
  for (int storageBits : {8, 16})
    for (int magBits : {1, 4, 7}) {
      SCOPED_TRACE("B = " + std::to_string(storageBits) +
                   ", M = " + std::to_string(magBits));
      std::vector<float> x = mixedValues(size, 0.7f, 6, rng);
      DfpFormat format = format16(magBits);
      format.storageBits = storageBits;
      expectMatchesReference(x, {size}, format, rounding, {3, 1, 4},
                             target.options());
    }
}

INSTANTIATE_TEST_SUITE_P(AllTargets, SizeSweepTest,
                         ::testing::Combine(::testing::ValuesIn(allTargets()),
                                            ::testing::ValuesIn(allRoundings()),
                                            ::testing::ValuesIn(kSizes)),
                         [](const ::testing::TestParamInfo<SweepParam> &info) {
                           return std::get<0>(info.param).name() + "_" +
                                  roundingName(std::get<1>(info.param)) +
                                  "_Size" +
                                  std::to_string(std::get<2>(info.param));
                         });

} // namespace
} // namespace dfp::quant::test
