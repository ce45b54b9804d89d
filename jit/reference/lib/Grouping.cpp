#include "dfp/reference/Quantize.h"

namespace dfp {

namespace {

int64_t product(const std::vector<int64_t> &shape, size_t begin, size_t end) {
  int64_t result = 1;
  for (size_t i = begin; i < end; ++i)
    result *= shape[i];
  return result;
}

} // namespace

// Groups are numbered row-major over the shape in which the grouped axis is
// replaced by its number of groups (extent for Axis, extent / size for Block).
int64_t numGroups(const std::vector<int64_t> &shape, const DfpFormat &format) {
  using Kind = ExponentGrouping::Kind;
  const ExponentGrouping &g = format.grouping;
  if (g.kind == Kind::Tensor)
    return 1;
  size_t axis = size_t(g.axis);
  if (g.kind == Kind::Axis)
    return shape[axis];
  return product(shape, 0, shape.size()) / g.blockSize;
}

int64_t groupOf(const std::vector<int64_t> &shape, const DfpFormat &format,
                int64_t linearIndex) {
  using Kind = ExponentGrouping::Kind;
  const ExponentGrouping &g = format.grouping;
  if (g.kind == Kind::Tensor)
    return 0;
  size_t axis = size_t(g.axis);
  int64_t inner = product(shape, axis + 1, shape.size());
  int64_t extent = shape[axis];
  int64_t coordinate = (linearIndex / inner) % extent;
  if (g.kind == Kind::Axis)
    return coordinate;
  int64_t outer = linearIndex / (inner * extent);
  int64_t blocks = extent / g.blockSize;
  return (outer * blocks + coordinate / g.blockSize) * inner +
         linearIndex % inner;
}

int64_t QuantizedTensor::numElements() const {
  return product(shape, 0, shape.size());
}

int64_t QuantizedTensor::groupOf(int64_t linearIndex) const {
  return dfp::groupOf(shape, format, linearIndex);
}

} // namespace dfp
