#ifndef DFP_CONV_LIB_CONVTASKS_H
#define DFP_CONV_LIB_CONVTASKS_H

#include "dfp/conv/Conv.h"

#include <array>
#include <functional>

namespace dfp::conv {

/// Runs body(begin, end) over contiguous slices of [0, count), one per
/// thread (plan.options.threads); each task writes its own outputs, so the
/// split changes no bits.
Status parallelTasks(const ConvPlan &plan, int64_t count,
                     const std::function<Status(int64_t, int64_t)> &body);

enum class BufferUse { View, Rows, Panel, SharedPanels, Transposed, Count };

/// A per-thread buffer of at least `size` elements kept across runs (pool
/// threads persist), so that large scratch does not fault in fresh pages on
/// every run. Contents are unspecified. Buffers of the calling thread may be
/// shared with the pool's threads for the duration of a parallelTasks call.
template <typename T>
jit::AlignedVector<T> &threadBuffer(BufferUse use, size_t size) {
  thread_local std::array<jit::AlignedVector<T>, size_t(BufferUse::Count)>
      buffers;
  jit::AlignedVector<T> &buffer = buffers[size_t(use)];
  if (buffer.size() < size)
    buffer.resize(size);
  return buffer;
}

inline jit::AlignedVector<int16_t> &threadBuffer(BufferUse use, size_t size) {
  return threadBuffer<int16_t>(use, size);
}

} // namespace dfp::conv

#endif // DFP_CONV_LIB_CONVTASKS_H
