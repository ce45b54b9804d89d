#include "Parallel.h"

#include "dfp/jit/ThreadPool.h"

#include <algorithm>

namespace dfp::ops {

void parallelRanges(const OpOptions &options, int64_t total, int64_t grain,
                    const std::function<void(int64_t, int64_t)> &body) {
  if (total <= 0)
    return;
  const int64_t byGrain =
      std::max<int64_t>(1, total / std::max<int64_t>(1, grain));
  const int parts =
      int(std::clamp<int64_t>(byGrain, 1, std::max(1, options.threads)));
  if (parts == 1) {
    body(0, total);
    return;
  }
  Status status = jit::ThreadPool::global().parallelFor(parts, [&](int part) {
    const int64_t begin = total * part / parts;
    const int64_t end = total * (part + 1) / parts;
    if (begin < end)
      body(begin, end);
    return Status::success();
  });
  (void)status; // The bodies cannot fail.
}

} // namespace dfp::ops
