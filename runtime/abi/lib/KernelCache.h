#ifndef DFP_ABI_LIB_KERNELCACHE_H
#define DFP_ABI_LIB_KERNELCACHE_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace dfp::abi {

/// What a dispatch returns: a planned kernel, owned by the cache.
class Kernel {
public:
  virtual ~Kernel() = default;
};

/// The descriptor a kernel is planned from, with the ISA level and thread
/// count it was planned for.
using KernelKey = std::vector<int64_t>;

/// Thread-safe, keyed by the whole descriptor. Entries are never evicted:
/// compiled functions keep the handles they dispatched for as long as they
/// live, so the cache is instead bounded by refusing new descriptors past
/// `kMaxKernels` (the generated code itself lives in bounded jit::CodeCache).
class KernelCache {
public:
  static constexpr size_t kMaxKernels = 4096;
  using Planner = std::function<Status(std::unique_ptr<Kernel> &)>;

  static KernelCache &global();

  /// The kernel of `key`, planned by `plan` on a miss (a failed plan is not
  /// cached). Null with the error recorded on failure.
  Kernel *getOrPlan(const KernelKey &key, const Planner &plan);

private:
  std::mutex mutex_;
  std::map<KernelKey, std::unique_ptr<Kernel>> kernels_;
};

/// Appends the ISA level (DFP_MAX_ISA applied) and the thread count
/// (dfp_rt_set_threads, DFP_NUM_THREADS) to a descriptor; false with the
/// error recorded when either setting is invalid.
bool completeKey(KernelKey &key, int &threads);

} // namespace dfp::abi

#endif // DFP_ABI_LIB_KERNELCACHE_H
