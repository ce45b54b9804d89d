#ifndef DFP_QUANTIZE_PARALLELFOR_H
#define DFP_QUANTIZE_PARALLELFOR_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <functional>

namespace dfp::quant {

/// Runs body(task, worker) for task in [0, tasks) on `threads` workers
/// (worker in [0, threads)), handing out tasks dynamically. Returns the error
/// of the lowest-numbered failing task, so the status does not depend on
/// scheduling.
Status parallelFor(int64_t tasks, int threads,
                   const std::function<Status(int64_t task, int worker)> &body);

} // namespace dfp::quant

#endif // DFP_QUANTIZE_PARALLELFOR_H
