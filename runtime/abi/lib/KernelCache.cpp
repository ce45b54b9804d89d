#include "KernelCache.h"

#include "ErrorState.h"

#include "dfp/abi/KernelAbi.h"
#include "dfp/jit/Isa.h"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <string>

namespace dfp::abi {

namespace {

std::atomic<int32_t> threadsSetting{0};

constexpr int kMaxThreads = 1024;

Status threadCount(int &threads) {
  if (int32_t set = threadsSetting.load(); set > 0) {
    threads = set;
    return Status::success();
  }
  const char *text = std::getenv("DFP_NUM_THREADS");
  if (!text || !*text) {
    threads = 1;
    return Status::success();
  }
  char *end = nullptr;
  errno = 0;
  long value = std::strtol(text, &end, 10);
  if (errno || *end || value < 1 || value > kMaxThreads)
    return Status::error("DFP_NUM_THREADS='" + std::string(text) +
                         "' is not a thread count in 1-" +
                         std::to_string(kMaxThreads));
  threads = int(value);
  return Status::success();
}

} // namespace

KernelCache &KernelCache::global() {
  static KernelCache cache;
  return cache;
}

Kernel *KernelCache::getOrPlan(const KernelKey &key, const Planner &plan) {
  // Planning generates code; holding the lock meanwhile keeps one plan per
  // descriptor, and dispatches happen once per compiled function call.
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = kernels_.find(key); it != kernels_.end())
    return it->second.get();
  if (kernels_.size() >= kMaxKernels) {
    recordError("dfp_rt dispatch: more than " + std::to_string(kMaxKernels) +
                " distinct kernel descriptors");
    return nullptr;
  }
  std::unique_ptr<Kernel> kernel;
  if (recordStatus(plan(kernel)) != DFP_RT_OK)
    return nullptr;
  return kernels_.emplace(key, std::move(kernel)).first->second.get();
}

bool completeKey(KernelKey &key, int &threads) {
  jit::Isa isa;
  if (recordStatus(jit::effectiveMaxIsa(isa)) != DFP_RT_OK ||
      recordStatus(threadCount(threads)) != DFP_RT_OK)
    return false;
  key.push_back(int64_t(isa));
  key.push_back(threads);
  return true;
}

} // namespace dfp::abi

extern "C" void dfp_rt_set_threads(int32_t threads) {
  dfp::abi::threadsSetting.store(threads);
}
