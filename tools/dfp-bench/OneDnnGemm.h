#ifndef DFP_BENCH_ONEDNNGEMM_H
#define DFP_BENCH_ONEDNNGEMM_H

#include "Contender.h"
#include "GemmOperands.h"

#include <memory>

namespace dfp::bench {

/// oneDNN FP32 dnnl_sgemm on `threads` OpenMP threads.
std::unique_ptr<Contender>
makeOneDnnGemm(std::shared_ptr<const GemmOperands> operands, int threads);

} // namespace dfp::bench

#endif // DFP_BENCH_ONEDNNGEMM_H
