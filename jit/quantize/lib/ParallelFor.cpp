#include "ParallelFor.h"

#include "FloatEnvironment.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
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
  std::vector<std::thread> pool;
  for (int worker = 1; worker < workers; ++worker)
    pool.emplace_back(work, worker);
  work(0);
  for (std::thread &thread : pool)
    thread.join();
  return firstError;
}

} // namespace dfp::quant
