#include "dfp/jit/Gemm.h"
#include "dfp/reference/ChainLength.h"
#include "dfp/reference/Contraction.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <mutex>
#include <random>

namespace dfp::jit {
namespace {

// --- Test data -------------------------------------------------------------

/// Exponent groupings: Axis is per row of A / column of B, Block is blocks
/// along K; PerK (one exponent per k) and CrossBlock (blocks along the other
/// axis) make every k its own group.
enum class Grouping { Tensor, Axis, Block, PerK, CrossBlock };
enum class Values { Random, Edge };

struct GemmCase {
  int64_t m = 1, n = 1, k = 1;
  int magA = 13, magB = 13;
  Grouping groupA = Grouping::Tensor, groupB = Grouping::Tensor;
  int64_t blockA = 0, blockB = 0; // for Grouping::Block (must divide k)
  Values values = Values::Random;
  int threads = 1;
  int64_t chain = 0; // 0: the longest the operands' true ranges allow
  int exponentLow = -30, exponentHigh = 10;
  bool smallBlocks = false; // cache blocks of a few tiles and chains

  GemmOptions blocking(GemmOptions options) const {
    if (smallBlocks) {
      options.kBlock = 40;
      options.mBlock = 12;
      options.nBlock = 40;
    }
    return options;
  }

  std::string name() const {
    static const char *groupings[] = {"tensor", "axis", "block", "perk",
                                      "crossblock"};
    std::string s = "m" + std::to_string(m) + "_n" + std::to_string(n) + "_k" +
                    std::to_string(k) + "_mag" + std::to_string(magA) + "x" +
                    std::to_string(magB) + "_" + groupings[int(groupA)] +
                    (groupA == Grouping::Block ? std::to_string(blockA) : "") +
                    "_" + groupings[int(groupB)] +
                    (groupB == Grouping::Block ? std::to_string(blockB) : "") +
                    (values == Values::Edge ? "_edge" : "") + "_t" +
                    std::to_string(threads) +
                    (smallBlocks ? "_smallblocks" : "");
    if (chain)
      s += "_chain" + std::to_string(chain);
    if (exponentLow != -30 || exponentHigh != 10)
      s += "_exp" + std::string(exponentLow < 0 ? "m" : "") +
           std::to_string(std::abs(exponentLow)) + "to" +
           (exponentHigh < 0 ? "m" : "") +
           std::to_string(std::abs(exponentHigh));
    return s;
  }
};

int64_t blockFor(int64_t k, int64_t limit);

/// The grouping of an operand whose non-reduction axis is `axis` (0 for A,
/// 1 for B), with K-blocks of `block` and the shape rows x cols.
ExponentGrouping grouping(Grouping g, int axis, int64_t block, int64_t rows,
                          int64_t cols) {
  switch (g) {
  case Grouping::Tensor:
    return ExponentGrouping::tensor();
  case Grouping::Axis:
    return ExponentGrouping::perAxis(axis);
  case Grouping::Block:
    return ExponentGrouping::block(block, 1 - axis);
  case Grouping::PerK:
    return ExponentGrouping::perAxis(1 - axis);
  case Grouping::CrossBlock:
    return ExponentGrouping::block(blockFor(axis == 0 ? rows : cols, 4), axis);
  }
  return {};
}

/// Edge operands mix +-(2^M - 1), 0 and (for A only, so that some chain
/// length remains valid) -32768, the value imported int16 data may hold.
QuantizedTensor makeOperand(int64_t rows, int64_t cols, int mag, Grouping g,
                            int axis, int64_t block, Values values,
                            bool allowMinInt, const GemmCase &c,
                            std::mt19937 &rng) {
  QuantizedTensor t;
  t.shape = {rows, cols};
  t.format.magBits = mag;
  t.format.grouping = grouping(g, axis, block, rows, cols);
  int32_t max = (1 << mag) - 1;
  std::uniform_int_distribution<int32_t> value(-max, max);
  std::uniform_int_distribution<int> pick(0, 7);
  for (int64_t i = 0; i < rows * cols; ++i) {
    if (values == Values::Random) {
      t.values.push_back(int16_t(value(rng)));
      continue;
    }
    int choice = pick(rng);
    int32_t v = choice < 3 ? max : choice < 6 ? -max : choice == 6 ? 0 : -32768;
    if (v == -32768 && !allowMinInt)
      v = -max;
    t.values.push_back(int16_t(v));
  }
  std::uniform_int_distribution<int32_t> exponent(c.exponentLow,
                                                  c.exponentHigh);
  for (int64_t i = 0; i < numGroups(t.shape, t.format); ++i)
    t.exponents.push_back(exponent(rng));
  return t;
}

int32_t maxAbs(const QuantizedTensor &t) {
  int32_t m = 0;
  for (int16_t v : t.values)
    m = std::max(m, std::abs(int32_t(v)));
  return m;
}

struct Problem {
  QuantizedTensor a, b;
  int64_t chain = 0;
  std::vector<float> expected;
};

/// Operands and dfp::matmul's result, built once per case and shared by
/// every backend.
const Problem &problemFor(const GemmCase &c) {
  static std::mutex mutex;
  static std::map<std::string, Problem> problems;
  std::lock_guard<std::mutex> lock(mutex);
  std::string key = c.name();
  auto found = problems.find(key);
  if (found != problems.end())
    return found->second;
  std::mt19937 rng(uint32_t(std::hash<std::string>()(key)));
  Problem p;
  p.a = makeOperand(c.m, c.k, c.magA, c.groupA, 0, c.blockA, c.values, true, c,
                    rng);
  p.b = makeOperand(c.k, c.n, c.magB, c.groupB, 1, c.blockB, c.values, false, c,
                    rng);
  p.chain = c.chain ? c.chain : chainLengthForRange(maxAbs(p.a), maxAbs(p.b));
  if (p.chain <= 0)
    p.chain = 2;
  p.expected.assign(size_t(c.m * c.n), 0.0f);
  Status status = matmul(p.a, p.b, p.chain, p.expected.data());
  EXPECT_TRUE(status.ok()) << status.message();
  return problems.emplace(key, std::move(p)).first->second;
}

// --- Backends ---------------------------------------------------------------

struct Backend {
  Isa isa;
  ExecutionMode mode;
  bool avxVnni = false;

  std::string name() const {
    return std::string(toString(isa)) + (avxVnni ? "_avxvnni" : "") +
           (mode == ExecutionMode::Emulated ? "_emulated" : "_native");
  }
  bool available() const {
    if (mode == ExecutionMode::Emulated || isa == Isa::Scalar)
      return true;
    return hostSupports(isa) && (!avxVnni || hostFeatures().avxVnni);
  }
  GemmOptions options(int threads) const {
    GemmOptions o;
    o.isa = isa;
    o.avxVnni = avxVnni;
    o.execution = mode;
    o.threads = threads;
    return o;
  }
};

std::vector<Backend> backends(ExecutionMode mode) {
  return {{Isa::Avx512Vnni, mode},
          {Isa::Avx512bw, mode},
          {Isa::Avx2, mode},
          {Isa::Avx2, mode, true}};
}

/// Runs the case through the packed API (so Scalar exercises the packed
/// scalar path rather than calling dfp::matmul itself).
void expectBitIdentical(const Backend &backend, const GemmCase &c) {
  if (!backend.available())
    GTEST_SKIP() << backend.name() << " is not supported by this host";
  const Problem &p = problemFor(c);
  GemmOptions options = c.blocking(backend.options(c.threads));
  GemmLayout layout;
  Status status = makeGemmLayout(c.m, c.n, c.k, p.a.format, p.b.format, p.chain,
                                 options, layout);
  ASSERT_TRUE(status.ok()) << status.message();
  PackedOperand a, b;
  ASSERT_TRUE(packA(layout, p.a, a).ok());
  ASSERT_TRUE(packB(layout, p.b, b).ok());
  std::vector<float> c32(p.expected.size(), -1.0f);
  status = gemmPacked(layout, a, b, c32.data(), options);
  ASSERT_TRUE(status.ok()) << status.message();
  for (size_t i = 0; i < c32.size(); ++i)
    if (std::memcmp(&c32[i], &p.expected[i], sizeof(float)) != 0) {
      ADD_FAILURE() << "first difference at row " << i / c.n << ", column "
                    << i % c.n << ": " << c32[i] << " vs reference "
                    << p.expected[i] << " (chain " << p.chain << ")";
      return;
    }
}

// --- Case lists -------------------------------------------------------------

const int64_t kSizes[] = {1, 2, 3, 15, 16, 17, 31, 33, 63, 65, 255, 257};

/// Largest divisor of k that is at most `limit` (a block size along K).
int64_t blockFor(int64_t k, int64_t limit) {
  for (int64_t b = std::min(k, limit); b > 1; --b)
    if (k % b == 0)
      return b;
  return 1;
}

/// Gives a case its format, groupings, values and thread count from `variant`
/// so that a sweep over shapes also sweeps those.
GemmCase vary(int64_t m, int64_t n, int64_t k, int variant) {
  GemmCase c;
  c.m = m;
  c.n = n;
  c.k = k;
  c.magA = 11 + variant % 5;
  c.magB = 11 + (variant / 5 + variant) % 5;
  c.groupA = Grouping(variant % 5);
  c.groupB = Grouping((variant / 5 + 2 * variant) % 5);
  c.blockA = blockFor(k, 32);
  c.blockB = blockFor(k, variant % 2 ? 16 : 32);
  c.values = variant % 4 == 3 ? Values::Edge : Values::Random;
  c.threads = 1 + variant % 3;
  c.smallBlocks = variant % 5 == 4;
  return c;
}

/// A third of the size cube (every size meets every other), up to `maxWork`
/// multiply-adds per case.
std::vector<GemmCase> cubeCases(int64_t maxWork) {
  std::vector<GemmCase> cases;
  int variant = 0;
  for (int64_t m : kSizes)
    for (int64_t n : kSizes)
      for (int64_t k : kSizes) {
        if ((m + 3 * n + 7 * k) % 3 != 0)
          continue;
        GemmCase c = vary(m, n, k, variant++);
        if (m * n * k <= maxWork)
          cases.push_back(c);
      }
  return cases;
}

std::vector<GemmCase> nativeCases() { return cubeCases(4200000); }

std::vector<GemmCase> emulatedCases() {
  const int64_t shapes[][3] = {
      {1, 1, 1},    {2, 3, 15},   {3, 16, 17},  {15, 17, 31},
      {16, 31, 33}, {17, 33, 63}, {31, 63, 65}, {33, 65, 2},
      {63, 15, 16}, {65, 2, 3},   {7, 17, 255}, {13, 33, 257},
      {255, 3, 33}, {5, 257, 31}, {257, 1, 17}, {6, 32, 64}};
  // The small part of the native cube (same variants, so the emulated and
  // native runs of a case share the reference result), then larger shapes.
  std::vector<GemmCase> cases = cubeCases(100000);
  int variant = 0;
  for (const auto &s : shapes)
    for (int repeat = 0; repeat < 3; ++repeat)
      cases.push_back(vary(s[0], s[1], s[2], variant++));
  return cases;
}

/// Formats M = 11..15 on both operands, edge values, exponent kinds.
std::vector<GemmCase> formatCases() {
  std::vector<GemmCase> cases;
  for (int magA = 11; magA <= 15; ++magA)
    for (int magB = 11; magB <= 15; ++magB)
      for (Values values : {Values::Random, Values::Edge}) {
        GemmCase c;
        c.m = 9;
        c.n = 35;
        c.k = 67;
        c.magA = magA;
        c.magB = magB;
        c.values = values;
        c.groupA = Grouping::Axis;
        c.groupB = Grouping::Axis;
        cases.push_back(c);
      }
  return cases;
}

/// Chains that are odd, longer than K, or cut by exponent blocks; scales
/// near the bottom of the float range (subnormal powers, the scalar
/// fallback of row x column scales).
std::vector<GemmCase> chainAndScaleCases() {
  std::vector<GemmCase> cases;
  auto add = [&](int64_t chain, Grouping ga, int64_t ba, Grouping gb,
                 int64_t bb, int low, int high) {
    GemmCase c;
    c.m = 13;
    c.n = 37;
    c.k = 96;
    c.magA = 12;
    c.magB = 12;
    c.chain = chain;
    c.groupA = ga;
    c.groupB = gb;
    c.blockA = ba;
    c.blockB = bb;
    c.exponentLow = low;
    c.exponentHigh = high;
    cases.push_back(c);
  };
  add(7, Grouping::Tensor, 0, Grouping::Tensor, 0, -30, 10);
  add(1, Grouping::Axis, 0, Grouping::Tensor, 0, -30, 10);
  add(100, Grouping::Tensor, 0, Grouping::Axis, 0, -30, 10);
  add(32, Grouping::Block, 48, Grouping::Block, 32, -30, 10);
  add(10, Grouping::Block, 3, Grouping::Axis, 0, -30, 10);
  add(24, Grouping::Block, 96, Grouping::Block, 12, -30, 10);
  add(16, Grouping::PerK, 0, Grouping::Axis, 0, -30, 10);
  add(16, Grouping::CrossBlock, 0, Grouping::PerK, 0, -30, 10);
  add(16, Grouping::Tensor, 0, Grouping::CrossBlock, 0, -30, 10);
  // Sums of exponents around the subnormal range: zero, subnormal and
  // normal scales in one product.
  add(32, Grouping::Tensor, 0, Grouping::Axis, 0, -80, -60);
  add(32, Grouping::Axis, 0, Grouping::Tensor, 0, -80, -60);
  // Row x column scales: outside the exact range (scalar fallback) ...
  add(32, Grouping::Axis, 0, Grouping::Axis, 0, -80, -60);
  add(32, Grouping::Axis, 0, Grouping::Block, 16, -140, -100);
  // ... and inside it, down to subnormal and up to overflowing products.
  add(32, Grouping::Block, 32, Grouping::Axis, 0, -70, -40);
  add(32, Grouping::Axis, 0, Grouping::Block, 16, 30, 63);
  return cases;
}

void PrintTo(const Backend &backend, std::ostream *os) {
  *os << backend.name();
}
void PrintTo(const GemmCase &c, std::ostream *os) { *os << c.name(); }

using Param = std::tuple<Backend, GemmCase>;

std::string paramName(const testing::TestParamInfo<Param> &info) {
  return std::get<0>(info.param).name() + "_" + std::get<1>(info.param).name();
}

class GemmBitExactTest : public testing::TestWithParam<Param> {};

TEST_P(GemmBitExactTest, MatchesReference) {
  expectBitIdentical(std::get<0>(GetParam()), std::get<1>(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    Native, GemmBitExactTest,
    testing::Combine(testing::ValuesIn(backends(ExecutionMode::Native)),
                     testing::ValuesIn(nativeCases())),
    paramName);

INSTANTIATE_TEST_SUITE_P(
    Emulated, GemmBitExactTest,
    testing::Combine(testing::ValuesIn(backends(ExecutionMode::Emulated)),
                     testing::ValuesIn(emulatedCases())),
    paramName);

INSTANTIATE_TEST_SUITE_P(
    Formats, GemmBitExactTest,
    testing::Combine(testing::Values(Backend{Isa::Avx512Vnni,
                                             ExecutionMode::Auto},
                                     Backend{Isa::Avx2, ExecutionMode::Auto},
                                     Backend{Isa::Scalar, ExecutionMode::Auto}),
                     testing::ValuesIn(formatCases())),
    paramName);

INSTANTIATE_TEST_SUITE_P(
    ChainsAndScales, GemmBitExactTest,
    testing::Combine(
        testing::Values(Backend{Isa::Avx512Vnni, ExecutionMode::Auto},
                        Backend{Isa::Avx512bw, ExecutionMode::Emulated},
                        Backend{Isa::Avx2, ExecutionMode::Auto},
                        Backend{Isa::Scalar, ExecutionMode::Auto}),
        testing::ValuesIn(chainAndScaleCases())),
    paramName);

// --- Entry point, threads, cache and errors --------------------------------

GemmCase threadCase() {
  GemmCase c;
  c.m = 65;
  c.n = 63;
  c.k = 255;
  c.groupA = Grouping::Block;
  c.blockA = 51;
  c.groupB = Grouping::Axis;
  return c;
}

TEST(GemmTest, ResultsDoNotDependOnThreadCount) {
  const Problem &p = problemFor(threadCase());
  for (int threads : {1, 2, 3, 4}) {
    GemmOptions options;
    options.threads = threads;
    options.mBlock = 12; // several M blocks per thread
    options.kBlock = 64;
    std::vector<float> c(p.expected.size());
    ASSERT_TRUE(gemm(p.a, p.b, p.chain, c.data(), options).ok());
    EXPECT_EQ(
        0, std::memcmp(c.data(), p.expected.data(), c.size() * sizeof(float)))
        << threads << " threads";
  }
}

TEST(GemmTest, EntryPointMatchesReferenceAtEveryCapLevel) {
  const Problem &p = problemFor(threadCase());
  for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512bw, Isa::Avx512Vnni}) {
    GemmOptions options;
    options.isa = isa;
    std::vector<float> c(p.expected.size());
    Status status = gemm(p.a, p.b, p.chain, c.data(), options);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(
        0, std::memcmp(c.data(), p.expected.data(), c.size() * sizeof(float)))
        << toString(isa);
  }
}

TEST(GemmTest, BadMaxIsaIsReportedByTheEntryPoint) {
  const Problem &p = problemFor(threadCase());
  setenv("DFP_MAX_ISA", "avx9", 1);
  std::vector<float> c(p.expected.size());
  Status status = gemm(p.a, p.b, p.chain, c.data());
  unsetenv("DFP_MAX_ISA");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("DFP_MAX_ISA"), std::string::npos);
}

TEST(GemmTest, MaxIsaCapsTheKernelsUsed) {
  const Problem &p = problemFor(threadCase());
  CodeCache cache;
  GemmOptions options;
  options.cache = &cache;
  setenv("DFP_MAX_ISA", "avx2", 1);
  std::vector<float> c(p.expected.size());
  Status status = gemm(p.a, p.b, p.chain, c.data(), options);
  unsetenv("DFP_MAX_ISA");
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(0,
            std::memcmp(c.data(), p.expected.data(), c.size() * sizeof(float)));
  EXPECT_GT(cache.stats().size, 0u);
  // Every kernel generated under the cap is an Avx2 one: a second run at
  // Avx2 hits, a run at Avx512bw misses.
  options.isa = Isa::Avx2;
  uint64_t misses = cache.stats().misses;
  ASSERT_TRUE(gemm(p.a, p.b, p.chain, c.data(), options).ok());
  EXPECT_EQ(cache.stats().misses, misses);
  options.isa = Isa::Avx512bw;
  options.execution = ExecutionMode::Emulated;
  ASSERT_TRUE(gemm(p.a, p.b, p.chain, c.data(), options).ok());
  EXPECT_GT(cache.stats().misses, misses);
}

TEST(GemmTest, KernelsComeFromTheCacheOnRepeatedRuns) {
  const Problem &p = problemFor(threadCase()); // M = 65: full + tail kernels
  CodeCache cache(1);
  GemmOptions options;
  options.cache = &cache;
  options.isa = Isa::Avx2;
  std::vector<float> c(p.expected.size());
  ASSERT_TRUE(gemm(p.a, p.b, p.chain, c.data(), options).ok());
  CodeCacheStats first = cache.stats();
  EXPECT_EQ(first.misses, 2u);
  EXPECT_EQ(first.evictions, 1u) << "capacity 1 holds one of the two";
  CodeCache roomy;
  options.cache = &roomy;
  ASSERT_TRUE(gemm(p.a, p.b, p.chain, c.data(), options).ok());
  ASSERT_TRUE(gemm(p.a, p.b, p.chain, c.data(), options).ok());
  EXPECT_EQ(roomy.stats().misses, 2u);
  EXPECT_EQ(roomy.stats().hits, 2u);
  EXPECT_EQ(0,
            std::memcmp(c.data(), p.expected.data(), c.size() * sizeof(float)));
}

TEST(GemmTest, ChainThatCanOverflowIsRejected) {
  GemmCase c;
  c.m = 3;
  c.n = 4;
  c.k = 40;
  c.values = Values::Edge;
  const Problem &p = problemFor(c);
  std::vector<float> out(12);
  GemmOptions options;
  options.isa = Isa::Avx2;
  Status status = gemm(p.a, p.b, p.chain + 2, out.data(), options);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("overflow"), std::string::npos);
}

TEST(GemmTest, EmptyReductionGivesWhatTheReferenceGives) {
  QuantizedTensor a{{3, 0}, DfpFormat{}, {}, {0}};
  QuantizedTensor b{{0, 4}, DfpFormat{}, {}, {0}};
  std::vector<float> expected(12, -1.0f), c(12, -2.0f);
  Status reference = matmul(a, b, 32, expected.data());
  Status status = gemm(a, b, 32, c.data());
  ASSERT_EQ(status.ok(), reference.ok()) << status.message();
  if (status.ok())
    EXPECT_EQ(c, expected);
}

TEST(GemmTest, MismatchedShapesAreRejected) {
  const Problem &p = problemFor(threadCase());
  std::vector<float> c(p.expected.size());
  EXPECT_FALSE(gemm(p.b, p.b, p.chain, c.data()).ok());
}

} // namespace
} // namespace dfp::jit
