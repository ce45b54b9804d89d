#ifndef DFP_OPS_LIB_PARALLEL_H
#define DFP_OPS_LIB_PARALLEL_H

#include "dfp/ops/Shapes.h"

#include <functional>

namespace dfp::ops {

/// Splits [0, total) into at most options.threads contiguous ranges of at
/// least `grain` items (one range when total < 2 * grain) and runs
/// body(begin, end) on each through the jit thread pool.
void parallelRanges(const OpOptions &options, int64_t total, int64_t grain,
                    const std::function<void(int64_t, int64_t)> &body);

/// Below this many elements an element-wise op runs on the calling thread:
/// waking a worker costs more than the work.
constexpr int64_t kElementGrain = 1 << 15;

} // namespace dfp::ops

#endif // DFP_OPS_LIB_PARALLEL_H
