#ifndef DFP_BENCH_ONEDNNCONV_H
#define DFP_BENCH_ONEDNNCONV_H

#include "Contender.h"
#include "ConvOperands.h"

#include <memory>

namespace dfp::bench {

/// oneDNN FP32 convolution (forward training, backward data or backward
/// weights) of `operands` on `threads` OpenMP threads, in the layouts oneDNN
/// prefers (format_tag::any): primitive creation and reorders (the inputs
/// in, the output back to NCHW / KCRS for output()) are not timed.
std::unique_ptr<Contender>
makeOneDnnConv(std::shared_ptr<const ConvOperands> operands,
               ConvDirection direction, int threads);

} // namespace dfp::bench

#endif // DFP_BENCH_ONEDNNCONV_H
