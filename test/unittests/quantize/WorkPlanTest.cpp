// Tests that work plans cover every element exactly once with the group the
// reference assigns (dfp::groupOf), for every grouping and chunk size, and
// that clipping a plan to an element range keeps exactly that range.
#include "WorkPlan.h"

#include "dfp/reference/Quantize.h"

#include <gtest/gtest.h>

namespace dfp::quant {
namespace {

struct PlanCase {
  std::vector<int64_t> shape;
  ExponentGrouping grouping;
};

std::vector<PlanCase> planCases() {
  using G = ExponentGrouping;
  return {{{37}, G::tensor()},         {{36}, G::block(4, 0)},
          {{6, 10}, G::perAxis(0)},    {{6, 10}, G::perAxis(1)},
          {{6, 10}, G::block(5, 1)},   {{6, 10}, G::block(3, 0)},
          {{3, 4, 5}, G::perAxis(1)},  {{3, 4, 5}, G::block(2, 1)},
          {{3, 4, 5}, G::block(5, 2)}, {{2, 0, 3}, G::perAxis(2)}};
}

/// Group of every element according to `items` (-1: not covered; -2:
/// covered twice).
std::vector<int64_t> groupsFromItems(const std::vector<WorkItem> &items,
                                     int64_t n) {
  std::vector<int64_t> groups(size_t(n), -1);
  for (const WorkItem &item : items)
    for (int64_t k = 0; k < item.count; ++k)
      for (int64_t j = 0; j < item.length; ++j) {
        int64_t &slot = groups[size_t(item.offset + k * item.stride + j)];
        bool runs = item.shape == WorkItem::Shape::Runs;
        slot = slot == -1 ? item.firstGroup + (runs ? k : j) : -2;
      }
  return groups;
}

TEST(WorkPlanTest, CoversEveryElementOnceWithTheReferenceGroup) {
  for (const PlanCase &c : planCases())
    for (int64_t chunk : {1, 2, 7, 1000}) {
      DfpFormat format;
      format.grouping = c.grouping;
      ASSERT_TRUE(format.verify(c.shape).ok());
      WorkPlan plan = makeWorkPlan(c.shape, format, chunk);
      EXPECT_EQ(plan.numGroups, numGroups(c.shape, format));
      std::vector<int64_t> groups =
          groupsFromItems(plan.items, plan.numElements);
      for (int64_t i = 0; i < plan.numElements; ++i)
        ASSERT_EQ(groups[size_t(i)], groupOf(c.shape, format, i))
            << "element " << i << ", chunk " << chunk;
      for (const WorkItem &item : plan.items)
        EXPECT_LE(item.elements(), chunk);
    }
}

TEST(WorkPlanTest, ClippingKeepsExactlyTheRange) {
  for (const PlanCase &c : planCases()) {
    DfpFormat format;
    format.grouping = c.grouping;
    for (int64_t chunk : {int64_t(7), int64_t(1) << 20}) {
      WorkPlan plan = makeWorkPlan(c.shape, format, chunk);
      int64_t n = plan.numElements;
      for (int64_t begin = 0; begin <= n; begin += 3)
        for (int64_t end = begin; end <= n; end += 5) {
          std::vector<WorkItem> clipped;
          for (const WorkItem &item : plan.items)
            clipWorkItem(item, begin, end, clipped);
          std::vector<int64_t> groups = groupsFromItems(clipped, n);
          for (int64_t i = 0; i < n; ++i) {
            int64_t expected =
                i >= begin && i < end ? groupOf(c.shape, format, i) : -1;
            ASSERT_EQ(groups[size_t(i)], expected)
                << "element " << i << " of [" << begin << ", " << end << ")";
          }
        }
    }
  }
}

} // namespace
} // namespace dfp::quant
