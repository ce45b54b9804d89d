// Tests that every exponent grouping (per tensor, per slice of each axis,
// blocks along each axis) of 2-D and 3-D tensors matches the reference, for
// every rounding, target, thread count and work-split size.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

namespace dfp::quant::test {
namespace {

struct GroupingCase {
  std::string name;
  std::vector<int64_t> shape;
  ExponentGrouping grouping;
};

void PrintTo(const GroupingCase &value, std::ostream *os) { *os << value.name; }

std::vector<GroupingCase> groupingCases() {
  using G = ExponentGrouping;
  return {
      {"17x33_Tensor", {17, 33}, G::tensor()},
      {"17x33_Rows", {17, 33}, G::perAxis(0)},
      {"17x33_Columns", {17, 33}, G::perAxis(1)},
      {"17x33_Block3Along1", {17, 33}, G::block(3, 1)},
      {"17x33_Block17Along0", {17, 33}, G::block(17, 0)},
      {"64x3_Rows", {64, 3}, G::perAxis(0)},
      {"64x3_Columns", {64, 3}, G::perAxis(1)},
      {"64x3_Block32Along0", {64, 3}, G::block(32, 0)},
      {"24x64_Block32Along1", {24, 64}, G::block(32, 1)},
      {"24x64_Block8Along0", {24, 64}, G::block(8, 0)},
      {"5x4x6_Axis0", {5, 4, 6}, G::perAxis(0)},
      {"5x4x6_Axis1", {5, 4, 6}, G::perAxis(1)},
      {"5x4x6_Axis2", {5, 4, 6}, G::perAxis(2)},
      {"5x4x6_Block2Along1", {5, 4, 6}, G::block(2, 1)},
      {"5x4x6_Block3Along2", {5, 4, 6}, G::block(3, 2)},
  };
}

/// Values whose magnitude depends on every coordinate, so groups get
/// different exponents; the slice at index 1 of the first axis is zero.
std::vector<float> groupedValues(const std::vector<int64_t> &shape,
                                 std::mt19937 &rng) {
  int64_t n = 1;
  for (int64_t extent : shape)
    n *= extent;
  std::vector<float> x = mixedValues(n, 1.0f, 10, rng);
  for (int64_t i = 0; i < n; ++i) {
    int64_t rest = i, exponent = 0;
    for (size_t d = shape.size(); d-- > 0;) {
      int64_t coordinate = rest % shape[d];
      rest /= shape[d];
      exponent += (coordinate * int64_t(d + 3)) % 9 - 4;
      if (d == 0 && coordinate == 1 && shape.size() > 1)
        x[size_t(i)] = 0.0f;
    }
    x[size_t(i)] = std::ldexp(x[size_t(i)], int(exponent));
  }
  return x;
}

using GroupingParam = std::tuple<Target, Rounding, GroupingCase>;

class GroupingTest : public ::testing::TestWithParam<GroupingParam> {};

TEST_P(GroupingTest, MatchesReference) {
  auto [target, rounding, groupingCase] = GetParam();
  if (!target.available())
    GTEST_SKIP() << "host lacks " << jit::toString(target.isa);
  std::mt19937 rng(42);
  std::vector<float> x = groupedValues(groupingCase.shape, rng);
  for (int magBits : {11, 13, 15}) {
    SCOPED_TRACE("M = " + std::to_string(magBits));
    expectMatchesReference(x, groupingCase.shape,
                           format16(magBits, groupingCase.grouping), rounding,
                           {99, 3, 4}, target.options());
  }
}

TEST_P(GroupingTest, IndependentOfThreadsAndChunks) {
  auto [target, rounding, groupingCase] = GetParam();
  if (!target.available())
    GTEST_SKIP() << "host lacks " << jit::toString(target.isa);
  std::mt19937 rng(7);
  std::vector<float> x = groupedValues(groupingCase.shape, rng);
  for (int threads : {1, 3})
    for (int64_t chunk : {3, 64}) {
      SCOPED_TRACE("threads = " + std::to_string(threads) +
                   ", chunk = " + std::to_string(chunk));
      QuantizeOptions options = target.options();
      options.threads = threads;
      options.chunkElements = chunk;
      expectMatchesReference(x, groupingCase.shape,
                             format16(13, groupingCase.grouping), rounding,
                             {5, 1, 2}, options);
    }
}

INSTANTIATE_TEST_SUITE_P(
    AllTargets, GroupingTest,
    ::testing::Combine(::testing::ValuesIn(allTargets()),
                       ::testing::ValuesIn(allRoundings()),
                       ::testing::ValuesIn(groupingCases())),
    [](const ::testing::TestParamInfo<GroupingParam> &info) {
      return std::get<0>(info.param).name() + "_" +
             roundingName(std::get<1>(info.param)) + "_" +
             std::get<2>(info.param).name;
    });

} // namespace
} // namespace dfp::quant::test
