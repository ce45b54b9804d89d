#include "ConvTestSupport.h"

#include <gtest/gtest.h>

#include <cstring>

namespace dfp::conv::test {
namespace {

ConvOptions hostOptions() {
  ConvOptions options;
  options.isa = jit::hostIsa();
  return options;
}

ConvCase smallCase(Values values = Values::Random) {
  ConvCase c;
  c.shape = makeShape(1, 3, 5, 5, 4, 3, 3, 1, 1);
  c.values = values;
  return c;
}

TEST(ConvErrors, NonPositiveChain) {
  const ConvCase c = smallCase();
  const ConvProblem &p = problemFor(c);
  std::vector<float> y(p.y.size());
  Status status = conv2dForward(p.x, p.w, c.shape, 0, y.data(), hostOptions());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("chain length must be positive"),
            std::string::npos)
      << status.message();
}

TEST(ConvErrors, ChainThatCanOverflow) {
  ConvCase c = smallCase(Values::Edge);
  c.magActivation = c.magFilter = 15;
  const ConvProblem &p = problemFor(c);
  std::vector<float> dx(p.dx.size());
  Status status =
      conv2dBackwardData(p.dy, p.w, c.shape, 64, dx.data(), hostOptions());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("could overflow INT32"), std::string::npos)
      << status.message();
}

TEST(ConvErrors, GroupsMustDivideChannels) {
  Conv2dShape shape = makeShape(1, 3, 5, 5, 4, 3, 3, 1, 1, 1, 2);
  ConvPlan plan;
  Status status =
      makeConvPlan(ConvDirection::Forward, shape, {}, 32, hostOptions(), plan);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("groups must divide"), std::string::npos)
      << status.message();
}

TEST(ConvErrors, ActivationExponentsAlongWidth) {
  const ConvCase c = smallCase();
  ConvFormats formats;
  formats.first.grouping = ExponentGrouping::perAxis(3);
  ConvPlan plan;
  Status status = makeConvPlan(ConvDirection::BackwardFilter, c.shape, formats,
                               32, hostOptions(), plan);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("may not vary along H or W"),
            std::string::npos)
      << status.message();
}

TEST(ConvErrors, TensorOfAnotherShape) {
  const ConvCase c = smallCase();
  const ConvProblem &p = problemFor(c);
  ConvPlan plan;
  ASSERT_TRUE(makeConvPlan(ConvDirection::BackwardFilter, c.shape,
                           {p.x.format, p.dy.format}, p.chainBackwardFilter,
                           hostOptions(), plan)
                  .ok());
  QuantizedTensor wrong = p.x;
  wrong.shape[3] = 4;
  wrong.values.resize(size_t(wrong.numElements()));
  std::vector<float> dw(p.dw.size());
  Status status = runBackwardFilter(plan, wrong, p.dy, dw.data());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("does not match the plan"), std::string::npos)
      << status.message();
}

TEST(ConvErrors, PlanOfAnotherDirection) {
  const ConvCase c = smallCase();
  const ConvProblem &p = problemFor(c);
  ConvPlan plan;
  ASSERT_TRUE(makeConvPlan(ConvDirection::Forward, c.shape,
                           {p.x.format, p.w.format}, p.chainForward,
                           hostOptions(), plan)
                  .ok());
  PackedConvWeights packed;
  ASSERT_TRUE(packWeights(plan, p.w, packed).ok());
  std::vector<float> dx(p.dx.size());
  Status status = runBackwardData(plan, p.dy, packed, dx.data());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("the plan is for conv2d"), std::string::npos)
      << status.message();
}

/// One plan serves any number of runs on new data.
TEST(ConvPlanReuse, SamePlanNewData) {
  ConvCase first = smallCase(), second = smallCase();
  second.chain = 32; // another problem key, hence other values
  first.chain = 32;
  first.magActivation = 12; // distinct key; chain 32 fits both
  const ConvProblem &a = problemFor(first);
  const ConvProblem &b = problemFor(second);
  ConvPlan plan;
  ASSERT_TRUE(makeConvPlan(ConvDirection::Forward, first.shape,
                           {a.x.format, a.w.format}, 32, hostOptions(), plan)
                  .ok());
  for (const ConvProblem *p : {&a, &b, &a}) {
    PackedConvWeights packed;
    ASSERT_TRUE(packWeights(plan, p->w, packed).ok());
    std::vector<float> y(p->y.size());
    ASSERT_TRUE(runForward(plan, p->x, packed, y.data()).ok());
    EXPECT_EQ(0, std::memcmp(y.data(), p->y.data(), y.size() * sizeof(float)));
  }
}

} // namespace
} // namespace dfp::conv::test
