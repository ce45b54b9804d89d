#include "MemRefViews.h"

#include <string>

namespace dfp::abi {

namespace {

template <typename MemRef> MemRefView makeView(const MemRef *memref) {
  MemRefView view;
  view.aligned = memref->aligned;
  view.offset = memref->offset;
  view.sizes.assign(std::begin(memref->sizes), std::end(memref->sizes));
  view.strides.assign(std::begin(memref->strides), std::end(memref->strides));
  return view;
}

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string text;
  for (int64_t size : shape)
    text += (text.empty() ? "" : "x") + std::to_string(size);
  return text;
}

} // namespace

DfpFormat operandFormat(int64_t magBits, int64_t axis) {
  return {16, int(magBits),
          axis < 0 ? ExponentGrouping::tensor()
                   : ExponentGrouping::perAxis(int(axis))};
}

MemRefView viewOf(const DfpMemRef1D *memref) { return makeView(memref); }
MemRefView viewOf(const DfpMemRef2D *memref) { return makeView(memref); }
MemRefView viewOf(const DfpMemRef4D *memref) { return makeView(memref); }

Status contiguousData(const MemRefView &view, const std::vector<int64_t> &shape,
                      size_t elementBytes, const char *what,
                      const void *&data) {
  if (view.sizes != shape)
    return Status::error(std::string(what) + ": a " + shapeText(view.sizes) +
                         " memref where the kernel was dispatched for " +
                         shapeText(shape));
  int64_t stride = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    if (shape[d] != 1 && view.strides[d] != stride)
      return Status::error(std::string(what) +
                           ": the memref is not row-major contiguous (stride " +
                           std::to_string(view.strides[d]) + " in dimension " +
                           std::to_string(d) + ")");
    stride *= shape[d];
  }
  if (!view.aligned)
    return Status::error(std::string(what) + ": null memref");
  data = static_cast<const char *>(view.aligned) + view.offset * elementBytes;
  return Status::success();
}

Status decomposedTensor(const MemRefView &values, const MemRefView &exponent,
                        const std::vector<int64_t> &shape,
                        const DfpFormat &format, bool transpose,
                        const char *what, QuantizedTensor &tensor) {
  std::vector<int64_t> storedShape = shape;
  if (transpose)
    std::swap(storedShape[0], storedShape[1]);
  const void *valueData = nullptr, *exponentData = nullptr;
  if (Status s = format.verify(shape); !s)
    return Status::error(std::string(what) + ": " + s.message());
  const int64_t groups = numGroups(shape, format);
  if (Status s =
          contiguousData(values, storedShape, sizeof(int16_t), what, valueData);
      !s)
    return s;
  if (Status s = contiguousData(exponent, {groups}, sizeof(int32_t), what,
                                exponentData);
      !s)
    return s;
  auto *q = static_cast<const int16_t *>(valueData);
  tensor.shape = shape;
  tensor.format = format;
  auto *e = static_cast<const int32_t *>(exponentData);
  tensor.exponents.assign(e, e + groups);
  size_t count = 1;
  for (int64_t size : shape)
    count *= size_t(size);
  if (!transpose) {
    tensor.values.assign(q, q + count);
    return Status::success();
  }
  tensor.values.resize(count);
  const int64_t rows = shape[0], columns = shape[1];
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < columns; ++j)
      tensor.values[size_t(i * columns + j)] = q[j * rows + i];
  return Status::success();
}

} // namespace dfp::abi
