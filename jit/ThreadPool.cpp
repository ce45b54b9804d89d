#include "dfp/jit/ThreadPool.h"

namespace dfp::jit {
namespace {
thread_local bool onWorker = false;
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
  std::vector<Status> results(size_t(parts), Status::success());
  std::mutex doneMutex;
  std::condition_variable doneSignal;
  int pending = parts - 1;
  ensureWorkers(size_t(parts - 1));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int part = 1; part < parts; ++part)
      tasks_.emplace_back([&, part] {
        Status status = body(part);
        std::lock_guard<std::mutex> done(doneMutex);
        results[size_t(part)] = std::move(status);
        if (--pending == 0)
          doneSignal.notify_one();
      });
  }
  wake_.notify_all();
  results[0] = body(0);
  std::unique_lock<std::mutex> lock(doneMutex);
  doneSignal.wait(lock, [&] { return pending == 0; });
  for (Status &status : results)
    if (!status)
      return std::move(status);
  return Status::success();
}

} // namespace dfp::jit
