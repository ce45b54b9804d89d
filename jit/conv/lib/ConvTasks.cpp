#include "ConvTasks.h"

#include "ThreadPool.h"

#include <algorithm>
#include <array>

namespace dfp::conv {

Status parallelTasks(const ConvPlan &plan, int64_t count,
                     const std::function<Status(int64_t, int64_t)> &body) {
  const int threads = int(std::clamp<int64_t>(plan.options.threads, 1,
                                              std::max<int64_t>(1, count)));
  return jit::ThreadPool::global().parallelFor(threads, [&](int t) {
    return body(count * t / threads, count * (t + 1) / threads);
  });
}

} // namespace dfp::conv
