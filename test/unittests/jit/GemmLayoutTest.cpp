#include "dfp/jit/Gemm.h"

#include <gtest/gtest.h>

namespace dfp::jit {
namespace {

std::vector<std::pair<int64_t, int64_t>> spans(int64_t k, int64_t chain,
                                               int64_t blockA, int64_t blockB) {
  std::vector<std::pair<int64_t, int64_t>> result;
  int64_t pair = 0;
  for (const ChainSegment &s : chainSegments(k, chain, blockA, blockB)) {
    EXPECT_EQ(s.pairBegin, pair);
    EXPECT_EQ(s.pairs, (s.length + 1) / 2);
    pair += s.pairs;
    result.emplace_back(s.kBegin, s.length);
  }
  return result;
}

using Spans = std::vector<std::pair<int64_t, int64_t>>;

TEST(ChainSegmentsTest, CutsEveryChainAndAtTheEnd) {
  EXPECT_EQ(spans(65, 32, 0, 0), (Spans{{0, 32}, {32, 32}, {64, 1}}));
  EXPECT_EQ(spans(3, 32, 0, 0), (Spans{{0, 3}}));
  EXPECT_EQ(spans(1, 2, 0, 0), (Spans{{0, 1}}));
  EXPECT_EQ(spans(7, 3, 0, 0), (Spans{{0, 3}, {3, 3}, {6, 1}}));
}

TEST(ChainSegmentsTest, ExponentBlocksCutChainsAndRestartTheCount) {
  EXPECT_EQ(spans(96, 32, 48, 0),
            (Spans{{0, 32}, {32, 16}, {48, 32}, {80, 16}}));
  EXPECT_EQ(spans(12, 32, 4, 6), (Spans{{0, 4}, {4, 2}, {6, 2}, {8, 4}}));
  EXPECT_EQ(spans(9, 8, 3, 0), (Spans{{0, 3}, {3, 3}, {6, 3}}));
}

TEST(GemmLayoutTest, PackedIndicesFollowTheDocumentedFormula) {
  DfpFormat format;
  GemmOptions options;
  options.isa = Isa::Avx512Vnni;
  GemmLayout layout;
  ASSERT_TRUE(
      makeGemmLayout(7, 33, 5, format, format, 2, options, layout).ok());
  EXPECT_EQ(layout.tileRows, 6);
  EXPECT_EQ(layout.tileCols, 32);
  EXPECT_EQ(layout.kPairs, 3); // chains {0,1}, {2,3}, {4}
  EXPECT_EQ(layout.rowPanels(), 2);
  EXPECT_EQ(layout.columnPanels(), 2);
  EXPECT_EQ(layout.packedAIndex(0, 0), 0u);
  EXPECT_EQ(layout.packedAIndex(0, 1), 1u);
  EXPECT_EQ(layout.packedAIndex(1, 0), 2u);
  EXPECT_EQ(layout.packedAIndex(0, 2), 12u);
  EXPECT_EQ(layout.packedAIndex(6, 4), size_t(((1 * 3 + 2) * 6 + 0) * 2));
  EXPECT_EQ(layout.packedBIndex(3, 5), size_t(((0 * 3 + 1) * 32 + 5) * 2 + 1));
  EXPECT_EQ(layout.packedBIndex(4, 32), size_t(((1 * 3 + 2) * 32 + 0) * 2));
  EXPECT_EQ(layout.packedASize(), size_t(2 * 3 * 6 * 2));
}

TEST(GemmLayoutTest, PackingPlacesEveryElementAndZeroFillsTheRest) {
  DfpFormat format;
  GemmOptions options;
  options.isa = Isa::Avx2;
  GemmLayout layout;
  const int64_t m = 4, n = 17, k = 7;
  ASSERT_TRUE(makeGemmLayout(m, n, k, format, format, 3, options, layout).ok());
  QuantizedTensor a{{m, k}, format, {}, {0}}, b{{k, n}, format, {}, {0}};
  for (int64_t i = 0; i < m * k; ++i)
    a.values.push_back(int16_t(i + 1));
  for (int64_t i = 0; i < k * n; ++i)
    b.values.push_back(int16_t(-i - 1));
  PackedOperand pa, pb;
  ASSERT_TRUE(packA(layout, a, pa).ok());
  ASSERT_TRUE(packB(layout, b, pb).ok());
  int64_t nonZeroA = 0, nonZeroB = 0;
  for (int16_t v : pa.data)
    nonZeroA += v != 0;
  for (int16_t v : pb.data)
    nonZeroB += v != 0;
  EXPECT_EQ(nonZeroA, m * k);
  EXPECT_EQ(nonZeroB, k * n);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t kk = 0; kk < k; ++kk)
      EXPECT_EQ(pa.data[layout.packedAIndex(i, kk)], a.values[i * k + kk]);
  for (int64_t kk = 0; kk < k; ++kk)
    for (int64_t j = 0; j < n; ++j)
      EXPECT_EQ(pb.data[layout.packedBIndex(kk, j)], b.values[kk * n + j]);
  EXPECT_EQ(pa.maxAbs, m * k);
  EXPECT_EQ(pb.maxAbs, k * n);
}

TEST(GemmLayoutTest, RejectsBadPlans) {
  DfpFormat format;
  GemmOptions options;
  options.isa = Isa::Avx2;
  GemmLayout layout;
  EXPECT_FALSE(
      makeGemmLayout(4, 4, 4, format, format, 0, options, layout).ok());
  EXPECT_FALSE(
      makeGemmLayout(0, 4, 4, format, format, 2, options, layout).ok());
  DfpFormat badBlocks = format;
  badBlocks.grouping = ExponentGrouping::block(3, 1);
  Status status =
      makeGemmLayout(4, 4, 4, badBlocks, format, 2, options, layout);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("operand A"), std::string::npos);
}

} // namespace
} // namespace dfp::jit
