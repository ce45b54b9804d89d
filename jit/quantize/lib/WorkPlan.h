#ifndef DFP_QUANTIZE_WORKPLAN_H
#define DFP_QUANTIZE_WORKPLAN_H

#include "dfp/reference/Format.h"

#include <cstdint>
#include <vector>

namespace dfp::quant {

/// A rectangle of the row-major input that one kernel call handles: `count`
/// stretches of `length` elements starting `stride` apart at `offset`.
/// As Runs, stretch k is group firstGroup + k; as Columns, column j of every
/// stretch is group firstGroup + j.
struct WorkItem {
  enum class Shape : uint8_t { Runs, Columns };
  Shape shape = Shape::Runs;
  int64_t offset = 0;
  int64_t length = 0;
  int64_t count = 0;
  int64_t stride = 0;
  int64_t firstGroup = 0;

  int64_t elements() const { return length * count; }
};

/// How the exponent groups of `format` tile a tensor of `shape`, as work
/// items of at most `chunkElements` elements (a single run or row may be cut
/// into pieces; every element is covered exactly once). The format must have
/// been verified against the shape.
struct WorkPlan {
  int64_t numElements = 0;
  int64_t numGroups = 0;
  std::vector<WorkItem> items;
};

/// Appends to `out` the parts of `item` inside the element range
/// [begin, end), merging whole stretches into one item.
void clipWorkItem(const WorkItem &item, int64_t begin, int64_t end,
                  std::vector<WorkItem> &out);

WorkPlan makeWorkPlan(const std::vector<int64_t> &shape,
                      const DfpFormat &format, int64_t chunkElements);

} // namespace dfp::quant

#endif // DFP_QUANTIZE_WORKPLAN_H
