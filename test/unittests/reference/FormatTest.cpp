#include "TestSupport.h"

#include "dfp/reference/Format.h"
#include "dfp/reference/Quantize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>

namespace dfp {
namespace {

using test::makeFormat;
using testing::HasSubstr;

TEST(FormatVerifyTest, AcceptsValidFormats) {
  for (int m = 1; m <= 15; ++m)
    EXPECT_TRUE(makeFormat(16, m).verify({4, 6}).ok()) << m;
  for (int m = 1; m <= 7; ++m)
    EXPECT_TRUE(makeFormat(8, m).verify({4, 6}).ok()) << m;
  EXPECT_TRUE(
      makeFormat(16, 13, ExponentGrouping::perAxis(1)).verify({4, 6}).ok());
  EXPECT_TRUE(
      makeFormat(16, 13, ExponentGrouping::block(3, 1)).verify({4, 6}).ok());
}

struct BadFormat {
  const char *name;
  DfpFormat format;
  std::vector<int64_t> shape;
  const char *message;
};

std::ostream &operator<<(std::ostream &os, const BadFormat &c) {
  return os << c.name;
}

class FormatRejectTest : public testing::TestWithParam<BadFormat> {};

TEST_P(FormatRejectTest, ExplainsTheProblem) {
  Status status = GetParam().format.verify(GetParam().shape);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Formats, FormatRejectTest,
    testing::Values(
        BadFormat{"Storage12", makeFormat(12, 8), {4}, "must be 8 or 16"},
        BadFormat{"ZeroMagnitude", makeFormat(16, 0), {4}, "got 0"},
        BadFormat{
            "MagnitudeFillsStorage16", makeFormat(16, 16), {4}, "[1, 15]"},
        BadFormat{"MagnitudeFillsStorage8", makeFormat(8, 8), {4}, "[1, 7]"},
        BadFormat{"AxisOutOfRange",
                  makeFormat(16, 13, ExponentGrouping::perAxis(2)),
                  {4, 6},
                  "axis 2 is out of range"},
        BadFormat{"NegativeAxis",
                  makeFormat(16, 13, ExponentGrouping::perAxis(-1)),
                  {4, 6},
                  "axis -1"},
        BadFormat{"BlockNotDividing",
                  makeFormat(16, 13, ExponentGrouping::block(4, 1)),
                  {4, 6},
                  "block size 4"},
        BadFormat{"ZeroBlock",
                  makeFormat(16, 13, ExponentGrouping::block(0, 0)),
                  {4, 6},
                  "must be positive"},
        BadFormat{"NegativeExtent", makeFormat(16, 13), {4, -1}, "negative"}),
    [](const testing::TestParamInfo<BadFormat> &info) {
      return std::string(info.param.name);
    });

TEST(RoundingNameTest, SpellsTheDialectNames) {
  EXPECT_STREQ(toString(Rounding::NearestEven), "nearest_even");
  EXPECT_STREQ(toString(Rounding::NearestUp), "nearest_up");
  EXPECT_STREQ(toString(Rounding::TowardZero), "toward_zero");
  EXPECT_STREQ(toString(Rounding::Stochastic), "stochastic");
}

struct GroupingCase {
  const char *name;
  ExponentGrouping grouping;
};

std::ostream &operator<<(std::ostream &os, const GroupingCase &c) {
  return os << c.name;
}

class GroupingTest : public testing::TestWithParam<GroupingCase> {};

// Each group is the set of elements sharing the coordinates that identify it:
// the axis coordinate (Axis), or the block along the axis plus every other
// coordinate (Block). Checked here from explicit coordinates.
TEST_P(GroupingTest, GroupsAreRowMajorOverTheReducedShape) {
  const std::vector<int64_t> shape{3, 4, 6};
  const DfpFormat format = makeFormat(16, 13, GetParam().grouping);
  ASSERT_TRUE(format.verify(shape).ok());
  const ExponentGrouping &g = format.grouping;
  std::vector<int64_t> reduced = shape;
  if (g.kind == ExponentGrouping::Kind::Tensor)
    reduced = {1};
  else if (g.kind == ExponentGrouping::Kind::Axis)
    reduced = {shape[size_t(g.axis)]};
  else
    reduced[size_t(g.axis)] /= g.blockSize;
  EXPECT_EQ(numGroups(shape, format), test::product(reduced));

  int64_t linear = 0;
  for (int64_t i = 0; i < shape[0]; ++i)
    for (int64_t j = 0; j < shape[1]; ++j)
      for (int64_t k = 0; k < shape[2]; ++k, ++linear) {
        int64_t coords[3] = {i, j, k};
        int64_t expected = 0;
        if (g.kind == ExponentGrouping::Kind::Axis) {
          expected = coords[g.axis];
        } else if (g.kind == ExponentGrouping::Kind::Block) {
          coords[g.axis] /= g.blockSize;
          expected =
              (coords[0] * reduced[1] + coords[1]) * reduced[2] + coords[2];
        }
        EXPECT_EQ(groupOf(shape, format, linear), expected)
            << i << "," << j << "," << k;
      }
}

INSTANTIATE_TEST_SUITE_P(
    Groupings, GroupingTest,
    testing::Values(GroupingCase{"Tensor", ExponentGrouping::tensor()},
                    GroupingCase{"Axis0", ExponentGrouping::perAxis(0)},
                    GroupingCase{"Axis1", ExponentGrouping::perAxis(1)},
                    GroupingCase{"Axis2", ExponentGrouping::perAxis(2)},
                    GroupingCase{"Block3On0", ExponentGrouping::block(3, 0)},
                    GroupingCase{"Block2On1", ExponentGrouping::block(2, 1)},
                    GroupingCase{"Block3On2", ExponentGrouping::block(3, 2)},
                    GroupingCase{"Block1On2", ExponentGrouping::block(1, 2)}),
    [](const testing::TestParamInfo<GroupingCase> &info) {
      return std::string(info.param.name);
    });

TEST(QuantizedTensorTest, GroupOfAndCountUseTheTensorsFormat) {
  QuantizedTensor t;
  t.shape = {2, 4};
  t.format = makeFormat(16, 13, ExponentGrouping::block(2, 1));
  EXPECT_EQ(t.numElements(), 8);
  EXPECT_EQ(t.groupOf(0), 0);
  EXPECT_EQ(t.groupOf(3), 1);
  EXPECT_EQ(t.groupOf(5), 2);
  EXPECT_EQ(t.groupOf(7), 3);
}

} // namespace
} // namespace dfp
