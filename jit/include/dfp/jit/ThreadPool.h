#ifndef DFP_JIT_THREADPOOL_H
#define DFP_JIT_THREADPOOL_H

#include "dfp/reference/Status.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dfp::jit {

/// A process-wide pool of worker threads, grown on demand, so that repeated
/// GEMM calls do not pay for thread creation.
class ThreadPool {
public:
  static ThreadPool &global();
  ~ThreadPool();

  /// Runs body(0) ... body(parts - 1) on the calling thread and up to
  /// parts - 1 pool workers, each part once, claimed in order by whichever
  /// thread is free (so which thread runs a part varies); returns the error
  /// of the lowest failed part. Reentrant calls from a worker run every part
  /// inline.
  Status parallelFor(int parts, const std::function<Status(int)> &body);

private:
  void ensureWorkers(size_t count);
  void workerLoop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

} // namespace dfp::jit

#endif // DFP_JIT_THREADPOOL_H
