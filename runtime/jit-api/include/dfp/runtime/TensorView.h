#ifndef DFP_RUNTIME_TENSORVIEW_H
#define DFP_RUNTIME_TENSORVIEW_H

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace dfp {

enum class ElementType : uint8_t { F32, I8, I16, I32, I64 };

const char *toString(ElementType type);
/// Bytes per element.
int64_t byteWidth(ElementType type);

/// Caller-owned memory of a tensor: element type, shape and strides in
/// elements (empty strides: row-major contiguous).
struct TensorView {
  void *data = nullptr;
  ElementType type = ElementType::F32;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;

  int64_t numElements() const;
  /// `strides`, or the row-major ones when they are empty.
  std::vector<int64_t> effectiveStrides() const;
  bool isContiguous() const;

  template <typename T>
  static TensorView of(T *data, std::vector<int64_t> shape,
                       std::vector<int64_t> strides = {});
};

/// One argument of a JIT call: an f32/integer tensor, a DFP tensor (its
/// integers and its exponents, one i32 per group), or an i32/i64 scalar.
struct JitArgument {
  enum class Kind : uint8_t { Tensor, Dfp, I32, I64 };
  Kind kind = Kind::Tensor;
  TensorView tensor;    // Tensor: the tensor; Dfp: the integers
  TensorView exponents; // Dfp only
  int64_t scalar = 0;   // I32, I64

  static JitArgument of(TensorView tensor) {
    return {Kind::Tensor, std::move(tensor), {}, 0};
  }
  static JitArgument dfp(TensorView values, TensorView exponents) {
    return {Kind::Dfp, std::move(values), std::move(exponents), 0};
  }
  static JitArgument i32(int32_t value) { return {Kind::I32, {}, {}, value}; }
  static JitArgument i64(int64_t value) { return {Kind::I64, {}, {}, value}; }
};

namespace detail {
template <typename T> constexpr ElementType elementTypeOf();
template <> constexpr ElementType elementTypeOf<float>() {
  return ElementType::F32;
}
template <> constexpr ElementType elementTypeOf<int8_t>() {
  return ElementType::I8;
}
template <> constexpr ElementType elementTypeOf<int16_t>() {
  return ElementType::I16;
}
template <> constexpr ElementType elementTypeOf<int32_t>() {
  return ElementType::I32;
}
template <> constexpr ElementType elementTypeOf<int64_t>() {
  return ElementType::I64;
}
} // namespace detail

template <typename T>
TensorView TensorView::of(T *data, std::vector<int64_t> shape,
                          std::vector<int64_t> strides) {
  return {const_cast<void *>(static_cast<const void *>(data)),
          detail::elementTypeOf<std::remove_const_t<T>>(), std::move(shape),
          std::move(strides)};
}

} // namespace dfp

#endif // DFP_RUNTIME_TENSORVIEW_H
