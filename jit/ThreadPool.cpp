#include "dfp/jit/ThreadPool.h"

#include <atomic>
#include <memory>

namespace dfp::jit {
namespace {
thread_local bool onWorker = false;

/// One parallelFor call. Parts are claimed from `next` by the caller and by
/// every helper task, so a caller whose helpers have not been scheduled yet
/// (a busy machine) runs the remaining parts itself instead of waiting for
/// them. Helpers that find nothing left only touch this shared state, which
/// therefore outlives the call.
struct Job {
  Job(int parts, const std::function<Status(int)> &body)
      : parts(parts), body(&body), results(size_t(parts), Status::success()) {}

  /// Runs parts until none is left.
  void work() {
    int finished = 0;
    for (int part = next++; part < parts; part = next++) {
      results[size_t(part)] = (*body)(part);
      ++finished;
    }
    if (finished == 0)
      return;
    std::lock_guard<std::mutex> lock(doneMutex);
    done += finished;
    if (done == parts)
      doneSignal.notify_one();
  }

  const int parts;
  /// Only dereferenced for a claimed part: the caller waits for all of them.
  const std::function<Status(int)> *body;
  std::vector<Status> results;
  std::atomic<int> next{0};
  std::mutex doneMutex;
  std::condition_variable doneSignal;
  int done = 0;
};
} // namespace

ThreadPool &ThreadPool::global() {
  static ThreadPool pool;
  return pool;
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread &worker : workers_)
    worker.join();
}

void ThreadPool::ensureWorkers(size_t count) {
  std::lock_guard<std::mutex> lock(mutex_);
  while (workers_.size() < count)
    workers_.emplace_back([this] { workerLoop(); });
}

void ThreadPool::workerLoop() {
  onWorker = true;
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty())
        return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

Status ThreadPool::parallelFor(int parts,
                               const std::function<Status(int)> &body) {
  if (parts <= 1 || onWorker) {
    for (int part = 0; part < parts; ++part)
      if (Status status = body(part); !status)
        return status;
    return Status::success();
  }
  auto job = std::make_shared<Job>(parts, body);
  ensureWorkers(size_t(parts - 1));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int helper = 1; helper < parts; ++helper)
      tasks_.emplace_back([job] { job->work(); });
  }
  if (parts == 2)
    wake_.notify_one();
  else
    wake_.notify_all();
  job->work();
  {
    std::unique_lock<std::mutex> lock(job->doneMutex);
    job->doneSignal.wait(lock, [&] { return job->done == parts; });
  }
  for (Status &status : job->results)
    if (!status)
      return std::move(status);
  return Status::success();
}

} // namespace dfp::jit
