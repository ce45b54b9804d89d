#include "dfp/jit/CodeCache.h"

namespace dfp::jit {

CodeCache::CodeCache(size_t capacity) : capacity_(capacity ? capacity : 1) {}

Status CodeCache::getOrCreate(const KernelDescriptor &descriptor,
                              const KernelFactory &factory,
                              std::shared_ptr<const JitKernel> &kernel) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = index_.find(descriptor);
    if (found != index_.end()) {
      ++stats_.hits;
      lru_.splice(lru_.begin(), lru_, found->second);
      kernel = found->second->second;
      return Status::success();
    }
    ++stats_.misses;
  }
  // Generate outside the lock; a concurrent miss on the same descriptor
  // generates twice and keeps the first inserted.
  std::unique_ptr<JitKernel> generated;
  Status status = factory(descriptor, generated);
  if (!status)
    return status;
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = index_.find(descriptor);
  if (found != index_.end()) {
    kernel = found->second->second;
    return Status::success();
  }
  lru_.emplace_front(descriptor,
                     std::shared_ptr<const JitKernel>(std::move(generated)));
  index_.emplace(descriptor, lru_.begin());
  kernel = lru_.front().second;
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
    ++stats_.evictions;
  }
  return Status::success();
}

CodeCacheStats CodeCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  CodeCacheStats stats = stats_;
  stats.size = lru_.size();
  stats.capacity = capacity_;
  return stats;
}

void CodeCache::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  lru_.clear();
  index_.clear();
  stats_ = {};
}

CodeCache &CodeCache::global() {
  static CodeCache cache;
  return cache;
}

} // namespace dfp::jit
