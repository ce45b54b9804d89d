#include "WorkPlan.h"

#include <algorithm>
#include <cassert>

namespace dfp::quant {

namespace {

int64_t product(const std::vector<int64_t> &shape, size_t begin, size_t end) {
  int64_t result = 1;
  for (size_t i = begin; i < end; ++i)
    result *= shape[i];
  return result;
}

/// Cuts `item` into pieces of at most `chunk` elements.
void appendChunked(const WorkItem &item, int64_t chunk,
                   std::vector<WorkItem> &items) {
  if (item.elements() == 0)
    return;
  if (item.shape == WorkItem::Shape::Runs && item.length > chunk) {
    for (int64_t k = 0; k < item.count; ++k)
      for (int64_t p = 0; p < item.length; p += chunk)
        items.push_back({item.shape, item.offset + k * item.stride + p,
                         std::min(chunk, item.length - p), 1, item.stride,
                         item.firstGroup + k});
    return;
  }
  // Runs shorter than a chunk are batched whole; column rectangles are cut
  // both ways (a column piece keeps its groups, only firstGroup moves).
  int64_t width = std::min(item.length, chunk);
  int64_t rowsPerPiece = std::max<int64_t>(1, chunk / width);
  bool runs = item.shape == WorkItem::Shape::Runs;
  for (int64_t c = 0; c < item.length; c += width)
    for (int64_t r = 0; r < item.count; r += rowsPerPiece)
      items.push_back({item.shape, item.offset + r * item.stride + c,
                       std::min(width, item.length - c),
                       std::min(rowsPerPiece, item.count - r), item.stride,
                       item.firstGroup + (runs ? r : c)});
}

int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

} // namespace

void clipWorkItem(const WorkItem &item, int64_t begin, int64_t end,
                  std::vector<WorkItem> &out) {
  if (item.elements() == 0 || begin >= end)
    return;
  bool runs = item.shape == WorkItem::Shape::Runs;
  // Stretches k in [first, last] intersect the range.
  int64_t first = std::max<int64_t>(
      0, floorDiv(begin - item.length - item.offset, item.stride) + 1);
  int64_t last = std::min<int64_t>(
      item.count - 1, floorDiv(end - 1 - item.offset, item.stride));
  int64_t wholeFrom = -1; // first stretch of the pending run of whole ones
  auto flushWhole = [&](int64_t upTo) {
    if (wholeFrom < 0)
      return;
    out.push_back({item.shape, item.offset + wholeFrom * item.stride,
                   item.length, upTo - wholeFrom, item.stride,
                   item.firstGroup + (runs ? wholeFrom : 0)});
    wholeFrom = -1;
  };
  for (int64_t k = first; k <= last; ++k) {
    int64_t start = item.offset + k * item.stride;
    int64_t from = std::max(start, begin);
    int64_t to = std::min(start + item.length, end);
    if (from == start && to == start + item.length) {
      if (wholeFrom < 0)
        wholeFrom = k;
      continue;
    }
    flushWhole(k);
    out.push_back({item.shape, from, to - from, 1, item.stride,
                   item.firstGroup + (runs ? k : from - start)});
  }
  flushWhole(last + 1);
}

WorkPlan makeWorkPlan(const std::vector<int64_t> &shape,
                      const DfpFormat &format, int64_t chunkElements) {
  assert(chunkElements > 0);
  using Kind = ExponentGrouping::Kind;
  const ExponentGrouping &grouping = format.grouping;
  WorkPlan plan;
  plan.numElements = product(shape, 0, shape.size());
  int64_t n = plan.numElements;

  std::vector<WorkItem> whole;
  if (grouping.kind == Kind::Tensor) {
    plan.numGroups = 1;
    whole.push_back({WorkItem::Shape::Runs, 0, n, 1, n, 0});
  } else {
    size_t axis = size_t(grouping.axis);
    int64_t outer = product(shape, 0, axis);
    int64_t extent = shape[axis];
    int64_t inner = product(shape, axis + 1, shape.size());
    if (grouping.kind == Kind::Axis) {
      plan.numGroups = extent;
      if (inner == 1)
        whole.push_back(
            {WorkItem::Shape::Columns, 0, extent, outer, extent, 0});
      else
        for (int64_t o = 0; o < outer; ++o)
          whole.push_back({WorkItem::Shape::Runs, o * extent * inner, inner,
                           extent, inner, 0});
    } else {
      int64_t block = grouping.blockSize;
      int64_t blocks = extent / block;
      plan.numGroups = outer * blocks * inner;
      if (inner == 1)
        whole.push_back({WorkItem::Shape::Runs, 0, block, n / block, block, 0});
      else
        for (int64_t o = 0; o < outer; ++o)
          for (int64_t b = 0; b < blocks; ++b)
            whole.push_back({WorkItem::Shape::Columns,
                             (o * extent + b * block) * inner, inner, block,
                             inner, (o * blocks + b) * inner});
    }
  }
  for (const WorkItem &item : whole)
    appendChunked(item, chunkElements, plan.items);
  return plan;
}

} // namespace dfp::quant
