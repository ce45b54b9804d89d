// Tests that the fused quantize + pack of GEMM operands equals dfp::quantize
// followed by jit::packA / jit::packB (packed data, exponents, maxAbs) for
// several shapes, exponent groupings, roundings and targets.
#include "TestSupport.h"

#include "dfp/quantize/QuantizePack.h"
#include "dfp/reference/ChainLength.h"

#include <gtest/gtest.h>

#include <limits>
#include <tuple>

namespace dfp::quant::test {
namespace {

struct PackCase {
  std::string name;
  int64_t m, n, k;
  ExponentGrouping groupingA, groupingB;
  int magBits;
};

void PrintTo(const PackCase &value, std::ostream *os) { *os << value.name; }

std::vector<PackCase> packCases() {
  using G = ExponentGrouping;
  return {
      {"1x1x1_Tensor", 1, 1, 1, G::tensor(), G::tensor(), 13},
      {"7x19x33_RowsColumns", 7, 19, 33, G::perAxis(0), G::perAxis(1), 13},
      {"13x40x64_Block32AlongK", 13, 40, 64, G::block(32, 1), G::block(32, 0),
       11},
      {"6x33x10_TensorM14", 6, 33, 10, G::tensor(), G::perAxis(1), 14},
      {"20x17x48_Block16AlongK", 20, 17, 48, G::block(16, 1), G::tensor(), 12},
  };
}

void expectSamePacked(const jit::PackedOperand &want,
                      const jit::PackedOperand &got) {
  EXPECT_EQ(want.shape, got.shape);
  EXPECT_EQ(want.exponents, got.exponents);
  EXPECT_EQ(want.maxAbs, got.maxAbs);
  ASSERT_EQ(want.data.size(), got.data.size());
  for (size_t i = 0; i < want.data.size(); ++i)
    ASSERT_EQ(want.data[i], got.data[i]) << "packed element " << i;
}

using PackParam = std::tuple<Target, Rounding, PackCase>;

class QuantizePackTest : public ::testing::TestWithParam<PackParam> {};

TEST_P(QuantizePackTest, EqualsQuantizeThenPack) {
  auto [target, rounding, packCase] = GetParam();
  if (!target.available())
    GTEST_SKIP() << "host lacks " << jit::toString(target.isa);
  const PackCase &c = packCase;
  DfpFormat formatA = format16(c.magBits, c.groupingA);
  DfpFormat formatB = format16(c.magBits, c.groupingB);
  jit::GemmOptions gemmOptions;
  gemmOptions.isa = target.isa;
  jit::GemmLayout layout;
  ASSERT_TRUE(jit::makeGemmLayout(c.m, c.n, c.k, formatA, formatB,
                                  chainLength(c.magBits, c.magBits),
                                  gemmOptions, layout)
                  .ok());
  std::mt19937 rng(31);
  std::vector<float> a = mixedValues(c.m * c.k, 4.0f, 9, rng);
  std::vector<float> b = mixedValues(c.k * c.n, 0.5f, 9, rng);
  StochasticSeed seed{21, 2, 3};

  for (int threads : {1, 3}) {
    SCOPED_TRACE("threads = " + std::to_string(threads));
    QuantizeOptions options = target.options();
    options.threads = threads;
    options.chunkElements = threads == 1 ? 0 : 5;
    QuantizedTensor qa, qb;
    ASSERT_TRUE(
        dfp::quantize(a.data(), {c.m, c.k}, formatA, rounding, seed, qa).ok());
    ASSERT_TRUE(
        dfp::quantize(b.data(), {c.k, c.n}, formatB, rounding, seed, qb).ok());
    jit::PackedOperand wantA, wantB, gotA, gotB;
    ASSERT_TRUE(jit::packA(layout, qa, wantA).ok());
    ASSERT_TRUE(jit::packB(layout, qb, wantB).ok());
    Status statusA =
        quantizePackA(a.data(), layout, formatA, rounding, seed, gotA, options);
    ASSERT_TRUE(statusA.ok()) << statusA.message();
    Status statusB =
        quantizePackB(b.data(), layout, formatB, rounding, seed, gotB, options);
    ASSERT_TRUE(statusB.ok()) << statusB.message();
    expectSamePacked(wantA, gotA);
    expectSamePacked(wantB, gotB);
  }
}

TEST(QuantizePackErrors, RejectsBlocksThatDifferFromTheLayout) {
  DfpFormat blocked = format16(13, ExponentGrouping::block(8, 1));
  jit::GemmLayout layout;
  ASSERT_TRUE(jit::makeGemmLayout(4, 4, 16, blocked, format16(13), 32,
                                  jit::GemmOptions{}, layout)
                  .ok());
  std::vector<float> a(64, 1.0f);
  jit::PackedOperand packed;
  Status status = quantizePackA(a.data(), layout, format16(13),
                                Rounding::NearestEven, {}, packed);
  EXPECT_FALSE(status.ok());
}

TEST(QuantizePackErrors, RejectsNonFiniteInput) {
  jit::GemmLayout layout;
  ASSERT_TRUE(jit::makeGemmLayout(4, 4, 8, format16(13), format16(13), 32,
                                  jit::GemmOptions{}, layout)
                  .ok());
  std::vector<float> b(32, 1.0f);
  b[9] = std::numeric_limits<float>::quiet_NaN();
  jit::PackedOperand packed;
  Status status = quantizePackB(b.data(), layout, format16(13),
                                Rounding::NearestEven, {}, packed);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("element 9"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(AllTargets, QuantizePackTest,
                         ::testing::Combine(::testing::ValuesIn(allTargets()),
                                            ::testing::ValuesIn(allRoundings()),
                                            ::testing::ValuesIn(packCases())),
                         [](const ::testing::TestParamInfo<PackParam> &info) {
                           return std::get<0>(info.param).name() + "_" +
                                  roundingName(std::get<1>(info.param)) + "_" +
                                  std::get<2>(info.param).name;
                         });

} // namespace
} // namespace dfp::quant::test
