#ifndef DFP_BENCH_ONEDNNCONV_H
#define DFP_BENCH_ONEDNNCONV_H

#include "Contender.h"
#include "Shapes.h"

#include <memory>

namespace dfp::bench {

/// oneDNN FP32 convolution (forward training, backward data or backward
/// weights) on `threads` OpenMP threads, in the layouts oneDNN prefers
/// (format_tag::any): primitive creation and reorders are not timed.
std::unique_ptr<Contender> makeOneDnnConv(const ConvShape &shape,
                                          ConvDirection direction, int threads);

} // namespace dfp::bench

#endif // DFP_BENCH_ONEDNNCONV_H
