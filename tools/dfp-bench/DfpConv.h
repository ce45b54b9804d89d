#ifndef DFP_BENCH_DFPCONV_H
#define DFP_BENCH_DFPCONV_H

#include "Contender.h"
#include "ConvOperands.h"
#include "dfp/jit/Isa.h"

#include <memory>

namespace dfp::bench {

/// dfpc DFP16 convolution in `direction` on `operands`, the counterpart of
/// makeOneDnnConv; its output is y (NCHW), dx (NCHW) or dw (KCRS).
ContenderOrReason makeDfpConv(std::shared_ptr<const ConvOperands> operands,
                              ConvDirection direction, jit::Isa isa,
                              int threads, bool quantizeIncluded);

} // namespace dfp::bench

#endif // DFP_BENCH_DFPCONV_H
