#include "ParallelFor.h"

#include "FloatEnvironment.h"

#include "dfp/jit/ThreadPool.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

namespace dfp::quant {

Status
parallelFor(int64_t tasks, int threads,
            const std::function<Status(int64_t task, int worker)> &body) {
  int workers = int(std::clamp<int64_t>(tasks, 1, std::max(threads, 1)));
  std::atomic<int64_t> next{0};
  std::mutex errorMutex;
  int64_t firstFailedTask = tasks;
  Status firstError = Status::success();

  auto work = [&](int worker) {
    DefaultFloatEnvironment environment;
    for (int64_t task = next++; task < tasks; task = next++) {
      Status status = body(task, worker);
      if (status.ok())
        continue;
      std::lock_guard<std::mutex> lock(errorMutex);
      if (task < firstFailedTask) {
        firstFailedTask = task;
        firstError = std::move(status);
      }
    }
  };
  // The process-wide pool: a training step quantizes dozens of tensors, and
  // creating threads for each (or waiting for new ones to be scheduled on a
  // busy machine) cost more than the conversions.
  Status pool = jit::ThreadPool::global().parallelFor(workers, [&](int worker) {
    work(worker);
    return Status::success();
  });
  (void)pool; // work() records failures itself
  return firstError;
}

} // namespace dfp::quant
