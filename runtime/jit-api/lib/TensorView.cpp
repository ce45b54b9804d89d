#include "dfp/runtime/TensorView.h"

namespace dfp {

const char *toString(ElementType type) {
  switch (type) {
  case ElementType::F32:
    return "f32";
  case ElementType::I8:
    return "i8";
  case ElementType::I16:
    return "i16";
  case ElementType::I32:
    return "i32";
  case ElementType::I64:
    return "i64";
  }
  return "?";
}

int64_t byteWidth(ElementType type) {
  switch (type) {
  case ElementType::F32:
  case ElementType::I32:
    return 4;
  case ElementType::I8:
    return 1;
  case ElementType::I16:
    return 2;
  case ElementType::I64:
    return 8;
  }
  return 1;
}

int64_t TensorView::numElements() const {
  int64_t count = 1;
  for (int64_t extent : shape)
    count *= extent;
  return count;
}

std::vector<int64_t> TensorView::effectiveStrides() const {
  if (!strides.empty())
    return strides;
  std::vector<int64_t> rowMajor(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;)
    rowMajor[i - 1] = rowMajor[i] * shape[i];
  return rowMajor;
}

bool TensorView::isContiguous() const {
  if (strides.empty())
    return true;
  int64_t expected = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    if (shape[i] != 1 && strides[i] != expected)
      return false;
    expected *= shape[i];
  }
  return true;
}

} // namespace dfp
