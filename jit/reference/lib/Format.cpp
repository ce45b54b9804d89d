#include "dfp/reference/Format.h"

#include <sstream>

namespace dfp {

const char *toString(Rounding rounding) {
  switch (rounding) {
  case Rounding::NearestEven:
    return "nearest_even";
  case Rounding::NearestUp:
    return "nearest_up";
  case Rounding::TowardZero:
    return "toward_zero";
  case Rounding::Stochastic:
    return "stochastic";
  }
  return "unknown";
}

namespace {

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::ostringstream os;
  os << '[';
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? "x" : "") << shape[i];
  os << ']';
  return os.str();
}

Status verifyGrouping(const ExponentGrouping &grouping,
                      const std::vector<int64_t> &shape) {
  using Kind = ExponentGrouping::Kind;
  if (grouping.kind == Kind::Tensor)
    return Status::success();
  int rank = int(shape.size());
  if (grouping.axis < 0 || grouping.axis >= rank)
    return Status::error("exponent axis " + std::to_string(grouping.axis) +
                         " is out of range for a tensor of shape " +
                         shapeToString(shape));
  if (grouping.kind == Kind::Axis)
    return Status::success();
  int64_t extent = shape[size_t(grouping.axis)];
  if (grouping.blockSize <= 0 || extent % grouping.blockSize != 0)
    return Status::error(
        "exponent block size " + std::to_string(grouping.blockSize) +
        " must be positive and divide dimension " +
        std::to_string(grouping.axis) + " (size " + std::to_string(extent) +
        ") of shape " + shapeToString(shape));
  return Status::success();
}

} // namespace

Status DfpFormat::verify(const std::vector<int64_t> &shape) const {
  if (storageBits != 8 && storageBits != 16)
    return Status::error("storage width must be 8 or 16 bits, got " +
                         std::to_string(storageBits));
  if (magBits < 1 || magBits > storageBits - 1)
    return Status::error("magnitude bits must be in [1, " +
                         std::to_string(storageBits - 1) + "] for " +
                         std::to_string(storageBits) + "-bit storage, got " +
                         std::to_string(magBits));
  for (int64_t extent : shape)
    if (extent < 0)
      return Status::error("negative dimension in shape " +
                           shapeToString(shape));
  return verifyGrouping(grouping, shape);
}

} // namespace dfp
