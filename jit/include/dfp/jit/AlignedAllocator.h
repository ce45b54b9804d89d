#ifndef DFP_JIT_ALIGNEDALLOCATOR_H
#define DFP_JIT_ALIGNEDALLOCATOR_H

#include <cstddef>
#include <new>
#include <vector>

namespace dfp::jit {

/// Cache-line (64-byte) aligned storage for packed operands.
template <typename T> struct AlignedAllocator {
  using value_type = T;
  static constexpr std::align_val_t alignment{64};

  AlignedAllocator() = default;
  template <typename U> AlignedAllocator(const AlignedAllocator<U> &) {}

  T *allocate(size_t n) {
    return static_cast<T *>(::operator new(n * sizeof(T), alignment));
  }
  void deallocate(T *p, size_t) { ::operator delete(p, alignment); }
  template <typename U> bool operator==(const AlignedAllocator<U> &) const {
    return true;
  }
  template <typename U> bool operator!=(const AlignedAllocator<U> &) const {
    return false;
  }
};

template <typename T> using AlignedVector = std::vector<T, AlignedAllocator<T>>;

} // namespace dfp::jit

#endif // DFP_JIT_ALIGNEDALLOCATOR_H
