#include "dfp/reference/Contraction.h"

#include <string>

namespace dfp {

namespace {

/// floor((in + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride)
/// + 1, or 0 when the dilated kernel does not fit the padded input.
int64_t outputExtent(int64_t in, int64_t padBefore, int64_t padAfter,
                     int64_t kernel, int64_t stride, int64_t dilation) {
  int64_t span = in + padBefore + padAfter - dilation * (kernel - 1) - 1;
  if (span < 0 || stride <= 0)
    return 0;
  return span / stride + 1;
}

Status requirePositive(const char *what, int64_t value) {
  if (value > 0)
    return Status::success();
  return Status::error(std::string("conv2d geometry: ") + what +
                       " must be positive, got " + std::to_string(value));
}

} // namespace

int64_t Conv2dShape::outHeight() const {
  return outputExtent(height, padding[0], padding[2], kernelH, strides[0],
                      dilations[0]);
}

int64_t Conv2dShape::outWidth() const {
  return outputExtent(width, padding[1], padding[3], kernelW, strides[1],
                      dilations[1]);
}

Status Conv2dShape::verify() const {
  const std::pair<const char *, int64_t> positives[] = {
      {"batch", batch},
      {"channels", channels},
      {"height", height},
      {"width", width},
      {"filters", filters},
      {"kernel height", kernelH},
      {"kernel width", kernelW},
      {"stride along H", strides[0]},
      {"stride along W", strides[1]},
      {"dilation along H", dilations[0]},
      {"dilation along W", dilations[1]},
      {"groups", groups}};
  for (const auto &[what, value] : positives)
    if (Status status = requirePositive(what, value); !status.ok())
      return status;
  for (int64_t pad : padding)
    if (pad < 0)
      return Status::error(
          "conv2d geometry: padding must not be negative, got " +
          std::to_string(pad));
  if (channels % groups != 0 || filters % groups != 0)
    return Status::error("conv2d geometry: " + std::to_string(groups) +
                         " groups must divide both the " +
                         std::to_string(channels) + " channels and the " +
                         std::to_string(filters) + " filters");
  if (outHeight() <= 0 || outWidth() <= 0)
    return Status::error(
        "conv2d geometry: the dilated " + std::to_string(kernelH) + "x" +
        std::to_string(kernelW) + " kernel does not fit the padded " +
        std::to_string(height) + "x" + std::to_string(width) + " input");
  return Status::success();
}

} // namespace dfp
