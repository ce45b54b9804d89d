#ifndef DFP_JIT_CODECACHE_H
#define DFP_JIT_CODECACHE_H

#include "dfp/jit/JitKernel.h"
#include "dfp/jit/KernelDescriptor.h"
#include "dfp/reference/Status.h"

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace dfp::jit {

struct CodeCacheStats {
  uint64_t hits = 0, misses = 0, evictions = 0;
  size_t size = 0, capacity = 0;
};

/// Builds the kernel a descriptor names (generation + finalisation).
using KernelFactory = std::function<Status(const KernelDescriptor &,
                                           std::unique_ptr<JitKernel> &)>;

/// Bounded, thread-safe cache of generated kernels keyed by the whole
/// descriptor, least-recently-used eviction. Kernels are shared: an evicted
/// kernel stays valid for holders of its shared_ptr.
class CodeCache {
public:
  explicit CodeCache(size_t capacity = 512);

  /// Returns the cached kernel for `descriptor`, generating it with `factory`
  /// on a miss. A factory error is returned and nothing is cached.
  Status getOrCreate(const KernelDescriptor &descriptor,
                     const KernelFactory &factory,
                     std::shared_ptr<const JitKernel> &kernel);

  CodeCacheStats stats() const;
  void clear();

  /// The process-wide cache the gemm entry points use by default.
  static CodeCache &global();

private:
  using Entry = std::pair<KernelDescriptor, std::shared_ptr<const JitKernel>>;
  mutable std::mutex mutex_;
  size_t capacity_;
  std::list<Entry> lru_; // most recent first
  std::unordered_map<KernelDescriptor, std::list<Entry>::iterator,
                     KernelDescriptorHash>
      index_;
  CodeCacheStats stats_;
};

} // namespace dfp::jit

#endif // DFP_JIT_CODECACHE_H
