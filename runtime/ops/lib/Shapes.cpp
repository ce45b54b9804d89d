#include "dfp/ops/Shapes.h"

#include "Windows.h"

#include <limits>
#include <string>

namespace dfp::ops {

namespace {

std::string join(const int64_t *values, size_t count) {
  std::string text = "[";
  for (size_t i = 0; i < count; ++i)
    text += (i ? ", " : "") + std::to_string(values[i]);
  return text + "]";
}

/// a * b, or false when it leaves int64 (both positive).
bool multiplyChecked(int64_t a, int64_t b, int64_t &product) {
  if (a > std::numeric_limits<int64_t>::max() / b)
    return false;
  product = a * b;
  return true;
}

} // namespace

Status ChannelShape::fromDims(const std::vector<int64_t> &dims,
                              ChannelShape &shape) {
  if (dims.size() < 2)
    return Status::error("expected a tensor of rank >= 2 (channels on axis 1), "
                         "got shape " +
                         join(dims.data(), dims.size()));
  int64_t elements = 1, inner = 1;
  for (size_t axis = 0; axis < dims.size(); ++axis) {
    if (dims[axis] <= 0)
      return Status::error("dimension " + std::to_string(axis) + " of shape " +
                           join(dims.data(), dims.size()) +
                           " must be positive");
    if (!multiplyChecked(elements, dims[axis], elements))
      return Status::error("shape " + join(dims.data(), dims.size()) +
                           " has more elements than int64 counts");
    if (axis >= 2)
      inner *= dims[axis];
  }
  shape = ChannelShape{dims[0], dims[1], inner};
  return Status::success();
}

Status ChannelShape::verify(const char *op) const {
  int64_t elements = 1;
  const int64_t dims[] = {outer, channels, inner};
  for (int64_t dim : dims)
    if (dim <= 0 || !multiplyChecked(elements, dim, elements))
      return Status::error(std::string(op) + ": bad [outer, channels, inner] " +
                           join(dims, 3));
  return Status::success();
}

int64_t Pool2dShape::outHeight() const {
  return windowCount(height, padding[0], padding[2], kernel[0], strides[0],
                     dilations[0]);
}

int64_t Pool2dShape::outWidth() const {
  return windowCount(width, padding[1], padding[3], kernel[1], strides[1],
                     dilations[1]);
}

Status Pool2dShape::verify(const char *op) const {
  const std::string prefix = std::string(op) + ": ";
  const int64_t sizes[] = {batch, channels, height, width};
  for (int64_t size : sizes)
    if (size <= 0)
      return Status::error(prefix + "input shape " + join(sizes, 4) +
                           " must be positive");
  int64_t elements = 1;
  for (int64_t size : sizes)
    if (!multiplyChecked(elements, size, elements))
      return Status::error(prefix + "input shape " + join(sizes, 4) +
                           " has more elements than int64 counts");
  // Max pooling keeps winners as int32 offsets in a plane.
  if (height * width > std::numeric_limits<int32_t>::max())
    return Status::error(prefix + "a " + std::to_string(height) + "x" +
                         std::to_string(width) +
                         " plane has more than 2^31 - 1 elements");
  for (int axis = 0; axis < 2; ++axis)
    if (kernel[axis] <= 0 || strides[axis] <= 0 || dilations[axis] <= 0)
      return Status::error(prefix + "kernel " + join(kernel.data(), 2) +
                           ", strides " + join(strides.data(), 2) +
                           " and dilations " + join(dilations.data(), 2) +
                           " must be positive");
  for (int side = 0; side < 4; ++side)
    if (padding[side] < 0 || padding[side] >= kernel[side % 2])
      return Status::error(
          prefix + "padding " + join(padding.data(), 4) +
          " must be non-negative and smaller than the kernel " +
          join(kernel.data(), 2));
  if (outHeight() <= 0 || outWidth() <= 0)
    return Status::error(prefix + "the dilated kernel " +
                         join(kernel.data(), 2) + " does not fit the padded " +
                         std::to_string(height) + "x" + std::to_string(width) +
                         " input");
  const WindowAxis axes[] = {heightAxis(*this), widthAxis(*this)};
  for (const WindowAxis &axis : axes)
    for (int64_t out = 0; out < axis.windows; ++out)
      if (axis.taps(out).empty())
        return Status::error(prefix + "window " + std::to_string(out) +
                             " along " + axis.name +
                             " reads only padding (dilations " +
                             join(dilations.data(), 2) + ")");
  return Status::success();
}

} // namespace dfp::ops
