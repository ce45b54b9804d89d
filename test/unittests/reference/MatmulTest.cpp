#include "TestSupport.h"

#include "dfp/reference/ChainLength.h"
#include "dfp/reference/Contraction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace dfp {
namespace {

using test::makeFormat;
using test::randomTensor;
using testing::HasSubstr;

/// How A's and B's exponents are grouped; block sizes along K derive from K.
enum class Layout { Tensor, RowsColumns, BlocksAlongK, PerIndexAlongK };

const char *layoutName(Layout layout) {
  switch (layout) {
  case Layout::Tensor:
    return "Tensor";
  case Layout::RowsColumns:
    return "RowsColumns";
  case Layout::BlocksAlongK:
    return "BlocksAlongK";
  case Layout::PerIndexAlongK:
    return "PerIndexAlongK";
  }
  return "?";
}

std::ostream &operator<<(std::ostream &os, Layout layout) {
  return os << layoutName(layout);
}

int64_t smallestDivisor(int64_t k) {
  for (int64_t d = 2; d <= k; ++d)
    if (k % d == 0)
      return d;
  return 1;
}

/// Block sizes along K of A and B for `layout` (0 = constant along K).
std::pair<int64_t, int64_t> blocksAlongK(Layout layout, int64_t k) {
  if (layout == Layout::BlocksAlongK)
    return {smallestDivisor(k), k / smallestDivisor(k)};
  if (layout == Layout::PerIndexAlongK)
    return {1, 1};
  return {0, 0};
}

std::pair<ExponentGrouping, ExponentGrouping> groupings(Layout layout,
                                                        int64_t k) {
  auto [blockA, blockB] = blocksAlongK(layout, k);
  switch (layout) {
  case Layout::Tensor:
    return {ExponentGrouping::tensor(), ExponentGrouping::tensor()};
  case Layout::RowsColumns:
    return {ExponentGrouping::perAxis(0), ExponentGrouping::perAxis(1)};
  case Layout::BlocksAlongK:
    return {ExponentGrouping::block(blockA, 1),
            ExponentGrouping::block(blockB, 0)};
  case Layout::PerIndexAlongK:
    return {ExponentGrouping::perAxis(1), ExponentGrouping::perAxis(0)};
  }
  return {};
}

/// Exponent of A[i][p] and B[p][j], written out per layout (independently
/// of the library's groupOf).
int32_t exponentA(const QuantizedTensor &a, Layout layout, int64_t i,
                  int64_t p) {
  const int64_t k = a.shape[1];
  switch (layout) {
  case Layout::Tensor:
    return a.exponents[0];
  case Layout::RowsColumns:
    return a.exponents[size_t(i)];
  case Layout::BlocksAlongK: {
    int64_t block = blocksAlongK(layout, k).first;
    return a.exponents[size_t(i * (k / block) + p / block)];
  }
  case Layout::PerIndexAlongK:
    return a.exponents[size_t(p)];
  }
  return 0;
}

int32_t exponentB(const QuantizedTensor &b, Layout layout, int64_t p,
                  int64_t j) {
  const int64_t k = b.shape[0], n = b.shape[1];
  switch (layout) {
  case Layout::Tensor:
    return b.exponents[0];
  case Layout::RowsColumns:
    return b.exponents[size_t(j)];
  case Layout::BlocksAlongK: {
    int64_t block = blocksAlongK(layout, k).second;
    return b.exponents[size_t((p / block) * n + j)];
  }
  case Layout::PerIndexAlongK:
    return b.exponents[size_t(p)];
  }
  return 0;
}

/// DESIGN §2 written directly: K is cut at every `chain` indices since the
/// last cut and at every block end of A or B; each INT32 chain sum is
/// flushed with one fmaf.
std::vector<float> chainRuleMatmul(const QuantizedTensor &a,
                                   const QuantizedTensor &b, Layout layout,
                                   int64_t chain) {
  const int64_t m = a.shape[0], k = a.shape[1], n = b.shape[1];
  auto [blockA, blockB] = blocksAlongK(layout, k);
  auto nextBlockEnd = [](int64_t p, int64_t block) {
    return block ? (p / block + 1) * block : INT64_MAX;
  };
  std::vector<float> c(size_t(m * n));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float acc = 0.0f;
      for (int64_t begin = 0; begin < k;) {
        int64_t end = std::min({k, begin + chain, nextBlockEnd(begin, blockA),
                                nextBlockEnd(begin, blockB)});
        int64_t sum = 0;
        for (int64_t p = begin; p < end; ++p)
          sum += int64_t(a.values[size_t(i * k + p)]) *
                 b.values[size_t(p * n + j)];
        EXPECT_LE(std::abs(sum), INT32_MAX);
        int scale =
            exponentA(a, layout, i, begin) + exponentB(b, layout, begin, j);
        acc = std::fma(float(sum), std::ldexp(1.0f, scale), acc);
        begin = end;
      }
      c[size_t(i * n + j)] = acc;
    }
  return c;
}

std::vector<double> exactMatmul(const QuantizedTensor &a,
                                const QuantizedTensor &b) {
  std::vector<double> av = test::exactValues(a), bv = test::exactValues(b);
  std::vector<double> c(size_t(a.shape[0] * b.shape[1]));
  matmulF64(av.data(), bv.data(), a.shape[0], b.shape[1], a.shape[1], c.data());
  return c;
}

std::vector<float> runMatmul(const QuantizedTensor &a, const QuantizedTensor &b,
                             int64_t chain) {
  std::vector<float> c(size_t(a.shape[0] * b.shape[1]), NAN);
  Status status = matmul(a, b, chain, c.data());
  EXPECT_TRUE(status.ok()) << status.message();
  return c;
}

struct Dims {
  int64_t m, n, k;
};

std::ostream &operator<<(std::ostream &os, const Dims &d) {
  return os << d.m << "x" << d.n << "x" << d.k;
}

using ExactParam = std::tuple<Layout, Dims, int64_t>;

class MatmulExactTest : public testing::TestWithParam<ExactParam> {};

// |q| <= 15 and exponents within 3 of each other: every partial sum is an
// integer multiple of the smallest scale below 2^24, so FP32 holds it
// exactly and the result is the exact sum whatever the chains.
TEST_P(MatmulExactTest, EqualsTheExactSumWhenSumsStayBelow2To24) {
  const auto &[layout, dims, chain] = GetParam();
  auto [ga, gb] = groupings(layout, dims.k);
  std::mt19937 rng(uint32_t(dims.m * 7919 + dims.n * 31 + dims.k));
  QuantizedTensor a = randomTensor(rng, {dims.m, dims.k},
                                   makeFormat(16, 13, ga), -15, 15, -3, 0);
  QuantizedTensor b = randomTensor(rng, {dims.k, dims.n},
                                   makeFormat(16, 13, gb), -15, 15, -3, 0);
  std::vector<float> c = runMatmul(a, b, chain);
  std::vector<double> exact = exactMatmul(a, b);
  for (size_t i = 0; i < c.size(); ++i)
    ASSERT_EQ(double(c[i]), exact[i]) << "element " << i;
}

std::vector<Dims> exactDims() {
  std::vector<Dims> dims;
  for (int64_t k : {1, 3, 17, 63, 65, 255})
    for (auto [m, n] : {std::pair<int64_t, int64_t>{1, 1}, {3, 17}, {17, 3}})
      dims.push_back({m, n, k});
  return dims;
}

const Layout kLayouts[] = {Layout::Tensor, Layout::RowsColumns,
                           Layout::BlocksAlongK, Layout::PerIndexAlongK};

std::string dimsName(const Dims &d) {
  return std::to_string(d.m) + "x" + std::to_string(d.n) + "x" +
         std::to_string(d.k);
}

INSTANTIATE_TEST_SUITE_P(
    Sweep, MatmulExactTest,
    testing::Combine(testing::ValuesIn(kLayouts),
                     testing::ValuesIn(exactDims()),
                     testing::Values(int64_t(1), int64_t(2), int64_t(32))),
    [](const testing::TestParamInfo<ExactParam> &info) {
      return std::string(layoutName(std::get<0>(info.param))) + "_" +
             dimsName(std::get<1>(info.param)) + "_Chain" +
             std::to_string(std::get<2>(info.param));
    });

using ChainParam = std::tuple<Layout, int>;

class MatmulChainTest : public testing::TestWithParam<ChainParam> {};

// Full-range data: chain sums reach 2^28 and more, so the FP32 conversion
// and accumulation round and the bits depend on where chains are cut.
TEST_P(MatmulChainTest, FollowsTheChainRuleOnFullRangeData) {
  const auto &[layout, magBits] = GetParam();
  const int64_t m = 5, n = 7, k = 255;
  const int32_t limit = (1 << magBits) - 1;
  auto [ga, gb] = groupings(layout, k);
  std::mt19937 rng(static_cast<uint32_t>(magBits));
  QuantizedTensor a = randomTensor(rng, {m, k}, makeFormat(16, magBits, ga),
                                   -limit, limit, -20, 5);
  QuantizedTensor b = randomTensor(rng, {k, n}, makeFormat(16, magBits, gb),
                                   limit / 2, limit, -20, 5);
  a.values[0] = int16_t(limit); // the format's extremes
  a.values[1] = int16_t(-limit);
  const int64_t chain = chainLength(magBits, magBits);
  std::vector<float> c = runMatmul(a, b, chain);
  std::vector<float> expected = chainRuleMatmul(a, b, layout, chain);
  for (size_t i = 0; i < c.size(); ++i)
    ASSERT_EQ(test::floatBits(c[i]), test::floatBits(expected[i]))
        << "element " << i << ": " << c[i] << " vs " << expected[i];

  // The data is such that the cuts are visible in the bits.
  if (layout != Layout::PerIndexAlongK && chain > 2) {
    std::vector<float> shorter = runMatmul(a, b, 2);
    EXPECT_EQ(shorter, chainRuleMatmul(a, b, layout, 2));
    EXPECT_NE(shorter, c);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Formats, MatmulChainTest,
    testing::Combine(testing::ValuesIn(kLayouts), testing::Range(11, 16)),
    [](const testing::TestParamInfo<ChainParam> &info) {
      return std::string(layoutName(std::get<0>(info.param))) + "_M" +
             std::to_string(std::get<1>(info.param));
    });

TEST(MatmulTest, LongChainsOverBlocksStillCutAtBlockEnds) {
  // Block 16 along K for A, 64 for B, chain 32: cuts at 16, 32, 48, 64, ...
  const int64_t m = 3, n = 4, k = 128;
  std::mt19937 rng(17);
  QuantizedTensor a = randomTensor(
      rng, {m, k}, makeFormat(16, 13, ExponentGrouping::block(16, 1)), -8191,
      8191, -4, 4);
  QuantizedTensor b = randomTensor(
      rng, {k, n}, makeFormat(16, 13, ExponentGrouping::block(64, 0)), -8191,
      8191, -4, 4);
  std::vector<float> c = runMatmul(a, b, 32);
  std::vector<double> av = test::exactValues(a), bv = test::exactValues(b);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float acc = 0.0f;
      for (int64_t begin = 0; begin < k; begin += 16) {
        int64_t sum = 0;
        for (int64_t p = begin; p < begin + 16; ++p)
          sum += int64_t(a.values[size_t(i * k + p)]) *
                 b.values[size_t(p * n + j)];
        int e = a.exponents[size_t(i * 8 + begin / 16)] +
                b.exponents[size_t((begin / 64) * n + j)];
        acc = std::fma(float(sum), std::ldexp(1.0f, e), acc);
      }
      EXPECT_EQ(c[size_t(i * n + j)], acc) << i << "," << j;
    }
}

TEST(MatmulTest, MostNegativeValueIsExactWithTheTrueRangeChain) {
  // Imported -32768 against -32767: the true range bounds the chain at 2
  // (2 * 32768 * 32767 = 2147418112 <= 2^31 - 1), and the sum is exact.
  const int64_t k = 6;
  std::mt19937 rng(2);
  QuantizedTensor a =
      randomTensor(rng, {1, k}, makeFormat(16, 15), -32768, -32768);
  QuantizedTensor b =
      randomTensor(rng, {k, 1}, makeFormat(16, 15), -32767, -32767, -30, -30);
  const int64_t chain = chainLengthForRange(maxAbsValue(a), maxAbsValue(b));
  ASSERT_EQ(chain, 2);
  std::vector<float> c = runMatmul(a, b, chain);
  EXPECT_EQ(c, chainRuleMatmul(a, b, Layout::Tensor, chain));
  // Three chains of 2147418112 * 2^-30, each exact in FP32 after rounding
  // the chain sum (2147418112 -> 2147418112, a multiple of 2^7).
  EXPECT_EQ(double(c[0]), 3 * 2147418112.0 * std::ldexp(1.0, -30));

  Status status = matmul(a, b, 3, c.data());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("chain 3"));
  EXPECT_THAT(status.message(), HasSubstr("3 * 32768 * 32767"));
  EXPECT_THAT(status.message(), HasSubstr("longest safe chain is 2"));
}

TEST(MatmulTest, MostNegativeInBothOperandsAllowsOnlySingleProducts) {
  std::mt19937 rng(3);
  QuantizedTensor a =
      randomTensor(rng, {2, 5}, makeFormat(16, 15), -32768, 32767);
  QuantizedTensor b =
      randomTensor(rng, {5, 3}, makeFormat(16, 15), -32768, 32767);
  a.values[3] = -32768;
  b.values[4] = -32768;
  std::vector<float> c = runMatmul(a, b, 1);
  EXPECT_EQ(c, chainRuleMatmul(a, b, Layout::Tensor, 1));
  Status status = matmul(a, b, 2, c.data());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("longest safe chain is 1"));
}

TEST(MatmulTest, Int8OperandsUseTheirTrueRange) {
  std::mt19937 rng(4);
  QuantizedTensor a = randomTensor(rng, {4, 9}, makeFormat(8, 7), -128, 127);
  QuantizedTensor b =
      randomTensor(rng, {9, 2}, makeFormat(8, 7), -128, 127, -3, 3);
  a.values[0] = b.values[0] = -128;
  EXPECT_EQ(runMatmul(a, b, 4), chainRuleMatmul(a, b, Layout::Tensor, 4));
  float c[8];
  EXPECT_FALSE(matmul(a, b, 131072, c).ok()); // 131072 * 128 * 128 = 2^31
  EXPECT_TRUE(matmul(a, b, 131071, c).ok());
}

TEST(MatmulTest, EmptyReductionGivesZeros) {
  QuantizedTensor a, b;
  a.shape = {2, 0};
  b.shape = {0, 3};
  a.exponents = b.exponents = {0};
  std::vector<float> c = runMatmul(a, b, 2);
  EXPECT_EQ(c, std::vector<float>(6, 0.0f));
}

struct MatmulErrorCase {
  const char *name;
  std::vector<int64_t> shapeA, shapeB;
  int64_t chain;
  const char *message;
};

std::ostream &operator<<(std::ostream &os, const MatmulErrorCase &c) {
  return os << c.name;
}

class MatmulErrorTest : public testing::TestWithParam<MatmulErrorCase> {};

TEST_P(MatmulErrorTest, IsReported) {
  const MatmulErrorCase &c = GetParam();
  std::mt19937 rng(5);
  QuantizedTensor a =
      randomTensor(rng, c.shapeA, makeFormat(16, 13), -8191, 8191);
  QuantizedTensor b =
      randomTensor(rng, c.shapeB, makeFormat(16, 13), -8191, 8191);
  a.values[0] = 8191; // the full range, so the overflow bound is known
  b.values[0] = -8191;
  std::vector<float> out(64);
  Status status = matmul(a, b, c.chain, out.data());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(c.message));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, MatmulErrorTest,
    testing::Values(
        MatmulErrorCase{"InnerMismatch", {2, 3}, {4, 2}, 2, "B has 4 rows"},
        MatmulErrorCase{"Rank", {2, 3, 1}, {3, 2}, 2, "must be matrices"},
        MatmulErrorCase{"ZeroChain", {2, 3}, {3, 2}, 0, "must be positive"},
        MatmulErrorCase{"NegativeChain", {2, 3}, {3, 2}, -4, "got -4"},
        MatmulErrorCase{
            "Overflow", {2, 3}, {3, 2}, 34, "chain 34 could overflow INT32"}),
    [](const testing::TestParamInfo<MatmulErrorCase> &info) {
      return std::string(info.param.name);
    });

TEST(MatmulTest, RejectsInconsistentTensors) {
  std::mt19937 rng(6);
  QuantizedTensor a = randomTensor(rng, {2, 3}, makeFormat(16, 13), -5, 5);
  QuantizedTensor b = randomTensor(rng, {3, 2}, makeFormat(16, 13), -5, 5);
  float c[4];
  b.values.pop_back();
  EXPECT_THAT(matmul(a, b, 2, c).message(),
              HasSubstr("matmul operand B: 5 values for 6 elements"));
  b.values.push_back(0);
  a.exponents.push_back(0);
  EXPECT_THAT(matmul(a, b, 2, c).message(),
              HasSubstr("matmul operand A: 2 exponents given"));
}

} // namespace
} // namespace dfp
